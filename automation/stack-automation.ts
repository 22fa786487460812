/**
 * Typed `preview`, `up`, `refresh`, `destroy` and `outputs` for a named stack, for services that
 * manage stacks themselves (one legacy front per customer, say).
 *
 * - Config: the same {@link StackConfigInput} / {@link StackConfig} types and the same
 *   `parseStackConfig` validation as `pulumi up` (one set of types, one set of rules); a bad config
 *   fails with a {@link ConfigInvalidError} listing every issue before the CLI is started.
 * - Program: the stack program itself (`stacks/program.ts`), run inline; the typed config reaches it
 *   as the stack config values `pulumi config` would hold (`flatConfigFromInput`).
 * - Scheduling: operations on one stack run one at a time in call order, different stacks concurrently.
 * - Progress: engine events as {@link Progress}, CLI output as lines; failures as typed errors.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Issue, describeValue, isPlainObject, throwIfIssues } from "../components/validation";
import { NOT_A_CONFIG_INPUT, StackConfig, StackConfigInput, flatConfigFromInput, parseStackConfig, rawConfigFromFlat } from "../stacks/config";
import { ContentDeliveryOutputs } from "../stacks/content-delivery";
import { stackProgram } from "../stacks/program";
import { AutomationError, ConfigInvalidError, Operation, toAutomationError } from "./errors";
import { FailureCollector, LineSplitter, Progress, toProgress } from "./events";
import { KeyedQueue, processQueue } from "./queue";
import { OpMap, OperationStreams, OutputMap, PulumiFn, StackSession, StackTarget, StackWorkspace } from "./workspace";

/** The project name of `Pulumi.yaml`: the namespace of the stack config the program reads. */
export const PROJECT_NAME = "legacy-tls-front";

/**
 * The inline program every operation runs: the stack program of `pulumi up`, unchanged. Its return
 * value (the {@link ContentDeliveryOutputs}) becomes the stack outputs.
 */
export const inlineStackProgram: PulumiFn = async () => stackProgram() as unknown as Record<string, unknown>;

/** Options of {@link StackAutomation}. */
export interface StackAutomationOptions {
    /**
     * Where stacks live and how the Automation API is reached.
     * @example new PulumiWorkspace({ backendUrl: "s3://acme-pulumi-state", workDir: "/var/lib/fronts", envVars: { PULUMI_CONFIG_PASSPHRASE: passphrase } })
     */
    readonly workspace: StackWorkspace;
    /**
     * The project name (config namespace).
     * @default "legacy-tls-front"
     */
    readonly project?: string;
    /**
     * The queue serializing operations per stack. Share one across instances over the same backend.
     * @default the per-process queue
     */
    readonly queue?: KeyedQueue;
}

/** Callbacks of one operation. Both are optional; an exception thrown by one is ignored (see below). */
export interface OperationOptions {
    /** Called for every engine event that means progress (resource steps, diagnostics, the summary). */
    readonly onEvent?: (progress: Progress) => void;
    /** Called for every line the CLI prints, without the line break. */
    readonly onOutput?: (line: string, stream: "stdout" | "stderr") => void;
}

/** The stack outputs (those of {@link ContentDeliveryOutputs}, resolved). */
export type StackOutputs = { readonly [K in keyof ContentDeliveryOutputs]: pulumi.Unwrap<ContentDeliveryOutputs[K]> };

/** What an operation did. */
export interface OperationResult {
    /** The stack name. */
    readonly stack: string;
    /** The operation. */
    readonly operation: Exclude<Operation, "outputs">;
    /** Resources per kind of step (`create`, `update`, `same`, `delete`, …); a preview's are planned. */
    readonly changes: OpMap;
}

/** What `up` did, and the outputs it left. */
export interface UpResult extends OperationResult {
    /** The stack outputs after the update. */
    readonly outputs: StackOutputs;
}

/** A stack's validated config: typed (as the program will see it) and as stack config values. */
export interface ValidatedStackConfig {
    /** The typed config, defaults filled in. */
    readonly config: StackConfig;
    /** `namespace:key` → text, exactly what is written to the stack config. */
    readonly values: Readonly<Record<string, string>>;
}

// Pulumi stack names: letters, digits, "-", "_" and "."; optionally qualified by "org/" or
// "org/project/" (https://www.pulumi.com/docs/iac/concepts/stacks/). Segments start with a letter or
// digit here, which keeps "." and ".." out of the per-stack directories of PulumiWorkspace.
const STACK_NAME = /^(?:[A-Za-z0-9][A-Za-z0-9_.-]*\/){0,2}[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Checks a stack name; issues name the `stack` input. */
export function validateStackName(stack: unknown): Issue[] {
    if (typeof stack === "string" && STACK_NAME.test(stack) && stack.length <= 100) return [];
    return [
        {
            path: "stack",
            value: stack,
            problem: 'is not a stack name: letters, digits, "-", "_" and "." (starting with a letter or digit), optionally "org/" or "org/project/" before it, at most 100 characters',
        },
    ];
}

/**
 * Validates a typed config for a stack, through the very `parseStackConfig` the program runs on the
 * values it will be given. Returns the typed config and the stack config values, or every issue.
 */
export function validateStackConfig(
    project: string,
    stack: string,
    input: StackConfigInput,
): ({ issues: [] } & ValidatedStackConfig) | { issues: Issue[] } {
    // Called from JavaScript too: a stack or config of the wrong type is an issue, never a TypeError.
    const nameIssues = validateStackName(stack);
    if (!isPlainObject(input)) {
        return { issues: [...nameIssues, { path: "config", value: input, problem: NOT_A_CONFIG_INPUT }] };
    }
    // Spread into the tag map, a string or an array would become {"0": …} and pass as tags.
    const tags: unknown = input.tags;
    if (tags !== undefined && !isPlainObject(tags)) {
        return { issues: [...nameIssues, { path: "tags", value: tags, problem: "is not a map of tag names to string values" }] };
    }
    const values = flatConfigFromInput(project, input);
    // A qualified name ("org/customer-1") reaches the program as its last segment (pulumi.getStack());
    // an invalid name (already an issue) is replaced so the config is still checked.
    const shortName = nameIssues.length === 0 ? (stack.split("/").pop() ?? stack) : "invalid-stack-name";
    const parsed = parseStackConfig(rawConfigFromFlat(project, shortName, values));
    const issues = [...nameIssues, ...parsed.issues];
    if (parsed.config === undefined || issues.length > 0) return { issues };
    return { issues: [], config: parsed.config, values };
}

// Every key the stack program always exports; `kmsKeyPolicyStatementsToAdd` and, in aws-cn,
// `originAccessControlId` may be absent.
const ALWAYS_EXPORTED: readonly (keyof ContentDeliveryOutputs)[] = [
    "url",
    "urls",
    "distributionId",
    "distributionArn",
    "distributionDomainName",
    "bucketName",
    "securityPolicy",
    "mode",
];

/**
 * The typed outputs of a stack; `undefined` when it has none (never updated, or destroyed). Throws
 * when outputs exist but are not this program's.
 */
export function stackOutputsOf(stack: string, operation: Operation, map: OutputMap): StackOutputs | undefined {
    const keys = Object.keys(map);
    if (keys.length === 0) return undefined;
    const missing = ALWAYS_EXPORTED.filter((k) => !(k in map));
    if (missing.length > 0) {
        throw new AutomationError(
            `${operation} of stack "${stack}": its outputs (${keys.join(", ")}) lack ${missing.join(", ")}; was it deployed by another program?`,
            stack,
            operation,
        );
    }
    return Object.fromEntries(keys.map((k) => [k, map[k].value])) as unknown as StackOutputs;
}

// The stack as an error names it: the name, or a description of what was given instead (`5`, `null`).
function stackLabel(stack: unknown): string {
    return typeof stack === "string" ? stack : describeValue(stack);
}

/**
 * Runs the stack program's operations on named stacks of one workspace.
 *
 * @example
 * const fronts = new StackAutomation({ workspace: new PulumiWorkspace({ backendUrl: "file:///var/lib/pulumi", workDir: "/var/lib/fronts" }) });
 * const result = await fronts.up("customer-42", { region: "eu-west-1", environment: "prod", front: { mode: "signed" }, publicContent: true }, {
 *     onEvent: (p) => p.kind === "resource-done" && console.log(p.op, p.resource.type, p.resource.name),
 * });
 * console.log(result.outputs.url);
 */
export class StackAutomation {
    /** The project name (config namespace). */
    readonly project: string;
    private readonly workspace: StackWorkspace;
    private readonly queue: KeyedQueue;

    /** Throws a `ValidationError` naming `project` when it is not a Pulumi project name; starts nothing. */
    constructor(options: StackAutomationOptions) {
        const project = options.project ?? PROJECT_NAME;
        // Pulumi project names: letters, digits, "-", "_" and "." (https://www.pulumi.com/docs/iac/concepts/projects/project-file/).
        // The name is also the config namespace: a ":" or "/" in it would corrupt every config key.
        if (typeof project !== "string" || !/^[A-Za-z0-9_.-]+$/.test(project)) {
            throwIfIssues("StackAutomation options", [{ path: "project", value: project, problem: 'is not a Pulumi project name: letters, digits, "-", "_" and "."' }]);
        }
        this.workspace = options.workspace;
        this.project = project;
        this.queue = options.queue ?? processQueue;
    }

    /** Validates `config` for `stack` without running anything; throws a {@link ConfigInvalidError}. */
    validate(stack: string, config: StackConfigInput, operation: Operation = "preview"): ValidatedStackConfig {
        const result = validateStackConfig(this.project, stack, config);
        if (result.issues.length > 0 || !("config" in result)) throw new ConfigInvalidError(stackLabel(stack), operation, result.issues);
        return { config: result.config, values: result.values };
    }

    /** The changes `up` would make (creates the stack if it does not exist). */
    async preview(stack: string, config: StackConfigInput, options: OperationOptions = {}): Promise<OperationResult> {
        return this.changesOf("preview", stack, config, options);
    }

    /** Creates or updates the stack's resources (creates the stack if it does not exist). */
    async up(stack: string, config: StackConfigInput, options: OperationOptions = {}): Promise<UpResult> {
        const validated = this.validate(stack, config, "up");
        return this.run("up", stack, validated, true, options, async (session, streams) => {
            const result = await session.up(streams);
            const outputs = stackOutputsOf(stack, "up", result.outputs);
            if (!outputs) throw new AutomationError(`up of stack "${stack}": succeeded but left no outputs`, stack, "up");
            return { stack, operation: "up", changes: result.changes, outputs };
        });
    }

    /**
     * Brings the stack's state in line with the cloud. The stack must exist. `config`, when given,
     * is validated and written first (refresh reads provider settings from state, so it may be omitted).
     */
    async refresh(stack: string, config?: StackConfigInput, options: OperationOptions = {}): Promise<OperationResult> {
        return this.changesOf("refresh", stack, config, options);
    }

    /**
     * Deletes the stack's resources (the stack itself stays, empty). The stack must exist. Protected
     * resources (prod buckets and keys) make it fail with a {@link DeploymentFailedError} naming them.
     */
    async destroy(stack: string, config?: StackConfigInput, options: OperationOptions = {}): Promise<OperationResult> {
        return this.changesOf("destroy", stack, config, options);
    }

    /** The stack's outputs; `undefined` when it has none yet. The stack must exist. */
    async outputs(stack: string): Promise<StackOutputs | undefined> {
        this.validateName(stack, "outputs");
        return this.run("outputs", stack, undefined, false, {}, async (session) => stackOutputsOf(stack, "outputs", await session.outputs()));
    }

    // The operations whose result is just the changes. Only preview creates a missing stack, so only
    // preview needs a config; refresh and destroy without one check the name and keep the stack's config.
    private changesOf(
        operation: "preview" | "refresh" | "destroy",
        stack: string,
        config: StackConfigInput | undefined,
        options: OperationOptions,
    ): Promise<OperationResult> {
        const validated =
            config === undefined && operation !== "preview" ? this.validateName(stack, operation) : this.validate(stack, config as StackConfigInput, operation);
        return this.run(operation, stack, validated, operation === "preview", options, async (session, streams) => ({
            stack,
            operation,
            changes: (await session[operation](streams)).changes,
        }));
    }

    private validateName(stack: string, operation: Operation): undefined {
        const issues = validateStackName(stack);
        if (issues.length > 0) throw new ConfigInvalidError(stackLabel(stack), operation, issues);
        return undefined;
    }

    // One operation: queued behind earlier ones on the same stack, then open, write config, act;
    // whatever fails comes out as an AutomationError naming what failed.
    private run<T>(
        operation: Operation,
        stack: string,
        validated: ValidatedStackConfig | undefined,
        create: boolean,
        options: OperationOptions,
        act: (session: StackSession, streams: OperationStreams) => Promise<T>,
    ): Promise<T> {
        const key = `${this.workspace.backend}\u0000${this.project}\u0000${stack}`;
        return this.queue.run(key, async () => {
            const failures = new FailureCollector();
            const onEvent = guard(options.onEvent);
            const onOutput = guard(options.onOutput);
            const lines = {
                stdout: new LineSplitter((line) => onOutput(line, "stdout")),
                stderr: new LineSplitter((line) => onOutput(line, "stderr")),
            };
            const streams: OperationStreams = {
                onEvent: (event) => {
                    failures.observe(event);
                    const progress = toProgress(stack, event);
                    if (progress) onEvent(progress);
                },
                onOutput: (chunk, stream) => lines[stream].push(chunk),
            };
            const target: StackTarget = { project: this.project, stack, program: inlineStackProgram };
            try {
                const session = await this.workspace.open(target, { create });
                if (validated) await writeConfig(session, this.project, validated.values);
                return await act(session, streams);
            } catch (error) {
                throw toAutomationError(error, { stack, operation, failures: failures.failures() });
            } finally {
                lines.stdout.flush();
                lines.stderr.flush();
            }
        });
    }
}

/**
 * Makes the stack config exactly `values` within the project namespace: changed keys are set, keys
 * the typed config no longer has are removed (else a dropped section would live on), keys of other
 * namespaces (e.g. `aws:profile` set by an operator) are left alone. Unchanged config costs no write.
 */
export async function writeConfig(session: StackSession, project: string, values: Readonly<Record<string, string>>): Promise<void> {
    const current = await session.getConfig();
    const stale = Object.keys(current).filter((k) => k.startsWith(`${project}:`) && !(k in values));
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => current[k] !== v));
    if (stale.length > 0) await session.removeConfig(stale);
    if (Object.keys(changed).length > 0) await session.setConfig(changed);
}

// Progress callbacks are advisory: a bug in a caller's logger must not abort a half-done deployment
// (which would leave the stack locked and resources pending), so their exceptions are swallowed.
function guard<A extends unknown[]>(callback: ((...args: A) => void) | undefined): (...args: A) => void {
    return (...args: A) => {
        if (!callback) return;
        try {
            callback(...args);
        } catch {
            // Deliberately ignored; see above.
        }
    };
}

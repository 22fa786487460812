/**
 * {@link StackWorkspace} over the real Automation API: `LocalWorkspace.createOrSelectStack` with an
 * inline program, the Pulumi CLI doing the work. Needs the Pulumi CLI (3.181 or newer, for refresh
 * and destroy of inline programs) on the PATH or in `cliRoot`.
 *
 * Each stack gets its own project directory under `workDir` (`<workDir>/<stack>`), holding the
 * `Pulumi.yaml` the Automation API writes and the stack's `Pulumi.<stack>.yaml` (its config and, for
 * passphrase or KMS secrets providers, the encryption salt or key, which the backend alone does not
 * keep). Separate directories mean concurrent operations on different stacks never rewrite a file
 * another CLI process is reading. Keep `workDir` on persistent storage.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, LocalWorkspaceOptions, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { Issue, throwIfIssues } from "../components/validation";
import { OperationStreams, StackSession, StackTarget, StackWorkspace } from "./workspace";

/** Options of {@link PulumiWorkspace}. Credentials go in `envVars` or the environment, never in code. */
export interface PulumiWorkspaceOptions {
    /**
     * The state backend: `file://<dir>`, `s3://<bucket>[/prefix]`, `azblob://<container>`,
     * `gs://<bucket>`, or a Pulumi Cloud URL (`https://api.pulumi.com`).
     * @default the backend the CLI is logged in to (`PULUMI_BACKEND_URL` or `pulumi login`)
     * @example "file:///var/lib/pulumi"
     * @example "s3://acme-pulumi-state?region=eu-west-1"
     */
    readonly backendUrl?: string;
    /**
     * Secrets provider for stacks this workspace creates: `passphrase`, `default` (Pulumi Cloud), or a
     * KMS URL (`awskms://alias/pulumi?region=eu-west-1`, `azurekeyvault://…`, `gcpkms://…`, `hashivault://…`).
     * @default the backend's default (passphrase for DIY backends)
     */
    readonly secretsProvider?: string;
    /**
     * Extra environment of the CLI, e.g. `PULUMI_CONFIG_PASSPHRASE` or `PULUMI_ACCESS_TOKEN`. Values are
     * passed to the CLI process only and never logged or put in error messages.
     * @default {} (the CLI inherits this process's environment, AWS credentials included)
     */
    readonly envVars?: Readonly<Record<string, string>>;
    /**
     * Directory for the per-stack project directories (created if missing). Must persist between
     * runs: it holds each stack's `Pulumi.<stack>.yaml`.
     * @example "/var/lib/legacy-fronts"
     */
    readonly workDir: string;
    /**
     * `PULUMI_HOME` for the CLI (plugins, credentials).
     * @default the CLI's default (`~/.pulumi`)
     */
    readonly pulumiHome?: string;
    /**
     * Install root of the CLI to use (`<cliRoot>/bin/pulumi`).
     * @default `pulumi` on the PATH
     */
    readonly cliRoot?: string;
}

const BACKEND_SCHEMES = ["file", "s3", "azblob", "gs", "https", "http"] as const;
const SECRETS_PROVIDER_SCHEMES = ["awskms", "azurekeyvault", "gcpkms", "hashivault"] as const;
const PASSPHRASE_VARIABLES = ["PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE"] as const;

/**
 * Checks {@link PulumiWorkspaceOptions}; `env` is the environment the CLI will inherit. Never puts an
 * environment variable's value in an issue.
 */
export function validatePulumiWorkspaceOptions(options: PulumiWorkspaceOptions, env: NodeJS.ProcessEnv = process.env): Issue[] {
    const issues: Issue[] = [];
    const { backendUrl, secretsProvider, envVars = {}, workDir } = options;

    if (backendUrl !== undefined && !(typeof backendUrl === "string" && new RegExp(`^(${BACKEND_SCHEMES.join("|")})://.+`).test(backendUrl))) {
        issues.push({
            path: "backendUrl",
            value: backendUrl,
            problem: `is not a backend URL; allowed: ${BACKEND_SCHEMES.map((s) => `${s}://…`).join(" | ")} (https://www.pulumi.com/docs/iac/concepts/state-and-backends/)`,
        });
    }
    if (
        secretsProvider !== undefined &&
        !(
            typeof secretsProvider === "string" &&
            (secretsProvider === "passphrase" || secretsProvider === "default" || new RegExp(`^(${SECRETS_PROVIDER_SCHEMES.join("|")})://.+`).test(secretsProvider))
        )
    ) {
        issues.push({
            path: "secretsProvider",
            value: secretsProvider,
            problem: `is not a secrets provider; allowed: passphrase | default | ${SECRETS_PROVIDER_SCHEMES.map((s) => `${s}://…`).join(" | ")} (https://www.pulumi.com/docs/iac/cli/commands/pulumi_stack_init/)`,
        });
    }
    for (const [key, value] of Object.entries(envVars)) {
        if (typeof value !== "string") {
            issues.push({ path: `envVars.${key}`, value: "[not shown]", problem: "is not a string (values are not shown: they may be secrets)" });
        }
    }
    // The passphrase provider is the default of DIY backends; without a passphrase the CLI fails
    // every operation in non-interactive mode, after the stack may already have been created.
    const diyBackend = typeof backendUrl === "string" && !/^https?:\/\//.test(backendUrl);
    const usesPassphrase = secretsProvider === "passphrase" || (secretsProvider === undefined && diyBackend);
    if (usesPassphrase && !PASSPHRASE_VARIABLES.some((name) => envVars[name] !== undefined || env[name] !== undefined)) {
        issues.push({
            path: "envVars.PULUMI_CONFIG_PASSPHRASE",
            value: undefined,
            problem: `is required with the passphrase secrets provider (${secretsProvider === undefined ? "the default of DIY backends" : "secretsProvider"}); set ${PASSPHRASE_VARIABLES.join(" or ")} in envVars or the environment`,
        });
    }
    if (typeof workDir !== "string" || workDir.trim() === "") {
        issues.push({ path: "workDir", value: workDir, problem: "is not a directory path (it holds each stack's Pulumi.<stack>.yaml and must persist)" });
    }
    return issues;
}

/** The Automation API's LocalWorkspace with inline programs, per-stack directories under `workDir`. */
export class PulumiWorkspace implements StackWorkspace {
    /** The backend URL, or a marker for the CLI's current login. */
    readonly backend: string;
    private readonly options: PulumiWorkspaceOptions;
    private command?: Promise<PulumiCommand>;

    /** Validates `options` (throws a `ValidationError` naming each bad option); starts nothing. */
    constructor(options: PulumiWorkspaceOptions) {
        throwIfIssues("PulumiWorkspace options", validatePulumiWorkspaceOptions(options));
        this.options = { ...options, envVars: { ...options.envVars } };
        this.backend = options.backendUrl ?? "(the CLI's current backend)";
    }

    /** Creates or selects the stack with the inline program, in its own project directory. */
    async open(target: StackTarget, options: { create: boolean }): Promise<StackSession> {
        const workDir = path.join(path.resolve(this.options.workDir), ...target.stack.split("/"));
        // Owner-only: the stack file may hold an encrypted data key and the config.
        await fs.promises.mkdir(workDir, { recursive: true, mode: 0o700 });
        const opts: LocalWorkspaceOptions = {
            workDir,
            pulumiHome: this.options.pulumiHome,
            pulumiCommand: await this.pulumiCommand(),
            secretsProvider: this.options.secretsProvider,
            // No update check: a service should not reach out to get.pulumi.com on every operation.
            envVars: { PULUMI_SKIP_UPDATE_CHECK: "true", ...this.options.envVars },
            projectSettings: {
                name: target.project,
                runtime: "nodejs",
                ...(this.options.backendUrl ? { backend: { url: this.options.backendUrl } } : {}),
            },
        };
        const args = { stackName: target.stack, projectName: target.project, program: target.program };
        const stack = options.create ? await LocalWorkspace.createOrSelectStack(args, opts) : await LocalWorkspace.selectStack(args, opts);
        return new PulumiStackSession(stack);
    }

    // `pulumi version` once per workspace, not once per operation; a failure (no CLI yet) is not
    // cached, so installing the CLI fixes a running service.
    private pulumiCommand(): Promise<PulumiCommand> {
        if (!this.command) {
            this.command = PulumiCommand.get({ root: this.options.cliRoot });
            this.command.catch(() => {
                this.command = undefined;
            });
        }
        return this.command;
    }
}

/** One stack of the Automation API as a {@link StackSession}. */
class PulumiStackSession implements StackSession {
    constructor(private readonly stack: Stack) {}

    async getConfig(): Promise<Record<string, string>> {
        const config = await this.stack.getAllConfig();
        return Object.fromEntries(Object.entries(config).map(([key, v]) => [key, v.value]));
    }

    async setConfig(values: Readonly<Record<string, string>>): Promise<void> {
        await this.stack.setAllConfig(Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value, secret: false }])));
    }

    async removeConfig(keys: readonly string[]): Promise<void> {
        await this.stack.removeAllConfig([...keys]);
    }

    async preview(streams: OperationStreams) {
        const result = await this.stack.preview(cliOptions(streams));
        return { changes: result.changeSummary };
    }

    async up(streams: OperationStreams) {
        const result = await this.stack.up(cliOptions(streams));
        return { changes: result.summary.resourceChanges ?? {}, outputs: result.outputs };
    }

    async refresh(streams: OperationStreams) {
        const result = await this.stack.refresh(cliOptions(streams));
        return { changes: result.summary.resourceChanges ?? {} };
    }

    async destroy(streams: OperationStreams) {
        const result = await this.stack.destroy(cliOptions(streams));
        return { changes: result.summary.resourceChanges ?? {} };
    }

    outputs() {
        return this.stack.outputs();
    }
}

function cliOptions(streams: OperationStreams) {
    return {
        onEvent: streams.onEvent,
        onOutput: (chunk: string) => streams.onOutput(chunk, "stdout"),
        onError: (chunk: string) => streams.onOutput(chunk, "stderr"),
        // Plain text for logs: no ANSI colour codes in output lines or diagnostics.
        color: "never" as const,
    };
}

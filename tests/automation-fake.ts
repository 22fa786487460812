/**
 * A fake {@link StackWorkspace} for the automation tests: stacks in memory, every call logged in
 * order, operations scripted per test (events, output chunks, a gate to hold them open, an error),
 * and optionally the inline program really run under the offline engine, as `pulumi up` would run it;
 * and the small helpers the automation tests share.
 */
import type { EngineEvent, OpMap, OpType, OutputMap } from "@pulumi/pulumi/automation";
import { OperationStreams, StackSession, StackTarget, StackWorkspace } from "../automation/workspace";
import { StackConfig, parseStackConfig, rawConfigFromFlat } from "../stacks/config";
import { runOffline } from "../tools/offline/engine";
import { loadStackFiles } from "../tools/offline/stack-files";
import { PROJECT_DIR } from "./mocks";

/** The operations a session runs. */
export type FakeOperation = "preview" | "up" | "refresh" | "destroy";

/** How one operation behaves. */
export interface FakeScript {
    /** Engine events to emit, in order. */
    events?: EngineEvent[];
    /** Output chunks to emit (`stderr` chunks prefixed with "!"). */
    output?: string[];
    /** Holds the operation open until it resolves. */
    gate?: Promise<void>;
    /** Thrown after the events (and the gate). */
    error?: unknown;
    /** Returned as the changes. @default { same: 1 } */
    changes?: OpMap;
    /** Run the inline program under the offline engine; its outputs become the stack outputs. */
    offline?: boolean;
    /** Stack outputs an `up` leaves (instead of running the program). */
    outputs?: Record<string, unknown>;
}

// Internal to the Automation API (not in its .d.ts) but what it uses to classify every CLI failure.
const { createCommandError } = require("@pulumi/pulumi/automation/errors") as { createCommandError: (result: unknown) => Error };
const { CommandResult } = require("@pulumi/pulumi/automation/cmd") as {
    CommandResult: new (stdout: string, stderr: string, code: number, err?: Error) => unknown;
};

/**
 * The error the Automation API throws when the CLI exits non-zero: execa's error (message
 * `Command failed with exit code 255: <command>` and the CLI's stderr) wrapped by `exec` in
 * `@pulumi/pulumi/automation/cmd.js` and classified by its `createCommandError`.
 */
export function cliError(command: string, stderr: string): Error {
    const execaError = Object.assign(new Error(`Command failed with exit code 255: ${command}\n${stderr}`), { exitCode: 255, stderr });
    return createCommandError(new CommandResult("", execaError.message, -2, execaError));
}

/** The typed config of a checked-in stack, as parseStackConfig reads it from `Pulumi.<stack>.yaml`. */
export function typedConfigOf(stack: string): StackConfig {
    const files = loadStackFiles(PROJECT_DIR, stack);
    const parsed = parseStackConfig(rawConfigFromFlat(files.project, stack, files.config));
    if (!parsed.config) throw new Error(`Pulumi.${stack}.yaml is invalid: ${JSON.stringify(parsed.issues)}`);
    return parsed.config;
}

/** A promise resolved from outside. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
}

/** Lets queued promise callbacks and I/O run, so "what has started" is settled. */
export async function settle(rounds = 5): Promise<void> {
    for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

export class FakeWorkspace implements StackWorkspace {
    readonly backend: string;
    /** Every call, e.g. `open customer-1 create`, `start customer-1 up`, `end customer-1 up`. */
    readonly log: string[] = [];
    /** Stack name → config and outputs. */
    readonly stacks = new Map<string, { config: Record<string, string>; outputs: OutputMap }>();
    /** Every target opened, in order. */
    readonly targets: StackTarget[] = [];
    /** Most operations in flight at once, overall. */
    maxInFlight = 0;
    private inFlight = 0;
    /** Thrown by `open` when set (e.g. the CLI is missing). */
    openError?: unknown;

    constructor(
        private readonly script: (stack: string, operation: FakeOperation) => FakeScript = () => ({}),
        backend = "file:///fake-backend",
    ) {
        this.backend = backend;
    }

    async open(target: StackTarget, options: { create: boolean }): Promise<StackSession> {
        this.log.push(`open ${target.stack} ${options.create ? "create" : "select"}`);
        this.targets.push(target);
        if (this.openError) throw this.openError;
        let state = this.stacks.get(target.stack);
        if (!state) {
            if (!options.create) {
                throw cliError(`pulumi stack select --stack ${target.stack} --non-interactive`, `error: no stack named '${target.stack}' found`);
            }
            state = { config: {}, outputs: {} };
            this.stacks.set(target.stack, state);
        }
        return this.session(target, state);
    }

    private session(target: StackTarget, state: { config: Record<string, string>; outputs: OutputMap }): StackSession {
        const run = async (operation: FakeOperation, streams: OperationStreams): Promise<OpMap> => {
            const script = this.script(target.stack, operation);
            this.log.push(`start ${target.stack} ${operation}`);
            this.inFlight++;
            this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
            try {
                for (const event of script.events ?? []) streams.onEvent(event);
                for (const chunk of script.output ?? []) {
                    if (chunk.startsWith("!")) streams.onOutput(chunk.slice(1), "stderr");
                    else streams.onOutput(chunk, "stdout");
                }
                if (script.offline) {
                    const result = await runOffline(target.program, {
                        project: target.project,
                        stack: target.stack,
                        config: state.config,
                        preview: operation === "preview",
                    });
                    const events = engineEventsOf(result.resources, operation === "preview");
                    for (const event of events) streams.onEvent(event);
                    if (operation === "up") {
                        state.outputs = Object.fromEntries(Object.entries(result.outputs).map(([k, value]) => [k, { value, secret: false }]));
                    }
                }
                await script.gate;
                if (script.error !== undefined) throw script.error;
                if (operation === "up" && script.outputs) {
                    state.outputs = Object.fromEntries(Object.entries(script.outputs).map(([k, value]) => [k, { value, secret: false }]));
                }
                if (operation === "destroy") state.outputs = {};
                return script.changes ?? { same: 1 };
            } finally {
                this.inFlight--;
                this.log.push(`end ${target.stack} ${operation}`);
            }
        };
        return {
            getConfig: async () => ({ ...state.config }),
            setConfig: async (values) => {
                this.log.push(`set ${target.stack} ${Object.keys(values).sort().join(",")}`);
                Object.assign(state.config, values);
            },
            removeConfig: async (keys) => {
                this.log.push(`remove ${target.stack} ${[...keys].sort().join(",")}`);
                for (const key of keys) delete state.config[key];
            },
            preview: async (streams) => ({ changes: await run("preview", streams) }),
            up: async (streams) => {
                const changes = await run("up", streams);
                return { changes, outputs: state.outputs };
            },
            refresh: async (streams) => ({ changes: await run("refresh", streams) }),
            destroy: async (streams) => ({ changes: await run("destroy", streams) }),
            outputs: async () => state.outputs,
        };
    }
}

/**
 * The events `pulumi up` (or preview) emits for these resources, shaped as in the CLI's event log:
 * a prelude, a pre and an outputs event per resource step, and a summary.
 */
export function engineEventsOf(resources: readonly { urn: string; type: string }[], planning: boolean): EngineEvent[] {
    let sequence = 0;
    const timestamp = 1_760_000_000;
    const provider = "urn:pulumi:dev::legacy-tls-front::pulumi:providers:aws::default_7_48_0::04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const events: EngineEvent[] = [{ sequence: ++sequence, timestamp, preludeEvent: { config: {} } }];
    for (const r of resources) {
        const metadata = { op: "create" as OpType, urn: r.urn, type: r.type, provider };
        events.push({ sequence: ++sequence, timestamp, resourcePreEvent: { metadata, planning } });
        events.push({ sequence: ++sequence, timestamp, resOutputsEvent: { metadata, planning } });
    }
    events.push({
        sequence: ++sequence,
        timestamp: timestamp + 3,
        summaryEvent: { maybeCorrupt: false, durationSeconds: 3, resourceChanges: { create: resources.length }, policyPacks: {} },
    });
    return events;
}

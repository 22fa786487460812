/**
 * The seam between the typed automation module and the Pulumi Automation API.
 *
 * {@link StackAutomation} talks only to these interfaces; {@link PulumiWorkspace} implements them with
 * `LocalWorkspace` from `@pulumi/pulumi/automation`, and the tests implement them with a fake that
 * needs no CLI. Kept deliberately small: the handful of calls one operation needs, in the Automation
 * API's own vocabulary (engine events, `OpMap`, `OutputMap`), so the real implementation stays a thin
 * adapter and the fake cannot drift far from it.
 */
import type { EngineEvent, OpMap, OutputMap, PulumiFn } from "@pulumi/pulumi/automation";

export type { EngineEvent, OpMap, OutputMap, PulumiFn };

/** What to open: a stack of a project, run by an inline program. */
export interface StackTarget {
    /** Project name; also the config namespace the program reads. */
    readonly project: string;
    /** Stack name, e.g. `customer-42` or `acme/customer-42`. */
    readonly stack: string;
    /** The inline program `preview`/`up`/`refresh`/`destroy` run in this process. */
    readonly program: PulumiFn;
}

/** Streams of one operation. */
export interface OperationStreams {
    /** Every engine event, as the Automation API delivers it. */
    readonly onEvent: (event: EngineEvent) => void;
    /** CLI output as it arrives, in chunks that need not end at a line break. */
    readonly onOutput: (chunk: string, stream: "stdout" | "stderr") => void;
}

/** One opened stack. Calls on one session are never concurrent (the caller serializes them). */
export interface StackSession {
    /** Every config value of the stack, `namespace:key` → text (secrets in plain text). */
    getConfig(): Promise<Record<string, string>>;
    /** Sets plain-text config values, `namespace:key` → text; other keys are left alone. */
    setConfig(values: Readonly<Record<string, string>>): Promise<void>;
    /** Removes config keys (`namespace:key`). */
    removeConfig(keys: readonly string[]): Promise<void>;
    /** `pulumi preview`: the changes an update would make. */
    preview(streams: OperationStreams): Promise<{ changes: OpMap }>;
    /** `pulumi up`: the changes made and the stack outputs afterwards. */
    up(streams: OperationStreams): Promise<{ changes: OpMap; outputs: OutputMap }>;
    /** `pulumi refresh`: state brought in line with the cloud. */
    refresh(streams: OperationStreams): Promise<{ changes: OpMap }>;
    /** `pulumi destroy`: every resource deleted (protected ones make it fail). */
    destroy(streams: OperationStreams): Promise<{ changes: OpMap }>;
    /** The outputs of the last update (empty for a stack never updated). */
    outputs(): Promise<OutputMap>;
}

/** Where stacks live (a backend, a secrets provider, a CLI) and how to open them. */
export interface StackWorkspace {
    /**
     * Identifies the backend, e.g. its URL, so operations on the same stack of the same backend are
     * serialized even across {@link StackAutomation} instances. Never contains credentials.
     */
    readonly backend: string;
    /**
     * Opens a stack: `create: true` creates it when missing (create-or-select), `false` selects it and
     * fails with the Automation API's `StackNotFoundError` when it does not exist.
     */
    open(target: StackTarget, options: { create: boolean }): Promise<StackSession>;
}

/**
 * Typed errors of the automation module, and the mapping from what the Automation API throws.
 *
 * Catch {@link AutomationError} for everything, or a subclass for what you can act on: retry a
 * {@link ConcurrentUpdateError} later, fix the config of a {@link ConfigInvalidError}, install the CLI
 * for a {@link PulumiCliMissingError}, look at the resource a {@link DeploymentFailedError} names.
 *
 * The Automation API's own shapes (`@pulumi/pulumi/automation/errors.js`, `cmd.js`): every CLI failure
 * is a `CommandError` whose message is `code: <n>\n stdout: …\n stderr: …\n err?: …`; a `409 Conflict`
 * or a locked DIY-backend stack becomes its `ConcurrentUpdateError`, "no stack named … found" its
 * `StackNotFoundError`; a CLI that cannot be started is a `CommandError` whose `commandResult.err` is
 * the spawn error with `code: "ENOENT"`.
 */
import * as automation from "@pulumi/pulumi/automation";
import { Issue, formatIssue } from "../components/validation";
import { ResourceFailure } from "./events";

/** The operations of the module. */
export type Operation = "preview" | "up" | "refresh" | "destroy" | "outputs";

/** Where to get the Pulumi CLI. */
export const PULUMI_INSTALL_URL = "https://www.pulumi.com/docs/install/";

/** Base class of every error this module throws; `cause` holds the original error, if any. */
export class AutomationError extends Error {
    constructor(
        message: string,
        /** The stack the operation was for. */
        readonly stack: string,
        /** The operation that failed. */
        readonly operation: Operation,
        options?: ErrorOptions,
    ) {
        super(message, options);
        // Each subclass's own name (`ConcurrentUpdateError`, …), for logs and `${error.name}: …`.
        this.name = new.target.name;
    }
}

/** The typed config (or the stack name) is invalid; nothing was run. `issues` lists every problem. */
export class ConfigInvalidError extends AutomationError {
    constructor(
        stack: string,
        operation: Operation,
        /** Every problem, each naming the config key, its value and what is allowed. */
        readonly issues: readonly Issue[],
        options?: ErrorOptions,
    ) {
        super(`${operation} of stack "${stack}": config is invalid:\n${issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`, stack, operation, options);
    }
}

/** Another update of the stack is running (in another process or machine); retry later. */
export class ConcurrentUpdateError extends AutomationError {
    constructor(stack: string, operation: Operation, options?: ErrorOptions) {
        super(
            `${operation} of stack "${stack}": another update of this stack is in progress (the backend holds its lock); ` +
                "retry when it has finished, or `pulumi cancel` it if it died",
            stack,
            operation,
            options,
        );
    }
}

/** The Pulumi CLI could not be started; the Automation API drives it. */
export class PulumiCliMissingError extends AutomationError {
    /** Where to get the CLI. */
    readonly installUrl = PULUMI_INSTALL_URL;

    constructor(
        stack: string,
        operation: Operation,
        /** The command that could not be started, e.g. `pulumi`. */
        readonly command: string,
        options?: ErrorOptions,
    ) {
        super(
            `${operation} of stack "${stack}": the Pulumi CLI ("${command}") was not found; install it (${PULUMI_INSTALL_URL}) ` +
                "and put it on the PATH of this service",
            stack,
            operation,
            options,
        );
    }
}

/** The stack does not exist (`outputs` and `destroy` never create one). */
export class StackNotFoundError extends AutomationError {
    constructor(stack: string, operation: Operation, options?: ErrorOptions) {
        super(`${operation} of stack "${stack}": no such stack in this backend`, stack, operation, options);
    }
}

/** The engine ran and failed; `failures` names each resource (or the program) and why. */
export class DeploymentFailedError extends AutomationError {
    constructor(
        stack: string,
        operation: Operation,
        /** What failed, in the order the engine reported it; never empty. */
        readonly failures: readonly ResourceFailure[],
        options?: ErrorOptions,
    ) {
        const lines = failures.map((f) => {
            const step = f.op ? ` (${f.op})` : "";
            return `  - ${f.resource.type} "${f.resource.name}"${step}: ${f.message || "failed (no diagnostic; see the output)"}`;
        });
        super(`${operation} of stack "${stack}" failed:\n${lines.join("\n")}`, stack, operation, options);
    }
}

// The Automation API keeps the process result on its CommandError (marked internal, stable since 3.0).
interface CommandResultLike {
    readonly stderr?: string;
    readonly err?: { code?: unknown; path?: unknown; spawnargs?: unknown };
}

function commandResultOf(error: unknown): CommandResultLike | undefined {
    const result = (error as { commandResult?: unknown } | null)?.commandResult;
    return typeof result === "object" && result !== null ? (result as CommandResultLike) : undefined;
}

const CONFLICT = /conflict: another update is currently in progress|the stack is currently locked by/i;
const CLI_NOT_FOUND = /spawn (\S*pulumi(?:\.exe)?) ENOENT|could not find (?:the )?pulumi/i;

/**
 * Maps whatever an Automation API call threw to an {@link AutomationError}. `failures` are the failed
 * resources the operation's engine events named; they decide between a deployment failure and a
 * plain command error.
 */
export function toAutomationError(
    error: unknown,
    context: { stack: string; operation: Operation; failures?: readonly ResourceFailure[] },
): AutomationError {
    const { stack, operation } = context;
    if (error instanceof AutomationError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const options = { cause: error };

    if (error instanceof automation.ConcurrentUpdateError || CONFLICT.test(message)) {
        return new ConcurrentUpdateError(stack, operation, options);
    }
    const spawnError = commandResultOf(error)?.err;
    if (spawnError?.code === "ENOENT") {
        return new PulumiCliMissingError(stack, operation, typeof spawnError.path === "string" ? spawnError.path : "pulumi", options);
    }
    const notFound = CLI_NOT_FOUND.exec(message);
    if (notFound) return new PulumiCliMissingError(stack, operation, notFound[1] ?? "pulumi", options);
    if (error instanceof automation.StackNotFoundError) return new StackNotFoundError(stack, operation, options);
    if (context.failures && context.failures.length > 0) {
        return new DeploymentFailedError(stack, operation, context.failures, options);
    }
    return new AutomationError(`${operation} of stack "${stack}" failed: ${errorLines(error, message)}`, stack, operation, options);
}

// The CLI's own "error: …" lines say what went wrong; the rest of a CommandError message is noise.
function errorLines(error: unknown, message: string): string {
    const text = commandResultOf(error)?.stderr ?? message;
    const errors = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^error: /.test(l));
    const summary = errors.length > 0 ? [...new Set(errors)].join("; ") : text.trim().split("\n")[0] ?? "";
    return summary.length > 1000 ? `${summary.slice(0, 997)}...` : summary;
}

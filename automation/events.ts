/**
 * Engine events → a small typed progress union, the failures an operation hit, and output chunks →
 * lines. Pure and synchronous, so every mapping is tested with events shaped like the CLI's.
 *
 * Event shapes: `EngineEvent` in `@pulumi/pulumi/automation/events.d.ts` (one of `preludeEvent`,
 * `resourcePreEvent`, `resOutputsEvent`, `resOpFailedEvent`, `diagnosticEvent`, `policyEvent`,
 * `summaryEvent`, `stdoutEvent`, `cancelEvent` is set per event).
 */
import type { EngineEvent, OpMap, OpType } from "@pulumi/pulumi/automation";

/** The parts of a resource URN `urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`. */
export interface ResourceRef {
    /** The full URN. */
    readonly urn: string;
    /** The resource type, e.g. `aws:cloudfront/distribution:Distribution`. */
    readonly type: string;
    /** The logical name, e.g. `front-distribution`. */
    readonly name: string;
}

// The type of the stack resource itself; diagnostics on it are not about one cloud resource.
const STACK_RESOURCE_TYPE = "pulumi:pulumi:Stack";

/** Splits a URN; `undefined` when `urn` is not one. */
export function parseUrn(urn: string): ResourceRef | undefined {
    // Stack and project names cannot contain "::"; a resource name can, so it is everything after the type.
    const [prefix, project, qualifiedType, ...name] = urn.split("::");
    if (!prefix.startsWith("urn:pulumi:") || !project || !qualifiedType || name.length === 0) return undefined;
    // A child's type is qualified by its parents' types: `parentType$childType`.
    return { urn, type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: name.join("::") };
}

/** One step of progress, for logs and progress bars; `kind` says which. */
export type Progress = {
    /** The stack it belongs to. */
    readonly stack: string;
    /** When the engine reported it (whole seconds). */
    readonly at: Date;
} & (
    | {
          /** The operation started; the engine has its config. */
          readonly kind: "started";
      }
    | {
          /** The engine is about to act on a resource (`resource-started`) or finished that step (`resource-done`). */
          readonly kind: "resource-started" | "resource-done";
          /** What it does: `create`, `update`, `replace`, `delete`, `same`, `refresh`, … */
          readonly op: OpType;
          /** The resource. */
          readonly resource: ResourceRef;
          /** In a preview: the step is planned, nothing is done. */
          readonly planning: boolean;
      }
    | {
          /** A resource step failed; the cause comes in a `diagnostic` of severity `error`. */
          readonly kind: "resource-failed";
          /** The step that failed. */
          readonly op: OpType;
          /** The resource. */
          readonly resource: ResourceRef;
      }
    | {
          /** A message from the engine, a provider or the program, optionally about one resource. */
          readonly kind: "diagnostic";
          /** `info` includes what the program wrote to stderr. */
          readonly severity: "info" | "warning" | "error";
          /** The message, without trailing whitespace. */
          readonly message: string;
          /** The resource it is about, if any. */
          readonly resource?: ResourceRef;
      }
    | {
          /** A policy pack reported a violation. */
          readonly kind: "policy-violation";
          /** `<policy pack>/<policy>`. */
          readonly policy: string;
          /** `mandatory` violations fail the operation. */
          readonly enforcement: "warning" | "mandatory";
          /** The policy's message, without trailing whitespace. */
          readonly message: string;
          /** The resource that violates it, if any. */
          readonly resource?: ResourceRef;
      }
    | {
          /** The operation ended. */
          readonly kind: "summary";
          /** Resources per kind of step. */
          readonly changes: OpMap;
          /** How long the engine ran. */
          readonly durationSeconds: number;
          /** True when some resources may be in an unknown state (an interrupted step). */
          readonly maybeCorrupt: boolean;
      }
    | {
          /** The operation was cancelled. */
          readonly kind: "cancelled";
      }
);

/**
 * Maps one engine event to progress; `undefined` for events a caller has no use for (ephemeral
 * diagnostics that the next one overwrites, CLI stdout echoes, debugger events).
 */
export function toProgress(stack: string, event: EngineEvent): Progress | undefined {
    // The engine's timestamp is in whole seconds.
    const at = new Date(event.timestamp * 1000);
    if (event.preludeEvent) return { kind: "started", stack, at };
    // A step's start and its end carry the same metadata.
    const step = event.resourcePreEvent ?? event.resOutputsEvent;
    if (step) {
        const m = step.metadata;
        const kind = event.resourcePreEvent ? "resource-started" : "resource-done";
        return { kind, stack, at, op: m.op, resource: resourceOf(m.urn, m.type), planning: Boolean(step.planning) };
    }
    if (event.resOpFailedEvent) {
        const m = event.resOpFailedEvent.metadata;
        return { kind: "resource-failed", stack, at, op: m.op, resource: resourceOf(m.urn, m.type) };
    }
    if (event.diagnosticEvent) {
        const d = event.diagnosticEvent;
        if (d.ephemeral) return undefined;
        return {
            kind: "diagnostic",
            stack,
            at,
            // "info#err" is informational text the program wrote to stderr.
            severity: d.severity === "info#err" ? "info" : d.severity,
            message: d.message.trimEnd(),
            ...(d.urn ? { resource: resourceOf(d.urn) } : {}),
        };
    }
    if (event.policyEvent) {
        const p = event.policyEvent;
        return {
            kind: "policy-violation",
            stack,
            at,
            policy: `${p.policyPackName}/${p.policyName}`,
            enforcement: p.enforcementLevel,
            message: p.message.trimEnd(),
            ...(p.resourceUrn ? { resource: resourceOf(p.resourceUrn) } : {}),
        };
    }
    if (event.summaryEvent) {
        const s = event.summaryEvent;
        return { kind: "summary", stack, at, changes: s.resourceChanges ?? {}, durationSeconds: s.durationSeconds, maybeCorrupt: s.maybeCorrupt };
    }
    if (event.cancelEvent) return { kind: "cancelled", stack, at };
    return undefined;
}

function resourceOf(urn: string, type?: string): ResourceRef {
    const parsed = parseUrn(urn);
    // Metadata carries the type; a URN that does not parse still names something useful.
    return { urn, type: type ?? parsed?.type ?? "(unknown type)", name: parsed?.name ?? urn };
}

/** A resource (or the program itself) that made an operation fail, and why. */
export interface ResourceFailure {
    /** The resource, or the stack resource (`pulumi:pulumi:Stack`) when the program itself failed. */
    readonly resource: ResourceRef;
    /** The failed step (`create`, `update`, …) when the engine reported one. */
    readonly op?: OpType;
    /** The error diagnostics about it, joined; empty when the engine gave none. */
    readonly message: string;
}

/**
 * Watches an operation's events and names what failed: every resource with a failed step or an
 * error diagnostic, in the order the engine reported them. Diagnostics on the stack resource (e.g.
 * "update failed", or a program exception) are kept too but listed only when no resource failed,
 * since they only repeat that something did.
 */
export class FailureCollector {
    private readonly byUrn = new Map<string, { resource: ResourceRef; op?: OpType; messages: string[] }>();

    /** Feeds one engine event. */
    observe(event: EngineEvent): void {
        if (event.resOpFailedEvent) {
            const m = event.resOpFailedEvent.metadata;
            const entry = this.entry(m.urn, m.type);
            entry.op = m.op;
        } else if (event.diagnosticEvent?.severity === "error" && event.diagnosticEvent.urn) {
            const message = event.diagnosticEvent.message.trim();
            const entry = this.entry(event.diagnosticEvent.urn);
            if (message && !entry.messages.includes(message)) entry.messages.push(message);
        }
    }

    /** What failed so far. */
    failures(): ResourceFailure[] {
        const all = [...this.byUrn.values()].map((e) => ({
            resource: e.resource,
            ...(e.op ? { op: e.op } : {}),
            message: e.messages.join("\n"),
        }));
        const resources = all.filter((f) => f.resource.type !== STACK_RESOURCE_TYPE);
        return resources.length > 0 ? resources : all;
    }

    private entry(urn: string, type?: string) {
        let entry = this.byUrn.get(urn);
        if (!entry) {
            entry = { resource: resourceOf(urn, type), messages: [] };
            this.byUrn.set(urn, entry);
        } else if (type && entry.resource.type !== type) {
            entry.resource = { ...entry.resource, type };
        }
        return entry;
    }
}

/**
 * Turns output chunks into whole lines: `push` calls `onLine` for every complete line (without its
 * `\n` or `\r\n`), `flush` for the rest. The CLI writes in chunks that split lines anywhere.
 *
 * Linear in the output: each chunk is scanned once, from where the last line ended, and the pieces of
 * a line that spans chunks are joined once, when it ends (a 20 MB line in 16 KB chunks takes
 * milliseconds, not the quadratic seconds of re-splitting a growing buffer).
 */
export class LineSplitter {
    // The pieces of the line not yet ended, one per chunk it spans.
    private pieces: string[] = [];

    constructor(private readonly onLine: (line: string) => void) {}

    /** Adds a chunk. */
    push(chunk: string): void {
        let start = 0;
        for (let nl = chunk.indexOf("\n"); nl !== -1; nl = chunk.indexOf("\n", start)) {
            let line = chunk.slice(start, nl);
            if (this.pieces.length > 0) {
                this.pieces.push(line);
                line = this.pieces.join("");
                this.pieces = [];
            }
            // A "\r" ending the previous chunk belongs to this line break: only now is it known to.
            if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
            start = nl + 1;
            this.onLine(line);
        }
        if (start < chunk.length) this.pieces.push(start === 0 ? chunk : chunk.slice(start));
    }

    /** Emits what is left after the last line break, if anything. */
    flush(): void {
        const rest = this.pieces.join("");
        this.pieces = [];
        if (rest.length > 0) this.onLine(rest);
    }
}

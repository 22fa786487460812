/**
 * The guardrail rules of the policy pack (`policy/rules.ts`) run against an offline plan: an adapter
 * from the offline engine's recorded resources to the rules' neutral {@link PolicySubject}, and the
 * text the plan prints. Same rules as `pulumi preview --policy-pack policy`, no Pulumi CLI needed.
 */
import * as pulumi from "@pulumi/pulumi";
import { GUARDRAIL_RULES, PolicySubject, UNKNOWN, Violation, evaluateRules } from "../../policy/rules";
import { OfflineRun, RecordedResource, regionOf } from "../offline/engine";

// Values unknown during a preview (deserialized as Pulumi's `unknown`) become the rules' UNKNOWN.
function withUnknowns(value: unknown): unknown {
    // The engine's wire sentinel too, in case one survives deserialization.
    if (value === pulumi.runtime.unknownValue || pulumi.isUnknown(value)) return UNKNOWN;
    if (Array.isArray(value)) return value.map(withUnknowns);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(v)]));
    }
    return value;
}

/**
 * The resources of a run as the rules see them: every custom resource the program creates (reads
 * with `.get` are not created, so the guardrails do not judge them; providers are not cloud resources).
 * Resource options are exact here, `retainOnDelete` included.
 */
export function subjectsOfRun(run: OfflineRun): PolicySubject[] {
    return run.resources
        .filter((r) => r.custom && !r.readId && !r.type.startsWith("pulumi:providers:"))
        .map((r: RecordedResource) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            inputs: withUnknowns(r.inputs) as Record<string, unknown>,
            state: withUnknowns({ ...r.inputs, ...r.outputs }) as Record<string, unknown>,
            options: { protect: r.protect, retainOnDelete: r.retainOnDelete },
            providerRegion: regionOf(r, run.resources, run.region),
            stack: run.stack,
            propertyDependencies: r.propertyDependencies,
        }));
}

/** Runs every guardrail rule against a run. */
export function checkRun(run: OfflineRun): Violation[] {
    return evaluateRules(subjectsOfRun(run));
}

/** True when any violation is mandatory (the plan then exits 1). */
export function hasMandatory(violations: readonly Violation[]): boolean {
    return violations.some((v) => v.enforcementLevel === "mandatory");
}

/** The plan's "Guardrails" section: a one-line pass, or one line per violation. */
export function renderGuardrails(violations: readonly Violation[]): string {
    if (violations.length === 0) {
        return `Guardrails: ${GUARDRAIL_RULES.length} policies of policy/ (the pulumi policy pack), no violations.`;
    }
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    return [
        `Guardrails: ${violations.length} violation(s) of the policies in policy/ (${mandatory} mandatory, ${violations.length - mandatory} advisory):`,
        ...violations.map((v) => `  [${v.enforcementLevel}] ${v.rule}: ${v.type} "${v.name}" ${v.message}`),
    ].join("\n");
}

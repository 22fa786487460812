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

/** Type of the resource that generates a key pair and keeps the private key in its (Pulumi) state. */
const TLS_PRIVATE_KEY = "tls:index/privateKey:PrivateKey";

/**
 * Advisories of the plan: what is allowed but should not go to production unnoticed, one line each,
 * printed after the resource tree. Not guardrail rules: nothing fails on them, and the policy pack
 * cannot see them (a policy sees resources, not what a state backup would hold).
 *
 * - A generated private key (`tls.PrivateKey`, SignedContentKeys without `publicKeyPem`) lives in the
 *   Pulumi state, encrypted as a secret, and in every export and backup of it.
 */
export function planAdvisories(run: OfflineRun): string[] {
    return run.resources
        .filter((r) => r.type === TLS_PRIVATE_KEY && !r.readId)
        .map(
            (r) =>
                `${r.type} "${r.name}" keeps the CloudFront signing private key in the Pulumi state (encrypted, and in every state export and backup) ` +
                "as well as in Secrets Manager; for prod, make the key pair outside Pulumi and give its public half as signing.publicKeyPem " +
                "(SignedContentKeys publicKeyPem, with existingPrivateKeySecretArn for the secret you keep it in)",
        );
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

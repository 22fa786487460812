/**
 * The guardrail rules as `@pulumi/policy` policies: one `ResourceValidationPolicy` or
 * `StackValidationPolicy` per rule of `./rules`, with an adapter from what the Pulumi engine passes
 * (`ResourceValidationArgs`, `PolicyResource`) to the rules' neutral {@link PolicySubject}.
 *
 * Kept apart from `index.ts` because constructing a `PolicyPack` starts the analyzer's gRPC server:
 * tests import this module, only the Pulumi CLI runs `index.ts`.
 */
import {
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
    UnknownValueError,
} from "@pulumi/policy";
import { GUARDRAIL_RULES, GuardrailRule, PolicySubject, UNKNOWN } from "./rules";

/** Name of the policy pack, as `pulumi preview` reports it. */
export const POLICY_PACK_NAME = "legacy-tls-guardrails";

/**
 * Copies engine properties into plain values. `@pulumi/policy` wraps them in a proxy that throws
 * `UnknownValueError` when a value unknown during preview is read; each such value becomes
 * {@link UNKNOWN} so the rules can skip it instead of the whole policy failing.
 */
export function toPlain(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) out.push(readProperty(value, i));
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = readProperty(value as Record<string, unknown>, key);
    return out;
}

function readProperty(container: any, key: string | number): unknown {
    try {
        return toPlain(container[key]);
    } catch (e) {
        if (e instanceof UnknownValueError) return UNKNOWN;
        throw e;
    }
}

/** Stack name from a URN (`urn:pulumi:STACK::PROJECT::TYPE::NAME`). */
export function stackOfUrn(urn: string): string {
    return urn.split("::")[0].split(":")[2] ?? "";
}

function regionOfProvider(provider: PolicyProviderResource | undefined): string | undefined {
    if (!provider) return undefined;
    const region = readProperty(provider.props, "region");
    return typeof region === "string" ? region : undefined;
}

// `@pulumi/policy` exposes `protect` but not `retainOnDelete`: leave the latter undefined ("cannot tell").
function optionsOf(opts: PolicyResourceOptions): PolicySubject["options"] {
    return { protect: opts.protect };
}

/** The subject of a resource policy, from the arguments the engine passes before a resource is created. */
export function subjectOfResourceArgs(args: ResourceValidationArgs): PolicySubject {
    const inputs = toPlain(args.props) as Record<string, unknown>;
    return {
        type: args.type,
        name: args.name,
        urn: args.urn,
        inputs,
        options: optionsOf(args.opts),
        providerRegion: regionOfProvider(args.provider),
        stack: stackOfUrn(args.urn),
    };
}

/** The subject of a stack policy, from one resource of the stack (its properties are its state). */
export function subjectOfPolicyResource(resource: PolicyResource): PolicySubject {
    const props = toPlain(resource.props) as Record<string, unknown>;
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(resource.propertyDependencies ?? {})) propertyDependencies[key] = deps.map((d) => d.urn);
    return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        inputs: props,
        state: props,
        options: optionsOf(resource.opts),
        providerRegion: regionOfProvider(resource.provider),
        stack: stackOfUrn(resource.urn),
        propertyDependencies,
    };
}

/** The `@pulumi/policy` policy that runs one rule. */
export function policyOfRule(rule: GuardrailRule): ResourceValidationPolicy | StackValidationPolicy {
    const common = { name: rule.name, description: rule.description, enforcementLevel: rule.enforcementLevel };
    if (rule.kind === "stack") {
        return {
            ...common,
            validateStack: (args, reportViolation) => {
                const subjects = args.resources.map(subjectOfPolicyResource);
                for (const finding of rule.check(subjects)) {
                    reportViolation(`${finding.subject.type} "${finding.subject.name}" ${finding.message}`, finding.subject.urn);
                }
            },
        };
    }
    return {
        ...common,
        validateResource: (args, reportViolation) => {
            if (!rule.types.includes(args.type)) return;
            for (const message of rule.check(subjectOfResourceArgs(args))) reportViolation(message);
        },
    };
}

/** Every guardrail as a policy, in rule order. */
export const guardrailPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = GUARDRAIL_RULES.map(policyOfRule);

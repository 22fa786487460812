/**
 * The guardrail rules, as pure functions over a small neutral resource shape ({@link PolicySubject}).
 *
 * Two adapters feed them: the `@pulumi/policy` pack (`policy/policies.ts`, from `ResourceValidationArgs`
 * and `StackValidationArgs`, for `pulumi preview --policy-pack policy`) and the offline plan
 * (`tools/plan/guardrails.ts`, from the offline engine's recorded resources). Both therefore enforce
 * exactly the same thing, and the tests exercise the rules without either engine.
 *
 * A value that is not known yet (an output during a preview) is {@link UNKNOWN}; a rule never reports a
 * violation it cannot prove from known values, so a preview does not fail on what only `up` can decide.
 */
import {
    CLOUDFRONT_CONTROL_REGION,
    CLOUDFRONT_SERVICE_PRINCIPAL,
    DEFAULT_CERTIFICATE_POLICY,
    LEGACY_TLS_TAG,
    SECURITY_POLICY_NAMES,
    SecurityPolicy,
    isLegacyPolicy,
} from "../components/cloudfront-facts";
import { isPlainObject } from "../components/validation";
import { DIRECTORY_INDEX_FUNCTION_ARN } from "../shared/directory-index";

/** Marks a value that is not known yet (a computed output during a preview). */
export const UNKNOWN: unique symbol = Symbol.for("legacy-tls-guardrails.unknown");

/** True for {@link UNKNOWN}. */
export function isUnknown(value: unknown): value is typeof UNKNOWN {
    return value === UNKNOWN;
}

/**
 * Tag a Lambda function carries when it is meant for Lambda@Edge, so the edge rules apply to it even
 * before a distribution references it. Functions a distribution associates are checked either way.
 */
export const LAMBDA_EDGE_TAG = "lambda-edge";

/**
 * The environment a stack counts as production in: stack name `prod`, or this value in the
 * `environment` tag (the stack config adds that tag to every taggable resource).
 */
export const PROD_ENVIRONMENT = "prod";

/** Resource type tokens the rules look at. */
export const ResourceType = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    accountPublicAccessBlock: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    distribution: "aws:cloudfront/distribution:Distribution",
    originAccessControl: "aws:cloudfront/originAccessControl:OriginAccessControl",
    lambdaFunction: "aws:lambda/function:Function",
} as const;

const BUCKET_TYPES: readonly string[] = [ResourceType.bucket, ResourceType.bucketV2];

/** One resource as the rules see it, whichever engine it came from. */
export interface PolicySubject {
    /** Pulumi type token, e.g. `aws:s3/bucket:Bucket`. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** URN, when the engine gives one. */
    readonly urn?: string;
    /** Inputs as the program declared them; values not known yet are {@link UNKNOWN}. */
    readonly inputs: Readonly<Record<string, unknown>>;
    /**
     * Properties after creation (inputs plus computed outputs, e.g. an auto-generated bucket name),
     * when known; stack-level rules read these first.
     * @default the inputs
     */
    readonly state?: Readonly<Record<string, unknown>>;
    /**
     * Resource options. `undefined` means the engine does not say: `@pulumi/policy` shows `protect`
     * but not `retainOnDelete`.
     */
    readonly options: { readonly protect?: boolean; readonly retainOnDelete?: boolean };
    /** Region of the resource's provider; `undefined` when it cannot be told. */
    readonly providerRegion?: string;
    /** Stack name. */
    readonly stack: string;
    /** For each input, the URNs of the resources its value depends on. @default {} */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** How a violation is treated: `mandatory` fails the preview/plan, `advisory` only prints. */
export type EnforcementLevel = "mandatory" | "advisory";

/** What every rule has. */
export interface RuleBase {
    /** Policy name, kebab-case, unique in the pack. */
    readonly name: string;
    /** What the rule requires and why, for the pack's listing. */
    readonly description: string;
    /** `mandatory` for every rule here: each guards against data exposure or loss. */
    readonly enforcementLevel: EnforcementLevel;
}

/** A rule that judges one resource of given types; returns one message per violation. */
export interface ResourceRule extends RuleBase {
    /** Runs as a `ResourceValidationPolicy`: before each resource is created or updated. */
    readonly kind: "resource";
    /** The types the rule applies to. */
    readonly types: readonly string[];
    /** The violations of one resource, as messages that follow its type and name. */
    readonly check: (subject: PolicySubject) => string[];
}

/** A violation a stack-level rule attributes to one resource. */
export interface StackFinding {
    /** The resource at fault. */
    readonly subject: PolicySubject;
    /** What is wrong, following the resource's type and name. */
    readonly message: string;
}

/** A rule that needs the whole stack (e.g. "every bucket has a public access block"). */
export interface StackRule extends RuleBase {
    /** Runs as a `StackValidationPolicy`: once, over every resource of the stack. */
    readonly kind: "stack";
    /** The violations found among all resources. */
    readonly check: (subjects: readonly PolicySubject[]) => StackFinding[];
}

/** A guardrail rule. */
export type GuardrailRule = ResourceRule | StackRule;

/** One violation, attributed to a resource. */
export interface Violation {
    /** The rule's name. */
    readonly rule: string;
    /** The rule's enforcement level. */
    readonly enforcementLevel: EnforcementLevel;
    /** Type of the resource at fault. */
    readonly type: string;
    /** Logical name of the resource at fault. */
    readonly name: string;
    /** Its URN, when known. */
    readonly urn?: string;
    /** What is wrong and what is allowed. */
    readonly message: string;
}

// ---------------------------------------------------------------------------------------------
// Small readers over loosely typed inputs.

type Dict = Record<string, unknown>;

const isDict: (value: unknown) => value is Dict = isPlainObject;

function list(value: unknown): unknown[] {
    if (value === undefined || value === null || isUnknown(value)) return [];
    return Array.isArray(value) ? value : [value];
}

function stateOf(subject: PolicySubject): Readonly<Dict> {
    return subject.state ?? subject.inputs;
}

function tagOf(subject: PolicySubject, key: string): unknown {
    const tags = subject.inputs.tags;
    if (isUnknown(tags)) return UNKNOWN;
    return isDict(tags) ? tags[key] : undefined;
}

function describeValue(value: unknown): string {
    return value === undefined ? "unset" : JSON.stringify(value);
}

// IAM matches condition keys and operators case-insensitively; the values compare as given.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
function conditionValues(statement: Dict, operators: readonly string[], key: string): unknown[] | undefined {
    const condition = statement.Condition;
    if (!isDict(condition)) return undefined;
    let found: unknown[] | undefined;
    for (const [operator, block] of Object.entries(condition)) {
        if (!operators.some((o) => o.toLowerCase() === operator.toLowerCase()) || !isDict(block)) continue;
        for (const [k, v] of Object.entries(block)) {
            if (k.toLowerCase() === key.toLowerCase()) found = [...(found ?? []), ...list(v)];
        }
    }
    return found;
}

/** A parsed policy document, `"unknown"` while it is not known, or the reason it cannot be read. */
type ParsedPolicy = { statements: Dict[] } | "unknown" | { error: string };

function parsePolicy(policy: unknown): ParsedPolicy {
    if (isUnknown(policy)) return "unknown";
    let document: unknown = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        } catch {
            return { error: "is not valid JSON" };
        }
    }
    if (!isDict(document)) return { error: "is not a policy document (an object with Statement)" };
    const statements = list(document.Statement);
    if (statements.some(isUnknown)) return "unknown";
    return { statements: statements.filter(isDict) };
}

function principalIsEveryone(principal: unknown): boolean {
    if (principal === "*") return true;
    return isDict(principal) && list(principal.AWS).includes("*");
}

function actionCoversAllS3(action: unknown): boolean {
    return list(action).some((a) => a === "*" || (typeof a === "string" && a.toLowerCase() === "s3:*"));
}

// ---------------------------------------------------------------------------------------------
// Rule 1: S3 buckets block public access.

const PUBLIC_ACCESS_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** Settings of a public access block (bucket or account) that are known and not `true`. */
function publicAccessSettingsOff(subject: PolicySubject): string[] {
    return PUBLIC_ACCESS_SETTINGS.filter((key) => {
        const value = subject.inputs[key];
        return !isUnknown(value) && value !== true;
    });
}

/** A `BucketPublicAccessBlock` must turn on all four settings. */
export function checkPublicAccessBlockAllOn(subject: PolicySubject): string[] {
    const off = publicAccessSettingsOff(subject);
    if (off.length === 0) return [];
    return [
        `${off.map((k) => `${k} is ${describeValue(subject.inputs[k])}`).join(", ")}; ` +
            `all four settings (${PUBLIC_ACCESS_SETTINGS.join(", ")}) must be true`,
    ];
}

/**
 * Every bucket the stack creates has a public access block that refers to it (by dependency or by
 * name), unless the stack turns on all four settings for the whole account.
 */
export function checkBucketsHavePublicAccessBlock(subjects: readonly PolicySubject[]): StackFinding[] {
    const accountWide = subjects.some(
        (s) => s.type === ResourceType.accountPublicAccessBlock && publicAccessSettingsOff(s).length === 0,
    );
    if (accountWide) return [];
    const blocks = subjects.filter((s) => s.type === ResourceType.publicAccessBlock);
    return subjects
        .filter((s) => BUCKET_TYPES.includes(s.type))
        .filter((bucket) => !blocks.some((block) => refersTo(block, "bucket", bucket)))
        .map((bucket) => ({
            subject: bucket,
            message:
                "has no BucketPublicAccessBlock; add one with blockPublicAcls, blockPublicPolicy, " +
                "ignorePublicAcls and restrictPublicBuckets all true",
        }));
}

// True when `from`'s input `key` is `target`: by dependency (works while names are unknown) or by
// the target's name or ID.
function refersTo(from: PolicySubject, key: string, target: PolicySubject): boolean {
    if (target.urn && (from.propertyDependencies?.[key] ?? []).includes(target.urn)) return true;
    const value = stateOf(from)[key] ?? from.inputs[key];
    if (typeof value !== "string") return false;
    const targetState = stateOf(target);
    return [targetState.bucket, targetState.id, target.inputs.bucket].some((v) => typeof v === "string" && v === value);
}

// ---------------------------------------------------------------------------------------------
// Rule 2: bucket policies deny requests without TLS.

/** A bucket policy must deny every S3 action to everyone when `aws:SecureTransport` is false. */
export function checkBucketPolicyDeniesInsecureTransport(subject: PolicySubject): string[] {
    const parsed = parsePolicy(subject.inputs.policy);
    if (parsed === "unknown") return [];
    if ("error" in parsed) return [`policy ${parsed.error}`];
    const denies = parsed.statements.some(
        (s) =>
            s.Effect === "Deny" &&
            principalIsEveryone(s.Principal) &&
            actionCoversAllS3(s.Action) &&
            (conditionValues(s, ["Bool", "BoolIfExists"], "aws:SecureTransport") ?? []).some((v) => v === "false" || v === false),
    );
    return denies
        ? []
        : [
              'has no statement denying requests without TLS: add Effect "Deny", Principal "*", Action "s3:*", ' +
                  'Condition {"Bool": {"aws:SecureTransport": "false"}}',
          ];
}

// ---------------------------------------------------------------------------------------------
// Rule 3: no plain-HTTP viewers.

interface Behavior {
    readonly label: string;
    readonly value: Dict;
}

function behaviorsOf(distribution: PolicySubject): Behavior[] {
    const behaviors: Behavior[] = [];
    const main = distribution.inputs.defaultCacheBehavior;
    if (isDict(main)) behaviors.push({ label: "defaultCacheBehavior", value: main });
    list(distribution.inputs.orderedCacheBehaviors).forEach((b, i) => {
        if (isDict(b)) behaviors.push({ label: `orderedCacheBehaviors[${i}] (${String(b.pathPattern)})`, value: b });
    });
    return behaviors;
}

/** No cache behavior of a distribution may use viewer protocol policy `allow-all`. */
export function checkNoPlainHttpViewers(subject: PolicySubject): string[] {
    return behaviorsOf(subject)
        .filter((b) => b.value.viewerProtocolPolicy === "allow-all")
        .map(
            (b) =>
                `${b.label}.viewerProtocolPolicy is "allow-all", which serves content over plain HTTP; ` +
                'allowed: "redirect-to-https" | "https-only"',
        );
}

// ---------------------------------------------------------------------------------------------
// Rule 4: S3 origins use origin access control; CloudFront grants are scoped by AWS:SourceArn.

// REST endpoints: BUCKET.s3.amazonaws.com, BUCKET.s3.REGION.amazonaws.com, BUCKET.s3-REGION.amazonaws.com
// (and .com.cn); website endpoints contain s3-website.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html
const S3_ENDPOINT = /\.s3([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;
const S3_WEBSITE_ENDPOINT = /\.s3-website[.-][a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

function nonEmpty(value: unknown): boolean {
    return isUnknown(value) || (typeof value === "string" && value.length > 0);
}

/**
 * Every S3 origin of a distribution uses origin access control. An origin access identity is accepted
 * only in `aws-cn`, which has no OAC; an S3 website endpoint is refused (it is public and HTTP-only).
 */
export function checkS3OriginsUseOac(subject: PolicySubject): string[] {
    const messages: string[] = [];
    list(subject.inputs.origins).forEach((origin, i) => {
        if (!isDict(origin) || typeof origin.domainName !== "string") return;
        const domain = origin.domainName;
        const label = `origins[${i}] (${domain})`;
        if (S3_WEBSITE_ENDPOINT.test(domain)) {
            messages.push(`${label} is an S3 website endpoint, which only serves a public bucket over HTTP; use the bucket's REST endpoint with origin access control`);
            return;
        }
        if (!S3_ENDPOINT.test(domain)) return;
        if (nonEmpty(origin.originAccessControlId)) return;
        const cn = domain.endsWith(".amazonaws.com.cn") || (subject.providerRegion ?? "").startsWith("cn-");
        const s3OriginConfig = origin.s3OriginConfig;
        const identity = isDict(s3OriginConfig) ? s3OriginConfig.originAccessIdentity : undefined;
        if (nonEmpty(identity)) {
            if (!cn) messages.push(`${label} uses an origin access identity; use origin access control (identities are only allowed in aws-cn, which has no OAC)`);
            return;
        }
        messages.push(`${label} is an S3 bucket reached without origin access control, so the bucket would have to be public; set originAccessControlId`);
    });
    return messages;
}

const SOURCE_ARN_OPERATORS = ["StringEquals", "StringLike", "ArnEquals", "ArnLike"] as const;

/**
 * Every bucket policy statement that allows the CloudFront service principal is scoped by
 * `AWS:SourceArn` to named distributions (no wildcards): otherwise any distribution, in any account,
 * could read the bucket through origin access control.
 */
export function checkCloudFrontGrantsScoped(subject: PolicySubject): string[] {
    const parsed = parsePolicy(subject.inputs.policy);
    if (parsed === "unknown" || "error" in parsed) return [];
    const messages: string[] = [];
    parsed.statements.forEach((s, i) => {
        const principal = s.Principal;
        if (s.Effect !== "Allow" || !isDict(principal) || !list(principal.Service).includes(CLOUDFRONT_SERVICE_PRINCIPAL)) return;
        const label = `statement ${typeof s.Sid === "string" ? s.Sid : `#${i}`}`;
        const arns = conditionValues(s, SOURCE_ARN_OPERATORS, "AWS:SourceArn");
        if (arns === undefined || arns.length === 0) {
            messages.push(`${label} allows ${CLOUDFRONT_SERVICE_PRINCIPAL} without an AWS:SourceArn condition; name the distribution ARN(s) in StringEquals`);
        } else if (arns.some((a) => typeof a !== "string" || a.includes("*") || a.includes("?"))) {
            messages.push(`${label} scopes AWS:SourceArn with a wildcard (${arns.map(describeValue).join(", ")}); name each distribution ARN`);
        }
    });
    return messages;
}

// ---------------------------------------------------------------------------------------------
// Rule 5: legacy TLS only on distributions marked legacy.

/**
 * The viewer security policy CloudFront applies, from the distribution's inputs: the default
 * `*.cloudfront.net` certificate always means TLSv1; otherwise `minimumProtocolVersion`, whose
 * provider default is TLSv1. `UNKNOWN` while not known.
 */
export function effectiveSecurityPolicy(subject: PolicySubject): string | typeof UNKNOWN {
    const certificate = subject.inputs.viewerCertificate;
    if (isUnknown(certificate)) return UNKNOWN;
    if (isDefaultCertificate(subject)) return DEFAULT_CERTIFICATE_POLICY;
    const version = (certificate as Dict).minimumProtocolVersion;
    if (isUnknown(version)) return UNKNOWN;
    // The provider's default when unset (see the `minimumProtocolVersion` docs of aws.cloudfront.Distribution).
    return typeof version === "string" ? version : "TLSv1";
}

/**
 * A distribution whose security policy admits TLS below 1.2 must carry the tag
 * `legacy-tls` = `true` ({@link LEGACY_TLS_TAG}), which `LegacyTlsFront` sets itself.
 */
export function checkLegacyTlsMarked(subject: PolicySubject): string[] {
    const policy = effectiveSecurityPolicy(subject);
    if (isUnknown(policy)) return [];
    if (!(SECURITY_POLICY_NAMES as readonly string[]).includes(policy)) {
        return [`viewer security policy ${JSON.stringify(policy)} is not one of ${SECURITY_POLICY_NAMES.join(" | ")}`];
    }
    if (!isLegacyPolicy(policy as SecurityPolicy)) return [];
    const tag = tagOf(subject, LEGACY_TLS_TAG);
    if (isUnknown(tag) || tag === "true") return [];
    const why = policy === DEFAULT_CERTIFICATE_POLICY && isDefaultCertificate(subject) ? " (the default *.cloudfront.net certificate always uses it)" : "";
    return [
        `admits TLS below 1.2 with security policy ${policy}${why} but is not tagged ${LEGACY_TLS_TAG}=true ` +
            `(tag is ${describeValue(tag)}); mark deliberate legacy fronts, or use TLSv1.2_2021 with a custom certificate`,
    ];
}

function isDefaultCertificate(subject: PolicySubject): boolean {
    const certificate = subject.inputs.viewerCertificate;
    return !isDict(certificate) || certificate.cloudfrontDefaultCertificate === true;
}

// ---------------------------------------------------------------------------------------------
// Rule 6: Lambda@Edge functions are in us-east-1, published, without environment variables.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html

/** The region a function is managed in: its own `region` input (provider v7) or its provider's. */
function regionOfSubject(subject: PolicySubject): string | undefined {
    const own = subject.inputs.region;
    return typeof own === "string" ? own : subject.providerRegion;
}

/** Checks one function meant for Lambda@Edge; `why` says how it was identified as one. */
export function checkEdgeFunction(subject: PolicySubject, why: string): string[] {
    const messages: string[] = [];
    const region = regionOfSubject(subject);
    if (region !== undefined && region !== CLOUDFRONT_CONTROL_REGION) {
        messages.push(`is a Lambda@Edge function (${why}) in ${region}; Lambda@Edge functions must be created in ${CLOUDFRONT_CONTROL_REGION}`);
    }
    const publish = subject.inputs.publish;
    if (!isUnknown(publish) && publish !== true) {
        messages.push(`is a Lambda@Edge function (${why}) with publish ${describeValue(publish)}; CloudFront needs a numbered version, set publish: true`);
    }
    const environment = subject.inputs.environment;
    const variables = isDict(environment) ? environment.variables : undefined;
    if (isDict(variables) && Object.keys(variables).length > 0) {
        messages.push(`is a Lambda@Edge function (${why}) with environment variables, which Lambda@Edge does not support; bake configuration into the bundle`);
    }
    return messages;
}

/** Functions tagged `lambda-edge` = `true` ({@link LAMBDA_EDGE_TAG}) follow the Lambda@Edge rules. */
export function checkTaggedEdgeFunction(subject: PolicySubject): string[] {
    return tagOf(subject, LAMBDA_EDGE_TAG) === "true" ? checkEdgeFunction(subject, `tagged ${LAMBDA_EDGE_TAG}=true`) : [];
}

// arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME:VERSION, with a numbered version.
const VERSIONED_FUNCTION_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+:\d+$/;

/**
 * Functions a distribution associates (`lambdaFunctionAssociations` of any behavior) follow the
 * Lambda@Edge rules, and each association names a numbered version. Tagged functions are left to
 * {@link checkTaggedEdgeFunction}, so nothing is reported twice.
 */
export function checkAssociatedEdgeFunctions(subjects: readonly PolicySubject[]): StackFinding[] {
    const functions = subjects.filter((s) => s.type === ResourceType.lambdaFunction);
    const findings: StackFinding[] = [];
    const checked = new Set<PolicySubject>();
    for (const distribution of subjects.filter((s) => s.type === ResourceType.distribution)) {
        for (const behavior of behaviorsOf(distribution)) {
            list(behavior.value.lambdaFunctionAssociations).forEach((association, i) => {
                if (!isDict(association)) return;
                const arn = association.lambdaArn;
                if (typeof arn === "string" && !VERSIONED_FUNCTION_ARN.test(arn)) {
                    findings.push({
                        subject: distribution,
                        message: `${behavior.label}.lambdaFunctionAssociations[${i}].lambdaArn ${JSON.stringify(arn)} is not a numbered version (Lambda@Edge needs FUNCTION_ARN:VERSION, not $LATEST or an alias)`,
                    });
                }
                for (const fn of functions.filter((f) => associates(distribution, arn, f))) {
                    if (checked.has(fn) || tagOf(fn, LAMBDA_EDGE_TAG) === "true") continue;
                    checked.add(fn);
                    for (const message of checkEdgeFunction(fn, `associated with distribution ${distribution.name}`)) {
                        findings.push({ subject: fn, message });
                    }
                }
            });
        }
    }
    return findings;
}

function associates(distribution: PolicySubject, lambdaArn: unknown, fn: PolicySubject): boolean {
    const state = stateOf(fn);
    if (typeof lambdaArn === "string" && typeof state.arn === "string") {
        return lambdaArn === state.arn || lambdaArn.startsWith(`${state.arn}:`);
    }
    // Not known yet (a preview): the behavior's value came from the function.
    const deps = distribution.propertyDependencies ?? {};
    return fn.urn !== undefined && [...(deps.defaultCacheBehavior ?? []), ...(deps.orderedCacheBehaviors ?? [])].includes(fn.urn);
}

// ---------------------------------------------------------------------------------------------
// Rule 7: prod buckets are retained on delete.

/** True for resources of a prod stack: stack name `prod` or tag `environment` = `prod`. */
export function isProd(subject: PolicySubject): boolean {
    return subject.stack === PROD_ENVIRONMENT || tagOf(subject, "environment") === PROD_ENVIRONMENT;
}

/**
 * A prod bucket has `protect` or `retainOnDelete`, so neither `pulumi destroy` nor a rename that
 * replaces it can delete its data.
 */
export function checkProdBucketRetained(subject: PolicySubject): string[] {
    if (!isProd(subject)) return [];
    const { protect, retainOnDelete } = subject.options;
    if (protect === true || retainOnDelete === true) return [];
    const hidden = retainOnDelete === undefined ? " (policy packs cannot see retainOnDelete, so set protect: true)" : "";
    return [`is a prod bucket (stack "${subject.stack}", tag environment=${describeValue(tagOf(subject, "environment"))}) with neither protect nor retainOnDelete${hidden}`];
}

// ---------------------------------------------------------------------------------------------
// Rule 8: prod distributions accept no anonymous writes.

// Methods that change objects; CloudFront's allowed-method sets that include one include all four.
const WRITE_METHODS = ["PUT", "POST", "PATCH", "DELETE"] as const;

/**
 * Whether a behavior authenticates the viewer before CloudFront forwards the request: a viewer-request
 * function (Lambda@Edge or CloudFront Functions), or trusted key groups or signers (signed URLs or
 * cookies). `UNKNOWN` while any of those is not known.
 */
function authenticatesViewers(behavior: Dict): boolean | typeof UNKNOWN {
    const sources = [behavior.lambdaFunctionAssociations, behavior.functionAssociations, behavior.trustedKeyGroups, behavior.trustedSigners];
    if (sources.some(isUnknown)) return UNKNOWN;
    const onViewerRequest = (associations: unknown) =>
        list(associations).some((a) => isUnknown(a) || (isDict(a) && (a.eventType === "viewer-request" || isUnknown(a.eventType))));
    // The directory-index function of LegacyTlsFront rewrites paths; it authenticates no one.
    const rewritesOnly = (a: unknown) => isDict(a) && typeof a.functionArn === "string" && DIRECTORY_INDEX_FUNCTION_ARN.test(a.functionArn);
    return (
        onViewerRequest(behavior.lambdaFunctionAssociations) ||
        onViewerRequest(list(behavior.functionAssociations).filter((a) => !rewritesOnly(a))) ||
        list(behavior.trustedKeyGroups).length > 0 ||
        list(behavior.trustedSigners).length > 0
    );
}

/**
 * What signs CloudFront's requests to an origin with CloudFront's own credentials, so that S3 serves
 * whatever CloudFront forwards: an origin access control whose `signingBehavior` is `always` or
 * `no-override` (which signs every request that comes without an `Authorization` header, the anonymous
 * ones), or an origin access identity. `undefined` when nothing does or it cannot be proven: the
 * control is not in the stack, or its settings are not known yet.
 */
function originSigner(distribution: PolicySubject, origin: Dict, subjects: readonly PolicySubject[]): string | undefined {
    const config = origin.s3OriginConfig;
    const identity = isDict(config) ? config.originAccessIdentity : undefined;
    if (typeof identity === "string" && identity !== "") return `origin access identity ${identity} signs every request to origin ${String(origin.originId)}`;
    const id = origin.originAccessControlId;
    if (id === undefined || id === null || id === "") return undefined;
    const controls = subjects.filter((s) => s.type === ResourceType.originAccessControl);
    // By ID when known; else by dependency (a preview), provided every control the origins depend on signs.
    const byId = typeof id === "string" ? controls.filter((c) => stateOf(c).id === id) : [];
    const deps = distribution.propertyDependencies?.origins ?? [];
    const candidates = byId.length > 0 ? byId : controls.filter((c) => c.urn !== undefined && deps.includes(c.urn));
    if (candidates.length === 0) return undefined;
    const behaviors = candidates.map((c) => stateOf(c).signingBehavior ?? c.inputs.signingBehavior);
    if (!behaviors.every((b) => b === "always" || b === "no-override")) return undefined;
    return `origin access control ${candidates.map((c) => c.name).join(", ")} signs every request to origin ${String(origin.originId)} (signingBehavior ${behaviors.map(describeValue).join(", ")})`;
}

/**
 * A prod distribution (stack `prod` or tag `environment` = `prod`) must not let anonymous viewers
 * write: every behavior that accepts PUT/POST/PATCH/DELETE and whose origin CloudFront signs for
 * (origin access control `always`/`no-override`, or an identity) authenticates viewers itself. With
 * CloudFront's own signature S3 accepts whatever CloudFront forwards, so such a behavior lets anyone
 * write to the bucket. The stack config refuses the same in prod (`content.uploads` without `auth`);
 * this rule catches a hand-written program too.
 */
export function checkNoAnonymousWrites(subjects: readonly PolicySubject[]): StackFinding[] {
    const findings: StackFinding[] = [];
    for (const distribution of subjects.filter((s) => s.type === ResourceType.distribution && isProd(s))) {
        const origins = list(distribution.inputs.origins).filter(isDict);
        for (const behavior of behaviorsOf(distribution)) {
            const methods = behavior.value.allowedMethods;
            if (isUnknown(methods) || !Array.isArray(methods)) continue;
            const writes = WRITE_METHODS.filter((m) => methods.some((x) => typeof x === "string" && x.toUpperCase() === m));
            if (writes.length === 0 || authenticatesViewers(behavior.value) !== false) continue;
            const origin = origins.find((o) => o.originId === behavior.value.targetOriginId);
            const signer = origin ? originSigner(distribution, origin, subjects) : undefined;
            if (signer === undefined) continue;
            findings.push({
                subject: distribution,
                message:
                    `${behavior.label} accepts ${writes.join(", ")} but authenticates no viewer (no viewer-request function, no trusted key groups), ` +
                    `and ${signer}: in prod anyone could write to the bucket; authenticate viewers on this behavior, ` +
                    `or let S3 check the uploader's own signature (signingBehavior "never")`,
            });
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------

/** Every guardrail, in the order the issue lists them. */
export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
    {
        kind: "resource",
        name: "s3-public-access-block-all-on",
        description: "S3 public access blocks turn on all four settings (block and ignore public ACLs, block and restrict public policies).",
        enforcementLevel: "mandatory",
        types: [ResourceType.publicAccessBlock],
        check: checkPublicAccessBlockAllOn,
    },
    {
        kind: "stack",
        name: "s3-bucket-has-public-access-block",
        description: "Every S3 bucket the stack creates has a public access block (or the account has one with all four settings).",
        enforcementLevel: "mandatory",
        check: checkBucketsHavePublicAccessBlock,
    },
    {
        kind: "resource",
        name: "s3-bucket-policy-denies-insecure-transport",
        description: 'Bucket policies deny every request without TLS (Deny s3:* to "*" when aws:SecureTransport is false).',
        enforcementLevel: "mandatory",
        types: [ResourceType.bucketPolicy],
        check: checkBucketPolicyDeniesInsecureTransport,
    },
    {
        kind: "resource",
        name: "cloudfront-no-plain-http-viewers",
        description: 'CloudFront cache behaviors never serve plain HTTP (no viewerProtocolPolicy "allow-all").',
        enforcementLevel: "mandatory",
        types: [ResourceType.distribution],
        check: checkNoPlainHttpViewers,
    },
    {
        kind: "resource",
        name: "cloudfront-s3-origins-use-oac",
        description: "S3 origins use origin access control (an origin access identity only in aws-cn); no S3 website endpoints.",
        enforcementLevel: "mandatory",
        types: [ResourceType.distribution],
        check: checkS3OriginsUseOac,
    },
    {
        kind: "resource",
        name: "s3-cloudfront-grants-scoped-by-source-arn",
        description: "Bucket policy grants to cloudfront.amazonaws.com name their distributions with an AWS:SourceArn condition.",
        enforcementLevel: "mandatory",
        types: [ResourceType.bucketPolicy],
        check: checkCloudFrontGrantsScoped,
    },
    {
        kind: "resource",
        name: "cloudfront-legacy-tls-only-when-marked",
        description: `Viewer security policies below TLS 1.2 (and the default certificate, always TLSv1) only on distributions tagged ${LEGACY_TLS_TAG}=true.`,
        enforcementLevel: "mandatory",
        types: [ResourceType.distribution],
        check: checkLegacyTlsMarked,
    },
    {
        kind: "resource",
        name: "lambda-edge-tagged-functions",
        description: `Lambda functions tagged ${LAMBDA_EDGE_TAG}=true are in ${CLOUDFRONT_CONTROL_REGION}, published, without environment variables.`,
        enforcementLevel: "mandatory",
        types: [ResourceType.lambdaFunction],
        check: checkTaggedEdgeFunction,
    },
    {
        kind: "stack",
        name: "lambda-edge-associated-functions",
        description: `Functions a distribution associates are in ${CLOUDFRONT_CONTROL_REGION}, published, without environment variables, and associated by numbered version.`,
        enforcementLevel: "mandatory",
        check: checkAssociatedEdgeFunctions,
    },
    {
        kind: "resource",
        name: "prod-buckets-retained",
        description: 'Buckets of a prod stack (stack "prod" or tag environment=prod) are protected or retained on delete.',
        enforcementLevel: "mandatory",
        types: BUCKET_TYPES,
        check: checkProdBucketRetained,
    },
    {
        kind: "stack",
        name: "cloudfront-prod-no-anonymous-writes",
        description:
            "Distributions of a prod stack authenticate viewers (viewer-request function or trusted key groups) on every behavior that accepts writes to an origin CloudFront signs for.",
        enforcementLevel: "mandatory",
        check: checkNoAnonymousWrites,
    },
];

/** Runs every rule over the subjects and returns the violations, in rule order. */
export function evaluateRules(subjects: readonly PolicySubject[], rules: readonly GuardrailRule[] = GUARDRAIL_RULES): Violation[] {
    const violations: Violation[] = [];
    for (const rule of rules) {
        const findings: StackFinding[] =
            rule.kind === "stack"
                ? rule.check(subjects)
                : subjects.filter((s) => rule.types.includes(s.type)).flatMap((s) => rule.check(s).map((message) => ({ subject: s, message })));
        for (const { subject, message } of findings) {
            violations.push({
                rule: rule.name,
                enforcementLevel: rule.enforcementLevel,
                type: subject.type,
                name: subject.name,
                urn: subject.urn,
                message,
            });
        }
    }
    return violations;
}

/**
 * Typed stack configuration: the only module that reads `pulumi.Config`.
 *
 * `parseStackConfig` is pure: it takes the raw values of `Pulumi.<stack>.yaml` and returns either the
 * typed config or every problem at once, each naming the key, the bad value and what is allowed. The
 * combination rules of the components (SSLv3 needs vip, certificates live in us-east-1, …) are checked
 * here too, by the components' own validators, so a config error surfaces before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { TOKEN_USES, TokenSource, TokenUse } from "../edge-functions/cognito-auth/config";
import {
    BucketEncryption,
    CognitoEdgeAuthArgs,
    HealthCheckSettings,
    HealthProbeArgs,
    ROUTING_MODES,
    RegionalApiFailoverArgs,
    RoutingMode,
    SignedContentKeysArgs,
    TlsAuditArgs,
    ViewerRequestAuth,
    validateCognitoEdgeAuthArgs,
    validateRegionalApiFailoverArgs,
    validateSignedContentKeysArgs,
    validateTlsAuditArgs,
    FRONT_MODES,
    FrontMode,
    HTTP_VERSIONS,
    HttpVersion,
    Issue,
    LegacyTlsFrontArgs,
    NoncurrentVersionTransition,
    PRICE_CLASSES,
    Partition,
    PriceClass,
    PrivateOriginBucketArgs,
    SECURITY_POLICY_NAMES,
    SecurityPolicy,
    SslSupportMethod,
    ValidationError,
    ViewerProtocolPolicy,
    checkOneOf,
    isPlainObject,
    partitionOfRegion,
    validateLegacyTlsFrontArgs,
    validatePrivateOriginBucketArgs,
} from "../components";

/** Kinds of environment; `prod` turns on data protection and forbids destroying data. */
export const ENVIRONMENTS = ["dev", "test", "staging", "prod"] as const;
/** A kind of environment. */
export type Environment = (typeof ENVIRONMENTS)[number];

/** `content`: what is served and how requests reach S3. */
export interface ContentConfig {
    /** `signed` | `unsigned` | `presigned`. */
    readonly mode: FrontMode;
    /** Accept uploads (PUT/POST) through the front. Default false. */
    readonly uploads: boolean;
    /** In `signed` mode, allow `s3:ListBucket` so missing keys give 404. Default false. */
    readonly listBucket: boolean;
}

/** `bucket`: the private origin bucket. */
export interface BucketConfig {
    /** Adopt this existing bucket instead of creating one. */
    readonly existingBucketName?: string;
    /** Name of the bucket to create (default: auto-named). */
    readonly bucketName?: string;
    /** `sse-s3` (default) or `sse-kms`. */
    readonly encryption: BucketEncryption;
    /** With `sse-kms`: an existing key (default: a new key). */
    readonly kmsKeyArn?: string;
    /** Days to keep noncurrent versions (default 90; 0 = forever). */
    readonly noncurrentVersionExpirationDays: number;
    /** Transitions of noncurrent versions. */
    readonly noncurrentVersionTransitions: NoncurrentVersionTransition[];
    /** Bucket receiving S3 server access logs (default: no logging). */
    readonly accessLogBucket?: string;
    /** Protect and retain the bucket. Always true in prod; default false elsewhere. */
    readonly protect: boolean;
    /** Let destroy delete a non-empty bucket. Never in prod; default false. */
    readonly forceDestroy: boolean;
}

/** `front`: the CloudFront distribution and its TLS. */
export interface FrontConfig {
    /** Alternate domain names (default none: the `*.cloudfront.net` name, always TLSv1). */
    readonly domainNames: string[];
    /** Route 53 zone for certificate validation and alias records. */
    readonly hostedZoneId?: string;
    /** Existing ACM certificate in us-east-1. */
    readonly certificateArn?: string;
    /** IAM server certificate ID (required in aws-cn). */
    readonly iamCertificateId?: string;
    /** Viewer security policy (default TLSv1.2_2021 with a custom domain). */
    readonly minimumTlsVersion?: SecurityPolicy;
    /** `sni-only` (default) or `vip`. */
    readonly sslSupportMethod?: SslSupportMethod;
    /** `redirect-to-https` (default) or `https-only`. */
    readonly viewerProtocolPolicy: ViewerProtocolPolicy;
    /** Default `PriceClass_All`. */
    readonly priceClass: PriceClass;
    /** Default `http2and3`. */
    readonly httpVersion: HttpVersion;
    /** WAFv2 web ACL of CLOUDFRONT scope. */
    readonly webAclArn?: string;
    /** Domain name of the bucket for CloudFront standard logs, e.g. `acme-logs.s3.amazonaws.com`. */
    readonly accessLogBucket?: string;
    /** Object served for `/` (required with `content.listBucket`). */
    readonly defaultRootObject?: string;
    /** Allow or deny viewers by country. */
    readonly geoRestriction?: { restrictionType: "whitelist" | "blacklist"; locations: string[] };
}

/**
 * The `auth` section: viewers need a valid Amazon Cognito token ({@link CognitoEdgeAuth} on the front).
 * Absent: no viewer authentication.
 */
export interface AuthConfig {
    /** Use this existing pool (its region is in the ID) instead of creating one; needs `clientIds`. */
    readonly existingUserPoolId?: string;
    /** App clients whose tokens are accepted. @default the app client the stack creates */
    readonly clientIds: string[];
    /** Which token viewers present. @default "access" */
    readonly tokenUse: TokenUse;
    /** Any one of these groups admits; empty admits every signed-in user. @default [] */
    readonly requiredGroups: string[];
    /** Cookie holding the token (needed in `unsigned` mode, where Authorization carries SigV4). */
    readonly cookieName?: string;
    /** Where the token is read from. @default the Authorization header, plus the cookie when `cookieName` is set */
    readonly tokenSources?: TokenSource[];
    /** Tolerated clock difference for `exp`/`nbf`, in seconds. @default the function's default */
    readonly clockSkewSeconds?: number;
    /** `realm` of the `WWW-Authenticate` challenge. @default the function's default */
    readonly realm?: string;
    /** Header that carries the user's `sub` to the origin. @default none (not forwarded) */
    readonly subjectHeader?: string;
    /** OAuth callback URLs of the created app client. @default [] */
    readonly callbackUrls: string[];
    /** Let anyone sign up to the created pool. @default false */
    readonly selfSignUp: boolean;
}

/** The `signing` section: paths that need CloudFront signed URLs or cookies ({@link SignedContentKeys}). */
export interface SigningConfig {
    /** Path patterns that require a signature, e.g. `/downloads/*`. */
    readonly pathPatterns: string[];
    /** Bring your own public key (PEM); no private key is then created. @default a generated RSA 2048 key */
    readonly publicKeyPem?: string;
    /** Also require the Cognito token on these paths (when `auth` is set). @default true */
    readonly viewerAuth: boolean;
}

/** The `api` section: the content service's API in several regions ({@link RegionalApiFailover}). */
export interface ApiConfig {
    /** The API's host name, e.g. `api.example.com`. */
    readonly domainName: string;
    /** Route 53 hosted zone of `domainName`. */
    readonly hostedZoneId: string;
    /** Two or more distinct regions. */
    readonly regions: string[];
    /** `latency` (active-active) or `failover` (regions[0] primary). @default "latency" */
    readonly routing: RoutingMode;
    /** Base path of the custom domain mapping. @default "v1" */
    readonly basePath?: string;
    /** API Gateway stage. @default "prod" */
    readonly stage?: string;
    /** Route 53 health check settings. @default the component's defaults */
    readonly healthCheck?: HealthCheckSettings;
    /** Dependencies the deep-ping health check probes. @default [] */
    readonly probes: HealthProbeArgs[];
    /** SNS topic notified when a region's health check alarms. */
    readonly alarmTopicArn?: string;
}

/** The `audit` section: who still uses old TLS ({@link TlsAudit}). */
export interface AuditConfig {
    /** CloudTrail log groups to query for TLS 1.0/1.1 calls. @default [] */
    readonly cloudTrailLogGroupNames: string[];
    /** A CloudTrail Lake event data store and its query. @default false */
    readonly lake: boolean;
    /** Front access logs in a bucket the audit creates, with an Athena table and query. @default false */
    readonly frontLogs: boolean;
}

/** The whole typed config of a stack. */
export interface StackConfig {
    /** Project name from Pulumi.yaml (the config namespace). */
    readonly project: string;
    /** Stack name. */
    readonly stack: string;
    /** `aws:region`, where the bucket lives. */
    readonly region: string;
    /** Derived from the region: `aws-cn` for `cn-*`, else `aws`. */
    readonly partition: Partition;
    /** `prod` protects data and forbids destroying it. */
    readonly environment: Environment;
    /** The `content` section. */
    readonly content: ContentConfig;
    /** The `bucket` section. */
    readonly bucket: BucketConfig;
    /** The `front` section. */
    readonly front: FrontConfig;
    /** The `auth` section; absent: no viewer authentication. */
    readonly auth?: AuthConfig;
    /** The `signing` section; absent: no signed URLs or cookies. */
    readonly signing?: SigningConfig;
    /** The `api` section; absent: no regional API. */
    readonly api?: ApiConfig;
    /** The `audit` section; absent: no TLS audit resources. */
    readonly audit?: AuditConfig;
    /** Tags on every taggable resource (project, stack and environment are always added). */
    readonly tags: Record<string, string>;
}

/** Raw config as `Pulumi.<stack>.yaml` holds it: keys without the namespace, values already parsed. */
export interface RawStackConfig {
    /** Project name (the config namespace). */
    readonly project: string;
    /** Stack name; names an environment when it is dev, test, staging or prod. */
    readonly stack: string;
    /** `aws:region`. */
    readonly awsRegion: unknown;
    /** Values of the project namespace by key, e.g. `{ content: { mode: "signed" } }`. */
    readonly values: Readonly<Record<string, unknown>>;
}

/** The error for an invalid stack config; `issues` lists every problem. */
export class ConfigError extends ValidationError {
    constructor(stack: string, issues: readonly Issue[]) {
        super(`stack config of "${stack}"`, issues);
        this.name = "ConfigError";
    }
}

const SECTIONS = {
    environment: "dev | test | staging | prod",
    content: "mode, uploads, listBucket",
    bucket:
        "existingBucketName, bucketName, encryption, kmsKeyArn, noncurrentVersionExpirationDays, " +
        "noncurrentVersionTransitions, accessLogBucket, protect, forceDestroy",
    front:
        "domainNames, hostedZoneId, certificateArn, iamCertificateId, minimumTlsVersion, sslSupportMethod, " +
        "viewerProtocolPolicy, priceClass, httpVersion, webAclArn, accessLogBucket, defaultRootObject, geoRestriction",
    auth:
        "existingUserPoolId, clientIds, tokenUse, requiredGroups, cookieName, tokenSources, clockSkewSeconds, realm, " +
        "subjectHeader, callbackUrls, selfSignUp",
    signing: "pathPatterns, publicKeyPem, viewerAuth",
    api: "domainName, hostedZoneId, regions, routing, basePath, stage, healthCheck, probes, alarmTopicArn",
    audit: "cloudTrailLogGroupNames, lake, frontLogs",
    tags: "a map of tag names to string values",
} as const;

// Reads typed values out of one config section, recording an issue for each wrong type or unknown key.
class SectionReader {
    constructor(
        private readonly section: string,
        private readonly values: Record<string, unknown>,
        private readonly issues: Issue[],
    ) {
        const known = SECTIONS[section as keyof typeof SECTIONS].split(", ");
        for (const key of Object.keys(values)) {
            if (!known.includes(key)) {
                issues.push({ path: this.path(key), value: values[key], problem: `is not a known key; known keys: ${known.join(", ")}` });
            }
        }
    }

    path(key: string): string {
        return `${this.section}.${key}`;
    }

    string(key: string): string | undefined {
        const v = this.values[key];
        if (v === undefined || v === null) return undefined;
        if (typeof v === "string" && v.length > 0) return v;
        this.issues.push({ path: this.path(key), value: v, problem: "is not a non-empty string" });
        return undefined;
    }

    oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
        const v = this.values[key];
        if (v === undefined || v === null) return undefined;
        return checkOneOf(this.path(key), v, allowed, this.issues) ? v : undefined;
    }

    boolean(key: string, fallback: boolean): boolean {
        const v = this.values[key];
        if (v === undefined || v === null) return fallback;
        if (typeof v === "boolean") return v;
        this.issues.push({ path: this.path(key), value: v, problem: "is not a boolean (true | false)" });
        return fallback;
    }

    number(key: string, fallback: number): number {
        const v = this.values[key];
        if (v === undefined || v === null) return fallback;
        if (typeof v === "number" && Number.isFinite(v)) return v;
        this.issues.push({ path: this.path(key), value: v, problem: "is not a number" });
        return fallback;
    }

    has(key: string): boolean {
        return this.values[key] !== undefined && this.values[key] !== null;
    }

    optionalNumber(key: string): number | undefined {
        const v = this.values[key];
        return v === undefined || v === null ? undefined : this.number(key, 0);
    }

    stringList(key: string): string[] {
        const v = this.values[key];
        if (v === undefined || v === null) return [];
        if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
        this.issues.push({ path: this.path(key), value: v, problem: "is not a list of strings" });
        return [];
    }

    objectList(key: string): Record<string, unknown>[] {
        const v = this.values[key];
        if (v === undefined || v === null) return [];
        if (Array.isArray(v) && v.every(isPlainObject)) return v as Record<string, unknown>[];
        this.issues.push({ path: this.path(key), value: v, problem: "is not a list of objects" });
        return [];
    }

    object(key: string): Record<string, unknown> | undefined {
        const v = this.values[key];
        if (v === undefined || v === null) return undefined;
        if (isPlainObject(v)) return v;
        this.issues.push({ path: this.path(key), value: v, problem: "is not an object" });
        return undefined;
    }
}

// Reads a section that turns a feature on by being present.
function optionalSection<T>(raw: RawStackConfig, name: string, issues: Issue[], read: (r: SectionReader) => T): T | undefined {
    if (raw.values[name] === undefined || raw.values[name] === null) return undefined;
    return read(section(raw, name, issues));
}


function section(raw: RawStackConfig, name: string, issues: Issue[]): SectionReader {
    const v = raw.values[name];
    if (v !== undefined && !isPlainObject(v)) {
        issues.push({ path: name, value: v, problem: `is not an object with keys ${SECTIONS[name as keyof typeof SECTIONS]}` });
        return new SectionReader(name, {}, issues);
    }
    return new SectionReader(name, (v as Record<string, unknown>) ?? {}, issues);
}

/** Parses and validates raw stack config; returns the typed config or every issue. */
export function parseStackConfig(raw: RawStackConfig): { config: StackConfig; issues: [] } | { config?: undefined; issues: Issue[] } {
    const issues: Issue[] = [];

    for (const key of Object.keys(raw.values)) {
        if (!(key in SECTIONS)) {
            issues.push({
                path: key,
                value: raw.values[key],
                problem: `is not a known key of ${raw.project}; known keys: ${Object.keys(SECTIONS).join(", ")}`,
            });
        }
    }

    let region = "us-east-1";
    if (typeof raw.awsRegion !== "string" || !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(raw.awsRegion)) {
        issues.push({ path: "aws:region", value: raw.awsRegion, problem: "is not an AWS region such as eu-west-1" });
    } else if (/-(gov|iso[a-z]*)-/.test(raw.awsRegion)) {
        // GovCloud and ISO partitions have no CloudFront; failing here beats ARNs in the wrong partition.
        issues.push({
            path: "aws:region",
            value: raw.awsRegion,
            problem: "is in a partition without CloudFront; allowed: commercial regions (aws) and cn-north-1 | cn-northwest-1 (aws-cn)",
        });
    } else {
        region = raw.awsRegion;
    }
    const partition = partitionOfRegion(region);

    const environmentValue = raw.values.environment ?? ((ENVIRONMENTS as readonly string[]).includes(raw.stack) ? raw.stack : undefined);
    // Until the environment is known, data is treated as prod (protected), but the prod-only rules
    // below are not reported: the environment error is the one to fix first.
    let environment: Environment = "prod";
    let environmentKnown = false;
    if (environmentValue === undefined) {
        issues.push({
            path: "environment",
            value: undefined,
            problem: `is required for stack "${raw.stack}" (only stacks named dev | test | staging | prod imply it); allowed: ${ENVIRONMENTS.join(" | ")}`,
        });
    } else if (
        (ENVIRONMENTS as readonly string[]).includes(raw.stack) &&
        (ENVIRONMENTS as readonly unknown[]).includes(raw.values.environment) &&
        raw.values.environment !== raw.stack
    ) {
        // A stack named after an environment is that environment: otherwise a stack called prod could
        // call itself dev and drop the protection of prod data.
        issues.push({
            path: "environment",
            value: raw.values.environment,
            problem: `contradicts the stack name "${raw.stack}"; allowed: ${raw.stack} (or leave it out)`,
        });
    } else if (checkOneOf("environment", environmentValue, ENVIRONMENTS, issues)) {
        environment = environmentValue;
        environmentKnown = true;
    }

    const contentSection = section(raw, "content", issues);
    const bucketSection = section(raw, "bucket", issues);
    const frontSection = section(raw, "front", issues);

    const modeValue = raw.values.content !== undefined && isPlainObject(raw.values.content) ? raw.values.content.mode : undefined;
    if (modeValue === undefined) {
        issues.push({ path: "content.mode", value: undefined, problem: `is required; allowed: ${FRONT_MODES.join(" | ")}` });
    }
    const content: ContentConfig = {
        mode: contentSection.oneOf("mode", FRONT_MODES) ?? "signed",
        uploads: contentSection.boolean("uploads", false),
        listBucket: contentSection.boolean("listBucket", false),
    };

    const prod = environment === "prod";
    const protect = bucketSection.boolean("protect", prod);
    if (prod && environmentKnown && !protect) {
        issues.push({ path: "bucket.protect", value: false, problem: "cannot be false when environment is prod (prod data is protected and retained)" });
    }
    const forceDestroy = bucketSection.boolean("forceDestroy", false);
    if (prod && environmentKnown && forceDestroy) {
        issues.push({ path: "bucket.forceDestroy", value: true, problem: "is not allowed when environment is prod (allowed: false)" });
    }
    const bucket: BucketConfig = {
        existingBucketName: bucketSection.string("existingBucketName"),
        bucketName: bucketSection.string("bucketName"),
        encryption: bucketSection.oneOf("encryption", ["sse-s3", "sse-kms"] as const) ?? "sse-s3",
        kmsKeyArn: bucketSection.string("kmsKeyArn"),
        noncurrentVersionExpirationDays: bucketSection.number("noncurrentVersionExpirationDays", 90),
        noncurrentVersionTransitions: bucketSection.objectList("noncurrentVersionTransitions").map((t) => ({
            days: t.days as number,
            storageClass: t.storageClass as NoncurrentVersionTransition["storageClass"],
        })),
        accessLogBucket: bucketSection.string("accessLogBucket"),
        protect: prod || protect,
        forceDestroy: prod ? false : forceDestroy,
    };

    const geo = frontSection.object("geoRestriction");
    const front: FrontConfig = {
        domainNames: frontSection.stringList("domainNames"),
        hostedZoneId: frontSection.string("hostedZoneId"),
        certificateArn: frontSection.string("certificateArn"),
        iamCertificateId: frontSection.string("iamCertificateId"),
        minimumTlsVersion: frontSection.oneOf("minimumTlsVersion", SECURITY_POLICY_NAMES),
        sslSupportMethod: frontSection.oneOf("sslSupportMethod", ["sni-only", "vip"] as const),
        viewerProtocolPolicy: frontSection.oneOf("viewerProtocolPolicy", ["redirect-to-https", "https-only"] as const) ?? "redirect-to-https",
        priceClass: frontSection.oneOf("priceClass", PRICE_CLASSES) ?? "PriceClass_All",
        httpVersion: frontSection.oneOf("httpVersion", HTTP_VERSIONS) ?? "http2and3",
        webAclArn: frontSection.string("webAclArn"),
        accessLogBucket: frontSection.string("accessLogBucket"),
        defaultRootObject: frontSection.string("defaultRootObject"),
        geoRestriction: geo
            ? { restrictionType: geo.restrictionType as "whitelist" | "blacklist", locations: geo.locations as string[] }
            : undefined,
    };

    const auth = optionalSection(raw, "auth", issues, (r): AuthConfig => ({
        existingUserPoolId: r.string("existingUserPoolId"),
        clientIds: r.stringList("clientIds"),
        tokenUse: r.oneOf("tokenUse", TOKEN_USES) ?? "access",
        requiredGroups: r.stringList("requiredGroups"),
        cookieName: r.string("cookieName"),
        tokenSources: !r.has("tokenSources") ? undefined : (r.stringList("tokenSources") as TokenSource[]),
        clockSkewSeconds: r.optionalNumber("clockSkewSeconds"),
        realm: r.string("realm"),
        subjectHeader: r.string("subjectHeader"),
        callbackUrls: r.stringList("callbackUrls"),
        selfSignUp: r.boolean("selfSignUp", false),
    }));
    const signing = optionalSection(raw, "signing", issues, (r): SigningConfig => ({
        pathPatterns: r.stringList("pathPatterns"),
        publicKeyPem: r.string("publicKeyPem"),
        viewerAuth: r.boolean("viewerAuth", true),
    }));
    const api = optionalSection(raw, "api", issues, (r): ApiConfig => ({
        domainName: r.string("domainName") ?? "",
        hostedZoneId: r.string("hostedZoneId") ?? "",
        regions: r.stringList("regions"),
        routing: r.oneOf("routing", ROUTING_MODES) ?? "latency",
        basePath: r.string("basePath"),
        stage: r.string("stage"),
        healthCheck: r.object("healthCheck") as HealthCheckSettings | undefined,
        probes: r.objectList("probes") as unknown as HealthProbeArgs[],
        alarmTopicArn: r.string("alarmTopicArn"),
    }));
    const audit = optionalSection(raw, "audit", issues, (r): AuditConfig => ({
        cloudTrailLogGroupNames: r.stringList("cloudTrailLogGroupNames"),
        lake: r.boolean("lake", false),
        frontLogs: r.boolean("frontLogs", false),
    }));

    const tags: Record<string, string> = {};
    const rawTags = raw.values.tags;
    if (rawTags !== undefined) {
        if (!isPlainObject(rawTags)) {
            issues.push({ path: "tags", value: rawTags, problem: "is not a map of tag names to string values" });
        } else {
            for (const [k, v] of Object.entries(rawTags)) {
                if (typeof v !== "string") issues.push({ path: `tags.${k}`, value: v, problem: "is not a string" });
                else tags[k] = v;
            }
        }
    }

    const config: StackConfig = {
        project: raw.project,
        stack: raw.stack,
        region,
        partition,
        environment,
        content,
        bucket,
        front,
        ...(auth ? { auth } : {}),
        ...(signing ? { signing } : {}),
        ...(api ? { api } : {}),
        ...(audit ? { audit } : {}),
        tags: { ...tags, project: raw.project, stack: raw.stack, environment },
    };

    // Origin access identities (aws-cn) cannot read SSE-KMS objects; only signed mode uses one.
    if (partition === "aws-cn" && content.mode === "signed" && bucket.encryption === "sse-kms") {
        issues.push({
            path: "bucket.encryption",
            value: "sse-kms",
            problem: 'cannot be read by CloudFront in aws-cn (origin access identities do not support SSE-KMS); allowed there: sse-s3',
        });
    }

    if (audit?.frontLogs && front.accessLogBucket !== undefined) {
        issues.push({
            path: "audit.frontLogs",
            value: true,
            problem: `cannot be combined with front.accessLogBucket ("${front.accessLogBucket}"): the audit creates the front's log bucket; set one of them`,
        });
    }
    if (api?.healthCheck !== undefined && !isPlainObject(api.healthCheck)) {
        issues.push({ path: "api.healthCheck", value: api.healthCheck, problem: "is not an object" });
    }

    // The components' own combination rules, reported under the config keys that feed them.
    issues.push(...validatePrivateOriginBucketArgs(bucketArgs(config)).map(bucketIssueToConfig));
    issues.push(...validateLegacyTlsFrontArgs(frontArgs(config, placeholderOrigin, placeholderServices(config))).map(frontIssueToConfig));
    if (auth) {
        const authIssues = validateCognitoEdgeAuthArgs(authArgs(config), region);
        if (auth.existingUserPoolId !== undefined && auth.clientIds.length === 0) {
            // authArgs says "existing pool" with `appClient: false`, which the component reports twice in
            // its own terms; the config has one key for it.
            issues.push({
                path: "auth.clientIds",
                value: auth.clientIds,
                problem: "is required with auth.existingUserPoolId (this stack creates no app client in a pool it does not own); list the app client IDs whose tokens to accept",
            });
            issues.push(...authIssues.filter((i) => i.path !== "appClient" && i.path !== "clientIds").map(authIssueToConfig));
        } else {
            issues.push(...authIssues.map(authIssueToConfig));
        }
    }
    if (signing) issues.push(...validateSignedContentKeysArgs(signingArgs(config)).map(signingIssueToConfig));
    if (api) issues.push(...validateRegionalApiFailoverArgs(apiArgs(config)).map(apiIssueToConfig));
    if (audit) issues.push(...validateTlsAuditArgs(auditArgs(config)).map(auditIssueToConfig));

    // A component names the partition it was given; the user wrote the region.
    const unique = dedupe(issues.map((i) => (i.path === "aws:region" && i.value === partition ? { ...i, value: raw.awsRegion } : i)));
    return unique.length > 0 ? { issues: unique } : { config, issues: [] };
}

/** The {@link PrivateOriginBucket} arguments a config asks for. */
export function bucketArgs(config: StackConfig): PrivateOriginBucketArgs {
    const b = config.bucket;
    return {
        existingBucketName: b.existingBucketName,
        bucketName: b.bucketName,
        partition: config.partition,
        encryption: b.encryption,
        kmsKeyArn: b.kmsKeyArn,
        noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays,
        noncurrentVersionTransitions: b.noncurrentVersionTransitions,
        accessLogging: b.accessLogBucket ? { targetBucket: b.accessLogBucket } : undefined,
        protect: b.protect,
        forceDestroy: b.forceDestroy,
        tags: config.tags,
    };
}

/**
 * What the front composes with, when the config asks for it: the viewer authenticator (`auth`), the key
 * group trusted on signed paths (`signing`) and the audit's log bucket (`audit.frontLogs`).
 */
export interface FrontServices {
    /** The {@link CognitoEdgeAuth} (or any viewer-request authenticator). */
    readonly viewerAuth?: ViewerRequestAuth;
    /** The key group id of the {@link SignedContentKeys}. */
    readonly keyGroupId?: pulumi.Input<string>;
    /** The audit's log bucket, as the front's `accessLogging` takes it. */
    readonly accessLogging?: LegacyTlsFrontArgs["accessLogging"];
}

/** The {@link LegacyTlsFront} arguments a config asks for, given the origin bucket and the composed services. */
export function frontArgs(config: StackConfig, origin: LegacyTlsFrontArgs["origin"], services: FrontServices = {}): LegacyTlsFrontArgs {
    const f = config.front;
    const signing = config.signing;
    return {
        origin,
        mode: config.content.mode,
        uploads: config.content.uploads,
        listBucket: config.content.listBucket,
        partition: config.partition,
        domainNames: f.domainNames,
        hostedZoneId: f.hostedZoneId,
        certificateArn: f.certificateArn,
        iamCertificateId: f.iamCertificateId,
        minimumTlsVersion: f.minimumTlsVersion,
        sslSupportMethod: f.sslSupportMethod,
        viewerProtocolPolicy: f.viewerProtocolPolicy,
        priceClass: f.priceClass,
        httpVersion: f.httpVersion,
        webAclArn: f.webAclArn,
        accessLogging: f.accessLogBucket ? { bucketDomainName: f.accessLogBucket } : services.accessLogging,
        defaultRootObject: f.defaultRootObject,
        geoRestriction: f.geoRestriction,
        viewerAuth: services.viewerAuth,
        signedContent:
            signing && services.keyGroupId !== undefined
                ? { keyGroup: { keyGroupId: services.keyGroupId }, pathPatterns: signing.pathPatterns, viewerAuth: signing.viewerAuth }
                : undefined,
        tags: config.tags,
    };
}

/** The {@link CognitoEdgeAuth} arguments of the `auth` section (the front's mode decides the token sources allowed). */
export function authArgs(config: StackConfig): CognitoEdgeAuthArgs {
    const a = config.auth!;
    const existing = a.existingUserPoolId !== undefined;
    return {
        ...(existing
            ? { existingUserPool: { userPoolId: a.existingUserPoolId! }, appClient: false as const }
            : {
                  userPool: { selfSignUp: a.selfSignUp, deletionProtection: config.environment === "prod" },
                  appClient: a.callbackUrls.length > 0 ? { callbackUrls: a.callbackUrls } : {},
              }),
        clientIds: a.clientIds,
        tokenUse: a.tokenUse,
        requiredGroups: a.requiredGroups,
        cookieName: a.cookieName,
        tokenSources: a.tokenSources,
        clockSkewSeconds: a.clockSkewSeconds,
        realm: a.realm,
        subjectHeader: a.subjectHeader,
        frontMode: config.content.mode,
        partition: config.partition,
        tags: config.tags,
    };
}

/** The {@link SignedContentKeys} arguments of the `signing` section. */
export function signingArgs(config: StackConfig): SignedContentKeysArgs {
    // Cut to CloudFront's 128 characters: a long project or stack name must not fail a key the user never named.
    const comment = `Signed URLs and cookies of ${config.project}/${config.stack}`.slice(0, 128);
    return { publicKeyPem: config.signing!.publicKeyPem, comment, tags: config.tags };
}

/** The {@link RegionalApiFailover} arguments of the `api` section. */
export function apiArgs(config: StackConfig): RegionalApiFailoverArgs {
    // The section's keys are the component's argument names.
    return { ...config.api!, tags: config.tags };
}

/** The {@link TlsAudit} arguments of the `audit` section; the audit's buckets follow the bucket section's protection. */
export function auditArgs(config: StackConfig): TlsAuditArgs {
    const a = config.audit!;
    return {
        cloudTrailLogGroupNames: a.cloudTrailLogGroupNames,
        lake: a.lake,
        frontLogs: a.frontLogs,
        partition: config.partition,
        protect: config.bucket.protect,
        forceDestroy: config.bucket.forceDestroy,
        tags: config.tags,
    };
}

const placeholderOrigin = { bucketName: "", bucketArn: "", regionalDomainName: "" };

// Stand-ins for what the front composes with, so its combination rules run before anything exists. The
// authenticator's own rules (token sources against the mode) are checked by validateCognitoEdgeAuthArgs.
function placeholderServices(config: StackConfig): FrontServices {
    return {
        viewerAuth: config.auth
            ? { viewerRequest: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:placeholder:1", readsAuthorizationHeader: false } }
            : undefined,
        keyGroupId: config.signing ? "placeholder" : undefined,
    };
}

/** Maps the rest of an issue's path (after the argument's name) to the config key that fed the argument. */
type PathRule = (rest: string) => string;

/**
 * Moves a component's issues to the config keys that fed them, so every message names what the user
 * wrote: `rules` maps an argument (the path's first segment) to its config path; any other argument is
 * the section's key of the same name (`<section>.<path>`).
 */
function toConfigPaths(section: string, rules: Readonly<Record<string, PathRule>> = {}): (issue: Issue) => Issue {
    return (issue) => {
        const argument = issue.path.split(/[.[]/)[0];
        const rule = rules[argument];
        return { ...issue, path: rule ? rule(issue.path.slice(argument.length)) : `${section}.${issue.path}` };
    };
}

const to = (configPath: string): PathRule => () => configPath;
const under = (configPath: string): PathRule => (rest) => `${configPath}${rest}`;
// The partition is derived from aws:region, never configured itself.
const REGION_RULE = { partition: to("aws:region") };

// Token fields keep their names; pool and client settings are flattened into the auth section.
const authIssueToConfig = toConfigPaths("auth", {
    ...REGION_RULE,
    frontMode: to("content.mode"),
    existingUserPool: to("auth.existingUserPoolId"),
    userPool: under("auth"),
    appClient: under("auth"),
});

const frontIssueToConfig = toConfigPaths("front", {
    ...REGION_RULE,
    mode: under("content.mode"),
    uploads: under("content.uploads"),
    listBucket: under("content.listBucket"),
    signedContent: under("signing"),
    viewerAuth: to("auth"),
    accessLogging: to("front.accessLogBucket"),
});

const bucketIssueToConfig = toConfigPaths("bucket", { ...REGION_RULE, accessLogging: to("bucket.accessLogBucket") });
const signingIssueToConfig = toConfigPaths("signing");
const apiIssueToConfig = toConfigPaths("api");
// The audit's buckets follow the bucket section's protection (see auditArgs).
const auditIssueToConfig = toConfigPaths("audit", { ...REGION_RULE, protect: to("bucket.protect"), forceDestroy: to("bucket.forceDestroy") });

function dedupe(issues: Issue[]): Issue[] {
    const seen = new Set<string>();
    return issues.filter((i) => {
        const key = `${i.path}\u0000${i.problem}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/**
 * The raw config of a stack from the flat `namespace:key` → text map Pulumi gives programs (and
 * the offline plan reads from `Pulumi.<stack>.yaml`).
 */
export function rawConfigFromFlat(project: string, stack: string, flat: Readonly<Record<string, string>>): RawStackConfig {
    const values: Record<string, unknown> = {};
    let awsRegion: unknown;
    for (const [fullKey, text] of Object.entries(flat)) {
        const [namespace, key] = splitKey(fullKey);
        if (namespace === "aws" && key === "region") awsRegion = text;
        if (namespace !== project) continue;
        values[key] = parseConfigValue(text);
    }
    return { project, stack, awsRegion, values };
}

/**
 * Typed config as a program or a service writes it: the sections of {@link StackConfig}, with every
 * field that has a default optional. A full `StackConfig` is one too (its derived `project`, `stack`
 * and `partition` are ignored).
 *
 * @example
 * const config: StackConfigInput = { region: "eu-west-1", environment: "dev", content: { mode: "signed" } };
 */
export interface StackConfigInput {
    /** `aws:region`, where the bucket lives. */
    readonly region: string;
    /** Default: the stack name when it is dev, test, staging or prod; required otherwise. */
    readonly environment?: Environment;
    /** The `content` section; `mode` is required. */
    readonly content: Pick<ContentConfig, "mode"> & Partial<ContentConfig>;
    /** The `bucket` section. @default all defaults of {@link BucketConfig} */
    readonly bucket?: Partial<BucketConfig>;
    /** The `front` section. @default all defaults of {@link FrontConfig} */
    readonly front?: Partial<FrontConfig>;
    /** The `auth` section. @default none (no viewer authentication) */
    readonly auth?: Partial<AuthConfig>;
    /** The `signing` section. @default none */
    readonly signing?: Pick<SigningConfig, "pathPatterns"> & Partial<SigningConfig>;
    /** The `api` section. @default none */
    readonly api?: Pick<ApiConfig, "domainName" | "hostedZoneId" | "regions"> & Partial<ApiConfig>;
    /** The `audit` section. @default none */
    readonly audit?: Partial<AuditConfig>;
    /** Extra tags; `project`, `stack` and `environment` are always set from the stack and dropped here. */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The inverse of {@link rawConfigFromFlat}: the flat `namespace:key` → text values (`aws:region`,
 * `<project>:content`, …) that make a program see `input`. Pure; validate the result with
 * `parseStackConfig(rawConfigFromFlat(project, stack, flat))`.
 */
export function flatConfigFromInput(project: string, input: StackConfigInput): Record<string, string> {
    const flat: Record<string, string> = {};
    if (input.region !== undefined) flat["aws:region"] = input.region;
    // parseStackConfig adds these three itself; keeping them would pin a copied config to its old stack.
    const { project: _project, stack: _stack, environment: _environment, ...tags } = input.tags ?? {};
    const values: Record<string, unknown> = {
        environment: input.environment,
        content: input.content,
        bucket: input.bucket,
        front: input.front,
        auth: input.auth,
        signing: input.signing,
        api: input.api,
        audit: input.audit,
        tags: Object.keys(tags).length > 0 ? tags : undefined,
    };
    for (const [key, value] of Object.entries(values)) {
        if (value !== undefined) flat[`${project}:${key}`] = configText(value);
    }
    return flat;
}

// Structured values travel as JSON text; a plain string stays plain unless it would read back as JSON
// (e.g. "true"), in which case it is quoted so parseConfigValue returns the same string.
function configText(value: unknown): string {
    if (typeof value !== "string") return JSON.stringify(value);
    return parseConfigValue(value) === value ? value : JSON.stringify(value);
}

/**
 * Reads this stack's config through Pulumi and returns it typed, or throws a {@link ConfigError}
 * listing every problem.
 */
export function loadStackConfig(): StackConfig {
    const stack = pulumi.getStack();
    const result = parseStackConfig(rawConfigFromFlat(pulumi.getProject(), stack, pulumi.runtime.allConfig()));
    if (result.config === undefined) throw new ConfigError(stack, result.issues);
    return result.config;
}

function splitKey(fullKey: string): [string, string] {
    const colon = fullKey.indexOf(":");
    // Pulumi stores "project:config:key" in some versions and "project:key" in others.
    return [fullKey.slice(0, colon), fullKey.slice(colon + 1).replace(/^config:/, "")];
}

// Pulumi hands structured values over as JSON text and scalars as plain text.
function parseConfigValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

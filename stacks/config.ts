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
    LEGACY_TLS_TAG,
    TAG_RULES,
    ValidationError,
    ViewerProtocolPolicy,
    ViewerTls,
    checkAwsRegion,
    checkKnownKeys,
    checkOneOf,
    checkTag,
    closestMatch,
    isPlainObject,
    partitionOfRegion,
    validateLegacyTlsFrontArgs,
    validatePrivateOriginBucketArgs,
    resolveViewerTls,
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
    /**
     * The content is meant for anyone. In mode `signed` CloudFront signs every request to S3, so without
     * viewer authentication (`auth`, or `signing` on every path) anyone can read every object: prod
     * refuses that unless this says it is intended. It must not be set next to viewer authentication
     * (a stale declaration would hide a later loss of `auth`), and it never allows anonymous uploads.
     * @default false
     * @example true
     */
    readonly public: boolean;
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
    /** Clients that must connect (ids or SSL Labs names); they choose the policy and method left unset. */
    readonly clients: string[];
    /** `redirect-to-https` (default) or `https-only`. */
    readonly viewerProtocolPolicy: ViewerProtocolPolicy;
    /** Default `PriceClass_All`. */
    readonly priceClass: PriceClass;
    /** Default `http2and3`. */
    readonly httpVersion: HttpVersion;
    /** WAFv2 web ACL of CLOUDFRONT scope. */
    readonly webAclArn?: string;
    /**
     * Domain name of a bucket for CloudFront **legacy** standard logging, e.g. `acme-logs.s3.amazonaws.com`.
     * Legacy logging writes with object ACLs, so the bucket needs ACLs and the `awslogsdelivery` grant;
     * prefer `audit.frontLogs` (standard logging v2, no ACLs).
     */
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
    /**
     * The front logs with CloudFront standard logging (v2, JSON lines, no bucket ACLs) into a bucket the
     * audit creates, with an Athena table and query; legacy logging in aws-cn, which has no v2. @default false
     */
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
    /**
     * Values of every other namespace by full key (`aws:profile`, `aws:defaultTags`, or a mistyped
     * `legacy-tls-frnt:auth`): keys of namespaces the program does not read are errors, and
     * `aws:defaultTags` counts towards the tags per resource. @default {}
     */
    readonly otherKeys?: Readonly<Record<string, unknown>>;
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
    content: "mode, uploads, listBucket, public",
    bucket:
        "existingBucketName, bucketName, encryption, kmsKeyArn, noncurrentVersionExpirationDays, " +
        "noncurrentVersionTransitions, accessLogBucket, protect, forceDestroy",
    front:
        "domainNames, hostedZoneId, certificateArn, iamCertificateId, minimumTlsVersion, sslSupportMethod, clients, " +
        "viewerProtocolPolicy, priceClass, httpVersion, webAclArn, accessLogBucket, defaultRootObject, geoRestriction",
    auth:
        "existingUserPoolId, clientIds, tokenUse, requiredGroups, cookieName, tokenSources, clockSkewSeconds, realm, " +
        "subjectHeader, callbackUrls, selfSignUp",
    signing: "pathPatterns, publicKeyPem, viewerAuth",
    api: "domainName, hostedZoneId, regions, routing, basePath, stage, healthCheck, probes, alarmTopicArn",
    audit: "cloudTrailLogGroupNames, lake, frontLogs",
    tags: "a map of tag names to string values",
} as const;

type SectionName = keyof typeof SECTIONS;
const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];
// Sections whose value is an object of named keys (environment is a word, tags a free map).
const KEYED_SECTIONS: readonly SectionName[] = ["content", "bucket", "front", "auth", "signing", "api", "audit"];

// An own-property check: `constructor` or `toString` are not sections because every object inherits them.
function isSectionName(key: string): key is SectionName {
    return Object.hasOwn(SECTIONS, key);
}

/**
 * Namespaces the program reads besides the project's own: `aws` (the provider, `aws:region`), `pulumi`
 * (the engine's own settings, e.g. `pulumi:tags`) and `tls` (the provider of the signing key). Their keys
 * belong to them; a key in any other namespace reaches nothing, so it is an error.
 */
const PROVIDER_NAMESPACES = ["aws", "pulumi", "tls"] as const;

/**
 * Most alternate domain names (CNAMEs) per distribution (default quota, adjustable).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html ("Alternate domain names (CNAMEs) per distribution": 100)
 */
const MAX_ALTERNATE_DOMAIN_NAMES = 100;

// Tags every taggable resource gets from the stack (tags below), and at most one a component adds to
// a resource of its own (the front's legacy-tls marker, the health checks' Name).
const STACK_TAG_KEYS = ["project", "stack", "environment"] as const;
const COMPONENT_TAG_KEYS = [LEGACY_TLS_TAG, "Name"] as const;

const EMPTY_VALUE = "is empty (a YAML key with nothing after the colon, or whose lines below are all commented out)";

// Reads typed values out of one config section, recording an issue for each wrong type or unknown key.
class SectionReader {
    constructor(
        private readonly section: string,
        private readonly values: Record<string, unknown>,
        private readonly issues: Issue[],
    ) {
        checkKnownKeys(section, values, SECTIONS[section as SectionName].split(", "), issues);
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
function optionalSection<T>(raw: RawStackConfig, name: SectionName, issues: Issue[], read: (r: SectionReader) => T): T | undefined {
    if (raw.values[name] === undefined || raw.values[name] === null) return undefined;
    return read(section(raw, name, issues));
}

function section(raw: RawStackConfig, name: SectionName, issues: Issue[]): SectionReader {
    const v = raw.values[name];
    // null is reported by reportEmptyValues.
    if (v !== undefined && v !== null && !isPlainObject(v)) {
        issues.push({ path: name, value: v, problem: `is not an object with keys ${SECTIONS[name]}` });
        return new SectionReader(name, {}, issues);
    }
    return new SectionReader(name, (v as Record<string, unknown>) ?? {}, issues);
}

/**
 * A null anywhere in a section is an error naming it: YAML makes one of a key with nothing after the
 * colon, or whose lines below are all commented out, and reading it as "absent" would silently drop
 * what it held: a whole section (`auth:` turning viewer authentication off) or a setting
 * (`requiredGroups:` admitting every user).
 */
function reportEmptyValues(values: Readonly<Record<string, unknown>>, issues: Issue[]): void {
    const walk = (value: unknown, path: string): void => {
        if (Array.isArray(value)) {
            value.forEach((item, i) => {
                if (item === null) issues.push({ path: `${path}[${i}]`, value: null, problem: "is empty (a list item with nothing after the dash); remove the item, or give it a value" });
                else walk(item, `${path}[${i}]`);
            });
        } else if (isPlainObject(value)) {
            for (const key of Object.keys(value)) {
                if (value[key] === null) issues.push({ path: `${path}.${key}`, value: null, problem: `${EMPTY_VALUE}; remove the key to use its default, or give it a value` });
                else walk(value[key], `${path}.${key}`);
            }
        }
    };
    for (const name of Object.keys(values).filter(isSectionName)) {
        const value = values[name];
        if (value !== null) {
            walk(value, name);
            continue;
        }
        const give = KEYED_SECTIONS.includes(name) ? `its keys: ${SECTIONS[name]}` : `a value (${SECTIONS[name]})`;
        const drops = KEYED_SECTIONS.includes(name) ? ", which would turn the whole section off" : "";
        issues.push({ path: name, value: null, problem: `${EMPTY_VALUE}${drops}; remove the key, or give it ${give}` });
    }
}

/**
 * Keys of namespaces the program does not read are errors: a typo in the project's namespace
 * (`legacy-tls-frnt:auth`) would otherwise drop the whole section without a word.
 */
function reportUnreadNamespaces(raw: RawStackConfig, issues: Issue[]): void {
    const read = [raw.project, ...PROVIDER_NAMESPACES];
    for (const [fullKey, value] of Object.entries(raw.otherKeys ?? {})) {
        const [namespace, key] = splitKey(fullKey, raw.project);
        if (read.includes(namespace)) continue;
        const intended = closestMatch(namespace, read);
        const intendedKey = intended === raw.project && !isSectionName(key) ? (closestMatch(key, SECTION_NAMES) ?? key) : key;
        issues.push({
            path: fullKey,
            value,
            problem:
                `is in namespace "${namespace}", which this program does not read${intended ? ` (did you mean ${intended}:${intendedKey}?)` : ""}; ` +
                `namespaces read: ${raw.project} (this project), ${PROVIDER_NAMESPACES.join(", ")}`,
        });
    }
}

// Whether the front needs a CloudFront signature on every path: one pattern matching everything (the
// front then trusts the key group on its default behaviour).
function signsEveryPath(signing: SigningConfig | undefined): boolean {
    return signing !== undefined && signing.pathPatterns.length === 1 && ["*", "/*"].includes(signing.pathPatterns[0]);
}

/** Parses and validates raw stack config; returns the typed config or every issue. */
export function parseStackConfig(raw: RawStackConfig): { config: StackConfig; issues: [] } | { config?: undefined; issues: Issue[] } {
    const issues: Issue[] = [];

    checkKnownKeys("", raw.values, SECTION_NAMES, issues, raw.project);
    reportUnreadNamespaces(raw, issues);
    reportEmptyValues(raw.values, issues);

    let region = "us-east-1";
    let regionKnown = false;
    const partitions = "allowed: commercial regions (aws) and cn-north-1 | cn-northwest-1 (aws-cn)";
    if (typeof raw.awsRegion === "string" && /^[a-z]{2}-(gov|iso[a-z]*)-[a-z]+-\d$/.test(raw.awsRegion)) {
        // GovCloud and ISO partitions have no CloudFront; failing here beats ARNs in the wrong partition.
        issues.push({ path: "aws:region", value: raw.awsRegion, problem: `is in a partition without CloudFront; ${partitions}` });
    } else if (typeof raw.awsRegion === "string" && /^eusc-[a-z]+-[a-z]+-\d$/.test(raw.awsRegion)) {
        issues.push({ path: "aws:region", value: raw.awsRegion, problem: `is in a partition this package does not deploy to (aws-eusc); ${partitions}` });
    } else if (checkAwsRegion("aws:region", raw.awsRegion, issues)) {
        region = raw.awsRegion;
        regionKnown = true;
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
    const mode = contentSection.oneOf("mode", FRONT_MODES);
    const content: ContentConfig = {
        mode: mode ?? "signed",
        uploads: contentSection.boolean("uploads", false),
        listBucket: contentSection.boolean("listBucket", false),
        public: contentSection.boolean("public", false),
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
        // As written: the component checks each transition, unknown keys included.
        noncurrentVersionTransitions: bucketSection.objectList("noncurrentVersionTransitions") as unknown as NoncurrentVersionTransition[],
        accessLogBucket: bucketSection.string("accessLogBucket"),
        protect: prod || protect,
        forceDestroy: prod ? false : forceDestroy,
    };

    const geo = frontSection.object("geoRestriction");
    if (geo) checkKnownKeys("front.geoRestriction", geo, ["restrictionType", "locations"], issues);
    const front: FrontConfig = {
        domainNames: frontSection.stringList("domainNames"),
        hostedZoneId: frontSection.string("hostedZoneId"),
        certificateArn: frontSection.string("certificateArn"),
        iamCertificateId: frontSection.string("iamCertificateId"),
        minimumTlsVersion: frontSection.oneOf("minimumTlsVersion", SECURITY_POLICY_NAMES),
        sslSupportMethod: frontSection.oneOf("sslSupportMethod", ["sni-only", "vip"] as const),
        clients: frontSection.stringList("clients"),
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

    const tags = readTags(raw, environment, api !== undefined, issues);

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
    if (front.domainNames.length > MAX_ALTERNATE_DOMAIN_NAMES) {
        issues.push({
            path: "front.domainNames",
            value: front.domainNames,
            problem: `lists ${front.domainNames.length} names; allowed: at most ${MAX_ALTERNATE_DOMAIN_NAMES} alternate domain names per distribution (CloudFront's quota)`,
        });
    }

    issues.push(...viewerAuthenticationIssues(raw, config, prod && environmentKnown && mode !== undefined));

    // The components' own combination rules, reported under the config keys that feed them.
    issues.push(...validatePrivateOriginBucketArgs(bucketArgs(config), regionKnown ? region : undefined).map(bucketIssueToConfig));
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

/**
 * Who may read and write, checked as a whole. In mode `signed` CloudFront signs every request to S3,
 * so the bucket serves whoever reaches the distribution unless viewers are authenticated at the edge:
 * by `auth` (a Cognito token on every behaviour) or by `signing` on every path (CloudFront signed URLs
 * or cookies, issued by the content service). In `unsigned` and `presigned` S3 checks each request's
 * own signature, so nothing is public. A `signing` section for some paths alone leaves the others open.
 *
 * - `content.public: true` declares public content; it contradicts viewer authentication.
 * - prod: mode `signed` without viewer authentication needs that declaration;
 * - prod: uploads in mode `signed` need viewer authentication, declaration or not (anyone could write).
 *
 * A present but invalid `auth` (null, not an object) is reported on its own, not again as missing.
 */
function viewerAuthenticationIssues(raw: RawStackConfig, config: StackConfig, prodRules: boolean): Issue[] {
    const issues: Issue[] = [];
    const { content, auth, signing } = config;
    const everyPathSigned = signsEveryPath(signing);
    if (content.public) {
        const why = auth
            ? "contradicts auth: viewers must present a Cognito token, so the content is not public; remove content.public or auth"
            : content.mode !== "signed"
              ? `contradicts mode "${content.mode}": S3 checks every request's own signature, so the content is not public; remove content.public`
              : everyPathSigned
                ? `contradicts signing.pathPatterns ${JSON.stringify(signing!.pathPatterns)}: every path needs a signed URL or cookie, so the content is not public; remove content.public`
                : undefined;
        if (why) issues.push({ path: "content.public", value: true, problem: why });
    }
    const authenticated = auth !== undefined || everyPathSigned || content.mode !== "signed";
    if (!prodRules || authenticated || raw.values.auth !== undefined) return issues;
    const every = 'sign every path (signing.pathPatterns: ["/*"])';
    if (!content.public) {
        const open = signing ? `every path but ${signing.pathPatterns.join(", ")}` : "every path";
        issues.push({
            path: "auth",
            value: undefined,
            problem:
                'is required in prod: in mode "signed" CloudFront signs every request to S3, so without viewer authentication anyone ' +
                `can read ${open}; add auth, ${every}, or declare the content public with content.public: true`,
        });
    }
    if (content.uploads) {
        issues.push({
            path: "content.uploads",
            value: true,
            problem:
                'is not allowed in prod without viewer authentication in mode "signed": CloudFront signs every request to S3, so anyone ' +
                `could write to the bucket; add auth, ${every}, or use mode unsigned | presigned, where S3 checks the uploader's own signature`,
        });
    }
    return issues;
}

/**
 * The `tags` section, checked against AWS's tag rules ({@link TAG_RULES}) and counted with everything
 * else that tags the same resources: the stack's own three, one a component adds, and the provider's
 * `aws:defaultTags`; Route 53 health checks (with `api`) take only 10.
 */
function readTags(raw: RawStackConfig, environment: Environment, withApi: boolean, issues: Issue[]): Record<string, string> {
    const tags: Record<string, string> = {};
    const rawTags = raw.values.tags;
    if (rawTags === undefined || rawTags === null) return tags;
    if (!isPlainObject(rawTags)) {
        issues.push({ path: "tags", value: rawTags, problem: "is not a map of tag names to string values" });
        return tags;
    }
    const setByStack: Record<string, string> = { project: raw.project, stack: raw.stack, environment };
    const reserved = [...STACK_TAG_KEYS, LEGACY_TLS_TAG];
    for (const [k, v] of Object.entries(rawTags)) {
        // A null value is reported by reportEmptyValues.
        if (v === null) continue;
        if ((reserved as readonly string[]).includes(k)) {
            const by = Object.hasOwn(setByStack, k) ? `the stack itself (to ${JSON.stringify(setByStack[k])})` : "the front itself (true when its viewer policy admits TLS below 1.2)";
            issues.push({ path: `tags.${k}`, value: v, problem: `is set by ${by}; remove it (allowed: any key but ${reserved.join(", ")})` });
            continue;
        }
        const before = issues.length;
        checkTag("tags", k, v, issues);
        // A data property, so even a tag named __proto__ is kept as written.
        if (issues.length === before) Object.defineProperty(tags, k, { value: v, enumerable: true, writable: true, configurable: true });
    }

    const defaults = raw.otherKeys?.["aws:defaultTags"];
    const defaultKeys = isPlainObject(defaults) && isPlainObject(defaults.tags) ? Object.keys(defaults.tags) : [];
    const own = Object.keys(rawTags).filter((k) => !(reserved as readonly string[]).includes(k));
    const fromDefaults = defaultKeys.filter((k) => !own.includes(k) && !(STACK_TAG_KEYS as readonly string[]).includes(k));
    const total = own.length + fromDefaults.length + STACK_TAG_KEYS.length + 1;
    const limit = withApi ? TAG_RULES.maxTagsPerRoute53HealthCheck : TAG_RULES.maxTagsPerResource;
    if (total > limit) {
        const parts = [
            `${own.length} here`,
            ...(fromDefaults.length > 0 ? [`${fromDefaults.length} more from aws:defaultTags`] : []),
            `${STACK_TAG_KEYS.length} the stack adds: ${STACK_TAG_KEYS.join(", ")}`,
            `1 a component adds: ${COMPONENT_TAG_KEYS.join(" or ")}`,
        ];
        const where = withApi ? " with api (Route 53 health checks take 10)" : "";
        issues.push({ path: "tags", value: rawTags, problem: `would give resources ${total} tags (${parts.join("; ")}); allowed: at most ${limit} per resource${where}` });
    }
    return tags;
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
        clients: f.clients,
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

/**
 * What the front's viewer TLS will be (policy, method, the listed clients and the handshake model's
 * setup), from the config alone: the plan's client matrix and `verify --stack` read it.
 */
export function viewerTlsOf(config: StackConfig): ViewerTls {
    // The origin does not influence viewer TLS; frontArgs needs one to build the whole argument set.
    return resolveViewerTls({ ...frontArgs(config, placeholderOrigin), partition: config.partition });
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
    const otherKeys: Record<string, unknown> = {};
    let awsRegion: unknown;
    for (const [fullKey, text] of Object.entries(flat)) {
        const [namespace, key] = splitKey(fullKey, project);
        if (namespace === "aws" && key === "region") awsRegion = text;
        // Own data properties: a key named __proto__ must be a key like any other (and an error), not
        // the prototype of the values, from which it could hand the config a section.
        const [target, name] = namespace === project ? [values, key] : [otherKeys, `${namespace}:${key}`];
        Object.defineProperty(target, name, { value: parseConfigValue(text), enumerable: true, writable: true, configurable: true });
    }
    return { project, stack, awsRegion, values, otherKeys };
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

function splitKey(fullKey: string, project: string): [string, string] {
    const colon = fullKey.indexOf(":");
    // A key without a namespace belongs to the project, as in the Pulumi CLI.
    if (colon < 0) return [project, fullKey];
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

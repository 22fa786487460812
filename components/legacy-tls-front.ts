import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DIRECTORY_INDEX_FUNCTION_MARKER, DIRECTORY_INDEX_FUNCTION_RUNTIME, directoryIndexFunctionCode } from "../shared/directory-index";
import {
    ALLOWED_METHODS,
    CACHED_METHODS,
    CLOUDFRONT_ACCESS_LOG_TYPE,
    CLOUDFRONT_CONTROL_REGION,
    DEFAULT_LOG_SUFFIX_PATH,
    DEFAULT_V2_LOG_FIELDS,
    HttpVersion,
    LEGACY_TLS_TAG,
    ManagedResponseHeadersPolicy,
    PARTITIONS,
    Partition,
    PriceClass,
    SecurityPolicy,
    StandardLogFormat,
    isLegacyPolicy,
} from "./cloudfront-facts";
import { ModeProfile, authorizationHeaderUse, modeProfile } from "./front-modes";
import { ResolvedOriginGrant } from "./origin-access-policy";
import { ProvidersByRegion, RegionalProviders, validateProvidersByRegion, validateUsEast1Provider } from "./providers";
import {
    CountryCode,
    CustomErrorResponse,
    FrontAccessLoggingSettings,
    FrontMode,
    GeoRestriction,
    GeoRestrictionType,
    LegacyTlsFrontSettings,
    LogRecordField,
    SslSupportMethod,
    ViewerProtocolPolicy,
} from "./settings/legacy-tls-front";
import { settingsIssues } from "./settings-validation";
import { ComponentState, componentType, withFormerType } from "./type-tokens";
import { SignedContentBehaviors, validateSignedPaths } from "./signed-content-keys";
import { ClientCompatibility, compatibilityOf } from "./tls-clients/compatibility-table";
import { DEDICATED_IP_PRICE } from "./tls-clients/viewer-policies";
import type { ClientProfile } from "./tls-clients/client-profile";
import { Issue, checkOneOf, isPlainObject, parseArn, throwIfIssues } from "./validation";
import { ViewerTls, resolveViewerTls, validateViewerTls } from "./viewer-tls";

// The settings are declared in settings/legacy-tls-front.ts; the package exports them from here.
export {
    CountryCode,
    CustomErrorResponse,
    FrontAccessLoggingSettings,
    GeoRestriction,
    GeoRestrictionType,
    LegacyTlsFrontSettings,
    LogRecordField,
    ViewerProtocolPolicy,
};

/** The bucket a front reads from; a `PrivateOriginBucket` is one. */
export interface OriginBucket {
    /** Bucket name. */
    readonly bucketName: pulumi.Input<string>;
    /** Bucket ARN. */
    readonly bucketArn: pulumi.Input<string>;
    /** The REST endpoint in the bucket's region, `BUCKET.s3.REGION.amazonaws.com` (never the website endpoint). */
    readonly regionalDomainName: pulumi.Input<string>;
}

/**
 * Access logging as the front takes it: the settings (`FrontAccessLoggingSettings`: v2 with
 * `bucketArn`, legacy with `bucketDomainName`). A `TlsAudit`'s `accessLogging` is one.
 *
 * What must exist before logs are written travels with the values, as Pulumi dependencies do in every
 * language: with v2 the log delivery waits for whatever `bucketArn` was computed from (the bucket policy
 * that lets the delivery write), with legacy logging the distribution waits for whatever
 * `bucketDomainName` was (the bucket's ownership controls and ACL, without which CloudFront refuses the
 * bucket). A `TlsAudit` hands out such values; with a bucket of your own, derive them the same way:
 * `pulumi.all([bucket.arn, policy.id]).apply(([arn]) => arn)`.
 * @example { bucketArn: "arn:aws:s3:::acme-cloudfront-logs" }
 * @example { bucketDomainName: pulumi.all([logs.bucketDomainName, ownership.id, acl.id]).apply(([d]) => d) }
 */
export interface FrontAccessLogging extends FrontAccessLoggingSettings {}

/** The viewer-request side of an authenticator: the function CloudFront runs, and what it reads. */
export interface ViewerRequestFunction {
    /**
     * Qualified (versioned) ARN of the function in us-east-1; CloudFront refuses `$LATEST` and aliases.
     * @example "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3"
     */
    readonly lambdaArn: pulumi.Input<string>;
    /**
     * Whether the function reads (and strips) the `Authorization` header; not allowed in mode
     * `unsigned`, where that header carries the viewer's SigV4 signature.
     */
    readonly readsAuthorizationHeader: boolean;
    /**
     * The index object's name the function appends to a URI ending in `/` after a successful check (see
     * the front's `directoryIndex`, which must name the same); absent when it rewrites nothing.
     * @default none
     */
    readonly directoryIndex?: string;
}

/**
 * A Lambda@Edge viewer-request function that authenticates viewers before CloudFront serves anything,
 * cached or not; a `CognitoEdgeAuth` is one. The front associates it with its behaviours itself,
 * so nobody wires ARNs by hand.
 */
export interface ViewerRequestAuth {
    /** The viewer-request side of the authenticator. */
    readonly viewerRequest: ViewerRequestFunction;
}

/**
 * Arguments of `LegacyTlsFront`: its settings (`LegacyTlsFrontSettings`, what a stack file's
 * `front` section holds), and what the program around it decides: the origin, the partition, tags,
 * providers, and the components it composes with.
 */
export interface LegacyTlsFrontArgs extends LegacyTlsFrontSettings {
    /** The private bucket to serve. */
    readonly origin: OriginBucket;
    /**
     * The AWS partition. In `aws-cn` CloudFront has no origin access control, so an origin access
     * identity is used, and a custom domain with an IAM server certificate is required.
     * @default "aws"
     */
    readonly partition?: Partition;
    /**
     * Access logs to S3: standard logging (v2) with `bucketArn` (recommended; no bucket ACLs), or legacy
     * logging with `bucketDomainName` (the bucket needs ACLs), and what to wait for. See `FrontAccessLogging`.
     * @default off
     * @example { bucketArn: "arn:aws:s3:::acme-cloudfront-logs" }
     */
    readonly accessLogging?: FrontAccessLogging;
    /** @default {} */
    readonly tags?: Record<string, string>;
    /**
     * Your own AWS providers, by region, for what CloudFront pins to a region: the ACM certificate it
     * requests in us-east-1 (`{ "us-east-1": provider }`). Without one, the certificate goes through the
     * component's own explicit provider (`opts.provider`/`opts.providers`, or its parent's) with a
     * `region: "us-east-1"` argument; without that either, through a provider the component creates,
     * `${name}-us-east-1`, with every `aws:*` setting of the stack (profile, assumed roles, allowed
     * account IDs, default tags, ...) and only the region changed. Everything else (distribution, DNS
     * records, origin access) uses the component's provider like any Pulumi child.
     * @default as described: your explicit provider with a region argument, else one with the stack's settings
     * @example { "us-east-1": new aws.Provider("edge", { region: "us-east-1", assumeRoles: [{ roleArn }] }) }
     */
    readonly providers?: ProvidersByRegion;
    /**
     * A us-east-1 provider to share; CloudFront requires its ACM certificates there.
     * @deprecated the older spelling of `providers: { "us-east-1": provider }`; both may be given only when they are the same provider
     * @default see `LegacyTlsFrontArgs.providers`
     */
    readonly usEast1Provider?: aws.Provider;
    /**
     * Authenticate every viewer request at the edge (all behaviours: default and ordered) with this
     * viewer-request function, e.g. a `CognitoEdgeAuth`. Not available in `aws-cn` (no Lambda@Edge).
     * @default none (anyone who can reach the distribution is served)
     */
    readonly viewerAuth?: ViewerRequestAuth;
    /**
     * Paths that require CloudFront signed URLs or cookies (mode `signed` only): a `SignedContentKeys`,
     * which carries its key group and paths, or the same by hand. See `SignedContentBehaviors`.
     * @default none
     * @example keys // a SignedContentKeys
     */
    readonly signedContent?: SignedContentBehaviors;
}

/** Key prefix of the front's access logs unless `accessLogging.prefix` says otherwise. */
export const DEFAULT_LOG_PREFIX = "cloudfront/";

/**
 * Most cache behaviours a distribution may have (default quota, adjustable): the default behaviour and
 * at most one less signed paths (the `@maxItems` of `SignedContentKeysSettings.pathPatterns`).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
export const MAX_CACHE_BEHAVIORS = 75;

// CloudFront Function names are unique in the account: 1 to 64 letters, digits, hyphens and underscores.
// https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_FunctionSummary.html
const CLOUDFRONT_FUNCTION_NAME_LENGTH = 64;

/**
 * The name of a front's directory-index CloudFront Function: the front's name made of allowed characters,
 * and a hash of project, stack and front, so two stacks in one account never collide. Fixed rather than
 * auto-named: Pulumi's random suffix could push a long front name past 64 characters.
 */
export function directoryIndexFunctionName(frontName: string, project = pulumi.getProject(), stack = pulumi.getStack()): string {
    const unique = createHash("sha256").update(`${project}/${stack}/${frontName}`).digest("hex").slice(0, 8);
    const suffix = `${DIRECTORY_INDEX_FUNCTION_MARKER}${unique}`;
    return `${frontName.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, CLOUDFRONT_FUNCTION_NAME_LENGTH - suffix.length)}${suffix}`;
}

// A Lambda function version ARN in us-east-1: CloudFront associates numbered versions only.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
const QUALIFIED_EDGE_LAMBDA_ARN = /^arn:aws:lambda:us-east-1:\d{12}:function:[A-Za-z0-9_-]{1,64}:\d+$/;

/**
 * Why directory indexes cannot be used in `mode`, or `undefined` where they can (`signed`). In `unsigned`
 * and `presigned` S3 checks the viewer's own SigV4 signature, which covers the path: a rewritten path no
 * longer matches it, so S3 would refuse every directory request.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html (the canonical URI is part of the signed request)
 */
export function directoryIndexConflict(mode: FrontMode): string | undefined {
    switch (mode) {
        case FrontMode.Unsigned:
            return "the viewer's SigV4 signature covers the path, so S3 would refuse the rewritten request";
        case FrontMode.Presigned:
            return "the presigned URL's signature covers the path, so S3 would refuse the rewritten request";
        default:
            return undefined;
    }
}

/**
 * Whether a signed path pattern may match a rewritten URI (`<directory>/<index>`) without matching every
 * directory URI it came from. CloudFront picks the cache behaviour by the viewer's URI before the rewrite,
 * so such a pattern would let `/docs/` be served as `/docs/index.html` by an unsigned behaviour. A pattern
 * ending in `/*` (or `*` alone) is safe: the index name holds no `/`, so the rewritten URI matches it
 * exactly when the directory URI does. Any other pattern is judged by its end (`*` any characters, `?`
 * one): where it cannot end in `/<index>` it matches no rewritten URI; otherwise it may.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 */
function mayServeIndexUnsigned(pattern: string, index: string): boolean {
    if (pattern === "*" || pattern.endsWith("/*")) return false;
    const ending = `/${index}`;
    const star = pattern.lastIndexOf("*");
    const tail = star < 0 ? pattern : pattern.slice(star + 1);
    // Without a `*` the whole URI is matched character by character, so a shorter pattern matches nothing.
    if (star < 0 && tail.length < ending.length) return false;
    const n = Math.min(tail.length, ending.length);
    const [a, b] = [tail.slice(tail.length - n), ending.slice(ending.length - n)];
    for (let i = 0; i < n; i++) if (a[i] !== "?" && a[i] !== b[i]) return false;
    return true;
}

/**
 * Checks directory indexes against the rest of the front: the mode, the default root object, the signed
 * paths, and the authenticator that must rewrite where it runs (its name shape is the schema's).
 */
function validateDirectoryIndex(args: LegacyTlsFrontArgs, refused: (path: string) => boolean, issues: Issue[]): void {
    const index = args.directoryIndex;
    const authIndex = isPlainObject(args.viewerAuth) && isPlainObject(args.viewerAuth.viewerRequest) ? args.viewerAuth.viewerRequest.directoryIndex : undefined;
    if (index === undefined) {
        if (authIndex !== undefined) {
            issues.push({
                path: "viewerAuth.viewerRequest.directoryIndex",
                value: authIndex,
                problem: "is set but the front has no directoryIndex: set the front's directoryIndex to the same name, or build the authenticator without it",
            });
        }
        return;
    }
    if (typeof index !== "string" || refused("directoryIndex")) return;
    const conflict = directoryIndexConflict(args.mode);
    if (conflict) issues.push({ path: "directoryIndex", value: index, problem: `cannot be used in mode "${args.mode}": ${conflict}` });
    if (typeof args.defaultRootObject === "string" && args.defaultRootObject !== index) {
        issues.push({
            path: "directoryIndex",
            value: index,
            problem: `differs from defaultRootObject "${args.defaultRootObject}": "/" would be served as one or the other; name the same object, or leave defaultRootObject out`,
        });
    }
    const signed = args.signedContent;
    if (isPlainObject(signed) && Array.isArray(signed.pathPatterns) && !signsEveryPath(signed)) {
        signed.pathPatterns.forEach((pattern, i) => {
            if (typeof pattern === "string" && mayServeIndexUnsigned(pattern, index)) {
                issues.push({
                    path: "directoryIndex",
                    value: index,
                    problem:
                        `cannot be combined with the signed path pattern "${pattern}" (signedContent.pathPatterns[${i}]): CloudFront picks the behaviour by the viewer's path ` +
                        `before the rewrite, so a directory URL outside the pattern would be served as its "${index}" without a signature; sign directories with patterns ending in "/*"`,
                });
            }
        });
    }
    if (isPlainObject(args.viewerAuth) && isPlainObject(args.viewerAuth.viewerRequest) && authIndex !== index) {
        issues.push({
            path: "viewerAuth.viewerRequest.directoryIndex",
            value: authIndex,
            problem: `must be "${index}", the front's directoryIndex: the authenticator rewrites directory URIs on the behaviours it runs on (CloudFront allows no CloudFront Function beside it on viewer events); pass the same directoryIndex to it`,
        });
    }
}

/** Whether signed content covers every path: then the default behaviour is the signed one. */
function signsEveryPath(signed: SignedContentBehaviors | undefined): boolean {
    return signed !== undefined && Array.isArray(signed.pathPatterns) && signed.pathPatterns.length === 1 && ["*", "/*"].includes(signed.pathPatterns[0]);
}

/** Checks a front's viewer authentication against its mode and partition. */
function validateViewerAuth(args: LegacyTlsFrontArgs, issues: Issue[]): void {
    const auth = args.viewerAuth;
    if (auth === undefined) return;
    if (!auth || !auth.viewerRequest || typeof auth.viewerRequest.readsAuthorizationHeader !== "boolean") {
        issues.push({ path: "viewerAuth", value: auth, problem: "is not a viewer-request authenticator ({ viewerRequest: { lambdaArn, readsAuthorizationHeader } })" });
        return;
    }
    if (args.partition === Partition.AwsCn) {
        issues.push({ path: "viewerAuth", value: "(set)", problem: 'is not available in partition "aws-cn": CloudFront in China has no Lambda@Edge' });
    }
    const headerUse = authorizationHeaderUse(args.mode);
    if (headerUse && auth.viewerRequest.readsAuthorizationHeader) {
        issues.push({
            path: "viewerAuth",
            value: "(reads the Authorization header)",
            problem: `cannot be combined with mode "${args.mode}": ${headerUse}; make the authenticator take its token from a cookie only (tokenSources: ["cookie"] with a cookieName)`,
        });
    }
    const arn = auth.viewerRequest.lambdaArn;
    if (typeof arn === "string" && !QUALIFIED_EDGE_LAMBDA_ARN.test(arn)) {
        issues.push({
            path: "viewerAuth.viewerRequest.lambdaArn",
            value: arn,
            problem: "is not a numbered version of a Lambda function in us-east-1 (arn:aws:lambda:us-east-1:ACCOUNT:function:NAME:VERSION)",
        });
    }
}

/**
 * Checks the signed-content behaviours against the front: the mode, and a key group to trust. The paths
 * are the keys' settings and are checked by their rules (a `SignedContentKeys` has checked its own;
 * a hand-built value is checked here with the same ones).
 */
function validateSignedContent(args: LegacyTlsFrontArgs, issues: Issue[]): void {
    const signed = args.signedContent;
    if (signed === undefined) return;
    if (args.mode !== FrontMode.Signed) {
        issues.push({
            path: "signedContent",
            value: "(set)",
            problem: `only applies in mode "signed" (in "${args.mode}" S3 already checks the viewer's own SigV4 signature on every request)`,
        });
    }
    if (!isPlainObject(signed)) {
        issues.push({ path: "signedContent", value: signed, problem: "is not signed content ({ keyGroup, pathPatterns }, e.g. a SignedContentKeys)" });
        return;
    }
    if (!isPlainObject(signed.keyGroup) || signed.keyGroup.keyGroupId === undefined) {
        issues.push({ path: "signedContent.keyGroup", value: signed.keyGroup, problem: "is required: a key group to trust, e.g. a SignedContentKeys" });
    }
    issues.push(...validateSignedPaths(signed, "signedContent"));
}

// Options that only standard logging (v2) has.
const V2_ONLY = ["outputFormat", "recordFields", "suffixPath", "hiveCompatiblePath"] as const;

/**
 * Checks how a front's access logging settings combine: v2 (bucketArn) or legacy (bucketDomainName), and
 * the options of each. Their shapes are the settings schema's; `refused` says which paths it refused.
 */
function validateAccessLogging(logging: FrontAccessLogging, partition: Partition, refused: (path: string) => boolean, issues: Issue[]): void {
    // Not an object: the schema says so.
    if (!isPlainObject(logging)) return;
    const v2 = logging.bucketArn !== undefined;
    if (!v2 && logging.bucketDomainName === undefined) {
        issues.push({
            path: "accessLogging",
            value: logging,
            problem: "needs bucketArn (standard logging v2, recommended) or bucketDomainName (legacy logging, to a bucket with ACLs enabled)",
        });
        return;
    }
    if (v2 && logging.bucketDomainName !== undefined) {
        issues.push({
            path: "accessLogging.bucketDomainName",
            value: logging.bucketDomainName,
            problem: "cannot be combined with bucketArn: give bucketArn for standard logging (v2) or bucketDomainName for legacy logging",
        });
        return;
    }
    if (typeof logging.bucketArn === "string" && partition === Partition.AwsCn && !refused("accessLogging.bucketArn")) {
        // https://docs.amazonaws.cn/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html (the China copy of the page: v2 is not available in the China Regions)
        issues.push({
            path: "accessLogging.bucketArn",
            value: logging.bucketArn,
            problem: 'is not available in partition "aws-cn": CloudFront has no standard logging (v2) in China; use bucketDomainName (legacy logging)',
        });
    }
    if (typeof logging.includeCookies === "boolean" && v2) {
        issues.push({
            path: "accessLogging.includeCookies",
            value: logging.includeCookies,
            problem: "only applies to legacy logging (bucketDomainName); with standard logging (v2) list cs(Cookie) in recordFields",
        });
    }
    if (!v2) {
        for (const key of V2_ONLY) {
            if (logging[key] !== undefined) {
                issues.push({ path: `accessLogging.${key}`, value: logging[key], problem: "only applies to standard logging (v2, with bucketArn), not to legacy logging" });
            }
        }
        return;
    }
    const fields = logging.recordFields;
    if (Array.isArray(fields)) {
        fields.forEach((f, i) => {
            if (typeof f === "string" && fields.indexOf(f) !== i) issues.push({ path: `accessLogging.recordFields[${i}]`, value: f, problem: "is listed twice" });
        });
    }
}

/**
 * Checks the arguments of a `LegacyTlsFront` and returns every problem found: the settings against
 * their schema (types, allowed values, ranges, patterns, unknown keys), then the rules that tie them
 * together and to the rest of the arguments (viewer TLS combinations, listBucket, access logging, the
 * viewer authenticator and signed paths against the mode and partition, providers). Each path starts
 * with `prefix` (a config section, or `""`). Values that are not known yet (outputs) are skipped.
 */
export function validateLegacyTlsFrontArgs(args: LegacyTlsFrontArgs, prefix = ""): Issue[] {
    const { origin, partition, tags, providers, usEast1Provider, viewerAuth, signedContent, ...settings } = args;
    const accessLogging = args.accessLogging;
    const schemaIssues = settingsIssues("LegacyTlsFrontSettings", settings, prefix);
    const at = (path: string): string => (prefix === "" ? path : `${prefix}.${path}`);
    const refusedPaths = new Set(schemaIssues.map((i) => i.path));
    const refused = (path: string): boolean => refusedPaths.has(at(path));

    const issues: Issue[] = [];
    const partitionOk = partition === undefined || checkOneOf("partition", partition, PARTITIONS, issues);
    if (args.listBucket === true && args.mode !== FrontMode.Signed) {
        issues.push({
            path: "listBucket",
            value: true,
            problem: `only applies in mode "signed" (in "${args.mode}" S3 checks the viewer's own permissions)`,
        });
    }
    if (args.listBucket === true && args.mode === FrontMode.Signed && args.defaultRootObject === undefined) {
        issues.push({
            path: "listBucket",
            value: true,
            problem: "needs defaultRootObject: without it a request for / reaches S3 as a bucket listing and returns the keys",
        });
    }
    // The viewer TLS rules need a known partition and a list of domain names (anything else, the schema reports).
    if (partitionOk && (args.domainNames === undefined || Array.isArray(args.domainNames))) {
        issues.push(
            ...validateViewerTls({
                partition: partition ?? Partition.Aws,
                domainNames: args.domainNames,
                hostedZoneId: args.hostedZoneId,
                certificateArn: args.certificateArn,
                iamCertificateId: args.iamCertificateId,
                minimumTlsVersion: args.minimumTlsVersion,
                sslSupportMethod: args.sslSupportMethod,
                clients: args.clients,
            }),
        );
    }
    if (typeof args.webAclArn === "string") {
        const arn = parseArn(args.webAclArn);
        if (!arn || arn.service !== "wafv2" || arn.region !== CLOUDFRONT_CONTROL_REGION || !arn.resource.startsWith("global/webacl/")) {
            issues.push({
                path: "webAclArn",
                value: args.webAclArn,
                problem: "is not a WAFv2 web ACL of CLOUDFRONT scope (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID)",
            });
        }
    }
    if (accessLogging !== undefined) validateAccessLogging(accessLogging, partition ?? Partition.Aws, refused, issues);
    validateViewerAuth(args, issues);
    validateSignedContent(args, issues);
    validateDirectoryIndex(args, refused, issues);
    validateProvidersByRegion(providers, issues);
    validateUsEast1Provider(usEast1Provider, providers, issues);
    return [...schemaIssues, ...issues.map((i) => ({ ...i, path: at(i.path) }))];
}

/** What a `LegacyTlsFront` keeps for its own code and its TypeScript-only accessors. */
interface LegacyTlsFrontState {
    readonly resourceName: string;
    readonly regional: RegionalProviders;
    readonly profile: ModeProfile;
    readonly clientCompatibility: ClientCompatibility[];
}
const frontState = new ComponentState<LegacyTlsFront, LegacyTlsFrontState>();

/**
 * A CloudFront distribution in front of a private S3 bucket, for clients that may only speak
 * TLS 1.0/1.1: CloudFront accepts them at the edge (with the security policy you choose) and talks
 * TLS 1.2+ to S3. The `mode` sets origin access control signing, cache policy and origin request policy
 * together; custom domains get an ACM certificate in us-east-1 and Route 53 alias records.
 *
 * @example
 * const front = new LegacyTlsFront("front", {
 *     origin: content,
 *     mode: "signed",
 *     domainNames: ["legacy.example.com"],
 *     hostedZoneId: "Z0123456789ABCDEFGHIJ",
 *     minimumTlsVersion: "TLSv1_2016",
 * });
 */
export class LegacyTlsFront extends pulumi.ComponentResource {
    /** Distribution ID. */
    public readonly distributionId: pulumi.Output<string>;
    /** Distribution ARN, the `AWS:SourceArn` the bucket policy trusts. */
    public readonly distributionArn: pulumi.Output<string>;
    /** The distribution's own name, `dXXXX.cloudfront.net`. */
    public readonly domainName: pulumi.Output<string>;
    /** `https://` URLs viewers use: one per custom domain, or the CloudFront name. */
    public readonly urls: pulumi.Output<string[]>;
    /** Name of the bucket behind the front. */
    public readonly bucketName: pulumi.Output<string>;
    /** Origin access control ID (`undefined` in aws-cn, where an origin access identity is used). */
    public readonly originAccessControlId: pulumi.Output<string | undefined>;
    /** The certificate the distribution presents (ACM ARN or IAM certificate ID); `undefined` for the default. */
    public readonly certificate: pulumi.Output<string | undefined>;
    /** The security policy CloudFront applies to viewers. */
    public readonly securityPolicy: SecurityPolicy;
    /** `sni-only` or `vip`; absent with the default `*.cloudfront.net` certificate. */
    public readonly sslSupportMethod?: SslSupportMethod;
    /** What the bucket must allow this distribution; absent when CloudFront does not sign. */
    public readonly originGrant?: pulumi.Output<ResolvedOriginGrant>;

    /**
     * How each listed client (`clients`) connects under these settings, as the handshake model predicts
     * it. TypeScript only (an accessor, outside the schema other languages see: `trusted` has three states).
     */
    public get clientCompatibility(): ClientCompatibility[] {
        return frontState.of(this).clientCompatibility;
    }
    /** The mode's settings, for reports. TypeScript only (an accessor, outside the schema: it holds unions). */
    public get profile(): ModeProfile {
        return frontState.of(this).profile;
    }
    private get resourceName(): string {
        return frontState.of(this).resourceName;
    }
    /** Where children pinned to a region go (the certificate, the log delivery): one provider per region at most. */
    private get regional(): RegionalProviders {
        return frontState.of(this).regional;
    }

    constructor(name: string, args: LegacyTlsFrontArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad arguments leave no half-made component behind.
        throwIfIssues(`LegacyTlsFront "${name}"`, validateLegacyTlsFrontArgs(args));
        super(componentType("LegacyTlsFront"), name, {}, withFormerType("legacytls:cloudfront:LegacyTlsFront", opts));
        const given = { ...(args.providers ?? {}), ...(args.usEast1Provider ? { [CLOUDFRONT_CONTROL_REGION]: args.usEast1Provider } : {}) };
        const partition = args.partition ?? "aws";
        const uploads = args.uploads ?? false;
        const tls = resolveViewerTls({ ...args, partition });
        frontState.init(this, {
            resourceName: name,
            regional: new RegionalProviders(name, this, given),
            profile: modeProfile(args.mode, uploads),
            clientCompatibility: compatibilityOf(tls.clients, tls.setup),
        });
        this.securityPolicy = tls.securityPolicy;
        if (tls.sslSupportMethod !== undefined) this.sslSupportMethod = tls.sslSupportMethod;
        if (args.sslSupportMethod === undefined && tls.sslSupportMethod === SslSupportMethod.Vip) {
            pulumi.log.info(
                `LegacyTlsFront "${name}": sslSupportMethod vip, because ${noSni(tls.clients)}; ` +
                    `dedicated IPs cost US$${DEDICATED_IP_PRICE.usdPerMonth} per month per certificate (AWS pricing, checked ${DEDICATED_IP_PRICE.checked})`,
                this,
            );
        }
        if (args.mode === FrontMode.Signed && uploads) {
            // Allowed because customers asked for it, but never silently: CloudFront signs every request,
            // so anyone who can reach the distribution can write until viewers are authenticated at the edge.
            pulumi.log.warn(
                `LegacyTlsFront "${name}": uploads in mode "signed" let every viewer of the distribution write to the bucket; ` +
                    'authenticate viewers at the edge, or use mode "unsigned" or "presigned" where S3 checks the uploader\'s signature',
                this,
            );
        }
        const domainNames = [...(args.domainNames ?? [])];

        const originAccess = this.createOriginAccess(partition);
        const cachePolicyId = this.cachePolicy();
        const originRequestPolicyId = this.originRequestPolicy();
        const certificate = this.viewerCertificate(args, tls, domainNames);

        const originId = "private-s3-origin";
        // Every behaviour shares the origin and the mode's policies; they differ only in path, trusted
        // key groups and whether the viewer-request authenticator runs.
        const behavior = {
            targetOriginId: originId,
            viewerProtocolPolicy: args.viewerProtocolPolicy ?? ViewerProtocolPolicy.RedirectToHttps,
            allowedMethods: [...(uploads ? ALLOWED_METHODS.all : ALLOWED_METHODS.read)],
            cachedMethods: [...CACHED_METHODS],
            cachePolicyId,
            originRequestPolicyId,
            responseHeadersPolicyId: this.responseHeadersPolicyId(args),
            compress: this.profile.compress && (args.compress ?? true),
        };
        // Viewer request: CloudFront runs the function before its cache, so cached objects are guarded too.
        // The body is never needed to check a token.
        const authentication = args.viewerAuth
            ? [{ eventType: "viewer-request", lambdaArn: args.viewerAuth.viewerRequest.lambdaArn, includeBody: false }]
            : undefined;
        const legacyLogging = args.accessLogging?.bucketArn === undefined ? args.accessLogging : undefined;
        const signed = args.signedContent;
        const signsEverything = signed !== undefined && signed.pathPatterns.length === 1 && ["*", "/*"].includes(signed.pathPatterns[0]);
        const signedPathAuthentication = signed?.viewerAuth === false ? undefined : authentication;
        // Directory indexes: where the authenticator runs it rewrites (CloudFront allows no CloudFront
        // Function beside a Lambda@Edge function on viewer events); the default behaviour without it gets
        // the CloudFront Function, created only then. Signed paths without the authenticator run no function
        // at all (the point of signed cookies: CloudFront alone checks them); they serve objects by key.
        // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
        const defaultAuthentication = signsEverything ? signedPathAuthentication : authentication;
        const indexFunction =
            args.directoryIndex !== undefined && !signsEverything && defaultAuthentication === undefined
                ? this.directoryIndexFunction(args.directoryIndex)
                : undefined;
        const directoryIndexFor = (lambda: typeof authentication) =>
            indexFunction && lambda === undefined ? [{ eventType: "viewer-request", functionArn: indexFunction.arn }] : undefined;
        const distribution = new aws.cloudfront.Distribution(
            `${name}-distribution`,
            {
                enabled: true,
                comment: args.comment ?? `Legacy TLS front (${args.mode}) for ${name}`,
                aliases: domainNames,
                origins: [
                    {
                        originId,
                        domainName: args.origin.regionalDomainName,
                        originAccessControlId: originAccess.oac?.id,
                        s3OriginConfig: originAccess.oai
                            ? { originAccessIdentity: originAccess.oai.cloudfrontAccessIdentityPath }
                            : undefined,
                    },
                ],
                defaultCacheBehavior: {
                    ...behavior,
                    lambdaFunctionAssociations: defaultAuthentication,
                    functionAssociations: directoryIndexFor(defaultAuthentication),
                    trustedKeyGroups: signsEverything ? [signed.keyGroup.keyGroupId] : undefined,
                },
                orderedCacheBehaviors:
                    signed && !signsEverything
                        ? signed.pathPatterns.map((pathPattern) => ({
                              ...behavior,
                              pathPattern,
                              trustedKeyGroups: [signed.keyGroup.keyGroupId],
                              lambdaFunctionAssociations: signedPathAuthentication,
                          }))
                        : undefined,
                viewerCertificate: certificate
                    ? {
                          acmCertificateArn: certificate.acmArn,
                          iamCertificateId: certificate.iamId,
                          minimumProtocolVersion: tls.securityPolicy,
                          sslSupportMethod: tls.sslSupportMethod,
                      }
                    : { cloudfrontDefaultCertificate: true },
                priceClass: args.priceClass ?? PriceClass.All,
                httpVersion: args.httpVersion ?? HttpVersion.Http2and3,
                isIpv6Enabled: args.ipv6 ?? true,
                defaultRootObject: args.defaultRootObject,
                webAclId: args.webAclArn,
                // Legacy logging only; standard logging (v2) is set up by log delivery resources (logV2).
                loggingConfig:
                    legacyLogging?.bucketDomainName !== undefined
                        ? {
                              bucket: legacyLogging.bucketDomainName,
                              prefix: legacyLogging.prefix ?? DEFAULT_LOG_PREFIX,
                              includeCookies: legacyLogging.includeCookies ?? false,
                          }
                        : undefined,
                customErrorResponses: (args.customErrorResponses ?? []).map((r) => ({
                    errorCode: r.errorCode,
                    responseCode: r.responseCode ?? r.errorCode,
                    responsePagePath: r.responsePagePath,
                    errorCachingMinTtl: r.errorCachingMinTtl ?? 10,
                })),
                restrictions: {
                    geoRestriction: args.geoRestriction
                        ? {
                              restrictionType: args.geoRestriction.restrictionType,
                              locations: [...args.geoRestriction.locations],
                          }
                        : { restrictionType: "none" },
                },
                // The marker says the legacy policy was chosen on purpose (see LEGACY_TLS_TAG); it is
                // written last so a user tag cannot claim or hide it.
                tags: { ...(args.tags ?? {}), [LEGACY_TLS_TAG]: String(isLegacyPolicy(tls.securityPolicy)) },
            },
            // Legacy logging: CloudFront checks the bucket's ACL when the distribution is created or
            // updated, so the distribution waits for what `bucketDomainName` came from (the ownership
            // controls and ACL, see FrontAccessLogging): an input's dependencies are the resource's.
            // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html#AccessLogsBucketAndFileOwnership
            { parent: this },
        );

        if (args.accessLogging?.bucketArn !== undefined) this.logV2(args.accessLogging, distribution, args.tags ?? {});
        if (args.hostedZoneId !== undefined) this.aliasRecords(args.hostedZoneId, domainNames, distribution, args.ipv6 ?? true);

        this.distributionId = distribution.id;
        this.distributionArn = distribution.arn;
        this.domainName = distribution.domainName;
        this.urls =
            domainNames.length > 0
                ? pulumi.output(domainNames.map((d) => `https://${d}`))
                : distribution.domainName.apply((d) => [`https://${d}`]);
        this.bucketName = pulumi.output(args.origin.bucketName);
        this.originAccessControlId = originAccess.oac ? originAccess.oac.id : pulumi.output(undefined);
        this.certificate = certificate ? pulumi.output(certificate.acmArn ?? certificate.iamId) : pulumi.output(undefined);
        if (this.profile.bucketGrantsCloudFront) {
            this.originGrant = pulumi.all([distribution.arn, originAccess.oai?.iamArn]).apply(([distributionArn, oaiArn]) => ({
                distributionArn,
                originAccessIdentityArn: oaiArn,
                list: args.listBucket ?? false,
                write: uploads,
            }));
        }

        this.registerOutputs({
            distributionId: this.distributionId,
            distributionArn: this.distributionArn,
            domainName: this.domainName,
            urls: this.urls,
            bucketName: this.bucketName,
            originAccessControlId: this.originAccessControlId,
            certificate: this.certificate,
        });
    }

    // Origin access control everywhere it exists; an origin access identity in aws-cn, and only when
    // CloudFront has to authenticate to S3 at all.
    private createOriginAccess(partition: Partition): {
        oac?: aws.cloudfront.OriginAccessControl;
        oai?: aws.cloudfront.OriginAccessIdentity;
    } {
        if (partition === "aws-cn") {
            if (!this.profile.bucketGrantsCloudFront) return {};
            return {
                oai: new aws.cloudfront.OriginAccessIdentity(
                    `${this.resourceName}-oai`,
                    { comment: `Reads the private origin of ${this.resourceName}` },
                    { parent: this },
                ),
            };
        }
        return {
            oac: new aws.cloudfront.OriginAccessControl(
                `${this.resourceName}-oac`,
                {
                    description: `S3 access for ${this.resourceName} (${this.profile.mode})`,
                    originAccessControlOriginType: "s3",
                    signingBehavior: this.profile.oacSigning,
                    signingProtocol: "sigv4",
                },
                { parent: this },
            ),
        };
    }

    // The viewer-request CloudFront Function of directory indexes: the rule of shared/directory-index.ts,
    // published (CloudFront associates the LIVE stage only). CloudFront is global: no region to choose.
    // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateFunction.html
    private directoryIndexFunction(index: string): aws.cloudfront.Function {
        return new aws.cloudfront.Function(
            `${this.resourceName}-directory-index`,
            {
                name: directoryIndexFunctionName(this.resourceName),
                runtime: DIRECTORY_INDEX_FUNCTION_RUNTIME,
                code: directoryIndexFunctionCode(index),
                publish: true,
            },
            { parent: this },
        );
    }

    private cachePolicy(): pulumi.Input<string> {
        const choice = this.profile.cachePolicy;
        if ("managedId" in choice) return choice.managedId;
        const spec = choice.create;
        return new aws.cloudfront.CachePolicy(
            `${this.resourceName}-cache`,
            {
                comment: spec.comment,
                minTtl: spec.minTtl,
                defaultTtl: spec.defaultTtl,
                maxTtl: spec.maxTtl,
                parametersInCacheKeyAndForwardedToOrigin: {
                    cookiesConfig: { cookieBehavior: "none" },
                    headersConfig:
                        spec.headers.length > 0
                            ? { headerBehavior: "whitelist", headers: { items: [...spec.headers] } }
                            : { headerBehavior: "none" },
                    queryStringsConfig: { queryStringBehavior: spec.queryStrings },
                    enableAcceptEncodingGzip: spec.enableAcceptEncodingGzip,
                    enableAcceptEncodingBrotli: spec.enableAcceptEncodingBrotli,
                },
            },
            { parent: this },
        ).id;
    }

    private originRequestPolicy(): pulumi.Input<string> {
        const choice = this.profile.originRequestPolicy;
        if ("managedId" in choice) return choice.managedId;
        const spec = choice.create;
        return new aws.cloudfront.OriginRequestPolicy(
            `${this.resourceName}-origin-request`,
            {
                comment: spec.comment,
                cookiesConfig: { cookieBehavior: "none" },
                headersConfig: { headerBehavior: spec.headerBehavior, headers: { items: [...spec.headers] } },
                queryStringsConfig: { queryStringBehavior: spec.queryStrings },
            },
            { parent: this },
        ).id;
    }

    private responseHeadersPolicyId(args: LegacyTlsFrontArgs): pulumi.Input<string> | undefined {
        if (args.responseHeadersPolicyId === undefined) return ManagedResponseHeadersPolicy.SecurityHeadersPolicy;
        return pulumi.output(args.responseHeadersPolicyId).apply((id) => (id === "" ? undefined : id)) as pulumi.Output<string>;
    }

    private viewerCertificate(
        args: LegacyTlsFrontArgs,
        tls: ViewerTls,
        domainNames: string[],
    ): { acmArn?: pulumi.Input<string>; iamId?: pulumi.Input<string> } | undefined {
        switch (tls.certificateSource) {
            case "cloudfront-default":
                return undefined;
            case "iam":
                return { iamId: args.iamCertificateId };
            case "acm-existing":
                return { acmArn: args.certificateArn };
            case "acm-created":
                return { acmArn: this.requestCertificate(args, domainNames) };
        }
    }

    // An ACM certificate in us-east-1 (CloudFront reads certificates only from there), validated by
    // DNS records in the hosted zone. The distribution takes the ARN from the validation, so it is
    // created only once the certificate is issued. The certificate and its validation run with the
    // caller's account settings (see RegionalProviders); the records are global Route 53 resources.
    private requestCertificate(args: LegacyTlsFrontArgs, domainNames: string[]): pulumi.Output<string> {
        const { provider, region } = this.regional.placement(CLOUDFRONT_CONTROL_REGION);
        const certificate = new aws.acm.Certificate(
            `${this.resourceName}-certificate`,
            {
                domainName: domainNames[0],
                subjectAlternativeNames: domainNames.slice(1),
                validationMethod: "DNS",
                keyAlgorithm: "RSA_2048",
                tags: args.tags ?? {},
                region,
            },
            { parent: this, provider },
        );
        // `example.com` and `*.example.com` share one validation record: create each record once.
        const validatedNames = [...new Set(domainNames.map((d) => d.replace(/^\*\./, "")))];
        const records = validatedNames.map((validatedName, i) => {
            const option = certificate.domainValidationOptions.apply((options) => {
                const found = options.find((o) => o.domainName.replace(/^\*\./, "") === validatedName);
                if (!found) throw new Error(`ACM returned no DNS validation record for ${validatedName}`);
                return found;
            });
            return new aws.route53.Record(
                `${this.resourceName}-certificate-validation-${i}`,
                {
                    zoneId: args.hostedZoneId!,
                    name: option.resourceRecordName,
                    type: option.resourceRecordType,
                    records: [option.resourceRecordValue],
                    ttl: 300,
                    // ACM gives every certificate for a name in an account the same validation CNAME, so an
                    // earlier certificate (a replaced one, another stack's, a re-created stack) leaves exactly
                    // this record behind and Route 53 refuses to create it again. Taking it over is safe: the
                    // value is the same. The regional API's validation record does the same.
                    // https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html
                    // https://github.com/hashicorp/terraform-provider-aws/issues/13653 (the same CNAME for every certificate of a name)
                    // https://www.pulumi.com/registry/packages/aws/api-docs/route53/record/ (allowOverwrite)
                    allowOverwrite: true,
                },
                { parent: this },
            );
        });
        return new aws.acm.CertificateValidation(
            `${this.resourceName}-certificate-validation`,
            { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn), region },
            { parent: this, provider },
        ).certificateArn;
    }

    // Standard logging (v2): the distribution as a delivery source, the bucket as a delivery destination,
    // and the delivery joining them, all in us-east-1 where CloudFront's log delivery API lives, with the
    // caller's account settings (RegionalProviders, like the certificate). The distribution itself knows
    // nothing of it, so it never waits for the bucket.
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
    private logV2(logging: FrontAccessLogging, distribution: aws.cloudfront.Distribution, tags: Record<string, string>): void {
        const { provider, region } = this.regional.placement(CLOUDFRONT_CONTROL_REGION);
        const placed = { parent: this as pulumi.Resource, provider };
        const format = logging.outputFormat ?? StandardLogFormat.Json;
        const prefix = (logging.prefix ?? DEFAULT_LOG_PREFIX).replace(/\/$/, "");
        const destinationArn = pulumi.interpolate`${logging.bucketArn}/${prefix}`;
        const source = new aws.cloudwatch.LogDeliverySource(
            `${this.resourceName}-access-logs-source`,
            {
                // Named after the distribution: unique in the account, and a distribution has one delivery source.
                name: pulumi.interpolate`${distribution.id}-access-logs`,
                logType: CLOUDFRONT_ACCESS_LOG_TYPE,
                resourceArn: distribution.arn,
                region,
                tags,
            },
            // A distribution may have only one delivery source, so a replacement must go first.
            { ...placed, deleteBeforeReplace: true },
        );
        const destination = new aws.cloudwatch.LogDeliveryDestination(
            `${this.resourceName}-access-logs-destination`,
            {
                // The format and the bucket cannot change in place: a new name per (distribution, bucket, prefix,
                // format) lets Pulumi create the new destination before deleting the old one.
                name: pulumi.all([distribution.id, destinationArn]).apply(([id, arn]) => `${id}-${createHash("sha256").update(`${arn}|${format}`).digest("hex").slice(0, 10)}`),
                outputFormat: format,
                deliveryDestinationConfiguration: { destinationResourceArn: destinationArn },
                region,
                tags,
            },
            placed,
        );
        new aws.cloudwatch.LogDelivery(
            `${this.resourceName}-access-logs`,
            {
                deliverySourceName: source.name,
                // The destination's ARN once `bucketArn` is known: the delivery itself then waits for what
                // `bucketArn` came from (the bucket policy, see FrontAccessLogging), not only its destination.
                deliveryDestinationArn: pulumi.all([destination.arn, destinationArn]).apply(([arn]) => arn),
                recordFields: [...(logging.recordFields ?? DEFAULT_V2_LOG_FIELDS)],
                s3DeliveryConfigurations: [
                    { suffixPath: logging.suffixPath ?? DEFAULT_LOG_SUFFIX_PATH, enableHiveCompatiblePath: logging.hiveCompatiblePath ?? false },
                ],
                region,
                tags,
            },
            // Without the bucket policy in place AWS would try to write one itself (and the stack's own would
            // then overwrite it): the delivery waits for what `bucketArn` came from (the bucket policy, see
            // FrontAccessLogging), through the destination that takes it.
            // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
            placed,
        );
    }

    private aliasRecords(
        zoneId: pulumi.Input<string>,
        domainNames: string[],
        distribution: aws.cloudfront.Distribution,
        ipv6: boolean,
    ): void {
        const types = ipv6 ? ["A", "AAAA"] : ["A"];
        domainNames.forEach((domain, i) =>
            types.forEach(
                (type) =>
                    new aws.route53.Record(
                        `${this.resourceName}-alias-${i}-${type.toLowerCase()}`,
                        {
                            zoneId,
                            name: domain,
                            type,
                            aliases: [
                                {
                                    name: distribution.domainName,
                                    zoneId: distribution.hostedZoneId,
                                    evaluateTargetHealth: false,
                                },
                            ],
                        },
                        { parent: this },
                    ),
            ),
        );
    }
}

/** "Java 6u45 sends no SNI", "A, B send no SNI": the listed clients that make the front use `vip`. */
function noSni(clients: readonly ClientProfile[]): string {
    const names = clients.filter((c) => !c.sni).map((c) => c.name);
    return `${names.join(", ")} ${names.length === 1 ? "sends" : "send"} no SNI`;
}

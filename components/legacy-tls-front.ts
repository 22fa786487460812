import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ALLOWED_METHODS,
    CACHED_METHODS,
    CLOUDFRONT_ACCESS_LOG_TYPE,
    CLOUDFRONT_CONTROL_REGION,
    DEFAULT_LOG_SUFFIX_PATH,
    DEFAULT_V2_LOG_FIELDS,
    HTTP_VERSIONS,
    HttpVersion,
    LEGACY_TLS_TAG,
    MAX_LOG_RECORD_FIELDS,
    ManagedResponseHeadersPolicy,
    PARTITIONS,
    PRICE_CLASSES,
    Partition,
    PriceClass,
    STANDARD_LOG_FORMATS,
    SecurityPolicy,
    StandardLogFormat,
    isLegacyPolicy,
} from "./cloudfront-facts";
import { FRONT_MODES, FrontMode, ModeProfile, authorizationHeaderUse, modeProfile } from "./front-modes";
import { ResolvedOriginGrant } from "./origin-access-policy";
import { ProvidersByRegion, RegionalProviders, validateProvidersByRegion, validateUsEast1Provider } from "./providers";
import { Issue, checkBoolean, checkIntegerInRange, checkOneOf, parseArn, throwIfIssues } from "./validation";
import { ClientCompatibility, compatibilityOf } from "./tls-clients/compatibility-table";
import { DEDICATED_IP_PRICE } from "./tls-clients/viewer-policies";
import { SslSupportMethod, ViewerTls, resolveViewerTls, validateViewerTls } from "./viewer-tls";

/** The bucket a front reads from; a {@link PrivateOriginBucket} is one. */
export interface OriginBucket {
    /** Bucket name. */
    readonly bucketName: pulumi.Input<string>;
    /** Bucket ARN. */
    readonly bucketArn: pulumi.Input<string>;
    /** The REST endpoint in the bucket's region, `BUCKET.s3.REGION.amazonaws.com` (never the website endpoint). */
    readonly regionalDomainName: pulumi.Input<string>;
}

/** Viewer protocol policies that keep viewers on HTTPS (`allow-all` is deliberately not offered). */
export type ViewerProtocolPolicy = "redirect-to-https" | "https-only";

/**
 * Where and how the front writes its access logs (CloudFront standard logs) to S3. Give `bucketArn`
 * for **standard logging (v2)**, the recommended way: CloudFront's logs go through CloudWatch Logs log
 * delivery (a delivery source, destination and delivery the front creates in us-east-1), and the
 * bucket needs no ACLs, only a bucket policy letting `delivery.logs.amazonaws.com` write (a
 * {@link TlsAudit} bucket has one). Give `bucketDomainName` only for **legacy logging**, which writes
 * with object ACLs: that bucket must have ACLs enabled (object ownership `BucketOwnerPreferred`) with
 * FULL_CONTROL for CloudFront's `awslogsdelivery` account, and CloudFront refuses to create or update
 * the distribution until it does; list the bucket's ownership controls and ACL in `dependsOn` when the
 * same program creates them. Standard logging (v2) does not exist in China (`aws-cn`).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html#AccessLogsBucketAndFileOwnership
 * @example { bucketArn: "arn:aws:s3:::acme-cloudfront-logs" }
 * @example { bucketDomainName: "acme-legacy-logs.s3.amazonaws.com", dependsOn: [ownership, acl] }
 */
export interface FrontAccessLogging {
    /**
     * ARN of the bucket that receives standard logs (v2); any region. Its policy must let
     * `delivery.logs.amazonaws.com` put objects under `prefix` (AWS documents the statement).
     * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
     * @default none: give this or bucketDomainName
     * @example "arn:aws:s3:::acme-cloudfront-logs"
     */
    readonly bucketArn?: pulumi.Input<string>;
    /**
     * Legacy logging: domain name of a bucket with ACLs enabled, e.g. `acme-logs.s3.amazonaws.com`.
     * @default none: give this or bucketArn
     */
    readonly bucketDomainName?: pulumi.Input<string>;
    /**
     * Key prefix for the log files: v2 writes under it (then `AWSLogs/ACCOUNT/CloudFront/` and
     * `suffixPath`), legacy logging puts it before each file name.
     * @default "cloudfront/"
     */
    readonly prefix?: string;
    /**
     * Legacy logging only: include cookies in the logs. With v2, list `cs(Cookie)` in `recordFields`.
     * @default false
     */
    readonly includeCookies?: boolean;
    /**
     * v2 only: the file format. `json` (one object per line) and `w3c` (a `#Fields` header) are what
     * `npm run tls-report` reads; `parquet` is for Athena; `plain` has no field names.
     * @default "json"
     */
    readonly outputFormat?: StandardLogFormat;
    /**
     * v2 only: the fields to log, in order (the names of the standard log reference; v2 also offers
     * some real-time log fields such as `timestamp(ms)` or `c-country`).
     * @default every documented field but cs(Cookie) ({@link DEFAULT_V2_LOG_FIELDS})
     * @example ["date", "time", "c-ip", "cs(User-Agent)", "ssl-protocol", "ssl-cipher"]
     */
    readonly recordFields?: readonly string[];
    /**
     * v2 only: the S3 path under the prefix, with the variables `{DistributionId}`, `{yyyy}`, `{MM}`,
     * `{dd}`, `{HH}`.
     * @default "{DistributionId}/{yyyy}/{MM}/{dd}/"
     */
    readonly suffixPath?: string;
    /**
     * v2 only: write the path as Hive partitions (`year=2024/month=05/…`).
     * @default false
     */
    readonly hiveCompatiblePath?: boolean;
    /**
     * What must exist before logs are written: with v2 the log delivery waits for these (the bucket
     * policy that lets the delivery write), with legacy logging the distribution itself does (the
     * bucket's ownership controls and ACL, without which CloudFront refuses the bucket).
     * @default []
     */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** Allow or deny viewers by country. */
export interface GeoRestriction {
    /** `whitelist`: only these countries; `blacklist`: all but these. */
    readonly restrictionType: "whitelist" | "blacklist";
    /** ISO 3166-1 alpha-2 country codes. @example ["DE", "FR"] */
    readonly locations: readonly string[];
}

/** What CloudFront returns for an origin error. */
export interface CustomErrorResponse {
    /** HTTP status from the origin, 400-599. */
    readonly errorCode: number;
    /** Status to return to the viewer. @default errorCode */
    readonly responseCode?: number;
    /** Object path to return instead, starting with `/`. @example "/errors/404.html" */
    readonly responsePagePath?: string;
    /** Seconds CloudFront caches the error. @default 10 */
    readonly errorCachingMinTtl?: number;
}

/**
 * A Lambda@Edge viewer-request function that authenticates viewers before CloudFront serves anything,
 * cached or not; a {@link CognitoEdgeAuth} is one. The front associates it with its behaviours itself,
 * so nobody wires ARNs by hand.
 */
export interface ViewerRequestAuth {
    /** The viewer-request side of the authenticator. */
    readonly viewerRequest: {
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
    };
}

/** A CloudFront key group to trust on behaviours; a {@link SignedContentKeys} is one. */
export interface TrustedKeyGroup {
    /** ID of the CloudFront key group viewers' signatures must verify against. */
    readonly keyGroupId: pulumi.Input<string>;
}

/**
 * Behaviours that serve only requests carrying a CloudFront signed URL or signed cookies made with a
 * key of `keyGroup`. Each path pattern becomes an ordered cache behaviour with the same origin and the
 * same mode policies as the default behaviour, plus `trustedKeyGroups`.
 */
export interface SignedContentBehaviors {
    /** The key group whose signatures these paths require. */
    readonly keyGroup: TrustedKeyGroup;
    /**
     * CloudFront path patterns (`*` any characters, `?` one; case-sensitive; at most 255 characters of
     * `A-Z a-z 0-9 _ - . * ? $ / ~ " ' @ : + &`), matched in the order given. `["*"]` alone puts the
     * requirement on the default behaviour, i.e. on everything.
     * @example ["/premium/*", "*.m3u8"]
     */
    readonly pathPatterns: readonly string[];
    /**
     * Also run `viewerAuth` on these paths. Set `false` when the signature alone is the credential, e.g.
     * for media players that cannot send a token.
     * @default true
     */
    readonly viewerAuth?: boolean;
}

/** Arguments of {@link LegacyTlsFront}. */
export interface LegacyTlsFrontArgs {
    /** The private bucket to serve. */
    readonly origin: OriginBucket;
    /**
     * How requests reach S3: CloudFront signs (`signed`), the viewer signs with SigV4 (`unsigned`), or
     * the viewer uses S3 presigned URLs (`presigned`). See {@link FrontMode}.
     * @example "signed"
     */
    readonly mode: FrontMode;
    /**
     * The AWS partition. In `aws-cn` CloudFront has no origin access control, so an origin access
     * identity is used, and a custom domain with an IAM server certificate is required.
     * @default "aws"
     */
    readonly partition?: Partition;
    /**
     * Alternate domain names (CNAMEs). Without them the distribution answers on `*.cloudfront.net`,
     * where CloudFront always applies the TLSv1 policy.
     * @default []
     * @example ["legacy.example.com"]
     */
    readonly domainNames?: readonly string[];
    /**
     * Route 53 hosted zone for the domain names: DNS validation of a created certificate and the
     * alias A/AAAA records.
     * @default no DNS records
     */
    readonly hostedZoneId?: pulumi.Input<string>;
    /**
     * An existing ACM certificate in us-east-1 covering the domain names. Omit to request one.
     * @default a new certificate, validated by DNS in hostedZoneId
     */
    readonly certificateArn?: pulumi.Input<string>;
    /**
     * An IAM server certificate ID (uploaded with path `/cloudfront/`); required in `aws-cn`.
     * @default none
     */
    readonly iamCertificateId?: pulumi.Input<string>;
    /**
     * The viewer security policy (minimum protocol and ciphers). Legacy policies (`TLSv1`,
     * `TLSv1_2016`, `TLSv1.1_2016`, `SSLv3`) are an explicit choice; `SSLv3` needs `vip`.
     * @default "TLSv1.2_2021" with a custom domain; always "TLSv1" without one
     * @example "TLSv1_2016"
     */
    readonly minimumTlsVersion?: SecurityPolicy;
    /**
     * `sni-only`, or `vip` (a dedicated IP per edge location, billed monthly) for clients without SNI.
     * @default "sni-only"; with `clients`, "vip" when a listed client sends no SNI
     */
    readonly sslSupportMethod?: SslSupportMethod;
    /**
     * The clients that must be able to connect, by id or SSL Labs name (any case); see the catalogue in
     * `tls-clients/client-catalogue.ts`. When given, the front uses the most restrictive security policy
     * that still serves every one of them and a dedicated IP (`vip`) only when one sends no SNI; an
     * explicit `minimumTlsVersion` or `sslSupportMethod` that would refuse one is an error naming it.
     * @default none (the policy and method defaults above apply)
     * @example ["Java 6u45", "android-4.4.2", "IE 11 Win 7"]
     */
    readonly clients?: readonly string[];
    /**
     * What happens to plain HTTP requests.
     * @default "redirect-to-https"
     */
    readonly viewerProtocolPolicy?: ViewerProtocolPolicy;
    /**
     * Accept PUT/POST/PATCH/DELETE through CloudFront (all seven methods; CloudFront offers no smaller
     * set with PUT). In `signed` mode the bucket then also allows `s3:PutObject` to the distribution.
     * @default false
     */
    readonly uploads?: boolean;
    /**
     * In `signed` mode, allow the distribution `s3:ListBucket` so a missing key answers 404 instead of 403.
     * @default false
     */
    readonly listBucket?: boolean;
    /** @default "PriceClass_All" */
    readonly priceClass?: PriceClass;
    /**
     * ARN of a WAFv2 web ACL of CLOUDFRONT scope (created in us-east-1).
     * @default none
     */
    readonly webAclArn?: pulumi.Input<string>;
    /**
     * Access logs to S3: standard logging (v2) with `bucketArn` (recommended; no bucket ACLs), or legacy
     * logging with `bucketDomainName` (the bucket needs ACLs). See {@link FrontAccessLogging}.
     * @default off
     * @example { bucketArn: "arn:aws:s3:::acme-cloudfront-logs" }
     */
    readonly accessLogging?: FrontAccessLogging;
    /**
     * Let CloudFront compress responses. Only takes effect in `signed` mode; the other modes do not
     * cache, and compression needs a caching policy.
     * @default true
     */
    readonly compress?: boolean;
    /** @default "http2and3" */
    readonly httpVersion?: HttpVersion;
    /** @default true */
    readonly ipv6?: boolean;
    /**
     * Object returned for `/`.
     * @default none
     * @example "index.html"
     */
    readonly defaultRootObject?: string;
    /** @default [] */
    readonly customErrorResponses?: readonly CustomErrorResponse[];
    /**
     * Response headers policy ID. Omit for AWS's managed SecurityHeadersPolicy (HSTS, nosniff, frame
     * options, referrer policy); pass `""` for none.
     * @default "67f7725c-6f97-4210-82d7-5512b31e9d03" (SecurityHeadersPolicy)
     */
    readonly responseHeadersPolicyId?: pulumi.Input<string>;
    /** @default no restriction */
    readonly geoRestriction?: GeoRestriction;
    /** @default "" */
    readonly comment?: string;
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
     * @default see {@link LegacyTlsFrontArgs.providers}
     */
    readonly usEast1Provider?: aws.Provider;
    /**
     * Authenticate every viewer request at the edge (all behaviours: default and ordered) with this
     * viewer-request function, e.g. a {@link CognitoEdgeAuth}. Not available in `aws-cn` (no Lambda@Edge).
     * @default none (anyone who can reach the distribution is served)
     */
    readonly viewerAuth?: ViewerRequestAuth;
    /**
     * Paths that require CloudFront signed URLs or cookies (mode `signed` only). See {@link SignedContentBehaviors}.
     * @default none
     */
    readonly signedContent?: SignedContentBehaviors;
}

/** Key prefix of the front's access logs unless `accessLogging.prefix` says otherwise. */
export const DEFAULT_LOG_PREFIX = "cloudfront/";

/**
 * Most cache behaviours a distribution may have (default quota, adjustable).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
export const MAX_CACHE_BEHAVIORS = 75;

// Path patterns: at most 255 characters of these (& travels as &amp; in the XML API; XML encoding does that).
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
const PATH_PATTERN = /^[A-Za-z0-9_\-.*?$/~"'@:+&]{1,255}$/;

// A Lambda function version ARN in us-east-1: CloudFront associates numbered versions only.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
const QUALIFIED_EDGE_LAMBDA_ARN = /^arn:aws:lambda:us-east-1:\d{12}:function:[A-Za-z0-9_-]{1,64}:\d+$/;

/** Checks a front's viewer authentication against its mode and partition. */
function validateViewerAuth(args: LegacyTlsFrontArgs, issues: Issue[]): void {
    const auth = args.viewerAuth;
    if (auth === undefined) return;
    if (!auth || !auth.viewerRequest || typeof auth.viewerRequest.readsAuthorizationHeader !== "boolean") {
        issues.push({ path: "viewerAuth", value: auth, problem: "is not a viewer-request authenticator ({ viewerRequest: { lambdaArn, readsAuthorizationHeader } })" });
        return;
    }
    if (args.partition === "aws-cn") {
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

/** Checks the signed-content behaviours: mode, path patterns and their number. */
function validateSignedContent(args: LegacyTlsFrontArgs, issues: Issue[]): void {
    const signed = args.signedContent;
    if (signed === undefined) return;
    if (args.mode !== "signed") {
        issues.push({
            path: "signedContent",
            value: "(set)",
            problem: `only applies in mode "signed" (in "${args.mode}" S3 already checks the viewer's own SigV4 signature on every request)`,
        });
    }
    if (!signed || !signed.keyGroup || signed.keyGroup.keyGroupId === undefined) {
        issues.push({ path: "signedContent.keyGroup", value: signed?.keyGroup, problem: "is required: a key group to trust, e.g. a SignedContentKeys" });
    }
    const patterns = signed?.pathPatterns;
    if (!Array.isArray(patterns) || patterns.length === 0 || patterns.length > MAX_CACHE_BEHAVIORS - 1) {
        issues.push({
            path: "signedContent.pathPatterns",
            value: patterns,
            problem: `is not a list of 1 to ${MAX_CACHE_BEHAVIORS - 1} path patterns (a distribution has at most ${MAX_CACHE_BEHAVIORS} behaviours, the default included)`,
        });
        return;
    }
    patterns.forEach((pattern, i) => {
        const path = `signedContent.pathPatterns[${i}]`;
        if (typeof pattern !== "string" || !PATH_PATTERN.test(pattern)) {
            issues.push({ path, value: pattern, problem: `is not a CloudFront path pattern (1 to 255 of A-Z a-z 0-9 _ - . * ? $ / ~ " ' @ : + &), e.g. "/premium/*"` });
        } else if (patterns.indexOf(pattern) !== i) {
            issues.push({ path, value: pattern, problem: `repeats signedContent.pathPatterns[${patterns.indexOf(pattern)}]` });
        } else if ((pattern === "*" || pattern === "/*") && patterns.length > 1) {
            issues.push({ path, value: pattern, problem: 'matches every path, so the other patterns would never apply; use ["*"] alone to sign everything' });
        }
    });
    if (signed.viewerAuth !== undefined) checkBoolean("signedContent.viewerAuth", signed.viewerAuth, issues);
}

// An S3 bucket ARN without a key: arn:PARTITION:s3:::BUCKET.
const S3_BUCKET_ARN = /^arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// A key prefix of S3's safe characters, without a leading "/".
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
const LOG_PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/?$/;
// Options that only standard logging (v2) has.
const V2_ONLY = ["outputFormat", "recordFields", "suffixPath", "hiveCompatiblePath"] as const;

/** Checks a front's access logging: v2 (bucketArn) or legacy (bucketDomainName), and the options of each. */
function validateAccessLogging(logging: FrontAccessLogging, partition: Partition, issues: Issue[]): void {
    if (typeof logging !== "object" || logging === null) {
        issues.push({ path: "accessLogging", value: logging, problem: "is not an object ({ bucketArn } or { bucketDomainName })" });
        return;
    }
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
    if (typeof logging.bucketArn === "string") {
        if (!S3_BUCKET_ARN.test(logging.bucketArn)) {
            issues.push({ path: "accessLogging.bucketArn", value: logging.bucketArn, problem: "is not an S3 bucket ARN such as arn:aws:s3:::acme-logs (the bucket itself, no key)" });
        } else if (partition === "aws-cn") {
            // https://docs.amazonaws.cn/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html (the China copy of the page: v2 is not available in the China Regions)
            issues.push({
                path: "accessLogging.bucketArn",
                value: logging.bucketArn,
                problem: 'is not available in partition "aws-cn": CloudFront has no standard logging (v2) in China; use bucketDomainName (legacy logging)',
            });
        }
    }
    if (typeof logging.bucketDomainName === "string" && !/^[a-z0-9][a-z0-9.-]+\.s3(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/.test(logging.bucketDomainName)) {
        issues.push({
            path: "accessLogging.bucketDomainName",
            value: logging.bucketDomainName,
            problem: "is not an S3 bucket domain name such as acme-logs.s3.amazonaws.com",
        });
    }
    if (logging.prefix !== undefined && (typeof logging.prefix !== "string" || !LOG_PREFIX.test(logging.prefix))) {
        issues.push({ path: "accessLogging.prefix", value: logging.prefix, problem: 'is not a key prefix such as "cloudfront/" (safe characters, no leading "/")' });
    }
    if (logging.includeCookies !== undefined) {
        if (checkBoolean("accessLogging.includeCookies", logging.includeCookies, issues) && v2) {
            issues.push({
                path: "accessLogging.includeCookies",
                value: logging.includeCookies,
                problem: "only applies to legacy logging (bucketDomainName); with standard logging (v2) list cs(Cookie) in recordFields",
            });
        }
    }
    if (!v2) {
        for (const key of V2_ONLY) {
            if (logging[key] !== undefined) {
                issues.push({ path: `accessLogging.${key}`, value: logging[key], problem: "only applies to standard logging (v2, with bucketArn), not to legacy logging" });
            }
        }
        return;
    }
    if (logging.outputFormat !== undefined) checkOneOf("accessLogging.outputFormat", logging.outputFormat, STANDARD_LOG_FORMATS, issues);
    const fields = logging.recordFields;
    if (fields !== undefined) {
        if (!Array.isArray(fields) || fields.length === 0 || fields.length > MAX_LOG_RECORD_FIELDS) {
            issues.push({ path: "accessLogging.recordFields", value: fields, problem: `is not a list of 1 to ${MAX_LOG_RECORD_FIELDS} field names` });
        } else {
            fields.forEach((f, i) => {
                // CreateDelivery: field names of 1 to 64 characters.
                if (typeof f !== "string" || f.length === 0 || f.length > 64) {
                    issues.push({ path: `accessLogging.recordFields[${i}]`, value: f, problem: "is not a field name (1 to 64 characters), e.g. ssl-protocol" });
                } else if (fields.indexOf(f) !== i) {
                    issues.push({ path: `accessLogging.recordFields[${i}]`, value: f, problem: "is listed twice" });
                }
            });
        }
    }
    if (logging.suffixPath !== undefined && (typeof logging.suffixPath !== "string" || !/^[A-Za-z0-9!_.*'(){}=\/-]{1,256}$/.test(logging.suffixPath) || logging.suffixPath.includes("//"))) {
        issues.push({
            path: "accessLogging.suffixPath",
            value: logging.suffixPath,
            problem: 'is not an S3 path such as "{DistributionId}/{yyyy}/{MM}/{dd}/" (1 to 256 safe characters and {variables}, no "//")',
        });
    }
    if (logging.hiveCompatiblePath !== undefined) checkBoolean("accessLogging.hiveCompatiblePath", logging.hiveCompatiblePath, issues);
}

/**
 * Checks the arguments of a {@link LegacyTlsFront} and returns every problem found. Values that are not
 * known yet (outputs) are skipped.
 */
export function validateLegacyTlsFrontArgs(args: LegacyTlsFrontArgs): Issue[] {
    const issues: Issue[] = [];
    checkOneOf("mode", args.mode, FRONT_MODES, issues);
    const partitionOk = args.partition === undefined || checkOneOf("partition", args.partition, PARTITIONS, issues);
    if (args.viewerProtocolPolicy !== undefined) {
        checkOneOf("viewerProtocolPolicy", args.viewerProtocolPolicy, ["redirect-to-https", "https-only"], issues);
    }
    if (args.priceClass !== undefined) checkOneOf("priceClass", args.priceClass, PRICE_CLASSES, issues);
    if (args.httpVersion !== undefined) checkOneOf("httpVersion", args.httpVersion, HTTP_VERSIONS, issues);
    for (const key of ["uploads", "listBucket", "compress", "ipv6"] as const) {
        if (args[key] !== undefined) checkBoolean(key, args[key], issues);
    }
    if (args.listBucket && args.mode !== "signed") {
        issues.push({
            path: "listBucket",
            value: true,
            problem: `only applies in mode "signed" (in "${args.mode}" S3 checks the viewer's own permissions)`,
        });
    }
    if (args.listBucket === true && args.mode === "signed" && args.defaultRootObject === undefined) {
        issues.push({
            path: "listBucket",
            value: true,
            problem: "needs defaultRootObject: without it a request for / reaches S3 as a bucket listing and returns the keys",
        });
    }
    if (partitionOk) {
        issues.push(
            ...validateViewerTls({
                partition: args.partition ?? "aws",
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
        if (!arn || arn.service !== "wafv2" || arn.region !== "us-east-1" || !arn.resource.startsWith("global/webacl/")) {
            issues.push({
                path: "webAclArn",
                value: args.webAclArn,
                problem: "is not a WAFv2 web ACL of CLOUDFRONT scope (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID)",
            });
        }
    }
    if (args.accessLogging !== undefined) validateAccessLogging(args.accessLogging, args.partition ?? "aws", issues);
    if (args.defaultRootObject !== undefined && (args.defaultRootObject.startsWith("/") || args.defaultRootObject === "")) {
        issues.push({
            path: "defaultRootObject",
            value: args.defaultRootObject,
            problem: 'must be an object name without a leading "/", e.g. "index.html"',
        });
    }
    (args.customErrorResponses ?? []).forEach((r, i) => {
        checkIntegerInRange(`customErrorResponses[${i}].errorCode`, r.errorCode, 400, 599, issues);
        if (r.responseCode !== undefined) {
            checkIntegerInRange(`customErrorResponses[${i}].responseCode`, r.responseCode, 200, 599, issues);
        }
        if (r.responsePagePath !== undefined && !r.responsePagePath.startsWith("/")) {
            issues.push({
                path: `customErrorResponses[${i}].responsePagePath`,
                value: r.responsePagePath,
                problem: 'must start with "/"',
            });
        }
        if (r.errorCachingMinTtl !== undefined) {
            checkIntegerInRange(`customErrorResponses[${i}].errorCachingMinTtl`, r.errorCachingMinTtl, 0, 31536000, issues);
        }
    });
    validateViewerAuth(args, issues);
    validateSignedContent(args, issues);
    validateProvidersByRegion(args.providers, issues);
    validateUsEast1Provider(args.usEast1Provider, args.providers, issues);
    if (args.geoRestriction) {
        const geo = args.geoRestriction;
        checkOneOf("geoRestriction.restrictionType", geo.restrictionType, ["whitelist", "blacklist"], issues);
        if (!Array.isArray(geo.locations) || geo.locations.length === 0) {
            issues.push({ path: "geoRestriction.locations", value: geo.locations, problem: "must list at least one country" });
        } else {
            geo.locations.forEach((code, i) => {
                if (typeof code !== "string" || !/^[A-Z]{2}$/.test(code)) {
                    issues.push({
                        path: `geoRestriction.locations[${i}]`,
                        value: code,
                        problem: "is not an ISO 3166-1 alpha-2 country code such as DE",
                    });
                }
            });
        }
    }
    return issues;
}

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
    /** `sni-only` or `vip`; `undefined` with the default `*.cloudfront.net` certificate. */
    public readonly sslSupportMethod: SslSupportMethod | undefined;
    /** How each listed client (`clients`) connects under these settings, as the handshake model predicts it. */
    public readonly clientCompatibility: readonly ClientCompatibility[];
    /** The mode's settings, for reports. */
    public readonly profile: ModeProfile;
    /** What the bucket must allow this distribution; `undefined` when CloudFront does not sign. */
    public readonly originGrant: pulumi.Output<ResolvedOriginGrant> | undefined;

    private readonly resourceName: string;
    /** Where children pinned to a region go (the certificate, the log delivery): one provider per region at most. */
    private readonly regional: RegionalProviders;

    constructor(name: string, args: LegacyTlsFrontArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad arguments leave no half-made component behind.
        throwIfIssues(`LegacyTlsFront "${name}"`, validateLegacyTlsFrontArgs(args));
        super("legacytls:cloudfront:LegacyTlsFront", name, {}, opts);
        this.resourceName = name;
        const given = { ...(args.providers ?? {}), ...(args.usEast1Provider ? { [CLOUDFRONT_CONTROL_REGION]: args.usEast1Provider } : {}) };
        this.regional = new RegionalProviders(name, this, given);

        const partition = args.partition ?? "aws";
        const uploads = args.uploads ?? false;
        this.profile = modeProfile(args.mode, uploads);
        const tls = resolveViewerTls({ ...args, partition });
        this.securityPolicy = tls.securityPolicy;
        this.sslSupportMethod = tls.sslSupportMethod;
        this.clientCompatibility = compatibilityOf(tls.clients, tls.setup);
        if (args.sslSupportMethod === undefined && tls.sslSupportMethod === "vip") {
            pulumi.log.info(
                `LegacyTlsFront "${name}": sslSupportMethod vip, because ${tls.clients.filter((c) => !c.sni).map((c) => c.name).join(", ")} send no SNI; ` +
                    `dedicated IPs cost US$${DEDICATED_IP_PRICE.usdPerMonth} per month per certificate (AWS pricing, checked ${DEDICATED_IP_PRICE.checked})`,
                this,
            );
        }
        if (args.mode === "signed" && uploads) {
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
            viewerProtocolPolicy: args.viewerProtocolPolicy ?? "redirect-to-https",
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
                    lambdaFunctionAssociations: signsEverything ? signedPathAuthentication : authentication,
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
                priceClass: args.priceClass ?? "PriceClass_All",
                httpVersion: args.httpVersion ?? "http2and3",
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
            // updated, so the distribution waits for the ownership controls and ACL it is given.
            // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html#AccessLogsBucketAndFileOwnership
            { parent: this, dependsOn: legacyLogging?.dependsOn ? [...legacyLogging.dependsOn] : undefined },
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
        this.originGrant = this.profile.bucketGrantsCloudFront
            ? pulumi
                  .all([distribution.arn, originAccess.oai?.iamArn])
                  .apply(([distributionArn, oaiArn]) => ({
                      distributionArn,
                      originAccessIdentityArn: oaiArn,
                      list: args.listBucket ?? false,
                      write: uploads,
                  }))
            : undefined;

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
                deliveryDestinationArn: destination.arn,
                recordFields: [...(logging.recordFields ?? DEFAULT_V2_LOG_FIELDS)],
                s3DeliveryConfigurations: [
                    { suffixPath: logging.suffixPath ?? DEFAULT_LOG_SUFFIX_PATH, enableHiveCompatiblePath: logging.hiveCompatiblePath ?? false },
                ],
                region,
                tags,
            },
            // Without the bucket policy in place AWS would try to write one itself (and the stack's own would
            // then overwrite it): the delivery waits for what the bucket's owner says it needs.
            // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
            { ...placed, dependsOn: logging.dependsOn ? [...logging.dependsOn] : undefined },
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

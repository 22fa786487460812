/**
 * The settings of a LegacyTlsFront, declared once: the TypeScript types and their TSDoc are the source of
 * the settings schema (`npm run generate`), the stack file's `front` section, the config reference and
 * the schema other languages see. Plain declarations only: nothing here creates resources.
 *
 * The CloudFront enums come from the leaf modules that hold those facts: price classes, HTTP versions
 * and log formats from `cloudfront-facts.ts`, security policies from `tls-clients/viewer-policies.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { HttpVersion, PriceClass, StandardLogFormat } from "../cloudfront-facts";
import { SecurityPolicy } from "../tls-clients/viewer-policies";

/**
 * How requests reach S3.
 * - `signed`: CloudFront signs every origin request with origin access control (SigV4); S3 trusts the
 *   distribution through the bucket policy. Anonymous viewers are served (restrict them at the edge).
 * - `unsigned`: CloudFront does not sign; the customer signs each request with SigV4 for the bucket's
 *   regional host name and CloudFront relays the signature. S3 decides, so anonymous requests are denied.
 * - `presigned`: CloudFront does not sign; viewers use S3 presigned URLs (query-string SigV4) with the
 *   CloudFront host name. Every request goes to S3, which checks its signature.
 */
export const FrontMode = {
    /** CloudFront signs every origin request (origin access control); the bucket trusts the distribution. */
    Signed: "signed",
    /** The viewer signs each request with SigV4; CloudFront relays the signature to S3. */
    Unsigned: "unsigned",
    /** Viewers use S3 presigned URLs; every request reaches S3, which checks the signature. */
    Presigned: "presigned",
} as const;
/** One of `FrontMode`. */
export type FrontMode = (typeof FrontMode)[keyof typeof FrontMode];

/**
 * How CloudFront serves HTTPS to viewers of a custom domain.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-https-dedicated-ip-or-sni.html
 */
export const SslSupportMethod = {
    /** Server Name Indication: every client that sends SNI (all but very old ones). */
    SniOnly: "sni-only",
    /** A dedicated IP per edge location, for clients without SNI; billed monthly. */
    Vip: "vip",
} as const;
/** One of `SslSupportMethod`. */
export type SslSupportMethod = (typeof SslSupportMethod)[keyof typeof SslSupportMethod];

/** Viewer protocol policies that keep viewers on HTTPS (`allow-all` is deliberately not offered). */
export const ViewerProtocolPolicy = {
    /** Plain HTTP requests are redirected to HTTPS (301). */
    RedirectToHttps: "redirect-to-https",
    /** Plain HTTP requests are refused (403). */
    HttpsOnly: "https-only",
} as const;
/** One of `ViewerProtocolPolicy`. */
export type ViewerProtocolPolicy = (typeof ViewerProtocolPolicy)[keyof typeof ViewerProtocolPolicy];

/** Whether a geo restriction lists the countries served or the countries refused. */
export const GeoRestrictionType = {
    /** Only the listed countries are served. */
    Whitelist: "whitelist",
    /** Every country but the listed ones is served. */
    Blacklist: "blacklist",
} as const;
/** One of `GeoRestrictionType`. */
export type GeoRestrictionType = (typeof GeoRestrictionType)[keyof typeof GeoRestrictionType];

/**
 * An ISO 3166-1 alpha-2 country code.
 * @pattern ^[A-Z]{2}$
 * @patternDescription an ISO 3166-1 alpha-2 country code such as DE
 */
export type CountryCode = string;

/** Allow or deny viewers by country. */
export interface GeoRestriction {
    /** `whitelist`: only these countries; `blacklist`: all but these. */
    readonly restrictionType: GeoRestrictionType;
    /**
     * ISO 3166-1 alpha-2 country codes.
     * @minItems 1
     * @example ["DE", "FR"]
     */
    readonly locations: CountryCode[];
}

/** What CloudFront returns for an origin error. */
export interface CustomErrorResponse {
    /**
     * HTTP status from the origin, 400-599.
     * @asType integer
     * @minimum 400
     * @maximum 599
     */
    readonly errorCode: number;
    /**
     * Status to return to the viewer.
     * @asType integer
     * @minimum 200
     * @maximum 599
     * @default errorCode
     */
    readonly responseCode?: number;
    /**
     * Object path to return instead, starting with `/`.
     * @pattern ^/
     * @patternDescription an object path starting with "/", e.g. "/errors/404.html"
     * @example "/errors/404.html"
     */
    readonly responsePagePath?: string;
    /**
     * Seconds CloudFront caches the error.
     * @asType integer
     * @minimum 0
     * @maximum 31536000
     * @default 10
     */
    readonly errorCachingMinTtl?: number;
}

/**
 * A field of a CloudFront access log record, as the standard log reference names it, e.g. `ssl-protocol`.
 * @minLength 1
 * @maxLength 64
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateDelivery.html (recordFields: 1 to 64 characters each)
 */
export type LogRecordField = string;

/**
 * Where and how the front writes its access logs (CloudFront standard logs) to S3. Give `bucketArn`
 * for **standard logging (v2)**, the recommended way: CloudFront's logs go through CloudWatch Logs log
 * delivery (a delivery source, destination and delivery the front creates in us-east-1), and the
 * bucket needs no ACLs, only a bucket policy letting `delivery.logs.amazonaws.com` write (a
 * `TlsAudit` bucket has one). Give `bucketDomainName` only for **legacy logging**, which writes
 * with object ACLs: that bucket must have ACLs enabled (object ownership `BucketOwnerPreferred`) with
 * FULL_CONTROL for CloudFront's `awslogsdelivery` account, and CloudFront refuses to create or update
 * the distribution until it does. Standard logging (v2) does not exist in China (`aws-cn`).
 * A program also passes `dependsOn` (see the front's `FrontAccessLogging`).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html#AccessLogsBucketAndFileOwnership
 * @example { bucketArn: "arn:aws:s3:::acme-cloudfront-logs" }
 */
export interface FrontAccessLoggingSettings {
    /**
     * ARN of the bucket that receives standard logs (v2); any region. Its policy must let
     * `delivery.logs.amazonaws.com` put objects under `prefix` (AWS documents the statement).
     * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
     * @pattern ^arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$
     * @patternDescription an S3 bucket ARN such as arn:aws:s3:::acme-logs (the bucket itself, no key)
     * @default none: give this or bucketDomainName
     * @example "arn:aws:s3:::acme-cloudfront-logs"
     */
    readonly bucketArn?: pulumi.Input<string>;
    /**
     * Legacy logging: domain name of a bucket with ACLs enabled, e.g. `acme-logs.s3.amazonaws.com`.
     * @pattern ^[a-z0-9][a-z0-9.-]+\.s3(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$
     * @patternDescription an S3 bucket domain name such as acme-logs.s3.amazonaws.com
     * @default none: give this or bucketArn
     */
    readonly bucketDomainName?: pulumi.Input<string>;
    /**
     * Key prefix for the log files: v2 writes under it (then `AWSLogs/ACCOUNT/CloudFront/` and
     * `suffixPath`), legacy logging puts it before each file name. S3's safe characters, no leading `/`.
     * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
     * @pattern ^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+){0,}/?$
     * @patternDescription a key prefix such as "cloudfront/" (safe characters, no leading "/")
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
     * some real-time log fields such as `timestamp(ms)` or `c-country`). At most 128
     * (`MAX_LOG_RECORD_FIELDS`), each once.
     * @minItems 1
     * @maxItems 128
     * @default every documented field but cs(Cookie) (`DEFAULT_V2_LOG_FIELDS`)
     * @example ["date", "time", "c-ip", "cs(User-Agent)", "ssl-protocol", "ssl-cipher"]
     */
    readonly recordFields?: LogRecordField[];
    /**
     * v2 only: the S3 path under the prefix, with the variables `{DistributionId}`, `{yyyy}`, `{MM}`,
     * `{dd}`, `{HH}`: 1 to 256 of S3's safe characters and `{variables}`, no `//`.
     * @pattern ^(?!.{0,}//)[A-Za-z0-9!_.*'(){}=/-]{1,256}$
     * @patternDescription an S3 path such as "{DistributionId}/{yyyy}/{MM}/{dd}/" (1 to 256 safe characters and {variables}, no "//")
     * @default "{DistributionId}/{yyyy}/{MM}/{dd}/"
     */
    readonly suffixPath?: string;
    /**
     * v2 only: write the path as Hive partitions (`year=2024/month=05/…`).
     * @default false
     */
    readonly hiveCompatiblePath?: boolean;
}

/**
 * The settings of a `LegacyTlsFront`: what a stack file's `front` section (or a program in any
 * language) sets with plain values. The program around the front adds the origin, the partition, tags,
 * providers and the pieces it composes with (`viewerAuth`, `signedContent`).
 */
export interface LegacyTlsFrontSettings {
    /**
     * How requests reach S3: CloudFront signs (`signed`), the viewer signs with SigV4 (`unsigned`), or
     * the viewer uses S3 presigned URLs (`presigned`). See `FrontMode`.
     * @example "signed"
     */
    readonly mode: FrontMode;
    /**
     * Accept PUT/POST/PATCH/DELETE through CloudFront (all seven methods; CloudFront offers no smaller
     * set with PUT). In `signed` mode the bucket then also allows `s3:PutObject` to the distribution.
     * @default false
     */
    readonly uploads?: boolean;
    /**
     * In `signed` mode, allow the distribution `s3:ListBucket` so a missing key answers 404 instead of
     * 403. Needs `defaultRootObject`, or `/` would list the bucket.
     * @default false
     */
    readonly listBucket?: boolean;
    /**
     * Alternate domain names (CNAMEs). Without them the distribution answers on `*.cloudfront.net`,
     * where CloudFront always applies the TLSv1 policy.
     * @default []
     * @example ["legacy.example.com"]
     */
    readonly domainNames?: string[];
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
    readonly clients?: string[];
    /**
     * What happens to plain HTTP requests.
     * @default "redirect-to-https"
     */
    readonly viewerProtocolPolicy?: ViewerProtocolPolicy;
    /** @default "PriceClass_All" */
    readonly priceClass?: PriceClass;
    /** @default "http2and3" */
    readonly httpVersion?: HttpVersion;
    /**
     * ARN of a WAFv2 web ACL of CLOUDFRONT scope (created in us-east-1).
     * @default none
     * @example "arn:aws:wafv2:us-east-1:123456789012:global/webacl/legacy-front/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
     */
    readonly webAclArn?: pulumi.Input<string>;
    /**
     * Access logs to S3: standard logging (v2) with `bucketArn` (recommended; no bucket ACLs), or legacy
     * logging with `bucketDomainName` (the bucket needs ACLs). See `FrontAccessLoggingSettings`.
     * @default off
     * @example { bucketArn: "arn:aws:s3:::acme-cloudfront-logs" }
     */
    readonly accessLogging?: FrontAccessLoggingSettings;
    /**
     * Let CloudFront compress responses. Only takes effect in `signed` mode; the other modes do not
     * cache, and compression needs a caching policy.
     * @default true
     */
    readonly compress?: boolean;
    /** @default true */
    readonly ipv6?: boolean;
    /**
     * Object returned for `/`, without a leading `/`.
     * @pattern ^[^/]
     * @patternDescription an object name without a leading "/", e.g. "index.html"
     * @default none
     * @example "index.html"
     */
    readonly defaultRootObject?: string;
    /**
     * Directory indexes: the object name appended to the URI of a read (`GET`, `HEAD`) that ends in `/`,
     * so `/docs/` is served as `/docs/index.html` from the private origin (S3's REST endpoint has no index
     * documents, and `defaultRootObject` covers `/` only). Writes and deletes keep their exact key. Only
     * URIs ending in `/`: `/docs` is left alone (it may be an object of that name, and served as an index
     * its relative links would resolve one level up). On behaviours where `viewerAuth` runs, the
     * authenticator rewrites after a successful check (give it the same name; CloudFront allows no
     * CloudFront Function beside a Lambda@Edge function on viewer events); on every other behaviour a
     * CloudFront Function does. Mode `signed` only: in `unsigned` and `presigned` the viewer's signature
     * covers the path. With `defaultRootObject`, both must name the same object.
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
     * @pattern ^(?!\.{1,2}$)[A-Za-z0-9!_.*'()-]{1,255}$
     * @patternDescription a file name such as "index.html": 1 to 255 letters, digits and !_.*'()-, no "/", not "." or ".."
     * @default none (no URI is rewritten)
     * @example "index.html"
     */
    readonly directoryIndex?: string;
    /** @default [] */
    readonly customErrorResponses?: CustomErrorResponse[];
    /**
     * Response headers policy ID. Omit for AWS's managed SecurityHeadersPolicy (HSTS, nosniff, frame
     * options, referrer policy); pass `""` for none.
     * @default "67f7725c-6f97-4210-82d7-5512b31e9d03" (SecurityHeadersPolicy)
     */
    readonly responseHeadersPolicyId?: pulumi.Input<string>;
    /** @default no restriction */
    readonly geoRestriction?: GeoRestriction;
    /**
     * Comment on the distribution.
     * @default "Legacy TLS front (<mode>) for <name>"
     */
    readonly comment?: string;
}

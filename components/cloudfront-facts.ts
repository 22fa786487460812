/**
 * Facts about CloudFront and S3 that the components rely on, each with the AWS documentation page it
 * was taken from. They are constants, not lookups, so a plan can be made without an AWS account. What
 * each viewer security policy accepts lives in `tls-clients/viewer-policies.ts`.
 *
 * A leaf of plain declarations: it imports only the `tls-clients` leaf modules, so the settings files
 * (components/settings/) can take their CloudFront enums from here and `npm run generate` stays quick.
 * Keep it that way: no Pulumi, no components.
 */
import { PROTOCOLS as TLS_PROTOCOLS, Protocol } from "./tls-clients/protocols";
import { DEFAULT_CERTIFICATE_VIEWER_POLICY, SecurityPolicy, VIEWER_POLICIES, VIEWER_POLICY_NAMES } from "./tls-clients/viewer-policies";

/**
 * IDs of AWS-managed CloudFront cache policies.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 */
export const ManagedCachePolicy = {
    /** No query strings or cookies in the cache key; normalized Accept-Encoding; TTL 1 s / 1 day / 1 year. */
    CachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    /** TTL 0: every request goes to the origin; nothing can be added to the cache key. */
    CachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
} as const;

/**
 * IDs of AWS-managed CloudFront origin request policies.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 */
export const ManagedOriginRequestPolicy = {
    /** Forwards the CORS request headers (Origin, Access-Control-Request-Headers, Access-Control-Request-Method). */
    CorsS3Origin: "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
    /**
     * Every viewer header but Host, every cookie and query string. With an S3 origin CloudFront drops the
     * `response-content-type`, `-disposition` and `-encoding` query parameters under the managed
     * all-viewer policies (not under custom ones).
     */
    AllViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

/**
 * IDs of AWS-managed CloudFront response headers policies.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-response-headers-policies.html
 */
export const ManagedResponseHeadersPolicy = {
    /** Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection. */
    SecurityHeadersPolicy: "67f7725c-6f97-4210-82d7-5512b31e9d03",
} as const;

/**
 * How a viewer's `Authorization` header reaches an S3 origin (mode `unsigned`, where it carries the
 * viewer's own SigV4 signature). The AWS pages disagree: the origin access control reference says to add
 * Authorization to a cache policy, while the knowledge-center article on forwarding the header says
 * caching on Authorization is not supported for S3 origins and that, with caching disabled, the
 * AllViewer and AllViewerExceptHostHeader origin request policies forward it. The article is the
 * newer and the more specific statement (S3 origins), so `unsigned` uses CachingDisabled with
 * AllViewerExceptHostHeader: nothing keyed on a signature is ever cached, and S3 sees the header.
 * @see https://repost.aws/knowledge-center/cloudfront-authorization-header (checked 2026-12-06; the
 *   current translations carry the "if caching is disabled" note, the older English copy does not)
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html (SigningBehavior no-override)
 */
export const S3_AUTHORIZATION_FORWARDING = {
    cachePolicyId: ManagedCachePolicy.CachingDisabled,
    originRequestPolicyId: ManagedOriginRequestPolicy.AllViewerExceptHostHeader,
} as const;

/** The AWS name of each managed policy ID above, as the console and documentation write it. */
export const MANAGED_POLICY_NAMES: Readonly<Record<string, string>> = {
    [ManagedCachePolicy.CachingOptimized]: "CachingOptimized",
    [ManagedCachePolicy.CachingDisabled]: "CachingDisabled",
    [ManagedOriginRequestPolicy.CorsS3Origin]: "CORS-S3Origin",
    [ManagedOriginRequestPolicy.AllViewerExceptHostHeader]: "AllViewerExceptHostHeader",
    [ManagedResponseHeadersPolicy.SecurityHeadersPolicy]: "SecurityHeadersPolicy",
};

/**
 * CloudFront viewer security policies, oldest first. The table of what each accepts (protocols,
 * ciphers in CloudFront's order) is `tls-clients/viewer-policies.ts`; these names are its first column,
 * declared there once as the enum `SecurityPolicy`.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export const SECURITY_POLICY_NAMES = VIEWER_POLICY_NAMES;

/** A CloudFront viewer security policy name (the distribution's `minimumProtocolVersion`). */
export { SecurityPolicy };

/** Protocol names in order, as CloudFront's access logs and the verification tools write them. */
export const PROTOCOLS = TLS_PROTOCOLS;

/** The oldest protocol a security policy accepts. */
export function minimumProtocolOf(policy: SecurityPolicy): Protocol {
    // Own keys only: "toString" must not find Object.prototype's.
    const found = Object.hasOwn(VIEWER_POLICIES, policy) ? VIEWER_POLICIES[policy] : undefined;
    if (!found) throw new RangeError(`unknown CloudFront security policy ${JSON.stringify(policy)}`);
    return found.protocols[0];
}

/** True when the policy admits clients below TLS 1.2 — the reason this project exists. */
export function isLegacyPolicy(policy: SecurityPolicy): boolean {
    return PROTOCOLS.indexOf(minimumProtocolOf(policy)) < PROTOCOLS.indexOf("TLSv1.2");
}

/**
 * With the default `*.cloudfront.net` certificate CloudFront always uses this policy, whatever
 * `minimumProtocolVersion` says.
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html
 */
export const DEFAULT_CERTIFICATE_POLICY: SecurityPolicy = DEFAULT_CERTIFICATE_VIEWER_POLICY;

/**
 * Tag a distribution carries when its viewer security policy admits TLS below 1.2, set by
 * `LegacyTlsFront` itself. Guardrail policies allow a legacy policy only on distributions so marked,
 * so a hand-written distribution cannot quietly accept TLS 1.0.
 */
export const LEGACY_TLS_TAG = "legacy-tls";

/** Allowed-method sets CloudFront accepts on a cache behavior (no other combinations exist). */
export const ALLOWED_METHODS = {
    read: ["GET", "HEAD", "OPTIONS"],
    all: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
} as const;

/** Methods CloudFront caches responses for. */
export const CACHED_METHODS = ["GET", "HEAD"] as const;

/**
 * CloudFront price classes: which edge locations serve the distribution.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PriceClass.html
 */
export const PriceClass = {
    /** Every edge location. */
    All: "PriceClass_All",
    /** Every region but the most expensive ones. */
    Class200: "PriceClass_200",
    /** The least expensive regions only. */
    Class100: "PriceClass_100",
} as const;
/** A CloudFront price class. */
export type PriceClass = (typeof PriceClass)[keyof typeof PriceClass];
/** The price classes, in the order error messages list them. */
export const PRICE_CLASSES: readonly PriceClass[] = Object.values(PriceClass);

/**
 * HTTP versions a distribution can offer viewers.
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html (HttpVersion)
 */
export const HttpVersion = {
    Http1_1: "http1.1",
    Http2: "http2",
    Http2and3: "http2and3",
    Http3: "http3",
} as const;
/** An HTTP version setting of a distribution. */
export type HttpVersion = (typeof HttpVersion)[keyof typeof HttpVersion];
/** The HTTP versions, in the order error messages list them. */
export const HTTP_VERSIONS: readonly HttpVersion[] = Object.values(HttpVersion);

/**
 * AWS partitions the components support. `aws-cn` (Beijing, Ningxia) differs for CloudFront: no
 * origin access control (origin access identities instead), no ACM certificates on distributions
 * (IAM server certificates instead), and the default `*.cloudfront.cn` name cannot serve content,
 * so an alternate domain name with an ICP recordal is required.
 * @see https://docs.amazonaws.cn/en_us/aws/latest/userguide/cloudfront.html
 */
export const Partition = {
    /** The commercial regions. */
    Aws: "aws",
    /** Beijing and Ningxia. */
    AwsCn: "aws-cn",
} as const;
/** An AWS partition. */
export type Partition = (typeof Partition)[keyof typeof Partition];
/** The partitions, in the order error messages list them. */
export const PARTITIONS: readonly Partition[] = Object.values(Partition);

/** The partition a region belongs to. */
export function partitionOfRegion(region: string): Partition {
    return region.startsWith("cn-") ? "aws-cn" : "aws";
}

/** Service principal CloudFront uses when it signs origin requests with origin access control. */
export const CLOUDFRONT_SERVICE_PRINCIPAL = "cloudfront.amazonaws.com";

/** The region where CloudFront requires ACM certificates, Lambda@Edge functions and CLOUDFRONT-scope WAF ACLs. */
export const CLOUDFRONT_CONTROL_REGION = "us-east-1";

/**
 * The fields of a CloudFront standard (legacy) access log line, in file order, with the column the
 * documented Athena table gives each one. The log is tab-separated with two header lines
 * (`#Version`, `#Fields`).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#BasicDistributionFileFormat
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-standard-logs.html
 */
export const CLOUDFRONT_STANDARD_LOG_FIELDS = [
    { field: "date", column: "date", type: "date" },
    { field: "time", column: "time", type: "string" },
    { field: "x-edge-location", column: "x_edge_location", type: "string" },
    { field: "sc-bytes", column: "sc_bytes", type: "bigint" },
    { field: "c-ip", column: "c_ip", type: "string" },
    { field: "cs-method", column: "cs_method", type: "string" },
    { field: "cs(Host)", column: "cs_host", type: "string" },
    { field: "cs-uri-stem", column: "cs_uri_stem", type: "string" },
    { field: "sc-status", column: "sc_status", type: "int" },
    { field: "cs(Referer)", column: "cs_referrer", type: "string" },
    { field: "cs(User-Agent)", column: "cs_user_agent", type: "string" },
    { field: "cs-uri-query", column: "cs_uri_query", type: "string" },
    { field: "cs(Cookie)", column: "cs_cookie", type: "string" },
    { field: "x-edge-result-type", column: "x_edge_result_type", type: "string" },
    { field: "x-edge-request-id", column: "x_edge_request_id", type: "string" },
    { field: "x-host-header", column: "x_host_header", type: "string" },
    { field: "cs-protocol", column: "cs_protocol", type: "string" },
    { field: "cs-bytes", column: "cs_bytes", type: "bigint" },
    { field: "time-taken", column: "time_taken", type: "float" },
    { field: "x-forwarded-for", column: "x_forwarded_for", type: "string" },
    { field: "ssl-protocol", column: "ssl_protocol", type: "string" },
    { field: "ssl-cipher", column: "ssl_cipher", type: "string" },
    { field: "x-edge-response-result-type", column: "x_edge_response_result_type", type: "string" },
    { field: "cs-protocol-version", column: "cs_protocol_version", type: "string" },
    { field: "fle-status", column: "fle_status", type: "string" },
    { field: "fle-encrypted-fields", column: "fle_encrypted_fields", type: "int" },
    { field: "c-port", column: "c_port", type: "int" },
    { field: "time-to-first-byte", column: "time_to_first_byte", type: "float" },
    { field: "x-edge-detailed-result-type", column: "x_edge_detailed_result_type", type: "string" },
    { field: "sc-content-type", column: "sc_content_type", type: "string" },
    { field: "sc-content-len", column: "sc_content_len", type: "bigint" },
    { field: "sc-range-start", column: "sc_range_start", type: "bigint" },
    { field: "sc-range-end", column: "sc_range_end", type: "bigint" },
] as const;

/** A field name of a CloudFront standard log, as the `#Fields` header and v2 JSON keys write it. */
export type CloudFrontLogFieldName = (typeof CLOUDFRONT_STANDARD_LOG_FIELDS)[number]["field"];

/**
 * The `logType` of a distribution's access logs when the distribution is a CloudWatch Logs delivery
 * source, which is how standard logging (v2) is set up outside the console.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html
 */
export const CLOUDFRONT_ACCESS_LOG_TYPE = "ACCESS_LOGS";

/**
 * The service principal that writes vended logs, standard logging (v2) included, into S3; a bucket
 * policy statement for it replaces the ACL grant legacy logging needed.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
 */
export const LOG_DELIVERY_SERVICE_PRINCIPAL = "delivery.logs.amazonaws.com";

/**
 * Output formats of standard logging (v2) to S3. JSON writes one object per line with the selected
 * fields as keys (every value a string); W3C a `#Fields` header and one line per request; plain the values
 * only, no header; Parquet columns, with `-`, `(` and `)` in names turned into `_` (`cs_user_agent`).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html (output log file formats)
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-manual-json.html (the JSON keys)
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-partition-parquet.html (the Parquet columns)
 */
export const StandardLogFormat = {
    Json: "json",
    W3c: "w3c",
    Plain: "plain",
    Parquet: "parquet",
} as const;
/** One of `StandardLogFormat`. */
export type StandardLogFormat = (typeof StandardLogFormat)[keyof typeof StandardLogFormat];
/** The formats, in the order error messages list them. */
export const STANDARD_LOG_FORMATS: readonly StandardLogFormat[] = Object.values(StandardLogFormat);

/**
 * Most record fields one delivery may select.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateDelivery.html
 */
export const MAX_LOG_RECORD_FIELDS = 128;

/**
 * Fields a v2 delivery of a front selects unless told otherwise: every documented field but
 * `cs(Cookie)`, which legacy logging also leaves out unless `includeCookies` is set. The field
 * reference applies to v2 and legacy logging alike; v2 can add fields legacy logs never had
 * (`timestamp(ms)`, `c-country`, `asn`, …) when listed in `recordFields`.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#BasicDistributionFileFormat
 */
export const DEFAULT_V2_LOG_FIELDS: readonly CloudFrontLogFieldName[] = CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field).filter((f) => f !== "cs(Cookie)");

/**
 * Fields the TLS audit's delivery selects, in this order: when and where, who (`c-ip`,
 * `x-forwarded-for`, `cs(User-Agent)`), what (method, host, path, status) and how (`cs-protocol`,
 * `ssl-protocol`, `ssl-cipher`). Never `cs(Cookie)` or `cs-uri-query`: session cookies and the
 * signatures of presigned and signed URLs travel there, and the audit does not need them.
 * A plain array (not `readonly`) because it is handed to the front's `accessLogging.recordFields` as it is,
 * and published args hold `T[]`; nothing writes to it.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#BasicDistributionFileFormat
 */
export const TLS_AUDIT_LOG_FIELDS: CloudFrontLogFieldName[] = [
    "date",
    "time",
    "x-edge-location",
    "c-ip",
    "x-forwarded-for",
    "cs-method",
    "x-host-header",
    "cs-uri-stem",
    "sc-status",
    "cs(User-Agent)",
    "cs-protocol",
    "cs-protocol-version",
    "ssl-protocol",
    "ssl-cipher",
    "x-edge-result-type",
    "x-edge-request-id",
];

/**
 * The S3 path a v2 delivery writes under its destination's prefix, unless told otherwise: one folder
 * per distribution and UTC day. AWS puts `AWSLogs/{account-id}/CloudFront/` before it when it creates
 * the delivery (and, as of 2026, drops that part again when the path is updated), so readers take the
 * whole prefix rather than an exact path.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html (send logs to Amazon S3: partitioning)
 * @see https://github.com/hashicorp/terraform-provider-aws/issues/40968 (the prefix added at creation)
 * @see https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2274 (and removed on update)
 */
export const DEFAULT_LOG_SUFFIX_PATH = "{DistributionId}/{yyyy}/{MM}/{dd}/";

/**
 * Keys a CloudFront v2 JSON log line may hold that identify it as one (a CloudTrail file starts with
 * `Records`): the documented fields and the v2 time fields taken from real-time logs.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html (log fields)
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/real-time-logs.html (timestamp, timestamp(ms))
 */
export const CLOUDFRONT_JSON_LOG_KEYS: readonly string[] = [...CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field), "timestamp", "timestamp(ms)"];

/**
 * AWS API endpoints, S3's included, refuse TLS below 1.2: AWS announced it in 2022 and removed TLS 1.0
 * and 1.1 from June 28, 2023 (in China too). CloudTrail's `tlsDetails` can therefore show only
 * TLS 1.2/1.3 and their cipher suites; viewers' TLS 1.0/1.1 ends at CloudFront (a customer endpoint the
 * change does not cover) and is recorded only in its access logs.
 * @see https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/
 * @see https://www.amazonaws.cn/en/support/tls-1-2-become-minimum-tls-protocol-level-for-all-api-endpoint/
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html (tlsDetails: tlsVersion, cipherSuite)
 */
export const AWS_API_MINIMUM_TLS = {
    /** The oldest protocol AWS API endpoints accept, as CloudTrail writes it. */
    protocol: "TLSv1.2",
    /** The year the older ones were removed. */
    since: 2023,
    /** AWS's announcement. */
    announcement: "https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/",
} as const;

/**
 * Limits of a Lambda@Edge function on viewer-request events.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 */
export const VIEWER_REQUEST_LIMITS = {
    /** Function memory, MB (viewer events are capped at 128 MB; Lambda's own minimum is also 128). */
    memoryMb: 128,
    /** Function timeout, seconds. */
    timeoutSeconds: 5,
} as const;

/**
 * The AWS Regions that hold a CloudFront regional edge cache. Lambda@Edge runs a function's replicas
 * there (in the regional edge cache nearest the edge location that took the request), and writes their
 * logs in that Region, to a log group named after the function's home Region:
 * `/aws/lambda/us-east-1.<function name>`. The AWS pages stored here name regional edge caches but give
 * no Region list; the list below is a third party's (Gruntwork's Lambda@Edge log group module, as of
 * August 2022). Check it against the CloudFront console's Lambda@Edge metrics (which show where a function
 * ran) and extend `edgeLogRegions` when CloudFront opens a new regional edge cache.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#lambda-at-edge-logs
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HowCloudFrontWorks.html (regional edge caches)
 * @see https://docs.gruntwork.io/reference/modules/terraform-aws-lambda/lambda-edge-multi-region-log-groups (the Region list)
 */
export const REGIONAL_EDGE_CACHE_REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "sa-east-1",
] as const;

/**
 * Facts about CloudFront and S3 that the components rely on, each with the AWS documentation page it
 * was taken from. They are constants, not lookups, so a plan can be made without an AWS account; when
 * AWS adds a policy or a protocol, this file is the one place to change.
 */

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
} as const;

/**
 * IDs of AWS-managed CloudFront response headers policies.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-response-headers-policies.html
 */
export const ManagedResponseHeadersPolicy = {
    /** Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection. */
    SecurityHeadersPolicy: "67f7725c-6f97-4210-82d7-5512b31e9d03",
} as const;

/** The AWS name of each managed policy ID above, as the console and documentation write it. */
export const MANAGED_POLICY_NAMES: Readonly<Record<string, string>> = {
    [ManagedCachePolicy.CachingOptimized]: "CachingOptimized",
    [ManagedCachePolicy.CachingDisabled]: "CachingDisabled",
    [ManagedOriginRequestPolicy.CorsS3Origin]: "CORS-S3Origin",
    [ManagedResponseHeadersPolicy.SecurityHeadersPolicy]: "SecurityHeadersPolicy",
};

/**
 * CloudFront viewer security policies, oldest first, with the oldest protocol each one accepts.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export const SECURITY_POLICIES = [
    { name: "SSLv3", minimumProtocol: "SSLv3" },
    { name: "TLSv1", minimumProtocol: "TLSv1" },
    { name: "TLSv1_2016", minimumProtocol: "TLSv1" },
    { name: "TLSv1.1_2016", minimumProtocol: "TLSv1.1" },
    { name: "TLSv1.2_2018", minimumProtocol: "TLSv1.2" },
    { name: "TLSv1.2_2019", minimumProtocol: "TLSv1.2" },
    { name: "TLSv1.2_2021", minimumProtocol: "TLSv1.2" },
    { name: "TLSv1.2_2025", minimumProtocol: "TLSv1.2" },
    { name: "TLSv1.3_2025", minimumProtocol: "TLSv1.3" },
] as const;

/** A CloudFront viewer security policy name (the distribution's `minimumProtocolVersion`). */
export type SecurityPolicy = (typeof SECURITY_POLICIES)[number]["name"];

/** Every security policy name, for validation messages. */
export const SECURITY_POLICY_NAMES: readonly SecurityPolicy[] = SECURITY_POLICIES.map((p) => p.name);

/** Protocol names in order, as CloudFront's access logs and the verification tools write them. */
export const PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;

/** The oldest protocol a security policy accepts. */
export function minimumProtocolOf(policy: SecurityPolicy): (typeof PROTOCOLS)[number] {
    const found = SECURITY_POLICIES.find((p) => p.name === policy);
    if (!found) throw new RangeError(`unknown CloudFront security policy ${JSON.stringify(policy)}`);
    return found.minimumProtocol;
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
export const DEFAULT_CERTIFICATE_POLICY: SecurityPolicy = "TLSv1";

/**
 * Tag a distribution carries when its viewer security policy admits TLS below 1.2, set by
 * {@link LegacyTlsFront} itself. Guardrail policies allow a legacy policy only on distributions so marked,
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

/** CloudFront price classes. */
export const PRICE_CLASSES = ["PriceClass_All", "PriceClass_200", "PriceClass_100"] as const;
/** A CloudFront price class. */
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** HTTP versions a distribution can offer viewers. */
export const HTTP_VERSIONS = ["http1.1", "http2", "http2and3", "http3"] as const;
/** An HTTP version setting of a distribution. */
export type HttpVersion = (typeof HTTP_VERSIONS)[number];

/**
 * AWS partitions the components support. `aws-cn` (Beijing, Ningxia) differs for CloudFront: no
 * origin access control (origin access identities instead), no ACM certificates on distributions
 * (IAM server certificates instead), and the default `*.cloudfront.cn` name cannot serve content,
 * so an alternate domain name with an ICP recordal is required.
 * @see https://docs.amazonaws.cn/en_us/aws/latest/userguide/cloudfront.html
 */
export const PARTITIONS = ["aws", "aws-cn"] as const;
/** An AWS partition. */
export type Partition = (typeof PARTITIONS)[number];

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

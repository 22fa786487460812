/**
 * What each log source can see, and which protocols count as legacy. One place, used by the report's
 * output and quoted by the docs, so they cannot drift apart.
 */
import { AWS_API_MINIMUM_TLS, PROTOCOLS } from "../../components/cloudfront-facts";

/** The two log sources the report reads. */
export type LogSource = "cloudfront" | "cloudtrail";

/**
 * What each source can see. CloudFront's standard logs (legacy or v2) are the only record of the TLS
 * version a viewer negotiated with the distribution. CloudTrail's `tlsDetails` covers calls to AWS
 * APIs only, and since AWS API endpoints refuse TLS below 1.2 it can show only TLS 1.2/1.3 and their
 * cipher suites.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#BasicDistributionFileFormat
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 * @see https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/
 */
export const SOURCE_VISIBILITY: Readonly<Record<LogSource, string>> = {
    cloudfront:
        "CloudFront standard logs, legacy or v2 (fields ssl-protocol, ssl-cipher) record the TLS version and cipher each viewer negotiated with CloudFront; " +
        'they are the only place viewer TLS is recorded. "-" means the request came over plain HTTP.',
    cloudtrail:
        "CloudTrail (tlsDetails.tlsVersion, tlsDetails.cipherSuite) records the TLS version and cipher suite of calls to AWS APIs, including direct S3 API calls " +
        `(S3 object calls only when the trail logs data events). AWS API endpoints refuse TLS below 1.2 since ${AWS_API_MINIMUM_TLS.since} ` +
        `(${AWS_API_MINIMUM_TLS.announcement}), so it shows which TLS 1.2/1.3 cipher suites callers use. ` +
        "It never sees CloudFront viewers: their TLS 1.0/1.1 is only in CloudFront's access logs.",
};

/** Protocol key for CloudTrail records without `tlsDetails` (console sign-ins, service events, …). */
export const NO_TLS_DETAILS = "(no tlsDetails)";

/** The protocols older than TLS 1.2, as the logs write them (`SSLv3`, `TLSv1`, `TLSv1.1`). */
export const LEGACY_PROTOCOLS: readonly string[] = PROTOCOLS.slice(0, PROTOCOLS.indexOf("TLSv1.2"));
const LEGACY = new Set(LEGACY_PROTOCOLS);

/** True for a protocol older than TLS 1.2 (called once per log line, hence the set). */
export function isLegacyProtocol(protocol: string): boolean {
    return LEGACY.has(protocol);
}

/** Sort order of protocol keys: known protocols oldest first, then `-`, then anything else by name. */
export function compareProtocols(a: string, b: string): number {
    const rank = (p: string): number => {
        const i = (PROTOCOLS as readonly string[]).indexOf(p);
        return i >= 0 ? i : p === "-" ? PROTOCOLS.length : PROTOCOLS.length + 1;
    };
    return rank(a) - rank(b) || a.localeCompare(b);
}

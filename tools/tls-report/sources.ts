/**
 * What each log source can see, and which protocols count as legacy. One place, used by the report's
 * output and quoted by the docs, so they cannot drift apart.
 */
import { PROTOCOLS } from "../../components/cloudfront-facts";

/** The two log sources the report reads. */
export type LogSource = "cloudfront" | "cloudtrail";

/**
 * What each source can see. CloudFront's standard log is the only record of the TLS version a
 * viewer negotiated with the distribution; CloudTrail's `tlsDetails` covers calls to AWS APIs only.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#BasicDistributionFileFormat
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export const SOURCE_VISIBILITY: Readonly<Record<LogSource, string>> = {
    cloudfront:
        "CloudFront standard logs (field ssl-protocol) record the TLS version each viewer negotiated with CloudFront; " +
        'they are the only place viewer TLS is recorded. "-" means the request came over plain HTTP.',
    cloudtrail:
        "CloudTrail (tlsDetails.tlsVersion) records the TLS version of calls to AWS APIs, including direct S3 API calls " +
        "(S3 object calls only when the trail logs data events); it never sees CloudFront viewers.",
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

/**
 * The settings of a TlsAudit, declared once: the TypeScript types and their TSDoc are the source of the
 * settings schema (`npm run generate`), the stack file's `audit` section, the config reference and the
 * schema other languages see. Plain declarations only: nothing here creates resources.
 *
 * Each optional feature (`lake`, `frontLogs`) is one settings object whose presence turns the feature on:
 * `frontLogs: {}` is the front logs with every default, `frontLogs: { delivery: "legacy" }` with one
 * changed, and no `frontLogs` at all is no front logs. One key per feature, so a setting cannot be given
 * to a feature that is off.
 */

/**
 * CloudTrail Lake billing modes.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateEventDataStore.html (BillingMode)
 */
export const LakeBillingMode = {
    /** Retention up to 3653 days (ten years), extendable. */
    ExtendableRetentionPricing: "EXTENDABLE_RETENTION_PRICING",
    /** Retention up to 2557 days (seven years), fixed. */
    FixedRetentionPricing: "FIXED_RETENTION_PRICING",
} as const;
/** A CloudTrail Lake billing mode. */
export type LakeBillingMode = (typeof LakeBillingMode)[keyof typeof LakeBillingMode];

/**
 * How CloudFront delivers the front's logs to the audit's bucket.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 */
export const FrontLogDelivery = {
    /**
     * Standard logging (v2): CloudWatch Logs log delivery writes JSON lines; the bucket keeps ACLs off
     * and its policy lets `delivery.logs.amazonaws.com` of this account write. Not in China.
     */
    V2: "v2",
    /** Standard logging (legacy): CloudFront writes tab-separated files with object ACLs, so the bucket has ACLs on. */
    Legacy: "legacy",
} as const;
/** One of `FrontLogDelivery`. */
export type FrontLogDelivery = (typeof FrontLogDelivery)[keyof typeof FrontLogDelivery];

/**
 * A CloudTrail Lake event data store for the audit. Present (`{}` for the defaults): the store is
 * created; absent: no store.
 */
export interface TlsAuditLake {
    /**
     * Days CloudTrail Lake keeps events: from 7 up to 3653 with extendable retention pricing, up to 2557
     * with fixed retention pricing.
     * @asType integer
     * @minimum 7
     * @maximum 3653
     * @default 90
     */
    readonly retentionDays?: number;
    /**
     * How the store is billed; decides the longest retention.
     * @default "EXTENDABLE_RETENTION_PRICING"
     */
    readonly billingMode?: LakeBillingMode;
    /**
     * Collect events from every region, not only the stack's.
     * @default true
     */
    readonly multiRegion?: boolean;
    /**
     * Also collect S3 object-level data events, where clients that call the bucket directly show up
     * (billed per event; management events alone miss them).
     * @default false
     */
    readonly s3DataEvents?: boolean;
    /**
     * Days the output SQL looks back (`eventTime` filter, which also bounds the data scanned).
     * @asType integer
     * @minimum 1
     * @maximum 3653
     * @default 30
     */
    readonly lookbackDays?: number;
}

/**
 * CloudFront standard logging to a bucket the audit creates, with Athena over it. Present (`{}` for the
 * defaults): the bucket, table and query are created, and the audit's `accessLogging` output is what to
 * hand the front; absent: none of them.
 */
export interface TlsAuditFrontLogs {
    /**
     * Standard logging (v2), or legacy logging for China (`aws-cn` has no v2) or for a setup that
     * must keep legacy files; `legacy` is the default in `aws-cn`. The Glue table follows the choice.
     * @default "v2"
     */
    readonly delivery?: FrontLogDelivery;
    /**
     * Key prefix CloudFront writes under (pass the same to the front: use the audit's `accessLogging`).
     * @pattern ^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$
     * @patternDescription a key prefix such as "cloudfront/" (safe characters, ending with "/", no leading "/")
     * @default "cloudfront/"
     */
    readonly prefix?: string;
    /**
     * Days log files are kept before S3 deletes them.
     * @asType integer
     * @minimum 1
     * @maximum 36500
     * @default 90
     */
    readonly expirationDays?: number;
    /**
     * Days Athena query results are kept.
     * @asType integer
     * @minimum 1
     * @maximum 36500
     * @default 30
     */
    readonly resultsExpirationDays?: number;
    /**
     * Glue database of the log table.
     * @pattern ^[a-z0-9_]{1,255}$
     * @patternDescription an Athena database name (1-255 lower-case letters, digits, underscores)
     * @default "<name>_<stack>" with hyphens as underscores, e.g. "audit_prod"
     */
    readonly databaseName?: string;
}

/**
 * The settings of a `TlsAudit`: what a stack file's `audit` section (or a program in any language) sets.
 * At least one of `cloudTrailLogGroupNames`, `lake` and `frontLogs` must be on.
 */
export interface TlsAuditSettings {
    /**
     * CloudWatch Logs log groups a CloudTrail trail delivers to (each listed once); each gets saved Logs
     * Insights queries counting AWS API calls (direct S3 requests included) by TLS version and cipher
     * suite. AWS API endpoints refuse TLS below 1.2 since 2023, so these show which TLS 1.2/1.3 cipher
     * suites callers use; CloudTrail never sees CloudFront viewers, whose TLS 1.0/1.1 is only in
     * CloudFront's logs.
     * @default [] (no saved queries)
     * @example ["aws-cloudtrail-logs-123456789012-0a1b2c3d"]
     */
    readonly cloudTrailLogGroupNames?: string[];
    /**
     * Folder the saved queries appear under in the Logs Insights console (`/` separates levels).
     * @pattern ^[^/\s][^/]{0,99}(\/[^/\s][^/]{0,99})*$
     * @patternDescription a folder name such as "tls-audit" or "security/tls" (no empty levels, no leading or trailing "/")
     * @default "tls-audit"
     */
    readonly queryFolder?: string;
    /**
     * A CloudTrail Lake event data store, with the SQL of the audit query as an output (CloudTrail Lake
     * has no API for saved queries). Set it to turn the store on: `{}` for the defaults. CloudTrail Lake
     * is closed to new customers from May 31, 2026.
     * @default off
     * @example { retentionDays: 365, s3DataEvents: true }
     */
    readonly lake?: TlsAuditLake;
    /**
     * A log bucket for the front's CloudFront standard logs (v2 by default: no bucket ACLs), a Glue
     * table over them and an Athena workgroup with a named query counting requests below TLS 1.2 by
     * protocol, cipher and client; hand the audit's `accessLogging` output to the front. Set it to turn
     * the front logs on: `{}` for the defaults.
     * @default off
     * @example {}
     */
    readonly frontLogs?: TlsAuditFrontLogs;
}

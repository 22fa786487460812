import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ObjectOwnership, blockPublicAccess } from "./bucket-hardening";
import {
    AWS_API_MINIMUM_TLS,
    CLOUDFRONT_CONTROL_REGION,
    CLOUDFRONT_STANDARD_LOG_FIELDS,
    DEFAULT_LOG_SUFFIX_PATH,
    LOG_DELIVERY_SERVICE_PRINCIPAL,
    PARTITIONS,
    PROTOCOLS,
    Partition,
    StandardLogFormat,
    TLS_AUDIT_LOG_FIELDS,
} from "./cloudfront-facts";
import { DEFAULT_LOG_PREFIX, FrontAccessLogging } from "./legacy-tls-front";
import { PolicyStatement, buildBucketPolicy } from "./origin-access-policy";
import { bucketMayOutliveDestroy } from "./private-origin-bucket";
import { FrontLogDelivery, LakeBillingMode, TlsAuditFrontLogs, TlsAuditLake, TlsAuditSettings } from "./settings/tls-audit";
import { settingsIssues } from "./settings-validation";
import { ComponentState, componentType, withFormerType } from "./type-tokens";
import { Issue, checkBoolean, checkOneOf, isPlainObject, parseArn, throwIfIssues } from "./validation";

export { FrontLogDelivery, LakeBillingMode, TlsAuditFrontLogs, TlsAuditLake, TlsAuditSettings };

/**
 * Protocols below TLS 1.2 as CloudFront's access logs write them (`ssl-protocol`), oldest first.
 * Derived from `PROTOCOLS`, so a new protocol is added in one place.
 */
export const LEGACY_PROTOCOLS: readonly string[] = PROTOCOLS.slice(0, PROTOCOLS.indexOf("TLSv1.2"));

/**
 * Canonical user ID of the `awslogsdelivery` account that writes CloudFront standard (legacy) logs,
 * per partition; the log bucket's ACL grants it FULL_CONTROL.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html#AccessLogsBucketAndFileOwnership
 * @see https://docs.amazonaws.cn/en_us/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html
 */
export const LOG_DELIVERY_CANONICAL_USER_ID: Readonly<Record<Partition, string>> = {
    aws: "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0",
    "aws-cn": "a52cb28745c0c06e84ec548334e44bfa7fc2a85c54af20cd59e4969344b7af56",
};

/**
 * The longest retention (days) each CloudTrail Lake billing mode allows.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateEventDataStore.html (RetentionPeriod)
 */
export const LAKE_BILLING_MODES: Readonly<Record<LakeBillingMode, number>> = {
    [LakeBillingMode.ExtendableRetentionPricing]: 3653,
    [LakeBillingMode.FixedRetentionPricing]: 2557,
};

/** Arguments of `TlsAudit`: its settings, and what the program around it decides. */
export interface TlsAuditArgs extends TlsAuditSettings {
    /**
     * The AWS partition: `aws-cn` has no standard logging (v2), and legacy logs are written by a
     * delivery account of each partition. A stack derives it from `aws:region`.
     * @default "aws"
     */
    readonly partition?: Partition;
    /**
     * Protect the buckets and the event data store (termination protection) and keep them in AWS when
     * they leave the program. Turn off only for throwaway stacks. A stack follows its bucket's `protect`.
     * @default true
     */
    readonly protect?: boolean;
    /**
     * Let `pulumi destroy` delete non-empty buckets and a workgroup with saved queries. Only with
     * `protect: false`. A stack follows its bucket's `forceDestroy`.
     * @default false
     */
    readonly forceDestroy?: boolean;
    /**
     * Tags for every taggable child resource.
     * @default {}
     */
    readonly tags?: Record<string, string>;
}

// Athena names databases and tables in lower case; only letters, digits and underscores need no quoting.
// https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
const ATHENA_NAME = /^[a-z0-9_]{1,255}$/;
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * Checks the arguments of a `TlsAudit` and returns every problem found: the settings against their
 * schema (types, allowed values, ranges, unknown keys), then the rules that tie settings together. Values
 * that are not known yet (outputs) are skipped; `prefix` starts every path (a config section, or `""`).
 */
export function validateTlsAuditArgs(args: TlsAuditArgs, prefix = ""): Issue[] {
    const { partition, protect, forceDestroy, tags, ...settings } = args;
    const at = (path: string): string => (prefix === "" ? path : `${prefix}.${path}`);
    const issues = settingsIssues("TlsAuditSettings", settings, prefix).map((issue) =>
        // The features were switched with true/false before they were settings objects: say how to switch now.
        (issue.path === at("lake") || issue.path === at("frontLogs")) && typeof issue.value === "boolean"
            ? { ...issue, problem: "is not an object of settings: the feature is on when it is set ({} for the defaults) and off when it is left out" }
            : issue,
    );
    const groups = args.cloudTrailLogGroupNames;
    if (Array.isArray(groups)) {
        groups.forEach((g, i) => {
            // Not a string: the schema says so.
            if (typeof g !== "string") return;
            if (!LOG_GROUP_NAME.test(g)) {
                issues.push({ path: at(`cloudTrailLogGroupNames[${i}]`), value: g, problem: "is not a log group name (1-512 characters: letters, digits, . - _ / #)" });
            } else if (groups.indexOf(g) !== i) {
                issues.push({ path: at(`cloudTrailLogGroupNames[${i}]`), value: g, problem: "is listed twice" });
            }
        });
    }
    const lake = isPlainObject(args.lake) ? args.lake : undefined;
    // The schema allows the longest retention of any billing mode; fixed retention pricing allows less.
    const retentionPath = at("lake.retentionDays");
    if (lake?.billingMode === LakeBillingMode.FixedRetentionPricing && typeof lake.retentionDays === "number" && !issues.some((i) => i.path === retentionPath)) {
        const max = LAKE_BILLING_MODES[LakeBillingMode.FixedRetentionPricing];
        if (lake.retentionDays > max) issues.push({ path: retentionPath, value: lake.retentionDays, problem: `is not a whole number from 7 to ${max}` });
    }
    const front = isPlainObject(args.frontLogs) ? args.frontLogs : undefined;
    if (front?.delivery === FrontLogDelivery.V2 && partition === "aws-cn") {
        // https://docs.amazonaws.cn/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html (the China copy of the page: v2 is not available in the China Regions)
        issues.push({
            path: at("frontLogs.delivery"),
            value: front.delivery,
            problem: 'is not available in partition "aws-cn": CloudFront has no standard logging (v2) in China; use "legacy" (the default there)',
        });
    }
    // What the program decides (not settings, so not under `prefix`).
    if (partition !== undefined) checkOneOf("partition", partition, PARTITIONS, issues);
    if (protect !== undefined) checkBoolean("protect", protect, issues);
    if (forceDestroy !== undefined && checkBoolean("forceDestroy", forceDestroy, issues) && forceDestroy && protect !== false) {
        issues.push({ path: "forceDestroy", value: true, problem: "is only allowed with protect: false (protected audit data is kept on destroy)" });
    }
    const nothing = (Array.isArray(groups) ? groups.length === 0 : groups === undefined) && args.lake === undefined && args.frontLogs === undefined;
    if (nothing && issues.length === 0) {
        issues.push({
            path: at("cloudTrailLogGroupNames"),
            value: groups,
            problem: "is empty and lake and frontLogs are off, so there is nothing to audit; enable at least one of the three",
        });
    }
    return issues;
}

/** A saved Logs Insights query. */
export interface SavedQuery {
    /** What the query groups by; also the suffix of its resource name. */
    readonly groupBy: "principal" | "event-source" | "user-agent";
    /** Query name without the folder. */
    readonly title: string;
    /** The query in Logs Insights query language. */
    readonly queryString: string;
}

// Said wherever a CloudTrail query is read: what it can and cannot show.
const CLOUDTRAIL_SCOPE =
    `AWS API endpoints refuse TLS below 1.2 since ${AWS_API_MINIMUM_TLS.since} (${AWS_API_MINIMUM_TLS.announcement}), ` +
    "so CloudTrail shows TLS 1.2/1.3 and their cipher suites only; viewers' TLS 1.0/1.1 is only in CloudFront's access logs.";

/**
 * The Logs Insights queries over CloudTrail events: AWS API calls (direct S3 requests included) that
 * carry TLS details, counted by TLS version and cipher suite per principal, per event source and per
 * user agent. They cannot find TLS 1.0/1.1 callers: AWS API endpoints refuse them since 2023.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html (tlsDetails)
 * @see https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/
 */
export function buildLogsInsightsQueries(): SavedQuery[] {
    const query = (what: string, by: string) =>
        [
            `# AWS API calls (CloudTrail) by TLS version and cipher suite, per ${what}. ${CLOUDTRAIL_SCOPE}`,
            "filter ispresent(tlsDetails.tlsVersion)",
            `| stats count(*) as calls by ${by}, tlsDetails.tlsVersion, tlsDetails.cipherSuite`,
            "| sort calls desc",
            "| limit 1000",
        ].join("\n");
    return [
        { groupBy: "principal", title: "TLS version and cipher suite by principal", queryString: query("principal", "userIdentity.arn") },
        { groupBy: "event-source", title: "TLS version and cipher suite by event source", queryString: query("event source", "eventSource") },
        { groupBy: "user-agent", title: "TLS version and cipher suite by user agent", queryString: query("user agent", "userAgent") },
    ];
}

/**
 * The Athena query over CloudFront standard logs: requests below TLS 1.2 counted by protocol, cipher,
 * client IP and user agent (decoded: CloudFront URL-encodes it), with the first and last day seen. The
 * v2 and legacy tables name these columns alike.
 */
export function buildAthenaLegacyTlsQuery(database: string, table: string): string {
    for (const [what, name] of [["database", database], ["table", table]] as const) {
        if (!ATHENA_NAME.test(name)) throw new RangeError(`${what} ${JSON.stringify(name)} is not an Athena name (lower-case letters, digits, underscores)`);
    }
    const protocols = LEGACY_PROTOCOLS.map((p) => `'${p}'`).join(", ");
    return [
        "-- Viewer requests below TLS 1.2, by protocol, cipher and client. Retire the legacy policy when this is empty.",
        "SELECT ssl_protocol,",
        "       ssl_cipher,",
        "       c_ip,",
        "       url_decode(cs_user_agent) AS user_agent,",
        "       count(*) AS requests,",
        '       min("date") AS first_seen,',
        '       max("date") AS last_seen',
        `FROM "${database}"."${table}"`,
        `WHERE ssl_protocol IN (${protocols})`,
        "GROUP BY ssl_protocol, ssl_cipher, c_ip, url_decode(cs_user_agent)",
        "ORDER BY requests DESC",
        "LIMIT 1000",
    ].join("\n");
}

/** The ID part of an event data store ARN (`arn:…:cloudtrail:REGION:ACCOUNT:eventdatastore/ID`), what Lake SQL selects FROM. */
export function eventDataStoreIdOf(arn: string): string {
    const parsed = parseArn(arn);
    const match = parsed && parsed.service === "cloudtrail" ? /^eventdatastore\/([A-Za-z0-9-]+)$/.exec(parsed.resource) : null;
    if (!match) throw new RangeError(`${JSON.stringify(arn)} is not a CloudTrail event data store ARN`);
    return match[1];
}

/**
 * The CloudTrail Lake query: AWS API calls in the last `lookbackDays` that carry TLS details, by event
 * source, TLS version and cipher suite, with how many principals made them and the last call. Like the
 * Logs Insights queries it shows TLS 1.2/1.3 only (AWS API endpoints refuse older TLS since 2023);
 * viewers' TLS 1.0/1.1 is only in CloudFront's logs. Lake SQL is Trino SQL over the event data store's ID.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-limitations.html
 * @see https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/
 */
export function buildLakeTlsQuery(eventDataStoreId: string, lookbackDays: number): string {
    if (!/^[A-Za-z0-9-]+$/.test(eventDataStoreId)) throw new RangeError(`${JSON.stringify(eventDataStoreId)} is not an event data store ID`);
    if (!Number.isInteger(lookbackDays) || lookbackDays < 1) throw new RangeError(`lookbackDays ${lookbackDays} is not a whole number of days from 1`);
    return [
        "SELECT eventSource, tlsDetails.tlsVersion AS tls_version, tlsDetails.cipherSuite AS cipher_suite,",
        "       count(*) AS calls, count(DISTINCT userIdentity.arn) AS principals, max(eventTime) AS last_call",
        `FROM ${eventDataStoreId}`,
        "WHERE tlsDetails.tlsVersion IS NOT NULL",
        // Bounding eventTime keeps the scan (and the bill) to the look-back window.
        `  AND eventTime > date_add('day', -${lookbackDays}, current_timestamp)`,
        "GROUP BY eventSource, tlsDetails.tlsVersion, tlsDetails.cipherSuite",
        "ORDER BY calls DESC",
    ].join("\n");
}

/** The Glue database name a component gets by default: `<name>_<stack>` in Athena's alphabet. */
export function defaultDatabaseName(name: string, stack: string): string {
    return `${name}_${stack}`.toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 255);
}

/** Name of the Glue table over the CloudFront logs, as the Athena documentation calls it. */
export const CLOUDFRONT_LOG_TABLE = "cloudfront_standard_logs";

/** How the front's logs reach the audit's bucket when `frontLogs.delivery` is not given: v2, but legacy in China (no v2 there). */
export function defaultFrontLogDelivery(partition: Partition): FrontLogDelivery {
    return partition === "aws-cn" ? FrontLogDelivery.Legacy : FrontLogDelivery.V2;
}

/**
 * The bucket policy statement that lets standard logging (v2) write under `prefix`: the log delivery
 * service, for this account's delivery sources in us-east-1 (CloudFront's), with the canned ACL
 * condition of AWS's statement (S3 accepts that ACL header with ACLs disabled).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html (bucket-owner-full-control with ACLs disabled)
 */
export function logDeliveryWriteStatement(bucketArn: string, prefix: string, accountId: string): PolicyStatement {
    return {
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: LOG_DELIVERY_SERVICE_PRINCIPAL },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/${prefix}*`,
        Condition: {
            StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:logs:${CLOUDFRONT_CONTROL_REGION}:${accountId}:delivery-source:*` },
        },
    };
}

interface TableLayout {
    readonly description: string;
    readonly parameters: Record<string, string>;
    readonly serDeInfo: { serializationLibrary: string; parameters: Record<string, string> };
    readonly columns: { name: string; type: string; comment: string }[];
}

// Legacy files: tab-separated, the 33 documented fields, two header lines (#Version, #Fields). What
// Athena's ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' stands for; gzip is read by extension.
// https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-standard-logs.html
// https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html
const LEGACY_TABLE: TableLayout = {
    description: "CloudFront standard (legacy) access logs, tab-separated, two header lines",
    parameters: { EXTERNAL: "TRUE", "skip.header.line.count": "2" },
    serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", parameters: { "field.delim": "\t", "serialization.format": "\t" } },
    columns: CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => ({ name: f.column, type: f.type, comment: f.field })),
};

/**
 * The Glue table layout of standard logging (v2) in JSON: one object per line, keyed by the v2 field
 * names, every value a string, so every column is a string. Columns keep the names of the legacy table
 * (`c_ip`, `cs_user_agent`, …), so one query reads both; the OpenX JSON SerDe maps each to its JSON key
 * (lower case: the SerDe lower-cases keys unless told otherwise).
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-manual-json.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html (mapping, case.insensitive, ignore.malformed.json)
 */
export function v2JsonTable(fields: readonly string[]): TableLayout {
    const columnOf = (field: string): string =>
        CLOUDFRONT_STANDARD_LOG_FIELDS.find((f) => f.field === field)?.column ?? field.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
    const mapping: Record<string, string> = {};
    for (const field of fields) {
        const column = columnOf(field);
        if (column !== field.toLowerCase()) mapping[`mapping.${column}`] = field.toLowerCase();
    }
    return {
        description: "CloudFront standard logging (v2) access logs, JSON lines",
        parameters: { EXTERNAL: "TRUE", classification: "json" },
        serDeInfo: {
            serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
            // A truncated or mangled line is skipped rather than failing the query.
            parameters: { "case.insensitive": "TRUE", "ignore.malformed.json": "TRUE", ...mapping },
        },
        columns: fields.map((field) => ({ name: columnOf(field), type: "string", comment: field })),
    };
}

/** What a `TlsAudit` keeps for its own code. */
interface TlsAuditState {
    readonly resourceName: string;
    readonly protect: boolean;
    readonly forceDestroy: boolean;
    readonly keepBucketSettings: boolean;
    readonly tags: Record<string, string>;
}
const auditState = new ComponentState<TlsAudit, TlsAuditState>();

/**
 * Finds who still uses TLS 1.0/1.1, so the legacy policy can be retired when the last one is gone. For
 * the front, the only place viewer TLS is recorded: a log bucket for CloudFront standard logging (v2,
 * no bucket ACLs; legacy on request or in China) with a Glue table and an Athena named query over
 * `ssl_protocol` and `ssl_cipher`. For AWS API calls (direct S3 requests included): saved CloudWatch Logs
 * Insights queries over CloudTrail and optionally a CloudTrail Lake event data store with the same
 * question in SQL; since AWS API endpoints refuse TLS below 1.2, those show the TLS 1.2/1.3 versions
 * and cipher suites callers use.
 *
 * @example
 * const audit = new TlsAudit("audit", {
 *     cloudTrailLogGroupNames: ["aws-cloudtrail-logs-123456789012-0a1b2c3d"],
 *     frontLogs: {},
 * });
 * const front = new LegacyTlsFront("front", { origin: content, mode: "signed", accessLogging: audit.accessLogging });
 */
export class TlsAudit extends pulumi.ComponentResource {
    /** IDs of the saved Logs Insights queries, by principal, event source and user agent (empty without log groups). */
    public readonly queryDefinitionIds: pulumi.Output<string[]>;
    /** ARN of the CloudTrail Lake event data store; `undefined` without `lake`. */
    public readonly lakeEventDataStoreArn: pulumi.Output<string | undefined>;
    /**
     * The CloudTrail Lake query, with the event data store ID filled in: run it in the Lake query editor
     * (and save it there) or with `aws cloudtrail start-query`. `undefined` without `lake`.
     */
    public readonly lakeQuerySql: pulumi.Output<string | undefined>;
    /** Name of the bucket receiving CloudFront standard logs; `undefined` without `frontLogs`. */
    public readonly logBucketName: pulumi.Output<string | undefined>;
    /** Its domain name (`BUCKET.s3.amazonaws.com`), what legacy logging's config takes. */
    public readonly logBucketDomainName: pulumi.Output<string | undefined>;
    /**
     * Where the log files are, `s3://BUCKET/PREFIX/` (v2 adds `AWSLogs/ACCOUNT/CloudFront/` and the
     * path per distribution and day below it): what to copy for `npm run tls-report`. `undefined`
     * without `frontLogs`.
     */
    public readonly logLocation: pulumi.Output<string | undefined>;
    /** How CloudFront delivers the logs (`v2` or `legacy`); `undefined` without `frontLogs`. */
    public readonly frontLogDelivery?: FrontLogDelivery;
    /**
     * Pass to `LegacyTlsFront`'s `accessLogging`: the bucket, the format and fields the Glue table
     * reads; its bucket value carries what the front must wait for (the bucket policy, or the ownership
     * controls and ACL). Absent without `frontLogs`.
     */
    public readonly accessLogging?: FrontAccessLogging;
    /** Glue database of the log table; `undefined` without `frontLogs`. */
    public readonly athenaDatabaseName: pulumi.Output<string | undefined>;
    /** The Athena workgroup to run the named query in; `undefined` without `frontLogs`. */
    public readonly athenaWorkgroupName: pulumi.Output<string | undefined>;
    /** ID of the Athena named query; `undefined` without `frontLogs`. */
    public readonly athenaNamedQueryId: pulumi.Output<string | undefined>;

    private get resourceName(): string {
        return auditState.of(this).resourceName;
    }
    private get protect(): boolean {
        return auditState.of(this).protect;
    }
    private get forceDestroy(): boolean {
        return auditState.of(this).forceDestroy;
    }
    /** Whether the buckets' settings are retained on delete: whenever a bucket may outlive a destroy. */
    private get keepBucketSettings(): boolean {
        return auditState.of(this).keepBucketSettings;
    }
    private get tags(): Record<string, string> {
        return auditState.of(this).tags;
    }

    constructor(name: string, args: TlsAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad arguments leave no half-made component behind.
        throwIfIssues(`TlsAudit "${name}"`, validateTlsAuditArgs(args));
        super(componentType("TlsAudit"), name, {}, withFormerType("legacytls:audit:TlsAudit", opts));
        const protect = args.protect ?? true;
        const forceDestroy = args.forceDestroy ?? false;
        auditState.init(this, {
            resourceName: name,
            protect,
            forceDestroy,
            keepBucketSettings: bucketMayOutliveDestroy({ protect, forceDestroy }),
            tags: args.tags ?? {},
        });

        this.queryDefinitionIds = this.saveLogsInsightsQueries(args);
        const lake = args.lake;
        const store = lake ? this.createLake(lake) : undefined;
        this.lakeEventDataStoreArn = store ? store.arn : pulumi.output(undefined);
        this.lakeQuerySql = store
            ? store.arn.apply((arn) => buildLakeTlsQuery(eventDataStoreIdOf(arn), lake?.lookbackDays ?? 30))
            : pulumi.output(undefined);

        const front = args.frontLogs;
        const partition = args.partition ?? "aws";
        const logs = front ? this.createFrontLogs(front, front.delivery ?? defaultFrontLogDelivery(partition), partition) : undefined;
        this.logBucketName = logs ? logs.bucket.bucket : pulumi.output(undefined);
        this.logBucketDomainName = logs ? logs.bucket.bucketDomainName : pulumi.output(undefined);
        this.logLocation = logs ? pulumi.interpolate`s3://${logs.bucket.bucket}/${logs.prefix}` : pulumi.output(undefined);
        if (logs) {
            this.frontLogDelivery = logs.delivery;
            this.accessLogging = logs.accessLogging;
        }
        this.athenaDatabaseName = logs ? logs.database.name : pulumi.output(undefined);
        this.athenaWorkgroupName = logs ? logs.workgroup.name : pulumi.output(undefined);
        this.athenaNamedQueryId = logs ? logs.namedQuery.id : pulumi.output(undefined);

        this.registerOutputs({
            queryDefinitionIds: this.queryDefinitionIds,
            lakeEventDataStoreArn: this.lakeEventDataStoreArn,
            lakeQuerySql: this.lakeQuerySql,
            logBucketName: this.logBucketName,
            logBucketDomainName: this.logBucketDomainName,
            logLocation: this.logLocation,
            athenaDatabaseName: this.athenaDatabaseName,
            athenaWorkgroupName: this.athenaWorkgroupName,
            athenaNamedQueryId: this.athenaNamedQueryId,
        });
    }

    private saveLogsInsightsQueries(args: TlsAuditArgs): pulumi.Output<string[]> {
        const groups = [...(args.cloudTrailLogGroupNames ?? [])];
        if (groups.length === 0) return pulumi.output([]);
        const folder = args.queryFolder ?? "tls-audit";
        const definitions = buildLogsInsightsQueries().map(
            (q) =>
                new aws.cloudwatch.QueryDefinition(
                    `${this.resourceName}-query-${q.groupBy}`,
                    { name: `${folder}/${q.title}`, queryString: q.queryString, logGroupNames: groups },
                    { parent: this },
                ),
        );
        return pulumi.all(definitions.map((d) => d.queryDefinitionId));
    }

    private createLake(lake: TlsAuditLake): aws.cloudtrail.EventDataStore {
        // Without selectors the store takes every management event; S3 data events must be asked for.
        // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html#creating-data-event-selectors-advanced
        const selectors = lake.s3DataEvents
            ? [
                  { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                  {
                      name: "S3 object data events",
                      fieldSelectors: [
                          { field: "eventCategory", equals: ["Data"] },
                          { field: "resources.type", equals: ["AWS::S3::Object"] },
                      ],
                  },
              ]
            : undefined;
        return new aws.cloudtrail.EventDataStore(
            `${this.resourceName}-lake`,
            {
                retentionPeriod: lake.retentionDays ?? 90,
                billingMode: lake.billingMode ?? LakeBillingMode.ExtendableRetentionPricing,
                multiRegionEnabled: lake.multiRegion ?? true,
                organizationEnabled: false,
                terminationProtectionEnabled: this.protect,
                advancedEventSelectors: selectors,
                tags: this.tags,
            },
            { parent: this, protect: this.protect, retainOnDelete: this.protect },
        );
    }

    private createFrontLogs(front: TlsAuditFrontLogs, delivery: FrontLogDelivery, partition: Partition) {
        const prefix = front.prefix ?? DEFAULT_LOG_PREFIX;
        const expirationDays = front.expirationDays ?? 90;
        const written = delivery === FrontLogDelivery.V2 ? this.v2LogBucket(prefix, expirationDays) : this.legacyLogBucket(prefix, expirationDays, partition);
        const { bucket, accessLogging } = written;

        const results = this.privateBucket("athena-results", "BucketOwnerEnforced", front.resultsExpirationDays ?? 30);
        const database = new aws.glue.CatalogDatabase(
            `${this.resourceName}-database`,
            {
                name: front.databaseName ?? defaultDatabaseName(this.resourceName, pulumi.getStack()),
                description: `CloudFront standard logs of ${this.resourceName}, for the TLS audit`,
                tags: this.tags,
            },
            { parent: this },
        );
        const layout = delivery === FrontLogDelivery.V2 ? v2JsonTable(accessLogging.recordFields ?? TLS_AUDIT_LOG_FIELDS) : LEGACY_TABLE;
        const table = new aws.glue.CatalogTable(
            `${this.resourceName}-table`,
            {
                databaseName: database.name,
                name: CLOUDFRONT_LOG_TABLE,
                description: layout.description,
                tableType: "EXTERNAL_TABLE",
                parameters: layout.parameters,
                storageDescriptor: {
                    // The whole prefix, unpartitioned: Athena reads every file under it. With v2 that covers
                    // the AWSLogs/ACCOUNT/CloudFront/ part AWS adds when it creates the delivery (and drops on an
                    // update), so the table finds the logs either way; the bucket's lifecycle bounds the scan.
                    // https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html
                    location: pulumi.interpolate`s3://${bucket.bucket}/${prefix}`,
                    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
                    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    serDeInfo: layout.serDeInfo,
                    columns: layout.columns,
                },
            },
            { parent: this },
        );
        const workgroup = new aws.athena.Workgroup(
            `${this.resourceName}-workgroup`,
            {
                description: `TLS audit of ${this.resourceName}: query results encrypted in ${this.resourceName}-athena-results`,
                state: "ENABLED",
                forceDestroy: this.forceDestroy,
                configuration: {
                    // Users cannot send results elsewhere or unencrypted.
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${results.bucket.bucket}/results/`,
                        encryptionConfiguration: { encryptionOption: "SSE_S3" },
                    },
                },
                tags: this.tags,
            },
            { parent: this },
        );
        const namedQuery = new aws.athena.NamedQuery(
            `${this.resourceName}-legacy-tls-query`,
            {
                name: "Viewer requests below TLS 1.2 by protocol, cipher and client",
                description: "CloudFront standard logs: requests with ssl_protocol below TLSv1.2, by protocol, cipher, client IP and user agent",
                database: database.name,
                workgroup: workgroup.name,
                query: pulumi.all([database.name, table.name]).apply(([db, t]) => buildAthenaLegacyTlsQuery(db, t)),
            },
            { parent: this },
        );
        return { bucket, prefix, delivery, accessLogging, database, workgroup, namedQuery };
    }

    // Standard logging (v2): no ACLs (ownership enforced); the bucket policy lets CloudWatch Logs' log
    // delivery put objects under the prefix, only for delivery sources of this account in us-east-1 (where
    // CloudFront's are), as AWS's documented statement does. The front's delivery waits for the policy.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
    private v2LogBucket(prefix: string, expirationDays: number) {
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const { bucket, policy } = this.privateBucket("logs", "BucketOwnerEnforced", expirationDays, (bucketArn) =>
            account.apply((accountId) => [logDeliveryWriteStatement(bucketArn, prefix, accountId)]),
        );
        const accessLogging: FrontAccessLogging = {
            // The ARN once the policy exists: the front's log delivery, which takes it, waits for the policy.
            bucketArn: pulumi.all([bucket.arn, policy.id]).apply(([arn]) => arn),
            prefix,
            outputFormat: StandardLogFormat.Json,
            recordFields: [...TLS_AUDIT_LOG_FIELDS],
            suffixPath: DEFAULT_LOG_SUFFIX_PATH,
            hiveCompatiblePath: false,
        };
        return { bucket, accessLogging };
    }

    // Legacy logging writes with object ACLs, so the bucket keeps ACLs enabled; the awslogsdelivery
    // account gets FULL_CONTROL (CloudFront would add it itself, but only when the deployer may edit the
    // ACL, and a managed ACL does not drift when it does). CloudFront checks the ACL when the
    // distribution is created or updated, so the front waits for the ownership controls and the ACL.
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
    private legacyLogBucket(prefix: string, expirationDays: number, partition: Partition) {
        const { bucket, ownership } = this.privateBucket("logs", "BucketOwnerPreferred", expirationDays);
        const owner = aws.s3.getCanonicalUserIdOutput({ parent: this });
        const acl = new aws.s3.BucketAcl(
            `${this.resourceName}-logs-acl`,
            {
                bucket: bucket.id,
                accessControlPolicy: {
                    owner: { id: owner.id },
                    grants: [
                        { grantee: { type: "CanonicalUser", id: owner.id }, permission: "FULL_CONTROL" },
                        { grantee: { type: "CanonicalUser", id: LOG_DELIVERY_CANONICAL_USER_ID[partition] }, permission: "FULL_CONTROL" },
                    ],
                },
            },
            // ACLs can only be set once ownership controls allow them. Kept with a bucket that may outlive a
            // destroy, like the rest of its settings (see privateBucket).
            { parent: this, dependsOn: [ownership], retainOnDelete: this.keepBucketSettings },
        );
        const accessLogging: FrontAccessLogging = {
            // The name once ownership controls and ACL exist: the distribution, which takes it, waits for them.
            bucketDomainName: pulumi.all([bucket.bucketDomainName, ownership.id, acl.id]).apply(([domainName]) => domainName),
            prefix,
            includeCookies: false,
        };
        return { bucket, accessLogging };
    }

    // A private bucket with all public access blocked, SSE-S3 (CloudFront log delivery cannot use a
    // KMS key without a key policy for the delivery account), the project's TLS-only policy, and a
    // lifecycle that deletes objects after `expirationDays`.
    // Its settings stay whenever the bucket may outlive a destroy (protected, or not empty without
    // forceDestroy): Pulumi deletes them before the bucket, and a bucket S3 refuses to delete must not be
    // left public-access-unblocked and without its TLS-only policy.
    private privateBucket(
        role: string,
        objectOwnership: ObjectOwnership,
        expirationDays: number,
        extraStatements?: (bucketArn: string) => pulumi.Output<PolicyStatement[]>,
    ) {
        const name = `${this.resourceName}-${role}`;
        const keep = { parent: this as pulumi.Resource, retainOnDelete: this.keepBucketSettings };
        const bucket = new aws.s3.Bucket(
            name,
            { forceDestroy: this.forceDestroy, tags: this.tags },
            { parent: this, protect: this.protect, retainOnDelete: this.protect },
        );
        const { publicAccess, ownership } = blockPublicAccess(name, bucket.id, objectOwnership, keep);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            keep,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire",
                        status: "Enabled",
                        // The whole bucket, as an empty prefix: an empty filter makes the AWS provider warn.
                        // https://github.com/hashicorp/terraform-provider-aws/issues/42714
                        filter: { prefix: "" },
                        expiration: { days: expirationDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            keep,
        );
        const policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: bucket.id,
                policy: bucket.arn.apply((bucketArn) => {
                    const base = buildBucketPolicy({ bucketArn, grants: [] });
                    const extra = extraStatements ? extraStatements(bucketArn) : pulumi.output([] as PolicyStatement[]);
                    return extra.apply((statements) => JSON.stringify({ ...base, Statement: [...base.Statement, ...statements] }));
                }),
            },
            // S3 refuses a policy while the public access block is being changed; order them.
            { ...keep, dependsOn: [publicAccess] },
        );
        return { bucket, ownership, policy };
    }
}

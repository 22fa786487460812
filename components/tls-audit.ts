import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ObjectOwnership, blockPublicAccess } from "./bucket-hardening";
import { CLOUDFRONT_STANDARD_LOG_FIELDS, PARTITIONS, PROTOCOLS, Partition } from "./cloudfront-facts";
import { FrontAccessLogging } from "./legacy-tls-front";
import { buildBucketPolicy } from "./origin-access-policy";
import { Issue, checkBoolean, checkIntegerInRange, checkOneOf, parseArn, throwIfIssues } from "./validation";

/**
 * Protocols below TLS 1.2 as CloudFront's access logs write them (`ssl-protocol`), oldest first.
 * Derived from {@link PROTOCOLS}, so a new protocol is added in one place.
 */
export const LEGACY_PROTOCOLS: readonly string[] = PROTOCOLS.slice(0, PROTOCOLS.indexOf("TLSv1.2"));

/**
 * TLS versions below 1.2 as CloudTrail records them in `tlsDetails.tlsVersion` (AWS API endpoints never
 * negotiate SSLv3, so only the TLS ones can appear).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export const CLOUDTRAIL_LEGACY_TLS_VERSIONS: readonly string[] = LEGACY_PROTOCOLS.filter((p) => p.startsWith("TLS"));

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

/** CloudTrail Lake billing modes and the longest retention (days) each allows. */
export const LAKE_BILLING_MODES = {
    EXTENDABLE_RETENTION_PRICING: 3653,
    FIXED_RETENTION_PRICING: 2557,
} as const;
/** A CloudTrail Lake billing mode. @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateEventDataStore.html */
export type LakeBillingMode = keyof typeof LAKE_BILLING_MODES;

/** A CloudTrail Lake event data store for the audit. */
export interface TlsAuditLake {
    /**
     * Days CloudTrail Lake keeps events: 7 up to 3653 (extendable retention pricing) or 2557 (fixed).
     * @default 90
     */
    readonly retentionDays?: number;
    /** @default "EXTENDABLE_RETENTION_PRICING" */
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
     * @default 30
     */
    readonly lookbackDays?: number;
}

/** CloudFront standard logging to a bucket this component creates, with Athena over it. */
export interface TlsAuditFrontLogs {
    /**
     * Key prefix CloudFront writes under (pass the same to the front: use {@link TlsAudit.accessLogging}).
     * @default "cloudfront/"
     */
    readonly prefix?: string;
    /**
     * Days log files are kept before S3 deletes them.
     * @default 90
     */
    readonly expirationDays?: number;
    /**
     * Days Athena query results are kept.
     * @default 30
     */
    readonly resultsExpirationDays?: number;
    /**
     * Glue database of the log table: lower-case letters, digits and underscores.
     * @default "<name>_<stack>" with hyphens as underscores, e.g. "audit_prod"
     */
    readonly databaseName?: string;
}

/** Arguments of {@link TlsAudit}. */
export interface TlsAuditArgs {
    /**
     * CloudWatch Logs log groups a CloudTrail trail delivers to; each gets saved Logs Insights queries
     * for calls made with TLS below 1.2. CloudTrail only sees AWS API calls (including direct S3
     * requests), never CloudFront viewers.
     * @default [] (no saved queries)
     * @example ["aws-cloudtrail-logs-123456789012-0a1b2c3d"]
     */
    readonly cloudTrailLogGroupNames?: readonly string[];

    /**
     * Folder the saved queries appear under in the Logs Insights console (`/` separates levels).
     * @default "tls-audit"
     */
    readonly queryFolder?: string;
    /**
     * A CloudTrail Lake event data store, with the SQL of the audit query as an output (CloudTrail Lake
     * has no API for saved queries). `true` for the defaults. CloudTrail Lake is closed to new customers
     * from May 31, 2026.
     * @default off
     * @example { retentionDays: 365, s3DataEvents: true }
     */
    readonly lake?: boolean | TlsAuditLake;
    /**
     * A log bucket for CloudFront standard logging, a Glue table over it and an Athena workgroup with a
     * named query counting requests below TLS 1.2 by protocol and client. `true` for the defaults.
     * @default off
     */
    readonly frontLogs?: boolean | TlsAuditFrontLogs;
    /**
     * The AWS partition: decides the log delivery account CloudFront writes logs as.
     * @default "aws"
     */
    readonly partition?: Partition;
    /**
     * Protect the buckets and the event data store (termination protection) and keep them in AWS when
     * they leave the program. Turn off only for throwaway stacks.
     * @default true
     */
    readonly protect?: boolean;
    /**
     * Let `pulumi destroy` delete non-empty buckets and a workgroup with saved queries. Only with `protect: false`.
     * @default false
     */
    readonly forceDestroy?: boolean;
    /** @default {} */
    readonly tags?: Record<string, string>;
}

// Athena names databases and tables in lower case; only letters, digits and underscores need no quoting.
// https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
const ATHENA_NAME = /^[a-z0-9_]{1,255}$/;
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
// Event data store retention starts at seven days.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateEventDataStore.html
const MIN_LAKE_RETENTION_DAYS = 7;

function options<T extends object>(value: boolean | T | undefined): T | undefined {
    if (value === true) return {} as T;
    return typeof value === "object" && value !== null ? value : undefined;
}

/**
 * Checks the arguments of a {@link TlsAudit} and returns every problem found. Values that are not known
 * yet (outputs) are skipped.
 */
export function validateTlsAuditArgs(args: TlsAuditArgs): Issue[] {
    const issues: Issue[] = [];
    const groups = args.cloudTrailLogGroupNames;
    if (groups !== undefined) {
        if (!Array.isArray(groups)) {
            issues.push({ path: "cloudTrailLogGroupNames", value: groups, problem: "is not a list of log group names" });
        } else {
            groups.forEach((g, i) => {
                if (typeof g !== "string" || !LOG_GROUP_NAME.test(g)) {
                    issues.push({
                        path: `cloudTrailLogGroupNames[${i}]`,
                        value: g,
                        problem: "is not a log group name (1-512 characters: letters, digits, . - _ / #)",
                    });
                } else if (groups.indexOf(g) !== i) {
                    issues.push({ path: `cloudTrailLogGroupNames[${i}]`, value: g, problem: "is listed twice" });
                }
            });
        }
    }
    if (args.queryFolder !== undefined && (typeof args.queryFolder !== "string" || !/^[^/\s][^/]{0,99}(\/[^/\s][^/]{0,99})*$/.test(args.queryFolder))) {
        issues.push({
            path: "queryFolder",
            value: args.queryFolder,
            problem: 'is not a folder name such as "tls-audit" or "security/tls" (no empty levels, no leading or trailing "/")',
        });
    }
    for (const key of ["lake", "frontLogs"] as const) {
        const value = args[key];
        if (value !== undefined && typeof value !== "boolean" && (typeof value !== "object" || value === null || Array.isArray(value))) {
            issues.push({ path: key, value, problem: "is not true, false or an object of settings" });
        }
    }
    const lake = options(args.lake);
    if (lake) {
        const billingOk = lake.billingMode === undefined || checkOneOf("lake.billingMode", lake.billingMode, Object.keys(LAKE_BILLING_MODES) as LakeBillingMode[], issues);
        if (lake.retentionDays !== undefined && billingOk) {
            const max = LAKE_BILLING_MODES[lake.billingMode ?? "EXTENDABLE_RETENTION_PRICING"];
            checkIntegerInRange("lake.retentionDays", lake.retentionDays, MIN_LAKE_RETENTION_DAYS, max, issues);
        }
        if (lake.multiRegion !== undefined) checkBoolean("lake.multiRegion", lake.multiRegion, issues);
        if (lake.s3DataEvents !== undefined) checkBoolean("lake.s3DataEvents", lake.s3DataEvents, issues);
        if (lake.lookbackDays !== undefined) checkIntegerInRange("lake.lookbackDays", lake.lookbackDays, 1, LAKE_BILLING_MODES.EXTENDABLE_RETENTION_PRICING, issues);
    }
    const front = options(args.frontLogs);
    if (front) {
        if (front.prefix !== undefined && (typeof front.prefix !== "string" || !/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/.test(front.prefix))) {
            issues.push({
                path: "frontLogs.prefix",
                value: front.prefix,
                problem: 'is not a key prefix such as "cloudfront/" (safe characters, ending with "/", no leading "/")',
            });
        }
        if (front.expirationDays !== undefined) checkIntegerInRange("frontLogs.expirationDays", front.expirationDays, 1, 36500, issues);
        if (front.resultsExpirationDays !== undefined) checkIntegerInRange("frontLogs.resultsExpirationDays", front.resultsExpirationDays, 1, 36500, issues);
        if (front.databaseName !== undefined && (typeof front.databaseName !== "string" || !ATHENA_NAME.test(front.databaseName))) {
            issues.push({
                path: "frontLogs.databaseName",
                value: front.databaseName,
                problem: "is not an Athena database name (1-255 lower-case letters, digits, underscores)",
            });
        }
    }
    if (args.partition !== undefined) checkOneOf("partition", args.partition, PARTITIONS, issues);
    if (args.protect !== undefined) checkBoolean("protect", args.protect, issues);
    if (args.forceDestroy !== undefined && checkBoolean("forceDestroy", args.forceDestroy, issues) && args.forceDestroy && args.protect !== false) {
        issues.push({ path: "forceDestroy", value: true, problem: "is only allowed with protect: false (protected audit data is kept on destroy)" });
    }
    const nothing = (Array.isArray(groups) ? groups.length === 0 : groups === undefined) && !lake && !front;
    if (nothing && issues.length === 0) {
        issues.push({
            path: "cloudTrailLogGroupNames",
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

/**
 * The Logs Insights queries over CloudTrail events: calls with TLS below 1.2, counted by principal,
 * by event source and by user agent.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 */
export function buildLogsInsightsQueries(): SavedQuery[] {
    const filter = CLOUDTRAIL_LEGACY_TLS_VERSIONS.map((v) => `tlsDetails.tlsVersion = "${v}"`).join(" or ");
    const query = (what: string, by: string) =>
        [
            `# AWS API calls (CloudTrail) made with TLS below 1.2, by ${what}. CloudFront viewers are not in CloudTrail.`,
            `filter ${filter}`,
            `| stats count(*) as calls by ${by}, tlsDetails.tlsVersion`,
            "| sort calls desc",
            "| limit 1000",
        ].join("\n");
    return [
        { groupBy: "principal", title: "TLS below 1.2 by principal", queryString: query("principal", "userIdentity.arn") },
        { groupBy: "event-source", title: "TLS below 1.2 by event source", queryString: query("event source", "eventSource") },
        { groupBy: "user-agent", title: "TLS below 1.2 by user agent", queryString: query("user agent", "userAgent") },
    ];
}

/**
 * The Athena query over CloudFront standard logs: requests below TLS 1.2 counted by protocol, client IP
 * and user agent (decoded: CloudFront URL-encodes it), with the first and last day seen.
 */
export function buildAthenaLegacyTlsQuery(database: string, table: string): string {
    for (const [what, name] of [["database", database], ["table", table]] as const) {
        if (!ATHENA_NAME.test(name)) throw new RangeError(`${what} ${JSON.stringify(name)} is not an Athena name (lower-case letters, digits, underscores)`);
    }
    const protocols = LEGACY_PROTOCOLS.map((p) => `'${p}'`).join(", ");
    return [
        "-- Viewer requests below TLS 1.2, by protocol and client. Retire the legacy policy when this is empty.",
        "SELECT ssl_protocol,",
        "       c_ip,",
        "       url_decode(cs_user_agent) AS user_agent,",
        "       count(*) AS requests,",
        '       min("date") AS first_seen,',
        '       max("date") AS last_seen',
        `FROM "${database}"."${table}"`,
        `WHERE ssl_protocol IN (${protocols})`,
        "GROUP BY ssl_protocol, c_ip, url_decode(cs_user_agent)",
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
 * The CloudTrail Lake query: calls below TLS 1.2 in the last `lookbackDays`, by version, event source,
 * principal and user agent. Lake SQL is Trino SQL over the event data store's ID.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-limitations.html
 */
export function buildLakeLegacyTlsQuery(eventDataStoreId: string, lookbackDays: number): string {
    if (!/^[A-Za-z0-9-]+$/.test(eventDataStoreId)) throw new RangeError(`${JSON.stringify(eventDataStoreId)} is not an event data store ID`);
    if (!Number.isInteger(lookbackDays) || lookbackDays < 1) throw new RangeError(`lookbackDays ${lookbackDays} is not a whole number of days from 1`);
    const versions = CLOUDTRAIL_LEGACY_TLS_VERSIONS.map((v) => `'${v}'`).join(", ");
    return [
        "SELECT tlsDetails.tlsVersion AS tls_version, eventSource, userIdentity.arn AS principal, userAgent,",
        "       count(*) AS calls, max(eventTime) AS last_call",
        `FROM ${eventDataStoreId}`,
        `WHERE tlsDetails.tlsVersion IN (${versions})`,
        // Bounding eventTime keeps the scan (and the bill) to the look-back window.
        `  AND eventTime > date_add('day', -${lookbackDays}, current_timestamp)`,
        "GROUP BY tlsDetails.tlsVersion, eventSource, userIdentity.arn, userAgent",
        "ORDER BY calls DESC",
    ].join("\n");
}

/** The Glue database name a component gets by default: `<name>_<stack>` in Athena's alphabet. */
export function defaultDatabaseName(name: string, stack: string): string {
    return `${name}_${stack}`.toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 255);
}

/** Name of the Glue table over the CloudFront logs, as the Athena documentation calls it. */
export const CLOUDFRONT_LOG_TABLE = "cloudfront_standard_logs";

/**
 * Finds who still uses TLS 1.0/1.1, so the legacy policy can be retired when the last one is gone:
 * saved CloudWatch Logs Insights queries over CloudTrail (AWS API calls, including direct S3 requests),
 * optionally a CloudTrail Lake event data store with the same question in SQL, and for the front a log
 * bucket for CloudFront standard logging with a Glue table and an Athena named query over
 * `ssl_protocol` (viewer TLS is only visible there).
 *
 * @example
 * const audit = new TlsAudit("audit", {
 *     cloudTrailLogGroupNames: ["aws-cloudtrail-logs-123456789012-0a1b2c3d"],
 *     frontLogs: true,
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
    /** Its domain name (`BUCKET.s3.amazonaws.com`), what a distribution's logging config takes. */
    public readonly logBucketDomainName: pulumi.Output<string | undefined>;
    /** Pass to `LegacyTlsFront`'s `accessLogging`; `undefined` without `frontLogs`. */
    public readonly accessLogging: FrontAccessLogging | undefined;
    /** Glue database of the log table; `undefined` without `frontLogs`. */
    public readonly athenaDatabaseName: pulumi.Output<string | undefined>;
    /** The Athena workgroup to run the named query in; `undefined` without `frontLogs`. */
    public readonly athenaWorkgroupName: pulumi.Output<string | undefined>;
    /** ID of the Athena named query; `undefined` without `frontLogs`. */
    public readonly athenaNamedQueryId: pulumi.Output<string | undefined>;

    private readonly resourceName: string;
    private readonly protect: boolean;
    private readonly forceDestroy: boolean;
    private readonly tags: Record<string, string>;

    constructor(name: string, args: TlsAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad arguments leave no half-made component behind.
        throwIfIssues(`TlsAudit "${name}"`, validateTlsAuditArgs(args));
        super("legacytls:audit:TlsAudit", name, {}, opts);
        this.resourceName = name;
        this.protect = args.protect ?? true;
        this.forceDestroy = args.forceDestroy ?? false;
        this.tags = args.tags ?? {};

        this.queryDefinitionIds = this.saveLogsInsightsQueries(args);
        const lake = options(args.lake);
        const store = lake ? this.createLake(lake) : undefined;
        this.lakeEventDataStoreArn = store ? store.arn : pulumi.output(undefined);
        this.lakeQuerySql = store
            ? store.arn.apply((arn) => buildLakeLegacyTlsQuery(eventDataStoreIdOf(arn), lake?.lookbackDays ?? 30))
            : pulumi.output(undefined);

        const front = options(args.frontLogs);
        const logs = front ? this.createFrontLogs(front, args.partition ?? "aws") : undefined;
        this.logBucketName = logs ? logs.bucket.bucket : pulumi.output(undefined);
        this.logBucketDomainName = logs ? logs.bucket.bucketDomainName : pulumi.output(undefined);
        this.accessLogging = logs ? { bucketDomainName: logs.bucket.bucketDomainName, prefix: logs.prefix, includeCookies: false } : undefined;
        this.athenaDatabaseName = logs ? logs.database.name : pulumi.output(undefined);
        this.athenaWorkgroupName = logs ? logs.workgroup.name : pulumi.output(undefined);
        this.athenaNamedQueryId = logs ? logs.namedQuery.id : pulumi.output(undefined);

        this.registerOutputs({
            queryDefinitionIds: this.queryDefinitionIds,
            lakeEventDataStoreArn: this.lakeEventDataStoreArn,
            lakeQuerySql: this.lakeQuerySql,
            logBucketName: this.logBucketName,
            logBucketDomainName: this.logBucketDomainName,
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
                billingMode: lake.billingMode ?? "EXTENDABLE_RETENTION_PRICING",
                multiRegionEnabled: lake.multiRegion ?? true,
                organizationEnabled: false,
                terminationProtectionEnabled: this.protect,
                advancedEventSelectors: selectors,
                tags: this.tags,
            },
            { parent: this, protect: this.protect, retainOnDelete: this.protect },
        );
    }

    private createFrontLogs(front: TlsAuditFrontLogs, partition: Partition) {
        const prefix = front.prefix ?? "cloudfront/";
        // Legacy standard logging writes with object ACLs, so the bucket keeps ACLs enabled; the
        // awslogsdelivery account gets FULL_CONTROL (CloudFront would add it itself, but only when the
        // deployer may edit the ACL, and a managed ACL does not drift when it does).
        // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
        const logs = this.privateBucket("logs", "BucketOwnerPreferred", front.expirationDays ?? 90);
        const bucket = logs.bucket;
        const owner = aws.s3.getCanonicalUserIdOutput({ parent: this });
        new aws.s3.BucketAcl(
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
            // ACLs can only be set once ownership controls allow them.
            { parent: this, dependsOn: [logs.ownership], retainOnDelete: this.protect },
        );

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
        const table = new aws.glue.CatalogTable(
            `${this.resourceName}-table`,
            {
                databaseName: database.name,
                name: CLOUDFRONT_LOG_TABLE,
                description: "CloudFront standard (legacy) access logs, tab-separated, two header lines",
                tableType: "EXTERNAL_TABLE",
                parameters: { EXTERNAL: "TRUE", "skip.header.line.count": "2" },
                storageDescriptor: {
                    location: pulumi.interpolate`s3://${bucket.bucket}/${prefix}`,
                    // What Athena's ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' stands for; gzip is read by extension.
                    // https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html
                    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
                    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    serDeInfo: {
                        serializationLibrary: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                        parameters: { "field.delim": "\t", "serialization.format": "\t" },
                    },
                    columns: CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => ({ name: f.column, type: f.type, comment: f.field })),
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
                name: "Viewer requests below TLS 1.2 by protocol and client",
                description: "CloudFront standard logs: requests with ssl_protocol below TLSv1.2, by protocol, client IP and user agent",
                database: database.name,
                workgroup: workgroup.name,
                query: pulumi.all([database.name, table.name]).apply(([db, t]) => buildAthenaLegacyTlsQuery(db, t)),
            },
            { parent: this },
        );
        return { bucket, prefix, database, workgroup, namedQuery };
    }

    // A private bucket with all public access blocked, SSE-S3 (CloudFront log delivery cannot use a
    // KMS key without a key policy for the delivery account), the project's TLS-only policy, and a
    // lifecycle that deletes objects after `expirationDays`.
    private privateBucket(role: string, objectOwnership: ObjectOwnership, expirationDays: number) {
        const name = `${this.resourceName}-${role}`;
        const keep = { parent: this as pulumi.Resource, retainOnDelete: this.protect };
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
                        filter: {},
                        expiration: { days: expirationDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            keep,
        );
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket: bucket.id, policy: bucket.arn.apply((bucketArn) => JSON.stringify(buildBucketPolicy({ bucketArn, grants: [] }))) },
            // S3 refuses a policy while the public access block is being changed; order them.
            { ...keep, dependsOn: [publicAccess] },
        );
        return { bucket, ownership };
    }
}

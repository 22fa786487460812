import { expect } from "chai";
import {
    CLOUDFRONT_STANDARD_LOG_FIELDS,
    LOG_DELIVERY_CANONICAL_USER_ID,
    LegacyTlsFront,
    PrivateOriginBucket,
    TlsAudit,
    TlsAuditArgs,
    ValidationError,
    buildAthenaLegacyTlsQuery,
    buildLakeLegacyTlsQuery,
    buildLogsInsightsQueries,
    defaultDatabaseName,
    eventDataStoreIdOf,
    validateTlsAuditArgs,
} from "../components";
import { OfflineRun, RecordedResource, only, policyOf, promiseOf, resourcesOf, runProgram } from "./mocks";

const LEGACY_FILTER = 'filter tlsDetails.tlsVersion = "TLSv1" or tlsDetails.tlsVersion = "TLSv1.1"';

function messages(args: TlsAuditArgs): string[] {
    return validateTlsAuditArgs(args).map((i) => `${i.path}: ${JSON.stringify(i.value)} ${i.problem}`);
}

describe("TlsAudit: validation", () => {
    it("accepts each feature alone and all together", () => {
        expect(validateTlsAuditArgs({ cloudTrailLogGroupNames: ["aws-cloudtrail-logs-123456789012-0a1b2c3d"] })).to.deep.equal([]);
        expect(validateTlsAuditArgs({ lake: true })).to.deep.equal([]);
        expect(validateTlsAuditArgs({ frontLogs: { prefix: "cf/legacy/", expirationDays: 30, databaseName: "tls_audit" } })).to.deep.equal([]);
        expect(validateTlsAuditArgs({ lake: { retentionDays: 3653, billingMode: "EXTENDABLE_RETENTION_PRICING" }, frontLogs: true, protect: false, forceDestroy: true })).to.deep.equal([]);
    });

    it("refuses an audit of nothing, naming the three switches", () => {
        expect(messages({})).to.deep.equal([
            "cloudTrailLogGroupNames: undefined is empty and lake and frontLogs are off, so there is nothing to audit; enable at least one of the three",
        ]);
        expect(messages({ cloudTrailLogGroupNames: [], lake: false, frontLogs: false })).to.have.length(1);
    });

    it("names each bad log group, folder and switch with what is allowed", () => {
        expect(messages({ cloudTrailLogGroupNames: ["ok", "has space", "ok"], queryFolder: "/tls" })).to.deep.equal([
            'cloudTrailLogGroupNames[1]: "has space" is not a log group name (1-512 characters: letters, digits, . - _ / #)',
            'cloudTrailLogGroupNames[2]: "ok" is listed twice',
            'queryFolder: "/tls" is not a folder name such as "tls-audit" or "security/tls" (no empty levels, no leading or trailing "/")',
        ]);
        expect(messages({ lake: "yes" as any, frontLogs: true })).to.deep.equal(['lake: "yes" is not true, false or an object of settings']);
    });

    it("bounds Lake retention by the billing mode (2557 days fixed, 3653 extendable, from 7)", () => {
        expect(messages({ lake: { retentionDays: 3000, billingMode: "FIXED_RETENTION_PRICING" } })).to.deep.equal([
            "lake.retentionDays: 3000 is not a whole number from 7 to 2557",
        ]);
        expect(messages({ lake: { retentionDays: 6 } })).to.deep.equal(["lake.retentionDays: 6 is not a whole number from 7 to 3653"]);
        expect(messages({ lake: { billingMode: "ON_DEMAND" as any, lookbackDays: 0 } })).to.deep.equal([
            'lake.billingMode: "ON_DEMAND" is not one of EXTENDABLE_RETENTION_PRICING | FIXED_RETENTION_PRICING',
            "lake.lookbackDays: 0 is not a whole number from 1 to 3653",
        ]);
    });

    it("checks the front log settings and data protection", () => {
        expect(messages({ frontLogs: { prefix: "cloudfront", databaseName: "tls-audit", expirationDays: 0 }, forceDestroy: true })).to.deep.equal([
            'frontLogs.prefix: "cloudfront" is not a key prefix such as "cloudfront/" (safe characters, ending with "/", no leading "/")',
            "frontLogs.expirationDays: 0 is not a whole number from 1 to 36500",
            'frontLogs.databaseName: "tls-audit" is not an Athena database name (1-255 lower-case letters, digits, underscores)',
            "forceDestroy: true is only allowed with protect: false (protected audit data is kept on destroy)",
        ]);
        expect(messages({ frontLogs: true, partition: "aws-us-gov" as any })).to.deep.equal(['partition: "aws-us-gov" is not one of aws | aws-cn']);
    });

    it("throws one ValidationError naming the component before creating anything", () => {
        expect(() => new TlsAudit("audit", { lake: { retentionDays: 1 } })).to.throw(ValidationError, /^TlsAudit "audit" is invalid:\n {2}- lake\.retentionDays: 1 is not a whole number from 7 to 3653$/);
    });
});

describe("TlsAudit: queries", () => {
    it("saves three Logs Insights queries filtering TLSv1/TLSv1.1, grouped by principal, event source and user agent", () => {
        const queries = buildLogsInsightsQueries();
        expect(queries.map((q) => q.groupBy)).to.deep.equal(["principal", "event-source", "user-agent"]);
        for (const q of queries) expect(q.queryString.split("\n")[1]).to.equal(LEGACY_FILTER);
        expect(queries.map((q) => q.queryString.split("\n")[2])).to.deep.equal([
            "| stats count(*) as calls by userIdentity.arn, tlsDetails.tlsVersion",
            "| stats count(*) as calls by eventSource, tlsDetails.tlsVersion",
            "| stats count(*) as calls by userAgent, tlsDetails.tlsVersion",
        ]);
    });

    it("counts Athena requests below TLS 1.2 by protocol, IP and decoded user agent from the named table", () => {
        const sql = buildAthenaLegacyTlsQuery("audit_prod", "cloudfront_standard_logs");
        expect(sql).to.include('FROM "audit_prod"."cloudfront_standard_logs"');
        expect(sql).to.include("WHERE ssl_protocol IN ('SSLv3', 'TLSv1', 'TLSv1.1')");
        expect(sql).to.include("GROUP BY ssl_protocol, c_ip, url_decode(cs_user_agent)");
        expect(() => buildAthenaLegacyTlsQuery('x"; DROP TABLE y; --', "t")).to.throw(RangeError, /database "x\\"; DROP TABLE y; --" is not an Athena name/);
    });

    it("takes the Lake event data store ID from its ARN and bounds the query in time", () => {
        const arn = "arn:aws:cloudtrail:eu-central-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";
        expect(eventDataStoreIdOf(arn)).to.equal("EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE");
        expect(() => eventDataStoreIdOf("arn:aws:cloudtrail:eu-central-1:123456789012:trail/main")).to.throw(RangeError, /is not a CloudTrail event data store ARN/);
        const sql = buildLakeLegacyTlsQuery("EXAMPLE-f852", 14);
        expect(sql).to.include("FROM EXAMPLE-f852\nWHERE tlsDetails.tlsVersion IN ('TLSv1', 'TLSv1.1')");
        expect(sql).to.include("AND eventTime > date_add('day', -14, current_timestamp)");
    });

    it("mirrors the documented CloudFront log fields, in file order, as the Athena columns", () => {
        // The header line of a standard log file, as CloudFront writes it.
        const header =
            "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) " +
            "x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher " +
            "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type " +
            "sc-content-type sc-content-len sc-range-start sc-range-end";
        expect(CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field)).to.deep.equal(header.split(" ").slice(1));
        expect(CLOUDFRONT_STANDARD_LOG_FIELDS.find((f) => f.field === "ssl-protocol")!.column).to.equal("ssl_protocol");
        expect(defaultDatabaseName("tls-audit", "prod.eu")).to.equal("tls_audit_prod_eu");
    });
});

describe("TlsAudit: resources", () => {
    let run: OfflineRun;
    let audit: TlsAudit;
    let front: LegacyTlsFront;

    before(async () => {
        run = await runProgram(
            () => {
                audit = new TlsAudit("audit", {
                    cloudTrailLogGroupNames: ["aws-cloudtrail-logs-123456789012-0a1b2c3d"],
                    lake: { s3DataEvents: true, lookbackDays: 7 },
                    frontLogs: true,
                    tags: { owner: "platform-team" },
                });
                const content = new PrivateOriginBucket("content", {});
                front = new LegacyTlsFront("front", { origin: content, mode: "signed", accessLogging: audit.accessLogging });
                content.attachPolicy([front]);
            },
            { stack: "prod", region: "eu-central-1" },
        );
    });

    const named = (type: string, name: string): RecordedResource => only(run, type, name);

    it("saves the three queries over the given log group in the tls-audit folder, and outputs their IDs", async () => {
        const queries = resourcesOf(run, "aws:cloudwatch/queryDefinition:QueryDefinition");
        expect(queries.map((q) => q.inputs.name)).to.deep.equal([
            "tls-audit/TLS below 1.2 by principal",
            "tls-audit/TLS below 1.2 by event source",
            "tls-audit/TLS below 1.2 by user agent",
        ]);
        for (const q of queries) {
            expect(q.inputs.logGroupNames).to.deep.equal(["aws-cloudtrail-logs-123456789012-0a1b2c3d"]);
            expect(q.inputs.queryString).to.include(LEGACY_FILTER);
        }
        expect(await promiseOf(audit.queryDefinitionIds)).to.deep.equal(queries.map((q) => q.outputs.queryDefinitionId));
    });

    it("makes a log bucket CloudFront can write to: ACLs enabled, awslogsdelivery and the owner with FULL_CONTROL", () => {
        expect((named("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "audit-logs-ownership").inputs.rule as any).objectOwnership).to.equal("BucketOwnerPreferred");
        const acl = named("aws:s3/bucketAcl:BucketAcl", "audit-logs-acl").inputs.accessControlPolicy as any;
        expect(acl.owner.id).to.match(/^[0-9a-f]{64}$/);
        expect(acl.grants).to.deep.equal([
            { grantee: { type: "CanonicalUser", id: acl.owner.id }, permission: "FULL_CONTROL" },
            { grantee: { type: "CanonicalUser", id: "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0" }, permission: "FULL_CONTROL" },
        ]);
    });

    it("keeps both buckets private, encrypted, TLS-only, expiring and retained", () => {
        for (const [role, ownership, days] of [["logs", "BucketOwnerPreferred", 90], ["athena-results", "BucketOwnerEnforced", 30]] as const) {
            const bucket = named("aws:s3/bucket:Bucket", `audit-${role}`);
            expect(bucket).to.include({ protect: true, retainOnDelete: true });
            expect(bucket.inputs).to.deep.include({ forceDestroy: false, tags: { owner: "platform-team" } });
            expect(named("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `audit-${role}-public-access`).inputs).to.include({
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect((named("aws:s3/bucketOwnershipControls:BucketOwnershipControls", `audit-${role}-ownership`).inputs.rule as any).objectOwnership).to.equal(ownership);
            const encryption = named("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `audit-${role}-encryption`);
            expect((encryption.inputs.rules as any)[0].applyServerSideEncryptionByDefault).to.deep.equal({ sseAlgorithm: "AES256" });
            const [rule] = named("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `audit-${role}-lifecycle`).inputs.rules as any[];
            expect(rule.expiration).to.deep.equal({ days });
            const deny = policyOf(named("aws:s3/bucketPolicy:BucketPolicy", `audit-${role}-policy`)).Statement.find((s: any) => s.Sid === "DenyInsecureTransport");
            expect(deny).to.deep.equal({
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket.outputs.arn, `${bucket.outputs.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
        }
    });

    it("gives the front the log bucket's domain name and prefix", async () => {
        const bucket = named("aws:s3/bucket:Bucket", "audit-logs").outputs.bucket as string;
        expect(await promiseOf(audit.logBucketName)).to.equal(bucket);
        expect(await promiseOf(audit.logBucketDomainName)).to.equal(`${bucket}.s3.amazonaws.com`);
        expect(only(run, "aws:cloudfront/distribution:Distribution").inputs.loggingConfig).to.deep.equal({
            bucket: `${bucket}.s3.amazonaws.com`,
            prefix: "cloudfront/",
            includeCookies: false,
        });
    });

    it("tables the logs in Glue: tab-separated, two header lines skipped, ssl_protocol and client columns", () => {
        const bucket = named("aws:s3/bucket:Bucket", "audit-logs").outputs.bucket as string;
        expect(named("aws:glue/catalogDatabase:CatalogDatabase", "audit-database").inputs.name).to.equal("audit_prod");
        const table = named("aws:glue/catalogTable:CatalogTable", "audit-table").inputs as any;
        expect(table).to.deep.include({ databaseName: "audit_prod", name: "cloudfront_standard_logs", tableType: "EXTERNAL_TABLE" });
        expect(table.parameters).to.deep.equal({ EXTERNAL: "TRUE", "skip.header.line.count": "2" });
        const storage = table.storageDescriptor;
        expect(storage.location).to.equal(`s3://${bucket}/cloudfront/`);
        expect(storage.serDeInfo).to.deep.equal({
            serializationLibrary: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            parameters: { "field.delim": "\t", "serialization.format": "\t" },
        });
        const columns = storage.columns.map((c: any) => c.name);
        expect(columns).to.have.length(33);
        expect(columns).to.include.members(["ssl_protocol", "c_ip", "cs_user_agent", "date"]);
        expect(storage.columns.find((c: any) => c.name === "sc_bytes").type).to.equal("bigint");
    });

    it("runs the named query in a workgroup that enforces encrypted results in the results bucket", async () => {
        const results = named("aws:s3/bucket:Bucket", "audit-athena-results").outputs.bucket as string;
        const workgroup = named("aws:athena/workgroup:Workgroup", "audit-workgroup");
        expect((workgroup.inputs.configuration as any)).to.deep.include({
            enforceWorkgroupConfiguration: true,
            resultConfiguration: { outputLocation: `s3://${results}/results/`, encryptionConfiguration: { encryptionOption: "SSE_S3" } },
        });
        const query = named("aws:athena/namedQuery:NamedQuery", "audit-legacy-tls-query");
        expect(query.inputs).to.deep.include({ database: "audit_prod", workgroup: workgroup.outputs.name });
        expect(query.inputs.query).to.equal(buildAthenaLegacyTlsQuery("audit_prod", "cloudfront_standard_logs"));
        expect(await promiseOf(audit.athenaNamedQueryId)).to.equal(query.id);
        expect(await promiseOf(audit.athenaWorkgroupName)).to.equal(workgroup.outputs.name);
    });

    it("creates a protected Lake event data store with S3 data events, and outputs its SQL with the store's ID", async () => {
        const store = only(run, "aws:cloudtrail/eventDataStore:EventDataStore");
        expect(store).to.include({ protect: true, retainOnDelete: true });
        expect(store.inputs).to.deep.include({
            retentionPeriod: 90,
            billingMode: "EXTENDABLE_RETENTION_PRICING",
            multiRegionEnabled: true,
            organizationEnabled: false,
            terminationProtectionEnabled: true,
        });
        expect((store.inputs.advancedEventSelectors as any[]).map((s) => s.fieldSelectors)).to.deep.equal([
            [{ field: "eventCategory", equals: ["Management"] }],
            [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }],
        ]);
        const arn = store.outputs.arn as string;
        expect(await promiseOf(audit.lakeEventDataStoreArn)).to.equal(arn);
        expect(await promiseOf(audit.lakeQuerySql)).to.equal(buildLakeLegacyTlsQuery(arn.split("/")[1], 7));
    });

    it("puts every child under the component", () => {
        const component = only(run, "legacytls:audit:TlsAudit");
        const children = run.resources.filter((r) => r.name.startsWith("audit-"));
        // 3 queries, the event data store, 7 for the log bucket (ACL included), 6 for the results bucket, database, table, workgroup, named query.
        expect(children).to.have.length(21);
        for (const child of children) expect(child.parent, child.name).to.equal(component.urn);
    });
});

describe("TlsAudit: options", () => {
    it("grants the aws-cn log delivery account in aws-cn", async () => {
        const run = await runProgram(() => void new TlsAudit("audit", { frontLogs: true, partition: "aws-cn" }), { region: "cn-north-1" });
        const acl = only(run, "aws:s3/bucketAcl:BucketAcl").inputs.accessControlPolicy as any;
        expect(acl.grants[1].grantee.id).to.equal(LOG_DELIVERY_CANONICAL_USER_ID["aws-cn"]);
        expect(acl.grants[1].grantee.id).to.not.equal(LOG_DELIVERY_CANONICAL_USER_ID.aws);
    });

    it("lets throwaway stacks destroy everything with protect: false and forceDestroy", async () => {
        const run = await runProgram(() => void new TlsAudit("audit", { lake: true, frontLogs: { databaseName: "scratch" }, protect: false, forceDestroy: true }));
        for (const bucket of resourcesOf(run, "aws:s3/bucket:Bucket")) {
            expect(bucket).to.include({ protect: false, retainOnDelete: false });
            expect(bucket.inputs.forceDestroy).to.equal(true);
        }
        expect(only(run, "aws:cloudtrail/eventDataStore:EventDataStore").inputs.terminationProtectionEnabled).to.equal(false);
        expect(only(run, "aws:athena/workgroup:Workgroup").inputs.forceDestroy).to.equal(true);
        expect(only(run, "aws:glue/catalogDatabase:CatalogDatabase").inputs.name).to.equal("scratch");
    });

    it("creates only the queries when only log groups are given, and leaves the other outputs undefined", async () => {
        let audit!: TlsAudit;
        const run = await runProgram(() => {
            audit = new TlsAudit("audit", { cloudTrailLogGroupNames: ["trail"], queryFolder: "security/tls" });
        });
        expect(run.resources.filter((r) => r.custom).map((r) => r.type)).to.deep.equal(Array(3).fill("aws:cloudwatch/queryDefinition:QueryDefinition"));
        expect(resourcesOf(run, "aws:cloudwatch/queryDefinition:QueryDefinition")[0].inputs.name).to.equal("security/tls/TLS below 1.2 by principal");
        expect(audit.accessLogging).to.equal(undefined);
        expect(await promiseOf(audit.logBucketName)).to.equal(undefined);
        expect(await promiseOf(audit.lakeQuerySql)).to.equal(undefined);
    });

    it("plans in preview mode, where bucket names and the store ARN are unknown", async () => {
        const run = await runProgram(() => void new TlsAudit("audit", { lake: true, frontLogs: true }), { preview: true });
        expect(resourcesOf(run, "aws:glue/catalogTable:CatalogTable")).to.have.length(1);
        expect(resourcesOf(run, "aws:athena/namedQuery:NamedQuery")).to.have.length(1);
    });
});

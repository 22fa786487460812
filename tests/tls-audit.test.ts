import { expect } from "chai";
import { CLOUDFRONT_STANDARD_LOG_FIELDS, TLS_AUDIT_LOG_FIELDS } from "../components/cloudfront-facts";
import { LegacyTlsFront } from "../components/legacy-tls-front";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { LOG_DELIVERY_CANONICAL_USER_ID, TlsAudit, TlsAuditArgs, buildAthenaLegacyTlsQuery, buildLakeTlsQuery, buildLogsInsightsQueries, defaultDatabaseName, eventDataStoreIdOf, validateTlsAuditArgs } from "../components/tls-audit";
import { ValidationError } from "../components/validation";
import { OfflineRun, RecordedResource, only, policyOf, promiseOf, regionOfResource, resourcesOf, runProgram } from "./mocks";

/** What every CloudTrail query selects: calls that carry TLS details (AWS API endpoints refuse TLS below 1.2). */
const TLS_FILTER = "filter ispresent(tlsDetails.tlsVersion)";
const DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";

function messages(args: TlsAuditArgs): string[] {
    return validateTlsAuditArgs(args).map((i) => `${i.path}: ${JSON.stringify(i.value)} ${i.problem}`);
}

describe("TlsAudit: validation", () => {
    it("accepts each feature alone and all together", () => {
        expect(validateTlsAuditArgs({ cloudTrailLogGroupNames: ["aws-cloudtrail-logs-123456789012-0a1b2c3d"] })).to.deep.equal([]);
        expect(validateTlsAuditArgs({ lake: {} })).to.deep.equal([]);
        expect(validateTlsAuditArgs({ frontLogs: { prefix: "cf/legacy/", expirationDays: 30, databaseName: "tls_audit" } })).to.deep.equal([]);
        expect(validateTlsAuditArgs({ lake: { retentionDays: 3653, billingMode: "EXTENDABLE_RETENTION_PRICING" }, frontLogs: {}, protect: false, forceDestroy: true })).to.deep.equal([]);
    });

    it("refuses an audit of nothing, naming the three switches", () => {
        expect(messages({})).to.deep.equal([
            "cloudTrailLogGroupNames: undefined is empty and lake and frontLogs are off, so there is nothing to audit; enable at least one of the three",
        ]);
        expect(messages({ cloudTrailLogGroupNames: [] })).to.have.length(1);
    });

    it("turns a feature on by its settings object, and says so to a true or false", () => {
        // Each feature is one settings object, present or not: `{}` is the feature with its defaults.
        const hint = "is not an object of settings: the feature is on when it is set ({} for the defaults) and off when it is left out";
        expect(messages({ lake: true as any, frontLogs: false as any })).to.deep.equal([`frontLogs: false ${hint}`, `lake: true ${hint}`]);
        expect(validateTlsAuditArgs({ frontLogs: true as any }, "audit").map((i) => i.path)).to.deep.equal(["audit.frontLogs"]);
    });

    it("names each bad log group, folder and switch with what is allowed", () => {
        expect(messages({ cloudTrailLogGroupNames: ["ok", "has space", "ok"], queryFolder: "/tls" })).to.deep.equal([
            'queryFolder: "/tls" is not a folder name such as "tls-audit" or "security/tls" (no empty levels, no leading or trailing "/")',
            'cloudTrailLogGroupNames[1]: "has space" is not a log group name (1-512 characters: letters, digits, . - _ / #)',
            'cloudTrailLogGroupNames[2]: "ok" is listed twice',
        ]);
        expect(messages({ lake: "yes" as any, frontLogs: {} })).to.deep.equal(['lake: "yes" is not an object']);
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
            'frontLogs.databaseName: "tls-audit" is not an Athena database name (1-255 lower-case letters, digits, underscores)',
            "frontLogs.expirationDays: 0 is not a whole number from 1 to 36500",
            'frontLogs.prefix: "cloudfront" is not a key prefix such as "cloudfront/" (safe characters, ending with "/", no leading "/")',
            "forceDestroy: true is only allowed with protect: false (protected audit data is kept on destroy)",
        ]);
        expect(messages({ frontLogs: {}, partition: "aws-us-gov" as any })).to.deep.equal(['partition: "aws-us-gov" is not one of aws | aws-cn']);
    });

    it("chooses the log delivery: v2 or legacy, and no v2 in aws-cn", () => {
        expect(messages({ frontLogs: { delivery: "v2" } })).to.deep.equal([]);
        expect(messages({ frontLogs: { delivery: "legacy" }, partition: "aws-cn" })).to.deep.equal([]);
        expect(messages({ frontLogs: { delivery: "s3" as any } })).to.deep.equal(['frontLogs.delivery: "s3" is not one of v2 | legacy']);
        expect(messages({ frontLogs: { delivery: "v2" }, partition: "aws-cn" })).to.deep.equal([
            'frontLogs.delivery: "v2" is not available in partition "aws-cn": CloudFront has no standard logging (v2) in China; use "legacy" (the default there)',
        ]);
    });

    it("throws one ValidationError naming the component before creating anything", () => {
        expect(() => new TlsAudit("audit", { lake: { retentionDays: 1 } })).to.throw(ValidationError, /^TlsAudit "audit" is invalid:\n {2}- lake\.retentionDays: 1 is not a whole number from 7 to 3653$/);
    });
});

describe("TlsAudit: queries", () => {
    it("saves three Logs Insights queries of the TLS version and cipher suite AWS API calls use, by principal, event source and user agent", () => {
        const queries = buildLogsInsightsQueries();
        expect(queries.map((q) => q.groupBy)).to.deep.equal(["principal", "event-source", "user-agent"]);
        expect(queries.map((q) => q.title)).to.deep.equal([
            "TLS version and cipher suite by principal",
            "TLS version and cipher suite by event source",
            "TLS version and cipher suite by user agent",
        ]);
        for (const q of queries) {
            const [comment, filter] = q.queryString.split("\n");
            // Said plainly where the query is read: API endpoints never show TLS 1.0/1.1, viewers' TLS is in CloudFront's logs.
            expect(comment).to.match(/^# .*AWS API endpoints refuse TLS below 1\.2 .*viewers' TLS 1\.0\/1\.1 is only in CloudFront's access logs/);
            expect(filter).to.equal(TLS_FILTER);
            // No query that can only ever be empty.
            expect(q.queryString).to.not.match(/"TLSv1"|"TLSv1\.1"/);
        }
        expect(queries.map((q) => q.queryString.split("\n")[2])).to.deep.equal([
            "| stats count(*) as calls by userIdentity.arn, tlsDetails.tlsVersion, tlsDetails.cipherSuite",
            "| stats count(*) as calls by eventSource, tlsDetails.tlsVersion, tlsDetails.cipherSuite",
            "| stats count(*) as calls by userAgent, tlsDetails.tlsVersion, tlsDetails.cipherSuite",
        ]);
    });

    it("counts Athena requests below TLS 1.2 by protocol, cipher, IP and decoded user agent from the named table", () => {
        const sql = buildAthenaLegacyTlsQuery("audit_prod", "cloudfront_standard_logs");
        expect(sql).to.include('FROM "audit_prod"."cloudfront_standard_logs"');
        expect(sql).to.include("WHERE ssl_protocol IN ('SSLv3', 'TLSv1', 'TLSv1.1')");
        expect(sql).to.include("GROUP BY ssl_protocol, ssl_cipher, c_ip, url_decode(cs_user_agent)");
        expect(() => buildAthenaLegacyTlsQuery('x"; DROP TABLE y; --', "t")).to.throw(RangeError, /database "x\\"; DROP TABLE y; --" is not an Athena name/);
    });

    it("takes the Lake event data store ID from its ARN; the Lake SQL counts calls by event source, TLS version and cipher suite in the look-back window", () => {
        const arn = "arn:aws:cloudtrail:eu-central-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";
        expect(eventDataStoreIdOf(arn)).to.equal("EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE");
        expect(() => eventDataStoreIdOf("arn:aws:cloudtrail:eu-central-1:123456789012:trail/main")).to.throw(RangeError, /is not a CloudTrail event data store ARN/);
        const sql = buildLakeTlsQuery("EXAMPLE-f852", 14);
        expect(sql).to.include("SELECT eventSource, tlsDetails.tlsVersion AS tls_version, tlsDetails.cipherSuite AS cipher_suite,");
        expect(sql).to.include("FROM EXAMPLE-f852\nWHERE tlsDetails.tlsVersion IS NOT NULL");
        expect(sql).to.include("AND eventTime > date_add('day', -14, current_timestamp)");
        expect(sql).to.include("GROUP BY eventSource, tlsDetails.tlsVersion, tlsDetails.cipherSuite");
        expect(sql).to.not.include("'TLSv1'");
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

describe("TlsAudit: resources (standard logging v2, the default)", () => {
    let run: OfflineRun;
    let audit: TlsAudit;

    before(async () => {
        run = await runProgram(
            () => {
                audit = new TlsAudit("audit", {
                    cloudTrailLogGroupNames: ["aws-cloudtrail-logs-123456789012-0a1b2c3d"],
                    lake: { s3DataEvents: true, lookbackDays: 7 },
                    frontLogs: {},
                    tags: { owner: "platform-team" },
                });
                const content = new PrivateOriginBucket("content", {});
                const front = new LegacyTlsFront("front", { origin: content, mode: "signed", accessLogging: audit.accessLogging });
                content.attachPolicy([front]);
            },
            { stack: "prod", region: "eu-central-1" },
        );
    });

    const named = (type: string, name: string): RecordedResource => only(run, type, name);

    it("saves the three queries over the given log group in the tls-audit folder, and outputs their IDs", async () => {
        const queries = resourcesOf(run, "aws:cloudwatch/queryDefinition:QueryDefinition");
        expect(queries.map((q) => q.inputs.name)).to.deep.equal([
            "tls-audit/TLS version and cipher suite by principal",
            "tls-audit/TLS version and cipher suite by event source",
            "tls-audit/TLS version and cipher suite by user agent",
        ]);
        for (const q of queries) {
            expect(q.inputs.logGroupNames).to.deep.equal(["aws-cloudtrail-logs-123456789012-0a1b2c3d"]);
            expect(q.inputs.queryString).to.include(TLS_FILTER);
        }
        expect(await promiseOf(audit.queryDefinitionIds)).to.deep.equal(queries.map((q) => q.outputs.queryDefinitionId));
    });

    it("makes a log bucket without ACLs: owner enforced, no BucketAcl (log delivery v2 needs none)", () => {
        expect((named("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "audit-logs-ownership").inputs.rule as any).objectOwnership).to.equal("BucketOwnerEnforced");
        expect(resourcesOf(run, "aws:s3/bucketAcl:BucketAcl")).to.have.length(0);
    });

    it("lets only CloudFront's log delivery of this account write, under the prefix (aws:SourceAccount, aws:SourceArn of us-east-1 delivery sources)", () => {
        const bucket = named("aws:s3/bucket:Bucket", "audit-logs");
        const statements = policyOf(named("aws:s3/bucketPolicy:BucketPolicy", "audit-logs-policy")).Statement;
        expect(statements.map((s: any) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "DenyTlsBelow1_2", "AWSLogDeliveryWrite"]);
        expect(statements[2]).to.deep.equal({
            Sid: "AWSLogDeliveryWrite",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${bucket.outputs.arn}/cloudfront/*`,
            Condition: {
                StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:123456789012:delivery-source:*" },
            },
        });
    });

    it("keeps both buckets private, encrypted, TLS-only, expiring and retained", () => {
        for (const [role, days] of [["logs", 90], ["athena-results", 30]] as const) {
            const bucket = named("aws:s3/bucket:Bucket", `audit-${role}`);
            expect(bucket).to.include({ protect: true, retainOnDelete: true });
            expect(bucket.inputs).to.deep.include({ forceDestroy: false, tags: { owner: "platform-team" } });
            expect(named("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `audit-${role}-public-access`).inputs).to.include({
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect((named("aws:s3/bucketOwnershipControls:BucketOwnershipControls", `audit-${role}-ownership`).inputs.rule as any).objectOwnership).to.equal("BucketOwnerEnforced");
            const encryption = named("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `audit-${role}-encryption`);
            expect((encryption.inputs.rules as any)[0].applyServerSideEncryptionByDefault).to.deep.equal({ sseAlgorithm: "AES256" });
            const [rule] = named("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `audit-${role}-lifecycle`).inputs.rules as any[];
            expect(rule.expiration).to.deep.equal({ days });
            // The whole bucket, in the form the AWS provider accepts without a warning (item 8).
            expect(rule.filter, `${role} lifecycle filter`).to.deep.equal({ prefix: "" });
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

    it("gives the front standard logging v2 into the bucket: JSON, the audit's fields, a path per distribution and day, after the bucket policy", async () => {
        const bucket = named("aws:s3/bucket:Bucket", "audit-logs");
        expect(await promiseOf(audit.logBucketName)).to.equal(bucket.outputs.bucket);
        expect(await promiseOf(audit.logLocation)).to.equal(`s3://${bucket.outputs.bucket}/cloudfront/`);
        expect(audit.frontLogDelivery).to.equal("v2");
        expect(only(run, "aws:cloudfront/distribution:Distribution").inputs.loggingConfig).to.equal(undefined);
        expect(only(run, "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination").inputs).to.deep.include({
            outputFormat: "json",
            deliveryDestinationConfiguration: { destinationResourceArn: `${bucket.outputs.arn}/cloudfront` },
        });
        const delivery = only(run, DELIVERY);
        expect(delivery.inputs).to.deep.include({
            recordFields: [...TLS_AUDIT_LOG_FIELDS],
            s3DeliveryConfigurations: [{ suffixPath: "{DistributionId}/{yyyy}/{MM}/{dd}/", enableHiveCompatiblePath: false }],
        });
        // Created only once the bucket lets the delivery write (else AWS would rewrite the policy itself).
        expect(delivery.dependencies).to.include(named("aws:s3/bucketPolicy:BucketPolicy", "audit-logs-policy").urn);
        expect(regionOfResource(run, delivery)).to.equal("us-east-1");
    });

    it("selects the fields the audit reads, and never cookies or query strings (presigned URLs carry signatures there)", () => {
        expect(TLS_AUDIT_LOG_FIELDS).to.include.members(["date", "time", "c-ip", "cs(User-Agent)", "ssl-protocol", "ssl-cipher", "x-host-header"]);
        expect(TLS_AUDIT_LOG_FIELDS).to.not.include.members(["cs(Cookie)"]);
        expect(TLS_AUDIT_LOG_FIELDS).to.not.include("cs-uri-query");
        // Every one is a documented field of standard logging (the reference covers v2 and legacy alike).
        const documented = CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field as string);
        for (const f of TLS_AUDIT_LOG_FIELDS) expect(documented, f).to.include(f);
    });

    it("tables the v2 JSON logs in Glue: OpenX JSON SerDe, one string column per delivered field mapped to its v2 name, the whole prefix", () => {
        const bucket = named("aws:s3/bucket:Bucket", "audit-logs").outputs.bucket as string;
        expect(named("aws:glue/catalogDatabase:CatalogDatabase", "audit-database").inputs.name).to.equal("audit_prod");
        const table = named("aws:glue/catalogTable:CatalogTable", "audit-table").inputs as any;
        expect(table).to.deep.include({ databaseName: "audit_prod", name: "cloudfront_standard_logs", tableType: "EXTERNAL_TABLE" });
        expect(table.parameters).to.deep.equal({ EXTERNAL: "TRUE", classification: "json" });
        expect(table.partitionKeys).to.equal(undefined);
        const storage = table.storageDescriptor;
        // The whole prefix: AWS puts AWSLogs/ACCOUNT/CloudFront/ before the path when it creates the delivery
        // (and drops it on an update), and Athena reads every file under the location.
        expect(storage.location).to.equal(`s3://${bucket}/cloudfront/`);
        expect(storage).to.deep.include({
            inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        });
        expect(storage.serDeInfo.serializationLibrary).to.equal("org.openx.data.jsonserde.JsonSerDe");
        expect(storage.serDeInfo.parameters).to.deep.include({
            "case.insensitive": "TRUE",
            "ignore.malformed.json": "TRUE",
            "mapping.c_ip": "c-ip",
            "mapping.cs_user_agent": "cs(user-agent)",
            "mapping.ssl_protocol": "ssl-protocol",
            "mapping.ssl_cipher": "ssl-cipher",
        });
        expect(storage.columns.map((c: any) => c.comment)).to.deep.equal([...TLS_AUDIT_LOG_FIELDS]);
        expect(storage.columns.map((c: any) => c.name)).to.include.members(["date", "time", "c_ip", "cs_user_agent", "ssl_protocol", "ssl_cipher"]);
        for (const c of storage.columns) expect(c.type, c.name).to.equal("string");
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
        expect(await promiseOf(audit.lakeQuerySql)).to.equal(buildLakeTlsQuery(arn.split("/")[1], 7));
    });

    it("puts every child under the component", () => {
        const component = only(run, "legacy-tls-front:index:TlsAudit");
        const children = run.resources.filter((r) => r.name.startsWith("audit-"));
        // 3 queries, the event data store, 6 for each bucket (no ACL), database, table, workgroup, named query.
        expect(children).to.have.length(20);
        for (const child of children) expect(child.parent, child.name).to.equal(component.urn);
    });
});

describe("TlsAudit: legacy log delivery", () => {
    let run: OfflineRun;
    let audit: TlsAudit;

    before(async () => {
        run = await runProgram(
            () => {
                audit = new TlsAudit("audit", { frontLogs: { delivery: "legacy" } });
                const content = new PrivateOriginBucket("content", {});
                content.attachPolicy([new LegacyTlsFront("front", { origin: content, mode: "signed", accessLogging: audit.accessLogging })]);
            },
            { stack: "prod" },
        );
    });

    it("makes a log bucket CloudFront can write to: ACLs enabled, awslogsdelivery and the owner with FULL_CONTROL", () => {
        expect((only(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "audit-logs-ownership").inputs.rule as any).objectOwnership).to.equal("BucketOwnerPreferred");
        const acl = only(run, "aws:s3/bucketAcl:BucketAcl", "audit-logs-acl").inputs.accessControlPolicy as any;
        expect(acl.owner.id).to.match(/^[0-9a-f]{64}$/);
        expect(acl.grants).to.deep.equal([
            { grantee: { type: "CanonicalUser", id: acl.owner.id }, permission: "FULL_CONTROL" },
            { grantee: { type: "CanonicalUser", id: "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0" }, permission: "FULL_CONTROL" },
        ]);
        expect(audit.frontLogDelivery).to.equal("legacy");
    });

    it("creates the distribution only after the log bucket's ownership controls and ACL (CloudFront refuses a bucket without ACL access)", async () => {
        const bucket = only(run, "aws:s3/bucket:Bucket", "audit-logs");
        const distribution = only(run, "aws:cloudfront/distribution:Distribution");
        expect(distribution.inputs.loggingConfig).to.deep.equal({ bucket: `${bucket.outputs.bucket}.s3.amazonaws.com`, prefix: "cloudfront/", includeCookies: false });
        expect(distribution.dependencies).to.include.members([
            only(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "audit-logs-ownership").urn,
            only(run, "aws:s3/bucketAcl:BucketAcl", "audit-logs-acl").urn,
        ]);
        expect(await promiseOf(audit.logBucketDomainName)).to.equal(`${bucket.outputs.bucket}.s3.amazonaws.com`);
        expect(resourcesOf(run, DELIVERY)).to.have.length(0);
    });

    it("tables the legacy logs: tab-separated, two header lines skipped, the 33 documented columns", () => {
        const table = only(run, "aws:glue/catalogTable:CatalogTable").inputs as any;
        expect(table.parameters).to.deep.equal({ EXTERNAL: "TRUE", "skip.header.line.count": "2" });
        const storage = table.storageDescriptor;
        expect(storage.serDeInfo).to.deep.equal({
            serializationLibrary: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            parameters: { "field.delim": "\t", "serialization.format": "\t" },
        });
        const columns = storage.columns.map((c: any) => c.name);
        expect(columns).to.have.length(33);
        expect(columns).to.include.members(["ssl_protocol", "ssl_cipher", "c_ip", "cs_user_agent", "date"]);
        expect(storage.columns.find((c: any) => c.name === "sc_bytes").type).to.equal("bigint");
    });
});

describe("TlsAudit: options", () => {
    it("delivers legacy logs in aws-cn (no v2 there), granting the aws-cn log delivery account", async () => {
        const run = await runProgram(() => void new TlsAudit("audit", { frontLogs: {}, partition: "aws-cn" }), { region: "cn-north-1" });
        const acl = only(run, "aws:s3/bucketAcl:BucketAcl").inputs.accessControlPolicy as any;
        expect(acl.grants[1].grantee.id).to.equal(LOG_DELIVERY_CANONICAL_USER_ID["aws-cn"]);
        expect(acl.grants[1].grantee.id).to.not.equal(LOG_DELIVERY_CANONICAL_USER_ID.aws);
    });

    it("lets throwaway stacks destroy everything with protect: false and forceDestroy", async () => {
        const run = await runProgram(() => void new TlsAudit("audit", { lake: {}, frontLogs: { databaseName: "scratch" }, protect: false, forceDestroy: true }));
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
        expect(resourcesOf(run, "aws:cloudwatch/queryDefinition:QueryDefinition")[0].inputs.name).to.equal("security/tls/TLS version and cipher suite by principal");
        expect(audit.accessLogging).to.equal(undefined);
        expect(audit.frontLogDelivery).to.equal(undefined);
        expect(await promiseOf(audit.logBucketName)).to.equal(undefined);
        expect(await promiseOf(audit.logLocation)).to.equal(undefined);
        expect(await promiseOf(audit.lakeQuerySql)).to.equal(undefined);
    });

    it("plans in preview mode, where bucket names and the store ARN are unknown", async () => {
        const run = await runProgram(() => void new TlsAudit("audit", { lake: {}, frontLogs: {} }), { preview: true });
        expect(resourcesOf(run, "aws:glue/catalogTable:CatalogTable")).to.have.length(1);
        expect(resourcesOf(run, "aws:athena/namedQuery:NamedQuery")).to.have.length(1);
    });
});

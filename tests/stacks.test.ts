import { expect } from "chai";
import { ConfigError } from "../stacks/config";
import { only, policyOf, regionOfResource, resourcesOf, runStack } from "./mocks";
import { archiveContents } from "./support/lambda-archive";

describe("stacks end to end under mocks", () => {
    it("dev: default CloudFront name (TLSv1), throwaway bucket, signed mode, no certificate or DNS", async () => {
        const run = await runStack("dev");
        expect(run.region).to.equal("eu-west-1");
        const bucket = only(run, "aws:s3/bucket:Bucket");
        expect(bucket).to.include({ protect: false, retainOnDelete: false });
        expect(bucket.inputs.forceDestroy).to.equal(true);
        expect(resourcesOf(run, "aws:acm/certificate:Certificate")).to.have.length(0);
        expect(resourcesOf(run, "aws:route53/record:Record")).to.have.length(0);
        expect(only(run, "aws:cloudfront/distribution:Distribution").inputs.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true });

        const distribution = only(run, "aws:cloudfront/distribution:Distribution");
        expect(run.outputs).to.deep.include({
            mode: "signed",
            securityPolicy: "TLSv1",
            url: `https://${distribution.outputs.domainName}`,
            distributionId: distribution.id,
            distributionArn: distribution.outputs.arn,
            bucketName: bucket.outputs.bucket,
        });
        expect(Object.keys(run.outputs).sort()).to.deep.equal(
            ["auth", "bucketName", "distributionArn", "distributionDomainName", "distributionId", "mode", "monitoring", "originAccessControlId", "securityPolicy", "url", "urls"],
        );
        // Tags from config plus the ones every stack gets.
        expect(distribution.inputs.tags).to.deep.equal({ owner: "platform-team", project: "legacy-tls-front", stack: "dev", environment: "dev", "legacy-tls": "true" });
    });

    it("prod: bucket in eu-central-1, certificate in us-east-1, the legacy policy and vip its clients need, protected data, aliases", async () => {
        const run = await runStack("prod");
        expect(run.region).to.equal("eu-central-1");
        const bucket = only(run, "aws:s3/bucket:Bucket", "content-bucket");
        expect(bucket).to.include({ protect: true, retainOnDelete: true });
        expect(bucket.inputs).to.include({ bucket: "acme-legacy-content-prod", forceDestroy: false });
        expect(regionOfResource(run, bucket)).to.equal("eu-central-1");

        const certificate = only(run, "aws:acm/certificate:Certificate", "front-certificate");
        expect(regionOfResource(run, certificate)).to.equal("us-east-1");
        const viewer = only(run, "aws:cloudfront/distribution:Distribution").inputs.viewerCertificate as any;
        expect(viewer).to.deep.equal({ acmCertificateArn: certificate.outputs.arn, minimumProtocolVersion: "TLSv1_2016", sslSupportMethod: "vip" });

        expect(only(run, "aws:kms/key:Key")).to.include({ protect: true, retainOnDelete: true });
        const aliases = resourcesOf(run, "aws:route53/record:Record").filter((r) => r.inputs.aliases && !r.inputs.setIdentifier);
        expect(aliases.map((r) => `${r.inputs.type} ${r.inputs.name} ${r.inputs.zoneId}`)).to.deep.equal([
            "A legacy.example.com Z0123456789ABCDEFGHIJ",
            "AAAA legacy.example.com Z0123456789ABCDEFGHIJ",
        ]);
        const statements = policyOf(only(run, "aws:s3/bucketPolicy:BucketPolicy", "content-policy")).Statement.map((s: any) => s.Sid);
        expect(statements).to.deep.equal(["DenyInsecureTransport", "DenyTlsBelow1_2", "AllowCloudFrontRead", "AllowCloudFrontList"]);
        expect(run.outputs).to.deep.include({ url: "https://legacy.example.com", securityPolicy: "TLSv1_2016" });
    });

    it("dev: every request passes the Cognito check at the edge, a versioned function in us-east-1", async () => {
        const run = await runStack("dev");
        const fn = only(run, "aws:lambda/function:Function");
        expect(regionOfResource(run, fn)).to.equal("us-east-1");
        expect(fn.inputs).to.include({ publish: true });
        expect(fn.inputs.environment).to.equal(undefined);
        const behavior = only(run, "aws:cloudfront/distribution:Distribution").inputs.defaultCacheBehavior as any;
        expect(behavior.lambdaFunctionAssociations).to.deep.equal([
            { eventType: "viewer-request", lambdaArn: fn.outputs.qualifiedArn, includeBody: false },
        ]);
        expect(String(fn.outputs.qualifiedArn)).to.match(/^arn:aws:lambda:us-east-1:\d{12}:function:auth-function-[a-z0-9]+:\d+$/);
        const auth = run.outputs.auth as Record<string, unknown>;
        expect(auth.edgeFunctionArn).to.equal(fn.outputs.qualifiedArn);
        expect(auth.userPoolId).to.equal(only(run, "aws:cognito/userPool:UserPool").id);
    });

    it("prod: signed downloads, audit logs on the front, the API in both regions, and no private key in outputs", async () => {
        const run = await runStack("prod");
        const distribution = only(run, "aws:cloudfront/distribution:Distribution").inputs as any;
        const keyGroup = only(run, "aws:cloudfront/keyGroup:KeyGroup");
        expect(distribution.orderedCacheBehaviors.map((b: any) => [b.pathPattern, b.trustedKeyGroups])).to.deep.equal([["/downloads/*", [keyGroup.id]]]);
        // The front logs with standard logging (v2) into the audit's bucket (tests/content-delivery-logs.test.ts has the rest).
        const logBucket = only(run, "aws:s3/bucket:Bucket", "audit-logs");
        expect(distribution.loggingConfig).to.equal(undefined);
        expect((only(run, "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination").inputs.deliveryDestinationConfiguration as any).destinationResourceArn).to.equal(
            `${logBucket.outputs.arn}/cloudfront`,
        );

        const domains = resourcesOf(run, "aws:apigateway/domainName:DomainName");
        expect(domains.map((d) => regionOfResource(run, d)).sort()).to.deep.equal(["eu-central-1", "eu-west-1"]);
        const api = run.outputs.api as { url: string; regions: Record<string, unknown>; worstCaseFailoverSeconds: number };
        expect(api.url).to.equal("https://api.example.com/v1");
        expect(Object.keys(api.regions).sort()).to.deep.equal(["eu-central-1", "eu-west-1"]);
        // Defaults: 30 s interval x 2 failures plus checker timeouts plus the 60 s alias TTL.
        expect(api.worstCaseFailoverSeconds).to.equal(136);

        const signing = run.outputs.signing as Record<string, unknown>;
        expect(signing.keyGroupId).to.equal(keyGroup.id);
        expect(JSON.stringify(run.outputs)).not.to.match(/PRIVATE KEY/);
    });

    for (const mode of ["unsigned", "presigned"] as const) {
        it(`dev in ${mode} mode: the bucket policy grants CloudFront nothing and caching cannot leak a signed response`, async () => {
            const run = await runStack("dev", (values) => {
                values.front = { ...values.front, mode };
                // Authorization carries the viewer's SigV4 signature in these modes: the token comes in the cookie.
                values.auth = { ...values.auth, tokenSources: ["cookie"] };
            });
            const behavior = only(run, "aws:cloudfront/distribution:Distribution").inputs.defaultCacheBehavior as any;
            expect(only(run, "aws:cloudfront/originAccessControl:OriginAccessControl").inputs.signingBehavior).to.equal("never");
            expect(behavior.cachePolicyId).not.to.equal("658327ea-f89d-4fab-a63d-7e88639e58f6");
            expect(policyOf(only(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement).to.have.length(2);
            expect(run.outputs.mode).to.equal(mode);
        });
    }

    it("prod with an existing KMS key leaves the key alone and exports the statements its owners must add", async () => {
        const keyArn = "arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        const run = await runStack("prod", (values) => {
            values.bucket = { ...values.bucket, kmsKeyArn: keyArn };
        });
        expect(resourcesOf(run, "aws:kms/key:Key")).to.have.length(0);
        expect(resourcesOf(run, "aws:kms/keyPolicy:KeyPolicy")).to.have.length(0);
        const statements = JSON.parse(run.outputs.kmsKeyPolicyStatementsToAdd as string);
        expect(statements.map((s: any) => s.Sid)).to.deep.equal(["AllowCloudFrontDecrypt"]);
        expect(statements[0].Condition.StringEquals["AWS:SourceArn"]).to.equal(only(run, "aws:cloudfront/distribution:Distribution").outputs.arn);
    });

    it("an invalid config stops the program with a ConfigError naming every problem", async () => {
        let error: unknown;
        try {
            await runStack("prod", (values) => {
                values.front = { ...values.front, mode: "sign" };
                values.bucket = { ...values.bucket, forceDestroy: true };
            });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ConfigError);
        const message = (error as Error).message;
        expect(message).to.include('front.mode: "sign" is not one of signed | unsigned | presigned');
        expect(message).to.include("bucket.forceDestroy: true is not allowed when environment is prod");
    });

    it("prod as a preview (outputs unknown) registers the same resources without assuming unknown values", async () => {
        const update = await runStack("prod");
        const preview = await runStack("prod", undefined, { preview: true });
        // Same set; the order of registrations behind asynchronous inputs is not fixed.
        const names = (run: typeof update) => run.resources.map((r) => `${r.type} ${r.name}`).sort();
        expect(names(preview)).to.deep.equal(names(update));
        const distribution = only(preview, "aws:cloudfront/distribution:Distribution");
        expect(distribution.outputs.arn).to.equal(undefined);
    });

    describe("operate: the web ACL, the monitoring and directory indexes of the stacks", () => {
        const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

        it("prod: the front uses the web ACL the stack creates (CLOUDFRONT scope, us-east-1), with its rules", async () => {
            const run = await runStack("prod");
            const acl = only(run, "aws:wafv2/webAcl:WebAcl");
            expect(acl.inputs.scope).to.equal("CLOUDFRONT");
            expect(regionOfResource(run, acl)).to.equal("us-east-1");
            expect(only(run, "aws:cloudfront/distribution:Distribution").inputs.webAclId).to.equal(acl.outputs.arn);
            expect((acl.inputs.rules as { name: string }[]).map((r) => r.name)).to.deep.equal([
                "RateLimitPerClientIp",
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesAmazonIpReputationList",
            ]);
            expect((run.outputs.waf as { webAclArn: string }).webAclArn).to.equal(acl.outputs.arn);
        });

        it("prod: CloudFront alarms in us-east-1 on the distribution, notifying the topic; exact 401/403 with additional metrics", async () => {
            const run = await runStack("prod");
            const distribution = only(run, "aws:cloudfront/distribution:Distribution");
            const topic = only(run, "aws:sns/topic:Topic", "monitoring-alarms");
            const frontAlarms = resourcesOf(run, ALARM).filter((a) => a.name.startsWith("monitoring-"));
            expect(frontAlarms.map((a) => a.name).sort()).to.deep.equal(
                ["auth-failure-rate", "client-error-rate", "edge-execution-errors", "edge-throttles", "edge-validation-errors", "server-error-rate"].map((n) => `monitoring-${n}`),
            );
            for (const alarm of frontAlarms) {
                expect(regionOfResource(run, alarm), alarm.name).to.equal("us-east-1");
                expect(alarm.inputs.alarmActions, alarm.name).to.deep.equal([topic.outputs.arn]);
                const dimensions = alarm.inputs.dimensions ?? (alarm.inputs.metricQueries as any[]).find((q) => q.metric)?.metric.dimensions;
                expect(dimensions, alarm.name).to.deep.equal({ DistributionId: distribution.id, Region: "Global" });
            }
            // With additional metrics the auth alarm adds the 401 and 403 rates instead of watching all 4xx.
            const auth = only(run, ALARM, "monitoring-auth-failure-rate");
            expect((auth.inputs.metricQueries as any[]).map((q) => q.metric?.metricName ?? q.expression)).to.have.members(["401ErrorRate", "403ErrorRate", "r401ErrorRate + r403ErrorRate"]);
            expect(only(run, "aws:cloudfront/monitoringSubscription:MonitoringSubscription").inputs.distributionId).to.equal(distribution.id);
            expect(run.outputs.monitoring).to.include({ alarmTopicArn: topic.outputs.arn });
        });

        it("prod: directory indexes are rewritten by the auth function (no CloudFront Function beside Lambda@Edge)", async () => {
            const run = await runStack("prod");
            // The auth function rewrites on the default behaviour; /downloads/* (signing.viewerAuth: false, the
            // cost mode) runs no function at all, so no CloudFront Function is made.
            expect(resourcesOf(run, "aws:cloudfront/function:Function")).to.have.length(0);
            const distribution = only(run, "aws:cloudfront/distribution:Distribution").inputs as any;
            expect(distribution.defaultCacheBehavior.functionAssociations ?? []).to.deep.equal([]);
            expect(distribution.orderedCacheBehaviors.map((b: any) => [b.pathPattern, b.functionAssociations ?? [], b.lambdaFunctionAssociations ?? []])).to.deep.equal([
                ["/downloads/*", [], []],
            ]);
            const files = await archiveContents(only(run, "aws:lambda/function:Function", "auth-function").inputs.code as { assets: Promise<Record<string, unknown>> });
            expect(JSON.parse(files["config.json"]).directoryIndex).to.equal("index.html");
        });

        it("monitoring.enabled: false creates no alarm, topic or dashboard; waf beside front.webAclArn is a config error", async () => {
            const quiet = await runStack("dev", (values) => {
                values.monitoring = { enabled: false };
            });
            expect(resourcesOf(quiet, ALARM)).to.have.length(0);
            expect(resourcesOf(quiet, "aws:sns/topic:Topic")).to.have.length(0);
            expect(resourcesOf(quiet, "aws:cloudwatch/dashboard:Dashboard")).to.have.length(0);
            expect(quiet.outputs).to.not.have.property("monitoring");
            let error: unknown;
            try {
                await runStack("prod", (values) => {
                    values.front = { ...values.front, webAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/mine/0a1b2c3d-0000-4000-8000-000000000000" };
                });
            } catch (e) {
                error = e;
            }
            expect(error).to.be.instanceOf(ConfigError);
            expect((error as Error).message).to.include(`waf: "(set)" cannot be combined with front.webAclArn`);
        });
    });
});

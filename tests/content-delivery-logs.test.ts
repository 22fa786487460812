/**
 * The prod stack's front logs (`audit.frontLogs: {}`) as the composition wires them: CloudFront
 * standard logging (v2) into the audit's bucket, created in us-east-1 after the bucket policy that lets
 * the log delivery write, and no bucket ACL anywhere.
 */
import { expect } from "chai";
import { OfflineRun, only, regionOfResource, resourcesOf, runStack } from "./mocks";

describe("content delivery: the front's access logs (prod, audit.frontLogs)", () => {
    let run: OfflineRun;
    before(async () => {
        run = await runStack("prod");
    });

    it("logs through standard logging v2, never the ACL-based legacy logging", () => {
        expect(only(run, "aws:cloudfront/distribution:Distribution").inputs.loggingConfig).to.equal(undefined);
        expect(resourcesOf(run, "aws:s3/bucketAcl:BucketAcl")).to.have.length(0);
        for (const ownership of resourcesOf(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")) {
            expect((ownership.inputs.rule as any).objectOwnership, ownership.name).to.equal("BucketOwnerEnforced");
        }
    });

    it("creates the delivery in us-east-1 on the front's us-east-1 provider, after the log bucket's policy", () => {
        const delivery = only(run, "aws:cloudwatch/logDelivery:LogDelivery");
        expect(regionOfResource(run, delivery)).to.equal("us-east-1");
        expect(delivery.provider).to.match(/::front-us-east-1::/);
        expect(delivery.dependencies).to.include(only(run, "aws:s3/bucketPolicy:BucketPolicy", "audit-logs-policy").urn);
        const source = only(run, "aws:cloudwatch/logDeliverySource:LogDeliverySource");
        expect(source.inputs.resourceArn).to.equal(only(run, "aws:cloudfront/distribution:Distribution").outputs.arn);
        // No provider of its own: the certificate's us-east-1 provider carries the delivery too.
        expect(resourcesOf(run, "pulumi:providers:aws").map((p) => p.name).sort()).to.deep.equal([
            "api-eu-central-1",
            "api-eu-west-1",
            "api-us-east-1",
            "auth-us-east-1",
            "front-us-east-1",
            "monitoring-us-east-1",
            "waf-us-east-1",
        ]);
    });

    it("exports where the logs are", () => {
        const bucket = only(run, "aws:s3/bucket:Bucket", "audit-logs").outputs.bucket as string;
        expect((run.outputs.audit as Record<string, unknown>).logLocation).to.equal(`s3://${bucket}/cloudfront/`);
    });
});

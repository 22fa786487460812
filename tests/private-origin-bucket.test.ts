import { expect } from "chai";
import { LegacyTlsFront } from "../components/legacy-tls-front";
import { PrivateOriginBucket, PrivateOriginBucketArgs, validatePrivateOriginBucketArgs } from "../components/private-origin-bucket";
import { ValidationError, formatIssue } from "../components/validation";
import { OfflineRun, only, policyOf, promiseOf, resourcesOf, runProgram } from "./mocks";

const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";

async function build(args: PrivateOriginBucketArgs, fronts = 1): Promise<{ run: OfflineRun; bucket: PrivateOriginBucket; arns: string[] }> {
    let bucket!: PrivateOriginBucket;
    const created: LegacyTlsFront[] = [];
    const run = await runProgram(() => {
        bucket = new PrivateOriginBucket("content", args);
        for (let i = 0; i < fronts; i++) created.push(new LegacyTlsFront(`front${i}`, { origin: bucket, mode: "signed" }));
        bucket.attachPolicy(created);
    });
    const arns = await Promise.all(created.map((f) => promiseOf(f.distributionArn)));
    return { run, bucket, arns };
}

describe("PrivateOriginBucket", () => {
    it("is private: all four Block Public Access settings, BucketOwnerEnforced, SSE-S3, versioning on", async () => {
        const { run } = await build({});
        const bucketId = only(run, BUCKET).id;
        expect(only(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.deep.equal({
            bucket: bucketId,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(only(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).to.deep.equal({
            objectOwnership: "BucketOwnerEnforced",
        });
        expect(only(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        expect(only(run, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        expect(resourcesOf(run, KEY)).to.have.length(0);
        expect(resourcesOf(run, "aws:s3/bucketLogging:BucketLogging")).to.have.length(0);
    });

    it("is protected and retained by default, and never force-destroyed", async () => {
        const { run } = await build({});
        const bucket = only(run, BUCKET);
        expect(bucket.protect).to.equal(true);
        expect(bucket.retainOnDelete).to.equal(true);
        expect(bucket.inputs.forceDestroy).to.equal(false);
        // The settings that keep the data private and versioned stay with the retained bucket.
        for (const type of ["bucketPublicAccessBlock:BucketPublicAccessBlock", "bucketVersioning:BucketVersioning", "bucketPolicy:BucketPolicy"]) {
            expect(only(run, `aws:s3/${type}`).retainOnDelete, type).to.equal(true);
        }
    });

    it("lets a throwaway stack opt into forceDestroy once protection is off", async () => {
        const { run } = await build({ protect: false, forceDestroy: true });
        const bucket = only(run, BUCKET);
        expect(bucket).to.include({ protect: false, retainOnDelete: false });
        expect(bucket.inputs.forceDestroy).to.equal(true);
    });

    it("refuses forceDestroy on a protected bucket before creating anything", async () => {
        let error: unknown;
        const run = await runProgram(() => {
            try {
                new PrivateOriginBucket("content", { forceDestroy: true });
            } catch (e) {
                error = e;
            }
        });
        expect(error).to.be.instanceOf(ValidationError);
        expect((error as Error).message).to.match(/forceDestroy: true is only allowed with protect: false/);
        expect(resourcesOf(run, BUCKET)).to.have.length(0);
    });

    it("expires and transitions noncurrent versions as configured", async () => {
        const { run } = await build({
            noncurrentVersionExpirationDays: 365,
            noncurrentVersionTransitions: [{ days: 30, storageClass: "STANDARD_IA" }],
            abortIncompleteMultipartUploadDays: 3,
        });
        expect(only(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules).to.deep.equal([
            {
                id: "noncurrent-versions",
                status: "Enabled",
                // The whole bucket, in the form the AWS provider accepts without its "Invalid Attribute Combination" warning (item 8).
                filter: { prefix: "" },
                noncurrentVersionTransitions: [{ noncurrentDays: 30, storageClass: "STANDARD_IA" }],
                noncurrentVersionExpiration: { noncurrentDays: 365 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 3 },
            },
        ]);
    });

    it("refuses noncurrent transitions to STANDARD_IA or ONEZONE_IA before 30 days, as S3 does", () => {
        const issues = validatePrivateOriginBucketArgs({
            noncurrentVersionTransitions: [
                { days: 29, storageClass: "ONEZONE_IA" },
                { days: 1, storageClass: "GLACIER_IR" },
                { days: 30, storageClass: "STANDARD_IA" },
            ],
        });
        expect(issues.map(formatIssue)).to.deep.equal(["noncurrentVersionTransitions[0].days: 29 is not a whole number from 30 to 36500"]);
    });

    it("logs access to the given bucket", async () => {
        const { run } = await build({ accessLogging: { targetBucket: "acme-logs" } });
        expect(only(run, "aws:s3/bucketLogging:BucketLogging").inputs).to.include({ targetBucket: "acme-logs", targetPrefix: "s3-access/" });
    });

    it("adopts an existing bucket by reading it, never creating or deleting it", async () => {
        const { run, bucket } = await build({ existingBucketName: "acme-existing-content" });
        const read = only(run, BUCKET);
        expect(read.readId).to.equal("acme-existing-content");
        expect(read.protect).to.equal(false);
        expect(await promiseOf(bucket.bucketName)).to.equal("acme-existing-content");
        expect(only(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs.bucket).to.equal("acme-existing-content");
        expect(policyOf(only(run, "aws:s3/bucketPolicy:BucketPolicy")).Statement[0].Resource).to.deep.equal([
            "arn:aws:s3:::acme-existing-content",
            "arn:aws:s3:::acme-existing-content/*",
        ]);
    });

    it("scopes the CloudFront grant to every front it serves, in one policy", async () => {
        const { run, arns } = await build({}, 2);
        const policies = resourcesOf(run, "aws:s3/bucketPolicy:BucketPolicy");
        expect(policies).to.have.length(1);
        const read = policyOf(policies[0]).Statement.find((s: any) => s.Sid === "AllowCloudFrontRead");
        expect(read.Condition.StringEquals["AWS:SourceArn"]).to.deep.equal([...arns].sort());
        expect(arns[0]).not.to.equal(arns[1]);
    });

    it("refuses a second attachPolicy (S3 keeps one policy per bucket)", async () => {
        let error: unknown;
        await runProgram(() => {
            const bucket = new PrivateOriginBucket("content", { protect: false });
            bucket.attachPolicy([]);
            try {
                bucket.attachPolicy([]);
            } catch (e) {
                error = e;
            }
        });
        expect((error as Error).message).to.match(/PrivateOriginBucket "content": attachPolicy was already called/);
    });

    describe("with SSE-KMS", () => {
        it("creates a rotating, protected key whose policy is a separate resource granting only the distribution", async () => {
            const { run, arns } = await build({ encryption: "sse-kms" });
            const key = only(run, KEY);
            expect(key.inputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
            expect(key.inputs.policy).to.equal(undefined);
            expect(key).to.include({ protect: true, retainOnDelete: true });

            const sse = only(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules as any[];
            expect(sse).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn }, bucketKeyEnabled: true },
            ]);

            const keyPolicy = only(run, KEY_POLICY);
            expect(keyPolicy.inputs.keyId).to.equal(key.outputs.keyId);
            expect(policyOf(keyPolicy).Statement).to.deep.equal([
                { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "AllowCloudFrontDecrypt",
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: ["kms:Decrypt"],
                    Resource: "*",
                    Condition: { StringEquals: { "AWS:SourceArn": arns[0] } },
                },
            ]);
        });

        it("leaves an existing key's policy alone and publishes the statements to add", async () => {
            const keyArn = "arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555";
            const { run, bucket, arns } = await build({ encryption: "sse-kms", kmsKeyArn: keyArn });
            expect(resourcesOf(run, KEY)).to.have.length(0);
            expect(resourcesOf(run, KEY_POLICY)).to.have.length(0);
            expect(await promiseOf(bucket.kmsKeyArn)).to.equal(keyArn);
            const statements = JSON.parse(await promiseOf(bucket.kmsPolicyStatements));
            expect(statements).to.have.length(1);
            expect(statements[0]).to.deep.include({ Sid: "AllowCloudFrontDecrypt", Action: ["kms:Decrypt"] });
            expect(statements[0].Condition.StringEquals["AWS:SourceArn"]).to.equal(arns[0]);
        });
    });
});

import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { LegacyTlsFront, LegacyTlsFrontArgs } from "../components/legacy-tls-front";
import {
    OriginBucketPolicy,
    OriginBucketPolicyArgs,
    checkResolvedKeyId,
    checkResolvedValues,
    validateOriginBucketPolicyArgs,
} from "../components/origin-bucket-policy";
import { PrivateOriginBucket, PrivateOriginBucketArgs } from "../components/private-origin-bucket";
import { ValidationError, formatIssue } from "../components/validation";
import { OfflineRun, RecordedResource, only, policyOf, promiseOf, resourcesOf, runProgram, runStack } from "./mocks";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const COMPONENT = "legacy-tls-front:index:OriginBucketPolicy";

type FrontSettings = Omit<LegacyTlsFrontArgs, "origin">;

interface Built {
    run: OfflineRun;
    bucket: PrivateOriginBucket;
    front: LegacyTlsFront;
    access?: OriginBucketPolicy;
}

/** The TypeScript path: the bucket's own method. */
async function viaAttachPolicy(bucketArgs: PrivateOriginBucketArgs, frontArgs: FrontSettings = { mode: "signed" }): Promise<Built> {
    let built!: Omit<Built, "run">;
    const run = await runProgram(() => {
        const bucket = new PrivateOriginBucket("content", bucketArgs);
        const front = new LegacyTlsFront("front", { ...frontArgs, origin: bucket });
        bucket.attachPolicy([front]);
        built = { bucket, front };
    });
    return { run, ...built };
}

/** The path of other languages: the bucket's and the front's outputs passed to the component. */
async function viaComponent(
    bucketArgs: PrivateOriginBucketArgs,
    frontArgs: FrontSettings = { mode: "signed" },
    extra: Partial<OriginBucketPolicyArgs> = {},
    options: { preview?: boolean } = {},
): Promise<Built> {
    let built!: Omit<Built, "run">;
    const run = await runProgram(() => {
        const bucket = new PrivateOriginBucket("content", bucketArgs);
        const front = new LegacyTlsFront("front", { ...frontArgs, origin: bucket });
        const managesKey = bucketArgs.encryption === "sse-kms" && bucketArgs.kmsKeyArn === undefined;
        const access = new OriginBucketPolicy("content-access", {
            bucketName: bucket.bucketName,
            bucketArn: bucket.bucketArn,
            ...(managesKey ? { managedKmsKeyId: bucket.managedKmsKeyId as pulumi.Output<string> } : {}),
            grants: [front.originGrant!],
            ...extra,
        });
        built = { bucket, front, access };
    }, options);
    return { run, ...built };
}

function parentOf(run: OfflineRun, resource: RecordedResource): RecordedResource | undefined {
    return run.resources.find((r) => r.urn === resource.parent);
}

describe("OriginBucketPolicy", () => {
    it("writes the bucket policy attachPolicy writes for the same bucket and front (parsed JSON)", async () => {
        const front: FrontSettings = { mode: "signed", uploads: true };
        const attached = await viaAttachPolicy({ protect: false }, front);
        const made = await viaComponent({ protect: false }, front);
        const fromComponent = only(made.run, BUCKET_POLICY);
        expect(policyOf(fromComponent)).to.deep.equal(policyOf(only(attached.run, BUCKET_POLICY)));
        expect(fromComponent.inputs.bucket).to.equal(await promiseOf(made.bucket.bucketName));
        expect(JSON.parse(await promiseOf(made.access!.bucketPolicy))).to.deep.equal(policyOf(fromComponent));
    });

    it("scopes CloudFront to the distribution by AWS:SourceArn and denies requests without TLS 1.2", async () => {
        const { run, bucket, front } = await viaComponent({ protect: false });
        const bucketArn = await promiseOf(bucket.bucketArn);
        const distributionArn = await promiseOf(front.distributionArn);
        expect(distributionArn).to.match(/^arn:aws:cloudfront::123456789012:distribution\/E[A-Z0-9]+$/);
        const everything = [bucketArn, `${bucketArn}/*`];
        expect(policyOf(only(run, BUCKET_POLICY)).Statement).to.deep.equal([
            { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: everything, Condition: { Bool: { "aws:SecureTransport": "false" } } },
            { Sid: "DenyTlsBelow1_2", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: everything, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
            {
                Sid: "AllowCloudFrontRead",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: `${bucketArn}/*`,
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            },
        ]);
    });

    it("makes the policy its own child, retained while the bucket may outlive a destroy, never protected", async () => {
        const kept = await viaComponent({ protect: false });
        const policy = only(kept.run, BUCKET_POLICY);
        expect(policy.name).to.equal("content-access-policy");
        expect(policy.urn).to.equal("urn:pulumi:test::legacy-tls-front::legacy-tls-front:index:OriginBucketPolicy$aws:s3/bucketPolicy:BucketPolicy::content-access-policy");
        expect(parentOf(kept.run, policy)?.type).to.equal(COMPONENT);
        expect(policy).to.include({ retainOnDelete: true, protect: false });
        // The bucket's own policy children are untouched: the component adds none under the bucket.
        expect(resourcesOf(kept.run, BUCKET_POLICY)).to.have.length(1);

        const throwaway = await viaComponent({ protect: false, forceDestroy: true }, { mode: "signed" }, { bucketMayOutliveDestroy: false });
        expect(only(throwaway.run, BUCKET_POLICY)).to.include({ retainOnDelete: false, protect: false });
    });

    it("writes the policy of the key the bucket created, as attachPolicy does", async () => {
        const attached = await viaAttachPolicy({ protect: false, encryption: "sse-kms" });
        const made = await viaComponent({ protect: false, encryption: "sse-kms" });
        const keyPolicy = only(made.run, KEY_POLICY);
        expect(keyPolicy.name).to.equal("content-access-key-policy");
        expect(parentOf(made.run, keyPolicy)?.type).to.equal(COMPONENT);
        expect(keyPolicy.inputs.keyId).to.equal(only(made.run, "aws:kms/key:Key").outputs.keyId);
        expect(keyPolicy.inputs.keyId).to.equal(await promiseOf(made.bucket.managedKmsKeyId));
        expect(policyOf(keyPolicy)).to.deep.equal(policyOf(only(attached.run, KEY_POLICY)));
        expect(policyOf(keyPolicy).Statement).to.deep.equal([
            { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
            {
                Sid: "AllowCloudFrontDecrypt",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: ["kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "AWS:SourceArn": await promiseOf(made.front.distributionArn) } },
            },
        ]);
        expect(await promiseOf(made.access!.kmsPolicyStatements)).to.equal("[]");
    });

    it("leaves an existing key alone and publishes the statements to add, as attachPolicy does", async () => {
        const bucket = { protect: false, encryption: "sse-kms", kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555" } as const;
        const attached = await viaAttachPolicy(bucket);
        const made = await viaComponent(bucket);
        expect(resourcesOf(made.run, KEY_POLICY)).to.have.length(0);
        expect(await promiseOf(made.bucket.managedKmsKeyId)).to.equal(undefined);
        const statements = JSON.parse(await promiseOf(made.access!.kmsPolicyStatements));
        expect(statements).to.deep.equal(JSON.parse(await promiseOf(attached.bucket.kmsPolicyStatements)));
        expect(statements.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["AllowCloudFrontDecrypt"]);
    });

    it("takes the partition from the bucket's ARN: an origin access identity and the account in aws-cn", async () => {
        const oai = "arn:aws-cn:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL";
        let access!: OriginBucketPolicy;
        const run = await runProgram(
            () => {
                access = new OriginBucketPolicy("content-access", {
                    bucketName: "acme-content",
                    bucketArn: "arn:aws-cn:s3:::acme-content",
                    managedKmsKeyId: "11111111-2222-3333-4444-555555555555",
                    grants: [{ distributionArn: "arn:aws-cn:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL", originAccessIdentityArn: oai, list: false, write: false }],
                });
            },
            { region: "cn-north-1" },
        );
        const statements = JSON.parse(await promiseOf(access.bucketPolicy)).Statement;
        expect(statements[2]).to.deep.equal({ Sid: "AllowCloudFrontReadIdentity1", Effect: "Allow", Principal: { AWS: oai }, Action: "s3:GetObject", Resource: "arn:aws-cn:s3:::acme-content/*" });
        // An origin access identity cannot use SSE-KMS objects: the key keeps only the account's statement.
        expect(policyOf(only(run, KEY_POLICY)).Statement).to.deep.equal([
            { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: "arn:aws-cn:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
        ]);
    });

    it("skips the absent grant of a front that does not sign: the policy then only denies requests without TLS 1.2", async () => {
        const { run, front } = await viaComponent({ protect: false }, { mode: "presigned" }, {});
        expect(front.originGrant).to.equal(undefined);
        expect(policyOf(only(run, BUCKET_POLICY)).Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "DenyTlsBelow1_2"]);
    });

    describe("bad input", () => {
        const grant = { distributionArn: "arn:aws:cloudfront::123456789012:distribution/EDFDVBD632BHDS5", list: false, write: false };

        it("reports every problem with its path: missing grants, a grant that is not a distribution, a bucket ARN of another bucket", () => {
            const issues = validateOriginBucketPolicyArgs({ bucketName: "acme-content", bucketArn: "arn:aws:s3:::acme-other" } as OriginBucketPolicyArgs);
            expect(issues.map(formatIssue)).to.deep.equal([
                'bucketArn: "arn:aws:s3:::acme-other" is not the ARN of bucketName "acme-content"; pass the name and ARN of the same bucket',
                "grants: (missing) is required: every front's originGrant, or [] when no front signs (modes presigned, unsigned)",
            ]);
            const more = validateOriginBucketPolicyArgs({
                bucketName: "Acme_Content",
                bucketArn: "arn:aws:s3:::acme-content/*",
                managedKmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555",
                bucketMayOutliveDestroy: "yes" as never,
                grants: [
                    { ...grant, distributionArn: "arn:aws:s3:::acme-content" },
                    { ...grant, write: "no" as never },
                    { ...grant, distributionARN: grant.distributionArn } as never,
                ],
            });
            expect(more.map((i) => i.path)).to.deep.equal([
                "bucketMayOutliveDestroy",
                "bucketName",
                "bucketArn",
                "managedKmsKeyId",
                "grants[0].distributionArn",
                "grants[1].write",
                "grants[2].distributionARN",
            ]);
            expect(more.map(formatIssue)).to.include.members([
                'grants[0].distributionArn: "arn:aws:s3:::acme-content" is not a CloudFront distribution ARN (arn:aws:cloudfront::ACCOUNT:distribution/ID)',
                'grants[2].distributionARN: "arn:aws:cloudfront::123456789012:distribution/EDFDVBD632BHDS5" is not a known key (did you mean distributionArn?); known keys: distributionArn, originAccessIdentityArn, list, write',
                'bucketArn: "arn:aws:s3:::acme-content/*" is not an S3 bucket ARN (arn:aws:s3:::BUCKET, or arn:aws-cn:s3:::BUCKET in China)',
                "bucketMayOutliveDestroy: \"yes\" is not a boolean (true | false)",
            ]);
        });

        it("refuses a distribution of another partition than the bucket's", () => {
            const issues = validateOriginBucketPolicyArgs({ bucketName: "acme-content", bucketArn: "arn:aws-cn:s3:::acme-content", grants: [grant] });
            expect(issues.map(formatIssue)).to.deep.equal([
                'grants[0].distributionArn: "arn:aws:cloudfront::123456789012:distribution/EDFDVBD632BHDS5" is in partition aws, but the bucket is in aws-cn; allowed: arn:aws-cn:cloudfront::...',
            ]);
        });

        it("throws before registering anything", async () => {
            let error: unknown;
            const run = await runProgram(() => {
                try {
                    new OriginBucketPolicy("content-access", { bucketName: "acme-content", bucketArn: "arn:aws:s3:::acme-content", grants: [{ ...grant, distributionArn: "E2QWRUHAPOMQZL" }] });
                } catch (e) {
                    error = e;
                }
            });
            expect(error).to.be.instanceOf(ValidationError);
            expect((error as Error).message).to.equal(
                'OriginBucketPolicy "content-access" is invalid:\n  - grants[0].distributionArn: "E2QWRUHAPOMQZL" is not a CloudFront distribution ARN (arn:aws:cloudfront::ACCOUNT:distribution/ID)',
            );
            expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.have.length(0);
        });

        it("checks outputs once they resolve, by the same rules, naming the input", () => {
            expect(() =>
                checkResolvedValues('OriginBucketPolicy "x"', { bucketName: "acme-content", bucketArn: "arn:aws:s3:::acme-content", grants: [undefined, { ...grant, distributionArn: "arn:aws:s3:::acme-content" }] }),
            ).to.throw(ValidationError, /grants\[1\]\.distributionArn: "arn:aws:s3:::acme-content" is not a CloudFront distribution ARN/);
            expect(checkResolvedValues('OriginBucketPolicy "x"', { bucketName: "acme-content", bucketArn: "arn:aws-cn:s3:::acme-content", grants: [null, undefined] })).to.deep.equal({
                bucketArn: "arn:aws-cn:s3:::acme-content",
                partition: "aws-cn",
                grants: [],
            });
            expect(() => checkResolvedKeyId('OriginBucketPolicy "x"', undefined)).to.throw(ValidationError, /managedKmsKeyId: \(missing\) is empty: the bucket manages no KMS key/);
            expect(checkResolvedKeyId('OriginBucketPolicy "x"', "mrk-0123456789abcdef0123456789abcdef")).to.equal("mrk-0123456789abcdef0123456789abcdef");
        });
    });

    it("previews with unknown ARNs: nothing checked or written before they are known, the children registered", async () => {
        const { run, access } = await viaComponent({ protect: false, encryption: "sse-kms" }, { mode: "signed" }, {}, { preview: true });
        const policy = only(run, BUCKET_POLICY);
        const keyPolicy = only(run, KEY_POLICY);
        for (const child of [policy, keyPolicy]) expect(parentOf(run, child)?.type, child.name).to.equal(COMPONENT);
        // The policy names the distribution, whose ARN a preview does not know: no document yet.
        const unknown = { __pulumiUnknown: true };
        expect(policy.inputs).to.deep.equal({ bucket: unknown, policy: unknown });
        expect(keyPolicy.inputs).to.deep.equal({ keyId: unknown, policy: unknown });
        // What the engine orders by: the document waits for the bucket and the distribution it names.
        const bucketUrn = only(run, "aws:s3/bucket:Bucket").urn;
        const distributionUrn = only(run, "aws:cloudfront/distribution:Distribution").urn;
        expect(policy.propertyDependencies.bucket).to.deep.equal([bucketUrn]);
        expect(policy.propertyDependencies.policy).to.have.members([bucketUrn, distributionUrn]);
        expect(keyPolicy.propertyDependencies.keyId).to.deep.equal([only(run, "aws:kms/key:Key").urn]);
        expect(access).to.be.instanceOf(OriginBucketPolicy);
    });

    it("leaves the stacks' attachPolicy path as it was: the same URNs, parents and options in dev and prod", async () => {
        const bucketChild = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::legacy-tls-front::legacy-tls-front:index:PrivateOriginBucket$${type}::${name}`;
        for (const stack of ["dev", "prod"]) {
            const run = await runStack(stack);
            const bucket = only(run, "legacy-tls-front:index:PrivateOriginBucket");
            const policy = only(run, BUCKET_POLICY, "content-policy");
            expect(policy.urn).to.equal(bucketChild(stack, BUCKET_POLICY, "content-policy"));
            expect(policy.parent).to.equal(bucket.urn);
            expect(policy.dependencies).to.include(only(run, "aws:s3/bucket:Bucket", "content-bucket").urn);
            expect(resourcesOf(run, COMPONENT)).to.have.length(0);
            if (stack === "prod") {
                // Protected bucket: its policies are retained, not protected (the bucket's protection stops a destroy).
                expect(policy).to.include({ retainOnDelete: true, protect: false });
                const keyPolicy = only(run, KEY_POLICY);
                expect(keyPolicy.urn).to.equal(bucketChild(stack, KEY_POLICY, "content-key-policy"));
                expect(keyPolicy).to.include({ parent: bucket.urn, retainOnDelete: true, protect: false });
                expect(keyPolicy.inputs.keyId).to.equal(only(run, "aws:kms/key:Key").outputs.keyId);
            } else {
                expect(policy).to.include({ retainOnDelete: false, protect: false });
                expect(resourcesOf(run, KEY_POLICY)).to.have.length(0);
            }
        }
    });
});

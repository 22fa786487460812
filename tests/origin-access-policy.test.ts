import { expect } from "chai";
import { FrontMode, modeProfile } from "../components/front-modes";
import {
    PolicyStatement,
    ResolvedOriginGrant,
    buildBucketPolicy,
    buildKeyPolicy,
    buildKmsStatements,
} from "../components/origin-access-policy";

const BUCKET = "arn:aws:s3:::acme-legacy-content";
const OBJECTS = "arn:aws:s3:::acme-legacy-content/*";
const DIST_A = "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE";
const DIST_B = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE";
const OAI = "arn:aws-cn:iam::cloudfront:user/CloudFront Origin Access Identity E15MNIMTCFKK4C";

function grant(distributionArn: string, extra: Partial<ResolvedOriginGrant> = {}): ResolvedOriginGrant {
    return { distributionArn, list: false, write: false, ...extra };
}

// The two statements every bucket policy starts with, written out literally.
function denyStatements(bucketArn: string): PolicyStatement[] {
    return [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyTlsBelow1_2",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
    ];
}

function oacAllow(sid: string, action: string | string[], resource: string, sourceArn: string | string[]): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: action,
        Resource: resource,
        Condition: { StringEquals: { "AWS:SourceArn": sourceArn } },
    };
}

// KMS statements for CloudFront: key policies name no key, so Resource is always "*".
const kmsAllow = (sid: string, actions: string[], sourceArn: string | string[]): PolicyStatement => oacAllow(sid, actions, "*", sourceArn);

describe("buildBucketPolicy", () => {
    it("with no grants has only the two deny statements", () => {
        expect(buildBucketPolicy({ bucketArn: BUCKET, grants: [] })).to.deep.equal({
            Version: "2012-10-17",
            Statement: denyStatements(BUCKET),
        });
    });

    it("denies requests without TLS and with TLS below 1.2 on the bucket and every object", () => {
        const [insecure, outdated] = buildBucketPolicy({ bucketArn: BUCKET, grants: [grant(DIST_A)] }).Statement;
        expect(insecure.Effect).to.equal("Deny");
        expect(insecure.Principal).to.equal("*");
        expect(insecure.Action).to.equal("s3:*");
        expect(insecure.Resource).to.deep.equal(["arn:aws:s3:::acme-legacy-content", "arn:aws:s3:::acme-legacy-content/*"]);
        expect(insecure.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        expect(outdated.Effect).to.equal("Deny");
        expect(outdated.Principal).to.equal("*");
        expect(outdated.Action).to.equal("s3:*");
        expect(outdated.Resource).to.deep.equal(["arn:aws:s3:::acme-legacy-content", "arn:aws:s3:::acme-legacy-content/*"]);
        expect(outdated.Condition).to.deep.equal({ NumericLessThan: { "s3:TlsVersion": "1.2" } });
    });

    it("one OAC distribution, read only: GetObject on objects, scoped by AWS:SourceArn", () => {
        expect(buildBucketPolicy({ bucketArn: BUCKET, grants: [grant(DIST_A)] }).Statement).to.deep.equal([
            ...denyStatements(BUCKET),
            {
                Sid: "AllowCloudFrontRead",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::acme-legacy-content/*",
                Condition: { StringEquals: { "AWS:SourceArn": DIST_A } },
            },
        ]);
    });

    it("one OAC distribution with list: ListBucket on the bucket itself, not its objects", () => {
        expect(buildBucketPolicy({ bucketArn: BUCKET, grants: [grant(DIST_A, { list: true })] }).Statement).to.deep.equal([
            ...denyStatements(BUCKET),
            oacAllow("AllowCloudFrontRead", "s3:GetObject", OBJECTS, DIST_A),
            oacAllow("AllowCloudFrontList", "s3:ListBucket", BUCKET, DIST_A),
        ]);
    });

    it("one OAC distribution with write: PutObject on objects", () => {
        expect(buildBucketPolicy({ bucketArn: BUCKET, grants: [grant(DIST_A, { write: true })] }).Statement).to.deep.equal([
            ...denyStatements(BUCKET),
            oacAllow("AllowCloudFrontRead", "s3:GetObject", OBJECTS, DIST_A),
            oacAllow("AllowCloudFrontWrite", "s3:PutObject", OBJECTS, DIST_A),
        ]);
    });

    it("two distributions: one read statement listing both ARNs sorted; list and write only for the one that asked", () => {
        const policy = buildBucketPolicy({
            bucketArn: BUCKET,
            grants: [grant(DIST_A, { write: true }), grant(DIST_B, { list: true })],
        });
        expect(policy.Statement).to.deep.equal([
            ...denyStatements(BUCKET),
            oacAllow("AllowCloudFrontRead", "s3:GetObject", OBJECTS, [
                "arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE",
                "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE",
            ]),
            oacAllow("AllowCloudFrontList", "s3:ListBucket", BUCKET, DIST_B),
            oacAllow("AllowCloudFrontWrite", "s3:PutObject", OBJECTS, DIST_A),
        ]);
    });

    it("names the same distribution once even when granted twice", () => {
        const policy = buildBucketPolicy({ bucketArn: BUCKET, grants: [grant(DIST_A), grant(DIST_A)] });
        expect(policy.Statement.slice(2)).to.deep.equal([oacAllow("AllowCloudFrontRead", "s3:GetObject", OBJECTS, DIST_A)]);
    });

    it("an origin access identity (aws-cn): its IAM ARN as principal, no SourceArn condition", () => {
        const bucket = "arn:aws-cn:s3:::acme-legacy-content";
        const policy = buildBucketPolicy({
            bucketArn: bucket,
            grants: [
                grant("arn:aws-cn:cloudfront::123456789012:distribution/E1CHINAEXAMPLE", {
                    originAccessIdentityArn: OAI,
                    list: true,
                }),
            ],
        });
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                ...denyStatements(bucket),
                {
                    Sid: "AllowCloudFrontReadIdentity1",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws-cn:iam::cloudfront:user/CloudFront Origin Access Identity E15MNIMTCFKK4C" },
                    Action: "s3:GetObject",
                    Resource: "arn:aws-cn:s3:::acme-legacy-content/*",
                },
                {
                    Sid: "AllowCloudFrontListIdentity1",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws-cn:iam::cloudfront:user/CloudFront Origin Access Identity E15MNIMTCFKK4C" },
                    Action: "s3:ListBucket",
                    Resource: "arn:aws-cn:s3:::acme-legacy-content",
                },
            ],
        });
        for (const statement of policy.Statement.slice(2)) expect(statement).to.not.have.property("Condition");
    });

    it("keeps Sids unique in every policy", () => {
        const policy = buildBucketPolicy({
            bucketArn: BUCKET,
            grants: [
                grant(DIST_A, { list: true, write: true }),
                grant(DIST_B, { list: true, write: true }),
                grant("x", { originAccessIdentityArn: OAI, list: true, write: true }),
                grant("y", { originAccessIdentityArn: `${OAI}2`, list: true, write: true }),
            ],
        });
        const sids = policy.Statement.map((s) => s.Sid);
        expect(sids).to.deep.equal([
            "DenyInsecureTransport",
            "DenyTlsBelow1_2",
            "AllowCloudFrontRead",
            "AllowCloudFrontReadIdentity1",
            "AllowCloudFrontReadIdentity2",
            "AllowCloudFrontList",
            "AllowCloudFrontListIdentity1",
            "AllowCloudFrontListIdentity2",
            "AllowCloudFrontWrite",
            "AllowCloudFrontWriteIdentity1",
            "AllowCloudFrontWriteIdentity2",
        ]);
    });

    it("never allows a principal other than CloudFront", () => {
        const policy = buildBucketPolicy({ bucketArn: BUCKET, grants: [grant(DIST_A, { list: true, write: true })] });
        for (const s of policy.Statement.filter((st) => st.Effect === "Allow")) {
            expect(s.Principal).to.deep.equal({ Service: "cloudfront.amazonaws.com" });
            expect(s.Condition).to.have.nested.property("StringEquals.AWS:SourceArn");
        }
    });
});

describe("buildKmsStatements", () => {
    it("gives nothing without grants", () => {
        expect(buildKmsStatements([])).to.deep.equal([]);
    });

    it("lets readers decrypt only", () => {
        expect(buildKmsStatements([grant(DIST_A, { list: true })])).to.deep.equal([kmsAllow("AllowCloudFrontDecrypt", ["kms:Decrypt"], DIST_A)]);
    });

    it("lets writers encrypt and generate data keys, and only writers", () => {
        expect(buildKmsStatements([grant(DIST_A, { write: true }), grant(DIST_B)])).to.deep.equal([
            kmsAllow("AllowCloudFrontDecrypt", ["kms:Decrypt"], [
                "arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE",
                "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE",
            ]),
            kmsAllow("AllowCloudFrontEncrypt", ["kms:Encrypt", "kms:GenerateDataKey*"], DIST_A),
        ]);
    });

    it("gives origin access identities nothing (they cannot use SSE-KMS)", () => {
        expect(buildKmsStatements([grant(DIST_A, { originAccessIdentityArn: OAI, write: true })])).to.deep.equal([]);
    });
});

describe("buildKeyPolicy", () => {
    const root = (arn: string): PolicyStatement => ({
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: arn },
        Action: "kms:*",
        Resource: "*",
    });

    it("keeps the account root in control (aws) and adds the CloudFront statements", () => {
        expect(buildKeyPolicy("aws", "123456789012", [grant(DIST_A)])).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                root("arn:aws:iam::123456789012:root"),
                kmsAllow("AllowCloudFrontDecrypt", ["kms:Decrypt"], DIST_A),
            ],
        });
    });

    it("uses the aws-cn partition in the root ARN", () => {
        expect(buildKeyPolicy("aws-cn", "210987654321", [])).to.deep.equal({
            Version: "2012-10-17",
            Statement: [root("arn:aws-cn:iam::210987654321:root")],
        });
    });
});

describe("modeProfile", () => {
    const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    const CORS_S3_ORIGIN = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf";
    const CORS = ["Origin", "Access-Control-Request-Headers", "Access-Control-Request-Method"];
    const CORS_AND_UPLOAD = [...CORS, "Content-Type", "Content-MD5"];
    const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
    // Where the viewer signs, S3 must see every header the viewer sent except Host (which names CloudFront).
    const RELAY = { headerBehavior: "allExcept", headers: ["Host"], queryStrings: "all" };

    // S3 origins do not support caching on Authorization: caching off, the managed all-but-Host policy relays it.
    const UNSIGNED = {
        mode: "unsigned",
        oacSigning: "never",
        cachePolicy: { managedId: CACHING_DISABLED },
        originRequestPolicy: { managedId: ALL_VIEWER_EXCEPT_HOST },
        bucketGrantsCloudFront: false,
        compress: false,
    };
    const PRESIGNED = {
        mode: "presigned",
        oacSigning: "never",
        cachePolicy: { managedId: CACHING_DISABLED },
        originRequestPolicy: { create: RELAY },
        bucketGrantsCloudFront: false,
        compress: false,
    };

    // The expected profile without the free-text comments of created policies (checked separately).
    const expected: Record<FrontMode, Record<"false" | "true", unknown>> = {
        signed: {
            false: {
                mode: "signed",
                oacSigning: "always",
                cachePolicy: { managedId: CACHING_OPTIMIZED },
                originRequestPolicy: { managedId: CORS_S3_ORIGIN },
                bucketGrantsCloudFront: true,
                compress: true,
            },
            true: {
                mode: "signed",
                oacSigning: "always",
                cachePolicy: { managedId: CACHING_OPTIMIZED },
                originRequestPolicy: { create: { headerBehavior: "whitelist", headers: CORS_AND_UPLOAD, queryStrings: "none" } },
                bucketGrantsCloudFront: true,
                compress: true,
            },
        },
        // Where the viewer signs, everything is relayed already: uploads change nothing.
        unsigned: { false: UNSIGNED, true: UNSIGNED },
        presigned: { false: PRESIGNED, true: PRESIGNED },
    };

    // Removes `comment` from created policies, after checking it fits CloudFront's 128-character limit.
    function withoutComments(profile: ReturnType<typeof modeProfile>): unknown {
        const strip = (choice: object): unknown => {
            if (!("create" in choice)) return choice;
            const { comment, ...rest } = (choice as { create: { comment: string } }).create;
            expect(comment).to.be.a("string").that.is.not.empty;
            expect(comment.length, `comment "${comment}"`).to.be.at.most(128);
            return { create: rest };
        };
        return {
            ...profile,
            cachePolicy: strip(profile.cachePolicy),
            originRequestPolicy: strip(profile.originRequestPolicy),
        };
    }

    for (const mode of ["signed", "unsigned", "presigned"] as const) {
        for (const uploads of [false, true]) {
            it(`${mode}, uploads ${uploads}: exact profile`, () => {
                expect(withoutComments(modeProfile(mode, uploads))).to.deep.equal(expected[mode][String(uploads) as "false" | "true"]);
            });

            it(`${mode}, uploads ${uploads}: never forwards the viewer's Host header`, () => {
                const profile = modeProfile(mode, uploads);
                const cacheKey = ("create" in profile.cachePolicy ? profile.cachePolicy.create.headers : []).map((h) => h.toLowerCase());
                expect(cacheKey).to.not.include("host");
                if ("create" in profile.originRequestPolicy) {
                    const spec = profile.originRequestPolicy.create;
                    const named = spec.headers.map((h) => h.toLowerCase());
                    // Whitelisted headers must not name Host; "all except" lists must.
                    if (spec.headerBehavior === "whitelist") expect(named).to.not.include("host");
                    else expect(named).to.include("host");
                }
            });
        }
    }

    it("presigned forwards every query string (the signature lives there) and caches nothing", () => {
        for (const uploads of [false, true]) {
            const profile = modeProfile("presigned", uploads);
            expect(profile.cachePolicy).to.deep.equal({ managedId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" });
            expect(profile.originRequestPolicy).to.have.nested.property("create.queryStrings", "all");
        }
    });

    it("no mode puts Authorization in the cache key of the S3 origin (caching on it is not supported for S3 origins)", () => {
        for (const mode of ["signed", "unsigned", "presigned"] as const) {
            for (const uploads of [false, true]) {
                const profile = modeProfile(mode, uploads);
                const cacheKey = "create" in profile.cachePolicy ? profile.cachePolicy.create.headers.map((h) => h.toLowerCase()) : [];
                expect(cacheKey, `${mode}, uploads ${uploads}`).to.not.include("authorization");
            }
        }
    });

    it("unsigned relays the viewer's signature with caching disabled, the one way AWS documents for S3 origins", () => {
        const profile = modeProfile("unsigned", false);
        expect(profile.cachePolicy).to.deep.equal({ managedId: CACHING_DISABLED });
        expect(profile.originRequestPolicy).to.deep.equal({ managedId: ALL_VIEWER_EXCEPT_HOST });
    });

    it("signed without uploads uses only AWS-managed policies, by their documented IDs", () => {
        const profile = modeProfile("signed", false);
        expect(profile.cachePolicy).to.deep.equal({ managedId: "658327ea-f89d-4fab-a63d-7e88639e58f6" });
        expect(profile.originRequestPolicy).to.deep.equal({ managedId: "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf" });
    });

    it("returns fresh header lists: changing one profile does not change the next", () => {
        const first = modeProfile("presigned", false);
        if (!("create" in first.originRequestPolicy)) throw new Error("presigned must create its origin request policy");
        (first.originRequestPolicy.create.headers as string[]).push("X-Injected");
        const second = modeProfile("presigned", false);
        expect(second.originRequestPolicy).to.have.deep.nested.property("create.headers", ["Host"]);
    });
});

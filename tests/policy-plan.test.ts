import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { LegacyTlsFront } from "../components/legacy-tls-front";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { TlsAudit } from "../components/tls-audit";
import { checkRun, renderGuardrails, subjectsOfRun } from "../tools/plan/guardrails";
import { runProgram, runStack } from "./mocks";

// A program that gets everything the guardrails exist for wrong, with raw resources.
function insecureProgram(): void {
    const bucket = new aws.s3.Bucket("loose", {});
    new aws.s3.BucketPolicy("loose-policy", {
        bucket: bucket.id,
        policy: bucket.arn.apply((arn) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Sid: "Read", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: `${arn}/*` }],
            }),
        ),
    });
    const euWest1 = new aws.Provider("eu-west-1", { region: "eu-west-1" });
    const edge = new aws.lambda.Function(
        "edge",
        { runtime: "nodejs20.x", handler: "index.handler", role: "arn:aws:iam::123456789012:role/edge", environment: { variables: { KEY: "v" } } },
        { provider: euWest1 },
    );
    new aws.cloudfront.Distribution("raw", {
        enabled: true,
        origins: [{ originId: "s3", domainName: bucket.bucketRegionalDomainName }],
        defaultCacheBehavior: {
            targetOriginId: "s3",
            viewerProtocolPolicy: "allow-all",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn: edge.qualifiedArn }],
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
    });
}

describe("guardrails in the offline plan (tools/plan/guardrails.ts)", () => {
    it("finds every planted violation, each on the resource at fault", async () => {
        const run = await runProgram(insecureProgram, { stack: "prod" });
        const found = checkRun(run).map((v) => `${v.rule} ${v.name}`);
        expect(found).to.deep.equal([
            "s3-bucket-has-public-access-block loose",
            "s3-bucket-policy-denies-insecure-transport loose-policy",
            "cloudfront-no-plain-http-viewers raw",
            "cloudfront-s3-origins-use-oac raw",
            "s3-cloudfront-grants-scoped-by-source-arn loose-policy",
            "cloudfront-legacy-tls-only-when-marked raw",
            // The function is unpublished ($LATEST), in eu-west-1 and has environment variables.
            "lambda-edge-associated-functions raw",
            "lambda-edge-associated-functions edge",
            "lambda-edge-associated-functions edge",
            "lambda-edge-associated-functions edge",
            "prod-buckets-retained loose",
        ]);
        const text = renderGuardrails(checkRun(run));
        expect(text).to.match(/^Guardrails: 11 violation\(s\) of the policies in policy\/ \(11 mandatory, 0 advisory\):/);
        expect(text).to.include('[mandatory] cloudfront-no-plain-http-viewers: aws:cloudfront/distribution:Distribution "raw" defaultCacheBehavior.viewerProtocolPolicy is "allow-all"');
    });

    it("adapts recorded resources: exact options, the provider's region, dependencies, reads left out", async () => {
        const run = await runProgram(() => {
            insecureProgram();
            aws.s3.Bucket.get("adopted", "acme-existing");
        });
        const subjects = subjectsOfRun(run);
        expect(subjects.some((s) => s.name === "adopted" || s.type.startsWith("pulumi:"))).to.equal(false);
        const edge = subjects.find((s) => s.name === "edge")!;
        expect(edge.providerRegion).to.equal("eu-west-1");
        expect(subjects.find((s) => s.name === "loose")).to.deep.include({ options: { protect: false, retainOnDelete: false }, stack: "test" });
        const policy = subjects.find((s) => s.name === "loose-policy")!;
        expect(policy.propertyDependencies!.bucket).to.deep.equal([subjects.find((s) => s.name === "loose")!.urn]);
    });

    it("passes the dev and prod stacks as they are, in a run and in a preview (unknown values are not violations)", async () => {
        for (const stack of ["dev", "prod"]) {
            expect(checkRun(await runStack(stack)), stack).to.deep.equal([]);
        }
        const preview = await runStack("prod", undefined, { preview: true });
        expect(checkRun(preview)).to.deep.equal([]);
    });

    it("catches anonymous writes in a hand-written prod program: uploads in signed mode without a viewer authenticator (item 10)", async () => {
        const program = (viewerAuth?: boolean) => () => {
            const content = new PrivateOriginBucket("content", {});
            const authenticator = { viewerRequest: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:auth:1", readsAuthorizationHeader: false } };
            content.attachPolicy([new LegacyTlsFront("front", { origin: content, mode: "signed", uploads: true, viewerAuth: viewerAuth ? authenticator : undefined })]);
        };
        const open = checkRun(await runProgram(program(), { stack: "prod" }));
        expect(open.map((v) => `${v.rule} ${v.name}`)).to.deep.equal(["cloudfront-prod-no-anonymous-writes front-distribution"]);
        expect(open[0].message).to.match(/^defaultCacheBehavior accepts PUT, POST, PATCH, DELETE but authenticates no viewer .* origin access control front-oac signs every request/);
        expect(renderGuardrails(open)).to.include('[mandatory] cloudfront-prod-no-anonymous-writes: aws:cloudfront/distribution:Distribution "front-distribution"');
        // With an authenticator at the edge, or outside prod (where the front only warns), nothing is reported.
        expect(checkRun(await runProgram(program(true), { stack: "prod" }))).to.deep.equal([]);
        expect(checkRun(await runProgram(program(), { stack: "staging" }))).to.deep.equal([]);
        // In a preview the origin access control's ID is unknown; the dependency still ties it to the origin.
        expect(checkRun(await runProgram(program(), { stack: "prod", preview: true })).map((v) => v.rule)).to.deep.equal(["cloudfront-prod-no-anonymous-writes"]);
    });

    it("passes a front with a TlsAudit log bucket, Lake and queries in a prod stack", async () => {
        const run = await runProgram(
            () => {
                const audit = new TlsAudit("audit", { cloudTrailLogGroupNames: ["trail"], lake: {}, frontLogs: {} });
                const content = new PrivateOriginBucket("content", {});
                content.attachPolicy([new LegacyTlsFront("front", { origin: content, mode: "signed", accessLogging: audit.accessLogging })]);
            },
            { stack: "prod" },
        );
        expect(checkRun(run)).to.deep.equal([]);
    });
});

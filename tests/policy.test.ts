import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy, unknownCheckingProxy } from "@pulumi/policy";
import { buildBucketPolicy } from "../components/origin-access-policy";
import { POLICY_PACK_NAME, guardrailPolicies, stackOfUrn, subjectOfPolicyResource, subjectOfResourceArgs } from "../policy/policies";
import {
    GUARDRAIL_RULES,
    GuardrailRule,
    PolicySubject,
    ResourceType,
    UNKNOWN,
    checkAssociatedEdgeFunctions,
    checkBucketPolicyDeniesInsecureTransport,
    checkBucketsHavePublicAccessBlock,
    checkCloudFrontGrantsScoped,
    checkLegacyTlsMarked,
    checkNoAnonymousWrites,
    checkNoPlainHttpViewers,
    checkProdBucketRetained,
    checkPublicAccessBlockAllOn,
    checkS3OriginsUseOac,
    checkTaggedEdgeFunction,
    evaluateRules,
} from "../policy/rules";

// What the Pulumi engine passes for a value that is not known during a preview.
const ENGINE_UNKNOWN = pulumi.runtime.unknownValue;
const DISTRIBUTION_ARN = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE";
const BUCKET_ARN = "arn:aws:s3:::acme-content";

function subject(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PolicySubject> = {}): PolicySubject {
    return { type, name, urn: `urn:pulumi:${extra.stack ?? "dev"}::legacy-tls-front::${type}::${name}`, inputs, options: {}, stack: "dev", providerRegion: "eu-west-1", ...extra };
}

const bucket = (name: string, extra: Partial<PolicySubject> = {}) => subject(ResourceType.bucket, name, { bucket: name }, extra);

function publicAccessBlock(name: string, settings: Partial<Record<string, unknown>> = {}, extra: Partial<PolicySubject> = {}): PolicySubject {
    return subject(
        ResourceType.publicAccessBlock,
        name,
        { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...settings },
        extra,
    );
}

const bucketPolicy = (policy: unknown) => subject(ResourceType.bucketPolicy, "policy", { bucket: "acme-content", policy });

function distribution(overrides: Record<string, unknown> = {}, extra: Partial<PolicySubject> = {}): PolicySubject {
    return subject(
        ResourceType.distribution,
        "cdn",
        {
            origins: [{ originId: "s3", domainName: "acme-content.s3.eu-west-1.amazonaws.com", originAccessControlId: "E1OACEXAMPLE" }],
            defaultCacheBehavior: { targetOriginId: "s3", viewerProtocolPolicy: "redirect-to-https" },
            viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", minimumProtocolVersion: "TLSv1.2_2021", sslSupportMethod: "sni-only" },
            tags: {},
            ...overrides,
        },
        extra,
    );
}

function edgeFunction(inputs: Record<string, unknown>, extra: Partial<PolicySubject> = {}): PolicySubject {
    const arn = "arn:aws:lambda:us-east-1:123456789012:function:edge-auth";
    return subject(ResourceType.lambdaFunction, "edge-auth", { publish: true, tags: { "lambda-edge": "true" }, ...inputs }, {
        providerRegion: "us-east-1",
        state: { arn, qualifiedArn: `${arn}:3` },
        ...extra,
    });
}

describe("guardrail rules (policy/rules.ts)", () => {
    describe("s3-public-access-block-all-on", () => {
        it("passes a block with all four settings on and names each setting that is off", () => {
            expect(checkPublicAccessBlockAllOn(publicAccessBlock("ok"))).to.deep.equal([]);
            const [message] = checkPublicAccessBlockAllOn(publicAccessBlock("bad", { ignorePublicAcls: false, restrictPublicBuckets: undefined }));
            expect(message).to.equal(
                "ignorePublicAcls is false, restrictPublicBuckets is unset; all four settings (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets) must be true",
            );
        });

        it("does not judge a setting that is not known yet", () => {
            expect(checkPublicAccessBlockAllOn(publicAccessBlock("preview", { blockPublicPolicy: UNKNOWN }))).to.deep.equal([]);
        });
    });

    describe("s3-bucket-has-public-access-block", () => {
        it("ties a block to its bucket by dependency (names unknown) or by name, and reports the bucket without one", () => {
            const byDependency = bucket("a");
            const byName = bucket("acme-b");
            const orphan = bucket("acme-c");
            const findings = checkBucketsHavePublicAccessBlock([
                byDependency,
                byName,
                orphan,
                publicAccessBlock("a-pab", { bucket: UNKNOWN }, { propertyDependencies: { bucket: [byDependency.urn!] } }),
                publicAccessBlock("b-pab", { bucket: "acme-b" }),
            ]);
            expect(findings.map((f) => f.subject.name)).to.deep.equal(["acme-c"]);
            expect(findings[0].message).to.match(/has no BucketPublicAccessBlock/);
        });

        it("accepts an account-wide block with all four settings, but not a partial one", () => {
            const account = (settings: Record<string, unknown>) => ({ ...publicAccessBlock("account", settings), type: ResourceType.accountPublicAccessBlock });
            expect(checkBucketsHavePublicAccessBlock([bucket("acme-c"), account({})])).to.deep.equal([]);
            expect(checkBucketsHavePublicAccessBlock([bucket("acme-c"), account({ restrictPublicBuckets: false })])).to.have.length(1);
        });
    });

    describe("s3-bucket-policy-denies-insecure-transport", () => {
        it("passes the project's own bucket policy (object or JSON text)", () => {
            const policy = buildBucketPolicy({ bucketArn: BUCKET_ARN, grants: [] });
            expect(checkBucketPolicyDeniesInsecureTransport(bucketPolicy(policy))).to.deep.equal([]);
            expect(checkBucketPolicyDeniesInsecureTransport(bucketPolicy(JSON.stringify(policy)))).to.deep.equal([]);
        });

        it("matches the condition key case-insensitively, as IAM does", () => {
            const policy = { Statement: [{ Effect: "Deny", Principal: { AWS: "*" }, Action: ["s3:*"], Resource: "*", Condition: { bool: { "AWS:SECURETRANSPORT": false } } }] };
            expect(checkBucketPolicyDeniesInsecureTransport(bucketPolicy(policy))).to.deep.equal([]);
        });

        it("reports a policy without the deny, a deny of only some actions, and unreadable JSON", () => {
            const allowOnly = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` }] };
            expect(checkBucketPolicyDeniesInsecureTransport(bucketPolicy(allowOnly))[0]).to.match(/has no statement denying requests without TLS/);
            const narrow = { Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] };
            expect(checkBucketPolicyDeniesInsecureTransport(bucketPolicy(narrow))).to.have.length(1);
            expect(checkBucketPolicyDeniesInsecureTransport(bucketPolicy("{not json"))).to.deep.equal(["policy is not valid JSON"]);
            expect(checkBucketPolicyDeniesInsecureTransport(bucketPolicy(UNKNOWN))).to.deep.equal([]);
        });
    });

    describe("cloudfront-no-plain-http-viewers", () => {
        it("passes redirect-to-https and reports allow-all on the default and on an ordered behavior", () => {
            expect(checkNoPlainHttpViewers(distribution())).to.deep.equal([]);
            const bad = distribution({
                defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" },
                orderedCacheBehaviors: [{ pathPattern: "/img/*", viewerProtocolPolicy: "https-only" }, { pathPattern: "/old/*", viewerProtocolPolicy: "allow-all" }],
            });
            const messages = checkNoPlainHttpViewers(bad);
            expect(messages).to.have.length(2);
            expect(messages[0]).to.match(/^defaultCacheBehavior\.viewerProtocolPolicy is "allow-all"/);
            expect(messages[1]).to.match(/^orderedCacheBehaviors\[1\] \(\/old\/\*\)\.viewerProtocolPolicy is "allow-all".*allowed: "redirect-to-https" \| "https-only"/);
        });
    });

    describe("cloudfront-s3-origins-use-oac", () => {
        const origin = (o: Record<string, unknown>) => distribution({ origins: [{ originId: "s3", ...o }] });

        it("passes OAC (also while its ID is unknown) and non-S3 origins", () => {
            expect(checkS3OriginsUseOac(distribution())).to.deep.equal([]);
            expect(checkS3OriginsUseOac(origin({ domainName: "acme.s3.amazonaws.com", originAccessControlId: UNKNOWN }))).to.deep.equal([]);
            expect(checkS3OriginsUseOac(origin({ domainName: "api.example.com", customOriginConfig: {} }))).to.deep.equal([]);
        });

        it("reports an S3 origin without OAC and an origin access identity outside aws-cn", () => {
            expect(checkS3OriginsUseOac(origin({ domainName: "acme.s3.amazonaws.com" }))[0]).to.match(/^origins\[0\] \(acme\.s3\.amazonaws\.com\) is an S3 bucket reached without origin access control/);
            const oai = { domainName: "acme.s3.eu-west-1.amazonaws.com", s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1" } };
            expect(checkS3OriginsUseOac(origin(oai))[0]).to.match(/uses an origin access identity; use origin access control/);
        });

        it("allows an origin access identity in aws-cn, which has no OAC", () => {
            const cn = distribution(
                { origins: [{ originId: "s3", domainName: "acme.s3.cn-north-1.amazonaws.com.cn", s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1" } }] },
                { providerRegion: "cn-north-1" },
            );
            expect(checkS3OriginsUseOac(cn)).to.deep.equal([]);
        });

        it("refuses S3 website endpoints", () => {
            expect(checkS3OriginsUseOac(origin({ domainName: "acme.s3-website-eu-west-1.amazonaws.com", customOriginConfig: {} }))[0]).to.match(/website endpoint/);
        });
    });

    describe("s3-cloudfront-grants-scoped-by-source-arn", () => {
        it("passes the project's grant, scoped to one distribution", () => {
            const policy = buildBucketPolicy({ bucketArn: BUCKET_ARN, grants: [{ distributionArn: DISTRIBUTION_ARN, list: false, write: false }] });
            expect(checkCloudFrontGrantsScoped(bucketPolicy(policy))).to.deep.equal([]);
        });

        it("reports a grant without AWS:SourceArn and one scoped by a wildcard", () => {
            const grant = (condition?: Record<string, unknown>) => ({
                Statement: [{ Sid: "Read", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*`, Condition: condition }],
            });
            expect(checkCloudFrontGrantsScoped(bucketPolicy(grant()))).to.deep.equal([
                "statement Read allows cloudfront.amazonaws.com without an AWS:SourceArn condition; name the distribution ARN(s) in StringEquals",
            ]);
            const wildcard = grant({ StringLike: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/*" } });
            expect(checkCloudFrontGrantsScoped(bucketPolicy(wildcard))[0]).to.match(/scopes AWS:SourceArn with a wildcard/);
        });
    });

    describe("cloudfront-legacy-tls-only-when-marked", () => {
        const defaultCertificate = { cloudfrontDefaultCertificate: true };

        it("passes a legacy policy on a distribution tagged legacy-tls=true, and a modern policy untagged", () => {
            expect(checkLegacyTlsMarked(distribution({ viewerCertificate: defaultCertificate, tags: { "legacy-tls": "true" } }))).to.deep.equal([]);
            expect(checkLegacyTlsMarked(distribution())).to.deep.equal([]);
        });

        it("reports the default certificate (always TLSv1) and TLSv1_2016 without the marker", () => {
            expect(checkLegacyTlsMarked(distribution({ viewerCertificate: defaultCertificate }))[0]).to.match(
                /^admits TLS below 1\.2 with security policy TLSv1 \(the default \*\.cloudfront\.net certificate always uses it\) but is not tagged legacy-tls=true \(tag is unset\)/,
            );
            const custom = { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", minimumProtocolVersion: "TLSv1_2016" };
            expect(checkLegacyTlsMarked(distribution({ viewerCertificate: custom, tags: { "legacy-tls": "false" } }))[0]).to.match(/security policy TLSv1_2016 but is not tagged legacy-tls=true \(tag is "false"\)/);
        });

        it("names an unknown security policy and skips one not known yet", () => {
            const bad = { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", minimumProtocolVersion: "TLSv1.2_2099" };
            expect(checkLegacyTlsMarked(distribution({ viewerCertificate: bad }))[0]).to.match(/^viewer security policy "TLSv1\.2_2099" is not one of SSLv3 \| TLSv1 \|/);
            expect(checkLegacyTlsMarked(distribution({ viewerCertificate: { minimumProtocolVersion: UNKNOWN } }))).to.deep.equal([]);
        });
    });

    describe("lambda-edge-tagged-functions", () => {
        it("passes a published us-east-1 function without environment, and ignores untagged functions", () => {
            expect(checkTaggedEdgeFunction(edgeFunction({}))).to.deep.equal([]);
            expect(checkTaggedEdgeFunction(edgeFunction({ tags: {}, publish: false }, { providerRegion: "eu-west-1" }))).to.deep.equal([]);
        });

        it("reports the wrong region (provider or the resource's own region input), no publish, and environment variables", () => {
            const messages = checkTaggedEdgeFunction(edgeFunction({ publish: false, environment: { variables: { SECRET: "x" } } }, { providerRegion: "eu-west-1" }));
            expect(messages).to.have.length(3);
            expect(messages[0]).to.match(/in eu-west-1; Lambda@Edge functions must be created in us-east-1/);
            expect(messages[1]).to.match(/with publish false; CloudFront needs a numbered version/);
            expect(messages[2]).to.match(/with environment variables, which Lambda@Edge does not support/);
            expect(checkTaggedEdgeFunction(edgeFunction({ region: "eu-central-1" }))[0]).to.match(/in eu-central-1;/);
        });
    });

    describe("lambda-edge-associated-functions", () => {
        const association = (lambdaArn: unknown) => ({ defaultCacheBehavior: { viewerProtocolPolicy: "https-only", lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn }] } });

        it("passes an associated, compliant function referenced by version", () => {
            const fn = edgeFunction({ tags: {} });
            expect(checkAssociatedEdgeFunctions([fn, distribution(association(`${fn.state!.arn}:3`))])).to.deep.equal([]);
        });

        it("reports an untagged associated function in the wrong region and an association to $LATEST", () => {
            const fn = edgeFunction({ tags: {} }, { providerRegion: "eu-west-1" });
            const findings = checkAssociatedEdgeFunctions([fn, distribution(association(`${fn.state!.arn}:$LATEST`))]);
            expect(findings.map((f) => f.subject.type)).to.deep.equal([ResourceType.distribution, ResourceType.lambdaFunction]);
            expect(findings[0].message).to.match(/^defaultCacheBehavior\.lambdaFunctionAssociations\[0\]\.lambdaArn ".*:\$LATEST" is not a numbered version/);
            expect(findings[1].message).to.match(/^is a Lambda@Edge function \(associated with distribution cdn\) in eu-west-1;/);
        });

        it("finds the function by dependency while its ARN is unknown (preview)", () => {
            const fn = edgeFunction({ tags: {}, publish: false }, { state: undefined });
            const cdn = distribution(association(UNKNOWN), { propertyDependencies: { defaultCacheBehavior: [fn.urn!] } });
            expect(checkAssociatedEdgeFunctions([fn, cdn]).map((f) => f.subject.name)).to.deep.equal(["edge-auth"]);
        });
    });

    describe("prod-buckets-retained", () => {
        it("passes protected or retained prod buckets and any dev bucket", () => {
            expect(checkProdBucketRetained(bucket("b", { stack: "prod", options: { protect: false, retainOnDelete: true } }))).to.deep.equal([]);
            expect(checkProdBucketRetained(bucket("b", { stack: "prod", options: { protect: true } }))).to.deep.equal([]);
            expect(checkProdBucketRetained(bucket("b", { stack: "dev", options: { protect: false, retainOnDelete: false } }))).to.deep.equal([]);
        });

        it("reports a prod bucket by stack name or by environment tag, and says protect is needed where retainOnDelete is invisible", () => {
            const byStack = checkProdBucketRetained(bucket("b", { stack: "prod", options: { protect: false, retainOnDelete: false } }));
            expect(byStack).to.deep.equal(['is a prod bucket (stack "prod", tag environment=unset) with neither protect nor retainOnDelete']);
            const byTag = subject(ResourceType.bucket, "b", { tags: { environment: "prod" } }, { stack: "blue", options: { protect: false } });
            expect(checkProdBucketRetained(byTag)[0]).to.match(/tag environment="prod"\) with neither protect nor retainOnDelete \(policy packs cannot see retainOnDelete, so set protect: true\)/);
        });
    });

    describe("cloudfront-prod-no-anonymous-writes", () => {
        const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
        const oac = (signingBehavior: unknown, extra: Partial<PolicySubject> = {}) =>
            subject(ResourceType.originAccessControl, "front-oac", { signingBehavior, signingProtocol: "sigv4", originAccessControlOriginType: "s3" }, {
                state: { id: "E1OACEXAMPLE", signingBehavior },
                ...extra,
            });
        const writable = (behavior: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}, extra: Partial<PolicySubject> = {}) =>
            distribution(
                {
                    defaultCacheBehavior: { targetOriginId: "s3", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ALL_METHODS, ...behavior },
                    tags: { environment: "prod" },
                    ...overrides,
                },
                extra,
            );

        it("reports a prod distribution whose origin access control signs writes no viewer was authenticated for", () => {
            const findings = checkNoAnonymousWrites([oac("always"), writable()]);
            expect(findings.map((f) => f.subject.name)).to.deep.equal(["cdn"]);
            expect(findings[0].message).to.equal(
                "defaultCacheBehavior accepts PUT, POST, PATCH, DELETE but authenticates no viewer (no viewer-request function, no trusted key groups), " +
                    'and origin access control front-oac signs every request to origin s3 (signingBehavior "always"): in prod anyone could write to the bucket; ' +
                    'authenticate viewers on this behavior, or let S3 check the uploader\'s own signature (signingBehavior "never")',
            );
            // no-override signs every request that comes without an Authorization header: anonymous ones.
            expect(checkNoAnonymousWrites([oac("no-override"), writable()])).to.have.length(1);
        });

        it("passes writes behind a viewer-request function or trusted key groups, read-only behaviors, and origins CloudFront does not sign", () => {
            const edge = [{ eventType: "viewer-request", lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:auth:1" }];
            expect(checkNoAnonymousWrites([oac("always"), writable({ lambdaFunctionAssociations: edge })])).to.deep.equal([]);
            expect(checkNoAnonymousWrites([oac("always"), writable({ trustedKeyGroups: ["kg-1"] })])).to.deep.equal([]);
            expect(checkNoAnonymousWrites([oac("always"), writable({ allowedMethods: ["GET", "HEAD"] })])).to.deep.equal([]);
            expect(checkNoAnonymousWrites([oac("never"), writable()])).to.deep.equal([]);
            // A CloudFront Function on viewer requests may authenticate; the front's directory-index rewrite does not.
            const cfFunction = (name: string) => [{ eventType: "viewer-request", functionArn: `arn:aws:cloudfront::123456789012:function/${name}` }];
            expect(checkNoAnonymousWrites([oac("always"), writable({ functionAssociations: cfFunction("jwt-check") })])).to.deep.equal([]);
            expect(checkNoAnonymousWrites([oac("always"), writable({ functionAssociations: cfFunction("front-dir-index-0a1b2c3d") })])).to.have.length(1);
            // A function on the response does not authenticate the request.
            const response = [{ eventType: "origin-response", lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:headers:1" }];
            expect(checkNoAnonymousWrites([oac("always"), writable({ lambdaFunctionAssociations: response })])).to.have.length(1);
        });

        it("judges only prod (stack name or environment tag) and never what is not known yet", () => {
            expect(checkNoAnonymousWrites([oac("always"), writable({}, { tags: { environment: "dev" } })])).to.deep.equal([]);
            expect(checkNoAnonymousWrites([oac("always"), writable({}, { tags: {} }, { stack: "prod" })])).to.have.length(1);
            expect(checkNoAnonymousWrites([oac("always"), writable({ allowedMethods: UNKNOWN })])).to.deep.equal([]);
            expect(checkNoAnonymousWrites([oac("always"), writable({ lambdaFunctionAssociations: UNKNOWN })])).to.deep.equal([]);
            expect(checkNoAnonymousWrites([oac(UNKNOWN), writable()])).to.deep.equal([]);
            // Without the origin access control in the stack, nothing proves that CloudFront signs.
            expect(checkNoAnonymousWrites([writable()])).to.deep.equal([]);
        });

        it("finds the origin access control by dependency while IDs are unknown, and counts an origin access identity as signing", () => {
            const control = oac("always", { state: undefined, inputs: { signingBehavior: "always" } });
            const preview = writable({}, { origins: [{ originId: "s3", domainName: UNKNOWN, originAccessControlId: UNKNOWN }] }, { propertyDependencies: { origins: [control.urn!] } });
            expect(checkNoAnonymousWrites([control, preview])).to.have.length(1);
            const oai = writable({}, { origins: [{ originId: "s3", domainName: "acme.s3.cn-north-1.amazonaws.com.cn", s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1" } }] });
            expect(checkNoAnonymousWrites([oai])[0].message).to.match(/and origin access identity origin-access-identity\/cloudfront\/E1 signs every request to origin s3:/);
        });

        it("judges each ordered behavior on its own", () => {
            const edge = [{ eventType: "viewer-request", lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:auth:1" }];
            const cdn = writable({ lambdaFunctionAssociations: edge }, {
                orderedCacheBehaviors: [
                    { pathPattern: "/downloads/*", targetOriginId: "s3", allowedMethods: ALL_METHODS, trustedKeyGroups: ["kg-1"] },
                    { pathPattern: "/upload/*", targetOriginId: "s3", allowedMethods: ALL_METHODS },
                ],
            });
            expect(checkNoAnonymousWrites([oac("always"), cdn]).map((f) => f.message.split(" accepts")[0])).to.deep.equal(["orderedCacheBehaviors[1] (/upload/*)"]);
        });
    });

    it("runs every rule through evaluateRules, attributing violations to resources", () => {
        const violations = evaluateRules([bucket("acme-c", { stack: "prod" }), distribution({ defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" } })]);
        expect(violations.map((v) => `${v.rule}:${v.name}`)).to.deep.equal([
            "s3-bucket-has-public-access-block:acme-c",
            "cloudfront-no-plain-http-viewers:cdn",
            "prod-buckets-retained:acme-c",
        ]);
        expect(violations.every((v) => v.enforcementLevel === "mandatory")).to.equal(true);
        expect(new Set(GUARDRAIL_RULES.map((r) => r.name)).size).to.equal(GUARDRAIL_RULES.length);
    });
});

// ---------------------------------------------------------------------------------------------

// Engine-shaped arguments, with properties behind @pulumi/policy's own unknown-checking proxy.
function resourceArgs(s: PolicySubject, rawProps: Record<string, unknown>): ResourceValidationArgs {
    return {
        type: s.type,
        name: s.name,
        urn: s.urn!,
        props: unknownCheckingProxy(rawProps),
        opts: { protect: s.options.protect ?? false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        provider: s.providerRegion
            ? { type: "pulumi:providers:aws", name: "default", urn: "urn:pulumi:dev::p::pulumi:providers:aws::default", props: unknownCheckingProxy({ region: s.providerRegion }) }
            : undefined,
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: () => {
            throw new Error("not applicable");
        },
    };
}

function stackArgs(subjects: PolicySubject[]): StackValidationArgs {
    const resources: PolicyResource[] = subjects.map((s) => ({ ...(resourceArgs(s, { ...s.inputs, ...s.state }) as any), dependencies: [], propertyDependencies: {} }));
    subjects.forEach((s, i) => {
        for (const [key, urns] of Object.entries(s.propertyDependencies ?? {})) {
            resources[i].propertyDependencies[key] = resources.filter((r) => urns.includes(r.urn));
        }
    });
    return { resources, stackTags: new Map(), getConfig: <T extends object>() => ({}) as T, notApplicable: () => { throw new Error("not applicable"); } };
}

function reported(run: (report: (message: string, urn?: string) => void) => void): Array<{ message: string; urn?: string }> {
    const out: Array<{ message: string; urn?: string }> = [];
    run((message, urn) => out.push({ message, urn }));
    return out;
}

// A violating set of resources per rule; the policy must report exactly what the rule returns.
const VIOLATIONS: Record<string, PolicySubject[]> = {
    "s3-public-access-block-all-on": [publicAccessBlock("pab", { blockPublicAcls: false })],
    "s3-bucket-has-public-access-block": [bucket("acme-c")],
    "s3-bucket-policy-denies-insecure-transport": [bucketPolicy({ Statement: [] })],
    "cloudfront-no-plain-http-viewers": [distribution({ defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" } })],
    "cloudfront-s3-origins-use-oac": [distribution({ origins: [{ originId: "s3", domainName: "acme.s3.amazonaws.com" }] })],
    "s3-cloudfront-grants-scoped-by-source-arn": [bucketPolicy({ Statement: [{ Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "*" }] })],
    "cloudfront-legacy-tls-only-when-marked": [distribution({ viewerCertificate: { cloudfrontDefaultCertificate: true } })],
    "lambda-edge-tagged-functions": [edgeFunction({ publish: false }, { providerRegion: "eu-west-1" })],
    "lambda-edge-associated-functions": [
        edgeFunction({ tags: {} }, { providerRegion: "eu-west-1" }),
        distribution({ defaultCacheBehavior: { viewerProtocolPolicy: "https-only", lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3" }] } }),
    ],
    "prod-buckets-retained": [bucket("b", { stack: "prod", urn: "urn:pulumi:prod::legacy-tls-front::aws:s3/bucket:Bucket::b", options: { protect: false } })],
    "cloudfront-prod-no-anonymous-writes": [
        subject(ResourceType.originAccessControl, "front-oac", { signingBehavior: "always" }, { state: { id: "E1OACEXAMPLE", signingBehavior: "always" } }),
        distribution({
            defaultCacheBehavior: { targetOriginId: "s3", viewerProtocolPolicy: "https-only", allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"] },
            tags: { environment: "prod" },
        }),
    ],
};

function runPolicy(rule: GuardrailRule, subjects: PolicySubject[]): Array<{ message: string; urn?: string }> {
    const policy = guardrailPolicies.find((p) => p.name === rule.name)!;
    if (rule.kind === "stack") {
        const validate = (policy as StackValidationPolicy).validateStack;
        return reported((report) => validate(stackArgs(subjects), report));
    }
    const validate = (policy as ResourceValidationPolicy).validateResource as (args: ResourceValidationArgs, report: (m: string) => void) => void;
    return subjects.flatMap((s) => reported((report) => validate(resourceArgs(s, s.inputs as Record<string, unknown>), report)));
}

describe(`policy pack ${POLICY_PACK_NAME} (policy/policies.ts)`, () => {
    it("has one policy per rule, with the rule's name, level and kind", () => {
        expect(guardrailPolicies.map((p) => p.name)).to.deep.equal(GUARDRAIL_RULES.map((r) => r.name));
        GUARDRAIL_RULES.forEach((rule, i) => {
            expect(guardrailPolicies[i].enforcementLevel).to.equal(rule.enforcementLevel);
            expect(typeof (guardrailPolicies[i] as any)[rule.kind === "stack" ? "validateStack" : "validateResource"], rule.name).to.equal("function");
        });
    });

    for (const rule of GUARDRAIL_RULES) {
        it(`${rule.name}: reports exactly what the rule finds, and nothing for compliant resources`, () => {
            const subjects = VIOLATIONS[rule.name];
            const expected =
                rule.kind === "stack"
                    ? rule.check(subjects).map((f) => ({ message: `${f.subject.type} "${f.subject.name}" ${f.message}`, urn: f.subject.urn }))
                    : subjects.flatMap((s) => rule.check(s).map((message) => ({ message, urn: undefined })));
            expect(expected, "fixture violates the rule").to.not.have.length(0);
            expect(runPolicy(rule, subjects)).to.deep.equal(expected);
        });
    }

    it("passes the compliant counterparts through the pack", () => {
        const compliant = [publicAccessBlock("pab", { bucket: "acme-ok" }), bucket("acme-ok"), distribution({ tags: { "legacy-tls": "false" } }), edgeFunction({})];
        for (const rule of GUARDRAIL_RULES) expect(runPolicy(rule, compliant), rule.name).to.deep.equal([]);
    });

    it("turns values unknown during preview into UNKNOWN instead of failing the policy", () => {
        const pab = publicAccessBlock("pab");
        const args = resourceArgs(pab, { ...pab.inputs, bucket: ENGINE_UNKNOWN, blockPublicAcls: ENGINE_UNKNOWN });
        const converted = subjectOfResourceArgs(args);
        expect(converted.inputs.bucket).to.equal(UNKNOWN);
        expect(converted.inputs.blockPublicAcls).to.equal(UNKNOWN);
        expect(converted).to.include({ stack: "dev", providerRegion: "eu-west-1", name: "pab" });
        expect(converted.options).to.deep.equal({ protect: false });
        const rule = GUARDRAIL_RULES.find((r) => r.name === "s3-public-access-block-all-on")!;
        expect(runPolicy(rule, [{ ...pab, inputs: { ...pab.inputs, bucket: ENGINE_UNKNOWN, blockPublicAcls: ENGINE_UNKNOWN } }])).to.deep.equal([]);
        expect(runPolicy(rule, [{ ...pab, inputs: { ...pab.inputs, blockPublicAcls: false } }])).to.have.length(1);
    });

    it("reads the stack from the URN and dependencies from the stack's resources", () => {
        expect(stackOfUrn("urn:pulumi:prod::legacy-tls-front::aws:s3/bucket:Bucket::content-bucket")).to.equal("prod");
        const b = bucket("a");
        const args = stackArgs([b, publicAccessBlock("pab", {}, { propertyDependencies: { bucket: [b.urn!] } })]);
        expect(subjectOfPolicyResource(args.resources[1]).propertyDependencies).to.deep.equal({ bucket: [b.urn] });
    });
});

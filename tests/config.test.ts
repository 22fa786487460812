import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as YAML from "yaml";
import { Issue, ValidationError, formatIssue } from "../components/validation";
import { ConfigError, RawStackConfig, parseStackConfig } from "../stacks/config";

// A raw config whose sections can be mutated freely by a test case.
interface MutableRaw {
    project: string;
    stack: string;
    awsRegion: unknown;
    values: Record<string, any>;
}

// Pulumi.dev.yaml, values already parsed.
function devRaw(): MutableRaw {
    return {
        project: "legacy-tls-front",
        stack: "dev",
        awsRegion: "eu-west-1",
        values: {
            environment: "dev",
            content: { mode: "signed", uploads: false, listBucket: false },
            bucket: { protect: false, forceDestroy: true, noncurrentVersionExpirationDays: 7 },
            front: { priceClass: "PriceClass_100" },
            tags: { owner: "platform-team" },
        },
    };
}

// Pulumi.prod.yaml, values already parsed.
function prodRaw(): MutableRaw {
    return {
        project: "legacy-tls-front",
        stack: "prod",
        awsRegion: "eu-central-1",
        values: {
            environment: "prod",
            content: { mode: "signed", uploads: false, listBucket: true },
            bucket: {
                bucketName: "acme-legacy-content-prod",
                encryption: "sse-kms",
                noncurrentVersionExpirationDays: 365,
                noncurrentVersionTransitions: [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 90, storageClass: "GLACIER_IR" },
                ],
                accessLogBucket: "acme-s3-access-logs-prod",
            },
            front: {
                domainNames: ["legacy.example.com"],
                hostedZoneId: "Z0123456789ABCDEFGHIJ",
                minimumTlsVersion: "TLSv1_2016",
                sslSupportMethod: "sni-only",
                viewerProtocolPolicy: "redirect-to-https",
                priceClass: "PriceClass_All",
                accessLogBucket: "acme-cloudfront-logs-prod.s3.amazonaws.com",
                defaultRootObject: "index.html",
            },
            // Prod refuses mode signed without viewer authentication (or content.public: true).
            auth: { tokenUse: "access", requiredGroups: ["subscribers"], cookieName: "content-token" },
            tags: { owner: "platform-team", "cost-center": "content-delivery" },
        },
    };
}

// A valid aws-cn stack: custom domain with an IAM server certificate, as CloudFront in China requires.
function chinaRaw(): MutableRaw {
    return {
        project: "legacy-tls-front",
        stack: "china",
        awsRegion: "cn-north-1",
        values: {
            environment: "staging",
            content: { mode: "signed" },
            front: { domainNames: ["legacy.example.cn"], iamCertificateId: "ASCAEXAMPLEIAMCERTID" },
        },
    };
}

function issuesOf(raw: MutableRaw): Issue[] {
    const result = parseStackConfig(raw as RawStackConfig);
    expect(result.config, "an invalid config must not produce a typed config").to.equal(undefined);
    return result.issues;
}

function describeIssues(issues: readonly Issue[]): string {
    return issues.map(formatIssue).join("\n");
}

describe("parseStackConfig", () => {
    describe("valid configs", () => {
        it("parses the prod config into typed values with protection forced on", () => {
            const result = parseStackConfig(prodRaw() as RawStackConfig);
            expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
            expect(result.config).to.deep.equal({
                project: "legacy-tls-front",
                stack: "prod",
                region: "eu-central-1",
                partition: "aws",
                environment: "prod",
                content: { mode: "signed", uploads: false, listBucket: true, public: false },
                bucket: {
                    existingBucketName: undefined,
                    bucketName: "acme-legacy-content-prod",
                    encryption: "sse-kms",
                    kmsKeyArn: undefined,
                    noncurrentVersionExpirationDays: 365,
                    noncurrentVersionTransitions: [
                        { days: 30, storageClass: "STANDARD_IA" },
                        { days: 90, storageClass: "GLACIER_IR" },
                    ],
                    accessLogBucket: "acme-s3-access-logs-prod",
                    protect: true,
                    forceDestroy: false,
                },
                front: {
                    domainNames: ["legacy.example.com"],
                    hostedZoneId: "Z0123456789ABCDEFGHIJ",
                    certificateArn: undefined,
                    iamCertificateId: undefined,
                    minimumTlsVersion: "TLSv1_2016",
                    sslSupportMethod: "sni-only",
                    clients: [],
                    viewerProtocolPolicy: "redirect-to-https",
                    priceClass: "PriceClass_All",
                    httpVersion: "http2and3",
                    webAclArn: undefined,
                    accessLogBucket: "acme-cloudfront-logs-prod.s3.amazonaws.com",
                    defaultRootObject: "index.html",
                    geoRestriction: undefined,
                },
                auth: {
                    existingUserPoolId: undefined,
                    clientIds: [],
                    tokenUse: "access",
                    requiredGroups: ["subscribers"],
                    cookieName: "content-token",
                    tokenSources: undefined,
                    clockSkewSeconds: undefined,
                    realm: undefined,
                    subjectHeader: undefined,
                    callbackUrls: [],
                    selfSignUp: false,
                },
                tags: {
                    owner: "platform-team",
                    "cost-center": "content-delivery",
                    project: "legacy-tls-front",
                    stack: "prod",
                    environment: "prod",
                },
            });
        });

        it("parses the dev config: throwaway bucket, defaults for everything else", () => {
            const result = parseStackConfig(devRaw() as RawStackConfig);
            expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
            const config = result.config!;
            expect(config.region).to.equal("eu-west-1");
            expect(config.partition).to.equal("aws");
            expect(config.environment).to.equal("dev");
            expect(config.content).to.deep.equal({ mode: "signed", uploads: false, listBucket: false, public: false });
            expect(config.bucket).to.deep.equal({
                existingBucketName: undefined,
                bucketName: undefined,
                encryption: "sse-s3",
                kmsKeyArn: undefined,
                noncurrentVersionExpirationDays: 7,
                noncurrentVersionTransitions: [],
                accessLogBucket: undefined,
                protect: false,
                forceDestroy: true,
            });
            expect(config.front.domainNames).to.deep.equal([]);
            expect(config.front.minimumTlsVersion).to.equal(undefined);
            expect(config.front.priceClass).to.equal("PriceClass_100");
            expect(config.front.viewerProtocolPolicy).to.equal("redirect-to-https");
            expect(config.front.httpVersion).to.equal("http2and3");
            expect(config.tags).to.deep.equal({
                owner: "platform-team",
                project: "legacy-tls-front",
                stack: "dev",
                environment: "dev",
            });
        });

        it("derives partition aws-cn from a cn- region", () => {
            const result = parseStackConfig(chinaRaw() as RawStackConfig);
            expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
            expect(result.config!.region).to.equal("cn-north-1");
            expect(result.config!.partition).to.equal("aws-cn");
            expect(result.config!.front.iamCertificateId).to.equal("ASCAEXAMPLEIAMCERTID");
        });

        it("takes the environment from a stack named after one, and protects only prod by default", () => {
            const staging = devRaw();
            staging.stack = "staging";
            delete staging.values.environment;
            delete staging.values.bucket;
            const s = parseStackConfig(staging as RawStackConfig);
            expect(s.issues, describeIssues(s.issues)).to.deep.equal([]);
            expect(s.config!.environment).to.equal("staging");
            expect(s.config!.bucket.protect).to.equal(false);
            expect(s.config!.bucket.forceDestroy).to.equal(false);

            const prod = prodRaw();
            delete prod.values.environment;
            delete prod.values.bucket;
            const p = parseStackConfig(prod as RawStackConfig);
            expect(p.issues, describeIssues(p.issues)).to.deep.equal([]);
            expect(p.config!.environment).to.equal("prod");
            expect(p.config!.bucket.protect).to.equal(true);
        });

        it("accepts any stack name when the environment is given", () => {
            const raw = devRaw();
            raw.stack = "feature-x";
            const result = parseStackConfig(raw as RawStackConfig);
            expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
            expect(result.config!.environment).to.equal("dev");
            expect(result.config!.tags.stack).to.equal("feature-x");
        });

        for (const stack of ["dev", "prod"]) {
            it(`parses the real Pulumi.${stack}.yaml with no issues`, () => {
                const root = path.join(__dirname, "..");
                const project = (YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name: string }).name;
                expect(project).to.equal("legacy-tls-front");
                const file = path.join(root, `Pulumi.${stack}.yaml`);
                const doc = YAML.parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
                const values: Record<string, unknown> = {};
                for (const [key, value] of Object.entries(doc.config)) {
                    if (key.startsWith(`${project}:`)) values[key.slice(project.length + 1)] = value;
                }
                expect(values).to.have.property("content");
                const result = parseStackConfig({ project, stack, awsRegion: doc.config["aws:region"], values });
                expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
                expect(result.config!.environment).to.equal(stack);
            });
        }
    });

    describe("invalid configs", () => {
        const ACM_US_EAST_1 = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
        const cases: {
            name: string;
            base: () => MutableRaw;
            mutate: (raw: MutableRaw) => void;
            path: string;
            message: RegExp;
        }[] = [
            {
                name: "bad mode",
                base: devRaw,
                mutate: (r) => (r.values.content.mode = "sign"),
                path: "content.mode",
                message: /^content\.mode: "sign" is not one of signed \| unsigned \| presigned$/,
            },
            {
                name: "missing mode",
                base: devRaw,
                mutate: (r) => delete r.values.content.mode,
                path: "content.mode",
                message: /^content\.mode: \(missing\) is required; allowed: signed \| unsigned \| presigned$/,
            },
            {
                name: "missing content section (so no mode)",
                base: devRaw,
                mutate: (r) => delete r.values.content,
                path: "content.mode",
                message: /^content\.mode: \(missing\) is required; allowed: signed \| unsigned \| presigned$/,
            },
            {
                name: "unknown top-level key (typo)",
                base: devRaw,
                mutate: (r) => (r.values.conten = { mode: "signed" }),
                path: "conten",
                message:
                    /^conten: \{"mode":"signed"\} is not a known key of legacy-tls-front \(did you mean content\?\); known keys: environment, content, bucket, front, auth, signing, api, audit, tags$/,
            },
            {
                name: "unknown key inside a section",
                base: prodRaw,
                mutate: (r) => (r.values.front.minimumTlsVerison = "TLSv1"),
                path: "front.minimumTlsVerison",
                message: /^front\.minimumTlsVerison: "TLSv1" is not a known key \(did you mean minimumTlsVersion\?\); known keys: domainNames, .*minimumTlsVersion, /,
            },
            {
                name: "bad aws:region",
                base: devRaw,
                mutate: (r) => (r.awsRegion = "europe-west1"),
                path: "aws:region",
                message: /^aws:region: "europe-west1" is not an AWS region; allowed: af-south-1 \| .* \| cn-north-1 \| cn-northwest-1$/,
            },
            {
                name: "missing aws:region",
                base: devRaw,
                mutate: (r) => (r.awsRegion = undefined),
                path: "aws:region",
                message: /^aws:region: \(missing\) is not an AWS region; allowed: af-south-1 \| /,
            },
            {
                name: "missing environment for a stack not named after one",
                base: devRaw,
                mutate: (r) => {
                    r.stack = "feature-x";
                    delete r.values.environment;
                },
                path: "environment",
                message:
                    /^environment: \(missing\) is required for stack "feature-x" .*allowed: dev \| test \| staging \| prod$/,
            },
            {
                name: "an auth token in the Authorization header of unsigned mode",
                base: devRaw,
                mutate: (r) => {
                    r.values.content = { mode: "unsigned" };
                    r.values.auth = { tokenUse: "access" };
                },
                path: "auth.tokenSources",
                message: /^auth\.tokenSources: .* reads the Authorization header, but frontMode "unsigned" cannot allow that/,
            },
            {
                name: "signed paths in a mode where S3 checks the viewer's signature",
                base: devRaw,
                mutate: (r) => {
                    r.values.content = { mode: "presigned" };
                    r.values.signing = { pathPatterns: ["/downloads/*"] };
                },
                path: "signing",
                message: /^signing: "\(set\)" only applies in mode "signed"/,
            },
            {
                name: "a bad signed path pattern",
                base: devRaw,
                mutate: (r) => (r.values.signing = { pathPatterns: ["/down loads/*"] }),
                path: "signing.pathPatterns[0]",
                message: /^signing\.pathPatterns\[0\]: "\/down loads\/\*" is not a CloudFront path pattern/,
            },
            {
                name: "an API in one region",
                base: devRaw,
                mutate: (r) => (r.values.api = { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", regions: ["eu-west-1"] }),
                path: "api.regions",
                message: /^api\.regions: \["eu-west-1"\] must list at least two regions/,
            },
            {
                name: "audit front logs next to an access log bucket of the front's own",
                base: prodRaw,
                mutate: (r) => {
                    r.values.front = { ...(r.values.front as object), accessLogBucket: "logs.s3.amazonaws.com" };
                    r.values.audit = { frontLogs: true };
                },
                path: "audit.frontLogs",
                message: /^audit\.frontLogs: true cannot be combined with front\.accessLogBucket \("logs\.s3\.amazonaws\.com"\)/,
            },
            {
                name: "a plain-http callback URL of the created app client",
                base: devRaw,
                mutate: (r) => (r.values.auth = { callbackUrls: ["http://app.example.com/callback"] }),
                path: "auth.callbackUrls[0]",
                message: /^auth\.callbackUrls\[0\]: "http:\/\/app\.example\.com\/callback" is not an absolute https URL/,
            },
            {
                name: "an existing pool without the clients to accept",
                base: devRaw,
                mutate: (r) => (r.values.auth = { existingUserPoolId: "eu-west-1_AbCdEf123" }),
                path: "auth.clientIds",
                message: /^auth\.clientIds: \[\] is required with auth\.existingUserPoolId \(this stack creates no app client in a pool it does not own\)/,
            },
            {
                name: "an existing pool in China, which has no Lambda@Edge",
                base: devRaw,
                mutate: (r) => (r.values.auth = { existingUserPoolId: "cn-north-1_AbCdEf123", clientIds: ["7ag1mobileclient000000000"] }),
                path: "auth.existingUserPoolId",
                message: /^auth\.existingUserPoolId: "cn-north-1" is in aws-cn, which has no Lambda@Edge$/,
            },
            {
                name: "auth in an aws-cn stack",
                base: chinaRaw,
                mutate: (r) => (r.values.auth = { tokenUse: "access" }),
                path: "aws:region",
                message: /^aws:region: "cn-north-1" has no Lambda@Edge/,
            },
            {
                name: "audit buckets a protected bucket section would let destroy delete",
                base: devRaw,
                mutate: (r) => {
                    r.values.bucket = { protect: true, forceDestroy: true };
                    r.values.audit = { frontLogs: true };
                },
                // The audit follows the bucket section's protection, so its issue names that key.
                path: "bucket.forceDestroy",
                message: /^bucket\.forceDestroy: true is only allowed with protect: false \(protected audit data is kept on destroy\)$/,
            },
            {
                name: "an unknown auth key",
                base: devRaw,
                mutate: (r) => (r.values.auth = { tokenUse: "access", groups: ["x"] }),
                path: "auth.groups",
                message: /^auth\.groups: \["x"\] is not a known key; known keys: existingUserPoolId, clientIds, tokenUse, requiredGroups/,
            },
            {
                name: "an environment that contradicts a stack named after one",
                base: prodRaw,
                mutate: (r) => {
                    r.values.environment = "dev";
                    r.values.bucket = { ...(r.values.bucket as object), protect: false };
                },
                path: "environment",
                message: /^environment: "dev" contradicts the stack name "prod"; allowed: prod \(or leave it out\)$/,
            },
            {
                name: "bad environment",
                base: devRaw,
                mutate: (r) => (r.values.environment = "production"),
                path: "environment",
                message: /^environment: "production" is not one of dev \| test \| staging \| prod$/,
            },
            {
                name: "prod with bucket.forceDestroy true",
                base: prodRaw,
                mutate: (r) => (r.values.bucket.forceDestroy = true),
                path: "bucket.forceDestroy",
                message: /^bucket\.forceDestroy: true is not allowed when environment is prod \(allowed: false\)$/,
            },
            {
                name: "prod with bucket.protect false",
                base: prodRaw,
                mutate: (r) => (r.values.bucket.protect = false),
                path: "bucket.protect",
                message: /^bucket\.protect: false cannot be false when environment is prod/,
            },
            {
                name: "non-prod forceDestroy with protect true",
                base: devRaw,
                mutate: (r) => (r.values.bucket.protect = true),
                path: "bucket.forceDestroy",
                message: /^bucket\.forceDestroy: true is only allowed with protect: false/,
            },
            {
                name: "uploads not a boolean",
                base: devRaw,
                mutate: (r) => (r.values.content.uploads = "yes"),
                path: "content.uploads",
                message: /^content\.uploads: "yes" is not a boolean \(true \| false\)$/,
            },
            {
                name: "bad encryption",
                base: prodRaw,
                mutate: (r) => (r.values.bucket.encryption = "aes256"),
                path: "bucket.encryption",
                message: /^bucket\.encryption: "aes256" is not one of sse-s3 \| sse-kms$/,
            },
            {
                name: "kmsKeyArn without sse-kms",
                base: devRaw,
                mutate: (r) => (r.values.bucket.kmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/abcd"),
                path: "bucket.kmsKeyArn",
                message: /^bucket\.kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key\/abcd" is only used with encryption "sse-kms"$/,
            },
            {
                name: "negative noncurrentVersionExpirationDays",
                base: devRaw,
                mutate: (r) => (r.values.bucket.noncurrentVersionExpirationDays = -1),
                path: "bucket.noncurrentVersionExpirationDays",
                message: /^bucket\.noncurrentVersionExpirationDays: -1 is not a whole number from 0 to 36500$/,
            },
            {
                name: "noncurrentVersionExpirationDays not a number",
                base: devRaw,
                mutate: (r) => (r.values.bucket.noncurrentVersionExpirationDays = "7"),
                path: "bucket.noncurrentVersionExpirationDays",
                message: /^bucket\.noncurrentVersionExpirationDays: "7" is not a number$/,
            },
            {
                name: "transition to an unknown storage class",
                base: prodRaw,
                mutate: (r) => (r.values.bucket.noncurrentVersionTransitions[1].storageClass = "GLACIER_INSTANT"),
                path: "bucket.noncurrentVersionTransitions[1].storageClass",
                message:
                    /^bucket\.noncurrentVersionTransitions\[1\]\.storageClass: "GLACIER_INSTANT" is not one of STANDARD_IA \| ONEZONE_IA \| INTELLIGENT_TIERING \| GLACIER_IR \| GLACIER \| DEEP_ARCHIVE$/,
            },
            {
                name: "transition days not before expiration",
                base: prodRaw,
                mutate: (r) => (r.values.bucket.noncurrentVersionTransitions[1].days = 365),
                path: "bucket.noncurrentVersionTransitions[1].days",
                message:
                    /^bucket\.noncurrentVersionTransitions\[1\]\.days: 365 must be less than noncurrentVersionExpirationDays \(365\)/,
            },
            {
                name: "transitions not a list of objects",
                base: prodRaw,
                mutate: (r) => (r.values.bucket.noncurrentVersionTransitions = ["STANDARD_IA"]),
                path: "bucket.noncurrentVersionTransitions",
                message: /^bucket\.noncurrentVersionTransitions: \["STANDARD_IA"\] is not a list of objects$/,
            },
            {
                name: "bad bucket name",
                base: prodRaw,
                mutate: (r) => (r.values.bucket.bucketName = "Acme_Legacy"),
                path: "bucket.bucketName",
                message: /^bucket\.bucketName: "Acme_Legacy" is not a valid S3 bucket name \(3-63 characters/,
            },
            {
                name: "both bucketName and existingBucketName",
                base: prodRaw,
                mutate: (r) => (r.values.bucket.existingBucketName = "acme-existing"),
                path: "bucket.bucketName",
                message: /^bucket\.bucketName: "acme-legacy-content-prod" cannot be combined with existingBucketName/,
            },
            {
                name: "bad minimumTlsVersion",
                base: prodRaw,
                mutate: (r) => (r.values.front.minimumTlsVersion = "TLSv1.0"),
                path: "front.minimumTlsVersion",
                message:
                    /^front\.minimumTlsVersion: "TLSv1\.0" is not one of SSLv3 \| TLSv1 \| TLSv1_2016 \| TLSv1\.1_2016 \| TLSv1\.2_2018 \| TLSv1\.2_2019 \| TLSv1\.2_2021 \| TLSv1\.2_2025 \| TLSv1\.3_2025$/,
            },
            {
                name: "SSLv3 without vip",
                base: prodRaw,
                mutate: (r) => (r.values.front.minimumTlsVersion = "SSLv3"),
                path: "front.minimumTlsVersion",
                message: /^front\.minimumTlsVersion: "SSLv3" is only allowed with sslSupportMethod "vip"/,
            },
            {
                name: "non-TLSv1 policy without domain names",
                base: devRaw,
                mutate: (r) => (r.values.front.minimumTlsVersion = "TLSv1_2016"),
                path: "front.minimumTlsVersion",
                message: /^front\.minimumTlsVersion: "TLSv1_2016" needs a custom domain \(domainNames\): .*always applies TLSv1/,
            },
            {
                name: "vip without domain names",
                base: devRaw,
                mutate: (r) => (r.values.front.sslSupportMethod = "vip"),
                path: "front.sslSupportMethod",
                message: /^front\.sslSupportMethod: "vip" needs a custom domain \(domainNames\)$/,
            },
            {
                name: "bad sslSupportMethod",
                base: prodRaw,
                mutate: (r) => (r.values.front.sslSupportMethod = "static-ip"),
                path: "front.sslSupportMethod",
                message: /^front\.sslSupportMethod: "static-ip" is not one of sni-only \| vip$/,
            },
            {
                name: "certificateArn outside us-east-1",
                base: prodRaw,
                mutate: (r) => (r.values.front.certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
                path: "front.certificateArn",
                message:
                    /^front\.certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate\/abc" is in eu-west-1; CloudFront only uses ACM certificates from us-east-1$/,
            },
            {
                name: "certificateArn that is not an ACM ARN",
                base: prodRaw,
                mutate: (r) => (r.values.front.certificateArn = "arn:aws:iam::123456789012:server-certificate/legacy"),
                path: "front.certificateArn",
                message: /^front\.certificateArn: "arn:aws:iam::123456789012:server-certificate\/legacy" is not an ACM certificate ARN \(arn:aws:acm:us-east-1:/,
            },
            {
                name: "domain names without hostedZoneId or certificate",
                base: prodRaw,
                mutate: (r) => delete r.values.front.hostedZoneId,
                path: "front.hostedZoneId",
                message: /^front\.hostedZoneId: \(missing\) is required to request and validate a certificate for domainNames; or give certificateArn$/,
            },
            {
                name: "invalid domain name",
                base: prodRaw,
                mutate: (r) => (r.values.front.domainNames = ["Legacy.Example.com"]),
                path: "front.domainNames[0]",
                message: /^front\.domainNames\[0\]: "Legacy\.Example\.com" is not a lower-case DNS name such as legacy\.example\.com or \*\.example\.com$/,
            },
            {
                name: "duplicate domain name",
                base: prodRaw,
                mutate: (r) => (r.values.front.domainNames = ["legacy.example.com", "www.example.com", "legacy.example.com"]),
                path: "front.domainNames[2]",
                message: /^front\.domainNames\[2\]: "legacy\.example\.com" is listed twice$/,
            },
            {
                name: "domainNames not a list of strings",
                base: prodRaw,
                mutate: (r) => (r.values.front.domainNames = "legacy.example.com"),
                path: "front.domainNames",
                message: /^front\.domainNames: "legacy\.example\.com" is not a list of strings$/,
            },
            {
                name: "aws-cn without domain names",
                base: devRaw,
                mutate: (r) => (r.awsRegion = "cn-north-1"),
                path: "front.domainNames",
                message: /^front\.domainNames: \[\] must name at least one domain in aws-cn/,
            },
            {
                name: "aws-cn with an ACM certificateArn",
                base: chinaRaw,
                mutate: (r) => {
                    delete r.values.front.iamCertificateId;
                    r.values.front.certificateArn = ACM_US_EAST_1;
                },
                path: "front.certificateArn",
                message: /^front\.certificateArn: "arn:aws:acm:us-east-1:[^"]+" cannot be used in aws-cn: .*use iamCertificateId$/,
            },
            {
                name: "aws-cn without iamCertificateId",
                base: chinaRaw,
                mutate: (r) => delete r.values.front.iamCertificateId,
                path: "front.iamCertificateId",
                message: /^front\.iamCertificateId: \(missing\) is required in aws-cn: upload the certificate to IAM/,
            },
            {
                name: "both certificateArn and iamCertificateId",
                base: prodRaw,
                mutate: (r) => {
                    r.values.front.certificateArn = ACM_US_EAST_1;
                    r.values.front.iamCertificateId = "ASCAEXAMPLE";
                },
                path: "front.iamCertificateId",
                message: /^front\.iamCertificateId: "ASCAEXAMPLE" cannot be combined with certificateArn/,
            },
            {
                name: "viewerProtocolPolicy allow-all",
                base: prodRaw,
                mutate: (r) => (r.values.front.viewerProtocolPolicy = "allow-all"),
                path: "front.viewerProtocolPolicy",
                message: /^front\.viewerProtocolPolicy: "allow-all" is not one of redirect-to-https \| https-only$/,
            },
            {
                name: "bad priceClass",
                base: devRaw,
                mutate: (r) => (r.values.front.priceClass = "PriceClass_50"),
                path: "front.priceClass",
                message: /^front\.priceClass: "PriceClass_50" is not one of PriceClass_All \| PriceClass_200 \| PriceClass_100$/,
            },
            {
                name: "bad httpVersion",
                base: devRaw,
                mutate: (r) => (r.values.front.httpVersion = "http4"),
                path: "front.httpVersion",
                message: /^front\.httpVersion: "http4" is not one of http1\.1 \| http2 \| http2and3 \| http3$/,
            },
            {
                name: "bad geo country code",
                base: devRaw,
                mutate: (r) => (r.values.front.geoRestriction = { restrictionType: "whitelist", locations: ["DE", "fr"] }),
                path: "front.geoRestriction.locations[1]",
                message: /^front\.geoRestriction\.locations\[1\]: "fr" is not an ISO 3166-1 alpha-2 country code such as DE$/,
            },
            {
                name: "bad geo restriction type",
                base: devRaw,
                mutate: (r) => (r.values.front.geoRestriction = { restrictionType: "allow", locations: ["DE"] }),
                path: "front.geoRestriction.restrictionType",
                message: /^front\.geoRestriction\.restrictionType: "allow" is not one of whitelist \| blacklist$/,
            },
            {
                name: "listBucket in unsigned mode",
                base: prodRaw,
                mutate: (r) => (r.values.content.mode = "unsigned"),
                path: "content.listBucket",
                message: /^content\.listBucket: true only applies in mode "signed" \(in "unsigned" /,
            },
            {
                name: "listBucket without defaultRootObject (GET / would list the keys)",
                base: prodRaw,
                mutate: (r) => delete r.values.front.defaultRootObject,
                path: "content.listBucket",
                message: /^content\.listBucket: true needs defaultRootObject: without it a request for \/ reaches S3 as a bucket listing/,
            },
            {
                name: "sse-kms in aws-cn, where the origin access identity cannot decrypt",
                base: prodRaw,
                mutate: (r) => {
                    r.awsRegion = "cn-north-1";
                    r.values.front = { domainNames: ["legacy.example.com.cn"], iamCertificateId: "ASCAEXAMPLE" };
                },
                path: "bucket.encryption",
                message: /^bucket\.encryption: "sse-kms" cannot be read by CloudFront in aws-cn .*allowed there: sse-s3$/,
            },
            {
                name: "webAclArn that is not a global WAFv2 ACL in us-east-1",
                base: prodRaw,
                mutate: (r) => (r.values.front.webAclArn = "arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/legacy/abcd"),
                path: "front.webAclArn",
                message:
                    /^front\.webAclArn: "arn:aws:wafv2:eu-central-1:[^"]+" is not a WAFv2 web ACL of CLOUDFRONT scope \(arn:aws:wafv2:us-east-1:ACCOUNT:global\/webacl\/NAME\/ID\)$/,
            },
            {
                name: "front.accessLogBucket that is not a bucket domain name",
                base: prodRaw,
                mutate: (r) => (r.values.front.accessLogBucket = "acme-cloudfront-logs-prod"),
                path: "front.accessLogBucket",
                message:
                    /^front\.accessLogBucket: "acme-cloudfront-logs-prod" is not an S3 bucket domain name such as acme-logs\.s3\.amazonaws\.com$/,
            },
            {
                name: "defaultRootObject with a leading slash",
                base: devRaw,
                mutate: (r) => (r.values.front.defaultRootObject = "/index.html"),
                path: "front.defaultRootObject",
                message: /^front\.defaultRootObject: "\/index\.html" must be an object name without a leading "\/"/,
            },
            {
                name: "hostedZoneId not a string",
                base: prodRaw,
                mutate: (r) => (r.values.front.hostedZoneId = 12345),
                path: "front.hostedZoneId",
                message: /^front\.hostedZoneId: 12345 is not a non-empty string$/,
            },
            {
                name: "tag with a non-string value",
                base: devRaw,
                mutate: (r) => (r.values.tags["cost-center"] = 42),
                path: "tags.cost-center",
                message: /^tags\.cost-center: 42 is not a string$/,
            },
            {
                name: "tags not a map",
                base: devRaw,
                mutate: (r) => (r.values.tags = ["owner"]),
                path: "tags",
                message: /^tags: \["owner"\] is not a map of tag names to string values$/,
            },
            {
                name: "section that is not an object",
                base: devRaw,
                mutate: (r) => (r.values.front = "x"),
                path: "front",
                message: /^front: "x" is not an object with keys domainNames, hostedZoneId, certificateArn, .*geoRestriction$/,
            },
        ];

        it("has at least 24 distinct cases", () => {
            expect(cases.length).to.be.at.least(24);
            expect(new Set(cases.map((c) => c.name)).size).to.equal(cases.length);
        });

        for (const c of cases) {
            it(`reports ${c.name} at ${c.path}`, () => {
                const raw = c.base();
                c.mutate(raw);
                const issues = issuesOf(raw);
                const atPath = issues.filter((i) => i.path === c.path);
                expect(atPath, `no issue at ${c.path}; got:\n${describeIssues(issues)}`).to.not.be.empty;
                const messages = atPath.map(formatIssue);
                expect(
                    messages.some((m) => c.message.test(m)),
                    `no message at ${c.path} matches ${c.message}; got:\n${messages.join("\n")}`,
                ).to.equal(true);
            });
        }

        it("reports an existing pool without clients once, at the one key that fixes it", () => {
            const raw = devRaw();
            raw.values.auth = { existingUserPoolId: "eu-west-1_AbCdEf123" };
            expect(issuesOf(raw).map(formatIssue)).to.deep.equal([
                "auth.clientIds: [] is required with auth.existingUserPoolId (this stack creates no app client in a pool it does not own); list the app client IDs whose tokens to accept",
            ]);
        });

        // CloudFront does not exist in GovCloud or ISO partitions; ARNs there would be in the wrong partition.
        it("rejects a region outside the supported partitions (us-gov-west-1)", () => {
            const raw = devRaw();
            raw.awsRegion = "us-gov-west-1";
            const issue = issuesOf(raw).find((i) => i.path === "aws:region");
            expect(issue && formatIssue(issue)).to.match(
                /^aws:region: "us-gov-west-1" is in a partition without CloudFront; allowed: commercial regions \(aws\) and cn-north-1 \| cn-northwest-1 \(aws-cn\)$/,
            );
        });

        it("reports only the environment problem, not prod rules, when the environment is invalid", () => {
            const raw = devRaw();
            raw.values.environment = "production";
            const paths = issuesOf(raw).map((i) => i.path);
            expect(paths).to.deep.equal(["environment"]);
        });

        it("reports three independent problems in one run", () => {
            const raw = prodRaw();
            raw.values.content.mode = "sign";
            raw.awsRegion = "mars-1";
            raw.values.front.viewerProtocolPolicy = "allow-all";
            const issues = issuesOf(raw);
            expect(issues.length).to.be.at.least(3);
            const paths = issues.map((i) => i.path);
            expect(paths).to.include.members(["content.mode", "aws:region", "front.viewerProtocolPolicy"]);
        });

        it("names only config keys the stack has, never a component argument the config does not expose", () => {
            const raw = devRaw();
            raw.values.bucket = { protect: true, forceDestroy: true };
            raw.values.audit = { frontLogs: true };
            raw.values.auth = { existingUserPoolId: "eu-west-1_AbCdEf123" };
            const paths = issuesOf(raw).map((i) => i.path);
            for (const p of paths) expect(p, p).to.match(/^(aws:region|environment|tags|(content|bucket|front|auth|signing|api|audit)(\.|\[|$))/);
            for (const argument of ["audit.forceDestroy", "audit.protect", "audit.partition", "auth.appClient", "auth.existingUserPool"]) {
                expect(paths.some((p) => p.startsWith(argument)), `${argument} in ${paths.join(", ")}`).to.equal(false);
            }
        });

        it("keeps the generated key comment within CloudFront's 128 characters, whatever the stack name", () => {
            const raw = devRaw();
            raw.stack = `feature-${"x".repeat(110)}`;
            raw.values.signing = { pathPatterns: ["/downloads/*"] };
            const result = parseStackConfig(raw as RawStackConfig);
            expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
        });

        it("does not report the same issue twice", () => {
            const raw = prodRaw();
            raw.values.front.domainNames = ["Bad_Name.example.com"];
            const issues = issuesOf(raw);
            const keys = issues.map((i) => `${i.path}|${i.problem}`);
            expect(new Set(keys).size).to.equal(keys.length);
        });
    });

    describe("ConfigError", () => {
        it("lists every issue on its own line under the stack name", () => {
            const raw = devRaw();
            raw.stack = "feature-x";
            delete raw.values.environment;
            raw.values.content.mode = "sign";
            raw.values.front.priceClass = "cheap";
            const issues = issuesOf(raw);
            expect(issues.length).to.be.at.least(3);

            const error = new ConfigError("feature-x", issues);
            expect(error).to.be.instanceOf(ValidationError);
            expect(error).to.be.instanceOf(Error);
            expect(error.name).to.equal("ConfigError");
            expect(error.issues).to.deep.equal(issues);
            const lines = error.message.split("\n");
            expect(lines[0]).to.equal('stack config of "feature-x" is invalid:');
            expect(lines.slice(1)).to.deep.equal(issues.map((i) => `  - ${formatIssue(i)}`));
            expect(error.message).to.include('  - content.mode: "sign" is not one of signed | unsigned | presigned');
            expect(error.message).to.include(
                '  - front.priceClass: "cheap" is not one of PriceClass_All | PriceClass_200 | PriceClass_100',
            );
        });

        it("formats values: strings quoted, missing as (missing), objects as JSON", () => {
            expect(formatIssue({ path: "a", value: "x", problem: "is bad" })).to.equal('a: "x" is bad');
            expect(formatIssue({ path: "a", value: undefined, problem: "is required" })).to.equal("a: (missing) is required");
            expect(formatIssue({ path: "a", value: { b: [1, true] }, problem: "is bad" })).to.equal('a: {"b":[1,true]} is bad');
        });
    });
});

import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as YAML from "yaml";
import { validateCognitoEdgeAuthArgs } from "../components/cognito-edge-auth";
import { validateLegacyTlsFrontArgs } from "../components/legacy-tls-front";
import { validatePrivateOriginBucketArgs } from "../components/private-origin-bucket";
import { validateRegionalApiFailoverArgs } from "../components/regional-api-failover";
import { validateSignedContentKeysArgs } from "../components/signed-content-keys";
import { validateTlsAuditArgs } from "../components/tls-audit";
import { Issue, ValidationError, formatIssue } from "../components/validation";
import { ConfigError, MOVED_KEYS, RawStackConfig, parseStackConfig, stackArgs } from "../stacks/config";

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
            bucket: { protect: false, forceDestroy: true, noncurrentVersionExpirationDays: 7 },
            front: { mode: "signed", uploads: false, listBucket: false, priceClass: "PriceClass_100" },
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
            bucket: {
                bucketName: "acme-legacy-content-prod",
                encryption: "sse-kms",
                noncurrentVersionExpirationDays: 365,
                noncurrentVersionTransitions: [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 90, storageClass: "GLACIER_IR" },
                ],
                accessLogging: { targetBucket: "acme-s3-access-logs-prod" },
            },
            front: {
                mode: "signed",
                uploads: false,
                listBucket: true,
                domainNames: ["legacy.example.com"],
                hostedZoneId: "Z0123456789ABCDEFGHIJ",
                minimumTlsVersion: "TLSv1_2016",
                sslSupportMethod: "sni-only",
                viewerProtocolPolicy: "redirect-to-https",
                priceClass: "PriceClass_All",
                accessLogging: { bucketDomainName: "acme-cloudfront-logs-prod.s3.amazonaws.com" },
                defaultRootObject: "index.html",
            },
            // Prod refuses mode signed without viewer authentication (or publicContent: true).
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
            front: { mode: "signed", domainNames: ["legacy.example.cn"], iamCertificateId: "ASCAEXAMPLEIAMCERTID" },
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
        it("parses the prod config into its sections as written, and stackArgs turns protection on", () => {
            const raw = prodRaw();
            const result = parseStackConfig(raw as RawStackConfig);
            expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
            // Nothing mapped or renamed: each section is the component's settings, exactly as in the file.
            expect(result.config).to.deep.equal({
                project: "legacy-tls-front",
                stack: "prod",
                region: "eu-central-1",
                partition: "aws",
                environment: "prod",
                publicContent: false,
                bucket: raw.values.bucket,
                front: raw.values.front,
                auth: raw.values.auth,
                // Absent, the monitoring section means the monitoring's defaults (it is opt-out).
                monitoring: {},
                tags: {
                    owner: "platform-team",
                    "cost-center": "content-delivery",
                    project: "legacy-tls-front",
                    stack: "prod",
                    environment: "prod",
                },
            });
            const args = stackArgs(result.config!);
            expect(args.bucket.protect).to.equal(true);
            expect(args.bucket.forceDestroy).to.equal(false);
            expect(args.auth!.userPool).to.deep.equal({ deletionProtection: true });
        });

        it("parses the dev config: a throwaway bucket, the sections as written (components fill in their defaults)", () => {
            const raw = devRaw();
            const result = parseStackConfig(raw as RawStackConfig);
            expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
            const config = result.config!;
            expect(config.region).to.equal("eu-west-1");
            expect(config.partition).to.equal("aws");
            expect(config.environment).to.equal("dev");
            expect(config.publicContent).to.equal(false);
            expect(config.front).to.deep.equal({ mode: "signed", uploads: false, listBucket: false, priceClass: "PriceClass_100" });
            expect(config.bucket).to.deep.equal({ protect: false, forceDestroy: true, noncurrentVersionExpirationDays: 7 });
            expect(config.auth).to.equal(undefined);
            const args = stackArgs(config);
            expect(args.bucket).to.deep.equal({ ...raw.values.bucket, partition: "aws", tags: config.tags });
            expect(args.front).to.deep.equal({ ...raw.values.front, partition: "aws", tags: config.tags });
            expect(config.tags).to.deep.equal({
                owner: "platform-team",
                project: "legacy-tls-front",
                stack: "dev",
                environment: "dev",
            });
        });

        it("does not change the caller's values", () => {
            const raw = prodRaw();
            raw.values.content = { mode: "signed" };
            const before = structuredClone(raw.values);
            parseStackConfig(raw as RawStackConfig);
            expect(raw.values).to.deep.equal(before);
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
            expect(s.config!.bucket).to.deep.equal({});
            expect(stackArgs(s.config!).bucket.protect).to.equal(false);
            expect(stackArgs(s.config!).bucket.forceDestroy).to.equal(false);

            const prod = prodRaw();
            delete prod.values.environment;
            delete prod.values.bucket;
            const p = parseStackConfig(prod as RawStackConfig);
            expect(p.issues, describeIssues(p.issues)).to.deep.equal([]);
            expect(p.config!.environment).to.equal("prod");
            expect(stackArgs(p.config!).bucket.protect).to.equal(true);
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
                expect(values).to.have.property("front");
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
                mutate: (r) => (r.values.front.mode = "sign"),
                path: "front.mode",
                message: /^front\.mode: "sign" is not one of signed \| unsigned \| presigned \(did you mean signed\?\)$/,
            },
            {
                name: "missing mode",
                base: devRaw,
                mutate: (r) => delete r.values.front.mode,
                path: "front.mode",
                message: /^front\.mode: \(missing\) is required$/,
            },
            {
                name: "missing front section (so no mode)",
                base: devRaw,
                mutate: (r) => delete r.values.front,
                path: "front",
                message: /^front: \(missing\) is required \(The CloudFront distribution \(`LegacyTlsFront`\): how requests reach S3 \(`mode`\)/,
            },
            {
                name: "unknown top-level key (typo)",
                base: devRaw,
                mutate: (r) => (r.values.fornt = { mode: "signed" }),
                path: "fornt",
                message:
                    /^fornt: \{"mode":"signed"\} is not a known key of legacy-tls-front \(did you mean front\?\); known keys: bucket, front, auth, signing, api, audit, waf, monitoring, environment, publicContent, tags$/,
            },
            {
                name: "unknown key inside a section",
                base: prodRaw,
                mutate: (r) => (r.values.front.minimumTlsVerison = "TLSv1"),
                path: "front.minimumTlsVerison",
                message: /^front\.minimumTlsVerison: "TLSv1" is not a known key \(did you mean minimumTlsVersion\?\); known keys: accessLogging, .*minimumTlsVersion, mode, /,
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
                    r.values.front.mode = "unsigned";
                    r.values.auth = { tokenUse: "access" };
                },
                path: "auth.tokenSources",
                message: /^auth\.tokenSources: .* reads the Authorization header, but frontMode "unsigned" cannot allow that/,
            },
            {
                name: "signed paths in a mode where S3 checks the viewer's signature",
                base: devRaw,
                mutate: (r) => {
                    r.values.front.mode = "presigned";
                    r.values.signing = { pathPatterns: ["/downloads/*"] };
                },
                path: "signing",
                message: /^signing: "\(set\)" only applies with front\.mode "signed" \(in "presigned" S3 already checks/,
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
                message: /^api\.regions: \["eu-west-1"\] is not a list of at least 2 items/,
            },
            {
                name: "audit front logs next to an access log bucket of the front's own",
                base: prodRaw,
                mutate: (r) => {
                    r.values.front = { ...(r.values.front as object), accessLogging: { bucketDomainName: "logs.s3.amazonaws.com" } };
                    r.values.audit = { frontLogs: {} };
                },
                path: "audit.frontLogs",
                message: /^audit\.frontLogs: \{\} cannot be combined with front\.accessLogging: the audit makes the front log into its own bucket/,
            },
            {
                name: "audit front logs switched on with true, as earlier versions did",
                base: devRaw,
                mutate: (r) => (r.values.audit = { frontLogs: true }),
                path: "audit.frontLogs",
                message: /^audit\.frontLogs: true is not an object of settings: the feature is on when it is set \(\{\} for the defaults\) and off when it is left out$/,
            },
            {
                name: "a plain-http callback URL of the created app client",
                base: devRaw,
                mutate: (r) => (r.values.auth = { appClient: { callbackUrls: ["http://app.example.com/callback"] } }),
                path: "auth.appClient.callbackUrls[0]",
                message: /^auth\.appClient\.callbackUrls\[0\]: "http:\/\/app\.example\.com\/callback" is not an absolute https URL/,
            },
            {
                name: "an existing pool without the clients to accept",
                base: devRaw,
                mutate: (r) => (r.values.auth = { existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" } }),
                path: "auth.clientIds",
                message:
                    /^auth\.clientIds: \[\] is required: with auth\.existingUserPool the stack creates no app client in a pool it does not own unless auth\.appClient\.create is true/,
            },
            {
                name: "an existing pool in China, which has no Lambda@Edge",
                base: devRaw,
                mutate: (r) => (r.values.auth = { existingUserPool: { userPoolId: "cn-north-1_AbCdEf123" }, clientIds: ["7ag1mobileclient000000000"] }),
                // The pool's region defaults to the prefix of its ID, and the component names that setting.
                path: "auth.existingUserPool.region",
                message: /^auth\.existingUserPool\.region: "cn-north-1" is in aws-cn, which has no Lambda@Edge$/,
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
                // The audit follows the bucket section's protection; the bucket section reports the key once.
                path: "bucket.forceDestroy",
                message: /^bucket\.forceDestroy: true is only allowed with protect: false \(a protected bucket keeps its data on destroy\)$/,
            },
            {
                name: "an unknown auth key",
                base: devRaw,
                mutate: (r) => (r.values.auth = { tokenUse: "access", groups: ["x"] }),
                path: "auth.groups",
                message: /^auth\.groups: \["x"\] is not a known key; known keys: appClient, .*existingUserPool, .*requiredGroups, .*userPool$/,
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
                mutate: (r) => (r.values.front.uploads = "yes"),
                path: "front.uploads",
                message: /^front\.uploads: "yes" is not a boolean \(true \| false\)$/,
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
                message: /^bucket\.noncurrentVersionExpirationDays: "7" is not a whole number from 0 to 36500$/,
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
                path: "bucket.noncurrentVersionTransitions[0]",
                message: /^bucket\.noncurrentVersionTransitions\[0\]: "STANDARD_IA" is not an object$/,
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
                message: /^front\.domainNames: "legacy\.example\.com" is not a list$/,
            },
            {
                name: "aws-cn without domain names",
                base: devRaw,
                mutate: (r) => (r.awsRegion = "cn-north-1"),
                path: "front.domainNames",
                message: /^front\.domainNames: \(missing\) must name at least one domain in aws-cn/,
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
                message: /^front\.priceClass: "PriceClass_50" is not one of PriceClass_All \| PriceClass_200 \| PriceClass_100 \(did you mean PriceClass_200\?\)$/,
            },
            {
                name: "bad httpVersion",
                base: devRaw,
                mutate: (r) => (r.values.front.httpVersion = "http4"),
                path: "front.httpVersion",
                message: /^front\.httpVersion: "http4" is not one of http1\.1 \| http2 \| http2and3 \| http3 \(did you mean http2\?\)$/,
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
                mutate: (r) => (r.values.front.mode = "unsigned"),
                path: "front.listBucket",
                message: /^front\.listBucket: true only applies in mode "signed" \(in "unsigned" /,
            },
            {
                name: "listBucket without defaultRootObject (GET / would list the keys)",
                base: prodRaw,
                mutate: (r) => delete r.values.front.defaultRootObject,
                path: "front.listBucket",
                message: /^front\.listBucket: true needs defaultRootObject: without it a request for \/ reaches S3 as a bucket listing/,
            },
            {
                name: "sse-kms in aws-cn, where the origin access identity cannot decrypt",
                base: prodRaw,
                mutate: (r) => {
                    r.awsRegion = "cn-north-1";
                    r.values.front = { mode: "signed", domainNames: ["legacy.example.com.cn"], iamCertificateId: "ASCAEXAMPLE" };
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
                name: "front.accessLogging.bucketDomainName that is not a bucket domain name",
                base: prodRaw,
                mutate: (r) => (r.values.front.accessLogging = { bucketDomainName: "acme-cloudfront-logs-prod" }),
                path: "front.accessLogging.bucketDomainName",
                message:
                    /^front\.accessLogging\.bucketDomainName: "acme-cloudfront-logs-prod" is not an S3 bucket domain name such as acme-logs\.s3\.amazonaws\.com$/,
            },
            {
                name: "defaultRootObject with a leading slash",
                base: devRaw,
                mutate: (r) => (r.values.front.defaultRootObject = "/index.html"),
                path: "front.defaultRootObject",
                message: /^front\.defaultRootObject: "\/index\.html" is not an object name without a leading "\/"/,
            },
            {
                name: "hostedZoneId not a string",
                base: prodRaw,
                mutate: (r) => (r.values.front.hostedZoneId = 12345),
                path: "front.hostedZoneId",
                message: /^front\.hostedZoneId: 12345 is not a string$/,
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
                message: /^front: "x" is not an object of settings \(see docs\/config-reference\.md\)$/,
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
            raw.values.auth = { existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" } };
            expect(issuesOf(raw).map(formatIssue)).to.deep.equal([
                "auth.clientIds: [] is required: with auth.existingUserPool the stack creates no app client in a pool it does not own unless auth.appClient.create is true; " +
                    "list the app client IDs whose tokens to accept",
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

        it("reports app client settings for an existing pool as the stack's choice, not as a create: false the user never wrote", () => {
            const raw = devRaw();
            raw.values.auth = {
                existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" },
                clientIds: ["7ag1mobileclient000000000"],
                appClient: { callbackUrls: ["https://app.example.com/callback"] },
            };
            expect(issuesOf(raw).map(formatIssue)).to.deep.equal([
                'auth.appClient.callbackUrls: ["https://app.example.com/callback"] applies only to an app client the stack creates, and with ' +
                    "auth.existingUserPool the stack creates no app client in a pool it does not own unless auth.appClient.create is true; " +
                    "remove it, or set auth.appClient.create: true",
            ]);
            // Written by the user, create: false keeps the component's own words.
            raw.values.auth.appClient.create = false;
            expect(issuesOf(raw).map(formatIssue)).to.deep.equal([
                'auth.appClient.callbackUrls: ["https://app.example.com/callback"] applies only to a client this component creates; remove it, or remove create: false',
            ]);
        });

        it("reports only the mode when it is none of the modes, not rules that depend on it", () => {
            const raw = prodRaw();
            raw.values.front.mode = "sign";
            delete raw.values.front.listBucket;
            delete raw.values.auth;
            raw.values.publicContent = true;
            raw.values.signing = { pathPatterns: ["/downloads/*"] };
            expect(new Set(issuesOf(raw).map((i) => i.path))).to.deep.equal(new Set(["front.mode"]));
        });

        it("reports only the environment problem, not prod rules, when the environment is invalid", () => {
            const raw = devRaw();
            raw.values.environment = "production";
            const paths = issuesOf(raw).map((i) => i.path);
            expect(paths).to.deep.equal(["environment"]);
        });

        it("reports three independent problems in one run", () => {
            const raw = prodRaw();
            raw.values.front.mode = "sign";
            raw.awsRegion = "mars-1";
            raw.values.front.viewerProtocolPolicy = "allow-all";
            const issues = issuesOf(raw);
            expect(issues.length).to.be.at.least(3);
            const paths = issues.map((i) => i.path);
            expect(paths).to.include.members(["front.mode", "aws:region", "front.viewerProtocolPolicy"]);
        });

        it("names only config keys the stack has, never a component argument the config does not expose", () => {
            const raw = devRaw();
            raw.awsRegion = "cn-north-1";
            raw.values.front = { mode: "sign", domainNames: ["legacy.example.cn"], iamCertificateId: "ASCAEXAMPLE" };
            raw.values.bucket = { protect: true, forceDestroy: true };
            raw.values.audit = { frontLogs: {} };
            raw.values.auth = { existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" }, appClient: { callbackUrls: ["https://app.example.com/callback"] } };
            const paths = issuesOf(raw).map((i) => i.path);
            for (const p of paths) expect(p, p).to.match(/^(aws:region|environment|publicContent|tags|(bucket|front|auth|signing|api|audit)(\.|\[|$))/);
            // What the stack derives (partition, the authenticator's frontMode, the audit's protection and
            // the app client it does not create in a pool it does not own) is named by the key it came from.
            for (const argument of ["audit.forceDestroy", "audit.protect", "audit.partition", "auth.partition", "auth.frontMode", "auth.appClient.create", "bucket.partition", "front.partition"]) {
                expect(paths.some((p) => p.startsWith(argument)), `${argument} in ${paths.join(", ")}`).to.equal(false);
            }
            expect(paths).to.include.members(["aws:region", "front.mode", "bucket.forceDestroy", "auth.clientIds"]);
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
            raw.values.front.mode = "sign";
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
            expect(error.message).to.include('  - front.mode: "sign" is not one of signed | unsigned | presigned (did you mean signed?)');
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

describe("stack config: sections are the components' settings", () => {
    function configOf(raw: MutableRaw) {
        const result = parseStackConfig(raw as RawStackConfig);
        expect(result.issues, describeIssues(result.issues)).to.deep.equal([]);
        return result.config!;
    }

    describe("keys of earlier versions (MOVED_KEYS)", () => {
        // Each moved key: a value as earlier versions wrote it, and the same setting written now.
        const moves: Record<string, { old: (r: MutableRaw) => void; migrated: (r: MutableRaw) => void }> = {
            content: {
                old: (r) => (r.values.content = { mode: "signed", uploads: false, public: true }),
                migrated: (r) => {
                    r.values.front = { ...r.values.front, mode: "signed", uploads: false };
                    r.values.publicContent = true;
                },
            },
            "bucket.accessLogBucket": {
                old: (r) => (r.values.bucket.accessLogBucket = "acme-s3-access-logs"),
                migrated: (r) => (r.values.bucket.accessLogging = { targetBucket: "acme-s3-access-logs" }),
            },
            "front.accessLogBucket": {
                old: (r) => (r.values.front.accessLogBucket = "acme-logs.s3.amazonaws.com"),
                migrated: (r) => (r.values.front.accessLogging = { bucketDomainName: "acme-logs.s3.amazonaws.com" }),
            },
            "auth.existingUserPoolId": {
                old: (r) => (r.values.auth = { existingUserPoolId: "eu-west-1_AbCdEf123" }),
                migrated: (r) => (r.values.auth = { existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" }, clientIds: ["7ag1mobileclient000000000"] }),
            },
            "auth.selfSignUp": {
                old: (r) => (r.values.auth = { selfSignUp: true }),
                migrated: (r) => (r.values.auth = { userPool: { selfSignUp: true } }),
            },
            "auth.callbackUrls": {
                old: (r) => (r.values.auth = { callbackUrls: ["https://app.example.com/callback"] }),
                migrated: (r) => (r.values.auth = { appClient: { callbackUrls: ["https://app.example.com/callback"] } }),
            },
        };

        it("covers every moved key", () => {
            expect(Object.keys(moves).sort()).to.deep.equal(Object.keys(MOVED_KEYS).sort());
        });

        for (const [key, move] of Object.entries(moves)) {
            it(`reports ${key} once, with where its setting lives now`, () => {
                const raw = devRaw();
                move.old(raw);
                const [section, name] = key.split(".");
                const value = name === undefined ? raw.values[section] : raw.values[section][name];
                // Only the migration message: the key is not reported again as unknown.
                expect(issuesOf(raw).map(formatIssue)).to.deep.equal([`${key}: ${JSON.stringify(value)} is a key of an earlier version; ${MOVED_KEYS[key]}`]);
            });

            it(`accepts ${key} written as its message says`, () => {
                const raw = devRaw();
                move.migrated(raw);
                configOf(raw);
            });
        }

        it("names only keys that exist in its messages", () => {
            const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../components/generated/settings.schema.json"), "utf8")) as {
                definitions: Record<string, { properties: Record<string, unknown> }>;
            };
            const sections: Record<string, string> = {
                bucket: "PrivateOriginBucketSettings",
                front: "LegacyTlsFrontSettings",
                auth: "CognitoEdgeAuthSettings",
                audit: "TlsAuditSettings",
            };
            for (const [key, message] of Object.entries(MOVED_KEYS)) {
                const named = [...message.matchAll(/\b(bucket|front|auth|audit)\.([A-Za-z]+)/g)];
                expect(named, key).to.not.be.empty;
                for (const [, section, setting] of named) {
                    expect(Object.keys(schema.definitions[sections[section]].properties), `${key}: ${section}.${setting}`).to.include(setting);
                }
            }
            expect(MOVED_KEYS.content).to.include("publicContent");
        });
    });

    describe("a section's issues carry the section as their path", () => {
        // The stack's issue for a section is the component validator's, with the section as the prefix.
        const cases: { path: string; mutate: (r: MutableRaw) => void; expected: string; component: () => Issue[] }[] = [
            {
                path: "bucket.noncurrentVersionTransitions[0].days",
                mutate: (r) => (r.values.bucket.noncurrentVersionTransitions = [{ days: 0, storageClass: "GLACIER" }]),
                expected: "bucket.noncurrentVersionTransitions[0].days: 0 is not a whole number from 1 to 36500",
                component: () =>
                    validatePrivateOriginBucketArgs({ noncurrentVersionTransitions: [{ days: 0, storageClass: "GLACIER" }] }, "eu-west-1", "bucket"),
            },
            {
                path: "auth.appClient.callbackUrls[0]",
                mutate: (r) => (r.values.auth = { appClient: { callbackUrls: ["http://app.example.com/callback"] } }),
                expected: 'auth.appClient.callbackUrls[0]: "http://app.example.com/callback" is not an absolute https URL',
                component: () => validateCognitoEdgeAuthArgs({ appClient: { callbackUrls: ["http://app.example.com/callback"] } }, "eu-west-1", "auth"),
            },
            {
                path: "front.customErrorResponses[0].errorCode",
                mutate: (r) => (r.values.front.customErrorResponses = [{ errorCode: 200 }]),
                expected: "front.customErrorResponses[0].errorCode: 200 is not a whole number from 400 to 599",
                component: () => validateLegacyTlsFrontArgs({ mode: "signed", customErrorResponses: [{ errorCode: 200 }] } as never, "front"),
            },
            {
                path: "signing.pathPatterns[0]",
                mutate: (r) => (r.values.signing = { pathPatterns: ["/down loads/*"] }),
                expected: 'signing.pathPatterns[0]: "/down loads/*" is not a CloudFront path pattern',
                component: () => validateSignedContentKeysArgs({ pathPatterns: ["/down loads/*"] }, "signing"),
            },
            {
                path: "audit.lake.retentionDays",
                mutate: (r) => (r.values.audit = { lake: { retentionDays: 3 } }),
                expected: "audit.lake.retentionDays: 3 is not a whole number from 7 to 3653",
                component: () => validateTlsAuditArgs({ lake: { retentionDays: 3 } }, "audit"),
            },
            {
                path: "api.healthCheck.failureThreshold",
                mutate: (r) =>
                    (r.values.api = {
                        domainName: "api.example.com",
                        hostedZoneId: "Z0123456789ABCDEFGHIJ",
                        regions: ["eu-west-1", "eu-central-1"],
                        healthCheck: { failureThreshold: 11 },
                    }),
                expected: "api.healthCheck.failureThreshold: 11 is not a whole number from 1 to 10",
                component: () =>
                    validateRegionalApiFailoverArgs(
                        { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", regions: ["eu-west-1", "eu-central-1"], healthCheck: { failureThreshold: 11 } },
                        "api",
                    ),
            },
        ];

        for (const c of cases) {
            it(`reports ${c.path} as the component does, not relabelled`, () => {
                const raw = devRaw();
                c.mutate(raw);
                const atPath = issuesOf(raw).filter((i) => i.path === c.path);
                expect(atPath.map(formatIssue).some((m) => m.startsWith(c.expected)), describeIssues(atPath)).to.equal(true);
                const own = c.component().filter((i) => i.path === c.path);
                expect(atPath).to.deep.include.members(own);
                expect(own).to.not.be.empty;
            });
        }
    });

    describe("keys a section's settings do not declare", () => {
        const api = { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", regions: ["eu-west-1", "eu-central-1"] };
        // Arguments the stack sets itself (stackArgs would overwrite them unseen) or that only a program passes.
        const cases: [string, (r: MutableRaw) => void][] = [
            ["bucket.tags", (r) => (r.values.bucket.tags = { team: "a" })],
            ["bucket.partition", (r) => (r.values.bucket.partition = "aws-cn")],
            ["front.partition", (r) => (r.values.front.partition = "aws-cn")],
            ["front.tags", (r) => (r.values.front.tags = { team: "a" })],
            ["auth.frontMode", (r) => (r.values.auth = { frontMode: "unsigned" })],
            ["auth.partition", (r) => (r.values.auth = { partition: "aws" })],
            ["auth.retainOnDelete", (r) => (r.values.auth = { retainOnDelete: true })],
            ["signing.tags", (r) => (r.values.signing = { pathPatterns: ["/downloads/*"], tags: { team: "a" } })],
            ["api.tags", (r) => (r.values.api = { ...api, tags: { team: "a" } })],
            ["audit.protect", (r) => (r.values.audit = { frontLogs: {}, protect: false })],
            ["audit.forceDestroy", (r) => (r.values.audit = { frontLogs: {}, forceDestroy: true })],
            ["audit.partition", (r) => (r.values.audit = { frontLogs: {}, partition: "aws" })],
            // A key of another component's arguments is a key like any other, not relabelled to the config key it stands for elsewhere.
            ["front.frontMode", (r) => (r.values.front.frontMode = "signed")],
        ];
        for (const [key, mutate] of cases) {
            it(`reports ${key} as an unknown key`, () => {
                const raw = devRaw();
                mutate(raw);
                const issues = issuesOf(raw);
                expect(issues.map((i) => i.path), describeIssues(issues)).to.deep.equal([key]);
                expect(formatIssue(issues[0])).to.match(new RegExp(`^${key.replace(".", "\\.")}: .* is not a known key; known keys: `));
            });
        }
    });

    describe("stackArgs", () => {
        it("protects prod: the bucket, the audit's buckets and a created user pool", () => {
            const raw = prodRaw();
            raw.values.audit = { frontLogs: {} };
            delete raw.values.front.accessLogging;
            const args = stackArgs(configOf(raw));
            expect(args.bucket.protect).to.equal(true);
            expect(args.bucket.forceDestroy).to.equal(false);
            expect(args.audit).to.include({ protect: true, forceDestroy: false, partition: "aws" });
            expect(args.auth!.userPool).to.deep.equal({ deletionProtection: true });
        });

        it("lets a non-prod stack be thrown away, and the audit follows its bucket", () => {
            const raw = devRaw();
            raw.values.auth = { tokenUse: "access" };
            raw.values.audit = { frontLogs: {} };
            const args = stackArgs(configOf(raw));
            expect(args.bucket).to.include({ protect: false, forceDestroy: true });
            expect(args.audit).to.include({ protect: false, forceDestroy: true });
            expect(args.auth!.userPool).to.deep.equal({ deletionProtection: false });

            delete raw.values.bucket.protect;
            delete raw.values.bucket.forceDestroy;
            expect(stackArgs(configOf(raw)).bucket).to.include({ protect: false, forceDestroy: false });
        });

        it("keeps what the section sets over the environment's defaults", () => {
            const prod = prodRaw();
            prod.values.auth.userPool = { mfa: "ON", deletionProtection: false };
            expect(stackArgs(configOf(prod)).auth!.userPool).to.deep.equal({ mfa: "ON", deletionProtection: false });

            const dev = devRaw();
            dev.values.auth = { userPool: { deletionProtection: true, minimumPasswordLength: 16 } };
            expect(stackArgs(configOf(dev)).auth!.userPool).to.deep.equal({ deletionProtection: true, minimumPasswordLength: 16 });
        });

        it("creates no app client in an existing pool unless the section asks for one, and no pool settings", () => {
            const raw = prodRaw();
            raw.values.auth = { existingUserPool: { userPoolId: "eu-central-1_AbCdEf123" }, clientIds: ["7ag1mobileclient000000000"], tokenUse: "access" };
            const args = stackArgs(configOf(raw));
            expect(args.auth!.appClient).to.deep.equal({ create: false });
            expect(args.auth).to.not.have.property("userPool");

            raw.values.auth.appClient = { create: true, callbackUrls: ["https://legacy.example.com/callback"] };
            expect(stackArgs(configOf(raw)).auth!.appClient).to.deep.equal({ create: true, callbackUrls: ["https://legacy.example.com/callback"] });
        });

        it("gives every component the partition and tags, and the authenticator the front's mode", () => {
            const raw = chinaRaw();
            raw.values.front.mode = "presigned";
            const config = configOf(raw);
            const args = stackArgs(config);
            expect(args.bucket).to.include({ partition: "aws-cn" });
            expect(args.front).to.include({ partition: "aws-cn", mode: "presigned" });
            expect(args.bucket.tags).to.deep.equal(config.tags);
            expect(args.front.tags).to.deep.equal(config.tags);
            expect(args.auth).to.equal(undefined);

            const dev = devRaw();
            dev.values.front.mode = "unsigned";
            dev.values.front.listBucket = false;
            dev.values.auth = { tokenSources: ["cookie"], cookieName: "content-token" };
            const auth = stackArgs(configOf(dev)).auth!;
            expect(auth).to.include({ frontMode: "unsigned", partition: "aws" });
            expect(auth.tags).to.deep.equal(configOf(dev).tags);
        });

        it("names the signing key after the stack unless the section gives a comment", () => {
            const raw = devRaw();
            raw.values.signing = { pathPatterns: ["/downloads/*"] };
            expect(stackArgs(configOf(raw)).signing!.comment).to.equal("Signed URLs and cookies of legacy-tls-front/dev");
            raw.values.signing.comment = "media downloads";
            expect(stackArgs(configOf(raw)).signing!.comment).to.equal("media downloads");
        });
    });

    describe("derived arguments are named by their config key", () => {
        it("aws:region, with the region written, for the partition a component refuses", () => {
            const raw = chinaRaw();
            raw.values.auth = { tokenUse: "access" };
            const issues = issuesOf(raw);
            expect(issues.map(formatIssue)).to.include(
                'aws:region: "cn-north-1" has no Lambda@Edge (CloudFront in China does not offer it); CognitoEdgeAuth cannot be used there',
            );
            expect(issues.filter((i) => i.value === "aws-cn"), describeIssues(issues)).to.deep.equal([]);
            expect(issues.some((i) => i.path.endsWith("partition")), describeIssues(issues)).to.equal(false);
        });

        it("front.mode for the mode the authenticator is given", () => {
            const raw = devRaw();
            raw.values.front.mode = "sign";
            raw.values.auth = { tokenUse: "access" };
            const issues = issuesOf(raw);
            // The front's schema and the authenticator both refuse the mode; it is reported once, by the front.
            expect(issues.map((i) => i.path)).to.deep.equal(["front.mode"]);
            expect(issues[0].problem).to.match(/did you mean signed/);
            expect(issues.every((i) => i.value === "sign")).to.equal(true);
        });

        it("bucket.protect and bucket.forceDestroy for the audit's buckets", () => {
            const raw = devRaw();
            raw.values.bucket = { protect: true, forceDestroy: true };
            raw.values.audit = { frontLogs: {} };
            expect(issuesOf(raw).map(formatIssue)).to.deep.equal([
                // The audit refuses it too, but a key is reported once, by the section that declares it.
                "bucket.forceDestroy: true is only allowed with protect: false (a protected bucket keeps its data on destroy)",
            ]);
        });
    });
});

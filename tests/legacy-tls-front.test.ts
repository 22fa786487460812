import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { MAX_LOG_RECORD_FIELDS } from "../components/cloudfront-facts";
import { LegacyTlsFront, LegacyTlsFrontArgs, validateLegacyTlsFrontArgs } from "../components/legacy-tls-front";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { FrontMode } from "../components/settings/legacy-tls-front";
import { ValidationError } from "../components/validation";
import { OfflineRun, only, policyOf, promiseOf, regionOfResource, resourcesOf, runProgram } from "./mocks";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const OAC = "aws:cloudfront/originAccessControl:OriginAccessControl";
const CACHE_POLICY = "aws:cloudfront/cachePolicy:CachePolicy";
const ORIGIN_REQUEST_POLICY = "aws:cloudfront/originRequestPolicy:OriginRequestPolicy";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const CERTIFICATE = "aws:acm/certificate:Certificate";
const RECORD = "aws:route53/record:Record";

interface Built {
    run: OfflineRun;
    front: LegacyTlsFront;
    bucket: PrivateOriginBucket;
}

/** Builds a bucket and one front with `args`, attaches the policy, and records everything. */
async function build(args: Partial<LegacyTlsFrontArgs> & { mode: FrontMode }, region = "eu-central-1"): Promise<Built> {
    let front!: LegacyTlsFront;
    let bucket!: PrivateOriginBucket;
    const run = await runProgram(
        () => {
            bucket = new PrivateOriginBucket("content", { protect: false, partition: args.partition });
            front = new LegacyTlsFront("front", { origin: bucket, ...args });
            bucket.attachPolicy([front]);
        },
        { region },
    );
    return { run, front, bucket };
}

function behaviorOf(run: OfflineRun): Record<string, any> {
    return only(run, DISTRIBUTION).inputs.defaultCacheBehavior as Record<string, any>;
}

const DENY_STATEMENTS = ["DenyInsecureTransport", "DenyTlsBelow1_2"];

describe("LegacyTlsFront modes", () => {
    it("signed: OAC always signs; CachingOptimized + CORS-S3Origin; the bucket allows only this distribution", async () => {
        const { run, front } = await build({ mode: "signed" });
        const oac = only(run, OAC).inputs;
        expect(oac).to.include({ signingBehavior: "always", signingProtocol: "sigv4", originAccessControlOriginType: "s3" });

        const behavior = behaviorOf(run);
        expect(behavior.cachePolicyId).to.equal("658327ea-f89d-4fab-a63d-7e88639e58f6");
        expect(behavior.originRequestPolicyId).to.equal("88a5eaf4-2fd4-4709-b370-b4c650ea3fcf");
        expect(behavior.responseHeadersPolicyId).to.equal("67f7725c-6f97-4210-82d7-5512b31e9d03");
        expect(behavior.allowedMethods).to.deep.equal(["GET", "HEAD", "OPTIONS"]);
        expect(behavior.cachedMethods).to.deep.equal(["GET", "HEAD"]);
        expect(behavior.viewerProtocolPolicy).to.equal("redirect-to-https");
        expect(behavior.compress).to.equal(true);
        expect(resourcesOf(run, CACHE_POLICY)).to.have.length(0);
        expect(resourcesOf(run, ORIGIN_REQUEST_POLICY)).to.have.length(0);

        const distribution = only(run, DISTRIBUTION);
        const origin = (distribution.inputs.origins as any[])[0];
        const bucket = only(run, "aws:s3/bucket:Bucket");
        expect(origin.domainName).to.equal(bucket.outputs.bucketRegionalDomainName);
        expect(origin.domainName).to.match(/\.s3\.eu-central-1\.amazonaws\.com$/);
        expect(origin.domainName).not.to.include("s3-website");
        expect(origin.originAccessControlId).to.equal(only(run, OAC).id);

        const distributionArn = await promiseOf(front.distributionArn);
        expect(distributionArn).to.equal(distribution.outputs.arn);
        const policy = policyOf(only(run, BUCKET_POLICY));
        expect(policy.Statement.map((s: any) => s.Sid)).to.deep.equal([...DENY_STATEMENTS, "AllowCloudFrontRead"]);
        expect(policy.Statement[2]).to.deep.equal({
            Sid: "AllowCloudFrontRead",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: `${bucket.outputs.arn}/*`,
            Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
        });
    });

    it("unsigned: CloudFront does not sign, caches nothing and relays every header but Host (Authorization included); the bucket grants CloudFront nothing", async () => {
        const { run, front } = await build({ mode: "unsigned" });
        expect(only(run, OAC).inputs.signingBehavior).to.equal("never");
        const behavior = behaviorOf(run);
        // CachingDisabled and AllViewerExceptHostHeader: AWS's documented way to pass Authorization to an S3 origin.
        expect(behavior.cachePolicyId).to.equal("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        expect(behavior.originRequestPolicyId).to.equal("b689b0a8-53d0-40ab-baf2-68738e2966ac");
        expect(resourcesOf(run, CACHE_POLICY)).to.have.length(0);
        expect(resourcesOf(run, ORIGIN_REQUEST_POLICY)).to.have.length(0);
        expect(behavior.compress).to.equal(false);

        const policy = policyOf(only(run, BUCKET_POLICY));
        expect(policy.Statement.map((s: any) => s.Sid)).to.deep.equal(DENY_STATEMENTS);
        expect(JSON.stringify(policy)).not.to.include("cloudfront.amazonaws.com");
        expect(front.originGrant).to.equal(undefined);
    });

    it("presigned: every query string reaches S3, the viewer's Host does not, and nothing is served from cache", async () => {
        const { run } = await build({ mode: "presigned" });
        expect(only(run, OAC).inputs.signingBehavior).to.equal("never");
        const behavior = behaviorOf(run);
        expect(behavior.cachePolicyId).to.equal("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        expect(resourcesOf(run, CACHE_POLICY)).to.have.length(0);

        const originRequest = only(run, ORIGIN_REQUEST_POLICY);
        expect(behavior.originRequestPolicyId).to.equal(originRequest.id);
        expect(originRequest.inputs.queryStringsConfig).to.deep.equal({ queryStringBehavior: "all" });
        expect(originRequest.inputs.headersConfig).to.deep.equal({ headerBehavior: "allExcept", headers: { items: ["Host"] } });
        expect(originRequest.inputs.cookiesConfig).to.deep.equal({ cookieBehavior: "none" });
        expect(policyOf(only(run, BUCKET_POLICY)).Statement).to.have.length(2);
    });

    it("uploads are an explicit opt-in: all seven methods, upload headers forwarded, s3:PutObject granted", async () => {
        const warnings: string[] = [];
        const warn = console.warn;
        console.warn = (message: string) => warnings.push(message);
        let built: Built;
        try {
            built = await build({ mode: "signed", uploads: true });
        } finally {
            console.warn = warn;
        }
        const { run, front } = built;
        // Never silent: in signed mode every viewer can write until the edge authenticates them.
        expect(warnings.join("\n")).to.match(/LegacyTlsFront "front": uploads in mode "signed" let every viewer of the distribution write to the bucket/);
        const behavior = behaviorOf(run);
        expect(behavior.allowedMethods).to.deep.equal(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
        const originRequest = only(run, ORIGIN_REQUEST_POLICY);
        expect((originRequest.inputs.headersConfig as any).headers.items).to.include.members(["Content-Type", "Content-MD5"]);
        const write = policyOf(only(run, BUCKET_POLICY)).Statement.find((s: any) => s.Sid === "AllowCloudFrontWrite");
        expect(write.Action).to.equal("s3:PutObject");
        expect(write.Condition.StringEquals["AWS:SourceArn"]).to.equal(await promiseOf(front.distributionArn));
    });

    it("listBucket adds s3:ListBucket on the bucket ARN (not its objects), scoped to the distribution", async () => {
        const { run } = await build({ mode: "signed", listBucket: true, defaultRootObject: "index.html" });
        const bucketArn = only(run, "aws:s3/bucket:Bucket").outputs.arn;
        const list = policyOf(only(run, BUCKET_POLICY)).Statement.find((s: any) => s.Sid === "AllowCloudFrontList");
        expect(list).to.deep.include({ Action: "s3:ListBucket", Resource: bucketArn });
        expect(list.Condition.StringEquals["AWS:SourceArn"]).to.equal(only(run, DISTRIBUTION).outputs.arn);
    });

    it("https-only is honoured; allow-all is refused", async () => {
        const { run } = await build({ mode: "signed", viewerProtocolPolicy: "https-only" });
        expect(behaviorOf(run).viewerProtocolPolicy).to.equal("https-only");
        expect(
            () =>
                new LegacyTlsFront("bad", {
                    origin: { bucketName: "b", bucketArn: "arn:aws:s3:::b", regionalDomainName: "b.s3.eu-central-1.amazonaws.com" },
                    mode: "signed",
                    viewerProtocolPolicy: "allow-all" as any,
                }),
        ).to.throw(ValidationError, /viewerProtocolPolicy: "allow-all" is not one of redirect-to-https \| https-only/);
    });

    it("passes the options users expect through to the distribution", async () => {
        const { run } = await build({
            mode: "signed",
            priceClass: "PriceClass_100",
            httpVersion: "http2",
            ipv6: false,
            defaultRootObject: "index.html",
            webAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/legacy/1234abcd",
            accessLogging: { bucketDomainName: "acme-logs.s3.amazonaws.com", prefix: "front/" },
            customErrorResponses: [{ errorCode: 404, responsePagePath: "/404.html" }],
            geoRestriction: { restrictionType: "whitelist", locations: ["DE", "FR"] },
            responseHeadersPolicyId: "",
            tags: { team: "edge" },
        });
        const d = only(run, DISTRIBUTION).inputs as any;
        expect(d).to.include({
            priceClass: "PriceClass_100",
            httpVersion: "http2",
            isIpv6Enabled: false,
            defaultRootObject: "index.html",
            webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/legacy/1234abcd",
        });
        expect(d.loggingConfig).to.deep.equal({ bucket: "acme-logs.s3.amazonaws.com", prefix: "front/", includeCookies: false });
        expect(d.customErrorResponses).to.deep.equal([{ errorCode: 404, responseCode: 404, responsePagePath: "/404.html", errorCachingMinTtl: 10 }]);
        expect(d.restrictions).to.deep.equal({ geoRestriction: { restrictionType: "whitelist", locations: ["DE", "FR"] } });
        expect(d.defaultCacheBehavior.responseHeadersPolicyId).to.equal(undefined);
        // The user's tags, plus the marker guardrails look for (this front's policy admits TLS 1.0).
        expect(d.tags).to.deep.equal({ team: "edge", "legacy-tls": "true" });
    });
});

describe("LegacyTlsFront TLS and us-east-1", () => {
    const domain = { domainNames: ["legacy.example.com"], hostedZoneId: "Z0123456789ABCDEFGHIJ" };

    it("requests the certificate in us-east-1 through an explicit provider while the stack is in eu-central-1", async () => {
        const { run, front } = await build({ mode: "signed", ...domain, minimumTlsVersion: "TLSv1_2016" });
        expect(run.region).to.equal("eu-central-1");
        const certificate = only(run, CERTIFICATE);
        expect(regionOfResource(run, certificate)).to.equal("us-east-1");
        expect(regionOfResource(run, only(run, "aws:acm/certificateValidation:CertificateValidation"))).to.equal("us-east-1");
        expect(certificate.outputs.arn).to.match(/^arn:aws:acm:us-east-1:123456789012:certificate\//);
        expect(certificate.inputs).to.include({ domainName: "legacy.example.com", validationMethod: "DNS" });

        const provider = only(run, "pulumi:providers:aws");
        expect(provider.inputs.region).to.equal("us-east-1");
        expect(provider.parent).to.equal(only(run, "legacy-tls-front:index:LegacyTlsFront").urn);

        // Nothing else is pinned to us-east-1: the bucket stays in the stack's region.
        for (const r of run.resources.filter((r) => r.type.startsWith("aws:s3/"))) {
            expect(regionOfResource(run, r), r.name).to.equal("eu-central-1");
        }

        const viewer = only(run, DISTRIBUTION).inputs.viewerCertificate as any;
        expect(viewer).to.deep.equal({
            acmCertificateArn: certificate.outputs.arn,
            minimumProtocolVersion: "TLSv1_2016",
            sslSupportMethod: "sni-only",
        });
        expect(front.securityPolicy).to.equal("TLSv1_2016");
        expect(await promiseOf(front.urls)).to.deep.equal(["https://legacy.example.com"]);
        expect(await promiseOf(front.certificate)).to.equal(certificate.outputs.arn);
    });

    it("still uses an explicit us-east-1 provider when the stack itself is in us-east-1", async () => {
        const { run } = await build({ mode: "signed", ...domain }, "us-east-1");
        const certificate = only(run, CERTIFICATE);
        expect(certificate.provider).to.be.a("string");
        expect(regionOfResource(run, certificate)).to.equal("us-east-1");
    });

    it("shares a given us-east-1 provider instead of creating one", async () => {
        let shared!: aws.Provider;
        const run = await runProgram(() => {
            shared = new aws.Provider("edge", { region: "us-east-1" });
            const bucket = new PrivateOriginBucket("content", { protect: false });
            const front = new LegacyTlsFront("front", { origin: bucket, mode: "signed", ...domain, usEast1Provider: shared });
            bucket.attachPolicy([front]);
        });
        const providers = resourcesOf(run, "pulumi:providers:aws");
        expect(providers.map((p) => p.name)).to.deep.equal(["edge"]);
        expect(only(run, CERTIFICATE).provider).to.match(/::edge::/);
    });

    it("lets the certificate's DNS validation record take over the CNAME an earlier certificate for the same name left (item 3)", async () => {
        // ACM gives every certificate for a name the same validation CNAME; without allowOverwrite Route 53
        // refuses to create a record that already exists (e.g. after a certificate replacement or a re-created stack).
        const { run } = await build({ mode: "signed", domainNames: ["example.com", "*.example.com", "cdn.example.com"], hostedZoneId: "Z0123456789ABCDEFGHIJ" });
        const validation = resourcesOf(run, RECORD).filter((r) => r.inputs.type === "CNAME");
        expect(validation).to.have.length(2);
        for (const record of validation) {
            expect(record.inputs, record.name).to.include({ allowOverwrite: true, ttl: 300 });
            // A global Route 53 record: the default (or caller's) provider, never a region of its own.
            expect(record.provider, record.name).to.equal(undefined);
        }
    });

    it("validates DNS once for a name and its wildcard, and writes A and AAAA aliases for each name", async () => {
        const { run } = await build({ mode: "signed", domainNames: ["example.com", "*.example.com"], hostedZoneId: "Z0123456789ABCDEFGHIJ" });
        const records = resourcesOf(run, RECORD);
        const validation = records.filter((r) => r.inputs.type === "CNAME");
        expect(validation).to.have.length(1);
        expect(validation[0].inputs.name).to.match(/^_[0-9a-f]{32}\.example\.com\.$/);
        expect(only(run, CERTIFICATE).inputs.subjectAlternativeNames).to.deep.equal(["*.example.com"]);

        const aliases = records.filter((r) => r.inputs.aliases);
        expect(aliases.map((r) => `${r.inputs.type} ${r.inputs.name}`).sort()).to.deep.equal([
            "A *.example.com",
            "A example.com",
            "AAAA *.example.com",
            "AAAA example.com",
        ]);
        const distribution = only(run, DISTRIBUTION);
        for (const alias of aliases) {
            expect(alias.inputs.zoneId).to.equal("Z0123456789ABCDEFGHIJ");
            expect(alias.inputs.aliases).to.deep.equal([
                { name: distribution.outputs.domainName, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false },
            ]);
        }
    });

    it("uses an existing us-east-1 certificate without requesting one or creating a provider", async () => {
        const arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
        const { run } = await build({ mode: "signed", domainNames: ["legacy.example.com"], certificateArn: arn, minimumTlsVersion: "TLSv1" });
        expect(resourcesOf(run, CERTIFICATE)).to.have.length(0);
        expect(resourcesOf(run, "pulumi:providers:aws")).to.have.length(0);
        expect(resourcesOf(run, RECORD)).to.have.length(0);
        expect((only(run, DISTRIBUTION).inputs.viewerCertificate as any).acmCertificateArn).to.equal(arn);
    });

    it("serves SSLv3 only from a dedicated IP (vip)", async () => {
        const { run } = await build({ mode: "signed", ...domain, minimumTlsVersion: "SSLv3", sslSupportMethod: "vip" });
        expect(only(run, DISTRIBUTION).inputs.viewerCertificate).to.deep.include({ minimumProtocolVersion: "SSLv3", sslSupportMethod: "vip" });
    });

    it("without a custom domain uses the default certificate, whose policy is always TLSv1", async () => {
        const { run, front } = await build({ mode: "signed" });
        expect(only(run, DISTRIBUTION).inputs.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true });
        expect(front.securityPolicy).to.equal("TLSv1");
        expect(await promiseOf(front.urls)).to.deep.equal([`https://${only(run, DISTRIBUTION).outputs.domainName}`]);
    });

    const origin = { bucketName: "b", bucketArn: "arn:aws:s3:::b", regionalDomainName: "b.s3.eu-central-1.amazonaws.com" };
    const rejected: Array<[string, Partial<LegacyTlsFrontArgs>, RegExp]> = [
        ["SSLv3 without vip", { ...domain, minimumTlsVersion: "SSLv3" }, /minimumTlsVersion: "SSLv3" is only allowed with sslSupportMethod "vip"/],
        [
            "a certificate outside us-east-1",
            { domainNames: ["legacy.example.com"], certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/abc" },
            /certificateArn: .* is in eu-central-1; CloudFront only uses ACM certificates from us-east-1/,
        ],
        ["a non-default policy without a custom domain", { minimumTlsVersion: "TLSv1.2_2021" }, /minimumTlsVersion: "TLSv1.2_2021" needs a custom domain/],
        ["a domain with no way to get a certificate", { domainNames: ["legacy.example.com"] }, /hostedZoneId: \(missing\) is required/],
    ];
    for (const [what, args, message] of rejected) {
        it(`rejects ${what} before creating anything`, async () => {
            let error: unknown;
            const run = await runProgram(() => {
                try {
                    new LegacyTlsFront("front", { origin, mode: "signed", ...args });
                } catch (e) {
                    error = e;
                }
            });
            expect(error).to.be.instanceOf(ValidationError);
            expect((error as Error).message).to.match(message);
            expect((error as Error).message).to.include('LegacyTlsFront "front"');
            expect(resourcesOf(run, DISTRIBUTION)).to.have.length(0);
            expect(resourcesOf(run, "legacy-tls-front:index:LegacyTlsFront")).to.have.length(0);
        });
    }
});

describe("LegacyTlsFront in the aws-cn partition", () => {
    it("uses an origin access identity and an IAM server certificate, and the bucket trusts that identity", async () => {
        const { run } = await build(
            {
                mode: "signed",
                partition: "aws-cn",
                domainNames: ["legacy.example.com.cn"],
                iamCertificateId: "ASCAEXAMPLE123",
                tags: { "legacy-tls": "true" },
            },
            "cn-north-1",
        );
        expect(resourcesOf(run, OAC)).to.have.length(0);
        const oai = only(run, "aws:cloudfront/originAccessIdentity:OriginAccessIdentity");
        const origin = (only(run, DISTRIBUTION).inputs.origins as any[])[0];
        expect(origin.s3OriginConfig).to.deep.equal({ originAccessIdentity: oai.outputs.cloudfrontAccessIdentityPath });
        expect(origin.originAccessControlId).to.equal(undefined);
        expect(only(run, DISTRIBUTION).inputs.viewerCertificate).to.deep.equal({
            iamCertificateId: "ASCAEXAMPLE123",
            minimumProtocolVersion: "TLSv1.2_2021",
            sslSupportMethod: "sni-only",
        });
        expect(resourcesOf(run, CERTIFICATE)).to.have.length(0);
        // TLSv1.2_2021 is not legacy, so the marker says so even when a user tag tries to claim otherwise.
        expect((only(run, DISTRIBUTION).inputs.tags as Record<string, string>)["legacy-tls"]).to.equal("false");
        const read = policyOf(only(run, BUCKET_POLICY)).Statement.find((s: any) => s.Sid.startsWith("AllowCloudFrontRead"));
        expect(read.Principal).to.deep.equal({ AWS: oai.outputs.iamArn });
        expect(read.Resource).to.match(/^arn:aws-cn:s3:::/);
        expect(read.Condition).to.equal(undefined);
    });
});

describe("LegacyTlsFront access logging", () => {
    const SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
    const DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination";
    const DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";
    const domain = { domainNames: ["legacy.example.com"], hostedZoneId: "Z0123456789ABCDEFGHIJ" };

    it("standard logging (v2): a delivery source, destination and delivery in us-east-1, and no legacy loggingConfig", async () => {
        const { run } = await build({ mode: "signed", accessLogging: { bucketArn: "arn:aws:s3:::acme-logs" } });
        const distribution = only(run, DISTRIBUTION);
        expect(distribution.inputs.loggingConfig).to.equal(undefined);

        const source = only(run, SOURCE);
        expect(source.inputs).to.deep.include({ logType: "ACCESS_LOGS", resourceArn: distribution.outputs.arn });
        // One delivery source per distribution: named after it, replaced by deleting first.
        expect(source.inputs.name).to.equal(`${distribution.id}-access-logs`);
        const destination = only(run, DESTINATION);
        expect(destination.inputs).to.deep.include({
            outputFormat: "json",
            deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::acme-logs/cloudfront" },
        });
        const delivery = only(run, DELIVERY);
        expect(delivery.inputs).to.deep.include({
            deliverySourceName: source.outputs.name,
            deliveryDestinationArn: destination.outputs.arn,
            s3DeliveryConfigurations: [{ suffixPath: "{DistributionId}/{yyyy}/{MM}/{dd}/", enableHiveCompatiblePath: false }],
        });
        // The documented fields, cookies left out as legacy logging leaves them out by default.
        const fields = delivery.inputs.recordFields as string[];
        expect(fields).to.include.members(["date", "time", "c-ip", "cs(User-Agent)", "ssl-protocol", "ssl-cipher"]);
        expect(fields).to.not.include("cs(Cookie)");

        // CloudFront's delivery API lives in us-east-1, whatever the stack's region.
        for (const r of [source, destination, delivery]) expect(regionOfResource(run, r), r.name).to.equal("us-east-1");
        expect(only(run, "pulumi:providers:aws").name).to.equal("front-us-east-1");
    });

    it("shares the us-east-1 provider with the certificate (one provider, the stack's settings)", async () => {
        const { run } = await build({ mode: "signed", ...domain, accessLogging: { bucketArn: "arn:aws:s3:::acme-logs" } });
        const provider = only(run, "pulumi:providers:aws");
        expect(provider.name).to.equal("front-us-east-1");
        for (const type of [SOURCE, DESTINATION, DELIVERY, CERTIFICATE]) expect(only(run, type).provider, type).to.match(/::front-us-east-1::/);
    });

    it("creates the us-east-1 provider for the logs alone (no certificate) with the stack's aws:* settings", async () => {
        const run = await runProgram(
            () => {
                const bucket = new PrivateOriginBucket("content", { protect: false });
                bucket.attachPolicy([new LegacyTlsFront("front", { origin: bucket, mode: "signed", accessLogging: { bucketArn: "arn:aws:s3:::acme-logs" } })]);
            },
            { config: { "aws:profile": "content-prod", "aws:allowedAccountIds": '["123456789012"]' } },
        );
        const provider = only(run, "pulumi:providers:aws");
        expect(provider.inputs).to.include({ region: "us-east-1", profile: "content-prod" });
        expect(JSON.parse(provider.inputs.allowedAccountIds as string)).to.deep.equal(["123456789012"]);
        expect(resourcesOf(run, CERTIFICATE)).to.have.length(0);
    });

    it("puts the delivery resources on an explicit provider of the caller with region us-east-1", async () => {
        const run = await runProgram(() => {
            const mine = new aws.Provider("mine", { region: "eu-central-1" });
            const bucket = new PrivateOriginBucket("content", { protect: false });
            const front = new LegacyTlsFront("front", { origin: bucket, mode: "signed", accessLogging: { bucketArn: "arn:aws:s3:::acme-logs" } }, { provider: mine });
            bucket.attachPolicy([front]);
        });
        expect(resourcesOf(run, "pulumi:providers:aws").map((p) => p.name)).to.deep.equal(["mine"]);
        for (const type of [SOURCE, DESTINATION, DELIVERY]) {
            const r = only(run, type);
            expect(r.provider, type).to.match(/::mine::/);
            expect(r.inputs.region, type).to.equal("us-east-1");
        }
    });

    it("passes the v2 options: format, fields, path, Hive-compatible names, and waits for what bucketArn came from", async () => {
        let policy!: aws.s3.BucketPolicy;
        const run = await runProgram(() => {
            policy = new aws.s3.BucketPolicy("log-policy", { bucket: "acme-logs", policy: "{}" });
            const bucket = new PrivateOriginBucket("content", { protect: false });
            const front = new LegacyTlsFront("front", {
                origin: bucket,
                mode: "signed",
                accessLogging: {
                    // The ARN once the policy exists: dependencies travel with values, in every language.
                    bucketArn: policy.id.apply(() => "arn:aws:s3:::acme-logs"),
                    prefix: "edge/legacy/",
                    outputFormat: "w3c",
                    recordFields: ["date", "time", "ssl-protocol", "ssl-cipher"],
                    suffixPath: "{DistributionId}/{yyyy}/{MM}/",
                    hiveCompatiblePath: true,
                },
            });
            bucket.attachPolicy([front]);
        });
        expect(only(run, DESTINATION).inputs).to.deep.include({
            outputFormat: "w3c",
            deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::acme-logs/edge/legacy" },
        });
        const delivery = only(run, DELIVERY);
        expect(delivery.inputs).to.deep.include({
            recordFields: ["date", "time", "ssl-protocol", "ssl-cipher"],
            s3DeliveryConfigurations: [{ suffixPath: "{DistributionId}/{yyyy}/{MM}/", enableHiveCompatiblePath: true }],
        });
        expect(delivery.dependencies).to.include(only(run, BUCKET_POLICY, "log-policy").urn);
    });

    it("legacy logging (bucketDomainName): loggingConfig, and the distribution waits for what bucketDomainName came from (the bucket's ACL)", async () => {
        const run = await runProgram(() => {
            const ownership = new aws.s3.BucketOwnershipControls("log-ownership", { bucket: "acme-logs", rule: { objectOwnership: "BucketOwnerPreferred" } });
            const acl = new aws.s3.BucketAcl("log-acl", { bucket: "acme-logs", acl: "log-delivery-write" }, { dependsOn: [ownership] });
            const bucket = new PrivateOriginBucket("content", { protect: false });
            const front = new LegacyTlsFront("front", {
                origin: bucket,
                mode: "signed",
                accessLogging: { bucketDomainName: pulumi.all([ownership.id, acl.id]).apply(() => "acme-logs.s3.amazonaws.com") },
            });
            bucket.attachPolicy([front]);
        });
        const distribution = only(run, DISTRIBUTION);
        expect(distribution.inputs.loggingConfig).to.deep.equal({ bucket: "acme-logs.s3.amazonaws.com", prefix: "cloudfront/", includeCookies: false });
        expect(distribution.dependencies).to.include.members([
            only(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "log-ownership").urn,
            only(run, "aws:s3/bucketAcl:BucketAcl", "log-acl").urn,
        ]);
        for (const type of [SOURCE, DESTINATION, DELIVERY]) expect(resourcesOf(run, type), type).to.have.length(0);
    });

    it("plans v2 logging in preview mode, where the distribution's ARN and ID are unknown", async () => {
        const run = await runProgram(
            () => {
                const bucket = new PrivateOriginBucket("content", { protect: false });
                bucket.attachPolicy([new LegacyTlsFront("front", { origin: bucket, mode: "signed", accessLogging: { bucketArn: "arn:aws:s3:::acme-logs" } })]);
            },
            { preview: true },
        );
        expect(resourcesOf(run, DELIVERY)).to.have.length(1);
    });

    const origin = { bucketName: "b", bucketArn: "arn:aws:s3:::b", regionalDomainName: "b.s3.eu-central-1.amazonaws.com" };
    const messages = (accessLogging: any, extra: Partial<LegacyTlsFrontArgs> = {}): string[] =>
        validateLegacyTlsFrontArgs({ origin, mode: "signed", accessLogging, ...extra })
            .filter((i) => i.path.startsWith("accessLogging"))
            .map((i) => `${i.path}: ${JSON.stringify(i.value)} ${i.problem}`);

    it("validates the logging settings, naming the field and what is allowed", () => {
        expect(messages({ bucketArn: "arn:aws:s3:::acme-logs" })).to.deep.equal([]);
        expect(messages({ bucketDomainName: "acme-logs.s3.amazonaws.com", includeCookies: true })).to.deep.equal([]);
        expect(messages({})).to.deep.equal([
            "accessLogging: {} needs bucketArn (standard logging v2, recommended) or bucketDomainName (legacy logging, to a bucket with ACLs enabled)",
        ]);
        expect(messages({ bucketArn: "arn:aws:s3:::acme-logs", bucketDomainName: "acme-old-logs.s3.amazonaws.com" })).to.deep.equal([
            'accessLogging.bucketDomainName: "acme-old-logs.s3.amazonaws.com" cannot be combined with bucketArn: give bucketArn for standard logging (v2) or bucketDomainName for legacy logging',
        ]);
        expect(messages({ bucketArn: "acme-logs" })).to.deep.equal([
            'accessLogging.bucketArn: "acme-logs" is not an S3 bucket ARN such as arn:aws:s3:::acme-logs (the bucket itself, no key)',
        ]);
        // The settings schema's findings first (in the order of the keys), then the rules that tie settings together.
        expect(messages({ bucketArn: "arn:aws:s3:::acme-logs", includeCookies: true, outputFormat: "csv", recordFields: ["date", "date"], hiveCompatiblePath: "yes" })).to.deep.equal([
            'accessLogging.hiveCompatiblePath: "yes" is not a boolean (true | false)',
            'accessLogging.outputFormat: "csv" is not one of json | w3c | plain | parquet',
            "accessLogging.includeCookies: true only applies to legacy logging (bucketDomainName); with standard logging (v2) list cs(Cookie) in recordFields",
            'accessLogging.recordFields[1]: "date" is listed twice',
        ]);
        expect(messages({ bucketArn: "arn:aws:s3:::acme-logs", recordFields: [] })).to.deep.equal([
            `accessLogging.recordFields: [] is not a list of 1 to ${MAX_LOG_RECORD_FIELDS} items`,
        ]);
        expect(messages({ bucketArn: "arn:aws:s3:::acme-logs", recordFields: ["date", "", "x".repeat(65)] })).to.deep.equal([
            'accessLogging.recordFields[1]: "" is not a string of 1 to 64 characters',
            `accessLogging.recordFields[2]: "${"x".repeat(65)}" is not a string of 1 to 64 characters`,
        ]);
        expect(messages({ bucketArn: "arn:aws:s3:::acme-logs", suffixPath: "{DistributionId}//{yyyy}/" })).to.deep.equal([
            'accessLogging.suffixPath: "{DistributionId}//{yyyy}/" is not an S3 path such as "{DistributionId}/{yyyy}/{MM}/{dd}/" (1 to 256 safe characters and {variables}, no "//")',
        ]);
        // dependsOn is gone from the settings (0.2.0): dependencies travel with the values.
        expect(messages({ bucketDomainName: "acme-logs.s3.amazonaws.com", dependsOn: [] })).to.have.length(1);
        expect(messages({ bucketDomainName: "acme-logs.s3.amazonaws.com", outputFormat: "json", suffixPath: "x/" })).to.deep.equal([
            'accessLogging.outputFormat: "json" only applies to standard logging (v2, with bucketArn), not to legacy logging',
            'accessLogging.suffixPath: "x/" only applies to standard logging (v2, with bucketArn), not to legacy logging',
        ]);
        expect(messages({ bucketArn: "arn:aws:s3:::acme-logs", prefix: "/logs" })).to.deep.equal([
            'accessLogging.prefix: "/logs" is not a key prefix such as "cloudfront/" (safe characters, no leading "/")',
        ]);
        expect(messages({ bucketArn: "arn:aws-cn:s3:::acme-logs" }, { partition: "aws-cn", domainNames: ["a.example.cn"], iamCertificateId: "ASCA1" })).to.deep.equal([
            'accessLogging.bucketArn: "arn:aws-cn:s3:::acme-logs" is not available in partition "aws-cn": CloudFront has no standard logging (v2) in China; use bucketDomainName (legacy logging)',
        ]);
    });
});

import { expect } from "chai";
import { SecurityPolicy, isLegacyPolicy, minimumProtocolOf } from "../components/cloudfront-facts";
import { LegacyTlsFrontArgs, validateLegacyTlsFrontArgs } from "../components/legacy-tls-front";
import { validatePrivateOriginBucketArgs } from "../components/private-origin-bucket";
import { Issue, formatIssue } from "../components/validation";
import { ViewerTls, ViewerTlsInput, resolveViewerTls, validateViewerTls } from "../components/viewer-tls";

const ACM_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const IAM_CERT_ID = "ASCAEXAMPLEIAMCERTID";
const ZONE = "Z0123456789ABCDEFGHIJ";

// Stands for a pulumi Output: not a plain string, so its value is not known when validating.
const unknownOutput = { __pulumiOutput: true } as unknown;

// The one-line messages of the issues, for exact comparison.
function messages(issues: readonly Issue[]): string[] {
    return issues.map(formatIssue);
}

// Asserts there is exactly one issue and returns its formatted message.
function onlyIssue(issues: readonly Issue[], path: string): string {
    expect(messages(issues), "issues").to.have.lengthOf(1);
    expect(issues[0].path).to.equal(path);
    return formatIssue(issues[0]);
}

// The settings the distribution receives; the result also carries the handshake model's setup and the clients.
function settingsOf(tls: ViewerTls): Pick<ViewerTls, "certificateSource" | "securityPolicy" | "sslSupportMethod"> {
    const { certificateSource, securityPolicy, sslSupportMethod } = tls;
    return { certificateSource, securityPolicy, ...(sslSupportMethod !== undefined ? { sslSupportMethod } : {}) };
}

describe("resolveViewerTls", () => {
    it("uses the default certificate and the TLSv1 policy without a domain, with no sslSupportMethod", () => {
        const tls = resolveViewerTls({ partition: "aws" });
        expect(settingsOf(tls)).to.deep.equal({ certificateSource: "cloudfront-default", securityPolicy: "TLSv1" });
        expect(tls).to.not.have.property("sslSupportMethod");
    });

    it("treats an empty domain list as no domain, whatever policy was asked for", () => {
        const tls = resolveViewerTls({ partition: "aws", domainNames: [], minimumTlsVersion: "TLSv1.2_2021" });
        expect(settingsOf(tls)).to.deep.equal({ certificateSource: "cloudfront-default", securityPolicy: "TLSv1" });
    });

    it("defaults a custom domain to a created ACM certificate, TLSv1.2_2021 and sni-only", () => {
        expect(settingsOf(resolveViewerTls({ partition: "aws", domainNames: ["legacy.example.com"], hostedZoneId: ZONE }))).to.deep.equal({
            certificateSource: "acm-created",
            securityPolicy: "TLSv1.2_2021",
            sslSupportMethod: "sni-only",
        });
    });

    it("keeps an explicit legacy policy and vip", () => {
        expect(
            settingsOf(
                resolveViewerTls({
                    partition: "aws",
                    domainNames: ["legacy.example.com"],
                    hostedZoneId: ZONE,
                    minimumTlsVersion: "TLSv1_2016",
                    sslSupportMethod: "vip",
                }),
            ),
        ).to.deep.equal({ certificateSource: "acm-created", securityPolicy: "TLSv1_2016", sslSupportMethod: "vip" });
    });

    describe("certificate source precedence", () => {
        const base: ViewerTlsInput = { partition: "aws", domainNames: ["legacy.example.com"], hostedZoneId: ZONE };
        it("iamCertificateId wins over certificateArn", () => {
            expect(resolveViewerTls({ ...base, iamCertificateId: IAM_CERT_ID, certificateArn: ACM_ARN }).certificateSource).to.equal("iam");
        });
        it("certificateArn gives an existing ACM certificate", () => {
            expect(resolveViewerTls({ ...base, certificateArn: ACM_ARN }).certificateSource).to.equal("acm-existing");
        });
        it("neither gives a created ACM certificate", () => {
            expect(resolveViewerTls(base).certificateSource).to.equal("acm-created");
        });
        it("an unknown (output) certificate still counts as given", () => {
            expect(resolveViewerTls({ ...base, certificateArn: unknownOutput }).certificateSource).to.equal("acm-existing");
            expect(resolveViewerTls({ ...base, iamCertificateId: unknownOutput }).certificateSource).to.equal("iam");
        });
    });
});

describe("validateViewerTls", () => {
    const domain = { domainNames: ["legacy.example.com"] } as const;

    describe("accepted combinations", () => {
        const accepted: [string, ViewerTlsInput][] = [
            ["no domain, no settings", { partition: "aws" }],
            ["no domain with the TLSv1 policy it always gets", { partition: "aws", minimumTlsVersion: "TLSv1" }],
            ["no domain with sni-only", { partition: "aws", sslSupportMethod: "sni-only" }],
            ["domain with a hosted zone", { partition: "aws", ...domain, hostedZoneId: ZONE }],
            ["domain with an existing us-east-1 ACM certificate", { partition: "aws", ...domain, certificateArn: ACM_ARN }],
            ["domain with an IAM certificate", { partition: "aws", ...domain, iamCertificateId: IAM_CERT_ID }],
            ["SSLv3 with vip", { partition: "aws", ...domain, hostedZoneId: ZONE, minimumTlsVersion: "SSLv3", sslSupportMethod: "vip" }],
            ["TLSv1_2016 with sni-only", { partition: "aws", ...domain, hostedZoneId: ZONE, minimumTlsVersion: "TLSv1_2016" }],
            ["wildcard and apex", { partition: "aws", domainNames: ["*.example.com", "example.com"], hostedZoneId: ZONE }],
            ["aws-cn with a domain and an IAM certificate", { partition: "aws-cn", domainNames: ["legacy.example.cn"], iamCertificateId: IAM_CERT_ID }],
        ];
        for (const [name, input] of accepted) {
            it(name, () => expect(messages(validateViewerTls(input))).to.deep.equal([]));
        }
    });

    it("rejects SSLv3 with sni-only", () => {
        const message = onlyIssue(
            validateViewerTls({ partition: "aws", ...domain, hostedZoneId: ZONE, minimumTlsVersion: "SSLv3", sslSupportMethod: "sni-only" }),
            "minimumTlsVersion",
        );
        expect(message).to.equal(
            'minimumTlsVersion: "SSLv3" is only allowed with sslSupportMethod "vip" (clients old enough for SSLv3 do not send SNI)',
        );
    });

    it("rejects SSLv3 when sslSupportMethod is left at its sni-only default", () => {
        const message = onlyIssue(
            validateViewerTls({ partition: "aws", ...domain, hostedZoneId: ZONE, minimumTlsVersion: "SSLv3" }),
            "minimumTlsVersion",
        );
        expect(message).to.match(/^minimumTlsVersion: "SSLv3" is only allowed with sslSupportMethod "vip"/);
    });

    it("rejects a non-default policy without a custom domain (CloudFront would ignore it)", () => {
        const message = onlyIssue(validateViewerTls({ partition: "aws", minimumTlsVersion: "TLSv1.2_2021" }), "minimumTlsVersion");
        expect(message).to.equal(
            'minimumTlsVersion: "TLSv1.2_2021" needs a custom domain (domainNames): with the default *.cloudfront.net name ' +
                "CloudFront always applies TLSv1 and would silently ignore this setting",
        );
    });

    it("rejects vip without a custom domain", () => {
        const message = onlyIssue(validateViewerTls({ partition: "aws", sslSupportMethod: "vip" }), "sslSupportMethod");
        expect(message).to.equal('sslSupportMethod: "vip" needs a custom domain (domainNames)');
    });

    for (const [key, value] of [
        ["certificateArn", ACM_ARN],
        ["iamCertificateId", IAM_CERT_ID],
        ["hostedZoneId", ZONE],
    ] as const) {
        it(`rejects ${key} without a custom domain`, () => {
            const message = onlyIssue(validateViewerTls({ partition: "aws", [key]: value }), key);
            expect(message).to.equal(`${key}: "${value}" needs a custom domain (domainNames) to apply to`);
        });
    }

    it("rejects an ACM certificate outside us-east-1", () => {
        const arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
        const message = onlyIssue(validateViewerTls({ partition: "aws", ...domain, certificateArn: arn }), "certificateArn");
        expect(message).to.equal(`certificateArn: "${arn}" is in eu-west-1; CloudFront only uses ACM certificates from us-east-1`);
    });

    for (const bad of [
        "arn:aws:iam::123456789012:server-certificate/legacy",
        "arn:aws:acm:us-east-1:123456789012:private-ca/abc",
        "0a1b2c3d-4e5f-6789-abcd-ef0123456789",
    ]) {
        it(`rejects a certificateArn that is not an ACM certificate ARN: ${bad}`, () => {
            const message = onlyIssue(validateViewerTls({ partition: "aws", ...domain, certificateArn: bad }), "certificateArn");
            expect(message).to.equal(
                `certificateArn: ${JSON.stringify(bad)} is not an ACM certificate ARN (arn:aws:acm:us-east-1:ACCOUNT:certificate/ID)`,
            );
        });
    }

    it("rejects both certificateArn and iamCertificateId", () => {
        const message = onlyIssue(
            validateViewerTls({ partition: "aws", ...domain, certificateArn: ACM_ARN, iamCertificateId: IAM_CERT_ID }),
            "iamCertificateId",
        );
        expect(message).to.equal(`iamCertificateId: "${IAM_CERT_ID}" cannot be combined with certificateArn (give one certificate)`);
    });

    it("requires a hosted zone or a certificate for a custom domain", () => {
        const message = onlyIssue(validateViewerTls({ partition: "aws", ...domain }), "hostedZoneId");
        expect(message).to.equal(
            "hostedZoneId: (missing) is required to request and validate a certificate for domainNames; or give certificateArn",
        );
    });

    it("rejects invalid domain names, each at its index", () => {
        const issues = validateViewerTls({
            partition: "aws",
            domainNames: ["legacy.example.com", "Upper.example.com", "localhost", "a..example.com", "*.*.example.com"],
            hostedZoneId: ZONE,
        });
        expect(issues.map((i) => i.path)).to.deep.equal(["domainNames[1]", "domainNames[2]", "domainNames[3]", "domainNames[4]"]);
        expect(formatIssue(issues[0])).to.equal(
            'domainNames[1]: "Upper.example.com" is not a lower-case DNS name such as legacy.example.com or *.example.com',
        );
    });

    it("rejects a domain listed twice, at the second occurrence", () => {
        const message = onlyIssue(
            validateViewerTls({ partition: "aws", domainNames: ["a.example.com", "b.example.com", "a.example.com"], hostedZoneId: ZONE }),
            "domainNames[2]",
        );
        expect(message).to.equal('domainNames[2]: "a.example.com" is listed twice');
    });

    // The allowed values are the settings schema's to report (see validateLegacyTlsFrontArgs below); the
    // combination rules skip a value that is none of them rather than guess what was meant.
    it("leaves an unknown policy name and method to the settings schema, and does not guess with them", () => {
        const issues = validateViewerTls({
            partition: "aws",
            minimumTlsVersion: "TLSv1.0" as SecurityPolicy,
            sslSupportMethod: "static-ip" as "vip",
            clients: ["Java 6u45"],
        });
        expect(messages(issues)).to.deep.equal([]);
    });

    describe("aws-cn", () => {
        it("requires a custom domain (*.cloudfront.cn cannot serve content)", () => {
            const message = onlyIssue(validateViewerTls({ partition: "aws-cn" }), "domainNames");
            expect(message).to.equal(
                "domainNames: (missing) must name at least one domain in aws-cn: CloudFront cannot serve content on *.cloudfront.cn",
            );
        });

        it("rejects an ACM certificate", () => {
            const issues = validateViewerTls({ partition: "aws-cn", domainNames: ["legacy.example.cn"], certificateArn: ACM_ARN });
            expect(messages(issues)).to.deep.equal([
                `certificateArn: "${ACM_ARN}" cannot be used in aws-cn: CloudFront in China does not support ACM; use iamCertificateId`,
                "iamCertificateId: (missing) is required in aws-cn: upload the certificate to IAM (path /cloudfront/) and give its ID",
            ]);
        });

        it("rejects an ACM certificate even when its value is not known yet", () => {
            const issues = validateViewerTls({
                partition: "aws-cn",
                domainNames: ["legacy.example.cn"],
                iamCertificateId: IAM_CERT_ID,
                certificateArn: unknownOutput,
            });
            expect(issues.map((i) => i.path)).to.include("certificateArn");
            expect(issues.map((i) => i.problem)).to.include(
                "cannot be used in aws-cn: CloudFront in China does not support ACM; use iamCertificateId",
            );
        });

        it("requires an IAM certificate, a hosted zone is not enough", () => {
            const message = onlyIssue(
                validateViewerTls({ partition: "aws-cn", domainNames: ["legacy.example.cn"], hostedZoneId: ZONE }),
                "iamCertificateId",
            );
            expect(message).to.match(/^iamCertificateId: \(missing\) is required in aws-cn/);
        });
    });

    describe("values not known yet (outputs)", () => {
        it("skips a certificateArn that is not a plain string", () => {
            expect(messages(validateViewerTls({ partition: "aws", ...domain, certificateArn: unknownOutput }))).to.deep.equal([]);
        });
        it("accepts an unknown hosted zone or IAM certificate ID as given", () => {
            expect(messages(validateViewerTls({ partition: "aws", ...domain, hostedZoneId: unknownOutput }))).to.deep.equal([]);
            expect(
                messages(validateViewerTls({ partition: "aws-cn", domainNames: ["legacy.example.cn"], iamCertificateId: unknownOutput })),
            ).to.deep.equal([]);
        });
    });
});

describe("minimumProtocolOf and isLegacyPolicy", () => {
    const table: [SecurityPolicy, string, boolean][] = [
        ["SSLv3", "SSLv3", true],
        ["TLSv1", "TLSv1", true],
        ["TLSv1_2016", "TLSv1", true],
        ["TLSv1.1_2016", "TLSv1.1", true],
        ["TLSv1.2_2018", "TLSv1.2", false],
        ["TLSv1.2_2019", "TLSv1.2", false],
        ["TLSv1.2_2021", "TLSv1.2", false],
        ["TLSv1.2_2025", "TLSv1.2", false],
        ["TLSv1.3_2025", "TLSv1.3", false],
    ];
    for (const [policy, protocol, legacy] of table) {
        it(`${policy}: oldest protocol ${protocol}, ${legacy ? "legacy" : "not legacy"}`, () => {
            expect(minimumProtocolOf(policy)).to.equal(protocol);
            expect(isLegacyPolicy(policy)).to.equal(legacy);
        });
    }

    it("throws a RangeError naming an unknown policy", () => {
        expect(() => minimumProtocolOf("TLSv1.0" as SecurityPolicy)).to.throw(RangeError, 'unknown CloudFront security policy "TLSv1.0"');
    });
});

describe("validateLegacyTlsFrontArgs", () => {
    const origin = {
        bucketName: "acme-legacy-content",
        bucketArn: "arn:aws:s3:::acme-legacy-content",
        regionalDomainName: "acme-legacy-content.s3.eu-west-1.amazonaws.com",
    };
    const args = (extra: Partial<LegacyTlsFrontArgs> = {}): LegacyTlsFrontArgs => ({ origin, mode: "signed", ...extra });
    const WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/legacy-front/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

    it("accepts the minimal arguments", () => {
        expect(messages(validateLegacyTlsFrontArgs(args()))).to.deep.equal([]);
    });

    it("accepts a full prod-like front", () => {
        const issues = validateLegacyTlsFrontArgs(
            args({
                domainNames: ["legacy.example.com"],
                hostedZoneId: ZONE,
                minimumTlsVersion: "TLSv1_2016",
                sslSupportMethod: "sni-only",
                uploads: true,
                listBucket: true,
                webAclArn: WEB_ACL,
                accessLogging: { bucketDomainName: "acme-logs.s3.amazonaws.com" },
                geoRestriction: { restrictionType: "whitelist", locations: ["DE", "FR"] },
                customErrorResponses: [{ errorCode: 404, responseCode: 404, responsePagePath: "/errors/404.html", errorCachingMinTtl: 60 }],
                defaultRootObject: "index.html",
            }),
        );
        expect(messages(issues)).to.deep.equal([]);
    });

    it("rejects an unknown mode with the allowed modes, suggesting the closest", () => {
        const message = onlyIssue(validateLegacyTlsFrontArgs(args({ mode: "sign" as "signed" })), "mode");
        expect(message).to.equal('mode: "sign" is not one of signed | unsigned | presigned (did you mean signed?)');
    });

    it("rejects an unknown policy name and method with the allowed values", () => {
        const issues = validateLegacyTlsFrontArgs(
            args({
                domainNames: ["legacy.example.com"],
                hostedZoneId: ZONE,
                minimumTlsVersion: "TLSv1.0" as SecurityPolicy,
                sslSupportMethod: "static-ip" as "vip",
            }),
        );
        expect(messages(issues)).to.deep.equal([
            'minimumTlsVersion: "TLSv1.0" is not one of SSLv3 | TLSv1 | TLSv1_2016 | TLSv1.1_2016 | TLSv1.2_2018 | ' +
                "TLSv1.2_2019 | TLSv1.2_2021 | TLSv1.2_2025 | TLSv1.3_2025",
            'sslSupportMethod: "static-ip" is not one of sni-only | vip',
        ]);
    });

    it("reports every path under a prefix (a stack config section)", () => {
        const issues = validateLegacyTlsFrontArgs(args({ mode: "presigned", listBucket: true, priceClass: "everywhere" as "PriceClass_100" }), "front");
        expect(messages(issues)).to.deep.equal([
            'front.priceClass: "everywhere" is not one of PriceClass_All | PriceClass_200 | PriceClass_100',
            'front.listBucket: true only applies in mode "signed" (in "presigned" S3 checks the viewer\'s own permissions)',
        ]);
    });

    it("rejects listBucket outside signed mode", () => {
        const message = onlyIssue(validateLegacyTlsFrontArgs(args({ mode: "presigned", listBucket: true })), "listBucket");
        expect(message).to.equal('listBucket: true only applies in mode "signed" (in "presigned" S3 checks the viewer\'s own permissions)');
    });

    it("includes the viewer TLS rules (SSLv3 without vip)", () => {
        const issues = validateLegacyTlsFrontArgs(args({ domainNames: ["legacy.example.com"], hostedZoneId: ZONE, minimumTlsVersion: "SSLv3" }));
        expect(issues.map((i) => i.path)).to.deep.equal(["minimumTlsVersion"]);
    });

    it("checks aws-cn rules when the partition is aws-cn", () => {
        const issues = validateLegacyTlsFrontArgs(args({ partition: "aws-cn" }));
        expect(issues.map((i) => i.path)).to.deep.equal(["domainNames"]);
    });

    it("rejects an unknown partition and skips the TLS rules that depend on it", () => {
        const issues = validateLegacyTlsFrontArgs(args({ partition: "aws-us-gov" as "aws" }));
        expect(messages(issues)).to.deep.equal(['partition: "aws-us-gov" is not one of aws | aws-cn']);
    });

    it("accepts a CLOUDFRONT-scope WAFv2 web ACL in us-east-1", () => {
        expect(messages(validateLegacyTlsFrontArgs(args({ webAclArn: WEB_ACL })))).to.deep.equal([]);
    });

    for (const [name, arn] of [
        ["a regional web ACL", "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/legacy/abcd"],
        ["a global web ACL outside us-east-1", "arn:aws:wafv2:eu-west-1:123456789012:global/webacl/legacy/abcd"],
        ["a regional-scope ACL in us-east-1", "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/legacy/abcd"],
        ["a WAF classic ACL", "arn:aws:waf::123456789012:webacl/abcd"],
        ["a bare ID", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"],
    ] as const) {
        it(`rejects ${name} as webAclArn`, () => {
            const message = onlyIssue(validateLegacyTlsFrontArgs(args({ webAclArn: arn })), "webAclArn");
            expect(message).to.equal(
                `webAclArn: "${arn}" is not a WAFv2 web ACL of CLOUDFRONT scope (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID)`,
            );
        });
    }

    it("skips a webAclArn that is not known yet", () => {
        expect(messages(validateLegacyTlsFrontArgs(args({ webAclArn: unknownOutput as string })))).to.deep.equal([]);
    });

    it("rejects bad error responses, root object, geo restriction and log bucket, each at its path", () => {
        const issues = validateLegacyTlsFrontArgs(
            args({
                defaultRootObject: "/index.html",
                customErrorResponses: [{ errorCode: 302, responsePagePath: "errors/404.html" }],
                geoRestriction: { restrictionType: "whitelist", locations: [] },
                accessLogging: { bucketDomainName: "acme-logs" },
            }),
        );
        // The settings schema reports them, in the order of the settings' keys.
        expect(issues.map((i) => i.path)).to.deep.equal([
            "accessLogging.bucketDomainName",
            "customErrorResponses[0].errorCode",
            "customErrorResponses[0].responsePagePath",
            "defaultRootObject",
            "geoRestriction.locations",
        ]);
        expect(messages(issues)).to.deep.equal([
            'accessLogging.bucketDomainName: "acme-logs" is not an S3 bucket domain name such as acme-logs.s3.amazonaws.com',
            "customErrorResponses[0].errorCode: 302 is not a whole number from 400 to 599",
            'customErrorResponses[0].responsePagePath: "errors/404.html" is not an object path starting with "/", e.g. "/errors/404.html"',
            'defaultRootObject: "/index.html" is not an object name without a leading "/", e.g. "index.html"',
            "geoRestriction.locations: [] is not a list of at least 1 items",
        ]);
    });
});

describe("validatePrivateOriginBucketArgs", () => {
    it("accepts no arguments", () => {
        expect(messages(validatePrivateOriginBucketArgs({}))).to.deep.equal([]);
    });

    it("rejects forceDestroy with protect left at its default (true)", () => {
        const message = onlyIssue(validatePrivateOriginBucketArgs({ forceDestroy: true }), "forceDestroy");
        expect(message).to.equal("forceDestroy: true is only allowed with protect: false (a protected bucket keeps its data on destroy)");
    });

    it("rejects forceDestroy with protect: true", () => {
        expect(validatePrivateOriginBucketArgs({ forceDestroy: true, protect: true }).map((i) => i.path)).to.deep.equal(["forceDestroy"]);
    });

    it("accepts forceDestroy with protect: false", () => {
        expect(messages(validatePrivateOriginBucketArgs({ forceDestroy: true, protect: false }))).to.deep.equal([]);
    });

    it("rejects forceDestroy on an adopted bucket", () => {
        const message = onlyIssue(
            validatePrivateOriginBucketArgs({ existingBucketName: "acme-existing", forceDestroy: true, protect: false }),
            "forceDestroy",
        );
        expect(message).to.equal("forceDestroy: true does not apply to an adopted bucket (existingBucketName), which is never deleted");
    });

    it("accepts transitions that happen before the versions expire", () => {
        const issues = validatePrivateOriginBucketArgs({
            noncurrentVersionTransitions: [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 60, storageClass: "GLACIER_IR" },
            ],
        });
        expect(messages(issues)).to.deep.equal([]);
    });

    it("rejects a transition on or after the default 90-day expiration", () => {
        const message = onlyIssue(
            validatePrivateOriginBucketArgs({ noncurrentVersionTransitions: [{ days: 90, storageClass: "GLACIER" }] }),
            "noncurrentVersionTransitions[0].days",
        );
        expect(message).to.equal(
            "noncurrentVersionTransitions[0].days: 90 must be less than noncurrentVersionExpirationDays (90), or the version expires first",
        );
    });

    it("allows any transition day when versions are kept forever (expiration 0)", () => {
        const issues = validatePrivateOriginBucketArgs({
            noncurrentVersionExpirationDays: 0,
            noncurrentVersionTransitions: [{ days: 400, storageClass: "DEEP_ARCHIVE" }],
        });
        expect(messages(issues)).to.deep.equal([]);
    });

    it("rejects an unknown storage class and a zero-day transition", () => {
        const issues = validatePrivateOriginBucketArgs({
            noncurrentVersionTransitions: [{ days: 0, storageClass: "REDUCED_REDUNDANCY" as "GLACIER" }],
        });
        expect(messages(issues)).to.deep.equal([
            "noncurrentVersionTransitions[0].days: 0 is not a whole number from 1 to 36500",
            'noncurrentVersionTransitions[0].storageClass: "REDUCED_REDUNDANCY" is not one of STANDARD_IA | ONEZONE_IA | ' +
                "INTELLIGENT_TIERING | GLACIER_IR | GLACIER | DEEP_ARCHIVE",
        ]);
    });

    it("rejects kmsKeyArn without sse-kms and accepts it with sse-kms", () => {
        const arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const message = onlyIssue(validatePrivateOriginBucketArgs({ kmsKeyArn: arn }), "kmsKeyArn");
        expect(message).to.equal(`kmsKeyArn: "${arn}" is only used with encryption "sse-kms"`);
        expect(messages(validatePrivateOriginBucketArgs({ kmsKeyArn: arn, encryption: "sse-kms" }))).to.deep.equal([]);
    });

    it("rejects both bucketName and existingBucketName, and invalid names", () => {
        expect(
            validatePrivateOriginBucketArgs({ bucketName: "acme-new", existingBucketName: "acme-old" }).map((i) => i.path),
        ).to.deep.equal(["bucketName"]);
        for (const bad of ["ab", "Acme", "acme_content", "-acme", `a${"b".repeat(63)}`]) {
            expect(validatePrivateOriginBucketArgs({ bucketName: bad }).map((i) => i.path), bad).to.deep.equal(["bucketName"]);
        }
        expect(messages(validatePrivateOriginBucketArgs({ bucketName: "abc" }))).to.deep.equal([]);
    });
});

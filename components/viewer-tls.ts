/**
 * How a distribution presents itself to viewers over TLS: which certificate, which security policy,
 * SNI or a dedicated IP. Pure functions: the component, the plan and the tests all ask the same ones.
 */
import { DEFAULT_CERTIFICATE_POLICY, Partition, SECURITY_POLICY_NAMES, SecurityPolicy } from "./cloudfront-facts";
import { Issue, checkDomainName, checkOneOf, parseArn } from "./validation";

/** How CloudFront serves HTTPS to viewers of a custom domain. */
export type SslSupportMethod = "sni-only" | "vip";

/** Where the certificate for the custom domain comes from. */
export type CertificateSource =
    /** No custom domain: CloudFront's `*.cloudfront.net` certificate, always with the TLSv1 policy. */
    | "cloudfront-default"
    /** An ACM certificate this component requests in us-east-1 and validates by DNS in the hosted zone. */
    | "acm-created"
    /** An existing ACM certificate in us-east-1 (for example one imported from a CA old clients trust). */
    | "acm-existing"
    /** An IAM server certificate (the only kind CloudFront accepts in the aws-cn partition). */
    | "iam";

/** The viewer-facing TLS inputs of a front, a subset of its arguments. */
export interface ViewerTlsInput {
    /** The AWS partition (`aws-cn` has no ACM on CloudFront). */
    readonly partition: Partition;
    /** Alternate domain names; none means the default `*.cloudfront.net` certificate. */
    readonly domainNames?: readonly string[];
    /** Route 53 zone for DNS validation; `unknown` because it may be an output (then only presence counts). */
    readonly hostedZoneId?: unknown;
    /** Existing ACM certificate; checked only when it is a plain string. */
    readonly certificateArn?: unknown;
    /** IAM server certificate ID; checked only for presence. */
    readonly iamCertificateId?: unknown;
    /** Requested security policy. */
    readonly minimumTlsVersion?: SecurityPolicy;
    /** Requested SSL support method. */
    readonly sslSupportMethod?: SslSupportMethod;
}

/** The resolved viewer TLS settings. */
export interface ViewerTls {
    /** Where the certificate comes from. */
    readonly certificateSource: CertificateSource;
    /** The security policy CloudFront will actually apply. */
    readonly securityPolicy: SecurityPolicy;
    /** `undefined` with the default certificate, where it does not apply. */
    readonly sslSupportMethod?: SslSupportMethod;
}

/**
 * The default policy for a custom domain. Secure unless asked otherwise: legacy protocols are an
 * explicit choice, so reviews and policy checks can see who made it.
 */
export const DEFAULT_CUSTOM_DOMAIN_POLICY: SecurityPolicy = "TLSv1.2_2021";

/** Resolves what CloudFront will do; call {@link validateViewerTls} first. */
export function resolveViewerTls(input: ViewerTlsInput): ViewerTls {
    const hasDomain = (input.domainNames ?? []).length > 0;
    if (!hasDomain) return { certificateSource: "cloudfront-default", securityPolicy: DEFAULT_CERTIFICATE_POLICY };
    const certificateSource: CertificateSource =
        input.iamCertificateId !== undefined ? "iam" : input.certificateArn !== undefined ? "acm-existing" : "acm-created";
    return {
        certificateSource,
        securityPolicy: input.minimumTlsVersion ?? DEFAULT_CUSTOM_DOMAIN_POLICY,
        sslSupportMethod: input.sslSupportMethod ?? "sni-only",
    };
}

/**
 * Every impossible or silently-ignored combination of viewer TLS settings. Values not known yet
 * (outputs) are skipped, so a preview never fails on them.
 */
export function validateViewerTls(input: ViewerTlsInput): Issue[] {
    const issues: Issue[] = [];
    const names = input.domainNames ?? [];
    const hasDomain = names.length > 0;
    const seen = new Set<string>();
    names.forEach((name, i) => {
        checkDomainName(`domainNames[${i}]`, name, issues);
        if (seen.has(name)) issues.push({ path: `domainNames[${i}]`, value: name, problem: "is listed twice" });
        seen.add(name);
    });

    const policyOk =
        input.minimumTlsVersion === undefined ||
        checkOneOf("minimumTlsVersion", input.minimumTlsVersion, SECURITY_POLICY_NAMES, issues);
    const methodOk =
        input.sslSupportMethod === undefined ||
        checkOneOf("sslSupportMethod", input.sslSupportMethod, ["sni-only", "vip"], issues);

    if (!hasDomain) {
        if (policyOk && input.minimumTlsVersion !== undefined && input.minimumTlsVersion !== DEFAULT_CERTIFICATE_POLICY) {
            issues.push({
                path: "minimumTlsVersion",
                value: input.minimumTlsVersion,
                problem:
                    `needs a custom domain (domainNames): with the default *.cloudfront.net name CloudFront ` +
                    `always applies ${DEFAULT_CERTIFICATE_POLICY} and would silently ignore this setting`,
            });
        }
        if (methodOk && input.sslSupportMethod === "vip") {
            issues.push({ path: "sslSupportMethod", value: "vip", problem: "needs a custom domain (domainNames)" });
        }
        for (const key of ["certificateArn", "iamCertificateId", "hostedZoneId"] as const) {
            if (input[key] !== undefined) {
                issues.push({ path: key, value: input[key], problem: "needs a custom domain (domainNames) to apply to" });
            }
        }
    }

    if (policyOk && input.minimumTlsVersion === "SSLv3" && (input.sslSupportMethod ?? "sni-only") !== "vip") {
        issues.push({
            path: "minimumTlsVersion",
            value: "SSLv3",
            problem: 'is only allowed with sslSupportMethod "vip" (clients old enough for SSLv3 do not send SNI)',
        });
    }

    if (input.certificateArn !== undefined && input.iamCertificateId !== undefined) {
        issues.push({
            path: "iamCertificateId",
            value: input.iamCertificateId,
            problem: "cannot be combined with certificateArn (give one certificate)",
        });
    }
    if (typeof input.certificateArn === "string") {
        const arn = parseArn(input.certificateArn);
        if (!arn || arn.service !== "acm" || !arn.resource.startsWith("certificate/")) {
            issues.push({
                path: "certificateArn",
                value: input.certificateArn,
                problem: "is not an ACM certificate ARN (arn:aws:acm:us-east-1:ACCOUNT:certificate/ID)",
            });
        } else if (arn.region !== "us-east-1") {
            issues.push({
                path: "certificateArn",
                value: input.certificateArn,
                problem: `is in ${arn.region}; CloudFront only uses ACM certificates from us-east-1`,
            });
        }
    }

    if (input.partition === "aws-cn") {
        if (!hasDomain) {
            issues.push({
                path: "domainNames",
                value: input.domainNames,
                problem: "must name at least one domain in aws-cn: CloudFront cannot serve content on *.cloudfront.cn",
            });
        }
        if (input.certificateArn !== undefined) {
            issues.push({
                path: "certificateArn",
                value: input.certificateArn,
                problem: "cannot be used in aws-cn: CloudFront in China does not support ACM; use iamCertificateId",
            });
        }
        if (hasDomain && input.iamCertificateId === undefined) {
            issues.push({
                path: "iamCertificateId",
                value: undefined,
                problem: "is required in aws-cn: upload the certificate to IAM (path /cloudfront/) and give its ID",
            });
        }
    } else if (hasDomain && input.certificateArn === undefined && input.iamCertificateId === undefined && input.hostedZoneId === undefined) {
        issues.push({
            path: "hostedZoneId",
            value: undefined,
            problem: "is required to request and validate a certificate for domainNames; or give certificateArn",
        });
    }
    return issues;
}

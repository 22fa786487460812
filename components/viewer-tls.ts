/**
 * How a distribution presents itself to viewers over TLS: which certificate, which security policy,
 * SNI or a dedicated IP. Pure functions: the component, the plan and the tests all ask the same ones.
 */
import { DEFAULT_CERTIFICATE_POLICY, Partition, SECURITY_POLICY_NAMES, SecurityPolicy } from "./cloudfront-facts";
import { SslSupportMethod } from "./settings/legacy-tls-front";
import { CLIENT_PROFILES } from "./tls-clients/client-catalogue";
import { ClientProfile } from "./tls-clients/client-profile";
import { resolveClientList } from "./tls-clients/client-lookup";
import { ViewerSetup } from "./tls-clients/compatibility";
import { ChosenViewerSettings, chooseViewerSettings } from "./tls-clients/choose-settings";
import { AMAZON_CHAIN_ANCHORS } from "./tls-clients/trust-anchors";
import { Issue, checkDomainName, parseArn } from "./validation";

// The enum is a setting of the front, declared with its settings.
export { SslSupportMethod };

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

/**
 * The viewer-facing TLS inputs of a front, a subset of its arguments. Their types and allowed values are
 * the front's settings schema's to check (`validateLegacyTlsFrontArgs`); `validateViewerTls` checks
 * how they combine, and skips a value the schema refuses.
 */
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
    /** Clients that must connect, by id or SSL Labs name; they choose the policy and method left unset. */
    readonly clients?: readonly string[];
}

/** The resolved viewer TLS settings. */
export interface ViewerTls {
    /** Where the certificate comes from. */
    readonly certificateSource: CertificateSource;
    /** The security policy CloudFront will actually apply. */
    readonly securityPolicy: SecurityPolicy;
    /** `undefined` with the default certificate, where it does not apply. */
    readonly sslSupportMethod?: SslSupportMethod;
    /** The handshake model's view of these settings (certificate kind, key type, roots of the chain). */
    readonly setup: ViewerSetup;
    /** The listed clients (`clients`), resolved; empty when none were listed. */
    readonly clients: readonly ClientProfile[];
}

/**
 * The default policy for a custom domain. Secure unless asked otherwise: legacy protocols are an
 * explicit choice, so reviews and policy checks can see who made it.
 */
export const DEFAULT_CUSTOM_DOMAIN_POLICY: SecurityPolicy = SecurityPolicy.TLSv1_2_2021;

/** Resolves what CloudFront will do; call `validateViewerTls` first. */
export function resolveViewerTls(input: ViewerTlsInput): ViewerTls {
    const hasDomain = (input.domainNames ?? []).length > 0;
    const certificateSource = certificateSourceOf(input);
    const clients = resolveClientList(CLIENT_PROFILES, Array.isArray(input.clients) ? input.clients : [], "clients", []).map((c) => c.profile);
    const { setup } = chooseForClients(input, certificateSource, clients);
    if (!hasDomain) return { certificateSource, securityPolicy: DEFAULT_CERTIFICATE_POLICY, setup, clients };
    return { certificateSource, securityPolicy: setup.policy, sslSupportMethod: setup.sslSupportMethod, setup, clients };
}

/**
 * The roots a certificate source leads to: a certificate this package requests from ACM chains to
 * Amazon's RSA root (it asks for RSA 2048). AWS does not document the CA of `*.cloudfront.net`, and an
 * existing or IAM certificate may come from any CA, so those are unknown (`verify` checks them live).
 */
function chainAnchorsOf(source: CertificateSource): ViewerSetup["chainAnchors"] {
    return source === "acm-created" ? AMAZON_CHAIN_ANCHORS.RSA : "unknown";
}

// Without clients the defaults apply: TLSv1.2_2021 and sni-only for a custom domain.
function chooseForClients(input: ViewerTlsInput, source: CertificateSource, clients: readonly ClientProfile[]): ChosenViewerSettings {
    return chooseViewerSettings(clients, {
        certificate: source === "cloudfront-default" ? "cloudfront-default" : "custom",
        keyType: "RSA",
        chainAnchors: chainAnchorsOf(source),
        policy: input.minimumTlsVersion ?? (clients.length === 0 ? DEFAULT_CUSTOM_DOMAIN_POLICY : undefined),
        sslSupportMethod: input.sslSupportMethod ?? (clients.length === 0 ? SslSupportMethod.SniOnly : undefined),
    });
}

/**
 * The listed clients the settings refuse, each under the setting that refuses it, e.g.
 * `sslSupportMethod: "sni-only" refuses Java 6u45 (sends no SNI, and with sni-only CloudFront drops the
 * connection); use vip or drop the client`.
 */
function validateClients(input: ViewerTlsInput, source: CertificateSource, issues: Issue[]): void {
    // Not a list: the settings schema says so.
    if (!Array.isArray(input.clients)) return;
    // An entry that is not a string is the schema's to report ("is not a string"); the lookup reports the
    // strings that name no client, and duplicates.
    const found: Issue[] = [];
    const entries = resolveClientList(CLIENT_PROFILES, input.clients, "clients", found);
    issues.push(...found.filter((issue) => typeof issue.value === "string"));
    const chosen = chooseForClients(input, source, entries.map((e) => e.profile));
    for (const refusal of chosen.refusals) {
        const index = entries[refusal.index].index;
        issues.push(
            refusal.setting === "clients"
                ? { path: `clients[${index}]`, value: input.clients[index], problem: `cannot be served (${refusal.reason}); ${refusal.remedy}` }
                : { path: refusal.setting, value: input[refusal.setting], problem: `refuses ${refusal.client.name} (${refusal.reason}); ${refusal.remedy}` },
        );
    }
}

/** Where the certificate comes from, for settings that may not be valid yet. */
function certificateSourceOf(input: ViewerTlsInput): CertificateSource {
    if ((input.domainNames ?? []).length === 0) return "cloudfront-default";
    return input.iamCertificateId !== undefined ? "iam" : input.certificateArn !== undefined ? "acm-existing" : "acm-created";
}

/**
 * Every impossible or silently-ignored combination of viewer TLS settings. Values not known yet
 * (outputs) are skipped, so a preview never fails on them, and so are a policy or method that is none of
 * the allowed values (the settings schema reports those; the rules that depend on them would only guess).
 */
export function validateViewerTls(input: ViewerTlsInput): Issue[] {
    const issues: Issue[] = [];
    const names = input.domainNames ?? [];
    const hasDomain = names.length > 0;
    const seen = new Set<string>();
    names.forEach((name, i) => {
        // Not a string: the settings schema says so.
        if (typeof name !== "string") return;
        checkDomainName(`domainNames[${i}]`, name, issues);
        if (seen.has(name)) issues.push({ path: `domainNames[${i}]`, value: name, problem: "is listed twice" });
        seen.add(name);
    });

    const policyOk = input.minimumTlsVersion === undefined || SECURITY_POLICY_NAMES.includes(input.minimumTlsVersion);
    const methodOk = input.sslSupportMethod === undefined || Object.values<string>(SslSupportMethod).includes(input.sslSupportMethod);

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
    // The clients are checked against settings that are themselves valid, or the check would guess.
    if (policyOk && methodOk) validateClients(input, certificateSourceOf(input), issues);
    return issues;
}

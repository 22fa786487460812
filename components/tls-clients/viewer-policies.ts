/**
 * What each CloudFront viewer security policy accepts: protocols, and ciphers in the order CloudFront
 * prefers them. CloudFront takes the highest protocol both sides speak and then "chooses a cipher in
 * the listed order from among the ciphers that the viewer supports"; these tables are that list.
 *
 * One declaration: every cipher row names the policies that include it, exactly as the documentation's
 * table does, and the per-policy lists are derived from the rows.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 *   (checked 2026-12-06; the page's table has columns SSLv3 … TLSv1.3_2025, separate ECDSA and RSA rows)
 */
import { Protocol } from "./protocols";

/**
 * CloudFront viewer security policies (a distribution's `minimumProtocolVersion`, the front's
 * `minimumTlsVersion`), oldest (least restrictive) first. Declared once, here; the list of names and the
 * tables of what each policy accepts derive from it.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export const SecurityPolicy = {
    SSLv3: "SSLv3",
    TLSv1: "TLSv1",
    TLSv1_2016: "TLSv1_2016",
    TLSv1_1_2016: "TLSv1.1_2016",
    TLSv1_2_2018: "TLSv1.2_2018",
    TLSv1_2_2019: "TLSv1.2_2019",
    TLSv1_2_2021: "TLSv1.2_2021",
    TLSv1_2_2025: "TLSv1.2_2025",
    TLSv1_3_2025: "TLSv1.3_2025",
} as const;
/** One of `SecurityPolicy`. */
export type SecurityPolicy = (typeof SecurityPolicy)[keyof typeof SecurityPolicy];
/** A viewer security policy, by the name this module's tables use. */
export type ViewerPolicyName = SecurityPolicy;
/** CloudFront security policies, oldest (least restrictive) first, as `SecurityPolicy` declares them. */
export const VIEWER_POLICY_NAMES: readonly ViewerPolicyName[] = Object.values(SecurityPolicy);

/** The key type of the certificate a distribution serves; it decides which cipher rows apply. */
export type CertificateKeyType = "RSA" | "ECDSA";

// The policies from `first` to `last` in VIEWER_POLICY_NAMES order, as the documentation's columns run.
function columns(first: ViewerPolicyName, last: ViewerPolicyName): readonly ViewerPolicyName[] {
    return VIEWER_POLICY_NAMES.slice(VIEWER_POLICY_NAMES.indexOf(first), VIEWER_POLICY_NAMES.indexOf(last) + 1);
}
const ALL = columns("SSLv3", "TLSv1.3_2025");
const ALL_BUT_TLS13_ONLY = columns("SSLv3", "TLSv1.2_2025");

/** Which policies accept each protocol (the table's "Supported SSL/TLS protocols" rows). */
export const PROTOCOL_ROWS: ReadonlyArray<readonly [Protocol, readonly ViewerPolicyName[]]> = [
    ["TLSv1.3", ALL],
    ["TLSv1.2", ALL_BUT_TLS13_ONLY],
    ["TLSv1.1", columns("SSLv3", "TLSv1.1_2016")],
    ["TLSv1", columns("SSLv3", "TLSv1_2016")],
    ["SSLv3", ["SSLv3"]],
];

/** TLS 1.3 ciphers in CloudFront's order, with the policies that include each. */
export const TLS13_CIPHER_ROWS: ReadonlyArray<readonly [string, readonly ViewerPolicyName[]]> = [
    ["TLS_AES_128_GCM_SHA256", ALL],
    ["TLS_AES_256_GCM_SHA384", ALL],
    ["TLS_CHACHA20_POLY1305_SHA256", ALL_BUT_TLS13_ONLY],
];

/** Ciphers for an ECDSA certificate, in CloudFront's order. */
export const ECDSA_CIPHER_ROWS: ReadonlyArray<readonly [string, readonly ViewerPolicyName[]]> = [
    ["ECDHE-ECDSA-AES128-GCM-SHA256", ALL_BUT_TLS13_ONLY],
    ["ECDHE-ECDSA-AES128-SHA256", columns("SSLv3", "TLSv1.2_2019")],
    ["ECDHE-ECDSA-AES128-SHA", columns("SSLv3", "TLSv1.1_2016")],
    ["ECDHE-ECDSA-AES256-GCM-SHA384", ALL_BUT_TLS13_ONLY],
    ["ECDHE-ECDSA-CHACHA20-POLY1305", columns("SSLv3", "TLSv1.2_2021")],
    ["ECDHE-ECDSA-AES256-SHA384", columns("SSLv3", "TLSv1.2_2019")],
    ["ECDHE-ECDSA-AES256-SHA", columns("SSLv3", "TLSv1.1_2016")],
];

/**
 * Ciphers for an RSA certificate (ACM's default key type), in CloudFront's order. The stored copy of
 * the page cut off inside these rows for the two 2025 columns; those two columns follow the ECDSA rows
 * above (same key exchange, same bulk cipher), as every older column of the page does.
 */
export const RSA_CIPHER_ROWS: ReadonlyArray<readonly [string, readonly ViewerPolicyName[]]> = [
    ["ECDHE-RSA-AES128-GCM-SHA256", ALL_BUT_TLS13_ONLY],
    ["ECDHE-RSA-AES128-SHA256", columns("SSLv3", "TLSv1.2_2019")],
    ["ECDHE-RSA-AES128-SHA", columns("SSLv3", "TLSv1.1_2016")],
    ["ECDHE-RSA-AES256-GCM-SHA384", ALL_BUT_TLS13_ONLY],
    ["ECDHE-RSA-CHACHA20-POLY1305", columns("SSLv3", "TLSv1.2_2021")],
    ["ECDHE-RSA-AES256-SHA384", columns("SSLv3", "TLSv1.2_2019")],
    ["ECDHE-RSA-AES256-SHA", columns("SSLv3", "TLSv1.1_2016")],
    ["AES128-GCM-SHA256", columns("SSLv3", "TLSv1.2_2018")],
    ["AES256-GCM-SHA384", columns("SSLv3", "TLSv1.2_2018")],
    ["AES128-SHA256", columns("SSLv3", "TLSv1.2_2018")],
    ["AES256-SHA", columns("SSLv3", "TLSv1.1_2016")],
    ["AES128-SHA", columns("SSLv3", "TLSv1.1_2016")],
    // The one difference between TLSv1 and TLSv1_2016.
    ["DES-CBC3-SHA", columns("SSLv3", "TLSv1")],
    ["RC4-MD5", ["SSLv3"]],
];

/**
 * Elliptic curves CloudFront offers for ECDHE ("For all elliptic curve ciphers, CloudFront supports
 * the following elliptic curves"), by the names OpenSSL and the supported_groups extension use.
 */
export const VIEWER_CURVES = ["prime256v1", "secp384r1", "X25519"] as const;

/** What one policy accepts. */
export interface ViewerPolicy {
    /** The policy name. */
    readonly name: ViewerPolicyName;
    /** Protocols it accepts, oldest first. */
    readonly protocols: readonly Protocol[];
    /** TLS 1.3 ciphers in CloudFront's order. */
    readonly tls13Ciphers: readonly string[];
    /** TLS 1.2-and-older ciphers in CloudFront's order, per certificate key type. */
    readonly ciphers: Readonly<Record<CertificateKeyType, readonly string[]>>;
}

function policyOf(name: ViewerPolicyName): ViewerPolicy {
    const pick = (rows: ReadonlyArray<readonly [string, readonly ViewerPolicyName[]]>): string[] =>
        rows.filter(([, policies]) => policies.includes(name)).map(([value]) => value);
    return {
        name,
        protocols: PROTOCOL_ROWS.filter(([, policies]) => policies.includes(name))
            .map(([protocol]) => protocol)
            .reverse(),
        tls13Ciphers: pick(TLS13_CIPHER_ROWS),
        ciphers: { RSA: pick(RSA_CIPHER_ROWS), ECDSA: pick(ECDSA_CIPHER_ROWS) },
    };
}

/** Every policy, by name. */
export const VIEWER_POLICIES: Readonly<Record<ViewerPolicyName, ViewerPolicy>> = Object.fromEntries(
    VIEWER_POLICY_NAMES.map((name) => [name, policyOf(name)]),
) as Record<ViewerPolicyName, ViewerPolicy>;

/**
 * CloudFront's whole preference order for a key type: TLS 1.3 ciphers, then the key type's rows, as
 * the page lists them. A stricter policy's list is this order with rows removed, never reordered.
 */
export function cipherOrder(keyType: CertificateKeyType): readonly string[] {
    return [...TLS13_CIPHER_ROWS, ...(keyType === "RSA" ? RSA_CIPHER_ROWS : ECDSA_CIPHER_ROWS)].map(([name]) => name);
}

/**
 * With the default `*.cloudfront.net` certificate CloudFront applies TLSv1 whatever the distribution
 * says, serves it without SNI, and never speaks SSLv3 ("CloudFront doesn't support SSLv3 with the
 * default CloudFront certificate").
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-https-dedicated-ip-or-sni.html
 */
export const DEFAULT_CERTIFICATE_VIEWER_POLICY: ViewerPolicyName = "TLSv1";

/**
 * Dedicated-IP (`vip`) custom SSL: US$600 per month for each custom certificate associated with one or
 * more distributions using it, pro-rated by the hour (checked 2026-12-06). By default an account may
 * use two certificates with dedicated IPs; more need a support case.
 * @see https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/cloudfront.html ("Dedicated IP SSL")
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-limits.html
 */
export const DEDICATED_IP_PRICE = { usdPerMonth: 600, checked: "2026-12-06" } as const;

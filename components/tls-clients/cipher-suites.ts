/**
 * TLS cipher suites by their IANA code, with the OpenSSL name CloudFront's documentation and access
 * logs (`ssl-cipher`) use. Client profiles list suites by code, in the order a client offers them, so
 * a ClientHello can be rebuilt byte for byte; the compatibility engine and `tls-report` compare by name.
 *
 * @see https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-4 (codes, IANA names)
 * @see https://docs.openssl.org/3.0/man1/openssl-ciphers/ (OpenSSL names; "CIPHER SUITE NAMES")
 */
import { Protocol } from "./protocols";

/** How the premaster secret is agreed. `TLS13` suites leave it to the key_share extension. */
export type KeyExchange = "RSA" | "ECDHE" | "DHE" | "ECDH" | "DH" | "SRP" | "PSK" | "TLS13";
/**
 * What the server's certificate must be to use the suite. `TLS13` suites work with any certificate. Fixed
 * ECDH suites (`ECDH-RSA-*` too) count as `ECDSA`: they need an EC key in the certificate.
 */
export type Authentication = "RSA" | "ECDSA" | "DSS" | "anon" | "TLS13";

/** One cipher suite. */
export interface CipherSuite {
    /** IANA code, e.g. `0xc02f`. */
    readonly code: number;
    /** OpenSSL name, e.g. `ECDHE-RSA-AES128-GCM-SHA256`; TLS 1.3 suites use their IANA name. */
    readonly name: string;
    /** IANA name, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`. */
    readonly ianaName: string;
    /** Key exchange. */
    readonly keyExchange: KeyExchange;
    /** Certificate type the suite needs. */
    readonly authentication: Authentication;
    /**
     * The oldest protocol that defines the suite: TLS 1.2 for AEAD and SHA-256/384 MAC suites
     * (RFC 5246, 5288, 5289, 7905), TLS 1.3 for the TLS 1.3 suites, SSLv3 otherwise.
     */
    readonly minProtocol: Protocol;
    /**
     * The newest protocol that can use it: TLS 1.3 suites only in 1.3, export suites up to TLS 1.0
     * (RFC 4346 appendix A.5), every other suite up to 1.2.
     */
    readonly maxProtocol: Protocol;
}

// [code, OpenSSL name, IANA name]. Key exchange, authentication and protocol range follow from the IANA name.
type Row = readonly [number, string, string];

const ROWS: readonly Row[] = [
    // TLS 1.3 (RFC 8446 appendix B.4)
    [0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"],
    [0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"],
    [0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256"],
    // ECDHE-ECDSA
    [0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
    [0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"],
    [0xcca9, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"],
    [0xc023, "ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"],
    [0xc024, "ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"],
    [0xc009, "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"],
    [0xc00a, "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"],
    [0xc008, "ECDHE-ECDSA-DES-CBC3-SHA", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"],
    [0xc007, "ECDHE-ECDSA-RC4-SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"],
    // ECDHE-RSA
    [0xc02f, "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
    [0xc030, "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
    [0xcca8, "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"],
    [0xc027, "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"],
    [0xc028, "ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"],
    [0xc013, "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"],
    [0xc014, "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"],
    [0xc012, "ECDHE-RSA-DES-CBC3-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"],
    [0xc011, "ECDHE-RSA-RC4-SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA"],
    // RSA key exchange
    [0x009c, "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"],
    [0x009d, "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"],
    [0x003c, "AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"],
    [0x003d, "AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"],
    [0x002f, "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"],
    [0x0035, "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"],
    [0x000a, "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"],
    [0x0005, "RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA"],
    [0x0004, "RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5"],
    // DHE
    [0x009e, "DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"],
    [0x009f, "DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"],
    [0x0067, "DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"],
    [0x006b, "DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"],
    [0x0033, "DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"],
    [0x0039, "DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"],
    [0x0016, "EDH-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"],
    [0x0032, "DHE-DSS-AES128-SHA", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"],
    [0x0038, "DHE-DSS-AES256-SHA", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"],
    [0x0013, "EDH-DSS-DES-CBC3-SHA", "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"],
    // DHE-DSS with SHA-256/384 and GCM (RFC 5246, RFC 5288): offered by IE 11, Java 8, Android 4.4, OpenSSL 1.0.1.
    [0x0040, "DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"],
    [0x006a, "DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"],
    [0x00a2, "DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"],
    [0x00a3, "DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"],
    // Fixed (non-ephemeral) ECDH (RFC 4492, RFC 5289): offered by Java 7/8, Safari 5/6, Android 4.0, OpenSSL 1.0.1.
    [0xc004, "ECDH-ECDSA-AES128-SHA", "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"],
    [0xc005, "ECDH-ECDSA-AES256-SHA", "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA"],
    [0xc003, "ECDH-ECDSA-DES-CBC3-SHA", "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA"],
    [0xc002, "ECDH-ECDSA-RC4-SHA", "TLS_ECDH_ECDSA_WITH_RC4_128_SHA"],
    [0xc025, "ECDH-ECDSA-AES128-SHA256", "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256"],
    [0xc026, "ECDH-ECDSA-AES256-SHA384", "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384"],
    [0xc02d, "ECDH-ECDSA-AES128-GCM-SHA256", "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256"],
    [0xc02e, "ECDH-ECDSA-AES256-GCM-SHA384", "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384"],
    [0xc00e, "ECDH-RSA-AES128-SHA", "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA"],
    [0xc00f, "ECDH-RSA-AES256-SHA", "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA"],
    [0xc00d, "ECDH-RSA-DES-CBC3-SHA", "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA"],
    [0xc00c, "ECDH-RSA-RC4-SHA", "TLS_ECDH_RSA_WITH_RC4_128_SHA"],
    [0xc029, "ECDH-RSA-AES128-SHA256", "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256"],
    [0xc02a, "ECDH-RSA-AES256-SHA384", "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384"],
    [0xc031, "ECDH-RSA-AES128-GCM-SHA256", "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256"],
    [0xc032, "ECDH-RSA-AES256-GCM-SHA384", "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384"],
    // Camellia (RFC 5932) and SEED (RFC 4162): offered by OpenSSL 1.0.1.
    [0x0041, "CAMELLIA128-SHA", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA"],
    [0x0084, "CAMELLIA256-SHA", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA"],
    [0x0045, "DHE-RSA-CAMELLIA128-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA"],
    [0x0088, "DHE-RSA-CAMELLIA256-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA"],
    [0x0044, "DHE-DSS-CAMELLIA128-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA"],
    [0x0087, "DHE-DSS-CAMELLIA256-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA"],
    [0x0096, "SEED-SHA", "TLS_RSA_WITH_SEED_CBC_SHA"],
    [0x009a, "DHE-RSA-SEED-SHA", "TLS_DHE_RSA_WITH_SEED_CBC_SHA"],
    [0x0099, "DHE-DSS-SEED-SHA", "TLS_DHE_DSS_WITH_SEED_CBC_SHA"],
    // Single DES and IDEA (RFC 5469; dropped from TLS 1.2 by RFC 5246 section 1.2): IE on XP, Java 6, Android 2.3, Safari 5, OpenSSL.
    [0x0009, "DES-CBC-SHA", "TLS_RSA_WITH_DES_CBC_SHA"],
    [0x0015, "EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_WITH_DES_CBC_SHA"],
    [0x0012, "EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_WITH_DES_CBC_SHA"],
    [0x0007, "IDEA-CBC-SHA", "TLS_RSA_WITH_IDEA_CBC_SHA"],
    // Export suites (RFC 4346 appendix A.5): 40-bit keys, not to be negotiated from TLS 1.1 on.
    [0x0003, "EXP-RC4-MD5", "TLS_RSA_EXPORT_WITH_RC4_40_MD5"],
    [0x0006, "EXP-RC2-CBC-MD5", "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"],
    [0x0008, "EXP-DES-CBC-SHA", "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"],
    [0x0014, "EXP-EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"],
    [0x0011, "EXP-EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA"],
    // No encryption at all (RFC 5246, RFC 4492): Safari 6 on iOS 6 offers these last.
    [0xc006, "ECDHE-ECDSA-NULL-SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA"],
    [0xc010, "ECDHE-RSA-NULL-SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA"],
    [0xc001, "ECDH-ECDSA-NULL-SHA", "TLS_ECDH_ECDSA_WITH_NULL_SHA"],
    [0xc00b, "ECDH-RSA-NULL-SHA", "TLS_ECDH_RSA_WITH_NULL_SHA"],
    [0x003b, "NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256"],
    [0x0002, "NULL-SHA", "TLS_RSA_WITH_NULL_SHA"],
    [0x0001, "NULL-MD5", "TLS_RSA_WITH_NULL_MD5"],
    // Signalling values (RFC 5746, RFC 7507): offered, never chosen.
    [0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"],
    [0x5600, "TLS_FALLBACK_SCSV", "TLS_FALLBACK_SCSV"],
];

function describe([code, name, ianaName]: Row): CipherSuite {
    if (/^TLS_(AES|CHACHA20)/.test(ianaName)) {
        return { code, name, ianaName, keyExchange: "TLS13", authentication: "TLS13", minProtocol: "TLSv1.3", maxProtocol: "TLSv1.3" };
    }
    // Export suites put EXPORT (or EXPORT1024) between the key exchange and WITH, e.g. TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA.
    const match = /^TLS_(?:(ECDHE|DHE|ECDH|DH|SRP_SHA|PSK|RSA)_)?(RSA|ECDSA|DSS|anon)?(_EXPORT(?:1024)?)?_?WITH_(.+)$/.exec(ianaName);
    const kx = (match?.[1] ?? "RSA").replace("SRP_SHA", "SRP") as KeyExchange;
    // Fixed ECDH (ECDH_ECDSA and ECDH_RSA alike) needs an EC key in the server's certificate; the second word
    // only names the algorithm the CA signed it with (RFC 4492 sections 2.1 and 2.3).
    const auth = (kx === "ECDH" ? "ECDSA" : (match?.[2] ?? "RSA")) as Authentication;
    const exportSuite = match?.[3] !== undefined;
    const bulk = match?.[4] ?? "";
    const tls12Only = /GCM|CCM|CHACHA20|_SHA256$|_SHA384$/.test(bulk);
    // RFC 4346 appendix A.5: "TLS 1.1 implementations MUST NOT negotiate these cipher suites in TLS 1.1 mode."
    const maxProtocol = exportSuite ? "TLSv1" : "TLSv1.2";
    return { code, name, ianaName, keyExchange: kx, authentication: auth, minProtocol: tls12Only ? "TLSv1.2" : "SSLv3", maxProtocol };
}

/** Every suite this package knows, by code. */
export const CIPHER_SUITES: ReadonlyMap<number, CipherSuite> = new Map(ROWS.map((row) => [row[0], describe(row)]));

const BY_NAME: ReadonlyMap<string, CipherSuite> = new Map([...CIPHER_SUITES.values()].flatMap((s) => [[s.name, s], [s.ianaName, s]] as const));

/** The suite with this OpenSSL or IANA name, or `undefined`. */
export function cipherSuiteByName(name: string): CipherSuite | undefined {
    return BY_NAME.get(name);
}

/** The suite with this IANA code, or `undefined` for one this package does not know. */
export function cipherSuiteByCode(code: number): CipherSuite | undefined {
    return CIPHER_SUITES.get(code);
}

/** `0xc02f`-style hex of a code, for messages about unknown suites. */
export function cipherCodeHex(code: number): string {
    return `0x${code.toString(16).padStart(4, "0")}`;
}

/**
 * True for GREASE values (RFC 8701: `0x?A?A` with both bytes equal), which browsers offer so servers
 * learn to ignore unknown codes.
 */
export function isGreaseValue(code: number): boolean {
    return (code & 0x0f0f) === 0x0a0a && code >> 8 === (code & 0xff);
}

/** True for the signalling values and GREASE, which are offered but never negotiated. */
export function isSignallingSuite(code: number): boolean {
    return code === 0x00ff || code === 0x5600 || isGreaseValue(code);
}

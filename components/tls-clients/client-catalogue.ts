/**
 * The TLS clients customers still have, one record per client, each as it really negotiates: protocols,
 * cipher suites in offer order, SNI, curves, its ClientHello, and the roots it trusts.
 *
 * Where the data comes from: Qualys SSL Labs simulates these clients and publishes them through its API
 * (`getClients`), each with the ClientHello it recorded from the real client. testssl.sh keeps a copy of
 * that data in `etc/client-simulation.txt`, and adds hellos it recorded itself from live connections; each
 * record's `sources` says which. The hello bytes were decoded (a throwaway script, not part of this
 * package) into the structured fields below, and the negotiation facts were derived from the decoded
 * hello rather than copied: `sni` is whether the server_name extension is present; `curves` is the
 * supported_groups extension with OpenSSL's names; `protocols` runs from SSL Labs' lowest protocol (SSLv2,
 * which this package does not model, left out) to the hello's `client_version`, or, for TLS 1.3 clients, is
 * the supported_versions extension. Every one agreed with testssl.sh's own text fields for the same client
 * (cipher names, curves, SNI, protocol range). The recorded server_name tells who recorded a hello:
 * `www.ssllabs.com` or `dev.ssllabs.com` for SSL Labs, `testssl.sh` for the four current browsers, which
 * testssl.sh recorded itself.
 *
 * Conventions of the template (`ClientHelloTemplate` in `client-profile.ts`):
 * - server_name (0), key_share (51) and padding (21) carry no `data`: their bodies differ per connection.
 *   The recorded server_name named SSL Labs' or testssl.sh's host; only its presence is kept.
 * - GREASE values (RFC 8701, `0x?a?a`) stay where the client sent them, in `cipherSuites`, the extension
 *   list, supported_groups, supported_versions and `keyShareGroups` (a GREASE key share is one zero byte);
 *   `curves` leaves them out, as it leaves out nothing else.
 * - An SSLv2-compatible hello (`ssl2`) has no record layer version: `recordVersion` repeats its version.
 *   Its SSLv2-only cipher kinds (three-byte codes) and its challenge length do not fit these fields; the
 *   two records concerned (IE 6 XP, Java 6u45) say so in `note`.
 * - Codes this package's registry does not know are kept as offered: GREASE, IANA-reserved EXPORT1024
 *   suites (0x0062-0x0064) and Google's pre-standard ChaCha20 suites (0xcc13-0xcc15). CloudFront never
 *   picks them.
 *
 * Order: grouped by family (Internet Explorer, Safari, Android, Java, OpenSSL, current browsers), oldest
 * first within each.
 *
 * @see https://api.ssllabs.com/api/v3/getClients (SSL Labs' simulated clients)
 * @see https://github.com/testssl/testssl.sh/blob/0d6ab6b620204cd2255aa33f7b4016faa359a43c/etc/client-simulation.txt
 * @see https://github.com/testssl/testssl.sh/blob/0d6ab6b620204cd2255aa33f7b4016faa359a43c/etc/client-simulation.wiresharked.md
 *   (which hellos testssl.sh recorded itself, and how)
 * @see https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8 (supported groups)
 */
import { ClientProfile, Source, TrustStore } from "./client-profile";

const SSL_LABS_CLIENTS = "https://api.ssllabs.com/api/v3/getClients";
const TESTSSL_COMMIT = "0d6ab6b620204cd2255aa33f7b4016faa359a43c";
const TESTSSL_CLIENTS = `https://github.com/testssl/testssl.sh/blob/${TESTSSL_COMMIT}/etc/client-simulation.txt`;
const TESTSSL_CAPTURES = `https://github.com/testssl/testssl.sh/blob/${TESTSSL_COMMIT}/etc/client-simulation.wiresharked.md`;

// A client SSL Labs simulates: SSL Labs is the origin, testssl.sh's copy is what was read and decoded.
function sslLabs(entry: string): readonly Source[] {
    return [
        { covers: "origin: SSL Labs' simulated client, its protocol range and its recorded ClientHello", reference: SSL_LABS_CLIENTS },
        {
            covers: `entry "${entry}": the ClientHello bytes (handshakebytes) and lowest/highest protocol, decoded into this record`,
            reference: TESTSSL_CLIENTS,
        },
    ];
}

// A hello testssl.sh recorded itself from a live connection; SSL Labs has no part in it.
function testsslCapture(entry: string): readonly Source[] {
    return [
        {
            covers: `entry "${entry}": the ClientHello bytes (handshakebytes) and lowest/highest protocol, decoded into this record`,
            reference: TESTSSL_CLIENTS,
        },
        { covers: "that testssl.sh recorded this hello itself, from a network capture", reference: TESTSSL_CAPTURES },
    ];
}

// The systems that hold the Amazon Trust Services roots, through Starfield Class 2 (the seed copy is
// shared/seeds/002_4e567e1e93774a14.txt, "You will find the Amazon Trust Services CAs in the following operating systems").
const AWS_CA_MOVE = "https://aws.amazon.com/blogs/security/how-to-prepare-for-aws-move-to-its-own-certificate-authority/";

// Windows: "versions that have January 2005 or later updates installed, Windows Vista, Windows 7 ... and newer".
const WINDOWS_TRUST: TrustStore = {
    kind: "roots",
    roots: ["starfield-class-2"],
    source: `${AWS_CA_MOVE} (Windows), with the January 2005 or later root updates`,
};

// Mac OS X 10.5 and newer (10.4 with Java for Mac OS X 10.4 Release 5).
const MAC_TRUST: TrustStore = { kind: "roots", roots: ["starfield-class-2"], source: `${AWS_CA_MOVE} (Mac OS X 10.5 and newer)` };

// Java 1.4.2_12, Java 5 update 2 and every later Java, 6, 7 and 8 included (in cacerts as alias starfieldclass2ca).
const JAVA_TRUST: TrustStore = { kind: "roots", roots: ["starfield-class-2"], source: `${AWS_CA_MOVE} (Java 6, 7 and 8)` };

// A current browser follows today's root programs, all of which hold the Amazon roots.
const CURRENT_TRUST: TrustStore = { kind: "current", source: `${AWS_CA_MOVE} ("All modern browsers trust Amazon's CAs")` };

// No public source pins this platform's roots for the version simulated.
function unknownTrust(platform: string): TrustStore {
    const why =
        platform === "OpenSSL"
            ? "OpenSSL ships no roots; it uses whatever bundle the system or application gives it"
            : platform.startsWith("Android")
              ? `no public list of the roots ${platform} shipped was found; before Android 4.0 the store was fixed in the firmware ` +
                "and chosen by the device maker or carrier (https://nelenkov.blogspot.com/2011/12/ics-trust-store-implementation.html)"
              : `no public list of the roots ${platform} shipped was found`;
    return { kind: "unknown", why };
}

/**
 * Every client profile, grouped by family and oldest first within each. Ids are stable (config and the
 * command line use them); names are spelled as SSL Labs' client list spells them, or as testssl.sh does
 * for the hellos it recorded itself.
 */
export const CLIENT_PROFILES: readonly ClientProfile[] = [
    {
        id: "ie6-xp",
        name: "IE 6 XP",
        protocols: ["SSLv3"],
        cipherSuites: [0x0004, 0x0005, 0x000a, 0x0009, 0x0064, 0x0062, 0x0003, 0x0006, 0x0013, 0x0012, 0x0063, 0x00ff],
        sni: false,
        trustStore: WINDOWS_TRUST,
        hello: {
            format: "ssl2",
            recordVersion: 0x0300,
            clientVersion: 0x0300,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [],
            ssl2CipherSpecs: [0x000004, 0x000005, 0x00000a, 0x010080, 0x0700c0, 0x030080, 0x000009, 0x060040, 0x000064, 0x000062, 0x000003, 0x000006, 0x020080, 0x040080, 0x000013, 0x000012, 0x000063, 0x0000ff],
            challengeLength: 16,
        },
        sources: sslLabs("IE 6 XP"),
        note:
            "Windows XP's SChannel as IE 6 uses it: an SSLv2-compatible hello (RFC 5246 appendix E.2) asking for " +
            "SSLv3, with no extensions, so no SNI. Among its 3-byte cipher specs are six SSLv2-only kinds, kept in " +
            "`hello.ssl2CipherSpecs`; `cipherSuites` lists the 12 TLS suites. SSL Labs gives SSLv2 as its lowest protocol; this package " +
            "does not model SSLv2. 0x0062-0x0064 are the pre-standard EXPORT1024 suites, which IANA left " +
            "reserved. Trust: an XP machine without the January 2005 or later root updates lacks Starfield Class " +
            "2 and so the Amazon chain.",
    },
    {
        id: "ie7-vista",
        name: "IE 7 Vista",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [0x002f, 0x0035, 0x0005, 0x000a, 0xc009, 0xc00a, 0xc013, 0xc014, 0x0032, 0x0038, 0x0013, 0x0004],
        sni: true,
        curves: ["prime256v1", "secp384r1", "secp521r1"],
        trustStore: WINDOWS_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 5, data: "0100000000" },
                { type: 10, data: "0006001700180019" },
                { type: 11, data: "0100" },
                { type: 0xff01, data: "00" },
            ],
        },
        sources: sslLabs("IE 7 Vista"),
        note: "Windows Vista's SChannel: TLS 1.0 at most, with SNI and ECDHE on P-256, P-384 and P-521.",
    },
    {
        id: "ie8-xp",
        name: "IE 8 XP",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [0x0004, 0x0005, 0x000a, 0x0009, 0x0064, 0x0062, 0x0003, 0x0006, 0x0013, 0x0012, 0x0063],
        sni: false,
        trustStore: WINDOWS_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [{ type: 0xff01, data: "00" }],
        },
        sources: sslLabs("IE 8 XP"),
        note:
            "Windows XP's SChannel as IE 8 uses it: a TLS 1.0 hello whose only extension is renegotiation_info; " +
            "no SNI, no AES, no elliptic curves. 0x0062-0x0064 are the pre-standard EXPORT1024 suites, which IANA " +
            "left reserved. Trust: an XP machine without the January 2005 or later root updates lacks Starfield " +
            "Class 2 and so the Amazon chain.",
    },
    {
        id: "ie8-win7",
        name: "IE 8 Win 7",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [0x002f, 0x0035, 0x0005, 0x000a, 0xc013, 0xc014, 0xc009, 0xc00a, 0x0032, 0x0038, 0x0013, 0x0004],
        sni: true,
        curves: ["prime256v1", "secp384r1"],
        trustStore: WINDOWS_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0xff01, data: "00" },
                { type: 0 },
                { type: 5, data: "0100000000" },
                { type: 10, data: "000400170018" },
                { type: 11, data: "0100" },
            ],
        },
        sources: sslLabs("IE 8 Win 7"),
        note: "Windows 7's SChannel as IE 8 uses it: TLS 1.0 at most, with SNI and ECDHE on P-256 and P-384.",
    },
    {
        id: "ie11-win7",
        name: "IE 11 Win 7",
        protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
        cipherSuites: [
            0xc028, 0xc027, 0xc014, 0xc013, 0x009f, 0x009e, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f,
            0xc02c, 0xc02b, 0xc024, 0xc023, 0xc00a, 0xc009, 0x006a, 0x0040, 0x0038, 0x0032, 0x000a, 0x0013,
        ],
        sni: true,
        curves: ["prime256v1", "secp384r1"],
        trustStore: WINDOWS_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0303,
            clientVersion: 0x0303,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 5, data: "0100000000" },
                { type: 10, data: "000400170018" },
                { type: 11, data: "0100" },
                { type: 13, data: "0012060106030401050102010403050302030202" },
                { type: 23, data: "" },
                { type: 0xff01, data: "00" },
            ],
        },
        sources: sslLabs("IE 11 Win 7"),
        note:
            "Windows 7's SChannel as IE 11 uses it, TLS 1.0 to 1.2: it pairs ECDHE-RSA only with CBC suites; its " +
            "GCM suites are ECDHE-ECDSA, DHE-RSA and plain RSA.",
    },
    {
        id: "ie11-win10",
        name: "IE 11 Win 10",
        protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
        cipherSuites: [
            0xc02c, 0xc02b, 0xc030, 0xc02f, 0x009f, 0x009e, 0xc024, 0xc023, 0xc028, 0xc027, 0xc00a, 0xc009,
            0xc014, 0xc013, 0x0039, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x000a, 0x006a,
            0x0040, 0x0038, 0x0032, 0x0013,
        ],
        sni: true,
        curves: ["prime256v1", "secp384r1"],
        trustStore: WINDOWS_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0303,
            clientVersion: 0x0303,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 5, data: "0100000000" },
                { type: 10, data: "000400170018" },
                { type: 11, data: "0100" },
                { type: 13, data: "0012040105010201040305030203020206010603" },
                { type: 35, data: "" },
                { type: 16, data: "000c02683208687474702f312e31" },
                { type: 23, data: "" },
                { type: 0x5500, data: "000100020002" },
                { type: 0xff01, data: "00" },
            ],
        },
        sources: sslLabs("IE 11 Win 10"),
    },
    {
        id: "safari5.1.9-osx10.6.8",
        name: "Safari 5.1.9 OS X 10.6.8",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [
            0xc00a, 0xc009, 0xc007, 0xc008, 0xc013, 0xc014, 0xc011, 0xc012, 0xc004, 0xc005, 0xc002, 0xc003,
            0xc00e, 0xc00f, 0xc00c, 0xc00d, 0x002f, 0x0005, 0x0004, 0x0035, 0x000a, 0x0009, 0x0003, 0x0008,
            0x0006, 0x0032, 0x0033, 0x0038, 0x0039, 0x0016, 0x0015, 0x0014, 0x0013, 0x0012, 0x0011,
        ],
        sni: true,
        curves: ["prime256v1", "secp384r1", "secp521r1"],
        trustStore: MAC_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 10, data: "0006001700180019" },
                { type: 11, data: "0100" },
            ],
        },
        sources: sslLabs("Safari 5.1.9 OS X 10.6.8"),
        note: "Secure Transport on OS X 10.6: TLS 1.0 at most, with SNI; also offers single-DES and export suites.",
    },
    {
        id: "safari6-ios6.0.1",
        name: "Safari 6 iOS 6.0.1",
        protocols: ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"],
        cipherSuites: [
            0x00ff, 0xc024, 0xc023, 0xc00a, 0xc009, 0xc007, 0xc008, 0xc028, 0xc027, 0xc014, 0xc013, 0xc011,
            0xc012, 0xc026, 0xc025, 0xc02a, 0xc029, 0xc004, 0xc005, 0xc002, 0xc003, 0xc00e, 0xc00f, 0xc00c,
            0xc00d, 0x003d, 0x003c, 0x002f, 0x0005, 0x0004, 0x0035, 0x000a, 0x0067, 0x006b, 0x0033, 0x0039,
            0x0016, 0xc006, 0xc010, 0xc001, 0xc00b, 0x003b, 0x0002, 0x0001,
        ],
        sni: true,
        curves: ["prime256v1", "secp384r1", "secp521r1"],
        trustStore: unknownTrust("iOS 6"),
        hello: {
            format: "tls",
            recordVersion: 0x0303,
            clientVersion: 0x0303,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 10, data: "0006001700180019" },
                { type: 11, data: "0100" },
                { type: 13, data: "000a05010401020104030203" },
            ],
        },
        sources: sslLabs("Safari 6 iOS 6.0.1"),
        note: "A TLS 1.2 hello that still offers SSLv3, and NULL (unencrypted) suites at the end of its list.",
    },
    {
        id: "android-2.3.7",
        name: "Android 2.3.7",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [
            0x0004, 0x0005, 0x002f, 0x0033, 0x0032, 0x000a, 0x0016, 0x0013, 0x0009, 0x0015, 0x0012, 0x0003,
            0x0008, 0x0014, 0x0011, 0x00ff,
        ],
        sni: false,
        trustStore: unknownTrust("Android 2.3"),
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [],
        },
        sources: sslLabs("Android 2.3.7"),
        note: "A hello with no extensions at all: no SNI, no elliptic curves, TLS 1.0 at most.",
    },
    {
        id: "android-4.0.4",
        name: "Android 4.0.4",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [
            0xc014, 0xc00a, 0x0039, 0x0038, 0xc00f, 0xc005, 0x0035, 0xc012, 0xc008, 0x0016, 0x0013, 0xc00d,
            0xc003, 0x000a, 0xc013, 0xc009, 0x0033, 0x0032, 0xc00e, 0xc004, 0x002f, 0xc011, 0xc007, 0xc00c,
            0xc002, 0x0005, 0x0004, 0x00ff,
        ],
        sni: true,
        curves: [
            "sect163k1", "sect163r1", "sect163r2", "sect193r1", "sect193r2", "sect233k1", "sect233r1",
            "sect239k1", "sect283k1", "sect283r1", "sect409k1", "sect409r1", "sect571k1", "sect571r1",
            "secp160k1", "secp160r1", "secp160r2", "secp192k1", "prime192v1", "secp224k1", "secp224r1",
            "secp256k1", "prime256v1", "secp384r1", "secp521r1",
        ],
        trustStore: unknownTrust("Android 4.0"),
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [1, 0],
            extensions: [
                { type: 0 },
                { type: 11, data: "03000102" },
                {
                    type: 10,
                    data:
                        "0032000100020003000400050006000700080009000a000b000c000d000e000f00100011001200130014001500160017" +
                        "00180019",
                },
                { type: 35, data: "" },
                { type: 0x3374, data: "" },
            ],
        },
        sources: sslLabs("Android 4.0.4"),
        note: "Offers DEFLATE compression (method 1) before null, and all 25 named curves of RFC 4492.",
    },
    {
        id: "android-4.4.2",
        name: "Android 4.4.2",
        protocols: ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"],
        cipherSuites: [
            0xc030, 0xc02c, 0xc014, 0xc00a, 0x00a3, 0x009f, 0x006b, 0x006a, 0x0039, 0x0038, 0x009d, 0x003d,
            0x0035, 0xc012, 0xc008, 0x0016, 0x0013, 0x000a, 0xc02f, 0xc02b, 0xc027, 0xc023, 0xc013, 0xc009,
            0x00a2, 0x009e, 0x0067, 0x0040, 0x0033, 0x0032, 0x009c, 0x003c, 0x002f, 0xc011, 0xc007, 0x0005,
            0x0004, 0x00ff,
        ],
        sni: true,
        curves: ["secp521r1", "secp384r1", "prime256v1"],
        trustStore: unknownTrust("Android 4.4"),
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0303,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 11, data: "0100" },
                { type: 10, data: "0006001900180017" },
                { type: 35, data: "" },
                { type: 13, data: "00200601060206030501050205030401040204030301030203030201020202030101" },
                { type: 0x3374, data: "" },
            ],
        },
        sources: sslLabs("Android 4.4.2"),
    },
    {
        id: "android-5.0.0",
        name: "Android 5.0.0",
        protocols: ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"],
        cipherSuites: [
            0xcc14, 0xcc13, 0xcc15, 0xc014, 0xc00a, 0x0039, 0x0038, 0x0035, 0xc012, 0xc008, 0x0016, 0x0013,
            0x000a, 0xc02f, 0xc02b, 0xc013, 0xc009, 0x00a2, 0x009e, 0x0033, 0x0032, 0x009c, 0x002f, 0xc011,
            0xc007, 0x0005, 0x0004, 0x00ff,
        ],
        sni: true,
        curves: ["secp521r1", "secp384r1", "prime256v1"],
        trustStore: unknownTrust("Android 5.0"),
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0303,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 35, data: "" },
                { type: 13, data: "00200601060206030501050205030401040204030301030203030201020202030101" },
                { type: 0x3374, data: "" },
                { type: 11, data: "0100" },
                { type: 10, data: "0006001900180017" },
            ],
        },
        sources: sslLabs("Android 5.0.0"),
        note:
            "0xcc13-0xcc15 are Google's pre-standard ChaCha20-Poly1305 suites (OpenSSL names ending -OLD), never " +
            "registered with IANA.",
    },
    {
        id: "java6u45",
        name: "Java 6u45",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [
            0x0004, 0x0005, 0x002f, 0x0033, 0x0032, 0x000a, 0x0016, 0x0013, 0x0009, 0x0015, 0x0012, 0x0003,
            0x0008, 0x0014, 0x0011, 0x00ff,
        ],
        sni: false,
        trustStore: JAVA_TRUST,
        hello: {
            format: "ssl2",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [],
            ssl2CipherSpecs: [0x000004, 0x010080, 0x000005, 0x00002f, 0x000033, 0x000032, 0x00000a, 0x0700c0, 0x000016, 0x000013, 0x000009, 0x060040, 0x000015, 0x000012, 0x000003, 0x020080, 0x000008, 0x000014, 0x000011, 0x0000ff],
            challengeLength: 32,
        },
        sources: sslLabs("Java 6u45"),
        note:
            "Java 6's SunJSSE as SSL Labs simulates it: an SSLv2-compatible hello (RFC 5246 appendix E.2) asking " +
            "for TLS 1.0, with no extensions, so no SNI. Among its 3-byte cipher specs are four SSLv2-only kinds, " +
            "kept in `hello.ssl2CipherSpecs`; `cipherSuites` lists the 16 TLS suites. SSL Labs gives SSLv2 as its " +
            "lowest protocol; this package does not model SSLv2.",
    },
    {
        id: "java7u25",
        name: "Java 7u25",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [
            0xc009, 0xc013, 0x002f, 0xc004, 0xc00e, 0x0033, 0x0032, 0xc007, 0xc011, 0x0005, 0xc002, 0xc00c,
            0xc008, 0xc012, 0x000a, 0xc003, 0xc00d, 0x0016, 0x0013, 0x0004, 0x00ff,
        ],
        sni: true,
        curves: [
            "prime256v1", "sect163k1", "sect163r2", "prime192v1", "secp224r1", "sect233k1", "sect233r1",
            "sect283k1", "sect283r1", "secp384r1", "sect409k1", "sect409r1", "secp521r1", "sect571k1",
            "sect571r1", "secp160k1", "secp160r1", "secp160r2", "sect163r1", "secp192k1", "sect193r1",
            "sect193r2", "secp224k1", "sect239k1", "secp256k1",
        ],
        trustStore: JAVA_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                {
                    type: 10,
                    data:
                        "003200170001000300130015000600070009000a0018000b000c0019000d000e000f0010001100020012000400050014" +
                        "00080016",
                },
                { type: 11, data: "0100" },
                { type: 0 },
            ],
        },
        sources: sslLabs("Java 7u25"),
        note:
            "TLS 1.0 at most (SSL Labs' lowest protocol is SSLv3); sends SNI as its last extension and offers 25 " +
            "named curves.",
    },
    {
        id: "java8u31",
        name: "Java 8u31",
        protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
        cipherSuites: [
            0xc023, 0xc027, 0x003c, 0xc025, 0xc029, 0x0067, 0x0040, 0xc009, 0xc013, 0x002f, 0xc004, 0xc00e,
            0x0033, 0x0032, 0xc02b, 0xc02f, 0x009c, 0xc02d, 0xc031, 0x009e, 0x00a2, 0xc008, 0xc012, 0x000a,
            0xc003, 0xc00d, 0x0016, 0x0013, 0xc007, 0xc011, 0x0005, 0xc002, 0xc00c, 0x0004, 0x00ff,
        ],
        sni: true,
        curves: [
            "prime256v1", "sect163k1", "sect163r2", "prime192v1", "secp224r1", "sect233k1", "sect233r1",
            "sect283k1", "sect283r1", "secp384r1", "sect409k1", "sect409r1", "secp521r1", "sect571k1",
            "sect571r1", "secp160k1", "secp160r1", "secp160r2", "sect163r1", "secp192k1", "sect193r1",
            "sect193r2", "secp224k1", "sect239k1", "secp256k1",
        ],
        trustStore: JAVA_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0303,
            clientVersion: 0x0303,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                {
                    type: 10,
                    data:
                        "003200170001000300130015000600070009000a0018000b000c0019000d000e000f0010001100020012000400050014" +
                        "00080016",
                },
                { type: 11, data: "0100" },
                { type: 13, data: "0018060306010503050104030401030303010203020102020101" },
                { type: 0 },
            ],
        },
        sources: sslLabs("Java 8u31"),
    },
    {
        id: "java8u161",
        name: "Java 8u161",
        protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
        cipherSuites: [
            0xc024, 0xc028, 0x003d, 0xc026, 0xc02a, 0x006b, 0x006a, 0xc00a, 0xc014, 0x0035, 0xc005, 0xc00f,
            0x0039, 0x0038, 0xc023, 0xc027, 0x003c, 0xc025, 0xc029, 0x0067, 0x0040, 0xc009, 0xc013, 0x002f,
            0xc004, 0xc00e, 0x0033, 0x0032, 0xc02c, 0xc02b, 0xc030, 0x009d, 0xc02e, 0xc032, 0x009f, 0x00a3,
            0xc02f, 0x009c, 0xc02d, 0xc031, 0x009e, 0x00a2, 0xc008, 0xc012, 0x000a, 0xc003, 0xc00d, 0x0016,
            0x0013, 0x00ff,
        ],
        sni: true,
        curves: [
            "prime256v1", "secp384r1", "secp521r1", "sect283k1", "sect283r1", "sect409k1", "sect409r1",
            "sect571k1", "sect571r1", "secp256k1",
        ],
        trustStore: JAVA_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0303,
            clientVersion: 0x0303,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 10, data: "00140017001800190009000a000b000c000d000e0016" },
                { type: 11, data: "0100" },
                { type: 13, data: "00140603060105030501040304010402020302010202" },
                { type: 23, data: "" },
                { type: 0 },
            ],
        },
        sources: sslLabs("Java 8u161"),
    },
    {
        id: "openssl-0.9.8y",
        name: "OpenSSL 0.9.8y",
        protocols: ["SSLv3", "TLSv1"],
        cipherSuites: [
            0x0039, 0x0038, 0x0035, 0x0016, 0x0013, 0x000a, 0x0033, 0x0032, 0x002f, 0x0007, 0x0005, 0x0004,
            0x0015, 0x0012, 0x0009, 0x0014, 0x0011, 0x0008, 0x0006, 0x0003, 0x00ff,
        ],
        sni: true,
        trustStore: unknownTrust("OpenSSL"),
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0301,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 35, data: "" },
            ],
        },
        sources: sslLabs("OpenSSL 0.9.8y"),
        note: "TLS 1.0 at most, with SNI and a session ticket but no elliptic curves.",
    },
    {
        id: "openssl-1.0.1l",
        name: "OpenSSL 1.0.1l",
        protocols: ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"],
        cipherSuites: [
            0xc030, 0xc02c, 0xc028, 0xc024, 0xc014, 0xc00a, 0x00a3, 0x009f, 0x006b, 0x006a, 0x0039, 0x0038,
            0x0088, 0x0087, 0xc032, 0xc02e, 0xc02a, 0xc026, 0xc00f, 0xc005, 0x009d, 0x003d, 0x0035, 0x0084,
            0xc02f, 0xc02b, 0xc027, 0xc023, 0xc013, 0xc009, 0x00a2, 0x009e, 0x0067, 0x0040, 0x0033, 0x0032,
            0x009a, 0x0099, 0x0045, 0x0044, 0xc031, 0xc02d, 0xc029, 0xc025, 0xc00e, 0xc004, 0x009c, 0x003c,
            0x002f, 0x0096, 0x0041, 0x0007, 0xc011, 0xc007, 0xc00c, 0xc002, 0x0005, 0x0004, 0xc012, 0xc008,
            0x0016, 0x0013, 0xc00d, 0xc003, 0x000a, 0x0015, 0x0012, 0x0009, 0x0014, 0x0011, 0x0008, 0x0006,
            0x0003, 0x00ff,
        ],
        sni: true,
        curves: [
            "sect571r1", "sect571k1", "secp521r1", "sect409k1", "sect409r1", "secp384r1", "sect283k1",
            "sect283r1", "secp256k1", "prime256v1", "sect239k1", "sect233k1", "sect233r1", "secp224k1",
            "secp224r1", "sect193r1", "sect193r2", "secp192k1", "prime192v1", "sect163k1", "sect163r1",
            "sect163r2", "secp160k1", "secp160r1", "secp160r2",
        ],
        trustStore: unknownTrust("OpenSSL"),
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0303,
            sessionIdLength: 0,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 11, data: "03000102" },
                {
                    type: 10,
                    data:
                        "0032000e000d0019000b000c00180009000a00160017000800060007001400150004000500120013000100020003000f" +
                        "00100011",
                },
                { type: 35, data: "" },
                { type: 13, data: "001e060106020603050105020503040104020403030103020303020102020203" },
                { type: 5, data: "0100000000" },
                { type: 15, data: "01" },
            ],
        },
        sources: sslLabs("OpenSSL 1.0.1l"),
        note:
            "Offers 73 suites (and the renegotiation SCSV), among them fixed ECDH, Camellia, SEED, IDEA, single " +
            "DES and export suites, and sends the heartbeat extension (15).",
    },
    {
        id: "chrome-101-win10",
        name: "Chrome 101 (Win 10)",
        protocols: ["TLSv1.2", "TLSv1.3"],
        cipherSuites: [
            0x1a1a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
            0x009c, 0x009d, 0x002f, 0x0035,
        ],
        sni: true,
        curves: ["X25519", "prime256v1", "secp384r1"],
        trustStore: CURRENT_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0303,
            sessionIdLength: 32,
            compressionMethods: [0],
            extensions: [
                { type: 0x2a2a, data: "" },
                { type: 0 },
                { type: 23, data: "" },
                { type: 0xff01, data: "00" },
                { type: 10, data: "00083a3a001d00170018" },
                { type: 11, data: "0100" },
                { type: 35, data: "" },
                { type: 16, data: "000c02683208687474702f312e31" },
                { type: 5, data: "0100000000" },
                { type: 13, data: "001004030804040105030805050108060601" },
                { type: 18, data: "" },
                { type: 51 },
                { type: 45, data: "0101" },
                { type: 43, data: "06aaaa03040303" },
                { type: 27, data: "020002" },
                { type: 0x4469, data: "0003026832" },
                { type: 0x4a4a, data: "00" },
                { type: 21 },
            ],
            keyShareGroups: [0x3a3a, 0x001d],
        },
        sources: testsslCapture("Chrome 101 (Win 10)"),
        note:
            "The hello was recorded by testssl.sh from a live connection (its server_name named testssl.sh), not " +
            "by SSL Labs. GREASE values (RFC 8701: 0x?a?a suites, groups, versions and extensions) are kept as " +
            "recorded; the browser picks new ones on each connection.",
    },
    {
        id: "firefox-100-win10",
        name: "Firefox 100 (Win 10)",
        protocols: ["TLSv1.2", "TLSv1.3"],
        cipherSuites: [
            0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013,
            0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
        ],
        sni: true,
        curves: ["X25519", "prime256v1", "secp384r1", "secp521r1", "ffdhe2048", "ffdhe3072"],
        trustStore: CURRENT_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0303,
            sessionIdLength: 32,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 23, data: "" },
                { type: 0xff01, data: "00" },
                { type: 10, data: "000c001d00170018001901000101" },
                { type: 11, data: "0100" },
                { type: 35, data: "" },
                { type: 16, data: "000c02683208687474702f312e31" },
                { type: 5, data: "0100000000" },
                { type: 34, data: "00080403050306030203" },
                { type: 51 },
                { type: 43, data: "0403040303" },
                { type: 13, data: "001604030503060308040805080604010501060102030201" },
                { type: 45, data: "0101" },
                { type: 28, data: "4001" },
                { type: 21 },
            ],
            keyShareGroups: [0x001d, 0x0017],
        },
        sources: testsslCapture("Firefox 100 (Win 10)"),
        note:
            "The hello was recorded by testssl.sh from a live connection (its server_name named testssl.sh), not " +
            "by SSL Labs. Offers the FFDHE groups 2048 and 3072 (RFC 7919) after its curves.",
    },
    {
        id: "chromium-137-win11",
        name: "Chromium 137 (Win 11)",
        protocols: ["TLSv1.2", "TLSv1.3"],
        cipherSuites: [
            0xeaea, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
            0x009c, 0x009d, 0x002f, 0x0035,
        ],
        sni: true,
        curves: ["X25519MLKEM768", "X25519", "prime256v1", "secp384r1"],
        trustStore: CURRENT_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0303,
            sessionIdLength: 32,
            compressionMethods: [0],
            extensions: [
                { type: 0x4a4a, data: "" },
                { type: 35, data: "" },
                {
                    type: 0xfe0d,
                    data:
                        "00000100012a002065b7614cfd41b624c0a9c508c7ba54ac2541edaa61b95dafb2259fcd96e87e1900909bd89d48d1da" +
                        "0991e630b47a90e6c64180c4b36628222dc07c6cb9c4ca7eb1ea231a7e59c6368d80cff26f76110099168eafa707e84a" +
                        "114cf659e73a8a024ac66ce1c7e7e590ee44ca26fb87d0c09014849cdbe0c3f6d6bad2a75fd2b8e688b9dce354df4171" +
                        "66448d102089d991dcfcdcb7dbce6db4abfb410106fc45f1da80e26e6ca52617591858cf284281ec5545",
                },
                { type: 51 },
                { type: 45, data: "0101" },
                { type: 5, data: "0100000000" },
                { type: 13, data: "001004030804040105030805050108060601" },
                { type: 0 },
                { type: 16, data: "000c02683208687474702f312e31" },
                { type: 43, data: "06dada03040303" },
                { type: 23, data: "" },
                { type: 18, data: "" },
                { type: 0x44cd, data: "0003026832" },
                { type: 11, data: "0100" },
                { type: 27, data: "020002" },
                { type: 10, data: "000a9a9a11ec001d00170018" },
                { type: 0xff01, data: "00" },
                { type: 0x8a8a, data: "00" },
            ],
            keyShareGroups: [0x9a9a, 0x11ec, 0x001d],
        },
        sources: testsslCapture("Chromium 137 (Win 11)"),
        note:
            "The hello was recorded by testssl.sh from a live connection (its server_name named testssl.sh), not " +
            "by SSL Labs. Offers the hybrid post-quantum group X25519MLKEM768 (0x11ec) with a key share, and an " +
            "encrypted_client_hello extension (0xfe0d) kept as recorded, though its body changes on each " +
            "connection. Chromium shuffles its extension order on each connection; this is the recorded one. " +
            "GREASE values (RFC 8701: 0x?a?a suites, groups, versions and extensions) are kept as recorded; the " +
            "browser picks new ones on each connection.",
    },
    {
        id: "firefox-137-win11",
        name: "Firefox 137 (Win 11)",
        protocols: ["TLSv1.2", "TLSv1.3"],
        cipherSuites: [
            0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013,
            0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
        ],
        sni: true,
        curves: ["X25519MLKEM768", "X25519", "prime256v1", "secp384r1", "secp521r1", "ffdhe2048", "ffdhe3072"],
        trustStore: CURRENT_TRUST,
        hello: {
            format: "tls",
            recordVersion: 0x0301,
            clientVersion: 0x0303,
            sessionIdLength: 32,
            compressionMethods: [0],
            extensions: [
                { type: 0 },
                { type: 23, data: "" },
                { type: 0xff01, data: "00" },
                { type: 10, data: "000e11ec001d00170018001901000101" },
                { type: 11, data: "0100" },
                { type: 35, data: "" },
                { type: 16, data: "000c02683208687474702f312e31" },
                { type: 5, data: "0100000000" },
                { type: 34, data: "00080403050306030203" },
                { type: 18, data: "" },
                { type: 51 },
                { type: 43, data: "0403040303" },
                { type: 13, data: "001604030503060308040805080604010501060102030201" },
                { type: 45, data: "0101" },
                { type: 28, data: "4001" },
                { type: 27, data: "06000100020003" },
                {
                    type: 0xfe0d,
                    data:
                        "00000100032b00209f461dcd898b13a5ae9cb6eda16db517723a0bd452637e628dd9f42684525a2e00efe1e6f2feae67" +
                        "133161ac996bcfb5f06cd1d1635099eecb70fbc50a9ba740551de7afa0c1d222d5b4073bc3e76079c9c33d87fef70087" +
                        "0929d979dd2bf44e3c89e14aaac43f46d1e985d1be13ee29fd76820334c5d169d9dc50b49ad24919af9735baa2781639" +
                        "4bed94a0f1640e8d6cf67268b58215fd2fcfda67c7203527903f6ed32b576cd5f4bb5d947b3b2aeb6e9eaa588f68c2c7" +
                        "28b8f410c0cb67a5565478b28d3fce6f485bb80b2748b1f85166ecc9729f4f03e9c1cdd80f4ec2342b088d45161d8334" +
                        "a5dd4f57aa4fd3cc3b48c361b318147cc5b1270c172788d3674a854acb3a37fdd532d6a014d33acd68",
                },
            ],
            keyShareGroups: [0x11ec, 0x001d, 0x0017],
        },
        sources: testsslCapture("Firefox 137 (Win 11)"),
        note:
            "The hello was recorded by testssl.sh from a live connection (its server_name named testssl.sh), not " +
            "by SSL Labs. Offers the hybrid post-quantum group X25519MLKEM768 (0x11ec) with a key share, and an " +
            "encrypted_client_hello extension (0xfe0d) kept as recorded, though its body changes on each " +
            "connection.",
    },
];

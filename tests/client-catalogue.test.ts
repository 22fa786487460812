import { expect } from "chai";
import { CIPHER_SUITES, cipherSuiteByCode, cipherSuiteByName } from "../components/tls-clients/cipher-suites";
import { CLIENT_PROFILES } from "../components/tls-clients/client-catalogue";
import { ClientProfile, HelloExtension } from "../components/tls-clients/client-profile";
import { PROTOCOLS, Protocol, WIRE_VERSION, protocolOfWireVersion } from "../components/tls-clients/protocols";
import { TRUST_ANCHORS } from "../components/tls-clients/trust-anchors";

// RFC 8701: GREASE values are 0x0a0a, 0x1a1a, ... 0xfafa, in cipher suites, groups, versions and extension types.
function isGrease(value: number): boolean {
    return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

// Codes the catalogue keeps as offered although the registry does not know them. The engine treats them
// as never chosen by CloudFront.
const UNKNOWN_CODES_ALLOWED: ReadonlyMap<number, string> = new Map([
    // IANA's registry reserves 0x0060-0x0066 "to avoid conflicts with widely deployed implementations": the
    // EXPORT1024 suites of draft-ietf-tls-56-bit-ciphersuites, offered by Windows XP's SChannel.
    [0x0062, "EXP1024-DES-CBC-SHA"],
    [0x0063, "EXP1024-DHE-DSS-DES-CBC-SHA"],
    [0x0064, "EXP1024-RC4-SHA"],
    // Google's pre-standard ChaCha20-Poly1305 codes (Android 5.0), never registered; the IANA ones are 0xcca8/0xcca9.
    [0xcc13, "ECDHE-RSA-CHACHA20-POLY1305-OLD"],
    [0xcc14, "ECDHE-ECDSA-CHACHA20-POLY1305-OLD"],
    [0xcc15, "DHE-RSA-CHACHA20-POLY1305-OLD"],
]);

// Supported groups by code, with the names OpenSSL uses (prime192v1/prime256v1 for secp192r1/secp256r1).
// @see https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8
const GROUP_NAMES: ReadonlyMap<number, string> = new Map([
    ...[
        "sect163k1", "sect163r1", "sect163r2", "sect193r1", "sect193r2", "sect233k1", "sect233r1", "sect239k1",
        "sect283k1", "sect283r1", "sect409k1", "sect409r1", "sect571k1", "sect571r1", "secp160k1", "secp160r1",
        "secp160r2", "secp192k1", "prime192v1", "secp224k1", "secp224r1", "secp256k1", "prime256v1", "secp384r1",
        "secp521r1", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1", "X25519", "X448",
    ].map((name, i) => [i + 1, name] as const),
    [0x0100, "ffdhe2048"],
    [0x0101, "ffdhe3072"],
    [0x0102, "ffdhe4096"],
    [0x0103, "ffdhe6144"],
    [0x0104, "ffdhe8192"],
    [0x11ec, "X25519MLKEM768"],
]);

// Extensions whose body differs per connection and so carries no `data` in a template.
const PER_CONNECTION = [0, 21, 51];

function extension(profile: ClientProfile, type: number): HelloExtension | undefined {
    return profile.hello.extensions.find((e) => e.type === type);
}

function bytesOf(hex: string): number[] {
    return (hex.match(/../g) ?? []).map((b) => parseInt(b, 16));
}

function u16s(bytes: readonly number[]): number[] {
    const out: number[] = [];
    for (let i = 0; i + 1 < bytes.length; i += 2) out.push((bytes[i] << 8) | bytes[i + 1]);
    return out;
}

// supported_groups (RFC 8422 5.1.1): a 2-byte length, then 2-byte group codes.
function decodeGroups(hex: string): number[] {
    const bytes = bytesOf(hex);
    expect((bytes[0] << 8) | bytes[1], "supported_groups length").to.equal(bytes.length - 2);
    return u16s(bytes.slice(2));
}

// supported_versions in a ClientHello (RFC 8446 4.2.1): a 1-byte length, then 2-byte versions.
function decodeVersions(hex: string): number[] {
    const bytes = bytesOf(hex);
    expect(bytes[0], "supported_versions length").to.equal(bytes.length - 1);
    return u16s(bytes.slice(1));
}

function newest(profile: ClientProfile): Protocol {
    return profile.protocols[profile.protocols.length - 1];
}

function byName(name: string): ClientProfile {
    const profile = CLIENT_PROFILES.find((p) => p.name === name);
    if (!profile) throw new Error(`no profile named ${name}`);
    return profile;
}

function offers(profile: ClientProfile, suiteName: string): boolean {
    const suite = cipherSuiteByName(suiteName);
    if (!suite) throw new Error(`unknown suite ${suiteName}`);
    return profile.cipherSuites.includes(suite.code);
}

describe("client catalogue", () => {
    it("has ids that are unique and safe to type", () => {
        const ids = CLIENT_PROFILES.map((p) => p.id);
        expect(new Set(ids).size, "duplicate ids").to.equal(ids.length);
        for (const id of ids) expect(id).to.match(/^[a-z0-9][a-z0-9.-]*$/);
    });

    it("has names that are unique ignoring case (the command line matches names case-insensitively)", () => {
        const names = CLIENT_PROFILES.map((p) => p.name.toLowerCase());
        expect(new Set(names).size, "duplicate names").to.equal(names.length);
        // An id that equals another profile's name would make a lookup ambiguous.
        for (const p of CLIENT_PROFILES) expect(names.filter((n, i) => n === p.id && CLIENT_PROFILES[i] !== p)).to.deep.equal([]);
    });

    it("has every client the product promises, by its exact name and id", () => {
        const required: Record<string, string> = {
            "ie6-xp": "IE 6 XP",
            "ie8-xp": "IE 8 XP",
            "ie8-win7": "IE 8 Win 7",
            "ie11-win7": "IE 11 Win 7",
            java6u45: "Java 6u45",
            java7u25: "Java 7u25",
            java8u31: "Java 8u31",
            "android-2.3.7": "Android 2.3.7",
            "android-4.0.4": "Android 4.0.4",
            "android-4.4.2": "Android 4.4.2",
            "openssl-0.9.8y": "OpenSSL 0.9.8y",
            "openssl-1.0.1l": "OpenSSL 1.0.1l",
            "safari5.1.9-osx10.6.8": "Safari 5.1.9 OS X 10.6.8",
            "safari6-ios6.0.1": "Safari 6 iOS 6.0.1",
            "chrome-101-win10": "Chrome 101 (Win 10)",
            "firefox-100-win10": "Firefox 100 (Win 10)",
        };
        for (const [id, name] of Object.entries(required)) {
            expect(CLIENT_PROFILES.find((p) => p.id === id)?.name, id).to.equal(name);
        }
        // A current Chrome-family and Firefox browser, so the matrix shows what today's clients negotiate.
        const current = CLIENT_PROFILES.filter((p) => p.trustStore.kind === "current").map((p) => p.name);
        expect(current.some((n) => /^(Chrome|Chromium) /.test(n)), "a current Chrome").to.equal(true);
        expect(current.some((n) => /^Firefox /.test(n)), "a current Firefox").to.equal(true);
    });

    it("lists each client's protocols as a contiguous range, oldest first", () => {
        for (const p of CLIENT_PROFILES) {
            expect(p.protocols, p.id).to.not.be.empty;
            const at = p.protocols.map((proto) => PROTOCOLS.indexOf(proto));
            expect(at.every((i) => i >= 0), `${p.id}: known protocols`).to.equal(true);
            at.forEach((i, k) => k > 0 && expect(i, `${p.id}: ${p.protocols.join(",")}`).to.equal(at[k - 1] + 1));
        }
    });

    it("knows every cipher suite code offered, bar GREASE and an explicit list of unregistered codes", () => {
        const used = new Set<number>();
        for (const p of CLIENT_PROFILES) {
            expect(new Set(p.cipherSuites).size, `${p.id}: a code offered twice`).to.equal(p.cipherSuites.length);
            for (const code of p.cipherSuites) {
                used.add(code);
                const known = cipherSuiteByCode(code) !== undefined || isGrease(code) || UNKNOWN_CODES_ALLOWED.has(code);
                expect(known, `${p.id}: 0x${code.toString(16).padStart(4, "0")}`).to.equal(true);
            }
        }
        // The allow-list must not hide a registry entry, nor outlive the profiles that needed it.
        for (const code of UNKNOWN_CODES_ALLOWED.keys()) {
            expect(CIPHER_SUITES.has(code), `0x${code.toString(16)} is in the registry now`).to.equal(false);
            expect(used.has(code), `0x${code.toString(16)} is offered by no profile`).to.equal(true);
        }
    });

    it("offers only suites a TLS 1.3 client can use at 1.3, and none of them below it", () => {
        for (const p of CLIENT_PROFILES) {
            const tls13Suites = p.cipherSuites.filter((c) => cipherSuiteByCode(c)?.keyExchange === "TLS13");
            expect(tls13Suites.length > 0, `${p.id}: TLS 1.3 suites iff TLS 1.3`).to.equal(p.protocols.includes("TLSv1.3"));
        }
    });

    describe("the ClientHello template agrees with the negotiation facts", () => {
        for (const p of CLIENT_PROFILES) {
            describe(p.id, () => {
                const { hello } = p;

                it("sends server_name (0) exactly when it does SNI", () => {
                    expect(extension(p, 0) !== undefined).to.equal(p.sni);
                });

                it("sends supported_groups (10) exactly when it lists curves, and they decode to `curves`", () => {
                    const ext = extension(p, 10);
                    expect(ext !== undefined, "extension present").to.equal(p.curves !== undefined);
                    if (ext?.data === undefined) return;
                    const names = decodeGroups(ext.data)
                        .filter((g) => !isGrease(g))
                        .map((g) => GROUP_NAMES.get(g) ?? `0x${g.toString(16)}`);
                    expect(names).to.deep.equal(p.curves);
                });

                it("carries its versions as TLS expects", () => {
                    const versions = extension(p, 43);
                    if (p.protocols.includes("TLSv1.3")) {
                        // RFC 8446 4.1.2: legacy_version stays TLS 1.2; the versions move to supported_versions.
                        expect(hello.clientVersion).to.equal(WIRE_VERSION["TLSv1.2"]);
                        expect(versions?.data, "supported_versions").to.be.a("string");
                        const listed = decodeVersions(versions?.data ?? "")
                            .filter((v) => !isGrease(v))
                            .map((v) => protocolOfWireVersion(v));
                        expect([...listed].sort((a, b) => PROTOCOLS.indexOf(a!) - PROTOCOLS.indexOf(b!))).to.deep.equal(p.protocols);
                    } else {
                        expect(hello.clientVersion).to.equal(WIRE_VERSION[newest(p)]);
                        expect(versions, "no supported_versions below TLS 1.3").to.equal(undefined);
                    }
                });

                it("has a well-formed template", () => {
                    expect(hello.sessionIdLength).to.be.oneOf([0, 32]);
                    // RFC 5246 7.4.1.2: the list MUST contain the null method.
                    expect(hello.compressionMethods).to.include(0);
                    if (hello.format === "ssl2") {
                        // RFC 5246 appendix E.2: the SSLv2 format has no room for extensions.
                        expect(hello.extensions).to.deep.equal([]);
                        expect(hello.keyShareGroups).to.equal(undefined);
                        expect(hello.compressionMethods).to.deep.equal([0]);
                        return;
                    }
                    expect(hello.recordVersion).to.be.within(WIRE_VERSION.TLSv1, WIRE_VERSION["TLSv1.2"]);
                    // RFC 5246 7.4.1.4: at most one extension of each type.
                    const types = hello.extensions.map((e) => e.type);
                    expect(new Set(types).size, "an extension type twice").to.equal(types.length);
                    for (const e of hello.extensions) {
                        if (PER_CONNECTION.includes(e.type)) {
                            expect(e.data, `extension ${e.type} is filled in per connection`).to.equal(undefined);
                        } else {
                            expect(e.data, `extension ${e.type}`).to.match(/^(?:[0-9a-f]{2})*$/);
                        }
                    }
                });

                it("names key-share groups exactly when it sends key_share (51), each among its offered groups", () => {
                    expect(hello.keyShareGroups !== undefined).to.equal(extension(p, 51) !== undefined);
                    if (!hello.keyShareGroups) return;
                    const offered = decodeGroups(extension(p, 10)?.data ?? "0000");
                    for (const g of hello.keyShareGroups) expect(offered, `group 0x${g.toString(16)}`).to.include(g);
                });
            });
        }
    });

    it("names only roots this package knows, with a source, or says why trust is unknown", () => {
        for (const p of CLIENT_PROFILES) {
            const store = p.trustStore;
            if (store.kind === "roots") {
                expect(store.roots, p.id).to.not.be.empty;
                for (const root of store.roots) expect(TRUST_ANCHORS, p.id).to.have.property(root);
                expect(store.source, p.id).to.match(/^https:\/\//);
            } else if (store.kind === "current") {
                expect(store.source, p.id).to.match(/^https:\/\//);
            } else {
                expect(store.why.length, p.id).to.be.greaterThan(20);
            }
        }
    });

    it("cites at least one public source for every record, and the copy of the data it was decoded from", () => {
        for (const p of CLIENT_PROFILES) {
            expect(p.sources, p.id).to.not.be.empty;
            for (const s of p.sources) {
                expect(s.covers.trim(), p.id).to.not.equal("");
                expect(s.reference, p.id).to.match(/^https:\/\//);
            }
            // Pinned to a commit, so the decoded bytes can be checked again.
            expect(p.sources.some((s) => /testssl\.sh\/blob\/[0-9a-f]{40}\//.test(s.reference) && s.covers.includes(`"${p.name}"`)), p.id).to.equal(true);
        }
    });

    it("credits SSL Labs only for hellos SSL Labs recorded", () => {
        // The four current browsers were recorded by testssl.sh itself (their server_name named testssl.sh).
        const ownCaptures = ["chrome-101-win10", "firefox-100-win10", "chromium-137-win11", "firefox-137-win11"];
        for (const p of CLIENT_PROFILES) {
            const citesSslLabs = p.sources.some((s) => s.reference === "https://api.ssllabs.com/api/v3/getClients");
            expect(citesSslLabs, p.id).to.equal(!ownCaptures.includes(p.id));
        }
    });

    describe("spot checks against the recorded hellos", () => {
        it("IE 6 XP: an SSLv2-format hello for SSLv3 only, no SNI", () => {
            const p = byName("IE 6 XP");
            expect(p.protocols).to.deep.equal(["SSLv3"]);
            expect(p.hello.format).to.equal("ssl2");
            expect(p.sni).to.equal(false);
        });

        it("IE 8 XP: no AES suite, no SNI, no curves, TLS 1.0 at most", () => {
            const p = byName("IE 8 XP");
            expect(p.cipherSuites.map((c) => cipherSuiteByCode(c)?.name ?? "").filter((n) => n.includes("AES"))).to.deep.equal([]);
            expect(p.sni).to.equal(false);
            expect(p.curves).to.equal(undefined);
            expect(newest(p)).to.equal("TLSv1");
            expect(offers(p, "DES-CBC3-SHA")).to.equal(true);
        });

        it("IE 8 Win 7: SNI and ECDHE, but TLS 1.0 at most", () => {
            const p = byName("IE 8 Win 7");
            expect(p.sni).to.equal(true);
            expect(newest(p)).to.equal("TLSv1");
            expect(offers(p, "ECDHE-RSA-AES128-SHA")).to.equal(true);
        });

        it("IE 11 Win 7: TLS 1.2, ECDHE-RSA only with CBC", () => {
            const p = byName("IE 11 Win 7");
            expect(p.protocols).to.deep.equal(["TLSv1", "TLSv1.1", "TLSv1.2"]);
            expect(offers(p, "ECDHE-RSA-AES128-SHA256")).to.equal(true);
            expect(offers(p, "ECDHE-RSA-AES128-GCM-SHA256")).to.equal(false);
        });

        it("Java 6u45: an SSLv2-format hello for TLS 1.0, no SNI", () => {
            const p = byName("Java 6u45");
            expect(p.hello.format).to.equal("ssl2");
            expect(p.hello.clientVersion).to.equal(WIRE_VERSION.TLSv1);
            expect(p.sni).to.equal(false);
        });

        it("Java 7u25: SSLv3 and TLS 1.0, with SNI", () => {
            const p = byName("Java 7u25");
            expect(p.protocols).to.deep.equal(["SSLv3", "TLSv1"]);
            expect(p.sni).to.equal(true);
        });

        it("Java 8u31: TLS 1.0 to 1.2 with GCM", () => {
            const p = byName("Java 8u31");
            expect(p.protocols).to.deep.equal(["TLSv1", "TLSv1.1", "TLSv1.2"]);
            expect(offers(p, "ECDHE-RSA-AES128-GCM-SHA256")).to.equal(true);
        });

        it("Android 2.3.7: a hello without extensions, so no SNI", () => {
            const p = byName("Android 2.3.7");
            expect(p.sni).to.equal(false);
            expect(p.hello.extensions).to.deep.equal([]);
            expect(p.protocols).to.deep.equal(["SSLv3", "TLSv1"]);
        });

        it("Android 4.0.4: SNI, and DEFLATE offered before null compression", () => {
            const p = byName("Android 4.0.4");
            expect(p.sni).to.equal(true);
            expect(p.hello.compressionMethods).to.deep.equal([1, 0]);
        });

        it("Android 4.4.2 and OpenSSL 1.0.1l reach TLS 1.2; OpenSSL 0.9.8y does not", () => {
            expect(newest(byName("Android 4.4.2"))).to.equal("TLSv1.2");
            expect(newest(byName("OpenSSL 1.0.1l"))).to.equal("TLSv1.2");
            expect(newest(byName("OpenSSL 0.9.8y"))).to.equal("TLSv1");
            expect(byName("OpenSSL 0.9.8y").curves).to.equal(undefined);
        });

        it("Safari 6 iOS 6.0.1: TLS 1.2, and still offers NULL suites", () => {
            const p = byName("Safari 6 iOS 6.0.1");
            expect(newest(p)).to.equal("TLSv1.2");
            expect(offers(p, "NULL-SHA")).to.equal(true);
        });

        it("the current browsers speak TLS 1.3 with X25519, the newest with X25519MLKEM768 key shares", () => {
            for (const p of CLIENT_PROFILES.filter((c) => c.trustStore.kind === "current")) {
                expect(p.protocols, p.id).to.include("TLSv1.3");
                expect(p.curves, p.id).to.include("X25519");
            }
            for (const name of ["Chromium 137 (Win 11)", "Firefox 137 (Win 11)"]) {
                expect(byName(name).hello.keyShareGroups, name).to.include(0x11ec);
            }
        });
    });
});

describe("cipher suites the catalogue added to the registry", () => {
    it("derives key exchange, authentication and protocol range from the IANA name", () => {
        const expected: Array<[string, string, string, string, string]> = [
            // [OpenSSL name, key exchange, authentication, minProtocol, maxProtocol]
            ["EXP-RC4-MD5", "RSA", "RSA", "SSLv3", "TLSv1"],
            ["EXP-EDH-DSS-DES-CBC-SHA", "DHE", "DSS", "SSLv3", "TLSv1"],
            ["EXP-EDH-RSA-DES-CBC-SHA", "DHE", "RSA", "SSLv3", "TLSv1"],
            ["EDH-DSS-DES-CBC-SHA", "DHE", "DSS", "SSLv3", "TLSv1.2"],
            ["IDEA-CBC-SHA", "RSA", "RSA", "SSLv3", "TLSv1.2"],
            ["ECDH-RSA-AES128-SHA", "ECDH", "ECDSA", "SSLv3", "TLSv1.2"],
            ["ECDH-ECDSA-AES256-GCM-SHA384", "ECDH", "ECDSA", "TLSv1.2", "TLSv1.2"],
            ["DHE-DSS-AES128-GCM-SHA256", "DHE", "DSS", "TLSv1.2", "TLSv1.2"],
            ["DHE-RSA-SEED-SHA", "DHE", "RSA", "SSLv3", "TLSv1.2"],
            ["NULL-SHA256", "RSA", "RSA", "TLSv1.2", "TLSv1.2"],
            ["ECDHE-ECDSA-NULL-SHA", "ECDHE", "ECDSA", "SSLv3", "TLSv1.2"],
        ];
        for (const [name, kx, auth, min, max] of expected) {
            const s = cipherSuiteByName(name);
            expect(s && [s.keyExchange, s.authentication, s.minProtocol, s.maxProtocol], name).to.deep.equal([kx, auth, min, max]);
        }
    });

    it("keeps the rows that were there before unchanged", () => {
        expect(cipherSuiteByCode(0xc013)).to.include({ name: "ECDHE-RSA-AES128-SHA", keyExchange: "ECDHE", authentication: "RSA", minProtocol: "SSLv3", maxProtocol: "TLSv1.2" });
        expect(cipherSuiteByCode(0x0013)).to.include({ keyExchange: "DHE", authentication: "DSS" });
    });
});

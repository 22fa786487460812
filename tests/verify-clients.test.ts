/**
 * Seeing an endpoint as each client sees it, against the CloudFront emulator on 127.0.0.1 with real
 * handshakes: each client's own hello replayed over a raw socket, the answer read, the chain judged
 * against the client's trust store. The expected protocol and cipher of every case is worked out by
 * hand from CloudFront's order (viewer-policies.ts) and the client's offer. The fixtures below are
 * written here so each case reads on its own; a last block runs the whole catalogue and checks every
 * outcome against the compatibility engine's prediction.
 */
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as net from "node:net";
import * as path from "node:path";
import { expect } from "chai";
import { CLIENT_PROFILES } from "../components/tls-clients/client-catalogue";
import type { ClientProfile } from "../components/tls-clients/client-profile";
import { predictConnection } from "../components/tls-clients/compatibility";
import { TRUST_ANCHORS, TrustAnchorId } from "../components/tls-clients/trust-anchors";
import { ViewerPolicyName } from "../components/tls-clients/viewer-policies";
import { checkChain, spkiPins } from "../tools/verify/chain-trust";
import { buildClientHello, parseClientHello } from "../tools/verify/client-hello";
import { ClientProbeResult, ClientTarget, REPLAY_CHAIN_METHOD, REPLAY_METHOD, TLS13_CHAIN_METHOD, probeAsClient } from "../tools/verify/client-probe";
import { CloudFrontEmulator, EmulatorSetupError, SslSupportMethod, startCloudFrontEmulator } from "./support/cloudfront-emulator";
import { TestPki, opensslAvailable, testPki } from "./support/test-pki";
import { GREASE_HYBRID_HELLO, GREASE_HYBRID_SUITES } from "./support/client-fixtures";

const SERVER_NAME = "legacy.example.test";
const SSL_LABS = "https://api.ssllabs.com/api/v3/getClients";
const source = (name: string) => [{ covers: `test fixture modelled on SSL Labs' simulation of ${name}`, reference: SSL_LABS }];
const roots = (ids: TrustAnchorId[]) => ({ kind: "roots", roots: ids, source: "test fixture" }) as const;

// Android 2.3.7: TLS 1.0, a hello without extensions (no SNI), RC4 first, AES-128 but not AES-256, no ECDHE.
const ANDROID_23: ClientProfile = {
    id: "test-android-2.3.7",
    name: "Android 2.3.7",
    protocols: ["SSLv3", "TLSv1"],
    sni: false,
    cipherSuites: [0x0004, 0x0005, 0x002f, 0x0033, 0x0032, 0x000a, 0x0016, 0x0013, 0x0009, 0x0015, 0x0012, 0x0003, 0x0008, 0x0014, 0x0011, 0x00ff],
    trustStore: roots(["starfield-class-2"]),
    hello: { format: "tls", recordVersion: 0x0301, clientVersion: 0x0301, sessionIdLength: 0, compressionMethods: [0], extensions: [] },
    sources: source("Android 2.3.7"),
};

// IE 8 on XP: SChannel without extensions (so no SNI), and no AES at all: RC4, 3DES, DES, export.
const IE8_XP: ClientProfile = {
    id: "test-ie8-xp",
    name: "IE 8 XP",
    protocols: ["SSLv3", "TLSv1"],
    sni: false,
    cipherSuites: [0x0004, 0x0005, 0x000a, 0x0009, 0x0064, 0x0062, 0x0003, 0x0006, 0x0013, 0x0012, 0x0063],
    trustStore: roots(["starfield-class-2"]),
    hello: { format: "tls", recordVersion: 0x0301, clientVersion: 0x0301, sessionIdLength: 0, compressionMethods: [0], extensions: [] },
    sources: source("IE 8 XP"),
};

// IE 10 on Windows 7: TLS 1.0 (1.1/1.2 off by default) with SNI and ECDHE.
const IE10_WIN7: ClientProfile = {
    id: "test-ie10-win7",
    name: "IE 10 Win 7",
    protocols: ["SSLv3", "TLSv1"],
    sni: true,
    cipherSuites: [0x002f, 0x0035, 0x0005, 0x000a, 0xc013, 0xc014, 0xc009, 0xc00a, 0x0032, 0x0038, 0x0013, 0x0004],
    curves: ["prime256v1", "secp384r1"],
    trustStore: roots(["amazon-root-ca-1", "starfield-services-root-g2", "starfield-class-2"]),
    hello: {
        format: "tls",
        recordVersion: 0x0301,
        clientVersion: 0x0301,
        sessionIdLength: 0,
        compressionMethods: [0],
        extensions: [
            { type: 0 },
            { type: 5, data: "0100000000" },
            { type: 10, data: "000400170018" },
            { type: 11, data: "0100" },
            { type: 35, data: "" },
            { type: 65281, data: "00" },
        ],
    },
    sources: source("IE 10 Win 7"),
};

// Java 6u45: the SSLv2-compatible hello it sends by default (TLS 1.0 inside), AES-128 only, no ECDHE.
const JAVA6: ClientProfile = {
    id: "test-java-6u45",
    name: "Java 6u45",
    protocols: ["SSLv3", "TLSv1"],
    sni: false,
    cipherSuites: [0x0004, 0x0005, 0x002f, 0x0033, 0x0032, 0x000a, 0x0016, 0x0013, 0x0009, 0x0015, 0x0012, 0x0003, 0x0008, 0x0014, 0x0011, 0x00ff],
    trustStore: roots(["starfield-class-2"]),
    hello: { format: "ssl2", recordVersion: 0x0301, clientVersion: 0x0301, sessionIdLength: 0, compressionMethods: [0], extensions: [] },
    sources: source("Java 6u45"),
};

// Android 4.4.2: TLS 1.2 with SNI, AES-GCM, no TLS 1.3.
const ANDROID_44: ClientProfile = {
    id: "test-android-4.4.2",
    name: "Android 4.4.2",
    protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
    sni: true,
    cipherSuites: [0xc02b, 0xc02f, 0x009e, 0xc00a, 0xc009, 0xc013, 0xc014, 0xc007, 0xc011, 0x0033, 0x0032, 0x0039, 0x009c, 0x002f, 0x0035, 0x000a, 0x0005, 0x0004, 0x00ff],
    curves: ["secp521r1", "secp384r1", "prime256v1"],
    trustStore: roots(["starfield-class-2", "starfield-services-root-g2"]),
    hello: {
        format: "tls",
        recordVersion: 0x0301,
        clientVersion: 0x0303,
        sessionIdLength: 0,
        compressionMethods: [0],
        extensions: [
            { type: 0 },
            { type: 35, data: "" },
            { type: 13, data: "001a0601060305010503040104030301030302010203040202020101" },
            { type: 13172, data: "" },
            { type: 11, data: "0100" },
            { type: 10, data: "0006001900180017" },
        ],
    },
    sources: source("Android 4.4.2"),
};

// A current Firefox: TLS 1.3 with x25519 and P-256 key shares, NSS's padding rule.
const FIREFOX: ClientProfile = {
    id: "test-firefox",
    name: "Firefox",
    protocols: ["TLSv1.2", "TLSv1.3"],
    sni: true,
    cipherSuites: [0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
    curves: ["X25519", "prime256v1", "secp384r1", "secp521r1"],
    trustStore: { kind: "current", source: "test fixture" },
    hello: {
        format: "tls",
        recordVersion: 0x0301,
        clientVersion: 0x0303,
        sessionIdLength: 32,
        compressionMethods: [0],
        keyShareGroups: [0x001d, 0x0017],
        extensions: [
            { type: 0 },
            { type: 23, data: "" },
            { type: 65281, data: "00" },
            { type: 10, data: "000c001d00170018001901000101" },
            { type: 11, data: "0100" },
            { type: 35, data: "" },
            { type: 16, data: "000c02683208687474702f312e31" },
            { type: 5, data: "0100000000" },
            { type: 51 },
            { type: 43, data: "0403040303" },
            { type: 13, data: "001604030503060308040805080604010501060102030201" },
            { type: 45, data: "0101" },
            { type: 28, data: "4001" },
            { type: 21 },
        ],
    },
    sources: source("Firefox"),
};

// A current Chrome: GREASE in suites, extensions, groups and versions; X25519MLKEM768 share first.
const CHROME: ClientProfile = {
    id: "test-chrome",
    name: "Chrome",
    protocols: ["TLSv1.2", "TLSv1.3"],
    sni: true,
    cipherSuites: GREASE_HYBRID_SUITES,
    trustStore: { kind: "unknown", why: "test fixture: store not stated" },
    hello: GREASE_HYBRID_HELLO,
    sources: source("Chrome"),
};

const ALL_CLIENTS = [ANDROID_23, IE8_XP, IE10_WIN7, JAVA6, ANDROID_44, FIREFOX, CHROME];

const DROPPED_NO_SNI = "connection closed without an answer (the server dropped the handshake: sni-only without SNI?)";

function expectConnected(r: ClientProbeResult, protocol: string, cipher: string): void {
    expect(r.reason, `${r.name}: ${r.reason}`).to.equal(undefined);
    expect(r).to.include({ connected: true, outcome: "connected", protocol, cipher });
}

function expectFailed(r: ClientProbeResult, reason: string | RegExp): void {
    expect(r).to.include({ connected: false, outcome: "failed" });
    expect(r.protocol).to.equal(undefined);
    if (typeof reason === "string") expect(r.reason).to.equal(reason);
    else expect(r.reason).to.match(reason);
}

describe("verify: clients as they see a CloudFront front (emulator on loopback)", function () {
    this.timeout(10000);
    let pki: TestPki;

    before(function () {
        if (!opensslAvailable()) {
            console.warn("    openssl is not on the PATH: skipping the client simulation tests (the test PKI needs it)");
            this.skip();
        }
        pki = testPki(SERVER_NAME);
    });

    // One emulator per describe block; the PKI is shared by the whole file.
    function emulated(policy: ViewerPolicyName, sslSupportMethod: SslSupportMethod): { emulator: () => CloudFrontEmulator; target: (host?: string) => ClientTarget } {
        let emulator: CloudFrontEmulator | undefined;
        before(async () => {
            emulator = await startCloudFrontEmulator({
                policy,
                sslSupportMethod,
                keyType: "RSA",
                serverName: SERVER_NAME,
                certificateChainPem: pki.chainPem,
                privateKeyPem: pki.leaf.keyPem,
            });
        });
        after(async () => emulator?.close());
        return {
            emulator: () => emulator!,
            target: (host = SERVER_NAME) => ({ host, address: "127.0.0.1", port: emulator!.port }),
        };
    }

    describe("TLSv1_2016, sni-only", () => {
        const { emulator, target } = emulated("TLSv1_2016", "sni-only");

        it("drops a client without SNI (Android 2.3.7): closed without an answer", async () => {
            const r = await probeAsClient(ANDROID_23, target());
            expectFailed(r, DROPPED_NO_SNI);
            expect(r.serverNameSent).to.equal(false);
            expect(r.method).to.equal(REPLAY_METHOD);
            expect(emulator().events).to.deep.include({ kind: "dropped", reason: "no server_name" });
        });

        it("drops Java 6's SSLv2-format hello, which cannot carry SNI", async () => {
            expectFailed(await probeAsClient(JAVA6, target()), DROPPED_NO_SNI);
            expect(emulator().events).to.deep.include({ kind: "dropped", reason: "SSLv2-format hello: no server_name" });
        });

        it("serves a TLS 1.0 client with SNI (IE 10 Win 7): TLSv1, ECDHE-RSA-AES128-SHA", async () => {
            // CloudFront's TLSv1_2016 RSA order: two TLS 1.2-only suites, then ECDHE-RSA-AES128-SHA, which IE offers.
            expectConnected(await probeAsClient(IE10_WIN7, target()), "TLSv1", "ECDHE-RSA-AES128-SHA");
        });

        it("drops a hello naming another host, and one sent to an IP address (no SNI at all)", async () => {
            const other = await probeAsClient(ANDROID_44, target("other.example.test"));
            expectFailed(other, "connection closed without an answer (the server dropped the handshake)");
            expect(emulator().events).to.deep.include({ kind: "dropped", reason: `server_name other.example.test is not ${SERVER_NAME}`, serverName: "other.example.test" });

            const byIp = await probeAsClient(ANDROID_44, { host: "127.0.0.1", port: emulator().port });
            expectFailed(byIp, DROPPED_NO_SNI);
            expect(byIp.notes).to.deep.equal(["no server_name sent: 127.0.0.1 is an IP address, and RFC 6066 allows host names only (real clients send none)"]);
        });
    });

    describe("TLSv1_2016, vip (dedicated IP)", () => {
        const { emulator, target } = emulated("TLSv1_2016", "vip");

        it("serves the client without SNI (Android 2.3.7): TLSv1, AES128-SHA", async () => {
            // The client offers no ECDHE, and its RC4, 3DES and DHE suites are not in TLSv1_2016: of the
            // policy's list only AES128-SHA is left (CloudFront would prefer AES256-SHA, which it lacks).
            const r = await probeAsClient(ANDROID_23, target());
            expectConnected(r, "TLSv1", "AES128-SHA");
            expect(r.method).to.equal(REPLAY_CHAIN_METHOD);
            expect(r.chain!.map((c) => c.toString("hex"))).to.deep.equal([pki.leaf.der, pki.intermediate.der].map((c) => c.toString("hex")));
        });

        it("refuses the RC4/3DES-only client (IE 8 XP) with alert handshake_failure: no cipher in common", async () => {
            const r = await probeAsClient(IE8_XP, target());
            expectFailed(r, "server sent alert handshake_failure (40) (no cipher suite, curve or signature algorithm in common?)");
            expect(r.alert).to.deep.equal({ level: 2, description: 40, name: "handshake_failure" });
        });

        it("accepts Java 6's SSLv2-format hello: OpenSSL still reads it, and answers TLSv1 AES128-SHA", async () => {
            // OpenSSL 3.0 takes the SSLv2-compatible hello on a version-flexible server (RFC 5246 E.2)
            // and answers in TLS records. Java 6 offers AES-128 but not AES-256 (export-grade JCE policy).
            const r = await probeAsClient(JAVA6, target());
            expectConnected(r, "TLSv1", "AES128-SHA");
            expect(r.chain).to.have.length(2);
            expect(r.method).to.equal(REPLAY_CHAIN_METHOD);
        });

        it("never sends application data: the emulator saw no request", () => {
            expect(emulator().events.filter((e) => e.kind === "application-data")).to.deep.equal([]);
        });
    });

    describe("TLSv1.2_2021, sni-only", () => {
        const { emulator, target } = emulated("TLSv1.2_2021", "sni-only");

        it("serves a TLS 1.2 client with SNI (Android 4.4.2): TLSv1.2, ECDHE-RSA-AES128-GCM-SHA256", async () => {
            const r = await probeAsClient(ANDROID_44, target());
            expectConnected(r, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256");
            expect(r.serverNameSent).to.equal(true);
            expect(r.chain).to.have.length(2);
        });

        it("refuses a TLS 1.0 client (IE 10 Win 7) with alert protocol_version", async () => {
            expectFailed(await probeAsClient(IE10_WIN7, target()), "server sent alert protocol_version (70) (no protocol version in common?)");
        });

        it("serves a TLS 1.3 client (Firefox): TLSv1.3, and the chain through a second, ordinary handshake with the same SNI", async () => {
            const before = emulator().events.length;
            const r = await probeAsClient(FIREFOX, target());
            // CloudFront lists TLS_AES_128_GCM_SHA256 first; the emulator honours its order.
            expectConnected(r, "TLSv1.3", "TLS_AES_128_GCM_SHA256");
            expect(r.method).to.equal(TLS13_CHAIN_METHOD);
            expect(r.chain!.map((c) => c.toString("hex"))).to.deep.equal([pki.leaf.der, pki.intermediate.der].map((c) => c.toString("hex")));
            expect(r.notes).to.deep.equal([]);
            // The emulator logs the handshake when OpenSSL has read the client's Finished, a moment after the probe returns.
            const handshake = { kind: "handshake", serverName: SERVER_NAME, protocol: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" };
            for (let i = 0; i < 50 && !emulator().events.slice(before).some((e) => e.kind === "handshake"); i++) await new Promise((resolve) => setTimeout(resolve, 10));
            expect(emulator().events.slice(before)).to.deep.include(handshake);
        });

        it("serves Chrome's GREASE and post-quantum hello: OpenSSL 3.0 ignores the groups it lacks and uses x25519", async () => {
            const r = await probeAsClient(CHROME, target());
            expectConnected(r, "TLSv1.3", "TLS_AES_128_GCM_SHA256");
            expect(r.chain).to.have.length(2);
            expect(r.notes.join(" ")).to.match(/X25519MLKEM768/);
        });

        it("follows a HelloRetryRequest: a key share only for secp521r1, which CloudFront lacks, gets asked for P-256", async () => {
            const p521: ClientProfile = { ...FIREFOX, id: "test-firefox-p521-share", hello: { ...FIREFOX.hello, keyShareGroups: [0x0019] } };
            const r = await probeAsClient(p521, target());
            expectConnected(r, "TLSv1.3", "TLS_AES_128_GCM_SHA256");
            expect(r.notes).to.deep.equal(["server sent a HelloRetryRequest for secp256r1 (0x0017): the client retries with a key share for it"]);
        });

        it("refuses Java 6's SSLv2-format hello even on a dedicated IP: TLS 1.0 is below the policy", async () => {
            const vip = await startCloudFrontEmulator({
                policy: "TLSv1.2_2021",
                sslSupportMethod: "vip",
                keyType: "RSA",
                serverName: SERVER_NAME,
                certificateChainPem: pki.chainPem,
                privateKeyPem: pki.leaf.keyPem,
            });
            try {
                expectFailed(await probeAsClient(JAVA6, { host: SERVER_NAME, address: "127.0.0.1", port: vip.port }), /^server sent alert protocol_version \(70\)/);
            } finally {
                await vip.close();
            }
        });
    });

    describe("policies the local OpenSSL cannot fully honour", () => {
        const start = (policy: ViewerPolicyName, allowMissingCiphers?: boolean): Promise<CloudFrontEmulator> =>
            startCloudFrontEmulator({
                policy,
                sslSupportMethod: "vip",
                keyType: "RSA",
                serverName: SERVER_NAME,
                certificateChainPem: pki.chainPem,
                privateKeyPem: pki.leaf.keyPem,
                allowMissingCiphers,
            });

        it("refuses to emulate TLSv1 (it lists DES-CBC3-SHA) and SSLv3 unless told, and reports what it left out", async () => {
            let error: unknown;
            try {
                await start("TLSv1");
            } catch (e) {
                error = e;
            }
            expect(error).to.be.instanceOf(EmulatorSetupError);
            expect((error as Error).message).to.match(/^policy TLSv1 \(RSA\): the local OpenSSL 3\.\S+ cannot offer DES-CBC3-SHA; pass allowMissingCiphers: true/);

            const tlsv1 = await start("TLSv1", true);
            const sslv3 = await start("SSLv3", true);
            try {
                expect(tlsv1.missing).to.deep.equal({ protocols: [], ciphers: ["DES-CBC3-SHA"] });
                expect(sslv3.missing).to.deep.equal({ protocols: ["SSLv3"], ciphers: ["DES-CBC3-SHA", "RC4-MD5"] });
                // So on this emulator IE 8 XP fails where the real TLSv1 policy would serve it DES-CBC3-SHA:
                // exactly the false result the refusal above guards against.
                expectFailed(await probeAsClient(IE8_XP, { host: SERVER_NAME, address: "127.0.0.1", port: tlsv1.port }), /handshake_failure/);
            } finally {
                await tlsv1.close();
                await sslv3.close();
            }
        });
    });

    describe("answers that are not a connection", () => {
        const servers: net.Server[] = [];
        const sockets = new Set<net.Socket>();
        const serve = async (onConnection: (socket: net.Socket) => void): Promise<number> => {
            const server = net.createServer((socket) => {
                sockets.add(socket);
                socket.on("error", () => undefined);
                onConnection(socket);
            });
            servers.push(server);
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            return (server.address() as net.AddressInfo).port;
        };
        after(async () => {
            for (const s of sockets) s.destroy();
            await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
        });
        // A canned TLS 1.0 ServerHello (no extensions) choosing `suite` at `version`.
        const cannedServerHello = (version: number, suite: number): Buffer => {
            const body = Buffer.concat([Buffer.from([version >> 8, version & 0xff]), Buffer.alloc(32, 1), Buffer.from([0, suite >> 8, suite & 0xff, 0])]);
            const message = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body, Buffer.from([14, 0, 0, 0])]);
            return Buffer.concat([Buffer.from([22, 3, 1, 0, message.length]), message]);
        };

        it("a server choosing a suite the client did not offer is a failure, not a success", async () => {
            const port = await serve((s) => s.once("data", () => s.write(cannedServerHello(0x0301, 0x002f))));
            expectFailed(await probeAsClient(IE8_XP, { host: SERVER_NAME, address: "127.0.0.1", port }), "server chose cipher suite AES128-SHA (0x002f), which the client did not offer");
        });

        it("a server choosing a version the client did not offer is a failure", async () => {
            const port = await serve((s) => s.once("data", () => s.write(cannedServerHello(0x0303, 0x0005))));
            expectFailed(await probeAsClient(IE8_XP, { host: SERVER_NAME, address: "127.0.0.1", port }), "server chose TLSv1.2, which the client does not offer (it offers SSLv3, TLSv1)");
        });

        it("silence is a timeout (an error, not a refusal), within the deadline", async () => {
            const port = await serve(() => undefined);
            const started = Date.now();
            const r = await probeAsClient(ANDROID_44, { host: SERVER_NAME, address: "127.0.0.1", port }, { timeoutMs: 300 });
            expect(Date.now() - started).to.be.below(1000);
            expect(r).to.include({ connected: false, outcome: "error", reason: "timed out after 300 ms (connected, no answer)" });
        });

        it("a closed port and a plain-HTTP answer are errors", async () => {
            const closed = net.createServer();
            await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
            const closedPort = (closed.address() as net.AddressInfo).port;
            await new Promise((resolve) => closed.close(resolve));
            expect(await probeAsClient(ANDROID_44, { host: SERVER_NAME, address: "127.0.0.1", port: closedPort })).to.include({ outcome: "error", reason: "error ECONNREFUSED" });

            const http = await serve((s) => s.once("data", () => s.end("HTTP/1.1 400 Bad Request\r\n\r\n")));
            const r = await probeAsClient(ANDROID_44, { host: SERVER_NAME, address: "127.0.0.1", port: http });
            expect(r).to.include({ outcome: "error" });
            expect(r.reason).to.match(/^the answer is not a TLS server's: not a TLS record: first byte 0x48 \('H', plain text such as HTTP\?\)/);
        });

        it("a profile whose hello cannot be rebuilt is an error naming the problem, not a refusal", async () => {
            const broken: ClientProfile = { ...ANDROID_44, hello: { ...ANDROID_44.hello, extensions: ANDROID_44.hello.extensions.slice(1) } };
            const r = await probeAsClient(broken, { host: SERVER_NAME, address: "127.0.0.1", port: 9 });
            expect(r).to.include({ outcome: "error", connected: false });
            expect(r.reason).to.match(/^the hello cannot be rebuilt: client test-android-4\.4\.2: hello: the profile sends SNI but the template has no server_name/);
        });
    });

    describe("the client catalogue (client-catalogue.ts) against the emulator", () => {
        // Every policy the local OpenSSL can emulate in full, with both ways of serving the certificate.
        const POLICIES: readonly ViewerPolicyName[] = ["TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

        it("rebuilds every profile's hello so that it reads back, SNI exactly when the profile sends it", () => {
            for (const profile of CLIENT_PROFILES) {
                const parsed = parseClientHello(buildClientHello(profile, { serverName: SERVER_NAME }).bytes);
                expect(parsed.status, profile.id).to.equal("complete");
                if (parsed.status !== "complete") continue;
                expect(parsed.hello.serverName, profile.id).to.equal(profile.sni ? SERVER_NAME : undefined);
                expect(parsed.hello.cipherSuites, profile.id).to.deep.equal(profile.hello.ssl2CipherSpecs ?? profile.cipherSuites);
            }
        });

        it("OpenSSL understands every rebuilt hello, and every outcome is what the compatibility engine predicts", async function () {
            this.timeout(20000);
            const disagreements: string[] = [];
            for (const policy of POLICIES) {
                for (const sslSupportMethod of ["vip", "sni-only"] as const) {
                    const emulator = await startCloudFrontEmulator({
                        policy,
                        sslSupportMethod,
                        keyType: "RSA",
                        serverName: SERVER_NAME,
                        certificateChainPem: pki.chainPem,
                        privateKeyPem: pki.leaf.keyPem,
                    });
                    try {
                        for (const profile of CLIENT_PROFILES) {
                            const r = await probeAsClient(profile, { host: SERVER_NAME, address: "127.0.0.1", port: emulator.port });
                            const where = `${policy} ${sslSupportMethod} ${profile.id}`;
                            expect(r.outcome, `${where}: ${r.reason}`).to.not.equal("error");
                            // A malformed rebuild would show as one of these, never as a plain refusal.
                            expect(["decode_error", "illegal_parameter", "unexpected_message"], where).to.not.include(r.alert?.name);
                            const predicted = predictConnection(profile, { certificate: "custom", policy, sslSupportMethod, keyType: "RSA", chainAnchors: "unknown" });
                            const seen = r.connected ? `${r.protocol} ${r.cipher}` : "refused";
                            const expected = predicted.connects ? `${predicted.protocol} ${predicted.cipher}` : "refused";
                            if (seen !== expected) disagreements.push(`${where}: predicted ${expected}, emulator ${seen} (${r.reason ?? ""})`);
                        }
                    } finally {
                        await emulator.close();
                    }
                }
            }
            expect(disagreements).to.deep.equal([]);
        });
    });

    describe("chain trust and pins", () => {
        const chain = (): Buffer[] => [pki.leaf.der, pki.intermediate.der];
        const TOP = `the chain ends at "CN=Test Intermediate CA,O=Legacy TLS Tests", issued by "CN=Test Root CA,O=Legacy TLS Tests"`;

        it("without an extra CA every `roots` client distrusts the test chain, naming its top", () => {
            const rootsClients = ALL_CLIENTS.filter((c) => c.trustStore.kind === "roots");
            expect(rootsClients.length).to.be.at.least(4);
            for (const client of rootsClients) {
                const store = client.trustStore as { kind: "roots"; roots: readonly TrustAnchorId[] };
                expect(checkChain(chain(), client.trustStore, { host: SERVER_NAME }), client.id).to.deep.equal({
                    trusted: false,
                    reason: `${TOP}, which is not in the client's roots (${store.roots.join(", ")})`,
                });
            }
            const current = checkChain(chain(), FIREFOX.trustStore, { host: SERVER_NAME });
            expect(current.trusted).to.equal(false);
            expect(current.reason).to.match(/which is not in Node's bundled Mozilla store \(\d+ roots\)$/);
            expect(checkChain(chain(), CHROME.trustStore, { host: SERVER_NAME })).to.deep.equal({
                trusted: null,
                reason: `${TOP}, and the client's trust store is unknown (test fixture: store not stated)`,
            });
        });

        it("with the test root as extra CA (--ca) every client trusts it, whatever its store", () => {
            for (const client of ALL_CLIENTS) {
                expect(checkChain(chain(), client.trustStore, { host: SERVER_NAME, extraCa: [pki.root.certPem] }), client.id).to.deep.equal({
                    trusted: true,
                    anchor: "CN=Test Root CA,O=Legacy TLS Tests",
                    anchorSource: "extra-ca",
                });
            }
            // An extra CA that is the served intermediate itself: matched by its key, the path ends there.
            expect(checkChain(chain(), IE8_XP.trustStore, { host: SERVER_NAME, extraCa: [pki.intermediate.certPem] })).to.include({ trusted: true, anchor: "CN=Test Intermediate CA,O=Legacy TLS Tests" });
        });

        it("judges the chain a live probe read (TLS 1.2 Certificate message and TLS 1.3 second handshake alike)", async () => {
            const emulator = await startCloudFrontEmulator({
                policy: "TLSv1.2_2021",
                sslSupportMethod: "sni-only",
                keyType: "RSA",
                serverName: SERVER_NAME,
                certificateChainPem: pki.chainPem,
                privateKeyPem: pki.leaf.keyPem,
            });
            try {
                for (const client of [ANDROID_44, FIREFOX]) {
                    const r = await probeAsClient(client, { host: SERVER_NAME, address: "127.0.0.1", port: emulator.port });
                    expect(checkChain(r.chain!, client.trustStore, { host: SERVER_NAME, extraCa: [pki.root.certPem] }).trusted, client.id).to.equal(true);
                    expect(checkChain(r.chain!, client.trustStore, { host: SERVER_NAME }).trusted, client.id).to.equal(false);
                }
            } finally {
                await emulator.close();
            }
        });

        it("a host name mismatch is untrusted even with the root trusted; so is an IP address the leaf does not name", () => {
            const extraCa = [pki.root.certPem];
            const other = checkChain(chain(), FIREFOX.trustStore, { host: "other.example.test", extraCa });
            expect(other.trusted).to.equal(false);
            expect(other.reason).to.equal(`the leaf certificate (CN=${SERVER_NAME}; DNS:${SERVER_NAME}) does not match other.example.test`);
            expect(checkChain(chain(), FIREFOX.trustStore, { host: "127.0.0.1", extraCa }).reason).to.match(/does not match 127\.0\.0\.1$/);
            // A wildcard-free leaf does not match a subdomain either.
            expect(checkChain(chain(), FIREFOX.trustStore, { host: `www.${SERVER_NAME}`, extraCa }).trusted).to.equal(false);
        });

        it("checks validity dates, signatures and order", () => {
            const extraCa = [pki.root.certPem];
            const later = new Date(Date.now() + 365 * 24 * 3600 * 1000);
            expect(checkChain(chain(), FIREFOX.trustStore, { host: SERVER_NAME, extraCa, now: later }).reason).to.match(/^certificate 0 \(CN=legacy\.example\.test\) expired on /);
            const earlier = new Date(Date.now() - 2 * 24 * 3600 * 1000);
            expect(checkChain(chain(), FIREFOX.trustStore, { host: SERVER_NAME, extraCa, now: earlier }).reason).to.match(/^certificate 0 \(CN=legacy\.example\.test\) is not valid before /);

            // Leaf then root: the intermediate is missing.
            expect(checkChain([pki.leaf.der, pki.root.der], FIREFOX.trustStore, { host: SERVER_NAME, extraCa }).reason).to.equal(
                "certificate 0 (CN=legacy.example.test) is not issued by the next certificate (CN=Test Root CA,O=Legacy TLS Tests): the chain is out of order or has a gap",
            );
            // A flipped bit in the leaf's signature.
            const tampered = Buffer.from(pki.leaf.der);
            tampered[tampered.length - 1] ^= 0x01;
            expect(checkChain([tampered, pki.intermediate.der], FIREFOX.trustStore, { host: SERVER_NAME, extraCa }).reason).to.equal(
                "the signature of certificate 0 (CN=legacy.example.test) does not verify with the key of certificate 1 (CN=Test Intermediate CA,O=Legacy TLS Tests)",
            );
            expect(checkChain([], FIREFOX.trustStore, { host: SERVER_NAME })).to.deep.equal({ trusted: false, reason: "the server sent no certificate" });
        });

        it("spkiPins: equal to what openssl computes for the test chain, and to node:crypto's own encoding", () => {
            const pins = spkiPins(chain());
            expect(pins.map((p) => p.subject)).to.deep.equal([`CN=${SERVER_NAME}`, "CN=Test Intermediate CA,O=Legacy TLS Tests"]);
            for (const [i, name] of (["leaf", "intermediate"] as const).entries()) {
                const pem = pki[name].certPem;
                const publicKeyPem = execFileSync("openssl", ["x509", "-in", path.join(pki.dir, `${name}.pem`), "-noout", "-pubkey"]);
                const spkiDer = execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: publicKeyPem });
                const viaOpenssl = crypto.createHash("sha256").update(spkiDer).digest();
                const viaNode = crypto.createHash("sha256").update(new crypto.X509Certificate(pem).publicKey.export({ type: "spki", format: "der" })).digest();
                expect(pins[i].spkiSha256, name).to.equal(viaOpenssl.toString("hex"));
                expect(pins[i].spkiSha256, name).to.equal(viaNode.toString("hex"));
                expect(pins[i].spkiSha256Base64, name).to.equal(viaOpenssl.toString("base64"));
            }
        });

        it("spkiPins of the Amazon and Starfield roots are AWS's published pins", () => {
            for (const anchor of Object.values(TRUST_ANCHORS)) {
                const [pin] = spkiPins([new crypto.X509Certificate(anchor.pem).raw]);
                expect(pin.spkiSha256, anchor.id).to.equal(anchor.spkiSha256);
                // RFC 4514 escapes the comma in "Starfield Technologies\, Inc."; AWS's table does not.
                expect(pin.subject.replace(/\\,/g, ","), anchor.id).to.equal(anchor.subject);
            }
        });
    });
});

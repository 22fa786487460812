/**
 * The handshake codec of `verify --checks clients`, without sockets to a real server: rebuilt hellos
 * against hand-assembled golden bytes and an independent decoder written here, SSLv2-format bytes per
 * RFC 5246 appendix E.2, fresh key shares that real key agreement accepts, the padding rule, and the
 * server-flight parser over records split every way a server may split them.
 */
import * as crypto from "node:crypto";
import * as net from "node:net";
import * as tls from "node:tls";
import { expect } from "chai";
import type { ClientProfile, HelloExtension } from "../components/tls-clients/client-profile";
import {
    ClientHelloError,
    buildClientHello,
    describeAlert,
    paddingFor,
    parseClientHello,
    parseServerFlight,
} from "../tools/verify/client-hello";
import { GREASE_HYBRID_HELLO, GREASE_HYBRID_SUITES } from "./support/client-fixtures";

const RANDOM = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const SESSION_ID = Buffer.alloc(32, 0xee);
const HOST = "legacy.example.test";

const BASE = {
    trustStore: { kind: "unknown", why: "codec test" },
    sources: [{ covers: "shape only", reference: "https://api.ssllabs.com/api/v3/getClients" }],
} as const;

// IE 8 on XP: SChannel's TLS 1.0 hello, no extensions at all (hence no SNI), RC4/3DES/DES/export suites.
const IE8_XP: ClientProfile = {
    ...BASE,
    id: "test-ie8-xp",
    name: "IE 8 XP (test)",
    protocols: ["SSLv3", "TLSv1"],
    sni: false,
    cipherSuites: [0x0004, 0x0005, 0x000a, 0x0009, 0x0064, 0x0062, 0x0003, 0x0006, 0x0013, 0x0012, 0x0063],
    hello: { format: "tls", recordVersion: 0x0301, clientVersion: 0x0301, sessionIdLength: 0, compressionMethods: [0], extensions: [] },
};

// Java 6: the SSLv2-compatible hello it sends by default, TLS 1.0 inside.
const JAVA6: ClientProfile = {
    ...BASE,
    id: "test-java6",
    name: "Java 6u45 (test)",
    protocols: ["SSLv3", "TLSv1"],
    sni: false,
    cipherSuites: [0x0004, 0x0005, 0x002f, 0x0033, 0x0032, 0x000a, 0x0016, 0x0013, 0x0009, 0x0015, 0x0012, 0x0003, 0x0008, 0x0014, 0x0011, 0x00ff],
    hello: { format: "ssl2", recordVersion: 0x0301, clientVersion: 0x0301, sessionIdLength: 0, compressionMethods: [0], extensions: [] },
};

// Android 4.4: TLS 1.2 with SNI, no padding rule, no key_share.
const ANDROID44_EXTENSIONS: HelloExtension[] = [
    { type: 0 },
    { type: 35, data: "" },
    { type: 13, data: "001a0601060305010503040104030301030302010203040202020101" },
    { type: 13172, data: "" },
    { type: 11, data: "0100" },
    { type: 10, data: "0006001700180019" },
];
const ANDROID44: ClientProfile = {
    ...BASE,
    id: "test-android-4.4",
    name: "Android 4.4.2 (test)",
    protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
    sni: true,
    cipherSuites: [0xc02b, 0xc02f, 0x009e, 0xc00a, 0xc009, 0xc013, 0xc014, 0xc007, 0xc011, 0x0033, 0x0032, 0x0039, 0x009c, 0x002f, 0x0035, 0x000a, 0x0005, 0x0004, 0x00ff],
    hello: { format: "tls", recordVersion: 0x0301, clientVersion: 0x0303, sessionIdLength: 0, compressionMethods: [0], extensions: ANDROID44_EXTENSIONS },
};

// An NSS-style TLS 1.3 hello: two key shares and the padding rule.
const FIREFOX: ClientProfile = {
    ...BASE,
    id: "test-firefox",
    name: "Firefox (test)",
    protocols: ["TLSv1.2", "TLSv1.3"],
    sni: true,
    cipherSuites: [0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
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
};

// A BoringSSL-style hello: GREASE everywhere, a hybrid post-quantum key share first, the padding slot.
const CHROME: ClientProfile = {
    ...BASE,
    id: "test-chrome",
    name: "Chrome (test)",
    protocols: ["TLSv1.2", "TLSv1.3"],
    sni: true,
    cipherSuites: GREASE_HYBRID_SUITES,
    hello: GREASE_HYBRID_HELLO,
};

// ---------------------------------------------------------------------------------------------------
// An independent decoder: written apart from the module's, so a shared mistake cannot pass unseen.

interface Decoded {
    recordType: number;
    recordVersion: number;
    recordLength: number;
    handshakeType: number;
    handshakeLength: number;
    clientVersion: number;
    random: Buffer;
    sessionId: Buffer;
    cipherSuites: number[];
    compression: number[];
    extensions?: Array<{ type: number; data: Buffer }>;
}

function decodeTlsHello(bytes: Buffer): Decoded {
    let at = 0;
    const take = (n: number): Buffer => {
        expect(at + n, `read past the end at ${at}+${n}`).to.be.at.most(bytes.length);
        const out = bytes.subarray(at, at + n);
        at += n;
        return out;
    };
    const num = (n: number): number => take(n).readUIntBE(0, n);
    const recordType = num(1);
    const recordVersion = num(2);
    const recordLength = num(2);
    expect(recordLength, "record length = rest of the bytes").to.equal(bytes.length - 5);
    const handshakeType = num(1);
    const handshakeLength = num(3);
    expect(handshakeLength, "handshake length = rest of the record").to.equal(recordLength - 4);
    const clientVersion = num(2);
    const random = take(32);
    const sessionId = take(num(1));
    const suiteBytes = take(num(2));
    const cipherSuites: number[] = [];
    for (let i = 0; i < suiteBytes.length; i += 2) cipherSuites.push(suiteBytes.readUInt16BE(i));
    const compression = [...take(num(1))];
    let extensions: Decoded["extensions"];
    if (at < bytes.length) {
        const end = at + 2 + bytes.readUInt16BE(at);
        at += 2;
        extensions = [];
        while (at < end) {
            const type = num(2);
            extensions.push({ type, data: take(num(2)) });
        }
    }
    expect(at, "nothing after the extensions").to.equal(bytes.length);
    return { recordType, recordVersion, recordLength, handshakeType, handshakeLength, clientVersion, random, sessionId, cipherSuites, compression, extensions };
}

const hex = (parts: Array<string | number[] | Buffer>): Buffer =>
    Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p.replace(/\s+/g, ""), "hex") : Buffer.from(p))));

// The 12-bit coefficients of an ML-KEM-768 encapsulation key (FIPS 203 ByteDecode_12).
function mlKemCoefficients(ek: Buffer): number[] {
    const out: number[] = [];
    for (let i = 0; i + 2 < ek.length - 32; i += 3) {
        out.push(ek[i] | ((ek[i + 1] & 0x0f) << 8), (ek[i + 1] >> 4) | (ek[i + 2] << 4));
    }
    return out;
}

describe("client-hello: buildClientHello", () => {
    it("rebuilds IE 8 XP's extension-less TLS 1.0 hello byte for byte", () => {
        const built = buildClientHello(IE8_XP, { serverName: HOST, random: RANDOM });
        const expected = hex([
            "16 0301 0041", // handshake record, TLS 1.0, 65 bytes
            "01 00003d", // ClientHello, 61 bytes
            "0301",
            RANDOM,
            "00", // no session id
            "0016 0004 0005 000a 0009 0064 0062 0003 0006 0013 0012 0063",
            "01 00", // null compression; no extensions block at all
        ]);
        expect(built.bytes.toString("hex")).to.equal(expected.toString("hex"));
        expect(built.serverNameSent).to.equal(false);
        expect(built.notes).to.deep.equal([]); // a client without SNI is not a note
    });

    it("rebuilds Java 6's SSLv2-compatible hello per RFC 5246 appendix E.2", () => {
        const built = buildClientHello(JAVA6, { serverName: HOST, random: RANDOM });
        const specs = JAVA6.cipherSuites.map((c) => `00${c.toString(16).padStart(4, "0")}`).join("");
        const expected = hex([
            "8059", // msg_length with the high bit: 89 bytes follow
            "01", // msg_type client_hello
            "0301", // version: TLS 1.0
            "0030", // cipher_spec_length: 16 specs of 3 bytes
            "0000", // session_id_length
            "0020", // challenge_length: 32, as E.2 recommends
            specs,
            RANDOM, // the challenge
        ]);
        expect(built.bytes.toString("hex")).to.equal(expected.toString("hex"));
        expect(built.bytes[0] & 0x80).to.equal(0x80);
        expect(((built.bytes[0] & 0x7f) << 8) | built.bytes[1]).to.equal(built.bytes.length - 2);
        expect(built.serverNameSent).to.equal(false);
    });

    it("sends the template's 3-byte cipher specs (SSLv2-only kinds included) and its challenge length", () => {
        // IE 6 on XP: SSLv3 inside an SSLv2-compatible hello, a 16-byte challenge.
        const ie6: ClientProfile = {
            ...JAVA6,
            id: "test-ie6-xp",
            protocols: ["SSLv3"],
            cipherSuites: [0x0004, 0x0005, 0x000a],
            hello: { ...JAVA6.hello, recordVersion: 0x0300, clientVersion: 0x0300, ssl2CipherSpecs: [0x000004, 0x010080, 0x000005, 0x0700c0, 0x00000a], challengeLength: 16 },
        };
        const built = buildClientHello(ie6, { random: RANDOM });
        expect(built.bytes.toString("hex")).to.equal(
            hex(["8028", "01", "0300", "000f", "0000", "0010", "000004 010080 000005 0700c0 00000a", RANDOM.subarray(0, 16)]).toString("hex"),
        );
        const parsed = parseClientHello(built.bytes);
        expect(parsed.status).to.equal("complete");
        if (parsed.status === "complete") {
            expect(parsed.hello.cipherSuites).to.deep.equal([0x000004, 0x010080, 0x000005, 0x0700c0, 0x00000a]);
            // The server's client random: the challenge left-padded with zeros (RFC 5246 E.2).
            expect(parsed.hello.random.toString("hex")).to.equal("00".repeat(16) + RANDOM.subarray(0, 16).toString("hex"));
        }
        const mismatched = { ...ie6, hello: { ...ie6.hello, ssl2CipherSpecs: [0x000005, 0x000004, 0x00000a] } };
        expect(() => buildClientHello(mismatched)).to.throw(ClientHelloError, /the TLS suites of ssl2CipherSpecs \(0x00XXYY\) are not cipherSuites in the same order/);
    });

    it("rebuilds Android 4.4's hello: every field, extensions in the template's order, server_name filled in", () => {
        const built = buildClientHello(ANDROID44, { serverName: HOST, random: RANDOM });
        const d = decodeTlsHello(built.bytes);
        expect(d).to.include({ recordType: 22, recordVersion: 0x0301, handshakeType: 1, clientVersion: 0x0303 });
        expect(d.random.equals(RANDOM)).to.equal(true);
        expect(d.sessionId.length).to.equal(0);
        expect(d.cipherSuites).to.deep.equal(ANDROID44.cipherSuites);
        expect(d.compression).to.deep.equal([0]);
        expect(d.extensions!.map((e) => e.type)).to.deep.equal(ANDROID44_EXTENSIONS.map((e) => e.type));
        // server_name: list length, type host_name, name length, name (RFC 6066 section 3).
        const sni = d.extensions![0].data;
        expect(sni.toString("hex")).to.equal(hex(["0016", "00", "0013", Buffer.from(HOST)]).toString("hex"));
        for (const [i, ext] of ANDROID44_EXTENSIONS.entries()) {
            if (ext.data !== undefined) expect(d.extensions![i].data.toString("hex"), `extension ${ext.type}`).to.equal(ext.data);
        }
        expect(built.serverNameSent).to.equal(true);
        expect(built.paddingLength).to.equal(undefined);
    });

    it("leaves server_name out entirely for an IP address or no host, and says so", () => {
        for (const serverName of ["127.0.0.1", "::1", "[2001:db8::1]", undefined]) {
            const built = buildClientHello(ANDROID44, { serverName, random: RANDOM });
            const d = decodeTlsHello(built.bytes);
            expect(d.extensions!.map((e) => e.type), String(serverName)).to.deep.equal([35, 13, 13172, 11, 10]);
            expect(built.serverNameSent).to.equal(false);
            expect(built.notes.join(" "), String(serverName)).to.match(serverName ? /is an IP address, and RFC 6066 allows host names only/ : /no host name was given/);
        }
    });

    it("sends the A-label of an internationalised name, without a trailing dot", () => {
        const built = buildClientHello(ANDROID44, { serverName: "bücher.example.", random: RANDOM });
        const sni = decodeTlsHello(built.bytes).extensions![0].data;
        expect(sni.subarray(5).toString("ascii")).to.equal("xn--bcher-kva.example");
    });

    it("fills key_share with fresh keys that real key agreement accepts", () => {
        const a = buildClientHello(FIREFOX, { serverName: HOST });
        const b = buildClientHello(FIREFOX, { serverName: HOST });
        expect(a.keyShares.map((k) => [k.group, k.keyExchange.length])).to.deep.equal([
            [0x001d, 32],
            [0x0017, 65],
        ]);
        expect(a.keyShares[0].keyExchange.equals(b.keyShares[0].keyExchange), "fresh per hello").to.equal(false);

        // The wire form: client_shares<..> of group, key_exchange<..>.
        const ks = decodeTlsHello(a.bytes).extensions!.find((e) => e.type === 51)!.data;
        expect(ks.readUInt16BE(0)).to.equal(ks.length - 2);
        expect(ks.subarray(2, 6).toString("hex")).to.equal("001d0020");
        expect(ks.subarray(6, 38).equals(a.keyShares[0].keyExchange)).to.equal(true);
        expect(ks.subarray(38, 42).toString("hex")).to.equal("00170041");

        // X25519: the raw key imports and agrees with a fresh private key.
        const x25519Spki = Buffer.concat([Buffer.from("302a300506032b656e032100", "hex"), a.keyShares[0].keyExchange]);
        const peer = crypto.generateKeyPairSync("x25519");
        const secret = crypto.diffieHellman({ privateKey: peer.privateKey, publicKey: crypto.createPublicKey({ key: x25519Spki, format: "der", type: "spki" }) });
        expect(secret.length).to.equal(32);
        // P-256: an uncompressed point on the curve (computeSecret throws for anything else).
        expect(a.keyShares[1].keyExchange[0]).to.equal(0x04);
        const ecdh = crypto.createECDH("prime256v1");
        ecdh.generateKeys();
        expect(ecdh.computeSecret(a.keyShares[1].keyExchange).length).to.equal(32);
    });

    it("makes a one-byte GREASE share and a well-formed X25519MLKEM768 share (1184 + 32 bytes)", () => {
        const built = buildClientHello(CHROME, { serverName: HOST });
        const [grease, hybrid, x25519] = built.keyShares;
        expect(grease).to.deep.include({ group: 0x3a3a });
        expect(grease.keyExchange.toString("hex")).to.equal("00");
        expect(hybrid.group).to.equal(0x11ec);
        expect(hybrid.keyExchange.length).to.equal(1184 + 32);
        const coefficients = mlKemCoefficients(hybrid.keyExchange.subarray(0, 1184));
        expect(coefficients).to.have.length(768);
        expect(Math.max(...coefficients)).to.be.below(3329);
        expect(x25519.keyExchange.length).to.equal(32);
        expect(built.notes.join(" ")).to.match(/X25519MLKEM768 \(0x11ec\): a well-formed ML-KEM encapsulation key/);
        // Over 512 bytes already, so the padding rule sends no padding extension.
        expect(built.bytes.length - 5).to.be.above(512);
        expect(built.paddingLength).to.equal(undefined);
        expect(decodeTlsHello(built.bytes).extensions!.map((e) => e.type)).to.not.include(21);
    });

    it("uses given key shares verbatim and refuses ones that do not match keyShareGroups", () => {
        const keyShares = [
            { group: 0x001d, keyExchange: Buffer.alloc(32, 1) },
            { group: 0x0017, keyExchange: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 2)]) },
        ];
        const built = buildClientHello(FIREFOX, { serverName: HOST, random: RANDOM, sessionId: SESSION_ID, keyShares });
        const again = buildClientHello(FIREFOX, { serverName: HOST, random: RANDOM, sessionId: SESSION_ID, keyShares });
        expect(built.bytes.equals(again.bytes), "deterministic with fixed inputs").to.equal(true);
        expect(() => buildClientHello(FIREFOX, { keyShares: keyShares.slice(0, 1) })).to.throw(ClientHelloError, /keyShares: must be one entry per keyShareGroups \(0x001d, 0x0017\)/);
    });

    it("pads a 256-511 byte hello to exactly 512 bytes, as BoringSSL, NSS and OpenSSL do", () => {
        const keyShares = [
            { group: 0x001d, keyExchange: Buffer.alloc(32, 1) },
            { group: 0x0017, keyExchange: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 2)]) },
        ];
        const built = buildClientHello(FIREFOX, { serverName: HOST, random: RANDOM, sessionId: SESSION_ID, keyShares });
        const d = decodeTlsHello(built.bytes);
        expect(d.handshakeLength + 4, "the handshake message").to.equal(512);
        const padding = d.extensions!.at(-1)!;
        expect(padding.type).to.equal(21);
        expect(padding.data.length).to.equal(built.paddingLength);
        expect([...padding.data].every((b) => b === 0)).to.equal(true);
        expect(d.extensions!.map((e) => e.type)).to.deep.equal(FIREFOX.hello.extensions.map((e) => e.type));

        // A long host name pushes the unpadded hello past 511 bytes: no padding extension at all.
        const longName = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.example.test`;
        const long = buildClientHello(FIREFOX, { serverName: longName, random: RANDOM, sessionId: SESSION_ID, keyShares });
        expect(long.paddingLength).to.equal(undefined);
        expect(decodeTlsHello(long.bytes).extensions!.map((e) => e.type)).to.not.include(21);
    });

    it("paddingFor: the rule at its edges", () => {
        expect(paddingFor(255)).to.equal(undefined);
        expect(paddingFor(256)).to.equal(252); // 256 + 4 + 252 = 512
        expect(paddingFor(400)).to.equal(108);
        expect(paddingFor(507)).to.equal(1); // 507 + 4 + 1 = 512
        // Too close to 512 for a header plus one byte: one byte anyway (an empty last extension breaks WebSphere).
        expect(paddingFor(508)).to.equal(1);
        expect(paddingFor(511)).to.equal(1);
        expect(paddingFor(512)).to.equal(undefined);
    });

    it("splits a hello larger than 2^14 bytes into several records", () => {
        const huge: ClientProfile = {
            ...ANDROID44,
            hello: { ...ANDROID44.hello, extensions: [...ANDROID44_EXTENSIONS, { type: 0xff02, data: "ab".repeat(20000) }] },
        };
        const built = buildClientHello(huge, { serverName: HOST, random: RANDOM });
        expect(built.bytes.readUInt16BE(3)).to.equal(16384);
        const second = 5 + 16384;
        expect(built.bytes.subarray(second, second + 3).toString("hex")).to.equal("160301");
        const parsed = parseClientHello(built.bytes);
        expect(parsed.status).to.equal("complete");
        if (parsed.status === "complete") expect(parsed.hello.extensions!.at(-1)!.data.length).to.equal(20000);
    });

    it("refuses templates that contradict themselves, naming the client and the problem", () => {
        const bad = (hello: Partial<ClientProfile["hello"]>, extra: Partial<ClientProfile> = {}): ClientProfile => ({
            ...ANDROID44,
            ...extra,
            hello: { ...ANDROID44.hello, ...hello },
        });
        expect(() => buildClientHello(bad({ extensions: ANDROID44_EXTENSIONS.slice(1) }))).to.throw(
            ClientHelloError,
            /client test-android-4\.4: hello: the profile sends SNI but the template has no server_name \(0\) extension/,
        );
        expect(() => buildClientHello(bad({ extensions: [{ type: 0, data: "00" }, ...ANDROID44_EXTENSIONS.slice(1)] }))).to.throw(ClientHelloError, /server_name \(0\) is filled per connection/);
        expect(() => buildClientHello(bad({ extensions: [...ANDROID44_EXTENSIONS, { type: 16 }] }))).to.throw(ClientHelloError, /extension 16 has no data/);
        expect(() => buildClientHello(bad({ extensions: [...ANDROID44_EXTENSIONS, { type: 51 }] }))).to.throw(ClientHelloError, /key_share \(51\) has no data and no keyShareGroups/);
        expect(() => buildClientHello(bad({ format: "ssl2" }))).to.throw(ClientHelloError, /an SSLv2-format hello carries no extensions/);
        expect(() => buildClientHello(bad({ extensions: [...ANDROID44_EXTENSIONS, { type: 51 }], keyShareGroups: [0x0100] }), { serverName: HOST })).to.throw(
            ClientHelloError,
            /cannot make a key for group 0x0100/,
        );
        expect(() => buildClientHello(bad({}, { cipherSuites: [0x010080] }))).to.throw(ClientHelloError, /cipher suite 65664 is not a 16-bit code/);
        expect(() => buildClientHello(ANDROID44, { random: Buffer.alloc(31) })).to.throw(ClientHelloError, /random: must be 32 bytes/);
    });
});

describe("client-hello: parseClientHello", () => {
    it("reads back what buildClientHello wrote, in both formats", () => {
        const tlsHello = parseClientHello(buildClientHello(ANDROID44, { serverName: HOST, random: RANDOM }).bytes);
        expect(tlsHello.status).to.equal("complete");
        if (tlsHello.status !== "complete") return;
        expect(tlsHello.hello).to.include({ format: "tls", recordVersion: 0x0301, clientVersion: 0x0303, serverName: HOST });
        expect(tlsHello.hello.cipherSuites).to.deep.equal(ANDROID44.cipherSuites);
        expect(tlsHello.hello.random.equals(RANDOM)).to.equal(true);

        const v2 = parseClientHello(buildClientHello(JAVA6, { random: RANDOM }).bytes);
        expect(v2.status).to.equal("complete");
        if (v2.status !== "complete") return;
        expect(v2.hello).to.include({ format: "ssl2", clientVersion: 0x0301 });
        expect(v2.hello.serverName).to.equal(undefined);
        expect(v2.hello.cipherSuites).to.deep.equal(JAVA6.cipherSuites);
        expect(v2.hello.random.equals(RANDOM)).to.equal(true);
    });

    it("asks for more bytes for every proper prefix, and reads a hello split over two records", () => {
        const bytes = buildClientHello(ANDROID44, { serverName: HOST, random: RANDOM }).bytes;
        for (let n = 0; n < bytes.length; n++) expect(parseClientHello(bytes.subarray(0, n)).status, `prefix ${n}`).to.equal("incomplete");
        const message = bytes.subarray(5);
        const split = hex(["16 0301", [0, 100], message.subarray(0, 100), "16 0301", [0, message.length - 100], message.subarray(100)]);
        const parsed = parseClientHello(split);
        expect(parsed.status).to.equal("complete");
        if (parsed.status === "complete") expect(parsed.hello).to.include({ serverName: HOST, length: split.length });
    });

    it("reads Node's own ClientHello (OpenSSL as the client)", async () => {
        const captured = await new Promise<Buffer>((resolve) => {
            const server = net.createServer((socket) => {
                let bytes = Buffer.alloc(0);
                socket.on("data", (chunk: Buffer) => {
                    bytes = Buffer.concat([bytes, chunk]);
                    if (parseClientHello(bytes).status !== "incomplete") {
                        socket.destroy();
                        server.close();
                        resolve(bytes);
                    }
                });
            });
            server.listen(0, "127.0.0.1", () => {
                const port = (server.address() as net.AddressInfo).port;
                const client = tls.connect({
                    host: "127.0.0.1",
                    port,
                    servername: "node.example.test",
                    ciphers: "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA",
                    minVersion: "TLSv1.2",
                    maxVersion: "TLSv1.2",
                });
                client.on("error", () => undefined);
            });
        });
        const parsed = parseClientHello(captured);
        expect(parsed.status).to.equal("complete");
        if (parsed.status !== "complete") return;
        expect(parsed.hello).to.include({ format: "tls", clientVersion: 0x0303, serverName: "node.example.test" });
        // The two suites asked for, in order, then OpenSSL's renegotiation SCSV (RFC 5746).
        expect(parsed.hello.cipherSuites).to.deep.equal([0xc02f, 0x002f, 0x00ff]);
        expect(parsed.hello.extensions!.map((e) => e.type)).to.include.members([0, 10, 11, 13]);
    });

    it("calls anything else invalid: plain HTTP, a bad SSLv2 spec length", () => {
        const http = parseClientHello(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        expect(http).to.deep.equal({ status: "invalid", error: "not a handshake record: first byte 0x47 ('G', plain text such as HTTP?)" });
        const v2 = Buffer.from(buildClientHello(JAVA6, { random: RANDOM }).bytes);
        v2.writeUInt16BE(0x002f, 5); // cipher_spec_length not a multiple of 3
        const parsed = parseClientHello(v2);
        expect(parsed.status).to.equal("invalid");
        if (parsed.status === "invalid") expect(parsed.error).to.match(/cipher_spec_length is not a multiple of 3/);
    });
});

// ---------------------------------------------------------------------------------------------------
// Server flights, assembled by hand.

const u16 = (v: number): number[] => [v >> 8, v & 0xff];
const u24 = (v: number): number[] => [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
const handshake = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type, ...u24(body.length)]), body]);
const record = (type: number, payload: Buffer, version = 0x0303): Buffer => Buffer.concat([Buffer.from([type, ...u16(version), ...u16(payload.length)]), payload]);
const SERVER_RANDOM = Buffer.alloc(32, 0x42);

function serverHello(version: number, suite: number, extensions: Buffer = Buffer.alloc(0), random = SERVER_RANDOM): Buffer {
    const ext = extensions.length > 0 ? Buffer.concat([Buffer.from(u16(extensions.length)), extensions]) : Buffer.alloc(0);
    return handshake(2, Buffer.concat([Buffer.from(u16(version)), random, Buffer.from([32]), Buffer.alloc(32, 0x55), Buffer.from(u16(suite)), Buffer.from([0]), ext]));
}
const CERTS = [Buffer.from("leaf certificate DER"), Buffer.from("intermediate certificate DER")];
const certificateMessage = handshake(
    11,
    (() => {
        const list = Buffer.concat(CERTS.map((c) => Buffer.concat([Buffer.from(u24(c.length)), c])));
        return Buffer.concat([Buffer.from(u24(list.length)), list]);
    })(),
);
const SHD = handshake(14, Buffer.alloc(0));
const TLS12_SH = serverHello(0x0303, 0xc02f, hex(["ff01 0001 00", "000b 0002 0100"]));

describe("client-hello: parseServerFlight", () => {
    const expectTls12Flight = (bytes: Buffer): void => {
        const flight = parseServerFlight(bytes);
        expect(flight.error).to.equal(undefined);
        expect(flight).to.include({ complete: true, serverHelloDone: true });
        expect(flight.handshakeTypes).to.deep.equal([2, 11, 14]);
        expect(flight.serverHello).to.include({ legacyVersion: 0x0303, version: 0x0303, cipherSuite: 0xc02f, compressionMethod: 0, helloRetryRequest: false });
        expect(flight.serverHello!.extensions.map((e) => e.type)).to.deep.equal([0xff01, 11]);
        expect(flight.certificates!.map(String)).to.deep.equal(CERTS.map(String));
    };

    it("reads ServerHello, Certificate and ServerHelloDone in one record", () => {
        expectTls12Flight(record(22, Buffer.concat([TLS12_SH, certificateMessage, SHD])));
    });

    it("reads them one record each", () => {
        expectTls12Flight(Buffer.concat([record(22, TLS12_SH), record(22, certificateMessage), record(22, SHD)]));
    });

    it("reads a Certificate message spanning three records, the last also holding ServerHelloDone", () => {
        const c = certificateMessage;
        expectTls12Flight(
            Buffer.concat([
                record(22, TLS12_SH),
                record(22, c.subarray(0, 3)), // not even the handshake header
                record(22, c.subarray(3, 20)),
                record(22, Buffer.concat([c.subarray(20), SHD])),
            ]),
        );
    });

    it("is incremental: incomplete for every prefix, the ServerHello as soon as it is whole", () => {
        const bytes = Buffer.concat([record(22, TLS12_SH), record(22, certificateMessage), record(22, SHD)]);
        const helloEnd = 5 + TLS12_SH.length;
        for (let n = 0; n < bytes.length; n++) {
            const flight = parseServerFlight(bytes.subarray(0, n));
            expect(flight.complete, `prefix ${n}`).to.equal(false);
            expect(flight.serverHello !== undefined, `prefix ${n}`).to.equal(n >= helloEnd);
        }
        expectTls12Flight(bytes);
    });

    it("takes a TLS 1.3 ServerHello's version from supported_versions and stops there (the rest is encrypted)", () => {
        const sh = serverHello(0x0303, 0x1301, hex(["002b 0002 0304", "0033 0024 001d 0020", Buffer.alloc(32, 7)]));
        const flight = parseServerFlight(Buffer.concat([record(22, sh), record(20, Buffer.from([1])), record(23, Buffer.alloc(40, 9))]));
        expect(flight).to.include({ complete: true, serverHelloDone: false });
        expect(flight.serverHello).to.include({ legacyVersion: 0x0303, version: 0x0304, cipherSuite: 0x1301, keyShareGroup: 0x001d, helloRetryRequest: false });
        expect(flight.certificates).to.equal(undefined);
    });

    it("recognises a HelloRetryRequest and the group it asks for", () => {
        const hrrRandom = crypto.createHash("sha256").update("HelloRetryRequest").digest();
        const sh = serverHello(0x0303, 0x1301, hex(["002b 0002 0304", "0033 0002 0017"]), hrrRandom);
        const flight = parseServerFlight(record(22, sh));
        expect(flight.serverHello).to.include({ helloRetryRequest: true, keyShareGroup: 0x0017, version: 0x0304 });
        expect(flight.complete).to.equal(true);
    });

    it("notices the TLS 1.3 downgrade marker in a TLS 1.2 ServerHello's random", () => {
        const random = Buffer.concat([Buffer.alloc(24, 1), Buffer.from("DOWNGRD\u0001", "latin1")]);
        const flight = parseServerFlight(record(22, Buffer.concat([serverHello(0x0303, 0xc02f, Buffer.alloc(0), random), SHD])));
        expect(flight.serverHello).to.include({ downgradeSentinel: "TLSv1.2" });
        expect(flight.serverHello!.extensions).to.deep.equal([]);
    });

    it("reads alerts with their RFC names; a warning does not end the flight", () => {
        for (const [code, name] of [
            [40, "handshake_failure"],
            [70, "protocol_version"],
            [71, "insufficient_security"],
            [112, "unrecognized_name"],
            [200, "unknown_200"],
        ] as const) {
            const flight = parseServerFlight(record(21, Buffer.from([2, code]), 0x0301));
            expect(flight.alert, name).to.deep.equal({ level: 2, description: code, name });
            expect(flight.complete).to.equal(true);
        }
        expect(describeAlert({ level: 2, description: 40, name: "handshake_failure" })).to.equal("alert handshake_failure (40)");

        const warned = parseServerFlight(Buffer.concat([record(21, Buffer.from([1, 112])), record(22, Buffer.concat([TLS12_SH, certificateMessage, SHD]))]));
        expect(warned.warnings).to.deep.equal([{ level: 1, description: 112, name: "unrecognized_name" }]);
        expect(warned.alert).to.equal(undefined);
        expect(warned.serverHelloDone).to.equal(true);
        expect(describeAlert(warned.warnings[0])).to.equal("warning alert unrecognized_name (112)");
    });

    it("refuses what is not a TLS server's answer, and absurd lengths", () => {
        const cases: Array<[string, Buffer, RegExp]> = [
            ["an SSLv2 server hello", hex(["8123 04 00 01 0002"]), /^unexpected SSLv2 server hello/],
            ["plain HTTP", Buffer.from("HTTP/1.1 400 Bad Request\r\n\r\n"), /not a TLS record: first byte 0x48 \('H', plain text such as HTTP\?\)/],
            ["a 65535-byte record", hex(["16 0303 ffff"]), /record of 65535 bytes \(at most 18432 allowed\)/],
            ["a 16 MiB handshake message", record(22, hex(["0b ffffff"])), /handshake message type 11 of 16777215 bytes/],
            ["a Certificate before the ServerHello", record(22, certificateMessage), /handshake message type 11 before the ServerHello/],
            ["a truncated ServerHello body", record(22, handshake(2, Buffer.alloc(10))), /malformed handshake message/],
            ["a 3-byte alert", record(21, Buffer.from([2, 40, 0])), /alert record of 3 bytes/],
        ];
        for (const [what, bytes, error] of cases) {
            const flight = parseServerFlight(bytes);
            expect(flight.complete, what).to.equal(true);
            expect(flight.error, what).to.match(error);
        }
    });
});

/**
 * The wire format of a handshake's first flight, without sockets: a client's own ClientHello rebuilt
 * from its profile ({@link buildClientHello}), a ClientHello read back ({@link parseClientHello}, what
 * an SNI-routing front reads before it hands the connection on), and what a server answers in the
 * clear ({@link parseServerFlight}: ServerHello, Certificate, ServerHelloDone or an alert).
 *
 * Node's OpenSSL cannot offer SSLv3, RC4 or 3DES, and those are the legacy clients this package is
 * about; so, as SSL Labs does, `verify` sends each client's hello byte for byte over a raw socket and
 * reads the server's answer instead of asking the local TLS library to play the client.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.2 (ClientHello), appendix E.2 (SSLv2-compatible hello)
 * @see https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2 (TLS 1.3 ClientHello, key_share, supported_versions)
 * @see https://www.rfc-editor.org/rfc/rfc6066#section-3 (server_name: host names only, no IP literals)
 * @see https://www.rfc-editor.org/rfc/rfc7685 (padding extension)
 */
import * as crypto from "node:crypto";
import * as net from "node:net";
import { domainToASCII } from "node:url";
import type { ClientHelloTemplate, ClientProfile } from "../../components/tls-clients/client-profile";

/** A hello that cannot be built from a profile (the template contradicts itself or the profile). */
export class ClientHelloError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ClientHelloError";
    }
}

/** Extension types the builder fills in per connection. */
export const EXT_SERVER_NAME = 0;
/** RFC 7685 padding. */
export const EXT_PADDING = 21;
/** RFC 8446 key_share. */
export const EXT_KEY_SHARE = 51;
/** RFC 8446 supported_versions. */
export const EXT_SUPPORTED_VERSIONS = 43;

const RECORD_HANDSHAKE = 22;
const RECORD_ALERT = 21;
const RECORD_CHANGE_CIPHER_SPEC = 20;
const RECORD_APPLICATION_DATA = 23;
const HS_CLIENT_HELLO = 1;
const HS_SERVER_HELLO = 2;
const HS_CERTIFICATE = 11;
const HS_SERVER_HELLO_DONE = 14;
/** The largest TLSPlaintext fragment (RFC 5246 section 6.2.1). */
const MAX_FRAGMENT = 1 << 14;
/** The largest record any version allows on the wire (TLSCiphertext, RFC 5246 section 6.2.3). */
const MAX_RECORD = MAX_FRAGMENT + 2048;
/** Handshake messages larger than this are refused: real chains are a few KiB, a hello under 2 KiB. */
const MAX_HANDSHAKE_MESSAGE = 1 << 17;

/** One key_share entry (RFC 8446 section 4.2.8). */
export interface KeyShareEntry {
    /** Named group, e.g. 0x001d (x25519). */
    readonly group: number;
    /** The public value as sent: a raw X25519 key, an uncompressed EC point, a hybrid concatenation. */
    readonly keyExchange: Buffer;
}

/** What {@link buildClientHello} needs besides the profile. */
export interface BuildClientHelloOptions {
    /**
     * The host name for server_name, sent only when the profile sends SNI. An IP address or nothing
     * means no server_name at all (RFC 6066 allows host names only; real clients leave it out).
     */
    readonly serverName?: string;
    /** The 32-byte random (an SSLv2-format hello sends its first `challengeLength` bytes as the challenge). @default fresh random bytes */
    readonly random?: Buffer;
    /** The session id, of the template's `sessionIdLength`. @default fresh random bytes */
    readonly sessionId?: Buffer;
    /** Key share entries to send, one per `keyShareGroups` in order (tests fix them). @default fresh keys */
    readonly keyShares?: readonly KeyShareEntry[];
}

/** A rebuilt ClientHello. */
export interface BuiltClientHello {
    /** The bytes to write to the socket: TLS record(s), or the SSLv2-format message with its 2-byte header. */
    readonly bytes: Buffer;
    /** Whether a server_name extension went out. */
    readonly serverNameSent: boolean;
    /** The key shares sent (public values only; the handshake is never finished). */
    readonly keyShares: readonly KeyShareEntry[];
    /** Length of the padding extension's data, when one was sent. */
    readonly paddingLength?: number;
    /** What differs from a plain replay of the template, e.g. why no server_name was sent. */
    readonly notes: readonly string[];
}

/**
 * Rebuilds the ClientHello `profile`'s client sends to `serverName`: the template's versions, session id
 * length, the profile's cipher suites in order, compression methods and extensions in order, with
 * server_name, key_share and padding filled in for this connection. Throws {@link ClientHelloError}
 * when the template cannot be honoured (e.g. SNI in the profile but no server_name slot in the template).
 */
export function buildClientHello(profile: ClientProfile, options: BuildClientHelloOptions = {}): BuiltClientHello {
    const hello = profile.hello;
    assertTemplate(profile);
    const random = options.random ?? crypto.randomBytes(32);
    if (random.length !== 32) throw new ClientHelloError(`random: must be 32 bytes, got ${random.length}`);
    const sessionId = options.sessionId ?? crypto.randomBytes(hello.sessionIdLength);
    if (sessionId.length !== hello.sessionIdLength) {
        throw new ClientHelloError(`sessionId: must be ${hello.sessionIdLength} bytes (the template's sessionIdLength), got ${sessionId.length}`);
    }

    const notes: string[] = [];
    const sniHost = profile.sni ? sniHostName(options.serverName, notes) : undefined;

    if (hello.format === "ssl2") {
        return { bytes: ssl2ClientHello(profile, random, sessionId), serverNameSent: false, keyShares: [], notes };
    }

    const keyShares = keyShareEntries(hello, options.keyShares, notes);
    const fixed = Buffer.concat([
        u16(hello.clientVersion),
        random,
        vector8(sessionId),
        vector16(Buffer.concat(profile.cipherSuites.map(u16))),
        vector8(Buffer.from(hello.compressionMethods)),
    ]);
    // Pre-extension clients (IE on XP, Java 6 in TLS form) end the hello after the compression
    // methods; an empty extensions block would be a different hello.
    if (hello.extensions.length === 0) {
        return { bytes: records(hello.recordVersion, handshakeMessage(HS_CLIENT_HELLO, fixed)), serverNameSent: false, keyShares, notes };
    }

    const blocks: Array<{ type: number; data: Buffer } | "padding"> = [];
    for (const ext of hello.extensions) {
        if (ext.type === EXT_SERVER_NAME) {
            if (sniHost !== undefined) blocks.push({ type: EXT_SERVER_NAME, data: serverNameExtension(sniHost) });
        } else if (ext.type === EXT_KEY_SHARE && ext.data === undefined) {
            blocks.push({ type: EXT_KEY_SHARE, data: vector16(Buffer.concat(keyShares.map((k) => Buffer.concat([u16(k.group), vector16(k.keyExchange)])))) });
        } else if (ext.type === EXT_PADDING && ext.data === undefined) {
            blocks.push("padding");
        } else {
            blocks.push({ type: ext.type, data: Buffer.from(ext.data ?? "", "hex") });
        }
    }
    const encode = (paddingLength: number | undefined): Buffer =>
        vector16(
            Buffer.concat(
                blocks.flatMap((b) =>
                    b === "padding"
                        ? paddingLength === undefined
                            ? []
                            : [u16(EXT_PADDING), vector16(Buffer.alloc(paddingLength))]
                        : [u16(b.type), vector16(b.data)],
                ),
            ),
        );
    let paddingLength: number | undefined;
    if (blocks.includes("padding")) {
        // The length the padding rule looks at: the whole handshake message without the padding extension.
        paddingLength = paddingFor(4 + fixed.length + encode(undefined).length);
    }
    const body = Buffer.concat([fixed, encode(paddingLength)]);
    return {
        bytes: records(hello.recordVersion, handshakeMessage(HS_CLIENT_HELLO, body)),
        serverNameSent: sniHost !== undefined,
        keyShares,
        ...(paddingLength !== undefined ? { paddingLength } : {}),
        notes,
    };
}

/**
 * The padding rule of BoringSSL, NSS and OpenSSL (the F5 workaround behind RFC 7685): a ClientHello
 * message of 256 to 511 bytes (handshake header included, padding excluded) is padded to 512; the
 * extension carries at least one byte, because some servers reject an empty last extension. Returns
 * the padding's data length, or `undefined` when the rule sends no padding.
 */
export function paddingFor(unpaddedLength: number): number | undefined {
    if (unpaddedLength < 0x100 || unpaddedLength >= 0x200) return undefined;
    return Math.max(0x200 - unpaddedLength - 4, 1);
}

function sniHostName(serverName: string | undefined, notes: string[]): string | undefined {
    if (serverName === undefined || serverName === "") {
        notes.push("no server_name sent: no host name was given");
        return undefined;
    }
    const bare = serverName.replace(/^\[(.*)\]$/, "$1");
    if (net.isIP(bare) !== 0) {
        notes.push(`no server_name sent: ${bare} is an IP address, and RFC 6066 allows host names only (real clients send none)`);
        return undefined;
    }
    // Clients send the A-label form without a trailing dot (RFC 6066 section 3).
    const ascii = domainToASCII(serverName.replace(/\.$/, ""));
    if (ascii === "") throw new ClientHelloError(`serverName: ${JSON.stringify(serverName)} is not a valid host name`);
    return ascii;
}

function serverNameExtension(host: string): Buffer {
    // ServerNameList with one entry: name_type host_name (0), HostName<1..2^16-1>.
    return vector16(Buffer.concat([Buffer.from([0]), vector16(Buffer.from(host, "ascii"))]));
}

function assertTemplate(profile: ClientProfile): void {
    const hello = profile.hello;
    const where = `client ${profile.id}: hello`;
    const problems: string[] = [];
    const check16 = (name: string, v: number): void => {
        if (!Number.isInteger(v) || v < 0 || v > 0xffff) problems.push(`${name} ${v} is not a 16-bit value`);
    };
    check16("recordVersion", hello.recordVersion);
    check16("clientVersion", hello.clientVersion);
    if (!Number.isInteger(hello.sessionIdLength) || hello.sessionIdLength < 0 || hello.sessionIdLength > 32) {
        problems.push(`sessionIdLength ${hello.sessionIdLength} is not 0..32`);
    }
    if (profile.cipherSuites.length === 0) problems.push("the profile offers no cipher suite");
    for (const code of profile.cipherSuites) {
        if (!Number.isInteger(code) || code < 0 || code > 0xffff) problems.push(`cipher suite ${code} is not a 16-bit code`);
    }
    if (hello.format === "ssl2") {
        if (hello.extensions.length > 0) problems.push("an SSLv2-format hello carries no extensions, yet the template lists some");
        if (hello.keyShareGroups?.length) problems.push("an SSLv2-format hello carries no key_share");
        if (profile.sni) problems.push("the profile sends SNI, which an SSLv2-format hello cannot carry");
        const challenge = hello.challengeLength ?? 32;
        if (!Number.isInteger(challenge) || challenge < 16 || challenge > 32) problems.push(`challengeLength ${challenge} is not 16..32`);
        if (hello.ssl2CipherSpecs) {
            if (hello.ssl2CipherSpecs.some((c) => !Number.isInteger(c) || c < 0 || c > 0xffffff)) problems.push("ssl2CipherSpecs holds a value that is not a 3-byte code");
            // The TLS suites among the specs (0x00XXYY) are what the server can choose: they must be cipherSuites.
            const tlsKinds = hello.ssl2CipherSpecs.filter((c) => c <= 0xffff);
            if (tlsKinds.join() !== profile.cipherSuites.join()) problems.push("the TLS suites of ssl2CipherSpecs (0x00XXYY) are not cipherSuites in the same order");
        }
    } else {
        if (hello.ssl2CipherSpecs || hello.challengeLength !== undefined) problems.push("ssl2CipherSpecs and challengeLength belong to the ssl2 format only");
        if (hello.compressionMethods.length === 0 || hello.compressionMethods.length > 255) {
            problems.push("compressionMethods must list 1..255 methods");
        }
        const seen = new Set<number>();
        for (const ext of hello.extensions) {
            check16("extension type", ext.type);
            if (seen.has(ext.type)) problems.push(`extension ${ext.type} is listed twice`);
            seen.add(ext.type);
            if (ext.data !== undefined && !/^([0-9a-f]{2})*$/.test(ext.data)) problems.push(`extension ${ext.type}: data is not lowercase hex`);
            if (ext.type === EXT_SERVER_NAME && ext.data !== undefined) problems.push("server_name (0) is filled per connection: leave out its data");
            if (ext.data === undefined && ![EXT_SERVER_NAME, EXT_KEY_SHARE, EXT_PADDING].includes(ext.type)) {
                problems.push(`extension ${ext.type} has no data (only server_name, key_share and padding are filled in)`);
            }
        }
        const keyShare = hello.extensions.find((e) => e.type === EXT_KEY_SHARE);
        if (keyShare && keyShare.data === undefined && !hello.keyShareGroups) problems.push("key_share (51) has no data and no keyShareGroups");
        if (hello.keyShareGroups && (!keyShare || keyShare.data !== undefined)) problems.push("keyShareGroups given but no key_share (51) slot without data");
        if (profile.sni !== seen.has(EXT_SERVER_NAME)) {
            problems.push(profile.sni ? "the profile sends SNI but the template has no server_name (0) extension" : "the template has server_name (0) but the profile says it sends no SNI");
        }
    }
    if (problems.length > 0) throw new ClientHelloError(`${where}: ${problems.join("; ")}`);
}

function keyShareEntries(hello: ClientHelloTemplate, given: readonly KeyShareEntry[] | undefined, notes: string[]): KeyShareEntry[] {
    const groups = hello.keyShareGroups ?? [];
    if (given !== undefined) {
        if (given.length !== groups.length || given.some((k, i) => k.group !== groups[i])) {
            throw new ClientHelloError(`keyShares: must be one entry per keyShareGroups (${groups.map(groupHex).join(", ")}), in order`);
        }
        return [...given];
    }
    return groups.map((group) => ({ group, keyExchange: freshKeyShare(group, notes) }));
}

/** `0x001d`-style hex of a named group. */
export function groupHex(group: number): string {
    return `0x${group.toString(16).padStart(4, "0")}`;
}

/** True for a GREASE value (RFC 8701): 0x0a0a, 0x1a1a, … 0xfafa. */
export function isGrease(value: number): boolean {
    return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

/** Named groups a fresh key share can be made for (RFC 8446 section 4.2.7, draft-kwiatkowski-tls-ecdhe-mlkem). */
export const KEY_SHARE_GROUPS: Readonly<Record<number, string>> = {
    0x0017: "secp256r1",
    0x0018: "secp384r1",
    0x0019: "secp521r1",
    0x001d: "x25519",
    0x001e: "x448",
    0x11eb: "SecP256r1MLKEM768",
    0x11ec: "X25519MLKEM768",
    0x11ed: "SecP384r1MLKEM1024",
    0x6399: "X25519Kyber768Draft00",
};

function freshKeyShare(group: number, notes: string[]): Buffer {
    // BoringSSL sends a one-byte share for its GREASE group (RFC 8701 section 3.1).
    if (isGrease(group)) return Buffer.from([0]);
    switch (group) {
        case 0x0017:
            return ecPoint("prime256v1");
        case 0x0018:
            return ecPoint("secp384r1");
        case 0x0019:
            return ecPoint("secp521r1");
        case 0x001d:
            return rawOkp("x25519");
        case 0x001e:
            return rawOkp("x448");
        case 0x11ec:
        case 0x11eb:
        case 0x11ed:
        case 0x6399: {
            notes.push(
                `key_share ${KEY_SHARE_GROUPS[group]} (${groupHex(group)}): a well-formed ML-KEM encapsulation key without its private half ` +
                    "(Node has no ML-KEM); enough for the server to choose the group, and the handshake is never finished",
            );
            if (group === 0x11ec) return Buffer.concat([mlKemEncapsulationKey(3), rawOkp("x25519")]);
            if (group === 0x11eb) return Buffer.concat([ecPoint("prime256v1"), mlKemEncapsulationKey(3)]);
            if (group === 0x11ed) return Buffer.concat([ecPoint("secp384r1"), mlKemEncapsulationKey(4)]);
            return Buffer.concat([rawOkp("x25519"), mlKemEncapsulationKey(3)]);
        }
        default:
            throw new ClientHelloError(`key_share: cannot make a key for group ${groupHex(group)} (known: ${Object.values(KEY_SHARE_GROUPS).join(", ")}, GREASE)`);
    }
}

function ecPoint(curve: string): Buffer {
    const ecdh = crypto.createECDH(curve);
    return ecdh.generateKeys(); // uncompressed point, 0x04 || X || Y (RFC 8446 section 4.2.8.2)
}

function rawOkp(type: "x25519" | "x448"): Buffer {
    const { publicKey } = type === "x25519" ? crypto.generateKeyPairSync("x25519") : crypto.generateKeyPairSync("x448");
    const spki = publicKey.export({ format: "der", type: "spki" });
    return spki.subarray(spki.length - (type === "x25519" ? 32 : 56));
}

/**
 * An ML-KEM encapsulation key (FIPS 203 section 7.2) of rank `k`: k·256 coefficients below q = 3329,
 * 12 bits each, then a 32-byte seed. Uniform coefficients pass the server's modulus check; nobody
 * holds a matching decapsulation key, which a replayed hello never needs.
 */
function mlKemEncapsulationKey(k: 3 | 4): Buffer {
    const q = 3329;
    const coefficients: number[] = [];
    while (coefficients.length < k * 256) {
        const raw = crypto.randomBytes(2 * k * 256);
        for (let j = 0; j < raw.length && coefficients.length < k * 256; j += 2) {
            const c = raw.readUInt16LE(j) & 0x0fff;
            if (c < q) coefficients.push(c);
        }
    }
    const packed = Buffer.alloc((k * 256 * 3) / 2);
    for (let i = 0; i < coefficients.length; i += 2) {
        const a = coefficients[i];
        const b = coefficients[i + 1];
        const o = (i / 2) * 3;
        packed[o] = a & 0xff;
        packed[o + 1] = (a >> 8) | ((b & 0x0f) << 4);
        packed[o + 2] = b >> 4;
    }
    return Buffer.concat([packed, crypto.randomBytes(32)]);
}

/**
 * RFC 5246 appendix E.2: msg_length with the high bit set, msg_type 1, version, the three lengths,
 * then cipher_specs (three bytes each: the template's `ssl2CipherSpecs`, SSLv2-only kinds included, or
 * else 0x00 + each TLS code), session_id and the challenge (the template's length, 32 by default, the
 * first bytes of `random`; the server left-pads it with zeros into the client random).
 */
function ssl2ClientHello(profile: ClientProfile, random: Buffer, sessionId: Buffer): Buffer {
    const codes = profile.hello.ssl2CipherSpecs ?? profile.cipherSuites;
    const specs = Buffer.concat(codes.map((code) => Buffer.from([(code >> 16) & 0xff, (code >> 8) & 0xff, code & 0xff])));
    const challenge = random.subarray(0, profile.hello.challengeLength ?? 32);
    const body = Buffer.concat([
        Buffer.from([HS_CLIENT_HELLO]),
        u16(profile.hello.clientVersion),
        u16(specs.length),
        u16(sessionId.length),
        u16(challenge.length),
        specs,
        sessionId,
        challenge,
    ]);
    if (body.length > 0x7fff) throw new ClientHelloError(`client ${profile.id}: SSLv2-format hello of ${body.length} bytes exceeds 32767`);
    return Buffer.concat([u16(0x8000 | body.length), body]);
}

function handshakeMessage(type: number, body: Buffer): Buffer {
    return Buffer.concat([Buffer.from([type, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
}

// One handshake message in as many records as 2^14-byte fragments need.
function records(version: number, payload: Buffer): Buffer {
    const out: Buffer[] = [];
    for (let offset = 0; offset < payload.length; offset += MAX_FRAGMENT) {
        const fragment = payload.subarray(offset, offset + MAX_FRAGMENT);
        out.push(Buffer.from([RECORD_HANDSHAKE]), u16(version), u16(fragment.length), fragment);
    }
    return Buffer.concat(out);
}

function u16(v: number): Buffer {
    return Buffer.from([(v >> 8) & 0xff, v & 0xff]);
}

function vector8(data: Buffer): Buffer {
    return Buffer.concat([Buffer.from([data.length]), data]);
}

function vector16(data: Buffer): Buffer {
    return Buffer.concat([u16(data.length), data]);
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** A byte reader that throws {@link DecodeError} instead of reading past its end. */
class Reader {
    private offset = 0;
    constructor(private readonly buf: Buffer) {}
    get remaining(): number {
        return this.buf.length - this.offset;
    }
    u8(): number {
        return this.bytes(1)[0];
    }
    u16(): number {
        return this.bytes(2).readUInt16BE(0);
    }
    u24(): number {
        return this.bytes(3).readUIntBE(0, 3);
    }
    bytes(n: number): Buffer {
        if (n > this.remaining) throw new DecodeError(`needs ${n} bytes, ${this.remaining} left`);
        const out = this.buf.subarray(this.offset, this.offset + n);
        this.offset += n;
        return out;
    }
    vector8(): Buffer {
        return this.bytes(this.u8());
    }
    vector16(): Buffer {
        return this.bytes(this.u16());
    }
    vector24(): Buffer {
        return this.bytes(this.u24());
    }
}

class DecodeError extends Error {}

/** One extension as read from a hello. */
export interface ParsedExtension {
    /** IANA extension type. */
    readonly type: number;
    /** The body. */
    readonly data: Buffer;
}

/** A ClientHello read back from the wire. */
export interface ParsedClientHello {
    /** `ssl2`: the SSLv2-compatible form; `tls`: handshake records. */
    readonly format: "ssl2" | "tls";
    /** Record layer version of the first record (`tls` only). */
    readonly recordVersion?: number;
    /** client_version. */
    readonly clientVersion: number;
    /** The random (for `ssl2`, the challenge, which the server left-pads to 32 bytes). */
    readonly random: Buffer;
    /** The session id. */
    readonly sessionId: Buffer;
    /** Cipher suites in order (for `ssl2`, every 3-byte cipher spec, SSLv2-only kinds above 0xffff included). */
    readonly cipherSuites: readonly number[];
    /** Compression methods (`tls` only; empty for `ssl2`). */
    readonly compressionMethods: readonly number[];
    /** Extensions in order; `undefined` when the hello has no extensions block. */
    readonly extensions?: readonly ParsedExtension[];
    /** The host_name of server_name, if sent. */
    readonly serverName?: string;
    /** Bytes of input the hello took (records included). */
    readonly length: number;
}

/** The outcome of reading a ClientHello from the start of a connection. */
export type ClientHelloParse =
    | { readonly status: "complete"; readonly hello: ParsedClientHello }
    | { readonly status: "incomplete" }
    | { readonly status: "invalid"; readonly error: string };

/**
 * Reads the ClientHello at the start of `bytes` (what a front that routes by SNI must do before it
 * hands the connection on): the SSLv2-compatible form, or a handshake message in one or more records.
 * `incomplete` asks for more bytes; `invalid` for anything that is not a well-formed ClientHello.
 */
export function parseClientHello(bytes: Buffer): ClientHelloParse {
    if (bytes.length < 3) return { status: "incomplete" };
    try {
        if ((bytes[0] & 0x80) !== 0 && bytes[2] === HS_CLIENT_HELLO) return parseSsl2ClientHello(bytes);
        if (bytes[0] !== RECORD_HANDSHAKE) return { status: "invalid", error: `not a handshake record: ${describeFirstByte(bytes[0])}` };
        const gathered = gatherHandshakeMessage(bytes);
        if (gathered === undefined) return { status: "incomplete" };
        const { message, length, recordVersion } = gathered;
        if (message[0] !== HS_CLIENT_HELLO) return { status: "invalid", error: `first handshake message is type ${message[0]}, not ClientHello (1)` };
        const r = new Reader(message.subarray(4));
        const clientVersion = r.u16();
        const random = r.bytes(32);
        const sessionId = r.vector8();
        if (sessionId.length > 32) throw new DecodeError(`session id of ${sessionId.length} bytes`);
        const suites = r.vector16();
        if (suites.length % 2 !== 0) throw new DecodeError("odd cipher suite list length");
        const cipherSuites = Array.from({ length: suites.length / 2 }, (_, i) => suites.readUInt16BE(2 * i));
        const compressionMethods = [...r.vector8()];
        let extensions: ParsedExtension[] | undefined;
        if (r.remaining > 0) extensions = parseExtensions(r.vector16());
        if (r.remaining !== 0) throw new DecodeError(`${r.remaining} bytes after the extensions`);
        const sni = extensions?.find((e) => e.type === EXT_SERVER_NAME);
        const hello: ParsedClientHello = {
            format: "tls",
            recordVersion,
            clientVersion,
            random,
            sessionId,
            cipherSuites,
            compressionMethods,
            extensions,
            ...(sni ? { serverName: hostNameOf(sni.data) } : {}),
            length,
        };
        return { status: "complete", hello };
    } catch (error) {
        if (error instanceof DecodeError) return { status: "invalid", error: `malformed ClientHello: ${error.message}` };
        throw error;
    }
}

function parseSsl2ClientHello(bytes: Buffer): ClientHelloParse {
    const length = ((bytes[0] & 0x7f) << 8) | bytes[1];
    if (bytes.length < 2 + length) return { status: "incomplete" };
    const r = new Reader(bytes.subarray(3, 2 + length));
    const clientVersion = r.u16();
    const specLength = r.u16();
    const sessionIdLength = r.u16();
    const challengeLength = r.u16();
    if (specLength % 3 !== 0) throw new DecodeError("cipher_spec_length is not a multiple of 3");
    if (challengeLength < 16 || challengeLength > 32) throw new DecodeError(`challenge of ${challengeLength} bytes (16..32 allowed)`);
    const specs = r.bytes(specLength);
    const sessionId = r.bytes(sessionIdLength);
    const challenge = r.bytes(challengeLength);
    if (r.remaining !== 0) throw new DecodeError(`${r.remaining} bytes after the challenge`);
    const cipherSuites = Array.from({ length: specLength / 3 }, (_, i) => specs.readUIntBE(3 * i, 3));
    const random = Buffer.concat([Buffer.alloc(32 - challengeLength), challenge]);
    return { status: "complete", hello: { format: "ssl2", clientVersion, random, sessionId, cipherSuites, compressionMethods: [], length: 2 + length } };
}

function parseExtensions(block: Buffer): ParsedExtension[] {
    const r = new Reader(block);
    const out: ParsedExtension[] = [];
    while (r.remaining > 0) out.push({ type: r.u16(), data: r.vector16() });
    return out;
}

function hostNameOf(data: Buffer): string | undefined {
    const list = new Reader(new Reader(data).vector16());
    while (list.remaining > 0) {
        const type = list.u8();
        const name = list.vector16();
        if (type === 0) return name.toString("ascii");
    }
    return undefined;
}

// Reassembles the first handshake message from consecutive handshake records at the start of `bytes`.
function gatherHandshakeMessage(bytes: Buffer): { message: Buffer; length: number; recordVersion: number } | undefined {
    const parts: Buffer[] = [];
    let gathered = 0;
    let offset = 0;
    let recordVersion = 0;
    for (;;) {
        if (bytes.length < offset + 5) return undefined;
        if (bytes[offset] !== RECORD_HANDSHAKE) throw new DecodeError(`record of type ${bytes[offset]} inside the ClientHello`);
        const length = bytes.readUInt16BE(offset + 3);
        if (offset === 0) recordVersion = bytes.readUInt16BE(1);
        if (length === 0 || length > MAX_FRAGMENT) throw new DecodeError(`record length ${length} (1..${MAX_FRAGMENT} allowed)`);
        if (bytes.length < offset + 5 + length) return undefined;
        parts.push(bytes.subarray(offset + 5, offset + 5 + length));
        gathered += length;
        offset += 5 + length;
        if (gathered >= 4) {
            const joined = Buffer.concat(parts);
            const messageLength = joined.readUIntBE(1, 3);
            if (messageLength > MAX_HANDSHAKE_MESSAGE) throw new DecodeError(`handshake message of ${messageLength} bytes`);
            if (gathered >= 4 + messageLength) {
                if (gathered > 4 + messageLength) throw new DecodeError("data after the ClientHello in its last record");
                return { message: joined, length: offset, recordVersion };
            }
        }
    }
}

function describeFirstByte(b: number): string {
    const printable = b >= 0x20 && b < 0x7f ? ` ('${String.fromCharCode(b)}'${/[A-Z]/.test(String.fromCharCode(b)) ? ", plain text such as HTTP?" : ""})` : "";
    return `first byte 0x${b.toString(16).padStart(2, "0")}${printable}`;
}

/** TLS alert descriptions (RFC 8446 section 6, RFC 5246 section 7.2, RFC 6066, RFC 7507, RFC 7301). */
export const ALERT_NAMES: Readonly<Record<number, string>> = {
    0: "close_notify",
    10: "unexpected_message",
    20: "bad_record_mac",
    21: "decryption_failed",
    22: "record_overflow",
    30: "decompression_failure",
    40: "handshake_failure",
    41: "no_certificate",
    42: "bad_certificate",
    43: "unsupported_certificate",
    44: "certificate_revoked",
    45: "certificate_expired",
    46: "certificate_unknown",
    47: "illegal_parameter",
    48: "unknown_ca",
    49: "access_denied",
    50: "decode_error",
    51: "decrypt_error",
    60: "export_restriction",
    70: "protocol_version",
    71: "insufficient_security",
    80: "internal_error",
    86: "inappropriate_fallback",
    90: "user_canceled",
    100: "no_renegotiation",
    109: "missing_extension",
    110: "unsupported_extension",
    111: "certificate_unobtainable",
    112: "unrecognized_name",
    113: "bad_certificate_status_response",
    114: "bad_certificate_hash_value",
    115: "unknown_psk_identity",
    116: "certificate_required",
    120: "no_application_protocol",
};

/** A TLS alert. */
export interface TlsAlert {
    /** 1 warning, 2 fatal. */
    readonly level: number;
    /** The description code, e.g. 40. */
    readonly description: number;
    /** The RFC name, e.g. `handshake_failure`, or `unknown_<code>`. */
    readonly name: string;
}

/** `alert handshake_failure (40)`, with `warning` for warning-level alerts. */
export function describeAlert(alert: TlsAlert): string {
    return `${alert.level === 1 ? "warning " : ""}alert ${alert.name} (${alert.description})`;
}

/** A ServerHello (or HelloRetryRequest) as read. */
export interface ParsedServerHello {
    /** legacy_version / server_version. */
    readonly legacyVersion: number;
    /** The version chosen: supported_versions' selected_version when present, else `legacyVersion`. */
    readonly version: number;
    /** The server random. */
    readonly random: Buffer;
    /** The session id echoed or issued. */
    readonly sessionId: Buffer;
    /** The chosen cipher suite's code. */
    readonly cipherSuite: number;
    /** The chosen compression method. */
    readonly compressionMethod: number;
    /** Extensions in order; empty when the server sent none. */
    readonly extensions: readonly ParsedExtension[];
    /** True for a TLS 1.3 HelloRetryRequest (RFC 8446 section 4.1.3: the special random). */
    readonly helloRetryRequest: boolean;
    /** The group of the key_share extension (the server's share, or the one an HRR asks for). */
    readonly keyShareGroup?: number;
    /**
     * RFC 8446 section 4.1.3: a TLS 1.3 server that negotiates an older version marks its random;
     * `TLSv1.2` or `TLSv1.1-or-older` when it did.
     */
    readonly downgradeSentinel?: "TLSv1.2" | "TLSv1.1-or-older";
}

/** What the server sent in the clear, as far as it has arrived. */
export interface ServerFlight {
    /** The ServerHello, once complete. */
    readonly serverHello?: ParsedServerHello;
    /** The DER certificates of the Certificate message, leaf first (TLS 1.2 and older: 1.3 encrypts it). */
    readonly certificates?: readonly Buffer[];
    /** Handshake message types in the order read, e.g. [2, 11, 12, 14]. */
    readonly handshakeTypes: readonly number[];
    /** Whether ServerHelloDone arrived. */
    readonly serverHelloDone: boolean;
    /** The fatal alert (or close_notify) that ended the flight. */
    readonly alert?: TlsAlert;
    /** Warning alerts that did not end it (e.g. unrecognized_name from servers that carry on). */
    readonly warnings: readonly TlsAlert[];
    /**
     * Nothing more can be learnt in the clear: an alert, ServerHelloDone, a TLS 1.3 ServerHello or
     * HelloRetryRequest (what follows is encrypted), an abbreviated handshake, or an error.
     */
    readonly complete: boolean;
    /** Why the bytes are not a TLS server's answer, e.g. an SSLv2 server hello or an absurd length. */
    readonly error?: string;
}

const HRR_RANDOM = crypto.createHash("sha256").update("HelloRetryRequest").digest();
const DOWNGRADE_TLS12 = Buffer.from("444f574e47524401", "hex");
const DOWNGRADE_TLS11 = Buffer.from("444f574e47524400", "hex");

/**
 * Reads everything complete in `bytes` (all the server has sent so far; call again with more): records
 * are reassembled into handshake messages (a message may span records, a record may hold several),
 * stopping at the first alert, at ServerHelloDone, or at a TLS 1.3 ServerHello. Never throws; refuses
 * records and messages of absurd length and anything that is not a TLS server's answer.
 */
export function parseServerFlight(bytes: Buffer): ServerFlight {
    const handshakeTypes: number[] = [];
    const warnings: TlsAlert[] = [];
    let serverHello: ParsedServerHello | undefined;
    let certificates: Buffer[] | undefined;
    let serverHelloDone = false;
    const result = (extra: { complete: boolean; alert?: TlsAlert; error?: string }): ServerFlight => ({
        ...(serverHello ? { serverHello } : {}),
        ...(certificates ? { certificates } : {}),
        handshakeTypes,
        serverHelloDone,
        warnings,
        ...extra,
    });

    if (bytes.length > 0 && (bytes[0] & 0x80) !== 0 && bytes.length >= 3 && bytes[2] === 4) {
        return result({ complete: true, error: "unexpected SSLv2 server hello (the server answered in SSLv2, which no profile here speaks)" });
    }
    let pending = Buffer.alloc(0); // handshake bytes not yet forming a whole message
    let offset = 0;
    try {
        while (bytes.length >= offset + 5) {
            const type = bytes[offset];
            const version = bytes.readUInt16BE(offset + 1);
            const length = bytes.readUInt16BE(offset + 3);
            if (![RECORD_HANDSHAKE, RECORD_ALERT, RECORD_CHANGE_CIPHER_SPEC, RECORD_APPLICATION_DATA].includes(type)) {
                return result({ complete: true, error: `not a TLS record: ${describeFirstByte(type)} at byte ${offset}` });
            }
            if (version >> 8 !== 3) return result({ complete: true, error: `not a TLS record: version 0x${version.toString(16).padStart(4, "0")} at byte ${offset}` });
            if (length > MAX_RECORD) return result({ complete: true, error: `record of ${length} bytes (at most ${MAX_RECORD} allowed)` });
            if (bytes.length < offset + 5 + length) break;
            const fragment = bytes.subarray(offset + 5, offset + 5 + length);
            offset += 5 + length;

            if (type === RECORD_ALERT) {
                if (length !== 2) return result({ complete: true, error: `alert record of ${length} bytes (2 expected)` });
                const alert = { level: fragment[0], description: fragment[1], name: ALERT_NAMES[fragment[1]] ?? `unknown_${fragment[1]}` };
                if (alert.level === 1 && alert.description !== 0) {
                    warnings.push(alert);
                    continue;
                }
                return result({ complete: true, alert });
            }
            if (type === RECORD_CHANGE_CIPHER_SPEC || type === RECORD_APPLICATION_DATA) {
                // Before any ServerHello this is nonsense; after a 1.2 one it is an abbreviated handshake.
                if (!serverHello) return result({ complete: true, error: `${type === RECORD_APPLICATION_DATA ? "application data" : "ChangeCipherSpec"} before the ServerHello` });
                return result({ complete: true });
            }
            pending = Buffer.concat([pending, fragment]);
            while (pending.length >= 4) {
                const messageType = pending[0];
                const messageLength = pending.readUIntBE(1, 3);
                if (messageLength > MAX_HANDSHAKE_MESSAGE) {
                    return result({ complete: true, error: `handshake message type ${messageType} of ${messageLength} bytes (at most ${MAX_HANDSHAKE_MESSAGE} allowed)` });
                }
                if (pending.length < 4 + messageLength) break;
                const body = pending.subarray(4, 4 + messageLength);
                pending = pending.subarray(4 + messageLength);
                handshakeTypes.push(messageType);
                if (messageType === HS_SERVER_HELLO) {
                    if (serverHello) return result({ complete: true, error: "a second ServerHello" });
                    serverHello = parseServerHello(body);
                    if (serverHello.helloRetryRequest || serverHello.version >= 0x0304) return result({ complete: true });
                } else if (!serverHello) {
                    return result({ complete: true, error: `handshake message type ${messageType} before the ServerHello` });
                } else if (messageType === HS_CERTIFICATE) {
                    certificates = parseCertificateList(body);
                } else if (messageType === HS_SERVER_HELLO_DONE) {
                    serverHelloDone = true;
                    return result({ complete: true });
                }
            }
        }
    } catch (error) {
        if (error instanceof DecodeError) return result({ complete: true, error: `malformed handshake message: ${error.message}` });
        throw error;
    }
    return result({ complete: false });
}

function parseServerHello(body: Buffer): ParsedServerHello {
    const r = new Reader(body);
    const legacyVersion = r.u16();
    const random = r.bytes(32);
    const sessionId = r.vector8();
    if (sessionId.length > 32) throw new DecodeError(`ServerHello session id of ${sessionId.length} bytes`);
    const cipherSuite = r.u16();
    const compressionMethod = r.u8();
    const extensions = r.remaining > 0 ? parseExtensions(r.vector16()) : [];
    if (r.remaining !== 0) throw new DecodeError(`${r.remaining} bytes after the ServerHello extensions`);
    const supported = extensions.find((e) => e.type === EXT_SUPPORTED_VERSIONS);
    if (supported && supported.data.length !== 2) throw new DecodeError("ServerHello supported_versions is not one version");
    const keyShare = extensions.find((e) => e.type === EXT_KEY_SHARE);
    const tail = random.subarray(24);
    return {
        legacyVersion,
        version: supported ? supported.data.readUInt16BE(0) : legacyVersion,
        random,
        sessionId,
        cipherSuite,
        compressionMethod,
        extensions,
        helloRetryRequest: random.equals(HRR_RANDOM),
        ...(keyShare && keyShare.data.length >= 2 ? { keyShareGroup: keyShare.data.readUInt16BE(0) } : {}),
        ...(tail.equals(DOWNGRADE_TLS12) ? { downgradeSentinel: "TLSv1.2" as const } : tail.equals(DOWNGRADE_TLS11) ? { downgradeSentinel: "TLSv1.1-or-older" as const } : {}),
    };
}

function parseCertificateList(body: Buffer): Buffer[] {
    const r = new Reader(body);
    const list = new Reader(r.vector24());
    if (r.remaining !== 0) throw new DecodeError("bytes after the certificate list");
    const out: Buffer[] = [];
    while (list.remaining > 0) {
        const der = list.vector24();
        if (der.length === 0) throw new DecodeError("an empty certificate");
        out.push(Buffer.from(der));
    }
    return out;
}

/**
 * A live endpoint as one client sees it. The client's own ClientHello, rebuilt from its profile, is
 * sent over a raw TCP socket and the server's answer read in the clear, as SSL Labs does: Node's
 * OpenSSL cannot offer SSLv3, RC4 or 3DES, and a client must never be reported as refused because the
 * local TLS library cannot speak its protocol. No application data is ever sent; the socket is closed
 * as soon as the answer is read.
 *
 * TLS 1.3 encrypts the server's certificate, so for a 1.3 answer the chain comes from a second,
 * ordinary TLS 1.3 handshake by Node with the same SNI and the client's TLS 1.3 suites.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { cipherCodeHex, cipherSuiteByCode, isSignallingSuite } from "../../components/tls-clients/cipher-suites";
import type { ClientProfile } from "../../components/tls-clients/client-profile";
import { Protocol, compareProtocol, protocolOfWireVersion } from "../../components/tls-clients/protocols";
import { DEFAULT_TIMEOUT_MS, describeError, withDeadline } from "./checks";
import {
    BuiltClientHello,
    ClientHelloError,
    KEY_SHARE_GROUPS,
    ServerFlight,
    TlsAlert,
    buildClientHello,
    describeAlert,
    groupHex,
    parseServerFlight,
} from "./client-hello";

/** Where to probe. */
export interface ClientTarget {
    /**
     * The host name: sent as SNI (when the client sends SNI) and checked against the certificate. An IP
     * address (bare, no brackets) means no SNI, as real clients send none for one.
     */
    readonly host: string;
    /** Connect here instead of resolving `host` (curl's `--resolve HOST:PORT:ADDRESS`). */
    readonly address?: string;
    /** TCP port. */
    readonly port: number;
}

/** Settings of one probe. */
export interface ClientProbeOptions {
    /** Hard limit of the whole probe, both handshakes of a TLS 1.3 answer included. @default 5000 */
    readonly timeoutMs?: number;
}

/**
 * - `connected`: the server answered with a ServerHello choosing a version and a suite the client offered;
 * - `failed`: the server's answer ends the client's attempt (an alert, a dropped connection, or a
 *   choice the client did not offer);
 * - `error`: nothing can be said about this client (no TCP connection, timeout, not a TLS answer, a
 *   profile whose hello cannot be rebuilt).
 */
export type ClientProbeOutcome = "connected" | "failed" | "error";

/** What one client saw. */
export interface ClientProbeResult {
    /** The profile's id, e.g. `ie8-xp`. */
    readonly id: string;
    /** The profile's name, e.g. `IE 8 XP`. */
    readonly name: string;
    /** Whether the client would get a session (`outcome === "connected"`). */
    readonly connected: boolean;
    /** See {@link ClientProbeOutcome}. */
    readonly outcome: ClientProbeOutcome;
    /** The negotiated protocol. */
    readonly protocol?: Protocol;
    /** The negotiated suite: its OpenSSL name, or its hex code when this package does not know it. */
    readonly cipher?: string;
    /** The served chain, DER, leaf first (absent when it could not be read). */
    readonly chain?: readonly Buffer[];
    /** Why not connected, e.g. `server sent alert handshake_failure (40)`. */
    readonly reason?: string;
    /** The alert the server sent, if any. */
    readonly alert?: TlsAlert;
    /** Whether the replayed hello carried server_name. */
    readonly serverNameSent: boolean;
    /** How the client was simulated and where the chain came from. */
    readonly method: string;
    /** Anything else worth knowing (no SNI for an IP address, a HelloRetryRequest, a missing chain). */
    readonly notes: readonly string[];
}

/** `method` of every probe: how the client was simulated. */
export const REPLAY_METHOD = "ClientHello replay (the client's own hello rebuilt from its profile, as SSL Labs does)";
/** `method` when the chain came from the replay's Certificate message (TLS 1.2 and older). */
export const REPLAY_CHAIN_METHOD = `${REPLAY_METHOD}; chain from the Certificate message`;
/** `method` when the chain came from a second handshake (TLS 1.3 encrypts the Certificate message). */
export const TLS13_CHAIN_METHOD =
    `${REPLAY_METHOD}; TLS 1.3 encrypts the Certificate message, so the chain comes from a second, ordinary ` +
    "TLS 1.3 handshake by Node with the same SNI and the client's TLS 1.3 suites";

// A server flight is a few KiB; anything beyond this is not an answer to a hello.
const MAX_ANSWER_BYTES = 1 << 19;

const ALERT_HINTS: Readonly<Record<string, string>> = {
    handshake_failure: "no cipher suite, curve or signature algorithm in common",
    protocol_version: "no protocol version in common",
    insufficient_security: "the server wants stronger ciphers than the client offers",
    unrecognized_name: "the server has no certificate for this name",
};

/** Probes `target` as `profile`'s client; never throws for network or server behaviour. */
export async function probeAsClient(profile: ClientProfile, target: ClientTarget, options: ClientProbeOptions = {}): Promise<ClientProbeResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    const base = { id: profile.id, name: profile.name };

    let hello: BuiltClientHello;
    try {
        hello = buildClientHello(profile, { serverName: target.host });
    } catch (error) {
        if (!(error instanceof ClientHelloError)) throw error;
        return { ...base, connected: false, outcome: "error", reason: `the hello cannot be rebuilt: ${error.message}`, serverNameSent: false, method: REPLAY_METHOD, notes: [] };
    }
    const notes = [...hello.notes];
    const fail = (outcome: "failed" | "error", reason: string, alert?: TlsAlert): ClientProbeResult => ({
        ...base,
        connected: false,
        outcome,
        reason,
        ...(alert ? { alert } : {}),
        serverNameSent: hello.serverNameSent,
        method: REPLAY_METHOD,
        notes,
    });

    const answer = await replay(hello.bytes, target, timeoutMs);
    const flight = answer.flight;
    if (answer.kind === "no-connection") return fail("error", answer.reason);
    if (flight.error) return fail("error", `the answer is not a TLS server's: ${flight.error}`);
    if (flight.alert) {
        // SSLv3 has no protocol_version alert: a server refusing an SSLv3-only client says handshake_failure.
        const sslv3Only = profile.protocols.every((p) => p === "SSLv3");
        const hint = sslv3Only && flight.alert.name === "handshake_failure" ? "SSLv3 has no protocol_version alert: SSLv3 refused, or no cipher in common" : ALERT_HINTS[flight.alert.name];
        return fail("failed", `server sent ${describeAlert(flight.alert)}${hint ? ` (${hint}?)` : ""}`, flight.alert);
    }
    for (const w of flight.warnings) notes.push(`server sent ${describeAlert(w)} and carried on`);
    if (!flight.serverHello) {
        if (answer.kind === "timeout") {
            return fail("error", `timed out after ${timeoutMs} ms (${answer.bytes === 0 ? "connected, no answer" : `${answer.bytes} bytes of an incomplete answer`})`);
        }
        if (answer.bytes === 0) {
            const how = answer.reset ? "connection reset" : "connection closed";
            const why = hello.serverNameSent ? "the server dropped the handshake" : "the server dropped the handshake: sni-only without SNI?";
            return fail("failed", `${how} without an answer (${why})`);
        }
        return fail("failed", `connection closed after ${answer.bytes} bytes of an incomplete answer`);
    }

    const sh = flight.serverHello;
    const protocol = protocolOfWireVersion(sh.version);
    const suite = cipherSuiteByCode(sh.cipherSuite);
    const cipher = suite?.name ?? cipherCodeHex(sh.cipherSuite);
    if (protocol === undefined) return fail("failed", `server chose version 0x${sh.version.toString(16).padStart(4, "0")}, which the client does not know`);
    if (!profile.protocols.includes(protocol)) return fail("failed", `server chose ${protocol}, which the client does not offer (it offers ${profile.protocols.join(", ")})`);
    if (!profile.cipherSuites.includes(sh.cipherSuite) || isSignallingSuite(sh.cipherSuite)) {
        return fail("failed", `server chose cipher suite ${cipher} (${cipherCodeHex(sh.cipherSuite)}), which the client did not offer`);
    }
    if (suite && (compareProtocol(protocol, suite.minProtocol) < 0 || compareProtocol(protocol, suite.maxProtocol) > 0)) {
        return fail("failed", `server chose ${cipher} with ${protocol}, which that suite does not allow`);
    }
    if (protocol !== "TLSv1.3" && !profile.hello.compressionMethods.includes(sh.compressionMethod) && !(profile.hello.format === "ssl2" && sh.compressionMethod === 0)) {
        return fail("failed", `server chose compression method ${sh.compressionMethod}, which the client did not offer`);
    }
    if (sh.downgradeSentinel && profile.protocols.includes("TLSv1.3")) {
        return fail("failed", `server chose ${protocol} with the TLS 1.3 downgrade marker in its random (RFC 8446 4.1.3): a TLS 1.3 client aborts`);
    }
    if (sh.helloRetryRequest) {
        const group = sh.keyShareGroup;
        const offered = supportedGroups(profile);
        if (group === undefined || !offered.includes(group)) {
            return fail("failed", `server asked (HelloRetryRequest) for group ${group === undefined ? "none" : groupName(group)}, which the client does not offer`);
        }
        notes.push(`server sent a HelloRetryRequest for ${groupName(group)}: the client retries with a key share for it`);
    }
    const connected = { ...base, connected: true, outcome: "connected" as const, protocol, cipher, serverNameSent: hello.serverNameSent };

    if (protocol !== "TLSv1.3") {
        if (answer.kind === "timeout") notes.push(`the rest of the server's flight did not arrive within ${timeoutMs} ms`);
        else if (!flight.certificates) notes.push("the server sent no Certificate message before ServerHelloDone");
        return { ...connected, ...(flight.certificates ? { chain: flight.certificates } : {}), method: REPLAY_CHAIN_METHOD, notes };
    }
    const second = await tls13Chain(profile, target, hello.serverNameSent ? target.host : undefined, Math.max(1, deadline - Date.now()));
    if (second.chain === undefined) notes.push(`no chain: the second TLS 1.3 handshake failed (${second.reason})`);
    else if (second.cipher !== undefined && second.cipher !== cipher) notes.push(`the second handshake negotiated ${second.cipher}, the replay ${cipher}`);
    if (second.note) notes.push(second.note);
    return { ...connected, ...(second.chain ? { chain: second.chain } : {}), method: TLS13_CHAIN_METHOD, notes };
}

type Replay =
    | { readonly kind: "answer"; readonly flight: ServerFlight; readonly bytes: number; readonly reset: boolean }
    | { readonly kind: "timeout"; readonly flight: ServerFlight; readonly bytes: number }
    | { readonly kind: "no-connection"; readonly flight: ServerFlight; readonly reason: string };

// Sends the hello, reads until the flight is complete or the server hangs up.
function replay(bytes: Buffer, target: ClientTarget, timeoutMs: number): Promise<Replay> {
    let received = Buffer.alloc(0);
    let tcpConnected = false;
    return withDeadline<Replay>(
        timeoutMs,
        {
            onTimeout: () =>
                tcpConnected
                    ? { kind: "timeout", flight: parseServerFlight(received), bytes: received.length }
                    : { kind: "no-connection", flight: parseServerFlight(received), reason: `timed out after ${timeoutMs} ms (no TCP connection)` },
            onError: (error) => ({ kind: "no-connection", flight: parseServerFlight(received), reason: describeError(error) }),
        },
        (settle, setCleanup) => {
            const socket = net.connect({ host: target.address ?? target.host, port: target.port });
            setCleanup(() => socket.destroy());
            const ended = (reset: boolean): void => settle({ kind: "answer", flight: parseServerFlight(received), bytes: received.length, reset });
            socket.once("connect", () => {
                tcpConnected = true;
                socket.write(bytes);
            });
            socket.on("data", (chunk: Buffer) => {
                received = Buffer.concat([received, chunk]);
                const flight = parseServerFlight(received);
                if (flight.complete) settle({ kind: "answer", flight, bytes: received.length, reset: false });
                else if (received.length > MAX_ANSWER_BYTES) {
                    settle({ kind: "answer", flight: { ...flight, complete: true, error: `more than ${MAX_ANSWER_BYTES} bytes without a complete answer` }, bytes: received.length, reset: false });
                }
            });
            socket.once("end", () => ended(false));
            socket.once("close", () => ended(false));
            socket.once("error", (error: NodeJS.ErrnoException) => {
                if (!tcpConnected) settle({ kind: "no-connection", flight: parseServerFlight(received), reason: describeError(error) });
                else ended(error.code === "ECONNRESET" || error.code === "EPIPE");
            });
        },
    );
}

/** What the second handshake of a TLS 1.3 answer read. */
interface SecondHandshake {
    readonly chain?: Buffer[];
    readonly cipher?: string;
    readonly reason?: string;
    readonly note?: string;
}

// How long to wait for the server to close after close_notify before closing anyway.
const CLOSE_GRACE_MS = 250;

// The chain of a TLS 1.3 server, which only a completed handshake reveals.
function tls13Chain(profile: ClientProfile, target: ClientTarget, serverName: string | undefined, timeoutMs: number): Promise<SecondHandshake> {
    const suites = profile.cipherSuites.map(cipherSuiteByCode).filter((s) => s?.keyExchange === "TLS13").map((s) => s!.name);
    const note = suites.length === 0 ? "the profile lists no TLS 1.3 suite Node knows: the second handshake used Node's defaults" : undefined;
    let read: SecondHandshake | undefined;
    return withDeadline<SecondHandshake>(
        timeoutMs,
        {
            // A server slow to close after the handshake still leaves the chain already read.
            onTimeout: () => read ?? { reason: `timed out after ${timeoutMs} ms`, note },
            onError: (error) => ({ reason: describeError(error), note }),
        },
        (settle, setCleanup) => {
            // Connect the TCP socket ourselves: tls.connect would otherwise send the host name as SNI
            // even for a client that sends none.
            const raw = net.connect({ host: target.address ?? target.host, port: target.port });
            const socket = tls.connect({
                socket: raw,
                ...(serverName !== undefined ? { servername: serverName } : {}),
                minVersion: "TLSv1.3",
                maxVersion: "TLSv1.3",
                // Node takes TLS 1.3 suites (`TLS_…` names) from `ciphers`; it has no `ciphersuites` option.
                ...(suites.length > 0 ? { ciphers: suites.join(":") } : {}),
                // An empty store: the chain read is exactly what the server sent (Node would otherwise
                // append a root it holds), and trust is judged separately by checkChain.
                ca: [],
                rejectUnauthorized: false,
            });
            setCleanup(() => {
                socket.destroy();
                raw.destroy();
            });
            raw.once("error", (error) => settle(read ?? { reason: describeError(error), note }));
            socket.once("error", (error) => settle(read ?? { reason: describeError(error), note }));
            socket.once("secureConnect", () => {
                read = { chain: servedChain(socket), cipher: socket.getCipher()?.name, note };
                // Close as a client would: let the Finished go out, send close_notify, and drain the
                // server's session tickets until it closes too. Destroying at once would cut the
                // handshake short on the server's side.
                socket.resume();
                socket.end();
                socket.once("close", () => settle(read!));
                setTimeout(() => settle(read!), CLOSE_GRACE_MS).unref();
            });
        },
    );
}

function servedChain(socket: tls.TLSSocket): Buffer[] {
    const chain: Buffer[] = [];
    const seen = new Set<string>();
    let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
    while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(Buffer.from(cert.raw));
        cert = cert.issuerCertificate;
    }
    return chain;
}

function supportedGroups(profile: ClientProfile): number[] {
    const ext = profile.hello.extensions.find((e) => e.type === 10);
    if (!ext?.data) return [];
    const data = Buffer.from(ext.data, "hex");
    const groups: number[] = [];
    for (let i = 2; i + 1 < data.length; i += 2) groups.push(data.readUInt16BE(i));
    return groups;
}

function groupName(group: number): string {
    return `${KEY_SHARE_GROUPS[group] ?? "group"} (${groupHex(group)})`;
}

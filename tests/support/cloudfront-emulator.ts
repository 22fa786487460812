/**
 * A loopback stand-in for a CloudFront distribution's TLS side, for tests (and, later, a script):
 * one viewer security policy's protocols and ciphers in CloudFront's preference order, the elliptic
 * curves CloudFront offers, and its two ways of serving a custom certificate:
 * - `sni-only`: a front reads the ClientHello and drops the connection (no alert, no answer) when it
 *   carries no server_name or another one, as CloudFront does for clients without SNI;
 * - `vip`: a dedicated IP, so every handshake is served.
 *
 * What the local OpenSSL cannot do (SSLv3, RC4, 3DES: Node 20's OpenSSL 3.0 has none of them) is not
 * faked: the emulator refuses to start for a policy it cannot fully honour unless told
 * `allowMissingCiphers`, and reports what it left out.
 *
 * Where OpenSSL, not CloudFront, decides (known differences):
 * - a hello without supported_groups (every SSLv2-format hello) never gets ECDHE from OpenSSL 3.0,
 *   though RFC 8422 section 4 lets a server pick a curve anyway (no catalogue client offers ECDHE
 *   without supported_groups);
 * - an SSLv3 hello is refused with handshake_failure, SSLv3 having no protocol_version alert (IE 6 XP
 *   sees that alert here; refused either way).
 *
 * @see ../../components/tls-clients/viewer-policies.ts (the policies)
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-https-dedicated-ip-or-sni.html
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { Protocol } from "../../components/tls-clients/protocols";
import { CertificateKeyType, VIEWER_CURVES, VIEWER_POLICIES, ViewerPolicyName } from "../../components/tls-clients/viewer-policies";
import { parseClientHello } from "../../tools/verify/client-hello";

/** How the distribution serves its custom certificate (`ViewerCertificate.SSLSupportMethod`). */
export type SslSupportMethod = "sni-only" | "vip";

/** What to emulate. */
export interface CloudFrontEmulatorOptions {
    /** The viewer security policy (`minimumProtocolVersion`). */
    readonly policy: ViewerPolicyName;
    /** `sni-only` drops hellos without the right server_name; `vip` serves every handshake. */
    readonly sslSupportMethod: SslSupportMethod;
    /** The certificate's key type: it picks the policy's cipher rows. Must match `privateKeyPem`. */
    readonly keyType: CertificateKeyType;
    /** The distribution's alternate domain name: the server_name `sni-only` requires. */
    readonly serverName: string;
    /** The served chain, PEM, leaf first. */
    readonly certificateChainPem: string;
    /** The leaf's private key, PEM. */
    readonly privateKeyPem: string;
    /**
     * Start even when the local OpenSSL cannot offer everything the policy lists (SSLv3, RC4, 3DES);
     * what is left out is reported in {@link CloudFrontEmulator.missing}. @default false
     */
    readonly allowMissingCiphers?: boolean;
    /** Where to listen. @default "127.0.0.1" */
    readonly host?: string;
    /** How long the `sni-only` front waits for a whole ClientHello before dropping. @default 5000 */
    readonly helloTimeoutMs?: number;
}

/** Something the emulator saw, in order. */
export type EmulatorEvent =
    /** The `sni-only` front closed the connection without an answer. */
    | { readonly kind: "dropped"; readonly reason: string; readonly serverName?: string }
    /** A handshake completed. */
    | { readonly kind: "handshake"; readonly serverName?: string; readonly protocol: string; readonly cipher: string }
    /** OpenSSL ended a handshake (or the client hung up mid-way: `ECONNRESET`, as a replayed hello does). */
    | { readonly kind: "handshake-failed"; readonly code?: string; readonly message: string }
    /** A client sent application data (a request) after a handshake; the emulator answers 200 and closes. */
    | { readonly kind: "application-data"; readonly bytes: number };

/** A running emulator. */
export interface CloudFrontEmulator {
    /** The TCP port. */
    readonly port: number;
    /** The address it listens on. */
    readonly address: string;
    /** The Node TLS settings the policy became. */
    readonly settings: {
        readonly minVersion: tls.SecureVersion;
        readonly maxVersion: tls.SecureVersion;
        /**
         * Node's `ciphers`: the TLS 1.3 suites (`TLS_…`, which Node hands to SSL_CTX_set_ciphersuites;
         * Node has no separate `ciphersuites` option) then the older ciphers, each in CloudFront's order.
         */
        readonly ciphers: string;
        readonly ecdhCurve: string;
    };
    /** What the policy lists and the local OpenSSL cannot offer (empty unless `allowMissingCiphers`). */
    readonly missing: { readonly protocols: readonly Protocol[]; readonly ciphers: readonly string[] };
    /** What happened so far. */
    readonly events: readonly EmulatorEvent[];
    /** Stops listening and destroys every open connection. */
    close(): Promise<void>;
}

/** The emulator cannot be set up as asked. */
export class EmulatorSetupError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "EmulatorSetupError";
    }
}

const NODE_VERSIONS: readonly Protocol[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

/** Whether the local OpenSSL can offer this TLS 1.2-and-older cipher (SECLEVEL 0, as the emulator runs). */
export function localCipherAvailable(name: string): boolean {
    try {
        tls.createSecureContext({ ciphers: `${name}:@SECLEVEL=0` });
        return true;
    } catch {
        return false;
    }
}

/**
 * The Node TLS settings for a policy and key type, with what the local OpenSSL cannot honour. Pure
 * apart from asking OpenSSL which ciphers it knows.
 */
export function emulatorSettings(policyName: ViewerPolicyName, keyType: CertificateKeyType): {
    settings: CloudFrontEmulator["settings"];
    missing: CloudFrontEmulator["missing"];
} {
    const policy = VIEWER_POLICIES[policyName];
    const protocols = policy.protocols.filter((p) => NODE_VERSIONS.includes(p));
    const missingProtocols = policy.protocols.filter((p) => !NODE_VERSIONS.includes(p));
    const listed = policy.ciphers[keyType];
    const ciphers = listed.filter(localCipherAvailable);
    const missingCiphers = listed.filter((c) => !ciphers.includes(c));
    return {
        settings: {
            minVersion: protocols[0] as tls.SecureVersion,
            maxVersion: protocols[protocols.length - 1] as tls.SecureVersion,
            // SECLEVEL 0: OpenSSL 3 refuses TLS 1.0/1.1 (SHA-1 signatures) at any higher level. A
            // TLS 1.3-only policy has no older cipher, and then no level to set either.
            ciphers: [...policy.tls13Ciphers, ...ciphers, ...(ciphers.length > 0 ? ["@SECLEVEL=0"] : [])].join(":"),
            ecdhCurve: VIEWER_CURVES.join(":"),
        },
        missing: { protocols: missingProtocols, ciphers: missingCiphers },
    };
}

/** Starts an emulator; resolves once it listens. Throws {@link EmulatorSetupError} for a policy it cannot honour. */
export async function startCloudFrontEmulator(options: CloudFrontEmulatorOptions): Promise<CloudFrontEmulator> {
    const { settings, missing } = emulatorSettings(options.policy, options.keyType);
    if ((missing.protocols.length > 0 || missing.ciphers.length > 0) && !options.allowMissingCiphers) {
        const what = [...missing.protocols, ...missing.ciphers].join(", ");
        throw new EmulatorSetupError(
            `policy ${options.policy} (${options.keyType}): the local OpenSSL ${process.versions.openssl} cannot offer ${what}; ` +
                "pass allowMissingCiphers: true to emulate the rest of the policy",
        );
    }
    const events: EmulatorEvent[] = [];
    const sockets = new Set<net.Socket>();
    const expectedName = options.serverName.toLowerCase().replace(/\.$/, "");

    const tlsServer = tls.createServer({
        key: options.privateKeyPem,
        cert: options.certificateChainPem,
        minVersion: settings.minVersion,
        maxVersion: settings.maxVersion,
        ciphers: settings.ciphers,
        ecdhCurve: settings.ecdhCurve,
        // CloudFront "chooses a cipher in the listed order from among the ciphers that the viewer supports".
        honorCipherOrder: true,
    });
    tlsServer.on("secureConnection", (socket: tls.TLSSocket) => {
        const servername = (socket as tls.TLSSocket & { servername?: string | false }).servername;
        events.push({
            kind: "handshake",
            ...(typeof servername === "string" ? { serverName: servername } : {}),
            protocol: socket.getProtocol() ?? "unknown",
            cipher: socket.getCipher()?.name ?? "unknown",
        });
        socket.once("data", (chunk: Buffer) => {
            events.push({ kind: "application-data", bytes: chunk.length });
            const body = `served by the CloudFront emulator: policy ${options.policy}, ${options.sslSupportMethod}, ${socket.getProtocol()} ${socket.getCipher()?.name}\n`;
            socket.end(`HTTP/1.1 200 OK\r\nServer: CloudFront-emulator\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        });
        socket.on("error", () => undefined);
    });
    tlsServer.on("tlsClientError", (error: NodeJS.ErrnoException) => {
        events.push({ kind: "handshake-failed", ...(error.code ? { code: error.code } : {}), message: error.message.split("\n")[0] });
    });

    const handOver = (socket: net.Socket, buffered?: Buffer): void => {
        if (buffered) socket.unshift(buffered);
        // The documented way to give a server a connection it did not accept itself.
        tlsServer.emit("connection", socket);
    };
    const front = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => undefined);
        if (options.sslSupportMethod === "vip") {
            handOver(socket);
            return;
        }
        let buffered = Buffer.alloc(0);
        const drop = (reason: string, serverName?: string): void => {
            events.push({ kind: "dropped", reason, ...(serverName !== undefined ? { serverName } : {}) });
            socket.destroy();
        };
        const timer = setTimeout(() => drop("no complete ClientHello in time"), options.helloTimeoutMs ?? 5000);
        const onData = (chunk: Buffer): void => {
            buffered = Buffer.concat([buffered, chunk]);
            const parsed = parseClientHello(buffered);
            if (parsed.status === "incomplete") return;
            clearTimeout(timer);
            socket.off("data", onData);
            socket.pause();
            if (parsed.status === "invalid") return drop(parsed.error);
            const name = parsed.hello.serverName;
            if (name === undefined) return drop(parsed.hello.format === "ssl2" ? "SSLv2-format hello: no server_name" : "no server_name");
            if (name.toLowerCase() !== expectedName) return drop(`server_name ${name} is not ${options.serverName}`, name);
            handOver(socket, buffered);
        };
        socket.on("data", onData);
        socket.on("close", () => clearTimeout(timer));
    });

    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        front.once("error", reject);
        front.listen(0, host, () => {
            front.off("error", reject);
            resolve();
        });
    });
    const address = front.address() as net.AddressInfo;
    return {
        port: address.port,
        address: address.address,
        settings,
        missing,
        events,
        close: async () => {
            for (const socket of sockets) socket.destroy();
            await new Promise<void>((resolve) => front.close(() => resolve()));
        },
    };
}

/**
 * The vocabulary of `npm run verify`: check groups, probed TLS versions and the result of one check.
 * Kept apart from the probes so the renderer, the CLI and the tests share one definition.
 */
import { PROTOCOLS } from "../../components/cloudfront-facts";

/**
 * Groups of checks, in the order they run.
 * - `tls`: one real handshake per TLS version.
 * - `http`: plain HTTP answers 301 with a `Location` on HTTPS.
 * - `auth`: without a token the protected path answers 401 with `WWW-Authenticate`; with one, 200.
 * - `bucket`: an anonymous request straight to the bucket is refused (403).
 * - `clients`: a handshake as each chosen client would make it (see `client-probe.ts`).
 */
export const CHECK_GROUPS = ["tls", "http", "auth", "bucket", "clients"] as const;
/** One group of checks. */
export type CheckGroup = (typeof CHECK_GROUPS)[number];

/**
 * The protocol versions the probe tries, oldest first, named as CloudFront's logs and Node write them.
 * SSLv3 is left out: Node's OpenSSL is built without it, so it cannot be probed from here.
 */
export const TLS_VERSIONS = PROTOCOLS.filter((p): p is Exclude<(typeof PROTOCOLS)[number], "SSLv3"> => p !== "SSLv3");
/** A TLS version the probe can try. */
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * Cipher string of the probe (and only of the probe). OpenSSL 3 refuses TLS 1.0/1.1 at security
 * level 1 and above (their handshake signs with SHA-1), so without level 0 the probe would report a
 * legacy front as "refused" although the server accepts the protocol.
 * @see https://docs.openssl.org/3.0/man3/SSL_CTX_set_security_level/
 */
export const PROBE_CIPHERS = "DEFAULT@SECLEVEL=0";

/** Default time limit of one check, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** The outcome of one check against one target. */
export interface CheckResult {
    /** The group the check belongs to. */
    readonly group: CheckGroup;
    /** Short name, e.g. `TLSv1.1 handshake` or `anonymous request`. */
    readonly check: string;
    /** The URL (or host:port) the check talked to. */
    readonly target: string;
    /** What had to happen, e.g. `refused` or `401 with WWW-Authenticate`. */
    readonly expectation: string;
    /** What happened, e.g. `accepted TLSv1 ECDHE-RSA-AES256-SHA` or `error ECONNREFUSED`. */
    readonly observed: string;
    /** Whether `observed` meets `expectation`. */
    readonly pass: boolean;
    /** Machine-readable facts behind `observed` (negotiated protocol, status code, …) for `--json`. */
    readonly details?: Readonly<Record<string, unknown>>;
}

/** How the HTTPS side of every check treats certificates. */
export interface TrustOptions {
    /** Extra CA certificates (PEM) trusted in addition to Node's bundled roots (`--ca`). */
    readonly ca?: string;
    /** Skip certificate validation entirely (`--insecure`). @default false */
    readonly insecure?: boolean;
}

/** Reason text of a network error for a table cell: its code when it has one, else its message. */
export function describeError(error: unknown): string {
    const e = error as NodeJS.ErrnoException;
    if (e && typeof e.code === "string") return `error ${e.code}`;
    const message = e instanceof Error ? e.message : String(error);
    return `error: ${message.split("\n")[0]}`;
}

/**
 * Runs `start` with a hard time limit, so timeouts are results, never exceptions. `start` gets
 * `settle(result)` and `setCleanup(fn)` (to destroy its socket when the limit passes or it settles);
 * when the limit passes first the promise settles with `onTimeout()`, and a synchronous throw of
 * `start` settles it with `onError(error)`.
 */
export function withDeadline<T>(
    timeoutMs: number,
    handlers: { onTimeout: () => T; onError: (error: unknown) => T },
    start: (settle: (result: T) => void, setCleanup: (cleanup: () => void) => void) => void,
): Promise<T> {
    return new Promise<T>((resolve) => {
        let done = false;
        let cleanup: () => void = () => undefined;
        const settle = (result: T): void => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            cleanup();
            resolve(result);
        };
        const timer = setTimeout(() => settle(handlers.onTimeout()), timeoutMs);
        try {
            start(settle, (c) => (cleanup = c));
        } catch (error) {
            settle(handlers.onError(error));
        }
    });
}

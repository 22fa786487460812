/**
 * One real TLS handshake per protocol version, and the checks `--expect-min-tls` derives from them.
 *
 * Each probe pins the version (`minVersion` = `maxVersion`), sends SNI for host names, and lowers
 * OpenSSL's security level for its own connection only ({@link PROBE_CIPHERS}). The certificate is
 * still validated — against Node's roots plus `--ca` — and an untrusted certificate fails the check
 * unless `--insecure` was given. The probe sends no application data, so it never hands anything to
 * a server it has not validated.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import {
    CheckResult,
    PROBE_CIPHERS,
    TLS_VERSIONS,
    TlsVersion,
    TrustOptions,
    describeError,
    withDeadline,
} from "./checks";

/** Where to probe. */
export interface TlsTarget {
    /** Host name or IP address. */
    readonly host: string;
    /** TCP port. @default 443 */
    readonly port: number;
    /** Connect here instead of resolving `host` (`--resolve`); `host` still names the server. */
    readonly address?: string;
}

/** What one handshake showed. */
export type TlsProbeResult =
    /** The server completed the handshake at this version. */
    | {
          readonly version: TlsVersion;
          readonly outcome: "accepted";
          /** The protocol Node reports after the handshake, e.g. `TLSv1.1`. */
          readonly protocol: string;
          /** OpenSSL name of the negotiated cipher, e.g. `ECDHE-RSA-AES128-SHA`. */
          readonly cipher: string;
          /** Whether the chain and host name validated (always checked, even with `--insecure`). */
          readonly certificateTrusted: boolean;
          /** Why the certificate did not validate. */
          readonly certificateError?: string;
      }
    /** TCP connected, then the TLS handshake failed: the server does not speak this version. */
    | { readonly version: TlsVersion; readonly outcome: "refused"; readonly reason: string }
    /** No answer at all (DNS, TCP, timeout, local TLS setup): nothing can be said about the version. */
    | { readonly version: TlsVersion; readonly outcome: "error"; readonly reason: string };

// OpenSSL errors raised by the client itself before the server had a say: the probe could not offer
// the version, so "refused" would be a lie about the server.
const LOCAL_TLS_ERRORS = new Set(["ERR_SSL_NO_PROTOCOLS_AVAILABLE", "ERR_SSL_NO_CIPHERS_AVAILABLE", "ERR_TLS_INVALID_PROTOCOL_VERSION"]);

/** Handshakes once at exactly `version`; never throws. */
export function probeTlsVersion(
    target: TlsTarget,
    version: TlsVersion,
    trust: TrustOptions,
    timeoutMs: number,
): Promise<TlsProbeResult> {
    return withDeadline<TlsProbeResult>(
        timeoutMs,
        {
            onTimeout: () => ({ version, outcome: "error", reason: `timed out after ${timeoutMs} ms` }),
            onError: (error) => ({ version, outcome: "error", reason: describeError(error) }),
        },
        (settle, setCleanup) => {
            let tcpConnected = false;
            const socket = tls.connect({
                host: target.address ?? target.host,
                port: target.port,
                // SNI must be a host name (RFC 6066 section 3); CloudFront picks the certificate by it.
                servername: net.isIP(target.host) === 0 ? target.host : undefined,
                minVersion: version,
                maxVersion: version,
                ciphers: PROBE_CIPHERS,
                ca: trust.ca ? [...tls.rootCertificates, trust.ca] : undefined,
                // Validation is done below, after the handshake, so that a refused version and an
                // untrusted certificate are told apart; a failed validation fails the check.
                rejectUnauthorized: false,
            });
            setCleanup(() => socket.destroy());
            socket.once("connect", () => (tcpConnected = true));
            socket.once("secureConnect", () => {
                const identityError =
                    socket.authorized ? tls.checkServerIdentity(target.host, socket.getPeerCertificate()) : undefined;
                const certificateError = socket.authorized
                    ? identityError?.message
                    : String(socket.authorizationError ?? "certificate not verified");
                settle({
                    version,
                    outcome: "accepted",
                    protocol: socket.getProtocol() ?? "unknown",
                    cipher: socket.getCipher()?.name ?? "unknown",
                    certificateTrusted: certificateError === undefined,
                    ...(certificateError !== undefined ? { certificateError } : {}),
                });
            });
            socket.once("error", (error: NodeJS.ErrnoException) => {
                const local = LOCAL_TLS_ERRORS.has(String(error.code));
                settle({
                    version,
                    outcome: tcpConnected && !local ? "refused" : "error",
                    reason: describeError(error),
                });
            });
        },
    );
}

/** Probes every version in {@link TLS_VERSIONS}, one after the other (parallel probes would look like a flood). */
export async function probeAllVersions(target: TlsTarget, trust: TrustOptions, timeoutMs: number): Promise<TlsProbeResult[]> {
    const results: TlsProbeResult[] = [];
    for (const version of TLS_VERSIONS) results.push(await probeTlsVersion(target, version, trust, timeoutMs));
    return results;
}

/**
 * Turns probe results into checks. With `expectMin`, every version at or above it must be accepted
 * (with a trusted certificate unless `insecure`) and every version below it refused. Without it the
 * rows only report, and one more check requires that some version was accepted.
 */
export function tlsChecks(
    targetLabel: string,
    results: readonly TlsProbeResult[],
    expectMin: TlsVersion | undefined,
    insecure: boolean,
): CheckResult[] {
    const checks = results.map((r): CheckResult => {
        const expected: "accepted" | "refused" | undefined =
            expectMin === undefined ? undefined : TLS_VERSIONS.indexOf(r.version) >= TLS_VERSIONS.indexOf(expectMin) ? "accepted" : "refused";
        const observed = describeProbe(r, insecure);
        const certificateOk = r.outcome !== "accepted" || r.certificateTrusted || insecure;
        const pass = r.outcome !== "error" && certificateOk && (expected === undefined || r.outcome === expected);
        return {
            group: "tls",
            check: `${r.version} handshake`,
            target: targetLabel,
            expectation: expected === undefined ? "report only" : expected === "accepted" ? "accepted, trusted certificate" : "refused",
            observed,
            pass,
            details: { ...r },
        };
    });
    if (expectMin === undefined) {
        const accepted = results.filter((r) => r.outcome === "accepted").map((r) => r.version);
        checks.push({
            group: "tls",
            check: "any version",
            target: targetLabel,
            expectation: "at least one version accepted",
            observed: accepted.length > 0 ? `accepted: ${accepted.join(", ")}` : "none accepted",
            pass: accepted.length > 0,
        });
    }
    return checks;
}

function describeProbe(r: TlsProbeResult, insecure: boolean): string {
    switch (r.outcome) {
        case "accepted": {
            const cert = r.certificateTrusted
                ? "certificate trusted"
                : insecure
                  ? `certificate NOT verified (--insecure): ${r.certificateError}`
                  : `certificate NOT trusted: ${r.certificateError}`;
            return `accepted ${r.protocol} ${r.cipher}, ${cert}`;
        }
        case "refused":
            return `refused (${r.reason})`;
        case "error":
            return `no answer (${r.reason})`;
    }
}

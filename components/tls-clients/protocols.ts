/**
 * TLS protocol versions as CloudFront's documentation and access logs name them, and their numbers
 * on the wire. A leaf module: the engine, the client catalogue, `verify` and `tls-report` share it.
 */

/** Protocol names, oldest first, as CloudFront's logs (`ssl-protocol`) and documentation write them. */
export const PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
/** A protocol version. */
export type Protocol = (typeof PROTOCOLS)[number];

/**
 * The two-byte version of each protocol in a ClientHello or ServerHello (`legacy_version`, or the
 * `supported_versions` extension for TLS 1.3).
 * @see https://www.rfc-editor.org/rfc/rfc8446#section-4.2.1
 */
export const WIRE_VERSION: Readonly<Record<Protocol, number>> = {
    SSLv3: 0x0300,
    TLSv1: 0x0301,
    "TLSv1.1": 0x0302,
    "TLSv1.2": 0x0303,
    "TLSv1.3": 0x0304,
};

/** The protocol of a wire version, or `undefined` for one this package does not know (SSLv2, drafts). */
export function protocolOfWireVersion(version: number): Protocol | undefined {
    return PROTOCOLS.find((p) => WIRE_VERSION[p] === version);
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareProtocol(a: Protocol, b: Protocol): number {
    return PROTOCOLS.indexOf(a) - PROTOCOLS.indexOf(b);
}

/** True for a protocol name this package knows. */
export function isProtocol(value: unknown): value is Protocol {
    return typeof value === "string" && (PROTOCOLS as readonly string[]).includes(value);
}

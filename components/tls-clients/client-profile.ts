/**
 * The shape of a client profile: what one real client (a browser on an OS, a Java or OpenSSL version)
 * offers in its ClientHello and which roots it trusts. The data lives in `client-catalogue.ts`; the
 * compatibility engine reads the negotiation facts, `verify` rebuilds the ClientHello from the template.
 */
import { Protocol } from "./protocols";
import { TrustAnchorId } from "./trust-anchors";

/** Where a fact about a client comes from. */
export interface Source {
    /** What the source says, briefly, e.g. "cipher suites, protocols, SNI, curves". */
    readonly covers: string;
    /** The public document or data set, e.g. an SSL Labs API address or a vendor's page. */
    readonly reference: string;
}

/**
 * Which roots a client trusts, as far as is known.
 * - `roots`: it holds at least these (enough to decide for Amazon's chain);
 * - `current`: a current browser or OS that follows today's Mozilla/Microsoft/Apple programs, so it holds the
 *   Amazon roots; `verify` checks it against Node's bundled Mozilla store;
 * - `unknown`: no public source says; the engine reports trust as unknown rather than guess.
 */
export type TrustStore =
    | { readonly kind: "roots"; readonly roots: readonly TrustAnchorId[]; readonly source: string }
    | { readonly kind: "current"; readonly source: string }
    | { readonly kind: "unknown"; readonly why: string };

/** One ClientHello extension, in the client's order. */
export interface HelloExtension {
    /** IANA extension type, e.g. 0 (server_name), 10 (supported_groups), 43 (supported_versions). */
    readonly type: number;
    /**
     * The extension's body as lowercase hex, exactly as the client sends it. Omitted for the
     * extensions filled in per connection: server_name (0) carries the target host, key_share (51)
     * fresh keys for the groups in `keyShareGroups`, padding (21) the length that makes the client's
     * own padding rule hold.
     */
    readonly data?: string;
}

/** Everything needed to rebuild the client's ClientHello byte for byte, bar the random and SNI. */
export interface ClientHelloTemplate {
    /**
     * `ssl2`: an SSLv2-compatible ClientHello (RFC 5246 appendix E.2), as IE 6 and Java 6 send by
     * default; it carries no extensions. `tls`: an ordinary TLS record.
     */
    readonly format: "ssl2" | "tls";
    /** The record layer version of the first record (`tls` format), e.g. 0x0301. */
    readonly recordVersion: number;
    /** `client_version` / `legacy_version` of the hello, e.g. 0x0303. */
    readonly clientVersion: number;
    /** Length of the session id the client sends (0 or 32, random bytes). */
    readonly sessionIdLength: number;
    /** Compression methods, e.g. [0] or [1, 0]. */
    readonly compressionMethods: readonly number[];
    /** Extensions in order (`tls` format only). */
    readonly extensions: readonly HelloExtension[];
    /** For TLS 1.3 clients: the groups the key_share extension carries a fresh key for, e.g. [0x001d]. */
    readonly keyShareGroups?: readonly number[];
    /**
     * `ssl2` format only: the 3-byte cipher specs in the client's order. TLS suites appear as
     * `0x00XXYY`; the SSLv2-only kinds (e.g. `0x010080`, RC4 with MD5) keep their own codes.
     */
    readonly ssl2CipherSpecs?: readonly number[];
    /** `ssl2` format only: length of the challenge (16 to 32 random bytes). */
    readonly challengeLength?: number;
}

/** One client as it negotiates TLS. */
export interface ClientProfile {
    /** Stable id used in config and on the command line, e.g. `ie8-xp`. */
    readonly id: string;
    /** The name as SSL Labs' client list spells it, e.g. `IE 8 XP`. */
    readonly name: string;
    /** Protocol versions it offers, oldest first (a contiguous range). */
    readonly protocols: readonly Protocol[];
    /** Cipher suites by IANA code, in the client's offer order (signalling values included). */
    readonly cipherSuites: readonly number[];
    /** Whether it sends the server_name extension. */
    readonly sni: boolean;
    /**
     * Elliptic curves it offers (OpenSSL names, e.g. `prime256v1`, `X25519`), in order; `undefined` when
     * it sends no supported_groups extension (then RFC 4492 lets a server pick any curve).
     */
    readonly curves?: readonly string[];
    /** Which roots it trusts. */
    readonly trustStore: TrustStore;
    /** The ClientHello as the client sends it. */
    readonly hello: ClientHelloTemplate;
    /** Where each fact comes from. */
    readonly sources: readonly Source[];
    /** Anything a reader of the matrix should know (e.g. "Windows XP's own TLS stack"). */
    readonly note?: string;
}

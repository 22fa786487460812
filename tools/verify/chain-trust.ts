/**
 * Would this client trust the chain the server sent? The leaf must match the host, each certificate
 * must be signed by the next and be valid today, and the chain must end at, or be issued by, a root
 * in the client's store: the roots its profile names (matched by SPKI pin, or verified with the
 * root's key), Node's bundled Mozilla store for current clients, and `--ca` for every client.
 *
 * The chain is walked in the order served, as old clients do; a client that builds other paths (a
 * newer Windows fetching a cross-sign by AIA) may trust more than this says, never less.
 *
 * @see ../../components/tls-clients/trust-anchors.ts (the roots and their pins)
 * @see https://www.rfc-editor.org/rfc/rfc7469#section-2.4 (pins: SHA-256 of the DER SubjectPublicKeyInfo)
 */
import * as crypto from "node:crypto";
import * as net from "node:net";
import * as tls from "node:tls";
import type { TrustStore } from "../../components/tls-clients/client-profile";
import { TRUST_ANCHORS } from "../../components/tls-clients/trust-anchors";

/** What {@link checkChain} needs besides the chain and the store. */
export interface ChainCheckOptions {
    /** The host name (or IP address) the client connected to; the leaf must match it. */
    readonly host: string;
    /** Extra CA certificates (PEM, one or more blocks each) trusted by every client: the CLI's `--ca`. */
    readonly extraCa?: readonly string[];
    /** The time validity is checked at. @default now */
    readonly now?: Date;
}

/** Where the anchor that made a chain trusted came from. */
export type AnchorSource = "client-roots" | "node-roots" | "extra-ca";

/** The verdict on one chain for one client. */
export interface ChainTrust {
    /** `true` trusted, `false` not, `null` unknown (the client's store is not known). */
    readonly trusted: boolean | null;
    /** The root it chains to: a trust-anchor id for `roots` stores, else the root's subject. */
    readonly anchor?: string;
    /** Which store that anchor is in. */
    readonly anchorSource?: AnchorSource;
    /** Why it is not trusted, or why nothing can be said. */
    readonly reason?: string;
}

/** The pin of one certificate of a chain. */
export interface SpkiPin {
    /** The subject as RFC 4514 writes it (most specific first, `,` in values escaped), e.g. `CN=Amazon Root CA 1,O=Amazon,C=US`. */
    readonly subject: string;
    /** Hex SHA-256 of the DER SubjectPublicKeyInfo (the form of AWS's table). */
    readonly spkiSha256: string;
    /** The same hash in base64 (the form of HPKP and `curl --pinnedpubkey sha256//`). */
    readonly spkiSha256Base64: string;
}

interface Anchor {
    readonly label: string;
    readonly source: AnchorSource;
    readonly spkiSha256: string;
    readonly cert: crypto.X509Certificate;
}

/** Decides whether a client with `trustStore` trusts `chainDer` (leaf first, as served) for `options.host`. */
export function checkChain(chainDer: readonly Buffer[], trustStore: TrustStore, options: ChainCheckOptions): ChainTrust {
    if (chainDer.length === 0) return { trusted: false, reason: "the server sent no certificate" };
    const certs: crypto.X509Certificate[] = [];
    for (const [i, der] of chainDer.entries()) {
        try {
            certs.push(new crypto.X509Certificate(der));
        } catch (error) {
            return { trusted: false, reason: `certificate ${i} cannot be parsed (${(error as Error).message})` };
        }
    }
    const leaf = certs[0];
    const host = options.host.replace(/^\[(.*)\]$/, "$1");
    const matches = net.isIP(host) !== 0 ? leaf.checkIP(host) : leaf.checkHost(host);
    if (matches === undefined) {
        return { trusted: false, reason: `the leaf certificate (${subjectOf(leaf)}; ${leaf.subjectAltName ?? "no subjectAltName"}) does not match ${host}` };
    }

    const extra = (options.extraCa ?? []).flatMap(pemBlocks).map((pem, i) => {
        try {
            return anchorOf(new crypto.X509Certificate(pem), "extra-ca");
        } catch (error) {
            throw new TypeError(`extraCa: certificate ${i} cannot be parsed (${(error as Error).message})`);
        }
    });
    const own = clientAnchors(trustStore);
    const anchors = [...own, ...extra];
    const now = options.now ?? new Date();

    for (let i = 0; i < certs.length; i++) {
        const cert = certs[i];
        const label = `certificate ${i} (${subjectOf(cert)})`;
        // The client holds this very key: the path ends here, whatever this copy's dates (a cross-sign of a root).
        const pin = spkiSha256(cert.raw).toString("hex");
        const held = anchors.find((a) => a.spkiSha256 === pin);
        if (held) return { trusted: true, anchor: held.label, anchorSource: held.source };

        const notBefore = new Date(cert.validFrom);
        const notAfter = new Date(cert.validTo);
        if (now < notBefore) return { trusted: false, reason: `${label} is not valid before ${notBefore.toISOString()}` };
        if (now > notAfter) return { trusted: false, reason: `${label} expired on ${notAfter.toISOString()}` };

        const issuer = anchors.find((a) => cert.checkIssued(a.cert) && cert.verify(a.cert.publicKey));
        if (issuer) return { trusted: true, anchor: issuer.label, anchorSource: issuer.source };

        const next = certs[i + 1];
        if (next === undefined) {
            const top = selfSigned(cert) ? `the self-signed "${subjectOf(cert)}"` : `"${subjectOf(cert)}", issued by "${issuerOf(cert)}"`;
            if (trustStore.kind === "unknown") {
                return { trusted: null, reason: `the chain ends at ${top}, and the client's trust store is unknown (${trustStore.why})` };
            }
            const store =
                trustStore.kind === "roots"
                    ? `the client's roots (${trustStore.roots.join(", ")})`
                    : `Node's bundled Mozilla store (${own.length} roots)`;
            return { trusted: false, reason: `the chain ends at ${top}, which is not in ${store}${extra.length > 0 ? " nor in --ca" : ""}` };
        }
        if (!cert.checkIssued(next)) {
            return { trusted: false, reason: `${label} is not issued by the next certificate (${subjectOf(next)}): the chain is out of order or has a gap` };
        }
        if (!next.ca) return { trusted: false, reason: `certificate ${i + 1} (${subjectOf(next)}) signs ${label} but is not a CA` };
        if (!cert.verify(next.publicKey)) {
            return { trusted: false, reason: `the signature of ${label} does not verify with the key of certificate ${i + 1} (${subjectOf(next)})` };
        }
    }
    // Unreachable: the loop returns at the last certificate.
    return { trusted: false, reason: "empty chain" };
}

/** The SPKI pin of every certificate of a chain, in order. */
export function spkiPins(chainDer: readonly Buffer[]): SpkiPin[] {
    return chainDer.map((der) => {
        const hash = spkiSha256(der);
        return { subject: subjectOf(new crypto.X509Certificate(der)), spkiSha256: hash.toString("hex"), spkiSha256Base64: hash.toString("base64") };
    });
}

/** A certificate's subject in RFC 4514 form: most specific first, as AWS's table writes it, specials escaped. */
export function subjectOf(cert: crypto.X509Certificate): string {
    return rfc4514(cert.subject);
}

function issuerOf(cert: crypto.X509Certificate): string {
    return rfc4514(cert.issuer);
}

function rfc4514(name: string): string {
    return name.split("\n").reverse().join(",");
}

function selfSigned(cert: crypto.X509Certificate): boolean {
    return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

function pemBlocks(text: string): string[] {
    return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function anchorOf(cert: crypto.X509Certificate, source: AnchorSource, label = subjectOf(cert)): Anchor {
    return { label, source, spkiSha256: spkiSha256(cert.raw).toString("hex"), cert };
}

let nodeRoots: readonly Anchor[] | undefined;

function clientAnchors(store: TrustStore): readonly Anchor[] {
    switch (store.kind) {
        case "roots":
            // The pin is AWS's published value; the certificate gives the key to verify an issued certificate with.
            return store.roots.map((id) => ({ ...anchorOf(new crypto.X509Certificate(TRUST_ANCHORS[id].pem), "client-roots", id), spkiSha256: TRUST_ANCHORS[id].spkiSha256 }));
        case "current":
            nodeRoots ??= tls.rootCertificates.map((pem) => anchorOf(new crypto.X509Certificate(pem), "node-roots"));
            return nodeRoots;
        case "unknown":
            return [];
    }
}

/** SHA-256 of the DER SubjectPublicKeyInfo, taken from the certificate's own bytes (never re-encoded). */
export function spkiSha256(certDer: Buffer): Buffer {
    return crypto.createHash("sha256").update(subjectPublicKeyInfoOf(certDer)).digest();
}

/**
 * The DER SubjectPublicKeyInfo inside a certificate (RFC 5280 section 4.1): tbsCertificate's seventh
 * field, after the optional [0] version, serial, signature algorithm, issuer, validity and subject.
 */
export function subjectPublicKeyInfoOf(certDer: Buffer): Buffer {
    const certificate = tlv(certDer, 0);
    const tbs = tlv(certDer, certificate.contentStart);
    let element = tlv(certDer, tbs.contentStart);
    if (element.tag === 0xa0) element = tlv(certDer, element.end); // version
    for (let skip = 0; skip < 5; skip++) element = tlv(certDer, element.end); // serial … subject
    if (element.tag !== 0x30) throw new TypeError("certificate: subjectPublicKeyInfo is not a SEQUENCE");
    return certDer.subarray(element.start, element.end);
}

function tlv(der: Buffer, start: number): { tag: number; start: number; contentStart: number; end: number } {
    if (start + 2 > der.length) throw new TypeError("certificate: truncated DER");
    const tag = der[start];
    let length = der[start + 1];
    let header = 2;
    if (length & 0x80) {
        const n = length & 0x7f;
        if (n === 0 || n > 4 || start + 2 + n > der.length) throw new TypeError("certificate: bad DER length");
        length = der.readUIntBE(start + 2, n);
        header = 2 + n;
    }
    const end = start + header + length;
    if (end > der.length) throw new TypeError("certificate: DER element runs past the end");
    return { tag, start, contentStart: start + header, end };
}

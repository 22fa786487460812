/**
 * What another viewer security policy would do to a logged request, read from the two TLS fields a
 * CloudFront standard log has (`ssl-protocol`, `ssl-cipher`) and the policy that was in force when
 * the request was logged. Pure functions over the tables of `tls-clients/viewer-policies.ts`.
 *
 * CloudFront negotiates the highest protocol both sides speak, then "chooses a cipher in the listed
 * order from among the ciphers that the viewer supports". So a logged pair (p, c) under policy F says:
 *
 * - the viewer's newest protocol is p: F accepts every protocol newer than p (every policy's protocols
 *   run without a gap up to TLSv1.3), so a viewer speaking a newer one would have got it;
 * - the viewer offered c, and none of the ciphers F ranks above c for p (CloudFront would have taken
 *   the first of those instead);
 * - nothing about the ciphers F ranks below c, nor about ciphers F does not have.
 *
 * Under a candidate policy P the same viewer negotiates p again when P accepts p, and is refused when
 * it does not (P's protocols are all newer than p then, and the viewer speaks none of them). With p
 * accepted, P takes the first cipher of its own list for p that the viewer offers:
 *
 * - c is in P's list: the viewer offers it, so it is **served** (with c, or with a cipher P ranks
 *   higher that the viewer also offers);
 * - c is not, but P has a cipher for p that the viewer may have offered (one F ranks below c, or one
 *   F lacks): it **may be refused** — the log cannot say which ciphers the viewer offered below c;
 * - c is not, and every cipher P has for p is one F ranks above c: it is certainly **refused**.
 *
 * A policy less restrictive than F has every protocol and cipher F has (each row of the table is a run
 * of policies starting at the least restrictive), so it serves every pair F served.
 *
 * Pairs this reasoning cannot read are **unclassified**, with the reason: plain HTTP (`-`), no cipher
 * logged, a protocol or cipher the tables do not know, a cipher that cannot be used with the logged
 * protocol (a TLS 1.3 suite over TLS 1.2, a GCM suite over TLS 1.0), or a protocol or cipher the policy
 * said to be in force does not have (usually a wrong `--policy`).
 *
 * The certificate's key type decides which list applies: an `ECDHE-ECDSA-*` cipher means an ECDSA
 * certificate, any other an RSA one. TLS 1.3 suites do not depend on the key type.
 *
 * Two things that look like exceptions are not. A viewer may have offered an ECDHE cipher ranked above
 * the logged one and been skipped for want of a shared curve; CloudFront offers the same curves under
 * every policy, so that cipher would be skipped again, and "not offered" stays true in effect. And
 * server-side cipher order is CloudFront's documented behaviour: s2n-tls (CloudFront's TLS library)
 * can honour a viewer's preference for ChaCha20 ("ChaCha20 boosting"), but only in an undocumented
 * CloudFront test policy; were it ever enabled, a logged ChaCha20 cipher would no longer prove that the
 * ciphers ranked above it were not offered, and its "refused" would become "may refuse".
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
import { cipherSuiteByName } from "../../components/tls-clients/cipher-suites";
import { Protocol, compareProtocol, isProtocol } from "../../components/tls-clients/protocols";
import { CertificateKeyType, VIEWER_POLICIES, VIEWER_POLICY_NAMES, ViewerPolicyName, cipherOrder } from "../../components/tls-clients/viewer-policies";

/** What a candidate policy would do to a logged request. */
export const PolicyOutcome = {
    /** The viewer would be served (the candidate has the logged protocol and cipher). */
    Served: "served",
    /** The viewer would certainly be refused. */
    Refused: "refused",
    /** The viewer may be refused: it depends on ciphers it may have offered, which the log does not show. */
    MayRefuse: "mayRefuse",
    /** The logged pair cannot be read against the tables (see {@link whyUnclassified}). */
    Unclassified: "unclassified",
} as const;
/** One of {@link PolicyOutcome}. */
export type PolicyOutcome = (typeof PolicyOutcome)[keyof typeof PolicyOutcome];

/** An outcome for a pair that could be read. */
export type ClassifiedOutcome = Exclude<PolicyOutcome, "unclassified">;

/**
 * The `ssl-cipher` value the CloudFront reader hands over when the log's `#Fields` line has no
 * `ssl-cipher` column (a parenthesised name, which no real cipher has).
 */
export const NO_CIPHER_FIELD = "(no ssl-cipher field)";

/** What a logged pair means for every policy, or why it cannot be read. */
export type PairImpact =
    | { readonly kind: "unclassified"; readonly reason: string }
    | { readonly kind: "classified"; readonly outcomes: Readonly<Record<ViewerPolicyName, ClassifiedOutcome>> };

// What the log tells about the viewer, once the pair has been read.
interface Reading {
    readonly protocol: Protocol;
    readonly cipher: string;
    /** `TLS13` for a TLS 1.3 pair: its suites do not depend on the certificate. */
    readonly keyType: CertificateKeyType | "TLS13";
    /** The ciphers the in-force policy ranks above the logged one for this protocol: not offered. */
    readonly notOffered: ReadonlySet<string>;
}

/**
 * What `candidate` would do to a request logged with `protocol` and `cipher` while `inForce` was the
 * distribution's viewer security policy.
 * @example classifyUnderPolicy("TLSv1", "ECDHE-RSA-AES128-SHA", "TLSv1", "TLSv1.2_2021") // "refused"
 */
export function classifyUnderPolicy(protocol: string, cipher: string, inForce: ViewerPolicyName, candidate: ViewerPolicyName): PolicyOutcome {
    const reading = readPair(protocol, cipher, inForce);
    return typeof reading === "string" ? PolicyOutcome.Unclassified : outcomeUnder(reading, candidate);
}

/** Why a logged pair cannot be classified against `inForce`, or `undefined` when it can. */
export function whyUnclassified(protocol: string, cipher: string, inForce: ViewerPolicyName): string | undefined {
    const reading = readPair(protocol, cipher, inForce);
    return typeof reading === "string" ? reading : undefined;
}

/**
 * The outcome of a logged pair under every policy (or why there is none): computed once per distinct
 * pair by the aggregator, never per log line.
 */
export function impactOfPair(protocol: string, cipher: string, inForce: ViewerPolicyName): PairImpact {
    const reading = readPair(protocol, cipher, inForce);
    if (typeof reading === "string") return { kind: "unclassified", reason: reading };
    const outcomes = Object.fromEntries(VIEWER_POLICY_NAMES.map((p) => [p, outcomeUnder(reading, p)])) as Record<ViewerPolicyName, ClassifiedOutcome>;
    return { kind: "classified", outcomes };
}

/** True when some policy refuses, or may refuse, the pair: only then are its IPs and user agents worth keeping. */
export function someoneMayRefuse(impact: PairImpact): boolean {
    return impact.kind === "classified" && Object.values(impact.outcomes).some((o) => o !== PolicyOutcome.Served);
}

/** The certificate key type a TLS 1.2-or-older cipher implies. */
export function keyTypeOfCipher(cipher: string): CertificateKeyType {
    return cipher.startsWith("ECDHE-ECDSA-") ? "ECDSA" : "RSA";
}

/** True when `cipher` can be negotiated over `protocol` (TLS 1.3 suites only in 1.3; AEAD and SHA-2 suites from 1.2). */
export function cipherUsableWith(cipher: string, protocol: Protocol): boolean {
    const suite = cipherSuiteByName(cipher);
    // Every cipher of the policy tables is in the catalogue (a test checks it); an unknown one is
    // assumed usable, which can only turn a "refused" into a "mayRefuse".
    if (suite === undefined) return true;
    return compareProtocol(suite.minProtocol, protocol) <= 0 && compareProtocol(protocol, suite.maxProtocol) <= 0;
}

const policyCiphers = new Map<string, readonly string[]>();

/** The ciphers `policy` accepts over `protocol`, in CloudFront's order, for a certificate of `keyType`. */
export function policyCiphersFor(policy: ViewerPolicyName, protocol: Protocol, keyType: CertificateKeyType | "TLS13"): readonly string[] {
    const key = `${policy} ${protocol} ${keyType}`;
    let ciphers = policyCiphers.get(key);
    if (ciphers === undefined) {
        const p = VIEWER_POLICIES[policy];
        const list = keyType === "TLS13" ? p.tls13Ciphers : p.ciphers[keyType];
        ciphers = p.protocols.includes(protocol) ? list.filter((c) => cipherUsableWith(c, protocol)) : [];
        policyCiphers.set(key, ciphers);
    }
    return ciphers;
}

// Reads a logged pair against the in-force policy: what it tells about the viewer, or why it cannot.
function readPair(protocol: string, cipher: string, inForce: ViewerPolicyName): Reading | string {
    if (protocol === "-") return "plain HTTP (ssl-protocol -): no TLS handshake, no viewer security policy applies";
    if (!isProtocol(protocol)) return `ssl-protocol ${JSON.stringify(protocol)} is not a protocol CloudFront logs`;
    if (cipher === NO_CIPHER_FIELD) return "the log has no ssl-cipher field";
    if (cipher === "-" || cipher === "") return `no ssl-cipher logged with ${protocol}`;
    if (!VIEWER_POLICIES[inForce].protocols.includes(protocol)) {
        return `${protocol} is not accepted by ${inForce}, the policy said to be in force (check --policy)`;
    }
    // cipherOrder starts with the TLS 1.3 suites, so they are found under either key type.
    const certificate = keyTypeOfCipher(cipher);
    if (!cipherOrder(certificate).includes(cipher)) return `ssl-cipher ${JSON.stringify(cipher)} is not a cipher CloudFront offers`;
    if (!cipherUsableWith(cipher, protocol)) return `${cipher} cannot be negotiated over ${protocol}`;
    const keyType = protocol === "TLSv1.3" ? "TLS13" : certificate;
    const inForceCiphers = policyCiphersFor(inForce, protocol, keyType);
    const rank = inForceCiphers.indexOf(cipher);
    if (rank < 0) return `${cipher} is not a cipher of ${inForce}, the policy said to be in force (check --policy)`;
    return { protocol, cipher, keyType, notOffered: new Set(inForceCiphers.slice(0, rank)) };
}

function outcomeUnder(reading: Reading, candidate: ViewerPolicyName): ClassifiedOutcome {
    // The viewer's newest protocol is the logged one, and every policy accepts a gapless run of
    // protocols up to TLSv1.3: a candidate without it has only protocols the viewer does not speak.
    if (!VIEWER_POLICIES[candidate].protocols.includes(reading.protocol)) return PolicyOutcome.Refused;
    const ciphers = policyCiphersFor(candidate, reading.protocol, reading.keyType);
    if (ciphers.includes(reading.cipher)) return PolicyOutcome.Served;
    return ciphers.some((c) => !reading.notOffered.has(c)) ? PolicyOutcome.MayRefuse : PolicyOutcome.Refused;
}

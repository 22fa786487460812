/**
 * Will this client connect to this front? A pure model of CloudFront's side of the handshake, from
 * the facts in `viewer-policies.ts` and a client's profile:
 *
 * 1. With a custom certificate and `sni-only`, a hello without server_name is dropped ("If CloudFront
 *    can't immediately determine which domain the request is for, it drops the connection").
 * 2. The protocol is the highest both speak; none in common fails.
 * 3. The cipher is the first of CloudFront's list for the policy, the protocol and the certificate's key
 *    type that the client offers (ECDHE only with a curve in common); none fails.
 * 4. The certificate must chain to a root the client holds, when its trust store is known.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-https-dedicated-ip-or-sni.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
import { cipherSuiteByName, cipherSuiteByCode, isSignallingSuite } from "./cipher-suites";
import { ClientProfile } from "./client-profile";
import { Protocol, compareProtocol } from "./protocols";
import { TRUST_ANCHORS, TrustAnchorId } from "./trust-anchors";
import {
    CertificateKeyType,
    DEFAULT_CERTIFICATE_VIEWER_POLICY,
    VIEWER_CURVES,
    VIEWER_POLICIES,
    ViewerPolicyName,
} from "./viewer-policies";

/** How a front presents itself to viewers. */
export interface ViewerSetup {
    /**
     * `cloudfront-default`: the `*.cloudfront.net` certificate (TLSv1 policy, no SNI needed, no SSLv3);
     * `custom`: a certificate for the front's own domain names.
     */
    readonly certificate: "cloudfront-default" | "custom";
    /** The security policy; ignored with the default certificate. */
    readonly policy: ViewerPolicyName;
    /** `sni-only` or `vip`; ignored with the default certificate. */
    readonly sslSupportMethod: "sni-only" | "vip";
    /** The certificate's key type. ACM certificates this package requests are RSA 2048. */
    readonly keyType: CertificateKeyType;
    /**
     * Roots the served chain leads to; `unknown` for a certificate from a CA this package cannot see
     * (an imported or IAM certificate), whose trust is then reported as unknown.
     */
    readonly chainAnchors: readonly TrustAnchorId[] | "unknown";
}

/** Why a client cannot connect, as a code for machines. */
export type RefusalCode = "no-sni" | "no-protocol" | "no-cipher" | "untrusted";

/** The outcome for one client. */
export type Prediction =
    | {
          readonly connects: true;
          /** The protocol CloudFront negotiates. */
          readonly protocol: Protocol;
          /** The cipher CloudFront picks (OpenSSL name, as its logs write it). */
          readonly cipher: string;
          /** Whether the client trusts the chain: `null` when its trust store or the chain's roots are unknown. */
          readonly trusted: boolean | null;
      }
    | {
          readonly connects: false;
          /** Why, for machines. */
          readonly code: RefusalCode;
          /** Why, for people, e.g. `sends no SNI, and with sni-only CloudFront drops the connection`. */
          readonly reason: string;
          /** The protocol the handshake would reach (set only when it fails on trust). */
          readonly protocol?: Protocol;
          /** The cipher the handshake would reach (set only when it fails on trust). */
          readonly cipher?: string;
      };

/** The policy CloudFront really applies in a setup. */
export function effectivePolicy(setup: Pick<ViewerSetup, "certificate" | "policy">): ViewerPolicyName {
    return setup.certificate === "cloudfront-default" ? DEFAULT_CERTIFICATE_VIEWER_POLICY : setup.policy;
}

/** The newest protocol both sides speak, or `undefined`. Both lists are contiguous ranges. */
function commonProtocol(client: readonly Protocol[], server: readonly Protocol[]): Protocol | undefined {
    const shared = client.filter((p) => server.includes(p));
    return shared.sort(compareProtocol).pop();
}

// RFC 4492 5.1: a client that sends no supported_groups extension accepts any curve. ECDHE needs TLS
// extensions, which SSLv3 hellos do not carry.
function hasCommonCurve(profile: ClientProfile, protocol: Protocol): boolean {
    if (protocol === "SSLv3") return false;
    return profile.curves === undefined || profile.curves.some((c) => (VIEWER_CURVES as readonly string[]).includes(c));
}

/** The first cipher of `order` the client offers and can use at `protocol`, or `undefined`. */
export function firstCommonCipher(profile: ClientProfile, order: readonly string[], protocol: Protocol): string | undefined {
    const offered = new Set(profile.cipherSuites);
    return order.find((name) => {
        const suite = cipherSuiteByName(name);
        if (!suite || !offered.has(suite.code)) return false;
        if (compareProtocol(protocol, suite.minProtocol) < 0 || compareProtocol(protocol, suite.maxProtocol) > 0) return false;
        return suite.keyExchange !== "ECDHE" || hasCommonCurve(profile, protocol);
    });
}

/** The client's offered suites as names, signalling values left out; unknown codes as hex. */
export function offeredCipherNames(profile: ClientProfile): string[] {
    return profile.cipherSuites
        .filter((code) => !isSignallingSuite(code))
        .map((code) => cipherSuiteByCode(code)?.name ?? `0x${code.toString(16).padStart(4, "0")}`);
}

function listShort(names: readonly string[], max = 4): string {
    return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/** Predicts the handshake of `profile` against a front set up as `setup`. */
export function predictConnection(profile: ClientProfile, setup: ViewerSetup): Prediction {
    const custom = setup.certificate === "custom";
    if (custom && setup.sslSupportMethod === "sni-only" && !profile.sni) {
        return { connects: false, code: "no-sni", reason: "sends no SNI, and with sni-only CloudFront drops the connection" };
    }
    const policyName = effectivePolicy(setup);
    const policy = VIEWER_POLICIES[policyName];
    // The default certificate never speaks SSLv3, and a custom one only with a dedicated IP.
    const serverProtocols = policy.protocols.filter((p) => p !== "SSLv3" || (custom && setup.sslSupportMethod === "vip"));
    const protocol = commonProtocol(profile.protocols, serverProtocols);
    if (protocol === undefined) {
        const where = custom ? policyName : `the default *.cloudfront.net certificate (${policyName}, no SSLv3)`;
        return {
            connects: false,
            code: "no-protocol",
            reason: `no common protocol: it speaks ${profile.protocols.join(", ")}; ${where} accepts ${serverProtocols.join(", ")}`,
        };
    }
    const order = protocol === "TLSv1.3" ? policy.tls13Ciphers : policy.ciphers[setup.keyType];
    const cipher = firstCommonCipher(profile, order, protocol);
    if (cipher === undefined) {
        const usable = order.filter((name) => {
            const suite = cipherSuiteByName(name);
            return suite !== undefined && compareProtocol(protocol, suite.minProtocol) >= 0 && compareProtocol(protocol, suite.maxProtocol) <= 0;
        });
        return {
            connects: false,
            code: "no-cipher",
            reason:
                `no common cipher at ${protocol}: it offers ${listShort(offeredCipherNames(profile))}; ` +
                `${policyName} with an ${setup.keyType} certificate accepts ${usable.length > 0 ? listShort(usable) : "none"} there`,
        };
    }
    const trusted = trustOf(profile, setup.chainAnchors);
    if (trusted === false) {
        const held = profile.trustStore.kind === "roots" ? profile.trustStore.roots : [];
        return {
            connects: false,
            code: "untrusted",
            reason:
                `does not trust the certificate: its trust store holds ${held.map(anchorName).join(", ") || "none of the known roots"}, ` +
                `the chain leads to ${(setup.chainAnchors as readonly TrustAnchorId[]).map(anchorName).join(", ")}`,
            protocol,
            cipher,
        };
    }
    return { connects: true, protocol, cipher, trusted };
}

function anchorName(id: TrustAnchorId): string {
    return TRUST_ANCHORS[id].subject.replace(/^(CN|OU)=([^,]+).*$/, "$2");
}

function trustOf(profile: ClientProfile, anchors: ViewerSetup["chainAnchors"]): boolean | null {
    if (anchors === "unknown") return null;
    const store = profile.trustStore;
    if (store.kind === "current") return true;
    if (store.kind === "unknown") return null;
    return store.roots.some((root) => anchors.includes(root));
}

/** True for a client whose newest protocol is older than TLS 1.2 (`--clients legacy`). */
export function isLegacyClient(profile: ClientProfile): boolean {
    const newest = [...profile.protocols].sort(compareProtocol).pop();
    return newest === undefined || compareProtocol(newest, "TLSv1.2") < 0;
}

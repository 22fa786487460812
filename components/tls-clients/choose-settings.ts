/**
 * Chooses a front's viewer TLS settings from the clients it must serve: the most restrictive security
 * policy that still serves every listed client, and a dedicated IP (`vip`) only when a listed client
 * sends no SNI. Explicit settings are kept, and each client they would refuse is reported.
 */
import { ClientProfile } from "./client-profile";
import { Prediction, ViewerSetup, predictConnection } from "./compatibility";
import { VIEWER_POLICY_NAMES, ViewerPolicyName } from "./viewer-policies";

/** What the front fixes before clients are considered. */
export interface FixedViewerSettings {
    /** `cloudfront-default` (no custom domain) or `custom`. */
    readonly certificate: ViewerSetup["certificate"];
    /** The certificate's key type. */
    readonly keyType: ViewerSetup["keyType"];
    /** Roots the served chain leads to. */
    readonly chainAnchors: ViewerSetup["chainAnchors"];
    /** An explicit security policy, if the user set one. */
    readonly policy?: ViewerPolicyName;
    /** An explicit SSL support method, if the user set one. */
    readonly sslSupportMethod?: ViewerSetup["sslSupportMethod"];
}

/** One listed client the settings cannot serve. */
export interface ClientRefusal {
    /** Index of the client in the list. */
    readonly index: number;
    /** The client. */
    readonly client: ClientProfile;
    /** Which setting refuses it: an explicit one, or none can serve it (`clients`). */
    readonly setting: "minimumTlsVersion" | "sslSupportMethod" | "clients";
    /** Why, as the engine says it. */
    readonly reason: string;
    /** What would serve it, e.g. `use vip or drop the client`. */
    readonly remedy: string;
}

/** The chosen settings, or the clients they refuse. */
export interface ChosenViewerSettings {
    /** The setup the front uses (the explicit values, or the chosen ones). */
    readonly setup: ViewerSetup;
    /** Listed clients the setup refuses; empty when every one connects. */
    readonly refusals: readonly ClientRefusal[];
}

/** Policies from the most restrictive to the least; SSLv3 only where a dedicated IP allows it. */
function candidatePolicies(method: ViewerSetup["sslSupportMethod"]): ViewerPolicyName[] {
    return [...VIEWER_POLICY_NAMES].reverse().filter((p) => p !== "SSLv3" || method === "vip");
}

/** The most restrictive policy under which every client connects, or `undefined`. */
export function mostRestrictiveServing(clients: readonly ClientProfile[], base: Omit<ViewerSetup, "policy">): ViewerPolicyName | undefined {
    return candidatePolicies(base.sslSupportMethod).find((policy) => clients.every((c) => predictConnection(c, { ...base, policy }).connects));
}

/** Chooses the settings for `clients` (see the module comment). */
export function chooseViewerSettings(clients: readonly ClientProfile[], fixed: FixedViewerSettings): ChosenViewerSettings {
    const sslSupportMethod = fixed.sslSupportMethod ?? (clients.some((c) => !c.sni) ? "vip" : "sni-only");
    const base = { certificate: fixed.certificate, keyType: fixed.keyType, chainAnchors: fixed.chainAnchors, sslSupportMethod };
    const policy =
        fixed.policy ??
        (fixed.certificate === "custom" ? mostRestrictiveServing(clients, base) : undefined) ??
        // No policy serves them all (or the default certificate, where the policy is not ours): take the
        // least restrictive allowed, so every refusal below is one no policy could avoid.
        candidatePolicies(sslSupportMethod).pop()!;
    const setup: ViewerSetup = { ...base, policy };
    const refusals: ClientRefusal[] = [];
    clients.forEach((client, index) => {
        const prediction = predictConnection(client, setup);
        if (!prediction.connects) refusals.push(refusalOf(client, index, prediction, setup, fixed));
    });
    return { setup, refusals };
}

function refusalOf(
    client: ClientProfile,
    index: number,
    prediction: Extract<Prediction, { connects: false }>,
    setup: ViewerSetup,
    fixed: FixedViewerSettings,
): ClientRefusal {
    const of = (setting: ClientRefusal["setting"], remedy: string): ClientRefusal => ({ index, client, setting, reason: prediction.reason, remedy });
    if (setup.certificate === "cloudfront-default") {
        const custom = mostRestrictiveServing([client], { ...setup, certificate: "custom", sslSupportMethod: client.sni ? "sni-only" : "vip" });
        return of(
            "clients",
            custom
                ? `the default *.cloudfront.net certificate cannot serve it; add a custom domain (domainNames) with minimumTlsVersion ${custom}` +
                      `${client.sni ? "" : " and sslSupportMethod vip"}, or drop the client`
                : "no CloudFront setting can serve it; drop the client",
        );
    }
    if (prediction.code === "no-sni" && fixed.sslSupportMethod === "sni-only") return of("sslSupportMethod", "use vip or drop the client");
    if (prediction.code === "untrusted") return of("clients", "no security policy changes trust; use a certificate from a CA it trusts, or drop the client");
    if (fixed.policy !== undefined) {
        const serving = mostRestrictiveServing([client], { ...setup });
        return of("minimumTlsVersion", serving ? `use ${serving} or drop the client` : "no security policy serves it; drop the client");
    }
    return of("clients", "no security policy serves it with the other settings; drop the client");
}

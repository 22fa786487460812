/**
 * The compatibility matrix as plain data: one row per client under one front's settings, for the
 * component's output, the offline plan and the README.
 */
import { ClientProfile } from "./client-profile";
import { RefusalCode, ViewerSetup, isLegacyClient, predictConnection } from "./compatibility";
import { Protocol } from "./protocols";

/** How one client fares under a front's viewer settings. */
export interface ClientCompatibility {
    /** The client's id, e.g. `java6u45`. */
    readonly id: string;
    /** Its SSL Labs name, e.g. `Java 6u45`. */
    readonly name: string;
    /** Whether it connects (and, when its trust store is known, trusts the certificate). */
    readonly connects: boolean;
    /** The negotiated protocol, when the handshake gets that far. */
    readonly protocol?: Protocol;
    /** The cipher CloudFront picks (OpenSSL name), when the handshake gets that far. */
    readonly cipher?: string;
    /** Whether it trusts the chain: `null` when its trust store or the certificate's CA is not known. */
    readonly trusted: boolean | null;
    /** Why it cannot connect, for machines. */
    readonly code?: RefusalCode;
    /** Why it cannot connect, for people. */
    readonly reason?: string;
}

/** One row per profile, in the order given. */
export function compatibilityOf(profiles: readonly ClientProfile[], setup: ViewerSetup): ClientCompatibility[] {
    return profiles.map((profile) => {
        const p = predictConnection(profile, setup);
        const base = { id: profile.id, name: profile.name };
        return p.connects
            ? { ...base, connects: true, protocol: p.protocol, cipher: p.cipher, trusted: p.trusted }
            : { ...base, connects: false, protocol: p.protocol, cipher: p.cipher, trusted: p.code === "untrusted" ? false : null, code: p.code, reason: p.reason };
    });
}

/**
 * The rows the plan and the README show: the listed clients first, then every legacy client of the
 * catalogue that was not listed (so a reader sees who else the settings serve or refuse).
 */
export function matrixRows(listed: readonly ClientProfile[], catalogue: readonly ClientProfile[], setup: ViewerSetup): { listed: ClientCompatibility[]; others: ClientCompatibility[] } {
    const others = catalogue.filter((p) => isLegacyClient(p) && !listed.includes(p));
    return { listed: compatibilityOf(listed, setup), others: compatibilityOf(others, setup) };
}

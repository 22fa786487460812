/**
 * Finds clients by what a user types: the profile's id (`ie8-xp`) or its SSL Labs name (`IE 8 XP`),
 * case-insensitively, and the two group words of the command line.
 */
import { Issue } from "../validation";
import { ClientProfile } from "./client-profile";
import { isLegacyClient } from "./compatibility";

/** Group words a client list may use instead of names: every legacy client, or every client. */
export const CLIENT_GROUPS = ["legacy", "all"] as const;

/** The profile whose id or name equals `text` ignoring case, or `undefined`. */
export function findClientProfile(catalogue: readonly ClientProfile[], text: string): ClientProfile | undefined {
    const wanted = text.trim().toLowerCase();
    return catalogue.find((p) => p.id === wanted || p.name.toLowerCase() === wanted);
}

/** `id (Name)` for every profile, for "known clients" messages. */
export function knownClientsText(catalogue: readonly ClientProfile[]): string {
    return catalogue.map((p) => `${p.id} (${p.name})`).join(", ");
}

/** A resolved entry of a client list: the profile and the index of the entry that named it. */
export interface ResolvedClient {
    /** The client. */
    readonly profile: ClientProfile;
    /** Index of the list entry that named it (the group word's, for `legacy` and `all`). */
    readonly index: number;
}

/**
 * Resolves a list of ids or names (and, with `groups`, the words `legacy` and `all`) into profiles,
 * without duplicates, in the order given. Every unknown or repeated entry becomes an issue at
 * `path[i]` naming the known clients.
 */
export function resolveClientList(
    catalogue: readonly ClientProfile[],
    entries: readonly unknown[],
    path: string,
    issues: Issue[],
    options: { groups?: boolean } = {},
): ResolvedClient[] {
    const chosen: ResolvedClient[] = [];
    const has = (profile: ClientProfile): boolean => chosen.some((c) => c.profile === profile);
    entries.forEach((entry, i) => {
        const at = `${path}[${i}]`;
        if (typeof entry !== "string" || entry.trim() === "") {
            issues.push({ path: at, value: entry, problem: "is not a client id or name" });
            return;
        }
        const word = entry.trim().toLowerCase();
        if (options.groups && (CLIENT_GROUPS as readonly string[]).includes(word)) {
            for (const p of catalogue) if ((word === "all" || isLegacyClient(p)) && !has(p)) chosen.push({ profile: p, index: i });
            return;
        }
        const profile = findClientProfile(catalogue, entry);
        if (!profile) {
            const groups = options.groups ? ` or one of ${CLIENT_GROUPS.join(" | ")}` : "";
            issues.push({ path: at, value: entry, problem: `is not a known client; known (id or name, any case): ${knownClientsText(catalogue)}${groups}` });
        } else if (has(profile)) {
            if (!options.groups) issues.push({ path: at, value: entry, problem: `names ${profile.name} again` });
        } else {
            chosen.push({ profile, index: i });
        }
    });
    return chosen;
}

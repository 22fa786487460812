/**
 * Output of `npm run verify`: a table grouped by target, or one JSON document. Both carry the notes
 * an operator must see (lowered security level of the probe, disabled certificate validation).
 */
import type { SpkiPin } from "./chain-trust";
import { CheckGroup, CheckResult, PROBE_CIPHERS, TlsVersion } from "./checks";
import type { ClientVerdict } from "./client-checks";

/** Everything a run found, as printed by `--json`. */
export interface VerifyReport {
    /** True when every check passed (exit code 0). */
    readonly passed: boolean;
    /** The settings the checks ran with. */
    readonly settings: {
        /** `--stack`, when the targets came from a stack. */
        readonly stack?: string;
        /** Groups that ran. */
        readonly groups: readonly CheckGroup[];
        /** The oldest version that had to be accepted, if any. */
        readonly expectMinTls?: TlsVersion;
        /** `--ca` file, if any. */
        readonly caFile?: string;
        /** `--insecure`. */
        readonly insecure: boolean;
        /** Limit of each check. */
        readonly timeoutMs: number;
        /** The cipher string the TLS probe used. */
        readonly probeCiphers: string;
    };
    /** Things to know when reading the results. */
    readonly notes: readonly string[];
    /** Every check, in the order it ran. */
    readonly checks: readonly CheckResult[];
    /** With the `clients` group: what each client saw, per target. */
    readonly clients?: readonly ClientVerdict[];
    /** With the `clients` group: SPKI SHA-256 pins of the chain each target served. */
    readonly pins?: readonly { readonly target: string; readonly pins: readonly SpkiPin[] }[];
}

/** The note every run prints about the probe's security level. */
export const PROBE_NOTE =
    `TLS probe: ciphers "${PROBE_CIPHERS}" for the probe only, because Node's OpenSSL 3 refuses TLS 1.0/1.1 at its ` +
    "default security level; certificates are still validated. HTTP checks use Node's defaults (TLS 1.2+).";

/** The note every `clients` run prints: how clients are simulated. */
export const CLIENTS_NOTE =
    "clients: each client's own ClientHello is rebuilt from its profile and sent over a raw socket (as SSL Labs does), so SSLv3, RC4 " +
    "and 3DES clients are simulated faithfully; for a TLS 1.3 answer the chain comes from a second Node handshake with the same SNI. " +
    "Chains are checked against each client's own trust store (plus --ca).";

/** The note printed when `--insecure` was given. */
export const INSECURE_NOTE = "--insecure: certificates are NOT validated; a result here proves nothing about who answered.";

/** Renders the report as text: notes, then one table per target, then the verdict. */
export function renderTable(report: VerifyReport): string {
    const lines: string[] = [];
    for (const note of report.notes) lines.push(`note: ${note}`);
    lines.push("");
    const header = ["GROUP", "CHECK", "EXPECTATION", "OBSERVED", "RESULT"];
    const targets = [...new Set(report.checks.map((c) => c.target))];
    for (const target of targets) {
        const rows = report.checks
            .filter((c) => c.target === target)
            .map((c) => [c.group, c.check, c.expectation, c.observed, c.pass ? "pass" : "FAIL"]);
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        const line = (cells: string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ");
        lines.push(target, line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), "");
    }
    for (const { target, pins } of report.pins ?? []) {
        lines.push(`SPKI SHA-256 pins of the chain ${target} served (hex, as AWS's table writes them):`);
        for (const pin of pins) lines.push(`  ${pin.spkiSha256}  ${pin.subject}`);
        lines.push("");
    }
    const failed = report.checks.filter((c) => !c.pass).length;
    lines.push(
        report.passed
            ? `All ${report.checks.length} checks passed.`
            : `${failed} of ${report.checks.length} checks FAILED.`,
    );
    return `${lines.join("\n")}\n`;
}

/** Renders the report as pretty JSON. */
export function renderJson(report: VerifyReport): string {
    return `${JSON.stringify(report, null, 2)}\n`;
}

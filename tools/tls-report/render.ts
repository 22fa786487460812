/**
 * Text and JSON output of `npm run tls-report`. Logged values (user agents, principals, file names)
 * are chosen by whoever made the request, so both outputs are safe on a terminal: the text escapes
 * control characters and bidirectional overrides visibly (`\x1b`, `\n`, `\u202e`), the JSON writes
 * them as `\u` escapes (the values parse back exactly).
 */
import { printable, terminalSafeJson } from "../../shared/printable";
import { Ranked, TlsReport } from "./aggregate";
import { VIEWER_POLICY_NAMES } from "../../components/tls-clients/viewer-policies";

/** Pretty JSON; control characters JSON leaves raw (DEL, C1, bidirectional overrides) as `\u` escapes. */
export function renderReportJson(report: TlsReport): string {
    return `${terminalSafeJson(JSON.stringify(report, null, 2))}\n`;
}

function percent(n: number, total: number): string {
    return total === 0 ? "" : `${((100 * n) / total).toFixed(1).padStart(5)}%`;
}

function protocolTable(byProtocol: Readonly<Record<string, number>>, total: number): string[] {
    // Escaped before the widths are measured, so the columns line up as printed.
    const entries = Object.entries(byProtocol).map(([p, n]): [string, number] => [printable(p), n]);
    if (entries.length === 0) return ["  (none)"];
    const width = Math.max(...entries.map(([p]) => p.length));
    const countWidth = Math.max(...entries.map(([, n]) => String(n).length));
    return entries.map(([p, n]) => `  ${p.padEnd(width)}  ${String(n).padStart(countWidth)}  ${percent(n, total)}`);
}

// Requests per (protocol, cipher), in the report's order.
function pairTable(report: TlsReport): string[] {
    const pairs = report.byProtocolCipher.map((p) => ({ ...p, protocol: printable(p.protocol), cipher: printable(p.cipher) }));
    if (pairs.length === 0) return ["  (none)"];
    const total = report.bySource.cloudfront.requests;
    const pw = Math.max(...pairs.map((p) => p.protocol.length));
    const cw = Math.max(...pairs.map((p) => p.cipher.length));
    const nw = Math.max(...pairs.map((p) => String(p.requests).length));
    return pairs.map((p) => `  ${p.protocol.padEnd(pw)}  ${p.cipher.padEnd(cw)}  ${String(p.requests).padStart(nw)}  ${percent(p.requests, total)}`);
}

// CloudTrail calls per (TLS version, cipher suite), with the services called.
function cloudTrailPairTable(report: TlsReport): string[] {
    const pairs = report.bySource.cloudtrail.byProtocolCipher.map((p) => ({ ...p, protocol: printable(p.protocol), cipher: printable(p.cipher) }));
    if (pairs.length === 0) return ["  (none)"];
    const total = pairs.reduce((n, p) => n + p.calls, 0);
    const pw = Math.max(...pairs.map((p) => p.protocol.length));
    const cw = Math.max(...pairs.map((p) => p.cipher.length));
    const nw = Math.max(...pairs.map((p) => String(p.calls).length));
    return pairs.map(
        (p) =>
            `  ${p.protocol.padEnd(pw)}  ${p.cipher.padEnd(cw)}  ${String(p.calls).padStart(nw)}  ${percent(p.calls, total)}  ` +
            (p.eventSources.length === 0 ? "-" : p.eventSources.map((r) => `${r.value} (${r.count})`).join(", ")),
    );
}

// One row per policy: certainly and maybe refused requests and client IPs; then why some pairs were
// left out, and the top user agents of every policy that refuses anyone.
function policyImpactTable(report: TlsReport): string[] {
    const headers = ["policy", "refused requests", "refused IPs", "maybe refused requests", "maybe refused IPs"];
    const rows = VIEWER_POLICY_NAMES.map((name) => {
        const i = report.policyImpact[name];
        return [name === report.policyInForce ? `${name} (in force)` : name, ...[i.refusedRequests, i.refusedClientIps, i.mayRefuseRequests, i.mayRefuseClientIps].map(String)];
    });
    const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const row = (cells: readonly string[]): string => `  ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")}`;
    const lines = [row(headers), ...rows.map(row)];
    lines.push(
        "  Refused: the viewer's protocol is not in the policy, or it offered none of the policy's ciphers for it.",
        "  Maybe refused: the policy drops the cipher the viewer negotiated, but keeps one ranked lower that it may offer.",
    );
    if (report.unclassifiedRequests > 0) {
        lines.push(`  Not classified: ${report.unclassifiedRequests} request(s)`);
        for (const u of report.unclassified) lines.push(`    ${u.protocol} ${u.cipher} (${u.requests}): ${u.reason}`);
    }
    const agents: string[] = [];
    for (const name of VIEWER_POLICY_NAMES) {
        const i = report.policyImpact[name];
        if (i.refusedRequests > 0) agents.push(ranked(`${name} refused`, i.topUserAgents.refused));
        if (i.mayRefuseRequests > 0) agents.push(ranked(`${name} maybe refused`, i.topUserAgents.mayRefuse));
    }
    if (agents.length > 0) lines.push("  Top user agents:", ...agents);
    return lines;
}

function ranked(label: string, items: readonly Ranked[]): string {
    return `    ${label}: ${items.length === 0 ? "-" : items.map((r) => `${r.value} (${r.count})`).join(", ")}`;
}

function protocols(byProtocol: Readonly<Record<string, number>>): string {
    return Object.entries(byProtocol)
        .map(([p, n]) => `${p} ${n}`)
        .join(", ");
}

/**
 * The report as text: what each source sees, counts per protocol and per (protocol, cipher) for
 * CloudFront and per (TLS version, cipher suite) for CloudTrail, legacy users by day, each policy's
 * impact, what was skipped.
 */
export function renderReportText(report: TlsReport): string {
    const { files, bySource, legacy, malformed } = report;
    const lines: string[] = [
        `TLS usage report: ${files.cloudfront} CloudFront log file(s)` +
            (files.cloudfrontJson > 0 ? ` (${files.cloudfrontJson} of them standard logging v2 JSON)` : "") +
            `, ${files.cloudtrail} CloudTrail file(s)` +
            (report.since ? `, since ${report.since}` : ""),
        "",
        "What each source can see:",
        `  - ${report.visibility.cloudfront}`,
        `  - ${report.visibility.cloudtrail}`,
        "",
        `CloudFront viewer requests by ssl-protocol (${bySource.cloudfront.requests}):`,
        ...protocolTable(bySource.cloudfront.byProtocol, bySource.cloudfront.requests),
        "",
        `CloudFront viewer requests by ssl-protocol and ssl-cipher (${bySource.cloudfront.requests}):`,
        ...pairTable(report),
        "",
        `CloudTrail API calls by tlsDetails.tlsVersion (${bySource.cloudtrail.calls}):`,
        ...protocolTable(bySource.cloudtrail.byProtocol, bySource.cloudtrail.calls),
        "",
        `CloudTrail API calls by tlsDetails.tlsVersion and tlsDetails.cipherSuite (${bySource.cloudtrail.byProtocolCipher.reduce((n, p) => n + p.calls, 0)} of ${bySource.cloudtrail.calls} carry TLS details):`,
        ...cloudTrailPairTable(report),
        "",
        `Below TLS 1.2 (${legacy.protocols.join(", ")}), by day (UTC):`,
    ];
    if (legacy.cloudfront.length === 0 && legacy.cloudtrail.length === 0) lines.push("  none found");
    for (const d of legacy.cloudfront) {
        lines.push(`  ${d.day} CloudFront: ${d.requests} request(s) (${protocols(d.byProtocol)})`, ranked("client IPs", d.clientIps), ranked("user agents", d.userAgents));
    }
    for (const d of legacy.cloudtrail) {
        lines.push(
            `  ${d.day} CloudTrail: ${d.calls} call(s) (${protocols(d.byProtocol)})`,
            ranked("principals", d.principals),
            ranked("event sources", d.eventSources),
            ranked("source IPs", d.sourceIps),
            ranked("user agents", d.userAgents),
        );
    }
    lines.push("", `Policy impact (logged under ${report.policyInForce}): CloudFront requests and client IPs each viewer security policy would refuse`, ...policyImpactTable(report));
    const beforeSince = bySource.cloudfront.beforeSince + bySource.cloudtrail.beforeSince;
    if (report.since) lines.push("", `Skipped as before --since: ${bySource.cloudfront.beforeSince} request(s), ${bySource.cloudtrail.beforeSince} call(s) (${beforeSince} in all).`);
    lines.push("", `Malformed lines/records skipped: ${malformed.total}`);
    for (const [file, m] of Object.entries(malformed.byFile)) lines.push(`  ${file}: ${m.count} (first: ${m.first})`);
    if (files.skipped.length > 0) {
        lines.push("", `Files skipped (not a CloudFront or CloudTrail log): ${files.skipped.length}`);
        for (const s of files.skipped) lines.push(`  ${s.file}: ${s.reason}`);
    }
    if (files.failed.length > 0) {
        lines.push("", `Files that could not be read to the end (counts include what was read): ${files.failed.length}`);
        for (const f of files.failed) lines.push(`  ${f.file}: ${f.error}`);
    }
    if (files.duplicates.length > 0) {
        lines.push("", `Paths not read twice (the same file or folder as one read already; loops included): ${files.duplicates.length}`);
        for (const d of files.duplicates) lines.push(`  ${d.file}: ${d.reason}`);
    }
    // Every line escaped as a whole: a value cannot add a line, move the cursor or reorder the text.
    return `${lines.map(printable).join("\n")}\n`;
}

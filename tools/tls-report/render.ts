/** Text and JSON output of `npm run tls-report`. */
import { Ranked, TlsReport } from "./aggregate";

/** Pretty JSON. */
export function renderReportJson(report: TlsReport): string {
    return `${JSON.stringify(report, null, 2)}\n`;
}

function percent(n: number, total: number): string {
    return total === 0 ? "" : `${((100 * n) / total).toFixed(1).padStart(5)}%`;
}

function protocolTable(byProtocol: Readonly<Record<string, number>>, total: number): string[] {
    const entries = Object.entries(byProtocol);
    if (entries.length === 0) return ["  (none)"];
    const width = Math.max(...entries.map(([p]) => p.length));
    const countWidth = Math.max(...entries.map(([, n]) => String(n).length));
    return entries.map(([p, n]) => `  ${p.padEnd(width)}  ${String(n).padStart(countWidth)}  ${percent(n, total)}`);
}

function ranked(label: string, items: readonly Ranked[]): string {
    return `    ${label}: ${items.length === 0 ? "-" : items.map((r) => `${r.value} (${r.count})`).join(", ")}`;
}

function protocols(byProtocol: Readonly<Record<string, number>>): string {
    return Object.entries(byProtocol)
        .map(([p, n]) => `${p} ${n}`)
        .join(", ");
}

/** The report as text: what each source sees, counts per protocol, legacy users by day, what was skipped. */
export function renderReportText(report: TlsReport): string {
    const { files, bySource, legacy, malformed } = report;
    const lines: string[] = [
        `TLS usage report: ${files.cloudfront} CloudFront log file(s), ${files.cloudtrail} CloudTrail file(s)` +
            (report.since ? `, since ${report.since}` : ""),
        "",
        "What each source can see:",
        `  - ${report.visibility.cloudfront}`,
        `  - ${report.visibility.cloudtrail}`,
        "",
        `CloudFront viewer requests by ssl-protocol (${bySource.cloudfront.requests}):`,
        ...protocolTable(bySource.cloudfront.byProtocol, bySource.cloudfront.requests),
        "",
        `CloudTrail API calls by tlsDetails.tlsVersion (${bySource.cloudtrail.calls}):`,
        ...protocolTable(bySource.cloudtrail.byProtocol, bySource.cloudtrail.calls),
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
    return `${lines.join("\n")}\n`;
}

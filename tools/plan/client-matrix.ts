/**
 * The "Which clients can connect" section of the plan: the front's viewer settings, the cost of a
 * dedicated IP when one is used, and one row per client (the listed ones, then the catalogue's legacy
 * clients) as the handshake model predicts it.
 */
import { ClientCompatibility, matrixRows } from "../../components/tls-clients/compatibility-table";
import { CLIENT_PROFILES } from "../../components/tls-clients/client-catalogue";
import { DEDICATED_IP_PRICE } from "../../components/tls-clients/viewer-policies";
import { ViewerTls } from "../../components/viewer-tls";

/** Renders the section for the resolved viewer TLS of a front. */
export function renderClientMatrix(tls: ViewerTls): string {
    const { listed, others } = matrixRows(tls.clients, CLIENT_PROFILES, tls.setup);
    const lines: string[] = ["Which clients can connect", ""];
    lines.push(`  ${settingsLine(tls)}`);
    if (tls.sslSupportMethod === "vip") {
        lines.push(
            `  vip: dedicated IP addresses at every edge location, US$${DEDICATED_IP_PRICE.usdPerMonth} per month per certificate, ` +
                `pro-rated by the hour (AWS pricing, checked ${DEDICATED_IP_PRICE.checked})`,
        );
    }
    lines.push("");
    const header = ["", "CLIENT", "CONNECTS", "PROTOCOL", "CIPHER", "TRUST", "WHY NOT"];
    const rows = [...listed.map((c) => row("listed", c)), ...others.map((c) => row("", c))];
    if (listed.length === 0) lines.push("  No clients are listed (front.clients); the catalogue's legacy clients:");
    lines.push(...table([header, ...rows]).map((l) => `  ${l}`));
    lines.push("", "  TRUST: yes = chains to a root the client holds; ? = its trust store or the certificate's CA is not known offline (npm run verify -- --checks clients checks it live).");
    return lines.join("\n");
}

function settingsLine(tls: ViewerTls): string {
    if (tls.certificateSource === "cloudfront-default") {
        return `default *.cloudfront.net certificate: CloudFront applies ${tls.securityPolicy}, needs no SNI and never speaks SSLv3`;
    }
    const certificate = tls.certificateSource === "acm-created" ? "an RSA 2048 ACM certificate (chains to Amazon Root CA 1 and the Starfield cross-signs)" : `the ${tls.certificateSource} certificate`;
    return `policy ${tls.securityPolicy}, ${tls.sslSupportMethod}, ${certificate}`;
}

function row(mark: string, c: ClientCompatibility): string[] {
    return [
        mark,
        c.name,
        c.connects ? "yes" : "NO",
        c.protocol ?? "-",
        c.cipher ?? "-",
        // A handshake that fails before the certificate matters says nothing about trust.
        !c.connects && c.code !== "untrusted" ? "-" : c.trusted === true ? "yes" : c.trusted === false ? "NO" : "?",
        c.reason ?? "",
    ];
}

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd());
}

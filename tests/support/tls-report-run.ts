/**
 * Running `npm run tls-report` in a test: its output captured, its JSON parsed, and log files written
 * (optionally gzipped) under a temporary folder.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import type { TlsReport } from "../../tools/tls-report/aggregate";
import { runTlsReport } from "../../tools/tls-report/cli";

/** Writes `text` to `file` (making its folder), gzipped when asked. */
export function write(file: string, text: string, gzip = false): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, gzip ? zlib.gzipSync(text) : text);
}

/** Runs the report on `argv`; returns its exit code and what it printed. */
export async function report(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runTlsReport(argv, (t) => (stdout += t), (t) => (stderr += t));
    return { code, stdout, stderr };
}

/** Runs the report with `--json`; returns its exit code and the parsed report. */
export async function reportJson(argv: string[]): Promise<{ code: number; json: TlsReport; stderr: string }> {
    const r = await report([...argv, "--json"]);
    return { code: r.code, json: JSON.parse(r.stdout) as TlsReport, stderr: r.stderr };
}

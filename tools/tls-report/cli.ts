/**
 * `npm run tls-report -- PATH... [--json] [--since DATE] [--top N] [--policy NAME]`: who still uses
 * TLS below 1.2, from CloudFront standard logs (viewers; legacy files and standard logging v2 in JSON
 * or W3C), and whom each CloudFront viewer security policy would refuse, read from the logged
 * (protocol, cipher) pairs against the policy in force (`--policy`); and from CloudTrail log files,
 * which TLS 1.2/1.3 versions and cipher suites AWS API calls use (those endpoints refuse older TLS). Files and folders (recursive, following
 * links, each real file read once: links back up are loops, not followed), gzipped or plain, each
 * detected by its content. Everything is streamed. Logged values are printed with control characters
 * escaped (`\x1b`, `\n`): a viewer chooses its user agent.
 *
 * Exit codes: 0 report printed; 1 report printed but some file could not be read to the end, or no
 * log file was found; 2 bad arguments or a path that does not exist.
 */
import { printable } from "../../shared/printable";
import { Writer, argumentsOrExitCode, runAsMain } from "../cli-args";
import { TlsUsage } from "./aggregate";
import { TLS_REPORT_COMMAND, TlsReportArguments, parseTlsReportArguments } from "./args";
import { readCloudFrontJsonLog, readCloudFrontLog } from "./cloudfront-log";
import { readCloudTrailLog } from "./cloudtrail-log";
import { InputFiles, InputPathError, describeFsError, listInputFiles, openLog } from "./input-files";
import { renderReportJson, renderReportText } from "./render";

/** Builds the report; returns the exit code. Output goes to the given writers so tests can capture it. */
export async function runTlsReport(
    argv: readonly string[],
    out: Writer = (t) => process.stdout.write(t),
    err: Writer = (t) => process.stderr.write(t),
): Promise<number> {
    const args = argumentsOrExitCode(TLS_REPORT_COMMAND, () => parseTlsReportArguments(argv), out, err);
    if (typeof args === "number") return args;

    let input: InputFiles;
    try {
        input = await listInputFiles(args.paths);
    } catch (e) {
        if (!(e instanceof InputPathError)) throw e;
        err(`tls-report: ${printable(e.message)}\n`);
        return 2;
    }

    const usage = new TlsUsage(args.policy);
    for (const d of input.duplicates) usage.addDuplicate(d.file, d.reason);
    for (const s of input.special) usage.addSkipped(s.file, s.reason);
    for (const file of input.files) await readOne(file, usage, args);

    const report = usage.report(args.top, args.since?.iso);
    out(args.json ? renderReportJson(report) : renderReportText(report));
    if (report.files.cloudfront + report.files.cloudtrail === 0) {
        err(`tls-report: no CloudFront or CloudTrail log file found in ${printable(args.paths.join(", "))}\n`);
        return 1;
    }
    if (report.files.failed.length > 0) {
        err(`tls-report: ${report.files.failed.length} file(s) could not be read to the end; the counts include what was read\n`);
        return 1;
    }
    return 0;
}

// One file: a failure is recorded against the file and the run goes on with the next one.
async function readOne(file: string, usage: TlsUsage, args: TlsReportArguments): Promise<void> {
    let opened;
    try {
        opened = await openLog(file);
    } catch (e) {
        usage.addFailed(file, describeReadError(e));
        return;
    }
    if (opened.kind === "unknown") {
        usage.addSkipped(file, opened.reason);
        return;
    }
    try {
        if (opened.kind === "cloudfront") {
            usage.addFile("cloudfront", opened.format);
            if (opened.format === "json") await readCloudFrontJsonLog(file, opened.chunks, usage, args.since);
            else await readCloudFrontLog(file, opened.chunks, usage, args.since);
        } else if (await readCloudTrailLog(file, opened.chunks, usage, args.since)) {
            usage.addFile("cloudtrail");
        } else {
            usage.addSkipped(file, "JSON without a Records array (e.g. a CloudTrail digest file)");
        }
    } catch (e) {
        usage.addFailed(file, describeReadError(e));
    } finally {
        opened.close();
    }
}

function describeReadError(e: unknown): string {
    const code = (e as NodeJS.ErrnoException).code;
    // zlib errors carry codes like Z_BUF_ERROR; say what they mean for a log file.
    if (typeof code === "string" && code.startsWith("Z_")) return `corrupt or truncated gzip data (${code}: ${(e as Error).message})`;
    return describeFsError(e);
}

if (require.main === module) runAsMain("tls-report", (argv) => runTlsReport(argv));

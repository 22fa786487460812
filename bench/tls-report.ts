/**
 * `npm run bench:tls-report [-- --size MB] [--format w3c|json]`: throughput and peak memory of
 * `npm run tls-report` on a generated CloudFront log set.
 *
 * Generates gzipped CloudFront standard logs (the format and compression CloudFront delivers: legacy
 * tab-separated W3C by default, or with `--format json` standard logging v2 JSON lines with the TLS
 * audit's fields) in a temporary folder, at two sizes — a tenth of `--size` and `--size` (default 1024 MB of log text) — and
 * runs the report on each in a child process, which reports its own peak RSS
 * (`process.resourceUsage().maxRSS`). Streaming holds if the peak does not grow with the input.
 * Every line carries an (ssl-protocol, ssl-cipher) pair, so the run includes the per-pair counting and
 * the client IP / user agent sets behind the policy impact.
 * The temporary files are removed at the end, also on Ctrl-C.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { TlsReport } from "../tools/tls-report/aggregate";
import { runTlsReport } from "../tools/tls-report/cli";
import { CLOUDFRONT_STANDARD_LOG_FIELDS, TLS_AUDIT_LOG_FIELDS } from "../components/cloudfront-facts";
import { Issue, checkOneOf, throwIfIssues } from "../components/validation";
import { CommandHelp, DocumentedOptionSpecs, Writer, argumentsOrExitCode, TYPESCRIPT_LOADER, parseCommandLine, runAsMain, wholeNumberArgument } from "../tools/cli-args";

const MB = 1024 * 1024;

// The 33 documented fields, in order (the list the TLS audit's Athena table is built from).
const FIELDS = CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field).join(" ");

const AGENTS = [
    "Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/124.0%20Safari/537.36",
    "Mozilla/5.0%20(iPhone;%20CPU%20iPhone%20OS%2017_4%20like%20Mac%20OS%20X)%20AppleWebKit/605.1.15%20Mobile/15E148",
    "Java/1.6.0_45",
    "Mozilla/4.0%20(compatible;%20MSIE%208.0;%20Windows%20NT%205.1;%20Trident/4.0)",
    "okhttp/3.12.13",
    "curl/7.29.0",
];
// Roughly what a legacy front sees: mostly modern clients, a tail of old ones, a few plain-HTTP redirects.
const PROTOCOLS: [string, string, number][] = [
    ["TLSv1.3", "TLS_AES_128_GCM_SHA256", 55],
    ["TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", 35],
    ["TLSv1.1", "ECDHE-RSA-AES128-SHA", 3],
    ["TLSv1", "ECDHE-RSA-AES128-SHA", 6],
    ["-", "-", 1],
];

/** A deterministic pseudo-random generator, so every run generates the same log set. */
function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (s * 1664525 + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}

/** What the bench generates, by `--format`: legacy W3C files, or v2 JSON lines. */
const FORMATS = ["w3c", "json"] as const;
type Format = (typeof FORMATS)[number];
/** What each format is, as `--help` says it. */
const FORMAT_HELP: Readonly<Record<Format, string>> = {
    w3c: "legacy tab-separated W3C files, as CloudFront delivers them",
    json: "standard logging v2 JSON lines with the TLS audit's fields",
};
const DEFAULT_FORMAT: Format = "w3c";
/** Megabytes of log text of the larger set when `--size` is not given, and the limits of `--size`. */
const SIZE_MB = { default: 1024, min: 10, max: 10240 } as const;

const OPTIONS = {
    size: {
        type: "string",
        argument: "MB",
        description: `megabytes of log text of the larger set (the smaller is a tenth of it), ${SIZE_MB.min} to ${SIZE_MB.max}`,
        defaultValue: String(SIZE_MB.default),
    },
    format: { type: "string", argument: "FORMAT", description: "the log format generated", defaultValue: DEFAULT_FORMAT, allowed: FORMAT_HELP },
    child: { type: "string", argument: "DIR", description: "internal, how the bench runs each measurement: report on DIR in this process and print the measurements as JSON" },
    help: { type: "boolean", description: "print this help and exit" },
} as const satisfies DocumentedOptionSpecs;

/** The command line of `npm run bench:tls-report`: the options {@link parseBenchTlsReportArguments} accepts, and its `--help`. */
export const BENCH_TLS_REPORT_COMMAND: CommandHelp<typeof OPTIONS> = {
    tool: "bench:tls-report",
    command: "npm run bench:tls-report",
    summary: "throughput and peak memory of tls-report on generated, gzipped CloudFront logs",
    synopsis: ["[--size MB] [--format FORMAT] | --child DIR"],
    options: OPTIONS,
    exitCodes: {
        0: "the measurements printed, as a markdown table",
        1: "the report failed or counted other than what was generated, or an unexpected error",
        2: "bad arguments",
        130: "interrupted (Ctrl-C), after removing the generated files",
    },
    examples: [
        { what: `the default run: ${Math.round(SIZE_MB.default / 10)} MB, then ${SIZE_MB.default} MB of ${DEFAULT_FORMAT} log text`, argv: [] },
        { what: "a quick run on standard logging v2 JSON", argv: ["--size", "100", "--format", "json"] },
    ],
    notes: ["Streaming holds if the peak memory does not grow with the input. The generated files are in a temporary folder, removed at the end."],
};

/** The parsed command line of `npm run bench:tls-report`. */
export interface BenchTlsReportArguments {
    /** `--size`, in MB. @default 1024 */
    readonly size: number;
    /** `--format`. @default "w3c" */
    readonly format: Format;
    /** `--child`: the folder to report on, in child mode. */
    readonly child?: string;
    /** `--help`. */
    readonly help: boolean;
}

/** Parses the command line; throws a {@link ValidationError} listing every problem. */
export function parseBenchTlsReportArguments(argv: readonly string[]): BenchTlsReportArguments {
    const SUBJECT = "the command line of bench:tls-report";
    const { size, format, child, help } = parseCommandLine(SUBJECT, argv, BENCH_TLS_REPORT_COMMAND.options).values;
    const issues: Issue[] = [];
    const sizeMb = size === undefined ? SIZE_MB.default : wholeNumberArgument("--size", size, SIZE_MB.min, SIZE_MB.max, issues);
    const chosen = format === undefined ? DEFAULT_FORMAT : checkOneOf("--format", format, FORMATS, issues) ? format : undefined;
    throwIfIssues(SUBJECT, issues);
    return { size: sizeMb ?? SIZE_MB.default, format: chosen ?? DEFAULT_FORMAT, child, help: help === true };
}

// A legacy line's values as a v2 JSON record with the TLS audit's fields (every value a string).
const LEGACY_FIELD_NAMES: readonly string[] = CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field);
function asJson(values: readonly string[]): string {
    return JSON.stringify(Object.fromEntries(TLS_AUDIT_LOG_FIELDS.map((f) => [f, values[LEGACY_FIELD_NAMES.indexOf(f)]])));
}

/** A block of log lines for one day, built from a small pool of IPs, paths and agents. */
function block(day: string, bytes: number, rand: () => number, format: Format): Buffer {
    const lines: string[] = [];
    let size = 0;
    const weightTotal = PROTOCOLS.reduce((n, [, , w]) => n + w, 0);
    while (size < bytes) {
        let pick = rand() * weightTotal;
        const [protocol, cipher] = PROTOCOLS.find(([, , w]) => (pick -= w) < 0) ?? PROTOCOLS[0];
        const ip = `198.51.100.${Math.floor(rand() * 250) + 1}`;
        const time = `${String(Math.floor(rand() * 24)).padStart(2, "0")}:${String(Math.floor(rand() * 60)).padStart(2, "0")}:${String(Math.floor(rand() * 60)).padStart(2, "0")}`;
        const https = protocol !== "-";
        const values = [
            day, time, "FRA56-C1", String(1000 + Math.floor(rand() * 90000)), ip, "GET", "d111111abcdef8.cloudfront.net",
            `/content/item-${Math.floor(rand() * 5000)}.bin`, https ? "200" : "301", "-", AGENTS[Math.floor(rand() * AGENTS.length)], "-", "-",
            https ? "Hit" : "Redirect", `${Math.floor(rand() * 1e12).toString(36)}EXAMPLE==`, "legacy.example.com", https ? "https" : "http",
            "180", "0.012", "-", protocol, cipher, https ? "Hit" : "Redirect", "HTTP/1.1", "-", "-", String(40000 + Math.floor(rand() * 20000)),
            "0.010", https ? "Hit" : "Redirect", "application/octet-stream", "52000", "-", "-",
        ];
        const line = format === "json" ? asJson(values) : values.join("\t");
        lines.push(line);
        size += line.length + 1;
    }
    return Buffer.from(`${lines.join("\n")}\n`);
}

/** Writes `totalBytes` of log text as gzipped files under `dir` (nested by day); returns the line count. */
async function generate(dir: string, totalBytes: number, format: Format): Promise<{ files: number; lines: number }> {
    const rand = random(42);
    const days = Array.from({ length: 7 }, (_, i) => `2024-05-0${i + 1}`);
    const blocks = days.map((d) => block(d, 2 * MB, rand, format));
    const linesPerBlock = blocks.map((b) => b.toString("latin1").split("\n").length - 1);
    const fileBytes = Math.min(64 * MB, Math.max(MB, Math.floor(totalBytes / 4)));
    // v2 JSON has no header: every line names its fields.
    const header = Buffer.from(format === "json" ? "" : `#Version: 1.0\n#Fields: ${FIELDS}\n`);
    let written = 0;
    let files = 0;
    let lines = 0;
    while (written < totalBytes) {
        const d = files % days.length;
        const file = path.join(dir, "EDFDVBD6EXAMPLE", days[d].slice(0, 7), `EDFDVBD6EXAMPLE.${days[d]}-${String(files % 24).padStart(2, "0")}.${files}.gz`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Level 1: generation must be fast; the report's cost is in gunzip, which does not depend on the level.
        const gzip = zlib.createGzip({ level: 1 });
        const out = fs.createWriteStream(file);
        const done = new Promise<void>((resolve, reject) => {
            out.on("finish", resolve);
            out.on("error", reject);
            gzip.on("error", reject);
        });
        gzip.pipe(out);
        gzip.write(header);
        let inFile = 0;
        while (inFile < fileBytes && written < totalBytes) {
            if (!gzip.write(blocks[d])) await new Promise((r) => gzip.once("drain", r));
            inFile += blocks[d].length;
            written += blocks[d].length;
            lines += linesPerBlock[d];
        }
        gzip.end();
        await done;
        files++;
    }
    return { files, lines };
}

interface ChildResult {
    /** Time inside runTlsReport. */
    elapsedMs: number;
    /** Peak resident set size of the child process, in kilobytes. */
    maxRssKb: number;
    /** RSS after loading the modules, before reading any log. */
    startRssKb: number;
    requests: number;
    /** Requests counted per (protocol, cipher) pair: must equal `requests`. */
    pairRequests: number;
    /** Requests TLSv1.2_2021 would refuse, certainly and maybe (a sanity check of the policy impact). */
    tls12_2021Refused: number;
    malformed: number;
}

/** Child mode: run the report on `dir`, print the measurements as JSON. */
async function child(dir: string): Promise<void> {
    const startRssKb = Math.round(process.memoryUsage().rss / 1024);
    let json = "";
    const started = process.hrtime.bigint();
    const code = await runTlsReport([dir, "--json"], (t) => (json += t), (t) => process.stderr.write(t));
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const report = JSON.parse(json) as TlsReport;
    const result: ChildResult = {
        elapsedMs,
        maxRssKb: process.resourceUsage().maxRSS,
        startRssKb,
        requests: report.bySource.cloudfront.requests,
        pairRequests: report.byProtocolCipher.reduce((n, p) => n + p.requests, 0),
        tls12_2021Refused: report.policyImpact["TLSv1.2_2021"].refusedRequests + report.policyImpact["TLSv1.2_2021"].mayRefuseRequests,
        malformed: report.malformed.total,
    };
    process.stdout.write(JSON.stringify(result));
    process.exit(code);
}

function runChild(dir: string): Promise<ChildResult & { wallMs: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            ["-r", TYPESCRIPT_LOADER, __filename, "--child", dir],
            { cwd: path.resolve(__dirname, ".."), maxBuffer: 16 * MB },
            (error, stdout, stderr) => {
                if (error) return reject(new Error(`report failed: ${stderr || error.message}`));
                resolve({ ...(JSON.parse(stdout) as ChildResult), wallMs: Date.now() - started });
            },
        );
    });
}

async function main(argv: readonly string[], out: Writer, err: Writer): Promise<number> {
    const args = argumentsOrExitCode(BENCH_TLS_REPORT_COMMAND, () => parseBenchTlsReportArguments(argv), out, err);
    if (typeof args === "number") return args;
    if (args.child !== undefined) {
        await child(args.child);
        return 0;
    }
    const { size, format } = args;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-tls-report-"));
    const cleanup = (): void => fs.rmSync(root, { recursive: true, force: true });
    process.once("SIGINT", () => {
        cleanup();
        process.exit(130);
    });
    try {
        process.stdout.write(`Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), temp dir ${root}\n`);
        const rows: string[] = [];
        for (const mb of [Math.max(1, Math.round(size / 10)), size]) {
            const dir = path.join(root, `${mb}mb`);
            const genStart = Date.now();
            const { files, lines } = await generate(dir, mb * MB, format);
            const gzBytes = dirBytes(dir);
            process.stdout.write(`generated ${mb} MB of ${format === "json" ? "v2 JSON" : "legacy W3C"} log text (${lines} lines, ${files} .gz files, ${(gzBytes / MB).toFixed(0)} MB on disk) in ${((Date.now() - genStart) / 1000).toFixed(1)} s\n`);
            const r = await runChild(dir);
            if (r.requests !== lines) throw new Error(`the report counted ${r.requests} requests, the generator wrote ${lines}`);
            if (r.pairRequests !== lines) throw new Error(`the report counted ${r.pairRequests} requests by (protocol, cipher), the generator wrote ${lines}`);
            // TLSv1 and TLSv1.1 lines (about 9%) are refused by TLSv1.2_2021; TLSv1.2 with ECDHE-RSA-AES128-GCM-SHA256 is served.
            if (r.tls12_2021Refused === 0) throw new Error("the policy impact found no request TLSv1.2_2021 would refuse");
            rows.push(
                `| ${mb} MB | ${files} | ${lines.toLocaleString("en-US")} | ${(r.elapsedMs / 1000).toFixed(1)} s | ${(r.wallMs / 1000).toFixed(1)} s | ` +
                    `${Math.round(lines / (r.elapsedMs / 1000)).toLocaleString("en-US")} | ${((mb * MB) / MB / (r.elapsedMs / 1000)).toFixed(0)} MB/s | ` +
                    `${(r.startRssKb / 1024).toFixed(0)} MB | ${(r.maxRssKb / 1024).toFixed(0)} MB |`,
            );
            rmDir(dir);
        }
        process.stdout.write(
            [
                "",
                "| log text | .gz files | lines | report time | wall (with startup) | lines/s | throughput | RSS at start | peak RSS |",
                "|---|---|---|---|---|---|---|---|---|",
                ...rows,
                "",
            ].join("\n"),
        );
    } finally {
        cleanup();
    }
    return 0;
}

function dirBytes(dir: string): number {
    let total = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
    }
    return total;
}

function rmDir(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) {
    runAsMain("bench:tls-report", (argv) =>
        main(
            argv,
            (t) => process.stdout.write(t),
            (t) => process.stderr.write(t),
        ),
    );
}

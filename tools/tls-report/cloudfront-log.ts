/**
 * CloudFront standard (access) logs, legacy and v2:
 *
 * - W3C extended format with a `#Fields:` header line (legacy files also have `#Version:`), the
 *   values tab-separated as legacy logging writes them; a v2 W3C file separated by spaces is read too.
 *   Columns are located by the `#Fields` line rather than by position, so a log with fields added,
 *   removed or reordered (a v2 delivery selects its own) is still read right.
 * - v2 JSON: one object per line, keyed by the field names of the reference (`date`, `c-ip`,
 *   `cs(User-Agent)`, `ssl-protocol`, `ssl-cipher`, …), every value a string, `-` for none. A delivery
 *   may select `timestamp(ms)` or `timestamp` instead of `date` and `time`.
 *
 * The user agent stays URL-encoded as logged, in both; the report decodes it.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#BasicDistributionFileFormat
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html (v2 fields and output formats)
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-manual-json.html (the v2 JSON keys)
 */
import { TlsUsage } from "./aggregate";
import { Since } from "./args";
import { eachLine } from "./input-files";
import { NO_CIPHER_FIELD } from "./policy-impact";

// CloudFront does not log requests whose URL exceeds 8192 bytes or whose headers exceed 20 KB, so a
// real line is far shorter than this; a longer one is garbage and is not buffered.
const MAX_LINE_CHARS = 256 * 1024;

/** Column indexes a `#Fields` line gives, or why it cannot be used. */
export type FieldLayout =
    | {
          readonly ok: true;
          /** Number of fields every data line must have. */
          readonly count: number;
          /** Index of `date`. */
          readonly date: number;
          /** Index of `time`, -1 when absent (then `--since` compares days only). */
          readonly time: number;
          /** Index of `ssl-protocol`. */
          readonly protocol: number;
          /** Index of `ssl-cipher`, -1 when absent (then every request's pair is unclassified). */
          readonly cipher: number;
          /** Index of `c-ip`, -1 when absent. */
          readonly clientIp: number;
          /** Index of `cs(User-Agent)`, -1 when absent. */
          readonly userAgent: number;
      }
    | {
          readonly ok: false;
          /** Why the data lines under this header cannot be read. */
          readonly reason: string;
      };

/**
 * Reads a `#Fields:` header. `date` and `ssl-protocol` are required; `time`, `ssl-cipher`, `c-ip`,
 * `cs(User-Agent)` are used when present (-1 otherwise).
 */
export function parseFieldsHeader(line: string): FieldLayout {
    const names = line.slice("#Fields:".length).trim().split(/\s+/).filter((n) => n.length > 0);
    const missing = ["date", "ssl-protocol"].filter((n) => !names.includes(n));
    if (missing.length > 0) return { ok: false, reason: `the #Fields header has no ${missing.join(" or ")} field` };
    return {
        ok: true,
        count: names.length,
        date: names.indexOf("date"),
        time: names.indexOf("time"),
        protocol: names.indexOf("ssl-protocol"),
        cipher: names.indexOf("ssl-cipher"),
        clientIp: names.indexOf("c-ip"),
        userAgent: names.indexOf("cs(User-Agent)"),
    };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function wantedFields(layout: Extract<FieldLayout, { ok: true }>): boolean[] {
    const wanted = new Array<boolean>(layout.count).fill(false);
    for (const i of [layout.date, layout.time, layout.protocol, layout.cipher, layout.clientIp, layout.userAgent]) if (i >= 0) wanted[i] = true;
    return wanted;
}

/**
 * Splits a line at `separator` (a tab, as legacy logging writes; v2 W3C may use a space), but only
 * copies the columns marked in `wanted` (into `into`, by index); returns the number of columns. A
 * log line has 33 columns and the report needs six, so this saves most of the work and garbage of
 * `split("\t")` on a 1 GB log set.
 */
export function pickFields(line: string, wanted: readonly boolean[], into: string[], separator = "\t"): number {
    let start = 0;
    let column = 0;
    for (;;) {
        const tab = line.indexOf(separator, start);
        const end = tab === -1 ? line.length : tab;
        if (wanted[column]) into[column] = line.slice(start, end);
        column++;
        if (tab === -1) return column;
        start = tab + 1;
    }
}

/**
 * Streams one CloudFront log into `usage`. Every data line that does not fit the current `#Fields`
 * header is counted as malformed and skipped.
 */
export async function readCloudFrontLog(file: string, chunks: AsyncIterable<string>, usage: TlsUsage, since: Since | undefined): Promise<void> {
    let layout: FieldLayout = { ok: false, reason: "data line before any #Fields header" };
    let wanted: boolean[] = [];
    // Reused for every line: only the wanted columns are filled in (see pickFields).
    const picked: string[] = [];
    let lineNumber = 0;
    const malformed = (why: string): void => usage.addMalformed(file, `line ${lineNumber}: ${why}`);

    // The separator of the lines under the current header: a tab unless the first of them has none
    // and splits at spaces into the declared number of fields (a v2 W3C file written that way).
    let separator: string | undefined;

    const onLine = (raw: string): void => {
        lineNumber++;
        const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
        if (line.length === 0) return;
        if (line.charCodeAt(0) === 35 /* # */) {
            if (line.startsWith("#Fields:")) {
                layout = parseFieldsHeader(line);
                wanted = layout.ok ? wantedFields(layout) : [];
                separator = undefined;
            }
            return;
        }
        if (!layout.ok) return malformed(layout.reason);
        separator ??= !line.includes("\t") && layout.count > 1 && line.split(" ").length === layout.count ? " " : "\t";
        const count = pickFields(line, wanted, picked, separator);
        if (count !== layout.count) return malformed(`${count} fields, #Fields declares ${layout.count}`);
        const date = picked[layout.date];
        if (!DATE.test(date)) return malformed(`date ${JSON.stringify(date.slice(0, 40))} is not YYYY-MM-DD`);
        const protocol = picked[layout.protocol];
        if (protocol === "") return malformed("ssl-protocol is empty");
        if (since !== undefined && (date < since.day || (date === since.day && layout.time >= 0 && picked[layout.time] < since.time))) {
            usage.addBeforeSince("cloudfront");
            return;
        }
        usage.addCloudFront(
            date,
            protocol,
            layout.cipher >= 0 ? picked[layout.cipher] : NO_CIPHER_FIELD,
            layout.clientIp >= 0 ? picked[layout.clientIp] : "-",
            layout.userAgent >= 0 ? picked[layout.userAgent] : "-",
        );
    };

    await eachLine(chunks, onLine, () => {
        lineNumber++;
        malformed(`longer than ${MAX_LINE_CHARS} characters`);
    }, MAX_LINE_CHARS);
}

// A v2 JSON value as the report keeps it: strings as they are, numbers and booleans as text, anything
// else (null, objects) as absent.
function text(value: unknown): string | undefined {
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return undefined;
}

// The first of `keys` a record has, as text.
function field(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
    for (const key of keys) {
        const value = text(record[key]);
        if (value !== undefined) return value;
    }
    return undefined;
}

// Where each value of the report is in a v2 record. The reference's names first; the real-time log
// spellings (`cs-user-agent`) too, in case a delivery writes them.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/real-time-logs.html
const V2_KEYS = {
    protocol: ["ssl-protocol"],
    cipher: ["ssl-cipher"],
    clientIp: ["c-ip"],
    userAgent: ["cs(User-Agent)", "cs-user-agent"],
} as const;

/**
 * The day (`YYYY-MM-DD`) and time (`HH:MM:SS`) of a v2 record: `date` and `time`, else `timestamp(ms)`
 * (milliseconds since the epoch) or `timestamp` (seconds, with a fraction). Both in UTC.
 */
export function whenOf(record: Record<string, unknown>): { day: string; time: string } | { reason: string } {
    const date = text(record.date);
    if (date !== undefined) {
        if (!DATE.test(date)) return { reason: `date ${JSON.stringify(date.slice(0, 40))} is not YYYY-MM-DD` };
        return { day: date, time: text(record.time) ?? "" };
    }
    const ms = text(record["timestamp(ms)"]);
    const seconds = text(record.timestamp);
    const epochMs = ms !== undefined ? Number(ms) : seconds !== undefined ? Number(seconds) * 1000 : NaN;
    if (ms === undefined && seconds === undefined) return { reason: "no date, timestamp(ms) or timestamp field" };
    if (!Number.isFinite(epochMs)) return { reason: `${ms !== undefined ? "timestamp(ms)" : "timestamp"} ${JSON.stringify((ms ?? seconds ?? "").slice(0, 40))} is not a number` };
    const iso = new Date(epochMs).toISOString();
    return { day: iso.slice(0, 10), time: iso.slice(11, 19) };
}

/**
 * Streams one v2 JSON CloudFront log into `usage`: one object per line. A line that is not a JSON
 * object, has no `ssl-protocol` or no usable date is counted as malformed and skipped.
 */
export async function readCloudFrontJsonLog(file: string, chunks: AsyncIterable<string>, usage: TlsUsage, since: Since | undefined): Promise<void> {
    let lineNumber = 0;
    const malformed = (why: string): void => usage.addMalformed(file, `line ${lineNumber}: ${why}`);
    const onLine = (raw: string): void => {
        lineNumber++;
        const line = raw.trim();
        if (line.length === 0) return;
        let record: unknown;
        try {
            record = JSON.parse(line);
        } catch {
            return malformed("not a JSON object");
        }
        if (typeof record !== "object" || record === null || Array.isArray(record)) return malformed("not a JSON object");
        const r = record as Record<string, unknown>;
        const protocol = field(r, V2_KEYS.protocol);
        if (protocol === undefined) return malformed("no ssl-protocol field (select it in the delivery's record fields)");
        if (protocol === "") return malformed("ssl-protocol is empty");
        const when = whenOf(r);
        if ("reason" in when) return malformed(when.reason);
        if (since !== undefined && (when.day < since.day || (when.day === since.day && when.time !== "" && when.time < since.time))) {
            usage.addBeforeSince("cloudfront");
            return;
        }
        usage.addCloudFront(when.day, protocol, field(r, V2_KEYS.cipher) ?? NO_CIPHER_FIELD, field(r, V2_KEYS.clientIp) ?? "-", field(r, V2_KEYS.userAgent) ?? "-");
    };
    await eachLine(chunks, onLine, () => {
        lineNumber++;
        malformed(`longer than ${MAX_LINE_CHARS} characters`);
    }, MAX_LINE_CHARS);
}

/**
 * CloudFront standard (access) logs: W3C extended format, tab-separated, with `#Version:` and
 * `#Fields:` header lines. Columns are located by the `#Fields` line rather than by position, so a
 * log with fields added, removed or reordered is still read right.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#BasicDistributionFileFormat
 */
import { TlsUsage } from "./aggregate";
import { Since } from "./args";
import { eachLine } from "./input-files";

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

/** Reads a `#Fields:` header. `date` and `ssl-protocol` are required; `time`, `c-ip`, `cs(User-Agent)` are used when present (-1 otherwise). */
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
        clientIp: names.indexOf("c-ip"),
        userAgent: names.indexOf("cs(User-Agent)"),
    };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function wantedFields(layout: Extract<FieldLayout, { ok: true }>): boolean[] {
    const wanted = new Array<boolean>(layout.count).fill(false);
    for (const i of [layout.date, layout.time, layout.protocol, layout.clientIp, layout.userAgent]) if (i >= 0) wanted[i] = true;
    return wanted;
}

/**
 * Splits a tab-separated line, but only copies the columns marked in `wanted` (into `into`, by
 * index); returns the number of columns. A log line has 33 columns and the report needs five, so
 * this saves most of the work and garbage of `split("\t")` on a 1 GB log set.
 */
export function pickFields(line: string, wanted: readonly boolean[], into: string[]): number {
    let start = 0;
    let column = 0;
    for (;;) {
        const tab = line.indexOf("\t", start);
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

    const onLine = (raw: string): void => {
        lineNumber++;
        const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
        if (line.length === 0) return;
        if (line.charCodeAt(0) === 35 /* # */) {
            if (line.startsWith("#Fields:")) {
                layout = parseFieldsHeader(line);
                wanted = layout.ok ? wantedFields(layout) : [];
            }
            return;
        }
        if (!layout.ok) return malformed(layout.reason);
        const count = pickFields(line, wanted, picked);
        if (count !== layout.count) return malformed(`${count} fields, #Fields declares ${layout.count}`);
        const date = picked[layout.date];
        if (!DATE.test(date)) return malformed(`date ${JSON.stringify(date.slice(0, 40))} is not YYYY-MM-DD`);
        const protocol = picked[layout.protocol];
        if (protocol === "") return malformed("ssl-protocol is empty");
        if (since !== undefined && (date < since.day || (date === since.day && layout.time >= 0 && picked[layout.time] < since.time))) {
            usage.addBeforeSince("cloudfront");
            return;
        }
        usage.addCloudFront(date, protocol, layout.clientIp >= 0 ? picked[layout.clientIp] : "-", layout.userAgent >= 0 ? picked[layout.userAgent] : "-");
    };

    await eachLine(chunks, onLine, () => {
        lineNumber++;
        malformed(`longer than ${MAX_LINE_CHARS} characters`);
    }, MAX_LINE_CHARS);
}

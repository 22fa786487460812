/**
 * Finding and opening the log files: folders are walked recursively in name order, following links
 * but reading each real file once (by device and inode) and never looping, gzip is detected
 * by its magic bytes (CloudFront and CloudTrail both deliver `.gz`, but copies get renamed), and the
 * kind of log is told from the first non-blank text: a `#Version`/`#Fields` header is a CloudFront W3C
 * log (legacy, or v2 in W3C format), a JSON object whose first key is a CloudFront field is a v2 JSON
 * log, and `{"Records":…}` (or any other JSON) is CloudTrail's. Parquet (v2's columnar format) is
 * recognized by its magic bytes and skipped with the reason.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import * as zlib from "node:zlib";
import { CLOUDFRONT_JSON_LOG_KEYS } from "../../components/cloudfront-facts";

/** A command-line path that does not exist or cannot be listed (the CLI exits 2). */
export class InputPathError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputPathError";
    }
}

/** A path found but not read, and why. */
export interface PathNotRead {
    /** The path, as given or as found under a folder given. */
    readonly file: string;
    /** Why, e.g. `same file as logs/a.log` or `a link back to logs, a folder it is in (a loop)`. */
    readonly reason: string;
}

/** What {@link listInputFiles} found. */
export interface InputFiles {
    /** The files to read: each real file once, in command-line order, folders in name order. */
    readonly files: readonly string[];
    /**
     * Paths not read because they are a file or folder read already: reached again through a symbolic
     * or hard link, given twice, or a link to a folder it is in (a loop). The first path found is read.
     */
    readonly duplicates: readonly PathNotRead[];
    /** Entries of folders that are neither a file nor a folder (FIFOs, sockets, devices): never opened. */
    readonly special: readonly PathNotRead[];
}

// A file or folder by identity: device and inode, so links (symbolic or hard) to it are one key.
type Identity = string;

function identityOf(stat: fs.BigIntStats): Identity {
    return `${stat.dev}:${stat.ino}`;
}

interface Walk {
    readonly files: string[];
    readonly duplicates: PathNotRead[];
    readonly special: PathNotRead[];
    /** Files and folders read so far: identity → the first path and whether it was given on the command line. */
    readonly seen: Map<Identity, { readonly path: string; readonly given: boolean }>;
}

/**
 * Every file under `paths` (files as given, folders recursively, following symbolic links), each real
 * file once: files and folders are told apart by device and inode, so a link to something read
 * already, a hard link, a path given twice and a link to a folder it is in (which would otherwise loop
 * forever, or multiply with two such links) are listed in {@link InputFiles.duplicates} instead.
 * Throws an {@link InputPathError} for a command-line path that does not exist or a folder that
 * cannot be listed.
 */
export async function listInputFiles(paths: readonly string[]): Promise<InputFiles> {
    const walk: Walk = { files: [], duplicates: [], special: [], seen: new Map() };
    for (const p of paths) {
        let stat: fs.BigIntStats;
        try {
            stat = await fs.promises.stat(p, { bigint: true });
        } catch (error) {
            throw new InputPathError(`${p}: ${describeFsError(error)}`);
        }
        // A path given is read whatever it is (a FIFO from <(zcat …) included); only folders are walked.
        if (stat.isDirectory()) await walkFolder(p, stat, new Map(), walk, true);
        else addFile(p, stat, walk, true);
    }
    return { files: walk.files, duplicates: walk.duplicates, special: walk.special };
}

function addFile(file: string, stat: fs.BigIntStats, walk: Walk, given: boolean): void {
    const id = identityOf(stat);
    const first = walk.seen.get(id);
    if (first === undefined) {
        walk.seen.set(id, { path: file, given });
        walk.files.push(file);
    } else {
        walk.duplicates.push({ file, reason: sameAs("file", file, first, given) });
    }
}

function sameAs(kind: "file" | "folder", file: string, first: { readonly path: string; readonly given: boolean }, given: boolean): string {
    if (first.path !== file) return kind === "file" ? `same file as ${first.path}` : `same folder as ${first.path}, read already`;
    return given && first.given ? "given twice on the command line" : "given twice (on the command line and in a folder)";
}

// The stat of `file` following links, `undefined` when it cannot be had (a broken link, a loop of links, no permission).
function statOrUndefined(file: string): fs.BigIntStats | undefined {
    try {
        return fs.statSync(file, { bigint: true });
    } catch {
        return undefined;
    }
}

// `ancestors`: the folders being walked around this one (identity → path), to tell a loop from a
// folder merely reached twice.
async function walkFolder(dir: string, stat: fs.BigIntStats, ancestors: Map<Identity, string>, walk: Walk, given: boolean): Promise<void> {
    const id = identityOf(stat);
    const around = ancestors.get(id);
    if (around !== undefined) {
        walk.duplicates.push({ file: dir, reason: `a link back to ${around}, a folder it is in (a loop)` });
        return;
    }
    const first = walk.seen.get(id);
    if (first !== undefined) {
        walk.duplicates.push({ file: dir, reason: sameAs("folder", dir, first, given) });
        return;
    }
    walk.seen.set(id, { path: dir, given });
    let names: string[];
    try {
        names = await fs.promises.readdir(dir);
    } catch (error) {
        throw new InputPathError(`${dir}: ${describeFsError(error)}`);
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const inner = new Map(ancestors).set(id, dir);
    for (const name of names) {
        const full = path.join(dir, name);
        // Follows symbolic links: log sets are often assembled from links. A synchronous stat (about
        // 10 µs per entry, half the cost of a promise): nothing else runs alongside the walk.
        const entry = statOrUndefined(full);
        // A broken link or an unreadable entry is listed as a file: reading it reports the error.
        if (entry === undefined) walk.files.push(full);
        else if (entry.isDirectory()) await walkFolder(full, entry, inner, walk, false);
        else if (entry.isFile()) addFile(full, entry, walk, false);
        else walk.special.push({ file: full, reason: "not a regular file (a FIFO, socket or device), not opened" });
    }
}

/** `ENOENT (no such file or directory)` and the like. */
export function describeFsError(error: unknown): string {
    const e = error as NodeJS.ErrnoException;
    const known: Record<string, string> = {
        ENOENT: "no such file or directory",
        EACCES: "permission denied",
        EISDIR: "is a directory",
        ENOTDIR: "not a directory",
    };
    return e.code && known[e.code] ? `${known[e.code]} (${e.code})` : (e.message ?? String(error));
}

/** How a CloudFront log file is written: W3C (a `#Fields` header, legacy or v2) or v2 JSON lines. */
export type CloudFrontFormat = "w3c" | "json";

/** An opened log: what kind it is and its decoded text, chunk by chunk. */
export type OpenedLog =
    | { readonly kind: "cloudfront"; readonly format: CloudFrontFormat; readonly chunks: AsyncIterable<string>; close(): void }
    | { readonly kind: "cloudtrail"; readonly chunks: AsyncIterable<string>; close(): void }
    | { readonly kind: "unknown"; readonly reason: string };

// Enough text to see past a byte-order mark and blank lines to the first header or brace.
const SNIFF_CHARS = 4096;

/** Why a file that is no log this report reads is skipped. */
export const NOT_A_LOG = "neither a CloudFront standard log (#Version/#Fields header, or v2 JSON lines) nor a CloudTrail file (JSON)";

/**
 * Why a Parquet file is skipped: standard logging (v2) writes Parquet when asked, for Athena.
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-partition-parquet.html
 */
export const PARQUET_SKIPPED = "a Parquet file (CloudFront standard logging v2 with output format parquet): query it with Athena; tls-report reads the json and w3c formats";

// The first key of a JSON object at the start of `text` (`{"date":…` gives `date`), if it is plain.
const FIRST_KEY = /^\{\s*"([^"\\]{1,64})"\s*:/;

/**
 * What the start of a JSON file is: CloudTrail writes `{"Records":[…]}` (digest files other keys, and
 * they are CloudTrail's too); a v2 JSON log is one flat object per line keyed by CloudFront field names,
 * in the order of the delivery's record fields. A first key that is a known field decides; otherwise a
 * first line that parses to an object with `ssl-protocol` does.
 */
export function jsonLogKind(start: string): "cloudfront" | "cloudtrail" {
    const key = FIRST_KEY.exec(start)?.[1];
    if (key === "Records") return "cloudtrail";
    if (key !== undefined && CLOUDFRONT_JSON_LOG_KEYS.includes(key)) return "cloudfront";
    const newline = start.indexOf("\n");
    if (newline > 0) {
        try {
            const first: unknown = JSON.parse(start.slice(0, newline));
            if (typeof first === "object" && first !== null && !Array.isArray(first) && "ssl-protocol" in first) return "cloudfront";
        } catch {
            // Not one object per line: CloudTrail's single document, or not JSON (reported when read).
        }
    }
    return "cloudtrail";
}

/**
 * Opens `file`, gunzipping when it starts with the gzip magic bytes, and tells CloudFront standard
 * logs (W3C with `#Version:` / `#Fields:` headers, or v2 JSON lines) from CloudTrail files (a JSON
 * document). Read errors, including corrupt gzip data, surface when `chunks` is iterated.
 */
export async function openLog(file: string): Promise<OpenedLog> {
    const magic = await leadingBytes(file, 4);
    if (magic.equals(PARQUET_MAGIC)) return { kind: "unknown", reason: PARQUET_SKIPPED };
    const gzip = magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    let text: Readable = raw;
    if (gzip) {
        const gunzip = zlib.createGunzip({ chunkSize: 1 << 18 });
        raw.on("error", (e) => gunzip.destroy(e));
        text = raw.pipe(gunzip);
    }
    text.setEncoding("utf8");
    const iterator: AsyncIterator<string> = text[Symbol.asyncIterator]();
    const close = (): void => {
        text.destroy();
        raw.destroy();
    };

    let head = "";
    const buffered: string[] = [];
    while (head.trimStart().length === 0 && head.length < SNIFF_CHARS) {
        const next = await iterator.next().catch((e) => {
            close();
            throw e;
        });
        if (next.done) break;
        buffered.push(next.value);
        head += next.value;
    }
    const start = head.replace(/^\uFEFF/, "").trimStart();
    async function* chunks(): AsyncGenerator<string> {
        yield* buffered;
        for (;;) {
            const next = await iterator.next();
            if (next.done) return;
            yield next.value;
        }
    }
    if (start.startsWith("#Version:") || start.startsWith("#Fields:")) return { kind: "cloudfront", format: "w3c", chunks: chunks(), close };
    if (start.startsWith("{")) {
        return jsonLogKind(start) === "cloudfront" ? { kind: "cloudfront", format: "json", chunks: chunks(), close } : { kind: "cloudtrail", chunks: chunks(), close };
    }
    close();
    return { kind: "unknown", reason: start.length === 0 ? "empty file" : NOT_A_LOG };
}

// Parquet files start (and end) with these four bytes.
// https://parquet.apache.org/docs/file-format/
const PARQUET_MAGIC = Buffer.from("PAR1", "latin1");

// The first `n` bytes of `file` (fewer when it is shorter).
async function leadingBytes(file: string, n: number): Promise<Buffer> {
    const handle = await fs.promises.open(file, "r");
    try {
        const bytes = Buffer.alloc(n);
        const { bytesRead } = await handle.read(bytes, 0, n, 0);
        return bytes.subarray(0, bytesRead);
    } finally {
        await handle.close();
    }
}

/**
 * Calls `onLine` for every line of `chunks` (without the line break, `\r` included for the caller to
 * trim). A line longer than `maxLineChars` is not buffered: `onOverlong` is called once for it
 * instead, so a file without line breaks cannot exhaust memory.
 */
export async function eachLine(
    chunks: AsyncIterable<string>,
    onLine: (line: string) => void,
    onOverlong: () => void,
    maxLineChars: number,
): Promise<void> {
    let rest = "";
    let skipping = false;
    // Lines inside one chunk are bounded by the chunk size, but are held to the same limit so a
    // line is treated the same wherever the chunk boundaries fall.
    const emit = (line: string): void => (line.length > maxLineChars ? onOverlong() : onLine(line));
    for await (const chunk of chunks) {
        let start = 0;
        let nl = chunk.indexOf("\n");
        if (nl !== -1) {
            if (skipping) skipping = false;
            else emit(rest.length > 0 ? rest + chunk.slice(0, nl) : chunk.slice(0, nl));
            rest = "";
            start = nl + 1;
            while ((nl = chunk.indexOf("\n", start)) !== -1) {
                emit(chunk.slice(start, nl));
                start = nl + 1;
            }
        }
        if (skipping) continue;
        rest = start === 0 ? rest + chunk : chunk.slice(start);
        if (rest.length > maxLineChars) {
            onOverlong();
            rest = "";
            skipping = true;
        }
    }
    if (!skipping && rest.length > 0) emit(rest);
}

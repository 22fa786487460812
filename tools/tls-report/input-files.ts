/**
 * Finding and opening the log files: folders are walked recursively in name order, gzip is detected
 * by its magic bytes (CloudFront and CloudTrail both deliver `.gz`, but copies get renamed), and the
 * kind of log is told from the first non-blank text.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import * as zlib from "node:zlib";
import { LogSource } from "./sources";

/** A command-line path that does not exist or cannot be listed (the CLI exits 2). */
export class InputPathError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputPathError";
    }
}

/** Every file under `paths` (files as given, folders recursively), sorted, without duplicates. */
export async function listInputFiles(paths: readonly string[]): Promise<string[]> {
    const files = new Set<string>();
    for (const p of paths) {
        let stat: fs.Stats;
        try {
            stat = await fs.promises.stat(p);
        } catch (error) {
            throw new InputPathError(`${p}: ${describeFsError(error)}`);
        }
        if (stat.isDirectory()) await walk(p, files);
        else files.add(p);
    }
    return [...files];
}

async function walk(dir: string, into: Set<string>): Promise<void> {
    let entries: fs.Dirent[];
    try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (error) {
        throw new InputPathError(`${dir}: ${describeFsError(error)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
        const full = path.join(dir, entry.name);
        // Follow symbolic links to folders too: log sets are often assembled from links.
        const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await fs.promises.stat(full).catch(() => undefined))?.isDirectory());
        if (isDir) await walk(full, into);
        else into.add(full);
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

/** An opened log: what kind it is and its decoded text, chunk by chunk. */
export type OpenedLog =
    | { readonly kind: LogSource; readonly chunks: AsyncIterable<string>; close(): void }
    | { readonly kind: "unknown"; readonly reason: string };

// Enough text to see past a byte-order mark and blank lines to the first header or brace.
const SNIFF_CHARS = 4096;

/**
 * Opens `file`, gunzipping when it starts with the gzip magic bytes, and tells CloudFront standard
 * logs (`#Version:` / `#Fields:` headers) from CloudTrail files (a JSON object). Read errors,
 * including corrupt gzip data, surface when `chunks` is iterated.
 */
export async function openLog(file: string): Promise<OpenedLog> {
    const gzip = await startsWithGzipMagic(file);
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
    const kind: LogSource | undefined = start.startsWith("#Version:") || start.startsWith("#Fields:") ? "cloudfront" : start.startsWith("{") ? "cloudtrail" : undefined;
    if (kind === undefined) {
        close();
        return {
            kind: "unknown",
            reason: start.length === 0 ? "empty file" : "neither a CloudFront standard log (#Version/#Fields header) nor a CloudTrail file (JSON)",
        };
    }
    async function* chunks(): AsyncGenerator<string> {
        yield* buffered;
        for (;;) {
            const next = await iterator.next();
            if (next.done) return;
            yield next.value;
        }
    }
    return { kind, chunks: chunks(), close };
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
    const handle = await fs.promises.open(file, "r");
    try {
        const magic = Buffer.alloc(2);
        const { bytesRead } = await handle.read(magic, 0, 2, 0);
        return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
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

/**
 * The counting primitives the report's aggregators share: a counter that ranks its keys, a copy of a
 * key that does not pin the chunk it was sliced from, and CloudFront's field decoding.
 */
import { compareProtocols } from "./sources";

/** A value and how often it occurred. */
export interface Ranked {
    /** The client IP, user agent, principal or event source. */
    readonly value: string;
    /** Requests or calls. */
    readonly count: number;
}

/** Counts per key; new keys are stored as copies (see {@link ownCopy}). */
export class Counter {
    readonly counts = new Map<string, number>();

    /** Adds `n` to `key`. */
    add(key: string, n = 1): void {
        const count = this.counts.get(key);
        if (count !== undefined) this.counts.set(key, count + n);
        // A new key is stored as a copy: the parsers hand over substrings of a whole decoded chunk,
        // and V8 keeps that chunk alive for as long as the substring lives.
        else this.counts.set(ownCopy(key), n);
    }

    /** The `n` most frequent keys, after `mapKey` (which may merge keys); ties by value. */
    top(n: number, mapKey: (k: string) => string = (k) => k): Ranked[] {
        // mapKey may merge keys (two encodings of one user agent), so merge before ranking.
        const merged = new Counter();
        for (const [k, c] of this.counts) merged.add(mapKey(k), c);
        return [...merged.counts]
            .map(([value, count]) => ({ value, count }))
            .sort((a, b) => b.count - a.count || compareStrings(a.value, b.value))
            .slice(0, n);
    }

    /** The counts as an object, keys in protocol order (see {@link compareProtocols}). */
    record(): Record<string, number> {
        return Object.fromEntries([...this.counts].sort(([a], [b]) => compareProtocols(a, b)));
    }
}

/** Code-unit order, the same on every machine (unlike `localeCompare`). */
export function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `s` that shares no memory with the string it was sliced from. */
export function ownCopy(s: string): string {
    return Buffer.from(s, "utf8").toString("utf8");
}

/**
 * Decodes a CloudFront log field. CloudFront URL-encodes spaces, control characters, non-ASCII bytes
 * and a few more (`%20`, `%22`, …); a value that is not valid percent-encoding is shown as logged.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#LogFileFormat
 */
export function decodeLogField(value: string): string {
    if (!value.includes("%")) return value;
    try {
        return decodeURIComponent(value);
    } catch {
        return value;
    }
}

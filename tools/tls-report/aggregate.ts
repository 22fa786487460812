/**
 * Counts what the parsers find: requests per protocol for every request, and for legacy protocols
 * (below TLS 1.2) who made them, per UTC day. Memory is bounded by the number of distinct protocols
 * plus, for legacy traffic only, the distinct (day, client IP / user agent / principal / event
 * source) pairs — not by the size of the input.
 */
import { LEGACY_PROTOCOLS, LogSource, SOURCE_VISIBILITY, compareProtocols, isLegacyProtocol } from "./sources";

/** A value and how often it occurred. */
export interface Ranked {
    /** The client IP, user agent, principal or event source. */
    readonly value: string;
    /** Requests or calls. */
    readonly count: number;
}

/** Legacy CloudFront requests of one UTC day. */
export interface CloudFrontLegacyDay {
    /** `YYYY-MM-DD`, UTC, from the log's `date` field. */
    readonly day: string;
    /** Requests below TLS 1.2 that day. */
    readonly requests: number;
    /** Those requests per protocol. */
    readonly byProtocol: Readonly<Record<string, number>>;
    /** Top viewer IPs (`c-ip`). */
    readonly clientIps: readonly Ranked[];
    /** Top user agents, URL-decoded. */
    readonly userAgents: readonly Ranked[];
}

/** Legacy CloudTrail calls of one UTC day. */
export interface CloudTrailLegacyDay {
    /** `YYYY-MM-DD`, UTC, from `eventTime`. */
    readonly day: string;
    /** Calls below TLS 1.2 that day. */
    readonly calls: number;
    /** Those calls per `tlsDetails.tlsVersion`. */
    readonly byProtocol: Readonly<Record<string, number>>;
    /** Top principals (`userIdentity.arn`, or type and account). */
    readonly principals: readonly Ranked[];
    /** Top services called (`eventSource`). */
    readonly eventSources: readonly Ranked[];
    /** Top `sourceIPAddress` values. */
    readonly sourceIps: readonly Ranked[];
    /** Top `userAgent` values. */
    readonly userAgents: readonly Ranked[];
}

/** Malformed lines or records skipped in one file. */
export interface MalformedInFile {
    /** How many were skipped. */
    readonly count: number;
    /** The first one, e.g. `line 7: 12 fields, #Fields declares 33`. */
    readonly first: string;
}

/** The whole report, as printed by `--json`. */
export interface TlsReport {
    /** `--since`, as an ISO instant, when given. */
    readonly since?: string;
    /** Input files by outcome. */
    readonly files: {
        /** CloudFront standard log files read. */
        readonly cloudfront: number;
        /** CloudTrail log files read. */
        readonly cloudtrail: number;
        /** Files that are neither (with the reason). */
        readonly skipped: readonly { readonly file: string; readonly reason: string }[];
        /** Files that could not be read to the end (what was read before the error is counted). */
        readonly failed: readonly { readonly file: string; readonly error: string }[];
    };
    /** Requests (CloudFront) plus calls (CloudTrail) per protocol, as the logs write it. */
    readonly byProtocol: Readonly<Record<string, number>>;
    /** The same per source. */
    readonly bySource: {
        /** Viewer requests: counted, per protocol, and skipped as before `--since`. */
        readonly cloudfront: { readonly requests: number; readonly byProtocol: Readonly<Record<string, number>>; readonly beforeSince: number };
        /** AWS API calls: counted, per protocol, and skipped as before `--since`. */
        readonly cloudtrail: { readonly calls: number; readonly byProtocol: Readonly<Record<string, number>>; readonly beforeSince: number };
    };
    /** Who used a protocol below TLS 1.2, per day. */
    readonly legacy: {
        /** The protocols counted as legacy. */
        readonly protocols: readonly string[];
        /** CloudFront viewers, by day. */
        readonly cloudfront: readonly CloudFrontLegacyDay[];
        /** AWS API callers, by day. */
        readonly cloudtrail: readonly CloudTrailLegacyDay[];
    };
    /** Lines and records skipped because they could not be parsed. */
    readonly malformed: {
        /** Lines and records skipped in all files. */
        readonly total: number;
        /** The same per file (files without any are left out). */
        readonly byFile: Readonly<Record<string, MalformedInFile>>;
    };
    /** What each source can see. */
    readonly visibility: Readonly<Record<LogSource, string>>;
}

/** One CloudTrail record's relevant fields. */
export interface CloudTrailCall {
    /** UTC day of `eventTime`. */
    readonly day: string;
    /** `tlsDetails.tlsVersion`, or {@link NO_TLS_DETAILS}. */
    readonly protocol: string;
    /** The principal. */
    readonly principal: string;
    /** `eventSource`. */
    readonly eventSource: string;
    /** `sourceIPAddress`. */
    readonly sourceIp: string;
    /** `userAgent`. */
    readonly userAgent: string;
}

class Counter {
    readonly counts = new Map<string, number>();
    add(key: string, n = 1): void {
        const count = this.counts.get(key);
        if (count !== undefined) this.counts.set(key, count + n);
        // A new key is stored as a copy: the parsers hand over substrings of a whole decoded chunk,
        // and V8 keeps that chunk alive for as long as the substring lives.
        else this.counts.set(ownCopy(key), n);
    }
    top(n: number, mapKey: (k: string) => string = (k) => k): Ranked[] {
        // mapKey may merge keys (two encodings of one user agent), so merge before ranking.
        const merged = new Counter();
        for (const [k, c] of this.counts) merged.add(mapKey(k), c);
        return [...merged.counts]
            .map(([value, count]) => ({ value, count }))
            .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
            .slice(0, n);
    }
    record(): Record<string, number> {
        return Object.fromEntries([...this.counts].sort(([a], [b]) => compareProtocols(a, b)));
    }
}

/** A copy of `s` that shares no memory with the string it was sliced from. */
function ownCopy(s: string): string {
    return Buffer.from(s, "utf8").toString("utf8");
}

interface CloudFrontDay {
    requests: number;
    byProtocol: Counter;
    clientIps: Counter;
    userAgents: Counter;
}

interface CloudTrailDay {
    calls: number;
    byProtocol: Counter;
    principals: Counter;
    eventSources: Counter;
    sourceIps: Counter;
    userAgents: Counter;
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

/** Collects counts while the parsers stream; {@link report} renders them. */
export class TlsUsage {
    private readonly cloudfrontProtocols = new Counter();
    private readonly cloudtrailProtocols = new Counter();
    private readonly cloudfrontDays = new Map<string, CloudFrontDay>();
    private readonly cloudtrailDays = new Map<string, CloudTrailDay>();
    private readonly malformedByFile = new Map<string, { count: number; first: string }>();
    private readonly skipped: { file: string; reason: string }[] = [];
    private readonly failed: { file: string; error: string }[] = [];
    private readonly fileCounts = { cloudfront: 0, cloudtrail: 0 };
    private readonly beforeSince = { cloudfront: 0, cloudtrail: 0 };
    private cloudfrontRequests = 0;
    private cloudtrailCalls = 0;
    private malformedTotal = 0;

    /**
     * Counts one CloudFront request (every request, whatever its protocol). Positional, not an
     * object: this runs once per log line.
     * @param day the `date` field
     * @param protocol the `ssl-protocol` field
     * @param clientIp the `c-ip` field (`-` when the log has none)
     * @param userAgent the `cs(User-Agent)` field as logged, URL-encoded (decoded in the report)
     */
    addCloudFront(day: string, protocol: string, clientIp: string, userAgent: string): void {
        this.cloudfrontRequests++;
        this.cloudfrontProtocols.add(protocol);
        if (!isLegacyProtocol(protocol)) return;
        let bucket = this.cloudfrontDays.get(day);
        if (!bucket) {
            bucket = { requests: 0, byProtocol: new Counter(), clientIps: new Counter(), userAgents: new Counter() };
            this.cloudfrontDays.set(day, bucket);
        }
        bucket.requests++;
        bucket.byProtocol.add(protocol);
        bucket.clientIps.add(clientIp);
        bucket.userAgents.add(userAgent);
    }

    /** Counts one CloudTrail call. */
    addCloudTrail(call: CloudTrailCall): void {
        this.cloudtrailCalls++;
        this.cloudtrailProtocols.add(call.protocol);
        if (!isLegacyProtocol(call.protocol)) return;
        let day = this.cloudtrailDays.get(call.day);
        if (!day) {
            day = { calls: 0, byProtocol: new Counter(), principals: new Counter(), eventSources: new Counter(), sourceIps: new Counter(), userAgents: new Counter() };
            this.cloudtrailDays.set(call.day, day);
        }
        day.calls++;
        day.byProtocol.add(call.protocol);
        day.principals.add(call.principal);
        day.eventSources.add(call.eventSource);
        day.sourceIps.add(call.sourceIp);
        day.userAgents.add(call.userAgent);
    }

    /** Counts a request or record skipped by `--since`. */
    addBeforeSince(source: LogSource): void {
        this.beforeSince[source]++;
    }

    /** Counts a malformed line or record of `file`; `where` says which and why. */
    addMalformed(file: string, where: string): void {
        this.malformedTotal++;
        const entry = this.malformedByFile.get(file);
        if (entry) entry.count++;
        else this.malformedByFile.set(file, { count: 1, first: where });
    }

    /** Records a file that was read as `source`. */
    addFile(source: LogSource): void {
        this.fileCounts[source]++;
    }

    /** Records a file that is not a log this report reads. */
    addSkipped(file: string, reason: string): void {
        this.skipped.push({ file, reason });
    }

    /** Records a file that could not be read to the end. */
    addFailed(file: string, error: string): void {
        this.failed.push({ file, error });
    }

    /** The report, with `top` entries per ranking. */
    report(top: number, since?: string): TlsReport {
        const byProtocol = new Counter();
        for (const [k, c] of this.cloudfrontProtocols.counts) byProtocol.add(k, c);
        for (const [k, c] of this.cloudtrailProtocols.counts) byProtocol.add(k, c);
        const days = <T>(m: Map<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
        return {
            ...(since !== undefined ? { since } : {}),
            files: { ...this.fileCounts, skipped: [...this.skipped], failed: [...this.failed] },
            byProtocol: byProtocol.record(),
            bySource: {
                cloudfront: { requests: this.cloudfrontRequests, byProtocol: this.cloudfrontProtocols.record(), beforeSince: this.beforeSince.cloudfront },
                cloudtrail: { calls: this.cloudtrailCalls, byProtocol: this.cloudtrailProtocols.record(), beforeSince: this.beforeSince.cloudtrail },
            },
            legacy: {
                protocols: LEGACY_PROTOCOLS,
                cloudfront: days(this.cloudfrontDays).map(([day, d]) => ({
                    day,
                    requests: d.requests,
                    byProtocol: d.byProtocol.record(),
                    clientIps: d.clientIps.top(top),
                    // Decoded at the end, once per distinct value, not once per line.
                    userAgents: d.userAgents.top(top, decodeLogField),
                })),
                cloudtrail: days(this.cloudtrailDays).map(([day, d]) => ({
                    day,
                    calls: d.calls,
                    byProtocol: d.byProtocol.record(),
                    principals: d.principals.top(top),
                    eventSources: d.eventSources.top(top),
                    sourceIps: d.sourceIps.top(top),
                    userAgents: d.userAgents.top(top),
                })),
            },
            malformed: { total: this.malformedTotal, byFile: Object.fromEntries(this.malformedByFile) },
            visibility: SOURCE_VISIBILITY,
        };
    }
}

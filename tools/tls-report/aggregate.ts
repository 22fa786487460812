/**
 * Counts what the parsers find: requests per protocol for every request, and for legacy protocols
 * (below TLS 1.2) who made them, per UTC day; CloudFront requests per (protocol, cipher), from which
 * each viewer security policy's impact is derived (`cipher-pairs.ts`). Memory is bounded by the number
 * of distinct protocols and pairs plus, for legacy traffic only, the distinct (day, client IP / user
 * agent / principal / event source) values, and for pairs some policy may refuse, the distinct
 * (pair, client IP / user agent) values — not by the size of the input.
 */
import { CipherPairReport, CipherPairUsage } from "./cipher-pairs";
import { Counter, Ranked, compareStrings, decodeLogField, ownCopy } from "./counter";
import { LEGACY_PROTOCOLS, LogSource, NO_TLS_DETAILS, SOURCE_VISIBILITY, compareProtocols, isLegacyProtocol } from "./sources";
import { DEFAULT_CERTIFICATE_VIEWER_POLICY, ViewerPolicyName } from "../../components/tls-clients/viewer-policies";

export { decodeLogField } from "./counter";
export type { Ranked } from "./counter";
export type { PolicyImpact, ProtocolCipherCount, UnclassifiedPair } from "./cipher-pairs";

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

/** The whole report, as printed by `--json`; the policy impact fields come from {@link CipherPairReport}. */
export interface TlsReport extends CipherPairReport {
    /** `--since`, as an ISO instant, when given. */
    readonly since?: string;
    /** Input files by outcome. */
    readonly files: {
        /** CloudFront standard log files read (W3C and v2 JSON). */
        readonly cloudfront: number;
        /** Of those, v2 JSON files. */
        readonly cloudfrontJson: number;
        /** CloudTrail log files read. */
        readonly cloudtrail: number;
        /** Files that are neither (with the reason). */
        readonly skipped: readonly { readonly file: string; readonly reason: string }[];
        /** Files that could not be read to the end (what was read before the error is counted). */
        readonly failed: readonly { readonly file: string; readonly error: string }[];
        /**
         * Paths not read because they are a file or folder read already (through a symbolic or hard
         * link, or given twice), or a link to a folder they are in (a loop), with the reason.
         */
        readonly duplicates: readonly { readonly file: string; readonly reason: string }[];
    };
    /** Requests (CloudFront) plus calls (CloudTrail) per protocol, as the logs write it. */
    readonly byProtocol: Readonly<Record<string, number>>;
    /** The same per source. */
    readonly bySource: {
        /** Viewer requests: counted, per protocol, and skipped as before `--since`. */
        readonly cloudfront: { readonly requests: number; readonly byProtocol: Readonly<Record<string, number>>; readonly beforeSince: number };
        /**
         * AWS API calls: counted, per protocol, skipped as before `--since`, and per (TLS version, cipher
         * suite) with the services called, for the calls that carry TLS details (TLS 1.2/1.3: AWS API
         * endpoints refuse older TLS since 2023).
         */
        readonly cloudtrail: {
            readonly calls: number;
            readonly byProtocol: Readonly<Record<string, number>>;
            readonly beforeSince: number;
            /** Protocols oldest first, then most calls first, then by cipher. */
            readonly byProtocolCipher: readonly CloudTrailProtocolCipher[];
        };
    };
    /** Who used a protocol below TLS 1.2, per day. */
    readonly legacy: {
        /** The protocols counted as legacy. */
        readonly protocols: readonly string[];
        /** CloudFront viewers, by day. */
        readonly cloudfront: readonly CloudFrontLegacyDay[];
        /**
         * AWS API callers, by day: empty for calls since 2023, when AWS API endpoints stopped accepting
         * TLS below 1.2; only older CloudTrail files can fill it.
         */
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

/** CloudTrail calls of one (TLS version, cipher suite) pair. */
export interface CloudTrailProtocolCipher {
    /** `tlsDetails.tlsVersion`. */
    readonly protocol: string;
    /** `tlsDetails.cipherSuite`, `-` when the record has none. */
    readonly cipher: string;
    /** Calls. */
    readonly calls: number;
    /** Top services called (`eventSource`), e.g. `s3.amazonaws.com`. */
    readonly eventSources: readonly Ranked[];
}

/** One CloudTrail record's relevant fields. */
export interface CloudTrailCall {
    /** UTC day of `eventTime`. */
    readonly day: string;
    /** `tlsDetails.tlsVersion`, or {@link NO_TLS_DETAILS}. */
    readonly protocol: string;
    /** `tlsDetails.cipherSuite`, `-` when absent. */
    readonly cipher: string;
    /** The principal. */
    readonly principal: string;
    /** `eventSource`. */
    readonly eventSource: string;
    /** `sourceIPAddress`. */
    readonly sourceIp: string;
    /** `userAgent`. */
    readonly userAgent: string;
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

/** Collects counts while the parsers stream; {@link report} renders them. */
export class TlsUsage {
    private readonly cloudtrailProtocols = new Counter();
    private readonly cloudfrontDays = new Map<string, CloudFrontDay>();
    private readonly cloudtrailDays = new Map<string, CloudTrailDay>();
    private readonly malformedByFile = new Map<string, { count: number; first: string }>();
    private readonly skipped: { file: string; reason: string }[] = [];
    private readonly failed: { file: string; error: string }[] = [];
    private readonly duplicates: { file: string; reason: string }[] = [];
    private readonly fileCounts = { cloudfront: 0, cloudfrontJson: 0, cloudtrail: 0 };
    // tlsVersion → cipherSuite → calls and services; a handful of pairs, a few dozen services.
    private readonly cloudtrailPairs = new Map<string, Map<string, { calls: number; eventSources: Counter }>>();
    private readonly beforeSince = { cloudfront: 0, cloudtrail: 0 };
    private readonly cloudfrontPairs: CipherPairUsage;
    private cloudfrontRequests = 0;
    private cloudtrailCalls = 0;
    private malformedTotal = 0;

    /**
     * @param policyInForce the viewer security policy the CloudFront logs were written under (`--policy`)
     */
    constructor(policyInForce: ViewerPolicyName = DEFAULT_CERTIFICATE_VIEWER_POLICY) {
        this.cloudfrontPairs = new CipherPairUsage(policyInForce);
    }

    /**
     * Counts one CloudFront request (every request, whatever its protocol). Positional, not an
     * object: this runs once per log line.
     * @param day the `date` field
     * @param protocol the `ssl-protocol` field
     * @param cipher the `ssl-cipher` field (`NO_CIPHER_FIELD` when the log has none)
     * @param clientIp the `c-ip` field (`-` when the log has none)
     * @param userAgent the `cs(User-Agent)` field as logged, URL-encoded (decoded in the report)
     */
    addCloudFront(day: string, protocol: string, cipher: string, clientIp: string, userAgent: string): void {
        this.cloudfrontRequests++;
        // Also counts the request per protocol (one lookup per line, not two).
        this.cloudfrontPairs.add(protocol, cipher, clientIp, userAgent);
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
        if (call.protocol !== NO_TLS_DETAILS) {
            let byCipher = this.cloudtrailPairs.get(call.protocol);
            if (byCipher === undefined) this.cloudtrailPairs.set(ownCopy(call.protocol), (byCipher = new Map()));
            let pair = byCipher.get(call.cipher);
            if (pair === undefined) byCipher.set(ownCopy(call.cipher), (pair = { calls: 0, eventSources: new Counter() }));
            pair.calls++;
            pair.eventSources.add(call.eventSource);
        }
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

    /** Records a file that was read as `source` (`json`: a CloudFront v2 JSON file). */
    addFile(source: LogSource, format?: "w3c" | "json"): void {
        this.fileCounts[source]++;
        if (source === "cloudfront" && format === "json") this.fileCounts.cloudfrontJson++;
    }

    /** Records a file that is not a log this report reads. */
    addSkipped(file: string, reason: string): void {
        this.skipped.push({ file, reason });
    }

    /** Records a path not read because it is a file or folder read already, or a loop. */
    addDuplicate(file: string, reason: string): void {
        this.duplicates.push({ file, reason });
    }

    /** Records a file that could not be read to the end. */
    addFailed(file: string, error: string): void {
        this.failed.push({ file, error });
    }

    /** The report, with `top` entries per ranking. */
    report(top: number, since?: string): TlsReport {
        const byProtocol = new Counter();
        const cloudfrontProtocols = this.cloudfrontPairs.byProtocol();
        for (const [k, c] of cloudfrontProtocols.counts) byProtocol.add(k, c);
        for (const [k, c] of this.cloudtrailProtocols.counts) byProtocol.add(k, c);
        const days = <T>(m: Map<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
        return {
            ...(since !== undefined ? { since } : {}),
            files: { ...this.fileCounts, skipped: [...this.skipped], failed: [...this.failed], duplicates: [...this.duplicates] },
            byProtocol: byProtocol.record(),
            bySource: {
                cloudfront: { requests: this.cloudfrontRequests, byProtocol: cloudfrontProtocols.record(), beforeSince: this.beforeSince.cloudfront },
                cloudtrail: {
                    calls: this.cloudtrailCalls,
                    byProtocol: this.cloudtrailProtocols.record(),
                    beforeSince: this.beforeSince.cloudtrail,
                    byProtocolCipher: [...this.cloudtrailPairs]
                        .flatMap(([protocol, byCipher]) =>
                            [...byCipher].map(([cipher, p]) => ({ protocol, cipher, calls: p.calls, eventSources: p.eventSources.top(top) })),
                        )
                        .sort((a, b) => compareProtocols(a.protocol, b.protocol) || b.calls - a.calls || compareStrings(a.cipher, b.cipher)),
                },
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
            ...this.cloudfrontPairs.report(top),
            malformed: { total: this.malformedTotal, byFile: Object.fromEntries(this.malformedByFile) },
            visibility: SOURCE_VISIBILITY,
        };
    }
}

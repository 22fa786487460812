/**
 * CloudTrail log files: one JSON document `{"Records":[{…},{…}]}` per file, delivered about every
 * five minutes per account and region, so each file is small — but a folder of them is not, and one
 * broken record must not hide the others. What the report takes from a record is its TLS details
 * (`tlsDetails.tlsVersion`, `tlsDetails.cipherSuite`) and the service called: AWS API endpoints refuse
 * TLS below 1.2 since 2023, so these show which TLS 1.2/1.3 cipher suites AWS API callers use. {@link RecordsScanner} therefore cuts the `Records` array
 * into its elements as the text streams by and parses each record on its own: memory holds one
 * record at a time, and a malformed record is counted and skipped.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-cloudtrail-works.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * @see https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/
 */
import { TlsUsage } from "./aggregate";
import { Since } from "./args";
import { NO_TLS_DETAILS, isLegacyProtocol } from "./sources";

/** Records larger than this are skipped as malformed rather than buffered. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

function isSpace(c: number): boolean {
    return c === 32 || c === 10 || c === 13 || c === 9;
}

/** What the scanner hands over for each element of the `Records` array. */
export type ScannedElement =
    /** The JSON text of one object element. */
    | { readonly kind: "object"; readonly text: string }
    /** An element that is not an object (a string, number, array, …). */
    | { readonly kind: "not-object" }
    /** An object longer than {@link MAX_RECORD_CHARS}, not buffered. */
    | { readonly kind: "too-large" };

/**
 * A push scanner for `{"Records":[…]}`: feed it text chunks, get each array element back. It tracks
 * only nesting depth and string state (not full JSON grammar); each object element is then checked
 * by `JSON.parse`. Other top-level keys are skipped.
 */
export class RecordsScanner {
    private depth = 0;
    private inString = false;
    private escaped = false;
    private capturing = false;
    private captured = "";
    private lastKey: string | undefined;
    private lastSignificant = 0;
    private phase: "seek" | "array" | "done" = "seek";
    private parts: string[] | undefined;
    private partsLength = 0;
    private tooLarge = false;
    private inStray = false;

    /** True once a `Records` array was entered. */
    get foundRecords(): boolean {
        return this.phase !== "seek";
    }

    /** True when the input ended inside the `Records` array (a truncated file). */
    get truncated(): boolean {
        return this.phase === "array";
    }

    /** Scans one chunk; `emit` is called for every element completed in it. */
    push(chunk: string, emit: (element: ScannedElement) => void): void {
        let recordStart = this.parts !== undefined && !this.tooLarge ? 0 : -1;
        for (let i = 0; i < chunk.length; i++) {
            const c = chunk.charCodeAt(i);
            if (this.inString) {
                if (this.escaped) this.escaped = false;
                else if (c === BACKSLASH) this.escaped = true;
                else if (c === QUOTE) {
                    this.inString = false;
                    if (this.capturing) {
                        this.capturing = false;
                        this.lastKey = this.captured;
                    }
                    continue;
                }
                // Keys at depth 1 are short; capping the capture keeps a huge string value cheap.
                if (this.capturing && this.captured.length < 64) this.captured += chunk[i];
                continue;
            }
            if (isSpace(c)) continue;
            const inArray = this.phase === "array" && this.depth === 2 && this.parts === undefined;
            switch (c) {
                case QUOTE:
                    this.inString = true;
                    if (this.phase === "seek" && this.depth === 1) {
                        this.capturing = true;
                        this.captured = "";
                    }
                    if (inArray) this.stray(emit);
                    break;
                case LBRACE:
                    if (inArray) {
                        this.parts = [];
                        this.partsLength = 0;
                        this.tooLarge = false;
                        recordStart = i;
                    }
                    this.depth++;
                    break;
                case LBRACKET:
                    if (this.phase === "seek" && this.depth === 1 && this.lastKey === "Records" && this.lastSignificant === COLON) this.phase = "array";
                    else if (inArray) this.stray(emit);
                    this.depth++;
                    break;
                case RBRACE:
                case RBRACKET:
                    this.depth--;
                    if (this.phase === "array") {
                        if (this.depth === 2 && c === RBRACE && this.parts !== undefined) {
                            const last = this.tooLarge ? "" : chunk.slice(recordStart, i + 1);
                            // Checked here too, so the limit holds wherever the chunk boundaries fall.
                            if (this.tooLarge || this.partsLength + last.length > MAX_RECORD_CHARS) emit({ kind: "too-large" });
                            else {
                                this.parts.push(last);
                                emit({ kind: "object", text: this.parts.length === 1 ? this.parts[0] : this.parts.join("") });
                            }
                            this.parts = undefined;
                            recordStart = -1;
                        } else if (this.depth === 1 && c === RBRACKET) {
                            this.phase = "done";
                        }
                    }
                    break;
                case COMMA:
                    if (this.phase === "array" && this.depth === 2) this.inStray = false;
                    break;
                default:
                    if (inArray) this.stray(emit);
            }
            if (this.depth === 1) this.lastSignificant = c;
        }
        if (this.parts !== undefined && !this.tooLarge && recordStart >= 0) {
            const piece = chunk.slice(recordStart);
            this.parts.push(piece);
            this.partsLength += piece.length;
            if (this.partsLength > MAX_RECORD_CHARS) {
                this.tooLarge = true;
                this.parts.length = 0;
            }
        }
    }

    // A value in the array that is not an object: reported once per element.
    private stray(emit: (element: ScannedElement) => void): void {
        if (this.inStray) return;
        this.inStray = true;
        emit({ kind: "not-object" });
    }
}

/** The fields of one record the report uses, or why the record cannot be used. */
export type RecordFields =
    | {
          readonly ok: true;
          /** `eventTime` in milliseconds since the epoch. */
          readonly eventMs: number;
          /** UTC day of `eventTime`, `YYYY-MM-DD`. */
          readonly day: string;
          /** `tlsDetails.tlsVersion`, or {@link NO_TLS_DETAILS}. */
          readonly protocol: string;
          /** `tlsDetails.cipherSuite`, `-` when the record has none. */
          readonly cipher: string;
          /** The whole record, for the fields only legacy calls need. */
          readonly record: Record<string, unknown>;
      }
    | {
          readonly ok: false;
          /** Why the record cannot be used, e.g. `eventTime "x" is not a timestamp`. */
          readonly reason: string;
      };

/** Checks one parsed record: an object with a parseable `eventTime`. */
export function recordFields(value: unknown): RecordFields {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "not a JSON object" };
    const record = value as Record<string, unknown>;
    const eventTime = record.eventTime;
    const eventMs = typeof eventTime === "string" ? Date.parse(eventTime) : NaN;
    if (!Number.isFinite(eventMs)) return { ok: false, reason: `eventTime ${JSON.stringify(eventTime ?? null)} is not a timestamp` };
    const tls = record.tlsDetails as Record<string, unknown> | undefined;
    const protocol = typeof tls?.tlsVersion === "string" && tls.tlsVersion !== "" ? tls.tlsVersion : NO_TLS_DETAILS;
    const cipher = typeof tls?.cipherSuite === "string" && tls.cipherSuite !== "" ? tls.cipherSuite : "-";
    return { ok: true, eventMs, day: new Date(eventMs).toISOString().slice(0, 10), protocol, cipher, record };
}

/** Who made the call: the ARN, else the identity type with the service or account behind it. */
export function principalOf(record: Record<string, unknown>): string {
    const identity = record.userIdentity as Record<string, unknown> | undefined;
    if (typeof identity !== "object" || identity === null) return "(no userIdentity)";
    if (typeof identity.arn === "string" && identity.arn !== "") return identity.arn;
    const type = typeof identity.type === "string" ? identity.type : "(unknown type)";
    const behind = typeof identity.invokedBy === "string" ? identity.invokedBy : typeof identity.accountId === "string" ? identity.accountId : undefined;
    return behind ? `${type}:${behind}` : type;
}

function text(value: unknown): string {
    return typeof value === "string" && value !== "" ? value : "-";
}

/**
 * Streams one CloudTrail file into `usage`. Returns `false` when the JSON has no `Records` array
 * (e.g. a CloudTrail digest file), so the caller can list the file as skipped.
 */
export async function readCloudTrailLog(file: string, chunks: AsyncIterable<string>, usage: TlsUsage, since: Since | undefined): Promise<boolean> {
    const scanner = new RecordsScanner();
    let index = 0;
    const onElement = (element: ScannedElement): void => {
        index++;
        if (element.kind === "not-object") return usage.addMalformed(file, `record ${index}: not a JSON object`);
        if (element.kind === "too-large") return usage.addMalformed(file, `record ${index}: larger than ${MAX_RECORD_CHARS} characters`);
        let parsed: unknown;
        try {
            parsed = JSON.parse(element.text);
        } catch (error) {
            return usage.addMalformed(file, `record ${index}: not valid JSON (${(error as Error).message})`);
        }
        const fields = recordFields(parsed);
        if (!fields.ok) return usage.addMalformed(file, `record ${index}: ${fields.reason}`);
        if (since !== undefined && fields.eventMs < since.ms) return usage.addBeforeSince("cloudtrail");
        const r = fields.record;
        const legacy = isLegacyProtocol(fields.protocol);
        usage.addCloudTrail({
            day: fields.day,
            protocol: fields.protocol,
            cipher: fields.cipher,
            // Every call is counted per service; only legacy calls (recorded before AWS's TLS 1.2 minimum)
            // are broken down further, so only they pay for the other lookups.
            eventSource: text(r.eventSource),
            principal: legacy ? principalOf(r) : "",
            sourceIp: legacy ? text(r.sourceIPAddress) : "",
            userAgent: legacy ? text(r.userAgent) : "",
        });
    };
    for await (const chunk of chunks) scanner.push(chunk, onElement);
    if (scanner.truncated) usage.addMalformed(file, `record ${index + 1}: the file ends inside the Records array (truncated?)`);
    return scanner.foundRecords;
}

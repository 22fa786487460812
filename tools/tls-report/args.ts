/**
 * Command line of `npm run tls-report`. Problems are reported together, each naming the argument,
 * the value and what is allowed.
 */
import { Issue, checkOneOf, throwIfIssues } from "../../components/validation";
import { DEFAULT_CERTIFICATE_VIEWER_POLICY, VIEWER_POLICY_NAMES, ViewerPolicyName } from "../../components/tls-clients/viewer-policies";
import { parseCommandLine, wholeNumberArgument } from "../cli-args";

/** Usage and options, printed with argument errors and `--help`. */
export const TLS_REPORT_USAGE = [
    "usage: npm run tls-report -- PATH... [--json] [--since YYYY-MM-DD|YYYY-MM-DDTHH:MM[:SS]Z] [--top N] [--policy NAME]",
    "  PATH           CloudFront standard log files (legacy, or v2 in JSON or W3C) and CloudTrail files or",
    "                 folders (recursive, gzipped or plain; links are followed, each real file is read once)",
    "  --json         print the report as JSON",
    "  --since WHEN   skip requests and calls before this UTC day or instant",
    "  --top N        entries per ranking (client IPs, user agents, …), 1 to 1000 (default 10)",
    "  --policy NAME  the viewer security policy in force when the CloudFront logs were written, against",
    "                 which every policy's impact is read (default TLSv1: what CloudFront applies with the",
    "                 default *.cloudfront.net certificate). One of:",
    `                 ${VIEWER_POLICY_NAMES.join(" | ")}`,
].join("\n");

/** A `--since` bound, precomputed in the forms the parsers compare against. */
export interface Since {
    /** The instant, in milliseconds since the epoch. */
    readonly ms: number;
    /** The instant as an ISO 8601 UTC string. */
    readonly iso: string;
    /** `YYYY-MM-DD` (UTC), compared with CloudFront's `date` field. */
    readonly day: string;
    /** `HH:MM:SS` (UTC), compared with CloudFront's `time` field on the same day. */
    readonly time: string;
}

/** The parsed command line. */
export interface TlsReportArguments {
    /** Files or folders (read recursively), `.gz` or plain. */
    readonly paths: readonly string[];
    /** Print JSON instead of text. @default false */
    readonly json: boolean;
    /** Skip requests and records before this instant. */
    readonly since?: Since;
    /** How many client IPs, user agents, principals and event sources to list per day (and user agents per policy). @default 10 */
    readonly top: number;
    /**
     * The viewer security policy in force when the CloudFront logs were written: the logged
     * (protocol, cipher) pairs are read against its cipher order.
     * @default "TLSv1" (what CloudFront applies with the default `*.cloudfront.net` certificate)
     */
    readonly policy: ViewerPolicyName;
    /** `--help`. */
    readonly help: boolean;
}

const OPTIONS = {
    json: { type: "boolean" },
    since: { type: "string" },
    top: { type: "string" },
    policy: { type: "string" },
    help: { type: "boolean" },
} as const;

const SUBJECT = "the command line of tls-report";
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses and validates the command line; throws a {@link ValidationError} listing every problem. */
export function parseTlsReportArguments(argv: readonly string[]): TlsReportArguments {
    const parsed = parseCommandLine(SUBJECT, argv, OPTIONS, true);
    const help = parsed.values.help === true;
    if (help) return { paths: [], json: false, top: 10, policy: DEFAULT_CERTIFICATE_VIEWER_POLICY, help };

    const issues: Issue[] = [];
    if (parsed.positionals.length === 0) {
        issues.push({ path: "PATH", value: undefined, problem: "is required: one or more log files or folders (CloudFront standard logs, CloudTrail files)" });
    }
    parsed.positionals.forEach((p, i) => {
        if (p === "") issues.push({ path: `PATH[${i}]`, value: p, problem: "is empty" });
    });
    const since = parsed.values.since === undefined ? undefined : parseSince(parsed.values.since, issues);
    const top = (parsed.values.top === undefined ? undefined : wholeNumberArgument("--top", parsed.values.top, 1, 1000, issues)) ?? 10;
    const policyText = parsed.values.policy;
    const policy = policyText === undefined ? DEFAULT_CERTIFICATE_VIEWER_POLICY : checkOneOf("--policy", policyText, VIEWER_POLICY_NAMES, issues) ? policyText : undefined;
    throwIfIssues(SUBJECT, issues);
    return { paths: parsed.positionals, json: parsed.values.json === true, since, top, policy: policy ?? DEFAULT_CERTIFICATE_VIEWER_POLICY, help };
}

/** Parses `--since`: a UTC day (`2024-05-01`) or an ISO 8601 instant with a zone (`2024-05-01T12:00Z`). */
export function parseSince(text: string, issues: Issue[]): Since | undefined {
    const fail = (): undefined => {
        issues.push({
            path: "--since",
            value: text,
            problem: "is not a date: allowed YYYY-MM-DD (UTC midnight) or YYYY-MM-DDTHH:MM[:SS]Z / ±HH:MM, e.g. 2024-05-01 or 2024-05-01T12:00:00Z",
        });
        return undefined;
    };
    const dayPart = DAY.test(text) ? text : INSTANT.exec(text)?.[1];
    // Date.parse rolls 2024-02-30 over to March; a calendar date must survive the round trip.
    if (dayPart === undefined || !Number.isFinite(Date.parse(`${dayPart}T00:00:00Z`)) || new Date(`${dayPart}T00:00:00Z`).toISOString().slice(0, 10) !== dayPart) {
        return fail();
    }
    const ms = Date.parse(DAY.test(text) ? `${text}T00:00:00Z` : text);
    if (!Number.isFinite(ms)) return fail();
    const iso = new Date(ms).toISOString();
    return { ms, iso, day: iso.slice(0, 10), time: iso.slice(11, 19) };
}

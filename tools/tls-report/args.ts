/**
 * Command line of `npm run tls-report`. Problems are reported together, each naming the argument,
 * the value and what is allowed.
 */
import { Issue, checkOneOf, throwIfIssues } from "../../components/validation";
import { DEFAULT_CERTIFICATE_VIEWER_POLICY, VIEWER_POLICY_NAMES, ViewerPolicyName } from "../../components/tls-clients/viewer-policies";
import { CommandHelp, DocumentedOptionSpecs, parseCommandLine, wholeNumberArgument } from "../cli-args";

/** Entries per ranking when `--top` is not given. */
const DEFAULT_TOP = 10;
/** The limits of `--top`. */
const TOP_RANGE = { min: 1, max: 1000 } as const;

const OPTIONS = {
    json: { type: "boolean", description: "print the report as JSON" },
    since: {
        type: "string",
        argument: "WHEN",
        description: "skip requests and calls before this UTC day or instant: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS]Z (or ±HH:MM instead of Z)",
        defaultValue: "none (every record counts)",
    },
    top: {
        type: "string",
        argument: "N",
        description: `entries per ranking (client IPs, user agents, principals, event sources), ${TOP_RANGE.min} to ${TOP_RANGE.max}`,
        defaultValue: String(DEFAULT_TOP),
    },
    policy: {
        type: "string",
        argument: "NAME",
        description: "the viewer security policy in force when the CloudFront logs were written, against which every policy's impact is read",
        defaultValue: `${DEFAULT_CERTIFICATE_VIEWER_POLICY} (what CloudFront applies with the default *.cloudfront.net certificate)`,
        allowed: VIEWER_POLICY_NAMES,
    },
    help: { type: "boolean", description: "print this help and exit" },
} as const satisfies DocumentedOptionSpecs;

/** The command line of `npm run tls-report`: the options {@link parseTlsReportArguments} accepts, and its `--help`. */
export const TLS_REPORT_COMMAND: CommandHelp<typeof OPTIONS> = {
    tool: "tls-report",
    command: "npm run tls-report",
    summary: "who still uses TLS below 1.2, and whom each viewer policy would refuse, from AWS logs",
    synopsis: ["PATH... [--json] [--since WHEN] [--top N] [--policy NAME]"],
    positionals: [
        {
            name: "PATH...",
            description:
                "CloudFront standard log files (legacy, or v2 in JSON or W3C) and CloudTrail files, or folders of them (read recursively, gzipped or plain, each file detected by its content; links are followed, each real file is read once)",
        },
    ],
    options: OPTIONS,
    exitCodes: {
        0: "report printed",
        1: "report printed, but some file could not be read to the end (the counts include what was read), or no log file was found; or an unexpected error",
        2: "bad arguments, or a path that does not exist or cannot be listed",
    },
    notes: [
        "CloudFront standard logs show the viewers of a distribution: who connects below TLS 1.2, and, from each logged (protocol, cipher) pair read against --policy, whom each viewer security policy would refuse. CloudTrail logs show which TLS versions and cipher suites calls to AWS APIs use.",
    ],
    examples: [
        { what: "a month of CloudFront logs synced from the log bucket", argv: ["logs/cloudfront/", "--since", "2024-05-01"] },
        { what: "CloudFront and CloudTrail logs, read against the policy in force, as JSON with 20 entries per ranking", argv: ["logs/cloudfront/", "logs/cloudtrail/", "--policy", "TLSv1.2_2021", "--top", "20", "--json"] },
    ],
};

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

const SUBJECT = "the command line of tls-report";
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses and validates the command line; throws a {@link ValidationError} listing every problem. */
export function parseTlsReportArguments(argv: readonly string[]): TlsReportArguments {
    const parsed = parseCommandLine(SUBJECT, argv, TLS_REPORT_COMMAND.options, true);
    const help = parsed.values.help === true;
    if (help) return { paths: [], json: false, top: DEFAULT_TOP, policy: DEFAULT_CERTIFICATE_VIEWER_POLICY, help };

    const issues: Issue[] = [];
    if (parsed.positionals.length === 0) {
        issues.push({ path: "PATH", value: undefined, problem: "is required: one or more log files or folders (CloudFront standard logs, CloudTrail files)" });
    }
    parsed.positionals.forEach((p, i) => {
        if (p === "") issues.push({ path: `PATH[${i}]`, value: p, problem: "is empty" });
    });
    const since = parsed.values.since === undefined ? undefined : parseSince(parsed.values.since, issues);
    const top = (parsed.values.top === undefined ? undefined : wholeNumberArgument("--top", parsed.values.top, TOP_RANGE.min, TOP_RANGE.max, issues)) ?? DEFAULT_TOP;
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

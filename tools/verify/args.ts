/**
 * Command line of `npm run verify`. Every problem is reported at once, each naming the argument, the
 * value and what is allowed (the package's {@link ValidationError} format).
 */
import * as fs from "node:fs";
import { Issue, checkOneOf, throwIfIssues } from "../../components/validation";
import { parseCommandLine, wholeNumberArgument } from "../cli-args";
import { CHECK_GROUPS, CheckGroup, DEFAULT_TIMEOUT_MS, TLS_VERSIONS, TlsVersion } from "./checks";

/** Usage line printed with argument errors and `--help`. */
export const VERIFY_USAGE =
    "usage: npm run verify -- (--url https://HOST[:PORT]/PATH | --stack NAME) [--expect-min-tls TLSv1|TLSv1.1|TLSv1.2|TLSv1.3]\n" +
    "         [--bucket-url URL] [--token TOKEN] [--ca FILE | --insecure] [--checks tls,http,auth,bucket] [--json]\n" +
    "         [--http-url http://HOST[:PORT]/PATH] [--timeout-ms MS]";

/** The parsed command line. */
export interface VerifyArguments {
    /** `--url`: the HTTPS URL of the front (the protected path for `auth`). Absent with `--stack`. */
    readonly url?: URL;
    /** `--stack`: take URLs, bucket and expected policy from this stack's outputs and config. */
    readonly stack?: string;
    /**
     * `--http-url`: where to send the plain-HTTP request of the `http` check.
     * @default `--url` with `http:` and port 80
     */
    readonly httpUrl?: URL;
    /** `--expect-min-tls`: oldest version that must be accepted; every older one must be refused. */
    readonly expectMinTls?: TlsVersion;
    /** `--bucket-url`: the bucket's own endpoint, which must refuse anonymous requests. */
    readonly bucketUrl?: URL;
    /** `--token`: bearer token that must be accepted on `url`. Never printed. */
    readonly token?: string;
    /** `--ca`: the file named. */
    readonly caFile?: string;
    /** `--ca`: its PEM text, trusted in addition to Node's roots. */
    readonly ca?: string;
    /** `--insecure`: do not validate certificates (reported in the output). @default false */
    readonly insecure: boolean;
    /** `--checks`: the groups asked for; `undefined` means every group the other arguments allow. */
    readonly checks?: readonly CheckGroup[];
    /** `--json`: print JSON instead of a table. @default false */
    readonly json: boolean;
    /** `--timeout-ms`: limit of each check. @default 5000 */
    readonly timeoutMs: number;
    /** `--help`. */
    readonly help: boolean;
}

const OPTIONS = {
    url: { type: "string" },
    stack: { type: "string" },
    "http-url": { type: "string" },
    "expect-min-tls": { type: "string" },
    "bucket-url": { type: "string" },
    token: { type: "string" },
    ca: { type: "string" },
    insecure: { type: "boolean" },
    checks: { type: "string" },
    json: { type: "boolean" },
    "timeout-ms": { type: "string" },
    help: { type: "boolean" },
} as const;

const SUBJECT = "the command line of verify";

/** Parses and validates the command line; throws a {@link ValidationError} listing every problem. */
export function parseVerifyArguments(argv: readonly string[]): VerifyArguments {
    const values: Record<string, string | boolean | undefined> = parseCommandLine(SUBJECT, argv, OPTIONS).values;
    const help = values.help === true;
    if (help) return { help, insecure: false, json: false, timeoutMs: DEFAULT_TIMEOUT_MS };

    const issues: Issue[] = [];
    const str = (name: keyof typeof OPTIONS): string | undefined => values[name] as string | undefined;

    const stack = str("stack");
    // Pulumi's forms: stack, org/stack, org/project/stack; no empty part (the last names Pulumi.<stack>.yaml).
    if (stack !== undefined && !/^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/.test(stack)) {
        issues.push({ path: "--stack", value: stack, problem: 'is not a stack name (stack, org/stack or org/project/stack of letters, digits, "_", ".", "-")' });
    }
    const url = urlArgument("--url", str("url"), ["https:"], issues);
    if (url === undefined && stack === undefined && !issues.some((i) => i.path === "--url")) {
        issues.push({ path: "--url", value: undefined, problem: "is required (an https:// URL of the front), unless --stack NAME is given" });
    }
    if (str("url") !== undefined && stack !== undefined) {
        issues.push({ path: "--url", value: str("url"), problem: "cannot be combined with --stack (the stack's outputs give the URLs)" });
    }
    const httpUrl = urlArgument("--http-url", str("http-url"), ["http:"], issues);
    if (httpUrl !== undefined && stack !== undefined) {
        issues.push({ path: "--http-url", value: str("http-url"), problem: "cannot be combined with --stack (it applies to one --url)" });
    }
    const bucketUrl = urlArgument("--bucket-url", str("bucket-url"), ["https:", "http:"], issues);

    let expectMinTls: TlsVersion | undefined;
    const min = str("expect-min-tls");
    if (min !== undefined && checkOneOf("--expect-min-tls", min, TLS_VERSIONS, issues)) expectMinTls = min;

    const token = str("token");
    if (token !== undefined && (token.length === 0 || /[\s\u0000-\u001f]/.test(token))) {
        // The value is a secret: never echo it, only say what is wrong.
        issues.push({ path: "--token", value: "(hidden)", problem: "is empty or contains whitespace or control characters" });
    }

    const insecure = values.insecure === true;
    const caFile = str("ca");
    let ca: string | undefined;
    if (caFile !== undefined) {
        if (insecure) {
            issues.push({ path: "--insecure", value: true, problem: "cannot be combined with --ca (either trust an extra CA or skip validation)" });
        }
        ca = readCaFile(caFile, issues);
    }

    let checks: CheckGroup[] | undefined;
    const checksText = str("checks");
    if (checksText !== undefined) {
        checks = [];
        const names = checksText.split(",").map((s) => s.trim());
        names.forEach((name, i) => {
            if (!checkOneOf(`--checks[${i}]`, name, CHECK_GROUPS, issues)) return;
            if (checks!.includes(name)) issues.push({ path: `--checks[${i}]`, value: name, problem: "is listed twice" });
            else checks!.push(name);
        });
        if (checks.includes("auth") && token === undefined) {
            issues.push({ path: "--checks", value: checksText, problem: "includes auth, which needs --token (the 200 check)" });
        }
        if (checks.includes("bucket") && bucketUrl === undefined && stack === undefined) {
            issues.push({ path: "--checks", value: checksText, problem: "includes bucket, which needs --bucket-url (or --stack)" });
        }
    }

    const timeoutText = str("timeout-ms");
    const timeoutMs = (timeoutText === undefined ? undefined : wholeNumberArgument("--timeout-ms", timeoutText, 100, 120_000, issues)) ?? DEFAULT_TIMEOUT_MS;

    throwIfIssues(SUBJECT, issues);
    return { url, stack, httpUrl, expectMinTls, bucketUrl, token, caFile, ca, insecure, checks, json: values.json === true, timeoutMs, help };
}

function urlArgument(path: string, text: string | undefined, protocols: readonly string[], issues: Issue[]): URL | undefined {
    if (text === undefined) return undefined;
    let url: URL | undefined;
    try {
        url = new URL(text);
    } catch {
        url = undefined;
    }
    if (!url || !protocols.includes(url.protocol) || url.hostname === "") {
        const allowed = protocols.map((p) => `${p}//HOST[:PORT]/PATH`).join(" | ");
        issues.push({ path, value: text, problem: `is not a URL of the form ${allowed}` });
        return undefined;
    }
    if (url.username || url.password) {
        issues.push({ path, value: text, problem: "must not carry credentials (user:password@); use --token" });
        return undefined;
    }
    return url;
}

function readCaFile(file: string, issues: Issue[]): string | undefined {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        issues.push({ path: "--ca", value: file, problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
        return undefined;
    }
    if (!text.includes("-----BEGIN CERTIFICATE-----")) {
        issues.push({ path: "--ca", value: file, problem: "is not a PEM file with a -----BEGIN CERTIFICATE----- block" });
        return undefined;
    }
    return text;
}

/** The plain-HTTP twin of an HTTPS URL: same host, path and query, port 80. */
export function plainHttpUrlOf(url: URL): URL {
    const plain = new URL(url.href);
    plain.protocol = "http:";
    plain.port = "";
    return plain;
}

/**
 * The groups that run: the ones asked for, or every group the arguments make possible — `tls` and
 * `http` always, `auth` with a token, `bucket` with a bucket URL.
 */
export function groupsToRun(args: Pick<VerifyArguments, "checks" | "token">, hasBucketUrl: boolean): CheckGroup[] {
    if (args.checks) return [...args.checks];
    return CHECK_GROUPS.filter((g) => (g === "auth" ? args.token !== undefined : g === "bucket" ? hasBucketUrl : true));
}

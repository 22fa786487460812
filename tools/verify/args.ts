/**
 * Command line of `npm run verify`. Every problem is reported at once, each naming the argument, the
 * value and what is allowed (the package's {@link ValidationError} format).
 */
import * as fs from "node:fs";
import * as net from "node:net";
import { CLIENT_PROFILES } from "../../components/tls-clients/client-catalogue";
import { ClientProfile } from "../../components/tls-clients/client-profile";
import { CLIENT_GROUPS, resolveClientList } from "../../components/tls-clients/client-lookup";
import { Issue, checkOneOf, throwIfIssues } from "../../components/validation";
import { CommandHelp, DocumentedOptionSpecs, parseCommandLine, wholeNumberArgument } from "../cli-args";
import { CHECK_GROUPS, CheckGroup, DEFAULT_TIMEOUT_MS, TLS_VERSIONS, TlsVersion } from "./checks";

/** One `--resolve HOST:PORT:ADDRESS`: connections to HOST:PORT go to ADDRESS, HOST still names the server. */
export interface ResolveEntry {
    /** The host name used for SNI, the Host header and certificate checks. */
    readonly host: string;
    /** The port the entry applies to. */
    readonly port: number;
    /** Where to connect instead (IPv4 or IPv6 address). */
    readonly address: string;
}

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
    /** `--clients`: the client profiles to simulate (ids, SSL Labs names, `legacy` or `all`). */
    readonly clients?: readonly ClientProfile[];
    /** Ids of the clients `--clients` named one by one (not through `legacy` or `all`): they must connect. */
    readonly namedClients: ReadonlySet<string>;
    /** `--resolve` entries, as curl means them. @default [] */
    readonly resolve: readonly ResolveEntry[];
    /** `--help`. */
    readonly help: boolean;
}

/** The limits of `--timeout-ms`, in milliseconds. */
const TIMEOUT_MS_RANGE = { min: 100, max: 120_000 } as const;

/** What each check group checks, as `--help` says it (one entry per group of {@link CHECK_GROUPS}). */
const CHECK_GROUP_HELP: Readonly<Record<CheckGroup, string>> = {
    tls: "a handshake at each TLS version; with --expect-min-tls, each version from it up must be accepted with a trusted certificate and each older one refused",
    http: "plain HTTP answers 301 to the same URL on HTTPS",
    auth: "without a token the URL answers 401 with WWW-Authenticate, with --token 200 (needs --token)",
    bucket: "an anonymous GET of the bucket answers 403 (needs --bucket-url or --stack)",
    clients:
        "a handshake as each client would make it, the chain checked against that client's trust store; with --stack every verdict must match the handshake model's prediction. Prints the SPKI pins of the chain",
};

/** What each group word of `--clients` selects (one entry per word of {@link CLIENT_GROUPS}). */
const CLIENT_GROUP_HELP: Readonly<Record<(typeof CLIENT_GROUPS)[number], string>> = {
    legacy: "every legacy client of the catalogue",
    all: "every client of the catalogue",
};

const OPTIONS = {
    url: { type: "string", argument: "URL", description: "the front to check, https://HOST[:PORT]/PATH (the protected path, for auth); required unless --stack is given" },
    stack: {
        type: "string",
        argument: "NAME",
        description: "check this stack's front: its URLs, bucket and minimum TLS version come from `pulumi stack output` and Pulumi.NAME.yaml (stack, org/stack or org/project/stack)",
    },
    "http-url": { type: "string", argument: "URL", description: "where the http check sends its plain request, http://HOST[:PORT]/PATH; not with --stack", defaultValue: "--url with http: and port 80" },
    "expect-min-tls": {
        type: "string",
        argument: "VERSION",
        description: "the oldest TLS version the front must accept; every older one must be refused",
        defaultValue: "with --stack, the minimum of the stack's viewer policy; otherwise none, and the tls rows only report what the front accepts",
        allowed: TLS_VERSIONS,
    },
    "bucket-url": { type: "string", argument: "URL", description: "the bucket's own endpoint, which must refuse anonymous requests (the bucket check)", defaultValue: "with --stack, the stack's bucket" },
    token: { type: "string", secret: true, argument: "TOKEN", description: "a bearer token the front must accept on the URL, for the auth check" },
    ca: { type: "string", argument: "FILE", description: "a PEM file of CA certificates to trust besides Node's roots; not with --insecure" },
    insecure: { type: "boolean", description: "do not validate certificates (the output says so)" },
    checks: {
        type: "string",
        argument: "GROUP,...",
        description: "the check groups to run, separated by commas",
        defaultValue: "every group the other arguments allow: tls and http always, auth with --token, bucket with a bucket URL, clients with --clients or a stack that lists clients",
        allowed: CHECK_GROUP_HELP,
    },
    json: { type: "boolean", description: "print the report as JSON instead of a table" },
    "timeout-ms": {
        type: "string",
        argument: "MS",
        description: `the time limit of each check, in milliseconds, ${TIMEOUT_MS_RANGE.min} to ${TIMEOUT_MS_RANGE.max}`,
        defaultValue: String(DEFAULT_TIMEOUT_MS),
    },
    clients: {
        type: "string",
        argument: "CLIENT,...",
        description: "the clients the clients check simulates, separated by commas: ids or SSL Labs names (any case), or a group; a client named on its own must connect",
        defaultValue: "with --stack, the clients its front.clients lists, or the legacy ones when it lists none",
        allowed: { ...CLIENT_GROUP_HELP, ...Object.fromEntries(CLIENT_PROFILES.map((p) => [p.id, p.name])) },
    },
    resolve: {
        type: "string",
        multiple: true,
        argument: "HOST:PORT:ADDRESS",
        description: "connect to ADDRESS (IPv4 or IPv6) for HOST:PORT, HOST still naming the server (SNI, Host header, certificate), as curl's --resolve",
    },
    help: { type: "boolean", description: "print this help and exit" },
} as const satisfies DocumentedOptionSpecs;

/** The command line of `npm run verify`: the options {@link parseVerifyArguments} accepts, and its `--help`. */
export const VERIFY_COMMAND: CommandHelp<typeof OPTIONS> = {
    tool: "verify",
    command: "npm run verify",
    summary: "checks a live front: TLS versions, HTTP redirect, token check, closed bucket, old clients",
    synopsis: [
        "(--url URL | --stack NAME) [--expect-min-tls VERSION] [--token TOKEN]",
        "[--bucket-url URL] [--http-url URL] [--ca FILE | --insecure] [--checks GROUP,...]",
        "[--clients CLIENT,...] [--resolve HOST:PORT:ADDRESS]... [--timeout-ms MS] [--json]",
    ],
    options: OPTIONS,
    exitCodes: {
        0: "every check passed",
        1: "a check failed (an unreachable host or a timeout is a failed check), or an unexpected error",
        2: "bad arguments, or a stack whose outputs or config cannot be resolved",
    },
    examples: [
        { what: "a front by its URL: TLS 1.0 and newer accepted, plain HTTP redirected", argv: ["--url", "https://legacy.example.com/", "--expect-min-tls", "TLSv1"] },
        { what: "a deployed stack, its protected path with a token", argv: ["--stack", "prod", "--token", "$TOKEN"] },
        {
            what: "two old clients against a front reached at a given address, as JSON",
            argv: ["--url", "https://legacy.example.com/", "--checks", "tls,clients", "--clients", "ie8-xp,java7u25", "--resolve", "legacy.example.com:443:192.0.2.10", "--json"],
        },
    ],
};

const SUBJECT = "the command line of verify";

/** Parses and validates the command line; throws a {@link ValidationError} listing every problem. */
export function parseVerifyArguments(argv: readonly string[]): VerifyArguments {
    const parsed = parseCommandLine(SUBJECT, argv, VERIFY_COMMAND.options).values;
    const values: Record<string, string | boolean | undefined> = { ...parsed, resolve: undefined };
    const help = values.help === true;
    if (help) return { help, insecure: false, json: false, timeoutMs: DEFAULT_TIMEOUT_MS, resolve: [], namedClients: new Set() };

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

    let clients: ClientProfile[] | undefined;
    const namedClients = new Set<string>();
    const clientsText = str("clients");
    if (clientsText !== undefined) {
        const entries = clientsText.split(",");
        const resolved = resolveClientList(CLIENT_PROFILES, entries, "--clients", issues, { groups: true });
        clients = resolved.map((c) => c.profile);
        for (const c of resolved) if (!(CLIENT_GROUPS as readonly string[]).includes(entries[c.index].trim().toLowerCase())) namedClients.add(c.profile.id);
        if (entries.length > 0 && clients.length === 0 && !issues.some((i) => i.path.startsWith("--clients"))) {
            issues.push({ path: "--clients", value: clientsText, problem: `selects no client; give ids or names, or ${CLIENT_GROUPS.join(" | ")}` });
        }
    }
    if (checks?.includes("clients") && clientsText === undefined && stack === undefined) {
        issues.push({ path: "--checks", value: checksText, problem: "includes clients, which needs --clients (ids or names, legacy or all) or --stack" });
    }
    const resolve = (parsed.resolve ?? []).map((text, i) => resolveEntry(`--resolve[${i}]`, text, issues)).filter((r): r is ResolveEntry => r !== undefined);
    resolve.forEach((r, i) => {
        if (resolve.findIndex((o) => o.host === r.host && o.port === r.port) !== i) {
            issues.push({ path: `--resolve[${i}]`, value: `${r.host}:${r.port}:${r.address}`, problem: `repeats ${r.host}:${r.port}; give one address per host and port` });
        }
    });

    const timeoutText = str("timeout-ms");
    const timeoutMs = (timeoutText === undefined ? undefined : wholeNumberArgument("--timeout-ms", timeoutText, TIMEOUT_MS_RANGE.min, TIMEOUT_MS_RANGE.max, issues)) ?? DEFAULT_TIMEOUT_MS;

    throwIfIssues(SUBJECT, issues);
    return { url, stack, httpUrl, expectMinTls, bucketUrl, token, caFile, ca, insecure, checks, json: values.json === true, timeoutMs, clients, namedClients, resolve, help };
}

// curl's form: HOST:PORT:ADDRESS, an IPv6 address optionally in brackets.
function resolveEntry(path: string, text: string, issues: Issue[]): ResolveEntry | undefined {
    const match = /^([A-Za-z0-9.-]+):(\d{1,5}):\[?([0-9A-Fa-f:.]+)\]?$/.exec(text);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535 || net.isIP(match[3]) === 0) {
        issues.push({ path, value: text, problem: "is not HOST:PORT:ADDRESS (a host name, a port 1-65535 and an IPv4 or IPv6 address), e.g. legacy.example.com:443:127.0.0.1" });
        return undefined;
    }
    return { host: match[1].toLowerCase(), port, address: match[3] };
}

/** The address `--resolve` gives for `host:port`, or `undefined` to resolve it normally. */
export function resolvedAddress(resolve: readonly ResolveEntry[], host: string, port: number): string | undefined {
    return resolve.find((r) => r.host === host.toLowerCase() && r.port === port)?.address;
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
        // Either part may well be the token (https://TOKEN@host is common): show the URL without them.
        const shown = new URL(url.href);
        if (shown.username) shown.username = "(hidden)";
        if (shown.password) shown.password = "(hidden)";
        issues.push({ path, value: shown.href, problem: "must not carry credentials (user:password@); use --token" });
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
 * `http` always, `auth` with a token, `bucket` with a bucket URL, `clients` with `--clients` or a
 * stack that lists clients.
 */
export function groupsToRun(args: Pick<VerifyArguments, "checks" | "token" | "clients">, hasBucketUrl: boolean, stackListsClients = false): CheckGroup[] {
    if (args.checks) return [...args.checks];
    return CHECK_GROUPS.filter((g) =>
        g === "auth" ? args.token !== undefined : g === "bucket" ? hasBucketUrl : g === "clients" ? args.clients !== undefined || stackListsClients : true,
    );
}

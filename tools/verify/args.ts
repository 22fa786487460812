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
import { parseCommandLine, wholeNumberArgument } from "../cli-args";
import { CHECK_GROUPS, CheckGroup, DEFAULT_TIMEOUT_MS, TLS_VERSIONS, TlsVersion } from "./checks";

/** Usage line printed with argument errors and `--help`. */
export const VERIFY_USAGE =
    "usage: npm run verify -- (--url https://HOST[:PORT]/PATH | --stack NAME) [--expect-min-tls TLSv1|TLSv1.1|TLSv1.2|TLSv1.3]\n" +
    "         [--bucket-url URL] [--token TOKEN] [--ca FILE | --insecure] [--checks tls,http,auth,bucket,clients] [--json]\n" +
    "         [--clients ID|NAME,...|legacy|all] [--resolve HOST:PORT:ADDRESS]... [--http-url http://HOST[:PORT]/PATH] [--timeout-ms MS]";

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

const OPTIONS = {
    url: { type: "string" },
    stack: { type: "string" },
    "http-url": { type: "string" },
    "expect-min-tls": { type: "string" },
    "bucket-url": { type: "string" },
    // Secret: parseCommandLine never echoes it, whatever the mistake around it.
    token: { type: "string", secret: true },
    ca: { type: "string" },
    insecure: { type: "boolean" },
    checks: { type: "string" },
    json: { type: "boolean" },
    "timeout-ms": { type: "string" },
    clients: { type: "string" },
    resolve: { type: "string", multiple: true },
    help: { type: "boolean" },
} as const;

const SUBJECT = "the command line of verify";

/** Parses and validates the command line; throws a {@link ValidationError} listing every problem. */
export function parseVerifyArguments(argv: readonly string[]): VerifyArguments {
    const parsed = parseCommandLine(SUBJECT, argv, OPTIONS).values;
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
    const timeoutMs = (timeoutText === undefined ? undefined : wholeNumberArgument("--timeout-ms", timeoutText, 100, 120_000, issues)) ?? DEFAULT_TIMEOUT_MS;

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

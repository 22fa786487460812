/**
 * `npm run verify -- --url https://HOST/PATH [...]` or `--stack NAME`: checks a live front.
 *
 * - `tls`: a real handshake at each of TLS 1.0, 1.1, 1.2 and 1.3; with `--expect-min-tls` every version
 *   at or above it must be accepted (with a trusted certificate) and every version below refused.
 * - `http`: plain HTTP answers 301 to the same URL on HTTPS.
 * - `auth`: without a token the URL answers 401 with `WWW-Authenticate`; with `--token` it answers 200.
 * - `bucket`: an anonymous GET of `--bucket-url` answers 403.
 *
 * Exit codes: 0 every check passed; 1 a check failed; 2 bad arguments or a stack that cannot be resolved.
 * Unreachable hosts and timeouts are failed checks, never crashes.
 */
import * as path from "node:path";
import { Writer, argumentsOrExitCode, runAsMain } from "../cli-args";
import { VERIFY_USAGE, groupsToRun, parseVerifyArguments, plainHttpUrlOf } from "./args";
import { CheckResult, PROBE_CIPHERS, TlsVersion } from "./checks";
import { checkAnonymousRefused, checkBucketRefused, checkRedirect, checkTokenAccepted } from "./http-checks";
import { INSECURE_NOTE, PROBE_NOTE, VerifyReport, renderJson, renderTable } from "./render";
import type { StackOutputsSource, StackTargets } from "./stack-target";
import { probeAllVersions, tlsChecks } from "./tls-probe";

/** What `runVerify` takes from its surroundings; tests replace it. */
export interface VerifyDeps {
    /** Reads a stack's outputs. @default `pulumi stack output --json --stack NAME` */
    readonly stackOutputs?: StackOutputsSource;
    /** Where `Pulumi.yaml` and `Pulumi.<stack>.yaml` are. @default the repository root */
    readonly projectDir?: string;
}

/** Runs the checks; returns the exit code. Output goes to the given writers so tests can capture it. */
export async function runVerify(
    argv: readonly string[],
    out: Writer = (t) => process.stdout.write(t),
    err: Writer = (t) => process.stderr.write(t),
    deps: VerifyDeps = {},
): Promise<number> {
    const args = argumentsOrExitCode("verify", VERIFY_USAGE, () => parseVerifyArguments(argv), out, err);
    if (typeof args === "number") return args;

    let stackTargets: StackTargets | undefined;
    if (args.stack !== undefined) {
        // Loaded only for --stack: it pulls in the stack config and the Pulumi SDK.
        const { StackLookupError, pulumiStackOutputs, resolveStackTargets } = await import("./stack-target");
        try {
            stackTargets = await resolveStackTargets(
                args.stack,
                deps.stackOutputs ?? pulumiStackOutputs(),
                deps.projectDir ?? path.resolve(__dirname, "..", ".."),
            );
        } catch (e) {
            if (!(e instanceof StackLookupError)) throw e;
            err(`verify: ${e.message}\n`);
            return 2;
        }
    }

    const urls = stackTargets ? stackTargets.urls : [args.url!];
    const expectMinTls: TlsVersion | undefined = args.expectMinTls ?? stackTargets?.expectMinTls;
    const bucketUrl = args.bucketUrl ?? stackTargets?.bucketUrl;
    const groups = groupsToRun(args, bucketUrl !== undefined);
    if (groups.includes("bucket") && bucketUrl === undefined) {
        err(`verify: --checks: bucket needs --bucket-url (stack ${JSON.stringify(args.stack)} has no bucketName output)\n`);
        return 2;
    }

    const notes: string[] = [];
    if (groups.includes("tls")) notes.push(PROBE_NOTE);
    if (args.insecure) notes.push(INSECURE_NOTE);
    if (stackTargets) {
        notes.push(
            `stack ${stackTargets.stack}: viewer policy ${stackTargets.securityPolicy}` +
                (args.expectMinTls ? `; --expect-min-tls ${args.expectMinTls} overrides its minimum ${stackTargets.expectMinTls}` : `, so the minimum is ${stackTargets.expectMinTls}`),
        );
        notes.push(...stackTargets.notes);
    }
    if (groups.includes("tls") && expectMinTls === undefined) notes.push("no --expect-min-tls: TLS rows only report what the server accepts");

    const trust = { ca: args.ca, insecure: args.insecure };
    const request = { ...trust, timeoutMs: args.timeoutMs };
    const checks: CheckResult[] = [];
    for (const url of urls) {
        if (groups.includes("tls")) {
            // URL keeps IPv6 literals in brackets; sockets want them bare.
            const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
            const results = await probeAllVersions({ host, port: Number(url.port || 443) }, trust, args.timeoutMs);
            checks.push(...tlsChecks(url.href, results, expectMinTls, args.insecure));
        }
        if (groups.includes("auth")) {
            checks.push(await checkAnonymousRefused(url, request));
            checks.push(await checkTokenAccepted(url, args.token!, request));
        }
        if (groups.includes("http")) checks.push(await checkRedirect(args.httpUrl ?? plainHttpUrlOf(url), request));
    }
    if (groups.includes("bucket")) checks.push(await checkBucketRefused(bucketUrl!, request));

    const report: VerifyReport = {
        passed: checks.every((c) => c.pass),
        settings: {
            stack: args.stack,
            groups,
            expectMinTls,
            caFile: args.caFile,
            insecure: args.insecure,
            timeoutMs: args.timeoutMs,
            probeCiphers: PROBE_CIPHERS,
        },
        notes,
        checks,
    };
    out(args.json ? renderJson(report) : renderTable(report));
    return report.passed ? 0 : 1;
}

if (require.main === module) runAsMain("verify", (argv) => runVerify(argv));

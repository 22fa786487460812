/**
 * `npm run verify -- --url https://HOST/PATH [...]` or `--stack NAME`: checks a live front.
 *
 * - `tls`: a real handshake at each of TLS 1.0, 1.1, 1.2 and 1.3; with `--expect-min-tls` every version
 *   at or above it must be accepted (with a trusted certificate) and every version below refused.
 * - `http`: plain HTTP answers 301 to the same URL on HTTPS.
 * - `auth`: without a token the URL answers 401 with `WWW-Authenticate`; with `--token` it answers 200.
 * - `bucket`: an anonymous GET of `--bucket-url` answers 403.
 * - `clients`: a handshake as each client of `--clients` (or of the stack's `front.clients`) would make it,
 *   its chain checked against that client's trust store; with `--stack` every verdict must match what the
 *   handshake model predicts for the stack's settings. Prints the SPKI pins of the served chain.
 *
 * Exit codes: 0 every check passed; 1 a check failed; 2 bad arguments or a stack that cannot be resolved.
 * Unreachable hosts and timeouts are failed checks, never crashes.
 */
import * as path from "node:path";
import { Writer, argumentsOrExitCode, runAsMain, secretHidingWriter } from "../cli-args";
import { VERIFY_COMMAND, groupsToRun, parseVerifyArguments, plainHttpUrlOf, resolvedAddress } from "./args";
import { CheckResult, PROBE_CIPHERS, TlsVersion } from "./checks";
import { checkAnonymousRefused, checkBucketRefused, checkRedirect, checkTokenAccepted } from "./http-checks";
import { CLIENT_PROFILES } from "../../components/tls-clients/client-catalogue";
import { isLegacyClient } from "../../components/tls-clients/compatibility";
import type { SpkiPin } from "./chain-trust";
import { ClientExpectation, ClientVerdict, runClientChecks } from "./client-checks";
import { CLIENTS_NOTE, INSECURE_NOTE, PROBE_NOTE, VerifyReport, renderJson, renderTable } from "./render";
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
    const args = argumentsOrExitCode(VERIFY_COMMAND, () => parseVerifyArguments(argv), out, err);
    if (typeof args === "number") return args;
    // The token never reaches the output, not even where a server echoes it back (in a challenge, say).
    [out, err] = [secretHidingWriter(out, args.token), secretHidingWriter(err, args.token)];

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
    const stackClients = stackTargets?.viewerTls.clients ?? [];
    const groups = groupsToRun(args, bucketUrl !== undefined, stackClients.length > 0);
    // With --stack and no --clients: the clients the stack lists, or the legacy catalogue when it lists none.
    const clients = args.clients ?? (stackClients.length > 0 ? stackClients : CLIENT_PROFILES.filter(isLegacyClient));
    const expectation: ClientExpectation = stackTargets
        ? { kind: "stack", setup: stackTargets.viewerTls.setup }
        : { kind: "named", mustConnect: args.namedClients };
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
    if (groups.includes("clients")) notes.push(CLIENTS_NOTE);

    const trust = { ca: args.ca, insecure: args.insecure };
    const addressFor = (host: string, port: number): string | undefined => resolvedAddress(args.resolve, host, port);
    const request = { ...trust, timeoutMs: args.timeoutMs, addressFor };
    const checks: CheckResult[] = [];
    const verdicts: ClientVerdict[] = [];
    const pins: { target: string; pins: SpkiPin[] }[] = [];
    for (const url of urls) {
        if (groups.includes("tls")) {
            // URL keeps IPv6 literals in brackets; sockets want them bare.
            const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
            const port = Number(url.port || 443);
            const results = await probeAllVersions({ host, port, address: addressFor(host, port) }, trust, args.timeoutMs);
            checks.push(...tlsChecks(url.href, results, expectMinTls, args.insecure));
        }
        if (groups.includes("clients")) {
            const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
            const port = Number(url.port || 443);
            const run = await runClientChecks(url, { host, port, address: addressFor(host, port) }, clients, expectation, {
                ca: args.ca,
                insecure: args.insecure,
                timeoutMs: args.timeoutMs,
            });
            checks.push(...run.checks);
            verdicts.push(...run.verdicts);
            if (run.pins) pins.push({ target: url.href, pins: run.pins });
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
        ...(groups.includes("clients") ? { clients: verdicts, pins } : {}),
    };
    out(args.json ? renderJson(report) : renderTable(report));
    return report.passed ? 0 : 1;
}

if (require.main === module) runAsMain("verify", (argv) => runVerify(argv));

/**
 * The `clients` group of `npm run verify`: one handshake per client profile, as that client would make
 * it (see `client-probe.ts`), the served chain checked against the client's own trust store, and the
 * verdict compared with what is expected:
 * - with `--stack`, what the handshake model predicts for the stack's viewer settings (any difference
 *   fails: the model, the config or the deployment is wrong);
 * - otherwise, a client named on the command line must connect, and one chosen by `legacy` or `all`
 *   is only reported.
 */
import type { ClientProfile } from "../../components/tls-clients/client-profile";
import { ViewerSetup, predictConnection } from "../../components/tls-clients/compatibility";
import { CheckResult } from "./checks";
import { SpkiPin, checkChain, spkiPins } from "./chain-trust";
import { ClientProbeResult, ClientTarget, probeAsClient } from "./client-probe";

/** What one client saw, as `--json` prints it under `clients`. */
export interface ClientVerdict {
    /** The URL the client connected to. */
    readonly target: string;
    /** The profile's id. */
    readonly id: string;
    /** The profile's SSL Labs name. */
    readonly name: string;
    /** Whether the handshake succeeded (a ServerHello with a version and suite the client offered). */
    readonly connected: boolean;
    /** The negotiated protocol. */
    readonly protocol?: string;
    /** The negotiated cipher (OpenSSL name). */
    readonly cipher?: string;
    /** Whether the served chain leads to a root in the client's trust store; `null` unknown or not checked (`--insecure`). */
    readonly trusted: boolean | null;
    /** Why it did not connect, or why the chain is not trusted. */
    readonly reason?: string;
    /** How the client was simulated. */
    readonly method: string;
    /** What the handshake model predicts, with `--stack`. */
    readonly predicted?: { readonly connects: boolean; readonly protocol?: string; readonly cipher?: string; readonly reason?: string };
}

/** How each client's verdict is judged. */
export type ClientExpectation =
    /** The stack's viewer settings: the model's prediction must hold. */
    | { readonly kind: "stack"; readonly setup: ViewerSetup }
    /** These client ids must connect; the others are reported only. */
    | { readonly kind: "named"; readonly mustConnect: ReadonlySet<string> };

/** The checks, the verdicts and the pins of one target. */
export interface ClientCheckRun {
    /** One check per client. */
    readonly checks: CheckResult[];
    /** One verdict per client. */
    readonly verdicts: ClientVerdict[];
    /** SPKI pins of the first chain served (absent when no client got one). */
    readonly pins?: SpkiPin[];
}

/** Options of a run. */
export interface ClientCheckOptions {
    /** Extra CA certificates trusted by every client (`--ca`). */
    readonly ca?: string;
    /** Do not check chains (`--insecure`). */
    readonly insecure: boolean;
    /** Limit of each client's probe. */
    readonly timeoutMs: number;
}

/** Probes `target` as each client in turn (one at a time: parallel probes would look like a flood). */
export async function runClientChecks(
    url: URL,
    target: ClientTarget,
    clients: readonly ClientProfile[],
    expectation: ClientExpectation,
    options: ClientCheckOptions,
): Promise<ClientCheckRun> {
    const checks: CheckResult[] = [];
    const verdicts: ClientVerdict[] = [];
    let pins: SpkiPin[] | undefined;
    for (const profile of clients) {
        const probe = await probeAsClient(profile, target, { timeoutMs: options.timeoutMs });
        if (pins === undefined && probe.chain && probe.chain.length > 0) pins = spkiPins(probe.chain);
        const verdict = verdictOf(url, profile, probe, target.host, options, expectation);
        verdicts.push(verdict);
        checks.push(checkOf(url, profile, probe, verdict, expectation));
    }
    return { checks, verdicts, pins };
}

function verdictOf(
    url: URL,
    profile: ClientProfile,
    probe: ClientProbeResult,
    host: string,
    options: ClientCheckOptions,
    expectation: ClientExpectation,
): ClientVerdict {
    let trusted: boolean | null = null;
    let reason = probe.reason;
    if (probe.connected && !options.insecure) {
        if (!probe.chain || probe.chain.length === 0) {
            reason = "the server's chain could not be read";
        } else {
            const trust = checkChain(probe.chain, profile.trustStore, { host, extraCa: options.ca ? [options.ca] : [] });
            trusted = trust.trusted;
            if (trust.trusted !== true) reason = trust.reason;
        }
    }
    const predicted = expectation.kind === "stack" ? predictionOf(profile, expectation.setup) : undefined;
    return {
        target: url.href,
        id: profile.id,
        name: profile.name,
        connected: probe.connected,
        protocol: probe.protocol,
        cipher: probe.cipher,
        trusted,
        ...(reason !== undefined ? { reason } : {}),
        method: probe.method,
        ...(predicted ? { predicted } : {}),
    };
}

function predictionOf(profile: ClientProfile, setup: ViewerSetup): ClientVerdict["predicted"] {
    const p = predictConnection(profile, setup);
    return p.connects ? { connects: true, protocol: p.protocol, cipher: p.cipher } : { connects: false, reason: p.reason };
}

// A client "gets in" when the handshake succeeds and it does not distrust the chain (unknown counts as in).
function getsIn(v: ClientVerdict): boolean {
    return v.connected && v.trusted !== false;
}

function checkOf(url: URL, profile: ClientProfile, probe: ClientProbeResult, verdict: ClientVerdict, expectation: ClientExpectation): CheckResult {
    const observed =
        probe.outcome === "error"
            ? `no answer (${probe.reason})`
            : verdict.connected
              ? `${verdict.protocol} ${verdict.cipher}, ${trustText(verdict)}`
              : `refused: ${verdict.reason}`;
    let expectationText: string;
    let pass: boolean;
    if (expectation.kind === "stack") {
        const p = verdict.predicted!;
        expectationText = p.connects ? `connects (${p.protocol} ${p.cipher}), as the stack's settings predict` : `refused, as predicted: ${p.reason}`;
        // The protocol and cipher must match too: a different choice means the table or the deployment is off.
        pass = probe.outcome !== "error" && getsIn(verdict) === p.connects && (!p.connects || (verdict.protocol === p.protocol && verdict.cipher === p.cipher));
    } else if (expectation.mustConnect.has(profile.id)) {
        expectationText = "connects with a trusted chain";
        pass = probe.outcome !== "error" && getsIn(verdict);
    } else {
        expectationText = "report only";
        pass = probe.outcome !== "error";
    }
    return {
        group: "clients",
        check: profile.name,
        target: url.href,
        expectation: expectationText,
        observed,
        pass,
        details: { ...verdict, notes: probe.notes },
    };
}

function trustText(v: ClientVerdict): string {
    if (v.trusted === true) return "chain trusted by the client";
    if (v.trusted === false) return `chain NOT trusted by the client: ${v.reason}`;
    return v.reason ? `trust unknown (${v.reason})` : "chain not checked (--insecure)";
}

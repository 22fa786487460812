/**
 * The deep-ping health handler behind `/<stage>/healthcheck`, which Route 53 health checks call on each
 * region's `execute-api` host. It answers the configured body (`ok`) with 200 only when every probe
 * passes and the region's failover drill flag is `healthy`; otherwise 503 with a body naming each
 * failure and why (`orders-table: timeout after 1000 ms`). Probes run in parallel, each under its own
 * timeout, so the answer never takes much longer than the slowest timeout.
 *
 * Its configuration is the `config.json` next to this bundle in the deployment archive (written by the
 * `RegionalApiFailover` component), read and checked once, at cold start. A missing or invalid file makes
 * every health check answer 503: a region whose health handler cannot tell is not healthy.
 *
 * Everything the handler touches (probe runners, the SSM reader, the clock) is injectable: the tests run
 * it with no AWS account, against real local HTTP servers.
 */
import { readFileSync } from "node:fs";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { APIGatewayProxyResult } from "aws-lambda";
import {
    DRILL_VALUES,
    DrillValue,
    DynamoDbProbe,
    HealthConfig,
    HttpProbe,
    PROBE_TIMEOUT_MS,
    ProbeSpec,
    S3Probe,
    parseHealthConfig,
} from "../../shared/health-config";
import { FUNCTION_CONFIG_FILE } from "../../shared/function-bundles";
import { withTimeout } from "../../shared/timeout";

/** A probe that ran to a verdict the health check can report. */
export class ProbeFailure extends Error {
    constructor(
        /** Short, secret-free reason for the 503 body, e.g. `status 500`. */
        readonly reason: string,
    ) {
        super(reason);
        this.name = "ProbeFailure";
    }
}

/**
 * Runs one probe: resolves when the dependency is healthy, rejects (ideally with a {@link ProbeFailure})
 * when not. Must stop its work when `signal` aborts (the timeout fired).
 */
export type ProbeRunner<P extends ProbeSpec = ProbeSpec> = (probe: P, signal: AbortSignal) => Promise<void>;

/** One runner per probe kind. */
export interface ProbeRunners {
    readonly http: ProbeRunner<HttpProbe>;
    readonly dynamodb: ProbeRunner<DynamoDbProbe>;
    readonly s3: ProbeRunner<S3Probe>;
}

/** Reads an SSM parameter's value; `undefined` when it has none. Must stop when `signal` aborts. */
export type ParameterReader = (name: string, signal: AbortSignal) => Promise<string | undefined>;

/** What one probe did. */
export interface ProbeOutcome {
    /** The probe's name. */
    readonly name: string;
    /** Whether the dependency answered healthy within the timeout. */
    readonly ok: boolean;
    /** Why it failed: `timeout after N ms`, `status N`, `error CODE`, … (never a URL, message or stack). */
    readonly reason?: string;
    /** Milliseconds the probe took (about its timeout when it timed out). */
    readonly elapsedMs: number;
}

/** The verdict of one health check request. */
export interface HealthReport {
    /** Every probe passed and the drill flag is `healthy`. */
    readonly healthy: boolean;
    /** One per probe, in configuration order. */
    readonly outcomes: readonly ProbeOutcome[];
    /** The drill flag as the handler saw it. */
    readonly drill: DrillValue;
    /** `name: reason` per failure, in probe order, the drill first. */
    readonly failures: readonly string[];
}

// Error identifiers safe to show on a public endpoint: a code or class name, never a free-text message.
const SAFE_ERROR_ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A short, secret-free description of an error: its code (`ECONNREFUSED`) or name (`AccessDeniedException`). */
export function describeError(error: unknown): string {
    if (error instanceof ProbeFailure) return error.reason;
    const e = error as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | undefined;
    // fetch() wraps socket errors: TypeError("fetch failed") with the useful code in `cause`.
    for (const id of [e?.cause?.code, e?.code, e?.name]) {
        if (typeof id === "string" && SAFE_ERROR_ID.test(id) && id !== "Error" && id !== "TypeError") return `error ${id}`;
    }
    return "error";
}

/** The failure a probe or the drill read reports when it ran out of time. */
const timedOut = (timeoutMs: number) => () => new ProbeFailure(`timeout after ${timeoutMs} ms`);

/** Runs one probe under its timeout and reports what happened; never throws. */
export async function runProbe<P extends ProbeSpec>(probe: P, runner: ProbeRunner<P>, now: () => number): Promise<ProbeOutcome> {
    const started = now();
    try {
        const timeoutMs = probe.timeoutMs ?? PROBE_TIMEOUT_MS.default;
        await withTimeout((signal) => runner(probe, signal), timeoutMs, timedOut(timeoutMs));
        return { name: probe.name, ok: true, elapsedMs: now() - started };
    } catch (error) {
        return { name: probe.name, ok: false, reason: describeError(error), elapsedMs: now() - started };
    }
}

/**
 * The region's failover drill flag, read from SSM and cached for `cacheMs`. A flag that cannot be read
 * keeps its last known value (`healthy` before the first read): the drill is an operator's tool, and an
 * SSM hiccup must not take a region out of DNS.
 */
export class DrillFlag {
    private cached: DrillValue = "healthy";
    private fetchedAt: number | undefined;

    constructor(
        private readonly read: ParameterReader,
        /** The SSM parameter name. */
        readonly parameterName: string,
        private readonly cacheMs: number,
        private readonly now: () => number,
        private readonly timeoutMs = 500,
        private readonly warn: (message: string) => void = (m) => console.warn(m),
    ) {}

    /** The flag's value, from cache when fresh enough. */
    async value(): Promise<DrillValue> {
        if (this.fetchedAt !== undefined && this.now() - this.fetchedAt < this.cacheMs) return this.cached;
        try {
            const raw = await withTimeout((signal) => this.read(this.parameterName, signal), this.timeoutMs, timedOut(this.timeoutMs));
            const value = raw?.trim().toLowerCase();
            if ((DRILL_VALUES as readonly (string | undefined)[]).includes(value)) {
                this.cached = value as DrillValue;
            } else {
                const allowed = DRILL_VALUES.join(" | ");
                this.warn(`drill parameter ${this.parameterName} holds ${JSON.stringify(raw)}, not one of ${allowed}; keeping "${this.cached}"`);
            }
            this.fetchedAt = this.now();
        } catch (error) {
            this.warn(`drill parameter ${this.parameterName} unreadable (${describeError(error)}); keeping "${this.cached}"`);
        }
        return this.cached;
    }
}

/** What {@link checkHealth} needs from the outside world. */
export interface HealthDeps {
    readonly runners: ProbeRunners;
    /** The drill flag; none: no drill configured. */
    readonly drill?: DrillFlag;
    /** Milliseconds clock. @default Date.now */
    readonly now?: () => number;
}

/** Runs every probe and reads the drill flag, all in parallel, and reports. */
export async function checkHealth(config: Pick<HealthConfig, "probes">, deps: HealthDeps): Promise<HealthReport> {
    const now = deps.now ?? Date.now;
    const [drill, ...outcomes] = await Promise.all([
        deps.drill ? deps.drill.value() : Promise.resolve<DrillValue>("healthy"),
        ...config.probes.map((probe) => runProbe(probe, deps.runners[probe.kind] as ProbeRunner, now)),
    ]);
    const failures = [
        ...(drill === "unhealthy" ? [`drill: region marked unhealthy (${deps.drill!.parameterName})`] : []),
        ...outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.reason}`),
    ];
    return { healthy: failures.length === 0, outcomes, drill, failures };
}

/** The HTTP answer for a report: 200 with the healthy body, or 503 naming each failure. */
export function healthResponse(report: Pick<HealthReport, "healthy" | "failures">, healthyBody: string): APIGatewayProxyResult {
    return {
        statusCode: report.healthy ? 200 : 503,
        // Never cached: every Route 53 checker must see the current state.
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
        body: report.healthy ? healthyBody : `unhealthy: ${report.failures.join("; ")}`,
    };
}

/** GETs the URL without following redirects; fails on an unexpected status. */
export const httpRunner: ProbeRunner<HttpProbe> = async (probe, signal) => {
    const response = await fetch(probe.url, { signal, redirect: "manual", headers: { "user-agent": "regional-api-health-probe" } });
    // Release the connection; only the status matters.
    await response.body?.cancel().catch(() => undefined);
    const ok = probe.expectStatus !== undefined ? response.status === probe.expectStatus : response.status >= 200 && response.status < 300;
    if (!ok) throw new ProbeFailure(`status ${response.status}`);
};

// Table states in which reads and writes work.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html (TableStatus)
const USABLE_TABLE_STATUSES = ["ACTIVE", "UPDATING"];

/** Where the SDK clients go; the defaults (the function's region and role) are right in Lambda. */
export interface AwsClientOptions {
    /** @default the SDK's (AWS_REGION in Lambda) */
    readonly region?: string;
    /** Another endpoint, e.g. a local fake in tests. @default the service's regional endpoint */
    readonly endpoint?: string;
    /** Static credentials, for tests. @default the SDK's chain (the function's role in Lambda) */
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

// One attempt: the probe's timeout is the budget, and Route 53's failure threshold absorbs one-offs.
function clientConfig(options: AwsClientOptions) {
    return { ...options, maxAttempts: 1 };
}

/** Probe runners on the AWS SDK, with clients created on first use (one per container). */
export function awsRunners(options: AwsClientOptions = {}): ProbeRunners {
    let dynamodb: DynamoDBClient | undefined;
    let s3: S3Client | undefined;
    return {
        http: httpRunner,
        async dynamodb(probe, signal) {
            dynamodb ??= new DynamoDBClient(clientConfig(options));
            const result = await dynamodb.send(new DescribeTableCommand({ TableName: probe.tableName }), { abortSignal: signal as never });
            const status = result.Table?.TableStatus;
            if (!status || !USABLE_TABLE_STATUSES.includes(status)) throw new ProbeFailure(`table status ${status ?? "unknown"}`);
        },
        async s3(probe, signal) {
            // Path-style only for a custom endpoint (an IP address cannot carry the bucket as a subdomain).
            s3 ??= new S3Client({ ...clientConfig(options), forcePathStyle: options.endpoint !== undefined });
            await s3.send(new HeadBucketCommand({ Bucket: probe.bucketName }), { abortSignal: signal as never });
        },
    };
}

/** An SSM reader on the AWS SDK. */
export function ssmReader(options: AwsClientOptions = {}): ParameterReader {
    let ssm: SSMClient | undefined;
    return async (name, signal) => {
        ssm ??= new SSMClient(clientConfig(options));
        const result = await ssm.send(new GetParameterCommand({ Name: name }), { abortSignal: signal as never });
        return result.Parameter?.Value;
    };
}

type Setup = { config: HealthConfig; deps: HealthDeps } | { error: Error };

/**
 * The text of the config file at `file`, or `undefined` when it is missing or unreadable (which
 * {@link parseHealthConfig} reports as not JSON, so the handler answers 503).
 */
export function readConfigFile(file: string): string | undefined {
    try {
        return readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

/**
 * Builds the handler's state from the text of its `config.json` (`undefined`: missing) and its
 * environment (`AWS_REGION`); a bad config is kept as an error, not thrown.
 */
export function setup(
    configText: string | undefined,
    env: NodeJS.ProcessEnv,
    runners?: ProbeRunners,
    reader?: ParameterReader,
    now: () => number = Date.now,
): Setup {
    try {
        const config = parseHealthConfig(configText);
        const drill = config.drillParameterName
            ? new DrillFlag(reader ?? ssmReader({ region: env.AWS_REGION }), config.drillParameterName, config.drillCacheSeconds * 1000, now)
            : undefined;
        return { config, deps: { runners: runners ?? awsRunners({ region: env.AWS_REGION }), drill, now } };
    } catch (error) {
        return { error: error as Error };
    }
}

let state: Setup | undefined;

/** The Lambda entry point (API Gateway proxy integration). */
export async function handler(): Promise<APIGatewayProxyResult> {
    state ??= setup(readConfigFile(`${__dirname}/${FUNCTION_CONFIG_FILE}`), process.env);
    if ("error" in state) {
        // The details go to the logs only; the public answer says no more than that the config is wrong.
        console.error(`health handler misconfigured: ${state.error.message}`);
        return healthResponse({ healthy: false, failures: [`config: ${FUNCTION_CONFIG_FILE} is missing or invalid (see the function's logs)`] }, "");
    }
    const report = await checkHealth(state.config, state.deps);
    if (!report.healthy) console.warn(JSON.stringify({ message: "unhealthy", failures: report.failures, outcomes: report.outcomes }));
    return healthResponse(report, state.config.healthyBody);
}

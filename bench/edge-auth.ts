/**
 * `npm run bench:edge [-- --rounds N]`: the bundled Cognito viewer-request handler against the floor, in one run.
 *
 * - The handler is the deployable package: `buildEdgeFunction`'s prebuilt bundle and config.json (config
 *   and JWKS) written to a temporary folder and loaded with `require`, the real clock.
 * - The floor is the least any verifier must do: one node:crypto RS256 verification of the same token
 *   with a prebuilt KeyObject (`crypto.verify` over `header.payload`).
 * - Three workloads, interleaved round by round so both sides see the same machine state: a repeated
 *   token (a player fetching segments), unique valid tokens (each seen once), forged tokens (valid shape
 *   and claims, wrong signature). For reference, aws-jwt-verify's `CognitoJwtVerifier.verifySync` runs
 *   the unique tokens too. Requests are events parsed from JSON, as the Lambda runtime hands them over.
 * - The ratios to the floor are medians over rounds of the per-round ratios (the sides alternate which
 *   goes first), robust to other processes on the machine.
 * - Cold start: 10 fresh processes each load the bundle and answer one request, timed in-process.
 * - Bundle size raw and gzipped.
 *
 * Prints a markdown table with the targets of issue 3, met or missed.
 */
import { execFileSync } from "node:child_process";
import { verify as cryptoVerify, KeyObject } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { CloudFrontRequestEvent } from "aws-lambda";
import { buildEdgeFunction, packageFiles } from "../components/lambda-bundle";
import { b64url, bearerEvent, CLIENT_ID, idClaims, POOL_ID, signRs256, testConfig, testKey } from "../tests/edge-auth-tokens";
import { Issue, throwIfIssues } from "../components/validation";
import { CommandHelp, DocumentedOptionSpecs, argumentsOrExitCode, parseCommandLine, runAsMain, wholeNumberArgument } from "../tools/cli-args";

const UNIQUE_PER_ROUND = 400;
const FORGED_PER_ROUND = 400;
const REPEATED_PER_ROUND = 4000;
const COLD_STARTS = 10;
/** Rounds when `--rounds` is not given. */
const DEFAULT_ROUNDS = 20;
/** The limits of `--rounds`. */
const ROUNDS_RANGE = { min: 1, max: 1000 } as const;

const OPTIONS = {
    rounds: {
        type: "string",
        argument: "N",
        description: `interleaved rounds, ${ROUNDS_RANGE.min} to ${ROUNDS_RANGE.max}; each times ${REPEATED_PER_ROUND} repeated, ${UNIQUE_PER_ROUND} unique and ${FORGED_PER_ROUND} forged requests on each side`,
        defaultValue: String(DEFAULT_ROUNDS),
    },
    help: { type: "boolean", description: "print this help and exit" },
} as const satisfies DocumentedOptionSpecs;

/** The command line of `npm run bench:edge`: the options {@link parseBenchEdgeArguments} accepts, and its `--help`. */
export const BENCH_EDGE_COMMAND: CommandHelp<typeof OPTIONS> = {
    tool: "bench:edge",
    command: "npm run bench:edge",
    summary: "times the bundled Cognito viewer-request handler against one bare RS256 verification",
    synopsis: ["[--rounds N]"],
    options: OPTIONS,
    exitCodes: {
        0: "the measurements printed, as markdown tables, with each target met or missed",
        1: "the bench failed (a handler answered wrongly, the prebuilt bundle is missing…), printed with its stack",
        2: "bad arguments",
    },
    examples: [
        { what: "the full run", argv: [] },
        { what: "a quicker, noisier run", argv: ["--rounds", "5"] },
    ],
    notes: [`Also measures ${COLD_STARTS} cold starts, each in a fresh process, and the size of the bundle, raw and gzipped.`],
};

/** The parsed command line of `npm run bench:edge`. */
export interface BenchEdgeArguments {
    /** `--rounds`. @default 20 */
    readonly rounds: number;
    /** `--help`. */
    readonly help: boolean;
}

/** Parses the command line; throws a {@link ValidationError} listing every problem. */
export function parseBenchEdgeArguments(argv: readonly string[]): BenchEdgeArguments {
    const SUBJECT = "the command line of bench:edge";
    const { rounds, help } = parseCommandLine(SUBJECT, argv, BENCH_EDGE_COMMAND.options).values;
    const issues: Issue[] = [];
    const parsed = rounds === undefined ? DEFAULT_ROUNDS : wholeNumberArgument("--rounds", rounds, ROUNDS_RANGE.min, ROUNDS_RANGE.max, issues);
    throwIfIssues(SUBJECT, issues);
    return { rounds: parsed ?? DEFAULT_ROUNDS, help: help === true };
}

type Handler = (event: CloudFrontRequestEvent) => Promise<{ status?: string }>;

/** Per-operation latencies (ns) and the wall time (ns) of each round's batch, for one side of one workload. */
class Series {
    readonly latencies: number[] = [];
    /** Time per operation (ns) of each round's batch, in round order. */
    readonly batchNsPerOp: number[] = [];
    totalNs = 0;
    add(batch: number[], totalNs: number): void {
        for (const l of batch) this.latencies.push(l);
        this.batchNsPerOp.push(totalNs / batch.length);
        this.totalNs += totalNs;
    }
    get opsPerSecond(): number {
        return this.latencies.length / (this.totalNs / 1e9);
    }
    percentileUs(p: number): number {
        const sorted = [...this.latencies].sort((a, b) => a - b);
        return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] / 1000;
    }
}

/**
 * How many times longer `a` takes per operation than `b`: the median over rounds of the ratio of their
 * batches in the same round. On a shared machine a batch's wall time includes whatever time other
 * processes held the cores; comparing within each round and taking the median across rounds discards
 * the rounds so disturbed. (A forced collection before each batch would promote the prepared events to
 * the old generation and slow the handler's edits of them: not done.)
 */
function timeRatio(a: Series, b: Series): number {
    return median(a.batchNsPerOp.map((ns, round) => ns / b.batchNsPerOp[round]));
}

/** The floor: one RS256 verification of `token`'s signature over its first two segments. */
function floorVerify(token: string, key: KeyObject): boolean {
    const dot = token.lastIndexOf(".");
    return cryptoVerify("sha256", Buffer.from(token.slice(0, dot)), key, Buffer.from(token.slice(dot + 1), "base64url"));
}

/**
 * The event as the Lambda runtime hands it over: parsed from JSON, so every request has its own flat
 * strings (a template-literal header value would be a rope the handler has to flatten first).
 */
function lambdaEvent(token: string): CloudFrontRequestEvent {
    return JSON.parse(JSON.stringify(bearerEvent(token))) as CloudFrontRequestEvent;
}

async function timeHandler(handler: Handler, events: CloudFrontRequestEvent[], expectStatus: string | undefined): Promise<[number[], number]> {
    const latencies = new Array<number>(events.length);
    const start = process.hrtime.bigint();
    for (let i = 0; i < events.length; i++) {
        const t0 = process.hrtime.bigint();
        const result = await handler(events[i]);
        latencies[i] = Number(process.hrtime.bigint() - t0);
        if (result.status !== expectStatus) throw new Error(`handler answered ${result.status ?? "pass"} where ${expectStatus ?? "pass"} was expected`);
    }
    return [latencies, Number(process.hrtime.bigint() - start)];
}

function timeSync(fn: (token: string) => boolean, tokens: string[], expect: boolean): [number[], number] {
    const latencies = new Array<number>(tokens.length);
    const start = process.hrtime.bigint();
    for (let i = 0; i < tokens.length; i++) {
        const t0 = process.hrtime.bigint();
        const ok = fn(tokens[i]);
        latencies[i] = Number(process.hrtime.bigint() - t0);
        if (ok !== expect) throw new Error(`verification gave ${ok} where ${expect} was expected`);
    }
    return [latencies, Number(process.hrtime.bigint() - start)];
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(rounds: number): Promise<void> {
    const began = Date.now();
    const load = os.loadavg()[0];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-edge-"));
    try {
        const key = testKey("bench-key");
        const config = testConfig({}, [key]);
        // The deployment package as the component deploys it: the prebuilt index.js and its config.json.
        const pkg = buildEdgeFunction("cognito-auth", config);
        const bundle = pkg.bundle;
        for (const [name, content] of Object.entries(packageFiles(pkg))) fs.writeFileSync(path.join(tmp, name), content);
        const bundlePath = path.join(tmp, "index.js");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const handler = (require(bundlePath) as { handler: Handler }).handler;
        const reference = CognitoJwtVerifier.create({ userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "id" });
        reference.cacheJwks({ keys: [{ ...key.jwk }] });

        const now = Date.now() / 1000;
        const sign = (i: number) => signRs256(idClaims(now, { jti: `bench-${i}`, "custom:n": i }), key);
        process.stderr.write(`signing ${rounds * UNIQUE_PER_ROUND + 200} unique tokens...\n`);
        const warmTokens = Array.from({ length: 200 }, (_, i) => sign(-1 - i));
        const unique = Array.from({ length: rounds * UNIQUE_PER_ROUND }, (_, i) => sign(i));
        // Forged: valid shape and claims under a genuine signature of another token (a tampered payload).
        // Random bytes would not do: a value above the modulus is refused before any exponentiation.
        const forge = (i: number) => `${b64url({ alg: "RS256", kid: key.kid })}.${b64url(idClaims(now, { jti: `forged-${i}` }))}.${unique[i % unique.length].split(".")[2]}`;
        const forged = Array.from({ length: rounds * FORGED_PER_ROUND }, (_, i) => forge(i));
        const repeated = sign(1e9);

        // Warm-up (JIT, key objects), not recorded.
        for (const t of warmTokens) {
            await handler(lambdaEvent(t));
            floorVerify(t, key.publicKey);
            reference.verifySync(t);
        }
        for (let i = 0; i < 2000; i++) await handler(lambdaEvent(repeated));

        const series = {
            repeatedHandler: new Series(),
            repeatedFloor: new Series(),
            uniqueHandler: new Series(),
            uniqueFloor: new Series(),
            uniqueReference: new Series(),
            forgedHandler: new Series(),
            forgedFloor: new Series(),
        };
        process.stderr.write(`running ${rounds} interleaved rounds...\n`);
        for (let round = 0; round < rounds; round++) {
            const u = unique.slice(round * UNIQUE_PER_ROUND, (round + 1) * UNIQUE_PER_ROUND);
            const f = forged.slice(round * FORGED_PER_ROUND, (round + 1) * FORGED_PER_ROUND);
            const repeatedTokens = Array.from({ length: REPEATED_PER_ROUND }, () => repeated);
            // Alternate which side goes first, so neither always runs on a warmer or cooler machine.
            const handlerFirst = round % 2 === 0;
            // Each batch's events are built just before it (outside the timing): the handler edits the
            // request it passes on, so every request needs its own.
            const steps: (() => Promise<void>)[] = [
                async () => series.repeatedHandler.add(...(await timeHandler(handler, repeatedTokens.map(lambdaEvent), undefined))),
                async () => series.repeatedFloor.add(...timeSync((t) => floorVerify(t, key.publicKey), repeatedTokens, true)),
                async () => series.uniqueHandler.add(...(await timeHandler(handler, u.map(lambdaEvent), undefined))),
                async () => series.uniqueFloor.add(...timeSync((t) => floorVerify(t, key.publicKey), u, true)),
                async () => series.forgedHandler.add(...(await timeHandler(handler, f.map(lambdaEvent), "401"))),
                async () => series.forgedFloor.add(...timeSync((t) => floorVerify(t, key.publicKey), f, false)),
            ];
            for (let s = 0; s < steps.length; s += 2) {
                if (handlerFirst) {
                    await steps[s]();
                    await steps[s + 1]();
                } else {
                    await steps[s + 1]();
                    await steps[s]();
                }
            }
            series.uniqueReference.add(
                ...timeSync(
                    (t) => {
                        reference.verifySync(t);
                        return true;
                    },
                    u,
                    true,
                ),
            );
        }

        // Cold start: a fresh process loads the bundle and answers one request; timed inside the process.
        process.stderr.write(`${COLD_STARTS} cold starts...\n`);
        const eventFile = path.join(tmp, "event.json");
        fs.writeFileSync(eventFile, JSON.stringify(bearerEvent(sign(2e9))));
        const probe = path.join(tmp, "cold-start.js");
        fs.writeFileSync(
            probe,
            [
                'const { performance } = require("node:perf_hooks");',
                `const event = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(eventFile)}, "utf8"));`,
                "const c0 = process.cpuUsage();",
                "const t0 = performance.now();",
                `const { handler } = require(${JSON.stringify(bundlePath)});`,
                "handler(event).then((r) => {",
                "    const ms = performance.now() - t0;",
                "    const cpu = process.cpuUsage(c0);",
                "    process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, status: r.status ?? 'pass' }));",
                "});",
            ].join("\n"),
        );
        const colds: number[] = [];
        const coldCpu: number[] = [];
        for (let i = 0; i < COLD_STARTS; i++) {
            const result = JSON.parse(execFileSync(process.execPath, [probe], { encoding: "utf8" })) as { ms: number; cpuMs: number; status: string };
            if (result.status !== "pass") throw new Error(`cold start answered ${result.status}`);
            colds.push(result.ms);
            coldCpu.push(result.cpuMs);
        }

        const rows: string[][] = [];
        const targets: { what: string; measured: string; target: string; met: boolean }[] = [];
        const row = (workload: string, side: string, s: Series, vsFloor: string) =>
            rows.push([workload, side, fmt(s.opsPerSecond, 0), fmt(s.percentileUs(50)), fmt(s.percentileUs(99)), vsFloor]);
        /** Ratio of the p50 latencies, the figure least disturbed by other processes on the machine. */
        const p50x = (a: Series, b: Series) => a.percentileUs(50) / b.percentileUs(50);

        // Time ratios per round, median across rounds (see timeRatio); throughput is its inverse.
        const repeatedX = 1 / timeRatio(series.repeatedHandler, series.repeatedFloor);
        const uniqueX = timeRatio(series.uniqueHandler, series.uniqueFloor);
        const referenceX = timeRatio(series.uniqueReference, series.uniqueFloor);
        const forgedX = timeRatio(series.forgedHandler, series.forgedFloor);
        const allRoundsX = (a: Series, b: Series) => a.totalNs / a.latencies.length / (b.totalNs / b.latencies.length);
        row("repeated token", "floor", series.repeatedFloor, "1×");
        row("repeated token", "handler (bundle)", series.repeatedHandler, `${fmt(repeatedX)}× the throughput (p50: ${fmt(1 / p50x(series.repeatedHandler, series.repeatedFloor))}×)`);
        row("unique tokens", "floor", series.uniqueFloor, "1×");
        row("unique tokens", "handler (bundle)", series.uniqueHandler, `${fmt(uniqueX, 2)}× the time (p50: ${fmt(p50x(series.uniqueHandler, series.uniqueFloor), 2)}×)`);
        row("unique tokens", "aws-jwt-verify verifySync (reference)", series.uniqueReference, `${fmt(referenceX, 2)}× the time (p50: ${fmt(p50x(series.uniqueReference, series.uniqueFloor), 2)}×)`);
        row("forged tokens", "floor", series.forgedFloor, "1×");
        row("forged tokens", "handler (bundle)", series.forgedHandler, `${fmt(forgedX, 2)}× the time (p50: ${fmt(p50x(series.forgedHandler, series.forgedFloor), 2)}×)`);

        const detail = (a: Series, b: Series) => `p50 ${fmt(p50x(a, b), 2)}×, all rounds pooled ${fmt(allRoundsX(a, b), 2)}×`;
        targets.push({
            what: "repeated token throughput",
            measured: `${fmt(repeatedX)}× floor (p50 ${fmt(1 / p50x(series.repeatedHandler, series.repeatedFloor))}×, all rounds pooled ${fmt(1 / allRoundsX(series.repeatedHandler, series.repeatedFloor))}×)`,
            target: "≥ 10× floor",
            met: repeatedX >= 10,
        });
        targets.push({ what: "unique valid tokens, time", measured: `${fmt(uniqueX, 2)}× floor (${detail(series.uniqueHandler, series.uniqueFloor)})`, target: "≤ 1.3× floor", met: uniqueX <= 1.3 });
        targets.push({ what: "forged tokens, time", measured: `${fmt(forgedX, 2)}× floor (${detail(series.forgedHandler, series.forgedFloor)})`, target: "≤ 1.5× floor", met: forgedX <= 1.5 });
        const cold = median(colds);
        targets.push({ what: `cold start, in-process wall time (median of ${COLD_STARTS})`, measured: `${fmt(cold, 2)} ms (CPU ${fmt(median(coldCpu), 2)} ms)`, target: "< 10 ms", met: cold < 10 });
        targets.push({ what: "bundle, gzipped", measured: `${fmt(bundle.gzipBytes / 1024)} KB (${bundle.gzipBytes} B)`, target: "< 32 KB", met: bundle.gzipBytes < 32 * 1024 });

        const cpu = os.cpus();
        const lines = [
            `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown"}), Node.js ${process.version}, ${os.platform()} ${os.arch()}, 1-min load average ${fmt(load, 2)} at start.`,
            `Workload: ${rounds} interleaved rounds of ${REPEATED_PER_ROUND} repeated / ${UNIQUE_PER_ROUND} unique / ${FORGED_PER_ROUND} forged requests per side; RSA-2048 keys; tokens of ${unique[0].length} characters.`,
            "",
            "| workload | verifier | ops/s | p50 µs | p99 µs | vs floor (median of per-round ratios) |",
            "|---|---|---:|---:|---:|---|",
            ...rows.map((r) => `| ${r.join(" | ")} |`),
            "",
            "| target | measured | goal | met |",
            "|---|---|---|---|",
            ...targets.map((t) => `| ${t.what} | ${t.measured} | ${t.target} | ${t.met ? "yes" : "**no**"} |`),
            "",
            `Bundle: ${bundle.bytes} bytes raw, ${bundle.gzipBytes} bytes gzipped (sha256 ${bundle.sha256.slice(0, 16)}…). Cold starts (ms): ${colds.map((c) => fmt(c, 2)).join(", ")}; CPU (ms): ${coldCpu.map((c) => fmt(c, 2)).join(", ")}.`,
            `Bench wall time: ${fmt((Date.now() - began) / 1000)} s.`,
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

if (require.main === module) {
    runAsMain("bench:edge", async (argv) => {
        const args = argumentsOrExitCode(
            BENCH_EDGE_COMMAND,
            () => parseBenchEdgeArguments(argv),
            (t) => process.stdout.write(t),
            (t) => process.stderr.write(t),
        );
        if (typeof args === "number") return args;
        await main(args.rounds);
        return 0;
    });
}

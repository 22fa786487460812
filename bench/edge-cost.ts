/**
 * `npm run bench:edge-cost [-- options]`: what the Cognito viewer-request function costs per million
 * content requests, in the two modes of issue 14, for a traffic shape given by the options.
 *
 * - **Per-request verification** (today): the function runs on every request of a guarded behaviour:
 *   every content request, every page navigation, and the sign-in steps.
 * - **Signed cookies** (the cost mode): the content behaviours trust the key group and run no function;
 *   the function runs on page navigations, the sign-in steps and the cookie renewals only.
 *
 * Invocations are counted from the traffic shape ({@link edgeInvocations}); their cost is Lambda@Edge's
 * request price plus its duration price for the function's memory ({@link VIEWER_REQUEST_LIMITS}) and a
 * billed duration built from `npm run bench:edge`'s warm and cold numbers ({@link edgeCost}). The one
 * thing measured here is the RSA-2048 signature a cookie issuance adds (node:crypto, the algorithm of
 * `@aws-sdk/cloudfront-signer`'s default). Everything else is arithmetic on stated inputs, so the
 * result is only as good as those inputs: each option says where its default comes from.
 *
 * Prints markdown tables: the two modes side by side, and how the difference moves with the number of
 * content requests per page.
 */
import { generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import * as os from "node:os";
import { VIEWER_REQUEST_LIMITS } from "../components/cloudfront-facts";
import { Issue, throwIfIssues } from "../components/validation";
import { CommandHelp, DocumentedOptionSpecs, argumentsOrExitCode, parseCommandLine, runAsMain, wholeNumberArgument } from "../tools/cli-args";

/**
 * Lambda@Edge's prices (US dollars; one global price, not per Region), checked 2026-12-06. AWS's own
 * pricing pages (https://aws.amazon.com/lambda/pricing/ , section "Lambda@Edge pricing", and
 * https://aws.amazon.com/cloudfront/pricing/) render their rate tables client-side and could not be
 * read from where this was written; these are the figures as several independent summaries of those
 * pages quote them, all agreeing: check them there before you budget.
 * @see https://awsnegotiations.com/cloudfront-functions-pricing.html (US$0.60 per million requests, US$0.00005001 per GB-second)
 * @see https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/cloudfront.html (Lambda@Edge is billed by requests and duration)
 */
export const LAMBDA_EDGE_PRICES = {
    /** Per million invocations. */
    perMillionRequests: 0.6,
    /** Per GB-second of billed duration (memory in GB = MB / 1024, as AWS's worked examples compute it). */
    perGbSecond: 0.00005001,
} as const;

/**
 * CloudFront Functions' price per million invocations (US dollars, no duration charge), checked
 * 2026-12-06, for scale only: a CloudFront Function cannot do this job (no network access for the token
 * exchange, at most 1 ms of compute). Same sourcing caveat as {@link LAMBDA_EDGE_PRICES}.
 * @see https://cur.vantage.sh/aws/amazoncloudfront/ (usage type Executions-CloudFrontFunctions: US$0.10 per 1 million invocations)
 */
export const CLOUDFRONT_FUNCTIONS_PRICE_PER_MILLION = 0.1;

/**
 * Lambda@Edge bills duration in 1 ms steps per invocation (since April 2021; before, 50 ms), and bills
 * the initialization code of a cold start as duration too.
 * @see https://aws.amazon.com/about-aws/whats-new/2021/03/cloudfront-lambda-at-edge-billing-granularity/
 * @see https://aws.amazon.com/lambda/pricing/ ("Duration charges apply to code that runs in the handler of a function as well as initialization code")
 */
export const BILLING_STEP_MS = 1;

/**
 * Lambda gives a function CPU in proportion to its memory: at 1,769 MB, the equivalent of one vCPU. A
 * 128 MB viewer-request function therefore gets about 1/13.8 of the core the bench ran on; CPU-bound
 * times measured here are multiplied by this ratio (an estimate: Lambda@Edge's hosts are not this machine).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
export const ONE_VCPU_MEMORY_MB = 1769;

/**
 * Invocations a sign-in adds, the same in both modes: the navigation without cookies (answered with a
 * redirect to Cognito) and the callback (the code exchange). The navigation the callback redirects back
 * to is a page navigation, counted with the others.
 */
export const SIGN_IN_INVOCATIONS = 2;

/** The traffic the invocations are counted for. */
export interface TrafficShape {
    /** Content requests (segments, images, downloads) per page navigation. */
    readonly contentPerPage: number;
    /** Page navigations per signed-in session. */
    readonly pagesPerSession: number;
    /** How long a session lasts, minutes. */
    readonly sessionMinutes: number;
    /** `signedCookies.lifetimeSeconds`: how long one set of CloudFront signed cookies is valid. */
    readonly cookieLifetimeSeconds: number;
}

/** Invocations of the function per million content requests, by kind. */
export interface Invocations {
    /** Sessions that make up the million content requests. */
    readonly sessions: number;
    readonly content: number;
    readonly navigations: number;
    readonly signIn: number;
    /** Cookie renewals that are not on a navigation (an upper bound: each is counted as an invocation of its own). */
    readonly renewals: number;
    readonly total: number;
}

/** The content requests every figure is given for. */
export const CONTENT_REQUESTS = 1_000_000;

/**
 * Cookie renewals per session: a session of `sessionMinutes` needs ⌈session / lifetime⌉ cookie sets, the
 * first issued at the callback. Counted as invocations of their own, an upper bound: the function renews
 * on a navigation whose cookies expire within a minute, so a renewal that falls on a navigation costs
 * nothing extra (but takes the signing time, counted in {@link edgeCost}).
 */
export function renewalsPerSession(shape: TrafficShape): number {
    return Math.max(0, Math.ceil((shape.sessionMinutes * 60) / shape.cookieLifetimeSeconds) - 1);
}

/** Invocations per million content requests in each mode. */
export function edgeInvocations(shape: TrafficShape): { perRequest: Invocations; signedCookies: Invocations } {
    const sessions = CONTENT_REQUESTS / (shape.contentPerPage * shape.pagesPerSession);
    const navigations = CONTENT_REQUESTS / shape.contentPerPage;
    const signIn = sessions * SIGN_IN_INVOCATIONS;
    const renewals = sessions * renewalsPerSession(shape);
    return {
        perRequest: { sessions, content: CONTENT_REQUESTS, navigations, signIn, renewals: 0, total: CONTENT_REQUESTS + navigations + signIn },
        signedCookies: { sessions, content: 0, navigations, signIn, renewals, total: navigations + signIn + renewals },
    };
}

/** The function's measured or assumed times, and how they turn into billed duration. */
export interface FunctionProfile {
    /** Memory, MB: what GB-seconds are counted with. */
    readonly memoryMb: number;
    /** Handler time of a warm request on the bench machine, µs. */
    readonly warmUs: number;
    /** Load and first answer of a cold start on the bench machine, ms. */
    readonly coldMs: number;
    /** One RSA-2048 signature of a CloudFront policy on the bench machine, µs (a cookie issuance). */
    readonly signUs: number;
    /** Wall time of the callback's code exchange, ms (network wait: not scaled by CPU). */
    readonly tokenExchangeMs: number;
    /** Share of invocations that are cold starts, 0 to 1. */
    readonly coldStartShare: number;
    /** How many times slower the function's CPU is than the bench machine's core. */
    readonly cpuScale: number;
}

/** A warm verification's time at the function's CPU share, ms. */
export const warmMs = (profile: FunctionProfile): number => (profile.warmUs / 1000) * profile.cpuScale;

/** What a cold start adds at the function's CPU share, ms. */
export const coldStartMs = (profile: FunctionProfile): number => profile.coldMs * profile.cpuScale;

/** Billed duration of one invocation that runs `ms`: rounded up to the billing step, at least one step. */
export function billedMs(ms: number): number {
    // Rounded to a nanosecond first, so 3.0000000000000004 (floating-point noise) bills 3 ms, not 4.
    const steps = Math.ceil(Math.round((ms / BILLING_STEP_MS) * 1e6) / 1e6);
    return Math.max(1, steps) * BILLING_STEP_MS;
}

/** The cost of one mode per million content requests. */
export interface ModeCost {
    readonly invocations: Invocations;
    /** Billed GB-seconds. */
    readonly gbSeconds: number;
    /** US dollars. */
    readonly requestUsd: number;
    readonly durationUsd: number;
    readonly totalUsd: number;
    /** The same invocations at CloudFront Functions' price, US dollars (for scale). */
    readonly cloudFrontFunctionsUsd: number;
    /** Mean time the function adds to a content request, µs (function time only). */
    readonly contentLatencyUs: number;
    /** Mean time the function adds to a page navigation, µs (function time only). */
    readonly navigationLatencyUs: number;
}

/**
 * Lambda@Edge's request and duration charges for `invocations` that together bill `totalBilledMs`, at
 * `memoryMb`: GB-seconds are billed seconds times memory in GB (MB / 1024).
 */
export function lambdaEdgeCharges(invocations: number, totalBilledMs: number, memoryMb: number): { gbSeconds: number; requestUsd: number; durationUsd: number; totalUsd: number } {
    const gbSeconds = (totalBilledMs / 1000) * (memoryMb / 1024);
    const requestUsd = (invocations / 1e6) * LAMBDA_EDGE_PRICES.perMillionRequests;
    const durationUsd = gbSeconds * LAMBDA_EDGE_PRICES.perGbSecond;
    return { gbSeconds, requestUsd, durationUsd, totalUsd: requestUsd + durationUsd };
}

/**
 * Cost and added latency of both modes. Each invocation's time is its CPU work on the bench machine
 * times `cpuScale` (plus the code exchange's network wait on a callback); a share `coldStartShare` of
 * them also pays the cold start. Cookie issuance (signed-cookie mode: the callback and each renewal)
 * adds one signature.
 */
export function edgeCost(shape: TrafficShape, profile: FunctionProfile): { perRequest: ModeCost; signedCookies: ModeCost } {
    const invocations = edgeInvocations(shape);
    const cpuMs = (us: number) => (us / 1000) * profile.cpuScale;
    const coldMs = coldStartMs(profile);
    const share = profile.coldStartShare;
    // Mean billed time and mean wall time (µs) of an invocation doing `workMs` of work.
    const billed = (workMs: number) => (1 - share) * billedMs(workMs) + share * billedMs(workMs + coldMs);
    const wallUs = (workMs: number) => ((1 - share) * workMs + share * (workMs + coldMs)) * 1000;
    const verify = warmMs(profile);
    const issue = verify + cpuMs(profile.signUs);
    const callback = (withCookies: boolean) => profile.tokenExchangeMs + (withCookies ? issue : verify);

    const mode = (inv: Invocations, cookies: boolean): ModeCost => {
        // A renewal is counted as an invocation of its own that signs (an upper bound: see renewalsPerSession).
        const totalBilledMs =
            (inv.content + inv.navigations) * billed(verify) +
            (inv.signIn / SIGN_IN_INVOCATIONS) * (billed(verify) + billed(callback(cookies))) +
            inv.renewals * billed(issue);
        const charges = lambdaEdgeCharges(inv.total, totalBilledMs, profile.memoryMb);
        return {
            invocations: inv,
            ...charges,
            cloudFrontFunctionsUsd: (inv.total / 1e6) * CLOUDFRONT_FUNCTIONS_PRICE_PER_MILLION,
            contentLatencyUs: inv.content > 0 ? wallUs(verify) : 0,
            navigationLatencyUs: wallUs(verify),
        };
    };
    return { perRequest: mode(invocations.perRequest, false), signedCookies: mode(invocations.signedCookies, true) };
}

// ---- the command line ----

/**
 * `npm run bench:edge`'s numbers these defaults come from: one run of 2026-12-06 05:22 UTC on the
 * development machine (2 shared cores, AMD EPYC, Node.js v20.20.2, 1-minute load average 2.9),
 * `npm run bench:edge -- --rounds 5`, of the bundle then in the tree (46,201 bytes raw, sha256
 * 9e88e41d98b0dad3…, with issue 14's sign-in code in progress). Rerun both benches when the bundle changes.
 */
const BENCH_EDGE_RUN = {
    /** p50 of the handler on unique valid tokens (a full RS256 verification), µs. A repeated token costs 0.8 µs. */
    warmUs: 37.3,
    /** Median of 10 cold starts, in-process: loading the bundle and answering one request, ms. */
    coldMs: 12.05,
} as const;

const DEFAULTS = {
    contentPerPage: 100,
    pagesPerSession: 6,
    sessionMinutes: 60,
    cookieLifetimeSeconds: 3600,
    coldStartPercent: 1,
    warmUs: BENCH_EDGE_RUN.warmUs,
    coldMs: BENCH_EDGE_RUN.coldMs,
    tokenExchangeMs: 2000,
    cpuScale: Math.round((ONE_VCPU_MEMORY_MB / VIEWER_REQUEST_LIMITS.memoryMb) * 100) / 100,
} as const;

/** The limits of each numeric option. */
const RANGES = {
    contentPerPage: { min: 1, max: 100_000 },
    pagesPerSession: { min: 1, max: 10_000 },
    sessionMinutes: { min: 1, max: 1440 },
    // Under two minutes, the "expires within a minute" renewal would fire on nearly every navigation.
    cookieLifetimeSeconds: { min: 120, max: 86_400 },
    coldStartPercent: { min: 0, max: 100 },
    warmUs: { min: 0, max: 5_000_000 },
    coldMs: { min: 0, max: 5000 },
    tokenExchangeMs: { min: 0, max: 5000 },
    cpuScale: { min: 1, max: 100 },
} as const;

const range = (r: { min: number; max: number }) => `${r.min} to ${r.max}`;

const OPTIONS = {
    "content-per-page": {
        type: "string",
        argument: "N",
        description: `content requests per page navigation, ${range(RANGES.contentPerPage)}; the default is one page playing 10 minutes of video in 6-second segments`,
        defaultValue: String(DEFAULTS.contentPerPage),
    },
    "pages-per-session": {
        type: "string",
        argument: "N",
        description: `page navigations per signed-in session, ${range(RANGES.pagesPerSession)}; the default is an hour of such pages`,
        defaultValue: String(DEFAULTS.pagesPerSession),
    },
    "session-minutes": {
        type: "string",
        argument: "MINUTES",
        description: `how long a session lasts, ${range(RANGES.sessionMinutes)}`,
        defaultValue: String(DEFAULTS.sessionMinutes),
    },
    "cookie-lifetime": {
        type: "string",
        argument: "SECONDS",
        description: `signedCookies.lifetimeSeconds: how long one set of signed cookies is valid, ${range(RANGES.cookieLifetimeSeconds)}`,
        defaultValue: String(DEFAULTS.cookieLifetimeSeconds),
    },
    "cold-start-percent": {
        type: "string",
        argument: "PERCENT",
        description: `share of invocations that are cold starts, ${range(RANGES.coldStartPercent)} (decimals allowed); about 1% is the share quoted for steady production traffic; a quiet front sees more`,
        defaultValue: String(DEFAULTS.coldStartPercent),
    },
    "warm-us": {
        type: "string",
        argument: "MICROSECONDS",
        description: `handler time of a warm request on this machine, ${range(RANGES.warmUs)}: npm run bench:edge's unique-token p50`,
        defaultValue: `${DEFAULTS.warmUs} (npm run bench:edge, 2026-12-06)`,
    },
    "cold-ms": {
        type: "string",
        argument: "MILLISECONDS",
        description: `cold start (load and first answer) on this machine, ${range(RANGES.coldMs)}: npm run bench:edge's median`,
        defaultValue: `${DEFAULTS.coldMs} (npm run bench:edge, 2026-12-06)`,
    },
    "token-exchange-ms": {
        type: "string",
        argument: "MILLISECONDS",
        description: `wall time of the callback's code exchange with Cognito, ${range(RANGES.tokenExchangeMs)}; the default is signIn.tokenTimeoutMs, the most it may take`,
        defaultValue: String(DEFAULTS.tokenExchangeMs),
    },
    "cpu-scale": {
        type: "string",
        argument: "X",
        description: `how many times slower the function's CPU is than this machine's core, ${range(RANGES.cpuScale)} (decimals allowed); Lambda gives 128 MB 128/1769 of a vCPU`,
        defaultValue: `${DEFAULTS.cpuScale} (${ONE_VCPU_MEMORY_MB} / ${VIEWER_REQUEST_LIMITS.memoryMb})`,
    },
    help: { type: "boolean", description: "print this help and exit" },
} as const satisfies DocumentedOptionSpecs;

/** The command line of `npm run bench:edge-cost`: the options {@link parseBenchEdgeCostArguments} accepts, and its `--help`. */
export const BENCH_EDGE_COST_COMMAND: CommandHelp<typeof OPTIONS> = {
    tool: "bench:edge-cost",
    command: "npm run bench:edge-cost",
    summary: "edge function runs and cost per million content requests: each request vs cookies",
    synopsis: [
        "[--content-per-page N] [--pages-per-session N] [--session-minutes MINUTES]",
        "[--cookie-lifetime SECONDS] [--cold-start-percent PERCENT] [--warm-us MICROSECONDS]",
        "[--cold-ms MILLISECONDS] [--token-exchange-ms MILLISECONDS] [--cpu-scale X]",
    ],
    options: OPTIONS,
    exitCodes: {
        0: "the tables printed, in markdown",
        1: "the bench failed, printed with its stack",
        2: "bad arguments",
    },
    examples: [
        { what: "the default traffic shape (the table in docs/benchmarks.md)", argv: [] },
        { what: "a downloads page: a few files per page, short sessions", argv: ["--content-per-page", "3", "--session-minutes", "10", "--pages-per-session", "5"] },
        { what: "a quiet front: one invocation in ten is a cold start", argv: ["--cold-start-percent", "10"] },
    ],
    notes: [
        `Prices: Lambda@Edge US$${LAMBDA_EDGE_PRICES.perMillionRequests.toFixed(2)} per million requests and US$${LAMBDA_EDGE_PRICES.perGbSecond} per GB-second, CloudFront Functions US$${CLOUDFRONT_FUNCTIONS_PRICE_PER_MILLION.toFixed(2)} per million (checked 2026-12-06; sources and caveats in docs/benchmarks.md).`,
    ],
};

/**
 * The parsed command line of `npm run bench:edge-cost`: the traffic shape, and the `FunctionProfile`
 * but for `signUs` (measured by the bench) and `memoryMb` (read from the component).
 */
export interface BenchEdgeCostArguments {
    readonly shape: TrafficShape;
    /** `--cold-start-percent` / 100. */
    readonly coldStartShare: number;
    readonly warmUs: number;
    readonly coldMs: number;
    readonly tokenExchangeMs: number;
    readonly cpuScale: number;
    /** `--help`. */
    readonly help: boolean;
}

/**
 * A decimal option (`--cold-start-percent 2.5`): the number, or `undefined` with an issue naming the
 * option, the value and the range. Digits with an optional decimal point only, so `1e3`, `0x10`, `-1`
 * and `5%` are refused rather than coerced.
 */
export function decimalArgument(path: string, text: string, min: number, max: number, issues: Issue[]): number | undefined {
    // As wholeNumberArgument: the value is shown as a number when it is one, else as the text given.
    const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
    if (n !== undefined && n >= min && n <= max) return n;
    issues.push({ path, value: n ?? text, problem: `is not a number from ${min} to ${max} (digits, with an optional decimal point)` });
    return undefined;
}

/** Parses the command line; throws a `ValidationError` listing every problem. */
export function parseBenchEdgeCostArguments(argv: readonly string[]): BenchEdgeCostArguments {
    const SUBJECT = "the command line of bench:edge-cost";
    const { values } = parseCommandLine(SUBJECT, argv, BENCH_EDGE_COST_COMMAND.options);
    const issues: Issue[] = [];
    const whole = (name: keyof typeof OPTIONS, key: keyof typeof RANGES & keyof typeof DEFAULTS): number => {
        const text = values[name];
        if (typeof text !== "string") return DEFAULTS[key];
        return wholeNumberArgument(`--${name}`, text, RANGES[key].min, RANGES[key].max, issues) ?? DEFAULTS[key];
    };
    const decimal = (name: keyof typeof OPTIONS, key: keyof typeof RANGES & keyof typeof DEFAULTS): number => {
        const text = values[name];
        if (typeof text !== "string") return DEFAULTS[key];
        return decimalArgument(`--${name}`, text, RANGES[key].min, RANGES[key].max, issues) ?? DEFAULTS[key];
    };
    const parsed: BenchEdgeCostArguments = {
        shape: {
            contentPerPage: whole("content-per-page", "contentPerPage"),
            pagesPerSession: whole("pages-per-session", "pagesPerSession"),
            sessionMinutes: whole("session-minutes", "sessionMinutes"),
            cookieLifetimeSeconds: whole("cookie-lifetime", "cookieLifetimeSeconds"),
        },
        coldStartShare: decimal("cold-start-percent", "coldStartPercent") / 100,
        warmUs: decimal("warm-us", "warmUs"),
        coldMs: decimal("cold-ms", "coldMs"),
        tokenExchangeMs: whole("token-exchange-ms", "tokenExchangeMs"),
        cpuScale: decimal("cpu-scale", "cpuScale"),
        help: values.help === true,
    };
    throwIfIssues(SUBJECT, issues);
    return parsed;
}

// ---- the measurement and the tables ----

const SIGNATURES = 200;

/**
 * p50 of one RSA-2048 SHA-1 signature of a CloudFront custom policy (the signature a cookie issuance
 * makes: `@aws-sdk/cloudfront-signer`'s default algorithm), µs, after a warm-up.
 */
function measureSignatureUs(): number {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const policy = Buffer.from(
        JSON.stringify({ Statement: [{ Resource: "https://legacy.example.com/downloads/*", Condition: { DateLessThan: { "AWS:EpochTime": 1_900_000_000 } } }] }),
    );
    for (let i = 0; i < 20; i++) cryptoSign("sha1", policy, privateKey);
    const times: number[] = [];
    for (let i = 0; i < SIGNATURES; i++) {
        const t0 = process.hrtime.bigint();
        cryptoSign("sha1", policy, privateKey);
        times.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const usd = (n: number) => `US$${n.toLocaleString("en-US", { minimumFractionDigits: 4, maximumFractionDigits: 4 })}`;
const dec = (n: number, digits = 1) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The markdown the bench prints, from its inputs and the measured signature time (pure: tested). */
export function renderEdgeCostReport(args: BenchEdgeCostArguments, profile: FunctionProfile): string {
    const { perRequest: a, signedCookies: b } = edgeCost(args.shape, profile);
    const saving = a.totalUsd > 0 ? (1 - b.totalUsd / a.totalUsd) * 100 : 0;
    const row = (what: string, x: string, y: string) => `| ${what} | ${x} | ${y} |`;
    const s = args.shape;
    const lines = [
        `Traffic: ${int(CONTENT_REQUESTS)} content requests, ${s.contentPerPage} per page navigation, ${s.pagesPerSession} navigations per session of ${s.sessionMinutes} min, signed cookies valid ${s.cookieLifetimeSeconds} s (${renewalsPerSession(s)} renewal(s) per session).`,
        `Function: ${profile.memoryMb} MB; warm ${dec(profile.warmUs)} µs, cold start ${dec(profile.coldMs, 2)} ms, RSA-2048 signature ${dec(profile.signUs)} µs on this machine, times ${dec(profile.cpuScale, 2)} for a ${profile.memoryMb} MB function's CPU share; ${dec(profile.coldStartShare * 100, 2)}% cold starts; code exchange ${profile.tokenExchangeMs} ms.`,
        "",
        "| per million content requests | per-request verification (today) | signed cookies |",
        "|---|---:|---:|",
        row("sessions", int(a.invocations.sessions), int(b.invocations.sessions)),
        row("invocations: content requests", int(a.invocations.content), int(b.invocations.content)),
        row("invocations: page navigations", int(a.invocations.navigations), int(b.invocations.navigations)),
        row("invocations: sign-in (redirect, callback)", int(a.invocations.signIn), int(b.invocations.signIn)),
        row("invocations: cookie renewals off a navigation", int(a.invocations.renewals), int(b.invocations.renewals)),
        row("**invocations**", `**${int(a.invocations.total)}**`, `**${int(b.invocations.total)}**`),
        row("billed GB-seconds", dec(a.gbSeconds, 2), dec(b.gbSeconds, 2)),
        row("request charge", usd(a.requestUsd), usd(b.requestUsd)),
        row("duration charge", usd(a.durationUsd), usd(b.durationUsd)),
        row("**Lambda@Edge total**", `**${usd(a.totalUsd)}**`, `**${usd(b.totalUsd)}** (${dec(saving)}% less)`),
        row("the same invocations at CloudFront Functions' price (scale only)", usd(a.cloudFrontFunctionsUsd), usd(b.cloudFrontFunctionsUsd)),
        row(
            `function time of one invocation at ${profile.memoryMb} MB: warm / cold`,
            `${dec(warmMs(profile), 2)} / ${dec(warmMs(profile) + coldStartMs(profile))} ms`,
            `${dec(warmMs(profile), 2)} / ${dec(warmMs(profile) + coldStartMs(profile))} ms`,
        ),
        row("function time added to a content request (mean)", `${dec(a.contentLatencyUs / 1000, 2)} ms`, `${dec(b.contentLatencyUs / 1000, 2)} ms`),
        row("function time added to a page navigation (mean)", `${dec(a.navigationLatencyUs / 1000, 2)} ms`, `${dec(b.navigationLatencyUs / 1000, 2)} ms`),
        "",
        "| content requests per page | per-request verification | signed cookies | signed cookies save |",
        "|---:|---:|---:|---:|",
        ...[1, 3, 10, 30, 100, 300, 1000].map((n) => {
            const c = edgeCost({ ...s, contentPerPage: n }, profile);
            const pct = (1 - c.signedCookies.totalUsd / c.perRequest.totalUsd) * 100;
            return `| ${n}${n === s.contentPerPage ? " (this run)" : ""} | ${usd(c.perRequest.totalUsd)} | ${usd(c.signedCookies.totalUsd)} | ${dec(pct)}% |`;
        }),
    ];
    return lines.join("\n");
}

function main(args: BenchEdgeCostArguments): void {
    process.stderr.write(`timing ${SIGNATURES} RSA-2048 signatures...\n`);
    const signUs = measureSignatureUs();
    const profile: FunctionProfile = {
        memoryMb: VIEWER_REQUEST_LIMITS.memoryMb,
        warmUs: args.warmUs,
        coldMs: args.coldMs,
        signUs,
        tokenExchangeMs: args.tokenExchangeMs,
        coldStartShare: args.coldStartShare,
        cpuScale: args.cpuScale,
    };
    const cpu = os.cpus();
    process.stdout.write(
        `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown"}), Node.js ${process.version}, ${os.platform()} ${os.arch()}; ${new Date().toISOString().slice(0, 10)}.\n${renderEdgeCostReport(args, profile)}\n`,
    );
}

if (require.main === module) {
    runAsMain("bench:edge-cost", async (argv) => {
        const args = argumentsOrExitCode(
            BENCH_EDGE_COST_COMMAND,
            () => parseBenchEdgeCostArguments(argv),
            (t) => process.stdout.write(t),
            (t) => process.stderr.write(t),
        );
        if (typeof args === "number") return args;
        main(args);
        return 0;
    });
}

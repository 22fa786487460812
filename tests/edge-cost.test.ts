/**
 * `npm run bench:edge-cost`'s arithmetic and command line: prices times invocations, billed duration
 * rounding, the invocations each mode runs for a traffic shape, and bad arguments named with what is
 * allowed. (Its `--help` is covered with every other tool's in tests/help.test.ts.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
    BILLING_STEP_MS,
    CLOUDFRONT_FUNCTIONS_PRICE_PER_MILLION,
    FunctionProfile,
    LAMBDA_EDGE_PRICES,
    ONE_VCPU_MEMORY_MB,
    TrafficShape,
    billedMs,
    edgeCost,
    edgeInvocations,
    lambdaEdgeCharges,
    parseBenchEdgeCostArguments,
    renderEdgeCostReport,
    renewalsPerSession,
} from "../bench/edge-cost";
import { VIEWER_REQUEST_LIMITS } from "../components/cloudfront-facts";
import { ValidationError } from "../components/validation";

const SHAPE: TrafficShape = { contentPerPage: 100, pagesPerSession: 6, sessionMinutes: 60, cookieLifetimeSeconds: 3600 };

/** Every invocation bills exactly one 1 ms step: no cold starts, no CPU scaling, no network wait. */
const ONE_STEP: FunctionProfile = { memoryMb: 128, warmUs: 100, coldMs: 0, signUs: 500, tokenExchangeMs: 0, coldStartShare: 0, cpuScale: 1 };

const close = (actual: number, expected: number) => expect(actual).to.be.closeTo(expected, Math.abs(expected) * 1e-9 + 1e-12);

describe("bench:edge-cost prices", () => {
    it("uses the prices checked on 2026-12-06", () => {
        expect(LAMBDA_EDGE_PRICES).to.deep.equal({ perMillionRequests: 0.6, perGbSecond: 0.00005001 });
        expect(CLOUDFRONT_FUNCTIONS_PRICE_PER_MILLION).to.equal(0.1);
        expect(BILLING_STEP_MS).to.equal(1);
        expect(ONE_VCPU_MEMORY_MB).to.equal(1769);
    });

    it("charges 1,000,000 invocations of 1 ms at 128 MB: US$0.60 of requests and 125 GB-seconds", () => {
        const c = lambdaEdgeCharges(1_000_000, 1_000_000, 128);
        close(c.requestUsd, 0.6);
        close(c.gbSeconds, 125);
        close(c.durationUsd, 0.00625125);
        close(c.totalUsd, 0.60625125);
    });

    it("counts GB-seconds with memory in GB as MB / 1024", () => {
        // 3,000,000 invocations of 1 s at 512 MB: 1,500,000 GB-seconds (AWS's worked example).
        close(lambdaEdgeCharges(3_000_000, 3_000_000_000, 512).gbSeconds, 1_500_000);
    });

    it("bills duration in whole 1 ms steps, at least one, ignoring floating-point noise", () => {
        expect(billedMs(0)).to.equal(1);
        expect(billedMs(0.0004)).to.equal(1);
        expect(billedMs(1)).to.equal(1);
        expect(billedMs(1.2)).to.equal(2);
        expect(billedMs(0.1 + 0.2 + 2.7)).to.equal(3); // 3.0000000000000004
        expect(billedMs(228.8)).to.equal(229);
    });
});

describe("bench:edge-cost invocations", () => {
    it("runs the function on every content request, navigation and sign-in step per request, on navigations and sign-ins only with signed cookies", () => {
        const { perRequest, signedCookies } = edgeInvocations(SHAPE);
        const sessions = 1_000_000 / 600;
        close(perRequest.sessions, sessions);
        expect(perRequest.content).to.equal(1_000_000);
        expect(perRequest.navigations).to.equal(10_000);
        close(perRequest.signIn, sessions * 2);
        close(perRequest.total, 1_000_000 + 10_000 + sessions * 2);
        expect(signedCookies.content).to.equal(0);
        expect(signedCookies.navigations).to.equal(10_000);
        expect(signedCookies.renewals).to.equal(0);
        close(signedCookies.total, 10_000 + sessions * 2);
    });

    it("renews cookies once per lifetime after the first set, per session", () => {
        expect(renewalsPerSession(SHAPE)).to.equal(0);
        expect(renewalsPerSession({ ...SHAPE, sessionMinutes: 61 })).to.equal(1);
        expect(renewalsPerSession({ ...SHAPE, cookieLifetimeSeconds: 900 })).to.equal(3);
        const { perRequest, signedCookies } = edgeInvocations({ ...SHAPE, cookieLifetimeSeconds: 900 });
        close(signedCookies.renewals, (1_000_000 / 600) * 3);
        expect(perRequest.renewals).to.equal(0);
    });
});

describe("bench:edge-cost cost and latency", () => {
    it("prices each mode's invocations when every one bills one step", () => {
        const { perRequest, signedCookies } = edgeCost(SHAPE, ONE_STEP);
        for (const mode of [perRequest, signedCookies]) {
            const n = mode.invocations.total;
            close(mode.requestUsd, (n / 1e6) * 0.6);
            close(mode.gbSeconds, n * 0.001 * 0.125);
            close(mode.durationUsd, n * 0.001 * 0.125 * 0.00005001);
            close(mode.totalUsd, mode.requestUsd + mode.durationUsd);
            close(mode.cloudFrontFunctionsUsd, (n / 1e6) * 0.1);
        }
        // Per request: 1,013,333.3 invocations, US$0.608 of requests.
        close(perRequest.requestUsd, 0.608);
        expect(perRequest.contentLatencyUs).to.equal(100);
        expect(signedCookies.contentLatencyUs).to.equal(0);
        expect(signedCookies.navigationLatencyUs).to.equal(100);
    });

    it("adds the cold start to a share of the invocations, scaled to the function's CPU", () => {
        const profile: FunctionProfile = { ...ONE_STEP, warmUs: 0, coldMs: 5, coldStartShare: 0.5, cpuScale: 2 };
        const { perRequest } = edgeCost({ ...SHAPE, contentPerPage: 1_000_000, pagesPerSession: 1 }, profile);
        // 1,000,000 content + 1 navigation + 2 sign-in steps, each billed 0.5 × 1 ms + 0.5 × 10 ms.
        close(perRequest.gbSeconds, (1_000_003 * 5.5 * 0.125) / 1000);
        close(perRequest.contentLatencyUs, 0.5 * 10_000);
    });

    it("bills the code exchange's wait on the callback, and a signature where cookies are issued", () => {
        const profile: FunctionProfile = { ...ONE_STEP, warmUs: 0, signUs: 2500, tokenExchangeMs: 100 };
        const shape: TrafficShape = { ...SHAPE, contentPerPage: 1, pagesPerSession: 1_000_000, sessionMinutes: 1440, cookieLifetimeSeconds: 3600 };
        const { perRequest, signedCookies } = edgeCost(shape, profile);
        // One session: per request, 1,000,000 content + 1,000,000 navigations + redirect (1 ms each) + callback (100 ms).
        close(perRequest.gbSeconds, ((2_000_001 + 100) * 0.125) / 1000);
        // Signed cookies: 1,000,000 navigations + redirect (1 ms) + callback (100 + 2.5 → 103 ms) + 23 renewals (2.5 → 3 ms).
        expect(signedCookies.invocations.renewals).to.equal(23);
        close(signedCookies.gbSeconds, ((1_000_001 + 103 + 23 * 3) * 0.125) / 1000);
    });

    it("prints both modes and the sweep over content requests per page", () => {
        const report = renderEdgeCostReport(
            { shape: SHAPE, coldStartShare: 0, warmUs: 100, coldMs: 0, tokenExchangeMs: 0, cpuScale: 1, help: false },
            ONE_STEP,
        );
        expect(report).to.include("| **invocations** | **1,013,333** | **13,333** |");
        expect(report).to.include("| request charge | US$0.6080 | US$0.0080 |");
        expect(report).to.include("| 100 (this run) |");
        expect(report.split("\n").filter((l) => /^\| \d+( \(this run\))? \| US\$/.test(l))).to.have.length(7);
    });
});

describe("bench:edge-cost arguments", () => {
    const problems = (argv: string[]): string[] => {
        try {
            parseBenchEdgeCostArguments(argv);
        } catch (e) {
            expect(e).to.be.instanceOf(ValidationError);
            return (e as ValidationError).issues.map((i) => `${i.path}: ${JSON.stringify(i.value)} ${i.problem}`);
        }
        throw new Error(`${argv.join(" ")} was accepted`);
    };

    it("has defaults read from the component and the bench:edge run", () => {
        const args = parseBenchEdgeCostArguments([]);
        expect(args.shape).to.deep.equal(SHAPE);
        expect(args.coldStartShare).to.equal(0.01);
        // The warm and cold times are those of the bench:edge run docs/benchmarks.md shows, and the committed
        // cost table was made with them.
        const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "benchmarks.md"), "utf8");
        const rerun = doc.slice(doc.indexOf("### Re-run after sign-in"));
        expect(rerun).to.match(new RegExp(`\\| unique tokens \\| handler \\(bundle\\) \\| [\\d,]+ \\| ${args.warmUs} \\|`));
        expect(rerun).to.include(`| ${args.coldMs.toFixed(2)} ms (CPU`);
        expect(doc).to.include(`warm ${args.warmUs} µs, cold start ${args.coldMs} ms`);
        expect(args.tokenExchangeMs).to.equal(2000);
        expect(args.cpuScale).to.equal(13.82);
        expect(VIEWER_REQUEST_LIMITS.memoryMb).to.equal(128);
        expect(args.help).to.equal(false);
    });

    it("reads every option, decimals where allowed", () => {
        const args = parseBenchEdgeCostArguments([
            "--content-per-page", "3",
            "--pages-per-session", "5",
            "--session-minutes", "10",
            "--cookie-lifetime", "900",
            "--cold-start-percent", "2.5",
            "--warm-us", "0.8",
            "--cold-ms", "6.2",
            "--token-exchange-ms", "150",
            "--cpu-scale", "1",
        ]);
        expect(args.shape).to.deep.equal({ contentPerPage: 3, pagesPerSession: 5, sessionMinutes: 10, cookieLifetimeSeconds: 900 });
        expect(args.coldStartShare).to.equal(0.025);
        expect([args.warmUs, args.coldMs, args.tokenExchangeMs, args.cpuScale]).to.deep.equal([0.8, 6.2, 150, 1]);
    });

    it("names every bad value with what is allowed, all at once", () => {
        expect(problems(["--content-per-page", "0", "--cookie-lifetime", "60", "--cold-start-percent", "5%", "--cpu-scale", "0.5", "--token-exchange-ms", "1.5"])).to.deep.equal([
            "--content-per-page: 0 is not a whole number from 1 to 100000",
            "--cookie-lifetime: 60 is not a whole number from 120 to 86400",
            '--cold-start-percent: "5%" is not a number from 0 to 100 (digits, with an optional decimal point)',
            '--token-exchange-ms: "1.5" is not a whole number from 0 to 5000',
            "--cpu-scale: 0.5 is not a number from 1 to 100 (digits, with an optional decimal point)",
        ]);
    });

    it("refuses numbers JavaScript would coerce: exponents, hex, a bare point", () => {
        expect(problems(["--cold-ms", "1e3"])).to.deep.equal(['--cold-ms: "1e3" is not a number from 0 to 5000 (digits, with an optional decimal point)']);
        expect(problems(["--warm-us", "0x10"])[0]).to.match(/^--warm-us: "0x10" is not a number/);
        expect(problems(["--cold-start-percent", "1."])[0]).to.match(/^--cold-start-percent: "1\." is not a number from 0 to 100/);
        expect(problems(["--cold-start-percent", "101"])).to.deep.equal(["--cold-start-percent: 101 is not a number from 0 to 100 (digits, with an optional decimal point)"]);
    });

    it("refuses unknown options, naming the known ones", () => {
        expect(problems(["--rounds", "5"])[0]).to.match(/Unknown option '--rounds'; known options: --content-per-page, .*--cpu-scale, --help/);
    });
});

import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { APIGatewayProxyResult } from "aws-lambda";
import { expect } from "chai";
import { PACKAGE_ROOT, prebuiltBundle } from "../components/lambda-bundle";
import { ValidationError } from "../components/validation";
import { parseHealthConfig, ProbeSpec } from "../shared/health-config";
import {
    DrillFlag,
    ProbeFailure,
    ProbeRunners,
    awsRunners,
    checkHealth,
    describeError,
    healthResponse,
    httpRunner,
    runProbe,
    setup,
    ssmReader,
} from "../functions/regional-api/health";
import { helloResponse } from "../functions/regional-api/hello";

/** A real HTTP server on 127.0.0.1; `respond` decides per request (or never answers). */
async function serve(respond: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): Promise<{ url: string; server: http.Server; requests: { path: string; target?: string; body: string }[] }> {
    const requests: { path: string; target?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
            requests.push({ path: req.url ?? "", target: req.headers["x-amz-target"] as string | undefined, body });
            respond(req, res, body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

function stop(server: http.Server): Promise<void> {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
}

/** Runners whose AWS kinds answer from a table of verdicts (the SDK-backed ones are tested below). */
function fakeRunners(verdicts: Record<string, "ok" | "fail" | "hang"> = {}): ProbeRunners {
    const run = async (probe: ProbeSpec, signal: AbortSignal) => {
        const verdict = verdicts[probe.name] ?? "ok";
        if (verdict === "fail") throw new ProbeFailure("table status CREATING");
        if (verdict === "hang") {
            await new Promise<void>((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
        }
    };
    return { http: httpRunner, dynamodb: run, s3: run };
}

const AWS_CREDENTIALS = { accessKeyId: "AKIAOFFLINETEST00000", secretAccessKey: "offline-test-secret" };

describe("health handler: probes", () => {
    const servers: http.Server[] = [];
    let healthyUrl: string;
    let failingUrl: string;
    let hangingUrl: string;

    before(async () => {
        const healthy = await serve((_req, res) => res.end("fine"));
        const failing = await serve((_req, res) => {
            res.statusCode = 500;
            res.end("boom with secret-token-123");
        });
        const hanging = await serve(() => undefined);
        servers.push(healthy.server, failing.server, hanging.server);
        healthyUrl = `${healthy.url}/ping?token=secret-token-123`;
        failingUrl = `${failing.url}/ping`;
        hangingUrl = `${hanging.url}/ping`;
    });
    after(async () => {
        await Promise.all(servers.map(stop));
    });

    it("all healthy → 200 with the configured body", async () => {
        const probes: ProbeSpec[] = [
            { kind: "http", name: "catalog", url: healthyUrl },
            { kind: "dynamodb", name: "orders", tableName: "orders" },
            { kind: "s3", name: "content", bucketName: "acme-content" },
        ];
        const report = await checkHealth({ probes }, { runners: fakeRunners() });
        expect(report.healthy).to.equal(true);
        expect(report.outcomes.map((o) => [o.name, o.ok])).to.deep.equal([
            ["catalog", true],
            ["orders", true],
            ["content", true],
        ]);
        expect(healthResponse(report, "ok")).to.deep.include({ statusCode: 200, body: "ok" });
        expect(healthResponse(report, "ok").headers).to.deep.include({ "cache-control": "no-store" });
    });

    it("one probe failing → 503 naming it and the status, nothing else, no URL or secret", async () => {
        const probes: ProbeSpec[] = [
            { kind: "http", name: "catalog", url: healthyUrl },
            { kind: "http", name: "billing", url: failingUrl },
            { kind: "dynamodb", name: "orders", tableName: "orders" },
        ];
        const report = await checkHealth({ probes }, { runners: fakeRunners() });
        const response = healthResponse(report, "ok");
        expect(response.statusCode).to.equal(503);
        expect(response.body).to.equal("unhealthy: billing: status 500");
        expect(response.body).not.to.include("127.0.0.1");
        expect(response.body).not.to.include("secret-token");
    });

    it("an AWS probe failing is named with its reason", async () => {
        const probes: ProbeSpec[] = [
            { kind: "dynamodb", name: "orders", tableName: "orders" },
            { kind: "s3", name: "content", bucketName: "acme-content" },
        ];
        const report = await checkHealth({ probes }, { runners: fakeRunners({ orders: "fail" }) });
        expect(healthResponse(report, "ok")).to.deep.include({ statusCode: 503, body: "unhealthy: orders: table status CREATING" });
    });

    it("a probe that never answers times out within its own timeout, in parallel with the others", async () => {
        const probes: ProbeSpec[] = [
            { kind: "http", name: "slow-api", url: hangingUrl, timeoutMs: 300 },
            { kind: "dynamodb", name: "slow-table", tableName: "orders", timeoutMs: 300 },
            { kind: "s3", name: "slow-bucket", bucketName: "acme-content", timeoutMs: 300 },
            { kind: "http", name: "catalog", url: healthyUrl },
        ];
        const started = Date.now();
        const report = await checkHealth({ probes }, { runners: fakeRunners({ "slow-table": "hang", "slow-bucket": "hang" }) });
        const elapsed = Date.now() - started;
        // In parallel the whole check takes about one timeout (300 ms); one after another it would take 900.
        expect(elapsed).to.be.at.least(290).and.below(800);
        expect(healthResponse(report, "ok")).to.deep.include({
            statusCode: 503,
            body: "unhealthy: slow-api: timeout after 300 ms; slow-table: timeout after 300 ms; slow-bucket: timeout after 300 ms",
        });
        const slow = report.outcomes.find((o) => o.name === "slow-api")!;
        expect(slow.elapsedMs).to.be.at.least(295).and.below(800);
        expect(report.outcomes.find((o) => o.name === "catalog")!.ok).to.equal(true);
    });

    it("a refused connection reports the socket error code", async () => {
        const closed = await serve(() => undefined);
        await stop(closed.server);
        const outcome = await runProbe({ kind: "http", name: "gone", url: `${closed.url}/` }, httpRunner, Date.now);
        expect(outcome).to.deep.include({ ok: false, reason: "error ECONNREFUSED" });
    });

    it("expectStatus makes exactly that status healthy", async () => {
        const outcome = await runProbe({ kind: "http", name: "teapot", url: failingUrl, expectStatus: 500 }, httpRunner, Date.now);
        expect(outcome.ok).to.equal(true);
        const other = await runProbe({ kind: "http", name: "catalog", url: healthyUrl, expectStatus: 204 }, httpRunner, Date.now);
        expect(other).to.deep.include({ ok: false, reason: "status 200" });
    });

    it("clears its timer whether the probe finishes first or times out", async () => {
        const created: unknown[] = [];
        const cleared = new Set<unknown>();
        const realSet = global.setTimeout;
        const realClear = global.clearTimeout;
        global.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
            const handle = realSet(...args);
            created.push(handle);
            return handle;
        }) as typeof setTimeout;
        global.clearTimeout = ((handle: NodeJS.Timeout) => {
            cleared.add(handle);
            realClear(handle);
        }) as typeof clearTimeout;
        try {
            const fast = await runProbe({ kind: "s3", name: "fast", bucketName: "acme-content", timeoutMs: 1500 }, async () => undefined, Date.now);
            const slow = await runProbe({ kind: "s3", name: "slow", bucketName: "acme-content", timeoutMs: 50 }, () => new Promise<void>(() => undefined), Date.now);
            expect(fast.ok).to.equal(true);
            expect(slow).to.deep.include({ ok: false, reason: "timeout after 50 ms" });
        } finally {
            global.setTimeout = realSet;
            global.clearTimeout = realClear;
        }
        expect(created).to.have.length(2);
        expect(created.every((t) => cleared.has(t))).to.equal(true);
    });

    it("describes errors by code or class name only, never by message", () => {
        expect(describeError(Object.assign(new Error("Access denied for arn:aws:iam::123456789012:role/x"), { name: "AccessDeniedException" }))).to.equal(
            "error AccessDeniedException",
        );
        expect(describeError(new Error("password=hunter2"))).to.equal("error");
        expect(describeError(new TypeError("fetch failed", { cause: { code: "ENOTFOUND" } }))).to.equal("error ENOTFOUND");
        expect(describeError({ name: "bad name with spaces" })).to.equal("error");
        expect(describeError(new ProbeFailure("status 502"))).to.equal("status 502");
    });
});

describe("health handler: failover drill", () => {
    it("drill flag unhealthy → 503 even with every probe healthy", async () => {
        const drill = new DrillFlag(async () => "unhealthy", "/api/drill/eu-west-1", 5000, Date.now);
        const report = await checkHealth({ probes: [{ kind: "s3", name: "content", bucketName: "acme-content" }] }, { runners: fakeRunners(), drill });
        expect(report.drill).to.equal("unhealthy");
        expect(healthResponse(report, "ok")).to.deep.include({
            statusCode: 503,
            body: "unhealthy: drill: region marked unhealthy (/api/drill/eu-west-1)",
        });
    });

    it("caches the flag for the cache time, then reads it again", async () => {
        let clock = 1_000;
        let value = "unhealthy";
        let reads = 0;
        const drill = new DrillFlag(async () => (reads++, value), "/api/drill/eu-west-1", 5000, () => clock);
        expect(await drill.value()).to.equal("unhealthy");
        value = "healthy";
        clock += 4_999;
        expect(await drill.value()).to.equal("unhealthy");
        expect(reads).to.equal(1);
        clock += 1;
        expect(await drill.value()).to.equal("healthy");
        expect(reads).to.equal(2);
    });

    it("keeps the last known value when SSM fails or hangs, within the read timeout", async () => {
        const warnings: string[] = [];
        let mode: "value" | "fail" | "hang" = "value";
        let clock = 0;
        const drill = new DrillFlag(
            (_name, signal) =>
                mode === "value"
                    ? Promise.resolve("unhealthy")
                    : mode === "fail"
                      ? Promise.reject(Object.assign(new Error("throttled"), { name: "ThrottlingException" }))
                      : new Promise<string>((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
            "/api/drill/us-east-1",
            0,
            () => clock,
            100,
            (m) => warnings.push(m),
        );
        expect(await drill.value()).to.equal("unhealthy");
        mode = "fail";
        clock += 1;
        expect(await drill.value()).to.equal("unhealthy");
        expect(warnings[0]).to.include("error ThrottlingException");
        mode = "hang";
        const started = Date.now();
        expect(await drill.value()).to.equal("unhealthy");
        expect(Date.now() - started).to.be.at.least(95).and.below(400);
        expect(warnings[1]).to.include("timeout after 100 ms");
    });

    it("before any successful read the flag is healthy (an SSM outage never takes a region out)", async () => {
        const drill = new DrillFlag(() => Promise.reject(new Error("down")), "/api/drill/us-east-1", 0, Date.now, 100, () => undefined);
        expect(await drill.value()).to.equal("healthy");
    });
});

describe("health handler: AWS SDK probes against local fakes", () => {
    it("DescribeTable: ACTIVE is healthy, CREATING is not; HeadBucket: 200 healthy, 404 named", async () => {
        let tableStatus = "ACTIVE";
        const dynamo = await serve((_req, res) => {
            res.setHeader("content-type", "application/x-amz-json-1.0");
            res.end(JSON.stringify({ Table: { TableName: "orders", TableStatus: tableStatus } }));
        });
        const s3 = await serve((req, res) => {
            res.statusCode = req.url?.startsWith("/acme-content") ? 200 : 404;
            res.end();
        });
        try {
            const options = { region: "eu-west-1", credentials: AWS_CREDENTIALS };
            const ddbRunners = awsRunners({ ...options, endpoint: dynamo.url });
            const s3Runners = awsRunners({ ...options, endpoint: s3.url });
            const table = { kind: "dynamodb", name: "orders", tableName: "orders" } as const;
            expect((await runProbe(table, ddbRunners.dynamodb, Date.now)).ok).to.equal(true);
            expect(dynamo.requests[0].target).to.equal("DynamoDB_20120810.DescribeTable");
            expect(JSON.parse(dynamo.requests[0].body)).to.deep.equal({ TableName: "orders" });
            tableStatus = "CREATING";
            expect(await runProbe(table, ddbRunners.dynamodb, Date.now)).to.deep.include({ ok: false, reason: "table status CREATING" });

            expect((await runProbe({ kind: "s3", name: "content", bucketName: "acme-content" }, s3Runners.s3, Date.now)).ok).to.equal(true);
            const missing = await runProbe({ kind: "s3", name: "old", bucketName: "acme-gone" }, s3Runners.s3, Date.now);
            expect(missing).to.deep.include({ ok: false, reason: "error NotFound" });
        } finally {
            await Promise.all([stop(dynamo.server), stop(s3.server)]);
        }
    });

    it("reads the drill parameter with GetParameter", async () => {
        const ssm = await serve((_req, res) => {
            res.setHeader("content-type", "application/x-amz-json-1.1");
            res.end(JSON.stringify({ Parameter: { Name: "/api/drill/eu-west-1", Value: "unhealthy", Type: "String" } }));
        });
        try {
            const read = ssmReader({ region: "eu-west-1", endpoint: ssm.url, credentials: AWS_CREDENTIALS });
            expect(await read("/api/drill/eu-west-1", new AbortController().signal)).to.equal("unhealthy");
            expect(ssm.requests[0].target).to.equal("AmazonSSM.GetParameter");
            expect(JSON.parse(ssm.requests[0].body)).to.deep.equal({ Name: "/api/drill/eu-west-1" });
        } finally {
            await stop(ssm.server);
        }
    });
});

describe("health handler: configuration", () => {
    const valid = { probes: [{ kind: "s3", name: "content", bucketName: "acme-content" }], drillParameterName: "/api/drill/eu-west-1", healthyBody: "ok", drillCacheSeconds: 5 };

    it("parses a valid config.json", () => {
        expect(parseHealthConfig(JSON.stringify(valid))).to.deep.equal(valid);
    });

    it("names every bad field with what is allowed", () => {
        const bad = {
            probes: [
                { kind: "http", name: "a", url: "http://catalog.example.com/ping", timeoutMs: 5000 },
                { kind: "dynamodb", name: "a", tableName: "x" },
                { kind: "sqs", name: "queue" },
            ],
            drillParameterName: "drill",
            healthyBody: "",
        };
        let error: unknown;
        try {
            parseHealthConfig(JSON.stringify(bad));
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ValidationError);
        const message = (error as Error).message;
        expect(message).to.include('probes[0].url: "http://catalog.example.com/ping" must use https://');
        expect(message).to.include("probes[0].timeoutMs: 5000 is not a whole number from 50 to 1500");
        expect(message).to.include('probes[1].name: "a" is used by another probe');
        expect(message).to.include('probes[1].tableName: "x" is not a DynamoDB table name');
        expect(message).to.include('probes[2].kind: "sqs" is not one of http | dynamodb | s3');
        expect(message).to.include('drillParameterName: "drill" is not an SSM parameter path');
        expect(message).to.include('healthyBody: "" must be 1-255 characters');
        expect(() => parseHealthConfig("{nope")).to.throw(ValidationError, /config\.json.*is not JSON/);
    });

    it("names the other bad fields too, and never throws anything but a ValidationError", () => {
        const messageOf = (config: unknown): string => {
            try {
                parseHealthConfig(config === undefined ? undefined : JSON.stringify(config));
            } catch (e) {
                expect(e).to.be.instanceOf(ValidationError);
                return (e as Error).message;
            }
            throw new Error("expected a ValidationError");
        };
        expect(messageOf(undefined)).to.include("config.json: (missing) is not JSON");
        expect(messageOf([valid])).to.match(/config\.json: \[\{.* must be a JSON object/);
        expect(messageOf(null)).to.include("config.json: null must be a JSON object");
        expect(messageOf({ ...valid, probes: "content" })).to.include('probes: "content" must be a list of probes');
        // A number or a string where a probe belongs: reported, not a TypeError from `in`.
        const notObjects = messageOf({ ...valid, probes: [5, "s3"] });
        expect(notObjects).to.include("probes[0]: 5 must be a probe object with kind and name");
        expect(notObjects).to.include('probes[1]: "s3" must be a probe object with kind and name');
        const probes = messageOf({
            ...valid,
            probes: [
                { kind: "http", name: "no-url" },
                { kind: "http", name: "relative", url: "/ping", expectStatus: 500 },
                { kind: "s3", name: "bucket", bucketName: "Acme_Content" },
                { kind: "dynamodb", name: "table", tableName: 42 },
                { kind: "s3", name: "bad name!" },
            ],
            drillCacheSeconds: 60,
        });
        expect(probes).to.include("probes[0].url: (missing) is required for an http probe");
        expect(probes).to.include('probes[1].url: "/ping" is not an absolute URL');
        expect(probes).to.include("probes[1].expectStatus: 500 is not a whole number from 200 to 399");
        expect(probes).to.include('probes[2].bucketName: "Acme_Content" is not a valid S3 bucket name');
        expect(probes).to.include("probes[3].tableName: 42 must be a string");
        expect(probes).to.include('probes[4].name: "bad name!" is not 1-64 letters');
        expect(probes).to.include("probes[4].bucketName: (missing) is not a valid S3 bucket name");
        expect(probes).to.include("drillCacheSeconds: 60 is not a whole number from 0 to 30");
        expect(messageOf({ ...valid, drillParameterName: "/aws/drill" })).to.include('drillParameterName: "/aws/drill" is not an SSM parameter path');
    });

    it("a handler with a broken config answers 503 instead of crashing", async () => {
        const state = setup("{nope", {});
        expect("error" in state && state.error).to.be.instanceOf(ValidationError);
        const { response, errors } = await prebuilt.call({ "config.json": JSON.stringify({ ...valid, healthyBody: "" }) });
        expect(response.statusCode).to.equal(503);
        expect(response.body).to.equal("unhealthy: config: config.json is missing or invalid (see the function's logs)");
        expect(errors[0]).to.include("healthyBody");
    });

    it("setup wires the drill only when a parameter is configured", () => {
        const withDrill = setup(JSON.stringify(valid), { AWS_REGION: "eu-west-1" }, fakeRunners(), async () => "healthy");
        expect("deps" in withDrill && withDrill.deps.drill?.parameterName).to.equal("/api/drill/eu-west-1");
        const without = setup(JSON.stringify({ ...valid, drillParameterName: undefined }), {}, fakeRunners());
        expect("deps" in without && without.deps.drill).to.equal(undefined);
    });

    describe("the prebuilt bundle (dist/functions/regional-api-health), next to its config.json", () => {
        after(() => {
            if (prebuilt.root) fs.rmSync(prebuilt.root, { recursive: true, force: true });
        });

        it("answers 200 with the healthy body for a valid config (no probes, no drill: no AWS call)", async () => {
            const { response, errors } = await prebuilt.call({ "config.json": JSON.stringify({ probes: [], healthyBody: "ok" }) });
            expect(response).to.deep.include({ statusCode: 200, body: "ok" });
            expect(response.headers).to.deep.include({ "cache-control": "no-store" });
            expect(errors).to.deep.equal([]);
        });

        for (const [what, files, logged] of [
            ["without config.json", {}, "config.json: (missing) is not JSON"],
            ["with a corrupt config.json", { "config.json": '{"probes": [' }, 'config.json: "(unparsable)" is not JSON'],
            ["with config.json holding JSON that is not an object", { "config.json": "[]" }, "config.json: [] must be a JSON object"],
        ] as const) {
            it(`answers 503 ${what}, naming the file, and logs the problem (not the content)`, async () => {
                const { response, errors } = await prebuilt.call(files);
                expect(response.statusCode).to.equal(503);
                expect(response.body).to.equal("unhealthy: config: config.json is missing or invalid (see the function's logs)");
                expect(errors).to.have.length(1);
                expect(errors[0]).to.include(logged);
            });
        }

        it("reads its config once, at cold start: a later change of the file is not seen", async () => {
            const dir = prebuilt.folder({ "config.json": JSON.stringify({ probes: [], healthyBody: "ok" }) });
            const mod = prebuilt.load(dir);
            expect((await mod.handler()).statusCode).to.equal(200);
            fs.rmSync(path.join(dir, "config.json"));
            expect((await mod.handler()).statusCode).to.equal(200);
        });
    });
});

/**
 * The prebuilt health bundle loaded as Lambda loads it: `index.js` in a folder of its own with the
 * files given, `@aws-sdk/*` resolved from this repository (the Lambda runtime provides it).
 */
const prebuilt = {
    root: undefined as string | undefined,
    folder(files: Record<string, string>): string {
        this.root ??= fs.mkdtempSync(path.join(os.tmpdir(), "health-bundle-"));
        const dir = fs.mkdtempSync(path.join(this.root, "fn-"));
        fs.writeFileSync(path.join(dir, "index.js"), prebuiltBundle("regional-api-health").code);
        for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
        if (!fs.existsSync(path.join(this.root, "node_modules"))) fs.symlinkSync(path.join(PACKAGE_ROOT, "node_modules"), path.join(this.root, "node_modules"), "dir");
        return dir;
    },
    load(dir: string): { handler: () => Promise<APIGatewayProxyResult> } {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(path.join(dir, "index.js"));
    },
    /** One cold start and one request, console.error captured. */
    async call(files: Record<string, string>): Promise<{ response: APIGatewayProxyResult; errors: string[] }> {
        const mod = this.load(this.folder(files));
        const errors: string[] = [];
        const original = console.error;
        console.error = (m: string) => errors.push(m);
        try {
            return { response: await mod.handler(), errors };
        } finally {
            console.error = original;
        }
    },
};

describe("hello handler", () => {
    it("answers with the region it runs in", () => {
        expect(helloResponse("ap-southeast-2")).to.deep.include({ statusCode: 200, body: "hello from ap-southeast-2" });
        expect(helloResponse(undefined).body).to.equal("hello from an unknown region");
    });
});

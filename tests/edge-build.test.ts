/**
 * Building the edge functions: validation before bundling, deterministic bytes (and so a stable
 * Lambda archive), a bundle that answers real events when loaded with `require`, and the
 * `build:edge` CLI's output and exit codes.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import type { CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import * as pulumi from "@pulumi/pulumi";
import { lambdaArchive, LambdaBundle } from "../components/lambda-bundle";
import { ValidationError } from "../components/validation";
import { buildEdgeFunction, EDGE_FUNCTION_NAMES, EdgeFunctionName, runBuildCli } from "../edge-functions/build";
import { EdgeAuthConfig } from "../edge-functions/cognito-auth/config";
import { bearerEvent, idClaims, signRs256, testConfig, testKey, viewerRequestEvent } from "./edge-auth-tokens";

/** The same config with its keys (at every level) in reverse order. */
function reversedKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(reversedKeys);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversedKeys((value as Record<string, unknown>)[k])]));
    }
    return value;
}

/** Resolves an archive to `{ path: text }`, what Pulumi hashes for a Lambda's `code`. */
async function archiveContents(archive: pulumi.asset.AssetArchive): Promise<Record<string, string>> {
    const assets = await archive.assets;
    const out: Record<string, string> = {};
    for (const [name, asset] of Object.entries(assets)) out[name] = (await (asset as pulumi.asset.StringAsset).text) as string;
    return out;
}

describe("edge function build", function () {
    this.timeout(60_000);
    let tmp: string;
    let config: EdgeAuthConfig;
    let bundle: LambdaBundle;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "edge-build-"));
        config = testConfig({ cookieName: "id_token", subjectHeader: "x-user-sub" });
        bundle = buildEdgeFunction("cognito-auth", config);
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("buildEdgeFunction", () => {
        it("is deterministic: same sources and config in another key order, same bytes", () => {
            const again = buildEdgeFunction("cognito-auth", reversedKeys(config));
            expect(again.sha256).to.equal(bundle.sha256);
            expect(again.code).to.equal(bundle.code);
            expect(bundle.sha256).to.equal(createHash("sha256").update(bundle.code).digest("hex"));
        });

        it("bakes the config in: another config, other bytes", () => {
            expect(buildEdgeFunction("cognito-auth", { ...config, requiredGroups: ["other"] }).sha256).to.not.equal(bundle.sha256);
        });

        it("gives Pulumi the same archive content for the same code, so no new version is published", async () => {
            const first = await archiveContents(lambdaArchive(bundle));
            const second = await archiveContents(lambdaArchive(buildEdgeFunction("cognito-auth", reversedKeys(config))));
            expect(Object.keys(first)).to.deep.equal(["index.js"]);
            expect(first["index.js"]).to.equal(bundle.code);
            expect(second).to.deep.equal(first);
        });

        it("carries no path of the build machine", () => {
            expect(bundle.code).to.not.contain(path.resolve(__dirname, ".."));
            expect(bundle.code).to.not.contain(os.homedir());
        });

        it("is small: far below the 1 MB viewer-request limit, under 32 KB gzipped", () => {
            expect(bundle.gzipBytes).to.be.below(32 * 1024);
            expect(bundle.bytes).to.be.below(1024 * 1024);
        });

        it("loads no Node.js module but crypto (node:https alone would add milliseconds to every cold start)", () => {
            const required = [...bundle.code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
            expect([...new Set(required)]).to.deep.equal(["node:crypto"]);
        });

        it("validates first, throwing the ValidationError that names the field", () => {
            expect(() => buildEdgeFunction("cognito-auth", { ...config, clientIds: ["ok", ""] })).to.throw(ValidationError, 'clientIds[1]: "" is not an app client ID');
        });

        it("refuses an unknown function, listing the known ones", () => {
            expect(EDGE_FUNCTION_NAMES).to.deep.equal(["cognito-auth"]);
            expect(() => buildEdgeFunction("basic-auth" as EdgeFunctionName, config)).to.throw(RangeError, 'unknown edge function "basic-auth"; known: cognito-auth');
        });

        it("loaded with require from a folder of its own, answers real events", async () => {
            const dir = path.join(tmp, "bundle");
            fs.mkdirSync(dir);
            fs.writeFileSync(path.join(dir, "index.js"), bundle.code);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const mod = require(path.join(dir, "index.js")) as { handler: (e: unknown) => Promise<CloudFrontRequest | CloudFrontResultResponse>; createHandler: unknown };
            expect(typeof mod.handler).to.equal("function");
            expect(typeof mod.createHandler).to.equal("function");

            const now = Date.now() / 1000;
            const token = signRs256(idClaims(now), testKey("key-1"));
            const passed = (await mod.handler(viewerRequestEvent({ headers: { cookie: `id_token=${token}; lang=en` } }))) as CloudFrontRequest;
            expect(passed).to.not.have.property("status");
            expect(passed.headers.cookie).to.deep.equal([{ key: "Cookie", value: "lang=en" }]);
            expect(passed.headers["x-user-sub"][0].value).to.equal(idClaims(now).sub);

            const refused = (await mod.handler(bearerEvent(signRs256(idClaims(now, { "cognito:groups": ["other"] }), testKey("key-1"))))) as CloudFrontResultResponse;
            expect(refused.status).to.equal("403");
            const missing = (await mod.handler(viewerRequestEvent())) as CloudFrontResultResponse;
            expect(missing.status).to.equal("401");
        });
    });

    describe("npm run build:edge", () => {
        function run(argv: string[]) {
            const out: string[] = [];
            const err: string[] = [];
            const code = runBuildCli(argv, (l) => out.push(l), (l) => err.push(l));
            return { code, out: out.join("\n"), err: err.join("\n") };
        }
        let configFile: string;
        before(() => {
            configFile = path.join(tmp, "edge-auth.json");
            fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
        });

        it("writes DIR/index.js with exactly the bytes the component deploys, and reports size and hash", () => {
            const out = path.join(tmp, "out", "nested");
            const r = run(["--function", "cognito-auth", "--config", configFile, "--out", out]);
            expect(r.err).to.equal("");
            expect(r.code).to.equal(0);
            expect(fs.readFileSync(path.join(out, "index.js"), "utf8")).to.equal(bundle.code);
            expect(r.out).to.contain(`${bundle.bytes} bytes raw, ${bundle.gzipBytes} bytes gzipped`);
            expect(r.out).to.contain(`sha256: ${bundle.sha256}`);
        });

        it("accepts --flag=value", () => {
            const r = run([`--function=cognito-auth`, `--config=${configFile}`, `--out=${path.join(tmp, "eq")}`]);
            expect(r.code).to.equal(0);
        });

        it("prints usage for --help", () => {
            const r = run(["--help"]);
            expect(r.code).to.equal(0);
            expect(r.out).to.contain("usage: npm run build:edge -- --function <name> --config <file.json> --out <dir>");
        });

        const usageErrors: [string, string[], string][] = [
            ["no arguments", [], "missing --function, --config, --out"],
            ["an unknown option", ["--function", "cognito-auth", "--config", "c.json", "--out", "d", "--minify"], 'unknown option "--minify"'],
            ["an option without its value", ["--function", "cognito-auth", "--config", "--out", "d"], "--config needs a value"],
            ["a value-less last option", ["--function", "cognito-auth", "--config", "c.json", "--out"], "--out needs a value"],
            ["an option given twice", ["--function", "cognito-auth", "--function", "cognito-auth", "--config", "c", "--out", "d"], "--function given twice"],
            ["a stray argument", ["cognito-auth"], 'unexpected argument "cognito-auth"'],
            ["an empty --flag= value", ["--function", "cognito-auth", "--config=", "--out", "d"], "--config needs a value"],
            ["an unknown --flag=value", ["--function=cognito-auth", "--minify=yes"], 'unknown option "--minify" (known: --function, --config, --out)'],
            ["an unknown short option", ["-v"], 'unknown option "-v"'],
            ["a missing option among others", ["--function", "cognito-auth", "--out", "d"], "missing --config"],
        ];
        for (const [what, argv, message] of usageErrors) {
            it(`exits 2 for ${what}`, () => {
                const r = run(argv);
                expect(r.code).to.equal(2);
                expect(r.err).to.contain(message);
                expect(r.err).to.contain("usage:");
            });
        }

        it("exits 2 for an unknown function, listing the known ones", () => {
            const r = run(["--function", "basic-auth", "--config", configFile, "--out", tmp]);
            expect(r.code).to.equal(2);
            expect(r.err).to.contain('unknown function "basic-auth"; known: cognito-auth');
        });

        it("exits 1 for an unreadable config file", () => {
            const r = run(["--function", "cognito-auth", "--config", path.join(tmp, "absent.json"), "--out", tmp]);
            expect(r.code).to.equal(1);
            expect(r.err).to.match(/cannot read config file .*absent\.json: ENOENT/);
        });

        it("exits 1 for a config file that is not JSON", () => {
            const bad = path.join(tmp, "bad.json");
            fs.writeFileSync(bad, "{ userPoolId: eu-west-1 }");
            const r = run(["--function", "cognito-auth", "--config", bad, "--out", tmp]);
            expect(r.code).to.equal(1);
            expect(r.err).to.contain("is not valid JSON");
        });

        it("exits 1 for an invalid config, naming the fields, and writes nothing", () => {
            const bad = path.join(tmp, "invalid.json");
            fs.writeFileSync(bad, JSON.stringify({ ...config, tokenUse: "refresh", clockSkewSeconds: 9999 }));
            const out = path.join(tmp, "not-written");
            const r = run(["--function", "cognito-auth", "--config", bad, "--out", out]);
            expect(r.code).to.equal(1);
            expect(r.err).to.contain('tokenUse: "refresh" is not one of id | access');
            expect(r.err).to.contain("clockSkewSeconds: 9999 is not a whole number from 0 to 300");
            expect(fs.existsSync(out)).to.equal(false);
        });

        it("exits 1 when the output cannot be written", () => {
            const file = path.join(tmp, "a-file");
            fs.writeFileSync(file, "");
            const r = run(["--function", "cognito-auth", "--config", configFile, "--out", file]);
            expect(r.code).to.equal(1);
            expect(r.err).to.match(/cannot write .*a-file.index\.js: E(EXIST|NOTDIR)/);
        });
    });
});

/**
 * Packaging the edge functions: validation before packaging, the prebuilt bundle with the config as
 * config.json (deterministic bytes, and so a stable Lambda archive), a bundle that answers real events
 * when loaded with `require` next to its config.json (and refuses everything without a usable one), and
 * the `build:edge` CLI's output and exit codes.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import type { CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import * as pulumi from "@pulumi/pulumi";
import { buildEdgeFunction, canonicalJson, EDGE_FUNCTION_NAMES, EdgeFunctionName, FunctionPackage, lambdaArchive, PACKAGE_ROOT, prebuiltBundle } from "../components/lambda-bundle";
import { ValidationError } from "../shared/validation";
import { runBuildCli } from "../tools/build-functions/edge";
import { EdgeAuthConfig } from "../shared/edge-auth-config";
import { bearerEvent, idClaims, signRs256, testConfig, testKey, viewerRequestEvent } from "./edge-auth-tokens";
import { archiveContents } from "./support/lambda-archive";

/** The same config with its keys (at every level) in reverse order. */
function reversedKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(reversedKeys);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversedKeys((value as Record<string, unknown>)[k])]));
    }
    return value;
}

type Handler = (e: unknown) => Promise<CloudFrontRequest | CloudFrontResultResponse>;

describe("edge function package", function () {
    this.timeout(60_000);
    let tmp: string;
    let config: EdgeAuthConfig;
    let pkg: FunctionPackage;

    /** Writes `files` to a fresh folder and loads its index.js as Lambda does, console.error captured while it loads. */
    function load(files: Record<string, string>): { mod: { handler: Handler; createHandler: unknown }; errors: string[] } {
        const dir = fs.mkdtempSync(path.join(tmp, "bundle-"));
        for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
        const errors: string[] = [];
        const saved = console.error;
        console.error = (message: unknown) => errors.push(String(message));
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return { mod: require(path.join(dir, "index.js")), errors };
        } finally {
            console.error = saved;
        }
    }

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "edge-build-"));
        config = testConfig({ cookieName: "id_token", subjectHeader: "x-user-sub" });
        pkg = buildEdgeFunction("cognito-auth", config);
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("buildEdgeFunction", () => {
        it("is deterministic: same sources and config in another key order, same bytes", () => {
            const again = buildEdgeFunction("cognito-auth", reversedKeys(config));
            expect(again.sha256).to.equal(pkg.sha256);
            expect(again.configJson).to.equal(pkg.configJson);
            expect(again.bundle.code).to.equal(pkg.bundle.code);
            expect(pkg.bundle.sha256).to.equal(createHash("sha256").update(pkg.bundle.code).digest("hex"));
        });

        it("packages the prebuilt bundle unchanged, with the validated config as canonical JSON in config.json", () => {
            expect(pkg.bundle.code).to.equal(fs.readFileSync(path.join(PACKAGE_ROOT, "dist/functions/cognito-auth/index.js"), "utf8"));
            expect(pkg.bundle.file).to.equal(path.join(PACKAGE_ROOT, "dist/functions/cognito-auth/index.js"));
            expect(pkg.configJson).to.equal(canonicalJson(config));
            expect(JSON.parse(pkg.configJson!)).to.deep.equal(config);
        });

        it("carries the config in config.json, not in the code: another config, another config.json and hash, the same index.js", () => {
            const other = buildEdgeFunction("cognito-auth", { ...config, requiredGroups: ["other"] });
            expect(other.sha256).to.not.equal(pkg.sha256);
            expect(other.configJson).to.not.equal(pkg.configJson);
            expect(other.bundle.code).to.equal(pkg.bundle.code);
            expect(pkg.bundle.code).to.not.contain(config.jwks.keys[0].n);
            expect(pkg.configJson).to.contain(config.jwks.keys[0].n);
        });

        it("hashes both files: sha256 is that of `sha256sum config.json index.js`", () => {
            const sum = (text: string) => createHash("sha256").update(text).digest("hex");
            expect(pkg.sha256).to.equal(sum(`${sum(pkg.configJson!)}  config.json\n${sum(pkg.bundle.code)}  index.js\n`));
        });

        it("gives Pulumi an archive of exactly index.js (the prebuilt file) and config.json, the same content for the same code and config", async () => {
            const archive = lambdaArchive(pkg);
            const assets = await archive.assets;
            expect(Object.keys(assets)).to.deep.equal(["index.js", "config.json"]);
            expect(assets["index.js"]).to.be.instanceOf(pulumi.asset.FileAsset);
            expect(await (assets["index.js"] as pulumi.asset.FileAsset).path).to.equal(prebuiltBundle("cognito-auth").file);
            const first = await archiveContents(archive);
            const second = await archiveContents(lambdaArchive(buildEdgeFunction("cognito-auth", reversedKeys(config))));
            expect(first).to.deep.equal({ "index.js": pkg.bundle.code, "config.json": pkg.configJson });
            expect(second).to.deep.equal(first);
        });

        it("carries no path of the build machine", () => {
            expect(pkg.bundle.code).to.not.contain(path.resolve(__dirname, ".."));
            expect(pkg.bundle.code).to.not.contain(os.homedir());
        });

        it("is small: far below the 1 MB viewer-request limit, under 32 KB gzipped", () => {
            expect(pkg.bundle.gzipBytes).to.be.below(32 * 1024);
            expect(pkg.bundle.bytes + Buffer.byteLength(pkg.configJson!)).to.be.below(1024 * 1024);
        });

        it("requires only crypto and fs at load (fs reads config.json); node:https and the runtime SDK only inside the sign-in and signing calls", () => {
            const required = [...pkg.bundle.code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
            // node:https (the token endpoint) and the runtime's SDK (the client-ID parameter, the signing key)
            // are required inside the functions that use them, only when a sign-in config calls them
            // (tests/edge-sign-in-browser.test.ts checks that a cold start does not load node:https).
            expect([...new Set(required)].sort()).to.deep.equal(["@aws-sdk/client-secrets-manager", "@aws-sdk/client-ssm", "node:crypto", "node:fs", "node:https"]);
        });

        it("validates first, throwing the ValidationError that names the field", () => {
            expect(() => buildEdgeFunction("cognito-auth", { ...config, clientIds: ["ok", ""] })).to.throw(ValidationError, 'clientIds[1]: "" is not an app client ID');
        });

        it("refuses an unknown function, listing the known ones", () => {
            expect(EDGE_FUNCTION_NAMES).to.deep.equal(["cognito-auth"]);
            expect(() => buildEdgeFunction("basic-auth" as EdgeFunctionName, config)).to.throw(RangeError, 'unknown edge function "basic-auth"; known: cognito-auth');
        });

        it("loaded with require from a folder of its own, next to its config.json, answers real events", async () => {
            const { mod, errors } = load({ "index.js": pkg.bundle.code, "config.json": pkg.configJson! });
            expect(errors).to.deep.equal([]);
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

        for (const [what, files, logged] of [
            ["without config.json", {}, /cannot read the config .*config\.json \(ENOENT\), every request is refused/],
            ["with a corrupt config.json", { "config.json": '{"userPoolId": "eu-west-1_AbCdEf123", "clientIds": [' }, /the config .*config\.json is not JSON, every request is refused/],
            ["with a config.json that is not a valid config", { "config.json": JSON.stringify({ userPoolId: "eu-west-1_AbCdEf123" }) }, /the config is invalid, every request is refused:\n.*clientIds/s],
        ] as const) {
            it(`loaded ${what}: still loads (no 503), refuses every request with 401 and logs why once`, async () => {
                const { mod, errors } = load({ "index.js": pkg.bundle.code, ...files });
                const token = signRs256(idClaims(Date.now() / 1000), testKey("key-1"));
                const withToken = (await mod.handler(viewerRequestEvent({ headers: { cookie: `id_token=${token}` } }))) as CloudFrontResultResponse;
                const preflight = (await mod.handler(viewerRequestEvent({ method: "OPTIONS", headers: { origin: "o", "access-control-request-method": "GET" } }))) as CloudFrontResultResponse;
                expect([withToken.status, preflight.status]).to.deep.equal(["401", "401"]);
                expect(errors).to.have.length(1);
                expect(errors[0]).to.match(logged);
            });
        }
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

        it("writes DIR/index.js and DIR/config.json, exactly the files the component deploys, and reports sizes and hashes", () => {
            const out = path.join(tmp, "out", "nested");
            const r = run(["--function", "cognito-auth", "--config", configFile, "--out", out]);
            expect(r.err).to.equal("");
            expect(r.code).to.equal(0);
            expect(fs.readdirSync(out).sort()).to.deep.equal(["config.json", "index.js"]);
            expect(fs.readFileSync(path.join(out, "index.js"), "utf8")).to.equal(pkg.bundle.code);
            expect(fs.readFileSync(path.join(out, "config.json"), "utf8")).to.equal(pkg.configJson);
            expect(r.out).to.contain(`${pkg.bundle.bytes} bytes raw, ${pkg.bundle.gzipBytes} bytes gzipped`);
            expect(r.out).to.contain(`sha256 ${pkg.bundle.sha256}`);
            expect(r.out).to.contain(`sha256: ${pkg.sha256}`);
        });

        it("accepts --flag=value", () => {
            const r = run([`--function=cognito-auth`, `--config=${configFile}`, `--out=${path.join(tmp, "eq")}`]);
            expect(r.code).to.equal(0);
        });

        it("prints the help for --help", () => {
            const r = run(["--help"]);
            expect(r.code).to.equal(0);
            expect(r.out).to.contain("\nusage: npm run build:edge -- --function NAME --config FILE --out DIR\n");
            expect(r.out).to.match(/\n {2}--function NAME {2}the function to package \(required\)\n {19}one of: cognito-auth\n/);
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

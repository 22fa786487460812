/**
 * The prebuilt Lambda bundles: `npm run build:functions` writes one per function, deterministically;
 * the ones in dist/functions are what the sources build now; the bundles hold nothing of the deploy-time
 * code; and the components name the missing file and the command that writes it when one is absent.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { CognitoEdgeAuth } from "../components/cognito-edge-auth";
import { PACKAGE_ROOT, functionPackage, lambdaArchive, prebuiltBundle } from "../components/lambda-bundle";
import { RegionalApiFailover } from "../components/regional-api-failover";
import { FUNCTION_BUNDLE_NAMES, FunctionBundleName, functionBundlePath } from "../shared/function-bundles";
import { FUNCTION_SOURCES, buildFunction, runBuildFunctionsCli, writeFunctionBundles } from "../tools/build-functions/build";
import { runOffline } from "../tools/offline/engine";
import { testKey } from "./edge-auth-tokens";

/** Runs the build:functions command in-process. */
function run(argv: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const code = runBuildFunctionsCli(argv, (t) => out.push(t), (t) => err.push(t));
    return { code, out: out.join(""), err: err.join("") };
}

/**
 * Runs `body` while reading the prebuilt bundle of `name` fails as for a missing file (ENOENT), as in a
 * checkout where `npm run build:functions` never ran. Other files read as usual. The stub replaces the
 * export of `node:fs` itself, which components/lambda-bundle.ts calls through its named import on every
 * read (a namespace import may be a copy of the module, depending on the transpiler).
 */
function withoutBundle<T>(name: FunctionBundleName, body: () => T): T {
    const missing = path.join(PACKAGE_ROOT, functionBundlePath(name));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require("node:fs") as typeof fs;
    const original = nodeFs.readFileSync;
    nodeFs.readFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
        if (file === missing) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${missing}'`), { code: "ENOENT" });
        return (original as (...args: unknown[]) => unknown)(file, ...rest);
    }) as typeof fs.readFileSync;
    try {
        return body();
    } finally {
        nodeFs.readFileSync = original;
    }
}

describe("prebuilt function bundles", function () {
    this.timeout(60_000);
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "function-bundles-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("npm run build:functions", () => {
        it("writes <out>/<name>/index.js for every function, and prints size and hash of each", () => {
            const out = path.join(tmp, "first");
            const r = run(["--out", out]);
            expect(r.err).to.equal("");
            expect(r.code).to.equal(0);
            expect(fs.readdirSync(out).sort()).to.deep.equal([...FUNCTION_BUNDLE_NAMES].sort());
            for (const name of FUNCTION_BUNDLE_NAMES) {
                expect(fs.readdirSync(path.join(out, name)), name).to.deep.equal(["index.js"]);
                const bundle = buildFunction(name);
                expect(r.out).to.contain(`(${name}): ${bundle.bytes} bytes, ${bundle.gzipBytes} gzipped, sha256 ${bundle.sha256}`);
            }
            expect(r.out).to.match(/built 3 functions in \d+ ms/);
        });

        it("is deterministic: two builds give identical bytes", () => {
            const first = writeFunctionBundles(path.join(tmp, "a"));
            const second = writeFunctionBundles(path.join(tmp, "b"));
            for (const [i, written] of first.entries()) {
                expect(fs.readFileSync(second[i].file), written.name).to.deep.equal(fs.readFileSync(written.file));
                expect(second[i].bundle.sha256, written.name).to.equal(written.bundle.sha256);
            }
        });

        it("builds the same bytes from a checkout in another folder (no path reaches the output)", () => {
            const copy = path.join(tmp, "checkout");
            for (const folder of ["edge-functions", "functions", "shared"]) fs.cpSync(path.join(PACKAGE_ROOT, folder), path.join(copy, folder), { recursive: true });
            fs.symlinkSync(path.join(PACKAGE_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
            for (const name of FUNCTION_BUNDLE_NAMES) {
                const here = buildFunction(name);
                expect(buildFunction(name, copy).code, name).to.equal(here.code);
                expect(here.code, name).to.not.contain(PACKAGE_ROOT);
                expect(here.code, name).to.not.contain(os.homedir());
            }
        });

        it("left dist/functions as the sources build now (else run npm run build:functions)", () => {
            for (const name of FUNCTION_BUNDLE_NAMES) {
                expect(prebuiltBundle(name).sha256, `${functionBundlePath(name)} is stale: run npm run build:functions`).to.equal(buildFunction(name).sha256);
            }
        });

        it("answers --help from its declaration, and exits 2 naming the bad argument", () => {
            const help = run(["--help"]);
            expect(help.code).to.equal(0);
            expect(help.out).to.contain("usage: npm run build:functions -- [--out DIR]").and.contain("default: dist/functions of the package");
            for (const [argv, message] of [
                [["--minify"], "\"--minify\" Unknown option '--minify'; known options: --out, --help"],
                [["dist"], '"dist"'],
                [["--out"], "--out: (missing) Option '--out <value>' argument missing"],
                [["--out="], '--out: "" is empty; give the folder to write to'],
                [["--out", "a", "--out", "b"], '--out: ["a","b"] is given 2 times; give it once'],
            ] as const) {
                const r = run([...argv]);
                expect(r.code, argv.join(" ")).to.equal(2);
                expect(r.err, argv.join(" ")).to.contain(message).and.contain("usage: npm run build:functions");
                expect(r.out, argv.join(" ")).to.equal("");
            }
        });

        it("exits 1 when a bundle cannot be written", () => {
            const file = path.join(tmp, "a-file");
            fs.writeFileSync(file, "");
            const r = run(["--out", file]);
            expect(r.code).to.equal(1);
            expect(r.err).to.match(/^build:functions: E(EXIST|NOTDIR)/);
        });
    });

    describe("what the bundles hold", () => {
        /** Every source file esbuild reads for `name`, relative to the package root. */
        function inputsOf(name: FunctionBundleName): string[] {
            const source = FUNCTION_SOURCES[name];
            const result = buildSync({
                absWorkingDir: PACKAGE_ROOT,
                entryPoints: [source.entryPoint],
                bundle: true,
                write: false,
                metafile: true,
                platform: "node",
                format: "cjs",
                external: [...source.external],
                logLevel: "silent",
            });
            return Object.keys(result.metafile.inputs);
        }

        it("runtime code stands alone: nothing of components/ (nor @pulumi/*) is bundled", () => {
            for (const name of FUNCTION_BUNDLE_NAMES) {
                const inputs = inputsOf(name).filter((f) => !f.includes("node_modules/"));
                expect(inputs.filter((f) => !/^(edge-functions|functions|shared)\//.test(f)), name).to.deep.equal([]);
                expect(inputsOf(name).filter((f) => f.includes("@pulumi/")), name).to.deep.equal([]);
            }
        });

        it("requires only Node.js built-ins, and the AWS SDK the regional Lambda runtime provides", () => {
            const required = (name: FunctionBundleName) => [...new Set([...prebuiltBundle(name).code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();
            // The SDK modules are loaded lazily, only for a config with signIn.clientIdParameter or signedCookies.
            expect(required("cognito-auth")).to.deep.equal(["@aws-sdk/client-secrets-manager", "@aws-sdk/client-ssm", "node:crypto", "node:fs", "node:https"]);
            expect(required("regional-api-health")).to.deep.equal(["@aws-sdk/client-dynamodb", "@aws-sdk/client-s3", "@aws-sdk/client-ssm", "node:fs"]);
            expect(required("regional-api-hello")).to.deep.equal([]);
        });

        it("reads config.json next to the handler, not an environment variable", () => {
            for (const name of ["cognito-auth", "regional-api-health"] as const) {
                const code = prebuiltBundle(name).code;
                expect(code, name).to.contain("config.json").and.contain("__dirname");
                expect(code, name).to.not.contain("HEALTH_CONFIG");
            }
        });
    });

    describe("prebuiltBundle and the deployment archive", () => {
        it("finds each bundle under the package root, and describes it", () => {
            for (const name of FUNCTION_BUNDLE_NAMES) {
                const bundle = prebuiltBundle(name);
                expect(bundle.file).to.equal(path.join(PACKAGE_ROOT, "dist", "functions", name, "index.js"));
                expect(bundle.bytes).to.equal(fs.statSync(bundle.file!).size);
            }
        });

        it("names the missing file and the command that writes it", () => {
            const root = path.join(tmp, "no-build");
            fs.mkdirSync(root);
            expect(() => prebuiltBundle("cognito-auth", root)).to.throw(
                Error,
                `the prebuilt Lambda bundle ${path.join(root, "dist/functions/cognito-auth/index.js")} is missing (ENOENT): the package's functions are bundled when it is built; run \`npm run build:functions\` in ${root}`,
            );
        });

        it("an archive holds exactly index.js (the prebuilt file) and config.json; a function without config, index.js only", async () => {
            const health = prebuiltBundle("regional-api-health");
            const withConfig = await lambdaArchive(functionPackage(health, { probes: [], healthyBody: "ok" })).assets;
            expect(Object.keys(withConfig)).to.deep.equal(["index.js", "config.json"]);
            expect(await (withConfig["index.js"] as { path: Promise<string> }).path).to.equal(health.file);
            expect(await (withConfig["config.json"] as { text: Promise<string> }).text).to.equal('{"healthyBody":"ok","probes":[]}');
            const hello = await lambdaArchive(functionPackage(prebuiltBundle("regional-api-hello"))).assets;
            expect(Object.keys(hello)).to.deep.equal(["index.js"]);
        });

        it("hashes the same code and config, in any key order, the same way; another config another way", () => {
            const health = prebuiltBundle("regional-api-health");
            const a = functionPackage(health, { probes: [], healthyBody: "ok", drillCacheSeconds: 5 });
            const b = functionPackage(health, { drillCacheSeconds: 5, healthyBody: "ok", probes: [] });
            expect(b.sha256).to.equal(a.sha256);
            expect(b.configJson).to.equal(a.configJson);
            expect(functionPackage(health, { probes: [], healthyBody: "up", drillCacheSeconds: 5 }).sha256).to.not.equal(a.sha256);
            expect(functionPackage(health).sha256).to.not.equal(a.sha256);
        });
    });

    describe("the components, when a prebuilt bundle is missing", () => {
        const config = { "aws:region": "eu-west-1" };

        it("CognitoEdgeAuth throws an error naming the file and the command", async () => {
            let error: unknown;
            await runOffline(
                () =>
                    withoutBundle("cognito-auth", () => {
                        try {
                            new CognitoEdgeAuth("auth", { jwks: { keys: [testKey("key-1").jwk] } });
                        } catch (e) {
                            error = e;
                        }
                    }),
                { project: "p", stack: "test", config },
            );
            expect(error).to.be.instanceOf(Error);
            expect((error as Error).message).to.contain(`the prebuilt Lambda bundle ${path.join(PACKAGE_ROOT, "dist/functions/cognito-auth/index.js")} is missing (ENOENT)`);
            expect((error as Error).message).to.contain("run `npm run build:functions`");
        });

        for (const name of ["regional-api-hello", "regional-api-health"] as const) {
            it(`RegionalApiFailover throws, before registering anything, an error naming ${name}'s file and the command`, () => {
                expect(() =>
                    withoutBundle(name, () => new RegionalApiFailover("api", { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", regions: ["eu-west-1", "us-east-1"] })),
                ).to.throw(Error, new RegExp(`the prebuilt Lambda bundle .*dist/functions/${name}/index\\.js is missing \\(ENOENT\\).*npm run build:functions`));
            });
        }
    });
});

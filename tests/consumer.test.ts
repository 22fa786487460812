/**
 * The package as another team gets it: the packed tarball installed into a copy of examples/consumer,
 * the program type-checked with the consumer's own strict tsconfig and run under mocks in a process of
 * its own (examples/consumer/test.ts), every entry point loaded from the tarball.
 *
 * Offline and fast: instead of `npm install` (which would fetch or unpack the dependency tree, @pulumi/aws
 * alone being hundreds of MB), the tarball is unpacked where npm would put it and every package the
 * consumer or the package declares is linked from this repository's node_modules (what `npm ci`
 * installed from the lock file). Node resolves links to their real path, so the program, the package
 * and @pulumi/aws all load the same @pulumi/pulumi: one runtime, one set of mocks. A dependency the
 * package uses but does not declare is not linked, so it fails here as it would for a consumer; an
 * optional peer (esbuild) is not linked either, as npm does not install one: the program's `pulumi up`
 * path must need no bundler.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import ts from "typescript";
import { FunctionBundleName, functionBundlePath } from "../shared/function-bundles";
import { buildFunction } from "../tools/build-functions/build";
import { PackedPackage, REPO_ROOT, compile, copySources, exportsOf, installPacked, packedPackage } from "./package-fixture";

const execFileAsync = promisify(execFile);
const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "consumer");

/** What examples/consumer/test.ts prints on success. */
interface ConsumerReport {
    readonly resources: number;
    readonly count: Record<string, number>;
    readonly bundles: Record<string, string>;
    readonly bundlePaths: Record<string, string>;
    readonly edgeBundlePath: string;
    readonly apiFunction: string;
    readonly pulumiFromProgram: string;
    readonly pulumiFromPackage: string;
    readonly outputs: Record<string, string>;
}

/** Runs node with `args` in `dir`, resolving packages from `dir` alone (no NODE_PATH), and returns its stdout. */
async function node(dir: string, args: readonly string[]): Promise<string> {
    const { stdout } = await execFileAsync(process.execPath, args, { cwd: dir, env: { ...process.env, NODE_PATH: "" }, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
}

/** Runs `node -e script` in `dir` and returns its stdout as JSON. */
async function nodeJson<T>(dir: string, script: string): Promise<T> {
    return JSON.parse(await node(dir, ["-e", script])) as T;
}

describe("consumer: examples/consumer against the packed tarball", function () {
    // Build and pack (shared with package.test.ts) plus a type check and a run: tens of seconds on 2 cores.
    this.timeout(240_000);
    let pkg: PackedPackage;
    let dir: string;
    let linked: string[];

    before(async () => {
        pkg = await packedPackage();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "legacy-tls-consumer-"));
        // Its sources and manifests, not what a previous local run installed (node_modules) or built (bin).
        copySources(EXAMPLE_DIR, dir);
        linked = installPacked(pkg, dir);
    });
    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("installs the package with only what it and the consumer declare: no bundler", async () => {
        expect(linked).to.include.members(["@pulumi/pulumi", "@pulumi/aws"]);
        expect(linked).to.not.include("esbuild");
        expect(fs.existsSync(path.join(dir, "node_modules", pkg.manifest.name, "package.json"))).to.equal(true);
        // Neither the program nor the package can load a bundler: whatever runs below runs without one.
        const found = await nodeJson<Record<string, boolean>>(
            dir,
            `const found = {}; for (const from of [".", "./node_modules/${pkg.manifest.name}"]) { try { require.resolve("esbuild", { paths: [from] }); found[from] = true; } catch { found[from] = false; } } console.log(JSON.stringify(found));`,
        );
        expect(found).to.deep.equal({ ".": false, [`./node_modules/${pkg.manifest.name}`]: false });
    });

    it("resolves each entry point to its declarations, with and without exports-aware module resolution", () => {
        const from = path.join(dir, "index.ts");
        for (const [moduleResolution, module] of [
            [ts.ModuleResolutionKind.Node10, ts.ModuleKind.CommonJS],
            [ts.ModuleResolutionKind.Node16, ts.ModuleKind.Node16],
            [ts.ModuleResolutionKind.NodeNext, ts.ModuleKind.NodeNext],
            [ts.ModuleResolutionKind.Bundler, ts.ModuleKind.ESNext],
        ] as const) {
            for (const entry of pkg.entryPoints) {
                const resolved = ts.resolveModuleName(entry.specifier, from, { moduleResolution, module }, ts.sys).resolvedModule;
                const expected = fs.realpathSync(path.join(dir, "node_modules", pkg.manifest.name, entry.dts));
                expect(resolved && fs.realpathSync(resolved.resolvedFileName), `${entry.specifier} (${ts.ModuleResolutionKind[moduleResolution]})`).to.equal(expected);
            }
        }
    });

    it("type-checks the program with the consumer's strict tsconfig", () => {
        const program = compile(path.join(dir, "tsconfig.json"));
        expect(program.getCompilerOptions().strict).to.equal(true);
        expect(fs.existsSync(path.join(dir, "bin", "test.js"))).to.equal(true);
    });

    describe("run under mocks", () => {
        let report: ConsumerReport;
        before(async () => {
            if (!fs.existsSync(path.join(dir, "bin", "test.js"))) throw new Error("examples/consumer was not compiled: see the type check above");
            const stdout = await node(dir, ["bin/test.js"]).catch((error: Error & { stdout?: string; stderr?: string }) => {
                throw new Error(`examples/consumer/test.ts failed:\n${error.stderr || error.stdout || error.message}`);
            });
            const line = stdout.split("\n").find((l) => l.startsWith("CONSUMER_REPORT "));
            if (!line) throw new Error(`examples/consumer/test.ts printed no report:\n${stdout}`);
            report = JSON.parse(line.slice("CONSUMER_REPORT ".length)) as ConsumerReport;
        });

        it("passes the consumer's own checks (front, bucket policy, edge function, signed URL, API, automation config)", () => {
            expect(report.count["aws:cloudfront/distribution:Distribution"]).to.equal(1);
            expect(report.count["aws:lambda/function:Function"]).to.equal(5);
            expect(report.outputs.apiUrl).to.equal("https://api.example.com/v1");
        });

        it("loads one @pulumi/pulumi, the consumer's, for the program and the package alike", () => {
            expect(report.pulumiFromPackage).to.equal(report.pulumiFromProgram);
            expect(report.pulumiFromProgram).to.equal(fs.realpathSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "index.js")));
        });

        it("deploys the installed package's prebuilt bundles, the very bytes this repository builds", () => {
            const installed = fs.realpathSync(path.join(dir, "node_modules", pkg.manifest.name));
            const bundleOf = (name: FunctionBundleName) => ({ sha256: buildFunction(name).sha256, file: path.join(installed, functionBundlePath(name)) });
            const fromRepo = { api: bundleOf("regional-api-hello"), health: bundleOf("regional-api-health") };
            // Named by the component: `<name>-<region>-api-fn` and `<name>-<region>-health-fn`.
            const byRole = Object.entries(report.bundles).map(([name, sha256]) => ({ name, role: name.includes("-health-") ? "health" : "api", sha256 }));
            expect(byRole).to.have.length(4);
            for (const { name, role, sha256 } of byRole) {
                expect(sha256, role).to.equal(fromRepo[role as keyof typeof fromRepo].sha256);
                expect(fs.realpathSync(report.bundlePaths[name]), name).to.equal(fromRepo[role as keyof typeof fromRepo].file);
            }
            expect(report.bundles[report.apiFunction]).to.equal(fromRepo.api.sha256);
            expect(fs.realpathSync(report.edgeBundlePath)).to.equal(path.join(installed, functionBundlePath("cognito-auth")));
        });
    });

    describe("what needs a build step", () => {
        /** Runs `script` with the package's entry point loaded as `pkg`, and returns the message it threw. */
        async function errorOf(script: string): Promise<string> {
            return nodeJson<string>(dir, `const pkg = require(${JSON.stringify(pkg.manifest.name)}); try { ${script}; console.log(JSON.stringify("no error")); } catch (e) { console.log(JSON.stringify(e.message)); }`);
        }
        const api = `new pkg.RegionalApiFailover("api", { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", regions: ["eu-west-1", "us-east-1"] APIENTRY })`;

        it("a caller's own apiEntryPoint, without esbuild in the project: an error saying to install it", async () => {
            fs.writeFileSync(path.join(dir, "api.ts"), "export const handler = async () => ({ statusCode: 200, body: 'mine' });\n");
            const message = await errorOf(api.replace("APIENTRY", ', apiEntryPoint: "api.ts"'));
            expect(message).to.contain('apiEntryPoint: "api.ts" does not build: bundling a handler needs esbuild');
            expect(message).to.contain("npm install --save-dev esbuild");
        });

        it("an installed package without its prebuilt bundle: an error naming the file and the command", async () => {
            const file = path.join(dir, "node_modules", pkg.manifest.name, functionBundlePath("regional-api-hello"));
            fs.renameSync(file, `${file}.away`);
            try {
                const message = await errorOf(api.replace("APIENTRY", ""));
                expect(message).to.contain(`the prebuilt Lambda bundle ${fs.realpathSync(path.dirname(file))}${path.sep}index.js is missing (ENOENT)`);
                expect(message).to.contain("npm run build:functions");
            } finally {
                fs.renameSync(`${file}.away`, file);
            }
        });
    });

    it("loads every entry point from the tarball, each exposing exactly the values its declarations export", async () => {
        const specifiers = pkg.entryPoints.map((e) => e.specifier);
        const loaded = await nodeJson<Record<string, string[]>>(
            dir,
            `const out = {}; for (const s of ${JSON.stringify(specifiers)}) out[s] = Object.keys(require(s)).filter((k) => k !== "__esModule").sort(); console.log(JSON.stringify(out));`,
        );
        for (const entry of pkg.entryPoints) {
            const declared = exportsOf(pkg.program, path.join(pkg.stageDir, entry.source))
                .filter((e) => e.value)
                .map((e) => e.name)
                .sort();
            expect(loaded[entry.specifier], entry.specifier).to.deep.equal(declared);
        }
    });

    it("gives ES modules every named export of every entry point", async () => {
        const script = `const out = {}; for (const s of ${JSON.stringify(pkg.entryPoints.map((e) => e.specifier))}) out[s] = Object.keys(await import(s)); console.log(JSON.stringify(out));`;
        const imported = JSON.parse(await node(dir, ["--input-type=module", "-e", script])) as Record<string, string[]>;
        for (const entry of pkg.entryPoints) {
            const declared = exportsOf(pkg.program, path.join(pkg.stageDir, entry.source)).filter((e) => e.value);
            expect(declared.map((e) => e.name).filter((name) => !imported[entry.specifier].includes(name)), `${entry.specifier}: missing named exports`).to.deep.equal([]);
        }
    });

    it("loads the content-signing library without loading any @pulumi/* module", async () => {
        const loaded = await nodeJson<string[]>(
            dir,
            `require(${JSON.stringify(`${pkg.manifest.name}/content-signing`)}); console.log(JSON.stringify(Object.keys(require.cache)));`,
        );
        expect(loaded.some((f) => f.includes(`${path.sep}content-signing${path.sep}index.js`)), "the library itself was loaded").to.equal(true);
        expect(loaded.filter((f) => f.includes(`${path.sep}@pulumi${path.sep}`))).to.deep.equal([]);
    });
});

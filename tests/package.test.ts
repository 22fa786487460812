/**
 * The published package: what `npm pack` puts in the tarball, what its entry points and declarations
 * need, and which components other languages can use. Built and packed once per run (package-fixture).
 */
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { buildSync } from "esbuild";
import { PackedPackage, componentClassesOf, packedPackage } from "./package-fixture";
import { PulumiSchemaCheck, SchemaVerdict } from "./package-schema";

/**
 * The components published for other languages (`pulumi package add`, see PulumiPlugin.yaml): exactly
 * those whose args and outputs fit the schema Pulumi infers. A component that starts to fit fails the
 * test below until it is added here (and to the README's "Entry points"): publishing it is a decision, not an accident.
 */
const MULTI_LANGUAGE_COMPONENTS: readonly string[] = ["SignedContentKeys"];

/** Top-level files a consumer needs besides dist/ and the function sources. */
const PACKAGE_DOCUMENTS = ["CHANGELOG.md", "LICENSE", "PulumiPlugin.yaml", "README.md", "package.json"];

/** Folders of the repository that must never ship, wherever they appear in a path. */
const NEVER_SHIPPED = ["tests", "tools", "bench", "docs", ".ci", "node_modules", "examples", "policy"];

/**
 * The TypeScript sources esbuild bundles at deploy time, found by convention: each edge function's
 * `edge-functions/<name>/index.ts` and every file of `functions/` (any of them may be an entry).
 */
function bundleEntries(root: string): string[] {
    const edge = fs
        .readdirSync(path.join(root, "edge-functions"), { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, "edge-functions", d.name, "index.ts")))
        .map((d) => `edge-functions/${d.name}/index.ts`);
    const regional = fs
        .readdirSync(path.join(root, "functions"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
        .map((f) => `functions/${f.split(path.sep).join("/")}`);
    return [...edge, ...regional].sort();
}

const inputsByRoot = new Map<string, { sources: Set<string>; packages: Set<string> }>();

/** Every file each entry pulls in (relative, outside node_modules) and every package it imports. */
function bundleInputs(root: string, entries: readonly string[]): { sources: Set<string>; packages: Set<string> } {
    const key = `${root}\0${entries.join("\0")}`;
    if (!inputsByRoot.has(key)) inputsByRoot.set(key, collectBundleInputs(root, entries));
    return inputsByRoot.get(key)!;
}

function collectBundleInputs(root: string, entries: readonly string[]): { sources: Set<string>; packages: Set<string> } {
    const sources = new Set<string>();
    const packages = new Set<string>();
    for (const entry of entries) {
        const result = buildSync({
            absWorkingDir: root,
            entryPoints: [entry],
            bundle: true,
            write: false,
            metafile: true,
            platform: "node",
            format: "cjs",
            // As the regional functions are built: the Lambda runtime provides the AWS SDK.
            external: entry.startsWith("functions/") ? ["@aws-sdk/*"] : [],
            logLevel: "silent",
        });
        for (const input of Object.keys(result.metafile.inputs)) {
            const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
            if (pkg) packages.add(pkg[1]);
            else sources.add(input);
        }
    }
    return { sources, packages };
}

/** The package a bare specifier names (`@pulumi/pulumi/automation` → `@pulumi/pulumi`); undefined for relative ones and Node built-ins. */
function packageOf(specifier: string): string | undefined {
    if (specifier.startsWith(".") || specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0])) return undefined;
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Specifiers a compiled file imports: `require("x")` in .js, `from "x"` / `import("x")` in .d.ts. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const pattern = file.endsWith(".d.ts") ? /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|\bimport\("([^"]+)"\)/g : /\brequire\("([^"]+)"\)/g;
    return [...text.matchAll(pattern)].map((m) => m[1] ?? m[2]);
}

/** The files a compiled entry loads, following relative imports (within dist/). */
function closureOf(root: string, entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string): void => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const specifier of importsOf(path.join(root, file))) {
            if (!specifier.startsWith(".")) continue;
            const base = path.posix.join(path.posix.dirname(file), specifier);
            const next = [`${base}${path.extname(file) === ".ts" ? ".d.ts" : ".js"}`, `${base}/index${file.endsWith(".d.ts") ? ".d.ts" : ".js"}`].find((f) =>
                fs.existsSync(path.join(root, f)),
            );
            if (next) visit(next);
        }
    };
    visit(entry);
    return [...seen];
}

describe("package: the npm tarball", function () {
    this.timeout(180_000);
    let pkg: PackedPackage;
    before(async () => {
        pkg = await packedPackage();
    });

    it("holds dist/ (JavaScript and declarations only), the function sources and the package documents, nothing else", () => {
        const unexpected = pkg.files.filter(
            (f) => !(f.startsWith("dist/") || PACKAGE_DOCUMENTS.includes(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts"))),
        );
        expect(unexpected, "files outside dist/, the function sources and the package documents").to.deep.equal([]);
        expect(PACKAGE_DOCUMENTS.filter((f) => !pkg.files.includes(f)), "package documents missing").to.deep.equal([]);
        const notCompiled = pkg.files.filter((f) => f.startsWith("dist/") && !(f.endsWith(".js") || f.endsWith(".d.ts")));
        expect(notCompiled, "dist/ files that are neither .js nor .d.ts").to.deep.equal([]);
    });

    it("ships no tests, tools, benchmarks, docs, CI files, examples, policies, node_modules or stack files", () => {
        const leaked = pkg.files.filter((f) => f.split("/").some((segment) => NEVER_SHIPPED.includes(segment)));
        expect(leaked).to.deep.equal([]);
        // Pulumi.yaml and Pulumi.<stack>.yaml are this repository's program; PulumiPlugin.yaml is the package's.
        expect(pkg.files.filter((f) => /(^|\/)Pulumi(\.[^/]+)?\.yaml$/.test(f))).to.deep.equal([]);
        expect(pkg.files.filter((f) => /(^|\/)tsconfig[^/]*\.json$|\.tsbuildinfo$|\.map$/.test(f))).to.deep.equal([]);
    });

    it("ships exactly the TypeScript sources esbuild bundles at deploy time: every input of every function, and no other", () => {
        const entries = bundleEntries(pkg.stageDir);
        expect(entries, "bundle entries found").to.include.members(["edge-functions/cognito-auth/index.ts", "functions/regional-api/hello.ts"]);
        const { sources } = bundleInputs(pkg.stageDir, entries);
        const shippedSources = pkg.files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
        expect(shippedSources, "add the missing ones to package.json files, drop the extra ones").to.deep.equal([...sources].sort());
    });

    it("packs every module the entry points load at runtime, and their declarations", () => {
        const needed = new Set<string>();
        for (const entry of pkg.entryPoints) for (const file of [...closureOf(pkg.stageDir, entry.js), ...closureOf(pkg.stageDir, entry.dts)]) needed.add(file);
        expect([...needed].filter((f) => !pkg.files.includes(f)), "loaded by an entry point but not packed").to.deep.equal([]);
        expect(needed.size, "modules found").to.be.greaterThan(20);
    });

    it("points main, types, exports and typesVersions at files in the tarball", () => {
        const { manifest } = pkg;
        const targets = [
            manifest.main,
            manifest.types,
            ...pkg.entryPoints.flatMap((e) => [e.js, e.dts]),
            ...Object.values(manifest.typesVersions?.["*"] ?? {}).flat(),
        ].map((f) => path.posix.normalize(f));
        expect(targets.filter((f) => !pkg.files.includes(f))).to.deep.equal([]);
        expect(path.posix.normalize(manifest.main)).to.equal(pkg.entryPoints.find((e) => e.subpath === ".")!.js);
        // Without exports-aware resolution (moduleResolution "node", as in Pulumi's TypeScript template), the
        // subpaths resolve through typesVersions: one mapping per subpath entry point, to its declarations.
        const subpaths = pkg.entryPoints.filter((e) => e.subpath !== ".");
        expect(manifest.typesVersions?.["*"]).to.deep.equal(Object.fromEntries(subpaths.map((e) => [e.subpath.slice(2), [e.dts]])));
    });

    it("exports the components, the content-signing library and the automation module", () => {
        expect(pkg.entryPoints.map((e) => [e.subpath, e.source])).to.deep.equal([
            [".", "components/index.ts"],
            ["./content-signing", "components/content-signing.ts"],
            ["./automation", "automation/index.ts"],
        ]);
    });

    it("declares every package the compiled code, its declarations and the bundled functions import; @pulumi/* as peers", () => {
        const { manifest } = pkg;
        const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
        const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
        const imported = new Map<string, string>();
        for (const f of pkg.files.filter((f) => f.startsWith("dist/"))) {
            for (const specifier of importsOf(path.join(pkg.stageDir, f))) {
                const name = packageOf(specifier);
                if (name) imported.set(name, f);
            }
        }
        for (const name of bundleInputs(pkg.stageDir, bundleEntries(pkg.stageDir)).packages) imported.set(name, "(a bundled function)");
        const undeclared = [...imported].filter(([name]) => !runtime.has(name) && !peers.has(name)).map(([name, by]) => `${name} (imported by ${by})`);
        expect(undeclared, "imported but neither a dependency nor a peer dependency").to.deep.equal([]);
        // One @pulumi/pulumi per program: its runtime state (and mocks) is per copy, so the consumer's must be ours.
        expect(peers.has("@pulumi/pulumi") && !runtime.has("@pulumi/pulumi"), "@pulumi/pulumi is a peer dependency only").to.equal(true);
        // The repository still installs (and tests against) every peer.
        expect([...peers].filter((name) => manifest.devDependencies?.[name] === undefined), "peers missing from devDependencies").to.deep.equal([]);
        // esbuild runs at deploy time (Lambda bundles), so it must be installed with the package.
        expect(runtime.has("esbuild")).to.equal(true);
    });

    it("keeps the content-signing library free of @pulumi/* in the code it loads and in its declarations", () => {
        const entry = pkg.entryPoints.find((e) => e.subpath === "./content-signing")!;
        for (const file of [...closureOf(pkg.stageDir, entry.js), ...closureOf(pkg.stageDir, entry.dts)]) {
            const pulumi = importsOf(path.join(pkg.stageDir, file)).filter((s) => s.startsWith("@pulumi/"));
            expect(pulumi, `${file} imports`).to.deep.equal([]);
        }
    });

    it("documents every entry point: typedoc.json's entry points are the sources of exports", () => {
        const typedoc = JSON.parse(fs.readFileSync(path.join(pkg.stageDir, "typedoc.json"), "utf8")) as { entryPoints: string[]; tsconfig: string };
        expect(typedoc.entryPoints).to.deep.equal(pkg.entryPoints.map((e) => e.source));
        expect(typedoc.tsconfig).to.equal("tsconfig.build.json");
    });

    it("builds dist/ with `npm run build`, before every pack and publish", () => {
        const { scripts } = pkg.manifest;
        expect(scripts.prepack).to.equal("npm run build");
        // A clean build: files of removed modules must not linger in dist/ and ship.
        expect(scripts.build).to.match(/rmSync\('dist'.*&& tsc -p tsconfig\.build\.json$/);
    });
});

describe("package: components for other languages (PulumiPlugin.yaml)", function () {
    this.timeout(180_000);
    let verdicts: SchemaVerdict[];
    before(async () => {
        const pkg = await packedPackage();
        const entry = path.join(pkg.stageDir, pkg.entryPoints.find((e) => e.subpath === ".")!.source);
        const check = new PulumiSchemaCheck(pkg.program, entry, pkg.manifest.name);
        verdicts = componentClassesOf(pkg.program, entry).map((c) => check.verdict(c));
    });

    it("finds the exported component classes", () => {
        expect(verdicts.map((v) => v.component)).to.include.members(["LegacyTlsFront", "PrivateOriginBucket", ...MULTI_LANGUAGE_COMPONENTS]);
    });

    it("declares multi-language exactly the components whose args and outputs fit the schema Pulumi infers", () => {
        const report = verdicts
            .filter((v) => !v.qualifies)
            .map((v) => `${v.component}:\n    ${v.problems.join("\n    ")}`)
            .join("\n  ");
        const qualifying = verdicts.filter((v) => v.qualifies).map((v) => v.component);
        expect(qualifying, `components that fit (others, and why not:\n  ${report})`).to.deep.equal([...MULTI_LANGUAGE_COMPONENTS].sort());
    });

    it("lists a problem for every component that does not fit, and none for those that do", () => {
        for (const v of verdicts) expect(v.problems.length > 0, `${v.component}: ${v.problems.join("; ")}`).to.equal(!v.qualifies);
    });
});

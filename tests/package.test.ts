/**
 * The published package: what `npm pack` puts in the tarball and what its entry points and declarations
 * need. Built and packed once per run (package-fixture). How other languages use it: component-provider.test.ts.
 */
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { FUNCTION_BUNDLE_NAMES, functionBundlePath } from "../shared/function-bundles";
import { buildFunction } from "../tools/build-functions/build";
import ts from "typescript";
import { PackedPackage, packedPackage } from "./package-fixture";

/** Top-level files a consumer needs besides dist/ and the sources Pulumi's analyzer reads. */
const PACKAGE_DOCUMENTS = ["CHANGELOG.md", "LICENSE", "PulumiPlugin.yaml", "README.md", "package.json"];

/**
 * What `pulumi package add` reads besides the compiled code: the analyzer builds a program from the
 * package's tsconfig.json and starts at index.ts (see index.ts, PulumiPlugin.yaml).
 */
const ANALYZER_ROOTS = ["index.ts", "tsconfig.json"];

/** The TypeScript sources `entry` imports, transitively (relative imports only), relative to `root`. */
function sourceClosureOf(root: string, entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string): void => {
        if (seen.has(file)) return;
        seen.add(file);
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        source.forEachChild((node) => {
            if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) || !node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) return;
            const resolved = ts.resolveModuleName(node.moduleSpecifier.text, file, { moduleResolution: ts.ModuleResolutionKind.Node10 }, ts.sys).resolvedModule;
            if (resolved && !resolved.isExternalLibraryImport && /(?<!\.d)\.ts$/.test(resolved.resolvedFileName)) visit(resolved.resolvedFileName);
        });
    };
    visit(path.join(root, entry));
    return [...seen].map((f) => path.relative(root, f).split(path.sep).join("/")).sort();
}

/** Folders of the repository that must never ship, wherever they appear in a path. */
const NEVER_SHIPPED = ["tests", "tools", "bench", "docs", ".ci", "node_modules", "examples", "policy"];

/** Bundlers and compilers: development tools, never something a consumer's install must carry. */
const BUILD_TOOLS = ["esbuild", "webpack", "rollup", "@vercel/ncc", "parcel", "typescript", "ts-node"];

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

    it("holds dist/ (JavaScript and declarations only), the package documents and the analyzer's sources, nothing else", () => {
        const analyzed = [...ANALYZER_ROOTS, ...sourceClosureOf(pkg.stageDir, "index.ts")];
        const unexpected = pkg.files.filter((f) => !(f.startsWith("dist/") || PACKAGE_DOCUMENTS.includes(f) || analyzed.includes(f)));
        expect(unexpected, "files outside dist/, the package documents and the analyzer's sources").to.deep.equal([]);
        expect(PACKAGE_DOCUMENTS.filter((f) => !pkg.files.includes(f)), "package documents missing").to.deep.equal([]);
        // JSON in dist/ only where a compiled module requires it (the generated settings schema).
        const requiredJson = new Set(
            pkg.files
                .filter((f) => f.startsWith("dist/") && f.endsWith(".js"))
                .flatMap((f) => importsOf(path.join(pkg.stageDir, f)).filter((s) => s.startsWith(".") && s.endsWith(".json")).map((s) => path.posix.join(path.posix.dirname(f), s))),
        );
        const notCompiled = pkg.files.filter((f) => f.startsWith("dist/") && !(f.endsWith(".js") || f.endsWith(".d.ts") || requiredJson.has(f)));
        expect(notCompiled, "dist/ files that are neither .js nor .d.ts nor JSON a module requires").to.deep.equal([]);
    });

    it("ships the TypeScript sources Pulumi's analyzer follows from index.ts, each of them, and no other", () => {
        const shipped = pkg.files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
        const closure = sourceClosureOf(pkg.stageDir, "index.ts");
        expect(closure).to.include.members(["index.ts", "components/index.ts", "components/legacy-tls-front.ts", "components/settings/legacy-tls-front.ts"]);
        expect(shipped).to.deep.equal(closure);
        // The compiled entry stays what programs load: main and exports point at dist/, never at a source.
        expect(pkg.manifest.main.startsWith("dist/")).to.equal(true);
    });

    it("ships no tests, tools, benchmarks, docs, CI files, examples, policies, node_modules or stack files", () => {
        const leaked = pkg.files.filter((f) => f.split("/").some((segment) => NEVER_SHIPPED.includes(segment)));
        expect(leaked).to.deep.equal([]);
        // Pulumi.yaml and Pulumi.<stack>.yaml are this repository's program; PulumiPlugin.yaml is the package's.
        expect(pkg.files.filter((f) => /(^|\/)Pulumi(\.[^/]+)?\.yaml$/.test(f))).to.deep.equal([]);
        // tsconfig.json is the analyzer's (its program); no other compiler config, build info or source map.
        expect(pkg.files.filter((f) => /(^|\/)tsconfig[^/]*\.json$|\.tsbuildinfo$|\.map$/.test(f))).to.deep.equal(["tsconfig.json"]);
    });

    it("ships every Lambda function prebuilt, byte for byte what the sources build, and none of their TypeScript sources", () => {
        const bundles = pkg.files.filter((f) => f.startsWith("dist/functions/"));
        expect(bundles).to.deep.equal(FUNCTION_BUNDLE_NAMES.map((name) => functionBundlePath(name)).sort());
        // Built in the staging copy (another folder), compared with a build of this checkout: no path in the bytes.
        for (const name of FUNCTION_BUNDLE_NAMES) {
            expect(fs.readFileSync(path.join(pkg.stageDir, functionBundlePath(name)), "utf8"), name).to.equal(buildFunction(name).code);
        }
        const sources = pkg.files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && /^(edge-functions|functions|libraries)\//.test(f));
        expect(sources, "TypeScript sources of functions: nothing is bundled at deploy time").to.deep.equal([]);
        expect(pkg.manifest.files).to.not.include.members(["edge-functions/*/*.ts", "functions/**/*.ts"]);
    });

    it("gives the prebuilt bundles nothing to import from the consumer's install: Node.js built-ins, and the AWS SDK the regional runtime provides", () => {
        for (const name of FUNCTION_BUNDLE_NAMES) {
            const code = fs.readFileSync(path.join(pkg.stageDir, functionBundlePath(name)), "utf8");
            const packages = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => packageOf(m[1])).filter((p): p is string => p !== undefined);
            // The Node.js runtimes of Lambda (Lambda@Edge included) ship AWS SDK v3. The edge function loads
            // its two clients only when its config reads the client ID (SSM) or the cookie-signing key
            // (Secrets Manager) at cold start (tests/edge-signed-cookies.test.ts: not loaded before the first read).
            const allowed = name === "cognito-auth" ? ["@aws-sdk/client-ssm", "@aws-sdk/client-secrets-manager"] : packages.filter((p) => p.startsWith("@aws-sdk/"));
            expect(packages.filter((p) => !allowed.includes(p)), name).to.deep.equal([]);
        }
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
            ["./content-signing", "libraries/content-signing/index.ts"],
            ["./automation", "automation/index.ts"],
        ]);
    });

    it("declares every package the compiled code and its declarations import; @pulumi/* as peers", () => {
        const { manifest } = pkg;
        const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
        const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
        const imported = new Map<string, string>();
        // The prebuilt function bundles run in Lambda, not in the consumer's program: their test is above.
        for (const f of pkg.files.filter((f) => f.startsWith("dist/") && !f.startsWith("dist/functions/"))) {
            for (const specifier of importsOf(path.join(pkg.stageDir, f))) {
                const name = packageOf(specifier);
                if (name) imported.set(name, f);
            }
        }
        const undeclared = [...imported].filter(([name]) => !runtime.has(name) && !peers.has(name)).map(([name, by]) => `${name} (imported by ${by})`);
        expect(undeclared, "imported but neither a dependency nor a peer dependency").to.deep.equal([]);
        // One @pulumi/pulumi per program: its runtime state (and mocks) is per copy, so the consumer's must be ours.
        expect(peers.has("@pulumi/pulumi") && !runtime.has("@pulumi/pulumi"), "@pulumi/pulumi is a peer dependency only").to.equal(true);
        // The repository still installs (and tests against) every peer.
        expect([...peers].filter((name) => manifest.devDependencies?.[name] === undefined), "peers missing from devDependencies").to.deep.equal([]);
    });

    it("installs no bundler: the functions come prebuilt; esbuild is an optional peer, for a caller's own apiEntryPoint only", () => {
        const { manifest } = pkg;
        const runtime = Object.keys(manifest.dependencies ?? {});
        expect(runtime.filter((name) => BUILD_TOOLS.includes(name)), "bundlers among the dependencies").to.deep.equal([]);
        // npm does not install an optional peer: a consumer who bundles their own API handler adds esbuild themselves.
        expect(manifest.peerDependencies?.esbuild, "esbuild as a peer").to.be.a("string");
        expect(manifest.peerDependenciesMeta?.esbuild?.optional, "esbuild an optional peer").to.equal(true);
        expect(manifest.devDependencies?.esbuild, "esbuild builds the functions here").to.be.a("string");
        // TypeScript likewise: only Pulumi's analyzer needs it, for `pulumi package add` (see README).
        expect(runtime, "typescript among the dependencies").to.not.include("typescript");
        expect(manifest.peerDependenciesMeta?.typescript?.optional, "typescript an optional peer").to.equal(true);
        // Only the compiled bundling helper mentions esbuild, and loads it lazily, when a caller's handler is bundled.
        const loaders = pkg.files.filter((f) => f.endsWith(".js") && importsOf(path.join(pkg.stageDir, f)).includes("esbuild"));
        expect(loaders).to.deep.equal(["dist/components/lambda-bundle.js"]);
        const declarations = pkg.files.filter((f) => f.endsWith(".d.ts") && importsOf(path.join(pkg.stageDir, f)).includes("esbuild"));
        expect(declarations, "declarations that would need esbuild's types").to.deep.equal([]);
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

    it("builds dist/ with `npm run build`, before every pack and publish, and the bundles on every install of a clone", () => {
        const { scripts } = pkg.manifest;
        expect(scripts.prepack).to.equal("npm run build");
        // A clean build: files of removed modules must not linger in dist/ and ship; then the function bundles.
        expect(scripts.build).to.match(/rmSync\('dist'.*&& tsc -p tsconfig\.build\.json && npm run build:functions$/);
        expect(scripts["build:functions"]).to.match(/tools\/build-functions\/build\.ts$/);
        // npm ci and npm install in a clone run prepare: dist/ is there as published (the plugin entry for
        // `pulumi package add`, package.json main, and the bundles the components deploy) without another step.
        expect(scripts.prepare).to.equal("npm run build");
    });
});

/**
 * The published package as the package tests see it: built once per test run from a staging copy of the
 * repository (so a test run never rewrites the working tree's dist/ while someone else uses it), packed
 * with `npm pack` exactly as `npm publish` would pack it, plus what the tests derive from it with the
 * TypeScript compiler API: the entry points and their exports, the component classes and their args.
 *
 * Nothing here is a hand-written list of exports or components: a new export or component is covered
 * the moment it is exported from an entry point.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { writeFunctionBundles } from "../tools/build-functions/build";

const execFileAsync = promisify(execFile);

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..");

/** Folders the staging copy leaves out: installed or generated, never sources. */
const NOT_SOURCES = new Set(["node_modules", "dist", ".git", "bin"]);

/** The fields of package.json the tests read. */
export interface PackageManifest {
    readonly name: string;
    readonly version: string;
    readonly main: string;
    readonly types: string;
    readonly exports: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
    readonly typesVersions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
    readonly files: readonly string[];
    readonly private?: boolean;
    readonly dependencies?: Readonly<Record<string, string>>;
    readonly peerDependencies?: Readonly<Record<string, string>>;
    readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
    readonly devDependencies?: Readonly<Record<string, string>>;
    readonly scripts: Readonly<Record<string, string>>;
}

/** One entry point of `exports`: its subpath and the files it maps to (relative to the package root). */
export interface EntryPoint {
    /** The subpath, `"."` or `"./content-signing"`. */
    readonly subpath: string;
    /** The specifier a consumer imports, `"legacy-tls-front/content-signing"`. */
    readonly specifier: string;
    /** The compiled module, `dist/libraries/content-signing/index.js`. */
    readonly js: string;
    /** Its declarations, `dist/libraries/content-signing/index.d.ts`. */
    readonly dts: string;
    /** The TypeScript source it is compiled from, `libraries/content-signing/index.ts`. */
    readonly source: string;
}

/** The packed package and what the tests derive from it. */
export interface PackedPackage {
    /** The staging copy of the repository the package was built and packed in. */
    readonly stageDir: string;
    /** The `.tgz` npm pack wrote. */
    readonly tarball: string;
    /** Every path in the tarball, relative to the package root, sorted. */
    readonly files: readonly string[];
    /** package.json as packed. */
    readonly manifest: PackageManifest;
    /** The entry points of `exports` (package.json excluded). */
    readonly entryPoints: readonly EntryPoint[];
    /** The program tsconfig.build.json compiles (over the staging copy), with its type checker. */
    readonly program: ts.Program;
    /** Milliseconds spent: copy, build (type check and emit, then the function bundles), pack. */
    readonly timings: { readonly copyMs: number; readonly buildMs: number; readonly packMs: number };
}

let packing: Promise<PackedPackage> | undefined;

/** Builds and packs the package once per process; every caller gets the same result. */
export function packedPackage(): Promise<PackedPackage> {
    packing ??= buildAndPack();
    return packing;
}

async function buildAndPack(): Promise<PackedPackage> {
    let t = Date.now();
    const stageDir = fs.mkdtempSync(path.join(os.tmpdir(), "legacy-tls-package-"));
    process.once("exit", () => fs.rmSync(stageDir, { recursive: true, force: true }));
    copySources(REPO_ROOT, stageDir);
    // The staging copy resolves packages exactly as the repository does.
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(stageDir, "node_modules"), "dir");
    const copyMs = Date.now() - t;

    t = Date.now();
    // What `npm run build` does: the declarations and modules, then the prebuilt Lambda bundles.
    const program = compile(path.join(stageDir, "tsconfig.build.json"));
    writeFunctionBundles(path.join(stageDir, "dist", "functions"), stageDir);
    const buildMs = Date.now() - t;

    t = Date.now();
    const outDir = path.join(stageDir, ".pack");
    fs.mkdirSync(outDir);
    // Scripts off: prepack and prepare would only run `npm run build` and `npm run build:functions`, which
    // compile() and writeFunctionBundles() just did with the same config.
    const { stdout } = await execFileAsync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", outDir], {
        cwd: stageDir,
        maxBuffer: 16 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const packMs = Date.now() - t;

    const manifest = JSON.parse(fs.readFileSync(path.join(stageDir, "package.json"), "utf8")) as PackageManifest;
    return {
        stageDir,
        tarball: path.join(outDir, packed.filename),
        files: packed.files.map((f) => f.path).sort(),
        manifest,
        entryPoints: entryPointsOf(manifest),
        program,
        timings: { copyMs, buildMs, packMs },
    };
}

/** Copies the sources under `from` into the existing directory `to`: everything but installed and generated folders. */
export function copySources(from: string, to: string): void {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        if (NOT_SOURCES.has(entry.name)) continue;
        const source = path.join(from, entry.name);
        const target = path.join(to, entry.name);
        if (entry.isDirectory()) {
            fs.mkdirSync(target);
            copySources(source, target);
        } else if (entry.isFile()) {
            fs.copyFileSync(source, target);
        }
    }
}

/**
 * Third-party declaration files parsed once per process and shared by every program the tests create:
 * @pulumi/aws alone is 30 MB of declarations, most of the cost of a program. Safe because those files do
 * not change during a run and the key holds everything parsing depends on; the TypeScript language
 * service shares SourceFiles between programs the same way.
 */
const sharedSourceFiles = new Map<string, ts.SourceFile | undefined>();

/** A compiler host for `options` that takes files under node_modules from {@link sharedSourceFiles}. */
function sharingCompilerHost(options: ts.CompilerOptions): ts.CompilerHost {
    const host = ts.createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
        if (!fileName.includes(`${path.sep}node_modules${path.sep}`)) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
        const settings = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
        const key = `${fileName}\0${settings.languageVersion}\0${settings.impliedNodeFormat ?? ""}`;
        if (!sharedSourceFiles.has(key)) sharedSourceFiles.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate));
        return sharedSourceFiles.get(key);
    };
    return host;
}

/** The parsed tsconfig at `configFile`; throws with TypeScript's message when it does not parse. */
function readTsConfig(configFile: string): ts.ParsedCommandLine {
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(formatDiagnostics([d]));
        },
    });
    if (!parsed) throw new Error(`cannot read ${configFile}`);
    if (parsed.errors.length > 0) throw new Error(formatDiagnostics(parsed.errors));
    return parsed;
}

/**
 * Type-checks and emits the project of `configFile`, as `tsc -p configFile` does; throws with every
 * diagnostic when there is one.
 */
export function compile(configFile: string): ts.Program {
    const config = readTsConfig(configFile);
    const program = ts.createProgram({
        rootNames: config.fileNames,
        options: config.options,
        projectReferences: config.projectReferences,
        host: sharingCompilerHost(config.options),
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length > 0) throw new Error(`${path.relative(REPO_ROOT, configFile)} does not compile:\n${formatDiagnostics(diagnostics)}`);
    const emitted = program.emit();
    if (emitted.emitSkipped || emitted.diagnostics.length > 0) throw new Error(`emit failed:\n${formatDiagnostics(emitted.diagnostics)}`);
    return program;
}

/** Diagnostics as tsc prints them (file:line:col - message). */
function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
    return ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => REPO_ROOT,
        getNewLine: () => "\n",
    });
}

/** The entry points `exports` declares, each with its .js, .d.ts and TypeScript source. */
function entryPointsOf(manifest: PackageManifest): EntryPoint[] {
    return Object.entries(manifest.exports)
        .filter(([subpath]) => subpath !== "./package.json")
        .map(([subpath, target]) => {
            if (typeof target === "string" || typeof target.types !== "string" || typeof target.default !== "string") {
                throw new Error(`exports["${subpath}"] must be { types, default }, got ${JSON.stringify(target)}`);
            }
            const js = path.posix.normalize(target.default);
            const dts = path.posix.normalize(target.types);
            if (!js.startsWith("dist/") || !js.endsWith(".js")) throw new Error(`exports["${subpath}"].default is not a .js file under dist/: ${js}`);
            return {
                subpath,
                specifier: subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
                js,
                dts,
                source: js.slice("dist/".length).replace(/\.js$/, ".ts"),
            };
        });
}

/** One export of an entry point. */
export interface ApiExport {
    readonly name: string;
    /** Whether it exists at runtime (a value), rather than only for the type checker. */
    readonly value: boolean;
}

/** Each export of the module `sourceFile` (a file of `program`): its name and the symbol it resolves to. */
function exportedSymbols(program: ts.Program, sourceFile: string): { name: string; symbol: ts.Symbol }[] {
    const checker = program.getTypeChecker();
    const file = program.getSourceFile(sourceFile);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`${sourceFile} is not a module of the program`);
    // A re-export (`export * from`, `export { X } from`) is an alias of the declaring module's symbol.
    return checker.getExportsOfModule(moduleSymbol).map((exported) => ({
        name: exported.name,
        symbol: exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported,
    }));
}

/** The exports of the module `sourceFile` (a file of `program`), sorted by name. */
export function exportsOf(program: ts.Program, sourceFile: string): ApiExport[] {
    return exportedSymbols(program, sourceFile)
        .map(({ name, symbol }) => ({ name, value: (symbol.flags & ts.SymbolFlags.Value) !== 0 }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

/** An exported subclass of `pulumi.ComponentResource` and its constructor's args. */
export interface ComponentClass {
    readonly name: string;
    readonly declaration: ts.ClassDeclaration;
    /** The constructor's `args` parameter (its inputs), if it has one. */
    readonly args: ts.ParameterDeclaration | undefined;
}

/** The component classes `sourceFile` exports (directly or re-exported), sorted by name. */
export function componentClassesOf(program: ts.Program, sourceFile: string): ComponentClass[] {
    const checker = program.getTypeChecker();
    const classes: ComponentClass[] = [];
    for (const { name, symbol } of exportedSymbols(program, sourceFile)) {
        const declaration = symbol.declarations?.find(ts.isClassDeclaration);
        if (!declaration || !extendsComponentResource(checker, checker.getDeclaredTypeOfSymbol(symbol))) continue;
        const constructor = declaration.members.find(ts.isConstructorDeclaration);
        const args = constructor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === "args");
        classes.push({ name, declaration, args });
    }
    return classes.sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether `type`'s base classes include @pulumi/pulumi's ComponentResource. */
function extendsComponentResource(checker: ts.TypeChecker, type: ts.Type): boolean {
    if (!type.isClass()) return false;
    return checker.getBaseTypes(type).some((base) => {
        const symbol = base.getSymbol();
        const fromPulumi = symbol?.declarations?.some((d) => /[\\/]@pulumi[\\/]pulumi[\\/]resource\.d\.ts$/.test(d.getSourceFile().fileName)) ?? false;
        return (symbol?.name === "ComponentResource" && fromPulumi) || extendsComponentResource(checker, base);
    });
}

/**
 * Unpacks the tarball as `npm install <tarball>` would, and links every declared dependency from this
 * repository: dependencies and peers, but not optional peers (npm installs none), and `also` (what the
 * consumer installs next to it, e.g. an optional peer). Node resolves links to their real path, so the
 * program, the package and @pulumi/aws all load this repository's @pulumi/pulumi: one runtime, one set of mocks.
 */
export function installPacked(pkg: PackedPackage, dir: string, also: readonly string[] = []): string[] {
    const modules = path.join(dir, "node_modules");
    const target = path.join(modules, pkg.manifest.name);
    fs.mkdirSync(target, { recursive: true });
    execFileSync("tar", ["-xzf", pkg.tarball, "-C", target, "--strip-components=1"]);
    const consumer = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
    const names = new Set([
        ...Object.keys(consumer.dependencies ?? {}),
        ...Object.keys(consumer.devDependencies ?? {}),
        ...Object.keys(pkg.manifest.dependencies ?? {}),
        ...Object.keys(pkg.manifest.peerDependencies ?? {}).filter((name) => !pkg.manifest.peerDependenciesMeta?.[name]?.optional),
        ...also,
    ]);
    names.delete(pkg.manifest.name);
    for (const name of names) {
        const source = path.join(REPO_ROOT, "node_modules", name);
        if (!fs.existsSync(source)) throw new Error(`${name} is declared but not installed in this repository: run npm ci`);
        fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
        fs.symlinkSync(source, path.join(modules, name), "dir");
    }
    return [...names].sort();
}

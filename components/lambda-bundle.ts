/**
 * The code of the Lambda functions the components deploy, and the archives that carry it.
 *
 * The package's own functions are bundled once, when the package is built (`npm run build:functions`,
 * `tools/build-functions/`), to `dist/functions/<name>/index.js` (`prebuiltBundle` finds them, in
 * the repository as in the installed package). A component deploys that file unchanged, with the
 * function's configuration next to it as `config.json` (`functionPackage`, `lambdaArchive`):
 * configuration is data in the archive, not code, so a deployment runs no bundler, and the same
 * sources and config give the same archive and hash (no spurious new Lambda version).
 *
 * `bundleLambda` is the one esbuild wrapper: the build uses it for the prebuilt bundles, and
 * `RegionalApiFailover` for a caller's own `apiEntryPoint` at deploy time. esbuild is a development tool
 * of this package, not a dependency: it is loaded only when something is bundled, and a caller who
 * bundles their own handler installs it in their project.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import * as pulumi from "@pulumi/pulumi";
import { EdgeAuthConfig, validateEdgeAuthConfig } from "../shared/edge-auth-config";
import {
    BUILD_FUNCTIONS_COMMAND,
    FUNCTION_BUNDLE_NAMES,
    FUNCTION_CODE_FILE,
    FUNCTION_CONFIG_FILE,
    FunctionBundleName,
    functionBundlePath,
} from "../shared/function-bundles";

/** What to bundle. */
export interface LambdaBundleOptions {
    /** The handler's entry file (TypeScript), absolute or relative to `LambdaBundleOptions.root`. */
    readonly entryPoint: string;
    /**
     * esbuild target; keep it at or below the Lambda runtime's Node.js version.
     * @default "node20"
     */
    readonly target?: string;
    /**
     * Packages left out of the bundle because the runtime provides them (e.g. `@aws-sdk/*` on regional
     * Lambda). Never use this for Lambda@Edge, whose bundle must be self-contained to stay small and fixed.
     * @default []
     */
    readonly external?: readonly string[];
    /**
     * The folder esbuild works in; entries inside it get this package's TypeScript settings. Nothing of
     * it reaches the output, so two checkouts build the same bytes.
     * @default this package's root
     */
    readonly root?: string;
}

/** A bundled handler and the numbers that describe it. */
export interface LambdaBundle {
    /** The bundle's source (CommonJS, exports what the entry exports). */
    readonly code: string;
    /** SHA-256 of `code`, hex. */
    readonly sha256: string;
    /** Size of `code` in bytes. */
    readonly bytes: number;
    /** Size of `code` gzipped (level 9), in bytes. */
    readonly gzipBytes: number;
    /** The file the bundle was read from, for a prebuilt one: the archive then points at it instead of copying the code. */
    readonly file?: string;
}

/**
 * The package root: this file lives in `components/` (the repository, through ts-node) or
 * `dist/components/` (the built and the installed package).
 */
export const PACKAGE_ROOT =
    path.basename(path.resolve(__dirname, "..")) === "dist" ? path.resolve(__dirname, "..", "..") : path.resolve(__dirname, "..");

/**
 * The TypeScript settings that change esbuild's output (those tsconfig.json implies: `strict` →
 * "use strict", target ES2022 → define semantics for class fields), fixed for the sources this package
 * bundles. Left to discovery, esbuild's output would depend on which tsconfig.json it finds.
 * @see https://esbuild.github.io/content-types/#tsconfig-json
 */
const PACKAGE_TSCONFIG = { compilerOptions: { alwaysStrict: true, useDefineForClassFields: true } } as const;

/** JSON with object keys sorted, so equal values always serialize to equal bytes. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, v) =>
        v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
            : v,
    );
}

function sha256Hex(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** The numbers of `code`: hash and sizes. */
function describeCode(code: string, file?: string): LambdaBundle {
    const buffer = Buffer.from(code, "utf8");
    return { code, sha256: sha256Hex(buffer), bytes: buffer.length, gzipBytes: gzipSync(buffer, { level: 9 }).length, ...(file ? { file } : {}) };
}

/** esbuild, from wherever the caller's project or this repository installed it; a clear error when absent. */
function loadEsbuild(): typeof import("esbuild") {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require("esbuild") as typeof import("esbuild");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
        throw new Error(
            "bundling a handler needs esbuild, which legacy-tls-front does not install (its own functions come prebuilt): " +
                "add it to your project with `npm install --save-dev esbuild`",
        );
    }
}

/** Bundles `options.entryPoint`; throws esbuild's error (with file and line) when the source does not build. */
export function bundleLambda(options: LambdaBundleOptions): LambdaBundle {
    const root = options.root ?? PACKAGE_ROOT;
    const entryPoint = path.relative(root, path.resolve(root, options.entryPoint));
    const result = loadEsbuild().buildSync({
        // Relative to a fixed working directory so no absolute path can reach the output.
        absWorkingDir: root,
        entryPoints: [entryPoint],
        // A caller's own entry outside this package keeps its project's tsconfig.json (paths, ...).
        ...(entryPoint.startsWith("..") || path.isAbsolute(entryPoint) ? {} : { tsconfigRaw: PACKAGE_TSCONFIG }),
        bundle: true,
        write: false,
        minify: true,
        legalComments: "none",
        sourcemap: false,
        platform: "node",
        format: "cjs",
        target: options.target ?? "node20",
        external: [...(options.external ?? [])],
        logLevel: "silent",
    });
    return describeCode(result.outputFiles[0].text);
}

/**
 * The prebuilt bundle of `name`, `dist/functions/<name>/index.js` under `root` (default: this package's
 * root). Throws an error naming the missing file and the command that writes it.
 */
export function prebuiltBundle(name: FunctionBundleName, root: string = PACKAGE_ROOT): LambdaBundle {
    if (!(FUNCTION_BUNDLE_NAMES as readonly string[]).includes(name)) {
        throw new RangeError(`unknown function ${JSON.stringify(name)}; known: ${FUNCTION_BUNDLE_NAMES.join(", ")}`);
    }
    const file = path.join(root, functionBundlePath(name));
    let code: string;
    try {
        code = readFileSync(file, "utf8");
    } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new Error(
            `the prebuilt Lambda bundle ${file} is missing (${reason}): the package's functions are bundled when it is built; ` +
                `run \`${BUILD_FUNCTIONS_COMMAND}\` in ${root} (npm ci and npm run build run it too)`,
        );
    }
    return describeCode(code, file);
}

/** What a Lambda deployment archive holds: the bundle as `index.js` and, for a configured function, its `config.json`. */
export interface FunctionPackage {
    /** The code, deployed as `index.js` (handler `index.handler`). */
    readonly bundle: LambdaBundle;
    /** The configuration as canonical JSON, deployed as `config.json`; absent for a function without one. */
    readonly configJson?: string;
    /**
     * SHA-256 of the archive's content: of the lines `sha256sum` prints for its files in name order,
     * i.e. `sha256sum config.json index.js | sha256sum`. Same code and config → same hash.
     */
    readonly sha256: string;
}

/** The files of a package by archive name: `index.js`, then `config.json` when there is a config. */
export function packageFiles(pkg: Pick<FunctionPackage, "bundle" | "configJson">): Record<string, string> {
    return { [FUNCTION_CODE_FILE]: pkg.bundle.code, ...(pkg.configJson !== undefined ? { [FUNCTION_CONFIG_FILE]: pkg.configJson } : {}) };
}

/**
 * The deployment package of `bundle` with `config` (any JSON value; serialized with sorted keys, so
 * equal configs give equal bytes whatever their key order), or without a config file.
 */
export function functionPackage(bundle: LambdaBundle, config?: unknown): FunctionPackage {
    const configJson = config === undefined ? undefined : canonicalJson(config);
    const manifest = Object.entries(packageFiles({ bundle, configJson }))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, content]) => `${sha256Hex(Buffer.from(content, "utf8"))}  ${name}\n`)
        .join("");
    return { bundle, configJson, sha256: sha256Hex(manifest) };
}

/**
 * The Lambda deployment archive of a package: `index.js` at the root (handler `index.handler`), the
 * prebuilt file itself when there is one, and `config.json` next to it when the function has a config.
 * Pulumi hashes an archive by its content, so where the prebuilt file lies (which checkout, which
 * node_modules) never makes a difference.
 */
export function lambdaArchive(pkg: FunctionPackage): pulumi.asset.AssetArchive {
    const code = pkg.bundle.file !== undefined ? new pulumi.asset.FileAsset(pkg.bundle.file) : new pulumi.asset.StringAsset(pkg.bundle.code);
    return new pulumi.asset.AssetArchive({
        [FUNCTION_CODE_FILE]: code,
        ...(pkg.configJson !== undefined ? { [FUNCTION_CONFIG_FILE]: new pulumi.asset.StringAsset(pkg.configJson) } : {}),
    });
}

/** The Lambda@Edge functions, each a prebuilt bundle configured by a `config.json` its validator checks. */
export const EDGE_FUNCTION_NAMES = ["cognito-auth"] as const;
/** The name of one of them. */
export type EdgeFunctionName = (typeof EDGE_FUNCTION_NAMES)[number];

/** How each edge function's config is checked (the same validation the function runs when it loads). */
const EDGE_CONFIG_VALIDATORS: Readonly<Record<EdgeFunctionName, (raw: unknown) => EdgeAuthConfig>> = {
    "cognito-auth": validateEdgeAuthConfig,
};

/**
 * Validates `config` for the edge function `name` (throws its `ValidationError`, every problem listed by
 * field) and packages the function's bundle (default: the prebuilt one) with the validated config as
 * `config.json`. The same call serves the `CognitoEdgeAuth` component, which deploys the package, and
 * `npm run build:edge`, which writes its files to a folder.
 */
export function buildEdgeFunction(name: EdgeFunctionName, config: unknown, bundle?: LambdaBundle): FunctionPackage {
    if (!(EDGE_FUNCTION_NAMES as readonly string[]).includes(name)) {
        throw new RangeError(`unknown edge function ${JSON.stringify(name)}; known: ${EDGE_FUNCTION_NAMES.join(", ")}`);
    }
    const validated = EDGE_CONFIG_VALIDATORS[name](config);
    return functionPackage(bundle ?? prebuiltBundle(name), validated);
}

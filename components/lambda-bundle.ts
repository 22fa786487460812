/**
 * Bundles a TypeScript Lambda handler into one minified CommonJS file with esbuild, with build-time
 * constants baked in. Shared by every function this package deploys (Lambda@Edge has no environment
 * variables, so its config must be in the code; regional functions use the same path for one toolchain).
 *
 * Deterministic by construction: esbuild's output depends only on the sources, the options below and the
 * baked constants (serialized with sorted keys), never on the absolute path of the checkout, the time or the
 * machine. Same bytes → same archive hash → `pulumi up` publishes no new Lambda version.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";

/** What to bundle. */
export interface LambdaBundleOptions {
    /** The handler's entry file (TypeScript), absolute or relative to the repository root. */
    readonly entryPoint: string;
    /**
     * Build-time constants: each key is a global identifier the source declares (`declare const X: T`),
     * replaced by the JSON of its value.
     * @default {}
     * @example { __EDGE_AUTH_CONFIG__: { userPoolId: "eu-west-1_AbCdEf123", ... } }
     */
    readonly constants?: Readonly<Record<string, unknown>>;
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
}

/** The repository root (this file lives in `components/`, or `dist/components/` once compiled). */
const REPO_ROOT = path.basename(path.resolve(__dirname, "..")) === "dist" ? path.resolve(__dirname, "..", "..") : path.resolve(__dirname, "..");

/**
 * The TypeScript settings that change esbuild's output (those tsconfig.json implies: `strict` →
 * "use strict", target ES2022 → define semantics for class fields), fixed for the sources this package
 * ships. Left to discovery, esbuild finds no tsconfig.json inside node_modules and drops "use strict",
 * so a consumer's bundle would run sloppy and differ from ours byte for byte.
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

/** Bundles `options.entryPoint`; throws esbuild's error (with file and line) when the source does not build. */
export function bundleLambda(options: LambdaBundleOptions): LambdaBundle {
    const define: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.constants ?? {})) {
        if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new TypeError(`bundleLambda: constant name ${JSON.stringify(name)} is not an identifier`);
        define[name] = canonicalJson(value);
    }
    const entryPoint = path.relative(REPO_ROOT, path.resolve(REPO_ROOT, options.entryPoint));
    const result = buildSync({
        // Relative to a fixed working directory so no absolute path can reach the output.
        absWorkingDir: REPO_ROOT,
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
        define,
        logLevel: "silent",
    });
    const code = result.outputFiles[0].text;
    const buffer = Buffer.from(code, "utf8");
    return {
        code,
        sha256: createHash("sha256").update(buffer).digest("hex"),
        bytes: buffer.length,
        gzipBytes: gzipSync(buffer, { level: 9 }).length,
    };
}

/** The Lambda deployment package for a bundle: `index.js` at the root, so the handler is `index.handler`. */
export function lambdaArchive(bundle: LambdaBundle): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) });
}

/**
 * Builds the Lambda@Edge functions of this folder: validates a function's config, then bundles its
 * entry with the config baked in as a build-time constant (Lambda@Edge has no environment variables)
 * through the shared esbuild wrapper `bundleLambda`. The same function serves the components, which
 * deploy `bundle.code`, and the CLI, which writes those very bytes to a folder for inspection:
 *
 *     npm run build:edge -- --function cognito-auth --config edge-auth.json --out dist/edge
 *
 * Deterministic: the same sources and config (in any key order) give the same bytes and hash.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleLambda, LambdaBundle } from "../components/lambda-bundle";
import { ValidationError } from "../components/validation";
import { validateEdgeAuthConfig } from "./cognito-auth/config";

/** The functions this folder builds. */
export const EDGE_FUNCTION_NAMES = ["cognito-auth"] as const;
/** The name of one of them. */
export type EdgeFunctionName = (typeof EDGE_FUNCTION_NAMES)[number];

/** How each function is built: its entry, the constant its entry declares, and its config validator. */
const EDGE_FUNCTIONS: Readonly<Record<EdgeFunctionName, { entryPoint: string; constant: string; validate: (raw: unknown) => unknown }>> = {
    "cognito-auth": {
        entryPoint: "edge-functions/cognito-auth/index.ts",
        constant: "__EDGE_AUTH_CONFIG__",
        validate: validateEdgeAuthConfig,
    },
};

/** True when `name` is one of {@link EDGE_FUNCTION_NAMES}. */
function isEdgeFunctionName(name: unknown): name is EdgeFunctionName {
    return typeof name === "string" && (EDGE_FUNCTION_NAMES as readonly string[]).includes(name);
}

/**
 * Validates `config` for the function `name` (throws its {@link ValidationError}, every problem listed
 * by field) and bundles the function with the validated config baked in. The bundle is one minified
 * CommonJS file exporting `handler`, for the Node.js 20 runtime.
 */
export function buildEdgeFunction(name: EdgeFunctionName, config: unknown): LambdaBundle {
    if (!isEdgeFunctionName(name)) {
        throw new RangeError(`unknown edge function ${JSON.stringify(name)}; known: ${EDGE_FUNCTION_NAMES.join(", ")}`);
    }
    const fn = EDGE_FUNCTIONS[name];
    const validated = fn.validate(config);
    return bundleLambda({ entryPoint: fn.entryPoint, constants: { [fn.constant]: validated } });
}

const USAGE = [
    "usage: npm run build:edge -- --function <name> --config <file.json> --out <dir>",
    `  --function  the function to build: ${EDGE_FUNCTION_NAMES.join(" | ")}`,
    "  --config    its config as JSON (see edge-functions/README.md)",
    "  --out       folder to write index.js to (created if missing)",
].join("\n");

const FLAGS = ["--function", "--config", "--out"] as const;
type Flag = (typeof FLAGS)[number];

/** Parses `argv`; a string is the reason the arguments are unusable. */
function parseArgs(argv: readonly string[]): Record<Flag, string> | { help: true } | string {
    const values: Partial<Record<Flag, string>> = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") return { help: true };
        const eq = arg.indexOf("=");
        const flag = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
        if (!(FLAGS as readonly string[]).includes(flag)) {
            return arg.startsWith("-") ? `unknown option ${JSON.stringify(flag)} (known: ${FLAGS.join(", ")})` : `unexpected argument ${JSON.stringify(arg)}`;
        }
        let value: string | undefined;
        if (eq > 0 && arg.startsWith("--")) value = arg.slice(eq + 1);
        else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) value = argv[++i];
        if (value === undefined || value.length === 0) return `${flag} needs a value`;
        if (values[flag as Flag] !== undefined) return `${flag} given twice`;
        values[flag as Flag] = value;
    }
    const missing = FLAGS.filter((flag) => values[flag] === undefined);
    if (missing.length > 0) return `missing ${missing.join(", ")}`;
    return values as Record<Flag, string>;
}

/**
 * The `build:edge` command. Exit codes: 0 built, 1 the config file is unreadable, not JSON or invalid
 * (or the output cannot be written), 2 the arguments are wrong (unknown option, missing value, unknown
 * function). Writes lines through `out` and `err`, so it is tested without a process.
 */
export function runBuildCli(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
    const args = parseArgs(argv);
    if (typeof args === "string") {
        err(`build:edge: ${args}`);
        err(USAGE);
        return 2;
    }
    if ("help" in args) {
        out(USAGE);
        return 0;
    }
    if (!isEdgeFunctionName(args["--function"])) {
        err(`build:edge: unknown function ${JSON.stringify(args["--function"])}; known: ${EDGE_FUNCTION_NAMES.join(", ")}`);
        return 2;
    }
    let text: string;
    try {
        text = fs.readFileSync(args["--config"], "utf8");
    } catch (error) {
        err(`build:edge: cannot read config file ${args["--config"]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        return 1;
    }
    let config: unknown;
    try {
        config = JSON.parse(text);
    } catch (error) {
        err(`build:edge: config file ${args["--config"]} is not valid JSON: ${(error as Error).message}`);
        return 1;
    }
    let bundle: LambdaBundle;
    try {
        bundle = buildEdgeFunction(args["--function"], config);
    } catch (error) {
        err(error instanceof ValidationError ? `build:edge: ${args["--config"]}: ${error.message}` : `build:edge: build failed: ${(error as Error).message}`);
        return 1;
    }
    const file = path.join(args["--out"], "index.js");
    try {
        fs.mkdirSync(args["--out"], { recursive: true });
        fs.writeFileSync(file, bundle.code);
    } catch (error) {
        err(`build:edge: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        return 1;
    }
    out(`wrote ${file} (${args["--function"]}, handler: index.handler)`);
    out(`  size: ${bundle.bytes} bytes raw, ${bundle.gzipBytes} bytes gzipped (Lambda@Edge viewer-request limit: 1 MB compressed)`);
    out(`  sha256: ${bundle.sha256}`);
    return 0;
}

if (require.main === module) {
    process.exitCode = runBuildCli(
        process.argv.slice(2),
        (line) => process.stdout.write(`${line}\n`),
        (line) => process.stderr.write(`${line}\n`),
    );
}

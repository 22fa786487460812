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
import { printable, printableLines } from "../components/printable";
import { ValidationError, formatIssue } from "../components/validation";
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

/** The largest config file read: a viewer-request bundle may hold at most 1 MB, a real config is a few KB. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** The deepest nesting of objects and arrays accepted; an edge auth config has 4 (`jwks.keys[i].kid`). */
const MAX_CONFIG_DEPTH = 32;

/**
 * The text of the config file, read up to {@link MAX_CONFIG_BYTES} (plus one byte to tell a larger
 * file), so `/dev/zero` or a huge file is refused without being read whole; or why it cannot be read.
 */
function readConfigText(file: string): string | { readonly tooLarge: true } | { readonly tooLarge: false; readonly error: string } {
    let fd: number | undefined;
    try {
        fd = fs.openSync(file, "r");
        const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
        let size = 0;
        for (let n; size < buffer.length && (n = fs.readSync(fd, buffer, size, buffer.length - size, null)) > 0; ) size += n;
        return size > MAX_CONFIG_BYTES ? { tooLarge: true } : buffer.toString("utf8", 0, size);
    } catch (error) {
        return { tooLarge: false, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
}

/** True when `value` nests objects and arrays more than `limit` deep; iterative, so any depth is measured safely. */
function nestingDepthExceeds(value: unknown, limit: number): boolean {
    const stack: [unknown, number][] = [[value, 0]];
    while (stack.length > 0) {
        const [v, depth] = stack.pop()!;
        if (typeof v !== "object" || v === null) continue;
        if (depth + 1 > limit) return true;
        for (const child of Object.values(v)) stack.push([child, depth + 1]);
    }
    return false;
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
    const configFile = printable(args["--config"]);
    const text = readConfigText(args["--config"]);
    if (typeof text !== "string") {
        err(`build:edge: ${text.tooLarge ? `config file ${configFile} is larger than 1 MB (${MAX_CONFIG_BYTES} bytes); an edge auth config is a few KB` : `cannot read config file ${configFile}: ${printable(text.error)}`}`);
        return 1;
    }
    let config: unknown;
    try {
        config = JSON.parse(text);
    } catch (error) {
        // V8 quotes the text around the error: a binary file's bytes, escaped here.
        err(`build:edge: config file ${configFile} is not valid JSON: ${printable((error as Error).message)}`);
        return 1;
    }
    // JSON.parse nests as deep as the text does; the validators and messages that walk the value recursively do not.
    if (nestingDepthExceeds(config, MAX_CONFIG_DEPTH)) {
        err(`build:edge: config file ${configFile} is nested too deep: more than ${MAX_CONFIG_DEPTH} levels of objects and arrays (an edge auth config has at most 4)`);
        return 1;
    }
    let bundle: LambdaBundle;
    try {
        bundle = buildEdgeFunction(args["--function"], config);
    } catch (error) {
        err(
            error instanceof ValidationError
                ? // One issue per line, each escaped: keys and values quote the file.
                  `build:edge: ${configFile}: ${printable(error.subject)} is invalid:\n${error.issues.map((i) => `  - ${printable(formatIssue(i))}`).join("\n")}`
                : `build:edge: build failed: ${printableLines((error as Error).message)}`,
        );
        return 1;
    }
    const file = path.join(args["--out"], "index.js");
    try {
        fs.mkdirSync(args["--out"], { recursive: true });
        fs.writeFileSync(file, bundle.code);
    } catch (error) {
        err(`build:edge: cannot write ${printable(file)}: ${printable((error as NodeJS.ErrnoException).code ?? (error as Error).message)}`);
        return 1;
    }
    out(`wrote ${printable(file)} (${args["--function"]}, handler: index.handler)`);
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

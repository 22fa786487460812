/**
 * `npm run build:edge`: the deployment package of one Lambda@Edge function for a given config, written
 * to a folder for inspection or for deploying by other means. It validates the config, then writes the
 * function's prebuilt bundle (`dist/functions/<name>/index.js`, see `npm run build:functions`) as
 * `index.js` and the validated config, as canonical JSON, as `config.json`: exactly the two files the
 * `CognitoEdgeAuth` component deploys (both come from `buildEdgeFunction`).
 *
 *     npm run build:edge -- --function cognito-auth --config edge-auth.json --out dist/edge
 *
 * Deterministic: the same sources and config (in any key order) give the same bytes and hash.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EDGE_FUNCTION_NAMES, EdgeFunctionName, FunctionPackage, buildEdgeFunction, packageFiles } from "../../components/lambda-bundle";
import { printable, printableLines } from "../../shared/printable";
import { ValidationError, formatIssue } from "../../shared/validation";
import { CommandHelp, DocumentedOptionSpecs, helpHint, renderHelp, usageOf } from "../cli-args";

/** True when `name` is one of {@link EDGE_FUNCTION_NAMES}. */
function isEdgeFunctionName(name: unknown): name is EdgeFunctionName {
    return typeof name === "string" && (EDGE_FUNCTION_NAMES as readonly string[]).includes(name);
}

// The options: what the parser below accepts (`--help` also as `-h`) and what `--help` describes.
const OPTIONS = {
    function: { type: "string", argument: "NAME", description: "the function to package (required)", allowed: EDGE_FUNCTION_NAMES },
    config: { type: "string", argument: "FILE", description: "its config as JSON, at most 1 MB (required; see edge-functions/README.md)" },
    out: { type: "string", argument: "DIR", description: "the folder to write index.js and config.json to, created if missing (required)" },
    help: { type: "boolean", short: "h", description: "print this help and exit" },
} as const satisfies DocumentedOptionSpecs;

/** The command line of `npm run build:edge`: the options {@link parseBuildEdgeArguments} accepts, and its `--help`. */
export const BUILD_EDGE_COMMAND: CommandHelp<typeof OPTIONS> = {
    tool: "build:edge",
    command: "npm run build:edge",
    summary: "writes the index.js and config.json a Lambda@Edge function deploys with a given config",
    synopsis: ["--function NAME --config FILE --out DIR"],
    options: OPTIONS,
    exitCodes: {
        0: "written: DIR/index.js and DIR/config.json, with their sizes and hashes printed",
        1: "the config file cannot be read, is larger than 1 MB, is not JSON, is nested too deep or is invalid (every problem listed); the prebuilt bundle is missing (run npm run build:functions); or a file cannot be written",
        2: "bad arguments: an unknown option, a missing or repeated one, a stray argument, or an unknown function",
    },
    examples: [
        {
            what: "the Cognito viewer-request function with the example config",
            argv: ["--function", "cognito-auth", "--config", "edge-functions/cognito-auth/example-config.json", "--out", "dist/edge"],
        },
    ],
    notes: [
        "The two files are those the CognitoEdgeAuth component deploys: the prebuilt bundle of `npm run build:functions` and the validated config as canonical JSON. The same sources and config (in any key order) give the same bytes and hash.",
    ],
};

type Flag = `--${Exclude<keyof typeof OPTIONS, "help">}`;
const FLAGS = Object.keys(OPTIONS)
    .filter((name) => name !== "help")
    .map((name) => `--${name}` as Flag);

/** Parses `argv`; a string is the reason the arguments are unusable. */
export function parseBuildEdgeArguments(argv: readonly string[]): Record<Flag, string> | { help: true } | string {
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

/** The largest config file read: a viewer-request deployment package may hold at most 1 MB, a real config is a few KB. */
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
    const args = parseBuildEdgeArguments(argv);
    if (typeof args === "string") {
        err(`build:edge: ${args}`);
        err(usageOf(BUILD_EDGE_COMMAND));
        err(helpHint(BUILD_EDGE_COMMAND));
        return 2;
    }
    if ("help" in args) {
        out(renderHelp(BUILD_EDGE_COMMAND));
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
    let pkg: FunctionPackage;
    try {
        pkg = buildEdgeFunction(args["--function"], config);
    } catch (error) {
        err(
            error instanceof ValidationError
                ? // One issue per line, each escaped: keys and values quote the file.
                  `build:edge: ${configFile}: ${printable(error.subject)} is invalid:\n${error.issues.map((i) => `  - ${printable(formatIssue(i))}`).join("\n")}`
                : `build:edge: build failed: ${printableLines((error as Error).message)}`,
        );
        return 1;
    }
    const files = Object.entries(packageFiles(pkg)).map(([name, content]) => ({ file: path.join(args["--out"], name), content }));
    let current = files[0].file;
    try {
        fs.mkdirSync(args["--out"], { recursive: true });
        for (const { file, content } of files) {
            current = file;
            fs.writeFileSync(file, content);
        }
    } catch (error) {
        err(`build:edge: cannot write ${printable(current)}: ${printable((error as NodeJS.ErrnoException).code ?? (error as Error).message)}`);
        return 1;
    }
    out(`wrote ${files.map((f) => printable(f.file)).join(", ")} (${args["--function"]}, handler: index.handler)`);
    out(`  index.js: ${pkg.bundle.bytes} bytes raw, ${pkg.bundle.gzipBytes} bytes gzipped (Lambda@Edge viewer-request limit: 1 MB compressed); sha256 ${pkg.bundle.sha256}`);
    out(`  config.json: ${Buffer.byteLength(pkg.configJson ?? "", "utf8")} bytes`);
    out(`  sha256: ${pkg.sha256} (of both files: sha256sum config.json index.js | sha256sum)`);
    return 0;
}

if (require.main === module) {
    process.exitCode = runBuildCli(
        process.argv.slice(2),
        (line) => process.stdout.write(`${line}\n`),
        (line) => process.stderr.write(`${line}\n`),
    );
}

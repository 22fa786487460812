/**
 * `npm run build:functions`: bundles every Lambda function of the package with esbuild (through
 * `components/lambda-bundle.ts`, the one esbuild wrapper) and writes each to
 * `dist/functions/<name>/index.js`, where the components find them. Run by `npm run build`, by `prepare`
 * (so `npm ci` in a fresh clone leaves them in place) and before `npm test`.
 *
 *     npm run build:functions                    # writes dist/functions/<name>/index.js
 *     npm run build:functions -- --out /tmp/fns  # writes them elsewhere
 *
 * Deterministic: the output depends only on the sources and the options below, never on the checkout's
 * path, the time or the machine, so two builds of the same sources give the same bytes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LambdaBundle, PACKAGE_ROOT, bundleLambda } from "../../components/lambda-bundle";
import { FUNCTION_BUNDLE_DIR, FUNCTION_BUNDLE_NAMES, FUNCTION_CODE_FILE, FunctionBundleName } from "../../shared/function-bundles";
import { printable, printableLines } from "../../shared/printable";
import { ValidationError } from "../../components/validation";
import { CommandHelp, DocumentedOptionSpecs, Writer, argumentsOrExitCode, parseCommandLine } from "../cli-args";

/**
 * What each prebuilt function is built from: its entry (relative to the package root) and the packages
 * left to the Lambda runtime. Every function may use the AWS SDK for JavaScript v3 of the Node.js
 * runtime; the edge function loads it only when its config names an SSM parameter (the sign-in client
 * ID) or a signing secret (signed cookies).
 */
export const FUNCTION_SOURCES: Readonly<Record<FunctionBundleName, { readonly entryPoint: string; readonly external: readonly string[] }>> = {
    // The edge function reads the sign-in client ID (SSM) and the cookie signing key (Secrets Manager)
    // with the SDK of the Lambda Node.js runtime, loaded only when its config asks for them.
    "cognito-auth": { entryPoint: "edge-functions/cognito-auth/index.ts", external: ["@aws-sdk/*"] },
    "regional-api-health": { entryPoint: "functions/regional-api/health.ts", external: ["@aws-sdk/*"] },
    "regional-api-hello": { entryPoint: "functions/regional-api/hello.ts", external: ["@aws-sdk/*"] },
};

/** Bundles the function `name` from the sources under `root` (default: this package's root). */
export function buildFunction(name: FunctionBundleName, root: string = PACKAGE_ROOT): LambdaBundle {
    const source = FUNCTION_SOURCES[name];
    return bundleLambda({ entryPoint: source.entryPoint, external: source.external, root });
}

/** One written bundle. */
export interface WrittenBundle {
    readonly name: FunctionBundleName;
    /** The file written, `<outDir>/<name>/index.js`. */
    readonly file: string;
    readonly bundle: LambdaBundle;
}

/**
 * Bundles every function and writes it to `<outDir>/<name>/index.js`. Each file is written to a
 * temporary name and renamed into place, so a reader never sees half a bundle.
 */
export function writeFunctionBundles(outDir: string = path.join(PACKAGE_ROOT, FUNCTION_BUNDLE_DIR), root: string = PACKAGE_ROOT): WrittenBundle[] {
    return FUNCTION_BUNDLE_NAMES.map((name) => {
        const bundle = buildFunction(name, root);
        const file = path.join(outDir, name, FUNCTION_CODE_FILE);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, bundle.code);
        fs.renameSync(temporary, file);
        return { name, file, bundle };
    });
}

const OPTIONS = {
    out: { type: "string", argument: "DIR", description: "the folder to write <name>/index.js to", defaultValue: `${FUNCTION_BUNDLE_DIR} of the package` },
    help: { type: "boolean", short: "h", description: "print this help and exit" },
} as const satisfies DocumentedOptionSpecs;

/** The command line of `npm run build:functions`: the options {@link parseBuildFunctionsArguments} accepts, and its `--help`. */
export const BUILD_FUNCTIONS_COMMAND: CommandHelp<typeof OPTIONS> = {
    tool: "build:functions",
    command: "npm run build:functions",
    summary: "bundles every Lambda function of the package, for the components to deploy",
    synopsis: ["[--out DIR]"],
    options: OPTIONS,
    exitCodes: {
        0: "built: one line per function with its size, gzipped size and sha256",
        1: "a function does not build or its file cannot be written",
        2: "bad arguments: an unknown option, a repeated or empty --out, a stray argument",
    },
    examples: [
        { what: `the bundles the components deploy: ${FUNCTION_BUNDLE_NAMES.join(", ")}`, argv: [] },
        { what: "the same bundles written elsewhere, e.g. to compare two checkouts", argv: ["--out", "/tmp/functions"] },
    ],
    notes: ["The output depends only on the sources: the same sources give the same bytes and hashes on any machine and in any folder."],
};

/** The parsed command line of `npm run build:functions`. */
export interface BuildFunctionsArguments {
    /** `--out`, as given. @default the package's dist/functions */
    readonly out?: string;
    readonly help: boolean;
}

/** Parses the command line; throws a {@link ValidationError} listing every problem. */
export function parseBuildFunctionsArguments(argv: readonly string[]): BuildFunctionsArguments {
    const subject = "the command line of build:functions";
    const { out, help } = parseCommandLine(subject, argv, BUILD_FUNCTIONS_COMMAND.options).values;
    if (out === "") throw new ValidationError(subject, [{ path: "--out", value: out, problem: "is empty; give the folder to write to" }]);
    return { out, help: help === true };
}

/**
 * The `build:functions` command, up to its exit code (see {@link BUILD_FUNCTIONS_COMMAND}). Writes
 * through `out` and `err`, so it is tested without a process.
 */
export function runBuildFunctionsCli(argv: readonly string[], out: Writer, err: Writer): number {
    const args = argumentsOrExitCode(BUILD_FUNCTIONS_COMMAND, () => parseBuildFunctionsArguments(argv), out, err);
    if (typeof args === "number") return args;
    const started = Date.now();
    let written: WrittenBundle[];
    try {
        written = writeFunctionBundles(args.out === undefined ? undefined : path.resolve(args.out));
    } catch (error) {
        err(`build:functions: ${printableLines((error as Error).message)}\n`);
        return 1;
    }
    for (const { name, file, bundle } of written) {
        out(`wrote ${printable(path.relative(process.cwd(), file) || file)} (${name}): ${bundle.bytes} bytes, ${bundle.gzipBytes} gzipped, sha256 ${bundle.sha256}\n`);
    }
    out(`built ${written.length} functions in ${Date.now() - started} ms\n`);
    return 0;
}

if (require.main === module) {
    process.exitCode = runBuildFunctionsCli(
        process.argv.slice(2),
        (text) => process.stdout.write(text),
        (text) => process.stderr.write(text),
    );
}

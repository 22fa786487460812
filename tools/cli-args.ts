/**
 * The command-line plumbing the tools share (`plan`, `verify`, `tls-report`): `node:util`'s
 * `parseArgs` with its errors turned into the package's {@link ValidationError} format, whole-number
 * options, the usage/help/exit-2 step, and the `main` that turns a run into an exit code.
 */
import { ParseArgsConfig, parseArgs } from "node:util";
import { Issue, ValidationError, checkIntegerInRange } from "../components/validation";

/** The `options` of a `parseArgs` call. */
export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

/**
 * Strict `parseArgs` over `argv`. An unknown option, a missing value or an unexpected positional
 * throws a {@link ValidationError} for `subject` whose message adds the known options (parseArgs
 * names the offending option but not the alternatives).
 */
export function parseCommandLine<const O extends OptionSpecs, const P extends boolean = false>(
    subject: string,
    argv: readonly string[],
    options: O,
    allowPositionals?: P,
) {
    try {
        return parseArgs({ args: [...argv], options, strict: true, allowPositionals: (allowPositionals ?? false) as P });
    } catch (error) {
        throw new ValidationError(subject, [
            {
                path: "arguments",
                value: argv.join(" "),
                problem: `${(error as Error).message}; known options: ${Object.keys(options).map((o) => `--${o}`).join(", ")}`,
            },
        ]);
    }
}

/**
 * A whole-number option (`--top 10`): the number, or `undefined` with an issue naming the option, the
 * value and the range. Digits only, so `1e3`, `0x10` and `5s` are refused rather than coerced.
 */
export function wholeNumberArgument(path: string, text: string, min: number, max: number, issues: Issue[]): number | undefined {
    const n = /^\d+$/.test(text) ? Number(text) : (text as unknown);
    return checkIntegerInRange(path, n, min, max, issues) ? (n as number) : undefined;
}

/** Where a tool writes: stdout and stderr by default, strings in tests. */
export type Writer = (text: string) => void;

/**
 * The shared first step of a tool: parse the arguments; on a {@link ValidationError} print it with the
 * usage to `err` and answer exit code 2; on `--help` print the usage to `out` and answer 0. Anything
 * else the parser throws is a bug and propagates.
 * @returns the arguments, or the exit code to return at once
 */
export function argumentsOrExitCode<A extends { readonly help: boolean }>(
    tool: string,
    usage: string,
    parse: () => A,
    out: Writer,
    err: Writer,
): A | number {
    let args: A;
    try {
        args = parse();
    } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        err(`${tool}: ${e.message}\n${usage}\n`);
        return 2;
    }
    if (args.help) {
        out(`${usage}\n`);
        return 0;
    }
    return args;
}

/**
 * Runs a tool as the process's `main`: its exit code becomes the process's; an unexpected error is
 * printed with its stack, prefixed by the tool's name, and exits 1.
 */
export function runAsMain(tool: string, run: (argv: string[]) => Promise<number>): void {
    run(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`${tool}: ${(e as Error).stack ?? e}\n`);
            process.exit(1);
        },
    );
}

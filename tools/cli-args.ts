/**
 * The command-line plumbing the tools share (`plan`, `verify`, `tls-report`, `build:edge`, the benches):
 * `node:util`'s `parseArgs` with its errors turned into the package's {@link ValidationError} format,
 * whole-number options, the `--help` text, the usage/help/exit-2 step, and the `main` that turns a run
 * into an exit code.
 *
 * A tool declares its command line once, as a {@link CommandHelp}: its options are the very specs given
 * to {@link parseCommandLine}, each carrying its help (meaning, argument name, default, allowed values),
 * and {@link renderHelp} prints `--help` from them with the tool's summary, exit codes and examples, so
 * the help cannot list an option the parser refuses nor miss one it accepts.
 *
 * Every argument problem is reported at once, each naming the option, the value and what is allowed;
 * an option given twice is refused unless its spec says `multiple: true`; the value of an option
 * whose spec says `secret: true` is never echoed, whatever the mistake around it; and whatever is
 * printed has its control characters escaped (see `components/printable.ts`).
 */
import * as path from "node:path";
import { ParseArgsConfig, parseArgs } from "node:util";
import { printable, printableLines } from "../shared/printable";
import { Issue, ValidationError, checkIntegerInRange, formatIssue } from "../components/validation";

/**
 * One option as `parseArgs` takes it (`type`, `multiple`, `short`, `default`), plus {@link OptionSpec.secret}
 * and its help ({@link OptionHelp}; required by {@link renderHelp}, so every tool's options carry it).
 */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>[string] & {
    /**
     * The value is a secret (a token, a password): no error message ever shows it, nor an argument
     * next to it that may be it (`--token= SECRET`, `--token SECRET SECRET`). Set it on every option
     * that carries one, so a new secret option is covered without touching the error paths.
     * @default false
     */
    readonly secret?: boolean;
} & Partial<OptionHelp>;

/** The `options` of a tool: its {@link OptionSpec}s by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What `--help` says of one option. Values shown here come from the code's own constants, never retyped. */
export interface OptionHelp {
    /** What the option does, as a phrase: `write the plan to FILE, in the shape of pulumi preview --json`. */
    readonly description: string;
    /**
     * The name of the option's value in the help, e.g. `FILE`; only for `type: "string"`.
     * @default "VALUE"
     */
    readonly argument?: string;
    /**
     * What applies when the option is not given, as the help states it (`5000`, or a phrase), for a
     * default applied after parsing. A `parseArgs` {@link OptionSpec.default} is shown without it.
     * @default none shown
     */
    readonly defaultValue?: string;
    /**
     * The values accepted, when they are a fixed set: a list, or each value with its meaning.
     * @default none shown
     */
    readonly allowed?: readonly string[] | Readonly<Record<string, string>>;
}

/** An option spec with its help, as a {@link CommandHelp} declares it. */
export type DocumentedOptionSpec = OptionSpec & OptionHelp;

/** The options of a tool with their help: what it passes to {@link parseCommandLine}. */
export type DocumentedOptionSpecs = Readonly<Record<string, DocumentedOptionSpec>>;

/** A positional argument as `--help` describes it (`PATH...`). */
export interface PositionalHelp {
    /** Its name in the usage line, e.g. `PATH...`. */
    readonly name: string;
    /** What it is. */
    readonly description: string;
}

/** One example of `--help`: the arguments given to {@link CommandHelp.command}, and what the run does. */
export interface ExampleHelp {
    /** What it does, printed above it as a comment. */
    readonly what: string;
    /**
     * The arguments, one word each, as the tool's parser receives them (tests parse them); a word with
     * characters the shell would split or expand is printed in single quotes.
     */
    readonly argv: readonly string[];
}

/**
 * The one declaration of a tool's command line: `options` is given to {@link parseCommandLine} (and so
 * is what the parser accepts), and {@link renderHelp} prints `--help` from the whole of it.
 */
export interface CommandHelp<O extends DocumentedOptionSpecs = DocumentedOptionSpecs> {
    /** The tool's name, which prefixes its messages: `plan`. */
    readonly tool: string;
    /** How it is run, without its arguments (which follow ` -- `): `npm run plan`. */
    readonly command: string;
    /** What it does, in one line. */
    readonly summary: string;
    /**
     * The arguments part of the usage: `--stack NAME [--json FILE]`; further lines are continuations,
     * printed indented under the first. Uses each option's {@link OptionHelp.argument} name.
     */
    readonly synopsis: readonly string[];
    /** The positional arguments, when the tool takes any. @default none */
    readonly positionals?: readonly PositionalHelp[];
    /** The options, by long name, each with its help. */
    readonly options: O;
    /** Every exit code the tool returns, with what it means. */
    readonly exitCodes: Readonly<Record<number, string>>;
    /** At least one example. */
    readonly examples: readonly [ExampleHelp, ...ExampleHelp[]];
    /** Paragraphs printed after the examples. @default none */
    readonly notes?: readonly string[];
}

/** Where `--help` wraps its lines. */
export const HELP_WIDTH = 100;

/** What an error message shows instead of a secret value. */
export const HIDDEN = "(hidden)";

/**
 * Strict `parseArgs` over `argv`. Throws a {@link ValidationError} for `subject` listing every
 * problem: an unknown option (with the known ones), a missing value, a value for a switch, a value
 * that looks like an option, an unexpected positional, and an option given more than once that is
 * not declared `multiple`. Values of `secret` options never appear in it.
 */
export function parseCommandLine<const O extends OptionSpecs, const P extends boolean = false>(
    subject: string,
    argv: readonly string[],
    options: O,
    allowPositionals?: P,
) {
    const secrets = secretArguments(argv, options);
    const issues = commandLineIssues(argv, options, allowPositionals ?? false, secrets.indexes);
    if (issues.length === 0) {
        try {
            return parseArgs({ args: [...argv], options, strict: true, allowPositionals: (allowPositionals ?? false) as P });
        } catch (error) {
            // The checks above mirror parseArgs's own; this is a safety net, never echoing the arguments.
            issues.push({ path: "arguments", value: `${argv.length} argument(s)`, problem: `${oneLine((error as Error).message)}; ${knownOptions(options)}` });
        }
    }
    throw new ValidationError(subject, issues.map((issue) => redact(issue, secrets.values)));
}

// Which arguments are (or may be) secret: the value of a secret option, and for `--token=` with an
// empty value the argument after it (the user's token, most likely). `values` are the texts to
// blank out of any message; option names are never among them.
function secretArguments(argv: readonly string[], options: OptionSpecs): { indexes: ReadonlySet<number>; values: readonly string[] } {
    const indexes = new Set<number>();
    const values: string[] = [];
    const optionLike = (arg: string): boolean => /^--[^=]+/.test(arg) && Object.hasOwn(options, /^--([^=]+)/.exec(arg)![1]);
    const mark = (i: number): void => {
        if (i >= argv.length) return;
        indexes.add(i);
        if (argv[i] !== "" && !optionLike(argv[i])) values.push(argv[i]);
    };
    for (const [name, spec] of Object.entries(options)) {
        if (!spec.secret) continue;
        const forms = [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])];
        argv.forEach((arg, i) => {
            for (const form of forms) {
                if (arg === form) mark(i + 1);
                else if (arg.startsWith(form === `--${name}` ? `${form}=` : form)) {
                    const inline = arg.slice(form.length).replace(/^=/, "");
                    indexes.add(i);
                    if (inline !== "") values.push(inline);
                    else mark(i + 1);
                }
            }
        });
    }
    // The same text elsewhere (`--token SECRET SECRET`) is hidden too.
    argv.forEach((arg, i) => {
        if (values.includes(arg)) indexes.add(i);
    });
    // Longest first, so a secret containing another is blanked whole.
    return { indexes, values: [...new Set(values)].sort((a, b) => b.length - a.length) };
}

// The checks of a strict parseArgs, on its tokens, collecting every problem instead of the first,
// plus options given twice.
function commandLineIssues(argv: readonly string[], options: OptionSpecs, allowPositionals: boolean, secret: ReadonlySet<number>): Issue[] {
    const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
    const issues: Issue[] = [];
    const shown = (index: number, value: unknown): unknown => (secret.has(index) ? HIDDEN : value);
    const given = new Map<string, unknown[]>();
    const reported = new Set<number>();
    // The argument after an unknown `--name` is taken as its value: not reported on its own (it may
    // be a secret given to a misspelled option).
    const valueOfUnknown = new Set<number>();
    for (const token of tokens) {
        if (token.kind === "option-terminator") continue;
        if (token.kind === "positional") {
            if (allowPositionals || valueOfUnknown.has(token.index)) continue;
            issues.push({ path: "arguments", value: shown(token.index, token.value), problem: `is not an option, and this command takes no other arguments; ${knownOptions(options)}` });
            continue;
        }
        const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
        if (spec === undefined) {
            // A cluster of short options (-abc) is one argument: one problem.
            if (reported.has(token.index)) continue;
            reported.add(token.index);
            if (token.rawName.startsWith("--") && token.inlineValue !== true) valueOfUnknown.add(token.index + 1);
            issues.push({ path: "arguments", value: token.rawName, problem: `Unknown option '${token.rawName}'; ${knownOptions(options)}` });
            continue;
        }
        const valueIndex = token.inlineValue === false ? token.index + 1 : token.index;
        if (spec.type === "string" && token.value === undefined) {
            issues.push({ path: token.rawName, value: undefined, problem: `Option '${token.rawName} <value>' argument missing; ${knownOptions(options)}` });
        } else if (spec.type === "string" && token.inlineValue === false && token.value!.length > 1 && token.value!.startsWith("-")) {
            // As parseArgs: a lone "-" is a value (stdin, by convention); "-x" or "--x" is probably the next option.
            issues.push({
                path: token.rawName,
                value: shown(valueIndex, token.value),
                problem: `is ambiguous: ${token.rawName} needs a value and the next argument starts with "-"; if that is the value, write ${token.rawName}=-VALUE`,
            });
        } else if (spec.type === "boolean" && token.value !== undefined) {
            issues.push({ path: token.rawName, value: shown(valueIndex, token.value), problem: `takes no value (a switch: give ${token.rawName} alone)` });
        }
        const values = given.get(token.name) ?? [];
        values.push(spec.type === "boolean" ? true : token.value);
        given.set(token.name, values);
    }
    for (const [name, values] of given) {
        const spec = options[name];
        if (values.length > 1 && !spec.multiple) {
            issues.push({ path: `--${name}`, value: spec.secret ? HIDDEN : values, problem: `is given ${values.length} times; give it once` });
        }
    }
    return issues;
}

function knownOptions(options: OptionSpecs): string {
    return `known options: ${Object.keys(options).map((o) => `--${o}`).join(", ")}`;
}

function oneLine(text: string): string {
    return text.replace(/\s*\n\s*/g, " ");
}

/**
 * Secrets shorter than this are not blanked out of running text: a 1-character "token" would blank out
 * every word containing its letter. Real bearer tokens are far longer; shorter ones are still hidden
 * wherever they are known to be (the value of a secret option, an argument equal to it).
 */
export const MIN_BLANKED_SECRET_LENGTH = 8;

/** `text` with every secret of at least {@link MIN_BLANKED_SECRET_LENGTH} characters replaced by {@link HIDDEN}. */
export function blankSecrets(text: string, secrets: readonly string[]): string {
    return secrets.filter((s) => s.length >= MIN_BLANKED_SECRET_LENGTH).reduce((t, s) => t.split(s).join(HIDDEN), text);
}

/**
 * A writer that blanks `secret` out of everything it writes, as typed and as JSON escapes it (a quote
 * or backslash in it), for output that may echo it: a server that reflects a token in its challenge.
 */
export function secretHidingWriter(write: Writer, secret: string | undefined): Writer {
    if (secret === undefined) return write;
    const forms = [...new Set([JSON.stringify(secret).slice(1, -1), secret])].sort((a, b) => b.length - a.length);
    return (text) => write(blankSecrets(text, forms));
}

// Blanks every secret out of an issue's value and problem.
function redact(issue: Issue, secrets: readonly string[]): Issue {
    if (secrets.length === 0) return issue;
    const blank = (text: string): string => blankSecrets(text, secrets);
    const value = typeof issue.value === "string" ? blank(issue.value) : Array.isArray(issue.value) ? issue.value.map((v) => (typeof v === "string" ? blank(v) : v)) : issue.value;
    return { path: blank(issue.path), value, problem: blank(issue.problem) };
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
 * A {@link ValidationError} as printed by the tools: one issue per line, each with its control
 * characters escaped (values are JSON-quoted, but option names, keys and problems may quote input).
 */
export function formatValidationError(error: ValidationError): string {
    return `${printable(error.subject)} is invalid:\n${error.issues.map((i) => `  - ${printable(formatIssue(i))}`).join("\n")}`;
}

/** The usage line(s) of a tool: printed with every argument error, and by `--help`. */
export function usageOf(command: CommandHelp): string {
    const [first, ...rest] = command.synopsis;
    return [`usage: ${command.command} -- ${first}`, ...rest.map((line) => `${" ".repeat(USAGE_CONTINUATION)}${line}`)].join("\n");
}

// Continuation lines of the usage start under the command, after "usage: " and two spaces.
const USAGE_CONTINUATION = "usage: ".length + 2;
// The widest term (option with its argument, exit code) beside which a description starts; a wider
// term has its description on the lines below.
const MAX_TERM_WIDTH = 24;

/**
 * The `--help` of a tool, from its one declaration: the summary, the usage, every positional and every
 * option (its argument, meaning, default and allowed values; repeatable and secret options say so),
 * the exit codes, the examples and the notes. Lines are wrapped at {@link HELP_WIDTH} columns.
 */
export function renderHelp(command: CommandHelp): string {
    const options = Object.entries(command.options).map(([name, spec]): [string, Paragraph[]] => [optionTerm(name, spec), optionText(spec)]);
    const positionals = (command.positionals ?? []).map((p): [string, Paragraph[]] => [p.name, [p.description]]);
    const width = Math.min(MAX_TERM_WIDTH, Math.max(...[...options, ...positionals].map(([term]) => term.length)));
    const exitCodes = Object.entries(command.exitCodes)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([code, meaning]): [string, Paragraph[]] => [code, [meaning]]);
    const quote = (word: string): string => (/^[A-Za-z0-9_@%+=:,./$-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);
    return [
        ...wrap(`${command.tool}: ${command.summary}`, HELP_WIDTH, ""),
        "",
        usageOf(command),
        ...(positionals.length > 0 ? ["", "Arguments:", ...termRows(positionals, width)] : []),
        "",
        "Options:",
        ...termRows(options, width),
        "",
        "Exit codes:",
        ...termRows(exitCodes, Math.max(...exitCodes.map(([code]) => code.length))),
        "",
        "Examples:",
        ...command.examples.flatMap((e) => [...wrap(e.what, HELP_WIDTH, "  # "), `  ${[command.command, ...(e.argv.length > 0 ? ["--", ...e.argv.map(quote)] : [])].join(" ")}`]),
        ...(command.notes ?? []).flatMap((note) => ["", ...wrap(note, HELP_WIDTH, "")]),
    ].join("\n");
}

// `-h, --help`, `--json FILE`.
function optionTerm(name: string, spec: DocumentedOptionSpec): string {
    return `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.type === "string" ? ` ${spec.argument ?? "VALUE"}` : ""}`;
}

// A paragraph beside a term: text, or a row of a value and its meaning (an allowed value).
type Paragraph = string | { readonly value: string; readonly valueWidth: number; readonly meaning: string };

// What is said of an option: its meaning, then its default and its allowed values.
function optionText(spec: DocumentedOptionSpec): Paragraph[] {
    const notes = [spec.multiple ? "repeatable" : undefined, spec.secret ? "a secret: never printed" : undefined].filter((n) => n !== undefined);
    const text: Paragraph[] = [`${spec.description}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`];
    const shownDefault = spec.defaultValue ?? (spec.default === undefined ? undefined : String(spec.default));
    if (shownDefault !== undefined) text.push(`default: ${shownDefault}`);
    if (Array.isArray(spec.allowed)) text.push(`one of: ${spec.allowed.join(" | ")}`);
    else if (spec.allowed !== undefined) {
        const allowed = Object.entries(spec.allowed);
        const valueWidth = Math.max(...allowed.map(([value]) => value.length));
        text.push("one of:", ...allowed.map(([value, meaning]) => ({ value, valueWidth, meaning })));
    }
    return text;
}

// Rows of a term and its paragraphs, the paragraphs in a column after the widest term (`width`).
function termRows(rows: readonly (readonly [string, readonly Paragraph[]])[], width: number): string[] {
    const indent = " ".repeat(2 + width + 2);
    return rows.flatMap(([term, paragraphs]) => {
        const lines = paragraphs.flatMap((p) =>
            typeof p === "string"
                ? wrap(p, HELP_WIDTH, indent)
                : // An allowed value, its meaning wrapping under the meaning.
                  wrap(p.meaning, HELP_WIDTH, `${indent}  ${" ".repeat(p.valueWidth + 2)}`, `${indent}  ${p.value.padEnd(p.valueWidth + 2)}`),
        );
        if (term.length > width) return [`  ${term}`, ...lines];
        return [`  ${term.padEnd(width)}  ${lines[0].slice(indent.length)}`, ...lines.slice(1)];
    });
}

// `text` in lines of at most `width` columns (a longer word stays whole): the first line starts with
// `firstIndent` (default `indent`), the others with `indent`.
function wrap(text: string, width: number, indent: string, firstIndent: string = indent): string[] {
    const lines: string[] = [];
    let line = firstIndent;
    let empty = true;
    for (const word of text.split(/ +/).filter((w) => w !== "")) {
        if (!empty && line.length + 1 + word.length > width) {
            lines.push(line);
            line = indent;
            empty = true;
        }
        line += `${empty ? "" : " "}${word}`;
        empty = false;
    }
    lines.push(line);
    return lines;
}

/**
 * The shared first step of a tool: parse the arguments; on a {@link ValidationError} print it with the
 * usage to `err` and answer exit code 2; on `--help` print the help ({@link renderHelp}) to `out` and
 * answer 0. Anything else the parser throws is a bug and propagates.
 * @returns the arguments, or the exit code to return at once
 */
export function argumentsOrExitCode<A extends { readonly help: boolean }>(command: CommandHelp, parse: () => A, out: Writer, err: Writer): A | number {
    let args: A;
    try {
        args = parse();
    } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        err(`${command.tool}: ${formatValidationError(e)}\n${usageOf(command)}\n${helpHint(command)}\n`);
        return 2;
    }
    if (args.help) {
        out(`${renderHelp(command)}\n`);
        return 0;
    }
    return args;
}

/** The options of a tool that takes no arguments: `--help` alone. */
export const HELP_ONLY_OPTIONS = { help: { type: "boolean", description: "print this help and exit" } } as const satisfies DocumentedOptionSpecs;

/** Parses the command line of a tool that takes no arguments; throws a `ValidationError` for anything but `--help`. */
export function parseHelpOnly(command: CommandHelp<typeof HELP_ONLY_OPTIONS>, argv: readonly string[]): { readonly help: boolean } {
    return { help: parseCommandLine(`the command line of ${command.tool}`, argv, command.options).values.help === true };
}

/**
 * Runs, as the process's `main`, a tool that takes no arguments: `--help` prints its help, anything else
 * is refused with exit code 2, and no arguments run `work`.
 */
export function runWithoutArguments(command: CommandHelp<typeof HELP_ONLY_OPTIONS>, work: () => Promise<void> | void): void {
    runAsMain(command.tool, async (argv) => {
        const args = argumentsOrExitCode(
            command,
            () => parseHelpOnly(command, argv),
            (t) => process.stdout.write(t),
            (t) => process.stderr.write(t),
        );
        if (typeof args === "number") return args;
        await work();
        return 0;
    });
}

/**
 * The module that loads the tools' TypeScript (`node -r <it> tool.ts`, as package.json's scripts run
 * them): for a tool run in a child process by a test or a bench.
 */
export const TYPESCRIPT_LOADER = path.join(__dirname, "register.js");

/** The line after the usage on an argument error: where the rest of the help is. */
export function helpHint(command: CommandHelp): string {
    return `(${command.command} -- --help: every option with its default, the exit codes and examples)`;
}

/**
 * Runs a tool as the process's `main`: its exit code becomes the process's; an unexpected error is
 * printed with its stack (control characters escaped), prefixed by the tool's name, and exits 1.
 */
export function runAsMain(tool: string, run: (argv: string[]) => Promise<number>): void {
    run(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`${tool}: ${printableLines(String((e as Error)?.stack ?? e))}\n`);
            process.exit(1);
        },
    );
}

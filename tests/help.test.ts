/**
 * `--help` of every command-line tool, from the one declaration of its command line (its
 * {@link CommandHelp}): each tool, run as `npm run` runs it, answers `--help` with exit 0, a one-line
 * summary, the usage, every option its parser knows with its argument, meaning, default and allowed
 * values, the exit codes and examples; every example parses with the tool's own parser; and every
 * script of package.json that runs a tool is covered here.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { BENCH_EDGE_COMMAND, parseBenchEdgeArguments } from "../bench/edge-auth";
import { BENCH_EDGE_COST_COMMAND, parseBenchEdgeCostArguments } from "../bench/edge-cost";
import { BENCH_CODE_SHAPE_COMMAND } from "../bench/code-shape";
import { BENCH_TLS_REPORT_COMMAND, parseBenchTlsReportArguments } from "../bench/tls-report";
import { ValidationError } from "../components/validation";
import { CommandHelp, HELP_WIDTH, TYPESCRIPT_LOADER, Writer, argumentsOrExitCode, helpHint, parseHelpOnly, renderHelp, usageOf } from "../tools/cli-args";
import { PLAN_COMMAND, parsePlanArguments, runPlan } from "../tools/plan/cli";
import { GENERATE_COMMAND } from "../tools/schema/generate";
import { TLS_REPORT_COMMAND, parseTlsReportArguments } from "../tools/tls-report/args";
import { runTlsReport } from "../tools/tls-report/cli";
import { BUILD_FUNCTIONS_COMMAND, parseBuildFunctionsArguments } from "../tools/build-functions/build";
import { BUILD_EDGE_COMMAND, parseBuildEdgeArguments, runBuildCli } from "../tools/build-functions/edge";
import { VERIFY_COMMAND, parseVerifyArguments } from "../tools/verify/args";
import { runVerify } from "../tools/verify/cli";

const ROOT = path.resolve(__dirname, "..");

interface Captured {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** A tool: its declaration, its parser, and how it runs in-process. */
interface Tool {
    /** The package.json script that runs it. */
    readonly script: string;
    readonly command: CommandHelp;
    /** The tool's own argument parser (throws a {@link ValidationError}). */
    readonly parse: (argv: readonly string[]) => { readonly help: boolean };
    /** The tool's run, up to its exit code, output captured. */
    readonly run: (argv: readonly string[], out: Writer, err: Writer) => Promise<number>;
    /** The options the parser knows, from its message for an unknown one. @default its "known options: …" list */
    readonly knownOptions?: (stderr: string) => string[] | undefined;
}

const knownOptionsOf = (stderr: string): string[] | undefined => /known options: ([^\n]*)/.exec(stderr)?.[1].split(", ");

// The benches and build:functions run as soon as their arguments parse: in-process, only their argument step is run.
const argumentStep =
    (command: CommandHelp, parse: (argv: readonly string[]) => { readonly help: boolean }) =>
    async (argv: readonly string[], out: Writer, err: Writer): Promise<number> => {
        const args = argumentsOrExitCode(command, () => parse(argv), out, err);
        if (typeof args !== "number") throw new Error(`the test would run the bench with ${JSON.stringify(argv)}`);
        return args;
    };

const TOOLS: readonly Tool[] = [
    { script: "plan", command: PLAN_COMMAND, parse: parsePlanArguments, run: (argv, out, err) => runPlan(argv, out, err, ROOT) },
    { script: "verify", command: VERIFY_COMMAND, parse: parseVerifyArguments, run: runVerify },
    { script: "tls-report", command: TLS_REPORT_COMMAND, parse: parseTlsReportArguments, run: runTlsReport },
    { script: "bench:edge", command: BENCH_EDGE_COMMAND, parse: parseBenchEdgeArguments, run: argumentStep(BENCH_EDGE_COMMAND, parseBenchEdgeArguments) },
    {
        script: "bench:edge-cost",
        command: BENCH_EDGE_COST_COMMAND,
        parse: parseBenchEdgeCostArguments,
        run: argumentStep(BENCH_EDGE_COST_COMMAND, parseBenchEdgeCostArguments),
    },
    {
        script: "bench:tls-report",
        command: BENCH_TLS_REPORT_COMMAND,
        parse: parseBenchTlsReportArguments,
        run: argumentStep(BENCH_TLS_REPORT_COMMAND, parseBenchTlsReportArguments),
    },
    {
        script: "build:functions",
        command: BUILD_FUNCTIONS_COMMAND,
        parse: parseBuildFunctionsArguments,
        // It builds as soon as its arguments parse: in-process, only its argument step is run.
        run: argumentStep(BUILD_FUNCTIONS_COMMAND, parseBuildFunctionsArguments),
    },
    ...[BENCH_CODE_SHAPE_COMMAND, GENERATE_COMMAND].map((command) => {
        // No arguments but --help.
        const parse = (argv: readonly string[]) => parseHelpOnly(command, argv);
        return { script: command.tool, command, parse, run: argumentStep(command, parse) };
    }),
    {
        // A parser of its own: a string is the problem; it writes lines.
        script: "build:edge",
        command: BUILD_EDGE_COMMAND,
        parse: (argv) => {
            const args = parseBuildEdgeArguments(argv);
            if (typeof args === "string") throw new Error(args);
            return { help: "help" in args };
        },
        run: async (argv, out, err) => runBuildCli(argv, (line) => out(`${line}\n`), (line) => err(`${line}\n`)),
        knownOptions: (stderr) => {
            const known = /\(known: ([^)]*)\)/.exec(stderr)?.[1].split(", ");
            return known && [...known, "--help"];
        },
    },
];


const SCRIPTS = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** The file a script runs with ts-node, or `undefined` for other scripts (tsc, mocha, npm run …). */
function scriptFile(script: string): string | undefined {
    return /^node -r \.\/tools\/register\.js (\S+\.ts)$/.exec(SCRIPTS[script] ?? "")?.[1];
}

/** Runs `file` as its script does, in a child process. */
function runScriptFile(file: string, argv: readonly string[]): Promise<Captured> {
    return new Promise((resolve) => {
        execFile(process.execPath, ["-r", TYPESCRIPT_LOADER, file, ...argv], { cwd: ROOT }, (error, stdout, stderr) => {
            resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
        });
    });
}

async function capture(tool: Tool, argv: readonly string[]): Promise<Captured> {
    let stdout = "";
    let stderr = "";
    const code = await tool.run(argv, (t) => (stdout += t), (t) => (stderr += t));
    return { code, stdout, stderr };
}

/** `text` with every run of whitespace (line breaks and the indentation of wrapped lines) as one space. */
const flat = (text: string): string => text.replace(/\s+/g, " ");

/** The examples of a help text: the words of each line that runs the tool, after its `--`. */
function exampleLines(help: string, command: CommandHelp): string[][] {
    return help
        .split("\n")
        .filter((line) => line === `  ${command.command}` || line.startsWith(`  ${command.command} -- `))
        .map((line) => {
            // Examples are written without quotes, so splitting on spaces gives the argv the shell would.
            expect(line, "an example line with quotes").not.to.match(/['"\\]/);
            return line.trim().split(/ +/).slice(command.command.split(" ").length + 1);
        });
}

describe("--help of every tool", function () {
    this.timeout(60_000);

    it("covers every script of package.json that runs a tool", () => {
        const toolScripts = Object.keys(SCRIPTS).filter((s) => scriptFile(s) !== undefined);
        expect(toolScripts.sort()).to.deep.equal(TOOLS.map((t) => t.script).sort());
    });

    it("npm start is the plan of dev, so `npm start -- --help` prints the plan's help", async () => {
        expect(SCRIPTS.start).to.equal("npm run plan -- --stack dev");
        const r = await capture(TOOLS[0], ["--stack", "dev", "--help"]);
        expect(r.code).to.equal(0);
        expect(r.stdout).to.equal(`${renderHelp(PLAN_COMMAND)}\n`);
    });

    for (const tool of TOOLS) {
        describe(`npm run ${tool.script} -- --help`, () => {
            const { command } = tool;
            let help: Captured;
            before(async () => {
                // As the script runs it: its file, in a process of its own.
                help = await runScriptFile(scriptFile(tool.script)!, ["--help"]);
            });

            it("exits 0, printing the help to stdout and nothing to stderr", () => {
                expect(help.stderr).to.equal("");
                expect(help.code).to.equal(0);
                expect(help.stdout).to.equal(`${renderHelp(command)}\n`);
            });

            it("starts with a one-line summary, then the usage", () => {
                const [first, blank] = help.stdout.split("\n");
                expect(first).to.equal(`${command.tool}: ${command.summary}`);
                expect(first.length, first).to.be.at.most(HELP_WIDTH);
                expect(blank).to.equal("");
                expect(help.stdout).to.include(`\n${usageOf(command)}\n`);
                expect(usageOf(command)).to.match(new RegExp(`^usage: ${command.command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} -- `));
            });

            it("describes every option the parser knows: its argument, meaning, default and allowed values", async () => {
                // The parser's own list of options, from its error for an unknown one.
                const unknown = await capture(tool, ["--no-such-option"]);
                const known = (tool.knownOptions ?? knownOptionsOf)(unknown.stderr);
                expect(known, unknown.stderr).to.deep.equal(Object.keys(command.options).map((name) => `--${name}`));
                const text = flat(help.stdout);
                for (const [name, spec] of Object.entries(command.options)) {
                    expect(spec.description, `--${name} has no description`).to.be.a("string").and.not.equal("");
                    const term = `--${name}${spec.type === "string" ? ` ${spec.argument ?? "VALUE"}` : ""}`;
                    expect(text).to.include(` ${term} ${flat(spec.description)}`);
                    if (spec.defaultValue !== undefined) expect(text).to.include(`default: ${flat(spec.defaultValue)}`);
                    if (Array.isArray(spec.allowed)) expect(text).to.include(`one of: ${spec.allowed.join(" | ")}`);
                    else if (spec.allowed !== undefined) {
                        for (const [value, meaning] of Object.entries(spec.allowed)) expect(text).to.include(` ${value} ${flat(meaning)}`);
                    }
                    // The usage names every option but --help, with the same argument name.
                    if (name !== "help") expect(flat(usageOf(command)), `--${name} in the usage`).to.include(term);
                }
            });

            it("lists every exit code with its meaning", () => {
                expect(help.stdout).to.include("\nExit codes:\n");
                const text = flat(help.stdout.slice(help.stdout.indexOf("\nExit codes:\n")));
                const codes = Object.entries(command.exitCodes);
                expect(codes.map(([code]) => code)).to.include.members(["0", "2"]);
                for (const [code, meaning] of codes) expect(text).to.include(` ${code} ${flat(meaning)}`);
            });

            it("gives examples that the tool's own parser accepts", () => {
                const examples = exampleLines(help.stdout, command);
                expect(examples).to.have.length(command.examples.length).and.to.have.length.above(0);
                for (const argv of examples) {
                    let parsed: { readonly help: boolean } | undefined;
                    expect(() => (parsed = tool.parse(argv)), argv.join(" ")).not.to.throw();
                    expect(parsed!.help).to.equal(false);
                }
            });

            it("prints the usage line, not the whole help, with an argument error (exit 2)", async () => {
                const r = await capture(tool, ["--no-such-option"]);
                expect(r.code).to.equal(2);
                expect(r.stdout).to.equal("");
                expect(r.stderr.startsWith(`${command.tool}: `), r.stderr).to.equal(true);
                expect(r.stderr.endsWith(`\n${usageOf(command)}\n${helpHint(command)}\n`), r.stderr).to.equal(true);
                expect(r.stderr).not.to.include("Exit codes:");
            });
        });
    }
});

describe("renderHelp", () => {
    const command: CommandHelp = {
        tool: "demo",
        command: "npm run demo",
        summary: "a demonstration",
        synopsis: ["--name NAME [--token TOKEN] [--tag TAG]... [--fast]", "[--mode MODE]"],
        options: {
            name: { type: "string", argument: "NAME", description: "who to greet" },
            token: { type: "string", secret: true, argument: "TOKEN", description: "a token" },
            tag: { type: "string", multiple: true, argument: "TAG", description: "a tag" },
            fast: { type: "boolean", short: "f", description: "go fast" },
            mode: { type: "string", argument: "MODE", description: "how", defaultValue: "slow", allowed: { slow: "carefully", quick: "at once" } },
        },
        exitCodes: { 2: "bad arguments", 0: "greeted" },
        examples: [{ what: "a greeting with an awkward tag", argv: ["--name", "Ada", "--tag", "it's here"] }],
        notes: ["A note."],
    };

    it("lays out the summary, usage, options, exit codes in order, examples and notes", () => {
        expect(renderHelp(command)).to.equal(
            [
                "demo: a demonstration",
                "",
                "usage: npm run demo -- --name NAME [--token TOKEN] [--tag TAG]... [--fast]",
                "         [--mode MODE]",
                "",
                "Options:",
                "  --name NAME    who to greet",
                "  --token TOKEN  a token (a secret: never printed)",
                "  --tag TAG      a tag (repeatable)",
                "  -f, --fast     go fast",
                "  --mode MODE    how",
                "                 default: slow",
                "                 one of:",
                "                   slow   carefully",
                "                   quick  at once",
                "",
                "Exit codes:",
                "  0  greeted",
                "  2  bad arguments",
                "",
                "Examples:",
                "  # a greeting with an awkward tag",
                "  npm run demo -- --name Ada --tag 'it'\\''s here'",
                "",
                "A note.",
            ].join("\n"),
        );
    });

    it(`wraps long descriptions at ${HELP_WIDTH} columns under their column, and puts a long option's text below it`, () => {
        const long = "word ".repeat(40).trim();
        const text = renderHelp({
            ...command,
            options: { a: { type: "boolean", description: long }, "a-very-long-option-name-indeed": { type: "string", argument: "VALUE", description: "short" } },
        });
        const lines = text.split("\n");
        for (const line of lines) expect(line.length, line).to.be.at.most(HELP_WIDTH);
        const first = lines.findIndex((l) => l.startsWith("  --a "));
        // The column is the widest term up to 24 characters; a wider term has its text on the next line.
        expect(lines[first]).to.match(/^ {2}--a {23}word word/);
        expect(lines[first + 1]).to.match(/^ {28}word word/);
        expect(lines).to.include("  --a-very-long-option-name-indeed VALUE");
    });

    it("prints an argument error with the usage and where the help is, and answers 2", () => {
        let err = "";
        const code = argumentsOrExitCode(
            command,
            () => {
                throw new ValidationError("the command line of demo", [{ path: "--name", value: undefined, problem: "is required" }]);
            },
            () => undefined,
            (t) => (err += t),
        );
        expect(code).to.equal(2);
        expect(err).to.equal(`demo: the command line of demo is invalid:\n  - --name: (missing) is required\n${usageOf(command)}\n${helpHint(command)}\n`);
    });
});

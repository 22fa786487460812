/**
 * `npm run plan -- --stack NAME [--json FILE] [--mermaid FILE]`: runs the real stack program with
 * `Pulumi.NAME.yaml` under Pulumi's mock engine and prints what it would create. An offline preview,
 * not a deployment: nothing is sent to AWS.
 *
 * After the plan it runs the guardrail policies of `policy/` (the same rules as
 * `pulumi preview --policy-pack policy`) and prints a "Guardrails" section: one line when all pass,
 * otherwise every violation with its rule, resource and reason.
 *
 * Exit codes: 0 plan printed and no mandatory guardrail violated (advisory violations are printed
 * only); 1 invalid stack config (only the config errors are printed), a failure of the program, or a
 * mandatory guardrail violation (the plan and any requested files are still written, so the
 * violation can be inspected); 2 bad command-line arguments, including a `--json` or `--mermaid`
 * path that cannot be written: a folder, or a path under a file, is refused before the plan runs; a
 * write that fails later (no space, no permission) is reported by option, path and reason after the
 * plan is printed, and also exits 2.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { printable } from "../../shared/printable";
import { Issue, formatIssue, throwIfIssues } from "../../components/validation";
import { CommandHelp, DocumentedOptionSpecs, Writer, argumentsOrExitCode, parseCommandLine, runAsMain } from "../cli-args";
import { loadStackFiles, stackNameProblem } from "../offline/stack-files";

/** Parsed command line. */
export interface PlanArguments {
    /** `--stack`: the stack whose `Pulumi.<stack>.yaml` to plan. Empty only with `--help`. */
    readonly stack: string;
    /** `--json`: file to write the plan to, in the shape of `pulumi preview --json`. */
    readonly json?: string;
    /** `--mermaid`: file to write the architecture diagram to. */
    readonly mermaid?: string;
    /** `--help`. */
    readonly help: boolean;
}

const OPTIONS = {
    stack: { type: "string", argument: "NAME", description: "the stack to plan, from Pulumi.yaml and Pulumi.NAME.yaml (required)" },
    json: {
        type: "string",
        argument: "FILE",
        description: "also write the plan to FILE in the shape of `pulumi preview --json` (missing folders are created)",
    },
    mermaid: { type: "string", argument: "FILE", description: "also write the architecture diagram to FILE as Mermaid (another file than --json's)" },
    help: { type: "boolean", description: "print this help and exit" },
} as const satisfies DocumentedOptionSpecs;

/** The command line of `npm run plan`: the options {@link parsePlanArguments} accepts, and its `--help`. */
export const PLAN_COMMAND: CommandHelp<typeof OPTIONS> = {
    tool: "plan",
    command: "npm run plan",
    summary: "previews a stack offline, under Pulumi's mock engine, and checks its guardrails",
    synopsis: ["--stack NAME [--json FILE] [--mermaid FILE]"],
    options: OPTIONS,
    exitCodes: {
        0: "plan printed and no mandatory guardrail violated (advisory violations are printed only)",
        1: "the stack file cannot be read or its config is invalid (only the config errors are printed), the program failed, or a mandatory guardrail is violated (the plan and any requested files are still written)",
        2: "bad arguments, including a --json or --mermaid path that cannot be written: a folder, or a path under a file, is refused before the plan runs; a write that fails later is reported after the plan",
    },
    examples: [
        { what: "the plan of the dev stack (what `npm start` runs)", argv: ["--stack", "dev"] },
        { what: "the plan of prod, also as preview JSON and as a diagram", argv: ["--stack", "prod", "--json", "out/prod-plan.json", "--mermaid", "out/prod-plan.mmd"] },
    ],
    notes: [
        "Nothing is sent to AWS. It runs the real stack program with Pulumi.NAME.yaml and prints the resources it would create, the clients its viewer TLS settings serve and its outputs (IDs and ARNs are placeholders), then checks the guardrail policies of policy/, the rules of `pulumi preview --policy-pack policy`.",
        "`npm start` is `npm run plan -- --stack dev`; options after `npm start --` are added to it.",
    ],
};

const SUBJECT = "the command line of plan";

/** Parses the command line; throws a {@link ValidationError} listing every problem. */
export function parsePlanArguments(argv: readonly string[]): PlanArguments {
    const { stack, json, mermaid, help } = parseCommandLine(SUBJECT, argv, PLAN_COMMAND.options).values;
    if (help) return { stack: "", help: true };
    const issues: Issue[] = [];
    if (!stack) issues.push({ path: "--stack", value: stack, problem: "is required (the stack whose Pulumi.<stack>.yaml to plan, e.g. dev)" });
    else if (stackNameProblem(stack)) issues.push({ path: "--stack", value: stack, problem: stackNameProblem(stack)! });
    for (const [flag, file] of [["--json", json], ["--mermaid", mermaid]] as const) {
        if (file !== undefined && (file === "" || file.startsWith("-"))) {
            issues.push({ path: flag, value: file, problem: "is not a file name" });
        } else if (file !== undefined) {
            const problem = outputPathProblem(file);
            if (problem !== undefined) issues.push({ path: flag, value: file, problem: `cannot be written: ${problem}` });
        }
    }
    if (json !== undefined && json !== "" && json === mermaid) {
        issues.push({ path: "--mermaid", value: mermaid, problem: "is the --json file too; give each its own file" });
    }
    throwIfIssues(SUBJECT, issues);
    return { stack: stack!, json, mermaid, help: false };
}

/** Runs the plan; returns the exit code. Output goes to the given writers so tests can capture it. */
export async function runPlan(
    argv: readonly string[],
    out: Writer = (t) => process.stdout.write(t),
    err: Writer = (t) => process.stderr.write(t),
    projectDir: string = path.resolve(__dirname, "..", ".."),
    // The stack program by default; tests pass another to see the plan's handling of what it creates.
    program?: () => unknown,
): Promise<number> {
    const args = argumentsOrExitCode(PLAN_COMMAND, () => parsePlanArguments(argv), out, err);
    if (typeof args === "number") return args;
    // Loaded once the arguments are known, so that --help and argument errors answer at once.
    const [{ parseStackConfig, rawConfigFromFlat, viewerTlsOf }, { runOffline }, { renderClientMatrix }, { renderMermaid }, guardrails, { buildPreviewJson }, { renderTree }] =
        await Promise.all([
            import("../../stacks/config"),
            import("../offline/engine"),
            import("./client-matrix"),
            import("./mermaid"),
            import("./guardrails"),
            import("./preview-json"),
            import("./render-tree"),
        ]);
    const { checkRun, hasMandatory, renderGuardrails } = guardrails;

    let files;
    try {
        files = loadStackFiles(projectDir, args.stack);
    } catch (e) {
        err(`plan: ${(e as Error).message}\n`);
        return 1;
    }

    // Validate first, so invalid config prints the config errors and nothing else.
    const parsed = parseStackConfig(rawConfigFromFlat(files.project, files.stack, files.config));
    if (parsed.config === undefined) {
        err(`Pulumi.${files.stack}.yaml is invalid:\n${parsed.issues.map((i) => `  - ${formatIssue(i)}\n`).join("")}`);
        return 1;
    }

    const started = Date.now();
    const run = await runOffline(program ?? (await import("../../stacks/program")).stackProgram, { project: files.project, stack: files.stack, config: files.config });
    const elapsed = Date.now() - started;

    const creates = run.resources.filter((r) => !r.readId);
    const providers = run.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
    out(
        [
            `Offline plan of stack "${files.stack}" (project ${files.project}): a preview under Pulumi's mock engine, NOT a deployment.`,
            `Nothing was sent to AWS. Account ${run.account} and every ID and ARN below are placeholders; \`pulumi up\` deploys for real.`,
            ...(files.secretKeys.length ? [`Secret config values were not decrypted: ${files.secretKeys.join(", ")}.`] : []),
            "",
            `environment ${parsed.config.environment} | region ${run.region} | mode ${run.outputs.mode} | viewer TLS policy ${run.outputs.securityPolicy}`,
            "",
            renderTree(run),
            "",
            renderClientMatrix(viewerTlsOf(parsed.config)),
            "",
            "Outputs:",
            ...Object.entries(run.outputs).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
            "",
            `${creates.length} resources to create (${providers.length} explicit providers, ${run.resources.length - creates.length} read), planned in ${elapsed} ms.`,
            "",
        ].join("\n"),
    );
    // A file that cannot be written is reported by option, path and reason; the run goes on (the
    // other file, the guardrails) and exits 2.
    let unwritten = false;
    const write = (flag: string, file: string, text: () => string, what: string): void => {
        const problem = writeOutputFile(file, text());
        if (problem === undefined) out(`Wrote ${what} to ${printable(file)}\n`);
        else {
            err(`plan: ${flag}: cannot write ${printable(JSON.stringify(file))}: ${problem}\n`);
            unwritten = true;
        }
    };
    if (args.json) write("--json", args.json, () => `${JSON.stringify(buildPreviewJson(run, files.config), null, 2)}\n`, "the plan as pulumi preview --json");
    if (args.mermaid) write("--mermaid", args.mermaid, () => renderMermaid(run), "the architecture diagram (Mermaid)");
    const violations = checkRun(run);
    out(`${renderGuardrails(violations)}\n`);
    if (hasMandatory(violations)) {
        err(`plan: stack "${files.stack}" violates mandatory guardrails (listed above); \`pulumi preview --policy-pack policy\` would fail the same way\n`);
    }
    return unwritten ? 2 : hasMandatory(violations) ? 1 : 0;
}

/**
 * Why `file` cannot be written, checked before the plan runs: it is a folder, or some part of its
 * folder path is a file. `undefined` when it looks writable (missing folders are created).
 */
export function outputPathProblem(file: string): string | undefined {
    // The stat of a path, `undefined` when nothing is there, or why it cannot be looked at (a loop of links…).
    const look = (p: string): fs.Stats | undefined | string => {
        try {
            return fs.statSync(p);
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            return code === "ENOENT" || code === "ENOTDIR" ? undefined : describeWriteError(error);
        }
    };
    const stat = look(file);
    if (typeof stat === "string") return stat;
    if (stat?.isDirectory()) return "it is a folder; give a file name inside it";
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
        const parent = look(dir);
        if (typeof parent === "string") return parent;
        if (parent !== undefined) return parent.isDirectory() ? undefined : `${JSON.stringify(dir)} is not a folder`;
        if (path.dirname(dir) === dir) return undefined;
    }
}

/** Writes `text` to `file`, creating its folder; the reason it could not, e.g. `permission denied (EACCES)`. */
function writeOutputFile(file: string, text: string): string | undefined {
    try {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        fs.writeFileSync(file, text);
        return undefined;
    } catch (error) {
        return describeWriteError(error);
    }
}

function describeWriteError(error: unknown): string {
    const e = error as NodeJS.ErrnoException;
    const known: Record<string, string> = {
        EACCES: "permission denied",
        EPERM: "operation not permitted",
        EISDIR: "it is a folder",
        ENOTDIR: "a part of its folder path is a file",
        ENOSPC: "no space left on device",
        EROFS: "read-only file system",
        EDQUOT: "disk quota exceeded",
        ENAMETOOLONG: "the name is too long",
    };
    return e.code && known[e.code] ? `${known[e.code]} (${e.code})` : printable(e.message ?? String(error));
}

if (require.main === module) runAsMain("plan", (argv) => runPlan(argv));

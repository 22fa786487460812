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
 * violation can be inspected); 2 bad command-line arguments.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatIssue } from "../../components";
import { parseStackConfig, rawConfigFromFlat } from "../../stacks/config";
import { runOffline } from "../offline/engine";
import { loadStackFiles } from "../offline/stack-files";
import { renderMermaid } from "./mermaid";
import { checkRun, hasMandatory, renderGuardrails } from "./guardrails";
import { buildPreviewJson } from "./preview-json";
import { renderTree } from "./render-tree";

const USAGE = "usage: npm run plan -- --stack NAME [--json FILE] [--mermaid FILE]";

/** Parsed command line. */
export interface PlanArguments {
    stack: string;
    json?: string;
    mermaid?: string;
}

/** Parses the command line; throws an error whose message says what is wrong. */
export function parsePlanArguments(argv: string[]): PlanArguments {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: { stack: { type: "string" }, json: { type: "string" }, mermaid: { type: "string" }, help: { type: "boolean" } },
            strict: true,
            allowPositionals: false,
        });
    } catch (err) {
        throw new Error((err as Error).message);
    }
    const { stack, json, mermaid } = parsed.values;
    if (parsed.values.help) throw new Error("help");
    if (!stack) throw new Error("--stack is required (the stack whose Pulumi.<stack>.yaml to plan, e.g. dev)");
    for (const [flag, file] of [["--json", json], ["--mermaid", mermaid]] as const) {
        if (file !== undefined && (file === "" || file.startsWith("-"))) {
            throw new Error(`${flag}: ${JSON.stringify(file)} is not a file name`);
        }
    }
    return { stack, json, mermaid };
}

/** Runs the plan; returns the exit code. Output goes to the given writers so tests can capture it. */
export async function runPlan(
    argv: string[],
    out: (text: string) => void = (t) => process.stdout.write(t),
    err: (text: string) => void = (t) => process.stderr.write(t),
    projectDir: string = path.resolve(__dirname, "..", ".."),
    // The stack program by default; tests pass another to see the plan's handling of what it creates.
    program?: () => unknown,
): Promise<number> {
    let args: PlanArguments;
    try {
        args = parsePlanArguments(argv);
    } catch (e) {
        const message = (e as Error).message;
        if (message === "help") {
            out(`${USAGE}\n`);
            return 0;
        }
        err(`plan: ${message}\n${USAGE}\n`);
        return 2;
    }

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
            "Outputs:",
            ...Object.entries(run.outputs).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
            "",
            `${creates.length} resources to create (${providers.length} explicit providers, ${run.resources.length - creates.length} read), planned in ${elapsed} ms.`,
            "",
        ].join("\n"),
    );
    if (args.json) {
        writeFile(args.json, `${JSON.stringify(buildPreviewJson(run, files.config), null, 2)}\n`);
        out(`Wrote the plan as pulumi preview --json to ${args.json}\n`);
    }
    if (args.mermaid) {
        writeFile(args.mermaid, renderMermaid(run));
        out(`Wrote the architecture diagram (Mermaid) to ${args.mermaid}\n`);
    }
    const violations = checkRun(run);
    out(`${renderGuardrails(violations)}\n`);
    if (hasMandatory(violations)) {
        err(`plan: stack "${files.stack}" violates mandatory guardrails (listed above); \`pulumi preview --policy-pack policy\` would fail the same way\n`);
        return 1;
    }
    return 0;
}

function writeFile(file: string, text: string): void {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
}

if (require.main === module) {
    runPlan(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`plan: ${(e as Error).stack ?? e}\n`);
            process.exit(1);
        },
    );
}

/**
 * Example service script: one legacy TLS front per customer, each in its own stack `customer-<id>`,
 * created or updated through the automation module (same program and config rules as `pulumi up`).
 *
 *     node -r ts-node/register/transpile-only examples/customer-fronts.ts [--apply] [options]
 *
 * A dry run (preview) unless `--apply` is given. Options:
 *   --customers <file>    JSON list of `{ "id": "acme", "config": { region, environment, front, … } }`
 *                         (default: examples/customers.json next to this script)
 *   --concurrency <n>     stacks handled at once, 1 to 10 (default 2)
 *   --backend <url>       state backend, e.g. file:///var/lib/pulumi or s3://bucket (default: $PULUMI_BACKEND_URL,
 *                         else the CLI's login)
 *   --work-dir <dir>      persistent directory for the stacks' Pulumi.<stack>.yaml (default: $FRONTS_WORK_DIR,
 *                         else ~/.legacy-fronts)
 *   --verbose             also print the CLI's output lines
 * Environment: PULUMI_CONFIG_PASSPHRASE (or _FILE) for DIY backends; AWS credentials as usual.
 * Exit code: 0 all customers done, 1 some failed (each reported), 2 bad arguments or customer list.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    AutomationError,
    DeploymentFailedError,
    OpMap,
    Progress,
    PulumiWorkspace,
    StackAutomation,
    StackConfigInput,
    StackWorkspace,
    mapConcurrent,
} from "../automation";
import { Issue, ValidationError, throwIfIssues } from "../components/validation";

/** One customer of the list. */
export interface Customer {
    /** Lower-case letters, digits and "-"; the stack is `customer-<id>`. */
    readonly id: string;
    /** The front's typed config, exactly as {@link StackAutomation} takes it (validated there). */
    readonly config: StackConfigInput;
}

/** Parsed command line. */
export interface CliOptions {
    /** Run `up`; otherwise `preview`. @default false */
    readonly apply: boolean;
    /** The customer list file. */
    readonly customersFile: string;
    /** Stacks handled at once. @default 2 */
    readonly concurrency: number;
    /** State backend URL; `undefined`: the CLI's login. */
    readonly backendUrl?: string;
    /** Directory for the stacks' project files. */
    readonly workDir: string;
    /** Print the CLI's output lines too. @default false */
    readonly verbose: boolean;
    /** Print usage and exit. */
    readonly help: boolean;
}

const CUSTOMER_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const MAX_CONCURRENCY = 10;
const FLAGS = ["--apply", "--dry-run", "--customers", "--concurrency", "--backend", "--work-dir", "--verbose", "--help"];

/** Parses the command line; throws a `ValidationError` naming each bad argument. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
    const issues: Issue[] = [];
    const flags = new Set<string>();
    const values = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!FLAGS.includes(arg)) {
            issues.push({ path: "arguments", value: arg, problem: `is not an option; options: ${FLAGS.join(", ")}` });
        } else if (["--customers", "--concurrency", "--backend", "--work-dir"].includes(arg)) {
            const value = argv[i + 1];
            // A following option is not taken as the value ("--backend --apply" must not swallow --apply).
            if (value === undefined || value.startsWith("--")) {
                issues.push({ path: arg, value: undefined, problem: "needs a value" });
            } else {
                values.set(arg, value);
                i++;
            }
        } else {
            flags.add(arg);
        }
    }
    if (flags.has("--apply") && flags.has("--dry-run")) {
        issues.push({ path: "--apply", value: true, problem: "cannot be combined with --dry-run; give one (a dry run is the default)" });
    }
    const concurrencyText = values.get("--concurrency") ?? "2";
    const concurrency = Number(concurrencyText);
    if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        issues.push({ path: "--concurrency", value: concurrencyText, problem: `is not a whole number from 1 to ${MAX_CONCURRENCY}` });
    }
    throwIfIssues("command line", issues);
    return {
        apply: flags.has("--apply"),
        customersFile: values.get("--customers") ?? path.join(__dirname, "customers.json"),
        concurrency,
        backendUrl: values.get("--backend") ?? env.PULUMI_BACKEND_URL,
        workDir: values.get("--work-dir") ?? env.FRONTS_WORK_DIR ?? path.join(os.homedir(), ".legacy-fronts"),
        verbose: flags.has("--verbose"),
        help: flags.has("--help"),
    };
}

/**
 * Checks the shape of a customer list (ids, one `config` object each); the configs themselves are
 * validated by the automation module, per customer, with every issue named.
 */
export function parseCustomers(json: unknown, source: string): Customer[] {
    const issues: Issue[] = [];
    if (!Array.isArray(json)) {
        throwIfIssues(`customer list ${source}`, [{ path: "(file)", value: typeof json, problem: 'is not a JSON list of { "id", "config" } objects' }]);
        return [];
    }
    const seen = new Set<string>();
    json.forEach((entry: unknown, i) => {
        const e = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
        if (typeof e.id !== "string" || !CUSTOMER_ID.test(e.id)) {
            issues.push({ path: `[${i}].id`, value: e.id, problem: 'is not a customer id: 1 to 40 lower-case letters, digits and "-", not starting or ending with "-"' });
        } else if (seen.has(e.id)) {
            issues.push({ path: `[${i}].id`, value: e.id, problem: "is listed twice; each customer has one stack" });
        } else {
            seen.add(e.id);
        }
        if (typeof e.config !== "object" || e.config === null || Array.isArray(e.config)) {
            issues.push({ path: `[${i}].config`, value: e.config, problem: "is not an object: a stack config, as StackConfigInput (region, front, …)" });
        }
    });
    throwIfIssues(`customer list ${source}`, issues);
    return json as Customer[];
}

/** Reads and checks a customer list file. */
export function loadCustomers(file: string): Customer[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new ValidationError(`customer list ${file}`, [{ path: "(file)", value: file, problem: `cannot be read: ${(error as Error).message}` }]);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (error) {
        throw new ValidationError(`customer list ${file}`, [{ path: "(file)", value: file, problem: `is not JSON: ${(error as Error).message}` }]);
    }
    return parseCustomers(json, file);
}

/** The stack of a customer. */
export function customerStack(customer: Customer): string {
    return `customer-${customer.id}`;
}

/** A customer's config, tagged with the customer id. */
export function customerConfig(customer: Customer): StackConfigInput {
    return { ...customer.config, tags: { ...customer.config.tags, customer: customer.id } };
}

/** `create 3, update 1` (no `same`), or `no changes`. */
function describeChanges(changes: OpMap): string {
    const parts = Object.entries(changes)
        .filter(([op, n]) => op !== "same" && (n ?? 0) > 0)
        .map(([op, n]) => `${op} ${n}`);
    return parts.length > 0 ? parts.join(", ") : "no changes";
}

/** One progress line worth printing, or `undefined`. */
function progressLine(progress: Progress): string | undefined {
    const prefix = `[${progress.stack}]`;
    switch (progress.kind) {
        case "resource-started":
            // In a preview the planned steps are the news; in an update, the finished ones.
            return progress.planning && progress.op !== "same" ? `${prefix} would ${progress.op} ${progress.resource.type} ${progress.resource.name}` : undefined;
        case "resource-done":
            return !progress.planning && progress.op !== "same" ? `${prefix} ${progress.op} ${progress.resource.type} ${progress.resource.name}: done` : undefined;
        case "resource-failed":
            return `${prefix} ${progress.op} ${progress.resource.type} ${progress.resource.name}: FAILED`;
        case "diagnostic":
            return progress.severity === "info" ? undefined : `${prefix} ${progress.severity}: ${progress.message}`;
        case "policy-violation":
            return `${prefix} policy ${progress.policy} (${progress.enforcement}): ${progress.message}`;
        case "cancelled":
            return `${prefix} cancelled`;
        default:
            return undefined;
    }
}

const USAGE = "usage: customer-fronts.ts [--apply | --dry-run] [--customers <file>] [--concurrency <1-10>] [--backend <url>] [--work-dir <dir>] [--verbose]";

/** Dependencies of {@link main}, replaceable in tests. */
export interface MainDependencies {
    /** The environment (backend default, passphrase check). */
    readonly env: NodeJS.ProcessEnv;
    /** Prints one line. */
    readonly print: (line: string) => void;
    /** The workspace to use. @default a PulumiWorkspace from the options */
    readonly workspace?: (options: CliOptions) => StackWorkspace;
}

/** Runs the script; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], deps: MainDependencies): Promise<number> {
    const { print } = deps;
    let options: CliOptions;
    let customers: Customer[];
    let workspace: StackWorkspace;
    try {
        options = parseArgs(argv, deps.env);
        if (options.help) {
            print(USAGE);
            return 0;
        }
        customers = loadCustomers(options.customersFile);
        workspace = deps.workspace
            ? deps.workspace(options)
            : new PulumiWorkspace({ backendUrl: options.backendUrl, workDir: options.workDir });
    } catch (error) {
        print(error instanceof ValidationError ? error.message : String(error));
        print(USAGE);
        return 2;
    }

    const automation = new StackAutomation({ workspace });
    print(`${options.apply ? "Applying" : "Dry run (preview; --apply to deploy):"} ${customers.length} customer fronts, ${options.concurrency} at a time`);
    const outcomes = await mapConcurrent(customers, options.concurrency, async (customer) => {
        const stack = customerStack(customer);
        const callbacks = {
            onEvent: (p: Progress) => {
                const line = progressLine(p);
                if (line) print(line);
            },
            onOutput: options.verbose ? (line: string) => print(`[${stack}] | ${line}`) : undefined,
        };
        if (!options.apply) return describeChanges((await automation.preview(stack, customerConfig(customer), callbacks)).changes);
        const result = await automation.up(stack, customerConfig(customer), callbacks);
        return `${describeChanges(result.changes)}; ${result.outputs.url}`;
    });

    print("");
    outcomes.forEach((outcome, i) => {
        const stack = customerStack(customers[i]);
        if (outcome.ok) {
            print(`ok      ${stack}: ${outcome.value}`);
        } else {
            print(`FAILED  ${stack}: ${failureText(outcome.error)}`);
        }
    });
    const failed = outcomes.filter((o) => !o.ok).length;
    print(`${customers.length - failed} of ${customers.length} customers ${options.apply ? "deployed" : "previewed"}`);
    return failed > 0 ? 1 : 0;
}

function failureText(error: unknown): string {
    if (error instanceof DeploymentFailedError) {
        return `${error.name}: ${error.failures.map((f) => `${f.resource.type} "${f.resource.name}": ${f.message.split("\n")[0]}`).join("; ")}`;
    }
    if (error instanceof AutomationError) return `${error.name}: ${error.message}`;
    return String(error);
}

// Only when run as a script: importing this module (as the tests do) runs nothing.
if (require.main === module) {
    main(process.argv.slice(2), { env: process.env, print: (line) => console.log(line) }).then((code) => {
        process.exitCode = code;
    });
}

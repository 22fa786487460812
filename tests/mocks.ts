/**
 * The mock harness of the tests: runs programs under Pulumi's mock engine through the same offline
 * engine the plan uses (every resource recorded with type, name, inputs, parent and provider; unknown
 * provider calls throw), and helpers to await outputs and find resources.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineRun, RecordedResource, regionOf, runOffline } from "../tools/offline/engine";
import { loadStackFiles } from "../tools/offline/stack-files";

export { OfflineRun, RecordedResource };

/** The repository root, where the Pulumi.*.yaml files are. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

/**
 * Resolves an output's value. Rejects when the output is unknown (as in a preview), rather than
 * hanging, so a test can never pass by never asserting.
 */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        let settled = false;
        output.apply((value) => {
            settled = true;
            resolve(value);
            return value;
        });
        // An unknown output never runs its apply; the stack's registrations finishing without a value means unknown.
        setTimeout(() => {
            if (!settled) reject(new Error("output did not resolve (unknown during preview?)"));
        }, 5000).unref();
    });
}

/** Runs a program that builds components directly, in a stack whose region is `region`. */
export function runProgram(
    program: () => unknown,
    options: { region?: string; stack?: string; preview?: boolean; config?: Record<string, string> } = {},
): Promise<OfflineRun> {
    return runOffline(program, {
        project: "legacy-tls-front",
        stack: options.stack ?? "test",
        preview: options.preview,
        config: { "aws:region": options.region ?? "eu-central-1", ...(options.config ?? {}) },
    });
}

// Runs of a stack file as it is, by stack and preview: suites in one mocha worker share them (a prod run
// takes about a second). Frozen, so a test that changed one would fail instead of misleading the next.
const unchangedStackRuns = new Map<string, Promise<OfflineRun>>();

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

/**
 * Runs the real stack program with `Pulumi.<stack>.yaml`, optionally changing config sections first
 * (`edit` receives the parsed values by key, e.g. `front`, and may change them in place). A run without
 * `edit` is made once per process and shared, frozen.
 */
export function runStack(stack: string, edit?: (values: Record<string, any>) => void, options: { preview?: boolean } = {}): Promise<OfflineRun> {
    if (edit !== undefined) return runStackFiles(stack, edit, options);
    const key = `${stack}${options.preview ? " (preview)" : ""}`;
    let run = unchangedStackRuns.get(key);
    if (run === undefined) {
        run = runStackFiles(stack, undefined, options).then(deepFreeze);
        // A failed run is not kept: the next suite gets its own error.
        run.catch(() => unchangedStackRuns.delete(key));
        unchangedStackRuns.set(key, run);
    }
    return run;
}

async function runStackFiles(stack: string, edit: ((values: Record<string, any>) => void) | undefined, options: { preview?: boolean }): Promise<OfflineRun> {
    const files = loadStackFiles(PROJECT_DIR, stack);
    const config = { ...files.config };
    if (edit) {
        const values: Record<string, any> = {};
        for (const [key, text] of Object.entries(config)) {
            try {
                values[key] = JSON.parse(text);
            } catch {
                values[key] = text;
            }
        }
        const short: Record<string, any> = {};
        for (const key of Object.keys(values)) short[key.replace(`${files.project}:`, "")] = values[key];
        edit(short);
        for (const key of Object.keys(config)) delete config[key];
        for (const [key, value] of Object.entries(short)) {
            const fullKey = key.includes(":") ? key : `${files.project}:${key}`;
            if (value !== undefined) config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    const { stackProgram } = await import("../stacks/program");
    return runOffline(stackProgram, { project: files.project, stack, config, preview: options.preview });
}

/** Every recorded resource of a type. */
export function resourcesOf(run: OfflineRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The one resource of a type (optionally with a name); throws if there is not exactly one. */
export function only(run: OfflineRun, type: string, name?: string): RecordedResource {
    const found = resourcesOf(run, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

/** The region a recorded resource is managed in (its explicit provider's region, or the stack's). */
export function regionOfResource(run: OfflineRun, resource: RecordedResource): string {
    return regionOf(resource, run.resources, run.region);
}

/** Parses a policy input given as JSON text. */
export function policyOf(resource: RecordedResource): any {
    const policy = resource.inputs.policy;
    return typeof policy === "string" ? JSON.parse(policy) : policy;
}

/**
 * A throw-away project folder: the real `Pulumi.yaml` and one `Pulumi.<stack>.yaml` holding `stackYaml`,
 * for tools that read stack files (plan, verify --stack). Under the OS temp folder.
 */
export function tempProject(stack: string, stackYaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackYaml);
    return dir;
}

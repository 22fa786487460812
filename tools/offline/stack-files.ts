/**
 * Reads a Pulumi project's `Pulumi.yaml` and `Pulumi.<stack>.yaml` into the flat `namespace:key` →
 * string map Pulumi hands to programs (structured values as JSON text), so the offline engine runs the
 * program with exactly the config `pulumi up` would give it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

/** A stack's project name and config. */
export interface StackFiles {
    readonly project: string;
    readonly stack: string;
    /** `namespace:key` → value as Pulumi passes it to the program. */
    readonly config: Record<string, string>;
    /** Keys whose values are encrypted (`secure:`); offline they hold a placeholder. */
    readonly secretKeys: string[];
}

/** Placeholder for a secure value, which cannot be decrypted without the stack's secrets provider. */
export const SECRET_PLACEHOLDER = "[secret: not decrypted offline]";

/** The stack names that have a `Pulumi.<name>.yaml` in `dir`. */
export function listStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The problem with `stack` as the name of a `Pulumi.<stack>.yaml` (no path, so never a file elsewhere), or undefined. */
export function stackNameProblem(stack: string): string | undefined {
    return /^[A-Za-z0-9_.-]+$/.test(stack) ? undefined : 'is not a stack name (letters, digits, "_", ".", "-")';
}

/** Reads the project and stack files; throws an error naming the file for anything missing or malformed. */
export function loadStackFiles(dir: string, stack: string): StackFiles {
    const problem = stackNameProblem(stack);
    if (problem) throw new Error(`--stack: ${JSON.stringify(stack)} ${problem}`);
    const projectFile = path.join(dir, "Pulumi.yaml");
    const project = readYaml(projectFile)?.name;
    if (typeof project !== "string") throw new Error(`${projectFile}: has no project "name"`);

    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        throw new Error(`${stackFile}: no such stack file; stacks here: ${listStacks(dir).join(", ") || "(none)"}`);
    }
    const doc = readYaml(stackFile) ?? {};
    const raw = doc.config ?? {};
    if (typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${stackFile}: "config" is not a map`);

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        // Keys without a namespace belong to the project, as in the Pulumi CLI.
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        if (isSecure(value)) {
            config[fullKey] = SECRET_PLACEHOLDER;
            secretKeys.push(fullKey);
        } else {
            config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { project, stack, config, secretKeys };
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}

function readYaml(file: string): any {
    try {
        return YAML.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new Error(`${file}: ${(err as Error).message}`);
    }
}

/**
 * Reads a Pulumi project's `Pulumi.yaml` and `Pulumi.<stack>.yaml` into the flat `namespace:key` →
 * string map Pulumi hands to programs (structured values as JSON text), so the offline engine runs the
 * program with exactly the config `pulumi up` would give it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { didYouMean, formatIssue, isPlainObject } from "../../components/validation";

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
    const project = readYamlMap(projectFile, "a project file holds \"name:\" and \"runtime:\"")?.name;
    if (typeof project !== "string") throw new Error(`${projectFile}: has no project "name"`);

    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        throw new Error(`${stackFile}: no such stack file; stacks here: ${listStacks(dir).join(", ") || "(none)"}`);
    }
    const doc = readYamlMap(stackFile, 'a stack file holds "config:" and its keys') ?? {};
    for (const key of Object.keys(doc)) {
        if (!(STACK_FILE_KEYS as readonly string[]).includes(key)) {
            const problem = `is not a key of a stack file${didYouMean(key, STACK_FILE_KEYS)}; allowed: ${STACK_FILE_KEYS.join(", ")}`;
            throw new Error(formatIssue({ path: stackFile, value: key, problem }));
        }
    }
    if (doc.config === null) {
        // Every key below "config:" commented out: say so, rather than list what the empty config lacks.
        throw new Error(formatIssue({ path: `${stackFile}: config`, value: null, problem: "is empty (every line below it is commented out); give it the stack's keys" }));
    }
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
    return isPlainObject(value) && Object.keys(value).length === 1 && Object.hasOwn(value, "secure");
}

/**
 * The top-level keys of a `Pulumi.<stack>.yaml` (Pulumi's ProjectStack). A misspelt `config:` would
 * otherwise leave the stack without config, reported as a list of missing keys.
 * @see https://www.pulumi.com/docs/iac/concepts/projects/project-file/ (stack settings files)
 */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"] as const;

/**
 * Where `bytes` stop being YAML text: the first byte that is not UTF-8, or the first character YAML
 * does not allow (YAML 1.2 c-printable: tab, line breaks and printable characters; a byte order mark
 * only first). A binary file read as text would otherwise parse as one long string.
 * @see https://yaml.org/spec/1.2.2/#51-character-set
 */
function notYamlText(bytes: Buffer): string | undefined {
    let text: string;
    try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
        const offset = firstInvalidUtf8(bytes);
        return `byte 0x${bytes[offset].toString(16).padStart(2, "0")} at offset ${offset} is not UTF-8 text (a binary file?)`;
    }
    const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
    const bad = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(body);
    if (!bad) return undefined;
    const before = body.slice(0, bad.index).split("\n");
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return `control character U+${code} at line ${before.length}, column ${[...before[before.length - 1]].length + 1}; YAML allows tab, line breaks and printable characters`;
}

// Offset of the first byte that does not start or continue a well-formed UTF-8 sequence.
function firstInvalidUtf8(bytes: Buffer): number {
    let low = 0;
    let high = bytes.length;
    // The longest prefix that is UTF-8 (or stops inside a sequence), by bisection: every shorter prefix is too.
    while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        try {
            new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
            low = mid;
        } catch {
            high = mid - 1;
        }
    }
    return Math.min(low, bytes.length - 1);
}

/**
 * Reads a YAML file that must hold a map (or nothing); throws an error naming the file for text that
 * is not YAML, YAML that does not parse, and a document that is not a map (`holds` says what it should be).
 */
function readYamlMap(file: string, holds: string): Record<string, unknown> | undefined {
    const bytes = fs.readFileSync(file);
    const problem = notYamlText(bytes);
    if (problem) throw new Error(`${file}: is not YAML: ${problem}`);
    let doc: unknown;
    try {
        doc = YAML.parse(bytes.toString("utf8"));
    } catch (err) {
        throw new Error(`${file}: is not YAML: ${(err as Error).message.split("\n")[0]}`);
    }
    if (doc === null || doc === undefined) return undefined;
    if (!isPlainObject(doc)) {
        const kind = Array.isArray(doc) ? "a list" : `a ${typeof doc}`;
        throw new Error(`${file}: is not a YAML map (it is ${kind}); ${holds}`);
    }
    return doc;
}

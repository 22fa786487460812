/**
 * Validates settings against the schema derived from their TypeScript declarations
 * (`generated/settings.schema.json`, see tools/schema/settings-schema.ts), with Ajv, and reports every
 * problem in the package's `Issue` format: the path of the key, its value, and what is allowed
 * (the allowed values, the known keys with the closest one suggested, the range, …).
 *
 * Values not known yet (Pulumi outputs, promises, resources) are skipped, as the components have always
 * done, so a preview never fails on them.
 */
import * as pulumi from "@pulumi/pulumi";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import schema from "./generated/settings.schema.json";
import type { SettingsType } from "./settings-types";
import { Issue, didYouMean } from "./validation";

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorOf(type: SettingsType): ValidateFunction {
    let validate = compiled.get(type);
    if (!validate) {
        // allErrors: every problem at once; verbose: each error carries the value and its schema.
        if (!ajv) {
            ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
            // Once: every settings type is compiled against the same document.
            ajv.addSchema(schema, "settings");
        }
        validate = ajv.compile({ $ref: `settings#/definitions/${type}` });
        compiled.set(type, validate);
    }
    return validate;
}

/** True for a value that is not known while the program runs. */
function isUnknown(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise || pulumi.Resource.isInstance(value);
}

// A copy of `value` without the values that are not known yet, and the JSON pointers where they were.
function withoutUnknowns(value: unknown, pointer: string, skipped: string[]): unknown {
    if (isUnknown(value)) {
        skipped.push(pointer);
        return undefined;
    }
    if (Array.isArray(value)) return value.map((v, i) => withoutUnknowns(v, `${pointer}/${i}`, skipped));
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const kept = withoutUnknowns(v, `${pointer}/${k}`, skipped);
            if (kept !== undefined) Object.defineProperty(out, k, { value: kept, enumerable: true, configurable: true, writable: true });
        }
        return out;
    }
    return value;
}

/** `a/0/b` (a JSON pointer) as `prefix.a[0].b`. */
function pathOf(prefix: string, pointer: string, child?: string): string {
    let out = prefix;
    for (const part of [...pointer.split("/").slice(1), ...(child !== undefined ? [child] : [])]) {
        const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
        out = /^\d+$/.test(key) ? `${out}[${key}]` : out === "" ? key : `${out}.${key}`;
    }
    return out;
}

interface PropertySchema {
    readonly minimum?: number;
    readonly maximum?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly patternDescription?: string;
    readonly properties?: Record<string, unknown>;
    readonly type?: string;
}

// "from 1 to 10" for a value, "of 1 to 10 items" for a size.
function range(min: number | undefined, max: number | undefined, unit: string): string {
    if (min !== undefined && max !== undefined) return `${unit === "" ? "from" : "of"} ${min} to ${max}${unit}`;
    if (min !== undefined) return `of at least ${min}${unit}`;
    return `of at most ${max}${unit}`;
}

// One error as an Issue; `undefined` for errors another error of the same key already explains.
function issueOf(error: ErrorObject, prefix: string): Issue | undefined {
    const own = (error.parentSchema ?? {}) as PropertySchema;
    const at = pathOf(prefix, error.instancePath);
    switch (error.keyword) {
        case "required": {
            const key = (error.params as { missingProperty: string }).missingProperty;
            return { path: pathOf(prefix, error.instancePath, key), value: undefined, problem: "is required" };
        }
        case "additionalProperties": {
            const key = (error.params as { additionalProperty: string }).additionalProperty;
            const known = Object.keys(own.properties ?? {});
            const value = (error.data as Record<string, unknown>)[key];
            return { path: pathOf(prefix, error.instancePath, key), value, problem: `is not a known key${didYouMean(key, known)}; known keys: ${known.join(", ")}` };
        }
        case "enum": {
            const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
            const hint = typeof error.data === "string" ? didYouMean(error.data, allowed) : "";
            return { path: at, value: error.data, problem: `is not one of ${allowed.join(" | ")}${hint}` };
        }
        case "type": {
            const type = (error.params as { type: string }).type;
            const names: Record<string, string> = {
                string: "a string",
                number: `a number${own.minimum !== undefined || own.maximum !== undefined ? ` ${range(own.minimum, own.maximum, "")}` : ""}`,
                integer: `a whole number${own.minimum !== undefined || own.maximum !== undefined ? ` ${range(own.minimum, own.maximum, "")}` : ""}`,
                boolean: "a boolean (true | false)",
                array: "a list",
                object: "an object",
            };
            return { path: at, value: error.data, problem: `is not ${names[type] ?? type}` };
        }
        case "minimum":
        case "maximum":
        case "exclusiveMinimum":
        case "exclusiveMaximum":
            return { path: at, value: error.data, problem: `is not a ${own.type === "integer" ? "whole number" : "number"} ${range(own.minimum, own.maximum, "")}` };
        case "minItems":
        case "maxItems":
            return { path: at, value: error.data, problem: `is not a list ${range(own.minItems, own.maxItems, " items")}` };
        case "minLength":
        case "maxLength":
            return { path: at, value: error.data, problem: `is not a string ${range(own.minLength, own.maxLength, " characters")}` };
        case "pattern":
            return { path: at, value: error.data, problem: `is not ${own.patternDescription ?? `a value matching ${(error.params as { pattern: string }).pattern}`}` };
        case "uniqueItems":
            return { path: at, value: error.data, problem: "lists an item twice" };
        default:
            return { path: at, value: error.data, problem: error.message ?? `fails ${error.keyword}` };
    }
}

/**
 * Every problem of `value` as settings of `type`, each path starting with `prefix` (the config section,
 * e.g. `bucket`, or `""` for a component's own args).
 */
export function settingsIssues(type: SettingsType, value: unknown, prefix = ""): Issue[] {
    const skipped: string[] = [];
    const known = withoutUnknowns(value, "", skipped);
    const validate = validatorOf(type);
    if (validate(known)) return [];
    const issues: Issue[] = [];
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
        // A key whose value was an output is not missing.
        if (error.keyword === "required") {
            const missing = `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`;
            if (skipped.includes(missing)) continue;
        }
        // Nor is a list item that was an output (it stays in the list as a hole, to keep the indices).
        if (skipped.includes(error.instancePath)) continue;
        const issue = issueOf(error, prefix);
        // One problem per key: a value both too small and of the wrong type is reported once.
        if (issue && !seen.has(issue.path)) {
            seen.add(issue.path);
            issues.push(issue);
        }
    }
    return issues;
}

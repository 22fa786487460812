/**
 * Writes the stack config reference (docs/config-reference.md) from the generated settings schema: one
 * table per section of `Pulumi.<stack>.yaml`, each row a setting with its type or allowed values, its
 * default (and the stack's own default where it differs) and its description, all taken from the TSDoc of
 * the declaration. `npm run generate` writes it; a test fails when the committed file drifts.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One JSON Schema node, as far as this module reads it. */
interface SchemaNode {
    readonly $ref?: string;
    readonly type?: string | string[];
    readonly enum?: readonly unknown[];
    readonly items?: SchemaNode;
    readonly properties?: Readonly<Record<string, SchemaNode>>;
    readonly additionalProperties?: SchemaNode | boolean;
    readonly required?: readonly string[];
    readonly description?: string;
    readonly default?: unknown;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly patternDescription?: string;
    readonly stackDefault?: string;
}

/** A section of the stack file and the settings it is. */
export interface ReferenceSection {
    /** The key under the project namespace, e.g. `bucket`. */
    readonly key: string;
    /** The settings type of the schema (a definition name). */
    readonly type: string;
    /** Why the section exists / what its presence means, one paragraph. */
    readonly intro: string;
}

/** `{@link X}` and `{@link X | text}` as plain text. */
function plain(text: string | undefined): string {
    return (text ?? "")
        .replace(/\{@link\s+([^}|\s]+)\s*(?:\|\s*([^}]+))?\s*\}/g, (_m, target: string, label?: string) => `\`${(label ?? target).trim()}\``)
        .replace(/\s+/g, " ")
        .trim();
}

function resolve(schema: { definitions: Record<string, SchemaNode> }, node: SchemaNode): SchemaNode {
    if (!node.$ref) return node;
    const name = decodeURIComponent(node.$ref.replace("#/definitions/", ""));
    return { ...schema.definitions[name], ...node, $ref: undefined };
}

function typeText(schema: { definitions: Record<string, SchemaNode> }, raw: SchemaNode): string {
    const node = resolve(schema, raw);
    if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
    const range = (lo?: number, hi?: number): string => (lo !== undefined && hi !== undefined ? ` ${lo}–${hi}` : lo !== undefined ? ` ≥ ${lo}` : hi !== undefined ? ` ≤ ${hi}` : "");
    switch (node.type) {
        case "integer":
            return `whole number${range(node.minimum, node.maximum)}`;
        case "number":
            return `number${range(node.minimum, node.maximum)}`;
        case "boolean":
            return "boolean";
        case "string":
            return node.patternDescription ? `string: ${node.patternDescription}` : "string";
        case "array": {
            const count = node.minItems !== undefined || node.maxItems !== undefined ? `, ${range(node.minItems, node.maxItems).trim()} items` : "";
            return `list of ${node.items ? typeText(schema, node.items) : "values"}${count}`;
        }
        case "object": {
            if (node.properties) {
                return `{ ${Object.keys(node.properties)
                    .map((k) => `${k}${node.required?.includes(k) ? "" : "?"}`)
                    .join(", ")} }`;
            }
            if (typeof node.additionalProperties === "object") return `map of name to ${typeText(schema, node.additionalProperties)}`;
            return "object";
        }
        default:
            return String(node.type ?? "any");
    }
}

function defaultText(node: SchemaNode, required: boolean): string {
    const own = node.default === undefined ? (required ? "none: required" : "—") : typeof node.default === "string" ? node.default : `\`${JSON.stringify(node.default)}\``;
    return node.stackDefault ? `${own}; in a stack: ${plain(node.stackDefault)}` : own;
}

/** The markdown of the reference. */
export function configReference(schema: { definitions: Record<string, SchemaNode> }, sections: readonly ReferenceSection[], preamble: string): string {
    const lines = [preamble.trim(), ""];
    for (const section of sections) {
        const settings = schema.definitions[section.type];
        if (!settings) throw new Error(`the schema has no ${section.type}: run npm run generate`);
        lines.push(`## \`${section.key}\``, "", plain(section.intro), "");
        if (settings.description) lines.push(plain(settings.description), "");
        lines.push("| key | type / allowed | default | what it does |", "|---|---|---|---|");
        for (const [key, raw] of Object.entries(settings.properties ?? {})) {
            const node = resolve(schema, raw);
            const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\\\\\|/g, "\\|");
            lines.push(`| \`${key}\` | ${cell(typeText(schema, raw))} | ${cell(defaultText(node, settings.required?.includes(key) ?? false))} | ${cell(plain(raw.description ?? node.description))} |`);
        }
        lines.push("");
        const nested = new Set<string>();
        const collect = (node: SchemaNode): void => {
            const ref = node.$ref ?? node.items?.$ref;
            if (ref) {
                const name = decodeURIComponent(ref.replace("#/definitions/", ""));
                const def = schema.definitions[name];
                if (def?.properties && !nested.has(name)) {
                    nested.add(name);
                    for (const p of Object.values(def.properties)) collect(p);
                }
            }
        };
        for (const p of Object.values(settings.properties ?? {})) collect(p);
        for (const name of [...nested].sort()) {
            const def = schema.definitions[name];
            lines.push(`### \`${name}\``, "", ...(def.description ? [plain(def.description), ""] : []), "| key | type / allowed | default | what it does |", "|---|---|---|---|");
            for (const [key, raw] of Object.entries(def.properties ?? {})) {
                const node = resolve(schema, raw);
                const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\\\\\|/g, "\\|");
                lines.push(`| \`${key}\` | ${cell(typeText(schema, raw))} | ${cell(defaultText(node, def.required?.includes(key) ?? false))} | ${cell(plain(raw.description ?? node.description))} |`);
            }
            lines.push("");
        }
    }
    return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}

/** Reads the committed schema. */
export function readSchema(root: string): { definitions: Record<string, SchemaNode> } {
    return JSON.parse(fs.readFileSync(path.join(root, "components", "generated", "settings.schema.json"), "utf8"));
}

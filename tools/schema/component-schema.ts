/**
 * The Pulumi package schema other languages see (`pulumi package add`, see PulumiPlugin.yaml), inferred
 * exactly as the plugin host infers it: @pulumi/pulumi's `cmd/run-plugin/run.js` requires the package,
 * collects its component classes with `getPulumiComponents`, names the provider after package.json's
 * `name`, and serves `ComponentProvider`, whose `getSchema()` runs the TypeScript analyzer over the
 * package's sources. `npm run generate` writes it to {@link COMPONENT_SCHEMA_FILE} (tools/schema/generate.ts, from the
 * sources, no build needed); tests/component-provider.test.ts asks the running plugin of the built, packed package for
 * its schema over gRPC and fails when it differs from the committed file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";

/** Where the schema is committed, relative to the repository root. */
export const COMPONENT_SCHEMA_FILE = "schema/legacy-tls-front.schema.json";

/** The provider name run.js derives from package.json's `name`: the scope dropped, other characters `-`. */
export function providerNameOf(packageName: string): string {
    const match = /^(@.*?\/)?(.+)$/.exec(packageName);
    if (!match) throw new Error(`package.json name ${JSON.stringify(packageName)} is not a package name`);
    return match[2].replace(/[^-a-zA-Z0-9_]/g, "-");
}

/**
 * The schema of the package in `packageDir` serving the component classes `moduleExports` exports (what
 * `require(packageDir)` returns to the plugin host; the classes' names are all the analyzer needs).
 */
export async function componentSchema(packageDir: string, moduleExports: unknown): Promise<Record<string, unknown>> {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { name: string };
    const provider = new ComponentProvider({ name: providerNameOf(manifest.name), dirname: packageDir, components: getPulumiComponents(moduleExports) });
    return JSON.parse(await provider.getSchema()) as Record<string, unknown>;
}

/**
 * The schema as committed: without `version`, which is package.json's at the time (so a release does not
 * change the file), as indented JSON with a final newline.
 */
export function committedForm(schema: Record<string, unknown>): string {
    const { version, ...rest } = schema;
    return `${JSON.stringify(rest, null, 2)}\n`;
}

/**
 * Writes the schema of the repository's sources to {@link COMPONENT_SCHEMA_FILE} (`npm run generate`); the
 * sources' exports stand in for dist/: the same classes, no build needed.
 */
export async function writeComponentSchema(root: string): Promise<string> {
    const schema = await componentSchema(root, require(path.join(root, "components")));
    fs.mkdirSync(path.join(root, path.dirname(COMPONENT_SCHEMA_FILE)), { recursive: true });
    fs.writeFileSync(path.join(root, COMPONENT_SCHEMA_FILE), committedForm(schema));
    return COMPONENT_SCHEMA_FILE;
}

/**
 * Whether a component can be consumed from other languages through `PulumiPlugin.yaml` (`pulumi package
 * add`): Pulumi then infers the package schema from the TypeScript types of each component's `args`
 * (inputs) and of its properties (outputs), and refuses what the schema cannot express.
 *
 * The judge is Pulumi's own analyzer (@pulumi/pulumi/provider/experimental/analyzer, what `pulumi
 * package add` runs for a TypeScript component package), not a copy of its rules: as of 3.248 it
 * accepts string, number, boolean, `Input`/`Output` of those, arrays (`T[]`, not `readonly T[]`),
 * string-keyed maps, named interfaces, enums written as a TS `enum` or an `as const` object, assets,
 * archives, `any`, and resources of `@pulumi/*` packages; it refuses functions, anonymous object types,
 * unions other than `T | undefined` and those enums, intersections and tuples.
 *
 * The analyzer stops at a component's first problem; to list them all, each property is also analyzed
 * on its own. Both run on a program the tests already have (the package build), through the analyzer's
 * internals: building its own program would parse @pulumi/aws again (~10 s).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Analyzer, InputOutput } from "@pulumi/pulumi/provider/experimental/analyzer";
import ts from "typescript";
import { ComponentClass } from "./package-fixture";

/** The verdict on one component. */
export interface SchemaVerdict {
    readonly component: string;
    /** Whether Pulumi's analyzer infers a schema for it (the component alone). */
    readonly qualifies: boolean;
    /** Every problem, one per property: `LegacyTlsFrontArgs.mode: Union types are not supported …`. */
    readonly problems: readonly string[];
}

/** The analyzer's members used here, which its declaration file marks private. */
interface AnalyzerInternals {
    program: ts.Program;
    checker: ts.TypeChecker;
    programFiles: Set<string>;
    componentNames: Set<string>;
    components: Record<string, unknown>;
    typeDefinitions: Record<string, unknown>;
    dependencies: unknown[];
    analyze(): unknown;
    analyzeSymbols(context: { component: string; inputOutput: InputOutput; typeName?: string }, symbols: ts.Symbol[]): unknown;
}

/**
 * Judges components of `program` whose entry module is `entrySource` (the file the plugin exposes), as
 * `pulumi package add` would with package name `packageName`.
 */
export class PulumiSchemaCheck {
    private readonly analyzer: AnalyzerInternals;

    constructor(
        private readonly program: ts.Program,
        entrySource: string,
        packageName: string,
    ) {
        // The constructor builds a program from <dir>/tsconfig.json: give it an empty one, then swap ours in.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-schema-"));
        try {
            fs.writeFileSync(path.join(dir, "empty.ts"), "export {};\n");
            fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { noLib: true, types: [] }, files: ["empty.ts"] }));
            // The analyzer maps the entry's .js to .ts; an absolute path is taken as is.
            const analyzer = new Analyzer(dir, packageName, { main: entrySource.replace(/\.ts$/, ".js") }, new Set(["(none)"])) as unknown as AnalyzerInternals;
            for (const member of ["analyze", "analyzeSymbols"] as const) {
                if (typeof analyzer[member] !== "function") {
                    throw new Error(`@pulumi/pulumi's analyzer has no ${member}() any more: update tests/package-schema.ts to its new internals`);
                }
            }
            analyzer.program = program;
            analyzer.checker = program.getTypeChecker();
            analyzer.programFiles = new Set(program.getSourceFiles().map((f) => f.fileName));
            this.analyzer = analyzer;
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }

    /** The verdict on `component`. */
    verdict(component: ComponentClass): SchemaVerdict {
        const analyzer = this.analyzer;
        const reset = (names: Set<string>): void => {
            analyzer.componentNames = names;
            analyzer.components = {};
            analyzer.typeDefinitions = {};
            analyzer.dependencies = [];
        };
        reset(new Set([component.name]));
        let qualifies = true;
        let firstProblem: string | undefined;
        try {
            analyzer.analyze();
        } catch (error) {
            qualifies = false;
            firstProblem = (error as Error).message;
        }

        const problems: string[] = [];
        const checker = this.program.getTypeChecker();
        const each = (context: { component: string; inputOutput: InputOutput; typeName?: string }, symbols: ts.Symbol[]): void => {
            for (const symbol of symbols.filter((s) => s.flags & ts.SymbolFlags.Property)) {
                reset(new Set([component.name]));
                try {
                    analyzer.analyzeSymbols(context, [symbol]);
                } catch (error) {
                    problems.push(describe((error as Error).message, `${context.typeName ?? component.name}.${symbol.name}`));
                }
            }
        };
        if (component.args?.type) {
            const argsType = checker.getTypeAtLocation(component.args.type);
            each({ component: component.name, inputOutput: InputOutput.Neither, typeName: argsType.getSymbol()?.getName() }, argsType.getProperties());
        }
        const members = checker.getSymbolAtLocation(component.declaration.name!)?.members;
        each({ component: component.name, inputOutput: InputOutput.Output }, members ? [...members.values()] : []);
        // Problems the per-property pass cannot see (no constructor, no `args`, args not an interface).
        if (!qualifies && problems.length === 0) problems.push(describe(firstProblem!, component.name));
        return { component: component.name, qualifies, problems };
    }
}

/**
 * `<where>: <why>` from an analyzer message such as "Unsupported type for component 'X' property
 * 'SignedContentBehaviors.pathPatterns': type 'readonly string[]'": the nested property it names, or
 * else `fallback`, and the reason without the component preamble.
 */
function describe(message: string, fallback: string): string {
    const line = message.split("\n")[0];
    const match = /^(.*?) for component '[^']*'(?: (?:property|input|output) '([^']*)')?(.*)$/.exec(line);
    if (!match) return `${fallback}: ${line}`;
    // A nested type's property comes as `Type.property`; a property of the component itself bare.
    const where = match[2]?.includes(".") ? match[2] : fallback;
    return `${where}: ${match[1]}${match[3]}`;
}

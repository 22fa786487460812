/**
 * `npm run bench:code-shape`: the measurements the redesign is judged by, from the sources as they are:
 * - exports of the package entry (`components/index.ts`), split into classes, functions, constants and types;
 * - lines per source file (largest files, median, total);
 * - the folder-level import graph (which top-level folder imports which) and its cycles.
 *
 * Pure reading of the TypeScript sources with the compiler API; nothing is built or run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { CommandHelp, HELP_ONLY_OPTIONS, runWithoutArguments } from "../tools/cli-args";

const ROOT = path.resolve(__dirname, "..");
/** The folders of code: deploy-time (components, stacks, tools, automation, policy) and runtime (the Lambda functions, the libraries services load), and the leaf both share. */
export const SOURCE_FOLDERS = ["components", "stacks", "edge-functions", "functions", "libraries", "tools", "automation", "policy", "runtime", "shared"];

/** Every .ts source file of the folders above (tests, benches and declarations left out). */
export function sourceFiles(root = ROOT): string[] {
    const files: string[] = [];
    for (const folder of SOURCE_FOLDERS) {
        const dir = path.join(root, folder);
        if (!fs.existsSync(dir)) continue;
        for (const entry of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
            if (entry.endsWith(".ts") && !entry.endsWith(".d.ts") && !entry.includes("node_modules")) files.push(path.join(dir, entry));
        }
    }
    return files.sort();
}

/** Top-level folder of a repository file, e.g. `components`. */
function folderOf(file: string, root: string): string {
    return path.relative(root, file).split(path.sep)[0];
}

/** Folder → folders it imports (relative imports only), from every source file. */
export function folderImports(root = ROOT): Map<string, Set<string>> {
    const graph = new Map<string, Set<string>>();
    for (const file of sourceFiles(root)) {
        const from = folderOf(file, root);
        const text = fs.readFileSync(file, "utf8");
        const info = ts.preProcessFile(text, true, true);
        for (const ref of info.importedFiles) {
            if (!ref.fileName.startsWith(".")) continue;
            const to = folderOf(path.resolve(path.dirname(file), ref.fileName), root);
            if (to === from || to.startsWith("..")) continue;
            if (!graph.has(from)) graph.set(from, new Set());
            graph.get(from)!.add(to);
        }
    }
    return graph;
}

/** Every pair of folders that import each other, directly or through others (strongly connected). */
export function folderCycles(graph: Map<string, Set<string>>): string[][] {
    const reach = (from: string): Set<string> => {
        const seen = new Set<string>();
        const stack = [from];
        while (stack.length > 0) {
            for (const next of graph.get(stack.pop()!) ?? []) {
                if (!seen.has(next)) {
                    seen.add(next);
                    stack.push(next);
                }
            }
        }
        return seen;
    };
    const folders = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])])].sort();
    const cycles: string[][] = [];
    for (const a of folders) for (const b of folders) if (a < b && reach(a).has(b) && reach(b).has(a)) cycles.push([a, b]);
    return cycles;
}

/** The names the package entry exports, by kind. */
export function entryExports(entry = path.join(ROOT, "components", "index.ts")): Record<"classes" | "functions" | "values" | "types", string[]> {
    const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true });
    const checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    const out = { classes: [] as string[], functions: [] as string[], values: [] as string[], types: [] as string[] };
    for (const symbol of checker.getExportsOfModule(module)) {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const name = symbol.getName();
        if (target.flags & ts.SymbolFlags.Class) out.classes.push(name);
        else if (target.flags & ts.SymbolFlags.Function) out.functions.push(name);
        else if (target.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Enum)) out.values.push(name);
        else out.types.push(name);
    }
    for (const list of Object.values(out)) list.sort();
    return out;
}

/** The command line of `npm run bench:code-shape`: no options but `--help`. */
export const BENCH_CODE_SHAPE_COMMAND: CommandHelp<typeof HELP_ONLY_OPTIONS> = {
    tool: "bench:code-shape",
    command: "npm run bench:code-shape",
    summary: "lines per source file, the package's exports, folder imports and their cycles",
    synopsis: ["[--help]"],
    options: HELP_ONLY_OPTIONS,
    exitCodes: { 0: "the measurements printed", 1: "the sources could not be read or analysed", 2: "bad arguments" },
    examples: [{ what: "the measurements of the working tree", argv: [] }],
};

/** Prints the measurements. */
function printCodeShape(): void {
    const files = sourceFiles().map((f) => ({ file: path.relative(ROOT, f), lines: fs.readFileSync(f, "utf8").split("\n").length }));
    const lines = files.map((f) => f.lines).sort((a, b) => a - b);
    const exports = entryExports();
    const graph = folderImports();
    console.log(`source files: ${files.length}, lines: ${lines.reduce((a, b) => a + b, 0)}, median ${lines[Math.floor(lines.length / 2)]}, largest:`);
    for (const f of [...files].sort((a, b) => b.lines - a.lines).slice(0, 8)) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
    const total = Object.values(exports).reduce((n, l) => n + l.length, 0);
    console.log(`package entry exports: ${total} (classes ${exports.classes.length}, functions ${exports.functions.length}, values ${exports.values.length}, types ${exports.types.length})`);
    console.log("folder imports:");
    for (const [from, to] of [...graph].sort()) console.log(`  ${from} -> ${[...to].sort().join(", ")}`);
    const cycles = folderCycles(graph);
    console.log(`folder-level import cycles: ${cycles.length === 0 ? "none" : cycles.map((c) => c.join(" <-> ")).join("; ")}`);
}

if (require.main === module) runWithoutArguments(BENCH_CODE_SHAPE_COMMAND, printCodeShape);

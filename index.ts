/**
 * The package's entry as TypeScript source, for Pulumi's component analyzer only (`pulumi package add`,
 * see PulumiPlugin.yaml). The plugin host loads the compiled entry, package.json's `main`
 * (dist/components/index.js); the analyzer looks for a `.ts` beside `exports["."]` and `main`, finds none
 * there (dist/ holds compiled code), and then reads `index.ts` at the package root: this file. From here it
 * follows the exports to the component classes and infers the schema from their TypeScript types.
 * Programs in TypeScript and JavaScript never load it; they use dist/.
 */
export * from "./components";

/**
 * The shape of the code: runtime code (the Lambda functions, the libraries services load) apart from
 * deploy-time code (the components), sharing only the leaf folder `shared/`; and no two folders that
 * import each other. Read from the sources with `bench/code-shape.ts`, the same graph
 * `npm run bench:code-shape` prints.
 */
import { expect } from "chai";
import { SOURCE_FOLDERS, folderCycles, folderImports } from "../bench/code-shape";

/** Folders of code that runs in Lambda or in the services that use the package, not in `pulumi up`. */
const RUNTIME_FOLDERS = ["edge-functions", "functions", "libraries"];

describe("code shape: folder imports", () => {
    const graph = folderImports();
    const importsOf = (folder: string) => [...(graph.get(folder) ?? [])].sort();

    it("has no two folders that import each other, directly or through others", () => {
        expect(folderCycles(graph)).to.deep.equal([]);
    });

    it("keeps shared/ a leaf: it imports nothing of the repository", () => {
        expect(importsOf("shared")).to.deep.equal([]);
    });

    it("lets runtime code import shared/ only: nothing of components/ (or of each other)", () => {
        for (const folder of RUNTIME_FOLDERS) {
            expect(SOURCE_FOLDERS, folder).to.include(folder);
            expect(importsOf(folder), `${folder} imports`).to.deep.equal(["shared"]);
        }
    });

    it("finds the graph it judges: components import shared/, the tools import components/", () => {
        expect(importsOf("components")).to.include("shared");
        expect(importsOf("tools")).to.include("components");
    });
});

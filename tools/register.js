// How the repository's scripts and tests load TypeScript: ts-node without type checking (`npm test` runs
// tsc first), transpiling with swc, which loads the tools and suites in about half the time TypeScript's
// own transpiler takes (the tls-report CLI: 98 ms against 865 ms). Not in tsconfig.json's "ts-node"
// section: that file ships with the package, and the Pulumi plugin host registers ts-node with it in
// installs where @swc/core, a dev dependency, is absent.
require("ts-node").register({ transpileOnly: true, swc: true });

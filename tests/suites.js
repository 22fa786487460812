/**
 * Which test files run where. `npm test` runs every `tests/**\/*.test.ts` but these, and stays quick
 * (about a minute on two cores); the others need an install or live servers and run in scripts of their
 * own, which CI (`bash .ci/run`) runs too:
 * - `npm run test:live`: real TLS servers and clients on loopback (the verify tool, every catalogued
 *   client's ClientHello), and the browser sign-in sequence against the real bundle in a child process;
 * - `npm run test:package`: build, pack, install the tarball, run the plugin as Pulumi does.
 */
"use strict";

module.exports = {
    live: [
        "tests/verify.test.ts",
        "tests/verify-clients.test.ts",
        "tests/verify-clients-cli.test.ts",
        "tests/client-hello.test.ts",
        "tests/edge-sign-in-browser.test.ts",
    ],
    package: ["tests/package.test.ts", "tests/consumer.test.ts", "tests/component-provider.test.ts"],
};

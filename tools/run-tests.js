#!/usr/bin/env node
/**
 * `npm test`: the strict type check and the mocha suite, run side by side. Mocha spends part of its time
 * waiting on child processes and sockets, so on two cores the two together take about as long as mocha
 * alone, instead of the type check's 15 s (cold) more. Mocha's output streams as it runs; the type
 * check's is printed after it, so the two never interleave. Exits non-zero when either fails.
 * Arguments go to mocha (e.g. `npm test -- tests/config.test.ts`).
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
// Incremental: a second run only checks what changed. The build info lives with the other caches.
const TSC_ARGS = ["--noEmit", "--incremental", "--tsBuildInfoFile", "node_modules/.cache/legacy-tls-front/test.tsbuildinfo", "-p", "."];

/** Runs a package's bin script with this Node, in the project root; resolves to its exit code. */
function run(bin, args, stdio) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [require.resolve(bin, { paths: [ROOT] }), ...args], { cwd: ROOT, stdio });
        let output = "";
        if (child.stdout) child.stdout.on("data", (chunk) => (output += chunk));
        if (child.stderr) child.stderr.on("data", (chunk) => (output += chunk));
        child.on("error", (error) => resolve({ code: 1, output: `${bin}: ${error.message}\n` }));
        child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    });
}

async function main() {
    const typecheck = run("typescript/bin/tsc", TSC_ARGS, ["ignore", "pipe", "pipe"]);
    const mocha = run("mocha/bin/mocha.js", process.argv.slice(2), "inherit");
    const [tsc, tests] = await Promise.all([typecheck, mocha]);
    if (tsc.code !== 0) process.stderr.write(`\nType check (tsc ${TSC_ARGS.join(" ")}) failed:\n${tsc.output}`);
    process.exit(tsc.code !== 0 || tests.code !== 0 ? 1 : 0);
}

main();

// npm test: every test file but the live and package suites (tests/suites.js says why).
"use strict";
const suites = require("./tests/suites");

module.exports = {
    require: ["./tools/register.js"],
    extension: ["ts"],
    spec: ["tests/**/*.test.ts"],
    ignore: [...suites.live, ...suites.package],
    timeout: 20000,
    reporter: "spec",
    parallel: true,
    jobs: 2,
};

// npm run test:live: the suites with live servers on loopback (tests/suites.js).
"use strict";
const suites = require("./suites");

module.exports = {
    require: ["./tools/register.js"],
    extension: ["ts"],
    spec: suites.live,
    timeout: 30000,
    reporter: "spec",
    parallel: true,
    jobs: 2,
};

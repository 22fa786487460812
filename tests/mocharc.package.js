// npm run test:package: build, pack and install the package, run its plugin (tests/suites.js). Serial:
// the suites share one packed tarball and each takes minutes of work.
"use strict";
const suites = require("./suites");

module.exports = {
    require: ["./tools/register.js"],
    extension: ["ts"],
    spec: suites.package,
    timeout: 240000,
    reporter: "spec",
};

/**
 * Bundle entry of the Cognito viewer-request function, prebuilt by `npm run build:functions` to
 * `dist/functions/cognito-auth/index.js`. The config is not in the code: it is the `config.json` the
 * component (or `npm run build:edge`) puts next to `index.js` in the deployment archive, read and
 * validated here, once, when the module loads. A missing or invalid config refuses every request (401).
 * Tests use `createHandler` from `./handler`, or load the bundle from a folder with a `config.json`.
 */
import { FUNCTION_CONFIG_FILE } from "../../shared/function-bundles";
import { createHandlerFromFile } from "./handler";

/** The Lambda@Edge viewer-request handler (`index.handler`), configured by the `config.json` beside this file. */
export const handler = createHandlerFromFile(`${__dirname}/${FUNCTION_CONFIG_FILE}`);

// Exported so the very bundle that is deployed can be exercised with another config or a fake clock.
export { createHandler } from "./handler";

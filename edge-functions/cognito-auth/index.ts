/**
 * Bundle entry of the Cognito viewer-request function. `edge-functions/build.ts` replaces
 * `__EDGE_AUTH_CONFIG__` with the validated config as a JSON literal; the config is validated again
 * here, when the module loads. Not importable outside a bundle (the constant exists only there): tests
 * use `createHandler` from `./handler`.
 */
import { createBakedHandler } from "./handler";

/** The config, inlined by esbuild's `define` at build time. */
declare const __EDGE_AUTH_CONFIG__: unknown;

/** The Lambda@Edge viewer-request handler (`index.handler`). */
export const handler = createBakedHandler(__EDGE_AUTH_CONFIG__);

// Exported so the very bundle that is deployed can be exercised with another config or a fake clock.
export { createHandler } from "./handler";

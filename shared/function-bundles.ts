/**
 * The Lambda functions this package prebuilds, and where their code and config travel: the facts the
 * build (`npm run build:functions`), the components that deploy the functions, and the functions
 * themselves must agree on.
 *
 * Each function is bundled once, when the package is built, to `dist/functions/<name>/index.js`. A
 * component deploys that file unchanged, in an archive together with the function's configuration as
 * `config.json`; the function reads the file next to its handler at cold start. So a deployment needs
 * no bundler, and the same sources and config always give the same archive.
 */

/** The functions `npm run build:functions` bundles; each is `dist/functions/<name>/index.js`, handler `index.handler`. */
export const FUNCTION_BUNDLE_NAMES = ["cognito-auth", "regional-api-health", "regional-api-hello"] as const;
/** The name of one prebuilt function. */
export type FunctionBundleName = (typeof FUNCTION_BUNDLE_NAMES)[number];

/** Where the prebuilt bundles are, relative to the package root (in the repository and in the installed package). */
export const FUNCTION_BUNDLE_DIR = "dist/functions";

/** The bundle's file inside its folder and inside the deployment archive. */
export const FUNCTION_CODE_FILE = "index.js";

/** The configuration's file inside the deployment archive, next to {@link FUNCTION_CODE_FILE}. */
export const FUNCTION_CONFIG_FILE = "config.json";

/** The command that writes the bundles, for error messages that must say how to get them. */
export const BUILD_FUNCTIONS_COMMAND = "npm run build:functions";

/** The bundle of `name`, relative to the package root: `dist/functions/<name>/index.js`. */
export function functionBundlePath(name: FunctionBundleName): string {
    return `${FUNCTION_BUNDLE_DIR}/${name}/${FUNCTION_CODE_FILE}`;
}

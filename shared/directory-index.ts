/**
 * Directory indexes behind a private S3 origin: `/docs/` served as `/docs/index.html`. S3's REST endpoint,
 * the only one origin access control can sign for, has no index documents (its website endpoint has, but
 * cannot be kept private), and CloudFront's default root object covers `/` only. So an edge function
 * rewrites the URI on viewer request, as the AWS blog post "Implementing Default Directory Indexes in
 * Amazon S3-backed Amazon CloudFront Origins Using Lambda@Edge" does (seed 002): a URI that ends in `/`
 * gets the index object's name appended; nothing else changes.
 *
 * The rule is declared once, here ({@link directoryIndexUri}), and runs in two places:
 * - in the Cognito edge-auth function (Lambda@Edge), which imports it, when the auth runs on a cache
 *   behaviour: CloudFront allows no CloudFront Function next to a Lambda@Edge function on viewer events;
 * - in a CloudFront Function (cheaper, no cold start) on every other behaviour. Its code is
 *   {@link directoryIndexFunctionCode}: this very function's source, as the JavaScript runtime prints it,
 *   plus a `handler`. It is built from this module at deploy time because this folder ships with the
 *   package (as TypeScript and compiled), and the tests execute the exact text that is deployed.
 *
 * A leaf: imports only `./validation`, so the edge function can bundle it.
 * @see https://aws.amazon.com/blogs/compute/implementing-default-directory-indexes-in-amazon-s3-backed-amazon-cloudfront-origins-using-lambdaedge/
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html (one function per event type; no CloudFront Functions with Lambda@Edge on viewer events)
 */
import { Issue } from "./validation";

/** What every directory-index CloudFront Function's name carries: `<front>-dir-index-<8 hex>`. */
export const DIRECTORY_INDEX_FUNCTION_MARKER = "-dir-index-";

/**
 * The ARN of a directory-index CloudFront Function of this package, which rewrites paths and
 * authenticates no one (the guardrails must not count it as viewer authentication).
 */
export const DIRECTORY_INDEX_FUNCTION_ARN = new RegExp(`^arn:[a-z-]+:cloudfront::\\d{12}:function/[A-Za-z0-9_-]*${DIRECTORY_INDEX_FUNCTION_MARKER}[0-9a-f]{8}$`);

/**
 * The runtime of the CloudFront Function: JavaScript runtime 2.0 (ES 5.1 plus parts of ES 6-12; the rule
 * below keeps to ES 5.1 so that any runtime, and any transpiler between this file and the deployed text,
 * leaves it as written).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateFunction.html (FunctionConfig.Runtime: cloudfront-js-1.0 | cloudfront-js-2.0)
 */
export const DIRECTORY_INDEX_FUNCTION_RUNTIME = "cloudfront-js-2.0";

/**
 * Largest CloudFront Function code the API accepts, in bytes (the `code` argument of
 * `aws.cloudfront.Function`: 1 to 40960 bytes; CloudFront's own quota on function size is on its quotas
 * page). The generated code is a few hundred bytes, far below either.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/cloudfront/function/
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
export const MAX_FUNCTION_CODE_BYTES = 40_960;

/**
 * What an index object's name may be: one file name (no `/`), 1 to 255 of the characters S3 calls safe
 * in object keys, and not `.` or `..`. Kept to the safe set so the name means the same in a URI, an S3 key
 * and the function's code.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html (safe characters)
 */
export const DIRECTORY_INDEX_NAME = /^(?!\.{1,2}$)[A-Za-z0-9!_.*'()-]{1,255}$/;

/** What {@link DIRECTORY_INDEX_NAME} allows, for messages. */
export const DIRECTORY_INDEX_NAME_DESCRIPTION = 'a file name such as "index.html": 1 to 255 letters, digits and !_.*\'()-, no "/", not "." or ".."';

/**
 * The rule: the URI the origin is asked for when the viewer sent `method` for `uri`. A read (`GET`,
 * `HEAD`) of a URI that ends in `/` names a directory and gets `indexName` appended (`/` → `/index.html`,
 * `/docs/` → `/docs/index.html`). Every other method keeps its URI: a write or delete names the exact key
 * (with uploads on, `DELETE /docs/` must never delete `docs/index.html`), and a CORS preflight is answered
 * by the bucket's CORS rules, whatever the key. Any other URI is returned as it is: `/docs` (may be an object of that name; served as the index its relative
 * links would break), `/docs/a.html`, a URI ending in an encoded slash (`%2F`). The URI is not decoded,
 * normalized or resolved (`/a/../` → `/a/../index.html`): CloudFront has already chosen the cache behaviour
 * for the viewer's URI, and appending a name cannot leave it. The query string is a separate field of the
 * request and is never touched.
 *
 * Written in ES 5.1 without references to anything outside it, and laid out as TypeScript and swc both
 * print it (a test compares them): its source text is the CloudFront Function's, and must not change with
 * the transpiler that loaded this file.
 */
export function directoryIndexUri(method: string, uri: string, indexName: string): string {
    if (method !== "GET" && method !== "HEAD") {
        return uri;
    }
    if (typeof uri !== "string" || uri.length === 0 || uri.charAt(uri.length - 1) !== "/") {
        return uri;
    }
    return uri + indexName;
}

/** Checks an index object's name (see {@link DIRECTORY_INDEX_NAME}); pushes an issue at `path` when it is not one. */
export function checkDirectoryIndexName(path: string, value: unknown, issues: Issue[]): void {
    if (typeof value !== "string" || !DIRECTORY_INDEX_NAME.test(value)) {
        issues.push({ path, value, problem: `is not ${DIRECTORY_INDEX_NAME_DESCRIPTION}` });
    }
}

/**
 * The code of the viewer-request CloudFront Function that serves `indexName` for directory URIs: the rule's
 * own source ({@link directoryIndexUri}), the name as a JSON string, and the `handler(event)` CloudFront
 * calls with `{ request: { method, uri, querystring, headers, ... } }`, returning the request. Deterministic: the
 * same name gives the same text (no new function version without a change).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/writing-function-code.html
 */
export function directoryIndexFunctionCode(indexName: string): string {
    const issues: Issue[] = [];
    checkDirectoryIndexName("indexName", indexName, issues);
    if (issues.length > 0) throw new TypeError(`directory index: ${JSON.stringify(indexName)} ${issues[0].problem}`);
    return [
        "// Directory indexes: a read of a viewer URI ending in \"/\" fetches that directory's index object.",
        "// Generated by legacy-tls-front (shared/directory-index.ts); the rule is directoryIndexUri.",
        `var DIRECTORY_INDEX = ${JSON.stringify(indexName)};`,
        directoryIndexUri.toString(),
        "function handler(event) {",
        "    var request = event.request;",
        "    request.uri = directoryIndexUri(request.method, request.uri, DIRECTORY_INDEX);",
        "    return request;",
        "}",
        "",
    ].join("\n");
}

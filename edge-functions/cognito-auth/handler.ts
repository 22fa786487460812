/**
 * The viewer-request handler: a thin shell that unpacks the CloudFront event, asks the pure functions
 * and the verifier, and returns either the request (token removed, optional `sub` header added, a
 * directory URI given its index object when `directoryIndex` is set) or a 401/403 response. With
 * `signIn`, a request without a token from the other sources goes to the sign-in flow
 * (./sign-in-flow.ts), which may also answer with a redirect or a fixed error page (400/403/502/503,
 * always failing closed). No input makes it throw; nothing but the sign-in flow's own pages answers 5xx.
 */
import { readFileSync } from "node:fs";
import { CloudFrontRequest, CloudFrontRequestEvent, denyResponse, DenyReason, isCorsPreflight, ViewerRequestResult, viewerRequestOf } from "./cloudfront";
import { directoryIndexUri } from "../../shared/directory-index";
import { EdgeAuthConfig, ResolvedEdgeAuthConfig, resolveEdgeAuthConfig } from "../../shared/edge-auth-config";
import { extractToken, MALFORMED_TOKEN, NO_TOKEN, stripCredentials } from "./token";
import { EdgeAuthDeps, TokenDecision, TokenVerifier, VerifierStats } from "./verifier";
import { createSignInFlow, SignInDeps } from "./sign-in-flow";

/** A viewer-request handler as Lambda@Edge calls it. */
export type ViewerRequestHandler = (event: CloudFrontRequestEvent) => Promise<ViewerRequestResult>;

/** A handler with what it is made of exposed, for tests and the benchmark. */
export interface EdgeAuthorizer {
    /** The handler. */
    readonly handle: ViewerRequestHandler;
    /** The config it runs with, defaults filled in. */
    readonly config: ResolvedEdgeAuthConfig;
    /** What its verifier did so far (signature checks, cache hits, JWKS refetches). */
    readonly stats: Readonly<VerifierStats>;
}

/**
 * Builds the authorizer for `config` (validated here: throws the `ValidationError` listing every
 * problem). `deps` injects the clock, the JWKS fetcher and the log.
 */
export function createAuthorizer(config: EdgeAuthConfig, deps: EdgeAuthDeps & SignInDeps = {}): EdgeAuthorizer {
    const resolved = resolveEdgeAuthConfig(config);
    const verifier = new TokenVerifier(resolved, deps);
    const log = deps.log ?? ((message: string) => console.error(message));
    const deny = (reason: DenyReason) => denyResponse(resolved.realm, reason);
    // Directory indexes (the front's directoryIndex): only a request that is let through is rewritten.
    const index = resolved.directoryIndex;
    const pass = (request: CloudFrontRequest): CloudFrontRequest => {
        if (index !== undefined) request.uri = directoryIndexUri(request.method, request.uri, index);
        return request;
    };
    /** Lets a request with a verified token through: credentials removed, the subject header set. */
    const allow = (request: CloudFrontRequest, decision: Extract<TokenDecision, { kind: "allow" }>): CloudFrontRequest => {
        stripCredentials(request, resolved);
        if (resolved.subjectHeader !== undefined) {
            request.headers[resolved.subjectHeader] = [{ key: resolved.subjectHeader, value: decision.sub }];
        }
        return pass(request);
    };
    // Browser sign-in, when configured: requests without an Authorization header go through it.
    const signIn = resolved.signIn !== undefined ? createSignInFlow(resolved, verifier, { ...deps, log }, allow) : undefined;

    const handle: ViewerRequestHandler = async (event) => {
        try {
            const request = viewerRequestOf(event);
            if (request === undefined) {
                log("edge-auth: not a viewer-request event; refused (associate the function as viewer-request)");
                return deny("invalid");
            }
            if (isCorsPreflight(request)) {
                // Browsers send preflights without credentials; the origin answers them.
                stripCredentials(request, resolved);
                return pass(request);
            }
            const found = extractToken(request, resolved);
            // Classification: a request carrying a token the config reads (a Bearer header; a cookieName
            // cookie) is checked as before, 401/403 and never a redirect; every other request goes to the
            // sign-in flow when there is one (edge-functions/README.md, "How a request is classified").
            if (found === NO_TOKEN && signIn !== undefined) return await signIn.handle(request);
            if (found === NO_TOKEN) return deny("missing");
            if (found === MALFORMED_TOKEN) return deny("invalid");
            const pending = verifier.check(found);
            // Only a JWKS refetch is asynchronous; awaiting a plain value would cost a promise per request.
            const decision = pending instanceof Promise ? await pending : pending;
            if (decision.kind === "deny") return deny(decision.reason);
            return allow(request, decision);
        } catch (error) {
            // A bug must cost a refusal, never a pass and never a 5xx. The message names the error only.
            log(`edge-auth: unexpected error, request refused: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 120)}` : typeof error}`);
            return deny("invalid");
        }
    };
    return { handle, config: resolved, stats: verifier.stats };
}

/**
 * The viewer-request handler for `config`, which is validated now (throws the `ValidationError`).
 * @example
 * export const handler = createHandler(config, { now: () => fakeNow });
 */
export function createHandler(config: EdgeAuthConfig, deps: EdgeAuthDeps & SignInDeps = {}): ViewerRequestHandler {
    return createAuthorizer(config, deps).handle;
}

/** The handler of a function that cannot run: every request refused with 401, none passed, none answered 5xx. */
function refuseEverything(): ViewerRequestHandler {
    return async () => denyResponse("content", "invalid");
}

/**
 * The handler for a config read at run time (the parsed `config.json`), validated now. A config that
 * fails validation (only possible for an archive not made by the component or `build:edge`, which
 * validate first) yields a handler that refuses every request with 401 and logs why once: a failed
 * module load would answer 503, and a pass would let everyone in.
 */
export function createFailClosedHandler(raw: unknown, deps: EdgeAuthDeps & SignInDeps = {}): ViewerRequestHandler {
    try {
        return createHandler(raw as EdgeAuthConfig, deps);
    } catch (error) {
        logOf(deps)(`edge-auth: the config is invalid, every request is refused:\n${error instanceof Error ? error.message : String(error)}`);
        return refuseEverything();
    }
}

/**
 * The handler for the config file `file` (the `config.json` next to the bundle in the deployment
 * archive), read and parsed now, at cold start. A missing, unreadable or unparsable file, like an
 * invalid config ({@link createFailClosedHandler}), yields a handler that refuses every request with
 * 401 and logs why once (the error code, never the file's content).
 */
export function createHandlerFromFile(file: string, deps: EdgeAuthDeps & SignInDeps = {}): ViewerRequestHandler {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        logOf(deps)(`edge-auth: cannot read the config ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}), every request is refused`);
        return refuseEverything();
    }
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch {
        logOf(deps)(`edge-auth: the config ${file} is not JSON, every request is refused`);
        return refuseEverything();
    }
    return createFailClosedHandler(raw, deps);
}

function logOf(deps: EdgeAuthDeps): (message: string) => void {
    return deps.log ?? ((message: string) => console.error(message));
}

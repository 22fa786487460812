/**
 * The rules of browser sign-in at the edge, as pure functions: how a request is classified, the state
 * (CSRF nonce + original path) and PKCE values, which return paths are safe, the cookies (names,
 * attributes, sizes) and the responses the function generates. No I/O; randomness from node:crypto.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE: a 43–128 character verifier, S256 challenge = base64url(SHA-256(verifier)))
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-6.1 (browsers keep cookies of at least 4096 bytes, name, value and attributes together)
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html (a request's line and headers: at most 20,480 bytes; a viewer-request function's generated response: at most 40 KB)
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontResultResponse } from "./cloudfront";
import { cookieValues, headerValues } from "./cloudfront";
import { EdgeSignInConfig, signInCookieNames } from "../../shared/edge-auth-config";

/** The cookies of the flow, by role. */
export type SignInCookieNames = ReturnType<typeof signInCookieNames>;

/** The attributes of every cookie the flow sets: never sent over http, never readable by scripts, not sent on cross-site subrequests. */
export const COOKIE_ATTRIBUTES = "Path=/; Secure; HttpOnly; SameSite=Lax";

/** How long the state cookie lives: the time a user has to complete the managed login page, seconds. */
export const STATE_COOKIE_MAX_AGE = 600;

/**
 * How long the refresh cookie lives, seconds: 30 days, Cognito's default refresh token validity. A
 * client configured for a shorter validity makes the token invalid first (`invalid_grant`: sign in again).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
 */
export const REFRESH_COOKIE_MAX_AGE = 30 * 24 * 3600;

/** When the token endpoint gives no `expires_in`: Cognito's default ID and access token validity, 1 hour. */
export const DEFAULT_TOKEN_MAX_AGE = 3600;

/**
 * The largest single Set-Cookie value (name, value and attributes) the function sends: what RFC 6265
 * §6.1 requires every browser to keep. A larger cookie may be dropped silently.
 */
export const MAX_COOKIE_BYTES = 4096;

/**
 * The largest sum of the flow's cookies as the browser sends them back (`name=value; ` each). CloudFront
 * refuses a request whose line and headers exceed 20,480 bytes (a 494 answer); half of that is left to
 * the URL (at most 8,192 bytes), the other headers and the site's other cookies.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-general
 */
export const MAX_FLOW_COOKIE_BYTES = 10_240;

/** The longest original path (with query) carried through sign-in in `state`; a longer one returns to `/`. */
export const MAX_RETURN_PATH_LENGTH = 2048;

/** What kind of request the function is looking at. */
export type RequestKind = "callback" | "sign-out" | "navigation" | "other";

/**
 * A navigation: what a browser sends when the user opens a page. `GET`/`HEAD` with `Sec-Fetch-Mode:
 * navigate` (Fetch Metadata, sent by current browsers), or, for browsers without Fetch Metadata,
 * an `Accept` header that names `text/html`. Everything else (images, video segments, XHR/fetch, API
 * clients) is not: it gets 401 instead of a redirect it could not follow to a login page.
 * @see https://www.w3.org/TR/fetch-metadata/#sec-fetch-mode-header
 */
export function isNavigation(request: CloudFrontRequest): boolean {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    const mode = headerValues(request.headers, "sec-fetch-mode");
    if (mode !== undefined) return mode.length === 1 && mode[0] === "navigate";
    return (headerValues(request.headers, "accept") ?? []).some((value) => typeof value === "string" && value.toLowerCase().includes("text/html"));
}

/** The kind of a request without an `Authorization` header (the handler sends those down the Bearer path first). */
export function classifyRequest(request: CloudFrontRequest, signIn: EdgeSignInConfig): RequestKind {
    if (request.uri === signIn.callbackPath) return "callback";
    if (request.uri === signIn.signOutPath) return "sign-out";
    return isNavigation(request) ? "navigation" : "other";
}

// The Host header as CloudFront passes it on: a DNS name, optionally with a port.
const HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;

/**
 * The request's host, lower-case, or `undefined` when there is not exactly one Host header shaped like a
 * DNS name (nothing else may reach a Location header). CloudFront only routes requests whose Host is the
 * distribution's domain or one of its alternate domain names, and Cognito only accepts a `redirect_uri`
 * registered with the app client, so a forged Host cannot send the code elsewhere.
 */
export function hostOf(request: CloudFrontRequest): string | undefined {
    const values = headerValues(request.headers, "host");
    if (values === undefined || values.length !== 1 || typeof values[0] !== "string") return undefined;
    const host = values[0].toLowerCase();
    return host.length <= 253 && HOST.test(host) ? host : undefined;
}

/**
 * `candidate` when it is a same-origin path a browser cannot read as another origin, else `/`: it must
 * start with exactly one `/` (`//evil.example` is a protocol-relative URL), contain no backslash
 * (browsers read `/\evil` as `//evil`), only visible ASCII (no control characters, no spaces), and be
 * at most {@link MAX_RETURN_PATH_LENGTH} characters.
 */
export function safeReturnPath(candidate: unknown): string {
    if (typeof candidate !== "string" || candidate.length === 0 || candidate.length > MAX_RETURN_PATH_LENGTH) return "/";
    if (candidate[0] !== "/" || candidate[1] === "/" || candidate[1] === "\\") return "/";
    if (!/^[\x21-\x7e]+$/.test(candidate) || candidate.includes("\\")) return "/";
    return candidate;
}

/** The request's path and query, as the user asked for it. */
export function originalPathOf(request: CloudFrontRequest): string {
    return request.querystring ? `${request.uri}?${request.querystring}` : request.uri;
}

/** A new sign-in attempt: the `state` parameter, the state cookie's value and the PKCE challenge. */
export interface SignInAttempt {
    /** `<nonce>.<base64url(return path)>`: Cognito hands it back unchanged on the callback. */
    readonly state: string;
    /** `<nonce>.<PKCE verifier>`: kept by the browser in the HttpOnly state cookie. */
    readonly stateCookie: string;
    /** `base64url(SHA-256(verifier))`. */
    readonly codeChallenge: string;
}

const NONCE = /^[A-Za-z0-9_-]{22}$/;
const VERIFIER = /^[A-Za-z0-9_-]{43}$/;

/** S256 of a PKCE verifier (RFC 7636 §4.2). */
export function codeChallengeOf(verifier: string): string {
    return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** Starts a sign-in attempt for `returnPath` (made safe here). 128-bit nonce, 256-bit verifier. */
export function newSignInAttempt(returnPath: string): SignInAttempt {
    const nonce = randomBytes(16).toString("base64url");
    const verifier = randomBytes(32).toString("base64url");
    return {
        state: `${nonce}.${Buffer.from(safeReturnPath(returnPath), "utf8").toString("base64url")}`,
        stateCookie: `${nonce}.${verifier}`,
        codeChallenge: codeChallengeOf(verifier),
    };
}

/**
 * Checks a callback's `state` against the state cookie: both well-formed and carrying the same nonce
 * (compared in constant time). Returns the PKCE verifier and the (safe) return path, or `undefined`.
 */
export function checkCallbackState(state: unknown, stateCookie: unknown): { readonly verifier: string; readonly returnPath: string } | undefined {
    if (typeof state !== "string" || typeof stateCookie !== "string" || state.length > 4096) return undefined;
    const [nonce, encodedPath, ...extraState] = state.split(".");
    const [cookieNonce, verifier, ...extraCookie] = stateCookie.split(".");
    if (extraState.length > 0 || extraCookie.length > 0 || encodedPath === undefined || verifier === undefined) return undefined;
    if (!NONCE.test(nonce) || !NONCE.test(cookieNonce) || !VERIFIER.test(verifier) || !/^[A-Za-z0-9_-]*$/.test(encodedPath)) return undefined;
    if (!timingSafeEqual(Buffer.from(nonce), Buffer.from(cookieNonce))) return undefined;
    return { verifier, returnPath: safeReturnPath(Buffer.from(encodedPath, "base64url").toString("utf8")) };
}

/** The one value of cookie `name`, or `undefined` when it is absent, empty, malformed or sent twice with different values. */
export function singleCookie(headers: CloudFrontHeaders, name: string): string | undefined {
    const values = cookieValues(headers, name);
    if (values.length === 0) return undefined;
    const first = values[0];
    if (typeof first !== "string" || first.length === 0 || values.some((v) => v !== first)) return undefined;
    return first;
}

/** A Set-Cookie value with the flow's attributes. */
export function setCookie(name: string, value: string, maxAgeSeconds: number): string {
    return `${name}=${value}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; ${COOKIE_ATTRIBUTES}`;
}

/** A Set-Cookie value that removes cookie `name` (same Path as when set, Max-Age=0). */
export function clearCookie(name: string): string {
    return setCookie(name, "", 0);
}

/**
 * Whether a set of Set-Cookie values may be sent: each at most {@link MAX_COOKIE_BYTES}, and the
 * cookies as the browser will send them back at most {@link MAX_FLOW_COOKIE_BYTES} together.
 * Returns the problem (sizes only, never values), or `undefined`.
 */
export function cookieSizeProblem(setCookies: readonly string[]): string | undefined {
    let returned = 0;
    for (const value of setCookies) {
        const bytes = Buffer.byteLength(value, "utf8");
        const pair = value.slice(0, value.indexOf(";"));
        if (bytes > MAX_COOKIE_BYTES) return `a cookie of ${bytes} bytes exceeds ${MAX_COOKIE_BYTES}`;
        if (!/Max-Age=0(;|$)/.test(value)) returned += Buffer.byteLength(pair, "utf8") + 2;
    }
    return returned > MAX_FLOW_COOKIE_BYTES ? `the cookies come back as ${returned} bytes, over ${MAX_FLOW_COOKIE_BYTES}` : undefined;
}

/** Headers of every response the function generates: never stored by any cache (they carry or depend on a user's cookies). */
function generatedHeaders(setCookies: readonly string[]): CloudFrontHeaders {
    const headers: CloudFrontHeaders = {
        "cache-control": [{ key: "Cache-Control", value: "no-store" }],
    };
    if (setCookies.length > 0) headers["set-cookie"] = setCookies.map((value) => ({ key: "Set-Cookie", value }));
    return headers;
}

/** A 302 to `location` with `setCookies`, no body. */
export function redirectResponse(location: string, setCookies: readonly string[] = []): CloudFrontResultResponse {
    const headers = generatedHeaders(setCookies);
    headers.location = [{ key: "Location", value: location }];
    return { status: "302", statusDescription: "Found", headers };
}

/** Fixed texts of the error pages: nothing from the request or the token endpoint is ever echoed. */
const PAGES = {
    "400": ["Bad Request", "Sign-in could not be completed (the link is stale or was not started here). Open the page again to sign in.\n"],
    "403": ["Forbidden", "You are signed in, but your account has no access to this content.\n"],
    "502": ["Bad Gateway", "Sign-in could not be completed. Try again in a moment.\n"],
    "503": ["Service Unavailable", "Sign-in is unavailable right now. Try again in a moment.\n"],
} as const;

/** A plain-text error page with a fixed body, never cached, optionally with Set-Cookie values. */
export function errorPage(status: keyof typeof PAGES, setCookies: readonly string[] = []): CloudFrontResultResponse {
    const headers = generatedHeaders(setCookies);
    headers["content-type"] = [{ key: "Content-Type", value: "text/plain; charset=utf-8" }];
    const [description, body] = PAGES[status];
    return { status, statusDescription: description, headers, bodyEncoding: "text", body };
}

/**
 * The URL of the authorize endpoint for one attempt: `response_type=code`, `client_id`, `redirect_uri`
 * (`https://<host><callbackPath>`), `scope` (space-separated), `state`, `code_challenge`,
 * `code_challenge_method=S256`.
 */
export function authorizeLocation(signIn: EdgeSignInConfig, clientId: string, host: string, attempt: SignInAttempt): string {
    const query = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: redirectUriOf(signIn, host),
        scope: signIn.scopes.join(" "),
        state: attempt.state,
        code_challenge: attempt.codeChallenge,
        code_challenge_method: "S256",
    });
    return `${signIn.authorizeUrl}?${query.toString()}`;
}

/** The callback URL registered with the app client, for the request's host. */
export function redirectUriOf(signIn: EdgeSignInConfig, host: string): string {
    return `https://${host}${signIn.callbackPath}`;
}

/** Cognito's logout URL: `client_id` and `logout_uri` (`https://<host><signedOutPath>`, one of the client's sign-out URLs). */
export function logoutLocation(signIn: EdgeSignInConfig, clientId: string, host: string): string {
    const query = new URLSearchParams({ client_id: clientId, logout_uri: `https://${host}${signIn.signedOutPath}` });
    return `${signIn.logoutUrl}?${query.toString()}`;
}

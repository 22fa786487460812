/**
 * Browser sign-in at the edge: what the handler does with a request that carries no token it reads
 * otherwise (no Authorization header). The rules (classification, state, PKCE, cookies, pages) are the
 * pure functions of ./sign-in; the I/O is the token endpoint (./token-endpoint), the client-ID parameter
 * (./parameters) and the CloudFront cookie signer (./signed-cookies), all injectable.
 *
 * Every path ends in a request let through (a verified token cookie), a redirect, or a refusal; a
 * failure of anything outside (token endpoint down, slow or answering garbage; the parameter unreadable)
 * refuses (fail closed), never passes. No token, code or verifier reaches a log line or a response body.
 */
import type { CloudFrontRequest, CloudFrontResultResponse } from "./cloudfront";
import { cookieValues, denyResponse, removeCookie, ViewerRequestResult } from "./cloudfront";
import { ResolvedEdgeAuthConfig, signInCookieNames } from "../../shared/edge-auth-config";
import { clientIdSource, ParameterReader, readParameterWithSdk } from "./parameters";
import {
    authorizeLocation,
    checkCallbackState,
    classifyRequest,
    clearCookie,
    cookieSizeProblem,
    DEFAULT_TOKEN_MAX_AGE,
    errorPage,
    hostOf,
    isNavigation,
    logoutLocation,
    newSignInAttempt,
    originalPathOf,
    redirectResponse,
    redirectUriOf,
    REFRESH_COOKIE_MAX_AGE,
    setCookie,
    singleCookie,
    STATE_COOKIE_MAX_AGE,
} from "./sign-in";
import { CLOUDFRONT_COOKIES, CookieSigner, createCookieSigner } from "./signed-cookies";
import { FormPoster, IssuedTokens, isTokenText, postFormOverHttps, requestTokens, revokeRefreshToken, TokenOutcome } from "./token-endpoint";
import type { TokenDecision, TokenVerifier } from "./verifier";

/** What the sign-in flow may need from outside, injectable for tests. */
export interface SignInDeps {
    /**
     * Posts a form to the token endpoint. Always cut off after `signIn.tokenTimeoutMs`.
     * @default postFormOverHttps (node:https)
     */
    readonly postForm?: FormPoster;
    /**
     * Reads the client-ID parameter (`signIn.clientIdParameter`).
     * @default readParameterWithSdk (@aws-sdk/client-ssm of the Lambda runtime)
     */
    readonly readParameter?: ParameterReader;
    /**
     * The CloudFront cookie signer (`signedCookies`).
     * @default createCookieSigner(config.signedCookies, { now, log })
     */
    readonly cookieSigner?: CookieSigner;
}

/** Renew CloudFront signed cookies on a navigation when they expire within this many seconds. */
export const SIGNED_COOKIE_RENEWAL_SECONDS = 60;

/** The sign-in flow of one config. */
export interface SignInFlow {
    /** Answers a request without a token from the other sources. Never throws for any request. */
    handle(request: CloudFrontRequest): Promise<ViewerRequestResult>;
}

/**
 * The flow for `config` (which has `signIn`). `allow` is the handler's own pass-through (credentials
 * stripped, subject header, directory index).
 */
export function createSignInFlow(
    config: ResolvedEdgeAuthConfig,
    verifier: TokenVerifier,
    deps: SignInDeps & { readonly now?: () => number; readonly log: (message: string) => void },
    allow: (request: CloudFrontRequest, decision: Extract<TokenDecision, { kind: "allow" }>) => CloudFrontRequest,
): SignInFlow {
    const signIn = config.signIn!;
    const now = deps.now ?? Date.now;
    const log = deps.log;
    const post = deps.postForm ?? postFormOverHttps;
    const names = signInCookieNames(signIn.cookiePrefix);
    const tokenCookie = config.tokenUse === "id" ? names.id : names.access;
    const clientId = clientIdSource(signIn.clientId, signIn.clientIdParameter, { now, log, readParameter: deps.readParameter ?? readParameterWithSdk, timeoutMs: signIn.tokenTimeoutMs }, (id) => verifier.acceptClientId(id));
    const signer = config.signedCookies !== undefined ? (deps.cookieSigner ?? createCookieSigner(config.signedCookies, { now, log })) : undefined;

    /** Set-Cookie values that remove every cookie the flow (and the cookie signer) sets. */
    const clearAll = (): string[] => [
        ...[names.id, names.access, names.refresh, names.state].map(clearCookie),
        ...(signer !== undefined ? Object.values(CLOUDFRONT_COOKIES).map(clearCookie) : []),
    ];
    const clearTokens = (): string[] => [names.id, names.access, names.refresh].map(clearCookie);
    const unauthorized = (reason: "missing" | "invalid", setCookies: string[] = []): CloudFrontResultResponse => {
        const response = denyResponse(config.realm, reason);
        if (setCookies.length > 0) response.headers!["set-cookie"] = setCookies.map((value) => ({ key: "Set-Cookie", value }));
        return response;
    };
    const verify = async (token: string): Promise<TokenDecision> => {
        const pending = verifier.check(token);
        return pending instanceof Promise ? await pending : pending;
    };
    const cookieHeaderOf = (request: CloudFrontRequest): string | undefined => {
        const values = (request.headers.cookie ?? []).map((entry) => entry?.value).filter((v): v is string => typeof v === "string");
        return values.length > 0 ? values.join("; ") : undefined;
    };

    /** The cookies for a fresh token set (refresh cookie only when one was issued) plus signed cookies; `undefined` when they would not fit. */
    async function tokenCookies(tokens: IssuedTokens, host: string, extra: string[]): Promise<string[] | undefined> {
        const maxAge = tokens.expiresIn ?? DEFAULT_TOKEN_MAX_AGE;
        const cookies = [setCookie(names.access, tokens.accessToken, maxAge)];
        if (tokens.idToken !== undefined) cookies.unshift(setCookie(names.id, tokens.idToken, maxAge));
        if (tokens.refreshToken !== undefined) cookies.push(setCookie(names.refresh, tokens.refreshToken, REFRESH_COOKIE_MAX_AGE));
        const problem = cookieSizeProblem(cookies);
        if (problem !== undefined) {
            // CloudFront would refuse the browser's next request (or the browser drop a cookie): fail closed.
            log(`edge-auth: sign-in: the token set does not fit in cookies (${problem}); refused`);
            return undefined;
        }
        return [...cookies, ...extra, ...(signer !== undefined ? await signer.setCookies(host) : [])];
    }

    /** No usable token: a navigation is sent to sign in, anything else gets 401. `clear` removes cookies that proved bad. */
    async function startSignIn(request: CloudFrontRequest, host: string | undefined, clear: string[]): Promise<ViewerRequestResult> {
        if (!isNavigation(request)) return unauthorized(clear.length > 0 ? "invalid" : "missing", clear);
        if (host === undefined) return errorPage("400", clear);
        const id = await clientId();
        if (id === undefined) return errorPage("503", clear);
        const attempt = newSignInAttempt(originalPathOf(request));
        return redirectResponse(authorizeLocation(signIn, id, host, attempt), [...clear, setCookie(names.state, attempt.stateCookie, STATE_COOKIE_MAX_AGE)]);
    }

    /** The outcome of a token request turned into cookies and a redirect to `location`. */
    async function finish(outcome: TokenOutcome, host: string, location: string, extra: string[], onInvalidGrant: () => Promise<ViewerRequestResult>): Promise<ViewerRequestResult> {
        if (outcome.kind === "invalid-grant") return onInvalidGrant();
        if (outcome.kind === "unavailable") {
            log(`edge-auth: sign-in: ${outcome.reason}; refused`);
            return errorPage("503", extra);
        }
        // The tokens came over TLS from the pool's endpoint; they are verified all the same (group, claims).
        const token = config.tokenUse === "id" ? outcome.tokens.idToken : outcome.tokens.accessToken;
        if (token === undefined) {
            log("edge-auth: sign-in: the token endpoint issued no ID token (is the openid scope allowed for the app client?); refused");
            return errorPage("502", [...extra, ...clearTokens()]);
        }
        const decision = await verify(token);
        if (decision.kind === "deny") {
            if (decision.reason === "insufficient") return errorPage("403", [...extra, ...clearTokens()]);
            log(`edge-auth: sign-in: the token endpoint issued a token that does not verify (${decision.reason}); refused`);
            return errorPage("502", [...extra, ...clearTokens()]);
        }
        const cookies = await tokenCookies(outcome.tokens, host, extra);
        if (cookies === undefined) return errorPage("502", [...extra, ...clearTokens()]);
        return redirectResponse(location, cookies);
    }

    async function callback(request: CloudFrontRequest, host: string | undefined): Promise<ViewerRequestResult> {
        const clearState = [clearCookie(names.state)];
        if (request.method !== "GET" || host === undefined) return errorPage("400", clearState);
        const query = new URLSearchParams(request.querystring ?? "");
        const codes = query.getAll("code");
        const states = query.getAll("state");
        // An error from the authorize endpoint (the user cancelled, a misconfigured client), or anything but one code and one state.
        if (query.has("error") || codes.length !== 1 || states.length !== 1 || !/^[A-Za-z0-9\-._~]{1,2048}$/.test(codes[0])) return errorPage("400", clearState);
        // CSRF: the state must carry the nonce of this browser's state cookie. Nothing is sent anywhere otherwise.
        const checked = checkCallbackState(states[0], singleCookie(request.headers, names.state));
        if (checked === undefined) return errorPage("400", clearState);
        const id = await clientId();
        if (id === undefined) return errorPage("503", clearState);
        const outcome = await requestTokens(post, signIn.tokenUrl, { grant_type: "authorization_code", client_id: id, code: codes[0], redirect_uri: redirectUriOf(signIn, host), code_verifier: checked.verifier }, signIn.tokenTimeoutMs);
        // A used or expired code: the page was reloaded, or the code was stolen and used; start again.
        return finish(outcome, host, checked.returnPath, clearState, async () => errorPage("400", clearState));
    }

    async function signOut(request: CloudFrontRequest, host: string | undefined): Promise<ViewerRequestResult> {
        const id = await clientId();
        // Without a client ID Cognito's logout cannot be called: the cookies go all the same.
        if (host === undefined || id === undefined) return redirectResponse(signIn.signedOutPath, clearAll());
        // A refresh token copied from the cookie would outlive the cookie: revoke it (best effort; the
        // cookies go whatever the answer).
        const refreshToken = singleCookie(request.headers, names.refresh);
        if (signIn.revokeUrl !== undefined && refreshToken !== undefined && isTokenText(refreshToken)) {
            const failure = await revokeRefreshToken(post, signIn.revokeUrl, { token: refreshToken, client_id: id }, signIn.tokenTimeoutMs);
            if (failure !== undefined) log(`edge-auth: sign-out: ${failure}; the refresh token stays valid until it expires`);
        }
        return redirectResponse(logoutLocation(signIn, id, host), clearAll());
    }

    async function refresh(request: CloudFrontRequest, host: string | undefined, refreshToken: string): Promise<ViewerRequestResult> {
        // A redirect can replay only a GET or HEAD without a body the function never sees; other methods sign in again.
        if ((request.method !== "GET" && request.method !== "HEAD") || host === undefined) return startSignIn(request, host, []);
        const id = await clientId();
        if (id === undefined) return errorPage("503");
        const outcome = await requestTokens(post, signIn.tokenUrl, { grant_type: "refresh_token", client_id: id, refresh_token: refreshToken }, signIn.tokenTimeoutMs);
        // Revoked, expired or from another client: the cookies are useless, sign in again.
        return finish(outcome, host, originalPathOf(request), [], () => startSignIn(request, host, clearTokens()));
    }

    async function browser(request: CloudFrontRequest, host: string | undefined): Promise<ViewerRequestResult> {
        // A client ID read from SSM is also an audience the cookies' tokens are checked against: a new
        // container reads it before its first check, and without it refuses (503) rather than call the
        // tokens invalid and throw the cookies away.
        if (signIn.clientIdParameter !== undefined && (await clientId()) === undefined) return errorPage("503");
        const token = singleCookie(request.headers, tokenCookie);
        const refreshToken = singleCookie(request.headers, names.refresh);
        const present = [names.id, names.access, names.refresh].some((name) => cookieValues(request.headers, name).length > 0);
        if (token !== undefined) {
            const decision = await verify(token);
            if (decision.kind === "allow") {
                // A viewer-request function cannot add Set-Cookie to a request it lets through: renewing
                // CloudFront's cookies takes a redirect to the same URL (navigations only).
                if (signer !== undefined && host !== undefined && isNavigation(request) && signer.needsRenewal(cookieHeaderOf(request), SIGNED_COOKIE_RENEWAL_SECONDS)) {
                    const cookies = await signer.setCookies(host);
                    if (cookies.length > 0) return redirectResponse(originalPathOf(request), cookies);
                }
                for (const name of [names.id, names.access, names.refresh, names.state]) removeCookie(request.headers, name);
                return allow(request, decision);
            }
            if (decision.reason === "insufficient") return isNavigation(request) ? errorPage("403") : denyResponse(config.realm, "insufficient");
            // Forged, tampered, for another pool or client: never rescued by its refresh token.
            if (decision.reason === "invalid") return startSignIn(request, host, clearTokens());
        }
        if (refreshToken !== undefined && isTokenText(refreshToken)) return refresh(request, host, refreshToken);
        return startSignIn(request, host, present ? clearTokens() : []);
    }

    return {
        async handle(request) {
            const host = hostOf(request);
            switch (classifyRequest(request, signIn)) {
                case "callback":
                    return callback(request, host);
                case "sign-out":
                    return signOut(request, host);
                default:
                    return browser(request, host);
            }
        },
    };
}

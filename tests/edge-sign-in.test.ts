/**
 * Browser sign-in at the edge, in process, against a loopback HTTPS token endpoint answering like
 * Cognito's (real PKCE check, real RS256 tokens, `invalid_grant`, slow/down/garbage modes) through the
 * function's real node:https client: the config's validation, classification, the authorize redirect,
 * the callback (CSRF, open redirects), cookies (attributes, sizes, tampering), refresh, revocation,
 * sign-out, failure modes, the client-ID parameter, signed-cookie calls, and no secret in any log or body.
 */
import { expect } from "chai";
import * as https from "node:https";
import type { CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import { EdgeAuthConfig, EdgeSignInConfig, validateEdgeAuthConfig } from "../shared/edge-auth-config";
import { ValidationError } from "../shared/validation";
import { createAuthorizer } from "../edge-functions/cognito-auth/handler";
import { codeChallengeOf, cookieSizeProblem, MAX_COOKIE_BYTES, safeReturnPath } from "../edge-functions/cognito-auth/sign-in";
import type { CookieSigner } from "../edge-functions/cognito-auth/signed-cookies";
import { SignInDeps } from "../edge-functions/cognito-auth/sign-in-flow";
import { readTokenAnswer } from "../edge-functions/cognito-auth/token-endpoint";
import { b64url, bearerEvent, CLIENT_ID, idClaims, signRs256, testConfig, testKey, testSignInConfig, viewerRequestEvent } from "./edge-auth-tokens";
import { LoopbackTokenEndpoint } from "./support/loopback-token-endpoint";

const HOST = "d111111abcdef8.cloudfront.net";
type Result = CloudFrontRequest | CloudFrontResultResponse;
const isResponse = (r: Result): r is CloudFrontResultResponse => "status" in r;
const setCookiesOf = (r: Result): string[] => (isResponse(r) ? (r.headers?.["set-cookie"] ?? []).map((h) => h.value) : []);
const locationOf = (r: Result): string | undefined => (isResponse(r) ? r.headers?.location?.[0]?.value : undefined);
const cookieNamed = (r: Result, name: string) => setCookiesOf(r).find((c) => c.startsWith(`${name}=`));
const valueOf = (setCookie: string | undefined) => setCookie?.slice(setCookie.indexOf("=") + 1, setCookie.indexOf(";"));
const navigation = { "sec-fetch-mode": "navigate", accept: "text/html,application/xhtml+xml" };

describe("edge sign-in", function () {
    this.timeout(20_000);
    const endpoint = new LoopbackTokenEndpoint();
    const logs: string[] = [];
    const bodies: string[] = [];
    const secrets: string[] = [];
    let originalCa: unknown;

    before(async () => {
        await endpoint.start();
        // The function's real https client must trust the loopback endpoint's test CA.
        originalCa = https.globalAgent.options.ca;
        https.globalAgent.options.ca = endpoint.pki.root.certPem;
    });
    after(async () => {
        https.globalAgent.options.ca = originalCa as string | undefined;
        await endpoint.stop();
        // No token, code or verifier in any log line or response body of the whole suite.
        const secretTexts = [...secrets, ...endpoint.refreshTokens.keys()].filter((s) => s.length >= 20);
        for (const text of [...logs, ...bodies]) for (const secret of secretTexts) expect(text.includes(secret), `leaked in: ${text.slice(0, 80)}`).to.equal(false);
    });
    beforeEach(() => {
        endpoint.mode = "normal";
        endpoint.tokenLifetimeSeconds = 3600;
        endpoint.idClaimOverrides = {};
    });

    function signInSettings(overrides: Partial<EdgeSignInConfig> = {}): EdgeSignInConfig {
        return testSignInConfig(endpoint.tokenUrl, { tokenTimeoutMs: 800, ...overrides });
    }
    function handler(signIn: Partial<EdgeSignInConfig> = {}, deps: SignInDeps = {}, config: Partial<EdgeAuthConfig> = {}) {
        const a = createAuthorizer(testConfig({ clientIds: [], tokenUse: "id", signIn: signInSettings(signIn), ...config }), { log: (m) => logs.push(m), ...deps });
        return async (event: ReturnType<typeof viewerRequestEvent>): Promise<Result> => {
            const result = await a.handle(event);
            if (isResponse(result) && result.body) bodies.push(result.body);
            return result;
        };
    }
    /** The browser's side: follows the authorize redirect through "managed login" (the endpoint issues a code) to the callback. */
    async function signInVia(handle: ReturnType<typeof handler>, uri = "/videos/intro/", querystring = "q=1") {
        const start = await handle(viewerRequestEvent({ uri, querystring, headers: navigation }));
        const authorize = new URL(locationOf(start)!);
        const stateCookie = valueOf(cookieNamed(start, "ltf-state"))!;
        const code = endpoint.issueCode(authorize.searchParams.get("code_challenge")!, authorize.searchParams.get("client_id")!, authorize.searchParams.get("redirect_uri")!);
        secrets.push(code, stateCookie.split(".")[1]);
        const callback = await handle(viewerRequestEvent({ uri: "/auth/callback", querystring: new URLSearchParams({ code, state: authorize.searchParams.get("state")! }).toString(), headers: { ...navigation, cookie: `ltf-state=${stateCookie}` } }));
        const cookies = Object.fromEntries(["ltf-id", "ltf-access", "ltf-refresh"].map((n) => [n, valueOf(cookieNamed(callback, n))!]));
        secrets.push(...Object.values(cookies).filter((v) => v));
        return { start, authorize, stateCookie, code, callback, cookies, cookieHeader: Object.entries(cookies).map(([n, v]) => `${n}=${v}`).join("; ") };
    }

    describe("config", () => {
        it("accepts a sign-in config, adds the baked client to the accepted ones, and refuses every problem with its path", () => {
            expect(validateEdgeAuthConfig(testConfig({ clientIds: [], tokenUse: "id", signIn: signInSettings() })).signIn?.callbackPath).to.equal("/auth/callback");
            const bad = testConfig({
                clientIds: [],
                tokenUse: "id",
                cookieName: "ltf-id",
                signIn: {
                    ...signInSettings({ authorizeUrl: "http://login.example.test/oauth2/authorize", tokenUrl: "https://x.test/t?a=1", scopes: ["email"], callbackPath: "//evil", signOutPath: "/a\\b", signedOutPath: "/auth/callback", cookiePrefix: "-x", tokenTimeoutMs: 50 }),
                    clientIdParameter: { name: "/p", region: "us-east-1" },
                    extra: 1,
                } as unknown as EdgeSignInConfig,
                signedCookies: { keyPairId: "k1", privateKeySecretArn: "arn:aws:s3:::b", pathPatterns: [], lifetimeSeconds: 5, keyCacheSeconds: 300 },
            });
            let error: ValidationError | undefined;
            try {
                validateEdgeAuthConfig(bad);
            } catch (e) {
                error = e as ValidationError;
            }
            expect(error).to.be.instanceOf(ValidationError);
            expect(error!.issues.map((i) => i.path).sort()).to.deep.equal(
                [
                    "signIn.authorizeUrl",
                    "signIn.callbackPath",
                    "signIn.clientId",
                    "signIn.cookiePrefix",
                    "signIn.extra",
                    "signIn.scopes",
                    "signIn.signOutPath",
                    "signIn.tokenTimeoutMs",
                    "signIn.tokenUrl",
                    "signedCookies.keyPairId",
                    "signedCookies.lifetimeSeconds",
                    "signedCookies.pathPatterns",
                    "signedCookies.privateKeySecretArn",
                ].sort(),
            );
            expect(error!.message).to.contain('signIn.authorizeUrl: "http://login.example.test/oauth2/authorize" is not an https URL');
            expect(error!.message).to.contain("signIn.tokenTimeoutMs: 50 is not a whole number from 100 to 3000");
            expect(error!.message).to.contain('must include "openid" when tokenUse is "id"');
            expect(() => validateEdgeAuthConfig(testConfig({ tokenUse: "id", cookieName: "ltf-id", signIn: signInSettings() }))).to.throw(ValidationError, 'cookieName: "ltf-id" is one of the sign-in flow\'s cookies');
            expect(() => validateEdgeAuthConfig(testConfig({ signedCookies: { keyPairId: "K2JCJMDEHXQW5F", privateKeySecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf", pathPatterns: ["/downloads/*"], lifetimeSeconds: 3600, keyCacheSeconds: 300 } }))).to.throw(ValidationError, /signedCookies: .* requires signIn/);
        });
    });

    describe("classification and the authorize redirect", () => {
        it("sends a navigation without cookies to the authorize endpoint with every parameter, and a state cookie", async () => {
            const handle = handler();
            const result = await handle(viewerRequestEvent({ uri: "/videos/intro/", querystring: "q=1&x=%2F", headers: navigation }));
            expect(isResponse(result) && result.status).to.equal("302");
            expect((result as CloudFrontResultResponse).headers!["cache-control"]).to.deep.equal([{ key: "Cache-Control", value: "no-store" }]);
            const url = new URL(locationOf(result)!);
            expect(`${url.origin}${url.pathname}`).to.equal("https://login.example.test/oauth2/authorize");
            expect([...url.searchParams.keys()].sort()).to.deep.equal(["client_id", "code_challenge", "code_challenge_method", "redirect_uri", "response_type", "scope", "state"]);
            expect(url.searchParams.get("response_type")).to.equal("code");
            expect(url.searchParams.get("client_id")).to.equal(CLIENT_ID);
            expect(url.searchParams.get("redirect_uri")).to.equal(`https://${HOST}/auth/callback`);
            expect(url.searchParams.get("scope")).to.equal("openid email");
            expect(url.searchParams.get("code_challenge_method")).to.equal("S256");
            const state = url.searchParams.get("state")!;
            expect(Buffer.from(state.split(".")[1], "base64url").toString()).to.equal("/videos/intro/?q=1&x=%2F");
            const stateCookie = cookieNamed(result, "ltf-state")!;
            expect(stateCookie).to.match(/^ltf-state=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
            const [nonce, verifier] = valueOf(stateCookie)!.split(".");
            expect(state.split(".")[0]).to.equal(nonce);
            expect(url.searchParams.get("code_challenge")).to.equal(codeChallengeOf(verifier));
            // A second attempt gets fresh values.
            const again = await handle(viewerRequestEvent({ uri: "/videos/intro/", headers: navigation }));
            expect(valueOf(cookieNamed(again, "ltf-state"))).to.not.equal(valueOf(stateCookie));
        });

        it("classifies: old browsers by Accept, subrequests and API calls get 401, Bearer callers are never redirected", async () => {
            const handle = handler();
            expect(locationOf(await handle(viewerRequestEvent({ headers: { accept: "text/html" } })))).to.match(/^https:\/\/login\.example\.test\//);
            for (const headers of [{ "sec-fetch-mode": "no-cors", accept: "text/html" }, { accept: "image/avif,image/*" }, { "sec-fetch-mode": "cors", accept: "application/json" }, {}] as Record<string, string>[]) {
                const result = await handle(viewerRequestEvent({ headers }));
                expect((result as CloudFrontResultResponse).status, JSON.stringify(headers)).to.equal("401");
                expect(locationOf(result)).to.equal(undefined);
            }
            expect((await handle(viewerRequestEvent({ method: "POST", headers: navigation }))) as CloudFrontResultResponse).to.include({ status: "401" });
            const forged = signRs256(idClaims(Date.now() / 1000), testKey("attacker"));
            for (const event of [bearerEvent(forged, { headers: navigation }), viewerRequestEvent({ headers: { ...navigation, authorization: "Basic dXNlcjpwYXNz" } })]) {
                const result = (await handle(event)) as CloudFrontResultResponse;
                expect(result.status).to.equal("401");
                expect(locationOf(result)).to.equal(undefined);
                expect(setCookiesOf(result)).to.deep.equal([]);
            }
            const valid = signRs256(idClaims(Date.now() / 1000), testKey("key-1"));
            expect(isResponse(await handle(bearerEvent(valid, { headers: navigation })))).to.equal(false);
        });
    });

    describe("callback, content, refresh, sign-out", () => {
        it("exchanges the code with the PKCE verifier, sets the token cookies, and returns to the original path", async () => {
            const handle = handler();
            const before = endpoint.requests.length;
            const flow = await signInVia(handle);
            expect(endpoint.requests.length).to.equal(before + 1);
            const exchange = endpoint.requests[before];
            expect(exchange.contentType).to.equal("application/x-www-form-urlencoded");
            expect(exchange.authorization).to.equal(undefined);
            expect(Object.keys(exchange.form).sort()).to.deep.equal(["client_id", "code", "code_verifier", "grant_type", "redirect_uri"]);
            expect(exchange.form).to.include({ grant_type: "authorization_code", client_id: CLIENT_ID, code: flow.code, redirect_uri: `https://${HOST}/auth/callback`, code_verifier: flow.stateCookie.split(".")[1] });
            expect((flow.callback as CloudFrontResultResponse).status).to.equal("302");
            expect(locationOf(flow.callback)).to.equal("/videos/intro/?q=1");
            expect(cookieNamed(flow.callback, "ltf-id")).to.match(/^ltf-id=ey[^;]+; Max-Age=3600; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
            expect(cookieNamed(flow.callback, "ltf-access")).to.match(/; Max-Age=3600; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
            expect(cookieNamed(flow.callback, "ltf-refresh")).to.match(/; Max-Age=2592000; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
            expect(cookieNamed(flow.callback, "ltf-state")).to.equal("ltf-state=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
            // The content request passes, without the flow's cookies; the site's other cookies stay.
            const content = await handle(viewerRequestEvent({ uri: "/videos/intro/", headers: { ...navigation, cookie: `theme=dark; ${flow.cookieHeader}` } }));
            expect(isResponse(content)).to.equal(false);
            expect((content as CloudFrontRequest).headers.cookie).to.deep.equal([{ key: "Cookie", value: "theme=dark" }]);
            // A replayed callback (reload, or a stolen code) is refused by the endpoint: 400, no cookies set.
            const replay = await handle(viewerRequestEvent({ uri: "/auth/callback", querystring: new URLSearchParams({ code: flow.code, state: flow.authorize.searchParams.get("state")! }).toString(), headers: { cookie: `ltf-state=${flow.stateCookie}` } }));
            expect((replay as CloudFrontResultResponse).status).to.equal("400");
            expect(cookieNamed(replay, "ltf-id")).to.equal(undefined);
        });

        it("refreshes an expired token once, then passes; a revoked refresh token clears the cookies and signs in again", async () => {
            const handle = handler();
            const flow = await signInVia(handle);
            const expired = signRs256(idClaims(Date.now() / 1000 - 7200), testKey("key-1"));
            const before = endpoint.requests.length;
            const refreshed = await handle(viewerRequestEvent({ uri: "/videos/a.ts", headers: { cookie: `ltf-id=${expired}; ltf-refresh=${flow.cookies["ltf-refresh"]}` } }));
            expect(endpoint.requests[before].form).to.deep.equal({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: flow.cookies["ltf-refresh"] });
            expect((refreshed as CloudFrontResultResponse).status).to.equal("302");
            expect(locationOf(refreshed)).to.equal("/videos/a.ts");
            const newId = valueOf(cookieNamed(refreshed, "ltf-id"))!;
            secrets.push(newId, valueOf(cookieNamed(refreshed, "ltf-access"))!);
            expect(newId).to.not.equal(expired);
            expect(cookieNamed(refreshed, "ltf-refresh")).to.equal(undefined); // not rotated: the old one stays
            expect(isResponse(await handle(viewerRequestEvent({ uri: "/videos/a.ts", headers: { cookie: `ltf-id=${newId}; ltf-refresh=${flow.cookies["ltf-refresh"]}` } })))).to.equal(false);
            // A missing ID cookie (the browser dropped it at Max-Age) refreshes too.
            expect(locationOf(await handle(viewerRequestEvent({ uri: "/b", headers: { cookie: `ltf-refresh=${flow.cookies["ltf-refresh"]}` } })))).to.equal("/b");

            endpoint.revoke(flow.cookies["ltf-refresh"]);
            const revoked = await handle(viewerRequestEvent({ uri: "/c", headers: { ...navigation, cookie: `ltf-id=${expired}; ltf-refresh=${flow.cookies["ltf-refresh"]}` } }));
            expect(locationOf(revoked)).to.match(/^https:\/\/login\.example\.test\/oauth2\/authorize\?/);
            for (const name of ["ltf-id", "ltf-access", "ltf-refresh"]) expect(cookieNamed(revoked, name)).to.equal(`${name}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax`);
            expect(cookieNamed(revoked, "ltf-state")).to.match(/Max-Age=600/);
            const revokedApi = (await handle(viewerRequestEvent({ uri: "/c", headers: { cookie: `ltf-refresh=${flow.cookies["ltf-refresh"]}` } }))) as CloudFrontResultResponse;
            expect(revokedApi.status).to.equal("401");
            expect(cookieNamed(revokedApi, "ltf-refresh")).to.contain("Max-Age=0");
        });

        it("signs out: every cookie cleared (Max-Age=0), then Cognito's logout with client_id and logout_uri", async () => {
            const signer: CookieSigner = { setCookies: async () => [], needsRenewal: () => false };
            const handle = handler({}, { cookieSigner: signer }, { signedCookies: { keyPairId: "K2JCJMDEHXQW5F", privateKeySecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf", pathPatterns: ["/downloads/*"], lifetimeSeconds: 3600, keyCacheSeconds: 300 } });
            const result = await handle(viewerRequestEvent({ uri: "/auth/sign-out", headers: { ...navigation, cookie: "ltf-id=x; ltf-refresh=y" } }));
            expect((result as CloudFrontResultResponse).status).to.equal("302");
            expect(locationOf(result)).to.equal(`https://login.example.test/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent(`https://${HOST}/`)}`);
            const names = ["ltf-id", "ltf-access", "ltf-refresh", "ltf-state", "CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"];
            expect(setCookiesOf(result)).to.deep.equal(names.map((n) => `${n}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax`));
        });

        it("signs out revoking the refresh token at Cognito, so a copy of the cookie refreshes nothing", async () => {
            const handle = handler();
            const flow = await signInVia(handle);
            const refreshToken = flow.cookies["ltf-refresh"];
            const before = endpoint.requests.length;
            const out = await handle(viewerRequestEvent({ uri: "/auth/sign-out", headers: { ...navigation, cookie: flow.cookieHeader } }));
            expect((out as CloudFrontResultResponse).status).to.equal("302");
            expect(endpoint.requests.slice(before).map((r) => [r.path, r.form])).to.deep.equal([["/oauth2/revoke", { token: refreshToken, client_id: CLIENT_ID }]]);
            // The copied refresh cookie: Cognito refuses it (invalid_grant), so the viewer signs in again.
            const copied = await handle(viewerRequestEvent({ headers: { ...navigation, cookie: `ltf-refresh=${refreshToken}` } }));
            expect(new URL(locationOf(copied)!).pathname).to.equal("/oauth2/authorize");
            expect(cookieNamed(copied, "ltf-refresh")).to.contain("Max-Age=0");
        });

        it("signs out even when the revocation fails: cookies cleared, one log line without the token", async () => {
            const handle = handler();
            const flow = await signInVia(handle);
            endpoint.mode = "down";
            const logged = logs.length;
            const out = await handle(viewerRequestEvent({ uri: "/auth/sign-out", headers: { ...navigation, cookie: flow.cookieHeader } }));
            expect(locationOf(out)).to.match(/^https:\/\/login\.example\.test\/logout\?/);
            expect(cookieNamed(out, "ltf-refresh")).to.contain("Max-Age=0");
            expect(logs.slice(logged)).to.deep.equal(["edge-auth: sign-out: revocation endpoint answered 500; the refresh token stays valid until it expires"]);
        });

        it("sends a signed-in user without the group to a 403 page, not into a redirect loop", async () => {
            endpoint.idClaimOverrides = { "cognito:groups": ["others"] };
            const handle = handler();
            const flow = await signInVia(handle);
            expect((flow.callback as CloudFrontResultResponse).status).to.equal("403");
            expect(cookieNamed(flow.callback, "ltf-id")).to.contain("Max-Age=0");
            const outsider = signRs256(idClaims(Date.now() / 1000, { "cognito:groups": ["others"] }), testKey("key-1"));
            expect(((await handle(viewerRequestEvent({ headers: { ...navigation, cookie: `ltf-id=${outsider}` } }))) as CloudFrontResultResponse).status).to.equal("403");
        });
    });

    describe("attacks", () => {
        it("open redirects through state all land on /", async () => {
            for (const evil of ["//evil.example", "https://evil.example", "/\\evil", "%2F%2Fevil", "/" + "a".repeat(3000), "", "javascript:alert(1)", "/\tx", "\\\\evil", "/ok\\..\\"]) {
                expect(safeReturnPath(evil), JSON.stringify(evil)).to.equal("/");
            }
            expect(safeReturnPath("/a/b?c=%2F%2Fd")).to.equal("/a/b?c=%2F%2Fd");
            const handle = handler();
            for (const evil of ["//evil.example", "https://evil.example", "/\\evil", "%2F%2Fevil", "/" + "a".repeat(3000)]) {
                const start = await handle(viewerRequestEvent({ headers: navigation }));
                const authorize = new URL(locationOf(start)!);
                const stateCookie = valueOf(cookieNamed(start, "ltf-state"))!;
                const code = endpoint.issueCode(authorize.searchParams.get("code_challenge")!, CLIENT_ID, authorize.searchParams.get("redirect_uri")!);
                secrets.push(code);
                // The worst case: an attacker who knows the victim's nonce rewrites the path part of state.
                const state = `${stateCookie.split(".")[0]}.${b64url(evil)}`;
                const callback = await handle(viewerRequestEvent({ uri: "/auth/callback", querystring: new URLSearchParams({ code, state }).toString(), headers: { cookie: `ltf-state=${stateCookie}` } }));
                secrets.push(valueOf(cookieNamed(callback, "ltf-id"))!, valueOf(cookieNamed(callback, "ltf-refresh"))!);
                expect(locationOf(callback), evil.slice(0, 40)).to.equal("/");
            }
        });

        it("CSRF: a state whose nonce is not the state cookie's, or no state cookie, is refused before any token request", async () => {
            const handle = handler();
            const start = await handle(viewerRequestEvent({ headers: navigation }));
            const state = new URL(locationOf(start)!).searchParams.get("state")!;
            const stateCookie = valueOf(cookieNamed(start, "ltf-state"))!;
            const otherCookie = valueOf(cookieNamed(await handle(viewerRequestEvent({ headers: navigation })), "ltf-state"))!;
            const before = endpoint.requests.length;
            for (const [querystring, cookie] of [
                [`code=abc&state=${state}`, `ltf-state=${otherCookie}`],
                [`code=abc&state=${state}`, undefined],
                [`code=abc`, `ltf-state=${stateCookie}`],
                [`code=abc&state=${state}&state=${state}`, `ltf-state=${stateCookie}`],
                [`code=abc&state=x${state}`, `ltf-state=${stateCookie}`],
                [`error=access_denied&state=${state}`, `ltf-state=${stateCookie}`],
                [`code=a%0Ab&state=${state}`, `ltf-state=${stateCookie}`],
            ] as const) {
                const result = (await handle(viewerRequestEvent({ uri: "/auth/callback", querystring, headers: cookie ? { cookie } : {} }))) as CloudFrontResultResponse;
                expect(result.status, querystring).to.equal("400");
                expect(setCookiesOf(result)).to.deep.equal(["ltf-state=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax"]);
            }
            expect(endpoint.requests.length).to.equal(before);
        });

        it("tampered cookies (signature, payload, another pool's key, another client) never pass and never refresh", async () => {
            const handle = handler();
            const now = Date.now() / 1000;
            const valid = signRs256(idClaims(now), testKey("key-1"));
            const [h, p, s] = valid.split(".");
            const flipped = s.slice(0, 10) + (s[10] === "A" ? "B" : "A") + s.slice(11);
            const tampered = [
                `${h}.${p}.${flipped}`,
                `${h}.${b64url(idClaims(now, { "cognito:groups": ["admins", "subscribers"], sub: "someone-else" }))}.${s}`,
                signRs256(idClaims(now), testKey("attacker")),
                signRs256(idClaims(now, { aud: "otherclient" }), testKey("key-1")),
                signRs256(idClaims(now, { iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other" }), testKey("key-1")),
                `${h}.${p}`,
            ];
            const before = endpoint.requests.length;
            for (const token of tampered) {
                const nav = await handle(viewerRequestEvent({ headers: { ...navigation, cookie: `ltf-id=${token}; ltf-refresh=abc.def` } }));
                expect(locationOf(nav)).to.match(/^https:\/\/login\.example\.test\/oauth2\/authorize\?/);
                expect(cookieNamed(nav, "ltf-id")).to.contain("Max-Age=0");
                const sub = (await handle(viewerRequestEvent({ headers: { cookie: `ltf-id=${token}` } }))) as CloudFrontResultResponse;
                expect(sub.status).to.equal("401");
            }
            expect(endpoint.requests.length).to.equal(before);
        });

        it("fails closed within the time limit when the token endpoint is slow, down, or answers garbage or too much", async () => {
            const handle = handler({ tokenTimeoutMs: 300 });
            const flow = await signInVia(handle);
            const expired = signRs256(idClaims(Date.now() / 1000 - 7200), testKey("key-1"));
            for (const mode of ["slow", "down", "garbage", "huge"] as const) {
                endpoint.mode = mode;
                const started = Date.now();
                const result = (await handle(viewerRequestEvent({ headers: { ...navigation, cookie: `ltf-id=${expired}; ltf-refresh=${flow.cookies["ltf-refresh"]}` } }))) as CloudFrontResultResponse;
                expect(Date.now() - started, mode).to.be.below(300 + 400);
                expect(result.status, mode).to.equal("503");
                expect(result.headers!["cache-control"][0].value).to.equal("no-store");
                expect(setCookiesOf(result), mode).to.deep.equal([]); // the cookies stay: a later try may work
            }
            expect(logs.some((l) => l.includes("no answer within 300 ms"))).to.equal(true);
            expect(logs.some((l) => l.includes("token endpoint answered 500 internal_error"))).to.equal(true);
        });
    });

    describe("the token endpoint's answers", () => {
        it("reads tokens, invalid_grant and everything else (unavailable), never echoing a body", () => {
            const secret = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA";
            expect(readTokenAnswer({ status: 200, body: JSON.stringify({ id_token: secret, access_token: secret, refresh_token: "a.b.c.d.e", expires_in: 3600, token_type: "Bearer" }) })).to.deep.equal({
                kind: "tokens",
                tokens: { idToken: secret, accessToken: secret, refreshToken: "a.b.c.d.e", expiresIn: 3600 },
            });
            // Without the openid scope Cognito issues no ID token.
            expect(readTokenAnswer({ status: 200, body: JSON.stringify({ access_token: secret, expires_in: 300 }) })).to.deep.include({ kind: "tokens" });
            expect(readTokenAnswer({ status: 400, body: '{"error":"invalid_grant"}' })).to.deep.equal({ kind: "invalid-grant" });
            const cases: [number, string, string][] = [
                [400, '{"error":"invalid_client"}', "token endpoint answered 400 invalid_client"],
                [400, JSON.stringify({ error: secret }), "token endpoint answered 400"],
                [401, '{"error":"invalid_grant"}', "token endpoint answered 401 invalid_grant"],
                [200, JSON.stringify({ id_token: secret }), "token endpoint answered 200 without tokens of the expected shape"],
                [200, JSON.stringify({ id_token: secret, access_token: `${secret} x` }), "token endpoint answered 200 without tokens of the expected shape"],
                [200, JSON.stringify({ access_token: secret, expires_in: -1 }), "token endpoint answered 200 without tokens of the expected shape"],
                [200, `${secret}`, "token endpoint answered 200 with a body that is not JSON"],
                [200, "[]", "token endpoint answered 200 with a body that is not an object"],
            ];
            for (const [status, body, reason] of cases) expect(readTokenAnswer({ status, body }), body.slice(0, 30)).to.deep.equal({ kind: "unavailable", reason });
        });

        it("signs in with access tokens (tokenUse access) and lets the access cookie through", async () => {
            const handle = handler({}, {}, { tokenUse: "access" });
            const flow = await signInVia(handle);
            expect((flow.callback as CloudFrontResultResponse).status).to.equal("302");
            const content = await handle(viewerRequestEvent({ headers: { cookie: `ltf-access=${flow.cookies["ltf-access"]}` } }));
            expect(isResponse(content)).to.equal(false);
            // The ID cookie alone is not what this config checks.
            const idOnly = (await handle(viewerRequestEvent({ headers: { cookie: `ltf-id=${flow.cookies["ltf-id"]}` } }))) as CloudFrontResultResponse;
            expect(idOnly.status).to.equal("401");
        });
    });

    describe("cookie sizes", () => {
        it("a realistic Cognito token set fits; a token set too large for cookies is refused, not sent", async () => {
            const handle = handler();
            const flow = await signInVia(handle);
            const sizes = setCookiesOf(flow.callback).map((c) => [c.slice(0, c.indexOf("=")), Buffer.byteLength(c)] as const);
            for (const [name, bytes] of sizes) expect(bytes, name).to.be.below(MAX_COOKIE_BYTES);
            expect(cookieSizeProblem(setCookiesOf(flow.callback))).to.equal(undefined);
            // Many groups make a large ID token: over 4096 bytes it could be dropped by the browser.
            endpoint.idClaimOverrides = { "cognito:groups": ["subscribers", ...Array.from({ length: 200 }, (_, i) => `group-number-${i}`)] };
            const big = await signInVia(handle);
            expect((big.callback as CloudFrontResultResponse).status).to.equal("502");
            expect(cookieNamed(big.callback, "ltf-id")).to.equal("ltf-id=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
            expect(logs.some((l) => /does not fit in cookies \(a cookie of \d+ bytes exceeds 4096\)/.test(l))).to.equal(true);
        });
    });

    describe("client ID from SSM, signed cookies", () => {
        it("reads the client ID at cold start, caches it, accepts its tokens; fails closed (503) when it cannot be read", async () => {
            let reads = 0;
            const handle = handler({ clientId: undefined, clientIdParameter: { name: "/ltf/dev/client-id", region: "us-east-1" } }, { readParameter: async (p) => (reads++, expect(p.name).to.equal("/ltf/dev/client-id"), `${CLIENT_ID}\n`) });
            const flow = await signInVia(handle);
            expect(new URL(locationOf(flow.start)!).searchParams.get("client_id")).to.equal(CLIENT_ID);
            expect((flow.callback as CloudFrontResultResponse).status).to.equal("302");
            expect(isResponse(await handle(viewerRequestEvent({ headers: { cookie: flow.cookieHeader } })))).to.equal(false);
            expect(reads).to.equal(1);
            // A new container reads the ID before it checks the first cookie: the session survives a cold start.
            const cold = handler({ clientId: undefined, clientIdParameter: { name: "/ltf/dev/client-id", region: "us-east-1" } }, { readParameter: async () => (reads++, CLIENT_ID) });
            expect(isResponse(await cold(viewerRequestEvent({ headers: { cookie: flow.cookieHeader } })))).to.equal(false);
            expect(reads).to.equal(2);

            const failing = handler({ clientId: undefined, clientIdParameter: { name: "/ltf/dev/client-id", region: "us-east-1" } }, { readParameter: async () => Promise.reject(new Error("AccessDeniedException")) });
            const result = (await failing(viewerRequestEvent({ headers: navigation }))) as CloudFrontResultResponse;
            expect(result.status).to.equal("503");
            // Signed-in users are refused, not signed out, while the ID cannot be read.
            const withCookies = (await failing(viewerRequestEvent({ headers: { ...navigation, cookie: flow.cookieHeader } }))) as CloudFrontResultResponse;
            expect(withCookies.status).to.equal("503");
            expect(setCookiesOf(withCookies)).to.deep.equal([]);
            expect(logs.some((l) => l.includes("cannot read the client ID parameter /ltf/dev/client-id (us-east-1): AccessDeniedException; sign-in is unavailable"))).to.equal(true);
        });

        it("sets CloudFront signed cookies after sign-in, after a refresh, and on a navigation that needs them", async () => {
            const calls: string[] = [];
            let renew = false;
            const signer: CookieSigner = {
                setCookies: async (host) => (calls.push(host), ["CloudFront-Policy=p; Path=/; Secure; HttpOnly", "CloudFront-Signature=s; Path=/; Secure; HttpOnly", "CloudFront-Key-Pair-Id=K1; Path=/; Secure; HttpOnly"]),
                needsRenewal: () => renew,
            };
            const handle = handler({}, { cookieSigner: signer }, { signedCookies: { keyPairId: "K2JCJMDEHXQW5F", privateKeySecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf", pathPatterns: ["/downloads/*"], lifetimeSeconds: 3600, keyCacheSeconds: 300 } });
            const flow = await signInVia(handle);
            expect(setCookiesOf(flow.callback).filter((c) => c.startsWith("CloudFront-"))).to.have.length(3);
            expect(calls).to.deep.equal([HOST]);
            expect(isResponse(await handle(viewerRequestEvent({ headers: { ...navigation, cookie: flow.cookieHeader } })))).to.equal(false);
            renew = true;
            const renewal = await handle(viewerRequestEvent({ uri: "/page", headers: { ...navigation, cookie: flow.cookieHeader } }));
            expect(locationOf(renewal)).to.equal("/page");
            expect(setCookiesOf(renewal)).to.have.length(3);
            // Subrequests are never redirected for renewal.
            expect(isResponse(await handle(viewerRequestEvent({ uri: "/a.ts", headers: { cookie: flow.cookieHeader } })))).to.equal(false);
        });
    });
});

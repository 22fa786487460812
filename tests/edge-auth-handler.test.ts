/**
 * The Cognito viewer-request handler against real RS256 tokens and CloudFront-shaped events: the
 * hostile-input table, what reaches the origin, the response shapes, the verified-token cache with a
 * fake clock, key rotation with an injected JWKS fetcher, and the config.json read at cold start.
 */
import { expect } from "chai";
import { sign } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from "aws-lambda";
import { EdgeAuthConfig } from "../shared/edge-auth-config";
import { createAuthorizer, createFailClosedHandler, createHandler, createHandlerFromFile } from "../edge-functions/cognito-auth/handler";
import { decodeCanonicalBase64Url } from "../edge-functions/cognito-auth/token";
import {
    accessClaims,
    b64url,
    bearerEvent,
    CLIENT_ID,
    GROUP,
    idClaims,
    ISSUER,
    POOL_ID,
    signHs256,
    signRs256,
    SUB,
    testConfig,
    testKey,
    TestKey,
    viewerRequestEvent,
} from "./edge-auth-tokens";

/** A fixed instant, far from the real clock: every time check must use the injected one. */
const NOW_MS = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW = NOW_MS / 1000;

type Result = CloudFrontRequest | CloudFrontResultResponse;
const isResponse = (r: Result): r is CloudFrontResultResponse => "status" in r;

function statusOf(result: Result): number {
    return isResponse(result) ? Number(result.status) : 200;
}

function challengeOf(result: Result): string | undefined {
    return isResponse(result) ? result.headers?.["www-authenticate"]?.[0]?.value : undefined;
}

/** An authorizer on the fake clock whose log is captured (a test fails on unexpected log lines). */
function authorizer(config: EdgeAuthConfig = testConfig(), deps: { now?: () => number; fetchJwks?: (url: string) => Promise<unknown> } = {}) {
    const logs: string[] = [];
    const a = createAuthorizer(config, { now: () => NOW_MS, fetchJwks: () => Promise.reject(new Error("offline")), log: (m) => logs.push(m), ...deps });
    return { a, logs };
}

describe("edge auth handler", function () {
    this.timeout(20_000);
    let key: TestKey;
    let attacker: TestKey;
    let valid: string;

    before(() => {
        key = testKey("key-1");
        attacker = testKey("attacker");
        valid = signRs256(idClaims(NOW), key);
    });

    describe("a valid token", () => {
        it("passes the request on without the Authorization header", async () => {
            const { a, logs } = authorizer();
            const event = bearerEvent(valid, { headers: { accept: "*/*" } });
            const result = await a.handle(event);
            expect(isResponse(result)).to.equal(false);
            const request = result as CloudFrontRequest;
            expect(request).to.equal(event.Records[0].cf.request);
            expect(request.headers).to.not.have.property("authorization");
            expect(request.headers.accept).to.deep.equal([{ key: "Accept", value: "*/*" }]);
            expect(request.headers).to.not.have.property("x-user-sub");
            expect(request.uri).to.equal("/videos/intro/segment-0001.ts");
            expect(logs).to.deep.equal([]);
        });

        it("adds the sub header only when configured, replacing a value the viewer sent", async () => {
            const { a } = authorizer(testConfig({ subjectHeader: "x-user-sub" }));
            const result = (await a.handle(bearerEvent(valid, { headers: { "x-user-sub": "someone-else" } }))) as CloudFrontRequest;
            expect(result.headers["x-user-sub"]).to.deep.equal([{ key: "x-user-sub", value: SUB }]);
        });

        it("accepts an access token when tokenUse is access (audience in client_id)", async () => {
            const { a } = authorizer(testConfig({ tokenUse: "access" }));
            expect(statusOf(await a.handle(bearerEvent(signRs256(accessClaims(NOW), key))))).to.equal(200);
            expect(statusOf(await a.handle(bearerEvent(valid)))).to.equal(401);
        });

        it("accepts any signed-in user when requiredGroups is empty, with or without groups", async () => {
            const { a } = authorizer(testConfig({ requiredGroups: [] }));
            expect(statusOf(await a.handle(bearerEvent(valid)))).to.equal(200);
            const noGroups = signRs256(idClaims(NOW, { "cognito:groups": undefined }), key);
            expect(statusOf(await a.handle(bearerEvent(noGroups)))).to.equal(200);
        });

        it("accepts one of several groups and one of several clients", async () => {
            const { a } = authorizer(testConfig({ requiredGroups: ["admins", GROUP], clientIds: ["otherclient", CLIENT_ID] }));
            expect(statusOf(await a.handle(bearerEvent(signRs256(idClaims(NOW, { "cognito:groups": ["x", GROUP] }), key))))).to.equal(200);
        });

        it("checks required claims: equal to one value, booleans by their JSON text", async () => {
            const { a } = authorizer(testConfig({ requiredClaims: { "custom:plan": ["premium", "family"], email_verified: ["true"] } }));
            const premium = signRs256(idClaims(NOW, { "custom:plan": "family" }), key);
            const free = signRs256(idClaims(NOW, { "custom:plan": "free" }), key);
            const unverified = signRs256(idClaims(NOW, { "custom:plan": "premium", email_verified: false }), key);
            expect(statusOf(await a.handle(bearerEvent(premium)))).to.equal(200);
            expect(statusOf(await a.handle(bearerEvent(free)))).to.equal(403);
            expect(statusOf(await a.handle(bearerEvent(unverified)))).to.equal(403);
            expect(statusOf(await a.handle(bearerEvent(valid)))).to.equal(403); // claim missing
        });

        it("parses payloads with \\u escapes and __proto__ keys as aws-jwt-verify does, without pollution", async () => {
            const { a } = authorizer(testConfig({ requiredClaims: { email: ["alice@example.com"] } }));
            // The exact JSON text matters here, so it is signed as text.
            const json = JSON.stringify(idClaims(NOW))
                .replace('"alice@example.com"', '"al\\u0069ce@example.com"')
                .replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"x":1},');
            const input = `${b64url({ alg: "RS256", kid: key.kid })}.${b64url(json)}`;
            const token = `${input}.${sign("sha256", Buffer.from(input), key.privateKey).toString("base64url")}`;
            expect(statusOf(await a.handle(bearerEvent(token)))).to.equal(200);
            expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
        });

        it("accepts Cognito's issuer-cognito-idp spelling of the same pool", async () => {
            const { a } = authorizer();
            const token = signRs256(idClaims(NOW, { iss: `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}` }), key);
            expect(statusOf(await a.handle(bearerEvent(token)))).to.equal(200);
        });
    });

    describe("token sources", () => {
        const cookieConfig = () => testConfig({ cookieName: "id_token" });

        it("reads the cookie and removes only that cookie before the origin", async () => {
            const { a } = authorizer(cookieConfig());
            const event = viewerRequestEvent({ headers: { cookie: [`theme=dark; id_token=${valid}; lang=en`, "session=abc"] } });
            const result = (await a.handle(event)) as CloudFrontRequest;
            expect(statusOf(result)).to.equal(200);
            expect(result.headers.cookie).to.deep.equal([
                { key: "Cookie", value: "theme=dark; lang=en" },
                { key: "Cookie", value: "session=abc" },
            ]);
        });

        it("drops the Cookie header when the token was its only cookie", async () => {
            const { a } = authorizer(cookieConfig());
            const result = (await a.handle(viewerRequestEvent({ headers: { cookie: `id_token="${valid}"` } }))) as CloudFrontRequest;
            expect(statusOf(result)).to.equal(200);
            expect(result.headers).to.not.have.property("cookie");
        });

        it("uses the first source present: a broken header is not rescued by a good cookie", async () => {
            const { a } = authorizer(cookieConfig());
            const event = viewerRequestEvent({ headers: { authorization: "Basic dXNlcjpwYXNz", cookie: `id_token=${valid}` } });
            expect(statusOf(await a.handle(event))).to.equal(401);
        });

        it("in cookie-only mode leaves a SigV4 Authorization header untouched", async () => {
            const { a } = authorizer(testConfig({ cookieName: "id_token", tokenSources: ["cookie"] }));
            const sigv4 = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250115/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";
            const result = (await a.handle(viewerRequestEvent({ headers: { authorization: sigv4, cookie: `id_token=${valid}` } }))) as CloudFrontRequest;
            expect(statusOf(result)).to.equal(200);
            expect(result.headers.authorization).to.deep.equal([{ key: "Authorization", value: sigv4 }]);
            expect(result.headers).to.not.have.property("cookie");
            // A Bearer header is not a token source here: without the cookie the request is refused.
            expect(statusOf(await a.handle(bearerEvent(valid)))).to.equal(401);
        });

        it("accepts the same cookie twice when both carry the same token", async () => {
            const { a } = authorizer(cookieConfig());
            expect(statusOf(await a.handle(viewerRequestEvent({ headers: { cookie: [`id_token=${valid}`, `id_token=${valid}`] } })))).to.equal(200);
        });
    });

    describe("CORS preflight", () => {
        it("passes an OPTIONS preflight without a token, stripped of credentials", async () => {
            const { a } = authorizer(testConfig({ subjectHeader: "x-user-sub", cookieName: "id_token" }));
            const event = viewerRequestEvent({
                method: "OPTIONS",
                headers: { origin: "https://app.example.com", "access-control-request-method": "GET", "x-user-sub": "forged", cookie: "id_token=junk; a=b" },
            });
            const result = (await a.handle(event)) as CloudFrontRequest;
            expect(statusOf(result)).to.equal(200);
            expect(result.headers).to.not.have.property("x-user-sub");
            expect(result.headers.cookie).to.deep.equal([{ key: "Cookie", value: "a=b" }]);
        });

        it("requires a token for OPTIONS that is not a preflight", async () => {
            const { a } = authorizer();
            expect(statusOf(await a.handle(viewerRequestEvent({ method: "OPTIONS", headers: { origin: "https://app.example.com" } })))).to.equal(401);
        });
    });

    describe("responses", () => {
        it("401 for a missing token: RFC 6750 challenge without an error code, CloudFront's response shape", async () => {
            const { a } = authorizer(testConfig({ realm: "videos" }));
            const result = await a.handle(viewerRequestEvent());
            expect(result).to.deep.equal({
                status: "401",
                statusDescription: "Unauthorized",
                headers: {
                    "www-authenticate": [{ key: "WWW-Authenticate", value: 'Bearer realm="videos"' }],
                    "cache-control": [{ key: "Cache-Control", value: "no-store" }],
                    "content-type": [{ key: "Content-Type", value: "text/plain; charset=utf-8" }],
                },
                bodyEncoding: "text",
                body: "Unauthorized\n",
            });
        });

        it("401 invalid_token with the pool ID as the default realm", async () => {
            const { a } = authorizer();
            expect(challengeOf(await a.handle(bearerEvent("abc.def.ghi")))).to.match(new RegExp(`^Bearer realm="${POOL_ID}", error="invalid_token", error_description="[^"]+"$`));
        });

        it("403 insufficient_scope for a genuine token without the group", async () => {
            const { a } = authorizer();
            const result = (await a.handle(bearerEvent(signRs256(idClaims(NOW, { "cognito:groups": ["other"] }), key)))) as CloudFrontResultResponse;
            expect(result.status).to.equal("403");
            expect(result.statusDescription).to.equal("Forbidden");
            expect(challengeOf(result)).to.match(/^Bearer realm="[^"]+", error="insufficient_scope", error_description="[^"]+"$/);
        });

        it("a refused request's response stays far below the 40 KB viewer-request limit", async () => {
            const { a } = authorizer(testConfig({ realm: "r".repeat(128) }));
            const result = await a.handle(bearerEvent("x".repeat(16_000)));
            expect(Buffer.byteLength(JSON.stringify(result))).to.be.below(1024);
        });
    });

    describe("hostile and broken input", () => {
        /** `noToken`: nothing that looks like a token was sent, so the challenge has no error code (RFC 6750 §3.1). */
        type Case = { name: string; expect: 200 | 401 | 403; event: () => CloudFrontRequestEvent; config?: () => EdgeAuthConfig; noToken?: true };
        const bearer = (token: () => string) => () => bearerEvent(token());
        const auth = (value: () => string | string[]) => () => viewerRequestEvent({ headers: { authorization: value() } });
        const claims = (overrides: Record<string, unknown>) => bearer(() => signRs256(idClaims(NOW, overrides), key));
        const segments = () => valid.split(".");
        const withSegment = (i: number, replace: (s: string) => string) => () => {
            const parts = segments();
            parts[i] = replace(parts[i]);
            return parts.join(".");
        };
        /** The signature's last character swapped for one that decodes to the same bytes. */
        const equivalentLastChar = () => {
            const sig = segments()[2];
            const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            const last = alphabet.indexOf(sig[sig.length - 1]);
            const sibling = alphabet[last ^ 1];
            return `${segments().slice(0, 2).join(".")}.${sig.slice(0, -1)}${sibling}`;
        };
        const cookieConfig = () => testConfig({ cookieName: "id_token", tokenSources: ["cookie"] });

        const cases: Case[] = [
            { name: "no token at all", expect: 401, event: () => viewerRequestEvent(), noToken: true },
            { name: "empty Authorization header", expect: 401, event: auth(() => "") },
            { name: "scheme without token", expect: 401, event: auth(() => "Bearer") },
            { name: "scheme and a space, empty token", expect: 401, event: auth(() => "Bearer ") },
            { name: "Basic credentials", expect: 401, event: auth(() => "Basic dXNlcjpwYXNzd29yZA==") },
            { name: "valid token under another scheme", expect: 401, event: auth(() => `Token ${valid}`) },
            { name: "valid token without a scheme", expect: 401, event: auth(() => valid) },
            { name: "Bearer with two spaces", expect: 401, event: auth(() => `Bearer  ${valid}`) },
            { name: "Bearer with a tab", expect: 401, event: auth(() => `Bearer\t${valid}`) },
            { name: "Bearer with a leading space", expect: 401, event: auth(() => ` Bearer ${valid}`) },
            { name: "Bearer with a trailing space", expect: 401, event: auth(() => `Bearer ${valid} `) },
            { name: "two tokens in one header", expect: 401, event: auth(() => `Bearer ${valid}, Bearer ${valid}`) },
            { name: "CRLF injected after the token", expect: 401, event: auth(() => `Bearer ${valid}\r\nx-user-sub: admin`) },
            { name: "several Authorization headers, both valid", expect: 401, event: auth(() => [`Bearer ${valid}`, `Bearer ${valid}`]) },
            { name: "alg none, signature removed", expect: 401, event: bearer(() => `${b64url({ alg: "none", kid: "key-1" })}.${b64url(idClaims(NOW))}.`) },
            { name: "alg none, signature kept", expect: 401, event: bearer(() => `${b64url({ alg: "none", kid: "key-1" })}.${segments()[1]}.${segments()[2]}`) },
            { name: "HS256 with the public key PEM as secret", expect: 401, event: bearer(() => signHs256(idClaims(NOW), key.publicKey.export({ type: "spki", format: "pem" }), { kid: "key-1" })) },
            { name: "RS512 signed by the pool's own key", expect: 401, event: bearer(() => signRs256(idClaims(NOW), key, { alg: "RS512" })) },
            { name: "unknown kid, refetch fails", expect: 401, event: bearer(() => signRs256(idClaims(NOW), attacker)) },
            { name: "attacker key under the pool's kid", expect: 401, event: bearer(() => signRs256(idClaims(NOW), attacker, { kid: "key-1" })) },
            { name: "kid missing", expect: 401, event: bearer(() => signRs256(idClaims(NOW), key, { kid: undefined })) },
            { name: "kid not a string", expect: 401, event: bearer(() => signRs256(idClaims(NOW), key, { kid: 1 })) },
            { name: "expired beyond the clock skew", expect: 401, event: claims({ exp: NOW - 31 }) },
            { name: "not yet valid beyond the clock skew", expect: 401, event: claims({ nbf: NOW + 31 }) },
            { name: "exp missing", expect: 401, event: claims({ exp: undefined }) },
            { name: "exp a string", expect: 401, event: claims({ exp: String(NOW + 3600) }) },
            { name: "issuer of another pool", expect: 401, event: claims({ iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other1234" }) },
            { name: "issuer of the pool ID in another region", expect: 401, event: claims({ iss: ISSUER.replace("eu-west-1.amazonaws", "us-east-1.amazonaws") }) },
            { name: "issuer over plain http", expect: 401, event: claims({ iss: ISSUER.replace("https:", "http:") }) },
            { name: "issuer missing", expect: 401, event: claims({ iss: undefined }) },
            { name: "audience of another client", expect: 401, event: claims({ aud: "anotherclient" }) },
            { name: "access token where ID tokens are required", expect: 401, event: bearer(() => signRs256(accessClaims(NOW), key)) },
            { name: "token_use missing", expect: 401, event: claims({ token_use: undefined }) },
            { name: "token_use of another kind", expect: 401, event: claims({ token_use: "refresh" }) },
            { name: "access token for another client", expect: 401, event: bearer(() => signRs256(accessClaims(NOW, { client_id: "anotherclient" }), key)), config: () => testConfig({ tokenUse: "access" }) },
            { name: "groups claim missing", expect: 403, event: claims({ "cognito:groups": undefined }) },
            { name: "groups claim empty", expect: 403, event: claims({ "cognito:groups": [] }) },
            { name: "groups of other names only", expect: 403, event: claims({ "cognito:groups": ["Subscribers", "subscribers "] }) },
            { name: "groups through __proto__", expect: 403, event: claims({ "cognito:groups": undefined, ...JSON.parse(`{"__proto__": {"cognito:groups": ["${GROUP}"]}}`) }) },
            { name: "groups a string, not a list", expect: 401, event: claims({ "cognito:groups": GROUP }) },
            { name: "groups a list of numbers", expect: 401, event: claims({ "cognito:groups": [1, 2] }) },
            { name: "groups null", expect: 401, event: claims({ "cognito:groups": null }) },
            { name: "payload tampered (group added), signature kept", expect: 401, event: bearer(withSegment(1, () => b64url(idClaims(NOW, { "cognito:groups": [GROUP, "admins"] })))) },
            { name: "payload tampered (sub changed), signature kept", expect: 401, event: bearer(withSegment(1, () => b64url(idClaims(NOW, { sub: "admin" })))) },
            { name: "signature with one byte flipped", expect: 401, event: bearer(withSegment(2, (s) => `${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`)) },
            { name: "signature's last character in an equivalent spelling", expect: 401, event: bearer(equivalentLastChar) },
            { name: "signature with = padding", expect: 401, event: bearer(() => `${valid}=`) },
            { name: "signature truncated by half", expect: 401, event: bearer(withSegment(2, (s) => s.slice(0, s.length / 2))) },
            { name: "two segments only", expect: 401, event: bearer(() => segments().slice(0, 2).join(".")) },
            { name: "four segments", expect: 401, event: bearer(() => `${valid}.${segments()[2]}`) },
            { name: "empty segments", expect: 401, event: bearer(() => "..") },
            { name: "standard base64 characters in the payload", expect: 401, event: bearer(withSegment(1, (s) => `+${s.slice(1)}`)) },
            { name: "invalid base64 character in the header", expect: 401, event: bearer(withSegment(0, (s) => `${s.slice(0, -1)}*`)) },
            { name: "header not JSON", expect: 401, event: bearer(withSegment(0, () => b64url("not json"))) },
            { name: "header a JSON array", expect: 401, event: bearer(withSegment(0, () => b64url(["RS256"]))) },
            { name: "payload JSON null", expect: 401, event: bearer(withSegment(1, () => b64url("null"))) },
            { name: "20 KB token", expect: 401, event: bearer(() => signRs256(idClaims(NOW, { padding: "x".repeat(20_000) }), key)) },
            { name: "token in the wrong cookie", expect: 401, event: () => viewerRequestEvent({ headers: { cookie: `access_token=${valid}` } }), config: cookieConfig, noToken: true },
            { name: "cookie name in another case", expect: 401, event: () => viewerRequestEvent({ headers: { cookie: `ID_TOKEN=${valid}` } }), config: cookieConfig, noToken: true },
            { name: "token cookie twice with different values", expect: 401, event: () => viewerRequestEvent({ headers: { cookie: `id_token=${valid}; id_token=${signRs256(idClaims(NOW, { sub: "x" }), key)}` } }), config: cookieConfig },
            { name: "token cookie empty", expect: 401, event: () => viewerRequestEvent({ headers: { cookie: "id_token=" } }), config: cookieConfig },
            {
                name: "origin-request event (cache hits would bypass the check)",
                expect: 401,
                event: () => {
                    const e = bearerEvent(valid);
                    (e.Records[0].cf.config as { eventType: string }).eventType = "origin-request";
                    return e;
                },
            },
            { name: "event without Records", expect: 401, event: () => ({}) as CloudFrontRequestEvent },
            {
                name: "Authorization header value not a string",
                expect: 401,
                event: () => {
                    const e = viewerRequestEvent();
                    e.Records[0].cf.request.headers.authorization = [{ key: "Authorization", value: 42 as unknown as string }];
                    return e;
                },
            },
            // Boundaries: what the checks must still accept.
            { name: "boundary: scheme in lower case (RFC 7235: case-insensitive)", expect: 200, event: auth(() => `bearer ${valid}`) },
            { name: "boundary: expired within the clock skew", expect: 200, event: claims({ exp: NOW - 29 }) },
            { name: "boundary: nbf within the clock skew", expect: 200, event: claims({ nbf: NOW + 29 }) },
        ];

        it("has at least 30 hostile cases", () => {
            expect(cases.filter((c) => c.expect !== 200).length).to.be.at.least(30);
        });

        for (const c of cases) {
            it(`${c.name} → ${c.expect}`, async () => {
                const { a, logs } = authorizer(c.config?.() ?? testConfig());
                const event = c.event();
                const sent = JSON.stringify(event);
                const result = await a.handle(event);
                expect(statusOf(result), JSON.stringify(result)).to.equal(c.expect);
                if (c.expect === 200) return;
                const challenge = challengeOf(result) ?? "";
                expect(challenge).to.match(/^Bearer realm="[^"]+"/);
                if (c.expect === 403) expect(challenge).to.contain('error="insufficient_scope"');
                else if (c.noToken) expect(challenge).to.not.contain("error=");
                else expect(challenge).to.contain('error="invalid_token"');
                // Nothing from the request (token, its segments, the sub) comes back.
                const answer = JSON.stringify(result);
                for (const token of sent.match(/[A-Za-z0-9_-]{20,}/g) ?? []) expect(answer).to.not.contain(token);
                expect(answer).to.not.contain(SUB);
                // Every refusal came from a check, not from the catch-all.
                expect(logs.filter((l) => l.includes("unexpected"))).to.deep.equal([]);
            });
        }
    });

    describe("the verified-token cache", () => {
        it("answers a repeated token without another RSA verification", async () => {
            const { a } = authorizer();
            for (let i = 0; i < 5; i++) expect(statusOf(await a.handle(bearerEvent(valid)))).to.equal(200);
            expect(a.stats.signatureChecks).to.equal(1);
            expect(a.stats.cacheHits).to.equal(4);
        });

        it("rejects an expired token that it accepted earlier (fake clock)", async () => {
            let now = NOW_MS;
            const { a } = authorizer(testConfig({ clockSkewSeconds: 0 }), { now: () => now });
            const shortLived = signRs256(idClaims(NOW, { exp: NOW + 60 }), key);
            expect(statusOf(await a.handle(bearerEvent(shortLived)))).to.equal(200);
            now = NOW_MS + 59_000;
            expect(statusOf(await a.handle(bearerEvent(shortLived)))).to.equal(200);
            expect(a.stats.cacheHits).to.equal(1);
            now = NOW_MS + 60_000;
            const late = await a.handle(bearerEvent(shortLived));
            expect(statusOf(late)).to.equal(401);
            expect(challengeOf(late)).to.contain('error="invalid_token"');
            expect(a.stats.cacheHits).to.equal(2);
            expect(a.stats.signatureChecks).to.equal(1);
            // And it stays refused even if the clock went back: the entry is gone, and a fresh check applies.
            now = NOW_MS + 120_000;
            expect(statusOf(await a.handle(bearerEvent(shortLived)))).to.equal(401);
        });

        it("keeps the clock skew on cached tokens too", async () => {
            let now = NOW_MS;
            const { a } = authorizer(testConfig({ clockSkewSeconds: 30 }), { now: () => now });
            const token = signRs256(idClaims(NOW, { exp: NOW + 10 }), key);
            expect(statusOf(await a.handle(bearerEvent(token)))).to.equal(200);
            now = NOW_MS + 39_000;
            expect(statusOf(await a.handle(bearerEvent(token)))).to.equal(200);
            now = NOW_MS + 40_000;
            expect(statusOf(await a.handle(bearerEvent(token)))).to.equal(401);
        });

        it("caches a 403 decision and still re-checks its expiry", async () => {
            let now = NOW_MS;
            const { a } = authorizer(testConfig({ clockSkewSeconds: 0 }), { now: () => now });
            const outsider = signRs256(idClaims(NOW, { "cognito:groups": ["other"], exp: NOW + 60 }), key);
            expect(statusOf(await a.handle(bearerEvent(outsider)))).to.equal(403);
            expect(statusOf(await a.handle(bearerEvent(outsider)))).to.equal(403);
            expect(a.stats.signatureChecks).to.equal(1);
            now = NOW_MS + 61_000;
            expect(statusOf(await a.handle(bearerEvent(outsider)))).to.equal(401);
        });

        it("is bounded: the least recently used token is verified again", async () => {
            const { a } = authorizer(testConfig({ cacheSize: 2 }));
            const tokens = [1, 2, 3].map((i) => signRs256(idClaims(NOW, { jti: `t${i}` }), key));
            for (const t of [tokens[0], tokens[1], tokens[0], tokens[2]]) await a.handle(bearerEvent(t));
            expect(a.stats.signatureChecks).to.equal(3); // t1, t2, t3; t1's second use was a hit
            await a.handle(bearerEvent(tokens[0])); // still cached (used after t2)
            expect(a.stats.signatureChecks).to.equal(3);
            await a.handle(bearerEvent(tokens[1])); // t2 was evicted by t3
            expect(a.stats.signatureChecks).to.equal(4);
        });

        it("is off with cacheSize 0", async () => {
            const { a } = authorizer(testConfig({ cacheSize: 0 }));
            await a.handle(bearerEvent(valid));
            await a.handle(bearerEvent(valid));
            expect(a.stats.signatureChecks).to.equal(2);
        });

        it("never serves a tampered variant of a cached token", async () => {
            const { a } = authorizer();
            await a.handle(bearerEvent(valid));
            const [h, , s] = valid.split(".");
            const forged = `${h}.${b64url(idClaims(NOW, { "cognito:groups": ["admins", GROUP], sub: "admin" }))}.${s}`;
            expect(statusOf(await a.handle(bearerEvent(forged)))).to.equal(401);
        });
    });

    describe("key rotation", () => {
        let rotated: TestKey;
        let third: TestKey;
        before(() => {
            rotated = testKey("key-2");
            third = testKey("key-3");
        });

        function rotating(jwks: () => unknown) {
            let now = NOW_MS;
            const urls: string[] = [];
            const { a, logs } = authorizer(testConfig({ jwksRefetchIntervalSeconds: 60 }), {
                now: () => now,
                fetchJwks: async (url) => {
                    urls.push(url);
                    return jwks();
                },
            });
            return { a, logs, urls, advance: (ms: number) => (now += ms) };
        }

        it("refetches once for an unknown kid, then accepts; another unknown kid within the interval gets no refetch", async () => {
            const r = rotating(() => ({ keys: [key.jwk, rotated.jwk] }));
            expect(statusOf(await r.a.handle(bearerEvent(signRs256(idClaims(NOW), rotated))))).to.equal(200);
            expect(r.urls).to.deep.equal([`https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}/.well-known/jwks.json`]);
            // key-2 is now known: no further fetch for it.
            expect(statusOf(await r.a.handle(bearerEvent(signRs256(idClaims(NOW, { jti: "other" }), rotated))))).to.equal(200);
            expect(r.urls.length).to.equal(1);
            // key-3: unknown, but a fetch happened less than 60 s ago.
            r.advance(59_000);
            expect(statusOf(await r.a.handle(bearerEvent(signRs256(idClaims(NOW), third))))).to.equal(401);
            expect(r.urls.length).to.equal(1);
            expect(r.a.stats.jwksFetches).to.equal(1);
            // After the interval a new unknown kid may trigger one more (which does not contain it: 401).
            r.advance(2_000);
            expect(statusOf(await r.a.handle(bearerEvent(signRs256(idClaims(NOW), third))))).to.equal(401);
            expect(r.urls.length).to.equal(2);
        });

        it("shares one fetch between concurrent requests with the new kid", async () => {
            const r = rotating(() => ({ keys: [key.jwk, rotated.jwk] }));
            const results = await Promise.all([1, 2, 3, 4, 5].map((i) => r.a.handle(bearerEvent(signRs256(idClaims(NOW, { jti: `c${i}` }), rotated)))));
            expect(results.map(statusOf)).to.deep.equal([200, 200, 200, 200, 200]);
            expect(r.urls.length).to.equal(1);
        });

        it("denies with 401, not a throw, when the fetch fails, and logs why", async () => {
            const { a, logs } = authorizer(testConfig(), { fetchJwks: () => Promise.reject(new Error("ECONNRESET")) });
            expect(statusOf(await a.handle(bearerEvent(signRs256(idClaims(NOW), rotated))))).to.equal(401);
            expect(logs.join("\n")).to.match(/JWKS refetch .* failed: ECONNRESET/);
            // The embedded key still works.
            expect(statusOf(await a.handle(bearerEvent(valid)))).to.equal(200);
        });

        it("denies when the fetch hangs past jwksFetchTimeoutMs", async () => {
            const { a, logs } = authorizer(testConfig({ jwksFetchTimeoutMs: 100 }), { fetchJwks: () => new Promise(() => undefined) });
            const started = Date.now();
            expect(statusOf(await a.handle(bearerEvent(signRs256(idClaims(NOW), rotated))))).to.equal(401);
            expect(Date.now() - started).to.be.below(1000);
            expect(logs.join("\n")).to.contain("no answer within 100 ms");
        });

        it("rejects a refetched key set that is not a valid JWKS and keeps the embedded one", async () => {
            const r = rotating(() => ({ keys: [{ ...rotated.jwk, kty: "EC" }] }));
            expect(statusOf(await r.a.handle(bearerEvent(signRs256(idClaims(NOW), rotated))))).to.equal(401);
            expect(r.logs.join("\n")).to.match(/rejected.*jwks\.keys\[0\]\.kty/);
            expect(statusOf(await r.a.handle(bearerEvent(valid)))).to.equal(200);
        });

        it("forgets tokens verified with a key that a refetch withdrew", async () => {
            const r = rotating(() => ({ keys: [rotated.jwk] })); // key-1 withdrawn
            expect(statusOf(await r.a.handle(bearerEvent(valid)))).to.equal(200);
            expect(statusOf(await r.a.handle(bearerEvent(signRs256(idClaims(NOW), rotated))))).to.equal(200);
            expect(statusOf(await r.a.handle(bearerEvent(valid)))).to.equal(401);
        });

        it("makes no network call for a token signed with an embedded key (cold start)", async () => {
            const r = rotating(() => {
                throw new Error("must not be called");
            });
            expect(statusOf(await r.a.handle(bearerEvent(valid)))).to.equal(200);
            expect(r.urls).to.deep.equal([]);
        });
    });

    describe("failure modes", () => {
        it("an unexpected exception becomes a 401 and a log line without token material", async () => {
            const logs: string[] = [];
            const handler = createHandler(testConfig(), {
                now: () => {
                    throw new Error("clock broken");
                },
                log: (m) => logs.push(m),
            });
            const result = await handler(bearerEvent(valid));
            expect(statusOf(result)).to.equal(401);
            expect(logs).to.have.length(1);
            expect(logs[0]).to.contain("unexpected error").and.contain("clock broken").and.not.contain(valid.split(".")[1]);
        });

        it("a config that fails validation refuses every request with 401 and says why once", async () => {
            const logs: string[] = [];
            const handler = createFailClosedHandler({ ...testConfig(), clientIds: [] }, { log: (m) => logs.push(m) });
            expect(statusOf(await handler(bearerEvent(valid)))).to.equal(401);
            expect(statusOf(await handler(viewerRequestEvent({ method: "OPTIONS", headers: { origin: "o", "access-control-request-method": "GET" } })))).to.equal(401);
            expect(logs).to.have.length(1);
            expect(logs[0]).to.contain("clientIds");
        });

        describe("config.json read at cold start (createHandlerFromFile)", () => {
            let dir: string;
            before(() => {
                dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-config-"));
            });
            after(() => fs.rmSync(dir, { recursive: true, force: true }));

            /** A handler on the fake clock for the file `name` in `dir`, with `text` written there first (unless undefined). */
            function fromFile(name: string, text: string | undefined) {
                const file = path.join(dir, name);
                if (text !== undefined) fs.writeFileSync(file, text);
                const logs: string[] = [];
                const handler = createHandlerFromFile(file, { now: () => NOW_MS, fetchJwks: () => Promise.reject(new Error("offline")), log: (m) => logs.push(m) });
                return { handler, logs, file };
            }
            const preflight = () => viewerRequestEvent({ method: "OPTIONS", headers: { origin: "o", "access-control-request-method": "GET" } });

            it("a valid file: admits a valid token and refuses a missing one, logging nothing", async () => {
                const { handler, logs } = fromFile("valid.json", JSON.stringify(testConfig()));
                expect(statusOf(await handler(bearerEvent(valid)))).to.equal(200);
                expect(statusOf(await handler(viewerRequestEvent()))).to.equal(401);
                expect(logs).to.deep.equal([]);
            });

            it("a missing file: refuses every request with 401 (preflights too) and logs the file and error code once", async () => {
                const { handler, logs, file } = fromFile("absent.json", undefined);
                expect(statusOf(await handler(bearerEvent(valid)))).to.equal(401);
                expect(statusOf(await handler(preflight()))).to.equal(401);
                expect(logs).to.deep.equal([`edge-auth: cannot read the config ${file} (ENOENT), every request is refused`]);
            });

            it("a corrupt file (not JSON): refuses every request with 401 and logs once, without the file's content", async () => {
                const { handler, logs, file } = fromFile("corrupt.json", '{"userPoolId": "eu-west-1_secretish", trunc');
                expect(statusOf(await handler(bearerEvent(valid)))).to.equal(401);
                expect(statusOf(await handler(preflight()))).to.equal(401);
                expect(logs).to.deep.equal([`edge-auth: the config ${file} is not JSON, every request is refused`]);
            });

            it("an empty file, or JSON that is not a valid config: 401 for every request, the problem logged", async () => {
                for (const [name, text, logged] of [
                    ["empty.json", "", "is not JSON"],
                    ["null.json", "null", "is not a JSON object"],
                    ["invalid.json", JSON.stringify({ ...testConfig(), tokenUse: "refresh" }), 'tokenUse: "refresh" is not one of id | access'],
                ] as const) {
                    const { handler, logs } = fromFile(name, text);
                    expect(statusOf(await handler(bearerEvent(valid))), name).to.equal(401);
                    expect(logs, name).to.have.length(1);
                    expect(logs[0], name).to.contain(logged);
                }
            });
        });

        it("createHandler validates its config", () => {
            expect(() => createHandler({ ...testConfig(), tokenUse: "refresh" } as unknown as EdgeAuthConfig)).to.throw(/tokenUse: "refresh" is not one of id \| access/);
        });
    });

    describe("canonical base64url", () => {
        const isCanonicalBase64Url = (segment: string) => decodeCanonicalBase64Url(segment) !== undefined;
        it("accepts exactly one spelling of each byte string", () => {
            for (let length = 0; length < 40; length++) {
                const bytes = Buffer.alloc(length, 0xa5);
                const canonical = bytes.toString("base64url");
                if (length > 0) expect(decodeCanonicalBase64Url(canonical)?.equals(bytes), canonical).to.equal(true);
                // Every other last character that decodes to the same bytes must be refused.
                const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                for (const c of alphabet) {
                    const variant = canonical.slice(0, -1) + c;
                    if (variant !== canonical && length > 0 && Buffer.from(variant, "base64url").equals(bytes)) {
                        expect(isCanonicalBase64Url(variant), variant).to.equal(false);
                    }
                }
            }
            expect(isCanonicalBase64Url("abcde")).to.equal(false); // length 1 mod 4
            expect(isCanonicalBase64Url("ab=")).to.equal(false);
            expect(isCanonicalBase64Url("")).to.equal(false);
        });
    });
});


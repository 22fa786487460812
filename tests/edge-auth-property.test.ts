/**
 * Property tests of the Cognito viewer-request handler: random mutations of a valid token, of its
 * claims and header, and of the way it is delivered, are never accepted and never reach the handler's
 * catch-all (every refusal comes from a check, not from an exception). Fixed seeds: a failure prints
 * the seed and the shrunk counterexample, and re-runs identically.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { CloudFrontRequestEvent, CloudFrontResultResponse } from "aws-lambda";
import { createAuthorizer, EdgeAuthorizer } from "../edge-functions/cognito-auth/handler";
import { b64url, bearerEvent, CLIENT_ID, compactJws, GROUP, idClaims, ISSUER, signRs256, testConfig, testKey, TestKey, viewerRequestEvent } from "./edge-auth-tokens";
import { sign } from "node:crypto";

const NOW_MS = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW = NOW_MS / 1000;
const SEED = 20250115;
const RUNS = 10_000;

/** Characters a mutation may insert: the token alphabet, its separators, and some that must never pass. */
const CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", ".", "=", "+", "/", " ", "\t", "*", "%", "\u0000", "é", "\n"];

type Mutation =
    | { kind: "replace"; at: number; ch: string }
    | { kind: "insert"; at: number; ch: string }
    | { kind: "delete"; at: number; length: number }
    | { kind: "truncate"; at: number }
    | { kind: "flip-bit"; segment: 0 | 1 | 2; at: number; bit: number }
    | { kind: "swap-segments"; i: 0 | 1 | 2; j: 0 | 1 | 2 }
    | { kind: "duplicate-segment"; i: 0 | 1 | 2 }
    | { kind: "claims"; changes: Record<string, unknown>; signer: "attacker" | "keep-signature" }
    | { kind: "header"; changes: Record<string, unknown>; signer: "attacker" | "keep-signature" }
    | { kind: "bad-claim"; claim: string; value: unknown }
    | { kind: "bad-alg"; alg: unknown };

/** Claims and values that are wrong for the test config even when signed by the pool's own key. */
const BAD_CLAIMS: Record<string, unknown[]> = {
    iss: [ISSUER.replace("eu-west-1_", "eu-west-2_"), `${ISSUER}/`, ISSUER.toUpperCase(), "", null, 1, [ISSUER]],
    aud: ["", `${CLIENT_ID}x`, CLIENT_ID.toUpperCase(), null, 7, [], [1]],
    token_use: ["access", "ID", "", null, ["id"], "refresh"],
    exp: [NOW - 31, 0, -1, "9999999999", null, NOW - 100_000, Number.MAX_SAFE_INTEGER.toString()],
    nbf: [NOW + 31, NOW + 100_000, "0", null, true],
    "cognito:groups": [GROUP, null, [1], [[GROUP]], { 0: GROUP }, [GROUP.toUpperCase()], [], [`${GROUP} `], "admins"],
    sub: [null, 5, ["x"], ""],
};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("replace" as const), at: fc.nat(3000), ch: fc.constantFrom(...CHARS) }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(3000), ch: fc.constantFrom(...CHARS) }),
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat(3000), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat(3000) }),
    fc.record({ kind: fc.constant("flip-bit" as const), segment: fc.constantFrom(0 as const, 1 as const, 2 as const), at: fc.nat(600), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant("swap-segments" as const), i: fc.constantFrom(0 as const, 1 as const, 2 as const), j: fc.constantFrom(0 as const, 1 as const, 2 as const) }),
    fc.record({ kind: fc.constant("duplicate-segment" as const), i: fc.constantFrom(0 as const, 1 as const, 2 as const) }),
    fc.record({
        kind: fc.constant("claims" as const),
        changes: fc.dictionary(fc.constantFrom("iss", "aud", "token_use", "exp", "nbf", "cognito:groups", "sub", "custom:x"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        signer: fc.constantFrom("attacker" as const, "keep-signature" as const),
    }),
    fc.record({
        kind: fc.constant("header" as const),
        changes: fc.dictionary(fc.constantFrom("alg", "kid", "typ", "jku", "x5u", "crit"), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
        signer: fc.constantFrom("attacker" as const, "keep-signature" as const),
    }),
    fc.constantFrom(...Object.entries(BAD_CLAIMS).flatMap(([claim, values]) => values.map((value) => ({ kind: "bad-claim" as const, claim, value })))),
    fc.constantFrom(...["none", "None", "HS256", "RS512", "rs256", "ES256", "", null, 1, ["RS256"]].map((alg) => ({ kind: "bad-alg" as const, alg }))),
);

/** How the (mutated) token reaches the function; every way here is wrong or carries a wrong token. */
type Delivery = "bearer" | "bearer-double-space" | "two-headers" | "no-scheme" | "basic" | "trailing-space" | "wrong-cookie" | "query-string";
const delivery = fc.constantFrom<Delivery>("bearer", "bearer", "bearer", "bearer-double-space", "two-headers", "no-scheme", "basic", "trailing-space", "wrong-cookie", "query-string");

function splice(s: string, at: number, remove: number, insert = ""): string {
    const i = at % (s.length + 1);
    return s.slice(0, i) + insert + s.slice(i + remove);
}

describe("edge auth handler properties", function () {
    this.timeout(60_000);
    let key: TestKey;
    let attacker: TestKey;
    let claims: Record<string, unknown>;
    let header: Record<string, unknown>;
    let valid: string;
    let authorizer: EdgeAuthorizer;
    const logs: string[] = [];

    before(() => {
        key = testKey("key-1");
        attacker = testKey("attacker");
        claims = idClaims(NOW);
        header = { alg: "RS256", kid: key.kid };
        valid = signRs256(claims, key);
        // One authorizer for all runs, as in a warm Lambda: the cache and the refetch limiter are exercised too.
        authorizer = createAuthorizer(testConfig(), { now: () => NOW_MS, fetchJwks: async () => ({ keys: [key.jwk] }), log: (m) => logs.push(m) });
    });

    function mutate(token: string, m: Mutation): string {
        const parts = token.split(".");
        switch (m.kind) {
            case "replace":
                return splice(token, m.at, 1, m.ch);
            case "insert":
                return splice(token, m.at, 0, m.ch);
            case "delete":
                return splice(token, m.at, m.length);
            case "truncate":
                return token.slice(0, m.at % token.length);
            case "flip-bit": {
                const segment = parts[m.segment] ?? "";
                const bytes = Buffer.from(segment, "base64url");
                if (bytes.length === 0) return token;
                bytes[m.at % bytes.length] ^= 1 << m.bit;
                parts[m.segment] = bytes.toString("base64url");
                return parts.join(".");
            }
            case "swap-segments":
                [parts[m.i], parts[m.j]] = [parts[m.j], parts[m.i]];
                return parts.join(".");
            case "duplicate-segment":
                parts.splice(m.i, 0, parts[m.i] ?? "");
                return parts.join(".");
            case "claims":
            case "header": {
                const newClaims = m.kind === "claims" ? { ...claims, ...m.changes } : claims;
                const newHeader = m.kind === "header" ? { ...header, ...m.changes } : header;
                if (m.signer === "attacker") return compactJws(newHeader, newClaims, (input) => sign("sha256", input, attacker.privateKey));
                return `${b64url(newHeader)}.${b64url(newClaims)}.${parts[2]}`;
            }
            case "bad-claim":
                return signRs256({ ...claims, [m.claim]: m.value }, key);
            case "bad-alg":
                return signRs256(claims, key, { alg: m.alg });
        }
    }

    function deliver(token: string, how: Delivery): CloudFrontRequestEvent {
        switch (how) {
            case "bearer":
                return bearerEvent(token);
            case "bearer-double-space":
                return viewerRequestEvent({ headers: { authorization: `Bearer  ${token}` } });
            case "two-headers":
                return viewerRequestEvent({ headers: { authorization: [`Bearer ${token}`, `Bearer ${valid}`] } });
            case "no-scheme":
                return viewerRequestEvent({ headers: { authorization: token } });
            case "basic":
                return viewerRequestEvent({ headers: { authorization: `Basic ${token}` } });
            case "trailing-space":
                return viewerRequestEvent({ headers: { authorization: `Bearer ${token} ` } });
            case "wrong-cookie":
                return viewerRequestEvent({ headers: { cookie: `id_token=${token}` } }); // no cookie source configured
            case "query-string":
                return viewerRequestEvent({ querystring: `access_token=${encodeURIComponent(token)}` });
        }
    }

    it("the valid token itself is accepted (the property below is not vacuous)", async () => {
        const result = await authorizer.handle(bearerEvent(valid));
        expect(result).to.not.have.property("status");
    });

    it(`${RUNS} mutated tokens and deliveries are never accepted and never throw (seed ${SEED})`, async () => {
        const started = Date.now();
        const signatureChecksBefore = authorizer.stats.signatureChecks;
        await fc.assert(
            fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), delivery, async (mutations, how) => {
                const token = mutations.reduce(mutate, valid);
                // A mutation that changed nothing delivered by Bearer is the valid token: not a mutation.
                fc.pre(!(token === valid && how === "bearer"));
                const result = (await authorizer.handle(deliver(token, how))) as CloudFrontResultResponse;
                expect(result.status, `accepted: ${JSON.stringify({ mutations, how })}`).to.be.oneOf(["401", "403"]);
                expect(logs.filter((l) => l.includes("unexpected")), "reached the catch-all").to.deep.equal([]);
            }),
            { numRuns: RUNS, seed: SEED },
        );
        // Many mutants survive the cheap checks and get an RSA verification: the property reaches the signature check.
        expect(authorizer.stats.signatureChecks - signatureChecksBefore).to.be.above(RUNS / 20);
        expect(Date.now() - started).to.be.below(30_000);
    });

    it("random header and cookie strings never pass and never throw (seed " + (SEED + 1) + ")", async () => {
        const cookieAuthorizer = createAuthorizer(testConfig({ cookieName: "id_token" }), { now: () => NOW_MS, fetchJwks: async () => ({ keys: [key.jwk] }), log: (m) => logs.push(m) });
        await fc.assert(
            fc.asyncProperty(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), async (authorization, cookie) => {
                const result = (await cookieAuthorizer.handle(viewerRequestEvent({ headers: { authorization: `Bearer ${authorization}`, cookie: `id_token=${cookie}` } }))) as CloudFrontResultResponse;
                expect(result.status).to.equal("401");
            }),
            { numRuns: 1_000, seed: SEED + 1 },
        );
        expect(logs.filter((l) => l.includes("unexpected"))).to.deep.equal([]);
    });

    it("random sign-in cookie headers never pass without a valid token and never throw (seed " + (SEED + 2) + ")", async () => {
        // The token endpoint refuses every refresh, so only a genuine token cookie could let a request through.
        let tokenCalls = 0;
        const signInAuthorizer = createAuthorizer(
            testConfig({
                tokenUse: "id",
                signIn: {
                    authorizeUrl: "https://login.example.test/oauth2/authorize",
                    tokenUrl: "https://login.example.test/oauth2/token",
                    logoutUrl: "https://login.example.test/logout",
                    clientId: CLIENT_ID,
                    scopes: ["openid"],
                    callbackPath: "/auth/callback",
                    signOutPath: "/auth/sign-out",
                    signedOutPath: "/",
                    cookiePrefix: "ltf",
                    tokenTimeoutMs: 500,
                },
            }),
            { now: () => NOW_MS, fetchJwks: async () => ({ keys: [key.jwk] }), log: (m) => logs.push(m), postForm: async () => (tokenCalls++, { status: 400, body: '{"error":"invalid_grant"}' }) },
        );
        const name = fc.constantFrom("ltf-id", "ltf-access", "ltf-refresh", "ltf-state", "ltf-id ", " ltf-id", "LTF-ID", "ltf", "id_token", "");
        const value = fc.oneof(fc.string({ unit: "binary", maxLength: 120 }), fc.constant(valid.slice(0, -2)), fc.constant(valid + "x"), fc.constant(`"${valid.slice(1)}"`), fc.constant(""));
        const pair = fc.tuple(name, value).map(([n, v]) => `${n}=${v}`);
        const header = fc.tuple(fc.array(fc.oneof(pair, fc.string({ unit: "binary", maxLength: 40 })), { maxLength: 6 }), fc.constantFrom("; ", ";", "\t;")).map(([parts, separator]) => parts.join(separator));
        await fc.assert(
            fc.asyncProperty(fc.array(header, { minLength: 1, maxLength: 3 }), fc.constantFrom("/", "/auth/callback", "/auth/sign-out", "/v/a.ts"), fc.boolean(), async (cookies, uri, navigate) => {
                const headers: Record<string, string | string[]> = { cookie: cookies };
                if (navigate) headers["sec-fetch-mode"] = "navigate";
                const result = await signInAuthorizer.handle(viewerRequestEvent({ uri, querystring: "code=abc&state=x.y", headers }));
                expect("status" in result, JSON.stringify(cookies)).to.equal(true);
                expect((result as CloudFrontResultResponse).status).to.be.oneOf(["302", "400", "401"]);
            }),
            { numRuns: 1_000, seed: SEED + 2 },
        );
        // The one valid token, as the only cookie, passes (the property above is not vacuous).
        expect("status" in (await signInAuthorizer.handle(viewerRequestEvent({ headers: { cookie: `ltf-id=${valid}` } })))).to.equal(false);
        expect(tokenCalls).to.be.above(0);
        expect(logs.filter((l) => l.includes("unexpected"))).to.deep.equal([]);
    });
});

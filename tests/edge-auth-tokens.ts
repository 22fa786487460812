/**
 * Test fixtures for the Cognito edge function: real RSA keys (node:crypto), real RS256 tokens signed
 * here with node:crypto (no JWT library), Cognito-shaped claims, and viewer-request events shaped
 * exactly as CloudFront sends them. Shared by the tests and `bench/edge-auth.ts`.
 */
import { createHmac, generateKeyPairSync, KeyObject, sign } from "node:crypto";
import type { CloudFrontRequestEvent } from "aws-lambda";
import type { EdgeAuthConfig, EdgeAuthJwk, EdgeSignInConfig } from "../shared/edge-auth-config";

/** A user pool ID in the documented form. */
export const POOL_ID = "eu-west-1_AbCdEf123";
/** The issuer Cognito writes in that pool's tokens. */
export const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`;
/** The app client the tests accept. */
export const CLIENT_ID = "4p3kq1exampleclientid0000";
/** The group the tests require. */
export const GROUP = "subscribers";
/** A user's `sub`. */
export const SUB = "7d2e4c1a-93b5-4c07-8f51-2a6b0e9d3f10";

/** An RSA key pair with its public JWK as Cognito publishes it. */
export interface TestKey {
    readonly kid: string;
    readonly privateKey: KeyObject;
    readonly publicKey: KeyObject;
    readonly jwk: EdgeAuthJwk;
}

/** A fresh 2048-bit RSA key pair. */
export function makeKey(kid: string): TestKey {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { n, e } = publicKey.export({ format: "jwk" }) as { n: string; e: string };
    return { kid, privateKey, publicKey, jwk: { kty: "RSA", kid, n, e, alg: "RS256", use: "sig" } };
}

const keys = new Map<string, TestKey>();
/** The same key pair for the same `kid` within one process (key generation is the slow part). */
export function testKey(kid: string): TestKey {
    let key = keys.get(kid);
    if (key === undefined) {
        key = makeKey(kid);
        keys.set(kid, key);
    }
    return key;
}

/** base64url of a JSON value, or of a string as is. */
export function b64url(value: unknown): string {
    return Buffer.from(typeof value === "string" ? value : JSON.stringify(value), "utf8").toString("base64url");
}

/** A compact JWS from a header and payload, signed by `signer` over `header.payload`. */
export function compactJws(header: unknown, payload: unknown, signer: (input: Buffer) => Buffer): string {
    const input = `${b64url(header)}.${b64url(payload)}`;
    return `${input}.${signer(Buffer.from(input)).toString("base64url")}`;
}

/** An RS256 token signed with `key`; `header` adds to or overrides `{ alg: "RS256", kid }`. */
export function signRs256(payload: unknown, key: TestKey, header: Record<string, unknown> = {}): string {
    return compactJws({ alg: "RS256", kid: key.kid, ...header }, payload, (input) => sign("sha256", input, key.privateKey));
}

/** An HS256 token whose HMAC secret is `secret` (the classic algorithm-confusion attack uses the public key). */
export function signHs256(payload: unknown, secret: string | Buffer, header: Record<string, unknown>): string {
    return compactJws({ alg: "HS256", ...header }, payload, (input) => createHmac("sha256", secret).update(input).digest());
}

/** Claims of a Cognito ID token for the test pool and client, valid for an hour from `nowSeconds`. */
export function idClaims(nowSeconds: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        sub: SUB,
        "cognito:groups": [GROUP],
        email_verified: true,
        iss: ISSUER,
        "cognito:username": "alice",
        origin_jti: "2f7b0c44-5e0c-4b6f-a1d7-0e6c2a9d8b31",
        aud: CLIENT_ID,
        event_id: "0b5c9a2e-8d41-4f3b-9c6e-1a2b3c4d5e6f",
        token_use: "id",
        auth_time: Math.floor(nowSeconds) - 60,
        exp: Math.floor(nowSeconds) + 3600,
        iat: Math.floor(nowSeconds) - 60,
        jti: "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
        email: "alice@example.com",
        ...overrides,
    };
}

/** Claims of a Cognito access token for the test pool and client. */
export function accessClaims(nowSeconds: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const { aud: _aud, email: _email, email_verified: _ev, "cognito:username": _u, ...rest } = idClaims(nowSeconds);
    return { ...rest, token_use: "access", client_id: CLIENT_ID, scope: "aws.cognito.signin.user.admin", username: "alice", version: 2, ...overrides };
}

/** A config for the test pool: ID tokens of the test client, the test group required, keys of `jwksKeys`. */
export function testConfig(overrides: Partial<EdgeAuthConfig> = {}, jwksKeys: readonly TestKey[] = [testKey("key-1")]): EdgeAuthConfig {
    return {
        userPoolId: POOL_ID,
        clientIds: [CLIENT_ID],
        tokenUse: "id",
        requiredGroups: [GROUP],
        jwks: { keys: jwksKeys.map((k) => k.jwk) },
        ...overrides,
    };
}

/** `x-user-sub` → `X-User-Sub`, the header case CloudFront reports in `key`. */
function headerKey(name: string): string {
    return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** What goes into a viewer request: method, URI, query string and headers (a list of values per name). */
export interface ViewerRequestInput {
    readonly method?: string;
    readonly uri?: string;
    readonly querystring?: string;
    readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * A viewer-request event exactly as CloudFront sends it to Lambda@Edge: one record, `cf.config` with
 * `eventType: "viewer-request"`, and `cf.request` with lower-case header names mapping to `[{ key, value }]`.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#example-viewer-request
 */
export function viewerRequestEvent(input: ViewerRequestInput = {}): CloudFrontRequestEvent {
    const headers: Record<string, { key: string; value: string }[]> = {
        host: [{ key: "Host", value: "d111111abcdef8.cloudfront.net" }],
        "user-agent": [{ key: "User-Agent", value: "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1)" }],
    };
    for (const [name, value] of Object.entries(input.headers ?? {})) {
        const lower = name.toLowerCase();
        headers[lower] = (typeof value === "string" ? [value] : [...value]).map((v) => ({ key: headerKey(lower), value: v }));
    }
    return {
        Records: [
            {
                cf: {
                    config: {
                        distributionDomainName: "d111111abcdef8.cloudfront.net",
                        distributionId: "EDFDVBD6EXAMPLE",
                        eventType: "viewer-request",
                        requestId: "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
                    },
                    request: {
                        clientIp: "203.0.113.178",
                        headers,
                        method: input.method ?? "GET",
                        querystring: input.querystring ?? "",
                        uri: input.uri ?? "/videos/intro/segment-0001.ts",
                    },
                },
            },
        ],
    };
}

/** A viewer request carrying `Authorization: Bearer <token>`. */
export function bearerEvent(token: string, input: ViewerRequestInput = {}): CloudFrontRequestEvent {
    return viewerRequestEvent({ ...input, headers: { ...(input.headers ?? {}), authorization: `Bearer ${token}` } });
}

/** The `signIn` section of a test config: Cognito-shaped URLs, the test client, the given token endpoint. */
export function testSignInConfig(tokenUrl: string, overrides: Partial<EdgeSignInConfig> = {}): EdgeSignInConfig {
    return {
        authorizeUrl: "https://login.example.test/oauth2/authorize",
        tokenUrl,
        // Cognito's revocation endpoint sits beside the token endpoint.
        revokeUrl: new URL("/oauth2/revoke", tokenUrl).toString(),
        logoutUrl: "https://login.example.test/logout",
        clientId: CLIENT_ID,
        scopes: ["openid", "email"],
        callbackPath: "/auth/callback",
        signOutPath: "/auth/sign-out",
        signedOutPath: "/",
        cookiePrefix: "ltf",
        tokenTimeoutMs: 2000,
        ...overrides,
    };
}

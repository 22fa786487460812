/**
 * The calls to Cognito's token endpoint: the authorization code exchange (with the PKCE verifier) and
 * the refresh, as form POSTs over node:https with a hard time limit and a cap on the answer's size, and
 * the reading of the answer into tokens, "the grant is no good" (sign in again) or "unavailable" (fail
 * closed). Nothing here logs or returns token material in an error: the messages name a status or an
 * error code only.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html (POST
 *   application/x-www-form-urlencoded; `grant_type` `authorization_code` with `code`, `redirect_uri`,
 *   `client_id`, `code_verifier`, or `refresh_token` with `refresh_token` and `client_id`; a public client
 *   sends no Authorization header; the answer is JSON with `id_token`, `access_token`, `refresh_token`
 *   (code grant only, unless refresh token rotation is on), `expires_in`, `token_type`; errors are 400
 *   with `{"error": "invalid_grant" | "invalid_request" | "invalid_client" | "unauthorized_client" | ...}`)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2 (error response)
 */
import type * as https from "node:https";
import { withTimeout } from "../../shared/timeout";
import { isPlainObject } from "../../shared/validation";

/**
 * The largest token endpoint answer read, in bytes. Cognito's holds three tokens of 1–4 KB each; an
 * ID token with many groups or custom claims stays well below this. Anything larger is refused.
 */
export const MAX_TOKEN_RESPONSE_BYTES = 65_536;

/** What the endpoint answered: status and body text (at most {@link MAX_TOKEN_RESPONSE_BYTES}). */
export interface FormPostAnswer {
    readonly status: number;
    readonly body: string;
}

/**
 * Posts a form and reads the answer. Injectable so tests can count calls; the default is {@link postFormOverHttps}.
 * Must honour `signal` (the caller also cuts it off at the time limit).
 */
export type FormPoster = (url: string, form: Readonly<Record<string, string>>, signal: AbortSignal) => Promise<FormPostAnswer>;

/**
 * POSTs `form` (URL-encoded) to the https `url` and reads the answer, refusing bodies over
 * {@link MAX_TOKEN_RESPONSE_BYTES} (a declared Content-Length over the cap fails before any body is
 * read; a body growing past it is cut off at once). No redirect is followed. `signal` aborts the request
 * at any stage (connect, TLS, headers, body).
 */
export function postFormOverHttps(url: string, form: Readonly<Record<string, string>>, signal: AbortSignal): Promise<FormPostAnswer> {
    const body = new URLSearchParams(form).toString();
    // Loaded on the first token call, not at module load: node:https costs milliseconds at every cold
    // start, and a function without sign-in (or a warm one serving cookies) never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { request: httpsRequest } = require("node:https") as typeof https;
    return new Promise<FormPostAnswer>((resolve, reject) => {
        const req = httpsRequest(
            url,
            {
                method: "POST",
                signal,
                headers: {
                    "content-type": "application/x-www-form-urlencoded",
                    accept: "application/json",
                    "content-length": Buffer.byteLength(body),
                },
            },
            (res) => {
                const declared = Number(res.headers["content-length"] ?? NaN);
                if (declared > MAX_TOKEN_RESPONSE_BYTES) {
                    res.destroy();
                    reject(new Error(`answer larger than ${MAX_TOKEN_RESPONSE_BYTES} bytes`));
                    return;
                }
                const chunks: Buffer[] = [];
                let size = 0;
                res.on("data", (chunk: Buffer) => {
                    size += chunk.length;
                    if (size > MAX_TOKEN_RESPONSE_BYTES) {
                        res.destroy();
                        reject(new Error(`answer larger than ${MAX_TOKEN_RESPONSE_BYTES} bytes`));
                        return;
                    }
                    chunks.push(chunk);
                });
                res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks, size).toString("utf8") }));
                res.on("error", reject);
            },
        );
        req.on("error", reject);
        req.end(body);
    });
}

/** Tokens as the endpoint issued them. */
export interface IssuedTokens {
    /** Present when the `openid` scope was granted. */
    readonly idToken: string | undefined;
    readonly accessToken: string;
    /** Present after a code exchange (and after a refresh with refresh token rotation). */
    readonly refreshToken: string | undefined;
    /** Lifetime of the ID and access tokens, seconds (`expires_in`). */
    readonly expiresIn: number | undefined;
}

/** What a token request came to. */
export type TokenOutcome =
    /** New tokens. */
    | { readonly kind: "tokens"; readonly tokens: IssuedTokens }
    /** The code or refresh token is used, expired or revoked (`invalid_grant`): sign in again. */
    | { readonly kind: "invalid-grant" }
    /** No usable answer (timeout, network, 5xx, garbage, another error code): fail closed. `reason` holds no token material. */
    | { readonly kind: "unavailable"; readonly reason: string };

// Token characters: JWTs are base64url with dots; Cognito's refresh token is a JWE (same alphabet).
const TOKEN_TEXT = /^[A-Za-z0-9_\-.]{1,16384}$/;

/** Whether `text` can be a token (JWT or JWE characters, at most 16 KB): nothing else is sent to Cognito. */
export function isTokenText(text: string): boolean {
    return TOKEN_TEXT.test(text);
}
// An OAuth error code (RFC 6749 §5.2: %x20-21 / %x23-5B / %x5D-7E); kept to what we can log safely.
const ERROR_CODE = /^[a-z_]{1,64}$/;

/** Reads an endpoint answer. Exported for the tests. */
export function readTokenAnswer(answer: FormPostAnswer): TokenOutcome {
    let json: unknown;
    try {
        json = JSON.parse(answer.body);
    } catch {
        return { kind: "unavailable", reason: `token endpoint answered ${answer.status} with a body that is not JSON` };
    }
    if (answer.status === 200) {
        if (!isPlainObject(json)) return { kind: "unavailable", reason: "token endpoint answered 200 with a body that is not an object" };
        const { id_token: idToken, access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn } = json;
        const ok =
            (idToken === undefined || (typeof idToken === "string" && TOKEN_TEXT.test(idToken))) &&
            typeof accessToken === "string" &&
            TOKEN_TEXT.test(accessToken) &&
            (refreshToken === undefined || (typeof refreshToken === "string" && TOKEN_TEXT.test(refreshToken))) &&
            (expiresIn === undefined || (typeof expiresIn === "number" && Number.isInteger(expiresIn) && expiresIn > 0));
        if (!ok) return { kind: "unavailable", reason: "token endpoint answered 200 without tokens of the expected shape" };
        return { kind: "tokens", tokens: { idToken, accessToken, refreshToken, expiresIn } as IssuedTokens };
    }
    const error = isPlainObject(json) && typeof json.error === "string" && ERROR_CODE.test(json.error) ? json.error : undefined;
    if (answer.status === 400 && error === "invalid_grant") return { kind: "invalid-grant" };
    return { kind: "unavailable", reason: `token endpoint answered ${answer.status}${error !== undefined ? ` ${error}` : ""}` };
}

/**
 * One token request: `form` posted to `url` through `post`, cut off after `timeoutMs` whatever `post`
 * does, and its answer read. Never throws.
 */
export async function requestTokens(post: FormPoster, url: string, form: Readonly<Record<string, string>>, timeoutMs: number): Promise<TokenOutcome> {
    const answer = await postWithin(post, url, form, timeoutMs);
    return "failed" in answer ? { kind: "unavailable", reason: `token endpoint call failed: ${answer.failed}` } : readTokenAnswer(answer);
}

/**
 * Revokes a refresh token, and every token it issued, at Cognito's revocation endpoint (`token` and, for a
 * public client, `client_id`; 200 when done). Never throws: resolves to why it failed, without the token,
 * or to `undefined`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
 */
export async function revokeRefreshToken(post: FormPoster, url: string, form: { readonly token: string; readonly client_id: string }, timeoutMs: number): Promise<string | undefined> {
    const answer = await postWithin(post, url, form, timeoutMs);
    if ("failed" in answer) return `revocation endpoint call failed: ${answer.failed}`;
    return answer.status === 200 ? undefined : `revocation endpoint answered ${answer.status}`;
}

/** `form` posted to `url` through `post`, cut off after `timeoutMs` whatever `post` does. Never throws. */
async function postWithin(post: FormPoster, url: string, form: Readonly<Record<string, string>>, timeoutMs: number): Promise<FormPostAnswer | { readonly failed: string }> {
    try {
        return await withTimeout((signal) => post(url, form, signal), timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
    } catch (error) {
        // Error messages of node:https name hosts and codes (ECONNREFUSED…), never the form.
        return { failed: error instanceof Error ? error.message.slice(0, 160) : "unknown error" };
    }
}

/**
 * A loopback stand-in for Cognito's `/oauth2/token`: a real HTTPS server on localhost (port 0, a
 * certificate of tests/support/test-pki.ts) that answers as the token endpoint does for a public client
 * with PKCE: `authorization_code` (the code must be one it issued, unused, for the same client and
 * redirect URI, and SHA-256 of `code_verifier` must be the challenge it was issued for), `refresh_token`
 * (known, not revoked), 400 `invalid_grant` otherwise. Tokens are real RS256 tokens signed with the
 * test pool's key. Modes make it slow, down or answer garbage.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 */
import { createHash, randomBytes } from "node:crypto";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { accessClaims, CLIENT_ID, idClaims, signRs256, testKey } from "../edge-auth-tokens";
import { testPki, TestPki } from "./test-pki";

/** How the endpoint behaves. */
export type EndpointMode = "normal" | "slow" | "down" | "garbage" | "huge";

/** One token request as received (the form, parsed). */
export interface ReceivedTokenRequest {
    readonly path: string;
    readonly contentType: string | undefined;
    readonly authorization: string | undefined;
    readonly form: Readonly<Record<string, string>>;
}

/** The server's name in its certificate and URL. */
export const LOOPBACK_HOST = "localhost";

export class LoopbackTokenEndpoint {
    /** `https://localhost:<port>/oauth2/token`. */
    tokenUrl = "";
    /** The PKI whose root signs the server's certificate (`pki.dir/root.pem` for NODE_EXTRA_CA_CERTS). */
    readonly pki: TestPki = testPki(LOOPBACK_HOST);
    /** Every request received, in order. */
    readonly requests: ReceivedTokenRequest[] = [];
    mode: EndpointMode = "normal";
    /** Lifetime of issued ID and access tokens, seconds. */
    tokenLifetimeSeconds = 3600;
    /** Extra claims of issued ID tokens (e.g. other groups). */
    idClaimOverrides: Record<string, unknown> = {};
    /** Every refresh token issued, and whether it is still good. */
    readonly refreshTokens = new Map<string, boolean>();
    private readonly codes = new Map<string, { challenge: string; clientId: string; redirectUri: string; used: boolean }>();
    private server: https.Server | undefined;

    /** Starts listening; resolves when the URL is known. */
    async start(): Promise<void> {
        this.server = https.createServer({ key: this.pki.leaf.keyPem, cert: this.pki.chainPem }, (req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => this.answer(req, Buffer.concat(chunks).toString("utf8"), res));
        });
        await new Promise<void>((resolve) => this.server!.listen(0, LOOPBACK_HOST, resolve));
        this.tokenUrl = `https://${LOOPBACK_HOST}:${(this.server.address() as AddressInfo).port}/oauth2/token`;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    /** What the managed login page does after the user signs in: a new code bound to the PKCE challenge, client and redirect URI. */
    issueCode(challenge: string, clientId: string, redirectUri: string): string {
        const code = randomBytes(18).toString("hex").replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, "$1-$2-$3-$4-$5");
        this.codes.set(code, { challenge, clientId, redirectUri, used: false });
        return code;
    }

    /** Revokes a refresh token (RevokeToken, or a user signed out everywhere). */
    revoke(refreshToken: string): void {
        this.refreshTokens.set(refreshToken, false);
    }

    /** A token set as Cognito issues it. */
    mintTokens(withRefresh: boolean): Record<string, unknown> {
        const now = Math.floor(Date.now() / 1000);
        const key = testKey("key-1");
        const exp = now + this.tokenLifetimeSeconds;
        const body: Record<string, unknown> = {
            id_token: signRs256(idClaims(now, { exp, ...this.idClaimOverrides }), key),
            access_token: signRs256(accessClaims(now, { exp }), key),
            expires_in: this.tokenLifetimeSeconds,
            token_type: "Bearer",
        };
        if (withRefresh) {
            // Cognito's refresh token is an encrypted JWT (JWE compact form, five segments), about 1.8 KB.
            const refresh = [randomBytes(60), randomBytes(256), randomBytes(12), randomBytes(1000), randomBytes(16)].map((b) => b.toString("base64url")).join(".");
            this.refreshTokens.set(refresh, true);
            body.refresh_token = refresh;
        }
        return body;
    }

    private answer(req: { url?: string; method?: string; headers: Record<string, string | string[] | undefined> }, text: string, res: import("node:http").ServerResponse): void {
        const form = Object.fromEntries(new URLSearchParams(text));
        this.requests.push({ path: req.url ?? "", contentType: req.headers["content-type"] as string | undefined, authorization: req.headers.authorization as string | undefined, form });
        const json = (status: number, body: unknown) => {
            res.writeHead(status, { "content-type": "application/json" });
            res.end(JSON.stringify(body));
        };
        switch (this.mode) {
            case "slow":
                return void setTimeout(() => json(200, this.mintTokens(true)), 10_000).unref();
            case "down":
                return json(500, { error: "internal_error" });
            case "garbage":
                res.writeHead(200, { "content-type": "text/html" });
                return void res.end("<html>upstream error</html>");
            case "huge":
                res.writeHead(200, { "content-type": "application/json" });
                return void res.end(JSON.stringify({ id_token: "a".repeat(100_000) }));
        }
        const path = req.url === "/oauth2/token" || req.url === "/oauth2/revoke" ? req.url : undefined;
        if (req.method !== "POST" || path === undefined || req.headers["content-type"] !== "application/x-www-form-urlencoded") return json(405, { error: "invalid_request" });
        if (form.client_id !== CLIENT_ID) return json(400, { error: "invalid_client" });
        if (path === "/oauth2/revoke") {
            // Cognito answers 200 with an empty body, also for a token it does not know.
            if (typeof form.token !== "string") return json(400, { error: "invalid_request" });
            if (this.refreshTokens.has(form.token)) this.refreshTokens.set(form.token, false);
            res.writeHead(200);
            return void res.end();
        }
        if (form.grant_type === "authorization_code") {
            const issued = this.codes.get(form.code ?? "");
            const verifierOk = issued !== undefined && typeof form.code_verifier === "string" && createHash("sha256").update(form.code_verifier).digest("base64url") === issued.challenge;
            if (issued === undefined || issued.used || !verifierOk || issued.clientId !== form.client_id || issued.redirectUri !== form.redirect_uri) {
                if (issued) issued.used = true; // a code is single-use even when the attempt fails
                return json(400, { error: "invalid_grant" });
            }
            issued.used = true;
            return json(200, this.mintTokens(true));
        }
        if (form.grant_type === "refresh_token") {
            if (this.refreshTokens.get(form.refresh_token ?? "") !== true) return json(400, { error: "invalid_grant" });
            // Without refresh token rotation, Cognito returns new ID and access tokens only.
            return json(200, this.mintTokens(false));
        }
        return json(400, { error: "unsupported_grant_type" });
    }
}

/**
 * Token verification: node:crypto for the RS256 signature with key objects built once per key,
 * aws-jwt-verify's assertions for the pool's claims, a bounded cache of verified tokens, and the
 * rate-limited JWKS refetch on key rotation. The only I/O is the refetch, through an injectable fetcher;
 * time comes from an injectable clock.
 *
 * Why not `CognitoJwtVerifier.verifySync`: it re-parses every token with a reviver, verifies through a
 * stream object and throws (with a stack trace) for every forged token, which puts it at about 1.5× the
 * bare RSA verification (see docs/benchmarks.md); and its modules load node:https (for its own JWKS fetcher) at cold start, ~2–4 ms.
 * The checks are the same: the claim checks below are the ones its `validateJwtFields` and
 * `validateCognitoJwtFields` make, with its own assertion functions and error classes, and its `alg`,
 * `kid` and key checks happen in `decomposeToken` and `checkJwks`. Only its pure modules (`assert`,
 * `error`, `safe-json-parse`) are bundled.
 */
import { createPublicKey, KeyObject, verify as verifySignature } from "node:crypto";
import { assertStringArrayContainsString, assertStringEquals } from "aws-jwt-verify/assert";
import { CognitoJwtInvalidClientIdError, CognitoJwtInvalidTokenUseError, JwtInvalidIssuerError } from "aws-jwt-verify/error";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { formatIssue, Issue } from "../../shared/validation";
import { withTimeout } from "../../shared/timeout";
import { DenyReason } from "./cloudfront";
import { checkJwks, EdgeAuthJwks, issuersOf, jwksUrlOf, ResolvedEdgeAuthConfig, TokenUse } from "../../shared/edge-auth-config";
import { LruCache } from "./lru";
import { checkTokenTimes, DecomposedToken, decomposeToken, TokenRejection } from "./token";

/** What the function may need from outside, injectable for tests. */
export interface EdgeAuthDeps {
    /**
     * The clock, in milliseconds since the epoch.
     * @default Date.now
     */
    readonly now?: () => number;
    /**
     * Fetches the pool's JWKS (parsed JSON) on key rotation. Bounded by `jwksFetchTimeoutMs` whatever it does.
     * @default {@link fetchJwksOverHttps} with `jwksFetchTimeoutMs`
     */
    readonly fetchJwks?: (url: string) => Promise<unknown>;
    /**
     * Where operational messages go (refetch failures, unexpected errors); never given token material.
     * @default console.error
     */
    readonly log?: (message: string) => void;
}

/** The outcome for one token. */
export type TokenDecision = { readonly kind: "allow"; readonly sub: string } | { readonly kind: "deny"; readonly reason: DenyReason };

/** Counters that show what the verifier did, for tests and the benchmark. */
export interface VerifierStats {
    /** RSA signature verifications performed. */
    signatureChecks: number;
    /** Requests answered from the verified-token cache. */
    cacheHits: number;
    /** JWKS refetches started. */
    jwksFetches: number;
}

/** A verified token as remembered: its validity period and the decision, which only time can change. */
interface CachedToken {
    /** The whole token: a hit requires the request's token to equal it. */
    readonly token: string;
    readonly exp: number;
    readonly nbf: number | undefined;
    readonly decision: TokenDecision;
}

/** The largest JWKS body accepted, in bytes: Cognito's holds two 2048-bit keys, about 1 KB. */
export const MAX_JWKS_BYTES = 65_536;

/**
 * Fetches a JWKS with the global `fetch`, refusing redirects, non-200 answers, bodies over
 * {@link MAX_JWKS_BYTES} and anything slower than `timeoutMs`. The size is enforced while the body
 * streams: a declared `Content-Length` over the cap fails before any of it is read, and a body that
 * grows past the cap (an endless one included) is cancelled at once, so memory holds at most the cap
 * plus one chunk.
 */
export async function fetchJwksOverHttps(url: string, timeoutMs: number): Promise<unknown> {
    const abort = new AbortController();
    const response = await fetch(url, {
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), abort.signal]),
        redirect: "error",
        headers: { accept: "application/json" },
    });
    const tooLarge = (): Error => {
        // Closes the connection: the rest of the body is never read.
        abort.abort();
        return new Error(`JWKS response larger than ${MAX_JWKS_BYTES / 1024} KB`);
    };
    if (response.status !== 200) {
        abort.abort();
        throw new Error(`JWKS endpoint answered ${response.status}`);
    }
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (declared > MAX_JWKS_BYTES) throw tooLarge();
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body !== null) {
        const reader = response.body.getReader();
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            size += value.byteLength;
            if (size > MAX_JWKS_BYTES) {
                await reader.cancel().catch(() => undefined);
                throw tooLarge();
            }
            chunks.push(value);
        }
    }
    return JSON.parse(Buffer.concat(chunks, size).toString("utf8"));
}

/** One key of the pool, ready to verify with. */
interface PoolKey {
    readonly alg: string;
    readonly keyObject: KeyObject;
}

/**
 * The pool's keys by `kid` (already checked by `checkJwks`: RSA signing keys of at least 2048 bits),
 * each turned into a node:crypto key object once, when the set is installed (at module load for the
 * embedded set), rather than looked up and converted per request.
 */
function hydrateKeys(jwks: EdgeAuthJwks): Map<string, PoolKey> {
    const keys = new Map<string, PoolKey>();
    for (const jwk of jwks.keys) {
        keys.set(jwk.kid, { alg: jwk.alg ?? "RS256", keyObject: createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" }) });
    }
    return keys;
}

/**
 * The pool's claim checks, as aws-jwt-verify's `validateJwtFields` (issuer; no audience, Cognito's is
 * checked below) and `validateCognitoJwtFields` (token use, then `aud` for ID tokens or `client_id` for
 * access tokens) make them, with its assertion functions. Throws its errors.
 * https://github.com/awslabs/aws-jwt-verify/blob/main/src/cognito-verifier.ts
 */
function assertPoolClaims(payload: JwtPayload, issuers: string[], tokenUse: TokenUse, clientIds: string[]): void {
    assertStringArrayContainsString("Issuer", payload.iss, issuers, JwtInvalidIssuerError);
    // The library first checks that token_use is "id" or "access"; equality with the configured use,
    // which is one of the two, implies it.
    assertStringEquals("Token use", payload.token_use, tokenUse, CognitoJwtInvalidTokenUseError);
    if (payload.token_use === "id") assertStringArrayContainsString('Client ID ("audience")', payload.aud, clientIds, CognitoJwtInvalidClientIdError);
    else assertStringArrayContainsString("Client ID", payload.client_id, clientIds, CognitoJwtInvalidClientIdError);
}

/** The token's kid has no key: the one failure a JWKS refetch may cure. (A value, not an Error: no stack trace to build.) */
const UNKNOWN_KID = Symbol("unknown kid");

/**
 * The cache key of a token: its last 22 characters, 16 bytes of its signature. V8 hashes every character
 * of a string used as a Map key, and each request brings a new 1–2 KB string: keying by the whole token
 * would cost microseconds per request. The key only finds the entry; a hit still requires the whole token
 * to be equal, so a colliding key can only cost a verification, never admit a token.
 */
function cacheKeyOf(token: string): string {
    return token.length > 22 ? token.slice(-22) : token;
}

// A Cognito `sub` is a UUID; anything forwarded in a header must at least be visible ASCII.
const HEADER_SAFE = /^[\x21-\x7e]{1,256}$/;

/** Checks the claims that decide between allow, 401 and 403, once the token is known to be genuine. */
export function decideClaims(payload: JwtPayload, config: ResolvedEdgeAuthConfig): TokenDecision {
    const groups = payload["cognito:groups"];
    // No claim: no groups. Anything but a list of strings is a token we do not understand: refuse.
    if (groups !== undefined && (!Array.isArray(groups) || !groups.every((g) => typeof g === "string"))) {
        return { kind: "deny", reason: "invalid" };
    }
    const sub = payload.sub;
    if (typeof sub !== "string" || !HEADER_SAFE.test(sub)) return { kind: "deny", reason: "invalid" };
    if (config.requiredGroups.length > 0 && !(groups ?? []).some((g) => config.requiredGroups.includes(g as string))) {
        return { kind: "deny", reason: "insufficient" };
    }
    for (const claim in config.requiredClaims) {
        const allowed = config.requiredClaims[claim];
        const value = Object.prototype.hasOwnProperty.call(payload, claim) ? payload[claim] : undefined;
        const text = typeof value === "string" ? value : typeof value === "boolean" || typeof value === "number" ? JSON.stringify(value) : undefined;
        if (text === undefined || !allowed.includes(text)) return { kind: "deny", reason: "insufficient" };
    }
    return { kind: "allow", sub };
}

/** Verifies tokens for one config: cache first, then decomposition, times, signature and claims. */
export class TokenVerifier {
    /** What it did so far. */
    readonly stats: VerifierStats = { signatureChecks: 0, cacheHits: 0, jwksFetches: 0 };
    private keys: Map<string, PoolKey>;
    private readonly cache: LruCache<string, CachedToken>;
    private readonly now: () => number;
    private readonly fetchJwks: (url: string) => Promise<unknown>;
    private readonly log: (message: string) => void;
    /** The pool's issuer spellings. */
    private readonly issuers: string[];
    /** The accepted app clients. */
    private readonly clientIds: string[];
    /** Bumped whenever the key set changes, so a verification made with the old keys is not cached after it. */
    private generation = 0;
    private lastFetchAt = Number.NEGATIVE_INFINITY;
    private inFlight: Promise<boolean> | undefined;

    constructor(
        private readonly config: ResolvedEdgeAuthConfig,
        deps: EdgeAuthDeps = {},
    ) {
        this.keys = hydrateKeys(config.jwks);
        this.issuers = [...issuersOf(config.userPoolId)];
        this.clientIds = [...config.clientIds];
        this.cache = new LruCache(config.cacheSize);
        this.now = deps.now ?? Date.now;
        this.fetchJwks = deps.fetchJwks ?? ((url) => fetchJwksOverHttps(url, config.jwksFetchTimeoutMs));
        this.log = deps.log ?? ((message) => console.error(message));
    }

    /**
     * Accepts tokens of one more app client from now on: the sign-in client whose ID the function reads
     * at cold start (`signIn.clientIdParameter`). Adding a client only widens acceptance, and refusals
     * are never cached, so the cache stays valid.
     */
    acceptClientId(clientId: string): void {
        if (!this.clientIds.includes(clientId)) this.clientIds.push(clientId);
    }

    /**
     * The decision for `token`. Synchronous except when an unknown `kid` needs a JWKS refetch, so the
     * common paths (cache hit, full verification) cost no promise. Never throws for any input.
     */
    check(token: string): TokenDecision | Promise<TokenDecision> {
        const nowSeconds = this.now() / 1000;
        const key = cacheKeyOf(token);
        const cached = this.cache.get(key);
        if (cached !== undefined && cached.token === token) {
            this.stats.cacheHits++;
            try {
                checkTokenTimes(cached.exp, cached.nbf, nowSeconds, this.config.clockSkewSeconds);
            } catch {
                this.cache.delete(key);
                return { kind: "deny", reason: "expired" };
            }
            return cached.decision;
        }
        let decomposed: DecomposedToken;
        try {
            decomposed = decomposeToken(token, this.config.maxTokenLength);
            // An expired token is refused before any RSA work (and before it could trigger a refetch).
            checkTokenTimes(decomposed.payload.exp as number, decomposed.payload.nbf, nowSeconds, this.config.clockSkewSeconds);
        } catch (error) {
            return { kind: "deny", reason: error instanceof TokenRejection ? error.reason : "invalid" };
        }
        const generation = this.generation;
        const payload = this.verifyToken(decomposed);
        if (payload !== UNKNOWN_KID) return this.decideAndRemember(key, token, payload, generation);
        // Key rotation: one rate-limited refetch, then one more try; any failure denies (fail closed).
        return this.refreshJwks().then((refreshed): TokenDecision => {
            const again = refreshed ? this.verifyToken(decomposed) : UNKNOWN_KID;
            return again === UNKNOWN_KID ? { kind: "deny", reason: "invalid" } : this.decideAndRemember(key, token, again, this.generation);
        });
    }

    /**
     * The signature and the pool's claims: the key by `kid` (its algorithm must be the header's), the
     * RS256 signature over `header.payload`, then {@link assertPoolClaims}. A bad signature is a plain
     * `false` from node:crypto, not an exception, so forged tokens cost no stack trace.
     * Returns the payload, `null` for an invalid token, or {@link UNKNOWN_KID}.
     */
    private verifyToken(token: DecomposedToken): JwtPayload | null | typeof UNKNOWN_KID {
        const key = this.keys.get(token.header.kid as string);
        if (key === undefined) return UNKNOWN_KID;
        if (key.alg !== token.header.alg) return null;
        this.stats.signatureChecks++;
        if (!verifySignature("sha256", Buffer.from(token.signingInput), key.keyObject, token.signature)) return null;
        try {
            assertPoolClaims(token.payload, this.issuers, this.config.tokenUse, this.clientIds);
        } catch {
            return null;
        }
        return token.payload;
    }

    /** The claims decision for a verified token (`null`: refused), cached unless the key set changed meanwhile. */
    private decideAndRemember(key: string, token: string, payload: JwtPayload | null, generation: number): TokenDecision {
        if (payload === null) return { kind: "deny", reason: "invalid" };
        const decision = decideClaims(payload, this.config);
        if (generation === this.generation && !(decision.kind === "deny" && decision.reason === "invalid")) {
            this.cache.set(key, { token, exp: payload.exp as number, nbf: payload.nbf, decision });
        }
        return decision;
    }

    /**
     * Refetches the JWKS unless one was attempted within `jwksRefetchIntervalSeconds` (successful or not);
     * concurrent callers share the fetch in flight. True when a valid key set was installed.
     */
    private refreshJwks(): Promise<boolean> {
        if (this.inFlight !== undefined) return this.inFlight;
        const now = this.now();
        if (now - this.lastFetchAt < this.config.jwksRefetchIntervalSeconds * 1000) return Promise.resolve(false);
        this.lastFetchAt = now;
        this.stats.jwksFetches++;
        this.inFlight = this.fetchAndInstall().finally(() => {
            this.inFlight = undefined;
        });
        return this.inFlight;
    }

    private async fetchAndInstall(): Promise<boolean> {
        const url = jwksUrlOf(this.config.userPoolId);
        const limit = this.config.jwksFetchTimeoutMs;
        try {
            // Bounded here whatever the injected fetcher does with time.
            const raw = await withTimeout(() => this.fetchJwks(url), limit, () => new Error(`no answer within ${limit} ms`));
            const issues: Issue[] = [];
            const jwks = checkJwks("jwks", raw, issues);
            if (jwks === undefined) {
                this.log(`edge-auth: refetched JWKS from ${url} rejected, keeping the embedded keys: ${issues.map(formatIssue).join("; ")}`);
                return false;
            }
            this.keys = hydrateKeys(jwks);
            this.generation++;
            // Tokens verified with a key that has since been withdrawn must be verified again.
            this.cache.clear();
            return true;
        } catch (error) {
            this.log(`edge-auth: JWKS refetch from ${url} failed: ${error instanceof Error ? error.message.slice(0, 200) : "unknown error"}`);
            return false;
        }
    }
}

/**
 * Finding the token in a request, removing it before the request goes on, and taking a token apart
 * (strictly) before its signature is checked. Pure functions, no I/O.
 */
import type { DecomposedJwt } from "aws-jwt-verify/jwt";
import type { JwtHeader, JwtPayload } from "aws-jwt-verify/jwt-model";
import { safeJsonParse } from "aws-jwt-verify/safe-json-parse";
import { CloudFrontRequest, cookieValues, removeCookie } from "./cloudfront";
import { isPlainObject } from "../../shared/validation";
import { ResolvedEdgeAuthConfig } from "../../shared/edge-auth-config";
import { LruCache } from "./lru";

/** No token in the request. */
export const NO_TOKEN = Symbol("no token");
/** Something unusable where the token should be (several headers, another scheme, an empty cookie…). */
export const MALFORMED_TOKEN = Symbol("malformed token");
/** What a request carries: the token, or one of the two markers (values, so finding costs no allocation). */
export type TokenLookup = string | typeof NO_TOKEN | typeof MALFORMED_TOKEN;

/**
 * RFC 6750 §2.1: `credentials = "Bearer" 1*SP b64token`, the scheme case-insensitive (RFC 7235 §2.1).
 * Exactly one space, as common resource servers (e.g. Spring Security) require: whatever follows it is
 * the token, so a second space, a tab, trailing text or any character outside base64url makes a token
 * that {@link decomposeToken} refuses. Checked by hand rather than by a regular expression, which costs
 * microseconds on a 1 KB header and would run on every request.
 */
function fromAuthorizationHeader(request: CloudFrontRequest): TokenLookup {
    // Read directly rather than through headerValues: this runs on every request, and allocating costs.
    const entries = Object.prototype.hasOwnProperty.call(request.headers, "authorization") ? request.headers.authorization : undefined;
    if (entries === undefined) return NO_TOKEN;
    // Several Authorization headers: which one would the origin honour? Refuse rather than choose.
    if (!Array.isArray(entries) || entries.length !== 1) return MALFORMED_TOKEN;
    const value: unknown = entries[0]?.value;
    if (typeof value !== "string" || value.length <= 7 || !hasBearerScheme(value)) return MALFORMED_TOKEN;
    return value.slice(7);
}

const BEARER_SCHEME = "bearer ";
/** True when `value` starts with `Bearer ` (scheme in any case, one space), compared without allocating. */
function hasBearerScheme(value: string): boolean {
    for (let i = 0; i < 6; i++) {
        // ASCII letters only: setting bit 0x20 lower-cases them and maps no other character onto one.
        if ((value.charCodeAt(i) | 0x20) !== BEARER_SCHEME.charCodeAt(i)) return false;
    }
    return value.charCodeAt(6) === 32;
}

function fromCookie(request: CloudFrontRequest, cookieName: string): TokenLookup {
    const values = cookieValues(request.headers, cookieName);
    if (values.length === 0) return NO_TOKEN;
    const first = values[0];
    // The same cookie twice (e.g. set for two paths) is fine when both carry the same token.
    if (typeof first !== "string" || first.length === 0 || values.some((v) => v !== first)) return MALFORMED_TOKEN;
    return first;
}

/**
 * The token of a request: the first configured source that is present decides, so a broken header is
 * not rescued by a cookie (and the reverse).
 */
export function extractToken(request: CloudFrontRequest, config: ResolvedEdgeAuthConfig): TokenLookup {
    for (const source of config.tokenSources) {
        const found = source === "cookie" ? fromCookie(request, config.cookieName as string) : fromAuthorizationHeader(request);
        if (found !== NO_TOKEN) return found;
    }
    return NO_TOKEN;
}

/**
 * Removes what the origin must not see: the token header and cookie (only from the sources the function
 * reads, so a SigV4 `Authorization` header passes untouched in cookie-only mode) and any viewer-sent copy
 * of the subject header, which only the function may set.
 */
export function stripCredentials(request: CloudFrontRequest, config: ResolvedEdgeAuthConfig): void {
    if (config.tokenSources.includes("authorization-header")) delete request.headers.authorization;
    if (config.cookieName !== undefined && config.tokenSources.includes("cookie")) removeCookie(request.headers, config.cookieName);
    if (config.subjectHeader !== undefined) delete request.headers[config.subjectHeader];
}

/** Why a token was refused before or after its signature was checked. */
export class TokenRejection extends Error {
    constructor(
        /** `expired` for `exp`/`nbf`, `invalid` for everything else. */
        readonly reason: "invalid" | "expired",
        message: string,
    ) {
        super(message);
        this.name = "TokenRejection";
    }
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** Value of a base64url character (the caller has checked the alphabet). */
function base64UrlValue(code: number): number {
    if (code >= 97) return code - 71; // a-z
    if (code >= 65) return code === 95 ? 63 : code - 65; // A-Z, _
    if (code >= 48) return code + 4; // 0-9
    return 62; // -
}

/**
 * The bytes of `segment` when it is the one canonical, unpadded base64url spelling of them (RFC 7515 §2),
 * otherwise `undefined`: only alphabet characters, no padding, a length that is not 1 more than a
 * multiple of 4, and no bits set in the unused low bits of the last character. Decoders ignore those
 * bits, so without this a token whose signature ends in a different but equivalent character would
 * verify: a second spelling of the same token. (Checked without building strings: this runs on every
 * new token, and garbage costs collection time.)
 */
export function decodeCanonicalBase64Url(segment: string): Buffer | undefined {
    const rest = segment.length % 4;
    if (rest === 1 || !SEGMENT.test(segment)) return undefined;
    if (rest !== 0) {
        const last = base64UrlValue(segment.charCodeAt(segment.length - 1));
        if ((rest === 2 ? last & 0x0f : last & 0x03) !== 0) return undefined;
    }
    return Buffer.from(segment, "base64url");
}

/**
 * JSON-parses decoded segment bytes. Plain `JSON.parse` yields exactly what aws-jwt-verify's
 * `safeJsonParse` (which deletes `__proto__` and `constructor` keys) yields whenever neither key can
 * occur, i.e. when the text contains neither name nor a `\u` escape that could spell one; otherwise the
 * library parses it. This skips the reviver's cost on every ordinary token without changing any result.
 */
function parseJson(bytes: Buffer): unknown {
    const text = bytes.toString("utf8");
    const unusual = text.includes("__proto__") || text.includes("constructor") || text.includes("\\u");
    return unusual ? safeJsonParse(text) : JSON.parse(text);
}

const optional = (value: unknown, type: "string" | "number"): boolean =>
    value === undefined || (type === "number" ? typeof value === "number" && Number.isFinite(value) : typeof value === type);

/**
 * Header segments already parsed and checked, with their parsed header. A pool signs with a handful of
 * keys, so its tokens carry a handful of distinct headers: parsing each once saves a base64 decode and a
 * JSON parse per request. Bounded, and only headers that passed the checks enter it.
 */
const knownHeaders = new LruCache<string, JwtHeader>(32);

/** A token taken apart, not yet verified. */
export interface DecomposedToken extends DecomposedJwt {
    /** `header.payload` as it appears in the token: the bytes the signature covers. */
    readonly signingInput: string;
    /** The signature's bytes. */
    readonly signature: Buffer;
}

/**
 * Takes a token apart for verification, as aws-jwt-verify's `decomposeUnverifiedJwt` does, with the
 * same claim type checks and stricter shape rules: three canonical unpadded base64url segments, header
 * `alg` exactly `RS256` with a string `kid`, a numeric `exp`, at most `maxLength` characters.
 * The result is unverified. Throws {@link TokenRejection}.
 */
export function decomposeToken(token: string, maxLength: number): DecomposedToken {
    if (token.length > maxLength) throw new TokenRejection("invalid", "token too long");
    const first = token.indexOf(".");
    const second = token.indexOf(".", first + 1);
    if (first < 0 || second < 0 || token.indexOf(".", second + 1) >= 0) throw new TokenRejection("invalid", "not three segments");
    const headerB64 = token.slice(0, first);
    const payloadB64 = token.slice(first + 1, second);
    const signatureB64 = token.slice(second + 1);
    const payloadBytes = decodeCanonicalBase64Url(payloadB64);
    const signature = decodeCanonicalBase64Url(signatureB64);
    if (payloadBytes === undefined || signature === undefined) throw new TokenRejection("invalid", "segment not canonical base64url");
    const header = knownHeaders.get(headerB64) ?? parseHeader(headerB64);
    let payload: unknown;
    try {
        payload = parseJson(payloadBytes);
    } catch {
        throw new TokenRejection("invalid", "payload not JSON");
    }
    if (!isPlainObject(payload)) throw new TokenRejection("invalid", "payload not an object");
    const p = payload;
    const claimsOk =
        typeof p.exp === "number" &&
        Number.isFinite(p.exp) &&
        optional(p.nbf, "number") &&
        optional(p.iat, "number") &&
        optional(p.iss, "string") &&
        optional(p.sub, "string") &&
        optional(p.scope, "string") &&
        optional(p.jti, "string") &&
        (p.aud === undefined || typeof p.aud === "string" || (Array.isArray(p.aud) && p.aud.every((a) => typeof a === "string")));
    if (!claimsOk) throw new TokenRejection("invalid", "payload claims of the wrong type or exp missing");
    return { header, headerB64, payload: p as JwtPayload, payloadB64, signatureB64, signingInput: token.slice(0, second), signature };
}

/** Parses and checks a header segment not seen before; remembers it when it is acceptable. */
function parseHeader(headerB64: string): JwtHeader {
    const bytes = decodeCanonicalBase64Url(headerB64);
    if (bytes === undefined) throw new TokenRejection("invalid", "segment not canonical base64url");
    let header: unknown;
    try {
        header = parseJson(bytes);
    } catch {
        throw new TokenRejection("invalid", "header not JSON");
    }
    if (!isPlainObject(header) || header.alg !== "RS256" || typeof header.kid !== "string" || header.kid.length === 0) {
        throw new TokenRejection("invalid", "header not an RS256 header with a kid");
    }
    // Frozen: one object is shared by every token with this header.
    const checked = Object.freeze(header) as JwtHeader;
    knownHeaders.set(headerB64, checked);
    return checked;
}

/**
 * Checks `exp` and `nbf` against `nowSeconds` with `skewSeconds` of tolerance. Used on every request,
 * for fresh and cached tokens alike, with the injected clock. Throws {@link TokenRejection} `expired`.
 */
export function checkTokenTimes(exp: number, nbf: number | undefined, nowSeconds: number, skewSeconds: number): void {
    // RFC 7519 §4.1.4: not accepted "on or after" exp.
    if (nowSeconds >= exp + skewSeconds) throw new TokenRejection("expired", "expired");
    if (nbf !== undefined && nowSeconds < nbf - skewSeconds) throw new TokenRejection("expired", "not yet valid");
}

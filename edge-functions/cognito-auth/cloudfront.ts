/**
 * The CloudFront side of the function: the event it receives, the responses it generates, and the
 * header and cookie edits it makes. Pure functions, no I/O.
 *
 * Event shape: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 * (`event.Records[0].cf.request`, headers as a map of lower-case names to arrays of `{ key, value }`).
 * Generated responses: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 * (`status` as a string, headers in the same map form). A viewer-request function's generated response
 * may be at most 40 KB with headers:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 */
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from "aws-lambda";

export type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse };

/** What the handler returns: the request to forward, or a response CloudFront sends instead. */
export type ViewerRequestResult = CloudFrontRequest | CloudFrontResultResponse;

/** Why a request was refused, in the terms of RFC 6750 section 3.1. */
export type DenyReason =
    /** No token at all: the challenge carries no error code (RFC 6750 §3.1: "SHOULD NOT include an error code"). */
    | "missing"
    /** Malformed, forged, for another pool/client/use, or any failure of the checks. */
    | "invalid"
    /** Outside its validity period (`exp`/`nbf`, with the configured skew). */
    | "expired"
    /** Valid, but without a required group or claim. */
    | "insufficient";

// Fixed texts: a response never echoes anything from the request, so no token material can leak.
const DESCRIPTIONS: Record<Exclude<DenyReason, "missing">, string> = {
    invalid: "The token is malformed, forged, or not issued for this content",
    expired: "The token is expired or not yet valid",
    insufficient: "The token lacks a required group or claim",
};

/**
 * The `WWW-Authenticate` value for a refusal (RFC 6750 §3): `Bearer realm="…"`, plus
 * `error="invalid_token"` (401) or `error="insufficient_scope"` (403) and a fixed description.
 * `realm` is validated to need no escaping.
 */
function bearerChallenge(realm: string, reason: DenyReason): string {
    if (reason === "missing") return `Bearer realm="${realm}"`;
    const error = reason === "insufficient" ? "insufficient_scope" : "invalid_token";
    return `Bearer realm="${realm}", error="${error}", error_description="${DESCRIPTIONS[reason]}"`;
}

/** The response for a refusal: 403 for `insufficient`, 401 otherwise; never cached, no token material. */
export function denyResponse(realm: string, reason: DenyReason): CloudFrontResultResponse {
    const forbidden = reason === "insufficient";
    return {
        status: forbidden ? "403" : "401",
        statusDescription: forbidden ? "Forbidden" : "Unauthorized",
        headers: {
            "www-authenticate": [{ key: "WWW-Authenticate", value: bearerChallenge(realm, reason) }],
            // A refusal depends on the viewer's credentials: no shared or browser cache may keep it.
            "cache-control": [{ key: "Cache-Control", value: "no-store" }],
            "content-type": [{ key: "Content-Type", value: "text/plain; charset=utf-8" }],
        },
        bodyEncoding: "text",
        body: forbidden ? "Forbidden\n" : "Unauthorized\n",
    };
}

/** The request of a viewer-request event, or `undefined` when the event is not shaped like one. */
export function viewerRequestOf(event: unknown): CloudFrontRequest | undefined {
    const record = (event as CloudFrontRequestEvent | undefined)?.Records?.[0];
    const cf = record?.cf;
    // Authorization at any later stage would be bypassed by cache hits, so anything else is refused.
    if (!cf || cf.config?.eventType !== "viewer-request") return undefined;
    const request = cf.request;
    if (!request || typeof request !== "object" || typeof request.method !== "string") return undefined;
    if (typeof request.headers !== "object" || request.headers === null || Array.isArray(request.headers)) return undefined;
    return request;
}

/**
 * The values of one header (lower-case name), `undefined` when absent. Throws nothing on a malformed
 * header map; a malformed entry yields a non-string value that callers reject.
 */
export function headerValues(headers: CloudFrontHeaders, name: string): readonly unknown[] | undefined {
    const entries = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
    if (entries === undefined) return undefined;
    if (!Array.isArray(entries)) return [undefined];
    return entries.map((entry) => (entry && typeof entry === "object" ? entry.value : undefined));
}

/** A CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method` (Fetch standard). */
export function isCorsPreflight(request: CloudFrontRequest): boolean {
    return request.method === "OPTIONS" && headerValues(request.headers, "origin") !== undefined && headerValues(request.headers, "access-control-request-method") !== undefined;
}

/** One `name=value` pair of a Cookie header, split at the first `=`, whitespace around both trimmed. */
function splitCookiePair(pair: string): [string, string] | undefined {
    const eq = pair.indexOf("=");
    if (eq < 0) return undefined;
    return [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
}

/**
 * Every value of the cookie `name` across all Cookie headers (HTTP/2 viewers may send several), with one
 * pair of surrounding double quotes removed (RFC 6265 §4.1.1). A non-string header value yields `undefined`.
 */
export function cookieValues(headers: CloudFrontHeaders, name: string): (string | undefined)[] {
    const found: (string | undefined)[] = [];
    for (const header of headerValues(headers, "cookie") ?? []) {
        if (typeof header !== "string") {
            found.push(undefined);
            continue;
        }
        for (const part of header.split(";")) {
            const pair = splitCookiePair(part);
            if (pair && pair[0] === name) {
                const v = pair[1];
                found.push(v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);
            }
        }
    }
    return found;
}

/** Removes the cookie `name` from every Cookie header, keeping the other cookies; drops emptied headers. */
export function removeCookie(headers: CloudFrontHeaders, name: string): void {
    const entries = headers.cookie;
    if (!Array.isArray(entries)) {
        if (entries !== undefined) delete headers.cookie;
        return;
    }
    const kept: CloudFrontHeaders[string] = [];
    for (const entry of entries) {
        if (!entry || typeof entry.value !== "string") continue;
        const parts = entry.value.split(";");
        const rest = parts.filter((part) => splitCookiePair(part)?.[0] !== name);
        // A header without the cookie passes byte for byte; one with it loses only that pair.
        if (rest.length === parts.length) kept.push(entry);
        else {
            const value = rest.map((part) => part.trim()).filter((part) => part.length > 0).join("; ");
            if (value.length > 0) kept.push({ key: entry.key ?? "Cookie", value });
        }
    }
    if (kept.length > 0) headers.cookie = kept;
    else delete headers.cookie;
}

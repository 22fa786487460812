/**
 * The HTTP checks of `npm run verify`: plain HTTP redirects to HTTPS, the protected path wants a
 * token, and the bucket refuses anonymous requests. One GET each, redirects never followed,
 * certificates validated as configured. Network failures and timeouts become failed checks.
 */
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as tls from "node:tls";
import { CheckResult, TrustOptions, describeError, withDeadline } from "./checks";

/** What one GET returned. */
export type HttpObservation =
    | {
          /** A response arrived. */
          readonly ok: true;
          /** HTTP status code. */
          readonly status: number;
          /** Response headers, lower-case names. */
          readonly headers: Readonly<http.IncomingHttpHeaders>;
      }
    | {
          readonly ok: false;
          /** Why there was no response, e.g. `error ECONNREFUSED` or `timed out after 5000 ms`. */
          readonly error: string;
      };

/** Options of one request. */
export interface RequestOptions extends TrustOptions {
    /** Hard limit for the whole request, connect to last header. */
    readonly timeoutMs: number;
    /** Extra request headers. */
    readonly headers?: Readonly<Record<string, string>>;
    /** Connect to this address instead of resolving the URL's host (`--resolve`); the host still names the server. */
    readonly addressFor?: (host: string, port: number) => string | undefined;
}

/** Sends one GET without following redirects; never throws. The body is discarded. */
export function httpGet(url: URL, options: RequestOptions): Promise<HttpObservation> {
    return withDeadline<HttpObservation>(
        options.timeoutMs,
        {
            onTimeout: () => ({ ok: false, error: `timed out after ${options.timeoutMs} ms` }),
            onError: (error) => ({ ok: false, error: describeError(error) }),
        },
        (settle, setCleanup) => {
            const secure = url.protocol === "https:";
            const port = Number(url.port || (secure ? 443 : 80));
            const address = options.addressFor?.(url.hostname, port);
            const common = {
                method: "GET",
                headers: { "user-agent": "legacy-tls-front-verify", ...options.headers },
                agent: false as const,
                // --resolve: the socket goes to the given address; Host, SNI and the certificate check keep the name.
                ...(address !== undefined ? { lookup: fixedLookup(address) } : {}),
            };
            const request = secure
                ? https.request(url, {
                      ...common,
                      servername: net.isIP(url.hostname) === 0 ? url.hostname : undefined,
                      ca: options.ca ? [...tls.rootCertificates, options.ca] : undefined,
                      rejectUnauthorized: !options.insecure,
                  })
                : http.request(url, common);
            setCleanup(() => request.destroy());
            request.once("response", (response) => {
                // Only the status and headers matter; drain the body so the socket can close.
                response.resume();
                settle({ ok: true, status: response.statusCode ?? 0, headers: response.headers });
            });
            request.once("error", (error) => settle({ ok: false, error: describeError(error) }));
            request.end();
        },
    );
}

// A dns.lookup stand-in that always answers `address` (both the single and the `all: true` forms).
function fixedLookup(address: string): net.LookupFunction {
    const family = net.isIP(address);
    return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
        if (options?.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
    }) as unknown as net.LookupFunction;
}

/** Status and the headers a check cares about, for the `observed` column. */
function describeResponse(o: HttpObservation, header?: string): string {
    if (!o.ok) return o.error;
    const value = header ? o.headers[header] : undefined;
    return header && value !== undefined ? `${o.status}, ${HEADER_NAMES[header] ?? header}: ${String(value)}` : `${o.status}`;
}

// Node lower-cases header names; print them as the RFCs spell them.
const HEADER_NAMES: Record<string, string> = { location: "Location", "www-authenticate": "WWW-Authenticate" };

/**
 * `http://host/path` must answer 301 with a `Location` on `https:` for the same host name, path and
 * query (CloudFront's `redirect-to-https` keeps them).
 */
export async function checkRedirect(httpUrl: URL, options: RequestOptions): Promise<CheckResult> {
    const o = await httpGet(httpUrl, options);
    // Any port: CloudFront redirects to 443, a test or a proxy may use another one.
    const expected = `https://${httpUrl.hostname}[:port]${httpUrl.pathname}${httpUrl.search}`;
    let pass = false;
    if (o.ok && o.status === 301 && typeof o.headers.location === "string") {
        const location = parseUrl(o.headers.location);
        pass =
            location !== undefined &&
            location.protocol === "https:" &&
            location.hostname === httpUrl.hostname &&
            location.pathname === httpUrl.pathname &&
            location.search === httpUrl.search;
    }
    return {
        group: "http",
        check: "plain HTTP redirects",
        target: httpUrl.href,
        expectation: `301, Location: ${expected}`,
        observed: describeResponse(o, "location"),
        pass,
        details: o.ok ? { status: o.status, location: o.headers.location } : { error: o.error },
    };
}

/** Without a token the protected URL must answer 401 with a `WWW-Authenticate` challenge. */
export async function checkAnonymousRefused(url: URL, options: RequestOptions): Promise<CheckResult> {
    const o = await httpGet(url, options);
    const challenge = o.ok ? o.headers["www-authenticate"] : undefined;
    return {
        group: "auth",
        check: "no token",
        target: url.href,
        expectation: "401 with WWW-Authenticate",
        observed: describeResponse(o, "www-authenticate"),
        pass: o.ok && o.status === 401 && typeof challenge === "string" && challenge.length > 0,
        details: o.ok ? { status: o.status, wwwAuthenticate: challenge } : { error: o.error },
    };
}

/** With `Authorization: Bearer TOKEN` the protected URL must answer 200. The token is never printed. */
export async function checkTokenAccepted(url: URL, token: string, options: RequestOptions): Promise<CheckResult> {
    const o = await httpGet(url, { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
    return {
        group: "auth",
        check: "with --token",
        target: url.href,
        expectation: "200",
        observed: describeResponse(o, o.ok && o.status !== 200 ? "www-authenticate" : undefined),
        pass: o.ok && o.status === 200,
        details: o.ok ? { status: o.status } : { error: o.error },
    };
}

/** An anonymous GET straight to the bucket must be refused with 403 (the front is the only way in). */
export async function checkBucketRefused(bucketUrl: URL, options: RequestOptions): Promise<CheckResult> {
    const o = await httpGet(bucketUrl, options);
    return {
        group: "bucket",
        check: "anonymous request",
        target: bucketUrl.href,
        expectation: "403",
        observed: describeResponse(o),
        pass: o.ok && o.status === 403,
        details: o.ok ? { status: o.status } : { error: o.error },
    };
}

function parseUrl(text: string): URL | undefined {
    try {
        return new URL(text);
    } catch {
        return undefined;
    }
}

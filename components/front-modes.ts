/**
 * What each `FrontMode` means for CloudFront, as plain data: how origin access control signs,
 * which cache and origin request policies the default behavior uses, and whether the bucket must grant
 * CloudFront access. Pure, so the tests can pin every field and the plan can print it.
 */
import { ManagedCachePolicy, ManagedOriginRequestPolicy, S3_AUTHORIZATION_FORWARDING } from "./cloudfront-facts";
import { FrontMode } from "./settings/legacy-tls-front";

// The enum is a setting of the front, declared with its settings.
export { FrontMode };

/** Every mode, in the order validation messages list them. */
export const FRONT_MODES: readonly FrontMode[] = Object.values(FrontMode);

/** The `signingBehavior` of an origin access control. */
export type OacSigningBehavior = "always" | "never" | "no-override";

/** A cache policy the component creates, in CloudFront's own terms. */
export interface CachePolicySpec {
    /** Description stored on the policy (CloudFront allows 128 characters). */
    readonly comment: string;
    /** Seconds; CloudFront never caches for less. */
    readonly minTtl: number;
    /** Seconds, when the origin sends no Cache-Control or Expires. */
    readonly defaultTtl: number;
    /** Seconds; CloudFront never caches for more, whatever the origin says. */
    readonly maxTtl: number;
    /** Headers in the cache key (and so forwarded to the origin). */
    readonly headers: readonly string[];
    /** `all` or `none`: query strings in the cache key. */
    readonly queryStrings: "all" | "none";
    /** Normalize `Accept-Encoding: gzip` into the cache key (needed for compression). */
    readonly enableAcceptEncodingGzip: boolean;
    /** Normalize `Accept-Encoding: br` into the cache key (needed for compression). */
    readonly enableAcceptEncodingBrotli: boolean;
}

/** An origin request policy the component creates, in CloudFront's own terms. */
export interface OriginRequestPolicySpec {
    /** Description stored on the policy (CloudFront allows 128 characters). */
    readonly comment: string;
    /** `whitelist`: forward only `headers`; `allExcept`: forward every viewer header but `headers`. */
    readonly headerBehavior: "whitelist" | "allExcept";
    /** The header names `headerBehavior` applies to. */
    readonly headers: readonly string[];
    /** `all` or `none`: query strings forwarded to the origin. */
    readonly queryStrings: "all" | "none";
}

/** Either an AWS-managed policy (by documented ID) or one the component creates. */
export type PolicyChoice<Spec> = { readonly managedId: string } | { readonly create: Spec };

/** Everything the mode decides. */
export interface ModeProfile {
    /** The mode this profile describes. */
    readonly mode: FrontMode;
    /** The origin access control's `signingBehavior`. */
    readonly oacSigning: OacSigningBehavior;
    /** The default behavior's cache policy. */
    readonly cachePolicy: PolicyChoice<CachePolicySpec>;
    /** The default behavior's origin request policy. */
    readonly originRequestPolicy: PolicyChoice<OriginRequestPolicySpec>;
    /** Whether the bucket policy must allow CloudFront (it only needs to when CloudFront signs). */
    readonly bucketGrantsCloudFront: boolean;
    /** Whether CloudFront may compress responses (needs a cache policy that normalizes Accept-Encoding). */
    readonly compress: boolean;
}

/** Headers a browser sends for CORS; S3 needs them to answer preflights and add CORS headers. */
export const CORS_REQUEST_HEADERS: readonly string[] = ["Origin", "Access-Control-Request-Headers", "Access-Control-Request-Method"];

/** Headers an upload may sign or S3 may need to store the object as sent. */
export const UPLOAD_HEADERS: readonly string[] = ["Content-Type", "Content-MD5"];

/**
 * Where the viewer signs, S3 must see the request as the viewer sent it: every header the viewer
 * signed (SDKs sign more than the SigV4 headers, e.g. `x-amz-checksum-mode`, `amz-sdk-request`), but
 * not the viewer's Host, which names CloudFront; CloudFront then sends the bucket's own host name,
 * the one the viewer signed for.
 */
function relayViewerRequest(comment: string): OriginRequestPolicySpec {
    return { comment, headerBehavior: "allExcept", headers: ["Host"], queryStrings: "all" };
}

/**
 * The profile of a mode. `uploads` adds the headers an upload needs where the mode forwards a fixed
 * list of viewer headers.
 */
export function modeProfile(mode: FrontMode, uploads: boolean): ModeProfile {
    const forwarded = uploads ? [...CORS_REQUEST_HEADERS, ...UPLOAD_HEADERS] : [...CORS_REQUEST_HEADERS];
    switch (mode) {
        case "signed":
            return {
                mode,
                oacSigning: "always",
                cachePolicy: { managedId: ManagedCachePolicy.CachingOptimized },
                originRequestPolicy: uploads
                    ? {
                          create: {
                              comment: "CORS and upload headers to an S3 origin signed by origin access control",
                              headerBehavior: "whitelist",
                              headers: forwarded,
                              queryStrings: "none",
                          },
                      }
                    : { managedId: ManagedOriginRequestPolicy.CorsS3Origin },
                bucketGrantsCloudFront: true,
                compress: true,
            };
        case "unsigned":
            return {
                mode,
                oacSigning: "never",
                // S3 origins do not support caching on Authorization; with caching disabled the managed
                // all-viewer-except-Host policy relays the signature (see S3_AUTHORIZATION_FORWARDING).
                // Nothing is cached, so a response can never be served to a request S3 did not check.
                cachePolicy: { managedId: S3_AUTHORIZATION_FORWARDING.cachePolicyId },
                originRequestPolicy: { managedId: S3_AUTHORIZATION_FORWARDING.originRequestPolicyId },
                bucketGrantsCloudFront: false,
                compress: false,
            };
        case "presigned":
            return {
                mode,
                oacSigning: "never",
                // Caching disabled: every request reaches S3 and S3 checks its own signature and expiry.
                // A cache key without the query string would hand one signed response to anyone.
                cachePolicy: { managedId: ManagedCachePolicy.CachingDisabled },
                // A custom policy, not AllViewerExceptHostHeader: the managed policies drop
                // response-content-* query parameters for S3 origins, which presigned URLs often sign.
                // The viewer's Host is not forwarded: S3 sees its own host name, which the URL was signed for.
                originRequestPolicy: {
                    create: relayViewerRequest("Relays presigned S3 requests: all query strings, all headers but Host"),
                },
                bucketGrantsCloudFront: false,
                compress: false,
            };
    }
}

/**
 * Why a mode needs the viewer's `Authorization` header for itself, or `undefined` when it does not. In
 * `unsigned` the header carries the viewer's SigV4 signature for S3 (relayed to the origin), so a
 * viewer-request authenticator must neither read a token from it nor strip it: it has to take its
 * token from a cookie.
 */
export function authorizationHeaderUse(mode: FrontMode): string | undefined {
    return mode === "unsigned" ? `mode "unsigned" carries the viewer's SigV4 signature for S3 in the Authorization header` : undefined;
}

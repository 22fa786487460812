/**
 * Which URLs one set of CloudFront signed cookies may grant, for the edge function that issues them
 * after sign-in: the rule its config validation (deploy time) and the function (run time) share.
 *
 * A browser holds one `CloudFront-Policy`/`-Signature`/`-Key-Pair-Id` set per cookie path, and the
 * function must read that set on the pages that need renewing it, so it is issued with `Path=/`: one set,
 * so one policy. A custom policy has exactly one statement with one `Resource`, in which `*` matches any
 * characters and `?` one, the wildcards of a CloudFront path pattern; so one pattern is its own Resource,
 * and several are covered by one of them only when it covers the others (`/media/*` covers `/media/hd/*`).
 * Any wider Resource (e.g. `/*` for `/downloads/*` and `/videos/*`) would also grant every other path of
 * the front whose behaviour trusts the same key group, so it is refused rather than computed.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 * @see https://repost.aws/questions/QUEFDu9ScTRfqXrFe7BWIjUA (one statement per custom policy: one cookie set per path)
 */

/** The path part of the policy's Resource (after `https://<host>`), or why there is none. */
export type SignedCookieResource = { readonly path: string } | { readonly problem: string };

/** A path pattern as the request path sees it: CloudFront matches `images/*` and `/images/*` alike. */
function rooted(pattern: string): string {
    return pattern.startsWith("/") ? pattern : `/${pattern}`;
}

/**
 * The Resource path covering exactly the union of `pathPatterns`: the pattern `<literal prefix>*` of the
 * list that every other pattern starts with, or the only pattern. A problem (in the words of an `Issue`,
 * after the value) when no pattern covers the others, or the list is empty.
 * @example signedCookieResourcePath(["/media/*", "/media/hd/*"]) // { path: "/media/*" }
 */
export function signedCookieResourcePath(pathPatterns: readonly string[]): SignedCookieResource {
    const patterns = pathPatterns.map(rooted);
    if (patterns.length === 0) return { problem: "is empty; signed cookies need the content paths they cover" };
    if (patterns.length === 1) return { path: patterns[0] };
    const covering = patterns.find((candidate) => {
        const prefix = candidate.slice(0, -1);
        // `<prefix>*` with a literal prefix matches every URL that starts with it, and only those; a pattern
        // that starts with the same literal characters matches only such URLs.
        return candidate.endsWith("*") && !/[*?]/.test(prefix) && patterns.every((other) => other.startsWith(prefix));
    });
    if (covering !== undefined) return { path: covering };
    return {
        problem:
            "has no pattern that covers all the others, and one set of signed cookies grants one Resource; " +
            'put the content under one folder (e.g. "/content/*") or add the folder that holds them all',
    };
}

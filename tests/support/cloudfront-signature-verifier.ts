/**
 * Checks a signed URL or a signed cookie set the way CloudFront does on every request to a behaviour that
 * trusts key groups: the public key is the one the `Key-Pair-Id` names among the trusted key groups' keys
 * (none: refused, "Unknown Key"), the signature is RSA over the policy (SHA-1, or SHA-256 when
 * `Hash-Algorithm=SHA256`), the policy is CloudFront's own canned policy rebuilt from the URL and
 * `Expires` or the custom `Policy` sent along, and the request must fall within its times and match its
 * resource. The check happens per request, before the edge cache is looked at, so a cached object never
 * lengthens a signature's life.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-urls.html#private-content-how-signed-urls-work
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-canned-policy.html
 * @see https://repost.aws/knowledge-center/cloudfront-troubleshoot-signed-url-cookies ("Unknown Key")
 */
import { KeyObject, createPublicKey, verify } from "node:crypto";

/** The public keys CloudFront may verify with: every key of the behaviour's key groups, PEM by public key ID. */
export type TrustedPublicKeys = Readonly<Record<string, string | KeyObject>>;

/** What CloudFront decided. */
export type SignatureVerdict = { readonly ok: true; readonly keyPairId: string } | { readonly ok: false; readonly reason: string };

/** The signature parameters CloudFront reads from a URL's query (or, `CloudFront-` prefixed, from cookies). */
interface SignatureParts {
    readonly keyPairId?: string;
    readonly signature?: string;
    readonly expires?: string;
    readonly policy?: string;
    readonly hashAlgorithm?: string;
}

const SIGNATURE_PARAMETERS = ["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"];

/** CloudFront's URL-safe base64 (`+` → `-`, `=` → `_`, `/` → `~`) back to bytes. */
function fromCloudFrontBase64(text: string): Buffer {
    return Buffer.from(text.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");
}

// A policy Resource with * (any characters) and ? (one) against the requested URL.
function resourceMatches(pattern: string, url: string): boolean {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    return regex.test(url);
}

function check(parts: SignatureParts, requestUrl: string, keys: TrustedPublicKeys, now: Date): SignatureVerdict {
    if (!parts.keyPairId) return { ok: false, reason: "Missing Key-Pair-Id query parameter or cookie value" };
    const key = keys[parts.keyPairId];
    if (key === undefined) return { ok: false, reason: `Unknown Key: ${parts.keyPairId} is in none of the trusted key groups` };
    if (!parts.signature) return { ok: false, reason: "Missing Signature" };
    let policy: string;
    if (parts.policy !== undefined) {
        policy = fromCloudFrontBase64(parts.policy).toString("utf8");
    } else if (parts.expires !== undefined) {
        // The canned policy, rebuilt exactly: no whitespace, the URL without the signature parameters.
        policy = `{"Statement":[{"Resource":"${requestUrl}","Condition":{"DateLessThan":{"AWS:EpochTime":${Number(parts.expires)}}}}]}`;
    } else {
        return { ok: false, reason: "Missing Expires or Policy" };
    }
    const algorithm = parts.hashAlgorithm === undefined ? "RSA-SHA1" : parts.hashAlgorithm === "SHA256" ? "RSA-SHA256" : undefined;
    if (!algorithm) return { ok: false, reason: `Unsupported Hash-Algorithm ${parts.hashAlgorithm}` };
    const publicKey = typeof key === "string" ? createPublicKey(key) : key;
    if (!verify(algorithm, Buffer.from(policy, "utf8"), publicKey, fromCloudFrontBase64(parts.signature))) {
        return { ok: false, reason: "Invalid signature" };
    }
    const statement = (JSON.parse(policy) as { Statement: Array<{ Resource?: string; Condition: Record<string, Record<string, number | string>> }> }).Statement[0];
    const seconds = Math.floor(now.getTime() / 1000);
    const lessThan = statement.Condition.DateLessThan?.["AWS:EpochTime"];
    if (typeof lessThan !== "number" || seconds >= lessThan) return { ok: false, reason: "Access denied: expired" };
    const greaterThan = statement.Condition.DateGreaterThan?.["AWS:EpochTime"];
    if (typeof greaterThan === "number" && seconds <= greaterThan) return { ok: false, reason: "Access denied: not yet valid" };
    if (statement.Resource !== undefined && !resourceMatches(statement.Resource, requestUrl)) return { ok: false, reason: "Access denied: resource does not match" };
    return { ok: true, keyPairId: parts.keyPairId };
}

/** CloudFront's verdict on a request for `signedUrl` at `now`, trusting `keys`. */
export function verifySignedUrl(signedUrl: string, keys: TrustedPublicKeys, now: Date = new Date()): SignatureVerdict {
    const url = new URL(signedUrl);
    const query = url.searchParams;
    const parts: SignatureParts = {
        keyPairId: query.get("Key-Pair-Id") ?? undefined,
        signature: query.get("Signature") ?? undefined,
        expires: query.get("Expires") ?? undefined,
        policy: query.get("Policy") ?? undefined,
        hashAlgorithm: query.get("Hash-Algorithm") ?? undefined,
    };
    // The URL as it was signed: the viewer's request without the parameters CloudFront reads as the signature.
    const unsigned = new URL(signedUrl);
    for (const name of SIGNATURE_PARAMETERS) unsigned.searchParams.delete(name);
    return check(parts, unsigned.toString().replace(/\?$/, ""), keys, now);
}

/** CloudFront's verdict on a request for `requestUrl` carrying the cookie `values` at `now`, trusting `keys`. */
export function verifySignedCookies(requestUrl: string, values: Readonly<Record<string, string>>, keys: TrustedPublicKeys, now: Date = new Date()): SignatureVerdict {
    return check(
        {
            keyPairId: values["CloudFront-Key-Pair-Id"],
            signature: values["CloudFront-Signature"],
            expires: values["CloudFront-Expires"],
            policy: values["CloudFront-Policy"],
            hashAlgorithm: values["CloudFront-Hash-Algorithm"],
        },
        requestUrl,
        keys,
        now,
    );
}

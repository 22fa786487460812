/**
 * The library a content service uses at runtime to hand out short-lived access to content behind a
 * {@link LegacyTlsFront}: CloudFront signed URLs and signed cookies (for behaviours that trust a key group
 * from {@link SignedContentKeys}), and, for the `presigned` mode, S3 presigned URLs rewritten to the front's
 * host name.
 *
 * Pure of Pulumi on purpose: services import this module at runtime, where `@pulumi/*` is neither
 * installed nor wanted. It depends only on the AWS SDK packages that do the signing and on the shared
 * validation primitives.
 *
 * @example
 * const { keyPairId, privateKey } = parseSigningKeySecret(secretString); // from Secrets Manager
 * const url = signUrl({ url: "https://media.example.com/videos/intro.mp4", keyPairId, privateKey,
 *     expiresAt: new Date(Date.now() + 5 * 60_000) });
 * @example
 * // Read the secret at most every 5 minutes, so a key rotation reaches every signer within that time.
 * const keys = createSigningKeyCache({ readSecretString: async () =>
 *     (await secretsManager.send(new GetSecretValueCommand({ SecretId: process.env.SIGNING_SECRET_ARN }))).SecretString! });
 * const url = signUrl({ url, ...(await keys.currentKey()), expiresAt });
 */
import { createPrivateKey } from "node:crypto";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { getSignedUrl as presignS3Request } from "@aws-sdk/s3-request-presigner";
import { Issue, checkDomainName, checkIntegerInRange, checkOneOf, throwIfIssues } from "../../shared/validation";
import { KEY_PAIR_ID, REDACTED, SigningKeySecret, parseSigningKeySecret } from "../../shared/signing-key-secret";

// The signing key secret's parser lives in shared/, so the edge function that issues signed cookies reads
// secrets exactly as services do, without this library's AWS SDK signer packages in its bundle.
export { parseSigningKeySecret };
export type { SigningKeyRingSecret, SigningKeySecret } from "../../shared/signing-key-secret";

/**
 * Hash algorithm of a CloudFront signature. `SHA256` adds `Hash-Algorithm=SHA256` to the URL (or a
 * `CloudFront-Hash-Algorithm` cookie), which CloudFront accepts for FIPS 140-3 compliant signing.
 * @see https://aws.amazon.com/about-aws/whats-new/2026/04/amazon-cloudfront-sha-256-signed-urls/
 */
export type SigningAlgorithm = "SHA1" | "SHA256";

/** The algorithms, for validation messages. */
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ["SHA1", "SHA256"];

/** The key a service signs with: a CloudFront public key's ID and the matching RSA private key. */
export interface SigningKey {
    /**
     * ID of the CloudFront public key (`SignedContentKeys.publicKeyId`), sent as `Key-Pair-Id`.
     * @example "K2JCJMDEHXQW5F"
     */
    readonly keyPairId: string;
    /** The RSA private key, PEM (PKCS#1 or PKCS#8). Never logged and never echoed in errors. */
    readonly privateKey: string | Buffer;
    /**
     * Passphrase of an encrypted private key.
     * @default none
     */
    readonly passphrase?: string;
    /**
     * @default "SHA1"
     */
    readonly algorithm?: SigningAlgorithm;
}

/**
 * A custom policy: who may fetch what, when. Use it for a resource with wildcards (one signature for a
 * whole folder of video segments), a start time, or a source IP restriction.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-custom-policy.html
 */
export interface AccessPolicy {
    /**
     * The URL the signature is valid for; `*` matches any characters, `?` one.
     * @default the URL being signed (for signUrl); required for signCookies
     * @example "https://media.example.com/videos/intro/*"
     */
    readonly resource?: string;
    /** When access ends (exclusive). Must be in the future. */
    readonly expiresAt: Date;
    /**
     * When access starts.
     * @default immediately
     */
    readonly startsAt?: Date;
    /**
     * An IPv4 address or CIDR the viewer must come from (CloudFront policies accept IPv4 only).
     * @default any address
     * @example "192.0.2.0/24"
     */
    readonly sourceIp?: string;
}

/** Options of {@link signUrl}: either `expiresAt` (canned policy) or `policy` (custom policy). */
export type SignUrlOptions = SigningKey & {
    /**
     * The URL to sign, on the front's host, already percent-encoded as the viewer will request it.
     * @example "https://media.example.com/videos/intro.mp4"
     */
    readonly url: string;
    /** The clock used to reject expiries in the past. @default new Date() */
    readonly now?: Date;
} & (
        | {
              /** When the URL stops working: a canned policy, the shortest signed URL. */
              readonly expiresAt: Date;
              readonly policy?: never;
          }
        | {
              /** A custom policy (wildcards, start time, source IP). */
              readonly policy: AccessPolicy;
              readonly expiresAt?: never;
          }
    );

/** Options of {@link signCookies}. */
export interface SignCookiesOptions extends SigningKey {
    /** What the cookies grant; `policy.resource` is required (usually a wildcard). */
    readonly policy: AccessPolicy & { readonly resource: string };
    /**
     * `Domain` attribute of the cookies: the front's host name, or a parent domain shared with the site
     * that sets them.
     * @default no Domain attribute (the cookies go back only to the host that set them)
     * @example "media.example.com"
     */
    readonly domain?: string;
    /**
     * `Path` attribute of the cookies.
     * @default "/"
     */
    readonly path?: string;
    /**
     * `SameSite` attribute. `None` is needed when a page on another site embeds the media.
     * @default "Lax"
     */
    readonly sameSite?: "Strict" | "Lax" | "None";
    /** The clock used to reject expiries in the past. @default new Date() */
    readonly now?: Date;
}

/** A signed cookie set, as values and as ready `Set-Cookie` header values. */
export interface SignedCookies {
    /** Cookie name → value (`CloudFront-Policy`, `CloudFront-Signature`, `CloudFront-Key-Pair-Id`, optionally `CloudFront-Hash-Algorithm`). */
    readonly values: Readonly<Record<string, string>>;
    /** One `Set-Cookie` header value per cookie: `Secure`, `HttpOnly`, `SameSite`, `Path`, `Expires` (and `Domain` when given). */
    readonly setCookieHeaders: readonly string[];
}

/** Options of {@link presignThroughFront}. */
export interface PresignThroughFrontOptions {
    /** The origin bucket (no dots: the front's origin is the bucket's virtual-hosted REST endpoint). */
    readonly bucket: string;
    /** The object key, unencoded. @example "reports/2026/q1.pdf" */
    readonly key: string;
    /** The bucket's region. @example "eu-central-1" */
    readonly region: string;
    /**
     * The front's host name viewers use (a custom domain or `dXXXX.cloudfront.net`).
     * @example "legacy.example.com"
     */
    readonly frontHost: string;
    /** Seconds the URL stays valid, 1 to 604800 (SigV4 query signing allows at most 7 days). */
    readonly expiresIn: number;
    /**
     * Credentials to sign with. Temporary credentials (a role's) end the URL's validity when they
     * expire, whatever `expiresIn` says.
     * @default the AWS SDK's default credential chain
     */
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
    /**
     * Signed `response-content-disposition`, e.g. to force a download name.
     * @default none
     * @example 'attachment; filename="q1.pdf"'
     */
    readonly responseContentDisposition?: string;
    /** Signed `response-content-type`. @default none */
    readonly responseContentType?: string;
    /** The signing time. @default now */
    readonly signingDate?: Date;
}

const SUBJECT = "content signing";

// Query parameters CloudFront reads as a signature; a URL that already has them would be signed twice.
const CLOUDFRONT_SIGNATURE_PARAMETERS = ["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"];

function checkSigningKey(options: SigningKey, issues: Issue[]): void {
    if (typeof options.keyPairId !== "string" || !KEY_PAIR_ID.test(options.keyPairId)) {
        issues.push({ path: "keyPairId", value: options.keyPairId, problem: "is not a CloudFront public key ID such as K2JCJMDEHXQW5F" });
    }
    if (options.algorithm !== undefined) checkOneOf("algorithm", options.algorithm, SIGNING_ALGORITHMS, issues);
    if (typeof options.privateKey !== "string" && !Buffer.isBuffer(options.privateKey)) {
        issues.push({ path: "privateKey", value: undefined, problem: "is required: the RSA private key as PEM" });
        return;
    }
    try {
        const key = createPrivateKey({ key: options.privateKey, passphrase: options.passphrase });
        if (key.asymmetricKeyType !== "rsa") {
            issues.push({ path: "privateKey", value: REDACTED, problem: `is a ${key.asymmetricKeyType} key; this library signs with RSA keys (the kind SignedContentKeys generates)` });
        }
    } catch {
        issues.push({ path: "privateKey", value: REDACTED, problem: "is not a readable PEM RSA private key (or the passphrase is wrong)" });
    }
}

function checkDate(path: string, value: unknown, issues: Issue[]): value is Date {
    if (value instanceof Date && Number.isFinite(value.getTime())) return true;
    issues.push({ path, value: value instanceof Date ? "Invalid Date" : value, problem: "is not a valid Date" });
    return false;
}

function checkHttpUrl(path: string, value: unknown, issues: Issue[], allowWildcards: boolean): boolean {
    const problem = allowWildcards
        ? "is not an absolute http(s) URL (wildcards * and ? allowed), e.g. https://media.example.com/videos/*"
        : "is not an absolute, percent-encoded http(s) URL without a fragment, e.g. https://media.example.com/videos/intro.mp4";
    if (typeof value !== "string") {
        issues.push({ path, value, problem });
        return false;
    }
    let parsed: URL;
    try {
        // Wildcards are not URL syntax; swap them for a letter so the rest can be checked.
        parsed = new URL(allowWildcards ? value.replace(/[*?]/g, "x") : value);
    } catch {
        issues.push({ path, value, problem });
        return false;
    }
    if (!["https:", "http:"].includes(parsed.protocol) || (!allowWildcards && value.includes("#")) || /\s/.test(value)) {
        issues.push({ path, value, problem });
        return false;
    }
    return true;
}

// A policy's times in whole seconds, as CloudFront compares them (AWS:EpochTime is in seconds).
function epochSeconds(date: Date): number {
    return Math.floor(date.getTime() / 1000);
}

function checkPolicy(path: string, policy: AccessPolicy, now: Date, issues: Issue[], resourceRequired: boolean): void {
    if (policy === null || typeof policy !== "object") {
        issues.push({ path, value: policy, problem: "is not a policy object ({ resource, expiresAt, startsAt?, sourceIp? })" });
        return;
    }
    if (policy.resource !== undefined || resourceRequired) checkHttpUrl(`${path}.resource`, policy.resource, issues, true);
    checkExpiry(`${path}.expiresAt`, policy.expiresAt, now, issues);
    if (policy.startsAt !== undefined && checkDate(`${path}.startsAt`, policy.startsAt, issues) && policy.expiresAt instanceof Date) {
        if (epochSeconds(policy.startsAt) >= epochSeconds(policy.expiresAt)) {
            issues.push({ path: `${path}.startsAt`, value: policy.startsAt.toISOString(), problem: `is not before expiresAt (${policy.expiresAt.toISOString()})` });
        }
    }
    if (policy.sourceIp !== undefined) {
        const match = typeof policy.sourceIp === "string" ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(policy.sourceIp) : null;
        const ok = match !== null && match.slice(1, 5).every((o) => Number(o) <= 255) && (match[5] === undefined || Number(match[5]) <= 32);
        if (!ok) issues.push({ path: `${path}.sourceIp`, value: policy.sourceIp, problem: "is not an IPv4 address or CIDR such as 192.0.2.0/24 (CloudFront policies accept IPv4 only)" });
    }
}

function checkExpiry(path: string, value: unknown, now: Date, issues: Issue[]): void {
    if (!checkDate(path, value, issues)) return;
    // CloudFront compares whole seconds, so an expiry within the current second is already over.
    if (epochSeconds(value) <= epochSeconds(now)) {
        issues.push({ path, value: value.toISOString(), problem: `is not in the future (now is ${now.toISOString()})` });
    }
}

/**
 * The custom policy document CloudFront verifies: one statement, conditions in CloudFront's own
 * names, times in epoch seconds, no whitespace.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-custom-policy.html
 */
export function customPolicyJson(policy: AccessPolicy & { readonly resource: string }): string {
    const condition: Record<string, unknown> = { DateLessThan: { "AWS:EpochTime": epochSeconds(policy.expiresAt) } };
    if (policy.startsAt) condition.DateGreaterThan = { "AWS:EpochTime": epochSeconds(policy.startsAt) };
    if (policy.sourceIp) condition.IpAddress = { "AWS:SourceIp": policy.sourceIp.includes("/") ? policy.sourceIp : `${policy.sourceIp}/32` };
    return JSON.stringify({ Statement: [{ Resource: policy.resource, Condition: condition }] });
}

/**
 * Checks the options of {@link signUrl} and returns every problem found (key material is never echoed).
 */
export function validateSignUrlOptions(options: SignUrlOptions): Issue[] {
    const issues: Issue[] = [];
    const now = options.now ?? new Date();
    if (checkHttpUrl("url", options.url, issues, false)) {
        const present = [...new URL(options.url).searchParams.keys()].filter((k) => CLOUDFRONT_SIGNATURE_PARAMETERS.includes(k));
        if (present.length > 0) {
            issues.push({ path: "url", value: options.url, problem: `already carries CloudFront signature parameters (${present.join(", ")})` });
        }
    }
    checkSigningKey(options, issues);
    const hasExpiry = options.expiresAt !== undefined;
    const hasPolicy = options.policy !== undefined;
    if (hasExpiry === hasPolicy) {
        issues.push({
            path: "expiresAt",
            value: options.expiresAt,
            problem: hasExpiry ? "cannot be combined with policy (put the expiry in policy.expiresAt)" : "is required unless a policy is given",
        });
    } else if (hasExpiry) {
        checkExpiry("expiresAt", options.expiresAt, now, issues);
    } else {
        checkPolicy("policy", options.policy!, now, issues, false);
    }
    return issues;
}

/**
 * Signs a URL for a behaviour that trusts the key group: with `expiresAt` a canned policy (adds
 * `Expires`, `Signature`, `Key-Pair-Id`), with `policy` a custom one (adds `Policy` instead of `Expires`).
 * Throws a {@link components!ValidationError} naming each bad option.
 */
export function signUrl(options: SignUrlOptions): string {
    throwIfIssues(SUBJECT, validateSignUrlOptions(options));
    const key = { keyPairId: options.keyPairId, privateKey: options.privateKey, passphrase: options.passphrase, algorithm: options.algorithm };
    if (options.policy) {
        const policy = customPolicyJson({ ...options.policy, resource: options.policy.resource ?? options.url });
        return getSignedUrl({ ...key, url: options.url, policy });
    }
    return getSignedUrl({ ...key, url: options.url, dateLessThan: options.expiresAt! });
}

/** Checks the options of {@link signCookies} and returns every problem found. */
export function validateSignCookiesOptions(options: SignCookiesOptions): Issue[] {
    const issues: Issue[] = [];
    checkSigningKey(options, issues);
    checkPolicy("policy", options.policy, options.now ?? new Date(), issues, true);
    if (options.domain !== undefined) checkDomainName("domain", options.domain, issues);
    if (options.path !== undefined && (typeof options.path !== "string" || !/^\/[^;\s]*$/.test(options.path))) {
        issues.push({ path: "path", value: options.path, problem: 'is not a cookie path starting with "/" (no spaces or ";")' });
    }
    if (options.sameSite !== undefined) checkOneOf("sameSite", options.sameSite, ["Strict", "Lax", "None"], issues);
    return issues;
}

/**
 * Signs a cookie set (always a custom policy, so one set covers every URL the resource pattern
 * matches). The browser sends the cookies back with each request to the front.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 */
export function signCookies(options: SignCookiesOptions): SignedCookies {
    throwIfIssues(SUBJECT, validateSignCookiesOptions(options));
    const signed = getSignedCookies({
        keyPairId: options.keyPairId,
        privateKey: options.privateKey,
        passphrase: options.passphrase,
        algorithm: options.algorithm,
        policy: customPolicyJson(options.policy),
    });
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed)) if (value !== undefined) values[name] = String(value);
    // The signature is a bearer credential for the content: Secure (never over plain HTTP) and HttpOnly
    // (no script on the page can read it).
    const attributes = [
        `Path=${options.path ?? "/"}`,
        ...(options.domain ? [`Domain=${options.domain}`] : []),
        `Expires=${options.policy.expiresAt.toUTCString()}`,
        "Secure",
        "HttpOnly",
        `SameSite=${options.sameSite ?? "Lax"}`,
    ].join("; ");
    return { values, setCookieHeaders: Object.entries(values).map(([name, value]) => `${name}=${value}; ${attributes}`) };
}

// Bucket names usable as a virtual-hosted REST endpoint over HTTPS: 3-63 lower-case letters, digits and
// hyphens, starting and ending with a letter or digit. Dots are refused: they break the endpoint's TLS
// certificate, so the SDK would presign a path-style URL for another host.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const VIRTUAL_HOSTED_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The host name the front's origin uses for a bucket, `BUCKET.s3.REGION.amazonaws.com` (`.com.cn` in
 * China): the bucket's regional REST endpoint, as {@link components!PrivateOriginBucket} reports it.
 */
export function bucketRegionalHost(bucket: string, region: string): string {
    return `${bucket}.s3.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

/** Checks the options of {@link presignThroughFront} and returns every problem found. */
export function validatePresignThroughFrontOptions(options: PresignThroughFrontOptions): Issue[] {
    const issues: Issue[] = [];
    if (typeof options.bucket !== "string" || !VIRTUAL_HOSTED_BUCKET.test(options.bucket) || options.bucket.includes("--")) {
        issues.push({
            path: "bucket",
            value: options.bucket,
            problem: "is not a bucket name usable as a virtual-hosted origin (3-63 lower-case letters, digits and single hyphens; no dots)",
        });
    }
    if (typeof options.key !== "string" || options.key.length === 0 || Buffer.byteLength(options.key) > 1024) {
        issues.push({ path: "key", value: options.key, problem: "is not an object key of 1 to 1024 bytes" });
    }
    if (typeof options.region !== "string" || !REGION.test(options.region)) {
        issues.push({ path: "region", value: options.region, problem: "is not an AWS region such as eu-central-1" });
    }
    if (checkDomainName("frontHost", options.frontHost, issues) && options.frontHost.startsWith("*.")) {
        issues.push({ path: "frontHost", value: options.frontHost, problem: "is a wildcard; give the host name viewers use" });
    }
    // SigV4 query signing: X-Amz-Expires is 1 to 604800 seconds.
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    checkIntegerInRange("expiresIn", options.expiresIn, 1, 604800, issues);
    if (options.credentials !== undefined) {
        const c = options.credentials;
        if (!c || typeof c.accessKeyId !== "string" || c.accessKeyId === "" || typeof c.secretAccessKey !== "string" || c.secretAccessKey === "") {
            issues.push({ path: "credentials", value: REDACTED, problem: "needs a non-empty accessKeyId and secretAccessKey" });
        }
    }
    if (options.signingDate !== undefined) checkDate("signingDate", options.signingDate, issues);
    return issues;
}

/**
 * Presigns an S3 `GetObject` for the bucket's own regional host and rewrites the URL to the front's
 * host, for the `presigned` mode.
 *
 * Why the signature survives the rewrite: a presigned URL signs only the `host` header (SignedHeaders=host),
 * the path and the query string. In `presigned` mode the front's origin request policy forwards every
 * query string and every viewer header except `Host`, and CloudFront sends the origin's own host name —
 * the bucket's regional endpoint, the very host signed here. So S3 recomputes the signature over the same
 * method, path, query and host, and it matches; only the URL the viewer types changed.
 */
export async function presignThroughFront(options: PresignThroughFrontOptions): Promise<string> {
    throwIfIssues(SUBJECT, validatePresignThroughFrontOptions(options));
    const client = new S3Client({
        region: options.region,
        credentials: options.credentials,
        // The origin is the plain regional endpoint: no path style, dual-stack, acceleration or FIPS host.
        forcePathStyle: false,
        useDualstackEndpoint: false,
        useAccelerateEndpoint: false,
        useFipsEndpoint: false,
        // Checksums only when S3 requires them: otherwise the SDK adds checksum parameters (a CRC32 of
        // the empty body, an x-amz-checksum-mode header) that a viewer's plain GET has no use for.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
    });
    try {
        const command = new GetObjectCommand({
            Bucket: options.bucket,
            Key: options.key,
            ResponseContentDisposition: options.responseContentDisposition,
            ResponseContentType: options.responseContentType,
        });
        const presigned = new URL(await presignS3Request(client, command, { expiresIn: options.expiresIn, signingDate: options.signingDate }));
        const expectedHost = bucketRegionalHost(options.bucket, options.region);
        // The rewrite is only sound when the SDK signed for the origin's host with only `host` signed.
        if (presigned.host !== expectedHost || presigned.searchParams.get("X-Amz-SignedHeaders") !== "host") {
            throw new Error(
                `${SUBJECT}: the SDK presigned for host ${presigned.host} with signed headers ` +
                    `${presigned.searchParams.get("X-Amz-SignedHeaders")}; the front's origin is ${expectedHost} and only "host" may be signed`,
            );
        }
        presigned.host = options.frontHost;
        return presigned.toString();
    } finally {
        client.destroy();
    }
}

/** Options of {@link createSigningKeyCache}. */
export interface SigningKeyCacheOptions {
    /**
     * Reads the secret's string, e.g. with `GetSecretValueCommand` of `@aws-sdk/client-secrets-manager`
     * (the library does not depend on it: a service brings its own client, region and credentials).
     */
    readonly readSecretString: () => Promise<string>;
    /**
     * Seconds a read key is used before the secret is read again: the longest a signer goes on signing
     * with the previous key after a switch, so the rotation's wait before removing an old key adds it.
     * Shorter than the AWS caching clients' one hour on purpose.
     * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_cache-java-ref_SecretCacheConfiguration.html (their default TTL, 1 hour)
     * @default 300
     */
    readonly maxAgeSeconds?: number;
    /** The clock, in milliseconds. @default Date.now */
    readonly now?: () => number;
}

/** The current signing key, read from the secret at most every `maxAgeSeconds`. */
export interface SigningKeyCache {
    /**
     * The key to sign with now. Reads the secret when the cached key is older than `maxAgeSeconds`
     * (concurrent callers share one read). When a read fails and a key was read before, that key is
     * returned and the next call reads again: the previous key still verifies at CloudFront until it
     * leaves the key group. Rejects when there is no key yet, or when the secret is malformed.
     */
    currentKey(): Promise<SigningKeySecret>;
}

/** Default of {@link SigningKeyCacheOptions.maxAgeSeconds}. */
export const DEFAULT_SIGNING_KEY_MAX_AGE_SECONDS = 300;

/**
 * Caches the key {@link parseSigningKeySecret} picks from a secret, so a service does not read Secrets
 * Manager on every signature, and still follows a rotation's switch within `maxAgeSeconds`.
 */
export function createSigningKeyCache(options: SigningKeyCacheOptions): SigningKeyCache {
    const issues: Issue[] = [];
    if (typeof options?.readSecretString !== "function") issues.push({ path: "readSecretString", value: options?.readSecretString, problem: "is not a function returning the secret string" });
    const maxAgeSeconds = options?.maxAgeSeconds ?? DEFAULT_SIGNING_KEY_MAX_AGE_SECONDS;
    checkIntegerInRange("maxAgeSeconds", maxAgeSeconds, 0, 86400, issues);
    throwIfIssues(SUBJECT, issues);
    const now = options.now ?? Date.now;
    let cached: { key: SigningKeySecret; readAt: number } | undefined;
    let reading: Promise<SigningKeySecret> | undefined;
    return {
        currentKey(): Promise<SigningKeySecret> {
            if (cached && now() - cached.readAt < maxAgeSeconds * 1000) return Promise.resolve(cached.key);
            if (!reading) {
                reading = (async () => {
                    let secretString: string;
                    try {
                        secretString = await options.readSecretString();
                    } catch (error) {
                        if (cached) return cached.key;
                        throw error;
                    }
                    // A malformed secret is a configuration error, not an outage: never hidden behind the previous key.
                    const key = parseSigningKeySecret(secretString);
                    cached = { key, readAt: now() };
                    return key;
                })().finally(() => {
                    reading = undefined;
                });
            }
            return reading;
        },
    };
}

/**
 * CloudFront signed cookies issued at the edge after sign-in (the cost mode): the content behaviours
 * trust the key group and run no function, so a signed-in browser fetches content at CloudFront's plain
 * request price, and this function signs one cookie set per hour or so instead of checking every request.
 *
 * What is signed: a custom policy, `{"Statement":[{"Resource":"https://<host><path>","Condition":
 * {"DateLessThan":{"AWS:EpochTime":<now + lifetimeSeconds>}}}]}` without whitespace, RSA-SHA1 with the
 * private key of the `SignedContentKeys` secret, both the policy and the signature in CloudFront's
 * URL-safe base64 (`+` → `-`, `=` → `_`, `/` → `~`), sent as `CloudFront-Policy`, `CloudFront-Signature`
 * and `CloudFront-Key-Pair-Id`. One set covers one Resource: `shared/signed-cookie-resource.ts` says which.
 * Signed with `node:crypto` directly, not `@aws-sdk/cloudfront-signer`: the bundle must carry nothing the
 * Lambda runtime may lack, and the signature is one `crypto.sign` call.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-cookies.html
 *
 * The key: read from Secrets Manager (the secret's home region, from its ARN) on the first cookie a
 * container issues, kept for `keyCacheSeconds`; callers at the same time share one read. Not baked into
 * the bundle: the key would be readable with lambda:GetFunction and sit in the Pulumi state, and a
 * rotation would need a new function version. Failures fail closed: no cookies (the page is still served),
 * one log line per failed read, never key material.
 */
import { KeyObject, createPrivateKey, sign } from "node:crypto";
import type { EdgeAuthConfig } from "../../shared/edge-auth-config";
import { KEY_PAIR_ID, SigningKeySecret, parseSigningKeySecret, secretRegionOf } from "../../shared/signing-key-secret";
import { signedCookieResourcePath } from "../../shared/signed-cookie-resource";
import { withTimeout } from "../../shared/timeout";
import { cookieValues } from "./cloudfront";

export { secretRegionOf };

/** What `createCookieSigner` needs: `signedCookies` of the function's config (declared there, once). */
export type SignedCookiesConfig = NonNullable<EdgeAuthConfig["signedCookies"]>;

/** What tests and the handler inject. */
export interface CookieSignerDeps {
    /** The clock, in milliseconds. @default Date.now */
    now?: () => number;
    /** Reads the secret's string by ARN. @default Secrets Manager, `createSecretsManagerReader()` */
    readSecret?: (arn: string) => Promise<string>;
    /** One line per event worth knowing (never key material). @default console.error */
    log?: (m: string) => void;
}

/** Issues and checks a browser's CloudFront signed cookies. */
export interface CookieSigner {
    /** Set-Cookie header values for `host` (three cookies), or [] when the key cannot be read (fail closed, logged once per failure). */
    setCookies(host: string): Promise<string[]>;
    /** Whether the request's CloudFront cookies are missing or expire within `withinSeconds`. */
    needsRenewal(cookieHeader: string | undefined, withinSeconds: number): boolean;
}

/** The cookie names CloudFront reads for a custom policy. */
export const CLOUDFRONT_COOKIES = { Policy: "CloudFront-Policy", Signature: "CloudFront-Signature", KeyPairId: "CloudFront-Key-Pair-Id" } as const;

/**
 * Attributes of every cookie: only over HTTPS, out of reach of scripts, sent on same-site requests and
 * top-level navigations, for the whole site (the pages that renew them must see them). No `Expires` or
 * `Max-Age`: AWS recommends session cookies, and the policy's own expiry is what CloudFront enforces.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-signed-cookies.html#private-content-signed-cookie-misuse
 */
const COOKIE_ATTRIBUTES = "Secure; HttpOnly; SameSite=Lax; Path=/";

/**
 * Time limit of one secret read. It runs inside a viewer request (5 s in all, with the token exchange
 * of a sign-in callback), and failing closed costs only the cookies.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge (viewer request function timeout: 5 s)
 */
export const SECRET_READ_TIMEOUT_MS = 1500;

/**
 * After a failed read, the secret is not read again for this long: during an outage at most one request
 * per container per this time waits for the read's time limit; the others go on without new cookies (or
 * with the key read before, which CloudFront keeps accepting until it leaves the key group).
 */
export const RETRY_AFTER_FAILURE_MS = 10_000;

/** A host name as the Host header carries it: DNS labels, no port (CloudFront serves 443 only here). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** CloudFront's URL-safe base64: `+` → `-`, `=` → `_`, `/` → `~`. */
export function toCloudFrontBase64(bytes: Buffer): string {
    return bytes.toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");
}

function fromCloudFrontBase64(text: string): Buffer {
    return Buffer.from(text.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");
}

/** Options of {@link createSecretsManagerReader}; the defaults are what runs at the edge. */
export interface SecretsManagerReaderOptions {
    /** Another endpoint (tests: a loopback server). @default the region's Secrets Manager endpoint */
    readonly endpoint?: string;
    /** Credentials. @default the execution role's, from the Lambda environment */
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
    /** Time limit of one read, in milliseconds. @default SECRET_READ_TIMEOUT_MS */
    readonly timeoutMs?: number;
}

/**
 * Reads a secret's `SecretString` with `@aws-sdk/client-secrets-manager` (GetSecretValue) in the region
 * its ARN names. The SDK is left to the Lambda runtime (Node.js 18 and later provide SDK v3) and loaded on
 * the first read, so a function without signed cookies never loads it (it loads `node:https`, milliseconds
 * of cold start). One client per region per container.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 * @see https://aws.amazon.com/blogs/developer/why-and-how-you-should-use-aws-sdk-for-javascript-v3-on-node-js-18/ (the Node.js runtimes include the SDK v3 from Node.js 18 on)
 */
export function createSecretsManagerReader(options: SecretsManagerReaderOptions = {}): (arn: string) => Promise<string> {
    const timeoutMs = options.timeoutMs ?? SECRET_READ_TIMEOUT_MS;
    const clients = new Map<string, (arn: string, signal: AbortSignal) => Promise<string | undefined>>();
    const clientFor = (region: string) => {
        let send = clients.get(region);
        if (!send) {
            // `require`, not `import()`: the runtime's SDK is found through NODE_PATH, which only require reads.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
            // Two attempts: a transient error gets one retry within the time limit.
            const sdk = new SecretsManagerClient({ region, endpoint: options.endpoint, credentials: options.credentials, maxAttempts: 2 });
            send = async (arn, signal) => (await sdk.send(new GetSecretValueCommand({ SecretId: arn }), { abortSignal: signal })).SecretString;
            clients.set(region, send);
        }
        return send;
    };
    return async (arn: string) => {
        const region = secretRegionOf(arn);
        if (region === undefined) throw new Error(`${JSON.stringify(arn)} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`);
        const send = clientFor(region);
        const secretString = await withTimeout((signal) => send(arn, signal), timeoutMs, () => new Error(`Secrets Manager gave no answer within ${timeoutMs} ms`));
        if (typeof secretString !== "string") throw new Error("the secret has no SecretString (a binary secret?); SignedContentKeys writes JSON text");
        return secretString;
    };
}

/** The key to sign with, ready: its ID and the parsed private key (parsed once per read, not per signature). */
interface ReadyKey {
    readonly keyPairId: string;
    readonly privateKey: KeyObject;
}

// The key of a secret string, or an error naming what is wrong (never the key).
function readyKeyOf(secretString: string): ReadyKey {
    const secret: SigningKeySecret = parseSigningKeySecret(secretString);
    let privateKey: KeyObject;
    try {
        privateKey = createPrivateKey(secret.privateKey);
    } catch {
        throw new Error(`the private key of ${secret.keyPairId} is not a readable, unencrypted PEM private key`);
    }
    // CloudFront also accepts ECDSA P-256 keys, but the cookies here are signed RSA-SHA1, as SignedContentKeys' generated keys need.
    if (privateKey.asymmetricKeyType !== "rsa") throw new Error(`the private key of ${secret.keyPairId} is a ${privateKey.asymmetricKeyType} key; signed cookies are signed with RSA`);
    return { keyPairId: secret.keyPairId, privateKey };
}

// One line for a failure: the error's name and message (ours and the SDK's carry no key material).
function describeError(error: unknown): string {
    if (error instanceof Error) return `${error.name}: ${error.message.replace(/\s+/g, " ")}`;
    return String(error);
}

/** The custom policy, exactly as signed: one statement, no whitespace, the expiry in epoch seconds. */
export function signedCookiePolicy(resource: string, expiresEpochSeconds: number): string {
    return JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": expiresEpochSeconds } } }] });
}

/**
 * The signer of `config.signedCookies`. Never throws: every failure (bad host, unreadable or malformed
 * secret, path patterns no single Resource covers) yields no cookies and a log line.
 */
export function createCookieSigner(config: SignedCookiesConfig, deps: CookieSignerDeps = {}): CookieSigner {
    const now = deps.now ?? Date.now;
    const log = deps.log ?? ((message: string) => console.error(message));
    const readSecret = deps.readSecret ?? createSecretsManagerReader();
    const resource = signedCookieResourcePath(config.pathPatterns);
    let resourceProblemLogged = false;

    let cached: { key: ReadyKey; readAt: number } | undefined;
    let failedAt: number | undefined;
    let reading: Promise<void> | undefined;
    let mismatchLogged: string | undefined;

    async function read(): Promise<void> {
        let secretString: string;
        try {
            secretString = await readSecret(config.privateKeySecretArn);
        } catch (error) {
            failedAt = now();
            // The key read before still verifies at CloudFront until it leaves the key group: keep it.
            log(`edge-auth: signed cookies: reading the signing key secret failed (${describeError(error)}); ${cached ? "signing with the key read before" : "no signed cookies are issued"}, next read in ${RETRY_AFTER_FAILURE_MS / 1000} s`);
            return;
        }
        try {
            const key = readyKeyOf(secretString);
            cached = { key, readAt: now() };
            failedAt = undefined;
            // After a rotation's switch the secret names the new key before this function's config does
            // (the config changes only with a redeploy); the secret's pair is the consistent one.
            if (key.keyPairId !== config.keyPairId && mismatchLogged !== key.keyPairId) {
                mismatchLogged = key.keyPairId;
                log(`edge-auth: signed cookies: the secret's current key is ${key.keyPairId}, the config names ${config.keyPairId}; signing with ${key.keyPairId} (a rotation switched keys; redeploy to update the config)`);
            }
        } catch (error) {
            // A malformed secret is a configuration error: never hidden behind the previous key.
            cached = undefined;
            failedAt = now();
            log(`edge-auth: signed cookies: the signing key secret is unusable (${describeError(error)}); no signed cookies are issued, next read in ${RETRY_AFTER_FAILURE_MS / 1000} s`);
        }
    }

    async function currentKey(): Promise<ReadyKey | undefined> {
        const t = now();
        const fresh = cached !== undefined && t - cached.readAt < config.keyCacheSeconds * 1000;
        const waiting = failedAt !== undefined && t - failedAt < RETRY_AFTER_FAILURE_MS;
        if (!fresh && !waiting) {
            reading ??= read().finally(() => {
                reading = undefined;
            });
            await reading;
        }
        return cached?.key;
    }

    return {
        async setCookies(host: string): Promise<string[]> {
            try {
                if ("problem" in resource) {
                    if (!resourceProblemLogged) log(`edge-auth: signed cookies: pathPatterns ${JSON.stringify(config.pathPatterns)} ${resource.problem}; no signed cookies are issued`);
                    resourceProblemLogged = true;
                    return [];
                }
                // The Host header is the viewer's: anything but a host name (a "*", a quote) could widen the Resource.
                const hostName = typeof host === "string" ? host.toLowerCase() : "";
                if (!HOST_NAME.test(hostName)) {
                    log(`edge-auth: signed cookies: host ${JSON.stringify(String(host).slice(0, 64))} is not a host name; no signed cookies are issued`);
                    return [];
                }
                const key = await currentKey();
                if (key === undefined) return [];
                const expires = Math.floor(now() / 1000) + config.lifetimeSeconds;
                const policy = Buffer.from(signedCookiePolicy(`https://${hostName}${resource.path}`, expires), "utf8");
                const signature = sign("RSA-SHA1", policy, key.privateKey);
                return [
                    `${CLOUDFRONT_COOKIES.Policy}=${toCloudFrontBase64(policy)}; ${COOKIE_ATTRIBUTES}`,
                    `${CLOUDFRONT_COOKIES.Signature}=${toCloudFrontBase64(signature)}; ${COOKIE_ATTRIBUTES}`,
                    `${CLOUDFRONT_COOKIES.KeyPairId}=${key.keyPairId}; ${COOKIE_ATTRIBUTES}`,
                ];
            } catch (error) {
                log(`edge-auth: signed cookies: signing failed (${describeError(error)}); no signed cookies are issued`);
                return [];
            }
        },

        needsRenewal(cookieHeader: string | undefined, withinSeconds: number): boolean {
            try {
                if (typeof cookieHeader !== "string") return true;
                const headers = { cookie: [{ key: "Cookie", value: cookieHeader }] };
                const one = (name: string): string | undefined => {
                    const values = new Set(cookieValues(headers, name));
                    return values.size === 1 ? [...values][0] : undefined;
                };
                const policy = one(CLOUDFRONT_COOKIES.Policy);
                const keyPairId = one(CLOUDFRONT_COOKIES.KeyPairId);
                if (policy === undefined || keyPairId === undefined || !one(CLOUDFRONT_COOKIES.Signature)) return true;
                // Signed with a key the secret no longer names current: renew, so the old key can leave the key group sooner.
                if (!KEY_PAIR_ID.test(keyPairId) || (cached !== undefined && keyPairId !== cached.key.keyPairId)) return true;
                const statement = (JSON.parse(fromCloudFrontBase64(policy).toString("utf8")) as { Statement?: unknown })?.Statement;
                if (!Array.isArray(statement) || statement.length !== 1) return true;
                const { Resource, Condition } = statement[0] as { Resource?: unknown; Condition?: { DateLessThan?: { "AWS:EpochTime"?: unknown } } };
                // Issued for other content paths (the config changed since): renew.
                if ("path" in resource && (typeof Resource !== "string" || !Resource.startsWith("https://") || !Resource.endsWith(resource.path))) return true;
                const expires = Condition?.DateLessThan?.["AWS:EpochTime"];
                if (typeof expires !== "number" || !Number.isFinite(expires)) return true;
                return expires - now() / 1000 <= withinSeconds;
            } catch {
                // Garbage (not base64 of JSON, a hostile header): a new set replaces it.
                return true;
            }
        },
    };
}

/**
 * The signing key secret a `SignedContentKeys` writes (and a secret kept by hand may hold), read by both
 * of its runtime readers: the content-signing library in the services that sign, and the Lambda@Edge
 * function that issues signed cookies after sign-in. A leaf module, so the edge bundle can include it
 * without anything of the library (whose AWS SDK signer packages it must not carry).
 *
 * Key material never reaches an error message: errors name the keys' IDs (public), never the keys.
 * @see ../docs/signing-key-rotation.md
 */
import { Issue, throwIfIssues } from "./validation";

/**
 * The key a signing key secret names as the one to sign with: what `parseSigningKeySecret` returns.
 * It is also the single-key JSON a secret may hold (`{"keyPairId", "privateKey"}`).
 */
export interface SigningKeySecret {
    /** CloudFront public key ID (`Key-Pair-Id`). */
    readonly keyPairId: string;
    /** RSA private key, PEM. */
    readonly privateKey: string;
}

/**
 * The JSON of a signing key secret with several keys, for rotation: what a `SignedContentKeys` with
 * `signingKeys` writes, and what a secret you keep yourself may hold. Switching `current` to another
 * key of `keys` switches every signer (within its cache's lifetime), without new key material.
 * @example {"current": "K2JCJMDEHXQW5F", "keys": {"K2JCJMDEHXQW5F": "-----BEGIN RSA PRIVATE KEY-----...", "K3ABCDEFGHIJKL": "-----BEGIN..."}}
 */
export interface SigningKeyRingSecret {
    /** The CloudFront public key ID of the key to sign with now; one of `keys`. */
    readonly current: string;
    /** Private keys (PEM) by CloudFront public key ID: every key of the key group the secret's owner made. */
    readonly keys: Readonly<Record<string, string>>;
}

/** What errors about a signing key secret are about (the library's name, kept for its readers). */
export const SIGNING_KEY_SUBJECT = "content signing";

/** Stands for key material in an error: it never reaches a message, a log line or an exception tracker. */
export const REDACTED = "(redacted)";

/**
 * CloudFront public key IDs (K…) and legacy account key pair IDs (APKA…): upper-case letters and digits.
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_PublicKey.html (`Id`, e.g. K36X4X2EO997HM)
 */
export const KEY_PAIR_ID = /^[A-Z0-9]{10,32}$/;

/**
 * A Secrets Manager secret ARN, `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`.
 * @see https://docs.aws.amazon.com/iot-mi/latest/APIReference/API_SecretsManager.html (an AWS API's pattern of a secret ARN: `arn:aws:secretsmanager:<region>:<12 digits>:secret:[A-Za-z0-9/_+=.@-]`)
 */
const SECRET_ARN = /^arn:aws(?:-[a-z]+)*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;

/**
 * The region of a secret, from its ARN; `undefined` when `arn` is not a secret's ARN. A reader in another
 * region (a Lambda@Edge function runs in the one nearest the viewer) must call this region's endpoint.
 */
export function secretRegionOf(arn: string): string | undefined {
    return typeof arn === "string" ? SECRET_ARN.exec(arn)?.[1] : undefined;
}

/**
 * Parses a signing key secret and returns the key to sign with now. Two forms are read: the key ring
 * `{"current": "<key ID>", "keys": {"<key ID>": "<PEM>", ...}}` (`SigningKeyRingSecret`, what a
 * `SignedContentKeys` with `signingKeys` writes) picks `current`; the single key
 * `{"keyPairId": "...", "privateKey": "-----BEGIN ..."}` (what it writes with the single-key settings) is
 * that key. Throws a `ValidationError` whose issues name the keys' IDs but never contain key material.
 */
export function parseSigningKeySecret(secretString: string): SigningKeySecret {
    let parsed: unknown;
    try {
        parsed = JSON.parse(secretString);
    } catch {
        throw new Error(`${SIGNING_KEY_SUBJECT}: the signing key secret is not JSON ({"current": ..., "keys": {...}} or {"keyPairId": ..., "privateKey": ...})`);
    }
    const value = parsed as Record<string, unknown> | null;
    const issues: Issue[] = [];
    if (value !== null && typeof value === "object" && ("current" in value || "keys" in value)) {
        const key = currentKeyOfRing(value, issues);
        throwIfIssues(SIGNING_KEY_SUBJECT, issues);
        return key!;
    }
    const single = value as Partial<SigningKeySecret> | null;
    if (!single || typeof single.keyPairId !== "string" || !KEY_PAIR_ID.test(single.keyPairId)) {
        issues.push({ path: "secret.keyPairId", value: single?.keyPairId, problem: "is not a CloudFront public key ID" });
    }
    if (!single || !isPemPrivateKey(single.privateKey)) {
        issues.push({ path: "secret.privateKey", value: REDACTED, problem: "is not a PEM private key" });
    }
    throwIfIssues(SIGNING_KEY_SUBJECT, issues);
    return { keyPairId: single!.keyPairId!, privateKey: single!.privateKey! };
}

function isPemPrivateKey(value: unknown): value is string {
    return typeof value === "string" && value.includes("PRIVATE KEY-----");
}

// The current key of a key ring, or issues (key IDs are public; the keys are never echoed).
function currentKeyOfRing(ring: Record<string, unknown>, issues: Issue[]): SigningKeySecret | undefined {
    const keys = ring.keys;
    if (keys === null || typeof keys !== "object" || Array.isArray(keys)) {
        issues.push({ path: "secret.keys", value: REDACTED, problem: 'is not an object of private keys by CloudFront public key ID ({"K...": "-----BEGIN ..."})' });
        return undefined;
    }
    const entries = Object.entries(keys as Record<string, unknown>);
    if (entries.length === 0) issues.push({ path: "secret.keys", value: "{}", problem: "holds no key" });
    for (const [id, pem] of entries) {
        if (!KEY_PAIR_ID.test(id)) issues.push({ path: `secret.keys.${id}`, value: REDACTED, problem: "is not under a CloudFront public key ID" });
        if (!isPemPrivateKey(pem)) issues.push({ path: `secret.keys.${id}`, value: REDACTED, problem: "is not a PEM private key" });
    }
    const current = ring.current;
    if (typeof current !== "string" || !KEY_PAIR_ID.test(current)) {
        issues.push({ path: "secret.current", value: current, problem: "is not a CloudFront public key ID" });
        return undefined;
    }
    if (!Object.prototype.hasOwnProperty.call(keys, current)) {
        issues.push({ path: "secret.current", value: current, problem: `names no key of secret.keys (${entries.map(([id]) => id).join(", ") || "none"})` });
        return undefined;
    }
    return { keyPairId: current, privateKey: (keys as Record<string, string>)[current] };
}

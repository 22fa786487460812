/**
 * The settings of a SignedContentKeys, declared once: the TypeScript types and their TSDoc are the source
 * of the settings schema (`npm run generate`), the stack file's `signing` section, the config reference
 * and the schema other languages see. Plain declarations only: nothing here creates resources.
 *
 * The keys carry the front-side settings too (which paths need a signature, whether the viewer
 * authenticator also runs there): the piece that knows what access it needs adds it, so a front takes
 * `signedContent: keys` and nothing is wired twice.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * A CloudFront path pattern: `*` matches any characters, `?` one; case-sensitive; at most 255 characters
 * of `A-Z a-z 0-9 _ - . * ? $ / ~ " ' @ : + &` (`&` travels as `&amp;` in the XML API, which XML encoding does).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 * @pattern ^[A-Za-z0-9_.*?$/~"'@:+&-]{1,255}$
 * @patternDescription a CloudFront path pattern (1 to 255 of A-Z a-z 0-9 _ - . * ? $ / ~ " ' @ : + &), e.g. "/premium/*"
 * @example "/premium/*"
 */
export type CloudFrontPathPattern = string;

/**
 * The id of the key the single-key settings make (no `signingKeys`): list a key under this id to keep
 * that key, with the resource names it has always had, when a stack moves to `signingKeys` to rotate.
 */
export const INITIAL_SIGNING_KEY_ID = "initial";

/**
 * The most public keys a CloudFront key group holds: "Public keys in a single key group", 5 (an adjustable
 * quota). A rotation needs two at once, the key signers use and the one they are moving to.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-key-groups
 */
export const MAX_PUBLIC_KEYS_PER_KEY_GROUP = 5;

/**
 * A signing key's stable name: lower-case letters, digits and hyphens, 1 to 32, starting and ending with
 * a letter or digit. It becomes part of the key's resource names, so renaming a key replaces it.
 * @pattern ^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$
 * @patternDescription a key id (1 to 32 lower-case letters, digits and hyphens, starting and ending with a letter or digit), e.g. "2027-06"
 * @example "2027-06"
 */
export type SigningKeyId = string;

/**
 * One key of the key group: a public key CloudFront accepts signatures of, with its private half either
 * generated (and stored in the component's secret) or kept by you.
 */
export interface SigningKeySettings {
    /**
     * The key's stable name, used in its resource names and in `currentKeyId`. `"initial"` names the key
     * the single-key settings made (see `signingKeys`).
     * @example "2027-06"
     */
    readonly id: SigningKeyId;
    /**
     * Bring this key: its public half (PEM, RSA 2048 or ECDSA P-256). Either every key of `signingKeys`
     * brings its public key (you keep the private keys, e.g. in the secret named by
     * `existingPrivateKeySecretArn`) or none does (the component generates each key pair and writes the
     * private keys into its own secret).
     * @default a new RSA 2048 key pair, the private key stored in Secrets Manager and (encrypted) in the Pulumi state
     */
    readonly publicKeyPem?: pulumi.Input<string>;
}

/**
 * The settings of a `SignedContentKeys`: what a stack file's `signing` section (or a program in any
 * language) sets with plain values. The keys behind CloudFront signed URLs and cookies, and the paths of
 * the front that require them.
 */
export interface SignedContentKeysSettings {
    /**
     * CloudFront path patterns that serve only requests carrying a signed URL or signed cookies made with
     * this key, matched in the order given. Each becomes an ordered cache behaviour of the front with the
     * same origin and mode policies as its default behaviour; `["*"]` alone puts the requirement on the
     * default behaviour, i.e. on everything. A distribution has at most 75 behaviours, the default
     * included (`MAX_CACHE_BEHAVIORS`, an adjustable quota), so at most 74 patterns; each pattern once.
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
     * @minItems 1
     * @maxItems 74
     * @example ["/premium/*", "*.m3u8"]
     */
    readonly pathPatterns: CloudFrontPathPattern[];
    /**
     * Also run the front's `viewerAuth` (e.g. a Cognito token check) on these paths. Set `false` when the
     * signature alone is the credential, e.g. for media players that cannot send a token.
     * @default true
     */
    readonly viewerAuth?: boolean;
    /**
     * Bring your own key (the single-key form; to rotate keys, list them in `signingKeys` instead): the
     * public half (PEM, RSA 2048 or ECDSA P-256, the kinds CloudFront accepts for signed URLs and cookies). No private key is generated and no secret is created; you keep the private
     * key wherever your signer reads it. **The production path**: make the key pair outside Pulumi, put the
     * private key into a Secrets Manager secret yourself (name it in `existingPrivateKeySecretArn`) and give
     * the public key here; then the private key is in neither the Pulumi state nor its backups.
     * @default a new RSA 2048 key pair, the private key stored in Secrets Manager and (encrypted) in the Pulumi state
     * @example
     * // openssl genrsa -out signing.pem 2048 && openssl rsa -in signing.pem -pubout -out signing.pub.pem
     * // aws secretsmanager create-secret --name media/signing --secret-string "$(jq -n --rawfile key signing.pem --arg id K2JCJMDEHXQW5F '{keyPairId: $id, privateKey: $key}')"
     * // (the public key's ID is the `publicKeyId` output after the first deploy)
     * new SignedContentKeys("signing", { pathPatterns: ["/premium/*"], publicKeyPem: fs.readFileSync("signing.pub.pem", "utf8"),
     *     existingPrivateKeySecretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:media/signing-AbCdEf" });
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html#private-content-creating-cloudfront-key-pairs
     * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_PublicKey.html
     */
    readonly publicKeyPem?: pulumi.Input<string>;
    /**
     * The keys of the key group, for rotating them (docs/signing-key-rotation.md): CloudFront accepts a
     * signature made with any key listed here, and signers use `currentKeyId`. Rotate by adding a key,
     * then switching `currentKeyId` to it, then, once every URL and cookie signed with the old key has
     * expired, removing the old key; each step is one deploy. A key group holds at most 5 public keys
     * (`MAX_PUBLIC_KEYS_PER_KEY_GROUP`, an adjustable quota). Each id once. Replaces the single-key
     * `publicKeyPem`; a stack that used the single-key settings lists its key as `{ id: "initial" }`
     * (with its `publicKeyPem` if it had one) to keep it. With this list, the component's secret holds
     * `{"current": "<public key ID>", "keys": {"<public key ID>": "<private key PEM>"}}`, which the
     * content-signing library reads (upgrade the services' library before switching a stack to this list).
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-key-groups
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html#private-content-rotating-key-pairs
     * @minItems 1
     * @maxItems 5
     * @default one key, `{ id: "initial", publicKeyPem }` from the single-key settings, with the secret in its single-key form `{"keyPairId", "privateKey"}`
     * @example [{ id: "initial" }, { id: "2027-06" }]
     */
    readonly signingKeys?: SigningKeySettings[];
    /**
     * The id of the key in `signingKeys` that signers use now: its private key is the secret's `current`
     * key, and `publicKeyId` and `publicKeyPem` are its. Required when `signingKeys` lists more than one key.
     * @default the only key of `signingKeys`
     * @example "2027-06"
     */
    readonly currentKeyId?: SigningKeyId;
    /**
     * With your own keys (`publicKeyPem`, or `publicKeyPem` on every key of `signingKeys`): the existing
     * Secrets Manager secret holding your private key(s), so the policy grants reading it. Not allowed
     * with generated keys (then the component owns the secret).
     * @default none (the policy grants only the CloudFront public key reads)
     */
    readonly existingPrivateKeySecretArn?: pulumi.Input<string>;
    /**
     * A customer managed KMS key (key ARN, not an alias) that encrypts the secret; the policy then also
     * allows `kms:Decrypt` with it, only through Secrets Manager and only for this secret.
     * @default the account's `aws/secretsmanager` key (no KMS statement needed)
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * Days Secrets Manager keeps the deleted secret recoverable: 0 (delete at once) or 7 to 30.
     * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
     * @asType integer
     * @minimum 0
     * @maximum 30
     * @default 30
     */
    readonly recoveryWindowInDays?: number;
    /**
     * Comment on the public key and key group (CloudFront allows 128 characters).
     * @maxLength 128
     * @default "Signed URLs and cookies for <name>"
     */
    readonly comment?: string;
}

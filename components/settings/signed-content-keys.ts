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
     * Bring your own key: the public half (PEM, RSA 2048 or ECDSA P-256, the kinds CloudFront accepts for
     * signed URLs and cookies). No private key is generated and no secret is created; you keep the private
     * key wherever your signer reads it. **The production path**: make the key pair outside Pulumi, put the
     * private key into a Secrets Manager secret yourself (name it in `existingPrivateKeySecretArn`) and give
     * the public key here; then the private key is in neither the Pulumi state nor its backups.
     * @default a new RSA 2048 key pair, the private key stored in Secrets Manager and (encrypted) in the Pulumi state
     * @example
     * // openssl genrsa -out signing.pem 2048 && openssl rsa -in signing.pem -pubout -out signing.pub.pem
     * // aws secretsmanager create-secret --name media/signing --secret-string file://signing.pem
     * new SignedContentKeys("signing", { pathPatterns: ["/premium/*"], publicKeyPem: fs.readFileSync("signing.pub.pem", "utf8"),
     *     existingPrivateKeySecretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:media/signing-AbCdEf" });
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html#private-content-creating-cloudfront-key-pairs
     * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_PublicKey.html
     */
    readonly publicKeyPem?: pulumi.Input<string>;
    /**
     * With `publicKeyPem`: the existing Secrets Manager secret holding your private key, so the policy
     * grants reading it. Not allowed without `publicKeyPem` (then the component owns the secret).
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

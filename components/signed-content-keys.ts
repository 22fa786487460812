import { createPublicKey } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { TrustedKeyGroup } from "./legacy-tls-front";
import { ArnShape, Issue, checkArn, checkIntegerInRange, parseArn, throwIfIssues } from "./validation";

/** Arguments of {@link SignedContentKeys}. */
export interface SignedContentKeysArgs {
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
     * new SignedContentKeys("signing", { publicKeyPem: fs.readFileSync("signing.pub.pem", "utf8"),
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
     * @default 30
     * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
     */
    readonly recoveryWindowInDays?: number;
    /**
     * Comment on the public key and key group (CloudFront allows 128 characters).
     * @default "Signed URLs and cookies for <name>"
     */
    readonly comment?: string;
    /** Tags on the secret and the policy. @default {} */
    readonly tags?: Record<string, string>;
}

// A KMS key ARN (aliases cannot authorize kms:Decrypt in an IAM policy's Resource).
const KMS_KEY_ARN: ArnShape = { service: "kms", resource: /^key\/[A-Za-z0-9-]+$/ };
const SECRET_ARN: ArnShape = { service: "secretsmanager", resource: /^secret:.+$/ };

/** Checks the public key CloudFront will be given: RSA 2048 or ECDSA P-256 (the kinds it verifies). */
function checkPublicKeyPem(path: string, pem: string, issues: Issue[]): void {
    try {
        const key = createPublicKey(pem);
        const details = key.asymmetricKeyDetails;
        const rsa2048 = key.asymmetricKeyType === "rsa" && details?.modulusLength === 2048;
        const p256 = key.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1";
        if (!rsa2048 && !p256) {
            const what = key.asymmetricKeyType === "rsa" ? `an RSA ${details?.modulusLength}-bit key` : `a ${key.asymmetricKeyType} key`;
            issues.push({ path, value: `(${what})`, problem: "is not RSA 2048 or ECDSA P-256, the keys CloudFront accepts for signed URLs and cookies" });
        }
    } catch {
        issues.push({ path, value: "(unreadable)", problem: "is not a PEM public key (-----BEGIN PUBLIC KEY-----)" });
    }
}

/**
 * Checks the arguments of a {@link SignedContentKeys} and returns every problem found. Values that
 * are not known yet (outputs) are skipped.
 */
export function validateSignedContentKeysArgs(args: SignedContentKeysArgs): Issue[] {
    const issues: Issue[] = [];
    if (typeof args.publicKeyPem === "string") checkPublicKeyPem("publicKeyPem", args.publicKeyPem, issues);
    if (args.existingPrivateKeySecretArn !== undefined && args.publicKeyPem === undefined) {
        issues.push({
            path: "existingPrivateKeySecretArn",
            value: args.existingPrivateKeySecretArn,
            problem: "needs publicKeyPem: without it the component generates the key pair and stores the private key in a secret of its own",
        });
    }
    if (typeof args.existingPrivateKeySecretArn === "string") {
        checkArn("existingPrivateKeySecretArn", args.existingPrivateKeySecretArn, SECRET_ARN, "a Secrets Manager secret ARN", issues);
    }
    if (typeof args.kmsKeyArn === "string") {
        checkArn("kmsKeyArn", args.kmsKeyArn, KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID; aliases cannot be granted in IAM)", issues);
    }
    if (args.recoveryWindowInDays !== undefined && args.recoveryWindowInDays !== 0) {
        checkIntegerInRange("recoveryWindowInDays", args.recoveryWindowInDays, 7, 30, issues);
    }
    if (args.comment !== undefined && (typeof args.comment !== "string" || args.comment.length > 128)) {
        issues.push({ path: "comment", value: args.comment, problem: "is not a comment of at most 128 characters" });
    }
    return issues;
}

/** One statement of the signing policy (IAM's own field names). */
export interface IamStatement {
    /** Statement ID, naming what it grants. */
    readonly Sid: string;
    /** Always `Allow`: the policy only grants. */
    readonly Effect: "Allow";
    /** The action(s) granted. */
    readonly Action: string | string[];
    /** The one resource ARN the actions apply to (`*` only for actions without resource types). */
    readonly Resource: string;
    /** Conditions, operator → key → value. @default none */
    readonly Condition?: Record<string, Record<string, string>>;
}

/**
 * The IAM policy a content service needs to sign: read the private key's secret (and decrypt it with
 * the customer managed key, only through Secrets Manager and only for that secret), and read CloudFront
 * public keys. `cloudfront:GetPublicKey` and `ListPublicKeys` support no resource-level permissions, so
 * they take `*`; they reveal public keys only.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudfront.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 */
export function buildSigningPolicy(input: { secretArn?: string; kmsKeyArn?: string }): { Version: "2012-10-17"; Statement: IamStatement[] } {
    const statements: IamStatement[] = [];
    if (input.secretArn) {
        statements.push({ Sid: "ReadSigningKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: input.secretArn });
        if (input.kmsKeyArn) {
            const secret = parseArn(input.secretArn);
            const suffix = secret?.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
            statements.push({
                Sid: "DecryptSigningKey",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: input.kmsKeyArn,
                // Secrets Manager decrypts on the caller's behalf with the secret's ARN as encryption context:
                // the key opens this secret, through Secrets Manager, and nothing else.
                Condition: {
                    StringEquals: {
                        "kms:ViaService": `secretsmanager.${secret?.region}.${suffix}`,
                        "kms:EncryptionContext:SecretARN": input.secretArn,
                    },
                },
            });
        }
    }
    statements.push({ Sid: "ReadCloudFrontPublicKeys", Effect: "Allow", Action: ["cloudfront:GetPublicKey", "cloudfront:ListPublicKeys"], Resource: "*" });
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The keys behind CloudFront signed URLs and signed cookies: an RSA 2048 key pair (or your own public
 * key), the CloudFront public key and a key group containing it, the private key in AWS Secrets Manager,
 * and an IAM policy a content service's role attaches to read it. Trust the key group on a front's
 * behaviours with `LegacyTlsFront`'s `signedContent`; sign with `components/content-signing`.
 *
 * The private key never appears in this component's outputs or in plain config. A generated key is a
 * secret output of the `tls.PrivateKey` resource, so it lives (encrypted) in the Pulumi state, and in every
 * state backup and export, as well as in Secrets Manager; the component warns about it, and so does the
 * offline plan. For production pass `publicKeyPem` (with `existingPrivateKeySecretArn`) to keep the key
 * out of Pulumi entirely.
 * @see https://registry.terraform.io/providers/hashicorp/tls/latest/docs/resources/private_key (the resource keeps the key in its state; meant for throwaway environments)
 *
 * @example
 * const keys = new SignedContentKeys("signing");
 * new aws.iam.RolePolicyAttachment("service-signing", { role: serviceRole.name, policyArn: keys.policyArn });
 * const front = new LegacyTlsFront("front", { origin, mode: "signed",
 *     signedContent: { keyGroup: keys, pathPatterns: ["/premium/*"] } });
 */
export class SignedContentKeys extends pulumi.ComponentResource implements TrustedKeyGroup {
    /** CloudFront public key ID: the `Key-Pair-Id` of every signature. */
    public readonly publicKeyId: pulumi.Output<string>;
    /** The key group to trust on behaviours. */
    public readonly keyGroupId: pulumi.Output<string>;
    /** The public key, PEM. */
    public readonly publicKeyPem: pulumi.Output<string>;
    /** ARN of the secret with `{"keyPairId", "privateKey"}`; `undefined` with a user-supplied key and no secret. */
    public readonly secretArn: pulumi.Output<string | undefined>;
    /** ARN of the IAM policy a content service's role attaches. */
    public readonly policyArn: pulumi.Output<string>;

    constructor(name: string, args: SignedContentKeysArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        throwIfIssues(`SignedContentKeys "${name}"`, validateSignedContentKeysArgs(args));
        super("legacytls:cloudfront:SignedContentKeys", name, {}, opts);

        const comment = args.comment ?? `Signed URLs and cookies for ${name}`;
        const privateKey =
            args.publicKeyPem === undefined
                ? new tls.PrivateKey(`${name}-key`, { algorithm: "RSA", rsaBits: 2048 }, { parent: this })
                : undefined;
        if (privateKey) {
            // Allowed (a dev stack needs no key ceremony), but never silently: a state export or backup holds the key.
            pulumi.log.warn(
                `SignedContentKeys "${name}": the generated signing private key is kept (encrypted) in the Pulumi state as well as in Secrets Manager; ` +
                    "for production make the key outside Pulumi and pass publicKeyPem (and existingPrivateKeySecretArn)",
                this,
            );
        }
        const publicKeyPem = privateKey ? privateKey.publicKeyPem : pulumi.output(args.publicKeyPem!);

        const publicKey = new aws.cloudfront.PublicKey(`${name}-public-key`, { encodedKey: publicKeyPem, comment }, { parent: this });
        const keyGroup = new aws.cloudfront.KeyGroup(`${name}-key-group`, { items: [publicKey.id], comment }, { parent: this });

        const secretArn = privateKey ? this.storePrivateKey(name, args, privateKey, publicKey) : args.existingPrivateKeySecretArn;
        const policy = new aws.iam.Policy(
            `${name}-policy`,
            {
                description: `Lets a content service sign CloudFront URLs and cookies with the key of ${name}`,
                policy: pulumi
                    .all([secretArn, args.kmsKeyArn])
                    .apply(([secret, kms]) => JSON.stringify(buildSigningPolicy({ secretArn: secret, kmsKeyArn: kms }))),
                tags: args.tags ?? {},
            },
            { parent: this },
        );

        this.publicKeyId = publicKey.id;
        this.keyGroupId = keyGroup.id;
        this.publicKeyPem = publicKeyPem;
        this.secretArn = pulumi.output(secretArn);
        this.policyArn = policy.arn;
        this.registerOutputs({
            publicKeyId: this.publicKeyId,
            keyGroupId: this.keyGroupId,
            publicKeyPem: this.publicKeyPem,
            secretArn: this.secretArn,
            policyArn: this.policyArn,
        });
    }

    // The secret holds the key ID with the key, so a service reads one secret and can sign.
    private storePrivateKey(
        name: string,
        args: SignedContentKeysArgs,
        privateKey: tls.PrivateKey,
        publicKey: aws.cloudfront.PublicKey,
    ): pulumi.Output<string> {
        const secret = new aws.secretsmanager.Secret(
            `${name}-private-key`,
            {
                description: `Private key for CloudFront signed URLs and cookies (${name}); JSON {"keyPairId","privateKey"}`,
                kmsKeyId: args.kmsKeyArn,
                recoveryWindowInDays: args.recoveryWindowInDays ?? 30,
                tags: args.tags ?? {},
            },
            { parent: this },
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-private-key`,
            {
                secretId: secret.id,
                // Secret in the state too: pulumi.secret keeps it encrypted and out of logs and diffs.
                secretString: pulumi.secret(
                    pulumi.all([publicKey.id, privateKey.privateKeyPem]).apply(([keyPairId, pem]) => JSON.stringify({ keyPairId, privateKey: pem })),
                ),
            },
            { parent: this },
        );
        return secret.arn;
    }
}

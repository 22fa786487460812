import { createPublicKey } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { CloudFrontPathPattern, SignedContentKeysSettings } from "./settings/signed-content-keys";
import { settingsIssues } from "./settings-validation";
import { componentType, withFormerType } from "./type-tokens";
import { ArnShape, Issue, checkArn, parseArn, throwIfIssues } from "./validation";

// The settings are declared in settings/signed-content-keys.ts; the package exports them from here.
export { CloudFrontPathPattern, SignedContentKeysSettings };

/** Arguments of {@link SignedContentKeys}: its settings, and the tags the program adds. */
export interface SignedContentKeysArgs extends SignedContentKeysSettings {
    /** Tags on the secret and the policy. @default {} */
    readonly tags?: Record<string, string>;
}

/** A CloudFront key group to trust on behaviours; a {@link SignedContentKeys} is one. */
export interface TrustedKeyGroup {
    /** ID of the CloudFront key group viewers' signatures must verify against. */
    readonly keyGroupId: pulumi.Input<string>;
}

/**
 * Behaviours of a front that serve only requests carrying a CloudFront signed URL or signed cookies made
 * with a key of `keyGroup`: what a front's `signedContent` takes. A {@link SignedContentKeys} is one (it
 * carries its key group and its settings' `pathPatterns` and `viewerAuth`); so is the same written by hand,
 * `{ keyGroup: { keyGroupId }, pathPatterns, viewerAuth }`. Each path pattern becomes an ordered cache
 * behaviour with the same origin and the same mode policies as the default behaviour, plus `trustedKeyGroups`.
 */
export interface SignedContentBehaviors {
    /** The key group whose signatures these paths require. */
    readonly keyGroup: TrustedKeyGroup;
    /**
     * CloudFront path patterns, matched in the order given; `["*"]` alone puts the requirement on the
     * default behaviour, i.e. on everything. See {@link SignedContentKeysSettings.pathPatterns}.
     * @example ["/premium/*", "*.m3u8"]
     */
    readonly pathPatterns: CloudFrontPathPattern[];
    /**
     * Also run the front's `viewerAuth` on these paths. Set `false` when the signature alone is the
     * credential, e.g. for media players that cannot send a token.
     * @default true
     */
    readonly viewerAuth?: boolean;
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

// The rules of the path patterns the schema cannot express: each pattern once, and a match-everything
// pattern only alone. Paths relative to the settings (`pathPatterns[1]`).
function pathPatternRules(patterns: unknown, issues: Issue[]): void {
    if (!Array.isArray(patterns)) return;
    patterns.forEach((pattern, i) => {
        if (typeof pattern !== "string") return;
        const path = `pathPatterns[${i}]`;
        const first = patterns.indexOf(pattern);
        if (first !== i) {
            issues.push({ path, value: pattern, problem: `repeats pathPatterns[${first}]` });
        } else if ((pattern === "*" || pattern === "/*") && patterns.length > 1) {
            issues.push({ path, value: pattern, problem: 'matches every path, so the other patterns would never apply; use ["*"] alone to sign everything' });
        }
    });
}

const prefixed = (prefix: string) => (issue: Issue): Issue => ({ ...issue, path: prefix === "" ? issue.path : `${prefix}.${issue.path}` });

/**
 * Checks the front-side half of the settings, `pathPatterns` and `viewerAuth`, of any signed content a
 * front is given: a {@link SignedContentKeys} has passed them already, a hand-built
 * {@link SignedContentBehaviors} is checked with the same schema and rules. Paths start with `prefix`.
 */
export function validateSignedPaths(value: { readonly pathPatterns?: unknown; readonly viewerAuth?: unknown }, prefix = ""): Issue[] {
    // Every other setting is optional, so the two are checked as settings of their own.
    const issues = settingsIssues("SignedContentKeysSettings", { pathPatterns: value.pathPatterns, viewerAuth: value.viewerAuth }, prefix);
    const rules: Issue[] = [];
    pathPatternRules(value.pathPatterns, rules);
    return [...issues, ...rules.map(prefixed(prefix))];
}

/**
 * Checks the arguments of a {@link SignedContentKeys} and returns every problem found: the settings against
 * their schema (types, ranges, path patterns, unknown keys), then the rules the schema cannot express
 * (the public key's kind, the ARNs' shapes, which settings go together, each path pattern once). Each
 * path starts with `prefix` (a config section, or `""`). Values that are not known yet (outputs) are skipped.
 */
export function validateSignedContentKeysArgs(args: SignedContentKeysArgs, prefix = ""): Issue[] {
    const { tags, ...settings } = args;
    const schemaIssues = settingsIssues("SignedContentKeysSettings", settings, prefix);
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
    // The schema allows 0 to 30; Secrets Manager takes 0 (no recovery) or 7 to 30, nothing between.
    const window = args.recoveryWindowInDays;
    if (typeof window === "number" && Number.isInteger(window) && window >= 1 && window <= 6) {
        issues.push({ path: "recoveryWindowInDays", value: window, problem: "is not a whole number from 7 to 30 (or 0, to delete the secret at once)" });
    }
    pathPatternRules(args.pathPatterns, issues);
    return [...schemaIssues, ...issues.map(prefixed(prefix))];
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
 * and an IAM policy a content service's role attaches to read it; and the paths of a front that require
 * its signatures. Hand it to `LegacyTlsFront`'s `signedContent`, which trusts the key group on those
 * paths; sign with `components/content-signing`.
 *
 * The private key never appears in this component's outputs or in plain config. A generated key is a
 * secret output of the `tls.PrivateKey` resource, so it lives (encrypted) in the Pulumi state, and in every
 * state backup and export, as well as in Secrets Manager; the component warns about it, and so does the
 * offline plan. For production pass `publicKeyPem` (with `existingPrivateKeySecretArn`) to keep the key
 * out of Pulumi entirely.
 * @see https://registry.terraform.io/providers/hashicorp/tls/latest/docs/resources/private_key (the resource keeps the key in its state; meant for throwaway environments)
 *
 * @example
 * const keys = new SignedContentKeys("signing", { pathPatterns: ["/premium/*"] });
 * new aws.iam.RolePolicyAttachment("service-signing", { role: serviceRole.name, policyArn: keys.policyArn });
 * const front = new LegacyTlsFront("front", { origin, mode: "signed", signedContent: keys });
 */
export class SignedContentKeys extends pulumi.ComponentResource implements TrustedKeyGroup, SignedContentBehaviors {
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
    /** The key group, as a front's `signedContent` trusts it. */
    public readonly keyGroup: TrustedKeyGroup;
    /** The front's paths that require a signature made with this key (the `pathPatterns` setting). */
    public readonly pathPatterns: CloudFrontPathPattern[];
    /** Whether the front's viewer authenticator also runs on those paths (the `viewerAuth` setting). */
    public readonly viewerAuth: boolean;

    constructor(name: string, args: SignedContentKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfIssues(`SignedContentKeys "${name}"`, validateSignedContentKeysArgs(args));
        super(componentType("SignedContentKeys"), name, {}, withFormerType("legacytls:cloudfront:SignedContentKeys", opts));

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
        this.keyGroup = { keyGroupId: keyGroup.id };
        this.pathPatterns = [...args.pathPatterns];
        this.viewerAuth = args.viewerAuth ?? true;
        this.publicKeyPem = publicKeyPem;
        this.secretArn = pulumi.output(secretArn);
        this.policyArn = policy.arn;
        this.registerOutputs({
            publicKeyId: this.publicKeyId,
            keyGroupId: this.keyGroupId,
            publicKeyPem: this.publicKeyPem,
            secretArn: this.secretArn,
            policyArn: this.policyArn,
            pathPatterns: this.pathPatterns,
            viewerAuth: this.viewerAuth,
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

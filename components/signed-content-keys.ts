import { createPublicKey } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import {
    CloudFrontPathPattern,
    INITIAL_SIGNING_KEY_ID,
    MAX_PUBLIC_KEYS_PER_KEY_GROUP,
    SignedContentKeysSettings,
    SigningKeySettings,
} from "./settings/signed-content-keys";
import { settingsIssues } from "./settings-validation";
import { componentType, withFormerType } from "./type-tokens";
import { ArnShape, Issue, checkArn, parseArn, throwIfIssues } from "./validation";

// The settings are declared in settings/signed-content-keys.ts; the package exports them from here.
export { CloudFrontPathPattern, INITIAL_SIGNING_KEY_ID, MAX_PUBLIC_KEYS_PER_KEY_GROUP, SignedContentKeysSettings, SigningKeySettings };

/** Arguments of `SignedContentKeys`: its settings, and the tags the program adds. */
export interface SignedContentKeysArgs extends SignedContentKeysSettings {
    /** Tags on the secret and the policy. @default {} */
    readonly tags?: Record<string, string>;
}

/** A CloudFront key group to trust on behaviours; a `SignedContentKeys` is one. */
export interface TrustedKeyGroup {
    /** ID of the CloudFront key group viewers' signatures must verify against. */
    readonly keyGroupId: pulumi.Input<string>;
}

/**
 * Behaviours of a front that serve only requests carrying a CloudFront signed URL or signed cookies made
 * with a key of `keyGroup`: what a front's `signedContent` takes. A `SignedContentKeys` is one (it
 * carries its key group and its settings' `pathPatterns` and `viewerAuth`); so is the same written by hand,
 * `{ keyGroup: { keyGroupId }, pathPatterns, viewerAuth }`. Each path pattern becomes an ordered cache
 * behaviour with the same origin and the same mode policies as the default behaviour, plus `trustedKeyGroups`.
 */
export interface SignedContentBehaviors {
    /** The key group whose signatures these paths require. */
    readonly keyGroup: TrustedKeyGroup;
    /**
     * CloudFront path patterns, matched in the order given; `["*"]` alone puts the requirement on the
     * default behaviour, i.e. on everything. See `SignedContentKeysSettings.pathPatterns`.
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

/**
 * The rules of `signingKeys` and `currentKeyId` the schema cannot express: each id once, `currentKeyId`
 * one of them (and required when there are several), the single-key `publicKeyPem` not beside the list,
 * and the keys either all brought or all generated. Returns whether the keys are brought (have public keys
 * of their own), for the rules about the secret.
 */
function signingKeyRules(args: SignedContentKeysArgs, issues: Issue[]): boolean {
    const list = args.signingKeys;
    if (list === undefined) {
        if (args.currentKeyId !== undefined) {
            issues.push({ path: "currentKeyId", value: args.currentKeyId, problem: "needs signingKeys: it names the key of that list that signers use" });
        }
        return args.publicKeyPem !== undefined;
    }
    if (!Array.isArray(list)) return false; // the schema reported it
    if (args.publicKeyPem !== undefined) {
        issues.push({
            path: "publicKeyPem",
            value: "(set)",
            problem: "is the single-key form and cannot be combined with signingKeys; give the key's publicKeyPem in its signingKeys entry (id \"initial\" for the key the single-key form made)",
        });
    }
    const keys = list.filter((key): key is SigningKeySettings => key !== null && typeof key === "object");
    const ids = keys.map((key) => key.id);
    keys.forEach((key, i) => {
        const first = ids.indexOf(key.id);
        if (typeof key.id === "string" && first !== i) {
            issues.push({ path: `signingKeys[${i}].id`, value: key.id, problem: `repeats signingKeys[${first}].id: each key's id names its resources, so it must be unique` });
        }
        if (typeof key.publicKeyPem === "string") checkPublicKeyPem(`signingKeys[${i}].publicKeyPem`, key.publicKeyPem, issues);
    });
    const known = ids.filter((id): id is string => typeof id === "string");
    if (args.currentKeyId === undefined) {
        if (keys.length > 1) {
            issues.push({ path: "currentKeyId", value: undefined, problem: `is required when signingKeys lists ${keys.length} keys: name the one signers use (one of ${known.join(" | ")})` });
        }
    } else if (typeof args.currentKeyId === "string" && !known.includes(args.currentKeyId)) {
        issues.push({ path: "currentKeyId", value: args.currentKeyId, problem: `is not the id of a key in signingKeys (one of ${known.join(" | ")})` });
    }
    // A component-owned secret can only hold private keys the component made; a brought key's private half is yours.
    const brought = keys.map((key) => key.publicKeyPem !== undefined);
    if (brought.some((b) => b) && brought.some((b) => !b)) {
        const example = brought.indexOf(true);
        brought.forEach((b, i) => {
            if (!b) {
                issues.push({
                    path: `signingKeys[${i}].publicKeyPem`,
                    value: undefined,
                    problem: `is required: signingKeys[${example}] brings its own public key, and the keys are either all yours or all generated (the component's secret holds only private keys it made)`,
                });
            }
        });
    }
    return brought.length > 0 && brought.every((b) => b);
}

const prefixed = (prefix: string) => (issue: Issue): Issue => ({ ...issue, path: prefix === "" ? issue.path : `${prefix}.${issue.path}` });

/**
 * Checks the front-side half of the settings, `pathPatterns` and `viewerAuth`, of any signed content a
 * front is given: a `SignedContentKeys` has passed them already, a hand-built
 * `SignedContentBehaviors` is checked with the same schema and rules. Paths start with `prefix`.
 */
export function validateSignedPaths(value: { readonly pathPatterns?: unknown; readonly viewerAuth?: unknown }, prefix = ""): Issue[] {
    // Every other setting is optional, so the two are checked as settings of their own.
    const issues = settingsIssues("SignedContentKeysSettings", { pathPatterns: value.pathPatterns, viewerAuth: value.viewerAuth }, prefix);
    const rules: Issue[] = [];
    pathPatternRules(value.pathPatterns, rules);
    return [...issues, ...rules.map(prefixed(prefix))];
}

/**
 * Checks the arguments of a `SignedContentKeys` and returns every problem found: the settings against
 * their schema (types, ranges, path patterns, key ids, at most 5 keys, unknown keys), then the rules the
 * schema cannot express (the public keys' kind, the ARNs' shapes, which settings go together, each path
 * pattern and each key id once, `currentKeyId` one of the keys, keys all brought or all generated). Each
 * path starts with `prefix` (a config section, or `""`). Values that are not known yet (outputs) are skipped.
 */
export function validateSignedContentKeysArgs(args: SignedContentKeysArgs, prefix = ""): Issue[] {
    const { tags, ...settings } = args;
    const schemaIssues = settingsIssues("SignedContentKeysSettings", settings, prefix);
    const issues: Issue[] = [];
    if (typeof args.publicKeyPem === "string") checkPublicKeyPem("publicKeyPem", args.publicKeyPem, issues);
    const bringsKeys = signingKeyRules(args, issues);
    if (args.existingPrivateKeySecretArn !== undefined && !bringsKeys) {
        issues.push({
            path: "existingPrivateKeySecretArn",
            value: args.existingPrivateKeySecretArn,
            problem:
                args.signingKeys === undefined
                    ? "needs publicKeyPem: without it the component generates the key pair and stores the private key in a secret of its own"
                    : "needs publicKeyPem on the keys of signingKeys: without them the component generates the key pairs and stores the private keys in a secret of its own",
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

/** The keys the component builds: the settings' keys, the one signers use, and which form the settings took. */
interface PlannedKeys {
    /** The keys, in the order given; the single-key settings make one, `initial`. */
    readonly keys: SigningKeySettings[];
    /** The id of the key signers use. */
    readonly currentKeyId: string;
    /** Whether the settings list the keys (`signingKeys`); the single-key form keeps its secret's single-key JSON. */
    readonly listed: boolean;
}

/** One key as built: its id, its generated private key (none when brought), its CloudFront public key. */
interface BuiltKey {
    readonly id: string;
    readonly privateKey?: tls.PrivateKey;
    readonly publicKey: aws.cloudfront.PublicKey;
    readonly publicKeyPem: pulumi.Output<string>;
}

// The single-key settings are sugar for a one-element list with the id `initial`.
function plannedKeys(args: SignedContentKeysArgs): PlannedKeys {
    if (args.signingKeys === undefined) {
        return { keys: [{ id: INITIAL_SIGNING_KEY_ID, publicKeyPem: args.publicKeyPem }], currentKeyId: INITIAL_SIGNING_KEY_ID, listed: false };
    }
    return { keys: args.signingKeys, currentKeyId: args.currentKeyId ?? args.signingKeys[0].id, listed: true };
}

/**
 * The names of a key's resources: the `initial` key keeps the names the single-key component always gave
 * its key (`<name>-key`, `<name>-public-key`), so a stack that moves to `signingKeys` neither renames nor
 * replaces it; every other key's names end with its id.
 */
function signingKeyResourceNames(name: string, keyId: string): { privateKey: string; publicKey: string } {
    return keyId === INITIAL_SIGNING_KEY_ID
        ? { privateKey: `${name}-key`, publicKey: `${name}-public-key` }
        : { privateKey: `${name}-key-${keyId}`, publicKey: `${name}-public-key-${keyId}` };
}

/**
 * The JSON of the component's secret. With `signingKeys`: `{"current": "<public key ID>", "keys":
 * {"<public key ID>": "<PEM>", ...}}`, every key of the group, so a signer picks `current`. With the
 * single-key settings: `{"keyPairId", "privateKey"}`, as it has always been (no diff on upgrade, and
 * services with an older content-signing library keep reading it).
 */
function signingKeySecretJson(currentKeyPairId: string, privateKeys: Record<string, string>, listed: boolean): string {
    if (!listed) return JSON.stringify({ keyPairId: currentKeyPairId, privateKey: privateKeys[currentKeyPairId] });
    return JSON.stringify({ current: currentKeyPairId, keys: privateKeys });
}

/**
 * The keys behind CloudFront signed URLs and signed cookies: an RSA 2048 key pair (or your own public
 * key) — or several, to rotate them — the CloudFront public keys and a key group containing them, the
 * private keys in AWS Secrets Manager, and an IAM policy a content service's role attaches to read them;
 * and the paths of a front that require its signatures. Hand it to `LegacyTlsFront`'s `signedContent`,
 * which trusts the key group on those paths; sign with `legacy-tls-front/content-signing`, which picks the
 * current key from the secret. Rotation: docs/signing-key-rotation.md.
 *
 * The private keys never appear in this component's outputs or in plain config. A generated key is a
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
 * @example
 * // Mid-rotation: CloudFront accepts both keys, signers use 2027-06.
 * new SignedContentKeys("signing", { pathPatterns: ["/premium/*"], signingKeys: [{ id: "initial" }, { id: "2027-06" }], currentKeyId: "2027-06" });
 */
export class SignedContentKeys extends pulumi.ComponentResource implements TrustedKeyGroup, SignedContentBehaviors {
    /** CloudFront public key ID of the current key (`currentKeyId`): the `Key-Pair-Id` of every signature made now. */
    public readonly publicKeyId: pulumi.Output<string>;
    /** CloudFront public key ID of every key in the key group, by key id (`initial` for the single-key settings). */
    public readonly publicKeyIds: pulumi.Output<Record<string, string>>;
    /** The key group to trust on behaviours. */
    public readonly keyGroupId: pulumi.Output<string>;
    /** The current key's public key, PEM. */
    public readonly publicKeyPem: pulumi.Output<string>;
    /**
     * ARN of the secret signers read (`{"current", "keys"}` with `signingKeys`, `{"keyPairId", "privateKey"}`
     * otherwise); `undefined` with your own keys and no secret.
     */
    public readonly secretArn: pulumi.Output<string | undefined>;
    /** ARN of the IAM policy a content service's role attaches. */
    public readonly policyArn: pulumi.Output<string>;
    /** The key group, as a front's `signedContent` trusts it. */
    public readonly keyGroup: TrustedKeyGroup;
    /** The front's paths that require a signature made with one of these keys (the `pathPatterns` setting). */
    public readonly pathPatterns: CloudFrontPathPattern[];
    /** Whether the front's viewer authenticator also runs on those paths (the `viewerAuth` setting). */
    public readonly viewerAuth: boolean;

    constructor(name: string, args: SignedContentKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfIssues(`SignedContentKeys "${name}"`, validateSignedContentKeysArgs(args));
        super(componentType("SignedContentKeys"), name, {}, withFormerType("legacytls:cloudfront:SignedContentKeys", opts));

        const comment = args.comment ?? `Signed URLs and cookies for ${name}`;
        const planned = plannedKeys(args);
        // Validation made the keys all brought or all generated.
        const generated = planned.keys.every((key) => key.publicKeyPem === undefined);
        if (generated) {
            // Allowed (a dev stack needs no key ceremony), but never silently: a state export or backup holds the key.
            pulumi.log.warn(
                `SignedContentKeys "${name}": the generated signing private key${planned.keys.length > 1 ? "s are" : " is"} kept (encrypted) in the Pulumi state as well as in Secrets Manager; ` +
                    "for production make the key outside Pulumi and pass publicKeyPem (and existingPrivateKeySecretArn)",
                this,
            );
        }
        const keys = planned.keys.map((key): BuiltKey => {
            const names = signingKeyResourceNames(name, key.id);
            const privateKey = generated ? new tls.PrivateKey(names.privateKey, { algorithm: "RSA", rsaBits: 2048 }, { parent: this }) : undefined;
            const publicKeyPem = privateKey ? privateKey.publicKeyPem : pulumi.output(key.publicKeyPem!);
            const publicKey = new aws.cloudfront.PublicKey(names.publicKey, { encodedKey: publicKeyPem, comment }, { parent: this });
            return { id: key.id, privateKey, publicKey, publicKeyPem };
        });
        const current = keys.find((key) => key.id === planned.currentKeyId)!;
        // Every key in one group: CloudFront verifies a signature with the key its Key-Pair-Id names, if the group holds it.
        const keyGroup = new aws.cloudfront.KeyGroup(`${name}-key-group`, { items: keys.map((key) => key.publicKey.id), comment }, { parent: this });

        const secretArn = generated
            ? this.storePrivateKeys(name, args, planned, keys, keyGroup)
            : args.existingPrivateKeySecretArn;
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

        this.publicKeyId = current.publicKey.id;
        this.publicKeyIds = pulumi.all(keys.map((key) => key.publicKey.id)).apply((ids) => Object.fromEntries(keys.map((key, i) => [key.id, ids[i]])));
        this.keyGroupId = keyGroup.id;
        this.keyGroup = { keyGroupId: keyGroup.id };
        this.pathPatterns = [...args.pathPatterns];
        this.viewerAuth = args.viewerAuth ?? true;
        this.publicKeyPem = current.publicKeyPem;
        this.secretArn = pulumi.output(secretArn);
        this.policyArn = policy.arn;
        this.registerOutputs({
            publicKeyId: this.publicKeyId,
            publicKeyIds: this.publicKeyIds,
            keyGroupId: this.keyGroupId,
            publicKeyPem: this.publicKeyPem,
            secretArn: this.secretArn,
            policyArn: this.policyArn,
            pathPatterns: this.pathPatterns,
            viewerAuth: this.viewerAuth,
        });
    }

    // The secret holds the key IDs with the keys, so a service reads one secret and can sign with the current
    // one. Only for generated keys: every key has its private key here.
    private storePrivateKeys(
        name: string,
        args: SignedContentKeysArgs,
        planned: PlannedKeys,
        keys: BuiltKey[],
        keyGroup: aws.cloudfront.KeyGroup,
    ): pulumi.Output<string> {
        const secret = new aws.secretsmanager.Secret(
            `${name}-private-key`,
            {
                description: planned.listed
                    ? `Private keys for CloudFront signed URLs and cookies (${name}); JSON {"current","keys"}`
                    : `Private key for CloudFront signed URLs and cookies (${name}); JSON {"keyPairId","privateKey"}`,
                kmsKeyId: args.kmsKeyArn,
                recoveryWindowInDays: args.recoveryWindowInDays ?? 30,
                tags: args.tags ?? {},
            },
            { parent: this },
        );
        const currentIndex = keys.findIndex((key) => key.id === planned.currentKeyId);
        new aws.secretsmanager.SecretVersion(
            `${name}-private-key`,
            {
                secretId: secret.id,
                // Secret in the state too: pulumi.secret keeps it encrypted and out of logs and diffs.
                secretString: pulumi.secret(
                    pulumi
                        .all([pulumi.all(keys.map((key) => key.publicKey.id)), pulumi.all(keys.map((key) => key.privateKey!.privateKeyPem))])
                        .apply(([ids, pems]) => signingKeySecretJson(ids[currentIndex], Object.fromEntries(ids.map((id, i) => [id, pems[i]])), planned.listed)),
                ),
            },
            // Signers follow this secret: it names a new current key only once the key group holds that key,
            // even when one deploy adds a key and switches to it.
            { parent: this, dependsOn: [keyGroup] },
        );
        return secret.arn;
    }
}

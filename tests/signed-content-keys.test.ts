import { generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { LegacyTlsFront, LegacyTlsFrontArgs, MAX_CACHE_BEHAVIORS, validateLegacyTlsFrontArgs } from "../components/legacy-tls-front";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { SignedContentKeys, SignedContentKeysArgs, buildSigningPolicy, validateSignedContentKeysArgs } from "../components/signed-content-keys";
import schema from "../components/generated/settings.schema.json";
import { ValidationError } from "../components/validation";
import { planAdvisories } from "../tools/plan/guardrails";
import { renderTree } from "../tools/plan/render-tree";
import { OfflineRun, only, policyOf, promiseOf, resourcesOf, runProgram } from "./mocks";

const PRIVATE_KEY = "tls:index/privateKey:PrivateKey";
const PUBLIC_KEY = "aws:cloudfront/publicKey:PublicKey";
const KEY_GROUP = "aws:cloudfront/keyGroup:KeyGroup";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const IAM_POLICY = "aws:iam/policy:Policy";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

const KMS_KEY = "arn:aws:kms:eu-central-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666";
/** The signed paths of the keys unless a test names its own. */
const PATHS = ["/premium/*"];

interface Built {
    run: OfflineRun;
    keys: SignedContentKeys;
    /** The component's outputs, resolved. */
    outputs: Record<string, unknown>;
}

/**
 * Builds the keys (with {@link PATHS} unless `args` names paths) and, with `front`, a front that takes
 * them as its `signedContent`: the keys themselves, or (`handBuilt`) the same written out by hand.
 */
async function build(args: Partial<SignedContentKeysArgs> = {}, front?: Partial<LegacyTlsFrontArgs> & { handBuilt?: boolean }): Promise<Built> {
    let keys!: SignedContentKeys;
    const run = await runProgram(() => {
        keys = new SignedContentKeys("signing", { pathPatterns: PATHS, ...args });
        if (front) {
            const bucket = new PrivateOriginBucket("content", { protect: false });
            const { handBuilt, ...frontArgs } = front;
            const built = new LegacyTlsFront("front", {
                origin: bucket,
                mode: "signed",
                ...frontArgs,
                signedContent: handBuilt ? { keyGroup: { keyGroupId: keys.keyGroupId }, pathPatterns: keys.pathPatterns, viewerAuth: keys.viewerAuth } : keys,
            });
            bucket.attachPolicy([built]);
        }
    });
    const outputs: Record<string, unknown> = {};
    for (const key of ["publicKeyId", "keyGroupId", "publicKeyPem", "secretArn", "policyArn"] as const) outputs[key] = await promiseOf(keys[key] as pulumi.Output<unknown>);
    return { run, keys, outputs };
}

describe("SignedContentKeys with a generated key", () => {
    let built: Built;
    before(async () => {
        built = await build({ kmsKeyArn: KMS_KEY, tags: { team: "media" } });
    });

    it("generates an RSA 2048 key and registers its public half as a key in a key group", () => {
        const { run } = built;
        expect(only(run, PRIVATE_KEY).inputs).to.include({ algorithm: "RSA", rsaBits: 2048 });
        const publicKey = only(run, PUBLIC_KEY);
        expect(publicKey.inputs.encodedKey).to.equal(only(run, PRIVATE_KEY).outputs.publicKeyPem);
        expect(publicKey.inputs.encodedKey).to.match(/^-----BEGIN PUBLIC KEY-----/);
        expect(only(run, KEY_GROUP).inputs.items).to.deep.equal([publicKey.id]);
        expect(built.outputs.publicKeyId).to.equal(publicKey.id);
        expect(built.outputs.keyGroupId).to.equal(only(run, KEY_GROUP).id);
    });

    it("stores the private key, with its key ID, only in a Secrets Manager secret, marked secret", () => {
        const { run } = built;
        const privateKeyPem = String(only(run, PRIVATE_KEY).outputs.privateKeyPem);
        const secret = only(run, SECRET);
        expect(secret.inputs).to.include({ kmsKeyId: KMS_KEY, recoveryWindowInDays: 30 });
        const version = only(run, SECRET_VERSION);
        expect(version.inputs.secretId).to.equal(secret.id);
        const secretString = version.inputs.secretString as Record<string, string>;
        // The value travels as a Pulumi secret: encrypted in the state, masked in logs and diffs.
        expect(secretString[pulumi.runtime.specialSigKey]).to.equal(pulumi.runtime.specialSecretSig);
        expect(JSON.parse(secretString.value)).to.deep.equal({ keyPairId: only(run, PUBLIC_KEY).id, privateKey: privateKeyPem });

        // Nowhere else: no other resource's inputs carry the key.
        const marker = privateKeyPem.split("\n")[1];
        const carriers = run.resources.filter((r) => JSON.stringify(r.inputs).includes(marker) || JSON.stringify(r.outputs).includes(marker)).map((r) => r.type);
        expect(carriers.sort()).to.deep.equal([SECRET_VERSION, PRIVATE_KEY].sort());
    });

    it("makes the plan warn that the Pulumi state holds the generated private key (item 6)", () => {
        const advisories = planAdvisories(built.run);
        expect(advisories).to.have.length(1);
        expect(advisories[0]).to.match(/^tls:index\/privateKey:PrivateKey "signing-key" keeps the CloudFront signing private key in the Pulumi state/);
        expect(advisories[0]).to.include("publicKeyPem");
        // The plan prints it after the resource tree, where `npm run plan` output is read.
        expect(renderTree(built.run)).to.include(`\nAdvisory: ${advisories[0]}`);
    });

    it("has no private key in its outputs", () => {
        expect(Object.keys(built.outputs).sort()).to.deep.equal(["keyGroupId", "policyArn", "publicKeyId", "publicKeyPem", "secretArn"]);
        const text = JSON.stringify(built.outputs);
        expect(text).not.to.include("PRIVATE KEY");
        expect(text).not.to.include(String(only(built.run, PRIVATE_KEY).outputs.privateKeyPem).split("\n")[1]);
        expect(built.outputs.secretArn).to.equal(only(built.run, SECRET).outputs.arn);
        expect(built.outputs.publicKeyPem).to.match(/^-----BEGIN PUBLIC KEY-----/);
    });

    it("grants a content service exactly: read this secret, decrypt it through Secrets Manager, read public keys", () => {
        const { run } = built;
        const secretArn = String(only(run, SECRET).outputs.arn);
        expect(secretArn).to.match(/^arn:aws:secretsmanager:eu-central-1:123456789012:secret:/);
        const policy = policyOf(only(run, IAM_POLICY));
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "ReadSigningKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
                {
                    Sid: "DecryptSigningKey",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: KMS_KEY,
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com", "kms:EncryptionContext:SecretARN": secretArn } },
                },
                { Sid: "ReadCloudFrontPublicKeys", Effect: "Allow", Action: ["cloudfront:GetPublicKey", "cloudfront:ListPublicKeys"], Resource: "*" },
            ],
        });
        // No wildcard action anywhere; the only "*" resource is on the two public-key reads, which have no resource type.
        for (const statement of policy.Statement) {
            for (const action of [statement.Action].flat()) expect(action).not.to.include("*");
        }
        expect(built.outputs.policyArn).to.equal(only(run, IAM_POLICY).outputs.arn);
        expect(only(run, IAM_POLICY).inputs.tags).to.deep.equal({ team: "media" });
    });
});

describe("SignedContentKeys with your own key", () => {
    const rsaPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();

    it("creates no private key and no secret; the policy grants only your secret and the public key reads", async () => {
        const secretArn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:media/signing-AbCdEf";
        const { run, outputs } = await build({ publicKeyPem: rsaPem, existingPrivateKeySecretArn: secretArn });
        expect(resourcesOf(run, PRIVATE_KEY)).to.have.length(0);
        expect(resourcesOf(run, SECRET)).to.have.length(0);
        expect(only(run, PUBLIC_KEY).inputs.encodedKey).to.equal(rsaPem);
        expect(outputs.secretArn).to.equal(secretArn);
        expect(policyOf(only(run, IAM_POLICY)).Statement.map((s: any) => [s.Sid, s.Resource])).to.deep.equal([
            ["ReadSigningKey", secretArn],
            ["ReadCloudFrontPublicKeys", "*"],
        ]);
    });

    it("is the documented prod path: no private key anywhere in the state, and no plan advisory", async () => {
        const { run } = await build({ publicKeyPem: rsaPem, existingPrivateKeySecretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:media/signing-AbCdEf" });
        expect(JSON.stringify(run.resources.map((r) => [r.inputs, r.outputs]))).not.to.include("PRIVATE KEY");
        expect(planAdvisories(run)).to.deep.equal([]);
        expect(renderTree(run)).not.to.include("Advisory:");
    });

    it("without a secret, the policy grants the public key reads only", () => {
        expect(buildSigningPolicy({}).Statement.map((s) => s.Sid)).to.deep.equal(["ReadCloudFrontPublicKeys"]);
        // A customer managed key without a secret grants nothing to decrypt.
        expect(buildSigningPolicy({ kmsKeyArn: KMS_KEY }).Statement.map((s) => s.Sid)).to.deep.equal(["ReadCloudFrontPublicKeys"]);
        const cn = buildSigningPolicy({ secretArn: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:s-AbCdEf", kmsKeyArn: "arn:aws-cn:kms:cn-north-1:123456789012:key/k" });
        expect(cn.Statement[1].Condition!.StringEquals["kms:ViaService"]).to.equal("secretsmanager.cn-north-1.amazonaws.com.cn");
    });

    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const rsa1024 = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const rejected: Array<[string, Partial<SignedContentKeysArgs>, RegExp]> = [
        ["an RSA 1024 key", { publicKeyPem: rsa1024 }, /publicKeyPem: "\(an RSA 1024-bit key\)" is not RSA 2048 or ECDSA P-256/],
        ["a P-384 key", { publicKeyPem: p384 }, /publicKeyPem: "\(a ec key\)" is not RSA 2048 or ECDSA P-256/],
        ["text that is no key", { publicKeyPem: "ssh-rsa AAAA" }, /publicKeyPem: "\(unreadable\)" is not a PEM public key/],
        ["a secret of your own without your public key", { existingPrivateKeySecretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:s-AbCdEf" }, /existingPrivateKeySecretArn: .* needs publicKeyPem/],
        ["a KMS alias", { kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:alias/media" }, /kmsKeyArn: .* is not a KMS key ARN/],
        ["a KMS key ARN without a 12-digit account", { kmsKeyArn: "arn:aws:kms:eu-central-1:1234:key/0a1b2c3d" }, /kmsKeyArn: "arn:aws:kms:eu-central-1:1234:key\/0a1b2c3d" is not a KMS key ARN/],
        ["a KMS key ARN given as your secret", { publicKeyPem: rsaPem, existingPrivateKeySecretArn: KMS_KEY }, /existingPrivateKeySecretArn: "arn:aws:kms:[^"]+" is not a Secrets Manager secret ARN$/],
        ["a recovery window of 3 days", { recoveryWindowInDays: 3 }, /recoveryWindowInDays: 3 is not a whole number from 7 to 30/],
        ["a recovery window of 45 days", { recoveryWindowInDays: 45 }, /recoveryWindowInDays: 45 is not a whole number from 0 to 30/],
        ["a recovery window of 7.5 days", { recoveryWindowInDays: 7.5 }, /recoveryWindowInDays: 7.5 is not a whole number from 0 to 30/],
        ["a long comment", { comment: "x".repeat(129) }, /comment: .* is not a string of at most 128 characters/],
        ["an unknown key", { kmsKeyArm: KMS_KEY } as Partial<SignedContentKeysArgs>, /kmsKeyArm: .* is not a known key \(did you mean kmsKeyArn\?\)/],
    ];
    for (const [what, args, message] of rejected) {
        it(`rejects ${what}`, () => {
            expect(new ValidationError("keys", validateSignedContentKeysArgs({ pathPatterns: PATHS, ...args })).message).to.match(message);
        });
    }

    it("accepts ECDSA P-256, a recovery window of 0, and values not known yet", () => {
        expect(validateSignedContentKeysArgs({ pathPatterns: PATHS, publicKeyPem: p256, recoveryWindowInDays: 0 })).to.deep.equal([]);
        expect(validateSignedContentKeysArgs({ pathPatterns: PATHS, publicKeyPem: pulumi.output(rsaPem), kmsKeyArn: pulumi.output("x") })).to.deep.equal([]);
    });

    it("accepts a customer managed key and a secret of your own in any partition", () => {
        const cn = { kmsKeyArn: "arn:aws-cn:kms:cn-north-1:123456789012:key/0a1b2c3d", existingPrivateKeySecretArn: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:s-AbCdEf" };
        expect(validateSignedContentKeysArgs({ pathPatterns: PATHS, publicKeyPem: rsaPem, ...cn })).to.deep.equal([]);
        expect(validateSignedContentKeysArgs({ pathPatterns: PATHS, publicKeyPem: rsaPem, kmsKeyArn: KMS_KEY })).to.deep.equal([]);
    });
});

describe("SignedContentKeys: the paths a front trusts it on", () => {
    it("exposes what the front trusts: the key group, the paths and whether the viewer authenticator runs there", async () => {
        const { run, keys } = await build({ pathPatterns: ["/premium/*", "*.m3u8"] });
        expect(await promiseOf(pulumi.output(keys.keyGroup.keyGroupId))).to.equal(only(run, KEY_GROUP).id);
        expect(keys.pathPatterns).to.deep.equal(["/premium/*", "*.m3u8"]);
        expect(keys.viewerAuth).to.equal(true);
        expect((await build({ viewerAuth: false })).keys.viewerAuth).to.equal(false);
    });

    const rejected: Array<[string, Partial<SignedContentKeysArgs>, RegExp]> = [
        ["no path patterns at all", { pathPatterns: undefined }, /pathPatterns: \(missing\) is required/],
        ["a path pattern with a space", { pathPatterns: ["/premium content/*"] }, /pathPatterns\[0\]: "\/premium content\/\*" is not a CloudFront path pattern \(1 to 255 of/],
        ["a path pattern over 255 characters", { pathPatterns: [`/${"a".repeat(255)}`] }, /pathPatterns\[0\]: .* is not a CloudFront path pattern/],
        ["a repeated path pattern", { pathPatterns: ["/a/*", "/a/*"] }, /pathPatterns\[1\]: "\/a\/\*" repeats pathPatterns\[0\]/],
        ["* with other patterns", { pathPatterns: ["/a/*", "*"] }, /pathPatterns\[1\]: "\*" matches every path/],
        ["an empty list", { pathPatterns: [] }, /pathPatterns: \[\] is not a list of 1 to 74 items/],
        ["more behaviours than a distribution allows", { pathPatterns: Array.from({ length: 75 }, (_, i) => `/p${i}/*`) }, /pathPatterns: .* is not a list of 1 to 74 items/],
        ["a viewerAuth that is no boolean", { viewerAuth: "no" as unknown as boolean }, /viewerAuth: "no" is not a boolean \(true \| false\)/],
    ];
    for (const [what, args, message] of rejected) {
        it(`rejects ${what}, before creating anything`, () => {
            expect(new ValidationError("keys", validateSignedContentKeysArgs({ pathPatterns: PATHS, ...args })).message).to.match(message);
            expect(() => new SignedContentKeys("signing", { pathPatterns: PATHS, ...args })).to.throw(ValidationError, message);
        });
    }

    it("reports under a prefix (a stack config section), the repeated pattern named within its list", () => {
        const issues = validateSignedContentKeysArgs({ pathPatterns: ["/a/*", "/a/*", "/b c"] }, "signing");
        expect(issues.map((i) => `${i.path}: ${i.problem}`)).to.deep.equal([
            'signing.pathPatterns[2]: is not a CloudFront path pattern (1 to 255 of A-Z a-z 0-9 _ - . * ? $ / ~ " \' @ : + &), e.g. "/premium/*"',
            "signing.pathPatterns[1]: repeats pathPatterns[0]",
        ]);
    });

    it("allows as many patterns as a distribution has behaviours besides the default one", () => {
        // The schema's limit is declared as a number; it must stay the quota the front documents.
        const pathPatterns = (schema.definitions.SignedContentKeysSettings.properties.pathPatterns as { maxItems: number }).maxItems;
        expect(pathPatterns).to.equal(MAX_CACHE_BEHAVIORS - 1);
        expect(validateSignedContentKeysArgs({ pathPatterns: Array.from({ length: MAX_CACHE_BEHAVIORS - 1 }, (_, i) => `/p${i}/*`) })).to.deep.equal([]);
    });
});

describe("LegacyTlsFront trusting a key group on named paths", () => {
    function behaviors(run: OfflineRun): { default: any; ordered: any[] } {
        const inputs = only(run, DISTRIBUTION).inputs as any;
        return { default: inputs.defaultCacheBehavior, ordered: inputs.orderedCacheBehaviors ?? [] };
    }

    it("adds one ordered behaviour per path pattern of the keys, with the key group and the default's origin and policies", async () => {
        const { run } = await build({ pathPatterns: ["/premium/*", "*.m3u8"] }, {});
        const { default: main, ordered } = behaviors(run);
        const keyGroupId = only(run, KEY_GROUP).id;
        expect(ordered.map((b) => b.pathPattern)).to.deep.equal(["/premium/*", "*.m3u8"]);
        for (const behavior of ordered) {
            expect(behavior.trustedKeyGroups).to.deep.equal([keyGroupId]);
            const { pathPattern: _p, trustedKeyGroups: _t, lambdaFunctionAssociations: _l, ...rest } = behavior;
            const { trustedKeyGroups: _dt, lambdaFunctionAssociations: _dl, ...defaults } = main;
            expect(rest).to.deep.equal(defaults);
        }
        // Only the named paths require a signature.
        expect(main.trustedKeyGroups).to.equal(undefined);
        expect(main.cachePolicyId).to.equal("658327ea-f89d-4fab-a63d-7e88639e58f6");
    });

    it('["*"] puts the key group on the default behaviour, with no ordered behaviours', async () => {
        const { run } = await build({ publicKeyPem: generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString(), pathPatterns: ["*"] }, {});
        const { default: main, ordered } = behaviors(run);
        expect(main.trustedKeyGroups).to.deep.equal([only(run, KEY_GROUP).id]);
        expect(ordered).to.deep.equal([]);
    });

    it("runs the viewer authenticator on signed paths too, unless the keys say not to", async () => {
        const viewerAuth = { viewerRequest: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:7", readsAuthorizationHeader: true } };
        const association = [{ eventType: "viewer-request", lambdaArn: viewerAuth.viewerRequest.lambdaArn, includeBody: false }];
        const withAuth = behaviors((await build({}, { viewerAuth })).run);
        expect(withAuth.default.lambdaFunctionAssociations).to.deep.equal(association);
        expect(withAuth.ordered[0].lambdaFunctionAssociations).to.deep.equal(association);
        const signatureOnly = behaviors((await build({ viewerAuth: false }, { viewerAuth })).run);
        expect(signatureOnly.default.lambdaFunctionAssociations).to.deep.equal(association);
        expect(signatureOnly.ordered[0].lambdaFunctionAssociations).to.equal(undefined);
        expect(signatureOnly.ordered[0].trustedKeyGroups).to.have.length(1);
    });

    it("takes the same by hand, { keyGroup: { keyGroupId }, pathPatterns, viewerAuth }, with the same result", async () => {
        const viewerAuth = { viewerRequest: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:7", readsAuthorizationHeader: false } };
        const keys = { pathPatterns: ["/premium/*", "*.m3u8"], viewerAuth: false };
        const fromKeys = behaviors((await build(keys, { viewerAuth })).run);
        const byHand = behaviors((await build(keys, { viewerAuth, handBuilt: true })).run);
        expect(byHand).to.deep.equal(fromKeys);
        expect(byHand.ordered.map((b) => [b.pathPattern, b.trustedKeyGroups.length, b.lambdaFunctionAssociations])).to.deep.equal([
            ["/premium/*", 1, undefined],
            ["*.m3u8", 1, undefined],
        ]);
    });

    const origin = { bucketName: "b", bucketArn: "arn:aws:s3:::b", regionalDomainName: "b.s3.eu-central-1.amazonaws.com" };
    const keyGroup = { keyGroupId: "0a1b2c3d-aaaa-4bbb-accc-123456789012" };
    // A hand-built value is checked with the keys' own path rules; the rules that need the front too stay the front's.
    const rejected: Array<[string, Partial<LegacyTlsFrontArgs>, RegExp]> = [
        ["signed paths in mode unsigned", { mode: "unsigned", signedContent: { keyGroup, pathPatterns: ["/p/*"] } }, /signedContent: "\(set\)" only applies in mode "signed"/],
        ["a path pattern with a space", { signedContent: { keyGroup, pathPatterns: ["/premium content/*"] } }, /signedContent.pathPatterns\[0\]: "\/premium content\/\*" is not a CloudFront path pattern/],
        ["a path pattern over 255 characters", { signedContent: { keyGroup, pathPatterns: [`/${"a".repeat(255)}`] } }, /signedContent.pathPatterns\[0\]: .* is not a CloudFront path pattern/],
        ["a repeated path pattern", { signedContent: { keyGroup, pathPatterns: ["/a/*", "/a/*"] } }, /signedContent.pathPatterns\[1\]: "\/a\/\*" repeats pathPatterns\[0\]/],
        ["* with other patterns", { signedContent: { keyGroup, pathPatterns: ["/a/*", "*"] } }, /signedContent.pathPatterns\[1\]: "\*" matches every path/],
        ["no path patterns", { signedContent: { keyGroup, pathPatterns: [] } }, /signedContent.pathPatterns: \[\] is not a list of 1 to 74 items/],
        ["more behaviours than a distribution allows", { signedContent: { keyGroup, pathPatterns: Array.from({ length: 75 }, (_, i) => `/p${i}/*`) } }, /is not a list of 1 to 74 items/],
        ["no key group", { signedContent: { pathPatterns: ["/a/*"] } as any }, /signedContent.keyGroup: \(missing\) is required/],
        ["signed content that is no object", { signedContent: "keys" as any }, /signedContent: "keys" is not signed content/],
    ];
    for (const [what, args, message] of rejected) {
        it(`rejects ${what}`, () => {
            const issues = validateLegacyTlsFrontArgs({ origin, mode: "signed", ...args });
            expect(new ValidationError("front", issues).message).to.match(message);
        });
    }

    it("rejects the keys themselves in mode unsigned, before creating the front", async () => {
        let error: unknown;
        await runProgram(() => {
            const keys = new SignedContentKeys("signing", { pathPatterns: PATHS });
            try {
                new LegacyTlsFront("front", { origin, mode: "unsigned", signedContent: keys });
            } catch (e) {
                error = e;
            }
        });
        expect(error).to.be.instanceOf(ValidationError);
        expect((error as Error).message).to.match(/LegacyTlsFront "front" is invalid:\n {2}- signedContent: "\(set\)" only applies in mode "signed"/);
    });
});

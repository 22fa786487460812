/**
 * Signing-key rotation (docs/signing-key-rotation.md): add a key, switch signers to it, remove the old
 * one once what it signed has expired. Under the offline engine (IDs are derived from the stack, type and
 * name, as a real deploy keeps a resource's ID while it is not replaced), with real RSA keys where
 * signatures are checked, and CloudFront's check played by tests/support/cloudfront-signature-verifier.ts.
 */
import { generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import schema from "../components/generated/settings.schema.json";
import {
    INITIAL_SIGNING_KEY_ID,
    MAX_PUBLIC_KEYS_PER_KEY_GROUP,
    SignedContentKeys,
    SignedContentKeysArgs,
    validateSignedContentKeysArgs,
} from "../components/signed-content-keys";
import { ValidationError } from "../components/validation";
import { createSigningKeyCache, parseSigningKeySecret, signCookies, signUrl } from "../libraries/content-signing";
import { OfflineRun, RecordedResource, only, promiseOf, resourcesOf, runProgram } from "./mocks";
import { TrustedPublicKeys, verifySignedCookies, verifySignedUrl } from "./support/cloudfront-signature-verifier";

const PRIVATE_KEY = "tls:index/privateKey:PrivateKey";
const PUBLIC_KEY = "aws:cloudfront/publicKey:PublicKey";
const KEY_GROUP = "aws:cloudfront/keyGroup:KeyGroup";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const IAM_POLICY = "aws:iam/policy:Policy";
const PATHS = ["/premium/*"];
const NEXT = "2027-06";

interface Deployed {
    readonly run: OfflineRun;
    readonly keys: SignedContentKeys;
}

async function deploy(args: Partial<SignedContentKeysArgs>, options: { preview?: boolean } = {}): Promise<Deployed> {
    let keys!: SignedContentKeys;
    const run = await runProgram(() => {
        keys = new SignedContentKeys("signing", { pathPatterns: PATHS, ...args });
    }, options);
    return { run, keys };
}

/** The public key ID of each public key resource, by resource name. */
function publicKeyIdsByName(run: OfflineRun): Record<string, string> {
    return Object.fromEntries(resourcesOf(run, PUBLIC_KEY).map((r) => [r.name, String(r.id)]));
}

/** What CloudFront trusts after this deploy: each public key of the key group, PEM by ID. */
function trustedKeys(run: OfflineRun): TrustedPublicKeys {
    const items = only(run, KEY_GROUP).inputs.items as string[];
    const byId = new Map(resourcesOf(run, PUBLIC_KEY).map((r) => [String(r.id), String(r.inputs.encodedKey)]));
    return Object.fromEntries(items.map((id) => [id, byId.get(id)!]));
}

function secretJson(run: OfflineRun): any {
    const value = only(run, SECRET_VERSION).inputs.secretString as Record<string, string>;
    return JSON.parse(value.value);
}

// The URNs of the component's children, as the engine names them (type and name).
function childUrns(run: OfflineRun): string[] {
    return run.resources.filter((r: RecordedResource) => r.custom).map((r) => r.urn).sort();
}

describe("signing-key rotation: the single-key settings stay as they were", () => {
    it("gives a stack with today's settings the same resources, names and secret as before rotation existed", async () => {
        const { run, keys } = await deploy({});
        const parent = "legacy-tls-front:index:SignedContentKeys";
        // The names and URNs the component has always given (before signingKeys existed).
        expect(childUrns(run)).to.deep.equal(
            [
                `urn:pulumi:test::legacy-tls-front::${parent}$${IAM_POLICY}::signing-policy`,
                `urn:pulumi:test::legacy-tls-front::${parent}$${KEY_GROUP}::signing-key-group`,
                `urn:pulumi:test::legacy-tls-front::${parent}$${PUBLIC_KEY}::signing-public-key`,
                `urn:pulumi:test::legacy-tls-front::${parent}$${SECRET}::signing-private-key`,
                `urn:pulumi:test::legacy-tls-front::${parent}$${SECRET_VERSION}::signing-private-key`,
                `urn:pulumi:test::legacy-tls-front::${parent}$${PRIVATE_KEY}::signing-key`,
            ].sort(),
        );
        // The secret keeps its single-key JSON (so services with an older library keep reading it).
        const publicKeyId = String(only(run, PUBLIC_KEY).id);
        expect(secretJson(run)).to.deep.equal({ keyPairId: publicKeyId, privateKey: only(run, PRIVATE_KEY).outputs.privateKeyPem });
        expect(only(run, SECRET).inputs.description).to.equal('Private key for CloudFront signed URLs and cookies (signing); JSON {"keyPairId","privateKey"}');
        expect(await promiseOf(keys.publicKeyIds)).to.deep.equal({ [INITIAL_SIGNING_KEY_ID]: publicKeyId });
        expect(await promiseOf(keys.publicKeyId)).to.equal(publicKeyId);
    });

    it("keeps the key (same URN, same inputs) when the stack lists it as { id: \"initial\" } and adds another", async () => {
        const before = await deploy({});
        const during = await deploy({ signingKeys: [{ id: INITIAL_SIGNING_KEY_ID }, { id: NEXT }], currentKeyId: INITIAL_SIGNING_KEY_ID });
        for (const type of [PRIVATE_KEY, PUBLIC_KEY]) {
            const old = only(before.run, type);
            const kept = only(during.run, type, old.name);
            expect(kept.urn).to.equal(old.urn);
            expect(kept.inputs).to.deep.equal(old.inputs);
        }
        // Every resource of the single-key stack is still there, under its URN; the new key adds two.
        const added = childUrns(during.run).filter((urn) => !childUrns(before.run).includes(urn));
        expect(added.map((urn) => urn.split("::").pop()).sort()).to.deep.equal([`signing-key-${NEXT}`, `signing-public-key-${NEXT}`]);
    });

    it("brings your own key the same way: { id: \"initial\", publicKeyPem } is the single-key publicKeyPem", async () => {
        const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
        const single = await deploy({ publicKeyPem: pem });
        const listed = await deploy({ signingKeys: [{ id: INITIAL_SIGNING_KEY_ID, publicKeyPem: pem }] });
        expect(childUrns(listed.run)).to.deep.equal(childUrns(single.run));
        expect(only(listed.run, PUBLIC_KEY).inputs).to.deep.equal(only(single.run, PUBLIC_KEY).inputs);
    });
});

describe("signing-key rotation: the three deploys, with generated keys", () => {
    const steps = {
        before: {},
        added: { signingKeys: [{ id: INITIAL_SIGNING_KEY_ID }, { id: NEXT }], currentKeyId: INITIAL_SIGNING_KEY_ID },
        switched: { signingKeys: [{ id: INITIAL_SIGNING_KEY_ID }, { id: NEXT }], currentKeyId: NEXT },
        removed: { signingKeys: [{ id: NEXT }] },
    } satisfies Record<string, Partial<SignedContentKeysArgs>>;
    const deployed: Partial<Record<keyof typeof steps, Deployed>> = {};
    let oldKeyId: string;
    let newKeyId: string;

    before(async () => {
        for (const step of Object.keys(steps) as Array<keyof typeof steps>) deployed[step] = await deploy(steps[step]);
        oldKeyId = publicKeyIdsByName(deployed.before!.run)["signing-public-key"];
        newKeyId = publicKeyIdsByName(deployed.added!.run)[`signing-public-key-${NEXT}`];
    });

    it("holds both keys' IDs in the key group while rotating, and only the new key's after", () => {
        expect(oldKeyId).to.match(/^K[A-Z0-9]{13}$/);
        expect(newKeyId).to.match(/^K[A-Z0-9]{13}$/).and.not.equal(oldKeyId);
        const items = (step: keyof typeof steps) => only(deployed[step]!.run, KEY_GROUP).inputs.items;
        expect(items("before")).to.deep.equal([oldKeyId]);
        expect(items("added")).to.deep.equal([oldKeyId, newKeyId]);
        expect(items("switched")).to.deep.equal([oldKeyId, newKeyId]);
        expect(items("removed")).to.deep.equal([newKeyId]);
        // One key group throughout: the front's behaviours keep trusting the same group ID.
        const groupIds = Object.values(deployed).map((d) => only(d!.run, KEY_GROUP).id);
        expect(new Set(groupIds).size).to.equal(1);
    });

    it("writes a secret that names the current key, with every key of the group, and the library picks it", () => {
        const pemOf = (step: keyof typeof steps, name: string) => String(only(deployed[step]!.run, PRIVATE_KEY, name).outputs.privateKeyPem);
        const added = secretJson(deployed.added!.run);
        expect(added).to.deep.equal({ current: oldKeyId, keys: { [oldKeyId]: pemOf("added", "signing-key"), [newKeyId]: pemOf("added", `signing-key-${NEXT}`) } });
        const switched = secretJson(deployed.switched!.run);
        expect(switched).to.deep.equal({ ...added, current: newKeyId });
        expect(secretJson(deployed.removed!.run)).to.deep.equal({ current: newKeyId, keys: { [newKeyId]: pemOf("removed", `signing-key-${NEXT}`) } });
        // What a service gets from each secret: the key its current step signs with.
        expect(parseSigningKeySecret(JSON.stringify(secretJson(deployed.before!.run))).keyPairId).to.equal(oldKeyId);
        expect(parseSigningKeySecret(JSON.stringify(added))).to.deep.equal({ keyPairId: oldKeyId, privateKey: pemOf("added", "signing-key") });
        expect(parseSigningKeySecret(JSON.stringify(switched))).to.deep.equal({ keyPairId: newKeyId, privateKey: pemOf("switched", `signing-key-${NEXT}`) });
        // The secret is written only after the key group holds its current key (even if one deploy added and switched).
        const switchedRun = deployed.switched!.run;
        expect(only(switchedRun, SECRET_VERSION).dependencies).to.include(only(switchedRun, KEY_GROUP).urn);
        // Same secret resource throughout, so the policy's grant and the services' secret ARN never change.
        expect(new Set(Object.values(deployed).map((d) => only(d!.run, SECRET).urn)).size).to.equal(1);
        expect(only(deployed.added!.run, SECRET).inputs.description).to.equal('Private keys for CloudFront signed URLs and cookies (signing); JSON {"current","keys"}');
    });

    it("reports the current key's ID and every key's ID as outputs", async () => {
        const switched = deployed.switched!.keys;
        expect(await promiseOf(switched.publicKeyId)).to.equal(newKeyId);
        expect(await promiseOf(switched.publicKeyIds)).to.deep.equal({ [INITIAL_SIGNING_KEY_ID]: oldKeyId, [NEXT]: newKeyId });
        expect(await promiseOf(deployed.added!.keys.publicKeyId)).to.equal(oldKeyId);
        expect(await promiseOf(deployed.switched!.keys.publicKeyPem)).to.equal(only(deployed.switched!.run, PRIVATE_KEY, `signing-key-${NEXT}`).outputs.publicKeyPem);
    });

    it("never replaces the old key while it is listed, and keeps one IAM policy", () => {
        const old = (step: keyof typeof steps) => only(deployed[step]!.run, PUBLIC_KEY, "signing-public-key");
        expect(old("added").id).to.equal(old("before").id);
        expect(old("switched").inputs).to.deep.equal(old("before").inputs);
        expect(resourcesOf(deployed.removed!.run, PUBLIC_KEY).map((r) => r.name)).to.deep.equal([`signing-public-key-${NEXT}`]);
        expect(resourcesOf(deployed.removed!.run, PRIVATE_KEY).map((r) => r.name)).to.deep.equal([`signing-key-${NEXT}`]);
        expect(new Set(Object.values(deployed).map((d) => only(d!.run, IAM_POLICY).urn)).size).to.equal(1);
    });
});

describe("signing-key rotation: signatures with real RSA keys, checked as CloudFront does", () => {
    const keyPair = () => {
        const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
        return { publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(), privatePem: privateKey.export({ type: "pkcs1", format: "pem" }).toString() };
    };
    const key1 = keyPair();
    const key2 = keyPair();
    const url = "https://media.example.com/premium/intro.mp4";
    const cookieResource = "https://media.example.com/premium/*";

    it("URLs and cookies signed with key 1 keep working through the switch, and stop only when key 1 leaves the group", async () => {
        const t0 = Date.now();
        const at = (minutes: number) => new Date(t0 + minutes * 60_000);
        // The signer's secret (you keep it: the keys are yours), read through the library's cache.
        let secretString = "";
        let clock = t0;
        const cache = createSigningKeyCache({ readSecretString: async () => secretString, maxAgeSeconds: 300, now: () => clock });

        // Deploy 0: the single-key settings with key 1.
        const before = await deploy({ publicKeyPem: key1.publicPem });
        const id1 = String(only(before.run, PUBLIC_KEY).id);
        secretString = JSON.stringify({ keyPairId: id1, privateKey: key1.privatePem });
        const signer1 = await cache.currentKey();
        expect(signer1.keyPairId).to.equal(id1);
        const url1 = signUrl({ url, ...signer1, expiresAt: at(60), now: at(0) });
        const cookies1 = signCookies({ ...signer1, policy: { resource: cookieResource, expiresAt: at(60) }, now: at(0) }).values;
        expect(verifySignedUrl(url1, trustedKeys(before.run), at(1))).to.deep.equal({ ok: true, keyPairId: id1 });

        // Deploy 1: add key 2. CloudFront trusts both; signers still use key 1.
        const added = await deploy({ signingKeys: [{ id: INITIAL_SIGNING_KEY_ID, publicKeyPem: key1.publicPem }, { id: NEXT, publicKeyPem: key2.publicPem }], currentKeyId: INITIAL_SIGNING_KEY_ID });
        const id2 = (await promiseOf(added.keys.publicKeyIds))[NEXT];
        expect(Object.keys(trustedKeys(added.run))).to.deep.equal([id1, id2]);
        expect(String(only(added.run, PUBLIC_KEY, "signing-public-key").id)).to.equal(id1);

        // Deploy 2: switch. The secret now names key 2 as current; the cache follows within its max age.
        const switched = await deploy({ signingKeys: [{ id: INITIAL_SIGNING_KEY_ID, publicKeyPem: key1.publicPem }, { id: NEXT, publicKeyPem: key2.publicPem }], currentKeyId: NEXT });
        expect(await promiseOf(switched.keys.publicKeyId)).to.equal(id2);
        secretString = JSON.stringify({ current: id2, keys: { [id1]: key1.privatePem, [id2]: key2.privatePem } });
        clock = t0 + 299_000;
        expect((await cache.currentKey()).keyPairId).to.equal(id1, "within maxAgeSeconds the signer still uses key 1: the wait before removal covers it");
        clock = t0 + 300_000;
        const signer2 = await cache.currentKey();
        expect(signer2.keyPairId).to.equal(id2);
        const url2 = signUrl({ url, ...signer2, expiresAt: at(60), now: at(5) });
        const cookies2 = signCookies({ ...signer2, policy: { resource: cookieResource, expiresAt: at(60) }, now: at(5) }).values;

        const trustedWhileSwitched = trustedKeys(switched.run);
        expect(verifySignedUrl(url1, trustedWhileSwitched, at(10))).to.deep.equal({ ok: true, keyPairId: id1 });
        expect(verifySignedUrl(url2, trustedWhileSwitched, at(10))).to.deep.equal({ ok: true, keyPairId: id2 });
        expect(verifySignedCookies(url, cookies1, trustedWhileSwitched, at(10))).to.deep.equal({ ok: true, keyPairId: id1 });
        expect(verifySignedCookies(url, cookies2, trustedWhileSwitched, at(10))).to.deep.equal({ ok: true, keyPairId: id2 });
        // The verifier is not lenient: a tampered URL, a wrong key, an expired URL are refused.
        expect(verifySignedUrl(url1.replace("intro", "outro"), trustedWhileSwitched, at(10))).to.deep.equal({ ok: false, reason: "Invalid signature" });
        expect(verifySignedUrl(url1, { [id1]: key2.publicPem }, at(10))).to.deep.equal({ ok: false, reason: "Invalid signature" });
        expect(verifySignedUrl(url1, trustedWhileSwitched, at(61))).to.deep.equal({ ok: false, reason: "Access denied: expired" });

        // Deploy 3, after the longest lifetime of what key 1 signed: remove key 1.
        const removed = await deploy({ signingKeys: [{ id: NEXT, publicKeyPem: key2.publicPem }] });
        const trustedAfter = trustedKeys(removed.run);
        expect(Object.keys(trustedAfter)).to.deep.equal([id2]);
        expect(String(only(removed.run, PUBLIC_KEY).id)).to.equal(id2, "key 2 kept its ID: not replaced by the removal");
        expect(verifySignedUrl(url2, trustedAfter, at(30))).to.deep.equal({ ok: true, keyPairId: id2 });
        expect(verifySignedCookies(url, cookies2, trustedAfter, at(30))).to.deep.equal({ ok: true, keyPairId: id2 });
        expect(verifySignedUrl(url1, trustedAfter, at(30))).to.deep.equal({ ok: false, reason: `Unknown Key: ${id1} is in none of the trusted key groups` });
        expect(verifySignedCookies(url, cookies1, trustedAfter, at(30))).to.deep.equal({ ok: false, reason: `Unknown Key: ${id1} is in none of the trusted key groups` });
    });
});

describe("signing-key rotation: the library's key cache", () => {
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

    it("reads the secret once per max age, shares one read between concurrent callers, and keeps the last key when a read fails", async () => {
        let reads = 0;
        let fail = false;
        let clock = 0;
        const cache = createSigningKeyCache({
            readSecretString: async () => {
                reads++;
                if (fail) throw new Error("throttled");
                return JSON.stringify({ current: "K2JCJMDEHXQW5F", keys: { K2JCJMDEHXQW5F: pem } });
            },
            now: () => clock,
        });
        const [a, b] = await Promise.all([cache.currentKey(), cache.currentKey()]);
        expect(reads).to.equal(1);
        expect(a).to.equal(b);
        expect(a.keyPairId).to.equal("K2JCJMDEHXQW5F");
        clock = 299_999;
        await cache.currentKey();
        expect(reads).to.equal(1, "the default max age is 300 s");
        clock = 300_000;
        fail = true;
        expect((await cache.currentKey()).keyPairId).to.equal("K2JCJMDEHXQW5F");
        expect(reads).to.equal(2);
        fail = false;
        await cache.currentKey();
        expect(reads).to.equal(3, "a failed read is retried on the next call");
    });

    it("rejects when the first read fails or the secret is malformed, naming key IDs but never key material", async () => {
        const failing = createSigningKeyCache({ readSecretString: async () => Promise.reject(new Error("AccessDenied")) });
        await failing.currentKey().then(
            () => expect.fail("resolved"),
            (e: Error) => expect(e.message).to.equal("AccessDenied"),
        );
        const malformed = createSigningKeyCache({ readSecretString: async () => JSON.stringify({ current: "K3ABCDEFGHIJKL", keys: { K2JCJMDEHXQW5F: "secret-text" } }) });
        const error = await malformed.currentKey().then(
            () => expect.fail("resolved"),
            (e: Error) => e,
        );
        expect(error).to.be.instanceOf(ValidationError);
        expect(error.message).to.match(/secret.keys.K2JCJMDEHXQW5F: "\(redacted\)" is not a PEM private key/);
        expect(error.message).to.match(/secret.current: "K3ABCDEFGHIJKL" names no key of secret.keys \(K2JCJMDEHXQW5F\)/);
        expect(error.message).not.to.include("secret-text");
        expect(() => createSigningKeyCache({ readSecretString: "arn" as any, maxAgeSeconds: -1 })).to.throw(
            ValidationError,
            /readSecretString: "arn" is not a function returning the secret string[\s\S]*maxAgeSeconds: -1 is not a whole number from 0 to 86400/,
        );
    });
});

describe("signing-key rotation: bad settings", () => {
    const pem = (bits = 2048) => generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const brought = pem();
    const rejected: Array<[string, Partial<SignedContentKeysArgs>, RegExp]> = [
        ["the same id twice", { signingKeys: [{ id: "a" }, { id: "a" }], currentKeyId: "a" }, /signingKeys\[1\]\.id: "a" repeats signingKeys\[0\]\.id/],
        ["a currentKeyId not in the list", { signingKeys: [{ id: "a" }, { id: "b" }], currentKeyId: "c" }, /currentKeyId: "c" is not the id of a key in signingKeys \(one of a \| b\)/],
        ["no currentKeyId with two keys", { signingKeys: [{ id: "a" }, { id: "b" }] }, /currentKeyId: \(missing\) is required when signingKeys lists 2 keys: name the one signers use \(one of a \| b\)/],
        [
            "more keys than a key group holds",
            { signingKeys: ["a", "b", "c", "d", "e", "f"].map((id) => ({ id })), currentKeyId: "a" },
            /signingKeys: .* is not a list of 1 to 5 items/,
        ],
        ["no keys", { signingKeys: [] }, /signingKeys: \[\] is not a list of 1 to 5 items/],
        ["an id unfit for resource names", { signingKeys: [{ id: "Key 1" }] }, /signingKeys\[0\]\.id: "Key 1" is not a key id \(1 to 32 lower-case letters, digits and hyphens/],
        ["a key without an id", { signingKeys: [{} as any] }, /signingKeys\[0\]\.id: \(missing\) is required/],
        ["a misspelt key setting", { signingKeys: [{ id: "a", publicKeyPEM: brought } as any] }, /signingKeys\[0\]\.publicKeyPEM: .* is not a known key \(did you mean publicKeyPem\?\)/],
        ["the single-key publicKeyPem beside the list", { publicKeyPem: brought, signingKeys: [{ id: "a", publicKeyPem: brought }] }, /publicKeyPem: "\(set\)" is the single-key form and cannot be combined with signingKeys/],
        ["currentKeyId without a list", { currentKeyId: "a" }, /currentKeyId: "a" needs signingKeys/],
        [
            "brought and generated keys mixed",
            { signingKeys: [{ id: "a", publicKeyPem: brought }, { id: "b" }], currentKeyId: "a" },
            /signingKeys\[1\]\.publicKeyPem: \(missing\) is required: signingKeys\[0\] brings its own public key, and the keys are either all yours or all generated/,
        ],
        ["a weak key in the list", { signingKeys: [{ id: "a", publicKeyPem: brought }, { id: "b", publicKeyPem: pem(1024) }], currentKeyId: "b" }, /signingKeys\[1\]\.publicKeyPem: "\(an RSA 1024-bit key\)" is not RSA 2048 or ECDSA P-256/],
        [
            "a secret of your own with generated keys",
            { signingKeys: [{ id: "a" }], existingPrivateKeySecretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:s-AbCdEf" },
            /existingPrivateKeySecretArn: .* needs publicKeyPem on the keys of signingKeys/,
        ],
    ];
    for (const [what, args, message] of rejected) {
        it(`rejects ${what}, before creating anything`, () => {
            expect(new ValidationError("keys", validateSignedContentKeysArgs({ pathPatterns: PATHS, ...args })).message).to.match(message);
            expect(() => new SignedContentKeys("signing", { pathPatterns: PATHS, ...args })).to.throw(ValidationError, message);
        });
    }

    it("names every problem at once, under the config section's prefix", () => {
        const issues = validateSignedContentKeysArgs({ pathPatterns: PATHS, signingKeys: [{ id: "a" }, { id: "a" }], currentKeyId: "z" }, "signing");
        expect(issues.map((i) => i.path)).to.deep.equal(["signing.signingKeys[1].id", "signing.currentKeyId"]);
    });

    it("accepts brought keys with your secret, and values not known yet", () => {
        const arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:s-AbCdEf";
        expect(validateSignedContentKeysArgs({ pathPatterns: PATHS, signingKeys: [{ id: "a", publicKeyPem: brought }, { id: "b", publicKeyPem: pem() }], currentKeyId: "b", existingPrivateKeySecretArn: arn })).to.deep.equal([]);
        expect(validateSignedContentKeysArgs({ pathPatterns: PATHS, signingKeys: [{ id: "a", publicKeyPem: pulumi.output(brought) }] })).to.deep.equal([]);
    });

    it("allows as many keys as a key group holds", () => {
        const maxItems = (schema.definitions.SignedContentKeysSettings.properties as any).signingKeys.maxItems;
        expect(maxItems).to.equal(MAX_PUBLIC_KEYS_PER_KEY_GROUP);
        const signingKeys = Array.from({ length: MAX_PUBLIC_KEYS_PER_KEY_GROUP }, (_, i) => ({ id: `k${i}` }));
        expect(validateSignedContentKeysArgs({ pathPatterns: PATHS, signingKeys, currentKeyId: "k0" })).to.deep.equal([]);
    });
});

describe("signing-key rotation: preview", () => {
    it("builds the rotating key group when the keys and IDs are not known yet", async () => {
        const { run, keys } = await deploy({ signingKeys: [{ id: INITIAL_SIGNING_KEY_ID }, { id: NEXT }], currentKeyId: NEXT }, { preview: true });
        expect(resourcesOf(run, PUBLIC_KEY).map((r) => r.name).sort()).to.deep.equal(["signing-public-key", `signing-public-key-${NEXT}`]);
        expect(resourcesOf(run, PRIVATE_KEY)).to.have.length(2);
        expect(only(run, KEY_GROUP).inputs.items).to.have.length(2);
        let settled = false;
        keys.publicKeyIds.apply(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(settled).to.equal(false);
    });
});

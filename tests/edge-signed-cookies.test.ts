/**
 * The CloudFront signed cookies the edge function issues after sign-in (edge-functions/cognito-auth/
 * signed-cookies.ts): with real RSA keys, checked the way CloudFront checks them
 * (tests/support/cloudfront-signature-verifier.ts); the key read from the secret in both formats, cached,
 * shared by concurrent callers, failing closed; and, with the real AWS SDK against a loopback Secrets
 * Manager, the read a cold start makes.
 */
import { execFileSync } from "node:child_process";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { KeyObject, generateKeyPairSync } from "node:crypto";
import { expect } from "chai";
import {
    CookieSignerDeps,
    RETRY_AFTER_FAILURE_MS,
    SignedCookiesConfig,
    createCookieSigner,
    createSecretsManagerReader,
    secretRegionOf,
    signedCookiePolicy,
} from "../edge-functions/cognito-auth/signed-cookies";
import { signedCookieResourcePath } from "../shared/signed-cookie-resource";
import { verifySignedCookies } from "./support/cloudfront-signature-verifier";

// Real keys, generated for this run: cookies that verify here verify at CloudFront.
function rsaKey(): { publicKey: KeyObject; pem: string } {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { publicKey, pem: privateKey.export({ type: "pkcs1", format: "pem" }).toString() };
}
const CURRENT = rsaKey();
const NEXT = rsaKey();
const CURRENT_ID = "K2JCJMDEHXQW5F";
const NEXT_ID = "K3ABCDEFGHIJKL";
const TRUSTED = { [CURRENT_ID]: CURRENT.publicKey, [NEXT_ID]: NEXT.publicKey };
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:front-signing-key-AbCdEf";
const SINGLE_SECRET = JSON.stringify({ keyPairId: CURRENT_ID, privateKey: CURRENT.pem });
const RING_SECRET = JSON.stringify({ current: NEXT_ID, keys: { [CURRENT_ID]: CURRENT.pem, [NEXT_ID]: NEXT.pem } });
const HOST = "media.example.com";
const T0 = Date.UTC(2026, 11, 6, 5, 30, 0);

const CONFIG: SignedCookiesConfig = {
    keyPairId: CURRENT_ID,
    privateKeySecretArn: SECRET_ARN,
    pathPatterns: ["/downloads/*"],
    lifetimeSeconds: 3600,
    keyCacheSeconds: 300,
};

/** A signer with a fake clock, a counted secret reader and a recorded log. */
function harness(config: Partial<SignedCookiesConfig> = {}, secret: () => Promise<string> = async () => SINGLE_SECRET) {
    const state = { now: T0, reads: 0, logs: [] as string[] };
    const deps: CookieSignerDeps = {
        now: () => state.now,
        readSecret: async (arn) => {
            expect(arn).to.equal(SECRET_ARN);
            state.reads++;
            return secret();
        },
        log: (m) => state.logs.push(m),
    };
    return { state, signer: createCookieSigner({ ...CONFIG, ...config }, deps) };
}

/** Cookie name → value of Set-Cookie header values, checking each carries exactly the attributes it must. */
function valuesOf(setCookies: readonly string[]): Record<string, string> {
    const values: Record<string, string> = {};
    for (const header of setCookies) {
        const [pair, ...attributes] = header.split("; ");
        expect(attributes, header).to.deep.equal(["Secure", "HttpOnly", "SameSite=Lax", "Path=/"]);
        const eq = pair.indexOf("=");
        values[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return values;
}

/** The Cookie header a browser sends back with these cookies (and another of its own). */
function cookieHeaderOf(setCookies: readonly string[]): string {
    return ["theme=dark", ...setCookies.map((h) => h.split("; ")[0])].join("; ");
}

function decodePolicy(value: string): string {
    expect(value).to.match(/^[A-Za-z0-9\-_~]+$/, "only CloudFront's base64 alphabet");
    return Buffer.from(value.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64").toString("utf8");
}

/** Log lines must never carry key material. */
function expectNoKeyMaterial(lines: readonly string[]): void {
    for (const line of lines) {
        expect(line).to.not.contain("PRIVATE KEY");
        for (const pem of [CURRENT.pem, NEXT.pem]) expect(line).to.not.contain(pem.split("\n")[1].slice(0, 24));
    }
}

describe("edge signed cookies: what is issued", () => {
    it("three cookies whose custom policy verifies the way CloudFront does, for URLs under the content path and no others", async () => {
        const { signer, state } = harness();
        const setCookies = await signer.setCookies(HOST);
        expect(setCookies).to.have.length(3);
        const values = valuesOf(setCookies);
        expect(Object.keys(values)).to.deep.equal(["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]);
        expect(values["CloudFront-Key-Pair-Id"]).to.equal(CURRENT_ID);
        // Exactly the policy CloudFront verifies: one statement, no whitespace, epoch seconds.
        const expires = T0 / 1000 + 3600;
        expect(decodePolicy(values["CloudFront-Policy"])).to.equal(
            `{"Statement":[{"Resource":"https://media.example.com/downloads/*","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`,
        );
        const at = new Date(T0 + 1000);
        for (const url of ["https://media.example.com/downloads/a.zip", "https://media.example.com/downloads/2026/intro%20final.mp4?quality=hd"]) {
            expect(verifySignedCookies(url, values, TRUSTED, at), url).to.deep.equal({ ok: true, keyPairId: CURRENT_ID });
        }
        for (const url of ["https://media.example.com/premium/a.zip", "https://media.example.com/downloads", "https://other.example.com/downloads/a.zip", "http://media.example.com/downloads/a.zip"]) {
            expect(verifySignedCookies(url, values, TRUSTED, at), url).to.deep.equal({ ok: false, reason: "Access denied: resource does not match" });
        }
        // A forged policy (longer life) no longer matches the signature.
        const forged = { ...values, "CloudFront-Policy": Buffer.from(signedCookiePolicy("https://media.example.com/*", expires + 86400)).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~") };
        expect(verifySignedCookies("https://media.example.com/downloads/a.zip", forged, TRUSTED, at)).to.deep.equal({ ok: false, reason: "Invalid signature" });
        expect(state.logs).to.deep.equal([]);
    });

    it("expire lifetimeSeconds after they are issued, to the second", async () => {
        const { signer } = harness({ lifetimeSeconds: 600 });
        const values = valuesOf(await signer.setCookies(HOST));
        const url = "https://media.example.com/downloads/a.zip";
        expect(verifySignedCookies(url, values, TRUSTED, new Date(T0 + 599_999)).ok).to.equal(true);
        expect(verifySignedCookies(url, values, TRUSTED, new Date(T0 + 600_000))).to.deep.equal({ ok: false, reason: "Access denied: expired" });
    });

    it("covers several patterns with the one that covers the others; refuses, once logged, patterns no single Resource covers", async () => {
        expect(signedCookieResourcePath(["/media/*", "media/hd/*", "/media/sd/index.m3u8"])).to.deep.equal({ path: "/media/*" });
        expect(signedCookieResourcePath(["downloads/*.zip"])).to.deep.equal({ path: "/downloads/*.zip" });
        expect(signedCookieResourcePath(["/a?/*", "/ab/*"])).to.have.property("problem");
        expect(signedCookieResourcePath([])).to.deep.equal({ problem: "is empty; signed cookies need the content paths they cover" });

        const nested = harness({ pathPatterns: ["/media/hd/*", "/media/*"] });
        const values = valuesOf(await nested.signer.setCookies(HOST));
        expect(verifySignedCookies("https://media.example.com/media/sd/a.ts", values, TRUSTED, new Date(T0)).ok).to.equal(true);

        const apart = harness({ pathPatterns: ["/downloads/*", "/videos/*"] });
        expect(await apart.signer.setCookies(HOST)).to.deep.equal([]);
        expect(await apart.signer.setCookies(HOST)).to.deep.equal([]);
        expect(apart.state.logs).to.deep.equal([
            'edge-auth: signed cookies: pathPatterns ["/downloads/*","/videos/*"] has no pattern that covers all the others, and one set of signed cookies grants one Resource; put the content under one folder (e.g. "/content/*") or add the folder that holds them all; no signed cookies are issued',
        ]);
        expect(apart.state.reads, "no secret read for a config that cannot sign").to.equal(0);
    });

    it("takes the Host header for what it is, the viewer's: only a host name (lower-cased) becomes the Resource", async () => {
        const { signer, state } = harness();
        const values = valuesOf(await signer.setCookies("Media.Example.COM"));
        expect(JSON.parse(decodePolicy(values["CloudFront-Policy"])).Statement[0].Resource).to.equal("https://media.example.com/downloads/*");
        for (const host of ["*", "*.example.com", 'media.example.com"', "media.example.com/x", "media.example.com:8443", "", "localhost", "a..example.com", "x".repeat(300) + ".com"]) {
            state.logs.length = 0;
            expect(await signer.setCookies(host), host).to.deep.equal([]);
            expect(state.logs, host).to.have.length(1);
            expect(state.logs[0], host).to.match(/^edge-auth: signed cookies: host ".{0,66} is not a host name; no signed cookies are issued$/);
        }
    });
});

describe("edge signed cookies: the key from the secret", () => {
    it("reads both secret formats; from a key ring, the current key with its ID, even when the config names another (logged once)", async () => {
        const single = harness();
        expect(valuesOf(await single.signer.setCookies(HOST))["CloudFront-Key-Pair-Id"]).to.equal(CURRENT_ID);

        const ring = harness({}, async () => RING_SECRET);
        const values = valuesOf(await ring.signer.setCookies(HOST));
        expect(values["CloudFront-Key-Pair-Id"]).to.equal(NEXT_ID);
        // Signed with the ring's current private key: CloudFront verifies it with that public key only.
        expect(verifySignedCookies("https://media.example.com/downloads/a", values, { [NEXT_ID]: NEXT.publicKey }, new Date(T0)).ok).to.equal(true);
        expect(verifySignedCookies("https://media.example.com/downloads/a", values, { [NEXT_ID]: CURRENT.publicKey }, new Date(T0))).to.deep.equal({ ok: false, reason: "Invalid signature" });
        ring.state.now += 301_000;
        await ring.signer.setCookies(HOST);
        expect(ring.state.reads).to.equal(2);
        expect(ring.state.logs).to.deep.equal([
            `edge-auth: signed cookies: the secret's current key is ${NEXT_ID}, the config names ${CURRENT_ID}; signing with ${NEXT_ID} (a rotation switched keys; redeploy to update the config)`,
        ]);
    });

    it("reads once per keyCacheSeconds, one read for concurrent callers", async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const { signer, state } = harness({}, async () => {
            await gate;
            return SINGLE_SECRET;
        });
        const pending = Promise.all([1, 2, 3, 4, 5].map(() => signer.setCookies(HOST)));
        release();
        const all = await pending;
        expect(all.every((c) => c.length === 3)).to.equal(true);
        expect(state.reads).to.equal(1);
        state.now += 299_999;
        await signer.setCookies(HOST);
        expect(state.reads).to.equal(1);
        state.now += 1;
        await signer.setCookies(HOST);
        expect(state.reads).to.equal(2);
    });

    it("fails closed without a key: no cookies, one log line per failed read, no read again for a while, then recovers", async () => {
        let fail = true;
        const { signer, state } = harness({}, async () => {
            if (fail) throw Object.assign(new Error("User: arn:aws:sts::123456789012:assumed-role/edge is not authorized to perform: secretsmanager:GetSecretValue"), { name: "AccessDeniedException" });
            return SINGLE_SECRET;
        });
        expect(await signer.setCookies(HOST)).to.deep.equal([]);
        expect(await signer.setCookies(HOST)).to.deep.equal([]);
        expect(state.reads).to.equal(1);
        expect(state.logs).to.deep.equal([
            `edge-auth: signed cookies: reading the signing key secret failed (AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/edge is not authorized to perform: secretsmanager:GetSecretValue); no signed cookies are issued, next read in ${RETRY_AFTER_FAILURE_MS / 1000} s`,
        ]);
        fail = false;
        state.now += RETRY_AFTER_FAILURE_MS - 1;
        expect(await signer.setCookies(HOST)).to.deep.equal([]);
        state.now += 1;
        expect(await signer.setCookies(HOST)).to.have.length(3);
        expect(state.reads).to.equal(2);
        expect(state.logs).to.have.length(1);
    });

    it("keeps signing with the key read before when a later read fails (it still verifies until it leaves the key group)", async () => {
        let fail = false;
        const { signer, state } = harness({}, async () => {
            if (fail) throw new Error("Secrets Manager gave no answer within 1500 ms");
            return SINGLE_SECRET;
        });
        await signer.setCookies(HOST);
        fail = true;
        state.now += 300_000;
        const values = valuesOf(await signer.setCookies(HOST));
        expect(values["CloudFront-Key-Pair-Id"]).to.equal(CURRENT_ID);
        expect(state.logs).to.deep.equal([
            `edge-auth: signed cookies: reading the signing key secret failed (Error: Secrets Manager gave no answer within 1500 ms); signing with the key read before, next read in ${RETRY_AFTER_FAILURE_MS / 1000} s`,
        ]);
        await signer.setCookies(HOST);
        expect(state.reads, "no read within the retry interval").to.equal(2);
    });

    it("refuses unusable secrets, without key material in the log, and drops the key read before", async () => {
        const { privateKey: ecKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
        const { privateKey: encrypted } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "secret" }, publicKeyEncoding: { type: "spki", format: "pem" } });
        const cases: Array<[string, string, string]> = [
            ["not JSON", CURRENT.pem, "the signing key secret is not JSON"],
            ["current not among the keys", JSON.stringify({ current: "K9ZZZZZZZZZZZZ", keys: { [CURRENT_ID]: CURRENT.pem } }), 'secret.current: "K9ZZZZZZZZZZZZ" names no key of secret.keys (K2JCJMDEHXQW5F)'],
            ["a single key without its ID", JSON.stringify({ privateKey: CURRENT.pem }), "secret.keyPairId: (missing) is not a CloudFront public key ID"],
            ["not a PEM", JSON.stringify({ keyPairId: CURRENT_ID, privateKey: "AAAA" }), 'secret.privateKey: "(redacted)" is not a PEM private key'],
            ["a broken PEM", JSON.stringify({ keyPairId: CURRENT_ID, privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }), `the private key of ${CURRENT_ID} is not a readable, unencrypted PEM private key`],
            ["an encrypted key", JSON.stringify({ keyPairId: CURRENT_ID, privateKey: encrypted }), `the private key of ${CURRENT_ID} is not a readable, unencrypted PEM private key`],
            ["an ECDSA key", JSON.stringify({ keyPairId: CURRENT_ID, privateKey: ecKey.export({ type: "pkcs8", format: "pem" }) }), `the private key of ${CURRENT_ID} is a ec key; signed cookies are signed with RSA`],
        ];
        for (const [what, secret, message] of cases) {
            let value = SINGLE_SECRET;
            const { signer, state } = harness({}, async () => value);
            expect(await signer.setCookies(HOST), what).to.have.length(3);
            value = secret;
            state.now += 300_000;
            expect(await signer.setCookies(HOST), what).to.deep.equal([]);
            expect(state.logs, what).to.have.length(1);
            expect(state.logs[0], what).to.contain("edge-auth: signed cookies: the signing key secret is unusable (").and.contain(message).and.contain("no signed cookies are issued");
            expectNoKeyMaterial(state.logs);
        }
    });
});

describe("edge signed cookies: needsRenewal", () => {
    it("is false for fresh cookies, true when they are missing or expire within the margin", async () => {
        const { signer, state } = harness();
        const header = cookieHeaderOf(await signer.setCookies(HOST));
        expect(signer.needsRenewal(header, 60)).to.equal(false);
        expect(signer.needsRenewal(undefined, 60)).to.equal(true);
        expect(signer.needsRenewal("", 60)).to.equal(true);
        expect(signer.needsRenewal("theme=dark", 60)).to.equal(true);
        state.now = T0 + (3600 - 61) * 1000;
        expect(signer.needsRenewal(header, 60)).to.equal(false);
        state.now = T0 + (3600 - 60) * 1000;
        expect(signer.needsRenewal(header, 60)).to.equal(true);
        state.now = T0 + 7200 * 1000;
        expect(signer.needsRenewal(header, 0)).to.equal(true);
        // Each of the three is needed.
        for (const name of ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]) {
            state.now = T0;
            const without = header.split("; ").filter((pair) => !pair.startsWith(`${name}=`)).join("; ");
            expect(signer.needsRenewal(without, 60), name).to.equal(true);
        }
    });

    it("renews cookies of another key than the secret's current one, and of other content paths", async () => {
        let secret = SINGLE_SECRET;
        const { signer, state } = harness({}, async () => secret);
        const header = cookieHeaderOf(await signer.setCookies(HOST));
        secret = RING_SECRET;
        state.now += 300_000;
        await signer.setCookies(HOST);
        state.now = T0;
        expect(signer.needsRenewal(header, 60), "signed with the key before the switch").to.equal(true);

        const moved = harness({ pathPatterns: ["/media/*"] });
        await moved.signer.setCookies(HOST);
        expect(moved.signer.needsRenewal(header, 60), "issued for /downloads/*").to.equal(true);
    });

    it("tolerates garbage: answers true, never throws", async () => {
        const { signer } = harness();
        const good = cookieHeaderOf(await signer.setCookies(HOST));
        const policyOf = (json: string) => Buffer.from(json).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");
        const withPolicy = (value: string) => good.replace(/CloudFront-Policy=[^;]*/, `CloudFront-Policy=${value}`);
        const garbage = [
            withPolicy(""),
            withPolicy("!!!"),
            withPolicy(policyOf("not json")),
            withPolicy(policyOf("null")),
            withPolicy(policyOf('{"Statement":{}}')),
            withPolicy(policyOf('{"Statement":[]}')),
            withPolicy(policyOf('{"Statement":[null]}')),
            withPolicy(policyOf('{"Statement":[{"Resource":"https://media.example.com/downloads/*"}]}')),
            withPolicy(policyOf('{"Statement":[{"Resource":"https://media.example.com/downloads/*","Condition":{"DateLessThan":{"AWS:EpochTime":"9999999999"}}}]}')),
            withPolicy(policyOf('{"Statement":[{"Resource":"https://media.example.com/downloads/*","Condition":{"DateLessThan":{"AWS:EpochTime":9999999999}}},{"Resource":"*"}]}')),
            withPolicy(policyOf('{"Statement":[{"Resource":7,"Condition":{"DateLessThan":{"AWS:EpochTime":9999999999}}}]}')),
            `${good}; CloudFront-Policy=${policyOf("{}")}`,
            good.replace(/CloudFront-Key-Pair-Id=[^;]*/, "CloudFront-Key-Pair-Id=k2jcjmdehxqw5f"),
            good.replace(/CloudFront-Signature=[^;]*/, "CloudFront-Signature="),
            ";;;===;",
            "CloudFront-Policy",
            "x".repeat(100_000),
        ];
        for (const header of garbage) expect(signer.needsRenewal(header, 60), header.slice(0, 200)).to.equal(true);
        // The same cookie twice with the same value is one cookie (e.g. sent in two Cookie headers, joined).
        expect(signer.needsRenewal(`${good}; ${good}`, 60)).to.equal(false);
        // A far-future policy it did not sign is still "fresh" to it: the signature is CloudFront's to check.
        expect(signer.needsRenewal(withPolicy(policyOf('{"Statement":[{"Resource":"https://media.example.com/downloads/*","Condition":{"DateLessThan":{"AWS:EpochTime":9999999999}}}]}')), 60)).to.equal(false);
    });
});

describe("edge signed cookies: the real SDK against a loopback Secrets Manager", function () {
    /** What the loopback service answers next, and what it was asked. */
    interface Loopback {
        url: string;
        requests: Array<{ target: string | undefined; authorization: string; body: unknown }>;
        answer: (res: http.ServerResponse) => void;
        server: http.Server;
    }
    let loopback: Loopback;
    const ok = (secretString: unknown) => (res: http.ServerResponse) => {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify({ ARN: SECRET_ARN, Name: "front-signing-key", VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: 1.7e9, ...(secretString === undefined ? { SecretBinary: "AAAA" } : { SecretString: secretString }) }));
    };

    before(async () => {
        const requests: Loopback["requests"] = [];
        const server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (chunk) => (body += chunk));
            req.on("end", () => {
                requests.push({ target: req.headers["x-amz-target"] as string | undefined, authorization: String(req.headers.authorization), body: JSON.parse(body) });
                loopback.answer(res);
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        loopback = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, answer: ok(SINGLE_SECRET), server };
    });
    after(() => {
        loopback.server.closeAllConnections();
        loopback.server.close();
    });
    beforeEach(() => {
        loopback.requests.length = 0;
        loopback.answer = ok(SINGLE_SECRET);
    });

    const credentials = { accessKeyId: "AKIDLOOPBACKTEST", secretAccessKey: "loopback-secret-not-a-real-one" };

    it("reads the secret at the first cookie, signed for the ARN's region, then serves from the cache until keyCacheSeconds pass", async () => {
        expect(secretRegionOf(SECRET_ARN)).to.equal("eu-west-1");
        let now = T0;
        const logs: string[] = [];
        const signer = createCookieSigner(CONFIG, { now: () => now, log: (m) => logs.push(m), readSecret: createSecretsManagerReader({ endpoint: loopback.url, credentials }) });
        const values = valuesOf(await signer.setCookies(HOST));
        expect(verifySignedCookies("https://media.example.com/downloads/a.zip", values, TRUSTED, new Date(T0)).ok).to.equal(true);
        expect(loopback.requests).to.have.length(1);
        expect(loopback.requests[0].target).to.equal("secretsmanager.GetSecretValue");
        expect(loopback.requests[0].body).to.deep.equal({ SecretId: SECRET_ARN });
        expect(loopback.requests[0].authorization).to.match(/^AWS4-HMAC-SHA256 Credential=AKIDLOOPBACKTEST\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request,/);
        await signer.setCookies(HOST);
        expect(loopback.requests).to.have.length(1);
        now += 300_000;
        loopback.answer = ok(RING_SECRET);
        expect(valuesOf(await signer.setCookies(HOST))["CloudFront-Key-Pair-Id"]).to.equal(NEXT_ID);
        expect(loopback.requests).to.have.length(2);
        expect(logs).to.have.length(1); // the key switch
    });

    it("fails closed on an error answer, logs it once without key material, and recovers", async () => {
        let now = T0;
        const logs: string[] = [];
        const signer = createCookieSigner(CONFIG, { now: () => now, log: (m) => logs.push(m), readSecret: createSecretsManagerReader({ endpoint: loopback.url, credentials }) });
        loopback.answer = (res) => {
            res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
            res.end(JSON.stringify({ __type: "AccessDeniedException", message: "not authorized to perform: secretsmanager:GetSecretValue" }));
        };
        expect(await signer.setCookies(HOST)).to.deep.equal([]);
        expect(await signer.setCookies(HOST)).to.deep.equal([]);
        expect(loopback.requests, "not retried (AccessDenied), not read again within the retry interval").to.have.length(1);
        expect(logs).to.deep.equal([
            `edge-auth: signed cookies: reading the signing key secret failed (AccessDeniedException: not authorized to perform: secretsmanager:GetSecretValue); no signed cookies are issued, next read in ${RETRY_AFTER_FAILURE_MS / 1000} s`,
        ]);
        loopback.answer = ok(SINGLE_SECRET);
        now += RETRY_AFTER_FAILURE_MS;
        expect(await signer.setCookies(HOST)).to.have.length(3);
        expect(loopback.requests).to.have.length(2);
        expectNoKeyMaterial(logs);
    });

    it("loads the SDK only when it first reads: a signer that never issues cookies costs no SDK at cold start", () => {
        const script = [
            'const { createCookieSigner } = require("./edge-functions/cognito-auth/signed-cookies");',
            `const signer = createCookieSigner(${JSON.stringify(CONFIG)});`,
            'signer.needsRenewal(undefined, 60);',
            'const loaded = Object.keys(require.cache).filter((f) => f.includes("@aws-sdk") || f.includes("@smithy"));',
            "console.log(JSON.stringify(loaded));",
        ].join("\n");
        const out = execFileSync(process.execPath, ["-r", "./tools/register.js", "-e", script], { encoding: "utf8" });
        expect(JSON.parse(out)).to.deep.equal([]);
    });

    it("cuts a read off at its time limit, and refuses a binary secret and an ARN that is not a secret's", async () => {
        loopback.answer = () => {}; // never answers
        const slow = createSecretsManagerReader({ endpoint: loopback.url, credentials, timeoutMs: 150 });
        const started = Date.now();
        const error = await slow(SECRET_ARN).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error?.message).to.equal("Secrets Manager gave no answer within 150 ms");
        expect(Date.now() - started).to.be.below(1500);

        loopback.answer = ok(undefined);
        const reader = createSecretsManagerReader({ endpoint: loopback.url, credentials });
        const binary = await reader(SECRET_ARN).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(binary?.message).to.equal("the secret has no SecretString (a binary secret?); SignedContentKeys writes JSON text");

        for (const arn of ["front-signing-key", "arn:aws:ssm:eu-west-1:123456789012:parameter/x", "arn:aws:secretsmanager:eu-west-1:1234:secret:x"]) {
            const bad = await reader(arn).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(bad?.message, arn).to.equal(`${JSON.stringify(arn)} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`);
        }
        expect(secretRegionOf("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:k-AbCdEf")).to.equal("cn-north-1");
        expect(secretRegionOf("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:k-AbCdEf")).to.equal("us-gov-west-1");
    });
});

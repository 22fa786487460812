import { KeyObject, createHash, createHmac, generateKeyPairSync, verify } from "node:crypto";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl as presignS3 } from "@aws-sdk/s3-request-presigner";
import { SignatureV4 } from "@smithy/signature-v4";
import { expect } from "chai";
import {
    bucketRegionalHost,
    customPolicyJson,
    parseSigningKeySecret,
    presignThroughFront,
    signCookies,
    signUrl,
} from "../libraries/content-signing";
import { ValidationError } from "../shared/validation";

// Real keys, generated for this run: a signature that verifies here verifies at CloudFront.
const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const PKCS8_PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const KEY_PAIR_ID = "K2JCJMDEHXQW5F";
const NOW = new Date();
const IN_FIVE_MINUTES = new Date(NOW.getTime() + 5 * 60_000);

/** CloudFront's URL-safe base64 (`+` → `-`, `=` → `_`, `/` → `~`) back to bytes. */
function fromCloudFrontBase64(text: string): Buffer {
    expect(text).to.match(/^[A-Za-z0-9\-_~]+$/, "only CloudFront's base64 alphabet");
    return Buffer.from(text.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");
}

/** Verifies a CloudFront signature over `policy` the way CloudFront does: RSA with SHA-1 (or SHA-256). */
function verifies(policy: string, signature: string, key: KeyObject = publicKey, algorithm = "RSA-SHA1"): boolean {
    return verify(algorithm, Buffer.from(policy, "utf8"), key, fromCloudFrontBase64(signature));
}

/** The URL without the parameters CloudFront reads as the signature. */
function unsignedUrl(url: URL): string {
    const copy = new URL(url.toString());
    for (const name of ["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"]) copy.searchParams.delete(name);
    return copy.toString().replace(/\?$/, "");
}

function errorOf(fn: () => unknown): ValidationError {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(ValidationError);
        return e as ValidationError;
    }
    throw new Error("expected a ValidationError");
}

describe("content signing: signed URLs", () => {
    it("a canned-policy URL verifies against the public key over the policy CloudFront rebuilds", () => {
        const url = "https://media.example.com/videos/intro%20final.mp4?quality=hd";
        const signed = new URL(signUrl({ url, keyPairId: KEY_PAIR_ID, privateKey: PRIVATE_PEM, expiresAt: IN_FIVE_MINUTES }));
        const expires = Number(signed.searchParams.get("Expires"));
        expect(expires).to.be.closeTo(IN_FIVE_MINUTES.getTime() / 1000, 1);
        expect(signed.searchParams.get("Key-Pair-Id")).to.equal(KEY_PAIR_ID);
        expect(signed.searchParams.has("Policy")).to.equal(false);
        // The original query survives, in front of the signature parameters.
        expect(signed.searchParams.get("quality")).to.equal("hd");
        expect(unsignedUrl(signed)).to.equal(url);

        // CloudFront rebuilds the canned policy from the URL and Expires, without whitespace.
        const canned = `{"Statement":[{"Resource":"${url}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
        const signature = signed.searchParams.get("Signature")!;
        expect(verifies(canned, signature)).to.equal(true);
        // A viewer who moves the expiry breaks the signature.
        expect(verifies(canned.replace(String(expires), String(expires + 3600)), signature)).to.equal(false);
        // Another key does not verify it.
        expect(verifies(canned, signature, generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey)).to.equal(false);
    });

    it("a custom-policy URL carries the policy; the signature covers exactly the decoded policy", () => {
        const startsAt = new Date(NOW.getTime() - 60_000);
        const signed = new URL(
            signUrl({
                url: "https://media.example.com/videos/intro/segment-001.ts",
                keyPairId: KEY_PAIR_ID,
                privateKey: PKCS8_PEM,
                policy: { resource: "https://media.example.com/videos/intro/*", expiresAt: IN_FIVE_MINUTES, startsAt, sourceIp: "192.0.2.0/24" },
            }),
        );
        expect(signed.searchParams.has("Expires")).to.equal(false);
        const policy = fromCloudFrontBase64(signed.searchParams.get("Policy")!).toString("utf8");
        expect(JSON.parse(policy)).to.deep.equal({
            Statement: [
                {
                    Resource: "https://media.example.com/videos/intro/*",
                    Condition: {
                        DateLessThan: { "AWS:EpochTime": Math.floor(IN_FIVE_MINUTES.getTime() / 1000) },
                        DateGreaterThan: { "AWS:EpochTime": Math.floor(startsAt.getTime() / 1000) },
                        IpAddress: { "AWS:SourceIp": "192.0.2.0/24" },
                    },
                },
            ],
        });
        expect(policy).not.to.match(/\s/);
        expect(verifies(policy, signed.searchParams.get("Signature")!)).to.equal(true);
        expect(verifies(policy.replace("/intro/*", "/*"), signed.searchParams.get("Signature")!)).to.equal(false);
    });

    it("a custom policy without a resource covers the URL itself; a single IP becomes a /32", () => {
        const url = "https://media.example.com/a.mp4";
        const signed = new URL(signUrl({ url, keyPairId: KEY_PAIR_ID, privateKey: PRIVATE_PEM, policy: { expiresAt: IN_FIVE_MINUTES, sourceIp: "198.51.100.7" } }));
        const policy = JSON.parse(fromCloudFrontBase64(signed.searchParams.get("Policy")!).toString("utf8"));
        expect(policy.Statement[0].Resource).to.equal(url);
        expect(policy.Statement[0].Condition.IpAddress).to.deep.equal({ "AWS:SourceIp": "198.51.100.7/32" });
    });

    it("SHA256 signing adds Hash-Algorithm and signs with RSA-SHA256", () => {
        const url = "https://media.example.com/a.mp4";
        const signed = new URL(signUrl({ url, keyPairId: KEY_PAIR_ID, privateKey: PRIVATE_PEM, expiresAt: IN_FIVE_MINUTES, algorithm: "SHA256" }));
        expect(signed.searchParams.get("Hash-Algorithm")).to.equal("SHA256");
        const canned = `{"Statement":[{"Resource":"${url}","Condition":{"DateLessThan":{"AWS:EpochTime":${signed.searchParams.get("Expires")}}}}]}`;
        expect(verifies(canned, signed.searchParams.get("Signature")!, publicKey, "RSA-SHA256")).to.equal(true);
        expect(verifies(canned, signed.searchParams.get("Signature")!, publicKey, "RSA-SHA1")).to.equal(false);
    });

    const base = { url: "https://media.example.com/a.mp4", keyPairId: KEY_PAIR_ID, privateKey: PRIVATE_PEM };
    const rejected: Array<[string, Record<string, unknown>, RegExp]> = [
        ["an expiry in the past", { expiresAt: new Date(NOW.getTime() - 1000) }, /expiresAt: "[^"]+" is not in the future/],
        ["an expiry in the current second", { expiresAt: new Date(Math.floor(NOW.getTime() / 1000) * 1000), now: NOW }, /expiresAt: .* is not in the future/],
        ["an invalid date", { expiresAt: new Date("tomorrow") }, /expiresAt: "Invalid Date" is not a valid Date/],
        ["no expiry and no policy", {}, /expiresAt: \(missing\) is required unless a policy is given/],
        ["both an expiry and a policy", { expiresAt: IN_FIVE_MINUTES, policy: { expiresAt: IN_FIVE_MINUTES } }, /expiresAt: .* cannot be combined with policy/],
        ["a missing key pair ID", { expiresAt: IN_FIVE_MINUTES, keyPairId: undefined }, /keyPairId: \(missing\) is not a CloudFront public key ID/],
        ["a lower-case key pair ID", { expiresAt: IN_FIVE_MINUTES, keyPairId: "k2jcjmdehxqw5f" }, /keyPairId: "k2jcjmdehxqw5f" is not a CloudFront public key ID/],
        ["a non-URL", { expiresAt: IN_FIVE_MINUTES, url: "/videos/a.mp4" }, /url: "\/videos\/a.mp4" is not an absolute, percent-encoded http\(s\) URL/],
        ["an unencoded space", { expiresAt: IN_FIVE_MINUTES, url: "https://media.example.com/a b.mp4" }, /url: .* is not an absolute, percent-encoded/],
        ["a URL that is already signed", { expiresAt: IN_FIVE_MINUTES, url: "https://media.example.com/a.mp4?Signature=x" }, /url: .* already carries CloudFront signature parameters \(Signature\)/],
        ["a start after the end", { policy: { expiresAt: IN_FIVE_MINUTES, startsAt: new Date(IN_FIVE_MINUTES.getTime() + 1000) } }, /policy.startsAt: .* is not before expiresAt/],
        ["an IPv6 source", { policy: { expiresAt: IN_FIVE_MINUTES, sourceIp: "2001:db8::1" } }, /policy.sourceIp: "2001:db8::1" is not an IPv4 address or CIDR/],
        ["a CIDR beyond /32", { policy: { expiresAt: IN_FIVE_MINUTES, sourceIp: "192.0.2.0/33" } }, /policy.sourceIp: "192.0.2.0\/33"/],
        ["an ftp resource", { policy: { expiresAt: IN_FIVE_MINUTES, resource: "ftp://media.example.com/*" } }, /policy.resource: "ftp:\/\/media.example.com\/\*"/],
        ["an unknown algorithm", { expiresAt: IN_FIVE_MINUTES, algorithm: "MD5" }, /algorithm: "MD5" is not one of SHA1 \| SHA256/],
    ];
    for (const [what, change, message] of rejected) {
        it(`rejects ${what}, naming the option`, () => {
            const error = errorOf(() => signUrl({ ...base, ...change } as any));
            expect(error.message).to.match(message);
            expect(error.message).to.match(/^content signing is invalid:/);
        });
    }

    it("rejects a bad or non-RSA private key without ever echoing key material", () => {
        const garbled = PRIVATE_PEM.replace(/[A-Za-z]{8}/, "AAAAAAAA");
        const garbledError = errorOf(() => signUrl({ ...base, privateKey: garbled, expiresAt: IN_FIVE_MINUTES }));
        expect(garbledError.message).to.match(/privateKey: "\(redacted\)" is not a readable PEM RSA private key/);
        const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
        const ecError = errorOf(() => signUrl({ ...base, privateKey: ec, expiresAt: IN_FIVE_MINUTES }));
        expect(ecError.message).to.match(/privateKey: "\(redacted\)" is a ec key; this library signs with RSA keys/);
        const body = (pem: string) => pem.split("\n")[1];
        for (const e of [garbledError, ecError]) {
            expect(e.message).not.to.include("PRIVATE KEY");
            expect(e.message).not.to.include(body(garbled));
            expect(e.message).not.to.include(body(ec));
            expect(JSON.stringify(e.issues)).not.to.include("PRIVATE KEY");
        }
        const encrypted = privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "right" }).toString();
        expect(errorOf(() => signUrl({ ...base, privateKey: encrypted, passphrase: "wrong", expiresAt: IN_FIVE_MINUTES })).message).to.match(
            /or the passphrase is wrong/,
        );
        const signed = new URL(signUrl({ ...base, privateKey: encrypted, passphrase: "right", expiresAt: IN_FIVE_MINUTES }));
        const canned = `{"Statement":[{"Resource":"${base.url}","Condition":{"DateLessThan":{"AWS:EpochTime":${signed.searchParams.get("Expires")}}}}]}`;
        expect(verifies(canned, signed.searchParams.get("Signature")!)).to.equal(true);
    });
});

describe("content signing: signed cookies", () => {
    it("a cookie set verifies against the public key and covers the resource pattern", () => {
        const cookies = signCookies({
            keyPairId: KEY_PAIR_ID,
            privateKey: PRIVATE_PEM,
            policy: { resource: "https://media.example.com/videos/*", expiresAt: IN_FIVE_MINUTES },
            domain: "media.example.com",
        });
        expect(Object.keys(cookies.values).sort()).to.deep.equal(["CloudFront-Key-Pair-Id", "CloudFront-Policy", "CloudFront-Signature"]);
        expect(cookies.values["CloudFront-Key-Pair-Id"]).to.equal(KEY_PAIR_ID);
        const policy = fromCloudFrontBase64(cookies.values["CloudFront-Policy"]).toString("utf8");
        expect(policy).to.equal(customPolicyJson({ resource: "https://media.example.com/videos/*", expiresAt: IN_FIVE_MINUTES }));
        expect(verifies(policy, cookies.values["CloudFront-Signature"])).to.equal(true);

        expect(cookies.setCookieHeaders).to.have.length(3);
        for (const header of cookies.setCookieHeaders) {
            const [pair, ...attributes] = header.split("; ");
            const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
            expect(cookies.values[name]).to.equal(value);
            expect(attributes).to.deep.equal([
                "Path=/",
                "Domain=media.example.com",
                `Expires=${IN_FIVE_MINUTES.toUTCString()}`,
                "Secure",
                "HttpOnly",
                "SameSite=Lax",
            ]);
        }
        expect(JSON.stringify(cookies)).not.to.include("PRIVATE KEY");
    });

    it("SHA256 cookies carry CloudFront-Hash-Algorithm; SameSite and Path are honoured", () => {
        const cookies = signCookies({
            keyPairId: KEY_PAIR_ID,
            privateKey: PRIVATE_PEM,
            algorithm: "SHA256",
            policy: { resource: "https://media.example.com/*", expiresAt: IN_FIVE_MINUTES },
            sameSite: "None",
            path: "/videos",
        });
        expect(cookies.values["CloudFront-Hash-Algorithm"]).to.equal("SHA256");
        const policy = fromCloudFrontBase64(cookies.values["CloudFront-Policy"]).toString("utf8");
        expect(verifies(policy, cookies.values["CloudFront-Signature"], publicKey, "RSA-SHA256")).to.equal(true);
        expect(cookies.setCookieHeaders[0]).to.match(/; Path=\/videos; Expires=.*; Secure; HttpOnly; SameSite=None$/);
    });

    it("rejects a cookie set without a resource, with a past expiry or a bad domain", () => {
        const error = errorOf(() =>
            signCookies({
                keyPairId: KEY_PAIR_ID,
                privateKey: PRIVATE_PEM,
                policy: { expiresAt: new Date(NOW.getTime() - 60_000) } as any,
                domain: "Media.Example.com",
                sameSite: "none" as any,
                path: "videos",
            }),
        );
        expect(error.message).to.match(/policy.resource: \(missing\) is not an absolute http\(s\) URL/);
        expect(error.message).to.match(/policy.expiresAt: .* is not in the future/);
        expect(error.message).to.match(/domain: "Media.Example.com" is not a lower-case DNS name/);
        expect(error.message).to.match(/sameSite: "none" is not one of Strict \| Lax \| None/);
        expect(error.message).to.match(/path: "videos" is not a cookie path starting with "\/"/);
    });
});

describe("content signing: the signing key secret", () => {
    it("parses the secret SignedContentKeys writes, and never echoes it in errors", () => {
        const secret = JSON.stringify({ keyPairId: KEY_PAIR_ID, privateKey: PRIVATE_PEM });
        expect(parseSigningKeySecret(secret)).to.deep.equal({ keyPairId: KEY_PAIR_ID, privateKey: PRIVATE_PEM });
        expect(() => parseSigningKeySecret(PRIVATE_PEM)).to.throw(/the signing key secret is not JSON/);
        const bad = JSON.stringify({ keyPairId: "nope", privateKey: "not-a-key-but-secret-text" });
        const error = errorOf(() => parseSigningKeySecret(bad));
        expect(error.message).to.match(/secret.keyPairId: "nope" is not a CloudFront public key ID/);
        expect(error.message).to.match(/secret.privateKey: "\(redacted\)" is not a PEM private key/);
        expect(error.message).not.to.include("secret-text");
    });

    it("picks the current key of a key ring secret (what SignedContentKeys writes with signingKeys)", () => {
        const next = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
        const ring = { current: "K3ABCDEFGHIJKL", keys: { [KEY_PAIR_ID]: PRIVATE_PEM, K3ABCDEFGHIJKL: next } };
        expect(parseSigningKeySecret(JSON.stringify(ring))).to.deep.equal({ keyPairId: "K3ABCDEFGHIJKL", privateKey: next });
        expect(parseSigningKeySecret(JSON.stringify({ ...ring, current: KEY_PAIR_ID }))).to.deep.equal({ keyPairId: KEY_PAIR_ID, privateKey: PRIVATE_PEM });
        // The key it returns signs: a URL made with it carries its Key-Pair-Id and verifies with its public half.
        const signed = new URL(signUrl({ url: "https://media.example.com/a.mp4", ...parseSigningKeySecret(JSON.stringify({ ...ring, current: KEY_PAIR_ID })), expiresAt: IN_FIVE_MINUTES }));
        expect(signed.searchParams.get("Key-Pair-Id")).to.equal(KEY_PAIR_ID);
    });

    it("rejects a key ring whose current key is missing or malformed, naming key IDs and never key material", () => {
        const cases: Array<[unknown, RegExp]> = [
            [{ current: "K3ABCDEFGHIJKL", keys: { [KEY_PAIR_ID]: PRIVATE_PEM } }, /secret.current: "K3ABCDEFGHIJKL" names no key of secret.keys \(K2JCJMDEHXQW5F\)/],
            [{ current: "nope", keys: { [KEY_PAIR_ID]: PRIVATE_PEM } }, /secret.current: "nope" is not a CloudFront public key ID/],
            [{ keys: { [KEY_PAIR_ID]: PRIVATE_PEM } }, /secret.current: \(missing\) is not a CloudFront public key ID/],
            [{ current: KEY_PAIR_ID, keys: [PRIVATE_PEM] }, /secret.keys: "\(redacted\)" is not an object of private keys by CloudFront public key ID/],
            [{ current: KEY_PAIR_ID, keys: {} }, /secret.keys: "\{\}" holds no key/],
            [{ current: KEY_PAIR_ID, keys: { [KEY_PAIR_ID]: "not-a-key-but-secret-text", lower: PRIVATE_PEM } }, /secret.keys.K2JCJMDEHXQW5F: "\(redacted\)" is not a PEM private key[\s\S]*secret.keys.lower: "\(redacted\)" is not under a CloudFront public key ID/],
        ];
        for (const [secret, message] of cases) {
            const error = errorOf(() => parseSigningKeySecret(JSON.stringify(secret)));
            expect(error.message).to.match(message);
            expect(error.message).not.to.include("secret-text");
            expect(error.message).not.to.include(PRIVATE_PEM.split("\n")[1]);
        }
    });
});

/** SHA-256 and HMAC-SHA256 for the SigV4 signer, from node:crypto: an independent implementation from the SDK's. */
class NodeSha256 {
    private readonly hash;
    constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
    }
    update(data: string | ArrayBuffer | ArrayBufferView): void {
        this.hash.update(toBuffer(data));
    }
    async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.hash.digest());
    }
}
function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
    if (typeof data === "string") return Buffer.from(data, "utf8");
    if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return Buffer.from(data);
}

describe("content signing: S3 presigned URLs through the front", () => {
    const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
    const signingDate = new Date("2026-03-01T12:00:00Z");

    /** Recomputes the SigV4 query signature S3 would compute for `url` sent to `host`. */
    async function signatureS3Computes(url: URL, host: string, region: string, creds: typeof credentials & { sessionToken?: string }): Promise<string> {
        const query: Record<string, string> = {};
        for (const [name, value] of url.searchParams) {
            // The signer adds the X-Amz-* authentication parameters itself; the rest is what the viewer sends.
            if (!["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"].includes(name)) {
                query[name] = value;
            }
        }
        const signer = new SignatureV4({ credentials: creds, region, service: "s3", sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });
        const presigned = await signer.presign(
            // A presigned request's payload hash is UNSIGNED-PAYLOAD (the header tells the signer so); the URL
            // already carries X-Amz-Content-Sha256 in its query, which is signed as part of the query.
            { method: "GET", protocol: "https:", hostname: host, path: url.pathname, query, headers: { host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } } as any,
            {
                expiresIn: Number(url.searchParams.get("X-Amz-Expires")),
                signingDate,
                unhoistableHeaders: new Set(["x-amz-content-sha256"]),
                unsignableHeaders: new Set(["x-amz-content-sha256"]),
            },
        );
        return String(presigned.query!["X-Amz-Signature"]);
    }

    it("keeps a signature S3 accepts for the bucket's own host; only the host changed", async () => {
        const options = {
            bucket: "acme-content",
            key: "reports/2026/Q1 final (v2).pdf",
            region: "eu-central-1",
            frontHost: "legacy.example.com",
            expiresIn: 900,
            credentials,
            signingDate,
            responseContentDisposition: 'attachment; filename="q1.pdf"',
        };
        const rewritten = new URL(await presignThroughFront(options));
        const bucketHost = bucketRegionalHost("acme-content", "eu-central-1");
        expect(bucketHost).to.equal("acme-content.s3.eu-central-1.amazonaws.com");
        expect(rewritten.host).to.equal("legacy.example.com");
        expect(rewritten.protocol).to.equal("https:");
        expect(rewritten.pathname).to.equal("/reports/2026/Q1%20final%20%28v2%29.pdf");
        expect(rewritten.searchParams.get("X-Amz-SignedHeaders")).to.equal("host");
        expect(rewritten.searchParams.get("X-Amz-Expires")).to.equal("900");
        expect(rewritten.searchParams.get("X-Amz-Credential")).to.equal("AKIAIOSFODNN7EXAMPLE/20260301/eu-central-1/s3/aws4_request");
        expect(rewritten.searchParams.get("response-content-disposition")).to.equal('attachment; filename="q1.pdf"');

        // What S3 computes for the request CloudFront forwards (bucket host, same path and query) matches.
        const expected = await signatureS3Computes(rewritten, bucketHost, "eu-central-1", credentials);
        expect(rewritten.searchParams.get("X-Amz-Signature")).to.equal(expected);
        // ...and it would not match for the front's host: the rewrite works only because CloudFront sends the bucket's.
        expect(await signatureS3Computes(rewritten, "legacy.example.com", "eu-central-1", credentials)).not.to.equal(expected);

        // Only the host differs from what the SDK itself presigns for the bucket.
        const client = new S3Client({ region: "eu-central-1", credentials, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
        const direct = new URL(
            await presignS3(
                client,
                new GetObjectCommand({ Bucket: "acme-content", Key: options.key, ResponseContentDisposition: options.responseContentDisposition }),
                { expiresIn: 900, signingDate },
            ),
        );
        client.destroy();
        expect(direct.host).to.equal(bucketHost);
        expect([rewritten.protocol, rewritten.pathname, rewritten.search, rewritten.hash]).to.deep.equal([direct.protocol, direct.pathname, direct.search, direct.hash]);
    });

    it("carries the session token of temporary credentials, inside the signature", async () => {
        const temporary = { ...credentials, sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN" };
        const rewritten = new URL(
            await presignThroughFront({ bucket: "acme-content", key: "a.txt", region: "us-west-2", frontHost: "d111111abcdef8.cloudfront.net", expiresIn: 60, credentials: temporary, signingDate }),
        );
        expect(rewritten.searchParams.get("X-Amz-Security-Token")).to.equal(temporary.sessionToken);
        expect(rewritten.searchParams.get("X-Amz-Signature")).to.equal(
            await signatureS3Computes(rewritten, "acme-content.s3.us-west-2.amazonaws.com", "us-west-2", temporary),
        );
    });

    const valid = { bucket: "acme-content", key: "a.txt", region: "eu-central-1", frontHost: "legacy.example.com", expiresIn: 60, credentials };
    const rejected: Array<[string, Record<string, unknown>, RegExp]> = [
        ["a bucket with dots", { bucket: "acme.content" }, /bucket: "acme.content" is not a bucket name usable as a virtual-hosted origin/],
        ["an upper-case bucket", { bucket: "Acme" }, /bucket: "Acme" is not a bucket name/],
        ["an empty key", { key: "" }, /key: "" is not an object key of 1 to 1024 bytes/],
        ["a region that is not one", { region: "europe" }, /region: "europe" is not an AWS region such as eu-central-1/],
        ["a wildcard front host", { frontHost: "*.example.com" }, /frontHost: "\*.example.com" is a wildcard/],
        ["a URL as the front host", { frontHost: "https://legacy.example.com" }, /frontHost: "https:\/\/legacy.example.com" is not a lower-case DNS name/],
        ["a zero expiry", { expiresIn: 0 }, /expiresIn: 0 is not a whole number from 1 to 604800/],
        ["an expiry over seven days", { expiresIn: 604801 }, /expiresIn: 604801 is not a whole number from 1 to 604800/],
        ["empty credentials", { credentials: { accessKeyId: "", secretAccessKey: "s3cr3t" } }, /credentials: "\(redacted\)" needs a non-empty accessKeyId and secretAccessKey/],
    ];
    for (const [what, change, message] of rejected) {
        it(`rejects ${what}, naming the option`, async () => {
            let error: unknown;
            try {
                await presignThroughFront({ ...valid, ...change } as any);
            } catch (e) {
                error = e;
            }
            expect(error).to.be.instanceOf(ValidationError);
            expect((error as Error).message).to.match(message);
            expect((error as Error).message).not.to.include("s3cr3t");
        });
    }
});

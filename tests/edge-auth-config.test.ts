/** Validation and defaults of the edge function's config: every problem reported at once, by field. */
import { expect } from "chai";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { ValidationError } from "../components/validation";
import {
    EDGE_AUTH_DEFAULTS,
    issuersOf,
    jwksUrlOf,
    readsAuthorizationHeader,
    regionOfUserPoolId,
    resolveEdgeAuthConfig,
    validateEdgeAuthConfig,
} from "../shared/edge-auth-config";
import { makeKey, testConfig, testKey, TestKey } from "./edge-auth-tokens";

/** The ValidationError thrown for `raw`, or a failure when none is. */
function errorOf(raw: unknown): ValidationError {
    try {
        validateEdgeAuthConfig(raw);
    } catch (error) {
        expect(error).to.be.instanceOf(ValidationError);
        return error as ValidationError;
    }
    throw new Error("expected a ValidationError");
}

describe("edge auth config", function () {
    this.timeout(20_000);
    let key: TestKey;
    before(() => {
        key = testKey("key-1");
    });

    it("accepts the documented minimal config and fills in the defaults", () => {
        const resolved = resolveEdgeAuthConfig(testConfig());
        expect(resolved).to.include({
            userPoolId: "eu-west-1_AbCdEf123",
            region: "eu-west-1",
            tokenUse: "id",
            realm: "eu-west-1_AbCdEf123",
            cookieName: undefined,
            subjectHeader: undefined,
            clockSkewSeconds: EDGE_AUTH_DEFAULTS.clockSkewSeconds,
            cacheSize: EDGE_AUTH_DEFAULTS.cacheSize,
            maxTokenLength: EDGE_AUTH_DEFAULTS.maxTokenLength,
            jwksRefetchIntervalSeconds: EDGE_AUTH_DEFAULTS.jwksRefetchIntervalSeconds,
            jwksFetchTimeoutMs: EDGE_AUTH_DEFAULTS.jwksFetchTimeoutMs,
        });
        expect(resolved.tokenSources).to.deep.equal(["authorization-header"]);
        expect(resolved.requiredClaims).to.deep.equal({});
    });

    it("reads the cookie as well by default once cookieName is set", () => {
        expect(resolveEdgeAuthConfig(testConfig({ cookieName: "id_token" })).tokenSources).to.deep.equal(["authorization-header", "cookie"]);
    });

    it("fills in alg RS256 on keys without one and drops members other than the public ones", () => {
        const { alg: _alg, ...withoutAlg } = key.jwk;
        const config = validateEdgeAuthConfig(testConfig({ jwks: { keys: [{ ...withoutAlg, x5c: ["..."] } as never] } }));
        expect(config.jwks.keys[0]).to.deep.equal({ kty: "RSA", kid: "key-1", n: key.jwk.n, e: key.jwk.e, alg: "RS256", use: "sig" });
    });

    it("reports every problem at once, each naming the field, its value and what is allowed", () => {
        const error = errorOf({
            userPoolId: "eu-west-1-AbCdEf123",
            clientIds: ["4p3kq1exampleclientid0000", ""],
            tokenUse: "refresh",
            requiredGroups: "subscribers",
            jwks: { keys: [] },
            clockSkewSeconds: 3600,
            cookieName: "id token",
            realm: 'say "hi"',
            subjectHeader: "X-User",
            cacheSize: -1,
            clientId: "typo",
        });
        const lines = error.message.split("\n").slice(1);
        expect(lines).to.have.length(11);
        expect(error.message).to.contain('userPoolId: "eu-west-1-AbCdEf123" is not a Cognito user pool ID such as eu-west-1_AbCdEf123');
        expect(error.message).to.contain('clientIds[1]: "" is not an app client ID (1 to 128 letters, digits, _ or +)');
        expect(error.message).to.contain('tokenUse: "refresh" is not one of id | access');
        expect(error.message).to.contain('requiredGroups: "subscribers" is not a list (possibly empty) of at most 100 Cognito group names');
        expect(error.message).to.contain("jwks: {\"keys\":[]} is not a JWKS");
        expect(error.message).to.contain("clockSkewSeconds: 3600 is not a whole number from 0 to 300");
        expect(error.message).to.contain('cookieName: "id token" is not a cookie name');
        expect(error.message).to.contain('realm: "say \\"hi\\"" is not 1 to 128 printable ASCII characters');
        expect(error.message).to.contain('subjectHeader: "X-User" is not a lower-case header name starting with x-');
        expect(error.message).to.contain("cacheSize: -1 is not a whole number from 0 to 10000");
        expect(error.message).to.contain('clientId: "typo" is not a known field (known: userPoolId, clientIds,');
        expect(error.issues.map((i) => i.path)).to.include.members(["userPoolId", "clientIds[1]", "tokenUse", "requiredGroups", "jwks", "clientId"]);
    });

    it("names missing required fields", () => {
        const error = errorOf({});
        expect(error.issues.map((i) => i.path)).to.deep.equal(["userPoolId", "clientIds", "tokenUse", "requiredGroups", "jwks"]);
        expect(error.message).to.contain("clientIds: (missing) is not a list of 1 to 100 app client IDs");
    });

    it("refuses something that is not an object", () => {
        expect(() => validateEdgeAuthConfig([1])).to.throw(ValidationError, "(config): [1] is not a JSON object");
        expect(() => validateEdgeAuthConfig(null)).to.throw(ValidationError, "(config): null is not a JSON object");
    });

    it("refuses repeated client IDs and groups, naming the first occurrence", () => {
        const error = errorOf(testConfig({ clientIds: ["a1", "a1"], requiredGroups: ["g", "h", "g"] }));
        expect(error.message).to.contain('clientIds[1]: "a1" repeats clientIds[0]');
        expect(error.message).to.contain('requiredGroups[2]: "g" repeats requiredGroups[0]');
    });

    it("refuses a cookie token source without cookieName, and unknown sources", () => {
        expect(errorOf(testConfig({ tokenSources: ["cookie"] })).message).to.contain('cookieName: (missing) is required when tokenSources includes "cookie"');
        expect(errorOf(testConfig({ tokenSources: ["query-string" as never] })).message).to.contain('tokenSources[0]: "query-string" is not one of authorization-header | cookie');
        expect(errorOf(testConfig({ tokenSources: [] })).message).to.contain("tokenSources: [] is not a list of 1 to 2 token sources");
    });

    it("refuses subject headers that CloudFront or S3 own", () => {
        for (const name of ["x-amz-meta-user", "x-amzn-trace-id", "x-edge-user", "x-forwarded-user", "x-cache-user"]) {
            expect(errorOf(testConfig({ subjectHeader: name })).message).to.contain(`subjectHeader: "${name}" is reserved`);
        }
        expect(validateEdgeAuthConfig(testConfig({ subjectHeader: "x-user-sub" })).subjectHeader).to.equal("x-user-sub");
    });

    it("refuses required claims that have their own option, and empty value lists", () => {
        const error = errorOf(testConfig({ requiredClaims: { aud: ["x"], "cognito:groups": ["g"], "custom:plan": [] } }));
        expect(error.message).to.contain('requiredClaims.aud: ["x"] is checked by its own option');
        expect(error.message).to.contain("requiredClaims.cognito:groups");
        expect(error.message).to.contain("requiredClaims.custom:plan: [] is not a list of 1 to 100 allowed values");
    });

    it("refuses a __proto__ claim, which an object literal or a spread would turn into a prototype", () => {
        const raw = JSON.parse(`{"requiredClaims": {"__proto__": ["x"]}}`) as { requiredClaims: Record<string, string[]> };
        expect(errorOf(testConfig({ requiredClaims: raw.requiredClaims })).message).to.contain('requiredClaims: "__proto__" names a claim that cannot be a key');
    });

    it("names every other bad value of every field: wrong types, sizes and lengths", () => {
        const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
        const cases: [Partial<Record<string, unknown>>, string][] = [
            [{ userPoolId: `eu-west-1_${"a".repeat(50)}` }, 'userPoolId: "eu-west-1_aaaa'],
            [{ userPoolId: 42 }, "userPoolId: 42 is not a Cognito user pool ID"],
            [{ clientIds: "abc" }, 'clientIds: "abc" is not a list of 1 to 100 app client IDs'],
            [{ clientIds: many(101, "c") }, "is not a list of 1 to 100 app client IDs"],
            [{ requiredGroups: many(101, "g") }, "is not a list (possibly empty) of at most 100 Cognito group names"],
            [{ tokenUse: undefined }, "tokenUse: (missing) is not one of id | access"],
            [{ cookieName: 5 }, "cookieName: 5 is not a cookie name"],
            [{ tokenSources: "cookie", cookieName: "t" }, 'tokenSources: "cookie" is not a list of 1 to 2 token sources'],
            [{ tokenSources: ["cookie", "cookie"], cookieName: "t" }, 'tokenSources[1]: "cookie" repeats tokenSources[0]'],
            [{ realm: "" }, 'realm: "" is not 1 to 128 printable ASCII characters'],
            [{ realm: "r".repeat(129) }, "is not 1 to 128 printable ASCII characters"],
            [{ subjectHeader: 7 }, "subjectHeader: 7 is not a lower-case header name"],
            [{ subjectHeader: `x-${"a".repeat(63)}` }, "at most 64 characters"],
            [{ requiredClaims: ["custom:plan"] }, 'requiredClaims: ["custom:plan"] is not an object of at most 20 claims'],
            [{ requiredClaims: Object.fromEntries(many(21, "c").map((c) => [c, ["v"]])) }, "is not an object of at most 20 claims"],
            [{ requiredClaims: { "": ["v"] } }, 'requiredClaims: "" names a claim that is empty or longer than 128 characters'],
            [{ requiredClaims: { constructor: ["v"] } }, 'requiredClaims: "constructor" names a claim that cannot be a key'],
            [{ requiredClaims: { "custom:plan": ["premium", 3] } }, "requiredClaims.custom:plan[1]: 3 is not a string of at most 1024 characters"],
            [{ jwks: "keys" }, 'jwks: "keys" is not a JWKS: an object { "keys": [...] } with 1 to 20 keys'],
            [{ jwks: { keys: many(21, "k").map((kid) => ({ ...key.jwk, kid })) } }, "with 1 to 20 keys"],
            [{ jwks: { keys: [null] } }, "jwks.keys[0]: null is not a JWK object"],
            [{ jwks: { keys: [{ ...key.jwk, kid: "k".repeat(257) }] } }, "is not a key ID (a string of 1 to 256 characters)"],
            [{ jwks: { keys: [{ ...key.jwk, e: "AQAB==" }] } }, 'jwks.keys[0].e: "AQAB==" is not a base64url string'],
        ];
        for (const [fields, message] of cases) {
            const error = errorOf({ ...testConfig(), ...fields });
            expect(error.message, JSON.stringify(fields).slice(0, 60)).to.contain(message);
            expect(error.issues, JSON.stringify(fields).slice(0, 60)).to.have.length(1);
        }
    });

    it("bounds every number", () => {
        const error = errorOf(testConfig({ maxTokenLength: 100_000, jwksRefetchIntervalSeconds: 1, jwksFetchTimeoutMs: 5000, clockSkewSeconds: 1.5 }));
        expect(error.message).to.contain("maxTokenLength: 100000 is not a whole number from 512 to 16384");
        expect(error.message).to.contain("jwksRefetchIntervalSeconds: 1 is not a whole number from 10 to 3600");
        expect(error.message).to.contain("jwksFetchTimeoutMs: 5000 is not a whole number from 100 to 3000");
        expect(error.message).to.contain("clockSkewSeconds: 1.5 is not a whole number from 0 to 300");
    });

    describe("the JWKS", () => {
        it("requires RSA signing keys with n, e and a unique kid, RS256 when alg is given", () => {
            const other = testKey("key-2");
            const error = errorOf(
                testConfig({
                    jwks: {
                        keys: [
                            { ...key.jwk, kty: "EC" as never },
                            { ...other.jwk, n: "" },
                            { ...other.jwk, kid: "key-1", alg: "RS512" as never, use: "enc" as never },
                            { ...other.jwk, kid: "" },
                        ],
                    },
                }),
            );
            expect(error.message).to.contain('jwks.keys[0].kty: "EC" is not "RSA"');
            expect(error.message).to.contain('jwks.keys[1].n: "" is not a base64url string');
            expect(error.message).to.contain('jwks.keys[2].alg: "RS512" is not "RS256"');
            expect(error.message).to.contain('jwks.keys[2].use: "enc" is not "sig"');
            expect(error.message).to.contain('jwks.keys[3].kid: "" is not a key ID');
        });

        it("refuses a repeated kid", () => {
            expect(errorOf(testConfig({ jwks: { keys: [key.jwk, { ...testKey("key-2").jwk, kid: "key-1" }] } })).message).to.contain(
                'jwks.keys[1].kid: "key-1" repeats jwks.keys[0].kid; key IDs must be unique',
            );
        });

        it("refuses private key material without echoing it", () => {
            const secret = makeKey("private").privateKey.export({ format: "jwk" }) as Record<string, string>;
            const error = errorOf(testConfig({ jwks: { keys: [{ ...secret, kid: "private" } as never] } }));
            expect(error.message).to.contain("jwks.keys[0].d: \"(redacted)\" is private key material");
            expect(error.message).to.not.contain(secret.d);
            expect(error.message).to.not.contain(secret.p);
        });

        it("refuses keys node:crypto cannot use, and keys shorter than 2048 bits", () => {
            expect(errorOf(testConfig({ jwks: { keys: [{ ...key.jwk, n: "AQAB" }] } })).message).to.contain('jwks.keys[0].n: "(17-bit modulus)" is shorter than 2048 bits');
            expect(errorOf(testConfig({ jwks: { keys: [{ ...key.jwk, e: "AA" }] } })).message).to.contain('jwks.keys[0].e: "AA" is not an odd public exponent');
            expect(errorOf(testConfig({ jwks: { keys: [{ ...key.jwk, e: "AQAA" }] } })).message).to.contain('jwks.keys[0].e: "AQAA" is not an odd public exponent');
            const { generateKeyPairSync } = require("node:crypto") as typeof import("node:crypto");
            const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "jwk" }) as { n: string; e: string };
            expect(errorOf(testConfig({ jwks: { keys: [{ kty: "RSA", kid: "small", n: small.n, e: small.e }] } })).message).to.contain(
                'jwks.keys[0].n: "(1024-bit modulus)" is shorter than 2048 bits',
            );
        });
    });

    describe("readsAuthorizationHeader", () => {
        it("is true by default and with both sources, false for cookie-only", () => {
            expect(readsAuthorizationHeader(testConfig())).to.equal(true);
            expect(readsAuthorizationHeader(testConfig({ cookieName: "t" }))).to.equal(true);
            expect(readsAuthorizationHeader(testConfig({ cookieName: "t", tokenSources: ["cookie", "authorization-header"] }))).to.equal(true);
            expect(readsAuthorizationHeader(testConfig({ cookieName: "t", tokenSources: ["cookie"] }))).to.equal(false);
        });
    });

    it("accepts group names of any script and refuses separators and control characters", () => {
        expect(validateEdgeAuthConfig(testConfig({ requiredGroups: ["subscribers", "Abonnés-Ü", "会员", "vip+1", "a:b/c"] })).requiredGroups).to.have.length(5);
        const error = errorOf(testConfig({ requiredGroups: ["two words", "tab\t", "", "x".repeat(129), "nul\u0000"] }));
        expect(error.issues.map((i) => i.path)).to.deep.equal(["requiredGroups[0]", "requiredGroups[1]", "requiredGroups[2]", "requiredGroups[3]", "requiredGroups[4]"]);
    });

    it("accepts exactly the pool IDs aws-jwt-verify accepts, with the issuers it derives", () => {
        const ids = ["eu-west-1_AbCdEf123", "us-gov-west-1_Abc", "eusc-de-east-1_X1", "eu-west-1-AbC", "eu-west-1_", "EU-west-1_abc", "eu-west_abc", "eu-west-1_ab-c", "x_y"];
        for (const id of ids) {
            let library = true;
            try {
                CognitoJwtVerifier.parseUserPoolId(id);
            } catch {
                library = false;
            }
            let ours = true;
            try {
                validateEdgeAuthConfig(testConfig({ userPoolId: id }));
            } catch {
                ours = false;
            }
            expect(ours, id).to.equal(library);
            if (library) {
                expect(issuersOf(id)).to.deep.equal([
                    CognitoJwtVerifier.parseUserPoolId(id).issuer,
                    CognitoJwtVerifier.parseUserPoolId(id, "https://issuer-cognito-idp").issuer,
                ]);
            }
        }
    });

    it("derives the region and the JWKS URL from the pool ID", () => {
        expect(regionOfUserPoolId("us-gov-west-1_AbC123")).to.equal("us-gov-west-1");
        expect(jwksUrlOf("ap-southeast-2_Xyz789")).to.equal("https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Xyz789/.well-known/jwks.json");
    });
});

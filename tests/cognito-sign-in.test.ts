/**
 * Browser sign-in and the cost mode, deploy-time side: the pool domain, the sign-in app client (in the
 * component with a custom domain, in `SignInAppClient` after the front without one), the SSM parameter
 * in us-east-1, the edge role's exact grants, the `signIn`/`signedCookies` sections of the function's
 * config.json, the prod plan (content behaviours trust the key group and run no Lambda@Edge), a preview,
 * and bad settings reported with their paths. The edge function's own behaviour is tested in
 * tests/edge-sign-in*.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as YAML from "yaml";
import {
    CognitoEdgeAuth,
    CognitoEdgeAuthArgs,
    validateCognitoEdgeAuthArgs,
} from "../components/cognito-edge-auth";
import {
    MANAGED_LOGIN_VERSION,
    buildEdgeSignInPolicy,
    defaultDomainPrefix,
    pathPatternMatches,
    signInClientIdParameterNameOf,
    signInEndpoints,
} from "../components/cognito-sign-in";
import { LegacyTlsFront } from "../components/legacy-tls-front";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import settingsSchema from "../components/generated/settings.schema.json";
import { SignInAppClient, validateSignInAppClientArgs } from "../components/sign-in-app-client";
import { SignedContentKeys } from "../components/signed-content-keys";
import { Issue, ValidationError, formatIssue } from "../components/validation";
import { SIGN_IN_LIMITS, validateEdgeAuthConfig } from "../shared/edge-auth-config";
import { RawStackConfig, parseStackConfig } from "../stacks/config";
import { runOffline } from "../tools/offline/engine";
import { renderTree } from "../tools/plan/render-tree";
import { testKey } from "./edge-auth-tokens";
import { OfflineRun, PROJECT_DIR, only, policyOf, promiseOf, regionOfResource, resourcesOf, runStack } from "./mocks";
import { archiveContents } from "./support/lambda-archive";

const DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const STYLE = "aws:cognito/managedLoginBranding:ManagedLoginBranding";
const PARAMETER = "aws:ssm/parameter:Parameter";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const FUNCTION = "aws:lambda/function:Function";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const KEY_GROUP = "aws:cloudfront/keyGroup:KeyGroup";
const PUBLIC_KEY = "aws:cloudfront/publicKey:PublicKey";
const SECRET = "aws:secretsmanager/secret:Secret";
const JWKS = "pulumi-nodejs:dynamic/cognito:JwksDocument";
const TEST_JWKS = { keys: [testKey("sign-in-pool-key").jwk] };
const ACCOUNT = "123456789012";

/** Runs `program` as the offline engine does, in eu-central-1, answering the JWKS read with a test key. */
function run(program: () => void, options: { preview?: boolean } = {}): Promise<OfflineRun> {
    return runOffline(program, {
        project: "legacy-tls-front",
        stack: "test",
        preview: options.preview,
        config: { "aws:region": "eu-central-1" },
        outputOverrides: (type) => (type === JWKS ? { jwks: TEST_JWKS } : undefined),
    });
}

/** The function's config.json, as deployed. */
async function edgeConfigOf(result: OfflineRun, name = "auth-function"): Promise<any> {
    const files = await archiveContents(only(result, FUNCTION, name).inputs.code as { assets: Promise<Record<string, unknown>> });
    return JSON.parse(files["config.json"]);
}

/** A stack file's values as `parseStackConfig` takes them (the project namespace stripped). */
function stackRaw(stack: "dev" | "prod"): RawStackConfig & { values: Record<string, any> } {
    const file = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")).config as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(file)) if (key.startsWith("legacy-tls-front:")) values[key.slice("legacy-tls-front:".length)] = value;
    return { project: "legacy-tls-front", stack, awsRegion: file["aws:region"], values };
}

function describe_(issues: readonly Issue[]): string {
    return issues.map(formatIssue).join("\n");
}

describe("sign-in at the edge: facts and pure helpers", () => {
    it("builds the managed login endpoints of a prefix domain", () => {
        expect(signInEndpoints("acme-legacy", "eu-west-1")).to.deep.equal({
            host: "acme-legacy.auth.eu-west-1.amazoncognito.com",
            authorizeUrl: "https://acme-legacy.auth.eu-west-1.amazoncognito.com/oauth2/authorize",
            tokenUrl: "https://acme-legacy.auth.eu-west-1.amazoncognito.com/oauth2/token",
            revokeUrl: "https://acme-legacy.auth.eu-west-1.amazoncognito.com/oauth2/revoke",
            logoutUrl: "https://acme-legacy.auth.eu-west-1.amazoncognito.com/logout",
        });
        expect(MANAGED_LOGIN_VERSION).to.equal(2);
    });

    it("derives a valid domain prefix from project, stack and name (lower case, hyphens, at most 63)", () => {
        const valid = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
        expect(defaultDomainPrefix("legacy-tls-front", "dev", "auth")).to.equal("legacy-tls-front-dev-auth");
        expect(defaultDomainPrefix("My_Project", "Prod.EU", "--auth--")).to.equal("my-project-prod-eu-auth");
        const long = defaultDomainPrefix("p".repeat(40), "s".repeat(21), "auth");
        expect(long).to.have.length.at.most(63).and.to.match(valid);
        expect(long.endsWith("-")).to.equal(false);
        expect(signInClientIdParameterNameOf("legacy-tls-front", "dev", "auth")).to.equal("/legacy-tls-front/dev/auth/sign-in-client-id");
    });

    it("matches CloudFront path patterns as CloudFront does (* any, ? one, leading / implied)", () => {
        expect(pathPatternMatches("/downloads/*", "/downloads/a/b.zip")).to.equal(true);
        expect(pathPatternMatches("downloads/*", "/downloads/x")).to.equal(true);
        expect(pathPatternMatches("/downloads/*", "/auth/callback")).to.equal(false);
        expect(pathPatternMatches("/auth/?allback", "/auth/callback")).to.equal(true);
        expect(pathPatternMatches("*.m3u8", "/auth/callback")).to.equal(false);
        expect(pathPatternMatches("/a.b/*", "/aXb/c")).to.equal(false);
    });

    it("grants exactly the parameter, the secret, and the key through Secrets Manager for that secret", () => {
        const secretArn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:signing-AbCdEf";
        const kmsKeyArn = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        expect(buildEdgeSignInPolicy({ partition: "aws", accountId: ACCOUNT, parameterName: "/p/s/auth/sign-in-client-id", secretArn, kmsKeyArn }).Statement).to.deep.equal([
            { Sid: "ReadSignInClientId", Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:us-east-1:123456789012:parameter/p/s/auth/sign-in-client-id" },
            { Sid: "ReadSigningKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
            {
                Sid: "DecryptSigningKey",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: kmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com", "kms:EncryptionContext:SecretARN": secretArn } },
            },
        ]);
    });

    it("declares the same limits as the edge function's config checks", () => {
        const definitions = settingsSchema.definitions as Record<string, any>;
        const signIn = definitions.CognitoSignInSettings.properties;
        const cookies = definitions.SignedCookieSettings.properties;
        expect([signIn.tokenTimeoutMs.minimum, signIn.tokenTimeoutMs.maximum]).to.deep.equal([...SIGN_IN_LIMITS.tokenTimeoutMs]);
        expect([cookies.lifetimeSeconds.minimum, cookies.lifetimeSeconds.maximum]).to.deep.equal([...SIGN_IN_LIMITS.lifetimeSeconds]);
        expect([cookies.keyCacheSeconds.minimum, cookies.keyCacheSeconds.maximum]).to.deep.equal([...SIGN_IN_LIMITS.keyCacheSeconds]);
    });
});

describe("CognitoEdgeAuth with signIn on the front's custom domain", () => {
    let result: OfflineRun;
    let auth: CognitoEdgeAuth;
    before(async () => {
        result = await run(() => {
            auth = new CognitoEdgeAuth("auth", { signIn: {}, frontDomainNames: ["legacy.example.com", "www.legacy.example.com"], tokenUse: "id" });
        });
    });

    it("creates the prefix domain with managed login version 2 in the pool's region", () => {
        const domain = only(result, DOMAIN);
        expect(domain.inputs).to.include({ domain: "legacy-tls-front-test-auth", managedLoginVersion: 2, userPoolId: only(result, "aws:cognito/userPool:UserPool").id });
        expect(regionOfResource(result, domain)).to.equal("eu-central-1");
    });

    it("makes its own client the sign-in client: public, code flow only, the callback and sign-out URLs of each domain", () => {
        const client = only(result, CLIENT).inputs;
        expect(client).to.include({ generateSecret: false, allowedOauthFlowsUserPoolClient: true, enableTokenRevocation: true });
        expect(client.allowedOauthFlows).to.deep.equal(["code"]);
        expect(client.allowedOauthScopes).to.deep.equal(["openid", "email"]);
        expect(client.supportedIdentityProviders).to.deep.equal(["COGNITO"]);
        expect(client.callbackUrls).to.deep.equal(["https://legacy.example.com/auth/callback", "https://www.legacy.example.com/auth/callback"]);
        expect(client.logoutUrls).to.deep.equal(["https://legacy.example.com/", "https://www.legacy.example.com/"]);
        const style = only(result, STYLE).inputs;
        expect(style).to.include({ useCognitoProvidedValues: true, clientId: only(result, CLIENT).id });
    });

    it("bakes the client ID and the endpoints into config.json, which the function's own validation accepts", async () => {
        const config = await edgeConfigOf(result);
        const clientId = only(result, CLIENT).id;
        expect(config.signIn).to.deep.equal({
            authorizeUrl: "https://legacy-tls-front-test-auth.auth.eu-central-1.amazoncognito.com/oauth2/authorize",
            tokenUrl: "https://legacy-tls-front-test-auth.auth.eu-central-1.amazoncognito.com/oauth2/token",
            revokeUrl: "https://legacy-tls-front-test-auth.auth.eu-central-1.amazoncognito.com/oauth2/revoke",
            logoutUrl: "https://legacy-tls-front-test-auth.auth.eu-central-1.amazoncognito.com/logout",
            clientId,
            scopes: ["openid", "email"],
            callbackPath: "/auth/callback",
            signOutPath: "/auth/sign-out",
            signedOutPath: "/",
            cookiePrefix: "ltf",
            tokenTimeoutMs: 2000,
        });
        expect(config.signedCookies).to.equal(undefined);
        expect(() => validateEdgeAuthConfig(config)).not.to.throw();
    });

    it("writes no parameter and grants nothing beyond the logs (nothing to read at cold start)", async () => {
        expect(resourcesOf(result, PARAMETER)).to.have.length(0);
        expect(resourcesOf(result, ROLE_POLICY).map((p) => p.name)).to.deep.equal(["auth-logs"]);
        expect(await promiseOf(auth.signInDomain)).to.equal("legacy-tls-front-test-auth.auth.eu-central-1.amazoncognito.com");
        expect(await promiseOf(auth.signInClientIdParameterName)).to.equal(undefined);
    });
});

describe("sign-in without a custom domain: SignInAppClient after the front, the client ID through SSM", () => {
    let result: OfflineRun;
    let auth: CognitoEdgeAuth;
    let client: SignInAppClient;
    before(async () => {
        result = await run(() => {
            auth = new CognitoEdgeAuth("auth", { signIn: { domainPrefix: "acme-dev-login", cookiePrefix: "acme" } });
            const bucket = new PrivateOriginBucket("content", { protect: false });
            const front = new LegacyTlsFront("front", { origin: bucket, mode: "signed", viewerAuth: auth });
            bucket.attachPolicy([front]);
            client = new SignInAppClient("sign-in", {
                userPoolId: auth.userPoolId,
                frontDomainNames: [front.domainName],
                signIn: { domainPrefix: "acme-dev-login", cookiePrefix: "acme" },
                clientIdParameterName: auth.signInClientIdParameterName,
            });
        });
    });

    it("names the parameter (us-east-1) in config.json instead of a client ID", async () => {
        const config = await edgeConfigOf(result);
        expect(config.signIn.clientId).to.equal(undefined);
        expect(config.signIn.clientIdParameter).to.deep.equal({ name: "/legacy-tls-front/test/auth/sign-in-client-id", region: "us-east-1" });
        expect(config.signIn.authorizeUrl).to.equal("https://acme-dev-login.auth.eu-central-1.amazoncognito.com/oauth2/authorize");
        expect(config.signIn.cookiePrefix).to.equal("acme");
        expect(() => validateEdgeAuthConfig(config)).not.to.throw();
    });

    it("lets the edge role read exactly that parameter", () => {
        const policy = policyOf(only(result, ROLE_POLICY, "auth-sign-in"));
        expect(policy.Statement).to.deep.equal([
            { Sid: "ReadSignInClientId", Effect: "Allow", Action: "ssm:GetParameter", Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/legacy-tls-front/test/auth/sign-in-client-id` },
        ]);
        expect(only(result, ROLE_POLICY, "auth-sign-in").inputs.role).to.equal(only(result, "aws:iam/role:Role", "auth-role").id);
    });

    it("creates the client for the distribution's name and writes its ID to the parameter in us-east-1", async () => {
        const distribution = only(result, DISTRIBUTION);
        const signInClient = only(result, CLIENT, "sign-in-client");
        expect(signInClient.inputs.callbackUrls).to.deep.equal([`https://${distribution.outputs.domainName}/auth/callback`]);
        expect(signInClient.inputs.logoutUrls).to.deep.equal([`https://${distribution.outputs.domainName}/`]);
        expect(signInClient.inputs).to.include({ generateSecret: false, allowedOauthFlowsUserPoolClient: true });
        expect(signInClient.inputs.allowedOauthFlows).to.deep.equal(["code"]);
        expect(signInClient.inputs.explicitAuthFlows).to.deep.equal(["ALLOW_REFRESH_TOKEN_AUTH"]);
        const parameter = only(result, PARAMETER);
        expect(parameter.inputs).to.include({ name: "/legacy-tls-front/test/auth/sign-in-client-id", type: "String", insecureValue: signInClient.id });
        expect(regionOfResource(result, parameter)).to.equal("us-east-1");
        expect(only(result, STYLE, "sign-in-login-style").inputs.clientId).to.equal(signInClient.id);
        expect(await promiseOf(client.clientIdParameterArn)).to.equal(parameter.outputs.arn);
        // The component's own client stays an API client without OAuth.
        expect(only(result, CLIENT, "auth-client").inputs.allowedOauthFlowsUserPoolClient).to.equal(false);
    });
});

describe("signedCookies: the function signs cookies with the front's keys", () => {
    it("puts the keys' ID, secret and paths in config.json and grants the secret (and its KMS key via Secrets Manager) only", async () => {
        const kmsKeyArn = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const result = await run(() => {
            const keys = new SignedContentKeys("signing", { pathPatterns: ["/downloads/*"], viewerAuth: false, kmsKeyArn });
            new CognitoEdgeAuth("auth", {
                signIn: {},
                signedCookies: { lifetimeSeconds: 600 },
                frontDomainNames: ["legacy.example.com"],
                signedContentKeys: { publicKeyId: keys.publicKeyId, secretArn: keys.secretArn, pathPatterns: keys.pathPatterns, kmsKeyArn },
            });
        });
        const secretArn = only(result, SECRET).outputs.arn;
        const config = await edgeConfigOf(result);
        expect(config.signedCookies).to.deep.equal({
            keyPairId: only(result, PUBLIC_KEY).id,
            privateKeySecretArn: secretArn,
            pathPatterns: ["/downloads/*"],
            lifetimeSeconds: 600,
            keyCacheSeconds: 300,
        });
        expect(() => validateEdgeAuthConfig(config)).not.to.throw();
        const statements = policyOf(only(result, ROLE_POLICY, "auth-sign-in")).Statement;
        expect(statements.map((s: any) => [s.Action, s.Resource])).to.deep.equal([
            ["secretsmanager:GetSecretValue", secretArn],
            ["kms:Decrypt", kmsKeyArn],
        ]);
        expect(statements[1].Condition.StringEquals["kms:EncryptionContext:SecretARN"]).to.equal(secretArn);
    });

    it("refuses signedCookies without the keys, and keys without a secret", () => {
        expect(() => new CognitoEdgeAuth("auth", { jwks: TEST_JWKS, signIn: {}, signedCookies: {} })).to.throw(ValidationError, /signedContentKeys: .*is required with signedCookies/);
        expect(() =>
            new CognitoEdgeAuth("auth", { jwks: TEST_JWKS, signIn: {}, signedCookies: {}, signedContentKeys: { publicKeyId: "K2JCJMDEHXQW5F", secretArn: undefined, pathPatterns: ["/downloads/*"] } }),
        ).to.throw(ValidationError, /signedContentKeys\.secretArn: .*is required with signedCookies/);
    });
});

describe("the stacks: dev signs in through the parameter, prod runs no Lambda@Edge on /downloads/*", () => {
    it("prod: /downloads/* trusts the key group and runs no Lambda@Edge; the default behaviour runs the function", async () => {
        const prod = await runStack("prod");
        const distribution = only(prod, DISTRIBUTION).inputs as any;
        const downloads = distribution.orderedCacheBehaviors.find((b: any) => b.pathPattern === "/downloads/*");
        expect(downloads.trustedKeyGroups).to.deep.equal([only(prod, KEY_GROUP).id]);
        // The cost mode: no function of any kind on the content behaviour; CloudFront checks the cookies.
        expect(downloads.lambdaFunctionAssociations ?? []).to.deep.equal([]);
        expect(downloads.functionAssociations ?? []).to.deep.equal([]);
        expect(resourcesOf(prod, "aws:cloudfront/function:Function")).to.have.length(0);
        const fn = only(prod, FUNCTION, "auth-function");
        expect(distribution.defaultCacheBehavior.lambdaFunctionAssociations).to.deep.equal([{ eventType: "viewer-request", lambdaArn: fn.outputs.qualifiedArn, includeBody: false }]);
        expect(distribution.defaultCacheBehavior.trustedKeyGroups ?? []).to.deep.equal([]);

        const plan = renderTree(prod);
        expect(plan).to.include("behaviour /downloads/*: viewers checked by signed URL or cookies only (key group; no Lambda@Edge)");
        expect(plan).to.include("default behaviour: viewers checked by the edge function");
        expect(plan).to.include("managed login (version 2) at https://legacy-tls-front-prod-auth.auth.eu-central-1.amazoncognito.com");
        expect(plan).to.match(/public \(no secret\); OAuth flows code \(PKCE\), scopes openid, email, identity providers COGNITO\n\s+callback URLs https:\/\/legacy\.example\.com\/auth\/callback\n\s+sign-out URLs https:\/\/legacy\.example\.com\//);
    });

    it("prod: config.json bakes the client and signs cookies for /downloads/* with the stack's secret", async () => {
        const prod = await runStack("prod");
        const config = await edgeConfigOf(prod);
        const client = only(prod, CLIENT, "auth-client");
        expect(config.signIn.clientId).to.equal(client.id);
        expect(config.signIn.authorizeUrl).to.equal("https://legacy-tls-front-prod-auth.auth.eu-central-1.amazoncognito.com/oauth2/authorize");
        expect(client.inputs.callbackUrls).to.deep.equal(["https://legacy.example.com/auth/callback"]);
        expect(config.signedCookies).to.deep.equal({
            keyPairId: only(prod, PUBLIC_KEY).id,
            privateKeySecretArn: only(prod, SECRET).outputs.arn,
            pathPatterns: ["/downloads/*"],
            lifetimeSeconds: 3600,
            keyCacheSeconds: 300,
        });
        expect(policyOf(only(prod, ROLE_POLICY, "auth-sign-in")).Statement).to.deep.equal([
            { Sid: "ReadSigningKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: only(prod, SECRET).outputs.arn },
        ]);
        expect(resourcesOf(prod, PARAMETER).filter((p) => String(p.inputs.name).includes("sign-in"))).to.have.length(0);
        expect((prod.outputs.auth as any).signIn).to.deep.equal({
            signInUrl: "https://legacy.example.com/",
            signOutUrl: "https://legacy.example.com/auth/sign-out",
            userPoolDomain: "legacy-tls-front-prod-auth.auth.eu-central-1.amazoncognito.com",
            appClientId: client.id,
        });
    });

    it("dev: the sign-in client names the distribution and its ID goes to the parameter the function reads", async () => {
        const dev = await runStack("dev");
        const distribution = only(dev, DISTRIBUTION);
        const client = only(dev, CLIENT, "sign-in-client");
        expect(client.inputs.callbackUrls).to.deep.equal([`https://${distribution.outputs.domainName}/auth/callback`]);
        const parameter = only(dev, PARAMETER, "sign-in-client-id");
        expect(parameter.inputs).to.include({ name: "/legacy-tls-front/dev/auth/sign-in-client-id", insecureValue: client.id });
        expect(regionOfResource(dev, parameter)).to.equal("us-east-1");
        const config = await edgeConfigOf(dev);
        expect(config.signIn.clientIdParameter).to.deep.equal({ name: "/legacy-tls-front/dev/auth/sign-in-client-id", region: "us-east-1" });
        expect(config.signedCookies).to.equal(undefined);
        expect((dev.outputs.auth as any).signIn).to.deep.equal({
            signInUrl: `https://${distribution.outputs.domainName}/`,
            signOutUrl: `https://${distribution.outputs.domainName}/auth/sign-out`,
            userPoolDomain: "legacy-tls-front-dev-auth.auth.eu-west-1.amazoncognito.com",
            appClientId: client.id,
            clientIdParameterName: "/legacy-tls-front/dev/auth/sign-in-client-id",
        });
    });

    it("dev in preview mode (unknown IDs): the same resources, nothing assumed known", async () => {
        const preview = await runStack("dev", undefined, { preview: true });
        expect(resourcesOf(preview, DOMAIN)).to.have.length(1);
        expect(only(preview, PARAMETER, "sign-in-client-id").inputs.name).to.equal("/legacy-tls-front/dev/auth/sign-in-client-id");
        expect(resourcesOf(preview, CLIENT).map((c) => c.name).sort()).to.deep.equal(["auth-client", "sign-in-client"]);
        expect(resourcesOf(preview, ROLE_POLICY).map((p) => p.name)).to.include("auth-sign-in");
    });
});

describe("bad sign-in settings are reported with their paths", () => {
    const jwks = TEST_JWKS;

    it("reports the settings' schema problems and the rules between settings", () => {
        const issues = validateCognitoEdgeAuthArgs({ jwks, signIn: { domainPrefix: "-Bad", callbackPath: "auth/callback", tokenTimeoutMs: 50, cookiePrefix: "-x" }, signedCookies: { lifetimeSeconds: 10 } }, "eu-central-1");
        const text = describe_(issues);
        expect(text).to.match(/^signIn\.domainPrefix: "-Bad" .*Cognito domain prefix/m);
        expect(text).to.match(/^signIn\.callbackPath: "auth\/callback" .*path starting with a single \//m);
        expect(text).to.match(/^signIn\.tokenTimeoutMs: 50 .*100/m);
        expect(text).to.match(/^signIn\.cookiePrefix: "-x" /m);
        expect(text).to.match(/^signedCookies\.lifetimeSeconds: 10 .*60/m);
    });

    it("refuses signedCookies without signIn, signIn with an existing pool, and a sign-in client that cannot be created", () => {
        const text = (args: CognitoEdgeAuthArgs) => describe_(validateCognitoEdgeAuthArgs({ jwks, ...args }, "eu-central-1"));
        expect(text({ signedCookies: {} })).to.match(/^signedCookies: .*requires signIn/m);
        expect(text({ signIn: {}, existingUserPool: { userPoolId: "eu-central-1_AbCdEf123" }, appClient: { create: false }, clientIds: ["abc"] })).to.match(/^signIn: .*cannot be combined with existingUserPool/m);
        expect(text({ signIn: {}, frontDomainNames: ["legacy.example.com"], appClient: { create: false }, clientIds: ["abc"] })).to.match(/^appClient\.create: false cannot be false with signIn and frontDomainNames/m);
        expect(text({ signIn: { scopes: ["openid", "email"] }, frontDomainNames: ["legacy.example.com"], appClient: { oauthScopes: ["openid"] } })).to.match(/^appClient\.oauthScopes: .*does not allow email/m);
        expect(text({ frontDomainNames: ["legacy.example.com"] })).to.match(/^frontDomainNames: .*applies only with signIn/m);
        expect(text({ signIn: {}, tokenUse: "id", frontDomainNames: ["a.example.com"], appClient: { oauthScopes: ["email"] } })).to.match(/^appClient\.oauthScopes: .*does not allow openid/m);
    });

    it("in a stack: flow paths under a signed pattern, cookies without a signing section or without a secret", () => {
        const underSigned = stackRaw("prod");
        underSigned.values.signing = { pathPatterns: ["/auth/*"], viewerAuth: false };
        const first = parseStackConfig(underSigned);
        expect(describe_(first.issues)).to.match(/^auth\.signIn\.callbackPath: "\/auth\/callback" falls under the signed path pattern "\/auth\/\*"/m);
        expect(describe_(first.issues)).to.match(/^auth\.signIn\.signOutPath: "\/auth\/sign-out" falls under/m);

        const noSigning = stackRaw("prod");
        delete noSigning.values.signing;
        expect(describe_(parseStackConfig(noSigning).issues)).to.match(/^auth\.signedCookies: .*needs a signing section/m);

        const brought = stackRaw("prod");
        brought.values.signing = { ...brought.values.signing, publicKeyPem: testKey("brought").publicKey.export({ type: "spki", format: "pem" }).toString() };
        expect(describe_(parseStackConfig(brought).issues)).to.match(/^signing\.existingPrivateKeySecretArn: .*required with auth\.signedCookies/m);

        const devWithCookies = stackRaw("dev");
        devWithCookies.values.auth = { ...devWithCookies.values.auth, signedCookies: {} };
        expect(describe_(parseStackConfig(devWithCookies).issues)).to.match(/^auth\.signedCookies: .*needs a signing section/m);

        // One set of cookies grants one Resource: patterns no single pattern covers are refused before deploying,
        // not left to a function that would issue no cookies.
        const apart = stackRaw("prod");
        apart.values.signing = { ...apart.values.signing, pathPatterns: ["/downloads/*", "/videos/*"] };
        expect(describe_(parseStackConfig(apart).issues)).to.match(/^signing\.pathPatterns: \["\/downloads\/\*","\/videos\/\*"\] has no pattern that covers all the others/m);
        const nested = stackRaw("prod");
        nested.values.signing = { ...nested.values.signing, pathPatterns: ["/downloads/*", "/downloads/hd/*"] };
        expect(describe_(parseStackConfig(nested).issues)).to.equal("");

        // The committed stack files are valid as they are.
        expect(describe_(parseStackConfig(stackRaw("prod")).issues)).to.equal("");
        expect(describe_(parseStackConfig(stackRaw("dev")).issues)).to.equal("");
    });

    it("SignInAppClient: at least one front host, no create: false, scopes it allows", () => {
        const text = describe_(validateSignInAppClientArgs({ userPoolId: "eu-central-1_AbCdEf123", frontDomainNames: [], appClient: { create: false, oauthScopes: ["openid"] } }));
        expect(text).to.match(/^frontDomainNames: .*at least one host name/m);
        expect(text).to.match(/^appClient\.create: false is not allowed/m);
        expect(text).to.match(/^appClient\.oauthScopes: .*does not allow email/m);
        expect(() => new SignInAppClient("sign-in", { userPoolId: "eu-central-1_AbCdEf123", frontDomainNames: [], signIn: { callbackPath: "x" } })).to.throw(
            ValidationError,
            /signIn\.callbackPath: "x"/,
        );
    });
});

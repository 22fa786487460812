import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { CognitoEdgeAuth, CognitoEdgeAuthArgs, DEFAULT_EDGE_LOG_RETENTION_DAYS, EDGE_RUNTIMES, buildEdgeLogPolicy, validateCognitoEdgeAuthArgs, validateEdgeFunctionArgs } from "../components/cognito-edge-auth";
import { REGIONAL_EDGE_CACHE_REGIONS, VIEWER_REQUEST_LIMITS } from "../components/cloudfront-facts";
import { canonicalJson, prebuiltBundle } from "../components/lambda-bundle";
import { LegacyTlsFront, LegacyTlsFrontArgs, validateLegacyTlsFrontArgs } from "../components/legacy-tls-front";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { settingsIssues } from "../components/settings-validation";
import { ValidationError } from "../components/validation";
import { validateEdgeAuthConfig } from "../shared/edge-auth-config";
import { runOffline } from "../tools/offline/engine";
import { TestKey, makeKey, signRs256, testConfig, testKey, viewerRequestEvent } from "./edge-auth-tokens";
import { OfflineRun, RecordedResource, only, policyOf, promiseOf, regionOfResource, resourcesOf } from "./mocks";
import { archiveContents } from "./support/lambda-archive";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const GROUP = "aws:cognito/userGroup:UserGroup";
const FUNCTION = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const JWKS = "pulumi-nodejs:dynamic/cognito:JwksDocument";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const COMPONENT = "legacy-tls-front:index:CognitoEdgeAuth";

// A real key pair standing in for the pool's signing key: the JWKS "read from the pool" is its public half.
const KID = "test-pool-key-1";
const POOL_KEY = testKey(KID);
const TEST_JWKS = { keys: [POOL_KEY.jwk] };

interface Built {
    run: OfflineRun;
    auth: CognitoEdgeAuth;
    front?: LegacyTlsFront;
}

/** Builds the auth (and a front using it, when asked), answering the JWKS read with {@link TEST_JWKS}. */
async function build(
    args: CognitoEdgeAuthArgs,
    options: { region?: string; preview?: boolean; front?: Partial<LegacyTlsFrontArgs> } = {},
): Promise<Built> {
    let auth!: CognitoEdgeAuth;
    let front: LegacyTlsFront | undefined;
    const run = await runOffline(
        () => {
            auth = new CognitoEdgeAuth("auth", args);
            if (options.front) {
                const bucket = new PrivateOriginBucket("content", { protect: false });
                front = new LegacyTlsFront("front", { origin: bucket, mode: "signed", ...options.front, viewerAuth: auth });
                bucket.attachPolicy([front]);
            }
        },
        {
            project: "legacy-tls-front",
            stack: "test",
            preview: options.preview,
            config: { "aws:region": options.region ?? "eu-central-1" },
            outputOverrides: (type) => (type === JWKS ? { jwks: TEST_JWKS } : undefined),
        },
    );
    return { run, auth, front };
}

/**
 * The files of the function's deployment archive, checked to be exactly the prebuilt `index.js` (the
 * very file `npm run build:functions` wrote, unchanged) and its `config.json`.
 */
async function deployedFiles(fn: RecordedResource): Promise<{ "index.js": string; "config.json": string }> {
    const files = await archiveContents(fn.inputs.code as { assets: Promise<Record<string, unknown>> });
    expect(Object.keys(files).sort()).to.deep.equal(["config.json", "index.js"]);
    expect(files["index.js"]).to.equal(prebuiltBundle("cognito-auth").code);
    return files as { "index.js": string; "config.json": string };
}

/** The text of `config.json` in the function's deployment archive. */
async function deployedConfig(fn: RecordedResource): Promise<string> {
    return (await deployedFiles(fn))["config.json"];
}

/** Loads a deployment archive as Lambda would (`index.handler`), from a folder of its own. */
function loadBundle(files: Record<string, string>): { handler: (event: unknown) => Promise<any> } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-bundle-"));
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    try {
        return require(path.join(dir, "index.js"));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** An RS256 token as Cognito issues it, signed with `key`. */
function token(claims: Record<string, unknown>, key: TestKey = POOL_KEY): string {
    const now = Math.floor(Date.now() / 1000);
    return signRs256({ iat: now, exp: now + 600, auth_time: now, jti: "j1", ...claims }, key);
}

/** A viewer-request event exactly as CloudFront sends it. */
function viewerRequest(headers: Record<string, string>): unknown {
    return viewerRequestEvent({ uri: "/videos/intro.mp4", headers });
}

describe("CognitoEdgeAuth with a pool it creates", () => {
    let built: Built;
    before(async () => {
        built = await build({ requiredGroups: ["subscribers", "staff"] }, { front: { mode: "signed" } });
    });

    it("puts the function, its role and its log policy in us-east-1 through an explicit provider; the pool stays in the stack's region", () => {
        const { run } = built;
        expect(run.region).to.equal("eu-central-1");
        for (const type of [FUNCTION, ROLE, ROLE_POLICY]) {
            const resource = only(run, type);
            expect(resource.provider, type).to.be.a("string");
            expect(regionOfResource(run, resource), type).to.equal("us-east-1");
        }
        const provider = only(run, "pulumi:providers:aws", "auth-us-east-1");
        expect(provider.inputs.region).to.equal("us-east-1");
        expect(provider.parent).to.equal(only(run, COMPONENT).urn);
        expect(only(run, FUNCTION).outputs.arn).to.match(/^arn:aws:lambda:us-east-1:123456789012:function:/);
        for (const type of [POOL, CLIENT, GROUP]) {
            for (const resource of resourcesOf(run, type)) expect(regionOfResource(run, resource), type).to.equal("eu-central-1");
        }
        for (const resource of run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && r.type !== COMPONENT)) {
            expect(resource.parent, resource.name).to.be.a("string");
        }
    });

    it("trusts exactly lambda.amazonaws.com and edgelambda.amazonaws.com to assume the role", () => {
        const trust = JSON.parse(only(built.run, ROLE).inputs.assumeRolePolicy as string);
        expect(trust).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
        });
    });

    it("publishes a numbered x86_64 version within viewer-request limits, without environment variables", () => {
        const fn = only(built.run, FUNCTION);
        expect(fn.inputs).to.include({ publish: true, memorySize: 128, timeout: 5, runtime: "nodejs22.x", handler: "index.handler" });
        expect(fn.inputs.architectures).to.deep.equal(["x86_64"]);
        expect(fn.inputs).not.to.have.property("environment");
        expect(fn.inputs.role).to.equal(only(built.run, ROLE).outputs.arn);
        expect(VIEWER_REQUEST_LIMITS).to.deep.equal({ memoryMb: 128, timeoutSeconds: 5 });
    });

    it("grants logs only on /aws/lambda/us-east-1.<function> in this account, in any edge region", () => {
        const fn = only(built.run, FUNCTION);
        const policy = policyOf(only(built.run, ROLE_POLICY));
        const group = `arn:aws:logs:*:123456789012:log-group:/aws/lambda/us-east-1.${fn.outputs.name}`;
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "CreateEdgeLogGroup", Effect: "Allow", Action: "logs:CreateLogGroup", Resource: group },
                { Sid: "WriteEdgeLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${group}:*` },
            ],
        });
        expect(policy).to.deep.equal(buildEdgeLogPolicy("123456789012", String(fn.outputs.name)));
        expect(only(built.run, ROLE_POLICY).inputs.role).to.equal(only(built.run, ROLE).id);
    });

    it("keeps the function on delete (replicas outlive the association), but not the role", () => {
        expect(only(built.run, FUNCTION).retainOnDelete).to.equal(true);
        expect(only(built.run, ROLE).retainOnDelete).to.equal(false);
        expect(only(built.run, ROLE_POLICY).retainOnDelete).to.equal(false);
    });

    it("creates the edge log groups with a retention in every regional edge cache region, and the function's own in us-east-1 (item 7)", () => {
        const { run } = built;
        const fn = only(run, FUNCTION);
        const provider = only(run, "pulumi:providers:aws", "auth-us-east-1");
        const groups = resourcesOf(run, LOG_GROUP);
        expect(groups).to.have.length(REGIONAL_EDGE_CACHE_REGIONS.length + 1);
        for (const group of groups) {
            expect(group.inputs.retentionInDays, group.name).to.equal(DEFAULT_EDGE_LOG_RETENTION_DAYS);
            // Through the component's us-east-1 provider (the caller's settings), the region as an argument where it differs.
            expect(group.provider!.startsWith(`${provider.urn}::`), group.name).to.equal(true);
            // Kept with the function: replicas may still log after a destroy, and the retention must keep applying.
            expect(group.retainOnDelete, group.name).to.equal(true);
            expect(group.parent).to.equal(only(run, COMPONENT).urn);
        }
        const own = only(run, LOG_GROUP, "auth-function-logs");
        expect(own.inputs).to.include({ name: `/aws/lambda/${fn.outputs.name}` });
        expect(own.inputs.region).to.equal(undefined);
        const edge = groups.filter((g) => g !== own);
        expect(edge.map((g) => g.inputs.region ?? "us-east-1").sort()).to.deep.equal([...REGIONAL_EDGE_CACHE_REGIONS].sort());
        for (const group of edge) {
            expect(group.inputs.name, group.name).to.equal(`/aws/lambda/us-east-1.${fn.outputs.name}`);
            expect(group.name).to.equal(`auth-edge-logs-${group.inputs.region ?? "us-east-1"}`);
        }
        expect(REGIONAL_EDGE_CACHE_REGIONS).to.include.members(["us-east-1", "eu-central-1", "ap-northeast-1", "sa-east-1"]);
    });

    it("lets the front associate the function only once its log groups exist, so Lambda cannot create them first without retention", () => {
        const { run } = built;
        const deps = only(run, DISTRIBUTION).propertyDependencies.defaultCacheBehavior ?? [];
        for (const group of resourcesOf(run, LOG_GROUP)) expect(deps, group.name).to.include(group.urn);
    });

    it("creates a pool with secure defaults, a public app client and the required groups", async () => {
        const pool = only(built.run, POOL);
        expect(pool.inputs.passwordPolicy).to.deep.equal({
            minimumLength: 12,
            requireLowercase: true,
            requireUppercase: true,
            requireNumbers: true,
            requireSymbols: true,
            temporaryPasswordValidityDays: 7,
        });
        expect(pool.inputs.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: true });
        expect(pool.inputs).to.include({ mfaConfiguration: "OPTIONAL", deletionProtection: "INACTIVE" });
        expect(pool.inputs.softwareTokenMfaConfiguration).to.deep.equal({ enabled: true });

        const client = only(built.run, CLIENT);
        expect(client.inputs).to.include({ generateSecret: false, allowedOauthFlowsUserPoolClient: false, preventUserExistenceErrors: "ENABLED", userPoolId: pool.id });
        expect(client.inputs).not.to.have.property("allowedOauthFlows");
        expect(client.outputs.clientSecret).to.equal("");

        const groups = resourcesOf(built.run, GROUP);
        expect(groups.map((g) => g.inputs.name)).to.deep.equal(["subscribers", "staff"]);
        for (const group of groups) expect(group.inputs.userPoolId).to.equal(pool.id);

        expect(await promiseOf(built.auth.userPoolId)).to.equal(pool.id);
        expect(await promiseOf(built.auth.clientIds)).to.deep.equal([client.id]);
        expect(await promiseOf(built.auth.issuer)).to.equal(`https://cognito-idp.eu-central-1.amazonaws.com/${pool.id}`);
    });

    it("reads the JWKS from the pool's well-known URL and writes it, with the pool and client, into config.json next to the prebuilt index.js", async () => {
        const pool = only(built.run, POOL);
        const jwks = only(built.run, JWKS);
        expect(jwks.inputs.jwksUrl).to.equal(`https://cognito-idp.eu-central-1.amazonaws.com/${pool.id}/.well-known/jwks.json`);
        expect(jwks.parent).to.equal(only(built.run, COMPONENT).urn);
        const files = await deployedFiles(only(built.run, FUNCTION));
        const config = files["config.json"];
        expect(config).to.include(KID);
        expect(config).to.include(TEST_JWKS.keys[0].n);
        expect(config).to.include(String(pool.id));
        expect(config).to.include(String(only(built.run, CLIENT).id));
        expect(config).not.to.match(/PRIVATE KEY|"d":/);
        // Canonical JSON: sorted keys, so the same settings always give the same bytes.
        expect(config).to.equal(canonicalJson(JSON.parse(config)));
        const sum = (text: string) => createHash("sha256").update(text).digest("hex");
        expect(await promiseOf(built.auth.bundleSha256)).to.equal(sum(`${sum(config)}  config.json\n${sum(files["index.js"])}  index.js\n`));
    });

    it("the deployed bundle admits a valid token of the pool and refuses the rest", async () => {
        const pool = String(only(built.run, POOL).id);
        const clientId = String(only(built.run, CLIENT).id);
        const { handler } = loadBundle(await deployedFiles(only(built.run, FUNCTION)));
        const claims = {
            sub: "5f0e4c7a-0000-4000-8000-000000000001",
            iss: `https://cognito-idp.eu-central-1.amazonaws.com/${pool}`,
            client_id: clientId,
            token_use: "access",
            "cognito:groups": ["staff"],
        };
        const admitted = await handler(viewerRequest({ Authorization: `Bearer ${token(claims)}` }));
        expect(admitted.status).to.equal(undefined);
        expect(admitted.uri).to.equal("/videos/intro.mp4");
        expect(admitted.headers.authorization).to.equal(undefined);

        expect((await handler(viewerRequest({}))).status).to.equal("401");
        // Same kid, another key: a forged signature.
        const other = makeKey(KID);
        expect((await handler(viewerRequest({ Authorization: `Bearer ${token(claims, other)}` }))).status).to.equal("401");
        const noGroup = { ...claims, "cognito:groups": ["free"] };
        expect((await handler(viewerRequest({ Authorization: `Bearer ${token(noGroup)}` }))).status).to.equal("403");
        const otherClient = { ...claims, client_id: "someotherclient" };
        expect((await handler(viewerRequest({ Authorization: `Bearer ${token(otherClient)}` }))).status).to.equal("401");
    });

    it("the front associates the numbered version as viewer-request on its behaviours", async () => {
        const fn = only(built.run, FUNCTION);
        expect(fn.outputs.qualifiedArn).to.equal(`${fn.outputs.arn}:1`);
        const behavior = only(built.run, DISTRIBUTION).inputs.defaultCacheBehavior as any;
        expect(behavior.lambdaFunctionAssociations).to.deep.equal([{ eventType: "viewer-request", lambdaArn: fn.outputs.qualifiedArn, includeBody: false }]);
        expect(behavior.lambdaFunctionAssociations[0].lambdaArn).to.match(/:function:[^:]+:\d+$/);
        expect(await promiseOf(built.auth.qualifiedArn)).to.equal(fn.outputs.qualifiedArn);
        expect(await promiseOf(built.auth.viewerRequest.lambdaArn)).to.equal(fn.outputs.qualifiedArn);
        expect(built.auth.viewerRequest.readsAuthorizationHeader).to.equal(true);
    });
});

describe("CognitoEdgeAuth options", () => {
    it("uses an existing pool: no pool or groups created, its JWKS URL, a client in its region", async () => {
        const { run, auth } = await build({ existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" }, requiredGroups: ["subscribers"], clientIds: ["7ag1mobileclient000000000"] });
        expect(resourcesOf(run, POOL)).to.have.length(0);
        expect(resourcesOf(run, GROUP)).to.have.length(0);
        expect(only(run, JWKS).inputs.jwksUrl).to.equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json");
        const client = only(run, CLIENT);
        expect(client.inputs).to.include({ userPoolId: "eu-west-1_AbCdEf123", region: "eu-west-1" });
        expect(await promiseOf(auth.clientIds)).to.deep.equal([client.id, "7ag1mobileclient000000000"]);
        const config = await deployedConfig(only(run, FUNCTION));
        expect(config).to.include("eu-west-1_AbCdEf123");
        expect(config).to.include("7ag1mobileclient000000000");
    });

    it("embeds an explicit JWKS without reading the pool, and honours pool, client, runtime and retention settings", async () => {
        const { run } = await build({
            jwks: TEST_JWKS,
            userPool: { selfSignUp: true, mfa: "ON", deletionProtection: true, minimumPasswordLength: 16 },
            appClient: { callbackUrls: ["https://app.example.com/callback", "http://localhost:3000/cb"], logoutUrls: ["https://app.example.com/"], accessTokenValidityMinutes: 15 },
            tokenSources: ["cookie"],
            cookieName: "access_token",
            runtime: "nodejs20.x",
            timeoutSeconds: 3,
            retainOnDelete: false,
        });
        expect(resourcesOf(run, JWKS)).to.have.length(0);
        expect(await deployedConfig(only(run, FUNCTION))).to.include(KID);
        const pool = only(run, POOL);
        expect(pool.inputs.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: false });
        expect(pool.inputs).to.include({ mfaConfiguration: "ON", deletionProtection: "ACTIVE" });
        expect((pool.inputs.passwordPolicy as any).minimumLength).to.equal(16);
        const client = only(run, CLIENT);
        expect(client.inputs).to.include({ allowedOauthFlowsUserPoolClient: true, accessTokenValidity: 15, generateSecret: false });
        expect(client.inputs.allowedOauthFlows).to.deep.equal(["code"]);
        expect(client.inputs.allowedOauthScopes).to.deep.equal(["openid", "email", "profile"]);
        expect(client.inputs.callbackUrls).to.deep.equal(["https://app.example.com/callback", "http://localhost:3000/cb"]);
        const fn = only(run, FUNCTION);
        expect(fn.inputs).to.include({ runtime: "nodejs20.x", timeout: 3 });
        expect(fn.retainOnDelete).to.equal(false);
    });

    it("takes the log retention and the edge log regions from its arguments; [] creates only the function's own group", async () => {
        const { run } = await build({ jwks: TEST_JWKS, logRetentionDays: 7, edgeLogRegions: ["eu-west-1", "us-east-1"] });
        const groups = resourcesOf(run, LOG_GROUP);
        expect(groups.map((g) => g.name).sort()).to.deep.equal(["auth-edge-logs-eu-west-1", "auth-edge-logs-us-east-1", "auth-function-logs"]);
        for (const group of groups) expect(group.inputs.retentionInDays, group.name).to.equal(7);
        expect(only(run, LOG_GROUP, "auth-edge-logs-eu-west-1").inputs.region).to.equal("eu-west-1");
        const none = await build({ jwks: TEST_JWKS, edgeLogRegions: [] });
        expect(resourcesOf(none.run, LOG_GROUP).map((g) => g.name)).to.deep.equal(["auth-function-logs"]);
    });

    it("in mode unsigned, a cookie-only auth is associated and leaves the Authorization header alone", async () => {
        const { run, auth } = await build({ tokenSources: ["cookie"], cookieName: "access_token", frontMode: "unsigned" }, { front: { mode: "unsigned" } });
        expect(auth.viewerRequest.readsAuthorizationHeader).to.equal(false);
        const behavior = only(run, DISTRIBUTION).inputs.defaultCacheBehavior as any;
        expect(behavior.lambdaFunctionAssociations[0].lambdaArn).to.equal(only(run, FUNCTION).outputs.qualifiedArn);
        const { handler } = loadBundle(await deployedFiles(only(run, FUNCTION)));
        const sigv4 = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260301/eu-central-1/s3/aws4_request, SignedHeaders=host, Signature=abc";
        const claims = {
            sub: "u1",
            iss: `https://cognito-idp.eu-central-1.amazonaws.com/${only(run, POOL).id}`,
            client_id: only(run, CLIENT).id,
            token_use: "access",
        };
        const passed = await handler(viewerRequest({ Authorization: sigv4, Cookie: `theme=dark; access_token=${token(claims)}` }));
        expect(passed.status).to.equal(undefined);
        expect(passed.headers.authorization).to.deep.equal([{ key: "Authorization", value: sigv4 }]);
        expect(passed.headers.cookie).to.deep.equal([{ key: "Cookie", value: "theme=dark" }]);
    });

    it("does not crash in a preview, where the pool, client and keys (so the code) are unknown", async () => {
        const { run, auth } = await build({ requiredGroups: ["subscribers"] }, { preview: true, front: { mode: "signed" } });
        const fn = only(run, FUNCTION);
        expect(fn.inputs).to.include({ publish: true, memorySize: 128 });
        expect(fn.inputs.code).to.deep.equal({ __pulumiUnknown: true });
        expect(regionOfResource(run, fn)).to.equal("us-east-1");
        expect(only(run, DISTRIBUTION)).to.be.an("object");
        expect(auth.viewerRequest.readsAuthorizationHeader).to.equal(true);
        let settled = false;
        auth.bundleSha256.apply(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(settled).to.equal(false);
    });
});

describe("CognitoEdgeAuth refuses", () => {
    const rejected: Array<[string, CognitoEdgeAuthArgs, string | undefined, RegExp]> = [
        ["a stack in China", {}, "cn-north-1", /partition: "aws-cn" has no Lambda@Edge/],
        ["the aws-cn partition", { partition: "aws-cn" }, undefined, /partition: "aws-cn" has no Lambda@Edge/],
        ["an existing pool in China", { existingUserPool: { userPoolId: "cn-north-1_AbCdEf123" } }, undefined, /existingUserPool.region: "cn-north-1" is in aws-cn/],
        [
            "the Authorization header in front mode unsigned",
            { frontMode: "unsigned" },
            undefined,
            /tokenSources: .* reads the Authorization header, but frontMode "unsigned" cannot allow that: .*SigV4.*use tokenSources: \["cookie"\]/,
        ],
        [
            "a cookie plus the header in front mode unsigned",
            { frontMode: "unsigned", tokenSources: ["cookie", "authorization-header"], cookieName: "t" },
            undefined,
            /tokenSources: \["cookie","authorization-header"\] reads the Authorization header/,
        ],
        ["environment variables passed anyway", { environment: { variables: { POOL: "x" } } } as any, undefined, /environment: .* is not allowed: Lambda@Edge functions have no environment variables/],
        ["a timeout beyond the viewer-request limit", { timeoutSeconds: 10 }, undefined, /timeoutSeconds: 10 is not a whole number from 1 to 5/],
        ["an unsupported runtime", { runtime: "nodejs18.x" as any }, undefined, /runtime: "nodejs18.x" is not one of nodejs22.x \| nodejs20.x/],
        ["pool settings with an existing pool", { userPool: {}, existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" } }, undefined, /userPool: .* cannot be combined with existingUserPool/],
        ["a pool ID whose region disagrees", { existingUserPool: { userPoolId: "eu-west-1_AbCdEf123", region: "us-east-1" } }, undefined, /existingUserPool.region: "us-east-1" does not match the region in userPoolId/],
        ["a malformed pool ID", { existingUserPool: { userPoolId: "not-a-pool" } }, undefined, /existingUserPool.userPoolId: "not-a-pool" is not a Cognito user pool ID/],
        ["no app client and no client IDs", { appClient: { create: false } }, undefined, /appClient.create: false needs clientIds/],
        ["app client settings for a client not created", { appClient: { create: false, callbackUrls: ["https://app.example.com/cb"] }, clientIds: ["7ag1mobileclient000000000"] }, undefined, /appClient.callbackUrls: .* applies only to a client this component creates/],
        ["the old appClient: false", { appClient: false, clientIds: ["7ag1mobileclient000000000"] } as any, undefined, /appClient: false is not an object; write appClient: \{ create: false \}/],
        ["transform as an argument", { transform: { function: () => undefined } } as any, undefined, /transform: .* pass the hooks as the constructor's fourth argument/],
        ["an unknown setting", { cookiename: "t" } as any, undefined, /cookiename: "t" is not a known key \(did you mean cookieName\?\)/],
        ["a plain-HTTP callback", { appClient: { callbackUrls: ["http://app.example.com/cb"] } }, undefined, /appClient.callbackUrls\[0\]: "http:\/\/app.example.com\/cb" is not an absolute https URL/],
        ["a short password policy", { userPool: { minimumPasswordLength: 6 } }, undefined, /userPool.minimumPasswordLength: 6 is not a whole number from 8 to 99/],
        ["a bad cookie name (the function's own rule)", { tokenSources: ["cookie"], cookieName: "a b" }, undefined, /cookieName: "a b" is not a cookie name/],
        ["a cookie source without a cookie name", { tokenSources: ["cookie"] }, undefined, /cookieName: \(missing\) is required when tokenSources includes "cookie"/],
        ["an unknown token use", { tokenUse: "refresh" as any }, undefined, /tokenUse: "refresh" is not one of id \| access/],
        ["a reserved subject header", { subjectHeader: "x-amz-user" }, undefined, /subjectHeader: "x-amz-user" is reserved/],
        ["a log retention CloudWatch Logs does not offer", { logRetentionDays: 10 }, undefined, /logRetentionDays: 10 is not one of 1 \| 3 \| 5 \| 7 \| 14 \| 30 \| 60 \| 90/],
        ["an edge log region twice, or not a region", { edgeLogRegions: ["eu-west-1", "eu-west-1", "Frankfurt"] }, undefined, /^(?=[\s\S]*edgeLogRegions\[1\]: "eu-west-1" is listed twice)(?=[\s\S]*edgeLogRegions\[2\]: "Frankfurt" is not an AWS region name)/],
        ["a JWKS holding private key material", { jwks: { keys: [{ ...TEST_JWKS.keys[0], d: "secret" }] } as any }, undefined, /jwks.keys\[0\].d: "\(redacted\)" is private key material/],
    ];
    for (const [what, args, region, message] of rejected) {
        it(`${what}, naming the setting`, () => {
            const issues = validateCognitoEdgeAuthArgs(args, region ?? "eu-central-1");
            expect(new ValidationError("x", issues).message).to.match(message);
        });
    }

    it("accepts the defaults, and skips values that are not known yet", () => {
        expect(validateCognitoEdgeAuthArgs({}, "eu-central-1")).to.deep.equal([]);
        const unknownPool = { existingUserPool: { userPoolId: pulumi.output("eu-west-1_AbCdEf123"), region: "eu-west-1" } };
        expect(validateCognitoEdgeAuthArgs(unknownPool, "eu-central-1")).to.deep.equal([]);
        expect(validateCognitoEdgeAuthArgs({ existingUserPool: { userPoolId: pulumi.output("eu-west-1_AbCdEf123") } }, "eu-central-1").map((i) => i.path)).to.deep.equal(["existingUserPool.region"]);
        const unknownClients = { appClient: { create: false }, clientIds: [pulumi.output("7ag1mobileclient000000000")] };
        expect(validateCognitoEdgeAuthArgs(unknownClients, "eu-central-1")).to.deep.equal([]);
    });

    it("refuses before creating anything, with the component's name in the message", async () => {
        let error: unknown;
        const run = await runOffline(
            () => {
                try {
                    new CognitoEdgeAuth("auth", { frontMode: "unsigned" });
                } catch (e) {
                    error = e;
                }
            },
            { project: "legacy-tls-front", stack: "test", config: { "aws:region": "cn-northwest-1" } },
        );
        expect(error).to.be.instanceOf(ValidationError);
        expect((error as Error).message).to.match(/^CognitoEdgeAuth "auth" is invalid:/);
        expect((error as Error).message).to.match(/partition: "aws-cn" has no Lambda@Edge/);
        expect((error as Error).message).to.match(/frontMode "unsigned"/);
        expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.have.length(0);
    });

    it("re-checks the function after transform.function: environment, arm64, memory, timeout, publish", async () => {
        let error: unknown;
        await runOffline(
            () => {
                try {
                    new CognitoEdgeAuth("auth", { jwks: TEST_JWKS }, undefined, {
                        function: (fn) => {
                            fn.environment = { variables: { POOL_ID: "x" } };
                            fn.architectures = ["arm64"];
                            fn.memorySize = 256;
                            fn.timeout = 30;
                            fn.publish = false;
                        },
                    });
                } catch (e) {
                    error = e;
                }
            },
            { project: "legacy-tls-front", stack: "test", config: { "aws:region": "eu-central-1" } },
        );
        const message = (error as Error).message;
        expect(error).to.be.instanceOf(ValidationError);
        expect(message).to.match(/transform.function.environment: .* is not allowed/);
        expect(message).to.match(/transform.function.architectures: \["arm64"\] must be \["x86_64"\]/);
        expect(message).to.match(/transform.function.memorySize: 256 exceeds the 128 MB viewer-request limit/);
        expect(message).to.match(/transform.function.timeout: 30 exceeds the 5 s viewer-request limit/);
        expect(message).to.match(/transform.function.publish: false must be true/);
        expect(validateEdgeFunctionArgs({ role: "r", runtime: EDGE_RUNTIMES[0], publish: true, architectures: ["x86_64"], memorySize: 128, timeout: 5 })).to.deep.equal([]);
    });
});

describe("LegacyTlsFront with viewer authentication", () => {
    const origin = { bucketName: "b", bucketArn: "arn:aws:s3:::b", regionalDomainName: "b.s3.eu-central-1.amazonaws.com" };
    const auth = (readsAuthorizationHeader: boolean, lambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3") => ({
        viewerRequest: { lambdaArn, readsAuthorizationHeader },
    });

    it("refuses mode unsigned with an authenticator that reads the Authorization header, naming both", () => {
        const issues = validateLegacyTlsFrontArgs({ origin, mode: "unsigned", viewerAuth: auth(true) });
        expect(new ValidationError("front", issues).message).to.match(
            /viewerAuth: "\(reads the Authorization header\)" cannot be combined with mode "unsigned": mode "unsigned" carries the viewer's SigV4 signature/,
        );
        expect(validateLegacyTlsFrontArgs({ origin, mode: "unsigned", viewerAuth: auth(false) })).to.deep.equal([]);
        expect(validateLegacyTlsFrontArgs({ origin, mode: "presigned", viewerAuth: auth(true) })).to.deep.equal([]);
        expect(validateLegacyTlsFrontArgs({ origin, mode: "signed", viewerAuth: auth(true) })).to.deep.equal([]);
    });

    it("refuses an unversioned or non-us-east-1 function ARN, and Lambda@Edge in aws-cn", () => {
        for (const arn of [
            "arn:aws:lambda:us-east-1:123456789012:function:edge-auth",
            "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:$LATEST",
            "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:live",
            "arn:aws:lambda:eu-west-1:123456789012:function:edge-auth:3",
        ]) {
            const issues = validateLegacyTlsFrontArgs({ origin, mode: "signed", viewerAuth: auth(true, arn) });
            expect(issues.map((i) => i.path), arn).to.deep.equal(["viewerAuth.viewerRequest.lambdaArn"]);
        }
        const cn = validateLegacyTlsFrontArgs({
            origin,
            mode: "signed",
            partition: "aws-cn",
            domainNames: ["legacy.example.com.cn"],
            iamCertificateId: "ASCAEXAMPLE123",
            viewerAuth: auth(true),
        });
        expect(new ValidationError("front", cn).message).to.match(/viewerAuth: "\(set\)" is not available in partition "aws-cn"/);
    });

    it("a CognitoEdgeAuth reading the header makes an unsigned front fail before anything is created", async () => {
        let error: unknown;
        const run = await runOffline(
            () => {
                const edge = new CognitoEdgeAuth("auth", { jwks: TEST_JWKS });
                try {
                    new LegacyTlsFront("front", { origin, mode: "unsigned", viewerAuth: edge });
                } catch (e) {
                    error = e;
                }
            },
            { project: "legacy-tls-front", stack: "test", config: { "aws:region": "eu-central-1" } },
        );
        expect((error as Error).message).to.match(/^LegacyTlsFront "front" is invalid:\n {2}- viewerAuth: .* cannot be combined with mode "unsigned"/);
        expect(resourcesOf(run, DISTRIBUTION)).to.have.length(0);
    });
});

describe("CognitoEdgeAuth settings: the schema and the function's cold-start check", () => {
    /** Whether the settings schema accepts `settings`. */
    const schemaAccepts = (settings: Record<string, unknown>) => settingsIssues("CognitoEdgeAuthSettings", settings).length === 0;
    /** Whether the function's own config check accepts a config with `fields`. */
    const functionAccepts = (fields: Record<string, unknown>) => {
        try {
            validateEdgeAuthConfig({ ...testConfig(), ...fields });
            return true;
        } catch (error) {
            expect(error).to.be.instanceOf(ValidationError);
            return false;
        }
    };
    const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

    // Each setting the component hands to the function, with values on both sides of every bound: the
    // two input surfaces (a program's or stack file's settings; a config built by `npm run build:edge`)
    // declare the same constraints, so each value is accepted by both or refused by both.
    const shared: Array<[string, unknown[], Record<string, unknown>?]> = [
        ["tokenUse", ["id", "access", "refresh", "", 1]],
        ["requiredGroups", [[], ["subscribers", "Abonnés-Ü", "会员", "vip+1", "a:b/c"], ["two words"], ["tab\t"], [""], ["x".repeat(128)], ["x".repeat(129)], ["nul\u0000"], many(100, "g"), many(101, "g"), "subscribers"]],
        ["cookieName", ["access_token", "a!#$%&'*+-.^_`|~9", "a b", "a;b", "", "x".repeat(256), "x".repeat(257), 5]],
        ["tokenSources", [["cookie"], ["authorization-header", "cookie"], [], ["query-string"], "cookie"], { cookieName: "t" }],
        ["clockSkewSeconds", [0, 300, 301, -1, 1.5, "30"]],
        ["realm", ["r", "r".repeat(128), "r".repeat(129), "", 'say "hi"', "back\\slash", "tab\t", " spaces ok"]],
        ["subjectHeader", ["x-user-sub", "x-a1-b2", "X-User", "x-", "x--a", "x-a-", "y-user", `x-${"a".repeat(62)}`, `x-${"a".repeat(63)}`, 7]],
        ["requiredClaims", [{}, { "custom:plan": ["premium", "family"] }, { "custom:plan": [] }, { "custom:plan": ["x".repeat(1024)] }, { "custom:plan": ["x".repeat(1025)] }, { c: many(100, "v") }, { c: many(101, "v") }, { c: [3] }, ["custom:plan"]]],
        ["cacheSize", [0, 10_000, 10_001, -1]],
        ["maxTokenLength", [512, 16_384, 511, 16_385]],
        ["jwksRefetchIntervalSeconds", [10, 3600, 9, 3601]],
        ["jwksFetchTimeoutMs", [100, 3000, 99, 3001]],
    ];
    for (const [field, values, context = {}] of shared) {
        it(`agree on ${field}`, () => {
            for (const value of values) {
                const fields = { ...context, [field]: value };
                expect(schemaAccepts(fields), `${field}: ${JSON.stringify(value).slice(0, 40)}`).to.equal(functionAccepts(fields));
            }
        });
    }

    it("agree on the pool ID and the client IDs, which the component fills into the function's config", () => {
        const poolIds = ["eu-west-1_AbCdEf123", "us-gov-west-1_Abc", "eusc-de-east-1_X1", "eu-west-1-AbC", "eu-west-1_", "EU-west-1_abc", "eu-west_abc", "eu-west-1_ab-c", "x_y", `eu-west-1_${"a".repeat(45)}`, `eu-west-1_${"a".repeat(46)}`];
        for (const id of poolIds) {
            expect(schemaAccepts({ existingUserPool: { userPoolId: id } }), id).to.equal(functionAccepts({ userPoolId: id }));
        }
        for (const id of ["4p3kq1exampleclientid0000", "a+b_C9", "", "a-b", "x".repeat(128), "x".repeat(129)]) {
            expect(schemaAccepts({ clientIds: [id] }), id).to.equal(functionAccepts({ clientIds: [id] }));
        }
    });

    // What only the function checks: rules no schema keyword expresses. The component still reports them
    // before anything is created, by running the function's check on the config it will build.
    it("leaves to the function's check only what a schema cannot say, and the component reports it", () => {
        const functionOnly: Array<Record<string, unknown>> = [
            { tokenSources: ["cookie"] },
            { tokenSources: ["cookie", "cookie"], cookieName: "t" },
            { requiredGroups: ["g", "g"] },
            { subjectHeader: "x-amz-user" },
            { subjectHeader: "x-forwarded-user" },
            { requiredClaims: { aud: ["x"] } },
            { requiredClaims: { constructor: ["x"] } },
            { requiredClaims: Object.fromEntries(many(21, "c").map((c) => [c, ["v"]])) },
        ];
        for (const fields of functionOnly) {
            const what = JSON.stringify(fields).slice(0, 60);
            expect(schemaAccepts(fields), what).to.equal(true);
            expect(functionAccepts(fields), what).to.equal(false);
            expect(validateCognitoEdgeAuthArgs(fields, "eu-central-1"), what).to.have.length(1);
        }
    });

    it("reports a bad setting once, from the schema, though the function's check refuses it too", () => {
        for (const [fields, line] of [
            [{ clockSkewSeconds: 3600 }, "clockSkewSeconds: 3600 is not a whole number from 0 to 300"],
            [{ tokenSources: ["query-string"], cookieName: "t" }, 'tokenSources[0]: "query-string" is not one of authorization-header | cookie'],
            [{ tokenSources: "cookie", cookieName: "t" }, 'tokenSources: "cookie" is not a list'],
            [{ requiredGroups: ["two words", "ok"] }, 'requiredGroups[0]: "two words" is not a Cognito group name'],
            [{ requiredClaims: { "custom:plan": [] } }, "requiredClaims.custom:plan: [] is not a list of 1 to 100 items"],
            [{ subjectHeader: "X-User" }, 'subjectHeader: "X-User" is not a lower-case header name starting with x-'],
        ] as const) {
            const issues = validateCognitoEdgeAuthArgs(fields as CognitoEdgeAuthArgs, "eu-central-1");
            expect(issues, line).to.have.length(1);
            expect(new ValidationError("x", issues).message, line).to.contain(line);
        }
    });

    it("prefixes every path when asked (a stack's config section)", () => {
        expect(validateCognitoEdgeAuthArgs({ clockSkewSeconds: -1, appClient: { create: false } }, "eu-central-1", "auth").map((i) => i.path).sort()).to.deep.equal([
            "auth.appClient.create",
            "auth.clockSkewSeconds",
        ]);
    });
});

describe("CognitoEdgeAuth app client and hooks", () => {
    it("creates no app client with appClient.create false, and accepts exactly the listed clients", async () => {
        const { run, auth } = await build({ existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" }, appClient: { create: false }, clientIds: ["7ag1mobileclient000000000"] });
        expect(resourcesOf(run, CLIENT)).to.have.length(0);
        expect(await promiseOf(auth.appClientId)).to.equal(undefined);
        expect(await promiseOf(auth.clientIds)).to.deep.equal(["7ag1mobileclient000000000"]);
        expect(JSON.parse(await deployedConfig(only(run, FUNCTION))).clientIds).to.deep.equal(["7ag1mobileclient000000000"]);
    });

    it("applies the function hook (the constructor's fourth argument) before creating the function", async () => {
        const run = await runOffline(
            () => {
                new CognitoEdgeAuth("auth", { jwks: TEST_JWKS }, undefined, {
                    function: (fn) => {
                        fn.description = "edited";
                    },
                });
            },
            { project: "legacy-tls-front", stack: "test", config: { "aws:region": "eu-central-1" } },
        );
        expect(only(run, FUNCTION).inputs.description).to.equal("edited");
    });
});

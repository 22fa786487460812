/**
 * Runs index.ts under Pulumi's mocks, as this team's CI would, and checks what it would deploy: the
 * resources the published components create, the Lambda archives they deploy from the installed package
 * (its prebuilt bundles, each with its config.json; the edge function answers a real CloudFront event)
 * and the outputs. No bundler is installed here: `pulumi up` needs none. Exits non-zero on the first
 * failed check; prints one `CONSUMER_REPORT {json}` line for the package's own test to compare.
 *
 *     npm test   (tsc -p . && node bin/test.js)
 */
import * as assert from "node:assert/strict";
import { createHash, generateKeyPairSync, verify } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT_NAME, StackConfigInput, validateStackConfig } from "legacy-tls-front/automation";
import { signUrl } from "legacy-tls-front/content-signing";

const PROJECT = "legacy-tls-consumer";
const ACCOUNT = "123456789012";
const STACK_REGION = "eu-west-1";

/** A resource the program registered. */
interface Registered {
    readonly type: string;
    readonly id: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly state: Record<string, any>;
    /** Region of the provider that manages it. */
    readonly region: string;
}

const registered: Registered[] = [];
const providerRegions = new Map<string, string>();

// The user pool's signing key, whose public half the JWKS "read during deployment" returns.
const poolKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const poolJwk = poolKey.publicKey.export({ format: "jwk" });
const JWKS = { keys: [{ kty: "RSA", kid: "consumer-test-key", alg: "RS256", use: "sig", n: poolJwk.n, e: poolJwk.e }] };
// The signing key pair SignedContentKeys generates (tls.PrivateKey); the content service signs with its private half.
const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingPublicKeyPem = signingKey.publicKey.export({ type: "spki", format: "pem" }).toString();

/** Outputs AWS would compute, in the shapes the components read. */
function computedState(type: string, name: string, inputs: Record<string, any>, region: string): { id: string; state: Record<string, any> } {
    const arn = (service: string, resource: string, where = region) => `arn:aws:${service}:${where}:${ACCOUNT}:${resource}`;
    switch (type) {
        case "aws:s3/bucket:Bucket": {
            const bucket = inputs.bucket ?? `${name}-20261121`;
            return { id: bucket, state: { bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` } };
        }
        case "aws:cloudfront/distribution:Distribution":
            return {
                id: "E2QWRUHAPOMQZL",
                state: { arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`, domainName: "d111111abcdef8.cloudfront.net", hostedZoneId: "Z2FDTNDATAQYW2" },
            };
        case "aws:cognito/userPool:UserPool":
            return { id: `${region}_AbCdEf123`, state: { arn: arn("cognito-idp", `userpool/${region}_AbCdEf123`) } };
        case "aws:cognito/userPoolClient:UserPoolClient":
            return { id: "4example5client6id7abcdefgh", state: {} };
        case "pulumi-nodejs:dynamic/cognito:JwksDocument":
            return { id: String(inputs.jwksUrl), state: { jwks: JWKS } };
        case "aws:cloudfront/publicKey:PublicKey":
            return { id: "K2JCJMDEHXQW5F", state: {} };
        case "tls:index/privateKey:PrivateKey":
            return { id: `${name}-id`, state: { publicKeyPem: signingPublicKeyPem, privateKeyPem: "(secret)" } };
        case "aws:lambda/function:Function": {
            const functionArn = arn("lambda", `function:${name}`);
            return { id: name, state: { arn: functionArn, version: "1", qualifiedArn: `${functionArn}:1`, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations` } };
        }
        case "aws:iam/role:Role":
            return { id: name, state: { arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, name } };
        case "aws:apigateway/restApi:RestApi":
            return { id: "a1b2c3d4e5", state: { rootResourceId: "r00t1d", executionArn: arn("execute-api", "a1b2c3d4e5") } };
        case "aws:apigateway/domainName:DomainName":
            return { id: String(inputs.domainName), state: { regionalDomainName: `d-abc123.execute-api.${region}.amazonaws.com`, regionalZoneId: "ZLY8HYME6SFDD" } };
        case "aws:apigateway/stage:Stage":
            return { id: `${name}-id`, state: { invokeUrl: `https://a1b2c3d4e5.execute-api.${region}.amazonaws.com/${inputs.stageName}` } };
        case "aws:acm/certificate:Certificate":
            return {
                id: arn("acm", `certificate/${name}`),
                state: {
                    arn: arn("acm", `certificate/${name}`),
                    domainValidationOptions: [
                        { domainName: inputs.domainName, resourceRecordName: `_x1.${inputs.domainName}.`, resourceRecordType: "CNAME", resourceRecordValue: "_x2.acm-validations.aws." },
                    ],
                },
            };
        default:
            return { id: `${name}-id`, state: { arn: arn(type.split(":")[1].split("/")[0], name) } };
    }
}

pulumi.runtime.setAllConfig({
    "aws:region": STACK_REGION,
    [`${PROJECT}:apiDomainName`]: "api.example.com",
    [`${PROJECT}:hostedZoneId`]: "Z0123456789ABCDEFGHIJ",
});

pulumi.runtime.setMocks(
    {
        newResource(args) {
            // A resource's provider reference is "<provider URN>::<provider ID>"; the IDs below are unique.
            const isProvider = args.type.startsWith("pulumi:providers:");
            const region = isProvider ? String(args.inputs.region ?? STACK_REGION) : providerRegions.get(args.provider?.split("::").pop() ?? "") ?? STACK_REGION;
            const { id, state } = computedState(args.type, args.name, args.inputs, region);
            if (isProvider) providerRegions.set(id, region);
            const full = { ...args.inputs, ...state };
            registered.push({ type: args.type, id, name: args.name, inputs: args.inputs, state: full, region });
            return { id, state: full };
        },
        call(args) {
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDACONSUMER" };
                default:
                    // Strict: a call nobody answered is a bug in the program or in these mocks.
                    throw new Error(`unexpected provider call ${args.token}`);
            }
        },
    },
    PROJECT,
    "test",
    false,
);

/** The value of an output (resolved: these mocks answer every resource). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Every resource of `type`. */
function all(type: string): Registered[] {
    return registered.filter((r) => r.type === type);
}

/** The one resource of `type` named `name`. */
function one(type: string, name: string): Registered {
    const found = registered.filter((r) => r.type === type && r.name === name);
    assert.equal(found.length, 1, `exactly one ${type} named ${name} (have: ${all(type).map((r) => r.name).join(", ")})`);
    return found[0];
}

/** A Lambda deployment archive: its files' contents, and where its index.js was read from. */
interface Archive {
    readonly files: Record<string, string>;
    /** The path of the prebuilt index.js the archive points at. */
    readonly codePath: string;
}

/** The files of a Lambda deployment archive: `index.js` (a file of the installed package) and, when configured, `config.json`. */
async function archiveOf(fn: Registered, expected: readonly string[]): Promise<Archive> {
    const assets = await (fn.inputs.code as pulumi.asset.AssetArchive).assets;
    assert.deepEqual(Object.keys(assets).sort(), [...expected].sort(), `${fn.name}: the archive holds ${expected.join(" and ")}`);
    const codePath = await (assets["index.js"] as pulumi.asset.FileAsset).path;
    assert.equal(typeof codePath, "string", `${fn.name}: index.js is the prebuilt file, not code built during the deployment`);
    const files: Record<string, string> = { "index.js": fs.readFileSync(codePath, "utf8") };
    if (assets["config.json"]) files["config.json"] = await (assets["config.json"] as pulumi.asset.StringAsset).text;
    return { files, codePath };
}

/** SHA-256, hex. */
function sha256(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/** Loads an archive's files the way Lambda does (`index.handler`), from a folder of their own. */
function load(files: Record<string, string>): { handler: (event?: unknown) => Promise<any> } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-bundle-"));
    try {
        for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
        return require(path.join(dir, "index.js"));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    const program = await import("./index");
    const outputs = {
        url: await valueOf(program.url),
        bucketName: await valueOf(program.bucketName),
        keyPairId: await valueOf(program.keyPairId),
        edgeFunctionArn: await valueOf(program.edgeFunctionArn),
        edgeBundleSha256: await valueOf(program.edgeBundleSha256),
        apiUrl: await valueOf(program.apiUrl),
    };
    // Every registration has reached the mocks once the runtime has no RPC in flight.
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

    // The front: the bucket as its only origin, the edge function on every behaviour but /premium/*,
    // whose requests need a signature of the key group instead.
    const bucket = one("aws:s3/bucket:Bucket", "media-bucket");
    const distribution = one("aws:cloudfront/distribution:Distribution", "media-distribution");
    assert.deepEqual(
        distribution.inputs.origins.map((o: any) => o.domainName),
        [bucket.state.bucketRegionalDomainName],
    );
    assert.equal(outputs.url, "https://d111111abcdef8.cloudfront.net");
    assert.equal(outputs.bucketName, bucket.state.bucket);
    const edgeAssociations = (behavior: any) => (behavior.lambdaFunctionAssociations ?? []).map((a: any) => `${a.eventType} ${a.lambdaArn}`);
    assert.deepEqual(edgeAssociations(distribution.inputs.defaultCacheBehavior), [`viewer-request ${outputs.edgeFunctionArn}`]);
    const keyGroup = one("aws:cloudfront/keyGroup:KeyGroup", "media-signing-key-group");
    const premium = distribution.inputs.orderedCacheBehaviors.find((b: any) => b.pathPattern === "/premium/*");
    assert.ok(premium, "an ordered behaviour for /premium/*");
    assert.deepEqual(premium.trustedKeyGroups, [keyGroup.id]);
    assert.deepEqual(edgeAssociations(premium), []);

    // The bucket admits the distribution, and only it, through CloudFront's service principal.
    const policies = all("aws:s3/bucketPolicy:BucketPolicy");
    assert.equal(policies.length, 1, "one bucket policy");
    const statements = JSON.parse(policies[0].inputs.policy).Statement as any[];
    const cloudfront = statements.filter((s) => s.Principal?.Service === "cloudfront.amazonaws.com");
    assert.ok(cloudfront.length > 0, "statements for CloudFront");
    for (const s of cloudfront) assert.equal(s.Condition.StringEquals["AWS:SourceArn"], distribution.state.arn);

    // The edge function: in us-east-1, the installed package's prebuilt bundle with its config.json,
    // denying a request without a token.
    const edge = all("aws:lambda/function:Function").filter((f) => f.region === "us-east-1" && f.inputs.publish === true);
    assert.equal(edge.length, 1, "one published function in us-east-1");
    const edgeArchive = await archiveOf(edge[0], ["index.js", "config.json"]);
    const edgeConfig = JSON.parse(edgeArchive.files["config.json"]);
    assert.deepEqual(edgeConfig.jwks, JWKS, "config.json carries the pool's keys");
    assert.deepEqual(edgeConfig.tokenSources, ["cookie"]);
    // bundleSha256 covers both files: `sha256sum config.json index.js | sha256sum`.
    const manifest = `${sha256(edgeArchive.files["config.json"])}  config.json\n${sha256(edgeArchive.files["index.js"])}  index.js\n`;
    assert.equal(sha256(manifest), outputs.edgeBundleSha256);
    const denied = await load(edgeArchive.files).handler({
        Records: [
            {
                cf: {
                    config: { distributionDomainName: "d111111abcdef8.cloudfront.net", distributionId: "E2QWRUHAPOMQZL", eventType: "viewer-request", requestId: "r1" },
                    request: { clientIp: "203.0.113.9", headers: { host: [{ key: "Host", value: "d111111abcdef8.cloudfront.net" }] }, method: "GET", querystring: "", uri: "/movies/1.mp4" },
                },
            },
        ],
    });
    assert.equal(denied.status, "401", `no token → 401 (got ${JSON.stringify(denied).slice(0, 200)})`);

    // The API: a function pair (API and health) in each region, the installed package's prebuilt bundles;
    // the health function's config in its config.json, no environment variables.
    const regional = all("aws:lambda/function:Function").filter((f) => f.name.startsWith("catalog-api"));
    assert.deepEqual([...new Set(regional.map((f) => f.region))].sort(), ["eu-west-1", "us-east-1"]);
    assert.equal(regional.length, 4, "API and health function per region");
    const bundles: Record<string, string> = {};
    const bundlePaths: Record<string, string> = {};
    for (const fn of regional) {
        const health = fn.name.includes("-health-");
        const archive = await archiveOf(fn, health ? ["index.js", "config.json"] : ["index.js"]);
        bundles[fn.name] = sha256(archive.files["index.js"]);
        bundlePaths[fn.name] = archive.codePath;
        assert.equal(fn.inputs.environment, undefined, `${fn.name}: no environment variables`);
        if (health) assert.equal(JSON.parse(archive.files["config.json"]).healthyBody, "ok", `${fn.name}: config.json has the health check's search string`);
    }
    const apiFunction = regional.find((f) => f.region === "eu-west-1" && /api/.test(f.name.replace("catalog-api", "")))!;
    process.env.AWS_REGION = "eu-west-1";
    const hello = await load((await archiveOf(apiFunction, ["index.js"])).files).handler();
    assert.equal(hello.body, "hello from eu-west-1");
    assert.equal(outputs.apiUrl, "https://api.example.com/v1");

    // The content service (content-signing entry point, no @pulumi/* needed): a link to premium content
    // with the key pair the stack created, which CloudFront verifies with the public key it was given.
    const expiresAt = new Date(Date.now() + 3600_000);
    const link = new URL(
        signUrl({ url: `${outputs.url}/premium/1.mp4`, keyPairId: outputs.keyPairId, privateKey: signingKey.privateKey.export({ type: "pkcs8", format: "pem" }), expiresAt }),
    );
    assert.equal(link.searchParams.get("Key-Pair-Id"), outputs.keyPairId);
    // CloudFront rebuilds the canned policy from the URL and its Expires (epoch seconds), then checks the signature.
    const expires = Number(link.searchParams.get("Expires"));
    assert.ok(Math.abs(expires - expiresAt.getTime() / 1000) <= 1, `Expires ${expires} is the expiry asked for`);
    const cannedPolicy = JSON.stringify({ Statement: [{ Resource: `${outputs.url}/premium/1.mp4`, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }] });
    const signature = Buffer.from(link.searchParams.get("Signature")!.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");
    const publicKeyPem = one("aws:cloudfront/publicKey:PublicKey", "media-signing-public-key").inputs.encodedKey;
    assert.ok(verify("RSA-SHA1", Buffer.from(cannedPolicy), publicKeyPem, signature), "the signed URL verifies with the key CloudFront trusts");

    // A service deploying one front per customer (automation entry point) checks its typed config with
    // the package's own rules before it starts the Pulumi CLI.
    const customer: StackConfigInput = { region: "eu-west-1", environment: "prod", front: { mode: "signed" }, publicContent: true };
    assert.deepEqual(validateStackConfig(PROJECT_NAME, "customer-42", customer).issues, []);
    const typo = validateStackConfig(PROJECT_NAME, "customer-43", { ...customer, front: { mode: "sigend" as "signed" } }).issues;
    assert.ok(typo.some((issue) => issue.path === "front.mode"), `a bad mode is named (got ${JSON.stringify(typo)})`);

    const count: Record<string, number> = {};
    for (const r of registered) count[r.type] = (count[r.type] ?? 0) + 1;
    const report = {
        outputs,
        resources: registered.length,
        count,
        bundles,
        bundlePaths,
        edgeBundlePath: edgeArchive.codePath,
        apiFunction: apiFunction.name,
        // Where @pulumi/pulumi was loaded from, by this program and by the package: one copy or mocks break.
        pulumiFromProgram: fs.realpathSync(require.resolve("@pulumi/pulumi")),
        pulumiFromPackage: fs.realpathSync(require.resolve("@pulumi/pulumi", { paths: [path.dirname(require.resolve("legacy-tls-front"))] })),
    };
    console.log(`CONSUMER_REPORT ${JSON.stringify(report)}`);
}

main().catch((error) => {
    // What the program registered, to see which name or shape a check expected wrongly; the error last.
    for (const r of registered) console.error(`  registered ${r.type} ${r.name} (${r.region})`);
    console.error(error);
    process.exit(1);
});

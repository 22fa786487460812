/**
 * Directory indexes (`/docs/` served as `/docs/index.html`): one case table run through both places the
 * rule runs — the CloudFront Function's code, executed as deployed (in a `vm` context, with CloudFront
 * Functions events), and the Cognito edge-auth Lambda@Edge handler (real RS256 tokens, Lambda@Edge
 * events) — then how the front wires them (a CloudFront Function association where no authenticator
 * runs, the rewrite in the authenticator's bundle where one does) and the combinations it refuses.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { expect } from "chai";
import type { CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import { CognitoEdgeAuth, validateCognitoEdgeAuthArgs } from "../components/cognito-edge-auth";
import { prebuiltBundle } from "../components/lambda-bundle";
import { LegacyTlsFront, LegacyTlsFrontArgs, ViewerRequestAuth, directoryIndexFunctionName, validateLegacyTlsFrontArgs } from "../components/legacy-tls-front";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { FrontMode } from "../components/settings/legacy-tls-front";
import { SignedContentBehaviors } from "../components/signed-content-keys";
import { ValidationError } from "../components/validation";
import { createHandler } from "../edge-functions/cognito-auth/handler";
import { DIRECTORY_INDEX_FUNCTION_RUNTIME, MAX_FUNCTION_CODE_BYTES, directoryIndexFunctionCode, directoryIndexUri } from "../shared/directory-index";
import { validateEdgeAuthConfig } from "../shared/edge-auth-config";
import { formatIssue } from "../shared/validation";
import { bearerEvent, idClaims, signRs256, testConfig, testKey, viewerRequestEvent } from "./edge-auth-tokens";
import { OfflineRun, RecordedResource, only, promiseOf, resourcesOf, runProgram } from "./mocks";
import { archiveContents } from "./support/lambda-archive";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const CF_FUNCTION = "aws:cloudfront/function:Function";
const LAMBDA = "aws:lambda/function:Function";
const INDEX = "index.html";
const LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3";

/** A fixed instant for the Lambda handler's clock. */
const NOW_MS = Date.UTC(2025, 0, 15, 12, 0, 0);

/** One viewer request and the URI the origin must be asked for. */
interface Case {
    readonly what: string;
    /** @default "GET" */
    readonly method?: string;
    readonly uri: string;
    /** The query string as Lambda@Edge gives it (CloudFront Functions get it parsed into an object). */
    readonly querystring?: string;
    readonly expected: string;
}

const CASES: readonly Case[] = [
    { what: "the root", uri: "/", expected: "/index.html" },
    { what: "a directory", uri: "/docs/", expected: "/docs/index.html" },
    { what: "a nested directory", uri: "/docs/guide/v2/", expected: "/docs/guide/v2/index.html" },
    { what: "an object", uri: "/docs/a.html", expected: "/docs/a.html" },
    { what: "a path without a trailing slash (may be an object; not guessed)", uri: "/docs", expected: "/docs" },
    { what: "a name without an extension", uri: "/docs/README", expected: "/docs/README" },
    { what: "a directory with a query string (kept as it is)", uri: "/docs/", querystring: "lang=en&v=2", expected: "/docs/index.html" },
    { what: "an object with a query string", uri: "/docs/a.html", querystring: "download=1", expected: "/docs/a.html" },
    { what: "percent-encoded characters (never decoded)", uri: "/caf%C3%A9%20menu/", expected: "/caf%C3%A9%20menu/index.html" },
    { what: "an encoded slash at the end (not a directory)", uri: "/docs%2F", expected: "/docs%2F" },
    { what: "a dot-dot segment (appended literally, neither resolved nor refused)", uri: "/docs/../", expected: "/docs/../index.html" },
    { what: "dot-dot without a trailing slash", uri: "/docs/..", expected: "/docs/.." },
    { what: "an empty segment", uri: "//", expected: "//index.html" },
    { what: "a HEAD of a directory (a read)", method: "HEAD", uri: "/docs/", expected: "/docs/index.html" },
    { what: "a PUT to a directory URI (writes name their exact key)", method: "PUT", uri: "/docs/", expected: "/docs/" },
    { what: "a DELETE of a directory URI (never deletes the index)", method: "DELETE", uri: "/docs/", expected: "/docs/" },
    { what: "a POST to a directory URI", method: "POST", uri: "/docs/", expected: "/docs/" },
];

/** The CloudFront Function as deployed: its code run in a fresh context, and the `handler` it defines. */
function cloudFrontFunction(code: string): (event: unknown) => any {
    const context = vm.createContext({});
    vm.runInContext(code, context, { filename: "directory-index.js" });
    const handler = (context as { handler?: unknown }).handler;
    expect(handler, "the code defines handler(event)").to.be.a("function");
    return handler as (event: unknown) => any;
}

/** A viewer-request event as CloudFront Functions passes it (the query string parsed into an object). */
function functionEvent(uri: string, querystring = "", method = "GET"): { request: Record<string, unknown> } & Record<string, unknown> {
    const query: Record<string, { value: string }> = {};
    for (const pair of querystring.split("&").filter((p) => p !== "")) {
        const [name, value = ""] = pair.split("=");
        query[name] = { value };
    }
    return {
        version: "1.0",
        context: { distributionDomainName: "d111111abcdef8.cloudfront.net", distributionId: "EDFDVBD6EXAMPLE", eventType: "viewer-request", requestId: "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==" },
        viewer: { ip: "203.0.113.178" },
        request: { method, uri, querystring: query, headers: { host: { value: "d111111abcdef8.cloudfront.net" } }, cookies: {} },
    };
}

const isResponse = (r: CloudFrontRequest | CloudFrontResultResponse): r is CloudFrontResultResponse => "status" in r;

describe("directory indexes: the rule, run where it runs", () => {
    const code = directoryIndexFunctionCode(INDEX);
    const handlerOf = cloudFrontFunction(code);
    const token = signRs256(idClaims(NOW_MS / 1000), testKey("key-1"));
    const lambda = createHandler(testConfig({ directoryIndex: INDEX }), { now: () => NOW_MS, fetchJwks: () => Promise.reject(new Error("offline")), log: () => {} });

    for (const c of CASES) {
        const method = c.method ?? "GET";
        it(`${c.what}: ${method} ${c.uri}${c.querystring ? `?${c.querystring}` : ""} → ${c.expected}, in the CloudFront Function and in the auth function`, async () => {
            expect(directoryIndexUri(method, c.uri, INDEX), "the rule").to.equal(c.expected);

            const event = functionEvent(c.uri, c.querystring, method);
            const queryBefore = JSON.stringify(event.request.querystring);
            const fromFunction = handlerOf(event);
            expect(fromFunction.uri, "CloudFront Function").to.equal(c.expected);
            expect(JSON.stringify(fromFunction.querystring), "CloudFront Function query string").to.equal(queryBefore);
            expect(fromFunction.method).to.equal(method);

            const result = await lambda(bearerEvent(token, { method, uri: c.uri, querystring: c.querystring ?? "" }));
            expect(isResponse(result), "the auth lets a valid token through").to.equal(false);
            expect((result as CloudFrontRequest).uri, "auth function").to.equal(c.expected);
            expect((result as CloudFrontRequest).querystring, "auth function query string").to.equal(c.querystring ?? "");
        });
    }

    it("is code the CloudFront Functions runtime takes: ES 5.1 text, no modules, the name as a JSON string, far below the size limit", () => {
        expect(code).to.contain('var DIRECTORY_INDEX = "index.html";').and.contain("function handler(event) {").and.contain("function directoryIndexUri(method, uri, indexName) {");
        expect(code).to.not.match(/\b(require|exports|module|import|export|const|let|class)\b|=>|`/);
        expect(Buffer.byteLength(code)).to.be.below(1024).and.below(MAX_FUNCTION_CODE_BYTES);
        expect(DIRECTORY_INDEX_FUNCTION_RUNTIME).to.equal("cloudfront-js-2.0");
        // Deterministic: the same name gives the same text (no spurious function update).
        expect(directoryIndexFunctionCode(INDEX)).to.equal(code);
        // Another (odd but valid) name travels as data, quotes and all.
        expect(cloudFrontFunction(directoryIndexFunctionCode("it's(1).htm"))(functionEvent("/a/")).uri).to.equal("/a/it's(1).htm");
    });

    it("deploys the same text whichever transpiler loaded the module: TypeScript (the package's dist, Pulumi's ts-node) as swc (these tests)", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const ts = require("typescript") as typeof import("typescript");
        const source = fs.readFileSync(path.join(__dirname, "..", "shared", "directory-index.ts"), "utf8");
        const compiled = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true } }).outputText;
        const module = { exports: {} as Record<string, unknown> };
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const load = (id: string) => (id === "./validation" ? require("../shared/validation") : undefined);
        vm.runInNewContext(compiled, { module, exports: module.exports, require: load, JSON, TypeError });
        const fromTypeScript = (module.exports.directoryIndexFunctionCode as (name: string) => string)(INDEX);
        expect(fromTypeScript).to.equal(code);
    });

    it("lets a CORS preflight through without a token and unrewritten (the bucket's CORS rules answer it, whatever the key), in both places", async () => {
        const preflight = viewerRequestEvent({ method: "OPTIONS", uri: "/docs/", headers: { origin: "https://app.example.com", "access-control-request-method": "GET" } });
        const result = await lambda(preflight);
        expect(isResponse(result)).to.equal(false);
        expect((result as CloudFrontRequest).uri).to.equal("/docs/");
        expect(handlerOf(functionEvent("/docs/", "", "OPTIONS")).uri).to.equal("/docs/");
    });

    it("refuses to generate code for a name that is not a file name", () => {
        for (const bad of ["", ".", "..", "a/b", "index.html\n", 'x";alert(1);"', "a".repeat(256)]) {
            expect(() => directoryIndexFunctionCode(bad), JSON.stringify(bad)).to.throw(TypeError, /is not a file name such as "index.html"/);
        }
    });

    it("the auth function never rewrites a refused request: no token, a forged token", async () => {
        const missing = viewerRequestEvent({ uri: "/docs/" });
        const refused = await lambda(missing);
        expect(isResponse(refused) && refused.status).to.equal("401");
        expect(missing.Records[0].cf.request.uri).to.equal("/docs/");

        const forged = bearerEvent(signRs256(idClaims(NOW_MS / 1000), testKey("attacker")), { uri: "/docs/" });
        expect(isResponse(await lambda(forged))).to.equal(true);
        expect(forged.Records[0].cf.request.uri).to.equal("/docs/");

        const noGroup = bearerEvent(signRs256(idClaims(NOW_MS / 1000, { "cognito:groups": ["other"] }), testKey("key-1")), { uri: "/docs/" });
        const forbidden = await lambda(noGroup);
        expect(isResponse(forbidden) && forbidden.status).to.equal("403");
        expect(noGroup.Records[0].cf.request.uri).to.equal("/docs/");
    });

    it("the auth function rewrites nothing without directoryIndex", async () => {
        const plain = createHandler(testConfig(), { now: () => NOW_MS, log: () => {} });
        const result = await plain(bearerEvent(token, { uri: "/docs/" }));
        expect((result as CloudFrontRequest).uri).to.equal("/docs/");
    });

    it("the auth function's config accepts a file name and refuses anything else, naming the field", () => {
        expect(validateEdgeAuthConfig(testConfig({ directoryIndex: INDEX })).directoryIndex).to.equal(INDEX);
        for (const bad of ["docs/index.html", "..", "", 7]) {
            expect(() => validateEdgeAuthConfig(testConfig({ directoryIndex: bad as string })), String(bad)).to.throw(
                ValidationError,
                /directoryIndex: .* is not a file name such as "index\.html": 1 to 255 letters, digits and !_\.\*'\(\)-, no "\/", not "\." or "\.\."/,
            );
        }
    });
});

/** A hand-built authenticator, as a `CognitoEdgeAuth` hands it to the front. */
function auth(directoryIndex?: string): ViewerRequestAuth {
    return { viewerRequest: { lambdaArn: LAMBDA_ARN, readsAuthorizationHeader: true, ...(directoryIndex !== undefined ? { directoryIndex } : {}) } };
}

/** Signed paths by hand, as a `SignedContentKeys` hands them over. */
function signedPaths(pathPatterns: string[], viewerAuth?: boolean): SignedContentBehaviors {
    return { keyGroup: { keyGroupId: "5f3b2a1c-0d9e-4f8a-b7c6-1e2d3c4b5a69" }, pathPatterns, ...(viewerAuth !== undefined ? { viewerAuth } : {}) };
}

/** Builds a bucket and a front with `args`; returns the run and the front. */
async function build(args: Partial<LegacyTlsFrontArgs>, options: { preview?: boolean } = {}): Promise<{ run: OfflineRun; front: LegacyTlsFront }> {
    let front!: LegacyTlsFront;
    const run = await runProgram(
        () => {
            const bucket = new PrivateOriginBucket("content", { protect: false });
            front = new LegacyTlsFront("front", { origin: bucket, mode: FrontMode.Signed, ...args });
            bucket.attachPolicy([front]);
        },
        { preview: options.preview },
    );
    return { run, front };
}

function distributionOf(run: OfflineRun): Record<string, any> {
    return only(run, DISTRIBUTION).inputs as Record<string, any>;
}

describe("directory indexes: the front's wiring", () => {
    it("without an authenticator: one published cloudfront-js-2.0 function, on viewer request of the default behaviour, and no Lambda", async () => {
        const { run } = await build({ directoryIndex: INDEX });
        const fn = only(run, CF_FUNCTION);
        expect(fn.name).to.equal("front-directory-index");
        expect(fn.inputs).to.include({ runtime: "cloudfront-js-2.0", publish: true, code: directoryIndexFunctionCode(INDEX) });
        expect(fn.inputs.name).to.equal(directoryIndexFunctionName("front", "legacy-tls-front", "test")).and.match(/^front-dir-index-[0-9a-f]{8}$/);
        expect(fn.parent).to.equal(only(run, "legacy-tls-front:index:LegacyTlsFront").urn);
        const behavior = distributionOf(run).defaultCacheBehavior;
        expect(behavior.functionAssociations).to.deep.equal([{ eventType: "viewer-request", functionArn: fn.outputs.arn }]);
        expect(fn.outputs.arn).to.match(/^arn:aws:cloudfront::\d{12}:function\/front-dir-index-[0-9a-f]{8}$/);
        expect(behavior.lambdaFunctionAssociations).to.equal(undefined);
        expect(resourcesOf(run, LAMBDA)).to.have.length(0);
        // The function's code runs as the rule says.
        expect(cloudFrontFunction(fn.inputs.code as string)(functionEvent("/docs/")).uri).to.equal("/docs/index.html");
    });

    it("without directoryIndex: no function and no association", async () => {
        const { run } = await build({});
        expect(resourcesOf(run, CF_FUNCTION)).to.have.length(0);
        expect(distributionOf(run).defaultCacheBehavior.functionAssociations).to.equal(undefined);
    });

    it("signed paths without the authenticator run no function at all (CloudFront alone checks the signature); the default behaviour rewrites", async () => {
        const { run } = await build({ directoryIndex: INDEX, signedContent: signedPaths(["/premium/*", "/members/*"]) });
        const arn = only(run, CF_FUNCTION).outputs.arn;
        const distribution = distributionOf(run);
        expect(distribution.defaultCacheBehavior.functionAssociations).to.deep.equal([{ eventType: "viewer-request", functionArn: arn }]);
        expect(distribution.orderedCacheBehaviors.map((b: any) => [b.pathPattern, b.functionAssociations, b.lambdaFunctionAssociations])).to.deep.equal([
            ["/premium/*", undefined, undefined],
            ["/members/*", undefined, undefined],
        ]);
    });

    it("with the authenticator on every behaviour: no CloudFront Function at all, the Lambda association alone", async () => {
        const { run } = await build({ directoryIndex: INDEX, viewerAuth: auth(INDEX), signedContent: signedPaths(["/premium/*"]) });
        expect(resourcesOf(run, CF_FUNCTION)).to.have.length(0);
        const distribution = distributionOf(run);
        for (const behavior of [distribution.defaultCacheBehavior, ...distribution.orderedCacheBehaviors]) {
            expect(behavior.functionAssociations).to.equal(undefined);
            expect(behavior.lambdaFunctionAssociations).to.deep.equal([{ eventType: "viewer-request", lambdaArn: LAMBDA_ARN, includeBody: false }]);
        }
    });

    it("signed paths with viewerAuth: false (the cost mode) run no function; the default behaviour keeps the Lambda, which rewrites", async () => {
        const { run } = await build({ directoryIndex: INDEX, viewerAuth: auth(INDEX), signedContent: signedPaths(["/premium/*"], false) });
        expect(resourcesOf(run, CF_FUNCTION)).to.have.length(0);
        const distribution = distributionOf(run);
        expect(distribution.defaultCacheBehavior.functionAssociations).to.equal(undefined);
        expect(distribution.defaultCacheBehavior.lambdaFunctionAssociations).to.have.length(1);
        expect(distribution.orderedCacheBehaviors[0].functionAssociations).to.equal(undefined);
        expect(distribution.orderedCacheBehaviors[0].lambdaFunctionAssociations).to.equal(undefined);
        expect(distribution.orderedCacheBehaviors[0].trustedKeyGroups).to.have.length(1);
    });

    it("in a preview (the function's ARN unknown) the association is still made", async () => {
        const { run } = await build({ directoryIndex: INDEX }, { preview: true });
        expect(only(run, CF_FUNCTION).inputs.code).to.equal(directoryIndexFunctionCode(INDEX));
        const associations = distributionOf(run).defaultCacheBehavior.functionAssociations;
        expect(associations).to.have.length(1);
        expect(associations[0].eventType).to.equal("viewer-request");
    });

    it("a CognitoEdgeAuth given directoryIndex carries it in its bundle's config.json, and the deployed bundle rewrites after the check", async () => {
        let authComponent!: CognitoEdgeAuth;
        const run = await runProgram(() => {
            authComponent = new CognitoEdgeAuth("auth", { jwks: { keys: [testKey("key-1").jwk] }, existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" }, appClient: { create: false }, clientIds: ["4p3kq1exampleclientid0000"], requiredGroups: ["subscribers"], tokenUse: "id", directoryIndex: INDEX, frontMode: FrontMode.Signed });
            const bucket = new PrivateOriginBucket("content", { protect: false });
            const front = new LegacyTlsFront("front", { origin: bucket, mode: FrontMode.Signed, directoryIndex: INDEX, viewerAuth: authComponent });
            bucket.attachPolicy([front]);
        });
        expect(authComponent.viewerRequest.directoryIndex).to.equal(INDEX);
        expect(resourcesOf(run, CF_FUNCTION)).to.have.length(0);
        const behavior = distributionOf(run).defaultCacheBehavior;
        expect(behavior.functionAssociations).to.equal(undefined);
        expect(behavior.lambdaFunctionAssociations[0].lambdaArn).to.equal(await promiseOf(authComponent.qualifiedArn));

        const files = await archiveContents(only(run, LAMBDA).inputs.code as { assets: Promise<Record<string, unknown>> });
        expect(JSON.parse(files["config.json"]).directoryIndex).to.equal(INDEX);
        expect(files["index.js"]).to.equal(prebuiltBundle("cognito-auth").code);
        // The very bundle that is deployed (run `npm run build:functions` after changing the function).
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "directory-index-bundle-"));
        try {
            for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
            const deployed = require(path.join(dir, "index.js")) as { handler: (event: unknown) => Promise<CloudFrontRequest | CloudFrontResultResponse> };
            const now = Math.floor(Date.now() / 1000);
            const valid = signRs256(idClaims(now), testKey("key-1"));
            expect(((await deployed.handler(bearerEvent(valid, { uri: "/docs/" }))) as CloudFrontRequest).uri).to.equal("/docs/index.html");
            const refused = viewerRequestEvent({ uri: "/docs/" });
            expect(isResponse(await deployed.handler(refused))).to.equal(true);
            expect(refused.Records[0].cf.request.uri).to.equal("/docs/");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("names the function within CloudFront's rules for any front name: 1 to 64 of [A-Za-z0-9_-], one per project, stack and front", () => {
        const long = directoryIndexFunctionName("a front.with spaces/and-a-name-far-too-long-for-one-function-name-of-64", "p", "prod");
        expect(long).to.match(/^[A-Za-z0-9_-]{1,64}$/).and.have.length(64);
        expect(directoryIndexFunctionName("front", "p", "dev")).to.not.equal(directoryIndexFunctionName("front", "p", "prod"));
        expect(directoryIndexFunctionName("front", "p", "dev")).to.equal(directoryIndexFunctionName("front", "p", "dev"));
    });
});

/** The issues of a front's args, one line each. */
function frontIssues(args: Partial<LegacyTlsFrontArgs>): string[] {
    const origin = { bucketName: "content", bucketArn: "arn:aws:s3:::content", regionalDomainName: "content.s3.eu-central-1.amazonaws.com" };
    return validateLegacyTlsFrontArgs({ origin, mode: FrontMode.Signed, ...args }, "front").map(formatIssue);
}

describe("directory indexes: what the front refuses", () => {
    it("accepts a file name in mode signed, alone or with the same defaultRootObject", () => {
        expect(frontIssues({ directoryIndex: INDEX })).to.deep.equal([]);
        expect(frontIssues({ directoryIndex: INDEX, defaultRootObject: INDEX })).to.deep.equal([]);
        expect(frontIssues({ directoryIndex: INDEX, signedContent: signedPaths(["/premium/*", "*.mp4", "/a/b?"]) })).to.deep.equal([]);
        expect(frontIssues({ directoryIndex: INDEX, signedContent: signedPaths(["*"]) })).to.deep.equal([]);
    });

    for (const mode of [FrontMode.Unsigned, FrontMode.Presigned]) {
        it(`refuses mode ${mode}, naming directoryIndex, the mode and why`, () => {
            expect(frontIssues({ mode, directoryIndex: INDEX })).to.deep.equal([
                `front.directoryIndex: "index.html" cannot be used in mode "${mode}": the ${mode === "unsigned" ? "viewer's SigV4 signature" : "presigned URL's signature"} covers the path, so S3 would refuse the rewritten request`,
            ]);
        });
    }

    it("refuses what is not a file name, with the pattern's description", () => {
        for (const bad of ["docs/index.html", "/index.html", "..", "", "index html"]) {
            const issues = frontIssues({ directoryIndex: bad });
            expect(issues, bad).to.have.length(1);
            expect(issues[0], bad).to.contain(`front.directoryIndex: ${JSON.stringify(bad)}`).and.contain('a file name such as "index.html"');
        }
    });

    it("refuses a defaultRootObject that names another object", () => {
        expect(frontIssues({ directoryIndex: INDEX, defaultRootObject: "home.html" })).to.deep.equal([
            'front.directoryIndex: "index.html" differs from defaultRootObject "home.html": "/" would be served as one or the other; name the same object, or leave defaultRootObject out',
        ]);
    });

    it("refuses signed path patterns a rewritten URI could match when its directory URI does not (signed content served unsigned)", () => {
        const issues = frontIssues({ directoryIndex: INDEX, signedContent: signedPaths(["/premium/*", "*.html", "/docs/index.html", "/x/*.htm?"]) });
        expect(issues).to.have.length(3);
        expect(issues[0]).to.equal(
            'front.directoryIndex: "index.html" cannot be combined with the signed path pattern "*.html" (signedContent.pathPatterns[1]): CloudFront picks the behaviour by the viewer\'s path ' +
                'before the rewrite, so a directory URL outside the pattern would be served as its "index.html" without a signature; sign directories with patterns ending in "/*"',
        );
        expect(issues[1]).to.contain('"/docs/index.html" (signedContent.pathPatterns[2])');
        expect(issues[2]).to.contain('"/x/*.htm?" (signedContent.pathPatterns[3])');
    });

    it("requires the authenticator to rewrite with the same name, and the front to have one when the authenticator does", () => {
        expect(frontIssues({ directoryIndex: INDEX, viewerAuth: auth(INDEX) })).to.deep.equal([]);
        expect(frontIssues({ directoryIndex: INDEX, viewerAuth: auth() })).to.deep.equal([
            'front.viewerAuth.viewerRequest.directoryIndex: (missing) must be "index.html", the front\'s directoryIndex: the authenticator rewrites directory URIs on the behaviours it runs on (CloudFront allows no CloudFront Function beside it on viewer events); pass the same directoryIndex to it',
        ]);
        expect(frontIssues({ directoryIndex: INDEX, viewerAuth: auth("default.htm") })[0]).to.contain('front.viewerAuth.viewerRequest.directoryIndex: "default.htm" must be "index.html"');
        expect(frontIssues({ viewerAuth: auth(INDEX) })).to.deep.equal([
            'front.viewerAuth.viewerRequest.directoryIndex: "index.html" is set but the front has no directoryIndex: set the front\'s directoryIndex to the same name, or build the authenticator without it',
        ]);
    });

    it("throws before registering anything, naming the front", async () => {
        let error: unknown;
        const run = await runProgram(() => {
            try {
                new LegacyTlsFront("front", { origin: { bucketName: "b", bucketArn: "arn:aws:s3:::b", regionalDomainName: "b.s3.eu-central-1.amazonaws.com" }, mode: FrontMode.Presigned, directoryIndex: INDEX });
            } catch (e) {
                error = e;
            }
        });
        expect(error).to.be.instanceOf(ValidationError);
        expect((error as Error).message).to.contain('LegacyTlsFront "front" is invalid').and.contain('directoryIndex: "index.html" cannot be used in mode "presigned"');
        expect(run.resources.filter((r: RecordedResource) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
    });

    it("CognitoEdgeAuth refuses directoryIndex with frontMode unsigned or presigned, and a name that is not a file name", () => {
        const base = { jwks: { keys: [testKey("key-1").jwk] }, existingUserPool: { userPoolId: "eu-west-1_AbCdEf123" }, appClient: { create: false }, clientIds: ["4p3kq1exampleclientid0000"], tokenSources: ["cookie" as const], cookieName: "id_token" };
        expect(validateCognitoEdgeAuthArgs({ ...base, directoryIndex: INDEX, frontMode: FrontMode.Signed }, "eu-west-1")).to.deep.equal([]);
        expect(validateCognitoEdgeAuthArgs({ ...base, directoryIndex: INDEX, frontMode: FrontMode.Unsigned }, "eu-west-1", "auth").map(formatIssue)).to.deep.equal([
            'auth.directoryIndex: "index.html" cannot be used with frontMode "unsigned": the viewer\'s SigV4 signature covers the path, so S3 would refuse the rewritten request',
        ]);
        expect(validateCognitoEdgeAuthArgs({ ...base, directoryIndex: INDEX, frontMode: FrontMode.Presigned }, "eu-west-1").map(formatIssue)[0]).to.contain('frontMode "presigned"');
        expect(validateCognitoEdgeAuthArgs({ ...base, directoryIndex: "a/b.html" }, "eu-west-1").map(formatIssue)).to.deep.equal([
            'directoryIndex: "a/b.html" is not a file name such as "index.html": 1 to 255 letters, digits and !_.*\'()-, no "/", not "." or ".."',
        ]);
    });
});

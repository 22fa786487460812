/**
 * The package as other languages use it (`pulumi package add`, see PulumiPlugin.yaml), through Pulumi's
 * public path only:
 *
 * - The schema: the plugin is started as the Node.js language host starts it
 *   (`node @pulumi/pulumi/cmd/run-plugin <package dir> <engine address>`, in the program's folder; it
 *   prints its port) and asked over gRPC (`GetSchema`, @pulumi/pulumi's own stubs), once as published
 *   (the packed tarball installed by name) and once as a clone after `npm ci` (the staging copy, built as
 *   `prepare` builds it). The schema must be the committed `schema/legacy-tls-front.schema.json`.
 * - Construction: `Construct` needs a live engine and resource monitor (`configureRuntime` dials both), so
 *   the test takes the next public step down, what the plugin's gRPC `Construct` calls: the installed
 *   package required as run.js requires it, its classes collected with `getPulumiComponents`, and
 *   `ComponentProvider.construct()` with plain JSON inputs (strings, numbers, booleans, lists, objects), the
 *   outputs of other components' constructs where an input takes them, under the mock engine. The
 *   resources must be those the TypeScript classes register with the same arguments.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { expect } from "chai";
import { CognitoEdgeAuth } from "../components/cognito-edge-auth";
import { EdgeWebAcl } from "../components/edge-web-acl";
import { FrontMonitoring } from "../components/front-monitoring";
import { LegacyTlsFront } from "../components/legacy-tls-front";
import { OriginBucketPolicy } from "../components/origin-bucket-policy";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { RegionalApiFailover } from "../components/regional-api-failover";
import { SignInAppClient } from "../components/sign-in-app-client";
import { SignedContentKeys } from "../components/signed-content-keys";
import { TlsAudit } from "../components/tls-audit";
import { COMPONENT_SCHEMA_FILE, committedForm, providerNameOf } from "../tools/schema/component-schema";
import { testKey } from "./edge-auth-tokens";
import { OfflineRun, RecordedResource, runProgram } from "./mocks";
import { PackedPackage, REPO_ROOT, installPacked, packedPackage } from "./package-fixture";
import { RunningPlugin, startPlugin } from "./support/plugin-host";

const REGENERATE = "npm run generate";

/** The plain JSON a program in another language sends for each component (without cross-component values). */
const JWKS = { keys: [testKey("component-provider").jwk] };
const PLAIN = {
    bucket: { protect: false, encryption: "sse-s3", noncurrentVersionExpirationDays: 30, tags: { team: "media" } },
    auth: { jwks: JWKS, tokenSources: ["cookie"], cookieName: "session", requiredGroups: ["viewers"], frontMode: "signed" },
    keys: { pathPatterns: ["/premium/*"], viewerAuth: false, recoveryWindowInDays: 7 },
    waf: { mode: "count", rateLimit: 500, logging: { retentionDays: 90 } },
    monitoring: { additionalMetrics: true, serverErrorRate: { thresholdPercent: 2 } },
    signInClient: { frontDomainNames: ["legacy.example.com"], clientIdParameterName: "/media/prod/sign-in-client-id" },
    audit: { protect: false, forceDestroy: true, frontLogs: { expirationDays: 30 }, cloudTrailLogGroupNames: ["aws-cloudtrail-logs-123456789012-0a1b2c3d"] },
    front: {
        mode: "signed",
        domainNames: ["legacy.example.com"],
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
        minimumTlsVersion: "TLSv1_2016",
        priceClass: "PriceClass_100",
        customErrorResponses: [{ errorCode: 404, responsePagePath: "/404.html" }],
        geoRestriction: { restrictionType: "blacklist", locations: ["KP"] },
        tags: { team: "media" },
    },
    api: {
        domainName: "api.example.com",
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
        regions: ["eu-west-1", "us-east-1"],
        routing: "failover",
        healthCheck: { failureThreshold: 3 },
        probes: [{ kind: "dynamodb", name: "sessions", tableName: "sessions" }],
    },
} as const;

/** A resource as compared between the two paths: what the engine would see, its parent by type and name. */
function shapeOf(run: OfflineRun): { type: string; name: string; parent?: string; inputs: Record<string, unknown> }[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const label = (r: RecordedResource | undefined) => (r ? `${r.type}::${r.name}` : undefined);
    return run.resources
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => ({ type: r.type, name: r.name, parent: label(r.parent ? byUrn.get(r.parent) : undefined), inputs: r.inputs }))
        .sort((a, b) => `${a.type}::${a.name}`.localeCompare(`${b.type}::${b.name}`));
}

/**
 * `value` with promises resolved and each file asset replaced by the SHA-256 of its bytes: the installed
 * package deploys its own copy of a prebuilt bundle, byte for byte the repository's.
 */
async function comparable(value: unknown): Promise<unknown> {
    if (value instanceof Promise) return comparable(await value);
    if (Array.isArray(value)) return Promise.all(value.map(comparable));
    if (value === null || typeof value !== "object") return value;
    const object = value as Record<string, unknown>;
    if (object.__pulumiAsset === true && object.path !== undefined) {
        return { fileAssetSha256: createHash("sha256").update(fs.readFileSync(String(await object.path))).digest("hex") };
    }
    const entries = await Promise.all(Object.entries(object).map(async ([k, v]) => [k, await comparable(v)] as const));
    return Object.fromEntries(entries);
}

describe("component provider: the package as other languages use it", function () {
    this.timeout(240_000);
    let pkg: PackedPackage;
    let consumerDir: string;
    let installed: string;
    const committed = fs.readFileSync(path.join(REPO_ROOT, COMPONENT_SCHEMA_FILE), "utf8");

    before(async () => {
        pkg = await packedPackage();
        consumerDir = fs.mkdtempSync(path.join(os.tmpdir(), "legacy-tls-other-language-"));
        // What a user of another language installs before `pulumi package add ./node_modules/legacy-tls-front`:
        // the package (npm adds its peers) and TypeScript, the optional peer Pulumi's analyzer needs.
        fs.writeFileSync(path.join(consumerDir, "package.json"), JSON.stringify({ name: "python-program-deps", private: true, dependencies: { [pkg.manifest.name]: pkg.manifest.version } }));
        installPacked(pkg, consumerDir, ["typescript"]);
        installed = path.join(consumerDir, "node_modules", pkg.manifest.name);
    });
    after(() => {
        if (consumerDir) fs.rmSync(consumerDir, { recursive: true, force: true });
    });

    describe("GetSchema from the running plugin", () => {
        const schemas: Record<"published" | "clone", Record<string, unknown>> = {} as never;
        const plugins: RunningPlugin[] = [];
        before(async () => {
            // Both at once: each spends its time in the analyzer.
            const [published, clone] = await Promise.all([startPlugin(installed, consumerDir), startPlugin(pkg.stageDir, pkg.stageDir)]);
            plugins.push(published, clone);
            [schemas.published, schemas.clone] = await Promise.all([published.getSchema(), clone.getSchema()]);
            expect(await published.getPluginVersion()).to.equal(pkg.manifest.version);
        });
        after(() => plugins.forEach((p) => p.stop()));

        it(`serves the committed ${COMPONENT_SCHEMA_FILE}, as published and from a clone`, () => {
            for (const [where, schema] of Object.entries(schemas)) {
                expect(committedForm(schema), `${where}: the schema differs from ${COMPONENT_SCHEMA_FILE}; run \`${REGENERATE}\` and commit it`).to.equal(committed);
                expect(schema.version, where).to.equal(pkg.manifest.version);
            }
        });

        it("names the provider after package.json and every component legacy-tls-front:index:<Component>, with its inputs and outputs", () => {
            const schema = schemas.published as { name: string; resources: Record<string, { isComponent: boolean; inputProperties: object; properties: object; requiredInputs?: string[] }> };
            expect(schema.name).to.equal(providerNameOf(pkg.manifest.name)).and.to.equal(pkg.manifest.name);
            const components = getPulumiComponents(require(installed)).map((c) => c.name).sort();
            expect(components).to.deep.equal(["CognitoEdgeAuth", "EdgeWebAcl", "FrontMonitoring", "LegacyTlsFront", "OriginBucketPolicy", "PrivateOriginBucket", "RegionalApiFailover", "SignInAppClient", "SignedContentKeys", "TlsAudit"]);
            expect(Object.keys(schema.resources).sort()).to.deep.equal(components.map((c) => `${pkg.manifest.name}:index:${c}`));
            for (const [token, resource] of Object.entries(schema.resources)) {
                expect(resource.isComponent, token).to.equal(true);
                expect(Object.keys(resource.inputProperties).length, `${token} inputs`).to.be.greaterThan(0);
                expect(Object.keys(resource.properties).length, `${token} outputs`).to.be.greaterThan(0);
            }
            const front = schema.resources[`${pkg.manifest.name}:index:LegacyTlsFront`];
            expect(front.requiredInputs).to.include.members(["mode", "origin"]);
            expect(front.properties).to.include.keys("distributionId", "urls", "securityPolicy", "originGrant");
            // TypeScript-only accessors and the components' own state are not outputs.
            expect(front.properties).to.not.include.keys("profile", "clientCompatibility", "resourceName", "regional");
            // The bucket policy from other languages: the bucket's and the fronts' outputs in, plain values.
            const access = schema.resources[`${pkg.manifest.name}:index:OriginBucketPolicy`];
            expect(access.requiredInputs).to.have.members(["bucketName", "bucketArn", "grants"]);
            expect(access.inputProperties).to.include.keys("managedKmsKeyId", "bucketMayOutliveDestroy");
            expect(schema.resources[`${pkg.manifest.name}:index:PrivateOriginBucket`].properties).to.include.keys("managedKmsKeyId");
        });
    });

    describe("construct with plain JSON inputs, under the mock engine", () => {
        let provider: ComponentProvider;
        const type = (component: string) => `${pkg.manifest.name}:index:${component}`;
        // What the plugin's Construct hands the provider for a resource without options (provider/server.js).
        const options = (): pulumi.ComponentResourceOptions => ({ aliases: [], dependsOn: [], protect: false, providers: {}, ignoreChanges: [], replaceOnChanges: [], retainOnDelete: false });
        let fromProvider: OfflineRun;
        let fromTypeScript: OfflineRun;

        before(async () => {
            // As run.js: require the package directory (package.json main), collect its component classes.
            provider = new ComponentProvider({ name: providerNameOf(pkg.manifest.name), dirname: installed, components: getPulumiComponents(require(installed)) });
            // The analyzer runs once, before the programs (construct needs its output list).
            await provider.getSchema();
            const config = { "aws:region": "eu-central-1" };
            fromProvider = await runProgram(async () => {
                const bucket = await provider.construct("content", type("PrivateOriginBucket"), PLAIN.bucket, options());
                const auth = await provider.construct("auth", type("CognitoEdgeAuth"), PLAIN.auth, options());
                const keys = await provider.construct("signing", type("SignedContentKeys"), PLAIN.keys, options());
                const audit = await provider.construct("audit", type("TlsAudit"), PLAIN.audit, options());
                // Where an input takes another component's values, a program passes that component's outputs.
                const b = bucket.state as Record<string, pulumi.Output<string>>;
                const front = await provider.construct(
                    "front",
                    type("LegacyTlsFront"),
                    {
                        ...PLAIN.front,
                        origin: { bucketName: b.bucketName, bucketArn: b.bucketArn, regionalDomainName: b.regionalDomainName },
                        viewerAuth: { viewerRequest: auth.state.viewerRequest },
                        signedContent: { keyGroup: { keyGroupId: keys.state.keyGroupId }, pathPatterns: keys.state.pathPatterns, viewerAuth: keys.state.viewerAuth },
                        accessLogging: audit.state.accessLogging,
                    },
                    options(),
                );
                await provider.construct("content-access", type("OriginBucketPolicy"), { bucketName: b.bucketName, bucketArn: b.bucketArn, grants: [front.state.originGrant] }, options());
                await provider.construct("api", type("RegionalApiFailover"), PLAIN.api, options());
                // The components of the operate and sign-in issues, their program-decided inputs from the others' outputs.
                await provider.construct("waf", type("EdgeWebAcl"), PLAIN.waf, options());
                await provider.construct("monitoring", type("FrontMonitoring"), { ...PLAIN.monitoring, distributionId: front.state.distributionId, edgeFunctionName: auth.state.functionName }, options());
                await provider.construct("sign-in", type("SignInAppClient"), { ...PLAIN.signInClient, userPoolId: auth.state.userPoolId }, options());
            }, { config });
            fromTypeScript = await runProgram(() => {
                const bucket = new PrivateOriginBucket("content", { ...PLAIN.bucket } as never);
                const auth = new CognitoEdgeAuth("auth", { ...PLAIN.auth } as never);
                const keys = new SignedContentKeys("signing", { ...PLAIN.keys } as never);
                const audit = new TlsAudit("audit", { ...PLAIN.audit } as never);
                const front = new LegacyTlsFront("front", { ...PLAIN.front, origin: bucket, viewerAuth: auth, signedContent: keys, accessLogging: audit.accessLogging } as never);
                new OriginBucketPolicy("content-access", { bucketName: bucket.bucketName, bucketArn: bucket.bucketArn, grants: [front.originGrant!] });
                new RegionalApiFailover("api", { ...PLAIN.api } as never);
                new EdgeWebAcl("waf", { ...PLAIN.waf } as never);
                new FrontMonitoring("monitoring", { ...PLAIN.monitoring, distributionId: front.distributionId, edgeFunctionName: auth.functionName } as never);
                new SignInAppClient("sign-in", { ...PLAIN.signInClient, userPoolId: auth.userPoolId } as never);
            }, { config });
        });

        it("registers every component under its type token, with the children the TypeScript classes register", () => {
            const components = fromProvider.resources.filter((r) => r.type.startsWith(`${pkg.manifest.name}:index:`)).map((r) => r.type.split(":")[2]);
            expect(components.sort()).to.deep.equal([
                "CognitoEdgeAuth",
                "EdgeWebAcl",
                "FrontMonitoring",
                "LegacyTlsFront",
                "OriginBucketPolicy",
                "PrivateOriginBucket",
                "RegionalApiFailover",
                "SignInAppClient",
                "SignedContentKeys",
                "TlsAudit",
            ]);
            expect(fromProvider.resources.length).to.be.greaterThan(60);
            expect(shapeOf(fromProvider).map((r) => `${r.type}::${r.name} < ${r.parent}`)).to.deep.equal(shapeOf(fromTypeScript).map((r) => `${r.type}::${r.name} < ${r.parent}`));
        });

        it("gives every resource the inputs the TypeScript classes give it", async () => {
            const typescript = shapeOf(fromTypeScript);
            for (const [i, r] of shapeOf(fromProvider).entries()) {
                expect(await comparable(r.inputs), `${r.type}::${r.name}`).to.deep.equal(await comparable(typescript[i].inputs));
            }
        });

        it("wires the components together through the values passed: grant, key group, edge function, log delivery", () => {
            const distribution = fromProvider.resources.find((r) => r.type === "aws:cloudfront/distribution:Distribution")!;
            const behaviors = distribution.inputs.orderedCacheBehaviors as { pathPattern: string; trustedKeyGroups: string[] }[];
            expect(behaviors.map((b) => b.pathPattern)).to.deep.equal(["/premium/*"]);
            const keyGroup = fromProvider.resources.find((r) => r.type === "aws:cloudfront/keyGroup:KeyGroup")!;
            expect(behaviors[0].trustedKeyGroups).to.deep.equal([keyGroup.id]);
            const defaultBehavior = distribution.inputs.defaultCacheBehavior as { lambdaFunctionAssociations: { lambdaArn: string }[] };
            expect(defaultBehavior.lambdaFunctionAssociations[0].lambdaArn).to.match(/^arn:aws:lambda:us-east-1:\d{12}:function:.+:\d+$/);
            expect(fromProvider.resources.filter((r) => r.type === "aws:cloudwatch/logDelivery:LogDelivery")).to.have.length(1);
            const bucketPolicy = fromProvider.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "content-access-policy")!;
            const read = JSON.parse(bucketPolicy.inputs.policy as string).Statement.find((s: { Sid: string }) => s.Sid === "AllowCloudFrontRead");
            expect(read.Condition.StringEquals["AWS:SourceArn"]).to.equal(distribution.outputs.arn);
        });
    });
});

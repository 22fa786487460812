import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { API_GATEWAY_REGIONAL_ZONE_IDS, FAILOVER_REGIONS, HEALTH_CHECKER_REGIONS, failoverTime, worstCaseFailoverSeconds } from "../components/failover-settings";
import { bundleLambda, canonicalJson, functionPackage, prebuiltBundle } from "../components/lambda-bundle";
import { RegionalApiFailover, RegionalApiFailoverArgs, drillParameterName, validateRegionalApiFailoverArgs } from "../components/regional-api-failover";
import { ValidationError } from "../components/validation";
import { OfflineRun, RecordedResource, only, policyOf, promiseOf, regionOfResource, resourcesOf, runProgram } from "./mocks";
import { archiveContents } from "./support/lambda-archive";

/** The files of a function's deployment archive. */
function deployedFiles(fn: RecordedResource): Promise<Record<string, string>> {
    return archiveContents(fn.inputs.code as { assets: Promise<Record<string, unknown>> });
}

const T = {
    provider: "pulumi:providers:aws",
    restApi: "aws:apigateway/restApi:RestApi",
    resource: "aws:apigateway/resource:Resource",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    domain: "aws:apigateway/domainName:DomainName",
    mapping: "aws:apigateway/basePathMapping:BasePathMapping",
    certificate: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    fn: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    parameter: "aws:ssm/parameter:Parameter",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    record: "aws:route53/record:Record",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
} as const;

/** Regional resource types and how many of each one region gets. */
const PER_REGION: [string, number][] = [
    [T.restApi, 1],
    [T.deployment, 1],
    [T.stage, 1],
    [T.domain, 1],
    [T.mapping, 1],
    [T.certificate, 1],
    [T.validation, 1],
    [T.parameter, 1],
    [T.fn, 2], // API + health
    [T.role, 2],
    [T.rolePolicy, 2],
    [T.logGroup, 2],
    [T.permission, 2],
    [T.resource, 2], // /healthcheck, /{proxy+}
    [T.method, 3], // GET /healthcheck, ANY /, ANY /{proxy+}
    [T.integration, 3],
];

const BASE: RegionalApiFailoverArgs = { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", regions: ["eu-west-1", "us-east-1"] };

async function build(args: Partial<RegionalApiFailoverArgs> = {}, options: { preview?: boolean } = {}): Promise<{ run: OfflineRun; api: RegionalApiFailover }> {
    let api!: RegionalApiFailover;
    const run = await runProgram(() => {
        api = new RegionalApiFailover("api", { ...BASE, ...args });
    }, options);
    return { run, api };
}

/** The one resource of `type` in `region` (by its provider). */
function inRegion(run: OfflineRun, type: string, region: string, suffix?: string): RecordedResource {
    const found = resourcesOf(run, type).filter((r) => regionOfResource(run, r) === region && (suffix === undefined || r.name.endsWith(suffix)));
    if (found.length !== 1) throw new Error(`expected one ${type}${suffix ?? ""} in ${region}, found ${found.length}`);
    return found[0];
}

/** The resource of `type` named for `region` (Route 53 resources all live on the us-east-1 provider). */
function named(run: OfflineRun, type: string, name: string): RecordedResource {
    return only(run, type, name);
}

/** The explicit provider a resource was registered with. */
function providerOf(run: OfflineRun, resource: RecordedResource): RecordedResource {
    expect(resource.provider, `${resource.name} has no explicit provider`).to.be.a("string");
    const urn = resource.provider!.split("::").slice(0, -1).join("::");
    return run.resources.find((p) => p.urn === urn)!;
}

const SIX = ["eu-west-1", "us-east-1", "ap-southeast-2", "sa-east-1", "eu-central-1", "ap-northeast-1"];

/** Probes of every region, and one that differs per region, as most real ones do (a regional bucket). */
function probeArgs(regions: string[]): Pick<RegionalApiFailoverArgs, "probes" | "probesByRegion"> {
    return {
        probes: [
            { kind: "dynamodb", name: "sessions", tableName: "sessions" },
            { kind: "http", name: "catalog", url: "https://catalog.example.com/ping", timeoutMs: 800 },
        ],
        probesByRegion: Object.fromEntries(regions.map((region) => [region, [{ kind: "s3", name: "content", bucketName: `acme-content-${region}` }]])),
    };
}

// Each engine run takes a second or two: build each region count once and share it between suites.
const builds = new Map<number, Promise<{ run: OfflineRun; api: RegionalApiFailover }>>();
function buildRegions(count: number): Promise<{ run: OfflineRun; api: RegionalApiFailover }> {
    if (!builds.has(count)) builds.set(count, build({ regions: SIX.slice(0, count), ...probeArgs(SIX.slice(0, count)), tags: { team: "content" } }));
    return builds.get(count)!;
}

for (const regions of [SIX.slice(0, 2), SIX.slice(0, 3), SIX]) {
    describe(`RegionalApiFailover in ${regions.length} regions (latency)`, () => {
        let run: OfflineRun;
        let api: RegionalApiFailover;
        before(async () => {
            ({ run, api } = await buildRegions(regions.length));
        });

        it("creates exactly one set of regional resources per region, each through that region's provider", () => {
            for (const [type, perRegion] of PER_REGION) {
                const found = resourcesOf(run, type);
                expect(found, type).to.have.length(perRegion * regions.length);
                for (const region of regions) {
                    const here = found.filter((r) => regionOfResource(run, r) === region);
                    expect(here, `${type} in ${region}`).to.have.length(perRegion);
                    for (const r of here) {
                        // Named for their region, so a plan reads clearly and names never collide.
                        expect(r.name.startsWith(`api-${region}-`), r.name).to.equal(true);
                        // Through the region's own explicit provider, never the stack's default one.
                        expect(providerOf(run, r).name, r.name).to.equal(`api-${region}`);
                    }
                }
            }
            // Route 53 and CloudWatch resources use the explicit us-east-1 provider too: nothing depends on aws:region.
            for (const r of run.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))) {
                expect(providerOf(run, r).name, r.name).to.match(/^api-[a-z]+-[a-z]+-\d$/);
            }
            for (const type of [T.healthCheck, T.record, T.alarm]) {
                for (const r of resourcesOf(run, type)) expect(providerOf(run, r).name, r.name).to.equal("api-us-east-1");
            }
            // Without `throttle`, only the account's quota applies: no stage method settings.
            expect(resourcesOf(run, T.methodSettings)).to.have.length(0);
            // One provider per region, plus us-east-1 for Route 53 and the alarms when it is not a region.
            const providers = resourcesOf(run, T.provider).map((p) => p.inputs.region).sort();
            expect(providers).to.deep.equal([...new Set([...regions, "us-east-1"])].sort());
        });

        it("validates each region's certificate in that region and points its custom domain at it", () => {
            for (const region of regions) {
                const certificate = inRegion(run, T.certificate, region);
                expect(certificate.inputs).to.include({ domainName: "api.example.com", validationMethod: "DNS" });
                expect(certificate.outputs.arn).to.match(new RegExp(`^arn:aws:acm:${region}:123456789012:certificate/`));
                const validation = inRegion(run, T.validation, region);
                expect(validation.inputs.certificateArn).to.equal(certificate.outputs.arn);
                const domain = inRegion(run, T.domain, region);
                expect(domain.inputs.regionalCertificateArn).to.equal(certificate.outputs.arn);
                expect(domain.inputs).to.deep.include({ domainName: "api.example.com", securityPolicy: "TLS_1_2", endpointConfiguration: { types: "REGIONAL" } });
                expect(domain.outputs.regionalZoneId).to.equal(API_GATEWAY_REGIONAL_ZONE_IDS[region]);
            }
        });

        it("creates the DNS validation record once, and every region's validation waits on it", () => {
            const validationRecords = resourcesOf(run, T.record).filter((r) => r.inputs.type === "CNAME");
            expect(validationRecords).to.have.length(1);
            const record = validationRecords[0];
            expect(record.inputs).to.include({ zoneId: BASE.hostedZoneId, allowOverwrite: true, ttl: 300 });
            expect(record.inputs.name).to.match(/^_[0-9a-f]{32}\.api\.example\.com\.$/);
            for (const v of resourcesOf(run, T.validation)) expect(v.inputs.validationRecordFqdns).to.deep.equal([record.outputs.fqdn]);
        });

        it("health-checks each region on its own execute-api host with the default settings", () => {
            const checks = resourcesOf(run, T.healthCheck);
            expect(checks).to.have.length(regions.length);
            for (const region of regions) {
                const check = named(run, T.healthCheck, `api-${region}-health-check`);
                const restApi = inRegion(run, T.restApi, region);
                expect(check.inputs).to.deep.equal({
                    type: "HTTPS_STR_MATCH",
                    fqdn: `${restApi.id}.execute-api.${region}.amazonaws.com`,
                    port: 443,
                    resourcePath: "/prod/healthcheck",
                    searchString: "ok",
                    requestInterval: 30,
                    failureThreshold: 2,
                    enableSni: true,
                    tags: { team: "content", Name: `api-${region}` },
                });
                expect(check.inputs.fqdn).not.to.include("api.example.com");
            }
        });

        it("routes the shared name by latency: one alias record per region with its health check and a unique set identifier", async () => {
            const records = resourcesOf(run, T.record).filter((r) => r.inputs.type === "A");
            expect(records).to.have.length(regions.length);
            expect(new Set(records.map((r) => r.inputs.setIdentifier)).size).to.equal(regions.length);
            for (const region of regions) {
                const record = named(run, T.record, `api-${region}-record`);
                const domain = inRegion(run, T.domain, region);
                expect(record.inputs).to.deep.include({
                    zoneId: BASE.hostedZoneId,
                    name: "api.example.com",
                    setIdentifier: `api-${region}`,
                    healthCheckId: named(run, T.healthCheck, `api-${region}-health-check`).id,
                    latencyRoutingPolicies: [{ region }],
                    aliases: [{ name: domain.outputs.regionalDomainName, zoneId: API_GATEWAY_REGIONAL_ZONE_IDS[region], evaluateTargetHealth: true }],
                });
                expect(record.inputs.failoverRoutingPolicies).to.equal(undefined);
                expect(domain.outputs.regionalDomainName).to.match(new RegExp(`^d-[a-z0-9]{10}\\.execute-api\\.${region}\\.amazonaws\\.com$`));
            }
        });

        it("alarms on each health check in us-east-1, where Route 53 publishes its metrics", () => {
            const alarms = resourcesOf(run, T.alarm);
            expect(alarms).to.have.length(regions.length);
            for (const region of regions) {
                const alarm = named(run, T.alarm, `api-${region}-health-alarm`);
                expect(regionOfResource(run, alarm)).to.equal("us-east-1");
                expect(alarm.inputs).to.deep.include({
                    namespace: "AWS/Route53",
                    metricName: "HealthCheckStatus",
                    dimensions: { HealthCheckId: named(run, T.healthCheck, `api-${region}-health-check`).id },
                    statistic: "Minimum",
                    comparisonOperator: "LessThanThreshold",
                    threshold: 1,
                    alarmActions: [],
                });
            }
        });

        it("outputs the API URL, each region's invoke URL and health check, and the failover time", async () => {
            expect(await promiseOf(api.apiUrl)).to.equal("https://api.example.com/v1");
            const endpoints = await promiseOf(api.regions);
            expect(Object.keys(endpoints)).to.deep.equal(regions);
            for (const region of regions) {
                expect(endpoints[region].invokeUrl).to.equal(inRegion(run, T.stage, region).outputs.invokeUrl);
                expect(endpoints[region].invokeUrl).to.equal(`https://${inRegion(run, T.restApi, region).id}.execute-api.${region}.amazonaws.com/prod`);
                expect(endpoints[region].healthCheckId).to.equal(named(run, T.healthCheck, `api-${region}-health-check`).id);
                expect(endpoints[region].drillParameterName).to.equal(`/api/drill/${region}`);
            }
            expect(api.worstCaseFailoverSeconds).to.equal(30 * 2 + 2 * 8 + 60);
        });
    });
}


describe("RegionalApiFailover wiring in one region", () => {
    let run: OfflineRun;
    before(async () => {
        ({ run } = await buildRegions(2));
    });

    it("builds a REGIONAL REST API: GET /healthcheck → health function, / and /{proxy+} → API function", () => {
        const region = "eu-west-1";
        const restApi = inRegion(run, T.restApi, region);
        expect(restApi.inputs.endpointConfiguration).to.deep.equal({ types: "REGIONAL" });
        const health = inRegion(run, T.fn, region, "-health-fn");
        const apiFn = inRegion(run, T.fn, region, "-api-fn");
        const healthResource = inRegion(run, T.resource, region, "-healthcheck");
        expect(healthResource.inputs).to.include({ pathPart: "healthcheck", parentId: restApi.outputs.rootResourceId, restApi: restApi.id });
        const proxy = inRegion(run, T.resource, region, "-proxy");
        expect(proxy.inputs.pathPart).to.equal("{proxy+}");
        const routes = resourcesOf(run, T.integration)
            .filter((i) => regionOfResource(run, i) === region)
            .map((i) => [i.inputs.resourceId, i.inputs.httpMethod, i.inputs.type, i.inputs.uri])
            .sort();
        expect(routes).to.deep.equal(
            [
                [healthResource.id, "GET", "AWS_PROXY", health.outputs.invokeArn],
                [restApi.outputs.rootResourceId, "ANY", "AWS_PROXY", apiFn.outputs.invokeArn],
                [proxy.id, "ANY", "AWS_PROXY", apiFn.outputs.invokeArn],
            ].sort(),
        );
        const stage = inRegion(run, T.stage, region);
        const deployment = inRegion(run, T.deployment, region);
        expect(stage.inputs).to.include({ stageName: "prod", deployment: deployment.id, restApi: restApi.id });
        expect((deployment.inputs.triggers as Record<string, string>).redeployment).to.match(/^[0-9a-f]{64}$/);
        expect(inRegion(run, T.mapping, region).inputs).to.deep.include({ basePath: "v1", stageName: "prod", restApi: restApi.id, domainName: "api.example.com" });
    });

    it("lets API Gateway invoke each function only from this API's stage", () => {
        const region = "eu-west-1";
        const executionArn = inRegion(run, T.restApi, region).outputs.executionArn;
        const health = inRegion(run, T.permission, region, "-health-permission");
        expect(health.inputs).to.include({
            principal: "apigateway.amazonaws.com",
            action: "lambda:InvokeFunction",
            function: inRegion(run, T.fn, region, "-health-fn").outputs.name,
            sourceArn: `${executionArn}/prod/GET/healthcheck`,
        });
        expect(inRegion(run, T.permission, region, "-api-permission").inputs.sourceArn).to.equal(`${executionArn}/prod/*`);
    });

    it("grants the health role only its logs, the drill flag and the probed table and bucket; the API role only its logs", () => {
        for (const region of ["eu-west-1", "us-east-1"]) {
            const health = policyOf(inRegion(run, T.rolePolicy, region, "-health-policy"));
            const logs = inRegion(run, T.logGroup, region, "-health-logs");
            expect(health.Statement).to.deep.equal([
                { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logs.outputs.arn}:*` },
                { Sid: "ReadDrillFlag", Effect: "Allow", Action: "ssm:GetParameter", Resource: `arn:aws:ssm:${region}:123456789012:parameter/api/drill/${region}` },
                { Sid: "DescribeProbedTables", Effect: "Allow", Action: "dynamodb:DescribeTable", Resource: [`arn:aws:dynamodb:${region}:123456789012:table/sessions`] },
                { Sid: "HeadProbedBuckets", Effect: "Allow", Action: "s3:ListBucket", Resource: [`arn:aws:s3:::acme-content-${region}`] },
            ]);
            const api = policyOf(inRegion(run, T.rolePolicy, region, "-api-policy"));
            expect(api.Statement).to.deep.equal([
                {
                    Sid: "WriteOwnLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${inRegion(run, T.logGroup, region, "-api-logs").outputs.arn}:*`,
                },
            ]);
            expect(JSON.stringify(health)).not.to.match(/"\*"|:\*:/);
        }
    });

    it("configures the health function with that region's probes, drill parameter and the search string, in config.json", async () => {
        for (const region of ["eu-west-1", "us-east-1"]) {
            const fn = inRegion(run, T.fn, region, "-health-fn");
            const files = await deployedFiles(fn);
            expect(Object.keys(files).sort()).to.deep.equal(["config.json", "index.js"]);
            // Canonical JSON (sorted keys): the same settings always give the same bytes, so no new version.
            expect(files["config.json"]).to.equal(canonicalJson(JSON.parse(files["config.json"])));
            const config = JSON.parse(files["config.json"]);
            expect(config).to.deep.equal({
                probes: [
                    { kind: "dynamodb", name: "sessions", tableName: "sessions" },
                    { kind: "http", name: "catalog", url: "https://catalog.example.com/ping", timeoutMs: 800 },
                    { kind: "s3", name: "content", bucketName: `acme-content-${region}` },
                ],
                drillParameterName: `/api/drill/${region}`,
                healthyBody: "ok",
                drillCacheSeconds: 5,
            });
            expect(fn.inputs).to.deep.include({ runtime: "nodejs22.x", handler: "index.handler", timeout: 5, tags: { team: "content" } });
            expect(fn.inputs.loggingConfig).to.deep.equal({ logFormat: "JSON", logGroup: inRegion(run, T.logGroup, region, "-health-logs").outputs.name });
            // Configuration is data in the archive: neither function has environment variables.
            expect(fn.inputs.environment).to.equal(undefined);
            expect(inRegion(run, T.fn, region, "-api-fn").inputs.environment).to.equal(undefined);
        }
    });

    it("deploys the prebuilt handlers unchanged, leaving @aws-sdk/* to the Lambda runtime; the hash covers code and config", async () => {
        const hello = prebuiltBundle("regional-api-hello");
        const health = prebuiltBundle("regional-api-health");
        const api = inRegion(run, T.fn, "eu-west-1", "-api-fn");
        expect(await deployedFiles(api)).to.deep.equal({ "index.js": hello.code });
        expect(api.inputs.sourceCodeHash).to.equal(functionPackage(hello).sha256);
        const healthFn = inRegion(run, T.fn, "us-east-1", "-health-fn");
        const healthFiles = await deployedFiles(healthFn);
        expect(healthFiles["index.js"]).to.equal(health.code);
        expect(healthFn.inputs.sourceCodeHash).to.equal(functionPackage(health, JSON.parse(healthFiles["config.json"])).sha256);
        expect(hello.code).to.include("hello from");
        expect(health.code).to.include('require("@aws-sdk/client-dynamodb")');
        // Small because the SDK is not inside.
        expect(health.bytes).to.be.below(20_000);
    });

    it("creates each region's drill parameter as healthy, restricted to healthy | unhealthy", () => {
        for (const region of ["eu-west-1", "us-east-1"]) {
            const parameter = inRegion(run, T.parameter, region);
            expect(parameter.inputs).to.deep.include({
                name: `/api/drill/${region}`,
                type: "String",
                insecureValue: "healthy",
                allowedPattern: "^(healthy|unhealthy)$",
            });
        }
        expect(drillParameterName("my api:prod", "eu-west-1")).to.equal("/my-api-prod/drill/eu-west-1");
    });
});

describe("RegionalApiFailover settings", () => {
    it("failover routing with custom settings: PRIMARY/SECONDARY records, the settings on every check, the failover time recomputed", async () => {
        const { run, api } = await build({
            routing: "failover",
            regions: ["us-west-2", "eu-central-1"],
            stage: "live",
            basePath: "api",
            healthCheck: { type: "HTTPS", requestInterval: 10, failureThreshold: 1, checkerRegions: ["us-east-1", "eu-west-1", "ap-southeast-1"] },
            alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:oncall",
        });
        const primary = named(run, T.record, "api-us-west-2-record");
        const secondary = named(run, T.record, "api-eu-central-1-record");
        expect(primary.inputs.failoverRoutingPolicies).to.deep.equal([{ type: "PRIMARY" }]);
        expect(secondary.inputs.failoverRoutingPolicies).to.deep.equal([{ type: "SECONDARY" }]);
        for (const r of [primary, secondary]) expect(r.inputs.latencyRoutingPolicies).to.equal(undefined);
        expect(primary.inputs.setIdentifier).not.to.equal(secondary.inputs.setIdentifier);

        for (const region of ["us-west-2", "eu-central-1"]) {
            const check = named(run, T.healthCheck, `api-${region}-health-check`);
            expect(check.inputs).to.deep.include({
                type: "HTTPS",
                fqdn: `${inRegion(run, T.restApi, region).id}.execute-api.${region}.amazonaws.com`,
                resourcePath: "/live/healthcheck",
                requestInterval: 10,
                failureThreshold: 1,
                regions: ["us-east-1", "eu-west-1", "ap-southeast-1"],
            });
            expect(check.inputs.searchString).to.equal(undefined);
            expect(named(run, T.alarm, `api-${region}-health-alarm`).inputs).to.deep.include({
                alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
                okActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
            });
            expect(inRegion(run, T.stage, region).inputs.stageName).to.equal("live");
            expect(inRegion(run, T.mapping, region).inputs.basePath).to.equal("api");
        }
        expect(await promiseOf(api.apiUrl)).to.equal("https://api.example.com/api");
        expect(api.failoverTime).to.deep.equal({ detectionSeconds: 10, checkerWaitSeconds: 6, dnsTtlSeconds: 60, totalSeconds: 76 });
    });

    it("throttles every method of each region's stage with `throttle`, through that region's provider", async () => {
        const { run } = await build({ throttle: { rateLimit: 250.5, burstLimit: 500 } });
        const settings = resourcesOf(run, T.methodSettings);
        expect(settings.map((r) => regionOfResource(run, r)).sort()).to.deep.equal(["eu-west-1", "us-east-1"]);
        for (const region of BASE.regions) {
            const r = inRegion(run, T.methodSettings, region);
            expect(r.name).to.equal(`api-${region}-throttle`);
            expect(r.inputs.methodPath).to.equal("*/*");
            expect(r.inputs.stageName).to.equal("prod");
            expect(r.inputs.restApi).to.equal(inRegion(run, T.restApi, region).id);
            expect(r.inputs.settings).to.deep.equal({ throttlingRateLimit: 250.5, throttlingBurstLimit: 500 });
        }
        expect(validateRegionalApiFailoverArgs({ ...BASE, throttle: { rateLimit: 0, burstLimit: 1.5 } })).to.deep.equal([
            { path: "throttle.burstLimit", value: 1.5, problem: "is not a whole number of at least 1" },
            { path: "throttle.rateLimit", value: 0, problem: "is not a number of at least 1" },
        ]);
    });

    it("plans in preview mode, where IDs and ARNs are unknown, without crashing", async () => {
        const { run, api } = await build(probeArgs(BASE.regions), { preview: true });
        for (const [type, perRegion] of PER_REGION) expect(resourcesOf(run, type), type).to.have.length(perRegion * 2);
        expect(resourcesOf(run, T.healthCheck)).to.have.length(2);
        expect(resourcesOf(run, T.record)).to.have.length(3);
        // The health check host depends on the API's ID, unknown until it exists.
        expect(named(run, T.healthCheck, "api-eu-west-1-health-check").inputs.fqdn).not.to.be.a("string");
        expect(named(run, T.healthCheck, "api-eu-west-1-health-check").inputs.resourcePath).to.equal("/prod/healthcheck");
        expect(await promiseOf(api.apiUrl)).to.equal("https://api.example.com/v1");
        expect(api.worstCaseFailoverSeconds).to.equal(136);
    });
});

describe("RegionalApiFailover apiEntryPoint", () => {
    // A caller's relative path is theirs: it must resolve against their working directory, never this package's.
    const home = process.cwd();
    let project: string;
    before(() => {
        project = fs.mkdtempSync(path.join(os.tmpdir(), "api-entry-"));
        fs.mkdirSync(path.join(project, "src"));
        fs.writeFileSync(path.join(project, "src", "api.ts"), 'export const handler = async () => ({ statusCode: 200, body: "from the caller" });\n');
    });
    afterEach(() => process.chdir(home));
    after(() => fs.rmSync(project, { recursive: true, force: true }));

    it("resolves a relative path against process.cwd()", async () => {
        process.chdir(project);
        const { run } = await build({ apiEntryPoint: "src/api.ts", regions: ["eu-west-1", "us-east-1"] });
        const expected = bundleLambda({ entryPoint: path.join(project, "src", "api.ts"), external: ["@aws-sdk/*"] });
        expect(expected.code).to.include("from the caller");
        for (const region of ["eu-west-1", "us-east-1"]) {
            const fn = inRegion(run, T.fn, region, "-api-fn");
            expect(fn.inputs.sourceCodeHash, region).to.equal(functionPackage(expected).sha256);
            expect(await deployedFiles(fn), region).to.deep.equal({ "index.js": expected.code });
        }
    });

    it("does not fall back to the package directory for a relative path missing from the working directory", () => {
        process.chdir(project);
        // The file exists in this package, not in the caller's project.
        expect(() => new RegionalApiFailover("api", { ...BASE, apiEntryPoint: "functions/regional-api/hello.ts" })).to.throw(
            ValidationError,
            /apiEntryPoint: "functions\/regional-api\/hello\.ts" does not build: /,
        );
    });

    it("keeps the default handler in this package whatever the working directory", async () => {
        process.chdir(project);
        const { run } = await build();
        const hello = prebuiltBundle("regional-api-hello");
        expect(inRegion(run, T.fn, "eu-west-1", "-api-fn").inputs.sourceCodeHash).to.equal(functionPackage(hello).sha256);
    });
});

describe("RegionalApiFailover argument validation", () => {
    const cases: [string, Partial<RegionalApiFailoverArgs>, RegExp][] = [
        ["one region", { regions: ["eu-west-1"] }, /regions: \["eu-west-1"\] is not a list of at least 2 items/],
        ["duplicate regions", { regions: ["eu-west-1", "eu-west-1"] }, /regions\[1\]: "eu-west-1" is listed twice; each region may appear once/],
        ["an unknown region", { regions: ["eu-west-1", "eu-middle-1"] }, /regions\[1\]: "eu-middle-1" is not one of af-south-1 \| .*\| us-west-2/],
        ["a China region", { regions: ["eu-west-1", "cn-north-1"] }, /regions\[1\]: "cn-north-1" is not one of /],
        ["three regions with failover routing", { routing: "failover", regions: SIX.slice(0, 3) }, /regions: .* must list exactly two regions with routing "failover" \(regions\[0\] is PRIMARY, regions\[1\] SECONDARY/],
        ["an unknown routing", { routing: "weighted" as never }, /routing: "weighted" is not one of latency \| failover/],
        ["threshold 11", { healthCheck: { failureThreshold: 11 } }, /healthCheck\.failureThreshold: 11 is not a whole number from 1 to 10/],
        ["threshold 0", { healthCheck: { failureThreshold: 0 } }, /healthCheck\.failureThreshold: 0 is not a whole number from 1 to 10/],
        ["interval 20", { healthCheck: { requestInterval: 20 as never } }, /healthCheck\.requestInterval: 20 is not one of 10 \| 30/],
        ["a base path with a slash", { basePath: "v1/orders" }, /basePath: "v1\/orders" is not one path segment of letters, digits and \$-_\.\+!\*'\(\) \(no "\/"\)/],
        ["a bad stage", { stage: "prod stage" }, /stage: "prod stage" is not 1-128 letters, digits, hyphens or underscores/],
        ["a port other than 443", { healthCheck: { port: 8443 } }, /healthCheck\.port: 8443 must be 443/],
        ["an unknown health check type", { healthCheck: { type: "TCP" as never } }, /healthCheck\.type: "TCP" is not one of HTTPS_STR_MATCH \| HTTPS/],
        ["two checker regions", { healthCheck: { checkerRegions: ["us-east-1", "eu-west-1"] } }, /healthCheck\.checkerRegions: .* is not a list of at least 3 items/],
        ["a checker region twice", { healthCheck: { checkerRegions: ["us-east-1", "eu-west-1", "us-east-1"] } }, /healthCheck\.checkerRegions: .* must list at least three distinct checker regions of us-east-1 \| /],
        ["a search string with type HTTPS", { healthCheck: { type: "HTTPS", searchString: "ok" } }, /healthCheck\.searchString: "ok" only applies with type "HTTPS_STR_MATCH"/],
        ["a health path outside the stage", { healthCheck: { path: "/healthcheck" } }, /healthCheck\.path: "\/healthcheck" must be a path below the stage, "\/prod\/\.\.\."/],
        ["a wildcard domain", { domainName: "*.example.com" }, /domainName: "\*\.example\.com" must be one host name, not a wildcard/],
        ["a probe timeout above Route 53's budget", { probes: [{ kind: "s3", name: "b", bucketName: "acme", timeoutMs: 3000 }] }, /probes\[0\]\.timeoutMs: 3000 is not a whole number from 50 to 1500/],
        ["a per-region probe with a bad bucket", { probesByRegion: { "eu-west-1": [{ kind: "s3", name: "b", bucketName: "acme" }], "us-east-1": [{ kind: "s3", name: "b", bucketName: "Bad_Bucket" }] } }, /probesByRegion\.us-east-1\[0\]\.bucketName: "Bad_Bucket" is not a valid S3 bucket name/],
        ["probes for a region the API does not run in", { probesByRegion: { "ap-south-1": [] } }, /probesByRegion\.ap-south-1: \[\] is not a region of regions \(eu-west-1 \| us-east-1\)/],
        ["a regional probe named like one of every region", { probes: [{ kind: "s3", name: "b", bucketName: "acme" }], probesByRegion: { "us-east-1": [{ kind: "s3", name: "b", bucketName: "acme-us" }] } }, /probesByRegion\.us-east-1\[0\]\.name: "b" is used by another probe of the region \(probes\[0\]\)/],
        ["a probe without the field of its kind", { probes: [{ kind: "dynamodb", name: "t" }] }, /probes\[0\]\.tableName: \(missing\) is required for a probe of kind dynamodb/],
        ["a probe with another kind's field", { probes: [{ kind: "s3", name: "b", bucketName: "acme", tableName: "orders" }] }, /probes\[0\]\.tableName: "orders" is only for a probe of kind dynamodb, not s3/],
        ["an expected status on a probe that is not http", { probes: [{ kind: "s3", name: "b", bucketName: "acme", expectStatus: 204 }] }, /probes\[0\]\.expectStatus: 204 is only for a probe of kind http, not s3/],
        ["an unknown probe kind", { probes: [{ kind: "sqs" as never, name: "q" }] }, /probes\[0\]\.kind: "sqs" is not one of http \| dynamodb \| s3/],
        ["a probe URL without TLS", { probes: [{ kind: "http", name: "c", url: "http://catalog.example.com/ping" }] }, /probes\[0\]\.url: "http:\/\/catalog\.example\.com\/ping" must use https:\/\//],
        ["two probes of one name", { probes: [{ kind: "s3", name: "b", bucketName: "acme" }, { kind: "dynamodb", name: "b", tableName: "orders" }] }, /probes\[1\]\.name: "b" is used by another probe; names must be unique/],
        ["an SNS ARN that is not one", { alarmTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" }, /alarmTopicArn: .* is not an SNS topic ARN/],
        ["a handler that does not exist", { apiEntryPoint: "functions/regional-api/missing.ts" }, /apiEntryPoint: "functions\/regional-api\/missing\.ts" does not build: /],
    ];
    for (const [what, args, message] of cases) {
        it(`rejects ${what}, naming the field and what is allowed`, () => {
            expect(() => new RegionalApiFailover("api", { ...BASE, ...args })).to.throw(ValidationError, message);
        });
    }

    it("rejects a component name that would put the drill parameter under a prefix SSM reserves", () => {
        expect(() => new RegionalApiFailover("AWS-api", BASE)).to.throw(ValidationError, /name: "AWS-api" must not start with "aws" or "ssm"/);
    });

    it("reports every problem at once", () => {
        const issues = validateRegionalApiFailoverArgs({ ...BASE, regions: ["eu-west-1"], basePath: "/v1", healthCheck: { failureThreshold: 11, requestInterval: 20 as never } });
        // The schema's problems first (keys in alphabetical order), then the rules'.
        expect(issues.map((i) => i.path)).to.deep.equal(["basePath", "healthCheck.failureThreshold", "healthCheck.requestInterval", "regions"]);
        // Under a prefix (a config section), every setting's path starts with it.
        expect(validateRegionalApiFailoverArgs({ ...BASE, regions: ["eu-west-1", "eu-west-1"], stage: "a b" }, "api").map((i) => i.path)).to.deep.equal(["api.stage", "api.regions[1]"]);
    });

    it("accepts the documented defaults and every supported region", () => {
        expect(validateRegionalApiFailoverArgs(BASE)).to.deep.equal([]);
        expect(validateRegionalApiFailoverArgs({ ...BASE, regions: [...FAILOVER_REGIONS] })).to.deep.equal([]);
    });
});

describe("supported regions and failover time", () => {
    it("offers the commercial regions with API Gateway regional endpoints and latency routing, and nothing else", () => {
        expect(FAILOVER_REGIONS).to.include.members(["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1", "il-central-1", "mx-central-1"]);
        for (const other of ["cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1", "eusc-de-east-1"]) expect(FAILOVER_REGIONS).not.to.include(other);
        for (const region of FAILOVER_REGIONS) expect(API_GATEWAY_REGIONAL_ZONE_IDS[region], region).to.match(/^Z[A-Z0-9]{8,}$/);
        expect(HEALTH_CHECKER_REGIONS).to.have.length(8);
    });

    it("computes interval × threshold + per-check waits + the alias TTL", () => {
        expect(failoverTime()).to.deep.equal({ detectionSeconds: 60, checkerWaitSeconds: 16, dnsTtlSeconds: 60, totalSeconds: 136 });
        expect(worstCaseFailoverSeconds({ requestInterval: 10, failureThreshold: 1 })).to.equal(78);
        expect(worstCaseFailoverSeconds({ requestInterval: 10, failureThreshold: 3, type: "HTTPS" })).to.equal(30 + 18 + 60);
        expect(worstCaseFailoverSeconds({ dnsTtlSeconds: 0 })).to.equal(76);
    });

    it("only gets faster with a shorter interval or a lower threshold", () => {
        for (const interval of [10, 30] as const) {
            for (let threshold = 1; threshold < 10; threshold++) {
                const t = worstCaseFailoverSeconds({ requestInterval: interval, failureThreshold: threshold });
                expect(worstCaseFailoverSeconds({ requestInterval: interval, failureThreshold: threshold + 1 })).to.be.above(t);
                if (interval === 30) expect(worstCaseFailoverSeconds({ requestInterval: 10, failureThreshold: threshold })).to.be.below(t);
            }
        }
    });

    it("rejects settings Route 53 does not allow, naming them", () => {
        expect(() => failoverTime({ requestInterval: 20 as never })).to.throw(ValidationError, /settings\.requestInterval: 20 is not one of 10 \| 30/);
        expect(() => failoverTime({ failureThreshold: 0 })).to.throw(ValidationError, /settings\.failureThreshold: 0 is not a whole number from 1 to 10/);
    });
});

import { createHash } from "node:crypto";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DRILL_ALLOWED_PATTERN, HealthConfig, ProbeSpec, validateProbes } from "../shared/health-config";
import {
    FailoverTime,
    HEALTH_RESOURCE_PATH,
    ResolvedHealthCheckSettings,
    RoutingMode,
    failoverTime,
    resolveHealthCheckSettings,
    validateHealthCheckSettings,
    validateRegions,
} from "./failover-settings";
import { LAMBDA_PRINCIPAL, LOG_WRITE_ACTIONS, serviceTrustPolicy } from "./iam-policies";
import { FunctionPackage, LambdaBundle, bundleLambda, canonicalJson, functionPackage, lambdaArchive, prebuiltBundle } from "./lambda-bundle";
import { ProvidersByRegion, RegionPlacement, RegionalProviders, validateProvidersByRegion } from "./providers";
import { HealthProbe, HealthProbeKind, RegionalApiFailoverSettings } from "./settings/regional-api-failover";
import { settingsIssues } from "./settings-validation";
import { ComponentState, componentType, withFormerType } from "./type-tokens";
import { Issue, ValidationError, checkArn, checkDomainName, isPlainObject, parseArn, throwIfIssues } from "./validation";

export { HealthProbe, HealthProbeKind, RegionalApiFailoverSettings };

/** The former name of `HealthProbe`. */
export type HealthProbeArgs = HealthProbe;

/** Arguments of `RegionalApiFailover`: its settings, and what the program around it decides. */
export interface RegionalApiFailoverArgs extends RegionalApiFailoverSettings {
    /** Tags for every taggable child resource. @default {} */
    readonly tags?: Record<string, string>;
    /**
     * Your own AWS providers, by region: one for a region of `regions` carries everything the API runs
     * there; one for us-east-1 also carries the health check alarms (Route 53 publishes its metrics
     * there). A region without one goes through the component's own explicit provider
     * (`opts.provider`/`opts.providers`, or its parent's) with a `region` argument on each regional
     * resource, else through a provider the component creates, `${name}-${region}`, with every `aws:*`
     * setting of the stack (profile, assumed roles, allowed account IDs, default tags, ...) and only the
     * region changed. Route 53 and IAM are global: they use the us-east-1 provider, or yours.
     * @default as described: your explicit provider with region arguments, else one provider per region with the stack's settings
     * @example { "eu-west-1": euProvider, "us-east-1": usProvider }
     */
    readonly providers?: ProvidersByRegion;
}

/** What the component built in one region. */
export interface RegionalApiEndpoint {
    /** The stage's own URL, `https://<apiId>.execute-api.<region>.amazonaws.com/<stage>`. */
    readonly invokeUrl: string;
    /** The host the Route 53 health check probes, `<apiId>.execute-api.<region>.amazonaws.com`. */
    readonly healthCheckHost: string;
    /** The Route 53 health check ID. */
    readonly healthCheckId: string;
    /** Target of the alias record, `d-xxxx.execute-api.<region>.amazonaws.com`. */
    readonly regionalDomainName: string;
    /** The SSM parameter that drives the failover drill in this region. */
    readonly drillParameterName: string;
    /** Name of the API function's role, to attach the policies your own handler needs. */
    readonly apiRoleName: string;
}

/** The Lambda runtime of both functions; it ships the AWS SDK for JavaScript v3. */
const RUNTIME = aws.lambda.Runtime.NodeJS22dX;
/** Seconds the health handler caches the drill flag. */
const DRILL_CACHE_SECONDS = 5;
/** Days the functions' log groups keep events. */
const LOG_RETENTION_DAYS = 30;
/** Region of Route 53 health check metrics, hence of their alarms. */
const ROUTE53_METRICS_REGION = "us-east-1";

// The field each probe kind reads; a probe sets its own and no other kind's.
const PROBE_FIELDS: Readonly<Record<HealthProbeKind, "url" | "tableName" | "bucketName">> = {
    [HealthProbeKind.Http]: "url",
    [HealthProbeKind.DynamoDb]: "tableName",
    [HealthProbeKind.S3]: "bucketName",
};

/**
 * The probe rules beyond their schema (fields, types, kinds, ranges, name patterns): each probe sets
 * exactly the field of its kind (`expectStatus` only for `http`), and passes the health handler's own
 * check of its config (unique names, an https URL), so the handler never refuses what `pulumi up`
 * deployed. Problems the schema already reported at a path are not repeated.
 */
function checkProbes(probes: unknown, path: string, issues: Issue[]): void {
    // Not a list: the schema says so.
    if (!Array.isArray(probes)) return;
    const own: Issue[] = [];
    probes.forEach((probe, i) => {
        if (!isPlainObject(probe) || !Object.hasOwn(PROBE_FIELDS, String(probe.kind))) return;
        const kind = probe.kind as HealthProbeKind;
        for (const [other, field] of Object.entries(PROBE_FIELDS)) {
            if (other === kind && probe[field] === undefined) {
                own.push({ path: `${path}[${i}].${field}`, value: undefined, problem: `is required for a probe of kind ${kind}` });
            } else if (other !== kind && probe[field] !== undefined) {
                own.push({ path: `${path}[${i}].${field}`, value: probe[field], problem: `is only for a probe of kind ${other}, not ${kind}` });
            }
        }
        if (kind !== HealthProbeKind.Http && probe.expectStatus !== undefined) {
            own.push({ path: `${path}[${i}].expectStatus`, value: probe.expectStatus, problem: `is only for a probe of kind http, not ${kind}` });
        }
    });
    // A field of another kind is wrong whatever its value: that problem replaces the schema's about the value.
    for (const issue of own) {
        const schemaIssue = issues.findIndex((i) => i.path === issue.path);
        if (schemaIssue >= 0) issues.splice(schemaIssue, 1, issue);
        else issues.push(issue);
    }
    const runtime: Issue[] = [];
    validateProbes(probes, runtime, path);
    for (const issue of runtime) {
        if (!issues.some((i) => i.path === issue.path)) issues.push(issue);
    }
}

/**
 * Checks the arguments of a `RegionalApiFailover` and returns every problem found: the settings
 * against their schema (types, allowed values, ranges, unknown keys), then the rules that tie settings
 * together. Values that are not known yet (outputs) are skipped; `prefix` starts the path of every
 * setting (a config section, or `""`).
 */
export function validateRegionalApiFailoverArgs(args: RegionalApiFailoverArgs, prefix = ""): Issue[] {
    const { tags, providers, ...settings } = args;
    const issues = settingsIssues("RegionalApiFailoverSettings", settings, prefix);
    const at = (path: string): string => (prefix === "" ? path : `${prefix}.${path}`);
    if (typeof args.domainName === "string" && checkDomainName(at("domainName"), args.domainName, issues) && args.domainName.startsWith("*.")) {
        issues.push({ path: at("domainName"), value: args.domainName, problem: "must be one host name, not a wildcard" });
    }
    if (args.hostedZoneId === "") {
        issues.push({ path: at("hostedZoneId"), value: args.hostedZoneId, problem: "is required: the Route 53 zone of domainName" });
    }
    validateRegions(args.regions, args.routing === RoutingMode.Failover ? RoutingMode.Failover : RoutingMode.Latency, issues, at("regions"));
    validateHealthCheckSettings(args.healthCheck, typeof args.stage === "string" ? args.stage : "prod", issues, at("healthCheck"));
    checkProbes(args.probes, at("probes"), issues);
    if (isPlainObject(args.probesByRegion)) {
        const regions: unknown[] = Array.isArray(args.regions) ? args.regions : [];
        const shared = new Map((Array.isArray(args.probes) ? args.probes : []).map((p, i) => [isPlainObject(p) ? p.name : undefined, i]));
        for (const [region, probes] of Object.entries(args.probesByRegion)) {
            const path = at(`probesByRegion.${region}`);
            if (!regions.includes(region)) {
                issues.push({ path, value: probes, problem: `is not a region of regions (${regions.join(" | ")}); list its probes under one of them` });
            }
            checkProbes(probes, path, issues);
            // A region's probes are `probes` and these together: one name each.
            (Array.isArray(probes) ? probes : []).forEach((probe, i) => {
                const j = isPlainObject(probe) && typeof probe.name === "string" ? shared.get(probe.name) : undefined;
                const namePath = `${path}[${i}].name`;
                if (j !== undefined && !issues.some((issue) => issue.path === namePath)) {
                    issues.push({ path: namePath, value: probe.name, problem: `is used by another probe of the region (probes[${j}]); names must be unique` });
                }
            });
        }
    }
    if (typeof args.alarmTopicArn === "string") {
        checkArn(at("alarmTopicArn"), args.alarmTopicArn, { service: "sns", resource: /^.+$/ }, "an SNS topic ARN (arn:aws:sns:us-east-1:ACCOUNT:NAME)", issues);
    }
    // What the program decides (not settings, so not under `prefix`).
    for (const [key, value] of Object.entries(tags ?? {})) {
        if (typeof value !== "string") issues.push({ path: `tags.${key}`, value, problem: "must be a string" });
    }
    validateProvidersByRegion(providers, issues);
    return issues;
}

/** What a `RegionalApiFailover` keeps for its own code. */
interface RegionalApiFailoverState {
    readonly resourceName: string;
    readonly args: RegionalApiFailoverArgs;
    readonly stage: string;
    readonly basePath: string;
    readonly routing: RoutingMode;
    readonly tags: Record<string, string>;
    readonly providers: RegionalProviders;
    accountId?: pulumi.Output<string>;
}
const apiState = new ComponentState<RegionalApiFailover, RegionalApiFailoverState>();

/**
 * One API in several regions behind one name, with Route 53 health-check failover. Each region gets,
 * through its own provider (with the caller's account settings, see
 * `RegionalApiFailoverArgs.providers`): the API function and a deep-ping health function, a REGIONAL REST API
 * (`/healthcheck` → health, everything else → API), its stage, an ACM certificate for the domain, a
 * REGIONAL custom domain (TLS 1.2) mapped at the base path, and an SSM drill parameter. Route 53 gets a
 * health check per region against the region's own `execute-api` host, and one alias record per region
 * for the shared name (latency or failover routing, evaluating target health); CloudWatch gets an alarm
 * per health check in us-east-1.
 *
 * The drill: `aws ssm put-parameter --region <region> --name /<name>/drill/<region> --value unhealthy
 * --overwrite` makes the region's health handler answer 503 within 5 s (its cache of the flag, shorter
 * than any check interval), so Route 53 marks the region unhealthy after `failureThreshold` checks and
 * sends clients elsewhere within `worstCaseFailoverSeconds`; `--value healthy` brings it back. SSM only
 * accepts those two values, and Pulumi never resets the operator's value (`ignoreChanges`).
 *
 * @example
 * const api = new RegionalApiFailover("api", {
 *     domainName: "api.example.com",
 *     hostedZoneId: "Z0123456789ABCDEFGHIJ",
 *     regions: ["eu-west-1", "us-east-1"],
 *     probes: [{ kind: "dynamodb", name: "sessions", tableName: "sessions" }],
 *     probesByRegion: { "eu-west-1": [{ kind: "s3", name: "content", bucketName: "acme-content-eu-west-1" }] },
 * });
 * export const url = api.apiUrl; // https://api.example.com/v1
 */
export class RegionalApiFailover extends pulumi.ComponentResource {
    /** The public URL, `https://<domainName>/<basePath>`. */
    public readonly apiUrl: pulumi.Output<string>;
    /** Per region: invoke URL, health check ID and host, alias target, drill parameter, API role. */
    public readonly regions: pulumi.Output<Record<string, RegionalApiEndpoint>>;
    /** Worst-case seconds from a region failing to clients reaching another one, for these settings. */
    public readonly worstCaseFailoverSeconds: number;
    /** Where `worstCaseFailoverSeconds` comes from. */
    public readonly failoverTime: FailoverTime;
    /** The health check settings in force, defaults filled in. */
    public readonly healthCheck: ResolvedHealthCheckSettings;
    /** The drill parameter name of each region. */
    public readonly drillParameterNames: Readonly<Record<string, string>>;

    private get resourceName(): string {
        return apiState.of(this).resourceName;
    }
    private get args(): RegionalApiFailoverArgs {
        return apiState.of(this).args;
    }
    private get stage(): string {
        return apiState.of(this).stage;
    }
    private get basePath(): string {
        return apiState.of(this).basePath;
    }
    private get routing(): RoutingMode {
        return apiState.of(this).routing;
    }
    private get tags(): Record<string, string> {
        return apiState.of(this).tags;
    }
    private get providers(): RegionalProviders {
        return apiState.of(this).providers;
    }
    private get accountId(): pulumi.Output<string> {
        return apiState.of(this).accountId!;
    }

    constructor(name: string, args: RegionalApiFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate (and bundle, which can fail on the user's code) before registering anything.
        const subject = `RegionalApiFailover "${name}"`;
        const issues = validateRegionalApiFailoverArgs(args);
        // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html (Name)
        if (/^(aws|ssm)/i.test(drillParameterName(name, "x").slice(1))) {
            issues.push({
                path: "name",
                value: name,
                problem: 'must not start with "aws" or "ssm": SSM reserves those prefixes for the drill parameter /<name>/drill/<region>',
            });
        }
        throwIfIssues(subject, issues);
        const bundles = {
            // The default API and the health handler are this package's prebuilt bundles
            // (dist/functions/<name>/index.js). A caller's own entry is bundled now, with the esbuild of the
            // caller's project; their path is theirs, so it resolves against their working directory
            // (bundleLambda would resolve a relative one against this package).
            api:
                args.apiEntryPoint === undefined
                    ? prebuiltBundle("regional-api-hello")
                    : bundleOrExplain(subject, "apiEntryPoint", args.apiEntryPoint, path.resolve(process.cwd(), args.apiEntryPoint)),
            health: prebuiltBundle("regional-api-health"),
        };
        super(componentType("RegionalApiFailover"), name, {}, withFormerType("legacytls:api:RegionalApiFailover", opts));
        const state = apiState.init(this, {
            resourceName: name,
            args,
            stage: args.stage ?? "prod",
            basePath: args.basePath ?? "v1",
            routing: args.routing ?? "latency",
            tags: { ...(args.tags ?? {}) },
            providers: new RegionalProviders(name, this, args.providers),
        });
        this.healthCheck = resolveHealthCheckSettings(args.healthCheck, this.stage);
        this.failoverTime = failoverTime(this.healthCheck);
        this.worstCaseFailoverSeconds = this.failoverTime.totalSeconds;
        state.accountId = aws.getCallerIdentityOutput({}, { parent: this, provider: this.at(ROUTE53_METRICS_REGION).provider }).accountId;
        this.drillParameterNames = Object.fromEntries(args.regions.map((r) => [r, drillParameterName(name, r)]));
        if (typeof args.alarmTopicArn === "string" && parseArn(args.alarmTopicArn)?.region !== ROUTE53_METRICS_REGION) {
            pulumi.log.warn(
                `${subject}: alarmTopicArn is not in ${ROUTE53_METRICS_REGION}, where the health check alarms are; CloudWatch may refuse it`,
                this,
            );
        }

        const certificateArns = this.createCertificates();
        const endpoints = args.regions.map((region, index) => this.createRegion(region, index, bundles, certificateArns[index]));

        this.apiUrl = pulumi.output(`https://${args.domainName}/${this.basePath}`);
        this.regions = pulumi.all(endpoints).apply((resolved) => Object.fromEntries(args.regions.map((region, i) => [region, resolved[i]])));
        this.registerOutputs({
            apiUrl: this.apiUrl,
            regions: this.regions,
            worstCaseFailoverSeconds: this.worstCaseFailoverSeconds,
            failoverTime: this.failoverTime,
            healthCheck: this.healthCheck,
            drillParameterNames: this.drillParameterNames,
        });
    }

    // Where a child of `region` goes: the caller's provider for it, the component's explicit provider
    // with a region argument, or one provider per region created on first use and shared by everything
    // in that region. Regional children pass `region` on; global ones (IAM, Route 53) only the provider.
    private at(region: string): RegionPlacement {
        return this.providers.placement(region);
    }

    // Everything one region runs, in dependency order.
    private createRegion(
        region: string,
        index: number,
        bundles: { api: LambdaBundle; health: LambdaBundle },
        certificateArn: pulumi.Output<string>,
    ): pulumi.Output<RegionalApiEndpoint> {
        const drill = this.createDrillParameter(region);
        const api = this.createFunction(region, "api", functionPackage(bundles.api));
        const health = this.createFunction(
            region,
            "health",
            this.healthConfig(region, drill).apply((config) => functionPackage(bundles.health, config)),
            this.healthStatements(region, drill),
        );
        const { restApi, stage } = this.createRestApi(region, api.fn, health.fn);
        const domain = this.createCustomDomain(region, restApi, stage, certificateArn);
        const healthCheckHost = pulumi.interpolate`${restApi.id}.execute-api.${region}.amazonaws.com`;
        const healthCheck = this.createHealthCheck(region, healthCheckHost);
        this.createAlarm(region, healthCheck);
        this.createRecord(region, index, domain, healthCheck);
        return pulumi.output({
            invokeUrl: stage.invokeUrl,
            healthCheckHost,
            healthCheckId: healthCheck.id,
            regionalDomainName: domain.regionalDomainName,
            drillParameterName: drill.name,
            apiRoleName: api.role.name,
        });
    }

    // `healthy` at creation; operators flip it with put-parameter and Pulumi leaves their value alone.
    // The allowed pattern makes SSM reject a typo instead of the handler guessing what was meant.
    private createDrillParameter(region: string): aws.ssm.Parameter {
        return new aws.ssm.Parameter(
            `${this.resourceName}-${region}-drill`,
            {
                name: this.drillParameterNames[region],
                type: "String",
                insecureValue: "healthy",
                allowedPattern: DRILL_ALLOWED_PATTERN,
                description: `Failover drill for ${this.args.domainName} in ${region}: "unhealthy" fails the region's Route 53 health check`,
                tags: this.tags,
                region: this.at(region).region,
            },
            { parent: this, provider: this.at(region).provider, ignoreChanges: ["insecureValue", "value"] },
        );
    }

    // The health handler's config.json (see shared/health-config.ts), in its deployment archive. The
    // healthy body is the search string, so the two cannot drift apart.
    private healthConfig(region: string, drill: aws.ssm.Parameter): pulumi.Output<unknown> {
        const config: { [K in keyof HealthConfig]: pulumi.Input<unknown> } = {
            probes: this.probesFor(region),
            drillParameterName: drill.name,
            healthyBody: this.healthCheck.searchString,
            drillCacheSeconds: DRILL_CACHE_SECONDS,
        };
        return pulumi.output(config);
    }

    // The probes of `region` (`probes`, then its own of `probesByRegion`) in the health handler's config
    // format: each with the fields of its kind only.
    private probesFor(region: string): ProbeSpec<pulumi.Input<string>>[] {
        return [...(this.args.probes ?? []), ...(this.args.probesByRegion?.[region] ?? [])].map(probeSpec);
    }

    // Least privilege for the health function: read exactly the probed table, bucket and drill flag.
    private healthStatements(region: string, drill: aws.ssm.Parameter): pulumi.Input<object>[] {
        const statements: pulumi.Input<object>[] = [
            { Sid: "ReadDrillFlag", Effect: "Allow", Action: "ssm:GetParameter", Resource: drill.arn },
        ];
        const probes = this.probesFor(region);
        const tables = probes.flatMap((p) => (p.kind === "dynamodb" ? [p.tableName] : []));
        const buckets = probes.flatMap((p) => (p.kind === "s3" ? [p.bucketName] : []));
        if (tables.length > 0) {
            statements.push({
                Sid: "DescribeProbedTables",
                Effect: "Allow",
                Action: "dynamodb:DescribeTable",
                Resource: tables.map((t) => pulumi.interpolate`arn:aws:dynamodb:${region}:${this.accountId}:table/${t}`),
            });
        }
        if (buckets.length > 0) {
            // HeadBucket is authorized as s3:ListBucket; there is no s3:HeadBucket action.
            // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
            statements.push({
                Sid: "HeadProbedBuckets",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: buckets.map((b) => pulumi.interpolate`arn:aws:s3:::${b}`),
            });
        }
        return statements;
    }

    // A function with its own log group and role: the role may write to that log group and do only
    // what `statements` allow. Its code is the package's archive: index.js, and config.json if it has one.
    private createFunction(
        region: string,
        role: "api" | "health",
        code: pulumi.Input<FunctionPackage>,
        statements: pulumi.Input<object>[] = [],
    ): { fn: aws.lambda.Function; role: aws.iam.Role } {
        const prefix = `${this.resourceName}-${region}-${role}`;
        const where = this.at(region);
        const opts = { parent: this, provider: where.provider };
        const logGroup = new aws.cloudwatch.LogGroup(`${prefix}-logs`, { retentionInDays: LOG_RETENTION_DAYS, tags: this.tags, region: where.region }, opts);
        const iamRole = new aws.iam.Role(
            `${prefix}-role`,
            {
                assumeRolePolicy: serviceTrustPolicy([LAMBDA_PRINCIPAL]),
                tags: this.tags,
            },
            opts,
        );
        new aws.iam.RolePolicy(
            `${prefix}-policy`,
            {
                role: iamRole.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "WriteOwnLogs",
                            Effect: "Allow",
                            Action: [...LOG_WRITE_ACTIONS],
                            Resource: pulumi.interpolate`${logGroup.arn}:*`,
                        },
                        ...statements,
                    ],
                }),
            },
            opts,
        );
        const fn = new aws.lambda.Function(
            `${prefix}-fn`,
            {
                runtime: RUNTIME,
                architectures: ["arm64"],
                handler: "index.handler",
                code: pulumi.output(code).apply(lambdaArchive),
                sourceCodeHash: pulumi.output(code).apply((p) => p.sha256),
                role: iamRole.arn,
                memorySize: 256,
                // The health answer must come within Route 53's 2 s; the API gets more room.
                timeout: role === "health" ? 5 : 10,
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
                description:
                    role === "health" ? `Deep-ping health check of ${this.args.domainName} in ${region}` : `API of ${this.args.domainName} in ${region}`,
                tags: this.tags,
                region: where.region,
            },
            opts,
        );
        return { fn, role: iamRole };
    }

    // REGIONAL REST API: GET /healthcheck → health function; / and /{proxy+} (any method) → API function.
    private createRestApi(
        region: string,
        api: aws.lambda.Function,
        health: aws.lambda.Function,
    ): { restApi: aws.apigateway.RestApi; stage: aws.apigateway.Stage } {
        const prefix = `${this.resourceName}-${region}`;
        const where = this.at(region);
        const opts = { parent: this, provider: where.provider };
        const restApi = new aws.apigateway.RestApi(
            `${prefix}-api`,
            {
                description: `${this.args.domainName} in ${region}`,
                endpointConfiguration: { types: "REGIONAL" },
                // The execute-api endpoint stays enabled: the Route 53 health check calls it directly.
                disableExecuteApiEndpoint: false,
                tags: this.tags,
                region: where.region,
            },
            opts,
        );
        const child = (key: string, pathPart: string) =>
            new aws.apigateway.Resource(`${prefix}-${key}`, { restApi: restApi.id, parentId: restApi.rootResourceId, pathPart, region: where.region }, opts);
        const healthResource = child("healthcheck", HEALTH_RESOURCE_PATH);
        const proxyResource = child("proxy", "{proxy+}");
        const routes = [
            { key: "health", resourceId: healthResource.id, method: "GET", fn: health },
            { key: "root", resourceId: restApi.rootResourceId, method: "ANY", fn: api },
            { key: "proxy", resourceId: proxyResource.id, method: "ANY", fn: api },
        ];
        const integrations = routes.map((route) => {
            const method = new aws.apigateway.Method(
                `${prefix}-${route.key}-method`,
                { restApi: restApi.id, resourceId: route.resourceId, httpMethod: route.method, authorization: "NONE", region: where.region },
                opts,
            );
            return new aws.apigateway.Integration(
                `${prefix}-${route.key}-integration`,
                {
                    restApi: restApi.id,
                    resourceId: route.resourceId,
                    httpMethod: method.httpMethod,
                    type: "AWS_PROXY",
                    integrationHttpMethod: "POST",
                    uri: route.fn.invokeArn,
                    region: where.region,
                },
                opts,
            );
        });
        // A new deployment whenever the routes or their targets change; otherwise the stage would keep
        // serving the old snapshot.
        const redeployment = pulumi
            .all([api.invokeArn, health.invokeArn])
            .apply((arns) => sha256(canonicalJson({ routes: routes.map((r) => [r.key, r.method]), path: HEALTH_RESOURCE_PATH, arns })));
        const deployment = new aws.apigateway.Deployment(
            `${prefix}-deployment`,
            { restApi: restApi.id, description: `${this.args.domainName} routes`, triggers: { redeployment }, region: where.region },
            { ...opts, dependsOn: integrations },
        );
        const stage = new aws.apigateway.Stage(
            `${prefix}-stage`,
            { restApi: restApi.id, deployment: deployment.id, stageName: this.stage, tags: this.tags, region: where.region },
            opts,
        );
        if (this.args.throttle) {
            // methodPath "*/*" overrides every method of the stage (the `aws.apigateway.MethodSettings` docs).
            // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
            new aws.apigateway.MethodSettings(
                `${prefix}-throttle`,
                {
                    restApi: restApi.id,
                    stageName: stage.stageName,
                    methodPath: "*/*",
                    settings: { throttlingRateLimit: this.args.throttle.rateLimit, throttlingBurstLimit: this.args.throttle.burstLimit },
                    region: where.region,
                },
                opts,
            );
        }
        // Invocations only from this API's stage: the health route for the health function, any route for the API.
        const healthRoute = pulumi.interpolate`${restApi.executionArn}/${this.stage}/GET/${HEALTH_RESOURCE_PATH}`;
        this.allowInvoke(`${prefix}-health-permission`, health, healthRoute, region);
        this.allowInvoke(`${prefix}-api-permission`, api, pulumi.interpolate`${restApi.executionArn}/${this.stage}/*`, region);
        return { restApi, stage };
    }

    private allowInvoke(name: string, fn: aws.lambda.Function, sourceArn: pulumi.Output<string>, region: string): void {
        new aws.lambda.Permission(
            name,
            { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com", sourceArn, region: this.at(region).region },
            { parent: this, provider: this.at(region).provider },
        );
    }

    // One certificate per region (ACM certificates are regional). ACM gives the same DNS validation
    // record for the same domain in every region of an account, so the record is created once, from
    // the first region's certificate, and every region's validation waits on it. allowOverwrite adopts
    // a record left by an earlier stack instead of failing on it.
    // https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
    // https://github.com/hashicorp/terraform-provider-aws/issues/13653 (the same CNAME in two regions)
    private createCertificates(): pulumi.Output<string>[] {
        const certificates = this.args.regions.map(
            (region) =>
                new aws.acm.Certificate(
                    `${this.resourceName}-${region}-certificate`,
                    { domainName: this.args.domainName, validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags: this.tags, region: this.at(region).region },
                    { parent: this, provider: this.at(region).provider },
                ),
        );
        const option = certificates[0].domainValidationOptions.apply((options) => {
            const found = options.find((o) => o.domainName === this.args.domainName);
            if (!found) throw new Error(`ACM returned no DNS validation record for ${this.args.domainName}`);
            return found;
        });
        const record = new aws.route53.Record(
            `${this.resourceName}-certificate-validation`,
            {
                zoneId: this.args.hostedZoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 300,
                allowOverwrite: true,
            },
            { parent: this, provider: this.at(ROUTE53_METRICS_REGION).provider },
        );
        return certificates.map(
            (certificate, i) =>
                new aws.acm.CertificateValidation(
                    `${this.resourceName}-${this.args.regions[i]}-certificate-validation`,
                    { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn], region: this.at(this.args.regions[i]).region },
                    { parent: this, provider: this.at(this.args.regions[i]).provider },
                ).certificateArn,
        );
    }

    // The shared name in this region: a REGIONAL custom domain with TLS 1.2, the stage at the base path.
    private createCustomDomain(
        region: string,
        restApi: aws.apigateway.RestApi,
        stage: aws.apigateway.Stage,
        certificateArn: pulumi.Output<string>,
    ): aws.apigateway.DomainName {
        const where = this.at(region);
        const opts = { parent: this, provider: where.provider };
        const domain = new aws.apigateway.DomainName(
            `${this.resourceName}-${region}-domain`,
            {
                domainName: this.args.domainName,
                regionalCertificateArn: certificateArn,
                endpointConfiguration: { types: "REGIONAL" },
                securityPolicy: "TLS_1_2",
                tags: this.tags,
                region: where.region,
            },
            opts,
        );
        new aws.apigateway.BasePathMapping(
            `${this.resourceName}-${region}-mapping`,
            { domainName: domain.domainName, restApi: restApi.id, stageName: stage.stageName, basePath: this.basePath, region: where.region },
            opts,
        );
        return domain;
    }

    // Against the region's own execute-api host: the shared name resolves to whichever region Route 53
    // picked, so it cannot tell one region's health.
    private createHealthCheck(region: string, host: pulumi.Output<string>): aws.route53.HealthCheck {
        const s = this.healthCheck;
        return new aws.route53.HealthCheck(
            `${this.resourceName}-${region}-health-check`,
            {
                type: s.type,
                fqdn: host,
                port: s.port,
                resourcePath: s.path,
                searchString: s.type === "HTTPS_STR_MATCH" ? s.searchString : undefined,
                requestInterval: s.requestInterval,
                failureThreshold: s.failureThreshold,
                enableSni: s.enableSni,
                regions: s.checkerRegions ? [...s.checkerRegions] : undefined,
                tags: { ...this.tags, Name: `${this.resourceName}-${region}` },
            },
            { parent: this, provider: this.at(ROUTE53_METRICS_REGION).provider },
        );
    }

    // HealthCheckStatus is 1 while healthy, 0 when not; Route 53 publishes it only in us-east-1.
    // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
    private createAlarm(region: string, healthCheck: aws.route53.HealthCheck): void {
        const actions = this.args.alarmTopicArn !== undefined ? [this.args.alarmTopicArn] : [];
        new aws.cloudwatch.MetricAlarm(
            `${this.resourceName}-${region}-health-alarm`,
            {
                alarmDescription: `${this.args.domainName}: Route 53 health check of ${region} is failing; traffic goes to the other region(s)`,
                namespace: "AWS/Route53",
                metricName: "HealthCheckStatus",
                dimensions: { HealthCheckId: healthCheck.id },
                statistic: "Minimum",
                period: 60,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "LessThanThreshold",
                alarmActions: actions,
                okActions: actions,
                tags: this.tags,
                region: this.at(ROUTE53_METRICS_REGION).region,
            },
            { parent: this, provider: this.at(ROUTE53_METRICS_REGION).provider },
        );
    }

    // One alias record per region for the shared name. evaluateTargetHealth adds API Gateway's own view
    // of the regional endpoint to the health check's.
    private createRecord(region: string, index: number, domain: aws.apigateway.DomainName, healthCheck: aws.route53.HealthCheck): void {
        new aws.route53.Record(
            `${this.resourceName}-${region}-record`,
            {
                zoneId: this.args.hostedZoneId,
                name: this.args.domainName,
                type: "A",
                setIdentifier: `${this.resourceName}-${region}`,
                healthCheckId: healthCheck.id,
                aliases: [{ name: domain.regionalDomainName, zoneId: domain.regionalZoneId, evaluateTargetHealth: true }],
                latencyRoutingPolicies: this.routing === "latency" ? [{ region }] : undefined,
                failoverRoutingPolicies: this.routing === "failover" ? [{ type: index === 0 ? "PRIMARY" : "SECONDARY" }] : undefined,
            },
            { parent: this, provider: this.at(ROUTE53_METRICS_REGION).provider },
        );
    }
}

/** A validated `HealthProbe` as the health handler reads it (shared/health-config.ts). */
function probeSpec(probe: HealthProbe): ProbeSpec<pulumi.Input<string>> {
    const common = { name: probe.name, ...(probe.timeoutMs !== undefined ? { timeoutMs: probe.timeoutMs } : {}) };
    switch (probe.kind) {
        case HealthProbeKind.Http:
            return { kind: "http", ...common, url: probe.url!, ...(probe.expectStatus !== undefined ? { expectStatus: probe.expectStatus } : {}) };
        case HealthProbeKind.DynamoDb:
            return { kind: "dynamodb", ...common, tableName: probe.tableName! };
        case HealthProbeKind.S3:
            return { kind: "s3", ...common, bucketName: probe.bucketName! };
    }
}

/** The drill parameter of `region` for a component named `name`: `/<name>/drill/<region>`. */
export function drillParameterName(name: string, region: string): string {
    // SSM names allow letters, digits and _.-/ only; anything else in a Pulumi name becomes "-".
    return `/${name.replace(/[^A-Za-z0-9_.-]/g, "-")}/drill/${region}`;
}

function sha256(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

// Bundles a handler; a build failure (missing file, syntax error) becomes a ValidationError naming the
// arg and the value as given (`resolved`, when set, is the file actually bundled).
function bundleOrExplain(subject: string, arg: string, entryPoint: string, resolved = entryPoint): LambdaBundle {
    try {
        return bundleLambda({ entryPoint: resolved, external: ["@aws-sdk/*"] });
    } catch (error) {
        const first = String((error as Error).message ?? error).split("\n").find((line) => line.trim() !== "") ?? "build failed";
        throw new ValidationError(subject, [{ path: arg, value: entryPoint, problem: `does not build: ${first}` }]);
    }
}

import { createHash } from "node:crypto";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DRILL_ALLOWED_PATTERN,
    DynamoDbProbe,
    HealthConfig,
    HttpProbe,
    PROBE_KINDS,
    ProbeKind,
    ProbeSpec,
    S3Probe,
    validateProbes,
} from "../functions/regional-api/health-config";
import {
    FailoverTime,
    HEALTH_RESOURCE_PATH,
    HealthCheckSettings,
    ROUTING_MODES,
    ResolvedHealthCheckSettings,
    RoutingMode,
    failoverTime,
    resolveHealthCheckSettings,
    validateBasePath,
    validateHealthCheckSettings,
    validateRegions,
    validateStage,
} from "./failover-settings";
import { LAMBDA_PRINCIPAL, LOG_WRITE_ACTIONS, serviceTrustPolicy } from "./iam-policies";
import { LambdaBundle, bundleLambda, canonicalJson, lambdaArchive } from "./lambda-bundle";
import { ProvidersByRegion, RegionPlacement, RegionalProviders, validateProvidersByRegion } from "./providers";
import { Issue, ValidationError, checkArn, checkDomainName, checkKnownKeys, checkOneOf, isPlainObject, parseArn, throwIfIssues } from "./validation";

/** A health probe as the component takes it: resource names may be outputs of other resources. */
export type HealthProbeArgs = ProbeSpec<pulumi.Input<string>>;

/** Arguments of {@link RegionalApiFailover}. */
export interface RegionalApiFailoverArgs {
    /**
     * The API's public host name. Every region serves it with its own certificate; Route 53 answers with
     * the healthy region(s).
     * @example "api.example.com"
     */
    readonly domainName: string;
    /**
     * The Route 53 public hosted zone of `domainName`: certificate validation and the routing records.
     * @example "Z0123456789ABCDEFGHIJ"
     */
    readonly hostedZoneId: pulumi.Input<string>;
    /**
     * Where the API runs: two or more distinct regions of `FAILOVER_REGIONS`. With routing
     * `failover`, exactly two: `regions[0]` is PRIMARY, `regions[1]` SECONDARY.
     * @example ["eu-west-1", "us-east-1"]
     */
    readonly regions: readonly string[];
    /**
     * `latency` (active-active: each client reaches the healthy region closest to it) or `failover`
     * (active-passive: all traffic to `regions[0]` while it is healthy).
     * @default "latency"
     */
    readonly routing?: RoutingMode;
    /**
     * The API's Lambda handler (TypeScript entry exporting `handler`), bundled with esbuild. A relative
     * path is resolved against the program's working directory (`process.cwd()`, the Pulumi project
     * directory under `pulumi up`), like any path a program is given. It receives every request below the
     * base path (API Gateway proxy integration). `@aws-sdk/*` is left to the runtime.
     * @default this package's `functions/regional-api/hello.ts` (answers "hello from <region>")
     * @example "src/api.ts"
     */
    readonly apiEntryPoint?: string;
    /**
     * The first path segment of the public URL (`https://<domainName>/<basePath>/...`): letters, digits
     * and `$-_.+!*'()`, no `/`.
     * @default "v1"
     */
    readonly basePath?: string;
    /**
     * The API Gateway stage: 1-128 letters, digits, `-`, `_`. Appears in the `execute-api` URLs and in
     * the health check path.
     * @default "prod"
     */
    readonly stage?: string;
    /**
     * Route 53 health check settings. The defaults fail a region over in at most
     * {@link RegionalApiFailover.worstCaseFailoverSeconds} = 136 s; see {@link failoverTime} for what
     * faster settings buy.
     * @default HTTPS_STR_MATCH on "/<stage>/healthcheck", port 443, search string "ok", every 30 s, threshold 2, SNI on
     */
    readonly healthCheck?: HealthCheckSettings;
    /**
     * Dependencies the health handler checks on every health check (in parallel, each with a timeout).
     * A function receives the region, for resources that differ per region. Keep it free of side effects:
     * it is called during validation and again when building the region.
     * @default [] (the region is healthy while its API Gateway and Lambda answer)
     * @example [{ kind: "dynamodb", name: "orders", tableName: "orders" }, { kind: "s3", name: "content", bucketName: "acme-content" }]
     */
    readonly probes?: readonly HealthProbeArgs[] | ((region: string) => readonly HealthProbeArgs[]);
    /**
     * SNS topic notified when a region's health check alarm fires and clears. The alarms live in
     * us-east-1 (where Route 53 publishes health check metrics), so use a topic there.
     * @default no notifications (the alarms still show state in CloudWatch)
     * @example "arn:aws:sns:us-east-1:123456789012:oncall"
     */
    readonly alarmTopicArn?: pulumi.Input<string>;
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

// Every key of each probe kind, checked complete by the compiler: unknown keys are errors, not ignored.
const PROBE_KEYS: Readonly<Record<ProbeKind, readonly string[]>> = {
    http: Object.keys({ kind: true, name: true, timeoutMs: true, url: true, expectStatus: true } satisfies Record<keyof HttpProbe, true>),
    dynamodb: Object.keys({ kind: true, name: true, timeoutMs: true, tableName: true } satisfies Record<keyof DynamoDbProbe, true>),
    s3: Object.keys({ kind: true, name: true, timeoutMs: true, bucketName: true } satisfies Record<keyof S3Probe, true>),
};

/** Reports keys a probe of its kind does not have (any kind's keys while the kind itself is invalid). */
function checkProbeKeys(probes: unknown, issues: Issue[], path: string): void {
    if (!Array.isArray(probes)) return;
    probes.forEach((probe, i) => {
        if (!isPlainObject(probe)) return;
        const kind = (PROBE_KINDS as readonly unknown[]).includes(probe.kind) ? (probe.kind as ProbeKind) : undefined;
        const known = kind ? PROBE_KEYS[kind] : [...new Set(Object.values(PROBE_KEYS).flat())];
        checkKnownKeys(`${path}[${i}]`, probe, known, issues, kind ? `a probe of kind ${kind}` : "a probe");
    });
}

/**
 * Checks the arguments of a {@link RegionalApiFailover} and returns every problem found. Values that are
 * not known yet (outputs) are skipped.
 */
export function validateRegionalApiFailoverArgs(args: RegionalApiFailoverArgs): Issue[] {
    const issues: Issue[] = [];
    if (checkDomainName("domainName", args.domainName, issues) && args.domainName.startsWith("*.")) {
        issues.push({ path: "domainName", value: args.domainName, problem: "must be one host name, not a wildcard" });
    }
    if (args.hostedZoneId === undefined || args.hostedZoneId === "") {
        issues.push({ path: "hostedZoneId", value: args.hostedZoneId, problem: "is required: the Route 53 zone of domainName" });
    }
    const routing = args.routing ?? "latency";
    const routingOk = checkOneOf("routing", routing, ROUTING_MODES, issues);
    validateRegions(args.regions, routingOk ? routing : "latency", issues);
    if (args.basePath !== undefined) validateBasePath(args.basePath, issues);
    const stage = args.stage ?? "prod";
    if (args.stage !== undefined) validateStage(args.stage, issues);
    validateHealthCheckSettings(args.healthCheck, stage, issues);
    if (args.apiEntryPoint !== undefined && (typeof args.apiEntryPoint !== "string" || args.apiEntryPoint.trim() === "")) {
        issues.push({ path: "apiEntryPoint", value: args.apiEntryPoint, problem: "must be the path of a TypeScript file exporting handler" });
    }
    if (typeof args.probes === "function") {
        for (const region of Array.isArray(args.regions) ? args.regions : []) {
            const probes = args.probes(region);
            validateProbes(probes, issues, `probes(${JSON.stringify(region)})`);
            checkProbeKeys(probes, issues, `probes(${JSON.stringify(region)})`);
        }
    } else if (args.probes !== undefined) {
        validateProbes(args.probes, issues);
        checkProbeKeys(args.probes, issues, "probes");
    }
    if (typeof args.alarmTopicArn === "string") {
        checkArn("alarmTopicArn", args.alarmTopicArn, { service: "sns", resource: /^.+$/ }, "an SNS topic ARN (arn:aws:sns:us-east-1:ACCOUNT:NAME)", issues);
    }
    for (const [key, value] of Object.entries(args.tags ?? {})) {
        if (typeof value !== "string") issues.push({ path: `tags.${key}`, value, problem: "must be a string" });
    }
    validateProvidersByRegion(args.providers, issues);
    return issues;
}

/**
 * One API in several regions behind one name, with Route 53 health-check failover. Each region gets,
 * through its own provider (with the caller's account settings, see
 * {@link RegionalApiFailoverArgs.providers}): the API function and a deep-ping health function, a REGIONAL REST API
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
 *     probes: (region) => [{ kind: "dynamodb", name: "sessions", tableName: "sessions" }],
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

    private readonly resourceName: string;
    private readonly args: RegionalApiFailoverArgs;
    private readonly stage: string;
    private readonly basePath: string;
    private readonly routing: RoutingMode;
    private readonly tags: Record<string, string>;
    private readonly providers: RegionalProviders;
    private readonly accountId: pulumi.Output<string>;

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
            // The caller's path is theirs, so it resolves against their working directory; bundleLambda
            // would resolve a relative one against this package. The default is this package's own file.
            api: bundleOrExplain(
                subject,
                "apiEntryPoint",
                args.apiEntryPoint ?? "functions/regional-api/hello.ts",
                args.apiEntryPoint === undefined ? undefined : path.resolve(process.cwd(), args.apiEntryPoint),
            ),
            health: bundleOrExplain(subject, "(health handler)", "functions/regional-api/health.ts"),
        };
        super("legacytls:api:RegionalApiFailover", name, {}, opts);
        this.resourceName = name;
        this.args = args;
        this.stage = args.stage ?? "prod";
        this.basePath = args.basePath ?? "v1";
        this.routing = args.routing ?? "latency";
        this.tags = { ...(args.tags ?? {}) };
        this.healthCheck = resolveHealthCheckSettings(args.healthCheck, this.stage);
        this.failoverTime = failoverTime(this.healthCheck);
        this.worstCaseFailoverSeconds = this.failoverTime.totalSeconds;
        this.providers = new RegionalProviders(name, this, args.providers);
        this.accountId = aws.getCallerIdentityOutput({}, { parent: this, provider: this.at(ROUTE53_METRICS_REGION).provider }).accountId;
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
        const api = this.createFunction(region, "api", bundles.api, {});
        const health = this.createFunction(
            region,
            "health",
            bundles.health,
            { HEALTH_CONFIG: this.healthConfig(region, drill) },
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

    // The health handler's HEALTH_CONFIG (see functions/regional-api/health-config.ts). The healthy body
    // is the search string, so the two cannot drift apart.
    private healthConfig(region: string, drill: aws.ssm.Parameter): pulumi.Output<string> {
        const config: { [K in keyof HealthConfig]: pulumi.Input<unknown> } = {
            probes: this.probesFor(region),
            drillParameterName: drill.name,
            healthyBody: this.healthCheck.searchString,
            drillCacheSeconds: DRILL_CACHE_SECONDS,
        };
        return pulumi.jsonStringify(config);
    }

    private probesFor(region: string): readonly HealthProbeArgs[] {
        const probes = this.args.probes;
        return typeof probes === "function" ? probes(region) : (probes ?? []);
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
    // what `statements` allow.
    private createFunction(
        region: string,
        role: "api" | "health",
        bundle: LambdaBundle,
        variables: Record<string, pulumi.Input<string>>,
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
                code: lambdaArchive(bundle),
                sourceCodeHash: bundle.sha256,
                role: iamRole.arn,
                memorySize: 256,
                // The health answer must come within Route 53's 2 s; the API gets more room.
                timeout: role === "health" ? 5 : 10,
                environment: Object.keys(variables).length > 0 ? { variables } : undefined,
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

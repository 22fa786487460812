/**
 * Monitoring of one front: CloudWatch alarms on the distribution's error rates and on its edge
 * function's errors, optional additional CloudFront metrics, one dashboard, and the SNS topic the alarms
 * notify, all in us-east-1, where CloudFront publishes its metrics.
 *
 * Where each metric lives:
 * - CloudFront's own metrics (requests, bytes, error rates, and the edge function's errors as CloudFront
 *   counts them) are in namespace `AWS/CloudFront` of us-east-1, with the dimensions `DistributionId` and
 *   `Region: Global`, one data point a minute.
 * - A Lambda@Edge function's own metrics (`Errors`, `Invocations`, `Duration`, namespace `AWS/Lambda`)
 *   are in the region where each replica ran, under the function name `us-east-1.<name>`: the dashboard
 *   has one widget per region where replicas can run (the regional edge caches).
 * - Route 53 health check metrics are in us-east-1.
 *
 * What it costs (CloudWatch prices for us-east-1 as third-party summaries quote aws.amazon.com/cloudwatch/pricing,
 * which could not be read from where this was written; checked 2026-12-06): each alarm US$0.10 a month per metric it
 * reads (the 401/403 alarm with additional metrics reads two); the dashboard US$3 a month beyond the
 * account's three free ones; additional metrics about US$2.40 a month per distribution (eight custom
 * metrics); the SNS topic nothing until it delivers.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/monitoring-using-cloudwatch.html
 * @see https://aws.amazon.com/cloudwatch/pricing/
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFRONT_CONTROL_REGION } from "./cloudfront-facts";
import { REGIONAL_EDGE_CACHE_REGIONS } from "./cloudfront-facts";
import { RegionPlacement, RegionalProviders, isRegionName, validateUsEast1Provider } from "./providers";
import { ErrorCountAlarmSettings, ErrorRateAlarmSettings, FrontMonitoringSettings } from "./settings/front-monitoring";
import { settingsIssues } from "./settings-validation";
import { ComponentState, componentType } from "./type-tokens";
import { Issue, checkArn, throwIfIssues } from "./validation";

export { ErrorCountAlarmSettings, ErrorRateAlarmSettings, FrontMonitoringSettings };

// ---------------------------------------------------------------------------------------------
// The facts: namespaces, metric names and dimensions, each with the page it came from.

/**
 * CloudFront's metrics: namespace `AWS/CloudFront`, read in us-east-1 only, every metric with the
 * dimensions `DistributionId` and `Region`, whose value is always `Global`.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
 */
export const CLOUDFRONT_METRICS = {
    namespace: "AWS/CloudFront",
    /** Where CloudWatch holds CloudFront's metrics, hence where their alarms must be. */
    region: CLOUDFRONT_CONTROL_REGION,
    /** The `Region` dimension of every CloudFront metric. */
    regionDimension: "Global",
} as const;

/**
 * CloudFront distribution metric names. The default ones are free and published for every
 * distribution at one-minute granularity; the per-status rates and the cache hit rate exist only with
 * additional metrics (a monitoring subscription). Rates are percentages of all viewer requests (valid
 * statistic `Average`); counts take `Sum`.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html (1-minute granularity)
 */
export const CloudFrontMetric = {
    Requests: "Requests",
    BytesDownloaded: "BytesDownloaded",
    ErrorRate4xx: "4xxErrorRate",
    ErrorRate5xx: "5xxErrorRate",
    TotalErrorRate: "TotalErrorRate",
    /** Additional metrics only. */
    ErrorRate401: "401ErrorRate",
    /** Additional metrics only. */
    ErrorRate403: "403ErrorRate",
    /** Additional metrics only. */
    CacheHitRate: "CacheHitRate",
} as const;
/** A CloudFront distribution metric name this component reads. */
export type CloudFrontMetric = (typeof CloudFrontMetric)[keyof typeof CloudFrontMetric];

/**
 * The Lambda@Edge failures CloudFront counts per distribution (namespace `AWS/CloudFront`, dimensions
 * `DistributionId` and `Region: Global`, statistic `Sum`). The CloudFront developer guide shows them
 * as graphs ("Lambda execution errors", "Lambda invalid responses", "Lambda throttles") without
 * printing their CloudWatch names; the names are those of the console's own "Add to dashboard" widgets
 * and of Grafana's list of CloudFront metrics. Note the plural of the third: `LambdaLimitExceededErrors`
 * (some copies on the web spell it `LambdaLimitExceededError`, a metric CloudFront does not publish).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html#monitoring-console.lambda-at-edge
 * @see https://github.com/grafana/grafana/blob/main/pkg/tsdb/cloudwatch/metrics.go (AWS/CloudFront)
 */
export const EdgeFunctionErrorMetric = {
    /** The function threw, timed out or could not run: the viewer gets a 5xx. */
    ExecutionError: "LambdaExecutionError",
    /** The function returned a response or request CloudFront refuses (invalid shape, too large). */
    ValidationError: "LambdaValidationError",
    /** Lambda throttled the function (concurrency or rate limit in the replica's region). */
    LimitExceededErrors: "LambdaLimitExceededErrors",
} as const;
/** A Lambda@Edge failure metric CloudFront publishes. */
export type EdgeFunctionErrorMetric = (typeof EdgeFunctionErrorMetric)[keyof typeof EdgeFunctionErrorMetric];

/**
 * A Lambda function's own metrics, published every minute in the region where it ran. A Lambda@Edge
 * replica reports them in its region under the function name `us-east-1.<name>` (the console's
 * Lambda@Edge widgets use exactly that `FunctionName`, one `region` per metric), the same name its log
 * groups carry.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#lambda-at-edge-logs (`us-east-1.<name>` in each region)
 * @see https://github.com/aws/aws-cdk/issues/5449 (a console-made widget: FunctionName `us-east-1.FunctionName` per region)
 */
export const LAMBDA_METRICS = {
    namespace: "AWS/Lambda",
    invocations: "Invocations",
    errors: "Errors",
    duration: "Duration",
} as const;

/** The `FunctionName` a Lambda@Edge replica reports its metrics under: `us-east-1.<name>`. */
export function edgeReplicaFunctionName(functionName: string): string {
    return `${CLOUDFRONT_CONTROL_REGION}.${functionName}`;
}

/**
 * Route 53 health check status: 1 healthy, 0 unhealthy (statistic `Minimum` shows any unhealthy
 * minute), dimension `HealthCheckId`, in us-east-1.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
 */
export const ROUTE53_HEALTH_METRIC = {
    namespace: "AWS/Route53",
    metricName: "HealthCheckStatus",
    region: "us-east-1",
} as const;

/** Seconds per alarm period and dashboard point: CloudFront and Lambda publish one data point a minute. */
export const METRIC_PERIOD_SECONDS = 60;

/**
 * How an alarm compares the metric with its threshold.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (ComparisonOperator)
 */
export const ComparisonOperator = {
    GreaterThanThreshold: "GreaterThanThreshold",
    GreaterThanOrEqualToThreshold: "GreaterThanOrEqualToThreshold",
} as const;
/** An alarm's comparison this component uses. */
export type ComparisonOperator = (typeof ComparisonOperator)[keyof typeof ComparisonOperator];

/**
 * How an alarm treats a minute without a data point.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
 */
export const TreatMissingData = {
    Missing: "missing",
    Ignore: "ignore",
    Breaching: "breaching",
    NotBreaching: "notBreaching",
} as const;
/** How an alarm treats a minute without a data point. */
export type TreatMissingData = (typeof TreatMissingData)[keyof typeof TreatMissingData];

/** The default thresholds and evaluation periods, with their reasons in `FrontMonitoringSettings`. */
export const DEFAULT_ALARM_SETTINGS = {
    serverErrorRate: { thresholdPercent: 5, evaluationPeriods: 5 },
    clientErrorRate: { thresholdPercent: 25, evaluationPeriods: 15 },
    authFailureRate: { thresholdPercent: 10, evaluationPeriods: 5 },
    edgeFunctionErrors: { threshold: 5, evaluationPeriods: 3 },
} as const;

/** What the plan shows for a value not known until deployment. */
export const DISTRIBUTION_ID_PLACEHOLDER = "<distributionId>";

// ---------------------------------------------------------------------------------------------
// Args, validation and the alarm plan (pure).

/** Arguments of `FrontMonitoring`: its settings, and what the program around it decides. */
export interface FrontMonitoringArgs extends FrontMonitoringSettings {
    /** ID of the CloudFront distribution to monitor (the front's `distributionId`). */
    readonly distributionId: pulumi.Input<string>;
    /**
     * Name of the Lambda@Edge function the front runs (the Cognito edge auth's `functionName`). Given,
     * the edge function's alarms, the 401/403 alarm and the edge function's dashboard widgets are added.
     * @default no edge function: no edge alarms or widgets
     */
    readonly edgeFunctionName?: pulumi.Input<string>;
    /**
     * Regions where the edge function's replicas may run, one dashboard widget each. Pass the edge
     * auth's `edgeLogRegions` when the stack narrows them.
     * @default every region with a regional edge cache (`REGIONAL_EDGE_CACHE_REGIONS`)
     */
    readonly edgeFunctionRegions?: string[];
    /**
     * IDs of Route 53 health checks to show on the dashboard (the regional API's).
     * @default none
     */
    readonly healthCheckIds?: pulumi.Input<string>[];
    /** Tags on the topic and the alarms. @default {} */
    readonly tags?: Record<string, string>;
    /**
     * A us-east-1 provider for the topic, the alarms, the dashboard and the monitoring subscription.
     * Without it, the component's own explicit provider is used with a `region` argument, else a provider
     * the component creates, `${name}-us-east-1`, with every `aws:*` setting of the stack.
     * @default as described
     */
    readonly usEast1Provider?: aws.Provider;
}

// Lambda function names: letters, digits, hyphens and underscores, 1 to 64 characters.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (FunctionName)
const LAMBDA_FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks the settings alone (what a stack file's `monitoring` section holds): the schema, then the
 * topic's region. `prefix` starts every path.
 */
export function validateFrontMonitoringSettings(settings: FrontMonitoringSettings, prefix = ""): Issue[] {
    const at = (path: string): string => (prefix === "" ? path : `${prefix}.${path}`);
    const issues = settingsIssues("FrontMonitoringSettings", settings, prefix);
    if (typeof settings.alarmTopicArn === "string") {
        // A CloudWatch alarm notifies only a topic of its own region, and CloudFront's alarms are in us-east-1.
        checkArn(
            at("alarmTopicArn"),
            settings.alarmTopicArn,
            { service: "sns", resource: /^[A-Za-z0-9_-]{1,256}$/, region: CLOUDFRONT_METRICS.region },
            `an SNS topic ARN in ${CLOUDFRONT_METRICS.region} (arn:aws:sns:${CLOUDFRONT_METRICS.region}:ACCOUNT:NAME), where CloudFront's alarms are: an alarm notifies only a topic of its own region`,
            issues,
        );
    }
    return issues;
}

/**
 * Checks the arguments of a `FrontMonitoring` and returns every problem found: the settings
 * against their schema (types, ranges, unknown keys), the topic's region, then what the program decides.
 * Values not known yet (outputs) are skipped; `prefix` starts every settings path.
 */
export function validateFrontMonitoringArgs(args: FrontMonitoringArgs, prefix = ""): Issue[] {
    const { distributionId, edgeFunctionName, edgeFunctionRegions, healthCheckIds, tags, usEast1Provider, ...settings } = args;
    const issues = validateFrontMonitoringSettings(settings, prefix);
    // What the program decides (not settings, so not under `prefix`).
    if (distributionId === undefined || distributionId === null || distributionId === "") {
        issues.push({ path: "distributionId", value: distributionId, problem: "is required: the ID of the CloudFront distribution to monitor" });
    } else if (typeof distributionId !== "string" && !pulumi.Output.isInstance(distributionId) && !(distributionId instanceof Promise)) {
        issues.push({ path: "distributionId", value: distributionId, problem: "is not a distribution ID (a string or an output)" });
    }
    if (typeof edgeFunctionName === "string" && !LAMBDA_FUNCTION_NAME.test(edgeFunctionName)) {
        issues.push({ path: "edgeFunctionName", value: edgeFunctionName, problem: "is not a Lambda function name (1-64 letters, digits, - and _)" });
    }
    if (edgeFunctionRegions !== undefined) {
        if (!Array.isArray(edgeFunctionRegions) || edgeFunctionRegions.length === 0) {
            issues.push({ path: "edgeFunctionRegions", value: edgeFunctionRegions, problem: "is not a non-empty list of region names such as eu-west-1" });
        } else {
            edgeFunctionRegions.forEach((region, i) => {
                if (!isRegionName(region)) issues.push({ path: `edgeFunctionRegions[${i}]`, value: region, problem: "is not an AWS region name such as eu-west-1" });
                else if (edgeFunctionRegions.indexOf(region) !== i) issues.push({ path: `edgeFunctionRegions[${i}]`, value: region, problem: "is listed twice" });
            });
        }
    }
    if (healthCheckIds !== undefined) {
        if (!Array.isArray(healthCheckIds)) {
            issues.push({ path: "healthCheckIds", value: healthCheckIds, problem: "is not a list of Route 53 health check IDs" });
        } else {
            healthCheckIds.forEach((id, i) => {
                if (typeof id === "string" && id.trim() === "") issues.push({ path: `healthCheckIds[${i}]`, value: id, problem: "is empty" });
                else if (typeof id === "string" && healthCheckIds.indexOf(id) !== i) issues.push({ path: `healthCheckIds[${i}]`, value: id, problem: "is listed twice" });
            });
        }
    }
    validateUsEast1Provider(usEast1Provider, undefined, issues);
    return issues;
}

/**
 * One alarm as the plan prints it: what it watches, when it fires and whom it notifies. Values known
 * only at deployment are placeholders (`<distributionId>`, the topic the component creates).
 */
export interface MonitoringAlarm {
    /** The last part of the alarm's resource name, `<component>-<suffix>`. */
    readonly nameSuffix: string;
    /** What the alarm means, as its description says. */
    readonly description: string;
    /** The region the alarm lives in (that of its metric). */
    readonly region: string;
    /** The metric's namespace. */
    readonly namespace: string;
    /** The metric the alarm watches; absent for a metric math alarm. */
    readonly metricName?: string;
    /** The metric math expression the alarm watches, over `expressionMetrics` (ids `r<name>`). */
    readonly expression?: string;
    /** The metrics an expression reads, in its order. */
    readonly expressionMetrics?: string[];
    /** The metric's dimensions. */
    readonly dimensions: Record<string, string>;
    /** The statistic over each period. */
    readonly statistic: string;
    /** Seconds per period. */
    readonly periodSeconds: number;
    /** The threshold, in the metric's unit (percent for rates, a count for errors). */
    readonly threshold: number;
    /** How the statistic is compared with the threshold. */
    readonly comparisonOperator: ComparisonOperator;
    /** Breaching periods in a row before the alarm fires. */
    readonly evaluationPeriods: number;
    /** How a period without data counts. */
    readonly treatMissingData: TreatMissingData;
    /** The SNS topic notified on ALARM and on OK. */
    readonly action: string;
}

/** What `planFrontAlarms` needs besides the settings. */
export interface FrontAlarmContext {
    /** The distribution ID, or the placeholder while it is not known. */
    readonly distributionId: string;
    /** Whether the front runs a Lambda@Edge function (the edge auth). */
    readonly edgeFunction: boolean;
    /** The topic ARN, or a placeholder naming the topic the component creates. */
    readonly action: string;
}

/**
 * The alarms a front gets, in order: 5xx rate, 4xx rate and, with an edge function, the 401/403 share
 * and one alarm per CloudFront-counted edge function failure. Every alarm reads one-minute CloudFront
 * data in us-east-1 and treats a minute without data as not breaching: CloudFront publishes nothing for
 * a minute without requests, and a quiet front is not a failing one.
 */
export function planFrontAlarms(settings: FrontMonitoringSettings, context: FrontAlarmContext): MonitoringAlarm[] {
    const dimensions = { DistributionId: context.distributionId, Region: CLOUDFRONT_METRICS.regionDimension };
    const common = {
        region: CLOUDFRONT_METRICS.region,
        namespace: CLOUDFRONT_METRICS.namespace,
        dimensions,
        periodSeconds: METRIC_PERIOD_SECONDS,
        treatMissingData: TreatMissingData.NotBreaching,
        action: context.action,
    };
    const rate = (given: ErrorRateAlarmSettings | undefined, defaults: { thresholdPercent: number; evaluationPeriods: number }) => ({
        statistic: "Average",
        threshold: given?.thresholdPercent ?? defaults.thresholdPercent,
        evaluationPeriods: given?.evaluationPeriods ?? defaults.evaluationPeriods,
        comparisonOperator: ComparisonOperator.GreaterThanThreshold,
    });
    const alarms: MonitoringAlarm[] = [
        {
            ...common,
            ...rate(settings.serverErrorRate, DEFAULT_ALARM_SETTINGS.serverErrorRate),
            nameSuffix: "server-error-rate",
            description: "5xx responses: the origin, the edge function or CloudFront is failing viewers",
            metricName: CloudFrontMetric.ErrorRate5xx,
        },
        {
            ...common,
            ...rate(settings.clientErrorRate, DEFAULT_ALARM_SETTINGS.clientErrorRate),
            nameSuffix: "client-error-rate",
            description: "4xx responses well above the background of refused and missing objects: a broken client, signer or link",
            metricName: CloudFrontMetric.ErrorRate4xx,
        },
    ];
    if (!context.edgeFunction) return alarms;
    const auth = rate(settings.authFailureRate, DEFAULT_ALARM_SETTINGS.authFailureRate);
    alarms.push(
        settings.additionalMetrics === true
            ? {
                  ...common,
                  ...auth,
                  nameSuffix: "auth-failure-rate",
                  description: "401 and 403 responses: a token outage (pool, keys or sign-in) or an attack on the edge auth",
                  expression: `r${CloudFrontMetric.ErrorRate401} + r${CloudFrontMetric.ErrorRate403}`,
                  expressionMetrics: [CloudFrontMetric.ErrorRate401, CloudFrontMetric.ErrorRate403],
              }
            : {
                  ...common,
                  ...auth,
                  nameSuffix: "auth-failure-rate",
                  description:
                      "4xx responses, standing in for 401/403 (per-status rates need additionalMetrics): a token outage or an attack on the edge auth",
                  metricName: CloudFrontMetric.ErrorRate4xx,
              },
    );
    const errors = settings.edgeFunctionErrors;
    const count = {
        statistic: "Sum",
        threshold: errors?.threshold ?? DEFAULT_ALARM_SETTINGS.edgeFunctionErrors.threshold,
        evaluationPeriods: errors?.evaluationPeriods ?? DEFAULT_ALARM_SETTINGS.edgeFunctionErrors.evaluationPeriods,
        comparisonOperator: ComparisonOperator.GreaterThanOrEqualToThreshold,
    };
    const edge: ReadonlyArray<[EdgeFunctionErrorMetric, string, string]> = [
        [EdgeFunctionErrorMetric.ExecutionError, "edge-execution-errors", "the edge function threw, timed out or could not run; viewers got 5xx"],
        [EdgeFunctionErrorMetric.ValidationError, "edge-validation-errors", "the edge function returned something CloudFront refuses; viewers got 5xx"],
        [EdgeFunctionErrorMetric.LimitExceededErrors, "edge-throttles", "Lambda throttled the edge function in a replica region; viewers got 5xx"],
    ];
    for (const [metricName, nameSuffix, description] of edge) alarms.push({ ...common, ...count, nameSuffix, description, metricName });
    return alarms;
}

// ---------------------------------------------------------------------------------------------
// The dashboard body (pure).

/** What `buildFrontDashboardBody` draws. */
export interface FrontDashboardInput {
    /** Text at the top: which front, which stack. */
    readonly title: string;
    readonly distributionId: string;
    /** Whether additional metrics are on (cache hit rate, 401/403 rates). */
    readonly additionalMetrics: boolean;
    /** The edge function's name, if the front runs one. */
    readonly edgeFunctionName?: string;
    /** Regions where the edge function's replicas may run. */
    readonly edgeFunctionRegions: readonly string[];
    /** Route 53 health check IDs. */
    readonly healthCheckIds: readonly string[];
}

type DashboardMetric = Array<string | Record<string, unknown>>;

interface MetricWidget {
    readonly title: string;
    readonly region: string;
    readonly metrics: DashboardMetric[];
}

/**
 * The dashboard's JSON body: a text widget saying what it shows, then metric widgets two to a row:
 * requests, bytes downloaded, error rates, cache hit rate (additional metrics), the edge function's
 * failures as CloudFront counts them, one widget per replica region with the function's own
 * `Invocations`, `Errors` and `Duration`, and the health checks' status. Every widget names its region
 * (a dashboard is global; its metrics are not).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
export function buildFrontDashboardBody(input: FrontDashboardInput): string {
    const cloudfront = (metricName: string, stat: string, options: Record<string, unknown> = {}): DashboardMetric => [
        CLOUDFRONT_METRICS.namespace,
        metricName,
        "DistributionId",
        input.distributionId,
        "Region",
        CLOUDFRONT_METRICS.regionDimension,
        { stat, ...options },
    ];
    const home = CLOUDFRONT_METRICS.region;
    const widgets: MetricWidget[] = [
        { title: "Requests", region: home, metrics: [cloudfront(CloudFrontMetric.Requests, "Sum")] },
        { title: "Bytes downloaded", region: home, metrics: [cloudfront(CloudFrontMetric.BytesDownloaded, "Sum")] },
        {
            title: "Error rates (% of requests)",
            region: home,
            metrics: [
                cloudfront(CloudFrontMetric.ErrorRate4xx, "Average"),
                cloudfront(CloudFrontMetric.ErrorRate5xx, "Average"),
                cloudfront(CloudFrontMetric.TotalErrorRate, "Average"),
                ...(input.additionalMetrics ? [cloudfront(CloudFrontMetric.ErrorRate401, "Average"), cloudfront(CloudFrontMetric.ErrorRate403, "Average")] : []),
            ],
        },
    ];
    if (input.additionalMetrics) widgets.push({ title: "Cache hit rate (%)", region: home, metrics: [cloudfront(CloudFrontMetric.CacheHitRate, "Average")] });
    if (input.edgeFunctionName !== undefined) {
        widgets.push({
            title: "Edge function failures (as CloudFront counts them)",
            region: home,
            metrics: Object.values(EdgeFunctionErrorMetric).map((metricName) => cloudfront(metricName, "Sum")),
        });
        const replica = edgeReplicaFunctionName(input.edgeFunctionName);
        for (const region of input.edgeFunctionRegions) {
            const lambda = (metricName: string, stat: string, options: Record<string, unknown> = {}): DashboardMetric => [
                LAMBDA_METRICS.namespace,
                metricName,
                "FunctionName",
                replica,
                { stat, region, ...options },
            ];
            widgets.push({
                title: `Edge function in ${region}`,
                region,
                metrics: [
                    lambda(LAMBDA_METRICS.invocations, "Sum"),
                    lambda(LAMBDA_METRICS.errors, "Sum"),
                    lambda(LAMBDA_METRICS.duration, "Average", { yAxis: "right" }),
                ],
            });
        }
    }
    if (input.healthCheckIds.length > 0) {
        widgets.push({
            title: "Health checks (1 healthy, 0 unhealthy)",
            region: ROUTE53_HEALTH_METRIC.region,
            metrics: input.healthCheckIds.map((id) => [ROUTE53_HEALTH_METRIC.namespace, ROUTE53_HEALTH_METRIC.metricName, "HealthCheckId", id, { stat: "Minimum" }]),
        });
    }
    const text = {
        type: "text",
        x: 0,
        y: 0,
        width: 24,
        height: 2,
        properties: {
            markdown: `# ${input.title}\nManaged by Pulumi (the FrontMonitoring component of legacy-tls-front): change the program, not the console.`,
        },
    };
    const width = 12;
    const height = 6;
    const body = {
        widgets: [
            text,
            ...widgets.map((widget, i) => ({
                type: "metric",
                x: (i % 2) * width,
                y: text.height + Math.floor(i / 2) * height,
                width,
                height,
                properties: { title: widget.title, region: widget.region, view: "timeSeries", stacked: false, period: METRIC_PERIOD_SECONDS, metrics: widget.metrics },
            })),
        ],
    };
    return JSON.stringify(body);
}

/** A dashboard name of CloudWatch's alphabet (A-Z, a-z, 0-9, `-`, `_`), at most 255 characters. */
export function dashboardNameOf(parts: readonly string[]): string {
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html (DashboardName)
    return parts
        .join("-")
        .replace(/[^A-Za-z0-9_-]/g, "-")
        .slice(0, 255);
}

// ---------------------------------------------------------------------------------------------
// The component.

interface FrontMonitoringState {
    readonly resourceName: string;
    readonly tags: Record<string, string>;
}

const monitoringState = new ComponentState<FrontMonitoring, FrontMonitoringState>();

/**
 * CloudWatch alarms, an optional CloudFront monitoring subscription, one dashboard and (unless given)
 * the SNS topic the alarms notify, for one front, in us-east-1. See `FrontMonitoringSettings` for
 * what each setting does and why its default is what it is.
 */
export class FrontMonitoring extends pulumi.ComponentResource {
    /** The topic the alarms notify (given or created); `undefined` when monitoring is off. */
    public readonly alarmTopicArn: pulumi.Output<string | undefined>;
    /** The dashboard's name; `undefined` when monitoring or the dashboard is off. */
    public readonly dashboardName: pulumi.Output<string | undefined>;
    /** The alarms' names, in the order of `alarms`. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** Every alarm as the plan prints it (a plain value, known at construction). */
    public readonly alarms: MonitoringAlarm[];

    private get resourceName(): string {
        return monitoringState.of(this).resourceName;
    }

    private get tags(): Record<string, string> {
        return monitoringState.of(this).tags;
    }

    constructor(name: string, args: FrontMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfIssues(`FrontMonitoring "${name}"`, validateFrontMonitoringArgs(args));
        super(componentType("FrontMonitoring"), name, {}, opts);
        monitoringState.init(this, { resourceName: name, tags: { ...(args.tags ?? {}) } });

        if (args.enabled === false) {
            this.alarms = [];
            this.alarmTopicArn = pulumi.output(undefined);
            this.dashboardName = pulumi.output(undefined);
            this.alarmNames = pulumi.output([]);
        } else {
            const providers = new RegionalProviders(name, this, args.usEast1Provider ? { [CLOUDFRONT_CONTROL_REGION]: args.usEast1Provider } : {});
            const home = providers.placement(CLOUDFRONT_CONTROL_REGION);
            if (args.additionalMetrics === true) this.createMonitoringSubscription(args.distributionId, home);
            const topicArn: pulumi.Input<string> = args.alarmTopicArn ?? this.createTopic(home).arn;
            this.alarms = planFrontAlarms(args, {
                distributionId: typeof args.distributionId === "string" ? args.distributionId : DISTRIBUTION_ID_PLACEHOLDER,
                edgeFunction: args.edgeFunctionName !== undefined,
                action: typeof args.alarmTopicArn === "string" ? args.alarmTopicArn : args.alarmTopicArn === undefined ? `<topic ${name}-alarms>` : "<alarmTopicArn>",
            });
            const alarms = this.alarms.map((alarm) => this.createAlarm(alarm, args.distributionId, topicArn, home));
            this.alarmTopicArn = pulumi.output(topicArn);
            this.alarmNames = pulumi.all(alarms.map((a) => a.name));
            this.dashboardName = args.dashboard === false ? pulumi.output(undefined) : this.createDashboard(args, home).dashboardName;
        }

        this.registerOutputs({
            alarmTopicArn: this.alarmTopicArn,
            dashboardName: this.dashboardName,
            alarmNames: this.alarmNames,
            alarms: this.alarms,
        });
    }

    // Additional metrics: per-status error rates, cache hit rate, origin latency (billed).
    // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_RealtimeMetricsSubscriptionConfig.html (Enabled | Disabled)
    private createMonitoringSubscription(distributionId: pulumi.Input<string>, { provider }: RegionPlacement): void {
        new aws.cloudfront.MonitoringSubscription(
            `${this.resourceName}-additional-metrics`,
            { distributionId, monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: "Enabled" } } },
            { parent: this, provider },
        );
    }

    // The topic in us-east-1, next to the alarms. Not KMS-encrypted: CloudWatch cannot publish to a topic
    // under the AWS managed key alias/aws/sns (its key policy does not admit CloudWatch), and a customer
    // managed key is more than this component should own; alarm messages carry no content.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    private createTopic({ provider, region }: RegionPlacement): aws.sns.Topic {
        return new aws.sns.Topic(`${this.resourceName}-alarms`, { tags: this.tags, region }, { parent: this, provider });
    }

    private createAlarm(alarm: MonitoringAlarm, distributionId: pulumi.Input<string>, topicArn: pulumi.Input<string>, { provider, region }: RegionPlacement): aws.cloudwatch.MetricAlarm {
        const dimensions = { DistributionId: distributionId, Region: CLOUDFRONT_METRICS.regionDimension };
        const metric =
            alarm.expression !== undefined
                ? {
                      metricQueries: [
                          { id: "share", expression: alarm.expression, label: alarm.description, returnData: true },
                          ...(alarm.expressionMetrics ?? []).map((metricName) => ({
                              id: `r${metricName}`,
                              returnData: false,
                              metric: { namespace: alarm.namespace, metricName, dimensions, stat: alarm.statistic, period: alarm.periodSeconds },
                          })),
                      ],
                  }
                : { namespace: alarm.namespace, metricName: alarm.metricName, dimensions, statistic: alarm.statistic, period: alarm.periodSeconds };
        return new aws.cloudwatch.MetricAlarm(
            `${this.resourceName}-${alarm.nameSuffix}`,
            {
                ...metric,
                alarmDescription: `${this.resourceName}: ${alarm.description}`,
                comparisonOperator: alarm.comparisonOperator,
                threshold: alarm.threshold,
                evaluationPeriods: alarm.evaluationPeriods,
                treatMissingData: alarm.treatMissingData,
                alarmActions: [topicArn],
                okActions: [topicArn],
                tags: this.tags,
                region,
            },
            { parent: this, provider },
        );
    }

    // Dashboards are global; the us-east-1 provider carries it with the rest.
    private createDashboard(args: FrontMonitoringArgs, { provider, region }: RegionPlacement): aws.cloudwatch.Dashboard {
        const dashboardName = dashboardNameOf([pulumi.getProject(), pulumi.getStack(), this.resourceName]);
        const body = pulumi
            .all([args.distributionId, args.edgeFunctionName, pulumi.all(args.healthCheckIds ?? [])])
            .apply(([distributionId, edgeFunctionName, healthCheckIds]) =>
                buildFrontDashboardBody({
                    title: `${this.resourceName} (${pulumi.getStack()}): CloudFront distribution ${distributionId}`,
                    distributionId,
                    additionalMetrics: args.additionalMetrics === true,
                    edgeFunctionName,
                    edgeFunctionRegions: args.edgeFunctionRegions ?? REGIONAL_EDGE_CACHE_REGIONS,
                    healthCheckIds,
                }),
            );
        return new aws.cloudwatch.Dashboard(`${this.resourceName}-dashboard`, { dashboardName, dashboardBody: body, region }, { parent: this, provider });
    }
}

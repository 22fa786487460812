import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { REGIONAL_EDGE_CACHE_REGIONS } from "../components/cloudfront-facts";
import {
    DISTRIBUTION_ID_PLACEHOLDER,
    FrontMonitoring,
    FrontMonitoringArgs,
    buildFrontDashboardBody,
    dashboardNameOf,
    planFrontAlarms,
    validateFrontMonitoringArgs,
} from "../components/front-monitoring";
import { ValidationError } from "../components/validation";
import { OfflineRun, runOffline } from "../tools/offline/engine";
import { RecordedResource, only, promiseOf, regionOfResource, resourcesOf } from "./mocks";

// The values the AWS documentation gives, written out here rather than imported, so a wrong constant in
// the component fails these tests.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
// (namespace AWS/CloudFront, read in us-east-1, dimensions DistributionId and Region = Global; the rates
// take Average; 401ErrorRate and 403ErrorRate need additional metrics)
const CLOUDFRONT = { namespace: "AWS/CloudFront", region: "us-east-1", regionDimension: "Global" };
// The Lambda@Edge failures CloudFront counts (statistic Sum), as the CloudFront console's own widgets and
// Grafana's metric list name them; the developer guide shows the graphs without the names.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html#monitoring-console.lambda-at-edge
// https://github.com/grafana/grafana/blob/main/pkg/tsdb/cloudwatch/metrics.go
const EDGE_ERROR_METRICS = ["LambdaExecutionError", "LambdaValidationError", "LambdaLimitExceededErrors"];
// A replica's own metrics: AWS/Lambda in the replica's region, FunctionName us-east-1.<name>.
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
// https://github.com/aws/aws-cdk/issues/5449 (a console-made Lambda@Edge widget)
const LAMBDA = { namespace: "AWS/Lambda", metrics: ["Invocations", "Errors", "Duration"] };
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
const ROUTE53 = { namespace: "AWS/Route53", metricName: "HealthCheckStatus", region: "us-east-1" };
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
const NOT_BREACHING = "notBreaching";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const SUBSCRIPTION = "aws:cloudfront/monitoringSubscription:MonitoringSubscription";
const DISTRIBUTION_ID = "E2EXAMPLE7Q4XY";
const FUNCTION_NAME = "auth-function-1a2b3c4";
const GIVEN_TOPIC = "arn:aws:sns:us-east-1:123456789012:oncall";
const CREATED_TOPIC = "arn:aws:sns:us-east-1:123456789012:mon-alarms-offline";

/** Runs `program` in a stack in eu-central-1; the created SNS topic gets an ARN (the offline engine fabricates none for topics). */
function run(program: () => unknown, preview = false): Promise<OfflineRun> {
    return runOffline(program, {
        project: "legacy-tls-front",
        stack: "prod",
        preview,
        config: { "aws:region": "eu-central-1" },
        outputOverrides: (type) => (type === TOPIC ? { arn: CREATED_TOPIC } : undefined),
    });
}

function messages(args: FrontMonitoringArgs, prefix = ""): string[] {
    return validateFrontMonitoringArgs(args, prefix).map((i) => `${i.path}: ${JSON.stringify(i.value)} ${i.problem}`);
}

const alarmsOf = (r: OfflineRun): RecordedResource[] => resourcesOf(r, ALARM);
const named = (r: OfflineRun, suffix: string): RecordedResource => only(r, ALARM, `mon-${suffix}`);

describe("FrontMonitoring: validation", () => {
    it("accepts a distribution ID alone, and every setting at its bounds", () => {
        expect(messages({ distributionId: DISTRIBUTION_ID })).to.deep.equal([]);
        expect(
            messages({
                distributionId: DISTRIBUTION_ID,
                edgeFunctionName: FUNCTION_NAME,
                alarmTopicArn: GIVEN_TOPIC,
                serverErrorRate: { thresholdPercent: 0, evaluationPeriods: 1440 },
                clientErrorRate: { thresholdPercent: 100, evaluationPeriods: 1 },
                edgeFunctionErrors: { threshold: 1, evaluationPeriods: 1 },
                additionalMetrics: true,
                dashboard: false,
                enabled: true,
            }),
        ).to.deep.equal([]);
    });

    it("names each bad threshold and period with its path and the allowed range", () => {
        expect(
            messages(
                { distributionId: DISTRIBUTION_ID, serverErrorRate: { thresholdPercent: 150, evaluationPeriods: 0 }, clientErrorRate: { evaluationPeriods: 1.5 }, edgeFunctionErrors: { threshold: 0 } },
                "monitoring",
            ),
        ).to.deep.equal([
            "monitoring.clientErrorRate.evaluationPeriods: 1.5 is not a whole number from 1 to 1440",
            "monitoring.edgeFunctionErrors.threshold: 0 is not a whole number of at least 1",
            "monitoring.serverErrorRate.evaluationPeriods: 0 is not a whole number from 1 to 1440",
            "monitoring.serverErrorRate.thresholdPercent: 150 is not a number from 0 to 100",
        ]);
    });

    it("wants the alarm topic in us-east-1, where CloudFront's alarms are", () => {
        const problem = "is not an SNS topic ARN in us-east-1 (arn:aws:sns:us-east-1:ACCOUNT:NAME), where CloudFront's alarms are: an alarm notifies only a topic of its own region";
        expect(messages({ distributionId: DISTRIBUTION_ID, alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:oncall" }, "monitoring")).to.deep.equal([
            `monitoring.alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:oncall" ${problem}`,
        ]);
        expect(messages({ distributionId: DISTRIBUTION_ID, alarmTopicArn: "oncall" })).to.deep.equal([`alarmTopicArn: "oncall" ${problem}`]);
        expect(messages({ distributionId: DISTRIBUTION_ID, alarmTopicArn: "arn:aws:sqs:us-east-1:123456789012:oncall" })).to.have.length(1);
        // Not known until deployment: not checked.
        expect(messages({ distributionId: DISTRIBUTION_ID, alarmTopicArn: pulumi.output(GIVEN_TOPIC) })).to.deep.equal([]);
    });

    it("suggests the right key for a typo and checks what the program decides", () => {
        expect(messages({ distributionId: DISTRIBUTION_ID, serverErrorRates: {}, enabled: "yes" } as never)[0]).to.match(
            /^serverErrorRates: \{\} is not a known key \(did you mean serverErrorRate\?\)/,
        );
        expect(messages({ edgeFunctionName: "bad name", edgeFunctionRegions: ["eu-west-1", "eu-west-1", "mars"], healthCheckIds: ["a", "a", " "] } as never)).to.deep.equal([
            "distributionId: undefined is required: the ID of the CloudFront distribution to monitor",
            'edgeFunctionName: "bad name" is not a Lambda function name (1-64 letters, digits, - and _)',
            'edgeFunctionRegions[1]: "eu-west-1" is listed twice',
            'edgeFunctionRegions[2]: "mars" is not an AWS region name such as eu-west-1',
            'healthCheckIds[1]: "a" is listed twice',
            'healthCheckIds[2]: " " is empty',
        ]);
    });

    it("throws one ValidationError naming the component before creating anything", () => {
        expect(() => new FrontMonitoring("mon", { distributionId: DISTRIBUTION_ID, serverErrorRate: { thresholdPercent: 150 } })).to.throw(
            ValidationError,
            /^FrontMonitoring "mon" is invalid:\n {2}- serverErrorRate\.thresholdPercent: 150 is not a number from 0 to 100$/,
        );
    });
});

describe("FrontMonitoring: the alarm plan", () => {
    const context = { distributionId: DISTRIBUTION_ID, edgeFunction: true, action: GIVEN_TOPIC };

    it("without an edge function: the 5xx and 4xx rates, with their default thresholds", () => {
        const alarms = planFrontAlarms({}, { ...context, edgeFunction: false });
        expect(alarms.map((a) => [a.nameSuffix, a.metricName, a.statistic, a.comparisonOperator, a.threshold, a.evaluationPeriods])).to.deep.equal([
            ["server-error-rate", "5xxErrorRate", "Average", "GreaterThanThreshold", 5, 5],
            ["client-error-rate", "4xxErrorRate", "Average", "GreaterThanThreshold", 25, 15],
        ]);
    });

    it("with an edge function: the 401/403 share (4xx without additional metrics) and CloudFront's three edge failure counts", () => {
        const alarms = planFrontAlarms({ edgeFunctionErrors: { threshold: 2 } }, context);
        expect(alarms.map((a) => [a.nameSuffix, a.metricName, a.statistic, a.threshold, a.evaluationPeriods])).to.deep.equal([
            ["server-error-rate", "5xxErrorRate", "Average", 5, 5],
            ["client-error-rate", "4xxErrorRate", "Average", 25, 15],
            ["auth-failure-rate", "4xxErrorRate", "Average", 10, 5],
            ["edge-execution-errors", EDGE_ERROR_METRICS[0], "Sum", 2, 3],
            ["edge-validation-errors", EDGE_ERROR_METRICS[1], "Sum", 2, 3],
            ["edge-throttles", EDGE_ERROR_METRICS[2], "Sum", 2, 3],
        ]);
        expect(alarms[3].comparisonOperator).to.equal("GreaterThanOrEqualToThreshold");
        for (const alarm of alarms) {
            expect(alarm, alarm.nameSuffix).to.deep.include({
                region: CLOUDFRONT.region,
                namespace: CLOUDFRONT.namespace,
                dimensions: { DistributionId: DISTRIBUTION_ID, Region: CLOUDFRONT.regionDimension },
                periodSeconds: 60,
                treatMissingData: NOT_BREACHING,
                action: GIVEN_TOPIC,
            });
        }
    });

    it("with additional metrics, the auth alarm is 401ErrorRate + 403ErrorRate", () => {
        const auth = planFrontAlarms({ additionalMetrics: true, authFailureRate: { thresholdPercent: 3 } }, context).find((a) => a.nameSuffix === "auth-failure-rate")!;
        expect(auth).to.deep.include({ expression: "r401ErrorRate + r403ErrorRate", expressionMetrics: ["401ErrorRate", "403ErrorRate"], threshold: 3, evaluationPeriods: 5 });
        expect(auth.metricName).to.equal(undefined);
    });
});

describe("FrontMonitoring: resources with an edge function and a created topic", () => {
    let r: OfflineRun;
    let monitoring: FrontMonitoring;

    before(async () => {
        r = await run(() => {
            monitoring = new FrontMonitoring("mon", {
                distributionId: DISTRIBUTION_ID,
                edgeFunctionName: FUNCTION_NAME,
                healthCheckIds: ["11111111-2222-3333-4444-555555555555"],
                tags: { owner: "platform-team" },
            });
        });
    });

    it("creates the six alarms in us-east-1 on AWS/CloudFront with DistributionId and Region Global, one-minute periods, quiet minutes not breaching", () => {
        const alarms = alarmsOf(r);
        expect(alarms.map((a) => a.name)).to.deep.equal([
            "mon-server-error-rate",
            "mon-client-error-rate",
            "mon-auth-failure-rate",
            "mon-edge-execution-errors",
            "mon-edge-validation-errors",
            "mon-edge-throttles",
        ]);
        expect(alarms.map((a) => a.inputs.metricName)).to.deep.equal(["5xxErrorRate", "4xxErrorRate", "4xxErrorRate", ...EDGE_ERROR_METRICS]);
        for (const alarm of alarms) {
            expect(regionOfResource(r, alarm), alarm.name).to.equal(CLOUDFRONT.region);
            expect(alarm.inputs, alarm.name).to.deep.include({
                namespace: CLOUDFRONT.namespace,
                dimensions: { DistributionId: DISTRIBUTION_ID, Region: CLOUDFRONT.regionDimension },
                period: 60,
                treatMissingData: NOT_BREACHING,
                alarmActions: [CREATED_TOPIC],
                okActions: [CREATED_TOPIC],
                tags: { owner: "platform-team" },
            });
        }
        expect(named(r, "server-error-rate").inputs).to.deep.include({ statistic: "Average", threshold: 5, evaluationPeriods: 5, comparisonOperator: "GreaterThanThreshold" });
        expect(named(r, "edge-throttles").inputs).to.deep.include({ statistic: "Sum", threshold: 5, evaluationPeriods: 3, comparisonOperator: "GreaterThanOrEqualToThreshold" });
    });

    it("creates the topic in us-east-1 through a provider with the stack's settings, and outputs its ARN and the alarm names", async () => {
        const topic = only(r, TOPIC);
        expect(topic.name).to.equal("mon-alarms");
        expect(regionOfResource(r, topic)).to.equal("us-east-1");
        expect(only(r, "pulumi:providers:aws", "mon-us-east-1").inputs.region).to.equal("us-east-1");
        expect(await promiseOf(monitoring.alarmTopicArn)).to.equal(CREATED_TOPIC);
        expect(await promiseOf(monitoring.alarmNames)).to.deep.equal(alarmsOf(r).map((a) => a.outputs.name));
        expect(resourcesOf(r, SUBSCRIPTION)).to.have.length(0);
    });

    it("describes each alarm for the plan exactly as created", () => {
        expect(monitoring.alarms.map((a) => a.nameSuffix)).to.deep.equal(alarmsOf(r).map((a) => a.name.replace(/^mon-/, "")));
        for (const [i, alarm] of alarmsOf(r).entries()) {
            const described = monitoring.alarms[i];
            expect([described.metricName, described.statistic, described.threshold, described.evaluationPeriods, described.comparisonOperator]).to.deep.equal([
                alarm.inputs.metricName,
                alarm.inputs.statistic,
                alarm.inputs.threshold,
                alarm.inputs.evaluationPeriods,
                alarm.inputs.comparisonOperator,
            ]);
            expect(described.action).to.equal("<topic mon-alarms>");
        }
    });

    it("builds one dashboard with a Lambda widget per regional edge cache region (FunctionName us-east-1.<name>) and the health check", async () => {
        const dashboard = only(r, DASHBOARD);
        expect(dashboard.inputs.dashboardName).to.equal("legacy-tls-front-prod-mon");
        expect(await promiseOf(monitoring.dashboardName)).to.equal("legacy-tls-front-prod-mon");
        const body = JSON.parse(dashboard.inputs.dashboardBody as string);
        const metricWidgets = body.widgets.filter((w: any) => w.type === "metric");
        const lambda = metricWidgets.filter((w: any) => w.properties.metrics[0][0] === LAMBDA.namespace);
        expect(lambda.map((w: any) => w.properties.region)).to.deep.equal([...REGIONAL_EDGE_CACHE_REGIONS]);
        for (const widget of lambda) {
            expect(widget.properties.metrics.map((m: any[]) => [m[0], m[1], m[2], m[3], m[4].region])).to.deep.equal(
                LAMBDA.metrics.map((metric) => [LAMBDA.namespace, metric, "FunctionName", `us-east-1.${FUNCTION_NAME}`, widget.properties.region]),
            );
        }
        const health = metricWidgets.find((w: any) => w.properties.metrics[0][0] === ROUTE53.namespace);
        expect(health.properties.region).to.equal(ROUTE53.region);
        expect(health.properties.metrics).to.deep.equal([[ROUTE53.namespace, ROUTE53.metricName, "HealthCheckId", "11111111-2222-3333-4444-555555555555", { stat: "Minimum" }]]);
        const edge = metricWidgets.find((w: any) => w.properties.title.startsWith("Edge function failures"));
        expect(edge.properties.metrics.map((m: any[]) => m.slice(0, 6))).to.deep.equal(
            EDGE_ERROR_METRICS.map((metric) => [CLOUDFRONT.namespace, metric, "DistributionId", DISTRIBUTION_ID, "Region", CLOUDFRONT.regionDimension]),
        );
        // No cache hit rate without additional metrics: CloudFront would publish none.
        expect(JSON.stringify(body)).to.not.include("CacheHitRate");
    });
});

describe("FrontMonitoring: a given topic, additional metrics, no edge function", () => {
    let r: OfflineRun;
    let monitoring: FrontMonitoring;

    before(async () => {
        r = await run(() => {
            monitoring = new FrontMonitoring("mon", { distributionId: DISTRIBUTION_ID, alarmTopicArn: GIVEN_TOPIC, additionalMetrics: true });
        });
    });

    it("creates no topic and sends every alarm to the given one", async () => {
        expect(resourcesOf(r, TOPIC)).to.have.length(0);
        for (const alarm of alarmsOf(r)) expect(alarm.inputs, alarm.name).to.deep.include({ alarmActions: [GIVEN_TOPIC], okActions: [GIVEN_TOPIC] });
        expect(monitoring.alarms.every((a) => a.action === GIVEN_TOPIC)).to.equal(true);
        expect(await promiseOf(monitoring.alarmTopicArn)).to.equal(GIVEN_TOPIC);
    });

    it("has no 401/403 or edge function alarms and no Lambda widgets without an edge function", () => {
        expect(alarmsOf(r).map((a) => a.name)).to.deep.equal(["mon-server-error-rate", "mon-client-error-rate"]);
        const body = JSON.parse(only(r, DASHBOARD).inputs.dashboardBody as string);
        expect(JSON.stringify(body)).to.not.include(LAMBDA.namespace).and.to.not.include("LambdaExecutionError");
    });

    it("turns on additional metrics for the distribution and shows the cache hit rate", () => {
        // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_RealtimeMetricsSubscriptionConfig.html (Enabled | Disabled)
        expect(only(r, SUBSCRIPTION).inputs).to.deep.equal({
            distributionId: DISTRIBUTION_ID,
            monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: "Enabled" } },
        });
        const body = JSON.parse(only(r, DASHBOARD).inputs.dashboardBody as string);
        const cache = body.widgets.find((w: any) => w.properties.title === "Cache hit rate (%)");
        expect(cache.properties.metrics).to.deep.equal([[CLOUDFRONT.namespace, "CacheHitRate", "DistributionId", DISTRIBUTION_ID, "Region", "Global", { stat: "Average" }]]);
    });
});

describe("FrontMonitoring: the 401/403 alarm with additional metrics", () => {
    it("adds 401ErrorRate and 403ErrorRate with metric math, both on the distribution's dimensions", async () => {
        const r = await run(() => new FrontMonitoring("mon", { distributionId: DISTRIBUTION_ID, edgeFunctionName: FUNCTION_NAME, additionalMetrics: true, dashboard: false }));
        const auth = named(r, "auth-failure-rate");
        expect(auth.inputs.metricName).to.equal(undefined);
        const queries = auth.inputs.metricQueries as any[];
        expect(queries[0]).to.deep.include({ id: "share", expression: "r401ErrorRate + r403ErrorRate", returnData: true });
        expect(queries.slice(1).map((q) => [q.id, q.returnData, q.metric])).to.deep.equal(
            ["401ErrorRate", "403ErrorRate"].map((metricName) => [
                `r${metricName}`,
                false,
                { namespace: CLOUDFRONT.namespace, metricName, dimensions: { DistributionId: DISTRIBUTION_ID, Region: "Global" }, stat: "Average", period: 60 },
            ]),
        );
        expect(regionOfResource(r, auth)).to.equal(CLOUDFRONT.region);
        expect(resourcesOf(r, DASHBOARD)).to.have.length(0);
    });
});

describe("FrontMonitoring: opting out and placement", () => {
    it("creates nothing with enabled: false", async () => {
        let monitoring!: FrontMonitoring;
        const r = await run(() => {
            monitoring = new FrontMonitoring("mon", { distributionId: DISTRIBUTION_ID, edgeFunctionName: FUNCTION_NAME, additionalMetrics: true, enabled: false });
        });
        const component = only(r, "legacy-tls-front:index:FrontMonitoring");
        expect(r.resources.filter((res) => res.parent === component.urn)).to.deep.equal([]);
        expect(r.resources.filter((res) => res.custom)).to.deep.equal([]);
        expect(monitoring.alarms).to.deep.equal([]);
        expect(await promiseOf(monitoring.alarmNames)).to.deep.equal([]);
        expect(await promiseOf(monitoring.alarmTopicArn)).to.equal(undefined);
        expect(await promiseOf(monitoring.dashboardName)).to.equal(undefined);
    });

    it("uses a given us-east-1 provider and creates none; the dashboard covers only the regions given", async () => {
        const r = await run(() => {
            const edge = new aws.Provider("edge", { region: "us-east-1" });
            new FrontMonitoring("mon", { distributionId: DISTRIBUTION_ID, edgeFunctionName: FUNCTION_NAME, edgeFunctionRegions: ["eu-west-1", "eu-central-1"], usEast1Provider: edge });
        });
        expect(resourcesOf(r, "pulumi:providers:aws").map((p) => p.name)).to.deep.equal(["edge"]);
        for (const child of [...alarmsOf(r), only(r, TOPIC), only(r, DASHBOARD)]) {
            expect(child.provider, child.name).to.match(/::edge::/);
            expect(regionOfResource(r, child), child.name).to.equal("us-east-1");
        }
        const body = JSON.parse(only(r, DASHBOARD).inputs.dashboardBody as string);
        expect(body.widgets.filter((w: any) => w.properties.title?.startsWith("Edge function in ")).map((w: any) => w.properties.region)).to.deep.equal(["eu-west-1", "eu-central-1"]);
    });
});

describe("FrontMonitoring: preview (the distribution ID unknown)", () => {
    it("plans the alarms with a placeholder and registers every resource", async () => {
        let monitoring!: FrontMonitoring;
        const r = await run(() => {
            // A resource's ID is unknown in a preview, as the front's distribution ID is.
            const distributionId = new aws.s3.Bucket("stand-in").id;
            monitoring = new FrontMonitoring("mon", { distributionId, edgeFunctionName: pulumi.output(FUNCTION_NAME) });
        }, true);
        expect(monitoring.alarms.map((a) => a.dimensions)).to.deep.equal(monitoring.alarms.map(() => ({ DistributionId: DISTRIBUTION_ID_PLACEHOLDER, Region: "Global" })));
        expect(alarmsOf(r)).to.have.length(6);
        expect(resourcesOf(r, DASHBOARD)).to.have.length(1);
        expect(resourcesOf(r, TOPIC)).to.have.length(1);
    });
});

describe("FrontMonitoring: the dashboard body", () => {
    it("lays widgets out two to a row under a title, each naming its region", () => {
        const body = JSON.parse(
            buildFrontDashboardBody({ title: "front (prod)", distributionId: DISTRIBUTION_ID, additionalMetrics: false, edgeFunctionName: FUNCTION_NAME, edgeFunctionRegions: ["eu-west-1"], healthCheckIds: [] }),
        );
        expect(body.widgets[0]).to.deep.include({ type: "text", x: 0, y: 0, width: 24 });
        expect(body.widgets.slice(1).map((w: any) => [w.properties.title, w.x, w.y, w.properties.region])).to.deep.equal([
            ["Requests", 0, 2, "us-east-1"],
            ["Bytes downloaded", 12, 2, "us-east-1"],
            ["Error rates (% of requests)", 0, 8, "us-east-1"],
            ["Edge function failures (as CloudFront counts them)", 12, 8, "us-east-1"],
            ["Edge function in eu-west-1", 0, 14, "eu-west-1"],
        ]);
        expect(body.widgets[3].properties.metrics.map((m: any[]) => m[1])).to.deep.equal(["4xxErrorRate", "5xxErrorRate", "TotalErrorRate"]);
        expect(dashboardNameOf(["legacy-tls-front", "prod.eu", "front"])).to.equal("legacy-tls-front-prod-eu-front");
    });
});

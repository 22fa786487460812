/**
 * The settings of a FrontMonitoring, declared once: the TypeScript types and their TSDoc are the source
 * of the settings schema (`npm run generate`), a stack file's monitoring section, the config reference
 * and the schema other languages see. Plain declarations only: nothing here creates resources.
 *
 * Every alarm watches a metric CloudFront publishes once a minute in us-east-1 (namespace
 * `AWS/CloudFront`, dimensions `DistributionId` and `Region: Global`), so the alarms live there too.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * When an error-rate alarm fires: the share of viewer requests, in percent, above which a minute counts
 * as breaching, and how many breaching minutes in a row it takes.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html (the rates: Average, Percent)
 */
export interface ErrorRateAlarmSettings {
    /**
     * Percent of viewer requests (the metric's `Average` over one minute) above which a minute breaches.
     * @minimum 0
     * @maximum 100
     * @default depends on the alarm: see the setting that holds this one
     */
    readonly thresholdPercent?: number;
    /**
     * Minutes in a row that must breach before the alarm fires. An alarm's periods times its period may
     * not exceed one day (1,440 one-minute periods).
     * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (EvaluationPeriods)
     * @asType integer
     * @minimum 1
     * @maximum 1440
     * @default depends on the alarm: see the setting that holds this one
     */
    readonly evaluationPeriods?: number;
}

/**
 * When an error-count alarm fires: failed requests per minute (the metric's `Sum`) at or above which a
 * minute counts as breaching, and how many breaching minutes in a row it takes.
 */
export interface ErrorCountAlarmSettings {
    /**
     * Errors per minute at or above which a minute breaches.
     * @asType integer
     * @minimum 1
     * @default 5
     */
    readonly threshold?: number;
    /**
     * Minutes in a row that must breach before the alarm fires (at most one day of one-minute periods).
     * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (EvaluationPeriods)
     * @asType integer
     * @minimum 1
     * @maximum 1440
     * @default 3
     */
    readonly evaluationPeriods?: number;
}

/**
 * Monitoring of one front: CloudWatch alarms on the distribution's error rates and on its edge
 * function's errors, optional additional CloudFront metrics, one dashboard, and the SNS topic the alarms
 * notify. All of it lives in us-east-1, where CloudFront publishes its metrics.
 */
export interface FrontMonitoringSettings {
    /**
     * Create the monitoring. `false` creates nothing at all (no topic, alarms, dashboard or additional
     * metrics): how a stack opts out, e.g. a throwaway dev stack nobody is paged for.
     * @default true
     */
    readonly enabled?: boolean;
    /**
     * Turn on CloudFront's additional metrics for the distribution (a monitoring subscription): the
     * error rate of each of 401, 403, 404, 502, 503 and 504, the cache hit rate and the origin latency.
     * Billed as CloudWatch custom metrics: eight metrics, about US$0.30 each per month in us-east-1
     * (US$2.40 a month per distribution; checked 2026-12-06). With it, the 401/403 alarm watches exactly
     * 401 and 403 and the dashboard shows the cache hit rate; without it, the 401/403 alarm falls back to
     * the whole 4xx rate.
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html#monitoring-console.distributions-additional
     * @see https://aws.amazon.com/cloudwatch/pricing/ (custom metrics)
     * @default false
     */
    readonly additionalMetrics?: boolean;
    /**
     * An SNS topic in us-east-1 the alarms notify when they fire (`alarmActions`) and when they clear
     * (`okActions`). A CloudWatch alarm can only notify a topic of its own region, and CloudFront's
     * alarms are in us-east-1. Omit it to have the component create a topic there (its ARN is an output:
     * subscribe your pager or chat to it; an e-mail subscription needs confirming by a person, so the
     * component creates none).
     * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (AlarmActions)
     * @default a topic the component creates in us-east-1
     * @example "arn:aws:sns:us-east-1:123456789012:oncall"
     */
    readonly alarmTopicArn?: pulumi.Input<string>;
    /**
     * The 5xx error rate (`5xxErrorRate`): the origin, the edge function or CloudFront failing viewers.
     * 5% for 5 minutes is the example alarm of CloudFront's own guide: a few failing requests in a quiet
     * minute do not page anyone, a real outage does within five minutes.
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/monitoring-using-cloudwatch.html
     * @default { thresholdPercent: 5, evaluationPeriods: 5 }
     */
    readonly serverErrorRate?: ErrorRateAlarmSettings;
    /**
     * The 4xx error rate (`4xxErrorRate`). A private front answers 403 to unsigned or expired requests
     * and 404 to scanners all the time, so the bar is high and long: a quarter of all requests for 15
     * minutes is a broken client release or a broken signer, not background noise.
     * @default { thresholdPercent: 25, evaluationPeriods: 15 }
     */
    readonly clientErrorRate?: ErrorRateAlarmSettings;
    /**
     * The share of requests the edge authentication refuses (401 and 403), only when the front runs the
     * Cognito edge auth: a token outage (the pool, its keys or the app's sign-in failing) or an attack.
     * With `additionalMetrics` it is `401ErrorRate + 403ErrorRate` (CloudWatch metric math; each is a
     * share of all requests, so the sum is the share of both); without, CloudFront publishes no
     * per-status rate and the alarm watches `4xxErrorRate` instead.
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html (401ErrorRate, 403ErrorRate: additional metrics only)
     * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html
     * @default { thresholdPercent: 10, evaluationPeriods: 5 }
     */
    readonly authFailureRate?: ErrorRateAlarmSettings;
    /**
     * The edge function's failures as CloudFront counts them, one alarm each: `LambdaExecutionError`
     * (the function threw or timed out), `LambdaValidationError` (it returned a response CloudFront
     * refuses) and `LambdaLimitExceededErrors` (Lambda throttled it). Each failed request is a 5xx to a
     * viewer and, for a fail-closed auth function, a bug or a limit rather than a bad client, so the bar
     * is low: 5 a minute for 3 minutes. Only when the front runs the edge auth.
     * @default { threshold: 5, evaluationPeriods: 3 }
     */
    readonly edgeFunctionErrors?: ErrorCountAlarmSettings;
    /**
     * Create one CloudWatch dashboard for the front: requests, bytes, error rates, cache hit rate (with
     * `additionalMetrics`), the edge function's errors as CloudFront counts them and its own `Errors`,
     * `Invocations` and `Duration` in every region where its replicas run, and the health checks'
     * status. A dashboard costs US$3 a month beyond the account's three free ones (checked 2026-12-06).
     * @see https://aws.amazon.com/cloudwatch/pricing/ (dashboards)
     * @default true
     */
    readonly dashboard?: boolean;
}

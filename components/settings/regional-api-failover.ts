/**
 * The settings of a RegionalApiFailover, declared once: the TypeScript types and their TSDoc are the
 * source of the settings schema (`npm run generate`), the stack file's `api` section, the config
 * reference and the schema other languages see. Plain declarations only: nothing here creates resources.
 */
import type * as pulumi from "@pulumi/pulumi";

/** How Route 53 chooses among the regions. */
export const RoutingMode = {
    /** Active-active: each client goes to the healthy region with the lowest latency. */
    Latency: "latency",
    /** Active-passive: `regions[0]` is PRIMARY and `regions[1]` SECONDARY. */
    Failover: "failover",
} as const;
/**
 * `latency`: active-active, each client goes to the healthy region with the lowest latency.
 * `failover`: active-passive, `regions[0]` is PRIMARY and `regions[1]` SECONDARY.
 */
export type RoutingMode = (typeof RoutingMode)[keyof typeof RoutingMode];

/**
 * Health check types that fit an API Gateway endpoint (HTTPS only). `HTTPS_STR_MATCH` also needs the
 * search string in the first 5,120 bytes of the body; plain `HTTPS` only needs a 2xx/3xx status.
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html (Type)
 */
export const HealthCheckType = {
    /** The status and the search string in the body (string matching is a billed optional feature). */
    HttpsStrMatch: "HTTPS_STR_MATCH",
    /** The status only. */
    Https: "HTTPS",
} as const;
/** A Route 53 health check type this component offers. */
export type HealthCheckType = (typeof HealthCheckType)[keyof typeof HealthCheckType];

/**
 * The request intervals Route 53 allows, in seconds: 30 (standard) or 10 (fast, billed as an optional
 * feature). It cannot be changed on an existing health check, so changing it replaces the check.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html
 * @see https://aws.amazon.com/route53/pricing/ (health checks: HTTPS, string matching and the fast interval
 * are each an optional feature, billed per health check per month)
 */
export const RequestInterval = {
    /** Every 10 seconds: faster detection, billed as an optional feature. */
    Fast: 10,
    /** Every 30 seconds. */
    Standard: 30,
} as const;
/** A Route 53 health check request interval, in seconds. */
export type RequestInterval = (typeof RequestInterval)[keyof typeof RequestInterval];

/**
 * Where Route 53 health checkers can run from (`HealthCheckRegion`); a health check that names
 * checker regions must name at least three.
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html (Regions)
 */
export const HealthCheckerRegion = {
    UsEast1: "us-east-1",
    UsWest1: "us-west-1",
    UsWest2: "us-west-2",
    EuWest1: "eu-west-1",
    ApSoutheast1: "ap-southeast-1",
    ApSoutheast2: "ap-southeast-2",
    ApNortheast1: "ap-northeast-1",
    SaEast1: "sa-east-1",
} as const;
/** A region Route 53 health checkers run from. */
export type HealthCheckerRegion = (typeof HealthCheckerRegion)[keyof typeof HealthCheckerRegion];

/**
 * Route 53 health check settings. Every field is optional; the defaults are the proven ones from the
 * issue.
 */
export interface HealthCheckSettings {
    /**
     * `HTTPS_STR_MATCH` checks the status and that the body contains `searchString`; `HTTPS` checks the
     * status only (string matching is a billed optional feature).
     * @default "HTTPS_STR_MATCH"
     */
    readonly type?: HealthCheckType;
    /**
     * What the body must contain (`HTTPS_STR_MATCH` only). The health handler answers exactly this when
     * healthy.
     * @minLength 1
     * @maxLength 255
     * @default "ok"
     */
    readonly searchString?: string;
    /**
     * Path requested on the region's `execute-api` host, below the stage (`/<stage>/...`), without
     * spaces, `?` or `#`, at most 255 characters.
     * @default "/<stage>/healthcheck"
     */
    readonly path?: string;
    /**
     * Port of the `execute-api` endpoint, which only serves HTTPS on 443.
     * @asType integer
     * @default 443
     */
    readonly port?: number;
    /**
     * Seconds between checks from each checker: 30, or 10 (faster detection, billed as an optional feature).
     * @default 30
     */
    readonly requestInterval?: RequestInterval;
    /**
     * Consecutive failed (or passed) checks before the status changes. Lower fails over sooner and
     * flaps more.
     * @asType integer
     * @minimum 1
     * @maximum 10
     * @default 2
     */
    readonly failureThreshold?: number;
    /**
     * Send the host name in the TLS ClientHello (SNI), so the shared `execute-api` endpoint presents the
     * matching certificate.
     * @default true
     */
    readonly enableSni?: boolean;
    /**
     * Where the checkers run from: at least three distinct checker regions.
     * @minItems 3
     * @default all checker regions (Route 53's default)
     * @example ["us-east-1", "eu-west-1", "ap-southeast-1"]
     */
    readonly checkerRegions?: HealthCheckerRegion[];
}

/** What a health probe checks. */
export const HealthProbeKind = {
    /** GETs `url`; healthy on a 2xx status (or exactly `expectStatus`). */
    Http: "http",
    /** `DescribeTable` on `tableName` in the function's region; healthy when ACTIVE or UPDATING. */
    DynamoDb: "dynamodb",
    /** `HeadBucket` on `bucketName`; healthy on success. */
    S3: "s3",
} as const;
/** A probe kind. */
export type HealthProbeKind = (typeof HealthProbeKind)[keyof typeof HealthProbeKind];

/**
 * One dependency the health handler checks. `kind` says which, and the probe sets exactly the field
 * of its kind: `url` (with `expectStatus` if wanted) for `http`, `tableName` for `dynamodb`,
 * `bucketName` for `s3`.
 * @example { kind: "dynamodb", name: "orders", tableName: "orders" }
 */
export interface HealthProbe {
    /** What the probe checks. */
    readonly kind: HealthProbeKind;
    /**
     * Names the probe in the 503 body and the logs; unique among a region's probes.
     * @pattern ^[A-Za-z0-9._-]{1,64}$
     * @patternDescription 1-64 letters, digits, '.', '_' or '-'
     * @example "orders-table"
     */
    readonly name: string;
    /**
     * Milliseconds the probe may take before it counts as failed (timeout). The upper bound leaves room
     * under the 2 s Route 53 gives an endpoint to answer, cold start included.
     * @asType integer
     * @minimum 50
     * @maximum 1500
     * @default 1000
     */
    readonly timeoutMs?: number;
    /**
     * `http` only: the URL, `https://` (plain `http://` only for loopback hosts, for local tests). Only
     * the probe name ever appears in answers, so a URL with a query string stays private.
     * @example "https://catalog.internal.example.com/ping"
     */
    readonly url?: pulumi.Input<string>;
    /**
     * `http` only: the exact status that counts as healthy.
     * @asType integer
     * @minimum 200
     * @maximum 399
     * @default any 2xx
     */
    readonly expectStatus?: number;
    /**
     * `dynamodb` only: the table, in the function's region.
     * @pattern ^[A-Za-z0-9_.-]{3,255}$
     * @patternDescription a DynamoDB table name (3-255 letters, digits, '_', '-', '.')
     * @example "orders"
     */
    readonly tableName?: pulumi.Input<string>;
    /**
     * `s3` only: the bucket.
     * @pattern ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$
     * @patternDescription a valid S3 bucket name (3-63 characters: lower-case letters, digits, dots, hyphens)
     * @example "acme-content-eu-west-1"
     */
    readonly bucketName?: pulumi.Input<string>;
}

/**
 * Stage-wide request limits of the API in each region, enforced by API Gateway's token bucket: requests
 * above them get `429 Too Many Requests`. They protect the functions behind the API (and the bill) from
 * one noisy client; they cannot raise the account's own quota per region, which every API of the
 * account shares (10,000 requests per second by default, 2,500 in some newer regions).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export interface ApiThrottleSettings {
    /**
     * Steady-state requests per second admitted in each region (the token bucket's refill rate).
     * @minimum 1
     * @example 500
     */
    readonly rateLimit: number;
    /**
     * Requests admitted at once above the steady rate (the token bucket's size).
     * @asType integer
     * @minimum 1
     * @example 1000
     */
    readonly burstLimit: number;
}

/**
 * The settings of a `RegionalApiFailover`: what a stack file's `api` section (or a program in any
 * language) sets.
 */
export interface RegionalApiFailoverSettings {
    /**
     * The API's public host name (one name, not a wildcard). Every region serves it with its own
     * certificate; Route 53 answers with the healthy region(s).
     * @example "api.example.com"
     */
    readonly domainName: string;
    /**
     * The Route 53 public hosted zone of `domainName`: certificate validation and the routing records.
     * @example "Z0123456789ABCDEFGHIJ"
     */
    readonly hostedZoneId: pulumi.Input<string>;
    /**
     * Where the API runs: two or more distinct regions of `FAILOVER_REGIONS` (the commercial regions
     * with API Gateway regional endpoints and Route 53 latency records). With routing `failover`,
     * exactly two: `regions[0]` is PRIMARY, `regions[1]` SECONDARY.
     * @minItems 2
     * @example ["eu-west-1", "us-east-1"]
     */
    readonly regions: string[];
    /**
     * `latency` (active-active: each client reaches the healthy region closest to it) or `failover`
     * (active-passive: all traffic to `regions[0]` while it is healthy).
     * @default "latency"
     */
    readonly routing?: RoutingMode;
    /**
     * The API's Lambda handler: the path of a TypeScript file exporting `handler`. A relative path is
     * resolved against the program's working directory (`process.cwd()`, the Pulumi project directory
     * under `pulumi up`), like any path a program is given. It receives every request below the base
     * path (API Gateway proxy integration). `@aws-sdk/*` is left to the runtime.
     * @pattern \S
     * @patternDescription the path of a TypeScript file exporting handler
     * @default this package's `functions/regional-api/hello.ts` (answers "hello from <region>")
     * @example "src/api.ts"
     */
    readonly apiEntryPoint?: string;
    /**
     * The first path segment of the public URL (`https://<domainName>/<basePath>/...`).
     * @pattern ^[A-Za-z0-9$_.+!*'()-]+$
     * @patternDescription one path segment of letters, digits and $-_.+!*'() (no "/"), e.g. "v1"
     * @default "v1"
     */
    readonly basePath?: string;
    /**
     * The API Gateway stage. Appears in the `execute-api` URLs and in the health check path.
     * @pattern ^[A-Za-z0-9_-]{1,128}$
     * @patternDescription 1-128 letters, digits, hyphens or underscores, e.g. "prod"
     * @default "prod"
     */
    readonly stage?: string;
    /**
     * Route 53 health check settings. The defaults fail a region over in at most 136 s
     * (`worstCaseFailoverSeconds`); see `failoverTime` for what faster settings buy.
     * @default HTTPS_STR_MATCH on "/<stage>/healthcheck", port 443, search string "ok", every 30 s, threshold 2, SNI on
     */
    readonly healthCheck?: HealthCheckSettings;
    /**
     * Dependencies the health handler checks in every region on every health check (in parallel, each
     * with its own timeout).
     * @default [] (the region is healthy while its API Gateway and Lambda answer)
     * @example [{ kind: "dynamodb", name: "orders", tableName: "orders" }, { kind: "http", name: "catalog", url: "https://catalog.example.com/ping" }]
     */
    readonly probes?: HealthProbe[];
    /**
     * More probes for single regions, by region (each a region of `regions`): for dependencies whose
     * name differs per region, such as a regional bucket. A region checks `probes` and then these; the
     * names of a region's probes are unique.
     * @default {}
     * @example { "eu-west-1": [{ kind: "s3", name: "content", bucketName: "acme-content-eu-west-1" }] }
     */
    readonly probesByRegion?: Record<string, HealthProbe[]>;
    /**
     * SNS topic notified when a region's health check alarm fires and clears. The alarms live in
     * us-east-1 (where Route 53 publishes health check metrics), so use a topic there.
     * @default no notifications (the alarms still show state in CloudWatch)
     * @example "arn:aws:sns:us-east-1:123456789012:oncall"
     */
    readonly alarmTopicArn?: pulumi.Input<string>;
    /**
     * Request limits for every method of the stage, in each region.
     * @default none: only the account's quota per region applies
     * @example { rateLimit: 500, burstLimit: 1000 }
     */
    readonly throttle?: ApiThrottleSettings;
}

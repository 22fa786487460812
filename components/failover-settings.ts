/**
 * Pure facts and checks behind `RegionalApiFailover`: which regions it can use, the rules of its Route 53
 * health check settings that its settings schema (components/settings/regional-api-failover.ts) cannot
 * express, and the worst-case failover time a set of settings buys. No Pulumi imports, so the same checks
 * run in tests, in the stack config and in tools.
 */
import { HealthCheckSettings, HealthCheckType, HealthCheckerRegion, RequestInterval, RoutingMode } from "./settings/regional-api-failover";
import { AWS_REGIONS, Issue, checkIntegerInRange, checkOneOf, didYouMean, isPlainObject, throwIfIssues } from "./validation";

export { HealthCheckSettings, HealthCheckType, HealthCheckerRegion, RequestInterval, RoutingMode };

/**
 * Route 53 hosted zone ID of API Gateway's regional endpoints (`d-xxxx.execute-api.REGION.amazonaws.com`),
 * per commercial region. Alias records take the zone from the custom domain's `regionalZoneId` output;
 * this table is what that output holds, kept for the offline engine and for checking regions.
 * @see https://docs.aws.amazon.com/general/latest/gr/apigateway.html ("Route 53 Hosted Zone ID" column)
 */
export const API_GATEWAY_REGIONAL_ZONE_IDS: Readonly<Record<string, string>> = {
    "af-south-1": "Z2DHW2332DAMTN",
    "ap-east-1": "Z3FD1VL90ND7K5",
    "ap-east-2": "Z02909591O7FG9Q56HWB1",
    "ap-northeast-1": "Z1YSHQZHG15GKL",
    "ap-northeast-2": "Z20JF4UZKIW1U8",
    "ap-northeast-3": "Z22ILHG95FLSZ2",
    "ap-south-1": "Z3VO1THU9YC4UR",
    "ap-south-2": "Z0853509Q1135NJ66RUH",
    "ap-southeast-1": "ZL327KTPIQFUL",
    "ap-southeast-2": "Z2RPCDW04V8134",
    "ap-southeast-3": "Z10132843TYUYSLUG4HA3",
    "ap-southeast-4": "Z092189423Y7RJK61311D",
    "ap-southeast-5": "Z0314042F0KBUTZ3X5HF",
    "ap-southeast-6": "Z01392953RKV2Q3RBP0KU",
    "ap-southeast-7": "Z048508712PZLK5NKG8R0",
    "ca-central-1": "Z19DQILCV0OWEC",
    "ca-west-1": "Z04745493436AWVTG1OQY",
    "eu-central-1": "Z1U9ULNL0V5AJ3",
    "eu-central-2": "Z09222482MK253X48U76H",
    "eu-north-1": "Z3UWIKFBOOGXPP",
    "eu-south-1": "Z3BT4WSQ9TDYZV",
    "eu-south-2": "Z02499852UI5HEQ5JVWX3",
    "eu-west-1": "ZLY8HYME6SFDD",
    "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-west-3": "Z3KY65QIEKYHQQ",
    "il-central-1": "Z07264553HBI44N5X2CKP",
    "me-central-1": "Z08780021BKYYY8U0YHTV",
    "me-south-1": "Z20ZBPC0SS8806",
    "mx-central-1": "Z00020171WIGL5M88SHRM",
    "sa-east-1": "ZCMLWB8V5SYIT",
    "us-east-1": "Z1UJRXOUMOOFQ8",
    "us-east-2": "ZOJJZC49E0EPZ",
    "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC",
};

/**
 * Commercial (`aws` partition) regions a Route 53 latency record may name: the `ResourceRecordSetRegion`
 * enum of the Route 53 API without its China, GovCloud and European Sovereign Cloud members (other
 * partitions, with their own Route 53 and API Gateway endpoints).
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html (Region)
 */
export const LATENCY_RECORD_REGIONS = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
    "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
    "us-west-1", "us-west-2",
] as const;

/**
 * Regions a `RegionalApiFailover` can deploy to: the commercial regions of the package's one region list
 * (`AWS_REGIONS`) where API Gateway has regional endpoints (a hosted zone for alias records) and
 * Route 53 can route latency records to them. Opt-in regions (e.g. `af-south-1`, `ap-east-1`) must be
 * enabled in the account first.
 */
export const FAILOVER_REGIONS: readonly string[] = AWS_REGIONS.aws.filter(
    (r) => (LATENCY_RECORD_REGIONS as readonly string[]).includes(r) && Object.hasOwn(API_GATEWAY_REGIONAL_ZONE_IDS, r),
);

/** Where Route 53 health checkers can run from: the values of `HealthCheckerRegion`. */
export const HEALTH_CHECKER_REGIONS: readonly HealthCheckerRegion[] = Object.values(HealthCheckerRegion);

/** How Route 53 chooses among the regions: the values of `RoutingMode`. */
export const ROUTING_MODES: readonly RoutingMode[] = Object.values(RoutingMode);

/** Health check types that fit an API Gateway endpoint: the values of `HealthCheckType`. */
export const HEALTH_CHECK_TYPES: readonly HealthCheckType[] = Object.values(HealthCheckType);

/** The request intervals Route 53 allows, in seconds: the values of `RequestInterval`. */
export const REQUEST_INTERVALS: readonly RequestInterval[] = Object.values(RequestInterval);

/**
 * Failure threshold bounds: consecutive failed checks before Route 53 changes the status.
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html (FailureThreshold)
 */
export const FAILURE_THRESHOLD = { min: 1, max: 10 } as const;

/**
 * How long one Route 53 health checker waits, in seconds: 4 to open the TCP connection, then 2 for the
 * status code and, with string matching, 2 more for the body. A check against a dead endpoint takes this
 * long to fail, and the interval only starts counting once it has.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html (Request interval)
 */
export const CHECKER_WAIT_SECONDS = { connect: 4, status: 2, body: 2 } as const;

/**
 * TTL resolvers cache an alias answer for an API Gateway regional domain. Alias records have no TTL of
 * their own: Route 53 serves the target's, and for API Gateway targets that is 60 s (the fixed 60 s the
 * Route 53 FAQ gives for alias targets used with DNS failover; the API Gateway page does not state it).
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html
 * @see https://aws.amazon.com/route53/faqs/ ("Do I need to adjust the TTL of my records in order to use DNS Failover?")
 */
export const API_GATEWAY_ALIAS_TTL_SECONDS = 60;

/** `HealthCheckSettings` with every default filled in (see there for each field). */
export interface ResolvedHealthCheckSettings {
    /** Health check type. */
    readonly type: HealthCheckType;
    /** Body the check searches for; also the health handler's healthy answer. */
    readonly searchString: string;
    /** Path on the `execute-api` host. */
    readonly path: string;
    /** Always 443. */
    readonly port: number;
    /** Seconds between checks. */
    readonly requestInterval: RequestInterval;
    /** Consecutive results before the status changes. */
    readonly failureThreshold: number;
    /** Whether checkers send SNI. */
    readonly enableSni: boolean;
    /** `undefined`: Route 53's default checker regions. */
    readonly checkerRegions: HealthCheckerRegion[] | undefined;
}

/** The health check defaults (the path depends on the stage). */
export const HEALTH_CHECK_DEFAULTS = {
    type: HealthCheckType.HttpsStrMatch,
    searchString: "ok",
    port: 443,
    requestInterval: RequestInterval.Standard,
    failureThreshold: 2,
    enableSni: true,
} as const satisfies Partial<ResolvedHealthCheckSettings>;

/** The path the health handler is mounted at in the REST API, below the stage. */
export const HEALTH_RESOURCE_PATH = "healthcheck";

/** Fills in the defaults of `settings` for an API deployed to `stage`. */
export function resolveHealthCheckSettings(settings: HealthCheckSettings | undefined, stage: string): ResolvedHealthCheckSettings {
    return {
        type: settings?.type ?? HEALTH_CHECK_DEFAULTS.type,
        searchString: settings?.searchString ?? HEALTH_CHECK_DEFAULTS.searchString,
        path: settings?.path ?? `/${stage}/${HEALTH_RESOURCE_PATH}`,
        port: settings?.port ?? HEALTH_CHECK_DEFAULTS.port,
        requestInterval: settings?.requestInterval ?? HEALTH_CHECK_DEFAULTS.requestInterval,
        failureThreshold: settings?.failureThreshold ?? HEALTH_CHECK_DEFAULTS.failureThreshold,
        enableSni: settings?.enableSni ?? HEALTH_CHECK_DEFAULTS.enableSni,
        checkerRegions: settings?.checkerRegions,
    };
}

/**
 * The region list's rules beyond its schema (a list of two or more strings): distinct, each in
 * `FAILOVER_REGIONS`, exactly two for `failover`.
 */
export function validateRegions(regions: unknown, routing: RoutingMode, issues: Issue[], path = "regions"): void {
    // Not a list, or fewer than two: the schema says so.
    if (!Array.isArray(regions)) return;
    if (routing === RoutingMode.Failover && regions.length > 2) {
        issues.push({
            path,
            value: regions,
            problem:
                'must list exactly two regions with routing "failover" (regions[0] is PRIMARY, regions[1] SECONDARY; ' +
                'Route 53 failover records come in one pair); use routing "latency" for more',
        });
    }
    const seen = new Set<unknown>();
    regions.forEach((region, i) => {
        if (seen.has(region)) {
            issues.push({ path: `${path}[${i}]`, value: region, problem: "is listed twice; each region may appear once" });
        }
        seen.add(region);
        // Not a string: the schema says so.
        if (typeof region !== "string" || FAILOVER_REGIONS.includes(region)) return;
        // A typo gets the closest region; a real region the failover cannot use says why.
        const why =
            (AWS_REGIONS.aws as readonly string[]).includes(region) || (AWS_REGIONS["aws-cn"] as readonly string[]).includes(region)
                ? ` (${region} is an AWS region, but API Gateway or Route 53 latency records are not available to the failover there)`
                : didYouMean(region, FAILOVER_REGIONS);
        issues.push({ path: `${path}[${i}]`, value: region, problem: `is not one of ${FAILOVER_REGIONS.join(" | ")}${why}` });
    });
}

/**
 * The health check rules beyond its schema (types, allowed values, ranges): a search string only with
 * string matching, a path below the stage, port 443, distinct checker regions.
 */
export function validateHealthCheckSettings(
    settings: HealthCheckSettings | undefined,
    stage: string,
    issues: Issue[],
    path = "healthCheck",
): void {
    // Absent, or not an object: nothing to check, or the schema says so.
    if (!isPlainObject(settings)) return;
    if (settings.searchString !== undefined && settings.type === HealthCheckType.Https) {
        issues.push({ path: `${path}.searchString`, value: settings.searchString, problem: 'only applies with type "HTTPS_STR_MATCH"' });
    }
    const p = settings.path;
    if (typeof p === "string" && (!p.startsWith(`/${stage}/`) || p.length > 255 || /[\s?#]/.test(p))) {
        issues.push({
            path: `${path}.path`,
            value: p,
            problem: `must be a path below the stage, "/${stage}/...", without spaces, "?" or "#", at most 255 characters`,
        });
    }
    if (typeof settings.port === "number" && settings.port !== 443) {
        issues.push({ path: `${path}.port`, value: settings.port, problem: "must be 443: the execute-api endpoint only serves HTTPS on 443" });
    }
    // Fewer than three: the schema says so.
    const regions = settings.checkerRegions;
    if (Array.isArray(regions) && regions.length >= 3 && new Set(regions).size !== regions.length) {
        issues.push({
            path: `${path}.checkerRegions`,
            value: regions,
            problem: `must list at least three distinct checker regions of ${HEALTH_CHECKER_REGIONS.join(" | ")}`,
        });
    }
}

/** The settings that decide how long a failover takes. */
export interface FailoverTimingSettings {
    /** @default 30 */
    readonly requestInterval?: RequestInterval;
    /** @default 2 */
    readonly failureThreshold?: number;
    /** @default "HTTPS_STR_MATCH" */
    readonly type?: HealthCheckType;
    /**
     * TTL resolvers cache the answer for.
     * @default 60 (`API_GATEWAY_ALIAS_TTL_SECONDS`)
     */
    readonly dnsTtlSeconds?: number;
}

/** Where the worst-case failover time goes, in seconds. */
export interface FailoverTime {
    /** `requestInterval × failureThreshold`: the waits between consecutive failing checks. */
    readonly detectionSeconds: number;
    /**
     * `failureThreshold ×` how long one checker waits on an endpoint that does not answer (4 s connect +
     * 2 s status, + 2 s body with string matching): a check that times out only fails at the end of it.
     */
    readonly checkerWaitSeconds: number;
    /** Resolvers keep the old answer for up to one TTL after Route 53 changes it. */
    readonly dnsTtlSeconds: number;
    /** The sum: from the first failed request to every well-behaved resolver answering with another region. */
    readonly totalSeconds: number;
}

/**
 * The worst-case time from a region failing to clients being sent elsewhere, for a set of health check
 * settings; throws a `ValidationError` for settings Route 53 does not allow. Not counted: resolvers
 * or clients that cache beyond the TTL (some do), and the drill parameter's cache in the health handler
 * (a few seconds, only when rehearsing).
 *
 * What faster settings buy, with the default HTTPS_STR_MATCH type:
 * - defaults (30 s × 2): 136 s;
 * - interval 10 s (one more billed optional feature per health check): 10 × 2 + 16 + 60 = 96 s;
 * - threshold 1 as well: 78 s, but a single failed check (a cold start over 2 s, a blip) fails the region over;
 * - the 60 s TTL is fixed by the alias target and dominates once detection is fast.
 *
 * @example
 * failoverTime({}).totalSeconds                                          // 136 (30 × 2 + 2 × 8 + 60)
 * failoverTime({ requestInterval: 10, failureThreshold: 1 }).totalSeconds // 78  (10 × 1 + 1 × 8 + 60)
 */
export function failoverTime(settings: FailoverTimingSettings = {}): FailoverTime {
    const interval = settings.requestInterval ?? HEALTH_CHECK_DEFAULTS.requestInterval;
    const threshold = settings.failureThreshold ?? HEALTH_CHECK_DEFAULTS.failureThreshold;
    const type = settings.type ?? HEALTH_CHECK_DEFAULTS.type;
    const ttl = settings.dnsTtlSeconds ?? API_GATEWAY_ALIAS_TTL_SECONDS;
    const issues: Issue[] = [];
    checkOneOf("settings.type", type, HEALTH_CHECK_TYPES, issues);
    if (!REQUEST_INTERVALS.includes(interval)) {
        issues.push({ path: "settings.requestInterval", value: interval, problem: `is not one of ${REQUEST_INTERVALS.join(" | ")} (seconds; Route 53 allows no other interval)` });
    }
    checkIntegerInRange("settings.failureThreshold", threshold, FAILURE_THRESHOLD.min, FAILURE_THRESHOLD.max, issues);
    if (!Number.isInteger(ttl) || ttl < 0) {
        issues.push({ path: "settings.dnsTtlSeconds", value: ttl, problem: "is not a whole number of seconds >= 0" });
    }
    throwIfIssues("failoverTime settings", issues);

    const perCheckWait = CHECKER_WAIT_SECONDS.connect + CHECKER_WAIT_SECONDS.status + (type === HealthCheckType.HttpsStrMatch ? CHECKER_WAIT_SECONDS.body : 0);
    const detectionSeconds = interval * threshold;
    const checkerWaitSeconds = threshold * perCheckWait;
    return { detectionSeconds, checkerWaitSeconds, dnsTtlSeconds: ttl, totalSeconds: detectionSeconds + checkerWaitSeconds + ttl };
}

/** `failoverTime`'s total, in seconds. */
export function worstCaseFailoverSeconds(settings: FailoverTimingSettings = {}): number {
    return failoverTime(settings).totalSeconds;
}

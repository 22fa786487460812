/**
 * The health handler's configuration: which dependencies to probe, the failover drill parameter and the
 * body to answer when healthy. The `RegionalApiFailover` component writes it as canonical JSON into the
 * function's deployment archive as `config.json`, next to the prebuilt `index.js`; the handler reads,
 * parses and checks it at cold start. Shared by both, so the component rejects at `pulumi up` what the
 * handler would reject at run time.
 */
import { Issue, ValidationError, checkIntegerInRange, checkOneOf, checkS3BucketName, throwIfIssues } from "./validation";
import { FUNCTION_CONFIG_FILE } from "./function-bundles";

/** Probe kinds the health handler knows. */
export const PROBE_KINDS = ["http", "dynamodb", "s3"] as const;
/** A probe kind. */
export type ProbeKind = (typeof PROBE_KINDS)[number];

/**
 * Probe timeout bounds, in milliseconds. The upper bound leaves room under the 2 s Route 53 gives an
 * endpoint to answer with a status after connecting, cold start included.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 */
export const PROBE_TIMEOUT_MS = { min: 50, max: 1500, default: 1000 } as const;

/** Fields every probe has. */
export interface ProbeBase {
    /**
     * Names the probe in the 503 body and the logs: 1-64 letters, digits, `.`, `_`, `-`; unique.
     * @example "orders-table"
     */
    readonly name: string;
    /**
     * Milliseconds the probe may take before it counts as failed (timeout), 50-1500.
     * @default 1000
     */
    readonly timeoutMs?: number;
}

/** GETs a URL; healthy on a 2xx status (or exactly `expectStatus`). */
export interface HttpProbe<S = string> extends ProbeBase {
    readonly kind: "http";
    /**
     * The URL, `https://` (plain `http://` only for loopback hosts, for local tests). Only the probe name
     * ever appears in answers, so a URL with a query string stays private.
     * @example "https://catalog.internal.example.com/ping"
     */
    readonly url: S;
    /**
     * Exact status that counts as healthy.
     * @default any 2xx
     */
    readonly expectStatus?: number;
}

/** `DescribeTable` on a DynamoDB table in the function's region; healthy when ACTIVE or UPDATING. */
export interface DynamoDbProbe<S = string> extends ProbeBase {
    readonly kind: "dynamodb";
    /** @example "orders" */
    readonly tableName: S;
}

/** `HeadBucket` on an S3 bucket; healthy on success. */
export interface S3Probe<S = string> extends ProbeBase {
    readonly kind: "s3";
    /** @example "acme-content-eu-west-1" */
    readonly bucketName: S;
}

/**
 * One dependency the health handler checks. `S` is the type of resource names: `string` at run time,
 * `pulumi.Input<string>` in the component's args.
 */
export type ProbeSpec<S = string> = HttpProbe<S> | DynamoDbProbe<S> | S3Probe<S>;

/** What the health handler reads from its `config.json`. */
export interface HealthConfig {
    /** Probes, run in parallel on every health check request. */
    readonly probes: readonly ProbeSpec[];
    /**
     * SSM parameter holding the region's drill flag (`healthy` | `unhealthy`); none: no drill.
     * @example "/api/drill/eu-west-1"
     */
    readonly drillParameterName?: string;
    /** The body when healthy; the Route 53 search string. @example "ok" */
    readonly healthyBody: string;
    /** Seconds the drill flag is cached between SSM reads. @default 5 */
    readonly drillCacheSeconds: number;
}

/** The drill flag's values; SSM rejects anything else (the parameter's allowed pattern). */
export const DRILL_VALUES = ["healthy", "unhealthy"] as const;
/** A drill flag value. */
export type DrillValue = (typeof DRILL_VALUES)[number];
/** `allowedPattern` of the drill parameter: SSM refuses a typo before the handler ever sees it. */
export const DRILL_ALLOWED_PATTERN = `^(${DRILL_VALUES.join("|")})$`;

const PROBE_NAME = /^[A-Za-z0-9._-]{1,64}$/;
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
const PARAMETER_NAME = /^\/[A-Za-z0-9_.\-/]{1,1010}$/;

function checkUrl(path: string, url: string, issues: Issue[]): void {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        issues.push({ path, value: url, problem: "is not an absolute URL such as https://service.example.com/ping" });
        return;
    }
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
    if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
        issues.push({ path, value: url, problem: "must use https:// (http:// only for loopback hosts, for local tests)" });
    }
}

/**
 * Checks probe specs. Resource names that are not strings yet (Pulumi outputs in the component) are
 * skipped; everything else is checked.
 */
export function validateProbes(probes: unknown, issues: Issue[], path = "probes"): void {
    if (!Array.isArray(probes)) {
        issues.push({ path, value: probes, problem: "must be a list of probes" });
        return;
    }
    const names = new Set<string>();
    probes.forEach((probe: Partial<ProbeSpec<unknown>>, i) => {
        const at = `${path}[${i}]`;
        if (probe === null || typeof probe !== "object") {
            issues.push({ path: at, value: probe, problem: "must be a probe object with kind and name" });
            return;
        }
        if (typeof probe.name !== "string" || !PROBE_NAME.test(probe.name)) {
            issues.push({ path: `${at}.name`, value: probe.name, problem: "is not 1-64 letters, digits, '.', '_' or '-'" });
        } else if (names.has(probe.name)) {
            issues.push({ path: `${at}.name`, value: probe.name, problem: "is used by another probe; names must be unique" });
        } else {
            names.add(probe.name);
        }
        if (probe.timeoutMs !== undefined) {
            checkIntegerInRange(`${at}.timeoutMs`, probe.timeoutMs, PROBE_TIMEOUT_MS.min, PROBE_TIMEOUT_MS.max, issues);
        }
        if (!checkOneOf(`${at}.kind`, probe.kind, PROBE_KINDS, issues)) return;
        switch (probe.kind) {
            case "http": {
                const p = probe as Partial<HttpProbe<unknown>>;
                if (typeof p.url === "string") checkUrl(`${at}.url`, p.url, issues);
                else if (p.url === undefined) issues.push({ path: `${at}.url`, value: p.url, problem: "is required for an http probe" });
                if (p.expectStatus !== undefined) checkIntegerInRange(`${at}.expectStatus`, p.expectStatus, 200, 399, issues);
                break;
            }
            case "dynamodb": {
                const p = probe as Partial<DynamoDbProbe<unknown>>;
                if (p.tableName === undefined || (typeof p.tableName === "string" && !TABLE_NAME.test(p.tableName))) {
                    issues.push({
                        path: `${at}.tableName`,
                        value: p.tableName,
                        problem: "is not a DynamoDB table name (3-255 letters, digits, '_', '-', '.')",
                    });
                }
                break;
            }
            case "s3": {
                const p = probe as Partial<S3Probe<unknown>>;
                // A value still to come (an Output) is checked by the function's own validation at cold start.
                if (p.bucketName === undefined || typeof p.bucketName === "string") checkS3BucketName(`${at}.bucketName`, p.bucketName, issues);
                break;
            }
        }
    });
}

/** Checks an SSM parameter name for the drill flag. */
export function validateDrillParameterName(name: unknown, issues: Issue[], path = "drillParameterName"): void {
    // Names may not start with the reserved "aws" / "ssm" prefixes (the leading "/" aside).
    if (typeof name === "string" && PARAMETER_NAME.test(name) && !name.includes("//") && !/^\/(aws|ssm)/i.test(name)) return;
    issues.push({ path, value: name, problem: "is not an SSM parameter path such as /api/drill/eu-west-1" });
}

/**
 * Parses and checks the text of the handler's `config.json` (`undefined`: the file is missing or
 * unreadable); throws a {@link ValidationError} naming every problem.
 */
export function parseHealthConfig(text: string | undefined): HealthConfig {
    let raw: Record<string, unknown>;
    try {
        raw = JSON.parse(text ?? "");
    } catch {
        // The text itself stays out of the message: it may be long, and it is configuration.
        throw new ValidationError(FUNCTION_CONFIG_FILE, [
            { path: FUNCTION_CONFIG_FILE, value: text === undefined ? undefined : "(unparsable)", problem: "is not JSON" },
        ]);
    }
    const issues: Issue[] = [];
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throwIfIssues(FUNCTION_CONFIG_FILE, [{ path: FUNCTION_CONFIG_FILE, value: raw, problem: "must be a JSON object" }]);
    }
    validateProbes(raw.probes ?? [], issues, "probes");
    for (const [i, probe] of ((Array.isArray(raw.probes) ? raw.probes : []) as unknown[]).entries()) {
        // Not an object: validateProbes has said so (and `in` would throw on a number or a string).
        if (probe === null || typeof probe !== "object") continue;
        // At run time every resource name must be a concrete string.
        for (const key of ["url", "tableName", "bucketName"] as const) {
            if (key in probe && typeof (probe as Record<string, unknown>)[key] !== "string") {
                issues.push({ path: `probes[${i}].${key}`, value: (probe as Record<string, unknown>)[key], problem: "must be a string" });
            }
        }
    }
    if (raw.drillParameterName !== undefined) validateDrillParameterName(raw.drillParameterName, issues);
    if (typeof raw.healthyBody !== "string" || raw.healthyBody.length < 1 || raw.healthyBody.length > 255) {
        issues.push({ path: "healthyBody", value: raw.healthyBody, problem: "must be 1-255 characters" });
    }
    const cache = raw.drillCacheSeconds ?? 5;
    checkIntegerInRange("drillCacheSeconds", cache, 0, 30, issues);
    throwIfIssues(FUNCTION_CONFIG_FILE, issues);
    return {
        probes: (raw.probes ?? []) as ProbeSpec[],
        drillParameterName: raw.drillParameterName as string | undefined,
        healthyBody: raw.healthyBody as string,
        drillCacheSeconds: cache as number,
    };
}

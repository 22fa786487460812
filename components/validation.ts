/**
 * Validation primitives shared by the components and the stack config.
 *
 * Every check returns {@link Issue}s instead of throwing at the first problem, so a user who got three
 * things wrong learns about all three in one run. Each issue names the input (`path`), the value it
 * had and what is allowed, e.g. `content.mode: "sign" is not one of signed | unsigned | presigned`.
 */

/** One problem with one input. */
export interface Issue {
    /** Dotted path of the input, e.g. `front.minimumTlsVersion` or `domainNames[1]`. */
    readonly path: string;
    /** The value the input had (`undefined` when it was missing). */
    readonly value: unknown;
    /** What is wrong and what is allowed, without the path and value (they are prefixed by {@link formatIssue}). */
    readonly problem: string;
}

/** True for a JSON object: not `null`, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Renders a value for an error message: strings quoted, objects as compact JSON, missing as `(missing)`. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "(missing)";
    if (typeof value === "string") return JSON.stringify(value);
    try {
        const json = JSON.stringify(value);
        return json.length > 120 ? `${json.slice(0, 117)}...` : json;
    } catch {
        return String(value);
    }
}

/** `path: value problem`, the one line format used by every error in this package. */
export function formatIssue(issue: Issue): string {
    return `${issue.path}: ${describeValue(issue.value)} ${issue.problem}`;
}

/**
 * The one error type the components and the config throw for bad input. `issues` carries every
 * problem found; the message lists them one per line.
 */
export class ValidationError extends Error {
    constructor(
        /** What was validated, e.g. `LegacyTlsFront "front"` or `stack config`. */
        readonly subject: string,
        readonly issues: readonly Issue[],
    ) {
        super(`${subject} is invalid:\n${issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`);
        this.name = "ValidationError";
    }
}

/** Throws a {@link ValidationError} for `subject` when `issues` is not empty. */
export function throwIfIssues(subject: string, issues: readonly Issue[]): void {
    if (issues.length > 0) throw new ValidationError(subject, issues);
}

/** Checks that `value` is one of `allowed`; the message lists the allowed values. */
export function checkOneOf<T extends string>(
    path: string,
    value: unknown,
    allowed: readonly T[],
    issues: Issue[],
): value is T {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return true;
    issues.push({ path, value, problem: `is not one of ${allowed.join(" | ")}` });
    return false;
}

/** Checks that `value` is an integer in `[min, max]`. */
export function checkIntegerInRange(path: string, value: unknown, min: number, max: number, issues: Issue[]): boolean {
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return true;
    issues.push({ path, value, problem: `is not a whole number from ${min} to ${max}` });
    return false;
}

/** Checks that `value` is a boolean. */
export function checkBoolean(path: string, value: unknown, issues: Issue[]): value is boolean {
    if (typeof value === "boolean") return true;
    issues.push({ path, value, problem: "is not a boolean (true | false)" });
    return false;
}

// A DNS name as CloudFront accepts it for an alternate domain name: labels of letters, digits and
// hyphens, at least two labels, an optional leading "*." wildcard, at most 253 characters.
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Checks that `value` is a lower-case DNS name, optionally with a leading `*.` wildcard. */
export function checkDomainName(path: string, value: unknown, issues: Issue[]): value is string {
    if (typeof value === "string" && value.length <= 253 && DNS_NAME.test(value)) return true;
    issues.push({
        path,
        value,
        problem: "is not a lower-case DNS name such as legacy.example.com or *.example.com",
    });
    return false;
}

/** Parses an ARN into its parts; `undefined` when it is not an ARN. */
export function parseArn(
    arn: string,
): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    const [, partition, service, region, account, ...resource] = parts;
    return { partition, service, region, account, resource: resource.join(":") };
}

/** What an ARN must look like beyond the `arn:` frame: its service, its resource part and, when fixed, its region. */
export interface ArnShape {
    /** The service part, e.g. `sns`. */
    readonly service: string;
    /** The resource part, e.g. `/^key\/[A-Za-z0-9-]+$/`. */
    readonly resource: RegExp;
    /** The one region allowed; any non-empty region when absent. @default any */
    readonly region?: string;
}

/**
 * Checks that `value` is an ARN of `shape` in a 12-digit account; the problem reads
 * `is not <description>`, so name the form there, e.g. `an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)`.
 */
export function checkArn(path: string, value: unknown, shape: ArnShape, description: string, issues: Issue[]): value is string {
    const arn = typeof value === "string" ? parseArn(value) : undefined;
    if (
        arn !== undefined &&
        arn.service === shape.service &&
        /^\d{12}$/.test(arn.account) &&
        shape.resource.test(arn.resource) &&
        (shape.region === undefined ? arn.region !== "" : arn.region === shape.region)
    ) {
        return true;
    }
    issues.push({ path, value, problem: `is not ${description}` });
    return false;
}

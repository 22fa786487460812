/**
 * The validation primitives every side of the package shares: the components and the stack config at
 * deploy time, the Lambda functions when they load their config.json, and the content-signing library
 * in the services that sign. A leaf module: it imports nothing, so runtime code can use it without
 * pulling in anything of the deploy-time code.
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

// S3 bucket names.

/**
 * Prefixes and suffixes S3 reserves: a general purpose bucket cannot be created with them (`sthree-`
 * covers `sthree-configurator`; `--table-s3` is reserved for table buckets, see the table bucket naming
 * rules).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-buckets-naming.html
 */
export const S3_RESERVED_BUCKET_AFFIXES = {
    prefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
    suffixes: ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
} as const;

/**
 * Why `name` is not a valid general purpose bucket name, or `undefined` when it is. S3's rules: 3 to 63
 * characters of lower-case letters, digits, dots and hyphens; beginning and ending with a letter or
 * digit; no two adjacent dots; not formatted as an IP address; none of the reserved prefixes and
 * suffixes ({@link S3_RESERVED_BUCKET_AFFIXES}). Buckets created before March 2018 in us-east-1 may
 * have older names; this package cannot serve them through CloudFront's regional origin either.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function s3BucketNameProblem(name: string): string | undefined {
    const problems: string[] = [];
    if (!/^[a-z0-9.-]{3,63}$/.test(name)) problems.push("3-63 characters: lower-case letters, digits, dots, hyphens");
    else if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) problems.push("it must begin and end with a letter or digit");
    if (name.includes("..")) problems.push("it must not contain two adjacent dots");
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push("it must not be formatted as an IP address");
    for (const prefix of S3_RESERVED_BUCKET_AFFIXES.prefixes) {
        if (name.startsWith(prefix)) problems.push(`the prefix "${prefix}" is reserved`);
    }
    for (const suffix of S3_RESERVED_BUCKET_AFFIXES.suffixes) {
        if (name.endsWith(suffix)) problems.push(`the suffix "${suffix}" is reserved`);
    }
    return problems.length === 0 ? undefined : `is not a valid S3 bucket name (${problems.join("; ")})`;
}

/** Checks a bucket name against S3's naming rules ({@link s3BucketNameProblem}). */
export function checkS3BucketName(path: string, value: unknown, issues: Issue[]): value is string {
    if (typeof value !== "string") {
        issues.push({ path, value, problem: "is not a valid S3 bucket name (3-63 characters: lower-case letters, digits, dots, hyphens)" });
        return false;
    }
    const problem = s3BucketNameProblem(value);
    if (problem) issues.push({ path, value, problem });
    return problem === undefined;
}

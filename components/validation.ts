/**
 * Validation primitives shared by the components and the stack config.
 *
 * Every check returns `Issue`s instead of throwing at the first problem, so a user who got three
 * things wrong learns about all three in one run. Each issue names the input (`path`), the value it
 * had and what is allowed, e.g. `front.mode: "sign" is not one of signed | unsigned | presigned`.
 */

// The primitives the runtime code shares (the Lambda functions' config checks, the content-signing
// library) live in the leaf module shared/validation.ts; they are re-exported here, so every component
// keeps importing "./validation" and `instanceof ValidationError` is one class everywhere.
import { Issue } from "../shared/validation";
export type { Issue } from "../shared/validation";
export {
    ValidationError,
    checkDomainName,
    checkIntegerInRange,
    checkOneOf,
    checkS3BucketName,
    describeValue,
    formatIssue,
    isPlainObject,
    s3BucketNameProblem,
    S3_RESERVED_BUCKET_AFFIXES,
    throwIfIssues,
} from "../shared/validation";

/** Checks that `value` is a boolean. */
export function checkBoolean(path: string, value: unknown, issues: Issue[]): value is boolean {
    if (typeof value === "boolean") return true;
    issues.push({ path, value, problem: "is not a boolean (true | false)" });
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

// ---------------------------------------------------------------------------------------------
// Keys: unknown ones are errors, with the closest known spelling as a suggestion.

/**
 * Edit distance between two strings, case-insensitive, counting a swap of two neighbouring characters
 * as one edit (optimal string alignment), so `minimumTlsVerison` is one edit from `minimumTlsVersion`.
 */
function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
    for (let j = 1; j <= t.length; j++) d[0][j] = j;
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[s.length][t.length];
}

/**
 * The candidate closest to `input` (case-insensitive, transpositions count once), or `undefined` when
 * none is close enough to be a likely typo: at most a third of the candidate's length away (one edit
 * for names up to five characters).
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = editDistance(input, candidate);
        if (distance < bestDistance && distance <= Math.max(1, Math.floor(candidate.length / 3))) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

/** ` (did you mean X?)` for the closest candidate, or `""`. */
export function didYouMean(input: string, candidates: readonly string[]): string {
    const match = closestMatch(input, candidates);
    return match === undefined ? "" : ` (did you mean ${match}?)`;
}

/**
 * Checks that `value` has only `known` keys (own keys: `constructor` or `__proto__` are unknown like
 * any other name). Each unknown key is an issue at `<path>.<key>` naming the known keys and, when one is
 * close, the likely intended one; `owner` names what the keys belong to (`legacy-tls-front`, `a probe
 * of kind s3`).
 */
export function checkKnownKeys(path: string, value: Readonly<Record<string, unknown>>, known: readonly string[], issues: Issue[], owner?: string): void {
    for (const key of Object.keys(value)) {
        if (known.includes(key)) continue;
        issues.push({
            path: path === "" ? key : `${path}.${key}`,
            value: value[key],
            problem: `is not a known key${owner ? ` of ${owner}` : ""}${didYouMean(key, known)}; known keys: ${known.join(", ")}`,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Regions: the one list the package checks regions against.

/**
 * The AWS Regions of the partitions this package deploys to, by partition: `aws` (commercial) and
 * `aws-cn` (China). Opt-in regions (e.g. `af-south-1`) must be enabled in the account first. GovCloud,
 * ISO and European Sovereign Cloud regions are other partitions (no CloudFront, or not supported here).
 * This is the list the whole package uses; narrower lists (the regions a failover can use) are subsets
 * of it. It equals the `Region` enum of `@pulumi/aws` for these partitions (a test keeps them in step).
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
export const AWS_REGIONS = {
    aws: [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
        "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
        "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** Every region of `AWS_REGIONS`, commercial first. */
export function allAwsRegions(): readonly string[] {
    return [...AWS_REGIONS.aws, ...AWS_REGIONS["aws-cn"]];
}

/**
 * Checks that `value` is one of `allowed` (default: every region of `AWS_REGIONS`); the problem
 * suggests the closest region for a typo and lists the allowed ones.
 */
export function checkAwsRegion(path: string, value: unknown, issues: Issue[], allowed: readonly string[] = allAwsRegions()): value is string {
    if (typeof value === "string" && allowed.includes(value)) return true;
    const hint = typeof value === "string" ? didYouMean(value, allowed) : "";
    issues.push({ path, value, problem: `is not an AWS region${hint}; allowed: ${allowed.join(" | ")}` });
    return false;
}

// ---------------------------------------------------------------------------------------------
// Tags.

/**
 * AWS's rules for tags, common to the services this package tags: keys of 1 to 128 and values of up to
 * 256 Unicode characters, of letters, digits, spaces and `_ . : / = + - @`; keys and values must not
 * start with `aws:` (any case), which AWS reserves; at most 50 tags per resource. Route 53 health
 * checks take only 10 (ChangeTagsForResource).
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html ("Tag naming limits and requirements")
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html ("Tags that can be added to a distribution": 50)
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeTagsForResource.html ("a maximum of 10 tags")
 */
export const TAG_RULES = {
    maxKeyLength: 128,
    maxValueLength: 256,
    maxTagsPerResource: 50,
    maxTagsPerRoute53HealthCheck: 10,
    reservedPrefix: "aws:",
    allowedCharacters: "letters, digits, spaces and _ . : / = + - @",
} as const;

const TAG_CHARACTER = /^[\p{L}\p{M}\p{N}\p{Zs}_.:/=+\-@]$/u;

function disallowedTagCharacters(text: string): string[] {
    return [...new Set([...text].filter((c) => !TAG_CHARACTER.test(c)))];
}

/**
 * Checks one tag against `TAG_RULES` (not the count per resource, which depends on what else
 * tags the resource): issues at `<path>.<key>`.
 */
export function checkTag(path: string, key: string, value: unknown, issues: Issue[]): void {
    const at = `${path}.${key}`;
    if (typeof value !== "string") {
        issues.push({ path: at, value, problem: "is not a string" });
        return;
    }
    const keyLength = [...key].length;
    if (keyLength < 1 || keyLength > TAG_RULES.maxKeyLength) {
        issues.push({ path: at, value, problem: `has a key of ${keyLength} characters; allowed: 1 to ${TAG_RULES.maxKeyLength}` });
    }
    if (key.toLowerCase().startsWith(TAG_RULES.reservedPrefix)) {
        issues.push({ path: at, value, problem: `has a key starting with "${TAG_RULES.reservedPrefix}", which AWS reserves for its own tags; allowed: any other prefix` });
    }
    const badInKey = disallowedTagCharacters(key);
    if (badInKey.length > 0) {
        issues.push({ path: at, value, problem: `has a key with characters AWS does not allow in tags (${badInKey.map((c) => JSON.stringify(c)).join(", ")}); allowed: ${TAG_RULES.allowedCharacters}` });
    }
    const valueLength = [...value].length;
    if (valueLength > TAG_RULES.maxValueLength) {
        issues.push({ path: at, value, problem: `is ${valueLength} characters long; allowed: at most ${TAG_RULES.maxValueLength}` });
    }
    if (value.toLowerCase().startsWith(TAG_RULES.reservedPrefix)) {
        issues.push({ path: at, value, problem: `starts with "${TAG_RULES.reservedPrefix}", which AWS reserves for its own tags; allowed: any other prefix` });
    }
    const badInValue = disallowedTagCharacters(value);
    if (badInValue.length > 0) {
        issues.push({ path: at, value, problem: `has characters AWS does not allow in tags (${badInValue.map((c) => JSON.stringify(c)).join(", ")}); allowed: ${TAG_RULES.allowedCharacters}` });
    }
}

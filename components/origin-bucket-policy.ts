import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PARTITIONS, Partition } from "./cloudfront-facts";
import { PolicyStatement, ResolvedOriginGrant, buildBucketPolicy, buildKeyPolicy, buildKmsStatements } from "./origin-access-policy";
import { OriginBucketPolicySettings } from "./settings/origin-bucket-policy";
import { settingsIssues } from "./settings-validation";
import { componentType } from "./type-tokens";
import { Issue, checkS3BucketName, didYouMean, isPlainObject, parseArn, throwIfIssues } from "./validation";

export { OriginBucketPolicySettings };

/** What `createOriginAccessPolicies` writes, and for which bucket. */
export interface OriginAccessPolicyTarget {
    /** Prefix of the children's names: `${namePrefix}-policy` and `${namePrefix}-key-policy`. */
    readonly namePrefix: string;
    /** The bucket's name (the bucket policy's `bucket`). */
    readonly bucket: pulumi.Input<string>;
    /** The bucket's ARN, the resource of every statement. */
    readonly bucketArn: pulumi.Input<string>;
    /** The partition of the bucket and its key: the ARN of the account that administers the key. */
    readonly partition: pulumi.Input<Partition>;
    /** ID of a KMS key whose whole policy is written (a key the bucket created); none when absent. */
    readonly managedKeyId?: pulumi.Input<string>;
    /** What each front that signs needs from the bucket. */
    readonly grants: pulumi.Output<ResolvedOriginGrant[]>;
}

/** What `createOriginAccessPolicies` created. */
export interface OriginAccessPolicies {
    /** The bucket policy. */
    readonly bucketPolicy: aws.s3.BucketPolicy;
    /** The policy of the managed key, when there is one. */
    readonly keyPolicy?: aws.kms.KeyPolicy;
    /**
     * The key policy statements the distributions need on a key nobody here manages (JSON); `[]` when the
     * key's whole policy is written here.
     */
    readonly kmsPolicyStatements: pulumi.Output<string>;
}

/**
 * Creates the bucket policy that lets exactly the `grants` in (and denies requests without TLS 1.2 to
 * everyone), and, for a key the bucket created, that key's policy: the one place both
 * `PrivateOriginBucket.attachPolicy` and `OriginBucketPolicy` create them, so the two paths write
 * the same documents. Names, parent and options are the caller's (`opts`): attachPolicy keeps the
 * bucket's children as they always were, the component makes them its own.
 */
export function createOriginAccessPolicies(target: OriginAccessPolicyTarget, opts: pulumi.CustomResourceOptions): OriginAccessPolicies {
    const bucketPolicy = new aws.s3.BucketPolicy(
        `${target.namePrefix}-policy`,
        {
            bucket: target.bucket,
            policy: pulumi
                .all([target.bucketArn, target.grants])
                .apply(([bucketArn, resolved]) => JSON.stringify(buildBucketPolicy({ bucketArn, grants: resolved }))),
        },
        opts,
    );
    if (target.managedKeyId === undefined) {
        const kmsPolicyStatements = target.grants.apply((resolved) => JSON.stringify(buildKmsStatements(resolved) satisfies PolicyStatement[]));
        return { bucketPolicy, kmsPolicyStatements };
    }
    // The account of whoever deploys: the key is in it, and keeps full control over its key (without it
    // the key could become unmanageable).
    const account = aws.getCallerIdentityOutput({}, { parent: opts.parent }).accountId;
    const keyPolicy = new aws.kms.KeyPolicy(
        `${target.namePrefix}-key-policy`,
        {
            keyId: target.managedKeyId,
            policy: pulumi
                .all([target.partition, account, target.grants])
                .apply(([partition, accountId, resolved]) => JSON.stringify(buildKeyPolicy(partition, accountId, resolved))),
        },
        opts,
    );
    return { bucketPolicy, keyPolicy, kmsPolicyStatements: pulumi.output("[]") };
}

/** Arguments of `OriginBucketPolicy`: its settings, the bucket, and the fronts' grants. */
export interface OriginBucketPolicyArgs extends OriginBucketPolicySettings {
    /**
     * The bucket's name: `PrivateOriginBucket.bucketName`.
     * @example "acme-legacy-content"
     */
    readonly bucketName: pulumi.Input<string>;
    /**
     * The bucket's ARN: `PrivateOriginBucket.bucketArn`. Its partition is the policies' partition.
     * @example "arn:aws:s3:::acme-legacy-content"
     */
    readonly bucketArn: pulumi.Input<string>;
    /**
     * ID of the KMS key the bucket created: `PrivateOriginBucket.managedKmsKeyId`, set with
     * `encryption: "sse-kms"` and no `kmsKeyArn`. This component then writes that key's whole policy: the
     * account administers the key, the distributions may decrypt (and encrypt where they upload). Omit it
     * with SSE-S3, and with a key of your own (`kmsKeyArn`): add `kmsPolicyStatements` to that key's
     * policy yourself. Never pass a key whose policy anything else manages: its policy would be replaced.
     * @default none (no key policy is written)
     */
    readonly managedKmsKeyId?: pulumi.Input<string>;
    /**
     * What each front needs from the bucket: every front's `originGrant` (`LegacyTlsFront.originGrant`),
     * all fronts of the bucket in this one list (S3 keeps one policy per bucket). A front in mode
     * `presigned` or `unsigned` has no grant (CloudFront does not sign its origin requests); an absent
     * grant is skipped. `[]` when no front signs: the policy then only denies requests without TLS 1.2.
     * @example [front.originGrant]
     */
    readonly grants: pulumi.Input<ResolvedOriginGrant>[];
}

// An S3 bucket's ARN: no region, no account, the bucket's name as the resource.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies
const S3_BUCKET_ARN_FORM = "an S3 bucket ARN (arn:aws:s3:::BUCKET, or arn:aws-cn:s3:::BUCKET in China)";

// A distribution: no region, the account, `distribution/` and the ID CloudFront gave it (e.g. EDFDVBD632BHDS5).
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudfront.html#amazoncloudfront-resources-for-iam-policies
const DISTRIBUTION_RESOURCE = /^distribution\/[A-Z0-9]+$/;

// The IAM user an origin access identity acts as, the principal S3 sees (aws-cn only, where there is no OAC).
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html (origin access identities, the legacy way)
const ORIGIN_ACCESS_IDENTITY_RESOURCE = /^user\/CloudFront Origin Access Identity [A-Z0-9]+$/;

// A KMS key ID: a UUID, or "mrk-" and 32 hex digits for a multi-Region key (what PrivateOriginBucket publishes).
// https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-id
const KMS_KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The keys of a grant, as `LegacyTlsFront.originGrant` has them. */
const GRANT_KEYS = ["distributionArn", "originAccessIdentityArn", "list", "write"] as const;

/** True for a value not known while the program runs (checked once it resolves). */
function isUnknown(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** The partition of a well-formed S3 bucket ARN; `undefined` for anything else. */
function bucketArnPartition(value: string): Partition | undefined {
    const arn = parseArn(value);
    if (!arn || arn.service !== "s3" || arn.region !== "" || arn.account !== "" || !/^[a-z0-9.-]+$/.test(arn.resource)) return undefined;
    return (PARTITIONS as readonly string[]).includes(arn.partition) ? (arn.partition as Partition) : undefined;
}

/** The bucket and grants as far as they are known: outputs and promises are skipped, resolved values checked. */
interface OriginBucketPolicyValues {
    readonly bucketName: unknown;
    readonly bucketArn: unknown;
    readonly managedKmsKeyId: unknown;
    readonly grants: unknown;
}

// Every problem of the values known so far, each path starting with `prefix`. One rule set for both times a
// value can be checked: in the constructor (plain values) and once outputs resolve (see the constructor).
function valueIssues(values: OriginBucketPolicyValues, prefix: string): Issue[] {
    const issues: Issue[] = [];
    const at = (path: string): string => (prefix === "" ? path : `${prefix}.${path}`);
    const { bucketName, bucketArn, managedKmsKeyId, grants } = values;

    if (bucketName === undefined || bucketName === null) issues.push({ path: at("bucketName"), value: undefined, problem: "is required (PrivateOriginBucket.bucketName)" });
    else if (!isUnknown(bucketName)) checkS3BucketName(at("bucketName"), bucketName, issues);

    let partition: Partition | undefined;
    if (bucketArn === undefined || bucketArn === null) {
        issues.push({ path: at("bucketArn"), value: undefined, problem: "is required (PrivateOriginBucket.bucketArn)" });
    } else if (!isUnknown(bucketArn)) {
        partition = typeof bucketArn === "string" ? bucketArnPartition(bucketArn) : undefined;
        if (partition === undefined) {
            issues.push({ path: at("bucketArn"), value: bucketArn, problem: `is not ${S3_BUCKET_ARN_FORM}` });
        } else if (typeof bucketName === "string" && parseArn(bucketArn as string)!.resource !== bucketName) {
            issues.push({ path: at("bucketArn"), value: bucketArn, problem: `is not the ARN of bucketName ${JSON.stringify(bucketName)}; pass the name and ARN of the same bucket` });
        }
    }

    if (managedKmsKeyId !== undefined && managedKmsKeyId !== null) issues.push(...keyIdIssues(managedKmsKeyId, at("managedKmsKeyId")));

    if (grants === undefined || grants === null) {
        issues.push({ path: at("grants"), value: undefined, problem: "is required: every front's originGrant, or [] when no front signs (modes presigned, unsigned)" });
    } else if (!isUnknown(grants) && !Array.isArray(grants)) {
        issues.push({ path: at("grants"), value: grants, problem: "is not a list of the fronts' originGrant outputs" });
    } else if (Array.isArray(grants)) {
        grants.forEach((grant, i) => issues.push(...grantIssues(grant, at(`grants[${i}]`), partition)));
    }
    return issues;
}

// The managed key's ID, when known: what PrivateOriginBucket.managedKmsKeyId holds.
function keyIdIssues(value: unknown, path: string): Issue[] {
    if (isUnknown(value) || (typeof value === "string" && KMS_KEY_ID.test(value))) return [];
    return [{ path, value, problem: "is not a KMS key ID (a UUID, or mrk- and 32 hex digits for a multi-Region key): pass PrivateOriginBucket.managedKmsKeyId" }];
}

// One grant: a front's originGrant, naming a distribution in the bucket's partition. An absent grant (a
// front that does not sign) and values not known yet are skipped.
function grantIssues(grant: unknown, path: string, partition: Partition | undefined): Issue[] {
    if (grant === undefined || grant === null || isUnknown(grant)) return [];
    const form = "a front's originGrant ({ distributionArn, list, write, originAccessIdentityArn? })";
    if (!isPlainObject(grant)) return [{ path, value: grant, problem: `is not ${form}` }];
    const issues: Issue[] = [];
    for (const key of Object.keys(grant)) {
        if (!(GRANT_KEYS as readonly string[]).includes(key)) {
            issues.push({ path: `${path}.${key}`, value: grant[key], problem: `is not a known key${didYouMean(key, GRANT_KEYS)}; known keys: ${GRANT_KEYS.join(", ")}` });
        }
    }
    const { distributionArn, originAccessIdentityArn, list, write } = grant;
    if (!isUnknown(distributionArn)) {
        const arn = typeof distributionArn === "string" ? parseArn(distributionArn) : undefined;
        const expected = partition ?? "aws";
        if (!arn || arn.service !== "cloudfront" || arn.region !== "" || !/^\d{12}$/.test(arn.account) || !DISTRIBUTION_RESOURCE.test(arn.resource) || !(PARTITIONS as readonly string[]).includes(arn.partition)) {
            issues.push({ path: `${path}.distributionArn`, value: distributionArn, problem: `is not a CloudFront distribution ARN (arn:${expected}:cloudfront::ACCOUNT:distribution/ID)` });
        } else if (partition !== undefined && arn.partition !== partition) {
            issues.push({ path: `${path}.distributionArn`, value: distributionArn, problem: `is in partition ${arn.partition}, but the bucket is in ${partition}; allowed: arn:${partition}:cloudfront::...` });
        }
    }
    if (originAccessIdentityArn !== undefined && originAccessIdentityArn !== null && !isUnknown(originAccessIdentityArn)) {
        const arn = typeof originAccessIdentityArn === "string" ? parseArn(originAccessIdentityArn) : undefined;
        if (!arn || arn.service !== "iam" || arn.account !== "cloudfront" || !ORIGIN_ACCESS_IDENTITY_RESOURCE.test(arn.resource)) {
            issues.push({
                path: `${path}.originAccessIdentityArn`,
                value: originAccessIdentityArn,
                problem: "is not an origin access identity's IAM ARN (arn:aws-cn:iam::cloudfront:user/CloudFront Origin Access Identity ID)",
            });
        }
    }
    for (const [key, value] of [["list", list], ["write", write]] as const) {
        if (!isUnknown(value) && typeof value !== "boolean") issues.push({ path: `${path}.${key}`, value, problem: `${value === undefined ? "is required" : "is not a boolean"} (true | false)` });
    }
    return issues;
}

/** The bucket and grants once resolved, checked, with the partition and without absent grants. */
export interface ResolvedPolicyValues {
    readonly bucketArn: string;
    readonly partition: Partition;
    readonly grants: ResolvedOriginGrant[];
}

/**
 * Checks the bucket and grants once their outputs resolved, by the rules of
 * `validateOriginBucketPolicyArgs`, and throws a `ValidationError` naming `subject` and each input's
 * path; returns the bucket's ARN and partition and the grants without the absent ones.
 */
export function checkResolvedValues(subject: string, values: { bucketName: string; bucketArn: string; grants: (ResolvedOriginGrant | undefined | null)[] }): ResolvedPolicyValues {
    throwIfIssues(subject, valueIssues({ ...values, managedKmsKeyId: undefined }, ""));
    return {
        bucketArn: values.bucketArn,
        partition: bucketArnPartition(values.bucketArn)!,
        grants: values.grants.filter((g): g is ResolvedOriginGrant => g !== undefined && g !== null),
    };
}

/**
 * Checks the managed key's ID once it resolved; throws a `ValidationError` naming `subject` when it is empty
 * (the output of a bucket that manages no key) or not a key ID.
 */
export function checkResolvedKeyId(subject: string, keyId: string | undefined | null): string {
    if (keyId === undefined || keyId === null || keyId === "") {
        throwIfIssues(subject, [{ path: "managedKmsKeyId", value: keyId ?? undefined, problem: "is empty: the bucket manages no KMS key (SSE-S3, or its own kmsKeyArn); omit managedKmsKeyId" }]);
    }
    throwIfIssues(subject, keyIdIssues(keyId, "managedKmsKeyId"));
    return keyId!;
}

/**
 * Checks the arguments of an `OriginBucketPolicy` and returns every problem found: the settings
 * against their schema, then the bucket (an S3 bucket name and the ARN of that bucket), the managed key's ID
 * and each grant (a distribution ARN in the bucket's partition). Values not known yet (outputs) are
 * skipped here; the component checks them again once they resolve.
 */
export function validateOriginBucketPolicyArgs(args: OriginBucketPolicyArgs, prefix = ""): Issue[] {
    const { bucketName, bucketArn, managedKmsKeyId, grants, ...settings } = args;
    return [...settingsIssues("OriginBucketPolicySettings", settings, prefix), ...valueIssues({ bucketName, bucketArn, managedKmsKeyId, grants }, prefix)];
}

/**
 * The bucket policy of a private origin bucket (and the policy of the KMS key it created), from plain
 * values: what `PrivateOriginBucket.attachPolicy(fronts)` creates, as a component, so programs in every
 * Pulumi language can create it (a component package publishes no methods). Pass the bucket's outputs and
 * every front's `originGrant`; the policy denies requests without TLS 1.2 to everyone and lets each
 * distribution do exactly what its front needs, scoped by `AWS:SourceArn`.
 *
 * Its policies are its own children (`${name}-policy`, `${name}-key-policy`): a program in another language
 * owns the component, not the bucket, so the URNs differ from those attachPolicy gives the same resources
 * under the bucket. A TypeScript program keeps calling attachPolicy. Do not move a deployed stack from one
 * to the other without aliases on the children: S3 keeps one policy per bucket, and deleting the old
 * resource (when it is not retained) would remove the policy the new one wrote. Like the bucket's other
 * hardening, the policies are retained on
 * delete whenever the bucket may outlive a destroy (`bucketMayOutliveDestroy`, default `true`); they are not
 * protected themselves, as attachPolicy's are not: the bucket's protection is what stops a destroy.
 * Call it once per bucket, with every front.
 *
 * @example
 * const content = new PrivateOriginBucket("content", { protect: true });
 * const front = new LegacyTlsFront("front", { origin: content, mode: "signed" });
 * new OriginBucketPolicy("content-policy", { bucketName: content.bucketName, bucketArn: content.bucketArn, grants: [front.originGrant!] });
 */
export class OriginBucketPolicy extends pulumi.ComponentResource {
    /** The bucket policy as written (JSON). */
    public readonly bucketPolicy: pulumi.Output<string>;
    /**
     * With a KMS key of your own (the bucket's `kmsKeyArn`): the key policy statements to add to it so the
     * distributions can use it (JSON). `[]` when `managedKmsKeyId` is given (this component writes that
     * key's policy) and when no front signs.
     */
    public readonly kmsPolicyStatements: pulumi.Output<string>;

    constructor(name: string, args: OriginBucketPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad arguments leave no half-made component behind.
        const subject = `OriginBucketPolicy "${name}"`;
        throwIfIssues(subject, validateOriginBucketPolicyArgs(args));
        super(componentType("OriginBucketPolicy"), name, {}, opts);

        // What was an output is checked once it resolves, by the same rules: a wrong ARN fails the deployment
        // with the input's path instead of writing a policy that admits no one.
        const resolved = pulumi
            .all([args.bucketName, args.bucketArn, pulumi.all(args.grants)])
            .apply(([bucketName, bucketArn, grants]) => checkResolvedValues(subject, { bucketName, bucketArn, grants }));
        const managedKeyId =
            args.managedKmsKeyId === undefined || args.managedKmsKeyId === null
                ? undefined
                : pulumi.output(args.managedKmsKeyId).apply((keyId) => checkResolvedKeyId(subject, keyId));

        const policies = createOriginAccessPolicies(
            {
                namePrefix: name,
                bucket: args.bucketName,
                bucketArn: resolved.bucketArn,
                partition: resolved.partition,
                managedKeyId,
                grants: resolved.grants,
            },
            // Retained when the bucket can outlive the destroy, as PrivateOriginBucket keeps its own hardening.
            { parent: this, retainOnDelete: args.bucketMayOutliveDestroy ?? true },
        );

        this.bucketPolicy = policies.bucketPolicy.policy;
        this.kmsPolicyStatements = policies.kmsPolicyStatements;
        this.registerOutputs({ bucketPolicy: this.bucketPolicy, kmsPolicyStatements: this.kmsPolicyStatements });
    }
}

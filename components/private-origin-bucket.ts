import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { blockPublicAccess } from "./bucket-hardening";
import { PARTITIONS, Partition } from "./cloudfront-facts";
import { ResolvedOriginGrant } from "./origin-access-policy";
import { createOriginAccessPolicies } from "./origin-bucket-policy";
import {
    BucketAccessLogging,
    BucketEncryption,
    NoncurrentStorageClass,
    NoncurrentVersionTransition,
    PrivateOriginBucketSettings,
} from "./settings/private-origin-bucket";
import { settingsIssues } from "./settings-validation";
import { ComponentState, componentType, withFormerType } from "./type-tokens";

export { BucketAccessLogging, BucketEncryption, NoncurrentStorageClass, NoncurrentVersionTransition, PrivateOriginBucketSettings };
import { Issue, checkOneOf, checkS3BucketName, isPlainObject, parseArn, throwIfIssues } from "./validation";

/** Arguments of `PrivateOriginBucket`: its settings, and what the program around it decides. */
export interface PrivateOriginBucketArgs extends PrivateOriginBucketSettings {
    /**
     * The AWS partition; decides the ARN prefix and whether CloudFront can use origin access control.
     * A stack derives it from `aws:region`.
     * @default "aws"
     */
    readonly partition?: Partition;
    /**
     * Tags for every taggable child resource.
     * @default {}
     */
    readonly tags?: Record<string, string>;
}

/** How a bucket is handled on `pulumi destroy`, as `bucketMayOutliveDestroy` weighs it. */
export interface BucketDestroyPath {
    /** The bucket is protected and retained on delete. */
    readonly protect?: boolean;
    /** `pulumi destroy` empties the bucket before deleting it. */
    readonly forceDestroy?: boolean;
    /** The bucket was adopted (read, never deleted by the stack). */
    readonly adopted?: boolean;
}

/**
 * Whether a bucket can still exist after `pulumi destroy`: it is retained (`protect`), adopted (never
 * deleted), or S3 may refuse to delete it because it still holds objects or versions (without
 * `forceDestroy`; a versioned bucket that was ever written to almost always does). Then everything that
 * keeps it private must outlive the destroy too: Pulumi deletes a bucket's settings before the bucket
 * (dependents first), so without `retainOnDelete` a bucket that stays would be left with its public
 * access block, TLS-only policy, encryption default and lifecycle removed and versioning suspended.
 * When the bucket is deleted, its retained settings vanish with it: they are attributes of the bucket,
 * nothing is left behind.
 * @see https://www.pulumi.com/docs/iac/concepts/options/retainondelete/
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html (all objects, versions and delete markers must be deleted first)
 */
export function bucketMayOutliveDestroy(path: BucketDestroyPath): boolean {
    return path.protect === true || path.adopted === true || path.forceDestroy !== true;
}

/**
 * What one front needs from the bucket, as the front publishes it. `undefined` when CloudFront does
 * not sign its origin requests (the front's `unsigned` and `presigned` modes): then S3 checks the
 * viewer's own signature and the bucket grants CloudFront nothing.
 */
export interface OriginAccessGrantSource {
    readonly originGrant?: pulumi.Output<ResolvedOriginGrant>;
}

// A KMS key (not an alias) by its ID: a UUID, or "mrk-" and 32 hex digits for a multi-Region key.
// S3 takes the key ARN; an alias would resolve in the account of whoever writes, not the bucket's.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_SSEKMSEncryption.html (KMSKeyArn pattern)
// https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
const KMS_KEY_RESOURCE = /^key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Checks an existing KMS key: a key ARN in the bucket's partition and, when the bucket's region is
 * known, in that region. S3 uses only a key of the bucket's own region, and PutBucketEncryption does
 * not check the key, so a wrong one would only fail the first upload.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html ("Amazon S3 does not validate the KMS key ID")
 */
function checkKmsKeyArn(path: string, value: string, partition: string, region: string | undefined, issues: Issue[]): void {
    const arn = parseArn(value);
    if (!arn || arn.service !== "kms" || !/^\d{12}$/.test(arn.account) || arn.region === "" || !KMS_KEY_RESOURCE.test(arn.resource)) {
        issues.push({
            path,
            value,
            problem: `is not a KMS key ARN (arn:${partition}:kms:REGION:ACCOUNT:key/KEY-ID; S3 needs the key itself, not an alias)`,
        });
        return;
    }
    if (arn.partition !== partition) {
        issues.push({ path, value, problem: `is in partition ${arn.partition}, but the bucket is in ${partition}; allowed: arn:${partition}:kms:...` });
    } else if (region !== undefined && arn.region !== region) {
        issues.push({
            path,
            value,
            problem:
                `is in ${arn.region}, but the bucket is in ${region}; allowed: a key in ${region} ` +
                "(S3 only uses a key of the bucket's region, and does not check it until objects are written)",
        });
    }
}

/**
 * Checks the arguments of a `PrivateOriginBucket` and returns every problem found: the settings
 * against their schema (types, allowed values, ranges, unknown keys), then the rules that tie settings
 * together. `region` is the bucket's region when the caller knows it (the stack config does), so an
 * existing KMS key in another region is caught before deploying. Values that are not known yet
 * (outputs) are skipped.
 */
export function validatePrivateOriginBucketArgs(args: PrivateOriginBucketArgs, region?: string, prefix = ""): Issue[] {
    const { partition, tags, ...settings } = args;
    const issues = settingsIssues("PrivateOriginBucketSettings", settings, prefix);
    const at = (path: string): string => (prefix === "" ? path : `${prefix}.${path}`);
    const partitionOk = partition === undefined || checkOneOf("partition", partition, PARTITIONS, issues);
    if (args.existingBucketName !== undefined && args.bucketName !== undefined) {
        issues.push({
            path: at("bucketName"),
            value: args.bucketName,
            problem: "cannot be combined with existingBucketName (adopt a bucket or create one, not both)",
        });
    }
    // S3's naming rules, so a name S3 would refuse fails here and not halfway through `pulumi up`.
    for (const [path, name] of [
        ["bucketName", args.bucketName],
        ["existingBucketName", args.existingBucketName],
        ["accessLogging.targetBucket", args.accessLogging?.targetBucket],
    ] as const) {
        if (typeof name === "string") checkS3BucketName(at(path), name, issues);
    }
    if (args.kmsKeyArn !== undefined && args.encryption !== BucketEncryption.SseKms) {
        issues.push({ path: at("kmsKeyArn"), value: args.kmsKeyArn, problem: 'is only used with encryption "sse-kms"' });
    }
    if (typeof args.kmsKeyArn === "string" && partitionOk) checkKmsKeyArn(at("kmsKeyArn"), args.kmsKeyArn, partition ?? "aws", region, issues);
    const expiry = typeof args.noncurrentVersionExpirationDays === "number" ? args.noncurrentVersionExpirationDays : 90;
    (Array.isArray(args.noncurrentVersionTransitions) ? args.noncurrentVersionTransitions : []).forEach((t, i) => {
        if (!isPlainObject(t) || typeof t.days !== "number") return;
        const path = at(`noncurrentVersionTransitions[${i}].days`);
        // S3 refuses transitions to the infrequent-access classes before an object is 30 days old.
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
        const infrequent = t.storageClass === NoncurrentStorageClass.StandardIa || t.storageClass === NoncurrentStorageClass.OnezoneIa;
        if (infrequent && t.days < 30) {
            issues.push({ path, value: t.days, problem: "is not a whole number from 30 to 36500" });
        } else if (expiry > 0 && t.days >= expiry) {
            issues.push({ path, value: t.days, problem: `must be less than noncurrentVersionExpirationDays (${expiry}), or the version expires first` });
        }
    });
    if (args.forceDestroy === true && args.protect !== false) {
        issues.push({ path: at("forceDestroy"), value: true, problem: "is only allowed with protect: false (a protected bucket keeps its data on destroy)" });
    }
    if (args.forceDestroy === true && args.existingBucketName !== undefined) {
        issues.push({ path: at("forceDestroy"), value: true, problem: "does not apply to an adopted bucket (existingBucketName), which is never deleted" });
    }
    return issues;
}

/** What a `PrivateOriginBucket` keeps for its own code. */
interface PrivateOriginBucketState {
    readonly resourceName: string;
    readonly partition: Partition;
    readonly childOptions: pulumi.CustomResourceOptions;
    managedKey?: aws.kms.Key;
    bucket?: aws.s3.Bucket;
}
const bucketState = new ComponentState<PrivateOriginBucket, PrivateOriginBucketState>();

/**
 * A private S3 bucket that only its CloudFront distributions can read: all four Block Public Access
 * settings, `BucketOwnerEnforced` ownership (no ACLs), default encryption, versioning with a lifecycle
 * for old versions, and a bucket policy that denies non-TLS and pre-TLS-1.2 requests and allows
 * CloudFront only for the distributions that front it.
 *
 * The bucket policy names the distributions, and the distributions need the bucket's domain name, so
 * the policy comes last: create the bucket, then the fronts, then call `attachPolicy` once. From
 * other languages, where a component has no methods, an `OriginBucketPolicy` creates the same policies.
 *
 * @example
 * const content = new PrivateOriginBucket("content", { protect: true });
 * const front = new LegacyTlsFront("front", { origin: content, mode: "signed" });
 * content.attachPolicy([front]);
 */
export class PrivateOriginBucket extends pulumi.ComponentResource {
    /** The bucket's name. */
    public readonly bucketName: pulumi.Output<string>;
    /** The bucket's ARN. */
    public readonly bucketArn: pulumi.Output<string>;
    /** The bucket's REST endpoint in its region (`BUCKET.s3.REGION.amazonaws.com`), the origin for CloudFront. */
    public readonly regionalDomainName: pulumi.Output<string>;
    /** ARN of the KMS key that encrypts objects, when `encryption` is `sse-kms`. */
    public readonly kmsKeyArn: pulumi.Output<string | undefined>;
    /**
     * ID of the KMS key this component created (`encryption: "sse-kms"` without `kmsKeyArn`), whose policy
     * the bucket's policy component writes: pass it to `OriginBucketPolicy` as `managedKmsKeyId`. Absent
     * with SSE-S3 and with an existing key.
     */
    public readonly managedKmsKeyId: pulumi.Output<string | undefined>;
    /**
     * With an existing KMS key: the key policy statements to add so the distributions can use it
     * (JSON). Empty until `attachPolicy` is called, and when this component manages the key.
     */
    public kmsPolicyStatements: pulumi.Output<string>;
    /** The bucket policy, once `attachPolicy` has been called. */
    public policy?: aws.s3.BucketPolicy;

    // What only this component's code reads (see ComponentState: no properties but outputs).
    private get partition(): Partition {
        return bucketState.of(this).partition;
    }
    private get bucket(): aws.s3.Bucket {
        return bucketState.of(this).bucket!;
    }
    private get managedKey(): aws.kms.Key | undefined {
        return bucketState.of(this).managedKey;
    }
    private get childOptions(): pulumi.CustomResourceOptions {
        return bucketState.of(this).childOptions;
    }
    private get resourceName(): string {
        return bucketState.of(this).resourceName;
    }

    constructor(name: string, args: PrivateOriginBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad arguments leave no half-made component behind.
        throwIfIssues(`PrivateOriginBucket "${name}"`, validatePrivateOriginBucketArgs(args));
        super(componentType("PrivateOriginBucket"), name, {}, withFormerType("legacytls:s3:PrivateOriginBucket", opts));

        const protect = args.protect ?? true;
        const adopted = args.existingBucketName !== undefined;
        const state = bucketState.init(this, {
            resourceName: name,
            partition: args.partition ?? "aws",
            // Settings that keep data safe outlive the stack together with the bucket they belong to, whenever
            // the bucket can outlive it (see bucketMayOutliveDestroy).
            childOptions: { parent: this, retainOnDelete: bucketMayOutliveDestroy({ protect, forceDestroy: args.forceDestroy, adopted }) },
        });
        const tags = args.tags ?? {};

        // The key first: the bucket depends on it, so a destroy deletes the key only after the bucket.
        state.managedKey = this.createKeyIfNeeded(args, protect, tags);
        state.bucket = this.createOrAdoptBucket(args, protect, tags, this.managedKey);
        blockPublicAccess(this.resourceName, this.bucket.id, "BucketOwnerEnforced", this.childOptions);
        const keyArn = args.encryption === "sse-kms" ? pulumi.output(args.kmsKeyArn ?? this.managedKey!.arn) : undefined;
        this.encryptByDefault(keyArn);
        const versioning = this.enableVersioning();
        this.expireOldVersions(args, versioning);
        if (args.accessLogging) this.logAccess(args.accessLogging);

        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.regionalDomainName = this.bucket.bucketRegionalDomainName;
        this.kmsKeyArn = keyArn ?? pulumi.output(undefined);
        this.managedKmsKeyId = this.managedKey ? this.managedKey.keyId : pulumi.output(undefined);
        this.kmsPolicyStatements = pulumi.output("[]");
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            regionalDomainName: this.regionalDomainName,
            kmsKeyArn: this.kmsKeyArn,
            managedKmsKeyId: this.managedKmsKeyId,
        });
    }

    /**
     * Creates the bucket policy (and, for a key this component created, the key policy) that lets
     * exactly these fronts in. Call it once, after the fronts exist; with no fronts that sign, the
     * policy still denies non-TLS and old-TLS requests. The policies are this bucket's children;
     * `OriginBucketPolicy` creates the same ones (through the same function) as its own.
     */
    public attachPolicy(fronts: readonly OriginAccessGrantSource[]): aws.s3.BucketPolicy {
        if (this.policy) {
            throw new Error(
                `PrivateOriginBucket "${this.resourceName}": attachPolicy was already called; ` +
                    "pass every front in one call (S3 keeps one policy per bucket)",
            );
        }
        const grants = pulumi
            .all(fronts.flatMap((f) => (f.originGrant ? [f.originGrant] : [])))
            .apply((g) => g as ResolvedOriginGrant[]);
        // The same resources OriginBucketPolicy creates, as the bucket's own children (their URNs since 0.1).
        const policies = createOriginAccessPolicies(
            {
                namePrefix: this.resourceName,
                bucket: this.bucket.id,
                bucketArn: this.bucket.arn,
                partition: this.partition,
                managedKeyId: this.managedKey?.keyId,
                grants,
            },
            this.childOptions,
        );
        this.policy = policies.bucketPolicy;
        this.kmsPolicyStatements = policies.kmsPolicyStatements;
        return this.policy;
    }

    private createOrAdoptBucket(args: PrivateOriginBucketArgs, protect: boolean, tags: Record<string, string>, key: aws.kms.Key | undefined): aws.s3.Bucket {
        if (args.existingBucketName) {
            // Read, not imported: the bucket stays outside Pulumi's lifecycle, so no destroy can reach it.
            return aws.s3.Bucket.get(`${this.resourceName}-bucket`, args.existingBucketName, undefined, { parent: this });
        }
        return new aws.s3.Bucket(
            `${this.resourceName}-bucket`,
            {
                bucket: args.bucketName,
                forceDestroy: args.forceDestroy ?? false,
                tags,
            },
            // On the key it encrypts with: Pulumi deletes a resource only after everything that depends on
            // it, and a failed delete stops the destroy before it reaches what the failed resource depends
            // on (with --continue-on-error too). So the key is scheduled for deletion only once the bucket
            // is gone, never while a bucket S3 refused to delete still holds objects encrypted with it.
            // https://www.pulumi.com/docs/iac/concepts/options/dependson/
            // https://github.com/pulumi/pulumi/pull/15727 (continue-on-error keeps the dependencies of a failed delete)
            { parent: this, protect, retainOnDelete: protect, dependsOn: key ? [key] : [] },
        );
    }

    private createKeyIfNeeded(args: PrivateOriginBucketArgs, protect: boolean, tags: Record<string, string>): aws.kms.Key | undefined {
        if (args.encryption !== "sse-kms" || args.kmsKeyArn !== undefined) return undefined;
        // The key starts with AWS's default policy (the account administers it); attachPolicy replaces
        // it with a separate KeyPolicy resource, which is what breaks the cycle key -> bucket ->
        // distribution -> key policy.
        // Retained with a bucket that is never deleted (protected, or adopted: a read bucket has no delete
        // for the key to wait on, and deleting the key would make its objects unreadable); otherwise the
        // bucket's dependency on the key orders the destroy (see createOrAdoptBucket).
        const retain = protect || args.existingBucketName !== undefined;
        return new aws.kms.Key(
            `${this.resourceName}-key`,
            {
                description: `Encrypts objects of the private origin bucket ${this.resourceName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags,
            },
            { parent: this, protect, retainOnDelete: retain },
        );
    }

    private encryptByDefault(keyArn: pulumi.Output<string> | undefined): void {
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${this.resourceName}-encryption`,
            {
                bucket: this.bucket.id,
                rules: [
                    keyArn
                        ? {
                              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
                              // One data key per bucket instead of per object: far fewer KMS calls.
                              bucketKeyEnabled: true,
                          }
                        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ],
            },
            this.childOptions,
        );
    }

    private enableVersioning(): aws.s3.BucketVersioning {
        return new aws.s3.BucketVersioning(
            `${this.resourceName}-versioning`,
            { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } },
            this.childOptions,
        );
    }

    private expireOldVersions(args: PrivateOriginBucketArgs, versioning: aws.s3.BucketVersioning): void {
        const expirationDays = args.noncurrentVersionExpirationDays ?? 90;
        new aws.s3.BucketLifecycleConfiguration(
            `${this.resourceName}-lifecycle`,
            {
                bucket: this.bucket.id,
                rules: [
                    {
                        id: "noncurrent-versions",
                        status: "Enabled",
                        // The whole bucket. An empty filter makes the AWS provider warn ("Invalid Attribute
                        // Combination ... will be an error in a future version"); an empty prefix is the
                        // same rule to S3 and the form the provider accepts without a warning.
                        // https://github.com/hashicorp/terraform-provider-aws/issues/42714
                        // https://github.com/hashicorp/terraform-provider-aws/issues/42112
                        filter: { prefix: "" },
                        noncurrentVersionTransitions: (args.noncurrentVersionTransitions ?? []).map((t) => ({
                            noncurrentDays: t.days,
                            storageClass: t.storageClass,
                        })),
                        noncurrentVersionExpiration:
                            expirationDays > 0 ? { noncurrentDays: expirationDays } : undefined,
                        abortIncompleteMultipartUpload: {
                            daysAfterInitiation: args.abortIncompleteMultipartUploadDays ?? 7,
                        },
                    },
                ],
            },
            // Lifecycle rules on noncurrent versions need versioning to be on first.
            { ...this.childOptions, dependsOn: [versioning] },
        );
    }

    private logAccess(logging: BucketAccessLogging): void {
        new aws.s3.BucketLogging(
            `${this.resourceName}-access-logging`,
            {
                bucket: this.bucket.id,
                targetBucket: logging.targetBucket,
                targetPrefix: logging.targetPrefix ?? "s3-access/",
            },
            this.childOptions,
        );
    }
}

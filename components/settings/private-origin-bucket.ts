/**
 * The settings of a PrivateOriginBucket, declared once: the TypeScript types and their TSDoc are the
 * source of the settings schema (`npm run generate`), the stack file's `bucket` section, the config
 * reference and the schema other languages see. Plain declarations only: nothing here creates resources.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Server-side encryption of the bucket's objects. */
export const BucketEncryption = {
    /** S3-managed keys (SSE-S3, AES256). */
    SseS3: "sse-s3",
    /** A KMS key (SSE-KMS): a new one with rotation, or `kmsKeyArn`. */
    SseKms: "sse-kms",
} as const;
/** Server-side encryption of the bucket's objects. */
export type BucketEncryption = (typeof BucketEncryption)[keyof typeof BucketEncryption];

/**
 * Storage classes a noncurrent object version can move to.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
export const NoncurrentStorageClass = {
    StandardIa: "STANDARD_IA",
    OnezoneIa: "ONEZONE_IA",
    IntelligentTiering: "INTELLIGENT_TIERING",
    GlacierIr: "GLACIER_IR",
    Glacier: "GLACIER",
    DeepArchive: "DEEP_ARCHIVE",
} as const;
/** A storage class for noncurrent versions. */
export type NoncurrentStorageClass = (typeof NoncurrentStorageClass)[keyof typeof NoncurrentStorageClass];

/** Moves noncurrent object versions to a cheaper storage class after some days. */
export interface NoncurrentVersionTransition {
    /**
     * Days after an object version becomes noncurrent; at least 30 for `STANDARD_IA` and `ONEZONE_IA`,
     * and less than `noncurrentVersionExpirationDays` when that is not 0.
     * @asType integer
     * @minimum 1
     * @maximum 36500
     */
    readonly days: number;
    /** Target storage class. */
    readonly storageClass: NoncurrentStorageClass;
}

/** Where S3 server access logs go. */
export interface BucketAccessLogging {
    /** Name of the bucket that receives the logs (it must allow the S3 logging service to write). */
    readonly targetBucket: pulumi.Input<string>;
    /**
     * Key prefix of the log objects.
     * @default "s3-access/"
     */
    readonly targetPrefix?: string;
}

/**
 * The settings of a `PrivateOriginBucket`: what a stack file's `bucket` section (or a program in
 * any language) sets.
 */
export interface PrivateOriginBucketSettings {
    /**
     * Adopt this existing bucket instead of creating one. The bucket itself is only read (never
     * replaced or deleted); its public access block, ownership, encryption, versioning, lifecycle and
     * policy are set by this component and replace what the bucket had, and they stay on
     * `pulumi destroy` with the bucket (as does a KMS key created for it).
     * @example "acme-legacy-content"
     */
    readonly existingBucketName?: string;
    /**
     * Name of the bucket to create. Omit to let Pulumi add a random suffix to the resource name.
     * @default auto-named
     */
    readonly bucketName?: string;
    /**
     * Default encryption of new objects.
     * @default "sse-s3"
     */
    readonly encryption?: BucketEncryption;
    /**
     * With `sse-kms`: an existing key to use. Its key policy is not changed; add the statements in
     * `PrivateOriginBucket.kmsPolicyStatements` to it. Omit to create a key with rotation whose
     * policy this component manages.
     * @default a new key
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * Days a replaced or deleted object version is kept. `0` keeps them forever.
     * @asType integer
     * @minimum 0
     * @maximum 36500
     * @default 90
     */
    readonly noncurrentVersionExpirationDays?: number;
    /**
     * Transitions of noncurrent versions to cheaper storage.
     * @default []
     * @example [{ days: 30, storageClass: "STANDARD_IA" }]
     */
    readonly noncurrentVersionTransitions?: NoncurrentVersionTransition[];
    /**
     * Days after which incomplete multipart uploads are aborted (they are billed while they linger).
     * @asType integer
     * @minimum 1
     * @maximum 365
     * @default 7
     */
    readonly abortIncompleteMultipartUploadDays?: number;
    /**
     * S3 server access logging.
     * @default off
     */
    readonly accessLogging?: BucketAccessLogging;
    /**
     * Protect the bucket (and its KMS key) from `pulumi destroy` and keep them in AWS when they leave
     * the program. Turn off only for throwaway stacks. The bucket's hardening (public access block,
     * ownership, policy, versioning, encryption, lifecycle) is kept with it whenever the bucket can
     * outlive a destroy: protected, adopted, or without `forceDestroy` (see `bucketMayOutliveDestroy`).
     * @default true
     * @stackDefault `true` in prod (where `false` is an error), `false` elsewhere
     */
    readonly protect?: boolean;
    /**
     * Let `pulumi destroy` delete a bucket that still holds objects. Only allowed with `protect: false`.
     * Without it, S3 refuses to delete a bucket that is not empty, and the bucket keeps its hardening;
     * with it, the bucket and its settings go together. A created KMS key is deleted only after the bucket.
     * @default false
     * @stackDefault `false`; `true` is an error in prod
     */
    readonly forceDestroy?: boolean;
}


/**
 * The settings of an OriginBucketPolicy, declared once: the TypeScript types and their TSDoc are the source
 * of the settings schema (`npm run generate`) and of the schema other languages see. Plain declarations
 * only: nothing here creates resources.
 */

/**
 * The settings of an `OriginBucketPolicy`: what a program in any language sets with plain values, next
 * to the bucket and the fronts' grants it passes.
 */
export interface OriginBucketPolicySettings {
    /**
     * Whether the bucket can still exist after `pulumi destroy`, as `PrivateOriginBucket` weighs it: it
     * is protected (`protect`, the default), adopted (`existingBucketName`), or S3 refuses to delete it
     * because it still holds objects (no `forceDestroy`). Then the bucket policy (and the key policy)
     * are retained on delete, as the bucket keeps the rest of its hardening: a bucket that outlives the
     * stack stays TLS-only and closed to everyone but its distributions. Set `false` only for a bucket
     * made with `protect: false` and `forceDestroy: true`, whose policies go with it.
     * @default true
     */
    readonly bucketMayOutliveDestroy?: boolean;
}

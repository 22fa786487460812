import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Who owns the objects of a bucket, and so whether ACLs work (S3's `ObjectOwnership`). */
export type ObjectOwnership = "BucketOwnerEnforced" | "BucketOwnerPreferred";

/**
 * Makes a bucket private the one way every bucket of this package is: all four Block Public Access
 * settings on, and the given object ownership (`BucketOwnerEnforced`, no ACLs, unless a writer such as
 * CloudFront's legacy log delivery needs them). Children are named `${prefix}-public-access` and
 * `${prefix}-ownership`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 */
export function blockPublicAccess(
    prefix: string,
    bucket: pulumi.Input<string>,
    objectOwnership: ObjectOwnership,
    opts: pulumi.CustomResourceOptions,
): { publicAccess: aws.s3.BucketPublicAccessBlock; ownership: aws.s3.BucketOwnershipControls } {
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${prefix}-public-access`,
        { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    const ownership = new aws.s3.BucketOwnershipControls(`${prefix}-ownership`, { bucket, rule: { objectOwnership } }, opts);
    return { publicAccess, ownership };
}

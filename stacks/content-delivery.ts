/**
 * The composition every stack runs: a private origin bucket, the legacy TLS front before it, and the
 * bucket policy that lets exactly that front in.
 */
import * as pulumi from "@pulumi/pulumi";
import { LegacyTlsFront, PrivateOriginBucket } from "../components";
import { StackConfig, bucketArgs, frontArgs } from "./config";

/** The stack outputs a user needs (URLs, IDs); nothing else is exported. */
export interface ContentDeliveryOutputs {
    /** The first URL viewers use. */
    url: pulumi.Output<string>;
    /** Every URL viewers can use (one per custom domain, or the CloudFront name). */
    urls: pulumi.Output<string[]>;
    /** CloudFront distribution ID (for invalidations). */
    distributionId: pulumi.Output<string>;
    /** Distribution ARN, the `AWS:SourceArn` the bucket policy trusts. */
    distributionArn: pulumi.Output<string>;
    /** The distribution's `*.cloudfront.net` name (the alias target). */
    distributionDomainName: pulumi.Output<string>;
    /** The private origin bucket (upload content here). */
    bucketName: pulumi.Output<string>;
    /** Origin access control ID; `undefined` in aws-cn (origin access identity). */
    originAccessControlId: pulumi.Output<string | undefined>;
    /** The viewer security policy CloudFront applies. */
    securityPolicy: string;
    /** The front's mode. */
    mode: string;
    /**
     * With an existing KMS key (`bucket.kmsKeyArn`): the key policy statements its administrators must
     * add so the distribution can decrypt (this program never edits a key it does not own).
     */
    kmsKeyPolicyStatementsToAdd?: pulumi.Output<string>;
}

/** Creates the stack's resources from its typed config. */
export function createContentDelivery(config: StackConfig): ContentDeliveryOutputs {
    const content = new PrivateOriginBucket("content", bucketArgs(config));
    const front = new LegacyTlsFront("front", frontArgs(config, content));
    content.attachPolicy([front]);
    return {
        url: front.urls.apply((urls) => urls[0]),
        urls: front.urls,
        distributionId: front.distributionId,
        distributionArn: front.distributionArn,
        distributionDomainName: front.domainName,
        bucketName: content.bucketName,
        originAccessControlId: front.originAccessControlId,
        securityPolicy: front.securityPolicy,
        mode: config.content.mode,
        ...(config.bucket.kmsKeyArn ? { kmsKeyPolicyStatementsToAdd: content.kmsPolicyStatements } : {}),
    };
}

/**
 * The bucket policy and KMS key policy statements of a private origin bucket, built as plain JSON from
 * resolved values. Pure: the tests compare the documents statement by statement.
 */
import { CLOUDFRONT_SERVICE_PRINCIPAL, Partition } from "./cloudfront-facts";

/** An IAM policy statement, in the JSON shape S3 and KMS take. */
export interface PolicyStatement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal: "*" | { Service: string } | { AWS: string | string[] };
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/**
 * What one distribution may do in the bucket, with values already resolved. CloudFront is identified
 * either by the distribution ARN (origin access control: the service principal, scoped by
 * `AWS:SourceArn`) or by an origin access identity's IAM ARN (the `aws-cn` partition).
 */
export interface ResolvedOriginGrant {
    /** `arn:…:cloudfront::ACCOUNT:distribution/ID`; required with origin access control. */
    readonly distributionArn: string;
    /** IAM ARN of the origin access identity; set only where OAC does not exist. */
    readonly originAccessIdentityArn?: string;
    /** `s3:ListBucket`, so a missing key answers 404 rather than 403. */
    readonly list: boolean;
    /** `s3:PutObject`, for uploads through the distribution. */
    readonly write: boolean;
}

/** Resolved inputs of `buildBucketPolicy`. */
export interface BucketPolicyInput {
    readonly bucketArn: string;
    readonly grants: readonly ResolvedOriginGrant[];
}

/** Sids of the statements, stable so reviews and policy checks can find them. */
export const BucketPolicySid = {
    denyInsecureTransport: "DenyInsecureTransport",
    denyOutdatedTls: "DenyTlsBelow1_2",
    read: "AllowCloudFrontRead",
    list: "AllowCloudFrontList",
    write: "AllowCloudFrontWrite",
} as const;

/**
 * The bucket policy: deny anything without TLS or with TLS below 1.2, then allow each distribution
 * exactly the actions its front needs, and nothing to anyone else.
 */
export function buildBucketPolicy(input: BucketPolicyInput): PolicyDocument {
    const objects = `${input.bucketArn}/*`;
    const everything = [input.bucketArn, objects];
    const statements: PolicyStatement[] = [
        {
            Sid: BucketPolicySid.denyInsecureTransport,
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: everything,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            // CloudFront and current SDKs speak TLS 1.2+ to S3; this closes the door on anything older
            // that reaches the bucket directly (S3 itself may still negotiate it in some regions).
            Sid: BucketPolicySid.denyOutdatedTls,
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: everything,
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
    ];
    statements.push(...grantStatements(BucketPolicySid.read, "s3:GetObject", objects, input.grants));
    statements.push(
        ...grantStatements(BucketPolicySid.list, "s3:ListBucket", input.bucketArn, input.grants.filter((g) => g.list)),
    );
    statements.push(
        ...grantStatements(BucketPolicySid.write, "s3:PutObject", objects, input.grants.filter((g) => g.write)),
    );
    return { Version: "2012-10-17", Statement: statements };
}

// One statement for all OAC distributions (condition lists their ARNs) and one per origin access
// identity (the identity itself is the scope).
function grantStatements(
    sid: string,
    action: string,
    resource: string,
    grants: readonly ResolvedOriginGrant[],
): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    const oacArns = unique(grants.filter((g) => !g.originAccessIdentityArn).map((g) => g.distributionArn));
    if (oacArns.length > 0) {
        statements.push({
            Sid: sid,
            Effect: "Allow",
            Principal: { Service: CLOUDFRONT_SERVICE_PRINCIPAL },
            Action: action,
            Resource: resource,
            Condition: { StringEquals: { "AWS:SourceArn": oacArns.length === 1 ? oacArns[0] : oacArns } },
        });
    }
    const identities = unique(grants.flatMap((g) => (g.originAccessIdentityArn ? [g.originAccessIdentityArn] : [])));
    identities.forEach((arn, index) =>
        statements.push({
            Sid: `${sid}Identity${index + 1}`,
            Effect: "Allow",
            Principal: { AWS: arn },
            Action: action,
            Resource: resource,
        }),
    );
    return statements;
}

/**
 * Key policy statements that let the distributions use a customer managed KMS key for the bucket's
 * objects: decrypt to read, and generate data keys to write. Scoped by `AWS:SourceArn` like the bucket
 * policy. Origin access identities cannot use SSE-KMS objects at all, so they get nothing here.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
 */
export function buildKmsStatements(grants: readonly ResolvedOriginGrant[]): PolicyStatement[] {
    const readers = unique(grants.filter((g) => !g.originAccessIdentityArn).map((g) => g.distributionArn));
    const writers = unique(
        grants.filter((g) => !g.originAccessIdentityArn && g.write).map((g) => g.distributionArn),
    );
    const statement = (sid: string, actions: string[], arns: string[]): PolicyStatement => ({
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: CLOUDFRONT_SERVICE_PRINCIPAL },
        Action: actions,
        Resource: "*",
        Condition: { StringEquals: { "AWS:SourceArn": arns.length === 1 ? arns[0] : arns } },
    });
    const statements: PolicyStatement[] = [];
    if (readers.length > 0) statements.push(statement("AllowCloudFrontDecrypt", ["kms:Decrypt"], readers));
    if (writers.length > 0) {
        statements.push(statement("AllowCloudFrontEncrypt", ["kms:Encrypt", "kms:GenerateDataKey*"], writers));
    }
    return statements;
}

/**
 * The full policy of a KMS key the bucket component created: the account keeps full control (without
 * it the key could become unmanageable), plus the CloudFront statements.
 */
export function buildKeyPolicy(partition: Partition, accountId: string, grants: readonly ResolvedOriginGrant[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            ...buildKmsStatements(grants),
        ],
    };
}

function unique(values: readonly string[]): string[] {
    return [...new Set(values)].sort();
}

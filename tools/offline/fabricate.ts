/**
 * Realistic outputs for resources created under the mock engine: ARNs with account and region, IDs
 * in the shape AWS uses, the bucket's regional domain name, the distribution's domain name, ACM's DNS
 * validation records. Deterministic (hashes of the resource name), so a plan is the same every run.
 */
import { createHash } from "node:crypto";

/** The account every offline plan pretends to deploy into (AWS's documentation placeholder). */
export const OFFLINE_ACCOUNT_ID = "123456789012";

/**
 * Route 53 zone ID for alias records to any CloudFront distribution.
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html
 */
export const CLOUDFRONT_ALIAS_ZONE_ID = "Z2FDTNDATAQYW2";

/** Where a fabricated resource lives. */
export interface FabricationContext {
    readonly account: string;
    /** Region of the provider that manages the resource. */
    readonly region: string;
    /** Whether the run is a preview: then computed outputs stay unknown, as in `pulumi preview`. */
    readonly preview: boolean;
    /** The stack name, so two stacks of one program get different IDs. */
    readonly stack: string;
}

/** A fabricated resource: its ID and its full state (inputs plus computed outputs). */
export interface Fabricated {
    readonly id: string | undefined;
    readonly state: Record<string, unknown>;
}

function digest(seed: string, length: number, alphabet: string): string {
    const bytes = createHash("sha256").update(seed).digest();
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
    return out;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

function uuid(seed: string): string {
    const h = digest(seed, 32, HEX);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function partitionOf(region: string): { partition: string; suffix: string } {
    return region.startsWith("cn-") ? { partition: "aws-cn", suffix: "amazonaws.com.cn" } : { partition: "aws", suffix: "amazonaws.com" };
}

/** Fabricates the ID and state of one resource from its type, name and inputs. */
export function fabricate(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    ctx: FabricationContext,
    readId?: string,
): Fabricated {
    if (ctx.preview) return { id: readId, state: { ...inputs } };
    const { partition, suffix } = partitionOf(ctx.region);
    const seed = `${ctx.stack}::${type}::${name}`;
    const cloudfrontId = `E${digest(seed, 13, UPPER)}`;

    switch (type) {
        case "aws:s3/bucket:Bucket": {
            const bucket = readId ?? (inputs.bucket as string | undefined) ?? `${name}-${digest(seed, 7, LOWER)}`;
            return {
                id: bucket,
                state: {
                    ...inputs,
                    bucket,
                    arn: `arn:${partition}:s3:::${bucket}`,
                    region: ctx.region,
                    bucketDomainName: `${bucket}.s3.${suffix}`,
                    bucketRegionalDomainName: `${bucket}.s3.${ctx.region}.${suffix}`,
                    hostedZoneId: "Z1BKCTXD74EZPE",
                },
            };
        }
        case "aws:kms/key:Key": {
            const keyId = uuid(seed);
            return { id: keyId, state: { ...inputs, keyId, arn: `arn:${partition}:kms:${ctx.region}:${ctx.account}:key/${keyId}` } };
        }
        case "aws:cloudfront/distribution:Distribution":
            return {
                id: cloudfrontId,
                state: {
                    ...inputs,
                    arn: `arn:${partition}:cloudfront::${ctx.account}:distribution/${cloudfrontId}`,
                    domainName: `d${digest(seed, 13, LOWER)}.cloudfront.${partition === "aws-cn" ? "cn" : "net"}`,
                    hostedZoneId: CLOUDFRONT_ALIAS_ZONE_ID,
                    status: "Deployed",
                    etag: digest(`${seed}:etag`, 14, UPPER),
                },
            };
        case "aws:cloudfront/originAccessControl:OriginAccessControl":
            return { id: cloudfrontId, state: { ...inputs, etag: digest(`${seed}:etag`, 14, UPPER) } };
        case "aws:cloudfront/originAccessIdentity:OriginAccessIdentity":
            return {
                id: cloudfrontId,
                state: {
                    ...inputs,
                    iamArn: `arn:${partition}:iam::cloudfront:user/CloudFront Origin Access Identity ${cloudfrontId}`,
                    cloudfrontAccessIdentityPath: `origin-access-identity/cloudfront/${cloudfrontId}`,
                },
            };
        case "aws:cloudfront/cachePolicy:CachePolicy":
        case "aws:cloudfront/originRequestPolicy:OriginRequestPolicy":
        case "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":
            return { id: uuid(seed), state: { ...inputs, name: inputs.name ?? `${name}-${digest(seed, 7, LOWER)}` } };
        case "aws:acm/certificate:Certificate": {
            const id = uuid(seed);
            const names = [inputs.domainName as string, ...((inputs.subjectAlternativeNames as string[] | undefined) ?? [])];
            return {
                id: `arn:${partition}:acm:${ctx.region}:${ctx.account}:certificate/${id}`,
                state: {
                    ...inputs,
                    arn: `arn:${partition}:acm:${ctx.region}:${ctx.account}:certificate/${id}`,
                    status: "PENDING_VALIDATION",
                    // ACM gives a wildcard and its apex the same record; derive the record from the apex.
                    domainValidationOptions: names.map((domainName) => {
                        const apex = domainName.replace(/^\*\./, "");
                        return {
                            domainName,
                            resourceRecordName: `_${digest(`${apex}:name`, 32, HEX)}.${apex}.`,
                            resourceRecordType: "CNAME",
                            resourceRecordValue: `_${digest(`${apex}:value`, 32, HEX)}.acm-validations.aws.`,
                        };
                    }),
                },
            };
        }
        case "aws:acm/certificateValidation:CertificateValidation":
            return { id: "2026-01-01 00:00:00 +0000 UTC", state: { ...inputs } };
        case "aws:route53/record:Record": {
            const recordName = String(inputs.name ?? name).replace(/\.$/, "");
            return { id: `${inputs.zoneId}_${recordName}_${inputs.type}`, state: { ...inputs, fqdn: recordName } };
        }
        case "aws:kms/keyPolicy:KeyPolicy":
            return { id: String(inputs.keyId), state: { ...inputs } };
        default:
            if (type.startsWith("aws:s3/bucket")) return { id: String(inputs.bucket ?? name), state: { ...inputs } };
            if (type.startsWith("pulumi:providers:")) return { id: uuid(seed), state: { ...inputs } };
            return { id: `${name}-${digest(seed, 8, LOWER)}`, state: { ...inputs } };
    }
}

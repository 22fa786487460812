import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ALLOWED_METHODS,
    CACHED_METHODS,
    HTTP_VERSIONS,
    HttpVersion,
    LEGACY_TLS_TAG,
    ManagedResponseHeadersPolicy,
    PARTITIONS,
    PRICE_CLASSES,
    Partition,
    PriceClass,
    SecurityPolicy,
    isLegacyPolicy,
} from "./cloudfront-facts";
import { FRONT_MODES, FrontMode, ModeProfile, authorizationHeaderUse, modeProfile } from "./front-modes";
import { ResolvedOriginGrant } from "./origin-access-policy";
import { usEast1Provider } from "./providers";
import { Issue, checkBoolean, checkIntegerInRange, checkOneOf, parseArn, throwIfIssues } from "./validation";
import { SslSupportMethod, ViewerTls, resolveViewerTls, validateViewerTls } from "./viewer-tls";

/** The bucket a front reads from; a {@link PrivateOriginBucket} is one. */
export interface OriginBucket {
    /** Bucket name. */
    readonly bucketName: pulumi.Input<string>;
    /** Bucket ARN. */
    readonly bucketArn: pulumi.Input<string>;
    /** The REST endpoint in the bucket's region, `BUCKET.s3.REGION.amazonaws.com` (never the website endpoint). */
    readonly regionalDomainName: pulumi.Input<string>;
}

/** Viewer protocol policies that keep viewers on HTTPS (`allow-all` is deliberately not offered). */
export type ViewerProtocolPolicy = "redirect-to-https" | "https-only";

/** CloudFront standard access logging (to an S3 bucket that has ACLs enabled, as CloudFront requires). */
export interface FrontAccessLogging {
    /** Domain name of the log bucket, e.g. `acme-cf-logs.s3.amazonaws.com`. */
    readonly bucketDomainName: pulumi.Input<string>;
    /**
     * Key prefix for the log files.
     * @default "cloudfront/"
     */
    readonly prefix?: string;
    /**
     * Include cookies in the logs.
     * @default false
     */
    readonly includeCookies?: boolean;
}

/** Allow or deny viewers by country. */
export interface GeoRestriction {
    /** `whitelist`: only these countries; `blacklist`: all but these. */
    readonly restrictionType: "whitelist" | "blacklist";
    /** ISO 3166-1 alpha-2 country codes. @example ["DE", "FR"] */
    readonly locations: readonly string[];
}

/** What CloudFront returns for an origin error. */
export interface CustomErrorResponse {
    /** HTTP status from the origin, 400-599. */
    readonly errorCode: number;
    /** Status to return to the viewer. @default errorCode */
    readonly responseCode?: number;
    /** Object path to return instead, starting with `/`. @example "/errors/404.html" */
    readonly responsePagePath?: string;
    /** Seconds CloudFront caches the error. @default 10 */
    readonly errorCachingMinTtl?: number;
}

/**
 * A Lambda@Edge viewer-request function that authenticates viewers before CloudFront serves anything,
 * cached or not; a {@link CognitoEdgeAuth} is one. The front associates it with its behaviours itself,
 * so nobody wires ARNs by hand.
 */
export interface ViewerRequestAuth {
    /** The viewer-request side of the authenticator. */
    readonly viewerRequest: {
        /**
         * Qualified (versioned) ARN of the function in us-east-1; CloudFront refuses `$LATEST` and aliases.
         * @example "arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3"
         */
        readonly lambdaArn: pulumi.Input<string>;
        /**
         * Whether the function reads (and strips) the `Authorization` header; not allowed in mode
         * `unsigned`, where that header carries the viewer's SigV4 signature.
         */
        readonly readsAuthorizationHeader: boolean;
    };
}

/** A CloudFront key group to trust on behaviours; a {@link SignedContentKeys} is one. */
export interface TrustedKeyGroup {
    /** ID of the CloudFront key group viewers' signatures must verify against. */
    readonly keyGroupId: pulumi.Input<string>;
}

/**
 * Behaviours that serve only requests carrying a CloudFront signed URL or signed cookies made with a
 * key of `keyGroup`. Each path pattern becomes an ordered cache behaviour with the same origin and the
 * same mode policies as the default behaviour, plus `trustedKeyGroups`.
 */
export interface SignedContentBehaviors {
    /** The key group whose signatures these paths require. */
    readonly keyGroup: TrustedKeyGroup;
    /**
     * CloudFront path patterns (`*` any characters, `?` one; case-sensitive; at most 255 characters of
     * `A-Z a-z 0-9 _ - . * ? $ / ~ " ' @ : + &`), matched in the order given. `["*"]` alone puts the
     * requirement on the default behaviour, i.e. on everything.
     * @example ["/premium/*", "*.m3u8"]
     */
    readonly pathPatterns: readonly string[];
    /**
     * Also run `viewerAuth` on these paths. Set `false` when the signature alone is the credential, e.g.
     * for media players that cannot send a token.
     * @default true
     */
    readonly viewerAuth?: boolean;
}

/** Arguments of {@link LegacyTlsFront}. */
export interface LegacyTlsFrontArgs {
    /** The private bucket to serve. */
    readonly origin: OriginBucket;
    /**
     * How requests reach S3: CloudFront signs (`signed`), the viewer signs with SigV4 (`unsigned`), or
     * the viewer uses S3 presigned URLs (`presigned`). See {@link FrontMode}.
     * @example "signed"
     */
    readonly mode: FrontMode;
    /**
     * The AWS partition. In `aws-cn` CloudFront has no origin access control, so an origin access
     * identity is used, and a custom domain with an IAM server certificate is required.
     * @default "aws"
     */
    readonly partition?: Partition;
    /**
     * Alternate domain names (CNAMEs). Without them the distribution answers on `*.cloudfront.net`,
     * where CloudFront always applies the TLSv1 policy.
     * @default []
     * @example ["legacy.example.com"]
     */
    readonly domainNames?: readonly string[];
    /**
     * Route 53 hosted zone for the domain names: DNS validation of a created certificate and the
     * alias A/AAAA records.
     * @default no DNS records
     */
    readonly hostedZoneId?: pulumi.Input<string>;
    /**
     * An existing ACM certificate in us-east-1 covering the domain names. Omit to request one.
     * @default a new certificate, validated by DNS in hostedZoneId
     */
    readonly certificateArn?: pulumi.Input<string>;
    /**
     * An IAM server certificate ID (uploaded with path `/cloudfront/`); required in `aws-cn`.
     * @default none
     */
    readonly iamCertificateId?: pulumi.Input<string>;
    /**
     * The viewer security policy (minimum protocol and ciphers). Legacy policies (`TLSv1`,
     * `TLSv1_2016`, `TLSv1.1_2016`, `SSLv3`) are an explicit choice; `SSLv3` needs `vip`.
     * @default "TLSv1.2_2021" with a custom domain; always "TLSv1" without one
     * @example "TLSv1_2016"
     */
    readonly minimumTlsVersion?: SecurityPolicy;
    /**
     * `sni-only`, or `vip` (a dedicated IP per edge location, billed monthly) for clients without SNI.
     * @default "sni-only"
     */
    readonly sslSupportMethod?: SslSupportMethod;
    /**
     * What happens to plain HTTP requests.
     * @default "redirect-to-https"
     */
    readonly viewerProtocolPolicy?: ViewerProtocolPolicy;
    /**
     * Accept PUT/POST/PATCH/DELETE through CloudFront (all seven methods; CloudFront offers no smaller
     * set with PUT). In `signed` mode the bucket then also allows `s3:PutObject` to the distribution.
     * @default false
     */
    readonly uploads?: boolean;
    /**
     * In `signed` mode, allow the distribution `s3:ListBucket` so a missing key answers 404 instead of 403.
     * @default false
     */
    readonly listBucket?: boolean;
    /** @default "PriceClass_All" */
    readonly priceClass?: PriceClass;
    /**
     * ARN of a WAFv2 web ACL of CLOUDFRONT scope (created in us-east-1).
     * @default none
     */
    readonly webAclArn?: pulumi.Input<string>;
    /** @default off */
    readonly accessLogging?: FrontAccessLogging;
    /**
     * Let CloudFront compress responses. Only takes effect in `signed` mode; the other modes do not
     * cache, and compression needs a caching policy.
     * @default true
     */
    readonly compress?: boolean;
    /** @default "http2and3" */
    readonly httpVersion?: HttpVersion;
    /** @default true */
    readonly ipv6?: boolean;
    /**
     * Object returned for `/`.
     * @default none
     * @example "index.html"
     */
    readonly defaultRootObject?: string;
    /** @default [] */
    readonly customErrorResponses?: readonly CustomErrorResponse[];
    /**
     * Response headers policy ID. Omit for AWS's managed SecurityHeadersPolicy (HSTS, nosniff, frame
     * options, referrer policy); pass `""` for none.
     * @default "67f7725c-6f97-4210-82d7-5512b31e9d03" (SecurityHeadersPolicy)
     */
    readonly responseHeadersPolicyId?: pulumi.Input<string>;
    /** @default no restriction */
    readonly geoRestriction?: GeoRestriction;
    /** @default "" */
    readonly comment?: string;
    /** @default {} */
    readonly tags?: Record<string, string>;
    /**
     * A us-east-1 provider to share; CloudFront requires its ACM certificates there.
     * @default a new provider, child of this component
     */
    readonly usEast1Provider?: aws.Provider;
    /**
     * Authenticate every viewer request at the edge (all behaviours: default and ordered) with this
     * viewer-request function, e.g. a {@link CognitoEdgeAuth}. Not available in `aws-cn` (no Lambda@Edge).
     * @default none (anyone who can reach the distribution is served)
     */
    readonly viewerAuth?: ViewerRequestAuth;
    /**
     * Paths that require CloudFront signed URLs or cookies (mode `signed` only). See {@link SignedContentBehaviors}.
     * @default none
     */
    readonly signedContent?: SignedContentBehaviors;
}

/**
 * Most cache behaviours a distribution may have (default quota, adjustable).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
export const MAX_CACHE_BEHAVIORS = 75;

// Path patterns: at most 255 characters of these (& travels as &amp; in the XML API; XML encoding does that).
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
const PATH_PATTERN = /^[A-Za-z0-9_\-.*?$/~"'@:+&]{1,255}$/;

// A Lambda function version ARN in us-east-1: CloudFront associates numbered versions only.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
const QUALIFIED_EDGE_LAMBDA_ARN = /^arn:aws:lambda:us-east-1:\d{12}:function:[A-Za-z0-9_-]{1,64}:\d+$/;

/** Checks a front's viewer authentication against its mode and partition. */
function validateViewerAuth(args: LegacyTlsFrontArgs, issues: Issue[]): void {
    const auth = args.viewerAuth;
    if (auth === undefined) return;
    if (!auth || !auth.viewerRequest || typeof auth.viewerRequest.readsAuthorizationHeader !== "boolean") {
        issues.push({ path: "viewerAuth", value: auth, problem: "is not a viewer-request authenticator ({ viewerRequest: { lambdaArn, readsAuthorizationHeader } })" });
        return;
    }
    if (args.partition === "aws-cn") {
        issues.push({ path: "viewerAuth", value: "(set)", problem: 'is not available in partition "aws-cn": CloudFront in China has no Lambda@Edge' });
    }
    const headerUse = authorizationHeaderUse(args.mode);
    if (headerUse && auth.viewerRequest.readsAuthorizationHeader) {
        issues.push({
            path: "viewerAuth",
            value: "(reads the Authorization header)",
            problem: `cannot be combined with mode "${args.mode}": ${headerUse}; make the authenticator take its token from a cookie only (tokenSources: ["cookie"] with a cookieName)`,
        });
    }
    const arn = auth.viewerRequest.lambdaArn;
    if (typeof arn === "string" && !QUALIFIED_EDGE_LAMBDA_ARN.test(arn)) {
        issues.push({
            path: "viewerAuth.viewerRequest.lambdaArn",
            value: arn,
            problem: "is not a numbered version of a Lambda function in us-east-1 (arn:aws:lambda:us-east-1:ACCOUNT:function:NAME:VERSION)",
        });
    }
}

/** Checks the signed-content behaviours: mode, path patterns and their number. */
function validateSignedContent(args: LegacyTlsFrontArgs, issues: Issue[]): void {
    const signed = args.signedContent;
    if (signed === undefined) return;
    if (args.mode !== "signed") {
        issues.push({
            path: "signedContent",
            value: "(set)",
            problem: `only applies in mode "signed" (in "${args.mode}" S3 already checks the viewer's own SigV4 signature on every request)`,
        });
    }
    if (!signed || !signed.keyGroup || signed.keyGroup.keyGroupId === undefined) {
        issues.push({ path: "signedContent.keyGroup", value: signed?.keyGroup, problem: "is required: a key group to trust, e.g. a SignedContentKeys" });
    }
    const patterns = signed?.pathPatterns;
    if (!Array.isArray(patterns) || patterns.length === 0 || patterns.length > MAX_CACHE_BEHAVIORS - 1) {
        issues.push({
            path: "signedContent.pathPatterns",
            value: patterns,
            problem: `is not a list of 1 to ${MAX_CACHE_BEHAVIORS - 1} path patterns (a distribution has at most ${MAX_CACHE_BEHAVIORS} behaviours, the default included)`,
        });
        return;
    }
    patterns.forEach((pattern, i) => {
        const path = `signedContent.pathPatterns[${i}]`;
        if (typeof pattern !== "string" || !PATH_PATTERN.test(pattern)) {
            issues.push({ path, value: pattern, problem: `is not a CloudFront path pattern (1 to 255 of A-Z a-z 0-9 _ - . * ? $ / ~ " ' @ : + &), e.g. "/premium/*"` });
        } else if (patterns.indexOf(pattern) !== i) {
            issues.push({ path, value: pattern, problem: `repeats signedContent.pathPatterns[${patterns.indexOf(pattern)}]` });
        } else if ((pattern === "*" || pattern === "/*") && patterns.length > 1) {
            issues.push({ path, value: pattern, problem: 'matches every path, so the other patterns would never apply; use ["*"] alone to sign everything' });
        }
    });
    if (signed.viewerAuth !== undefined) checkBoolean("signedContent.viewerAuth", signed.viewerAuth, issues);
}

/**
 * Checks the arguments of a {@link LegacyTlsFront} and returns every problem found. Values that are not
 * known yet (outputs) are skipped.
 */
export function validateLegacyTlsFrontArgs(args: LegacyTlsFrontArgs): Issue[] {
    const issues: Issue[] = [];
    checkOneOf("mode", args.mode, FRONT_MODES, issues);
    const partitionOk = args.partition === undefined || checkOneOf("partition", args.partition, PARTITIONS, issues);
    if (args.viewerProtocolPolicy !== undefined) {
        checkOneOf("viewerProtocolPolicy", args.viewerProtocolPolicy, ["redirect-to-https", "https-only"], issues);
    }
    if (args.priceClass !== undefined) checkOneOf("priceClass", args.priceClass, PRICE_CLASSES, issues);
    if (args.httpVersion !== undefined) checkOneOf("httpVersion", args.httpVersion, HTTP_VERSIONS, issues);
    for (const key of ["uploads", "listBucket", "compress", "ipv6"] as const) {
        if (args[key] !== undefined) checkBoolean(key, args[key], issues);
    }
    if (args.listBucket && args.mode !== "signed") {
        issues.push({
            path: "listBucket",
            value: true,
            problem: `only applies in mode "signed" (in "${args.mode}" S3 checks the viewer's own permissions)`,
        });
    }
    if (args.listBucket === true && args.mode === "signed" && args.defaultRootObject === undefined) {
        issues.push({
            path: "listBucket",
            value: true,
            problem: "needs defaultRootObject: without it a request for / reaches S3 as a bucket listing and returns the keys",
        });
    }
    if (partitionOk) {
        issues.push(
            ...validateViewerTls({
                partition: args.partition ?? "aws",
                domainNames: args.domainNames,
                hostedZoneId: args.hostedZoneId,
                certificateArn: args.certificateArn,
                iamCertificateId: args.iamCertificateId,
                minimumTlsVersion: args.minimumTlsVersion,
                sslSupportMethod: args.sslSupportMethod,
            }),
        );
    }
    if (typeof args.webAclArn === "string") {
        const arn = parseArn(args.webAclArn);
        if (!arn || arn.service !== "wafv2" || arn.region !== "us-east-1" || !arn.resource.startsWith("global/webacl/")) {
            issues.push({
                path: "webAclArn",
                value: args.webAclArn,
                problem: "is not a WAFv2 web ACL of CLOUDFRONT scope (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID)",
            });
        }
    }
    if (args.accessLogging && typeof args.accessLogging.bucketDomainName === "string") {
        if (!/^[a-z0-9][a-z0-9.-]+\.s3(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/.test(args.accessLogging.bucketDomainName)) {
            issues.push({
                path: "accessLogging.bucketDomainName",
                value: args.accessLogging.bucketDomainName,
                problem: "is not an S3 bucket domain name such as acme-logs.s3.amazonaws.com",
            });
        }
    }
    if (args.defaultRootObject !== undefined && (args.defaultRootObject.startsWith("/") || args.defaultRootObject === "")) {
        issues.push({
            path: "defaultRootObject",
            value: args.defaultRootObject,
            problem: 'must be an object name without a leading "/", e.g. "index.html"',
        });
    }
    (args.customErrorResponses ?? []).forEach((r, i) => {
        checkIntegerInRange(`customErrorResponses[${i}].errorCode`, r.errorCode, 400, 599, issues);
        if (r.responseCode !== undefined) {
            checkIntegerInRange(`customErrorResponses[${i}].responseCode`, r.responseCode, 200, 599, issues);
        }
        if (r.responsePagePath !== undefined && !r.responsePagePath.startsWith("/")) {
            issues.push({
                path: `customErrorResponses[${i}].responsePagePath`,
                value: r.responsePagePath,
                problem: 'must start with "/"',
            });
        }
        if (r.errorCachingMinTtl !== undefined) {
            checkIntegerInRange(`customErrorResponses[${i}].errorCachingMinTtl`, r.errorCachingMinTtl, 0, 31536000, issues);
        }
    });
    validateViewerAuth(args, issues);
    validateSignedContent(args, issues);
    if (args.geoRestriction) {
        const geo = args.geoRestriction;
        checkOneOf("geoRestriction.restrictionType", geo.restrictionType, ["whitelist", "blacklist"], issues);
        if (!Array.isArray(geo.locations) || geo.locations.length === 0) {
            issues.push({ path: "geoRestriction.locations", value: geo.locations, problem: "must list at least one country" });
        } else {
            geo.locations.forEach((code, i) => {
                if (typeof code !== "string" || !/^[A-Z]{2}$/.test(code)) {
                    issues.push({
                        path: `geoRestriction.locations[${i}]`,
                        value: code,
                        problem: "is not an ISO 3166-1 alpha-2 country code such as DE",
                    });
                }
            });
        }
    }
    return issues;
}

/**
 * A CloudFront distribution in front of a private S3 bucket, for clients that may only speak
 * TLS 1.0/1.1: CloudFront accepts them at the edge (with the security policy you choose) and talks
 * TLS 1.2+ to S3. The `mode` sets origin access control signing, cache policy and origin request policy
 * together; custom domains get an ACM certificate in us-east-1 and Route 53 alias records.
 *
 * @example
 * const front = new LegacyTlsFront("front", {
 *     origin: content,
 *     mode: "signed",
 *     domainNames: ["legacy.example.com"],
 *     hostedZoneId: "Z0123456789ABCDEFGHIJ",
 *     minimumTlsVersion: "TLSv1_2016",
 * });
 */
export class LegacyTlsFront extends pulumi.ComponentResource {
    /** Distribution ID. */
    public readonly distributionId: pulumi.Output<string>;
    /** Distribution ARN, the `AWS:SourceArn` the bucket policy trusts. */
    public readonly distributionArn: pulumi.Output<string>;
    /** The distribution's own name, `dXXXX.cloudfront.net`. */
    public readonly domainName: pulumi.Output<string>;
    /** `https://` URLs viewers use: one per custom domain, or the CloudFront name. */
    public readonly urls: pulumi.Output<string[]>;
    /** Name of the bucket behind the front. */
    public readonly bucketName: pulumi.Output<string>;
    /** Origin access control ID (`undefined` in aws-cn, where an origin access identity is used). */
    public readonly originAccessControlId: pulumi.Output<string | undefined>;
    /** The certificate the distribution presents (ACM ARN or IAM certificate ID); `undefined` for the default. */
    public readonly certificate: pulumi.Output<string | undefined>;
    /** The security policy CloudFront applies to viewers. */
    public readonly securityPolicy: SecurityPolicy;
    /** The mode's settings, for reports. */
    public readonly profile: ModeProfile;
    /** What the bucket must allow this distribution; `undefined` when CloudFront does not sign. */
    public readonly originGrant: pulumi.Output<ResolvedOriginGrant> | undefined;

    private readonly resourceName: string;

    constructor(name: string, args: LegacyTlsFrontArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad arguments leave no half-made component behind.
        throwIfIssues(`LegacyTlsFront "${name}"`, validateLegacyTlsFrontArgs(args));
        super("legacytls:cloudfront:LegacyTlsFront", name, {}, opts);
        this.resourceName = name;

        const partition = args.partition ?? "aws";
        const uploads = args.uploads ?? false;
        this.profile = modeProfile(args.mode, uploads);
        const tls = resolveViewerTls({ ...args, partition });
        this.securityPolicy = tls.securityPolicy;
        if (args.mode === "signed" && uploads) {
            // Allowed because customers asked for it, but never silently: CloudFront signs every request,
            // so anyone who can reach the distribution can write until viewers are authenticated at the edge.
            pulumi.log.warn(
                `LegacyTlsFront "${name}": uploads in mode "signed" let every viewer of the distribution write to the bucket; ` +
                    'authenticate viewers at the edge, or use mode "unsigned" or "presigned" where S3 checks the uploader\'s signature',
                this,
            );
        }
        const domainNames = [...(args.domainNames ?? [])];

        const originAccess = this.createOriginAccess(partition);
        const cachePolicyId = this.cachePolicy();
        const originRequestPolicyId = this.originRequestPolicy();
        const certificate = this.viewerCertificate(args, tls, domainNames);

        const originId = "private-s3-origin";
        // Every behaviour shares the origin and the mode's policies; they differ only in path, trusted
        // key groups and whether the viewer-request authenticator runs.
        const behavior = {
            targetOriginId: originId,
            viewerProtocolPolicy: args.viewerProtocolPolicy ?? "redirect-to-https",
            allowedMethods: [...(uploads ? ALLOWED_METHODS.all : ALLOWED_METHODS.read)],
            cachedMethods: [...CACHED_METHODS],
            cachePolicyId,
            originRequestPolicyId,
            responseHeadersPolicyId: this.responseHeadersPolicyId(args),
            compress: this.profile.compress && (args.compress ?? true),
        };
        // Viewer request: CloudFront runs the function before its cache, so cached objects are guarded too.
        // The body is never needed to check a token.
        const authentication = args.viewerAuth
            ? [{ eventType: "viewer-request", lambdaArn: args.viewerAuth.viewerRequest.lambdaArn, includeBody: false }]
            : undefined;
        const signed = args.signedContent;
        const signsEverything = signed !== undefined && signed.pathPatterns.length === 1 && ["*", "/*"].includes(signed.pathPatterns[0]);
        const signedPathAuthentication = signed?.viewerAuth === false ? undefined : authentication;
        const distribution = new aws.cloudfront.Distribution(
            `${name}-distribution`,
            {
                enabled: true,
                comment: args.comment ?? `Legacy TLS front (${args.mode}) for ${name}`,
                aliases: domainNames,
                origins: [
                    {
                        originId,
                        domainName: args.origin.regionalDomainName,
                        originAccessControlId: originAccess.oac?.id,
                        s3OriginConfig: originAccess.oai
                            ? { originAccessIdentity: originAccess.oai.cloudfrontAccessIdentityPath }
                            : undefined,
                    },
                ],
                defaultCacheBehavior: {
                    ...behavior,
                    lambdaFunctionAssociations: signsEverything ? signedPathAuthentication : authentication,
                    trustedKeyGroups: signsEverything ? [signed.keyGroup.keyGroupId] : undefined,
                },
                orderedCacheBehaviors:
                    signed && !signsEverything
                        ? signed.pathPatterns.map((pathPattern) => ({
                              ...behavior,
                              pathPattern,
                              trustedKeyGroups: [signed.keyGroup.keyGroupId],
                              lambdaFunctionAssociations: signedPathAuthentication,
                          }))
                        : undefined,
                viewerCertificate: certificate
                    ? {
                          acmCertificateArn: certificate.acmArn,
                          iamCertificateId: certificate.iamId,
                          minimumProtocolVersion: tls.securityPolicy,
                          sslSupportMethod: tls.sslSupportMethod,
                      }
                    : { cloudfrontDefaultCertificate: true },
                priceClass: args.priceClass ?? "PriceClass_All",
                httpVersion: args.httpVersion ?? "http2and3",
                isIpv6Enabled: args.ipv6 ?? true,
                defaultRootObject: args.defaultRootObject,
                webAclId: args.webAclArn,
                loggingConfig: args.accessLogging
                    ? {
                          bucket: args.accessLogging.bucketDomainName,
                          prefix: args.accessLogging.prefix ?? "cloudfront/",
                          includeCookies: args.accessLogging.includeCookies ?? false,
                      }
                    : undefined,
                customErrorResponses: (args.customErrorResponses ?? []).map((r) => ({
                    errorCode: r.errorCode,
                    responseCode: r.responseCode ?? r.errorCode,
                    responsePagePath: r.responsePagePath,
                    errorCachingMinTtl: r.errorCachingMinTtl ?? 10,
                })),
                restrictions: {
                    geoRestriction: args.geoRestriction
                        ? {
                              restrictionType: args.geoRestriction.restrictionType,
                              locations: [...args.geoRestriction.locations],
                          }
                        : { restrictionType: "none" },
                },
                // The marker says the legacy policy was chosen on purpose (see LEGACY_TLS_TAG); it is
                // written last so a user tag cannot claim or hide it.
                tags: { ...(args.tags ?? {}), [LEGACY_TLS_TAG]: String(isLegacyPolicy(tls.securityPolicy)) },
            },
            { parent: this },
        );

        if (args.hostedZoneId !== undefined) this.aliasRecords(args.hostedZoneId, domainNames, distribution, args.ipv6 ?? true);

        this.distributionId = distribution.id;
        this.distributionArn = distribution.arn;
        this.domainName = distribution.domainName;
        this.urls =
            domainNames.length > 0
                ? pulumi.output(domainNames.map((d) => `https://${d}`))
                : distribution.domainName.apply((d) => [`https://${d}`]);
        this.bucketName = pulumi.output(args.origin.bucketName);
        this.originAccessControlId = originAccess.oac ? originAccess.oac.id : pulumi.output(undefined);
        this.certificate = certificate ? pulumi.output(certificate.acmArn ?? certificate.iamId) : pulumi.output(undefined);
        this.originGrant = this.profile.bucketGrantsCloudFront
            ? pulumi
                  .all([distribution.arn, originAccess.oai?.iamArn])
                  .apply(([distributionArn, oaiArn]) => ({
                      distributionArn,
                      originAccessIdentityArn: oaiArn,
                      list: args.listBucket ?? false,
                      write: uploads,
                  }))
            : undefined;

        this.registerOutputs({
            distributionId: this.distributionId,
            distributionArn: this.distributionArn,
            domainName: this.domainName,
            urls: this.urls,
            bucketName: this.bucketName,
            originAccessControlId: this.originAccessControlId,
            certificate: this.certificate,
        });
    }

    // Origin access control everywhere it exists; an origin access identity in aws-cn, and only when
    // CloudFront has to authenticate to S3 at all.
    private createOriginAccess(partition: Partition): {
        oac?: aws.cloudfront.OriginAccessControl;
        oai?: aws.cloudfront.OriginAccessIdentity;
    } {
        if (partition === "aws-cn") {
            if (!this.profile.bucketGrantsCloudFront) return {};
            return {
                oai: new aws.cloudfront.OriginAccessIdentity(
                    `${this.resourceName}-oai`,
                    { comment: `Reads the private origin of ${this.resourceName}` },
                    { parent: this },
                ),
            };
        }
        return {
            oac: new aws.cloudfront.OriginAccessControl(
                `${this.resourceName}-oac`,
                {
                    description: `S3 access for ${this.resourceName} (${this.profile.mode})`,
                    originAccessControlOriginType: "s3",
                    signingBehavior: this.profile.oacSigning,
                    signingProtocol: "sigv4",
                },
                { parent: this },
            ),
        };
    }

    private cachePolicy(): pulumi.Input<string> {
        const choice = this.profile.cachePolicy;
        if ("managedId" in choice) return choice.managedId;
        const spec = choice.create;
        return new aws.cloudfront.CachePolicy(
            `${this.resourceName}-cache`,
            {
                comment: spec.comment,
                minTtl: spec.minTtl,
                defaultTtl: spec.defaultTtl,
                maxTtl: spec.maxTtl,
                parametersInCacheKeyAndForwardedToOrigin: {
                    cookiesConfig: { cookieBehavior: "none" },
                    headersConfig:
                        spec.headers.length > 0
                            ? { headerBehavior: "whitelist", headers: { items: [...spec.headers] } }
                            : { headerBehavior: "none" },
                    queryStringsConfig: { queryStringBehavior: spec.queryStrings },
                    enableAcceptEncodingGzip: spec.enableAcceptEncodingGzip,
                    enableAcceptEncodingBrotli: spec.enableAcceptEncodingBrotli,
                },
            },
            { parent: this },
        ).id;
    }

    private originRequestPolicy(): pulumi.Input<string> {
        const choice = this.profile.originRequestPolicy;
        if ("managedId" in choice) return choice.managedId;
        const spec = choice.create;
        return new aws.cloudfront.OriginRequestPolicy(
            `${this.resourceName}-origin-request`,
            {
                comment: spec.comment,
                cookiesConfig: { cookieBehavior: "none" },
                headersConfig: { headerBehavior: spec.headerBehavior, headers: { items: [...spec.headers] } },
                queryStringsConfig: { queryStringBehavior: spec.queryStrings },
            },
            { parent: this },
        ).id;
    }

    private responseHeadersPolicyId(args: LegacyTlsFrontArgs): pulumi.Input<string> | undefined {
        if (args.responseHeadersPolicyId === undefined) return ManagedResponseHeadersPolicy.SecurityHeadersPolicy;
        return pulumi.output(args.responseHeadersPolicyId).apply((id) => (id === "" ? undefined : id)) as pulumi.Output<string>;
    }

    private viewerCertificate(
        args: LegacyTlsFrontArgs,
        tls: ViewerTls,
        domainNames: string[],
    ): { acmArn?: pulumi.Input<string>; iamId?: pulumi.Input<string> } | undefined {
        switch (tls.certificateSource) {
            case "cloudfront-default":
                return undefined;
            case "iam":
                return { iamId: args.iamCertificateId };
            case "acm-existing":
                return { acmArn: args.certificateArn };
            case "acm-created":
                return { acmArn: this.requestCertificate(args, domainNames) };
        }
    }

    // An ACM certificate in us-east-1 (CloudFront reads certificates only from there), validated by
    // DNS records in the hosted zone. The distribution takes the ARN from the validation, so it is
    // created only once the certificate is issued.
    private requestCertificate(args: LegacyTlsFrontArgs, domainNames: string[]): pulumi.Output<string> {
        const provider = usEast1Provider(this.resourceName, this, args.usEast1Provider);
        const certificate = new aws.acm.Certificate(
            `${this.resourceName}-certificate`,
            {
                domainName: domainNames[0],
                subjectAlternativeNames: domainNames.slice(1),
                validationMethod: "DNS",
                keyAlgorithm: "RSA_2048",
                tags: args.tags ?? {},
            },
            { parent: this, provider },
        );
        // `example.com` and `*.example.com` share one validation record: create each record once.
        const validatedNames = [...new Set(domainNames.map((d) => d.replace(/^\*\./, "")))];
        const records = validatedNames.map((validatedName, i) => {
            const option = certificate.domainValidationOptions.apply((options) => {
                const found = options.find((o) => o.domainName.replace(/^\*\./, "") === validatedName);
                if (!found) throw new Error(`ACM returned no DNS validation record for ${validatedName}`);
                return found;
            });
            return new aws.route53.Record(
                `${this.resourceName}-certificate-validation-${i}`,
                {
                    zoneId: args.hostedZoneId!,
                    name: option.resourceRecordName,
                    type: option.resourceRecordType,
                    records: [option.resourceRecordValue],
                    ttl: 300,
                },
                { parent: this },
            );
        });
        return new aws.acm.CertificateValidation(
            `${this.resourceName}-certificate-validation`,
            { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn) },
            { parent: this, provider },
        ).certificateArn;
    }

    private aliasRecords(
        zoneId: pulumi.Input<string>,
        domainNames: string[],
        distribution: aws.cloudfront.Distribution,
        ipv6: boolean,
    ): void {
        const types = ipv6 ? ["A", "AAAA"] : ["A"];
        domainNames.forEach((domain, i) =>
            types.forEach(
                (type) =>
                    new aws.route53.Record(
                        `${this.resourceName}-alias-${i}-${type.toLowerCase()}`,
                        {
                            zoneId,
                            name: domain,
                            type,
                            aliases: [
                                {
                                    name: distribution.domainName,
                                    zoneId: distribution.hostedZoneId,
                                    evaluateTargetHealth: false,
                                },
                            ],
                        },
                        { parent: this },
                    ),
            ),
        );
    }
}

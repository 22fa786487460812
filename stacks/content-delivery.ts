/**
 * The composition every stack runs: a private origin bucket, the legacy TLS front before it, and the
 * bucket policy that lets exactly that front in; then what the config's optional sections ask for:
 * Cognito viewer authentication at the edge (`auth`), signed URLs/cookies (`signing`), the TLS audit
 * (`audit`), the multi-region API (`api`), a web ACL (`waf`); and, unless turned off, the monitoring of
 * the front, its edge function and the API's health checks (`monitoring`). The audit is made before the front because with
 * `audit.frontLogs` it hands the front its log settings (`accessLogging`: standard logging v2 into the
 * audit's bucket, waiting for that bucket's policy); the front creates the log delivery itself.
 * The signing keys come before the authenticator, whose function signs cookies with them in the cost mode
 * (`auth.signedCookies`); with `auth.signIn` and no custom domain the sign-in app client comes after the
 * front, whose `*.cloudfront.net` name its callback URL needs (docs/sign-in.md).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CognitoEdgeAuth,
    EdgeWebAcl,
    FrontMonitoring,
    LegacyTlsFront,
    PrivateOriginBucket,
    RegionalApiFailover,
    SignInAppClient,
    SignedContentKeys,
    TlsAudit,
} from "../components";
import { resolveSignIn } from "../components/sign-in-app-client";
import { StackConfig, stackArgs } from "./config";

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
    /** With `auth`: the user pool, the accepted app clients and the edge function's versioned ARN. */
    auth?: {
        userPoolId: pulumi.Output<string>;
        clientIds: pulumi.Output<string[]>;
        issuer: pulumi.Output<string>;
        edgeFunctionArn: pulumi.Output<string>;
        edgeFunctionName: pulumi.Output<string>;
        /** With `auth.signIn`: where a browser signs in and out (docs/sign-in.md). */
        signIn?: {
            /** Open it in a browser: without cookies it redirects to the managed login page. */
            signInUrl: pulumi.Output<string>;
            /** Signs the user out (clears the cookies, then Cognito's /logout). */
            signOutUrl: pulumi.Output<string>;
            /** The managed login host, `<prefix>.auth.<region>.amazoncognito.com`. */
            userPoolDomain: pulumi.Output<string | undefined>;
            /** The app client browsers sign in with. */
            appClientId: pulumi.Output<string | undefined>;
            /** Without a custom domain: the SSM parameter (us-east-1) the edge function reads that client's ID from. */
            clientIdParameterName?: pulumi.Output<string | undefined>;
        };
    };
    /**
     * With `signing`: the key pair ID signed URLs name, and where the content service finds the private
     * key (a secret) and the policy its role attaches. The key itself is never an output.
     */
    signing?: {
        /** The key signers use now (`signing.currentKeyId`). */
        keyPairId: pulumi.Output<string>;
        /** Every key in the group by its id in `signing.signingKeys`: during a rotation, old and new. */
        keyPairIds: pulumi.Output<Record<string, string>>;
        keyGroupId: pulumi.Output<string>;
        privateKeySecretArn: pulumi.Output<string | undefined>;
        servicePolicyArn: pulumi.Output<string>;
        pathPatterns: string[];
    };
    /** With `waf`: the web ACL the front uses, and its log group (with `waf.logging`). */
    waf?: {
        webAclArn: pulumi.Output<string>;
        logGroupName: pulumi.Output<string | undefined>;
    };
    /** Unless `monitoring.enabled` is false: where alarms notify, the dashboard, and the alarms' names. */
    monitoring?: {
        alarmTopicArn: pulumi.Output<string | undefined>;
        dashboardName: pulumi.Output<string | undefined>;
        alarmNames: pulumi.Output<string[]>;
    };
    /** With `api`: the API's URL, each region's endpoint and health check, and the worst-case failover time. */
    api?: {
        url: pulumi.Output<string>;
        regions: RegionalApiFailover["regions"];
        worstCaseFailoverSeconds: number;
    };
    /**
     * With `audit`: where the audit's queries and logs are. `logLocation` (`s3://BUCKET/cloudfront/`) is
     * what to copy for `npm run tls-report`; the front writes there with CloudFront standard logging (v2).
     */
    audit?: {
        queryDefinitionIds: TlsAudit["queryDefinitionIds"];
        logBucketName: TlsAudit["logBucketName"];
        logLocation: TlsAudit["logLocation"];
        athenaNamedQueryId: TlsAudit["athenaNamedQueryId"];
        athenaWorkgroupName: TlsAudit["athenaWorkgroupName"];
        lakeQuerySql: TlsAudit["lakeQuerySql"];
    };
}

/** Creates the stack's resources from its typed config: each section handed to its component as it is. */
export function createContentDelivery(config: StackConfig): ContentDeliveryOutputs {
    const args = stackArgs(config);
    const content = new PrivateOriginBucket("content", args.bucket);
    // The keys before the authenticator: in the cost mode (auth.signedCookies) its function signs cookies with them.
    const keys = args.signing ? new SignedContentKeys("signing", args.signing) : undefined;
    const cookieKeys =
        keys && args.auth?.signedCookies
            ? { signedContentKeys: { publicKeyId: keys.publicKeyId, secretArn: keys.secretArn, pathPatterns: keys.pathPatterns, kmsKeyArn: args.signing!.kmsKeyArn } }
            : {};
    const auth = args.auth ? new CognitoEdgeAuth("auth", { ...args.auth, ...cookieKeys }) : undefined;
    const audit = args.audit ? new TlsAudit("audit", args.audit) : undefined;
    const waf = args.waf ? new EdgeWebAcl("waf", args.waf) : undefined;
    // The keys bind their own behaviours (the front trusts their key group on the paths they name), the
    // audit its log delivery.
    const front = new LegacyTlsFront("front", {
        ...args.front,
        origin: content,
        viewerAuth: auth,
        signedContent: keys,
        ...(audit?.accessLogging ? { accessLogging: audit.accessLogging } : {}),
        ...(waf ? { webAclArn: waf.webAclArn } : {}),
    });
    content.attachPolicy([front]);
    // Sign-in without a custom domain: the client names the distribution, so it comes after the front and
    // hands the function its ID through the parameter the authenticator named.
    const signInClient =
        auth && args.auth?.signIn && args.auth.frontDomainNames === undefined
            ? new SignInAppClient("sign-in", {
                  userPoolId: auth.userPoolId,
                  frontDomainNames: [front.domainName],
                  signIn: args.auth.signIn,
                  ...(args.auth.appClient ? { appClient: { ...args.auth.appClient, create: undefined } } : {}),
                  clientIdParameterName: auth.signInClientIdParameterName,
                  tags: config.tags,
              })
            : undefined;
    const signInPaths = resolveSignIn(args.auth?.signIn);
    const api = args.api ? new RegionalApiFailover("api", args.api) : undefined;
    const monitoring =
        args.monitoring.enabled === false
            ? undefined
            : new FrontMonitoring("monitoring", {
                  ...args.monitoring,
                  distributionId: front.distributionId,
                  ...(auth ? { edgeFunctionName: auth.functionName, edgeFunctionRegions: args.auth?.edgeLogRegions } : {}),
                  ...(api ? { healthCheckIds: args.api!.regions.map((region) => api.regions.apply((r) => r[region].healthCheckId)) } : {}),
              });
    return {
        url: front.urls.apply((urls) => urls[0]),
        urls: front.urls,
        distributionId: front.distributionId,
        distributionArn: front.distributionArn,
        distributionDomainName: front.domainName,
        bucketName: content.bucketName,
        originAccessControlId: front.originAccessControlId,
        securityPolicy: front.securityPolicy,
        mode: config.front.mode,
        ...(config.bucket.kmsKeyArn ? { kmsKeyPolicyStatementsToAdd: content.kmsPolicyStatements } : {}),
        ...(auth
            ? {
                  auth: {
                      userPoolId: auth.userPoolId,
                      clientIds: auth.clientIds,
                      issuer: auth.issuer,
                      edgeFunctionArn: auth.qualifiedArn,
                      edgeFunctionName: auth.functionName,
                      ...(args.auth?.signIn
                          ? {
                                signIn: {
                                    signInUrl: front.urls.apply((urls) => `${urls[0]}/`),
                                    signOutUrl: front.urls.apply((urls) => `${urls[0]}${signInPaths.signOutPath}`),
                                    userPoolDomain: auth.signInDomain,
                                    appClientId: signInClient ? signInClient.clientId : auth.appClientId,
                                    ...(signInClient ? { clientIdParameterName: auth.signInClientIdParameterName } : {}),
                                },
                            }
                          : {}),
                  },
              }
            : {}),
        ...(keys
            ? {
                  signing: {
                      keyPairId: keys.publicKeyId,
                      keyPairIds: keys.publicKeyIds,
                      keyGroupId: keys.keyGroupId,
                      privateKeySecretArn: keys.secretArn,
                      servicePolicyArn: keys.policyArn,
                      pathPatterns: keys.pathPatterns,
                  },
              }
            : {}),
        ...(api ? { api: { url: api.apiUrl, regions: api.regions, worstCaseFailoverSeconds: api.worstCaseFailoverSeconds } } : {}),
        ...(waf ? { waf: { webAclArn: waf.webAclArn, logGroupName: waf.logGroupName } } : {}),
        ...(monitoring
            ? {
                  monitoring: {
                      alarmTopicArn: monitoring.alarmTopicArn,
                      dashboardName: monitoring.dashboardName,
                      alarmNames: monitoring.alarmNames,
                  },
              }
            : {}),
        ...(audit
            ? {
                  audit: {
                      queryDefinitionIds: audit.queryDefinitionIds,
                      logBucketName: audit.logBucketName,
                      logLocation: audit.logLocation,
                      athenaNamedQueryId: audit.athenaNamedQueryId,
                      athenaWorkgroupName: audit.athenaWorkgroupName,
                      lakeQuerySql: audit.lakeQuerySql,
                  },
              }
            : {}),
    };
}

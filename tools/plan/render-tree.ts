/**
 * A readable tree of the resources a plan would create, with the settings that matter for this
 * project: mode, TLS policy, origin access signing, cache and origin request policies, and the bucket
 * policy statements in one line each.
 */
import { MANAGED_POLICY_NAMES } from "../../components/cloudfront-facts";
import { PolicyDocument, PolicyStatement } from "../../components/origin-access-policy";
import { OfflineRun, RecordedResource, regionOf } from "../offline/engine";
import { planAdvisories } from "./guardrails";

/** A policy reference as a reader wants it: the managed policy's name, or the created policy. */
function policyName(id: unknown, run: OfflineRun): string {
    if (typeof id !== "string" || id === "") return "none";
    if (MANAGED_POLICY_NAMES[id]) return `${MANAGED_POLICY_NAMES[id]} (managed, ${id})`;
    const created = run.resources.find((r) => r.id === id);
    return created ? `${created.name} (created here)` : id;
}

function list(value: unknown): string {
    return Array.isArray(value) && value.length > 0 ? value.join(", ") : "none";
}

function parsePolicy(policy: unknown): PolicyDocument | undefined {
    try {
        return (typeof policy === "string" ? JSON.parse(policy) : policy) as PolicyDocument;
    } catch {
        return undefined;
    }
}

/** One line per statement: effect, principal, actions, and the conditions that scope it. */
export function summarizeStatement(s: PolicyStatement): string {
    const principal =
        s.Principal === "*" ? "anyone" : "Service" in s.Principal ? s.Principal.Service : list([s.Principal.AWS].flat());
    const actions = [s.Action].flat().join(", ");
    const conditions = Object.entries(s.Condition ?? {}).flatMap(([op, kv]) =>
        Object.entries(kv).map(([k, v]) => `${k} ${op} ${[v].flat().join(" | ")}`),
    );
    return `${s.Sid}: ${s.Effect} ${actions} to ${principal}${conditions.length ? ` when ${conditions.join(" and ")}` : ""}`;
}

// " when k op v and ..." for a statement's conditions, or nothing.
function conditionText(condition: Record<string, Record<string, unknown>> | undefined): string {
    const parts = Object.entries(condition ?? {}).flatMap(([op, kv]) => Object.entries(kv).map(([k, v]) => `${k} ${op} ${[v].flat().join(" | ")}`));
    return parts.length ? ` when ${parts.join(" and ")}` : "";
}

/** How a distribution writes its access logs, as the plan shows it. */
export type AccessLogsOf =
    | { readonly kind: "legacy"; readonly bucket: string }
    | { readonly kind: "v2"; readonly format: string; readonly destination: string; readonly fields: readonly string[] };

/**
 * How `distribution` logs: legacy logging (its `loggingConfig`), standard logging (v2: a log delivery
 * whose source is the distribution), or not at all. The delivery is found by dependencies, which a
 * preview knows even when the ARNs are unknown.
 */
export function accessLogsOf(run: OfflineRun, distribution: RecordedResource): AccessLogsOf | undefined {
    const legacy = (distribution.inputs as Record<string, any>).loggingConfig?.bucket;
    if (legacy) return { kind: "legacy", bucket: String(legacy) };
    const source = run.resources.find((r) => r.type === "aws:cloudwatch/logDeliverySource:LogDeliverySource" && r.dependencies.includes(distribution.urn));
    const delivery = source && run.resources.find((r) => r.type === "aws:cloudwatch/logDelivery:LogDelivery" && r.dependencies.includes(source.urn));
    const destination =
        delivery && run.resources.find((r) => r.type === "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination" && delivery.dependencies.includes(r.urn));
    if (!delivery || !destination) return undefined;
    const d = destination.inputs as Record<string, any>;
    return {
        kind: "v2",
        format: String(d.outputFormat ?? "json"),
        destination: String(d.deliveryDestinationConfiguration?.destinationResourceArn ?? "(unknown)"),
        fields: (delivery.inputs.recordFields as string[] | undefined) ?? [],
    };
}

function logsLine(run: OfflineRun, distribution: RecordedResource): string {
    const logs = accessLogsOf(run, distribution);
    if (!logs) return "logs off";
    return logs.kind === "legacy" ? `legacy logs to ${logs.bucket} (bucket ACLs)` : `standard logs (v2, ${logs.format}) to ${logs.destination}`;
}

function settings(r: RecordedResource, run: OfflineRun): string[] {
    const i = r.inputs as Record<string, any>;
    switch (r.type) {
        case "pulumi:providers:aws":
            return [`region ${i.region}`];
        case "aws:s3/bucket:Bucket":
            return [
                `${r.readId ? "adopted (read only)" : "bucket"} ${r.outputs.bucket ?? i.bucket}, in ${run.region}`,
                `origin host ${r.outputs.bucketRegionalDomainName}`,
                ...(r.readId ? [] : [`forceDestroy ${i.forceDestroy ?? false}`]),
            ];
        case "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
            const all = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
            const on = all.filter((k) => i[k] === true);
            return [on.length === all.length ? "all four Block Public Access settings on" : `only ${list(on)} on`];
        }
        case "aws:s3/bucketOwnershipControls:BucketOwnershipControls":
            return [`object ownership ${i.rule?.objectOwnership}`];
        case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
            const d = i.rules?.[0]?.applyServerSideEncryptionByDefault ?? {};
            return [`default encryption ${d.sseAlgorithm}${d.kmsMasterKeyId ? ` with ${d.kmsMasterKeyId}` : ""}`];
        }
        case "aws:s3/bucketVersioning:BucketVersioning":
            return [`versioning ${i.versioningConfiguration?.status}`];
        case "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
            return (i.rules ?? []).map((rule: any) => {
                const parts = [
                    ...(rule.noncurrentVersionTransitions ?? []).map((t: any) => `to ${t.storageClass} after ${t.noncurrentDays} d`),
                    rule.noncurrentVersionExpiration ? `expire after ${rule.noncurrentVersionExpiration.noncurrentDays} d` : "kept forever",
                ];
                return `noncurrent versions: ${parts.join(", ")}; abort incomplete uploads after ${rule.abortIncompleteMultipartUpload?.daysAfterInitiation} d`;
            });
        case "aws:s3/bucketLogging:BucketLogging":
            return [`access logs to ${i.targetBucket}/${i.targetPrefix}`];
        case "aws:iam/rolePolicy:RolePolicy": {
            // An identity policy: what the role may do, on which resources (the edge role's exact grants).
            const doc = parsePolicy(i.policy) as { Statement?: any[] } | undefined;
            return doc?.Statement
                ? doc.Statement.map((st) => `${st.Sid ?? "statement"}: ${st.Effect} ${[st.Action].flat().join(", ")} on ${[st.Resource].flat().join(", ")}${conditionText(st.Condition)}`)
                : ["(policy not readable)"];
        }
        case "aws:s3/bucketPolicy:BucketPolicy":
        case "aws:kms/keyPolicy:KeyPolicy": {
            const doc = parsePolicy(i.policy);
            return doc ? doc.Statement.map(summarizeStatement) : ["(policy not readable)"];
        }
        case "aws:kms/key:Key":
            return [`rotation ${i.enableKeyRotation ? "on" : "off"}, deletion window ${i.deletionWindowInDays} d`];
        case "aws:cloudfront/originAccessControl:OriginAccessControl":
            return [`signs ${i.signingBehavior} (${i.signingProtocol}) for ${i.originAccessControlOriginType} origins`];
        case "aws:cloudfront/originAccessIdentity:OriginAccessIdentity":
            return [`origin access identity (aws-cn has no origin access control)`];
        case "aws:cloudfront/cachePolicy:CachePolicy": {
            const p = i.parametersInCacheKeyAndForwardedToOrigin ?? {};
            return [
                `TTL min ${i.minTtl} / default ${i.defaultTtl} / max ${i.maxTtl}`,
                `cache key: headers ${list(p.headersConfig?.headers?.items)}; query strings ${p.queryStringsConfig?.queryStringBehavior}; cookies ${p.cookiesConfig?.cookieBehavior}`,
            ];
        }
        case "aws:cloudfront/originRequestPolicy:OriginRequestPolicy":
            return [
                `forwards headers ${list(i.headersConfig?.headers?.items)}; query strings ${i.queryStringsConfig?.queryStringBehavior}; cookies ${i.cookiesConfig?.cookieBehavior}`,
            ];
        case "aws:cloudfront/distribution:Distribution": {
            const b = i.defaultCacheBehavior ?? {};
            const cert = i.viewerCertificate ?? {};
            const tls = cert.cloudfrontDefaultCertificate
                ? "default *.cloudfront.net certificate (CloudFront applies TLSv1)"
                : `${cert.acmCertificateArn ? `ACM ${cert.acmCertificateArn}` : `IAM certificate ${cert.iamCertificateId}`}, policy ${cert.minimumProtocolVersion}, ${cert.sslSupportMethod}`;
            return [
                `names ${list(i.aliases)} + ${r.outputs.domainName}`,
                `origin ${i.origins?.[0]?.domainName}${i.origins?.[0]?.originAccessControlId ? ` via OAC ${i.origins[0].originAccessControlId}` : ""}`,
                `viewer TLS: ${tls}`,
                `viewers: ${b.viewerProtocolPolicy}; methods ${list(b.allowedMethods)}; compress ${b.compress ?? false}`,
                `cache policy ${policyName(b.cachePolicyId, run)}`,
                `origin request policy ${policyName(b.originRequestPolicyId, run)}`,
                `response headers policy ${policyName(b.responseHeadersPolicyId, run)}`,
                ...edgeFunctionLines("default behaviour", b),
                viewerCheckLine("default behaviour", b),
                ...(i.orderedCacheBehaviors ?? []).flatMap((o: any) => [
                    `behaviour ${o.pathPattern}: trusted key groups ${list(o.trustedKeyGroups)}`,
                    ...edgeFunctionLines(`behaviour ${o.pathPattern}`, o),
                    viewerCheckLine(`behaviour ${o.pathPattern}`, o),
                ]),
                `${i.priceClass}, ${i.httpVersion}, IPv6 ${i.isIpv6Enabled}, WAF ${i.webAclId ?? "none"}, ${logsLine(run, r)}, geo ${i.restrictions?.geoRestriction?.restrictionType}`,
            ];
        }
        case "aws:s3/bucketAcl:BucketAcl": {
            const grants = i.accessControlPolicy?.grants ?? [];
            return [i.acl ? `canned ACL ${i.acl}` : `${grants.length} grant(s): ${list(grants.map((g: any) => `${g.grantee?.type} ${String(g.grantee?.id).slice(0, 12)}… ${g.permission}`))}`];
        }
        case "aws:cloudwatch/logDeliverySource:LogDeliverySource":
            return [`${i.logType} of ${i.resourceArn}, in ${regionOf(r, run.resources, run.region)}`];
        case "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination":
            return [`${i.outputFormat} files to ${i.deliveryDestinationConfiguration?.destinationResourceArn}, in ${regionOf(r, run.resources, run.region)}`];
        case "aws:cloudwatch/logDelivery:LogDelivery": {
            const s3 = i.s3DeliveryConfigurations?.[0];
            return [
                `fields ${list(i.recordFields)}`,
                `S3 path AWSLogs/ACCOUNT/CloudFront/${s3?.suffixPath ?? ""}${s3?.enableHiveCompatiblePath ? " (Hive-compatible)" : ""}, in ${regionOf(r, run.resources, run.region)}`,
            ];
        }
        case "aws:acm/certificate:Certificate":
            return [`${list([i.domainName, ...(i.subjectAlternativeNames ?? [])])}, ${i.validationMethod} validation, in ${regionOf(r, run.resources, run.region)}`];
        case "tls:index/privateKey:PrivateKey":
            return [`${i.algorithm} ${i.rsaBits ?? i.ecdsaCurve ?? ""}`.trim() + ", private key held in the Pulumi state (see the advisory below)"];
        case "aws:acm/certificateValidation:CertificateValidation":
            return [`waits for ${list(i.validationRecordFqdns)}`];
        case "aws:route53/record:Record": {
            const routing = i.latencyRoutingPolicies?.[0]
                ? `, latency ${i.latencyRoutingPolicies[0].region}`
                : i.failoverRoutingPolicies?.[0]
                  ? `, failover ${i.failoverRoutingPolicies[0].type}`
                  : "";
            const health = i.healthCheckId ? `, health check ${i.healthCheckId}` : "";
            return [
                i.aliases?.length
                    ? `${i.type} ${i.name} -> alias ${i.aliases[0].name}${routing}${health}`
                    : `${i.type} ${i.name} -> ${list(i.records)}`,
            ];
        }
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return alarmLines(i);
        case "aws:cloudwatch/dashboard:Dashboard":
            return [`dashboard ${i.dashboardName}, ${(JSON.parse(String(i.dashboardBody ?? "{}")).widgets ?? []).length} widgets`];
        case "aws:cloudfront/monitoringSubscription:MonitoringSubscription":
            return [`additional metrics ${i.monitoringSubscription?.realtimeMetricsSubscriptionConfig?.realtimeMetricsSubscriptionStatus}`];
        case "aws:wafv2/webAcl:WebAcl":
            return [
                `scope ${i.scope}, default action ${Object.keys(i.defaultAction ?? {})[0]}`,
                ...(i.rules ?? []).map((rule: any) => `rule ${rule.priority} ${rule.name}: ${webAclRuleLine(rule)}`),
            ];
        case "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
            return [`logs to ${list(i.logDestinationConfigs)}, redacted ${list((i.redactedFields ?? []).map((f: any) => f.singleHeader?.name))}`];
        case "aws:cognito/userPoolDomain:UserPoolDomain":
            return [`managed login (version ${i.managedLoginVersion ?? 1}) at https://${i.domain}.auth.${regionOf(r, run.resources, run.region)}.amazoncognito.com`];
        case "aws:cognito/userPoolClient:UserPoolClient":
            return appClientLines(i);
        case "aws:cognito/managedLoginBranding:ManagedLoginBranding":
            return [`${i.useCognitoProvidedValues ? "Cognito's default" : "custom"} managed login style for client ${i.clientId}`];
        case "aws:ssm/parameter:Parameter":
            return [`${i.type} parameter ${i.name}, in ${regionOf(r, run.resources, run.region)}`];
        case "aws:route53/healthCheck:HealthCheck":
            return [`${i.type} https://${i.fqdn}:${i.port}${i.resourcePath} every ${i.requestInterval} s, unhealthy after ${i.failureThreshold} failures`];
        default:
            return [];
    }
}

const COMPARISONS: Readonly<Record<string, string>> = {
    GreaterThanThreshold: ">",
    GreaterThanOrEqualToThreshold: ">=",
    LessThanThreshold: "<",
    LessThanOrEqualToThreshold: "<=",
};

// What an alarm watches, when it fires and whom it tells: a metric (namespace, name, dimensions,
// statistic, period) or the expression of a metric-math alarm.
function alarmLines(i: any): string[] {
    const dimensions = Object.entries(i.dimensions ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
    const watched = i.metricName
        ? `${i.namespace} ${i.metricName} {${dimensions}} ${i.statistic} per ${i.period} s`
        : `expression ${(i.metricQueries ?? []).find((q: any) => q.returnData)?.expression}`;
    const when = `${COMPARISONS[i.comparisonOperator] ?? i.comparisonOperator} ${i.threshold} for ${i.evaluationPeriods} periods, missing data ${i.treatMissingData ?? "missing"}`;
    return [`${watched} ${when}`, `notifies ${list(i.alarmActions ?? [])}`];
}

// A web ACL rule: a managed group (and its overrides) or a rate limit, with the action it takes.
function webAclRuleLine(rule: any): string {
    const statement = rule.statement ?? {};
    const action = Object.keys(rule.action ?? rule.overrideAction ?? {})[0];
    if (statement.managedRuleGroupStatement) {
        const group = statement.managedRuleGroupStatement;
        const overrides = (group.ruleActionOverrides ?? []).map((o: any) => o.name);
        const actions = action === "none" ? "the group's own actions" : `every rule ${action}s`;
        return `managed group ${group.vendorName} ${group.name}, ${actions}${overrides.length ? `; ${overrides.join(", ")} count only` : ""}`;
    }
    if (statement.rateBasedStatement) {
        const rate = statement.rateBasedStatement;
        return `at most ${rate.limit} requests per ${rate.evaluationWindowSec ?? 300} s per ${rate.aggregateKeyType}, then ${action}`;
    }
    return action;
}

// An app client: public or with a secret, how it signs users in, and where Cognito may send them back.
function appClientLines(i: any): string[] {
    const kind = i.generateSecret ? "confidential (with a secret)" : "public (no secret)";
    if (!i.allowedOauthFlowsUserPoolClient) return [`${kind}; no OAuth (API sign-in ${list(i.explicitAuthFlows)})`];
    return [
        `${kind}; OAuth flows ${list(i.allowedOauthFlows)} (PKCE), scopes ${list(i.allowedOauthScopes)}, identity providers ${list(i.supportedIdentityProviders)}`,
        `callback URLs ${list(i.callbackUrls)}`,
        `sign-out URLs ${list(i.logoutUrls)}`,
    ];
}

// Who checks a viewer on a behaviour: the edge function (per request), CloudFront's key group check
// (signed URLs or cookies, no function), both, or nobody; the cost mode's content paths show "key group only".
function viewerCheckLine(where: string, behaviour: any): string {
    const lambda = (behaviour.lambdaFunctionAssociations ?? []).some((a: any) => a.eventType === "viewer-request");
    const keyGroups = (behaviour.trustedKeyGroups ?? []).length > 0;
    const check = lambda && keyGroups ? "signed URL or cookies, then the edge function" : lambda ? "the edge function" : keyGroups ? "signed URL or cookies only (key group; no Lambda@Edge)" : "nobody";
    return `${where}: viewers checked by ${check}`;
}

// The functions a behaviour runs (Lambda@Edge by versioned ARN), so the plan shows the auth wiring.
function edgeFunctionLines(where: string, behaviour: any): string[] {
    return [
        ...(behaviour.lambdaFunctionAssociations ?? []).map(
            (a: any) => `${where}: Lambda@Edge ${a.eventType} ${a.lambdaArn}${a.includeBody ? " (with body)" : ""}`,
        ),
        ...(behaviour.functionAssociations ?? []).map((a: any) => `${where}: CloudFront Function ${a.eventType} ${a.functionArn}`),
    ];
}

function flags(r: RecordedResource, run: OfflineRun): string {
    const out: string[] = [];
    if (r.protect) out.push("protect");
    if (r.retainOnDelete) out.push("retainOnDelete");
    if (r.provider) out.push(`provider ${regionOf(r, run.resources, run.region)}`);
    return out.length ? `  [${out.join(", ")}]` : "";
}

/** The whole human-readable plan, followed by the plan's advisories (see {@link planAdvisories}), one line each. */
export function renderTree(run: OfflineRun): string {
    const lines: string[] = [];
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of run.resources) {
        const key = r.parent;
        children.set(key, [...(children.get(key) ?? []), r]);
    }
    const walk = (r: RecordedResource, depth: number) => {
        const pad = "  ".repeat(depth);
        lines.push(`${pad}${r.readId ? "=" : "+"} ${r.type}  ${r.name}${flags(r, run)}`);
        for (const s of settings(r, run)) lines.push(`${pad}    ${s}`);
        for (const c of children.get(r.urn) ?? []) walk(c, depth + 1);
    };
    for (const root of children.get(undefined) ?? []) walk(root, 0);
    const advisories = planAdvisories(run);
    if (advisories.length > 0) lines.push("", ...advisories.map((a) => `Advisory: ${a}`));
    return lines.join("\n");
}

/**
 * A Mermaid flowchart of a planned stack (viewer → CloudFront → origin access → S3, with the
 * certificate, DNS and keys around them), drawn from what the plan would create, so the picture cannot
 * drift from the code. GitHub renders the fenced block.
 */
import { DEFAULT_CERTIFICATE_POLICY } from "../../components/cloudfront-facts";
import { OfflineRun, RecordedResource, regionOf } from "../offline/engine";
import { accessLogsOf } from "./render-tree";

// Mermaid labels are quoted; quotes inside are written as an entity.
function label(...lines: string[]): string {
    return `"${lines.map((l) => l.replace(/"/g, "#quot;")).join("<br/>")}"`;
}

function find(run: OfflineRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The diagram as a Markdown document with one fenced `mermaid` block. */
export function renderMermaid(run: OfflineRun): string {
    const lines = ["flowchart LR"];
    const distribution = find(run, "aws:cloudfront/distribution:Distribution")[0];
    // The origin bucket is the one the distribution points at (a stack may have log buckets too).
    const originDomain = (distribution?.inputs as Record<string, any> | undefined)?.origins?.[0]?.domainName;
    const bucket = find(run, "aws:s3/bucket:Bucket").find((b) => b.outputs.bucketRegionalDomainName === originDomain);
    if (!distribution || !bucket) return "```mermaid\nflowchart LR\n  empty[\"no distribution in this plan\"]\n```\n";

    const d = distribution.inputs as Record<string, any>;
    const cert = d.viewerCertificate ?? {};
    const policy = cert.cloudfrontDefaultCertificate ? DEFAULT_CERTIFICATE_POLICY : cert.minimumProtocolVersion;
    const names: string[] = d.aliases?.length ? d.aliases : [String(distribution.outputs.domainName)];
    const mode = String(run.outputs.mode ?? "");

    lines.push(`  viewer([${label("Viewers", `TLS per ${policy}`)}])`);
    lines.push(`  cf[${label("CloudFront distribution", names.join(", "), `mode ${mode}`, String(d.defaultCacheBehavior?.viewerProtocolPolicy))}]`);
    lines.push(`  viewer -->|${label(`HTTPS, ${policy}${cert.sslSupportMethod ? `, ${cert.sslSupportMethod}` : ""}`)}| cf`);

    // The front's own alias records (the API's records route by latency or failover, drawn below).
    const records = find(run, "aws:route53/record:Record").filter(
        (r) => (r.inputs.aliases as unknown[] | undefined)?.length && !r.inputs.setIdentifier,
    );
    if (records.length) {
        const kinds = [...new Set(records.map((r) => String(r.inputs.type)))].join("/");
        lines.push(`  dns[${label("Route 53 alias records", `${kinds} ${[...new Set(records.map((r) => String(r.inputs.name)))].join(", ")}`)}]`);
        lines.push(`  viewer -.->|resolves| dns -.-> cf`);
    }

    const certificate = find(run, "aws:acm/certificate:Certificate").find((c) => c.outputs.arn === cert.acmCertificateArn);
    if (certificate) {
        lines.push(`  cert[${label("ACM certificate", `${regionOf(certificate, run.resources, run.region)}, DNS-validated`)}]`);
        lines.push(`  cert -.-> cf`);
    } else if (cert.acmCertificateArn) {
        lines.push(`  cert[${label("existing ACM certificate", "us-east-1")}]`, `  cert -.-> cf`);
    } else if (cert.iamCertificateId) {
        lines.push(`  cert[${label("IAM server certificate", String(cert.iamCertificateId))}]`, `  cert -.-> cf`);
    }

    const oac = find(run, "aws:cloudfront/originAccessControl:OriginAccessControl")[0];
    const oai = find(run, "aws:cloudfront/originAccessIdentity:OriginAccessIdentity")[0];
    const access = oac
        ? label("Origin access control", `signing ${oac.inputs.signingBehavior}`, "SigV4")
        : oai
          ? label("Origin access identity")
          : label("No CloudFront signing", "viewer signs");
    lines.push(`  access{{${access}}}`);
    lines.push(`  cf --> access`);
    lines.push(`  s3[(${label("S3 bucket (private)", String(bucket.outputs.bucket ?? ""), run.region)})]`);
    lines.push(`  access -->|${label("HTTPS, TLS 1.2+")}| s3`);

    const edge = (d.defaultCacheBehavior?.lambdaFunctionAssociations ?? [])[0];
    if (edge) {
        lines.push(`  edge[${label("Lambda@Edge " + String(edge.eventType), "Cognito token check", "us-east-1, versioned")}]`);
        lines.push(`  cf -->|${label("every request, cached or not")}| edge`);
    }
    const rewrite = (d.defaultCacheBehavior?.functionAssociations ?? [])[0];
    if (rewrite) {
        lines.push(`  cffn[${label("CloudFront Function " + String(rewrite.eventType), "directory index rewrite")}]`);
        lines.push(`  cf --> cffn`);
    }
    const acl = find(run, "aws:wafv2/webAcl:WebAcl").find((a) => a.outputs.arn === d.webAclId);
    if (acl) {
        lines.push(`  waf{{${label("AWS WAF web ACL", `${(acl.inputs.rules as unknown[] | undefined)?.length ?? 0} rules, us-east-1`)}}}`);
        lines.push(`  waf -.->|${label("inspects every request")}| cf`);
    }
    const alarms = find(run, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "AWS/CloudFront" || a.inputs.metricQueries);
    if (alarms.length) {
        const dashboard = find(run, "aws:cloudwatch/dashboard:Dashboard").length > 0 ? ", dashboard" : "";
        lines.push(`  alarms[${label("CloudWatch alarms", `${alarms.length} on the front${dashboard}`, "us-east-1, SNS")}]`);
        lines.push(`  cf -.->|${label("metrics")}| alarms`);
    }
    const signed = (d.orderedCacheBehaviors ?? []).filter((b: any) => b.trustedKeyGroups?.length);
    if (signed.length) {
        lines.push(`  keys[${label("Key group", `signed URLs/cookies on ${signed.map((b: any) => b.pathPattern).join(", ")}`)}]`);
        lines.push(`  keys -.-> cf`);
    }
    lines.push(...apiLines(run));

    const bucketPolicy = find(run, "aws:s3/bucketPolicy:BucketPolicy").find((p) => p.inputs.bucket === bucket.outputs.bucket);
    if (bucketPolicy) {
        lines.push(`  bp[${label("Bucket policy", "deny non-TLS and TLS below 1.2", "allow only this distribution")}]`);
        lines.push(`  bp -.-> s3`);
    }
    const key = find(run, "aws:kms/key:Key")[0];
    if (key) lines.push(`  kms[${label("KMS key", "SSE-KMS, rotation on")}]`, `  kms -.-> s3`);
    const logs = accessLogsOf(run, distribution);
    if (logs?.kind === "legacy") lines.push(`  logs[(${label("Access logs (legacy, bucket ACLs)", logs.bucket)})]`, `  cf -.-> logs`);
    if (logs?.kind === "v2") lines.push(`  logs[(${label(`Access logs (standard logging v2, ${logs.format})`, logs.destination)})]`, `  cf -.->|${label("log delivery, us-east-1")}| logs`);
    return ["```mermaid", ...lines, "```", ""].join("\n");
}

// The multi-region API: one subgraph per region (custom domain, API, health check), behind the
// latency or failover records of the shared name.
function apiLines(run: OfflineRun): string[] {
    const routed = find(run, "aws:route53/record:Record").filter((r) => r.inputs.setIdentifier);
    if (!routed.length) return [];
    const name = String(routed[0].inputs.name);
    const routing = (routed[0].inputs.latencyRoutingPolicies as unknown[] | undefined)?.length ? "latency" : "failover";
    const lines = [`  apidns[${label("Route 53 " + routing + " records", name)}]`, `  client([${label("API clients")}]) --> apidns`];
    const checks = find(run, "aws:route53/healthCheck:HealthCheck");
    const domains = find(run, "aws:apigateway/domainName:DomainName");
    domains.forEach((domain, i) => {
        const region = regionOf(domain, run.resources, run.region);
        const id = `api${i}`;
        const check = checks.find((c) => String(c.inputs.fqdn).includes(`.execute-api.${region}.`));
        lines.push(`  subgraph ${id}_region [${region}]`);
        lines.push(`    ${id}[${label("API Gateway (regional)", `TLS ${String(domain.inputs.securityPolicy)}`, "Lambda + deep-ping health")}]`);
        lines.push("  end");
        lines.push(`  apidns -->|${label(String(routed.find((r) => String(r.inputs.setIdentifier).includes(region))?.inputs.setIdentifier ?? region))}| ${id}`);
        if (check) lines.push(`  ${id}_hc{{${label("health check", `${check.inputs.type} ${check.inputs.resourcePath}`, `${check.inputs.requestInterval} s x ${check.inputs.failureThreshold}`)}}} -.-> ${id}`);
    });
    return lines;
}

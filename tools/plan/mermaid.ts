/**
 * A Mermaid flowchart of a planned stack (viewer → CloudFront → origin access → S3, with the
 * certificate, DNS and keys around them), drawn from what the plan would create, so the picture cannot
 * drift from the code. GitHub renders the fenced block.
 */
import { DEFAULT_CERTIFICATE_POLICY } from "../../components";
import { OfflineRun, RecordedResource, regionOf } from "../offline/engine";

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
    const bucket = find(run, "aws:s3/bucket:Bucket")[0];
    if (!distribution || !bucket) return "```mermaid\nflowchart LR\n  empty[\"no distribution in this plan\"]\n```\n";

    const d = distribution.inputs as Record<string, any>;
    const cert = d.viewerCertificate ?? {};
    const policy = cert.cloudfrontDefaultCertificate ? DEFAULT_CERTIFICATE_POLICY : cert.minimumProtocolVersion;
    const names: string[] = d.aliases?.length ? d.aliases : [String(distribution.outputs.domainName)];
    const mode = String(run.outputs.mode ?? "");

    lines.push(`  viewer([${label("Viewers", `TLS per ${policy}`)}])`);
    lines.push(`  cf[${label("CloudFront distribution", names.join(", "), `mode ${mode}`, String(d.defaultCacheBehavior?.viewerProtocolPolicy))}]`);
    lines.push(`  viewer -->|${label(`HTTPS, ${policy}${cert.sslSupportMethod ? `, ${cert.sslSupportMethod}` : ""}`)}| cf`);

    const records = find(run, "aws:route53/record:Record").filter((r) => (r.inputs.aliases as unknown[] | undefined)?.length);
    if (records.length) {
        const kinds = [...new Set(records.map((r) => String(r.inputs.type)))].join("/");
        lines.push(`  dns[${label("Route 53 alias records", `${kinds} ${[...new Set(records.map((r) => String(r.inputs.name)))].join(", ")}`)}]`);
        lines.push(`  viewer -.->|resolves| dns -.-> cf`);
    }

    const certificate = find(run, "aws:acm/certificate:Certificate")[0];
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

    const bucketPolicy = find(run, "aws:s3/bucketPolicy:BucketPolicy")[0];
    if (bucketPolicy) {
        lines.push(`  bp[${label("Bucket policy", "deny non-TLS and TLS below 1.2", "allow only this distribution")}]`);
        lines.push(`  bp -.-> s3`);
    }
    const key = find(run, "aws:kms/key:Key")[0];
    if (key) lines.push(`  kms[${label("KMS key", "SSE-KMS, rotation on")}]`, `  kms -.-> s3`);
    if (d.loggingConfig?.bucket) lines.push(`  logs[(${label("Access logs", String(d.loggingConfig.bucket))})]`, `  cf -.-> logs`);
    return ["```mermaid", ...lines, "```", ""].join("\n");
}

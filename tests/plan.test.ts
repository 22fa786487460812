import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { parsePlanArguments, runPlan } from "../tools/plan/cli";
import { PreviewJson, PreviewStep } from "../tools/plan/preview-json";
import { PROJECT_DIR, tempProject } from "./mocks";

interface Captured {
    code: number;
    stdout: string;
    stderr: string;
}

async function plan(argv: string[], projectDir = PROJECT_DIR): Promise<Captured> {
    let stdout = "";
    let stderr = "";
    const code = await runPlan(argv, (t) => (stdout += t), (t) => (stderr += t), projectDir);
    return { code, stdout, stderr };
}

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
}

function step(doc: PreviewJson, type: string, name?: string): PreviewStep {
    const found = doc.steps.filter((s) => s.newState.type === type && (name === undefined || s.urn.endsWith(`::${name}`)));
    expect(found, `${type} ${name ?? ""}`).to.have.length(1);
    return found[0];
}

describe("offline plan (npm run plan)", () => {
    it("prints the dev plan as an offline preview with the settings that matter", async () => {
        const { code, stdout, stderr } = await plan(["--stack", "dev"]);
        expect(stderr).to.equal("");
        expect(code).to.equal(0);
        expect(stdout).to.match(/NOT a deployment/);
        expect(stdout).to.include("`pulumi up` deploys for real");
        expect(stdout).to.include("mode signed | viewer TLS policy TLSv1");
        expect(stdout).to.include("signs always (sigv4) for s3 origins");
        expect(stdout).to.include("cache policy CachingOptimized (managed, 658327ea-f89d-4fab-a63d-7e88639e58f6)");
        expect(stdout).to.include("origin request policy CORS-S3Origin (managed, 88a5eaf4-2fd4-4709-b370-b4c650ea3fcf)");
        expect(stdout).to.include("DenyTlsBelow1_2: Deny s3:* to anyone when s3:TlsVersion NumericLessThan 1.2");
        expect(stdout).to.match(/AllowCloudFrontRead: Allow s3:GetObject to cloudfront\.amazonaws\.com when AWS:SourceArn StringEquals arn:aws:cloudfront::123456789012:distribution\/E[A-Z0-9]{13}/);
        // The auth wiring: the edge function on the default behaviour, by versioned ARN, in us-east-1.
        expect(stdout).to.match(/default behaviour: Lambda@Edge viewer-request arn:aws:lambda:us-east-1:123456789012:function:auth-function-[a-z0-9]+:1/);
        expect(stdout).to.match(/aws:lambda\/function:Function {2}auth-function {2}\[retainOnDelete, provider us-east-1\]/);
        // 44 + sign-in (auth.signIn): the pool domain, the edge role's parameter grant, and the SignInAppClient
        // (component, its us-east-1 provider, client, login style, client ID parameter).
        expect(stdout).to.match(/51 resources to create \(3 explicit providers, 0 read\)/);
    });

    describe("prod with --json and --mermaid", () => {
        let doc: PreviewJson;
        let mermaid: string;
        let stdout: string;

        before(async () => {
            const dir = tempDir();
            const result = await plan(["--stack", "prod", "--json", path.join(dir, "p.json"), "--mermaid", path.join(dir, "p.md")]);
            expect(result.code, result.stderr).to.equal(0);
            stdout = result.stdout;
            doc = JSON.parse(fs.readFileSync(path.join(dir, "p.json"), "utf8"));
            mermaid = fs.readFileSync(path.join(dir, "p.md"), "utf8");
        });

        it("writes pulumi preview --json steps: every resource a create step, providers included", () => {
            expect(doc.offline).to.equal(true);
            expect(doc.steps.every((s) => s.op === "create")).to.equal(true);
            expect(doc.changeSummary).to.deep.equal({ create: doc.steps.length });
            const types = doc.steps.map((s) => s.newState.type);
            expect(types[0]).to.equal("pulumi:pulumi:Stack");
            // The default provider, us-east-1 for the front's certificate, for the edge auth, for the API's
            // DNS and alarms, for the web ACL, for the front's monitoring, and one per API region.
            expect(types.filter((t) => t === "pulumi:providers:aws")).to.have.length(8);
            const defaultProvider = doc.steps.find((s) => s.urn.includes("pulumi:providers:aws::default_"))!;
            expect(defaultProvider.newState.inputs.region).to.equal("eu-central-1");
            expect(step(doc, "pulumi:providers:aws", "front-us-east-1").newState.inputs.region).to.equal("us-east-1");
            // Default providers (aws, tls, and pulumi-nodejs for the dynamic JWKS resource) are synthesized as steps, like a real preview, but not counted.
            const defaults = doc.steps.filter((s) => s.urn.includes("::default_"));
            expect(defaults.map((s) => s.newState.type).sort()).to.deep.equal(["pulumi:providers:aws", "pulumi:providers:pulumi-nodejs", "pulumi:providers:tls"]);
            expect(stdout).to.include(`${doc.steps.length - defaults.length} resources to create (7 explicit providers, 0 read)`);
            for (const region of ["eu-central-1", "eu-west-1"]) {
                expect(step(doc, "pulumi:providers:aws", `api-${region}`).newState.inputs.region).to.equal(region);
                expect(step(doc, "aws:apigateway/restApi:RestApi", `api-${region}-api`).provider).to.match(new RegExp(`api-${region}::`));
                expect(step(doc, "aws:route53/healthCheck:HealthCheck", `api-${region}-health-check`).newState.inputs.fqdn).to.match(
                    new RegExp(`^[a-z0-9]+\\.execute-api\\.${region}\\.amazonaws\\.com$`),
                );
            }
        });

        it("gives every custom resource a provider step and every resource but the stack a parent step", () => {
            const urns = new Set(doc.steps.map((s) => s.urn));
            for (const s of doc.steps) {
                if (s.newState.type !== "pulumi:pulumi:Stack" && !s.urn.includes("::default_")) {
                    expect(urns.has(s.newState.parent!), `${s.urn} parent`).to.equal(true);
                }
                if (s.newState.custom && !s.newState.type.startsWith("pulumi:providers:")) {
                    const providerUrn = s.newState.provider!.split("::").slice(0, -1).join("::");
                    expect(urns.has(providerUrn), `${s.urn} provider`).to.equal(true);
                }
            }
        });

        it("puts the certificate and its validation on the us-east-1 provider, the bucket on the default one", () => {
            const usEast1 = step(doc, "pulumi:providers:aws", "front-us-east-1").urn;
            expect(step(doc, "aws:acm/certificate:Certificate", "front-certificate").provider).to.match(new RegExp(`^${usEast1.replace(/[$]/g, "\\$")}::`));
            expect(step(doc, "aws:acm/certificateValidation:CertificateValidation", "front-certificate-validation").provider).to.match(/front-us-east-1::/);
            expect(step(doc, "aws:s3/bucket:Bucket", "content-bucket").provider).to.match(/pulumi:providers:aws::default_/);
        });

        it("records protect and retainOnDelete, and inputs fully resolved (policy JSON naming the distribution)", () => {
            const bucket = step(doc, "aws:s3/bucket:Bucket", "content-bucket").newState;
            expect(bucket).to.include({ protect: true, retainOnDelete: true });
            const distribution = step(doc, "aws:cloudfront/distribution:Distribution").newState;
            const policy = JSON.parse(step(doc, "aws:s3/bucketPolicy:BucketPolicy", "content-policy").newState.inputs.policy as string);
            const read = policy.Statement.find((s: any) => s.Sid === "AllowCloudFrontRead");
            expect(read.Condition.StringEquals["AWS:SourceArn"]).to.equal(distribution.outputs.arn);
            expect((distribution.inputs.viewerCertificate as any).minimumProtocolVersion).to.equal("TLSv1_2016");
            expect((distribution.inputs.origins as any[])[0].domainName).to.equal("acme-legacy-content-prod.s3.eu-central-1.amazonaws.com");
            // No input is left unknown (the engine's unknown marker); only the default provider's ID is, as in a real preview.
            for (const s of doc.steps) {
                expect(JSON.stringify(s.newState.inputs), s.urn).not.to.include(pulumi.runtime.unknownValue);
            }
        });

        it("prints every front alarm with its metric, threshold and topic, the dashboard, and the web ACL with its rules", () => {
            const topic = /notifies (arn:aws:sns:us-east-1:\d{12}:monitoring-alarms-\w+)/.exec(stdout)?.[1];
            expect(topic, "the alarms' topic").to.be.a("string");
            expect(stdout).to.match(/monitoring-server-error-rate {2}\[provider us-east-1\]\n\s+AWS\/CloudFront 5xxErrorRate \{DistributionId=E\w+, Region=Global\} Average per 60 s > 5 for 5 periods, missing data notBreaching\n\s+notifies arn:aws:sns:us-east-1/);
            expect(stdout).to.match(/monitoring-auth-failure-rate {2}\[provider us-east-1\]\n\s+expression r401ErrorRate \+ r403ErrorRate > 10 for 5 periods/);
            expect(stdout).to.match(/AWS\/CloudFront LambdaLimitExceededErrors \{DistributionId=E\w+, Region=Global\} Sum per 60 s >= 5 for 3 periods/);
            expect(stdout.match(new RegExp(`notifies ${topic}`, "g"))).to.have.length(6);
            expect(stdout).to.match(/dashboard legacy-tls-front-prod-monitoring, \d+ widgets/);
            expect(stdout).to.include("scope CLOUDFRONT, default action allow");
            expect(stdout).to.include("rule 0 RateLimitPerClientIp: at most 2000 requests per 300 s per IP, then block");
            expect(stdout).to.include("rule 1 AWSManagedRulesCommonRuleSet: managed group AWS AWSManagedRulesCommonRuleSet, the group's own actions");
            expect(stdout).to.match(/logs to arn:aws:logs:us-east-1:\d{12}:log-group:aws-waf-logs-[\w-]+, redacted authorization, cookie/);
        });

        it("is the diagram the README embeds, so the picture cannot drift from the code", () => {
            const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
            const embedded = /<!-- mermaid:prod -->\n([\s\S]*?)<!-- \/mermaid:prod -->/.exec(readme);
            expect(embedded, "README.md has no <!-- mermaid:prod --> block").to.not.equal(null);
            expect(embedded![1]).to.equal(mermaid);
        });

        it("runs the guardrail policies and finds the prod stack compliant", () => {
            expect(stdout).to.include("Guardrails: 11 policies of policy/ (the pulumi policy pack), no violations.");
        });

        it("draws the architecture: viewer, CloudFront with its policy, OAC, S3, certificate in us-east-1, DNS", () => {
            expect(mermaid.startsWith("```mermaid\nflowchart LR\n")).to.equal(true);
            expect(mermaid).to.include('viewer -->|"HTTPS, TLSv1_2016, vip"| cf');
            expect(mermaid).to.include("Origin access control<br/>signing always");
            expect(mermaid).to.include("ACM certificate<br/>us-east-1, DNS-validated");
            expect(mermaid).to.include("A/AAAA legacy.example.com");
            expect(mermaid).to.include("acme-legacy-content-prod<br/>eu-central-1");
            expect(mermaid).to.include("Lambda@Edge viewer-request<br/>Cognito token check<br/>us-east-1, versioned");
            expect(mermaid).to.include("signed URLs/cookies on /downloads/*");
            // One subgraph per API region, each reached from the latency records.
            expect(mermaid.match(/subgraph api\d_region \[(eu-central-1|eu-west-1)\]/g)).to.have.length(2);
            expect(mermaid).to.include("Route 53 latency records<br/>api.example.com");
        });
    });

    it("refuses a stack named prod that calls itself dev to drop its protection", async () => {
        const dir = tempProject(
            "prod",
            ["config:", "  aws:region: eu-west-1", "  legacy-tls-front:environment: dev", "  legacy-tls-front:front:", "    mode: signed",
             "  legacy-tls-front:bucket:", "    protect: false", ""].join("\n"),
        );
        const { code, stdout, stderr } = await plan(["--stack", "prod"], dir);
        expect(code).to.equal(1);
        expect(stdout).to.equal("");
        expect(stderr).to.include('environment: "dev" contradicts the stack name "prod"; allowed: prod (or leave it out)');
    });

    it("prints guardrail violations and exits 1 when the program creates an unprotected prod bucket", async () => {
        // A program other than the stack's (which cannot produce this): a bare bucket in stack prod.
        const program = () => {
            new aws.s3.Bucket("loose", {});
        };
        const out: string[] = [];
        const err: string[] = [];
        const code = await runPlan(["--stack", "prod"], (t) => out.push(t), (t) => err.push(t), PROJECT_DIR, program);
        expect(code).to.equal(1);
        const stdout = out.join("");
        expect(stdout).to.match(/Guardrails: 2 violation\(s\) of the policies in policy\/ \(2 mandatory, 0 advisory\):/);
        expect(stdout).to.include('[mandatory] prod-buckets-retained: aws:s3/bucket:Bucket "loose"');
        expect(stdout).to.include('[mandatory] s3-bucket-has-public-access-block: aws:s3/bucket:Bucket "loose" has no BucketPublicAccessBlock');
        expect(err.join("")).to.equal(
            'plan: stack "prod" violates mandatory guardrails (listed above); `pulumi preview --policy-pack policy` would fail the same way\n',
        );
    });

    it("exits 2 with the reason for bad arguments", async () => {
        const missing = await plan([]);
        expect(missing.code).to.equal(2);
        expect(missing.stderr).to.match(/--stack: \(missing\) is required \(the stack whose Pulumi\.<stack>\.yaml to plan/);
        expect(missing.stderr).to.include("usage: npm run plan");
        const unknown = await plan(["--stack", "dev", "--jsn", "x"]);
        expect(unknown.code).to.equal(2);
        expect(unknown.stderr).to.match(/Unknown option '--jsn'.*known options: --stack, --json, --mermaid, --help/);
        expect(() => parsePlanArguments(["--stack", "dev", "--json", ""])).to.throw(/--json: "" is not a file name/);
        const ambiguous = await plan(["--stack", "dev", "--json", "--mermaid"]);
        expect(ambiguous.code).to.equal(2);
        expect(ambiguous.stderr).to.match(/--json/);
    });

    it("--help prints the help and exits 0", async () => {
        const { code, stdout, stderr } = await plan(["--help"]);
        expect(code).to.equal(0);
        expect(stderr).to.equal("");
        expect(stdout).to.include("\nusage: npm run plan -- --stack NAME [--json FILE] [--mermaid FILE]\n");
        expect(stdout).to.match(/\n {2}--mermaid FILE {2}also write the architecture diagram to FILE/);
    });

    it("names the missing stack file and the stacks that exist", async () => {
        const { code, stderr } = await plan(["--stack", "staging"]);
        expect(code).to.equal(1);
        expect(stderr).to.match(/Pulumi\.staging\.yaml: no such stack file; stacks here: dev, prod/);
    });

    it("names the file and the problem for an unreadable stack file or a bad stack name", async () => {
        const dir = tempProject("bad", "config:\n  aws:region: [unclosed\n");
        const malformed = await plan(["--stack", "bad"], dir);
        expect(malformed.code).to.equal(1);
        expect(malformed.stdout).to.equal("");
        expect(malformed.stderr).to.match(/^plan: .*Pulumi\.bad\.yaml: /);
        // A bad name is a bad argument (exit 2, with the usage), caught before any file is read.
        const traversal = await plan(["--stack", "../etc/passwd"], dir);
        expect(traversal.code).to.equal(2);
        expect(traversal.stderr).to.include("usage:");
        expect(traversal.stderr).to.include('--stack: "../etc/passwd" is not a stack name (letters, digits, "_", ".", "-")');
    });

    it("prints only the config errors and exits 1 for an invalid stack config", async () => {
        const dir = tempProject(
            "broken",
            [
                "config:",
                "  aws:region: eu-west-1",
                "  legacy-tls-front:environment: dev",
                "  legacy-tls-front:front:",
                "    mode: sign",
                "    minimumTlsVersion: SSLv2",
                "",
            ].join("\n"),
        );
        const { code, stdout, stderr } = await plan(["--stack", "broken"], dir);
        expect(code).to.equal(1);
        expect(stdout).to.equal("");
        expect(stderr.trim().split("\n")).to.deep.equal([
            "Pulumi.broken.yaml is invalid:",
            '  - front.minimumTlsVersion: "SSLv2" is not one of SSLv3 | TLSv1 | TLSv1_2016 | TLSv1.1_2016 | TLSv1.2_2018 | TLSv1.2_2019 | TLSv1.2_2021 | TLSv1.2_2025 | TLSv1.3_2025 (did you mean SSLv3?)',
            '  - front.mode: "sign" is not one of signed | unsigned | presigned (did you mean signed?)',
        ]);
    });
});

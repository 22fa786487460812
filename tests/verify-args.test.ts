/**
 * `npm run verify` without a network: argument validation (exit 2, messages naming the argument, the
 * value and the allowed values), default groups, the TLS expectation logic, and `--stack` resolution
 * from the real Pulumi.<stack>.yaml files with stubbed outputs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { ValidationError } from "../components/validation";
import { groupsToRun, parseVerifyArguments, plainHttpUrlOf } from "../tools/verify/args";
import { runVerify } from "../tools/verify/cli";
import { StackLookupError, bucketRestUrl, resolveStackTargets } from "../tools/verify/stack-target";
import { TlsProbeResult, tlsChecks } from "../tools/verify/tls-probe";
import { PROJECT_DIR, tempProject } from "./mocks";

async function exitAndError(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runVerify(argv, (t) => (stdout += t), (t) => (stderr += t));
    return { code, stderr, stdout };
}

describe("verify arguments", () => {
    const URL_ARG = ["--url", "https://legacy.example.com/protected"];
    const NOT_PEM = path.join(PROJECT_DIR, "package.json");

    for (const [why, argv, message] of [
        ["no --url and no --stack", [], /--url: \(missing\) is required \(an https:\/\/ URL of the front\), unless --stack NAME is given/],
        ["a plain-http --url", ["--url", "http://legacy.example.com/"], /--url: "http:\/\/legacy\.example\.com\/" is not a URL of the form https:\/\/HOST\[:PORT\]\/PATH/],
        ["an unknown --expect-min-tls", [...URL_ARG, "--expect-min-tls", "TLSv1.0"], /--expect-min-tls: "TLSv1\.0" is not one of TLSv1 \| TLSv1\.1 \| TLSv1\.2 \| TLSv1\.3/],
        ["--ca with --insecure", [...URL_ARG, "--ca", NOT_PEM, "--insecure"], /--insecure: true cannot be combined with --ca/],
        ["an unknown check group", [...URL_ARG, "--checks", "tls,dns"], /--checks\[1\]: "dns" is not one of tls \| http \| auth \| bucket/],
        ["a group listed twice", [...URL_ARG, "--checks", "tls,tls"], /--checks\[1\]: "tls" is listed twice/],
        ["auth without --token", [...URL_ARG, "--checks", "auth"], /--checks: "auth" includes auth, which needs --token/],
        ["bucket without --bucket-url", [...URL_ARG, "--checks", "bucket"], /--checks: "bucket" includes bucket, which needs --bucket-url \(or --stack\)/],
        ["a non-numeric --timeout-ms", [...URL_ARG, "--timeout-ms", "5s"], /--timeout-ms: "5s" is not a whole number from 100 to 120000/],
        ["a --timeout-ms out of range", [...URL_ARG, "--timeout-ms", "50"], /--timeout-ms: 50 is not a whole number from 100 to 120000/],
        ["an unknown option", [...URL_ARG, "--min-tls", "TLSv1"], /Unknown option '--min-tls'.*known options: --url, --stack/],
        ["a --ca file that does not exist", [...URL_ARG, "--ca", "/nonexistent/ca.pem"], /--ca: "\/nonexistent\/ca\.pem" cannot be read \(ENOENT\)/],
        ["a --ca file that is not PEM", [...URL_ARG, "--ca", NOT_PEM], /--ca: ".*package\.json" is not a PEM file/],
        ["--url with --stack", [...URL_ARG, "--stack", "dev"], /--url: ".*" cannot be combined with --stack/],
        ["a stack name with an empty part", ["--stack", "acme/dev/"], /--stack: "acme\/dev\/" is not a stack name \(stack, org\/stack or org\/project\/stack of letters, digits, "_", "\.", "-"\)/],
        ["a stack name with four parts", ["--stack", "a/b/c/dev"], /--stack: "a\/b\/c\/dev" is not a stack name/],
        ["a URL with credentials", ["--url", "https://user:pw@legacy.example.com/"], /--url: ".*" must not carry credentials/],
        ["a bucket URL that is no URL", [...URL_ARG, "--bucket-url", "acme-bucket"], /--bucket-url: "acme-bucket" is not a URL of the form https:\/\/HOST\[:PORT\]\/PATH \| http:\/\/HOST\[:PORT\]\/PATH/],
    ] as const) {
        it(`exits 2 for ${why}, naming the argument and value`, async () => {
            const { code, stderr, stdout } = await exitAndError([...argv]);
            expect(code).to.equal(2);
            expect(stdout).to.equal("");
            expect(stderr).to.match(message);
            expect(stderr).to.include("usage: npm run verify");
        });
    }

    it("reports every problem at once", () => {
        expect(() => parseVerifyArguments(["--url", "ftp://x", "--expect-min-tls", "SSLv3", "--timeout-ms", "0"]))
            .to.throw(ValidationError)
            .with.property("issues")
            .that.has.length(3);
    });

    it("never echoes a bad --token", async () => {
        const { code, stderr } = await exitAndError([...URL_ARG, "--token", "secret value"]);
        expect(code).to.equal(2);
        expect(stderr).to.include('--token: "(hidden)" is empty or contains whitespace');
        expect(stderr).not.to.include("secret value");
    });

    it("--help prints the help and exits 0", async () => {
        const { code, stdout } = await exitAndError(["--help"]);
        expect(code).to.equal(0);
        expect(stdout).to.match(/^verify: checks a live front/);
        expect(stdout).to.match(/\nusage: npm run verify -- \(--url URL \| --stack NAME\)/);
        expect(stdout).to.match(/\n {2}--checks GROUP,\.\.\. +the check groups to run/);
    });

    it("parses a full command line", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-args-"));
        const ca = path.join(dir, "ca.pem");
        fs.writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        try {
            const args = parseVerifyArguments([
                "--url", "https://legacy.example.com:8443/p?q=1", "--expect-min-tls", "TLSv1.1", "--bucket-url", "https://b.s3.eu-west-1.amazonaws.com/",
                "--token", "abc", "--ca", ca, "--checks", "tls, auth", "--json", "--timeout-ms", "2500",
            ]);
            expect(args.url?.href).to.equal("https://legacy.example.com:8443/p?q=1");
            expect(args).to.include({ expectMinTls: "TLSv1.1", token: "abc", caFile: ca, insecure: false, json: true, timeoutMs: 2500 });
            expect(args.ca).to.include("BEGIN CERTIFICATE");
            expect(args.checks).to.deep.equal(["tls", "auth"]);
            expect(args.bucketUrl?.hostname).to.equal("b.s3.eu-west-1.amazonaws.com");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("derives the plain-HTTP URL on port 80 with the same host, path and query", () => {
        expect(plainHttpUrlOf(new URL("https://legacy.example.com:8443/a/b?x=1")).href).to.equal("http://legacy.example.com/a/b?x=1");
    });

    it("runs every group the arguments make possible by default", () => {
        expect(groupsToRun({}, false)).to.deep.equal(["tls", "http"]);
        expect(groupsToRun({ token: "t" }, false)).to.deep.equal(["tls", "http", "auth"]);
        expect(groupsToRun({ token: "t" }, true)).to.deep.equal(["tls", "http", "auth", "bucket"]);
        expect(groupsToRun({ checks: ["bucket"], token: "t" }, true)).to.deep.equal(["bucket"]);
    });
});

describe("tlsChecks", () => {
    const accepted = (version: TlsProbeResult["version"], trusted = true): TlsProbeResult => ({
        version,
        outcome: "accepted",
        protocol: version,
        cipher: "ECDHE-RSA-AES128-SHA",
        certificateTrusted: trusted,
        ...(trusted ? {} : { certificateError: "CERT_HAS_EXPIRED" }),
    });
    const refused = (version: TlsProbeResult["version"]): TlsProbeResult => ({ version, outcome: "refused", reason: "error ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION" });

    it("expects versions at or above the minimum accepted and older ones refused", () => {
        const checks = tlsChecks("t", [refused("TLSv1"), accepted("TLSv1.1"), accepted("TLSv1.2"), refused("TLSv1.3")], "TLSv1.1", false);
        expect(checks.map((c) => [c.expectation, c.pass])).to.deep.equal([
            ["refused", true],
            ["accepted, trusted certificate", true],
            ["accepted, trusted certificate", true],
            ["accepted, trusted certificate", false],
        ]);
    });

    it("fails an accepted version with an untrusted certificate unless insecure", () => {
        expect(tlsChecks("t", [accepted("TLSv1.2", false)], "TLSv1.2", false)[0]).to.include({
            pass: false,
            observed: "accepted TLSv1.2 ECDHE-RSA-AES128-SHA, certificate NOT trusted: CERT_HAS_EXPIRED",
        });
        expect(tlsChecks("t", [accepted("TLSv1.2", false)], "TLSv1.2", true)[0].pass).to.equal(true);
    });

    it("fails a version that got no answer even when it should be refused", () => {
        const [row] = tlsChecks("t", [{ version: "TLSv1", outcome: "error", reason: "timed out after 5000 ms" }], "TLSv1.2", false);
        expect(row).to.include({ expectation: "refused", observed: "no answer (timed out after 5000 ms)", pass: false });
    });
});

describe("verify --stack resolution", () => {
    const stub = (outputs: Record<string, unknown>) => async () => outputs;

    it("prod: custom domain URL, bucket REST endpoint in eu-central-1, TLSv1_2016 so TLSv1 and newer", async () => {
        const targets = await resolveStackTargets(
            "prod",
            stub({ urls: ["https://legacy.example.com"], bucketName: "acme-legacy-content-prod", securityPolicy: "TLSv1_2016" }),
            PROJECT_DIR,
        );
        expect(targets.urls.map((u) => u.href)).to.deep.equal(["https://legacy.example.com/"]);
        expect(targets.bucketUrl?.href).to.equal("https://acme-legacy-content-prod.s3.eu-central-1.amazonaws.com/");
        expect(targets).to.include({ securityPolicy: "TLSv1_2016", expectMinTls: "TLSv1" });
        expect(targets.notes).to.deep.equal([]);
    });

    it("accepts an org/project/stack name and falls back to the url output", async () => {
        const targets = await resolveStackTargets("acme/legacy-tls-front/dev", stub({ url: "https://d111111abcdef8.cloudfront.net" }), PROJECT_DIR);
        expect(targets.urls.map((u) => u.hostname)).to.deep.equal(["d111111abcdef8.cloudfront.net"]);
        expect(targets.expectMinTls).to.equal("TLSv1");
        expect(targets.notes).to.deep.equal(["the stack has no bucketName output: bucket checks need --bucket-url"]);
    });

    it("reads the minimum from the config, not a hard-coded table: a stack asking for TLSv1.2_2021 expects TLSv1.2", async () => {
        const prod = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
        // Prod's clients choose TLSv1_2016; an explicit modern policy without them must be read instead.
        const strict = prod.replace(/    clients:\n(      - .*\n)+/, "    minimumTlsVersion: TLSv1.2_2021\n");
        expect(strict).to.not.equal(prod);
        const dir = tempProject("strict", strict);
        try {
            const targets = await resolveStackTargets("strict", stub({ urls: ["https://legacy.example.com"], bucketName: "b" }), dir);
            expect(targets).to.include({ securityPolicy: "TLSv1.2_2021", expectMinTls: "TLSv1.2" });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("notes when the deployed policy differs from the config", async () => {
        const targets = await resolveStackTargets("prod", stub({ urls: ["https://legacy.example.com"], bucketName: "b", securityPolicy: "TLSv1.2_2021" }), PROJECT_DIR);
        expect(targets.notes[0]).to.match(/deployed policy \(output securityPolicy\) is TLSv1\.2_2021 but Pulumi\.prod\.yaml asks for TLSv1_2016/);
    });

    for (const [why, stack, outputs, message] of [
        ["an unknown stack", "staging", {}, /Pulumi\.staging\.yaml: no such stack file; stacks here: dev, prod/],
        ["a stack without URL outputs", "dev", { bucketName: "b" }, /"dev" has no urls or url output \(has it been deployed\?\)/],
        ["a non-https URL output", "dev", { urls: ["http://x.example.com"] }, /output urls\[0\] "http:\/\/x\.example\.com" is not an https:\/\/ URL/],
    ] as const) {
        it(`throws StackLookupError for ${why}`, async () => {
            let error: unknown;
            await resolveStackTargets(stack, stub(outputs), PROJECT_DIR).catch((e) => (error = e));
            expect(error).to.be.instanceOf(StackLookupError);
            expect((error as Error).message).to.match(message);
        });
    }

    it("builds the bucket's REST endpoint: virtual-hosted, path style for dotted names, .cn in aws-cn", () => {
        expect(bucketRestUrl("acme", "eu-west-1", "aws").href).to.equal("https://acme.s3.eu-west-1.amazonaws.com/");
        expect(bucketRestUrl("acme.content", "eu-west-1", "aws").href).to.equal("https://s3.eu-west-1.amazonaws.com/acme.content/");
        expect(bucketRestUrl("acme", "cn-north-1", "aws-cn").href).to.equal("https://acme.s3.cn-north-1.amazonaws.com.cn/");
    });
});

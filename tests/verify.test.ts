/**
 * `npm run verify` against real servers on 127.0.0.1: TLS 1.0 only, TLS 1.2+ (also the 401 server),
 * TLS 1.0–1.3, an HTTP→HTTPS redirector, a "bucket" answering 403, a port that refuses and a server
 * that never answers. Every expectation is seen both passing and failing.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { CheckResult } from "../tools/verify/checks";
import { VerifyDeps, runVerify } from "../tools/verify/cli";
import { opensslAvailable } from "./support/test-pki";
import { VerifyReport } from "../tools/verify/render";
import { pulumiStackOutputs } from "../tools/verify/stack-target";
import { PROJECT_DIR } from "./mocks";

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

async function verify(argv: string[], deps?: VerifyDeps): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const code = await runVerify(argv, (t) => (stdout += t), (t) => (stderr += t), deps);
    return { code, stdout, stderr };
}

async function verifyJson(argv: string[], deps?: VerifyDeps): Promise<{ code: number; report: VerifyReport; stderr: string }> {
    const run = await verify([...argv, "--json"], deps);
    expect(run.stderr, run.stderr).to.equal("");
    return { code: run.code, report: JSON.parse(run.stdout) as VerifyReport, stderr: run.stderr };
}

function row(report: VerifyReport, check: string): CheckResult {
    const found = report.checks.filter((c) => c.check === check);
    expect(found, check).to.have.length(1);
    return found[0];
}


const GOOD_TOKEN = "good-token-123";
const CHALLENGE = 'Bearer realm="verify-test", error="invalid_token"';

// The same handler on every HTTPS server: /protected wants the token, /open is public.
function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url?.startsWith("/protected")) {
        if (req.headers.authorization === `Bearer ${GOOD_TOKEN}`) res.writeHead(200).end("content");
        else res.writeHead(401, { "WWW-Authenticate": CHALLENGE }).end();
        return;
    }
    res.writeHead(200).end("public");
}

async function listen(server: net.Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as net.AddressInfo).port;
}

describe("npm run verify on loopback", function () {
    this.timeout(20000);

    const servers: net.Server[] = [];
    const sockets = new Set<net.Socket>();
    let dir: string;
    let caFile: string;
    const port: Record<string, number> = {};

    before(async function () {
        if (!opensslAvailable()) {
            // Node cannot create X.509 certificates itself; these tests need the openssl CLI.
            console.warn("    openssl is not on the PATH: skipping the loopback verify tests");
            this.skip();
        }
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-test-"));
        caFile = path.join(dir, "cert.pem");
        const keyFile = path.join(dir, "key.pem");
        execFileSync(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", caFile,
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
            { stdio: "pipe" },
        );
        const tlsOptions = { key: fs.readFileSync(keyFile), cert: fs.readFileSync(caFile), ciphers: "DEFAULT@SECLEVEL=0" };
        const track = (server: net.Server): net.Server => {
            server.on("connection", (s: net.Socket) => {
                sockets.add(s);
                s.on("close", () => sockets.delete(s));
            });
            // Handshake failures are what the refused probes cause; they are expected here.
            server.on("tlsClientError", () => undefined);
            servers.push(server);
            return server;
        };
        port.tls10 = await listen(track(https.createServer({ ...tlsOptions, minVersion: "TLSv1", maxVersion: "TLSv1" }, handler)));
        port.tls12 = await listen(track(https.createServer({ ...tlsOptions, minVersion: "TLSv1.2", maxVersion: "TLSv1.3" }, handler)));
        port.tls10to13 = await listen(track(https.createServer({ ...tlsOptions, minVersion: "TLSv1", maxVersion: "TLSv1.3" }, handler)));
        port.redirect = await listen(
            track(
                http.createServer((req, res) => {
                    if (req.url?.startsWith("/temporary")) res.writeHead(302, { Location: `https://127.0.0.1:${port.tls12}${req.url}` }).end();
                    else if (req.url?.startsWith("/elsewhere")) res.writeHead(301, { Location: "https://example.com/" }).end();
                    else if (req.url?.startsWith("/served")) res.writeHead(200).end("plain");
                    else res.writeHead(301, { Location: `https://127.0.0.1:${port.tls12}${req.url}` }).end();
                }),
            ),
        );
        port.bucket = await listen(
            track(
                http.createServer((req, res) => {
                    if (req.url?.startsWith("/public")) res.writeHead(200).end("<ListBucketResult/>");
                    else res.writeHead(403, { "Content-Type": "application/xml" }).end("<Error><Code>AccessDenied</Code></Error>");
                }),
            ),
        );
        // Accepts TCP, never speaks: every check must end in a timeout, not hang.
        port.silent = await listen(track(net.createServer(() => undefined)));
        const closed = net.createServer();
        port.closed = await listen(closed);
        await new Promise((resolve) => closed.close(resolve));
    });

    after(async () => {
        for (const s of sockets) s.destroy();
        await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const url = (name: string, p = "/protected"): string => `https://127.0.0.1:${port[name]}${p}`;

    describe("tls", () => {
        it("--expect-min-tls TLSv1.2 against the TLS 1.2+ server passes: 1.0/1.1 refused, 1.2/1.3 accepted", async () => {
            const { code, report } = await verifyJson(["--url", url("tls12"), "--ca", caFile, "--expect-min-tls", "TLSv1.2", "--checks", "tls"]);
            expect(code).to.equal(0);
            expect(report.passed).to.equal(true);
            expect(report.checks.map((c) => [c.check, c.expectation, c.pass])).to.deep.equal([
                ["TLSv1 handshake", "refused", true],
                ["TLSv1.1 handshake", "refused", true],
                ["TLSv1.2 handshake", "accepted, trusted certificate", true],
                ["TLSv1.3 handshake", "accepted, trusted certificate", true],
            ]);
            expect(row(report, "TLSv1 handshake").observed).to.match(/^refused \(error ERR_SSL_/);
            expect(row(report, "TLSv1.2 handshake").details).to.include({ outcome: "accepted", protocol: "TLSv1.2", certificateTrusted: true });
            expect(row(report, "TLSv1.3 handshake").details).to.include({ protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" });
            expect(report.settings.probeCiphers).to.equal("DEFAULT@SECLEVEL=0");
        });

        it("--expect-min-tls TLSv1 against the TLS 1.2+ server fails on exactly the 1.0 and 1.1 rows", async () => {
            const { code, report } = await verifyJson(["--url", url("tls12"), "--ca", caFile, "--expect-min-tls", "TLSv1", "--checks", "tls"]);
            expect(code).to.equal(1);
            expect(report.checks.filter((c) => !c.pass).map((c) => c.check)).to.deep.equal(["TLSv1 handshake", "TLSv1.1 handshake"]);
        });

        it("the TLS 1.0-only server negotiates TLSv1 with a legacy cipher and refuses 1.1-1.3", async () => {
            const { code, report } = await verifyJson(["--url", url("tls10"), "--ca", caFile, "--expect-min-tls", "TLSv1", "--checks", "tls"]);
            expect(code).to.equal(1);
            const tls1 = row(report, "TLSv1 handshake");
            expect(tls1.pass).to.equal(true);
            expect(tls1.details).to.include({ outcome: "accepted", protocol: "TLSv1" });
            expect(String(tls1.details?.cipher)).to.match(/SHA$/); // a TLS 1.0 suite: CBC with SHA-1 MAC
            for (const v of ["TLSv1.1", "TLSv1.2", "TLSv1.3"]) {
                const r = row(report, `${v} handshake`);
                expect(r.details, v).to.include({ outcome: "refused" });
                expect(r.pass, v).to.equal(false);
            }
        });

        it("the TLS 1.0-1.3 server passes --expect-min-tls TLSv1 and fails TLSv1.2 (old versions still accepted)", async () => {
            const ok = await verifyJson(["--url", url("tls10to13"), "--ca", caFile, "--expect-min-tls", "TLSv1", "--checks", "tls"]);
            expect(ok.code).to.equal(0);
            expect(ok.report.checks.map((c) => c.details?.protocol)).to.deep.equal(["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]);

            const strict = await verifyJson(["--url", url("tls10to13"), "--ca", caFile, "--expect-min-tls", "TLSv1.2", "--checks", "tls"]);
            expect(strict.code).to.equal(1);
            expect(strict.report.checks.filter((c) => !c.pass).map((c) => c.observed)).to.satisfy((o: string[]) =>
                o.length === 2 && o[0].startsWith("accepted TLSv1 ") && o[1].startsWith("accepted TLSv1.1 "),
            );
        });

        it("validates certificates by default: without --ca the self-signed certificate fails every accepted version", async () => {
            const { code, report } = await verifyJson(["--url", url("tls12"), "--expect-min-tls", "TLSv1.2", "--checks", "tls"]);
            expect(code).to.equal(1);
            const r = row(report, "TLSv1.2 handshake");
            expect(r.pass).to.equal(false);
            expect(r.observed).to.include("certificate NOT trusted: DEPTH_ZERO_SELF_SIGNED_CERT");
            expect(row(report, "TLSv1 handshake").pass).to.equal(true); // refused as expected, no certificate involved
        });

        it("--insecure skips validation and says so", async () => {
            const { code, report } = await verifyJson(["--url", url("tls12"), "--insecure", "--expect-min-tls", "TLSv1.2", "--checks", "tls"]);
            expect(code).to.equal(0);
            expect(row(report, "TLSv1.3 handshake").observed).to.include("certificate NOT verified (--insecure)");
            expect(report.notes.join("\n")).to.include("certificates are NOT validated");
        });

        it("without --expect-min-tls only reports, and requires some version to be accepted", async () => {
            const { code, report } = await verifyJson(["--url", url("tls10"), "--ca", caFile, "--checks", "tls"]);
            expect(code).to.equal(0);
            expect(row(report, "TLSv1.2 handshake")).to.include({ expectation: "report only", pass: true });
            expect(row(report, "any version")).to.include({ observed: "accepted: TLSv1", pass: true });

            const plain = await verifyJson(["--url", `https://127.0.0.1:${port.bucket}/`, "--checks", "tls"]);
            expect(plain.code).to.equal(1); // an HTTP server refuses every TLS version
            expect(row(plain.report, "any version")).to.include({ observed: "none accepted", pass: false });
        });
    });

    describe("http", () => {
        it("passes on a 301 to the same host and path on https", async () => {
            const { code, report } = await verifyJson([
                "--url", url("tls12", "/a/b?x=1"), "--http-url", `http://127.0.0.1:${port.redirect}/a/b?x=1`, "--checks", "http",
            ]);
            expect(code).to.equal(0);
            expect(report.checks[0]).to.include({ check: "plain HTTP redirects", pass: true });
            expect(report.checks[0].details).to.deep.equal({ status: 301, location: `https://127.0.0.1:${port.tls12}/a/b?x=1` });
        });

        for (const [p, why, observed] of [
            ["/temporary", "302 instead of 301", /^302, Location: https:/],
            ["/elsewhere", "a redirect to another host", /^301, Location: https:\/\/example\.com\/$/],
            ["/served", "content over plain HTTP", /^200$/],
        ] as const) {
            it(`fails on ${why}`, async () => {
                const { code, report } = await verifyJson(["--url", url("tls12", p), "--http-url", `http://127.0.0.1:${port.redirect}${p}`, "--checks", "http"]);
                expect(code).to.equal(1);
                expect(report.checks[0].pass).to.equal(false);
                expect(report.checks[0].observed).to.match(observed);
            });
        }
    });

    describe("auth", () => {
        it("passes: 401 with WWW-Authenticate without a token, 200 with the right one (never printing it)", async () => {
            const run = await verify(["--url", url("tls12"), "--ca", caFile, "--token", GOOD_TOKEN, "--checks", "auth"]);
            expect(run.code).to.equal(0);
            expect(run.stdout).to.include(`401, WWW-Authenticate: ${CHALLENGE}`);
            expect(run.stdout).not.to.include(GOOD_TOKEN);
        });

        it("fails the 200 check with a wrong token", async () => {
            const { code, report } = await verifyJson(["--url", url("tls12"), "--ca", caFile, "--token", "wrong", "--checks", "auth"]);
            expect(code).to.equal(1);
            expect(row(report, "no token").pass).to.equal(true);
            expect(row(report, "with --token")).to.include({ pass: false, observed: `401, WWW-Authenticate: ${CHALLENGE}` });
        });

        it("fails the 401 check on a path served to anyone", async () => {
            const { code, report } = await verifyJson(["--url", url("tls12", "/open"), "--ca", caFile, "--token", GOOD_TOKEN, "--checks", "auth"]);
            expect(code).to.equal(1);
            expect(row(report, "no token")).to.include({ pass: false, observed: "200" });
        });

        it("fails when the certificate is not trusted (HTTP checks validate too)", async () => {
            const { code, report } = await verifyJson(["--url", url("tls12"), "--token", GOOD_TOKEN, "--checks", "auth"]);
            expect(code).to.equal(1);
            expect(row(report, "no token").observed).to.equal("error DEPTH_ZERO_SELF_SIGNED_CERT");
        });
    });

    describe("bucket", () => {
        it("passes when the anonymous request gets 403 and fails when it is served", async () => {
            const ok = await verifyJson(["--url", url("tls12"), "--bucket-url", `http://127.0.0.1:${port.bucket}/private/`, "--checks", "bucket"]);
            expect(ok.code).to.equal(0);
            expect(ok.report.checks).to.have.length(1);
            expect(ok.report.checks[0]).to.include({ group: "bucket", observed: "403", pass: true });

            const open = await verifyJson(["--url", url("tls12"), "--bucket-url", `http://127.0.0.1:${port.bucket}/public/`, "--checks", "bucket"]);
            expect(open.code).to.equal(1);
            expect(open.report.checks[0]).to.include({ observed: "200", pass: false });
        });
    });

    describe("unreachable hosts and timeouts", () => {
        it("reports a closed port as failed checks in every group, without throwing", async () => {
            const { code, report } = await verifyJson([
                "--url", `https://127.0.0.1:${port.closed}/`, "--http-url", `http://127.0.0.1:${port.closed}/`,
                "--bucket-url", `http://127.0.0.1:${port.closed}/`, "--token", "t", "--expect-min-tls", "TLSv1.2",
            ]);
            expect(code).to.equal(1);
            expect(report.settings.groups).to.deep.equal(["tls", "http", "auth", "bucket"]);
            expect(report.checks).to.have.length(8);
            for (const c of report.checks) {
                expect(c.pass, c.check).to.equal(false);
                expect(c.observed, c.check).to.include("ECONNREFUSED");
            }
            // Unreachable is not "refused": a version below the minimum still fails.
            expect(row(report, "TLSv1 handshake").observed).to.equal("no answer (error ECONNREFUSED)");
        });

        it("ends each check at --timeout-ms against a server that never answers", async () => {
            const started = Date.now();
            const { code, report } = await verifyJson([
                "--url", `https://127.0.0.1:${port.silent}/`, "--http-url", `http://127.0.0.1:${port.silent}/`, "--timeout-ms", "300",
            ]);
            expect(code).to.equal(1);
            expect(report.checks.map((c) => c.observed)).to.deep.equal([
                ...Array(4).fill("no answer (timed out after 300 ms)"),
                "none accepted",
                "timed out after 300 ms",
            ]);
            expect(Date.now() - started).to.be.below(4000);
        });
    });

    describe("table output", () => {
        it("prints the probe's security-level note, a row per check and the verdict", async () => {
            const run = await verify(["--url", url("tls12"), "--ca", caFile, "--expect-min-tls", "TLSv1", "--checks", "tls"]);
            expect(run.code).to.equal(1);
            expect(run.stdout).to.include('ciphers "DEFAULT@SECLEVEL=0" for the probe only');
            expect(run.stdout).to.match(/tls\s+TLSv1 handshake\s+accepted, trusted certificate\s+refused \(error ERR_SSL_\w+\)\s+FAIL\n/);
            expect(run.stdout).to.match(/tls\s+TLSv1\.3 handshake\s+accepted, trusted certificate\s+accepted TLSv1\.3 \S+, certificate trusted\s+pass\n/);
            expect(run.stdout).to.match(/2 of 4 checks FAILED\.\n$/);
        });
    });

    describe("--stack", () => {
        const outputsFor =
            (urls: string[], extra: Record<string, unknown> = {}): VerifyDeps["stackOutputs"] =>
            async () => ({ urls, url: urls[0], bucketName: "acme-legacy-content-prod", ...extra });

        it("takes the URL from the outputs and the minimum from Pulumi.dev.yaml (default certificate: TLSv1)", async () => {
            const { code, report } = await verifyJson(["--stack", "dev", "--ca", caFile, "--checks", "tls"], {
                stackOutputs: outputsFor([url("tls10to13", "/")], { securityPolicy: "TLSv1" }),
                projectDir: PROJECT_DIR,
            });
            expect(code).to.equal(0);
            expect(report.settings.expectMinTls).to.equal("TLSv1");
            expect(report.notes).to.include("stack dev: viewer policy TLSv1, so the minimum is TLSv1");
            expect(report.checks).to.have.length(4);
        });

        it("checks every URL of the stack and fails where the server does not keep the config's promise", async () => {
            // prod asks for TLSv1_2016 (TLS 1.0 and newer); the 1.2+ server breaks that promise.
            const { code, report } = await verifyJson(["--stack", "prod", "--ca", caFile, "--checks", "tls"], {
                stackOutputs: outputsFor([url("tls10to13", "/"), url("tls12", "/")], { securityPolicy: "TLSv1.2_2021" }),
                projectDir: PROJECT_DIR,
            });
            expect(code).to.equal(1);
            expect(report.settings.expectMinTls).to.equal("TLSv1");
            expect(report.notes.join("\n")).to.include("the deployed policy (output securityPolicy) is TLSv1.2_2021 but Pulumi.prod.yaml asks for TLSv1_2016");
            expect(report.checks.filter((c) => !c.pass).map((c) => `${c.target} ${c.check}`)).to.deep.equal([
                `${url("tls12", "/")} TLSv1 handshake`,
                `${url("tls12", "/")} TLSv1.1 handshake`,
            ]);
        });

        it("exits 2 with an install hint when the Pulumi CLI is missing", async () => {
            const run = await verify(["--stack", "dev"], { stackOutputs: pulumiStackOutputs("pulumi-cli-not-installed-here"), projectDir: PROJECT_DIR });
            expect(run.code).to.equal(2);
            expect(run.stderr).to.include("the Pulumi CLI (pulumi-cli-not-installed-here) is not on the PATH");
            expect(run.stderr).to.include("https://www.pulumi.com/docs/install/");
        });
    });
});

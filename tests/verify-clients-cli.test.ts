/**
 * `npm run verify -- --checks clients` end to end on loopback: the CLI against CloudFront emulations
 * (`TLSv1_2016` + `sni-only`, `TLSv1_2016` + `vip`, `TLSv1.2_2021` + `sni-only`), reached through
 * `--resolve`, compared with the handshake model client by client; `--stack` comparing the live
 * outcome with the stack's own settings; the JSON shape and the SPKI pins.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { CLIENT_PROFILES } from "../components/tls-clients/client-catalogue";
import { isLegacyClient, predictConnection } from "../components/tls-clients/compatibility";
import { ViewerPolicyName } from "../components/tls-clients/viewer-policies";
import { runVerify } from "../tools/verify/cli";
import type { ClientVerdict } from "../tools/verify/client-checks";
import type { VerifyReport } from "../tools/verify/render";
import { CloudFrontEmulator, SslSupportMethod, startCloudFrontEmulator } from "./support/cloudfront-emulator";
import { TestPki, opensslAvailable, testPki } from "./support/test-pki";
import { tempProject } from "./mocks";

const HOST = "legacy.example.test";

async function verify(argv: string[], stackOutputs?: Record<string, unknown>, projectDir?: string): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runVerify(argv, (t) => (stdout += t), (t) => (stderr += t), {
        ...(stackOutputs ? { stackOutputs: async () => stackOutputs } : {}),
        ...(projectDir ? { projectDir } : {}),
    });
    return { code, stdout, stderr };
}

describe("verify --checks clients against CloudFront emulations", function () {
    this.timeout(60_000);
    let pki: TestPki;
    before(function () {
        if (!opensslAvailable()) this.skip();
        pki = testPki(HOST);
    });

    async function emulate(policy: ViewerPolicyName, sslSupportMethod: SslSupportMethod): Promise<CloudFrontEmulator> {
        return startCloudFrontEmulator({
            policy,
            sslSupportMethod,
            keyType: "RSA",
            serverName: HOST,
            certificateChainPem: pki.chainPem,
            privateKeyPem: pki.leaf.keyPem,
        });
    }

    const args = (port: number, clients: string): string[] => [
        "--url",
        `https://${HOST}:${port}/`,
        "--resolve",
        `${HOST}:${port}:127.0.0.1`,
        "--checks",
        "clients",
        "--clients",
        clients,
        "--ca",
        path.join(pki.dir, "root.pem"),
        "--json",
    ];

    for (const [policy, method] of [
        ["TLSv1_2016", "sni-only"],
        ["TLSv1_2016", "vip"],
        ["TLSv1.2_2021", "sni-only"],
    ] as const) {
        it(`${policy} + ${method}: --clients legacy agrees with the handshake model for every legacy client`, async () => {
            const emulator = await emulate(policy, method);
            try {
                const run = await verify(args(emulator.port, "legacy"));
                expect(run.stderr).to.equal("");
                const report = JSON.parse(run.stdout) as VerifyReport;
                const legacy = CLIENT_PROFILES.filter(isLegacyClient);
                expect(report.clients!.map((c) => c.id)).to.deep.equal(legacy.map((p) => p.id));
                for (const profile of legacy) {
                    const live = report.clients!.find((c) => c.id === profile.id)!;
                    const predicted = predictConnection(profile, { certificate: "custom", policy, sslSupportMethod: method, keyType: "RSA", chainAnchors: "unknown" });
                    expect({ connected: live.connected, protocol: live.protocol, cipher: live.cipher }, profile.name).to.deep.equal(
                        predicted.connects
                            ? { connected: true, protocol: predicted.protocol, cipher: predicted.cipher }
                            : { connected: false, protocol: undefined, cipher: undefined },
                    );
                    // The test root came in through --ca, which every client trusts.
                    if (live.connected) expect(live.trusted, profile.name).to.equal(true);
                }
                // legacy is report-only: the run passes whatever the clients saw.
                expect(run.code).to.equal(0);
            } finally {
                await emulator.close();
            }
        });
    }

    it("names fail the run when a named client cannot connect, and say why", async () => {
        const emulator = await emulate("TLSv1_2016", "sni-only");
        try {
            const run = await verify(args(emulator.port, "Java 6u45,android-4.4.2"));
            const report = JSON.parse(run.stdout) as VerifyReport;
            expect(run.code).to.equal(1);
            const rows = report.checks.filter((c) => c.group === "clients");
            expect(rows.map((c) => [c.check, c.pass])).to.deep.equal([
                ["Java 6u45", false],
                ["Android 4.4.2", true],
            ]);
            expect(rows[0].observed).to.match(/^refused: connection (closed|reset) without an answer \(.*SNI/);
            expect(rows[1].observed).to.equal("TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256, chain trusted by the client");
        } finally {
            await emulator.close();
        }
    });

    it("without --ca, clients with a known trust store report the untrusted chain, naming its top", async () => {
        const emulator = await emulate("TLSv1_2016", "vip");
        try {
            const run = await verify(args(emulator.port, "Java 6u45").filter((a, i, all) => a !== "--ca" && all[i - 1] !== "--ca"));
            const report = JSON.parse(run.stdout) as VerifyReport;
            const java: ClientVerdict = report.clients![0];
            expect(java).to.deep.include({ connected: true, protocol: "TLSv1", cipher: "AES128-SHA", trusted: false });
            expect(java.reason).to.match(/Test (Intermediate|Root) CA.*not in the client's roots \(starfield-class-2\)/);
            expect(run.code).to.equal(1);
        } finally {
            await emulator.close();
        }
    });

    it("prints the SPKI SHA-256 pins of the served chain, leaf first", async () => {
        const emulator = await emulate("TLSv1_2016", "vip");
        try {
            const text = await verify(args(emulator.port, "Java 6u45").filter((a) => a !== "--json"));
            const crypto = await import("node:crypto");
            const pin = (pem: string): string => crypto.createHash("sha256").update(new crypto.X509Certificate(pem).publicKey.export({ type: "spki", format: "der" })).digest("hex");
            expect(text.stdout).to.include(`SPKI SHA-256 pins of the chain https://${HOST}:${emulator.port}/ served`);
            const leafAt = text.stdout.indexOf(pin(pki.leaf.certPem));
            const intermediateAt = text.stdout.indexOf(pin(pki.intermediate.certPem));
            expect(leafAt).to.be.greaterThan(0);
            expect(intermediateAt).to.be.greaterThan(leafAt);
            expect(text.stdout).to.include("ClientHello is rebuilt from its profile");
        } finally {
            await emulator.close();
        }
    });

    describe("--stack", () => {
        // A stack that lists Java 6u45 (no SNI) and Android 4.4.2: the model chooses TLSv1_2016 and vip.
        const stackYaml = [
            "config:",
            "  aws:region: eu-central-1",
            "  legacy-tls-front:environment: staging",
            "  legacy-tls-front:front:",
            "    mode: signed",
            "    domainNames:",
            `      - ${HOST}`,
            "    hostedZoneId: Z0123456789ABCDEFGHIJ",
            "    clients:",
            "      - Java 6u45",
            "      - Android 4.4.2",
            "",
        ].join("\n");

        async function stackRun(policy: ViewerPolicyName, method: SslSupportMethod) {
            const emulator = await emulate(policy, method);
            const project = tempProject("staging", stackYaml);
            try {
                const run = await verify(
                    ["--stack", "staging", "--checks", "clients", "--resolve", `${HOST}:${emulator.port}:127.0.0.1`, "--ca", path.join(pki.dir, "root.pem"), "--json"],
                    { urls: [`https://${HOST}:${emulator.port}/`], securityPolicy: "TLSv1_2016" },
                    project,
                );
                return { run, report: JSON.parse(run.stdout) as VerifyReport };
            } finally {
                await emulator.close();
                fs.rmSync(project, { recursive: true, force: true });
            }
        }

        it("passes when the front does what the stack's settings predict for the clients it lists", async () => {
            const { run, report } = await stackRun("TLSv1_2016", "vip");
            expect(run.stderr).to.equal("");
            expect(report.clients!.map((c) => [c.name, c.connected, c.cipher, c.predicted?.connects])).to.deep.equal([
                ["Java 6u45", true, "AES128-SHA", true],
                ["Android 4.4.2", true, "ECDHE-RSA-AES128-GCM-SHA256", true],
            ]);
            expect(run.code).to.equal(0);
        });

        it("fails on any difference: a front left on sni-only drops Java 6u45, which the stack says connects", async () => {
            const { run, report } = await stackRun("TLSv1_2016", "sni-only");
            const java = report.checks.find((c) => c.check === "Java 6u45")!;
            expect(java.pass).to.equal(false);
            expect(java.expectation).to.equal("connects (TLSv1 AES128-SHA), as the stack's settings predict");
            expect(report.checks.find((c) => c.check === "Android 4.4.2")!.pass).to.equal(true);
            expect(run.code).to.equal(1);
        });
    });
});

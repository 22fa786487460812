/**
 * `tls-report`'s policy impact: what each viewer security policy would do to a logged (ssl-protocol,
 * ssl-cipher) pair. Classification cases worked out by hand from the documentation's table (the
 * reasoning is in each row), the table facts the reasoning relies on, properties checked over every
 * pair the tables allow, and the whole CLI on a written log with hand-counted numbers.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { PolicyImpact, TlsReport } from "../tools/tls-report/aggregate";
import { runTlsReport } from "../tools/tls-report/cli";
import {
    NO_CIPHER_FIELD,
    PolicyOutcome,
    classifyUnderPolicy,
    impactOfPair,
    someoneMayRefuse,
    whyUnclassified,
} from "../tools/tls-report/policy-impact";
import { CLOUDFRONT_STANDARD_LOG_FIELDS } from "../components/cloudfront-facts";
import { cipherSuiteByName } from "../components/tls-clients/cipher-suites";
import { PROTOCOLS } from "../components/tls-clients/protocols";
import { ECDSA_CIPHER_ROWS, PROTOCOL_ROWS, RSA_CIPHER_ROWS, TLS13_CIPHER_ROWS, VIEWER_POLICIES, VIEWER_POLICY_NAMES, ViewerPolicyName, cipherOrder } from "../components/tls-clients/viewer-policies";

// The documentation's RSA order, numbered as the comments below refer to it (R1 … R14), with the
// last policy of each row:
//  R1 ECDHE-RSA-AES128-GCM-SHA256 (…2025, TLS 1.2 only)   R8  AES128-GCM-SHA256 (…2018, 1.2)
//  R2 ECDHE-RSA-AES128-SHA256     (…2019, 1.2)            R9  AES256-GCM-SHA384 (…2018, 1.2)
//  R3 ECDHE-RSA-AES128-SHA        (…1.1_2016)             R10 AES128-SHA256     (…2018, 1.2)
//  R4 ECDHE-RSA-AES256-GCM-SHA384 (…2025, 1.2)            R11 AES256-SHA        (…1.1_2016)
//  R5 ECDHE-RSA-CHACHA20-POLY1305 (…2021, 1.2)            R12 AES128-SHA        (…1.1_2016)
//  R6 ECDHE-RSA-AES256-SHA384     (…2019, 1.2)            R13 DES-CBC3-SHA      (…TLSv1)
//  R7 ECDHE-RSA-AES256-SHA        (…1.1_2016)             R14 RC4-MD5           (SSLv3 only)
// ECDSA: E1 GCM128 (…2025), E2 AES128-SHA256 (…2019), E3 AES128-SHA (…1.1_2016), E4 GCM256 (…2025),
// E5 CHACHA20 (…2021), E6 AES256-SHA384 (…2019), E7 AES256-SHA (…1.1_2016).
// TLS 1.3: T1 AES_128_GCM (all), T2 AES_256_GCM (all), T3 CHACHA20 (…TLSv1.2_2025).
// Protocols: TLSv1.3 all; TLSv1.2 …2025; TLSv1.1 …1.1_2016; TLSv1 …TLSv1_2016; SSLv3 SSLv3 only.
type Case = readonly [protocol: string, cipher: string, inForce: ViewerPolicyName, candidate: ViewerPolicyName, expected: PolicyOutcome, why: string];

const CASES: readonly Case[] = [
    ["TLSv1", "ECDHE-RSA-AES128-SHA", "TLSv1", "TLSv1.2_2021", "refused", "TLSv1.2_2021 has no TLSv1, the viewer's newest protocol"],
    ["TLSv1.1", "ECDHE-RSA-AES128-SHA", "TLSv1", "TLSv1.1_2016", "served", "TLSv1.1 and R3 are both in TLSv1.1_2016"],
    ["TLSv1.1", "ECDHE-RSA-AES128-SHA", "TLSv1", "TLSv1.2_2018", "refused", "TLSv1.2_2018 has no TLSv1.1"],
    ["TLSv1.2", "ECDHE-RSA-AES128-SHA", "TLSv1", "TLSv1.2_2018", "mayRefuse", "not offered R1, R2; 2018 lacks R3 but has R4 R5 R6 R8 R9 R10 below it"],
    ["TLSv1.2", "ECDHE-RSA-AES128-SHA", "TLSv1", "TLSv1.2_2025", "mayRefuse", "2025 keeps R1 (not offered) and R4 (may be)"],
    ["TLSv1.2", "ECDHE-RSA-AES128-SHA", "TLSv1", "TLSv1.1_2016", "served", "R3 is in TLSv1.1_2016"],
    ["TLSv1", "DES-CBC3-SHA", "TLSv1", "TLSv1_2016", "refused", "over TLSv1 TLSv1 ranks R3 R7 R11 R12 above 3DES (not offered); TLSv1_2016 has only those; RC4-MD5 is SSLv3 only"],
    ["TLSv1", "DES-CBC3-SHA", "TLSv1", "SSLv3", "served", "SSLv3 is less restrictive: it has TLSv1 and 3DES"],
    ["TLSv1.2", "DES-CBC3-SHA", "TLSv1", "TLSv1_2016", "refused", "over TLSv1.2 every cipher of TLSv1_2016 (R1-R12) is ranked above 3DES"],
    ["TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1", "TLSv1.2_2025", "served", "R1 is in every policy with TLSv1.2"],
    ["TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1", "TLSv1.3_2025", "refused", "TLSv1.3_2025 has no TLSv1.2"],
    ["TLSv1.2", "ECDHE-RSA-CHACHA20-POLY1305", "TLSv1", "TLSv1.2_2021", "served", "R5 is in 2021"],
    ["TLSv1.2", "ECDHE-RSA-CHACHA20-POLY1305", "TLSv1", "TLSv1.2_2025", "refused", "2025 has R1 and R4, both above R5: not offered"],
    ["TLSv1.2", "ECDHE-RSA-AES256-SHA384", "TLSv1", "TLSv1.2_2021", "refused", "2021 has R1 R4 R5, all above R6"],
    ["TLSv1.2", "ECDHE-RSA-AES256-SHA", "TLSv1", "TLSv1.2_2018", "mayRefuse", "2018 lacks R7 but has R8 R9 R10 below it"],
    ["TLSv1.2", "ECDHE-RSA-AES256-SHA", "TLSv1", "TLSv1.2_2019", "refused", "2019 has R1 R2 R4 R5 R6, all above R7"],
    ["TLSv1.2", "AES128-SHA256", "TLSv1", "TLSv1.2_2019", "refused", "2019 has nothing below R10"],
    ["TLSv1.2", "AES128-SHA", "TLSv1", "TLSv1.2_2018", "refused", "2018 ends at R10, above R12"],
    ["TLSv1.2", "AES128-SHA", "TLSv1", "TLSv1_2016", "served", "R12 is in TLSv1_2016"],
    ["TLSv1.2", "ECDHE-ECDSA-AES256-SHA", "TLSv1", "TLSv1.2_2018", "refused", "ECDSA key: 2018 has E1 E2 E4 E5 E6, all above E7 (the RSA twin, R7, is mayRefuse)"],
    ["TLSv1.2", "ECDHE-ECDSA-AES128-SHA", "TLSv1", "TLSv1.2_2021", "mayRefuse", "ECDSA key: 2021 has E4 E5 below E3"],
    ["TLSv1.2", "ECDHE-ECDSA-CHACHA20-POLY1305", "TLSv1", "TLSv1.2_2025", "refused", "ECDSA key: 2025 has E1 E4, both above E5"],
    ["TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", "TLSv1", "TLSv1.3_2025", "refused", "TLSv1.3_2025 has T1 T2, both above T3"],
    ["TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", "TLSv1", "TLSv1.2_2025", "served", "T3 is in TLSv1.2_2025"],
    ["TLSv1.3", "TLS_AES_256_GCM_SHA384", "TLSv1", "TLSv1.3_2025", "served", "T2 is in every policy"],
    ["TLSv1.3", "TLS_AES_128_GCM_SHA256", "TLSv1", "TLSv1.3_2025", "served", "T1 is in every policy"],
    ["TLSv1.2", "ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2_2021", "TLSv1", "served", "less restrictive than the policy in force"],
    ["TLSv1.2", "ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2_2021", "TLSv1.2_2019", "served", "R5 is in 2019 (which also has R2, which 2021 lacks)"],
    ["TLSv1.2", "ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2_2021", "TLSv1.2_2025", "refused", "in 2021's order R1 R4 are above R5; 2025 has only those"],
    ["TLSv1.2", "ECDHE-RSA-AES128-SHA256", "TLSv1.2_2019", "TLSv1.2_2021", "mayRefuse", "under 2019 only R1 is above R2; 2021 has R4 R5"],
    ["TLSv1", "RC4-MD5", "SSLv3", "TLSv1", "refused", "TLSv1 has R3 R7 R11 R12 R13 over TLSv1, all above RC4-MD5"],
    ["SSLv3", "AES128-SHA", "SSLv3", "TLSv1", "refused", "TLSv1 has no SSLv3"],
    ["TLSv1", "ECDHE-RSA-AES128-SHA", "TLSv1", "TLSv1", "served", "the policy in force serves what it logged"],
    ["TLSv1.2", "DHE-RSA-AES128-SHA", "TLSv1", "TLSv1.2_2021", "unclassified", "CloudFront offers no DHE cipher"],
    ["TLSv1.2", "NOT-A-CIPHER", "TLSv1", "SSLv3", "unclassified", "unknown cipher, even for a less restrictive policy"],
    ["TLSv1.2", "ECDHE-RSA-AES128-SHA", "TLSv1.2_2021", "TLSv1.2_2025", "unclassified", "R3 is not in 2021, the policy said to be in force"],
];

describe("tls-report policy impact", () => {
    describe("classifyUnderPolicy, cases worked out by hand", () => {
        for (const [protocol, cipher, inForce, candidate, expected, why] of CASES) {
            it(`${protocol} + ${cipher} logged under ${inForce}, under ${candidate}: ${expected} (${why})`, () => {
                expect(classifyUnderPolicy(protocol, cipher, inForce, candidate)).to.equal(expected);
            });
        }
    });

    describe("pairs that cannot be classified, with the reason", () => {
        for (const [protocol, cipher, inForce, reason] of [
            ["-", "-", "TLSv1", /^plain HTTP \(ssl-protocol -\): no TLS handshake/],
            ["TLSv1.2", "-", "TLSv1", /^no ssl-cipher logged with TLSv1\.2$/],
            ["TLSv1.2", "", "TLSv1", /^no ssl-cipher logged with TLSv1\.2$/],
            ["TLSv1.2", NO_CIPHER_FIELD, "TLSv1", /^the log has no ssl-cipher field$/],
            ["TLSv1.4", "TLS_AES_128_GCM_SHA256", "TLSv1", /^ssl-protocol "TLSv1\.4" is not a protocol CloudFront logs$/],
            ["SSLv3", "AES128-SHA", "TLSv1", /^SSLv3 is not accepted by TLSv1, the policy said to be in force \(check --policy\)$/],
            ["TLSv1", "ECDHE-RSA-AES128-SHA", "TLSv1.2_2021", /^TLSv1 is not accepted by TLSv1\.2_2021/],
            ["TLSv1.2", "ECDHE-RSA-RC4-SHA", "TLSv1", /^ssl-cipher "ECDHE-RSA-RC4-SHA" is not a cipher CloudFront offers$/],
            ["TLSv1.3", "ECDHE-RSA-AES128-SHA", "TLSv1", /^ECDHE-RSA-AES128-SHA cannot be negotiated over TLSv1\.3$/],
            ["TLSv1.2", "TLS_AES_128_GCM_SHA256", "TLSv1", /^TLS_AES_128_GCM_SHA256 cannot be negotiated over TLSv1\.2$/],
            ["TLSv1", "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1", /^ECDHE-RSA-AES128-GCM-SHA256 cannot be negotiated over TLSv1$/],
            ["TLSv1", "RC4-MD5", "TLSv1", /^RC4-MD5 is not a cipher of TLSv1, the policy said to be in force \(check --policy\)$/],
            ["TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", "TLSv1.3_2025", /^TLS_CHACHA20_POLY1305_SHA256 is not a cipher of TLSv1\.3_2025/],
        ] as const) {
            it(`${JSON.stringify(protocol)} + ${JSON.stringify(cipher)} under ${inForce}`, () => {
                expect(whyUnclassified(protocol, cipher, inForce)).to.match(reason);
                for (const candidate of VIEWER_POLICY_NAMES) expect(classifyUnderPolicy(protocol, cipher, inForce, candidate)).to.equal("unclassified");
                expect(impactOfPair(protocol, cipher, inForce)).to.deep.include({ kind: "unclassified" });
            });
        }

        it("a classified pair has no reason", () => {
            expect(whyUnclassified("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1")).to.equal(undefined);
        });
    });

    describe("the table facts the reasoning relies on", () => {
        it("every policy accepts a gapless run of protocols ending at TLSv1.3 (so a policy without the logged protocol has only newer ones)", () => {
            for (const name of VIEWER_POLICY_NAMES) {
                const { protocols } = VIEWER_POLICIES[name];
                const first = PROTOCOLS.indexOf(protocols[0]);
                expect(protocols, name).to.deep.equal(PROTOCOLS.slice(first));
            }
        });

        it("every row of the table is a run of policies from the least restrictive (a stricter policy only drops rows)", () => {
            for (const [value, policies] of [...PROTOCOL_ROWS, ...TLS13_CIPHER_ROWS, ...RSA_CIPHER_ROWS, ...ECDSA_CIPHER_ROWS]) {
                expect(policies, value).to.deep.equal(VIEWER_POLICY_NAMES.slice(0, policies.length));
            }
        });

        it("every cipher CloudFront offers is in the cipher-suite catalogue, with its protocol range", () => {
            for (const keyType of ["RSA", "ECDSA"] as const) {
                for (const name of cipherOrder(keyType)) expect(cipherSuiteByName(name), name).to.not.equal(undefined);
            }
        });
    });

    describe("properties over every pair the tables allow, under every policy in force", () => {
        // Every (protocol, cipher) some policy could log, with every policy as the one in force.
        const all: [string, string, ViewerPolicyName][] = [];
        for (const inForce of VIEWER_POLICY_NAMES) {
            for (const protocol of PROTOCOLS) {
                for (const cipher of new Set([...cipherOrder("RSA"), ...cipherOrder("ECDSA")])) all.push([protocol, cipher, inForce]);
            }
        }
        const strictness = (p: ViewerPolicyName): number => VIEWER_POLICY_NAMES.indexOf(p);
        const severity = { served: 0, mayRefuse: 1, refused: 2 } as const;

        it("the policy in force and every less restrictive one serve every pair it logged", () => {
            let classified = 0;
            for (const [protocol, cipher, inForce] of all) {
                const impact = impactOfPair(protocol, cipher, inForce);
                if (impact.kind !== "classified") continue;
                classified++;
                for (const p of VIEWER_POLICY_NAMES.filter((n) => strictness(n) <= strictness(inForce))) {
                    expect(impact.outcomes[p], `${protocol} ${cipher} under ${inForce}, ${p}`).to.equal("served");
                }
            }
            expect(classified).to.be.greaterThan(100);
        });

        it("a stricter policy never does better: served ≤ mayRefuse ≤ refused as policies tighten", () => {
            for (const [protocol, cipher, inForce] of all) {
                const impact = impactOfPair(protocol, cipher, inForce);
                if (impact.kind !== "classified") continue;
                const ranks = VIEWER_POLICY_NAMES.map((p) => severity[impact.outcomes[p]]);
                expect(ranks, `${protocol} ${cipher} under ${inForce}`).to.deep.equal([...ranks].sort((a, b) => a - b));
            }
        });

        it("every TLS 1.2-and-older pair is refused by TLSv1.3_2025; only TLS_AES_* pairs are served by all", () => {
            for (const [protocol, cipher, inForce] of all) {
                const impact = impactOfPair(protocol, cipher, inForce);
                if (impact.kind !== "classified") continue;
                if (protocol !== "TLSv1.3") expect(impact.outcomes["TLSv1.3_2025"]).to.equal("refused");
                expect(someoneMayRefuse(impact), `${protocol} ${cipher} under ${inForce}`).to.equal(!(protocol === "TLSv1.3" && cipher.startsWith("TLS_AES_")));
            }
        });

        it("classifyUnderPolicy agrees with impactOfPair", () => {
            for (const [protocol, cipher, inForce] of all.filter((_, i) => i % 7 === 0)) {
                const impact = impactOfPair(protocol, cipher, inForce);
                for (const p of VIEWER_POLICY_NAMES) {
                    expect(classifyUnderPolicy(protocol, cipher, inForce, p)).to.equal(impact.kind === "classified" ? impact.outcomes[p] : "unclassified");
                }
            }
        });

        it("exports the outcomes as a named enum", () => {
            expect(Object.values(PolicyOutcome)).to.deep.equal(["served", "refused", "mayRefuse", "unclassified"]);
        });
    });

    describe("npm run tls-report on a written log", () => {
        const FIELDS = CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field);
        let dir: string;
        let file: string;
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "tls-report-policy-"));
            file = path.join(dir, "EDFDVBD6EXAMPLE.2024-05-01-12.a1b2c3d4");
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        function line(protocol: string, cipher: string, ip: string, ua: string, fields: readonly string[] = FIELDS): string {
            const values: Record<string, string> = {
                date: "2024-05-01",
                time: "12:00:00",
                "c-ip": ip,
                "cs(User-Agent)": ua,
                "cs-protocol": protocol === "-" ? "http" : "https",
                "ssl-protocol": protocol,
                "ssl-cipher": cipher,
                "sc-status": "200",
            };
            return fields.map((f) => values[f] ?? "-").join("\t");
        }

        const MSIE = "Mozilla/4.0%20(compatible;%20MSIE%208.0)";
        const WINDOWS = "Mozilla/5.0%20(Windows%20NT%2010.0)";
        const ANDROID = "Mozilla/5.0%20(Linux;%20Android%2014)";
        // [protocol, cipher, IP, user agent, how many lines]; what each is under TLSv1 (in force):
        const MIX: readonly (readonly [string, string, string, string, number])[] = [
            // A: protocol refused from TLSv1.1_2016 on.
            ["TLSv1", "ECDHE-RSA-AES128-SHA", "203.0.113.1", "Java/1.6.0_45", 2],
            // B: 3DES over TLSv1: refused from TLSv1_2016 on (nothing below 3DES there).
            ["TLSv1", "DES-CBC3-SHA", "203.0.113.5", "curl/7.1", 1],
            // C: TLSv1.1 with R7: served up to TLSv1.1_2016, protocol refused after.
            ["TLSv1.1", "ECDHE-RSA-AES256-SHA", "203.0.113.2", MSIE, 1],
            // D: R3 over TLSv1.2: mayRefuse under 2018…2025 (R4 below it), refused by 1.3_2025.
            ["TLSv1.2", "ECDHE-RSA-AES128-SHA", "203.0.113.3", "okhttp/3.12", 1],
            // E: R12 over TLSv1.2: refused from 2018 on; the same IP as A (counted once).
            ["TLSv1.2", "AES128-SHA", "203.0.113.1", "Java/1.7", 1],
            // F: R5: served up to 2021, refused by 2025 (R1, R4 above it) and 1.3_2025.
            ["TLSv1.2", "ECDHE-RSA-CHACHA20-POLY1305", "203.0.113.4", "curl/7.68", 1],
            // G: R1: served up to 2025, refused by 1.3_2025.
            ["TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "198.51.100.7", WINDOWS, 2],
            // H: T1: served by every policy (its IPs are not even kept).
            ["TLSv1.3", "TLS_AES_128_GCM_SHA256", "198.51.100.8", "Mozilla/5.0", 3],
            // I: T3: refused by 1.3_2025 only.
            ["TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", "198.51.100.9", ANDROID, 1],
            // J, K: unclassified (plain HTTP; a DHE cipher CloudFront does not offer).
            ["-", "-", "198.51.100.10", "Mozilla/5.0", 1],
            ["TLSv1.2", "DHE-RSA-AES128-SHA", "203.0.113.6", "openssl/0.9.8", 1],
        ];
        const log = (): string => `#Version: 1.0\n#Fields: ${FIELDS.join(" ")}\n` + MIX.flatMap(([p, c, ip, ua, n]) => Array.from({ length: n }, () => line(p, c, ip, ua))).join("\n") + "\n";

        async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
            let stdout = "";
            let stderr = "";
            const code = await runTlsReport(argv, (t) => (stdout += t), (t) => (stderr += t));
            return { code, stdout, stderr };
        }
        async function json(argv: string[]): Promise<TlsReport> {
            const r = await run([...argv, "--json"]);
            expect(r.code, r.stderr).to.equal(0);
            return JSON.parse(r.stdout) as TlsReport;
        }
        const zero: PolicyImpact = { refusedRequests: 0, refusedClientIps: 0, mayRefuseRequests: 0, mayRefuseClientIps: 0, topUserAgents: { refused: [], mayRefuse: [] } };

        it("counts every request by (protocol, cipher), protocols oldest first, then most requests", async () => {
            fs.writeFileSync(file, log());
            const report = await json([file]);
            expect(report.policyInForce).to.equal("TLSv1");
            expect(report.byProtocolCipher).to.deep.equal([
                { protocol: "TLSv1", cipher: "ECDHE-RSA-AES128-SHA", requests: 2 },
                { protocol: "TLSv1", cipher: "DES-CBC3-SHA", requests: 1 },
                { protocol: "TLSv1.1", cipher: "ECDHE-RSA-AES256-SHA", requests: 1 },
                { protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256", requests: 2 },
                { protocol: "TLSv1.2", cipher: "AES128-SHA", requests: 1 },
                { protocol: "TLSv1.2", cipher: "DHE-RSA-AES128-SHA", requests: 1 },
                { protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-SHA", requests: 1 },
                { protocol: "TLSv1.2", cipher: "ECDHE-RSA-CHACHA20-POLY1305", requests: 1 },
                { protocol: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", requests: 3 },
                { protocol: "TLSv1.3", cipher: "TLS_CHACHA20_POLY1305_SHA256", requests: 1 },
                { protocol: "-", cipher: "-", requests: 1 },
            ]);
            expect(report.unclassifiedRequests).to.equal(2);
            expect(report.unclassified).to.deep.equal([
                { protocol: "TLSv1.2", cipher: "DHE-RSA-AES128-SHA", requests: 1, reason: 'ssl-cipher "DHE-RSA-AES128-SHA" is not a cipher CloudFront offers' },
                { protocol: "-", cipher: "-", requests: 1, reason: "plain HTTP (ssl-protocol -): no TLS handshake, no viewer security policy applies" },
            ]);
            // The per-day legacy report is unchanged: A, B and C.
            expect(report.legacy.cloudfront).to.have.length(1);
            expect(report.legacy.cloudfront[0]).to.deep.include({ requests: 4, byProtocol: { TLSv1: 3, "TLSv1.1": 1 } });
        });

        it("gives each policy's certainly and maybe refused requests, distinct IPs and user agents (logged under TLSv1)", async () => {
            fs.writeFileSync(file, log());
            const { policyImpact } = await json([file]);
            expect(Object.keys(policyImpact)).to.deep.equal([...VIEWER_POLICY_NAMES]);
            // Less restrictive than (or equal to) the policy in force: nobody is refused.
            expect(policyImpact.SSLv3).to.deep.equal(zero);
            expect(policyImpact.TLSv1).to.deep.equal(zero);
            // B only.
            expect(policyImpact.TLSv1_2016).to.deep.equal({ ...zero, refusedRequests: 1, refusedClientIps: 1, topUserAgents: { refused: [{ value: "curl/7.1", count: 1 }], mayRefuse: [] } });
            // A (2 lines, one IP) and B: TLSv1 is gone. C (TLSv1.1, R7) is served.
            expect(policyImpact["TLSv1.1_2016"]).to.deep.equal({
                ...zero,
                refusedRequests: 3,
                refusedClientIps: 2,
                topUserAgents: { refused: [{ value: "Java/1.6.0_45", count: 2 }, { value: "curl/7.1", count: 1 }], mayRefuse: [] },
            });
            // Refused: A 2 + B 1 + C 1 + E 1 = 5 requests from .1 .5 .2 (.1 again) = 3 IPs. Maybe: D.
            const tls12Refused = [
                { value: "Java/1.6.0_45", count: 2 },
                { value: "Java/1.7", count: 1 },
                { value: "Mozilla/4.0 (compatible; MSIE 8.0)", count: 1 },
                { value: "curl/7.1", count: 1 },
            ];
            const tls12 = { refusedRequests: 5, refusedClientIps: 3, mayRefuseRequests: 1, mayRefuseClientIps: 1, topUserAgents: { refused: tls12Refused, mayRefuse: [{ value: "okhttp/3.12", count: 1 }] } };
            expect(policyImpact["TLSv1.2_2018"]).to.deep.equal(tls12);
            expect(policyImpact["TLSv1.2_2019"]).to.deep.equal(tls12);
            expect(policyImpact["TLSv1.2_2021"]).to.deep.equal(tls12);
            // F joins the refused: 6 requests, IPs .1 .2 .4 .5.
            expect(policyImpact["TLSv1.2_2025"]).to.deep.equal({
                ...tls12,
                refusedRequests: 6,
                refusedClientIps: 4,
                topUserAgents: { refused: [...tls12Refused, { value: "curl/7.68", count: 1 }], mayRefuse: [{ value: "okhttp/3.12", count: 1 }] },
            });
            // Everything below TLS 1.3 (A-G: 2+1+1+1+1+1+2 = 9) and I: 10 requests; IPs .1-.5, 198.51.100.7 and .9 = 7.
            expect(policyImpact["TLSv1.3_2025"]).to.deep.equal({
                ...zero,
                refusedRequests: 10,
                refusedClientIps: 7,
                topUserAgents: {
                    refused: [
                        { value: "Java/1.6.0_45", count: 2 },
                        { value: "Mozilla/5.0 (Windows NT 10.0)", count: 2 },
                        { value: "Java/1.7", count: 1 },
                        { value: "Mozilla/4.0 (compatible; MSIE 8.0)", count: 1 },
                        { value: "Mozilla/5.0 (Linux; Android 14)", count: 1 },
                        { value: "curl/7.1", count: 1 },
                        { value: "curl/7.68", count: 1 },
                        { value: "okhttp/3.12", count: 1 },
                    ],
                    mayRefuse: [],
                },
            });
        });

        it("--top limits the user agents per policy", async () => {
            fs.writeFileSync(file, log());
            const { policyImpact } = await json([file, "--top", "2"]);
            expect(policyImpact["TLSv1.3_2025"].topUserAgents.refused).to.deep.equal([
                { value: "Java/1.6.0_45", count: 2 },
                { value: "Mozilla/5.0 (Windows NT 10.0)", count: 2 },
            ]);
            expect(policyImpact["TLSv1.3_2025"].refusedRequests).to.equal(10);
        });

        it("--policy reads the same log against another policy's order", async () => {
            fs.writeFileSync(file, log());
            const report = await json([file, "--policy", "TLSv1.2_2021"]);
            expect(report.policyInForce).to.equal("TLSv1.2_2021");
            // A, B, C (protocols 2021 lacks), D, E (ciphers 2021 lacks), J, K: 2+1+1+1+1+1+1 = 8.
            expect(report.unclassifiedRequests).to.equal(8);
            expect(report.unclassified.find((u) => u.cipher === "AES128-SHA")?.reason).to.equal("AES128-SHA is not a cipher of TLSv1.2_2021, the policy said to be in force (check --policy)");
            for (const p of ["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021"] as const) expect(report.policyImpact[p], p).to.deep.equal(zero);
            // F: 2021 ranks R1, R4 above R5, and 2025 has only those.
            expect(report.policyImpact["TLSv1.2_2025"]).to.deep.equal({ ...zero, refusedRequests: 1, refusedClientIps: 1, topUserAgents: { refused: [{ value: "curl/7.68", count: 1 }], mayRefuse: [] } });
            // F, G (2) and I.
            expect(report.policyImpact["TLSv1.3_2025"]).to.deep.include({ refusedRequests: 4, refusedClientIps: 3, mayRefuseRequests: 0 });
        });

        it("a log without an ssl-cipher column leaves every pair unclassified", async () => {
            const fields = FIELDS.filter((f) => f !== "ssl-cipher");
            fs.writeFileSync(file, `#Version: 1.0\n#Fields: ${fields.join(" ")}\n${line("TLSv1", "", "203.0.113.1", "x", fields)}\n${line("TLSv1.3", "", "203.0.113.2", "y", fields)}\n`);
            const report = await json([file]);
            expect(report.bySource.cloudfront.requests).to.equal(2);
            expect(report.byProtocolCipher).to.deep.equal([
                { protocol: "TLSv1", cipher: NO_CIPHER_FIELD, requests: 1 },
                { protocol: "TLSv1.3", cipher: NO_CIPHER_FIELD, requests: 1 },
            ]);
            expect(report.unclassifiedRequests).to.equal(2);
            expect(report.unclassified.map((u) => u.reason)).to.deep.equal(["the log has no ssl-cipher field", "the log has no ssl-cipher field"]);
            for (const p of VIEWER_POLICY_NAMES) expect(report.policyImpact[p]).to.deep.equal(zero);
        });

        it("prints the policy impact table, the (protocol, cipher) table and the refused user agents as text", async () => {
            fs.writeFileSync(file, log());
            const { code, stdout } = await run([file]);
            expect(code).to.equal(0);
            expect(stdout).to.include(
                [
                    "CloudFront viewer requests by ssl-protocol and ssl-cipher (15):",
                    "  TLSv1    ECDHE-RSA-AES128-SHA          2   13.3%",
                    "  TLSv1    DES-CBC3-SHA                  1    6.7%",
                ].join("\n"),
            );
            expect(stdout).to.include(
                [
                    "Policy impact (logged under TLSv1): CloudFront requests and client IPs each viewer security policy would refuse",
                    "  policy            refused requests  refused IPs  maybe refused requests  maybe refused IPs",
                    "  SSLv3                            0            0                       0                  0",
                    "  TLSv1 (in force)                 0            0                       0                  0",
                    "  TLSv1_2016                       1            1                       0                  0",
                    "  TLSv1.1_2016                     3            2                       0                  0",
                    "  TLSv1.2_2018                     5            3                       1                  1",
                    "  TLSv1.2_2019                     5            3                       1                  1",
                    "  TLSv1.2_2021                     5            3                       1                  1",
                    "  TLSv1.2_2025                     6            4                       1                  1",
                    "  TLSv1.3_2025                    10            7                       0                  0",
                ].join("\n"),
            );
            expect(stdout).to.include("  Not classified: 2 request(s)\n    TLSv1.2 DHE-RSA-AES128-SHA (1): ssl-cipher \"DHE-RSA-AES128-SHA\" is not a cipher CloudFront offers\n");
            expect(stdout).to.include("  Top user agents:\n    TLSv1_2016 refused: curl/7.1 (1)\n    TLSv1.1_2016 refused: Java/1.6.0_45 (2), curl/7.1 (1)\n");
            expect(stdout).to.include("    TLSv1.2_2021 maybe refused: okhttp/3.12 (1)\n");
            // No line for a policy that refuses nobody.
            expect(stdout).to.not.match(/TLSv1\.3_2025 maybe refused|SSLv3 refused/);
        });

        describe("--policy validation", () => {
            for (const [why, argv, message] of [
                ["an unknown policy", ["--policy", "TLSv1.2"], /--policy: "TLSv1\.2" is not one of SSLv3 \| TLSv1 \| TLSv1_2016 \| TLSv1\.1_2016 \| TLSv1\.2_2018 \| TLSv1\.2_2019 \| TLSv1\.2_2021 \| TLSv1\.2_2025 \| TLSv1\.3_2025/],
                ["a policy in the wrong case", ["--policy", "tlsv1"], /--policy: "tlsv1" is not one of SSLv3 \| TLSv1 \|/],
                ["an empty policy", ["--policy", ""], /--policy: "" is not one of/],
                ["--policy without a value", ["--policy"], /Option '--policy <value>' argument missing.*known options: .*--policy/],
            ] as const) {
                it(`exits 2 for ${why}, naming the argument, the value and the allowed policies`, async () => {
                    const { code, stdout, stderr } = await run([dir, ...argv]);
                    expect(code).to.equal(2);
                    expect(stdout).to.equal("");
                    expect(stderr).to.match(message);
                    expect(stderr).to.include("usage: npm run tls-report");
                });
            }

            it("reports a bad --policy together with the other bad arguments", async () => {
                const { code, stderr } = await run([dir, "--policy", "TLS1", "--top", "0"]);
                expect(code).to.equal(2);
                expect(stderr).to.match(/--top: 0 is not a whole number from 1 to 1000\n {2}- --policy: "TLS1" is not one of/);
            });

            it("--help documents --policy and its default", async () => {
                const { code, stdout } = await run(["--help"]);
                expect(code).to.equal(0);
                expect(stdout).to.include("[--policy NAME]");
                expect(stdout).to.match(/--policy NAME {2}the viewer security policy in force when the CloudFront logs were written/);
                expect(stdout).to.include("default: TLSv1 (what CloudFront applies with the default *.cloudfront.net");
            });
        });
    });
});

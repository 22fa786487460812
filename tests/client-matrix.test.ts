/**
 * The handshake model over the real catalogue: hand-checked verdicts for the clients this project
 * exists for, consistency of every prediction with CloudFront's table for every profile × policy ×
 * method × key type, the chooser on the shipped stacks, and a committed snapshot of the whole matrix
 * (regenerate it with UPDATE_CLIENT_MATRIX=1 and review the diff).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { CLIENT_PROFILES } from "../components/tls-clients/client-catalogue";
import { cipherSuiteByName } from "../components/tls-clients/cipher-suites";
import { ClientProfile } from "../components/tls-clients/client-profile";
import { findClientProfile } from "../components/tls-clients/client-lookup";
import { ViewerSetup, predictConnection } from "../components/tls-clients/compatibility";
import { PROTOCOLS, compareProtocol } from "../components/tls-clients/protocols";
import { AMAZON_CHAIN_ANCHORS } from "../components/tls-clients/trust-anchors";
import { RSA_CIPHER_ROWS, ECDSA_CIPHER_ROWS, TLS13_CIPHER_ROWS, VIEWER_POLICY_NAMES, ViewerPolicyName } from "../components/tls-clients/viewer-policies";

const client = (name: string): ClientProfile => {
    const found = findClientProfile(CLIENT_PROFILES, name);
    if (!found) throw new Error(`test bug: no client ${name}`);
    return found;
};
const setup = (policy: ViewerPolicyName, sslSupportMethod: ViewerSetup["sslSupportMethod"], keyType: ViewerSetup["keyType"] = "RSA"): ViewerSetup => ({
    certificate: "custom",
    policy,
    sslSupportMethod,
    keyType,
    chainAnchors: AMAZON_CHAIN_ANCHORS[keyType],
});
const verdict = (name: string, s: ViewerSetup): string => {
    const p = predictConnection(client(name), s);
    return p.connects ? `${p.protocol} ${p.cipher}` : p.code;
};

describe("the clients this project exists for (hand-checked against CloudFront's table)", () => {
    it("TLSv1_2016 + sni-only (the old prod stack) drops IE 6 XP, IE 8 XP, Java 6u45 and Android 2.3.7: none sends SNI", () => {
        const s = setup("TLSv1_2016", "sni-only");
        expect(["IE 6 XP", "IE 8 XP", "Java 6u45", "Android 2.3.7"].map((n) => verdict(n, s))).to.deep.equal(["no-sni", "no-sni", "no-sni", "no-sni"]);
    });

    it("TLSv1_2016 + vip serves Java 6u45 and Android 2.3.7 with AES128-SHA, not IE 8 XP (RC4/3DES only) nor IE 6 XP (SSLv3)", () => {
        const s = setup("TLSv1_2016", "vip");
        expect(verdict("Java 6u45", s)).to.equal("TLSv1 AES128-SHA");
        expect(verdict("Android 2.3.7", s)).to.equal("TLSv1 AES128-SHA");
        expect(verdict("IE 8 XP", s)).to.equal("no-cipher");
        expect(verdict("IE 6 XP", s)).to.equal("no-protocol");
    });

    it("IE 8 XP needs the TLSv1 policy, whose only extra cipher is DES-CBC3-SHA", () => {
        expect(verdict("IE 8 XP", setup("TLSv1", "vip"))).to.equal("TLSv1 DES-CBC3-SHA");
    });

    it("IE 6 XP connects only with SSLv3 on a dedicated IP, with 3DES (CloudFront ranks it above RC4-MD5)", () => {
        expect(verdict("IE 6 XP", setup("SSLv3", "vip"))).to.equal("SSLv3 DES-CBC3-SHA");
    });

    it("TLSv1.2_2021 refuses every client older than TLS 1.2 and serves the current browsers with TLS 1.3", () => {
        const s = setup("TLSv1.2_2021", "vip");
        for (const p of CLIENT_PROFILES.filter((c) => compareProtocol(c.protocols[c.protocols.length - 1], "TLSv1.2") < 0)) {
            expect(predictConnection(p, s), p.name).to.deep.include({ connects: false, code: "no-protocol" });
        }
        expect(verdict("Chrome 101 (Win 10)", s)).to.equal("TLSv1.3 TLS_AES_128_GCM_SHA256");
    });
});

// An independent reading of the table: walk the documented rows in order, keep the first the client
// offers that its protocol allows, without the engine's helpers.
function expectedCipher(profile: ClientProfile, s: ViewerSetup, protocol: (typeof PROTOCOLS)[number]): string | undefined {
    const rows = protocol === "TLSv1.3" ? TLS13_CIPHER_ROWS : s.keyType === "RSA" ? RSA_CIPHER_ROWS : ECDSA_CIPHER_ROWS;
    for (const [name, policies] of rows) {
        if (!policies.includes(s.policy)) continue;
        const suite = cipherSuiteByName(name)!;
        if (!profile.cipherSuites.includes(suite.code)) continue;
        const tls12Only = /GCM|CHACHA|SHA256$|SHA384$/.test(name);
        if (protocol !== "TLSv1.3" && tls12Only && protocol !== "TLSv1.2") continue;
        if (name.startsWith("ECDHE-")) {
            if (protocol === "SSLv3") continue;
            if (profile.curves && !profile.curves.some((c) => ["prime256v1", "secp384r1", "X25519"].includes(c))) continue;
        }
        return name;
    }
    return undefined;
}

// The "Supported SSL/TLS protocols" rows of CloudFront's table, read by hand.
const OLDEST_PROTOCOL: Record<ViewerPolicyName, (typeof PROTOCOLS)[number]> = {
    SSLv3: "SSLv3",
    TLSv1: "TLSv1",
    TLSv1_2016: "TLSv1",
    "TLSv1.1_2016": "TLSv1.1",
    "TLSv1.2_2018": "TLSv1.2",
    "TLSv1.2_2019": "TLSv1.2",
    "TLSv1.2_2021": "TLSv1.2",
    "TLSv1.2_2025": "TLSv1.2",
    "TLSv1.3_2025": "TLSv1.3",
};

describe("every profile × policy × method × key type agrees with the table", () => {
    for (const keyType of ["RSA", "ECDSA"] as const) {
        for (const policy of VIEWER_POLICY_NAMES) {
            for (const method of ["sni-only", "vip"] as const) {
                it(`${policy}, ${method}, ${keyType}`, () => {
                    const s = setup(policy, method, keyType);
                    for (const profile of CLIENT_PROFILES) {
                        const p = predictConnection(profile, s);
                        if (method === "sni-only" && !profile.sni) {
                            expect(p, profile.name).to.deep.include({ connects: false, code: "no-sni" });
                            continue;
                        }
                        // Every policy runs from its oldest protocol up to TLS 1.3; SSLv3 needs a dedicated IP.
                        const serverProtocols = PROTOCOLS.filter(
                            (proto) => compareProtocol(proto, OLDEST_PROTOCOL[policy]) >= 0 && (proto !== "SSLv3" || method === "vip"),
                        );
                        const common = profile.protocols.filter((proto) => serverProtocols.includes(proto));
                        if (common.length === 0) {
                            expect(p, profile.name).to.deep.include({ connects: false, code: "no-protocol" });
                            continue;
                        }
                        const protocol = common[common.length - 1];
                        const cipher = expectedCipher(profile, s, protocol);
                        if (cipher === undefined) {
                            expect(p, profile.name).to.deep.include({ connects: false, code: "no-cipher" });
                            continue;
                        }
                        // Refusals on trust keep the protocol and cipher the handshake reached.
                        expect(p, profile.name).to.deep.include({ protocol, cipher });
                        const trusts = profile.trustStore.kind !== "roots" || profile.trustStore.roots.some((r) => AMAZON_CHAIN_ANCHORS[keyType].includes(r));
                        expect(p.connects, profile.name).to.equal(trusts);
                    }
                });
            }
        }
    }
});

describe("the whole matrix (snapshot)", () => {
    const file = path.join(__dirname, "fixtures", "client-matrix.json");
    function matrix(): Record<string, Record<string, string>> {
        const rows: Record<string, Record<string, string>> = {};
        for (const profile of CLIENT_PROFILES) {
            rows[profile.id] = {};
            for (const policy of VIEWER_POLICY_NAMES) {
                for (const method of ["sni-only", "vip"] as const) {
                    const p = predictConnection(profile, setup(policy, method));
                    rows[profile.id][`${policy} ${method}`] = p.connects ? `${p.protocol} ${p.cipher}` : `refused: ${p.code}`;
                }
            }
        }
        return rows;
    }

    it("equals tests/fixtures/client-matrix.json (RSA certificate)", () => {
        const current = matrix();
        if (process.env.UPDATE_CLIENT_MATRIX === "1") fs.writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
        expect(current).to.deep.equal(JSON.parse(fs.readFileSync(file, "utf8")));
    });
});

describe("the client matrices of docs/modes-and-tls.md and the README", () => {
    const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "modes-and-tls.md"), "utf8");
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

    for (const stack of ["dev", "prod"] as const) {
        it(`embeds the ${stack} matrix exactly as the plan prints it`, async () => {
            const { loadStackFiles } = await import("../tools/offline/stack-files");
            const { parseStackConfig, rawConfigFromFlat, viewerTlsOf } = await import("../stacks/config");
            const { renderClientMatrix } = await import("../tools/plan/client-matrix");
            const files = loadStackFiles(path.join(__dirname, ".."), stack);
            const config = parseStackConfig(rawConfigFromFlat(files.project, files.stack, files.config)).config!;
            const embedded = new RegExp(`<!-- clients:${stack} -->\\n\`\`\`text\\n([\\s\\S]*?)\\n\`\`\`\\n<!-- /clients:${stack} -->`).exec(doc);
            expect(embedded, `docs/modes-and-tls.md has no clients:${stack} block`).to.not.equal(null);
            expect(embedded![1]).to.equal(renderClientMatrix(viewerTlsOf(config)));
        });
    }

    it("states the catalogue's size", () => {
        expect(doc).to.include(`a catalogue of ${CLIENT_PROFILES.length} real clients`);
        expect(doc).to.include(`${CLIENT_PROFILES.length} clients × `);
        expect(readme).to.include(`which of ${CLIENT_PROFILES.length} catalogued clients connect`);
    });
});

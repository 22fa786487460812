/**
 * The handshake model against hand-made clients whose outcome can be worked out from CloudFront's
 * published table by hand (each expected cipher is the first of CloudFront's order that the client
 * offers). The real catalogue is checked profile by profile in client-matrix.test.ts.
 */
import { expect } from "chai";
import { cipherSuiteByName } from "../components/tls-clients/cipher-suites";
import { ClientProfile } from "../components/tls-clients/client-profile";
import { chooseViewerSettings, mostRestrictiveServing } from "../components/tls-clients/choose-settings";
import { ViewerSetup, isLegacyClient, predictConnection } from "../components/tls-clients/compatibility";
import { Protocol } from "../components/tls-clients/protocols";
import { AMAZON_CHAIN_ANCHORS } from "../components/tls-clients/trust-anchors";

function client(id: string, protocols: Protocol[], ciphers: string[], extra: Partial<ClientProfile> = {}): ClientProfile {
    return {
        id,
        name: id,
        protocols,
        cipherSuites: ciphers.map((name) => {
            const suite = cipherSuiteByName(name);
            if (!suite) throw new Error(`test bug: unknown suite ${name}`);
            return suite.code;
        }),
        sni: true,
        trustStore: { kind: "roots", roots: ["starfield-class-2"], source: "test" },
        hello: { format: "tls", recordVersion: 0x0301, clientVersion: 0x0301, sessionIdLength: 0, compressionMethods: [0], extensions: [] },
        sources: [{ covers: "everything", reference: "this test" }],
        ...extra,
    };
}

const custom = (policy: ViewerSetup["policy"], sslSupportMethod: ViewerSetup["sslSupportMethod"] = "sni-only"): ViewerSetup => ({
    certificate: "custom",
    policy,
    sslSupportMethod,
    keyType: "RSA",
    chainAnchors: AMAZON_CHAIN_ANCHORS.RSA,
});
const defaultCertificate: ViewerSetup = { certificate: "cloudfront-default", policy: "TLSv1.2_2021", sslSupportMethod: "sni-only", keyType: "RSA", chainAnchors: AMAZON_CHAIN_ANCHORS.RSA };

// Shaped like Java 6: TLS 1.0 only, no SNI, AES128-SHA among RC4 and 3DES.
const noSniTls10 = client("no-sni-tls10", ["SSLv3", "TLSv1"], ["RC4-MD5", "RC4-SHA", "AES128-SHA", "DES-CBC3-SHA"], { sni: false });
// Shaped like IE 8 on XP: RC4 and 3DES only.
const rc4And3des = client("rc4-3des", ["SSLv3", "TLSv1"], ["RC4-MD5", "RC4-SHA", "DES-CBC3-SHA"], { sni: false });
// Shaped like IE 6 on XP: SSLv3 only.
const sslv3Only = client("sslv3-only", ["SSLv3"], ["RC4-MD5", "RC4-SHA", "DES-CBC3-SHA"], { sni: false });
// A TLS 1.2 client that prefers CBC: CloudFront's order, not the client's, decides.
const tls12 = client("tls12", ["TLSv1", "TLSv1.1", "TLSv1.2"], ["ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA"], {
    curves: ["prime256v1"],
});

describe("predictConnection", () => {
    it("drops a client without SNI under sni-only, and serves it with vip", () => {
        expect(predictConnection(noSniTls10, custom("TLSv1_2016"))).to.deep.equal({
            connects: false,
            code: "no-sni",
            reason: "sends no SNI, and with sni-only CloudFront drops the connection",
        });
        expect(predictConnection(noSniTls10, custom("TLSv1_2016", "vip"))).to.deep.equal({ connects: true, protocol: "TLSv1", cipher: "AES128-SHA", trusted: true });
    });

    it("serves a client without SNI on the default certificate", () => {
        expect(predictConnection(noSniTls10, defaultCertificate)).to.deep.include({ connects: true, protocol: "TLSv1", cipher: "AES128-SHA" });
    });

    it("needs 3DES (the TLSv1 policy) for an RC4/3DES-only client", () => {
        expect(predictConnection(rc4And3des, custom("TLSv1", "vip"))).to.deep.include({ connects: true, protocol: "TLSv1", cipher: "DES-CBC3-SHA" });
        const refused = predictConnection(rc4And3des, custom("TLSv1_2016", "vip"));
        expect(refused).to.deep.include({ connects: false, code: "no-cipher" });
        expect((refused as { reason: string }).reason).to.equal(
            "no common cipher at TLSv1: it offers RC4-MD5, RC4-SHA, DES-CBC3-SHA; TLSv1_2016 with an RSA certificate accepts ECDHE-RSA-AES128-SHA, ECDHE-RSA-AES256-SHA, AES256-SHA, AES128-SHA there",
        );
    });

    it("speaks SSLv3 only with the SSLv3 policy on a dedicated IP, and picks 3DES before RC4 (CloudFront's order)", () => {
        expect(predictConnection(sslv3Only, custom("SSLv3", "vip"))).to.deep.include({ connects: true, protocol: "SSLv3", cipher: "DES-CBC3-SHA" });
        expect(predictConnection(sslv3Only, custom("TLSv1", "vip"))).to.deep.include({ connects: false, code: "no-protocol" });
        const onDefault = predictConnection(sslv3Only, defaultCertificate);
        expect(onDefault).to.deep.include({ connects: false, code: "no-protocol" });
        expect((onDefault as { reason: string }).reason).to.equal(
            "no common protocol: it speaks SSLv3; the default *.cloudfront.net certificate (TLSv1, no SSLv3) accepts TLSv1, TLSv1.1, TLSv1.2, TLSv1.3",
        );
    });

    it("takes CloudFront's order over the client's", () => {
        expect(predictConnection(tls12, custom("TLSv1.2_2019"))).to.deep.include({ protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256" });
        // Without the GCM suite the next in CloudFront's order that it offers is ECDHE-RSA-AES128-SHA256.
        const noGcm = { ...tls12, cipherSuites: tls12.cipherSuites.filter((c) => c !== cipherSuiteByName("ECDHE-RSA-AES128-GCM-SHA256")!.code) };
        expect(predictConnection(noGcm, custom("TLSv1.2_2019"))).to.deep.include({ cipher: "ECDHE-RSA-AES128-SHA256" });
        expect(predictConnection(noGcm, custom("TLSv1.2_2021"))).to.deep.include({ connects: false, code: "no-cipher" });
    });

    it("skips ECDHE without a curve in common, and assumes any curve when the client names none (RFC 4492)", () => {
        const ecdhe = ["ECDHE-RSA-AES128-SHA", "AES256-SHA"];
        expect(predictConnection(client("p521", ["TLSv1"], ecdhe, { curves: ["secp521r1"] }), custom("TLSv1"))).to.deep.include({ cipher: "AES256-SHA" });
        expect(predictConnection(client("any", ["TLSv1"], ecdhe), custom("TLSv1"))).to.deep.include({ cipher: "ECDHE-RSA-AES128-SHA" });
        expect(predictConnection(client("x25519", ["TLSv1"], ecdhe, { curves: ["X25519"] }), custom("TLSv1"))).to.deep.include({ cipher: "ECDHE-RSA-AES128-SHA" });
    });

    it("never uses a TLS 1.2-only suite at TLS 1.0", () => {
        const gcmOnly = client("gcm", ["TLSv1"], ["AES128-GCM-SHA256"]);
        expect(predictConnection(gcmOnly, custom("TLSv1"))).to.deep.include({ connects: false, code: "no-cipher" });
    });

    it("uses the TLS 1.3 list at TLS 1.3, where TLSv1.3_2025 has no ChaCha20", () => {
        const chacha = client("chacha", ["TLSv1.2", "TLSv1.3"], ["TLS_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"]);
        expect(predictConnection(chacha, custom("TLSv1.2_2025"))).to.deep.include({ protocol: "TLSv1.3", cipher: "TLS_CHACHA20_POLY1305_SHA256" });
        expect(predictConnection(chacha, custom("TLSv1.3_2025"))).to.deep.include({ connects: false, code: "no-cipher" });
    });

    it("uses the ECDSA rows with an ECDSA certificate", () => {
        const both = client("both", ["TLSv1.2"], ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"]);
        expect(predictConnection(both, { ...custom("TLSv1.2_2021"), keyType: "ECDSA" })).to.deep.include({ cipher: "ECDHE-ECDSA-AES256-GCM-SHA384" });
        expect(predictConnection(both, custom("TLSv1.2_2021"))).to.deep.include({ cipher: "ECDHE-RSA-AES128-GCM-SHA256" });
    });

    it("refuses a client whose trust store lacks every root of the chain, and says unknown when either side is unknown", () => {
        const amazonOnly = { ...tls12, trustStore: { kind: "roots" as const, roots: ["amazon-root-ca-3" as const], source: "test" } };
        const refused = predictConnection(amazonOnly, custom("TLSv1.2_2021"));
        expect(refused).to.deep.include({ connects: false, code: "untrusted", protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256" });
        expect((refused as { reason: string }).reason).to.equal(
            "does not trust the certificate: its trust store holds Amazon Root CA 3, the chain leads to Amazon Root CA 1, Starfield Services Root Certificate Authority - G2, Starfield Class 2 Certification Authority",
        );
        expect(predictConnection(amazonOnly, { ...custom("TLSv1.2_2021"), chainAnchors: AMAZON_CHAIN_ANCHORS.ECDSA, keyType: "RSA" })).to.deep.include({ trusted: true });
        expect(predictConnection({ ...tls12, trustStore: { kind: "unknown", why: "test" } }, custom("TLSv1.2_2021"))).to.deep.include({ connects: true, trusted: null });
        expect(predictConnection(tls12, { ...custom("TLSv1.2_2021"), chainAnchors: "unknown" })).to.deep.include({ connects: true, trusted: null });
        expect(predictConnection({ ...tls12, trustStore: { kind: "current", source: "test" } }, custom("TLSv1.2_2021"))).to.deep.include({ trusted: true });
    });

    it("calls a client legacy when its newest protocol is below TLS 1.2", () => {
        expect([noSniTls10, rc4And3des, sslv3Only, tls12].map(isLegacyClient)).to.deep.equal([true, true, true, false]);
    });
});

describe("chooseViewerSettings", () => {
    const fixed = { certificate: "custom" as const, keyType: "RSA" as const, chainAnchors: AMAZON_CHAIN_ANCHORS.RSA };

    it("picks the most restrictive policy that serves every client, and vip only for a client without SNI", () => {
        expect(chooseViewerSettings([tls12], fixed)).to.deep.equal({ setup: { ...fixed, policy: "TLSv1.2_2025", sslSupportMethod: "sni-only" }, refusals: [] });
        expect(chooseViewerSettings([tls12, noSniTls10], fixed).setup).to.deep.include({ policy: "TLSv1_2016", sslSupportMethod: "vip" });
        expect(chooseViewerSettings([rc4And3des], fixed).setup).to.deep.include({ policy: "TLSv1", sslSupportMethod: "vip" });
        expect(chooseViewerSettings([sslv3Only], fixed).setup).to.deep.include({ policy: "SSLv3", sslSupportMethod: "vip" });
    });

    it("keeps an explicit method and reports the client it refuses", () => {
        const chosen = chooseViewerSettings([tls12, noSniTls10], { ...fixed, sslSupportMethod: "sni-only" });
        expect(chosen.refusals.map((r) => [r.index, r.setting, r.remedy])).to.deep.equal([[1, "sslSupportMethod", "use vip or drop the client"]]);
    });

    it("keeps an explicit policy and names the policy that would serve the client", () => {
        const chosen = chooseViewerSettings([noSniTls10], { ...fixed, policy: "TLSv1.2_2021", sslSupportMethod: "vip" });
        expect(chosen.refusals.map((r) => [r.setting, r.remedy])).to.deep.equal([["minimumTlsVersion", "use TLSv1_2016 or drop the client"]]);
    });

    it("on the default certificate, says what custom setup would serve a client it cannot", () => {
        const chosen = chooseViewerSettings([tls12, sslv3Only], { ...fixed, certificate: "cloudfront-default" });
        expect(chosen.refusals.map((r) => [r.index, r.setting, r.remedy])).to.deep.equal([
            [1, "clients", "the default *.cloudfront.net certificate cannot serve it; add a custom domain (domainNames) with minimumTlsVersion SSLv3 and sslSupportMethod vip, or drop the client"],
        ]);
    });

    it("reports a client no policy can serve", () => {
        const nothing = client("nothing", ["TLSv1"], ["RC4-SHA"]);
        expect(mostRestrictiveServing([nothing], { ...fixed, sslSupportMethod: "vip" })).to.equal(undefined);
        expect(chooseViewerSettings([nothing], fixed).refusals.map((r) => r.setting)).to.deep.equal(["clients"]);
    });
});

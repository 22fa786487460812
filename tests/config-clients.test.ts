/**
 * `front.clients` in stack config: the shipped prod stack's choice, and every conflict as a config
 * error naming the client, the setting and the way out.
 */
import { expect } from "chai";
import { formatIssue } from "../components/validation";
import { parseStackConfig, rawConfigFromFlat, viewerTlsOf } from "../stacks/config";
import { loadStackFiles } from "../tools/offline/stack-files";
import { PROJECT_DIR } from "./mocks";

// The stack's raw config with `edit` applied to its `front` section.
function parse(stack: "dev" | "prod", edit: (front: Record<string, unknown>) => void) {
    const files = loadStackFiles(PROJECT_DIR, stack);
    const raw = rawConfigFromFlat(files.project, files.stack, files.config);
    const values = JSON.parse(JSON.stringify(raw.values)) as Record<string, Record<string, unknown>>;
    values.front = values.front ?? {};
    edit(values.front);
    return parseStackConfig({ ...raw, values });
}

const messages = (result: ReturnType<typeof parse>): string[] => result.issues.map(formatIssue).filter((m) => m.startsWith("front."));

describe("front.clients", () => {
    it("chooses TLSv1_2016 and vip for the shipped prod stack (Java 6u45: TLS 1.0 with AES128-SHA, no SNI)", () => {
        const result = parse("prod", () => undefined);
        expect(result.issues).to.deep.equal([]);
        const tls = viewerTlsOf(result.config!);
        expect([tls.securityPolicy, tls.sslSupportMethod]).to.deep.equal(["TLSv1_2016", "vip"]);
        expect(tls.clients.map((c) => c.id)).to.deep.equal(["java6u45", "android-4.0.4", "ie11-win7", "safari6-ios6.0.1"]);
    });

    it("chooses the strictest policy and sni-only when every listed client sends SNI", () => {
        const result = parse("prod", (f) => (f.clients = ["IE 11 Win 7", "firefox-137-win11"]));
        const tls = viewerTlsOf(result.config!);
        expect([tls.securityPolicy, tls.sslSupportMethod]).to.deep.equal(["TLSv1.2_2019", "sni-only"]);
    });

    it("accepts ids and names in any case", () => {
        const result = parse("prod", (f) => (f.clients = ["JAVA6U45", "java 6U45", "ie 11 win 7"]));
        expect(messages(result)).to.deep.equal(['front.clients[1]: "java 6U45" names Java 6u45 again']);
        const ok = parse("prod", (f) => (f.clients = ["JAVA6U45", "ie 11 win 7"]));
        expect(viewerTlsOf(ok.config!).clients.map((c) => c.name)).to.deep.equal(["Java 6u45", "IE 11 Win 7"]);
    });

    it("refuses an explicit sni-only that would drop a listed client, naming it and the way out", () => {
        const result = parse("prod", (f) => (f.sslSupportMethod = "sni-only"));
        expect(messages(result)).to.deep.equal([
            'front.sslSupportMethod: "sni-only" refuses Java 6u45 (sends no SNI, and with sni-only CloudFront drops the connection); use vip or drop the client',
        ]);
    });

    it("refuses an explicit policy that would refuse a listed client, naming the policy that serves it", () => {
        const result = parse("prod", (f) => (f.minimumTlsVersion = "TLSv1.1_2016"));
        expect(messages(result)).to.deep.equal([
            'front.minimumTlsVersion: "TLSv1.1_2016" refuses Java 6u45 (no common protocol: it speaks SSLv3, TLSv1; TLSv1.1_2016 accepts TLSv1.1, TLSv1.2, TLSv1.3); use TLSv1_2016 or drop the client',
            'front.minimumTlsVersion: "TLSv1.1_2016" refuses Android 4.0.4 (no common protocol: it speaks SSLv3, TLSv1; TLSv1.1_2016 accepts TLSv1.1, TLSv1.2, TLSv1.3); use TLSv1_2016 or drop the client',
        ]);
    });

    it("refuses a client no setting of a custom domain could serve with the others", () => {
        const result = parse("prod", (f) => ((f.clients = ["IE 8 XP"]), (f.minimumTlsVersion = "TLSv1_2016")));
        expect(messages(result)).to.have.length(1);
        expect(messages(result)[0]).to.match(/^front\.minimumTlsVersion: "TLSv1_2016" refuses IE 8 XP \(no common cipher at TLSv1: it offers RC4-MD5, .*\); use TLSv1 or drop the client$/);
    });

    it("says a client the default *.cloudfront.net certificate cannot serve needs a custom domain, and which settings", () => {
        const result = parse("dev", (f) => (f.clients = ["Java 6u45", "IE 6 XP"]));
        expect(messages(result)).to.deep.equal([
            'front.clients[1]: "IE 6 XP" cannot be served (no common protocol: it speaks SSLv3; the default *.cloudfront.net certificate (TLSv1, no SSLv3) accepts TLSv1, TLSv1.1, TLSv1.2, TLSv1.3); ' +
                "the default *.cloudfront.net certificate cannot serve it; add a custom domain (domainNames) with minimumTlsVersion SSLv3 and sslSupportMethod vip, or drop the client",
        ]);
    });

    it("lists the known clients for an unknown one", () => {
        const [message] = messages(parse("prod", (f) => (f.clients = ["Java 6u45", "IE 9 XP"])));
        expect(message).to.match(/^front\.clients\[1\]: "IE 9 XP" is not a known client; known \(id or name, any case\): ie6-xp \(IE 6 XP\), .*java6u45 \(Java 6u45\)/);
    });

    it("refuses a value that is not a list of strings", () => {
        expect(messages(parse("prod", (f) => (f.clients = "Java 6u45")))).to.deep.equal(['front.clients: "Java 6u45" is not a list']);
        // An entry that is not a string is reported once (by the schema), an empty one as naming no client.
        expect(messages(parse("prod", (f) => (f.clients = ["Java 6u45", 1, ""])))).to.deep.equal([
            "front.clients[1]: 1 is not a string",
            'front.clients[2]: "" is not a client id or name',
        ]);
    });
});

/**
 * A small, real PKI for loopback TLS tests: "Test Root CA" → "Test Intermediate CA" → a leaf for one
 * server name, RSA 2048 each, made with the `openssl` CLI (Node cannot sign certificates itself). Made
 * once and cached under os.tmpdir(), so a test run pays for the key generation at most once a day.
 */
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One certificate with its key. */
export interface TestCertificate {
    /** The certificate, PEM. */
    readonly certPem: string;
    /** Its private key, PEM (PKCS#8). */
    readonly keyPem: string;
    /** The certificate, DER. */
    readonly der: Buffer;
}

/** The three certificates and the served chain. */
export interface TestPki {
    /** The name the leaf is issued for (its only subjectAltName). */
    readonly serverName: string;
    /** Self-signed root, CN=Test Root CA. */
    readonly root: TestCertificate;
    /** CN=Test Intermediate CA, issued by the root. */
    readonly intermediate: TestCertificate;
    /** CN=`serverName`, issued by the intermediate. */
    readonly leaf: TestCertificate;
    /** What a server sends: leaf then intermediate, PEM (the root is not served, as with ACM). */
    readonly chainPem: string;
    /** The directory holding the PEM files (`root.pem` etc.). */
    readonly dir: string;
}

/** True when the `openssl` CLI can be run. */
export function opensslAvailable(): boolean {
    try {
        execFileSync("openssl", ["version"], { stdio: "pipe" });
        return true;
    } catch {
        return false;
    }
}

// Bump when the layout below changes, so stale caches are not reused.
const LAYOUT = "v1";
const VALID_DAYS = 30;
const MAX_AGE_MS = 24 * 3600 * 1000;

/** The PKI for `serverName`, from the cache when it is less than a day old. */
export function testPki(serverName = "legacy.example.test"): TestPki {
    const tag = crypto.createHash("sha256").update(`${LAYOUT}:${serverName}`).digest("hex").slice(0, 12);
    const dir = path.join(os.tmpdir(), `legacy-tls-test-pki-${tag}`);
    const fresh = (() => {
        try {
            return Date.now() - fs.statSync(path.join(dir, "done")).mtimeMs < MAX_AGE_MS;
        } catch {
            return false;
        }
    })();
    if (!fresh) generate(dir, serverName);
    const load = (name: string): TestCertificate => {
        const certPem = fs.readFileSync(path.join(dir, `${name}.pem`), "utf8");
        return { certPem, keyPem: fs.readFileSync(path.join(dir, `${name}.key`), "utf8"), der: new crypto.X509Certificate(certPem).raw };
    };
    const root = load("root");
    const intermediate = load("intermediate");
    const leaf = load("leaf");
    return { serverName, root, intermediate, leaf, chainPem: leaf.certPem + intermediate.certPem, dir };
}

function generate(dir: string, serverName: string): void {
    // Build in a private directory, then rename: parallel runs never see half a PKI.
    const work = fs.mkdtempSync(`${dir}.tmp-`);
    const run = (args: string[]): void => void execFileSync("openssl", args, { cwd: work, stdio: "pipe" });
    fs.writeFileSync(
        path.join(work, "ext.cnf"),
        [
            "[ca]",
            "basicConstraints = critical, CA:TRUE, pathlen:0",
            "keyUsage = critical, keyCertSign, cRLSign",
            "subjectKeyIdentifier = hash",
            "authorityKeyIdentifier = keyid",
            "[leaf]",
            "basicConstraints = critical, CA:FALSE",
            "keyUsage = critical, digitalSignature, keyEncipherment",
            "extendedKeyUsage = serverAuth",
            `subjectAltName = DNS:${serverName}`,
            "subjectKeyIdentifier = hash",
            "authorityKeyIdentifier = keyid",
            "",
        ].join("\n"),
    );
    const days = String(VALID_DAYS);
    run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", days, "-sha256",
        "-subj", "/O=Legacy TLS Tests/CN=Test Root CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    const issue = (name: string, subject: string, issuer: string, section: string, serial: string): void => {
        run(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
        run(["x509", "-req", "-in", `${name}.csr`, "-CA", `${issuer}.pem`, "-CAkey", `${issuer}.key`, "-set_serial", serial,
            "-days", days, "-sha256", "-extfile", "ext.cnf", "-extensions", section, "-out", `${name}.pem`]);
    };
    issue("intermediate", "/O=Legacy TLS Tests/CN=Test Intermediate CA", "root", "ca", "4097");
    issue("leaf", `/CN=${serverName}`, "intermediate", "leaf", "8193");
    fs.writeFileSync(path.join(work, "done"), new Date().toISOString());
    fs.rmSync(dir, { recursive: true, force: true });
    try {
        fs.renameSync(work, dir);
    } catch {
        // Another run won the race: its PKI is as good as ours.
        fs.rmSync(work, { recursive: true, force: true });
    }
}

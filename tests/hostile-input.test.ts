/**
 * Hostile input on every entry point, with real files, links, servers and processes: symbolic link
 * loops and duplicates in `tls-report`'s walk, terminal escapes in logged user agents and principals,
 * secrets on the command line, repeated options, unwritable output paths, non-object automation
 * input, a 20 MB output line, an endless JWKS body, and deep or binary `build:edge` configs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { ConfigInvalidError, KeyedQueue, StackAutomation, StackConfigInput, validateStackConfig } from "../automation";
import { LineSplitter } from "../automation/events";
import { CLOUDFRONT_STANDARD_LOG_FIELDS } from "../components/cloudfront-facts";
import { ValidationError } from "../components/validation";
import { runBuildCli } from "../tools/build-functions/edge";
import { fetchJwksOverHttps } from "../edge-functions/cognito-auth/verifier";
import { TYPESCRIPT_LOADER, parseCommandLine } from "../tools/cli-args";
import { runPlan } from "../tools/plan/cli";
import { TlsReport } from "../tools/tls-report/aggregate";
import { runTlsReport } from "../tools/tls-report/cli";
import { parseVerifyArguments } from "../tools/verify/args";
import { runVerify } from "../tools/verify/cli";
import { FakeWorkspace } from "./automation-fake";
import { PROJECT_DIR } from "./mocks";

const ROOT = path.resolve(__dirname, "..");

/** C0 controls, DEL, C1 controls, line/paragraph separators and bidi overrides/isolates: what must never reach a terminal raw. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The same, but a line break between lines is allowed. */
const UNPRINTABLE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

interface Captured {
    code: number;
    stdout: string;
    stderr: string;
}

async function capture(run: (out: (t: string) => void, err: (t: string) => void) => Promise<number>): Promise<Captured> {
    let stdout = "";
    let stderr = "";
    const code = await run(
        (t) => (stdout += t),
        (t) => (stderr += t),
    );
    return { code, stdout, stderr };
}

const tlsReport = (argv: string[]): Promise<Captured> => capture((out, err) => runTlsReport(argv, out, err));
const verify = (argv: string[]): Promise<Captured> => capture((out, err) => runVerify(argv, out, err));
const plan = (argv: string[]): Promise<Captured> => capture((out, err) => runPlan(argv, out, err, PROJECT_DIR));

const CF_FIELDS = CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field);
const CF_HEADER = `#Version: 1.0\n#Fields: ${CF_FIELDS.join(" ")}\n`;

/** A CloudFront standard log with one line per user agent (as logged: URL-encoded), all TLSv1. */
function cloudFrontLog(userAgents: readonly string[], ip = "203.0.113.5"): string {
    const line = (ua: string): string => {
        const values: Record<string, string> = {
            date: "2024-05-01",
            time: "12:00:00",
            "c-ip": ip,
            "cs(User-Agent)": ua,
            "cs-protocol": "https",
            "ssl-protocol": "TLSv1",
            "ssl-cipher": "ECDHE-RSA-AES128-SHA",
            "sc-status": "200",
        };
        return CF_FIELDS.map((f) => values[f] ?? "-").join("\t");
    };
    return CF_HEADER + userAgents.map(line).join("\n") + "\n";
}

function tempDir(prefix: string): string {
    // realpath: on some systems the temp dir itself is behind a link (macOS /var → /private/var).
    return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

describe("hostile input", function () {
    let dir: string;
    beforeEach(() => (dir = tempDir("hostile-input-")));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    describe("13. tls-report walks each real file and folder once", () => {
        it("reads each file once through self-links, mutual links, a hard link and a link to a file given on the command line, and lists what it skipped", async function () {
            this.timeout(20_000);
            // root/
            //   alias.log -> x/a.log      (a link to a file also given on the command line)
            //   s1 -> .  s2 -> .          (two self-links: an exponential walk without a check)
            //   x/a.log                   (3 requests)   x/hard.log (hard link to a.log)   x/toY -> ../y
            //   y/b.log                   (2 requests)   y/toX -> ../x
            const root = path.join(dir, "root");
            fs.mkdirSync(path.join(root, "x"), { recursive: true });
            fs.mkdirSync(path.join(root, "y"));
            const a = path.join(root, "x", "a.log");
            fs.writeFileSync(a, cloudFrontLog(["ua-a", "ua-a", "ua-a"]));
            fs.writeFileSync(path.join(root, "y", "b.log"), cloudFrontLog(["ua-b", "ua-b"]));
            fs.linkSync(a, path.join(root, "x", "hard.log"));
            fs.symlinkSync(path.join("x", "a.log"), path.join(root, "alias.log"));
            fs.symlinkSync(".", path.join(root, "s1"));
            fs.symlinkSync(".", path.join(root, "s2"));
            fs.symlinkSync(path.join("..", "y"), path.join(root, "x", "toY"));
            fs.symlinkSync(path.join("..", "x"), path.join(root, "y", "toX"));

            const started = Date.now();
            const r = await tlsReport([a, root, "--json"]);
            const elapsed = Date.now() - started;
            console.log(`      walked and read in ${elapsed} ms`);
            expect(elapsed, `${elapsed} ms`).to.be.below(3000);
            expect(r.code, r.stderr).to.equal(0);
            const json = JSON.parse(r.stdout) as TlsReport;
            expect(json.files.cloudfront).to.equal(2);
            expect(json.files.failed).to.deep.equal([]);
            expect(json.bySource.cloudfront.requests).to.equal(5);
            expect(json.legacy.cloudfront[0].userAgents).to.deep.equal([
                { value: "ua-a", count: 3 },
                { value: "ua-b", count: 2 },
            ]);
            const at = (...p: string[]): string => path.join(root, ...p);
            expect(json.files.duplicates).to.deep.equal([
                { file: at("alias.log"), reason: `same file as ${a}` },
                { file: at("s1"), reason: `a link back to ${root}, a folder it is in (a loop)` },
                { file: at("s2"), reason: `a link back to ${root}, a folder it is in (a loop)` },
                { file: a, reason: "given twice (on the command line and in a folder)" },
                { file: at("x", "hard.log"), reason: `same file as ${a}` },
                { file: at("x", "toY", "toX"), reason: `a link back to ${at("x")}, a folder it is in (a loop)` },
                { file: at("y"), reason: `same folder as ${at("x", "toY")}, read already` },
            ]);
            const text = await tlsReport([a, root]);
            expect(text.stdout).to.include(`Paths not read twice (the same file or folder as one read already; loops included): 7\n  ${at("alias.log")}: same file as ${a}\n`);
        });

        it("a FIFO found in a folder is listed as skipped, never opened (opening one would wait forever)", async function () {
            try {
                execFileSync("mkfifo", [path.join(dir, "pipe")], { stdio: "pipe" });
            } catch {
                this.skip();
            }
            fs.writeFileSync(path.join(dir, "a.log"), cloudFrontLog(["ua-a"]));
            const r = await tlsReport([dir, "--json"]);
            expect(r.code, r.stderr).to.equal(0);
            const json = JSON.parse(r.stdout) as TlsReport;
            expect(json.files.cloudfront).to.equal(1);
            expect(json.files.skipped).to.deep.equal([{ file: path.join(dir, "pipe"), reason: "not a regular file (a FIFO, socket or device), not opened" }]);
        });

        it("a single self-link does not multiply the counts", async () => {
            fs.writeFileSync(path.join(dir, "a.log"), cloudFrontLog(["ua-a"]));
            fs.symlinkSync(".", path.join(dir, "x"));
            const r = await tlsReport([dir, "--json"]);
            expect(r.code, r.stderr).to.equal(0);
            const json = JSON.parse(r.stdout) as TlsReport;
            expect(json.files.cloudfront).to.equal(1);
            expect(json.bySource.cloudfront.requests).to.equal(1);
            expect(json.files.failed).to.deep.equal([]);
            expect(json.files.duplicates).to.deep.equal([{ file: path.join(dir, "x"), reason: `a link back to ${dir}, a folder it is in (a loop)` }]);
        });
    });

    describe("14. tls-report shows control characters in logged values escaped", () => {
        // CloudFront URL-encodes control bytes; the report decodes them. A TLS 1.0 viewer chooses its user agent.
        const FAKE = "2024-05-01 CloudFront: 9999 request(s) (TLSv1 9999)";
        const agents = [
            `evil%1B[2J%1B]0;owned%07%0A${encodeURIComponent(FAKE)}`,
            "del%7Fc1%C2%9B31mbidi%E2%80%AEcod.exe%E2%81%A6x%0D",
        ];
        const principal = `arn:aws:iam::111122223333:user/x\u001b[31m\n${FAKE}`;

        beforeEach(() => {
            fs.writeFileSync(path.join(dir, "cf.log"), cloudFrontLog(agents));
            const record = {
                eventVersion: "1.09",
                userIdentity: { type: "IAMUser", arn: principal, accountId: "111122223333" },
                eventTime: "2024-05-01T09:00:00Z",
                eventSource: "s3.amazonaws.com",
                eventName: "GetObject",
                sourceIPAddress: "198.51.100.1",
                userAgent: "sdk\u009b2J\u202eevil",
                tlsDetails: { tlsVersion: "TLSv1" },
            };
            fs.writeFileSync(path.join(dir, "trail.json"), JSON.stringify({ Records: [record] }));
            // A file name is as hostile as a log line; this one is not a log, so it is listed as skipped.
            fs.writeFileSync(path.join(dir, `notes\u001b[2J\n${FAKE}`), "not a log\n");
        });

        it("text output: no raw control character, and the fake line is not a line of its own", async () => {
            const r = await tlsReport([dir]);
            expect(r.code, r.stderr).to.equal(0);
            expect(r.stdout).to.not.match(UNPRINTABLE_BUT_NEWLINE);
            for (const line of r.stdout.split("\n")) expect(line.trimStart().startsWith(FAKE), line).to.equal(false);
            // Visible instead: the operator sees what the viewer sent.
            expect(r.stdout).to.include(`evil\\x1b[2J\\x1b]0;owned\\x07\\n${FAKE}`);
            expect(r.stdout).to.include("del\\x7fc1\\x9b31mbidi\\u202ecod.exe\\u2066x\\r");
            expect(r.stdout).to.include(`arn:aws:iam::111122223333:user/x\\x1b[31m\\n${FAKE}`);
            expect(r.stdout).to.include("sdk\\x9b2J\\u202eevil");
            expect(r.stdout).to.include(`notes\\x1b[2J\\n${FAKE}: neither a CloudFront`);
        });

        it("JSON output keeps the exact values (JSON escapes them)", async () => {
            const r = await tlsReport([dir, "--json"]);
            expect(r.stdout).to.not.match(UNPRINTABLE_BUT_NEWLINE);
            const json = JSON.parse(r.stdout) as TlsReport;
            expect(json.legacy.cloudfront[0].userAgents.map((u) => u.value).sort()).to.deep.equal(agents.map(decodeURIComponent).sort());
            expect(json.legacy.cloudtrail[0].principals).to.deep.equal([{ value: principal, count: 1 }]);
            expect(json.files.skipped[0].file).to.equal(path.join(dir, `notes\u001b[2J\n${FAKE}`));
        });

        it("escapes a path that does not exist in the error message", async () => {
            const r = await tlsReport([path.join(dir, "missing\u001b[2J")]);
            expect(r.code).to.equal(2);
            expect(r.stderr).to.not.match(UNPRINTABLE_BUT_NEWLINE);
            expect(r.stderr).to.include("missing\\x1b[2J: no such file or directory (ENOENT)");
        });
    });

    describe("15. verify never prints a token", () => {
        const SECRET = "SECRET123";

        it("a bad option next to --token: the spawned CLI prints the problem but not the token", () => {
            const r = spawnSync(process.execPath, ["-r", TYPESCRIPT_LOADER, "tools/verify/cli.ts", "--bogus", "--token", SECRET], {
                cwd: ROOT,
                encoding: "utf8",
                env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
            });
            expect(r.status, r.stderr).to.equal(2);
            expect(r.stderr).to.include("Unknown option '--bogus'");
            expect(r.stdout + r.stderr).to.not.include(SECRET);
        });

        for (const [what, argv] of [
            ["an unknown option before it", ["--bogus", "--token", SECRET]],
            ["the --token= form", ["--bogus", `--token=${SECRET}`]],
            ["a misspelled --tokn=VALUE", ["--url", "https://example.com/", `--tokn=${SECRET}`]],
            ["an empty --token= followed by the token as a stray argument", ["--url", "https://example.com/", "--token=", SECRET]],
            ["--token given twice", ["--url", "https://example.com/", "--token", SECRET, "--token", `${SECRET}x`]],
            ["a token that starts with a dash", ["--url", "https://example.com/", "--token", `-${SECRET}`]],
            ["a token with a space", ["--url", "https://example.com/", "--token", `${SECRET} x`]],
            ["a token in the URL's password", ["--url", `https://user:${SECRET}@example.com/`]],
            ["a stray argument after --token VALUE", ["--url", "https://example.com/", "--token", SECRET, SECRET]],
            ["other errors", ["--url", "ftp://example.com/", "--token", SECRET, "--timeout-ms", "5s", "--json", "--expect-min-tls", "SSLv2"]],
        ] as const) {
            it(`argument errors never show it: ${what}`, async () => {
                const r = await verify([...argv]);
                expect(r.code).to.equal(2);
                expect(r.stderr).to.include("is invalid");
                expect(r.stdout + r.stderr).to.not.include(SECRET);
            });
        }

        it("a secret is a property of the option spec, so any tool's secret option is covered", () => {
            const spec = { pin: { type: "string", secret: true }, name: { type: "string" } } as const;
            for (const argv of [["--bogus", "--pin", SECRET], [`--pin=${SECRET}`, "--pin", "x"], ["--pin=", SECRET], ["--pin", `-${SECRET}`]]) {
                let message = "";
                try {
                    parseCommandLine("test tool", argv, spec);
                } catch (e) {
                    expect(e).to.be.instanceOf(ValidationError);
                    message = (e as Error).message;
                }
                expect(message, argv.join(" ")).to.include("is invalid");
                expect(message).to.not.include(SECRET);
            }
            expect(parseCommandLine("test tool", ["--pin", SECRET], spec).values.pin).to.equal(SECRET);
        });

        describe("against a server that reflects the token", function () {
            let server: https.Server | undefined;
            let port = 0;
            before(async function () {
                try {
                    execFileSync("openssl", ["version"], { stdio: "pipe" });
                } catch {
                    console.warn("    openssl is not on the PATH: skipping the reflecting-server test");
                    this.skip();
                }
                const pki = tempDir("hostile-pki-");
                const key = path.join(pki, "key.pem");
                const cert = path.join(pki, "cert.pem");
                execFileSync(
                    "openssl",
                    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
                    { stdio: "pipe" },
                );
                // A hostile (or careless) server: it refuses the token and echoes it back in its challenge.
                server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
                    res.writeHead(401, { "WWW-Authenticate": `Bearer error="invalid_token", got="${req.headers.authorization ?? ""}"` }).end();
                });
                fs.rmSync(pki, { recursive: true, force: true });
                await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
                port = (server.address() as AddressInfo).port;
            });
            after(() => {
                server?.closeAllConnections();
                server?.close();
            });

            for (const json of [true, false]) {
                for (const token of [SECRET, `${SECRET}"with\\quote`]) {
                    it(`${json ? "JSON" : "text"} output never shows it (${token})`, async () => {
                        const r = await verify(["--url", `https://127.0.0.1:${port}/p`, "--insecure", "--checks", "auth", "--token", token, ...(json ? ["--json"] : [])]);
                        expect(r.code).to.equal(1);
                        expect(r.stdout).to.include("invalid_token");
                        expect(r.stdout).to.include("(hidden)");
                        expect(r.stdout + r.stderr).to.not.include("SECRET");
                        if (json) JSON.parse(r.stdout);
                    });
                }
            }

            it("a short token (under 8 characters) is not blanked out of running text, which stays intact", async () => {
                const r = await verify(["--url", `https://127.0.0.1:${port}/p`, "--insecure", "--checks", "auth", "--token", "t", "--json"]);
                expect(r.code).to.equal(1);
                expect(JSON.parse(r.stdout).settings.groups).to.deep.equal(["auth"]);
            });
        });
    });

    describe("16a. plan --json/--mermaid to a path that cannot be written", function () {
        this.timeout(60_000);

        it("a folder: a clean error naming --json, the path and why, exit 2, before the plan runs", async () => {
            const r = await plan(["--stack", "dev", "--json", dir]);
            expect(r.code).to.equal(2);
            expect(r.stdout).to.equal("");
            expect(r.stderr).to.include(`--json: ${JSON.stringify(dir)} cannot be written: it is a folder`);
            expect(r.stderr).to.not.match(/\n\s+at /);
        });

        it("a path under a file: names --mermaid and why", async () => {
            const file = path.join(dir, "file.txt");
            fs.writeFileSync(file, "x");
            const r = await plan(["--stack", "dev", "--mermaid", path.join(file, "arch.mmd")]);
            expect(r.code).to.equal(2);
            expect(r.stderr).to.include(`--mermaid: ${JSON.stringify(path.join(file, "arch.mmd"))} cannot be written: ${JSON.stringify(file)} is not a folder`);
        });

        it("a write that fails (a full device): the plan is printed, then a clean error naming --json, exit 2", async function () {
            if (!fs.existsSync("/dev/full")) this.skip();
            const r = await plan(["--stack", "dev", "--json", "/dev/full"]);
            expect(r.stdout).to.include("Offline plan of stack");
            expect(r.stderr).to.equal('plan: --json: cannot write "/dev/full": no space left on device (ENOSPC)\n');
            expect(r.code).to.equal(2);
        });
    });

    describe("16b. a repeated option is refused unless declared repeatable", () => {
        it("plan --stack dev --stack prod", async () => {
            const r = await plan(["--stack", "dev", "--stack", "prod"]);
            expect(r.code).to.equal(2);
            expect(r.stdout).to.equal("");
            expect(r.stderr).to.include('--stack: ["dev","prod"] is given 2 times; give it once');
        });

        it("tls-report --top 5 --top=6 and --json --json", async () => {
            const r = await tlsReport([dir, "--top", "5", "--top=6", "--json", "--json"]);
            expect(r.code).to.equal(2);
            expect(r.stderr).to.include('--top: ["5","6"] is given 2 times; give it once');
            expect(r.stderr).to.include("--json: [true,true] is given 2 times; give it once");
        });

        it("verify --url twice is refused, --token twice without its values, --resolve may repeat", async () => {
            const r = await verify(["--url", "https://a.example/", "--url", "https://b.example/", "--token", "t1", "--token", "t2"]);
            expect(r.code).to.equal(2);
            expect(r.stderr).to.include('--url: ["https://a.example/","https://b.example/"] is given 2 times; give it once');
            expect(r.stderr).to.include('--token: "(hidden)" is given 2 times; give it once');
            const args = parseVerifyArguments(["--url", "https://a.example/", "--resolve", "a.example:443:127.0.0.1", "--resolve", "b.example:443:127.0.0.2"]);
            expect(args.resolve).to.have.length(2);
        });
    });

    describe("16c. automation validate() on values of the wrong type", () => {
        const automation = new StackAutomation({ workspace: new FakeWorkspace(), queue: new KeyedQueue() });
        const config: StackConfigInput = { region: "eu-west-1", environment: "prod", publicContent: true, front: { mode: "signed" } };
        const invalid = (stack: unknown, input: unknown): ConfigInvalidError => {
            try {
                automation.validate(stack as string, input as StackConfigInput);
            } catch (e) {
                expect(e, String(e)).to.be.instanceOf(ConfigInvalidError);
                return e as ConfigInvalidError;
            }
            throw new Error("validate accepted it");
        };

        for (const stack of [5, null, undefined, {}, ["dev"], Symbol("s")]) {
            it(`stack ${typeof stack === "symbol" ? String(stack) : (JSON.stringify(stack) ?? "undefined")}: ConfigInvalidError naming the stack, the config still checked`, () => {
                const e = invalid(stack, { ...config, region: "mars-1" });
                expect(e.issues.map((i) => i.path)).to.deep.equal(["stack", "aws:region"]);
            });
        }

        for (const input of [5, null, "config", [config]]) {
            it(`config ${JSON.stringify(input)}: ConfigInvalidError naming the config`, () => {
                const e = invalid("customer-1", input);
                expect(e.issues).to.have.length(1);
                expect(e.issues[0].path).to.equal("config");
                expect(e.issues[0].problem).to.include("is not an object");
            });
        }

        for (const tags of ["abc", ["x", "y"], null, 5]) {
            it(`tags ${JSON.stringify(tags)}: ConfigInvalidError naming tags, not {"0": …}`, () => {
                const e = invalid("customer-1", { ...config, tags });
                expect(e.issues).to.deep.equal([{ path: "tags", value: tags, problem: "is not a map of tag names to string values" }]);
                const direct = validateStackConfig("legacy-tls-front", "customer-1", { ...config, tags } as unknown as StackConfigInput);
                expect(direct.issues.map((i) => i.path)).to.deep.equal(["tags"]);
            });
        }
    });

    describe("16d. the automation line splitter is linear", () => {
        it("a 20 MB line fed in 16 KB chunks is one line, quickly", function () {
            this.timeout(120_000);
            const lines: string[] = [];
            const splitter = new LineSplitter((l) => lines.push(l));
            const chunk = "x".repeat(16 * 1024);
            const count = (20 * 1024 * 1024) / chunk.length;
            const started = process.hrtime.bigint();
            splitter.push("first\r\n");
            for (let i = 0; i < count; i++) splitter.push(chunk);
            splitter.push("\r");
            splitter.push("\nlast");
            splitter.flush();
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            console.log(`      20 MB line in ${count} chunks: ${ms.toFixed(0)} ms`);
            expect(lines.length).to.equal(3);
            expect(lines[0]).to.equal("first");
            expect(lines[1].length).to.equal(20 * 1024 * 1024);
            expect(lines[2]).to.equal("last");
            expect(ms).to.be.below(3000);
        });

        it("splits lines anywhere across chunks, CRLF or LF, exactly as before", () => {
            const text = "a\r\nbb\n\nccc\r\n\r\nd\re\nlast";
            const expected = ["a", "bb", "", "ccc", "", "d\re", "last"];
            for (let size = 1; size <= text.length; size++) {
                const lines: string[] = [];
                const splitter = new LineSplitter((l) => lines.push(l));
                for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
                splitter.flush();
                expect(lines, `chunks of ${size}`).to.deep.equal(expected);
            }
        });
    });

    describe("16e. the JWKS refetch caps the body while it streams", () => {
        let server: http.Server;
        let base: string;
        let sent = 0;
        before(async () => {
            server = http.createServer((req, res) => {
                if (req.url === "/endless") {
                    // No Content-Length: a body that never ends, written as fast as the client reads.
                    res.writeHead(200, { "content-type": "application/json" });
                    res.write('{"keys":[],"pad":"');
                    const block = Buffer.alloc(256 * 1024, "x");
                    const pump = (): void => {
                        for (;;) {
                            if (res.destroyed) return;
                            sent += block.length;
                            if (!res.write(block)) break;
                        }
                        res.once("drain", pump);
                    };
                    pump();
                } else if (req.url === "/declared") {
                    // Says 1 GB up front, then trickles.
                    res.writeHead(200, { "content-type": "application/json", "content-length": String(1 << 30) });
                    res.write('{"keys":[');
                } else {
                    res.writeHead(404).end();
                }
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        });
        after(() => {
            server.closeAllConnections();
            server.close();
        });

        it("an endless body fails closed as too large, quickly, having read little", async () => {
            sent = 0;
            // The body arrives in ArrayBuffers, outside the heap: count both.
            const memory = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
            const before = memory();
            const started = Date.now();
            const outcome = await fetchJwksOverHttps(`${base}/endless`, 3000).then(
                () => "resolved",
                (e: Error) => e.message,
            );
            const elapsed = Date.now() - started;
            const growth = memory() - before;
            console.log(`      endless body: refused after ${elapsed} ms, server wrote ${(sent / 1024 / 1024).toFixed(1)} MB, memory ${growth >= 0 ? "+" : ""}${(growth / 1024 / 1024).toFixed(1)} MB`);
            expect(outcome).to.equal("JWKS response larger than 64 KB");
            expect(elapsed).to.be.below(1000);
            // Socket buffers hold some; the body read is capped at 64 KB plus one chunk.
            expect(sent).to.be.below(16 * 1024 * 1024);
            expect(growth).to.be.below(32 * 1024 * 1024);
        });

        it("a declared Content-Length over the cap fails at once, without reading the body", async () => {
            const started = Date.now();
            const outcome = await fetchJwksOverHttps(`${base}/declared`, 3000).then(
                () => "resolved",
                (e: Error) => e.message,
            );
            expect(outcome).to.equal("JWKS response larger than 64 KB");
            expect(Date.now() - started).to.be.below(1000);
        });
    });

    describe("16f. build:edge on deep or binary configs", () => {
        function build(config: string): { code: number; out: string; err: string } {
            const out: string[] = [];
            const err: string[] = [];
            const code = runBuildCli(["--function", "cognito-auth", "--config", config, "--out", path.join(dir, "out")], (l) => out.push(l), (l) => err.push(l));
            return { code, out: out.join("\n"), err: err.join("\n") };
        }

        for (const [what, text] of [
            ["200k nested arrays", `{"jwks":${"[".repeat(200_000)}${"]".repeat(200_000)}}`],
            // 150k: 200k of these would be over the 1 MB a config may have.
            ["150k nested objects", `${'{"a":'.repeat(150_000)}1${"}".repeat(150_000)}`],
            ["a top-level array 200k deep", `${"[".repeat(200_000)}${"]".repeat(200_000)}`],
        ] as const) {
            it(`${what}: names the file and says it is nested too deep, with the limit`, () => {
                const file = path.join(dir, "deep.json");
                fs.writeFileSync(file, text);
                const r = build(file);
                expect(r.code).to.equal(1);
                expect(r.err).to.equal(`build:edge: config file ${file} is nested too deep: more than 32 levels of objects and arrays (an edge auth config has at most 4)`);
            });
        }

        it("a binary file: says it is not JSON, with every control byte escaped", () => {
            const file = path.join(dir, "binary.json");
            fs.writeFileSync(file, Buffer.from([0x00, 0x01, 0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0x7f, 0xc2, 0x9b, 0x33, 0x31, 0x6d, 0xe2, 0x80, 0xae]));
            const r = build(file);
            expect(r.code).to.equal(1);
            expect(r.err).to.include(`config file ${file} is not valid JSON`);
            expect(r.err).to.not.match(UNPRINTABLE);
            expect(r.err).to.include("\\x00\\x01\\x1b[2J\\n\\x7f\\x9b31m\\u202e");
        });

        it("a hostile key and file name: echoed escaped", () => {
            const file = path.join(dir, "cfg\u001b[2J\nfake.json");
            fs.writeFileSync(file, JSON.stringify({ "\u001b]0;owned\u0007\nfake": 1, userPoolId: "bad\u009b" }));
            const r = build(file);
            expect(r.code).to.equal(1);
            expect(r.err).to.not.match(UNPRINTABLE_BUT_NEWLINE);
            for (const line of r.err.split("\n")) expect(line.startsWith("fake")).to.equal(false);
            expect(r.err).to.include("cfg\\x1b[2J\\nfake.json");
            expect(r.err).to.include("\\x1b]0;owned\\x07\\nfake: 1 is not a known field");
            expect(r.err).to.include('userPoolId: "bad\\x9b" is not a Cognito user pool ID');
        });

        it("a config larger than any bundle can hold (/dev/zero) is refused without reading it all", function () {
            if (!fs.existsSync("/dev/zero")) this.skip();
            const started = Date.now();
            const r = build("/dev/zero");
            expect(r.code).to.equal(1);
            expect(r.err).to.equal("build:edge: config file /dev/zero is larger than 1 MB (1048576 bytes); an edge auth config is a few KB");
            expect(Date.now() - started).to.be.below(2000);
        });
    });
});

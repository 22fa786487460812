/**
 * The browser-shaped sequence against the real bundle (dist/functions/cognito-auth/index.js with a
 * config.json beside it in a temp folder), run in a child process whose real https client trusts the
 * loopback token endpoint through NODE_EXTRA_CA_CERTS: no cookie → 302 to authorize → callback with code
 * and state → cookies, 302 to the original path → content passes (token cookies stripped) → the token
 * expires → refresh → new cookies → content passes → sign-out clears every cookie and goes to Cognito's
 * logout. A small cookie jar plays the browser; the child's log is captured and searched for secrets.
 */
import { expect } from "chai";
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import { PACKAGE_ROOT } from "../components/lambda-bundle";
import { EdgeAuthConfig } from "../shared/edge-auth-config";
import { CLIENT_ID, testConfig, testSignInConfig, viewerRequestEvent } from "./edge-auth-tokens";
import { LoopbackTokenEndpoint } from "./support/loopback-token-endpoint";

type Result = CloudFrontRequest | CloudFrontResultResponse;
const isResponse = (r: Result): r is CloudFrontResultResponse => "status" in r;

/** The child: loads the bundle (which reads its config.json), then answers one JSON event per line. */
const DRIVER = `
const { handler } = require(process.argv[2]);
const rl = require("node:readline").createInterface({ input: process.stdin });
rl.on("line", async (line) => {
    const result = await handler(JSON.parse(line));
    process.stdout.write(JSON.stringify(result) + "\\n");
});
`;

/** A browser's cookie jar for one host: Set-Cookie values applied, Max-Age=0 removes. */
class CookieJar {
    readonly cookies = new Map<string, string>();
    apply(result: Result): void {
        if (!isResponse(result)) return;
        for (const { value } of result.headers?.["set-cookie"] ?? []) {
            const pair = value.slice(0, value.indexOf(";"));
            const name = pair.slice(0, pair.indexOf("="));
            if (/; Max-Age=0(;|$)/.test(value)) this.cookies.delete(name);
            else this.cookies.set(name, pair.slice(name.length + 1));
        }
    }
    header(): Record<string, string> {
        return this.cookies.size === 0 ? {} : { cookie: [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ") };
    }
}

describe("edge sign-in: browser sequence against the real bundle", function () {
    this.timeout(30_000);
    const endpoint = new LoopbackTokenEndpoint();
    let dir: string;
    let child: ChildProcessWithoutNullStreams;
    let stderr = "";
    let pending: ((line: string) => void)[] = [];

    before(async function () {
        const bundle = path.join(PACKAGE_ROOT, "dist/functions/cognito-auth/index.js");
        if (!fs.existsSync(bundle)) this.skip();
        await endpoint.start();
        // Short-lived tokens: the sequence waits for them to expire (the clock is the real one in the child).
        endpoint.tokenLifetimeSeconds = 2;
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-sign-in-browser-"));
        fs.copyFileSync(bundle, path.join(dir, "index.js"));
        const config: EdgeAuthConfig = testConfig({
            clientIds: [],
            tokenUse: "id",
            clockSkewSeconds: 0,
            signIn: testSignInConfig(endpoint.tokenUrl),
        });
        fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
        fs.writeFileSync(path.join(dir, "driver.js"), DRIVER);
        child = spawn(process.execPath, [path.join(dir, "driver.js"), path.join(dir, "index.js")], {
            env: { PATH: process.env.PATH ?? "", NODE_EXTRA_CA_CERTS: path.join(endpoint.pki.dir, "root.pem") },
        });
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("exit", () => pending.splice(0).forEach((resolve) => resolve(JSON.stringify({ status: "child exited", stderr }))));
        createInterface({ input: child.stdout }).on("line", (line) => pending.shift()?.(line));
    });
    after(async () => {
        child?.kill();
        await endpoint.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Sends one viewer request to the bundle in the child. */
    function send(input: Parameters<typeof viewerRequestEvent>[0]): Promise<Result> {
        return new Promise((resolve) => {
            pending.push((line) => resolve(JSON.parse(line) as Result));
            child.stdin.write(JSON.stringify(viewerRequestEvent(input)) + "\n");
        });
    }

    it("loads node:https only for a token call: a cold start and a request without sign-in never do", () => {
        const probe = path.join(dir, "probe.js");
        fs.writeFileSync(probe, `
const fs = require("node:fs");
const https = () => process.moduleLoadList.includes("NativeModule https");
const folder = process.argv[2];
const { handler } = require(folder + "/index.js");
const before = https();
handler(JSON.parse(fs.readFileSync(folder + "/event.json", "utf8"))).then((r) => console.log(JSON.stringify({ before, after: https(), status: r.status })));
`);
        const plain = path.join(dir, "plain");
        fs.mkdirSync(plain, { recursive: true });
        fs.copyFileSync(path.join(dir, "index.js"), path.join(plain, "index.js"));
        fs.writeFileSync(path.join(plain, "config.json"), JSON.stringify(testConfig()));
        fs.writeFileSync(path.join(plain, "event.json"), JSON.stringify(viewerRequestEvent({ headers: { "sec-fetch-mode": "navigate" } })));
        const out = execFileSync(process.execPath, [probe, plain], { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
        expect(JSON.parse(out)).to.deep.equal({ before: false, after: false, status: "401" });
        // With sign-in, a navigation without cookies is answered (302) without any token call either.
        fs.copyFileSync(path.join(dir, "config.json"), path.join(plain, "config.json"));
        const out2 = execFileSync(process.execPath, [probe, plain], { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
        expect(JSON.parse(out2)).to.deep.equal({ before: false, after: false, status: "302" });
    });

    it("signs in, serves content, refreshes after expiry, and signs out", async () => {
        const jar = new CookieJar();
        const navigate = (uri: string, querystring = "") => send({ uri, querystring, headers: { "sec-fetch-mode": "navigate", accept: "text/html", ...jar.header() } });

        // 1. No cookie: to managed login.
        const first = (await navigate("/videos/intro/", "t=42")) as CloudFrontResultResponse;
        jar.apply(first);
        expect(first.status).to.equal("302");
        const authorize = new URL(first.headers!.location[0].value);
        expect(Object.fromEntries(authorize.searchParams)).to.include({ response_type: "code", client_id: CLIENT_ID, redirect_uri: "https://d111111abcdef8.cloudfront.net/auth/callback", scope: "openid email", code_challenge_method: "S256" });
        expect(jar.cookies.has("ltf-state")).to.equal(true);

        // 2. Managed login redirects back with a code bound to the challenge.
        const code = endpoint.issueCode(authorize.searchParams.get("code_challenge")!, CLIENT_ID, authorize.searchParams.get("redirect_uri")!);
        const callback = (await navigate("/auth/callback", new URLSearchParams({ code, state: authorize.searchParams.get("state")! }).toString())) as CloudFrontResultResponse;
        jar.apply(callback);
        expect(callback.status).to.equal("302");
        expect(callback.headers!.location[0].value).to.equal("/videos/intro/?t=42");
        expect([...jar.cookies.keys()].sort()).to.deep.equal(["ltf-access", "ltf-id", "ltf-refresh"]);
        const firstId = jar.cookies.get("ltf-id")!;

        // 3. Content with the cookies passes, without them.
        const content = (await navigate("/videos/intro/", "t=42")) as CloudFrontRequest;
        expect(isResponse(content)).to.equal(false);
        expect(content.headers.cookie).to.equal(undefined);

        // 4. The ID token expires; the next request refreshes and comes back to the same URL.
        await new Promise((r) => setTimeout(r, 2100));
        const refreshed = (await send({ uri: "/videos/intro/segment-1.ts", headers: jar.header() })) as CloudFrontResultResponse;
        jar.apply(refreshed);
        expect(refreshed.status).to.equal("302");
        expect(refreshed.headers!.location[0].value).to.equal("/videos/intro/segment-1.ts");
        expect(jar.cookies.get("ltf-id")).to.not.equal(firstId);
        expect(endpoint.requests.map((r) => r.form.grant_type)).to.deep.equal(["authorization_code", "refresh_token"]);
        expect(isResponse(await send({ uri: "/videos/intro/segment-1.ts", headers: jar.header() }))).to.equal(false);

        // 5. Sign-out clears every cookie and goes to Cognito's logout.
        const signOut = (await navigate("/auth/sign-out")) as CloudFrontResultResponse;
        jar.apply(signOut);
        expect(signOut.headers!.location[0].value).to.equal(`https://login.example.test/logout?client_id=${CLIENT_ID}&logout_uri=https%3A%2F%2Fd111111abcdef8.cloudfront.net%2F`);
        expect(jar.cookies.size).to.equal(0);
        expect(((await navigate("/videos/intro/")) as CloudFrontResultResponse).status).to.equal("302");

        // No token, code or verifier in the function's log.
        for (const secret of [code, firstId, ...endpoint.refreshTokens.keys()]) expect(stderr.includes(secret)).to.equal(false);
    });
});

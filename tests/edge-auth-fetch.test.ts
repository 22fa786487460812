/** The default JWKS fetcher (global fetch) against a local HTTP server: success, refusals, time limit. */
import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { fetchJwksOverHttps } from "../edge-functions/cognito-auth/verifier";

describe("edge auth default JWKS fetcher", () => {
    let server: http.Server;
    let base: string;
    const routes: Record<string, (res: http.ServerResponse) => void> = {
        "/ok": (res) => res.writeHead(200, { "content-type": "application/json" }).end('{"keys":[]}'),
        "/missing": (res) => res.writeHead(404).end("not found"),
        "/redirect": (res) => res.writeHead(302, { location: "/ok" }).end(),
        "/large": (res) => res.writeHead(200).end(`{"keys":[],"pad":"${"x".repeat(70_000)}"}`),
        "/slow": () => undefined, // never answers
        "/html": (res) => res.writeHead(200).end("<html>"),
    };

    before(async () => {
        server = http.createServer((req, res) => {
            const route = routes[req.url ?? ""];
            if (route) route(res);
            else res.writeHead(500).end();
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => {
        server.closeAllConnections();
        server.close();
    });

    it("returns the parsed JSON of a 200 answer", async () => {
        expect(await fetchJwksOverHttps(`${base}/ok`, 1000)).to.deep.equal({ keys: [] });
    });

    it("refuses a non-200 answer, a redirect, an oversized or non-JSON body", async () => {
        const failures = await Promise.all(["/missing", "/redirect", "/large", "/html"].map((p) => fetchJwksOverHttps(`${base}${p}`, 1000).then(() => "resolved", (e: Error) => e.message)));
        expect(failures[0]).to.equal("JWKS endpoint answered 404");
        expect(failures[1]).to.not.equal("resolved");
        expect(failures[2]).to.equal("JWKS response larger than 64 KB");
        expect(failures[3]).to.not.equal("resolved");
    });

    it("gives up after its time limit", async () => {
        const started = Date.now();
        const outcome = await fetchJwksOverHttps(`${base}/slow`, 150).then(() => "resolved", (e: Error) => e.name);
        expect(outcome).to.equal("TimeoutError");
        expect(Date.now() - started).to.be.within(140, 1500);
    });
});

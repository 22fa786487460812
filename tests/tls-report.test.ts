/**
 * `npm run tls-report` on generated log sets: CloudFront standard logs (plain and gzipped, in nested
 * folders) and CloudTrail files, with exact counts, malformed input, --since, the --json shape and
 * bad arguments.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { expect } from "chai";
import { TlsReport } from "../tools/tls-report/aggregate";
import { report, reportJson, write } from "./support/tls-report-run";
import { CLOUDFRONT_STANDARD_LOG_FIELDS } from "../components/cloudfront-facts";

/** The 33 fields of a CloudFront standard log, in the documented order. */
export const CF_FIELDS = CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field);

const CF_HEADER = `#Version: 1.0\n#Fields: ${CF_FIELDS.join(" ")}\n`;

interface CfRequest {
    date?: string;
    time?: string;
    ip?: string;
    ua?: string;
    protocol?: string;
    /** `ssl-cipher`; by default one the protocol can negotiate under TLSv1. */
    cipher?: string;
}

function cfLine(r: CfRequest): string {
    const https = r.protocol !== "-";
    const cipher = r.cipher ?? (!https ? "-" : r.protocol === "TLSv1.3" ? "TLS_AES_128_GCM_SHA256" : "ECDHE-RSA-AES128-SHA");
    const values: Record<string, string> = {
        date: r.date ?? "2024-05-01",
        time: r.time ?? "12:00:00",
        "c-ip": r.ip ?? "192.0.2.1",
        "cs(User-Agent)": r.ua ?? "Mozilla/5.0%20(X11)",
        "cs-protocol": https ? "https" : "http",
        "ssl-protocol": r.protocol ?? "TLSv1.2",
        "ssl-cipher": cipher,
        "sc-status": "200",
    };
    return CF_FIELDS.map((f) => values[f] ?? "-").join("\t");
}

function cfLog(requests: CfRequest[], extra = ""): string {
    return CF_HEADER + requests.map(cfLine).join("\n") + "\n" + extra;
}

function ctRecord(r: { time: string; tls?: string; arn?: string; source?: string; ip?: string; ua?: string }): Record<string, unknown> {
    return {
        eventVersion: "1.09",
        userIdentity: r.arn ? { type: "IAMUser", arn: r.arn, accountId: "111122223333" } : { type: "AWSService", invokedBy: "cloudfront.amazonaws.com" },
        eventTime: r.time,
        eventSource: r.source ?? "s3.amazonaws.com",
        eventName: "GetObject",
        sourceIPAddress: r.ip ?? "198.51.100.1",
        userAgent: r.ua ?? "aws-sdk-java/1.12.0",
        ...(r.tls
            ? {
                  tlsDetails: {
                      tlsVersion: r.tls,
                      cipherSuite: r.tls === "TLSv1.3" ? "TLS_AES_128_GCM_SHA256" : "ECDHE-RSA-AES128-SHA",
                      clientProvidedHostHeader: "b.s3.eu-west-1.amazonaws.com",
                  },
              }
            : {}),
    };
}


describe("npm run tls-report", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tls-report-test-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    describe("a mixed log set in nested folders", () => {
        let result: { code: number; json: TlsReport; stderr: string };
        beforeEach(async () => {
            // Plain CloudFront log at the top: 3 legacy requests on 05-01, 2 modern, 1 plain HTTP.
            write(
                path.join(dir, "EDFDVBD6EXAMPLE.2024-05-01-12.a1b2c3d4"),
                cfLog([
                    { protocol: "TLSv1", ip: "203.0.113.5", ua: "Java/1.6.0_45" },
                    { protocol: "TLSv1", ip: "203.0.113.5", ua: "Java/1.6.0_45" },
                    { protocol: "TLSv1.1", ip: "203.0.113.9", ua: "Mozilla/4.0%20(compatible;%20MSIE%208.0;%20Windows%20NT%205.1)" },
                    { protocol: "TLSv1.2" },
                    { protocol: "TLSv1.3" },
                    { protocol: "-" },
                ]),
            );
            // Gzipped CloudFront log two folders down: legacy requests on another day.
            write(
                path.join(dir, "cf", "2024", "EDFDVBD6EXAMPLE.2024-05-02-08.e5f6a7b8.gz"),
                cfLog([
                    { date: "2024-05-02", protocol: "TLSv1", ip: "203.0.113.9", ua: "Mozilla/4.0%20(compatible;%20MSIE%208.0;%20Windows%20NT%205.1)" },
                    { date: "2024-05-02", protocol: "SSLv3", ip: "203.0.113.77", ua: "curl/7.1" },
                    { date: "2024-05-02", protocol: "TLSv1.2" },
                ]),
                true,
            );
            // CloudTrail, gzipped, as delivered: AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/...json.gz
            const records = [
                ctRecord({ time: "2024-05-01T09:00:00Z", tls: "TLSv1", arn: "arn:aws:iam::111122223333:user/legacy-uploader", ip: "198.51.100.20", ua: "aws-sdk-java/1.3.0" }),
                ctRecord({ time: "2024-05-01T09:05:00Z", tls: "TLSv1", arn: "arn:aws:iam::111122223333:user/legacy-uploader", ip: "198.51.100.20", ua: "aws-sdk-java/1.3.0" }),
                ctRecord({ time: "2024-05-01T10:00:00Z", tls: "TLSv1.1", arn: "arn:aws:iam::111122223333:role/batch", source: "kms.amazonaws.com" }),
                ctRecord({ time: "2024-05-01T11:00:00Z", tls: "TLSv1.3", arn: "arn:aws:iam::111122223333:role/app" }),
                ctRecord({ time: "2024-05-01T11:30:00Z" }), // a service event: no tlsDetails
            ];
            write(
                path.join(dir, "AWSLogs", "111122223333", "CloudTrail", "eu-west-1", "2024", "05", "01", "111122223333_CloudTrail_eu-west-1_20240501T0905Z_abc.json.gz"),
                JSON.stringify({ Records: records }),
                true,
            );
            // Not logs: a digest file and a README.
            write(
                path.join(dir, "AWSLogs", "111122223333", "CloudTrail-Digest", "eu-west-1", "digest.json.gz"),
                JSON.stringify({ awsAccountId: "111122223333", digestStartTime: "2024-05-01T08:00:00Z", logFiles: [] }),
                true,
            );
            write(path.join(dir, "README.txt"), "log bucket export\n");
            result = await reportJson([dir]);
        });

        it("exits 0 and counts the files by kind", () => {
            expect(result.code, result.stderr).to.equal(0);
            expect(result.json.files.cloudfront).to.equal(2);
            expect(result.json.files.cloudtrail).to.equal(1);
            expect(result.json.files.skipped).to.deep.equal([
                { file: path.join(dir, "AWSLogs", "111122223333", "CloudTrail-Digest", "eu-west-1", "digest.json.gz"), reason: "JSON without a Records array (e.g. a CloudTrail digest file)" },
                { file: path.join(dir, "README.txt"), reason: "neither a CloudFront standard log (#Version/#Fields header, or v2 JSON lines) nor a CloudTrail file (JSON)" },
            ]);
            expect(result.json.files.failed).to.deep.equal([]);
        });

        it("counts requests per protocol as the logs write them, per source and in all", () => {
            expect(result.json.bySource.cloudfront).to.deep.equal({
                requests: 9,
                byProtocol: { SSLv3: 1, TLSv1: 3, "TLSv1.1": 1, "TLSv1.2": 2, "TLSv1.3": 1, "-": 1 },
                beforeSince: 0,
            });
            // The TLSv1/TLSv1.1 calls are what CloudTrail files from before AWS's 2023 TLS 1.2 minimum can hold.
            expect(result.json.bySource.cloudtrail).to.deep.equal({
                calls: 5,
                byProtocol: { TLSv1: 2, "TLSv1.1": 1, "TLSv1.3": 1, "(no tlsDetails)": 1 },
                beforeSince: 0,
                byProtocolCipher: [
                    { protocol: "TLSv1", cipher: "ECDHE-RSA-AES128-SHA", calls: 2, eventSources: [{ value: "s3.amazonaws.com", count: 2 }] },
                    { protocol: "TLSv1.1", cipher: "ECDHE-RSA-AES128-SHA", calls: 1, eventSources: [{ value: "kms.amazonaws.com", count: 1 }] },
                    { protocol: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", calls: 1, eventSources: [{ value: "s3.amazonaws.com", count: 1 }] },
                ],
            });
            expect(result.json.byProtocol).to.deep.equal({ SSLv3: 1, TLSv1: 5, "TLSv1.1": 2, "TLSv1.2": 2, "TLSv1.3": 2, "-": 1, "(no tlsDetails)": 1 });
            expect(Object.keys(result.json.byProtocol)).to.deep.equal(["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", "-", "(no tlsDetails)"]);
        });

        it("breaks legacy CloudFront viewers down by day, IP and URL-decoded user agent", () => {
            expect(result.json.legacy.protocols).to.deep.equal(["SSLv3", "TLSv1", "TLSv1.1"]);
            expect(result.json.legacy.cloudfront).to.deep.equal([
                {
                    day: "2024-05-01",
                    requests: 3,
                    byProtocol: { TLSv1: 2, "TLSv1.1": 1 },
                    clientIps: [{ value: "203.0.113.5", count: 2 }, { value: "203.0.113.9", count: 1 }],
                    userAgents: [{ value: "Java/1.6.0_45", count: 2 }, { value: "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1)", count: 1 }],
                },
                {
                    day: "2024-05-02",
                    requests: 2,
                    byProtocol: { SSLv3: 1, TLSv1: 1 },
                    clientIps: [{ value: "203.0.113.77", count: 1 }, { value: "203.0.113.9", count: 1 }],
                    userAgents: [{ value: "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1)", count: 1 }, { value: "curl/7.1", count: 1 }],
                },
            ]);
        });

        it("breaks legacy CloudTrail callers down by day, principal, event source, IP and user agent", () => {
            expect(result.json.legacy.cloudtrail).to.deep.equal([
                {
                    day: "2024-05-01",
                    calls: 3,
                    byProtocol: { TLSv1: 2, "TLSv1.1": 1 },
                    principals: [
                        { value: "arn:aws:iam::111122223333:user/legacy-uploader", count: 2 },
                        { value: "arn:aws:iam::111122223333:role/batch", count: 1 },
                    ],
                    eventSources: [{ value: "s3.amazonaws.com", count: 2 }, { value: "kms.amazonaws.com", count: 1 }],
                    sourceIps: [{ value: "198.51.100.20", count: 2 }, { value: "198.51.100.1", count: 1 }],
                    userAgents: [{ value: "aws-sdk-java/1.3.0", count: 2 }, { value: "aws-sdk-java/1.12.0", count: 1 }],
                },
            ]);
        });

        it("says what each source can see, in JSON", () => {
            expect(result.json.visibility.cloudtrail).to.match(/calls to AWS APIs, including direct S3 API calls.*never sees CloudFront viewers/);
            expect(result.json.files.cloudfrontJson).to.equal(0);
            expect(result.json.visibility.cloudfront).to.match(/only place viewer TLS is recorded/);
            expect(result.json.malformed).to.deep.equal({ total: 0, byFile: {} });
        });

        it("--top limits every ranking", async () => {
            const { json } = await reportJson([dir, "--top", "1"]);
            expect(json.legacy.cloudfront[0].clientIps).to.deep.equal([{ value: "203.0.113.5", count: 2 }]);
            expect(json.legacy.cloudtrail[0].principals).to.have.length(1);
        });
    });

    it("prints a text report with the visibility notes, the protocol and cipher tables, the legacy users and the policy impact", async () => {
        write(path.join(dir, "a.log"), cfLog([{ protocol: "TLSv1", ip: "203.0.113.5", ua: "Java/1.6%20x" }, { protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256" }]));
        const { code, stdout } = await report([path.join(dir, "a.log")]);
        expect(code).to.equal(0);
        expect(stdout).to.include("What each source can see:");
        expect(stdout).to.include("It never sees CloudFront viewers: their TLS 1.0/1.1 is only in CloudFront's access logs.");
        expect(stdout).to.match(/CloudFront viewer requests by ssl-protocol \(2\):\n {2}TLSv1 {4}1 {2} 50\.0%\n {2}TLSv1\.2 {2}1 {2} 50\.0%\n/);
        expect(stdout).to.include(
            "CloudFront viewer requests by ssl-protocol and ssl-cipher (2):\n  TLSv1    ECDHE-RSA-AES128-SHA         1   50.0%\n  TLSv1.2  ECDHE-RSA-AES128-GCM-SHA256  1   50.0%\n",
        );
        expect(stdout).to.include("  2024-05-01 CloudFront: 1 request(s) (TLSv1 1)\n    client IPs: 203.0.113.5 (1)\n    user agents: Java/1.6 x (1)\n");
        // TLSv1 is refused from TLSv1.1_2016 on; the TLSv1.2 viewer (R1) only by TLSv1.3_2025.
        expect(stdout).to.include("Policy impact (logged under TLSv1)");
        expect(stdout).to.match(/\n {2}TLSv1 \(in force\) +0 +0 +0 +0\n/);
        expect(stdout).to.match(/\n {2}TLSv1\.2_2025 +1 +1 +0 +0\n {2}TLSv1\.3_2025 +2 +2 +0 +0\n/);
        expect(stdout).to.include("    TLSv1.3_2025 refused: Java/1.6 x (1), Mozilla/5.0 (X11) (1)\n");
        expect(stdout).to.include("Malformed lines/records skipped: 0");
    });

    describe("malformed input", () => {
        it("counts and skips bad CloudFront lines, reporting the first per file", async () => {
            const good = cfLine({ protocol: "TLSv1" });
            const shortLine = good.split("\t").slice(0, 12).join("\t");
            const badDate = cfLine({ date: "01/05/2024" });
            const noProtocol = cfLine({}).replace("\tTLSv1.2\t", "\t\t");
            const crlf = `${cfLine({ protocol: "TLSv1.1" })}\r`;
            const [version, fields] = CF_HEADER.split("\n");
            write(path.join(dir, "bad.log"), `${version}\n${cfLine({})}\n${fields}\n` + [good, shortLine, badDate, noProtocol, crlf, "", good].join("\n") + "\n");
            write(path.join(dir, "no-protocol-field.log"), `#Version: 1.0\n#Fields: date time c-ip\n2024-05-01\t01:00:00\t192.0.2.1\n2024-05-01\t01:00:01\t192.0.2.1\n`);
            write(path.join(dir, "overlong.log"), CF_HEADER + "x".repeat(300 * 1024) + "\n" + good + "\n");
            const { code, json } = await reportJson([dir]);
            expect(code).to.equal(0);
            expect(json.bySource.cloudfront.byProtocol).to.deep.equal({ TLSv1: 3, "TLSv1.1": 1 });
            expect(json.malformed.total).to.equal(7);
            expect(json.malformed.byFile).to.deep.equal({
                [path.join(dir, "bad.log")]: { count: 4, first: "line 2: data line before any #Fields header" },
                [path.join(dir, "no-protocol-field.log")]: { count: 2, first: "line 3: the #Fields header has no ssl-protocol field" },
                [path.join(dir, "overlong.log")]: { count: 1, first: "line 3: longer than 262144 characters" },
            });
        });

        it("names each kind of bad CloudFront line", async () => {
            const good = cfLine({});
            const cases: [string, string][] = [
                [good.split("\t").slice(0, 12).join("\t"), "line 3: 12 fields, #Fields declares 33"],
                [cfLine({ date: "01/05/2024" }), 'line 3: date "01/05/2024" is not YYYY-MM-DD'],
                [cfLine({}).replace("\tTLSv1.2\t", "\t\t"), "line 3: ssl-protocol is empty"],
            ];
            cases.forEach(([line], i) => write(path.join(dir, `case${i}.log`), CF_HEADER + line + "\n"));
            const { json } = await reportJson([dir]);
            expect(cases.map((_, i) => json.malformed.byFile[path.join(dir, `case${i}.log`)])).to.deep.equal(cases.map(([, first]) => ({ count: 1, first })));
        });

        it("counts and skips bad CloudTrail records and a truncated file", async () => {
            const ok = JSON.stringify(ctRecord({ time: "2024-05-01T00:00:00Z", tls: "TLSv1" }));
            write(path.join(dir, "ct1.json"), `{"Records":[${ok}, 42, {"eventTime": "yesterday"}, ${ok}, {"eventTime":"2024-05-01T00:00:00Z","x": tru}, ["a"]]}`);
            write(path.join(dir, "ct2.json.gz"), `{"Records":[${ok},${ok.slice(0, 40)}`, true);
            const { code, json } = await reportJson([dir]);
            expect(code).to.equal(0);
            expect(json.bySource.cloudtrail).to.deep.include({ calls: 3, byProtocol: { TLSv1: 3 } });
            expect(json.malformed.total).to.equal(5);
            expect(json.malformed.byFile[path.join(dir, "ct1.json")]).to.deep.equal({ count: 4, first: "record 2: not a JSON object" });
            expect(json.malformed.byFile[path.join(dir, "ct2.json.gz")]).to.deep.equal({
                count: 1,
                first: "record 2: the file ends inside the Records array (truncated?)",
            });
            const text = (await report([path.join(dir, "ct1.json")])).stdout;
            expect(text).to.include(`${path.join(dir, "ct1.json")}: 4 (first: record 2: not a JSON object)`);
        });

        it("names a record that is not valid JSON and one without a timestamp", async () => {
            write(path.join(dir, "a.json"), `{"Records":[{"eventTime":"2024-05-01T00:00:00Z","x": tru}]}`);
            write(path.join(dir, "b.json"), `{"Records":[{"eventTime":"yesterday"}]}`);
            const { json } = await reportJson([dir]);
            expect(json.malformed.byFile[path.join(dir, "a.json")].first).to.match(/^record 1: not valid JSON \(/);
            expect(json.malformed.byFile[path.join(dir, "b.json")].first).to.equal('record 1: eventTime "yesterday" is not a timestamp');
        });

        it("reports a corrupt gzip file as failed, keeps the other files and exits 1", async () => {
            write(path.join(dir, "good.log"), cfLog([{ protocol: "TLSv1" }]));
            const gz = zlib.gzipSync(cfLog(Array.from({ length: 2000 }, () => ({ protocol: "TLSv1.2" }))));
            fs.writeFileSync(path.join(dir, "truncated.log.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
            const { code, json, stderr } = await reportJson([dir]);
            expect(code).to.equal(1);
            expect(stderr).to.include("1 file(s) could not be read to the end");
            expect(json.files.failed).to.have.length(1);
            expect(json.files.failed[0].file).to.equal(path.join(dir, "truncated.log.gz"));
            expect(json.files.failed[0].error).to.match(/^corrupt or truncated gzip data \(Z_BUF_ERROR/);
            expect(json.bySource.cloudfront.byProtocol.TLSv1).to.equal(1);
        });
    });

    describe("--since", () => {
        beforeEach(() => {
            write(
                path.join(dir, "cf.log.gz"),
                cfLog([
                    { date: "2024-04-30", time: "23:59:59", protocol: "TLSv1" },
                    { date: "2024-05-01", time: "11:59:59", protocol: "TLSv1" },
                    { date: "2024-05-01", time: "12:00:00", protocol: "TLSv1.1" },
                    { date: "2024-05-02", time: "00:00:00", protocol: "TLSv1.2" },
                ]),
                true,
            );
            write(
                path.join(dir, "ct.json"),
                JSON.stringify({
                    Records: [
                        ctRecord({ time: "2024-04-30T23:59:59Z", tls: "TLSv1" }),
                        ctRecord({ time: "2024-05-01T12:00:00Z", tls: "TLSv1.1" }),
                        // A zone offset: 13:00+02:00 is 11:00Z, before the bound.
                        ctRecord({ time: "2024-05-01T13:00:00+02:00", tls: "TLSv1" }),
                    ],
                }),
            );
        });

        it("a day keeps everything from that UTC midnight on", async () => {
            const { json } = await reportJson([dir, "--since", "2024-05-01"]);
            expect(json.since).to.equal("2024-05-01T00:00:00.000Z");
            expect(json.bySource.cloudfront).to.deep.equal({ requests: 3, byProtocol: { TLSv1: 1, "TLSv1.1": 1, "TLSv1.2": 1 }, beforeSince: 1 });
            expect(json.bySource.cloudtrail).to.deep.include({ calls: 2, beforeSince: 1 });
            expect(json.legacy.cloudfront.map((d) => d.day)).to.deep.equal(["2024-05-01"]);
        });

        it("an instant compares CloudFront's time and CloudTrail's eventTime", async () => {
            const { json, code } = await reportJson([dir, "--since", "2024-05-01T12:00:00Z"]);
            expect(code).to.equal(0);
            expect(json.bySource.cloudfront).to.deep.equal({ requests: 2, byProtocol: { "TLSv1.1": 1, "TLSv1.2": 1 }, beforeSince: 2 });
            expect(json.bySource.cloudtrail).to.deep.include({ calls: 1, byProtocol: { "TLSv1.1": 1 }, beforeSince: 2 });
            const text = (await report([dir, "--since", "2024-05-01T12:00:00Z"])).stdout;
            expect(text).to.include("Skipped as before --since: 2 request(s), 2 call(s) (4 in all).");
        });
    });

    describe("bad arguments and paths", () => {
        for (const [why, argv, message] of [
            ["no path", [], /PATH: \(missing\) is required: one or more log files or folders/],
            ["a date that is no date", ["x", "--since", "last week"], /--since: "last week" is not a date: allowed YYYY-MM-DD/],
            ["a date that does not exist", ["x", "--since", "2024-02-30"], /--since: "2024-02-30" is not a date/],
            ["an instant without a zone", ["x", "--since", "2024-05-01T12:00:00"], /--since: "2024-05-01T12:00:00" is not a date/],
            ["an unknown option", ["x", "--from", "2024-05-01"], /Unknown option '--from'.*known options: --json, --since, --top/],
            ["--top 0", ["x", "--top", "0"], /--top: 0 is not a whole number from 1 to 1000/],
            ["a --top that is no number", ["x", "--top", "1e3"], /--top: "1e3" is not a whole number from 1 to 1000/],
            ["an empty path", ["x", ""], /PATH\[1\]: "" is empty/],
        ] as const) {
            it(`exits 2 for ${why}, naming the argument and the value`, async () => {
                const { code, stderr, stdout } = await report([...argv]);
                expect(code).to.equal(2);
                expect(stdout).to.equal("");
                expect(stderr).to.match(message);
                expect(stderr).to.include("usage: npm run tls-report");
            });
        }

        it("exits 2 naming a path that does not exist", async () => {
            const missing = path.join(dir, "nope");
            const { code, stderr } = await report([missing]);
            expect(code).to.equal(2);
            expect(stderr).to.equal(`tls-report: ${missing}: no such file or directory (ENOENT)\n`);
        });

        it("exits 1 when the folders hold no log file", async () => {
            write(path.join(dir, "sub", "notes.md"), "# notes\n");
            const { code, stderr, json } = await reportJson([dir]);
            expect(code).to.equal(1);
            expect(stderr).to.include(`no CloudFront or CloudTrail log file found in ${dir}`);
            expect(json.files.skipped).to.have.length(1);
        });
    });
});

/**
 * `npm run tls-report` on CloudFront standard logging (v2) files, shaped as the log delivery writes them
 * (JSON lines in the record fields' order with every value a string and "-" for none, or W3C with a
 * `#Fields` header), next to legacy files; and the CloudTrail side, which can only show the TLS 1.2/1.3
 * versions and cipher suites AWS API calls use.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { report, reportJson, write } from "./support/tls-report-run";
import { CLOUDFRONT_STANDARD_LOG_FIELDS, TLS_AUDIT_LOG_FIELDS } from "../components/cloudfront-facts";

/** The 33 fields of a legacy standard log, in the documented order. */
const CF_FIELDS: readonly string[] = CLOUDFRONT_STANDARD_LOG_FIELDS.map((f) => f.field);

interface V2Request {
    date?: string;
    time?: string;
    ip?: string;
    /** As logged: URL-encoded. */
    ua?: string;
    protocol?: string;
    cipher?: string;
}

// One v2 record with the TLS audit's fields, in their order, every value a string.
function v2Record(r: V2Request, fields: readonly string[] = TLS_AUDIT_LOG_FIELDS): Record<string, string> {
    const https = r.protocol !== "-";
    const values: Record<string, string> = {
        date: r.date ?? "2024-05-01",
        time: r.time ?? "12:00:00",
        "x-edge-location": "FRA56-P1",
        "c-ip": r.ip ?? "192.0.2.1",
        "x-forwarded-for": "-",
        "cs-method": "GET",
        "x-host-header": "legacy.example.com",
        "cs-uri-stem": "/index.html",
        "sc-status": https ? "200" : "301",
        "cs(User-Agent)": r.ua ?? "Mozilla/5.0%20(X11)",
        "cs-protocol": https ? "https" : "http",
        "cs-protocol-version": "HTTP/1.1",
        "ssl-protocol": r.protocol ?? "TLSv1.2",
        "ssl-cipher": r.cipher ?? (!https ? "-" : r.protocol === "TLSv1.3" ? "TLS_AES_128_GCM_SHA256" : "ECDHE-RSA-AES128-SHA"),
        "x-edge-result-type": https ? "Hit" : "Redirect",
        "x-edge-request-id": "EXAMPLEv2RequestId==",
    };
    return Object.fromEntries(fields.map((f) => [f, values[f] ?? "-"]));
}

const jsonLines = (requests: V2Request[]): string => requests.map((r) => JSON.stringify(v2Record(r))).join("\n") + "\n";

function w3c(requests: V2Request[], separator: string): string {
    const fields = TLS_AUDIT_LOG_FIELDS;
    const lines = requests.map((r) => fields.map((f) => v2Record(r)[f]).join(separator));
    return `#Version: 1.0\n#Fields: ${fields.join(" ")}\n${lines.join("\n")}\n`;
}

function ctRecord(r: { time: string; version?: string; cipher?: string; source?: string; arn?: string }): Record<string, unknown> {
    return {
        eventVersion: "1.09",
        userIdentity: { type: "AssumedRole", arn: r.arn ?? "arn:aws:sts::111122223333:assumed-role/content-service/i-1" },
        eventTime: r.time,
        eventSource: r.source ?? "s3.amazonaws.com",
        eventName: "PutObject",
        sourceIPAddress: "198.51.100.7",
        userAgent: "aws-sdk-js/3.600.0",
        ...(r.version
            ? { tlsDetails: { tlsVersion: r.version, cipherSuite: r.cipher ?? "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: "acme.s3.eu-central-1.amazonaws.com" } }
            : {}),
    };
}


describe("npm run tls-report: CloudFront standard logging (v2) files", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tls-report-v2-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    // Where the delivery writes: the destination's prefix, AWSLogs/ACCOUNT/CloudFront/ (added when the
    // delivery is created), then the suffix path.
    const v2Dir = (): string => path.join(dir, "cloudfront", "AWSLogs", "111122223333", "CloudFront", "EDFDVBD6EXAMPLE", "2024", "05", "01");

    it("reads v2 JSON files by their content, gzipped or not, next to legacy files, with the TLS fields, client IP and user agent", async () => {
        write(
            path.join(v2Dir(), "EDFDVBD6EXAMPLE.2024-05-01-12.a1b2c3d4.gz"),
            jsonLines([
                { protocol: "TLSv1", ip: "203.0.113.5", ua: "Java/1.6.0_45" },
                { protocol: "TLSv1", ip: "203.0.113.5", ua: "Java/1.6.0_45" },
                { protocol: "TLSv1.1", ip: "203.0.113.9", ua: "Mozilla/4.0%20(compatible;%20MSIE%208.0;%20Windows%20NT%205.1)" },
                { protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256" },
                { protocol: "TLSv1.3" },
                { protocol: "-" },
            ]),
            true,
        );
        // A copy renamed without .gz, and an old legacy file of the same distribution: all read.
        write(path.join(dir, "copy.json"), jsonLines([{ date: "2024-05-02", protocol: "TLSv1", ip: "203.0.113.5", ua: "Java/1.6.0_45" }]));
        const legacy: Record<string, string> = { date: "2024-04-30", time: "08:00:00", "c-ip": "192.0.2.9", "ssl-protocol": "TLSv1.2", "ssl-cipher": "ECDHE-RSA-AES128-GCM-SHA256" };
        write(path.join(dir, "legacy", "EDFDVBD6EXAMPLE.2024-04-30-08.e5f6a7b8"), `#Version: 1.0\n#Fields: ${CF_FIELDS.join(" ")}\n${CF_FIELDS.map((f) => legacy[f] ?? "-").join("\t")}\n`);

        const { code, json, stderr } = await reportJson([dir]);
        expect(code, stderr).to.equal(0);
        expect(json.files).to.deep.include({ cloudfront: 3, cloudfrontJson: 2, cloudtrail: 0, skipped: [] });
        expect(json.bySource.cloudfront).to.deep.equal({
            requests: 8,
            byProtocol: { TLSv1: 3, "TLSv1.1": 1, "TLSv1.2": 2, "TLSv1.3": 1, "-": 1 },
            beforeSince: 0,
        });
        expect(json.byProtocolCipher).to.deep.include({ protocol: "TLSv1", cipher: "ECDHE-RSA-AES128-SHA", requests: 3 });
        expect(json.legacy.cloudfront).to.deep.equal([
            {
                day: "2024-05-01",
                requests: 3,
                byProtocol: { TLSv1: 2, "TLSv1.1": 1 },
                clientIps: [{ value: "203.0.113.5", count: 2 }, { value: "203.0.113.9", count: 1 }],
                userAgents: [{ value: "Java/1.6.0_45", count: 2 }, { value: "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1)", count: 1 }],
            },
            { day: "2024-05-02", requests: 1, byProtocol: { TLSv1: 1 }, clientIps: [{ value: "203.0.113.5", count: 1 }], userAgents: [{ value: "Java/1.6.0_45", count: 1 }] },
        ]);
        // The policy impact reads v2 pairs as it reads legacy ones.
        expect(json.policyImpact["TLSv1.2_2021"].refusedRequests).to.equal(4);
        expect(json.malformed.total).to.equal(0);
    });

    it("takes the day and time from timestamp(ms) when a delivery selects it instead of date and time", async () => {
        const line = (ms: number, protocol: string): string =>
            JSON.stringify({ "timestamp(ms)": String(ms), "c-ip": "203.0.113.5", "cs(User-Agent)": "curl/7.29.0", "ssl-protocol": protocol, "ssl-cipher": "ECDHE-RSA-AES128-SHA" });
        write(path.join(dir, "ms.log"), [line(Date.UTC(2024, 4, 1, 11, 59, 59), "TLSv1"), line(Date.UTC(2024, 4, 1, 12, 0, 0), "TLSv1.1")].join("\n") + "\n");
        const { json } = await reportJson([dir, "--since", "2024-05-01T12:00:00Z"]);
        expect(json.bySource.cloudfront).to.deep.equal({ requests: 1, byProtocol: { "TLSv1.1": 1 }, beforeSince: 1 });
        expect(json.legacy.cloudfront.map((d) => d.day)).to.deep.equal(["2024-05-01"]);
    });

    it("reads v2 W3C files, tab- or space-separated, by their #Fields header", async () => {
        write(path.join(dir, "tab.log"), w3c([{ protocol: "TLSv1", ip: "203.0.113.5" }, { protocol: "TLSv1.3" }], "\t"));
        write(path.join(dir, "space.log.gz"), w3c([{ protocol: "TLSv1.1", ip: "203.0.113.9" }], " "), true);
        const { json } = await reportJson([dir]);
        expect(json.files).to.deep.include({ cloudfront: 2, cloudfrontJson: 0 });
        expect(json.bySource.cloudfront.byProtocol).to.deep.equal({ TLSv1: 1, "TLSv1.1": 1, "TLSv1.3": 1 });
        expect(json.malformed.total).to.equal(0);
    });

    it("counts and names bad v2 JSON lines, and lists Parquet and headerless plain files as skipped", async () => {
        const good = JSON.stringify(v2Record({ protocol: "TLSv1" }));
        write(
            path.join(dir, "bad.json"),
            [good, "{not json", '["an", "array"]', JSON.stringify({ date: "2024-05-01", "c-ip": "192.0.2.1" }), JSON.stringify({ ...v2Record({}), date: "01/05/2024" }), good].join("\n") + "\n",
        );
        write(path.join(dir, "EDFDVBD6EXAMPLE.2024-05-01-12.parquet"), "PAR1\u0000\u0000binary column chunks\u0000PAR1");
        write(path.join(dir, "plain.log"), "2024-05-01 12:00:00 203.0.113.5 TLSv1 ECDHE-RSA-AES128-SHA\n");
        const { json } = await reportJson([dir]);
        expect(json.bySource.cloudfront.byProtocol).to.deep.equal({ TLSv1: 2 });
        expect(json.malformed.byFile[path.join(dir, "bad.json")]).to.deep.equal({ count: 4, first: "line 2: not a JSON object" });
        expect(json.files.skipped).to.deep.equal([
            {
                file: path.join(dir, "EDFDVBD6EXAMPLE.2024-05-01-12.parquet"),
                reason: "a Parquet file (CloudFront standard logging v2 with output format parquet): query it with Athena; tls-report reads the json and w3c formats",
            },
            { file: path.join(dir, "plain.log"), reason: "neither a CloudFront standard log (#Version/#Fields header, or v2 JSON lines) nor a CloudTrail file (JSON)" },
        ]);
    });

    it("names each kind of bad v2 JSON line", async () => {
        const cases: [string, string][] = [
            ["{not json", "line 1: not a JSON object"],
            [JSON.stringify({ date: "2024-05-01", "c-ip": "192.0.2.1", "x-edge-request-id": "x" }), "line 1: no ssl-protocol field (select it in the delivery's record fields)"],
            [JSON.stringify({ ...v2Record({}), date: "01/05/2024" }), 'line 1: date "01/05/2024" is not YYYY-MM-DD'],
            [JSON.stringify({ ...v2Record({}), "ssl-protocol": "" }), "line 1: ssl-protocol is empty"],
            [JSON.stringify({ "ssl-protocol": "TLSv1", "c-ip": "192.0.2.1" }), "line 1: no date, timestamp(ms) or timestamp field"],
        ];
        // A good line first, so the file is recognized; then the bad one.
        cases.forEach(([line], i) => write(path.join(dir, `case${i}.json`), `${JSON.stringify(v2Record({}))}\n${line}\n`));
        const { json } = await reportJson([dir]);
        const got = cases.map((_, i) => json.malformed.byFile[path.join(dir, `case${i}.json`)]);
        expect(got).to.deep.equal(cases.map(([, first]) => ({ count: 1, first: first.replace("line 1", "line 2") })));
    });

    it("prints the v2 file count in the text report", async () => {
        write(path.join(dir, "a.json"), jsonLines([{ protocol: "TLSv1" }]));
        const { stdout, code } = await report([dir]);
        expect(code).to.equal(0);
        expect(stdout).to.include("TLS usage report: 1 CloudFront log file(s) (1 of them standard logging v2 JSON), 0 CloudTrail file(s)");
    });
});

describe("npm run tls-report: CloudTrail shows the TLS 1.2/1.3 versions and cipher suites of AWS API calls", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tls-report-ct-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    beforeEach(() => {
        const records = [
            ctRecord({ time: "2024-05-01T09:00:00Z", version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" }),
            ctRecord({ time: "2024-05-01T09:01:00Z", version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" }),
            ctRecord({ time: "2024-05-01T09:02:00Z", version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", source: "kms.amazonaws.com" }),
            ctRecord({ time: "2024-05-01T09:03:00Z", version: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256" }),
            ctRecord({ time: "2024-05-01T09:04:00Z" }), // no tlsDetails (a console sign-in, a service event)
        ];
        write(path.join(dir, "AWSLogs", "111122223333", "CloudTrail", "eu-central-1", "2024", "05", "01", "trail.json.gz"), JSON.stringify({ Records: records }), true);
    });

    it("counts calls per (tlsDetails.tlsVersion, tlsDetails.cipherSuite) with the event sources, in JSON", async () => {
        const { json, code } = await reportJson([dir]);
        expect(code).to.equal(0);
        expect(json.bySource.cloudtrail).to.deep.equal({
            calls: 5,
            byProtocol: { "TLSv1.2": 1, "TLSv1.3": 3, "(no tlsDetails)": 1 },
            beforeSince: 0,
            byProtocolCipher: [
                { protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256", calls: 1, eventSources: [{ value: "s3.amazonaws.com", count: 1 }] },
                {
                    protocol: "TLSv1.3",
                    cipher: "TLS_AES_128_GCM_SHA256",
                    calls: 3,
                    eventSources: [{ value: "s3.amazonaws.com", count: 2 }, { value: "kms.amazonaws.com", count: 1 }],
                },
            ],
        });
        expect(json.legacy.cloudtrail).to.deep.equal([]);
    });

    it("says plainly, in text and JSON, that API endpoints refuse TLS below 1.2 and that old viewer TLS is only in CloudFront's logs", async () => {
        const { json } = await reportJson([dir]);
        expect(json.visibility.cloudtrail).to.match(/AWS API endpoints refuse TLS below 1\.2 since 2023/);
        expect(json.visibility.cloudtrail).to.include("https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/");
        expect(json.visibility.cloudtrail).to.match(/never sees CloudFront viewers: their TLS 1\.0\/1\.1 is only in CloudFront's access logs/);
        const { stdout } = await report([dir]);
        expect(stdout).to.include(
            "CloudTrail API calls by tlsDetails.tlsVersion and tlsDetails.cipherSuite (4 of 5 carry TLS details):\n" +
                "  TLSv1.2  ECDHE-RSA-AES128-GCM-SHA256  1   25.0%  s3.amazonaws.com (1)\n" +
                "  TLSv1.3  TLS_AES_128_GCM_SHA256       3   75.0%  s3.amazonaws.com (2), kms.amazonaws.com (1)\n",
        );
        expect(stdout).to.include("AWS API endpoints refuse TLS below 1.2 since 2023");
        // No "legacy callers" section: none can exist.
        expect(stdout).to.not.include("CloudTrail: ");
    });
});

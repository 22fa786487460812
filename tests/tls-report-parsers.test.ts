/**
 * The streaming pieces of `npm run tls-report`, tested directly: the line splitter and the CloudTrail
 * record scanner must give the same result wherever the chunk boundaries fall (property tests), the
 * `#Fields` header locates columns by name, and the small field helpers handle odd values.
 */
import { expect } from "chai";
import fc from "fast-check";
import { decodeLogField } from "../tools/tls-report/aggregate";
import { parseSince } from "../tools/tls-report/args";
import { MAX_RECORD_CHARS, RecordsScanner, ScannedElement, principalOf, recordFields } from "../tools/tls-report/cloudtrail-log";
import { parseFieldsHeader, pickFields, whenOf } from "../tools/tls-report/cloudfront-log";
import { eachLine, jsonLogKind } from "../tools/tls-report/input-files";
import { Issue } from "../components/validation";

async function* chunksOf(text: string, cuts: number[]): AsyncGenerator<string> {
    let last = 0;
    for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b)) {
        yield text.slice(last, cut);
        last = cut;
    }
    yield text.slice(last);
}

function scan(text: string, cuts: number[] = []): { elements: ScannedElement[]; scanner: RecordsScanner } {
    const scanner = new RecordsScanner();
    const elements: ScannedElement[] = [];
    let last = 0;
    for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b)) {
        scanner.push(text.slice(last, cut), (e) => elements.push(e));
        last = cut;
    }
    scanner.push(text.slice(last), (e) => elements.push(e));
    return { elements, scanner };
}

describe("tls-report parsers", () => {
    describe("eachLine", () => {
        it("gives the same lines wherever the chunks are cut (property)", async () => {
            const line = fc.stringMatching(/^[a-z\t %0-9]{0,30}$/);
            await fc.assert(
                fc.asyncProperty(fc.array(line, { maxLength: 20 }), fc.array(fc.nat(700), { maxLength: 12 }), async (lines, cuts) => {
                    const text = lines.map((l) => `${l}\n`).join("");
                    const seen: string[] = [];
                    await eachLine(chunksOf(text, cuts), (l) => seen.push(l), () => seen.push("OVERLONG"), 1000);
                    expect(seen).to.deep.equal(lines);
                }),
                { numRuns: 300 },
            );
        });

        it("reports an overlong line once, without buffering it, and goes on after it", async () => {
            const seen: string[] = [];
            await eachLine(chunksOf(`ok\n${"x".repeat(50)}\nnext\nlast`, [5, 20, 40]), (l) => seen.push(l), () => seen.push("OVERLONG"), 20);
            expect(seen).to.deep.equal(["ok", "OVERLONG", "next", "last"]);
        });
    });

    describe("RecordsScanner", () => {
        const records = [
            { eventTime: "2024-05-01T00:00:00Z", note: 'braces } ] { [ and "quotes" and \\ backslash' },
            { eventTime: "2024-05-01T00:00:01Z", nested: { a: [1, { b: "}" }] } },
            { eventTime: "2024-05-01T00:00:02Z", unicode: "é漢字" },
        ];
        const doc = `{"Other":{"Records":[1,2]},"note":"Records","Records" : [ ${records.map((r) => JSON.stringify(r)).join(" ,\n ")} ],"After":[{"x":1}]}`;

        it("cuts the Records array into its objects, ignoring other keys and braces inside strings", () => {
            const { elements, scanner } = scan(doc);
            expect(elements.map((e) => (e.kind === "object" ? JSON.parse(e.text) : e))).to.deep.equal(records);
            expect(scanner.foundRecords).to.equal(true);
            expect(scanner.truncated).to.equal(false);
        });

        it("gives the same elements wherever the chunks are cut (property)", () => {
            const expected = scan(doc).elements;
            fc.assert(
                fc.property(fc.array(fc.nat(doc.length), { maxLength: 30 }), (cuts) => {
                    expect(scan(doc, cuts).elements).to.deep.equal(expected);
                }),
                { numRuns: 500 },
            );
        });

        it("reports elements that are not objects, one per element", () => {
            const { elements } = scan(`{"Records":[{"a":1}, 42, "s", [1,[2]], null, {"b":2}]}`);
            expect(elements.map((e) => e.kind)).to.deep.equal(["object", "not-object", "not-object", "not-object", "not-object", "object"]);
        });

        it("notices a file that ends inside the array, and JSON without Records", () => {
            expect(scan(`{"Records":[{"a":1},{"b"`).scanner.truncated).to.equal(true);
            const digest = scan(`{"awsAccountId":"1","logFiles":[{"s3Object":"x"}]}`);
            expect(digest.scanner.foundRecords).to.equal(false);
            expect(digest.elements).to.deep.equal([]);
        });

        it("skips a record larger than the limit without keeping it", () => {
            const big = `{"eventTime":"2024-05-01T00:00:00Z","blob":"${"a".repeat(MAX_RECORD_CHARS + 10)}"}`;
            const text = `{"Records":[${big},{"small":true}]}`;
            const cuts = Array.from({ length: 20 }, (_, i) => Math.floor((text.length * (i + 1)) / 21));
            const { elements } = scan(text, cuts);
            expect(elements.map((e) => e.kind)).to.deep.equal(["too-large", "object"]);
        });
    });

    describe("CloudTrail record fields", () => {
        it("takes the TLS version from tlsDetails and the UTC day from eventTime", () => {
            const f = recordFields({ eventTime: "2024-05-01T23:30:00-02:00", tlsDetails: { tlsVersion: "TLSv1.1" } });
            expect(f).to.include({ ok: true, day: "2024-05-02", protocol: "TLSv1.1" });
            expect(recordFields({ eventTime: "2024-05-01T00:00:00Z" })).to.include({ protocol: "(no tlsDetails)" });
            expect(recordFields([1])).to.deep.equal({ ok: false, reason: "not a JSON object" });
            expect(recordFields({})).to.deep.equal({ ok: false, reason: "eventTime null is not a timestamp" });
        });

        it("names the principal by ARN, else by identity type and what stands behind it", () => {
            expect(principalOf({ userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/r/s" } })).to.equal("arn:aws:sts::1:assumed-role/r/s");
            expect(principalOf({ userIdentity: { type: "AWSService", invokedBy: "cloudfront.amazonaws.com" } })).to.equal("AWSService:cloudfront.amazonaws.com");
            expect(principalOf({ userIdentity: { type: "AWSAccount", accountId: "anonymous" } })).to.equal("AWSAccount:anonymous");
            expect(principalOf({})).to.equal("(no userIdentity)");
        });
    });

    describe("CloudFront #Fields", () => {
        it("locates columns by name, whatever their order", () => {
            expect(parseFieldsHeader("#Fields: ssl-protocol c-ip date")).to.deep.equal({
                ok: true, count: 3, date: 2, time: -1, protocol: 0, cipher: -1, clientIp: 1, userAgent: -1,
            });
            expect(parseFieldsHeader("#Fields: date ssl-cipher cs(User-Agent) ssl-protocol")).to.deep.equal({
                ok: true, count: 4, date: 0, time: -1, protocol: 3, cipher: 1, clientIp: -1, userAgent: 2,
            });
            expect(parseFieldsHeader("#Fields: time c-ip")).to.deep.equal({ ok: false, reason: "the #Fields header has no date or ssl-protocol field" });
        });

        it("pickFields counts every column and copies only the wanted ones, empty columns included", () => {
            const into: string[] = [];
            expect(pickFields("a\tb\t\tc", [true, false, true, true], into)).to.equal(4);
            expect(into).to.deep.equal(["a", undefined, "", "c"]);
            expect(pickFields("only", [true], into)).to.equal(1);
            expect(into[0]).to.equal("only");
            expect(pickFields("a\tb\t", [false, false, true], into)).to.equal(3);
            expect(into[2]).to.equal("");
        });

        it("URL-decodes fields as CloudFront encodes them and keeps invalid encodings as logged", () => {
            expect(decodeLogField("Mozilla/5.0%20(Windows%20NT%206.1)%22x%22")).to.equal('Mozilla/5.0 (Windows NT 6.1)"x"');
            expect(decodeLogField("100%zz")).to.equal("100%zz");
            expect(decodeLogField("plain")).to.equal("plain");
        });
    });

    describe("CloudFront standard logging (v2) JSON", () => {
        it("tells a v2 JSON log from a CloudTrail file by its first key (or a first line with ssl-protocol)", () => {
            expect(jsonLogKind('{"Records":[{"eventTime":"2024-05-01T00:00:00Z"}]}')).to.equal("cloudtrail");
            expect(jsonLogKind('{\n  "Records" : [')).to.equal("cloudtrail");
            expect(jsonLogKind('{"awsAccountId":"1","logFiles":[]}')).to.equal("cloudtrail");
            expect(jsonLogKind('{"date":"2024-05-01","ssl-protocol":"TLSv1"}\n')).to.equal("cloudfront");
            expect(jsonLogKind('{"timestamp(ms)":"1714564800000","ssl-protocol":"TLSv1"}\n')).to.equal("cloudfront");
            // A field this package does not know yet, first: the first line still shows ssl-protocol.
            expect(jsonLogKind('{"c-country":"DE","ssl-protocol":"TLSv1"}\n{"c-country":"FR"}')).to.equal("cloudfront");
        });

        it("takes the UTC day and time from date/time, timestamp(ms) or timestamp, and names what is wrong", () => {
            expect(whenOf({ date: "2024-05-01", time: "23:59:59" })).to.deep.equal({ day: "2024-05-01", time: "23:59:59" });
            expect(whenOf({ "timestamp(ms)": "1714607999000" })).to.deep.equal({ day: "2024-05-01", time: "23:59:59" });
            expect(whenOf({ timestamp: "1714608000.123" })).to.deep.equal({ day: "2024-05-02", time: "00:00:00" });
            expect(whenOf({ "timestamp(ms)": 1714607999000 })).to.deep.equal({ day: "2024-05-01", time: "23:59:59" });
            expect(whenOf({ date: "2024/05/01" })).to.deep.equal({ reason: 'date "2024/05/01" is not YYYY-MM-DD' });
            expect(whenOf({ "timestamp(ms)": "soon" })).to.deep.equal({ reason: 'timestamp(ms) "soon" is not a number' });
            expect(whenOf({})).to.deep.equal({ reason: "no date, timestamp(ms) or timestamp field" });
        });

        it("pickFields splits a v2 W3C line at spaces when told", () => {
            const into: string[] = [];
            expect(pickFields("2024-05-01 12:00:00 TLSv1", [true, false, true], into, " ")).to.equal(3);
            expect(into).to.deep.equal(["2024-05-01", undefined, "TLSv1"]);
        });
    });

    describe("--since", () => {
        it("reads a day as UTC midnight and an instant with its zone", () => {
            const issues: Issue[] = [];
            expect(parseSince("2024-05-01", issues)).to.deep.equal({ ms: Date.UTC(2024, 4, 1), iso: "2024-05-01T00:00:00.000Z", day: "2024-05-01", time: "00:00:00" });
            expect(parseSince("2024-05-01T01:30+02:00", issues)).to.include({ iso: "2024-04-30T23:30:00.000Z", day: "2024-04-30", time: "23:30:00" });
            expect(issues).to.deep.equal([]);
            expect(parseSince("2023-02-29", issues)).to.equal(undefined);
            expect(issues.map((i) => i.path)).to.deep.equal(["--since"]);
        });
    });
});

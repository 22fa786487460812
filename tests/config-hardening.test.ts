/**
 * Config that silently dropped security (audit items 9-11): sections that vanish, anonymous writes in
 * prod, and values AWS only rejects at deploy time. Each case runs through `parseStackConfig` and,
 * where a stack file is involved, through the plan CLI on a real `Pulumi.<stack>.yaml`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { FAILOVER_REGIONS, LATENCY_RECORD_REGIONS } from "../components/failover-settings";
import { validatePrivateOriginBucketArgs } from "../components/private-origin-bucket";
import { AWS_REGIONS, Issue, closestMatch, describeValue, formatIssue } from "../components/validation";
import { RawStackConfig, parseStackConfig, rawConfigFromFlat } from "../stacks/config";
import { runPlan } from "../tools/plan/cli";
import { loadStackFiles } from "../tools/offline/stack-files";
import { PROJECT_DIR, tempProject } from "./mocks";

const PROJECT = "legacy-tls-front";

/** The flat config of a shipped stack file, as the plan and `pulumi up` see it. */
function flatOf(stack: "dev" | "prod"): Record<string, string> {
    return { ...loadStackFiles(PROJECT_DIR, stack).config };
}

/**
 * The raw config of a shipped stack, after `edit` changed its project values (parsed, by short key,
 * e.g. `values.auth`); `extra` adds flat keys of any namespace.
 */
function rawOf(stack: "dev" | "prod", edit: (values: Record<string, any>) => void = () => undefined, extra: Record<string, string> = {}): RawStackConfig {
    const flat = flatOf(stack);
    const values: Record<string, any> = {};
    for (const [key, text] of Object.entries(flat)) {
        if (!key.startsWith(`${PROJECT}:`)) continue;
        values[key.slice(PROJECT.length + 1)] = parseText(text);
        delete flat[key];
    }
    edit(values);
    for (const [key, value] of Object.entries(values)) {
        if (value !== undefined) flat[`${PROJECT}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return rawConfigFromFlat(PROJECT, stack, { ...flat, ...extra });
}

// As Pulumi hands values over: structured ones as JSON text, scalars as plain text.
function parseText(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function issuesOf(raw: RawStackConfig): string[] {
    const result = parseStackConfig(raw);
    return result.issues.map(formatIssue);
}

function expectValid(raw: RawStackConfig): void {
    expect(issuesOf(raw)).to.deep.equal([]);
}

/** The formatted issues at `path`. */
function at(raw: RawStackConfig, issuePath: string): string[] {
    const result = parseStackConfig(raw);
    expect(result.config, "an invalid config must not produce a typed config").to.equal(undefined);
    return result.issues.filter((i: Issue) => i.path === issuePath).map(formatIssue);
}

interface Captured {
    code: number;
    stdout: string;
    stderr: string;
}

async function planYaml(stack: string, yaml: string | Buffer): Promise<Captured> {
    const dir = tempProject(stack, "");
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
    let stdout = "";
    let stderr = "";
    const code = await runPlan(["--stack", stack], (t) => (stdout += t), (t) => (stderr += t), dir);
    return { code, stdout, stderr };
}

const PROD_YAML = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");

/** Pulumi.prod.yaml with every line below `legacy-tls-front:auth:` commented out (the section's value is then null). */
function prodYamlWithAuthCommentedOut(): string {
    const lines = PROD_YAML.split("\n");
    const start = lines.indexOf("  legacy-tls-front:auth:");
    expect(start, "Pulumi.prod.yaml has an auth section").to.be.greaterThan(0);
    let i = start + 1;
    while (i < lines.length && lines[i].startsWith("    ")) {
        lines[i] = `#${lines[i]}`;
        i++;
    }
    return lines.join("\n");
}

/** Pulumi.prod.yaml without its auth section. */
function prodYamlWithoutAuth(): string {
    const lines = PROD_YAML.split("\n");
    const start = lines.indexOf("  legacy-tls-front:auth:");
    let end = start + 1;
    while (end < lines.length && lines[end].startsWith("    ")) end++;
    return [...lines.slice(0, start), ...lines.slice(end)].join("\n");
}

describe("config hardening (audit items 9-11)", () => {
    describe("item 9: a section that vanishes no longer turns its feature off", () => {
        it("9: a key in a mistyped project namespace is an error suggesting the project's own key", () => {
            const flat = flatOf("prod");
            flat["legacy-tls-frnt:auth"] = flat[`${PROJECT}:auth`];
            delete flat[`${PROJECT}:auth`];
            const raw = rawConfigFromFlat(PROJECT, "prod", flat);
            expect(at(raw, "legacy-tls-frnt:auth")).to.deep.equal([
                `legacy-tls-frnt:auth: ${describeValue(JSON.parse(flat["legacy-tls-frnt:auth"]))} is in namespace "legacy-tls-frnt", which this program does not read ` +
                    "(did you mean legacy-tls-front:auth?); namespaces read: legacy-tls-front (this project), aws, pulumi, tls",
            ]);
        });

        it("9: leaves aws:, pulumi: and tls: keys to their providers and names any other namespace", () => {
            expectValid(rawOf("dev", undefined, { "aws:profile": "content-dev", "pulumi:tags": '{"team":"cdn"}', "tls:proxy": '{"fromEnv":true}' }));
            expect(at(rawOf("dev", undefined, { "aws-native:region": "eu-west-1" }), "aws-native:region")).to.deep.equal([
                'aws-native:region: "eu-west-1" is in namespace "aws-native", which this program does not read; namespaces read: legacy-tls-front (this project), aws, pulumi, tls',
            ]);
            // A typo in a known key of the project namespace gets a suggestion too.
            expect(at(rawOf("dev", (v) => ((v.fornt = v.front), delete v.front)), "fornt")[0]).to.match(
                /^fornt: \{"mode":"signed".*\} is not a known key of legacy-tls-front \(did you mean front\?\); known keys: bucket, front, /,
            );
        });

        it("9: a section whose lines are all commented out (YAML null) is an error naming it", () => {
            expect(at(rawOf("prod", (v) => (v.auth = null)), "auth")).to.deep.equal([
                "auth: null is empty (a YAML key with nothing after the colon, or whose lines below are all commented out), which would turn " +
                    "the whole section off; remove the key, or give it a value",
            ]);
            expect(at(rawOf("dev", (v) => (v.environment = null)), "environment")[0]).to.match(/^environment: null is empty /);
        });

        it("9: an empty key inside a section is an error too (requiredGroups with every group commented out admits everyone)", () => {
            expect(at(rawOf("prod", (v) => (v.auth.requiredGroups = null)), "auth.requiredGroups")).to.deep.equal([
                "auth.requiredGroups: null is empty (a YAML key with nothing after the colon, or whose lines below are all commented out); " +
                    "remove the key to use its default, or give it a value",
            ]);
            expect(at(rawOf("prod", (v) => (v.front.domainNames = ["legacy.example.com", null])), "front.domainNames[1]")[0]).to.match(/^front\.domainNames\[1\]: null is empty/);
        });

        it("9: prod refuses a config without viewer authentication and names the key that declares public content", () => {
            expect(at(rawOf("prod", (v) => delete v.auth), "auth")).to.deep.equal([
                'auth: (missing) is required in prod: in mode "signed" CloudFront signs every request to S3, so without viewer authentication ' +
                    'anyone can read every path but /downloads/*; add auth, sign every path (signing.pathPatterns: ["/*"]), ' +
                    "or declare the content public with publicContent: true",
            ]);
        });

        it("9: prod without auth is accepted when publicContent: true says so, or when every path needs a signature", () => {
            const publicContent = parseStackConfig(rawOf("prod", (v) => (delete v.auth, (v.publicContent = true))));
            expect(publicContent.issues.map(formatIssue)).to.deep.equal([]);
            expect(publicContent.config!.publicContent).to.equal(true);
            expectValid(rawOf("prod", (v) => (delete v.auth, (v.signing.pathPatterns = ["/*"]))));
            // S3 checks every request's own signature in these modes: nothing is public without auth.
            expectValid(rawOf("prod", (v) => (delete v.auth, delete v.signing, (v.front.mode = "presigned"), delete v.front.listBucket, delete v.front.directoryIndex)));
            // Other environments may serve public content without saying so.
            expectValid(rawOf("dev", (v) => delete v.auth));
            expect(parseStackConfig(rawOf("dev")).config!.publicContent).to.equal(false);
        });

        it("9: publicContent contradicts viewer authentication, so a stale declaration cannot hide a later loss of auth", () => {
            expect(at(rawOf("prod", (v) => (v.publicContent = true)), "publicContent")).to.deep.equal([
                "publicContent: true contradicts auth: viewers must present a Cognito token, so the content is not public; remove publicContent or auth",
            ]);
            expect(at(rawOf("dev", (v) => (delete v.auth, (v.front.mode = "unsigned"), (v.publicContent = true))), "publicContent")).to.deep.equal([
                'publicContent: true contradicts front.mode "unsigned": S3 checks every request\'s own signature, so the content is not public; remove publicContent',
            ]);
            expect(at(rawOf("dev", (v) => (v.publicContent = "yes")), "publicContent")).to.deep.equal(['publicContent: "yes" is not a boolean (true | false)']);
        });

        it("9: the plan refuses prod with the auth section under a mistyped namespace (exit 1, nothing planned)", async () => {
            const { code, stdout, stderr } = await planYaml("prod", PROD_YAML.replace("  legacy-tls-front:auth:", "  legacy-tls-frnt:auth:"));
            expect(code).to.equal(1);
            expect(stdout).to.equal("");
            expect(stderr).to.include('  - legacy-tls-frnt:auth: {"tokenUse":"access",');
            expect(stderr).to.include('is in namespace "legacy-tls-frnt", which this program does not read (did you mean legacy-tls-front:auth?)');
            expect(stderr).to.include("  - auth: (missing) is required in prod:");
        });

        it("9: the plan refuses prod whose auth: has every line below it commented out", async () => {
            const { code, stdout, stderr } = await planYaml("prod", prodYamlWithAuthCommentedOut());
            expect(code).to.equal(1);
            expect(stdout).to.equal("");
            expect(stderr.trim().split("\n")).to.deep.equal([
                "Pulumi.prod.yaml is invalid:",
                "  - auth: null is empty (a YAML key with nothing after the colon, or whose lines below are all commented out), which would turn " +
                    "the whole section off; remove the key, or give it a value",
            ]);
        });

        it("9: the plan refuses prod without auth, and plans it once publicContent: true declares the content public", async () => {
            const refused = await planYaml("prod", prodYamlWithoutAuth());
            expect(refused.code).to.equal(1);
            expect(refused.stderr).to.include("  - auth: (missing) is required in prod:");
            const declared = prodYamlWithoutAuth().replace("  legacy-tls-front:environment: prod\n", "  legacy-tls-front:environment: prod\n  legacy-tls-front:publicContent: true\n");
            expect(declared).to.include("legacy-tls-front:publicContent: true");
            const accepted = await planYaml("prod", declared);
            expect(accepted.code, accepted.stderr).to.equal(0);
            expect(accepted.stdout).to.not.include("auth-function");
        });
    });

    describe("item 10: prod refuses anonymous writes", () => {
        it("10: uploads in signed mode without auth are a config error in prod", () => {
            expect(at(rawOf("prod", (v) => (delete v.auth, (v.publicContent = true), (v.front.uploads = true))), "front.uploads")).to.deep.equal([
                'front.uploads: true is not allowed in prod without viewer authentication in mode "signed": CloudFront signs every request ' +
                    'to S3, so anyone could write to the bucket; add auth, sign every path (signing.pathPatterns: ["/*"]), or use mode unsigned | ' +
                    "presigned, where S3 checks the uploader's own signature",
            ]);
        });

        it("10: uploads are allowed with auth, with every path signed, where S3 checks signatures, and outside prod", () => {
            expectValid(rawOf("prod", (v) => (v.front.uploads = true)));
            expectValid(rawOf("prod", (v) => (delete v.auth, (v.signing.pathPatterns = ["/*"]), (v.front.uploads = true))));
            expectValid(rawOf("prod", (v) => (delete v.auth, delete v.signing, (v.front.mode = "unsigned"), delete v.front.listBucket, delete v.front.directoryIndex, (v.front.uploads = true))));
            // Elsewhere it stays allowed; the front warns when it is created.
            expectValid(rawOf("dev", (v) => (delete v.auth, (v.front.uploads = true))));
        });
    });

    describe("item 11: validation gaps", () => {
        it("11: constructor, toString and __proto__ are not section names", () => {
            for (const key of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
                const raw = rawOf("dev", undefined, { [`${PROJECT}:${key}`]: '{"mode":"signed"}' });
                expect(at(raw, key), key).to.have.length(1);
                expect(at(raw, key)[0]).to.match(new RegExp(`^${key}: \\{"mode":"signed"\\} is not a known key of legacy-tls-front`));
            }
        });

        it("11: a __proto__ key cannot hand a section to the config through the prototype", () => {
            const raw = rawOf("prod", (v) => delete v.auth, { [`${PROJECT}:__proto__`]: JSON.stringify({ auth: { tokenUse: "access" } }) });
            expect(Object.getPrototypeOf(raw.values)).to.equal(Object.prototype);
            expect(raw.values.auth).to.equal(undefined);
            expect(at(raw, "auth")[0]).to.match(/^auth: \(missing\) is required in prod/);
        });

        it("11: unknown keys inside list items and nested objects are errors with a suggestion", () => {
            const raw = rawOf("prod", (v) => {
                v.bucket.noncurrentVersionTransitions[0].dayz = 30;
                v.api.healthCheck = { requestIntervall: 10 };
                v.api.probes = [{ kind: "dynamodb", name: "orders", tableName: "orders", tablename: "x" }, { kind: "s3", name: "content", bucketName: "acme-content", tableName: "x" }];
                v.front.geoRestriction = { restrictionType: "whitelist", location: ["DE"], locations: ["DE"] };
            });
            expect(at(raw, "bucket.noncurrentVersionTransitions[0].dayz")).to.deep.equal([
                "bucket.noncurrentVersionTransitions[0].dayz: 30 is not a known key (did you mean days?); known keys: days, storageClass",
            ]);
            expect(at(raw, "api.healthCheck.requestIntervall")).to.deep.equal([
                "api.healthCheck.requestIntervall: 10 is not a known key (did you mean requestInterval?); known keys: checkerRegions, enableSni, " +
                    "failureThreshold, path, port, requestInterval, searchString, type",
            ]);
            expect(at(raw, "api.probes[0].tablename")).to.deep.equal([
                'api.probes[0].tablename: "x" is not a known key (did you mean tableName?); known keys: bucketName, expectStatus, kind, name, tableName, timeoutMs, url',
            ]);
            expect(at(raw, "api.probes[1].tableName")).to.deep.equal([
                'api.probes[1].tableName: "x" is only for a probe of kind dynamodb, not s3',
            ]);
            expect(at(raw, "front.geoRestriction.location")).to.deep.equal([
                'front.geoRestriction.location: ["DE"] is not a known key (did you mean locations?); known keys: locations, restrictionType',
            ]);
        });

        it("11: aws:region must be a region of the package's one list, with a suggestion", () => {
            expect(at(rawOf("dev", undefined, { "aws:region": "eu-westt-1" }), "aws:region")[0]).to.match(
                /^aws:region: "eu-westt-1" is not an AWS region \(did you mean eu-west-1\?\); allowed: af-south-1 \| .* \| us-west-2 \| cn-north-1 \| cn-northwest-1$/,
            );
            // Shaped like a region, but there is none: AWS would only say so at deploy time.
            expect(at(rawOf("dev", undefined, { "aws:region": "eu-south-3" }), "aws:region")[0]).to.match(/^aws:region: "eu-south-3" is not an AWS region \(did you mean eu-south-1\?\); allowed: /);
            expect(at(rawOf("dev", undefined, { "aws:region": "eusc-de-east-1" }), "aws:region")[0]).to.match(
                /^aws:region: "eusc-de-east-1" is in a partition this package does not deploy to \(aws-eusc\); allowed: commercial regions \(aws\) and cn-north-1 \| cn-northwest-1 \(aws-cn\)$/,
            );
        });

        it("11: api.regions suggests the closest region for a typo", () => {
            expect(at(rawOf("prod", (v) => (v.api.regions = ["eu-central-1", "eu-wset-1"])), "api.regions[1]")[0]).to.match(
                /^api\.regions\[1\]: "eu-wset-1" is not one of af-south-1 \| .* \| us-west-2 \(did you mean eu-west-1\?\)$/,
            );
            expect(at(rawOf("prod", (v) => (v.api.regions = ["eu-central-1", "cn-north-1"])), "api.regions[1]")[0]).to.match(
                /^api\.regions\[1\]: "cn-north-1" is not one of af-south-1 \| .* \| us-west-2 \(cn-north-1 is an AWS region, but API Gateway or Route 53 latency records are not available to the failover there\)$/,
            );
        });

        it("11: one region list for the package: the failover and latency regions are in it, and it is the provider's", () => {
            const all = [...AWS_REGIONS.aws, ...AWS_REGIONS["aws-cn"]];
            for (const region of [...FAILOVER_REGIONS, ...LATENCY_RECORD_REGIONS]) expect(AWS_REGIONS.aws, region).to.include(region);
            // The @pulumi/aws provider's own list (its Region enum), commercial and China partitions.
            const provider = Object.values(aws.Region as Record<string, string>).filter((r) => !/^(us-gov-|us-iso|eu-iso|eusc-)/.test(r));
            expect([...all].sort()).to.deep.equal([...provider].sort());
        });

        it("11: bucket names follow S3's naming rules, each broken rule named", () => {
            const cases: [string, RegExp][] = [
                ["ab", /is not a valid S3 bucket name \(3-63 characters: lower-case letters, digits, dots, hyphens\)/],
                ["a".repeat(64), /is not a valid S3 bucket name \(3-63 characters: lower-case letters, digits, dots, hyphens\)/],
                ["Acme_Legacy", /is not a valid S3 bucket name \(3-63 characters: lower-case letters, digits, dots, hyphens\)/],
                ["-acme", /\(it must begin and end with a letter or digit\)/],
                ["acme..content", /\(it must not contain two adjacent dots\)/],
                ["192.168.5.4", /\(it must not be formatted as an IP address\)/],
                ["xn--acme", /\(the prefix "xn--" is reserved\)/],
                ["sthree-acme", /\(the prefix "sthree-" is reserved\)/],
                ["amzn-s3-demo-acme", /\(the prefix "amzn-s3-demo-" is reserved\)/],
                ["acme-s3alias", /\(the suffix "-s3alias" is reserved\)/],
                ["acme--ol-s3", /\(the suffix "--ol-s3" is reserved\)/],
                ["acme.mrap", /\(the suffix "\.mrap" is reserved\)/],
                ["acme--x-s3", /\(the suffix "--x-s3" is reserved\)/],
                ["acme--table-s3", /\(the suffix "--table-s3" is reserved\)/],
            ];
            for (const [name, message] of cases) {
                const messages = at(rawOf("prod", (v) => (v.bucket.bucketName = name)), "bucket.bucketName");
                expect(messages, name).to.have.length(1);
                expect(messages[0].startsWith(`bucket.bucketName: ${JSON.stringify(name)} is not a valid S3 bucket name (`), messages[0]).to.equal(true);
                expect(messages[0], name).to.match(message);
            }
            expect(at(rawOf("prod", (v) => (v.bucket.accessLogging.targetBucket = "logs..prod")), "bucket.accessLogging.targetBucket")[0]).to.match(
                /^bucket\.accessLogging\.targetBucket: "logs\.\.prod" is not a valid S3 bucket name \(it must not contain two adjacent dots\)/,
            );
            expect(validatePrivateOriginBucketArgs({ existingBucketName: "10.0.0.1" }).map(formatIssue)).to.deep.equal([
                'existingBucketName: "10.0.0.1" is not a valid S3 bucket name (it must not be formatted as an IP address)',
            ]);
        });

        it("11: a KMS key ARN must be a key ARN of the bucket's partition and region", () => {
            const key = (arn: string) => at(rawOf("prod", (v) => (v.bucket.kmsKeyArn = arn)), "bucket.kmsKeyArn");
            expect(key("arn:aws:kms:eu-central-1:123456789012:alias/content")).to.deep.equal([
                'bucket.kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:alias/content" is not a KMS key ARN ' +
                    "(arn:aws:kms:REGION:ACCOUNT:key/KEY-ID; S3 needs the key itself, not an alias)",
            ]);
            expect(key("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555")).to.deep.equal([
                'bucket.kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555" is in eu-west-1, but the bucket ' +
                    "is in eu-central-1; allowed: a key in eu-central-1 (S3 only uses a key of the bucket's region, and does not check it until objects are written)",
            ]);
            expect(key("arn:aws-cn:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555")[0]).to.match(
                /is in partition aws-cn, but the bucket is in aws; allowed: arn:aws:kms:/,
            );
            expectValid(rawOf("prod", (v) => (v.bucket.kmsKeyArn = "arn:aws:kms:eu-central-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab")));
        });

        it("11: a distribution takes at most 100 alternate domain names", () => {
            const names = Array.from({ length: 101 }, (_, i) => `d${i}.example.com`);
            expect(at(rawOf("prod", (v) => (v.front.domainNames = names)), "front.domainNames")[0]).to.match(
                /^front\.domainNames: \["d0\.example\.com",.*\.\.\. lists 101 names; allowed: at most 100 alternate domain names per distribution \(CloudFront's quota\)$/,
            );
            expectValid(rawOf("prod", (v) => (v.front.domainNames = names.slice(0, 100))));
        });

        it("11: tags follow AWS's tag rules", () => {
            const tag = (key: string, value: string) => at(rawOf("dev", (v) => (v.tags = { [key]: value })), `tags.${key}`);
            expect(tag("aws:owner", "me")).to.deep.equal(['tags.aws:owner: "me" has a key starting with "aws:", which AWS reserves for its own tags; allowed: any other prefix']);
            expect(tag("AWS:owner", "me")[0]).to.match(/reserves for its own tags/);
            expect(tag("k".repeat(129), "v")[0]).to.match(/has a key of 129 characters; allowed: 1 to 128$/);
            expect(tag("owner", "v".repeat(257))[0]).to.match(/is 257 characters long; allowed: at most 256$/);
            expect(tag("owner#1", "me")).to.deep.equal([
                'tags.owner#1: "me" has a key with characters AWS does not allow in tags ("#"); allowed: letters, digits, spaces and _ . : / = + - @',
            ]);
            expect(tag("owner", "a;b")[0]).to.match(/^tags\.owner: "a;b" has characters AWS does not allow in tags \(";"\); allowed: letters, digits, spaces and _ \. : \/ = \+ - @$/);
            expect(tag("environment", "dev")).to.deep.equal([
                'tags.environment: "dev" is set by the stack itself (to "dev"); remove it (allowed: any key but project, stack, environment, legacy-tls)',
            ]);
            // Letters of any script are fine.
            expectValid(rawOf("dev", (v) => (v.tags = { "Kostenstelle": "Straße 5 @Zürich", "チーム": "配信" })));
        });

        it("11: at most 50 tags per resource with those the stack adds, 10 on Route 53 health checks, aws:defaultTags counted", () => {
            const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "x"]));
            expectValid(rawOf("dev", (v) => (v.tags = many(46))));
            expect(at(rawOf("dev", (v) => (v.tags = many(47))), "tags")[0]).to.match(
                /^tags: \{.* would give resources 51 tags \(47 here; 3 the stack adds: project, stack, environment; 1 a component adds: legacy-tls or Name\); allowed: at most 50 per resource$/,
            );
            expect(at(rawOf("prod", (v) => (v.tags = many(7))), "tags")[0]).to.match(
                /would give resources 11 tags .*; allowed: at most 10 per resource with api \(Route 53 health checks take 10\)$/,
            );
            const defaults = { "aws:defaultTags": JSON.stringify({ tags: many(45) }) };
            expect(at(rawOf("dev", (v) => (v.tags = { owner: "me", t0: "y", extra: "z" }), defaults), "tags")[0]).to.match(/would give resources 51 tags \(3 here; 44 more from aws:defaultTags; 3 the stack adds/);
        });

        it("11: a stack file that is binary is 'not YAML', not a list of missing keys", async () => {
            const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
            const binary = await planYaml("garbage", png);
            expect(binary.code).to.equal(1);
            expect(binary.stdout).to.equal("");
            expect(binary.stderr).to.match(/^plan: .*Pulumi\.garbage\.yaml: is not YAML: byte 0x89 at offset 0 is not UTF-8 text \(a binary file\?\)\n$/);
            const control = await planYaml("garbage", "config:\n  aws:region: eu-west-1\u0000\n");
            expect(control.stderr).to.match(/Pulumi\.garbage\.yaml: is not YAML: control character U\+0000 at line 2, column 24; YAML allows tab, line breaks and printable characters\n$/);
        });

        it("11: a stack file that is not a map, or has an unknown top-level key, says so", async () => {
            const scalar = await planYaml("odd", "just some text\n");
            expect(scalar.code).to.equal(1);
            expect(scalar.stderr).to.match(/Pulumi\.odd\.yaml: is not a YAML map \(it is a string\); a stack file holds "config:" and its keys\n$/);
            const empty = await planYaml("odd", "config:\n#  aws:region: eu-west-1\n");
            expect(empty.stderr).to.match(/Pulumi\.odd\.yaml: config: null is empty \(every line below it is commented out\); give it the stack's keys\n$/);
            const typo = await planYaml("odd", PROD_YAML.replace(/^config:/m, "confg:"));
            expect(typo.code).to.equal(1);
            expect(typo.stderr).to.match(/Pulumi\.odd\.yaml: "confg" is not a key of a stack file \(did you mean config\?\); allowed: config, secretsprovider, encryptedkey, encryptionsalt, environment\n$/);
        });

        it("11: suggestions come from the closest known spelling, case and transpositions included", () => {
            expect(closestMatch("minimumTlsVerison", ["domainNames", "minimumTlsVersion"])).to.equal("minimumTlsVersion");
            expect(closestMatch("Auth", ["auth", "api"])).to.equal("auth");
            expect(closestMatch("groups", ["requiredGroups", "tokenUse"])).to.equal(undefined);
        });
    });
});

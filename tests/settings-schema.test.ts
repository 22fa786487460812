/**
 * The settings schema is derived, never edited: the committed `components/generated/settings.schema.json`
 * must equal what `npm run generate` makes from the *Settings interfaces today. And the validation on top
 * of it reports problems in the package's format.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { settingsIssues } from "../components/settings-validation";
import { formatIssue } from "../components/validation";
import { SETTINGS_SCHEMA_FILE, generateSettingsSchema } from "../tools/schema/settings-schema";

const ROOT = path.resolve(__dirname, "..");

describe("the settings schema", function () {
    this.timeout(60_000);

    it("is up to date with the TypeScript declarations (run `npm run generate` after changing a setting)", () => {
        expect(fs.readFileSync(path.join(ROOT, SETTINGS_SCHEMA_FILE), "utf8")).to.equal(generateSettingsSchema(ROOT));
    });

    it("carries descriptions readers can read: no TSDoc link the analyzer prints as [object Object]", () => {
        // Pulumi's analyzer renders `{@link X}` in a published description as "[object Object]".
        for (const file of [SETTINGS_SCHEMA_FILE, path.join("schema", "legacy-tls-front.schema.json")]) {
            const text = fs.readFileSync(path.join(ROOT, file), "utf8");
            expect(text, file).to.include('"description"');
            expect(text.match(/\[object Object\]|\{@link/g) ?? [], file).to.deep.equal([]);
        }
    });

    it("reports types, allowed values, ranges and unknown keys with their paths, the closest key suggested", () => {
        const issues = settingsIssues(
            "PrivateOriginBucketSettings",
            {
                encryption: "sse-km",
                noncurrentVersionExpirationDays: 40000,
                abortIncompleteMultipartUploadDays: "7",
                protectt: true,
                noncurrentVersionTransitions: [{ days: 2.5, storageClass: "GLACIER", extra: 1 }, { storageClass: "GLACIER" }],
            },
            "bucket",
        );
        expect(issues.map(formatIssue).sort()).to.deep.equal(
            [
                'bucket.encryption: "sse-km" is not one of sse-s3 | sse-kms (did you mean sse-kms?)',
                "bucket.noncurrentVersionExpirationDays: 40000 is not a whole number from 0 to 36500",
                'bucket.abortIncompleteMultipartUploadDays: "7" is not a whole number from 1 to 365',
                "bucket.protectt: true is not a known key (did you mean protect?); known keys: " +
                    "abortIncompleteMultipartUploadDays, accessLogging, bucketName, encryption, existingBucketName, forceDestroy, kmsKeyArn, " +
                    "noncurrentVersionExpirationDays, noncurrentVersionTransitions, protect",
                "bucket.noncurrentVersionTransitions[0].days: 2.5 is not a whole number from 1 to 36500",
                "bucket.noncurrentVersionTransitions[0].extra: 1 is not a known key; known keys: days, storageClass",
                "bucket.noncurrentVersionTransitions[1].days: (missing) is required",
            ].sort(),
        );
    });

    it("skips values not known yet (outputs), so a preview never fails on them", () => {
        expect(settingsIssues("PrivateOriginBucketSettings", { kmsKeyArn: pulumi.output("arn"), encryption: "sse-kms" })).to.deep.equal([]);
        expect(settingsIssues("PrivateOriginBucketSettings", { accessLogging: { targetBucket: pulumi.output("logs") } })).to.deep.equal([]);
    });

    it("treats __proto__ and constructor as the unknown keys they are", () => {
        const value = JSON.parse('{"__proto__": {"protect": false}, "constructor": 1}');
        expect(settingsIssues("PrivateOriginBucketSettings", value).map((i) => i.path).sort()).to.deep.equal(["__proto__", "constructor"]);
    });
});

describe("the config reference", function () {
    this.timeout(60_000);

    it("is up to date with the declarations and the stack's sections (run `npm run generate`)", async () => {
        const { CONFIG_REFERENCE_FILE, generateConfigReference } = await import("../tools/schema/generate");
        const schema = fs.readFileSync(path.join(ROOT, SETTINGS_SCHEMA_FILE), "utf8");
        expect(fs.readFileSync(path.join(ROOT, CONFIG_REFERENCE_FILE), "utf8")).to.equal(generateConfigReference(schema));
    });

    it("has a table for every section, listing every setting of its schema", async () => {
        const { SECTIONS } = await import("../stacks/config");
        const { CONFIG_REFERENCE_FILE } = await import("../tools/schema/generate");
        const text = fs.readFileSync(path.join(ROOT, CONFIG_REFERENCE_FILE), "utf8");
        const schema = JSON.parse(fs.readFileSync(path.join(ROOT, SETTINGS_SCHEMA_FILE), "utf8"));
        for (const [section, spec] of Object.entries(SECTIONS)) {
            const start = text.indexOf(`## \`${section}\``);
            expect(start, section).to.be.greaterThan(0);
            const end = text.indexOf("\n## ", start + 1);
            const body = text.slice(start, end < 0 ? undefined : end);
            for (const key of Object.keys(schema.definitions[spec.settings].properties)) expect(body, `${section}.${key}`).to.include(`| \`${key}\` |`);
        }
    });
});

/**
 * Item 12 of the audit: what `pulumi destroy` leaves behind. Whenever a bucket can outlive a destroy
 * (protected and retained, adopted, or a non-empty bucket without forceDestroy that S3 refuses to
 * delete), its hardening (public access block, ownership controls, policy, versioning, encryption,
 * lifecycle) must outlive it too; and a KMS key the bucket uses must not be scheduled for deletion
 * while the bucket still exists. Asserted on the resource options the engine records.
 */
import { expect } from "chai";
import { LegacyTlsFront } from "../components/legacy-tls-front";
import { PrivateOriginBucket, PrivateOriginBucketArgs, bucketMayOutliveDestroy } from "../components/private-origin-bucket";
import { TlsAudit, TlsAuditArgs } from "../components/tls-audit";
import { OfflineRun, RecordedResource, only, resourcesOf, runProgram, runStack } from "./mocks";

const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";

/** The settings that keep a bucket private, TLS-only and versioned, by resource type. */
const HARDENING = [
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
];

// The audit's buckets hold logs that expire: no versioning, the rest alike.
const AUDIT_HARDENING = HARDENING.filter((type) => !type.endsWith("BucketVersioning"));

async function content(args: PrivateOriginBucketArgs): Promise<OfflineRun> {
    return runProgram(() => {
        const bucket = new PrivateOriginBucket("content", args);
        bucket.attachPolicy([new LegacyTlsFront("front", { origin: bucket, mode: "signed" })]);
    });
}

/** The hardening children of one bucket (by name prefix), each type exactly once. */
function hardeningOf(run: OfflineRun, prefix: string, types: readonly string[] = HARDENING): RecordedResource[] {
    return types.map((type) => {
        const found = resourcesOf(run, type).filter((r) => r.name.startsWith(`${prefix}-`));
        expect(found, `${type} of ${prefix}`).to.have.length(1);
        return found[0];
    });
}

function expectRetained(resources: RecordedResource[], retained: boolean): void {
    for (const r of resources) expect(r.retainOnDelete, `${r.type} ${r.name} retainOnDelete`).to.equal(retained);
}

describe("destroy paths: a bucket's hardening lives exactly as long as the bucket may (item 12)", () => {
    it("prod: the bucket is protected and retained, and so is every hardening resource", async () => {
        const run = await runStack("prod");
        const bucket = only(run, BUCKET, "content-bucket");
        expect(bucket).to.include({ protect: true, retainOnDelete: true });
        expectRetained(hardeningOf(run, "content"), true);
        expectRetained([only(run, KEY), only(run, KEY_POLICY)], true);
        // The audit's log buckets follow the same rule.
        for (const name of ["audit-logs", "audit-athena-results"]) {
            expect(only(run, BUCKET, name)).to.include({ protect: true, retainOnDelete: true });
            expectRetained(hardeningOf(run, name, AUDIT_HARDENING), true);
        }
    });

    it("dev with forceDestroy: the bucket is emptied and deleted, and its hardening goes with it", async () => {
        const run = await content({ protect: false, forceDestroy: true });
        expect(only(run, BUCKET)).to.include({ protect: false, retainOnDelete: false });
        expectRetained(hardeningOf(run, "content"), false);
        expect(bucketMayOutliveDestroy({ protect: false, forceDestroy: true })).to.equal(false);
    });

    it("dev without forceDestroy: a bucket S3 may refuse to delete (not empty) keeps its hardening", async () => {
        const run = await content({ protect: false });
        const bucket = only(run, BUCKET);
        // The bucket itself is deleted when it can be; when it is not empty, the delete fails and it stays.
        expect(bucket).to.include({ protect: false, retainOnDelete: false });
        expect(bucket.inputs.forceDestroy).to.equal(false);
        expectRetained(hardeningOf(run, "content"), true);
        expect(bucketMayOutliveDestroy({ protect: false, forceDestroy: false })).to.equal(true);
    });

    it("the dev stack as configured (forceDestroy) plans a clean destroy, without leftovers", async () => {
        const run = await runStack("dev");
        expectRetained(hardeningOf(run, "content"), false);
    });

    it("adopted bucket: never deleted, so its hardening is always retained, even without protect", async () => {
        const run = await content({ existingBucketName: "acme-existing-content", protect: false });
        expect(only(run, BUCKET).readId).to.equal("acme-existing-content");
        expectRetained(hardeningOf(run, "content"), true);
        expect(bucketMayOutliveDestroy({ protect: false, adopted: true })).to.equal(true);
    });

    describe("sse-kms with a created key", () => {
        it("orders the destroy: the bucket depends on its key, so the key is deleted only after the bucket is gone", async () => {
            for (const args of [{ protect: false, forceDestroy: true }, { protect: false }, {}] as PrivateOriginBucketArgs[]) {
                const run = await content({ ...args, encryption: "sse-kms" });
                const key = only(run, KEY);
                expect(only(run, BUCKET).dependencies, JSON.stringify(args)).to.include(key.urn);
            }
        });

        it("retains the key with a protected or adopted bucket, and lets it go (after the bucket) otherwise", async () => {
            const cases: Array<[PrivateOriginBucketArgs, boolean]> = [
                [{}, true],
                [{ existingBucketName: "acme-existing-content", protect: false }, true],
                [{ protect: false }, false],
                [{ protect: false, forceDestroy: true }, false],
            ];
            for (const [args, retained] of cases) {
                const run = await content({ ...args, encryption: "sse-kms" });
                expect(only(run, KEY).retainOnDelete, JSON.stringify(args)).to.equal(retained);
                // The key policy belongs to the key: it goes when the key goes, and stays when the key stays.
                expect(only(run, KEY_POLICY).retainOnDelete, JSON.stringify(args)).to.equal(retained || bucketMayOutliveDestroy(args));
            }
        });
    });

    describe("the audit's buckets (TlsAudit)", () => {
        // Legacy log delivery: the one with a bucket ACL (v2, the default, has none).
        const audit = (args: Partial<TlsAuditArgs>) => runProgram(() => void new TlsAudit("audit", { frontLogs: { delivery: "legacy" }, ...args }));

        it("keep their hardening and ACL whenever they may outlive a destroy", async () => {
            for (const [args, retained] of [
                [{}, true],
                [{ protect: false }, true],
                [{ protect: false, forceDestroy: true }, false],
            ] as Array<[Partial<TlsAuditArgs>, boolean]>) {
                const run = await audit(args);
                for (const name of ["audit-logs", "audit-athena-results"]) {
                    expectRetained(hardeningOf(run, name, AUDIT_HARDENING), retained);
                }
                expect(only(run, "aws:s3/bucketAcl:BucketAcl").retainOnDelete, JSON.stringify(args)).to.equal(retained);
            }
        });
    });
});

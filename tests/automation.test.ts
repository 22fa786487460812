import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import {
    AutomationError,
    ConcurrentUpdateError,
    ConfigInvalidError,
    DeploymentFailedError,
    KeyedQueue,
    PROJECT_NAME,
    PULUMI_INSTALL_URL,
    Progress,
    PulumiCliMissingError,
    PulumiWorkspace,
    StackAutomation,
    StackConfigInput,
    StackNotFoundError,
    mapConcurrent,
    parseUrn,
    stackOutputsOf,
    toAutomationError,
    toProgress,
    validatePulumiWorkspaceOptions,
    validateStackConfig,
} from "../automation";
import { ValidationError, formatIssue } from "../components/validation";
import { MOVED_KEYS, flatConfigFromInput, parseStackConfig, rawConfigFromFlat } from "../stacks/config";
import { runOffline } from "../tools/offline/engine";
import { FakeOperation, FakeScript, FakeWorkspace, cliError, deferred, settle, typedConfigOf } from "./automation-fake";
import { runStack } from "./mocks";

function automationWith(script?: (stack: string, operation: FakeOperation) => FakeScript, backend?: string) {
    const workspace = new FakeWorkspace(script, backend);
    // A queue per test: the process queue would couple tests that reuse stack names.
    return { workspace, automation: new StackAutomation({ workspace, queue: new KeyedQueue() }) };
}

// Prod in mode signed without auth must say its content is public (publicContent), or the config is refused.
const CUSTOMER: StackConfigInput = { region: "eu-west-1", environment: "prod", publicContent: true, front: { mode: "signed" }, tags: { customer: "acme" } };

// Engine events of a failed `pulumi up`, shaped as in the CLI's event log (--event-log): the
// distribution's create fails at CloudFront, then the engine reports the update failed on the stack.
const T = 1_760_000_000;
const STACK_URN = "urn:pulumi:customer-1::legacy-tls-front::pulumi:pulumi:Stack::legacy-tls-front-customer-1";
const DIST_TYPE = "aws:cloudfront/distribution:Distribution";
const DIST_URN = `urn:pulumi:customer-1::legacy-tls-front::legacytls:cloudfront:LegacyTlsFront$${DIST_TYPE}::front-distribution`;
const BUCKET_URN = "urn:pulumi:customer-1::legacy-tls-front::legacytls:s3:PrivateOriginBucket$aws:s3/bucket:Bucket::content-bucket";
const PROVIDER = "urn:pulumi:customer-1::legacy-tls-front::pulumi:providers:aws::default_7_48_0::04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const CLOUDFRONT_ERROR =
    "  sdk-v2/provider2.go:572: sdk.helper_schema: creating CloudFront Distribution: operation error CloudFront: CreateDistributionWithTags, " +
    "https response error StatusCode: 400, RequestID: 5b1e7c1a-0d4f-4a55-9c1e-2f3a4b5c6d7e, InvalidViewerCertificate: The specified SSL " +
    "certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.: provider=aws@7.48.0\n";
const FAILED_UP: EngineEvent[] = [
    { sequence: 1, timestamp: T, preludeEvent: { config: { "aws:region": "eu-west-1" } } },
    { sequence: 2, timestamp: T, resourcePreEvent: { metadata: { op: "create", urn: BUCKET_URN, type: "aws:s3/bucket:Bucket", provider: PROVIDER } } },
    { sequence: 3, timestamp: T + 2, resOutputsEvent: { metadata: { op: "create", urn: BUCKET_URN, type: "aws:s3/bucket:Bucket", provider: PROVIDER } } },
    { sequence: 4, timestamp: T + 2, resourcePreEvent: { metadata: { op: "create", urn: DIST_URN, type: DIST_TYPE, provider: PROVIDER } } },
    { sequence: 5, timestamp: T + 3, diagnosticEvent: { urn: DIST_URN, prefix: "error: ", message: CLOUDFRONT_ERROR, color: "never", severity: "error" } },
    { sequence: 6, timestamp: T + 3, resOpFailedEvent: { metadata: { op: "create", urn: DIST_URN, type: DIST_TYPE, provider: PROVIDER }, status: 0, steps: 1 } },
    { sequence: 7, timestamp: T + 3, diagnosticEvent: { urn: STACK_URN, prefix: "error: ", message: "update failed\n", color: "never", severity: "error" } },
    { sequence: 8, timestamp: T + 4, summaryEvent: { maybeCorrupt: false, durationSeconds: 4, resourceChanges: { create: 1 }, policyPacks: {} } },
];

describe("automation: typed config → stack config values", () => {
    it("writes only what the input says, as the namespace:key text a program reads, without the automatic tags", () => {
        const flat = flatConfigFromInput(PROJECT_NAME, {
            region: "eu-west-1",
            front: { mode: "presigned", uploads: true, domainNames: ["legacy.acme.example"], minimumTlsVersion: "TLSv1_2016" },
            tags: { owner: "platform", stack: "copied-from-elsewhere", project: "x", environment: "dev" },
        });
        expect(flat).to.deep.equal({
            "aws:region": "eu-west-1",
            "legacy-tls-front:front": '{"mode":"presigned","uploads":true,"domainNames":["legacy.acme.example"],"minimumTlsVersion":"TLSv1_2016"}',
            "legacy-tls-front:tags": '{"owner":"platform"}',
        });
    });

    it("passes on keys the typed config does not declare, so a caller from JSON gets the same messages as a stack file", () => {
        // examples/customers.json as earlier versions wrote it, and a misspelt section.
        const input = { region: "eu-west-1", environment: "prod", content: { mode: "signed", public: true }, bukcet: { protect: true } } as unknown as StackConfigInput;
        expect(flatConfigFromInput(PROJECT_NAME, input)).to.include({ "legacy-tls-front:content": '{"mode":"signed","public":true}' });
        const result = validateStackConfig(PROJECT_NAME, "customer-1", input);
        expect(result.issues.map(formatIssue)).to.include.members([
            `content: {"mode":"signed","public":true} is a key of an earlier version; ${MOVED_KEYS.content}`,
            'bukcet: {"protect":true} is not a known key of legacy-tls-front (did you mean bucket?); known keys: bucket, front, auth, signing, api, audit, waf, monitoring, environment, publicContent, tags',
        ]);
        expect(result.issues.map((i) => i.path)).to.include("front");
    });

    for (const stack of ["dev", "prod"]) {
        it(`round-trips Pulumi.${stack}.yaml: typed → values → parseStackConfig gives the same typed config`, () => {
            const typed = typedConfigOf(stack);
            const values = flatConfigFromInput(typed.project, typed);
            const back = parseStackConfig(rawConfigFromFlat(typed.project, stack, values));
            expect(back.issues).to.deep.equal([]);
            expect(back.config).to.deep.equal(typed);
            // And the values are a fixed point: the program sees exactly what was written.
            expect(flatConfigFromInput(typed.project, back.config!)).to.deep.equal(values);
        });
    }

    it("quotes a string that would read back as another JSON type, so validation sees the string", () => {
        const input = { ...CUSTOMER, environment: "true" } as unknown as StackConfigInput;
        expect(flatConfigFromInput(PROJECT_NAME, input)["legacy-tls-front:environment"]).to.equal('"true"');
        const result = validateStackConfig(PROJECT_NAME, "customer-1", input);
        expect(result.issues).to.deep.include({ path: "environment", value: "true", problem: "is not one of dev | test | staging | prod" });
    });

    it("validates with parseStackConfig: every issue at once, each naming the key; the stack name is checked too", () => {
        const input = {
            region: "mars-north-1",
            environment: "prod",
            front: { mode: "sign" },
            bucket: { forceDestroy: true },
        } as unknown as StackConfigInput;
        const result = validateStackConfig(PROJECT_NAME, "customer 1", input);
        expect(result.issues.map((i) => i.path)).to.include.members(["stack", "aws:region", "front.mode", "bucket.forceDestroy"]);
        expect(new Set(result.issues.map((i) => i.path))).to.deep.equal(new Set(["stack", "aws:region", "front.mode", "bucket.forceDestroy"]));
        expect(result.issues.find((i) => i.path === "front.mode")!.problem).to.equal("is not one of signed | unsigned | presigned (did you mean signed?)");
    });

    it("requires an environment for a stack not named after one, naming the stack", () => {
        const { environment: _omitted, ...input } = CUSTOMER;
        const result = validateStackConfig(PROJECT_NAME, "customer-1", input);
        expect(result.issues).to.have.length(1);
        expect(result.issues[0].path).to.equal("environment");
        expect(result.issues[0].problem).to.contain('for stack "customer-1"');
    });

    it("validates a qualified stack name (org/stack) as the program will see it: by its last segment", () => {
        const result = validateStackConfig(PROJECT_NAME, "acme/customer-1", CUSTOMER);
        expect(result.issues).to.deep.equal([]);
        expect("config" in result && result.config.tags).to.deep.equal({ customer: "acme", project: PROJECT_NAME, stack: "customer-1", environment: "prod" });
    });

    it("rejects a bad config with ConfigInvalidError before the workspace is touched", async () => {
        const { workspace, automation } = automationWith();
        const bad = { ...CUSTOMER, front: { mode: "sign", priceClass: "PriceClass_1" } } as unknown as StackConfigInput;
        const error = await automation.up("customer-1", bad).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(ConfigInvalidError);
        expect(error).to.be.instanceOf(AutomationError);
        const invalid = error as ConfigInvalidError;
        expect(invalid.issues.map((i) => i.path)).to.have.members(["front.mode", "front.priceClass"]);
        expect(invalid.message).to.contain('up of stack "customer-1": config is invalid');
        expect(invalid.message).to.contain('front.mode: "sign" is not one of signed | unsigned | presigned');
        expect(workspace.log).to.deep.equal([]);
        // A bad stack name is refused for every operation, including the ones without config.
        await automation.outputs("../etc").then(
            () => expect.fail("outputs of a bad stack name resolved"),
            (e: unknown) => expect(e).to.be.instanceOf(ConfigInvalidError).with.property("message").that.contains('stack: "../etc" is not a stack name'),
        );
    });

    it("refuses a project name that is not one (it is the config namespace), naming the option", () => {
        for (const project of ["", "acme:fronts", "acme/fronts"]) {
            expect(() => new StackAutomation({ workspace: new FakeWorkspace(), project }), project)
                .to.throw(ValidationError)
                .with.property("issues")
                .that.deep.equals([{ path: "project", value: project, problem: 'is not a Pulumi project name: letters, digits, "-", "_" and "."' }]);
        }
        expect(new StackAutomation({ workspace: new FakeWorkspace(), project: "acme-fronts.v2" }).project).to.equal("acme-fronts.v2");
    });

    it("requires a config for preview and up (they may create the stack), naming the missing config", async () => {
        const { workspace, automation } = automationWith();
        const missing = undefined as unknown as StackConfigInput;
        for (const call of [() => automation.preview("customer-1", missing), () => automation.up("customer-1", missing)]) {
            const error = await call().catch((e: unknown) => e);
            expect(error).to.be.instanceOf(ConfigInvalidError);
            expect((error as ConfigInvalidError).issues.map((i) => i.path)).to.deep.equal(["config"]);
            expect((error as Error).message).to.contain("config: (missing) is not an object with region, bucket, front, auth, signing, api, audit, waf, monitoring, environment, publicContent, tags");
        }
        expect(workspace.log).to.deep.equal([]);
    });

    it("writes changed values, removes keys the typed config dropped, keeps other namespaces, and skips unchanged config", async () => {
        const { workspace, automation } = automationWith();
        await automation.preview("customer-1", { ...CUSTOMER, bucket: { noncurrentVersionExpirationDays: 30 } });
        workspace.stacks.get("customer-1")!.config["aws:profile"] = "operators";
        await automation.preview("customer-1", CUSTOMER);
        await automation.preview("customer-1", CUSTOMER);
        const config = workspace.stacks.get("customer-1")!.config;
        expect(config).to.deep.equal({ ...flatConfigFromInput(PROJECT_NAME, CUSTOMER), "aws:profile": "operators" });
        expect(workspace.log.filter((l) => /^(set|remove)/.test(l))).to.deep.equal([
            "set customer-1 aws:region,legacy-tls-front:bucket,legacy-tls-front:environment,legacy-tls-front:front,legacy-tls-front:publicContent,legacy-tls-front:tags",
            "remove customer-1 legacy-tls-front:bucket",
        ]);
    });
});

describe("automation: the inline program is the stack program", () => {
    it("up runs, with the typed dev config, exactly what `pulumi up` on Pulumi.dev.yaml runs: same resources, same outputs", async () => {
        const { workspace, automation } = automationWith(() => ({ offline: true, changes: { create: 12 } }));
        const result = await automation.up("dev", typedConfigOf("dev"));
        const expected = await runStack("dev");

        expect(result.outputs).to.deep.equal(expected.outputs);
        expect(result.changes).to.deep.equal({ create: 12 });

        // Run what the workspace was given (program and config values) once more and compare every
        // registration, not just the outputs.
        const [target] = workspace.targets;
        expect(target).to.include({ project: "legacy-tls-front", stack: "dev" });
        const again = await runOffline(target.program, { project: target.project, stack: "dev", config: workspace.stacks.get("dev")!.config });
        // Sorted by URN: registration order of resources behind asynchronous inputs (the serialized
        // JWKS provider) is not fixed, and the order is not what is compared. Inputs are compared as
        // JSON, since Lambda code archives hold asset objects that deep equality cannot compare.
        const shape = (r: typeof again) =>
            [...r.resources]
                .sort((x, y) => x.urn.localeCompare(y.urn))
                .map(({ type, name, parent, provider, protect, retainOnDelete, inputs }) => ({ type, name, parent, provider, protect, retainOnDelete, inputs: JSON.stringify(inputs) }));
        expect(shape(again)).to.deep.equal(shape(expected));
        expect(again.resources.map((r) => r.type)).to.include.members(["aws:s3/bucket:Bucket", DIST_TYPE, "aws:s3/bucketPolicy:BucketPolicy"]);
    });

    it("outputs come back typed; a stack never updated has none; outputs of another program are refused", async () => {
        const { workspace, automation } = automationWith(() => ({ offline: true }));
        await automation.preview("dev", typedConfigOf("dev"));
        expect(await automation.outputs("dev")).to.equal(undefined);
        await automation.up("dev", typedConfigOf("dev"));
        const outputs = await automation.outputs("dev");
        expect(outputs?.securityPolicy).to.equal("TLSv1");
        expect(outputs?.url).to.match(/^https:\/\/[a-z0-9]+\.cloudfront\.net$/);

        workspace.stacks.get("dev")!.outputs = { endpoint: { value: "https://x", secret: false } };
        expect(() => stackOutputsOf("dev", "outputs", workspace.stacks.get("dev")!.outputs)).to.throw(AutomationError, /lack url, urls, distributionId/);
    });
});

describe("automation: one stack at a time, stacks side by side", () => {
    it("runs operations on one stack strictly in call order and lets another stack overlap them", async () => {
        const gates = new Map<string, ReturnType<typeof deferred>>();
        const gate = (key: string) => gates.get(key) ?? gates.set(key, deferred()).get(key)!;
        const { workspace, automation } = automationWith((stack, op) => ({ gate: gate(`${stack} ${op}`).promise }));

        const a1 = automation.up("customer-a", CUSTOMER);
        const a2 = automation.preview("customer-a", CUSTOMER);
        const b1 = automation.up("customer-b", CUSTOMER);
        await settle();
        const started = () => workspace.log.filter((l) => l.startsWith("start"));
        // b overlaps a's first operation; a's second waits.
        expect(started()).to.deep.equal(["start customer-a up", "start customer-b up"]);

        gate("customer-b up").resolve();
        await b1.catch(() => undefined);
        await settle();
        expect(started()).to.deep.equal(["start customer-a up", "start customer-b up"]);

        gate("customer-a up").resolve();
        gate("customer-a preview").resolve();
        await Promise.allSettled([a1, a2]);
        const ops = workspace.log.filter((l) => /^(open|start|end)/.test(l));
        expect(ops).to.deep.equal([
            "open customer-a create",
            "open customer-b create",
            "start customer-a up",
            "start customer-b up",
            "end customer-b up",
            "end customer-a up",
            // Only now is customer-a opened again.
            "open customer-a create",
            "start customer-a preview",
            "end customer-a preview",
        ]);
    });

    it("runs the next operation on a stack after one fails, and serializes across instances sharing the queue", async () => {
        const queue = new KeyedQueue();
        const first = deferred();
        const workspace = new FakeWorkspace((_stack, op) => (op === "up" ? { gate: first.promise, error: cliError("pulumi up", "error: boom") } : {}));
        const one = new StackAutomation({ workspace, queue });
        const two = new StackAutomation({ workspace, queue });
        const failing = one.up("customer-a", CUSTOMER);
        const next = two.preview("customer-a", CUSTOMER);
        await settle();
        expect(workspace.log.filter((l) => l.startsWith("start"))).to.deep.equal(["start customer-a up"]);
        first.resolve();
        await failing.then(
            () => expect.fail("up resolved"),
            (e: unknown) => expect(e).to.be.instanceOf(AutomationError),
        );
        expect((await next).operation).to.equal("preview");
        expect(queue.busyKeys).to.deep.equal([]);
    });

    it("mapConcurrent keeps at most `limit` calls in flight, returns outcomes in item order, and keeps going after a failure", async () => {
        let inFlight = 0;
        let most = 0;
        const outcomes = await mapConcurrent([30, 5, 20, 1, 10], 2, async (ms, i) => {
            inFlight++;
            most = Math.max(most, inFlight);
            await new Promise((r) => setTimeout(r, ms));
            inFlight--;
            if (i === 1) throw new Error("item 1 failed");
            return ms * 2;
        });
        expect(most).to.equal(2);
        expect(outcomes.map((o) => (o.ok ? o.value : (o.error as Error).message))).to.deep.equal([60, "item 1 failed", 40, 2, 20]);
        await mapConcurrent([1], 0, async () => 1).then(
            () => expect.fail("limit 0 accepted"),
            (e: unknown) => expect(e).to.be.instanceOf(RangeError).with.property("message", "limit: 0 is not a whole number of at least 1"),
        );
    });
});

describe("automation: progress", () => {
    it("maps engine events to progress: steps with their resource, diagnostics, policy, summary; noise dropped", () => {
        const events: EngineEvent[] = [
            ...FAILED_UP.slice(0, 4),
            { sequence: 9, timestamp: T, diagnosticEvent: { urn: STACK_URN, message: "warning text\n", color: "never", severity: "warning" } },
            { sequence: 10, timestamp: T, diagnosticEvent: { message: "written to stderr by the program\n", color: "never", severity: "info#err" } },
            { sequence: 11, timestamp: T, diagnosticEvent: { urn: BUCKET_URN, message: "creating... (3s)", color: "never", severity: "info", ephemeral: true } },
            { sequence: 12, timestamp: T, stdoutEvent: { message: "Updating (customer-1):", color: "never" } },
            {
                sequence: 13,
                timestamp: T,
                policyEvent: {
                    resourceUrn: BUCKET_URN,
                    message: "Buckets must be encrypted with KMS.\n",
                    color: "never",
                    policyName: "s3-kms-only",
                    policyPackName: "acme-guardrails",
                    policyPackVersion: "1",
                    policyPackVersionTag: "v1",
                    enforcementLevel: "mandatory",
                },
            },
            FAILED_UP[5],
            FAILED_UP[7],
            { sequence: 14, timestamp: T + 5, cancelEvent: {} },
        ];
        const bucket = { urn: BUCKET_URN, type: "aws:s3/bucket:Bucket", name: "content-bucket" };
        const distribution = { urn: DIST_URN, type: DIST_TYPE, name: "front-distribution" };
        const stack = { urn: STACK_URN, type: "pulumi:pulumi:Stack", name: "legacy-tls-front-customer-1" };
        const at = (s: number) => new Date((T + s) * 1000);
        const progress = events.map((e) => toProgress("customer-1", e)).filter((p): p is Progress => p !== undefined);
        expect(progress).to.deep.equal([
            { kind: "started", stack: "customer-1", at: at(0) },
            { kind: "resource-started", stack: "customer-1", at: at(0), op: "create", resource: bucket, planning: false },
            { kind: "resource-done", stack: "customer-1", at: at(2), op: "create", resource: bucket, planning: false },
            { kind: "resource-started", stack: "customer-1", at: at(2), op: "create", resource: distribution, planning: false },
            { kind: "diagnostic", stack: "customer-1", at: at(0), severity: "warning", message: "warning text", resource: stack },
            { kind: "diagnostic", stack: "customer-1", at: at(0), severity: "info", message: "written to stderr by the program" },
            {
                kind: "policy-violation",
                stack: "customer-1",
                at: at(0),
                policy: "acme-guardrails/s3-kms-only",
                enforcement: "mandatory",
                message: "Buckets must be encrypted with KMS.",
                resource: bucket,
            },
            { kind: "resource-failed", stack: "customer-1", at: at(3), op: "create", resource: distribution },
            { kind: "summary", stack: "customer-1", at: at(4), changes: { create: 1 }, durationSeconds: 4, maybeCorrupt: false },
            { kind: "cancelled", stack: "customer-1", at: at(5) },
        ]);
    });

    it("parses URNs: the last type of a parent chain, names containing '::'; non-URNs are undefined", () => {
        expect(parseUrn(DIST_URN)).to.deep.equal({ urn: DIST_URN, type: DIST_TYPE, name: "front-distribution" });
        const odd = "urn:pulumi:dev::legacy-tls-front::aws:s3/bucket:Bucket::a::b";
        expect(parseUrn(odd)).to.deep.equal({ urn: odd, type: "aws:s3/bucket:Bucket", name: "a::b" });
        expect(parseUrn("arn:aws:s3:::bucket")).to.equal(undefined);
        expect(parseUrn("urn:pulumi:dev::legacy-tls-front")).to.equal(undefined);
    });

    it("streams progress and whole output lines to the caller, stdout and stderr apart, the last partial line flushed", async () => {
        const { automation } = automationWith(() => ({
            events: FAILED_UP.slice(0, 3),
            output: ["Previewing update (cust", "omer-1):\r\n  + content-bucket create\n", "!warning: one\nwarn", "!ing: two", "Resources: 1 to create"],
        }));
        const progress: string[] = [];
        const lines: string[] = [];
        await automation.preview("customer-1", CUSTOMER, {
            onEvent: (p) => progress.push(p.kind),
            onOutput: (line, stream) => lines.push(`${stream}: ${line}`),
        });
        expect(progress).to.deep.equal(["started", "resource-started", "resource-done"]);
        expect(lines).to.deep.equal([
            "stdout: Previewing update (customer-1):",
            "stdout:   + content-bucket create",
            "stderr: warning: one",
            "stdout: Resources: 1 to create",
            "stderr: warning: two",
        ]);
    });

    it("a callback that throws does not abort the operation", async () => {
        const { automation } = automationWith(() => ({ events: FAILED_UP.slice(0, 3), output: ["line\n"], changes: { create: 1 } }));
        const loggerBug = () => {
            throw new Error("logger bug");
        };
        const result = await automation.preview("customer-1", CUSTOMER, { onEvent: loggerBug, onOutput: loggerBug });
        expect(result).to.deep.equal({ stack: "customer-1", operation: "preview", changes: { create: 1 } });
    });
});

describe("automation: typed errors", () => {
    it("maps the Automation API's ConcurrentUpdateError (DIY lock and Pulumi Cloud 409) to ConcurrentUpdateError", async () => {
        const diyLock =
            "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n" +
            "  s3://acme-pulumi-state/.pulumi/locks/organization/legacy-tls-front/customer-1/22d8693a-7bae-4563-bc98-27045e703b9f.json: created by svc@host (pid 285) at 2025-01-01T00:00:00Z";
        const cloud = "error: [409] Conflict: Another update is currently in progress.";
        for (const stderr of [diyLock, cloud]) {
            const original = cliError("pulumi up --yes --skip-preview --stack customer-1 --non-interactive", stderr);
            expect(original.name).to.equal("ConcurrentUpdateError");
            const { automation } = automationWith(() => ({ error: original }));
            const error = await automation.up("customer-1", CUSTOMER).catch((e: unknown) => e);
            expect(error).to.be.instanceOf(ConcurrentUpdateError);
            expect(error).to.include({ stack: "customer-1", operation: "up", cause: original });
            expect((error as Error).message).to.contain("another update of this stack is in progress");
        }
        // The message text alone (e.g. rethrown by other code as a plain Error) is recognised too.
        expect(toAutomationError(new Error("conflict: Another update is currently in progress"), { stack: "s", operation: "up" })).to.be.instanceOf(ConcurrentUpdateError);
    });

    it("maps the real spawn failure of a missing CLI to PulumiCliMissingError with the install hint", async () => {
        const original = await PulumiCommand.get({ root: "/nonexistent-pulumi-root" }).then(
            () => expect.fail("a CLI was found at /nonexistent-pulumi-root"),
            (e: unknown) => e,
        );
        const error = toAutomationError(original, { stack: "customer-1", operation: "preview" });
        expect(error).to.be.instanceOf(PulumiCliMissingError);
        expect(error).to.include({ command: "/nonexistent-pulumi-root/bin/pulumi", installUrl: PULUMI_INSTALL_URL });
        expect(error.message).to.contain(PULUMI_INSTALL_URL);
        expect(toAutomationError(new Error("Could not find pulumi"), { stack: "s", operation: "up" })).to.be.instanceOf(PulumiCliMissingError);
    });

    it("PulumiWorkspace without a CLI fails with PulumiCliMissingError and never shows the passphrase", async () => {
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "fronts-"));
        const passphrase = "correct-horse-battery-staple-7f3a";
        try {
            const workspace = new PulumiWorkspace({
                backendUrl: `file://${workDir}/state`,
                workDir,
                cliRoot: "/nonexistent-pulumi-root",
                envVars: { PULUMI_CONFIG_PASSPHRASE: passphrase },
            });
            const automation = new StackAutomation({ workspace, queue: new KeyedQueue() });
            const error = await automation.preview("customer-1", CUSTOMER).catch((e: unknown) => e);
            expect(error).to.be.instanceOf(PulumiCliMissingError);
            expect(String((error as Error).message)).not.to.contain(passphrase);
            // Nor anywhere in the error chain (the Automation API's CommandError, execa's error).
            expect(inspect(error, { depth: Infinity })).not.to.contain(passphrase);
            // The stack got its own owner-only project directory.
            expect(fs.statSync(path.join(workDir, "customer-1")).mode & 0o777).to.equal(0o700);
        } finally {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    it("names the failed resource, its step and the provider's message in DeploymentFailedError", async () => {
        const original = cliError("pulumi up --yes --skip-preview --stack customer-1 --non-interactive", "error: update failed");
        const { automation } = automationWith(() => ({ events: FAILED_UP, error: original }));
        const error = await automation.up("customer-1", CUSTOMER).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(DeploymentFailedError);
        const failed = error as DeploymentFailedError;
        expect(failed.cause).to.equal(original);
        // The stack's own "update failed" only repeats that something failed; it is not listed.
        expect(failed.failures).to.deep.equal([
            { resource: { urn: DIST_URN, type: DIST_TYPE, name: "front-distribution" }, op: "create", message: CLOUDFRONT_ERROR.trim() },
        ]);
        expect(failed.message).to.match(/^up of stack "customer-1" failed:\n {2}- aws:cloudfront\/distribution:Distribution "front-distribution" \(create\): sdk-v2/);
        expect(failed.message).to.contain("InvalidViewerCertificate");
    });

    it("names the program (the stack resource) when it failed before any resource did", async () => {
        const message = "Running program '/srv/fronts' failed with an unhandled exception:\nError: boom\n";
        const { automation } = automationWith(() => ({
            events: [{ sequence: 1, timestamp: T, diagnosticEvent: { urn: STACK_URN, prefix: "error: ", message, color: "never", severity: "error" } }],
            error: cliError("pulumi preview --stack customer-1 --non-interactive", "error: preview failed"),
        }));
        const error = (await automation.preview("customer-1", CUSTOMER).catch((e: unknown) => e)) as DeploymentFailedError;
        expect(error).to.be.instanceOf(DeploymentFailedError);
        expect(error.failures.map((f) => [f.resource.type, f.resource.name, f.message])).to.deep.equal([
            ["pulumi:pulumi:Stack", "legacy-tls-front-customer-1", message.trim()],
        ]);
    });

    it("outputs, refresh and destroy never create a stack: a missing one is StackNotFoundError", async () => {
        const { workspace, automation } = automationWith();
        for (const call of [() => automation.outputs("customer-9"), () => automation.destroy("customer-9"), () => automation.refresh("customer-9", CUSTOMER)]) {
            const error = await call().catch((e: unknown) => e);
            expect(error).to.be.instanceOf(StackNotFoundError).with.property("message").that.matches(/of stack "customer-9": no such stack/);
        }
        expect(workspace.stacks.has("customer-9")).to.equal(false);
        expect(workspace.log).to.deep.equal(["open customer-9 select", "open customer-9 select", "open customer-9 select"]);
    });

    it("keeps other CLI failures as AutomationError with the CLI's error lines", () => {
        const original = cliError("pulumi preview --stack customer-1", "warning: A new version of Pulumi is available.\nerror: getting secrets manager: passphrase must be set with PULUMI_CONFIG_PASSPHRASE");
        const error = toAutomationError(original, { stack: "customer-1", operation: "preview", failures: [] });
        expect(error.constructor).to.equal(AutomationError);
        expect(error.message).to.equal('preview of stack "customer-1" failed: error: getting secrets manager: passphrase must be set with PULUMI_CONFIG_PASSPHRASE');
        expect(error.cause).to.equal(original);
    });
});

describe("automation: PulumiWorkspace options", () => {
    const env = {};

    it("accepts a DIY backend with a passphrase, Pulumi Cloud without one, and KMS secrets providers", () => {
        expect(validatePulumiWorkspaceOptions({ backendUrl: "file:///var/lib/pulumi", workDir: "/w", envVars: { PULUMI_CONFIG_PASSPHRASE: "" } }, env)).to.deep.equal([]);
        expect(validatePulumiWorkspaceOptions({ backendUrl: "s3://acme-state?region=eu-west-1", workDir: "/w" }, { PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secrets/p" })).to.deep.equal([]);
        expect(validatePulumiWorkspaceOptions({ backendUrl: "https://api.pulumi.com", workDir: "/w" }, env)).to.deep.equal([]);
        expect(validatePulumiWorkspaceOptions({ backendUrl: "s3://acme-state", secretsProvider: "awskms://alias/pulumi?region=eu-west-1", workDir: "/w" }, env)).to.deep.equal([]);
    });

    it("names each bad option and what is allowed, and requires a passphrase where the passphrase provider applies", () => {
        const issues = validatePulumiWorkspaceOptions({ backendUrl: "/var/lib/pulumi", secretsProvider: "kms://x", workDir: "" }, env);
        expect(issues.map((i) => i.path)).to.deep.equal(["backendUrl", "secretsProvider", "workDir"]);
        expect(issues[0].problem).to.contain("file://… | s3://… | azblob://… | gs://…");
        expect(issues[1].problem).to.contain("passphrase | default | awskms://…");

        const missing = validatePulumiWorkspaceOptions({ backendUrl: "file:///var/lib/pulumi", workDir: "/w" }, env);
        expect(missing).to.deep.equal([
            {
                path: "envVars.PULUMI_CONFIG_PASSPHRASE",
                value: undefined,
                problem:
                    "is required with the passphrase secrets provider (the default of DIY backends); set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE in envVars or the environment",
            },
        ]);
        expect(() => new PulumiWorkspace({ backendUrl: "gs://state", secretsProvider: "passphrase", workDir: "/w" })).to.throw(ValidationError, /envVars\.PULUMI_CONFIG_PASSPHRASE/);
    });

    it("never puts an environment variable's value in an error", () => {
        const secret = "s3cr3t-token-value";
        const issues = validatePulumiWorkspaceOptions({ workDir: "/w", envVars: { PULUMI_ACCESS_TOKEN: 42 as unknown as string, OK: secret } }, env);
        expect(issues.map((i) => i.path)).to.deep.equal(["envVars.PULUMI_ACCESS_TOKEN"]);
        expect(JSON.stringify(issues)).not.to.contain("42");
        expect(JSON.stringify(issues)).not.to.contain(secret);
    });
});

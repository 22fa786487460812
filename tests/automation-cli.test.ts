/**
 * Integration tests against a real Pulumi CLI, with a local file backend in a temp directory and a
 * throwaway passphrase. They run only when `pulumi` is on the PATH, and the preview only with AWS
 * credentials in the environment (the program asks AWS who it is); otherwise mocha reports them as
 * pending, with the reason in the suite title and in the log.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { KeyedQueue, PROJECT_NAME, Progress, PulumiWorkspace, StackAutomation, inlineStackProgram, validateStackConfig, writeConfig } from "../automation";
import { parseStackConfig, rawConfigFromFlat } from "../stacks/config";
import { typedConfigOf } from "./automation-fake";

function onPath(command: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        const candidate = path.join(dir, command);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            return candidate;
        } catch {
            // Not here; keep looking.
        }
    }
    return undefined;
}

const cli = onPath("pulumi");
const NO_CLI = "no `pulumi` CLI on the PATH (install: https://www.pulumi.com/docs/install/)";
const NO_AWS = "no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE or AWS_WEB_IDENTITY_TOKEN_FILE)";
const hasAwsCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE || process.env.AWS_WEB_IDENTITY_TOKEN_FILE);

describe(cli ? `automation against the Pulumi CLI at ${cli}` : `automation against the Pulumi CLI (skipped: ${NO_CLI})`, function () {
    // Real CLI processes: stack init, config, preview with plugin installs.
    this.timeout(300_000);
    let root: string;
    let workspace: PulumiWorkspace;

    before(function () {
        if (!cli) {
            console.log(`      skipped: ${NO_CLI}`);
            this.skip();
        }
        root = fs.mkdtempSync(path.join(os.tmpdir(), "fronts-cli-"));
        fs.mkdirSync(path.join(root, "state"));
        workspace = new PulumiWorkspace({
            backendUrl: `file://${path.join(root, "state")}`,
            workDir: path.join(root, "projects"),
            envVars: { PULUMI_CONFIG_PASSPHRASE: "integration-test-only" },
        });
    });

    after(() => {
        if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    it("creates a stack in a file backend, writes the typed config through the CLI and reads it back; no outputs yet", async () => {
        const input = { region: "eu-west-1", environment: "dev" as const, front: { mode: "signed" as const }, tags: { customer: "it" } };
        const validated = validateStackConfig(PROJECT_NAME, "customer-it", input);
        if (!("values" in validated)) throw new Error(`test config invalid: ${JSON.stringify(validated.issues)}`);
        const session = await workspace.open({ project: PROJECT_NAME, stack: "customer-it", program: inlineStackProgram }, { create: true });
        await writeConfig(session, PROJECT_NAME, validated.values);
        const stored = await session.getConfig();
        expect(stored).to.include(validated.values);
        // What the CLI stored parses to the same typed config.
        expect(parseStackConfig(rawConfigFromFlat(PROJECT_NAME, "customer-it", stored)).config).to.deep.equal(validated.config);

        const automation = new StackAutomation({ workspace, queue: new KeyedQueue() });
        expect(await automation.outputs("customer-it")).to.equal(undefined);
    });

    it("previews the dev config end to end", async function () {
        if (!hasAwsCredentials) {
            console.log(`      skipped: ${NO_AWS}`);
            this.skip();
        }
        const typed = typedConfigOf("dev");
        const automation = new StackAutomation({ workspace, queue: new KeyedQueue() });
        const progress: Progress[] = [];
        const result = await automation.preview("dev", typed, { onEvent: (p) => progress.push(p) });
        expect(result.changes.create).to.be.greaterThan(0);
        const planned = progress.filter((p) => p.kind === "resource-started" && p.planning).map((p) => (p.kind === "resource-started" ? p.resource.type : ""));
        expect(planned).to.include.members(["aws:s3/bucket:Bucket", "aws:cloudfront/distribution:Distribution"]);
    });
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { PROJECT_NAME, validateStackConfig } from "../automation";
import { ValidationError } from "../components/validation";
import { customerConfig, customerStack, loadCustomers, main, parseArgs, parseCustomers } from "../examples/customer-fronts";
import { FakeOperation, FakeScript, FakeWorkspace, cliError, engineEventsOf } from "./automation-fake";

const EXAMPLES = path.resolve(__dirname, "..", "examples");

// What a customer's stack registers, enough for progress lines.
function resourcesOf(stack: string) {
    return [
        { urn: `urn:pulumi:${stack}::legacy-tls-front::legacytls:s3:PrivateOriginBucket$aws:s3/bucket:Bucket::content-bucket`, type: "aws:s3/bucket:Bucket" },
        {
            urn: `urn:pulumi:${stack}::legacy-tls-front::legacytls:cloudfront:LegacyTlsFront$aws:cloudfront/distribution:Distribution::front-distribution`,
            type: "aws:cloudfront/distribution:Distribution",
        },
    ];
}

async function runMain(argv: string[], script: (stack: string, op: FakeOperation) => FakeScript) {
    const workspace = new FakeWorkspace(script);
    const lines: string[] = [];
    const code = await main(argv, { env: {}, print: (l) => lines.push(l), workspace: () => workspace });
    return { code, lines, workspace };
}

const slow = (): Promise<void> => new Promise((r) => setTimeout(r, 15));

describe("examples/customer-fronts.ts", () => {
    it("runs nothing when imported", () => {
        const file = require.resolve("../examples/customer-fronts");
        delete require.cache[file];
        const log = console.log;
        const printed: unknown[] = [];
        console.log = (...args: unknown[]) => printed.push(args);
        try {
            require(file);
        } finally {
            console.log = log;
        }
        expect(printed).to.deep.equal([]);
        expect(process.exitCode ?? 0).to.equal(0);
    });

    it("is a dry run unless --apply is given; --concurrency defaults to 2", () => {
        const defaults = parseArgs([], { FRONTS_WORK_DIR: "/srv/fronts", PULUMI_BACKEND_URL: "s3://state" });
        expect(defaults).to.deep.include({ apply: false, concurrency: 2, workDir: "/srv/fronts", backendUrl: "s3://state", verbose: false });
        expect(defaults.customersFile).to.equal(path.join(EXAMPLES, "customers.json"));
        expect(parseArgs(["--dry-run"], {}).apply).to.equal(false);
        expect(parseArgs(["--apply", "--concurrency", "4", "--backend", "file:///b"], {})).to.deep.include({ apply: true, concurrency: 4, backendUrl: "file:///b" });
    });

    it("rejects bad arguments, naming each with what is allowed", () => {
        expect(() => parseArgs(["--apply", "--dry-run", "--concurrency", "11", "--force", "--customers"], {}))
            .to.throw(ValidationError)
            .with.property("issues")
            .that.deep.equals([
                { path: "arguments", value: "--force", problem: "is not an option; options: --apply, --dry-run, --customers, --concurrency, --backend, --work-dir, --verbose, --help" },
                { path: "--customers", value: undefined, problem: "needs a value" },
                { path: "--apply", value: true, problem: "cannot be combined with --dry-run; give one (a dry run is the default)" },
                { path: "--concurrency", value: "11", problem: "is not a whole number from 1 to 10" },
            ]);
        expect(() => parseArgs(["--concurrency", "1.5"], {})).to.throw(ValidationError, /--concurrency: "1.5" is not a whole number from 1 to 10/);
        expect(() => parseArgs(["--backend", "--apply", "--dry-run"], {})).to.throw(ValidationError, /--backend: \(missing\) needs a value\n {2}- --apply: true cannot be combined with --dry-run/);
    });

    it("ships a customer list whose every config passes the stack config validation", () => {
        const customers = loadCustomers(path.join(EXAMPLES, "customers.json"));
        expect(customers.map(customerStack)).to.deep.equal(["customer-acme", "customer-globex", "customer-initech"]);
        for (const customer of customers) {
            const result = validateStackConfig(PROJECT_NAME, customerStack(customer), customerConfig(customer));
            expect(result.issues, customer.id).to.deep.equal([]);
            expect("config" in result && result.config.tags.customer).to.equal(customer.id);
        }
    });

    it("rejects a bad customer list, naming each entry", () => {
        expect(() => parseCustomers([{ id: "acme", config: {} }, { id: "acme", config: {} }, { id: "-x", config: [] }, null], "list.json"))
            .to.throw(ValidationError)
            .with.property("issues")
            .that.deep.equals([
                { path: "[1].id", value: "acme", problem: "is listed twice; each customer has one stack" },
                { path: "[2].id", value: "-x", problem: 'is not a customer id: 1 to 40 lower-case letters, digits and "-", not starting or ending with "-"' },
                { path: "[2].config", value: [], problem: "is not an object: a stack config, as StackConfigInput (region, front, …)" },
                { path: "[3].id", value: undefined, problem: 'is not a customer id: 1 to 40 lower-case letters, digits and "-", not starting or ending with "-"' },
                { path: "[3].config", value: undefined, problem: "is not an object: a stack config, as StackConfigInput (region, front, …)" },
            ]);
        expect(() => parseCustomers({ customers: [] }, "list.json")).to.throw(ValidationError, /customer list list\.json is invalid/);
    });

    it("dry run: previews every customer, two at a time, printing planned steps; never updates", async () => {
        const { code, lines, workspace } = await runMain([], (stack) => ({
            gate: slow(),
            events: engineEventsOf(resourcesOf(stack), true),
            changes: { create: 2 },
        }));
        expect(code).to.equal(0);
        expect(workspace.maxInFlight).to.equal(2);
        expect(workspace.log.filter((l) => l.startsWith("start")).sort()).to.deep.equal([
            "start customer-acme preview",
            "start customer-globex preview",
            "start customer-initech preview",
        ]);
        expect(lines[0]).to.equal("Dry run (preview; --apply to deploy): 3 customer fronts, 2 at a time");
        expect(lines).to.include("[customer-globex] would create aws:cloudfront/distribution:Distribution front-distribution");
        expect(lines.slice(-4)).to.deep.equal([
            "ok      customer-acme: create 2",
            "ok      customer-globex: create 2",
            "ok      customer-initech: create 2",
            "3 of 3 customers previewed",
        ]);
    });

    it("--apply: updates each customer, reports a failed one by resource and carries on; exit code 1", async () => {
        const failing = resourcesOf("customer-globex")[1];
        const { code, lines, workspace } = await runMain(["--apply", "--concurrency", "1"], (stack) =>
            stack === "customer-globex"
                ? {
                      events: [
                          {
                              sequence: 1,
                              timestamp: 1_760_000_000,
                              diagnosticEvent: { urn: failing.urn, prefix: "error: ", message: "creating CloudFront Distribution: AccessDenied\n", color: "never", severity: "error" },
                          },
                      ],
                      error: cliError("pulumi up --yes --skip-preview --stack customer-globex", "error: update failed"),
                  }
                : { changes: { create: 12 }, outputs: { ...OUTPUTS, url: `https://${stack}.example` } },
        );
        expect(code).to.equal(1);
        expect(workspace.maxInFlight).to.equal(1);
        expect(workspace.log.filter((l) => l.startsWith("start"))).to.deep.equal(["start customer-acme up", "start customer-globex up", "start customer-initech up"]);
        expect(lines.slice(-4)).to.deep.equal([
            "ok      customer-acme: create 12; https://customer-acme.example",
            'FAILED  customer-globex: DeploymentFailedError: aws:cloudfront/distribution:Distribution "front-distribution": creating CloudFront Distribution: AccessDenied',
            "ok      customer-initech: create 12; https://customer-initech.example",
            "2 of 3 customers deployed",
        ]);
        expect(lines).to.include("[customer-globex] error: creating CloudFront Distribution: AccessDenied");
    });

    it("exits 2 with the problem and the usage for an unreadable or invalid customer list", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "customers-"));
        try {
            const file = path.join(dir, "customers.json");
            fs.writeFileSync(file, '[{ "id": "Acme", "config": {} }]');
            const { code, lines, workspace } = await runMain(["--customers", file], () => ({}));
            expect(code).to.equal(2);
            expect(lines[0]).to.contain(`customer list ${file} is invalid`).and.contain('[0].id: "Acme" is not a customer id');
            expect(lines[lines.length - 1]).to.match(/^usage: /);
            expect(workspace.log).to.deep.equal([]);

            const missing = await runMain(["--customers", path.join(dir, "nope.json")], () => ({}));
            expect(missing.code).to.equal(2);
            expect(missing.lines[0]).to.contain("cannot be read: ENOENT");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

// Outputs as the stack program exports them.
const OUTPUTS = {
    url: "https://d111111abcdef8.cloudfront.net",
    urls: ["https://d111111abcdef8.cloudfront.net"],
    distributionId: "E2QWRUHAPOMQZL",
    distributionArn: "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL",
    distributionDomainName: "d111111abcdef8.cloudfront.net",
    bucketName: "content-bucket-5b1cac2",
    originAccessControlId: "E1ABCDEFGHIJKL",
    securityPolicy: "TLSv1",
    mode: "signed",
};

import * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
    EdgeWebAcl,
    EdgeWebAclArgs,
    MANAGED_RULE_GROUP_CAPACITY,
    RATE_BASED_RULE_CAPACITY,
    WebAclRuleDescription,
    capacityIssues,
    capacityOf,
    describeWebAclRules,
    metricNameOf,
    validateEdgeWebAclArgs,
} from "../components/edge-web-acl";
import { AwsManagedRuleGroupName } from "../components/settings/edge-web-acl";
import { ValidationError, formatIssue } from "../components/validation";
import { OfflineRun, RecordedResource, only, promiseOf, regionOfResource, resourcesOf } from "./mocks";
import { runOffline } from "../tools/offline/engine";

const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const ACCOUNT = "123456789012";

function messages(args: EdgeWebAclArgs, prefix = ""): string[] {
    return validateEdgeWebAclArgs(args, prefix).map(formatIssue);
}

/** Runs `program` in a stack of eu-central-1, with the web ACL's ARN and name as WAF returns them. */
function run(program: () => unknown, options: { preview?: boolean } = {}): Promise<OfflineRun> {
    return runOffline(program, {
        project: "legacy-tls-front",
        stack: "prod",
        preview: options.preview,
        config: { "aws:region": "eu-central-1" },
        outputOverrides: (type, name) =>
            type === WEB_ACL
                ? { name: `${name}-a1b2c3d`, arn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/${name}-a1b2c3d/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111` }
                : undefined,
    });
}

describe("EdgeWebAcl: validation", () => {
    it("accepts the defaults and every setting within its documented range", () => {
        expect(validateEdgeWebAclArgs({})).to.deep.equal([]);
        expect(
            validateEdgeWebAclArgs({
                mode: "count",
                managedRuleGroups: ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"],
                countRules: [{ ruleGroup: "AWSManagedRulesCommonRuleSet", ruleName: "SizeRestrictions_BODY" }],
                rateLimit: 10,
                rateLimitWindowSeconds: 60,
                cloudWatchMetrics: false,
                sampledRequests: false,
                logging: { logGroupName: "aws-waf-logs-media-prod", retentionDays: 90 },
            }),
        ).to.deep.equal([]);
        expect(validateEdgeWebAclArgs({ rateLimit: 2_000_000_000, rateLimitWindowSeconds: 600, managedRuleGroups: [] })).to.deep.equal([]);
    });

    it("refuses a rate limit under AWS's minimum of 10 or a fraction, naming the allowed range", () => {
        expect(messages({ rateLimit: 9 })).to.deep.equal(["rateLimit: 9 is not a whole number from 10 to 2000000000"]);
        expect(messages({ rateLimit: 100.5 })).to.deep.equal(["rateLimit: 100.5 is not a whole number from 10 to 2000000000"]);
        expect(messages({ rateLimit: 2_000_000_001 }, "waf")).to.deep.equal(["waf.rateLimit: 2000000001 is not a whole number from 10 to 2000000000"]);
    });

    it("takes only the evaluation windows AWS WAF accepts: 60, 120, 300, 600 seconds", () => {
        expect(messages({ rateLimitWindowSeconds: 90 as any })).to.deep.equal(["rateLimitWindowSeconds: 90 is not one of 60 | 120 | 300 | 600"]);
    });

    it("names an unknown managed rule group by its index, with the closest group and every allowed one", () => {
        expect(messages({ managedRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleset" as any] }, "waf")).to.deep.equal([
            'waf.managedRuleGroups[1]: "AWSManagedRulesCommonRuleset" is not one of AWSManagedRulesCommonRuleSet | AWSManagedRulesKnownBadInputsRuleSet | ' +
                "AWSManagedRulesAmazonIpReputationList | AWSManagedRulesSQLiRuleSet (did you mean AWSManagedRulesCommonRuleSet?)",
        ]);
        expect(messages({ managedRuleGroups: ["AWSManagedRulesBotControlRuleSet" as any] })[0]).to.match(/^managedRuleGroups\[0\]: "AWSManagedRulesBotControlRuleSet" is not one of /);
        expect(messages({ managedRuleGroups: ["AWSManagedRulesSQLiRuleSet", "AWSManagedRulesSQLiRuleSet"] })).to.deep.equal([
            'managedRuleGroups: ["AWSManagedRulesSQLiRuleSet","AWSManagedRulesSQLiRuleSet"] lists an item twice',
        ]);
    });

    it("overrides rules only of the chosen groups, each once, with names AWS allows", () => {
        expect(
            messages({
                managedRuleGroups: ["AWSManagedRulesCommonRuleSet"],
                countRules: [
                    { ruleGroup: "AWSManagedRulesSQLiRuleSet", ruleName: "SQLi_BODY" },
                    { ruleGroup: "AWSManagedRulesCommonRuleSet", ruleName: "SizeRestrictions_BODY" },
                    { ruleGroup: "AWSManagedRulesCommonRuleSet", ruleName: "SizeRestrictions_BODY" },
                    { ruleGroup: "AWSManagedRulesCommonRuleSet", ruleName: "Size Restrictions" },
                ],
            }),
        ).to.deep.equal([
            'countRules[3].ruleName: "Size Restrictions" is not a rule name of a managed rule group (1 to 128 letters, digits, _ or -), e.g. "SizeRestrictions_BODY"',
            'countRules[0].ruleGroup: "AWSManagedRulesSQLiRuleSet" is not one of the web ACL\'s managedRuleGroups (AWSManagedRulesCommonRuleSet)',
            'countRules[2]: {"ruleGroup":"AWSManagedRulesCommonRuleSet","ruleName":"SizeRestrictions_BODY"} repeats countRules[1]',
        ]);
        // Without managedRuleGroups, the default groups are the ones to override.
        expect(messages({ countRules: [{ ruleGroup: "AWSManagedRulesSQLiRuleSet", ruleName: "SQLi_BODY" }] })).to.deep.equal([
            'countRules[0].ruleGroup: "AWSManagedRulesSQLiRuleSet" is not one of the web ACL\'s managedRuleGroups (AWSManagedRulesCommonRuleSet | AWSManagedRulesKnownBadInputsRuleSet | AWSManagedRulesAmazonIpReputationList)',
        ]);
    });

    it("requires the aws-waf-logs- prefix WAF demands of a log group, and a retention CloudWatch Logs accepts", () => {
        expect(messages({ logging: { logGroupName: "/aws/waf/media", retentionDays: 10 as any } })).to.deep.equal([
            'logging.logGroupName: "/aws/waf/media" is not a log group name starting with "aws-waf-logs-" (then 1 to 499 letters, digits, . - _ / #)',
            "logging.retentionDays: 10 is not one of 1 | 3 | 5 | 7 | 14 | 30 | 60 | 90 | 120 | 150 | 180 | 365 | 400 | 545 | 731 | 1096 | 1827 | 2192 | 2557 | 2922 | 3288 | 3653",
        ]);
        expect(messages({ logging: true as any, modes: "count" } as any)).to.deep.equal([
            'modes: "count" is not a known key (did you mean mode?); known keys: cloudWatchMetrics, countRules, logging, managedRuleGroups, mode, rateLimit, rateLimitWindowSeconds, sampledRequests',
            "logging: true is not an object",
        ]);
    });

    it("throws one ValidationError naming the component before creating anything", () => {
        expect(() => new EdgeWebAcl("waf", { rateLimit: 5, mode: "monitor" as any })).to.throw(
            ValidationError,
            /^EdgeWebAcl "waf" is invalid:\n {2}- mode: "monitor" is not one of block \| count\n {2}- rateLimit: 5 is not a whole number from 10 to 2000000000$/,
        );
    });
});

describe("EdgeWebAcl: capacity (WCU)", () => {
    it("adds up the documented WCU: 700 + 200 + 25 for the default groups, 2 for the rate rule", () => {
        const rules = describeWebAclRules({});
        expect(rules.map((r) => [r.name, r.capacityUnits])).to.deep.equal([
            ["RateLimitPerClientIp", 2],
            ["AWSManagedRulesCommonRuleSet", 700],
            ["AWSManagedRulesKnownBadInputsRuleSet", 200],
            ["AWSManagedRulesAmazonIpReputationList", 25],
        ]);
        expect(capacityOf(rules)).to.equal(927);
        // Every group offered fits within what the basic price covers, all at once too.
        expect(capacityOf(describeWebAclRules({ managedRuleGroups: Object.values(AwsManagedRuleGroupName) }))).to.equal(1127);
        expect(MANAGED_RULE_GROUP_CAPACITY.AWSManagedRulesSQLiRuleSet).to.equal(200);
        expect(RATE_BASED_RULE_CAPACITY).to.equal(2);
    });

    it("reports rules over the 1,500 WCU the basic price covers, and over AWS's 5,000 maximum, with the breakdown", () => {
        const group = (name: string, capacityUnits: number): WebAclRuleDescription => ({ name, priority: 1, kind: "managed", action: "block", capacityUnits });
        const rate = describeWebAclRules({ managedRuleGroups: [] });
        expect(capacityIssues([...rate, group("A", 1498)], "waf.managedRuleGroups")).to.deep.equal([]);
        expect(capacityIssues([...rate, group("A", 1000), group("B", 499)], "waf.managedRuleGroups").map(formatIssue)).to.deep.equal([
            'waf.managedRuleGroups: ["A","B"] needs 1501 WCU (RateLimitPerClientIp 2, A 1000, B 499), above the 1500 WCU the basic web ACL price covers ' +
                "(AWS charges an extra fee per million requests for every 500 WCU beyond); drop a rule group",
        ]);
        expect(capacityIssues([...rate, group("A", 5000)], "managedRuleGroups")[0].problem).to.equal(
            "needs 5002 WCU (RateLimitPerClientIp 2, A 5000), above the 5000 WCU AWS allows a web ACL; drop a rule group",
        );
    });

    it("names metrics with only the characters CloudWatch dimensions of WAF allow, never a reserved name", () => {
        expect(metricNameOf("media waf.prod")).to.equal("media-waf-prod");
        expect(metricNameOf("waf", "AWSManagedRulesCommonRuleSet")).to.equal("waf-AWSManagedRulesCommonRuleSet");
        expect(metricNameOf("All")).to.equal("web-acl-All");
        expect(metricNameOf("x".repeat(200), "Rule")).to.have.length(128);
    });
});

describe("EdgeWebAcl: resources (block mode, the defaults)", () => {
    let offline: OfflineRun;
    let acl: EdgeWebAcl;
    let webAcl: RecordedResource;

    before(async () => {
        offline = await run(() => {
            acl = new EdgeWebAcl("waf", { tags: { team: "media" } });
        });
        webAcl = only(offline, WEB_ACL, "waf-web-acl");
    });

    it("creates a CLOUDFRONT web ACL in us-east-1 through a provider with the stack's settings, allowing what no rule blocks", () => {
        expect(webAcl.inputs).to.deep.include({
            scope: "CLOUDFRONT",
            defaultAction: { allow: {} },
            tags: { team: "media" },
            description: "Rate limit per client IP and AWS managed rules, block mode",
        });
        expect(regionOfResource(offline, webAcl)).to.equal("us-east-1");
        expect(only(offline, "pulumi:providers:aws", "waf-us-east-1").inputs.region).to.equal("us-east-1");
        expect(webAcl.inputs.visibilityConfig).to.deep.equal({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "waf" });
        // No logging unless asked for.
        expect(resourcesOf(offline, LOG_GROUP)).to.have.length(0);
        expect(resourcesOf(offline, LOGGING)).to.have.length(0);
    });

    it("puts the rate rule first, per client IP, 2,000 per 5 minutes, blocking", () => {
        const [rate] = webAcl.inputs.rules as any[];
        expect(rate).to.deep.equal({
            name: "RateLimitPerClientIp",
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, evaluationWindowSec: 300, aggregateKeyType: "IP" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "waf-RateLimitPerClientIp" },
        });
    });

    it("then the three baseline AWS managed groups in order, vendor AWS, keeping their own actions", () => {
        const managed = (webAcl.inputs.rules as any[]).slice(1);
        expect(managed.map((r) => [r.priority, r.name, r.statement.managedRuleGroupStatement.vendorName, r.statement.managedRuleGroupStatement.name])).to.deep.equal([
            [1, "AWSManagedRulesCommonRuleSet", "AWS", "AWSManagedRulesCommonRuleSet"],
            [2, "AWSManagedRulesKnownBadInputsRuleSet", "AWS", "AWSManagedRulesKnownBadInputsRuleSet"],
            [3, "AWSManagedRulesAmazonIpReputationList", "AWS", "AWSManagedRulesAmazonIpReputationList"],
        ]);
        for (const rule of managed) {
            expect(rule.overrideAction, rule.name).to.deep.equal({ none: {} });
            expect(rule.action, rule.name).to.equal(undefined);
            expect(rule.statement.managedRuleGroupStatement.ruleActionOverrides, rule.name).to.equal(undefined);
            expect(rule.visibilityConfig.metricName).to.equal(`waf-${rule.name}`);
        }
    });

    it("outputs the ARN a front's webAclArn takes, the name, and the rules with their WCU for the plan", async () => {
        const arn = await promiseOf(acl.webAclArn);
        // The shape LegacyTlsFront checks for webAclArn.
        expect(arn).to.match(new RegExp(`^arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/[\\w-]+/[\\w-]+$`));
        expect(arn).to.equal(webAcl.outputs.arn);
        expect(await promiseOf(acl.webAclName)).to.equal("waf-web-acl-a1b2c3d");
        expect(await promiseOf(acl.logGroupName)).to.equal(undefined);
        expect(acl.mode).to.equal("block");
        expect(acl.capacityUnits).to.equal(927);
        expect(acl.rules.map((r) => `${r.priority} ${r.kind} ${r.name} ${r.action} ${r.capacityUnits}`)).to.deep.equal([
            "0 rate-based RateLimitPerClientIp block 2",
            "1 managed AWSManagedRulesCommonRuleSet block 700",
            "2 managed AWSManagedRulesKnownBadInputsRuleSet block 200",
            "3 managed AWSManagedRulesAmazonIpReputationList block 25",
        ]);
        expect(acl.rules[0]).to.deep.include({ rateLimit: 2000, rateLimitWindowSeconds: 300 });
    });
});

describe("EdgeWebAcl: count mode, overrides, rate settings and logging", () => {
    let offline: OfflineRun;
    let acl: EdgeWebAcl;
    let given: aws.Provider;

    before(async () => {
        offline = await run(() => {
            given = new aws.Provider("edge", { region: "us-east-1" });
            acl = new EdgeWebAcl("waf", {
                mode: "count",
                managedRuleGroups: ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet"],
                countRules: [{ ruleGroup: "AWSManagedRulesCommonRuleSet", ruleName: "SizeRestrictions_BODY" }],
                rateLimit: 100,
                rateLimitWindowSeconds: 60,
                sampledRequests: false,
                logging: { retentionDays: 90 },
                usEast1Provider: given,
            });
        });
    });

    it("only counts: the override action count for each group, the action count for the rate rule", () => {
        const rules = only(offline, WEB_ACL).inputs.rules as any[];
        expect(rules.map((r) => [r.name, r.action, r.overrideAction])).to.deep.equal([
            ["RateLimitPerClientIp", { count: {} }, undefined],
            ["AWSManagedRulesAmazonIpReputationList", undefined, { count: {} }],
            ["AWSManagedRulesCommonRuleSet", undefined, { count: {} }],
        ]);
        expect(rules[0].statement.rateBasedStatement).to.deep.equal({ limit: 100, evaluationWindowSec: 60, aggregateKeyType: "IP" });
        expect(rules.every((r) => r.visibilityConfig.sampledRequestsEnabled === false)).to.equal(true);
        expect(acl.rules.map((r) => r.action)).to.deep.equal(["count", "count", "count"]);
    });

    it("overrides the listed rule of its group to count, and no rule of another group", () => {
        const rules = only(offline, WEB_ACL).inputs.rules as any[];
        expect(rules[2].statement.managedRuleGroupStatement.ruleActionOverrides).to.deep.equal([{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]);
        expect(rules[1].statement.managedRuleGroupStatement.ruleActionOverrides).to.equal(undefined);
        expect(acl.rules[2].countRules).to.deep.equal(["SizeRestrictions_BODY"]);
        expect(acl.capacityUnits).to.equal(727);
    });

    it("uses the given us-east-1 provider for the web ACL and its logging, and creates none", () => {
        expect(resourcesOf(offline, "pulumi:providers:aws").map((p) => p.name)).to.deep.equal(["edge"]);
        for (const r of [only(offline, WEB_ACL), only(offline, LOG_GROUP), only(offline, LOGGING)]) {
            expect(r.provider, r.name).to.match(/::edge::/);
            expect(regionOfResource(offline, r), r.name).to.equal("us-east-1");
        }
    });

    it("logs to a log group named aws-waf-logs-… with the retention, redacting the authorization and cookie headers", async () => {
        const group = only(offline, LOG_GROUP, "waf-logs");
        expect(group.inputs).to.deep.include({ namePrefix: "aws-waf-logs-waf-", retentionInDays: 90 });
        expect(group.outputs.name).to.match(/^aws-waf-logs-waf-[a-z0-9]+$/);
        const logging = only(offline, LOGGING, "waf-logging");
        expect(logging.inputs).to.deep.equal({
            resourceArn: only(offline, WEB_ACL).outputs.arn,
            logDestinationConfigs: [group.outputs.arn],
            redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        });
        expect(group.outputs.arn).to.not.match(/:\*$/);
        expect(await promiseOf(acl.logGroupName)).to.equal(group.outputs.name);
    });

    it("names the log group as given", async () => {
        const named = await run(() => new EdgeWebAcl("waf", { logging: { logGroupName: "aws-waf-logs-media-prod" } }));
        expect(only(named, LOG_GROUP).inputs).to.deep.include({ name: "aws-waf-logs-media-prod", retentionInDays: 30 });
        expect(only(named, LOG_GROUP).inputs.namePrefix).to.equal(undefined);
    });
});

describe("EdgeWebAcl: preview (outputs unknown)", () => {
    it("registers the same web ACL and logging while the ARN and log group name are still unknown", async () => {
        let acl!: EdgeWebAcl;
        const preview = await run(() => {
            acl = new EdgeWebAcl("waf", { logging: {} });
        }, { preview: true });
        const webAcl = only(preview, WEB_ACL);
        expect(webAcl.inputs.scope).to.equal("CLOUDFRONT");
        expect((webAcl.inputs.rules as any[]).map((r) => r.name)).to.deep.equal([
            "RateLimitPerClientIp",
            "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet",
            "AWSManagedRulesAmazonIpReputationList",
        ]);
        expect(regionOfResource(preview, webAcl)).to.equal("us-east-1");
        expect(only(preview, LOGGING).inputs.redactedFields).to.have.length(2);
        // The plan's rule list needs no deployment.
        expect(acl.capacityUnits).to.equal(927);
        let settled = false;
        acl.webAclArn.apply(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(settled, "the web ACL's ARN is not known in a preview").to.equal(false);
    });
});

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFRONT_CONTROL_REGION } from "./cloudfront-facts";
import { ProvidersByRegion, RegionalProviders, validateProvidersByRegion, validateUsEast1Provider } from "./providers";
import { LogRetentionDays } from "./settings/cognito-edge-auth";
import {
    AwsManagedRuleGroupName,
    EdgeWebAclLogging,
    EdgeWebAclSettings,
    ManagedRuleCountOverride,
    ManagedRuleName,
    RateLimitWindowSeconds,
    WafLogGroupName,
    WebAclMode,
} from "./settings/edge-web-acl";
import { settingsIssues } from "./settings-validation";
import { ComponentState, componentType } from "./type-tokens";
import { Issue, isPlainObject, throwIfIssues } from "./validation";

// The settings are declared in settings/edge-web-acl.ts; the package exports them from here too.
export { AwsManagedRuleGroupName, EdgeWebAclLogging, EdgeWebAclSettings, ManagedRuleCountOverride, ManagedRuleName, RateLimitWindowSeconds, WafLogGroupName, WebAclMode };

/**
 * The vendor of every managed rule group this component uses.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html ("VendorName: AWS")
 */
export const AWS_MANAGED_RULES_VENDOR = "AWS";

/**
 * Web ACL capacity units (WCU) each managed rule group takes, as AWS documents them for the current static
 * version of each group (checked 2026-12-06). A group's capacity is fixed when its owner creates it.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-use-case.html
 */
export const MANAGED_RULE_GROUP_CAPACITY: Readonly<Record<AwsManagedRuleGroupName, number>> = {
    [AwsManagedRuleGroupName.CommonRuleSet]: 700,
    [AwsManagedRuleGroupName.KnownBadInputsRuleSet]: 200,
    [AwsManagedRuleGroupName.AmazonIpReputationList]: 25,
    [AwsManagedRuleGroupName.SQLiRuleSet]: 200,
};

/**
 * WCU of the rate-based rule: the statement's base cost of 2; no custom aggregation keys (30 each) and no
 * scope-down statement are used (checked 2026-12-06).
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
 */
export const RATE_BASED_RULE_CAPACITY = 2;

/**
 * Capacity of a web ACL (checked 2026-12-06): up to 1,500 WCU are covered by the basic web ACL price; a web
 * ACL may use up to 5,000, and above 1,500 AWS charges an additional fee per million requests for each
 * further 500 WCU started.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html
 * @see https://aws.amazon.com/about-aws/whats-new/2023/04/aws-waf-web-acl-capacity-units-limits/
 */
export const WEB_ACL_CAPACITY = { basicPriceCovers: 1500, maximum: 5000, additionalFeeStep: 500 } as const;

/**
 * The headers redacted from WAF logs: bearer tokens and session cookies must not reach a log group.
 * WAF takes header names in lower case.
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_LoggingConfiguration.html (RedactedFields: SingleHeader)
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webaclloggingconfiguration/ (singleHeader.name "must be provided in lowercase")
 */
export const REDACTED_LOG_HEADERS = ["authorization", "cookie"] as const;

/**
 * The prefix WAF requires of a logging destination's name.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_LoggingConfiguration.html
 */
export const WAF_LOG_NAME_PREFIX = "aws-waf-logs-";

/** The managed groups a web ACL gets without `managedRuleGroups`: the baseline the issue asks for. */
export const DEFAULT_MANAGED_RULE_GROUPS: readonly AwsManagedRuleGroupName[] = [
    AwsManagedRuleGroupName.CommonRuleSet,
    AwsManagedRuleGroupName.KnownBadInputsRuleSet,
    AwsManagedRuleGroupName.AmazonIpReputationList,
];

/** Requests per client IP and window without `rateLimit` (the reason is on the setting). */
export const DEFAULT_RATE_LIMIT = 2000;
/** AWS's own default window, 5 minutes. */
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS: RateLimitWindowSeconds = RateLimitWindowSeconds.FiveMinutes;
/** Days WAF log events are kept without `logging.retentionDays`. */
export const DEFAULT_WAF_LOG_RETENTION_DAYS: LogRetentionDays = LogRetentionDays.Days30;

/** The name of the rate-based rule in the web ACL. */
export const RATE_BASED_RULE_NAME = "RateLimitPerClientIp";

/** What kind of rule a web ACL rule is. */
export const WebAclRuleKind = {
    /** An AWS managed rule group. */
    Managed: "managed",
    /** The rate-based rule per client IP. */
    RateBased: "rate-based",
} as const;
/** One of `WebAclRuleKind`. */
export type WebAclRuleKind = (typeof WebAclRuleKind)[keyof typeof WebAclRuleKind];

/** One rule of the web ACL as the offline plan and reports list it. */
export interface WebAclRuleDescription {
    /** The rule's name in the web ACL (a managed group's rule is named after the group). */
    readonly name: string;
    /** Evaluation order, lowest first. */
    readonly priority: number;
    /** Managed rule group or rate-based rule. */
    readonly kind: WebAclRuleKind;
    /** `block`: the rule (or group) acts; `count`: it only counts. */
    readonly action: WebAclMode;
    /** Web ACL capacity units the rule takes. */
    readonly capacityUnits: number;
    /** Managed groups: the rules that only count while the group blocks. */
    readonly countRules?: ManagedRuleName[];
    /** Rate-based rule: requests per client IP and window. */
    readonly rateLimit?: number;
    /** Rate-based rule: the window, in seconds. */
    readonly rateLimitWindowSeconds?: RateLimitWindowSeconds;
}

/** Arguments of `EdgeWebAcl`: its settings, and what the program around it decides. */
export interface EdgeWebAclArgs extends EdgeWebAclSettings {
    /** Tags on the web ACL and the log group. @default {} */
    readonly tags?: Record<string, string>;
    /**
     * Your own AWS providers, by region: the web ACL (CLOUDFRONT scope) and its logging live in us-east-1
     * (`{ "us-east-1": provider }`). Without one, they go through the component's own explicit provider
     * (`opts.provider`/`opts.providers`, or its parent's) with a `region: "us-east-1"` argument; without
     * that either, through a provider the component creates, `${name}-us-east-1`, with every `aws:*`
     * setting of the stack and only the region changed.
     * @default as described: your explicit provider with a region argument, else one with the stack's settings
     * @example { "us-east-1": new aws.Provider("edge", { region: "us-east-1", assumeRoles: [{ roleArn }] }) }
     */
    readonly providers?: ProvidersByRegion;
    /**
     * A us-east-1 provider to share.
     * @deprecated the older spelling of `providers: { "us-east-1": provider }`; both may be given only when they are the same provider
     * @default see `EdgeWebAclArgs.providers`
     */
    readonly usEast1Provider?: aws.Provider;
}

/** The web ACL's rules, in evaluation order: the rate-based rule first, then the managed groups as listed. */
export function describeWebAclRules(settings: EdgeWebAclSettings): WebAclRuleDescription[] {
    const action = settings.mode ?? WebAclMode.Block;
    const rate: WebAclRuleDescription = {
        name: RATE_BASED_RULE_NAME,
        // First: a flood from one address is stopped before the costlier managed groups inspect it.
        priority: 0,
        kind: WebAclRuleKind.RateBased,
        action,
        capacityUnits: RATE_BASED_RULE_CAPACITY,
        rateLimit: settings.rateLimit ?? DEFAULT_RATE_LIMIT,
        rateLimitWindowSeconds: settings.rateLimitWindowSeconds ?? DEFAULT_RATE_LIMIT_WINDOW_SECONDS,
    };
    const groups = settings.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS;
    const managed = groups.map(
        (group, i): WebAclRuleDescription => ({
            name: group,
            priority: i + 1,
            kind: WebAclRuleKind.Managed,
            action,
            capacityUnits: MANAGED_RULE_GROUP_CAPACITY[group],
            countRules: (settings.countRules ?? []).filter((o) => o.ruleGroup === group).map((o) => o.ruleName),
        }),
    );
    return [rate, ...managed];
}

/** The WCU of a web ACL with these rules. */
export function capacityOf(rules: readonly WebAclRuleDescription[]): number {
    return rules.reduce((sum, rule) => sum + rule.capacityUnits, 0);
}

/**
 * An issue at `path` when `rules` need more WCU than the basic web ACL price covers (1,500): AWS would
 * accept up to 5,000, but charge for it per request, which a stack should choose knowingly, not by adding a
 * group. Over 5,000 AWS refuses the web ACL.
 */
export function capacityIssues(rules: readonly WebAclRuleDescription[], path: string): Issue[] {
    const total = capacityOf(rules);
    if (total <= WEB_ACL_CAPACITY.basicPriceCovers) return [];
    const breakdown = rules.map((r) => `${r.name} ${r.capacityUnits}`).join(", ");
    const beyond =
        total > WEB_ACL_CAPACITY.maximum
            ? `above the ${WEB_ACL_CAPACITY.maximum} WCU AWS allows a web ACL`
            : `above the ${WEB_ACL_CAPACITY.basicPriceCovers} WCU the basic web ACL price covers (AWS charges an extra fee per million requests for every ${WEB_ACL_CAPACITY.additionalFeeStep} WCU beyond)`;
    return [{ path, value: rules.filter((r) => r.kind === WebAclRuleKind.Managed).map((r) => r.name), problem: `needs ${total} WCU (${breakdown}), ${beyond}; drop a rule group` }];
}

/**
 * Checks the arguments of an `EdgeWebAcl` and returns every problem found: the settings against
 * their schema (types, allowed values, ranges, unknown keys with the closest known one), then the rules the
 * schema cannot express (count overrides only of chosen groups and each once, the web ACL's capacity), and
 * the providers. Each path starts with `prefix` (a config section, or `""`). Values not known yet are skipped.
 */
export function validateEdgeWebAclArgs(args: EdgeWebAclArgs, prefix = ""): Issue[] {
    const { tags, providers, usEast1Provider, ...settings } = args;
    const at = (path: string): string => (prefix === "" ? path : `${prefix}.${path}`);
    const issues = settingsIssues("EdgeWebAclSettings", settings, prefix);
    const flagged = new Set(issues.map((i) => i.path));
    const groupsPath = at("managedRuleGroups");
    const groups = Array.isArray(args.managedRuleGroups) ? args.managedRuleGroups : DEFAULT_MANAGED_RULE_GROUPS;
    const groupsValid = !flagged.has(groupsPath) && !groups.some((_, i) => flagged.has(`${groupsPath}[${i}]`));

    const overrides = Array.isArray(args.countRules) ? args.countRules : [];
    overrides.forEach((override, i) => {
        if (!isPlainObject(override)) return;
        const path = at(`countRules[${i}]`);
        const first = overrides.findIndex((o) => isPlainObject(o) && o.ruleGroup === override.ruleGroup && o.ruleName === override.ruleName);
        if (first !== i) {
            issues.push({ path, value: override, problem: `repeats countRules[${first}]` });
        } else if (groupsValid && typeof override.ruleGroup === "string" && !flagged.has(`${path}.ruleGroup`) && !groups.includes(override.ruleGroup)) {
            issues.push({ path: `${path}.ruleGroup`, value: override.ruleGroup, problem: `is not one of the web ACL's managedRuleGroups (${groups.join(" | ")})` });
        }
    });

    // The capacity, once the groups are known to be valid (an unknown group has no documented WCU).
    if (groupsValid) issues.push(...capacityIssues(describeWebAclRules({ managedRuleGroups: [...groups] }), groupsPath));

    // What the program decides (not settings, so not under `prefix`).
    const own: Issue[] = [];
    validateProvidersByRegion(providers, own);
    validateUsEast1Provider(usEast1Provider, providers, own);
    if (tags !== undefined && !isPlainObject(tags)) own.push({ path: "tags", value: tags, problem: "is not a map of tag names to values" });
    return [...issues, ...own];
}

/**
 * A CloudWatch metric name for the web ACL or one of its rules: letters, digits, `-` and `_` only (other
 * characters of the component's name become `-`), at most 128 characters, never a name WAF reserves.
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_VisibilityConfig.html
 */
export function metricNameOf(resourceName: string, rule?: string): string {
    const base = resourceName.replace(/[^A-Za-z0-9_-]/g, "-");
    const name = rule === undefined ? base : `${base}-${rule}`;
    // "All" and "Default_Action" are reserved; a name can only equal them without a rule suffix.
    const safe = name === "All" || name === "Default_Action" ? `web-acl-${name}` : name;
    return safe.slice(0, 128);
}

/** What an `EdgeWebAcl` keeps for its own code. */
interface EdgeWebAclState {
    readonly resourceName: string;
    readonly tags: Record<string, string>;
    readonly regional: RegionalProviders;
}
const aclState = new ComponentState<EdgeWebAcl, EdgeWebAclState>();

/**
 * A WAF web ACL of CLOUDFRONT scope, in us-east-1 with the caller's account settings: a rate-based rule
 * per client IP, then AWS managed rule groups (the core rule set, known bad inputs and the Amazon IP
 * reputation list by default), all in `block` or, for a first rollout, `count` mode; requests no rule
 * blocks are allowed. Optional logging to a CloudWatch Logs group (`aws-waf-logs-…`) with the
 * `authorization` and `cookie` headers redacted. Hand its `webAclArn` to a front's `webAclArn`.
 *
 * @example
 * const acl = new EdgeWebAcl("waf", { mode: "count", rateLimit: 1000, logging: {} });
 * const front = new LegacyTlsFront("front", { origin: content, mode: "signed", webAclArn: acl.webAclArn });
 */
export class EdgeWebAcl extends pulumi.ComponentResource {
    /** ARN of the web ACL (`arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID`): what a front's `webAclArn` takes. */
    public readonly webAclArn: pulumi.Output<string>;
    /** Name of the web ACL. */
    public readonly webAclName: pulumi.Output<string>;
    /** Name of the WAF log group in us-east-1; `undefined` without `logging`. */
    public readonly logGroupName: pulumi.Output<string | undefined>;
    /** The mode every rule follows. */
    public readonly mode: WebAclMode;
    /** The rules in evaluation order, with their actions and capacity, for plans and reports. */
    public readonly rules: WebAclRuleDescription[];
    /** Web ACL capacity units the rules take (at most 1,500, what the basic price covers). */
    public readonly capacityUnits: number;

    private get resourceName(): string {
        return aclState.of(this).resourceName;
    }
    private get tags(): Record<string, string> {
        return aclState.of(this).tags;
    }
    /** Where the us-east-1 children go: one provider at most. */
    private get regional(): RegionalProviders {
        return aclState.of(this).regional;
    }

    constructor(name: string, args: EdgeWebAclArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad arguments leave no half-made component behind.
        throwIfIssues(`EdgeWebAcl "${name}"`, validateEdgeWebAclArgs(args));
        super(componentType("EdgeWebAcl"), name, {}, opts);
        const given = { ...(args.providers ?? {}), ...(args.usEast1Provider ? { [CLOUDFRONT_CONTROL_REGION]: args.usEast1Provider } : {}) };
        aclState.init(this, { resourceName: name, tags: args.tags ?? {}, regional: new RegionalProviders(name, this, given) });

        this.mode = args.mode ?? WebAclMode.Block;
        this.rules = describeWebAclRules(args);
        this.capacityUnits = capacityOf(this.rules);
        const acl = this.createWebAcl(args);
        const logGroup = args.logging ? this.logTo(acl, args.logging) : undefined;

        this.webAclArn = acl.arn;
        this.webAclName = acl.name;
        this.logGroupName = logGroup ? logGroup.name : pulumi.output(undefined);
        this.registerOutputs({
            webAclArn: this.webAclArn,
            webAclName: this.webAclName,
            logGroupName: this.logGroupName,
            mode: this.mode,
            rules: this.rules,
            capacityUnits: this.capacityUnits,
        });
    }

    // The web ACL in us-east-1 (CLOUDFRONT scope requires it), allowing what no rule blocks.
    // https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works.html (CloudFront: use US East (N. Virginia))
    private createWebAcl(args: EdgeWebAclArgs): aws.wafv2.WebAcl {
        const { provider, region } = this.regional.placement(CLOUDFRONT_CONTROL_REGION);
        const visibility = (metricName: string) => ({
            cloudwatchMetricsEnabled: args.cloudWatchMetrics ?? true,
            sampledRequestsEnabled: args.sampledRequests ?? true,
            metricName,
        });
        const counting = this.mode === WebAclMode.Count;
        const rules = this.rules.map((rule): aws.types.input.wafv2.WebAclRule => {
            const common = { name: rule.name, priority: rule.priority, visibilityConfig: visibility(metricNameOf(this.resourceName, rule.name)) };
            if (rule.kind === WebAclRuleKind.RateBased) {
                return {
                    ...common,
                    action: counting ? { count: {} } : { block: {} },
                    statement: { rateBasedStatement: { limit: rule.rateLimit!, evaluationWindowSec: rule.rateLimitWindowSeconds, aggregateKeyType: "IP" } },
                };
            }
            const overrides = rule.countRules ?? [];
            return {
                ...common,
                // `none` keeps the group's own rule actions; `count` turns every rule of the group to count.
                overrideAction: counting ? { count: {} } : { none: {} },
                statement: {
                    managedRuleGroupStatement: {
                        vendorName: AWS_MANAGED_RULES_VENDOR,
                        name: rule.name,
                        ...(overrides.length > 0 ? { ruleActionOverrides: overrides.map((ruleName) => ({ name: ruleName, actionToUse: { count: {} } })) } : {}),
                    },
                },
            };
        });
        return new aws.wafv2.WebAcl(
            `${this.resourceName}-web-acl`,
            {
                scope: "CLOUDFRONT",
                // Fixed words only: the component's name may hold characters a description does not allow.
                description: `Rate limit per client IP and AWS managed rules, ${this.mode} mode`,
                defaultAction: { allow: {} },
                rules,
                visibilityConfig: visibility(metricNameOf(this.resourceName)),
                tags: this.tags,
                region,
            },
            { parent: this, provider },
        );
    }

    // WAF logs of a CLOUDFRONT web ACL go to a log group in us-east-1 whose name starts with aws-waf-logs-;
    // WAF adds the log group's resource policy itself when the logging configuration is put.
    // https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
    // https://docs.aws.amazon.com/waf/latest/APIReference/API_LoggingConfiguration.html
    private logTo(acl: aws.wafv2.WebAcl, logging: EdgeWebAclLogging): aws.cloudwatch.LogGroup {
        const { provider, region } = this.regional.placement(CLOUDFRONT_CONTROL_REGION);
        const placed = { parent: this as pulumi.Resource, provider };
        const logGroup = new aws.cloudwatch.LogGroup(
            `${this.resourceName}-logs`,
            {
                // A prefix and a random suffix when no name is given: two stacks of one account share us-east-1.
                ...(logging.logGroupName ? { name: logging.logGroupName } : { namePrefix: `${WAF_LOG_NAME_PREFIX}${this.resourceName}-` }),
                retentionInDays: logging.retentionDays ?? DEFAULT_WAF_LOG_RETENTION_DAYS,
                tags: this.tags,
                region,
            },
            placed,
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            `${this.resourceName}-logging`,
            {
                resourceArn: acl.arn,
                // The provider's LogGroup.arn drops the ":*" the Logs API appends, the form WAF takes
                // (an ARN with it fails as "The ARN isn't valid").
                // https://github.com/pulumi/pulumi-aws/issues/1214
                logDestinationConfigs: [logGroup.arn],
                redactedFields: REDACTED_LOG_HEADERS.map((header) => ({ singleHeader: { name: header } })),
                region,
            },
            placed,
        );
        return logGroup;
    }
}

/**
 * The settings of an EdgeWebAcl, declared once: the TypeScript types and their TSDoc are the source of the
 * settings schema (`npm run generate`), a stack file's section, the config reference and the schema other
 * languages see. Plain declarations only: nothing here creates resources.
 *
 * The web ACL is of CLOUDFRONT scope (a front's `webAclArn` takes it): AWS managed rule groups and one
 * rate-based rule per client IP, all settable, with a `count` mode for a first rollout and optional logging.
 * Facts checked 2026-12-06 against the pages cited next to each.
 */
import { LogRetentionDays } from "./cognito-edge-auth";

/**
 * What the web ACL's rules do with a request they match.
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_RuleActionOverride.html (override to count, watch the count metrics, then block)
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html (a rule in count mode reports `CountedRequests`)
 */
export const WebAclMode = {
    /** Matching requests are blocked (the managed rules' own actions apply; the rate rule blocks). */
    Block: "block",
    /**
     * Every rule only counts: managed rule groups get the override action `count`, the rate rule the
     * action `count`. Nothing is blocked; the metrics, sampled requests and logs show what would be. For
     * a first rollout.
     */
    Count: "count",
} as const;
/** One of `WebAclMode`. */
export type WebAclMode = (typeof WebAclMode)[keyof typeof WebAclMode];

/**
 * AWS managed rule groups the web ACL offers (vendor `AWS`), none of which carries a fee of its own beyond
 * a rule's: AWS charges extra only for Bot Control, account takeover prevention and account creation
 * fraud prevention, which are not offered here.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html (CommonRuleSet 700 WCU, KnownBadInputsRuleSet 200 WCU)
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html (AmazonIpReputationList 25 WCU)
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-use-case.html (SQLiRuleSet 200 WCU)
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_ManagedRuleGroupStatement.html (the groups with additional fees)
 */
export const AwsManagedRuleGroupName = {
    /**
     * Core rule set (CRS): rules for common web exploits (OWASP Top 10). Its `SizeRestrictions_BODY`
     * blocks request bodies over 8 KB, i.e. uploads: list it in `countRules` when the front takes uploads.
     */
    CommonRuleSet: "AWSManagedRulesCommonRuleSet",
    /** Known bad inputs: request patterns known to be invalid or to exploit vulnerabilities (e.g. Log4j). */
    KnownBadInputsRuleSet: "AWSManagedRulesKnownBadInputsRuleSet",
    /** Amazon IP reputation list: source addresses Amazon's threat intelligence links to bots and attacks. */
    AmazonIpReputationList: "AWSManagedRulesAmazonIpReputationList",
    /** SQL database: SQL injection patterns. Only useful in front of something that talks to SQL. */
    SQLiRuleSet: "AWSManagedRulesSQLiRuleSet",
} as const;
/** One of `AwsManagedRuleGroupName`. */
export type AwsManagedRuleGroupName = (typeof AwsManagedRuleGroupName)[keyof typeof AwsManagedRuleGroupName];

/**
 * How far back the rate-based rule counts each client IP's requests, in seconds: the only values AWS WAF
 * accepts.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
 */
export const RateLimitWindowSeconds = {
    OneMinute: 60,
    TwoMinutes: 120,
    FiveMinutes: 300,
    TenMinutes: 600,
} as const;
/** One of `RateLimitWindowSeconds`. */
export type RateLimitWindowSeconds = (typeof RateLimitWindowSeconds)[keyof typeof RateLimitWindowSeconds];

/**
 * A rule inside a managed rule group, as AWS names it (1 to 128 letters, digits, `_` or `-`), case-sensitive.
 * AWS WAF silently ignores an override of a rule name a managed group does not have, so check the
 * spelling against the group's page.
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_RuleActionOverride.html
 * @pattern ^[\w-]{1,128}$
 * @patternDescription a rule name of a managed rule group (1 to 128 letters, digits, _ or -), e.g. "SizeRestrictions_BODY"
 * @example "SizeRestrictions_BODY"
 */
export type ManagedRuleName = string;

/**
 * One rule of a managed rule group that only counts (a rule action override `count`) while the rest of the
 * group keeps its actions: the way to let through what one rule wrongly blocks without giving up the group.
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_RuleActionOverride.html
 */
export interface ManagedRuleCountOverride {
    /** The group the rule belongs to; must be one of `managedRuleGroups`. */
    readonly ruleGroup: AwsManagedRuleGroupName;
    /** The rule's name within the group. */
    readonly ruleName: ManagedRuleName;
}

/**
 * A CloudWatch Logs log group name WAF accepts as a logging destination: it must start with
 * `aws-waf-logs-`; the rest is what CloudWatch Logs allows (up to 512 characters in all).
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 * @pattern ^aws-waf-logs-[.\-_/#A-Za-z0-9]{1,499}$
 * @patternDescription a log group name starting with "aws-waf-logs-" (then 1 to 499 letters, digits, . - _ / #)
 * @example "aws-waf-logs-media-prod"
 */
export type WafLogGroupName = string;

/**
 * WAF logging of every request the web ACL inspects to a CloudWatch Logs log group in us-east-1, with the
 * `authorization` and `cookie` headers redacted so tokens and session cookies never reach the logs. Present
 * (`{}` for the defaults): the log group and the logging configuration are created; absent: no logging.
 */
export interface EdgeWebAclLogging {
    /**
     * Name of the log group the component creates.
     * @default "aws-waf-logs-<name>-" plus a random suffix (unique per stack)
     */
    readonly logGroupName?: WafLogGroupName;
    /**
     * Days CloudWatch Logs keeps the log events.
     * @default 30
     */
    readonly retentionDays?: LogRetentionDays;
}

/**
 * The settings of an `EdgeWebAcl`: what a stack file's section (or a program in any language) sets. A
 * web ACL of CLOUDFRONT scope with AWS managed rule groups and a rate-based rule per client IP.
 */
export interface EdgeWebAclSettings {
    /**
     * `block`, or `count` for a first rollout: every rule only counts (managed groups with the override
     * action `count`, the rate rule with the action `count`), so nothing is blocked while the metrics and
     * logs show what would be. Switch to `block` once they show no legitimate traffic matching.
     * @default "block"
     */
    readonly mode?: WebAclMode;
    /**
     * The AWS managed rule groups, evaluated in this order after the rate-based rule, each once.
     * @minItems 0
     * @maxItems 4
     * @uniqueItems true
     * @default ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]
     * @example ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet"]
     */
    readonly managedRuleGroups?: AwsManagedRuleGroupName[];
    /**
     * Rules of the chosen managed groups that only count while their group blocks, each listed once. The
     * common rule set's `SizeRestrictions_BODY` blocks request bodies over 8 KB: list it when the front
     * takes uploads (e.g. a PUT through a presigned mode).
     * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
     * @default [] (every rule keeps its group's action)
     * @example [{ ruleGroup: "AWSManagedRulesCommonRuleSet", ruleName: "SizeRestrictions_BODY" }]
     */
    readonly countRules?: ManagedRuleCountOverride[];
    /**
     * Requests one client IP may send within `rateLimitWindowSeconds` before the rate-based rule acts on
     * its further requests: from 10 (AWS's lowest since it lowered the minimum from 100) up to 2,000,000,000.
     * The default, 2,000 per 5 minutes (about 7 a second, held for 5 minutes), stops a flood from one
     * address long before it becomes a bill, and leaves room for the many viewers one address can stand
     * for (corporate proxies, carrier-grade NAT), which old clients often sit behind. AWS applies the limit
     * near the value, not exactly, and checks the rate about every 10 seconds, so a burst just over it may pass.
     * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
     * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html
     * @asType integer
     * @minimum 10
     * @maximum 2000000000
     * @default 2000
     */
    readonly rateLimit?: number;
    /**
     * The window the rate-based rule counts over: 60, 120, 300 or 600 seconds.
     * @default 300
     */
    readonly rateLimitWindowSeconds?: RateLimitWindowSeconds;
    /**
     * Send each rule's and the web ACL's metrics (matched, blocked, counted, allowed requests) to
     * CloudWatch, namespace `AWS/WAFV2`, in us-east-1.
     * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html
     * @default true
     */
    readonly cloudWatchMetrics?: boolean;
    /**
     * Let AWS WAF keep a sample of the requests each rule matches, viewable in the console. Log redaction does not apply to samples: they show the `authorization` and `cookie`
     * headers to anyone allowed `wafv2:GetSampledRequests`. Turn it off where that is too wide.
     * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_LoggingConfiguration.html (RedactedFields: no impact on request sampling)
     * @default true
     */
    readonly sampledRequests?: boolean;
    /**
     * WAF logging to a CloudWatch Logs log group in us-east-1, `authorization` and `cookie` headers
     * redacted. Set it to turn logging on: `{}` for the defaults. CloudWatch Logs bills ingestion and
     * storage of every inspected request's record.
     * @default off
     * @example { retentionDays: 90 }
     */
    readonly logging?: EdgeWebAclLogging;
}

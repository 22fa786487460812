/**
 * Typed stack configuration: the only module that reads `pulumi.Config`.
 *
 * A stack file's sections are the components' settings, as `components/settings/` declares them:
 * `bucket` is a `PrivateOriginBucketSettings`, `front` a `LegacyTlsFrontSettings`, and so on
 * ({@link SECTIONS}). Nothing is mapped or renamed: each section is checked by its component's own
 * validator (the settings schema, then the component's rules) with the section's name as the path, and
 * the program hands the section to the component as it is. On top come the few rules that span the
 * stack: the environment and what prod protects, who may read and write, the tags, the namespaces.
 *
 * `parseStackConfig` is pure: it takes the raw values of `Pulumi.<stack>.yaml` and returns the typed
 * config or every problem at once, each naming the key, the bad value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import { LEGACY_TLS_TAG, Partition, partitionOfRegion } from "../components/cloudfront-facts";
import { CognitoEdgeAuthArgs, validateCognitoEdgeAuthArgs } from "../components/cognito-edge-auth";
import { EdgeWebAclArgs, validateEdgeWebAclArgs } from "../components/edge-web-acl";
import { FrontMode } from "../components/front-modes";
import { FrontMonitoringArgs, validateFrontMonitoringSettings } from "../components/front-monitoring";
import { LegacyTlsFrontArgs, validateLegacyTlsFrontArgs } from "../components/legacy-tls-front";
import { PrivateOriginBucketArgs, validatePrivateOriginBucketArgs } from "../components/private-origin-bucket";
import { RegionalApiFailoverArgs, validateRegionalApiFailoverArgs } from "../components/regional-api-failover";
import { CognitoEdgeAuthSettings } from "../components/settings/cognito-edge-auth";
import { EdgeWebAclSettings } from "../components/settings/edge-web-acl";
import { FrontMonitoringSettings } from "../components/settings/front-monitoring";
import { LegacyTlsFrontSettings } from "../components/settings/legacy-tls-front";
import { PrivateOriginBucketSettings } from "../components/settings/private-origin-bucket";
import { RegionalApiFailoverSettings } from "../components/settings/regional-api-failover";
import { SignedContentKeysSettings } from "../components/settings/signed-content-keys";
import { TlsAuditSettings } from "../components/settings/tls-audit";
import settingsSchema from "../components/generated/settings.schema.json";
import type { SettingsType } from "../components/settings-types";
import { SignedContentKeysArgs, validateSignedContentKeysArgs } from "../components/signed-content-keys";
import { TlsAuditArgs, validateTlsAuditArgs } from "../components/tls-audit";
import {
    Issue,
    TAG_RULES,
    ValidationError,
    checkAwsRegion,
    checkKnownKeys,
    checkOneOf,
    checkTag,
    closestMatch,
    didYouMean,
    isPlainObject,
} from "../components/validation";
import { ViewerTls, resolveViewerTls } from "../components/viewer-tls";

/** Kinds of environment; `prod` turns on data protection and forbids destroying data. */
export const Environment = { Dev: "dev", Test: "test", Staging: "staging", Prod: "prod" } as const;
/** A kind of environment. */
export type Environment = (typeof Environment)[keyof typeof Environment];
/** Every environment, for messages. */
export const ENVIRONMENTS: readonly Environment[] = Object.values(Environment);

/** One section of a stack file: the settings it is, and what its presence means. */
interface SectionSpec {
    /** The settings interface the section is (its schema). */
    readonly settings: SettingsType;
    /** What the section does; absent sections turn their feature off unless `required`. */
    readonly intro: string;
    /** Whether every stack has the section. */
    readonly required: boolean;
}

/**
 * The sections of `Pulumi.<stack>.yaml` under the project namespace, each one component's settings.
 * The config reference (`npm run generate`, docs/config-reference.md) is written from this table and the
 * settings schema.
 */
export const SECTIONS = {
    bucket: {
        settings: "PrivateOriginBucketSettings",
        required: false,
        intro: "The private origin bucket (`PrivateOriginBucket`). Optional: without it the stack creates a bucket with the defaults.",
    },
    front: {
        settings: "LegacyTlsFrontSettings",
        required: true,
        intro: "The CloudFront distribution (`LegacyTlsFront`): how requests reach S3 (`mode`), the custom domain and its certificate, the viewer TLS settings or the clients that choose them.",
    },
    auth: {
        settings: "CognitoEdgeAuthSettings",
        required: false,
        intro: "Viewers need a valid Amazon Cognito token, checked at the edge (`CognitoEdgeAuth`). Absent: no viewer authentication.",
    },
    signing: {
        settings: "SignedContentKeysSettings",
        required: false,
        intro: "Paths that also need a CloudFront signed URL or signed cookies (`SignedContentKeys`); only with `front.mode: signed`. Absent: no signed paths.",
    },
    api: {
        settings: "RegionalApiFailoverSettings",
        required: false,
        intro: "The content service's API in several regions behind one name (`RegionalApiFailover`). Absent: no API.",
    },
    audit: {
        settings: "TlsAuditSettings",
        required: false,
        intro: "Who still uses TLS 1.0/1.1 (`TlsAudit`): the front's logs with an Athena query, CloudTrail queries. Absent: no audit resources.",
    },
    waf: {
        settings: "EdgeWebAclSettings",
        required: false,
        intro: "A web ACL the stack creates for the front (`EdgeWebAcl`, AWS WAF in us-east-1): AWS managed rule groups and a rate limit per client IP. Not with `front.webAclArn`. Absent: no web ACL.",
    },
    monitoring: {
        settings: "FrontMonitoringSettings",
        required: false,
        intro: "Alarms and a dashboard for the front and its edge function (`FrontMonitoring`, CloudWatch in us-east-1). Absent: the defaults; `enabled: false` turns it off.",
    },
} as const satisfies Record<string, SectionSpec>;

/** A section of {@link SECTIONS}. */
export type SectionName = keyof typeof SECTIONS;

/**
 * The keys of the project namespace that are not sections: the stack's own settings. A typo in one of
 * them is caught like any unknown key.
 */
export const STACK_KEYS = {
    environment: "`dev` | `test` | `staging` | `prod`; prod protects data and refuses settings that would lose or expose it. Default: the stack name when it is one of these; required otherwise.",
    publicContent: "boolean: the content is meant for anyone. A prod stack in mode `signed` without viewer authentication (`auth`, or every path signed) needs it. Default: false.",
    tags: "map of tag names to string values, on every taggable resource; `project`, `stack` and `environment` are added by the stack.",
} as const;

/** Keys of earlier versions, with where their setting lives now (the message for each). */
export const MOVED_KEYS: Readonly<Record<string, string>> = {
    content: "moved: its keys are now front.mode, front.uploads and front.listBucket, and content.public is publicContent",
    "bucket.accessLogBucket": "moved: write bucket.accessLogging: { targetBucket: NAME }",
    "front.accessLogBucket": "moved: write front.accessLogging: { bucketDomainName: NAME } (legacy logging), or use audit.frontLogs",
    "auth.existingUserPoolId": "moved: write auth.existingUserPool: { userPoolId: ID }",
    "auth.selfSignUp": "moved: write auth.userPool: { selfSignUp: true }",
    "auth.callbackUrls": "moved: write auth.appClient: { callbackUrls: [...] }",
};

/** The whole typed config of a stack. */
export interface StackConfig {
    /** Project name from Pulumi.yaml (the config namespace). */
    readonly project: string;
    /** Stack name. */
    readonly stack: string;
    /** `aws:region`, where the bucket lives. */
    readonly region: string;
    /** Derived from the region: `aws-cn` for `cn-*`, else `aws`. */
    readonly partition: Partition;
    /** `prod` protects data and forbids destroying it. */
    readonly environment: Environment;
    /** The content is declared public (see {@link STACK_KEYS}). */
    readonly publicContent: boolean;
    /** The `bucket` section. */
    readonly bucket: PrivateOriginBucketSettings;
    /** The `front` section. */
    readonly front: LegacyTlsFrontSettings;
    /** The `auth` section; absent: no viewer authentication. */
    readonly auth?: CognitoEdgeAuthSettings;
    /** The `signing` section; absent: no signed paths. */
    readonly signing?: SignedContentKeysSettings;
    /** The `api` section; absent: no regional API. */
    readonly api?: RegionalApiFailoverSettings;
    /** The `audit` section; absent: no TLS audit resources. */
    readonly audit?: TlsAuditSettings;
    /** The `waf` section; absent: no web ACL the stack creates. */
    readonly waf?: EdgeWebAclSettings;
    /** The `monitoring` section; absent: the monitoring's defaults. */
    readonly monitoring: FrontMonitoringSettings;
    /** Tags on every taggable resource (project, stack and environment included). */
    readonly tags: Record<string, string>;
}

/** Raw config as `Pulumi.<stack>.yaml` holds it: keys without the namespace, values already parsed. */
export interface RawStackConfig {
    /** Project name (the config namespace). */
    readonly project: string;
    /** Stack name; names an environment when it is dev, test, staging or prod. */
    readonly stack: string;
    /** `aws:region`. */
    readonly awsRegion: unknown;
    /** Values of the project namespace by key, e.g. `{ front: { mode: "signed" } }`. */
    readonly values: Readonly<Record<string, unknown>>;
    /** Keys of every other namespace (`aws:assumeRoles`, a mistyped `legacy-tls-frnt:auth`, …), full key to value. */
    readonly otherKeys?: Readonly<Record<string, unknown>>;
}

/** The error for an invalid stack config; `issues` lists every problem. */
export class ConfigError extends ValidationError {
    constructor(stack: string, issues: readonly Issue[]) {
        super(`stack config of "${stack}"`, issues);
        this.name = "ConfigError";
    }
}

/**
 * Namespaces the program reads besides the project's own: `aws` (the provider, `aws:region`), `pulumi`
 * (the engine's own settings, e.g. `pulumi:tags`) and `tls` (the provider of the signing key). Their keys
 * belong to them; a key in any other namespace reaches nothing, so it is an error.
 */
const PROVIDER_NAMESPACES = ["aws", "pulumi", "tls"] as const;

/**
 * Most alternate domain names (CNAMEs) per distribution (default quota, adjustable).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html ("Alternate domain names (CNAMEs) per distribution": 100)
 */
const MAX_ALTERNATE_DOMAIN_NAMES = 100;

// Tags every taggable resource gets from the stack, and at most one a component adds to a resource of
// its own (the front's legacy-tls marker, the health checks' Name).
const STACK_TAG_KEYS = ["project", "stack", "environment"] as const;
const COMPONENT_TAG_KEYS = [LEGACY_TLS_TAG, "Name"] as const;

const EMPTY_VALUE = "is empty (a YAML key with nothing after the colon, or whose lines below are all commented out)";

const TOP_LEVEL_KEYS = [...Object.keys(SECTIONS), ...Object.keys(STACK_KEYS)];

/** The problem of a {@link StackConfigInput} that is not an object: the keys it takes. */
export const NOT_A_CONFIG_INPUT = `is not an object with region, ${TOP_LEVEL_KEYS.join(", ")}`;

// An own-property check: `constructor` or `toString` are not sections because every object inherits them.
function isSectionName(key: string): key is SectionName {
    return Object.hasOwn(SECTIONS, key);
}

/**
 * A null anywhere is an error naming it: YAML makes one of a key with nothing after the colon, or whose
 * lines below are all commented out, and reading it as "absent" would silently drop what it held: a
 * whole section (`auth:` turning viewer authentication off) or a setting (`requiredGroups:` admitting
 * every user). Returns the issues it added: an empty value is reported once, as empty.
 */
function reportEmptyValues(values: Readonly<Record<string, unknown>>, issues: Issue[]): Issue[] {
    const before = issues.length;
    const walk = (value: unknown, path: string): void => {
        if (Array.isArray(value)) {
            value.forEach((item, i) => {
                if (item === null) issues.push({ path: `${path}[${i}]`, value: null, problem: "is empty (a list item with nothing after the dash); remove the item, or give it a value" });
                else walk(item, `${path}[${i}]`);
            });
        } else if (isPlainObject(value)) {
            for (const key of Object.keys(value)) {
                if (value[key] === null) issues.push({ path: `${path}.${key}`, value: null, problem: `${EMPTY_VALUE}; remove the key to use its default, or give it a value` });
                else walk(value[key], `${path}.${key}`);
            }
        }
    };
    for (const name of Object.keys(values).filter((k) => TOP_LEVEL_KEYS.includes(k))) {
        const value = values[name];
        if (value !== null) {
            walk(value, name);
            continue;
        }
        const drops = isSectionName(name) ? ", which would turn the whole section off" : "";
        issues.push({ path: name, value: null, problem: `${EMPTY_VALUE}${drops}; remove the key, or give it a value` });
    }
    return issues.slice(before);
}

/**
 * Keys of namespaces the program does not read are errors: a typo in the project's namespace
 * (`legacy-tls-frnt:auth`) would otherwise drop the whole section without a word.
 */
function reportUnreadNamespaces(raw: RawStackConfig, issues: Issue[]): void {
    const read = [raw.project, ...PROVIDER_NAMESPACES];
    for (const [fullKey, value] of Object.entries(raw.otherKeys ?? {})) {
        const [namespace, key] = splitKey(fullKey, raw.project);
        if (read.includes(namespace)) continue;
        const intended = closestMatch(namespace, read);
        const intendedKey = intended === raw.project && !TOP_LEVEL_KEYS.includes(key) ? (closestMatch(key, TOP_LEVEL_KEYS) ?? key) : key;
        issues.push({
            path: fullKey,
            value,
            problem:
                `is in namespace "${namespace}", which this program does not read${intended ? ` (did you mean ${intended}:${intendedKey}?)` : ""}; ` +
                `namespaces read: ${raw.project} (this project), ${PROVIDER_NAMESPACES.join(", ")}`,
        });
    }
}

/** Keys of earlier versions present in `values`, reported with where they went, and removed from the copy. */
function reportMovedKeys(values: Record<string, unknown>, issues: Issue[]): void {
    for (const [path, where] of Object.entries(MOVED_KEYS)) {
        const [section, key] = path.split(".");
        const owner = key === undefined ? values : values[section];
        const name = key ?? section;
        if (isPlainObject(owner) && Object.hasOwn(owner, name)) {
            issues.push({ path, value: owner[name], problem: `is a key of an earlier version; ${where}` });
            delete owner[name];
        }
    }
}

/** The environment: the `environment` key, or the stack's own name; `undefined` with an issue when neither says. */
function readEnvironment(raw: RawStackConfig, issues: Issue[]): Environment | undefined {
    const named = (ENVIRONMENTS as readonly string[]).includes(raw.stack) ? (raw.stack as Environment) : undefined;
    const value = raw.values.environment ?? named;
    if (value === undefined) {
        issues.push({
            path: "environment",
            value: undefined,
            problem: `is required for stack "${raw.stack}" (only stacks named ${ENVIRONMENTS.join(" | ")} imply it); allowed: ${ENVIRONMENTS.join(" | ")}`,
        });
        return undefined;
    }
    if (!checkOneOf("environment", value, ENVIRONMENTS, issues)) return undefined;
    if (named !== undefined && value !== named) {
        // A stack named after an environment is that environment: otherwise a stack called prod could
        // call itself dev and drop the protection of prod data.
        issues.push({ path: "environment", value, problem: `contradicts the stack name "${raw.stack}"; allowed: ${raw.stack} (or leave it out)` });
        return undefined;
    }
    return value;
}

/** `aws:region`; `undefined` with an issue when it is missing or not a region this package deploys to. */
function readRegion(raw: RawStackConfig, issues: Issue[]): string | undefined {
    const partitions = "allowed: commercial regions (aws) and cn-north-1 | cn-northwest-1 (aws-cn)";
    if (typeof raw.awsRegion === "string" && /^[a-z]{2}-(gov|iso[a-z]*)-[a-z]+-\d$/.test(raw.awsRegion)) {
        // GovCloud and ISO partitions have no CloudFront; failing here beats ARNs in the wrong partition.
        issues.push({ path: "aws:region", value: raw.awsRegion, problem: `is in a partition without CloudFront; ${partitions}` });
        return undefined;
    }
    if (typeof raw.awsRegion === "string" && /^eusc-[a-z]+-[a-z]+-\d$/.test(raw.awsRegion)) {
        issues.push({ path: "aws:region", value: raw.awsRegion, problem: `is in a partition this package does not deploy to (aws-eusc); ${partitions}` });
        return undefined;
    }
    return checkAwsRegion("aws:region", raw.awsRegion, issues) ? raw.awsRegion : undefined;
}

/**
 * What the stack decides for the components besides their sections: the partition and tags every
 * component gets, and the settings whose default depends on the environment (prod protects and retains
 * data; elsewhere a stack may be thrown away). Applied by both the validation and the program, so what
 * is checked is what is deployed.
 */
export function stackArgs(config: StackConfig): {
    bucket: PrivateOriginBucketArgs;
    front: Omit<LegacyTlsFrontArgs, "origin">;
    auth?: CognitoEdgeAuthArgs;
    signing?: SignedContentKeysArgs;
    api?: RegionalApiFailoverArgs;
    audit?: TlsAuditArgs;
    waf?: EdgeWebAclArgs;
    /** Without what only the deployed front knows (its distribution, edge function, health checks). */
    monitoring: Omit<FrontMonitoringArgs, "distributionId">;
} {
    const prod = config.environment === Environment.Prod;
    const { partition, tags } = config;
    const protect = config.bucket.protect ?? prod;
    const forceDestroy = config.bucket.forceDestroy ?? false;
    return {
        bucket: { ...config.bucket, protect, forceDestroy, partition, tags },
        front: { ...config.front, partition, tags },
        ...(config.auth
            ? {
                  auth: {
                      ...config.auth,
                      // A pool the stack creates in prod cannot be deleted by accident; in a pool it does not own,
                      // the stack creates no app client unless asked (the pool's owner manages its clients).
                      ...(config.auth.existingUserPool === undefined
                          ? { userPool: { deletionProtection: prod, ...config.auth.userPool } }
                          : { appClient: { create: false, ...config.auth.appClient } }),
                      frontMode: config.front.mode,
                      // The auth function rewrites /path/ after its check (no CloudFront Function may run beside it).
                      ...(config.front.directoryIndex !== undefined ? { directoryIndex: config.front.directoryIndex } : {}),
                      // With sign-in on a custom domain the sign-in client's URLs are known (and its ID baked
                      // into the function); without one the program creates the client after the front.
                      ...(config.auth.signIn !== undefined && (config.front.domainNames ?? []).length > 0 ? { frontDomainNames: [...config.front.domainNames!] } : {}),
                      partition,
                      tags,
                  },
              }
            : {}),
        ...(config.signing
            ? {
                  // Cut to CloudFront's 128 characters: a long project or stack name must not fail a key the user never named.
                  signing: { comment: `Signed URLs and cookies of ${config.project}/${config.stack}`.slice(0, 128), ...config.signing, tags },
              }
            : {}),
        ...(config.api ? { api: { ...config.api, tags } } : {}),
        // The audit's buckets follow the content bucket's protection.
        ...(config.audit ? { audit: { ...config.audit, partition, protect, forceDestroy, tags } } : {}),
        ...(config.waf ? { waf: { ...config.waf, tags } } : {}),
        monitoring: { ...config.monitoring, tags },
    };
}

/**
 * Arguments the stack derives rather than reads, by the section whose component gets them (as
 * {@link stackArgs} sets them): an issue a component reports on one of them names the config key it came
 * from, with that key's value (the region, not the partition derived from it). The audit's buckets
 * follow the bucket section's protection.
 */
const DERIVED_ARGUMENTS: Readonly<Partial<Record<SectionName, Readonly<Record<string, string>>>>> = {
    bucket: { partition: "aws:region" },
    front: { partition: "aws:region" },
    auth: { partition: "aws:region", frontMode: "front.mode", directoryIndex: "front.directoryIndex", frontDomainNames: "front.domainNames", signedContentKeys: "signing.pathPatterns" },
    audit: { partition: "aws:region", protect: "bucket.protect", forceDestroy: "bucket.forceDestroy" },
};

function namedForConfig(section: SectionName, issue: Issue, raw: RawStackConfig): Issue {
    // Some components put what the program decides outside their prefix (`forceDestroy`, not `audit.forceDestroy`).
    const inSection = issue.path.startsWith(`${section}.`) || issue.path.startsWith(`${section}[`);
    const argument = (inSection ? issue.path.slice(section.length + 1) : issue.path).split(/[.[]/)[0];
    const derived = DERIVED_ARGUMENTS[section] ?? {};
    if (!Object.hasOwn(derived, argument)) return issue;
    const path = derived[argument];
    return { ...issue, path, ...(path === "aws:region" ? { value: raw.awsRegion } : {}) };
}

/**
 * An issue about a value the stack chose rather than read names what the user wrote. The one such value a
 * component can refuse is `auth.appClient.create: false`, the stack's default with an existing pool
 * ({@link stackArgs}): the user wrote neither it nor `create`, so "remove create: false" would make no sense.
 */
function namedForStackDefault(config: StackConfig, issue: Issue): Issue {
    const auth = config.auth;
    const defaulted = auth?.existingUserPool !== undefined && (auth.appClient?.create === undefined || auth.appClient?.create === null);
    if (!defaulted || !(issue.path === "auth.appClient" || issue.path.startsWith("auth.appClient."))) return issue;
    const why = "with auth.existingUserPool the stack creates no app client in a pool it does not own unless auth.appClient.create is true";
    if (issue.path === "auth.appClient.create") {
        return { path: "auth.clientIds", value: auth!.clientIds ?? [], problem: `is required: ${why}; list the app client IDs whose tokens to accept` };
    }
    return /remove create: false/.test(issue.problem) ? { ...issue, problem: `applies only to an app client the stack creates, and ${why}; remove it, or set auth.appClient.create: true` } : issue;
}

/**
 * A section is its settings, exactly: a key the settings do not declare is unknown even when the
 * component takes an argument of that name, which the stack either sets itself (`partition`, `tags`,
 * the authenticator's `frontMode`, the audit's `protect`; {@link stackArgs} would overwrite it unseen)
 * or that only a program passes (`retainOnDelete`). Keys the component already reported are left to it.
 */
function reportKeysBeyondSettings(name: SectionName, section: Readonly<Record<string, unknown>>, issues: Issue[]): void {
    const definition = (settingsSchema.definitions as Record<string, { properties?: Record<string, unknown> }>)[SECTIONS[name].settings];
    const known = Object.keys(definition?.properties ?? {});
    for (const key of Object.keys(section)) {
        const path = `${name}.${key}`;
        const reported = issues.some((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
        if (known.includes(key) || reported) continue;
        issues.push({ path, value: section[key], problem: `is not a known key${didYouMean(key, known)}; known keys: ${known.join(", ")}` });
    }
}

/** Parses and validates raw stack config; returns the typed config or every issue. */
export function parseStackConfig(raw: RawStackConfig): { config: StackConfig; issues: [] } | { config?: undefined; issues: Issue[] } {
    const issues: Issue[] = [];
    // A copy the checks may prune (keys of earlier versions) without touching the caller's values.
    const values = structuredClone(raw.values) as Record<string, unknown>;

    reportMovedKeys(values, issues);
    checkKnownKeys("", values, TOP_LEVEL_KEYS, issues, raw.project);
    reportUnreadNamespaces(raw, issues);
    const empty = reportEmptyValues(values, issues);

    const region = readRegion(raw, issues);
    const environment = readEnvironment(raw, issues);
    const partition = partitionOfRegion(region ?? "us-east-1");

    const publicContent = values.publicContent ?? false;
    if (publicContent !== null && typeof publicContent !== "boolean") issues.push({ path: "publicContent", value: publicContent, problem: "is not a boolean (true | false)" });

    const sections: Partial<Record<SectionName, Record<string, unknown>>> = {};
    for (const name of Object.keys(SECTIONS) as SectionName[]) {
        const value = values[name];
        if (value === undefined || value === null) {
            if (SECTIONS[name].required && value === undefined) issues.push({ path: name, value: undefined, problem: `is required (${SECTIONS[name].intro})` });
            continue;
        }
        if (!isPlainObject(value)) {
            issues.push({ path: name, value, problem: "is not an object of settings (see docs/config-reference.md)" });
            continue;
        }
        sections[name] = value;
    }

    const tags = readTags(raw, values.tags, environment ?? Environment.Prod, sections.api !== undefined, issues);
    const config: StackConfig = {
        project: raw.project,
        stack: raw.stack,
        region: region ?? "us-east-1",
        partition,
        // Until the environment is known, data is treated as prod (protected).
        environment: environment ?? Environment.Prod,
        publicContent: publicContent === true,
        bucket: (sections.bucket ?? {}) as PrivateOriginBucketSettings,
        front: (sections.front ?? { mode: FrontMode.Signed }) as unknown as LegacyTlsFrontSettings,
        ...(sections.auth ? { auth: sections.auth as unknown as CognitoEdgeAuthSettings } : {}),
        ...(sections.signing ? { signing: sections.signing as unknown as SignedContentKeysSettings } : {}),
        ...(sections.api ? { api: sections.api as unknown as RegionalApiFailoverSettings } : {}),
        ...(sections.audit ? { audit: sections.audit as unknown as TlsAuditSettings } : {}),
        ...(sections.waf ? { waf: sections.waf as unknown as EdgeWebAclSettings } : {}),
        monitoring: (sections.monitoring ?? {}) as unknown as FrontMonitoringSettings,
        tags: { ...tags, project: raw.project, stack: raw.stack, environment: environment ?? Environment.Prod },
    };

    // Each section through its component's own validator, with the section as the path. A value the stack
    // hands to a second component (front.mode to the authenticator, the bucket's forceDestroy to the audit)
    // is reported once, by the section that declares it (validated first).
    const args = stackArgs(config);
    const knownRegion = region;
    const add = (section: SectionName, found: Issue[], rename: (i: Issue) => Issue = (i) => i): void => {
        for (const issue of found.map((i) => rename(namedForConfig(section, i, raw)))) {
            const borrowed = issue.path !== "aws:region" && !issue.path.startsWith(section);
            if (!(borrowed && issues.some((i) => i.path === issue.path))) issues.push(issue);
        }
    };
    add("bucket", validatePrivateOriginBucketArgs(args.bucket, knownRegion, "bucket"));
    if (sections.front) add("front", validateLegacyTlsFrontArgs(args.front as LegacyTlsFrontArgs, "front"));
    if (args.auth) add("auth", validateCognitoEdgeAuthArgs(withSignedPaths(args.auth, config), knownRegion, "auth"), (i) => namedForStackDefault(config, i));
    if (args.signing) add("signing", validateSignedContentKeysArgs(args.signing, "signing"));
    if (args.api) add("api", validateRegionalApiFailoverArgs(args.api, "api"));
    if (args.audit) add("audit", validateTlsAuditArgs(args.audit, "audit"));
    if (args.waf) add("waf", validateEdgeWebAclArgs(args.waf, "waf"));
    add("monitoring", validateFrontMonitoringSettings(config.monitoring, "monitoring"));
    for (const name of Object.keys(sections) as SectionName[]) reportKeysBeyondSettings(name, sections[name]!, issues);

    if (environment !== undefined) issues.push(...stackRules(raw, config, environment));

    // An empty value is reported once, as empty: not again by the schema ("null is not a list").
    const emptyPaths = new Set(empty.map((i) => i.path));
    const unique = dedupe(issues.filter((i) => empty.includes(i) || !emptyPaths.has(i.path)));
    return unique.length > 0 ? { issues: unique } : { config, issues: [] };
}

/**
 * The auth args as the validation sees them with the signing section's paths: the program hands the
 * authenticator the created keys (which exist only during deployment), and the sign-in flow's paths
 * must stay out of the signed ones.
 */
function withSignedPaths(auth: CognitoEdgeAuthArgs, config: StackConfig): CognitoEdgeAuthArgs {
    const patterns = config.signing?.pathPatterns;
    if (auth.signIn === undefined || !Array.isArray(patterns)) return auth;
    return { ...auth, signedContentKeys: { publicKeyId: "", secretArn: undefined, pathPatterns: patterns } };
}

/**
 * The cost mode across sections: signed cookies need the signing section, whose secret the function
 * reads the private key from (generated keys have one; brought keys need `existingPrivateKeySecretArn`).
 */
function signedCookieIssues(config: StackConfig): Issue[] {
    const { auth, signing } = config;
    if (auth?.signedCookies === undefined) return [];
    if (signing === undefined) {
        return [{ path: "auth.signedCookies", value: auth.signedCookies, problem: "needs a signing section: the cookies are signed with its keys and cover its pathPatterns" }];
    }
    const brought = signing.publicKeyPem !== undefined || (Array.isArray(signing.signingKeys) && signing.signingKeys.some((key) => key?.publicKeyPem !== undefined));
    if (brought && signing.existingPrivateKeySecretArn === undefined) {
        return [
            {
                path: "signing.existingPrivateKeySecretArn",
                value: undefined,
                problem: "is required with auth.signedCookies and your own keys: the edge function reads the private key from that secret",
            },
        ];
    }
    return [];
}

/** The rules that span sections or depend on the environment. */
function stackRules(raw: RawStackConfig, config: StackConfig, environment: Environment): Issue[] {
    const issues: Issue[] = [];
    const prod = environment === Environment.Prod;
    const { front, bucket, signing, audit } = config;
    if (prod && bucket.protect === false) {
        issues.push({ path: "bucket.protect", value: false, problem: "cannot be false when environment is prod (prod data is protected and retained)" });
    }
    if (prod && bucket.forceDestroy === true) {
        issues.push({ path: "bucket.forceDestroy", value: true, problem: "is not allowed when environment is prod (allowed: false)" });
    }
    // Origin access identities (aws-cn) cannot read SSE-KMS objects; only signed mode uses one.
    if (config.partition === Partition.AwsCn && front.mode === FrontMode.Signed && bucket.encryption === "sse-kms") {
        issues.push({
            path: "bucket.encryption",
            value: "sse-kms",
            problem: "cannot be read by CloudFront in aws-cn (origin access identities do not support SSE-KMS); allowed there: sse-s3",
        });
    }
    if (signing && isS3SignedMode(front.mode)) {
        issues.push({
            path: "signing",
            value: "(set)",
            problem: `only applies with front.mode "signed" (in "${front.mode}" S3 already checks the viewer's own SigV4 signature on every request)`,
        });
    }
    if (audit?.frontLogs !== undefined && front.accessLogging !== undefined) {
        issues.push({
            path: "audit.frontLogs",
            value: audit.frontLogs,
            problem: "cannot be combined with front.accessLogging: the audit makes the front log into its own bucket; set one of them",
        });
    }
    if (config.waf !== undefined && front.webAclArn !== undefined) {
        issues.push({
            path: "waf",
            value: "(set)",
            problem: "cannot be combined with front.webAclArn: a distribution has one web ACL; remove waf to keep yours, or remove front.webAclArn to use the stack's",
        });
    }
    if (Array.isArray(front.domainNames) && front.domainNames.length > MAX_ALTERNATE_DOMAIN_NAMES) {
        issues.push({
            path: "front.domainNames",
            value: front.domainNames,
            problem: `lists ${front.domainNames.length} names; allowed: at most ${MAX_ALTERNATE_DOMAIN_NAMES} alternate domain names per distribution (CloudFront's quota)`,
        });
    }
    issues.push(...viewerAuthenticationIssues(raw, config, prod));
    issues.push(...signedCookieIssues(config));
    return issues;
}

// Whether S3 checks the viewer's own signature on every request (modes unsigned and presigned). False for
// signed, and for a mode that is none of the modes: its own issue says so, and no rule guesses what it meant.
function isS3SignedMode(mode: unknown): boolean {
    return mode === FrontMode.Unsigned || mode === FrontMode.Presigned;
}

// Whether the front needs a CloudFront signature on every path: one pattern matching everything (the
// front then trusts the key group on its default behaviour).
function signsEveryPath(signing: SignedContentKeysSettings | undefined): boolean {
    return signing !== undefined && Array.isArray(signing.pathPatterns) && signing.pathPatterns.length === 1 && ["*", "/*"].includes(signing.pathPatterns[0]);
}

/**
 * Who may read and write, checked as a whole. In mode `signed` CloudFront signs every request to S3,
 * so the bucket serves whoever reaches the distribution unless viewers are authenticated at the edge:
 * by `auth` (a Cognito token on every behaviour) or by `signing` on every path (CloudFront signed URLs
 * or cookies, issued by the content service). In `unsigned` and `presigned` S3 checks each request's
 * own signature, so nothing is public. A `signing` section for some paths alone leaves the others open.
 *
 * - `publicContent: true` declares public content; it contradicts viewer authentication.
 * - prod: mode `signed` without viewer authentication needs that declaration;
 * - prod: uploads in mode `signed` need viewer authentication, declaration or not (anyone could write).
 */
function viewerAuthenticationIssues(raw: RawStackConfig, config: StackConfig, prod: boolean): Issue[] {
    const issues: Issue[] = [];
    const { front, auth, signing, publicContent } = config;
    const everyPathSigned = signsEveryPath(signing);
    if (publicContent) {
        const why = auth
            ? "contradicts auth: viewers must present a Cognito token, so the content is not public; remove publicContent or auth"
            : isS3SignedMode(front.mode)
              ? `contradicts front.mode "${front.mode}": S3 checks every request's own signature, so the content is not public; remove publicContent`
              : everyPathSigned
                ? `contradicts signing.pathPatterns ${JSON.stringify(signing!.pathPatterns)}: every path needs a signed URL or cookie, so the content is not public; remove publicContent`
                : undefined;
        if (why) issues.push({ path: "publicContent", value: true, problem: why });
    }
    const authenticated = auth !== undefined || everyPathSigned || isS3SignedMode(front.mode);
    // A present but invalid `auth` (null, not an object) is reported on its own, not again as missing;
    // so is a mode that is none of the modes.
    if (!prod || authenticated || raw.values.auth !== undefined || front.mode !== FrontMode.Signed) return issues;
    const every = 'sign every path (signing.pathPatterns: ["/*"])';
    if (!publicContent) {
        const open = signing && Array.isArray(signing.pathPatterns) ? `every path but ${signing.pathPatterns.join(", ")}` : "every path";
        issues.push({
            path: "auth",
            value: undefined,
            problem:
                'is required in prod: in mode "signed" CloudFront signs every request to S3, so without viewer authentication anyone ' +
                `can read ${open}; add auth, ${every}, or declare the content public with publicContent: true`,
        });
    }
    if (front.uploads === true) {
        issues.push({
            path: "front.uploads",
            value: true,
            problem:
                'is not allowed in prod without viewer authentication in mode "signed": CloudFront signs every request to S3, so anyone ' +
                `could write to the bucket; add auth, ${every}, or use mode unsigned | presigned, where S3 checks the uploader's own signature`,
        });
    }
    return issues;
}

/**
 * The `tags` key, checked against AWS's tag rules ({@link TAG_RULES}) and counted with everything else
 * that tags the same resources: the stack's own three, one a component adds, and the provider's
 * `aws:defaultTags`; Route 53 health checks (with `api`) take only 10.
 */
function readTags(raw: RawStackConfig, rawTags: unknown, environment: Environment, withApi: boolean, issues: Issue[]): Record<string, string> {
    const tags: Record<string, string> = {};
    if (rawTags === undefined || rawTags === null) return tags;
    if (!isPlainObject(rawTags)) {
        issues.push({ path: "tags", value: rawTags, problem: "is not a map of tag names to string values" });
        return tags;
    }
    const setByStack: Record<string, string> = { project: raw.project, stack: raw.stack, environment };
    const reserved = [...STACK_TAG_KEYS, LEGACY_TLS_TAG];
    for (const [k, v] of Object.entries(rawTags)) {
        // A null value is reported by reportEmptyValues.
        if (v === null) continue;
        if ((reserved as readonly string[]).includes(k)) {
            const by = Object.hasOwn(setByStack, k) ? `the stack itself (to ${JSON.stringify(setByStack[k])})` : "the front itself (true when its viewer policy admits TLS below 1.2)";
            issues.push({ path: `tags.${k}`, value: v, problem: `is set by ${by}; remove it (allowed: any key but ${reserved.join(", ")})` });
            continue;
        }
        const before = issues.length;
        checkTag("tags", k, v, issues);
        // A data property, so even a tag named __proto__ is kept as written.
        if (issues.length === before) Object.defineProperty(tags, k, { value: v, enumerable: true, writable: true, configurable: true });
    }

    const defaults = raw.otherKeys?.["aws:defaultTags"];
    const defaultKeys = isPlainObject(defaults) && isPlainObject(defaults.tags) ? Object.keys(defaults.tags) : [];
    const own = Object.keys(rawTags).filter((k) => !(reserved as readonly string[]).includes(k));
    const fromDefaults = defaultKeys.filter((k) => !own.includes(k) && !(STACK_TAG_KEYS as readonly string[]).includes(k));
    const total = own.length + fromDefaults.length + STACK_TAG_KEYS.length + 1;
    const limit = withApi ? TAG_RULES.maxTagsPerRoute53HealthCheck : TAG_RULES.maxTagsPerResource;
    if (total > limit) {
        const parts = [
            `${own.length} here`,
            ...(fromDefaults.length > 0 ? [`${fromDefaults.length} more from aws:defaultTags`] : []),
            `${STACK_TAG_KEYS.length} the stack adds: ${STACK_TAG_KEYS.join(", ")}`,
            `1 a component adds: ${COMPONENT_TAG_KEYS.join(" or ")}`,
        ];
        const where = withApi ? " with api (Route 53 health checks take 10)" : "";
        issues.push({ path: "tags", value: rawTags, problem: `would give resources ${total} tags (${parts.join("; ")}); allowed: at most ${limit} per resource${where}` });
    }
    return tags;
}

function dedupe(issues: Issue[]): Issue[] {
    const seen = new Set<string>();
    return issues.filter((i) => {
        const key = `${i.path}\u0000${i.problem}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/**
 * What the front's viewer TLS will be (policy, method, the listed clients and the handshake model's
 * setup), from the config alone: the plan's client matrix and `verify --stack` read it.
 */
export function viewerTlsOf(config: StackConfig): ViewerTls {
    return resolveViewerTls({ ...config.front, partition: config.partition });
}

/**
 * The raw config of a stack from the flat `namespace:key` → text map Pulumi gives programs (and
 * the offline plan reads from `Pulumi.<stack>.yaml`).
 */
export function rawConfigFromFlat(project: string, stack: string, flat: Readonly<Record<string, string>>): RawStackConfig {
    const values: Record<string, unknown> = {};
    const otherKeys: Record<string, unknown> = {};
    let awsRegion: unknown;
    for (const [fullKey, text] of Object.entries(flat)) {
        const [namespace, key] = splitKey(fullKey, project);
        if (namespace === "aws" && key === "region") awsRegion = text;
        // Own data properties: a key named __proto__ must be a key like any other (and an error), not
        // the prototype of the values, from which it could hand the config a section.
        const [target, name] = namespace === project ? [values, key] : [otherKeys, `${namespace}:${key}`];
        Object.defineProperty(target, name, { value: parseConfigValue(text), enumerable: true, writable: true, configurable: true });
    }
    return { project, stack, awsRegion, values, otherKeys };
}

/**
 * Typed config as a program or a service writes it: the sections are the components' settings, exactly
 * as in the stack file.
 *
 * @example
 * const config: StackConfigInput = { region: "eu-west-1", environment: "dev", front: { mode: "signed" } };
 */
export interface StackConfigInput {
    /** `aws:region`, where the bucket lives. */
    readonly region: string;
    /** Default: the stack name when it is dev, test, staging or prod; required otherwise. */
    readonly environment?: Environment;
    /** The content is meant for anyone (see {@link STACK_KEYS}). @default false */
    readonly publicContent?: boolean;
    /** The `bucket` section. @default all the bucket's defaults */
    readonly bucket?: PrivateOriginBucketSettings;
    /** The `front` section; `mode` is required. */
    readonly front: LegacyTlsFrontSettings;
    /** The `auth` section. @default none (no viewer authentication) */
    readonly auth?: CognitoEdgeAuthSettings;
    /** The `signing` section. @default none */
    readonly signing?: SignedContentKeysSettings;
    /** The `api` section. @default none */
    readonly api?: RegionalApiFailoverSettings;
    /** The `audit` section. @default none */
    readonly audit?: TlsAuditSettings;
    /** The `waf` section. @default none (no web ACL, unless `front.webAclArn` names one) */
    readonly waf?: EdgeWebAclSettings;
    /** The `monitoring` section. @default the monitoring's defaults (alarms, a dashboard, a topic) */
    readonly monitoring?: FrontMonitoringSettings;
    /** Extra tags; `project`, `stack` and `environment` are always set from the stack and dropped here. */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The inverse of {@link rawConfigFromFlat}: the flat `namespace:key` → text values (`aws:region`,
 * `<project>:front`, …) that make a program see `input`. Pure; validate the result with
 * `parseStackConfig(rawConfigFromFlat(project, stack, flat))`.
 */
export function flatConfigFromInput(project: string, input: StackConfigInput): Record<string, string> {
    const flat: Record<string, string> = {};
    if (input.region !== undefined) flat["aws:region"] = input.region;
    // A StackConfig is an input too: what parseStackConfig derives (project, stack, partition) is not written.
    const { region: _region, project: _project, stack: _stack, partition: _partition, tags: inputTags, ...rest } = input as StackConfigInput & Partial<StackConfig>;
    // parseStackConfig adds these three itself; keeping them would pin a copied config to its old stack.
    const { project: _p, stack: _s, environment: _e, ...tags } = inputTags ?? {};
    // Every other key is written as given, so parseStackConfig sees what a caller from JavaScript or JSON
    // wrote: a misspelt or moved key (`content`) is reported, not silently left out.
    const values: Record<string, unknown> = { ...rest, tags: Object.keys(tags).length > 0 ? tags : undefined };
    for (const [key, value] of Object.entries(values)) {
        if (value !== undefined) flat[`${project}:${key}`] = configText(value);
    }
    return flat;
}

// Structured values travel as JSON text; a plain string stays plain unless it would read back as JSON
// (e.g. "true"), in which case it is quoted so parseConfigValue returns the same string.
function configText(value: unknown): string {
    if (typeof value !== "string") return JSON.stringify(value);
    return parseConfigValue(value) === value ? value : JSON.stringify(value);
}

/**
 * Reads this stack's config through Pulumi and returns it typed, or throws a {@link ConfigError}
 * listing every problem.
 */
export function loadStackConfig(): StackConfig {
    const stack = pulumi.getStack();
    const result = parseStackConfig(rawConfigFromFlat(pulumi.getProject(), stack, pulumi.runtime.allConfig()));
    if (result.config === undefined) throw new ConfigError(stack, result.issues);
    return result.config;
}

function splitKey(fullKey: string, project: string): [string, string] {
    const colon = fullKey.indexOf(":");
    // A key without a namespace belongs to the project, as in the Pulumi CLI.
    if (colon < 0) return [project, fullKey];
    // Pulumi stores "project:config:key" in some versions and "project:key" in others.
    return [fullKey.slice(0, colon), fullKey.slice(colon + 1).replace(/^config:/, "")];
}

// Pulumi hands structured values over as JSON text and scalars as plain text.
function parseConfigValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

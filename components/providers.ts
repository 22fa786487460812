/**
 * Where a component's children go when AWS pins them to a region (CloudFront's certificates and
 * Lambda@Edge in us-east-1, a multi-region API in each of its regions), and with whose account settings.
 *
 * A child must run with the caller's settings (profile, assumed roles, allowed and forbidden account
 * IDs, default tags, endpoints, skip flags, ...) and differ only in its region. Per region, in this
 * order:
 *
 * 1. a provider the caller passes for that region (`providers: { "us-east-1": p }`), used as it is;
 * 2. when the component itself was given an explicit AWS provider (`opts.provider`, `opts.providers`,
 *    or through its parent), that provider with the child's own `region` argument: an explicit provider
 *    cannot be read back to copy its settings, and since @pulumi/aws v7 a resource can name its region
 *    while using any provider, so the caller's provider applies unchanged but for the region;
 * 3. otherwise a provider the component creates, `${name}-${region}`, with every `aws:*` setting of the
 *    stack's config (what configures the default provider) and only the region changed.
 *
 * Pulumi's resource options key providers by package (`aws`), not by region, which is why per-region
 * providers are a component argument and not a resource option.
 * @see https://www.pulumi.com/registry/packages/aws/installation-configuration/ (the `aws:*` config keys)
 * @see https://github.com/pulumi/pulumi/issues/4779 (explicit providers do not inherit the default provider's config)
 * @see https://github.com/pulumi/pulumi-aws/issues/1307 (by design: an explicit provider ignores `aws:*` config)
 * @see https://www.pulumi.com/registry/packages/aws/how-to-guides/aws-enhanced-region-support/ (v7: the per-resource `region` argument)
 * @see https://github.com/sst/sst/blob/dev/platform/src/components/aws/helpers/provider.ts (SST copies the `aws:*` config the same way)
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFRONT_CONTROL_REGION } from "./cloudfront-facts";
import { Issue } from "./validation";

/**
 * AWS providers a caller hands a component, by the region each is configured for. Pass one for every
 * region in which the component's children must run with settings the stack config does not hold.
 * @example { "us-east-1": new aws.Provider("edge", { region: "us-east-1", assumeRoles: [{ roleArn }] }) }
 */
export type ProvidersByRegion = Readonly<Record<string, aws.Provider>>;

/** How stack config spells a provider setting: as it is (`text`), or as JSON (lists, objects, booleans, numbers). */
export type ProviderSettingKind = "text" | "json";

/**
 * Every setting of `aws.Provider` but `region`, with how stack config spells its value; the settings
 * a component's own providers copy from the stack's `aws:*` config. The mapped type makes `tsc` fail
 * when @pulumi/aws adds a setting, so none is silently left behind. The kinds follow the provider's
 * constructor, which sends exactly the `json` ones as JSON text.
 */
export const INHERITED_PROVIDER_SETTINGS: { readonly [K in Exclude<keyof aws.ProviderArgs, "region">]-?: ProviderSettingKind } = {
    accessKey: "text",
    allowedAccountIds: "json",
    assumeRoleWithWebIdentity: "json",
    assumeRoles: "json",
    customCaBundle: "text",
    defaultTags: "json",
    ec2MetadataServiceEndpoint: "text",
    ec2MetadataServiceEndpointMode: "text",
    endpoints: "json",
    forbiddenAccountIds: "json",
    httpProxy: "text",
    httpsProxy: "text",
    ignoreTags: "json",
    insecure: "json",
    maxRetries: "json",
    noProxy: "text",
    profile: "text",
    retryMode: "text",
    s3UsEast1RegionalEndpoint: "text",
    s3UsePathStyle: "json",
    secretKey: "text",
    sharedConfigFiles: "json",
    sharedCredentialsFiles: "json",
    skipCredentialsValidation: "json",
    skipMetadataApiCheck: "json",
    skipRegionValidation: "json",
    skipRequestingAccountId: "json",
    stsRegion: "text",
    tagPolicyCompliance: "text",
    token: "text",
    tokenBucketRateLimiterCapacity: "json",
    useDualstackEndpoint: "json",
    useFipsEndpoint: "json",
    userAgents: "json",
};

/** The provider settings a component's own providers take over (everything but the region). */
export type InheritedProviderArgs = Omit<aws.ProviderArgs, "region">;

// Whether a config key holds a secret (`pulumi config set --secret`). The SDK exports the check at runtime
// without typing it; without it, every copied value is treated as secret, which hides but never leaks.
function isConfigSecret(key: string): boolean {
    const check = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    return typeof check === "function" ? check(key) : true;
}

/**
 * The settings of the stack's default AWS provider, read from its `aws:*` config, as arguments of
 * `aws.Provider`, without `region`. Secret config values stay secret. Keys that are not provider
 * settings are left out. Settings that come from the environment (`AWS_PROFILE`, ...) need no copy: every
 * provider, explicit or default, reads the environment for what its arguments leave unset.
 * @param config the flat `namespace:key` → text map Pulumi gives the program. @default the program's config
 * @param isSecret whether a full key (`aws:assumeRoles`) holds a secret. @default Pulumi's own record of secret keys
 */
export function inheritedProviderArgs(
    config: Readonly<Record<string, string>> = pulumi.runtime.allConfig(),
    isSecret: (key: string) => boolean = isConfigSecret,
): InheritedProviderArgs {
    const args: Record<string, unknown> = {};
    for (const [setting, kind] of Object.entries(INHERITED_PROVIDER_SETTINGS)) {
        const key = `aws:${setting}`;
        const text = config[key];
        if (text === undefined) continue;
        let value: unknown = text;
        if (kind === "json") {
            try {
                value = JSON.parse(text);
            } catch {
                // Not JSON: hand it over as written, and let the provider report it as the default provider would.
                value = text;
            }
        }
        args[setting] = isSecret(key) ? pulumi.secret(value) : value;
    }
    return args as InheritedProviderArgs;
}

// Region names as AWS writes them: us-east-1, ap-southeast-2, us-gov-west-1, cn-north-1.
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** True for an AWS region name such as `us-east-1`. */
export function isRegionName(value: unknown): value is string {
    return typeof value === "string" && REGION_NAME.test(value);
}

/**
 * Checks a component's `providers` argument: keyed by region names, each value an `aws.Provider`.
 * Returns every problem, with the path `providers.<key>`.
 */
export function validateProvidersByRegion(providers: ProvidersByRegion | undefined, issues: Issue[]): void {
    if (providers === undefined) return;
    if (typeof providers !== "object" || providers === null || Array.isArray(providers)) {
        issues.push({ path: "providers", value: providers, problem: 'is not a map of region to aws.Provider, e.g. { "us-east-1": provider }' });
        return;
    }
    for (const [region, provider] of Object.entries(providers)) {
        if (!isRegionName(region)) {
            issues.push({ path: `providers.${region}`, value: region, problem: "is not an AWS region name such as us-east-1" });
        }
        if (!aws.Provider.isInstance(provider)) {
            const kind = (provider as unknown as { __pulumiType?: unknown } | undefined)?.__pulumiType;
            issues.push({ path: `providers.${region}`, value: typeof kind === "string" ? kind : typeof provider, problem: "is not an aws.Provider" });
        }
    }
}

/**
 * Checks the older `usEast1Provider` argument against `providers["us-east-1"]`: both may be given only
 * when they are the same provider.
 */
export function validateUsEast1Provider(usEast1: aws.Provider | undefined, providers: ProvidersByRegion | undefined, issues: Issue[]): void {
    if (usEast1 === undefined) return;
    if (!aws.Provider.isInstance(usEast1)) {
        issues.push({ path: "usEast1Provider", value: typeof usEast1, problem: "is not an aws.Provider" });
        return;
    }
    const given = providers?.[CLOUDFRONT_CONTROL_REGION];
    if (given !== undefined && given !== usEast1) {
        issues.push({
            path: "usEast1Provider",
            value: "(set)",
            problem: `is not the provider given as providers.${CLOUDFRONT_CONTROL_REGION}; pass one of them (usEast1Provider is the older spelling of providers["${CLOUDFRONT_CONTROL_REGION}"])`,
        });
    }
}

/** Where one child goes: the provider to register it with, and the region argument it needs. */
export interface RegionPlacement {
    /** The provider to register the child with; `undefined`: inherit the component's (the caller's) provider. */
    readonly provider?: aws.Provider;
    /**
     * The child's `region` argument; set only when the child inherits a provider of another region, so a
     * child that never needed it keeps the same inputs (and no diff) as before.
     */
    readonly region?: string;
}

/**
 * Chooses, per region, the provider a component's children use (see the module's documentation for
 * the order), creating at most one provider per region, as a child of the component named
 * `${name}-${region}`.
 */
export class RegionalProviders {
    private readonly created = new Map<string, aws.Provider>();
    private readonly inheritsExplicitProvider: boolean;

    /**
     * @param name the component's name, the prefix of the providers it creates
     * @param component the component; its children inherit its explicit provider, if it has one
     * @param given the caller's per-region providers
     */
    constructor(
        private readonly name: string,
        private readonly component: pulumi.ComponentResource,
        private readonly given: ProvidersByRegion = {},
    ) {
        // The provider the component's children would inherit: from opts.provider, opts.providers or a parent.
        this.inheritsExplicitProvider = component.getProvider("aws::Provider") !== undefined;
    }

    /** Where a regional child of `region` goes. */
    placement(region: string): RegionPlacement {
        const given = this.given[region];
        if (given) return { provider: given };
        if (this.inheritsExplicitProvider) return { region };
        return { provider: this.provider(region) };
    }

    /**
     * Where a regional child of `region` goes when a provider of `home` may carry it with a region
     * argument: the caller's provider for `region` if given, else the one for `home` (given, inherited
     * or created) with `region` as the argument. Keeps the number of providers down when many regions
     * hold one small resource each (the edge function's log groups).
     */
    placementVia(home: string, region: string): RegionPlacement {
        if (region === home || this.given[region]) return this.placement(region);
        const base = this.placement(home);
        return { provider: base.provider, region };
    }

    // The provider this component creates for a region: the stack's settings, that region.
    private provider(region: string): aws.Provider {
        let provider = this.created.get(region);
        if (!provider) {
            provider = new aws.Provider(`${this.name}-${region}`, { ...inheritedProviderArgs(), region }, { parent: this.component });
            this.created.set(region, provider);
        }
        return provider;
    }
}

/**
 * The provider for resources CloudFront requires in us-east-1 (ACM certificates, Lambda@Edge, WAF
 * ACLs of CLOUDFRONT scope), whatever region the stack deploys to: `given`, or a child of `parent`
 * named `${name}-us-east-1` with the stack's `aws:*` settings. Components use `RegionalProviders`,
 * which also honours an explicit provider of the component; this stays for programs that called it.
 */
export function usEast1Provider(name: string, parent: pulumi.Resource, given?: aws.Provider): aws.Provider {
    return given ?? regionalProvider(name, parent, CLOUDFRONT_CONTROL_REGION);
}

/**
 * An explicit provider for one region, a child of `parent` named `${name}-${region}`, with every
 * `aws:*` setting of the stack (see `inheritedProviderArgs`) and only the region changed.
 */
export function regionalProvider(name: string, parent: pulumi.Resource, region: string): aws.Provider {
    return new aws.Provider(`${name}-${region}`, { ...inheritedProviderArgs(), region }, { parent });
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildEdgeFunction } from "../edge-functions/build";
import {
    EDGE_AUTH_CONFIG_FIELDS,
    EdgeAuthConfig,
    EdgeAuthJwks,
    TOKEN_USES,
    TokenUse,
    jwksUrlOf,
    readsAuthorizationHeader,
    regionOfUserPoolId,
    validateEdgeAuthConfig,
} from "../edge-functions/cognito-auth/config";
import { CLOUDFRONT_CONTROL_REGION, PARTITIONS, Partition, partitionOfRegion } from "./cloudfront-facts";
import { FRONT_MODES, FrontMode, authorizationHeaderUse } from "./front-modes";
import { LAMBDA_PRINCIPAL, LOG_WRITE_ACTIONS, serviceTrustPolicy } from "./iam-policies";
import { LambdaBundle, lambdaArchive } from "./lambda-bundle";
import { ViewerRequestAuth } from "./legacy-tls-front";
import { ProvidersByRegion, RegionPlacement, RegionalProviders, isRegionName, validateProvidersByRegion, validateUsEast1Provider } from "./providers";
import { Issue, ValidationError, checkBoolean, checkIntegerInRange, checkOneOf, throwIfIssues } from "./validation";

/**
 * Limits of a Lambda@Edge function on viewer-request events.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 */
export const VIEWER_REQUEST_LIMITS = {
    /** Function memory, MB (viewer events are capped at 128 MB; Lambda's own minimum is also 128). */
    memoryMb: 128,
    /** Function timeout, seconds. */
    timeoutSeconds: 5,
} as const;

/**
 * Node.js runtimes Lambda@Edge supports that this component offers (the bundle targets Node.js 20).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-runtime
 */
export const EDGE_RUNTIMES = ["nodejs22.x", "nodejs20.x"] as const;
/** A Lambda@Edge runtime. */
export type EdgeRuntime = (typeof EDGE_RUNTIMES)[number];

/**
 * The only architecture Lambda@Edge runs (functions using arm64 are listed as unsupported).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-features
 */
export const EDGE_ARCHITECTURE = "x86_64";

/**
 * Service principals that must be able to assume a Lambda@Edge execution role.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-permissions.html#lambda-edge-permissions-function-execution
 */
export const EDGE_LAMBDA_PRINCIPALS = [LAMBDA_PRINCIPAL, "edgelambda.amazonaws.com"] as const;

/**
 * The AWS Regions that hold a CloudFront regional edge cache. Lambda@Edge runs a function's replicas
 * there (in the regional edge cache nearest the edge location that took the request), and writes their
 * logs in that Region, to a log group named after the function's home Region:
 * `/aws/lambda/us-east-1.<function name>`. The AWS pages stored here name regional edge caches but give
 * no Region list; the list below is a third party's (Gruntwork's Lambda@Edge log group module, as of
 * August 2022). Check it against the CloudFront console's Lambda@Edge metrics (which show where a function
 * ran) and extend `edgeLogRegions` when CloudFront opens a new regional edge cache.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#lambda-at-edge-logs
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HowCloudFrontWorks.html (regional edge caches)
 * @see https://docs.gruntwork.io/reference/modules/terraform-aws-lambda/lambda-edge-multi-region-log-groups (the Region list)
 */
export const REGIONAL_EDGE_CACHE_REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "sa-east-1",
] as const;

/**
 * Retention periods CloudWatch Logs accepts, in days (0, "never expire", is left out on purpose: the
 * point of creating the groups is that they expire).
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * Days the edge function's logs are kept by default: a month covers a monthly review of
 * authentication failures, and the same as the regional API keeps its function logs.
 */
export const DEFAULT_EDGE_LOG_RETENTION_DAYS = 30;

/** Multi-factor authentication of a created pool (Cognito's `MfaConfiguration`). */
export type UserPoolMfa = "OFF" | "OPTIONAL" | "ON";

/** How a created user pool is set up. Secure by default: no self sign-up, strong passwords, TOTP MFA offered. */
export interface CognitoUserPoolSettings {
    /**
     * Let visitors create their own accounts. Off by default: paying users are created by an
     * administrator or a back office.
     * @default false
     */
    readonly selfSignUp?: boolean;
    /**
     * `OPTIONAL`: users may enrol an authenticator app (TOTP); `ON`: every user must; `OFF`: no MFA.
     * @default "OPTIONAL"
     */
    readonly mfa?: UserPoolMfa;
    /**
     * Refuse deletion of the pool (and its users) through the API until turned off; turn on in production.
     * @default false
     */
    readonly deletionProtection?: boolean;
    /**
     * Minimum password length, 8 to 99; lower-case, upper-case, digit and symbol are always required.
     * @default 12
     */
    readonly minimumPasswordLength?: number;
}

/** The app client the component creates: public (no secret), for browsers and single-page apps. */
export interface CognitoAppClientSettings {
    /**
     * OAuth redirect URLs (HTTPS; `http://localhost` for testing). With them the client uses the
     * authorization code grant (with PKCE; the implicit grant is never enabled); without them, OAuth is off
     * and the client signs in through the SRP API only.
     * @default []
     * @example ["https://app.example.com/callback"]
     */
    readonly callbackUrls?: readonly string[];
    /** URLs Cognito may redirect to after sign-out (same rules). @default [] */
    readonly logoutUrls?: readonly string[];
    /**
     * OAuth scopes the client may request.
     * @default ["openid", "email", "profile"]
     */
    readonly oauthScopes?: readonly string[];
    /** Minutes an access token is valid, 5 to 1440. @default 60 */
    readonly accessTokenValidityMinutes?: number;
    /** Minutes an ID token is valid, 5 to 1440. @default 60 */
    readonly idTokenValidityMinutes?: number;
    /** Days a refresh token is valid, 1 to 3650. @default 30 */
    readonly refreshTokenValidityDays?: number;
}

/** An existing user pool to accept tokens from. */
export interface ExistingUserPool {
    /** The pool's ID; its region is the part before `_`. @example "eu-west-1_AbCdEf123" */
    readonly userPoolId: pulumi.Input<string>;
    /**
     * The pool's region; required when `userPoolId` is not known before deployment.
     * @default the prefix of userPoolId
     */
    readonly region?: string;
}

/** Hooks that change a child's arguments before it is created (as SST's `transform`). */
export interface CognitoEdgeAuthTransforms {
    /**
     * Edit the Lambda@Edge function's arguments in place. The result is checked again: environment
     * variables, another architecture, more memory or time than viewer-request allows, or `publish: false`
     * are refused.
     */
    readonly function?: (args: aws.lambda.FunctionArgs) => void;
}

/** The function's settings, as the edge function's own config defines them (see {@link EdgeAuthConfig}). */
type FunctionSettings = Omit<EdgeAuthConfig, "userPoolId" | "clientIds" | "jwks" | "tokenUse" | "requiredGroups">;

/** Arguments of {@link CognitoEdgeAuth}. Token-checking fields are those of {@link EdgeAuthConfig}. */
export interface CognitoEdgeAuthArgs extends FunctionSettings {
    /**
     * Settings of the user pool to create. Not allowed with `existingUserPool`.
     * @default a new pool with secure defaults (see {@link CognitoUserPoolSettings})
     */
    readonly userPool?: CognitoUserPoolSettings;
    /**
     * Accept tokens of an existing pool instead of creating one. Its groups are not created or changed:
     * a stack that does not own the pool must not delete groups (and their memberships) on destroy.
     * @default none (a pool is created)
     */
    readonly existingUserPool?: ExistingUserPool;
    /**
     * The app client to create in the pool, or `false` to create none (then `clientIds` must name one).
     * @default a public client without OAuth (see {@link CognitoAppClientSettings})
     */
    readonly appClient?: CognitoAppClientSettings | false;
    /**
     * Further app client IDs whose tokens are accepted (e.g. a mobile app's).
     * @default []
     */
    readonly clientIds?: readonly pulumi.Input<string>[];
    /**
     * The token the function accepts: `access` (audience in `client_id`; meant for authorizing requests)
     * or `id`.
     * @default "access"
     */
    readonly tokenUse?: TokenUse;
    /**
     * Groups a user must be in (any of them). For a created pool the groups are created too.
     * @default [] (any signed-in user of the pool)
     * @example ["subscribers"]
     */
    readonly requiredGroups?: readonly string[];
    /**
     * The pool's key set, to embed as given instead of reading it from the pool's
     * `/.well-known/jwks.json` during deployment.
     * @default read from the pool during `pulumi up`, refreshed by `pulumi refresh`
     */
    readonly jwks?: EdgeAuthJwks;
    /**
     * The mode of the front this auth will guard, to refuse an impossible combination early (the front
     * checks it again when composed): in `unsigned` the token must come from a cookie only.
     * @default not checked here
     */
    readonly frontMode?: FrontMode;
    /**
     * The partition of the stack. Lambda@Edge does not exist in `aws-cn`: there the component refuses.
     * @default from the stack's region
     */
    readonly partition?: Partition;
    /** @default "nodejs22.x" */
    readonly runtime?: EdgeRuntime;
    /**
     * Function timeout in seconds, 1 to 5 (the viewer-request maximum). A JWKS refetch has its own,
     * shorter limit (`jwksFetchTimeoutMs`), so the function answers before this ends.
     * @default 5
     */
    readonly timeoutSeconds?: number;
    /**
     * Keep the function when the component is deleted (`retainOnDelete`). AWS deletes Lambda@Edge
     * replicas only hours after the last association is removed and refuses to delete the function
     * before; retained, `pulumi destroy` (or removing the auth) succeeds at once. Clean up later with
     * `aws lambda delete-function --region us-east-1 --function-name <functionName>` once the replicas
     * are gone (a few hours). The function's log groups are kept with it (their retention keeps expiring
     * what the replicas still write); delete them with `aws logs delete-log-group` in each region once
     * nothing writes. The role and its policy are deleted: nothing invokes the function once the
     * distribution has dropped the association, which Pulumi waits for before deleting anything it
     * depends on.
     * @default true
     */
    readonly retainOnDelete?: boolean;
    /** Change children's arguments; see {@link CognitoEdgeAuthTransforms}. @default none */
    readonly transform?: CognitoEdgeAuthTransforms;
    /**
     * Days CloudWatch Logs keeps the function's log events: in the function's own group
     * (`/aws/lambda/<name>`, us-east-1) and in the group `/aws/lambda/us-east-1.<name>` of every region of
     * `edgeLogRegions`. Lambda creates those groups on first use without any retention (events kept and
     * billed forever, viewer IP addresses and token subjects in error logs included); the component creates
     * them first, with this retention. One of {@link CLOUDWATCH_LOG_RETENTION_DAYS}.
     * @default 30 ({@link DEFAULT_EDGE_LOG_RETENTION_DAYS})
     */
    readonly logRetentionDays?: number;
    /**
     * Regions in which to create the function's edge log group `/aws/lambda/us-east-1.<name>` ahead of
     * Lambda@Edge. Each is one CloudWatch log group, through the us-east-1 provider with a `region`
     * argument (no provider per region). What this cannot cover: a region CloudFront adds later (its group
     * is created by Lambda, without retention, until listed here); groups Lambda already created before
     * this setting existed, which must be imported into the stack or left out of this list, since creating
     * an existing group fails; and logs written after `pulumi destroy` by replicas AWS has not deleted yet
     * (the groups are kept with the function, so their retention keeps applying).
     * @default {@link REGIONAL_EDGE_CACHE_REGIONS}
     * @example [] (only the function's own log group, e.g. while existing edge groups are being imported)
     */
    readonly edgeLogRegions?: readonly string[];
    /**
     * Your own AWS providers, by region. `us-east-1` carries the function, its role and its log groups;
     * another region listed here carries that region's edge log group. Without a us-east-1 provider, the
     * component's own explicit provider (`opts.provider`/`opts.providers`, or its parent's) is used with a
     * `region` argument, else a provider the component creates, `${name}-us-east-1`, with every `aws:*`
     * setting of the stack (profile, assumed roles, allowed account IDs, default tags, ...) and only the
     * region changed.
     * @default as described: your explicit provider with a region argument, else one with the stack's settings
     * @example { "us-east-1": new aws.Provider("edge", { region: "us-east-1", assumeRoles: [{ roleArn }] }) }
     */
    readonly providers?: ProvidersByRegion;
    /**
     * A us-east-1 provider to share; Lambda@Edge functions must be created there.
     * @deprecated the older spelling of `providers: { "us-east-1": provider }`; both may be given only when they are the same provider
     * @default see {@link CognitoEdgeAuthArgs.providers}
     */
    readonly usEast1Provider?: aws.Provider;
    /** Tags on the pool, the function and the role. @default {} */
    readonly tags?: Record<string, string>;
}

/** A known string, or `undefined` while it is an output. */
function known(value: pulumi.Input<string> | undefined): string | undefined {
    return typeof value === "string" ? value : undefined;
}

// Cognito redirect URIs: absolute, no fragment, HTTPS except http://localhost for testing.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
function checkRedirectUrls(path: string, urls: readonly string[] | undefined, issues: Issue[]): void {
    if (urls === undefined) return;
    if (!Array.isArray(urls)) {
        issues.push({ path, value: urls, problem: "is not a list of URLs" });
        return;
    }
    urls.forEach((url, i) => {
        let ok = false;
        try {
            const parsed = new URL(url);
            ok = !url.includes("#") && (parsed.protocol === "https:" || (parsed.protocol === "http:" && parsed.hostname === "localhost"));
        } catch {
            ok = false;
        }
        if (!ok) issues.push({ path: `${path}[${i}]`, value: url, problem: "is not an absolute https URL without a fragment (http only for localhost)" });
    });
}

/** The config the function is built with; the parts known only after deployment are parameters. */
function edgeConfig(args: CognitoEdgeAuthArgs, userPoolId: string, clientIds: readonly string[], jwks: EdgeAuthJwks): Record<string, unknown> {
    const config: Record<string, unknown> = {
        userPoolId,
        clientIds: [...clientIds],
        tokenUse: args.tokenUse ?? "access",
        requiredGroups: [...(args.requiredGroups ?? [])],
        jwks,
    };
    // The function settings are the config fields this component does not fill in itself.
    const filled: readonly string[] = ["userPoolId", "clientIds", "tokenUse", "requiredGroups", "jwks"];
    const settings = EDGE_AUTH_CONFIG_FIELDS.filter((key) => !filled.includes(key)) as (keyof FunctionSettings)[];
    for (const key of settings) if (args[key] !== undefined) config[key] = args[key];
    return config;
}

/**
 * Runs the edge function's own config validation on everything known at construction, so a bad cookie
 * name or group fails `pulumi preview`, not the deployment. Parts only known later (a created pool's ID,
 * a created client's ID, the fetched JWKS) get placeholders whose own issues are dropped. Returns the
 * validated config, or the issues with their paths mapped to this component's arguments.
 */
function probeEdgeConfig(args: CognitoEdgeAuthArgs, issues: Issue[]): EdgeAuthConfig | undefined {
    const poolId = known(args.existingUserPool?.userPoolId);
    const extraIds = args.clientIds ?? [];
    const idsKnown = args.appClient === false && extraIds.every((id) => typeof id === "string");
    const placeholders = {
        userPoolId: poolId === undefined,
        clientIds: !idsKnown,
        jwks: args.jwks === undefined,
    };
    const raw = edgeConfig(
        args,
        poolId ?? "us-east-1_Placeholder",
        idsKnown ? (extraIds as string[]) : [...extraIds.filter((id): id is string => typeof id === "string"), "placeholder"],
        args.jwks ?? ({ keys: [] } as unknown as EdgeAuthJwks),
    );
    try {
        return validateEdgeAuthConfig(raw);
    } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const real = error.issues.filter((issue) => !placeholders[issue.path.split(/[.[]/)[0] as keyof typeof placeholders]);
        issues.push(...real.map((issue) => (issue.path.startsWith("userPoolId") ? { ...issue, path: `existingUserPool.${issue.path}` } : issue)));
        // Only placeholders failed: every setting the user gave is valid, so the raw settings are the config.
        return real.length === 0 ? (raw as unknown as EdgeAuthConfig) : undefined;
    }
}

/**
 * Checks the arguments of a {@link CognitoEdgeAuth} and returns every problem found. `stackRegion` is
 * the stack's `aws:region` (for the partition). Values that are not known yet (outputs) are skipped.
 */
export function validateCognitoEdgeAuthArgs(args: CognitoEdgeAuthArgs, stackRegion?: string): Issue[] {
    return checkCognitoEdgeAuthArgs(args, stackRegion).issues;
}

/** The checks of {@link validateCognitoEdgeAuthArgs}, plus the validated function settings when valid. */
function checkCognitoEdgeAuthArgs(args: CognitoEdgeAuthArgs, stackRegion: string | undefined): { issues: Issue[]; config?: EdgeAuthConfig } {
    const issues: Issue[] = [];
    const raw = args as CognitoEdgeAuthArgs & { environment?: unknown };
    if (raw.environment !== undefined) {
        issues.push({
            path: "environment",
            value: raw.environment,
            problem: "is not allowed: Lambda@Edge functions have no environment variables; the config is baked into the bundle",
        });
    }
    const partition = args.partition ?? (stackRegion ? partitionOfRegion(stackRegion) : "aws");
    if (checkOneOf("partition", partition, PARTITIONS, issues) && partition === "aws-cn") {
        issues.push({ path: "partition", value: partition, problem: "has no Lambda@Edge (CloudFront in China does not offer it); CognitoEdgeAuth cannot be used there" });
    }
    if (args.userPool !== undefined && args.existingUserPool !== undefined) {
        issues.push({ path: "userPool", value: args.userPool, problem: "cannot be combined with existingUserPool (settings apply only to a pool this component creates)" });
    }
    const existing = args.existingUserPool;
    if (existing !== undefined) {
        const id = known(existing.userPoolId);
        if (id === undefined && existing.region === undefined) {
            issues.push({ path: "existingUserPool.region", value: undefined, problem: "is required when userPoolId is not known until deployment" });
        }
        if (id !== undefined && existing.region !== undefined && id.includes("_") && regionOfUserPoolId(id) !== existing.region) {
            issues.push({ path: "existingUserPool.region", value: existing.region, problem: `does not match the region in userPoolId ("${regionOfUserPoolId(id)}")` });
        }
        const region = existing.region ?? (id?.includes("_") ? regionOfUserPoolId(id) : undefined);
        if (region !== undefined && partitionOfRegion(region) === "aws-cn") {
            issues.push({ path: "existingUserPool.region", value: region, problem: "is in aws-cn, which has no Lambda@Edge" });
        }
    }
    if (args.userPool) {
        const pool = args.userPool;
        if (pool.selfSignUp !== undefined) checkBoolean("userPool.selfSignUp", pool.selfSignUp, issues);
        if (pool.deletionProtection !== undefined) checkBoolean("userPool.deletionProtection", pool.deletionProtection, issues);
        if (pool.mfa !== undefined) checkOneOf("userPool.mfa", pool.mfa, ["OFF", "OPTIONAL", "ON"], issues);
        // 8 is the least NIST SP 800-63B allows; 99 is Cognito's maximum.
        if (pool.minimumPasswordLength !== undefined) checkIntegerInRange("userPool.minimumPasswordLength", pool.minimumPasswordLength, 8, 99, issues);
    }
    if (args.appClient === false) {
        if ((args.clientIds ?? []).length === 0) {
            issues.push({ path: "appClient", value: false, problem: "needs clientIds: without an app client of its own the function must accept at least one existing client" });
        }
    } else if (args.appClient !== undefined) {
        const client = args.appClient;
        checkRedirectUrls("appClient.callbackUrls", client.callbackUrls, issues);
        checkRedirectUrls("appClient.logoutUrls", client.logoutUrls, issues);
        // Token lifetimes: ID and access tokens 5 minutes to 1 day, refresh tokens 60 minutes to 10 years.
        // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_TokenValidityUnitsType.html
        if (client.accessTokenValidityMinutes !== undefined) checkIntegerInRange("appClient.accessTokenValidityMinutes", client.accessTokenValidityMinutes, 5, 1440, issues);
        if (client.idTokenValidityMinutes !== undefined) checkIntegerInRange("appClient.idTokenValidityMinutes", client.idTokenValidityMinutes, 5, 1440, issues);
        if (client.refreshTokenValidityDays !== undefined) checkIntegerInRange("appClient.refreshTokenValidityDays", client.refreshTokenValidityDays, 1, 3650, issues);
        if (client.oauthScopes !== undefined && (!Array.isArray(client.oauthScopes) || client.oauthScopes.some((s) => typeof s !== "string" || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s)))) {
            issues.push({ path: "appClient.oauthScopes", value: client.oauthScopes, problem: "is not a list of OAuth scope names such as openid" });
        }
    }
    if (args.tokenUse !== undefined) checkOneOf("tokenUse", args.tokenUse, TOKEN_USES, issues);
    if (args.runtime !== undefined) checkOneOf("runtime", args.runtime, EDGE_RUNTIMES, issues);
    if (args.timeoutSeconds !== undefined) checkIntegerInRange("timeoutSeconds", args.timeoutSeconds, 1, VIEWER_REQUEST_LIMITS.timeoutSeconds, issues);
    if (args.retainOnDelete !== undefined) checkBoolean("retainOnDelete", args.retainOnDelete, issues);
    if (args.logRetentionDays !== undefined && !(CLOUDWATCH_LOG_RETENTION_DAYS as readonly unknown[]).includes(args.logRetentionDays)) {
        issues.push({ path: "logRetentionDays", value: args.logRetentionDays, problem: `is not one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(" | ")} (the retentions CloudWatch Logs offers)` });
    }
    checkEdgeLogRegions(args.edgeLogRegions, issues);
    validateProvidersByRegion(args.providers, issues);
    validateUsEast1Provider(args.usEast1Provider, args.providers, issues);
    const frontModeOk = args.frontMode === undefined || checkOneOf("frontMode", args.frontMode, FRONT_MODES, issues);

    const config = probeEdgeConfig(args, issues);
    const headerUse = frontModeOk && args.frontMode !== undefined ? authorizationHeaderUse(args.frontMode) : undefined;
    if (config && headerUse && readsAuthorizationHeader(config)) {
        issues.push({
            path: "tokenSources",
            value: args.tokenSources ?? "(default: authorization-header)",
            problem: `reads the Authorization header, but frontMode "${args.frontMode}" cannot allow that: ${headerUse}; use tokenSources: ["cookie"] with a cookieName`,
        });
    }
    return { issues, config };
}

// The edge log regions: a list of distinct region names.
function checkEdgeLogRegions(regions: readonly string[] | undefined, issues: Issue[]): void {
    if (regions === undefined) return;
    if (!Array.isArray(regions)) {
        issues.push({ path: "edgeLogRegions", value: regions, problem: "is not a list of AWS region names" });
        return;
    }
    regions.forEach((region, i) => {
        if (!isRegionName(region)) {
            issues.push({ path: `edgeLogRegions[${i}]`, value: region, problem: "is not an AWS region name such as eu-central-1" });
        } else if (regions.indexOf(region) !== i) {
            issues.push({ path: `edgeLogRegions[${i}]`, value: region, problem: "is listed twice" });
        }
    });
}

/**
 * Checks the Lambda@Edge function's final arguments (after `transform.function`) against what
 * Lambda@Edge and viewer-request events allow. Values that are outputs are skipped.
 */
export function validateEdgeFunctionArgs(args: aws.lambda.FunctionArgs, path = "transform.function"): Issue[] {
    const issues: Issue[] = [];
    if (args.environment !== undefined) {
        issues.push({ path: `${path}.environment`, value: "(set)", problem: "is not allowed: Lambda@Edge functions have no environment variables" });
    }
    if (args.publish !== true) {
        issues.push({ path: `${path}.publish`, value: args.publish, problem: "must be true: CloudFront associates numbered versions only" });
    }
    const architectures = args.architectures;
    if (Array.isArray(architectures) && (architectures.length !== 1 || (typeof architectures[0] === "string" && architectures[0] !== EDGE_ARCHITECTURE))) {
        issues.push({ path: `${path}.architectures`, value: architectures, problem: `must be ["${EDGE_ARCHITECTURE}"]: Lambda@Edge does not run arm64` });
    }
    if (typeof args.memorySize === "number" && args.memorySize > VIEWER_REQUEST_LIMITS.memoryMb) {
        issues.push({ path: `${path}.memorySize`, value: args.memorySize, problem: `exceeds the ${VIEWER_REQUEST_LIMITS.memoryMb} MB viewer-request limit` });
    }
    if (typeof args.timeout === "number" && args.timeout > VIEWER_REQUEST_LIMITS.timeoutSeconds) {
        issues.push({ path: `${path}.timeout`, value: args.timeout, problem: `exceeds the ${VIEWER_REQUEST_LIMITS.timeoutSeconds} s viewer-request limit` });
    }
    if (typeof args.runtime === "string" && !(EDGE_RUNTIMES as readonly string[]).includes(args.runtime)) {
        issues.push({ path: `${path}.runtime`, value: args.runtime, problem: `is not one of ${EDGE_RUNTIMES.join(" | ")}` });
    }
    for (const unsupported of ["layers", "vpcConfig", "fileSystemConfig", "imageUri", "deadLetterConfig"] as const) {
        if (args[unsupported] !== undefined) {
            issues.push({ path: `${path}.${unsupported}`, value: "(set)", problem: "is not supported by Lambda@Edge" });
        }
    }
    return issues;
}

/**
 * Reads a user pool's JWKS from its `/.well-known/jwks.json` during deployment: `pulumi up` fetches it
 * when the pool (URL) is new or changed, `pulumi refresh` fetches it again (key rotation), and the
 * bundle is rebuilt from what it read. Self-contained on purpose: Pulumi serializes these functions into
 * the state, so they may use only globals.
 */
const jwksProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        const jwks = await fetchJwks(inputs.jwksUrl);
        return { id: inputs.jwksUrl, outs: { ...inputs, jwks } };
    },
    async read(id, props) {
        return { id, props: { ...props, jwks: await fetchJwks(props.jwksUrl) } };
    },
    async diff(_id, olds, news) {
        const changes = olds.jwksUrl !== news.jwksUrl;
        return { changes, replaces: changes ? ["jwksUrl"] : [] };
    },
    async update(_id, _olds, news) {
        return { outs: { ...news, jwks: await fetchJwks(news.jwksUrl) } };
    },
};

/** Fetches and minimally checks a JWKS (the edge function's build validates every key fully). */
async function fetchJwks(url: string): Promise<{ keys: Array<Record<string, string>> }> {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
    if (!response.ok) throw new Error(`JwksDocument: GET ${url} answered ${response.status}; is the user pool ID right?`);
    const body = (await response.json()) as { keys?: unknown };
    if (!body || !Array.isArray(body.keys) || body.keys.length === 0) throw new Error(`JwksDocument: ${url} returned no "keys"`);
    // Keep the public members only, so nothing else the endpoint returns reaches the bundle.
    const keys = body.keys.map((key: Record<string, unknown>) => {
        const out: Record<string, string> = {};
        for (const member of ["kty", "kid", "n", "e", "alg", "use"]) if (typeof key[member] === "string") out[member] = key[member] as string;
        return out;
    });
    return { keys };
}

/** The JWKS of a user pool, read during deployment (see {@link jwksProvider}). */
class JwksDocument extends pulumi.dynamic.Resource {
    /** The key set, as the pool publishes it. (`declare`: the base class sets it; a class field would reset it.) */
    declare public readonly jwks: pulumi.Output<EdgeAuthJwks>;

    constructor(name: string, args: { userPoolId: pulumi.Input<string>; jwksUrl: pulumi.Input<string> }, opts: pulumi.CustomResourceOptions) {
        super(jwksProvider, name, { ...args, jwks: undefined }, opts, "cognito", "JwksDocument");
    }
}

/**
 * A Cognito user pool (created, or an existing one), its app client and required groups, and a
 * Lambda@Edge viewer-request function that admits only requests with a valid token of that pool, built
 * from `edge-functions/cognito-auth` with its config and the pool's JWKS baked in. Pass it to
 * {@link LegacyTlsFront} as `viewerAuth`; the front associates the function's numbered version with its
 * behaviours.
 *
 * The function, its role, its log permissions and its log groups live in us-east-1, whatever the stack's
 * region, with the caller's account settings (see {@link CognitoEdgeAuthArgs.providers}); the edge log
 * groups, created with a retention in every regional edge cache region, ride the same provider with a
 * region argument. The pool stays in the stack's region. The function and its log groups are kept on
 * delete (see {@link CognitoEdgeAuthArgs.retainOnDelete}).
 *
 * @example
 * const auth = new CognitoEdgeAuth("auth", {
 *     userPool: { deletionProtection: true },
 *     appClient: { callbackUrls: ["https://app.example.com/callback"] },
 *     requiredGroups: ["subscribers"],
 *     tokenSources: ["cookie"],
 *     cookieName: "access_token",
 *     frontMode: "unsigned",
 * });
 * const front = new LegacyTlsFront("front", { origin: content, mode: "unsigned", viewerAuth: auth });
 */
export class CognitoEdgeAuth extends pulumi.ComponentResource implements ViewerRequestAuth {
    /** The user pool's ID. */
    public readonly userPoolId: pulumi.Output<string>;
    /** The ID of the app client this component created; `undefined` with `appClient: false`. */
    public readonly appClientId: pulumi.Output<string | undefined>;
    /** Every app client ID the function accepts. */
    public readonly clientIds: pulumi.Output<string[]>;
    /** The issuer the function checks, `https://cognito-idp.REGION.amazonaws.com/POOL_ID`. */
    public readonly issuer: pulumi.Output<string>;
    /** Where the pool's keys are published. */
    public readonly jwksUrl: pulumi.Output<string>;
    /** The function's name (for logs: `/aws/lambda/us-east-1.<name>` in each edge region). */
    public readonly functionName: pulumi.Output<string>;
    /** The numbered version published for the current bundle. */
    public readonly functionVersion: pulumi.Output<string>;
    /** The qualified (versioned) ARN CloudFront associates. */
    public readonly qualifiedArn: pulumi.Output<string>;
    /** ARN of the execution role. */
    public readonly roleArn: pulumi.Output<string>;
    /** SHA-256 of the bundle (same config and sources → same hash → no new version). */
    public readonly bundleSha256: pulumi.Output<string>;
    /** What a front needs to associate this function (see {@link ViewerRequestAuth}). */
    public readonly viewerRequest: { readonly lambdaArn: pulumi.Output<string>; readonly readsAuthorizationHeader: boolean };

    private readonly resourceName: string;

    constructor(name: string, args: CognitoEdgeAuthArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const stackRegion = new pulumi.Config("aws").get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
        const checked = checkCognitoEdgeAuthArgs(args, stackRegion);
        throwIfIssues(`CognitoEdgeAuth "${name}"`, checked.issues);
        super("legacytls:edge:CognitoEdgeAuth", name, {}, opts);
        this.resourceName = name;
        const tags = args.tags ?? {};

        const pool = args.existingUserPool ? undefined : this.createUserPool(args.userPool ?? {}, tags);
        const userPoolId = pool ? pool.id : pulumi.output(args.existingUserPool!.userPoolId);
        if (pool) this.createGroups(pool, args.requiredGroups ?? []);
        const client = args.appClient === false ? undefined : this.createAppClient(args, userPoolId);
        const clientIds = pulumi.all([client?.id, ...(args.clientIds ?? [])]).apply((ids) => ids.filter((id): id is string => id !== undefined));

        const jwksUrl = userPoolId.apply(jwksUrlOf);
        const jwks: pulumi.Output<EdgeAuthJwks> = args.jwks
            ? pulumi.output(args.jwks)
            : new JwksDocument(`${name}-jwks`, { userPoolId, jwksUrl }, { parent: this, dependsOn: pool ? [pool] : [] }).jwks;
        // Built during deployment, once the pool, client and keys are known; unknown in a preview of a
        // new pool, which leaves the function's code unknown too.
        const bundle: pulumi.Output<LambdaBundle> = pulumi
            .all([userPoolId, clientIds, jwks])
            .apply(([poolId, ids, keys]) => buildEdgeFunction("cognito-auth", edgeConfig(args, poolId, ids, keys)));

        const given = { ...(args.providers ?? {}), ...(args.usEast1Provider ? { [CLOUDFRONT_CONTROL_REGION]: args.usEast1Provider } : {}) };
        const providers = new RegionalProviders(name, this, given);
        const home = providers.placement(CLOUDFRONT_CONTROL_REGION);
        const role = this.createRole(home, tags);
        const fn = this.createFunction(args, home, role, bundle, tags);
        this.grantLogs(home, role, fn);
        const logGroups = this.createLogGroups(args, providers, fn, tags);
        // CloudFront gets the version only once every log group exists: the first invocation in a region
        // would otherwise let Lambda create the group itself, without retention, and make ours fail.
        const lambdaArn = pulumi.all([fn.qualifiedArn, ...logGroups.map((g) => g.name)]).apply(([arn]) => arn);

        // From the validated settings the bundle is built with: a front decides its mode rule on it.
        const readsHeader = readsAuthorizationHeader(checked.config!);
        this.userPoolId = userPoolId;
        this.appClientId = client ? client.id : pulumi.output(undefined);
        this.clientIds = clientIds;
        this.issuer = userPoolId.apply((id) => `https://cognito-idp.${regionOfUserPoolId(id)}.amazonaws.com/${id}`);
        this.jwksUrl = jwksUrl;
        this.functionName = fn.name;
        this.functionVersion = fn.version;
        this.qualifiedArn = lambdaArn;
        this.roleArn = role.arn;
        this.bundleSha256 = bundle.apply((b) => b.sha256);
        this.viewerRequest = { lambdaArn, readsAuthorizationHeader: readsHeader };

        this.registerOutputs({
            userPoolId: this.userPoolId,
            appClientId: this.appClientId,
            clientIds: this.clientIds,
            issuer: this.issuer,
            jwksUrl: this.jwksUrl,
            functionName: this.functionName,
            functionVersion: this.functionVersion,
            qualifiedArn: this.qualifiedArn,
            roleArn: this.roleArn,
            bundleSha256: this.bundleSha256,
        });
    }

    private createUserPool(settings: CognitoUserPoolSettings, tags: Record<string, string>): aws.cognito.UserPool {
        const mfa = settings.mfa ?? "OPTIONAL";
        return new aws.cognito.UserPool(
            `${this.resourceName}-user-pool`,
            {
                usernameAttributes: ["email"],
                autoVerifiedAttributes: ["email"],
                usernameConfiguration: { caseSensitive: false },
                passwordPolicy: {
                    minimumLength: settings.minimumPasswordLength ?? 12,
                    requireLowercase: true,
                    requireUppercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: 7,
                },
                adminCreateUserConfig: { allowAdminCreateUserOnly: !(settings.selfSignUp ?? false) },
                mfaConfiguration: mfa,
                // TOTP (an authenticator app) rather than SMS: no SMS role, no per-message cost, no SIM swapping.
                softwareTokenMfaConfiguration: mfa === "OFF" ? undefined : { enabled: true },
                accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                deletionProtection: settings.deletionProtection ? "ACTIVE" : "INACTIVE",
                tags,
            },
            { parent: this },
        );
    }

    // Only in a pool this component created: deleting groups of a pool it does not own would strip
    // their members on destroy.
    private createGroups(pool: aws.cognito.UserPool, groups: readonly string[]): void {
        groups.forEach(
            (group, i) =>
                new aws.cognito.UserGroup(
                    `${this.resourceName}-group-${i}`,
                    { userPoolId: pool.id, name: group, description: `Members may fetch content through ${this.resourceName}` },
                    { parent: this },
                ),
        );
    }

    // A public client: browsers and single-page apps cannot keep a secret, and the edge checks tokens,
    // not client credentials. OAuth uses the code grant (PKCE) only.
    private createAppClient(args: CognitoEdgeAuthArgs, userPoolId: pulumi.Output<string>): aws.cognito.UserPoolClient {
        const settings = (args.appClient || {}) as CognitoAppClientSettings;
        const oauth = (settings.callbackUrls ?? []).length > 0;
        const existingRegion = args.existingUserPool
            ? args.existingUserPool.region ?? regionOfUserPoolId(known(args.existingUserPool.userPoolId) ?? "")
            : undefined;
        return new aws.cognito.UserPoolClient(
            `${this.resourceName}-client`,
            {
                userPoolId,
                // An existing pool may be in another region than the stack; the client must be created there.
                region: existingRegion || undefined,
                generateSecret: false,
                explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
                supportedIdentityProviders: ["COGNITO"],
                allowedOauthFlowsUserPoolClient: oauth,
                allowedOauthFlows: oauth ? ["code"] : undefined,
                allowedOauthScopes: oauth ? [...(settings.oauthScopes ?? ["openid", "email", "profile"])] : undefined,
                callbackUrls: oauth ? [...settings.callbackUrls!] : undefined,
                logoutUrls: oauth ? [...(settings.logoutUrls ?? [])] : undefined,
                accessTokenValidity: settings.accessTokenValidityMinutes ?? 60,
                idTokenValidity: settings.idTokenValidityMinutes ?? 60,
                refreshTokenValidity: settings.refreshTokenValidityDays ?? 30,
                tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            },
            { parent: this },
        );
    }

    // IAM is global: the role needs the account's provider, never a region argument.
    private createRole({ provider }: RegionPlacement, tags: Record<string, string>): aws.iam.Role {
        return new aws.iam.Role(
            `${this.resourceName}-role`,
            {
                description: `Lambda@Edge viewer-request authentication of ${this.resourceName}`,
                assumeRolePolicy: serviceTrustPolicy(EDGE_LAMBDA_PRINCIPALS),
                tags,
            },
            { parent: this, provider },
        );
    }

    private createFunction(
        args: CognitoEdgeAuthArgs,
        { provider, region }: RegionPlacement,
        role: aws.iam.Role,
        bundle: pulumi.Output<LambdaBundle>,
        tags: Record<string, string>,
    ): aws.lambda.Function {
        const functionArgs: aws.lambda.FunctionArgs = {
            description: `Admits only valid Cognito tokens (viewer request) for ${this.resourceName}`,
            role: role.arn,
            runtime: args.runtime ?? "nodejs22.x",
            handler: "index.handler",
            code: bundle.apply(lambdaArchive),
            memorySize: VIEWER_REQUEST_LIMITS.memoryMb,
            timeout: args.timeoutSeconds ?? VIEWER_REQUEST_LIMITS.timeoutSeconds,
            architectures: [EDGE_ARCHITECTURE],
            publish: true,
            tags,
        };
        args.transform?.function?.(functionArgs);
        throwIfIssues(`CognitoEdgeAuth "${this.resourceName}"`, validateEdgeFunctionArgs(functionArgs));
        // The region argument only when the function rides the caller's provider of another region.
        return new aws.lambda.Function(`${this.resourceName}-function`, region ? { ...functionArgs, region } : functionArgs, {
            parent: this,
            provider,
            retainOnDelete: args.retainOnDelete ?? true,
        });
    }

    // Lambda@Edge writes logs in the region of the edge location that ran the function, to a log group
    // named after the function's home region: /aws/lambda/us-east-1.<name>. So the grant names that
    // group in any region (the region is not known in advance), in this account, and nothing else.
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#lambda-at-edge-logs
    private grantLogs({ provider }: RegionPlacement, role: aws.iam.Role, fn: aws.lambda.Function): void {
        const account = aws.getCallerIdentityOutput({}, { parent: this, provider }).accountId;
        new aws.iam.RolePolicy(
            `${this.resourceName}-logs`,
            {
                role: role.id,
                policy: pulumi.all([account, fn.name]).apply(([accountId, functionName]) => JSON.stringify(buildEdgeLogPolicy(accountId, functionName))),
            },
            { parent: this, provider },
        );
    }

    // The function's log groups, created before Lambda would create them without retention: its own
    // group in us-east-1 (direct invocations, e.g. console tests) and, in every edge log region, the
    // group Lambda@Edge writes there, named after the home region. One us-east-1 provider carries them
    // all with a region argument, unless the caller gave a provider for that region. Kept on delete with
    // the function: replicas outlive a destroy by hours and keep logging into them.
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#lambda-at-edge-logs
    // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html (the default group /aws/lambda/<name>)
    private createLogGroups(args: CognitoEdgeAuthArgs, providers: RegionalProviders, fn: aws.lambda.Function, tags: Record<string, string>): aws.cloudwatch.LogGroup[] {
        const retentionInDays = args.logRetentionDays ?? DEFAULT_EDGE_LOG_RETENTION_DAYS;
        const retainOnDelete = args.retainOnDelete ?? true;
        const group = (resourceName: string, logGroupName: pulumi.Input<string>, { provider, region }: RegionPlacement) =>
            new aws.cloudwatch.LogGroup(resourceName, { name: logGroupName, retentionInDays, tags, region }, { parent: this, provider, retainOnDelete });
        const own = group(`${this.resourceName}-function-logs`, pulumi.interpolate`/aws/lambda/${fn.name}`, providers.placement(CLOUDFRONT_CONTROL_REGION));
        const edge = (args.edgeLogRegions ?? REGIONAL_EDGE_CACHE_REGIONS).map((region) =>
            group(
                `${this.resourceName}-edge-logs-${region}`,
                pulumi.interpolate`/aws/lambda/${CLOUDFRONT_CONTROL_REGION}.${fn.name}`,
                providers.placementVia(CLOUDFRONT_CONTROL_REGION, region),
            ),
        );
        return [own, ...edge];
    }
}

/** The log permissions of an edge function: its `/aws/lambda/us-east-1.<name>` group in every region. */
export function buildEdgeLogPolicy(accountId: string, functionName: string): { Version: "2012-10-17"; Statement: Array<Record<string, unknown>> } {
    const group = `arn:aws:logs:*:${accountId}:log-group:/aws/lambda/us-east-1.${functionName}`;
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "CreateEdgeLogGroup", Effect: "Allow", Action: "logs:CreateLogGroup", Resource: group },
            { Sid: "WriteEdgeLogs", Effect: "Allow", Action: [...LOG_WRITE_ACTIONS], Resource: `${group}:*` },
        ],
    };
}

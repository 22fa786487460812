import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    EDGE_AUTH_CONFIG_FIELDS,
    EdgeAuthConfig,
    jwksUrlOf,
    readsAuthorizationHeader,
    regionOfUserPoolId,
    validateEdgeAuthConfig,
} from "../shared/edge-auth-config";
import { CLOUDFRONT_CONTROL_REGION, PARTITIONS, Partition, REGIONAL_EDGE_CACHE_REGIONS, VIEWER_REQUEST_LIMITS, partitionOfRegion } from "./cloudfront-facts";
import { FRONT_MODES, FrontMode, authorizationHeaderUse } from "./front-modes";
import { LAMBDA_PRINCIPAL, LOG_WRITE_ACTIONS, serviceTrustPolicy } from "./iam-policies";
import { FunctionPackage, buildEdgeFunction, lambdaArchive, prebuiltBundle } from "./lambda-bundle";
import { ViewerRequestAuth, ViewerRequestFunction, directoryIndexConflict } from "./legacy-tls-front";
import { ProvidersByRegion, RegionPlacement, RegionalProviders, validateProvidersByRegion, validateUsEast1Provider } from "./providers";
import {
    CognitoAppClientSettings,
    CognitoEdgeAuthSettings,
    CognitoJwks,
    CognitoSignInSettings,
    CognitoUserPoolSettings,
    EdgeAuthFunctionSettings,
    EdgeRuntime,
    LogRetentionDays,
    SignedCookieSettings,
    TokenUse,
} from "./settings/cognito-edge-auth";
import {
    MANAGED_LOGIN_VERSION,
    SIGNED_COOKIE_DEFAULTS,
    buildEdgeSignInPolicy,
    defaultDomainPrefix,
    pathPatternMatches,
    signInClientIdParameterNameOf,
    signInEndpoints,
} from "./cognito-sign-in";
import { ResolvedSignIn, defaultLoginStyle, publicClientArgs, resolveSignIn, scopesNotAllowed, signInClientOAuth } from "./sign-in-app-client";
import { settingsIssues } from "./settings-validation";
import { ComponentState, componentType, withFormerType } from "./type-tokens";
import { Issue, ValidationError, checkBoolean, checkOneOf, isPlainObject, throwIfIssues } from "./validation";


/** Every `EdgeRuntime`, newest first. */
export const EDGE_RUNTIMES: readonly EdgeRuntime[] = Object.values(EdgeRuntime);

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

/** Every `LogRetentionDays`, shortest first. */
export const CLOUDWATCH_LOG_RETENTION_DAYS: readonly LogRetentionDays[] = Object.values(LogRetentionDays);

/**
 * Days the edge function's logs are kept by default: a month covers a monthly review of
 * authentication failures, and the same as the regional API keeps its function logs.
 */
export const DEFAULT_EDGE_LOG_RETENTION_DAYS: LogRetentionDays = LogRetentionDays.Days30;

/**
 * Hooks that change a child's arguments before it is created (as SST's `transform`), for TypeScript
 * programs: the constructor's fourth argument, not part of `CognitoEdgeAuthArgs` (functions cannot
 * be published to other languages; they have Pulumi's `transforms` resource option).
 */
export interface CognitoEdgeAuthTransforms {
    /**
     * Edit the Lambda@Edge function's arguments in place. The result is checked again: environment
     * variables, another architecture, more memory or time than viewer-request allows, or `publish: false`
     * are refused.
     */
    readonly function?: (args: aws.lambda.FunctionArgs) => void;
}

/** The viewer-request side of a `CognitoEdgeAuth`: what a front associates, the ARN an output of the component. */
export interface CognitoEdgeAuthViewerRequest extends ViewerRequestFunction {
    /** The qualified (versioned) ARN of the function, once its log groups exist. */
    readonly lambdaArn: pulumi.Output<string>;
}

/**
 * Arguments of `CognitoEdgeAuth`: its settings (`CognitoEdgeAuthSettings`: the pool, the app
 * client, what the function checks, its runtime and logs), and what the program around it decides.
 */
export interface CognitoEdgeAuthArgs extends CognitoEdgeAuthSettings {
    /**
     * The pool's key set, to embed as given instead of reading it from the pool's
     * `/.well-known/jwks.json` during deployment.
     * @default read from the pool during `pulumi up`, refreshed by `pulumi refresh`
     */
    readonly jwks?: CognitoJwks;
    /**
     * The mode of the front this auth will guard, to refuse an impossible combination early (the front
     * checks it again when composed): in `unsigned` the token must come from a cookie only.
     * @default not checked here
     */
    readonly frontMode?: FrontMode;
    /**
     * The front's `directoryIndex`, passed on by the program that composes the two: after a successful
     * check the function passes a `GET` or `HEAD` of a URI ending in `/` on with this object name appended (`/docs/` →
     * `/docs/index.html`); a refused request is never rewritten. CloudFront allows no CloudFront Function
     * next to this Lambda@Edge function on a behaviour's viewer events, so where the auth runs the rewrite
     * must happen in it; the front checks that both name the same index. Not with `frontMode` `unsigned`
     * or `presigned`, where the viewer's signature covers the path.
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
     * @default none (no URI is rewritten)
     * @example "index.html"
     */
    readonly directoryIndex?: string;
    /**
     * The partition of the stack. Lambda@Edge does not exist in `aws-cn`: there the component refuses.
     * @default from the stack's region
     */
    readonly partition?: Partition;
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
     * @default see `CognitoEdgeAuthArgs.providers`
     */
    readonly usEast1Provider?: aws.Provider;
    /** Tags on the pool, the function and the role. @default {} */
    readonly tags?: Record<string, string>;
    /**
     * With `signIn`: the front's custom domain names (its `domainNames`). Given, the app client this
     * component creates is the sign-in client (callback `https://<name><callbackPath>` and sign-out URL
     * `https://<name><signedOutPath>` for each) and its ID is baked into the function. Not given, the front
     * is known by its `*.cloudfront.net` name only once the distribution exists, which needs this function
     * first: the function then reads the sign-in client's ID at cold start from the SSM parameter
     * `signInClientIdParameterName` (us-east-1), which a `SignInAppClient` created after the front writes.
     * @default none (the client ID is read from the parameter)
     * @example ["legacy.example.com"]
     */
    readonly frontDomainNames?: string[];
    /**
     * With `signedCookies`: the keys the cookies are signed with and the paths they cover, normally the
     * front's `SignedContentKeys` (with its `kmsKeyArn` when its secret uses a customer managed key). The
     * function reads the private key from `secretArn` at cold start; the role may read that secret only.
     * @default none
     */
    readonly signedContentKeys?: SignedCookieKeys;
}

/**
 * The signing keys of the cost mode's cookies: a `SignedContentKeys` is one (add `kmsKeyArn` when its
 * secret uses a customer managed key).
 */
export interface SignedCookieKeys {
    /** CloudFront public key ID of the current key: the cookies' `Key-Pair-Id`. */
    readonly publicKeyId: pulumi.Input<string>;
    /** The Secrets Manager secret with the private key (the formats `SignedContentKeys` writes); required. */
    readonly secretArn: pulumi.Input<string | undefined>;
    /** The signed paths (CloudFront path patterns) the cookies must cover. */
    readonly pathPatterns: string[];
    /**
     * The customer managed KMS key that encrypts the secret; the role may then decrypt with it, only through
     * Secrets Manager and only for that secret.
     * @default none (the account's aws/secretsmanager key)
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

/** A known string, or `undefined` while it is an output. */
function known(value: pulumi.Input<string> | undefined): string | undefined {
    return typeof value === "string" ? value : undefined;
}

// Cognito redirect URIs: absolute, no fragment, HTTPS except http://localhost for testing.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
// (The list and its items being strings is the schema's check.)
function checkRedirectUrls(path: string, urls: readonly string[] | undefined, issues: Issue[]): void {
    if (!Array.isArray(urls)) return;
    urls.forEach((url, i) => {
        if (typeof url !== "string") return;
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

/**
 * The function's config: what the component fills in (the parts known only after deployment are
 * parameters), and every `EdgeAuthFunctionSettings` field as given.
 */
function edgeConfig(
    args: CognitoEdgeAuthArgs,
    userPoolId: string,
    clientIds: readonly string[],
    jwks: CognitoJwks,
    sections: { signIn?: Record<string, unknown>; signedCookies?: Record<string, unknown> } = {},
): Record<string, unknown> {
    const config: Record<string, unknown> = {
        userPoolId,
        clientIds: [...clientIds],
        tokenUse: args.tokenUse ?? TokenUse.Access,
        requiredGroups: [...(args.requiredGroups ?? [])],
        jwks,
    };
    if (args.directoryIndex !== undefined) config.directoryIndex = args.directoryIndex;
    if (sections.signIn !== undefined) config.signIn = sections.signIn;
    if (sections.signedCookies !== undefined) config.signedCookies = sections.signedCookies;
    // The function settings are the config fields this component does not fill in itself (signIn and
    // signedCookies are built from the settings of the same names, which have another shape).
    const filled: readonly string[] = ["userPoolId", "clientIds", "tokenUse", "requiredGroups", "jwks", "directoryIndex", "signIn", "signedCookies"];
    const settings = EDGE_AUTH_CONFIG_FIELDS.filter((key) => !filled.includes(key)) as (keyof EdgeAuthFunctionSettings)[];
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
    const idsKnown = args.appClient?.create === false && extraIds.every((id) => typeof id === "string");
    const cookiePatterns = Array.isArray(args.signedContentKeys?.pathPatterns) ? args.signedContentKeys.pathPatterns : undefined;
    const placeholders: Record<string, boolean> = {
        userPoolId: poolId === undefined,
        clientIds: !idsKnown,
        jwks: args.jwks === undefined,
        // Known only once created: the baked client's ID, the keys' ID and secret.
        "signIn.clientId": true,
        "signedCookies.keyPairId": true,
        "signedCookies.privateKeySecretArn": true,
        "signedCookies.pathPatterns": cookiePatterns === undefined,
    };
    const signIn = isPlainObject(args.signIn) ? signInSection(args.signIn, "eu-west-1", "placeholder", bakesSignInClient(args) ? { clientId: "placeholder" } : { parameterName: "/placeholder/sign-in-client-id" }) : undefined;
    const signedCookies = isPlainObject(args.signedCookies)
        ? signedCookiesSection(args.signedCookies, "PLACEHOLDER", "arn:aws:secretsmanager:us-east-1:123456789012:secret:placeholder", cookiePatterns ?? ["/placeholder/*"])
        : undefined;
    const raw = edgeConfig(
        args,
        poolId ?? "us-east-1_Placeholder",
        idsKnown ? (extraIds as string[]) : [...extraIds.filter((id): id is string => typeof id === "string"), "placeholder"],
        args.jwks ?? { keys: [] },
        { signIn, signedCookies },
    );
    try {
        return validateEdgeAuthConfig(raw);
    } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const placeholder = (path: string) => Object.entries(placeholders).some(([at, is]) => is && (path === at || path.startsWith(`${at}.`) || path.startsWith(`${at}[`)));
        const real = error.issues.filter((issue) => !placeholder(issue.path) && !placeholder(issue.path.split(/[.[]/)[0]));
        issues.push(...real.map(argumentPathOfConfigIssue));
        // Only placeholders failed: every setting the user gave is valid, so the raw settings are the config.
        return real.length === 0 ? (raw as unknown as EdgeAuthConfig) : undefined;
    }
}

/** The argument a config issue is about: the config's fields mostly have the settings' names. */
function argumentPathOfConfigIssue(issue: Issue): Issue {
    const rename = (path: string) => ({ ...issue, path });
    if (issue.path.startsWith("userPoolId")) return rename(`existingUserPool.${issue.path}`);
    // The endpoints are made from the domain prefix.
    if (/^signIn\.(authorizeUrl|tokenUrl|revokeUrl|logoutUrl)/.test(issue.path)) return rename("signIn.domainPrefix");
    if (issue.path.startsWith("signedCookies.pathPatterns")) return rename(issue.path.replace("signedCookies.pathPatterns", "signedContentKeys.pathPatterns"));
    return issue;
}

/** Whether the component's own app client is the sign-in client, its ID baked into the function (the front's domains are known). */
function bakesSignInClient(args: CognitoEdgeAuthArgs): boolean {
    return args.signIn !== undefined && Array.isArray(args.frontDomainNames) && args.frontDomainNames.length > 0;
}

/** The function's `signIn` config (`EdgeSignInConfig`): the settings with their defaults, the endpoints, and the client. */
function signInSection(
    settings: CognitoSignInSettings,
    region: string,
    domainPrefix: string,
    client: { clientId: string } | { parameterName: string },
): Record<string, unknown> {
    const resolved: ResolvedSignIn = resolveSignIn(settings);
    const { authorizeUrl, tokenUrl, revokeUrl, logoutUrl } = signInEndpoints(settings.domainPrefix ?? domainPrefix, region);
    return {
        authorizeUrl,
        tokenUrl,
        revokeUrl,
        logoutUrl,
        ...("clientId" in client ? { clientId: client.clientId } : { clientIdParameter: { name: client.parameterName, region: CLOUDFRONT_CONTROL_REGION } }),
        ...resolved,
    };
}

/** The function's `signedCookies` config (`EdgeSignedCookiesConfig`). */
function signedCookiesSection(settings: SignedCookieSettings, keyPairId: string, privateKeySecretArn: string, pathPatterns: readonly string[]): Record<string, unknown> {
    return {
        keyPairId,
        privateKeySecretArn,
        pathPatterns: [...pathPatterns],
        lifetimeSeconds: settings.lifetimeSeconds ?? SIGNED_COOKIE_DEFAULTS.lifetimeSeconds,
        keyCacheSeconds: settings.keyCacheSeconds ?? SIGNED_COOKIE_DEFAULTS.keyCacheSeconds,
    };
}

/**
 * Checks the arguments of a `CognitoEdgeAuth` and returns every problem found: the settings
 * against their schema (types, allowed values, ranges, patterns, unknown keys), the rules that tie
 * settings together, and the edge function's own config checks on what the function will be built with.
 * `stackRegion` is the stack's `aws:region` (for the partition); each path starts with `prefix`. Values
 * that are not known yet (outputs) are skipped.
 */
export function validateCognitoEdgeAuthArgs(args: CognitoEdgeAuthArgs, stackRegion?: string, prefix = ""): Issue[] {
    const { issues } = checkCognitoEdgeAuthArgs(args, stackRegion);
    return prefix === "" ? issues : issues.map((issue) => ({ ...issue, path: `${prefix}.${issue.path}` }));
}

/** The rules of `signIn`, `signedCookies` and the arguments they need, beyond the settings' schema. */
function signInIssues(args: CognitoEdgeAuthArgs): Issue[] {
    const issues: Issue[] = [];
    const signIn = isPlainObject(args.signIn) ? (args.signIn as CognitoSignInSettings) : undefined;
    if (args.signedCookies !== undefined && args.signIn === undefined) {
        issues.push({ path: "signedCookies", value: args.signedCookies, problem: "requires signIn: the function sets the cookies after a sign-in" });
    }
    if (signIn === undefined) {
        if (args.frontDomainNames !== undefined && (!Array.isArray(args.frontDomainNames) || args.frontDomainNames.length > 0)) {
            issues.push({ path: "frontDomainNames", value: args.frontDomainNames, problem: "applies only with signIn (the sign-in client's URLs)" });
        }
        return issues;
    }
    if (args.existingUserPool !== undefined) {
        issues.push({
            path: "signIn",
            value: "(set)",
            problem: "cannot be combined with existingUserPool: the sign-in domain and app client belong to the pool's owner; sign in with a pool this component creates",
        });
    }
    if (args.frontDomainNames !== undefined && !(Array.isArray(args.frontDomainNames) && args.frontDomainNames.every((host) => typeof host === "string" && host.length > 0))) {
        issues.push({ path: "frontDomainNames", value: args.frontDomainNames, problem: "is not a list of host names (the front's domainNames)" });
    }
    if (bakesSignInClient(args)) {
        if (args.appClient?.create === false) {
            issues.push({
                path: "appClient.create",
                value: false,
                problem: "cannot be false with signIn and frontDomainNames: the component's own app client is then the sign-in client",
            });
        }
        const missing = scopesNotAllowed(signIn, args.appClient);
        if (missing.length > 0) {
            issues.push({ path: "appClient.oauthScopes", value: args.appClient?.oauthScopes, problem: `does not allow ${missing.join(", ")}, which signIn.scopes requests` });
        }
    }
    // CloudFront checks a signed path's signature before any function runs, and the function does not run
    // at all where viewerAuth is false: the flow's own paths must stay on behaviours that run it.
    const patterns = Array.isArray(args.signedContentKeys?.pathPatterns) ? args.signedContentKeys.pathPatterns : [];
    const resolved = resolveSignIn(signIn);
    for (const field of ["callbackPath", "signOutPath"] as const) {
        const pattern = patterns.find((p) => typeof p === "string" && typeof resolved[field] === "string" && pathPatternMatches(p, resolved[field]));
        if (pattern !== undefined) {
            issues.push({
                path: `signIn.${field}`,
                value: resolved[field],
                problem: `falls under the signed path pattern "${pattern}", where CloudFront needs signed cookies before the function can run; choose a path outside the signed paths`,
            });
        }
    }
    return issues;
}

/** Whether one of `issues` is about `path`, an item or member of it, or a list or object holding it. */
function reportedAt(issues: readonly Issue[], path: string): boolean {
    const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
    return issues.some((issue) => within(path, issue.path) || within(issue.path, path));
}

/** The checks of `validateCognitoEdgeAuthArgs`, plus the validated function settings when valid. */
function checkCognitoEdgeAuthArgs(args: CognitoEdgeAuthArgs, stackRegion: string | undefined): { issues: Issue[]; config?: EdgeAuthConfig } {
    // What the program decides is checked below; the rest are the settings. Old spellings are left to
    // their own messages, which say what to write instead.
    const raw = args as CognitoEdgeAuthArgs & { environment?: unknown; transform?: unknown };
    const { jwks, frontMode, directoryIndex, partition: givenPartition, retainOnDelete, providers, usEast1Provider, tags, environment, transform, frontDomainNames, signedContentKeys, ...settings } = raw;
    const legacyNoClient = (settings.appClient as unknown) === false;
    const issues = settingsIssues("CognitoEdgeAuthSettings", legacyNoClient ? { ...settings, appClient: undefined } : settings);
    if (environment !== undefined) {
        issues.push({
            path: "environment",
            value: environment,
            problem: "is not allowed: Lambda@Edge functions have no environment variables; the config travels in the deployment archive as config.json",
        });
    }
    if (transform !== undefined) {
        issues.push({
            path: "transform",
            value: "(set)",
            problem: "is not an argument any more: pass the hooks as the constructor's fourth argument, new CognitoEdgeAuth(name, args, opts, { function: ... })",
        });
    }
    if (legacyNoClient) {
        issues.push({ path: "appClient", value: false, problem: "is not an object; write appClient: { create: false } to create no app client" });
    }
    const partition = givenPartition ?? (stackRegion ? partitionOfRegion(stackRegion) : "aws");
    if (checkOneOf("partition", partition, PARTITIONS, issues) && partition === "aws-cn") {
        issues.push({ path: "partition", value: partition, problem: "has no Lambda@Edge (CloudFront in China does not offer it); CognitoEdgeAuth cannot be used there" });
    }
    if (retainOnDelete !== undefined) checkBoolean("retainOnDelete", retainOnDelete, issues);
    validateProvidersByRegion(providers, issues);
    validateUsEast1Provider(usEast1Provider, providers, issues);
    const frontModeOk = frontMode === undefined || checkOneOf("frontMode", frontMode, FRONT_MODES, issues);

    if (args.userPool !== undefined && args.existingUserPool !== undefined) {
        issues.push({ path: "userPool", value: args.userPool, problem: "cannot be combined with existingUserPool (settings apply only to a pool this component creates)" });
    }
    const existing = args.existingUserPool;
    if (existing !== undefined && existing !== null && typeof existing === "object") {
        const id = known(existing.userPoolId);
        const region = typeof existing.region === "string" ? existing.region : undefined;
        if (id === undefined && existing.region === undefined) {
            issues.push({ path: "existingUserPool.region", value: undefined, problem: "is required when userPoolId is not known until deployment" });
        }
        if (id !== undefined && region !== undefined && id.includes("_") && regionOfUserPoolId(id) !== region) {
            issues.push({ path: "existingUserPool.region", value: region, problem: `does not match the region in userPoolId ("${regionOfUserPoolId(id)}")` });
        }
        const poolRegion = region ?? (id?.includes("_") ? regionOfUserPoolId(id) : undefined);
        if (poolRegion !== undefined && partitionOfRegion(poolRegion) === "aws-cn") {
            issues.push({ path: "existingUserPool.region", value: poolRegion, problem: "is in aws-cn, which has no Lambda@Edge" });
        }
    }
    const client = legacyNoClient ? undefined : args.appClient;
    const noClientAtAll = client?.create === false && (!Array.isArray(args.clientIds) || args.clientIds.length === 0);
    if (client?.create === false) {
        if (noClientAtAll) {
            issues.push({ path: "appClient.create", value: false, problem: "needs clientIds: without an app client of its own the function must accept at least one existing client" });
        }
        const unused = Object.keys(client).filter((key) => key !== "create");
        if (unused.length > 0) {
            issues.push({ path: `appClient.${unused[0]}`, value: client[unused[0] as keyof CognitoAppClientSettings], problem: "applies only to a client this component creates; remove it, or remove create: false" });
        }
    } else if (client !== undefined && client !== null && typeof client === "object") {
        checkRedirectUrls("appClient.callbackUrls", client.callbackUrls, issues);
        checkRedirectUrls("appClient.logoutUrls", client.logoutUrls, issues);
    }
    issues.push(...signInIssues(args));
    // Each region once: two log groups of the same name in one region cannot both be created.
    if (Array.isArray(args.edgeLogRegions)) {
        args.edgeLogRegions.forEach((region, i, regions) => {
            if (typeof region === "string" && regions.indexOf(region) !== i) issues.push({ path: `edgeLogRegions[${i}]`, value: region, problem: "is listed twice" });
        });
    }

    // The function's own checks (cookie name with the cookie source, reserved headers and claims, the
    // keys, lists without repeats, ...) on the config it will be built with; what the schema already
    // reported is not reported again.
    const functionIssues: Issue[] = [];
    const config = probeEdgeConfig(args, functionIssues);
    const schemaIssues = [...issues];
    // (An empty clientIds without a client of its own is the rule above's.)
    issues.push(...functionIssues.filter((issue) => !reportedAt(schemaIssues, issue.path) && !(noClientAtAll && issue.path === "clientIds")));
    const headerUse = frontModeOk && frontMode !== undefined ? authorizationHeaderUse(frontMode) : undefined;
    if (config && headerUse && readsAuthorizationHeader(config)) {
        issues.push({
            path: "tokenSources",
            value: args.tokenSources ?? "(default: authorization-header)",
            problem: `reads the Authorization header, but frontMode "${frontMode}" cannot allow that: ${headerUse}; use tokenSources: ["cookie"] with a cookieName`,
        });
    }
    const indexConflict = frontModeOk && frontMode !== undefined && directoryIndex !== undefined ? directoryIndexConflict(frontMode) : undefined;
    if (indexConflict) issues.push({ path: "directoryIndex", value: directoryIndex, problem: `cannot be used with frontMode "${frontMode}": ${indexConflict}` });
    return { issues, config };
}

/**
 * Checks the Lambda@Edge function's final arguments (after the `function` hook of
 * `CognitoEdgeAuthTransforms`, whose issues are named `transform.function.*`) against what
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
 * function's config.json is rewritten from what it read. Self-contained on purpose: Pulumi serializes
 * these functions into the state, so they may use only globals.
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
    // Keep the public members only, so nothing else the endpoint returns reaches the function's config.
    const keys = body.keys.map((key: Record<string, unknown>) => {
        const out: Record<string, string> = {};
        for (const member of ["kty", "kid", "n", "e", "alg", "use"]) if (typeof key[member] === "string") out[member] = key[member] as string;
        return out;
    });
    return { keys };
}

/** The JWKS of a user pool, read during deployment (see `jwksProvider`). */
class JwksDocument extends pulumi.dynamic.Resource {
    /**
     * The key set, as the pool publishes it (the function's config checks every key). (`declare`: the
     * base class sets it; a class field would reset it.)
     */
    declare public readonly jwks: pulumi.Output<CognitoJwks>;

    constructor(name: string, args: { userPoolId: pulumi.Input<string>; jwksUrl: pulumi.Input<string> }, opts: pulumi.CustomResourceOptions) {
        super(jwksProvider, name, { ...args, jwks: undefined }, opts, "cognito", "JwksDocument");
    }
}

/** A signing secret's ARN, which the cost mode needs (keys brought without a secret cannot sign cookies at the edge). */
function requiredSecretArn(secretArn: string | undefined): string {
    if (secretArn === undefined) {
        throw new ValidationError("CognitoEdgeAuth", [
            { path: "signedContentKeys.secretArn", value: undefined, problem: "is required with signedCookies: the function reads the private key from that secret (give the keys existingPrivateKeySecretArn)" },
        ]);
    }
    return secretArn;
}

/** What only the constructor can check: the stack's region for the sign-in endpoints, and the keys the cookies need. */
function constructionIssues(args: CognitoEdgeAuthArgs, stackRegion: string | undefined): Issue[] {
    const issues: Issue[] = [];
    if (args.signIn !== undefined && stackRegion === undefined) {
        issues.push({ path: "signIn", value: "(set)", problem: "needs the stack's region (aws:region), where the pool and its sign-in domain are" });
    }
    if (args.signedCookies !== undefined && args.signedContentKeys === undefined) {
        issues.push({ path: "signedContentKeys", value: undefined, problem: "is required with signedCookies: the keys the cookies are signed with (the front's SignedContentKeys)" });
    }
    if (args.signedContentKeys !== undefined && args.signedCookies === undefined) {
        issues.push({ path: "signedContentKeys", value: "(set)", problem: "applies only with signedCookies" });
    }
    const secretArn = args.signedContentKeys?.secretArn;
    if (args.signedContentKeys !== undefined && (secretArn === undefined || secretArn === null)) {
        issues.push({ path: "signedContentKeys.secretArn", value: secretArn, problem: "is required with signedCookies: the function reads the private key from that secret" });
    }
    return issues;
}

/** What a `CognitoEdgeAuth` keeps for its own code. */
interface CognitoEdgeAuthState {
    readonly resourceName: string;
}
const authState = new ComponentState<CognitoEdgeAuth, CognitoEdgeAuthState>();

/**
 * A Cognito user pool (created, or an existing one), its app client and required groups, and a
 * Lambda@Edge viewer-request function that admits only requests with a valid token of that pool, built
 * from the prebuilt `edge-functions/cognito-auth` bundle, its config and the pool's JWKS next to it as
 * `config.json`. Pass it to `LegacyTlsFront` as `viewerAuth`; the front associates the function's
 * numbered version with its behaviours.
 *
 * With `signIn` the component also creates the pool's managed login domain, and the function signs
 * browsers in (code flow with PKCE, tokens in cookies): with `frontDomainNames` its own app client is the
 * sign-in client, baked into the function; without them the function reads the client's ID from the SSM
 * parameter `signInClientIdParameterName`, written by a `SignInAppClient` created after the front. With
 * `signedCookies` the function also sets CloudFront signed cookies with `signedContentKeys`, reading
 * the private key from its secret at cold start (docs/sign-in.md).
 *
 * The function, its role, its log permissions and its log groups live in us-east-1, whatever the stack's
 * region, with the caller's account settings (see `CognitoEdgeAuthArgs.providers`); the edge log
 * groups, created with a retention in every regional edge cache region, ride the same provider with a
 * region argument. The pool stays in the stack's region. The function and its log groups are kept on
 * delete (see `CognitoEdgeAuthArgs.retainOnDelete`).
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
    /** The ID of the app client this component created; `undefined` with `appClient: { create: false }`. */
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
    /**
     * SHA-256 of the deployment package, the prebuilt `index.js` and its `config.json`
     * (`sha256sum config.json index.js | sha256sum`): same sources and config → same hash → no new version.
     */
    public readonly bundleSha256: pulumi.Output<string>;
    /** What a front needs to associate this function (see `ViewerRequestAuth`). */
    public readonly viewerRequest: CognitoEdgeAuthViewerRequest;
    /** With `signIn`: the managed login host, `<prefix>.auth.<region>.amazoncognito.com`; else `undefined`. */
    public readonly signInDomain: pulumi.Output<string | undefined>;
    /**
     * With `signIn` and no `frontDomainNames`: the SSM parameter (us-east-1) the function reads the sign-in
     * client's ID from; pass it to the `SignInAppClient` created after the front. Else `undefined`.
     */
    public readonly signInClientIdParameterName: pulumi.Output<string | undefined>;

    private get resourceName(): string {
        return authState.of(this).resourceName;
    }

    /**
     * @param transform hooks that change a child's arguments, for TypeScript programs (see `CognitoEdgeAuthTransforms`)
     */
    constructor(name: string, args: CognitoEdgeAuthArgs = {}, opts?: pulumi.ComponentResourceOptions, transform?: CognitoEdgeAuthTransforms) {
        const stackRegion = new pulumi.Config("aws").get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
        const checked = checkCognitoEdgeAuthArgs(args, stackRegion);
        throwIfIssues(`CognitoEdgeAuth "${name}"`, [...checked.issues, ...constructionIssues(args, stackRegion)]);
        super(componentType("CognitoEdgeAuth"), name, {}, withFormerType("legacytls:edge:CognitoEdgeAuth", opts));
        authState.init(this, { resourceName: name });
        const tags = args.tags ?? {};

        const pool = args.existingUserPool ? undefined : this.createUserPool(args.userPool ?? {}, tags);
        const userPoolId = pool ? pool.id : pulumi.output(args.existingUserPool!.userPoolId);
        if (pool) this.createGroups(pool, args.requiredGroups ?? []);
        const client = args.appClient?.create === false ? undefined : this.createAppClient(args, userPoolId);
        const clientIds = pulumi.all([client?.id, ...(args.clientIds ?? [])]).apply((ids) => ids.filter((id): id is string => id !== undefined));
        const signIn = args.signIn ? this.createSignIn(args, args.signIn, stackRegion!, userPoolId, client) : undefined;
        const keys = args.signedCookies ? args.signedContentKeys : undefined;

        const jwksUrl = userPoolId.apply(jwksUrlOf);
        const jwks: pulumi.Output<CognitoJwks> = args.jwks
            ? pulumi.output(args.jwks)
            : new JwksDocument(`${name}-jwks`, { userPoolId, jwksUrl }, { parent: this, dependsOn: pool ? [pool] : [] }).jwks;
        // The prebuilt function (dist/functions/cognito-auth/index.js), looked up now so a package built
        // without it fails at once; its config.json is written during deployment, once the pool, client
        // and keys are known (unknown in a preview of a new pool, which leaves the function's code unknown too).
        const prebuilt = prebuiltBundle("cognito-auth");
        const bundle: pulumi.Output<FunctionPackage> = pulumi
            .all([userPoolId, clientIds, jwks, signIn?.section, keys?.publicKeyId, keys?.secretArn])
            .apply(([poolId, ids, poolKeys, signInConfig, keyPairId, secretArn]) =>
                buildEdgeFunction(
                    "cognito-auth",
                    edgeConfig(args, poolId, ids, poolKeys, {
                        signIn: signInConfig,
                        signedCookies: keys ? signedCookiesSection(args.signedCookies!, keyPairId!, requiredSecretArn(secretArn), keys.pathPatterns) : undefined,
                    }),
                    prebuilt,
                ),
            );

        const given = { ...(args.providers ?? {}), ...(args.usEast1Provider ? { [CLOUDFRONT_CONTROL_REGION]: args.usEast1Provider } : {}) };
        const providers = new RegionalProviders(name, this, given);
        const home = providers.placement(CLOUDFRONT_CONTROL_REGION);
        const role = this.createRole(home, tags);
        const fn = this.createFunction(args, transform, home, role, bundle, tags);
        this.grantLogs(home, role, fn);
        if (signIn?.parameterName !== undefined || keys !== undefined) this.grantSignIn(args, home, role, signIn?.parameterName, keys);
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
        this.viewerRequest = { lambdaArn, readsAuthorizationHeader: readsHeader, ...(args.directoryIndex !== undefined ? { directoryIndex: args.directoryIndex } : {}) };
        this.signInDomain = signIn ? signIn.host : pulumi.output(undefined);
        this.signInClientIdParameterName = pulumi.output(signIn?.parameterName);

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
            signInDomain: this.signInDomain,
            signInClientIdParameterName: this.signInClientIdParameterName,
        });
    }

    // The managed login domain (in the pool's region), and the function's signIn config: the baked ID of
    // the component's own client when the front's domains are known, else the parameter to read it from.
    // The config waits for the domain, so no version of the function sends users to a domain not yet there.
    private createSignIn(
        args: CognitoEdgeAuthArgs,
        settings: CognitoSignInSettings,
        region: string,
        userPoolId: pulumi.Output<string>,
        client: aws.cognito.UserPoolClient | undefined,
    ): { host: pulumi.Output<string>; section: pulumi.Output<Record<string, unknown>>; parameterName?: string } {
        const name = this.resourceName;
        const prefix = settings.domainPrefix ?? defaultDomainPrefix(pulumi.getProject(), pulumi.getStack(), name);
        const domain = new aws.cognito.UserPoolDomain(`${name}-domain`, { domain: prefix, userPoolId, managedLoginVersion: MANAGED_LOGIN_VERSION }, { parent: this });
        const host = domain.domain.apply((d) => signInEndpoints(d, region).host);
        if (bakesSignInClient(args) && client) {
            defaultLoginStyle(`${name}-login-style`, userPoolId, client.id, undefined, this);
            return { host, section: pulumi.all([domain.domain, client.id]).apply(([d, clientId]) => signInSection(settings, region, d, { clientId })) };
        }
        const parameterName = signInClientIdParameterNameOf(pulumi.getProject(), pulumi.getStack(), name);
        return { host, parameterName, section: domain.domain.apply((d) => signInSection(settings, region, d, { parameterName })) };
    }

    // Read the client ID parameter, read (and decrypt) the signing key's secret: one exact ARN each.
    private grantSignIn(args: CognitoEdgeAuthArgs, { provider }: RegionPlacement, role: aws.iam.Role, parameterName: string | undefined, keys: SignedCookieKeys | undefined): void {
        const caller = aws.getCallerIdentityOutput({}, { parent: this, provider });
        const partition = args.partition ?? aws.getPartitionOutput({}, { parent: this, provider }).partition;
        new aws.iam.RolePolicy(
            `${this.resourceName}-sign-in`,
            {
                role: role.id,
                policy: pulumi
                    .all([partition, caller.accountId, keys?.secretArn, keys?.kmsKeyArn])
                    .apply(([part, accountId, secretArn, kmsKeyArn]) =>
                        JSON.stringify(buildEdgeSignInPolicy({ partition: part, accountId, parameterName, secretArn: keys ? requiredSecretArn(secretArn) : undefined, kmsKeyArn })),
                    ),
            },
            { parent: this, provider },
        );
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
        const settings: CognitoAppClientSettings = args.appClient ?? {};
        const oauth = (settings.callbackUrls ?? []).length > 0;
        const existingRegion = args.existingUserPool
            ? args.existingUserPool.region ?? regionOfUserPoolId(known(args.existingUserPool.userPoolId) ?? "")
            : undefined;
        // With sign-in on the front's known domains this client is the sign-in client: its callback and
        // sign-out URLs on each domain (then the ones given), the scopes the flow requests.
        const signIn = bakesSignInClient(args) ? signInClientOAuth(args.frontDomainNames!, resolveSignIn(args.signIn), settings) : undefined;
        return new aws.cognito.UserPoolClient(
            `${this.resourceName}-client`,
            {
                userPoolId,
                // An existing pool may be in another region than the stack; the client must be created there.
                region: existingRegion || undefined,
                ...publicClientArgs(settings),
                explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                supportedIdentityProviders: ["COGNITO"],
                allowedOauthFlowsUserPoolClient: oauth,
                allowedOauthFlows: oauth ? ["code"] : undefined,
                allowedOauthScopes: oauth ? [...(settings.oauthScopes ?? ["openid", "email", "profile"])] : undefined,
                callbackUrls: oauth ? [...settings.callbackUrls!] : undefined,
                logoutUrls: oauth ? [...(settings.logoutUrls ?? [])] : undefined,
                ...(signIn ?? {}),
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
        transform: CognitoEdgeAuthTransforms | undefined,
        { provider, region }: RegionPlacement,
        role: aws.iam.Role,
        bundle: pulumi.Output<FunctionPackage>,
        tags: Record<string, string>,
    ): aws.lambda.Function {
        const functionArgs: aws.lambda.FunctionArgs = {
            description: `Admits only valid Cognito tokens (viewer request) for ${this.resourceName}`,
            role: role.arn,
            runtime: args.runtime ?? EdgeRuntime.Nodejs22,
            handler: "index.handler",
            code: bundle.apply(lambdaArchive),
            memorySize: VIEWER_REQUEST_LIMITS.memoryMb,
            timeout: args.timeoutSeconds ?? VIEWER_REQUEST_LIMITS.timeoutSeconds,
            architectures: [EDGE_ARCHITECTURE],
            publish: true,
            tags,
        };
        transform?.function?.(functionArgs);
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

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
import { PARTITIONS, Partition, partitionOfRegion } from "./cloudfront-facts";
import { FRONT_MODES, FrontMode, authorizationHeaderUse } from "./front-modes";
import { LAMBDA_PRINCIPAL, LOG_WRITE_ACTIONS, serviceTrustPolicy } from "./iam-policies";
import { LambdaBundle, lambdaArchive } from "./lambda-bundle";
import { ViewerRequestAuth } from "./legacy-tls-front";
import { usEast1Provider } from "./providers";
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
     * are gone (a few hours); each edge region also keeps a log group `/aws/lambda/us-east-1.<functionName>`.
     * The role and its policy are deleted: nothing invokes the function once the distribution has
     * dropped the association, which Pulumi waits for before deleting anything it depends on.
     * @default true
     */
    readonly retainOnDelete?: boolean;
    /** Change children's arguments; see {@link CognitoEdgeAuthTransforms}. @default none */
    readonly transform?: CognitoEdgeAuthTransforms;
    /**
     * A us-east-1 provider to share; Lambda@Edge functions must be created there.
     * @default a new provider, child of this component
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
 * The function, its role and its log permissions live in us-east-1 through an explicit provider,
 * whatever the stack's region; the pool stays in the stack's region. The function is kept on delete
 * (see {@link CognitoEdgeAuthArgs.retainOnDelete}).
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

        const provider = usEast1Provider(name, this, args.usEast1Provider);
        const role = this.createRole(provider, tags);
        const fn = this.createFunction(args, provider, role, bundle, tags);
        this.grantLogs(provider, role, fn);

        // From the validated settings the bundle is built with: a front decides its mode rule on it.
        const readsHeader = readsAuthorizationHeader(checked.config!);
        this.userPoolId = userPoolId;
        this.appClientId = client ? client.id : pulumi.output(undefined);
        this.clientIds = clientIds;
        this.issuer = userPoolId.apply((id) => `https://cognito-idp.${regionOfUserPoolId(id)}.amazonaws.com/${id}`);
        this.jwksUrl = jwksUrl;
        this.functionName = fn.name;
        this.functionVersion = fn.version;
        this.qualifiedArn = fn.qualifiedArn;
        this.roleArn = role.arn;
        this.bundleSha256 = bundle.apply((b) => b.sha256);
        this.viewerRequest = { lambdaArn: fn.qualifiedArn, readsAuthorizationHeader: readsHeader };

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

    private createRole(provider: aws.Provider, tags: Record<string, string>): aws.iam.Role {
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
        provider: aws.Provider,
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
        return new aws.lambda.Function(`${this.resourceName}-function`, functionArgs, {
            parent: this,
            provider,
            retainOnDelete: args.retainOnDelete ?? true,
        });
    }

    // Lambda@Edge writes logs in the region of the edge location that ran the function, to a log group
    // named after the function's home region: /aws/lambda/us-east-1.<name>. So the grant names that
    // group in any region (the region is not known in advance), in this account, and nothing else.
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#lambda-at-edge-logs
    private grantLogs(provider: aws.Provider, role: aws.iam.Role, fn: aws.lambda.Function): void {
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

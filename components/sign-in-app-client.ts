import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFRONT_CONTROL_REGION } from "./cloudfront-facts";
import { ProvidersByRegion, RegionalProviders, validateProvidersByRegion } from "./providers";
import { CognitoAppClientSettings, CognitoSignInSettings } from "./settings/cognito-edge-auth";
import { SignInAppClientSettings } from "./settings/sign-in-app-client";
import { settingsIssues } from "./settings-validation";
import { ComponentState, componentType } from "./type-tokens";
import { Issue, throwIfIssues } from "./validation";

export { SignInAppClientSettings };

/**
 * The defaults of `CognitoSignInSettings`, in one place for the component, the app client and the docs.
 * The paths are the edge function's; the scopes are the least that gives an ID token with the e-mail.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html (scope)
 */
export const SIGN_IN_DEFAULTS = {
    scopes: ["openid", "email"],
    callbackPath: "/auth/callback",
    signOutPath: "/auth/sign-out",
    signedOutPath: "/",
    cookiePrefix: "ltf",
    tokenTimeoutMs: 2000,
} as const;

/** `signIn` with every default filled in, except the domain prefix (the component derives that). */
export type ResolvedSignIn = Required<Omit<CognitoSignInSettings, "domainPrefix">>;

/** `signIn` (possibly absent) with its defaults. */
export function resolveSignIn(signIn: CognitoSignInSettings | undefined): ResolvedSignIn {
    const given = signIn ?? {};
    return {
        scopes: [...(given.scopes ?? SIGN_IN_DEFAULTS.scopes)],
        callbackPath: given.callbackPath ?? SIGN_IN_DEFAULTS.callbackPath,
        signOutPath: given.signOutPath ?? SIGN_IN_DEFAULTS.signOutPath,
        signedOutPath: given.signedOutPath ?? SIGN_IN_DEFAULTS.signedOutPath,
        cookiePrefix: given.cookiePrefix ?? SIGN_IN_DEFAULTS.cookiePrefix,
        tokenTimeoutMs: given.tokenTimeoutMs ?? SIGN_IN_DEFAULTS.tokenTimeoutMs,
    };
}

/**
 * The OAuth settings of a sign-in app client: the authorization code grant only (the implicit grant
 * would put tokens in URLs), Cognito's own user directory, and the callback and sign-out URLs on every
 * front host (`https://<host><callbackPath>`, `https://<host><signedOutPath>`), followed by the extra URLs
 * of `appClient`, each once. Cognito matches `redirect_uri` and `logout_uri` exactly against these lists,
 * and accepts only absolute https URLs (http only for localhost) without a fragment.
 * PKCE needs no client setting: a public client's code request carries `code_challenge` and the token
 * request its `code_verifier`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html (CallbackURLs, LogoutURLs, AllowedOAuthFlows)
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html (code_challenge, code_challenge_method S256)
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html (logout_uri must be an allowed sign-out URL)
 */
export function signInClientOAuth(
    hosts: readonly string[],
    signIn: ResolvedSignIn,
    appClient: CognitoAppClientSettings,
): { allowedOauthFlowsUserPoolClient: true; allowedOauthFlows: string[]; allowedOauthScopes: string[]; supportedIdentityProviders: string[]; callbackUrls: string[]; logoutUrls: string[] } {
    const unique = (urls: string[]) => urls.filter((url, i) => urls.indexOf(url) === i);
    return {
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: [...(appClient.oauthScopes ?? signIn.scopes)],
        supportedIdentityProviders: ["COGNITO"],
        callbackUrls: unique([...hosts.map((host) => `https://${host}${signIn.callbackPath}`), ...(appClient.callbackUrls ?? [])]),
        logoutUrls: unique([...hosts.map((host) => `https://${host}${signIn.signedOutPath}`), ...(appClient.logoutUrls ?? [])]),
    };
}

/** The scopes `signIn` requests that the client's `oauthScopes` (when given) do not allow. */
export function scopesNotAllowed(signIn: CognitoSignInSettings | undefined, appClient: CognitoAppClientSettings | undefined): string[] {
    const allowed = appClient?.oauthScopes;
    if (!Array.isArray(allowed)) return [];
    return resolveSignIn(signIn).scopes.filter((scope) => !allowed.includes(scope));
}

/**
 * Managed login (version 2) shows an app client's pages with the style assigned to it; this assigns
 * Cognito's default style, so sign-in works without a visit to the branding editor.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-branding.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateManagedLoginBranding.html (UseCognitoProvidedValues)
 */
export function defaultLoginStyle(name: string, userPoolId: pulumi.Input<string>, clientId: pulumi.Input<string>, region: string | undefined, parent: pulumi.Resource): aws.cognito.ManagedLoginBranding {
    return new aws.cognito.ManagedLoginBranding(name, { userPoolId, clientId, useCognitoProvidedValues: true, region }, { parent });
}

/** The client settings every sign-in client shares with the component's own client (see `CognitoEdgeAuth`). */
export function publicClientArgs(appClient: CognitoAppClientSettings): Pick<
    aws.cognito.UserPoolClientArgs,
    "generateSecret" | "preventUserExistenceErrors" | "enableTokenRevocation" | "accessTokenValidity" | "idTokenValidity" | "refreshTokenValidity" | "tokenValidityUnits"
> {
    return {
        // Public: the secret would sit in the edge function's deployment package.
        generateSecret: false,
        preventUserExistenceErrors: "ENABLED",
        // A refresh token revoked at sign-out can no longer be used by the function.
        enableTokenRevocation: true,
        accessTokenValidity: appClient.accessTokenValidityMinutes ?? 60,
        idTokenValidity: appClient.idTokenValidityMinutes ?? 60,
        refreshTokenValidity: appClient.refreshTokenValidityDays ?? 30,
        tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
    };
}

/**
 * Arguments of `SignInAppClient`: its settings (the `signIn` and `appClient` sections of the
 * `CognitoEdgeAuth`), and what the program decides: the pool, the front's host names, the parameter.
 */
export interface SignInAppClientArgs extends SignInAppClientSettings {
    /** The user pool (the `CognitoEdgeAuth`'s `userPoolId`). */
    readonly userPoolId: pulumi.Input<string>;
    /**
     * The pool's region, when it is not the stack's.
     * @default the provider's region
     */
    readonly userPoolRegion?: string;
    /**
     * The front's host names: the distribution's `*.cloudfront.net` name (the front's `domainName`), or its
     * custom domains. Each gets the callback and sign-out URLs.
     * @example [front.domainName]
     */
    readonly frontDomainNames: pulumi.Input<string>[];
    /**
     * The SSM parameter (in us-east-1) to write the client's ID into, for the edge function to read at cold
     * start: the `CognitoEdgeAuth`'s `signInClientIdParameterName`.
     * @default none (no parameter is written)
     */
    readonly clientIdParameterName?: pulumi.Input<string | undefined>;
    /**
     * Your own AWS providers, by region; `us-east-1` carries the parameter. See `CognitoEdgeAuthArgs.providers`.
     * @default the component's explicit provider with a region argument, else one with the stack's settings
     */
    readonly providers?: ProvidersByRegion;
    /** Tags on the parameter. @default {} */
    readonly tags?: Record<string, string>;
}

/** Checks the arguments of a `SignInAppClient`: the settings' schema and the rules between them. */
export function validateSignInAppClientArgs(args: SignInAppClientArgs, prefix = ""): Issue[] {
    const { userPoolId, userPoolRegion, frontDomainNames, clientIdParameterName, providers, tags, ...settings } = args;
    const issues = settingsIssues("SignInAppClientSettings", settings);
    if (userPoolId === undefined || userPoolId === null) issues.push({ path: "userPoolId", value: userPoolId, problem: "is required (the CognitoEdgeAuth's userPoolId)" });
    if (!Array.isArray(frontDomainNames) || frontDomainNames.length === 0) {
        issues.push({ path: "frontDomainNames", value: frontDomainNames, problem: "must list at least one host name of the front (its domainName, or its custom domains)" });
    }
    if (args.appClient?.create === false) {
        issues.push({ path: "appClient.create", value: false, problem: "is not allowed: this component exists to create the sign-in client" });
    }
    const missing = scopesNotAllowed(args.signIn, args.appClient);
    if (missing.length > 0) {
        issues.push({ path: "appClient.oauthScopes", value: args.appClient?.oauthScopes, problem: `does not allow ${missing.join(", ")}, which signIn.scopes requests` });
    }
    validateProvidersByRegion(providers, issues);
    return prefix === "" ? issues : issues.map((issue) => ({ ...issue, path: `${prefix}.${issue.path}` }));
}

/** What a `SignInAppClient` keeps for its own code. */
interface SignInAppClientState {
    readonly resourceName: string;
}
const clientState = new ComponentState<SignInAppClient, SignInAppClientState>();

/**
 * The app client browsers sign in with at the edge, when it must be created after the front: a front
 * without a custom domain is known by its `*.cloudfront.net` name only once the distribution exists, the
 * distribution needs the edge function, and the client's callback URL needs that name. So `CognitoEdgeAuth`
 * bakes no client ID in that case but the name of an SSM parameter, and the program creates this component
 * after the front: a public client (no secret) with the code flow for `https://<front host><callbackPath>`,
 * Cognito's default managed login style for it, and the parameter (us-east-1) holding its ID, which the
 * function reads at cold start. With a custom domain, `CognitoEdgeAuth` sets up its own client and this
 * component is not needed.
 *
 * @example
 * const auth = new CognitoEdgeAuth("auth", { signIn: {} });
 * const front = new LegacyTlsFront("front", { origin, mode: "signed", viewerAuth: auth });
 * new SignInAppClient("sign-in", { userPoolId: auth.userPoolId, frontDomainNames: [front.domainName], clientIdParameterName: auth.signInClientIdParameterName });
 */
export class SignInAppClient extends pulumi.ComponentResource {
    /** The app client's ID. */
    public readonly clientId: pulumi.Output<string>;
    /** Its callback URLs (`https://<front host><callbackPath>`, then `appClient.callbackUrls`). */
    public readonly callbackUrls: pulumi.Output<string[]>;
    /** Its sign-out URLs (`https://<front host><signedOutPath>`, then `appClient.logoutUrls`). */
    public readonly logoutUrls: pulumi.Output<string[]>;
    /** ARN of the parameter holding the client ID; `undefined` without `clientIdParameterName`. */
    public readonly clientIdParameterArn: pulumi.Output<string | undefined>;

    private get resourceName(): string {
        return clientState.of(this).resourceName;
    }

    constructor(name: string, args: SignInAppClientArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfIssues(`SignInAppClient "${name}"`, validateSignInAppClientArgs(args));
        super(componentType("SignInAppClient"), name, {}, opts);
        clientState.init(this, { resourceName: name });
        const signIn = resolveSignIn(args.signIn);
        const appClient = args.appClient ?? {};
        const oauth = pulumi.all(args.frontDomainNames).apply((hosts) => signInClientOAuth(hosts, signIn, appClient));

        const client = new aws.cognito.UserPoolClient(
            `${name}-client`,
            {
                userPoolId: args.userPoolId,
                region: args.userPoolRegion,
                ...publicClientArgs(appClient),
                // Browsers sign in through managed login only; refresh is the function's.
                explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
                allowedOauthFlowsUserPoolClient: true,
                allowedOauthFlows: oauth.allowedOauthFlows,
                allowedOauthScopes: oauth.allowedOauthScopes,
                supportedIdentityProviders: oauth.supportedIdentityProviders,
                callbackUrls: oauth.callbackUrls,
                logoutUrls: oauth.logoutUrls,
            },
            { parent: this },
        );
        defaultLoginStyle(`${name}-login-style`, args.userPoolId, client.id, args.userPoolRegion, this);
        const parameter = args.clientIdParameterName === undefined ? undefined : this.writeClientId(args, client);

        this.clientId = client.id;
        this.callbackUrls = oauth.callbackUrls;
        this.logoutUrls = oauth.logoutUrls;
        this.clientIdParameterArn = parameter ? parameter.arn : pulumi.output(undefined);
        this.registerOutputs({ clientId: this.clientId, callbackUrls: this.callbackUrls, logoutUrls: this.logoutUrls, clientIdParameterArn: this.clientIdParameterArn });
    }

    // In us-east-1, where the edge function's home is and where it reads the parameter from (one region
    // for every replica; the name and region are in its config). A client ID is no secret: String, Standard tier.
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
    private writeClientId(args: SignInAppClientArgs, client: aws.cognito.UserPoolClient): aws.ssm.Parameter {
        const providers = new RegionalProviders(this.resourceName, this, args.providers ?? {});
        const { provider, region } = providers.placement(CLOUDFRONT_CONTROL_REGION);
        return new aws.ssm.Parameter(
            `${this.resourceName}-client-id`,
            {
                name: pulumi.output(args.clientIdParameterName).apply((n) => n!),
                type: "String",
                // Not a secret (it is in every sign-in URL): shown in plans and diffs as it is.
                insecureValue: client.id,
                description: `App client ID the edge function of ${this.resourceName} signs users in with`,
                region,
                tags: args.tags ?? {},
            },
            { parent: this, provider },
        );
    }
}

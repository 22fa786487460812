/**
 * The settings of a CognitoEdgeAuth, declared once: the TypeScript types and their TSDoc are the source
 * of the settings schema (`npm run generate`), the stack file's `auth` section, the config reference and
 * the schema other languages see. `EdgeAuthFunctionSettings` is also the one declaration of what
 * the edge function checks: the function's own config (`EdgeAuthConfig`, shared/edge-auth-config.ts) is
 * those settings plus what the component fills in (pool, client IDs, keys). Plain declarations only:
 * nothing here creates resources, and the edge function may import this file.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CognitoGroupName, EdgeAuthFunctionSettings, RequiredClaimValue, RequiredClaimValues, TokenSource, TokenUse } from "../../shared/edge-auth-settings";

export { CognitoGroupName, EdgeAuthFunctionSettings, RequiredClaimValue, RequiredClaimValues, TokenSource, TokenUse };

/** Multi-factor authentication of a created pool (Cognito's `MfaConfiguration`). */
export const UserPoolMfa = {
    /** No MFA. */
    Off: "OFF",
    /** Users may enrol an authenticator app (TOTP). */
    Optional: "OPTIONAL",
    /** Every user must. */
    On: "ON",
} as const;
/** Multi-factor authentication of a created pool. */
export type UserPoolMfa = (typeof UserPoolMfa)[keyof typeof UserPoolMfa];

/**
 * Node.js runtimes Lambda@Edge supports that the component offers (the bundle targets Node.js 20).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-runtime
 */
export const EdgeRuntime = {
    Nodejs22: "nodejs22.x",
    Nodejs20: "nodejs20.x",
} as const;
/** A Lambda@Edge runtime. */
export type EdgeRuntime = (typeof EdgeRuntime)[keyof typeof EdgeRuntime];

/**
 * Retention periods CloudWatch Logs accepts, in days (0, "never expire", is left out on purpose: the
 * point of creating the groups is that they expire).
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LogRetentionDays = {
    Days1: 1,
    Days3: 3,
    Days5: 5,
    Days7: 7,
    Days14: 14,
    Days30: 30,
    Days60: 60,
    Days90: 90,
    Days120: 120,
    Days150: 150,
    Days180: 180,
    Days365: 365,
    Days400: 400,
    Days545: 545,
    Days731: 731,
    Days1096: 1096,
    Days1827: 1827,
    Days2192: 2192,
    Days2557: 2557,
    Days2922: 2922,
    Days3288: 3288,
    Days3653: 3653,
} as const;
/** A retention period CloudWatch Logs accepts, in days. */
export type LogRetentionDays = (typeof LogRetentionDays)[keyof typeof LogRetentionDays];

/**
 * An app client ID: 1 to 128 letters, digits, `_` or `+`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientDescription.html
 * @pattern ^[\w+]{1,128}$
 * @patternDescription an app client ID (1 to 128 letters, digits, _ or +)
 */
export type AppClientId = string;

/**
 * An AWS region name.
 * @pattern ^[a-z]{2}(-[a-z]+)+-\d+$
 * @patternDescription an AWS region name such as eu-central-1
 */
export type AwsRegionName = string;

/**
 * An OAuth scope name (RFC 6749: printable ASCII without space, `"` or `\`).
 * @pattern ^[\x21\x23-\x5b\x5d-\x7e]+$
 * @patternDescription an OAuth scope name such as openid
 */
export type OAuthScope = string;

/**
 * One public key of a user pool, as Cognito publishes it in `/.well-known/jwks.json`. The function's
 * config accepts RSA signing keys only (`kty` `RSA`, `alg` `RS256` when given, `use` `sig` when given,
 * at least 2048 bits) and refuses private key members; it checks each key when the component builds it.
 */
export interface CognitoJwk {
    /** Key type: `RSA`. */
    readonly kty: string;
    /** Key ID, matched against the `kid` in each token's header; unique within the set. */
    readonly kid: string;
    /** Modulus, base64url. */
    readonly n: string;
    /** Public exponent, base64url (`AQAB` for 65537). */
    readonly e: string;
    /**
     * Signature algorithm: `RS256`.
     * @default "RS256"
     */
    readonly alg?: string;
    /** Public key use; when present, `sig`. */
    readonly use?: string;
}

/** A user pool's key set (`{ "keys": [...] }`), as served by `https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/jwks.json`. */
export interface CognitoJwks {
    /** 1 to 20 RSA signing keys. */
    readonly keys: CognitoJwk[];
}

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
     * @stackDefault true in prod
     * @stackDefault `true` in prod, `false` elsewhere
     */
    readonly deletionProtection?: boolean;
    /**
     * Minimum password length (8 is the least NIST SP 800-63B allows, 99 Cognito's maximum); lower-case,
     * upper-case, digit and symbol are always required.
     * @asType integer
     * @minimum 8
     * @maximum 99
     * @default 12
     */
    readonly minimumPasswordLength?: number;
}

/** An existing user pool to accept tokens from. */
export interface ExistingUserPool {
    /**
     * The pool's ID; its region is the part before `_`.
     * @example "eu-west-1_AbCdEf123"
     * @pattern ^(?=.{1,55}$)(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d_[a-zA-Z0-9]+$
     * @patternDescription a Cognito user pool ID such as eu-west-1_AbCdEf123 (<region>_<letters and digits>)
     */
    readonly userPoolId: pulumi.Input<string>;
    /**
     * The pool's region; required when `userPoolId` is not known before deployment.
     * @default the prefix of userPoolId
     */
    readonly region?: AwsRegionName;
}

/**
 * The app client: by default the component creates one, public (no secret), for browsers and single-page
 * apps. `create: false` creates none; `clientIds` must then name the clients whose tokens to accept. The
 * default is the same with an existing pool (the client is created in that pool, in its region); set
 * `create: false` there when the pool's owner manages its clients (a stack's `auth.existingUserPoolId`
 * does).
 */
export interface CognitoAppClientSettings {
    /**
     * Create the app client. With `false` no other setting of this section applies, and `clientIds`
     * must list at least one client.
     * @default true
     * @stackDefault false with existingUserPoolId
     * @stackDefault `false` with `existingUserPool` (the pool's owner manages its clients)
     */
    readonly create?: boolean;
    /**
     * OAuth redirect URLs (HTTPS; `http://localhost` for testing). With them the client uses the
     * authorization code grant (with PKCE; the implicit grant is never enabled); without them, OAuth is off
     * and the client signs in through the SRP API only.
     * @default []
     * @example ["https://app.example.com/callback"]
     */
    readonly callbackUrls?: string[];
    /**
     * URLs Cognito may redirect to after sign-out (same rules).
     * @default []
     */
    readonly logoutUrls?: string[];
    /**
     * OAuth scopes the client may request.
     * @default ["openid", "email", "profile"]
     */
    readonly oauthScopes?: OAuthScope[];
    /**
     * Minutes an access token is valid (Cognito allows 5 minutes to 1 day).
     * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_TokenValidityUnitsType.html
     * @asType integer
     * @minimum 5
     * @maximum 1440
     * @default 60
     */
    readonly accessTokenValidityMinutes?: number;
    /**
     * Minutes an ID token is valid (Cognito allows 5 minutes to 1 day).
     * @asType integer
     * @minimum 5
     * @maximum 1440
     * @default 60
     */
    readonly idTokenValidityMinutes?: number;
    /**
     * Days a refresh token is valid (at most 10 years).
     * @asType integer
     * @minimum 1
     * @maximum 3650
     * @default 30
     */
    readonly refreshTokenValidityDays?: number;
}

/**
 * The prefix of a Cognito prefix domain, `<prefix>.auth.<region>.amazoncognito.com`: 1 to 63 lower-case
 * letters, digits and hyphens, not starting or ending with a hyphen. Prefixes are unique per region across
 * all accounts: a taken one fails `CreateUserPoolDomain`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html
 * @pattern ^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$
 * @patternDescription a Cognito domain prefix (1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen)
 * @example "acme-legacy-prod"
 */
export type CognitoDomainPrefix = string;

/**
 * A path of the front that the sign-in flow answers itself (or names): a single leading `/`, RFC 3986
 * path characters, no `//`, no query or fragment, at most 1024 characters (the edge function's own rule).
 * @pattern ^/(?!/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]{0,1023}$
 * @patternDescription a path starting with a single / (RFC 3986 path characters, no //, no query), e.g. "/auth/callback"
 */
export type SignInFlowPath = string;

/**
 * The prefix of the sign-in flow's cookie names (`<prefix>-id`, `<prefix>-access`, `<prefix>-refresh`,
 * `<prefix>-state`): 1 to 32 letters, digits, `_` or `-`, not starting with `-` (RFC 6265 token characters).
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-4.1.1
 * @pattern ^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$
 * @patternDescription a cookie name prefix (1 to 32 letters, digits, _ or -, not starting with -)
 */
export type CookieNamePrefix = string;

/**
 * Browser sign-in at the edge: Cognito managed login on a prefix domain of the pool, an app client with the
 * authorization code flow and PKCE (public: no secret), and the edge function answering the callback and
 * sign-out paths, keeping the tokens in `HttpOnly; Secure; SameSite=Lax` cookies. Needs a pool the
 * component creates. See docs/sign-in.md.
 */
export interface CognitoSignInSettings {
    /**
     * The managed login domain's prefix: sign-in pages at `https://<prefix>.auth.<pool region>.amazoncognito.com`.
     * @default `<project>-<stack>-<component name>`, lower-cased, other characters replaced by `-`, cut to 63
     */
    readonly domainPrefix?: CognitoDomainPrefix;
    /**
     * OAuth scopes requested at sign-in (and allowed to the sign-in app client). Must include `openid` with
     * `tokenUse: id` (Cognito returns an ID token only then).
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
     * @minItems 1
     * @maxItems 50
     * @default ["openid", "email"]
     */
    readonly scopes?: OAuthScope[];
    /**
     * Where Cognito sends the browser back with the code (`https://<front host><callbackPath>`, a callback
     * URL of the app client). Must be served by a behaviour that runs the function (not a signed path with
     * `viewerAuth: false`).
     * @default "/auth/callback"
     */
    readonly callbackPath?: SignInFlowPath;
    /**
     * The path that signs the user out: the function clears its cookies and sends the browser to Cognito's
     * `/logout`.
     * @default "/auth/sign-out"
     */
    readonly signOutPath?: SignInFlowPath;
    /**
     * Where Cognito sends the browser after sign-out (`logout_uri`, a sign-out URL of the app client).
     * Behind the check, a navigation there starts a new sign-in.
     * @default "/"
     */
    readonly signedOutPath?: SignInFlowPath;
    /**
     * Prefix of the flow's cookie names.
     * @default "ltf"
     */
    readonly cookiePrefix?: CookieNamePrefix;
    /**
     * Time limit of one call to Cognito's token endpoint (and of reading the client ID parameter), in
     * milliseconds; a viewer-request function has 5 s in all.
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
     * @asType integer
     * @minimum 100
     * @maximum 3000
     * @default 2000
     */
    readonly tokenTimeoutMs?: number;
}

/**
 * The cost mode: after sign-in the function also sets CloudFront signed cookies for the front's signed
 * paths (`SignedContentKeys`), so those behaviours (with `viewerAuth: false`) trust the key group and run
 * no function. The private key is read from the keys' Secrets Manager secret at cold start. Needs
 * `signIn` and the front's `SignedContentKeys`. See docs/sign-in.md for what is gained and lost.
 */
export interface SignedCookieSettings {
    /**
     * How long issued cookies are valid, in seconds. A user removed from a group keeps access to the
     * signed paths until then.
     * @asType integer
     * @minimum 60
     * @maximum 86400
     * @default 3600
     */
    readonly lifetimeSeconds?: number;
    /**
     * How long a function instance keeps the private key it read, in seconds (0: read it for every cookie
     * set). After a key rotation, instances sign with the old key for at most this long.
     * @asType integer
     * @minimum 0
     * @maximum 3600
     * @default 300
     */
    readonly keyCacheSeconds?: number;
}

/**
 * The settings of a `CognitoEdgeAuth`: what a stack file's `auth` section (or a program in any language)
 * sets. The pool is created (`CognitoEdgeAuthSettings.userPool`) unless `existingUserPool` names one.
 */
export interface CognitoEdgeAuthSettings extends EdgeAuthFunctionSettings {
    /**
     * Settings of the user pool to create. Not allowed with `existingUserPool`.
     * @default a new pool with secure defaults (see `CognitoUserPoolSettings`)
     */
    readonly userPool?: CognitoUserPoolSettings;
    /**
     * Accept tokens of an existing pool instead of creating one. Its groups are not created or changed:
     * a stack that does not own the pool must not delete groups (and their memberships) on destroy.
     * @default none (a pool is created)
     */
    readonly existingUserPool?: ExistingUserPool;
    /**
     * The app client to create in the pool; `{ create: false }` creates none (then `clientIds` must name one).
     * @default a public client without OAuth (see `CognitoAppClientSettings`)
     */
    readonly appClient?: CognitoAppClientSettings;
    /**
     * Further app client IDs whose tokens are accepted (e.g. a mobile app's), next to the created client.
     * @default []
     */
    readonly clientIds?: pulumi.Input<AppClientId>[];
    /**
     * The function's Node.js runtime.
     * @default "nodejs22.x"
     */
    readonly runtime?: EdgeRuntime;
    /**
     * Function timeout in seconds, up to the viewer-request maximum of 5. A JWKS refetch has its own,
     * shorter limit (`jwksFetchTimeoutMs`), so the function answers before this ends.
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
     * @asType integer
     * @minimum 1
     * @maximum 5
     * @default 5
     */
    readonly timeoutSeconds?: number;
    /**
     * Days CloudWatch Logs keeps the function's log events: in the function's own group
     * (`/aws/lambda/<name>`, us-east-1) and in the group `/aws/lambda/us-east-1.<name>` of every region of
     * `edgeLogRegions`. Lambda creates those groups on first use without any retention (events kept and
     * billed forever, viewer IP addresses and token subjects in error logs included); the component creates
     * them first, with this retention.
     * @default 30
     */
    readonly logRetentionDays?: LogRetentionDays;
    /**
     * Regions in which to create the function's edge log group `/aws/lambda/us-east-1.<name>` ahead of
     * Lambda@Edge, each listed once. Each is one CloudWatch log group, through the us-east-1 provider with
     * a `region` argument (no provider per region). What this cannot cover: a region CloudFront adds later
     * (its group is created by Lambda, without retention, until listed here); groups Lambda already created
     * before this setting existed, which must be imported into the stack or left out of this list, since
     * creating an existing group fails; and logs written after `pulumi destroy` by replicas AWS has not
     * deleted yet (the groups are kept with the function, so their retention keeps applying).
     * @default every region with a regional edge cache (`REGIONAL_EDGE_CACHE_REGIONS`)
     * @example [] (only the function's own log group, e.g. while existing edge groups are being imported)
     */
    readonly edgeLogRegions?: AwsRegionName[];
    /**
     * Browser sign-in at the edge (Cognito managed login, code flow with PKCE, tokens in cookies). Not with
     * `existingUserPool` (the domain and the sign-in client belong to the pool's owner).
     * @default none (only tokens the viewer already has are checked)
     */
    readonly signIn?: CognitoSignInSettings;
    /**
     * The cost mode: CloudFront signed cookies set after sign-in, for the signed paths of the front's
     * `SignedContentKeys`. Needs `signIn`.
     * @default none
     */
    readonly signedCookies?: SignedCookieSettings;
}

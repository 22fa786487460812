/**
 * What the Cognito edge-auth function checks, declared once for both sides: the component's settings
 * (components/settings/cognito-edge-auth.ts extends these, so they are in the settings schema and the
 * config reference) and the function's own config (`EdgeAuthConfig`, ./edge-auth-config.ts), which the
 * function validates at cold start. A leaf: imports nothing.
 */

/** Which Cognito token the function accepts (the `token_use` claim). */
export const TokenUse = {
    /** ID tokens: the audience is in `aud`. */
    Id: "id",
    /** Access tokens: the audience is in `client_id`; meant for authorizing requests. */
    Access: "access",
} as const;
/** Which Cognito token the function accepts (the `token_use` claim). */
export type TokenUse = (typeof TokenUse)[keyof typeof TokenUse];

/** One place a token can come from. */
export const TokenSource = {
    /** `Authorization: Bearer <token>`. */
    AuthorizationHeader: "authorization-header",
    /** The cookie named `cookieName`. */
    Cookie: "cookie",
} as const;
/** One place a token can come from. */
export type TokenSource = (typeof TokenSource)[keyof typeof TokenSource];

/**
 * A Cognito group name: 1 to 128 letters, marks, symbols, numbers or punctuation.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html
 * @pattern ^[^\p{Z}\p{C}]{1,128}$
 * @patternDescription a Cognito group name (1 to 128 letters, marks, symbols, digits or punctuation)
 */
export type CognitoGroupName = string;

/**
 * The values a required claim may have (any one of them).
 * @minItems 1
 * @maxItems 100
 */
export type RequiredClaimValues = RequiredClaimValue[];

/**
 * One allowed value of a required claim.
 * @maxLength 1024
 */
export type RequiredClaimValue = string;

/**
 * What the edge function checks in a token, and how it finds and refetches keys: the settings the
 * component hands to the function's config unchanged. The function's config (`EdgeAuthConfig`) is
 * these plus the pool ID, the client IDs and the key set the component fills in; the function checks it
 * again at cold start (its own surface: a config built by `npm run build:edge` never passed through here).
 */
export interface EdgeAuthFunctionSettings {
    /**
     * The token the function accepts: `access` (audience in `client_id`; meant for authorizing requests)
     * or `id` (audience in `aud`).
     * @default "access"
     */
    readonly tokenUse?: TokenUse;
    /**
     * Groups a user must be in (any of them, `cognito:groups`); a token without `cognito:groups` has no
     * groups. For a created pool the groups are created too.
     * @default [] (any signed-in user of the pool)
     * @example ["subscribers"]
     * @maxItems 100
     */
    readonly requiredGroups?: CognitoGroupName[];
    /**
     * Name of a cookie that may carry the token (browsers cannot add an `Authorization` header to a
     * `<video>` or `<img>` request). Required when `tokenSources` includes `cookie`.
     * @default none
     * @example "access_token"
     * @pattern ^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$
     * @patternDescription a cookie name (an RFC 6265 token: letters, digits and !#$%&'*+-.^_`|~)
     */
    readonly cookieName?: string;
    /**
     * Where to look for the token, in order; the first source present is the one used (a bad token there
     * is not rescued by another source). Leave out `authorization-header` when that header carries
     * something else, such as the viewer's SigV4 signature in the front's `unsigned` mode: the function then
     * neither reads nor removes it.
     * @default ["authorization-header"], plus "cookie" when cookieName is set
     * @minItems 1
     * @maxItems 2
     */
    readonly tokenSources?: TokenSource[];
    /**
     * Seconds of tolerance on `exp` and `nbf` for clocks that disagree.
     * @asType integer
     * @minimum 0
     * @maximum 300
     * @default 30
     */
    readonly clockSkewSeconds?: number;
    /**
     * The `realm` of the `WWW-Authenticate` challenge: printable ASCII without `"` or `\` (RFC 6750's
     * quoted-string, without the need to escape).
     * @default the user pool ID
     * @pattern ^[\x20\x21\x23-\x5b\x5d-\x7e]{1,128}$
     * @patternDescription 1 to 128 printable ASCII characters without " or \
     */
    readonly realm?: string;
    /**
     * Request header that carries the user's `sub` to the origin after a successful check; a value sent
     * by the viewer in this header is always replaced or removed. Lower case, `x-` prefixed, not one
     * CloudFront or S3 own (`x-amz*`, `x-edge-*`, `x-forwarded-*`, …).
     * @default none (the origin learns nothing about the user)
     * @example "x-user-sub"
     * @pattern ^(?=.{1,64}$)x-[a-z0-9]+(-[a-z0-9]+)*$
     * @patternDescription a lower-case header name starting with x- (letters, digits, single hyphens; at most 64 characters)
     */
    readonly subjectHeader?: string;
    /**
     * Further claims the token must carry, each equal to one of the listed values (strings compare as is;
     * booleans and numbers by their JSON text, e.g. `"true"` for `email_verified`). A missing or different
     * claim is answered 403. Claims that have their own option (`iss`, `aud`, `token_use`, …) are refused
     * here; at most 20 claims.
     * @default {}
     * @example { "custom:plan": ["premium", "family"] }
     */
    readonly requiredClaims?: Record<string, RequiredClaimValues>;
    /**
     * How many verified tokens to remember (least recently used out first), so a player fetching
     * hundreds of segments with one token pays one RSA verification. 0 turns the cache off.
     * Memory is about this many times the token size (~1–2 KB).
     * @asType integer
     * @minimum 0
     * @maximum 10000
     * @default 1000
     */
    readonly cacheSize?: number;
    /**
     * Longest token accepted, in characters (Cognito tokens are typically 1–2 KB; CloudFront caps the whole
     * request line and headers at 20,480 bytes).
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-general
     * @asType integer
     * @minimum 512
     * @maximum 16384
     * @default 8192
     */
    readonly maxTokenLength?: number;
    /**
     * At most one refetch of the pool's JWKS per this many seconds, triggered by a token whose `kid` is
     * not in the embedded set (key rotation).
     * @asType integer
     * @minimum 10
     * @maximum 3600
     * @default 60
     */
    readonly jwksRefetchIntervalSeconds?: number;
    /**
     * Time limit of one JWKS refetch in milliseconds (a viewer-request function has 5 s in all).
     * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
     * @asType integer
     * @minimum 100
     * @maximum 3000
     * @default 1500
     */
    readonly jwksFetchTimeoutMs?: number;
}


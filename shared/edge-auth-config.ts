/**
 * The configuration of the Cognito viewer-request function: its shape, its defaults and its validation.
 * Shared by both sides: the `CognitoEdgeAuth` component (and `npm run build:edge`) validate it at deploy
 * time and write it, as canonical JSON, into the function's deployment archive as `config.json` next to
 * the prebuilt `index.js`; the function validates it again when it loads, so an archive put together by
 * other means cannot run with a bad one (it refuses every request instead).
 *
 * Lambda@Edge has no environment variables, hence the file. Everything in the config must be plain JSON.
 */
import { createPublicKey } from "node:crypto";
// The settings the component passes through are declared once, with the component's settings (a leaf of
// plain declarations: the enums below are all the bundle takes from it).
import { EdgeAuthFunctionSettings, TokenSource, TokenUse } from "./edge-auth-settings";
import { checkDirectoryIndexName } from "./directory-index";
import { signedCookieResourcePath } from "./signed-cookie-resource";
import { KEY_PAIR_ID, secretRegionOf } from "./signing-key-secret";
import { checkIntegerInRange, checkOneOf, Issue, isPlainObject, throwIfIssues } from "./validation";

export { TokenSource, TokenUse };

/** Where the function may look for the token: every {@link TokenSource}. */
export const TOKEN_SOURCES: readonly TokenSource[] = Object.values(TokenSource);

/** Which Cognito token the function may accept (the `token_use` claim): every {@link TokenUse}. */
export const TOKEN_USES: readonly TokenUse[] = Object.values(TokenUse);

/** One RSA public key of the pool, as Cognito publishes it in `/.well-known/jwks.json`. */
export interface EdgeAuthJwk {
    /** Key type; Cognito signs with RSA keys only. */
    readonly kty: "RSA";
    /** Key ID, matched against the `kid` in each token's header; unique within the set. */
    readonly kid: string;
    /** Modulus, base64url. */
    readonly n: string;
    /** Public exponent, base64url (`AQAB` for 65537). */
    readonly e: string;
    /**
     * Signature algorithm. Set to `RS256` by validation when absent, so a token can never choose another
     * algorithm for the key.
     * @default "RS256"
     */
    readonly alg?: "RS256";
    /** Public key use; when present it must be `sig`. */
    readonly use?: "sig";
}

/** The pool's key set (`{ "keys": [...] }`), as served by `https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/jwks.json`. */
export interface EdgeAuthJwks {
    /** At least one RSA signing key. */
    readonly keys: readonly EdgeAuthJwk[];
}

/** An SSM parameter (String) holding the app client ID, read by the function at cold start. */
export interface EdgeClientIdParameter {
    /** The parameter's name, e.g. `/legacy-tls-front/dev/sign-in-client-id`. */
    readonly name: string;
    /** The region the parameter lives in (the stack writes it in us-east-1). */
    readonly region: string;
}

/**
 * Browser sign-in at the edge: Cognito managed login with the authorization code flow and PKCE (S256)
 * for a public app client (no secret: it would sit in the deployment package). See edge-functions/README.md.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 */
export interface EdgeSignInConfig {
    /** Managed login's authorize endpoint, `https://<domain>/oauth2/authorize` (https only). */
    readonly authorizeUrl: string;
    /** The token endpoint, `https://<domain>/oauth2/token` (https only). */
    readonly tokenUrl: string;
    /**
     * The revocation endpoint, `https://<domain>/oauth2/revoke` (https only): signing out revokes the
     * refresh token there, and with it every token it issued, so a copied refresh cookie stops working.
     * @default none (sign-out clears the cookies; the refresh token stays valid until it expires)
     */
    readonly revokeUrl?: string;
    /** The sign-out endpoint, `https://<domain>/logout` (https only). */
    readonly logoutUrl: string;
    /** The app client ID, baked in (when the front's domain is known before the client); exactly one of `clientId` and `clientIdParameter`. */
    readonly clientId?: string;
    /** Where the function reads the app client ID at cold start (when the client is created after the distribution). */
    readonly clientIdParameter?: EdgeClientIdParameter;
    /** The OAuth scopes requested; must include `openid` when `tokenUse` is `id` (Cognito issues ID tokens only then). */
    readonly scopes: string[];
    /** The callback path registered with the app client (`https://<host><callbackPath>`), e.g. `/auth/callback`. */
    readonly callbackPath: string;
    /** The path that signs the user out, e.g. `/auth/sign-out`. */
    readonly signOutPath: string;
    /** Where Cognito sends the user after sign-out (`logout_uri` path; one of the client's logout URLs), e.g. `/`. */
    readonly signedOutPath: string;
    /** Prefix of the cookies the flow sets: `<p>-id`, `<p>-access`, `<p>-refresh`, `<p>-state`. */
    readonly cookiePrefix: string;
    /** Time limit of one call to the token endpoint (and of the client-ID parameter read), ms. */
    readonly tokenTimeoutMs: number;
}

/**
 * CloudFront signed cookies issued after sign-in (the cost mode): the content behaviours trust the key
 * group and run no function. The private key is read from Secrets Manager at cold start.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 */
export interface EdgeSignedCookiesConfig {
    /** CloudFront public key ID of the current signing key. */
    readonly keyPairId: string;
    /** The Secrets Manager secret holding the private key (the formats `SignedContentKeys` writes). */
    readonly privateKeySecretArn: string;
    /** The content path patterns the cookies cover. */
    readonly pathPatterns: string[];
    /** How long issued cookies are valid, seconds. */
    readonly lifetimeSeconds: number;
    /** How long a container keeps the key it read, seconds. */
    readonly keyCacheSeconds: number;
}

/**
 * What the viewer-request function checks. Plain JSON: it travels as the function's `config.json`.
 *
 * @example
 * {
 *   "userPoolId": "eu-west-1_AbCdEf123",
 *   "clientIds": ["4p3kq1exampleclientid0000"],
 *   "tokenUse": "id",
 *   "requiredGroups": ["subscribers"],
 *   "jwks": { "keys": [{ "kty": "RSA", "kid": "...", "n": "...", "e": "AQAB", "alg": "RS256", "use": "sig" }] },
 *   "cookieName": "id_token"
 * }
 */
export interface EdgeAuthConfig extends EdgeAuthFunctionSettings {
    /**
     * The Cognito user pool whose tokens are accepted; its region is the part before `_`. The issuer
     * checked is `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` (or Cognito's
     * `issuer-cognito-idp` form of the same pool).
     * @example "eu-west-1_AbCdEf123"
     */
    readonly userPoolId: string;
    /** App client IDs whose tokens are accepted (`aud` of ID tokens, `client_id` of access tokens); at least one. */
    readonly clientIds: readonly string[];
    /** The only `token_use` accepted (required here; see {@link EdgeAuthFunctionSettings.tokenUse}). */
    readonly tokenUse: TokenUse;
    /** Groups of which the user must be in at least one (required here, may be empty; see {@link EdgeAuthFunctionSettings.requiredGroups}). */
    readonly requiredGroups: string[];
    /** The pool's public keys, embedded so that a cold start makes no network call. */
    readonly jwks: EdgeAuthJwks;
    /**
     * The index object's name of the front's directory indexes (the front's `directoryIndex`, filled in
     * by the component): after a successful check, a `GET` or `HEAD` of a URI ending in `/` is passed on
     * with this name appended (`/docs/` → `/docs/index.html`, the rule of `shared/directory-index.ts`). A refused request
     * is never rewritten. CloudFront allows no CloudFront Function beside this one on the behaviours it
     * runs on, so the rewrite happens here.
     * @default none (no URI is rewritten)
     * @example "index.html"
     */
    readonly directoryIndex?: string;
    /**
     * Browser sign-in (Cognito managed login, code flow with PKCE) handled by the function.
     * @default none (only tokens the viewer already has are checked)
     */
    readonly signIn?: EdgeSignInConfig;
    /**
     * CloudFront signed cookies issued after sign-in; requires `signIn`.
     * @default none
     */
    readonly signedCookies?: EdgeSignedCookiesConfig;
    // The other fields (cookieName, tokenSources, clockSkewSeconds, realm, subjectHeader, requiredClaims,
    // cacheSize, maxTokenLength, jwksRefetchIntervalSeconds, jwksFetchTimeoutMs) are those of
    // EdgeAuthFunctionSettings, declared and documented there. Their checks below (EDGE_AUTH_LIMITS, the
    // patterns) are this config's own, for configs that never passed the component's schema; they must
    // agree with the schema's (tests/cognito-edge-auth.test.ts compares the two).
}

/** {@link EdgeAuthConfig} with every default filled in: what the function runs with. */
export interface ResolvedEdgeAuthConfig {
    /** See {@link EdgeAuthConfig.userPoolId}. */
    readonly userPoolId: string;
    /** The region of the pool, from its ID. */
    readonly region: string;
    /** See {@link EdgeAuthConfig.clientIds}. */
    readonly clientIds: readonly string[];
    /** See {@link EdgeAuthConfig.tokenUse}. */
    readonly tokenUse: TokenUse;
    /** See {@link EdgeAuthConfig.requiredGroups}. */
    readonly requiredGroups: readonly string[];
    /** See {@link EdgeAuthConfig.jwks}; every key has `alg: "RS256"`. */
    readonly jwks: EdgeAuthJwks;
    /** See {@link EdgeAuthConfig.cookieName}. */
    readonly cookieName: string | undefined;
    /** See {@link EdgeAuthConfig.tokenSources}. */
    readonly tokenSources: readonly TokenSource[];
    /** See {@link EdgeAuthConfig.clockSkewSeconds}. */
    readonly clockSkewSeconds: number;
    /** See {@link EdgeAuthConfig.realm}. */
    readonly realm: string;
    /** See {@link EdgeAuthConfig.subjectHeader}. */
    readonly subjectHeader: string | undefined;
    /** See {@link EdgeAuthConfig.requiredClaims}. */
    readonly requiredClaims: Readonly<Record<string, readonly string[]>>;
    /** See {@link EdgeAuthConfig.cacheSize}. */
    readonly cacheSize: number;
    /** See {@link EdgeAuthConfig.maxTokenLength}. */
    readonly maxTokenLength: number;
    /** See {@link EdgeAuthConfig.jwksRefetchIntervalSeconds}. */
    readonly jwksRefetchIntervalSeconds: number;
    /** See {@link EdgeAuthConfig.jwksFetchTimeoutMs}. */
    readonly jwksFetchTimeoutMs: number;
    /** See {@link EdgeAuthConfig.directoryIndex}. */
    readonly directoryIndex: string | undefined;
    /** See {@link EdgeAuthConfig.signIn}. */
    readonly signIn: EdgeSignInConfig | undefined;
    /** See {@link EdgeAuthConfig.signedCookies}. */
    readonly signedCookies: EdgeSignedCookiesConfig | undefined;
}

/** Defaults of the optional fields. */
export const EDGE_AUTH_DEFAULTS = {
    clockSkewSeconds: 30,
    cacheSize: 1000,
    maxTokenLength: 8192,
    jwksRefetchIntervalSeconds: 60,
    jwksFetchTimeoutMs: 1500,
} as const;

/** Bounds of the numeric fields, `[min, max]`. */
export const EDGE_AUTH_LIMITS = {
    clockSkewSeconds: [0, 300],
    cacheSize: [0, 10_000],
    // 16 KB stays below CloudFront's 20,480-byte cap on a request's line and headers:
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-general
    maxTokenLength: [512, 16_384],
    jwksRefetchIntervalSeconds: [10, 3600],
    // A viewer-request function must answer within 5 s:
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
    jwksFetchTimeoutMs: [100, 3000],
} as const;

/** Sanity bounds on list sizes: the lists travel in the function's config.json and are scanned per request. */
const MAX_CLIENT_IDS = 100;
const MAX_GROUPS = 100;
const MAX_REQUIRED_CLAIMS = 20;
const MAX_CLAIM_VALUES = 100;
const MAX_KEYS = 20;

/** Smallest RSA modulus accepted; Cognito's keys are 2048-bit. */
const MIN_RSA_BITS = 2048;

// User pool ID: `<region>_<id>`, at most 55 characters; the region part as aws-jwt-verify's
// CognitoJwtVerifier.USER_POOL_ID_REGEX reads it (so its issuer URLs are the ones Cognito writes).
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientDescription.html
// https://github.com/awslabs/aws-jwt-verify/blob/main/src/cognito-verifier.ts
const USER_POOL_ID = /^(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d_[a-zA-Z0-9]+$/;
// App client ID: 1–128 characters of [\w+].
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientDescription.html
const CLIENT_ID = /^[\w+]{1,128}$/;
// Group name: 1–128 letters, marks, symbols, numbers or punctuation.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html
// Written as the complement (every code point is in exactly one general category: L, M, N, P, S, Z or C)
// because that compiles about 4× faster, and validation runs on every cold start.
const GROUP_NAME = /^[^\p{Z}\p{C}]{1,128}$/u;
// Cookie name: an RFC 6265 token (https://www.rfc-editor.org/rfc/rfc6265#section-4.1.1).
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$/;
// RFC 6750 realm is a quoted-string; keeping to printable ASCII without quote or backslash needs no escaping.
const REALM = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,128}$/;
const SUBJECT_HEADER = /^x-[a-z0-9]+(-[a-z0-9]+)*$/;
// Header prefixes CloudFront forbids edge functions to add, or that S3 interprets (x-amz-*), or that
// proxies rely on. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
const RESERVED_HEADER_PREFIXES = ["x-amz", "x-edge-", "x-accel-", "x-cache", "x-forwarded-", "x-real-ip"];
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const TOKEN_SOURCE = new RegExp(`^(${TOKEN_SOURCES.join("|")})$`);
/** Claims checked by their own option; `requiredClaims` may not name them. */
const RESERVED_CLAIMS = ["iss", "aud", "client_id", "token_use", "exp", "nbf", "iat", "auth_time", "jti", "origin_jti", "cognito:groups"];
/** JWK members that only a private key has: a deployment package must never carry one. */
const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/** Every field of {@link EdgeAuthConfig}, in documentation order; anything else is refused. */
export const EDGE_AUTH_CONFIG_FIELDS: readonly (keyof EdgeAuthConfig)[] = [
    "userPoolId",
    "clientIds",
    "tokenUse",
    "requiredGroups",
    "jwks",
    "cookieName",
    "tokenSources",
    "clockSkewSeconds",
    "realm",
    "subjectHeader",
    "requiredClaims",
    "cacheSize",
    "maxTokenLength",
    "jwksRefetchIntervalSeconds",
    "jwksFetchTimeoutMs",
    "directoryIndex",
    "signIn",
    "signedCookies",
];

/** The region of a user pool ID (`eu-west-1_AbCdEf123` → `eu-west-1`). */
export function regionOfUserPoolId(userPoolId: string): string {
    return userPoolId.slice(0, userPoolId.indexOf("_"));
}

/**
 * The issuers of a pool's tokens: the regional form, and Cognito's `issuer-cognito-idp` form of the same
 * pool (both accepted by aws-jwt-verify's `CognitoJwtVerifier`).
 */
export function issuersOf(userPoolId: string): readonly [string, string] {
    const region = regionOfUserPoolId(userPoolId);
    return [`https://cognito-idp.${region}.amazonaws.com/${userPoolId}`, `https://issuer-cognito-idp.${region}.amazonaws.com/${userPoolId}`];
}

/** Where Cognito publishes the pool's keys. */
export function jwksUrlOf(userPoolId: string): string {
    return `https://cognito-idp.${regionOfUserPoolId(userPoolId)}.amazonaws.com/${userPoolId}/.well-known/jwks.json`;
}

function checkUserPoolId(path: string, value: unknown, issues: Issue[]): void {
    if (typeof value !== "string" || value.length > 55 || !USER_POOL_ID.test(value)) {
        issues.push({ path, value, problem: "is not a Cognito user pool ID such as eu-west-1_AbCdEf123 (<region>_<letters and digits>)" });
    }
}

/** Checks a list of unique strings matching `pattern`; returns the list when it is one. */
function checkStringList(
    path: string,
    value: unknown,
    options: { pattern: RegExp; what: string; item: string; min: number; max: number },
    issues: Issue[],
): readonly string[] | undefined {
    if (!Array.isArray(value) || value.length < options.min || value.length > options.max) {
        const size = options.min === 0 ? `(possibly empty) of at most ${options.max}` : `of ${options.min} to ${options.max}`;
        issues.push({ path, value, problem: `is not a list ${size} ${options.what}` });
        return undefined;
    }
    let ok = true;
    value.forEach((item, i) => {
        if (typeof item !== "string" || !options.pattern.test(item)) {
            issues.push({ path: `${path}[${i}]`, value: item, problem: `is not ${options.item}` });
            ok = false;
        } else if (value.indexOf(item) !== i) {
            issues.push({ path: `${path}[${i}]`, value: item, problem: `repeats ${path}[${value.indexOf(item)}]; list each value once` });
            ok = false;
        }
    });
    return ok ? (value as string[]) : undefined;
}

/**
 * Validates a key set: RSA public signing keys only, each with a unique `kid`, usable by node:crypto,
 * at least 2048 bits. Returns the keys reduced to their public members with `alg: "RS256"` filled in,
 * or `undefined` after pushing issues. Also used on a JWKS refetched at run time.
 */
export function checkJwks(path: string, value: unknown, issues: Issue[]): EdgeAuthJwks | undefined {
    if (!isPlainObject(value) || !Array.isArray(value.keys) || value.keys.length < 1 || value.keys.length > MAX_KEYS) {
        issues.push({ path, value, problem: `is not a JWKS: an object { "keys": [...] } with 1 to ${MAX_KEYS} keys (the pool's /.well-known/jwks.json)` });
        return undefined;
    }
    const keys: EdgeAuthJwk[] = [];
    const kids = new Map<string, number>();
    value.keys.forEach((key: unknown, i: number) => {
        const at = `${path}.keys[${i}]`;
        if (!isPlainObject(key)) {
            issues.push({ path: at, value: key, problem: "is not a JWK object" });
            return;
        }
        const before = issues.length;
        if (key.kty !== "RSA") issues.push({ path: `${at}.kty`, value: key.kty, problem: 'is not "RSA" (Cognito signs with RSA keys)' });
        if (typeof key.kid !== "string" || key.kid.length === 0 || key.kid.length > 256) {
            issues.push({ path: `${at}.kid`, value: key.kid, problem: "is not a key ID (a string of 1 to 256 characters)" });
        } else if (kids.has(key.kid)) {
            issues.push({ path: `${at}.kid`, value: key.kid, problem: `repeats ${path}.keys[${kids.get(key.kid)}].kid; key IDs must be unique` });
        } else {
            kids.set(key.kid, i);
        }
        for (const member of ["n", "e"] as const) {
            if (typeof key[member] !== "string" || !BASE64URL.test(key[member] as string)) {
                issues.push({ path: `${at}.${member}`, value: key[member], problem: "is not a base64url string" });
            }
        }
        if (key.alg !== undefined && key.alg !== "RS256") issues.push({ path: `${at}.alg`, value: key.alg, problem: 'is not "RS256" (the only algorithm Cognito user pools sign with)' });
        if (key.use !== undefined && key.use !== "sig") issues.push({ path: `${at}.use`, value: key.use, problem: 'is not "sig" (a signing key)' });
        for (const member of PRIVATE_JWK_MEMBERS) {
            if (member in key) issues.push({ path: `${at}.${member}`, value: "(redacted)", problem: "is private key material; a JWKS for verification holds public keys only" });
        }
        if (issues.length > before) return;
        const exponent = Buffer.from(key.e as string, "base64url");
        if (exponent.length > 4 || exponent.readUIntBE(0, exponent.length) < 3 || exponent[exponent.length - 1] % 2 === 0) {
            issues.push({ path: `${at}.e`, value: key.e, problem: "is not an odd public exponent from 3 to 2^32 (Cognito uses AQAB, 65537)" });
            return;
        }
        const jwk: EdgeAuthJwk = { kty: "RSA", kid: key.kid as string, n: key.n as string, e: key.e as string, alg: "RS256", ...(key.use ? { use: "sig" as const } : {}) };
        try {
            const bits = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" }).asymmetricKeyDetails?.modulusLength ?? 0;
            if (bits < MIN_RSA_BITS) {
                issues.push({ path: `${at}.n`, value: `(${bits}-bit modulus)`, problem: `is shorter than ${MIN_RSA_BITS} bits` });
                return;
            }
        } catch {
            issues.push({ path: at, value: { kid: jwk.kid }, problem: "is not a usable RSA public key (n and e do not decode to one)" });
            return;
        }
        keys.push(jwk);
    });
    return keys.length === value.keys.length ? { keys } : undefined;
}

/** Bounds of the sign-in and signed-cookie numbers, `[min, max]`. */
export const SIGN_IN_LIMITS = {
    // The token call runs inside a viewer-request function, which must answer within 5 s (and may also
    // read the client ID and the signing key at a cold start):
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
    tokenTimeoutMs: [100, 3000],
    // Short-lived on purpose: removing a user from a group takes effect when the cookies expire.
    lifetimeSeconds: [60, 86_400],
    keyCacheSeconds: [0, 3600],
} as const;

/** The fields of {@link EdgeSignInConfig}; anything else is refused. */
const SIGN_IN_FIELDS = ["authorizeUrl", "tokenUrl", "revokeUrl", "logoutUrl", "clientId", "clientIdParameter", "scopes", "callbackPath", "signOutPath", "signedOutPath", "cookiePrefix", "tokenTimeoutMs"];
/** The fields of {@link EdgeSignedCookiesConfig}; anything else is refused. */
const SIGNED_COOKIES_FIELDS = ["keyPairId", "privateKeySecretArn", "pathPatterns", "lifetimeSeconds", "keyCacheSeconds"];

// A same-origin path as the flow uses it: a single leading `/`, RFC 3986 path characters, no `//`, no
// query, no fragment, no backslash.
const FLOW_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]{0,1023}$/;
// The cookie prefix: the start of an RFC 6265 token (https://www.rfc-editor.org/rfc/rfc6265#section-4.1.1)
// kept to letters, digits, `_` and `-` so `<prefix>-id` etc. are tokens too; `__Host-` prefixes allowed.
const COOKIE_PREFIX = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$/;
// An OAuth scope token (RFC 6749 §3.3: %x21 / %x23-5B / %x5D-7E); Cognito scopes are at most 256 characters.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AllowedOAuthScopes
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;
// SSM parameter names: letters, digits and . - _ /, at most 2048 characters (a hierarchy of at most 15 levels).
// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,14}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
// Cache behaviour path patterns: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
const PATH_PATTERN = /^\/?[A-Za-z0-9_\-.*$/~"'@:+?&=!%,]{1,255}$/;

/** Checks an https URL for a Cognito endpoint: https, no credentials, no query or fragment (the function adds the query). */
function checkHttpsUrl(path: string, value: unknown, issues: Issue[]): void {
    let url: URL | undefined;
    try {
        url = typeof value === "string" && value.length <= 2048 ? new URL(value) : undefined;
    } catch {
        url = undefined;
    }
    if (url === undefined || url.protocol !== "https:" || url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || /[\s\\]/.test(value as string)) {
        issues.push({ path, value, problem: "is not an https URL without credentials, query or fragment, such as https://example.auth.eu-west-1.amazoncognito.com/oauth2/token" });
    }
}

function checkFlowPath(path: string, value: unknown, issues: Issue[]): value is string {
    if (typeof value === "string" && FLOW_PATH.test(value) && !value.includes("//")) return true;
    issues.push({ path, value, problem: "is not a path starting with a single / (RFC 3986 path characters, no //, no query, at most 1024 characters)" });
    return false;
}

/** Checks `signIn`; `tokenUse` is the config's, for the `openid` rule. */
function checkSignIn(path: string, value: unknown, tokenUse: unknown, issues: Issue[]): void {
    if (!isPlainObject(value)) {
        issues.push({ path, value, problem: "is not an object (see EdgeSignInConfig)" });
        return;
    }
    for (const key of Object.keys(value)) {
        if (!SIGN_IN_FIELDS.includes(key)) issues.push({ path: `${path}.${key}`, value: value[key], problem: `is not a known field (known: ${SIGN_IN_FIELDS.join(", ")})` });
    }
    for (const url of ["authorizeUrl", "tokenUrl", "logoutUrl"]) checkHttpsUrl(`${path}.${url}`, value[url], issues);
    if (value.revokeUrl !== undefined) checkHttpsUrl(`${path}.revokeUrl`, value.revokeUrl, issues);
    const hasId = value.clientId !== undefined;
    const hasParameter = value.clientIdParameter !== undefined;
    if (hasId === hasParameter) {
        issues.push({ path: `${path}.clientId`, value: value.clientId, problem: "give exactly one of clientId (baked in) and clientIdParameter (read at cold start)" });
    }
    if (hasId && (typeof value.clientId !== "string" || !CLIENT_ID.test(value.clientId))) {
        issues.push({ path: `${path}.clientId`, value: value.clientId, problem: "is not an app client ID (1 to 128 letters, digits, _ or +)" });
    }
    if (hasParameter) {
        const parameter = value.clientIdParameter;
        if (!isPlainObject(parameter)) {
            issues.push({ path: `${path}.clientIdParameter`, value: parameter, problem: "is not an object { name, region }" });
        } else {
            for (const key of Object.keys(parameter)) {
                if (key !== "name" && key !== "region") issues.push({ path: `${path}.clientIdParameter.${key}`, value: parameter[key], problem: "is not a known field (known: name, region)" });
            }
            if (typeof parameter.name !== "string" || parameter.name.length > 2048 || !SSM_PARAMETER_NAME.test(parameter.name)) {
                issues.push({ path: `${path}.clientIdParameter.name`, value: parameter.name, problem: "is not an SSM parameter name (letters, digits, . - _ and /, at most 15 levels)" });
            }
            if (typeof parameter.region !== "string" || !REGION.test(parameter.region)) {
                issues.push({ path: `${path}.clientIdParameter.region`, value: parameter.region, problem: "is not an AWS region such as us-east-1" });
            }
        }
    }
    const scopes = checkStringList(`${path}.scopes`, value.scopes, { pattern: SCOPE, what: "OAuth scopes", item: "an OAuth scope (1 to 256 printable ASCII characters without space, \" or \\)", min: 1, max: 50 }, issues);
    if (scopes !== undefined && tokenUse === "id" && !scopes.includes("openid")) {
        issues.push({ path: `${path}.scopes`, value: scopes, problem: 'must include "openid" when tokenUse is "id" (Cognito returns an ID token only for that scope)' });
    }
    const paths = ["callbackPath", "signOutPath", "signedOutPath"].filter((name) => checkFlowPath(`${path}.${name}`, value[name], issues));
    if (paths.includes("callbackPath") && paths.includes("signOutPath") && value.callbackPath === value.signOutPath) {
        issues.push({ path: `${path}.signOutPath`, value: value.signOutPath, problem: "is the callback path; give them different paths" });
    }
    for (const name of ["callbackPath", "signOutPath"]) {
        if (paths.includes(name) && paths.includes("signedOutPath") && value.signedOutPath === value[name]) {
            issues.push({ path: `${path}.signedOutPath`, value: value.signedOutPath, problem: `is the ${name}; the page after sign-out must be another path` });
        }
    }
    if (typeof value.cookiePrefix !== "string" || !COOKIE_PREFIX.test(value.cookiePrefix)) {
        issues.push({ path: `${path}.cookiePrefix`, value: value.cookiePrefix, problem: "is not a cookie name prefix (1 to 32 letters, digits, _ or -, not starting with -)" });
    }
    checkIntegerInRange(`${path}.tokenTimeoutMs`, value.tokenTimeoutMs, SIGN_IN_LIMITS.tokenTimeoutMs[0], SIGN_IN_LIMITS.tokenTimeoutMs[1], issues);
}

function checkSignedCookies(path: string, value: unknown, issues: Issue[]): void {
    if (!isPlainObject(value)) {
        issues.push({ path, value, problem: "is not an object (see EdgeSignedCookiesConfig)" });
        return;
    }
    for (const key of Object.keys(value)) {
        if (!SIGNED_COOKIES_FIELDS.includes(key)) issues.push({ path: `${path}.${key}`, value: value[key], problem: `is not a known field (known: ${SIGNED_COOKIES_FIELDS.join(", ")})` });
    }
    if (typeof value.keyPairId !== "string" || !KEY_PAIR_ID.test(value.keyPairId)) {
        issues.push({ path: `${path}.keyPairId`, value: value.keyPairId, problem: "is not a CloudFront public key ID (upper-case letters and digits, e.g. K2JCJMDEHXQW5F)" });
    }
    if (typeof value.privateKeySecretArn !== "string" || secretRegionOf(value.privateKeySecretArn) === undefined) {
        issues.push({ path: `${path}.privateKeySecretArn`, value: value.privateKeySecretArn, problem: "is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)" });
    }
    const patterns = checkStringList(`${path}.pathPatterns`, value.pathPatterns, { pattern: PATH_PATTERN, what: "cache behaviour path patterns", item: "a cache behaviour path pattern such as /downloads/*", min: 1, max: 25 }, issues);
    // One set of cookies grants one Resource: refused here, at deploy time, rather than by the function
    // issuing no cookies at all.
    const resource = patterns === undefined ? undefined : signedCookieResourcePath(patterns);
    if (resource !== undefined && "problem" in resource) issues.push({ path: `${path}.pathPatterns`, value: value.pathPatterns, problem: resource.problem });
    checkIntegerInRange(`${path}.lifetimeSeconds`, value.lifetimeSeconds, SIGN_IN_LIMITS.lifetimeSeconds[0], SIGN_IN_LIMITS.lifetimeSeconds[1], issues);
    checkIntegerInRange(`${path}.keyCacheSeconds`, value.keyCacheSeconds, SIGN_IN_LIMITS.keyCacheSeconds[0], SIGN_IN_LIMITS.keyCacheSeconds[1], issues);
}

/** The names of the cookies the sign-in flow sets, for `prefix`. */
export function signInCookieNames(prefix: string): { readonly id: string; readonly access: string; readonly refresh: string; readonly state: string } {
    return { id: `${prefix}-id`, access: `${prefix}-access`, refresh: `${prefix}-refresh`, state: `${prefix}-state` };
}

/**
 * Validates a raw config (typically parsed JSON) and returns it typed, reduced to the known fields with
 * the JWKS normalized. Throws one `ValidationError` listing every problem, each naming the field,
 * its value and what is allowed, e.g. `clientIds[1]: "" is not an app client ID`.
 */
export function validateEdgeAuthConfig(raw: unknown): EdgeAuthConfig {
    const issues: Issue[] = [];
    if (!isPlainObject(raw)) {
        throwIfIssues("edge auth config", [{ path: "(config)", value: raw, problem: "is not a JSON object" }]);
    }
    const c = raw as Record<string, unknown>;
    for (const key of Object.keys(c)) {
        if (!(EDGE_AUTH_CONFIG_FIELDS as readonly string[]).includes(key)) {
            issues.push({ path: key, value: c[key], problem: `is not a known field (known: ${EDGE_AUTH_CONFIG_FIELDS.join(", ")})` });
        }
    }

    checkUserPoolId("userPoolId", c.userPoolId, issues);
    // With sign-in, the sign-in client is accepted too, so the list may be empty.
    const minClientIds = c.signIn !== undefined ? 0 : 1;
    const clientIds = checkStringList("clientIds", c.clientIds, { pattern: CLIENT_ID, what: "app client IDs", item: "an app client ID (1 to 128 letters, digits, _ or +)", min: minClientIds, max: MAX_CLIENT_IDS }, issues);
    checkOneOf("tokenUse", c.tokenUse, TOKEN_USES, issues);
    checkStringList("requiredGroups", c.requiredGroups, { pattern: GROUP_NAME, what: "Cognito group names", item: "a Cognito group name (1 to 128 letters, marks, symbols, digits or punctuation)", min: 0, max: MAX_GROUPS }, issues);
    const jwks = checkJwks("jwks", c.jwks, issues);

    if (c.cookieName !== undefined && (typeof c.cookieName !== "string" || !COOKIE_NAME.test(c.cookieName))) {
        issues.push({ path: "cookieName", value: c.cookieName, problem: "is not a cookie name (an RFC 6265 token: letters, digits and !#$%&'*+-.^_`|~)" });
    }
    if (c.tokenSources !== undefined) {
        const sources = checkStringList("tokenSources", c.tokenSources, { pattern: TOKEN_SOURCE, what: "token sources", item: `one of ${TOKEN_SOURCES.join(" | ")}`, min: 1, max: TOKEN_SOURCES.length }, issues);
        if (sources?.includes("cookie") && c.cookieName === undefined) {
            issues.push({ path: "cookieName", value: undefined, problem: 'is required when tokenSources includes "cookie"' });
        }
    }
    for (const field of Object.keys(EDGE_AUTH_LIMITS) as (keyof typeof EDGE_AUTH_LIMITS)[]) {
        if (c[field] !== undefined) checkIntegerInRange(field, c[field], EDGE_AUTH_LIMITS[field][0], EDGE_AUTH_LIMITS[field][1], issues);
    }
    if (c.realm !== undefined && (typeof c.realm !== "string" || !REALM.test(c.realm))) {
        issues.push({ path: "realm", value: c.realm, problem: 'is not 1 to 128 printable ASCII characters without " or \\' });
    }
    if (c.subjectHeader !== undefined) {
        const name = c.subjectHeader;
        if (typeof name !== "string" || name.length > 64 || !SUBJECT_HEADER.test(name)) {
            issues.push({ path: "subjectHeader", value: name, problem: "is not a lower-case header name starting with x- (letters, digits, single hyphens; at most 64 characters)" });
        } else if (RESERVED_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))) {
            issues.push({ path: "subjectHeader", value: name, problem: `is reserved (CloudFront or S3 own headers starting with ${RESERVED_HEADER_PREFIXES.join(", ")}); choose e.g. x-user-sub` });
        }
    }
    if (c.directoryIndex !== undefined) checkDirectoryIndexName("directoryIndex", c.directoryIndex, issues);
    if (c.signIn !== undefined) {
        checkSignIn("signIn", c.signIn, c.tokenUse, issues);
        const prefix = isPlainObject(c.signIn) ? c.signIn.cookiePrefix : undefined;
        if (typeof prefix === "string" && typeof c.cookieName === "string" && Object.values(signInCookieNames(prefix)).includes(c.cookieName)) {
            issues.push({ path: "cookieName", value: c.cookieName, problem: "is one of the sign-in flow's cookies (signIn.cookiePrefix); give another name or none" });
        }
    }
    if (c.signedCookies !== undefined) {
        checkSignedCookies("signedCookies", c.signedCookies, issues);
        if (c.signIn === undefined) issues.push({ path: "signedCookies", value: c.signedCookies, problem: "requires signIn (the cookies are issued after a sign-in)" });
    }
    if (c.requiredClaims !== undefined) {
        if (!isPlainObject(c.requiredClaims) || Object.keys(c.requiredClaims).length > MAX_REQUIRED_CLAIMS) {
            issues.push({ path: "requiredClaims", value: c.requiredClaims, problem: `is not an object of at most ${MAX_REQUIRED_CLAIMS} claims, each a list of allowed values` });
        } else {
            for (const [claim, allowed] of Object.entries(c.requiredClaims)) {
                if (claim.length === 0 || claim.length > 128) {
                    issues.push({ path: "requiredClaims", value: claim, problem: "names a claim that is empty or longer than 128 characters" });
                } else if (claim === "__proto__" || claim === "constructor" || claim === "prototype") {
                    // Copied into an object literal or with a spread, `__proto__` would set a prototype, not a claim.
                    issues.push({ path: "requiredClaims", value: claim, problem: "names a claim that cannot be a key of a JavaScript object literal" });
                } else if (RESERVED_CLAIMS.includes(claim)) {
                    issues.push({ path: `requiredClaims.${claim}`, value: allowed, problem: `is checked by its own option (userPoolId, clientIds, tokenUse, requiredGroups, token times); not allowed here` });
                } else {
                    checkStringList(`requiredClaims.${claim}`, allowed, { pattern: /^[\s\S]{0,1024}$/, what: "allowed values", item: "a string of at most 1024 characters", min: 1, max: MAX_CLAIM_VALUES }, issues);
                }
            }
        }
    }
    throwIfIssues("edge auth config", issues);

    const validated: Record<string, unknown> = {};
    for (const key of EDGE_AUTH_CONFIG_FIELDS) if (c[key] !== undefined) validated[key] = c[key];
    validated.clientIds = [...(clientIds as string[])];
    validated.jwks = jwks;
    // Copies, so a caller changing its object later cannot change what the function runs with.
    if (c.signIn !== undefined) validated.signIn = JSON.parse(JSON.stringify(c.signIn));
    if (c.signedCookies !== undefined) validated.signedCookies = JSON.parse(JSON.stringify(c.signedCookies));
    return validated as unknown as EdgeAuthConfig;
}

/** The token sources a config uses, defaults applied. */
function tokenSourcesOf(config: EdgeAuthConfig): readonly TokenSource[] {
    return config.tokenSources ?? (config.cookieName !== undefined ? ["authorization-header", "cookie"] : ["authorization-header"]);
}

/**
 * True when the function reads (and strips) the `Authorization` header. Components must refuse this
 * where that header carries something else, e.g. the viewer's SigV4 signature in the `unsigned` mode.
 */
export function readsAuthorizationHeader(config: EdgeAuthConfig): boolean {
    return tokenSourcesOf(config).includes("authorization-header");
}

/** Validates `raw` and fills in every default. */
export function resolveEdgeAuthConfig(raw: unknown): ResolvedEdgeAuthConfig {
    const config = validateEdgeAuthConfig(raw);
    return {
        userPoolId: config.userPoolId,
        region: regionOfUserPoolId(config.userPoolId),
        // The baked sign-in client is accepted like the listed ones (a client read from SSM is added at run time).
        clientIds: config.signIn?.clientId !== undefined && !config.clientIds.includes(config.signIn.clientId) ? [...config.clientIds, config.signIn.clientId] : config.clientIds,
        tokenUse: config.tokenUse,
        requiredGroups: config.requiredGroups,
        jwks: config.jwks,
        cookieName: config.cookieName,
        tokenSources: tokenSourcesOf(config),
        clockSkewSeconds: config.clockSkewSeconds ?? EDGE_AUTH_DEFAULTS.clockSkewSeconds,
        realm: config.realm ?? config.userPoolId,
        subjectHeader: config.subjectHeader,
        requiredClaims: config.requiredClaims ?? {},
        cacheSize: config.cacheSize ?? EDGE_AUTH_DEFAULTS.cacheSize,
        maxTokenLength: config.maxTokenLength ?? EDGE_AUTH_DEFAULTS.maxTokenLength,
        jwksRefetchIntervalSeconds: config.jwksRefetchIntervalSeconds ?? EDGE_AUTH_DEFAULTS.jwksRefetchIntervalSeconds,
        jwksFetchTimeoutMs: config.jwksFetchTimeoutMs ?? EDGE_AUTH_DEFAULTS.jwksFetchTimeoutMs,
        directoryIndex: config.directoryIndex,
        signIn: config.signIn,
        signedCookies: config.signedCookies,
    };
}

/**
 * The pure rules of browser sign-in at the edge (`CognitoEdgeAuth` `signIn`, `SignInAppClient`):
 * Cognito's managed login endpoints and domain prefix, the SSM parameter that carries a client ID the
 * function cannot have baked in, CloudFront path-pattern matching, and the edge role's grants. Kept apart
 * from the component so that the plan, the stacks and the tests ask the same functions.
 */
import { CLOUDFRONT_CONTROL_REGION } from "./cloudfront-facts";
import { buildSigningPolicy } from "./signed-content-keys";

/**
 * The defaults of `SignedCookieSettings`: an hour of cookies (a user removed from a group keeps the signed
 * paths that long); five minutes of a cached key (how long instances may sign with a rotated-out key).
 */
export const SIGNED_COOKIE_DEFAULTS = { lifetimeSeconds: 3600, keyCacheSeconds: 300 } as const;

/**
 * Cognito's managed login endpoints on a prefix domain: `https://<prefix>.auth.<region>.amazoncognito.com`
 * with `/oauth2/authorize` (response_type, client_id, redirect_uri, state, scope, code_challenge,
 * code_challenge_method), `/oauth2/token` (grant_type authorization_code with code, redirect_uri,
 * code_verifier; or refresh_token), `/oauth2/revoke` (token, client_id: a refresh token and the tokens it
 * issued) and `/logout` (client_id, logout_uri).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 */
export function signInEndpoints(prefix: string, region: string): { host: string; authorizeUrl: string; tokenUrl: string; revokeUrl: string; logoutUrl: string } {
    const host = `${prefix}.auth.${region}.amazoncognito.com`;
    return {
        host,
        authorizeUrl: `https://${host}/oauth2/authorize`,
        tokenUrl: `https://${host}/oauth2/token`,
        revokeUrl: `https://${host}/oauth2/revoke`,
        logoutUrl: `https://${host}/logout`,
    };
}

/**
 * Managed login version of the domain: 2, the managed login pages with the branding designer (1 is the
 * classic hosted UI). Version 2 shows a client's pages with the style assigned to it, so the component
 * assigns Cognito's default style to the sign-in client.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html (ManagedLoginVersion)
 */
export const MANAGED_LOGIN_VERSION = 2;

/** Longest Cognito domain prefix (the API's pattern allows 63 characters). */
const MAX_DOMAIN_PREFIX = 63;

/**
 * The default domain prefix: `<project>-<stack>-<name>`, lower-cased, every other character than a
 * letter, digit or hyphen replaced by `-`, runs of hyphens collapsed, none at either end, cut to 63.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html
 */
export function defaultDomainPrefix(project: string, stack: string, name: string): string {
    const cleaned = `${project}-${stack}-${name}`
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "");
    return cleaned.slice(0, MAX_DOMAIN_PREFIX).replace(/-$/, "") || "sign-in";
}

/**
 * The SSM parameter the function reads the sign-in client's ID from, when it is not baked in:
 * `/<project>/<stack>/<name>/sign-in-client-id` (parameter names: letters, digits, `_ . - /`).
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
 */
export function signInClientIdParameterNameOf(project: string, stack: string, name: string): string {
    const part = (text: string) => text.replace(/[^A-Za-z0-9_.-]/g, "-");
    return `/${part(project)}/${part(stack)}/${part(name)}/sign-in-client-id`;
}

/**
 * Whether a CloudFront path pattern matches `path`: `*` any characters (also none), `?` exactly one,
 * case-sensitive; a pattern without a leading `/` is read with one, as CloudFront does.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 */
export function pathPatternMatches(pattern: string, path: string): boolean {
    const anchored = pattern.startsWith("/") || pattern.startsWith("*") ? pattern : `/${pattern}`;
    const source = anchored.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`).test(path);
}

/**
 * The edge role's permissions for sign-in and signed cookies, each on one exact resource: read the
 * sign-in client's ID parameter (us-east-1), read the signing key's secret, and decrypt it with its
 * customer managed key only through Secrets Manager and only for that secret. (The CloudFront public key
 * reads a content service gets are not needed: the key pair ID is in the function's config.)
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html
 */
export function buildEdgeSignInPolicy(input: { partition: string; accountId: string; parameterName?: string; secretArn?: string; kmsKeyArn?: string }): {
    Version: "2012-10-17";
    Statement: Array<Record<string, unknown>>;
} {
    const statements: Array<Record<string, unknown>> = [];
    if (input.parameterName !== undefined) {
        statements.push({
            Sid: "ReadSignInClientId",
            Effect: "Allow",
            Action: "ssm:GetParameter",
            Resource: `arn:${input.partition}:ssm:${CLOUDFRONT_CONTROL_REGION}:${input.accountId}:parameter${input.parameterName}`,
        });
    }
    if (input.secretArn !== undefined) {
        const signing = buildSigningPolicy({ secretArn: input.secretArn, kmsKeyArn: input.kmsKeyArn }).Statement.filter((statement) => statement.Sid !== "ReadCloudFrontPublicKeys");
        statements.push(...signing.map((statement) => ({ ...statement })));
    }
    return { Version: "2012-10-17", Statement: statements };
}

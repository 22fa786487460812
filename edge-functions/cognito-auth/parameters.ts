/**
 * The app client ID when it is not baked into the config (`signIn.clientIdParameter`): read from SSM
 * Parameter Store at cold start, kept per container, read again after the cache time, failing closed.
 *
 * Why a parameter: without a custom domain the distribution depends on the function, and the app
 * client's callback URL names the distribution's domain, so the client is created after the front and
 * its ID cannot be in the function's deployment package (see edge-functions/README.md). Lambda@Edge has
 * no environment variables; the execution role's credentials are there as usual.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 */
import { withTimeout } from "../../shared/timeout";
import type { EdgeClientIdParameter } from "../../shared/edge-auth-config";

/** Reads a String parameter's value. Injectable for tests; the default uses the Lambda runtime's AWS SDK. */
export type ParameterReader = (parameter: EdgeClientIdParameter, signal: AbortSignal) => Promise<string>;

/** How long a read client ID is kept before it is read again, seconds. The ID of a client never changes; a new client (replacement) is picked up after this. */
export const CLIENT_ID_CACHE_SECONDS = 300;
/** After a failed read, how long before the next try, seconds (so a broken permission costs one call per container per interval, not one per request). */
export const CLIENT_ID_RETRY_SECONDS = 10;

// App client ID: 1–128 characters of [\w+].
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientDescription.html
const CLIENT_ID = /^[\w+]{1,128}$/;

/**
 * The default reader: `GetParameter` through `@aws-sdk/client-ssm`, which the Lambda Node.js runtime
 * provides (left out of the bundle), loaded only when a config names a parameter.
 */
export const readParameterWithSdk: ParameterReader = async (parameter, signal) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SSMClient, GetParameterCommand } = require("@aws-sdk/client-ssm") as typeof import("@aws-sdk/client-ssm");
    const client = new SSMClient({ region: parameter.region });
    const answer = await client.send(new GetParameterCommand({ Name: parameter.name }), { abortSignal: signal });
    const value = answer.Parameter?.Value;
    if (typeof value !== "string") throw new Error("the parameter has no value");
    return value;
};

/** What the client-ID source needs. */
export interface ClientIdSourceDeps {
    readonly now: () => number;
    readonly readParameter: ParameterReader;
    readonly log: (message: string) => void;
    readonly timeoutMs: number;
}

/**
 * The client ID: the baked one, or the parameter's value read at most once per {@link CLIENT_ID_CACHE_SECONDS}
 * (concurrent callers share one read). `undefined` when it cannot be had: sign-in then fails closed.
 * A value read before is kept when a later read fails (a client ID is not a secret, and an outage of SSM
 * should not sign everyone out); `onNewClientId` learns every value read, so tokens of that client verify.
 */
export function clientIdSource(
    baked: string | undefined,
    parameter: EdgeClientIdParameter | undefined,
    deps: ClientIdSourceDeps,
    onNewClientId: (clientId: string) => void,
): () => Promise<string | undefined> {
    if (baked !== undefined || parameter === undefined) return () => Promise.resolve(baked);
    let value: string | undefined;
    let nextReadAt = Number.NEGATIVE_INFINITY;
    let inFlight: Promise<string | undefined> | undefined;
    const read = async (): Promise<string | undefined> => {
        try {
            const raw = await withTimeout((signal) => deps.readParameter(parameter, signal), deps.timeoutMs, () => new Error(`no answer within ${deps.timeoutMs} ms`));
            const trimmed = raw.trim();
            if (!CLIENT_ID.test(trimmed)) throw new Error("the value is not an app client ID");
            if (trimmed !== value) onNewClientId(trimmed);
            value = trimmed;
            nextReadAt = deps.now() + CLIENT_ID_CACHE_SECONDS * 1000;
        } catch (error) {
            deps.log(`edge-auth: cannot read the client ID parameter ${parameter.name} (${parameter.region}): ${error instanceof Error ? error.message.slice(0, 160) : "unknown error"}; ${value === undefined ? "sign-in is unavailable" : "keeping the ID read before"}`);
            nextReadAt = deps.now() + CLIENT_ID_RETRY_SECONDS * 1000;
        }
        return value;
    };
    return () => {
        if (deps.now() < nextReadAt) return Promise.resolve(value);
        if (inFlight === undefined) {
            inFlight = read().finally(() => {
                inFlight = undefined;
            });
        }
        return inFlight;
    };
}

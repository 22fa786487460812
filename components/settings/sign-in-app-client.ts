/**
 * The settings of a SignInAppClient, declared once (see components/settings/cognito-edge-auth.ts for
 * the sections it shares with `CognitoEdgeAuth`): the TypeScript types and their TSDoc are the source of
 * the settings schema (`npm run generate`) and the schema other languages see. Plain declarations only.
 */
import { CognitoAppClientSettings, CognitoSignInSettings } from "./cognito-edge-auth";

/**
 * The settings of a `SignInAppClient`: the same `signIn` and `appClient` sections as the
 * `CognitoEdgeAuth` whose function signs users in, so a stack hands both the same values.
 */
export interface SignInAppClientSettings {
    /**
     * The sign-in flow (the `CognitoEdgeAuth`'s `signIn`). Here `scopes` (allowed to the client),
     * `callbackPath` and `signedOutPath` (its callback and sign-out URLs on every front domain) apply;
     * the other fields belong to the domain and the function and are ignored.
     * @default the defaults of `CognitoSignInSettings`
     */
    readonly signIn?: CognitoSignInSettings;
    /**
     * Token lifetimes and further URLs of the client (the `CognitoEdgeAuth`'s `appClient`): the three
     * validity settings apply, `callbackUrls` and `logoutUrls` are added to the front's, and
     * `oauthScopes`, when given, are the scopes the client allows (they must include every `signIn.scopes`).
     * `create: false` is not allowed here.
     * @default the defaults of `CognitoAppClientSettings`
     */
    readonly appClient?: CognitoAppClientSettings;
}

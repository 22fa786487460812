/**
 * A Pulumi program of another team, built only on what `legacy-tls-front` publishes: media for old
 * set-top boxes (TLS 1.0/1.1) from a private bucket, viewers signed in with Cognito at the edge,
 * `/premium/*` behind CloudFront signed URLs, and a two-region API with health-check failover.
 *
 * `tests/consumer.test.ts` (in the package's repository) installs the packed tarball into a copy of this
 * folder, type-checks it with this folder's tsconfig.json and runs `test.ts` under Pulumi mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { CognitoEdgeAuth, LegacyTlsFront, PrivateOriginBucket, RegionalApiFailover, SignedContentKeys } from "legacy-tls-front";

const config = new pulumi.Config();

const media = new PrivateOriginBucket("media", { tags: { team: "streaming" } });

// Signed URLs for premium content; the content service signs with the key this creates. Media players
// fetching premium segments present the signature only (no viewer token on those paths).
const signing = new SignedContentKeys("media-signing", { comment: "premium media", pathPatterns: ["/premium/*"], viewerAuth: false });

// Cognito at the edge: a cookie carries the viewer's access token (old players cannot set headers).
const auth = new CognitoEdgeAuth("media-auth", {
    userPool: { deletionProtection: true },
    appClient: { callbackUrls: ["https://watch.example.com/callback"] },
    requiredGroups: ["subscribers"],
    tokenSources: ["cookie"],
    cookieName: "access_token",
    frontMode: "signed",
});

const front = new LegacyTlsFront("media", {
    origin: media,
    mode: "signed",
    viewerAuth: auth,
    // The keys carry their paths: the front trusts them on /premium/*.
    signedContent: signing,
    tags: { team: "streaming" },
});
media.attachPolicy([front]);

const api = new RegionalApiFailover("catalog-api", {
    domainName: config.require("apiDomainName"),
    hostedZoneId: config.require("hostedZoneId"),
    regions: ["eu-west-1", "us-east-1"],
});

/** Where viewers go. */
export const url = front.urls.apply((urls) => urls[0]);
/** Upload media here. */
export const bucketName = media.bucketName;
/** The key pair ID signed URLs name. */
export const keyPairId = signing.publicKeyId;
/** The versioned ARN of the edge authenticator. */
export const edgeFunctionArn = auth.qualifiedArn;
/** SHA-256 of the edge function's deployment package: the package's prebuilt bundle and this stack's config.json. */
export const edgeBundleSha256 = auth.bundleSha256;
/** The API's public URL. */
export const apiUrl = api.apiUrl;

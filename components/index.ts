/**
 * Pulumi components that serve private S3 content through CloudFront, including to clients that only
 * speak TLS 1.0/1.1: the package's public surface. It exports the components, their args, settings and
 * output types (with the enums and named types those reference), the `validate*Args()` functions, the
 * error they report with, and `failoverTime`. Everything else in `components/` is internal: code of this
 * repository imports those modules directly.
 *
 * This module is also what `pulumi package add` serves to other languages (see PulumiPlugin.yaml): every
 * component class exported here becomes a resource of the schema Pulumi infers.
 */

// The components, each with its args, the named types of its args and outputs, and its validation.
export { CognitoEdgeAuth, CognitoEdgeAuthArgs, CognitoEdgeAuthTransforms, CognitoEdgeAuthViewerRequest, SignedCookieKeys, validateCognitoEdgeAuthArgs } from "./cognito-edge-auth";
export { EdgeWebAcl, EdgeWebAclArgs, WebAclRuleDescription, WebAclRuleKind, validateEdgeWebAclArgs } from "./edge-web-acl";
export {
    FrontAccessLogging,
    LegacyTlsFront,
    LegacyTlsFrontArgs,
    OriginBucket,
    ViewerRequestAuth,
    ViewerRequestFunction,
    validateLegacyTlsFrontArgs,
} from "./legacy-tls-front";
export {
    ComparisonOperator,
    FrontMonitoring,
    FrontMonitoringArgs,
    MonitoringAlarm,
    TreatMissingData,
    validateFrontMonitoringArgs,
} from "./front-monitoring";
export { OriginBucketPolicy, OriginBucketPolicyArgs, validateOriginBucketPolicyArgs } from "./origin-bucket-policy";
export { OriginAccessGrantSource, PrivateOriginBucket, PrivateOriginBucketArgs, validatePrivateOriginBucketArgs } from "./private-origin-bucket";
export { RegionalApiEndpoint, RegionalApiFailover, RegionalApiFailoverArgs, validateRegionalApiFailoverArgs } from "./regional-api-failover";
export { SignedContentBehaviors, SignedContentKeys, SignedContentKeysArgs, TrustedKeyGroup, validateSignedContentKeysArgs } from "./signed-content-keys";
export { SignInAppClient, SignInAppClientArgs, validateSignInAppClientArgs } from "./sign-in-app-client";
export { TlsAudit, TlsAuditArgs, validateTlsAuditArgs } from "./tls-audit";

// The settings (what a stack file's sections and other languages set), their nested types and enums.
export * from "./settings";

// Enums and named types the settings and outputs reference, declared with the facts they come from.
export { HttpVersion, Partition, PriceClass, StandardLogFormat } from "./cloudfront-facts";
export { SecurityPolicy } from "./tls-clients/viewer-policies";
export { ProvidersByRegion } from "./providers";
export { ResolvedOriginGrant } from "./origin-access-policy";
export { FailoverTime, ResolvedHealthCheckSettings, failoverTime } from "./failover-settings";
// Types of the TypeScript-only accessors LegacyTlsFront.profile and .clientCompatibility.
export { ModeProfile } from "./front-modes";
export { ClientCompatibility } from "./tls-clients/compatibility-table";

// What validation reports: every problem at once, thrown as one error.
export { Issue, ValidationError, formatIssue } from "./validation";

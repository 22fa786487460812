/**
 * The settings interfaces the package publishes as a schema: one per component, each the part of the
 * component's args a stack file (or a program in any language) sets with plain values. A stack config
 * section is exactly one of these. Adding a type here adds it to `npm run generate`'s schema and to the
 * config reference.
 */
export const SETTINGS_TYPES = ["CognitoEdgeAuthSettings", "EdgeWebAclSettings", "FrontMonitoringSettings", "LegacyTlsFrontSettings", "OriginBucketPolicySettings", "PrivateOriginBucketSettings", "RegionalApiFailoverSettings", "SignInAppClientSettings", "SignedContentKeysSettings", "TlsAuditSettings"] as const;

/** A settings interface of `SETTINGS_TYPES`. */
export type SettingsType = (typeof SETTINGS_TYPES)[number];

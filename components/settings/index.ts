/**
 * Every component's settings, the root the settings schema is generated from (tools/schema/settings-schema.ts).
 * A leaf: these files import nothing of the repository but each other and two modules of plain facts,
 * `cloudfront-facts.ts` and `tls-clients/viewer-policies.ts`, which import nothing but each other and `tls-clients/protocols.ts`.
 */
export * from "./cognito-edge-auth";
export * from "./edge-web-acl";
export * from "./front-monitoring";
export * from "./legacy-tls-front";
export * from "./origin-bucket-policy";
export * from "./private-origin-bucket";
export * from "./regional-api-failover";
export * from "./signed-content-keys";
export * from "./tls-audit";
export * from "./sign-in-app-client";

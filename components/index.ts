/**
 * Pulumi components that serve private S3 content through CloudFront, including to clients that only
 * speak TLS 1.0/1.1.
 */
export * from "./cloudfront-facts";
export * from "./cognito-edge-auth";
export * from "./content-signing";
export * from "./failover-settings";
export * from "./front-modes";
export * from "./legacy-tls-front";
export * from "./origin-access-policy";
export * from "./private-origin-bucket";
export * from "./providers";
export * from "./regional-api-failover";
export * from "./signed-content-keys";
export * from "./tls-audit";
export * from "./validation";
export * from "./viewer-tls";

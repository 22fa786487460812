/**
 * The function's config (shape, defaults, validation) lives in the leaf module `shared/edge-auth-config.ts`,
 * which the function and the component both import. This re-export only keeps `stacks/config.ts` working
 * until it imports `shared/edge-auth-config` itself; nothing of the function imports it.
 */
export * from "../../shared/edge-auth-config";

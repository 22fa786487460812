/**
 * Deploy legacy TLS fronts from a service: typed `preview` / `up` / `refresh` / `destroy` / `outputs`
 * for named stacks over the Pulumi Automation API, running the same stack program and validating the
 * same typed config as `pulumi up`. See "Deploy from a service" in the README.
 *
 * @example
 * import { PulumiWorkspace, StackAutomation } from "legacy-tls-front/automation";
 * const fronts = new StackAutomation({
 *     workspace: new PulumiWorkspace({ backendUrl: "s3://acme-pulumi-state", workDir: "/var/lib/fronts", envVars: { PULUMI_CONFIG_PASSPHRASE: passphrase } }),
 * });
 * await fronts.up("customer-42", { region: "eu-west-1", environment: "prod", front: { mode: "signed" }, publicContent: true });
 */
export { StackConfig, StackConfigInput } from "../stacks/config";
export {
    AutomationError,
    ConcurrentUpdateError,
    ConfigInvalidError,
    DeploymentFailedError,
    Operation,
    PULUMI_INSTALL_URL,
    PulumiCliMissingError,
    StackNotFoundError,
    toAutomationError,
} from "./errors";
export { Progress, ResourceFailure, ResourceRef, parseUrn, toProgress } from "./events";
export { PulumiWorkspace, PulumiWorkspaceOptions, validatePulumiWorkspaceOptions } from "./pulumi-workspace";
export { KeyedQueue, Settled, mapConcurrent } from "./queue";
export {
    OperationOptions,
    OperationResult,
    PROJECT_NAME,
    StackAutomation,
    StackAutomationOptions,
    StackOutputs,
    UpResult,
    ValidatedStackConfig,
    inlineStackProgram,
    stackOutputsOf,
    validateStackConfig,
    validateStackName,
    writeConfig,
} from "./stack-automation";
export { EngineEvent, OpMap, OperationStreams, OutputMap, StackSession, StackTarget, StackWorkspace } from "./workspace";

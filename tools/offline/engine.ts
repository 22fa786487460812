/**
 * Runs a Pulumi program under Pulumi's own mock engine (`pulumi.runtime.setMocks`) and records every
 * resource registration as the engine would see it: type, name, URN, parent, provider, protect,
 * retainOnDelete, inputs and (fabricated) outputs. Used by the offline plan and by the tests, so both
 * look at exactly the same thing. Unknown provider function calls throw: a program that asks AWS for
 * something this engine does not know fails loudly instead of planning with made-up data.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { OFFLINE_ACCOUNT_ID, fabricate } from "./fabricate";

/** One resource as registered with the engine. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** `false` for component resources (and the stack). */
    readonly custom: boolean;
    /** URN of the parent resource; `undefined` only for the stack itself. */
    readonly parent?: string;
    /** Provider reference `URN::ID`; `undefined` when the default provider is used. */
    readonly provider?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** The physical ID given to a `.get` read; `undefined` for resources the program creates. */
    readonly readId?: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    readonly id?: string;
    /**
     * For each input, the URNs of the resources its value came from (as the engine's analyzers see
     * them), so a check can tie a public access block to its bucket even when the bucket's name is not
     * known yet. Empty for reads.
     */
    readonly propertyDependencies: Record<string, string[]>;
    /**
     * URNs of every resource this one depends on, as the engine orders creation and deletion by them:
     * those of its inputs and those of `dependsOn`. Pulumi deletes a resource only after everything
     * that depends on it. Empty for reads.
     */
    readonly dependencies: string[];
    /**
     * The aliases the program gave the resource (`opts.aliases`), as the engine receives them: a URN, or
     * a spec whose unset fields mean "as the resource now has it". The engine derives its children's
     * former URNs from these itself. Empty for reads.
     */
    readonly aliases: RecordedAlias[];
}

/** One alias of a {@link RecordedResource}: a former URN, or the parts of it that differ. */
export interface RecordedAlias {
    readonly urn?: string;
    readonly name?: string;
    readonly type?: string;
    readonly project?: string;
    readonly stack?: string;
    readonly parentUrn?: string;
    readonly noParent?: boolean;
}

/** Options of {@link runOffline}. */
export interface OfflineOptions {
    readonly project: string;
    readonly stack: string;
    /** Full config keys (`project:key`, `aws:region`) to string values, as Pulumi passes them to programs. */
    readonly config: Record<string, string>;
    /** Run as `pulumi preview` would: computed outputs stay unknown. @default false */
    readonly preview?: boolean;
    /** @default "123456789012" */
    readonly account?: string;
    /**
     * Replaces fabricated outputs of chosen resources, e.g. a test's own JWKS for the dynamic resource
     * that reads a user pool's keys. Called for every resource outside previews (a preview keeps computed
     * outputs unknown); the returned properties are merged over the fabricated state.
     * @default none
     */
    readonly outputOverrides?: (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined;
}

/** The result of a run. */
export interface OfflineRun {
    readonly project: string;
    readonly stack: string;
    readonly account: string;
    /** The stack's region (`aws:region`). */
    readonly region: string;
    /** Every registered resource in registration order, the stack first. */
    readonly resources: RecordedResource[];
    /** The stack outputs, resolved. */
    readonly outputs: Record<string, unknown>;
}

/** Invokes the engine answers; anything else is an error. */
const KNOWN_INVOKES = [
    "aws:index/getCallerIdentity:getCallerIdentity",
    "aws:index/getPartition:getPartition",
    "aws:index/getRegion:getRegion",
    "aws:s3/getCanonicalUserId:getCanonicalUserId",
] as const;

/** Thrown for a provider function call the offline engine cannot answer. */
export class UnexpectedInvokeError extends Error {
    constructor(readonly token: string) {
        super(`offline engine: unexpected provider call ${token}; known calls: ${KNOWN_INVOKES.join(", ")}`);
        this.name = "UnexpectedInvokeError";
    }
}

interface MonitorLike {
    registerResource(req: any, callback: (err: any, resp: any) => void): Promise<void>;
    readResource(req: any, callback: (err: any, resp: any) => void): Promise<void>;
}

/** Region of a provider reference, given the recorded provider resources. */
export function regionOf(resource: RecordedResource, resources: readonly RecordedResource[], stackRegion: string): string {
    // @pulumi/aws v7 resources may name their own region, which wins over their provider's.
    if (typeof resource.inputs.region === "string" && resource.inputs.region !== "") return resource.inputs.region;
    if (!resource.provider) return stackRegion;
    const urn = resource.provider.split("::").slice(0, -1).join("::");
    const provider = resources.find((r) => r.urn === urn);
    const region = provider?.inputs.region;
    return typeof region === "string" ? region : stackRegion;
}

/**
 * Runs `program` as stack `options.stack` under the mock engine and returns what it registered.
 * Runs are sequential: the Pulumi runtime is one per process, so never start two at once.
 */
/**
 * Pulumi's runtime records a stack trace on every promise it makes (`debuggablePromise`, for the leak
 * report it prints at exit), thousands per stack. Under the TypeScript loader every trace goes through
 * source-map lookups, which took about a third of a plan's time. The offline engine never prints that
 * report, so those traces are answered with a fixed text; every other stack trace is formatted as before.
 */
function skipPromiseStackTraces(): void {
    const format = Error.prepareStackTrace;
    if ((format as { skipsPromiseTraces?: boolean } | undefined)?.skipsPromiseTraces) return;
    const skipping = (error: Error, frames: NodeJS.CallSite[]): unknown =>
        frames[0]?.getFunctionName() === "debuggablePromise" && /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/.test(frames[0].getFileName() ?? "")
            ? "(stack trace not recorded by the offline engine)"
            : format
              ? format(error, frames)
              : `${error}\n${frames.map((frame) => `    at ${frame}`).join("\n")}`;
    Error.prepareStackTrace = Object.assign(skipping, { skipsPromiseTraces: true });
}

export async function runOffline(program: () => unknown, options: OfflineOptions): Promise<OfflineRun> {
    skipPromiseStackTraces();
    const account = options.account ?? OFFLINE_ACCOUNT_ID;
    const stackRegion = options.config["aws:region"] ?? "us-east-1";
    const preview = options.preview ?? false;
    const resources: RecordedResource[] = [];
    const providerRegions = new Map<string, string>();

    pulumi.runtime.setAllConfig(options.config);
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const region = args.type.startsWith("pulumi:providers:")
                    ? String(args.inputs.region ?? stackRegion)
                    : typeof args.inputs.region === "string" && args.inputs.region !== ""
                      ? args.inputs.region
                      : args.provider
                      ? providerRegions.get(args.provider.split("::").slice(0, -1).join("::")) ?? stackRegion
                      : stackRegion;
                const fabricated = fabricate(args.type, args.name, args.inputs, { account, region, preview, stack: options.stack }, args.id || undefined);
                const override = preview ? undefined : options.outputOverrides?.(args.type, args.name, args.inputs);
                return override ? { ...fabricated, state: { ...fabricated.state, ...override } } : fabricated;
            },
            call(args) {
                switch (args.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return { accountId: account, arn: `arn:aws:iam::${account}:user/offline-plan`, userId: "AIDAOFFLINEPLAN", id: account };
                    case "aws:index/getPartition:getPartition": {
                        const cn = stackRegion.startsWith("cn-");
                        return {
                            partition: cn ? "aws-cn" : "aws",
                            dnsSuffix: cn ? "amazonaws.com.cn" : "amazonaws.com",
                            reverseDnsPrefix: cn ? "cn.com.amazonaws" : "com.amazonaws",
                            id: cn ? "aws-cn" : "aws",
                        };
                    }
                    case "aws:index/getRegion:getRegion":
                        return { name: stackRegion, region: stackRegion, id: stackRegion, endpoint: `ec2.${stackRegion}.amazonaws.com` };
                    case "aws:s3/getCanonicalUserId:getCanonicalUserId":
                        // A canonical user ID is 64 hex digits; derive a stable placeholder from the account.
                        return { id: createHash("sha256").update(`canonical:${account}`).digest("hex"), displayName: "offline-plan" };
                    default:
                        throw new UnexpectedInvokeError(args.token);
                }
            },
        },
        options.project,
        options.stack,
        preview,
    );

    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const record = (req: any, readId: string | undefined, callback: (err: any, resp: any) => void) => {
        return (err: any, resp: any) => {
            if (!err && resp) {
                const inputs = pulumi.runtime.deserializeProperties(readId ? req.getProperties() : req.getObject());
                const outputs = pulumi.runtime.deserializeProperties(resp.getObject?.() ?? resp.getProperties?.());
                const urn: string = resp.getUrn();
                const type: string = req.getType();
                if (type.startsWith("pulumi:providers:")) providerRegions.set(urn, String(inputs.region ?? stackRegion));
                resources.push({
                    urn,
                    type,
                    name: req.getName(),
                    custom: readId ? true : Boolean(req.getCustom()),
                    parent: req.getParent() || undefined,
                    provider: req.getProvider() || undefined,
                    protect: readId ? false : Boolean(req.getProtect()),
                    retainOnDelete: readId ? false : Boolean(req.getRetainondelete?.()),
                    readId,
                    inputs: inputs as Record<string, unknown>,
                    outputs: outputs as Record<string, unknown>,
                    id: resp.getId?.() || readId || undefined,
                    propertyDependencies: readId ? {} : propertyDependenciesOf(req),
                    dependencies: readId ? [] : [...(req.getDependenciesList?.() ?? [])],
                    aliases: readId ? [] : aliasesOf(req),
                });
            }
            callback(err, resp);
        };
    };
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    monitor.registerResource = (req, callback) => register(req, record(req, undefined, callback));
    monitor.readResource = (req, callback) => read(req, record(req, req.getId(), callback));

    const outputs = await pulumi.runtime.runInPulumiStack(async () => program());
    await drainRegistrations();
    return {
        project: options.project,
        stack: options.stack,
        account,
        region: stackRegion,
        resources,
        outputs: (outputs ?? {}) as Record<string, unknown>,
    };
}

// The request's property dependencies as plain lists of URNs, in input order.
function propertyDependenciesOf(req: any): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    const map = req.getPropertydependenciesMap?.();
    if (!map) return result;
    for (const [key, deps] of map.entries()) result[key] = deps.getUrnsList();
    return result;
}

// The request's aliases: specs (what the mock monitor, like the engine, accepts) or plain URNs.
function aliasesOf(req: any): RecordedAlias[] {
    const specs: RecordedAlias[] = (req.getAliasesList?.() ?? []).map((alias: any): RecordedAlias => {
        const spec = alias.getSpec?.();
        if (!spec) return { urn: alias.getUrn() };
        const optional = (value: string): string | undefined => (value === "" ? undefined : value);
        return {
            name: optional(spec.getName()),
            type: optional(spec.getType()),
            project: optional(spec.getProject()),
            stack: optional(spec.getStack()),
            parentUrn: optional(spec.getParenturn()),
            noParent: spec.getNoparent() || undefined,
        };
    });
    const urns: RecordedAlias[] = (req.getAliasurnsList?.() ?? []).map((urn: string) => ({ urn }));
    return [...specs, ...urns].map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as RecordedAlias);
}

// Resources whose outputs nothing awaits (a bucket policy, a DNS record) may still be registering
// when the stack outputs resolve; wait until the runtime's RPC queue is empty, as `pulumi` itself does.
async function drainRegistrations(): Promise<void> {
    const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
    if (typeof waitForRPCs !== "function") {
        throw new Error("offline engine: this @pulumi/pulumi version has no runtime.waitForRPCs; pin the version in package.json");
    }
    await waitForRPCs();
}

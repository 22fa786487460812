/**
 * Runs a package as the Node.js language host runs a plugin for `pulumi package add`, and talks to it
 * over gRPC with @pulumi/pulumi's own generated stubs.
 *
 * The host (pulumi-language-nodejs `RunPlugin`) resolves `@pulumi/pulumi/cmd/run-plugin` from the plugin's
 * folder and starts `node <run-plugin> <program directory> <engine address>` in the caller's working
 * directory; the plugin prints the port of its ResourceProvider server on its first line of stdout. The
 * engine address is only dialled for `Construct` and `Call` (`configureRuntime` in
 * @pulumi/pulumi/provider/server.js): `GetSchema` and `GetPluginInfo` never reach it, so a closed port
 * stands in for it here.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";

/** A running plugin and a client of its ResourceProvider service. */
export interface RunningPlugin {
    /** The provider's schema, as `GetSchema` (version 0) returns it. */
    getSchema(): Promise<Record<string, unknown>>;
    /** The version `GetPluginInfo` reports. */
    getPluginVersion(): Promise<string>;
    /** Everything the plugin wrote to stderr so far. */
    stderr(): string;
    /** Stops the plugin and closes the client. */
    stop(): void;
}

/** An address nothing listens on: the engine the plugin is given but never calls for a schema. */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:1";

/**
 * Starts the plugin in `packageDir` as the language host would, with `cwd` the program's folder (the
 * host's `pwd`). Resolves once it has printed its port; rejects when it exits first.
 */
export function startPlugin(packageDir: string, cwd: string, timeoutMs = 120_000): Promise<RunningPlugin> {
    // From the package's own folder, as the host's locateModule does; the stubs come from that same SDK.
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [packageDir] }));
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [packageDir] });
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const providerRpc = require(path.join(pulumiDir, "proto", "provider_grpc_pb"));
    const providerProto = require(path.join(pulumiDir, "proto", "provider_pb"));
    const empty = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));

    const child: ChildProcess = spawn(process.execPath, [runPlugin, packageDir, UNUSED_ENGINE_ADDRESS], {
        cwd,
        env: { ...process.env, NODE_PATH: "" },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise<RunningPlugin>((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill();
            reject(new Error(`the plugin printed no port within ${timeoutMs} ms; stderr:\n${stderr}`));
        }, timeoutMs);
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`the plugin exited with ${code} before printing its port; stdout:\n${stdout}\nstderr:\n${stderr}`));
        });
        child.stdout!.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = stdout.split("\n")[0];
            if (!stdout.includes("\n")) return;
            clearTimeout(timer);
            child.removeAllListeners("exit");
            if (!/^\d+$/.test(line.trim())) {
                child.kill();
                reject(new Error(`the plugin's first line is not a port: ${JSON.stringify(line)}; stderr:\n${stderr}`));
                return;
            }
            const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${line.trim()}`, grpc.credentials.createInsecure());
            const unary = <T>(method: string, request: unknown): Promise<T> =>
                new Promise((done, fail) => client[method](request, (error: Error | null, response: T) => (error ? fail(error) : done(response))));
            resolve({
                async getSchema() {
                    const request = new providerProto.GetSchemaRequest();
                    request.setVersion(0);
                    const response = await unary<{ getSchema(): string }>("getSchema", request);
                    return JSON.parse(response.getSchema()) as Record<string, unknown>;
                },
                async getPluginVersion() {
                    const response = await unary<{ getVersion(): string }>("getPluginInfo", new empty.Empty());
                    return response.getVersion();
                },
                stderr: () => stderr,
                stop() {
                    client.close();
                    child.kill();
                },
            });
        });
    });
}

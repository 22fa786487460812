/**
 * `--stack NAME`: what to verify, from the stack itself. The URLs and the bucket come from
 * `pulumi stack output --json` (what was deployed); the expected minimum protocol comes from
 * `Pulumi.NAME.yaml`, parsed by the same code the program uses (what was promised), through the
 * component's own resolution of the viewer security policy.
 */
import { execFile } from "node:child_process";
import { Partition, SecurityPolicy, minimumProtocolOf } from "../../components/cloudfront-facts";
import { formatIssue } from "../../components/validation";
import type { ViewerTls } from "../../components/viewer-tls";
import { parseStackConfig, rawConfigFromFlat, viewerTlsOf } from "../../stacks/config";
import { loadStackFiles } from "../offline/stack-files";
import { TlsVersion } from "./checks";

/** Reads a stack's outputs; injectable so tests need no Pulumi CLI. */
export type StackOutputsSource = (stack: string) => Promise<Record<string, unknown>>;

/** The stack cannot be turned into targets (no CLI, unknown stack, invalid config). The CLI exits 2. */
export class StackLookupError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackLookupError";
    }
}

/** What `--stack` resolves to. */
export interface StackTargets {
    /** The stack name as given. */
    readonly stack: string;
    /** Every viewer URL of the front (one per custom domain, or the CloudFront name). */
    readonly urls: readonly URL[];
    /** The bucket's REST endpoint, from the `bucketName` output and the stack's region. */
    readonly bucketUrl?: URL;
    /** The viewer security policy the config asks for. */
    readonly securityPolicy: SecurityPolicy;
    /** The oldest version that must be accepted. */
    readonly expectMinTls: TlsVersion;
    /** Things the operator should know (policy drift, SSLv3 not probed). */
    readonly notes: readonly string[];
    /** The viewer TLS the config asks for: the clients it lists and the handshake model's setup. */
    readonly viewerTls: ViewerTls;
}

/** Where to get the Pulumi CLI, for the error when it is missing. */
export const PULUMI_INSTALL_HINT = "install it from https://www.pulumi.com/docs/install/ and run `pulumi login`, or give --url instead of --stack";

/** The real outputs source: `pulumi stack output --json --stack NAME`. `command` is replaceable for tests. */
export function pulumiStackOutputs(command = "pulumi"): StackOutputsSource {
    return (stack) =>
        new Promise((resolve, reject) => {
            execFile(
                command,
                ["stack", "output", "--json", "--stack", stack],
                { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
                (error, stdout, stderr) => {
                    if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT") {
                        reject(new StackLookupError(`--stack: the Pulumi CLI (${command}) is not on the PATH; ${PULUMI_INSTALL_HINT}`));
                        return;
                    }
                    if (error) {
                        const reason = (stderr || error.message).trim().split("\n").slice(0, 3).join(" ");
                        reject(new StackLookupError(`--stack: ${JSON.stringify(stack)}: \`pulumi stack output\` failed: ${reason}`));
                        return;
                    }
                    try {
                        const parsed: unknown = JSON.parse(stdout);
                        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
                        resolve(parsed as Record<string, unknown>);
                    } catch (e) {
                        reject(new StackLookupError(`--stack: ${JSON.stringify(stack)}: \`pulumi stack output --json\` printed no JSON object (${(e as Error).message})`));
                    }
                },
            );
        });
}

/**
 * The bucket's REST endpoint, virtual-hosted style; path style for names with dots, which S3's
 * wildcard certificate does not cover.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 */
export function bucketRestUrl(bucketName: string, region: string, partition: Partition): URL {
    const suffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return bucketName.includes(".")
        ? new URL(`https://s3.${region}.${suffix}/${bucketName}/`)
        : new URL(`https://${bucketName}.s3.${region}.${suffix}/`);
}

/** Resolves `--stack NAME` into targets; throws {@link StackLookupError} with the reason. */
export async function resolveStackTargets(stack: string, outputsOf: StackOutputsSource, projectDir: string): Promise<StackTargets> {
    // `org/project/stack` names the same Pulumi.<stack>.yaml as `stack`.
    const localName = stack.split("/").pop() ?? stack;
    let files;
    try {
        files = loadStackFiles(projectDir, localName);
    } catch (e) {
        throw new StackLookupError(`--stack: ${(e as Error).message}`);
    }
    const parsed = parseStackConfig(rawConfigFromFlat(files.project, files.stack, files.config));
    if (parsed.config === undefined) {
        throw new StackLookupError(`--stack: Pulumi.${files.stack}.yaml is invalid:\n${parsed.issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`);
    }
    const config = parsed.config;
    const viewerTls = viewerTlsOf(config);
    const securityPolicy = viewerTls.securityPolicy;
    const minimum = minimumProtocolOf(securityPolicy);
    const notes: string[] = [];
    let expectMinTls: TlsVersion;
    if (minimum === "SSLv3") {
        notes.push(`policy ${securityPolicy} also admits SSLv3, which Node cannot probe; expecting TLSv1 and newer to be accepted`);
        expectMinTls = "TLSv1";
    } else {
        expectMinTls = minimum;
    }

    const outputs = await outputsOf(stack);
    const urls = urlsFromOutputs(stack, outputs);
    if (typeof outputs.securityPolicy === "string" && outputs.securityPolicy !== securityPolicy) {
        notes.push(
            `the deployed policy (output securityPolicy) is ${outputs.securityPolicy} but Pulumi.${files.stack}.yaml asks for ${securityPolicy}; ` +
                "expecting the config's (run `pulumi up` to apply it)",
        );
    }
    const bucketUrl = typeof outputs.bucketName === "string" && outputs.bucketName !== "" ? bucketRestUrl(outputs.bucketName, config.region, config.partition) : undefined;
    if (bucketUrl === undefined) notes.push("the stack has no bucketName output: bucket checks need --bucket-url");
    return { stack, urls, bucketUrl, securityPolicy, expectMinTls, notes, viewerTls };
}

function urlsFromOutputs(stack: string, outputs: Record<string, unknown>): URL[] {
    const raw = Array.isArray(outputs.urls) ? outputs.urls : outputs.url !== undefined ? [outputs.url] : [];
    if (raw.length === 0) throw new StackLookupError(`--stack: ${JSON.stringify(stack)} has no urls or url output (has it been deployed?)`);
    return raw.map((value, i) => {
        try {
            if (typeof value !== "string") throw new Error("not a string");
            const url = new URL(value);
            if (url.protocol !== "https:") throw new Error("not https");
            return url;
        } catch {
            throw new StackLookupError(`--stack: output urls[${i}] ${JSON.stringify(value)} is not an https:// URL`);
        }
    });
}

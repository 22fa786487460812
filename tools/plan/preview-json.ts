/**
 * The plan in the shape of `pulumi preview --json`, so review tools and policy checks written for real
 * previews read it unchanged: one `create` step per resource, provider resources (including the
 * default provider Pulumi would create) as steps of their own, every input resolved.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { OfflineRun, RecordedResource } from "../offline/engine";

/** The state of one resource in a step. */
export interface PreviewState {
    type: string;
    urn: string;
    custom: boolean;
    parent?: string;
    provider?: string;
    protect: boolean;
    retainOnDelete: boolean;
    inputs: Record<string, unknown>;
    /** Fabricated by the offline engine (IDs and ARNs are placeholders). */
    outputs: Record<string, unknown>;
}

/** One step of the preview. */
export interface PreviewStep {
    op: "create" | "read";
    urn: string;
    provider?: string;
    newState: PreviewState;
}

/** The whole document. */
export interface PreviewJson {
    /** Marks the document as made offline, so nobody mistakes it for a real preview. */
    offline: true;
    config: Record<string, string>;
    steps: PreviewStep[];
    changeSummary: Record<string, number>;
    outputs: Record<string, unknown>;
}

function packageVersion(pkg: string): string {
    try {
        const file = require.resolve(`@pulumi/${pkg}/package.json`);
        return JSON.parse(fs.readFileSync(file, "utf8")).version as string;
    } catch {
        return "0.0.0";
    }
}

/** Builds the preview document from an offline run. */
export function buildPreviewJson(run: OfflineRun, config: Record<string, string>): PreviewJson {
    const steps: PreviewStep[] = [];
    const defaultProviders = new Map<string, string>();

    const defaultProviderFor = (resource: RecordedResource): string => {
        const pkg = resource.type.split(":")[0];
        const existing = defaultProviders.get(pkg);
        if (existing) return existing;
        const version = packageVersion(pkg);
        const urn = `urn:pulumi:${run.stack}::${run.project}::pulumi:providers:${pkg}::default_${version.replace(/\./g, "_")}`;
        // A provider not created yet has an unknown ID in a real preview too.
        const ref = `${urn}::${pulumi.runtime.unknownValue}`;
        const inputs: Record<string, unknown> = pkg === "aws" || pkg === "aws-native" ? { region: run.region, version } : { version };
        steps.push({
            op: "create",
            urn,
            newState: { type: `pulumi:providers:${pkg}`, urn, custom: true, protect: false, retainOnDelete: false, inputs, outputs: inputs },
        });
        defaultProviders.set(pkg, ref);
        return ref;
    };

    for (const r of run.resources) {
        const provider = r.custom && !r.type.startsWith("pulumi:providers:") ? (r.provider ?? defaultProviderFor(r)) : r.provider;
        steps.push({
            op: r.readId ? "read" : "create",
            urn: r.urn,
            provider,
            newState: {
                type: r.type,
                urn: r.urn,
                custom: r.custom,
                parent: r.parent,
                provider,
                protect: r.protect,
                retainOnDelete: r.retainOnDelete,
                inputs: r.inputs,
                outputs: r.outputs,
            },
        });
    }
    const changeSummary: Record<string, number> = {};
    for (const s of steps) changeSummary[s.op] = (changeSummary[s.op] ?? 0) + 1;
    return { offline: true, config, steps, changeSummary, outputs: run.outputs };
}

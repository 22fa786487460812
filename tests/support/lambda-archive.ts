/**
 * Reading a Lambda deployment archive the components built, as Pulumi would: each file's content, a file
 * asset read from its path (the prebuilt `index.js`), a string asset as its text (`config.json`).
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

/** An archive as the mocks record it: an `AssetArchive`, or its serialized form with `assets`. */
type ArchiveLike = { readonly assets: Promise<Record<string, unknown>> | Record<string, unknown> };

/** `{ name: content }` of the archive, in the archive's order. */
export async function archiveContents(archive: ArchiveLike): Promise<Record<string, string>> {
    const assets = await archive.assets;
    const out: Record<string, string> = {};
    for (const [name, asset] of Object.entries(assets)) {
        const a = asset as { path?: Promise<string> | string; text?: Promise<string> | string };
        if (asset instanceof pulumi.asset.FileAsset || a.path !== undefined) out[name] = fs.readFileSync(await a.path!, "utf8");
        else out[name] = (await a.text) as string;
    }
    return out;
}

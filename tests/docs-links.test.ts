/**
 * The README and docs/ link to each other by file and heading; a heading renamed or a section moved
 * would leave a link that goes nowhere. Every relative link must name a file that exists and, with a
 * `#fragment`, a heading of that file as GitHub renders its anchor.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";

const ROOT = path.join(__dirname, "..");
const markdown = new MarkdownIt({ html: true });

/** The documents a reader navigates: the README and the hand-written and generated references. */
function documents(): string[] {
    const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
    return ["README.md", ...docs.map((f) => path.join("docs", f)), path.join("edge-functions", "README.md"), path.join("policy", "README.md")];
}

interface Parsed {
    readonly anchors: Set<string>;
    readonly links: string[];
}

/** Links and heading anchors of one file, from markdown-it's tokens (code blocks hold neither). */
function parse(file: string): Parsed {
    const tokens = markdown.parse(fs.readFileSync(path.join(ROOT, file), "utf8"), {});
    const slugger = new GithubSlugger();
    const anchors = new Set<string>();
    const links: string[] = [];
    tokens.forEach((token, i) => {
        if (token.type === "heading_open") anchors.add(slugger.slug(tokens[i + 1].children!.map((c) => c.content).join("")));
        for (const child of token.children ?? []) {
            const href = child.type === "link_open" ? child.attrGet("href") : null;
            if (href !== null) links.push(href);
        }
    });
    return { anchors, links };
}

/** What is wrong with one link of `file`, or undefined when it resolves. */
function brokenLink(file: string, href: string, parsed: (f: string) => Parsed): string | undefined {
    if (/^[a-z]+:/i.test(href)) return undefined; // https:, mailto: — not checked offline
    const [target, fragment] = href.split("#");
    const targetFile = target === "" ? file : path.normalize(path.join(path.dirname(file), decodeURIComponent(target)));
    if (!fs.existsSync(path.join(ROOT, targetFile))) return `${file}: (${href}) names ${targetFile}, which does not exist`;
    if (fragment === undefined || !targetFile.endsWith(".md")) return undefined;
    return parsed(targetFile).anchors.has(fragment) ? undefined : `${file}: (${href}) names no heading of ${targetFile}`;
}

describe("links between the README and docs/", () => {
    const cache = new Map<string, Parsed>();
    const parsed = (f: string): Parsed => cache.get(f) ?? cache.set(f, parse(f)).get(f)!;

    it("every relative link names an existing file and heading", () => {
        const broken = documents().flatMap((file) => parsed(file).links.flatMap((href) => brokenLink(file, href, parsed) ?? []));
        expect(broken).to.deep.equal([]);
    });

    it("the checker finds a missing heading and a missing file (it can fail)", () => {
        expect(brokenLink("README.md", "#no-such-heading", parsed)).to.equal("README.md: (#no-such-heading) names no heading of README.md");
        expect(brokenLink("README.md", "docs/missing.md", parsed)).to.equal("README.md: (docs/missing.md) names docs/missing.md, which does not exist");
        expect(brokenLink("README.md", "docs/tools.md#guardrails", parsed)).to.equal(undefined);
    });

    it("every repository path written in code spans exists", () => {
        const pathSpan = /`((?:components|stacks|tools|shared|libraries|edge-functions|functions|tests|policy|automation|examples|bench|docs|schema)\/[A-Za-z0-9_./-]+)`/g;
        const missing = documents().flatMap((file) =>
            [...fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(pathSpan)]
                .map((m) => m[1])
                // docs/api/ is what `npm run docs` writes; it is not committed.
                .filter((p) => !p.startsWith("docs/api/") && !fs.existsSync(path.join(ROOT, p)))
                .map((p) => `${file}: ${p}`),
        );
        expect(missing).to.deep.equal([]);
    });

    it("the README links every document of docs/ but the API reference", () => {
        const linked = new Set(parsed("README.md").links.map((href) => href.split("#")[0]));
        const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
        expect(docs.filter((f) => !linked.has(`docs/${f}`))).to.deep.equal([]);
    });
});

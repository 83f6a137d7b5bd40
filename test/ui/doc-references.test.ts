/// <reference types="vite/client" />
/**
 * The project documents itself: a code comment that sends its reader to the docs names a file of
 * docs/ and a heading of it, written `docs/<file>.md#<heading-slug>` (GitHub's slug: lower case,
 * spaces to `-`, punctuation dropped). Each such citation must land on a heading that exists, and no
 * comment may cite the numbered sections of design notes that live outside the repository. Links
 * between the docs (and from the README) are held to the same rule.
 */
import { describe, expect, it } from "vitest";

// Everything a citation may stand in, as text. The globs' keys are relative to this file.
const sources = import.meta.glob<string>(
	[
		"../../worker/**/*.{ts,mts,js,mjs,cjs}",
		"../../ui/src/**/*.{ts,js,css,html}",
		"../../ui/public/**/*.{js,css,html}",
		"../../sim/**/*.{ts,mts,js,mjs}",
		"../../test/**/*.{ts,mts,js,mjs}",
		"../../scripts/**/*.{ts,mts,js,mjs}",
		"../../bench/**/*.{ts,mts,js,mjs,html}",
		"../../{vitest.config.ts,drizzle.config.ts,wrangler.toml,.dependency-cruiser.cjs}",
		"!**/node_modules/**",
		"!**/.state*/**",
		"!**/dist/**",
		"!../../bench/results/**",
	],
	{ query: "?raw", import: "default", eager: true },
);
const docs = import.meta.glob<string>("../../docs/*.md", { query: "?raw", import: "default", eager: true });
const readme = import.meta.glob<string>("../../README.md", { query: "?raw", import: "default", eager: true });
const ROOT = "../../";

/** Repository-relative path → text. */
function byPath(files: Record<string, string>): Map<string, string> {
	return new Map(Object.entries(files).map(([key, text]) => [key.slice(ROOT.length), text]));
}

const codeFiles = byPath(sources);
const docFiles = byPath(docs);

/** GitHub's anchor for a heading: its text in lower case, spaces to `-`, other punctuation dropped. */
function headingSlug(heading: string): string {
	return heading
		.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, "")
		.replace(/\s/g, "-");
}

/** The anchors of a Markdown file's headings (outside code fences), numbered like GitHub's when repeated. */
function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fence: string | null = null;
	for (const line of markdown.split("\n")) {
		const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (marker) {
			if (fence === null) fence = marker[0] ?? null;
			else if (marker[0] === fence) fence = null;
			continue;
		}
		if (fence !== null) continue;
		const heading = /^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$/.exec(line)?.[1];
		if (heading === undefined) continue;
		const slug = headingSlug(heading);
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/** Every Markdown file a link or a citation may name (the README too), with its anchors. */
const markdownFiles = new Map([...docFiles, ...byPath(readme)]);
const anchorsOf = new Map([...markdownFiles].map(([path, text]) => [path, headingAnchors(text)]));

/** Why `<file>.md#<anchor>` (or the file alone) does not resolve; null when it does. */
function brokenTarget(file: string, anchor: string | undefined): string | null {
	const anchors = anchorsOf.get(file);
	if (!anchors) return `${file} does not exist`;
	if (anchor !== undefined && !anchors.has(anchor)) return `${file} has no heading #${anchor}`;
	return null;
}

type Finding = { where: string; cited: string; problem: string };

/** `docs/<file>.md` with its `#anchor`, not inside a longer path or URL. */
const CITATION = /(?<![\w/.-])(docs\/[\w.-]+\.md)(?:#([\w-]+))?/g;
/** The design notes kept outside the repository, by name or by numbered section. */
const OUTSIDE_NOTES = /\b(?:DESIGN|QBO)(?:\.md\b|(?:'s)?\s*§)/g;

function lineOf(text: string, index: number): number {
	return text.slice(0, index).split("\n").length;
}

/** Every citation of the docs in the code, and every citation of the outside notes. */
function checkCode(files: Map<string, string>): Finding[] {
	const findings: Finding[] = [];
	for (const [path, text] of files) {
		for (const match of text.matchAll(CITATION)) {
			const problem = brokenTarget(match[1] ?? "", match[2]);
			if (problem) findings.push({ where: `${path}:${lineOf(text, match.index)}`, cited: match[0], problem });
		}
		for (const match of text.matchAll(OUTSIDE_NOTES))
			findings.push({
				where: `${path}:${lineOf(text, match.index)}`,
				cited: match[0],
				problem: "cites notes outside the repository: cite docs/<file>.md#<heading> instead",
			});
	}
	return findings;
}

/** Markdown links to a `.md` file or to an anchor, in the file at `from`: each must resolve. */
function checkLinks(from: string, markdown: string): Finding[] {
	const folder = from.includes("/") ? from.slice(0, from.lastIndexOf("/") + 1) : "";
	const findings: Finding[] = [];
	for (const match of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
		const target = match[1] ?? "";
		const [path = "", anchor] = target.split("#");
		if (/^[a-z]+:/i.test(target) || (path !== "" && !path.endsWith(".md"))) continue;
		const problem = brokenTarget(path === "" ? from : normalize(folder + path), anchor);
		if (problem) findings.push({ where: `${from}:${lineOf(markdown, match.index)}`, cited: target, problem });
	}
	return findings;
}

function normalize(path: string): string {
	const parts: string[] = [];
	for (const part of path.split("/")) {
		if (part === "..") parts.pop();
		else if (part !== "." && part !== "") parts.push(part);
	}
	return parts.join("/");
}

describe("headingSlug (GitHub's anchors)", () => {
	it("lower-cases, drops punctuation and turns spaces into hyphens", () => {
		expect(headingSlug("From a QuickBooks webhook to a level")).toBe("from-a-quickbooks-webhook-to-a-level");
		expect(headingSlug("Answering, retries and duplicates")).toBe("answering-retries-and-duplicates");
		expect(headingSlug("The `<stockroom-grid>` element")).toBe("the-stockroom-grid-element");
		expect(headingSlug("Tests (test/worker)")).toBe("tests-testworker");
	});

	it("numbers a repeated heading and ignores headings inside code fences", () => {
		expect([...headingAnchors("# A\n## Notes\n```sh\n# not a heading\n```\n## Notes\n")]).toEqual([
			"a",
			"notes",
			"notes-1",
		]);
	});
});

describe("citations of the docs in code comments", () => {
	it("reads the code and the docs", () => {
		const expected = ["worker/index.ts", "ui/src/app.ts", "sim/main.ts", "scripts/start.mjs", "bench/run.mjs"];
		const rootFiles = ["vitest.config.ts", "wrangler.toml", ".dependency-cruiser.cjs"];
		expect([...expected, ...rootFiles].filter((path) => !codeFiles.has(path))).toEqual([]);
		expect(docFiles.has("docs/architecture.md")).toBe(true);
		expect([...codeFiles.keys()].some((path) => path.includes(".state"))).toBe(false);
	});

	it("each lands on a heading of a docs file, and none cites notes outside the repository", () => {
		expect(checkCode(codeFiles)).toEqual([]);
	});

	it("finds a citation of a missing heading, a missing file, and an outside section", () => {
		const sample = new Map([
			[
				"sample.ts",
				[
					"// ok (docs/architecture.md#layers)",
					// Split, so that this file's own text cites nothing broken.
					"// docs/architecture.md" + "#no-such-heading",
					"// docs/" + "nowhere.md#layers",
					`// ${"DESIGN"} §2, ${"QBO"}.md §1.4`,
					`// as ${"DESIGN"}'s §6 says`,
				].join("\n"),
			],
		]);
		expect(checkCode(sample).map(({ where, problem }) => `${where} ${problem.split(":")[0]}`)).toEqual([
			"sample.ts:2 docs/architecture.md has no heading #no-such-heading",
			"sample.ts:3 docs/nowhere.md does not exist",
			"sample.ts:4 cites notes outside the repository",
			"sample.ts:4 cites notes outside the repository",
			"sample.ts:5 cites notes outside the repository",
		]);
	});
});

describe("links between the docs", () => {
	it("from the README and each docs file, every link to a docs file or a heading resolves", () => {
		expect(markdownFiles.has("README.md")).toBe(true);
		expect([...markdownFiles].flatMap(([path, text]) => checkLinks(path, text))).toEqual([]);
	});
});

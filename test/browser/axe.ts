/**
 * axe-core run inside the page under test, as a screen-reader user's checker would see it: the
 * page's own DOM, after it has rendered. Browser tests call it on each page in its loaded, editing
 * and phone states (no violation at all). axe is evaluated through the DevTools protocol: the app's
 * Content-Security-Policy (script-src 'self') refuses an inline script tag.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's violations on the page as it is now (or within `selector`), as "rule: help — targets". */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
	if (!(await page.evaluate("typeof axe !== 'undefined'"))) await page.evaluate(await axeSource);
	const context = selector ? `document.querySelector(${JSON.stringify(selector)})` : "document";
	return page.evaluate(
		`axe.run(${context}).then((r) => r.violations.map((v) => v.id + ": " + v.help + " — " + v.nodes.map((n) => JSON.stringify(n.target)).join(", ")))`,
	);
}

/** Asserts that axe finds nothing on the page as it is now (or within `selector`). */
export async function expectNoAxeViolations(page: Page, selector?: string): Promise<void> {
	expect(await axeViolations(page, selector)).toEqual([]);
}

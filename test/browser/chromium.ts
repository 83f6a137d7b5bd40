/**
 * One Chromium per test file (test/browser/launch-chromium.ts). Each test gets a fresh context (no
 * cookies or storage left by another test) with the clipboard granted, so that Ctrl+C / Ctrl+V go
 * through the real clipboard as a user's would. With `BROWSER_SCREENSHOTS` set, each test's pages are
 * saved as PNG files at its end.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchChromium } from "./launch-chromium.ts";

export type PageOptions = {
	/** The browser's language (navigator.language, Accept-Language); English unless said. */
	locale?: string;
};

/**
 * Registers the file's hooks: Chromium launched before its tests and closed after them; every
 * context opened through `newPage` closed after its test. Call it at the top of a test file.
 */
export function useChromium(): { newPage: (options?: PageOptions) => Promise<Page> } {
	let browser: Browser | undefined;
	const contexts: BrowserContext[] = [];
	beforeAll(async () => {
		browser = await launchChromium();
	});
	afterEach(async (test) => {
		const open = contexts.splice(0);
		const dir = process.env.BROWSER_SCREENSHOTS;
		if (dir) await screenshots(dir, test.task.name, open);
		await Promise.all(open.map((context) => context.close()));
	});
	afterAll(async () => {
		await browser?.close();
	});
	return {
		async newPage({ locale = "en-US" }: PageOptions = {}) {
			if (!browser) throw new Error("Chromium is not running: call useChromium() at the top of the test file");
			const context = await browser.newContext({
				locale,
				viewport: { width: 1400, height: 900 },
				permissions: ["clipboard-read", "clipboard-write"],
			});
			contexts.push(context);
			const page = await context.newPage();
			page.setDefaultTimeout(15_000);
			return page;
		},
	};
}

/**
 * `BROWSER_SCREENSHOTS=<folder>`: each test's pages as they were at its end, as PNG files named
 * after the test, to look at what the tests saw (fonts, layout). Off by default.
 */
async function screenshots(dir: string, testName: string, contexts: BrowserContext[]): Promise<void> {
	await mkdir(dir, { recursive: true });
	const base = testName.replace(/[^\w-]+/g, "-").slice(0, 80);
	const pages = contexts.flatMap((context) => context.pages());
	for (const [index, page] of pages.entries()) {
		const path = join(dir, `${base}${pages.length > 1 ? `-${index + 1}` : ""}.png`);
		await page.screenshot({ path, fullPage: false }).catch(() => undefined);
	}
}

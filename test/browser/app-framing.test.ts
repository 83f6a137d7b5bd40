/**
 * Clickjacking: a page of another origin cannot frame the app (its HTML pages carry
 * `frame-ancestors 'none'` and `X-Frame-Options: DENY`, ui/public/_headers), while the embed iframe
 * page stays framable by the origins its token names (worker/api/entry/embed-page.ts) — the control that
 * shows this test can tell a shown frame from a refused one.
 */
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, browserStack, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { type HostSite, startHostSite } from "./host-page.ts";

const chromium = useChromium();
let host: HostSite;

beforeAll(async () => {
	host = await startHostSite();
});

afterAll(async () => {
	await host?.close();
});

/** Opens a portal page framing `src` and answers the frame once it has loaded (or been refused). */
async function framed(page: Page, path: string, src: string): Promise<Frame> {
	const url = host.publish(
		path,
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head>
<body><h1>Portal</h1><iframe src="${src.replaceAll('"', "&quot;")}" title="framed" style="width:1000px;height:600px"></iframe></body></html>`,
	);
	const loaded = page.waitForEvent("framenavigated", { predicate: (f) => f !== page.mainFrame() });
	await page.goto(url);
	await loaded;
	const frame = await (await page.waitForSelector("iframe")).contentFrame();
	if (!frame) throw new Error("the iframe has no frame");
	await frame.waitForLoadState("load");
	return frame;
}

describe("framing by another origin", () => {
	it("the app's pages refuse to be framed, the Tokens page included", async () => {
		const app = browserStack().app;
		for (const [path, src] of [
			["/frame-home.html", `${app}/`],
			["/frame-tokens.html", `${app}/#/tokens`],
		] as const) {
			const page = await chromium.newPage();
			const refusals: string[] = [];
			page.on("console", (message) => {
				if (/frame-ancestors|X-Frame-Options/i.test(message.text())) refusals.push(message.text());
			});
			const frame = await framed(page, path, src);
			expect(new URL(frame.url()).origin).not.toBe(new URL(app).origin);
			expect(await frame.locator("stockroom-app").count()).toBe(0);
			expect(refusals.join("\n")).toMatch(/frame-ancestors 'none'/);
		}
	});

	it("the embed iframe page is shown to the origin its token names", async () => {
		const owner = apiAs(await demoToken());
		const { token } = await owner.post<{ token: string }>("/embed-tokens", {
			scopes: ["read"],
			origins: [host.origin],
			ttlSeconds: 600,
		});
		const page = await chromium.newPage();
		const src = `${browserStack().app}/embed/grid?token=${encodeURIComponent(token)}`;
		const frame = await framed(page, "/frame-embed.html", src);
		expect(frame.url()).toBe(src);
		await frame.locator("stockroom-grid").waitFor({ state: "attached" });
		expect(await frame.locator("stockroom-grid").count()).toBe(1);
	});
});

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiAs, browserStack, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { cell, grid, waitForRows, waitForText } from "./grid-page.ts";
import { type HostSite, startHostSite } from "./host-page.ts";

const chromium = useChromium();

type EmbedToken = { token: string; expiresAt: string };

let owner: Api;
let host: HostSite;

const mint = (origins: string[], ttlSeconds = 600) =>
	owner.post<EmbedToken>("/embed-tokens", { scopes: ["read"], origins, ttlSeconds });

beforeAll(async () => {
	owner = apiAs(await demoToken());
	host = await startHostSite();
});

afterAll(async () => {
	await host?.close();
});

/** Opens a portal page and answers once the grid either has its rows or says why not. */
async function openPortal(page: Page, path: string, token?: string, crowded = false): Promise<void> {
	await page.goto(host.embedPage(path, { app: browserStack().app, token, crowded }));
	await grid(page).host.waitFor({ state: "attached" });
}

/** The grid shows an error and no rows (after waiting long enough for rows to have come). */
async function expectRefused(page: Page): Promise<void> {
	const g = grid(page);
	expect(await waitForText(g.status, /Could not load/)).toMatch(/Could not load/);
	expect(await g.skuCells.count()).toBe(0);
	expect(await g.host.getAttribute("loaded")).toBeNull();
}

describe("the grid embedded in a page of another origin", () => {
	it("shows the company's stock with an embed token minted for that origin", async () => {
		const { token } = await mint([host.origin]);
		const page = await chromium.newPage();
		await openPortal(page, "/valid.html", token);
		await waitForRows(page);
		const shown = (await grid(page).skuCells.allTextContents()).map((s) => s.trim());
		expect(shown).toContain("SKU-00001");
		expect(new URL(page.url()).origin).toBe(host.origin);
	});

	it("lives beside a second copy of embed.js and the portal's own CSS, and tells the portal what is chosen", async () => {
		const { token } = await mint([host.origin]);
		const page = await chromium.newPage();
		const errors: string[] = [];
		page.on("pageerror", (error) => errors.push(error.message));
		await openPortal(page, "/crowded.html", token, true);
		await waitForRows(page);
		expect(errors).toEqual([]);
		// The portal's styles do not reach into the grid, and the grid's do not reach out.
		const sku = await cell(page, { sku: "SKU-00001", field: "sku" });
		const skuStyle = await sku.evaluate((el) => {
			const style = el.ownerDocument.defaultView?.getComputedStyle(el);
			return { background: style?.backgroundColor, fontSize: style?.fontSize };
		});
		expect(skuStyle.background).toMatch(/^rgba?\(/);
		expect(skuStyle.background).not.toBe("rgb(255, 0, 0)");
		expect(skuStyle.fontSize).toMatch(/^\d+(\.\d+)?px$/);
		expect(skuStyle.fontSize).not.toBe("40px");
		expect(
			await page.locator("p.portal-note").evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).color),
		).toBe("rgb(0, 128, 0)");
		// stockroom-select bubbles out of the shadow root to the portal's document.
		// (Page functions as strings: this test project is typed without the DOM.)
		await page.evaluate(`document.addEventListener("stockroom-select", (event) => {
			document.body.dataset.selected = event.detail.productId;
		})`);
		await sku.click();
		await expect
			.poll(() => page.evaluate("document.body.dataset.selected ?? null"))
			.toBe(await sku.getAttribute("data-product-id"));
	});

	it("shows an error and no stock with a token minted for another origin", async () => {
		const { token } = await mint(["https://portal.example.com"]);
		const page = await chromium.newPage();
		await openPortal(page, "/other-origin.html", token);
		await expectRefused(page);
		// The API itself refuses it from this page's origin.
		expect((await apiAs(token, { origin: host.origin }).call("GET", "/levels?limit=1")).status).toBe(401);
	});

	it("shows an error and no stock without a token", async () => {
		const page = await chromium.newPage();
		await openPortal(page, "/no-token.html");
		await expectRefused(page);
		expect((await apiAs(null, { origin: host.origin }).call("GET", "/levels?limit=1")).status).toBe(401);
	});

	it("shows an error and no stock once the token has expired", async () => {
		// An embed token that lives 3 s (a development route: the API's minimum is a minute).
		const response = await fetch(
			`${browserStack().app}/dev/embed-token?origin=${encodeURIComponent(host.origin)}&ttlMs=3000`,
			{ method: "POST" },
		);
		expect(response.status).toBe(200);
		const shortLived = (await response.json()) as EmbedToken;
		// It worked while it was valid…
		expect((await apiAs(shortLived.token, { origin: host.origin }).call("GET", "/levels?limit=1")).status).toBe(200);
		const wait = Date.parse(shortLived.expiresAt) - Date.now() + 1500;
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		// …and no longer does.
		expect((await apiAs(shortLived.token, { origin: host.origin }).call("GET", "/levels?limit=1")).status).toBe(401);
		const page = await chromium.newPage();
		await openPortal(page, "/expired.html", shortLived.token);
		await expectRefused(page);
	});
});

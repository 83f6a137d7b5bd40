/**
 * The grid on a phone and in a narrow embed (issue 15, "A grid that reads at once, on any screen"):
 * the SKU alone stays frozen, the product's name under it, so that quantities fit on the screen
 * beside it — the three product columns (444 px) are wider than a phone's grid.
 */
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiAs, browserStack, demoToken, type LevelRow } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { grid, openApp, waitForRows } from "./grid-page.ts";
import { type HostSite, startHostSite } from "./host-page.ts";

const chromium = useChromium();
const SKU = "SKU-00001";

let owner: Api;
let host: HostSite;
let mine: LevelRow[];

beforeAll(async () => {
	owner = apiAs(await demoToken());
	host = await startHostSite();
	mine = (await owner.levels(SKU)).filter((r) => r.sku === SKU);
});

afterAll(async () => {
	await host?.close();
});

type Box = { x: number; y: number; width: number; height: number };

/** The name drawn under the SKU (CSS generated content), as the page shows it; null when none. */
async function nameUnder(sku: Locator): Promise<string | null> {
	const content = await sku.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el, "::after").content);
	const box = await sku.boundingBox();
	if (!content || content === "none" || !box || box.height < 28) return null;
	return JSON.parse(content) as string;
}

async function boxOf(locator: Locator): Promise<Box> {
	const box = await locator.boundingBox();
	if (!box) throw new Error("the cell is not drawn");
	return box;
}

/**
 * The product's SKU cell and the first quantity cell drawn beside it (on hand, in total): both must
 * lie wholly inside `width` px of the page, the quantity right of the SKU, on the same row.
 */
async function skuAndQuantity(page: Page, width: number) {
	const productId = mine[0]?.productId;
	const g = grid(page);
	const sku = g.host.locator(`[data-product-id="${productId}"][data-field="sku"]`);
	await sku.waitFor();
	const onHand = g.host.locator(`[data-product-id="${productId}"][data-field="onHand"][data-location-id="total"]`);
	const [skuBox, onHandBox] = [await boxOf(sku), await boxOf(onHand)];
	return {
		sku,
		onHand,
		inside: onHandBox.x >= 0 && onHandBox.x + onHandBox.width <= width,
		besideSku: onHandBox.x >= skuBox.x + skuBox.width - 1 && Math.abs(onHandBox.y - skuBox.y) < 1,
	};
}

describe("the grid at narrow widths", () => {
	it("on a 390×844 phone, shows a product's quantity beside its SKU, the name under the SKU", async () => {
		const page = await chromium.newPage();
		await page.setViewportSize({ width: 390, height: 844 });
		await openApp(page, { next: "/#/stock" });
		await waitForRows(page);
		await grid(page).filter.fill(SKU);

		const shown = await skuAndQuantity(page, 390);
		expect(shown.inside).toBe(true);
		expect(shown.besideSku).toBe(true);
		const total = mine.reduce((sum, r) => sum + r.onHand, 0);
		expect((await shown.onHand.textContent())?.trim()).toBe(new Intl.NumberFormat("en-US").format(total));
		// The name is under the SKU (no Name column to scroll to), and the product columns are not there.
		expect(await nameUnder(shown.sku)).toBe(mine[0]?.name);
		// The cell's text stays the SKU (what is copied, what finds it).
		expect((await shown.sku.textContent())?.trim()).toBe(SKU);
		expect(await grid(page).header("name").count()).toBe(0);
		expect(await grid(page).header("type").count()).toBe(0);
	});

	it("in a 400 px wide embed on a partner's page, shows a quantity beside the SKU too", async () => {
		const { token } = await owner.post<{ token: string }>("/embed-tokens", {
			scopes: ["read"],
			origins: [host.origin],
			ttlSeconds: 600,
		});
		const app = browserStack().app;
		const url = host.publish(
			"/narrow.html",
			`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Partner portal</title>
<script type="module" src="${app}/embed.js"></script></head>
<body style="margin:0">
<stockroom-grid base-url="${app}" token="${token}" style="width:400px;height:600px"></stockroom-grid>
</body>
</html>`,
		);
		const page = await chromium.newPage();
		await page.goto(url);
		await waitForRows(page);
		await grid(page).filter.fill(SKU);

		const shown = await skuAndQuantity(page, 400);
		expect(shown.inside).toBe(true);
		expect(shown.besideSku).toBe(true);
		expect(await nameUnder(shown.sku)).toBe(mine[0]?.name);
	});

	it("at a desktop width keeps the SKU, name and type columns", async () => {
		const page = await chromium.newPage();
		await openApp(page, { next: "/#/stock" });
		await waitForRows(page);
		expect(await grid(page).header("name").count()).toBe(1);
		expect(await grid(page).header("type").count()).toBe(1);
	});
});

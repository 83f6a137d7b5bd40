/**
 * The grid's rows of tracked products (ui/src/grid/grid-lots.ts): a product tracked by lot expands
 * into its lots — the expired one marked, on hand per location, reserved and available left to the
 * product's row, whose available leaves the expired stock out — by its ▸ button and by the keyboard
 * (Alt+ArrowUp / Alt+ArrowDown); the "Expired" filter keeps the products holding expired stock. On a
 * phone's width too.
 */
import { describe, expect, it } from "vitest";
import { apiAs, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { cell, filterTo, grid, openStock, productIdOf, textOf, visibleSkus } from "./grid-page.ts";

const chromium = useChromium();
/** Products no other browser test moves. */
const SKU = "SKU-00017";
const PLAIN = "SKU-00018";

/** The UTC day `days` from today, as the API dates lots. */
function dayFromToday(days: number): string {
	return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** SKU tracked by lot, with 3 in the expired lot G-OLD and 4 in G-NEW at the warehouse (once). */
async function trackedWithExpiredLot() {
	const api = apiAs(await demoToken());
	const warehouse = await api.location("Warehouse");
	const before = await api.level(SKU, warehouse.id);
	if (before.tracking === "none") {
		await api.patch(`/products/${before.productId}`, { tracking: "lot" });
		await api.post("/adjustments", {
			productId: before.productId,
			locationId: warehouse.id,
			quantity: 7,
			lots: [
				{ lot: "G-OLD", expiry: "2020-01-01", quantity: 3 },
				{ lot: "G-NEW", expiry: dayFromToday(400), quantity: 4 },
			],
			idempotencyKey: `grid-lots-${before.productId}`,
		});
	}
	// The product object flushes to D1 a moment later: wait for the row to say so.
	for (let i = 0; i < 50; i++) {
		const level = await api.level(SKU, warehouse.id);
		if (level.expired === 3) return { api, warehouse, level };
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`${SKU} never showed its expired lot`);
}

describe("the grid's lots", () => {
	it("expands a lot-tracked row into its lots, the expired one marked, with the mouse and the keyboard", async () => {
		const { warehouse, level } = await trackedWithExpiredLot();
		// Expired stock is not available (the default setting).
		expect(level.available).toBe(level.onHand - level.reserved - 3);

		const page = await chromium.newPage();
		await openStock(page);
		await filterTo(page, SKU);
		const productId = await productIdOf(page, SKU);
		const g = grid(page);
		// Scrolled sideways to the warehouse's columns, which stay in view for the lots below.
		const available = await cell(page, { sku: SKU, field: "available", locationId: warehouse.id });
		expect(await available.getAttribute("title")).toBe("3 on hand in expired lots");

		// Expanded or not is said by the product's SKU cell (a grid's rows cannot say it; a treegrid's could).
		const row = g.host.locator(`[data-product-id="${productId}"][data-field="sku"]`);
		expect(await row.getAttribute("aria-expanded")).toBe("false");
		await g.host.locator(`[data-lot-toggle="${productId}"]`).click();
		const old = g.host.locator('[data-lot-row="G-OLD"]');
		await old.waitFor();
		expect(await row.getAttribute("aria-expanded")).toBe("true");
		expect(page.url()).not.toContain("/products/"); // the button is not the SKU's link
		expect(await old.getAttribute("data-expiry")).toBe("expired");
		const lotCell = (lot: string, field: string, locationId?: string) =>
			g.host.locator(
				`[data-lot-of="${productId}"][data-lot="${lot}"][data-field="${field}"]${locationId ? `[data-location-id="${locationId}"]` : ""}`,
			);
		expect(await textOf(lotCell("G-OLD", "name"))).toBe("Expires 2020-01-01 · Expired");
		// (The click put the active cell on the SKU, back at the left edge: to the warehouse's columns again.)
		await cell(page, { sku: SKU, field: "onHand", locationId: warehouse.id });
		expect(await textOf(lotCell("G-OLD", "onHand", warehouse.id))).toBe("3");
		expect(await textOf(lotCell("G-NEW", "onHand", warehouse.id))).toBe("4");
		await cell(page, { sku: SKU, field: "available", locationId: warehouse.id });
		expect(await textOf(lotCell("G-OLD", "available", warehouse.id))).toBe("");
		expect(await lotCell("G-OLD", "available", warehouse.id).getAttribute("title")).toContain(
			"Reservations are not per lot",
		);
		// The lots come in expiry order, then the unassigned rest when there is one.
		const lots = await g.host.locator(`[data-lot-of="${productId}"][data-field="sku"]`).allTextContents();
		expect(lots.map((s) => s.trim()).slice(0, 2)).toEqual(["G-OLD", "G-NEW"]);

		// The keyboard: from a cell of the row, Alt+ArrowUp closes it and Alt+ArrowDown opens it again.
		await g.host.locator(`[data-product-id="${productId}"][data-field="type"]`).click();
		await g.focus.press("Alt+ArrowUp");
		await old.waitFor({ state: "detached" });
		expect(await row.getAttribute("aria-expanded")).toBe("false");
		await g.focus.press("Alt+ArrowDown");
		await old.waitFor();
		// Space on the product's cells toggles.
		await g.focus.press("Space");
		await old.waitFor({ state: "detached" });
	});

	it("filters the products holding expired stock, on a phone's width", async () => {
		await trackedWithExpiredLot();
		const page = await chromium.newPage();
		await page.setViewportSize({ width: 390, height: 844 });
		await openStock(page);
		const g = grid(page);
		await filterTo(page, "SKU-0001");
		const plainRow = g.host.locator(`[data-product-id][data-field="sku"]:text-is("${PLAIN}")`);
		await plainRow.waitFor({ state: "attached" });
		const expired = g.host.locator('input[data-filter="expired"]');
		expect(await expired.isVisible()).toBe(true);
		await expired.check();
		await plainRow.waitFor({ state: "detached" });
		// Other tests' products may hold expired lots too: ours is kept, the plain one is not.
		expect(await visibleSkus(page)).toEqual([SKU]);
		// The expiring filter is labelled with the company's days.
		expect(await textOf(g.host.locator('label:has(input[data-filter="expiring"])'))).toBe("Expiring within 30 days");
		// Expanded at this width, its lots show under it.
		const productId = await productIdOf(page, SKU);
		await g.host.locator(`[data-lot-toggle="${productId}"]`).click();
		await g.host.locator('[data-lot-row="G-OLD"]').waitFor();
		await expired.uncheck();
		await plainRow.waitFor({ state: "attached" });
	});
});

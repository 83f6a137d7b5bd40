import { beforeAll, describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { apiAs, demoToken, type LevelRow, type Location } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { activeCell, cell, filterTo, grid, openStock, textOf, waitForText } from "./grid-page.ts";

const chromium = useChromium();
const english = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

describe("the stock grid of the demo company", () => {
	let locations: Location[];
	let rows: LevelRow[];

	beforeAll(async () => {
		const api = apiAs(await demoToken());
		locations = (await api.locations()).filter((l) => l.archivedAt === null);
		rows = await api.levels("");
	});

	it("shows every product imported from QuickBooks, with its stock at each location and in total", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const g = grid(page);
		const products = new Set(rows.map((r) => r.productId)).size;
		expect(products).toBeGreaterThan(30);

		// All the demo company's products are in (the rest of the list is a scroll away: rows are virtualized).
		expect(await waitForText(g.status, new RegExp(`\\b${products} products`))).toMatch(`${products} products`);
		const shown = (await g.skuCells.allTextContents()).map((s) => s.trim());
		expect(shown).toContain("SKU-00001");
		expect(shown.every((sku) => rows.some((r) => r.sku === sku))).toBe(true);

		// One product's on hand, as the server has it, at each location and in total.
		const sku = "SKU-00001";
		await filterTo(page, sku);
		const mine = rows.filter((r) => r.sku === sku);
		expect(mine).toHaveLength(locations.length);
		for (const location of locations) {
			const level = mine.find((r) => r.locationId === location.id);
			const onHand = await cell(page, { sku, field: "onHand", locationId: location.id });
			expect(await textOf(onHand)).toBe(english.format(level?.onHand ?? Number.NaN));
		}
		const total = mine.reduce((sum, r) => sum + r.onHand, 0);
		expect(total).toBeGreaterThan(0);
		expect(await textOf(await cell(page, { sku, field: "onHand", locationId: "total" }))).toBe(english.format(total));
		expect(await textOf(await cell(page, { sku, field: "name" }))).toBe(mine[0]?.name);
	});

	it("brings the last product on screen with Ctrl+End, and back to the first with Ctrl+Home (keyboard only)", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const g = grid(page);
		await g.focus.focus();

		// The grid may scroll to the cell in the next frame: a moment is allowed.
		const seen = () =>
			settle(
				() => activeCell(page),
				(c) => c.onScreen,
				{ timeoutMs: 3000 },
			);
		await page.keyboard.press("Control+End");
		const last = await seen();
		expect(last.onScreen).toBe(true);

		await page.keyboard.press("Control+Home");
		const first = await seen();
		expect(first.onScreen).toBe(true);
		expect(first.productId).not.toBe(last.productId);
	});
});

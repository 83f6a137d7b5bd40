import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { type Api, apiAs, demoToken, type LevelRow } from "./api.ts";
import { useChromium } from "./chromium.ts";
import {
	cell,
	filterTo,
	type GridField,
	openStock,
	reloadStock,
	textOf,
	typeInto,
	visibleSkus,
	waitForText,
} from "./grid-page.ts";

const chromium = useChromium();

let api: Api;
let warehouse: string;

beforeAll(async () => {
	api = apiAs(await demoToken());
	warehouse = (await api.location("Warehouse")).id;
});

const at = (page: Page, sku: string, field: GridField) => cell(page, { sku, field, locationId: warehouse });

const serverLevel = (sku: string, done: (row: LevelRow) => boolean) =>
	settle(() => api.level(sku, warehouse), done, { timeoutMs: 15_000 });

/** The products on screen (top to bottom) once the grid is narrowed to `text`; at least `count`. */
async function rowsOf(page: Page, text: string, count: number): Promise<[string, string, ...string[]]> {
	await filterTo(page, text);
	const shown = await settle(
		() => visibleSkus(page),
		(skus) => skus.length >= count && skus.every((sku) => sku.startsWith(text)),
	);
	if (shown.length < Math.max(2, count))
		throw new Error(`the grid shows ${shown.length} rows for "${text}", not ${count}`);
	return shown as [string, string, ...string[]];
}

describe("the grid's keyboard and clipboard, as in a spreadsheet", () => {
	it("copies a selected range (click, Shift+click) as tab-separated values with Ctrl+C", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const [first, second] = await rowsOf(page, "SKU-0000", 2);
		await api.setLevel(first, warehouse, { reorderPoint: 11, reorderQty: 110 });
		await api.setLevel(second, warehouse, { reorderPoint: 12, reorderQty: 120 });
		await reloadStock(page);
		await rowsOf(page, "SKU-0000", 2);
		expect(await waitForText(await at(page, second, "reorderQty"), "120")).toBe("120");

		await (await at(page, first, "reorderPoint")).click();
		await (await at(page, second, "reorderQty")).click({ modifiers: ["Shift"] });
		await page.keyboard.press("Control+C");

		type PageNavigator = { clipboard: { readText: () => Promise<string> } };
		const copied = await settle(
			() => page.evaluate(() => (navigator as unknown as PageNavigator).clipboard.readText()),
			(text) => text.includes("120"),
			{ timeoutMs: 5000 },
		);
		expect(copied.replaceAll("\r\n", "\n").trimEnd()).toBe("11\t110\n12\t120");
	});

	it("cancels an edit with Escape: the cell keeps its value and nothing is saved", async () => {
		const sku = "SKU-00003";
		await api.setLevel(sku, warehouse, { reorderPoint: 4 });
		const before = await api.level(sku, warehouse);
		const page = await chromium.newPage();
		await openStock(page);
		await filterTo(page, sku);
		const point = await at(page, sku, "reorderPoint");
		expect(await waitForText(point, "4")).toBe("4");

		await point.click();
		await page.keyboard.type("99");
		await page.keyboard.press("Escape");

		expect(await waitForText(point, "4")).toBe("4");
		await page.waitForTimeout(1000);
		expect((await api.level(sku, warehouse)).version).toBe(before.version);
	});

	it("clears the selected cell with Delete, on the server too", async () => {
		const sku = "SKU-00004";
		await api.setLevel(sku, warehouse, { reorderPoint: 8, bin: "A-04" });
		const page = await chromium.newPage();
		await openStock(page);
		await filterTo(page, sku);
		const point = await at(page, sku, "reorderPoint");
		expect(await waitForText(point, "8")).toBe("8");

		await point.click();
		await page.keyboard.press("Delete");

		const cleared = await serverLevel(sku, (r) => r.reorderPoint === null);
		expect(cleared.reorderPoint).toBeNull();
		// Only the selected cell: the bin beside it stays.
		expect(cleared.bin).toBe("A-04");
		expect(await waitForText(point, "")).toBe("");
	});

	it("fills the first row's value down the selected range with Ctrl+D", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const rows = await rowsOf(page, "SKU-0000", 7);
		const [top, ...below] = rows.slice(4, 7) as [string, string, string];
		await typeInto(page, await at(page, top, "reorderPoint"), "15");
		expect((await serverLevel(top, (r) => r.reorderPoint === 15)).reorderPoint).toBe(15);

		await (await at(page, top, "reorderPoint")).click();
		await (await at(page, below[1], "reorderPoint")).click({ modifiers: ["Shift"] });
		await page.keyboard.press("Control+D");

		for (const sku of below) expect((await serverLevel(sku, (r) => r.reorderPoint === 15)).reorderPoint).toBe(15);
		for (const sku of below) expect(await textOf(await at(page, sku, "reorderPoint"))).toBe("15");
	});
});

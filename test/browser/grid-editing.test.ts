import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { useChromium } from "./chromium.ts";
import {
	countRequests,
	filterTo,
	isLevelsPatch,
	openStock,
	pasteTsv,
	reloadStock,
	textOf,
	typeInto,
	visibleSkus,
	waitForText,
} from "./grid-page.ts";
import { useWarehouse } from "./warehouse.ts";

const chromium = useChromium();

const warehouse = useWarehouse();
const { at, serverLevel } = warehouse;

/** The first two products on screen once the grid is narrowed to `text`. */
async function twoRows(page: Page, text: string): Promise<[string, string]> {
	await filterTo(page, text);
	const deadline = Date.now() + 10_000;
	for (;;) {
		const shown = await visibleSkus(page);
		const [first, second] = shown;
		if (first && second && shown.every((sku) => sku.startsWith(text))) return [first, second];
		if (Date.now() > deadline) throw new Error(`the grid shows no two rows for "${text}"`);
		await page.waitForTimeout(100);
	}
}

describe("editing the demo company's stock grid", () => {
	it("saves reorder points typed into cells (type, Enter moves down) and shows them after a reload", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const [first, second] = await twoRows(page, "SKU-0001");

		await typeInto(page, await at(page, first, "reorderPoint"), "17");
		// Enter committed and moved the active cell down, as in a spreadsheet: typing goes on there.
		await page.keyboard.type("23");
		await page.keyboard.press("Enter");

		expect((await serverLevel(first, (r) => r.reorderPoint === 17)).reorderPoint).toBe(17);
		expect((await serverLevel(second, (r) => r.reorderPoint === 23)).reorderPoint).toBe(23);

		await reloadStock(page);
		await twoRows(page, "SKU-0001");
		expect(await waitForText(await at(page, first, "reorderPoint"), "17")).toBe("17");
		expect(await waitForText(await at(page, second, "reorderPoint"), "23")).toBe("23");
	});

	it("saves a 2×2 range pasted from a spreadsheet in one request, and shows it after a reload", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const [first, second] = await twoRows(page, "SKU-0002");
		const patches = countRequests(page, isLevelsPatch);

		await (await at(page, first, "reorderPoint")).click();
		await pasteTsv(page, "5\t40\r\n6\t48\r\n");

		const one = await serverLevel(first, (r) => r.reorderPoint === 5 && r.reorderQty === 40);
		const two = await serverLevel(second, (r) => r.reorderPoint === 6 && r.reorderQty === 48);
		expect([one.reorderPoint, one.reorderQty, two.reorderPoint, two.reorderQty]).toEqual([5, 40, 6, 48]);
		expect(patches()).toBe(1);

		await reloadStock(page);
		await twoRows(page, "SKU-0002");
		expect(await waitForText(await at(page, first, "reorderQty"), "40")).toBe("40");
		expect(await waitForText(await at(page, second, "reorderPoint"), "6")).toBe("6");
		expect(await waitForText(await at(page, second, "reorderQty"), "48")).toBe("48");
	});

	it("shows the error of each invalid pasted cell in place and saves none of them", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const sku = "SKU-00036";
		await filterTo(page, sku);
		const before = await warehouse.level(sku);
		const point = await at(page, sku, "reorderPoint");
		const qty = await at(page, sku, "reorderQty");

		await point.click();
		await pasteTsv(page, "lots\t-3");

		for (const target of [point, qty]) {
			await target.and(page.locator('[data-state="error"]')).waitFor();
			expect(await target.getAttribute("title")).toMatch(/\S/);
		}
		// Give a (wrong) save every chance to land before reading the server.
		await page.waitForTimeout(1000);
		const after = await warehouse.level(sku);
		expect([after.reorderPoint, after.reorderQty, after.version]).toEqual([
			before.reorderPoint,
			before.reorderQty,
			before.version,
		]);

		await reloadStock(page);
		await filterTo(page, sku);
		expect(await textOf(await at(page, sku, "reorderPoint"))).not.toMatch(/lots/);
		expect(await textOf(await at(page, sku, "reorderQty"))).not.toMatch(/-\s*3/);
	});

	it("puts the previous values back on the server with Ctrl+Z, and the edit again with Ctrl+Y", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const [first, second] = await twoRows(page, "SKU-0003");
		await warehouse.setLevel(first, { reorderPoint: 2, reorderQty: 20 });
		await warehouse.setLevel(second, { reorderPoint: 3, reorderQty: 30 });
		await reloadStock(page);
		await twoRows(page, "SKU-0003");
		const values = async () => {
			const [a, b] = [await warehouse.level(first), await warehouse.level(second)];
			return [a.reorderPoint, a.reorderQty, b.reorderPoint, b.reorderQty];
		};
		const serverValues = (expected: (number | null)[]) =>
			settle(values, (v) => JSON.stringify(v) === JSON.stringify(expected), { timeoutMs: 15_000 });

		await (await at(page, first, "reorderPoint")).click();
		await pasteTsv(page, "7\t70\n8\t80");
		expect(await serverValues([7, 70, 8, 80])).toEqual([7, 70, 8, 80]);

		await page.keyboard.press("Control+Z");
		expect(await serverValues([2, 20, 3, 30])).toEqual([2, 20, 3, 30]);
		expect(await waitForText(await at(page, second, "reorderQty"), "30")).toBe("30");

		await page.keyboard.press("Control+Y");
		expect(await serverValues([7, 70, 8, 80])).toEqual([7, 70, 8, 80]);
		expect(await waitForText(await at(page, second, "reorderQty"), "80")).toBe("80");
	});

	it("shows a conflict with the other value when someone else changed the cell meanwhile, and keeps theirs", async () => {
		const page = await chromium.newPage();
		// The live feed cut (its socket answers nothing), as during a network drop: the grid cannot
		// learn of the other change before the user's edit reaches the server.
		await page.routeWebSocket(/./, () => undefined);
		await openStock(page);
		const sku = "SKU-00035";
		await filterTo(page, sku);
		const point = await at(page, sku, "reorderPoint");

		await warehouse.setLevel(sku, { reorderPoint: 30 });
		await typeInto(page, point, "31");

		await point.and(page.locator('[data-state="conflict"]')).waitFor();
		expect(await point.getAttribute("title")).toMatch(/\b30\b/);
		await page.waitForTimeout(500);
		expect((await warehouse.level(sku)).reorderPoint).toBe(30);
	});
});

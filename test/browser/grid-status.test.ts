/**
 * What the grid says as a spreadsheet would (issue 15, "A grid that reads at once"): a filter with
 * no match says so and offers to clear the filters; a selected range shows the count and sum of
 * its numbers below the grid; editable cells look apart from computed ones; counts are worded
 * for their number ("Saved 1 cell", « 1 cellule enregistrée »).
 */
import { describe, expect, it } from "vitest";
import { apiAs, demoToken, type LevelRow } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { cell, filterTo, grid, openStock, textOf, visibleSkus, waitForText } from "./grid-page.ts";
import { useWarehouse } from "./warehouse.ts";

const chromium = useChromium();
const warehouse = useWarehouse();

describe("the grid's messages and status bar", () => {
	it("says when no product matches the filters, and Clear filters brings every product back", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const g = grid(page);
		const all = await g.skuCells.count();
		await filterTo(page, "no such product anywhere");
		const note = g.host.locator("[data-no-match]");
		expect(await waitForText(note.locator('[role="status"]'), "No product matches these filters")).toBe(
			"No product matches these filters",
		);
		await note.getByRole("button", { name: "Clear filters" }).click();
		await note.waitFor({ state: "detached" });
		expect(await g.filter.inputValue()).toBe("");
		// The rows come back as the grid draws them again: the same rows as before the filter, once drawn.
		await expect.poll(() => g.skuCells.count()).toBe(all);
	});

	it("says it in French too", async () => {
		const page = await chromium.newPage({ locale: "fr-FR" });
		await openStock(page);
		await filterTo(page, "aucun produit de ce nom");
		const note = grid(page).host.locator("[data-no-match]");
		expect(await waitForText(note, /Aucun produit ne correspond à ces filtres/)).toMatch(/Effacer les filtres/);
	});

	it("shows every column header whole in French at desktop width, the value and a sort arrow included", async () => {
		const page = await chromium.newPage({ locale: "fr-FR" });
		await openStock(page);
		const g = grid(page);
		await g.host.locator('input[data-action="show-value"]').check();
		// Sorted, its header shows an arrow too. The click is dispatched on the header itself: the value
		// columns just added push it right while the grid lays out again, and a click at where it was
		// (seen under load) lands on the header row between cells.
		await g.header("value").first().waitFor();
		await g.header("reorderPoint").first().dispatchEvent("click");
		await g.header("reorderPoint").first().locator(".arrow").waitFor();
		type Header = { field: string; cut: boolean };
		const seen = new Set<string>();
		const cut: string[] = [];
		// Columns are drawn as they scroll into view: every header is read, a screen at a time.
		for (let step = 0, moved = true; moved && step < 50; step++) {
			await page.waitForTimeout(50);
			const headers: Header[] = await g.host.locator('[role="columnheader"][data-field]').evaluateAll((cells) =>
				cells.map((c) => ({
					field: `${c.getAttribute("data-field")} ${c.getAttribute("data-location-id") ?? ""}`.trim(),
					cut: c.scrollWidth > c.clientWidth || c.scrollHeight > c.clientHeight,
				})),
			);
			for (const h of headers) {
				seen.add(h.field.split(" ")[0] ?? "");
				if (h.cut && !cut.includes(h.field)) cut.push(h.field);
			}
			moved = await g.focus.evaluate((el) => {
				const before = el.scrollLeft;
				el.scrollLeft = before + el.clientWidth / 2;
				return el.scrollLeft !== before;
			});
		}
		expect([...seen].sort()).toEqual([
			"available",
			"bin",
			"incoming",
			"name",
			"onHand",
			"reorderPoint",
			"reorderQty",
			"reserved",
			"sku",
			"type",
			"value",
		]);
		expect(cut).toEqual([]);
	});

	it("shows the count and sum of a selected range's numbers below the grid", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		await filterTo(page, "SKU-0000");
		const [first, second] = await visibleSkus(page);
		if (!first || !second) throw new Error("the grid shows fewer than two products");
		const api = apiAs(await demoToken());
		const onHandTotal = async (sku: string) =>
			(await api.levels(sku)).filter((r: LevelRow) => r.sku === sku).reduce((sum, r) => sum + r.onHand, 0);
		const expected = (await onHandTotal(first)) + (await onHandTotal(second));

		await (await cell(page, { sku: first, field: "onHand", locationId: "total" })).click();
		await page.keyboard.press("Shift+ArrowDown");
		const summary = grid(page).status.locator("[data-selection-summary]");
		expect((await waitForText(summary, /Count: 2/)).replace(/\s+/g, " ")).toBe(
			`Count: 2 Sum: ${new Intl.NumberFormat("en-US").format(expected)}`,
		);
		// One cell: no summary, as in a spreadsheet.
		await (await cell(page, { sku: second, field: "onHand", locationId: "total" })).click();
		await summary.waitFor({ state: "detached" });
	});

	it("draws editable cells apart from computed ones, and says “Saved 1 cell”", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		await filterTo(page, "SKU-00031");
		const reorderPoint = await warehouse.at(page, "SKU-00031", "reorderPoint");
		const reserved = await warehouse.at(page, "SKU-00031", "reserved");
		const background = (l: typeof reserved) =>
			l.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).backgroundColor);
		expect(await reorderPoint.getAttribute("data-editable")).toBe("");
		expect(await reserved.getAttribute("data-editable")).toBeNull();
		expect(await background(reorderPoint)).not.toBe(await background(reserved));

		const value = 100 + Math.floor(Math.random() * 800);
		await reorderPoint.click();
		await page.keyboard.type(String(value));
		await page.keyboard.press("Enter");
		expect(await waitForText(grid(page).status, /Saved 1 cell\b/)).toMatch(/Saved 1 cell(?!s)/);
		expect((await warehouse.serverLevel("SKU-00031", (r) => r.reorderPoint === value)).reorderPoint).toBe(value);
	});

	it("says « 1 cellule enregistrée » in French", async () => {
		const page = await chromium.newPage({ locale: "fr-FR" });
		await openStock(page);
		await filterTo(page, "SKU-00032");
		const value = 100 + Math.floor(Math.random() * 800);
		const target = await warehouse.at(page, "SKU-00032", "reorderPoint");
		await target.click();
		await page.keyboard.type(String(value));
		await page.keyboard.press("Enter");
		expect(await waitForText(grid(page).status, /1 cellule enregistrée/)).toMatch(/1 cellule enregistrée(?!s)/);
		expect(await textOf(target)).toBe(new Intl.NumberFormat("fr-FR").format(value));
	});
});

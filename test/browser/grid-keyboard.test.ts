import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { useChromium } from "./chromium.ts";
import {
	activeCell,
	cell,
	filterTo,
	grid,
	openStock,
	productIdOf,
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
		await warehouse.setLevel(first, { reorderPoint: 11, reorderQty: 110 });
		await warehouse.setLevel(second, { reorderPoint: 12, reorderQty: 120 });
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
		await warehouse.setLevel(sku, { reorderPoint: 4 });
		const before = await warehouse.level(sku);
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
		expect((await warehouse.level(sku)).version).toBe(before.version);
	});

	it("clears the selected cell with Delete, on the server too", async () => {
		const sku = "SKU-00004";
		await warehouse.setLevel(sku, { reorderPoint: 8, bin: "A-04" });
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

/** Which element of the grid's shadow root has the focus: its data-action, data-location-toggle or role. */
async function focusedInGrid(page: Page): Promise<string | null> {
	// (Typed without the DOM library: what is read of the element is described here.)
	type Focused = { getAttribute: (name: string) => string | null } | null;
	type Host = { shadowRoot: { activeElement: Focused } | null };
	return grid(page).host.evaluate((el) => {
		const focused = (el as unknown as Host).shadowRoot?.activeElement ?? null;
		if (!focused) return null;
		const action = focused.getAttribute("data-action");
		const toggle = focused.getAttribute("data-location-toggle");
		return action ? `action:${action}` : toggle ? `location:${toggle}` : focused.getAttribute("role");
	});
}

/** Presses Tab until the grid (`role=grid`) has the focus, as a keyboard user reaches it. */
async function tabToGrid(page: Page): Promise<void> {
	for (let i = 0; i < 15; i++) {
		if ((await focusedInGrid(page)) === "grid") return;
		await page.keyboard.press("Tab");
	}
	throw new Error(`Tab never reached the grid; the focus is on ${await focusedInGrid(page)}`);
}

describe("the grid with the keyboard only", () => {
	it("sorts by a column from its header: ArrowUp to the headers, Enter/Space cycle the order, ArrowDown back", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const loaded = await rowsOf(page, "SKU-0000", 3);
		await tabToGrid(page);
		const g = grid(page);
		const skuHeader = g.header("sku");
		const nameHeader = g.header("name");
		expect(await g.focus.getAttribute("aria-activedescendant")).toBe("c-0-0");

		// Up from the first row: the SKU column's header, on the same focused grid element.
		await page.keyboard.press("ArrowUp");
		expect(await g.focus.getAttribute("aria-activedescendant")).toBe(await skuHeader.getAttribute("id"));
		expect(await focusedInGrid(page)).toBe("grid");
		// Along the header row and back.
		await page.keyboard.press("ArrowRight");
		expect(await g.focus.getAttribute("aria-activedescendant")).toBe(await nameHeader.getAttribute("id"));
		await page.keyboard.press("ArrowLeft");
		expect(await g.focus.getAttribute("aria-activedescendant")).toBe(await skuHeader.getAttribute("id"));

		await page.keyboard.press("Enter");
		expect(await skuHeader.getAttribute("aria-sort")).toBe("ascending");
		expect(
			await settle(
				() => visibleSkus(page),
				(skus) => skus.length > 0,
			),
		).toEqual([...loaded].sort());
		await page.keyboard.press("Enter");
		expect(await skuHeader.getAttribute("aria-sort")).toBe("descending");
		const descending = [...loaded].sort().reverse();
		expect(
			await settle(
				() => visibleSkus(page),
				(skus) => skus[0] === descending[0],
			),
		).toEqual(descending);
		// Space goes on: back to no sort, the rows in their loaded order.
		await page.keyboard.press(" ");
		expect(await skuHeader.getAttribute("aria-sort")).toBe("none");
		expect(
			await settle(
				() => visibleSkus(page),
				(skus) => skus[0] === loaded[0],
			),
		).toEqual(loaded);
		// Sorted descending again, then down into the data: the first row is the greatest SKU.
		await page.keyboard.press("Enter");
		await page.keyboard.press("Enter");
		await page.keyboard.press("ArrowDown");
		expect(await g.focus.getAttribute("aria-activedescendant")).toBe("c-0-0");
		expect(await activeCell(page)).toMatchObject({
			productId: await productIdOf(page, descending[0] ?? ""),
			field: "sku",
		});
		// No stray edit or save came from the keys pressed on the header.
		expect(await g.editor.count()).toBe(0);
	});

	it("opens the locations menu from its button; Tab reaches its checkboxes; Escape or a click outside closes it", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const g = grid(page);
		const button = g.action("columns");
		const menu = g.host.locator('.menu[role="group"]');
		const shop = (await warehouse.api.location("Shop")).id;
		const shopColumns = g.host.locator(`[role="columnheader"][data-location-id="${shop}"]`);

		await button.focus();
		await page.keyboard.press("Enter");
		expect(await button.getAttribute("aria-expanded")).toBe("true");
		await menu.waitFor();
		// Tab walks the checkboxes, one per location; Space hides a location's columns.
		const toggles = await menu.locator("input[data-location-toggle]").count();
		expect(toggles).toBeGreaterThanOrEqual(2);
		const reached: string[] = [];
		for (let i = 0; i < toggles; i++) {
			await page.keyboard.press("Tab");
			reached.push((await focusedInGrid(page)) ?? "");
		}
		expect(reached.every((r) => r.startsWith("location:"))).toBe(true);
		expect(reached).toContain(`location:${shop}`);
		while ((await focusedInGrid(page)) !== `location:${shop}`) await page.keyboard.press("Shift+Tab");
		await page.keyboard.press(" ");
		await shopColumns.first().waitFor({ state: "detached" });

		await page.keyboard.press("Escape");
		await menu.waitFor({ state: "detached" });
		expect(await button.getAttribute("aria-expanded")).toBe("false");
		expect(await focusedInGrid(page)).toBe("action:columns");

		// Open again with the mouse; a click elsewhere on the page closes it.
		await button.click();
		await menu.waitFor();
		await page.mouse.click(5, (page.viewportSize()?.height ?? 600) - 5);
		await menu.waitFor({ state: "detached" });
		expect(await button.getAttribute("aria-expanded")).toBe("false");
	});
});

describe("the grid with the mouse and on screen", () => {
	it("scrolls by itself while a selection is dragged past its bottom edge, extending the selection", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		const g = grid(page);
		// In the Total group, on screen without scrolling sideways.
		const start = await cell(page, { sku: "SKU-00001", field: "onHand", locationId: "total" });
		const from = await start.boundingBox();
		const below = await g.status.boundingBox();
		if (!from || !below) throw new Error("the grid or its status line is not on screen");
		expect(await g.focus.evaluate((el) => el.scrollTop)).toBe(0);

		await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
		await page.mouse.down();
		// Down onto the status line, under the grid's bottom edge, and held there.
		await page.mouse.move(from.x + from.width / 2, below.y + below.height / 2, { steps: 5 });
		const scrolled = await settle(
			() => g.focus.evaluate((el) => el.scrollTop),
			(top) => top > 200,
			{ timeoutMs: 5000 },
		);
		await page.mouse.up();
		expect(scrolled).toBeGreaterThan(200);
		// The selection reaches rows that were not on screen when the drag began, in the same column.
		const selectedRows = await g.host
			.locator('[role="gridcell"][aria-selected="true"][data-field="onHand"]')
			.evaluateAll((cells) => cells.map((c) => Number(/^c-(\d+)-/.exec(c.id)?.[1] ?? -1)));
		expect(Math.max(...selectedRows)).toBeGreaterThan(20);
		expect(await g.host.locator('[role="gridcell"][aria-selected="true"][data-field="reserved"]').count()).toBe(0);
	});

	it("shows no stock for a service: an en dash labelled 'not stocked', not a 0", async () => {
		const page = await chromium.newPage();
		await openStock(page);
		await filterTo(page, "Installation");
		const g = grid(page);
		const total = g.host.locator('[role="gridcell"][data-field="available"][data-location-id="total"]');
		expect(
			await settle(
				() => total.count(),
				(n) => n === 1,
			),
		).toBe(1);
		expect(await textOf(total)).toBe("–");
		expect(await total.getAttribute("aria-label")).toBe("not stocked");
		const onHand = await at(page, "Installation", "onHand");
		expect(await textOf(onHand)).toBe("–");
		// Its planning cells stay as they are: editable.
		expect(await (await at(page, "Installation", "reorderPoint")).getAttribute("data-editable")).toBe("");
	});
});

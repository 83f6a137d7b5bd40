/**
 * What a user does with the app and the grid, for the browser tests: sign in (development route),
 * find the grid and its cells, type, paste. Locators are Playwright CSS, which pierces the open
 * shadow roots of the app and of `<stockroom-grid>`; cells are found by the grid's DOM contract
 * (`data-product-id`, `data-field`, `data-location-id`), never by position.
 */
import type { Locator, Page } from "playwright-core";
import { browserStack } from "./api.ts";

export type GridField =
	| "sku"
	| "name"
	| "type"
	| "onHand"
	| "reserved"
	| "available"
	| "incoming"
	| "reorderPoint"
	| "reorderQty"
	| "bin"
	| "value";

/**
 * Signs in as the owner of `companyId` (the demo company unless said) through the development
 * route `GET /dev/session`, which sets the session cookie and redirects to `next`.
 */
export async function openApp(page: Page, { companyId, next = "/" }: { companyId?: string; next?: string } = {}) {
	const { app, companyId: demo } = browserStack();
	const url = `${app}/dev/session?${new URLSearchParams({ companyId: companyId ?? demo, next })}`;
	const response = await page.goto(url);
	if (!response?.ok()) throw new Error(`GET ${url} → ${response?.status()} ${await response?.text()}`);
}

/**
 * Signs in, opens "Products & stock" from the navigation (through the "Menu" button on a narrow
 * screen, where the nav is a panel) and waits until the grid has all its rows.
 */
export async function openStock(page: Page, options: { companyId?: string } = {}): Promise<void> {
	await openApp(page, options);
	const nav = page.locator('a[data-nav="stock"]').first();
	await nav.waitFor({ state: "attached" }).catch(async () => {
		const shown = ((await page.locator("body").textContent()) ?? "").replace(/\s+/g, " ").slice(0, 500);
		throw new Error(`the app at ${page.url()} shows no navigation; it shows: ${shown}`);
	});
	if (!(await nav.isVisible())) await page.locator('button[data-action="menu"]').click();
	await nav.click();
	await waitForRows(page);
}

/** Reloads the page (same URL, same session) and waits for the grid's rows again. */
export async function reloadStock(page: Page): Promise<void> {
	await page.reload();
	await waitForRows(page);
}

/** Waits until the grid says it has all its rows (the host's `loaded` attribute). */
export async function waitForRows(page: Page, timeout = 30_000): Promise<void> {
	await page.locator("stockroom-grid[loaded]").first().waitFor({ state: "attached", timeout });
}

/** The grid's parts, by its DOM contract. */
export function grid(page: Page) {
	const host = page.locator("stockroom-grid").first();
	return {
		host,
		/** The one focusable element; the active cell is its `aria-activedescendant`. */
		focus: host.locator('[role="grid"]'),
		filter: host.locator('input[part="filter"]'),
		belowReorder: host.locator('input[data-filter="below-reorder"]'),
		negative: host.locator('input[data-filter="negative"]'),
		editor: host.locator('input[part="editor"]'),
		status: host.locator('[part="status"]'),
		live: host.locator('[part="live"]'),
		action: (name: "export-csv" | "undo" | "redo" | "columns") => host.locator(`[data-action="${name}"]`),
		header: (field: GridField) => host.locator(`[role="columnheader"][data-field="${field}"]`),
		skuCells: host.locator('[data-field="sku"][data-product-id]'),
		cells: host.locator("[data-product-id][data-field]"),
	};
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The row's product id, read from its SKU cell (the row must be rendered: filter to it first). */
export async function productIdOf(page: Page, sku: string): Promise<string> {
	const skuCell = grid(page)
		.skuCells.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(sku)}\\s*$`) })
		.first();
	const id = await skuCell.getAttribute("data-product-id");
	if (!id) throw new Error(`the SKU cell of ${sku} has no data-product-id`);
	return id;
}

export type CellSpec = {
	sku: string;
	field: GridField;
	/** A location's id, or "total"; left out for the product columns (sku, name, type). */
	locationId?: string;
};

/**
 * One cell of the grid, by product SKU, field and location. Columns are virtualized: when the cell
 * is not drawn, the grid is scrolled sideways, a screen at a time, until it is (as a user would).
 */
export async function cell(page: Page, { sku, field, locationId }: CellSpec): Promise<Locator> {
	const productId = await productIdOf(page, sku);
	const at = locationId === undefined ? "" : `[data-location-id="${locationId}"]`;
	const target = grid(page).host.locator(`[data-product-id="${productId}"][data-field="${field}"]${at}`);
	await reveal(page, target);
	return target;
}

/** Scrolls the grid sideways from its left edge until `target` is drawn (or the right edge is reached). */
async function reveal(page: Page, target: Locator): Promise<void> {
	if ((await target.count()) > 0) return;
	const scroller = grid(page).focus;
	await scroller.evaluate((el) => {
		el.scrollLeft = 0;
	});
	for (let step = 0; step < 50; step++) {
		await page.waitForTimeout(50);
		if ((await target.count()) > 0) return;
		const moved = await scroller.evaluate((el) => {
			const before = el.scrollLeft;
			el.scrollLeft = before + Math.max(100, el.clientWidth - 500);
			return el.scrollLeft !== before;
		});
		if (!moved) break;
	}
	await target.waitFor({ state: "attached", timeout: 2000 });
}

/** Narrows the grid to the products matching `text` (the grid's text filter, as a user types it). */
export async function filterTo(page: Page, text: string): Promise<void> {
	await grid(page).filter.fill(text);
}

/** The SKUs of the rows on screen, top to bottom (by where they are drawn, not DOM order). */
export async function visibleSkus(page: Page): Promise<string[]> {
	const height = page.viewportSize()?.height ?? 900;
	const rows = await grid(page).skuCells.evaluateAll(
		(cells, bottom) =>
			cells
				.map((c) => ({ sku: (c.textContent ?? "").trim(), rect: c.getBoundingClientRect() }))
				.filter(({ rect }) => rect.height > 0 && rect.bottom > 0 && rect.top < bottom)
				.map(({ sku, rect }) => ({ sku, top: rect.top })),
		height,
	);
	return rows.sort((a, b) => a.top - b.top).map((r) => r.sku);
}

/**
 * The grid's active cell (its `aria-activedescendant`) and whether a user can see it: inside the
 * window, and the element drawn at its centre is the cell itself (not clipped, not covered).
 */
export async function activeCell(
	page: Page,
): Promise<{ productId: string | null; field: string | null; onScreen: boolean }> {
	const id = await grid(page).focus.getAttribute("aria-activedescendant");
	if (!id) throw new Error("the grid has no active cell (aria-activedescendant)");
	const target = grid(page).host.locator(`[id="${id}"]`);
	const { width, height } = page.viewportSize() ?? { width: 1400, height: 900 };
	// (Typed without the DOM library: the shadow root's elementFromPoint is described here.)
	type HitTesting = { elementFromPoint: (x: number, y: number) => unknown };
	const onScreen = await target.evaluate(
		(el, viewport) => {
			const rect = el.getBoundingClientRect();
			const x = rect.left + rect.width / 2;
			const y = rect.top + rect.height / 2;
			if (x < 0 || y < 0 || x > viewport.width || y > viewport.height) return false;
			const hit = (el.getRootNode() as unknown as HitTesting).elementFromPoint(x, y);
			return hit === el || el.contains(hit as typeof el);
		},
		{ width, height },
	);
	return {
		productId: await target.getAttribute("data-product-id"),
		field: await target.getAttribute("data-field"),
		onScreen,
	};
}

/** The text a cell shows (trimmed). */
export async function textOf(locator: Locator): Promise<string> {
	return ((await locator.textContent()) ?? "").trim();
}

/** Waits until the element shows `expected` (exactly, or matching); answers what it shows at the end. */
export async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = 15_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const shown = await textOf(locator).catch(() => "");
		const ok = typeof expected === "string" ? shown === expected : expected.test(shown);
		if (ok || Date.now() > deadline) return shown;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Selects the cell (a click), types `value` to replace its content and commits with Enter. */
export async function typeInto(page: Page, target: Locator, value: string): Promise<void> {
	await target.click();
	await page.keyboard.type(value);
	await page.keyboard.press("Enter");
}

/**
 * Pastes `tsv` at the active cell as a user would paste a range copied from a spreadsheet: the text
 * put on the real clipboard, then Ctrl+V (so a grid that reads the paste event and one that reads
 * navigator.clipboard both see it).
 */
export async function pasteTsv(page: Page, tsv: string): Promise<void> {
	// (This file is typed without the DOM library: the page's navigator is described here.)
	type PageNavigator = { clipboard: { writeText: (text: string) => Promise<void> } };
	await page.evaluate((text) => (navigator as unknown as PageNavigator).clipboard.writeText(text), tsv);
	await page.keyboard.press("Control+V");
}

/** Counts the requests `matches` accepts from now on (e.g. the grid's PATCH /api/v1/levels). */
export function countRequests(page: Page, matches: (method: string, url: URL) => boolean): () => number {
	let count = 0;
	page.on("request", (request) => {
		if (matches(request.method(), new URL(request.url()))) count++;
	});
	return () => count;
}

/** True when the request is a save of levels (the grid's batch). */
export const isLevelsPatch = (method: string, url: URL) => method === "PATCH" && url.pathname === "/api/v1/levels";

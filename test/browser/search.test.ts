/**
 * The header's search and a barcode scanner (issue 15, "a start page and one search"): find an order
 * by its QuickBooks number and a product by SKU, `/` to focus the box, a product's barcode set on its
 * page and then scanned from anywhere, its reorder settings per location edited there.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newScenario } from "../e2e/stack.ts";
import { type Api, apiAs } from "./api.ts";
import { expectNoAxeViolations } from "./axe.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";
import { invoiceOrder } from "./invoice-order.ts";

const chromium = useChromium();

type Scenario = Awaited<ReturnType<typeof newScenario>>;
type Product = { id: string; sku: string; type: string; barcode: string | null };

let scenario: Scenario;
let api: Api;
let product: Product;
let order: { id: string; number: string };

beforeAll(async () => {
	scenario = await newScenario({ items: 2, bundles: 0 });
	api = apiAs(scenario.token);
	const sku = scenario.opening.get("1")?.sku;
	const products = (await api.get<{ items: Product[] }>("/products?limit=100")).items;
	const found = products.find((p) => p.sku === sku);
	if (!found) throw new Error(`no product of SKU ${sku}`);
	product = found;
	// A QuickBooks user saves an invoice; its webhook makes the order, numbered as QuickBooks numbered it.
	const { invoice, order: summary } = await invoiceOrder(scenario, [{ item: "1", qty: 1 }]);
	if (!summary.number) throw new Error(`no numbered order for invoice ${invoice.Id}`);
	order = { id: summary.id, number: summary.number };
}, 120_000);

const searchBox = (page: Page) => page.locator("#header-search-input");

/** The app on the orders page, its heading focused (no field): where `/` and a scan are the header's. */
async function openOrders(page: Page): Promise<void> {
	await openApp(page, { companyId: scenario.companyId, next: "/#/orders" });
	await page.locator('[data-page="orders"] h1').waitFor();
	await searchBox(page).waitFor({ state: "attached" });
}

async function waitForProductPage(page: Page, productId: string): Promise<void> {
	await page.locator(`[data-page="product"][data-product-id="${productId}"]`).waitFor();
	expect(new URL(page.url()).hash).toBe(`#/products/${productId}`);
}

describe("the header's search", () => {
	it("`/` focuses it; an order's number finds the order (arrows and Enter open it), with no axe violation", async () => {
		const page = await chromium.newPage({ locale: "en-US" });
		await openOrders(page);
		await page.keyboard.press("/");
		expect(await page.evaluate("document.activeElement?.id")).toBe("header-search-input");

		await searchBox(page).fill(order.number);
		const option = page.locator('[role="listbox"] [data-kind="order"] [role="option"]', { hasText: order.number });
		await option.waitFor();
		expect(await searchBox(page).getAttribute("aria-expanded")).toBe("true");
		expect(await page.locator('[role="listbox"] > [role="group"][data-kind="order"]').count()).toBe(1);
		await expectNoAxeViolations(page);

		// Down until the order is the active option, as a keyboard user would.
		for (let i = 0; i < 10; i++) {
			await page.keyboard.press("ArrowDown");
			const active = await searchBox(page).getAttribute("aria-activedescendant");
			if (active && (await page.locator(`#${active}`).getAttribute("data-href")) === `#/orders/${order.id}`) break;
		}
		expect(await page.locator('[role="option"][aria-selected="true"]').getAttribute("data-href")).toBe(
			`#/orders/${order.id}`,
		);
		await page.keyboard.press("Enter");
		await page.locator('[data-page="order"]').waitFor();
		expect(new URL(page.url()).hash).toBe(`#/orders/${order.id}`);
		expect(await searchBox(page).inputValue()).toBe("");
	});

	it("Enter on a product's exact SKU opens the product", async () => {
		const page = await chromium.newPage({ locale: "en-US" });
		await openOrders(page);
		await searchBox(page).fill(product.sku.toLowerCase());
		await searchBox(page).press("Enter");
		await waitForProductPage(page, product.id);
	});

	it("on a phone it is an icon that opens the box", async () => {
		const page = await chromium.newPage({ locale: "en-US" });
		await page.setViewportSize({ width: 390, height: 844 });
		await openOrders(page);
		expect(await searchBox(page).isVisible()).toBe(false);
		await page.locator(".header-search-toggle").click();
		expect(await page.evaluate("document.activeElement?.id")).toBe("header-search-input");
		await searchBox(page).fill(product.sku);
		await page.locator('[data-kind="product"] [role="option"]').first().waitFor();
		const box = await page.locator(".header-search-results").boundingBox();
		expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
		await expectNoAxeViolations(page);
	});
});

describe("a product's barcode and reorder settings, and a scan", () => {
	it("a bad check digit shows at the field; a good barcode saves, and a scan from anywhere opens the product", async () => {
		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: `/#/products/${product.id}` });
		const field = page.locator("#product-barcode");
		await field.waitFor();
		await field.fill("4006381333932");
		await page.locator('[data-section="barcode"] button[type="submit"]').click();
		const error = page.locator("#product-barcode-error");
		await error.waitFor();
		expect(await error.textContent()).toBe("Not a valid barcode: the last digit (check digit) should be 1.");
		expect(await field.getAttribute("aria-invalid")).toBe("true");
		expect((await api.get<Product>(`/products/${product.id}`)).barcode).toBeNull();

		await field.fill("4006381333931");
		await page.locator('[data-section="barcode"] button[type="submit"]').click();
		await page.locator('[data-section="barcode"] .form-status.ok', { hasText: "Barcode saved." }).waitFor();
		expect(await error.count()).toBe(0);
		expect((await api.get<Product>(`/products/${product.id}`)).barcode).toBe("4006381333931");

		// The scanner types the code within milliseconds and ends with Enter, focus on no field.
		await openOrders(page);
		await page.evaluate("document.activeElement?.blur()");
		await page.keyboard.type("4006381333931", { delay: 5 });
		await page.keyboard.press("Enter");
		await waitForProductPage(page, product.id);
	});

	it("a reorder point edited for a location on the product's page is the level's", async () => {
		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: `/#/products/${product.id}` });
		const row = page.locator(`[data-section="reorder"] tr[data-location-id="${scenario.locationId}"]`);
		const point = row.locator('input[data-field="reorderPoint"]');
		await point.waitFor();
		await point.fill("7");
		await row.locator('input[data-field="reorderQty"]').fill("20");
		await page.locator('[data-section="reorder"] button[type="submit"]').click();
		await page.locator('[data-section="reorder"] .form-status.ok', { hasText: "Reorder settings saved." }).waitFor();
		expect(await api.level(product.sku, scenario.locationId)).toMatchObject({ reorderPoint: 7, reorderQty: 20 });

		// Someone changes it in the grid meanwhile: saving here says so and shows theirs.
		await api.setLevel(product.sku, scenario.locationId, { reorderPoint: 9 });
		await point.fill("8");
		await page.locator('[data-section="reorder"] button[type="submit"]').click();
		await page.locator('[data-section="reorder"] .form-status.error', { hasText: "Someone else changed" }).waitFor();
		expect(await point.inputValue()).toBe("9");
		expect((await api.level(product.sku, scenario.locationId)).reorderPoint).toBe(9);
		await expectNoAxeViolations(page);
	});
});

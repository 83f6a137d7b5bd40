/**
 * Money as a user reads it, in the company's home currency (the demo company's QuickBooks keeps
 * USD) and the user's language: a new purchase line's unit cost starts at the product's cost from
 * QuickBooks, each line and the purchase show their totals as they are typed and once saved, in
 * English then in French; a product's page shows its cost and its stock value per location and in
 * total; an ordered purchase's Receive form says what the quantities typed are worth, and the purchase
 * suggestions what the rows kept would cost, per vendor and in all. The expected strings are what
 * Intl.NumberFormat gives on Node for the same figures, spaces
 * compared loosely (Chromium's and Node's ICU may put a narrow or a plain no-break space).
 */
import { describe, expect, it } from "vitest";
import type { components } from "../../ui/src/api/openapi.ts";
import { apiAs, demoToken } from "./api.ts";
import { expectNoAxeViolations } from "./axe.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

type Product = components["schemas"]["Product"];
type Me = components["schemas"]["Me"];
type Suggestions = components["schemas"]["PurchaseSuggestions"];

const chromium = useChromium();
/** Products no other browser test moves or buys. */
const SKU = "SKU-00023";
const OTHER_SKU = "SKU-00024";
const VALUED_SKU = "SKU-00025";
const RECEIVED_SKU = "SKU-00021";
const RECEIVED_OTHER_SKU = "SKU-00027";
const SUGGESTED_SKU = "SKU-00022";

/** U+00A0 and U+202F as a plain space, and runs of white space as one. */
const spaced = (text: string | null) => (text ?? "").replace(/[\s\u00a0\u202f]+/g, " ").trim();
/** An amount in USD, to the cent (`unit`: a unit price, up to 4 decimals as stored). */
const money = (locale: string, value: number, { unit = false } = {}) =>
	spaced(
		new Intl.NumberFormat(locale, {
			style: "currency",
			currency: "USD",
			minimumFractionDigits: 2,
			maximumFractionDigits: unit ? 4 : 2,
		}).format(value),
	);
/** A unit cost as its field shows it: the locale's decimal mark, 2 to 4 decimals, no currency. */
const costField = (locale: string, value: number) =>
	new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(value);

async function productOf(api: ReturnType<typeof apiAs>, sku: string): Promise<Product & { purchaseCost: number }> {
	const found = (await api.get<{ items: Product[] }>(`/products?q=${sku}`)).items.find((p) => p.sku === sku);
	if (!found || found.purchaseCost === null) throw new Error(`${sku} has no purchase cost from QuickBooks`);
	return { ...found, purchaseCost: found.purchaseCost };
}

describe("money", () => {
	it("prefills a purchase line's unit cost and totals lines and purchase in USD, in English and French", async () => {
		const api = apiAs(await demoToken());
		expect((await api.get<Me>("/me")).company.currency).toBe("USD");
		const first = await productOf(api, SKU);
		const second = await productOf(api, OTHER_SKU);

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { next: "/#/purchases/new" });
		const form = page.locator('[data-form="purchase-draft"]');
		await form.waitFor();
		expect(spaced(await form.locator("thead").textContent())).toContain("Unit cost in USD");

		// Chosen by SKU: its cost from QuickBooks is there before anything is saved.
		const row = form.locator(`tr[data-product-id="${first.id}"]`);
		await form.locator('input[name="product"]').first().fill(SKU);
		await row.waitFor();
		expect(await row.locator('input[name="unitCost"]').inputValue()).toBe(costField("en", first.purchaseCost));

		// The person types their own price; the line and the purchase total follow.
		await row.locator('input[name="quantity"]').fill("100");
		await row.locator('input[name="unitCost"]').fill("12.5");
		expect(spaced(await row.locator('[data-field="line-total"]').textContent())).toBe("$1,250.00");

		await form.locator('[data-action="add-line"]').click();
		const secondRow = form.locator(`tr[data-product-id="${second.id}"]`);
		await form.locator('input[name="product"]').nth(1).fill(OTHER_SKU);
		await secondRow.waitFor();
		expect(await secondRow.locator('input[name="unitCost"]').inputValue()).toBe(costField("en", second.purchaseCost));
		await secondRow.locator('input[name="quantity"]').fill("3");
		const total = 1250 + 3 * second.purchaseCost;
		expect(spaced(await secondRow.locator('[data-field="line-total"]').textContent())).toBe(
			money("en", 3 * second.purchaseCost),
		);
		expect(spaced(await form.locator('[data-field="purchase-total"]').textContent())).toBe(money("en", total));
		await expectNoAxeViolations(page);
		await page.setViewportSize({ width: 390, height: 844 });
		await expectNoAxeViolations(page);
		await page.setViewportSize({ width: 1400, height: 900 });

		// Saved: the purchase's page says its total; once closed (cancelled here), its lines read with
		// their unit prices and totals as the server keeps them.
		await form.locator('[data-action="save-draft"]').click();
		const saved = page.locator('[data-page="purchase"][data-status="draft"]');
		await saved.waitFor();
		expect(spaced(await saved.locator('[data-fact="total"] dd').textContent())).toBe(money("en", total));
		const id = await saved.getAttribute("data-purchase-id");
		const draft = await api.get<{ version: number }>(`/purchases/${id}`);
		await api.patch(`/purchases/${id}`, { version: draft.version, status: "cancelled" });
		await page.reload();
		const purchase = page.locator('[data-page="purchase"][data-status="cancelled"] [data-table="purchase-lines"]');
		await purchase.waitFor();
		const line = purchase.locator(`tr[data-product-id="${first.id}"]`);
		expect(spaced(await purchase.locator("thead").textContent())).toContain("Unit cost (USD)");
		expect(spaced(await line.locator('[data-field="unit-cost"]').textContent())).toBe("$12.50");
		expect(spaced(await line.locator('[data-field="line-total"]').textContent())).toBe("$1,250.00");
		expect(spaced(await purchase.locator('[data-field="purchase-total"]').textContent())).toBe(money("en", total));

		await page.locator('select[data-action="locale"]').selectOption("fr");
		await purchase.locator("thead", { hasText: "Coût unitaire (USD)" }).waitFor();
		expect(spaced(await line.locator('[data-field="unit-cost"]').textContent())).toBe(
			money("fr", 12.5, { unit: true }),
		);
		expect(spaced(await line.locator('[data-field="line-total"]').textContent())).toBe(money("fr", 1250));
		expect(spaced(await purchase.locator('[data-field="purchase-total"]').textContent())).toBe(money("fr", total));
		expect(spaced(await page.locator('[data-fact="total"] dd').textContent())).toBe(money("fr", total));
		expect(money("fr", 1250)).toMatch(/^1 250,00 \$/);
	});

	it("shows a product's cost from QuickBooks and its stock value per location and in total", async () => {
		const api = apiAs(await demoToken());
		const product = await productOf(api, VALUED_SKU);
		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { next: `/#/products/${product.id}` });
		const card = page.locator('[data-section="stock-value"]');
		await card.waitFor();
		const cost = spaced(await card.locator('[data-fact="cost"]').textContent());
		expect(cost).toContain(`${money("en", product.purchaseCost, { unit: true })} each`);
		expect(cost).toContain("Purchase cost from QuickBooks");
		expect(product.levels.some((l) => l.onHand > 0)).toBe(true);
		for (const level of product.levels)
			expect(
				spaced(await card.locator(`tr[data-location-id="${level.locationId}"] [data-field="value"]`).textContent()),
			).toBe(money("en", level.onHand * product.purchaseCost));
		expect(spaced(await card.locator('[data-total="value"]').textContent())).toBe(
			money("en", product.totals.onHand * product.purchaseCost),
		);
		await expectNoAxeViolations(page, '[data-section="stock-value"]');
	});

	it("says the value of a partial receipt as quantities are typed, in English and French", async () => {
		const api = apiAs(await demoToken());
		const warehouse = (await api.location("Warehouse")).id;
		const first = await productOf(api, RECEIVED_SKU);
		const second = await productOf(api, RECEIVED_OTHER_SKU);
		const draft = await api.post<{ id: string; version: number }>("/purchases", {
			locationId: warehouse,
			lines: [
				{ productId: first.id, quantity: 10, unitCost: 4.5 },
				{ productId: second.id, quantity: 3, unitCost: 12.3456 },
			],
		});
		await api.patch(`/purchases/${draft.id}`, { version: draft.version, status: "ordered" });

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { next: `/#/purchases/${draft.id}` });
		const form = page.locator('[data-form="receive"]');
		const firstLine = form.locator(`tr[data-product-id="${first.id}"]`);
		const secondLine = form.locator(`tr[data-product-id="${second.id}"]`);
		const value = (line: typeof firstLine) => line.locator('[data-field="received-value"]').textContent().then(spaced);
		const total = () => form.locator('[data-field="receipt-value"]').textContent().then(spaced);
		await firstLine.waitFor();
		const head = spaced(await form.locator("thead").textContent());
		expect(head).toContain("Unit cost (USD)");
		expect(head).toContain("Value received");
		expect(spaced(await firstLine.locator('[data-field="unit-cost"]').textContent())).toBe("$4.50");
		expect(spaced(await secondLine.locator('[data-field="unit-cost"]').textContent())).toBe(
			money("en", 12.3456, { unit: true }),
		);
		// Prefilled with what is open: the whole purchase's value.
		expect(await value(firstLine)).toBe("$45.00");
		expect(await value(secondLine)).toBe(money("en", 3 * 12.3456));
		expect(await total()).toBe(money("en", 45 + 3 * 12.3456));
		await expectNoAxeViolations(page);

		// Part of it arrived: the values follow what is typed.
		await firstLine.locator('input[name="receive-quantity"]').fill("4");
		await secondLine.locator('input[name="receive-quantity"]').fill("0");
		expect(await value(firstLine)).toBe("$18.00");
		expect(await value(secondLine)).toBe("$0.00");
		expect(await total()).toBe("$18.00");
		await expectNoAxeViolations(page);

		await page.locator('select[data-action="locale"]').selectOption("fr");
		await form.locator("thead", { hasText: "Valeur reçue" }).waitFor();
		expect(spaced(await form.locator("thead").textContent())).toContain("Coût unitaire (USD)");
		await firstLine.locator('input[name="receive-quantity"]').fill("2,5");
		await secondLine.locator('input[name="receive-quantity"]').fill("1");
		expect(spaced(await firstLine.locator('[data-field="unit-cost"]').textContent())).toBe(
			money("fr", 4.5, { unit: true }),
		);
		expect(await value(firstLine)).toBe(money("fr", 11.25));
		expect(await value(secondLine)).toBe(money("fr", 12.3456));
		expect(await total()).toBe(money("fr", 11.25 + 12.3456));
		await expectNoAxeViolations(page);
	});

	it("estimates what the suggestions kept cost, per row, per vendor and in all, in English and French", async () => {
		const api = apiAs(await demoToken());
		const warehouse = (await api.location("Warehouse")).id;
		const product = await productOf(api, SUGGESTED_SKU);
		const level = await api.level(SUGGESTED_SKU, warehouse);
		// Under its reorder point at the warehouse, so that 6 are suggested there.
		await api.setLevel(SUGGESTED_SKU, warehouse, {
			reorderPoint: level.onHand - level.reserved + level.incoming + 5,
			reorderQty: null,
		});
		const suggested = await api.post<Suggestions>("/purchases/suggestions", { locationIds: [warehouse] });
		const group = suggested.groups.find((g) => g.lines.some((l) => l.productId === product.id));
		expect(group?.lines.find((l) => l.productId === product.id)).toMatchObject({
			suggested: 6,
			purchaseCost: product.purchaseCost,
		});

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { next: "/#/purchases/suggestions" });
		const grid = page.locator('[data-table="suggestions"]');
		const mine = grid.locator(`tr[data-product-id="${product.id}"][data-location-id="${warehouse}"]`);
		const estimate = () => mine.locator('[data-field="estimated-cost"]').textContent().then(spaced);
		const vendorTotal = () =>
			grid
				.locator(`tr[data-vendor-total="${group?.vendor?.id ?? ""}"] td`)
				.textContent()
				.then(spaced);
		const total = () => grid.locator("tr[data-total] td").textContent().then(spaced);
		/** Only this row kept, its quantity typed over (the page may have drawn itself afresh). */
		const keepOnly = async (quantity: string) => {
			for (const box of await grid.locator('input[name="include"]').all()) await box.uncheck();
			await mine.locator('input[name="include"]').check();
			await mine.locator('input[name="suggested-quantity"]').fill(quantity);
		};
		await mine.waitFor();
		expect(spaced(await grid.locator("thead").textContent())).toContain("Estimated cost");
		expect(await estimate()).toBe(money("en", 6 * product.purchaseCost));
		await expectNoAxeViolations(page);

		await keepOnly("7");
		expect(await estimate()).toBe(money("en", 7 * product.purchaseCost));
		expect(await vendorTotal()).toBe(money("en", 7 * product.purchaseCost));
		expect(await total()).toBe(money("en", 7 * product.purchaseCost));
		await expectNoAxeViolations(page);

		await page.locator('select[data-action="locale"]').selectOption("fr");
		await grid.locator("thead", { hasText: "Coût estimé" }).waitFor();
		await keepOnly("9");
		expect(await estimate()).toBe(money("fr", 9 * product.purchaseCost));
		expect(await vendorTotal()).toBe(money("fr", 9 * product.purchaseCost));
		expect(await total()).toBe(money("fr", 9 * product.purchaseCost));
		await expectNoAxeViolations(page);
	});
});

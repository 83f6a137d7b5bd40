/**
 * A service and a kit hold no stock of their own (issue 15, guarded stock moves): their product
 * page offers no adjust, count or transfer form, and says why; the API refuses the command anyway.
 */

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newScenario } from "../e2e/stack.ts";
import { type Api, apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();

type KitRow = { locationId: string; available: number; components?: { productId: string; quantity: number }[] };

/**
 * A kit's page lists its components — SKU, name, quantity per kit, available of each — and the whole
 * kits they allow at the location, as the API's level rows say.
 */
async function expectKitComponents(page: Page, api: Api, kitId: string, locationId: string) {
	const row = (await api.get<{ items: KitRow[] }>(`/levels?productId=${kitId}`)).items.find(
		(r) => r.locationId === locationId,
	);
	const components = row?.components ?? [];
	expect(components.length).toBeGreaterThan(0);
	const table = page.locator('[data-table="kit-components"]');
	await table.waitFor();
	expect(await table.locator("tbody tr").count()).toBe(components.length);
	for (const component of components) {
		const product = await api.get<{ sku: string; name: string; levels: KitRow[] }>(`/products/${component.productId}`);
		const available = product.levels.find((l) => l.locationId === locationId)?.available ?? 0;
		const line = table.locator(`tr[data-component-id="${component.productId}"]`);
		expect(await line.locator("th").textContent()).toBe(product.sku);
		expect(await line.locator("td").first().textContent()).toBe(product.name);
		expect(await line.locator('[data-field="perKit"]').textContent()).toBe(String(component.quantity));
		expect((await line.locator(`td[data-location-id="${locationId}"]`).textContent())?.trim()).toBe(
			new Intl.NumberFormat("en-US").format(available),
		);
	}
	const allowed = table.locator(`tr[data-row="kits-allowed"] td[data-location-id="${locationId}"]`);
	expect((await allowed.textContent())?.trim()).toBe(String(row?.available));
	expect(await table.locator('tr[data-row="kits-allowed"] th').textContent()).toBe("Kits they allow");
}

describe("products that hold no stock", () => {
	it("show no stock forms on their page, and the API refuses an adjustment", async () => {
		const scenario = await newScenario({ items: 2, bundles: 1 });
		const api = apiAs(scenario.token);
		const products = (await api.get<{ items: { id: string; type: string }[] }>("/products?limit=100")).items;
		const page = await chromium.newPage({ locale: "en-US" });
		for (const type of ["service", "kit"]) {
			const product = products.find((p) => p.type === type);
			if (!product) throw new Error(`the scenario has no ${type}`);
			await openApp(page, { companyId: scenario.companyId, next: `/#/products/${product.id}` });
			const why = page.locator(`[data-no-stock="${type}"]`);
			await why.waitFor();
			expect(await why.textContent()).toContain(type === "kit" ? "A kit holds no stock of its own" : "holds no stock");
			expect(await page.locator("stockroom-product-adjust-form").count()).toBe(0);
			if (type === "kit") await expectKitComponents(page, api, product.id, scenario.locationId);
			const refused = await api.call("POST", "/adjustments", {
				productId: product.id,
				locationId: scenario.locationId,
				quantity: 5,
				idempotencyKey: `svc-${crypto.randomUUID()}`,
			});
			expect(refused.status).toBe(422);
			expect(((await refused.json()) as { code: string }).code).toBe("not_stock_tracked");
		}
	});
});

/**
 * A vendor found by the header's search (issue 15, "a start page and one search") opens the
 * purchases list filtered to that vendor: only its purchases, a notice naming it, and "Show all"
 * brings the others back.
 */
import { describe, expect, it } from "vitest";
import { newScenario } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();

describe("the purchases of a vendor found by the header's search", () => {
	it("lists only that vendor's purchases, says so, and Show all lists every purchase", async () => {
		const scenario = await newScenario({ items: 1, bundles: 0 });
		const api = apiAs(scenario.token);
		const [vendor] = (await api.get<{ items: { id: string; name: string }[] }>("/vendors")).items;
		if (!vendor) throw new Error("the scenario has no vendor");
		const sku = scenario.opening.get("1")?.sku;
		if (!sku) throw new Error("the simulated item has no SKU");
		const { productId } = await api.level(sku, scenario.locationId);
		const draft = (vendorId?: string) =>
			api.post<{ id: string }>("/purchases", {
				locationId: scenario.locationId,
				...(vendorId ? { vendorId } : {}),
				lines: [{ productId, quantity: 2 }],
			});
		const fromVendor = await draft(vendor.id);
		const withoutVendor = await draft();

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: "/#/purchases" });
		const rows = page.locator("tr[data-purchase-id]");
		await rows.nth(1).waitFor();

		// Searched in the header while the list shows every purchase: the vendor's option opens its purchases.
		await page.locator("#header-search-input").fill(vendor.name);
		await page.locator('[role="listbox"] [data-kind="vendor"] [role="option"]', { hasText: vendor.name }).click();
		await page.locator('[data-filter="vendor"]').waitFor();
		expect(new URL(page.url()).hash).toBe(`#/purchases?vendorId=${vendor.id}`);
		expect(await page.locator('[data-filter="vendor"]').textContent()).toContain(`Purchases from ${vendor.name}.`);
		await page.locator(`tr[data-purchase-id="${withoutVendor.id}"]`).waitFor({ state: "detached" });
		await page.locator(`tr[data-purchase-id="${fromVendor.id}"]`).waitFor();
		expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-purchase-id")))).toEqual([
			fromVendor.id,
		]);

		await page.locator('[data-filter="vendor"] [data-action="show-all"]').click();
		await page.locator(`tr[data-purchase-id="${withoutVendor.id}"]`).waitFor();
		expect(await rows.count()).toBe(2);
		expect(new URL(page.url()).hash).toBe("#/purchases");
	});
});

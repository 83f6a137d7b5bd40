/**
 * A service and a kit hold no stock of their own (issue 15, guarded stock moves): their product
 * page offers no adjust, count or transfer form, and says why; the API refuses the command anyway.
 */
import { describe, expect, it } from "vitest";
import { newScenario } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();

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

/**
 * A transfer of more than a location holds, on the product's page (issue 15, guarded stock moves):
 * refused with a sentence naming the location and the shortfall, in the user's language, and a
 * "go below zero anyway?" checkbox; ticked and sent again, it is saved and the level goes below
 * zero. The form in its refused state passes axe.
 */
import { describe, expect, it } from "vitest";
import { newScenario, settle } from "../e2e/stack.ts";
import { apiAs, type Location } from "./api.ts";
import { expectNoAxeViolations } from "./axe.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();

type ProductLevels = { id: string; type: string; levels: { locationId: string; onHand: number; available: number }[] };

describe("a transfer below zero", () => {
	it("is refused with the location and the shortfall, then confirmed and saved", async () => {
		const scenario = await newScenario({ items: 1, bundles: 0 });
		const api = apiAs(scenario.token);
		const van = await api.post<Location>("/locations", { name: "Van" });
		const products = (await api.get<{ items: ProductLevels[] }>("/products?limit=100")).items;
		const product = products.find((p) => p.type === "inventory");
		if (!product) throw new Error("the scenario has no inventory product");
		const availableAt = async (locationId: string) =>
			(await api.get<ProductLevels>(`/products/${product.id}`)).levels.find((l) => l.locationId === locationId)
				?.available ?? 0;
		const held = await availableAt(scenario.locationId);
		const quantity = Math.max(0, held) + 5;

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: `/#/products/${product.id}` });
		const transfer = page.locator('[data-form="transfer"]');
		await transfer.waitFor();
		await transfer.locator("#transfer-fromLocationId").selectOption(scenario.locationId);
		await transfer.locator("#transfer-toLocationId").selectOption(van.id);
		await transfer.locator("#transfer-quantity").fill(String(quantity));
		await transfer.locator('button[type="submit"]').click();

		// Said in the user's words at the quantity, from the problem's location and shortfall.
		const error = page.locator("#transfer-quantity-error");
		await error.waitFor();
		expect(await error.textContent()).toBe("Refused: Warehouse would be 5 short. Nothing was changed.");
		const confirm = transfer.getByLabel("Go below zero anyway?");
		expect(await confirm.isChecked()).toBe(false);
		expect(await page.evaluate("document.activeElement?.name")).toBe("allowNegative");
		expect(await availableAt(scenario.locationId)).toBe(held);
		await expectNoAxeViolations(page);

		await confirm.check();
		await transfer.locator('button[type="submit"]').click();
		const saved = transfer.locator(".form-status.ok");
		await saved.waitFor();
		expect(await saved.textContent()).toBe(
			`Saved: ${new Intl.NumberFormat("en-US").format(quantity)} moved from Warehouse to Van.`,
		);
		expect(await transfer.getByLabel("Go below zero anyway?").count()).toBe(0);
		expect(
			await settle(
				() => availableAt(scenario.locationId),
				(available) => available === held - quantity,
			),
		).toBe(held - quantity);
		await page.close();
	});

	it("says so, with nothing to confirm, when the company does not allow stock below zero (in French)", async () => {
		const scenario = await newScenario({ items: 1, bundles: 0 });
		const api = apiAs(scenario.token);
		const van = await api.post<Location>("/locations", { name: "Camion" });
		await api.patch("/settings", { negativeStockAllowed: false });
		const products = (await api.get<{ items: ProductLevels[] }>("/products?limit=100")).items;
		const product = products.find((p) => p.type === "inventory");
		if (!product) throw new Error("the scenario has no inventory product");
		const held = product.levels.find((l) => l.locationId === scenario.locationId)?.available ?? 0;

		const page = await chromium.newPage({ locale: "fr-FR" });
		await openApp(page, { companyId: scenario.companyId, next: `/#/products/${product.id}` });
		const transfer = page.locator('[data-form="transfer"]');
		await transfer.waitFor();
		await transfer.locator("#transfer-fromLocationId").selectOption(scenario.locationId);
		await transfer.locator("#transfer-toLocationId").selectOption(van.id);
		await transfer.locator("#transfer-quantity").fill(String(Math.max(0, held) + 3));
		await transfer.locator('button[type="submit"]').click();
		const error = page.locator("#transfer-quantity-error");
		await error.waitFor();
		const said = (await error.textContent()) ?? "";
		expect(said).toContain("il manquerait 3 à Warehouse");
		expect(said).toContain("Votre entreprise n’autorise pas le stock sous zéro");
		expect(await transfer.locator("[name=allowNegative]").count()).toBe(0);
		await page.close();
	});
});

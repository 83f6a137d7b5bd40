/**
 * A product's adjustment and transfer forms (ui/src/app/pages/product-stock-forms.ts) on its page:
 * what they refuse before sending, at the field; what the server refuses, at the field too; what
 * they save, said in words, with the page's levels reloaded; and their words in French.
 */
import { describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { apiAs, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();
/** A product no other browser test moves. */
const SKU = "SKU-00026";

describe("a product's stock forms", () => {
	it("adjusts and transfers, saying what is wrong at the field and what was saved, in English and French", async () => {
		const api = apiAs(await demoToken());
		const warehouse = await api.location("Warehouse");
		const locations = await api.get<{ items: { id: string; name: string; archivedAt: string | null }[] }>("/locations");
		const other = locations.items.find((l) => l.id !== warehouse.id && !l.archivedAt);
		if (!other) throw new Error("the demo company has one active location only");
		const before = await api.level(SKU, warehouse.id);
		/** On hand at a location, as the product's page reads it (its level there may be new). */
		const onHandAt = async (locationId: string) =>
			(
				await api.get<{ levels: { locationId: string; onHand: number }[] }>(`/products/${before.productId}`)
			).levels.find((l) => l.locationId === locationId)?.onHand ?? 0;
		const elsewhere = await onHandAt(other.id);

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { next: `/#/products/${before.productId}` });
		const adjust = page.locator('[data-form="adjust"]');
		const quantity = adjust.locator("#adjust-quantity");
		const error = page.locator("#adjust-quantity-error");
		await adjust.locator("#adjust-locationId").selectOption(warehouse.id);

		// Refused before sending: the error under the field, which gets the focus.
		await quantity.fill("abc");
		await adjust.locator('button[type="submit"]').click();
		expect(await error.textContent()).toBe("Enter a number, e.g. 12.5 (at most 4 decimals).");
		expect(await quantity.getAttribute("aria-describedby")).toBe("adjust-quantity-error");
		expect(await page.evaluate("document.activeElement.id")).toBe("adjust-quantity");
		// Refused by the server: its words at the field, and not said twice beside the button.
		await quantity.fill("99999999999999");
		await adjust.locator('button[type="submit"]').click();
		expect(
			await settle(
				() => error.textContent(),
				(text) => text?.startsWith("must be") ?? false,
			),
		).toMatch(/^must be/);
		expect(await adjust.locator(".form-status").textContent()).toBe("");

		await quantity.fill("2");
		await adjust.locator("#adjust-reason").fill("found behind the shelf");
		await adjust.locator('button[type="submit"]').click();
		await adjust.locator(".form-status.ok").waitFor();
		expect(await adjust.locator(".form-status.ok").textContent()).toBe(
			`Saved: on hand at Warehouse is now ${before.onHand + 2}.`,
		);
		expect(await quantity.inputValue()).toBe("");
		const onHand = page.locator(`[data-table="levels"] tr[data-location-id="${warehouse.id}"] td`).first();
		expect(
			await settle(
				() => onHand.textContent(),
				(text) => text === String(before.onHand + 2),
			),
		).toBe(String(before.onHand + 2));

		const transfer = page.locator('[data-form="transfer"]');
		await transfer.locator("#transfer-fromLocationId").selectOption(warehouse.id);
		await transfer.locator("#transfer-toLocationId").selectOption(warehouse.id);
		await transfer.locator("#transfer-quantity").fill("-1");
		await transfer.locator('button[type="submit"]').click();
		expect(await page.locator("#transfer-quantity-error").textContent()).toBe("Enter a quantity above zero.");
		expect(await page.locator("#transfer-toLocationId-error").textContent()).toBe("Choose two different locations.");
		await transfer.locator("#transfer-toLocationId").selectOption(other.id);
		await transfer.locator("#transfer-quantity").fill("1");
		await transfer.locator('button[type="submit"]').click();
		await transfer.locator(".form-status.ok").waitFor();
		expect(await transfer.locator(".form-status.ok").textContent()).toBe(
			`Saved: 1 moved from Warehouse to ${other.name}.`,
		);
		const moved = await settle(
			() => onHandAt(other.id),
			(value) => value === elsewhere + 1,
		);
		expect(moved - elsewhere).toBe(1);

		// In French the forms speak French, and forget what they said in English.
		await page.locator('select[data-action="locale"]').selectOption("fr");
		await adjust.locator('button[type="submit"]', { hasText: "Ajuster" }).waitFor();
		expect(await page.locator('label[for="adjust-quantity"]').textContent()).toBe("Quantité");
		expect(await transfer.locator(".form-status").textContent()).toBe("");
		await quantity.fill("x");
		await adjust.locator('button[type="submit"]').click();
		expect(await error.textContent()).toBe("Saisissez un nombre, par ex. 12,5 (4 décimales au plus).");
	});
});

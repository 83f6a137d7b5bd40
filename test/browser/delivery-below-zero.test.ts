/**
 * A delivery note that would take available below zero at the location it leaves from, on the
 * order's page (issue 15, guarded stock moves): refused at its line with a sentence naming the
 * location and the shortfall, and a "go below zero anyway?" checkbox; ticked and sent again, the
 * note is saved and the level goes below zero. Once a manager switches the company's
 * "allow stock below zero" off on the Settings page, the same attempt is refused with a sentence
 * saying the company does not allow it and nothing to confirm. Each refused state passes axe, on a
 * desktop in English and on a 390×844 phone in French.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newScenario, settle } from "../e2e/stack.ts";
import { apiAs, type Location } from "./api.ts";
import { expectNoAxeViolations } from "./axe.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";
import { invoiceOrder } from "./invoice-order.ts";

const chromium = useChromium();

type OrderSummary = { id: string; number: string };
type OrderDetail = OrderSummary & {
	lines: { productId: string; sku: string; delivered: number; remaining: number }[];
	deliveries: { id: string; locationId: string; lines: { sku: string; quantity: number }[] }[];
};

/**
 * On the order's page: deliver `quantity` of the order's one line from `locationName`, and wait
 * for the line's refusal; answers the line's error as the user reads it.
 */
async function deliverRefused(page: Page, productId: string, quantity: number, locationName: string) {
	const form = page.locator('[data-form="delivery"]');
	await form.waitFor();
	await form.locator("#delivery-location").selectOption({ label: locationName });
	await form.locator(`input[data-quantity-of="${productId}"]`).fill(String(quantity));
	await form.locator('[data-action="create-delivery"]').click();
	const error = page.locator(`#deliver-${productId}-error`);
	await error.waitFor();
	return (await error.textContent())?.trim() ?? "";
}

describe("a delivery note below zero", () => {
	it("is refused with the location and the shortfall, confirmed and saved; once the company's setting is off, refused with nothing to confirm", async () => {
		// An order of 5 from a QuickBooks invoice, reserved at the Warehouse; the Van holds none.
		const scenario = await newScenario({ items: 1, bundles: 0, orderMode: "reserve_until_delivery" });
		const api = apiAs(scenario.token);
		const van = await api.post<Location>("/locations", { name: "Van" });
		const sku = scenario.opening.get("1")?.sku;
		if (!sku) throw new Error("the simulated item 1 has no SKU");
		const before = await scenario.level(sku);
		if (!before) throw new Error(`no level of ${sku}`);
		const { order: summary } = await invoiceOrder(scenario, [{ item: "1", qty: 5 }]);
		const orderPath = `/#/orders/${summary.id}`;
		const order = () => api.get<OrderDetail>(`/orders/${summary.id}`);
		const productId = (await order()).lines[0]?.productId;
		if (!productId) throw new Error("the order has no line");

		// 2 from the Van, which holds none: refused at the line, with the confirmation, nothing delivered.
		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: orderPath });
		expect(await deliverRefused(page, productId, 2, "Van")).toBe("Refused: Van would be 2 short. Nothing was changed.");
		const form = page.locator('[data-form="delivery"]');
		const confirm = form.getByLabel("Go below zero anyway?");
		expect(await confirm.isChecked()).toBe(false);
		expect((await order()).deliveries).toEqual([]);
		await expectNoAxeViolations(page);

		// The same refusal on a phone, in French.
		const phone = await chromium.newPage({ locale: "fr-FR" });
		await phone.setViewportSize({ width: 390, height: 844 });
		await openApp(phone, { companyId: scenario.companyId, next: orderPath });
		expect(await deliverRefused(phone, productId, 2, "Van")).toBe(
			"Refusé\u00a0: il manquerait 2 à Van. Rien n’a été modifié.",
		);
		const phoneConfirm = phone.locator('[data-form="delivery"]').getByLabel("Passer sous zéro quand même\u00a0?");
		expect(await phoneConfirm.isChecked()).toBe(false);
		expect(await phoneConfirm.isVisible()).toBe(true);
		await expectNoAxeViolations(phone);

		// Ticked and sent again: the note is saved, and the Van's level goes below zero.
		await confirm.check();
		await form.locator('[data-action="create-delivery"]').click();
		await page.locator('[data-page="delivery"][data-delivery-id]').waitFor();
		const delivered = await order();
		expect(delivered.deliveries).toEqual([
			expect.objectContaining({ locationId: van.id, lines: [expect.objectContaining({ sku, quantity: 2 })] }),
		]);
		expect(delivered.lines).toMatchObject([{ sku, delivered: 2, remaining: 3 }]);
		const atVan = await settle(
			() => api.level(sku, van.id),
			(level) => level.onHand === -2,
		);
		expect(atVan).toMatchObject({ onHand: -2, available: -2 });
		// The Warehouse still holds its stock, and reserves only what remains to deliver.
		const atWarehouse = await settle(
			() => scenario.level(sku),
			(level) => level?.reserved === before.reserved + 3,
		);
		expect(atWarehouse).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 3 });

		// A manager switches "allow stock below zero" off on the Settings page.
		await page.locator('a[data-nav="settings"]').click();
		const settings = page.locator('[data-form="settings"]');
		await settings.getByRole("switch", { name: "Allow stock below zero when confirmed" }).uncheck();
		await settings.locator('button[type="submit"]').click();
		expect(await settings.locator(".form-status.ok").textContent()).toBe("Settings saved.");
		expect(await api.get<{ negativeStockAllowed: boolean }>("/settings")).toMatchObject({
			negativeStockAllowed: false,
		});

		// The same attempt: refused, saying the company does not allow it, with nothing to confirm.
		await openApp(page, { companyId: scenario.companyId, next: orderPath });
		expect(await deliverRefused(page, productId, 2, "Van")).toBe(
			"Refused: Van would be 4 short. Nothing was changed. Your company does not allow stock below zero (Settings): change the quantity or the location.",
		);
		expect(await page.locator('[data-form="delivery"] [name=allowNegative]').count()).toBe(0);
		await expectNoAxeViolations(page);

		await openApp(phone, { companyId: scenario.companyId, next: orderPath });
		expect(await deliverRefused(phone, productId, 2, "Van")).toBe(
			"Refusé\u00a0: il manquerait 4 à Van. Rien n’a été modifié. Votre entreprise n’autorise pas le stock sous zéro (Paramètres)\u202f: changez la quantité ou l’emplacement.",
		);
		expect(await phone.locator('[data-form="delivery"] [name=allowNegative]').count()).toBe(0);
		await expectNoAxeViolations(phone);

		// Nothing more was delivered.
		expect((await order()).deliveries).toHaveLength(1);
		expect(await api.level(sku, van.id)).toMatchObject({ onHand: -2, available: -2 });
	});
});

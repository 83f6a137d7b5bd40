/**
 * Changing the lots of stock that left, and counting per lot, in the app: an invoice shipped on its
 * own took its lots first-expiry-first-out; on its order's page "Change lots" names the lots that
 * really went (a lot that holds nothing is refused at its row), the lots move and on hand does not.
 * A lot-tracked product is counted per lot on its page: the rows start from the location's lots, a
 * new lot is added with its expiry, what was found without a lot beside them; each lot then holds
 * its count. Both fit a phone's width.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newScenario, settle } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";
import { invoiceOrder } from "./invoice-order.ts";

const chromium = useChromium();

type ProductLots = {
	items: { locationId: string; onHand: number; unassigned: number; lots: { lot: string; onHand: number }[] }[];
};
type MovementLots = { taken: number; lots: { lot: string; quantity: number }[]; unassigned: number };
type OrderDetail = { id: string; movements: { id: string; productId: string; onHand: number; kind: string }[] };

/** True when nothing on the page is wider than its window (no sideways scrolling on a phone). */
async function fitsWidth(page: Page): Promise<boolean> {
	return page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");
}

/** A fresh company whose one item is tracked by lot and holds two lots at its location (besides its opening stock). */
async function trackedProduct(orderMode: "ship_on_invoice" | "reserve_until_delivery") {
	const scenario = await newScenario({ items: 1, bundles: 0, orderMode });
	const api = apiAs(scenario.token);
	const sku = scenario.opening.get("1")?.sku;
	if (!sku) throw new Error("the simulated item 1 has no SKU");
	const row = (await api.levels(sku)).find((r) => r.sku === sku);
	if (!row) throw new Error(`no level of ${sku}`);
	await api.patch(`/products/${row.productId}`, { tracking: "lot" });
	await api.post("/adjustments", {
		productId: row.productId,
		locationId: row.locationId,
		quantity: 10,
		lots: [
			{ lot: "SOON", expiry: "2098-01-31", quantity: 5 },
			{ lot: "LATER", expiry: "2099-01-31", quantity: 5 },
		],
		idempotencyKey: `received-${crypto.randomUUID()}`,
	});
	const lotsAt = async () => {
		const lots = await api.get<ProductLots>(`/products/${row.productId}/lots`);
		const here = lots.items.find((i) => i.locationId === row.locationId);
		return { onHand: here?.onHand, unassigned: here?.unassigned, lots: here?.lots.map((l) => [l.lot, l.onHand]) };
	};
	return { scenario, api, productId: row.productId, locationId: row.locationId, lotsAt };
}

describe("lots of stock that left, and counts per lot", () => {
	it("changes the lots an invoice shipped on its own took, from its order's page: lots move, on hand does not", async () => {
		const { scenario, api, productId, lotsAt } = await trackedProduct("ship_on_invoice");
		const { order: summary } = await invoiceOrder(scenario, [{ item: "1", qty: 3 }]);
		const order = await settle(
			() => api.get<OrderDetail>(`/orders/${summary.id}`),
			(o) => o.movements.some((m) => m.productId === productId && m.onHand === -3),
			{ timeoutMs: 15_000 },
		);
		const shipped = order.movements.find((m) => m.productId === productId && m.onHand === -3);
		if (!shipped) throw new Error("the invoice moved no stock");
		// First expiry first out: the 3 came out of SOON.
		const before = await lotsAt();
		expect(before.lots).toEqual([
			["SOON", 2],
			["LATER", 5],
		]);

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: `/#/orders/${order.id}` });
		const movement = page.locator(`[data-table="movements"] tr[data-movement-id="${shipped.id}"]`);
		await movement.locator('[data-action="change-lots"]').click();
		const form = page.locator(`form[data-form="repick"][data-movement-id="${shipped.id}"]`);
		const rows = form.locator("[data-lot-row]");
		await rows.first().waitFor();
		// Pre-filled with what it took.
		expect(await rows.count()).toBe(1);
		expect(await rows.first().locator('[data-field="lot"]').inputValue()).toBe("SOON");
		expect(await rows.first().locator('[data-field="quantity"]').inputValue()).toBe("3");
		expect(await form.locator("[data-taken]").textContent()).toContain("Taken from: SOON (3).");

		// A lot that holds nothing here: refused by the server at its row, nothing changed.
		await rows.first().locator('[data-field="lot"]').fill("NOWHERE");
		await rows.first().locator('[data-field="quantity"]').fill("1");
		await form.locator('button[type="submit"]').click();
		await rows.first().locator('[aria-invalid="true"]').first().waitFor();
		expect(await lotsAt()).toEqual(before);

		// The goods that left were 2 of LATER and 1 of SOON.
		await rows.first().locator('[data-field="lot"]').fill("LATER");
		await rows.first().locator('[data-field="quantity"]').fill("2");
		await form.locator('[data-action="add-lot"]').click();
		await rows.nth(1).locator('[data-field="lot"]').fill("SOON");
		await rows.nth(1).locator('[data-field="quantity"]').fill("1");
		expect(await form.locator("[data-lots-summary]").textContent()).toBe("All 3 from lots.");
		await form.locator("input[name=reason]").fill("picked from the front shelf");
		await form.locator('button[type="submit"]').click();
		await form.locator(".form-status.ok").waitFor();
		expect(await form.locator(".form-status.ok").textContent()).toBe(
			"Saved: the lots it took are changed; on hand is the same.",
		);

		// The lots moved, on hand did not; the movement's source now holds the new lots.
		expect(await lotsAt()).toEqual({
			onHand: before.onHand,
			unassigned: before.unassigned,
			lots: [
				["SOON", 4],
				["LATER", 3],
			],
		});
		const taken = await api.get<MovementLots>(`/movements/${shipped.id}/lots`);
		expect(taken.lots.map((l) => [l.lot, l.quantity])).toEqual([
			["SOON", 1],
			["LATER", 2],
		]);
		// The form shows them, as the server has them.
		await form.locator("[data-taken]", { hasText: "SOON (1), LATER (2)" }).waitFor();

		// On a phone the form stays within the screen.
		await page.setViewportSize({ width: 390, height: 800 });
		expect(await fitsWidth(page)).toBe(true);
		await page.close();
	});

	it("counts a lot-tracked product per lot on its page: each lot holds its count, a new lot is created", async () => {
		const { scenario, productId, locationId, lotsAt } = await trackedProduct("reserve_until_delivery");
		const before = await lotsAt();
		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: `/#/products/${productId}` });
		const form = page.locator('[data-form="count"]');
		await form.locator("#count-locationId").selectOption(locationId);
		const rows = form.locator("[data-lot-row]");
		// The rows start from the location's lots, first expiry first; the count is left to type.
		await form.locator('[data-lot-row] [data-field="lot"]').first().waitFor();
		await settle(
			async () => rows.count(),
			(n) => n === 2,
			{ timeoutMs: 5_000 },
		);
		expect(await rows.nth(0).locator('[data-field="lot"]').inputValue()).toBe("SOON");
		expect(await rows.nth(0).locator('[data-field="expiry"]').inputValue()).toBe("2098-01-31");
		expect(await rows.nth(1).locator('[data-field="lot"]').inputValue()).toBe("LATER");
		expect(await rows.nth(0).locator("[data-lot-note]").textContent()).toContain("holds 5 now");

		// A count left empty is asked for at its row.
		await rows.nth(0).locator('[data-field="quantity"]').fill("4");
		await form.locator('button[type="submit"]').click();
		await rows.nth(1).locator('[data-cell="quantity"] .field-error').waitFor();
		expect(await rows.nth(1).locator('[data-cell="quantity"] .field-error').textContent()).toBe(
			"Enter the count (0 if none is left).",
		);

		// SOON 4, LATER empty, a new lot of 3 found with its expiry, 1 without a lot.
		await rows.nth(1).locator('[data-field="quantity"]').fill("0");
		await form.locator('[data-action="add-lot"]').click();
		await rows.nth(2).locator('[data-field="lot"]').fill("FOUND");
		await rows.nth(2).locator('[data-field="expiry"]').fill("2099-06-30");
		await rows.nth(2).locator('[data-field="quantity"]').fill("3");
		expect(await rows.nth(2).locator("[data-lot-note]").textContent()).toContain("new lot");
		await form.locator("#count-unassigned").fill("1");
		expect(await form.locator("[data-count-total]").textContent()).toContain(
			`Counted in all: 8 (on hand now ${before.onHand})`,
		);
		await form.locator('button[type="submit"]').click();
		await form.locator(".form-status.ok").waitFor();
		expect(await form.locator(".form-status.ok").textContent()).toBe("Saved: on hand at Warehouse is now 8.");

		expect(await lotsAt()).toEqual({
			onHand: 8,
			unassigned: 1,
			lots: [
				["SOON", 4],
				["FOUND", 3],
			],
		});
		// The form starts again from the lots as they are now.
		await settle(
			async () => rows.count(),
			(n) => n === 2,
			{ timeoutMs: 5_000 },
		);
		expect(await rows.nth(1).locator('[data-field="lot"]').inputValue()).toBe("FOUND");

		await page.setViewportSize({ width: 390, height: 800 });
		expect(await fitsWidth(page)).toBe(true);
		await page.close();
	});
});

/**
 * Lots in the app's document forms (ui/src/app/pages/purchase-receive-form.ts,
 * order-delivery-form.ts, lots-to-assign.ts, lot-rows-field.ts), each in a company of its own:
 * a purchase received into two lots — one typed (its expiry required, then refused by the server
 * at its row for contradicting the known lot's), one pasted from a sheet; an order delivered with
 * the first-expiry-first-out proposal, the expired lot not proposed but picked by hand instead of
 * the proposed one; the stock per lot afterwards exactly that. And stock in no lot assigned from the
 * Lots page's "To assign" list. The forms fit a phone's width.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCATION, newScenario, settle } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";
import { invoiceOrder } from "./invoice-order.ts";

const chromium = useChromium();

type LotsAnswer = {
	items: { locationId: string; onHand: number; unassigned: number; lots: { lot: string; onHand: number }[] }[];
};
type Purchase = { id: string; version: number; receipts: { id: string }[] };
type DeliveryNote = {
	id: string;
	number: string;
	lines: { productId: string; quantity: number; lots: { lot: string; quantity: number }[] }[];
};

/** The UTC day `days` from today, as the API dates lots. */
function dayFromToday(days: number): string {
	return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** True when nothing on the page is wider than its window (no sideways scrolling on a phone). */
async function fitsWidth(page: Page): Promise<boolean> {
	return page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");
}

/** A scenario company whose item 1 is tracked by lot: its API, SKU, product id and default location. */
async function trackedProduct(options: { orderMode?: "reserve_until_delivery"; expiryRequired?: boolean }) {
	const scenario = await newScenario({ items: 1, bundles: 0, ...options });
	const api = apiAs(scenario.token);
	const sku = scenario.opening.get("1")?.sku;
	if (!sku) throw new Error("the simulated item 1 has no SKU");
	const warehouse = await api.location(DEFAULT_LOCATION);
	const { productId } = await api.level(sku, warehouse.id);
	await api.patch(`/products/${productId}`, { tracking: "lot", expiryRequired: options.expiryRequired ?? false });
	const lotsAt = async () =>
		(await api.get<LotsAnswer>(`/products/${productId}/lots`)).items.find((i) => i.locationId === warehouse.id);
	return { scenario, api, sku, productId, warehouse: warehouse.id, lotsAt };
}

describe("lots in the receive and delivery forms", () => {
	it("receives a purchase into two lots, then delivers first-expiry-first-out with one lot changed by hand", async () => {
		const { scenario, api, productId, warehouse, lotsAt } = await trackedProduct({
			orderMode: "reserve_until_delivery",
			expiryRequired: true,
		});
		const soon = dayFromToday(20);
		const later = dayFromToday(400);
		// Known before: LOT-A (1, expiring soon) and OLD (2, expired in 2020).
		await api.post("/adjustments", {
			productId,
			locationId: warehouse,
			quantity: 3,
			lots: [
				{ lot: "LOT-A", expiry: soon, quantity: 1 },
				{ lot: "OLD", expiry: "2020-01-31", quantity: 2 },
			],
			idempotencyKey: crypto.randomUUID(),
		});
		const unassigned = (await lotsAt())?.unassigned ?? 0;
		const draft = await api.post<Purchase>("/purchases", {
			locationId: warehouse,
			lines: [{ productId, quantity: 10, unitCost: 2 }],
		});
		await api.patch(`/purchases/${draft.id}`, { version: draft.version, status: "ordered" });

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: `/#/purchases/${draft.id}` });
		const form = page.locator('[data-form="receive"]');
		const lotRows = form.locator(`tr[data-lots-of="${productId}"] [data-lot-row]`);
		await lotRows.first().waitFor();
		expect(await form.locator(`input[data-product-id="${productId}"]`).inputValue()).toBe("10");

		// LOT-B typed without its expiry: this product needs one on a new lot, said at the row.
		await lotRows.first().locator('[data-field="lot"]').fill("LOT-B");
		await lotRows.first().locator('[data-field="quantity"]').fill("6");
		await lotRows.first().locator('[data-field="quantity"]').press("Enter");
		await lotRows.nth(1).waitFor();
		expect(await page.evaluate('document.activeElement?.getAttribute("data-field")')).toBe("lot");
		// LOT-A pasted as a sheet copies it, with an expiry other than the known lot's.
		await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(`LOT-A\t4\t${later}\n`)})`);
		await page.keyboard.press("ControlOrMeta+V");
		expect(await lotRows.nth(1).locator('[data-field="expiry"]').inputValue()).toBe(later);
		const summary = form.locator(`tr[data-lots-of="${productId}"] [data-lots-summary]`);
		expect(await summary.textContent()).toBe("Pasted 1 lot.");
		await form.locator('[data-action="receive"]').click();
		const missing = lotRows.first().locator('[data-cell="expiry"] .field-error');
		await missing.waitFor();
		expect(await missing.textContent()).toBe("This product needs an expiry on a new lot.");
		expect(await page.evaluate('document.activeElement?.getAttribute("data-field")')).toBe("expiry");
		await lotRows.first().locator('[data-field="expiry"]').fill(later);
		expect(await summary.textContent()).toBe("All 10 go into these lots.");

		// The server refuses LOT-A's other expiry, at its row; the known lot keeps its own once cleared.
		await form.locator('[data-action="receive"]').click();
		const refused = lotRows.nth(1).locator('[data-cell="expiry"] .field-error');
		await refused.waitFor();
		expect(await refused.textContent()).toBe(`lot LOT-A expires on ${soon}`);
		expect((await api.get<Purchase>(`/purchases/${draft.id}`)).receipts).toHaveLength(0);
		await lotRows.nth(1).locator('[data-field="expiry"]').fill("");
		await form.locator('[data-action="receive"]').click();
		await page.locator('[data-table="receipts"] [data-receipt-number]').first().waitFor();
		expect(await lotsAt()).toMatchObject({
			unassigned,
			lots: [
				{ lot: "OLD", onHand: 2 },
				{ lot: "LOT-A", onHand: 5 },
				{ lot: "LOT-B", onHand: 6 },
			],
		});

		// A QuickBooks invoice of 7 makes an order that reserves them.
		const orderId = (await invoiceOrder(scenario, [{ item: "1", qty: 7 }])).order.id;
		await page.goto(`${page.url().split("#")[0]}#/orders/${orderId}`);

		// Proposed first expiry first out: all of LOT-A, then 2 of LOT-B; the expired OLD is not, but said.
		const delivery = page.locator('[data-form="delivery"]');
		const picks = delivery.locator(`tr[data-lots-of="${productId}"] [data-lot-row]`);
		await picks.nth(1).waitFor();
		const rowsOf = () =>
			picks.evaluateAll((rows: { querySelector(s: string): { value: string } | null }[]) =>
				rows.map((r) => [
					r.querySelector('[data-field="lot"]')?.value,
					r.querySelector('[data-field="quantity"]')?.value,
				]),
			);
		expect(await rowsOf()).toEqual([
			["LOT-A", "5"],
			["LOT-B", "2"],
		]);
		const lotsHelp = delivery.locator(`tr[data-lots-of="${productId}"] .help`);
		expect(await lotsHelp.textContent()).toContain(
			"Expired lots here, not proposed (type one to pick it anyway): OLD (2).",
		);
		// Rows left as proposed follow the quantity.
		const quantity = delivery.locator(`input[data-quantity-of="${productId}"]`);
		await quantity.fill("6");
		expect(await rowsOf()).toEqual([
			["LOT-A", "5"],
			["LOT-B", "1"],
		]);
		await quantity.fill("7");
		// By hand: the expired OLD instead of LOT-B, marked expired.
		await picks.nth(1).locator('[data-field="lot"]').fill("OLD");
		await picks.nth(1).locator('[data-field="quantity"]').fill("2");
		expect(await picks.nth(1).locator('[data-marker="expired"]').textContent()).toBe("Expired");
		expect(await delivery.locator(`tr[data-lots-of="${productId}"] [data-lots-summary]`).textContent()).toBe(
			"All 7 from these lots.",
		);
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await settle(() => fitsWidth(page), Boolean)).toBe(true);
		await page.setViewportSize({ width: 1280, height: 900 });
		await delivery.locator('[data-action="create-delivery"]').click();
		await page.locator('[data-page="delivery"][data-delivery-id]').waitFor();
		const noteId = (await page.locator('[data-page="delivery"]').getAttribute("data-delivery-id")) ?? "";

		// The note took 5 of LOT-A and 2 of OLD; LOT-B keeps its 6, the unassigned rest is untouched.
		const note = await api.get<DeliveryNote>(`/deliveries/${noteId}`);
		expect(note.lines).toEqual([
			expect.objectContaining({
				productId,
				quantity: 7,
				lots: [
					{ lot: "OLD", expiry: "2020-01-31", quantity: 2 },
					{ lot: "LOT-A", expiry: soon, quantity: 5 },
				],
			}),
		]);
		const after = await settle(lotsAt, (l) => l?.lots.length === 1);
		expect(after).toMatchObject({ unassigned, lots: [{ lot: "LOT-B", onHand: 6 }] });

		// The lot's trace: it went out on this note, to the order's customer.
		const order = await api.get<{ number: string; customerName: string | null }>(`/orders/${orderId}`);
		await page.goto(`${page.url().split("#")[0]}#/lots/${productId}/LOT-A`);
		await page.locator('[data-page="lot"] h1', { hasText: "Lot LOT-A" }).waitFor();
		const went = page.locator('[data-section="went"] tr[data-source-type="delivery"]');
		await went.first().waitFor();
		expect(await went.locator("a[data-delivery-link]").textContent()).toBe(`Delivery note ${note.number}`);
		expect(await went.locator("[data-customer]").textContent()).toBe(order.customerName ?? "—");
		expect(await went.textContent()).toContain(`Order ${order.number}`);
	});

	it("assigns stock in no lot from the Lots page's To assign list", async () => {
		const { scenario, api, sku, productId, warehouse, lotsAt } = await trackedProduct({});
		// What arrives without lots is unassigned.
		await api.post("/adjustments", {
			productId,
			locationId: warehouse,
			quantity: 5,
			idempotencyKey: crypto.randomUUID(),
		});
		const before = (await lotsAt())?.unassigned ?? 0;
		expect(before).toBeGreaterThanOrEqual(5);

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: "/#/lots" });
		const section = page.locator('[data-section="to-assign"]');
		const row = section.locator(`tr[data-product-id="${productId}"][data-location-id="${warehouse}"]`);
		await row.waitFor();
		expect(await row.locator("th a").textContent()).toBe(sku);
		expect(await row.locator('[data-field="unassigned"]').textContent()).toBe(String(before));
		await row.locator('[data-action="assign"]').click();
		const form = section.locator('[data-form="assign"]');
		const rows = form.locator("[data-lot-row]");
		expect(await page.evaluate('document.activeElement?.getAttribute("data-field")')).toBe("lot");
		// Two lots pasted as a list: one a line, lot;quantity;expiry.
		const expiry = dayFromToday(90);
		await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(`OPEN-1;3;${expiry}\nOPEN-2;1\n`)})`);
		await page.keyboard.press("ControlOrMeta+V");
		expect(await rows.count()).toBe(3);
		expect(await form.locator("[data-lots-summary]").textContent()).toBe("Pasted 2 lots.");
		await rows
			.nth(1)
			.locator('[data-field="quantity"]')
			.fill(String(before + 1));
		await form.locator('[data-action="save-assignment"]').click();
		const over = form.locator(".field-error[role=alert]");
		await over.waitFor();
		expect(await over.textContent()).toBe(`The lots add up to more than the ${before} unassigned.`);
		await rows.nth(1).locator('[data-field="quantity"]').fill("1");
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await settle(() => fitsWidth(page), Boolean)).toBe(true);
		await page.setViewportSize({ width: 1280, height: 900 });
		await form.locator('[data-action="save-assignment"]').click();
		const notice = section.locator("[data-assign-notice]");
		await notice.waitFor();
		expect(await notice.textContent()).toBe(`Saved: 4 of ${sku} at ${DEFAULT_LOCATION} assigned to 2 lots.`);

		// The list shows what is left, the Lots list the new lots; on hand did not move.
		await settle(
			() => row.locator('[data-field="unassigned"]').textContent(),
			(text) => text === String(before - 4),
		);
		expect(await row.locator('[data-field="unassigned"]').textContent()).toBe(String(before - 4));
		await page.locator(`[data-table="lots"] tr[data-product-id="${productId}"][data-lot="OPEN-1"]`).waitFor();
		expect(await lotsAt()).toMatchObject({
			unassigned: before - 4,
			lots: [
				{ lot: "OPEN-1", onHand: 3 },
				{ lot: "OPEN-2", onHand: 1 },
			],
		});
	});
});

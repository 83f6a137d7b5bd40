import { describe, expect, it } from "vitest";
import { newScenario, settle } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";
import { invoiceOrder } from "./invoice-order.ts";

const chromium = useChromium();

type OrderSummary = { id: string; number: string; status: string };
type OrderDetail = OrderSummary & {
	lines: { productId: string; sku: string; ordered: number; delivered: number; reserved: number; remaining: number }[];
	deliveries: { id: string; number: string; lines: { productId: string; sku: string; quantity: number }[] }[];
};

describe("delivering an order from the app", () => {
	it("creates a partial delivery note on the order's page: the note lists it, stock moves exactly, it prints alone, and cancelling it puts the stock back", async () => {
		// A company of its own in reserve-until-delivery mode, connected to a simulated QBO company.
		const scenario = await newScenario({ items: 2, bundles: 0, orderMode: "reserve_until_delivery" });
		const api = apiAs(scenario.token);
		const sku = scenario.opening.get("1")?.sku;
		if (!sku) throw new Error("the simulated item 1 has no SKU");
		const before = await scenario.level(sku);
		if (!before) throw new Error(`no level of ${sku}`);

		// A QuickBooks user saves an invoice of 5; its webhook makes the order, which reserves 5.
		const { order: summary } = await invoiceOrder(scenario, [{ item: "1", qty: 5 }]);
		const reserved = await settle(
			() => scenario.level(sku),
			(level) => level?.reserved === before.reserved + 5,
		);
		expect(reserved).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 5 });

		// The user opens Orders, then the order, and delivers 2 of the 5 (the field starts at 5).
		const page = await chromium.newPage();
		await openApp(page, { companyId: scenario.companyId });
		await page.locator('a[data-nav="orders"]').click();
		await page.locator(`tr[data-order-id="${summary.id}"] a[data-order-link]`).click();
		const quantity = page.locator('[data-form="delivery"] tr', { hasText: sku }).locator("input");
		expect(await quantity.inputValue()).toBe("5");
		await quantity.fill("2");
		// A double click delivers once.
		await page.locator('[data-action="create-delivery"]').dblclick();

		// The app lands on the printable note, which lists the line.
		const note = page.locator('[data-page="delivery"][data-delivery-id]');
		await note.waitFor();
		expect(await page.locator("#delivery-note-title").textContent()).toMatch(/^Delivery note DN-\d{4}$/);
		const row = page.locator('[data-table="delivery-note-lines"] tbody tr');
		expect(await row.count()).toBe(1);
		expect(await row.locator("td").nth(1).textContent()).toBe(sku);
		expect(await row.locator('[data-field="quantity"]').textContent()).toBe("2");

		// The server has one note of 2: on hand −2, reserved 5 → 3 (remaining), nothing else.
		const order = await api.get<OrderDetail>(`/orders/${summary.id}`);
		expect(order.status).toBe("partially_delivered");
		expect(order.deliveries).toHaveLength(1);
		expect(order.deliveries[0]?.lines).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
		expect(order.lines).toMatchObject([{ sku, ordered: 5, delivered: 2, reserved: 3, remaining: 3 }]);
		const after = await settle(
			() => scenario.level(sku),
			(level) => level?.onHand === before.onHand - 2,
		);
		expect(after).toMatchObject({ onHand: before.onHand - 2, reserved: before.reserved + 3 });

		// Printed, the note stands alone: no nav, no buttons; the note and its lines stay.
		await page.emulateMedia({ media: "print" });
		expect(await page.locator(".app-nav").isVisible()).toBe(false);
		expect(await page.locator('[data-action="print"]').isVisible()).toBe(false);
		expect(await page.locator("#delivery-note-title").isVisible()).toBe(true);
		expect(await row.isVisible()).toBe(true);
		await page.emulateMedia({ media: "screen" });
		expect(await page.locator(".app-nav").isVisible()).toBe(true);

		// Back on the order, the note is cancelled (after the confirmation): its goods are back, reserved again.
		page.once("dialog", (dialog) => void dialog.accept());
		await page.locator(".breadcrumb a").click();
		await page.locator(`tr[data-delivery-id] [data-action="cancel-delivery"]`).click();
		await page.locator('tr[data-delivery-id][data-status="cancelled"]').waitFor();
		const back = await settle(
			() => scenario.level(sku),
			(level) => level?.onHand === before.onHand,
		);
		expect(back).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 5 });
	});
});

/**
 * Receiving a purchase from the app: part of an ordered purchase is received through the purchase
 * page's Receive form; the receipt is listed, and the server's on hand rises and incoming falls by
 * exactly what was received. Sending the same form again after its answer was lost on the way back
 * receives nothing more (the form keeps one idempotency key); its "Create the bill in QuickBooks" box
 * starts as the company setting (off) and, unticked, asks for no bill. Also: a draft written and ordered in
 * the app, and draft purchases created from the suggestions grid.
 */
import { describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { apiAs, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

type Purchase = {
	id: string;
	number: string;
	status: string;
	version: number;
	lines: { productId: string; ordered: number; received: number; open: number }[];
	receipts: { id: string; number: string; qboStatus: string | null }[];
};

const chromium = useChromium();
/** Products no other browser test moves. */
const SKU = "SKU-00028";
const SUGGESTED_SKU = "SKU-00029";

describe("purchasing in the app", () => {
	it("receives part of an ordered purchase once, even when the form is sent again after a lost answer", async () => {
		const api = apiAs(await demoToken());
		const warehouse = (await api.location("Warehouse")).id;
		const before = await api.level(SKU, warehouse);
		const { productId } = before;
		const draft = await api.post<Purchase>("/purchases", {
			locationId: warehouse,
			lines: [{ productId, quantity: 10, unitCost: 4.5 }],
		});
		await api.patch<Purchase>(`/purchases/${draft.id}`, { version: draft.version, status: "ordered" });
		const ordered = await settle(
			() => api.level(SKU, warehouse),
			(r) => r.incoming === before.incoming + 10,
		);
		expect(ordered.incoming - before.incoming).toBe(10);

		const page = await chromium.newPage();
		await openApp(page, { next: `/#/purchases/${draft.id}` });
		const form = page.locator('[data-form="receive"]');
		const quantity = form.locator(`input[data-product-id="${productId}"]`);
		await quantity.waitFor();
		expect(await quantity.inputValue()).toBe("10"); // prefilled with what is open
		await quantity.fill("4");
		expect(await form.locator('input[name="createBill"]').isChecked()).toBe(false);

		// The server records the first submission, but its answer never reaches the page.
		// (A page function as a string: this test project is typed without the DOM.)
		await page.evaluate(`(() => {
			const send = window.fetch;
			let dropped = false;
			window.receiptBodies = [];
			window.fetch = async (input, init) => {
				if (String(input).includes("/receipts")) window.receiptBodies.push(JSON.parse(init.body));
				const response = await send(input, init);
				if (!dropped && String(input).includes("/receipts")) {
					dropped = true;
					throw new TypeError("Failed to fetch");
				}
				return response;
			};
		})()`);
		const receive = form.locator('[data-action="receive"]');
		await receive.click();
		await form.locator("[data-receive-error]").waitFor();
		// The user tries again with the same form: the server answers the receipt it already has.
		await receive.click();

		const receipts = page.locator('[data-table="receipts"] [data-receipt-number]');
		await receipts.first().waitFor();
		expect(await receipts.count()).toBe(1);
		expect(await receipts.first().textContent()).toMatch(/^RC-\d{4}$/);
		const line = page.locator(`[data-table="purchase-lines"] tr[data-product-id="${productId}"]`);
		expect(await line.locator('[data-field="received"]').textContent()).toBe("4");
		expect(await line.locator('[data-field="open"]').textContent()).toBe("6");
		expect(await page.locator("[data-notice]").textContent()).toMatch(/RC-\d{4} recorded/);

		const after = await settle(
			() => api.level(SKU, warehouse),
			(r) => r.onHand === before.onHand + 4,
		);
		expect(after.onHand - before.onHand).toBe(4);
		expect(after.incoming - before.incoming).toBe(6);
		const detail = await api.get<Purchase>(`/purchases/${draft.id}`);
		expect(detail.status).toBe("partially_received");
		expect(detail.receipts).toHaveLength(1);
		// Both sends asked for no bill, and none is made.
		const sent = (await page.evaluate("window.receiptBodies")) as { createBill?: boolean }[];
		expect(sent.map((b) => b.createBill)).toEqual([false, false]);
		expect(detail.receipts[0]?.qboStatus).toBeNull();
		expect(detail.lines).toMatchObject([{ productId, ordered: 10, received: 4, open: 6 }]);
	});

	it("creates a draft in the app, picking the product by SKU, edits and orders it: incoming rises by its quantity", async () => {
		const api = apiAs(await demoToken());
		const warehouse = await api.location("Warehouse");
		const before = await api.level(SKU, warehouse.id);
		const page = await chromium.newPage();
		await openApp(page, { next: "/#/purchases/new" });
		const form = page.locator('[data-form="purchase-draft"]');
		await form.locator("#draft-location").selectOption({ label: warehouse.name });
		await form.locator('input[name="product"]').first().fill(SKU);
		// The picker finds the product by its SKU.
		await form.locator(`tr[data-product-id="${before.productId}"]`).waitFor();
		await form.locator('input[name="quantity"]').first().fill("3");
		await form.locator('[data-action="save-draft"]').click();
		const purchasePage = page.locator('[data-page="purchase"][data-status="draft"]');
		await purchasePage.waitFor();
		const id = await purchasePage.getAttribute("data-purchase-id");
		// Still a draft: its quantity can change on its page, its product shown by SKU.
		const draft = page.locator('[data-form="purchase-draft"]');
		expect(await draft.locator('input[name="product"]').first().inputValue()).toMatch(new RegExp(`^${SKU} — `));
		await draft.locator('input[name="quantity"]').first().fill("4");
		await draft.locator('[data-action="save-draft"]').click();
		await page.locator("[data-notice]", { hasText: "Draft saved." }).waitFor();
		await page.locator('[data-action="order"]').click();
		await page.locator('[data-page="purchase"][data-status="ordered"] [data-form="receive"]').waitFor();

		const purchase = await api.get<Purchase>(`/purchases/${id}`);
		expect(purchase).toMatchObject({
			status: "ordered",
			lines: [{ productId: before.productId, ordered: 4, open: 4 }],
		});
		const after = await settle(
			() => api.level(SKU, warehouse.id),
			(r) => r.incoming === before.incoming + 4,
		);
		expect(after.incoming - before.incoming).toBe(4);
		expect(after.onHand).toBe(before.onHand);
	});

	it("turns an edited suggestion into a draft purchase, leaving out the rows unticked", async () => {
		const api = apiAs(await demoToken());
		const warehouse = await api.location("Warehouse");
		const level = await api.level(SUGGESTED_SKU, warehouse.id);
		// Under its reorder point at the warehouse, so that it is suggested there.
		await api.setLevel(SUGGESTED_SKU, warehouse.id, {
			reorderPoint: level.onHand - level.reserved + level.incoming + 5,
			reorderQty: null,
		});
		const page = await chromium.newPage();
		await openApp(page, { next: "/#/purchases/suggestions" });
		const grid = page.locator('[data-table="suggestions"]');
		const mine = grid.locator(`tr[data-product-id="${level.productId}"][data-location-id="${warehouse.id}"]`);
		await mine.waitFor();
		expect(await mine.locator('input[name="suggested-quantity"]').inputValue()).toBe("6");
		// Only this row is kept; its quantity typed over, as in a sheet.
		for (const box of await grid.locator('input[name="include"]').all()) await box.uncheck();
		await mine.locator('input[name="include"]').check();
		await mine.locator('input[name="suggested-quantity"]').fill("7.5");
		await page.locator('[data-action="create-drafts"]').click();
		const link = page.locator("[data-applied] a[data-purchase-id]");
		await link.first().waitFor();
		expect(await link.count()).toBe(1);

		const draft = await api.get<Purchase>(`/purchases/${await link.first().getAttribute("data-purchase-id")}`);
		expect(draft).toMatchObject({ status: "draft", lines: [{ productId: level.productId, ordered: 7.5 }] });
		await link.first().click();
		await page.locator(`[data-page="purchase"][data-purchase-id="${draft.id}"]`).waitFor();
	});
});

/**
 * Lots in the app (ui/src/app/pages/product-lots-panel.ts, product-stock-forms.ts, lots-page.ts):
 * an owner switches a product to lot tracking, receives 10 into two lots with the adjust form — one
 * row typed (Enter adds the next), one pasted from a sheet — and sees them in the product's Lots
 * section and on the Lots page, the lot expiring soon marked. A lot asked for more than it holds
 * is refused at its row; tracking cannot be turned off while lots hold stock, and the page says
 * why. Both pages fit a phone's width.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { apiAs, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();
/** A product no other browser test moves. */
const SKU = "SKU-00030";

/** The UTC day `days` from today, as the API dates lots. */
function dayFromToday(days: number): string {
	return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** True when nothing on the page is wider than its window (no sideways scrolling on a phone). */
async function fitsWidth(page: Page): Promise<boolean> {
	return page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");
}

describe("lots", () => {
	it("tracks a product by lot, receives into two lots from the adjust form, and lists them", async () => {
		const api = apiAs(await demoToken());
		const warehouse = await api.location("Warehouse");
		const locations = await api.locations();
		const other = locations.find((l) => l.id !== warehouse.id && !l.archivedAt);
		if (!other) throw new Error("the demo company has one active location only");
		const before = await api.level(SKU, warehouse.id);
		const soon = dayFromToday(10);
		const later = dayFromToday(400);

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { next: `/#/products/${before.productId}` });

		// Not tracked: the owner's setting alone, and no lot rows in the forms.
		const tracking = page.locator('[data-form="tracking"]');
		await tracking.waitFor();
		expect(await page.locator('[data-section="lots"] p.muted').first().textContent()).toBe(
			"This product's stock is not tracked by lot or serial number.",
		);
		expect(await page.locator("[data-lots]").count()).toBe(0);
		await tracking.locator('input[name="tracking"][value="lot"]').check();
		await tracking.locator('[data-action="save-tracking"]').click();
		await tracking.locator(".form-status.ok").waitFor();
		expect(await tracking.locator(".form-status.ok").textContent()).toBe("Saved: tracked by lot.");
		expect((await api.get<{ tracking: string }>(`/products/${before.productId}`)).tracking).toBe("lot");
		// What the product had is unassigned, in the Lots section.
		const lotsTable = page.locator('[data-table="lots"]');
		const atWarehouse = lotsTable.locator(`tbody[data-location-id="${warehouse.id}"]`);
		if (before.onHand !== 0) {
			await atWarehouse.locator("tr[data-unassigned]").waitFor();
			expect(await atWarehouse.locator("tr[data-unassigned] td.num").textContent()).toBe(String(before.onHand));
			expect(await atWarehouse.locator("tr[data-unassigned] th").textContent()).toContain("Not yet assigned to a lot");
		}

		// Receive 10: the first lot typed (Enter goes on to a new row), the second pasted as a sheet copies it.
		const adjust = page.locator('[data-form="adjust"]');
		await adjust.locator("#adjust-locationId").selectOption(warehouse.id);
		await adjust.locator("#adjust-quantity").fill("10");
		const rows = adjust.locator("[data-lot-row]");
		await rows.first().locator('[data-field="lot"]').fill("LOT-A");
		await rows.first().locator('[data-field="expiry"]').fill(soon);
		await rows.first().locator('[data-field="quantity"]').fill("6");
		await rows.first().locator('[data-field="quantity"]').press("Enter");
		await rows.nth(1).waitFor();
		expect(await page.evaluate('document.activeElement?.getAttribute("data-field")')).toBe("lot");
		type Row = { contains(node: unknown): boolean; ownerDocument: { activeElement: unknown } };
		expect(await rows.nth(1).evaluate((row: Row) => row.contains(row.ownerDocument.activeElement))).toBe(true);
		await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(`LOT-B\t4\t${later}\n`)})`);
		await page.keyboard.press("ControlOrMeta+V");
		expect(await rows.nth(1).locator('[data-field="lot"]').inputValue()).toBe("LOT-B");
		expect(await rows.nth(1).locator('[data-field="quantity"]').inputValue()).toBe("4");
		expect(await rows.nth(1).locator('[data-field="expiry"]').inputValue()).toBe(later);
		expect(await adjust.locator('[data-lots] [role="status"]').textContent()).toBe("Pasted 1 lot.");
		await adjust.locator('button[type="submit"]').click();
		await adjust.locator(".form-status.ok").waitFor();
		expect(await adjust.locator(".form-status.ok").textContent()).toBe(
			`Saved: on hand at Warehouse is now ${before.onHand + 10}.`,
		);
		expect(await rows.count()).toBe(1);
		expect(await rows.first().locator('[data-field="lot"]').inputValue()).toBe("");

		// The Lots section: each lot with its expiry and on hand, the one expiring within 30 days marked.
		const lotA = atWarehouse.locator('tr[data-lot="LOT-A"]');
		const lotB = atWarehouse.locator('tr[data-lot="LOT-B"]');
		await lotA.waitFor();
		expect(await lotA.locator("td.num").textContent()).toBe("6");
		expect(await lotA.getAttribute("data-expiry-status")).toBe("soon");
		expect(await lotA.locator('[data-marker="expiring"]').textContent()).toBe("Expires in 10 days");
		expect(await lotA.locator("time").getAttribute("datetime")).toBe(soon);
		expect(await lotB.locator("td.num").textContent()).toBe("4");
		expect(await lotB.getAttribute("data-expiry-status")).toBe("ok");
		const lots = await api.get<{ items: { locationId: string; lots: { lot: string; onHand: number }[] }[] }>(
			`/products/${before.productId}/lots`,
		);
		expect(lots.items.find((i) => i.locationId === warehouse.id)?.lots.map((l) => [l.lot, l.onHand])).toEqual([
			["LOT-A", 6],
			["LOT-B", 4],
		]);

		// A transfer asking a lot for more than it holds: refused by the server, at that lot's row.
		const transfer = page.locator('[data-form="transfer"]');
		await transfer.locator("#transfer-fromLocationId").selectOption(warehouse.id);
		await transfer.locator("#transfer-toLocationId").selectOption(other.id);
		await transfer.locator("#transfer-quantity").fill("7");
		const transferRow = transfer.locator("[data-lot-row]").first();
		await transferRow.locator('[data-field="lot"]').fill("LOT-A");
		await transferRow.locator('[data-field="quantity"]').fill("7");
		await transfer.locator('button[type="submit"]').click();
		const refused = transferRow.locator('[data-cell="quantity"] .field-error');
		await refused.waitFor();
		expect(await refused.textContent()).toBe("lot LOT-A holds 6 at location Warehouse; 7 asked");
		expect(await transferRow.locator('[data-field="quantity"]').getAttribute("aria-invalid")).toBe("true");

		// Tracking stays on while lots hold stock: the page says why.
		await tracking.locator('input[name="tracking"][value="none"]').check();
		expect(await tracking.locator('input[name="expiryRequired"]').isDisabled()).toBe(true);
		await tracking.locator('[data-action="save-tracking"]').click();
		const conflict = tracking.locator('[data-problem="conflict"]');
		await conflict.waitFor();
		expect(await conflict.textContent()).toContain("Lot tracking stays on: lots still hold stock.");
		expect(await tracking.locator('input[name="tracking"][value="lot"]').isChecked()).toBe(true);

		// On a phone, the section and the forms' lot rows fit the width.
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await settle(() => fitsWidth(page), Boolean)).toBe(true);

		// The Lots page: every lot with stock, then those expiring within 30 days; a row opens the product.
		await page.setViewportSize({ width: 1400, height: 900 });
		await page.locator('a[data-nav="lots"]').click();
		const list = page.locator('[data-page="lots"] [data-table="lots"]');
		const listed = (lot: string) => list.locator(`tr[data-product-id="${before.productId}"][data-lot="${lot}"]`);
		await listed("LOT-A").waitFor();
		expect(await listed("LOT-B").count()).toBe(1);
		expect(await listed("LOT-A").locator("th a").textContent()).toBe(SKU);
		await page.locator("#lots-status").selectOption("expiring");
		expect(await page.locator("#lots-days").inputValue()).toBe("30");
		await settle(
			() => listed("LOT-B").count(),
			(n) => n === 0,
		);
		expect(await listed("LOT-B").count()).toBe(0);
		expect(await listed("LOT-A").locator('[data-marker="expiring"]').textContent()).toBe("In 10 days");
		expect(page.url()).toContain("#/lots?status=expiring");
		// A product picked by its SKU.
		await page.locator("#lots-status").selectOption("");
		await page.locator("#lots-product").fill(SKU);
		await page.locator('[data-form="lot-filters"] button[type="submit"]').click();
		await settle(
			() => list.locator("tbody tr").count(),
			(n) => n === 2,
		);
		expect(await list.locator(`tbody tr:not([data-product-id="${before.productId}"])`).count()).toBe(0);
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await settle(() => fitsWidth(page), Boolean)).toBe(true);
		await page.setViewportSize({ width: 1400, height: 900 });
		await listed("LOT-A").locator("td").first().click();
		await page.locator(`[data-page="product"][data-product-id="${before.productId}"]`).waitFor();
	});
});

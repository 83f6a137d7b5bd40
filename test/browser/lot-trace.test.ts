/**
 * A lot's page in the app (ui/src/app/pages/lot-page.ts): stock put into a lot, an invoice saved in
 * QuickBooks, a delivery note picking the lot; from the Lots page the lot's link opens its page,
 * which shows where the lot came from, the customer and the delivery note it went out on, the
 * recall with its CSV download, and fits a phone's width.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";
import { invoiceOrder } from "./invoice-order.ts";
import { lotTrackedItem } from "./lot-scenario.ts";

const chromium = useChromium();

type OrderDetail = { id: string; number: string; customerName: string | null };

/** True when nothing on the page is wider than its window (no sideways scrolling on a phone). */
async function fitsWidth(page: Page): Promise<boolean> {
	return page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");
}

describe("a lot's page", () => {
	it("shows the customer and the delivery note the lot went out on, and the recall with its CSV", async () => {
		const { scenario, api, productId } = await lotTrackedItem(
			{ items: 1, bundles: 0, orderMode: "reserve_until_delivery" },
			"TR-1",
		);
		const { order: summary } = await invoiceOrder(scenario, [{ item: "1", qty: 3 }]);
		const order = await api.get<OrderDetail>(`/orders/${summary.id}`);
		const note = await api.post<{ id: string; number: string }>(`/orders/${order.id}/deliveries`, {
			lines: [{ productId, quantity: 3, lots: [{ lot: "TR-1", quantity: 3 }] }],
			idempotencyKey: `dn-${crypto.randomUUID()}`,
		});

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: "/#/lots" });
		await page.locator(`tr[data-lot="TR-1"] a[data-lot-link]`).click();
		await page.locator('[data-page="lot"] h1', { hasText: "Lot TR-1" }).waitFor();
		expect(page.url()).toContain(`#/lots/${productId}/TR-1`);

		// Where it came from: the adjustment, with its reason; where it is now: 2 left.
		const origins = page.locator('[data-section="origins"]');
		expect(await origins.locator('li[data-source-type="adjustment"]').textContent()).toContain("found on the shelf");
		expect(await page.locator('[data-field="on-hand"]').textContent()).toBe("2");

		// Where it went: the delivery note, linked, its order and the customer.
		const went = page.locator('[data-section="went"] tr[data-source-type="delivery"]');
		expect(await went.locator("a[data-delivery-link]").textContent()).toBe(`Delivery note ${note.number}`);
		expect(await went.locator("a[data-delivery-link]").getAttribute("href")).toBe(`#/deliveries/${note.id}`);
		expect(await went.locator("[data-customer]").textContent()).toBe(order.customerName ?? "—");
		expect(await went.textContent()).toContain(`Order ${order.number}`);

		// The recall names the customer; its CSV is the API's.
		const recall = page.locator('[data-table="recall"] tbody tr');
		await recall.first().waitFor();
		expect(await recall.count()).toBe(1);
		expect(await recall.locator("[data-customer]").textContent()).toBe(order.customerName ?? "—");
		const href = await page.locator('[data-action="download-csv"]').getAttribute("href");
		expect(href).toBe(`/api/v1/recall?productId=${productId}&lot=TR-1&format=csv`);
		const csv = await page.evaluate<string>(`fetch(${JSON.stringify(href)}).then((r) => r.text())`);
		expect(csv.split("\r\n")[1]).toContain(`,${note.number},`);

		// On a phone, nothing wider than the screen.
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await fitsWidth(page)).toBe(true);
		await page.close();
	});
});

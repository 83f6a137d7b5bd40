/**
 * Every page of the app passes axe-core, and none scrolls sideways on a phone (issue 15, a grid
 * that reads on any screen): one company with some of everything (a lot-tracked product, an order
 * with a delivery note, a purchase), each page visited in turn in its loaded state and, where it
 * has one, its editing state (a form filled in, a cell being edited), then again at 390×844 where
 * the page must fit the screen's width (wide tables scroll inside their own box) and the menu must
 * reach every section — in English, then in French.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { useChromium } from "./chromium.ts";
import { openApp, waitForRows } from "./grid-page.ts";
import { invoiceOrder } from "./invoice-order.ts";
import { lotTrackedItem } from "./lot-scenario.ts";

const chromium = useChromium();

/** A page of the app: where it is, what shows it has loaded, and how a user starts editing on it. */
type Visit = { name: string; hash: string; ready: string; edit?: (page: Page) => Promise<void> };

/** The page's width beyond the screen's, in pixels (0: no sideways scroll). */
function sidewaysOverflow(page: Page): Promise<number> {
	return page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
}

/** Opens `visit` the way a link would (the app stays loaded) and waits for its content. */
async function open(page: Page, visit: Visit): Promise<void> {
	await page.evaluate(`location.hash = ${JSON.stringify(visit.hash)}`);
	await page.locator(visit.ready).first().waitFor();
	if (visit.name === "stock") await waitForRows(page);
}

describe("every page", () => {
	it("passes axe loaded, while editing and on a phone, where it never scrolls sideways", async () => {
		// A lot-tracked product holding lot A-1, below its reorder point (a suggestion to buy).
		const { scenario, api, sku, row, productId, locationId } = await lotTrackedItem(
			{ items: 2, bundles: 0, orderMode: "reserve_until_delivery" },
			"A-1",
		);
		await api.setLevel(sku, locationId, { reorderPoint: row.onHand + 100 });
		// An invoice from QuickBooks (an order) with a delivery note of lot A-1.
		const orderId = (await invoiceOrder(scenario, [{ item: "1", qty: 3 }])).order.id;
		const note = await api.post<{ id: string }>(`/orders/${orderId}/deliveries`, {
			lines: [{ productId, quantity: 2, lots: [{ lot: "A-1", quantity: 2 }] }],
			idempotencyKey: `axe-dn-${crypto.randomUUID()}`,
		});
		// A purchase of the same product, ordered.
		const purchase = await api.post<{ id: string; version: number }>("/purchases", {
			locationId,
			lines: [{ productId, quantity: 4 }],
		});
		await api.patch(`/purchases/${purchase.id}`, { version: purchase.version, status: "ordered" });

		const visits: Visit[] = [
			{ name: "start", hash: "#/start", ready: 'a[data-figure="below-reorder"]' },
			{
				name: "stock",
				hash: "#/stock",
				ready: "stockroom-grid",
				edit: async (page) => {
					const target = page.locator(`stockroom-grid [data-product-id="${productId}"][data-field="reorderPoint"]`);
					await target.first().click();
					await page.keyboard.press("F2");
					await page.locator("stockroom-grid input").first().waitFor();
				},
			},
			{
				name: "product",
				hash: `#/products/${productId}`,
				ready: '[data-page="product"] [data-table="levels"]',
				edit: (page) => page.locator("#adjust-quantity").fill("1"),
			},
			{ name: "lots", hash: "#/lots", ready: 'tr[data-lot="A-1"]' },
			{ name: "lot", hash: `#/lots/${productId}/A-1`, ready: '[data-page="lot"] [data-section="now"]' },
			{ name: "orders", hash: "#/orders", ready: "tr[data-order-id]" },
			{
				name: "order",
				hash: `#/orders/${orderId}`,
				ready: '[data-page="order"] [data-table="lines"]',
				edit: (page) => page.locator("input[data-quantity-of]").first().fill("1"),
			},
			{ name: "delivery", hash: `#/deliveries/${note.id}`, ready: '[data-table="delivery-note-lines"] tbody tr' },
			{ name: "purchases", hash: "#/purchases", ready: "tr[data-purchase-id]" },
			{ name: "purchase", hash: `#/purchases/${purchase.id}`, ready: '[data-table="purchase-lines"]' },
			{ name: "new purchase", hash: "#/purchases/new", ready: '[data-form="purchase-draft"]' },
			{ name: "suggestions", hash: "#/purchases/suggestions", ready: '[data-table="suggestions"]' },
			{
				name: "locations",
				hash: "#/locations",
				ready: "tr[data-location-id]",
				edit: (page) => page.locator('[data-action="rename"]').first().click(),
			},
			{ name: "sync", hash: "#/sync", ready: '[data-page="sync"] [data-connection]' },
			{
				name: "settings",
				hash: "#/settings",
				ready: '[data-form="settings"]',
				edit: (page) => page.locator('input[name="estimatesCreateOrders"]').click(),
			},
			{ name: "members", hash: "#/members", ready: "tr[data-member-id]" },
			{
				name: "tokens",
				hash: "#/tokens",
				ready: '[data-form="create-token"]',
				// Sent with no name: the field says what is missing.
				edit: async (page) => {
					await page.locator('[data-form="create-token"] button[type="submit"]').click();
					await page.locator("#token-name[aria-invalid]").waitFor();
				},
			},
			{ name: "audit", hash: "#/audit", ready: "tr[data-audit-id]" },
		];

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId });
		const violations: Record<string, string[]> = {};
		const overflow: Record<string, number> = {};
		const record = async (state: string) => {
			const found = await axeViolations(page);
			if (found.length > 0) violations[state] = found;
		};
		// In English, then in French (longer words: the phone's width is tested again).
		for (const language of ["en", "fr"] as const) {
			await page.setViewportSize({ width: 1400, height: 900 });
			if (language === "fr") await page.locator('select[data-action="locale"]').selectOption("fr");
			for (const visit of visits) {
				await open(page, visit);
				await record(`${visit.name}, ${language}, loaded`);
				if (visit.edit) {
					await visit.edit(page);
					await record(`${visit.name}, ${language}, editing`);
				}
			}

			// On a phone: every page fits the screen's width and passes axe.
			await page.setViewportSize({ width: 390, height: 844 });
			for (const visit of visits) {
				await open(page, visit);
				const extra = await sidewaysOverflow(page);
				if (extra > 0) overflow[`${visit.name}, ${language}`] = extra;
				await record(`${visit.name}, ${language}, phone`);
			}
		}
		expect({ violations, overflow }).toEqual({ violations: {}, overflow: {} });

		// The phone's menu: a button (reached and pressed from the keyboard) opens every section.
		const sections = page.locator("a[data-nav]");
		const everySection = await sections.evaluateAll((links) => links.map((a) => a.getAttribute("data-nav")));
		expect(everySection).toEqual([
			"start",
			"stock",
			"lots",
			"orders",
			"purchases",
			"locations",
			"settings",
			"sync",
			"audit",
			"members",
			"tokens",
		]);
		expect(await sections.first().isVisible()).toBe(false);
		const menu = page.locator('button[data-action="menu"]');
		await menu.focus();
		await page.keyboard.press("Enter");
		expect(await menu.getAttribute("aria-expanded")).toBe("true");
		const shown = await sections.evaluateAll(
			(links) =>
				links.filter((a) => {
					const box = a.getBoundingClientRect();
					return box.width > 0 && box.left >= 0 && box.right <= (a.ownerDocument.defaultView?.innerWidth ?? 0);
				}).length,
		);
		expect(shown).toBe(everySection.length);
		expect(await sidewaysOverflow(page)).toBe(0);
		expect(await axeViolations(page)).toEqual([]);
		// Escape closes it and gives the focus back to the button; a section chosen closes it too.
		await page.keyboard.press("Tab");
		await page.keyboard.press("Escape");
		expect(await menu.getAttribute("aria-expanded")).toBe("false");
		expect(await page.evaluate("document.activeElement?.getAttribute('data-action')")).toBe("menu");
		await page.keyboard.press("Enter");
		await page.locator('a[data-nav="lots"]').click();
		await page.locator('tr[data-lot="A-1"]').waitFor();
		expect(await menu.getAttribute("aria-expanded")).toBe("false");
		expect(await sections.first().isVisible()).toBe(false);
	});
});

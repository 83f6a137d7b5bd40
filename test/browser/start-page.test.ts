/**
 * The start page (issue 15): where a signed-in person lands, the figures of their company — a
 * product below its reorder point, one whose available went below zero under an invoice that
 * reserves more than is on hand (that order is backordered), a purchase arriving this week, the
 * stock's value — each a link to the list it counts; one column and no sideways scroll on a phone;
 * axe-core finds nothing.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newScenario, settle } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { expectNoAxeViolations } from "./axe.ts";
import { useChromium } from "./chromium.ts";
import { grid, openApp, visibleSkus, waitForRows } from "./grid-page.ts";

const chromium = useChromium();

type Overview = {
	belowReorder: { products: number };
	negative: { products: number };
	backordered: { count: number };
	arriving: { count: number };
	stockValue: { total: number };
};

/** A figure's count as the page shows it. */
async function figure(page: Page, name: string): Promise<string> {
	return ((await page.locator(`a[data-figure="${name}"] .start-count`).textContent()) ?? "").trim();
}

/** Intl's spaces differ between Node's ICU and Chromium's: compared as plain spaces. */
const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("the start page", () => {
	it("lands signed-in people on today's figures, each opening the list it counts; reads on a phone", async () => {
		const scenario = await newScenario({ items: 2, bundles: 0, orderMode: "reserve_until_delivery" });
		const api = apiAs(scenario.token);
		const low = scenario.opening.get("1");
		const short = scenario.opening.get("2");
		if (!low?.sku || !short?.sku) throw new Error("the simulated items have no SKU");

		// Item 1's reorder point 5 above what it has: below its reorder point.
		const lowLevel = await api.level(low.sku, scenario.locationId);
		await api.setLevel(low.sku, scenario.locationId, { reorderPoint: lowLevel.available + 5 });
		// An invoice reserving 3 more of item 2 than is on hand: a backordered order, available −3.
		const shortLevel = await api.level(short.sku, scenario.locationId);
		await scenario.docs.create({ type: "Invoice", lines: [{ item: "2", qty: shortLevel.onHand + 3 }] });
		await scenario.flushWebhooks();
		await settle(
			() => api.level(short.sku ?? "", scenario.locationId),
			(level) => level.available === -3,
			{ timeoutMs: 15_000 },
		);
		// A purchase of item 1 ordered, expected in 3 days.
		const expected = new Date(Date.now() + 3 * 24 * 3600_000).toISOString().slice(0, 10);
		const draft = await api.post<{ id: string; version: number }>("/purchases", {
			locationId: scenario.locationId,
			expectedDate: expected,
			lines: [{ productId: lowLevel.productId, quantity: 4 }],
		});
		await api.patch(`/purchases/${draft.id}`, { version: draft.version, status: "ordered" });

		const overview = await api.get<Overview>("/overview");
		expect(overview).toMatchObject({
			belowReorder: { products: 1 },
			negative: { products: 1 },
			backordered: { count: 1 },
			arriving: { count: 1 },
		});
		const { currency } = (await api.get<{ company: { currency: string | null } }>("/me")).company;
		const value = new Intl.NumberFormat("en-US", {
			...(currency ? { style: "currency", currency } : {}),
			minimumFractionDigits: 2,
			maximumFractionDigits: 2,
		}).format(overview.stockValue.total);

		// Signed in with no page named: the start page.
		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId });
		await page.locator('[data-page="start"] a[data-figure="below-reorder"]').waitFor();
		expect(await page.locator('a[data-nav][aria-current="page"]').getAttribute("data-nav")).toBe("start");
		expect(await figure(page, "below-reorder")).toBe("1");
		expect(await figure(page, "negative")).toBe("1");
		expect(await figure(page, "backordered")).toBe("1");
		expect(await figure(page, "arriving")).toBe("1");
		expect(plainSpaces(await figure(page, "stock-value"))).toBe(plainSpaces(value));
		expect(await page.locator('[data-card="below-reorder"] li').textContent()).toContain(low.sku);
		expect(await page.locator('[data-card="negative"] li').textContent()).toContain(short.sku);
		expect(await page.locator('[data-action="create-purchases"]').getAttribute("href")).toBe("#/purchases/suggestions");
		expect(await page.locator('[data-card="quickbooks"] [data-connection]').getAttribute("data-connection")).toBe(
			"connected",
		);
		await expectNoAxeViolations(page);

		// The backordered figure opens the orders list showing that order only.
		await page.locator('a[data-figure="backordered"]').click();
		await page.locator('input[data-filter="backordered"]:checked').waitFor();
		await page.locator("tr[data-order-id]").first().waitFor();
		expect(await page.locator("tr[data-order-id]").count()).toBe(1);

		// The below-reorder figure opens the grid with its "below reorder point" filter ticked: item 1 only.
		await page.goBack();
		await page.locator('a[data-figure="below-reorder"]').click();
		await waitForRows(page);
		expect(page.url()).toMatch(/#\/stock\?filter=below-reorder$/);
		expect(await grid(page).belowReorder.isChecked()).toBe(true);
		expect(await visibleSkus(page)).toEqual([low.sku]);

		// The stock value figure opens the grid with "Show value" on: the value column is there.
		await page.goBack();
		await page.locator('a[data-figure="stock-value"]').click();
		await waitForRows(page);
		expect(page.url()).toMatch(/#\/stock\?show=value$/);
		await grid(page).host.locator('[role="columnheader"][data-field="value"][data-location-id="total"]').waitFor();
		expect(await grid(page).host.locator('input[data-action="show-value"]').isChecked()).toBe(true);

		// On a phone: one column of cards, nothing wider than the screen; axe finds nothing there either.
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(page.url().replace(/#.*$/, "#/start"));
		await page.locator('a[data-figure="below-reorder"]').waitFor();
		const widths: { page: number; screen: number; columns: number } = await page.evaluate(`({
			page: document.documentElement.scrollWidth,
			screen: document.documentElement.clientWidth,
			columns: new Set([...document.querySelectorAll("[data-card]")].map((c) => c.getBoundingClientRect().left)).size,
		})`);
		expect(widths.page).toBeLessThanOrEqual(widths.screen);
		expect(widths.columns).toBe(1);
		await expectNoAxeViolations(page);
	});
});

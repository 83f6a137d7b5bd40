import { describe, expect, it } from "vitest";
import { newScenario } from "../e2e/stack.ts";
import { useChromium } from "./chromium.ts";
import { cell, filterTo, grid, openStock, waitForText } from "./grid-page.ts";

const chromium = useChromium();

describe("an open stock grid", () => {
	it("shows a document saved in QuickBooks without a reload: the on-hand cell changes and flashes", async () => {
		// A company of its own, connected to a simulated QBO company whose webhooks go to the app.
		const scenario = await newScenario({ items: 3, bundles: 0, orderMode: "ship_on_invoice" });
		const sku = scenario.opening.get("1")?.sku;
		if (!sku) throw new Error("the simulated item 1 has no SKU");
		const before = await scenario.level(sku);
		if (!before) throw new Error(`no level of ${sku}`);

		const page = await chromium.newPage();
		await openStock(page, { companyId: scenario.companyId });
		await grid(page).host.locator('[part="live"][data-live="live"]').waitFor();
		await filterTo(page, sku);
		const onHand = await cell(page, { sku, field: "onHand", locationId: scenario.locationId });
		const total = await cell(page, { sku, field: "onHand", locationId: "total" });
		expect(await waitForText(onHand, String(before.onHand))).toBe(String(before.onHand));
		const navigations: string[] = [];
		page.on("framenavigated", (frame) => navigations.push(frame.url()));

		// Waiting for the flash starts before the invoice, so that a short one is not missed.
		const flashed = onHand
			.and(page.locator("[data-flash]"))
			.waitFor({ state: "attached", timeout: 20_000 })
			.then(
				() => true,
				() => false,
			);
		await scenario.docs.create({ type: "Invoice", lines: [{ item: "1", qty: 3 }] });
		await scenario.flushWebhooks();

		const expected = String(before.onHand - 3);
		expect(await waitForText(onHand, expected, 10_000)).toBe(expected);
		expect(await waitForText(total, expected)).toBe(expected);
		expect(await flashed).toBe(true);
		expect(navigations).toEqual([]);
	});
});

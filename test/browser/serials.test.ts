/**
 * Serial numbers in the app (ui/src/app/pages/product-lots-panel.ts, lot-rows-field.ts in serial
 * mode, serial-pattern-field.ts, purchase-receive-form.ts, product-stock-forms.ts), in a company of
 * its own: a manager sets a product to serial numbers, receives a purchase's line of 5 with serials
 * pasted (a duplicate flagged before sending) and generated from a pattern, all in one lot; the
 * product's page lists them. Received again at another location, a serial in stock is refused at its
 * row, naming where it is. The forms fit a phone's width.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCATION, newScenario, settle } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();

type Purchase = { id: string; version: number; receipts: { id: string }[] };
type LotLevel = { lot: string; batch: string | null; locationId: string; onHand: number; tracking: string };

/** True when nothing on the page is wider than its window (no sideways scrolling on a phone). */
async function fitsWidth(page: Page): Promise<boolean> {
	return page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");
}

/** The serials of a row list, as typed in them. */
async function serialsIn(rows: ReturnType<Page["locator"]>): Promise<string[]> {
	return rows.evaluateAll((all: { querySelector(s: string): { value: string } | null }[]) =>
		all.map((r) => r.querySelector('[data-field="lot"]')?.value ?? ""),
	);
}

describe("serial numbers", () => {
	it("receives pasted and generated serials, lists them, and refuses one in stock at its row, naming where", async () => {
		const scenario = await newScenario({ items: 1, bundles: 0 });
		const api = apiAs(scenario.token);
		const sku = scenario.opening.get("1")?.sku;
		if (!sku) throw new Error("the simulated item 1 has no SKU");
		const warehouse = await api.location(DEFAULT_LOCATION);
		const van = await api.post<{ id: string }>("/locations", { name: "Van" });
		const { productId } = await api.level(sku, warehouse.id);

		// The manager's choice: by serial number.
		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: `/#/products/${productId}` });
		const tracking = page.locator('[data-form="tracking"]');
		await tracking.waitFor();
		await tracking.locator('input[name="tracking"][value="serial"]').check();
		await tracking.locator('[data-action="save-tracking"]').click();
		await tracking.locator(".form-status.ok").waitFor();
		expect(await tracking.locator(".form-status.ok").textContent()).toBe("Saved: tracked by serial number.");
		expect((await api.get<{ tracking: string }>(`/products/${productId}`)).tracking).toBe("serial");

		// A purchase of 5 at the warehouse, received with serial numbers.
		const draft = await api.post<Purchase>("/purchases", {
			locationId: warehouse.id,
			lines: [{ productId, quantity: 5, unitCost: 2 }],
		});
		await api.patch(`/purchases/${draft.id}`, { version: draft.version, status: "ordered" });
		await page.goto(`${page.url().split("#")[0]}#/purchases/${draft.id}`);
		const form = page.locator('[data-form="receive"]');
		const line = form.locator(`tr[data-lots-of="${productId}"]`);
		const rows = line.locator("[data-lot-row]");
		await rows.first().waitFor();
		expect(await line.locator('[data-lots][data-mode="serial"] [data-field="quantity"]').count()).toBe(0);

		// Pasted as a list, one serial twice: flagged at once, before anything is sent.
		await rows.first().locator('[data-field="lot"]').click();
		await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify("SN-0100, SN-0101\nSN-0100\n")})`);
		await page.keyboard.press("ControlOrMeta+V");
		expect(await serialsIn(rows)).toEqual(["SN-0100", "SN-0101", "SN-0100", ""]);
		const duplicate = rows.nth(2).locator('[data-cell="lot"] .field-error');
		expect(await duplicate.textContent()).toBe("This serial number is already in another row.");
		await rows.nth(2).locator('[data-action="remove-lot"]').click();
		expect(await duplicate.count()).toBe(0);
		const summary = line.locator("[data-lots-summary]");
		expect(await summary.textContent()).toBe("2 of 5 serials named.");

		// Three more from a pattern, and the lot they all belong to.
		await line.locator("[data-serial-pattern] summary").click();
		await line.locator('[data-pattern="prefix"]').fill("SN-");
		await line.locator('[data-pattern="start"]').fill("0001");
		await line.locator('[data-pattern="count"]').fill("3");
		await line.locator('[data-action="generate-serials"]').click();
		expect(await serialsIn(rows)).toEqual(["SN-0100", "SN-0101", "SN-0001", "SN-0002", "SN-0003", ""]);
		expect(await summary.textContent()).toBe("Added 3 serial numbers, SN-0001 to SN-0003.");
		await line.locator('[data-field="batch"]').fill("B-7");
		expect(await summary.textContent()).toBe("5 of 5 serials named.");
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await settle(() => fitsWidth(page), Boolean)).toBe(true);
		await page.setViewportSize({ width: 1280, height: 900 });
		await form.locator('[data-action="receive"]').click();
		await page.locator('[data-table="receipts"] [data-receipt-number]').first().waitFor();
		const received = await api.get<{ items: LotLevel[] }>(`/lots?productId=${productId}&batch=B-7`);
		expect(received.items.map((l) => [l.lot, l.locationId, l.onHand]).sort()).toEqual(
			["SN-0001", "SN-0002", "SN-0003", "SN-0100", "SN-0101"].map((s) => [s, warehouse.id, 1]),
		);

		// The product's page lists them, with their lot and where they are.
		await page.goto(`${page.url().split("#")[0]}#/products/${productId}`);
		const serials = page.locator('[data-section="lots"] [data-table="serials"]');
		await serials.locator('tr[data-lot="SN-0002"]').waitFor();
		expect(await page.locator("[data-serial-count]").getAttribute("data-serial-count")).toBe("5");
		expect(
			await serials.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-lot"))),
		).toEqual(["SN-0001", "SN-0002", "SN-0003", "SN-0100", "SN-0101"]);
		const cells = await serials.locator('tr[data-lot="SN-0002"] td').allTextContents();
		expect(cells.map((c) => c.trim())).toEqual(["B-7", "No expiry", "Warehouse"]);

		// SN-0002 received again in the van: refused at its row, saying where it is; nothing changes.
		const adjust = page.locator('[data-form="adjust"]');
		await adjust.locator("#adjust-locationId").selectOption(van.id);
		await adjust.locator("#adjust-quantity").fill("1");
		const adjustRow = adjust.locator("[data-lot-row]").first();
		await adjustRow.locator('[data-field="lot"]').fill("SN-0002");
		expect(await adjust.locator("[data-lots-summary]").textContent()).toBe("1 of 1 serials named.");
		await adjustRow.locator('[data-field="lot"]').press("ControlOrMeta+Enter");
		const refused = adjustRow.locator('[data-cell="lot"] .field-error');
		await refused.waitFor();
		expect(await refused.textContent()).toBe("serial SN-0002 is already in stock at Warehouse");
		expect(await adjustRow.locator('[data-field="lot"]').getAttribute("aria-invalid")).toBe("true");
		const after = await api.get<{ items: LotLevel[] }>(`/lots?productId=${productId}&lot=SN-0002`);
		expect(after.items.map((l) => [l.locationId, l.onHand])).toEqual([[warehouse.id, 1]]);
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await settle(() => fitsWidth(page), Boolean)).toBe(true);
	});
});

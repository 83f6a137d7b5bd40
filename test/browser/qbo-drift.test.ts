/**
 * The QuickBooks page's "Agreement with QuickBooks" (ui/src/app/pages/qbo-drift-section.ts): with
 * stock sync off, an adjustment made in Stockroom leaves QuickBooks behind; "Check now" shows the
 * item that differs and why; choosing it and "Send our quantity to QuickBooks" repairs it, and the
 * next check says every item agrees. In French on a phone the same section reads and fits the width.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newScenario } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();

async function fitsWidth(page: Page): Promise<boolean> {
	return page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");
}

describe("agreement with QuickBooks", () => {
	it("shows the item that differs and why, repairs it, and then says every item agrees", async () => {
		const scenario = await newScenario({ items: 2, bundles: 0 });
		const api = apiAs(scenario.token);
		await api.patch("/settings", { stockSyncToQbo: false });
		const sku = scenario.opening.get("1")?.sku;
		if (!sku) throw new Error("the simulated item 1 has no SKU");
		const row = (await api.levels(sku)).find((r) => r.sku === sku);
		if (!row) throw new Error(`no level of ${sku}`);
		await api.post("/adjustments", {
			productId: row.productId,
			locationId: row.locationId,
			quantity: 4,
			idempotencyKey: `drift-ui-${crypto.randomUUID()}`,
		});

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { companyId: scenario.companyId, next: "/#/sync" });
		const section = page.locator('[data-section="qbo-drift"]');
		await section.locator('[data-drift-state="never"]').waitFor();
		await section.locator('[data-action="drift-check"]').click();
		const differ = section.locator('[data-drift-state="differ"]');
		await differ.waitFor({ timeout: 20_000 });
		expect(await differ.textContent()).toContain("1 of 2 items differs from QuickBooks.");
		const item = section.locator('tr[data-drift-item="1"]');
		expect(await item.locator("[data-difference]").textContent()).toBe("-4");
		expect(await item.locator('[data-reason="stock_sync_off"]').textContent()).toContain(
			"Stock sync to QuickBooks is off",
		);

		await item.getByRole("checkbox", { name: `Select ${sku}` }).check();
		await section.locator('[data-action="drift-push"]').click();
		await section
			.getByRole("status")
			.filter({ hasText: "Queued — corrections to QuickBooks: 1; documents to read again: 0." })
			.waitFor();
		await section.locator('[data-list="drift-repairs"] li').first().waitFor();
		expect(await section.locator('[data-list="drift-repairs"] li').count()).toBe(1);

		// The push reaches QuickBooks within moments; the next check agrees.
		let agree = false;
		for (let i = 0; i < 20 && !agree; i++) {
			await section.locator('[data-action="drift-check"]').click();
			await section
				.locator('[data-drift-state="agree"], [data-drift-state="differ"]')
				.first()
				.waitFor({ timeout: 20_000 });
			agree = (await section.locator('[data-drift-state="agree"]').count()) === 1;
			if (!agree) await page.waitForTimeout(500);
		}
		expect(await section.locator('[data-drift-state="agree"]').textContent()).toContain(
			"All 2 items agree with QuickBooks.",
		);

		const phone = await chromium.newPage({ locale: "fr-FR" });
		await phone.setViewportSize({ width: 390, height: 844 });
		await openApp(phone, { companyId: scenario.companyId, next: "/#/sync" });
		const fr = phone.locator('[data-section="qbo-drift"]');
		await fr.locator('[data-drift-state="agree"]').waitFor();
		expect(await fr.locator("h2").textContent()).toBe("Accord avec QuickBooks");
		expect(await fr.locator('[data-drift-state="agree"]').textContent()).toContain(
			"Les 2 articles concordent avec QuickBooks.",
		);
		expect(await fitsWidth(phone)).toBe(true);
	});
});

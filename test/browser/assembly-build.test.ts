/**
 * Assemblies from the product page: a bill of materials written by picking components by SKU, then
 * a build that the form shows short (the component's need beside what the warehouse has) and that
 * goes through only with the explicit override; the server's levels move by exactly the build.
 */
import { describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { apiAs, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp } from "./grid-page.ts";

const chromium = useChromium();
/** Products no other browser test moves: the assembly and its two components. */
const ASSEMBLY = "SKU-00032";
const PANEL = "SKU-00033";
const SCREW = "SKU-00034";

describe("assemblies in the app", () => {
	it("saves a BOM picked by SKU, shows a build short, and builds only with the override", async () => {
		const api = apiAs(await demoToken());
		const warehouse = (await api.location("Warehouse")).id;
		const [assembly, panel, screw] = await Promise.all(
			[ASSEMBLY, PANEL, SCREW].map((sku) => api.level(sku, warehouse)),
		);
		if (!assembly || !panel || !screw) throw new Error("missing demo products");
		// Known stock: 10 panels, and screws for one unit and a half (2 per unit) once reservations are counted.
		for (const [row, onHand] of [
			[panel, 10 + panel.reserved],
			[screw, 3 + screw.reserved],
		] as const) {
			const res = await api.call("POST", "/counts", {
				productId: row.productId,
				locationId: warehouse,
				onHand,
				idempotencyKey: `count-${crypto.randomUUID()}`,
			});
			expect(res.status).toBe(201);
		}

		const page = await chromium.newPage({ locale: "en-US" });
		await openApp(page, { next: `/#/products/${assembly.productId}` });
		// A product with no bill of materials offers to become an assembly, not an empty editor.
		const make = page.locator('[data-action="make-assembly"]');
		await make.waitFor();
		expect(await page.locator('[data-section="build"]').count()).toBe(0);
		await make.click();
		const bom = page.locator('[data-form="bom"]');
		await bom.waitFor();
		await bom.locator('tr[data-row="0"] input[list]').fill(PANEL);
		await bom.locator(`tr[data-product-id="${panel.productId}"]`).waitFor();
		await bom.locator('tr[data-row="0"] input[inputmode="decimal"]').fill("1");
		await bom.locator('[data-action="add-component"]').click();
		await bom.locator('tr[data-row="1"] input[list]').fill(SCREW);
		await bom.locator(`tr[data-product-id="${screw.productId}"]`).waitFor();
		await bom.locator('tr[data-row="1"] input[inputmode="decimal"]').fill("2");
		await bom.locator('button[type="submit"]').click();
		await bom.locator(".form-status.ok").waitFor();
		const saved = await api.get<{ components: { productId: string; quantity: number }[]; version: number }>(
			`/assemblies/${assembly.productId}`,
		);
		expect(saved.components.map((c) => [c.productId, c.quantity])).toEqual([
			[panel.productId, 1],
			[screw.productId, 2],
		]);

		const build = page.locator('[data-form="build"]');
		await build.locator("#build-location").selectOption(warehouse);
		await build.locator("#build-quantity").fill("2");
		const screwNeed = build.locator(`[data-table="build-needs"] tr.short[data-product-id="${screw.productId}"]`);
		await screwNeed.waitFor();
		expect((await screwNeed.locator("td").allTextContents()).map((s) => s.trim())).toEqual([
			"4",
			"3",
			expect.stringMatching(/^1\b/),
		]);
		const submit = build.locator('button[type="submit"]');
		expect(await submit.isDisabled()).toBe(true);
		await build.locator('input[name="override"]').check();
		await submit.click();
		await build.locator(".form-status.ok").waitFor();
		expect(await build.locator(".form-status.ok").textContent()).toMatch(/^BD-\d{4}: built 2\.$/);
		await page.locator('[data-table="builds"] tr[data-build-id]').first().waitFor();

		const after = await settle(
			() => api.level(ASSEMBLY, warehouse),
			(r) => r.onHand === assembly.onHand + 2,
		);
		expect(after.onHand - assembly.onHand).toBe(2);
		expect((await api.level(PANEL, warehouse)).available).toBe(8);
		expect((await api.level(SCREW, warehouse)).available).toBe(-1);
	});
});

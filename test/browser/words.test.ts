/**
 * The app in the user's own words (issue 15, "Their own words"): QuickBooks documents named by the
 * number QuickBooks shows, what happened to them as words that agree in French, and — when the
 * server cannot be reached — a sentence and a Retry instead of the browser's "Failed to fetch".
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newScenario, settle } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { grid, openApp, openStock, waitForRows } from "./grid-page.ts";

const chromium = useChromium();
const UNREACHABLE = "Stockroom can’t be reached. Check your connection.";

async function bodyText(page: Page): Promise<string> {
	return ((await page.locator("body").textContent()) ?? "").replace(/\s+/g, " ");
}

describe("QuickBooks documents in the user's words", () => {
	it("shows « Facture <number> » and « créée » in the sync log and the product's history, in French", async () => {
		const scenario = await newScenario({ items: 1, bundles: 0 });
		const api = apiAs(scenario.token);
		const invoice = await scenario.docs.create({ type: "Invoice", lines: [{ item: "1", qty: 2 }] });
		const number = String(invoice.DocNumber);
		expect(number).not.toBe(String(invoice.Id));
		await scenario.flushWebhooks();
		const logged = await settle(
			() => scenario.syncLog(),
			(log) => log.some((l) => l.entity === "Invoice" && l.status === "applied"),
			{ timeoutMs: 15_000 },
		);
		expect(logged.some((l) => l.entity === "Invoice" && l.status === "applied")).toBe(true);

		const page = await chromium.newPage({ locale: "fr-FR" });
		await openApp(page, { companyId: scenario.companyId, next: "/#/sync" });
		const row = page.locator('[data-table="sync-log"] tbody tr', { hasText: `Facture ${number}` });
		await row.first().waitFor();
		expect(await row.first().locator("[data-document]").textContent()).toBe(`Facture ${number}`);
		// The operation is a word that agrees with « Facture », not QuickBooks' `create`.
		expect(await row.first().locator("[data-operation]").textContent()).toBe("créée");
		const operations = await page.locator('[data-table="sync-log"] [data-operation]').allTextContents();
		expect(operations.filter((o) => /^(create|update|delete|void|import)$/.test(o))).toEqual([]);

		const sku = scenario.opening.get("1")?.sku;
		if (!sku) throw new Error("the simulated item 1 has no SKU");
		const level = (await api.levels(sku)).find((r) => r.sku === sku);
		if (!level) throw new Error(`no level of ${sku}`);
		await page.goto(page.url().replace(/#.*$/, `#/products/${level.productId}`));
		const ledger = page.locator('[data-table="ledger"]');
		const invoiceLine = ledger.locator("tbody tr", { hasText: "Facture" });
		await invoiceLine.first().waitFor();
		const line = (await invoiceLine.first().textContent()) ?? "";
		expect(line).toContain(`Facture ${number}`);
		// The reason Stockroom wrote ("Order 1001 (open)") in French too.
		expect(line).toContain(`commande ${number} (`);
		expect(line).not.toContain("Order");
		// Never its QuickBooks id as if it were its number.
		expect(await ledger.textContent()).not.toContain(`#${invoice.Id}`);
	});
});

describe("when Stockroom cannot be reached", () => {
	it("says so with a Retry on the orders page, the product page and the app's start, and Retry loads once it is back", async () => {
		const page = await chromium.newPage({ locale: "en-US" });
		await openStock(page);

		// The orders list: its request fails as if offline.
		await page.route("**/api/v1/orders?**", (route) => route.abort("internetdisconnected"));
		await page.locator('a[data-nav="orders"]').first().click();
		const failure = page.locator("[data-load-failure]");
		await failure.waitFor();
		expect(await failure.textContent()).toContain(UNREACHABLE);
		expect(await bodyText(page)).not.toContain("Failed to fetch");
		await page.unroute("**/api/v1/orders?**");
		await failure.getByRole("button", { name: "Retry" }).click();
		await page.locator('[data-table="orders"], [data-page="orders"] p.muted').first().waitFor();
		expect(await failure.count()).toBe(0);

		// A product's page.
		await page.locator('a[data-nav="stock"]').first().click();
		await waitForRows(page);
		const id = await grid(page).skuCells.first().getAttribute("data-product-id");
		if (!id) throw new Error("no product to open");
		await page.route(`**/api/v1/products/${id}`, (route) => route.abort("connectionrefused"));
		await page.goto(page.url().replace(/#.*$/, `#/products/${id}`));
		await failure.waitFor();
		expect(await failure.textContent()).toContain(UNREACHABLE);
		expect(await bodyText(page)).not.toContain("Failed to fetch");
		await page.unroute(`**/api/v1/products/${id}`);
		await failure.getByRole("button", { name: "Retry" }).click();
		await page.locator('[data-page="product"][data-product-id]').waitFor();
		expect(await failure.count()).toBe(0);

		// The app itself, when who is signed in cannot be asked.
		await page.route("**/api/v1/me", (route) => route.abort("internetdisconnected"));
		await page.reload();
		const alert = page.locator("main.app-failed [role=alert]");
		await alert.waitFor();
		expect(await alert.textContent()).toContain(UNREACHABLE);
		expect(await bodyText(page)).not.toContain("Failed to fetch");
		await page.unroute("**/api/v1/me");
		await page.locator("main.app-failed").getByRole("button", { name: "Try again" }).click();
		await page.locator('a[data-nav="stock"]').first().waitFor();
	});

	it("shows the sentence and Retry in the grid, in French, and the live status says offline instead of connecting", async () => {
		const page = await chromium.newPage({ locale: "fr-FR" });
		await page.route("**/api/v1/levels?**", (route) => route.abort("internetdisconnected"));
		await page.route("**/api/v1/live/ticket", (route) => route.abort("internetdisconnected"));
		await openApp(page, { next: "/#/stock" });
		const g = grid(page);
		await g.status.filter({ hasText: "Impossible de joindre Stockroom" }).waitFor();
		expect(await g.status.textContent()).toContain("Impossible de joindre Stockroom. Vérifiez votre connexion.");
		expect(await g.status.textContent()).not.toContain("Failed to fetch");
		await g.live.filter({ hasText: "Hors ligne" }).waitFor();
		expect(await g.live.textContent()).toBe("Hors ligne");

		await page.unroute("**/api/v1/levels?**");
		await page.unroute("**/api/v1/live/ticket");
		await g.host.locator('[data-action="reload"]').click();
		await waitForRows(page);
		expect(await g.status.textContent()).not.toContain("Impossible de joindre");
	});
});

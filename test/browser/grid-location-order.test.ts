/**
 * The order of locations (issue 15, "A grid that reads at once"): a manager drags a location on the
 * Locations page, or moves it with the keyboard; the order is saved at once and the stock grid's
 * location columns follow it, the default location always first.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { json, settle, stackUrls } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { grid, openApp, waitForRows } from "./grid-page.ts";

const chromium = useChromium();

/** A fresh company of its own (the demo company's order is other tests' too). */
async function companyWith(locations: string[]) {
	return (await json("POST", `${stackUrls().app}/dev/companies`, { locations })) as {
		companyId: string;
		token: string;
		locationIds: string[];
	};
}

/** The names of the Locations page's rows, top to bottom. */
async function rowNames(page: Page): Promise<string[]> {
	const names = await page.locator('[data-table="locations"] tbody th[scope="row"]').allTextContents();
	return names.map((n) => n.trim());
}

async function waitForRowNames(page: Page, expected: string[]): Promise<string[]> {
	return settle(
		() => rowNames(page),
		(names) => names.join() === expected.join(),
		{ timeoutMs: 10_000 },
	);
}

/** The location groups of the grid's header as drawn, left to right, after the Total. */
async function gridGroups(page: Page): Promise<string[]> {
	const labels = await grid(page).host.locator('[role="columnheader"].group .group-label').allTextContents();
	return labels.map((l) => l.trim());
}

/** The grid's locations menu, top to bottom. */
async function menuNames(page: Page): Promise<string[]> {
	const g = grid(page);
	await g.action("columns").click();
	const names = await g.host.locator(".menu label").allTextContents();
	await g.action("columns").click();
	return names.map((n) => n.trim());
}

describe("setting the order of locations", () => {
	it("drags a location by its handle, moves one with the keyboard, and the grid's columns follow", async () => {
		const co = await companyWith(["Warehouse", "Annex", "Shop", "Van"]);
		const page = await chromium.newPage();
		await openApp(page, { companyId: co.companyId, next: "/#/locations" });
		await waitForRowNames(page, ["Warehouse", "Annex", "Shop", "Van"]);

		// The default has no handle nor move buttons: it stays first.
		const row = (name: string) => page.locator('[data-table="locations"] tbody tr', { hasText: name });
		expect(await row("Warehouse").locator("[data-drag-handle], [data-action^=move-]").count()).toBe(0);

		// Van dragged onto Annex takes its place.
		await row("Van").locator("[data-drag-handle]").dragTo(row("Annex"));
		expect(await waitForRowNames(page, ["Warehouse", "Van", "Annex", "Shop"])).toEqual([
			"Warehouse",
			"Van",
			"Annex",
			"Shop",
		]);
		expect(await page.locator('[data-page="locations"] [role="status"]').first().textContent()).toContain(
			"Van is now number 2",
		);

		// Keyboard: Shop up once, with Enter on its Move up button; the focus stays on Shop's row.
		await row("Shop").locator('[data-action="move-up"]').focus();
		await page.keyboard.press("Enter");
		expect(await waitForRowNames(page, ["Warehouse", "Van", "Shop", "Annex"])).toEqual([
			"Warehouse",
			"Van",
			"Shop",
			"Annex",
		]);
		await settle(
			() => page.evaluate("document.activeElement?.closest('tr')?.textContent ?? ''") as Promise<string>,
			(text) => text.includes("Shop"),
			{ timeoutMs: 5000 },
		);
		expect(await page.evaluate("document.activeElement?.closest('tr')?.textContent ?? ''")).toContain("Shop");
		// The first location below the default cannot go above it.
		expect(await row("Van").locator('[data-action="move-up"]').isDisabled()).toBe(true);

		// The server has the order: another program reads it.
		const names = (await apiAs(co.token).locations()).map((l) => l.name);
		expect(names).toEqual(["Warehouse", "Van", "Shop", "Annex"]);

		// The grid: the default's columns first after the Total, then Van; its locations menu in that order.
		await page.locator('a[data-nav="stock"]').first().click();
		await waitForRows(page);
		const groups = await settle(
			() => gridGroups(page),
			(g) => g.length >= 2,
			{ timeoutMs: 10_000 },
		);
		expect(groups.slice(0, 2)).toEqual(["Total", "Warehouse"]);
		expect(await menuNames(page)).toEqual(["Warehouse", "Van", "Shop", "Annex"]);

		// Making Annex the default moves it first, in the list and in the grid.
		await page.goto(page.url().replace(/#.*$/, "#/locations"));
		await waitForRowNames(page, ["Warehouse", "Van", "Shop", "Annex"]);
		await row("Annex").locator('[data-action="make-default"]').click();
		expect(await waitForRowNames(page, ["Annex", "Warehouse", "Van", "Shop"])).toEqual([
			"Annex",
			"Warehouse",
			"Van",
			"Shop",
		]);
	});
});

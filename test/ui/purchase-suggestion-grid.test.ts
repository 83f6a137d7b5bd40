import { describe, expect, it } from "vitest";
import type { PurchaseSuggestions, SuggestionLine } from "../../ui/src/api/types";
import {
	applyPlan,
	estimates,
	nextRow,
	rowEstimate,
	suggestionSections,
} from "../../ui/src/purchasing/suggestion-grid";

const line = (
	sku: string,
	locationId: string,
	suggested: number,
	purchaseCost: number | null = null,
): SuggestionLine => ({
	productId: `p-${sku}`,
	sku,
	name: sku,
	locationId,
	available: 0,
	incoming: 0,
	reserved: 0,
	reorderPoint: 2,
	reorderQty: null,
	suggested,
	purchaseCost,
});

const suggestions: PurchaseSuggestions = {
	groups: [
		{ vendor: { id: "v1", name: "Acme" }, lines: [line("A", "shop", 3), line("B", "wh", 5), line("C", "shop", 1)] },
		{ vendor: null, lines: [line("D", "wh", 2)] },
	],
};

describe("the purchase suggestions grid", () => {
	it("groups rows by vendor, then location in the app's order; no preferred vendor last", () => {
		const sections = suggestionSections(suggestions, ["wh", "shop"]);
		expect(sections.map((s) => [s.vendor?.name ?? null, s.locationId, s.rows.map((r) => r.line.sku)])).toEqual([
			["Acme", "wh", ["B"]],
			["Acme", "shop", ["A", "C"]],
			[null, "wh", ["D"]],
		]);
	});

	it("sends the suggestion unless edited, leaves excluded rows out, keeps vendor and location", () => {
		const sections = suggestionSections(suggestions, ["wh", "shop"]);
		const [b, a, c, d] = sections.flatMap((s) => s.rows.map((r) => r.key));
		const plan = applyPlan(
			sections,
			{ quantities: new Map([[a as string, "7,5"]]), excluded: new Set([c as string]) },
			"fr",
		);
		expect(plan.errors.size).toBe(0);
		expect(plan.lines).toEqual([
			{ productId: "p-B", locationId: "wh", quantity: 5, vendorId: "v1" },
			{ productId: "p-A", locationId: "shop", quantity: 7.5, vendorId: "v1" },
			{ productId: "p-D", locationId: "wh", quantity: 2 },
		]);
		expect(plan.sentKeys).toEqual([b, a, d]);
	});

	it("refuses a quantity that is not a number or not above zero, on its row", () => {
		const sections = suggestionSections(suggestions);
		const keys = sections.flatMap((s) => s.rows.map((r) => r.key));
		const plan = applyPlan(
			sections,
			{
				quantities: new Map([
					[keys[0] as string, "abc"],
					[keys[1] as string, "0"],
				]),
				excluded: new Set(),
			},
			"en",
		);
		expect([...plan.errors]).toEqual([
			[keys[0], "notNumber"],
			[keys[1], "notPositive"],
		]);
	});

	it("prices the rows kept per vendor and in all, as edited; a product without a cost is counted apart, not as 0", () => {
		const priced: PurchaseSuggestions = {
			groups: [
				{ vendor: { id: "v1", name: "Acme" }, lines: [line("A", "shop", 3, 2.5), line("B", "wh", 5, 0.1234)] },
				{ vendor: null, lines: [line("C", "wh", 2, 4), line("D", "wh", 1)] },
			],
		};
		const sections = suggestionSections(priced, ["wh", "shop"]);
		const rows = sections.flatMap((s) => s.rows);
		const key = (sku: string) => rows.find((r) => r.line.sku === sku)?.key as string;
		const edits = { quantities: new Map([[key("A"), "4,5"]]), excluded: new Set([key("C")]) };
		expect(rows.map((r) => [r.line.sku, rowEstimate(r, edits, "fr")])).toEqual([
			["B", 0.617],
			["A", 11.25],
			["C", 8],
			["D", null],
		]);
		expect(estimates(sections, edits, "fr")).toEqual({
			byVendor: [
				{ vendor: { id: "v1", name: "Acme" }, estimate: { amount: 11.867, costed: 2, withoutCost: 0 } },
				{ vendor: null, estimate: { amount: 0, costed: 0, withoutCost: 1 } },
			],
			total: { amount: 11.867, costed: 2, withoutCost: 1 },
		});
		// A quantity that is not a number prices nothing until fixed.
		const typo = { quantities: new Map([[key("A"), "abc"]]), excluded: new Set<string>() };
		expect(rowEstimate(rows[1] as (typeof rows)[number], typo, "en")).toBeNull();
		expect(estimates(sections, typo, "en").total).toEqual({ amount: 8.617, costed: 2, withoutCost: 1 });
	});

	it("moves through the quantities with arrows, Enter, PageUp/PageDown and Ctrl+Home/End, staying inside", () => {
		expect(nextRow(0, 5, { key: "ArrowDown" })).toBe(1);
		expect(nextRow(0, 5, { key: "ArrowUp" })).toBe(0);
		expect(nextRow(4, 5, { key: "Enter" })).toBe(4);
		expect(nextRow(3, 5, { key: "Enter", shiftKey: true })).toBe(2);
		expect(nextRow(1, 30, { key: "PageDown" })).toBe(11);
		expect(nextRow(3, 30, { key: "PageUp" })).toBe(0);
		expect(nextRow(3, 30, { key: "End", ctrlKey: true })).toBe(29);
		expect(nextRow(3, 30, { key: "Home" })).toBeNull();
		expect(nextRow(3, 30, { key: "a" })).toBeNull();
	});
});

/**
 * The grid's counted messages through ui/src/i18n/plural.ts ("Saved 1 cell", « 0 cellule
 * enregistrée »), its narrow layout (the SKU alone frozen) and its stock value cells (on hand × cost,
 * blank when the cost is unknown — never 0).
 */
import { describe, expect, it } from "vitest";
import type { LevelRow } from "../../ui/src/api/types";
import { buildColumns, cellValue, formatCell, type GridColumn } from "../../ui/src/grid/grid-columns";
import { t } from "../../ui/src/grid/grid-messages";
import { type ProductRow, totals } from "../../ui/src/grid/model/grid-rows";
import { formatMoney } from "../../ui/src/i18n/money";
import { plural } from "../../ui/src/i18n/plural";

describe("counted grid messages", () => {
	it("say one cell and several cells in English", () => {
		expect(plural(t, "saved", 1, {}, "en")).toBe("Saved 1 cell");
		expect(plural(t, "saved", 0, {}, "en")).toBe("Saved 0 cells");
		expect(plural(t, "saved", 1234, {}, "en")).toBe("Saved 1,234 cells");
		expect(plural(t, "pasted", 1, {}, "en")).toBe("Pasted 1 cell");
	});

	it("in French count 0 and 1 as one, and group the digits", () => {
		expect(plural(t, "saved", 0, {}, "fr")).toBe("0 cellule enregistrée");
		expect(plural(t, "saved", 1, {}, "fr")).toBe("1 cellule enregistrée");
		expect(plural(t, "saved", 2, {}, "fr")).toBe("2 cellules enregistrées");
		// A million is "many" in French's rules: the catalogue has no such variant, "other" says it.
		expect(plural(t, "copied", 1_000_000, {}, "fr").replace(/\s/g, " ")).toBe("1 000 000 cellules copiées");
	});
});

function product(purchaseCost: number | null, type: LevelRow["type"] = "inventory"): ProductRow {
	const level = (locationId: string, onHand: number): LevelRow => ({
		productId: "p1",
		sku: "A-1",
		name: "Bolt",
		type,
		tracking: "none",
		purchaseCost,
		expired: 0,
		expiring: 0,
		locationId,
		onHand,
		reserved: 0,
		available: onHand,
		incoming: 0,
		reorderPoint: null,
		reorderQty: null,
		bin: null,
		version: 1,
	});
	return {
		productId: "p1",
		sku: "A-1",
		name: "Bolt",
		type,
		purchaseCost,
		levels: new Map([
			["l1", level("l1", 10)],
			["l2", level("l2", 2.5)],
		]),
	};
}

describe("stock value columns", () => {
	const layout = buildColumns(
		[
			{ id: "l1", name: "Warehouse" },
			{ id: "l2", name: "Shop" },
		],
		true,
		{ value: true },
	);
	const column = (locationId: string): GridColumn => {
		const found = layout.columns.find((c) => c.field === "value" && c.locationId === locationId);
		if (!found) throw new Error(`no value column at ${locationId}`);
		return found;
	};
	const valueAt = (row: ProductRow, locationId: string) =>
		cellValue(row, column(locationId), (r) => totals(r, ["l1", "l2"]));

	it("are on hand × cost per location and in total, read-only, after the stock columns", () => {
		const row = product(123.45);
		expect(valueAt(row, "l1")).toBe(1234.5);
		expect(valueAt(row, "l2")).toBe(308.63);
		expect(valueAt(row, "total")).toBe(1543.13);
		expect(column("l1").editable).toBe(false);
		expect(formatCell(1234.5, column("l1"))).toBe(formatMoney(1234.5));
		const warehouse = layout.columns.filter((c) => c.locationId === "l1").map((c) => c.field);
		expect(warehouse).toEqual([
			"onHand",
			"reserved",
			"available",
			"incoming",
			"value",
			"reorderPoint",
			"reorderQty",
			"bin",
		]);
	});

	it("are blank, not 0, when the cost is unknown, and for what holds no stock of its own", () => {
		expect(valueAt(product(null), "l1")).toBeNull();
		expect(formatCell(valueAt(product(null), "total"), column("total"))).toBe("");
		expect(valueAt(product(5, "service"), "l1")).toBeNull();
		expect(valueAt(product(5, "kit"), "total")).toBeNull();
	});
});

describe("the narrow layout", () => {
	it("freezes the SKU alone, with no name or type column", () => {
		const narrow = buildColumns([{ id: "l1", name: "Warehouse" }], true, { narrow: true });
		const frozen = narrow.columns.filter((c) => c.frozen).map((c) => c.field);
		expect(frozen).toEqual(["sku"]);
		expect(narrow.columns.some((c) => c.field === "name" || c.field === "type")).toBe(false);
		expect(narrow.frozenWidth).toBeLessThan(200);
	});
});

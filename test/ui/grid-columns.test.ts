import { describe, expect, it } from "vitest";
import type { LevelRow } from "../../ui/src/api/types";
import {
	buildColumns,
	cellValue,
	formatCell,
	type GridColumn,
	notStocked,
	plainCell,
} from "../../ui/src/grid/grid-columns";
import { type ProductRow, totals } from "../../ui/src/grid/model/grid-rows";

function productOf(type: LevelRow["type"]): ProductRow {
	const level: LevelRow = {
		productId: `p-${type}`,
		sku: type,
		name: type,
		type,
		tracking: "none",
		purchaseCost: null,
		expired: 0,
		expiring: 0,
		locationId: "l1",
		onHand: 0,
		reserved: 0,
		available: 0,
		incoming: 0,
		reorderPoint: 2,
		reorderQty: 5,
		bin: "B-1",
		version: 1,
	};
	return { productId: level.productId, sku: type, name: type, type, levels: new Map([["l1", level]]) };
}

const layout = buildColumns([{ id: "l1", name: "Warehouse" }], true);
const column = (field: GridColumn["field"], locationId: string | null): GridColumn => {
	const found = layout.columns.find((c) => c.field === field && c.locationId === locationId);
	if (!found) throw new Error(`no column ${field} at ${locationId}`);
	return found;
};
const shown = (row: ProductRow, c: GridColumn) => cellValue(row, c, (r) => totals(r, ["l1"]));

describe("the grid's cells of products that hold no stock", () => {
	it("shows no quantity for a service or a non-inventory item (not a 0 that reads as out of stock)", () => {
		for (const type of ["service", "non_inventory"] as const) {
			const row = productOf(type);
			for (const field of ["onHand", "reserved", "available", "incoming"] as const) {
				for (const at of ["l1", "total"]) {
					const c = column(field, at);
					expect(notStocked(row, c)).toBe(true);
					expect(shown(row, c)).toBeNull();
					// Copied or exported: blank.
					expect(plainCell(shown(row, c), c, false)).toBe("");
				}
			}
		}
	});

	it("keeps their reorder point, reorder qty and bin, which stay editable", () => {
		const row = productOf("service");
		expect(formatCell(shown(row, column("reorderPoint", "l1")), column("reorderPoint", "l1"))).toBe("2");
		expect(shown(row, column("reorderQty", "l1"))).toBe(5);
		expect(shown(row, column("bin", "l1"))).toBe("B-1");
		expect(column("reorderPoint", "l1").editable).toBe(true);
		expect(notStocked(row, column("reorderPoint", "l1"))).toBe(false);
	});

	it("shows an inventory item's 0 as 0", () => {
		const row = productOf("inventory");
		expect(notStocked(row, column("onHand", "l1"))).toBe(false);
		expect(shown(row, column("onHand", "l1"))).toBe(0);
		expect(formatCell(shown(row, column("available", "total")), column("available", "total"))).toBe("0");
	});
});

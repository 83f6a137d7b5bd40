import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LevelRow } from "../../ui/src/api/types";
import {
	applyChanges,
	filterRows,
	type ProductRow,
	pivotLevels,
	type RowFilter,
	sortRows,
	totals,
} from "../../ui/src/grid/model/grid-rows";

function level(overrides: Partial<LevelRow> = {}): LevelRow {
	return {
		productId: "p1",
		sku: "A-1",
		name: "Bolt",
		type: "inventory",
		locationId: "l1",
		onHand: 0,
		reserved: 0,
		available: 0,
		incoming: 0,
		reorderPoint: null,
		reorderQty: null,
		bin: null,
		version: 1,
		...overrides,
	};
}

/** A product row with one level per entry of `levels` (keyed by location). */
function product(sku: string, levels: Record<string, Partial<LevelRow>> = {}, name = sku): ProductRow {
	const map = new Map<string, ProductRow>();
	const productId = `p-${sku}`;
	pivotLevels(
		Object.entries(levels).map(([locationId, l]) => level({ productId, sku, name, locationId, ...l })),
		map,
	);
	return map.get(productId) ?? { productId, sku, name, type: "inventory", levels: new Map() };
}

const noFilter: RowFilter = { text: "", locationIds: null, belowReorder: false, negativeAvailable: false };

describe("pivotLevels", () => {
	it("makes one row per product with its levels by location", () => {
		const map = new Map<string, ProductRow>();
		pivotLevels(
			[
				level({ locationId: "l1", onHand: 5 }),
				level({ locationId: "l2", onHand: 7 }),
				level({ productId: "p2", sku: "B-2", locationId: "l1" }),
			],
			map,
		);
		expect([...map.keys()]).toEqual(["p1", "p2"]);
		expect(map.get("p1")?.levels.get("l2")?.onHand).toBe(7);
		expect(map.get("p1")?.levels.size).toBe(2);
	});

	it("a later page replaces a level and takes the product's new name", () => {
		const map = new Map<string, ProductRow>();
		pivotLevels([level({ onHand: 5 })], map);
		pivotLevels([level({ onHand: 6, name: "Bolt M6", version: 2 })], map);
		expect(map.get("p1")?.levels.get("l1")?.onHand).toBe(6);
		expect(map.get("p1")?.name).toBe("Bolt M6");
	});
});

describe("applyChanges (live updates)", () => {
	it("merges the new stock into the row, keeping its reorder point and bin, and says which cell changed", () => {
		const map = new Map<string, ProductRow>();
		pivotLevels([level({ onHand: 5, available: 5, reorderPoint: 2, bin: "A1" })], map);
		const changed = applyChanges(map, [
			{ productId: "p1", locationId: "l1", onHand: 3, reserved: 1, available: 2, incoming: 0, version: 2 },
		]);
		expect(changed).toEqual([{ productId: "p1", locationId: "l1" }]);
		expect(map.get("p1")?.levels.get("l1")).toMatchObject({
			onHand: 3,
			available: 2,
			reorderPoint: 2,
			bin: "A1",
			version: 2,
		});
	});

	it("takes planning fields when the change carries them", () => {
		const map = new Map<string, ProductRow>();
		pivotLevels([level({ reorderPoint: 2 })], map);
		applyChanges(map, [
			{
				productId: "p1",
				locationId: "l1",
				onHand: 0,
				reserved: 0,
				available: 0,
				incoming: 0,
				version: 2,
				reorderPoint: null,
				bin: "Z9",
			},
		]);
		expect(map.get("p1")?.levels.get("l1")).toMatchObject({ reorderPoint: null, bin: "Z9" });
	});

	it("ignores products it does not show, and stale changes replayed after a reconnect", () => {
		const map = new Map<string, ProductRow>();
		pivotLevels([level({ onHand: 5, version: 4 })], map);
		const changed = applyChanges(map, [
			{ productId: "other", locationId: "l1", onHand: 1, reserved: 0, available: 1, incoming: 0, version: 9 },
			{ productId: "p1", locationId: "l1", onHand: 1, reserved: 0, available: 1, incoming: 0, version: 3 },
			{ productId: "p1", locationId: "l1", onHand: 5, reserved: 0, available: 0, incoming: 0, version: 4 },
		]);
		expect(changed).toEqual([]);
		expect(map.has("other")).toBe(false);
		expect(map.get("p1")?.levels.get("l1")?.onHand).toBe(5);
	});

	it("adds a level at a new location of a known product", () => {
		const map = new Map<string, ProductRow>();
		pivotLevels([level()], map);
		const changed = applyChanges(map, [
			{ productId: "p1", locationId: "l9", onHand: 2, reserved: 0, available: 2, incoming: 0, version: 1 },
		]);
		expect(changed).toEqual([{ productId: "p1", locationId: "l9" }]);
		expect(map.get("p1")?.levels.get("l9")).toMatchObject({ sku: "A-1", onHand: 2, reorderPoint: null });
	});
});

describe("totals", () => {
	it("totals never drift: 0.1 + 0.2 is 0.3", () => {
		const row = product("A", { l1: { onHand: 0.1, available: 0.1 }, l2: { onHand: 0.2, available: 0.2 } });
		expect(totals(row, ["l1", "l2"])).toEqual({ onHand: 0.3, reserved: 0, available: 0.3, incoming: 0 });
	});

	it("adds only the shown locations, counting a missing level as zero", () => {
		const row = product("A", { l1: { onHand: 5, incoming: 2 }, l2: { onHand: 7 }, l3: { onHand: 100 } });
		expect(totals(row, ["l1", "l2", "nowhere"])).toMatchObject({ onHand: 12, incoming: 2 });
	});

	it("equals the exact decimal sum for any 4-decimal quantities", () => {
		const qty = fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }).map((n) => n / 10_000);
		fc.assert(
			fc.property(fc.array(qty, { minLength: 1, maxLength: 8 }), (values) => {
				const levels = Object.fromEntries(values.map((v, i) => [`l${i}`, { onHand: v }]));
				const row = product("A", levels);
				const exact = values.reduce((sum, v) => sum + BigInt(Math.round(v * 10_000)), 0n);
				expect(totals(row, Object.keys(levels)).onHand).toBe(Number(exact) / 10_000);
			}),
		);
	});
});

describe("sortRows", () => {
	const rows = [
		product("A10", { l1: { onHand: 5, bin: "B" } }, "Écrou"),
		product("A2", { l1: { onHand: -1, bin: null } }, "bolt"),
		product("B1", {}, "Anchor"),
		product("A1", { l1: { onHand: 5, bin: "a" } }, "washer"),
	];
	const skus = (list: ProductRow[]) => list.map((r) => r.sku);

	it("sorts by SKU as people read it (A2 before A10) when no column is chosen", () => {
		expect(skus(sortRows(rows, null))).toEqual(["A1", "A2", "A10", "B1"]);
	});

	it("sorts names ignoring case and accents", () => {
		expect(skus(sortRows(rows, { field: "name", locationId: null, direction: "asc" }))).toEqual([
			"B1",
			"A2",
			"A10",
			"A1",
		]);
	});

	it("sorts a location's quantity, keeping equal rows in their order and empty cells last", () => {
		const asc = sortRows(rows, { field: "onHand", locationId: "l1", direction: "asc" });
		expect(skus(asc)).toEqual(["A2", "A10", "A1", "B1"]);
		const desc = sortRows(rows, { field: "onHand", locationId: "l1", direction: "desc" });
		expect(skus(desc)).toEqual(["A10", "A1", "A2", "B1"]);
	});

	it("puts empty bins last in both directions", () => {
		expect(skus(sortRows(rows, { field: "bin", locationId: "l1", direction: "asc" }))).toEqual([
			"A1",
			"A10",
			"A2",
			"B1",
		]);
		expect(skus(sortRows(rows, { field: "bin", locationId: "l1", direction: "desc" }))).toEqual([
			"A10",
			"A1",
			"A2",
			"B1",
		]);
	});

	it("sorts by the total across the shown locations", () => {
		const a = product("A", { l1: { available: 1 }, l2: { available: 10 } });
		const b = product("B", { l1: { available: 5 }, l2: { available: 0 } });
		expect(skus(sortRows([a, b], { field: "available", locationId: "total", direction: "asc" }))).toEqual(["B", "A"]);
		expect(skus(sortRows([a, b], { field: "available", locationId: "total", direction: "asc" }, ["l1"]))).toEqual([
			"A",
			"B",
		]);
	});

	it("does not reorder the list it was given", () => {
		const before = skus(rows);
		sortRows(rows, { field: "sku", locationId: null, direction: "desc" });
		expect(skus(rows)).toEqual(before);
	});
});

describe("filterRows", () => {
	const rows = [
		product("CAF-1", { l1: { available: 3, reorderPoint: 5 }, l2: { available: 50, reorderPoint: 5 } }, "Café moulu"),
		product("THE-2", { l1: { available: -2 }, l2: { available: 10 } }, "Thé vert"),
		product("SUC-3", { l1: { available: 5, reorderPoint: 5 } }, "Sucre"),
		product("EAU-4", { l1: { available: 9, reorderPoint: 5 }, l2: { available: 0, reorderPoint: null } }, "Eau"),
	];
	const skus = (list: ProductRow[]) => list.map((r) => r.sku);

	it("finds a product by SKU or name, ignoring case and accents", () => {
		expect(skus(filterRows(rows, { ...noFilter, text: "cafe" }))).toEqual(["CAF-1"]);
		expect(skus(filterRows(rows, { ...noFilter, text: "the-2" }))).toEqual(["THE-2"]);
		expect(skus(filterRows(rows, { ...noFilter, text: "  VERT " }))).toEqual(["THE-2"]);
		expect(skus(filterRows(rows, noFilter))).toEqual(["CAF-1", "THE-2", "SUC-3", "EAU-4"]);
	});

	it("'below reorder point' keeps rows at or under their reorder point at a shown location", () => {
		expect(skus(filterRows(rows, { ...noFilter, belowReorder: true }))).toEqual(["CAF-1", "SUC-3"]);
		expect(skus(filterRows(rows, { ...noFilter, belowReorder: true, locationIds: ["l2"] }))).toEqual([]);
	});

	it("'negative available' keeps rows with a shown location below zero", () => {
		expect(skus(filterRows(rows, { ...noFilter, negativeAvailable: true }))).toEqual(["THE-2"]);
		expect(skus(filterRows(rows, { ...noFilter, negativeAvailable: true, locationIds: ["l2"] }))).toEqual([]);
	});

	it("combines conditions: all must hold", () => {
		expect(skus(filterRows(rows, { ...noFilter, text: "sucre", belowReorder: true }))).toEqual(["SUC-3"]);
		expect(skus(filterRows(rows, { ...noFilter, belowReorder: true, negativeAvailable: true }))).toEqual([]);
	});
});

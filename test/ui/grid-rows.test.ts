import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LevelRow } from "../../ui/src/api/types";
import {
	applyChanges,
	filterRows,
	isKitOwnStock,
	type ProductRow,
	pivotLevels,
	type RowFilter,
	recomputeKits,
	sortRows,
	totals,
} from "../../ui/src/grid/model/grid-rows";

function level(overrides: Partial<LevelRow> = {}): LevelRow {
	return {
		productId: "p1",
		sku: "A-1",
		name: "Bolt",
		type: "inventory",
		tracking: "none",
		purchaseCost: null,
		expired: 0,
		expiring: 0,
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

const noFilter: RowFilter = {
	text: "",
	locationIds: null,
	belowReorder: false,
	negativeAvailable: false,
	expired: false,
	expiring: false,
};

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

describe("kits (live availability from their components)", () => {
	/** Frame (2.5 per kit) and wheel (1 per kit) at two locations, and the kit as the API answers it. */
	function bikeKit(): Map<string, ProductRow> {
		const map = new Map<string, ProductRow>();
		const components = [
			{ productId: "frame", quantity: 2.5 },
			{ productId: "wheel", quantity: 1 },
		];
		pivotLevels(
			[
				level({ productId: "frame", sku: "A", locationId: "l1", onHand: 10, available: 10 }),
				level({ productId: "frame", sku: "A", locationId: "l2", onHand: 5, available: 5 }),
				level({ productId: "wheel", sku: "B", locationId: "l1", onHand: 3, available: 3 }),
				level({ productId: "wheel", sku: "B", locationId: "l2", onHand: 9, available: 9 }),
				level({ productId: "kit", sku: "K", type: "kit", locationId: "l1", available: 3, components }),
				level({ productId: "kit", sku: "K", type: "kit", locationId: "l2", available: 2, components }),
			],
			map,
		);
		return map;
	}
	const change = (productId: string, locationId: string, available: number, version = 2) => ({
		productId,
		locationId,
		onHand: available,
		reserved: 0,
		available,
		incoming: 0,
		version,
	});

	it("a component's live change recomputes the kit there, and the kit's cell is reported changed", () => {
		const map = bikeKit();
		expect(map.get("kit")?.components).toEqual([
			{ productId: "frame", quantity: 2.5 },
			{ productId: "wheel", quantity: 1 },
		]);
		const changed = applyChanges(map, [change("wheel", "l1", 8)]);
		expect(changed).toEqual([
			{ productId: "wheel", locationId: "l1" },
			{ productId: "kit", locationId: "l1" },
		]);
		expect(map.get("kit")?.levels.get("l1")?.available).toBe(4); // 10 / 2.5 now limits
		expect(map.get("kit")?.levels.get("l2")?.available).toBe(2); // untouched location
	});

	it("counts decimals exactly and never goes below 0", () => {
		const map = bikeKit();
		applyChanges(map, [change("frame", "l2", 7.4999)]);
		expect(map.get("kit")?.levels.get("l2")?.available).toBe(2);
		applyChanges(map, [change("frame", "l2", 7.5, 3)]);
		expect(map.get("kit")?.levels.get("l2")?.available).toBe(3);
		applyChanges(map, [change("frame", "l2", -4, 4)]);
		expect(map.get("kit")?.levels.get("l2")?.available).toBe(0);
	});

	it("a change that leaves the kit's availability as it was flashes only the component", () => {
		const map = bikeKit();
		expect(applyChanges(map, [change("frame", "l1", 9)])).toEqual([{ productId: "frame", locationId: "l1" }]);
		expect(map.get("kit")?.levels.get("l1")?.available).toBe(3);
	});

	it("keeps the API's value while a component is not loaded", () => {
		const map = bikeKit();
		map.delete("frame");
		expect(applyChanges(map, [change("wheel", "l1", 0)])).toEqual([{ productId: "wheel", locationId: "l1" }]);
		expect(map.get("kit")?.levels.get("l1")?.available).toBe(3);
	});

	it("totals a kit as the sum of what it allows at each location", () => {
		const map = bikeKit();
		const kit = map.get("kit");
		if (!kit) throw new Error("no kit");
		expect(totals(kit, ["l1", "l2"])).toEqual({ onHand: 0, reserved: 0, available: 5, incoming: 0 });
	});

	it("recomputing every kit at once agrees with the components, and a kit's own stock sorts as blank", () => {
		const map = bikeKit();
		const frame = map.get("frame")?.levels;
		frame?.set("l1", level({ productId: "frame", locationId: "l1", onHand: 30, available: 30 }));
		frame?.set("l2", level({ productId: "frame", locationId: "l2", onHand: 30, available: 30 }));
		expect(recomputeKits(map)).toEqual([
			{ productId: "kit", locationId: "l2" }, // l1 stays 3: the wheels limit it
		]);
		expect(map.get("kit")?.levels.get("l2")?.available).toBe(9);
		const kit = map.get("kit");
		if (!kit) throw new Error("no kit");
		expect(isKitOwnStock(kit, "onHand")).toBe(true);
		expect(isKitOwnStock(kit, "available")).toBe(false);
		const rows = [kit, map.get("frame"), map.get("wheel")].filter((r): r is ProductRow => r !== undefined);
		const byOnHand = sortRows(rows, { field: "onHand", locationId: "l1", direction: "asc" });
		expect(byOnHand.map((r) => r.productId)).toEqual(["wheel", "frame", "kit"]);
	});
});

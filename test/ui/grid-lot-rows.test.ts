import { describe, expect, it } from "vitest";
import type { LevelChange, LevelRow, LocationLots } from "../../ui/src/api/types";
import { buildColumns, cellValue, type GridColumn } from "../../ui/src/grid/grid-columns";
import { applyChanges, filterRows, type ProductRow, type RowFilter, totals } from "../../ui/src/grid/model/grid-rows";
import { lotToggleKey } from "../../ui/src/grid/model/keyboard-model";
import { hasLots, lotLines, withLotRows } from "../../ui/src/grid/model/lot-subrows";

function level(productId: string, locationId: string, overrides: Partial<LevelRow> = {}): LevelRow {
	return {
		productId,
		sku: productId.toUpperCase(),
		name: productId,
		type: "inventory",
		tracking: "lot",
		purchaseCost: null,
		locationId,
		onHand: 10,
		reserved: 2,
		available: 8,
		incoming: 0,
		expired: 0,
		expiring: 0,
		reorderPoint: null,
		reorderQty: null,
		bin: null,
		version: 1,
		...overrides,
	};
}

function product(id: string, levels: LevelRow[], tracking: ProductRow["tracking"] = "lot"): ProductRow {
	return {
		productId: id,
		sku: id.toUpperCase(),
		name: id,
		type: "inventory",
		tracking,
		levels: new Map(levels.map((l) => [l.locationId, l])),
	};
}

const lot = (
	name: string,
	expiry: string | null,
	onHand: number,
	marks: { expired?: boolean; expiring?: boolean } = {},
) => ({
	lot: name,
	expiry,
	batch: null,
	onHand,
	expired: marks.expired ?? false,
	expiring: marks.expiring ?? false,
});

/** Two locations: A holds OLD (expired), SOON (expiring), NOEXP and 1 unassigned; B holds SOON and LATE. */
const items: LocationLots[] = [
	{
		locationId: "A",
		onHand: 10,
		unassigned: 1,
		lots: [
			lot("OLD", "2020-01-01", 2, { expired: true }),
			lot("SOON", "2030-01-10", 3, { expiring: true }),
			lot("NOEXP", null, 4),
		],
	},
	{
		locationId: "B",
		onHand: 7,
		unassigned: 0,
		lots: [lot("LATE", "2031-01-01", 5), lot("SOON", "2030-01-10", 2, { expiring: true })],
	},
	{ locationId: "C", onHand: 0, unassigned: 0, lots: [lot("GONE", "2029-01-01", 0)] },
];

describe("a tracked product's lot rows", () => {
	it("lists each lot once with its on hand per shown location, by expiry (none last), then the unassigned rest", () => {
		const lines = lotLines(items, null);
		expect(lines.map((l) => [l.kind, l.lot, Object.fromEntries(l.onHand)])).toEqual([
			["lot", "OLD", { A: 2 }],
			["lot", "SOON", { A: 3, B: 2 }],
			["lot", "LATE", { B: 5 }],
			["lot", "NOEXP", { A: 4 }],
			["unassigned", null, { A: 1 }],
		]);
		expect(lines[0]).toMatchObject({ expired: true, expiring: false });
		expect(lines[1]).toMatchObject({ expired: false, expiring: true });
	});

	it("keeps to the shown locations, and says so when none holds a lot", () => {
		expect(lotLines(items, ["B"]).map((l) => l.lot)).toEqual(["SOON", "LATE"]);
		expect(lotLines(items, ["C"]).map((l) => l.kind)).toEqual(["empty"]);
	});

	it("puts the lines under their expanded product row only, whatever the rows' order", () => {
		const a = product("a", [level("a", "A")]);
		const b = product("b", [level("b", "A")], "none");
		const c = product("c", [level("c", "A")], "serial");
		const expanded = new Map([
			["a", { status: "loaded" as const, items }],
			["b", { status: "loaded" as const, items }],
			["c", { status: "loading" as const }],
		]);
		const rows = withLotRows([c, b, a], expanded, ["A"]);
		expect(rows.map((r) => (r.lot ? `${r.productId}:${r.lot.lot ?? r.lot.kind}` : r.productId))).toEqual([
			"c",
			"c:loading",
			"b", // not tracked: never expands
			"a",
			"a:OLD",
			"a:SOON",
			"a:NOEXP",
			"a:unassigned",
		]);
		expect(hasLots(a)).toBe(true);
		expect(hasLots(b)).toBe(false);
		expect(rows.filter((r) => r.lot).every((r) => !hasLots(r))).toBe(true);
	});

	it("shows on hand per location and in the total, nothing for reserved and available, and the marks", () => {
		const layout = buildColumns(
			[
				{ id: "A", name: "A" },
				{ id: "B", name: "B" },
			],
			true,
		);
		const parent = product("a", [level("a", "A"), level("a", "B")]);
		const [soon] = withLotRows([parent], new Map([["a", { status: "loaded", items }]]), ["A", "B"]).filter(
			(r) => r.lot?.lot === "SOON",
		);
		if (!soon) throw new Error("no SOON row");
		const col = (field: string, locationId: string | null): GridColumn => {
			const found = layout.columns.find((c) => c.field === field && c.locationId === locationId);
			if (!found) throw new Error(`no column ${field} ${locationId}`);
			return found;
		};
		const value = (field: string, locationId: string | null) =>
			cellValue(soon, col(field, locationId), (r) => totals(r, ["A", "B"]));
		expect(value("sku", null)).toBe("SOON");
		expect(value("name", null)).toBe("Expires 2030-01-10 · Expiring soon");
		expect(value("type", null)).toBe("Lot");
		expect(value("onHand", "A")).toBe(3);
		expect(value("onHand", "B")).toBe(2);
		expect(value("onHand", "total")).toBe(5);
		expect(value("reserved", "A")).toBeNull();
		expect(value("available", "total")).toBeNull();
		expect(value("reorderPoint", "A")).toBeNull();
	});
});

describe("expiry in the grid's rows", () => {
	const noFilter: RowFilter = {
		text: "",
		locationIds: null,
		belowReorder: false,
		negativeAvailable: false,
		expired: false,
		expiring: false,
	};

	it("filters the products holding expired, or expiring, stock at a shown location", () => {
		const rows = [
			product("old", [level("old", "A", { expired: 2 }), level("old", "B")]),
			product("soon", [level("soon", "B", { expiring: 3 })]),
			product("fine", [level("fine", "A")]),
		];
		const ids = (filter: Partial<RowFilter>) => filterRows(rows, { ...noFilter, ...filter }).map((r) => r.productId);
		expect(ids({ expired: true })).toEqual(["old"]);
		expect(ids({ expiring: true })).toEqual(["soon"]);
		expect(ids({ expired: true, locationIds: ["B"] })).toEqual([]);
		expect(ids({ expired: true, expiring: true })).toEqual([]);
	});

	it("keeps leaving expired stock out of available when the live feed sends on hand − reserved", () => {
		// 10 on hand, 2 reserved, 3 expired left out: 5 available.
		const map = new Map([["a", product("a", [level("a", "A", { available: 5, expired: 3 })])]]);
		const change = (onHand: number, extra: Partial<LevelChange> = {}): LevelChange => ({
			productId: "a",
			locationId: "A",
			onHand,
			reserved: 2,
			available: onHand - 2,
			incoming: 0,
			version: 1,
			...extra,
		});
		applyChanges(map, [change(12)]);
		expect(map.get("a")?.levels.get("A")).toMatchObject({ onHand: 12, available: 7, expired: 3 });
		// Never more left out than is on hand.
		applyChanges(map, [change(1)]);
		expect(map.get("a")?.levels.get("A")).toMatchObject({ onHand: 1, available: -2 });
		// A whole row from the API (a stock form's answer) is taken as it is.
		applyChanges(map, [{ ...level("a", "A", { onHand: 9, reserved: 2, available: 7, expired: 0 }) }]);
		expect(map.get("a")?.levels.get("A")).toMatchObject({ onHand: 9, available: 7, expired: 0 });
		applyChanges(map, [change(11)]);
		expect(map.get("a")?.levels.get("A")).toMatchObject({ onHand: 11, available: 9 });
	});

	it("opens lots with Alt+ArrowDown, closes with Alt+ArrowUp, toggles with Space on the product's cells", () => {
		const key = (k: string, mods: { alt?: boolean; ctrl?: boolean; shift?: boolean } = {}) => ({
			key: k,
			altKey: mods.alt ?? false,
			ctrlKey: mods.ctrl ?? false,
			metaKey: false,
			shiftKey: mods.shift ?? false,
		});
		expect(lotToggleKey(key("ArrowDown", { alt: true }), false)).toBe("expand");
		expect(lotToggleKey(key("ArrowUp", { alt: true }), true)).toBe("collapse");
		expect(lotToggleKey(key(" "), true)).toBe("toggle");
		expect(lotToggleKey(key(" "), false)).toBeNull(); // on a quantity, Space types
		expect(lotToggleKey(key("ArrowDown"), false)).toBeNull();
		expect(lotToggleKey(key("ArrowDown", { alt: true, shift: true }), false)).toBeNull();
		expect(lotToggleKey(key("ArrowLeft", { alt: true }), false)).toBeNull();
	});
});

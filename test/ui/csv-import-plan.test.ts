import { describe, expect, it } from "vitest";
import type { LevelRow } from "../../ui/src/api/types";
import { parseCsv } from "../../ui/src/grid/model/csv";
import { type ProductRow, pivotLevels } from "../../ui/src/grid/model/grid-rows";
import { matchHeader, planCsvImport } from "../../ui/src/import/csv-import-plan";

const LOCATIONS = [
	{ id: "loc-main", name: "Main" },
	{ id: "loc-2", name: "Entrepôt Nord" },
];

function level(productId: string, sku: string, locationId: string, overrides: Partial<LevelRow> = {}): LevelRow {
	return {
		productId,
		sku,
		name: sku,
		type: "inventory",
		tracking: "none",
		purchaseCost: null,
		expired: 0,
		expiring: 0,
		locationId,
		onHand: 10,
		reserved: 0,
		available: 10,
		incoming: 0,
		reorderPoint: 5,
		reorderQty: 20,
		bin: "A1",
		version: 3,
		...overrides,
	};
}

function catalogue(): Map<string, ProductRow> {
	const map = new Map<string, ProductRow>();
	pivotLevels(
		[
			level("p1", "BOLT-1", "loc-main"),
			level("p1", "BOLT-1", "loc-2", { version: 8, reorderPoint: null, bin: null }),
			level("p2", "NUT-2", "loc-main", { onHand: 0.5 }),
			level("p3", "SERVICE", "loc-main", { type: "service" }),
		],
		map,
	);
	return map;
}

function plan(csv: string, locale: "en" | "fr" = "en", numbers?: "en" | "fr") {
	return planCsvImport(parseCsv(csv), catalogue(), LOCATIONS, { locale, numbers });
}

describe("planCsvImport", () => {
	it("previews each changed value with its line, and builds one patch per row with its version", () => {
		const result = plan("sku,location,reorder point,reorder qty,bin\nBOLT-1,Main,8,20,B7\nNUT-2,Main,,,\n");
		expect(result.errors).toEqual([]);
		expect(
			result.changes.map(({ line, sku, location, field, from, to }) => ({ line, sku, location, field, from, to })),
		).toEqual([
			{ line: 2, sku: "BOLT-1", location: "Main", field: "reorderPoint", from: 5, to: 8 },
			{ line: 2, sku: "BOLT-1", location: "Main", field: "bin", from: "A1", to: "B7" },
		]);
		expect(result.patches).toEqual([
			{ productId: "p1", locationId: "loc-main", version: 3, reorderPoint: 8, bin: "B7" },
		]);
		expect(result.lines).toBe(2);
	});

	it("an unchanged value is not a change, and an empty cell changes nothing", () => {
		const result = plan("sku,location,reorderPoint,bin\nBOLT-1,Main,5,A1\nBOLT-1,Entrepôt Nord,,\n");
		expect(result).toMatchObject({ changes: [], patches: [], counts: [], errors: [] });
	});

	it("'-' clears a reorder point or a bin", () => {
		const result = plan("sku,location,reorderPoint,bin\nBOLT-1,Main,-,-\n");
		expect(result.patches).toEqual([
			{ productId: "p1", locationId: "loc-main", version: 3, reorderPoint: null, bin: null },
		]);
	});

	it("reads a French Excel file: French headers, `;`, decimal commas, accents and case in names ignored", () => {
		const csv =
			"\ufeffSKU;Lieu;Point de commande;Quantité de commande;Emplacement;Comptage\r\nbolt-1;entrepot nord;2,5;1 000;Allée 3;12,25\r\n";
		const result = plan(csv, "fr", "fr");
		expect(result.errors).toEqual([]);
		expect(result.patches).toEqual([
			{ productId: "p1", locationId: "loc-2", version: 8, reorderPoint: 2.5, reorderQty: 1000, bin: "Allée 3" },
		]);
		expect(result.counts).toEqual([{ productId: "p1", locationId: "loc-2", onHand: 12.25, line: 2 }]);
		expect(result.changes.find((c) => c.field === "count")).toMatchObject({
			from: 10,
			to: 12.25,
			location: "Entrepôt Nord",
		});
	});

	it("a count equal to the stock on hand records nothing", () => {
		expect(plan("sku,location,count\nNUT-2,Main,0.5\n").counts).toEqual([]);
	});

	it("names the line and column of an unknown SKU, an unknown location and a bad number", () => {
		const result = plan("sku,location,reorder point,count\nNOPE,Main,1,\nBOLT-1,Attic,1,\nNUT-2,Main,abc,-1\n");
		expect(result.errors).toEqual([
			{ line: 2, column: "sku", message: "Unknown SKU “NOPE”." },
			{ line: 3, column: "location", message: "Unknown location “Attic”." },
			{ line: 4, column: "reorder point", message: "“abc” is not a number (at most 4 decimals)." },
			{ line: 4, column: "count", message: "Must be 0 or more." },
		]);
		expect(result.errorLines).toBe(3);
		expect(result.changes).toEqual([]);
	});

	it("a line with an error changes nothing, so skipping errors applies exactly the preview", () => {
		const result = plan(`sku,location,reorderPoint,bin\nBOLT-1,Main,7,x\nNUT-2,Main,7,${"y".repeat(65)}\n`);
		expect(result.errors).toEqual([{ line: 3, column: "bin", message: "At most 64 characters." }]);
		expect(result.patches.map((p) => p.productId)).toEqual(["p1"]);
		expect(result.changes.every((c) => c.line === 2)).toBe(true);
	});

	it("flags a second line for the same SKU and location as a duplicate of the first", () => {
		const result = plan("sku,location,reorderPoint\nBOLT-1,Main,7\nNUT-2,Main,1\nBOLT-1,main,9\n");
		expect(result.errors).toEqual([{ line: 4, column: "sku", message: "Same SKU and location as line 2." }]);
		expect(result.patches).toEqual([
			{ productId: "p1", locationId: "loc-main", version: 3, reorderPoint: 7 },
			{ productId: "p2", locationId: "loc-main", version: 3, reorderPoint: 1 },
		]);
	});

	it("refuses to count a service, and a product with no level at the location", () => {
		const result = plan("sku,location,count\nSERVICE,Main,4\nNUT-2,Entrepôt Nord,4\n");
		expect(result.errors).toEqual([
			{ line: 2, column: "count", message: "This product is not tracked in stock; it cannot be counted." },
			{ line: 3, column: "location", message: "Entrepôt Nord: This product has no stock level at this location." },
		]);
	});

	it("counts line numbers as the spreadsheet does, blank lines included", () => {
		const result = plan("sku,location,reorderPoint\n\nBOLT-1,Main,x\n");
		expect(result.errors[0]?.line).toBe(3);
		expect(result.lines).toBe(1);
	});

	it("says which columns are missing, in French for a French user", () => {
		expect(plan("name,bin\nx,y\n", "fr").errors).toEqual([
			{ line: 1, column: "sku", message: "La colonne «\u00a0sku\u00a0» manque." },
			{ line: 1, column: "location", message: "La colonne «\u00a0location\u00a0» manque." },
		]);
		expect(plan("sku,location,name\n").errors).toEqual([
			{ line: 1, column: "", message: "No column to import: add reorder point, reorder qty, bin or count." },
		]);
		expect(plan("").errors).toEqual([{ line: 1, column: "", message: "The file is empty." }]);
	});

	it("needs no location column when the company has one location", () => {
		const map = catalogue();
		const result = planCsvImport(parseCsv("sku,bin\nBOLT-1,Z9\n"), map, [{ id: "loc-main", name: "Main" }], {
			locale: "en",
		});
		expect(result.patches).toEqual([{ productId: "p1", locationId: "loc-main", version: 3, bin: "Z9" }]);
	});

	it("reads numbers of an English file the English way, whatever the user's language", () => {
		const result = plan('sku,location,reorderQty\nBOLT-1,Main,"1,234.5"\n', "fr", "en");
		expect(result.patches[0]?.reorderQty).toBe(1234.5);
	});

	it("takes back a bin our own export protected from formula injection", () => {
		const result = plan("sku,location,bin\nBOLT-1,Main,'=A1\n");
		expect(result.patches[0]?.bin).toBe("=A1");
	});

	it("recognizes header names in English and French, in any case and spacing", () => {
		expect(
			["SKU", "Location", "Reorder Point", "reorder_qty", "BIN", "Comptage", "point de commande", "Name"].map(
				matchHeader,
			),
		).toEqual(["sku", "location", "reorderPoint", "reorderQty", "bin", "count", "reorderPoint", null]);
	});

	it("reads back the grid's own CSV export: a column per location and field, other columns ignored", () => {
		const exported = [
			"SKU,Name,Type,Total – On hand,Main – On hand,Main – Reorder point,Main – Bin,Entrepôt Nord – Reorder qty",
			"BOLT-1,Bolt,Inventory,20,10,6,A1,30",
			"NUT-2,Nut,Inventory,0.5,0.5,5,A1,",
		].join("\r\n");
		const result = plan(`${exported}\r\n`, "en", "en");
		expect(result.errors).toEqual([]);
		expect(result.patches).toEqual([
			{ productId: "p1", locationId: "loc-main", version: 3, reorderPoint: 6 },
			{ productId: "p1", locationId: "loc-2", version: 8, reorderQty: 30 },
		]);
		expect(result.changes.map((c) => `${c.line} ${c.location} ${c.field} ${c.from}→${c.to}`)).toEqual([
			"2 Main reorderPoint 5→6",
			"2 Entrepôt Nord reorderQty 20→30",
		]);
	});

	it("reads the French export's headers too, and names an unknown location in a header", () => {
		const fr = plan("SKU;Nom;Main – Seuil de réappro.;Main – Casier\nBOLT-1;Boulon;7,5;-\n", "fr", "fr");
		expect(fr.patches).toEqual([{ productId: "p1", locationId: "loc-main", version: 3, reorderPoint: 7.5, bin: null }]);
		expect(plan("SKU,Attic – Bin\nBOLT-1,X\n").errors).toEqual([
			{ line: 1, column: "Attic – Bin", message: "Unknown location “Attic”." },
		]);
	});

	it("in the export's shape, a product with no level at a location is an error only when its cell has a value", () => {
		const map = catalogue();
		const only = planCsvImport(parseCsv("SKU,Entrepôt Nord – Bin,Main – Bin\nNUT-2,,Z\nNUT-2,Q,\n"), map, LOCATIONS, {
			locale: "en",
		});
		expect(only.patches).toEqual([{ productId: "p2", locationId: "loc-main", version: 3, bin: "Z" }]);
		expect(only.errors).toEqual([
			{ line: 3, column: "location", message: "Entrepôt Nord: This product has no stock level at this location." },
		]);
	});
});

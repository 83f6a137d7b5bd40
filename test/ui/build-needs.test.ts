import { describe, expect, it } from "vitest";
import type { BomComponent } from "../../ui/src/api/types";
import { buildNeeds, isShort, totalOf } from "../../ui/src/assemblies/build-needs";

const table = { id: "t", sku: "TABLE", name: "Table" };
const components: BomComponent[] = [
	{ productId: "top", sku: "TOP", name: "Top", quantity: 1, isAssembly: false },
	{ productId: "leg", sku: "LEG", name: "Leg", quantity: 4, isAssembly: false },
	{ productId: "glue", sku: "GLUE", name: "Glue", quantity: 0.1, isAssembly: false },
];
const stock: Record<string, number> = { top: 5, leg: 10, glue: 0.3, t: 2 };

describe("a build's needs at a location", () => {
	it("multiplies exactly, like the server (3 × 0.1 is 0.3)", () => {
		expect(totalOf(3, 0.1)).toBe(0.3);
		expect(totalOf(2.5, 1.5)).toBe(3.75);
	});

	it("lists each component's need beside what is available, with the shortfall", () => {
		const rows = buildNeeds("build", 3, table, components, (id) => stock[id] ?? 0);
		expect(rows).toEqual([
			{ productId: "top", sku: "TOP", name: "Top", need: 3, available: 5, short: 0 },
			{ productId: "leg", sku: "LEG", name: "Leg", need: 12, available: 10, short: 2 },
			{ productId: "glue", sku: "GLUE", name: "Glue", need: 0.3, available: 0.3, short: 0 },
		]);
		expect(isShort(rows)).toBe(true);
		expect(isShort(buildNeeds("build", 2, table, components, (id) => stock[id] ?? 0))).toBe(false);
	});

	it("an unbuild takes the assembly itself; negative available counts as nothing to take", () => {
		expect(buildNeeds("unbuild", 3, table, components, (id) => stock[id] ?? 0)).toEqual([
			{ productId: "t", sku: "TABLE", name: "Table", need: 3, available: 2, short: 1 },
		]);
		expect(buildNeeds("unbuild", 1, table, components, () => -2)[0]?.short).toBe(3);
	});
});

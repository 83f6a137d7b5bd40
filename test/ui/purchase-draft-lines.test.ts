import { describe, expect, it } from "vitest";
import { type DraftRow, draftPlan, emptyRow, rowFieldOf } from "../../ui/src/purchasing/draft-lines";

const row = (fields: Partial<DraftRow>): DraftRow => ({ ...emptyRow(), ...fields });

describe("the lines of a draft purchase", () => {
	it("sends product, quantity and the cost when one is typed; blank rows are dropped", () => {
		const rows = [
			row({ productId: "a", label: "A", quantity: "12,5", unitCost: "3,25" }),
			row({}),
			row({ productId: "b", label: "B", quantity: "1" }),
		];
		const plan = draftPlan(rows, "fr");
		expect(plan.errors.size).toBe(0);
		expect(plan.lines).toEqual([
			{ productId: "a", quantity: 12.5, unitCost: 3.25 },
			{ productId: "b", quantity: 1 },
		]);
		expect(plan.sentKeys).toEqual([rows[0]?.key, rows[2]?.key]);
	});

	it("names each row's field at fault: no product, a quantity not above zero, a negative cost, a product twice", () => {
		const rows = [
			row({ label: "wid", quantity: "2" }),
			row({ productId: "a", quantity: "0", unitCost: "-1" }),
			row({ productId: "b", quantity: "x" }),
			row({ productId: "b", quantity: "1" }),
		];
		const plan = draftPlan(rows, "en");
		const [r0, r1, r2, r3] = rows.map((r) => r.key);
		expect(Object.fromEntries(plan.errors)).toEqual({
			[`${r0}.productId`]: "chooseProduct",
			[`${r1}.quantity`]: "notPositive",
			[`${r1}.unitCost`]: "negativeCost",
			[`${r2}.quantity`]: "notNumber",
			[`${r3}.productId`]: "duplicate",
		});
		expect(plan.lines).toEqual([]);
	});

	it("maps the server's `lines.N.field` to the row sent at N", () => {
		expect(rowFieldOf("lines.1.productId", ["r-a", "r-c"])).toBe("r-c.productId");
		expect(rowFieldOf("lines.5.quantity", ["r-a"])).toBeNull();
		expect(rowFieldOf("locationId", ["r-a"])).toBeNull();
	});
});

import { describe, expect, it } from "vitest";
import {
	type BomRow,
	bomRequest,
	emptyRow,
	productForText,
	productLabel,
	rowsOf,
	serverErrorsByRow,
} from "../../ui/src/assemblies/bom-rows";
import { parseQuantity } from "../../ui/src/i18n/numbers";

const products = [
	{ id: "p1", sku: "TOP-1", name: "Table top" },
	{ id: "p2", sku: "LEG", name: "Leg" },
];
const row = (productId: string | null, quantity: string, label = ""): BomRow => ({
	key: `k-${productId}-${quantity}`,
	productId,
	label,
	quantity,
});
const en = (s: string) => parseQuantity(s, "en");

describe("the BOM editor's rows", () => {
	it("shows a BOM as rows the user can edit, quantities in the user's locale", () => {
		const rows = rowsOf(
			{
				productId: "asm",
				version: 3,
				components: [{ productId: "p2", sku: "LEG", name: "Leg", quantity: 4.5, isAssembly: false }],
			},
			(n) => new Intl.NumberFormat("fr").format(n),
		);
		expect(rows).toEqual([{ key: expect.any(String), productId: "p2", label: "LEG — Leg", quantity: "4,5" }]);
	});

	it("finds the product a typed text names: its label or its SKU in any case", () => {
		expect(productForText(productLabel(products[0] as (typeof products)[0]), products)?.id).toBe("p1");
		expect(productForText(" leg ", products)?.id).toBe("p2");
		expect(productForText("Table", products)).toBeNull();
		expect(productForText("", products)).toBeNull();
	});

	it("sends the filled rows; blank rows are dropped, and no row at all removes the BOM", () => {
		expect(bomRequest([row("p1", "1"), emptyRow(), row("p2", "4.25")], "asm", en)).toEqual({
			ok: true,
			components: [
				{ productId: "p1", quantity: 1 },
				{ productId: "p2", quantity: 4.25 },
			],
		});
		expect(bomRequest([emptyRow()], "asm", en)).toEqual({ ok: true, components: [] });
	});

	it("refuses before saving: no product chosen, the assembly itself, a duplicate, a bad or non-positive quantity", () => {
		const result = bomRequest(
			[row(null, "1", "something typed"), row("asm", "1"), row("p1", "x"), row("p1", "0"), row("p2", "1.00001")],
			"asm",
			en,
		);
		expect(result).toEqual({
			ok: false,
			errors: {
				"components.0.productId": "pickProduct",
				"components.1.productId": "self",
				"components.2.quantity": "notNumber",
				"components.3.productId": "duplicate",
				"components.3.quantity": "notPositive",
				"components.4.quantity": "notNumber",
			},
		});
	});

	it("brings the server's field errors back to the rows that were sent, skipping blank ones", () => {
		const rows = [row("p1", "1"), emptyRow(), row("p2", "2")];
		expect(
			serverErrorsByRow(rows, {
				"components.1.productId": "cycle: LEG → TOP-1 → LEG",
				version: "current version is 4",
			}),
		).toEqual({ [rows[2]?.key as string]: { product: "cycle: LEG → TOP-1 → LEG" } });
	});
});

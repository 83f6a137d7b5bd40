import { describe, expect, it } from "vitest";
import type { OrderLine } from "../../ui/src/api/types";
import { errorsByLine, prefillQuantities, readDeliveryLines } from "../../ui/src/orders/delivery-form";

function line(productId: string, ordered: number, delivered: number): OrderLine {
	const remaining = Math.max(0, ordered - delivered);
	return {
		productId,
		sku: `SKU-${productId}`,
		name: `Product ${productId}`,
		ordered,
		delivered,
		reserved: remaining,
		remaining,
		shortfall: 0,
		kits: [],
	};
}

const lines = [line("a", 5, 2), line("b", 1.5, 0), line("c", 4, 4)];

describe("the new delivery note form", () => {
	it("starts each line at what remains to deliver, in the user's numbers; a delivered line is not offered", () => {
		expect(prefillQuantities(lines, "en")).toEqual(
			new Map([
				["a", "3"],
				["b", "1.5"],
			]),
		);
		expect(prefillQuantities(lines, "fr").get("b")).toBe("1,5");
	});

	it("sends the lines as typed, skipping those left at 0 or empty", () => {
		const typed = new Map([
			["a", "2"],
			["b", "0"],
		]);
		expect(readDeliveryLines(lines, typed, "en")).toEqual({ ok: true, lines: [{ productId: "a", quantity: 2 }] });
		expect(readDeliveryLines(lines, new Map([["b", "1,25"]]), "fr")).toEqual({
			ok: true,
			lines: [{ productId: "b", quantity: 1.25 }],
		});
	});

	it("refuses every wrong line at once, each at its line: not a number, negative, more than remains", () => {
		const read = readDeliveryLines(
			[...lines, line("d", 2, 0)],
			new Map([
				["a", "4"],
				["b", "abc"],
				["d", "-1"],
			]),
			"en",
		);
		expect(read).toEqual({
			ok: false,
			nothingToDeliver: false,
			errors: new Map([
				["a", { code: "above_remaining", remaining: 3 }],
				["b", { code: "not_a_number" }],
				["d", { code: "negative" }],
			]),
		});
	});

	it("says there is nothing to deliver when every quantity is 0", () => {
		expect(
			readDeliveryLines(
				lines,
				new Map([
					["a", "0"],
					["b", ""],
				]),
				"en",
			),
		).toEqual({ ok: false, nothingToDeliver: true, errors: new Map() });
	});

	it("shows the server's line errors at the line they were sent for, other fields by name", () => {
		const sent = [
			{ productId: "b", quantity: 1 },
			{ productId: "a", quantity: 3 },
		];
		const { lines: byLine, fields } = errorsByLine(
			{ "lines.1.quantity": "above what remains (2)", "lines.0": "not on this order", locationId: "archived" },
			sent,
		);
		expect(byLine).toEqual(
			new Map([
				["a", "above what remains (2)"],
				["b", "not on this order"],
			]),
		);
		expect(fields).toEqual({ locationId: "archived" });
	});
});

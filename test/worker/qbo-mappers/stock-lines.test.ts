import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromScaled } from "../../../worker/core/quantity";
import { isDeletedStub } from "../../../worker/qbo/document-entities";
import { multiplyScaled, qboDecimalToScaled } from "../../../worker/qbo/qbo-decimal";
import { stockLinesOf } from "../../../worker/qbo/stock-lines";
import { makeBill, makeInventoryAdjustment, makeInvoice } from "../../fixtures/qbo/documents";
import {
	accountLine,
	adjustmentLine,
	descriptionLine,
	discountLine,
	expenseLine,
	groupLine,
	type QboJson,
	salesLine,
	subTotalLine,
} from "../../fixtures/qbo/lines";
import { ITEM, read } from "./helpers";

function linesOf(entityType: "Invoice" | "Bill" | "InventoryAdjustment", json: QboJson) {
	const { document } = read(entityType, json);
	if (isDeletedStub(document)) throw new Error("not a document");
	return stockLinesOf(document);
}

describe("stockLinesOf", () => {
	it("keeps item lines and skips descriptions, subtotals and discounts", () => {
		const invoice = makeInvoice({
			lines: [salesLine(ITEM.pump, 1), descriptionLine(), salesLine(ITEM.rocks, 5), discountLine(), subTotalLine(335)],
		});
		expect(linesOf("Invoice", invoice)).toEqual([
			{ qboItemId: ITEM.pump, quantity: 10_000, exact: true },
			{ qboItemId: ITEM.rocks, quantity: 50_000, exact: true },
		]);
	});

	it("sums an item that appears on several lines", () => {
		const invoice = makeInvoice({
			lines: [salesLine(ITEM.pump, 2), salesLine(ITEM.rocks, 1), salesLine(ITEM.pump, 3)],
		});
		expect(linesOf("Invoice", invoice)).toEqual([
			{ qboItemId: ITEM.pump, quantity: 50_000, exact: true },
			{ qboItemId: ITEM.rocks, quantity: 10_000, exact: true },
		]);
	});

	it("counts a bundle's nested component lines, never the bundle itself", () => {
		const invoice = makeInvoice({
			lines: [
				groupLine(ITEM.deluxe, 2, [
					salesLine(ITEM.pump, 2),
					salesLine(ITEM.fountain, 2),
					salesLine(ITEM.installation, 8),
					descriptionLine(),
				]),
				salesLine(ITEM.pump, 1),
			],
		});
		expect(linesOf("Invoice", invoice)).toEqual([
			{ qboItemId: ITEM.pump, quantity: 30_000, exact: true },
			{ qboItemId: ITEM.fountain, quantity: 20_000, exact: true },
			{ qboItemId: ITEM.installation, quantity: 80_000, exact: true },
		]);
	});

	it("returns a bundle QBO did not expand as the bundle, to be expanded from its kit", () => {
		expect(linesOf("Invoice", makeInvoice({ lines: [groupLine(ITEM.deluxe, 2)] }))).toEqual([
			{ qboItemId: ITEM.deluxe, quantity: 20_000, exact: true },
		]);
	});

	it("converts decimal quantities exactly, and sums them as integers", () => {
		const invoice = makeInvoice({
			lines: [
				salesLine(ITEM.pump, 2.5),
				salesLine(ITEM.pump, 0.0001),
				salesLine(ITEM.rocks, 0.1),
				salesLine(ITEM.rocks, 0.2),
			],
		});
		expect(linesOf("Invoice", invoice)).toEqual([
			{ qboItemId: ITEM.pump, quantity: 25_001, exact: true },
			{ qboItemId: ITEM.rocks, quantity: 3_000, exact: true },
		]);
	});

	it("rounds a quantity with more than 4 decimals and says so", () => {
		expect(linesOf("Invoice", makeInvoice({ lines: [salesLine(ITEM.pump, 1.00007)] }))).toEqual([
			{ qboItemId: ITEM.pump, quantity: 10_001, exact: false },
		]);
	});

	it("treats a missing Qty as zero and leaves out items that sum to zero", () => {
		const invoice = makeInvoice({
			lines: [salesLine(ITEM.pump), salesLine(ITEM.rocks, 2), salesLine(ITEM.rocks, -2), salesLine(ITEM.fountain, 1)],
		});
		expect(linesOf("Invoice", invoice)).toEqual([{ qboItemId: ITEM.fountain, quantity: 10_000, exact: true }]);
	});

	it("reads purchase item lines and skips account-based expenses", () => {
		const bill = makeBill({ lines: [expenseLine(ITEM.pump, 8), accountLine(), expenseLine(ITEM.garden, 0.5)] });
		expect(linesOf("Bill", bill)).toEqual([
			{ qboItemId: ITEM.pump, quantity: 80_000, exact: true },
			{ qboItemId: ITEM.garden, quantity: 5_000, exact: true },
		]);
	});

	it("reads signed QtyDiffs, with or without a DetailType", () => {
		const adjustment = makeInventoryAdjustment({
			lines: [adjustmentLine(ITEM.pump, -2), adjustmentLine(ITEM.rocks, 3.25, true)],
		});
		expect(linesOf("InventoryAdjustment", adjustment)).toEqual([
			{ qboItemId: ITEM.pump, quantity: -20_000, exact: true },
			{ qboItemId: ITEM.rocks, quantity: 32_500, exact: true },
		]);
	});

	it("finds no stock in a voided document", () => {
		const dropped = makeInvoice({ lines: [salesLine(ITEM.pump, 3)], voided: "drop-qty", syncToken: 1 });
		const zeroed = makeInvoice({
			lines: [groupLine(ITEM.deluxe, 1, [salesLine(ITEM.pump, 1)])],
			voided: "zero-qty",
			syncToken: 1,
		});
		expect(linesOf("Invoice", dropped)).toEqual([]);
		expect(linesOf("Invoice", zeroed)).toEqual([]);
	});
});

describe("QBO decimals to scaled integers", () => {
	it("is exact for every quantity with at most 4 decimals", () => {
		fc.assert(
			fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), (scaled) => {
				expect(qboDecimalToScaled(fromScaled(scaled))).toEqual({ scaled, exact: true });
			}),
			{ seed: 7, numRuns: 2_000 },
		);
	});

	it("rounds half away from zero, without a negative zero", () => {
		expect(qboDecimalToScaled(-2.00005).scaled).toBe(-qboDecimalToScaled(2.00005).scaled);
		expect(Object.is(qboDecimalToScaled(-0.00001).scaled, 0)).toBe(true);
	});

	it("multiplies scaled quantities exactly, beyond 2^53 in between", () => {
		expect(multiplyScaled(25_000, 30_000)).toBe(75_000);
		expect(multiplyScaled(1, 5_000)).toBe(1);
		expect(multiplyScaled(-1, 5_000)).toBe(-1);
		expect(multiplyScaled(10_000_000_000_000, 20_000)).toBe(20_000_000_000_000);
	});
});

import { describe, expect, it } from "vitest";
import type { PurchaseLine } from "../../ui/src/api/types";
import type { Locale } from "../../ui/src/i18n/locale";
import { errorsByProduct, receiptDefaults, receiptPlan } from "../../ui/src/purchasing/receipt-lines";

const line = (productId: string, ordered: number, received: number): PurchaseLine => ({
	productId,
	ordered,
	received,
	open: Math.max(0, ordered - received),
	unitCost: null,
});

/** The plan of a form whose quantity fields hold `texts` (by product id), typed in `locale`. */
const planOf = (texts: Record<string, string>, locale: Locale) =>
	receiptPlan(
		Object.entries(texts).map(([productId, text]) => ({ productId, text })),
		locale,
	);

describe("the Receive form of a purchase", () => {
	it("is prefilled with what is still open on each line, in the user's locale", () => {
		const lines = [line("a", 10, 4), line("b", 2.5, 0), line("c", 3, 5)];
		expect([...receiptDefaults(lines, "en")]).toEqual([
			["a", "6"],
			["b", "2.5"],
			["c", "0"],
		]);
		expect(receiptDefaults(lines, "fr").get("b")).toBe("2,5");
	});

	it("sends the lines above zero; 0 or blank skips a line; more than open is allowed", () => {
		const plan = planOf({ a: "4", b: "0", c: "  ", d: "1 000,25" }, "fr");
		expect(plan.lines).toEqual([
			{ productId: "a", quantity: 4 },
			{ productId: "d", quantity: 1000.25 },
		]);
		expect(plan.errors.size).toBe(0);
	});

	it("puts a wrong quantity on its line and sends nothing for it", () => {
		const plan = planOf({ a: "abc", b: "-1", c: "1.23456", d: "2" }, "en");
		expect([...plan.errors]).toEqual([
			["a", "notNumber"],
			["b", "negative"],
			["c", "notNumber"],
		]);
		expect(plan.lines).toEqual([{ productId: "d", quantity: 2 }]);
	});

	it("puts the server's field errors on the line that was sent at that index", () => {
		const sent = [{ productId: "b" }, { productId: "d" }];
		const { byProduct, other } = errorsByProduct(
			{ "lines.1.productId": "not on this purchase", status: "the purchase is received" },
			sent,
		);
		expect([...byProduct]).toEqual([["d", "not on this purchase"]]);
		expect(other).toEqual(["the purchase is received"]);
	});
});

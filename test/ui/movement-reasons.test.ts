/**
 * The ledger's reasons that Stockroom wrote, in the user's language (ui/src/app/movement-reasons.ts):
 * a QuickBooks document's line adds only whether it was voided, opening stock says where it came
 * from, and a person's own words are shown as typed.
 */
import { describe, expect, it } from "vitest";
import { movementReasonText } from "../../ui/src/app/movement-reasons";

describe("a ledger line's reason", () => {
	it("adds nothing to a QuickBooks document's line but that it was voided, agreeing in French", () => {
		const bill = { kind: "bill" as const, reason: "QBO Bill 77", reasonCode: "qbo_document" as const };
		expect(movementReasonText({ ...bill, reasonParams: { voided: "no" } }, "en")).toBe("");
		expect(movementReasonText({ ...bill, reasonParams: { voided: "yes" } }, "en")).toBe("voided in QuickBooks");
		expect(movementReasonText({ ...bill, reasonParams: { voided: "yes" } }, "fr")).toBe("annulée dans QuickBooks");
		expect(movementReasonText({ ...bill, kind: "credit_memo", reasonParams: { voided: "yes" } }, "fr")).toBe(
			"annulé dans QuickBooks",
		);
	});

	it("says where opening stock came from, in both languages", () => {
		const opening = {
			kind: "adjustment" as const,
			reason: "opening stock from QuickBooks",
			reasonCode: "opening_stock" as const,
		};
		expect(movementReasonText({ ...opening, reasonParams: { from: "quickbooks" } }, "en")).toBe(
			"opening stock from QuickBooks",
		);
		expect(movementReasonText({ ...opening, reasonParams: { from: "quickbooks" } }, "fr")).toBe(
			"stock d’ouverture repris de QuickBooks",
		);
		expect(movementReasonText({ ...opening, reasonParams: { from: "demo" } }, "fr")).toBe("stock d’ouverture");
	});

	it("words an order's line with its status in French, and shows a person's words as typed", () => {
		expect(
			movementReasonText(
				{
					kind: "invoice",
					reason: "Order 1004 (partially_delivered)",
					reasonCode: "order_line",
					reasonParams: { order: "1004", status: "partially_delivered" },
				},
				"fr",
			),
		).toBe("commande 1004 (livrée en partie)");
		expect(
			movementReasonText({ kind: "adjustment", reason: "Order 12 (open)", reasonCode: null, reasonParams: null }, "fr"),
		).toBe("Order 12 (open)");
	});
});

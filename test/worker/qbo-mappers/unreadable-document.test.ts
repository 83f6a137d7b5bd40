/**
 * The sync log's sentence for a QBO document that does not read (pure): where the problem is —
 * which line, which component of a bundle, which header field — in words, never zod's issues.
 */
import { describe, expect, it } from "vitest";
import { parseQboDocument, type QboDocumentType } from "../../../worker/qbo/document-entities";
import { unreadableDocumentSentence } from "../../../worker/qbo/unreadable-document";
import { makeBill, makeInventoryAdjustment, makeInvoice } from "../../fixtures/qbo/documents";
import { adjustmentLine, expenseLine, groupLine, type QboJson, salesLine } from "../../fixtures/qbo/lines";

function sentenceFor(entityType: QboDocumentType, json: unknown): string {
	const parsed = parseQboDocument(entityType, json);
	if (parsed.success) throw new Error("expected the document not to read");
	return unreadableDocumentSentence(entityType, json, parsed.error);
}

/** `line` with `field` removed from its detail object. */
function without(line: QboJson, detail: string, field: string): QboJson {
	const { [field]: _, ...rest } = line[detail] as QboJson;
	return { ...line, [detail]: rest };
}

describe("unreadableDocumentSentence", () => {
	it.each<[string, QboDocumentType, unknown, string]>([
		[
			"a line without its item",
			"Invoice",
			makeInvoice({ lines: [salesLine("11", 1), without(salesLine("12", 1), "SalesItemLineDetail", "ItemRef")] }),
			"QuickBooks sent an invoice Stockroom could not read: Line 2 has no item.",
		],
		[
			"a quantity that is not a number",
			"Bill",
			makeBill({
				lines: [{ ...expenseLine("11", 1), ItemBasedExpenseLineDetail: { ItemRef: { value: "11" }, Qty: "two" } }],
			}),
			"QuickBooks sent a bill Stockroom could not read: Line 1 has a quantity that is not a number.",
		],
		[
			"an adjustment without its quantity difference",
			"InventoryAdjustment",
			makeInventoryAdjustment({ lines: [without(adjustmentLine("11", 1), "ItemAdjustmentLineDetail", "QtyDiff")] }),
			"QuickBooks sent an inventory adjustment Stockroom could not read: Line 1 has no quantity.",
		],
		[
			"a bundle's component without its item",
			"Invoice",
			makeInvoice({
				lines: [
					groupLine("20", 1, [salesLine("11", 1), without(salesLine("12", 1), "SalesItemLineDetail", "ItemRef")]),
				],
			}),
			"QuickBooks sent an invoice Stockroom could not read: Line 1, component 2 has no item.",
		],
		[
			"a line of no type",
			"Invoice",
			makeInvoice({ lines: [{ Amount: 3 }] }),
			"QuickBooks sent an invoice Stockroom could not read: Line 1 has no line type (DetailType).",
		],
		[
			"no lines",
			"Invoice",
			{ ...makeInvoice(), Line: undefined },
			"QuickBooks sent an invoice Stockroom could not read: it has no lines.",
		],
		[
			"a version that is not a number",
			"Invoice",
			{ ...makeInvoice(), SyncToken: "v2" },
			"QuickBooks sent an invoice Stockroom could not read: its version (SyncToken) is not a number.",
		],
		[
			"not an object",
			"Invoice",
			"Invoice",
			"QuickBooks sent an invoice Stockroom could not read: it is not a document.",
		],
	])("tells %s", (_, entityType, json, sentence) => {
		expect(sentenceFor(entityType, json)).toBe(sentence);
	});
});

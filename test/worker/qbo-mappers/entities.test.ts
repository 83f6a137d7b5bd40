import { describe, expect, it } from "vitest";
import { departmentSchema, itemSchema, preferencesSchema, vendorSchema } from "../../../worker/qbo/catalogue-entities";
import {
	isDeletedStub,
	isQboDocumentType,
	parseQboDocument,
	QBO_DOCUMENT_TYPES,
	type QboDocumentType,
} from "../../../worker/qbo/document-entities";
import { versionFromSyncToken } from "../../../worker/qbo/entity-fields";
import {
	makeBundle,
	makeCategory,
	makeDepartment,
	makeInventoryItem,
	makeNonInventoryItem,
	makePreferences,
	makeServiceItem,
	makeVendor,
} from "../../fixtures/qbo/catalogue";
import {
	deletedStub,
	makeBill,
	makeCreditMemo,
	makeEstimate,
	makeInventoryAdjustment,
	makeInvoice,
	makePurchase,
	makePurchaseOrder,
	makeRefundReceipt,
	makeSalesReceipt,
	makeVendorCredit,
} from "../../fixtures/qbo/documents";
import {
	accountLine,
	adjustmentLine,
	descriptionLine,
	discountLine,
	expenseLine,
	groupLine,
	salesLine,
	subTotalLine,
} from "../../fixtures/qbo/lines";
import { ITEM } from "./helpers";

const SALES_LINES = [
	salesLine(ITEM.pump, 2),
	groupLine(ITEM.deluxe, 1, [salesLine(ITEM.pump, 1), salesLine(ITEM.installation, 4)]),
	descriptionLine(),
	discountLine(),
	subTotalLine(20),
];
const PURCHASE_LINES = [expenseLine(ITEM.pump, 8), accountLine()];

const EVERY_DOCUMENT = {
	Invoice: makeInvoice({ lines: SALES_LINES, departmentId: "2", linked: [{ TxnId: "100", TxnType: "Estimate" }] }),
	SalesReceipt: makeSalesReceipt({ lines: SALES_LINES }),
	Estimate: makeEstimate({ lines: SALES_LINES, status: "Pending" }),
	CreditMemo: makeCreditMemo({ lines: SALES_LINES }),
	RefundReceipt: makeRefundReceipt({ lines: SALES_LINES }),
	Bill: makeBill({ lines: PURCHASE_LINES }),
	Purchase: makePurchase({ lines: PURCHASE_LINES, paymentType: "CreditCard", credit: true }),
	VendorCredit: makeVendorCredit({ lines: PURCHASE_LINES }),
	PurchaseOrder: makePurchaseOrder({ lines: PURCHASE_LINES }),
	InventoryAdjustment: makeInventoryAdjustment({ lines: [adjustmentLine(ITEM.pump, -2)] }),
};

/** The parsed document, failing the test if it is not whole. */
function whole(entityType: QboDocumentType, json: unknown) {
	const parsed = parseQboDocument(entityType, json);
	if (!parsed.success) throw parsed.error;
	if (isDeletedStub(parsed.data.document)) throw new Error("unexpected deleted stub");
	return parsed.data.document;
}

describe("QBO document schemas", () => {
	it.each(QBO_DOCUMENT_TYPES)("read a whole %s, QBO's extra fields kept", (entityType) => {
		const parsed = parseQboDocument(entityType, EVERY_DOCUMENT[entityType]);
		expect(parsed.success).toBe(true);
		if (!parsed.success) return;
		expect(parsed.data.entityType).toBe(entityType);
		expect(isDeletedStub(parsed.data.document)).toBe(false);
		expect(parsed.data.document).toMatchObject({ Id: "130", SyncToken: "0", domain: "QBO" });
	});

	it.each(QBO_DOCUMENT_TYPES)("read a deleted %s stub, which has only an Id", (entityType) => {
		const parsed = parseQboDocument(entityType, deletedStub("266"));
		expect(parsed.success).toBe(true);
		if (parsed.success) expect(isDeletedStub(parsed.data.document)).toBe(true);
	});

	it("keeps a bundle's nested component lines", () => {
		expect(whole("Invoice", EVERY_DOCUMENT.Invoice).Line[1]).toMatchObject({
			DetailType: "GroupLineDetail",
			GroupLineDetail: { GroupItemRef: { value: ITEM.deluxe }, Line: [{ DetailType: "SalesItemLineDetail" }, {}] },
		});
	});

	it("infers the DetailType an InventoryAdjustment line leaves out", () => {
		expect(whole("InventoryAdjustment", EVERY_DOCUMENT.InventoryAdjustment).Line[0]).toMatchObject({
			DetailType: "ItemAdjustmentLineDetail",
		});
	});

	it("accepts a DetailType QBO adds later, and numbers sent as strings", () => {
		const invoice = makeInvoice({
			lines: [
				{ DetailType: "TDSLineDetail", TDSLineDetail: { Whatever: 1 } },
				{ DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: { value: ITEM.pump }, Qty: "2.5" } },
			],
		});
		expect(whole("Invoice", invoice).Line[1]).toMatchObject({ SalesItemLineDetail: { Qty: 2.5 } });
	});

	it.each([
		["a numeric SyncToken", { SyncToken: 0 }],
		["a non-numeric SyncToken", { SyncToken: "abc" }],
		["a missing Id", { Id: undefined }],
		["an Id that cannot name a stock source", { Id: "1:2" }],
		["a document without its lines", { Line: undefined }],
		[
			"an item line without an ItemRef",
			{ Line: [{ DetailType: "SalesItemLineDetail", SalesItemLineDetail: { Qty: 1 } }] },
		],
		["an item line with a non-numeric Qty", { Line: [salesLine(ITEM.pump, Number.NaN)] }],
		[
			"a bundle line without its GroupItemRef",
			{ Line: [{ DetailType: "GroupLineDetail", GroupLineDetail: { Quantity: 1 } }] },
		],
		["an adjustment line without QtyDiff", { Line: [{ ItemAdjustmentLineDetail: { ItemRef: { value: "1" } } }] }],
	])("refuses %s", (_what, change) => {
		expect(
			parseQboDocument("Invoice", { ...makeInvoice({ lines: [salesLine(ITEM.pump, 1)] }), ...change }).success,
		).toBe(false);
	});
});

describe("QBO catalogue schemas", () => {
	it.each([
		["Inventory", makeInventoryItem({ id: "11", name: "Pump", qtyOnHand: 25 })],
		["Service", makeServiceItem({ id: "7", name: "Installation" })],
		["NonInventory", makeNonInventoryItem({ id: "8", name: "Lighting" })],
		["Group", makeBundle({ id: "49", name: "Deluxe Fountain", components: [{ itemId: "11", qty: 1 }] })],
		["Category", makeCategory({ id: "29", name: "Trees" })],
	])("read a %s item", (type, item) => {
		const parsed = itemSchema.safeParse(item);
		expect(parsed.success).toBe(true);
		expect(parsed.data?.Type).toBe(type);
	});

	it("refuses an item of a type QBO does not have", () => {
		expect(itemSchema.safeParse({ ...makeServiceItem({ id: "7", name: "X" }), Type: "Assembly" }).success).toBe(false);
	});

	it("reads vendors, departments and preferences", () => {
		expect(vendorSchema.safeParse(makeVendor({ displayName: "Books by Bessie" })).success).toBe(true);
		expect(vendorSchema.safeParse(makeVendor({ givenName: "Bessie" })).success).toBe(true);
		expect(departmentSchema.safeParse(makeDepartment({ id: "2", name: "Van" })).success).toBe(true);
		expect(preferencesSchema.safeParse(makePreferences({ trackDepartments: true })).success).toBe(true);
	});
});

describe("isQboDocumentType", () => {
	it("tells the documents that can move stock from other entities", () => {
		expect(QBO_DOCUMENT_TYPES.every(isQboDocumentType)).toBe(true);
		expect(["Item", "Payment", "Customer", "invoice"].some(isQboDocumentType)).toBe(false);
	});
});

describe("versions from SyncTokens", () => {
	it("makes SyncToken 0 a version that SyncToken 1 outranks, never 0 itself", () => {
		expect(versionFromSyncToken("0")).toBe(1);
		expect(versionFromSyncToken("1")).toBeGreaterThan(versionFromSyncToken("0"));
		expect(versionFromSyncToken("10")).toBeGreaterThan(versionFromSyncToken("9"));
	});
});

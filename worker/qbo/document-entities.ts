/**
 * The QBO transactions that can move stock (docs/qbo.md#which-documents-move-stock), and their deleted stubs.
 *
 * `Line` is required: a document read without its lines (a narrowed query, a partial answer) must
 * fail here rather than be mistaken for a document whose lines were all removed.
 */
import { z } from "zod";
import { qboLineSchema } from "./document-lines";
import {
	type DeletedStub,
	deletedStubSchema,
	qboDecimalSchema,
	qboIdSchema,
	qboRefSchema,
	syncTokenSchema,
} from "./entity-fields";

/** QBO's entity names, as in its URLs, webhooks and CDC answers. */
export const QBO_DOCUMENT_TYPES = [
	"Invoice",
	"SalesReceipt",
	"Estimate",
	"CreditMemo",
	"RefundReceipt",
	"Bill",
	"Purchase",
	"VendorCredit",
	"PurchaseOrder",
	"InventoryAdjustment",
] as const;
export type QboDocumentType = (typeof QBO_DOCUMENT_TYPES)[number];

/** The documents that move QuickBooks' own quantity (docs/qbo.md#which-documents-move-stock). */
export const QUANTITY_DOCUMENT_TYPES = [
	"Invoice",
	"SalesReceipt",
	"CreditMemo",
	"RefundReceipt",
	"Bill",
	"Purchase",
	"VendorCredit",
	"InventoryAdjustment",
] as const satisfies readonly QboDocumentType[];

/** True for the entity names (as `entity-names.ts` gives them) of documents that can move stock. */
export function isQboDocumentType(entity: string): entity is QboDocumentType {
	return (QBO_DOCUMENT_TYPES as readonly string[]).includes(entity);
}

/** `LinkedTxn`: e.g. the Estimate an Invoice was made from, or the Invoice an Estimate became. */
const linkedTxnSchema = z.looseObject({ TxnId: qboIdSchema, TxnType: z.string().min(1) });

const transactionSchema = z.looseObject({
	Id: qboIdSchema,
	SyncToken: syncTokenSchema,
	DocNumber: z.string().nullish(),
	TxnDate: z.string().nullish(),
	/** QBO prefixes it with "Voided" when the document is voided. */
	PrivateNote: z.string().nullish(),
	TotalAmt: qboDecimalSchema.nullish(),
	/** The document's location: one per transaction, header level only. */
	DepartmentRef: qboRefSchema.nullish(),
	LinkedTxn: z.array(linkedTxnSchema).nullish(),
	Line: z.array(qboLineSchema),
});

const invoiceSchema = transactionSchema;
const salesReceiptSchema = transactionSchema;
const creditMemoSchema = transactionSchema;
const refundReceiptSchema = transactionSchema;
const billSchema = transactionSchema;
const vendorCreditSchema = transactionSchema;
const inventoryAdjustmentSchema = transactionSchema;
/** `TxnStatus`: Pending, Accepted, Closed or Rejected; absent means Pending. */
const estimateSchema = transactionSchema.extend({ TxnStatus: z.string().nullish() });
/** `Credit: true` is a credit-card refund (goods returned), valid only for `PaymentType: "CreditCard"`. */
const purchaseSchema = transactionSchema.extend({
	PaymentType: z.string().nullish(),
	Credit: z.boolean().nullish(),
});
/** `POStatus`: Open or Closed. */
const purchaseOrderSchema = transactionSchema.extend({ POStatus: z.string().nullish() });

export type QboTransaction = z.infer<typeof transactionSchema>;
export type QboEstimate = z.infer<typeof estimateSchema>;
export type QboPurchase = z.infer<typeof purchaseSchema>;
export type QboPurchaseOrder = z.infer<typeof purchaseOrderSchema>;

/** Each document type's parsed shape. */
export type QboDocumentOf = {
	Invoice: QboTransaction;
	SalesReceipt: QboTransaction;
	Estimate: QboEstimate;
	CreditMemo: QboTransaction;
	RefundReceipt: QboTransaction;
	Bill: QboTransaction;
	Purchase: QboPurchase;
	VendorCredit: QboTransaction;
	PurchaseOrder: QboPurchaseOrder;
	InventoryAdjustment: QboTransaction;
};

const documentSchemas = {
	Invoice: invoiceSchema,
	SalesReceipt: salesReceiptSchema,
	Estimate: estimateSchema,
	CreditMemo: creditMemoSchema,
	RefundReceipt: refundReceiptSchema,
	Bill: billSchema,
	Purchase: purchaseSchema,
	VendorCredit: vendorCreditSchema,
	PurchaseOrder: purchaseOrderSchema,
	InventoryAdjustment: inventoryAdjustmentSchema,
} satisfies { [K in QboDocumentType]: z.ZodType<QboDocumentOf[K]> };

/** A document as read from QBO: one of the types above, each either whole or a deleted stub. */
export type QboDocumentRead = {
	[K in QboDocumentType]: { entityType: K; document: QboDocumentOf[K] | DeletedStub };
}[QboDocumentType];

/** True for what QBO answers about a deleted transaction. */
export function isDeletedStub(document: QboTransaction | DeletedStub): document is DeletedStub {
	return "status" in document && document.status === "Deleted";
}

/**
 * Parses one document of `entityType` (the object inside QBO's `{ "<Entity>": … }` envelope): the
 * whole document, or its deleted stub.
 */
export function parseQboDocument(
	entityType: QboDocumentType,
	json: unknown,
): { success: true; data: QboDocumentRead } | { success: false; error: z.ZodError } {
	const stub = deletedStubSchema.safeParse(json);
	if (stub.success) return { success: true, data: { entityType, document: stub.data } };
	const parsed = documentSchemas[entityType].safeParse(json);
	if (!parsed.success) return { success: false, error: parsed.error };
	// The schema was picked by `entityType`, so the pairing holds; TS cannot see it through the index.
	return { success: true, data: { entityType, document: parsed.data } as QboDocumentRead };
}

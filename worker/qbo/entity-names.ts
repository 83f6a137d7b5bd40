/**
 * QBO entity names as the rest of the app uses them (PascalCase, as in the REST paths and JSON),
 * from whatever case a notification uses: CloudEvents say `qbo.salesreceipt.created.v1`, the legacy
 * format says `SalesReceipt`.
 */

/** Entities with webhooks (docs/qbo.md#entities-with-webhooks), plus those the app reads through CDC and queries. */
const QBO_ENTITIES = [
	"Account",
	"Attachable",
	"Bill",
	"BillPayment",
	"Budget",
	"Class",
	"CompanyInfo",
	"CreditMemo",
	"Currency",
	"Customer",
	"Department",
	"Deposit",
	"Employee",
	"Estimate",
	"InventoryAdjustment",
	"Invoice",
	"Item",
	"JournalCode",
	"JournalEntry",
	"Payment",
	"PaymentMethod",
	"Preferences",
	"Purchase",
	"PurchaseOrder",
	"RefundReceipt",
	"SalesReceipt",
	"TaxAgency",
	"TaxCode",
	"TaxRate",
	"Term",
	"TimeActivity",
	"Transfer",
	"Vendor",
	"VendorCredit",
] as const;

const BY_FOLDED_NAME = new Map<string, string>(QBO_ENTITIES.map((name) => [fold(name), name]));

/** Lower-case without separators, so `sales_receipt`, `salesreceipt` and `SalesReceipt` meet. */
function fold(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * QBO's PascalCase name for an entity named in any case; `known` is false for a name outside the
 * list, which is then PascalCased word by word as a best guess (and should be logged).
 *
 * @example normalizeEntityName("salesreceipt") // { name: "SalesReceipt", known: true }
 */
export function normalizeEntityName(raw: string): { name: string; known: boolean } {
	const known = BY_FOLDED_NAME.get(fold(raw));
	if (known) return { name: known, known: true };
	const guess = raw
		.split(/[^A-Za-z0-9]+/)
		.filter((word) => word.length > 0)
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join("");
	return { name: guess, known: false };
}

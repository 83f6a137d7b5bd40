/** Which builder completes and validates each entity type. */
import type { EntityName } from "../qbo/entities.ts";
import { buildAccount } from "./accounts.ts";
import type { Builder } from "./build-context.ts";
import { buildDepartment } from "./departments.ts";
import { buildItem } from "./items.ts";
import { buildParty } from "./parties.ts";
import { buildSingleton } from "./singletons.ts";
import { buildAdjustment, buildPurchase, buildSales } from "./transactions.ts";

export const BUILDERS: Record<EntityName, Builder> = {
	Account: buildAccount,
	Bill: buildPurchase,
	CompanyInfo: buildSingleton,
	CreditMemo: buildSales,
	Customer: buildParty,
	Department: buildDepartment,
	Estimate: buildSales,
	InventoryAdjustment: buildAdjustment,
	Invoice: buildSales,
	Item: buildItem,
	Preferences: buildSingleton,
	Purchase: buildPurchase,
	PurchaseOrder: buildPurchase,
	RefundReceipt: buildSales,
	SalesReceipt: buildSales,
	Vendor: buildParty,
	VendorCredit: buildPurchase,
};

/** The uniqueness namespace and the field holding the unique name, per name-list entity. */
export const NAME_FIELDS: Partial<Record<EntityName, { namespace: string; field: string }>> = {
	Item: { namespace: "Item", field: "Name" },
	Account: { namespace: "Account", field: "Name" },
	Department: { namespace: "Department", field: "Name" },
	Customer: { namespace: "Party", field: "DisplayName" },
	Vendor: { namespace: "Party", field: "DisplayName" },
};

/**
 * Fields a full update keeps when the client omits them. Intuit sets omitted writable fields to null,
 * but these are not plain writable fields: an item's type and opening stock, a bundle's components, a
 * document's number and date.
 */
export const KEPT_ON_FULL_UPDATE: Partial<Record<EntityName, string[]>> = {
	Item: ["Type", "QtyOnHand", "InvStartDate", "TrackQtyOnHand", "ItemGroupDetail"],
	Invoice: ["DocNumber", "TxnDate"],
	Estimate: ["DocNumber", "TxnDate"],
	SalesReceipt: ["DocNumber", "TxnDate"],
	CreditMemo: ["DocNumber", "TxnDate"],
	RefundReceipt: ["DocNumber", "TxnDate"],
	Bill: ["DocNumber", "TxnDate"],
	VendorCredit: ["DocNumber", "TxnDate"],
	PurchaseOrder: ["DocNumber", "TxnDate"],
	Purchase: ["DocNumber", "TxnDate"],
};

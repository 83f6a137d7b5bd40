/**
 * The entities the simulator serves and what QBO lets a client do with each. Name lists (Item,
 * Customer…) are never deleted, only deactivated; bundles are read-only; only some transactions void.
 */
export const ENTITY_NAMES = [
	"Account",
	"Bill",
	"CompanyInfo",
	"CreditMemo",
	"Customer",
	"Department",
	"Estimate",
	"InventoryAdjustment",
	"Invoice",
	"Item",
	"Preferences",
	"Purchase",
	"PurchaseOrder",
	"RefundReceipt",
	"SalesReceipt",
	"Vendor",
	"VendorCredit",
] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];

export type EntityKind = "list" | "sales" | "purchase" | "adjustment" | "singleton";

export type EntityInfo = {
	name: EntityName;
	kind: EntityKind;
	/** `?operation=delete` allowed (transactions). */
	deletable: boolean;
	/** `?operation=void` allowed (Intuit's webhook Void list). */
	voidable: boolean;
	/** Announced by webhook (InventoryAdjustment and CompanyInfo are not, docs/qbo.md#entities-with-webhooks). */
	webhooks: boolean;
	/** InventoryAdjustment only takes sparse updates. */
	sparseOnly: boolean;
	/** Top-level properties a client may send; anything else is Fault 2010, as Intuit answers. */
	fields: ReadonlySet<string>;
};

const SYSTEM = ["Id", "SyncToken", "MetaData", "domain", "sparse", "status"];
const TXN = [
	...SYSTEM,
	"DocNumber",
	"TxnDate",
	"CurrencyRef",
	"ExchangeRate",
	"PrivateNote",
	"Line",
	"LinkedTxn",
	"DepartmentRef",
	"TxnTaxDetail",
	"TotalAmt",
	"HomeTotalAmt",
	"GlobalTaxCalculation",
	"TransactionLocationType",
	"CustomField",
	"TxnSource",
	"ProjectRef",
	"Tag",
	"RecurDataRef",
	"AttachableRef",
];
const SALES = [
	...TXN,
	"CustomerRef",
	"CustomerMemo",
	"BillAddr",
	"ShipAddr",
	"ShipFromAddr",
	"FreeFormAddress",
	"ClassRef",
	"SalesTermRef",
	"DueDate",
	"ShipMethodRef",
	"ShipDate",
	"TrackingNum",
	"PrintStatus",
	"EmailStatus",
	"BillEmail",
	"BillEmailCc",
	"BillEmailBcc",
	"ApplyTaxAfterDiscount",
	"Balance",
	"HomeBalance",
	"DepositToAccountRef",
	"PaymentMethodRef",
	"PaymentRefNum",
	"DeliveryInfo",
	"SalesRepRef",
];
const PURCHASE = [
	...TXN,
	"VendorRef",
	"APAccountRef",
	"SalesTermRef",
	"DueDate",
	"Balance",
	"HomeBalance",
	"VendorAddr",
	"ShipAddr",
	"ShipMethodRef",
	"Memo",
	"IncludeInAnnualTPAR",
];
const PARTY = [
	...SYSTEM,
	"DisplayName",
	"Title",
	"GivenName",
	"MiddleName",
	"FamilyName",
	"Suffix",
	"CompanyName",
	"PrintOnCheckName",
	"Active",
	"PrimaryPhone",
	"AlternatePhone",
	"Mobile",
	"Fax",
	"PrimaryEmailAddr",
	"WebAddr",
	"BillAddr",
	"OtherAddr",
	"CurrencyRef",
	"Balance",
	"AcctNum",
	"TaxIdentifier",
	"TermRef",
	"Notes",
	"V4IDPseudonym",
];

function info(
	name: EntityName,
	kind: EntityKind,
	fields: string[],
	options: Partial<Pick<EntityInfo, "deletable" | "voidable" | "webhooks" | "sparseOnly">> = {},
): EntityInfo {
	const transaction = kind === "sales" || kind === "purchase" || kind === "adjustment";
	return {
		name,
		kind,
		deletable: options.deletable ?? transaction,
		voidable: options.voidable ?? false,
		webhooks: options.webhooks ?? true,
		sparseOnly: options.sparseOnly ?? false,
		fields: new Set(fields),
	};
}

export const ENTITIES: Record<EntityName, EntityInfo> = {
	Account: info("Account", "list", [
		...SYSTEM,
		"Name",
		"AcctNum",
		"Description",
		"Active",
		"SubAccount",
		"ParentRef",
		"FullyQualifiedName",
		"Classification",
		"AccountType",
		"AccountSubType",
		"CurrentBalance",
		"CurrentBalanceWithSubAccounts",
		"CurrencyRef",
		"TaxCodeRef",
	]),
	Bill: info("Bill", "purchase", PURCHASE),
	CompanyInfo: info(
		"CompanyInfo",
		"singleton",
		[
			...SYSTEM,
			"CompanyName",
			"LegalName",
			"CompanyAddr",
			"CustomerCommunicationAddr",
			"LegalAddr",
			"PrimaryPhone",
			"CompanyStartDate",
			"FiscalYearStartMonth",
			"Country",
			"Email",
			"WebAddr",
			"SupportedLanguages",
			"NameValue",
		],
		{ webhooks: false },
	),
	CreditMemo: info("CreditMemo", "sales", [...SALES, "RemainingCredit"], { voidable: true }),
	Customer: info("Customer", "list", [
		...PARTY,
		"FullyQualifiedName",
		"ShipAddr",
		"Taxable",
		"Job",
		"BillWithParent",
		"ParentRef",
		"Level",
		"PreferredDeliveryMethod",
		"PaymentMethodRef",
		"SalesTermRef",
		"DefaultTaxCodeRef",
		"ResaleNum",
		"BalanceWithJobs",
		"IsProject",
	]),
	Department: info("Department", "list", [
		...SYSTEM,
		"Name",
		"SubDepartment",
		"ParentRef",
		"FullyQualifiedName",
		"Active",
	]),
	Estimate: info("Estimate", "sales", [...SALES, "TxnStatus", "ExpirationDate", "AcceptedBy", "AcceptedDate"]),
	InventoryAdjustment: info(
		"InventoryAdjustment",
		"adjustment",
		[...SYSTEM, "DocNumber", "TxnDate", "PrivateNote", "AdjustAccountRef", "Line", "DepartmentRef", "ClassRef"],
		{ webhooks: false, sparseOnly: true },
	),
	Invoice: info(
		"Invoice",
		"sales",
		[
			...SALES,
			"Deposit",
			"AllowIPNPayment",
			"AllowOnlinePayment",
			"AllowOnlineCreditCardPayment",
			"AllowOnlineACHPayment",
			"InvoiceLink",
			"TxnStatus",
		],
		{ voidable: true },
	),
	Item: info("Item", "list", [
		...SYSTEM,
		"Name",
		"Sku",
		"Description",
		"PurchaseDesc",
		"Active",
		"SubItem",
		"ParentRef",
		"Level",
		"FullyQualifiedName",
		"Taxable",
		"SalesTaxIncluded",
		"UnitPrice",
		"RatePercent",
		"Type",
		"PurchaseCost",
		"PurchaseTaxIncluded",
		"IncomeAccountRef",
		"ExpenseAccountRef",
		"AssetAccountRef",
		"TrackQtyOnHand",
		"QtyOnHand",
		"QtyOnPurchaseOrder",
		"QtyOnSalesOrder",
		"ReorderPoint",
		"InvStartDate",
		"PrefVendorRef",
		"ClassRef",
		"SalesTaxCodeRef",
		"PurchaseTaxCodeRef",
		"ItemGroupDetail",
		"PrintGroupedItems",
		"Source",
		"TaxClassificationRef",
	]),
	Preferences: info(
		"Preferences",
		"singleton",
		[
			...SYSTEM,
			"AccountingInfoPrefs",
			"ProductAndServicesPrefs",
			"SalesFormsPrefs",
			"EmailMessagesPrefs",
			"VendorAndPurchasesPrefs",
			"TimeTrackingPrefs",
			"TaxPrefs",
			"CurrencyPrefs",
			"ReportPrefs",
			"OtherPrefs",
		],
		{ webhooks: true },
	),
	Purchase: info(
		"Purchase",
		"purchase",
		[...PURCHASE, "AccountRef", "PaymentType", "EntityRef", "Credit", "RemitToAddr", "PaymentMethodRef"],
		{ voidable: true },
	),
	PurchaseOrder: info("PurchaseOrder", "purchase", [
		...PURCHASE,
		"POStatus",
		"POEmail",
		"EmailStatus",
		"ClassRef",
		"ManuallyClosed",
	]),
	RefundReceipt: info("RefundReceipt", "sales", SALES, { voidable: true }),
	SalesReceipt: info("SalesReceipt", "sales", SALES, { voidable: true }),
	Vendor: info("Vendor", "list", [
		...PARTY,
		"Vendor1099",
		"T4AEligible",
		"T5018Eligible",
		"BillRate",
		"CostRate",
		"APAccountRef",
		"HasTPAR",
		"VendorPaymentBankDetail",
	]),
	VendorCredit: info("VendorCredit", "purchase", PURCHASE),
};

const BY_LOWER = new Map<string, EntityName>(ENTITY_NAMES.map((name) => [name.toLowerCase(), name]));

/** The entity for a URL segment (`salesreceipt`) or a query's FROM (`SalesReceipt`), any case. */
export function entityByName(text: string): EntityName | undefined {
	return BY_LOWER.get(text.toLowerCase());
}

/** Name lists: deactivated rather than deleted, hidden from queries while inactive. */
export function isNameList(name: EntityName): boolean {
	return ENTITIES[name].kind === "list";
}

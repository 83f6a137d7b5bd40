/**
 * The QBO catalogue entities the app reads: Item, Vendor, Department, and the Preferences that say
 * whether the company tracks inventory and locations (docs/qbo.md#entities, docs/qbo.md#editions-and-preferences).
 */
import { z } from "zod";
import { qboDecimalSchema, qboIdSchema, qboRefSchema, syncTokenSchema } from "./entity-fields";

/** `Category` is a folder in QBO's product list, never a product. */
const itemTypeSchema = z.enum(["Inventory", "NonInventory", "Service", "Group", "Category"]);
export type ItemType = z.infer<typeof itemTypeSchema>;

/** One component of a bundle: `Qty` of the referenced item per bundle. */
const itemGroupLineSchema = z.looseObject({ Qty: qboDecimalSchema, ItemRef: qboRefSchema });

export const itemSchema = z.looseObject({
	Id: qboIdSchema,
	SyncToken: syncTokenSchema,
	Name: z.string().min(1),
	FullyQualifiedName: z.string().nullish(),
	Sku: z.string().nullish(),
	Description: z.string().nullish(),
	PurchaseDesc: z.string().nullish(),
	Type: itemTypeSchema,
	Active: z.boolean().optional(),
	TrackQtyOnHand: z.boolean().optional(),
	/** Company-wide in QBO (it has no stock per location); the opening stock on import. */
	QtyOnHand: qboDecimalSchema.nullish(),
	PurchaseCost: qboDecimalSchema.nullish(),
	UnitPrice: qboDecimalSchema.nullish(),
	ItemGroupDetail: z.looseObject({ ItemGroupLine: z.array(itemGroupLineSchema).optional() }).nullish(),
	/** The vendor the item is usually bought from: groups purchase suggestions. */
	PrefVendorRef: qboRefSchema.nullish(),
});
export type QboItem = z.infer<typeof itemSchema>;

const physicalAddressSchema = z.looseObject({
	Line1: z.string().nullish(),
	Line2: z.string().nullish(),
	Line3: z.string().nullish(),
	Line4: z.string().nullish(),
	Line5: z.string().nullish(),
	City: z.string().nullish(),
	CountrySubDivisionCode: z.string().nullish(),
	PostalCode: z.string().nullish(),
	Country: z.string().nullish(),
});

export const vendorSchema = z.looseObject({
	Id: qboIdSchema,
	SyncToken: syncTokenSchema,
	// Optional: QBO derives it from the names when a vendor is created without one.
	DisplayName: z.string().nullish(),
	CompanyName: z.string().nullish(),
	GivenName: z.string().nullish(),
	FamilyName: z.string().nullish(),
	PrimaryEmailAddr: z.looseObject({ Address: z.string().nullish() }).nullish(),
	PrimaryPhone: z.looseObject({ FreeFormNumber: z.string().nullish() }).nullish(),
	Mobile: z.looseObject({ FreeFormNumber: z.string().nullish() }).nullish(),
	BillAddr: physicalAddressSchema.nullish(),
	Active: z.boolean().optional(),
});
export type QboVendor = z.infer<typeof vendorSchema>;

/** A QBO "location" (its UI label is configurable); deactivation is its only delete. */
export const departmentSchema = z.looseObject({
	Id: qboIdSchema,
	SyncToken: syncTokenSchema,
	Name: z.string().min(1),
	FullyQualifiedName: z.string().nullish(),
	SubDepartment: z.boolean().optional(),
	ParentRef: qboRefSchema.nullish(),
	Active: z.boolean().optional(),
});
export type QboDepartment = z.infer<typeof departmentSchema>;

/** The flags that decide what the app may do with this company, and the currency its amounts are in. */
export const preferencesSchema = z.looseObject({
	CurrencyPrefs: z
		.looseObject({ HomeCurrency: z.looseObject({ value: z.string().regex(/^[A-Z]{3}$/) }).nullish() })
		.optional()
		.catch(undefined),
	AccountingInfoPrefs: z
		.looseObject({ TrackDepartments: z.boolean().optional(), DepartmentTerminology: z.string().nullish() })
		.optional(),
	ProductAndServicesPrefs: z.looseObject({ QuantityOnHand: z.boolean().optional() }).optional(),
});
export type QboPreferences = z.infer<typeof preferencesSchema>;

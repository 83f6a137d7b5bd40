/**
 * QBO's catalogue entities → the fields of our catalogue tables (products, kit components,
 * vendors, locations). Pure: the caller upserts by QBO id and ignores an older SyncToken.
 */

import type { Scaled } from "../core/quantity";
import type { products } from "../db/schema";
import type { QboDepartment, QboItem, QboPreferences, QboVendor } from "./catalogue-entities";
import { qboDecimalToScaled } from "./qbo-decimal";

type ProductType = (typeof products.$inferSelect)["type"];

const PRODUCT_TYPE: Record<Exclude<QboItem["Type"], "Category">, ProductType> = {
	Inventory: "inventory",
	NonInventory: "non_inventory",
	Service: "service",
	Group: "kit",
};

/** A product's fields as QBO states them. */
export type ProductFields = {
	qboId: string;
	name: string;
	sku: string;
	type: ProductType;
	description: string | null;
	/** Unit purchase cost, scaled ×10 000. */
	purchaseCost: Scaled | null;
	/** QBO's company-wide quantity: the opening stock at the default location on import. Inventory only. */
	qtyOnHand: Scaled | null;
	active: boolean;
	syncToken: number;
	/** A kit's components per kit, one entry per item (QBO lets an item appear twice in a bundle). */
	components: { qboItemId: string; quantity: Scaled }[];
};

/**
 * The product an item stands for, or null for a `Category` (a folder in QBO's list, not a
 * product). The SKU falls back to the item's Name, since QBO does not require one.
 *
 * @example productFromItem(item) // { qboId: "11", name: "Pump", sku: "Pump", type: "inventory", … }
 */
export function productFromItem(item: QboItem): ProductFields | null {
	if (item.Type === "Category") return null;
	const type = PRODUCT_TYPE[item.Type];
	const components = new Map<string, Scaled>();
	if (type === "kit")
		for (const line of item.ItemGroupDetail?.ItemGroupLine ?? []) {
			const id = line.ItemRef.value;
			components.set(id, (components.get(id) ?? 0) + qboDecimalToScaled(line.Qty).scaled);
		}
	return {
		qboId: item.Id,
		name: item.Name,
		sku: nonBlank(item.Sku) ?? item.Name,
		type,
		description: nonBlank(item.Description) ?? nonBlank(item.PurchaseDesc),
		purchaseCost: item.PurchaseCost == null ? null : qboDecimalToScaled(item.PurchaseCost).scaled,
		qtyOnHand: type === "inventory" ? qboDecimalToScaled(item.QtyOnHand ?? 0).scaled : null,
		active: item.Active ?? true,
		syncToken: Number(item.SyncToken),
		components: [...components].map(([qboItemId, quantity]) => ({ qboItemId, quantity })),
	};
}

/**
 * The QBO id of the item's preferred vendor, or null. Kept apart from `productFromItem` because it
 * is resolved to our vendor id against the vendors table, which the pure mapping cannot see.
 */
export function preferredVendorQboId(item: QboItem): string | null {
	return item.PrefVendorRef?.value ?? null;
}

/** A vendor's fields as QBO states them; `address` uses the keys of `vendors.address`. */
export type VendorFields = {
	qboId: string;
	name: string;
	email: string | null;
	phone: string | null;
	address: Record<string, string> | null;
	active: boolean;
	syncToken: number;
};

/**
 * The vendor row for a QBO Vendor. The name is DisplayName (unique in QBO), else the company or
 * person name; the phone is the primary one, else the mobile.
 */
export function vendorFromQbo(vendor: QboVendor): VendorFields {
	const personName = [vendor.GivenName, vendor.FamilyName].map(nonBlank).filter(Boolean).join(" ");
	const a = vendor.BillAddr;
	const address = Object.fromEntries(
		Object.entries({
			line1: a?.Line1,
			line2: a?.Line2,
			line3: a?.Line3,
			line4: a?.Line4,
			line5: a?.Line5,
			city: a?.City,
			region: a?.CountrySubDivisionCode,
			postalCode: a?.PostalCode,
			country: a?.Country,
		}).flatMap(([key, value]) => {
			const text = nonBlank(value);
			return text ? [[key, text]] : [];
		}),
	);
	return {
		qboId: vendor.Id,
		name: nonBlank(vendor.DisplayName) ?? nonBlank(vendor.CompanyName) ?? (personName || `Vendor ${vendor.Id}`),
		email: nonBlank(vendor.PrimaryEmailAddr?.Address),
		phone: nonBlank(vendor.PrimaryPhone?.FreeFormNumber) ?? nonBlank(vendor.Mobile?.FreeFormNumber),
		address: Object.keys(address).length > 0 ? address : null,
		active: vendor.Active ?? true,
		syncToken: Number(vendor.SyncToken),
	};
}

/** A location's fields as a QBO Department states them. */
export type LocationFields = { qboDepartmentId: string; name: string; active: boolean; syncToken: number };

/**
 * The location a QBO Department stands for. The name is the full path ("East:Van"): sub-departments
 * may share a Name under different parents, and location names are unique per company.
 */
export function locationFromDepartment(department: QboDepartment): LocationFields {
	return {
		qboDepartmentId: department.Id,
		name: nonBlank(department.FullyQualifiedName) ?? department.Name,
		active: department.Active ?? true,
		syncToken: Number(department.SyncToken),
	};
}

/** What the company's QBO edition and settings allow (docs/qbo.md#editions-and-preferences): flags, not plans. */
export type CompanyFeatures = {
	/** Inventory items and QtyOnHand exist (Plus, Advanced). */
	tracksInventory: boolean;
	/** Departments ("locations") exist, so departments become locations. */
	tracksLocations: boolean;
	/** What the company calls a department in QBO's UI ("Location", "Store"…), if set. */
	locationTerm: string | null;
	/** The home currency's ISO 4217 code (CurrencyPrefs.HomeCurrency), if QBO said it. */
	homeCurrency: string | null;
};

/** The company's features from its QBO Preferences. */
export function companyFeaturesFromPreferences(preferences: QboPreferences): CompanyFeatures {
	return {
		tracksInventory: preferences.ProductAndServicesPrefs?.QuantityOnHand === true,
		tracksLocations: preferences.AccountingInfoPrefs?.TrackDepartments === true,
		locationTerm: nonBlank(preferences.AccountingInfoPrefs?.DepartmentTerminology),
		homeCurrency: preferences.CurrencyPrefs?.HomeCurrency?.value ?? null,
	};
}

function nonBlank(text: string | null | undefined): string | null {
	const trimmed = text?.trim();
	return trimmed ? trimmed : null;
}

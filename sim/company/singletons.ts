/**
 * Preferences and CompanyInfo: one per company (Id "1"), read and updated, never created or deleted.
 * Preferences carry the two flags an inventory add-on checks (docs/qbo.md#editions-and-preferences):
 * `ProductAndServicesPrefs.QuantityOnHand` and `AccountingInfoPrefs.TrackDepartments`.
 */
import { asObject, type JsonObject } from "../lib/json.ts";
import type { BuildContext } from "./build-context.ts";

export type CompanyProfile = {
	companyName: string;
	/** Plus/Advanced track inventory; Simple Start/Essentials do not. */
	trackInventory: boolean;
	trackDepartments: boolean;
	homeCurrency: string;
};

export function defaultPreferences(profile: CompanyProfile): JsonObject {
	return {
		AccountingInfoPrefs: {
			TrackDepartments: profile.trackDepartments,
			DepartmentTerminology: "Location",
			ClassTrackingPerTxn: false,
			ClassTrackingPerTxnLine: false,
			CustomerTerminology: "Customers",
			BookCloseDate: null,
		},
		ProductAndServicesPrefs: {
			ForSales: true,
			ForPurchase: true,
			QuantityWithPriceAndRate: true,
			QuantityOnHand: profile.trackInventory,
		},
		SalesFormsPrefs: {
			CustomTxnNumbers: false,
			AllowDeposit: false,
			AllowDiscount: true,
			AllowEstimates: true,
			AllowServiceDate: false,
			AllowShipping: false,
			DefaultTerms: { value: "3" },
		},
		VendorAndPurchasesPrefs: { TrackingByCustomer: false, BillableExpenseTracking: false },
		TaxPrefs: { UsingSalesTax: false },
		CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: profile.homeCurrency } },
		ReportPrefs: { ReportBasis: "Accrual", CalcAgingReportFromTxnDate: false },
		OtherPrefs: { NameValue: [] },
	};
}

export function defaultCompanyInfo(profile: CompanyProfile, startDate: string): JsonObject {
	const address: JsonObject = {
		Id: "1",
		Line1: "123 Sierra Way",
		City: "San Pablo",
		CountrySubDivisionCode: "CA",
		PostalCode: "87999",
	};
	const sku = profile.trackInventory ? "QuickBooks Online Plus" : "QuickBooks Online Essentials";
	return {
		CompanyName: profile.companyName,
		LegalName: profile.companyName,
		CompanyAddr: address,
		CustomerCommunicationAddr: address,
		LegalAddr: address,
		PrimaryPhone: {},
		CompanyStartDate: startDate,
		FiscalYearStartMonth: "January",
		Country: "US",
		Email: { Address: "owner@example.com" },
		WebAddr: {},
		SupportedLanguages: "en",
		NameValue: [
			{ Name: "NeoEnabled", Value: "true" },
			{ Name: "IndustryType", Value: "Retail" },
			{ Name: "CompanyType", Value: "Other" },
			{ Name: "SubscriptionStatus", Value: "PAID" },
			{ Name: "OfferingSku", Value: sku },
			{ Name: "PayrollFeature", Value: "false" },
			{ Name: "AccountantFeature", Value: "false" },
			{ Name: "ItemCategoriesFeature", Value: "true" },
		],
	};
}

/** Updates merge section by section, so a client can send only the section it changes. */
export function buildSingleton(ctx: BuildContext, draft: JsonObject): JsonObject {
	const out: JsonObject = { ...(ctx.previous ?? {}) };
	for (const [key, value] of Object.entries(draft)) {
		const before = asObject(out[key]);
		const after = asObject(value);
		out[key] = before && after ? { ...before, ...after } : value;
	}
	for (const system of ["Id", "SyncToken", "MetaData", "domain", "sparse"]) delete out[system];
	return out;
}

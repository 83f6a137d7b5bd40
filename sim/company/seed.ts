/**
 * A new company: its singletons, a chart of accounts with what inventory needs (income, COGS,
 * inventory asset, shrinkage), and optionally departments, customers, vendors, inventory items with
 * opening stock, a service and a non-inventory item, and bundles — everything created through the same
 * write path as the API (bundles excepted: only QBO's UI creates them), with seeded random values.
 */

import { roundMoney } from "../lib/decimal.ts";
import type { JsonObject } from "../lib/json.ts";
import type { Random } from "../lib/random.ts";
import { addDays, formatDate } from "../lib/time.ts";
import type { Company } from "./company.ts";
import { accountRefByName } from "./refs.ts";
import { defaultCompanyInfo, defaultPreferences } from "./singletons.ts";
import { insertEntity, saveEntity } from "./write.ts";

export type SeedOptions = {
	companyName?: string;
	/** Inventory items. */
	items?: number;
	services?: number;
	nonInventory?: number;
	bundles?: number;
	customers?: number;
	vendors?: number;
	departments?: string[];
	/** QBO Plus/Advanced (true) or Simple Start/Essentials (false): Inventory items possible or not. */
	trackInventory?: boolean;
	trackDepartments?: boolean;
	/** ISO 4217; "USD" by default, like a US sandbox. */
	homeCurrency?: string;
};

const ACCOUNTS: [string, string, string][] = [
	["Checking", "Bank", "Checking"],
	["Undeposited Funds", "Other Current Asset", "UndepositedFunds"],
	["Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable"],
	["Inventory Asset", "Other Current Asset", "Inventory"],
	["Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable"],
	["Sales of Product Income", "Income", "SalesOfProductIncome"],
	["Services", "Income", "ServiceFeeIncome"],
	["Discounts given", "Income", "DiscountsRefundsGiven"],
	["Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs"],
	["Inventory Shrinkage", "Cost of Goods Sold", "OtherCostsOfServiceCos"],
	["Purchases", "Expense", "SuppliesMaterials"],
];

const PRODUCTS = [
	"Hex Bolt M6",
	"Hex Nut M6",
	"Wood Screw 4x40",
	"Drywall Screw 3.5x35",
	"Wall Plug 8mm",
	"Hinge 75mm",
	"Door Handle Satin",
	"Cabinet Knob Black",
	"Padlock 40mm",
	"Extension Cord 10m",
	"LED Bulb E27",
	"Light Switch White",
	"Power Socket Double",
	"Cable Ties 200mm",
	"Duct Tape Silver",
	"Masking Tape 25mm",
	"Paint Roller 230mm",
	"Paint Brush 50mm",
	"Wall Paint White 10L",
	"Wood Glue 750ml",
	"Silicone Sealant Clear",
	"Sandpaper P120",
	"Measuring Tape 5m",
	"Claw Hammer 16oz",
	"Screwdriver Set",
	"Adjustable Wrench 250mm",
	"Pliers Combination",
	"Utility Knife",
	"Spirit Level 60cm",
	"Work Gloves L",
	"Safety Glasses",
	"Dust Mask FFP2",
	"Garden Hose 25m",
	"Hose Connector",
	"Pruning Shears",
	"Rake Steel",
];
const CUSTOMERS = [
	"Amy's Bird Sanctuary",
	"Bill's Windsurf Shop",
	"Cool Cars",
	"Diego Rodriguez",
	"Dukes Basketball Camp",
];
const VENDORS = ["Books by Bessie", "Brosnahan Insurance Agency", "Hicks Hardware", "Norton Lumber", "Tania's Nursery"];

function numbered(names: string[], index: number): string {
	const base = names[index % names.length] ?? "Item";
	const round = Math.floor(index / names.length);
	return round === 0 ? base : `${base} ${round + 1}`;
}

function ref(data: JsonObject): JsonObject {
	return { value: String(data.Id), name: String(data.FullyQualifiedName ?? data.Name ?? data.DisplayName) };
}

export function seedCompany(company: Company, random: Random, options: SeedOptions = {}): void {
	const profile = {
		companyName: options.companyName ?? "Sandbox Company_US_1",
		trackInventory: options.trackInventory ?? true,
		trackDepartments: options.trackDepartments ?? (options.departments?.length ?? 0) > 0,
		homeCurrency: options.homeCurrency ?? "USD",
	};
	const today = formatDate(company.now(), company.offsetMinutes);
	insertEntity(company, "Preferences", defaultPreferences(profile));
	insertEntity(company, "CompanyInfo", defaultCompanyInfo(profile, addDays(today, -365)));
	for (const [Name, AccountType, AccountSubType] of ACCOUNTS)
		saveEntity(company, "Account", { Name, AccountType, AccountSubType });
	for (const Name of options.departments ?? []) saveEntity(company, "Department", { Name });
	for (let i = 0; i < (options.customers ?? 1); i++)
		saveEntity(company, "Customer", { DisplayName: numbered(CUSTOMERS, i) });
	const vendors: JsonObject[] = [];
	for (let i = 0; i < (options.vendors ?? 1); i++)
		vendors.push(saveEntity(company, "Vendor", { DisplayName: numbered(VENDORS, i) }));

	const income = accountRefByName(company, "Sales of Product Income") ?? null;
	const cogs = accountRefByName(company, "Cost of Goods Sold") ?? null;
	const asset = accountRefByName(company, "Inventory Asset") ?? null;
	const inventory: JsonObject[] = [];
	const itemCount = profile.trackInventory ? (options.items ?? 10) : 0;
	for (let i = 0; i < itemCount; i++) {
		const price = roundMoney(random.int(200, 20_000) / 100);
		const vendor = vendors.length > 0 ? vendors[i % vendors.length] : undefined;
		inventory.push(
			saveEntity(company, "Item", {
				Name: numbered(PRODUCTS, i),
				Sku: `SKU-${String(i + 1).padStart(5, "0")}`,
				Description: numbered(PRODUCTS, i),
				Type: "Inventory",
				UnitPrice: price,
				PurchaseCost: roundMoney(price * 0.6),
				IncomeAccountRef: income,
				ExpenseAccountRef: cogs,
				AssetAccountRef: asset,
				TrackQtyOnHand: true,
				QtyOnHand: random.int(0, 200),
				InvStartDate: addDays(today, -30),
				...(vendor ? { PrefVendorRef: ref(vendor) } : {}),
			}),
		);
	}
	const services: JsonObject[] = [];
	for (let i = 0; i < (options.services ?? 0); i++)
		services.push(
			saveEntity(company, "Item", {
				Name: i === 0 ? "Installation" : `Installation ${i + 1}`,
				Type: "Service",
				UnitPrice: 50,
				IncomeAccountRef: accountRefByName(company, "Services") ?? null,
			}),
		);
	for (let i = 0; i < (options.nonInventory ?? 0); i++)
		saveEntity(company, "Item", {
			Name: i === 0 ? "Gift Wrapping" : `Gift Wrapping ${i + 1}`,
			Type: "NonInventory",
			UnitPrice: 2.5,
			IncomeAccountRef: income,
			ExpenseAccountRef: accountRefByName(company, "Purchases") ?? null,
		});
	for (let b = 0; b < (options.bundles ?? 0) && inventory.length >= 2; b++) {
		const first = inventory[(b * 2) % inventory.length];
		const second = inventory[(b * 2 + 1) % inventory.length];
		const components = [first, second].filter((c): c is JsonObject => c !== undefined);
		const lines: JsonObject[] = components.map((component, index) => ({
			Qty: index + 1,
			ItemRef: { ...ref(component), type: "Inventory" },
		}));
		const service = services[0];
		if (service) lines.push({ Qty: 1, ItemRef: { ...ref(service), type: "Service" } });
		const name = b === 0 ? "Starter Kit" : `Starter Kit ${b + 1}`;
		insertEntity(company, "Item", {
			Name: name,
			Sku: `KIT-${String(b + 1).padStart(3, "0")}`,
			Active: true,
			FullyQualifiedName: name,
			Taxable: false,
			UnitPrice: 0,
			Type: "Group",
			PurchaseCost: 0,
			TrackQtyOnHand: false,
			PrintGroupedItems: true,
			ItemGroupDetail: { ItemGroupLine: lines },
		});
	}
}

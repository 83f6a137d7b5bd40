/**
 * A merge, as a QBO user does it in the UI (there is no API for it): every reference to the record
 * merged away is re-pointed to the surviving one, the merged-away record is deactivated, and the change
 * is announced as a Merge of the survivor carrying the merged-away id (`deletedId` / `data.deletedid`).
 */

import { isObject, type Json, type JsonObject } from "../lib/json.ts";
import type { EntityName } from "../qbo/entities.ts";
import { invalidValue, objectNotFound } from "../qbo/faults.ts";
import type { Company } from "./company.ts";
import { displayName } from "./refs.ts";
import { saveEntity } from "./write.ts";

export const MERGEABLE = ["Customer", "Vendor", "Item", "Account", "Department"] as const;
export type Mergeable = (typeof MERGEABLE)[number];

const REF_KEYS: Record<Mergeable, string[]> = {
	Customer: ["CustomerRef", "ParentRef"],
	Vendor: ["VendorRef", "PrefVendorRef"],
	Item: ["ItemRef", "GroupItemRef"],
	Account: [
		"AccountRef",
		"APAccountRef",
		"IncomeAccountRef",
		"ExpenseAccountRef",
		"AssetAccountRef",
		"DepositToAccountRef",
		"AdjustAccountRef",
		"ItemAccountRef",
		"DiscountAccountRef",
	],
	Department: ["DepartmentRef"],
};

const TRANSACTIONS: EntityName[] = [
	"Invoice",
	"Estimate",
	"SalesReceipt",
	"CreditMemo",
	"RefundReceipt",
	"Bill",
	"VendorCredit",
	"PurchaseOrder",
	"Purchase",
	"InventoryAdjustment",
	"Item",
];

function repoint(value: Json, keys: string[], fromId: string, to: JsonObject): boolean {
	let changed = false;
	if (Array.isArray(value)) {
		for (const item of value) changed = repoint(item, keys, fromId, to) || changed;
	} else if (isObject(value)) {
		for (const [key, child] of Object.entries(value)) {
			if (keys.includes(key) && isObject(child) && child.value === fromId) {
				value[key] = { ...child, ...to };
				changed = true;
			} else changed = repoint(child, keys, fromId, to) || changed;
		}
	}
	return changed;
}

export function mergeEntities(company: Company, entity: Mergeable, fromId: string, toId: string): void {
	if (fromId === toId) throw invalidValue("fromId", "cannot merge a record into itself");
	const from = company.get(entity, fromId);
	const to = company.get(entity, toId);
	if (!from || !to) throw objectNotFound();
	const target: JsonObject = { value: toId };
	const name = displayName(entity, to);
	if (name !== undefined) target.name = name;
	for (const type of TRANSACTIONS)
		for (const data of company.all(type)) repoint(data, REF_KEYS[entity], fromId, target);
	saveEntity(company, entity, { ...from, Active: false, sparse: true });
	company.emit({ entity, id: toId, operation: "Merge", atMs: company.now(), deletedId: fromId });
}

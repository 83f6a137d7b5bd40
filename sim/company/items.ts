/**
 * Item rules as QBO applies them: unique Name; Inventory items need the three accounts, QtyOnHand and
 * InvStartDate, and the company's QuantityOnHand preference; an Inventory item never changes type and
 * TrackQtyOnHand never goes back to false; bundles (Group) are read-only through the API.
 */

import { asBoolean, asNumber, asObject, asString, type JsonObject } from "../lib/json.ts";
import { isDate } from "../lib/time.ts";
import { businessValidation, duplicateName, invalidValue, requiredParam, unsupportedOperation } from "../qbo/faults.ts";
import type { BuildContext } from "./build-context.ts";
import { nameForActivity } from "./deactivation.ts";
import { resolveRef } from "./refs.ts";

const TYPES = new Set(["Inventory", "NonInventory", "Service", "Group", "Category"]);

function tracksQuantity(ctx: BuildContext): boolean {
	const prefs = ctx.company.get("Preferences", "1");
	return asObject(prefs?.ProductAndServicesPrefs)?.QuantityOnHand === true;
}

export function buildItem(ctx: BuildContext, draft: JsonObject): JsonObject {
	const { company, previous } = ctx;
	const out: JsonObject = { ...draft };
	const type = asString(draft.Type) ?? asString(previous?.Type) ?? "Service";
	if (!TYPES.has(type)) throw invalidValue("Type", `"${type}" is not an item type`);
	if (type === "Group" || previous?.Type === "Group")
		throw unsupportedOperation(`${previous ? "Update" : "Create"} for bundles (Group items)`);
	if (previous?.Type === "Inventory" && type !== "Inventory")
		throw businessValidation("You can't change the type of an inventory item.", "Type");
	out.Type = type;

	const active = asBoolean(draft.Active) ?? true;
	out.Active = active;
	const rawName = asString(draft.Name)?.trim();
	if (!rawName) throw requiredParam("Name");
	const wasActive = previous ? previous.Active !== false : true;
	const name = nameForActivity(rawName, active, wasActive);
	if (name.length > 100) throw invalidValue("Name", "longer than 100 characters");
	const owner = company.nameOwner("Item", name);
	if (owner !== undefined && owner !== `Item:${previous?.Id}`) throw duplicateName("An item with this name exists.");
	out.Name = name;

	const parent = resolveRef(company, draft.ParentRef, "Item", "ParentRef");
	if (parent) {
		out.ParentRef = parent.ref;
		out.SubItem = true;
		out.Level = (asNumber(parent.data.Level) ?? 0) + 1;
		out.FullyQualifiedName = `${asString(parent.data.FullyQualifiedName) ?? asString(parent.data.Name)}:${name}`;
	} else {
		delete out.ParentRef;
		out.FullyQualifiedName = name;
	}

	if (type === "Category") {
		for (const field of ["IncomeAccountRef", "ExpenseAccountRef", "AssetAccountRef", "QtyOnHand", "UnitPrice"])
			delete out[field];
		out.TrackQtyOnHand = false;
		return out;
	}

	out.Taxable = asBoolean(draft.Taxable) ?? false;
	out.UnitPrice = asNumber(draft.UnitPrice) ?? 0;
	out.PurchaseCost = asNumber(draft.PurchaseCost) ?? 0;
	for (const [field, required] of [
		["IncomeAccountRef", type === "Inventory"],
		["ExpenseAccountRef", type === "Inventory"],
		["AssetAccountRef", type === "Inventory"],
	] as const) {
		const ref = resolveRef(company, draft[field], "Account", field, { required });
		if (ref) out[field] = ref.ref;
		else delete out[field];
	}
	const prefVendor = resolveRef(company, draft.PrefVendorRef, "Vendor", "PrefVendorRef");
	if (prefVendor) out.PrefVendorRef = prefVendor.ref;

	if (type === "Inventory") {
		if (!previous && !tracksQuantity(ctx))
			throw businessValidation("Inventory items are not enabled: turn on Track quantity on hand in Preferences.");
		if (draft.TrackQtyOnHand === false)
			throw businessValidation("TrackQtyOnHand cannot be false on an inventory item.");
		out.TrackQtyOnHand = true;
		const qty = asNumber(draft.QtyOnHand);
		if (qty === undefined) throw requiredParam("QtyOnHand");
		out.QtyOnHand = qty;
		const start = asString(draft.InvStartDate);
		if (start === undefined) throw requiredParam("InvStartDate");
		if (!isDate(start)) throw invalidValue("InvStartDate", "expected YYYY-MM-DD");
		out.InvStartDate = start;
	} else {
		if (!out.IncomeAccountRef && !out.ExpenseAccountRef) throw requiredParam("IncomeAccountRef");
		if (previous?.TrackQtyOnHand === true) throw businessValidation("TrackQtyOnHand cannot be turned off.");
		out.TrackQtyOnHand = false;
		delete out.QtyOnHand;
		delete out.InvStartDate;
		delete out.AssetAccountRef;
	}
	return out;
}

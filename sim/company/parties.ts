/**
 * Customers and vendors. DisplayName is unique across customers, vendors (and employees) — QBO answers
 * 6240 on a clash — and is derived from the person's or company's name when not given.
 */

import { asBoolean, asString, type JsonObject } from "../lib/json.ts";
import { duplicateName, requiredParam } from "../qbo/faults.ts";
import type { BuildContext } from "./build-context.ts";
import { nameForActivity } from "./deactivation.ts";
import { resolveRef } from "./refs.ts";

const PARTY_NAMESPACE = "Party";

const USD: JsonObject = { value: "USD", name: "United States Dollar" };

function derivedName(draft: JsonObject): string | undefined {
	const person = ["Title", "GivenName", "MiddleName", "FamilyName", "Suffix"]
		.map((field) => asString(draft[field])?.trim())
		.filter((part): part is string => Boolean(part))
		.join(" ");
	return person || asString(draft.CompanyName)?.trim() || undefined;
}

export function buildParty(ctx: BuildContext, draft: JsonObject): JsonObject {
	const { company, entity, previous } = ctx;
	const out: JsonObject = { ...draft };
	const active = asBoolean(draft.Active) ?? true;
	out.Active = active;
	const given = asString(draft.DisplayName)?.trim() || derivedName(draft);
	if (!given) throw requiredParam("DisplayName");
	const name = nameForActivity(given, active, previous ? previous.Active !== false : true);
	const owner = company.nameOwner(PARTY_NAMESPACE, name);
	if (owner !== undefined && owner !== `${entity}:${previous?.Id}`) throw duplicateName();
	out.DisplayName = name;
	out.PrintOnCheckName = asString(draft.PrintOnCheckName) ?? name;
	out.Balance = previous?.Balance ?? 0;
	out.CurrencyRef = (draft.CurrencyRef as JsonObject | undefined) ?? USD;
	if (entity === "Customer") {
		const parent = resolveRef(company, draft.ParentRef, "Customer", "ParentRef");
		out.FullyQualifiedName = parent ? `${parent.ref.name}:${name}` : name;
		out.Job = asBoolean(draft.Job) ?? false;
		out.BillWithParent = asBoolean(draft.BillWithParent) ?? false;
		out.Taxable = asBoolean(draft.Taxable) ?? false;
		out.PreferredDeliveryMethod = asString(draft.PreferredDeliveryMethod) ?? "Print";
		out.IsProject = false;
		out.BalanceWithJobs = previous?.BalanceWithJobs ?? 0;
		if (parent) out.ParentRef = parent.ref;
	} else {
		out.Vendor1099 = asBoolean(draft.Vendor1099) ?? false;
	}
	return out;
}

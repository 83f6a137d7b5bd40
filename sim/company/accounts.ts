/** Chart-of-accounts entries: unique Name, an AccountType whose Classification QBO derives. */

import { asBoolean, asString, type JsonObject } from "../lib/json.ts";
import { duplicateName, invalidValue, requiredParam } from "../qbo/faults.ts";
import type { BuildContext } from "./build-context.ts";
import { resolveRef } from "./refs.ts";

const CLASSIFICATION: Record<string, string> = {
	Bank: "Asset",
	"Other Current Asset": "Asset",
	"Fixed Asset": "Asset",
	"Other Asset": "Asset",
	"Accounts Receivable": "Asset",
	Equity: "Equity",
	Expense: "Expense",
	"Other Expense": "Expense",
	"Cost of Goods Sold": "Expense",
	"Accounts Payable": "Liability",
	"Credit Card": "Liability",
	"Long Term Liability": "Liability",
	"Other Current Liability": "Liability",
	Income: "Revenue",
	"Other Income": "Revenue",
};

export function buildAccount(ctx: BuildContext, draft: JsonObject): JsonObject {
	const { company, previous } = ctx;
	const out: JsonObject = { ...draft };
	const name = asString(draft.Name)?.trim();
	if (!name) throw requiredParam("Name");
	const owner = company.nameOwner("Account", name);
	if (owner !== undefined && owner !== `Account:${previous?.Id}`)
		throw duplicateName("Another account is already using this name.");
	const type = asString(draft.AccountType);
	if (!type) throw requiredParam("AccountType");
	const classification = CLASSIFICATION[type];
	if (!classification) throw invalidValue("AccountType", `"${type}" is not an account type`);
	out.Name = name;
	out.AccountType = type;
	out.Classification = classification;
	out.Active = asBoolean(draft.Active) ?? true;
	const parent = resolveRef(company, draft.ParentRef, "Account", "ParentRef");
	out.SubAccount = parent !== undefined;
	out.FullyQualifiedName = parent ? `${parent.ref.name}:${name}` : name;
	if (parent) out.ParentRef = parent.ref;
	out.CurrentBalance = previous?.CurrentBalance ?? 0;
	out.CurrentBalanceWithSubAccounts = previous?.CurrentBalanceWithSubAccounts ?? 0;
	out.CurrencyRef = (draft.CurrencyRef as JsonObject | undefined) ?? { value: "USD", name: "United States Dollar" };
	return out;
}

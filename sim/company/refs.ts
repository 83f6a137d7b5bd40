/**
 * References (`{"value":"12","name":"Pump"}`): QBO checks that the id exists (2500 otherwise) and is
 * active (610 otherwise), and writes the referenced object's display name into `name`.
 */

import { asString, type JsonObject, refValue } from "../lib/json.ts";
import type { EntityName } from "../qbo/entities.ts";
import { invalidReference, objectNotFound, requiredParam } from "../qbo/faults.ts";
import type { Company } from "./company.ts";

/** The `name` QBO writes into a reference to this entity. */
export function displayName(entity: EntityName, data: JsonObject): string | undefined {
	switch (entity) {
		case "Customer":
		case "Vendor":
			return asString(data.DisplayName);
		default:
			return asString(data.FullyQualifiedName) ?? asString(data.Name);
	}
}

export type RefOptions = { required?: boolean; allowInactive?: boolean };

/** Resolves a reference, or undefined when it is absent and optional. */
export function resolveRef(
	company: Company,
	value: unknown,
	target: EntityName,
	element: string,
	options: RefOptions = {},
): { ref: JsonObject; data: JsonObject } | undefined {
	if (value === undefined || value === null) {
		if (options.required) throw requiredParam(element);
		return undefined;
	}
	const id = refValue(value);
	if (id === undefined) throw requiredParam(`${element}.value`);
	const data = company.get(target, id);
	if (!data) throw invalidReference(element, id);
	if (data.Active === false && !options.allowInactive) throw objectNotFound();
	const ref: JsonObject = { value: id };
	const name = displayName(target, data);
	if (name !== undefined) ref.name = name;
	return { ref, data };
}

/** The reference of an account found by name (defaults such as "Accounts Payable (A/P)"). */
export function accountRefByName(company: Company, name: string): JsonObject | undefined {
	const account = company.findBy("Account", "Name", name);
	if (!account) return undefined;
	return { value: String(account.Id), name: displayName("Account", account) ?? name };
}

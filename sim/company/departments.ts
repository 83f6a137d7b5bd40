/** Departments (QBO's "locations"): unique Name, optional parent, deactivated rather than deleted. */

import { asBoolean, asString, type JsonObject } from "../lib/json.ts";
import { duplicateName, requiredParam } from "../qbo/faults.ts";
import type { BuildContext } from "./build-context.ts";
import { resolveRef } from "./refs.ts";

export function buildDepartment(ctx: BuildContext, draft: JsonObject): JsonObject {
	const { company, previous } = ctx;
	const out: JsonObject = { ...draft };
	const name = asString(draft.Name)?.trim();
	if (!name) throw requiredParam("Name");
	const owner = company.nameOwner("Department", name);
	if (owner !== undefined && owner !== `Department:${previous?.Id}`)
		throw duplicateName("Another department is already using this name.");
	out.Name = name;
	out.Active = asBoolean(draft.Active) ?? true;
	const parent = resolveRef(company, draft.ParentRef, "Department", "ParentRef");
	out.SubDepartment = parent !== undefined;
	out.FullyQualifiedName = parent ? `${parent.ref.name}:${name}` : name;
	if (parent) out.ParentRef = parent.ref;
	else delete out.ParentRef;
	return out;
}

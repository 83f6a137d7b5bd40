/**
 * Every write to a company: create, full update, sparse update, delete and void, with QBO's rules —
 * a POST carrying an Id is an update and needs the current SyncToken (5010 otherwise); each write bumps
 * the SyncToken and LastUpdatedTime; deleted transactions leave a tombstone; QtyOnHand follows the
 * documents; linked estimates and POs follow; every change is announced for webhooks.
 */

import { asArray, asNumber, asObject, asString, type JsonObject } from "../lib/json.ts";
import { formatDateTime } from "../lib/time.ts";
import { ENTITIES, type EntityName } from "../qbo/entities.ts";
import {
	deletedTransaction,
	objectNotFound,
	requiredParam,
	staleObject,
	unsupportedOperation,
	unsupportedProperty,
} from "../qbo/faults.ts";
import { BUILDERS, KEPT_ON_FULL_UPDATE, NAME_FIELDS } from "./builders.ts";
import type { Company, Operation } from "./company.ts";
import { syncLinks } from "./links.ts";
import { applyStockEffect, stockEffect, stockKey } from "./stock.ts";

const SYSTEM_FIELDS = ["Id", "SyncToken", "MetaData", "domain", "sparse", "status"];

function withoutSystem(body: JsonObject): JsonObject {
	const out = { ...body };
	for (const field of SYSTEM_FIELDS) delete out[field];
	return out;
}

function checkFields(entity: EntityName, body: JsonObject): void {
	const known = ENTITIES[entity].fields;
	for (const key of Object.keys(body)) if (!known.has(key)) throw unsupportedProperty(entity, key);
}

function metaData(company: Company, createMs: number, updateMs: number): JsonObject {
	return {
		CreateTime: formatDateTime(createMs, company.offsetMinutes),
		LastUpdatedTime: formatDateTime(updateMs, company.offsetMinutes),
	};
}

function createdMs(company: Company, entity: EntityName, id: string): number {
	const created = asString(asObject(company.get(entity, id)?.MetaData)?.CreateTime);
	return created ? Date.parse(created) : company.now();
}

function reindexName(company: Company, entity: EntityName, before: JsonObject | undefined, after: JsonObject): void {
	const naming = NAME_FIELDS[entity];
	if (!naming) return;
	const owner = `${entity}:${after.Id}`;
	company.clearName(naming.namespace, asString(before?.[naming.field]), owner);
	company.setName(naming.namespace, asString(after[naming.field]), owner);
}

/** Stores a new version of an entity and runs everything that follows a write. */
function commit(
	company: Company,
	entity: EntityName,
	before: JsonObject | undefined,
	content: JsonObject,
	id: string,
	operation: Operation,
): JsonObject {
	const now = company.now();
	const syncToken = before ? String((asNumber(before.SyncToken) ?? 0) + 1) : "0";
	const record: JsonObject = {
		...content,
		domain: "QBO",
		sparse: false,
		Id: id,
		SyncToken: syncToken,
		MetaData: metaData(company, before ? createdMs(company, entity, id) : now, now),
	};
	reindexName(company, entity, before, record);
	company.put(entity, record, now);
	applyStockEffect(company, stockKey(entity, id), stockEffect(company, entity, record));
	syncLinks(company, entity, id, before, record, (linked, data) => {
		commit(company, linked, company.get(linked, String(data.Id)), withoutSystem(data), String(data.Id), "Update");
	});
	company.emit({ entity, id, operation, atMs: now });
	return record;
}

/** The stored object a write targets, with QBO's answers for a missing, deleted or stale one. */
function current(company: Company, entity: EntityName, body: JsonObject): JsonObject {
	const id = asString(body.Id);
	if (id === undefined) throw requiredParam("Id");
	const stored = company.get(entity, id);
	if (!stored) throw company.isDeleted(entity, id) ? deletedTransaction() : objectNotFound();
	const syncToken = asString(body.SyncToken);
	if (syncToken === undefined) throw requiredParam("SyncToken");
	if (syncToken !== stored.SyncToken) throw staleObject();
	return stored;
}

/** `POST /{entity}`: create, or update when the body has an Id (sparse when `sparse: true`). */
export function saveEntity(company: Company, entity: EntityName, body: JsonObject): JsonObject {
	checkFields(entity, body);
	const info = ENTITIES[entity];
	if (body.Id === undefined || body.Id === null) {
		if (info.kind === "singleton") throw unsupportedOperation(`Create for ${entity}`);
		const content = BUILDERS[entity]({ company, entity, previous: undefined }, withoutSystem(body));
		return commit(company, entity, undefined, content, company.nextId(entity), "Create");
	}
	const before = current(company, entity, body);
	const sparse = body.sparse === true || body.sparse === "true";
	if (info.sparseOnly && !sparse) throw unsupportedOperation(`full Update for ${entity} (send "sparse": true)`);
	const kept: JsonObject = {};
	for (const field of KEPT_ON_FULL_UPDATE[entity] ?? []) if (before[field] !== undefined) kept[field] = before[field];
	const draft = sparse ? { ...withoutSystem(before), ...withoutSystem(body) } : { ...kept, ...withoutSystem(body) };
	const content = BUILDERS[entity]({ company, entity, previous: before }, draft);
	return commit(company, entity, before, content, String(before.Id), "Update");
}

/** `?operation=delete`: transactions only; answers Intuit's `status: "Deleted"` stub. */
export function deleteEntity(company: Company, entity: EntityName, body: JsonObject): JsonObject {
	if (!ENTITIES[entity].deletable) throw unsupportedOperation(`Delete for ${entity}`);
	const before = current(company, entity, body);
	const id = String(before.Id);
	const now = company.now();
	company.remove(entity, id, now);
	applyStockEffect(company, stockKey(entity, id), new Map());
	syncLinks(company, entity, id, before, undefined, (linked, data) => {
		commit(company, linked, company.get(linked, String(data.Id)), withoutSystem(data), String(data.Id), "Update");
	});
	company.emit({ entity, id, operation: "Delete", atMs: now });
	return { domain: "QBO", status: "Deleted", Id: id };
}

function zeroLines(lines: unknown): JsonObject[] | undefined {
	return asArray(lines)?.map((raw) => {
		const line = { ...(asObject(raw) ?? {}) };
		if (line.Amount !== undefined) line.Amount = 0;
		for (const key of ["SalesItemLineDetail", "ItemBasedExpenseLineDetail"]) {
			const detail = asObject(line[key]);
			if (detail) line[key] = { ...detail, Qty: 0, UnitPrice: 0 };
		}
		const group = asObject(line.GroupLineDetail);
		if (group) line.GroupLineDetail = { ...group, Line: zeroLines(group.Line) ?? [] };
		return line;
	});
}

/**
 * `?operation=void`: the document stays with its Id; amounts and quantities are zeroed (so its stock
 * effect goes to zero) and PrivateNote says "Voided" (invoice-void and salesreceipt-void samples).
 */
export function voidEntity(company: Company, entity: EntityName, body: JsonObject): JsonObject {
	if (!ENTITIES[entity].voidable) throw unsupportedOperation(`Void for ${entity}`);
	const before = current(company, entity, body);
	const note = asString(before.PrivateNote);
	const voided: JsonObject = {
		...withoutSystem(before),
		Line: zeroLines(before.Line) ?? [],
		TotalAmt: 0,
		PrivateNote: note && !note.startsWith("Voided") ? `Voided - ${note}` : "Voided",
	};
	if (before.Balance !== undefined) voided.Balance = 0;
	if (before.RemainingCredit !== undefined) voided.RemainingCredit = 0;
	const txnTax = asObject(before.TxnTaxDetail);
	if (txnTax) voided.TxnTaxDetail = { ...txnTax, TotalTax: 0 };
	return commit(company, entity, before, voided, String(before.Id), "Void");
}

/** Reads one entity; 610 when it does not exist or was deleted. */
export function readEntity(company: Company, entity: EntityName, id: string): JsonObject {
	const data = company.get(entity, id);
	if (!data) throw company.isDeleted(entity, id) ? deletedTransaction() : objectNotFound();
	return data;
}

/**
 * Creates an entity without the API's rules: for seeding what only QBO's own UI can create (bundles)
 * and the per-company singletons (Preferences, CompanyInfo).
 */
export function insertEntity(company: Company, entity: EntityName, content: JsonObject): JsonObject {
	return commit(company, entity, undefined, content, company.nextId(entity), "Create");
}

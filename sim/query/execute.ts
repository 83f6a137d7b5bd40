/**
 * Runs a parsed query against a company the way QBO answers it: names and values compared
 * case-insensitively, references (`CustomerRef = '1'`) compared by their value, dates as instants,
 * inactive name-list records hidden unless the WHERE mentions Active, at most 1000 rows (100 by
 * default) from a 1-based STARTPOSITION, and an empty `QueryResponse` when nothing matches.
 */
import type { Company } from "../company/company.ts";
import { asObject, type Json, type JsonObject } from "../lib/json.ts";
import { parseInstant } from "../lib/time.ts";
import { ENTITIES, entityByName, isNameList } from "../qbo/entities.ts";
import { invalidQuery } from "../qbo/faults.ts";
import { type Condition, type Literal, parseQuery } from "./parse.ts";

const DEFAULT_MAX = 100;
const NUMERIC = /^-?\d+(\.\d+)?$/;
const LIMIT = 1000;

/** A field by a case-insensitive dotted path; a reference yields its `value`. */
function fieldValue(data: JsonObject, path: string): Json | undefined {
	let current: Json | undefined = data;
	for (const segment of path.split(".")) {
		const object = asObject(current);
		if (!object) return undefined;
		const key = Object.keys(object).find((k) => k.toLowerCase() === segment.toLowerCase());
		current = key === undefined ? undefined : object[key];
	}
	const ref = asObject(current);
	return ref && "value" in ref ? ref.value : current;
}

/** <0, 0, >0, or undefined when the two cannot be compared. */
function compare(value: Json | undefined, literal: Literal): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof literal === "boolean") {
		const bool = value === true || value === "true" ? true : value === false || value === "false" ? false : undefined;
		return bool === undefined ? undefined : Number(bool) - Number(literal);
	}
	if (typeof value === "object") return undefined;
	// Ids and amounts arrive as strings ('3', '300.00') and compare as numbers when both are numeric.
	const numeric =
		typeof value === "number" || typeof literal === "number" || (NUMERIC.test(String(value)) && NUMERIC.test(literal));
	if (numeric) {
		const a = Number(value);
		const b = Number(literal);
		if (Number.isFinite(a) && Number.isFinite(b)) return a - b;
	}
	const a = String(value);
	const b = String(literal);
	const at = parseInstant(a);
	const bt = parseInstant(b);
	if (at !== undefined && bt !== undefined) return at - bt;
	const la = a.toLowerCase();
	const lb = b.toLowerCase();
	return la < lb ? -1 : la > lb ? 1 : 0;
}

function likePattern(pattern: string): RegExp {
	const body = pattern
		.split("%")
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
		.join(".*");
	return new RegExp(`^${body}$`, "is");
}

function matches(data: JsonObject, condition: Condition): boolean {
	const value = fieldValue(data, condition.field);
	const [first] = condition.values;
	if (first === undefined) return false;
	switch (condition.op) {
		case "IN":
			return condition.values.some((literal) => compare(value, literal) === 0);
		case "LIKE":
			return value !== undefined && value !== null && likePattern(String(first)).test(String(value));
		default: {
			const c = compare(value, first);
			if (c === undefined) return false;
			if (condition.op === "=") return c === 0;
			if (condition.op === "<") return c < 0;
			if (condition.op === ">") return c > 0;
			if (condition.op === "<=") return c <= 0;
			return c >= 0;
		}
	}
}

function sortValue(a: Json | undefined, b: Json | undefined): number {
	if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
	if (b === undefined || b === null) return -1;
	if (typeof b === "object") return 0;
	return compare(a, b) ?? 0;
}

/** Runs a query statement; the answer is the `QueryResponse` object. Throws Fault 4000/4001. */
export function runQuery(company: Company, statement: string): JsonObject {
	const query = parseQuery(statement);
	const entity = entityByName(query.entity);
	if (!entity) throw invalidQuery(`invalid context declaration: ${query.entity}`);
	const known = new Set([...ENTITIES[entity].fields].map((f) => f.toLowerCase()));
	for (const field of [...query.where.map((c) => c.field), ...query.orderBy.map((o) => o.field)]) {
		const head = field.split(".")[0]?.toLowerCase() ?? "";
		if (!known.has(head) && head !== "metadata") throw invalidQuery(`property '${field}' is not queryable`);
	}
	let rows = company.all(entity);
	const mentionsActive = query.where.some((c) => c.field.toLowerCase() === "active");
	if (isNameList(entity) && !mentionsActive) rows = rows.filter((row) => row.Active !== false);
	rows = rows.filter((row) => query.where.every((condition) => matches(row, condition)));
	if (query.count) return { totalCount: rows.length };
	const order = query.orderBy.length > 0 ? query.orderBy : [{ field: "Id", desc: false }];
	rows = [...rows].sort((a, b) => {
		for (const { field, desc } of order) {
			const c =
				field.toLowerCase() === "id"
					? Number(a.Id) - Number(b.Id)
					: sortValue(fieldValue(a, field), fieldValue(b, field));
			if (c !== 0) return desc ? -c : c;
		}
		return 0;
	});
	const start = Math.max(1, query.startPosition ?? 1);
	const max = Math.min(LIMIT, Math.max(1, query.maxResults ?? DEFAULT_MAX));
	const page = rows.slice(start - 1, start - 1 + max);
	if (page.length === 0) return {};
	return { [entity]: page, startPosition: start, maxResults: page.length };
}

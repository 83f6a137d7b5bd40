/**
 * `POST /batch` (docs/qbo.md#limits-and-throttling): up to 30 independent items, each a Query or a
 * create / update / delete / void of one entity, answered in one HTTP 200 with a per-item result or
 * per-item Fault.
 */

import { asArray, asObject, asString, type JsonObject } from "../lib/json.ts";
import { entityByName } from "../qbo/entities.ts";
import { invalidValue, malformedBody, QboError } from "../qbo/faults.ts";
import { runQuery } from "../query/execute.ts";
import type { Company } from "./company.ts";
import { deleteEntity, saveEntity, voidEntity } from "./write.ts";

const BATCH_LIMIT = 30;

function runItem(company: Company, item: JsonObject): JsonObject {
	const query = asString(item.Query);
	if (query !== undefined) return { QueryResponse: runQuery(company, query) };
	const keys = Object.keys(item).filter((key) => !["bId", "operation", "optionsData"].includes(key));
	const key = keys.find((k) => entityByName(k) !== undefined);
	const entity = key === undefined ? undefined : entityByName(key);
	const body = key === undefined ? undefined : asObject(item[key]);
	if (!entity || !body) throw invalidValue("BatchItemRequest", "each item needs a Query or one entity object");
	const operation = asString(item.operation) ?? "create";
	switch (operation) {
		case "create":
		case "update":
			return { [entity]: saveEntity(company, entity, body) };
		case "delete":
			return { [entity]: deleteEntity(company, entity, body) };
		case "void":
			return { [entity]: voidEntity(company, entity, body) };
		default:
			throw invalidValue("operation", `"${operation}" is not a batch operation`);
	}
}

export function runBatch(company: Company, body: unknown): JsonObject {
	const items = asArray(asObject(body)?.BatchItemRequest);
	if (!items) throw malformedBody('expected {"BatchItemRequest": [...]}');
	if (items.length > BATCH_LIMIT)
		throw invalidValue("BatchItemRequest", `${items.length} items; a batch takes at most ${BATCH_LIMIT}`);
	const responses = items.map((raw): JsonObject => {
		const item = asObject(raw) ?? {};
		const bId = asString(item.bId) ?? "";
		try {
			return { ...runItem(company, item), bId };
		} catch (error) {
			if (error instanceof QboError) return { Fault: error.fault(), bId };
			throw error;
		}
	});
	return { BatchItemResponse: responses };
}

/**
 * Change data capture (docs/qbo.md#cdc-catch-up): every object of the listed entities changed at or after
 * `changedSince` (at most 30 days back), deleted ones as `{"domain":"QBO","status":"Deleted","Id":…}`
 * stubs, at most 1000 objects in all. Which objects QBO keeps when more changed is not documented: the
 * simulator keeps the oldest changes, so a client can move its window forward from the last one seen.
 */
import type { Company } from "../company/company.ts";
import type { JsonObject } from "../lib/json.ts";
import { formatDateTime, parseInstant } from "../lib/time.ts";
import { ENTITY_NAMES, type EntityName, entityByName } from "../qbo/entities.ts";
import { invalidQuery, requiredParam } from "../qbo/faults.ts";

const CDC_LIMIT = 1000;
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

type Changed = { entity: EntityName; atMs: number; object: JsonObject };

export function runCdc(company: Company, entities: string | undefined, changedSince: string | undefined): JsonObject {
	if (!entities) throw requiredParam("entities");
	if (!changedSince) throw requiredParam("changedSince");
	const since = parseInstant(changedSince);
	if (since === undefined) throw invalidQuery(`changedSince "${changedSince}" is not a date`);
	if (company.now() - since > MAX_AGE_MS) throw invalidQuery("cdc changedSince cannot be more than 30 days ago");
	const wanted: EntityName[] = [];
	for (const name of entities.split(",").map((n) => n.trim())) {
		const entity = entityByName(name);
		if (!entity || !ENTITY_NAMES.includes(entity)) throw invalidQuery(`invalid entity in cdc: ${name}`);
		if (!wanted.includes(entity)) wanted.push(entity);
	}
	const changed: Changed[] = [];
	for (const entity of wanted) {
		if (company.cdcLeavesOut.has(entity)) continue;
		for (const stored of company.allStored(entity))
			if (stored.updatedMs >= since) changed.push({ entity, atMs: stored.updatedMs, object: stored.data });
		for (const [id, atMs] of company.deletions(entity))
			if (atMs >= since)
				changed.push({
					entity,
					atMs,
					object: {
						domain: "QBO",
						status: "Deleted",
						Id: id,
						MetaData: { LastUpdatedTime: formatDateTime(atMs, company.offsetMinutes) },
					},
				});
	}
	changed.sort((a, b) => a.atMs - b.atMs);
	const kept = changed.slice(0, CDC_LIMIT);
	const responses: JsonObject[] = [];
	for (const entity of wanted) {
		const objects = kept.filter((c) => c.entity === entity).map((c) => c.object);
		if (objects.length > 0)
			responses.push({ [entity]: objects, startPosition: 1, maxResults: objects.length, totalCount: objects.length });
	}
	return { CDCResponse: [{ QueryResponse: responses.length > 0 ? responses : [{}] }] };
}

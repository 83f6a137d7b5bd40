/**
 * The CDC catch-up (docs/qbo.md#cdc-catch-up): webhooks can be lost, and InventoryAdjustment has none. Every
 * few minutes each connected company asks QBO what changed since its checkpoint and queues one
 * event per changed entity version in its inbox, where the usual dedupe and processing apply. CDC
 * answers the full entities: each event carries its entity, which processing then applies as it
 * came instead of reading it again (`carriedEntities`); only deleted stubs are read back.
 */
import { QBO_DOCUMENT_TYPES } from "../qbo/document-entities";
import { type InboundEvent, isQboId } from "../qbo/inbound-event";
import type { QboApi } from "../qbo/qbo-api";

/** Entities whose changes matter to stock or the catalogue we keep (purchase orders move nothing yet). */
export const CATCH_UP_ENTITIES = [
	"Item",
	"Vendor",
	"Department",
	...QBO_DOCUMENT_TYPES.filter((type) => type !== "PurchaseOrder"),
];

/** CDC looks back at most 30 days. */
const MAX_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
/** A CDC answer holds at most this many objects: a full one means there may be more. */
const CDC_CAP = 1000;
/** Overlap between windows: QBO's clock and ours differ, and a change may land mid-call. */
const OVERLAP_MS = 60_000;
/**
 * An entity whose JSON is longer than this is not carried in its event (an inbox row stays far below
 * the object storage's 2 MB per row): it is read from QBO when processed, as a webhook's would be.
 */
const MAX_CARRIED_CHARS = 256 * 1024;

/**
 * Entities QBO's CDC may leave out though asked (docs/qbo.md#cdc-catch-up): when a CDC answer brings
 * none of them, they are also queried by their last update since the same moment.
 */
const QUERIED_WHEN_CDC_HAS_NONE = ["InventoryAdjustment"];

export type CatchUp = { events: InboundEvent[]; nextCheckpoint: number };

/**
 * The events for everything changed since `checkpoint` (epoch ms), and where the next catch-up
 * starts: just before this one began, or — when QBO's answer was full — the newest change seen,
 * so that the rest comes next time.
 */
export async function catchUpEvents(
	api: QboApi,
	realmId: string,
	checkpoint: number,
	now = Date.now(),
): Promise<CatchUp> {
	const since = new Date(Math.max(checkpoint, now - MAX_LOOKBACK_MS + OVERLAP_MS));
	const changes = await api.cdc(CATCH_UP_ENTITIES, since);
	const fromCdc = Object.values(changes).reduce((n, objects) => n + objects.length, 0);
	// Found by a query, they do not move the checkpoint: only a full CDC answer does.
	const queried: Record<string, Record<string, unknown>[]> = {};
	for (const entity of QUERIED_WHEN_CDC_HAS_NONE)
		if (!changes[entity]?.length)
			queried[entity] = await api.queryAll(entity, `WHERE Metadata.LastUpdatedTime >= '${since.toISOString()}'`);
	const events: InboundEvent[] = [];
	let newest = since.getTime();
	for (const [entity, objects] of [...Object.entries(changes), ...Object.entries(queried)]) {
		for (const object of objects) {
			const id = String(object.Id ?? "");
			// An id that is not QBO's could never be read back: it would only fail in the inbox.
			if (!isQboId(id)) {
				console.warn(`qbo catch-up: ${entity} with id ${JSON.stringify(id).slice(0, 80)} skipped, not a QBO id`);
				continue;
			}
			const deleted = object.status === "Deleted";
			const updated = Date.parse(
				String((object.MetaData as { LastUpdatedTime?: string } | undefined)?.LastUpdatedTime ?? ""),
			);
			if (Number.isFinite(updated) && !(entity in queried)) newest = Math.max(newest, updated);
			// A deleted stub is only a hint (docs/qbo.md#cdc-catch-up): the document is read back.
			const carried = !deleted && JSON.stringify(object).length <= MAX_CARRIED_CHARS;
			events.push({
				// One key per entity version: the same version found again is a duplicate.
				key: `cdc:${entity}:${id}:${deleted ? "deleted" : String(object.SyncToken ?? "")}`,
				realmId,
				entity,
				entityId: id,
				operation: deleted ? "delete" : "update",
				occurredAt: new Date(Number.isFinite(updated) ? updated : now).toISOString(),
				...(carried ? { entityJson: object } : {}),
			});
		}
	}
	const saturated = fromCdc >= CDC_CAP;
	return { events, nextCheckpoint: saturated ? newest : now - OVERLAP_MS };
}

/**
 * The entities a batch of events already holds, keyed `Entity:Id` (for `QboApi.withKnown`): those
 * every event of the batch about that entity carries — a webhook's event among them, or a merge
 * naming it, and the entity is read from QBO instead. Of several versions carried, the newest
 * (highest SyncToken) is kept; one older than what we hold is refused by its SyncToken, as a read.
 */
export function carriedEntities(events: InboundEvent[]): Map<string, Record<string, unknown>> {
	const carried = new Map<string, Record<string, unknown>>();
	const uncarried = new Set<string>();
	for (const event of events) {
		const key = `${event.entity}:${event.entityId}`;
		if (event.deletedId) uncarried.add(`${event.entity}:${event.deletedId}`);
		const json = event.entityJson;
		if (!json || String(json.Id ?? "") !== event.entityId) {
			uncarried.add(key);
			continue;
		}
		const held = carried.get(key);
		if (!held || syncToken(json) > syncToken(held)) carried.set(key, json);
	}
	for (const key of uncarried) carried.delete(key);
	return carried;
}

function syncToken(json: Record<string, unknown>): number {
	const token = Number(json.SyncToken);
	return Number.isFinite(token) ? token : -1;
}

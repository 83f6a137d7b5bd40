/**
 * The CDC catch-up (docs/qbo.md#cdc-catch-up): webhooks can be lost, and InventoryAdjustment has none. Every
 * few minutes each connected company asks QBO what changed since its checkpoint and queues one
 * event per changed entity version in its inbox, where the usual dedupe and processing apply —
 * a change already seen by webhook costs one read and changes nothing.
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
	const events: InboundEvent[] = [];
	let newest = since.getTime();
	for (const [entity, objects] of Object.entries(changes)) {
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
			if (Number.isFinite(updated)) newest = Math.max(newest, updated);
			events.push({
				// One key per entity version: the same version found again is a duplicate.
				key: `cdc:${entity}:${id}:${deleted ? "deleted" : String(object.SyncToken ?? "")}`,
				realmId,
				entity,
				entityId: id,
				operation: deleted ? "delete" : "update",
				occurredAt: new Date(Number.isFinite(updated) ? updated : now).toISOString(),
			});
		}
	}
	const saturated = events.length >= CDC_CAP;
	return { events, nextCheckpoint: saturated ? newest : now - OVERLAP_MS };
}

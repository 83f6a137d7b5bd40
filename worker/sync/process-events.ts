/**
 * Turns a batch of a realm's webhook events into stock: coalesce by entity (many events about one
 * invoice are one read), fetch the current entities from QBO in few calls (query … WHERE Id IN),
 * sync the catalogue first so documents find their items, then apply the documents. A failure is
 * its own entity's (one document, or one entity type's read): the rest of the batch goes on.
 */
import { isQboDocumentType, type QboDocumentType } from "../qbo/document-entities";
import type { InboundEvent } from "../qbo/inbound-event";
import { type QboApi, QboApiError } from "../qbo/qbo-api";
import { isQuantityRefusal } from "../stock/product-stock-client";
import { syncItems } from "./catalogue-sync";
import { syncDepartments } from "./department-sync";
import { syncDocument } from "./document-sync";
import { failureMessage } from "./failure-message";
import { mergeItems } from "./item-merge";
import { isOwnAdjustment } from "./stock-push";
import { syncVendors } from "./vendor-sync";

export type EventOutcome = {
	key: string;
	status: "applied" | "ignored" | "failed";
	/** Why it failed, or why it was ignored (shown in the sync log). */
	error?: string;
	/** Failed for good: trying again would fail the same way (a quantity beyond the bounds), so it is dead at once. */
	final?: boolean;
};

export type ProcessResult = {
	outcomes: EventOutcome[];
	/** Set when QBO asked us to wait (throttle, outage): the events without an outcome stay pending. */
	retryAfterMs?: number;
};

/** The sync log's sentence for a document whose stock has nowhere to go. */
const NO_LOCATION = "The company has no default location, so this document's stock has nowhere to go.";

/** The catalogue we keep; other entities' events, but documents', say nothing about stock. */
const CATALOGUE = new Set(["Item", "Vendor", "Department"]);

export async function processEvents(
	env: Env,
	companyId: string,
	events: InboundEvent[],
	api: QboApi,
): Promise<ProcessResult> {
	const outcomes: EventOutcome[] = [];
	const byEntity = new Map<string, InboundEvent[]>();
	for (const event of events) {
		if (!CATALOGUE.has(event.entity) && !isQboDocumentType(event.entity)) {
			outcomes.push({ key: event.key, status: "ignored" });
			continue;
		}
		byEntity.set(event.entity, [...(byEntity.get(event.entity) ?? []), event]);
	}
	const settle = (list: InboundEvent[], status: EventOutcome["status"], error?: string, final?: boolean) => {
		for (const e of list)
			outcomes.push({ key: e.key, status, ...(error ? { error } : {}), ...(final ? { final } : {}) });
	};
	// The catalogue first: documents refer to items.
	const order = [...byEntity.keys()].sort((a, b) => Number(!CATALOGUE.has(a)) - Number(!CATALOGUE.has(b)));
	for (const entity of order) {
		const list = byEntity.get(entity) ?? [];
		// A merge names the record merged away too: read it, so that it is deactivated here as well.
		const ids = [...new Set(list.flatMap((e) => (e.deletedId ? [e.entityId, e.deletedId] : [e.entityId])))];
		try {
			if (entity === "Item") {
				await syncItems(env, companyId, await api.readByIds("Item", ids));
				// A merge moves what Stockroom keeps of the item merged away to the survivor.
				for (const e of list)
					if (e.operation === "merge" && e.deletedId) await mergeItems(env, companyId, e.deletedId, e.entityId);
				settle(list, "applied");
			} else if (entity === "Department") {
				await syncDepartments(env, companyId, await api.readByIds("Department", ids));
				settle(list, "applied");
			} else if (entity === "Vendor") {
				await syncVendors(env, companyId, await api.readByIds("Vendor", ids));
				settle(list, "applied");
			} else if (isQboDocumentType(entity)) {
				await syncDocuments(env, companyId, entity, ids, api, list, settle);
			}
		} catch (error) {
			// QBO asks us to wait (throttle, outage): the events without an outcome stay as they are.
			if (error instanceof QboApiError && error.kind === "retry") return { outcomes, retryAfterMs: error.afterMs };
			const settled = new Set(outcomes.map((o) => o.key));
			settle(
				list.filter((e) => !settled.has(e.key)),
				"failed",
				failureMessage(error, `sync of ${entity} ${ids.join(",")}`),
				isQuantityRefusal(error),
			);
		}
	}
	return { outcomes };
}

async function syncDocuments(
	env: Env,
	companyId: string,
	entity: QboDocumentType,
	ids: string[],
	api: QboApi,
	events: InboundEvent[],
	settle: (list: InboundEvent[], status: EventOutcome["status"], error?: string, final?: boolean) => void,
) {
	const found = new Map((await api.readByIds(entity, ids)).map((doc) => [String(doc.Id), doc]));
	for (const id of ids) {
		const about = events.filter((e) => e.entityId === id);
		// Gone from QBO (deleted): only its Id is left, and our stored lines undo it.
		const json = found.get(id) ?? { domain: "QBO", status: "Deleted", Id: id };
		// Our own push coming back (stock sync to QBO): already in our stock, not counted again.
		if (entity === "InventoryAdjustment" && isOwnAdjustment(json)) {
			settle(about, "ignored");
			continue;
		}
		try {
			let outcome = await syncDocument(env, companyId, entity, json, { unknownDepartment: "report" });
			if (outcome.status === "unknown_department") {
				// A department created in QBO moments before the document: fetch it (it becomes a location),
				// then map at it. Gone or inactive in QBO, it makes no location: the default location then.
				await syncDepartments(env, companyId, await api.readByIds("Department", [outcome.departmentId]));
				outcome = await syncDocument(env, companyId, entity, json);
			}
			if (outcome.status === "applied" && outcome.unknownItems.length > 0) {
				// Items created in QBO moments before the document: fetch them, then map again.
				await syncItems(env, companyId, await api.readByIds("Item", outcome.unknownItems));
				outcome = await syncDocument(env, companyId, entity, json);
			}
			if (outcome.status === "applied") settle(about, "applied");
			// Not newer than what was applied: said, never passed over as applied.
			else if (outcome.status === "ignored" || outcome.status === "stale") settle(about, "ignored", outcome.reason);
			// Its stock would pass the bounds: the same version is refused every time, so it is not retried.
			else if (outcome.status === "refused") settle(about, "failed", outcome.error, true);
			else settle(about, "failed", outcome.status === "invalid" ? outcome.error : NO_LOCATION);
		} catch (error) {
			if (error instanceof QboApiError && error.kind === "retry") throw error;
			// This document's failure is its own: the next documents of the batch still go through.
			settle(about, "failed", failureMessage(error, `sync of ${entity} ${id}`), isQuantityRefusal(error));
		}
	}
}

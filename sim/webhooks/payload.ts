/**
 * Webhook bodies in both of Intuit's formats (docs/qbo.md#webhooks). CloudEvents: a JSON array of events
 * `{specversion, id, source, type: "qbo.<entity>.<verb>.v1", time, intuitentityid, intuitaccountid,
 * data}`. Legacy: `{"eventNotifications":[{realmId, dataChangeEvent:{entities:[{name, id, operation,
 * lastUpdated}]}}]}`. Neither carries the entity's data: clients re-read it.
 */
import type { Change, Operation } from "../company/company.ts";
import type { JsonObject } from "../lib/json.ts";

export type WebhookFormat = "cloudevents" | "legacy";

/** One notification; its id stays the same across retries and duplicate deliveries. */
export type WebhookEvent = { id: string; change: Change };

const VERBS: Record<Operation, string> = {
	Create: "created",
	Update: "updated",
	Delete: "deleted",
	Void: "voided",
	Merge: "merged",
};

function cloudEvent(event: WebhookEvent, source: string): JsonObject {
	const { change } = event;
	return {
		specversion: "1.0",
		id: event.id,
		source,
		type: `qbo.${change.entity.toLowerCase()}.${VERBS[change.operation]}.v1`,
		datacontenttype: "application/json",
		time: new Date(change.atMs).toISOString(),
		intuitentityid: change.id,
		intuitaccountid: change.realmId,
		data: change.deletedId === undefined ? {} : { deletedid: change.deletedId },
	};
}

function legacy(events: WebhookEvent[]): JsonObject {
	const realms = new Map<string, JsonObject[]>();
	for (const { change } of events) {
		const entity: JsonObject = {
			name: change.entity,
			id: change.id,
			operation: change.operation,
			lastUpdated: new Date(change.atMs).toISOString(),
		};
		if (change.deletedId !== undefined) entity.deletedId = change.deletedId;
		const list = realms.get(change.realmId) ?? [];
		list.push(entity);
		realms.set(change.realmId, list);
	}
	return {
		eventNotifications: [...realms].map(([realmId, entities]) => ({ realmId, dataChangeEvent: { entities } })),
	};
}

/** The raw body of one delivery: the bytes that are signed and sent. */
export function renderPayload(format: WebhookFormat, events: WebhookEvent[], source: string): string {
	return JSON.stringify(format === "legacy" ? legacy(events) : events.map((event) => cloudEvent(event, source)));
}

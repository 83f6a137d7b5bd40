/**
 * QBO webhook payloads → `InboundEvent`s. Two formats reach the same URL (docs/qbo.md#cloudevents-format): the
 * legacy `{ eventNotifications: [...] }` object and the CloudEvents array that replaces it. Each
 * event is read on its own, so one odd event does not cost the others; what cannot be read is
 * reported as rejected (the route keeps the delivery as a dead letter), never thrown.
 */
import { z } from "zod";
import { normalizeEntityName } from "./entity-names";
import { type InboundEvent, type KnownOperation, QBO_ID_PATTERN } from "./inbound-event";
import { toIsoUtc } from "./qbo-time";

export type WebhookFormat = "cloudevents" | "legacy";

/** An event of a delivery that could not be read: where it was in the body, and why. */
export type RejectedEvent = { at: string; reason: string };

export type ParsedDelivery =
	| {
			ok: true;
			format: WebhookFormat;
			events: InboundEvent[];
			rejected: RejectedEvent[];
			/** Read, but worth a log line: unknown verbs and entity names. */
			warnings: string[];
	  }
	| { ok: false; reason: string };

/**
 * QBO ids are strings of digits; a number is tolerated and turned into one. An event naming
 * anything else (`1' OR '1'='1`) is not understood: it could only ever fail, so it goes to the
 * dead letters instead of a company's inbox.
 */
const qboIdSchema = z
	.union([z.string().trim(), z.number().transform(String)])
	.pipe(z.string().regex(QBO_ID_PATTERN, "is not a QuickBooks id (1 to 20 digits)"));

const cloudEventSchema = z.object({
	id: z.string().trim().min(1),
	type: z.string(),
	time: z.string(),
	intuitaccountid: qboIdSchema,
	intuitentityid: qboIdSchema,
	data: z.unknown().optional(),
});

/** Intuit's doc spells it `deletedid`; the camel case is accepted too, in case that changes. */
const mergeDataSchema = z.object({ deletedid: qboIdSchema.optional(), deletedId: qboIdSchema.optional() });

const legacyEnvelopeSchema = z.object({ eventNotifications: z.array(z.unknown()) });

const legacyNotificationSchema = z.object({
	realmId: qboIdSchema,
	dataChangeEvent: z.object({ entities: z.array(z.unknown()) }),
});

const legacyEntitySchema = z.object({
	name: z.string().trim().min(1),
	id: qboIdSchema,
	operation: z.string().trim().min(1),
	lastUpdated: z.string(),
	deletedId: qboIdSchema.optional(),
});

/** `qbo.<entity>.<verb>.v<n>`; the version is optional so that a `v2` or none still reads. */
const CLOUDEVENT_TYPE = /^qbo\.([a-z0-9_]+)\.([a-z0-9_]+)(?:\.v\d+)?$/i;

/**
 * CloudEvents use past tenses (`created`), the legacy format bare verbs (`Create`); void comes as
 * both `void` and `voided`. A Map, so that a verb like `constructor` is not found on a prototype.
 */
const VERBS = new Map<string, KnownOperation>([
	["create", "create"],
	["created", "create"],
	["update", "update"],
	["updated", "update"],
	["delete", "delete"],
	["deleted", "delete"],
	["merge", "merge"],
	["merged", "merge"],
	["void", "void"],
	["voided", "void"],
	["email", "emailed"],
	["emailed", "emailed"],
]);

/** A leading BOM is dropped (JSON.parse would refuse it); invalid UTF-8 throws. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Reads a webhook body (raw bytes, already verified) in either format.
 *
 * @example
 * const parsed = parseWebhookBody(new TextEncoder().encode('[{"id":"e1","type":"qbo.invoice.created.v1",…}]'));
 * if (parsed.ok) parsed.events; // [{ key: "e1", entity: "Invoice", operation: "create", … }]
 */
export function parseWebhookBody(body: Uint8Array): ParsedDelivery {
	let text: string;
	try {
		text = strictUtf8.decode(body);
	} catch {
		return { ok: false, reason: "body is not UTF-8 text" };
	}
	if (text.trim() === "") return { ok: false, reason: "body is empty" };
	let payload: unknown;
	try {
		payload = JSON.parse(text);
	} catch (error) {
		return { ok: false, reason: `body is not JSON: ${error instanceof Error ? error.message : String(error)}` };
	}
	return parseWebhookPayload(payload);
}

/**
 * Reads a parsed JSON payload: an array is CloudEvents (as is a single object with `specversion`,
 * CloudEvents' structured mode), an object with `eventNotifications` is the legacy format.
 */
export function parseWebhookPayload(payload: unknown): ParsedDelivery {
	if (Array.isArray(payload)) return parseCloudEvents(payload);
	if (isObject(payload) && "specversion" in payload) return parseCloudEvents([payload]);
	const legacy = legacyEnvelopeSchema.safeParse(payload);
	if (legacy.success) return parseLegacy(legacy.data.eventNotifications);
	return { ok: false, reason: "neither a CloudEvents array nor a legacy eventNotifications object" };
}

function parseCloudEvents(items: unknown[]): ParsedDelivery {
	const events: InboundEvent[] = [];
	const rejected: RejectedEvent[] = [];
	const warnings: string[] = [];
	for (const [index, item] of items.entries()) {
		const at = `[${index}]`;
		const read = readCloudEvent(item, at, warnings);
		if ("reason" in read) rejected.push({ at, reason: read.reason });
		else events.push(read);
	}
	return { ok: true, format: "cloudevents", events, rejected, warnings };
}

function parseLegacy(notifications: unknown[]): ParsedDelivery {
	const events: InboundEvent[] = [];
	const rejected: RejectedEvent[] = [];
	const warnings: string[] = [];
	for (const [n, item] of notifications.entries()) {
		const notificationAt = `eventNotifications[${n}]`;
		const notification = legacyNotificationSchema.safeParse(item);
		if (!notification.success) {
			rejected.push({ at: notificationAt, reason: describeIssues(notification.error) });
			continue;
		}
		const { realmId, dataChangeEvent } = notification.data;
		for (const [e, entity] of dataChangeEvent.entities.entries()) {
			const at = `${notificationAt}.dataChangeEvent.entities[${e}]`;
			const read = readLegacyEntity(realmId, entity, at, warnings);
			if ("reason" in read) rejected.push({ at, reason: read.reason });
			else events.push(read);
		}
	}
	return { ok: true, format: "legacy", events, rejected, warnings };
}

function readCloudEvent(item: unknown, at: string, warnings: string[]): InboundEvent | { reason: string } {
	const parsed = cloudEventSchema.safeParse(item);
	if (!parsed.success) return { reason: describeIssues(parsed.error) };
	const ce = parsed.data;
	const type = CLOUDEVENT_TYPE.exec(ce.type.trim());
	if (!type) return { reason: `type ${JSON.stringify(ce.type)} is not qbo.<entity>.<verb>.v1` };
	const occurredAt = toIsoUtc(ce.time);
	if (!occurredAt) return { reason: `time ${JSON.stringify(ce.time)} is not a timestamp` };
	// `data` is often empty or about something else (`alternative_ids`); a merged-away id it names must be a QBO id.
	const merge = isObject(ce.data) ? mergeDataSchema.safeParse(ce.data) : null;
	if (merge && !merge.success) return { reason: describeIssues(merge.error, "data.") };
	const deletedId = merge?.success ? (merge.data.deletedid ?? merge.data.deletedId) : undefined;
	return {
		key: ce.id,
		realmId: ce.intuitaccountid,
		entity: readEntity(type[1] ?? "", at, warnings),
		entityId: ce.intuitentityid,
		operation: readOperation(type[2] ?? "", at, warnings),
		occurredAt,
		...(deletedId ? { deletedId } : {}),
	};
}

function readLegacyEntity(
	realmId: string,
	item: unknown,
	at: string,
	warnings: string[],
): InboundEvent | { reason: string } {
	const parsed = legacyEntitySchema.safeParse(item);
	if (!parsed.success) return { reason: describeIssues(parsed.error) };
	const change = parsed.data;
	const occurredAt = toIsoUtc(change.lastUpdated);
	if (!occurredAt) return { reason: `lastUpdated ${JSON.stringify(change.lastUpdated)} is not a timestamp` };
	const entity = readEntity(change.name, at, warnings);
	const operation = readOperation(change.operation, at, warnings);
	return {
		// Legacy events have no id: this tuple is what a retry repeats
		// (docs/qbo.md#answering-retries-and-duplicates). The time is normalized so that the same
		// instant written two ways is still one event.
		key: [realmId, entity, change.id, operation, occurredAt].join("/"),
		realmId,
		entity,
		entityId: change.id,
		operation,
		occurredAt,
		...(change.deletedId ? { deletedId: change.deletedId } : {}),
	};
}

function readEntity(raw: string, at: string, warnings: string[]): string {
	const { name, known } = normalizeEntityName(raw);
	if (!known) warnings.push(`${at}: unknown entity ${JSON.stringify(raw)}, kept as ${name}`);
	return name;
}

/** Unknown verbs are kept (lower-case) so that a new QBO operation never fails a delivery. */
function readOperation(raw: string, at: string, warnings: string[]): string {
	const verb = raw.trim().toLowerCase();
	const known = VERBS.get(verb);
	if (known) return known;
	warnings.push(`${at}: unknown operation ${JSON.stringify(raw)}, kept as ${verb}`);
	return verb;
}

/** For the dead letter's reason (read by operators): each issue's field and message. */
function describeIssues(error: z.ZodError, prefix = ""): string {
	return error.issues.map((issue) => `${prefix}${issue.path.join(".") || "(event)"}: ${issue.message}`).join("; ");
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

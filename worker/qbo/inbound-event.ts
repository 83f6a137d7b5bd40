/**
 * One change notified by QBO, whatever format it came in: what the company object queues, dedupes
 * and later processes. A webhook carries no entity data, only which entity changed and how; the CDC
 * catch-up also carries the entity as CDC answered it, so that it need not be read again.
 */
import { z } from "zod";

/** The operations QBO names; a verb outside this list is kept (lower-case) rather than refused. */
export const KNOWN_OPERATIONS = ["create", "update", "delete", "merge", "void", "emailed"] as const;

export type KnownOperation = (typeof KNOWN_OPERATIONS)[number];

/**
 * QBO ids — of entities and of companies (realms) — are strings of digits; 20 hold any 64-bit
 * number. Anything else names no QBO record: refused where events come in, so that it never
 * reaches a QBO query nor waits in an inbox for an entity that cannot exist.
 */
export const QBO_ID_PATTERN = /^\d{1,20}$/;

/** An entity id of an event: a QBO id. */
const eventEntityIdSchema = z.string().regex(QBO_ID_PATTERN, "is not a QuickBooks id (1 to 20 digits)");

/** Whether `value` can be a QBO id (see `QBO_ID_PATTERN`). */
export function isQboId(value: string): boolean {
	return QBO_ID_PATTERN.test(value);
}

export const inboundEventSchema = z.object({
	/** The dedupe key: the CloudEvents `id`, or realm/entity/id/operation/time for the legacy format. */
	key: z.string().min(1),
	/** The QBO company (realmId). */
	realmId: z.string().min(1),
	/** QBO's PascalCase entity name: `Invoice`, `SalesReceipt`, `Item`… */
	entity: z.string().min(1),
	entityId: eventEntityIdSchema,
	/** One of `KNOWN_OPERATIONS`, or an unknown verb kept as QBO sent it (lower-case). */
	operation: z.string().min(1),
	/** When the change happened at QBO, ISO-8601 UTC with milliseconds. */
	occurredAt: z.iso.datetime(),
	/** On a merge: the id of the record that was merged away into `entityId`. */
	deletedId: eventEntityIdSchema.optional(),
	/** From the CDC catch-up: the entity's full JSON at this version, as CDC answered it. */
	entityJson: z.record(z.string(), z.unknown()).optional(),
});

export type InboundEvent = z.infer<typeof inboundEventSchema>;

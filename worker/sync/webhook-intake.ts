/**
 * What happens to a verified webhook delivery: its events go to their companies' inboxes, and
 * whatever could not be read goes to the dead letters. Either way Intuit is answered 200 —
 * a 4xx would make it resend the whole delivery, forever (docs/qbo.md#answering-retries-and-duplicates).
 */
import { database, runBatch } from "../db/client";
import { deadLetterStatements } from "../qbo/dead-letters";
import { parseWebhookBody, type WebhookFormat } from "../qbo/webhook-events";
import { deliverInboundEvents } from "./company-sync-client";

export type WebhookDelivery = { body: Uint8Array; contentType: string | null; receivedAt: number };

/** What the delivery became; answered to Intuit (which ignores it) and read by tests. */
export type WebhookOutcome = {
	format: WebhookFormat | null;
	accepted: number;
	duplicates: number;
	rejected: number;
	deadLettered: boolean;
};

/**
 * Parses a verified delivery, queues its events per realm and keeps what could not be read as a
 * dead letter; resolves once all of it is durable. Throws only when storage fails — the caller
 * then answers 5xx and Intuit's retry is deduplicated.
 */
export async function acceptWebhookDelivery(env: Env, delivery: WebhookDelivery): Promise<WebhookOutcome> {
	const parsed = parseWebhookBody(delivery.body);
	if (!parsed.ok) {
		console.warn(`qbo webhook: dead letter, ${parsed.reason}`);
		await keepDeadLetter(env, delivery, parsed.reason);
		return { format: null, accepted: 0, duplicates: 0, rejected: 0, deadLettered: true };
	}
	for (const warning of parsed.warnings) console.warn(`qbo webhook (${parsed.format}): ${warning}`);
	const rejectedReason =
		parsed.rejected.length > 0
			? `${parsed.rejected.length} of ${parsed.rejected.length + parsed.events.length} events not understood: ${parsed.rejected
					.map((r) => `${r.at} ${r.reason}`)
					.join("; ")}`
			: null;
	if (rejectedReason) console.warn(`qbo webhook (${parsed.format}): dead letter, ${rejectedReason}`);
	const [delivered] = await Promise.all([
		deliverInboundEvents(env, parsed.events),
		// The whole body is kept, not just the odd events: fed through again later, the inbox skips
		// the events already accepted.
		rejectedReason ? keepDeadLetter(env, delivery, rejectedReason) : Promise.resolve(),
	]);
	return {
		format: parsed.format,
		accepted: delivered.accepted,
		duplicates: delivered.duplicates,
		rejected: parsed.rejected.length,
		deadLettered: rejectedReason !== null,
	};
}

async function keepDeadLetter(env: Env, delivery: WebhookDelivery, reason: string): Promise<void> {
	const db = database(env.DB);
	await runBatch(db, await deadLetterStatements(db, { ...delivery, reason }));
}

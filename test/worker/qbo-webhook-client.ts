/**
 * Posting QBO webhooks to the real Worker as Intuit does: signed with the verifier token, or not,
 * and reading back what they left behind (a realm's inbox, dead letters, the sync log).
 */
import { env, exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { deadLetters, syncLog } from "../../worker/db/schema";
import { companyInbox } from "./company-sync-drain";
import { db } from "./helpers";

/** base64(HMAC-SHA256(key, body)): Intuit's `intuit-signature`. */
export async function signQboBody(body: string | Uint8Array, key: string = requireVerifier()): Promise<string> {
	const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
	const hmac = await crypto.subtle.importKey(
		"raw",
		new TextEncoder().encode(key),
		{ name: "HMAC", hash: "SHA-256" },
		false,
		["sign"],
	);
	const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, bytes));
	return btoa(String.fromCharCode(...mac));
}

function requireVerifier(): string {
	const verifier = env.QBO_WEBHOOK_VERIFIER;
	if (!verifier) throw new Error("QBO_WEBHOOK_VERIFIER is not bound in tests");
	return verifier;
}

export type WebhookPostOptions = {
	/** The `intuit-signature` to send; by default the body's true signature, `null` for none. */
	signature?: string | null;
	/** `null` sends no content type at all. */
	contentType?: string | null;
};

/** POSTs a webhook body to `/webhooks/qbo` through the Worker's fetch handler. */
export async function postQboWebhook(body: string | Uint8Array, options: WebhookPostOptions = {}) {
	const signature = options.signature === undefined ? await signQboBody(body) : options.signature;
	const contentType = options.contentType === undefined ? "application/cloudevents+json" : options.contentType;
	const headers = new Headers();
	if (signature !== null) headers.set("intuit-signature", signature);
	if (contentType !== null) headers.set("content-type", contentType);
	// A Uint8Array body would be sent with its own length; strings are encoded, so both are bytes here.
	const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
	const response = await exports.default.fetch(
		new Request("http://stockroom.test/webhooks/qbo", { method: "POST", headers, body: bytes }),
	);
	const text = await response.text();
	return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

/** A realm's pending events and remembered keys, read from its company object. */
export function inboxOf(realmId: string) {
	return companyInbox(realmId);
}

/** Dead letters whose body contains `marker`. */
export function deadLettersContaining(marker: string) {
	return (
		db
			.select()
			.from(deadLetters)
			// instr, not LIKE: D1 refuses LIKE patterns longer than 50 bytes.
			.where(sql`instr(${deadLetters.body}, ${marker}) > 0`)
	);
}

/** A realm id no other test uses, so its object starts empty. */
export function freshRealm(): string {
	return `9130${String(Math.floor(Math.random() * 1e12)).padStart(12, "0")}`;
}

/**
 * A webhook event of an invoice as the processor leaves it after five failed attempts: dead in the
 * company's sync log, with QBO's refusal. Answers the entry's id (for its retry route).
 */
export async function deadInvoiceEvent(companyId: string, entityId: string): Promise<string> {
	const id = `log-${crypto.randomUUID()}`;
	await db.insert(syncLog).values({
		id,
		companyId,
		source: "webhook",
		entity: "Invoice",
		entityId,
		operation: "create",
		status: "dead",
		attempts: 5,
		error: "QBO refused the call (HTTP 400).",
		at: Date.now(),
	});
	return id;
}

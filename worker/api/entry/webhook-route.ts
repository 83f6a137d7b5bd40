/**
 * `POST /webhooks/qbo`: Intuit's change notifications. Public — the `intuit-signature` HMAC over
 * the raw body is the authentication — and quick: verify, queue durably, answer 200; no QBO call
 * happens here (Intuit wants an answer within 3 seconds).
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../../core/app-error";
import { verifyQboSignature } from "../../qbo/webhook-signature";
import { acceptWebhookDelivery } from "../../sync/webhook-intake";

/**
 * Intuit now sends at most about 1 MB (100 events); older docs warned of more than 2 MB. Anything
 * larger is refused before it is verified or kept.
 */
export const MAX_WEBHOOK_BODY_BYTES = 2 * 1024 * 1024;

/** What Intuit sends (`application/cloudevents+json` since CloudEvents, `application/json` before). */
const EXPECTED_TYPE = /^application\/([\w.-]+\+)?json\b/i;

export const qboWebhookRoutes = new Hono<{ Bindings: Env }>();

qboWebhookRoutes.post(
	"/",
	bodyLimit({
		maxSize: MAX_WEBHOOK_BODY_BYTES,
		onError: () => {
			throw new AppError("payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BODY_BYTES} bytes.`);
		},
	}),
	async (c) => {
		const verifier = c.env.QBO_WEBHOOK_VERIFIER;
		// A deployment without the secret cannot tell Intuit from anyone: fail loudly (5xx, so Intuit
		// keeps the events and retries) rather than accept or refuse them.
		if (!verifier) throw new Error("QBO_WEBHOOK_VERIFIER is not set: QBO webhooks cannot be verified");
		const body = new Uint8Array(await c.req.arrayBuffer());
		const verdict = await verifyQboSignature(verifier, body, c.req.header("intuit-signature"));
		if (verdict === "missing") throw new AppError("unauthorized", "The intuit-signature header is required.");
		if (verdict === "invalid") throw new AppError("forbidden", "The intuit-signature does not match the body.");

		// The body is Intuit's once signed: an unexpected content type is logged, not refused
		// (a refusal would only make Intuit resend it).
		const contentType = c.req.header("content-type") ?? null;
		if (contentType && !EXPECTED_TYPE.test(contentType))
			console.warn(`qbo webhook: unexpected content type ${contentType}, read as JSON`);

		const outcome = await acceptWebhookDelivery(c.env, { body, contentType, receivedAt: Date.now() });
		return c.json(outcome, 200);
	},
);

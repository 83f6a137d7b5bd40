/**
 * Intuit's webhook signature (docs/qbo.md#signature): `intuit-signature` = base64(HMAC-SHA256(verifier token,
 * raw body bytes)). Checked against Intuit's published test vector in test/sim/webhooks.test.ts.
 */
import { createHmac } from "node:crypto";

export function signPayload(verifierToken: string, body: string | Uint8Array): string {
	return createHmac("sha256", verifierToken).update(body).digest("base64");
}

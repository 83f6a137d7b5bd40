/**
 * Intuit signs each webhook delivery: `intuit-signature` = base64(HMAC-SHA256(verifier token, raw
 * body)) (docs/qbo.md#signature). The check runs on the bytes as received, before anything parses them —
 * re-serialized JSON would not hash the same.
 */

export type SignatureVerdict = "valid" | "missing" | "invalid";

/** HMAC keys by verifier token: importing is async work worth doing once per isolate. */
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(verifier: string): Promise<CryptoKey> {
	let key = keys.get(verifier);
	if (!key) {
		key = crypto.subtle.importKey("raw", new TextEncoder().encode(verifier), { name: "HMAC", hash: "SHA-256" }, false, [
			"verify",
		]);
		keys.set(verifier, key);
	}
	return key;
}

function decodeBase64(text: string): Uint8Array | null {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
	try {
		return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
	} catch {
		return null;
	}
}

/**
 * Checks a delivery's `intuit-signature` header against its raw body, in constant time
 * (`crypto.subtle.verify`).
 *
 * @example
 * await verifyQboSignature(env.QBO_WEBHOOK_VERIFIER, body, request.headers.get("intuit-signature"))
 * // "valid" | "missing" | "invalid"
 */
export async function verifyQboSignature(
	verifier: string,
	body: Uint8Array,
	header: string | null | undefined,
): Promise<SignatureVerdict> {
	const signature = header?.trim();
	if (!signature) return "missing";
	const bytes = decodeBase64(signature);
	if (!bytes) return "invalid";
	const ok = await crypto.subtle.verify("HMAC", await hmacKey(verifier), bytes, body);
	return ok ? "valid" : "invalid";
}

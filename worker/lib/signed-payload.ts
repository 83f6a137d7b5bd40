/**
 * Small signed, expiring payloads (`<base64url json>.<base64url HMAC>`): the OAuth state, live
 * tickets, embed tokens. Each purpose signs with its own key, derived by HKDF from the
 * TOKEN_ENCRYPTION_KEY secret, so a payload signed for one purpose never verifies for another.
 * Payloads are signed with the current key; during a rotation one signed with the previous key
 * (TOKEN_ENCRYPTION_KEY_PREVIOUS) still verifies until it expires, so embed tokens handed out keep working.
 */
import type { z } from "zod";
import { fromBase64Url, toBase64Url } from "./base64url";

const keys = new Map<string, Promise<CryptoKey>>();

function purposeKey(secretText: string, purpose: string): Promise<CryptoKey> {
	const cacheKey = `${purpose}\u0000${secretText}`;
	let key = keys.get(cacheKey);
	if (!key) {
		key = (async () => {
			const secret = Uint8Array.from(atob(secretText), (ch) => ch.charCodeAt(0));
			if (secret.byteLength !== 32) throw new Error("TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
			const base = await crypto.subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]);
			return crypto.subtle.deriveKey(
				{
					name: "HKDF",
					hash: "SHA-256",
					salt: new Uint8Array(0),
					info: new TextEncoder().encode(`stockroom ${purpose}`),
				},
				base,
				{ name: "HMAC", hash: "SHA-256", length: 256 },
				false,
				["sign", "verify"],
			);
		})();
		keys.set(cacheKey, key);
	}
	return key;
}

/** Signs `payload` (which must carry `exp`, epoch ms) for `purpose`. */
export async function signPayload<T extends { exp: number }>(env: Env, purpose: string, payload: T): Promise<string> {
	const bytes = new TextEncoder().encode(JSON.stringify(payload));
	const signature = new Uint8Array(
		await crypto.subtle.sign("HMAC", await purposeKey(env.TOKEN_ENCRYPTION_KEY ?? "", purpose), bytes),
	);
	return `${toBase64Url(bytes)}.${toBase64Url(signature)}`;
}

/**
 * The payload of a token signed for `purpose`, if the signature holds (constant-time
 * `crypto.subtle.verify`), it parses with `schema` and it has not expired; null otherwise.
 */
export async function verifyPayload<T extends { exp: number }>(
	env: Env,
	purpose: string,
	token: string,
	schema: z.ZodType<T>,
	now = Date.now(),
): Promise<T | null> {
	const [payload, signature, extra] = token.split(".");
	if (!payload || !signature || extra !== undefined) return null;
	try {
		const bytes = fromBase64Url(payload);
		const secrets = [
			env.TOKEN_ENCRYPTION_KEY ?? "",
			...(env.TOKEN_ENCRYPTION_KEY_PREVIOUS ? [env.TOKEN_ENCRYPTION_KEY_PREVIOUS] : []),
		];
		let genuine = false;
		for (const secret of secrets)
			genuine ||= await crypto.subtle.verify(
				"HMAC",
				await purposeKey(secret, purpose),
				fromBase64Url(signature),
				bytes,
			);
		if (!genuine) return null;
		const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
		return parsed.success && parsed.data.exp > now ? parsed.data : null;
	} catch {
		return null;
	}
}

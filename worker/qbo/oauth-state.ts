/**
 * The OAuth `state`: which company asked to connect, until when, signed so that the public
 * callback can trust it (and so that a forged callback cannot attach a realm to a company).
 */
import { z } from "zod";

const STATE_TTL_MS = 10 * 60 * 1000;

const payloadSchema = z.object({ companyId: z.string(), nonce: z.string(), exp: z.number() });

/** An HMAC key derived from the token encryption secret, for this one purpose. */
async function stateKey(env: Env): Promise<CryptoKey> {
	const secret = Uint8Array.from(atob(env.TOKEN_ENCRYPTION_KEY ?? ""), (ch) => ch.charCodeAt(0));
	if (secret.byteLength !== 32) throw new Error("TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
	const base = await crypto.subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]);
	return crypto.subtle.deriveKey(
		{ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new TextEncoder().encode("stockroom oauth state") },
		base,
		{ name: "HMAC", hash: "SHA-256", length: 256 },
		false,
		["sign", "verify"],
	);
}

const b64url = (bytes: Uint8Array) =>
	btoa(String.fromCharCode(...bytes))
		.replaceAll("+", "-")
		.replaceAll("/", "_")
		.replaceAll("=", "");
const fromB64url = (text: string) =>
	Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (ch) => ch.charCodeAt(0));

export async function signState(env: Env, companyId: string, now = Date.now()): Promise<string> {
	const payload = new TextEncoder().encode(
		JSON.stringify({ companyId, nonce: crypto.randomUUID(), exp: now + STATE_TTL_MS }),
	);
	const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await stateKey(env), payload));
	return `${b64url(payload)}.${b64url(signature)}`;
}

/** The company of a state we signed and that has not expired, or null. */
export async function verifyState(env: Env, state: string, now = Date.now()): Promise<string | null> {
	const [payload, signature] = state.split(".");
	if (!payload || !signature) return null;
	try {
		const bytes = fromB64url(payload);
		if (!(await crypto.subtle.verify("HMAC", await stateKey(env), fromB64url(signature), bytes))) return null;
		const parsed = payloadSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
		return parsed.success && parsed.data.exp > now ? parsed.data.companyId : null;
	} catch {
		return null;
	}
}

/**
 * Encryption at rest for secrets we must be able to read back (QBO access and refresh tokens):
 * AES-256-GCM under a Worker secret, a fresh 96-bit IV per value. The stored form is
 * `v1.<iv>.<ciphertext>` in base64url, so a later key or algorithm can sit beside it.
 *
 * Rotation: values are sealed under the current key and opened with the current key, else the
 * previous one (AES-GCM authenticates, so a wrong key fails cleanly instead of reading garbage).
 */

import { fromBase64Url, toBase64Url } from "./base64url";

const VERSION = "v1";

/** Imports the base64 key of `TOKEN_ENCRYPTION_KEY`; it must be 32 bytes. */
export async function importSecretKey(base64Key: string | undefined): Promise<CryptoKey> {
	if (!base64Key) throw new Error("TOKEN_ENCRYPTION_KEY is not set");
	const raw = fromBase64Url(base64Key);
	if (raw.byteLength !== 32) throw new Error("TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
	return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** Encrypts `plaintext`; `context` (e.g. the company id) is bound in, so a value cannot be moved to another row. */
export async function sealSecret(key: CryptoKey, plaintext: string, context: string): Promise<string> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const sealed = await crypto.subtle.encrypt(
		{ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
		key,
		new TextEncoder().encode(plaintext),
	);
	return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** Decrypts a value made by `sealSecret` with the same key and context; throws if it was altered. */
export async function openSecret(key: CryptoKey, sealed: string, context: string): Promise<string> {
	const [version, iv, data] = sealed.split(".");
	if (version !== VERSION || !iv || !data) throw new Error("not a sealed secret");
	const plain = await crypto.subtle.decrypt(
		{ name: "AES-GCM", iv: fromBase64Url(iv), additionalData: new TextEncoder().encode(context) },
		key,
		fromBase64Url(data),
	);
	return new TextDecoder().decode(plain);
}

/** Opens a sealed value with the first of `keys` (current first, then previous) that authenticates it. */
export async function openSecretWithAny(keys: CryptoKey[], sealed: string, context: string): Promise<string> {
	let failure: unknown = new Error("no key to open the secret with");
	for (const key of keys) {
		try {
			return await openSecret(key, sealed, context);
		} catch (error) {
			failure = error;
		}
	}
	throw failure;
}

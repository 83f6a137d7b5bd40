import { toBase64Url } from "./base64url";

/** A fresh random secret of `bytes` bytes (WebCrypto's CSPRNG), as base64url: session cookies, API tokens, nonces. */
export function randomToken(bytes = 32): string {
	return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * base64url without padding (RFC 4648 §5), the form of every token, secret and signed payload the
 * Worker hands out: safe in URLs, cookies and headers as it is.
 */
export function toBase64Url(bytes: Uint8Array): string {
	return btoa(String.fromCharCode(...bytes))
		.replaceAll("+", "-")
		.replaceAll("/", "_")
		.replaceAll("=", "");
}

/** The bytes of base64url text; plain base64 (`+`, `/`, padding) reads too. Throws on anything else. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
	return Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (ch) => ch.charCodeAt(0));
}

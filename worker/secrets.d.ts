/**
 * Secrets are not in wrangler.toml, so `wrangler types` cannot see them: declared here.
 * Set with `wrangler secret put NAME` (production) or in `.dev.vars` (local).
 */
interface QboSecrets {
	/** OAuth 2 client of the Intuit app. */
	QBO_CLIENT_ID?: string;
	QBO_CLIENT_SECRET?: string;
	/** The webhook verifier token: the HMAC key of `intuit-signature`. */
	QBO_WEBHOOK_VERIFIER?: string;
	/** Base64 of 32 random bytes: the AES-GCM key that encrypts QBO tokens at rest. */
	TOKEN_ENCRYPTION_KEY?: string;
}

/** Secrets that are set only for a while: not required by `npm run deploy`. */
interface QboOptionalSecrets {
	/**
	 * The key TOKEN_ENCRYPTION_KEY replaced, during a rotation: tokens and signed payloads made under it
	 * still open; everything new is made under the current key (docs/deploy.md#rotating-token_encryption_key).
	 */
	TOKEN_ENCRYPTION_KEY_PREVIOUS?: string;
}

interface Env extends QboSecrets, QboOptionalSecrets {}
declare namespace Cloudflare {
	interface Env extends QboSecrets, QboOptionalSecrets {}
}

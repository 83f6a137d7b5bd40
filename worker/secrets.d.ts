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

interface Env extends QboSecrets {}
declare namespace Cloudflare {
	interface Env extends QboSecrets {}
}

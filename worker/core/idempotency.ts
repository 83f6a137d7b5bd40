/**
 * Client idempotency keys: a key names one request. Sent again with the same request it answers the
 * first answer; with another request it is refused, so a key can never be spent twice.
 */
import { AppError } from "./app-error";

/** Refuses (422 `idempotency_key_reused`) a request whose hash is not the one first stored under `key`. */
export function assertSameRequest(storedHash: string | undefined, requestHash: string, key: string): void {
	if (storedHash !== requestHash)
		throw new AppError(
			"idempotency_key_reused",
			`The idempotency key "${key}" was already used for a different request.`,
			[{ in: "body", field: "idempotencyKey", message: "already used for a different request" }],
		);
}

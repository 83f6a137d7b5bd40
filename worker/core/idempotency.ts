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

/** What a request recorded under its key keeps: the key, the request's hash, its answer once it has one. */
export type KeptRequest = { idempotencyKey: string; requestHash: string; response: string | null };

/**
 * The answer to a request sent again under its key — the one replay of recorded requests (delivery
 * notes, receipts, builds): refused (422) if the key was first used for another request; else
 * `repair` runs (work a crash may have left undone; harmless otherwise), and the answer is the one
 * kept the first time (through `present`, for what is news since), or — recorded but never answered
 * — what `complete` makes of the request now.
 */
export async function replayKept<T>(
	kept: KeptRequest,
	requestHash: string,
	how: { complete: () => Promise<T>; repair?: () => Promise<unknown>; present?: (answer: T) => T },
): Promise<T> {
	assertSameRequest(kept.requestHash, requestHash, kept.idempotencyKey);
	await how.repair?.();
	if (kept.response === null) return how.complete();
	const answer = JSON.parse(kept.response) as T;
	return how.present ? how.present(answer) : answer;
}

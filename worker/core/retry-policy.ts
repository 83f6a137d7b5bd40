/**
 * How the company's sync object retries its work with QBO after a failure: webhook and catch-up
 * events (worker/sync/event-inbox.ts), stock pushes (worker/sync/stock-push-queue.ts) and the
 * purchases' documents (worker/purchasing/qbo-purchase-queue.ts). One policy, so that the sync log
 * tells the user the same story whatever failed. In core/ because purchasing sits below sync.
 */

/** Attempts before a failing job is dead: logged for the user, who may retry it from the sync log. */
export const MAX_ATTEMPTS = 5;

/** 5 s, 20 s, 80 s, 5 min…, at most an hour: failures are usually QBO's and pass. */
export function backoffMs(attempt: number): number {
	return Math.min(60 * 60_000, 5_000 * 4 ** (attempt - 1));
}

/** What one more failure does to a job: it is tried again after its backoff, or it is dead. */
export type AfterFailure = { attempt: number; dead: false; retryInMs: number } | { attempt: number; dead: true };

/**
 * The fate of a job that failed once more, after `attempts` failed attempts before this one:
 * `attempt` is the number of this one, as counted in the sync log.
 *
 * @example
 * afterFailure(0) // { attempt: 1, dead: false, retryInMs: 5_000 }
 * afterFailure(4) // { attempt: 5, dead: true }
 */
export function afterFailure(attempts: number): AfterFailure {
	const attempt = attempts + 1;
	return attempt >= MAX_ATTEMPTS ? { attempt, dead: true } : { attempt, dead: false, retryInMs: backoffMs(attempt) };
}

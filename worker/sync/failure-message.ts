/**
 * What the sync log tells the user of an error that stopped an event: a sentence. QBO's answers
 * (worker/qbo/qbo-api.ts) and the app's own refusals (AppError) are written as sentences already;
 * anything else is an internal error, whose details go to the console for operators
 * (`wrangler tail`) rather than to the user.
 */
import { AppError } from "../core/app-error";
import { QboApiError } from "../qbo/qbo-api";
import { INTERNAL_ERROR_NOTE } from "../qbo/sync-log-words";

/** `context` says what was being done, for the operator's log line. */
export function failureMessage(error: unknown, context: string): string {
	if (error instanceof QboApiError) return error.message;
	if (error instanceof AppError) return error.detail;
	console.error(`qbo sync: ${context} failed:`, error);
	return INTERNAL_ERROR_NOTE;
}

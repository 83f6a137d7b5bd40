/**
 * What the pages say when the API refuses something: the problem's own words, and its field errors
 * keyed by field so that each shows next to its input.
 */
import { ApiError } from "../api/api-client";

/** The sentence to show for an error: the problem's detail, else its title. */
export function problemMessage(error: unknown): string {
	if (error instanceof ApiError) return error.problem.detail ?? error.problem.title;
	return error instanceof Error ? error.message : String(error);
}

/**
 * Field errors of a problem by field path ("name", "items.3.reorderPoint"), the first message of
 * each; a field reported with its part of the request ("body.name") is keyed without it.
 */
export function fieldErrors(error: unknown): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!(error instanceof ApiError)) return errors;
	for (const { field, message } of error.problem.errors ?? []) {
		const key = field.replace(/^(body|query|param)\./, "");
		errors[key] ??= message;
	}
	return errors;
}

/** The problem's message when no field error will show it, so that nothing is said twice or lost. */
export function formMessage(error: unknown, shownFields: readonly string[]): string | null {
	const fields = Object.keys(fieldErrors(error));
	if (fields.length > 0 && fields.every((f) => shownFields.includes(f))) return null;
	return problemMessage(error);
}

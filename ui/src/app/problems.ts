/**
 * What the pages say when the API refuses something or cannot be reached: the common problem codes
 * in the user's language, built from the problem's code and fields (the server's detail is English,
 * kept for API users and for the codes not worded here), and its field errors keyed by field so
 * that each shows next to its input.
 */
import { ApiError } from "../api/api-client";
import { formatQuantity } from "../i18n/numbers";
import { fieldProblemText } from "./field-problems";
import { problemMessages as t } from "./problems.messages";

/** What browsers throw when a request gets no answer, should one come from outside the API client. */
const NETWORK_FAILURE = /^(Failed to fetch|NetworkError|Load failed|Network request failed)/i;

/** True when no answer came (offline, server down): the page offers a retry rather than a refusal. */
export function isUnreachable(error: unknown): boolean {
	if (error instanceof ApiError) return error.unreachable;
	return error instanceof TypeError && NETWORK_FAILURE.test(error.message);
}

/** The sentence to show for an error: the common codes worded here, else the problem's detail, else its title. */
export function problemMessage(error: unknown): string {
	if (isUnreachable(error)) return t("unreachable");
	if (error instanceof ApiError) return wordedProblem(error) ?? error.problem.detail ?? error.problem.title;
	return error instanceof Error ? error.message : String(error);
}

/** The fields at fault, as the request named them ("quantity", "items.3.reorderPoint"). */
function faultyFields(error: ApiError): string {
	return [...new Set((error.problem.errors ?? []).map((e) => e.field.replace(/^(body|query|param)\./, "")))].join(", ");
}

function wordedProblem(error: ApiError): string | null {
	const fields = faultyFields(error);
	switch (error.problem.code as string | undefined) {
		case "validation_failed":
			return fields ? t("validation_failed", { fields }) : t("validation_failed_plain");
		case "quantity_out_of_bounds":
			return t("quantity_out_of_bounds", { fields: fields || "—" });
		case "version_conflict":
		case "not_found":
		case "forbidden":
		case "not_stock_tracked":
			return t(error.problem.code as "version_conflict" | "not_found" | "forbidden" | "not_stock_tracked");
		case "would_go_negative": {
			// Its body names the location and the shortfall (docs/api.md); said when both are there.
			const body = error.problem as { location?: { name?: unknown }; shortfall?: unknown };
			const location = body.location?.name;
			const shortfall = body.shortfall;
			return typeof location === "string" && typeof shortfall === "number"
				? t("would_go_negative_at", { location, shortfall: formatQuantity(shortfall) })
				: t("would_go_negative");
		}
		default:
			return null;
	}
}

/**
 * Field errors of a problem by field path ("name", "items.3.reorderPoint"), the first message of
 * each; a field reported with its part of the request ("body.name") is keyed without it.
 */
export function fieldErrors(error: unknown): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!(error instanceof ApiError)) return errors;
	for (const entry of error.problem.errors ?? []) {
		const key = entry.field.replace(/^(body|query|param)\./, "");
		errors[key] ??= fieldProblemText(entry);
	}
	return errors;
}

/** The problem's message when no field error will show it, so that nothing is said twice or lost. */
export function formMessage(error: unknown, shownFields: readonly string[]): string | null {
	const fields = Object.keys(fieldErrors(error));
	if (fields.length > 0 && fields.every((f) => shownFields.includes(f))) return null;
	return problemMessage(error);
}

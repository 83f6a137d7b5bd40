/**
 * A refused field's message in the user's language: the server gives each field error a `code` and
 * `params` beside its English `message` — the barcode's checks (worker/catalogue/product-barcode.ts)
 * and zod's own checks (worker/core/issue-words.ts) — and they are worded here. A field error
 * without a code known here says the server's message as it is.
 */
import type { ApiError } from "../api/api-client";
import { getLocale, type Locale } from "../i18n/locale";
import { formatQuantity } from "../i18n/numbers";
import { plural } from "../i18n/plural";
import { fieldProblemMessages as t } from "./field-problems.messages";

export type FieldProblem = NonNullable<ApiError["problem"]["errors"]>[number];
type Params = Record<string, string | number>;

const TYPES: Record<string, Parameters<typeof t>[0]> = {
	string: "type_string",
	number: "type_number",
	int: "type_number",
	boolean: "type_boolean",
	array: "type_array",
	object: "type_object",
};

const FORMATS: Record<string, Parameters<typeof t>[0]> = {
	date: "format_date",
	datetime: "format_datetime",
	time: "format_time",
	email: "format_email",
	url: "format_url",
	uuid: "format_id",
	ulid: "format_id",
};

const num = (value: string | number | undefined) => Number(value ?? 0);

/** "At least 3 characters", "At most 10 items", "More than 0": a length or a value out of bounds. */
function bounds(code: "too_small" | "too_big", params: Params, locale: Locale): string {
	const limit = num(params.limit);
	const small = code === "too_small";
	if (params.origin === "string") {
		// A text of at least one character left empty is what a person calls missing.
		if (small && limit === 1) return t("required", {}, locale);
		return plural(t, small ? "atLeastChars" : "atMostChars", limit, {}, locale);
	}
	if (params.origin === "array" || params.origin === "set")
		return plural(t, small ? "atLeastItems" : "atMostItems", limit, {}, locale);
	const inclusive = num(params.inclusive) === 1;
	const key = small ? (inclusive ? "atLeast" : "moreThan") : inclusive ? "atMost" : "lessThan";
	return t(key, { n: formatQuantity(limit, locale) }, locale);
}

/** The field error in the user's language when its code is worded here; else the server's message. */
export function fieldProblemText({ code, params = {}, message }: FieldProblem, locale: Locale = getLocale()): string {
	switch (code) {
		case "barcode_not_digits":
		case "barcode_length":
		case "barcode_check_digit":
		case "barcode_taken":
		case "required":
		case "unrecognized_key":
			return t(code, params, locale);
		case "invalid_type": {
			const type = TYPES[String(params.expected)];
			return type ? t("invalid_type", { expected: t(type, {}, locale) }, locale) : message;
		}
		case "too_small":
		case "too_big":
			return bounds(code, params, locale);
		case "invalid_value":
			return t("invalid_value", params, locale);
		case "invalid_format": {
			const format = FORMATS[String(params.format)];
			return format ? t(format, {}, locale) : message;
		}
		default:
			return message;
	}
}

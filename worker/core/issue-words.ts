/**
 * What a zod issue says, as a code and parameters for a client to word in its user's language
 * (ui/src/app/problems.ts) beside zod's English message. Only zod's own messages are coded: an
 * issue whose schema wrote its own words ("must be a QBO Id", a refinement's sentence) keeps them
 * as the only message, so nothing a schema says is replaced by something vaguer.
 */
import type { z } from "zod";

export type IssueWords = { code: string; params: Record<string, string | number> };

/** Formats zod names in its messages; anything else is a schema's own, not a check's meaning. */
const NAMED_FORMATS = new Set(["email", "url", "uuid", "date", "datetime", "time", "ulid"]);

/** The code and parameters of `issue`, or null when a schema gave it its own words. */
export function issueWords(issue: z.core.$ZodIssue): IssueWords | null {
	const { message } = issue;
	switch (issue.code) {
		case "invalid_type":
			// zod says "received undefined" when the field is missing: the commonest refusal of a form.
			if (!message.startsWith("Invalid input")) return null;
			return message.endsWith("received undefined")
				? { code: "required", params: {} }
				: { code: "invalid_type", params: { expected: issue.expected } };
		case "too_small":
		case "too_big": {
			if (!message.startsWith(issue.code === "too_small" ? "Too small" : "Too big")) return null;
			const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
			return {
				code: issue.code,
				params: { origin: issue.origin, limit: Number(limit), inclusive: issue.inclusive === false ? 0 : 1 },
			};
		}
		case "invalid_value":
			if (!message.startsWith("Invalid")) return null;
			return { code: "invalid_value", params: { values: issue.values.map(String).join(", ") } };
		case "invalid_format":
			if (!NAMED_FORMATS.has(issue.format) || !message.startsWith("Invalid")) return null;
			return { code: "invalid_format", params: { format: issue.format } };
		case "unrecognized_keys":
			return { code: "unrecognized_key", params: {} };
		default:
			return null;
	}
}

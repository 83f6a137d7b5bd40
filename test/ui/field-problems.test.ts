/**
 * A refused field in the user's language (ui/src/app/field-problems.ts), from the code and
 * parameters the server gives beside zod's English message: a French user reads French, with the
 * bound the server named; a message without a known code is shown as the server wrote it.
 */
import { describe, expect, it } from "vitest";
import { type FieldProblem, fieldProblemText } from "../../ui/src/app/field-problems";

const field = (code: string | undefined, params: FieldProblem["params"], message = "English from the server") => ({
	in: "body",
	field: "name",
	message,
	code,
	params,
});

describe("a refused field's words", () => {
	it("say missing and too short or too long in both languages, counting characters and items", () => {
		expect(fieldProblemText(field("required", {}), "fr")).toBe("Obligatoire.");
		// An empty text where one character is the least is missing, as a person says it.
		expect(fieldProblemText(field("too_small", { origin: "string", limit: 1, inclusive: 1 }), "en")).toBe("Required.");
		expect(fieldProblemText(field("too_big", { origin: "string", limit: 100, inclusive: 1 }), "fr")).toBe(
			"Au plus 100 caractères.",
		);
		expect(fieldProblemText(field("too_small", { origin: "array", limit: 1, inclusive: 1 }), "en")).toBe(
			"At least 1 item.",
		);
	});

	it("say a number's bound as the language writes it, strict or not", () => {
		expect(fieldProblemText(field("too_small", { origin: "number", limit: 0, inclusive: 0 }), "en")).toBe(
			"More than 0.",
		);
		expect(fieldProblemText(field("too_big", { origin: "number", limit: 1000000, inclusive: 1 }), "fr")).toBe(
			"Au plus 1\u202f000\u202f000.",
		);
	});

	it("word options, types and formats, and show a schema's own words as written", () => {
		expect(fieldProblemText(field("invalid_value", { values: "draft, ordered" }), "fr")).toBe(
			"Une valeur parmi\u00a0: draft, ordered.",
		);
		expect(fieldProblemText(field("invalid_type", { expected: "number" }), "fr")).toBe("Attendu\u00a0: un nombre.");
		expect(fieldProblemText(field("invalid_format", { format: "date" }), "fr")).toBe("Une date (AAAA-MM-JJ).");
		expect(fieldProblemText(field(undefined, undefined, "must be a QBO Id"), "fr")).toBe("must be a QBO Id");
		expect(
			fieldProblemText(field("invalid_type", { expected: "bigint" }, "Invalid input: expected bigint"), "fr"),
		).toBe("Invalid input: expected bigint");
	});
});

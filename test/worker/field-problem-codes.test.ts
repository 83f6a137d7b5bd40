/**
 * A refused field carries a code and parameters beside zod's English message
 * (worker/core/issue-words.ts), for the app to word in its user's language: missing, too short or
 * too long, out of bounds, not one of the options, an unknown key. A schema's own words
 * ("must be a QBO Id") stay the only message: nothing vaguer replaces them.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors } from "../../worker/core/app-error";
import { qboIdSchema } from "../../worker/qbo/entity-fields";
import { expectProblem } from "./api-checks";
import { makeCompany } from "./helpers";

function errorsOf(schema: z.ZodType, value: unknown) {
	const parsed = schema.safeParse(value);
	if (parsed.success) throw new Error("the value was accepted");
	return fieldErrors("body", parsed.error).map(({ field, code, params }) => ({ field, code, params }));
}

describe("a refused field's code", () => {
	it("says missing, too short, too long, out of bounds and not an option, with the bound", () => {
		const schema = z.strictObject({
			name: z.string().min(1).max(5),
			quantity: z.number().positive().max(10),
			lines: z.array(z.number()).min(1),
			status: z.enum(["draft", "ordered"]),
			expected: z.iso.date().optional(),
		});
		expect(errorsOf(schema, { quantity: 0, lines: [], status: "sent", expected: "12/10", extra: 1 })).toEqual([
			{ field: "name", code: "required", params: {} },
			{ field: "quantity", code: "too_small", params: { origin: "number", limit: 0, inclusive: 0 } },
			{ field: "lines", code: "too_small", params: { origin: "array", limit: 1, inclusive: 1 } },
			{ field: "status", code: "invalid_value", params: { values: "draft, ordered" } },
			{ field: "expected", code: "invalid_format", params: { format: "date" } },
			{ field: "extra", code: "unrecognized_key", params: {} },
		]);
		expect(errorsOf(schema, { name: "toolong", quantity: 11, lines: [1], status: "draft" })).toEqual([
			{ field: "name", code: "too_big", params: { origin: "string", limit: 5, inclusive: 1 } },
			{ field: "quantity", code: "too_big", params: { origin: "number", limit: 10, inclusive: 1 } },
		]);
		expect(errorsOf(z.object({ n: z.number() }), { n: "3" })).toEqual([
			{ field: "n", code: "invalid_type", params: { expected: "number" } },
		]);
	});

	it("leaves a schema's own words as they are, with no code", () => {
		expect(errorsOf(z.object({ id: qboIdSchema }), { id: "not an id!" })).toEqual([
			{ field: "id", code: undefined, params: undefined },
		]);
	});

	it("comes with the API's refusal: a location named with spaces only is 400 naming name, too short", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const problem = expectProblem(
			await co.api.post("/api/v1/locations", { name: "  " }),
			400,
			"validation_failed",
			"name",
		);
		expect(problem.errors?.find((e) => e.field === "name")).toMatchObject({
			code: "too_small",
			params: { origin: "string", limit: 1, inclusive: 1 },
		});
	});
});

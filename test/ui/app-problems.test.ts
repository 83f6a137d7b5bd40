import { describe, expect, it } from "vitest";
import { ApiError } from "../../ui/src/api/api-client";
import { fieldErrors, formMessage, problemMessage } from "../../ui/src/app/problems";

const refused = new ApiError({
	type: "about:blank",
	title: "Invalid input",
	status: 400,
	code: "validation_failed",
	detail: "Some fields are invalid; see `errors`.",
	errors: [
		{ in: "body", field: "quantity", message: "must not be zero" },
		{ in: "body", field: "quantity", message: "second message" },
		{ in: "body", field: "body.origins.1", message: "must use https" },
	],
});

describe("what a page says when the API refuses", () => {
	it("puts each field's first message next to that field", () => {
		expect(fieldErrors(refused)).toEqual({ quantity: "must not be zero", "origins.1": "must use https" });
	});

	it("says the problem's detail when some error would otherwise go unshown", () => {
		expect(formMessage(refused, ["quantity", "origins.1"])).toBeNull();
		expect(formMessage(refused, ["quantity"])).toBe("Some fields are invalid; see `errors`.");
	});

	it("falls back to the title, or to a plain error's message", () => {
		expect(problemMessage(new ApiError({ type: "about:blank", title: "Conflict", status: 409 }))).toBe("Conflict");
		expect(problemMessage(new Error("offline"))).toBe("offline");
		expect(fieldErrors(new Error("offline"))).toEqual({});
	});
});

import { describe, expect, it } from "vitest";
import { ApiClient, ApiError } from "../../ui/src/api/api-client";
import { fieldErrors, formMessage, isUnreachable, problemMessage } from "../../ui/src/app/problems";
import { setLocale } from "../../ui/src/i18n/locale";

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
		expect(formMessage(refused, ["quantity"])).toBe("Some values are not accepted. Check: quantity, origins.1.");
	});

	it("words the common codes in the user's language from the code and fields, not the server's English detail", () => {
		setLocale("fr");
		try {
			expect(problemMessage(refused)).toBe(
				"Certaines valeurs ne sont pas acceptées. Vérifiez\u00a0: quantity, origins.1.",
			);
			const short = new ApiError({
				type: "urn:stockroom:problem:would_go_negative",
				title: "Would go negative",
				status: 422,
				code: "would_go_negative" as never,
				detail: "37 short at Main warehouse",
				location: { id: "L1", name: "Entrepôt" },
				shortfall: 37.5,
			} as never);
			expect(problemMessage(short)).toBe("Refusé\u00a0: il manquerait 37,5 à Entrepôt. Rien n’a été modifié.");
			// A code not worded here keeps the server's detail.
			const other = new ApiError({
				type: "x",
				title: "Gone",
				status: 409,
				code: "last_owner",
				detail: "Keep one owner.",
			});
			expect(problemMessage(other)).toBe("Keep one owner.");
		} finally {
			setLocale("en");
		}
	});

	it('says that Stockroom cannot be reached, never the browser\'s "Failed to fetch"', async () => {
		const offline = new ApiClient({
			fetch: () => Promise.reject(new TypeError("Failed to fetch")),
		});
		const error = await offline.get("/me").catch((e: unknown) => e);
		expect(isUnreachable(error)).toBe(true);
		expect(problemMessage(error)).toBe("Stockroom can’t be reached. Check your connection.");
		expect(problemMessage(new TypeError("Failed to fetch"))).toBe("Stockroom can’t be reached. Check your connection.");
		expect(isUnreachable(refused)).toBe(false);
	});

	it("falls back to the title, or to a plain error's message", () => {
		expect(problemMessage(new ApiError({ type: "about:blank", title: "Conflict", status: 409 }))).toBe("Conflict");
		expect(problemMessage(new Error("offline"))).toBe("offline");
		expect(fieldErrors(new Error("offline"))).toEqual({});
	});
});

/**
 * A refused barcode (worker/catalogue/product-barcode.ts) said at the field in the user's language,
 * from the code and parameters of the problem's `errors` entry (ui/src/app/problems.ts): a French
 * user reads French, with the check digit or the SKU the server named.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../ui/src/api/api-client";
import { fieldErrors, formMessage } from "../../ui/src/app/problems";
import { setLocale } from "../../ui/src/i18n/locale";

function refusal(status: number, code: string, entry: { message: string; code: string; params: object }) {
	return new ApiError({
		type: `urn:stockroom:problem:${code}`,
		title: "Refused",
		status,
		code,
		detail: "English detail for API users.",
		errors: [{ in: "body", field: "barcode", ...entry }],
	} as never);
}

const wrongCheck = refusal(400, "validation_failed", {
	message: "the check digit should be 1",
	code: "barcode_check_digit",
	params: { expected: 1 },
});
const taken = refusal(409, "conflict", {
	message: "already the barcode of PUMP-1",
	code: "barcode_taken",
	params: { sku: "PUMP-1" },
});
const tooShort = refusal(400, "validation_failed", {
	message: "8, 12, 13 or 14 digits (GTIN-8, UPC, EAN-13, GTIN-14)",
	code: "barcode_length",
	params: { length: 10 },
});
const letters = refusal(400, "validation_failed", { message: "digits only", code: "barcode_not_digits", params: {} });

afterEach(() => setLocale("en"));

describe("a refused barcode at its field", () => {
	it("in French: the check digit it should be, the SKU that has it, the length, digits only", () => {
		setLocale("fr");
		expect(fieldErrors(wrongCheck).barcode).toBe(
			"Code-barres invalide\u00a0: le dernier chiffre (clé de contrôle) devrait être 1.",
		);
		expect(fieldErrors(taken).barcode).toBe("Déjà le code-barres de PUMP-1.");
		expect(fieldErrors(tooShort).barcode).toBe("8, 12, 13 ou 14 chiffres (GTIN-8, UPC, EAN-13, GTIN-14), pas 10.");
		expect(fieldErrors(letters).barcode).toBe("Chiffres seulement.");
		// Said at the field only, not once more under the form.
		expect(formMessage(taken, ["barcode"])).toBeNull();
	});

	it("in English", () => {
		expect(fieldErrors(wrongCheck).barcode).toBe("Not a valid barcode: the last digit (check digit) should be 1.");
		expect(fieldErrors(taken).barcode).toBe("Already the barcode of PUMP-1.");
	});

	it("an entry without a code worded here keeps the server's message", () => {
		const other = refusal(400, "validation_failed", { message: "too long", code: "some_other", params: {} });
		expect(fieldErrors(other).barcode).toBe("too long");
	});
});

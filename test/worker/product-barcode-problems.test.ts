/**
 * A barcode refusal (PATCH /api/v1/products/{id} `{ barcode }`) says what is wrong as a code and its
 * parameters in the field's `errors` entry, so that the app words it in the user's language
 * (ui/src/app/problems.ts); the English `message` stays for API users.
 */
import { describe, expect, it } from "vitest";
import { expectProblem } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";

async function setBarcode(co: TestCompany, productId: string, barcode: string | null) {
	return co.api.patch(`/api/v1/products/${productId}`, { barcode });
}

describe("barcode refusals carry a code and its parameters", () => {
	it("not digits, wrong length, and a wrong check digit with the digit it should be", async () => {
		const co = await makeCompany({ products: 1 });
		const id = co.productIds[0] ?? "";
		const refusal = async (barcode: string) =>
			expectProblem(await setBarcode(co, id, barcode), 400, "validation_failed", "barcode").errors?.[0];

		expect(await refusal("40063813339X1")).toEqual({
			in: "body",
			field: "barcode",
			message: "digits only",
			code: "barcode_not_digits",
			params: {},
		});
		expect(await refusal("1234567890")).toMatchObject({ code: "barcode_length", params: { length: 10 } });
		expect(await refusal("4006381333932")).toMatchObject({
			message: "the check digit should be 1",
			code: "barcode_check_digit",
			params: { expected: 1 },
		});
	});

	it("taken: the SKU of the product that has it", async () => {
		const co = await makeCompany({ products: 2 });
		const [first = "", second = ""] = co.productIds;
		expect((await setBarcode(co, first, "96385074")).status).toBe(200);
		const taken = expectProblem(await setBarcode(co, second, "96385074"), 409, "conflict", "barcode");
		expect(taken.errors?.[0]).toMatchObject({
			field: "barcode",
			code: "barcode_taken",
			params: { sku: "SKU-0000" },
		});
	});
});

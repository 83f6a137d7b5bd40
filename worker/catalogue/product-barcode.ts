/**
 * A product's barcode (GTIN-8, UPC-A/GTIN-12, EAN-13, GTIN-14): kept in Stockroom only, never sent to
 * QuickBooks, so that search and scanners find the product (docs/api.md#search). One product per
 * barcode in a company (the `products_company_barcode` index).
 */
import { and, eq, ne } from "drizzle-orm";
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";
import { products } from "../db/schema";
import { getProduct } from "./products";

const GTIN_LENGTHS = [8, 12, 13, 14];

/**
 * Why a code is not a GTIN: a `code` and `params` for the UI to word (ui/src/app/problems.ts), and
 * the English `message` for API users.
 */
export type BarcodeFault =
	| { code: "barcode_not_digits"; params: Record<string, never>; message: string }
	| { code: "barcode_length"; params: { length: number }; message: string }
	| { code: "barcode_check_digit"; params: { expected: number }; message: string };

/**
 * Why `code` is not a GTIN, or null when it is: digits only, 8, 12, 13 or 14 of them, and the last
 * one the GS1 check digit of the others (weights 3 and 1 from the right).
 * @example barcodeFault("4006381333931") // null
 */
export function barcodeFault(code: string): BarcodeFault | null {
	if (!/^\d+$/.test(code)) return { code: "barcode_not_digits", params: {}, message: "digits only" };
	if (!GTIN_LENGTHS.includes(code.length))
		return {
			code: "barcode_length",
			params: { length: code.length },
			message: "8, 12, 13 or 14 digits (GTIN-8, UPC, EAN-13, GTIN-14)",
		};
	const digits = [...code].map(Number);
	const check = digits.pop();
	const sum = digits.reverse().reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 3 : 1), 0);
	const expected = (10 - (sum % 10)) % 10;
	return check === expected
		? null
		: { code: "barcode_check_digit", params: { expected }, message: `the check digit should be ${expected}` };
}

/** SQLite's words when `products_company_barcode` refuses a row. */
const BARCODE_TAKEN =
	/UNIQUE constraint failed: (products\.company_id, products\.barcode|index 'products_company_barcode')/;

/** Sets (or, with null, clears) a product's barcode: 400 for a code that is no GTIN, 409 for one another product has. */
export async function setProductBarcode(db: Database, companyId: string, id: string, barcode: string | null) {
	if (barcode === null) await getProduct(db, companyId, id);
	else await assertBarcodeUsable(db, companyId, id, barcode);
	try {
		await db
			.update(products)
			.set({ barcode })
			.where(and(eq(products.id, id), eq(products.companyId, companyId)));
	} catch (error) {
		// Another request gave the code to another product since the check: the same 409, not a 500.
		for (let e: unknown = error; e instanceof Error; e = e.cause)
			if (barcode !== null && BARCODE_TAKEN.test(e.message)) await assertBarcodeFree(db, companyId, id, barcode);
		throw error;
	}
}

/** 404 for no such product, 400 unless `barcode` is a GTIN, 409 if another product of the company has it. */
export async function assertBarcodeUsable(db: Database, companyId: string, id: string, barcode: string) {
	await getProduct(db, companyId, id);
	const fault = barcodeFault(barcode);
	if (fault)
		throw new AppError("validation_failed", `${barcode} is not a barcode: ${fault.message}.`, [
			{ in: "body", field: "barcode", ...fault },
		]);
	await assertBarcodeFree(db, companyId, id, barcode);
}

async function assertBarcodeFree(db: Database, companyId: string, id: string, barcode: string) {
	const [holder] = await db
		.select({ sku: products.sku })
		.from(products)
		.where(and(eq(products.companyId, companyId), eq(products.barcode, barcode), ne(products.id, id)))
		.limit(1);
	if (holder)
		throw new AppError("conflict", `Barcode ${barcode} is already ${holder.sku}'s.`, [
			{
				in: "body",
				field: "barcode",
				message: `already the barcode of ${holder.sku}`,
				code: "barcode_taken",
				params: { sku: holder.sku },
			},
		]);
}

/**
 * What a request may say of lots before a product object sees it: lots only for a product tracked
 * by lot, an expiry on a new lot when the product requires one, and the object's refusal of a lot
 * (lot-allocation.ts) turned into the field of the request that named it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { getProduct } from "../catalogue/products";
import { AppError, type FieldError } from "../core/app-error";
import type { Database } from "../db/client";
import { stockLotLevels } from "../db/schema";
import type { NamedLot } from "./lot-allocation";

/**
 * Refuses (400, naming `lots` or `lots.<i>.expiry`) lots on a product not tracked by lot, and a lot
 * first received without an expiry when the product requires one. `receiving`: the lots gain stock.
 */
export async function assertLotsAllowed(
	db: Database,
	companyId: string,
	productId: string,
	lots: NamedLot[],
	receiving: boolean,
	field = "lots",
): Promise<void> {
	if (lots.length === 0) return;
	const product = await getProduct(db, companyId, productId);
	if (product.tracking !== "lot")
		throw new AppError("validation_failed", `${product.sku} is not tracked by lot; set its tracking to lot first.`, [
			{ in: "body", field, message: `${product.sku} is not tracked by lot` },
		]);
	if (!receiving || !product.expiryRequired) return;
	const known = new Set(
		(
			await db
				.selectDistinct({ lot: stockLotLevels.lot })
				.from(stockLotLevels)
				.where(
					and(
						eq(stockLotLevels.companyId, companyId),
						eq(stockLotLevels.productId, productId),
						inArray(
							stockLotLevels.lot,
							lots.map((l) => l.lot),
						),
					),
				)
		).map((r) => r.lot),
	);
	const errors: FieldError[] = lots.flatMap((l, i) =>
		!l.expiry && !known.has(l.lot)
			? [{ in: "body", field: `${field}.${i}.expiry`, message: `${product.sku} requires an expiry date on a new lot` }]
			: [],
	);
	if (errors.length > 0) throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", errors);
}

/** The object's lot refusal, naming the request's lot field (`lots.<i>.quantity`) when the request named that lot. */
export function lotRefusalForRequest(error: unknown, lots: NamedLot[], field = "lots"): unknown {
	if (!(error instanceof AppError) || error.code !== "lot_refused") return error;
	const lot = /^Refused, nothing changed: lot (\S+)/.exec(error.detail)?.[1];
	const i = lots.findIndex((l) => l.lot === lot);
	return new AppError("lot_refused", error.detail, [
		{
			in: "body",
			field: i >= 0 ? `${field}.${i}.quantity` : field,
			message: error.errors?.[0]?.message ?? error.detail,
		},
	]);
}

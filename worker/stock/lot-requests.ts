/**
 * What a request may say of lots before a product object sees it: lots only for a product tracked
 * by lot, an expiry on a new lot when the product requires one (and no other expiry than a known
 * lot has), a pick no larger than the lot holds as D1 shows it, and the object's refusal of a lot
 * (lot-allocation.ts) turned into the field of the request that named it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { getProduct } from "../catalogue/products";
import { AppError, type FieldError } from "../core/app-error";
import { fromScaled, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { stockLotLevels } from "../db/schema";
import type { NamedLot } from "./lot-allocation";
import { LotRefusal } from "./product-stock-client";

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

/** A lot's stock as D1 shows it, with its expiry: for the checks before a request is recorded. */
async function knownLots(db: Database, companyId: string, productId: string, lots: string[]) {
	if (lots.length === 0) return [];
	return db
		.select({
			lot: stockLotLevels.lot,
			locationId: stockLotLevels.locationId,
			expiry: stockLotLevels.expiry,
			onHand: stockLotLevels.onHand,
		})
		.from(stockLotLevels)
		.where(
			and(
				eq(stockLotLevels.companyId, companyId),
				eq(stockLotLevels.productId, productId),
				inArray(stockLotLevels.lot, [...new Set(lots)]),
			),
		);
}

/**
 * Refuses (409 `lot_refused`, naming `<field>.<i>.expiry`) lots received with another expiry than
 * the one the lot already has, as D1 shows the lots: the product object would refuse them (a lot
 * has one expiry), and a request refused here records nothing.
 */
export async function assertLotExpiriesAgree(
	db: Database,
	companyId: string,
	productId: string,
	lots: NamedLot[],
	field = "lots",
): Promise<void> {
	const dated = lots.filter((l) => l.expiry);
	const known = await knownLots(
		db,
		companyId,
		productId,
		dated.map((l) => l.lot),
	);
	const errors: FieldError[] = lots.flatMap((l, i) => {
		const other = known.find((k) => k.lot === l.lot && k.expiry !== null && l.expiry && k.expiry !== l.expiry);
		return other
			? [{ in: "body", field: `${field}.${i}.expiry`, message: `lot ${l.lot} expires on ${other.expiry}` }]
			: [];
	});
	if (errors.length > 0)
		throw new AppError(
			"lot_refused",
			`Refused, nothing changed: ${errors.map((e) => e.message).join("; ")}; a lot has one expiry.`,
			errors,
		);
}

/**
 * Refuses (409 `lot_refused`, naming `<field>.<i>.quantity`) a pick from a lot beyond what it holds
 * at the location as D1 shows it. `lots`: the quantities picked, positive. The product object
 * checks again when the pick is applied.
 */
export async function assertLotsHold(
	db: Database,
	companyId: string,
	productId: string,
	locationId: string,
	lots: { lot: string; quantity: Scaled }[],
	field = "lots",
): Promise<void> {
	const here = new Map(
		(
			await knownLots(
				db,
				companyId,
				productId,
				lots.map((l) => l.lot),
			)
		)
			.filter((k) => k.locationId === locationId)
			.map((k) => [k.lot, k.onHand]),
	);
	const errors: FieldError[] = lots.flatMap((l, i) => {
		const holds = here.get(l.lot) ?? 0;
		return l.quantity > holds
			? [
					{
						in: "body",
						field: `${field}.${i}.quantity`,
						message: `lot ${l.lot} holds ${fromScaled(holds)} at location ${locationId}; ${fromScaled(l.quantity)} asked`,
					},
				]
			: [];
	});
	if (errors.length > 0)
		throw new AppError("lot_refused", `Refused, nothing changed: ${errors.map((e) => e.message).join("; ")}.`, errors);
}

/** The object's lot refusal, naming the request's lot field (`lots.<i>.quantity`) when the request named that lot. */
export function lotRefusalForRequest(error: unknown, lots: NamedLot[], field = "lots"): unknown {
	if (!(error instanceof AppError) || error.code !== "lot_refused") return error;
	const lot = error instanceof LotRefusal ? error.lot : undefined;
	const i = lots.findIndex((l) => l.lot === lot);
	return new AppError("lot_refused", error.detail, [
		{
			in: "body",
			field: i >= 0 ? `${field}.${i}.quantity` : field,
			message: error.errors?.[0]?.message ?? error.detail,
		},
	]);
}

/**
 * The object's lot refusal for a request of several lines (`lines.<i>.lots.<j>.quantity`): the
 * first line whose lots name the refused lot.
 */
export function lotRefusalForLines(error: unknown, lines: readonly { lots?: readonly { lot: string }[] }[]): unknown {
	if (!(error instanceof AppError) || error.code !== "lot_refused") return error;
	// Already naming a request field (a check before the object): as it is.
	if (error.errors?.some((e) => e.in === "body")) return error;
	const lot = error instanceof LotRefusal ? error.lot : undefined;
	const i = lines.findIndex((l) => l.lots?.some((n) => n.lot === lot));
	const line = lines[i];
	if (!line) return lotRefusalForRequest(error, [], "lines");
	return lotRefusalForRequest(
		error,
		(line.lots ?? []).map((l) => ({ lot: l.lot, quantity: 0 })),
		`lines.${i}.lots`,
	);
}

/**
 * What a request may say of lots before a product object sees it: lots only for a product tracked
 * by lot or serial number (a serial is a lot of one unit, in stock once), an expiry on a new lot
 * when the product requires one (and no other expiry than a known
 * lot has), a pick no larger than the lot holds as D1 shows it, and the object's refusal of a lot
 * (lot-allocation.ts) turned into the field of the request that named it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { getProduct } from "../catalogue/products";
import { AppError, type FieldError } from "../core/app-error";
import { fromScaled, QUANTITY_SCALE, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { locations, stockLotLevels } from "../db/schema";
import { chunk } from "../lib/chunk";
import type { NamedLot } from "./lot-allocation";
import { LotRefusal } from "./product-stock-client";

/**
 * Refuses (400, naming `lots` or `lots.<i>.<field>`) lots on a product tracked by neither lot nor
 * serial number; for serial numbers, an entry of another quantity than one unit; a serial's lot
 * (`batch`) on a product tracked by lot; and a lot first received without an expiry when the
 * product requires one. `receiving`: the lots gain stock — then a serial number already in stock
 * anywhere is refused too (409 `lot_refused` naming where), as the product object would.
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
	if (product.tracking === "none")
		throw new AppError(
			"validation_failed",
			`${product.sku} is tracked by neither lot nor serial number; set its tracking first.`,
			[{ in: "body", field, message: `${product.sku} is not tracked by lot or serial number` }],
		);
	const shapeErrors: FieldError[] = lots.flatMap((l, i): FieldError[] => {
		if (product.tracking === "serial" && Math.abs(l.quantity) !== QUANTITY_SCALE)
			return [{ in: "body", field: `${field}.${i}.quantity`, message: `serial ${l.lot}: a serial number is one unit` }];
		if (product.tracking === "lot" && l.batch)
			return [
				{
					in: "body",
					field: `${field}.${i}.batch`,
					message: `${product.sku} is tracked by lot: only serials have one`,
				},
			];
		return [];
	});
	if (shapeErrors.length > 0)
		throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", shapeErrors);
	if (!receiving) return;
	const known = await knownLots(
		db,
		companyId,
		productId,
		lots.map((l) => l.lot),
	);
	if (product.tracking === "serial") await assertSerialsNotInStock(db, companyId, known, lots, field);
	if (!product.expiryRequired) return;
	const errors: FieldError[] = lots.flatMap((l, i) =>
		!l.expiry && !known.some((k) => k.lot === l.lot)
			? [{ in: "body", field: `${field}.${i}.expiry`, message: `${product.sku} requires an expiry date on a new lot` }]
			: [],
	);
	if (errors.length > 0) throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", errors);
}

/**
 * Refuses (409 `lot_refused`, naming `<field>.<i>.lot`) serial numbers received while in stock
 * somewhere, saying where: a serial is in stock once. One that left (delivered) may come back.
 * `except`: a location whose own holding does not count (a count there).
 */
async function assertSerialsNotInStock(
	db: Database,
	companyId: string,
	known: Awaited<ReturnType<typeof knownLots>>,
	serials: { lot: string }[],
	field: string,
	except?: string,
): Promise<void> {
	const held = known.filter((k) => k.onHand > 0 && k.locationId !== except);
	if (held.length === 0) return;
	const names = new Map(
		(
			await db
				.select({ id: locations.id, name: locations.name })
				.from(locations)
				.where(
					and(eq(locations.companyId, companyId), inArray(locations.id, [...new Set(held.map((h) => h.locationId))])),
				)
		).map((l) => [l.id, l.name]),
	);
	const errors: FieldError[] = serials.flatMap((s, i) => {
		const where = held.find((h) => h.lot === s.lot);
		return where
			? [
					{
						in: "body",
						field: `${field}.${i}.lot`,
						message: `serial ${s.lot} is already in stock at ${names.get(where.locationId) ?? where.locationId}`,
					},
				]
			: [];
	});
	if (errors.length > 0)
		throw new AppError("lot_refused", `Refused, nothing changed: ${errors.map((e) => e.message).join("; ")}.`, errors);
}

/**
 * The checks of a count per lot (`lots`: what each lot holds after): lots on a tracked product, a
 * serial counted as one unit or none, not in stock at another location, and an expiry on a new
 * lot when the product requires one.
 */
export async function assertLotCountAllowed(
	db: Database,
	companyId: string,
	productId: string,
	locationId: string,
	lots: NamedLot[],
	field = "lots",
): Promise<void> {
	const found = lots.filter((l) => l.quantity !== 0);
	await assertLotsAllowed(db, companyId, productId, found, false, field);
	const product = await getProduct(db, companyId, productId);
	const known = await knownLots(
		db,
		companyId,
		productId,
		lots.map((l) => l.lot),
	);
	if (product.tracking === "serial")
		await assertSerialsNotInStock(
			db,
			companyId,
			known,
			lots.map((l) => (l.quantity > 0 ? l : { lot: "" })),
			field,
			locationId,
		);
	if (!product.expiryRequired) return;
	const errors: FieldError[] = lots.flatMap((l, i) =>
		l.quantity > 0 && !l.expiry && !known.some((k) => k.lot === l.lot)
			? [{ in: "body", field: `${field}.${i}.expiry`, message: `${product.sku} requires an expiry date on a new lot` }]
			: [],
	);
	if (errors.length > 0) throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", errors);
}

/** A lot's stock as D1 shows it, with its expiry: for the checks before a request is recorded. */
async function knownLots(db: Database, companyId: string, productId: string, lots: string[]) {
	const query = (some: string[]) =>
		db
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
					inArray(stockLotLevels.lot, some),
				),
			);
	// A request names up to 200 lots; D1 binds at most 100 parameters a statement.
	const [first, ...rest] = chunk([...new Set(lots)], 90).map(query);
	if (!first) return [];
	return (await db.batch([first, ...rest])).flat();
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

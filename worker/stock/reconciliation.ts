/**
 * The invariant check (docs/architecture.md#invariants-and-reconciliation): for each product, its
 * object's levels equal the sum of its effects; D1's levels equal the sum of D1's movements; and
 * D1's levels equal the object's. Every level, the object's and D1's, is also an exact integer
 * within the bounds (quantity-bounds.ts): beyond 2^53 all three could agree and still be wrong.
 * Lots too (docs/architecture.md#lots): D1's lot levels equal the object's and the sum of D1's lot
 * movements, and no lot holds less than nothing.
 */
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { decodeCursor, pageOf } from "../core/cursor";
import { fromScaled } from "../core/quantity";
import { database } from "../db/client";
import { products, stockLevels, stockLotLevels, stockLotMovements, stockMovements } from "../db/schema";
import { chunk } from "../lib/chunk";
import { type Triple, ZERO } from "./effects";
import { readProductStockState } from "./product-stock-client";
import { type BoundsField, boundsViolations } from "./quantity-bounds";

export type Mismatch = {
	productId: string;
	locationId: string;
	check: "object_levels_vs_effects" | "d1_levels_vs_movements" | "d1_levels_vs_object";
	expected: { onHand: number; reserved: number; incoming: number };
	actual: { onHand: number; reserved: number; incoming: number };
};

/** A lot whose stock disagrees between the stores, or is negative; quantities in API decimals. */
export type LotMismatch = {
	productId: string;
	locationId: string;
	lot: string;
	check: "d1_lot_vs_object" | "d1_lot_vs_movements" | "lot_negative";
	expected: number;
	actual: number;
};

/** A lot whose expiry in D1 is not the one its product object keeps (`YYYY-MM-DD`, or null). */
export type LotExpiryMismatch = {
	productId: string;
	locationId: string;
	lot: string;
	expected: string | null;
	actual: string | null;
};

/** A stored level beyond ±MAX_QUANTITY or not exact; `value` in API decimals. */
export type OutOfBounds = {
	productId: string;
	locationId: string;
	store: "object" | "d1";
	field: BoundsField;
	value: number;
};

export async function reconcile(env: Env, companyId: string, query: { limit: number; cursor?: string }) {
	const db = database(env.DB);
	const after = query.cursor ? decodeCursor(query.cursor, ["string"] as const)[0] : undefined;
	const page = await db
		.select({ id: products.id })
		.from(products)
		.where(and(eq(products.companyId, companyId), after ? gt(products.id, after) : undefined))
		.orderBy(asc(products.id))
		.limit(query.limit + 1);
	const { items, nextCursor } = pageOf(page, query.limit, (p) => [p.id]);
	const ids = items.map((p) => p.id);

	const d1Levels = new Map<string, Triple>();
	const d1Sums = new Map<string, Triple>();
	const d1Lots = new Map<string, number>();
	const d1Expiries = new Map<string, string | null>();
	const d1LotSums = new Map<string, number>();
	for (const part of chunk(ids, 90)) {
		const levels = await db
			.select()
			.from(stockLevels)
			.where(and(eq(stockLevels.companyId, companyId), inArray(stockLevels.productId, part)));
		for (const l of levels) d1Levels.set(`${l.productId}/${l.locationId}`, l);
		const sums = await db
			.select({
				productId: stockMovements.productId,
				locationId: stockMovements.locationId,
				onHand: sql<number>`sum(${stockMovements.onHandDelta})`,
				reserved: sql<number>`sum(${stockMovements.reservedDelta})`,
				incoming: sql<number>`sum(${stockMovements.incomingDelta})`,
			})
			.from(stockMovements)
			.where(and(eq(stockMovements.companyId, companyId), inArray(stockMovements.productId, part)))
			.groupBy(stockMovements.productId, stockMovements.locationId);
		for (const s of sums) d1Sums.set(`${s.productId}/${s.locationId}`, s);
		const lotLevels = await db
			.select()
			.from(stockLotLevels)
			.where(and(eq(stockLotLevels.companyId, companyId), inArray(stockLotLevels.productId, part)));
		for (const l of lotLevels) {
			d1Lots.set(`${l.productId}/${l.locationId}/${l.lot}`, l.onHand);
			d1Expiries.set(`${l.productId}/${l.locationId}/${l.lot}`, l.expiry);
		}
		const lotSums = await db
			.select({
				productId: stockLotMovements.productId,
				locationId: stockLotMovements.locationId,
				lot: stockLotMovements.lot,
				delta: sql<number>`sum(${stockLotMovements.delta})`,
			})
			.from(stockLotMovements)
			.where(and(eq(stockLotMovements.companyId, companyId), inArray(stockLotMovements.productId, part)))
			.groupBy(stockLotMovements.productId, stockLotMovements.locationId, stockLotMovements.lot);
		for (const s of lotSums) d1LotSums.set(`${s.productId}/${s.locationId}/${s.lot}`, s.delta);
	}

	const mismatches: Mismatch[] = [];
	const lotMismatches: LotMismatch[] = [];
	const lotExpiryMismatches: LotExpiryMismatch[] = [];
	const outOfBounds: OutOfBounds[] = [];
	const checkBounds = (productId: string, locationId: string, store: OutOfBounds["store"], level?: Triple) => {
		if (!level) return;
		for (const v of boundsViolations("level", locationId, level))
			outOfBounds.push({ productId, locationId, store, field: v.field, value: fromScaled(v.value) });
	};
	const compare = (
		productId: string,
		locationId: string,
		check: Mismatch["check"],
		expected: Triple | undefined,
		actual: Triple | undefined,
	) => {
		const e = expected ?? ZERO;
		const a = actual ?? ZERO;
		if (e.onHand !== a.onHand || e.reserved !== a.reserved || e.incoming !== a.incoming)
			mismatches.push({ productId, locationId, check, expected: decimal(e), actual: decimal(a) });
	};

	for (const productId of ids) {
		const state = await readProductStockState(env, { companyId, productId });
		const objectLevels = new Map(state.levels.map((l) => [l.locationId, l]));
		const effectSums = new Map(state.effectSums.map((l) => [l.locationId, l]));
		const locationIds = new Set([...objectLevels.keys(), ...effectSums.keys()]);
		for (const key of [...d1Levels.keys(), ...d1Sums.keys()])
			if (key.startsWith(`${productId}/`)) locationIds.add(key.slice(productId.length + 1));
		for (const locationId of locationIds) {
			const key = `${productId}/${locationId}`;
			compare(
				productId,
				locationId,
				"object_levels_vs_effects",
				effectSums.get(locationId),
				objectLevels.get(locationId),
			);
			compare(productId, locationId, "d1_levels_vs_movements", d1Sums.get(key), d1Levels.get(key));
			compare(productId, locationId, "d1_levels_vs_object", objectLevels.get(locationId), d1Levels.get(key));
			checkBounds(productId, locationId, "object", objectLevels.get(locationId));
			checkBounds(productId, locationId, "d1", d1Levels.get(key));
		}
		const objectLots = new Map(state.lots.map((l) => [`${productId}/${l.locationId}/${l.lot}`, l.onHand]));
		const objectExpiries = new Map(state.lots.map((l) => [`${productId}/${l.locationId}/${l.lot}`, l.expiry]));
		const lotKeys = new Set([...objectLots.keys()]);
		for (const key of [...d1Lots.keys(), ...d1LotSums.keys()]) if (key.startsWith(`${productId}/`)) lotKeys.add(key);
		for (const key of lotKeys) {
			// Ids hold no "/", a lot's number may: it is all that follows the location.
			const [, locationId = "", ...lotParts] = key.split("/");
			const lot = lotParts.join("/");
			const mismatch = (check: LotMismatch["check"], expected: number, actual: number) => {
				if (expected !== actual)
					lotMismatches.push({
						productId,
						locationId,
						lot,
						check,
						expected: fromScaled(expected),
						actual: fromScaled(actual),
					});
			};
			mismatch("d1_lot_vs_object", objectLots.get(key) ?? 0, d1Lots.get(key) ?? 0);
			mismatch("d1_lot_vs_movements", d1LotSums.get(key) ?? 0, d1Lots.get(key) ?? 0);
			const held = objectLots.get(key) ?? 0;
			if (held < 0) mismatch("lot_negative", 0, held);
			const [expected, actual] = [objectExpiries.get(key) ?? null, d1Expiries.get(key) ?? null];
			if (objectExpiries.has(key) && d1Expiries.has(key) && expected !== actual)
				lotExpiryMismatches.push({ productId, locationId, lot, expected, actual });
		}
	}
	const ok =
		mismatches.length === 0 &&
		outOfBounds.length === 0 &&
		lotMismatches.length === 0 &&
		lotExpiryMismatches.length === 0;
	return { ok, checked: ids.length, mismatches, outOfBounds, lotMismatches, lotExpiryMismatches, nextCursor };
}

function decimal(t: Triple) {
	return { onHand: fromScaled(t.onHand), reserved: fromScaled(t.reserved), incoming: fromScaled(t.incoming) };
}

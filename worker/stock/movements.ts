/** Reading the ledger: movements newest first, filtered, cursor-paged. */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { AppError } from "../core/app-error";
import { pageOf } from "../core/cursor";
import { newestFirst } from "../core/keyset";
import { fromScaled } from "../core/quantity";
import type { Database } from "../db/client";
import { products, stockMovements } from "../db/schema";
import type { MovementKind } from "./stock-command";

export type MovementQuery = {
	productId?: string;
	locationId?: string;
	/** Only these locations (a caller limited to some); undefined: every location. */
	locationIds?: string[];
	source?: string;
	/** Epoch ms, inclusive. */
	from?: number;
	/** Epoch ms, exclusive. */
	to?: number;
	limit: number;
	cursor?: string;
};

export async function listMovements(db: Database, companyId: string, query: MovementQuery) {
	const keyset = newestFirst(query.cursor, [stockMovements.at, stockMovements.id], ["number", "string"]);
	const rows = await db
		.select()
		.from(stockMovements)
		.where(
			and(
				eq(stockMovements.companyId, companyId),
				query.productId ? eq(stockMovements.productId, query.productId) : undefined,
				query.locationId ? eq(stockMovements.locationId, query.locationId) : undefined,
				query.locationIds ? inArray(stockMovements.locationId, query.locationIds) : undefined,
				// A transfer's legs are `key:from` and `key:to`: the command's source finds both.
				query.source
					? sql`(${stockMovements.source} = ${query.source} OR ${stockMovements.source} IN (${`${query.source}:from`}, ${`${query.source}:to`}))`
					: undefined,
				query.from !== undefined ? gte(stockMovements.at, query.from) : undefined,
				query.to !== undefined ? lt(stockMovements.at, query.to) : undefined,
				keyset.after,
			),
		)
		.orderBy(...keyset.orderBy)
		.limit(query.limit + 1);
	const page = pageOf(rows, query.limit, (m) => [m.at, m.id]);
	return {
		items: page.items.map((m) => ({
			id: m.id,
			productId: m.productId,
			locationId: m.locationId,
			source: m.source,
			// D1 keeps the kind as text; only product objects write it, each from a MovementKind.
			kind: m.kind as MovementKind,
			reason: m.reason,
			onHandDelta: fromScaled(m.onHandDelta),
			reservedDelta: fromScaled(m.reservedDelta),
			incomingDelta: fromScaled(m.incomingDelta),
			onHandAfter: fromScaled(m.onHandAfter),
			reservedAfter: fromScaled(m.reservedAfter),
			incomingAfter: fromScaled(m.incomingAfter),
			at: new Date(m.at).toISOString(),
		})),
		nextCursor: page.nextCursor,
	};
}

/** Kinds whose lots are not re-picked: their lots are moved as a whole elsewhere (a transfer's arrival mirrors its departure). */
const NOT_REPICKED: readonly string[] = ["transfer", "count", "lot_assignment", "lot_repick"];

/**
 * What a movement's source holds at the movement's location now — the lots it took and what it took
 * from the unassigned rest — and whether a re-pick may change that (`POST /lots/repicks`): the form
 * that re-picks starts from it. Read off the ledger (`stock_movements`, `stock_lot_movements`) under
 * the source, re-picks included, as the product object keeps it (docs/architecture.md#lots). 404
 * when the movement is unknown or at a location the caller does not have (`locationIds`).
 */
export async function movementLots(
	db: Database,
	companyId: string,
	movementId: string,
	locationIds: string[] | undefined,
) {
	const [movement] = await db
		.select({
			productId: stockMovements.productId,
			locationId: stockMovements.locationId,
			source: stockMovements.source,
			kind: stockMovements.kind,
			tracking: products.tracking,
		})
		.from(stockMovements)
		.innerJoin(products, eq(products.id, stockMovements.productId))
		.where(and(eq(stockMovements.companyId, companyId), eq(stockMovements.id, movementId)));
	if (!movement || (locationIds && !locationIds.includes(movement.locationId)))
		throw new AppError("not_found", `No movement ${movementId}.`);
	const { productId, locationId, source } = movement;
	const [net] = await db.all<{ on_hand: number | null }>(sql`
		SELECT sum(on_hand_delta) AS on_hand FROM stock_movements
		WHERE company_id = ${companyId} AND source = ${source} AND product_id = ${productId} AND location_id = ${locationId}`);
	const lots = await db.all<{ lot: string; delta: number; expiry: string | null; batch: string | null }>(sql`
		SELECT lm.lot, sum(lm.delta) AS delta,
			(SELECT max(l.expiry) FROM stock_lot_levels l WHERE l.product_id = lm.product_id AND l.lot = lm.lot) AS expiry,
			(SELECT max(l.batch) FROM stock_lot_levels l WHERE l.product_id = lm.product_id AND l.lot = lm.lot) AS batch
		FROM stock_lot_movements lm
		WHERE lm.company_id = ${companyId} AND lm.source = ${source} AND lm.product_id = ${productId}
			AND lm.location_id = ${locationId}
		GROUP BY lm.lot
		HAVING sum(lm.delta) < 0
		ORDER BY expiry IS NULL, expiry, lm.lot`);
	const taken = Math.max(0, -(net?.on_hand ?? 0));
	const inLots = lots.reduce((sum, l) => sum - l.delta, 0);
	return {
		movementId,
		productId,
		locationId,
		source,
		kind: movement.kind as MovementKind,
		tracking: movement.tracking,
		repickable: movement.tracking !== "none" && !NOT_REPICKED.includes(movement.kind) && taken > 0,
		taken: fromScaled(taken),
		lots: lots.map((l) => ({ lot: l.lot, expiry: l.expiry, batch: l.batch, quantity: fromScaled(-l.delta) })),
		unassigned: fromScaled(Math.max(0, taken - inLots)),
	};
}

/**
 * The movement whose source a re-pick changes (`POST /lots/repicks`): 404 when unknown, 400 naming
 * `locationId` when it is at another location, 409 for a kind whose lots are not re-picked.
 */
export async function repickableMovement(db: Database, companyId: string, movementId: string, locationId: string) {
	const [movement] = await db
		.select({
			productId: stockMovements.productId,
			locationId: stockMovements.locationId,
			source: stockMovements.source,
			kind: stockMovements.kind,
		})
		.from(stockMovements)
		.where(and(eq(stockMovements.companyId, companyId), eq(stockMovements.id, movementId)));
	if (!movement) throw new AppError("not_found", `No movement ${movementId}.`);
	if (movement.locationId !== locationId)
		throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", [
			{ in: "body", field: "locationId", message: `movement ${movementId} is at location ${movement.locationId}` },
		]);
	if (NOT_REPICKED.includes(movement.kind))
		throw new AppError(
			"conflict",
			`A ${movement.kind} keeps the lots it moved: re-pick the document that took the stock.`,
		);
	return movement;
}

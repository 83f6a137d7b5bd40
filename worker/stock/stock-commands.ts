/**
 * Stock commands typed by users (adjustments, counts, transfers): checked against the catalogue,
 * made idempotent by the client's key, and applied by the product's object.
 *
 * D1 runs one query at a time, so the path is kept to few round trips: the key and the level rows
 * are read in one batch, the key is claimed in one insert, the object flushes in one batch.
 */
import { and, eq, sql } from "drizzle-orm";
import { requireActiveLocation } from "../catalogue/locations";
import { getProduct } from "../catalogue/products";
import { AppError } from "../core/app-error";
import { assertSameRequest } from "../core/idempotency";
import { type Database, database } from "../db/client";
import { commandKeys } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import { type Triple, ZERO } from "./effects";
import { findLevelRowsQuery, toLevelRow } from "./levels";
import { assertLotCountAllowed, assertLotsAllowed, lotRefusalForRequest } from "./lot-requests";
import { negativeStockAllowedQuery, shortfallOf, wouldGoNegative } from "./negative-stock";
import { executeStockCommand, isQuantityRefusal, NegativeStockRefusal } from "./product-stock-client";
import { assertPlannedChangesWithinBounds, type PlannedChange } from "./quantity-bounds";
import type { StockCommand } from "./stock-command";

export type CommandKind = "adjustment" | "count" | "transfer" | "lot_assignment" | "lot_repick";

/** A user's command as the route states it; the service names its source from the key. */
export type UserCommand =
	| Omit<Extract<StockCommand, { type: "adjust" }>, "source">
	| Omit<Extract<StockCommand, { type: "count" }>, "source">
	| Omit<Extract<StockCommand, { type: "transfer" }>, "source">
	| Omit<Extract<StockCommand, { type: "assign" }>, "source">
	| Omit<Extract<StockCommand, { type: "repick" }>, "source">;

const KIND: Record<UserCommand["type"], CommandKind> = {
	adjust: "adjustment",
	count: "count",
	transfer: "transfer",
	assign: "lot_assignment",
	repick: "lot_repick",
};

type CommandAnswer = { movementId: string | null; movementIds: string[]; levels: ReturnType<typeof toLevelRow>[] };

/**
 * A change of on hand made only in Stockroom (an adjustment or a count; a transfer moves nothing
 * company-wide), reported to the caller, which decides whether QuickBooks should hear of it.
 */
export type OnHandChange = { productId: string; movementId: string; onHandDelta: number };

/**
 * Runs one user stock command. Answers `created: false` with the first answer, unchanged, when the
 * same request was applied under this key before. `onChanged` hears of an applied change of on hand
 * before the answer is kept for retries (the caller queues it for QuickBooks): a crash in between
 * leaves the key's `push_pending` set; a retry re-runs the command, which the product object finds
 * applied already, and `onChanged` hears of it again; a request never retried is handed over by the
 * cron (worker/sync/stock-push-sweep.ts).
 *
 * An adjustment or a transfer that would take available below zero at a location is refused (422
 * `would_go_negative`) unless `allowNegative` says so and the company allows it
 * (docs/architecture.md#negative-stock); a count never is: it states what is there.
 */
export async function runStockCommand(
	env: Env,
	companyId: string,
	request: { productId: string; idempotencyKey: string; allowNegative?: boolean | undefined },
	command: UserCommand,
	onChanged: (change: OnHandChange) => Promise<unknown> = async () => {},
): Promise<{ created: boolean; body: CommandAnswer }> {
	const db = database(env.DB);
	const kind = KIND[command.type];
	const key = request.idempotencyKey;
	const requestHash = await sha256Hex(`${kind}\n${JSON.stringify(request)}`);
	const locationIds =
		command.type === "transfer" ? [command.fromLocationId, command.toLocationId] : [command.locationId];

	const [keyRows, levelRows, settingRows] = await db.batch([
		keyQuery(db, companyId, key),
		findLevelRowsQuery(
			db,
			companyId,
			locationIds.map((locationId) => ({ productId: request.productId, locationId })),
		),
		negativeStockAllowedQuery(db, companyId),
	]);
	const negativeAllowed = settingRows[0]?.allowed ?? true;
	const refuseNegative =
		(command.type === "adjust" || command.type === "transfer") && !(request.allowNegative === true && negativeAllowed);
	const claimed = keyRows[0];
	if (claimed) {
		assertSameRequest(claimed.requestHash, requestHash, key);
		if (claimed.response) return { created: false, body: JSON.parse(claimed.response) as CommandAnswer };
	}
	// Checked before the key is claimed: a refused request does not use up its key.
	if (levelRows.length !== locationIds.length) await explainMissingRow(db, companyId, request.productId, locationIds);
	assertHoldsStock(levelRows);
	for (const row of levelRows)
		if (row.locationArchivedAt !== null) throw new AppError("conflict", `Location ${row.locationId} is archived.`);
	assertCommandWithinBounds(request.productId, command, levelRows);
	const lots =
		command.type === "count" ? (command.lots ?? []).map((l) => ({ ...l, quantity: l.onHand })) : (command.lots ?? []);
	const receiving = command.type === "assign" || (command.type === "adjust" && command.quantity > 0);
	if (command.type === "count" && command.lots)
		await assertLotCountAllowed(db, companyId, request.productId, command.locationId, lots);
	else await assertLotsAllowed(db, companyId, request.productId, lots, receiving);
	// With lots named, the object decides alone: a lot it refuses says more than the level it would leave.
	if (refuseNegative && lots.length === 0) await assertNotShort(db, companyId, command, levelRows, negativeAllowed);
	// Only adjustments and counts change on hand company-wide (a transfer moves it, an assignment names its lots).
	const changesTotal = command.type === "adjust" || command.type === "count";
	if (!claimed) await claimKey(db, { companyId, key, kind, requestHash, pushPending: changesTotal });

	const source = `${kind}:${key}`;
	const result = await executeStockCommand(
		env,
		{ companyId, productId: request.productId },
		{ ...command, source, ...(refuseNegative ? { refuseNegative } : {}) },
	).catch(async (error: unknown) => {
		// The object's levels are the ones that count: it may know of stock D1 did not show yet.
		if (error instanceof NegativeStockRefusal) {
			await releaseKey(db, companyId, key);
			const { locationId, shortfall } = error;
			throw await wouldGoNegative(db, companyId, { locationId, shortfall, field: "quantity" }, negativeAllowed);
		}
		// The object refused (levels D1 had not shown yet, a lot short): nothing changed, so the key is given back.
		const lotRefused = error instanceof AppError && error.code === "lot_refused";
		if (isQuantityRefusal(error) || lotRefused) await releaseKey(db, companyId, key);
		throw lotRefusalForRequest(error, lots);
	});
	const body: CommandAnswer = {
		movementId: result.movements[0]?.id ?? null,
		movementIds: result.movements.map((m) => m.id),
		levels: result.levels.map((l) => {
			const row = levelRows.find((r) => r.locationId === l.locationId);
			if (!row) throw new Error(`no level row for ${request.productId} at ${l.locationId}`);
			// The object's numbers are the truth as of this command; D1 adds the planning fields (and expiry).
			return toLevelRow({ ...row, ...l });
		}),
	};
	const [first] = result.movements;
	// A duplicate is this key's command applied before a crash cut the request short: what it owes
	// QuickBooks is handed over now (the push is keyed by its movement, so once however often).
	if ((result.outcome === "applied" || result.outcome === "duplicate") && changesTotal && first)
		await onChanged({
			productId: request.productId,
			movementId: first.id,
			onHandDelta: result.movements.reduce((sum, m) => sum + m.delta.onHand, 0),
		});
	// Kept so that a retry answers exactly this, whatever has changed since; the push is handed over.
	await db
		.update(commandKeys)
		.set({ response: JSON.stringify(body), pushPending: false })
		.where(and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, key), sql`${commandKeys.response} IS NULL`));
	return { created: result.outcome === "applied", body };
}

/**
 * Refuses (422, naming `quantity` or `onHand`) a command that would move more than the maximum at
 * once or leave a level beyond it, as D1 shows the levels now; the product object checks again.
 */
function assertCommandWithinBounds(
	productId: string,
	command: UserCommand,
	levels: { locationId: string; onHand: number; reserved: number; incoming: number }[],
) {
	const level = (locationId: string): Triple => levels.find((l) => l.locationId === locationId) ?? ZERO;
	// What the command moves on hand by, per location.
	// An assignment or a re-pick moves no level: only lots, within the unassigned rest.
	if (command.type === "assign" || command.type === "repick") return;
	const legs: [string, number][] =
		command.type === "adjust"
			? [[command.locationId, command.quantity]]
			: command.type === "count"
				? [[command.locationId, command.onHand - level(command.locationId).onHand]]
				: [
						[command.fromLocationId, -command.quantity],
						[command.toLocationId, command.quantity],
					];
	const field = command.type === "count" ? "onHand" : "quantity";
	const changes: PlannedChange[] = legs.map(([locationId, onHand]) => ({
		productId,
		locationId,
		delta: { ...ZERO, onHand },
		field,
	}));
	assertPlannedChangesWithinBounds(changes, (_, locationId) => level(locationId));
}

/**
 * Refuses (422 `would_go_negative`, naming `quantity`) an adjustment or a transfer that would take
 * available below zero at the location it takes from, as D1 shows the level now; the product object
 * decides again as it applies it.
 */
async function assertNotShort(
	db: Database,
	companyId: string,
	command: UserCommand,
	levels: { locationId: string; onHand: number; reserved: number }[],
	negativeAllowed: boolean,
) {
	const leg =
		command.type === "adjust"
			? { locationId: command.locationId, onHand: command.quantity }
			: command.type === "transfer"
				? { locationId: command.fromLocationId, onHand: -command.quantity }
				: null;
	if (!leg) return;
	const level = levels.find((l) => l.locationId === leg.locationId) ?? ZERO;
	const shortfall = shortfallOf(level, { onHand: leg.onHand, reserved: 0 });
	if (shortfall > 0)
		throw await wouldGoNegative(
			db,
			companyId,
			{ locationId: leg.locationId, shortfall, field: "quantity" },
			negativeAllowed,
		);
}

/** Frees a key claimed by a request that changed nothing, so that it can be used again. */
async function releaseKey(db: Database, companyId: string, key: string) {
	await db
		.delete(commandKeys)
		.where(and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, key), sql`${commandKeys.response} IS NULL`));
}

function keyQuery(db: Database, companyId: string, key: string) {
	return db
		.select({ requestHash: commandKeys.requestHash, response: commandKeys.response })
		.from(commandKeys)
		.where(and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, key)));
}

/**
 * Claims the key company-wide, so one key can never be spent on two different requests, whichever
 * product they name. Losing the race to the same request is fine (a concurrent retry).
 */
async function claimKey(
	db: Database,
	claim: { companyId: string; key: string; kind: CommandKind; requestHash: string; pushPending: boolean },
) {
	const inserted = await db.insert(commandKeys).values(claim).onConflictDoNothing().returning({ key: commandKeys.key });
	if (inserted.length > 0) return;
	const [winner] = await keyQuery(db, claim.companyId, claim.key);
	assertSameRequest(winner?.requestHash, claim.requestHash, claim.key);
}

/**
 * Refuses (422 `not_stock_tracked`, naming `productId`) a command on a product that holds no stock
 * of its own: a service or a non-inventory item has none, and a kit's is what its components allow.
 */
function assertHoldsStock(rows: readonly { type: string }[]) {
	const type = rows.find((r) => r.type !== "inventory")?.type;
	if (!type) return;
	const detail =
		type === "kit"
			? "A kit's stock is what its components allow: adjust, count or move its components instead."
			: `A ${type.replace("_", "-")} product holds no stock: only inventory products do.`;
	throw new AppError("not_stock_tracked", detail, [
		{ in: "body", field: "productId", message: `a ${type.replace("_", "-")} product` },
	]);
}

/** A level row exists for every product × location: when one is missing, say which id is unknown. */
async function explainMissingRow(db: Database, companyId: string, productId: string, locationIds: string[]) {
	await getProduct(db, companyId, productId);
	for (const id of locationIds) await requireActiveLocation(db, companyId, id);
	throw new Error(`no level row for product ${productId} at ${locationIds.join(", ")}`);
}

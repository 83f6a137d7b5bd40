/**
 * Delivery notes: goods of an order leave a location, fully or in parts; cancelling a note puts
 * them back (and the order reserves them again).
 *
 * A note is one D1 batch — the claim of the order's next version first, the note and its lines,
 * the order's new lines/status/flags — then the order is applied to the product objects. The
 * client's idempotency key is unique per company: the same key and body answer the first answer
 * (re-applying the order first, which completes a write interrupted before its effects).
 *
 * Notes and cancellations are checked against D1's levels before anything is written: one whose
 * stock would pass the bounds is refused (422) with nothing recorded. A note that a product object
 * refuses all the same (levels D1 did not show yet) is undone, never left for the cron to retry.
 *
 * A line of a product tracked by lot may name the lots to pick (delivery_note_lots); the object
 * takes the rest first-expiry-first-out. A pick beyond what a lot holds is refused (409
 * `lot_refused` naming `lines.<i>.lots.<j>.quantity`) before anything is recorded as D1 shows the
 * lots, or by the object, which undoes the note like any other refusal. Cancelling a note puts the
 * goods back into the lots they left (the object undoes the source's own lot moves first).
 *
 * A note that would take available below zero at its location — what other orders hold reserved
 * counted, what its own order reserved not — is refused (422 `would_go_negative` naming
 * `lines.<i>.quantity`) unless `allowNegative` says so and the company allows it
 * (docs/architecture.md#negative-stock): first on D1's levels, then by the product objects, which
 * decide; a note they refuse is undone like any other refusal.
 */
import { and, eq, isNull, max } from "drizzle-orm";
import { ulid } from "ulid";
import { requireActiveLocation } from "../catalogue/locations";
import { AppError, type FieldError } from "../core/app-error";
import { replayKept } from "../core/idempotency";
import { fromScaled, type Scaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import { deliveryNoteLines, deliveryNoteLots, deliveryNotes } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import { assertChangesWithinBounds } from "../stock/bounds-precheck";
import { ZERO } from "../stock/effects";
import { findLevelRowsQuery } from "../stock/levels";
import { assertLotsAllowed, assertLotsHold, lotRefusalForLines } from "../stock/lot-requests";
import { negativeStockAllowed, shortfallOf, wouldGoNegative } from "../stock/negative-stock";
import {
	executeStockCommand,
	isLotRefusal,
	isQuantityRefusal,
	NegativeStockRefusal,
} from "../stock/product-stock-client";
import { applyOrder, deliverySource } from "./order-effects";
import { type OrderState, orderChanges, orderState, remainingOf } from "./order-state";
import { getOrder, noteDeliveredOf, type Order, orderBusy, orderChangeStatements, withOrderRetry } from "./order-store";
import { type DeliveryNoteView, deliveryNoteView } from "./order-views";

/** A lot a note line picks from, at the note's location: quantity positive, scaled. */
export type DeliveryLot = { lot: string; quantity: Scaled };

export type DeliveryInput = {
	locationId?: string;
	/** `lots`: picked from these lots (Σ ≤ quantity; the rest first-expiry-first-out); products tracked by lot. */
	lines: { productId: string; quantity: Scaled; lots?: DeliveryLot[] }[];
	note?: string;
	idempotencyKey: string;
	/** The person confirmed that the note may take available below zero (when the company allows it). */
	allowNegative?: boolean | undefined;
};

/** Whether a note is refused when it would take available below zero, and whether the company allows it at all. */
type NegativeGuard = { refuse: boolean; allowed: boolean };

async function negativeGuard(db: Database, companyId: string, input: DeliveryInput): Promise<NegativeGuard> {
	const allowed = await negativeStockAllowed(db, companyId);
	return { refuse: !(input.allowNegative === true && allowed), allowed };
}

type DeliveryNote = typeof deliveryNotes.$inferSelect;

/** Creates a delivery note on an order. `created` false: the key's first answer, replayed. */
export async function createDelivery(
	env: Env,
	companyId: string,
	orderId: string,
	input: DeliveryInput,
): Promise<{ created: boolean; body: DeliveryNoteView }> {
	const db = database(env.DB);
	const guard = await negativeGuard(db, companyId, input);
	const recorded = await recordDelivery(env, companyId, orderId, input, guard);
	// The object's refusal names the request's field: a lot's (`lines.<i>.lots.<j>.quantity`), a line's.
	const named = async (error: unknown) => {
		if (error instanceof NegativeStockRefusal) throw await noteShortfall(db, companyId, error, input, guard);
		throw lotRefusalForLines(error, input.lines);
	};
	if (!recorded.created)
		return {
			created: false,
			body: await replay(env, db, recorded.note, recorded.requestHash, guard).catch(named),
		};
	await applyDelivery(env, recorded.note, guard).catch(named);
	return { created: true, body: await answer(db, recorded.note) };
}

/** The objects' refusal of a note's line as the request's `would_go_negative`, naming the line. */
async function noteShortfall(
	db: Database,
	companyId: string,
	refusal: NegativeStockRefusal,
	input: DeliveryInput,
	guard: NegativeGuard,
) {
	const i = input.lines.findIndex((l) => l.productId === refusal.productId);
	const field = i < 0 ? "lines" : `lines.${i}.quantity`;
	return wouldGoNegative(
		db,
		companyId,
		{ locationId: refusal.locationId, shortfall: refusal.shortfall, field },
		guard.allowed,
	);
}

/**
 * Applies the order of a note not answered yet. A product object that refuses it (a quantity beyond
 * the bounds, on levels D1 did not show; a pick beyond what a lot holds) would refuse it every time:
 * the note is undone instead, as if it had never been recorded, and the refusal is the answer.
 */
async function applyDelivery(env: Env, note: DeliveryNote, guard: NegativeGuard): Promise<void> {
	const pending = note.response === null ? note.id : undefined;
	const options = { interactive: true, refuseLotsOf: pending, refuseNegativeOf: guard.refuse ? pending : undefined };
	await applyOrder(env, note.companyId, note.orderId, options).catch(async (error: unknown) => {
		if (note.response !== null) throw error;
		if (isLotRefusal(error) || error instanceof NegativeStockRefusal) {
			await undoDelivery(env, note);
			throw error;
		}
		if (!isQuantityRefusal(error)) throw error;
		await undoDelivery(env, note);
		throw new AppError(
			"quantity_out_of_bounds",
			`Refused, ${note.number} was not recorded and nothing was delivered: ${error.detail}`,
			error.errors,
		);
	});
}

/**
 * Takes back a note never answered: the note and its lines go (its key is free again), the order is
 * written again without it (a new version, which the cron may repair), its effects are deleted
 * wherever an object took them, and the order is applied as it is now.
 */
async function undoDelivery(env: Env, note: DeliveryNote): Promise<void> {
	const db = database(env.DB);
	const { companyId, orderId } = note;
	const lines = await db.select().from(deliveryNoteLines).where(eq(deliveryNoteLines.noteId, note.id));
	try {
		await withOrderRetry(async () => {
			const current = await db.query.deliveryNotes.findFirst({
				where: and(eq(deliveryNotes.companyId, companyId), eq(deliveryNotes.id, note.id)),
			});
			if (current?.status !== "active" || current.response !== null) return;
			const order = await getOrder(db, companyId, orderId);
			const state = afterNote(order, await noteDeliveredOf(db, companyId, orderId), lines, -1);
			const [claim, update] = orderChangeStatements(db, order, state, `delivery:${note.id}:refused`);
			await db.batch([
				claim,
				db.delete(deliveryNoteLots).where(eq(deliveryNoteLots.noteId, note.id)),
				db.delete(deliveryNoteLines).where(eq(deliveryNoteLines.noteId, note.id)),
				db
					.delete(deliveryNotes)
					.where(
						and(eq(deliveryNotes.id, note.id), eq(deliveryNotes.status, "active"), isNull(deliveryNotes.response)),
					),
				update,
			]);
		});
		const source = deliverySource(note.id);
		await Promise.all(
			lines.map((l) =>
				executeStockCommand(
					env,
					{ companyId, productId: l.productId },
					{ type: "delete", source, kind: "delivery", reason: `${note.number} refused, undone` },
				),
			),
		);
		await applyOrder(env, companyId, orderId, { interactive: true });
	} catch (error) {
		console.error(`delivery note ${note.id}: undoing a refused note failed`, error);
	}
}

/**
 * The D1 half of a delivery: validates it against the order as it is, then writes the note and the
 * order's new state in one batch (retried when another writer changed the order first). The
 * product objects are not told: `applyOrder` does that, and can always be run again.
 */
export async function recordDelivery(
	env: Env,
	companyId: string,
	orderId: string,
	input: DeliveryInput,
	guard?: NegativeGuard,
): Promise<{ created: boolean; note: DeliveryNote; requestHash: string }> {
	const db = database(env.DB);
	const { refuse, allowed } = guard ?? (await negativeGuard(db, companyId, input));
	const requestHash = await sha256Hex(
		`delivery\n${orderId}\n${input.locationId ?? ""}\n${input.note ?? ""}\n${JSON.stringify(input.lines)}`,
	);
	// Lost a race (the order changed, the number was taken, or the same key went in first): read again.
	return withOrderRetry(async () => {
		const before = await findByKey(db, companyId, input.idempotencyKey);
		if (before) return { created: false, note: before, requestHash };
		const order = await getOrder(db, companyId, orderId);
		const locationId = input.locationId ?? order.locationId;
		await requireActiveLocation(db, companyId, locationId);
		const noteDelivered = await noteDeliveredOf(db, companyId, orderId);
		validate(order, input);
		await assertPickableLots(db, companyId, locationId, input.lines);
		const state = afterNote(order, noteDelivered, input.lines, 1);
		// Before anything is recorded: a refused note does not use up its key.
		await assertNoteWithinBounds(
			db,
			order,
			state,
			{ locationId, lines: input.lines, sign: 1 },
			"Refused, nothing was delivered",
		);
		if (refuse) await assertNoteNotShort(db, order, { locationId, lines: input.lines }, allowed);

		const id = ulid();
		const [lastSeq] = await db
			.select({ seq: max(deliveryNotes.seq) })
			.from(deliveryNotes)
			.where(eq(deliveryNotes.companyId, companyId));
		const seq = (lastSeq?.seq ?? 0) + 1;
		const [claim, update] = orderChangeStatements(db, order, state, `delivery:${id}`);
		await db.batch([
			claim,
			db.insert(deliveryNotes).values({
				id,
				companyId,
				orderId,
				seq,
				number: `DN-${String(seq).padStart(4, "0")}`,
				locationId,
				note: input.note ?? null,
				status: "active",
				version: 1,
				idempotencyKey: input.idempotencyKey,
				requestHash,
			}),
			db
				.insert(deliveryNoteLines)
				.values(input.lines.map((l) => ({ noteId: id, productId: l.productId, companyId, quantity: l.quantity }))),
			...lotRowsOf(id, companyId, input.lines).map((rows) => db.insert(deliveryNoteLots).values(rows)),
			update,
		]);
		const note = await findByKey(db, companyId, input.idempotencyKey);
		if (!note) throw new Error(`delivery note ${id} vanished after its batch`);
		return { created: true, note, requestHash };
	}, orderBusy);
}

/**
 * The order's lines, status and flags when a note's `lines` are delivered (`sign` 1) or put back
 * (−1): recomputed from its active notes' totals (`noteDelivered`, changed here) and its documents
 * as they are.
 */
function afterNote(
	order: Order,
	noteDelivered: Map<string, Scaled>,
	lines: { productId: string; quantity: Scaled }[],
	sign: 1 | -1,
): Pick<OrderState, "status" | "lines" | "flags"> {
	for (const l of lines) noteDelivered.set(l.productId, (noteDelivered.get(l.productId) ?? 0) + sign * l.quantity);
	const state = orderState({
		mode: order.mode,
		documents: order.documents,
		salesQboId: order.salesQboId,
		noteDelivered,
		previousProducts: order.lines.map((l) => l.productId),
	});
	return { status: state.status, lines: state.lines, flags: state.flags };
}

/**
 * Refuses (422, naming `lines.<i>.quantity`) a note delivered (`sign` 1) or cancelled (−1) whose
 * stock would pass the bounds as D1 shows the levels: the note's own effect at its location and the
 * order's at the order's, each on its own and together.
 */
async function assertNoteWithinBounds(
	db: Database,
	order: Order,
	after: Pick<OrderState, "lines">,
	note: { locationId: string; lines: { productId: string; quantity: Scaled }[]; sign: 1 | -1 },
	detail: string,
) {
	const index = new Map(note.lines.map((l, i) => [l.productId, i]));
	const fieldOf = (productId: string) => {
		const i = index.get(productId);
		return i === undefined ? "lines" : `lines.${i}.quantity`;
	};
	await assertChangesWithinBounds(
		db,
		order.companyId,
		[
			...orderChanges(order, { locationId: order.locationId, lines: after.lines }, fieldOf),
			...note.lines.map((l) => ({
				productId: l.productId,
				locationId: note.locationId,
				delta: { ...ZERO, onHand: -note.sign * l.quantity },
				field: fieldOf(l.productId),
			})),
		],
		detail,
	);
}

/**
 * Refuses (422 `would_go_negative`, naming `lines.<i>.quantity`) a note that would take available
 * below zero at its location as D1 shows the levels: on hand after the note against what is reserved
 * there, less what the order itself holds reserved (the note may deliver that). The product objects
 * decide again as they apply it.
 */
async function assertNoteNotShort(
	db: Database,
	order: Order,
	note: { locationId: string; lines: { productId: string; quantity: Scaled }[] },
	allowed: boolean,
) {
	const rows = await findLevelRowsQuery(
		db,
		order.companyId,
		note.lines.map((l) => ({ productId: l.productId, locationId: note.locationId })),
	);
	for (const [i, line] of note.lines.entries()) {
		const row = rows.find((r) => r.productId === line.productId);
		const level = row ?? ZERO;
		const ownOrder = order.locationId === note.locationId;
		const own = ownOrder ? (order.lines.find((l) => l.productId === line.productId)?.reserved ?? 0) : 0;
		const shortfall = shortfallOf(
			{ onHand: level.onHand, reserved: level.reserved - own },
			{ onHand: -line.quantity, reserved: 0 },
		);
		const field = `lines.${i}.quantity`;
		if (shortfall > 0)
			throw await wouldGoNegative(
				db,
				order.companyId,
				{ locationId: note.locationId, shortfall, field, label: row?.sku },
				allowed,
			);
	}
}

/** Rows of D1 bound per insert of picked lots: six parameters each, under D1's 100 a statement. */
const LOT_ROWS_PER_INSERT = 16;

/** The picked lots of a note's lines as rows of delivery_note_lots, in inserts D1 accepts. */
function lotRowsOf(noteId: string, companyId: string, lines: DeliveryInput["lines"]) {
	const rows = lines.flatMap((l) =>
		(l.lots ?? []).map((n, position) => ({
			noteId,
			productId: l.productId,
			companyId,
			lot: n.lot,
			quantity: n.quantity,
			position,
		})),
	);
	return Array.from({ length: Math.ceil(rows.length / LOT_ROWS_PER_INSERT) }, (_, i) =>
		rows.slice(i * LOT_ROWS_PER_INSERT, (i + 1) * LOT_ROWS_PER_INSERT),
	);
}

/**
 * Refuses, before anything is recorded, lots a note may not pick: on a product not tracked by lot
 * (400 naming `lines.<i>.lots`), more than a lot holds at the note's location as D1 shows it (409
 * `lot_refused` naming `lines.<i>.lots.<j>.quantity`).
 */
async function assertPickableLots(db: Database, companyId: string, locationId: string, lines: DeliveryInput["lines"]) {
	for (const [i, line] of lines.entries()) {
		const lots = line.lots ?? [];
		if (lots.length === 0) continue;
		const field = `lines.${i}.lots`;
		await assertLotsAllowed(
			db,
			companyId,
			line.productId,
			lots.map((l) => ({ lot: l.lot, quantity: -l.quantity })),
			false,
			field,
		);
		await assertLotsHold(db, companyId, line.productId, locationId, lots, field);
	}
}

/** What the request asks must fit what the order still owes; nothing is written otherwise. */
function validate(order: Order, input: DeliveryInput): void {
	if (order.status === "cancelled")
		throw new AppError("conflict", "A cancelled order cannot be delivered.", [
			{ in: "body", field: "status", message: "the order is cancelled" },
		]);
	const errors: FieldError[] = [];
	for (const [i, l] of input.lines.entries()) {
		const line = order.lines.find((ol) => ol.productId === l.productId && ol.ordered > 0);
		if (!line) {
			errors.push({ in: "body", field: `lines.${i}.productId`, message: "not on this order" });
			continue;
		}
		const remaining = remainingOf(line);
		if (l.quantity > remaining)
			errors.push({
				in: "body",
				field: `lines.${i}.quantity`,
				message: `only ${fromScaled(remaining)} remain to deliver`,
			});
	}
	if (errors.length > 0)
		throw new AppError("not_deliverable", "The delivery does not fit what the order owes.", errors);
}

function findByKey(db: Database, companyId: string, key: string) {
	return db.query.deliveryNotes.findFirst({
		where: and(eq(deliveryNotes.companyId, companyId), eq(deliveryNotes.idempotencyKey, key)),
	});
}

async function replay(
	env: Env,
	db: Database,
	note: DeliveryNote,
	requestHash: string,
	guard: NegativeGuard,
): Promise<DeliveryNoteView> {
	return replayKept(note, requestHash, {
		// A retry may follow a crash between D1 and the product objects: complete it.
		repair: () => applyDelivery(env, note, guard),
		complete: () => answer(db, note),
		// Answers kept before notes showed lots show none.
		present: (kept) => ({ ...kept, lines: kept.lines.map((l) => ({ ...l, lots: l.lots ?? [] })) }),
	});
}

/** The note as the API shows it, kept as the key's answer the first time. */
async function answer(db: Database, note: DeliveryNote): Promise<DeliveryNoteView> {
	const body = await deliveryNoteView(db, note);
	if (!note.response)
		await db
			.update(deliveryNotes)
			.set({ response: JSON.stringify(body) })
			.where(and(eq(deliveryNotes.id, note.id), eq(deliveryNotes.companyId, note.companyId)));
	return body;
}

/** Cancels a note: its goods go back on hand, the order reserves them again. A repeat changes nothing. */
export async function cancelDelivery(env: Env, companyId: string, noteId: string): Promise<DeliveryNoteView> {
	const db = database(env.DB);
	const orderId = await withOrderRetry(async () => {
		const note = await db.query.deliveryNotes.findFirst({
			where: and(eq(deliveryNotes.companyId, companyId), eq(deliveryNotes.id, noteId)),
		});
		if (!note) throw new AppError("not_found", `No delivery note ${noteId}.`);
		// Already cancelled: nothing to write; its order is applied again below all the same.
		if (note.status === "cancelled") return note.orderId;
		const order = await getOrder(db, companyId, note.orderId);
		const noteDelivered = await noteDeliveredOf(db, companyId, order.id);
		const lines = await db.select().from(deliveryNoteLines).where(eq(deliveryNoteLines.noteId, note.id));
		const state = afterNote(order, noteDelivered, lines, -1);
		await assertNoteWithinBounds(
			db,
			order,
			state,
			{ locationId: note.locationId, lines, sign: -1 },
			`Refused, ${note.number} is not cancelled`,
		);
		const [claim, update] = orderChangeStatements(db, order, state, `delivery:${note.id}:cancelled`);
		await db.batch([
			claim,
			db
				.update(deliveryNotes)
				.set({ status: "cancelled", version: 2, cancelledAt: Date.now() })
				.where(and(eq(deliveryNotes.id, note.id), eq(deliveryNotes.status, "active"))),
			update,
		]);
		return order.id;
	}, orderBusy);
	await applyOrder(env, companyId, orderId, { interactive: true });
	const after = await db.query.deliveryNotes.findFirst({
		where: and(eq(deliveryNotes.companyId, companyId), eq(deliveryNotes.id, noteId)),
	});
	if (!after) throw new Error(`delivery note ${noteId} vanished`);
	return deliveryNoteView(db, after);
}

/**
 * Delivery notes: goods of an order leave a location, fully or in parts; cancelling a note puts
 * them back (and the order reserves them again).
 *
 * A note is one D1 batch — the claim of the order's next version first, the note and its lines,
 * the order's new lines/status/flags — then the order is applied to the product objects. The
 * client's idempotency key is unique per company: the same key and body answer the first answer
 * (re-applying the order first, which completes a write interrupted before its effects).
 */
import { and, eq, max } from "drizzle-orm";
import { ulid } from "ulid";
import { requireActiveLocation } from "../catalogue/locations";
import { AppError, type FieldError } from "../core/app-error";
import { replayKept } from "../core/idempotency";
import { fromScaled, type Scaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import { deliveryNoteLines, deliveryNotes } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import { applyOrder } from "./order-effects";
import { orderState, remainingOf } from "./order-state";
import { getOrder, noteDeliveredOf, type Order, orderBusy, orderChangeStatements, withOrderRetry } from "./order-store";
import { type DeliveryNoteView, deliveryNoteView } from "./order-views";

export type DeliveryInput = {
	locationId?: string;
	lines: { productId: string; quantity: Scaled }[];
	note?: string;
	idempotencyKey: string;
};

type DeliveryNote = typeof deliveryNotes.$inferSelect;

/** Creates a delivery note on an order. `created` false: the key's first answer, replayed. */
export async function createDelivery(
	env: Env,
	companyId: string,
	orderId: string,
	input: DeliveryInput,
): Promise<{ created: boolean; body: DeliveryNoteView }> {
	const db = database(env.DB);
	const recorded = await recordDelivery(env, companyId, orderId, input);
	if (!recorded.created) return { created: false, body: await replay(env, db, recorded.note, recorded.requestHash) };
	await applyOrder(env, companyId, orderId, { interactive: true });
	return { created: true, body: await answer(db, recorded.note) };
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
): Promise<{ created: boolean; note: DeliveryNote; requestHash: string }> {
	const db = database(env.DB);
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

		const id = ulid();
		const [lastSeq] = await db
			.select({ seq: max(deliveryNotes.seq) })
			.from(deliveryNotes)
			.where(eq(deliveryNotes.companyId, companyId));
		const seq = (lastSeq?.seq ?? 0) + 1;
		const [claim, update] = noteChangeStatements(db, order, noteDelivered, input.lines, 1, `delivery:${id}`);
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
			update,
		]);
		const note = await findByKey(db, companyId, input.idempotencyKey);
		if (!note) throw new Error(`delivery note ${id} vanished after its batch`);
		return { created: true, note, requestHash };
	}, orderBusy);
}

/**
 * The claim and the update of `order` when a note's `lines` are delivered (`sign` 1) or put back
 * (−1): its lines, status and flags recomputed from its active notes' totals (`noteDelivered`,
 * changed here) and its documents as they are.
 */
function noteChangeStatements(
	db: Database,
	order: Order,
	noteDelivered: Map<string, Scaled>,
	lines: { productId: string; quantity: Scaled }[],
	sign: 1 | -1,
	cause: string,
) {
	for (const l of lines) noteDelivered.set(l.productId, (noteDelivered.get(l.productId) ?? 0) + sign * l.quantity);
	const state = orderState({
		mode: order.mode,
		documents: order.documents,
		salesQboId: order.salesQboId,
		noteDelivered,
		previousProducts: order.lines.map((l) => l.productId),
	});
	return orderChangeStatements(db, order, { status: state.status, lines: state.lines, flags: state.flags }, cause);
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

async function replay(env: Env, db: Database, note: DeliveryNote, requestHash: string): Promise<DeliveryNoteView> {
	return replayKept(note, requestHash, {
		// A retry may follow a crash between D1 and the product objects: complete it.
		repair: () => applyOrder(env, note.companyId, note.orderId, { interactive: true }),
		complete: () => answer(db, note),
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
		const [claim, update] = noteChangeStatements(db, order, noteDelivered, lines, -1, `delivery:${note.id}:cancelled`);
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

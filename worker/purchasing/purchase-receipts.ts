/**
 * Receiving a purchase, partly or in full: the received quantities rise in D1, then the lines'
 * effects are set on the product objects (received → on hand, the rest stays incoming).
 *
 * Safe to retry: the client's idempotency key is unique per company. The same key and request
 * answer the first answer; a key whose receipt is recorded but was never answered (a crash between
 * D1 and the product objects) re-sends the effects — absolute quantities, so sending them again is
 * harmless — and then answers; the cron does the same for a receipt no one retries (receipt-repair.ts).
 *
 * A receipt makes a Bill in QBO when asked (`createBill`) or, by default, when the company sends
 * purchases to QBO: the bill is queued in the company's sync object (qbo-purchase-queue.ts) and
 * the receipt's quantity is not pushed to QBO — the bill moves QBO's quantity itself, and its echo
 * is recognized (bill-echo.ts). Without a bill the quantity is pushed when stock sync is on.
 *
 * A line of a product tracked by lot may say which lots its quantity goes into (the rest stays
 * unassigned): kept with the receipt (purchase_receipt_lots) and named in the purchase's `set` of
 * that product when the receipt completes — by its own request, its retry or the cron's repair, the
 * same lots each time; a set re-sent at a version already applied moves nothing, lots neither.
 */
import { and, eq, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError } from "../core/app-error";
import { replayKept } from "../core/idempotency";
import { fromScaled, type Scaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import { purchaseReceiptLots, purchaseReceipts, purchases } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import { assertChangesWithinBounds } from "../stock/bounds-precheck";
import type { NamedLot } from "../stock/lot-allocation";
import { assertLotExpiriesAgree, assertLotsAllowed, lotRefusalForLines } from "../stock/lot-requests";
import { isLotRefusal, isQuantityRefusal } from "../stock/product-stock-client";
import { applyPurchaseEffects, type EffectLine, purchaseChanges } from "./purchase-effects";
import { getPurchase, linesOf, type Purchase, purchaseView, receiptQboView } from "./purchase-views";
import { billRequestId } from "./qbo-purchase-bodies";
import { connectedRealm, queuePurchaseDocument, receiptMakesBill } from "./qbo-purchase-client";

/** A lot a receipt line goes into: quantity positive, scaled. */
export type ReceiptLot = { lot: string; expiry?: string; batch?: string; quantity: Scaled };

export type ReceiptInput = {
	/** `lots`: into these lots (Σ ≤ quantity, the rest unassigned); only for products tracked by lot. */
	lines: { productId: string; quantity: Scaled; lots?: ReceiptLot[] }[];
	idempotencyKey: string;
	/** Overrides the company's `purchasesToQbo` for this receipt's bill. */
	createBill?: boolean;
};

type ReceiptAnswer = {
	id: string;
	number: string;
	qboBillId: string | null;
	qboStatus: "pending" | "created" | "failed" | null;
	qboError: string | null;
	lines: { productId: string; quantity: number; lots: { lot: string; expiry: string | null; quantity: number }[] }[];
	purchase: ReturnType<typeof purchaseView>;
};

export async function receivePurchase(
	env: Env,
	companyId: string,
	purchaseId: string,
	input: ReceiptInput,
): Promise<{ created: boolean; body: ReceiptAnswer }> {
	const db = database(env.DB);
	const key = input.idempotencyKey;
	const requestHash = await receiptRequestHash(purchaseId, input.lines, input.createBill);
	// The object's refusal of a lot names the request's field (`lines.<i>.lots.<j>.quantity`).
	const named = (error: unknown) => {
		throw lotRefusalForLines(error, input.lines);
	};
	const before = await findReceipt(db, companyId, key);
	if (before) return replay(env, db, companyId, before, requestHash).catch(named);

	const purchase = await getPurchase(db, companyId, purchaseId);
	if (purchase.status !== "ordered" && purchase.status !== "partially_received")
		throw new AppError("conflict", `A ${purchase.status} purchase cannot be received.`, [
			{ in: "body", field: "status", message: `the purchase is ${purchase.status}` },
		]);
	const purchaseLines = await linesOf(db, companyId, purchaseId);
	const known = new Set(purchaseLines.map((l) => l.productId));
	const unknown = input.lines.flatMap((l, i) =>
		known.has(l.productId) ? [] : [{ in: "body", field: `lines.${i}.productId`, message: "not on this purchase" }],
	);
	if (unknown.length > 0)
		throw new AppError("validation_failed", "The receipt names products not on the purchase.", unknown);
	// Before anything is recorded: a refused receipt does not use up its key.
	await assertReceiptLots(db, companyId, input.lines);
	await assertReceiptWithinBounds(db, purchase, purchaseLines, input.lines);
	const makesBill = await receiptMakesBill(
		db,
		companyId,
		purchase,
		input.lines.map((l) => l.productId),
		input.createBill,
	);

	const id = ulid();
	const now = Date.now();
	// Every statement after the first acts only if the receipt row went in: the purchase was still
	// receivable and the key still free, checked inside the same transaction (a D1 batch).
	const recorded = "EXISTS (SELECT 1 FROM purchase_receipts WHERE id = ?1)";
	await env.DB.batch([
		env.DB.prepare(
			`INSERT OR IGNORE INTO purchase_receipts
			(id, company_id, purchase_id, seq, number, idempotency_key, request_hash, response, qbo_status, created_at)
			SELECT ?1, ?2, ?3, n, printf('RC-%04d', n), ?4, ?5, NULL, ?7, ?6
			FROM (SELECT coalesce(max(seq), 0) + 1 AS n FROM purchase_receipts WHERE company_id = ?2)
			WHERE EXISTS (SELECT 1 FROM purchases WHERE id = ?3 AND company_id = ?2
				AND status IN ('ordered', 'partially_received'))`,
		).bind(id, companyId, purchaseId, key, requestHash, now, makesBill ? "pending" : null),
		...input.lines.flatMap((l) => [
			env.DB.prepare(
				`INSERT INTO purchase_receipt_lines (company_id, receipt_id, product_id, quantity)
				SELECT ?2, ?1, ?3, ?4 WHERE ${recorded}`,
			).bind(id, companyId, l.productId, l.quantity),
			env.DB.prepare(
				`UPDATE purchase_lines SET received = received + ?4
				WHERE company_id = ?2 AND purchase_id = ?3 AND product_id = ?5 AND ${recorded}`,
			).bind(id, companyId, purchaseId, l.quantity, l.productId),
			// The line's lots, one statement whatever their number.
			...(l.lots && l.lots.length > 0
				? [
						env.DB.prepare(
							`INSERT INTO purchase_receipt_lots (company_id, receipt_id, product_id, lot, expiry, batch, quantity, position)
							SELECT ?2, ?1, ?3, json_extract(j.value, '$.lot'), json_extract(j.value, '$.expiry'),
								json_extract(j.value, '$.batch'), json_extract(j.value, '$.quantity'), j.key
							FROM json_each(?4) j WHERE ${recorded}`,
						).bind(id, companyId, l.productId, JSON.stringify(l.lots)),
					]
				: []),
		]),
		env.DB.prepare(
			`UPDATE purchases SET
				status = CASE WHEN EXISTS (SELECT 1 FROM purchase_lines
					WHERE purchase_id = ?3 AND company_id = ?2 AND received < ordered)
					THEN 'partially_received' ELSE 'received' END,
				version = version + 1, updated_at = ?4
			WHERE id = ?3 AND company_id = ?2 AND ${recorded}`,
		).bind(id, companyId, purchaseId, now),
	]);
	const receipt = await findReceipt(db, companyId, key);
	const row = receipt;
	if (!row) {
		const latest = await getPurchase(db, companyId, purchaseId);
		throw new AppError("conflict", `A ${latest.status} purchase cannot be received.`, [
			{ in: "body", field: "status", message: `the purchase is ${latest.status}` },
		]);
	}
	// Someone else's request with the same key won the race: answer as a replay.
	if (row.id !== id) return replay(env, db, companyId, row, requestHash).catch(named);
	return { created: true, body: await completeReceipt(env, db, companyId, row).catch(named) };
}

/**
 * Refuses, before anything is recorded, lots the receipt may not name: on a product not tracked by
 * lot, a new lot without the expiry its product requires (400 naming `lines.<i>.lots…`), another
 * expiry than a known lot has (409 `lot_refused` naming `lines.<i>.lots.<j>.expiry`).
 */
async function assertReceiptLots(db: Database, companyId: string, lines: ReceiptInput["lines"]) {
	for (const [i, line] of lines.entries()) {
		const lots = namedLots(line.lots);
		if (lots.length === 0) continue;
		await assertLotsAllowed(db, companyId, line.productId, lots, true, `lines.${i}.lots`);
		await assertLotExpiriesAgree(db, companyId, line.productId, lots, `lines.${i}.lots`);
	}
}

/** A receipt line's lots as a product object is told them: into the lots (positive). */
function namedLots(
	lots: readonly { lot: string; expiry?: string | null; batch?: string | null; quantity: Scaled }[] | undefined,
): NamedLot[] {
	return (lots ?? []).map((l) => ({
		lot: l.lot,
		expiry: l.expiry ?? null,
		quantity: l.quantity,
		...(l.batch ? { batch: l.batch } : {}),
	}));
}

/**
 * Refuses (422, naming `lines.<i>.quantity`) a receipt whose quantities would pass the bounds at
 * the purchase's location as D1 shows its levels: on hand rises, incoming falls.
 */
async function assertReceiptWithinBounds(
	db: Database,
	purchase: Purchase,
	lines: EffectLine[],
	received: ReceiptInput["lines"],
) {
	const after = lines.map((l) => ({
		...l,
		received: l.received + (received.find((r) => r.productId === l.productId)?.quantity ?? 0),
	}));
	const status = after.some((l) => l.received < l.ordered) ? "partially_received" : "received";
	const index = new Map(received.map((r, i) => [r.productId, i]));
	await assertChangesWithinBounds(
		db,
		purchase.companyId,
		purchaseChanges(
			purchase.locationId,
			{ status: purchase.status, lines },
			{ status, lines: after },
			(productId) => `lines.${index.get(productId) ?? 0}.quantity`,
		),
		`Refused, nothing was received on ${purchase.number}`,
	);
}

/**
 * Undoes a receipt never answered whose stock a product object refused: its lines come off the
 * purchase's received quantities, the receipt goes (its key is free again, its bill never sent), and
 * the purchase's effects are set again at its next version — lines an object had already taken move
 * back. One batch, each statement acting only while the receipt is still there unanswered.
 */
async function undoReceipt(
	env: Env,
	db: Database,
	receipt: typeof purchaseReceipts.$inferSelect,
	purchase: Purchase,
): Promise<void> {
	const unanswered = "EXISTS (SELECT 1 FROM purchase_receipts WHERE id = ?1 AND response IS NULL)";
	const [taken] = await env.DB.batch([
		env.DB.prepare(
			`UPDATE purchase_lines SET received = received - (SELECT quantity FROM purchase_receipt_lines r
				WHERE r.receipt_id = ?1 AND r.product_id = purchase_lines.product_id)
			WHERE company_id = ?2 AND purchase_id = ?3 AND ${unanswered}
				AND product_id IN (SELECT product_id FROM purchase_receipt_lines WHERE receipt_id = ?1)`,
		).bind(receipt.id, receipt.companyId, receipt.purchaseId),
		env.DB.prepare(
			`UPDATE purchases SET
				status = CASE
					WHEN status NOT IN ('partially_received', 'received') THEN status
					WHEN NOT EXISTS (SELECT 1 FROM purchase_lines WHERE purchase_id = ?3 AND company_id = ?2 AND received > 0)
						THEN 'ordered'
					WHEN EXISTS (SELECT 1 FROM purchase_lines WHERE purchase_id = ?3 AND company_id = ?2 AND received < ordered)
						THEN 'partially_received'
					ELSE 'received' END,
				version = version + 1, updated_at = ?4
			WHERE id = ?3 AND company_id = ?2 AND ${unanswered}`,
		).bind(receipt.id, receipt.companyId, receipt.purchaseId, Date.now()),
		env.DB.prepare(`DELETE FROM purchase_receipt_lots WHERE receipt_id = ?1 AND ${unanswered}`).bind(receipt.id),
		env.DB.prepare(`DELETE FROM purchase_receipt_lines WHERE receipt_id = ?1 AND ${unanswered}`).bind(receipt.id),
		env.DB.prepare("DELETE FROM purchase_receipts WHERE id = ?1 AND response IS NULL").bind(receipt.id),
	]);
	// Answered or undone meanwhile: nothing to undo here.
	if (taken?.meta.changes === 0) return;
	const [after] = await db
		.select()
		.from(purchases)
		.where(and(eq(purchases.companyId, receipt.companyId), eq(purchases.id, receipt.purchaseId)));
	if (!after) return;
	await applyPurchaseEffects(env, after, await linesOf(db, receipt.companyId, receipt.purchaseId), {
		kind: "purchase_receipt",
		reason: `${receipt.number} (${purchase.number}) refused, undone`,
		pushOnHand: receipt.qboStatus === null,
	}).catch((error: unknown) => console.error(`receipt ${receipt.id}: undoing a refused receipt failed`, error));
}

/** What makes two receipt requests "the same request" for one idempotency key. */
export function receiptRequestHash(
	purchaseId: string,
	lines: ReceiptInput["lines"],
	createBill?: boolean,
): Promise<string> {
	// Without `createBill` the hash is what it was before the option existed: old keys still match.
	const bill = createBill === undefined ? "" : `\n${createBill}`;
	return sha256Hex(`receipt\n${purchaseId}\n${JSON.stringify(lines)}${bill}`);
}

function findReceipt(db: Database, companyId: string, key: string) {
	return db.query.purchaseReceipts.findFirst({
		where: and(eq(purchaseReceipts.companyId, companyId), eq(purchaseReceipts.idempotencyKey, key)),
	});
}

async function replay(
	env: Env,
	db: Database,
	companyId: string,
	receipt: typeof purchaseReceipts.$inferSelect,
	requestHash: string,
): Promise<{ created: boolean; body: ReceiptAnswer }> {
	const body = await replayKept<ReceiptAnswer>(receipt, requestHash, {
		// Recorded but never answered: finish the job (possibly a concurrent request still doing it — harmless).
		complete: () => completeReceipt(env, db, companyId, receipt),
		// The bill's progress is news, not part of the answer: it is shown as it is now. Answers kept
		// before receipts had lots show none.
		present: (kept) => ({
			...kept,
			lines: kept.lines.map((l) => ({ ...l, lots: l.lots ?? [] })),
			...receiptQboView(receipt),
		}),
	});
	return { created: false, body };
}

/**
 * Sets the effects from the purchase as it is now, then keeps and answers the receipt's answer.
 * Also the cron's repair of receipts left unanswered (receipt-repair.ts).
 */
export async function completeReceipt(
	env: Env,
	db: Database,
	companyId: string,
	receipt: typeof purchaseReceipts.$inferSelect,
): Promise<ReceiptAnswer> {
	const [purchaseRows, lines, receiptLines, receiptLots] = await db.batch([
		db
			.select()
			.from(purchases)
			.where(and(eq(purchases.companyId, companyId), eq(purchases.id, receipt.purchaseId))),
		db.query.purchaseLines.findMany({
			where: (l, { and, eq }) => and(eq(l.companyId, companyId), eq(l.purchaseId, receipt.purchaseId)),
			orderBy: (l, { asc }) => asc(l.position),
		}),
		db.query.purchaseReceiptLines.findMany({
			where: (l, { and, eq }) => and(eq(l.companyId, companyId), eq(l.receiptId, receipt.id)),
		}),
		db
			.select()
			.from(purchaseReceiptLots)
			.where(and(eq(purchaseReceiptLots.companyId, companyId), eq(purchaseReceiptLots.receiptId, receipt.id)))
			.orderBy(purchaseReceiptLots.productId, purchaseReceiptLots.position),
	]);
	const lotsOf = (productId: string) => receiptLots.filter((l) => l.productId === productId);
	// The lots of this receipt's increase, the same however often it is sent.
	const lots = new Map(receiptLines.map((l) => [l.productId, namedLots(lotsOf(l.productId))]));
	const purchase: Purchase | undefined = purchaseRows[0];
	if (!purchase) throw new Error(`receipt ${receipt.id} names no purchase`);
	await applyPurchaseEffects(env, purchase, lines, {
		kind: "purchase_receipt",
		reason: `${receipt.number} (${purchase.number})`,
		pushOnHand: receipt.qboStatus === null,
		lots,
	}).catch(async (error: unknown) => {
		// Refused by a product object on levels (or lots) D1 did not show: applying it again would be
		// refused again, so the receipt is undone instead, as if it had never been recorded.
		if (isLotRefusal(error)) {
			await undoReceipt(env, db, receipt, purchase);
			throw error;
		}
		if (!isQuantityRefusal(error)) throw error;
		await undoReceipt(env, db, receipt, purchase);
		throw new AppError(
			"quantity_out_of_bounds",
			`Refused, ${receipt.number} was not recorded and nothing was received: ${error.detail}`,
			error.errors,
		);
	});
	if (receipt.qboStatus === "pending") {
		const realmId = await connectedRealm(db, companyId);
		if (realmId) await queuePurchaseDocument(env, realmId, billRequestId(receipt.id));
	}
	const body: ReceiptAnswer = {
		id: receipt.id,
		number: receipt.number,
		...receiptQboView(receipt),
		lines: receiptLines.map((l) => ({
			productId: l.productId,
			quantity: fromScaled(l.quantity),
			lots: lotsOf(l.productId).map((n) => ({ lot: n.lot, expiry: n.expiry, quantity: fromScaled(n.quantity) })),
		})),
		purchase: purchaseView(purchase, lines),
	};
	// Kept so that a retry answers exactly this, whatever has changed since.
	await db
		.update(purchaseReceipts)
		.set({ response: JSON.stringify(body) })
		.where(and(eq(purchaseReceipts.id, receipt.id), sql`${purchaseReceipts.response} IS NULL`));
	return body;
}

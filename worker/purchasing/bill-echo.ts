/**
 * The echo of a bill Stockroom created: QBO notifies its creation (webhook, CDC) like any other
 * bill, and document sync would count its quantities on hand a second time — the receipt already
 * did. QBO keeps no trace of our `requestid`, so the bill is recognized by what it does keep:
 * - its Id, once QBO's answer to the create is stored on the receipt (`qbo_bill_id`): this also
 *   covers its later edits and its delete, whose stub carries nothing but the Id;
 * - before that (the webhook can overtake the answer, or the answer was lost and the create is
 *   being retried), the receipt id our `PrivateNote` mark names, for a receipt that expects a bill
 *   and has none yet: the Id is then stored at once, so the rest of the bill's life is recognized
 *   by it, even if someone edits the note in QBO.
 * A bill copied in QBO from ours carries the mark under another Id: it is not ours, and it counts.
 *
 * Such a bill changes no stock here: its goods are the receipt's. (A later edit of its quantities
 * in QBO is QBO's business — valuation — and shows as a difference in QBO's quantity.)
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { database } from "../db/client";
import { purchaseReceipts } from "../db/schema";
import { receiptIdInNote } from "./qbo-purchase-bodies";

/**
 * The receipt (its number, RC-0001) whose bill `bill` (a QBO Bill or its deleted stub) is, when
 * Stockroom created it for one; null for any other bill.
 */
export async function ownBillReceipt(
	env: Env,
	companyId: string,
	bill: { Id: string; PrivateNote?: unknown },
): Promise<{ number: string } | null> {
	const db = database(env.DB);
	// Claimed first, read second: two runs seeing the same bill both find it claimed, by one or the other.
	const receiptId = receiptIdInNote(bill.PrivateNote);
	if (receiptId)
		await db
			.update(purchaseReceipts)
			.set({ qboBillId: bill.Id })
			.where(
				and(
					eq(purchaseReceipts.companyId, companyId),
					eq(purchaseReceipts.id, receiptId),
					isNull(purchaseReceipts.qboBillId),
					isNotNull(purchaseReceipts.qboStatus),
				),
			);
	const [own] = await db
		.select({ number: purchaseReceipts.number })
		.from(purchaseReceipts)
		.where(and(eq(purchaseReceipts.companyId, companyId), eq(purchaseReceipts.qboBillId, bill.Id)))
		.limit(1);
	return own ?? null;
}

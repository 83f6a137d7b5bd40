/**
 * The cron's repair of receipts recorded in D1 but never answered: a crash between the receipt's
 * D1 batch and the product objects leaves its quantities received in D1 but not on hand. The
 * client's retry with the same key completes it (purchase-receipts.ts); this completes the ones no
 * one retries, the same way — the purchase's effects set again (absolute quantities as of its
 * version, so a receipt already applied moves nothing) with the lots the receipt named for its lines
 * (purchase_receipt_lots, the same its own request sends), then its answer kept, which ends the repair.
 * Only receipts older than a grace delay are taken, so that one still under way in its own request
 * is left to finish there (and if both run, the second changes nothing). Bounded per run; the next
 * tick takes the rest. A receipt whose stock a product object refuses (a quantity beyond the bounds, a
 * lot with another expiry) would be refused at every tick: `completeReceipt` undoes it, and the
 * repair says so in its log.
 */
import { and, asc, isNull, lte } from "drizzle-orm";
import { database } from "../db/client";
import { purchaseReceipts } from "../db/schema";
import { isLotRefusal, isQuantityRefusal } from "../stock/product-stock-client";
import { completeReceipt } from "./purchase-receipts";

/** An unanswered receipt younger than this is probably still being completed by its own request. */
export const RECEIPT_REPAIR_AFTER_MS = 60_000;
/** Receipts per cron tick at most. */
const RECEIPT_REPAIR_BATCH = 50;

/**
 * Completes unanswered receipts older than the grace delay (every company); answers how many
 * completed and how many did not (still to complete, or refused and undone).
 */
export async function repairUnansweredReceipts(
	env: Env,
	now = Date.now(),
): Promise<{ completed: number; failed: number }> {
	const db = database(env.DB);
	const stuck = await db
		.select()
		.from(purchaseReceipts)
		.where(and(isNull(purchaseReceipts.response), lte(purchaseReceipts.createdAt, now - RECEIPT_REPAIR_AFTER_MS)))
		.orderBy(asc(purchaseReceipts.createdAt))
		.limit(RECEIPT_REPAIR_BATCH);
	// One at a time: rarely more than a few (a crash each), and each waits for its ledger flushes.
	let failed = 0;
	for (const receipt of stuck)
		try {
			await completeReceipt(env, db, receipt.companyId, receipt);
		} catch (error) {
			failed += 1;
			if (isQuantityRefusal(error) || isLotRefusal(error))
				console.warn(`repair of receipt ${receipt.id} (company ${receipt.companyId}) gave up: ${error.detail}`);
			else console.error(`repair of receipt ${receipt.id} failed`, error);
		}
	return { completed: stuck.length - failed, failed };
}

/**
 * Stock sync to QBO: changes made only in Stockroom (adjustments, counts) are pushed to QBO's
 * company-wide quantity as InventoryAdjustments, so that QBO's QtyOnHand (and its valuation) keep
 * up. Each push is idempotent at QBO (`requestid` = our movement id) and marked in its note, so
 * that when it comes back through CDC it is recognized and not counted again.
 */

import { fromScaled } from "../core/quantity";
import type { syncLog } from "../db/schema";
import { type QboApi, QboApiError } from "../qbo/qbo-api";

/** The mark of our own adjustments in QBO; QBO shows it to the user in the transaction's memo. */
const NOTE_PREFIX = "Stockroom movement ";

export type StockPush = { key: string; qboItemId: string; qtyDiff: number };

/** True for an InventoryAdjustment that Stockroom itself created in QBO. */
export function isOwnAdjustment(json: unknown): boolean {
	const note = (json as { PrivateNote?: unknown } | null)?.PrivateNote;
	return typeof note === "string" && note.startsWith(NOTE_PREFIX);
}

/** The InventoryAdjustment for one push: QtyDiff on one item, against the shrinkage account. */
export function adjustmentBody(push: StockPush, accountId: string) {
	return {
		AdjustAccountRef: { value: accountId },
		PrivateNote: `${NOTE_PREFIX}${push.key}`,
		Line: [
			{
				DetailType: "ItemAdjustmentLineDetail",
				ItemAdjustmentLineDetail: { ItemRef: { value: push.qboItemId }, QtyDiff: fromScaled(push.qtyDiff) },
			},
		],
	};
}

/** QBO's account for inventory adjustments: "Inventory Shrinkage", else any cost-of-goods account. */
export async function adjustmentAccountId(api: QboApi): Promise<string> {
	const [named] = await api.query("Account", "SELECT * FROM Account WHERE Name = 'Inventory Shrinkage'");
	const [cogs] = named
		? [named]
		: await api.query("Account", "SELECT * FROM Account WHERE AccountType = 'Cost of Goods Sold'");
	const id = (named ?? cogs)?.Id;
	if (typeof id !== "string") throw new QboApiError("QBO has no account to post inventory adjustments to", "fatal");
	return id;
}

export type PushOutcome =
	| { key: string; status: "applied"; qboId: string }
	| { key: string; status: "failed"; error: string }
	| { key: string; status: "retry"; afterMs: number };

/** Pushes one change; QBO answers the same adjustment again for the same key. */
export async function pushOne(api: QboApi, push: StockPush, accountId: string): Promise<PushOutcome> {
	try {
		const created = await api.create("InventoryAdjustment", adjustmentBody(push, accountId), push.key);
		return { key: push.key, status: "applied", qboId: String(created.Id) };
	} catch (error) {
		if (error instanceof QboApiError && error.kind !== "fatal")
			return { key: push.key, status: "retry", afterMs: error.afterMs || 30_000 };
		return { key: push.key, status: "failed", error: error instanceof Error ? error.message : String(error) };
	}
}

export type PushLogStatus = (typeof syncLog.$inferInsert)["status"];

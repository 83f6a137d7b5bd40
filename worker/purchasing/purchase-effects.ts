/**
 * A purchase's stock: each line is one effect source `purchase:<id>` on its product at the
 * purchase's location, sent with the purchase's version. The effect carries absolute quantities
 * (received on hand, open quantity incoming), so sending it again — a retry after a crash, a
 * duplicate — changes nothing, and an older version arriving late is ignored by the product object.
 */

import type { Scaled } from "../core/quantity";
import { queueStockPush } from "../qbo/queue-stock-push";
import type { Triple } from "../stock/effects";
import { executeStockCommand } from "../stock/product-stock-client";
import type { MovementKind } from "../stock/stock-command";

export type PurchaseStatus = "draft" | "ordered" | "partially_received" | "received" | "cancelled";

export type EffectLine = { productId: string; ordered: Scaled; received: Scaled };

function purchaseSource(purchaseId: string): string {
	return `purchase:${purchaseId}`;
}

/** Received stock is on hand whatever the status; only an open (ordered, partly received) purchase is incoming. */
function purchaseLineEffect(status: PurchaseStatus, line: EffectLine): Triple {
	const open = status === "ordered" || status === "partially_received";
	return { onHand: line.received, reserved: 0, incoming: open ? Math.max(0, line.ordered - line.received) : 0 };
}

/**
 * Sets the effect of every line as of `version` and waits until the movements are in the ledger.
 * On-hand changes go to QBO's quantity when the company syncs stock — unless `pushOnHand` is
 * false: a receipt with a bill in QBO, whose bill moves QBO's quantity itself.
 */
export async function applyPurchaseEffects(
	env: Env,
	purchase: { companyId: string; id: string; locationId: string; status: PurchaseStatus; version: number },
	lines: EffectLine[],
	movement: { kind: MovementKind; reason: string; pushOnHand?: boolean },
): Promise<void> {
	const { companyId } = purchase;
	await Promise.all(
		lines.map(async (line) => {
			const result = await executeStockCommand(
				env,
				{ companyId, productId: line.productId },
				{
					type: "set",
					source: purchaseSource(purchase.id),
					kind: movement.kind,
					locationId: purchase.locationId,
					effect: purchaseLineEffect(purchase.status, line),
					version: purchase.version,
					reason: movement.reason,
				},
			);
			const [first] = result.movements;
			if (result.outcome !== "applied" || !first || movement.pushOnHand === false) return;
			const qtyDiff = result.movements.reduce((sum, m) => sum + m.delta.onHand, 0);
			await queueStockPush(env, companyId, line.productId, { key: first.id, qtyDiff });
		}),
	);
}

/**
 * A purchase's stock: each line is one effect source `purchase:<id>` on its product at the
 * purchase's location, sent with the purchase's version. The effect carries absolute quantities
 * (received on hand, open quantity incoming), so sending it again — a retry after a crash, a
 * duplicate — changes nothing, and an older version arriving late is ignored by the product object.
 */

import type { Scaled } from "../core/quantity";
import { queueStockPush } from "../qbo/queue-stock-push";
import type { Triple } from "../stock/effects";
import type { NamedLot } from "../stock/lot-allocation";
import { executeStockCommand, isLotRefusal, isQuantityRefusal } from "../stock/product-stock-client";
import type { PlannedChange } from "../stock/quantity-bounds";
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
 * What moving a purchase from `before` to `after` (its status and lines) changes at its location,
 * per product: for the check against the bounds before anything is recorded. `fieldOf` names the
 * request field each product comes from.
 */
export function purchaseChanges(
	locationId: string,
	before: { status: PurchaseStatus; lines: readonly EffectLine[] },
	after: { status: PurchaseStatus; lines: readonly EffectLine[] },
	fieldOf: (productId: string) => string,
): PlannedChange[] {
	const effectOf = (state: typeof before, productId: string): Triple => {
		const line = state.lines.find((l) => l.productId === productId);
		return line ? purchaseLineEffect(state.status, line) : { onHand: 0, reserved: 0, incoming: 0 };
	};
	const products = [...new Set([...before.lines, ...after.lines].map((l) => l.productId))];
	return products.map((productId) => {
		const [was, will] = [effectOf(before, productId), effectOf(after, productId)];
		const delta = { onHand: will.onHand - was.onHand, reserved: 0, incoming: will.incoming - was.incoming };
		return { productId, locationId, delta, field: fieldOf(productId) };
	});
}

/**
 * Sets the effect of every line as of `version` and waits until the movements are in the ledger.
 * On-hand changes go to QBO's quantity when the company syncs stock — unless `pushOnHand` is
 * false: a receipt with a bill in QBO, whose bill moves QBO's quantity itself. `lots`: per product,
 * the lots a receipt's increase of on hand goes into (a set re-sent at the same version moves
 * nothing, its lots neither).
 */
export async function applyPurchaseEffects(
	env: Env,
	purchase: { companyId: string; id: string; locationId: string; status: PurchaseStatus; version: number },
	lines: EffectLine[],
	movement: {
		kind: MovementKind;
		reason: string;
		pushOnHand?: boolean;
		lots?: ReadonlyMap<string, NamedLot[]>;
	},
): Promise<void> {
	const { companyId } = purchase;
	const results = await Promise.allSettled(
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
					...lotsOf(movement.lots, line.productId),
				},
			);
			const [first] = result.movements;
			if (result.outcome !== "applied" || !first || movement.pushOnHand === false) return;
			const qtyDiff = result.movements.reduce((sum, m) => sum + m.delta.onHand, 0);
			await queueStockPush(env, companyId, line.productId, { key: first.id, qtyDiff });
		}),
	);
	// Every line has answered before the caller hears of a failure: an undo never races a line still
	// on its way. A refusal (of the bounds, then of a lot) is told first: it is the one the caller undoes.
	const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
	if (failures.length > 0) throw failures.find(isQuantityRefusal) ?? failures.find(isLotRefusal) ?? failures[0];
}

function lotsOf(lots: ReadonlyMap<string, NamedLot[]> | undefined, productId: string): { lots?: NamedLot[] } {
	const named = lots?.get(productId);
	return named && named.length > 0 ? { lots: named } : {};
}

/**
 * The flows' check of the stock they are about to move against D1's levels, before they record
 * anything: a purchase ordered or received, a delivery note, a QuickBooks document. A change that
 * its product object would refuse (quantity-bounds.ts) is refused here, naming the flow's own
 * field, so that nothing is recorded that could never be applied — no purchase, receipt, note or
 * order left for a repair to retry for ever — and no idempotency key is used up. D1 may lag the
 * objects (sync traffic flushes in the background): the objects check again, and each flow undoes
 * or gives up on what they refuse (see `isQuantityRefusal`, product-stock-client.ts).
 */
import type { Database } from "../db/client";
import { chunk } from "../lib/chunk";
import { ZERO } from "./effects";
import { findLevelRowsQuery } from "./levels";
import { assertPlannedChangesWithinBounds, type PlannedChange } from "./quantity-bounds";

/** Pairs per level query: D1 binds at most 100 parameters. */
const PAIRS_PER_QUERY = 45;

/**
 * Refuses (422 `quantity_out_of_bounds`, naming each change's field, its SKU leading the message)
 * changes that would move a quantity beyond the bounds as D1 shows the levels now; `detail` leads
 * the sentence. Changes that move nothing are not looked up.
 */
export async function assertChangesWithinBounds(
	db: Database,
	companyId: string,
	changes: readonly PlannedChange[],
	detail?: string,
): Promise<void> {
	const moving = changes.filter((c) => c.delta.onHand !== 0 || c.delta.reserved !== 0 || c.delta.incoming !== 0);
	if (moving.length === 0) return;
	const key = (productId: string, locationId: string) => `${productId}/${locationId}`;
	const pairs = new Map(moving.map((c) => [key(c.productId, c.locationId), c]));
	const rows = [];
	for (const part of chunk([...pairs.values()], PAIRS_PER_QUERY))
		rows.push(...(await findLevelRowsQuery(db, companyId, part)));
	const levels = new Map(rows.map((r) => [key(r.productId, r.locationId), r]));
	assertPlannedChangesWithinBounds(
		moving.map((c) => ({ ...c, label: c.label ?? levels.get(key(c.productId, c.locationId))?.sku })),
		(productId, locationId) => levels.get(key(productId, locationId)) ?? ZERO,
		detail,
	);
}

/**
 * What the delivery form proposes to pick: for each line of an order still to deliver whose product
 * is tracked by lot, the lots first-expiry-first-out at the location (expired lots skipped) — the
 * order a product object takes a decrease in when no lot is named (lot-allocation.ts
 * `pickingOrder`) — read from the lots as D1 shows them. A proposal, not a reservation: the note
 * sent with these lots is checked again when it is recorded.
 */
import { and, eq, inArray } from "drizzle-orm";
import { getLocation } from "../catalogue/locations";
import { fromScaled, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { products } from "../db/schema";
import { pickingOrder } from "../stock/lot-allocation";
import { isoDate, lotStockAt } from "../stock/lots";
import { remainingOf } from "./order-state";
import { getOrder } from "./order-store";

export type PickProposal = {
	orderId: string;
	locationId: string;
	lines: {
		productId: string;
		sku: string;
		name: string;
		remaining: number;
		lots: { lot: string; expiry: string | null; quantity: number }[];
		/** What the lots cannot cover: taken from the unassigned rest (or short). */
		unassigned: number;
	}[];
};

/** The proposal for order `orderId` at `locationId` (default: the order's location). */
export async function pickProposal(
	db: Database,
	companyId: string,
	orderId: string,
	locationId?: string,
	now = Date.now(),
): Promise<PickProposal> {
	const order = await getOrder(db, companyId, orderId);
	const at = locationId ?? order.locationId;
	if (locationId !== undefined) await getLocation(db, companyId, locationId);
	const open = order.status === "cancelled" ? [] : order.lines.filter((l) => remainingOf(l) > 0);
	const ids = [...new Set(open.map((l) => l.productId))];
	const tracked =
		ids.length === 0
			? []
			: await db
					.select({ id: products.id, sku: products.sku, name: products.name })
					.from(products)
					.where(
						and(
							eq(products.companyId, companyId),
							inArray(products.tracking, ["lot", "serial"]),
							inArray(products.id, ids),
						),
					);
	const info = new Map(tracked.map((p) => [p.id, p]));
	const stock = await lotStockAt(
		db,
		companyId,
		tracked.map((p) => p.id),
		at,
	);
	const today = isoDate(now);
	const lines = open.flatMap((line) => {
		const product = info.get(line.productId);
		if (!product) return [];
		let rest: Scaled = remainingOf(line);
		const lots: PickProposal["lines"][number]["lots"] = [];
		for (const lot of pickingOrder(stock.get(line.productId) ?? [], today)) {
			if (rest === 0) break;
			const take = Math.min(lot.onHand, rest);
			lots.push({ lot: lot.lot, expiry: lot.expiry, quantity: fromScaled(take) });
			rest -= take;
		}
		return [
			{
				productId: line.productId,
				sku: product.sku,
				name: product.name,
				remaining: fromScaled(remainingOf(line)),
				lots,
				unassigned: fromScaled(rest),
			},
		];
	});
	return { orderId: order.id, locationId: at, lines };
}

/**
 * What QuickBooks' `QtyOnHand` of each inventory item must be, from what Stockroom knows
 * (docs/qbo.md#drift-report): our total on hand at every location, corrected per order for what
 * we took out and QuickBooks did not (or the other way round). Our pushes still waiting are said
 * apart: QuickBooks reaches the expected quantity once they land.
 *
 * Per order line, we took out what delivery notes delivered plus what the invoice shipped itself;
 * QuickBooks took out the ordered quantity while an active invoice or sales receipt governs the
 * order, else nothing (an estimate moves nothing in QuickBooks). So an open invoice reserved until
 * delivery counts −reserved, a delivery made on an estimate alone counts +delivered, and a voided
 * invoice whose goods left counts +delivered — less what the order pushed out of QuickBooks'
 * quantity itself (worker/sales/order-qbo-pushes.ts). Quantities are scaled.
 */
import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { orders, products, stockLevels } from "../db/schema";
import { governingDocument } from "../sales/order-state";

export type ExpectedQuantity = {
	productId: string;
	qboItemId: string;
	sku: string;
	name: string;
	archived: boolean;
	onHand: Scaled;
	ordersCorrection: Scaled;
	pendingPushes: Scaled;
	expected: Scaled;
};

/** The expected quantity of every inventory product linked to a QuickBooks item (or of `only` these items). */
export async function expectedQuantities(
	db: Database,
	companyId: string,
	pendingPushes: ReadonlyMap<string, Scaled>,
	only?: readonly string[],
): Promise<ExpectedQuantity[]> {
	const ours = await db
		.select({
			productId: products.id,
			qboItemId: products.qboId,
			sku: products.sku,
			name: products.name,
			archivedAt: products.archivedAt,
			onHand: sql<number>`coalesce(sum(${stockLevels.onHand}), 0)`,
		})
		.from(products)
		.leftJoin(stockLevels, eq(stockLevels.productId, products.id))
		.where(and(eq(products.companyId, companyId), eq(products.type, "inventory"), isNotNull(products.qboId)))
		.groupBy(products.id);
	const corrections = await ordersCorrection(db, companyId);
	// Filtered here, not in SQL: a repair may name up to 500 items, beyond D1's 100 parameters.
	const wanted = only ? new Set(only) : null;
	return ours.flatMap((p) => {
		if (wanted && !wanted.has(p.qboItemId ?? "")) return [];
		const qboItemId = p.qboItemId ?? "";
		const ordersCorrection = corrections.get(p.productId) ?? 0;
		const pending = pendingPushes.get(qboItemId) ?? 0;
		const expected: ExpectedQuantity = {
			productId: p.productId,
			qboItemId,
			sku: p.sku,
			name: p.name,
			archived: p.archivedAt !== null,
			onHand: p.onHand,
			ordersCorrection,
			pendingPushes: pending,
			expected: p.onHand + ordersCorrection,
		};
		return [expected];
	});
}

/**
 * Per product, Σ over orders of (taken out by us − taken out by QuickBooks). Only orders where the
 * two can differ are read: open ones, flagged ones, and those no invoice governs; a delivered or
 * cancelled invoice order without a flag took out in both what it ordered, or nothing in both.
 */
async function ordersCorrection(db: Database, companyId: string): Promise<Map<string, Scaled>> {
	const rows = await db
		.select({
			lines: orders.lines,
			documents: orders.documents,
			salesQboId: orders.salesQboId,
			qboPushed: orders.qboPushed,
		})
		.from(orders)
		.where(
			and(
				eq(orders.companyId, companyId),
				or(
					inArray(orders.status, ["open", "partially_delivered"]),
					sql`${orders.flags} <> '[]'`,
					sql`${orders.salesQboId} IS NULL`,
					sql`${orders.qboPushed} <> '{}'`,
				),
			),
		);
	const correction = new Map<string, Scaled>();
	for (const order of rows) {
		const governing = governingDocument(order.documents, order.salesQboId);
		const qboTookOut = governing?.status === "active" && governing.type !== "estimate";
		for (const line of order.lines) {
			const ours = line.delivered + line.shipped;
			const theirs = qboTookOut ? line.ordered : 0;
			if (ours !== theirs) correction.set(line.productId, (correction.get(line.productId) ?? 0) + ours - theirs);
		}
		// What the order pushed out of QuickBooks' quantity itself (goods delivered on an estimate).
		for (const [productId, pushed] of Object.entries(order.qboPushed))
			correction.set(productId, (correction.get(productId) ?? 0) - pushed);
	}
	return correction;
}

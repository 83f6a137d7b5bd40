/**
 * What an order is, computed from its documents and its delivery notes (docs/architecture.md#sales-flow).
 * Pure: no env, no I/O. Quantities are scaled integers.
 *
 * The governing document is the order's invoice or sales receipt when it has one (it took the order
 * over from the estimate), else its estimate. Nothing is reserved or delivered twice: the invoice's
 * quantities replace the estimate's, and what delivery notes delivered counts against them.
 */

import type { Scaled } from "../core/quantity";
import type { OrderDocumentRecord, OrderFlagRecord, OrderLineRecord } from "../db/schema";
import { type Triple, ZERO } from "../stock/effects";
import type { PlannedChange } from "../stock/quantity-bounds";

export type OrderMode = "ship_on_invoice" | "reserve_until_delivery";
export type OrderStatus = "open" | "partially_delivered" | "delivered" | "cancelled";

export type OrderStateInput = {
	mode: OrderMode;
	/** The order's documents: at most one estimate; the invoice/sales receipt named by `salesQboId`. */
	documents: readonly OrderDocumentRecord[];
	salesQboId: string | null;
	/** Σ of active delivery notes per product. */
	noteDelivered: ReadonlyMap<string, Scaled>;
	/** Products already on the order: they keep a line (ordered 0) so that their effect goes to zero. */
	previousProducts: readonly string[];
};

export type OrderState = {
	status: OrderStatus;
	lines: OrderLineRecord[];
	flags: OrderFlagRecord[];
	/** The document whose quantities are ordered, if any. */
	governing: OrderDocumentRecord | null;
};

/** The estimate of an order, if it has one. */
function estimateOf(documents: readonly OrderDocumentRecord[]): OrderDocumentRecord | undefined {
	return documents.find((d) => d.type === "estimate");
}

/** The invoice or sales receipt that governs the order, if it has one. */
export function salesDocumentOf(
	documents: readonly OrderDocumentRecord[],
	salesQboId: string | null,
): OrderDocumentRecord | undefined {
	return salesQboId === null ? undefined : documents.find((d) => d.type !== "estimate" && d.qboId === salesQboId);
}

/**
 * The governing document: the sales document while it is active; an estimate reopened after its
 * invoice was deleted or voided governs again (QBO reopens it); otherwise the sales document, else
 * the estimate.
 */
export function governingDocument(
	documents: readonly OrderDocumentRecord[],
	salesQboId: string | null,
): OrderDocumentRecord | null {
	const sales = salesDocumentOf(documents, salesQboId);
	const estimate = estimateOf(documents);
	if (sales?.status === "active") return sales;
	if (estimate?.status === "active") return estimate;
	return sales ?? estimate ?? null;
}

/**
 * Lines, status and flags of an order. Per product: ordered = the governing document's quantity
 * while it is active, else 0; shipped (ship on invoice, governed by an active invoice or sales
 * receipt) = what notes have not delivered; reserved = what is neither delivered nor shipped, never
 * negative; delivered (shown) = notes + shipped.
 *
 * @example orderState({ mode: "reserve_until_delivery", documents, salesQboId: "130", noteDelivered, previousProducts: [] })
 */
export function orderState(input: OrderStateInput): OrderState {
	const governing = governingDocument(input.documents, input.salesQboId);
	const active = governing?.status === "active";
	const ships = active && input.mode === "ship_on_invoice" && governing.type !== "estimate";

	const orderedBy = new Map<string, Scaled>();
	const kitsBy = new Map<string, OrderLineRecord["kits"]>();
	for (const line of governing?.lines ?? []) {
		orderedBy.set(line.productId, (orderedBy.get(line.productId) ?? 0) + (active ? line.quantity : 0));
		kitsBy.set(line.productId, line.kits);
	}
	const products = unique([
		...(governing?.lines ?? []).map((l) => l.productId),
		...input.previousProducts,
		...input.noteDelivered.keys(),
	]);

	const lines: OrderLineRecord[] = [];
	const flags: OrderFlagRecord[] = [];
	for (const productId of products) {
		const ordered = Math.max(0, orderedBy.get(productId) ?? 0);
		const delivered = input.noteDelivered.get(productId) ?? 0;
		const shipped = ships ? Math.max(0, ordered - delivered) : 0;
		const reserved = Math.max(0, ordered - delivered - shipped);
		lines.push({ productId, ordered, delivered, shipped, reserved, kits: kitsBy.get(productId) ?? [] });
		if (delivered > ordered && active) flags.push({ code: "over_delivered", productId, quantity: delivered - ordered });
	}
	const anyDelivered = lines.some((l) => l.delivered > 0);
	if (governing && !active && anyDelivered) {
		const code =
			governing.status === "voided"
				? "voided_after_delivery"
				: governing.status === "deleted"
					? "deleted_after_delivery"
					: "closed_after_delivery";
		flags.push({ code, qboId: governing.qboId });
	}
	return { status: statusOf(active, lines), lines, flags, governing };
}

function statusOf(active: boolean, lines: readonly OrderLineRecord[]): OrderStatus {
	if (!active) return "cancelled";
	const owed = lines.filter((l) => l.ordered > 0);
	if (owed.length > 0 && owed.every((l) => l.delivered + l.shipped >= l.ordered)) return "delivered";
	if (lines.some((l) => l.delivered + l.shipped > 0)) return "partially_delivered";
	return "open";
}

/** The order's own effect on one product at its location: what the invoice shipped, and what it reserves. */
export function orderLineEffect(line: Pick<OrderLineRecord, "shipped" | "reserved">): Triple {
	return { ...ZERO, onHand: line.shipped === 0 ? 0 : -line.shipped, reserved: line.reserved };
}

/** A delivery note's effect on one of its products: out of on hand while active, nothing once cancelled. */
export function deliveryLineEffect(status: "active" | "cancelled", quantity: Scaled): Triple {
	return { ...ZERO, onHand: status === "active" && quantity !== 0 ? -quantity : 0 };
}

/**
 * What an order's own effect changes, per product, when it goes from `before` (as D1 holds it; none
 * for a new order) to `after`: for the check against the bounds before the change is recorded. An
 * order that moves keeps nothing where it was.
 */
export function orderChanges(
	before: { locationId: string; lines: readonly OrderLineRecord[] } | null,
	after: { locationId: string; lines: readonly OrderLineRecord[] },
	fieldOf: (productId: string) => string,
): PlannedChange[] {
	const effectOf = (state: typeof after | null, productId: string): Triple => {
		const line = state?.lines.find((l) => l.productId === productId);
		return line ? orderLineEffect(line) : ZERO;
	};
	const products = [...new Set([...(before?.lines ?? []), ...after.lines].map((l) => l.productId))];
	return products.flatMap((productId) => {
		const [was, will] = [effectOf(before, productId), effectOf(after, productId)];
		const field = fieldOf(productId);
		if (!before || before.locationId === after.locationId)
			return [{ productId, locationId: after.locationId, delta: difference(will, was), field }];
		return [
			{ productId, locationId: before.locationId, delta: difference(ZERO, was), field },
			{ productId, locationId: after.locationId, delta: will, field },
		];
	});
}

function difference(a: Triple, b: Triple): Triple {
	return { onHand: a.onHand - b.onHand, reserved: a.reserved - b.reserved, incoming: a.incoming - b.incoming };
}

/** What is still to deliver on a line: ordered − delivered (notes and invoice), never negative. */
export function remainingOf(line: Pick<OrderLineRecord, "ordered" | "delivered" | "shipped">): Scaled {
	return Math.max(0, line.ordered - line.delivered - line.shipped);
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}

/**
 * A small, obviously-correct model of the business flows on top of the ledger (docs/architecture.md#flows), written
 * without any of the app's code: what each purchase, receipt, order, delivery note and build means
 * for on hand, reserved and incoming per product × location. The flows property test drives the
 * real API and this model with the same steps and compares.
 *
 * Quantities are scaled integers (×10 000), as the ledger keeps them.
 */

export type Triple = { onHand: number; reserved: number; incoming: number };

type PurchaseStatus = "draft" | "ordered" | "partially_received" | "received" | "cancelled";
type ModelPurchase = {
	locationId: string;
	status: PurchaseStatus;
	lines: Map<string, { ordered: number; received: number }>;
};

type ModelOrder = { locationId: string; ordered: Map<string, number>; voided: boolean };
type ModelNote = { order: number; locationId: string; lines: Map<string, number>; cancelled: boolean };
type ModelBuild = { locationId: string; moves: Map<string, number> };

const key = (productId: string, locationId: string) => `${productId}@${locationId}`;
const OPEN: PurchaseStatus[] = ["ordered", "partially_received"];

export class FlowsModel {
	private readonly adjustments = new Map<string, number>();
	readonly purchases: ModelPurchase[] = [];
	readonly orders: ModelOrder[] = [];
	readonly notes: ModelNote[] = [];
	private readonly builds: ModelBuild[] = [];

	adjust(productId: string, locationId: string, quantity: number): void {
		const k = key(productId, locationId);
		this.adjustments.set(k, (this.adjustments.get(k) ?? 0) + quantity);
	}

	draft(locationId: string, lines: { productId: string; quantity: number }[]): number {
		const map = new Map(lines.map((l) => [l.productId, { ordered: l.quantity, received: 0 }]));
		return this.purchases.push({ locationId, status: "draft", lines: map }) - 1;
	}

	/** Whether ordering purchase `i` is allowed (asking for the status it has is); if so, it is ordered. */
	orderPurchase(i: number): boolean {
		const p = this.purchase(i);
		if (p.status !== "draft" && p.status !== "ordered") return false;
		p.status = "ordered";
		return true;
	}

	cancelPurchase(i: number): boolean {
		const p = this.purchase(i);
		if (p.status === "received") return false;
		p.status = "cancelled";
		return true;
	}

	/** Whether receiving is allowed; if so, the quantities are received (more than ordered too). */
	receivePurchase(i: number, lines: { productId: string; quantity: number }[]): boolean {
		const p = this.purchase(i);
		if (!OPEN.includes(p.status)) return false;
		for (const l of lines) {
			const line = p.lines.get(l.productId);
			if (!line) throw new Error("model: receipt of a product not on the purchase");
			line.received += l.quantity;
		}
		p.status = [...p.lines.values()].some((l) => l.received < l.ordered) ? "partially_received" : "received";
		return true;
	}

	/** The purchases that can be received now (`open`), or that are drafts. */
	purchasesThatAre(which: "open" | "draft"): number[] {
		const statuses: PurchaseStatus[] = which === "open" ? OPEN : ["draft"];
		return this.purchases.flatMap((p, i) => (statuses.includes(p.status) ? [i] : []));
	}

	/** An invoice (reserve-until-delivery mode) now orders these quantities; returns its index. */
	invoice(locationId: string, lines: Map<string, number>): number {
		return this.orders.push({ locationId, ordered: new Map(lines), voided: false }) - 1;
	}

	/** The invoice was edited: its quantities are now these. */
	editInvoice(i: number, lines: Map<string, number>): void {
		this.salesOrder(i).ordered = new Map(lines);
	}

	voidInvoice(i: number): void {
		this.salesOrder(i).voided = true;
	}

	/** What is still to deliver of product `productId` on order `i` (never negative). */
	remaining(i: number, productId: string): number {
		const o = this.salesOrder(i);
		if (o.voided) return 0;
		return Math.max(0, (o.ordered.get(productId) ?? 0) - this.delivered(i, productId));
	}

	deliver(i: number, locationId: string, lines: Map<string, number>): number {
		return this.notes.push({ order: i, locationId, lines: new Map(lines), cancelled: false }) - 1;
	}

	cancelNote(n: number): void {
		const note = this.notes[n];
		if (!note) throw new Error(`model: no delivery note ${n}`);
		note.cancelled = true;
	}

	/** A build (positive) or an unbuild (negative) of `quantity` assemblies made of `perUnit`. */
	build(productId: string, locationId: string, quantity: number, perUnit: Map<string, number>): void {
		const moves = new Map<string, number>([[productId, quantity]]);
		for (const [component, per] of perUnit)
			moves.set(component, (moves.get(component) ?? 0) - Math.round((quantity * per) / 10_000));
		this.builds.push({ locationId, moves });
	}

	/** On hand − reserved of a product at a location. */
	available(productId: string, locationId: string): number {
		const t = this.levels().get(key(productId, locationId));
		return t ? t.onHand - t.reserved : 0;
	}

	/** Levels per `productId@locationId`; untouched pairs are absent (read as zero). */
	levels(): Map<string, Triple> {
		const out = new Map<string, Triple>();
		const add = (productId: string, locationId: string, delta: Partial<Triple>) => {
			const k = key(productId, locationId);
			const t = out.get(k) ?? { onHand: 0, reserved: 0, incoming: 0 };
			t.onHand += delta.onHand ?? 0;
			t.reserved += delta.reserved ?? 0;
			t.incoming += delta.incoming ?? 0;
			out.set(k, t);
		};
		for (const [k, q] of this.adjustments) {
			const [productId = "", locationId = ""] = k.split("@");
			add(productId, locationId, { onHand: q });
		}
		for (const p of this.purchases)
			for (const [productId, l] of p.lines)
				add(productId, p.locationId, {
					onHand: l.received,
					incoming: OPEN.includes(p.status) ? Math.max(0, l.ordered - l.received) : 0,
				});
		this.orders.forEach((o, i) => {
			for (const productId of o.ordered.keys())
				add(productId, o.locationId, { reserved: this.remaining(i, productId) });
		});
		for (const n of this.notes)
			if (!n.cancelled) for (const [productId, q] of n.lines) add(productId, n.locationId, { onHand: -q });
		for (const b of this.builds) for (const [productId, q] of b.moves) add(productId, b.locationId, { onHand: q });
		return out;
	}

	/** One line of order `i` as a user sees it: ordered (0 once voided), delivered, reserved. */
	orderLine(i: number, productId: string): { ordered: number; delivered: number; reserved: number } {
		const o = this.salesOrder(i);
		return {
			ordered: o.voided ? 0 : (o.ordered.get(productId) ?? 0),
			delivered: this.delivered(i, productId),
			reserved: this.remaining(i, productId),
		};
	}

	private delivered(i: number, productId: string): number {
		let sum = 0;
		for (const n of this.notes) if (n.order === i && !n.cancelled) sum += n.lines.get(productId) ?? 0;
		return sum;
	}

	private purchase(i: number): ModelPurchase {
		const p = this.purchases[i];
		if (!p) throw new Error(`model: no purchase ${i}`);
		return p;
	}

	private salesOrder(i: number): ModelOrder {
		const o = this.orders[i];
		if (!o) throw new Error(`model: no order ${i}`);
		return o;
	}
}

/**
 * The tests' own reference of what stock must be, by docs/architecture.md#the-stock-model, written
 * without any of the app's code: per location and inventory SKU, opening stock (at the default
 * location) plus the current effect of every live document.
 *
 * - Invoice, SalesReceipt: on hand −q (`ship_on_invoice`) or reserved +q (`reserve_until_delivery`);
 * - Estimate, when estimates create orders: reserved +q while Pending or Accepted (a converted one is
 *   Closed: the invoice made from it holds the order); otherwise nothing;
 * - CreditMemo, RefundReceipt, Bill, Purchase: on hand +q (a Purchase that is a credit −q);
 * - VendorCredit: on hand −q;
 * - at the location of the document's department, else the default location;
 * - a bundle moves its inventory components (q × the component's quantity), never itself;
 * - services and non-inventory items move nothing; a voided or deleted document moves nothing.
 *
 * Beside it, QBO's own company-wide QtyOnHand, which invoices always take out and estimates never
 * touch: the invariant of docs/architecture.md#who-owns-what says QtyOnHand = on hand − what invoices
 * and sales receipts reserve.
 * Checking the simulator's quantity against it checks this reference too.
 *
 * Quantities are summed as integers ×10 000, as the ledger does: no float drift in the expectation.
 */
import {
	type CatalogueItem,
	DEFAULT_LOCATION,
	type DocLine,
	type DocSpec,
	type Level,
	type OrderMode,
} from "./stack.ts";

const SCALE = 10_000;
const scaled = (q: number) => Math.round(q * SCALE);

type Expected = Pick<Level, "onHand" | "reserved">;
type Effect = { onHand: number; reserved: number; qbo: number };

export type ReferenceSettings = {
	orderMode?: OrderMode;
	estimatesCreateOrders?: boolean;
	defaultLocation?: string;
};

export class StockReference {
	/** Document key → its current effect per `itemId@location` (scaled). */
	private readonly effects = new Map<string, Map<string, Effect>>();
	private readonly catalogue: ReadonlyMap<string, CatalogueItem>;
	private readonly settings: Required<ReferenceSettings>;

	constructor(catalogue: ReadonlyMap<string, CatalogueItem>, settings: ReferenceSettings = {}) {
		this.catalogue = catalogue;
		this.settings = {
			orderMode: settings.orderMode ?? "ship_on_invoice",
			estimatesCreateOrders: settings.estimatesCreateOrders ?? false,
			defaultLocation: settings.defaultLocation ?? DEFAULT_LOCATION,
		};
	}

	/** The document `key` now reads `spec` (created or edited). */
	set(key: string, spec: DocSpec): void {
		const effect = new Map<string, Effect>();
		const location = spec.department ?? this.settings.defaultLocation;
		const rule = this.rule(spec);
		for (const { item, qty } of this.inventoryLines(spec.lines)) {
			const at = `${item}@${location}`;
			const current = effect.get(at) ?? { onHand: 0, reserved: 0, qbo: 0 };
			const q = scaled(qty);
			effect.set(at, {
				onHand: current.onHand + rule.onHand * q,
				reserved: current.reserved + rule.reserved * q,
				qbo: current.qbo + rule.qbo * q,
			});
		}
		this.effects.set(key, effect);
	}

	/** The document `key` was voided or deleted: it moves nothing any more. */
	clear(key: string): void {
		this.effects.delete(key);
	}

	/** Expected on hand and reserved per inventory SKU at a location (the default unless named). */
	expected(location = this.settings.defaultLocation): Map<string, Expected> {
		const out = new Map<string, Expected>();
		for (const item of this.inventory()) {
			let onHand = location === this.settings.defaultLocation ? scaled(item.qtyOnHand) : 0;
			let reserved = 0;
			for (const effect of this.effects.values()) {
				onHand += effect.get(`${item.id}@${location}`)?.onHand ?? 0;
				reserved += effect.get(`${item.id}@${location}`)?.reserved ?? 0;
			}
			out.set(item.sku ?? item.name, { onHand: onHand / SCALE, reserved: reserved / SCALE });
		}
		return out;
	}

	/** What QBO's company-wide QtyOnHand must be per inventory SKU. */
	expectedQboQuantity(): Map<string, number> {
		const out = new Map<string, number>();
		for (const item of this.inventory()) {
			let qty = scaled(item.qtyOnHand);
			for (const effect of this.effects.values())
				for (const [at, e] of effect) if (at.startsWith(`${item.id}@`)) qty += e.qbo;
			out.set(item.sku ?? item.name, qty / SCALE);
		}
		return out;
	}

	private inventory(): CatalogueItem[] {
		return [...this.catalogue.values()].filter((item) => item.type === "Inventory");
	}

	/** Per unit of quantity: what the document does to on hand and reserved here, and to QBO's quantity. */
	private rule(spec: DocSpec): Effect {
		const none = { onHand: 0, reserved: 0, qbo: 0 };
		switch (spec.type) {
			case "Invoice":
			case "SalesReceipt":
				return this.settings.orderMode === "reserve_until_delivery"
					? { onHand: 0, reserved: 1, qbo: -1 }
					: { onHand: -1, reserved: 0, qbo: -1 };
			case "Estimate": {
				const open = spec.status === undefined || spec.status === "Pending" || spec.status === "Accepted";
				return this.settings.estimatesCreateOrders && open ? { onHand: 0, reserved: 1, qbo: 0 } : none;
			}
			case "Purchase":
				return spec.credit ? { onHand: -1, reserved: 0, qbo: -1 } : { onHand: 1, reserved: 0, qbo: 1 };
			case "VendorCredit":
				return { onHand: -1, reserved: 0, qbo: -1 };
			case "CreditMemo":
			case "RefundReceipt":
			case "Bill":
				return { onHand: 1, reserved: 0, qbo: 1 };
		}
	}

	/** Lines reduced to inventory items: bundles expanded, everything else dropped. */
	private inventoryLines(lines: readonly DocLine[]): DocLine[] {
		return lines.flatMap((line) => {
			const item = this.catalogue.get(line.item);
			if (!item) throw new Error(`item ${line.item} is not in the catalogue`);
			if (item.type === "Group")
				return this.inventoryLines(item.components.map((c) => ({ item: c.item, qty: c.qty * line.qty })));
			return item.type === "Inventory" ? [line] : [];
		});
	}
}

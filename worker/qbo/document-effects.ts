/**
 * From one QBO document to the stock commands it implies (docs/architecture.md#effects,
 * docs/architecture.md#flows). Pure: the caller reads the document, the catalogue, the settings and the
 * stored copy of the document, applies the commands through the product objects, then writes the
 * returned record to `qbo_documents`.
 *
 * Each (document, product) pair is one source, `qbo:<EntityType>:<Id>`, in that product's object;
 * its effect is restated in full at every version, so duplicates and reordering change nothing.
 * The stored lines are what lets an edit zero a product the document no longer has, and a delete
 * (QBO leaves only an Id) tombstone every product the document had.
 */

import type { Scaled } from "../core/quantity";
import type { companySettings, products, qboDocuments } from "../db/schema";
import { type Triple, ZERO } from "../stock/effects";
import type { MovementKind, StockCommand } from "../stock/stock-command";
import { isDeletedStub, type QboDocumentRead, type QboDocumentType } from "./document-entities";
import { versionFromSyncToken } from "./entity-fields";
import { multiplyScaled } from "./qbo-decimal";
import { stockLinesOf } from "./stock-lines";

type CompanySettings = typeof companySettings.$inferSelect;
type ProductType = (typeof products.$inferSelect)["type"];
type QboDocumentRow = typeof qboDocuments.$inferSelect;

/** The settings that change what a document does to stock. */
export type StockSettings = Pick<CompanySettings, "orderMode" | "estimatesCreateOrders">;

/** One component of a kit, per kit. */
export type KitComponent = { productId: string; type: ProductType; quantity: Scaled };

/**
 * What the catalogue knows of a QBO item. A kit carries its components: they are used only when
 * QBO sent a bundle line without its nested component lines.
 */
export type CatalogueItem =
	| { productId: string; type: Exclude<ProductType, "kit"> }
	| { productId: string; type: "kit"; components: readonly KitComponent[] };

/** One product of a document as stored in `qbo_documents.lines` (quantity scaled, signed as in QBO). */
export type StoredLine = QboDocumentRow["lines"][number];

export type DocumentStatus = QboDocumentRow["status"];

/** The `qbo_documents` row of the document as last applied, if any. */
export type StoredDocument = { syncToken: number; status: DocumentStatus; lines: readonly StoredLine[] };

export type DocumentEffectsInput = QboDocumentRead & {
	settings: StockSettings;
	/** QBO item id → catalogue entry, for every item the document names (see `stockLinesOf`). */
	items: ReadonlyMap<string, CatalogueItem>;
	/** The document's location: its DepartmentRef's location, else the company's default. */
	locationId: string;
	previous?: StoredDocument | null;
};

/** A stock command for one product's object. */
export type ProductCommand = {
	productId: string;
	command: Extract<StockCommand, { type: "set" } | { type: "delete" }>;
};

/** What the caller writes to `qbo_documents` once the commands are applied. */
export type DocumentRecord =
	| {
			entityType: QboDocumentType;
			qboId: string;
			status: "active" | "voided";
			syncToken: number;
			docNumber: string | null;
			departmentId: string | null;
			locationId: string;
			linked: { txnType: string; txnId: string }[];
			/** The products that may hold an effect of this document: the ones to zero or delete later. */
			lines: StoredLine[];
	  }
	| {
			entityType: QboDocumentType;
			qboId: string;
			status: "deleted";
			/** The last SyncToken seen (0 if the document was never seen): a stub has none. */
			syncToken: number;
			lines: [];
	  };

export type DocumentEffects =
	| {
			outcome: "apply";
			commands: ProductCommand[];
			record: DocumentRecord;
			/** QBO item ids missing from `items`: left out, not guessed. Fetch them and map again. */
			unknownItems: string[];
			/** QBO item ids whose quantity had more than 4 decimals and was rounded. */
			roundedItems: string[];
	  }
	/** Older than the stored version, or the document is already deleted: nothing to do. */
	| { outcome: "stale" };

const KIND: Record<QboDocumentType, MovementKind> = {
	Invoice: "invoice",
	SalesReceipt: "sales_receipt",
	Estimate: "estimate",
	CreditMemo: "credit_memo",
	RefundReceipt: "refund_receipt",
	Bill: "bill",
	Purchase: "purchase",
	VendorCredit: "vendor_credit",
	PurchaseOrder: "purchase_order",
	InventoryAdjustment: "inventory_adjustment",
};

/** The stock source of a document in each product object it touches. */
export function documentSource(entityType: QboDocumentType, qboId: string): string {
	return `qbo:${entityType}:${qboId}`;
}

/**
 * The stock commands one QBO document implies now, and the record to store for it.
 *
 * Per line quantity q of an inventory product (kits through their components; non-inventory and
 * service items never move stock): Invoice and SalesReceipt on hand −q (`ship_on_invoice`) or
 * reserved +q (`reserve_until_delivery`); Estimate reserved +q when estimates create orders and it
 * is Pending or Accepted and not yet turned into an invoice; CreditMemo, RefundReceipt, Bill and
 * Purchase on hand +q (a credit-card credit −q); VendorCredit on hand −q; InventoryAdjustment on hand
 * +QtyDiff; PurchaseOrder nothing. A voided document has no effect; a deleted one tombstones every
 * product it had. A version older than `previous` (or anything after a delete) is `stale`; the same
 * version again gives the same commands. Apply the commands before writing the record: a retry
 * from the old record repeats them harmlessly, whereas a record written first would forget the
 * products this version dropped.
 *
 * Invoices, sales receipts and estimates feed orders instead (sales/order-sync.ts), which own their
 * stock: their commands here are what the order of such a document alone moves, and
 * test/worker/orders-state.test.ts holds the two equal.
 *
 * @example
 * const out = documentEffects({ entityType: "Invoice", document, settings, items, locationId, previous });
 * if (out.outcome === "apply") { await applyAll(out.commands); await saveDocument(out.record); }
 */
export function documentEffects(input: DocumentEffectsInput): DocumentEffects {
	const { entityType, document, previous } = input;
	if (previous?.status === "deleted") return { outcome: "stale" };
	const source = documentSource(entityType, document.Id);
	const kind = KIND[entityType];

	if (isDeletedStub(document)) {
		const commands = uniqueLines(previous?.lines ?? []).map(
			({ productId }): ProductCommand => ({
				productId,
				command: { type: "delete", source, kind, reason: `QBO ${entityType} ${document.Id} deleted` },
			}),
		);
		const record: DocumentRecord = {
			entityType,
			qboId: document.Id,
			status: "deleted",
			syncToken: previous?.syncToken ?? 0,
			lines: [],
		};
		return { outcome: "apply", commands, record, unknownItems: [], roundedItems: [] };
	}

	const syncToken = Number(document.SyncToken);
	if (previous && syncToken < previous.syncToken) return { outcome: "stale" };

	const voided = isVoided(document);
	const effectOf = voided ? null : effectRule(input);
	const resolved = resolveQuantities(stockLinesOf(document), input.items);
	const moved = effectOf
		? [...resolved.quantities]
				.filter(([, quantity]) => quantity !== 0)
				.map(([productId, quantity]) => ({ productId, quantity, effect: effectOf(quantity) }))
		: [];

	const version = versionFromSyncToken(document.SyncToken);
	const reason = `QBO ${entityType} ${document.DocNumber ?? document.Id}${voided ? " voided" : ""}`;
	const set = (productId: string, effect: Triple): ProductCommand => ({
		productId,
		command: { type: "set", source, kind, locationId: input.locationId, effect, version, reason },
	});
	const current = new Set(moved.map((m) => m.productId));
	const dropped = uniqueLines(previous?.lines ?? []).filter((l) => !current.has(l.productId));
	const commands = [
		...moved.map((m) => set(m.productId, m.effect)),
		// Products the document no longer moves (line removed, item changed, voided): back to zero.
		...dropped.map((l) => set(l.productId, ZERO)),
	];
	const lines: StoredLine[] = moved.map(({ productId, quantity }) => ({ productId, quantity }));
	// The same version again (a retry, or a new mapping after a settings change): a product object
	// that holds this version refuses it as stale and keeps its effect, so its line must stay stored
	// for the next version or a delete to undo it.
	if (previous?.syncToken === syncToken) lines.push(...dropped);

	const record: DocumentRecord = {
		entityType,
		qboId: document.Id,
		status: voided ? "voided" : "active",
		syncToken,
		docNumber: document.DocNumber ?? null,
		departmentId: document.DepartmentRef?.value ?? null,
		locationId: input.locationId,
		linked: (document.LinkedTxn ?? []).map((t) => ({ txnType: t.TxnType, txnId: t.TxnId })),
		lines,
	};
	return {
		outcome: "apply",
		commands,
		record,
		unknownItems: resolved.unknownItems,
		roundedItems: resolved.roundedItems,
	};
}

/**
 * What sending `commands` (from `documentEffects`) would move, per product and location, as far as
 * the stored record tells what the product objects hold of the document: its previous version's
 * lines under the same rule, at `previousLocationId`. None when the same version comes again (the
 * objects refuse it as stale). For the check against the bounds before anything is sent; the
 * objects check again. Not for the documents that feed orders: their orders' lines say that.
 */
export function documentChanges(
	input: DocumentEffectsInput,
	previousLocationId: string | null,
	commands: readonly ProductCommand[],
): { productId: string; locationId: string; delta: Triple }[] {
	const { document, previous } = input;
	if (previous && !isDeletedStub(document) && Number(document.SyncToken) === previous.syncToken) return [];
	const rule = effectRule(input);
	const held = new Map<string, Triple>();
	if (previous?.status === "active" && rule)
		for (const line of uniqueLines(previous.lines)) held.set(line.productId, rule(line.quantity));
	return commands.flatMap(({ productId, command }) => {
		const was = held.get(productId) ?? ZERO;
		const undo = previousLocationId ? [{ productId, locationId: previousLocationId, delta: negate(was) }] : [];
		if (command.type === "delete") return undo;
		if (command.locationId !== previousLocationId)
			return [...undo, { productId, locationId: command.locationId, delta: command.effect }];
		const { effect } = command;
		const delta = {
			onHand: effect.onHand - was.onHand,
			reserved: effect.reserved - was.reserved,
			incoming: effect.incoming - was.incoming,
		};
		return [{ productId, locationId: command.locationId, delta }];
	});
}

function negate(t: Triple): Triple {
	return { onHand: -t.onHand, reserved: -t.reserved, incoming: -t.incoming };
}

/**
 * QBO keeps a voided document with its Id, zeroes its amounts and quantities, and prefixes its
 * private note with "Voided" (docs/qbo.md#void-and-delete); there is no status field. Both signs are required, so
 * a note that merely starts with the word does not void a document that still has a total.
 */
export function isVoided(document: { PrivateNote?: string | null; TotalAmt?: number | null }): boolean {
	return (document.PrivateNote ?? "").startsWith("Voided") && (document.TotalAmt ?? 0) === 0;
}

/** How a quantity q of one product on this document turns into an effect; null: no stock effect. */
function effectRule(input: DocumentEffectsInput): ((q: Scaled) => Triple) | null {
	const onHand = (q: Scaled): Triple => ({ ...ZERO, onHand: q });
	const onHandOut = (q: Scaled): Triple => ({ ...ZERO, onHand: q === 0 ? 0 : -q });
	const reserve = (q: Scaled): Triple => ({ ...ZERO, reserved: q });
	switch (input.entityType) {
		case "Invoice":
		case "SalesReceipt":
			// In reserve mode a delivery note (worker/sales) turns the reservation into a movement.
			return input.settings.orderMode === "ship_on_invoice" ? onHandOut : reserve;
		case "Estimate": {
			if (isDeletedStub(input.document) || !input.settings.estimatesCreateOrders) return null;
			const status = input.document.TxnStatus ?? "Pending";
			// Once QBO links the invoice made from it, the invoice holds the order: nothing twice.
			const converted = (input.document.LinkedTxn ?? []).some((t) => t.TxnType === "Invoice");
			return (status === "Pending" || status === "Accepted") && !converted ? reserve : null;
		}
		case "CreditMemo":
		case "RefundReceipt":
		case "Bill":
			return onHand;
		case "Purchase":
			// A credit-card credit is a refund from the supplier: the goods went back.
			return !isDeletedStub(input.document) && input.document.Credit === true ? onHandOut : onHand;
		case "VendorCredit":
			return onHandOut;
		case "InventoryAdjustment":
			// q is QtyDiff, signed.
			return onHand;
		case "PurchaseOrder":
			// No stock effect for now: Stockroom's own purchases raise incoming; QBO's POs are not
			// mirrored until purchasing links them to receipts (a bill linked to a PO must not be
			// counted as both incoming and received).
			return null;
	}
}

/** Stock lines per QBO item → quantities per inventory product; kits expanded to components. */
export function resolveQuantities(
	stockLines: ReturnType<typeof stockLinesOf>,
	items: ReadonlyMap<string, CatalogueItem>,
): { quantities: Map<string, Scaled>; unknownItems: string[]; roundedItems: string[] } {
	const quantities = new Map<string, Scaled>();
	const unknownItems: string[] = [];
	const roundedItems: string[] = [];
	const add = (productId: string, q: Scaled) => quantities.set(productId, (quantities.get(productId) ?? 0) + q);
	for (const line of stockLines) {
		if (!line.exact) roundedItems.push(line.qboItemId);
		const item = items.get(line.qboItemId);
		if (!item) unknownItems.push(line.qboItemId);
		else if (item.type === "inventory") add(item.productId, line.quantity);
		else if (item.type === "kit")
			for (const c of item.components)
				if (c.type === "inventory") add(c.productId, multiplyScaled(line.quantity, c.quantity));
	}
	return { quantities, unknownItems, roundedItems };
}

/** One line per product (stored lines are, but a hand-edited row may not be). */
function uniqueLines(lines: readonly StoredLine[]): StoredLine[] {
	const seen = new Set<string>();
	return lines.filter((l) => !seen.has(l.productId) && seen.add(l.productId));
}

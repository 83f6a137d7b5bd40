/**
 * Property: however a document is edited (lines added, removed, re-itemed, re-quantified, moved,
 * voided), folding the commands of its versions leaves exactly what its last version alone
 * implies; after a delete nothing is left. In SyncToken order, and in any order with duplicates
 * (the stored record then turns older versions away).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StockSettings } from "../../../worker/qbo/document-effects";
import type { QboDocumentType } from "../../../worker/qbo/document-entities";
import {
	deletedStub,
	makeBill,
	makeCreditMemo,
	makeEstimate,
	makeInventoryAdjustment,
	makeInvoice,
	makePurchase,
	makePurchaseOrder,
	makeRefundReceipt,
	makeSalesReceipt,
	makeVendorCredit,
	type TransactionOptions,
} from "../../fixtures/qbo/documents";
import {
	adjustmentLine,
	descriptionLine,
	expenseLine,
	groupLine,
	type QboJson,
	salesLine,
	subTotalLine,
} from "../../fixtures/qbo/lines";
import { ITEM, SyncFold } from "./helpers";

const SALES_TYPES = ["Invoice", "SalesReceipt", "Estimate", "CreditMemo", "RefundReceipt"] as const;
const VOIDABLE: readonly QboDocumentType[] = ["Invoice", "SalesReceipt", "CreditMemo", "RefundReceipt", "Purchase"];
const LOCATIONS = ["loc-a", "loc-b", "loc-c"];
/** Inventory, service, non-inventory, a kit, and an item the catalogue does not know. */
const ITEM_POOL = [ITEM.pump, ITEM.fountain, ITEM.rocks, ITEM.concrete, ITEM.lighting, ITEM.deluxe, "999"];

const entityTypeArb = fc.constantFrom<QboDocumentType>(
	"Invoice",
	"SalesReceipt",
	"Estimate",
	"CreditMemo",
	"RefundReceipt",
	"Bill",
	"Purchase",
	"VendorCredit",
	"PurchaseOrder",
	"InventoryAdjustment",
);

/** Up to 4 decimals; negative ones too (QBO allows negative lines, and QtyDiff is signed). */
const qtyArb = fc.integer({ min: -20_000, max: 300_000 }).map((scaled) => scaled / 10_000);

const lineArb = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.record({ kind: fc.constant("item" as const), item: fc.constantFrom(...ITEM_POOL), qty: qtyArb }),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant("bundle" as const),
			qty: qtyArb,
			nested: fc.option(fc.array(fc.record({ item: fc.constantFrom(...ITEM_POOL), qty: qtyArb }), { maxLength: 3 }), {
				nil: undefined,
			}),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant("inert" as const) }) },
);

const versionArb = fc.record({
	gap: fc.integer({ min: 1, max: 3 }),
	lines: fc.array(lineArb, { maxLength: 5 }),
	location: fc.nat(LOCATIONS.length - 1),
	status: fc.constantFrom("Pending", "Accepted", "Closed", "Rejected"),
	convertedToInvoice: fc.boolean(),
	credit: fc.boolean(),
});

const scenarioArb = fc.record({
	entityType: entityTypeArb,
	settings: fc.record({
		orderMode: fc.constantFrom<StockSettings["orderMode"]>("ship_on_invoice", "reserve_until_delivery"),
		estimatesCreateOrders: fc.boolean(),
	}),
	firstSyncToken: fc.nat(2),
	versions: fc.array(versionArb, { minLength: 1, maxLength: 6 }),
	/** Versions from this index on are voided (QBO cannot un-void). */
	voidFrom: fc.option(fc.nat(5), { nil: undefined }),
	deleted: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;
type Version = Scenario["versions"][number];
type Message = { json: QboJson; location: string };

function lineJson(entityType: QboDocumentType, line: Version["lines"][number]): QboJson {
	const sales = (SALES_TYPES as readonly string[]).includes(entityType);
	if (line.kind === "inert") return sales ? descriptionLine() : subTotalLine();
	if (entityType === "InventoryAdjustment")
		return adjustmentLine(line.kind === "item" ? line.item : ITEM.pump, line.kind === "item" ? line.qty : line.qty);
	if (line.kind === "bundle") {
		// Bundles only exist on sales documents; elsewhere the kit is an ordinary item line.
		if (!sales) return expenseLine(ITEM.deluxe, line.qty);
		return groupLine(
			ITEM.deluxe,
			line.qty,
			line.nested?.map((n) => salesLine(n.item, n.qty)),
		);
	}
	return sales ? salesLine(line.item, line.qty) : expenseLine(line.item, line.qty);
}

function documentJson(s: Scenario, v: Version, syncToken: number, voided: boolean): QboJson {
	const options: TransactionOptions = {
		id: "130",
		syncToken,
		lines: v.lines.map((l) => lineJson(s.entityType, l)),
		...(voided ? { voided: "drop-qty" as const } : {}),
	};
	switch (s.entityType) {
		case "Invoice":
			return makeInvoice(options);
		case "SalesReceipt":
			return makeSalesReceipt(options);
		case "Estimate":
			return makeEstimate({
				...options,
				status: v.status,
				linked: v.convertedToInvoice ? [{ TxnId: "131", TxnType: "Invoice" }] : [],
			});
		case "CreditMemo":
			return makeCreditMemo(options);
		case "RefundReceipt":
			return makeRefundReceipt(options);
		case "Bill":
			return makeBill(options);
		case "Purchase":
			return makePurchase({ ...options, paymentType: v.credit ? "CreditCard" : "Check", credit: v.credit });
		case "VendorCredit":
			return makeVendorCredit(options);
		case "PurchaseOrder":
			return makePurchaseOrder(options);
		case "InventoryAdjustment":
			return makeInventoryAdjustment(options);
	}
}

/** The scenario's versions as QBO would answer them, in SyncToken order. */
function versionsOf(s: Scenario): Message[] {
	let syncToken = s.firstSyncToken - 1;
	return s.versions.map((v, i) => {
		syncToken += v.gap;
		const voided = VOIDABLE.includes(s.entityType) && s.voidFrom !== undefined && i >= s.voidFrom;
		return { json: documentJson(s, v, syncToken, voided), location: LOCATIONS[v.location] ?? "loc-a" };
	});
}

/** What the last version implies on its own, seen by a caller that never saw the others. */
function lastVersionAlone(s: Scenario, versions: Message[]) {
	const fold = new SyncFold(s.settings);
	const last = versions.at(-1);
	if (last) fold.receive(s.entityType, last.json, last.location);
	return fold.levels();
}

describe("documentEffects over a document's history", () => {
	it("ends, in SyncToken order, where the last version alone would be; a delete ends at zero", () => {
		fc.assert(
			fc.property(scenarioArb, (s) => {
				const versions = versionsOf(s);
				const fold = new SyncFold(s.settings);
				for (const v of versions) expect(fold.receive(s.entityType, v.json, v.location).outcome).toBe("apply");
				expect(fold.levels()).toEqual(lastVersionAlone(s, versions));
				if (s.deleted) {
					fold.receive(s.entityType, deletedStub("130"));
					expect(fold.levels()).toEqual({});
				}
			}),
			{ seed: 2024, numRuns: 500 },
		);
	});

	it("ends there too when versions arrive reordered and duplicated", () => {
		const withOrderArb = scenarioArb.chain((s) => {
			const count = s.versions.length + (s.deleted ? 1 : 0);
			const indices = Array.from({ length: count }, (_, i) => i);
			return fc.record({
				s: fc.constant(s),
				order: fc
					.tuple(
						fc.shuffledSubarray(indices, { minLength: count, maxLength: count }),
						fc.array(fc.nat(count - 1), { maxLength: 4 }),
					)
					.chain(([all, dupes]) => fc.shuffledSubarray([...all, ...dupes], { minLength: all.length + dupes.length })),
			});
		});
		fc.assert(
			fc.property(withOrderArb, ({ s, order }) => {
				const versions = versionsOf(s);
				const messages: Message[] = s.deleted
					? [...versions, { json: deletedStub("130"), location: "loc-a" }]
					: versions;
				const fold = new SyncFold(s.settings);
				for (const i of order) {
					const m = messages[i];
					if (m) fold.receive(s.entityType, m.json, m.location);
				}
				expect(fold.levels()).toEqual(s.deleted ? {} : lastVersionAlone(s, versions));
			}),
			{ seed: 2025, numRuns: 500 },
		);
	});
});

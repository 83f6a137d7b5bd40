/**
 * The pure rules of an order (worker/sales/order-state.ts): what is ordered, shipped, reserved and
 * delivered per product from its documents and delivery notes, its status and its flags — by
 * example, and as properties over any documents and notes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OrderDocumentRecord } from "../../worker/db/schema";
import { orderDocumentOf } from "../../worker/sales/order-documents";
import { type OrderMode, orderLineEffect, orderState, remainingOf } from "../../worker/sales/order-state";
import { makeEstimate, makeInvoice, makeSalesReceipt } from "../fixtures/qbo/documents";
import { groupLine, salesLine } from "../fixtures/qbo/lines";
import { applied, ITEM, ITEMS, mapDocument, read } from "./qbo-mappers/helpers";

const Q = 10_000;

function doc(
	type: OrderDocumentRecord["type"],
	qboId: string,
	status: OrderDocumentRecord["status"],
	lines: Record<string, number>,
): OrderDocumentRecord {
	return {
		type,
		qboId,
		docNumber: null,
		status,
		locationId: "loc",
		lines: Object.entries(lines).map(([productId, q]) => ({ productId, quantity: q * Q, kits: [] })),
	};
}

function state(
	mode: OrderMode,
	documents: OrderDocumentRecord[],
	salesQboId: string | null,
	notes: Record<string, number> = {},
	previousProducts: string[] = [],
) {
	return orderState({
		mode,
		documents,
		salesQboId,
		noteDelivered: new Map(Object.entries(notes).map(([p, q]) => [p, q * Q])),
		previousProducts,
	});
}

const line = (s: ReturnType<typeof state>, productId: string) => {
	const l = s.lines.find((x) => x.productId === productId);
	return l && { ordered: l.ordered / Q, delivered: l.delivered / Q, shipped: l.shipped / Q, reserved: l.reserved / Q };
};

describe("order state by example", () => {
	it("ship on invoice: an invoice ships what notes have not delivered", () => {
		const invoice = doc("invoice", "1", "active", { p: 5 });
		expect(line(state("ship_on_invoice", [invoice], "1"), "p")).toEqual({
			ordered: 5,
			delivered: 0,
			shipped: 5,
			reserved: 0,
		});
		const estimate = doc("estimate", "9", "closed", { p: 5 });
		const s = state("ship_on_invoice", [estimate, invoice], "1", { p: 2 });
		expect(line(s, "p")).toEqual({ ordered: 5, delivered: 2, shipped: 3, reserved: 0 });
		expect(s.status).toBe("delivered");
		expect(orderLineEffect(s.lines[0] ?? { shipped: 0, reserved: 0 })).toEqual({
			onHand: -3 * Q,
			reserved: 0,
			incoming: 0,
		});
	});

	it("an estimate reserves, even in ship-on-invoice mode, until notes deliver it", () => {
		const s = state("ship_on_invoice", [doc("estimate", "9", "active", { p: 5 })], null, { p: 2 });
		expect(line(s, "p")).toEqual({ ordered: 5, delivered: 2, shipped: 0, reserved: 3 });
		expect(s.status).toBe("partially_delivered");
	});

	it("an invoice edited below what was delivered: reserved 0, the excess flagged", () => {
		const s = state("reserve_until_delivery", [doc("invoice", "1", "active", { p: 2 })], "1", { p: 3 });
		expect(line(s, "p")).toEqual({ ordered: 2, delivered: 3, shipped: 0, reserved: 0 });
		expect(s.flags).toEqual([{ code: "over_delivered", productId: "p", quantity: 1 * Q }]);
		expect(s.status).toBe("delivered");
	});

	it("a product dropped from the document keeps a line at zero so its effect is undone", () => {
		const s = state("reserve_until_delivery", [doc("invoice", "1", "active", { q: 1 })], "1", {}, ["p"]);
		expect(line(s, "p")).toEqual({ ordered: 0, delivered: 0, shipped: 0, reserved: 0 });
	});

	it("the invoice deleted, a reopened estimate governs again; closed, the order is cancelled", () => {
		const invoice = doc("invoice", "1", "deleted", { p: 5 });
		const reopened = state("ship_on_invoice", [doc("estimate", "9", "active", { p: 4 }), invoice], "1");
		expect(reopened.governing?.qboId).toBe("9");
		expect(line(reopened, "p")).toEqual({ ordered: 4, delivered: 0, shipped: 0, reserved: 4 });
		const closed = state("ship_on_invoice", [doc("estimate", "9", "closed", { p: 4 }), invoice], "1", { p: 1 });
		expect(closed.status).toBe("cancelled");
		expect(closed.flags).toEqual([{ code: "deleted_after_delivery", qboId: "1" }]);
	});
});

describe("order state, for any documents and notes", () => {
	const products = ["a", "b", "c"];
	const quantities = fc.dictionary(fc.constantFrom(...products), fc.integer({ min: 0, max: 50 }), { maxKeys: 3 });
	const status = fc.constantFrom<OrderDocumentRecord["status"]>("active", "closed", "voided", "deleted");
	const input = fc.record({
		mode: fc.constantFrom<OrderMode>("ship_on_invoice", "reserve_until_delivery"),
		estimate: fc.option(fc.record({ status, lines: quantities })),
		sales: fc.option(
			fc.record({
				status: fc.constantFrom<OrderDocumentRecord["status"]>("active", "voided", "deleted"),
				lines: quantities,
			}),
		),
		notes: quantities,
		previous: fc.subarray(products),
	});

	it("never reserves or ships below zero, never counts a unit twice, and flags what left without an order", () => {
		fc.assert(
			fc.property(input, ({ mode, estimate, sales, notes, previous }) => {
				const documents = [
					...(estimate
						? [doc("estimate", "9", estimate.status === "voided" ? "closed" : estimate.status, estimate.lines)]
						: []),
					...(sales ? [doc("invoice", "1", sales.status, sales.lines)] : []),
				];
				const s = state(mode, documents, sales ? "1" : null, notes, previous);
				const active = s.governing?.status === "active";
				for (const l of s.lines) {
					expect(l.reserved).toBeGreaterThanOrEqual(0);
					expect(l.shipped).toBeGreaterThanOrEqual(0);
					// What the order holds (shipped + reserved) plus what notes delivered never exceeds
					// what is ordered, unless notes alone already delivered more.
					expect(l.delivered + l.shipped + l.reserved).toBe(Math.max(l.ordered, l.delivered));
					expect(remainingOf(l)).toBe(l.reserved);
					if (!active) expect(l.ordered + l.shipped + l.reserved).toBe(0);
				}
				// Every product ever on the order, delivered or ordered keeps a line.
				for (const p of [...previous, ...Object.keys(notes)]) expect(s.lines.some((l) => l.productId === p)).toBe(true);
				const delivered = s.lines.some((l) => l.delivered > 0);
				expect(s.flags.some((f) => f.code !== "over_delivered")).toBe(!active && delivered && s.governing !== null);
				expect(s.status === "cancelled").toBe(!active);
			}),
		);
	});
});

describe("an order made of one document", () => {
	const lineArb = fc.oneof(
		fc.record({
			item: fc.constantFrom(ITEM.pump, ITEM.fountain, ITEM.rocks, ITEM.installation, ITEM.lighting),
			qty: fc.integer({ min: 1, max: 40 }).map((n) => n / 4),
		}),
		fc.record({ item: fc.constant(ITEM.deluxe), qty: fc.integer({ min: 1, max: 5 }) }),
	);
	const toLine = ({ item, qty }: { item: string; qty: number }) =>
		item === ITEM.deluxe
			? groupLine(item, qty, [
					salesLine(ITEM.pump, qty),
					salesLine(ITEM.fountain, qty),
					salesLine(ITEM.lighting, 2 * qty),
				])
			: salesLine(item, qty);
	const documentArb = fc.record({
		type: fc.constantFrom("Invoice", "SalesReceipt", "Estimate") as fc.Arbitrary<
			"Invoice" | "SalesReceipt" | "Estimate"
		>,
		mode: fc.constantFrom<OrderMode>("ship_on_invoice", "reserve_until_delivery"),
		lines: fc.array(lineArb, { maxLength: 5 }),
		status: fc.constantFrom("Pending", "Accepted", "Closed", "Rejected"),
		voided: fc.boolean(),
	});

	it("moves exactly what the document mapper says the document alone moves", () => {
		fc.assert(
			fc.property(documentArb, ({ type, mode, lines, status, voided }) => {
				const options = {
					id: "42",
					lines: lines.map(toLine),
					...(voided && type !== "Estimate" ? { voided: "drop-qty" as const } : {}),
				};
				const json =
					type === "Invoice"
						? makeInvoice(options)
						: type === "SalesReceipt"
							? makeSalesReceipt(options)
							: makeEstimate({ ...options, status });
				const settings = { orderMode: mode, estimatesCreateOrders: true };
				const expected = Object.fromEntries(
					applied(mapDocument(type, json, { settings }))
						.commands.flatMap((c) => (c.command.type === "set" ? [[c.productId, c.command.effect] as const] : []))
						.filter(([, e]) => e.onHand !== 0 || e.reserved !== 0),
				);
				const part = orderDocumentOf(read(type, json), ITEMS, "loc");
				const state = orderState({
					mode,
					documents: [part],
					salesQboId: type === "Estimate" ? null : "42",
					noteDelivered: new Map(),
					previousProducts: [],
				});
				const actual = Object.fromEntries(
					state.lines
						.map((l) => [l.productId, orderLineEffect(l)] as const)
						.filter(([, e]) => e.onHand !== 0 || e.reserved !== 0),
				);
				expect(actual).toEqual(expected);
			}),
		);
	});
});

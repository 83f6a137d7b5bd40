/**
 * GET /movements/{id}/lots: the lots a movement's source holds at its location now, what a re-pick
 * form starts from. Read off the ledger under the source — every movement of it there, re-picks
 * included — and whether a re-pick may change it; a movement at a location the caller does not have
 * is not found, as GET /movements leaves it out.
 */
import { describe, expect, it } from "vitest";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { roleToken } from "./access-fixtures";
import { adjust, expectProblem, type Schemas } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";
import { salesCompany, sync } from "./orders-fixtures";

type MovementLots = Schemas["MovementLots"];
const key = () => `movement-lots-${crypto.randomUUID()}`;

async function lotsOf(co: TestCompany, movementId: string | null | undefined) {
	const res = await co.api.get(`/api/v1/movements/${movementId}/lots`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<MovementLots>();
}

async function movementsOf(co: TestCompany, productId: string) {
	const res = await co.api.get(`/api/v1/movements?productId=${productId}&limit=100`);
	return res.json<{ items: Schemas["Movement"][] }>().items;
}

describe("the lots a movement's source holds", () => {
	it("answers an invoice's lots first-expiry-first-out, then as re-picked, and what came from the unassigned rest", async () => {
		const { co, ids } = await salesCompany({ orderMode: "ship_on_invoice" });
		const [a = ""] = co.locationIds;
		expect((await co.api.patch(`/api/v1/products/${ids.PUMP}`, { tracking: "lot" })).status).toBe(200);
		const received = await co.api.post("/api/v1/adjustments", {
			productId: ids.PUMP,
			locationId: a,
			quantity: 4,
			lots: [
				{ lot: "SOON", expiry: "2098-01-31", quantity: 2 },
				{ lot: "LATER", expiry: "2099-01-31", quantity: 2 },
			],
			idempotencyKey: key(),
		});
		expect(received.status, JSON.stringify(received.body)).toBe(201);
		// 5 leave: both lots, then 1 from the 25 unassigned.
		await sync(co, "Invoice", makeInvoice({ id: "170", docNumber: "1070", lines: [salesLine("11", 5)] }));
		const invoice = (await movementsOf(co, ids.PUMP)).find((m) => m.kind === "invoice");
		const before = await lotsOf(co, invoice?.id);
		expect(before).toEqual({
			movementId: invoice?.id,
			productId: ids.PUMP,
			locationId: a,
			source: "qbo:Invoice:170",
			kind: "invoice",
			tracking: "lot",
			repickable: true,
			taken: 5,
			lots: [
				{ lot: "SOON", expiry: "2098-01-31", batch: null, quantity: 2 },
				{ lot: "LATER", expiry: "2099-01-31", batch: null, quantity: 2 },
			],
			unassigned: 1,
		});

		// Re-picked: 1 of LATER, the rest unassigned. The answer follows, from the first movement as from the re-pick's.
		const repicked = await co.api.post("/api/v1/lots/repicks", {
			movementId: invoice?.id,
			locationId: a,
			lots: [{ lot: "LATER", quantity: 1 }],
			idempotencyKey: key(),
		});
		expect(repicked.status, JSON.stringify(repicked.body)).toBe(201);
		const after = await lotsOf(co, invoice?.id);
		expect(after).toMatchObject({
			taken: 5,
			lots: [{ lot: "LATER", quantity: 1 }],
			unassigned: 4,
			repickable: true,
		});
		const repickMovement = repicked.json<Schemas["StockCommandResult"]>().movementId;
		expect(await lotsOf(co, repickMovement)).toMatchObject({
			kind: "lot_repick",
			source: "qbo:Invoice:170",
			lots: [{ lot: "LATER", quantity: 1 }],
			repickable: false,
		});

		// The invoice reduced to 1: it holds what it still took.
		await sync(co, "Invoice", makeInvoice({ id: "170", docNumber: "1070", syncToken: 1, lines: [salesLine("11", 1)] }));
		const reduced = await lotsOf(co, invoice?.id);
		expect(reduced.taken).toBe(1);
		expect(reduced.lots.reduce((sum, l) => sum + l.quantity, 0) + reduced.unassigned).toBe(1);
	});

	it("says what cannot be re-picked: an untracked product, stock that came in, a transfer; unknown or elsewhere is not found", async () => {
		const co = await makeCompany({ locations: 2, products: 2 });
		const [tracked = "", plain = ""] = co.productIds;
		const [a = "", b = ""] = co.locationIds;
		await co.api.patch(`/api/v1/products/${tracked}`, { tracking: "lot" });
		const inLot = await co.api.post("/api/v1/adjustments", {
			productId: tracked,
			locationId: a,
			quantity: 3,
			lots: [{ lot: "L1", quantity: 3 }],
			idempotencyKey: key(),
		});
		const received = inLot.json<Schemas["StockCommandResult"]>().movementId;
		expect(await lotsOf(co, received)).toMatchObject({ tracking: "lot", taken: 0, lots: [], repickable: false });

		const out = await adjust(co, tracked, a, -2);
		expect(await lotsOf(co, out.movementId)).toMatchObject({
			kind: "adjustment",
			taken: 2,
			lots: [{ lot: "L1", quantity: 2 }],
			unassigned: 0,
			repickable: true,
		});

		await adjust(co, plain, a, 5);
		const plainOut = await adjust(co, plain, a, -1);
		expect(await lotsOf(co, plainOut.movementId)).toMatchObject({
			tracking: "none",
			taken: 1,
			lots: [],
			unassigned: 1,
			repickable: false,
		});

		const moved = await co.api.post("/api/v1/transfers", {
			productId: tracked,
			fromLocationId: a,
			toLocationId: b,
			quantity: 1,
			idempotencyKey: key(),
		});
		expect(moved.status, JSON.stringify(moved.body)).toBe(201);
		const legs = (await movementsOf(co, tracked)).filter((m) => m.kind === "transfer");
		const fromLeg = legs.find((m) => m.locationId === a);
		const toLeg = legs.find((m) => m.locationId === b);
		expect(await lotsOf(co, fromLeg?.id)).toMatchObject({
			taken: 1,
			lots: [{ lot: "L1", quantity: 1 }],
			repickable: false,
		});

		expectProblem(await co.api.get("/api/v1/movements/no-such-movement/lots"), 404, "not_found");
		const other = await makeCompany({ locations: 1, products: 0 });
		expectProblem(await other.api.get(`/api/v1/movements/${out.movementId}/lots`), 404, "not_found");
		// Staff limited to A: the leg at A is theirs, the one at B is not found.
		const { api: staffAtA } = await roleToken(co, "staff", [a]);
		expect((await staffAtA.get(`/api/v1/movements/${fromLeg?.id}/lots`)).status).toBe(200);
		expectProblem(await staffAtA.get(`/api/v1/movements/${toLeg?.id}/lots`), 404, "not_found");
		expectProblem(await co.api.get(`/api/v1/movements/${out.movementId}/lots?extra=1`), 400, "validation_failed");
	});
});

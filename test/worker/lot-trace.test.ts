/**
 * Traceability through the API and the real product objects (docs/architecture.md#traceability): a
 * lot received from a vendor, transferred, delivered to two customers (one by a delivery note, one
 * shipped on its invoice) is traced forward to both and back to the vendor's receipt; its recall
 * names both customers, as JSON and as CSV, by lot or by vendor and dates; a lot assigned from
 * unassigned stock says so; a cell built into a hose built into a pump is traced through both
 * builds, both ways, and recalled to the pump's customer; a caller limited to a location sees only
 * its ledger; bad queries name their field.
 */
import { describe, expect, it } from "vitest";
import { createProducts } from "../../worker/catalogue/products";
import { vendors } from "../../worker/db/schema";
import { updateSettings } from "../../worker/settings/company-settings";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { roleToken } from "./access-fixtures";
import { expectProblem, type Schemas } from "./api-checks";
import { db, type TestCompany } from "./helpers";
import { deliver, orderOf, salesCompany, sync } from "./orders-fixtures";

type Trace = Schemas["LotTrace"];
type Recall = Schemas["Recall"];

const key = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

async function ok<T>(promise: Promise<{ status: number; body: unknown; json: <U>() => U }>, status = 200): Promise<T> {
	const res = await promise;
	expect(res.status, JSON.stringify(res.body)).toBe(status);
	return res.json<T>();
}

function trace(co: TestCompany, productId: string, lot: string, api = co.api) {
	return ok<Trace>(api.get(`/api/v1/products/${productId}/lots/${encodeURIComponent(lot)}/trace`));
}

/**
 * Pumps tracked by lot at two locations; a purchase from "Acme Pumps" received into R-1 (10) at
 * A; 4 of R-1 moved to B; 3 delivered by note DN to "Sonnenschein Family Store" (invoice 1050,
 * reserve until delivery) and 2 shipped on invoice 1051 to "Bayside Bikes" (ship on invoice).
 */
async function deliveredLot() {
	const shop = await salesCompany({ orderMode: "reserve_until_delivery" }, 2);
	const { co, ids } = shop;
	const [a = "", b = ""] = co.locationIds;
	await ok(co.api.patch(`/api/v1/products/${ids.PUMP}`, { tracking: "lot" }));
	const vendorId = `v-${crypto.randomUUID()}`;
	await db.insert(vendors).values({ id: vendorId, companyId: co.companyId, name: "Acme Pumps" });
	const draft = await ok<{ id: string; version: number }>(
		co.api.post("/api/v1/purchases", { vendorId, locationId: a, lines: [{ productId: ids.PUMP, quantity: 10 }] }),
		201,
	);
	await ok(co.api.patch(`/api/v1/purchases/${draft.id}`, { version: draft.version, status: "ordered" }));
	const receipt = await ok<{ id: string; number: string }>(
		co.api.post(`/api/v1/purchases/${draft.id}/receipts`, {
			lines: [{ productId: ids.PUMP, quantity: 10, lots: [{ lot: "R-1", expiry: "2099-06-30", quantity: 10 }] }],
			idempotencyKey: key("rc"),
		}),
		201,
	);
	await ok(
		co.api.post("/api/v1/transfers", {
			productId: ids.PUMP,
			fromLocationId: a,
			toLocationId: b,
			quantity: 4,
			lots: [{ lot: "R-1", quantity: 4 }],
			idempotencyKey: key("tr"),
		}),
		201,
	);
	await sync(co, "Invoice", makeInvoice({ id: "150", docNumber: "1050", lines: [salesLine("11", 3)] }));
	const first = await orderOf(co, "150");
	const note = await ok<{ id: string; number: string }>(
		deliver(co, first.id, [{ productId: ids.PUMP, quantity: 3 }]),
		201,
	);
	await updateSettings(db, co.companyId, { orderMode: "ship_on_invoice" });
	await sync(co, "Invoice", {
		...makeInvoice({ id: "151", docNumber: "1051", lines: [salesLine("11", 2)] }),
		CustomerRef: { value: "31", name: "Bayside Bikes" },
	});
	const second = await orderOf(co, "151");
	return { ...shop, a, b, vendorId, purchaseId: draft.id, receipt, first, second, note };
}

describe("the trace of a lot", () => {
	it("goes forward to both customers and back to the vendor's receipt; says where the lot is now and what it went through", async () => {
		const { co, ids, a, b, vendorId, purchaseId, receipt, first, second, note } = await deliveredLot();
		const t = await trace(co, ids.PUMP, "R-1");

		expect(t.lot).toMatchObject({ productId: ids.PUMP, lot: "R-1", sku: "PUMP", expiry: "2099-06-30", side: "root" });
		expect(t.locations).toEqual(
			[
				{ locationId: a, onHand: 1 },
				{ locationId: b, onHand: 4 },
			].sort((x, y) => (x.locationId < y.locationId ? -1 : 1)),
		);
		expect(t.onHand).toBe(5);
		expect(t.truncated).toBe(false);

		// Backward: the purchase's receipt, from the vendor.
		const origins = t.edges.filter((e) => e.flow === "in");
		expect(origins).toEqual([
			{ productId: ids.PUMP, lot: "R-1", source: `purchase:${purchaseId}`, flow: "in", quantity: 10 },
		]);
		const receiptSource = t.sources.find((s) => s.source === `purchase:${purchaseId}`);
		expect(receiptSource).toMatchObject({
			type: "receipt",
			kind: "purchase_receipt",
			locationId: a,
			purchase: { id: purchaseId, vendorId, vendorName: "Acme Pumps" },
		});
		expect(receiptSource?.purchase?.receipts.map((r) => [r.number, r.lot])).toEqual([[receipt.number, "R-1"]]);

		// Forward: the note to Sonnenschein, the invoice shipped to Bayside; the transfer is no edge.
		const went = t.edges.filter((e) => e.flow === "out").map((e) => [e.source, e.quantity]);
		expect(went.sort()).toEqual(
			[
				[`delivery:${note.id}`, 3],
				["qbo:Invoice:151", 2],
			].sort(),
		);
		const bySource = new Map(t.sources.map((s) => [s.source, s]));
		expect(bySource.get(`delivery:${note.id}`)).toMatchObject({
			type: "delivery",
			delivery: { id: note.id, number: note.number, status: "active" },
			order: { id: first.id, customerName: "Sonnenschein Family Store", qboType: "invoice", qboDocNumber: "1050" },
		});
		expect(bySource.get("qbo:Invoice:151")).toMatchObject({
			type: "order",
			delivery: null,
			order: { id: second.id, customerName: "Bayside Bikes", qboId: "151", qboDocNumber: "1051" },
		});
		expect([...bySource.keys()].some((s) => s.startsWith("transfer:"))).toBe(false);

		// Its own history: received, moved to B, delivered, shipped — newest first; a QuickBooks
		// document's line by its number, Stockroom's reasons by a code for the page to word.
		expect(t.history.map((h) => [h.kind, h.delta, h.documentNumber, h.reasonCode]).reverse()).toEqual([
			["purchase_receipt", 10, null, null],
			["transfer", -4, null, null],
			["transfer", 4, null, null],
			["delivery", -3, null, "order_delivery"],
			["invoice", -2, "1051", "order_line"],
		]);
	});

	it("is the same from the other end: the delivered lot's trace back reaches the vendor; a cancelled delivery is no edge", async () => {
		const { co, ids, note } = await deliveredLot();
		await ok(co.api.post(`/api/v1/deliveries/${note.id}/cancel`, { idempotencyKey: key("cancel") }));
		const t = await trace(co, ids.PUMP, "R-1");
		expect(t.edges.map((e) => [e.flow, e.source.split(":")[0], e.quantity]).sort()).toEqual([
			["in", "purchase", 10],
			["out", "qbo", 2],
		]);
		expect(t.onHand).toBe(8);
	});

	it("says a lot assigned from unassigned stock came from an assignment, at its location", async () => {
		const { co, ids, a } = await deliveredLot();
		// 25 opening pumps at A are unassigned; 6 of them put into lot U-1.
		await ok(
			co.api.post("/api/v1/lots/assignments", {
				productId: ids.PUMP,
				locationId: a,
				lots: [{ lot: "U-1", quantity: 6 }],
				reason: "labelled on the shelf",
				idempotencyKey: key("asg"),
			}),
			201,
		);
		const t = await trace(co, ids.PUMP, "U-1");
		expect(t.edges).toEqual([expect.objectContaining({ flow: "in", quantity: 6 })]);
		expect(t.sources).toEqual([
			expect.objectContaining({
				type: "lot_assignment",
				kind: "lot_assignment",
				locationId: a,
				reason: "labelled on the shelf",
			}),
		]);
		expect(t.locations).toEqual([{ locationId: a, onHand: 6 }]);
	});

	it("shows a caller limited to a location only the ledger there", async () => {
		const { co, ids, b } = await deliveredLot();
		const limited = await roleToken(co, "viewer", [b], "viewer at B");
		const t = await trace(co, ids.PUMP, "R-1", limited.api);
		expect(t.locations).toEqual([{ locationId: b, onHand: 4 }]);
		expect(t.edges).toEqual([]);
		expect(t.history.map((h) => [h.kind, h.delta])).toEqual([["transfer", 4]]);
		// The recall answers for the whole company: not for a caller limited to some locations.
		expectProblem(await limited.api.get(`/api/v1/recall?productId=${ids.PUMP}&lot=R-1`), 403, "forbidden");
	});

	it("answers 404 for a lot the ledger never saw and for another company's product; 400 naming a bad depth", async () => {
		const { co, ids } = await deliveredLot();
		expectProblem(await co.api.get(`/api/v1/products/${ids.PUMP}/lots/NOPE/trace`), 404, "not_found");
		expectProblem(await co.api.get("/api/v1/products/01NOSUCHPRODUCT/lots/R-1/trace"), 404, "not_found");
		expectProblem(
			await co.api.get(`/api/v1/products/${ids.PUMP}/lots/R-1/trace?depth=99`),
			400,
			"validation_failed",
			"depth",
		);
	});
});

describe("a recall", () => {
	it("names every customer who received the lot, with quantities, notes, orders and QuickBooks numbers; as CSV too", async () => {
		const { co, ids, note, first, second } = await deliveredLot();
		const r = await ok<Recall>(co.api.get(`/api/v1/recall?productId=${ids.PUMP}&lot=R-1`));
		expect(r.lots).toEqual([
			{ productId: ids.PUMP, sku: "PUMP", name: expect.any(String), lot: "R-1", expiry: "2099-06-30" },
		]);
		expect(r.truncated).toBe(false);
		expect(
			r.items.map((i) => [i.customerName, i.sku, i.lot, i.quantity, i.deliveryNumber, i.orderId, i.qboDocNumber]),
		).toEqual([
			["Bayside Bikes", "PUMP", "R-1", 2, null, second.id, "1051"],
			["Sonnenschein Family Store", "PUMP", "R-1", 3, note.number, first.id, "1050"],
		]);
		expect(r.items.every((i) => i.recalledLots.length === 1 && i.recalledLots[0]?.lot === "R-1")).toBe(true);

		const csv = await co.api.get(`/api/v1/recall?productId=${ids.PUMP}&lot=R-1&format=csv`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
		expect(csv.headers.get("content-disposition")).toBe('attachment; filename="recall-PUMP-R-1.csv"');
		const lines = String(csv.body).trimEnd().split("\r\n");
		expect(lines[0]).toBe(
			"customer,date,sku,product,lot,quantity,delivery_note,order,qbo_document_type,qbo_document_number,location_id,recalled_lots",
		);
		expect(lines).toHaveLength(3);
		expect(lines[1]).toMatch(/^Bayside Bikes,[^,]+,PUMP,[^,]*,R-1,2,,1051,Invoice,1051,[^,]+,PUMP\/R-1$/);
		expect(lines[2]).toMatch(
			new RegExp(`^Sonnenschein Family Store,[^,]+,PUMP,[^,]*,R-1,3,${note.number},1050,Invoice,1050,[^,]+,PUMP/R-1$`),
		);
		// Accept: text/csv asks for the same.
		const accepted = await co.api.get(`/api/v1/recall?productId=${ids.PUMP}&lot=R-1`, { accept: "text/csv" });
		expect(accepted.body).toBe(csv.body);
	});

	it("finds a vendor's lots received in a date range", async () => {
		const { co, vendorId } = await deliveredLot();
		const today = new Date().toISOString().slice(0, 10);
		const r = await ok<Recall>(co.api.get(`/api/v1/recall?vendorId=${vendorId}&from=${today}&to=${today}`));
		expect(r.lots.map((l) => l.lot)).toEqual(["R-1"]);
		expect(r.items.map((i) => i.customerName)).toEqual(["Bayside Bikes", "Sonnenschein Family Store"]);
		const before = await ok<Recall>(co.api.get(`/api/v1/recall?vendorId=${vendorId}&to=2000-01-01`));
		expect(before).toEqual({ lots: [], items: [], truncated: false });
	});

	it("refuses a query that names no lot or vendor, half a lot, or dates backwards, naming the field; 404 for an unknown lot or vendor", async () => {
		const { co, ids, vendorId } = await deliveredLot();
		expectProblem(await co.api.get("/api/v1/recall"), 400, "validation_failed", "productId");
		expectProblem(await co.api.get(`/api/v1/recall?productId=${ids.PUMP}`), 400, "validation_failed", "lot");
		expectProblem(
			await co.api.get(`/api/v1/recall?productId=${ids.PUMP}&lot=R-1&vendorId=${vendorId}`),
			400,
			"validation_failed",
			"vendorId",
		);
		expectProblem(
			await co.api.get(`/api/v1/recall?vendorId=${vendorId}&from=2024-02-01&to=2024-01-01`),
			400,
			"validation_failed",
			"to",
		);
		expectProblem(
			await co.api.get(`/api/v1/recall?vendorId=${vendorId}&format=xml`),
			400,
			"validation_failed",
			"format",
		);
		expectProblem(await co.api.get(`/api/v1/recall?productId=${ids.PUMP}&lot=NOPE`), 404, "not_found", "lot");
		expectProblem(await co.api.get("/api/v1/recall?vendorId=nope"), 404, "not_found", "vendorId");
	});
});

describe("through builds", () => {
	/**
	 * Cells in lot CELL-1 (10) → build of 3 hoses (2 cells each) into HOSE-1 → build of 2 pumps (1 hose
	 * each) into PUMP-1 → invoice 160 ships the 2 pumps to Sonnenschein (ship on invoice).
	 */
	async function twoLevels() {
		const shop = await salesCompany();
		const { co, ids, location } = shop;
		const [cell] = await createProducts(db, co.companyId, [{ sku: "CELL", name: "Cell" }]);
		const cellId = cell?.id ?? "";
		for (const id of [cellId, ids.HOSE, ids.PUMP])
			await ok(co.api.patch(`/api/v1/products/${id}`, { tracking: "lot" }));
		const bom = (productId: string, component: string, quantity: number) =>
			ok(
				co.api.call("PUT", `/api/v1/assemblies/${productId}`, {
					components: [{ productId: component, quantity }],
					version: 0,
				}),
			);
		await bom(ids.HOSE, cellId, 2);
		await bom(ids.PUMP, ids.HOSE, 1);
		await ok(
			co.api.post("/api/v1/adjustments", {
				productId: cellId,
				locationId: location,
				quantity: 10,
				lots: [{ lot: "CELL-1", expiry: "2099-01-31", quantity: 10 }],
				idempotencyKey: key("adj"),
			}),
			201,
		);
		const build = (productId: string, quantity: number, component: string, from: string, into: string) =>
			ok<{ id: string; number: string }>(
				co.api.post("/api/v1/builds", {
					productId,
					locationId: location,
					quantity,
					componentLots: [
						{ productId: component, lots: [{ lot: from, quantity: quantity * (productId === ids.HOSE ? 2 : 1) }] },
					],
					lot: { lot: into },
					idempotencyKey: key("bd"),
				}),
				201,
			);
		const hoses = await build(ids.HOSE, 3, cellId, "CELL-1", "HOSE-1");
		const pumps = await build(ids.PUMP, 2, ids.HOSE, "HOSE-1", "PUMP-1");
		await sync(co, "Invoice", makeInvoice({ id: "160", docNumber: "1060", lines: [salesLine("11", 2)] }));
		return { ...shop, cellId, hoses, pumps, order: await orderOf(co, "160") };
	}

	it("goes forward from the cells through both builds to the customer, and back from the pumps to the cells", async () => {
		const { co, ids, cellId, hoses, pumps, order } = await twoLevels();
		const forward = await trace(co, cellId, "CELL-1");
		expect(forward.truncated).toBe(false);
		expect(forward.lots.map((l) => [l.sku, l.lot, l.side, l.depth])).toEqual([
			["CELL", "CELL-1", "root", 0],
			["HOSE", "HOSE-1", "forward", 1],
			["PUMP", "PUMP-1", "forward", 2],
		]);
		const flows = (t: Trace) =>
			t.edges
				.map(
					(e) => `${t.lots.find((l) => l.productId === e.productId)?.sku}/${e.lot} ${e.flow} ${e.source} ${e.quantity}`,
				)
				.sort();
		expect(flows(forward)).toEqual(
			[
				`CELL/CELL-1 in ${forward.sources.find((s) => s.type === "adjustment")?.source} 10`,
				`CELL/CELL-1 out build:${hoses.id} 6`,
				`HOSE/HOSE-1 in build:${hoses.id} 3`,
				`HOSE/HOSE-1 out build:${pumps.id} 2`,
				`PUMP/PUMP-1 in build:${pumps.id} 2`,
				"PUMP/PUMP-1 out qbo:Invoice:160 2",
			].sort(),
		);
		expect(forward.sources.find((s) => s.source === `build:${hoses.id}`)).toMatchObject({
			type: "build",
			build: { id: hoses.id, number: hoses.number, kind: "build", productId: ids.HOSE },
		});
		expect(forward.sources.find((s) => s.source === "qbo:Invoice:160")?.order).toMatchObject({
			id: order.id,
			customerName: "Sonnenschein Family Store",
			qboDocNumber: "1060",
		});

		const backward = await trace(co, ids.PUMP, "PUMP-1");
		expect(backward.lots.map((l) => [l.sku, l.lot, l.side, l.depth])).toEqual([
			["PUMP", "PUMP-1", "root", 0],
			["HOSE", "HOSE-1", "backward", 1],
			["CELL", "CELL-1", "backward", 2],
		]);
		// Backward only: where the hoses' other lot parts went is not the pumps' business.
		expect(flows(backward)).toEqual(
			[
				`CELL/CELL-1 in ${backward.sources.find((s) => s.type === "adjustment")?.source} 10`,
				`CELL/CELL-1 out build:${hoses.id} 6`,
				`HOSE/HOSE-1 in build:${hoses.id} 3`,
				`HOSE/HOSE-1 out build:${pumps.id} 2`,
				`PUMP/PUMP-1 in build:${pumps.id} 2`,
				"PUMP/PUMP-1 out qbo:Invoice:160 2",
			].sort(),
		);

		// One build level only: the pumps are cut off, and it says so.
		const shallow = await ok<Trace>(co.api.get(`/api/v1/products/${cellId}/lots/CELL-1/trace?depth=1`));
		expect(shallow.truncated).toBe(true);
		expect(shallow.lots.map((l) => l.lot)).toEqual(["CELL-1", "HOSE-1"]);
	});

	it("recalls the cells to the customer who received the pumps made of them", async () => {
		const { co, ids, cellId, order } = await twoLevels();
		const r = await ok<Recall>(co.api.get(`/api/v1/recall?productId=${cellId}&lot=CELL-1`));
		expect(r.items).toEqual([
			expect.objectContaining({
				customerName: "Sonnenschein Family Store",
				productId: ids.PUMP,
				lot: "PUMP-1",
				quantity: 2,
				orderId: order.id,
				qboDocNumber: "1060",
				recalledLots: [{ productId: cellId, lot: "CELL-1" }],
			}),
		]);
		const csv = await co.api.get(`/api/v1/recall?productId=${cellId}&lot=CELL-1&format=csv`);
		expect(String(csv.body).split("\r\n")[1]).toMatch(
			/^Sonnenschein Family Store,.*,PUMP,.*,PUMP-1,2,,1060,Invoice,1060,.*,CELL\/CELL-1$/,
		);
	});
});

/**
 * Purchases made in Stockroom and their receipts, through the API and the real product objects:
 * ordering raises incoming, receiving turns it into on hand, cancelling drops what is still open.
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { purchaseLines, purchaseReceiptLines, purchaseReceipts, purchases } from "../../worker/db/schema";
import { receiptRequestHash } from "../../worker/purchasing/purchase-receipts";
import { allPages, expectProblem, type LevelRow, type Movement } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type PurchaseLine = { productId: string; ordered: number; received: number; open: number; unitCost: number | null };
type Purchase = {
	id: string;
	number: string;
	status: string;
	locationId: string;
	version: number;
	lines: PurchaseLine[];
	receipts?: { id: string; number: string; lines: { productId: string; quantity: number }[] }[];
};
type Receipt = { id: string; number: string; lines: { productId: string; quantity: number }[]; purchase: Purchase };

async function levelOf(co: TestCompany, productId: string, locationId: string) {
	const rows = await allPages<LevelRow>(co.api, `/api/v1/levels?location=${locationId}&limit=1000`);
	const row = rows.find((r) => r.productId === productId);
	if (!row) throw new Error(`no level row for ${productId} at ${locationId}`);
	return { onHand: row.onHand, incoming: row.incoming, reserved: row.reserved };
}

async function draft(
	co: TestCompany,
	lines: { productId: string; quantity: number; unitCost?: number }[],
	locationId?: string,
) {
	const res = await co.api.post("/api/v1/purchases", { locationId: locationId ?? co.locationIds[0], lines });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<Purchase>();
}

async function order(co: TestCompany, p: Purchase) {
	const res = await co.api.patch(`/api/v1/purchases/${p.id}`, { version: p.version, status: "ordered" });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Purchase>();
}

async function receive(co: TestCompany, p: Purchase, lines: { productId: string; quantity: number }[], key?: string) {
	return co.api.post(`/api/v1/purchases/${p.id}/receipts`, {
		lines,
		idempotencyKey: key ?? `rc-${crypto.randomUUID()}`,
	});
}

async function expectReconciled(co: TestCompany) {
	expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true, mismatches: [] });
}

describe("purchases", () => {
	it("a draft is numbered per company and moves no stock", async () => {
		const co = await makeCompany({ products: 2 });
		const [a, b] = co.productIds as [string, string];
		const first = await draft(co, [
			{ productId: a, quantity: 10, unitCost: 2.5 },
			{ productId: b, quantity: 4 },
		]);
		const second = await draft(co, [{ productId: a, quantity: 1 }]);
		expect(first).toMatchObject({ number: "PO-0001", status: "draft", version: 1 });
		expect(first.lines).toEqual([
			{ productId: a, ordered: 10, received: 0, open: 10, unitCost: 2.5 },
			{ productId: b, ordered: 4, received: 0, open: 4, unitCost: null },
		]);
		expect(second.number).toBe("PO-0002");
		expect(await levelOf(co, a, co.locationIds[0] as string)).toEqual({ onHand: 0, incoming: 0, reserved: 0 });
	});

	it("ordering raises incoming at the purchase's location only", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const [, van] = co.locationIds as [string, string];
		const ordered = await order(co, await draft(co, [{ productId: product, quantity: 12 }], van));
		expect(ordered).toMatchObject({ status: "ordered", version: 2 });
		expect(await levelOf(co, product, van)).toEqual({ onHand: 0, incoming: 12, reserved: 0 });
		expect(await levelOf(co, product, co.locationIds[0] as string)).toEqual({ onHand: 0, incoming: 0, reserved: 0 });
		await expectReconciled(co);
	});

	it("a partial receipt moves the received quantity to on hand; the full receipt closes the purchase", async () => {
		const co = await makeCompany({ products: 2 });
		const [a, b] = co.productIds as [string, string];
		const [warehouse] = co.locationIds as [string];
		const p = await order(
			co,
			await draft(co, [
				{ productId: a, quantity: 10 },
				{ productId: b, quantity: 5 },
			]),
		);

		const partial = await receive(co, p, [{ productId: a, quantity: 4 }]);
		expect(partial.status, JSON.stringify(partial.body)).toBe(201);
		const first = partial.json<Receipt>();
		expect(first).toMatchObject({ number: "RC-0001", lines: [{ productId: a, quantity: 4 }] });
		expect(first.purchase.status).toBe("partially_received");
		expect(first.purchase.lines[0]).toMatchObject({ received: 4, open: 6 });
		expect(await levelOf(co, a, warehouse)).toEqual({ onHand: 4, incoming: 6, reserved: 0 });
		expect(await levelOf(co, b, warehouse)).toEqual({ onHand: 0, incoming: 5, reserved: 0 });

		const rest = await receive(co, p, [
			{ productId: a, quantity: 6 },
			{ productId: b, quantity: 5 },
		]);
		expect(rest.status, JSON.stringify(rest.body)).toBe(201);
		expect(rest.json<Receipt>().purchase.status).toBe("received");
		expect(await levelOf(co, a, warehouse)).toEqual({ onHand: 10, incoming: 0, reserved: 0 });
		expect(await levelOf(co, b, warehouse)).toEqual({ onHand: 5, incoming: 0, reserved: 0 });

		const detail = (await co.api.get(`/api/v1/purchases/${p.id}`)).json<Purchase>();
		expect(detail.receipts?.map((r) => r.number)).toEqual(["RC-0001", "RC-0002"]);

		// The ledger shows the receipts under the purchase's source.
		const movements = await allPages<Movement & { kind: string }>(
			co.api,
			`/api/v1/movements?source=${encodeURIComponent(`purchase:${p.id}`)}&productId=${a}`,
		);
		const received = movements.filter((m) => m.kind === "purchase_receipt").map((m) => m.onHandDelta);
		expect(received.sort()).toEqual([4, 6]);
		await expectReconciled(co);

		// A received purchase is closed.
		expectProblem(await receive(co, p, [{ productId: a, quantity: 1 }]), 409, "conflict", "status");
	});

	it("receiving more than ordered is accepted and shows on the line", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const p = await order(co, await draft(co, [{ productId: product, quantity: 3 }]));
		const res = await receive(co, p, [{ productId: product, quantity: 5 }]);
		expect(res.status).toBe(201);
		expect(res.json<Receipt>().purchase).toMatchObject({ status: "received", lines: [{ received: 5, open: 0 }] });
		expect(await levelOf(co, product, co.locationIds[0] as string)).toEqual({ onHand: 5, incoming: 0, reserved: 0 });
	});

	it("cancelling an ordered purchase drops incoming but keeps what was received", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const [warehouse] = co.locationIds as [string];
		const p = await order(co, await draft(co, [{ productId: product, quantity: 10 }]));
		const receipt = (await receive(co, p, [{ productId: product, quantity: 3 }])).json<Receipt>();
		const res = await co.api.patch(`/api/v1/purchases/${p.id}`, {
			version: receipt.purchase.version,
			status: "cancelled",
		});
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.json<Purchase>().status).toBe("cancelled");
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 3, incoming: 0, reserved: 0 });
		expectProblem(await receive(co, p, [{ productId: product, quantity: 1 }]), 409, "conflict", "status");
		await expectReconciled(co);
	});

	it("refuses transitions that are not allowed, naming status, and stale versions", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const p = await draft(co, [{ productId: product, quantity: 1 }]);
		expectProblem(await receive(co, p, [{ productId: product, quantity: 1 }]), 409, "conflict", "status");
		const cancelled = (
			await co.api.patch(`/api/v1/purchases/${p.id}`, { version: p.version, status: "cancelled" })
		).json<Purchase>();
		expectProblem(
			await co.api.patch(`/api/v1/purchases/${p.id}`, { version: cancelled.version, status: "ordered" }),
			409,
			"conflict",
			"status",
		);
		expectProblem(
			await co.api.patch(`/api/v1/purchases/${p.id}`, { version: p.version, note: "late" }),
			409,
			"version_conflict",
		);
	});

	it("lines can be replaced while draft, not once ordered", async () => {
		const co = await makeCompany({ products: 2 });
		const [a, b] = co.productIds as [string, string];
		const p = await draft(co, [{ productId: a, quantity: 1 }]);
		const edited = await co.api.patch(`/api/v1/purchases/${p.id}`, {
			version: p.version,
			lines: [{ productId: b, quantity: 7 }],
		});
		expect(edited.status, JSON.stringify(edited.body)).toBe(200);
		expect(edited.json<Purchase>().lines).toMatchObject([{ productId: b, ordered: 7 }]);
		const ordered = await order(co, edited.json<Purchase>());
		expect(await levelOf(co, b, co.locationIds[0] as string)).toMatchObject({ incoming: 7 });
		expect(await levelOf(co, a, co.locationIds[0] as string)).toMatchObject({ incoming: 0 });
		expectProblem(
			await co.api.patch(`/api/v1/purchases/${p.id}`, {
				version: ordered.version,
				lines: [{ productId: a, quantity: 1 }],
			}),
			409,
			"conflict",
			"lines",
		);
	});

	it("a replayed receipt changes nothing and answers the same; a reused key with another request is refused", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const [warehouse] = co.locationIds as [string];
		const p = await order(co, await draft(co, [{ productId: product, quantity: 10 }]));
		const first = await receive(co, p, [{ productId: product, quantity: 2 }], "dock-1");
		expect(first.status).toBe(201);
		await receive(co, p, [{ productId: product, quantity: 1 }], "dock-2");
		const again = await receive(co, p, [{ productId: product, quantity: 2 }], "dock-1");
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 3, incoming: 7, reserved: 0 });
		expectProblem(
			await receive(co, p, [{ productId: product, quantity: 5 }], "dock-1"),
			422,
			"idempotency_key_reused",
			"idempotencyKey",
		);
		await expectReconciled(co);
	});

	it("a receipt recorded in D1 whose stock never moved (a crash) is completed by retrying the same request", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const [warehouse] = co.locationIds as [string];
		const p = await order(co, await draft(co, [{ productId: product, quantity: 10 }]));
		// What the receipt's D1 batch writes, without the product objects hearing of it.
		const line = { productId: product, quantity: 40_000 };
		await db.batch([
			db.insert(purchaseReceipts).values({
				id: "RCPT-CRASHED",
				companyId: co.companyId,
				purchaseId: p.id,
				seq: 1,
				number: "RC-0001",
				idempotencyKey: "crash-1",
				requestHash: await receiptRequestHash(p.id, [line]),
			}),
			db.insert(purchaseReceiptLines).values({ companyId: co.companyId, receiptId: "RCPT-CRASHED", ...line }),
			db
				.update(purchaseLines)
				.set({ received: 40_000 })
				.where(and(eq(purchaseLines.purchaseId, p.id), eq(purchaseLines.productId, product))),
			db
				.update(purchases)
				.set({ status: "partially_received", version: sql`${purchases.version} + 1` })
				.where(eq(purchases.id, p.id)),
		]);
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 0, incoming: 10, reserved: 0 });

		const retry = await receive(co, p, [{ productId: product, quantity: 4 }], "crash-1");
		expect(retry.status, JSON.stringify(retry.body)).toBe(200);
		expect(retry.json<Receipt>()).toMatchObject({ id: "RCPT-CRASHED", purchase: { status: "partially_received" } });
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 4, incoming: 6, reserved: 0 });
		const again = await receive(co, p, [{ productId: product, quantity: 4 }], "crash-1");
		expect(again.body).toEqual(retry.body);
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 4, incoming: 6, reserved: 0 });
		await expectReconciled(co);
	});

	it("concurrent receipts with different keys add up exactly", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const [warehouse] = co.locationIds as [string];
		const p = await order(co, await draft(co, [{ productId: product, quantity: 100 }]));
		const answers = await Promise.all(
			Array.from({ length: 8 }, (_, i) => receive(co, p, [{ productId: product, quantity: 1.5 }], `k-${i}`)),
		);
		expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
		expect(new Set(answers.map((a) => a.json<Receipt>().number)).size).toBe(8);
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 12, incoming: 88, reserved: 0 });
		const detail = (await co.api.get(`/api/v1/purchases/${p.id}`)).json<Purchase>();
		expect(detail.lines[0]).toMatchObject({ received: 12, open: 88 });
		await expectReconciled(co);
	});

	it("refuses invalid input naming the field", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const [warehouse] = co.locationIds as [string];
		const post = (body: unknown) => co.api.post("/api/v1/purchases", body);
		expectProblem(await post({ locationId: warehouse, lines: [] }), 400, "validation_failed", "lines");
		expectProblem(
			await post({ locationId: warehouse, lines: [{ productId: product, quantity: 0 }] }),
			400,
			"validation_failed",
			"lines.0.quantity",
		);
		expectProblem(
			await post({ locationId: warehouse, lines: [{ productId: "nope", quantity: 1 }] }),
			400,
			"validation_failed",
			"lines.0.productId",
		);
		expectProblem(
			await post({
				locationId: warehouse,
				lines: [
					{ productId: product, quantity: 1 },
					{ productId: product, quantity: 2 },
				],
			}),
			400,
			"validation_failed",
			"lines.1.productId",
		);
		expectProblem(
			await post({ locationId: "nope", lines: [{ productId: product, quantity: 1 }] }),
			400,
			"validation_failed",
			"locationId",
		);
		expectProblem(
			await post({ locationId: warehouse, vendorId: "nope", lines: [{ productId: product, quantity: 1 }] }),
			400,
			"validation_failed",
			"vendorId",
		);
		expectProblem(
			await post({ locationId: warehouse, expectedDate: "tomorrow", lines: [{ productId: product, quantity: 1 }] }),
			400,
			"validation_failed",
			"expectedDate",
		);
		expectProblem(
			await post({ locationId: warehouse, extra: 1, lines: [{ productId: product, quantity: 1 }] }),
			400,
			"validation_failed",
		);

		const p = await order(co, await draft(co, [{ productId: product, quantity: 1 }]));
		expectProblem(
			await receive(co, p, [{ productId: product, quantity: -1 }]),
			400,
			"validation_failed",
			"lines.0.quantity",
		);
		expectProblem(
			await receive(co, p, [{ productId: "other", quantity: 1 }]),
			400,
			"validation_failed",
			"lines.0.productId",
		);
		expectProblem(
			await co.api.post(`/api/v1/purchases/${p.id}/receipts`, { lines: [{ productId: product, quantity: 1 }] }),
			400,
			"validation_failed",
			"idempotencyKey",
		);
		expectProblem(await co.api.get("/api/v1/purchases?status=lost"), 400, "validation_failed", "status");
	});

	it("another company's purchase is not found", async () => {
		const co = await makeCompany();
		const other = await makeCompany();
		const p = await order(co, await draft(co, [{ productId: co.productIds[0] as string, quantity: 1 }]));
		expectProblem(await other.api.get(`/api/v1/purchases/${p.id}`), 404, "not_found");
		expectProblem(
			await other.api.patch(`/api/v1/purchases/${p.id}`, { version: p.version, status: "cancelled" }),
			404,
			"not_found",
		);
		expectProblem(await receive(other, p, [{ productId: co.productIds[0] as string, quantity: 1 }]), 404, "not_found");
		expect((await other.api.get("/api/v1/purchases")).json()).toEqual({ items: [], nextCursor: null });
	});

	it("lists purchases newest first, filtered by status and number, page by page", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const drafts = [];
		for (let i = 0; i < 3; i++) drafts.push(await draft(co, [{ productId: product, quantity: 1 }]));
		await order(co, drafts[1] as Purchase);
		const all = await allPages<Purchase>(co.api, "/api/v1/purchases?limit=2");
		expect(all.map((p) => p.number)).toEqual(["PO-0003", "PO-0002", "PO-0001"]);
		const ordered = await allPages<Purchase>(co.api, "/api/v1/purchases?status=ordered");
		expect(ordered.map((p) => p.number)).toEqual(["PO-0002"]);
		const byNumber = await allPages<Purchase>(co.api, "/api/v1/purchases?q=0003");
		expect(byNumber.map((p) => p.number)).toEqual(["PO-0003"]);
	});
});

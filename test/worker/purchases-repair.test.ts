/**
 * Purchasing after a crash, through the API and the real product objects: a receipt recorded in D1
 * whose stock never moved is completed by the cron even if no one retries it, and suggestions
 * applied half way are finished by the retry of the same request, without a second draft.
 */
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { commandKeys, purchaseLines, purchaseReceiptLines, purchaseReceipts, purchases } from "../../worker/db/schema";
import { receiptRequestHash } from "../../worker/purchasing/purchase-receipts";
import { RECEIPT_REPAIR_AFTER_MS, repairUnansweredReceipts } from "../../worker/purchasing/receipt-repair";
import { catchUpAllCompanies } from "../../worker/sync/scheduled-catch-up";
import { allPages, type LevelRow, type Movement } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type Purchase = { id: string; number: string; status: string; version: number; locationId: string };

async function levelOf(co: TestCompany, productId: string, locationId: string) {
	const rows = await allPages<LevelRow>(co.api, `/api/v1/levels?location=${locationId}&limit=1000`);
	const row = rows.find((r) => r.productId === productId);
	if (!row) throw new Error(`no level row for ${productId} at ${locationId}`);
	return { onHand: row.onHand, incoming: row.incoming, reserved: row.reserved };
}

async function orderedPurchase(co: TestCompany, productId: string, quantity: number) {
	const created = await co.api.post("/api/v1/purchases", {
		locationId: co.locationIds[0],
		lines: [{ productId, quantity }],
	});
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	const draft = created.json<Purchase>();
	const ordered = await co.api.patch(`/api/v1/purchases/${draft.id}`, { version: draft.version, status: "ordered" });
	expect(ordered.status, JSON.stringify(ordered.body)).toBe(200);
	return ordered.json<Purchase>();
}

/** What a receipt's D1 batch writes, without the product objects hearing of it (the crash). */
async function recordReceiptOnly(
	co: TestCompany,
	p: Purchase,
	line: { productId: string; quantity: number },
	receipt: { id: string; key: string; createdAt: number },
) {
	await db.batch([
		db.insert(purchaseReceipts).values({
			id: receipt.id,
			companyId: co.companyId,
			purchaseId: p.id,
			seq: 1,
			number: "RC-0001",
			idempotencyKey: receipt.key,
			requestHash: await receiptRequestHash(p.id, [line]),
			createdAt: receipt.createdAt,
		}),
		db.insert(purchaseReceiptLines).values({ companyId: co.companyId, receiptId: receipt.id, ...line }),
		db
			.update(purchaseLines)
			.set({ received: sql`${purchaseLines.received} + ${line.quantity}` })
			.where(and(eq(purchaseLines.purchaseId, p.id), eq(purchaseLines.productId, line.productId))),
		db
			.update(purchases)
			.set({ status: "partially_received", version: sql`${purchases.version} + 1` })
			.where(eq(purchases.id, p.id)),
	]);
}

async function receiptMovements(co: TestCompany, purchaseId: string, productId: string) {
	const source = encodeURIComponent(`purchase:${purchaseId}`);
	const rows = await allPages<Movement & { kind: string }>(
		co.api,
		`/api/v1/movements?source=${source}&productId=${productId}&limit=1000`,
	);
	return rows.filter((m) => m.kind === "purchase_receipt").map((m) => m.onHandDelta);
}

describe("a receipt left unanswered by a crash", () => {
	it("is completed by the cron once it is a minute old: exact levels, answered, and a second run moves nothing", async () => {
		const co = await makeCompany();
		const [product] = co.productIds as [string];
		const [warehouse] = co.locationIds as [string];
		const p = await orderedPurchase(co, product, 10);
		const now = Date.now();
		await recordReceiptOnly(
			co,
			p,
			{ productId: product, quantity: 40_000 },
			{ id: "RCPT-LOST", key: "lost-1", createdAt: now },
		);
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 0, incoming: 10, reserved: 0 });

		// Just recorded: its own request may still be completing it, so the repair leaves it.
		expect(await repairUnansweredReceipts(env, now)).toEqual({ completed: 0, failed: 0 });
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 0, incoming: 10, reserved: 0 });

		// A minute later, no one having retried: the cron completes it.
		await db
			.update(purchaseReceipts)
			.set({ createdAt: now - RECEIPT_REPAIR_AFTER_MS - 1_000 })
			.where(eq(purchaseReceipts.id, "RCPT-LOST"));
		await catchUpAllCompanies(env);
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 4, incoming: 6, reserved: 0 });
		expect(await receiptMovements(co, p.id, product)).toEqual([4]);

		// Answered now: the next runs find nothing to do, and nothing moves again.
		expect(await repairUnansweredReceipts(env)).toEqual({ completed: 0, failed: 0 });
		await catchUpAllCompanies(env);
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 4, incoming: 6, reserved: 0 });
		expect(await receiptMovements(co, p.id, product)).toEqual([4]);

		// The client's late retry answers what the repair kept, moving nothing either.
		const retry = await co.api.post(`/api/v1/purchases/${p.id}/receipts`, {
			lines: [{ productId: product, quantity: 4 }],
			idempotencyKey: "lost-1",
		});
		expect(retry.status, JSON.stringify(retry.body)).toBe(200);
		expect(retry.json()).toMatchObject({
			id: "RCPT-LOST",
			number: "RC-0001",
			lines: [{ productId: product, quantity: 4 }],
			purchase: { status: "partially_received", lines: [{ received: 4, open: 6 }] },
		});
		expect(await levelOf(co, product, warehouse)).toEqual({ onHand: 4, incoming: 6, reserved: 0 });
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true, mismatches: [] });
	});
});

describe("suggestions applied half way", () => {
	const apply = (co: TestCompany, body: unknown) => co.api.post("/api/v1/purchases/suggestions/apply", body);
	type Applied = { purchases: Purchase[] };

	it("are finished by the retry of the same request: the drafts made are kept, the missing one made once", async () => {
		const co = await makeCompany({ products: 2, locations: 2 });
		const [a, b] = co.productIds as [string, string];
		const [l1, l2] = co.locationIds as [string, string];
		// Two locations: two drafts.
		const body = {
			lines: [
				{ productId: a, locationId: l1, quantity: 7 },
				{ productId: b, locationId: l2, quantity: 3 },
			],
			idempotencyKey: "apply-crash",
		};
		const first = await apply(co, body);
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		const [made, lost] = first.json<Applied>().purchases as [Purchase, Purchase];

		// The D1 state a crash after the first draft leaves: the key claimed, unanswered, one draft made.
		await db.delete(purchaseLines).where(eq(purchaseLines.purchaseId, lost.id));
		await db.delete(purchases).where(eq(purchases.id, lost.id));
		await db
			.update(commandKeys)
			.set({ response: null })
			.where(and(eq(commandKeys.companyId, co.companyId), eq(commandKeys.key, "apply-crash")));
		// Meanwhile the user ordered the draft that was made.
		const ordered = await co.api.patch(`/api/v1/purchases/${made.id}`, { version: made.version, status: "ordered" });
		expect(ordered.status, JSON.stringify(ordered.body)).toBe(200);

		// Two retries at once: both finish the job together and answer the same.
		const retries = await Promise.all([apply(co, body), apply(co, body)]);
		for (const retry of retries) expect(retry.status, JSON.stringify(retry.body)).toBe(200);
		expect(retries[1]?.body).toEqual(retries[0]?.body);
		const answer = retries[0]?.json<Applied>();
		expect(
			answer?.purchases.map((p) => ({ id: p.id, number: p.number, status: p.status, locationId: p.locationId })),
		).toEqual([
			{ id: made.id, number: made.number, status: "ordered", locationId: l1 },
			// The missing draft is made under the id it was to have: one draft, however many retries.
			{ id: lost.id, number: lost.number, status: "draft", locationId: l2 },
		]);
		const list = (await co.api.get("/api/v1/purchases")).json<{ items: Purchase[] }>();
		expect(list.items.map((p) => p.id).sort()).toEqual([made.id, lost.id].sort());

		// Answered now: a later retry replays that answer and makes nothing.
		const again = await apply(co, body);
		expect(again.status).toBe(200);
		expect(again.body).toEqual(answer);
		expect((await co.api.get("/api/v1/purchases")).json<{ items: Purchase[] }>().items).toHaveLength(2);
	});
});

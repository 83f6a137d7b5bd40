/**
 * Model-based property test of the business flows: random sequences of adjustments, purchases
 * (draft, order, receive partly or beyond, cancel), QBO invoices (created, edited, voided — in
 * reserve-until-delivery mode) and their delivery notes (partial, at either location, beyond what
 * remains, cancelled), builds and unbuilds of an assembly (refused when short unless overridden),
 * every write now and then retried with its key, go through the real app
 * (workerd, D1, product objects; invoices through the real document sync) and through a small
 * reference model (flows-reference-model.ts). After every sequence, every level the API shows and
 * every order line equal the model, and the reconciliation is ok.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { updateSettings } from "../../worker/settings/company-settings";
import { syncItems } from "../../worker/sync/catalogue-sync";
import { syncDocument } from "../../worker/sync/document-sync";
import { makeInventoryItem } from "../fixtures/qbo/catalogue";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { allPages, type LevelRow } from "./api-checks";
import { FlowsModel, type Triple } from "./flows-reference-model";
import { db, makeCompany, type TestCompany } from "./helpers";

const PRODUCTS = 3;
const LOCATIONS = 2;
const SCALE = 10_000;

/** Quantities with up to 4 decimals, kept scaled in the model. */
const quantityArb = fc.integer({ min: 1, max: 400_000 });
const linesArb = fc.uniqueArray(fc.record({ product: fc.nat(PRODUCTS - 1), quantity: quantityArb }), {
	minLength: 1,
	maxLength: PRODUCTS,
	selector: (l) => l.product,
});
/** A share of what is open on each line: 0 skips the line, above 1 receives more than ordered. */
const sharesArb = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: PRODUCTS, maxLength: PRODUCTS });

const stepArb = fc.oneof(
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant("adjust" as const),
			product: fc.nat(PRODUCTS - 1),
			location: fc.nat(LOCATIONS - 1),
			quantity: fc.integer({ min: -200_000, max: 400_000 }).filter((q) => q !== 0),
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({ type: fc.constant("draft" as const), location: fc.nat(LOCATIONS - 1), lines: linesArb }),
	},
	{ weight: 4, arbitrary: fc.record({ type: fc.constant("order" as const), purchase: fc.nat() }) },
	{ weight: 6, arbitrary: fc.record({ type: fc.constant("receive" as const), purchase: fc.nat(), shares: sharesArb }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant("cancel" as const), purchase: fc.nat() }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant("invoice" as const), lines: linesArb }) },
	{
		weight: 1,
		arbitrary: fc.record({ type: fc.constant("editInvoice" as const), invoice: fc.nat(), lines: linesArb }),
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant("voidInvoice" as const), invoice: fc.nat() }) },
	{
		weight: 4,
		arbitrary: fc.record({
			type: fc.constant("deliver" as const),
			invoice: fc.nat(),
			location: fc.nat(LOCATIONS - 1),
			// In eighths of what remains: 0 skips a line, 9 asks for more than remains (refused).
			shares: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: PRODUCTS, maxLength: PRODUCTS }),
		}),
	},
	{ weight: 3, arbitrary: fc.record({ type: fc.constant("cancelNote" as const), note: fc.nat() }) },
	{
		weight: 3,
		arbitrary: fc.record({
			type: fc.constant("build" as const),
			kind: fc.constantFrom("build" as const, "unbuild" as const),
			location: fc.nat(LOCATIONS - 1),
			// Even, so that 1.5 per unit stays within 4 decimals.
			quantity: fc.integer({ min: 1, max: 30_000 }).map((q) => q * 2),
			override: fc.boolean(),
		}),
	},
	{ weight: 2, arbitrary: fc.record({ type: fc.constant("retry" as const) }) },
);

/** Product 0 is an assembly of 2 × product 1 and 1.5 × product 2 (per unit, scaled). */
const BOM = [
	{ product: 1, perUnit: 20_000 },
	{ product: 2, perUnit: 15_000 },
];

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;
type Purchase = { id: string; version: number; lines: { productId: string; ordered: number; received: number }[] };
type Request = { path: string; body: unknown; answer: unknown };
type Invoice = { qboId: string; syncToken: number; lines: { product: number; quantity: number }[]; voided: boolean };
type OrderLine = { productId: string; ordered: number; delivered: number; reserved: number };

const decimal = (scaled: number) => scaled / SCALE;
const scaledOf = (q: number) => Math.round(q * SCALE);

/** Drives one company through the API and the model side by side. */
class Flows {
	readonly model = new FlowsModel();
	private readonly purchaseIds: string[] = [];
	private readonly invoices: Invoice[] = [];
	private readonly noteIds: string[] = [];
	private last: Request | null = null;
	/** Writes that changed something, per step type: the runs must exercise every flow. */
	static readonly applied = new Map<string, number>();
	private keys = 0;

	constructor(private readonly co: TestCompany) {}

	private product = (i: number) => this.co.productIds[i % this.co.productIds.length] as string;
	private location = (i: number) => this.co.locationIds[i % this.co.locationIds.length] as string;
	private key = () => `flow-${++this.keys}`;

	async run(step: Step): Promise<void> {
		switch (step.type) {
			case "adjust": {
				const body = {
					productId: this.product(step.product),
					locationId: this.location(step.location),
					quantity: decimal(step.quantity),
					// The model lets stock go below zero: every move is confirmed (docs/architecture.md#negative-stock).
					allowNegative: true,
					idempotencyKey: this.key(),
				};
				await this.post("/api/v1/adjustments", body, 201);
				this.model.adjust(body.productId, body.locationId, step.quantity);
				return;
			}
			case "draft": {
				const locationId = this.location(step.location);
				const lines = step.lines.map((l) => ({ productId: this.product(l.product), quantity: l.quantity }));
				const created = await this.post(
					"/api/v1/purchases",
					{ locationId, lines: lines.map((l) => ({ ...l, quantity: decimal(l.quantity) })) },
					201,
				);
				this.purchaseIds.push((created as Purchase).id);
				this.model.draft(locationId, lines);
				return;
			}
			case "order":
			case "cancel": {
				const i = step.type === "order" ? this.pickMostly("draft", step.purchase) : this.pick(step.purchase);
				if (i === null) return;
				const current = await this.purchase(i);
				const allowed = step.type === "order" ? this.model.orderPurchase(i) : this.model.cancelPurchase(i);
				const res = await this.co.api.patch(`/api/v1/purchases/${current.id}`, {
					version: current.version,
					status: step.type === "order" ? "ordered" : "cancelled",
				});
				expect(res.status, JSON.stringify(res.body)).toBe(allowed ? 200 : 409);
				if (allowed) Flows.applied.set(step.type, (Flows.applied.get(step.type) ?? 0) + 1);
				return;
			}
			case "receive": {
				const i = this.pickMostly("open", step.purchase);
				if (i === null) return;
				const current = await this.purchase(i);
				const lines = current.lines.flatMap((l, n) => {
					const open = Math.max(0, scaledOf(l.ordered) - scaledOf(l.received));
					const quantity = Math.round(((step.shares[n] ?? 0) * (open || scaledOf(l.ordered))) / 8);
					return quantity > 0 ? [{ productId: l.productId, quantity }] : [];
				});
				if (lines.length === 0) return;
				const allowed = this.model.receivePurchase(i, lines);
				const body = {
					lines: lines.map((l) => ({ productId: l.productId, quantity: decimal(l.quantity) })),
					idempotencyKey: this.key(),
				};
				if (allowed) await this.post(`/api/v1/purchases/${current.id}/receipts`, body, 201);
				else expect((await this.co.api.post(`/api/v1/purchases/${current.id}/receipts`, body)).status).toBe(409);
				return;
			}
			case "invoice": {
				const invoice = { qboId: String(7000 + this.invoices.length), syncToken: 0, lines: step.lines, voided: false };
				await this.syncInvoice(invoice);
				this.invoices.push(invoice);
				this.model.invoice(this.location(0), this.quantities(step.lines));
				return;
			}
			case "editInvoice":
			case "voidInvoice": {
				// QBO edits nothing once voided.
				const i = this.invoices.length === 0 ? null : step.invoice % this.invoices.length;
				const invoice = i === null ? undefined : this.invoices[i];
				if (i === null || !invoice || invoice.voided) return;
				invoice.syncToken += 1;
				if (step.type === "voidInvoice") {
					invoice.voided = true;
					this.model.voidInvoice(i);
				} else {
					invoice.lines = step.lines;
					this.model.editInvoice(i, this.quantities(step.lines));
				}
				await this.syncInvoice(invoice);
				return;
			}
			case "deliver": {
				const i = this.invoices.length === 0 ? null : step.invoice % this.invoices.length;
				const invoice = i === null ? undefined : this.invoices[i];
				if (i === null || !invoice) return;
				const orderId = await this.orderOf(invoice);
				const lines = this.co.productIds.flatMap((productId, n) => {
					const remaining = this.model.remaining(i, productId);
					const share = step.shares[n] ?? 0;
					const quantity = share === 9 ? remaining + 1 : Math.floor((share * remaining) / 8);
					return quantity > 0 && (remaining > 0 || share === 9) ? [{ productId, quantity }] : [];
				});
				if (lines.length === 0) return;
				const locationId = this.location(step.location);
				const body = {
					locationId,
					lines: lines.map((l) => ({ productId: l.productId, quantity: decimal(l.quantity) })),
					allowNegative: true,
					idempotencyKey: this.key(),
				};
				const refused = invoice.voided
					? 409
					: lines.some((l) => l.quantity > this.model.remaining(i, l.productId))
						? 422
						: null;
				if (refused !== null) {
					const res = await this.co.api.post(`/api/v1/orders/${orderId}/deliveries`, body);
					expect(res.status, JSON.stringify(res.body)).toBe(refused);
					return;
				}
				const note = await this.post(`/api/v1/orders/${orderId}/deliveries`, body, 201);
				this.noteIds.push((note as { id: string }).id);
				this.model.deliver(i, locationId, new Map(lines.map((l) => [l.productId, l.quantity])));
				return;
			}
			case "cancelNote": {
				if (this.noteIds.length === 0) return;
				const n = step.note % this.noteIds.length;
				await this.post(`/api/v1/deliveries/${this.noteIds[n]}/cancel`, { idempotencyKey: this.key() }, 200);
				this.model.cancelNote(n);
				return;
			}
			case "build": {
				const productId = this.product(0);
				const locationId = this.location(step.location);
				const perUnit = new Map(BOM.map((c) => [this.product(c.product), c.perUnit]));
				const sign = step.kind === "build" ? 1 : -1;
				// What leaves the location: the components for a build, the assembly for an unbuild.
				const needs =
					step.kind === "build"
						? [...perUnit].map(([id, per]) => [id, (step.quantity * per) / SCALE] as const)
						: [[productId, step.quantity] as const];
				const short = needs.some(([id, need]) => this.model.available(id, locationId) < need);
				const body = {
					productId,
					locationId,
					quantity: decimal(step.quantity),
					kind: step.kind,
					override: step.override,
					idempotencyKey: this.key(),
				};
				if (short && !step.override) {
					const res = await this.co.api.post("/api/v1/builds", body);
					expect(res.status, JSON.stringify(res.body)).toBe(409);
					return;
				}
				await this.post("/api/v1/builds", body, 201);
				this.model.build(productId, locationId, sign * step.quantity, perUnit);
				return;
			}
			case "retry": {
				// The last successful write again, same key: the first answer, nothing moved twice.
				if (!this.last || this.last.path === "/api/v1/purchases") return;
				const res = await this.co.api.post(this.last.path, this.last.body);
				expect(res.status, JSON.stringify(res.body)).toBe(200);
				expect(res.body).toEqual(this.last.answer);
				return;
			}
		}
	}

	/** Every level the API shows, scaled, keyed `productId@locationId`, zero rows left out. */
	async levels(): Promise<Map<string, Triple>> {
		const rows = await allPages<LevelRow>(this.co.api, "/api/v1/levels?limit=1000");
		return nonZero(
			rows.map((r) => [
				`${r.productId}@${r.locationId}`,
				{ onHand: scaledOf(r.onHand), reserved: scaledOf(r.reserved), incoming: scaledOf(r.incoming) },
			]),
		);
	}

	/** Every order's lines as the API shows them equal the model's: ordered, delivered, reserved. */
	async expectOrders(): Promise<void> {
		for (const [i, invoice] of this.invoices.entries()) {
			const res = await this.co.api.get(`/api/v1/orders/${await this.orderOf(invoice)}`);
			expect(res.status).toBe(200);
			const lines = res.json<{ lines: OrderLine[] }>().lines;
			for (const productId of this.co.productIds) {
				const line = lines.find((l) => l.productId === productId);
				const expected = this.model.orderLine(i, productId);
				expect(
					{
						ordered: scaledOf(line?.ordered ?? 0),
						delivered: scaledOf(line?.delivered ?? 0),
						reserved: scaledOf(line?.reserved ?? 0),
					},
					`order of invoice ${invoice.qboId}, product ${productId}`,
				).toEqual(expected);
			}
		}
	}

	private async syncInvoice(invoice: Invoice): Promise<void> {
		const lines = invoice.lines.map((l) => salesLine(this.qboItem(l.product), decimal(l.quantity)));
		const document = makeInvoice({
			id: invoice.qboId,
			syncToken: invoice.syncToken,
			lines,
			...(invoice.voided ? { voided: "drop-qty" as const } : {}),
		});
		expect((await syncDocument(env, this.co.companyId, "Invoice", document)).status).toBe("applied");
		Flows.applied.set("invoice", (Flows.applied.get("invoice") ?? 0) + 1);
	}

	private async orderOf(invoice: Invoice): Promise<string> {
		const res = await this.co.api.get(`/api/v1/orders?qboId=${invoice.qboId}&qboType=invoice`);
		const [order] = res.json<{ items: { id: string }[] }>().items;
		if (!order) throw new Error(`no order for invoice ${invoice.qboId}`);
		return order.id;
	}

	private quantities(lines: { product: number; quantity: number }[]): Map<string, number> {
		return new Map(lines.map((l) => [this.product(l.product), l.quantity]));
	}

	private qboItem = (i: number) => String(21 + (i % PRODUCTS));

	/** Mostly a purchase that is `which`, now and then any (the others are refused). */
	private pickMostly(which: "open" | "draft", n: number): number | null {
		const candidates = this.model.purchasesThatAre(which);
		return candidates.length > 0 && n % 5 !== 0 ? (candidates[n % candidates.length] ?? null) : this.pick(n);
	}

	private pick(n: number): number | null {
		return this.purchaseIds.length === 0 ? null : n % this.purchaseIds.length;
	}

	private async purchase(i: number): Promise<Purchase> {
		const res = await this.co.api.get(`/api/v1/purchases/${this.purchaseIds[i]}`);
		expect(res.status).toBe(200);
		return res.json<Purchase>();
	}

	private async post(path: string, body: unknown, status: number): Promise<unknown> {
		const res = await this.co.api.post(path, body);
		expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(status);
		const flow = path.replace(/\/api\/v1\/|[0-9A-Z]{26}\//g, "");
		Flows.applied.set(flow, (Flows.applied.get(flow) ?? 0) + 1);
		this.last = { path, body, answer: res.body };
		return res.body;
	}
}

function nonZero(entries: Iterable<[string, Triple]>): Map<string, Triple> {
	const out = new Map<string, Triple>();
	for (const [k, t] of entries) if (t.onHand !== 0 || t.reserved !== 0 || t.incoming !== 0) out.set(k, { ...t });
	return out;
}

/**
 * A company whose products are QBO inventory items (so invoices can name them), two locations, in
 * reserve-until-delivery mode: invoices reserve until delivery notes take the goods out.
 */
async function flowsCompany(): Promise<TestCompany> {
	const co = await makeCompany({ locations: LOCATIONS, products: 0 });
	const items = Array.from({ length: PRODUCTS }, (_, i) =>
		makeInventoryItem({ id: String(21 + i), name: `Flow ${i}`, sku: `FLOW-${i}`, qtyOnHand: 0 }),
	);
	expect(await syncItems(env, co.companyId, items)).toMatchObject({ created: PRODUCTS, invalid: [] });
	await updateSettings(db, co.companyId, { orderMode: "reserve_until_delivery" });
	const rows = await allPages<LevelRow>(co.api, `/api/v1/levels?location=${co.locationIds[0]}`);
	const productIds = items.map((_, i) => rows.find((r) => r.sku === `FLOW-${i}`)?.productId ?? "");
	const bom = await co.api.call("PUT", `/api/v1/assemblies/${productIds[0]}`, {
		version: 0,
		components: BOM.map((c) => ({ productId: productIds[c.product], quantity: decimal(c.perUnit) })),
	});
	expect(bom.status, JSON.stringify(bom.body)).toBe(200);
	return { ...co, productIds };
}

describe("business flows against a reference model", () => {
	it("levels and orders equal the model after any sequence of purchases, receipts, invoices, deliveries, builds and retries", async () => {
		let steps = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(stepArb, { minLength: 10, maxLength: 40 }), async (sequence) => {
				const co = await flowsCompany();
				const flows = new Flows(co);
				for (const step of sequence) {
					await flows.run(step);
					steps += 1;
				}
				expect(await flows.levels()).toEqual(nonZero(flows.model.levels()));
				await flows.expectOrders();
				expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true, mismatches: [] });
			}),
			{ seed: 20_261_128, numRuns: 40 },
		);
		expect(steps).toBeGreaterThan(300);
		for (const flow of [
			"adjustments",
			"purchases",
			"order",
			"cancel",
			"purchases/receipts",
			"invoice",
			"orders/deliveries",
			"deliveries/cancel",
			"builds",
		])
			expect(Flows.applied.get(flow) ?? 0, flow).toBeGreaterThan(10);
	});
});

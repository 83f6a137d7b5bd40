/**
 * Model-based property test of lots in the stock ledger (docs/architecture.md#lots): random
 * sequences of a changing source's set-effects (a document line) with and without lots, its
 * deletes, and adjustments, counts and transfers through the API (into named lots, picks from
 * named lots — beyond stock too, refused whole —, decreases without lots, transfers lot for lot),
 * their keys sent twice and retried, go through the real app (workerd, D1, a real product object)
 * and through a small independent model (lots-reference-model.ts). After every sequence: each
 * lot's stock and expiry, and each location's unassigned rest, equal the model's in the object,
 * in D1 (GET /products/{id}/lots, GET /lots) and in the ledger (Σ lot movements, each `after` a
 * running sum); no lot is negative; the reconciliation is ok.
 */

import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../worker/core/app-error";
import { stockLotMovements, stockMovements } from "../../worker/db/schema";
import type { NamedLot } from "../../worker/stock/lot-allocation";
import {
	enqueueStockCommand,
	executeStockCommand,
	readProductStockState,
} from "../../worker/stock/product-stock-client";
import type { CommandResult, ProductRef, StockCommand } from "../../worker/stock/stock-command";
import { allPages, expectProblem, type Schemas } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";
import { LotLedgerModel, type ModelLot } from "./lots-reference-model";

const LOCATIONS = 2;
const LOTS = 4;
const DOCUMENTS = 4;
const VERSIONS = 6;
const KEYS = 8;
const SCALE = 10_000;

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Expiries: undated, long expired, expired yesterday, expiring tomorrow, later. Stable across a midnight during the run. */
const EXPIRIES = [
	null,
	"2020-01-15",
	isoDay(Date.now() - DAY_MS),
	isoDay(Date.now() + DAY_MS),
	"2098-03-01",
	"2099-12-31",
] as const;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Lots a command names: which lot, which expiry it is named with (mostly the lot's own, else none,
 * now and then another one: refused once the lot has a date), and how much. Into lots: a share of
 * the change (by weight, `coverage` of it named at all). Out of lots: a share of what the lot holds
 * then (weight in quarters), or `beyond` it (refused).
 */
const lotsSpecArb = fc.record({
	coverage: fc.constantFrom(0, 0.5, 1, 1),
	picks: fc.uniqueArray(
		fc.record({
			lot: fc.nat(LOTS - 1),
			weight: fc.integer({ min: 1, max: 4 }),
			expiry: fc.constantFrom("own", "own", "own", "own", "own", "none", "none", "none", "other"),
			beyond: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
		}),
		{ selector: (p) => p.lot, minLength: 1, maxLength: 3 },
	),
});
type LotsSpec = typeof lotsSpecArb extends fc.Arbitrary<infer S> ? S : never;

const effectArb = fc.record({
	location: fc.nat(LOCATIONS - 1),
	onHand: fc.integer({ min: -30_000, max: 80_000 }),
	reserved: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20_000 })),
	incoming: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20_000 })),
	lots: fc.option(lotsSpecArb, { freq: 2 }),
});
const adjustArb = fc.record({
	location: fc.nat(LOCATIONS - 1),
	quantity: fc.integer({ min: -50_000, max: 60_000 }).filter((q) => q !== 0),
	lots: fc.option(lotsSpecArb, { freq: 3 }),
});
/** A count of the location, or (with `lots`) per lot: each picked lot counted at weight × 0.75 units, the rest unassigned. */
const countArb = fc.record({
	location: fc.nat(LOCATIONS - 1),
	onHand: fc.integer({ min: 0, max: 80_000 }),
	lots: fc.option(lotsSpecArb, { freq: 2 }),
});
/** Unassigned stock put into lots: within the rest, or (`over`) one unit beyond it, which is refused. */
const assignArb = fc.record({ location: fc.nat(LOCATIONS - 1), lots: lotsSpecArb, over: fc.boolean() });
const transferArb = fc.record({
	from: fc.nat(LOCATIONS - 1),
	quantity: fc.integer({ min: 1, max: 50_000 }),
	lots: fc.option(lotsSpecArb, { freq: 3 }),
});

/** A step names a document version or a key: what it carries comes from the run's tables, so a repeat is a true duplicate. */
const stepArb = fc.oneof(
	{
		weight: 7,
		arbitrary: fc.record({
			type: fc.constant("set" as const),
			doc: fc.nat(DOCUMENTS - 1),
			version: fc.integer({ min: 1, max: VERSIONS }),
			background: fc.boolean(),
		}),
	},
	{
		weight: 1,
		arbitrary: fc.record({
			type: fc.constant("delete" as const),
			doc: fc.nat(DOCUMENTS - 1),
			background: fc.boolean(),
		}),
	},
	{ weight: 5, arbitrary: fc.record({ type: fc.constant("adjust" as const), key: fc.nat(KEYS - 1) }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant("count" as const), key: fc.nat(KEYS - 1) }) },
	{ weight: 3, arbitrary: fc.record({ type: fc.constant("transfer" as const), key: fc.nat(KEYS - 1) }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant("assign" as const), key: fc.nat(KEYS - 1) }) },
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant("repick" as const),
			doc: fc.nat(DOCUMENTS - 1),
			key: fc.nat(KEYS - 1),
			lots: lotsSpecArb,
		}),
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant("retry" as const) }) },
);

const scenarioArb = fc.record({
	/** Each lot's own expiry, and the other one it is sometimes (wrongly) named with. */
	expiries: fc.array(fc.record({ own: fc.nat(EXPIRIES.length - 1), other: fc.nat(EXPIRIES.length - 1) }), {
		minLength: LOTS,
		maxLength: LOTS,
	}),
	effects: fc.array(effectArb, { minLength: DOCUMENTS * VERSIONS, maxLength: DOCUMENTS * VERSIONS }),
	adjusts: fc.array(adjustArb, { minLength: KEYS, maxLength: KEYS }),
	counts: fc.array(countArb, { minLength: KEYS, maxLength: KEYS }),
	transfers: fc.array(transferArb, { minLength: KEYS, maxLength: KEYS }),
	assigns: fc.array(assignArb, { minLength: KEYS, maxLength: KEYS }),
	steps: fc.array(stepArb, { minLength: 20, maxLength: 50 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

const decimal = (scaled: number) => scaled / SCALE;

/**
 * The lots named for a change of `total` (signed, scaled) at a location whose lots hold `holds`,
 * each of the change's sign. `cap`: Σ |named| ≤ |total| (a set-effect's change is what it is; a
 * one-off's quantity is made to cover its lots instead).
 */
function namedLots(
	s: Scenario,
	spec: LotsSpec | null,
	total: number,
	holds: (lot: string) => number,
	cap: boolean,
): NamedLot[] {
	if (!spec || total === 0) return [];
	const weights = spec.picks.reduce((sum, p) => sum + p.weight, 0);
	let left = cap ? Math.floor(Math.abs(total) * spec.coverage) : Number.POSITIVE_INFINITY;
	// A pick within stock is made among the lots holding some (else most picks would name empty lots).
	const stocked = Array.from({ length: LOTS }, (_, i) => `L${i}`).filter((lot) => holds(lot) > 0);
	const chosen = new Set<string>();
	return spec.picks.flatMap((p) => {
		const lot = total < 0 && !p.beyond && stocked.length > 0 ? (stocked[p.lot % stocked.length] ?? "") : `L${p.lot}`;
		if (chosen.has(lot)) return [];
		chosen.add(lot);
		const wanted =
			total > 0
				? Math.floor((Math.floor(Math.abs(total) * spec.coverage) * p.weight) / weights)
				: p.beyond
					? holds(lot) + p.weight
					: Math.floor((holds(lot) * p.weight) / 4);
		const quantity = Math.min(wanted, left);
		if (quantity <= 0) return [];
		left -= quantity;
		const e = s.expiries[Number(lot.slice(1))];
		const expiry = p.expiry === "own" ? EXPIRIES[e?.own ?? 0] : p.expiry === "other" ? EXPIRIES[e?.other ?? 0] : null;
		return [{ lot, expiry: expiry ?? null, quantity: Math.sign(total) * quantity }];
	});
}

/** Named lots as the API takes them: positive decimals, the expiry only when there is one. */
function apiLots(named: NamedLot[]) {
	return named.map((n) => ({
		lot: n.lot,
		...(n.expiry ? { expiry: n.expiry } : {}),
		quantity: decimal(Math.abs(n.quantity)),
	}));
}

type Request = { path: string; body: Record<string, unknown>; command: StockCommand };

/** Each lot's change in a command's movements, keyed `location/lot`. */
function movedLots(result: CommandResult): Map<string, number> {
	const out = new Map<string, number>();
	for (const m of result.movements)
		for (const l of m.lots ?? []) {
			const key = `${m.locationId}/${l.lot}`;
			out.set(key, (out.get(key) ?? 0) + l.delta);
		}
	for (const [key, d] of out) if (d === 0) out.delete(key);
	return out;
}

const byKey = <T extends { locationId: string; lot: string }>(rows: T[]) =>
	[...rows].sort((a, b) => (`${a.locationId}/${a.lot}` < `${b.locationId}/${b.lot}` ? -1 : 1));

/** Drives one lot-tracked product through the object, the API and the model side by side. */
class LotRun {
	readonly model = new LotLedgerModel();
	private last: Request | null = null;
	private readonly requests = new Map<string, Request>();
	private readonly repicks = new Map<number, StockCommand>();
	static readonly seen = new Map<string, number>();

	constructor(
		private readonly s: Scenario,
		private readonly co: TestCompany,
		private readonly ref: ProductRef,
	) {}

	private location = (i: number) => this.co.locationIds[i % this.co.locationIds.length] as string;
	private count = (what: string) => LotRun.seen.set(what, (LotRun.seen.get(what) ?? 0) + 1);

	async run(step: Scenario["steps"][number]): Promise<void> {
		switch (step.type) {
			case "set":
			case "delete":
				return this.document(step);
			case "repick":
				return this.repick(step);
			case "retry":
				if (this.last) await this.send(this.last);
				return;
			default: {
				// A key carries the body it was first sent with, whatever has changed since.
				const key = `${step.type}-${step.key}`;
				const request = this.requests.get(key) ?? this.request(step);
				this.requests.set(key, request);
				this.last = request;
				await this.send(request);
			}
		}
	}

	/**
	 * A re-pick of a document's lots, straight to the object: lots chosen among what they hold plus
	 * what the document took from them, for about what it took (beyond it now and then: refused);
	 * its key sent again is a duplicate.
	 */
	private async repick(step: Extract<Scenario["steps"][number], { type: "repick" }>) {
		// Mostly a document that took stock (a re-pick of anything else is refused).
		const took = (doc: number) => this.model.took(`doc:${doc}`).quantity > 0;
		const takers = Array.from({ length: DOCUMENTS }, (_, d) => d).filter(took);
		const of = `doc:${step.doc % 3 === 0 || takers.length === 0 ? step.doc : takers[step.doc % takers.length]}`;
		const { locationId: at, quantity: tookThere } = this.model.took(of);
		const locationId = at ?? this.location(0);
		const available = (lot: string) => this.model.lotStock(locationId, lot) + this.model.taken(of, locationId, lot);
		const lots = namedLots(this.s, step.lots, -Math.max(tookThere, SCALE), available, false).map((l) => ({
			lot: l.lot,
			quantity: -l.quantity,
		}));
		// A key carries the command it was first sent with, whatever has changed since.
		const command: StockCommand = this.repicks.get(step.key) ?? {
			type: "repick",
			source: `lot_repick:${step.key}`,
			of,
			locationId,
			lots: lots.length > 0 ? lots : [{ lot: "L0", quantity: SCALE }],
		};
		this.repicks.set(step.key, command);
		const expected = this.model.apply(command, today());
		const label = JSON.stringify(command);
		try {
			const result = await executeStockCommand(env, this.ref, command);
			expect(result.outcome, label).toBe(expected.outcome);
			// A duplicate answers its first movements again; it moves nothing (the lots are checked after).
			if (result.outcome === "applied") expect(movedLots(result), label).toEqual(expected.lotDeltas);
		} catch (error) {
			if (!(error instanceof AppError) || error.code !== "lot_refused") throw error;
			expect("lot_refused", `${label}: ${error.detail}`).toBe(expected.outcome);
		}
		expect(nonZeroLots(await readProductStockState(env, this.ref)), label).toEqual(this.model.lots());
		this.count(`repick:${expected.outcome}`);
	}

	/** A document line's set-effect (lots named for its change of on hand) or its delete, straight to the object. */
	private async document(step: Extract<Scenario["steps"][number], { type: "set" | "delete" }>) {
		const source = `doc:${step.doc}`;
		let command: StockCommand;
		if (step.type === "delete") command = { type: "delete", source, kind: "invoice" };
		else {
			const e = this.s.effects[step.doc * VERSIONS + step.version - 1];
			if (!e) throw new Error("effect table too short");
			const locationId = this.location(e.location);
			const change = this.model.onHandChange(source, locationId, e.onHand);
			const lots = namedLots(this.s, e.lots, change, (lot) => this.model.lotStock(locationId, lot), true);
			command = {
				type: "set",
				source,
				kind: "invoice",
				locationId,
				effect: { onHand: e.onHand, reserved: e.reserved, incoming: e.incoming },
				version: step.version,
				...(lots.length > 0 ? { lots } : {}),
			};
		}
		const expected = this.model.apply(command, today());
		const send = step.background ? enqueueStockCommand : executeStockCommand;
		const label = JSON.stringify(command);
		try {
			const result = await send(env, this.ref, command);
			expect(result.outcome, label).toBe(expected.outcome);
			expect(movedLots(result), label).toEqual(expected.lotDeltas);
		} catch (error) {
			if (!(error instanceof AppError) || error.code !== "lot_refused") throw error;
			expect("lot_refused", `${label}: ${error.detail}`).toBe(expected.outcome);
		}
		this.count(`${step.type}:${expected.outcome}${command.type === "set" && command.lots ? ":lots" : ""}`);
	}

	/** The API request of a one-off with its key (the same key always carries the same body). */
	private request(step: { type: "adjust" | "count" | "transfer" | "assign"; key: number }): Request {
		const idempotencyKey = `${step.type}-${step.key}`;
		const productId = this.ref.productId;
		if (step.type === "assign") {
			const a = this.s.assigns[step.key];
			if (!a) throw new Error("assign table too short");
			const locationId = this.location(a.location);
			// All of the rest named across the picked lots (at least one unit), or one unit beyond it.
			const rest = this.model.unassigned(locationId);
			const total = Math.max(SCALE, rest + (a.over ? SCALE : 0));
			const spec = { ...a.lots, coverage: 1 as const };
			const named = namedLots(this.s, spec, total, (lot) => this.model.lotStock(locationId, lot), true);
			const lots = named.length > 0 ? named : [{ lot: "L0", expiry: null, quantity: total }];
			return {
				path: "/api/v1/lots/assignments",
				body: { productId, locationId, lots: apiLots(lots), idempotencyKey },
				command: { type: "assign", source: `lot_assignment:${idempotencyKey}`, locationId, lots },
			};
		}
		if (step.type === "adjust") {
			const a = this.s.adjusts[step.key];
			if (!a) throw new Error("adjust table too short");
			const locationId = this.location(a.location);
			const lots = namedLots(this.s, a.lots, a.quantity, (lot) => this.model.lotStock(locationId, lot), false);
			const named = lots.reduce((sum, l) => sum + l.quantity, 0);
			const quantity = a.quantity < 0 ? Math.min(a.quantity, named) : a.quantity;
			return {
				path: "/api/v1/adjustments",
				body: {
					productId,
					locationId,
					quantity: decimal(quantity),
					...(lots.length > 0 ? { lots: apiLots(lots) } : {}),
					// The model lets stock go below zero: every move is confirmed (docs/architecture.md#negative-stock).
					allowNegative: true,
					idempotencyKey,
				},
				command: {
					type: "adjust",
					source: `adjustment:${idempotencyKey}`,
					locationId,
					quantity,
					...(lots.length > 0 ? { lots } : {}),
				},
			};
		}
		if (step.type === "count") {
			const c = this.s.counts[step.key];
			if (!c) throw new Error("count table too short");
			const locationId = this.location(c.location);
			const lots = [...new Map((c.lots?.picks ?? []).map((p) => [`L${p.lot}`, p])).values()].map((p) => {
				const e = this.s.expiries[p.lot];
				const expiry =
					p.expiry === "own" ? EXPIRIES[e?.own ?? 0] : p.expiry === "other" ? EXPIRIES[e?.other ?? 0] : null;
				return { lot: `L${p.lot}`, onHand: p.weight * 7_500, expiry: expiry ?? null };
			});
			const onHand = lots.length > 0 ? lots.reduce((sum, l) => sum + l.onHand, 0) + (c.onHand % 30_000) : c.onHand;
			return {
				path: "/api/v1/counts",
				body: {
					productId,
					locationId,
					onHand: decimal(onHand),
					...(lots.length > 0
						? {
								lots: lots.map((l) => ({
									lot: l.lot,
									onHand: decimal(l.onHand),
									...(l.expiry ? { expiry: l.expiry } : {}),
								})),
							}
						: {}),
					idempotencyKey,
				},
				command: {
					type: "count",
					source: `count:${idempotencyKey}`,
					locationId,
					onHand,
					...(lots.length > 0 ? { lots } : {}),
				},
			};
		}
		const t = this.s.transfers[step.key];
		if (!t) throw new Error("transfer table too short");
		// Lots of a transfer are positive: out of them at `from`, into them at `to`.
		const [fromLocationId, toLocationId] = [this.location(t.from), this.location(t.from + 1)];
		// Named as picks at `from` (a share of what each lot holds there), then received as such at `to`.
		const lots = namedLots(this.s, t.lots, -t.quantity, (lot) => this.model.lotStock(fromLocationId, lot), false).map(
			(l) => ({ ...l, quantity: -l.quantity }),
		);
		const quantity = Math.max(
			t.quantity,
			lots.reduce((sum, l) => sum + l.quantity, 0),
		);
		return {
			path: "/api/v1/transfers",
			body: {
				productId,
				fromLocationId,
				toLocationId,
				quantity: decimal(quantity),
				...(lots.length > 0 ? { lots: apiLots(lots) } : {}),
				allowNegative: true,
				idempotencyKey,
			},
			command: {
				type: "transfer",
				source: `transfer:${idempotencyKey}`,
				fromLocationId,
				toLocationId,
				quantity,
				...(lots.length > 0 ? { lots } : {}),
			},
		};
	}

	private async send(request: Request) {
		const expected = this.model.apply(request.command, today());
		const res = await this.co.api.post(request.path, request.body);
		const label = JSON.stringify(request.body);
		if (expected.outcome === "lot_refused") {
			const problem = expectProblem(res, 409, "lot_refused");
			expect(problem.errors?.[0]?.field ?? "", label).toMatch(/^lots/);
			// Refused whole: the object's lots are still the model's.
			expect(nonZeroLots(await readProductStockState(env, this.ref)), label).toEqual(this.model.lots());
		} else
			expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBe(expected.outcome === "applied" ? 201 : 200);
		this.count(
			`${request.command.type}:${expected.outcome}${"lots" in request.command && request.command.lots ? ":lots" : ""}`,
		);
	}
}

function nonZeroLots(state: Awaited<ReturnType<typeof readProductStockState>>): ModelLot[] {
	return byKey(
		state.lots
			.filter((l) => l.onHand !== 0)
			.map((l) => ({ locationId: l.locationId, lot: l.lot, onHand: l.onHand, expiry: l.expiry })),
	);
}

/** Everything the stores say of the product's lots must be the model's. */
async function expectLotsAsModelled(co: TestCompany, ref: ProductRef, model: LotLedgerModel) {
	const now = today();
	const expectedLots = model.lots();
	const state = await readProductStockState(env, ref);
	expect(state.pendingMovements).toBe(0);
	for (const l of state.lots) expect(l.onHand, `lot ${l.lot} at ${l.locationId}`).toBeGreaterThanOrEqual(0);
	const levels = model.levels();
	for (const locationId of co.locationIds) {
		const level = state.levels.find((l) => l.locationId === locationId);
		expect(level?.onHand ?? 0, `object on hand at ${locationId}`).toBe(levels.get(locationId)?.onHand ?? 0);
	}
	expect(nonZeroLots(state), "the object's lots").toEqual(expectedLots);

	// D1, as the API answers it: each location's lots and unassigned rest, and the list of lots.
	const perLocation = (await co.api.get(`/api/v1/products/${ref.productId}/lots`)).json<Schemas["ProductLots"]>().items;
	const d1PerLocation = perLocation.flatMap((row) => row.lots.map((l) => ({ ...l, locationId: row.locationId })));
	for (const locationId of co.locationIds) {
		const row = perLocation.find((r) => r.locationId === locationId);
		expect(row, `lots at ${locationId}`).toBeDefined();
		expect(row?.onHand).toBe(decimal(levels.get(locationId)?.onHand ?? 0));
		expect(row?.unassigned, `unassigned at ${locationId}`).toBe(decimal(model.unassigned(locationId)));
	}
	const listed = await allPages<Schemas["LotLevel"]>(co.api, `/api/v1/lots?productId=${ref.productId}&limit=3`);
	const quantities = (rows: { locationId: string; lot: string; onHand: number }[]) =>
		byKey(rows).map(({ locationId, lot, onHand }) => ({ locationId, lot, onHand }));
	const expectedQuantities = quantities(expectedLots.map((l) => ({ ...l, onHand: decimal(l.onHand) })));
	expect(quantities(d1PerLocation), "GET /products/{id}/lots").toEqual(expectedQuantities);
	expect(quantities(listed), "GET /lots").toEqual(expectedQuantities);

	// The lot ledger: per lot and location, its movements add up to its stock, each `after` the running sum.
	const parts = await db
		.select({
			locationId: stockLotMovements.locationId,
			lot: stockLotMovements.lot,
			delta: stockLotMovements.delta,
			after: stockLotMovements.after,
			seq: stockMovements.seq,
		})
		.from(stockLotMovements)
		.innerJoin(stockMovements, eq(stockMovements.id, stockLotMovements.movementId))
		.where(eq(stockLotMovements.productId, ref.productId))
		.orderBy(stockMovements.seq);
	const running = new Map<string, number>();
	for (const p of parts) {
		const key = `${p.locationId}/${p.lot}`;
		const sum = (running.get(key) ?? 0) + p.delta;
		expect(p.after, `lot movement of ${key} at seq ${p.seq}`).toBe(sum);
		expect(p.after, `lot movement of ${key} at seq ${p.seq}`).toBeGreaterThanOrEqual(0);
		running.set(key, sum);
	}
	expect(
		byKey(
			[...running]
				.filter(([, onHand]) => onHand !== 0)
				.map(([key, onHand]) => {
					const [locationId = "", lot = ""] = key.split("/");
					return { locationId, lot, onHand };
				}),
		),
		"Σ lot movements",
	).toEqual(expectedLots.map(({ locationId, lot, onHand }) => ({ locationId, lot, onHand })));

	// The trace agrees with the ledger: each lot's stock now, per location and in all; what its
	// sources put in less what they took out (transfers are no edge: they move it, not in or out);
	// its history adds up.
	for (const lot of new Set(parts.map((p) => p.lot))) {
		const res = await co.api.get(`/api/v1/products/${ref.productId}/lots/${lot}/trace`);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const t = res.json<Schemas["LotTrace"]>();
		const mine = expectedLots.filter((l) => l.lot === lot);
		const total = mine.reduce((sum, l) => sum + l.onHand, 0);
		expect(t.onHand, `trace of ${lot}: on hand`).toBe(decimal(total));
		expect(
			byKey(t.locations.filter((l) => l.onHand !== 0).map((l) => ({ ...l, lot }))),
			`trace of ${lot}: where`,
		).toEqual(byKey(mine.map((l) => ({ locationId: l.locationId, lot, onHand: decimal(l.onHand) }))));
		const root = t.edges.filter((e) => e.productId === ref.productId && e.lot === lot);
		const net = root.reduce((sum, e) => sum + (e.flow === "in" ? 1 : -1) * Math.round(e.quantity * SCALE), 0);
		expect(net, `trace of ${lot}: in − out`).toBe(total);
		if (!t.historyTruncated)
			expect(
				t.history.reduce((sum, h) => sum + Math.round(h.delta * SCALE), 0),
				`trace of ${lot}: history`,
			).toBe(total);
	}

	const reconciliation = await co.api.get("/api/v1/reconciliation");
	expect(reconciliation.status).toBe(200);
	expect(reconciliation.json()).toMatchObject({ ok: true, mismatches: [], lotMismatches: [] });

	// Last, each lot's expiry as D1 shows it at every location: the lot's one expiry, as the object has it.
	const dates = (rows: { locationId: string; lot: string; expiry: string | null }[]) =>
		byKey(rows).map(({ locationId, lot, expiry }) => ({
			locationId,
			lot,
			expiry,
			expired: expiry !== null && expiry < now,
		}));
	const expectedDates = dates(expectedLots);
	expect(dates(d1PerLocation), "expiries in GET /products/{id}/lots").toEqual(expectedDates);
	expect(dates(listed), "expiries in GET /lots").toEqual(expectedDates);
	for (const l of [...d1PerLocation, ...listed])
		expect(l.expired, `${l.lot} expired`).toBe(l.expiry !== null && l.expiry < now);
}

describe("lots in the stock ledger against a reference model", () => {
	it("ends equal to the model under named lots, FEFO, refusals, transfers, assignments, duplicates, retries, set-effects and deletes", async () => {
		let commandsSent = 0;
		await fc.assert(
			fc.asyncProperty(scenarioArb, async (scenario) => {
				const co = await makeCompany({ locations: LOCATIONS, products: 1 });
				const ref = { companyId: co.companyId, productId: co.productIds[0] ?? "" };
				const tracked = await co.api.patch(`/api/v1/products/${ref.productId}`, { tracking: "lot" });
				expect(tracked.status, JSON.stringify(tracked.body)).toBe(200);
				const run = new LotRun(scenario, co, ref);
				for (const step of scenario.steps) {
					await run.run(step);
					commandsSent += 1;
				}
				await expectLotsAsModelled(co, ref, run.model);
			}),
			{ seed: 20_261_207, numRuns: 40, interruptAfterTimeLimit: 40_000 },
		);
		expect(commandsSent).toBeGreaterThan(600);
		// The runs must have exercised what they are about.
		const seen = (prefix: string) =>
			[...LotRun.seen].filter(([k]) => k.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
		for (const what of [
			"adjust:applied:lots",
			"adjust:lot_refused",
			"adjust:duplicate",
			"adjust:applied",
			"transfer:applied:lots",
			"transfer:lot_refused",
			"assign:applied:lots",
			"assign:lot_refused:lots",
			"assign:duplicate:lots",
			"repick:applied",
			"repick:lot_refused",
			"repick:duplicate",
			"count:applied",
			"count:applied:lots",
			"count:lot_refused:lots",
			"set:applied:lots",
			"set:applied",
			"set:lot_refused",
			"set:stale",
			"delete:applied",
		])
			expect(seen(what), what).toBeGreaterThan(0);
	});
});

/** The smallest cases of what the model found, one rule each. */
describe("lots: minimal cases found by the model", () => {
	it("shows a lot's one expiry at every location in D1, also where it arrived undated before its expiry was known", async () => {
		const co = await makeCompany({ locations: 2, products: 1 });
		const [productId = "", a = "", b = ""] = [co.productIds[0], ...co.locationIds];
		expect((await co.api.patch(`/api/v1/products/${productId}`, { tracking: "lot" })).status).toBe(200);
		const receive = (locationId: string, lot: Record<string, unknown>) =>
			co.api.post("/api/v1/adjustments", {
				productId,
				locationId,
				quantity: lot.quantity,
				lots: [lot],
				idempotencyKey: `recv-${crypto.randomUUID()}`,
			});
		expect((await receive(a, { lot: "L1", quantity: 2 })).status).toBe(201);
		// The lot's expiry becomes known with a receipt elsewhere: the lot has it everywhere now.
		expect((await receive(b, { lot: "L1", expiry: "2020-01-15", quantity: 1 })).status).toBe(201);
		const state = await readProductStockState(env, { companyId: co.companyId, productId });
		expect(state.lots.map((l) => [l.locationId, l.expiry]).sort()).toEqual(
			[
				[a, "2020-01-15"],
				[b, "2020-01-15"],
			].sort(),
		);
		// So the object skips L1 at A as expired when it picks first-expiry-first-out; D1 must say so too.
		const perLocation = (await co.api.get(`/api/v1/products/${productId}/lots`)).json<Schemas["ProductLots"]>().items;
		expect(perLocation.find((r) => r.locationId === a)?.lots).toEqual([
			{ lot: "L1", expiry: "2020-01-15", batch: null, onHand: 2, expired: true, expiring: false },
		]);
		const listed = await allPages<Schemas["LotLevel"]>(co.api, `/api/v1/lots?productId=${productId}&expired=true`);
		expect(listed.map((l) => l.locationId).sort()).toEqual([a, b].sort());
	});

	it("does not undo again what a named lot already gave back: a receipt into A 2 + B 3 reduced to nothing, 2 named from A", async () => {
		const co = await makeCompany({ locations: 1, products: 1 });
		const ref = { companyId: co.companyId, productId: co.productIds[0] ?? "" };
		const locationId = co.locationIds[0] ?? "";
		const receipt = (version: number, onHand: number, lots: NamedLot[]): StockCommand => ({
			type: "set",
			source: "purchase-receipt:1",
			kind: "purchase_receipt",
			locationId,
			effect: { onHand, reserved: 0, incoming: 0 },
			version,
			lots,
		});
		await executeStockCommand(
			env,
			ref,
			receipt(1, 50_000, [
				{ lot: "A", quantity: 20_000 },
				{ lot: "B", quantity: 30_000 },
			]),
		);
		// A holds 8 more from elsewhere.
		await executeStockCommand(env, ref, {
			type: "adjust",
			source: "adjustment:more-a",
			locationId,
			quantity: 80_000,
			lots: [{ lot: "A", quantity: 80_000 }],
		});
		// The receipt is reduced to nothing, its 2 of A named: the other 3 it put into B come back out of B.
		await executeStockCommand(env, ref, receipt(2, 0, [{ lot: "A", quantity: -20_000 }]));
		const state = await readProductStockState(env, ref);
		expect(nonZeroLots(state)).toEqual([{ locationId, lot: "A", onHand: 80_000, expiry: null }]);
	});
});

/**
 * Model-based property test of builds with lots and of the trace graph
 * (docs/architecture.md#lots-in-builds, docs/architecture.md#traceability). Components C1 and C2
 * go into a sub-assembly S, S and C2 into an assembly A, all four tracked by lot, at two
 * locations. Random steps through the API (workerd, D1, the real product objects): stock received
 * into lots (dated, undated, expired) and without, shipped out naming lots (within or beyond what
 * they hold: refused whole) or not, transferred lot for lot; builds of S and A picking chosen
 * component lots (within or beyond) or first-expiry-first-out, into a typed, a generated or no
 * lot; unbuilds from a chosen lot or not, putting components back into lots or not; earlier keys
 * sent again. The same steps go through a small model (build-lots-reference-model.ts).
 *
 * Every 5 steps and at the end, for every product and location: Σ lots + unassigned = the
 * level, each lot and its expiry as the model says, none negative. Every 10 steps and at the end,
 * for every lot the ledger knows, its trace: where it is (per location and in all), its own history adding up to
 * that, and the graph both ways equal to the one the model's lot parts make; each lot a build
 * produced is traced back to exactly the component lots and quantities that went in, and each lot
 * it consumed forward to the build and the lots it made. The reconciliation is ok.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allPages, expectProblem, type LevelRow, type Schemas } from "./api-checks";
import {
	type Bom,
	BuildLotsModel,
	keyOf,
	type LotKey,
	type ModelRequest,
	modelGraph,
	type NamedLot,
	type Part,
} from "./build-lots-reference-model";
import { makeCompany, type TestCompany } from "./helpers";

const LOCATIONS = 2;
const [C1, C2, S, A] = [0, 1, 2, 3] as const;
const NAMES = ["C1", "C2", "S", "A"] as const;
/** S = 2 × C1 + 1 × C2; A = 1 × S + 1 × C2. */
const BOM: Bom = {
	[S]: [
		{ product: C1, per: 2 },
		{ product: C2, per: 1 },
	],
	[A]: [
		{ product: S, per: 1 },
		{ product: C2, per: 1 },
	],
};
/** Each product's named lots: `<name>-<letter>`, one expiry per letter (X expired long ago, N none). */
const LETTERS = ["X", "N", "P", "Q"] as const;
const EXPIRIES: Record<(typeof LETTERS)[number], string | null> = {
	X: "2020-01-15",
	N: null,
	P: "2098-03-01",
	Q: "2099-12-31",
};
const GENERATED_EXPIRY = "2099-06-30";

const lotName = (product: number, letter: number) => `${NAMES[product]}-${LETTERS[letter % LETTERS.length]}`;
const expiryOf = (letter: number) => EXPIRIES[LETTERS[letter % LETTERS.length] ?? "N"];

const locationArb = fc.nat(LOCATIONS - 1);
/** Stock arrives, and builds happen, mostly at the first location: builds find their components there. */
const mainlyFirstArb = fc.constantFrom(0, 0, 0, 1);
const buildLocationArb = fc.constantFrom(0, 0, 0, 0, 0, 1);
/** A pick from a lot: a share (in quarters) of what it holds then, or one unit beyond it (refused). */
const picksArb = fc.uniqueArray(
	fc.record({
		lot: fc.nat(LETTERS.length - 1),
		share: fc.integer({ min: 1, max: 4 }),
		beyond: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
	}),
	{ selector: (p) => p.lot, maxLength: 2 },
);
type Picks = typeof picksArb extends fc.Arbitrary<infer P> ? P : never;

const stepArb = fc.oneof(
	{
		weight: 7,
		arbitrary: fc.record({
			type: fc.constant("receive" as const),
			product: fc.constantFrom(C1, C1, C1, C2, C2, C2, S, A),
			location: mainlyFirstArb,
			lots: fc.uniqueArray(
				fc.record({ lot: fc.nat(LETTERS.length - 1), quantity: fc.noBias(fc.integer({ min: 1, max: 8 })) }),
				{
					selector: (l) => l.lot,
					maxLength: 2,
				},
			),
			extra: fc.nat(2),
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant("ship" as const),
			product: fc.nat(NAMES.length - 1),
			location: locationArb,
			picks: picksArb,
			extra: fc.nat(3),
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			type: fc.constant("transfer" as const),
			product: fc.nat(NAMES.length - 1),
			from: locationArb,
			picks: picksArb,
			extra: fc.nat(2),
		}),
	},
	{
		weight: 6,
		arbitrary: fc.record({
			type: fc.constant("build" as const),
			product: fc.constantFrom(S, S, A),
			location: buildLocationArb,
			quantity: fc.integer({ min: 1, max: 2 }),
			/** Per component (in BOM order): the lots picked by hand, or none (first-expiry-first-out). */
			picks: fc.tuple(fc.option(picksArb), fc.option(picksArb)),
			output: fc.constantFrom("none", "typed", "typed", "generated", "generatedDated"),
			letter: fc.nat(LETTERS.length - 1),
		}),
	},
	{
		weight: 3,
		arbitrary: fc.record({
			type: fc.constant("unbuild" as const),
			product: fc.constantFrom(S, A),
			location: buildLocationArb,
			quantity: fc.constantFrom(1, 1, 2),
			/** The assembly lot taken apart: one of its known lots, or none (first-expiry-first-out). */
			from: fc.option(fc.nat()),
			/** Per component: the lot it goes back into (a share of its total), or none (unassigned). */
			back: fc.tuple(
				fc.option(fc.record({ lot: fc.nat(LETTERS.length - 1), share: fc.integer({ min: 1, max: 4 }) })),
				fc.option(fc.record({ lot: fc.nat(LETTERS.length - 1), share: fc.integer({ min: 1, max: 4 }) })),
			),
		}),
	},
	{ weight: 2, arbitrary: fc.record({ type: fc.constant("replay" as const), which: fc.nat() }) },
);
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

/** Components (and some sub-assemblies) received at the first location to begin with, so that most builds find what they need. */
const openingArb: fc.Arbitrary<Step[]> = fc.array(
	fc.record({
		type: fc.constant("receive" as const),
		product: fc.constantFrom(C1, C1, C2, C2, S),
		location: fc.constant(0),
		lots: fc.uniqueArray(
			fc.record({ lot: fc.nat(LETTERS.length - 1), quantity: fc.noBias(fc.integer({ min: 3, max: 10 })) }),
			{ selector: (l) => l.lot, minLength: 1, maxLength: 2 },
		),
		extra: fc.nat(2),
	}),
	{ minLength: 3, maxLength: 5 },
);
/** An opening, then 10 to 20 random steps. */
const sequenceArb = fc
	.tuple(openingArb, fc.array(stepArb, { minLength: 10, maxLength: 20 }))
	.map(([opening, steps]) => [...opening, ...steps]);

type Trace = Schemas["LotTrace"];
type BuildAnswer = Schemas["BuildResult"];
type Sent = { request: ModelRequest; path: string; body: Record<string, unknown>; status: number; answer: unknown };
/** An accepted build or unbuild: the lots it took and the lots it filled, as the model says. */
type BuildRecord = { id: string; consumed: Part[]; produced: Part[] };

/** Drives one company through the API and the model side by side. */
class Run {
	readonly model = new BuildLotsModel(NAMES.length, LOCATIONS, BOM);
	readonly sent: Sent[] = [];
	readonly builds: BuildRecord[] = [];
	/** Outcomes per kind of request, to show that the runs exercise each. */
	static readonly seen = new Map<string, number>();
	private keys = 0;

	constructor(private readonly co: TestCompany) {}

	private productId = (i: number) => this.co.productIds[i] ?? "";
	private locationId = (i: number) => this.co.locationIds[i] ?? "";
	productIndex = (id: string) => this.co.productIds.indexOf(id);

	async step(step: Step, label: string): Promise<void> {
		if (step.type === "replay") return this.replay(step.which, label);
		const request = this.resolve(step);
		if (!request) return;
		const entry: Sent = {
			request,
			...this.http(request, `k${++this.keys}-${crypto.randomUUID()}`),
			status: 0,
			answer: null,
		};
		this.sent.push(entry);
		await this.send(entry, label);
	}

	/** The step as a request, its quantities chosen from what the model holds now; null when it would move nothing. */
	private resolve(step: Exclude<Step, { type: "replay" }>): ModelRequest | null {
		const m = this.model;
		switch (step.type) {
			case "receive": {
				const lots = step.lots.map((l) => {
					const expiry = expiryOf(l.lot);
					return { lot: lotName(step.product, l.lot), quantity: l.quantity, ...(expiry ? { expiry } : {}) };
				});
				const quantity = lots.reduce((s, l) => s + l.quantity, 0) + step.extra;
				if (quantity === 0) return null;
				return { type: "adjust", product: step.product, location: step.location, quantity, lots };
			}
			case "ship":
			case "transfer": {
				const location = step.type === "ship" ? step.location : step.from;
				const lots = this.picked(step.product, location, step.picks, Number.POSITIVE_INFINITY);
				const quantity = lots.reduce((s, l) => s + l.quantity, 0) + step.extra;
				if (quantity === 0) return null;
				return step.type === "ship"
					? { type: "adjust", product: step.product, location, quantity: -quantity, lots }
					: { type: "transfer", product: step.product, from: location, to: 1 - location, quantity, lots };
			}
			case "build": {
				const componentLots = (BOM[step.product] ?? []).flatMap((c, i) => {
					const picks = step.picks[i];
					const total = m.total(step.product, c.product, step.quantity);
					const lots = picks ? this.picked(c.product, step.location, picks, total) : [];
					return lots.length > 0 ? [{ product: c.product, lots }] : [];
				});
				const expiry = expiryOf(step.letter);
				const output =
					step.output === "typed"
						? { lot: { lot: lotName(step.product, step.letter), ...(expiry ? { expiry } : {}) } }
						: step.output === "generated"
							? { generateLot: true }
							: step.output === "generatedDated"
								? { generateLot: true, lot: { expiry: GENERATED_EXPIRY } }
								: {};
				return {
					type: "build",
					kind: "build",
					product: step.product,
					location: step.location,
					quantity: step.quantity,
					componentLots,
					...output,
				};
			}
			case "unbuild": {
				const known = [...(m.info[step.product]?.keys() ?? [])].sort();
				const from = step.from === null || known.length === 0 ? null : known[step.from % known.length];
				const componentLots = (BOM[step.product] ?? []).flatMap((c, i) => {
					const back = step.back[i];
					if (!back) return [];
					const quantity = Math.ceil((m.total(step.product, c.product, step.quantity) * back.share) / 4);
					return [{ product: c.product, lots: [{ lot: lotName(c.product, back.lot), quantity }] }];
				});
				return {
					type: "build",
					kind: "unbuild",
					product: step.product,
					location: step.location,
					quantity: step.quantity,
					componentLots,
					...(from ? { lot: { lot: from } } : {}),
				};
			}
		}
	}

	/** Picks from lots by share of what they hold (or one beyond), within `limit` in all. */
	private picked(product: number, location: number, picks: Picks, limit: number): NamedLot[] {
		let left = limit;
		return picks.flatMap((p) => {
			const lot = lotName(product, p.lot);
			const holds = this.model.lotStock(product, location, lot);
			const quantity = Math.min(left, p.beyond ? holds + 1 : Math.ceil((holds * p.share) / 4));
			if (quantity <= 0) return [];
			left -= quantity;
			return [{ lot, quantity }];
		});
	}

	private http(request: ModelRequest, idempotencyKey: string): { path: string; body: Record<string, unknown> } {
		const lots = (ls: NamedLot[]) => (ls.length > 0 ? { lots: ls } : {});
		switch (request.type) {
			case "adjust":
				return {
					path: "/api/v1/adjustments",
					body: {
						productId: this.productId(request.product),
						locationId: this.locationId(request.location),
						quantity: request.quantity,
						...lots(request.lots),
						// The model lets stock go below zero: every move is confirmed (docs/architecture.md#negative-stock).
						allowNegative: true,
						idempotencyKey,
					},
				};
			case "transfer":
				return {
					path: "/api/v1/transfers",
					body: {
						productId: this.productId(request.product),
						fromLocationId: this.locationId(request.from),
						toLocationId: this.locationId(request.to),
						quantity: request.quantity,
						...lots(request.lots),
						allowNegative: true,
						idempotencyKey,
					},
				};
			case "build":
				return {
					path: "/api/v1/builds",
					body: {
						productId: this.productId(request.product),
						locationId: this.locationId(request.location),
						quantity: request.quantity,
						kind: request.kind,
						...(request.componentLots.length > 0
							? {
									componentLots: request.componentLots.map((c) => ({
										productId: this.productId(c.product),
										lots: c.lots.map((l) => ({ lot: l.lot, quantity: l.quantity })),
									})),
								}
							: {}),
						...(request.lot ? { lot: request.lot } : {}),
						...(request.generateLot ? { generateLot: true } : {}),
						idempotencyKey,
					},
				};
		}
	}

	/** Sends a request (again, for one refused before) and holds the answer to the model's judgement. */
	private async send(entry: Sent, label: string): Promise<void> {
		const { request } = entry;
		const refusal = this.model.judge(request);
		const res = await this.co.api.post(entry.path, entry.body);
		const what = `${label}: ${entry.path} ${JSON.stringify(entry.body)} → ${JSON.stringify(res.body)}`;
		const kind = request.type === "build" ? request.kind : request.type;
		if (refusal) {
			const field =
				refusal.product === undefined ? refusal.field : `${refusal.field}.${this.productId(refusal.product)}`;
			expectProblem(res, 409, refusal.code, field);
			entry.status = 409;
			Run.seen.set(`${kind} refused ${refusal.code}`, (Run.seen.get(`${kind} refused ${refusal.code}`) ?? 0) + 1);
			return;
		}
		expect(res.status, what).toBe(201);
		entry.status = 201;
		entry.answer = res.body;
		Run.seen.set(kind, (Run.seen.get(kind) ?? 0) + 1);
		if (request.type !== "build") {
			const key = String(entry.body.idempotencyKey);
			this.model.apply(request, `${request.type === "adjust" ? "adjustment" : "transfer"}:${key}`);
			return;
		}
		const answer = res.json<BuildAnswer>();
		const produced = answer.lots.produced.find((l) => l.productId === this.productId(request.product));
		let generated: string | undefined;
		if (request.generateLot) {
			Run.seen.set("generated lot", (Run.seen.get("generated lot") ?? 0) + 1);
			// <SKU>-<the build's UTC day>-<1 + the highest n the product has with that prefix>.
			const day = answer.createdAt.slice(0, 10).replaceAll("-", "");
			generated = this.model.nextGenerated(request.product, `SKU-000${request.product}-${day}-`);
			expect(produced?.lot, what).toBe(generated);
		}
		const parts = this.model.apply(request, `build:${answer.id}`, generated);
		const record = {
			id: answer.id,
			consumed: parts.filter((p) => p.delta < 0),
			produced: parts.filter((p) => p.delta > 0),
		};
		this.builds.push(record);
		// The build's answer shows its genealogy as the model has it.
		const lines = (ps: Part[]) =>
			ps
				.map((p) => ({
					productId: this.productId(p.product),
					lot: p.lot,
					expiry: this.model.expiryOf(p.product, p.lot),
					quantity: Math.abs(p.delta),
				}))
				.sort(byProductLot);
		expect(
			{
				consumed: [...answer.lots.consumed].sort(byProductLot),
				produced: [...answer.lots.produced].sort(byProductLot),
			},
			what,
		).toEqual({ consumed: lines(record.consumed), produced: lines(record.produced) });
	}

	/** An earlier request with its key: applied before, its first answer and nothing moves; refused before, judged again now. */
	private async replay(which: number, label: string): Promise<void> {
		const entry = this.sent[which % Math.max(1, this.sent.length)];
		if (!entry) return;
		if (entry.status !== 201) return this.send(entry, `${label} (again)`);
		const res = await this.co.api.post(entry.path, entry.body);
		expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(200);
		expect(res.body, label).toEqual(entry.answer);
		Run.seen.set("replayed", (Run.seen.get("replayed") ?? 0) + 1);
	}

	/** For every product and location: the level, Σ lots + unassigned, each lot and its expiry, as the model says. */
	async expectStock(label: string): Promise<void> {
		const levels = await allPages<LevelRow>(this.co.api, "/api/v1/levels?limit=1000");
		for (const [p, productId] of this.co.productIds.entries()) {
			const res = await this.co.api.get(`/api/v1/products/${productId}/lots`);
			expect(res.status, label).toBe(200);
			const items = res.json<Schemas["ProductLots"]>().items;
			for (const [l, locationId] of this.co.locationIds.entries()) {
				const at = `${label}: ${NAMES[p]} at location ${l}`;
				const here = items.find((i) => i.locationId === locationId);
				const level = levels.find((r) => r.productId === productId && r.locationId === locationId)?.onHand ?? 0;
				const lots = here?.lots ?? [];
				expect(
					lots.every((x) => x.onHand >= 0),
					at,
				).toBe(true);
				expect(lots.reduce((s, x) => s + x.onHand, 0) + (here?.unassigned ?? 0), at).toBe(level);
				expect(level, at).toBe(this.model.onHand[p]?.[l]);
				expect(here?.unassigned ?? 0, at).toBe(this.model.unassigned(p, l));
				const shown = Object.fromEntries(lots.filter((x) => x.onHand !== 0).map((x) => [x.lot, [x.onHand, x.expiry]]));
				const modelled = Object.fromEntries(
					[...(this.model.stock[p]?.[l] ?? [])]
						.filter(([, q]) => q !== 0)
						.map(([lot, q]) => [lot, [q, this.model.expiryOf(p, lot)]]),
				);
				expect(shown, at).toEqual(modelled);
			}
		}
	}

	/** Every lot the ledger knows, traced: where it is, its history, and its graph as the model's lot parts make it. */
	async expectTraces(label: string): Promise<Map<string, Trace>> {
		const traces = new Map<string, Trace>();
		const lots = new Map(this.model.parts.map((p) => [keyOf(p), { product: p.product, lot: p.lot }]));
		for (const [key, lot] of lots) {
			const at = `${label}: trace of ${key}`;
			const res = await this.co.api.get(
				`/api/v1/products/${this.productId(lot.product)}/lots/${encodeURIComponent(lot.lot)}/trace`,
			);
			expect(res.status, `${at}: ${JSON.stringify(res.body)}`).toBe(200);
			const t = res.json<Trace>();
			traces.set(key, t);
			this.expectWhereAndHistory(t, lot, at);
			this.expectGraph(t, lot, at);
		}
		return traces;
	}

	private expectWhereAndHistory(t: Trace, lot: LotKey, at: string): void {
		const where = this.co.locationIds
			.map((locationId, l) => ({ locationId, onHand: this.model.lotStock(lot.product, l, lot.lot) }))
			.filter((x) => x.onHand !== 0)
			.sort((a, b) => (a.locationId < b.locationId ? -1 : 1));
		expect(t.locations, at).toEqual(where);
		expect(t.onHand, at).toBe(where.reduce((s, x) => s + x.onHand, 0));
		expect(t.lot, at).toMatchObject({ productId: this.productId(lot.product), lot: lot.lot, side: "root", depth: 0 });
		expect(t.lot.expiry, at).toBe(this.model.expiryOf(lot.product, lot.lot));
		// Its own movements, oldest first: one per lot part, each `after` the running sum at its location.
		const own = this.model.parts.filter((p) => p.product === lot.product && p.lot === lot.lot);
		expect(t.historyTruncated, at).toBe(false);
		expect(t.history.length, at).toBe(own.length);
		const running = new Map<string, number>();
		for (const h of [...t.history].reverse()) {
			const after = (running.get(h.locationId) ?? 0) + h.delta;
			running.set(h.locationId, after);
			expect(h.after, `${at}: history ${JSON.stringify(h)}`).toBe(after);
		}
		for (const w of where) expect(running.get(w.locationId), at).toBe(w.onHand);
	}

	private expectGraph(t: Trace, lot: LotKey, at: string): void {
		const expected = modelGraph(this.model.parts, lot);
		const edge = (e: { product: number; lot: string; source: string; flow: string; quantity: number }) =>
			`${NAMES[e.product]}/${e.lot} ${e.flow} ${e.source} ${e.quantity}`;
		expect(t.edges.map((e) => edge({ ...e, product: this.productIndex(e.productId) })).sort(), `${at}: edges`).toEqual(
			expected.edges.map(edge).sort(),
		);
		expect(t.truncated, at).toBe(expected.truncated);
		const shown = t.lots.map((l) => ({ key: keyOf({ product: this.productIndex(l.productId), lot: l.lot }), l }));
		expect(shown.map((s) => s.key).sort(), `${at}: lots`).toEqual([...expected.lots.keys()].sort());
		// A lot reached both ways (an unbuild's cycle) is shown as the way the walk met it first.
		for (const { key, l } of shown)
			expect(expected.lots.get(key), `${at}: ${key} at ${l.side} ${l.depth}`).toContainEqual({
				side: l.side,
				depth: l.depth,
			});
	}

	/** Each build: its produced lots traced back name exactly what it consumed, its consumed lots forward what it made. */
	expectGenealogy(traces: Map<string, Trace>, label: string): void {
		const line = (p: { product: number; lot: string; quantity: number }) =>
			`${NAMES[p.product]}/${p.lot} ${p.quantity}`;
		const lines = (ps: Part[]) => ps.map((p) => line({ ...p, quantity: Math.abs(p.delta) })).sort();
		const through = (t: Trace | undefined, source: string, flow: "in" | "out") =>
			(t?.edges ?? [])
				.filter((e) => e.source === source && e.flow === flow)
				.map((e) => line({ product: this.productIndex(e.productId), lot: e.lot, quantity: e.quantity }))
				.sort();
		for (const b of this.builds) {
			const source = `build:${b.id}`;
			const at = `${label}: ${source}`;
			for (const p of b.produced) expect(through(traces.get(keyOf(p)), source, "out"), at).toEqual(lines(b.consumed));
			for (const c of b.consumed) {
				const t = traces.get(keyOf(c));
				expect(through(t, source, "in"), at).toEqual(lines(b.produced));
				const reached = new Set(
					(t?.lots ?? []).map((l) => keyOf({ product: this.productIndex(l.productId), lot: l.lot })),
				);
				for (const p of b.produced) expect(reached.has(keyOf(p)), `${at}: ${keyOf(c)} reaches ${keyOf(p)}`).toBe(true);
			}
		}
	}
}

function byProductLot(a: { productId: string; lot: string }, b: { productId: string; lot: string }): number {
	return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0;
}

/** Four products tracked by lot (C1, C2, S, A: SKU-0000…3), the two BOMs, two locations, no stock. */
async function buildShop(): Promise<TestCompany> {
	const co = await makeCompany({ locations: LOCATIONS, products: NAMES.length });
	for (const productId of co.productIds) {
		const res = await co.api.patch(`/api/v1/products/${productId}`, { tracking: "lot" });
		expect(res.status, JSON.stringify(res.body)).toBe(200);
	}
	for (const [assembly, components] of Object.entries(BOM)) {
		const res = await co.api.call("PUT", `/api/v1/assemblies/${co.productIds[Number(assembly)]}`, {
			components: components.map((c) => ({ productId: co.productIds[c.product], quantity: c.per })),
			version: 0,
		});
		expect(res.status, JSON.stringify(res.body)).toBe(200);
	}
	return co;
}

describe("builds with lots and their trace against a reference model", () => {
	it("keeps Σ lots + unassigned = the level, no lot negative, and a trace graph consistent with the ledger", async () => {
		let steps = 0;
		await fc.assert(
			fc.asyncProperty(sequenceArb, async (sequence) => {
				const co = await buildShop();
				const run = new Run(co);
				for (const [i, step] of sequence.entries()) {
					const label = `step ${i} ${JSON.stringify(step)}`;
					await run.step(step, label);
					steps += 1;
					if (i % 5 === 4) await run.expectStock(label);
					if (i % 10 === 9) run.expectGenealogy(await run.expectTraces(label), label);
				}
				await run.expectStock("at the end");
				run.expectGenealogy(await run.expectTraces("at the end"), "at the end");
				const reconciliation = await co.api.get("/api/v1/reconciliation");
				expect(reconciliation.json()).toMatchObject({ ok: true, mismatches: [], lotMismatches: [] });
			}),
			{ numRuns: 10, seed: 20_261_213, endOnFailure: true },
		);
		expect(steps).toBeGreaterThan(100);
		// The runs exercise every path: builds and unbuilds applied and refused both ways, generated lots, replays.
		for (const [what, least] of [
			["build", 15],
			["unbuild", 5],
			["generated lot", 3],
			["transfer", 2],
			["replayed", 5],
			["build refused insufficient_stock", 1],
			["build refused lot_refused", 1],
			["unbuild refused lot_refused", 1],
			["adjust refused lot_refused", 1],
		] as const)
			expect(Run.seen.get(what) ?? 0, what).toBeGreaterThanOrEqual(least);
	});
});

describe("the trace of a lot an unbuild put back (found by the model above)", () => {
	/**
	 * S-1 and C-1 built into A-1, then A-1 taken apart into S-1 and a new C-2: A-1 lies both behind
	 * S-1 (the unbuild filled it) and ahead of it (the build took it). Each way the walk must go on
	 * from A-1: forward to C-2 (where the unbuild put the rest), backward to C-1 (what else A-1 was
	 * made of) — not only the way that met A-1 first.
	 */
	it("goes on both ways from a lot reached both ways", async () => {
		const co = await makeCompany({ locations: 1, products: 3 });
		const [a, s, c] = co.productIds as [string, string, string];
		const locationId = co.locationIds[0] ?? "";
		for (const productId of [a, s, c])
			expect((await co.api.patch(`/api/v1/products/${productId}`, { tracking: "lot" })).status).toBe(200);
		const bom = await co.api.call("PUT", `/api/v1/assemblies/${a}`, {
			components: [
				{ productId: s, quantity: 1 },
				{ productId: c, quantity: 1 },
			],
			version: 0,
		});
		expect(bom.status, JSON.stringify(bom.body)).toBe(200);
		const post = async (path: string, body: Record<string, unknown>) => {
			const res = await co.api.post(path, { locationId, ...body, idempotencyKey: crypto.randomUUID() });
			expect(res.status, JSON.stringify(res.body)).toBe(201);
			return res.json<{ id: string }>();
		};
		await post("/api/v1/adjustments", { productId: s, quantity: 1, lots: [{ lot: "S-1", quantity: 1 }] });
		await post("/api/v1/adjustments", {
			productId: c,
			quantity: 1,
			lots: [{ lot: "C-1", quantity: 1 }],
		});
		const build = await post("/api/v1/builds", { productId: a, quantity: 1, lot: { lot: "A-1" } });
		const unbuild = await post("/api/v1/builds", {
			productId: a,
			quantity: 1,
			kind: "unbuild",
			lot: { lot: "A-1" },
			componentLots: [
				{ productId: s, lots: [{ lot: "S-1", quantity: 1 }] },
				{ productId: c, lots: [{ lot: "C-2", quantity: 1 }] },
			],
		});

		const res = await co.api.get(`/api/v1/products/${s}/lots/S-1/trace`);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const t = res.json<Trace>();
		const name = (productId: string, lot: string) => `${productId === a ? "A" : productId === s ? "S" : "C"}/${lot}`;
		const kind = (source: string) =>
			source === `build:${build.id}` ? "build" : source === `build:${unbuild.id}` ? "unbuild" : "adjustment";
		expect(t.edges.map((e) => `${name(e.productId, e.lot)} ${e.flow} ${kind(e.source)} ${e.quantity}`).sort()).toEqual(
			[
				"S/S-1 in adjustment 1",
				"S/S-1 out build 1",
				"A/A-1 in build 1",
				"A/A-1 out unbuild 1",
				"S/S-1 in unbuild 1",
				// Forward from A-1: the rest of what the unbuild filled.
				"C/C-2 in unbuild 1",
				// Backward from A-1: the rest of what the build took, and where that came from.
				"C/C-1 out build 1",
				"C/C-1 in adjustment 1",
			].sort(),
		);
		expect(t.lots.map((l) => name(l.productId, l.lot)).sort()).toEqual(["A/A-1", "C/C-1", "C/C-2", "S/S-1"]);
		expect(t.truncated).toBe(false);
	});
});

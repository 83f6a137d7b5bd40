/**
 * Model-based property test of serial numbers (docs/architecture.md#lots): random receipts of
 * serials (some already in stock: refused), shipments naming serials (some not there: refused) or
 * naming none (whole serials picked first in first out, then the unassigned rest), stock arriving
 * without serials, transfers of serials, counts per serial, and replays of earlier keys, all through
 * the API (workerd, D1, a real product object) and through a tiny model written here: each serial
 * is at one location or none. After every step: no serial is in two places or on hand twice, and
 * where each serial is, and each location's unassigned rest, equal the model's; at the end the
 * reconciliation is ok.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Schemas } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";

const SERIALS = ["S0", "S1", "S2", "S3", "S4", "S5"] as const;
const LOCATIONS = 2;

type Step =
	| { type: "receive"; location: number; serials: string[] }
	| { type: "ship"; location: number; serials: string[] }
	| { type: "shipUnnamed"; location: number; quantity: number }
	| { type: "arriveUnnamed"; location: number; quantity: number }
	| { type: "transfer"; from: number; serials: string[] }
	| { type: "count"; location: number; serials: string[]; unassigned: number }
	| { type: "replay"; which: number };

const serialsArb = fc.uniqueArray(fc.constantFrom(...SERIALS), { minLength: 1, maxLength: 3 });
const locationArb = fc.nat(LOCATIONS - 1);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ type: fc.constant("receive"), location: locationArb, serials: serialsArb }) },
	{ weight: 3, arbitrary: fc.record({ type: fc.constant("ship"), location: locationArb, serials: serialsArb }) },
	fc.record({ type: fc.constant("shipUnnamed"), location: locationArb, quantity: fc.integer({ min: 1, max: 3 }) }),
	fc.record({ type: fc.constant("arriveUnnamed"), location: locationArb, quantity: fc.integer({ min: 1, max: 2 }) }),
	{ weight: 2, arbitrary: fc.record({ type: fc.constant("transfer"), from: locationArb, serials: serialsArb }) },
	fc.record({
		type: fc.constant("count"),
		location: locationArb,
		serials: serialsArb,
		unassigned: fc.nat(2),
	}),
	fc.record({ type: fc.constant("replay"), which: fc.nat(30) }),
);

/** Where each serial is (a location index) or null, the unassigned rest per location, and first-in order. */
class SerialModel {
	readonly where = new Map<string, number | null>();
	readonly unassigned = Array.from({ length: LOCATIONS }, () => 0);
	private readonly firstIn = new Map<string, number>();
	private clock = 0;

	at(location: number): string[] {
		return [...this.where].filter(([, l]) => l === location).map(([s]) => s);
	}

	/** Applies a step; answers whether it is accepted (a refused step changes nothing). */
	apply(step: Exclude<Step, { type: "replay" }>): boolean {
		this.clock += 1;
		switch (step.type) {
			case "receive":
				if (step.serials.some((s) => (this.where.get(s) ?? null) !== null)) return false;
				for (const s of step.serials) this.place(s, step.location);
				return true;
			case "ship":
				if (step.serials.some((s) => this.where.get(s) !== step.location)) return false;
				for (const s of step.serials) this.where.set(s, null);
				return true;
			case "shipUnnamed": {
				// Whole serials first, first in first out (ties by name), then the unassigned rest.
				const picked = this.at(step.location)
					.sort((a, b) => (this.firstIn.get(a) ?? 0) - (this.firstIn.get(b) ?? 0) || (a < b ? -1 : 1))
					.slice(0, step.quantity);
				for (const s of picked) this.where.set(s, null);
				this.unassigned[step.location] = (this.unassigned[step.location] ?? 0) - (step.quantity - picked.length);
				return true;
			}
			case "arriveUnnamed":
				this.unassigned[step.location] = (this.unassigned[step.location] ?? 0) + step.quantity;
				return true;
			case "transfer": {
				if (step.serials.some((s) => this.where.get(s) !== step.from)) return false;
				for (const s of step.serials) this.where.set(s, 1 - step.from);
				return true;
			}
			case "count": {
				const elsewhere = step.serials.some((s) => {
					const l = this.where.get(s) ?? null;
					return l !== null && l !== step.location;
				});
				if (elsewhere) return false;
				for (const s of this.at(step.location)) if (!step.serials.includes(s)) this.where.set(s, null);
				for (const s of step.serials) this.place(s, step.location);
				this.unassigned[step.location] = step.unassigned;
				return true;
			}
		}
	}

	private place(serial: string, location: number): void {
		this.where.set(serial, location);
		if (!this.firstIn.has(serial)) this.firstIn.set(serial, this.clock);
	}
}

/** The request a step makes (its key is added when it is first sent). */
function request(step: Exclude<Step, { type: "replay" }>, productId: string, locationIds: string[]) {
	const loc = (i: number) => locationIds[i] ?? "";
	const one = (serials: string[]) => serials.map((lot) => ({ lot, quantity: 1 }));
	switch (step.type) {
		case "receive":
			return {
				path: "/api/v1/adjustments",
				body: { productId, locationId: loc(step.location), quantity: step.serials.length, lots: one(step.serials) },
			};
		case "ship":
			return {
				path: "/api/v1/adjustments",
				body: { productId, locationId: loc(step.location), quantity: -step.serials.length, lots: one(step.serials) },
			};
		case "shipUnnamed":
			return {
				path: "/api/v1/adjustments",
				body: { productId, locationId: loc(step.location), quantity: -step.quantity },
			};
		case "arriveUnnamed":
			return {
				path: "/api/v1/adjustments",
				body: { productId, locationId: loc(step.location), quantity: step.quantity },
			};
		case "transfer":
			return {
				path: "/api/v1/transfers",
				body: {
					productId,
					fromLocationId: loc(step.from),
					toLocationId: loc(1 - step.from),
					quantity: step.serials.length,
					lots: one(step.serials),
				},
			};
		case "count":
			return {
				path: "/api/v1/counts",
				body: {
					productId,
					locationId: loc(step.location),
					onHand: step.serials.length + step.unassigned,
					lots: step.serials.map((lot) => ({ lot, onHand: 1 })),
				},
			};
	}
}

async function expectAsModelled(co: TestCompany, productId: string, model: SerialModel, label: string) {
	const lots = await co.api.get(`/api/v1/lots?productId=${productId}&limit=200`);
	const rows = lots.json<{ items: Schemas["LotLevel"][] }>().items;
	// No serial in two places, none held more than once.
	expect(new Set(rows.map((r) => r.lot)).size, label).toBe(rows.length);
	expect(
		rows.every((r) => r.onHand === 1),
		label,
	).toBe(true);
	const expected = Object.fromEntries(
		[...model.where].filter(([, l]) => l !== null).map(([s, l]) => [s, co.locationIds[l ?? 0]]),
	);
	expect(Object.fromEntries(rows.map((r) => [r.lot, r.locationId])), label).toEqual(expected);
	const perLocation = (await co.api.get(`/api/v1/products/${productId}/lots`)).json<Schemas["ProductLots"]>().items;
	for (const [i, locationId] of co.locationIds.entries()) {
		const here = perLocation.find((p) => p.locationId === locationId);
		expect(here?.unassigned ?? 0, `${label}: unassigned at location ${i}`).toBe(model.unassigned[i]);
		expect(here?.onHand ?? 0, `${label}: on hand at location ${i}`).toBe(
			model.at(i).length + (model.unassigned[i] ?? 0),
		);
	}
}

describe("serial numbers against a reference model", () => {
	it("never has a serial in two places or on hand twice, and agrees with the model under refusals and replays", async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(stepArb, { minLength: 4, maxLength: 18 }), async (steps) => {
				const co = await makeCompany({ locations: LOCATIONS, products: 1 });
				const productId = co.productIds[0] ?? "";
				expect((await co.api.patch(`/api/v1/products/${productId}`, { tracking: "serial" })).status).toBe(200);
				const model = new SerialModel();
				type Sent = { step: Exclude<Step, { type: "replay" }>; path: string; body: object; status: number };
				const sent: Sent[] = [];
				for (const [i, step] of steps.entries()) {
					const label = `step ${i} ${JSON.stringify(step)}`;
					if (step.type === "replay") {
						const earlier = sent[step.which % Math.max(1, sent.length)];
						if (!earlier) continue;
						const again = await co.api.post(earlier.path, earlier.body);
						if (earlier.status === 201) {
							// Applied before: its first answer again, nothing changes.
							expect(again.status, `${label}: ${JSON.stringify(again.body)}`).toBe(200);
						} else {
							// A refused request spent no key: sent again, it is judged again, as things are now.
							const accepted = model.apply(earlier.step);
							expect(again.status, `${label}: ${JSON.stringify(again.body)}`).toBe(accepted ? 201 : 409);
							if (accepted) earlier.status = 201;
						}
						await expectAsModelled(co, productId, model, label);
						continue;
					}
					// Stock is never shipped below zero here: the bounds of on hand are another test's subject.
					if (step.type === "shipUnnamed")
						step.quantity = Math.min(
							step.quantity,
							model.at(step.location).length + (model.unassigned[step.location] ?? 0),
						);
					if (step.type === "shipUnnamed" && step.quantity === 0) continue;
					const { path, body } = request(step, productId, co.locationIds);
					const withKey = { ...body, idempotencyKey: `k-${i}-${crypto.randomUUID()}` };
					const res = await co.api.post(path, withKey);
					const accepted = model.apply(step);
					expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(accepted ? 201 : 409);
					sent.push({ step, path, body: withKey, status: res.status });
					await expectAsModelled(co, productId, model, label);
				}
				const reconciliation = await co.api.get("/api/v1/reconciliation");
				expect(reconciliation.json()).toMatchObject({ ok: true, mismatches: [], lotMismatches: [] });
			}),
			{ numRuns: 15, seed: 20261207, endOnFailure: true },
		);
	});
});

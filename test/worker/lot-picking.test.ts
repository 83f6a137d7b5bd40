/**
 * Property tests of the lot rules (worker/stock/lot-allocation.ts, docs/architecture.md#lots)
 * against a tiny brute reference written here: lots sorted by the rule and taken greedily.
 *
 * The rules, as the reference states them: named lots move as named (never below zero); what is
 * left first undoes what the same source still holds from before (in lot-name order: against an
 * increase it put in, bounded by what the lot holds; against a decrease it took); an increase left
 * over stays unassigned; a decrease left over is taken from the non-expired lots with stock,
 * dated lots by expiry, then lots without expiry first in first out (ties: first in, then name).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	allocateLots,
	LotShortError,
	type LotStock,
	type NamedLot,
	pickingOrder,
} from "../../worker/stock/lot-allocation";

const TODAY = "2026-06-15";
/** Around today, so that equal expiries, the boundary (expiry = today: not expired) and expired lots all occur. */
const EXPIRIES = [null, "2026-06-13", "2026-06-14", "2026-06-15", "2026-06-16", "2026-06-17", "2027-01-01"] as const;
const NAMES = ["A", "B", "C", "D", "E", "F"] as const;
/** A lot never seen at the location (a new lot named by a receipt). */
const NEW_LOT = "N";

const lotStockArb = fc.uniqueArray(
	fc.record({
		lot: fc.constantFrom(...NAMES),
		onHand: fc.integer({ min: 0, max: 20 }),
		expiry: fc.constantFrom(...EXPIRIES),
		firstIn: fc.integer({ min: 1, max: 4 }),
	}),
	{ selector: (l) => l.lot, maxLength: NAMES.length },
);

const heldArb = fc
	.uniqueArray(
		fc.record({
			lot: fc.constantFrom(...NAMES, NEW_LOT),
			holds: fc.integer({ min: -12, max: 12 }).filter((h) => h !== 0),
		}),
		{ selector: (h) => h.lot, maxLength: 4 },
	)
	// In lot order, as the product object reads a source's holdings (`ORDER BY lot`).
	.map((hs) => new Map<string, number>(hs.sort((a, b) => (a.lot < b.lot ? -1 : 1)).map((h) => [h.lot, h.holds])));

const deltaArb = fc.integer({ min: -60, max: 60 }).filter((d) => d !== 0);

/** Named lots as a request may name them: the change's sign, adding up to at most |delta|. */
function namedWithin(delta: number, picks: { lot: string; quantity: number }[]): NamedLot[] {
	const named: NamedLot[] = [];
	let left = Math.abs(delta);
	for (const p of picks) {
		const q = Math.min(p.quantity, left);
		if (q <= 0) break;
		named.push({ lot: p.lot, quantity: Math.sign(delta) * q });
		left -= q;
	}
	return named;
}
const picksArb = fc.uniqueArray(
	fc.record({ lot: fc.constantFrom(...NAMES, NEW_LOT), quantity: fc.integer({ min: 1, max: 15 }) }),
	{ selector: (p) => p.lot, maxLength: 3 },
);

const expired = (l: { expiry: string | null }, today: string) => l.expiry !== null && l.expiry < today;

/** The picking order, stated as a sort key: dated lots by date, then undated ones; first in, then name. */
function referenceOrder(lots: LotStock[], today: string): LotStock[] {
	const key = (l: LotStock) => [l.expiry === null ? 1 : 0, l.expiry ?? "", l.firstIn, l.lot] as const;
	const cmp = (a: LotStock, b: LotStock) => {
		const ka = key(a);
		const kb = key(b);
		for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as never) < (kb[i] as never) ? -1 : 1;
		return 0;
	};
	return lots.filter((l) => l.onHand > 0 && !expired(l, today)).sort(cmp);
}

class Short extends Error {}

/** The brute reference: per lot, what the change moves (lots moved by nothing are absent). */
function referenceAllocate(input: {
	delta: number;
	named: NamedLot[];
	held: Map<string, number>;
	stock: LotStock[];
	today: string;
}): Map<string, number> {
	const has = new Map(input.stock.map((l) => [l.lot, l.onHand]));
	const holds = new Map(input.held);
	const moved = new Map<string, number>();
	const move = (lot: string, q: number) => {
		if (q === 0) return;
		const after = (has.get(lot) ?? 0) + q;
		if (after < 0) throw new Short(lot);
		has.set(lot, after);
		holds.set(lot, (holds.get(lot) ?? 0) + q);
		moved.set(lot, (moved.get(lot) ?? 0) + q);
	};
	for (const n of input.named) move(n.lot, n.quantity);
	let rest = input.delta - input.named.reduce((s, n) => s + n.quantity, 0);
	// What the source still holds from before, after the named lots moved.
	for (const lot of [...holds.keys()].sort()) {
		const h = holds.get(lot) ?? 0;
		if (rest < 0 && h > 0) {
			const take = Math.min(h, -rest, has.get(lot) ?? 0);
			move(lot, -take);
			rest += take;
		} else if (rest > 0 && h < 0) {
			const give = Math.min(-h, rest);
			move(lot, give);
			rest -= give;
		}
	}
	if (rest < 0)
		for (const l of referenceOrder(
			input.stock.map((s) => ({ ...s, onHand: has.get(s.lot) ?? 0 })),
			input.today,
		)) {
			const take = Math.min(l.onHand, -rest);
			move(l.lot, -take);
			rest += take;
		}
	for (const [lot, q] of moved) if (q === 0) moved.delete(lot);
	return moved;
}

function allocated(input: Parameters<typeof allocateLots>[0]): Map<string, number> {
	const deltas = allocateLots(input);
	expect(new Set(deltas.map((d) => d.lot)).size, "one delta per lot").toBe(deltas.length);
	for (const d of deltas) expect(d.delta, `zero delta for ${d.lot}`).not.toBe(0);
	return new Map(deltas.map((d) => [d.lot, d.delta]));
}

const stockAfter = (stock: LotStock[], deltas: Map<string, number>) => {
	const out = new Map(stock.map((l) => [l.lot, l.onHand]));
	for (const [lot, d] of deltas) out.set(lot, (out.get(lot) ?? 0) + d);
	return out;
};

describe("lot picking (lot-allocation.ts) against a brute reference", () => {
	it("orders lots for picking by expiry, then first in, skipping expired and empty lots", () => {
		fc.assert(
			fc.property(lotStockArb, fc.constantFrom(...EXPIRIES.filter((e) => e !== null)), (lots, today) => {
				expect(pickingOrder(lots, today).map((l) => l.lot)).toEqual(referenceOrder(lots, today).map((l) => l.lot));
			}),
			{ numRuns: 500 },
		);
	});

	it("takes a decrease without names first-expiry-first-out: min(|delta|, non-expired stock), earlier expiry first, never expired lots", () => {
		fc.assert(
			fc.property(lotStockArb, deltaArb, (stock, delta) => {
				const deltas = allocated({ locationId: "loc", delta, named: [], held: new Map(), stock, today: TODAY });
				expect(deltas).toEqual(referenceAllocate({ delta, named: [], held: new Map(), stock, today: TODAY }));
				if (delta > 0) {
					// An increase without lots stays unassigned.
					expect(deltas.size).toBe(0);
					return;
				}
				const usable = stock.filter((l) => !expired(l, TODAY)).reduce((s, l) => s + l.onHand, 0);
				const total = [...deltas.values()].reduce((s, d) => s + d, 0);
				expect(total).toBe(0 - Math.min(-delta, usable));
				for (const [lot, d] of deltas) {
					const l = stock.find((s) => s.lot === lot);
					expect(d).toBeLessThan(0);
					expect(l && expired(l, TODAY), `expired lot ${lot} picked`).toBe(false);
					expect((l?.onHand ?? 0) + d).toBeGreaterThanOrEqual(0);
				}
				// A lot is only touched once every lot before it in the order is empty.
				const order = referenceOrder(stock, TODAY);
				const left = stockAfter(stock, deltas);
				order.forEach((l, i) => {
					if (!deltas.has(l.lot)) return;
					for (const earlier of order.slice(0, i))
						expect(left.get(earlier.lot), `${earlier.lot} before ${l.lot}`).toBe(0);
				});
			}),
			{ numRuns: 1_000 },
		);
	});

	it("refuses a named pick beyond what the lot holds (LotShortError naming the lot), and moves within-stock picks as named", () => {
		fc.assert(
			fc.property(lotStockArb, picksArb, deltaArb, (stock, picks, extra) => {
				const named = picks.map((p) => ({ lot: p.lot, quantity: -p.quantity }));
				const delta = named.reduce((s, n) => s + n.quantity, 0) - Math.abs(extra);
				const input = { locationId: "loc", delta, named, held: new Map<string, number>(), stock, today: TODAY };
				const holds = (lot: string) => stock.find((l) => l.lot === lot)?.onHand ?? 0;
				const short = named.find((n) => holds(n.lot) + n.quantity < 0);
				if (short) {
					let thrown: unknown;
					try {
						allocateLots(input);
					} catch (error) {
						thrown = error;
					}
					expect(thrown).toBeInstanceOf(LotShortError);
					expect((thrown as LotShortError).lot).toBe(short.lot);
					expect((thrown as LotShortError).locationId).toBe("loc");
					return;
				}
				const deltas = allocated(input);
				expect(deltas).toEqual(referenceAllocate(input));
				// Named lots gave at least what was named (FEFO may take more of them afterwards).
				for (const n of named) expect(deltas.get(n.lot) ?? 0).toBeLessThanOrEqual(n.quantity);
				for (const [lot, d] of stockAfter(stock, deltas)) expect(d, lot).toBeGreaterThanOrEqual(0);
			}),
			{ numRuns: 1_000 },
		);
	});

	it("undoes a source's holdings in its own lots first, then takes the rest first-expiry-first-out", () => {
		fc.assert(
			fc.property(lotStockArb, heldArb, deltaArb, (stock, held, delta) => {
				const input = { locationId: "loc", delta, named: [], held, stock, today: TODAY };
				const deltas = allocated(input);
				expect(deltas).toEqual(referenceAllocate(input));
				const holds = (lot: string) => stock.find((l) => l.lot === lot)?.onHand ?? 0;
				if (delta > 0) {
					// Puts back only into lots the source took from, at most what it took; the rest stays unassigned.
					const took = [...held].filter(([, h]) => h < 0);
					const back = [...deltas.values()].reduce((s, d) => s + d, 0);
					expect(back).toBe(
						Math.min(
							delta,
							took.reduce((s, [, h]) => s - h, 0),
						),
					);
					for (const [lot, d] of deltas) expect(d).toBeLessThanOrEqual(-(held.get(lot) ?? 0));
					return;
				}
				// Against a decrease: the lots the source filled give back first, up to what they still hold.
				const own = [...held].filter(([, h]) => h > 0).map(([lot, h]) => ({ lot, can: Math.min(h, holds(lot)) }));
				const ownTotal = own.reduce((s, o) => s + o.can, 0);
				const fromOwn = own.reduce((s, o) => s - Math.min(0, deltas.get(o.lot) ?? 0), 0);
				expect(fromOwn).toBeGreaterThanOrEqual(Math.min(-delta, ownTotal));
				const others = [...deltas.keys()].filter((lot) => !own.some((o) => o.lot === lot));
				if (others.length > 0)
					expect(fromOwn, "other lots touched before the source's own were emptied").toBeGreaterThanOrEqual(ownTotal);
				for (const [lot, d] of stockAfter(stock, deltas)) expect(d, lot).toBeGreaterThanOrEqual(0);
			}),
			{ numRuns: 1_000 },
		);
	});

	it("with named lots and earlier holdings together: moves as named, undoes only what the source still holds, then FEFO", () => {
		fc.assert(
			fc.property(lotStockArb, heldArb, picksArb, deltaArb, (stock, held, picks, delta) => {
				const named = namedWithin(delta, picks);
				const input = { locationId: "loc", delta, named, held, stock, today: TODAY };
				let expected: Map<string, number> | "short";
				try {
					expected = referenceAllocate(input);
				} catch (error) {
					if (!(error instanceof Short)) throw error;
					expected = "short";
				}
				if (expected === "short") expect(() => allocateLots(input)).toThrow(LotShortError);
				else expect(allocated(input)).toEqual(expected);
			}),
			{ numRuns: 2_000 },
		);
	});

	it("does not undo again what a named lot already gave back (a receipt of A 2 + B 3 reduced to nothing, 2 named from A)", () => {
		// The receipt put 2 into A and 3 into B; A holds 10 (8 from elsewhere). Reduced by 5 with 2
		// named from A, the source holds nothing in A any more: the other 3 are B's, which it filled.
		const deltas = allocateLots({
			locationId: "loc",
			delta: -5,
			named: [{ lot: "A", quantity: -2 }],
			held: new Map([
				["A", 2],
				["B", 3],
			]),
			stock: [
				{ lot: "A", onHand: 10, expiry: null, firstIn: 1 },
				{ lot: "B", onHand: 3, expiry: null, firstIn: 2 },
			],
			today: TODAY,
		});
		expect(new Map(deltas.map((d) => [d.lot, d.delta]))).toEqual(
			new Map([
				["A", -2],
				["B", -3],
			]),
		);
	});
});

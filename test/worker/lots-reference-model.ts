/**
 * A small, obviously-correct model of one product's stock with lots, written independently of the
 * product object and of worker/stock/lot-allocation.ts (docs/architecture.md#lots). Effects and
 * levels as in ledger-reference-model.ts; beside them each lot's stock per location, what each
 * source holds in each lot, and each lot's expiry and first-in order.
 *
 * One change of on hand by `delta` at a location, in the words of the rules:
 * 1. the named lots move as named (a lot named for the first time is created with its expiry, a
 *    known lot undated gains the expiry given, another expiry for a dated lot is refused);
 * 2. what is left undoes what this source still holds in the location's lots (lot by lot, by name):
 *    against a decrease, what it put in (as far as the lot still holds it); against an increase,
 *    what it took;
 * 3. an increase left over stays unassigned; a decrease left over is taken from the lots with stock
 *    that are not expired (expiry ≥ today), dated lots by date, then undated lots by first in (ties:
 *    first in, then name); what they cannot cover comes out of the unassigned rest;
 * 4. and what that rest cannot cover without going below zero (by this change), from expired lots,
 *    earliest expiry first.
 * No lot ever holds less than nothing: the whole command is refused, nothing changed.
 */
import type { NamedLot } from "../../worker/stock/lot-allocation";
import type { StockCommand } from "../../worker/stock/stock-command";

type Triple = { onHand: number; reserved: number; incoming: number };
type Effect = Triple & { locationId: string; version: number; deleted: boolean };

export type ModelOutcome = "applied" | "stale" | "deleted" | "duplicate" | "lot_refused";

/** What a command did: its outcome, and each lot's change keyed `location/lot` (applied only). */
export type ModelResult = { outcome: ModelOutcome; lotDeltas: Map<string, number> };

export type ModelLot = { locationId: string; lot: string; onHand: number; expiry: string | null };

class Refused extends Error {}

type State = {
	effects: Map<string, Effect>;
	oneOffs: Set<string>;
	lots: Map<string, { expiry: string | null; firstIn: number }>;
	/** `location/lot` → on hand. */
	stock: Map<string, number>;
	/** `source/location/lot` → what the source put into (+) or took from (−) the lot. */
	holdings: Map<string, number>;
	clock: number;
};

const at = (locationId: string, lot: string) => `${locationId}/${lot}`;

export class LotLedgerModel {
	private s: State = {
		effects: new Map(),
		oneOffs: new Set(),
		lots: new Map(),
		stock: new Map(),
		holdings: new Map(),
		clock: 0,
	};
	private moved = new Map<string, number>();

	/** Applies `command` as of `today` (YYYY-MM-DD); a refusal leaves everything as it was. */
	apply(command: StockCommand, today: string): ModelResult {
		const before = this.s;
		this.s = {
			effects: new Map([...before.effects].map(([k, v]) => [k, { ...v }])),
			oneOffs: new Set(before.oneOffs),
			lots: new Map([...before.lots].map(([k, v]) => [k, { ...v }])),
			stock: new Map(before.stock),
			holdings: new Map(before.holdings),
			clock: before.clock,
		};
		this.moved = new Map();
		try {
			const outcome = this.run(command, today);
			return { outcome, lotDeltas: new Map([...this.moved].filter(([, d]) => d !== 0)) };
		} catch (error) {
			if (!(error instanceof Refused)) throw error;
			this.s = before;
			return { outcome: "lot_refused", lotDeltas: new Map() };
		}
	}

	/** The change of on hand a `set` would make at its own location now (0 when stale or deleted). */
	onHandChange(source: string, locationId: string, onHand: number): number {
		const stored = this.s.effects.get(source);
		if (stored?.deleted) return 0;
		return stored && stored.locationId === locationId ? onHand - stored.onHand : onHand;
	}

	/** Where `source`'s effect is and what it took there (its on hand, negated; 0 when none or deleted). */
	took(source: string): { locationId: string | null; quantity: number } {
		const stored = this.s.effects.get(source);
		if (!stored || stored.deleted) return { locationId: null, quantity: 0 };
		return { locationId: stored.locationId, quantity: -stored.onHand };
	}

	/** What `source` took from `lot` at the location and still holds taken (positive). */
	taken(source: string, locationId: string, lot: string): number {
		return Math.max(0, -(this.s.holdings.get(`${source}/${locationId}/${lot}`) ?? 0));
	}

	/** What `lot` holds at the location now. */
	lotStock(locationId: string, lot: string): number {
		return this.stockOf(locationId, lot);
	}

	/** Σ effects per location (locations never touched are absent). */
	levels(): Map<string, Triple> {
		const sums = new Map<string, Triple>();
		for (const e of this.s.effects.values()) {
			if (e.deleted) continue;
			const sum = sums.get(e.locationId) ?? { onHand: 0, reserved: 0, incoming: 0 };
			sum.onHand += e.onHand;
			sum.reserved += e.reserved;
			sum.incoming += e.incoming;
			sums.set(e.locationId, sum);
		}
		return sums;
	}

	/** Lots holding stock (non-zero), by location and lot. */
	lots(): ModelLot[] {
		return [...this.s.stock]
			.filter(([, onHand]) => onHand !== 0)
			.map(([key, onHand]) => {
				const [locationId = "", lot = ""] = key.split("/");
				return { locationId, lot, onHand, expiry: this.s.lots.get(lot)?.expiry ?? null };
			})
			.sort((a, b) => (at(a.locationId, a.lot) < at(b.locationId, b.lot) ? -1 : 1));
	}

	/** On hand not in any lot at the location. */
	unassigned(locationId: string): number {
		const onHand = this.levels().get(locationId)?.onHand ?? 0;
		return this.lots()
			.filter((l) => l.locationId === locationId)
			.reduce((rest, l) => rest - l.onHand, onHand);
	}

	private run(command: StockCommand, today: string): ModelOutcome {
		switch (command.type) {
			case "set": {
				const stored = this.s.effects.get(command.source);
				if (stored?.deleted) return "deleted";
				if (stored && stored.version >= command.version) return "stale";
				const old = stored ?? { locationId: command.locationId, onHand: 0, reserved: 0, incoming: 0 };
				// Stored first: a change reads the levels as they are after it (rule 4 needs the rest before and after).
				this.s.effects.set(command.source, {
					locationId: command.locationId,
					...command.effect,
					version: command.version,
					deleted: false,
				});
				if (old.locationId !== command.locationId) {
					// Moved to another location: the old one is emptied, then the new one filled.
					if (!isZero(old)) this.change(command.source, old.locationId, -old.onHand, [], today);
					if (!isZero(command.effect))
						this.change(command.source, command.locationId, command.effect.onHand, command.lots ?? [], today);
				} else if (!sameTriple(old, command.effect))
					this.change(
						command.source,
						command.locationId,
						command.effect.onHand - old.onHand,
						command.lots ?? [],
						today,
					);
				return "applied";
			}
			case "delete": {
				const stored = this.s.effects.get(command.source);
				if (stored?.deleted) return "deleted";
				this.s.effects.set(command.source, {
					locationId: stored?.locationId ?? "",
					onHand: 0,
					reserved: 0,
					incoming: 0,
					version: Number.POSITIVE_INFINITY,
					deleted: true,
				});
				if (stored && !isZero(stored)) this.change(command.source, stored.locationId, -stored.onHand, [], today);
				return "applied";
			}
			case "adjust":
				return this.oneOff(
					command.source,
					[
						{
							source: command.source,
							locationId: command.locationId,
							onHand: command.quantity,
							lots: command.lots ?? [],
						},
					],
					today,
				);
			case "count":
				if (command.lots) return this.lotCount(command, command.lots);
				return this.oneOff(
					command.source,
					[
						{
							source: command.source,
							locationId: command.locationId,
							onHand: command.onHand - (this.levels().get(command.locationId)?.onHand ?? 0),
							lots: [],
						},
					],
					today,
				);
			case "assign": {
				// From the unassigned rest into the named lots; on hand does not change.
				if (this.s.oneOffs.has(command.source)) return "duplicate";
				const asked = command.lots.reduce((sum, l) => sum + l.quantity, 0);
				if (asked > this.unassigned(command.locationId)) throw new Refused(command.lots[0]?.lot ?? "");
				this.s.oneOffs.add(command.source);
				this.s.clock += 1;
				for (const n of command.lots) this.register(n.lot, n.expiry ?? null);
				for (const n of command.lots) this.move(command.source, command.locationId, n.lot, n.quantity);
				return "applied";
			}
			case "repick": {
				// The lots `of` took here become the named ones; its total stays, the rest is unassigned.
				if (this.s.oneOffs.has(command.source)) return "duplicate";
				const { locationId, of } = command;
				const effect = this.s.effects.get(of);
				const took = effect && !effect.deleted && effect.locationId === locationId ? -effect.onHand : 0;
				const asked = command.lots.reduce((sum, l) => sum + l.quantity, 0);
				if (took <= 0 || asked > took) throw new Refused("");
				const prefix = `${of}/${locationId}/`;
				const before = new Map(
					[...this.s.holdings]
						.filter(([key, q]) => key.startsWith(prefix) && q < 0)
						.map(([key, q]) => [key.slice(prefix.length), -q]),
				);
				const wanted = new Map(command.lots.map((l) => [l.lot, l.quantity]));
				const changes = [...new Set([...before.keys(), ...wanted.keys()])].map((lot) => ({
					lot,
					q: (before.get(lot) ?? 0) - (wanted.get(lot) ?? 0),
				}));
				const giveBack = changes.reduce((sum, c) => sum + c.q, 0);
				if (giveBack > 0 && giveBack > this.unassigned(locationId)) throw new Refused("");
				this.s.oneOffs.add(command.source);
				this.s.clock += 1;
				for (const c of changes) if (c.q !== 0) this.register(c.lot, null);
				for (const c of changes) this.move(of, locationId, c.lot, c.q);
				return "applied";
			}
			case "transfer":
				return this.oneOff(
					command.source,
					[
						{
							source: `${command.source}:from`,
							locationId: command.fromLocationId,
							onHand: -command.quantity,
							lots: (command.lots ?? []).map((l) => ({ ...l, quantity: -l.quantity })),
						},
						// The same lots arrive that left the other location, named or picked.
						{
							source: `${command.source}:to`,
							locationId: command.toLocationId,
							onHand: command.quantity,
							lots: "mirror",
						},
					],
					today,
				);
		}
	}

	/**
	 * A count per lot: each lot listed holds its count after, every other lot at the location none,
	 * and the rest (`onHand` − Σ lots) is unassigned. Each lot moves by its own difference.
	 */
	private lotCount(
		command: Extract<StockCommand, { type: "count" }>,
		counted: { lot: string; onHand: number; expiry?: string | null }[],
	): ModelOutcome {
		if (this.s.oneOffs.has(command.source)) return "duplicate";
		this.s.oneOffs.add(command.source);
		const { locationId } = command;
		const delta = command.onHand - (this.levels().get(locationId)?.onHand ?? 0);
		this.s.effects.set(command.source, {
			locationId,
			onHand: delta,
			reserved: 0,
			incoming: 0,
			version: 1,
			deleted: false,
		});
		this.s.clock += 1;
		for (const c of counted) this.register(c.lot, c.expiry ?? null);
		const listed = new Set(counted.map((c) => c.lot));
		for (const c of counted) this.move(command.source, locationId, c.lot, c.onHand - this.stockOf(locationId, c.lot));
		for (const [key, onHand] of [...this.s.stock]) {
			const lot = key.slice(locationId.length + 1);
			if (key.startsWith(`${locationId}/`) && !listed.has(lot) && onHand !== 0)
				this.move(command.source, locationId, lot, -onHand);
		}
		return "applied";
	}

	private oneOff(
		commandSource: string,
		legs: { source: string; locationId: string; onHand: number; lots: NamedLot[] | "mirror" }[],
		today: string,
	): ModelOutcome {
		if (this.s.oneOffs.has(commandSource)) return "duplicate";
		this.s.oneOffs.add(commandSource);
		for (const leg of legs) {
			this.s.effects.set(leg.source, {
				locationId: leg.locationId,
				onHand: leg.onHand,
				reserved: 0,
				incoming: 0,
				version: 1,
				deleted: false,
			});
			if (leg.onHand !== 0) this.change(leg.source, leg.locationId, leg.onHand, this.namedFor(leg, legs), today);
		}
		return "applied";
	}

	/** A leg's named lots; "mirror": what the leg before it moved, the other way. */
	private namedFor(
		leg: { lots: NamedLot[] | "mirror" },
		legs: { source: string; locationId: string; lots: NamedLot[] | "mirror" }[],
	): NamedLot[] {
		if (leg.lots !== "mirror") return leg.lots;
		const before = legs[legs.indexOf(leg as (typeof legs)[number]) - 1];
		if (!before) return [];
		const prefix = `${before.source}/${before.locationId}/`;
		return [...this.s.holdings]
			.filter(([key, q]) => key.startsWith(prefix) && q !== 0)
			.map(([key, q]) => ({ lot: key.slice(prefix.length), quantity: -q }));
	}

	/** One change of on hand at one location, by the three rules. */
	private change(source: string, locationId: string, delta: number, named: NamedLot[], today: string): void {
		this.s.clock += 1;
		// The level already counts this change: the rest before it is what it was without.
		const unassignedBefore = this.unassigned(locationId) - delta;
		for (const n of named) this.register(n.lot, n.expiry ?? null);
		// 1. As named.
		for (const n of named) this.move(source, locationId, n.lot, n.quantity);
		let rest = delta - named.reduce((sum, n) => sum + n.quantity, 0);
		// 2. Undo what the source still holds here (after step 1), lot by lot in name order.
		const prefix = `${source}/${locationId}/`;
		const held = [...this.s.holdings]
			.filter(([key, q]) => key.startsWith(prefix) && q !== 0)
			.map(([key, q]) => ({ lot: key.slice(prefix.length), q }))
			.sort((a, b) => (a.lot < b.lot ? -1 : 1));
		for (const { lot, q } of held) {
			if (rest < 0 && q > 0) {
				const take = Math.min(q, -rest, this.stockOf(locationId, lot));
				this.move(source, locationId, lot, -take);
				rest += take;
			} else if (rest > 0 && q < 0) {
				const give = Math.min(-q, rest);
				this.move(source, locationId, lot, give);
				rest -= give;
			}
		}
		// 3. A decrease left over: first expiry first out over the lots not expired.
		if (rest < 0) {
			const candidates = [...this.s.stock]
				.filter(([key, onHand]) => key.startsWith(`${locationId}/`) && onHand > 0)
				.map(([key]) => {
					const lot = key.slice(locationId.length + 1);
					const known = this.s.lots.get(lot);
					if (!known) throw new Error(`model: lot ${lot} has stock but was never registered`);
					return { lot, ...known };
				})
				.filter((l) => l.expiry === null || l.expiry >= today)
				.sort(
					(a, b) =>
						compare(a.expiry === null ? 1 : 0, b.expiry === null ? 1 : 0) ||
						compare(a.expiry ?? "", b.expiry ?? "") ||
						compare(a.firstIn, b.firstIn) ||
						compare(a.lot, b.lot),
				);
			for (const l of candidates) {
				const take = Math.min(this.stockOf(locationId, l.lot), -rest);
				this.move(source, locationId, l.lot, -take);
				rest += take;
				if (rest === 0) break;
			}
			// 4. What the rest would go below zero for by this change: from expired lots, earliest first.
			let beyond = -this.unassigned(locationId) - Math.max(0, -unassignedBefore);
			const expired = [...this.s.stock]
				.filter(([key, onHand]) => key.startsWith(`${locationId}/`) && onHand > 0)
				.map(([key]) => {
					const lot = key.slice(locationId.length + 1);
					return { lot, expiry: this.s.lots.get(lot)?.expiry ?? null, firstIn: this.s.lots.get(lot)?.firstIn ?? 0 };
				})
				.filter((l) => l.expiry !== null && l.expiry < today)
				.sort(
					(a, b) => compare(a.expiry ?? "", b.expiry ?? "") || compare(a.firstIn, b.firstIn) || compare(a.lot, b.lot),
				);
			for (const l of expired) {
				if (beyond <= 0) break;
				const take = Math.min(this.stockOf(locationId, l.lot), beyond);
				this.move(source, locationId, l.lot, -take);
				beyond -= take;
			}
		}
	}

	private register(lot: string, expiry: string | null): void {
		const known = this.s.lots.get(lot);
		if (!known) this.s.lots.set(lot, { expiry, firstIn: this.s.clock });
		else if (expiry !== null && known.expiry !== null && known.expiry !== expiry) throw new Refused(lot);
		else if (expiry !== null) known.expiry = expiry;
	}

	private move(source: string, locationId: string, lot: string, quantity: number): void {
		if (quantity === 0) return;
		const after = this.stockOf(locationId, lot) + quantity;
		if (after < 0) throw new Refused(lot);
		this.s.stock.set(at(locationId, lot), after);
		const key = `${source}/${locationId}/${lot}`;
		this.s.holdings.set(key, (this.s.holdings.get(key) ?? 0) + quantity);
		this.moved.set(at(locationId, lot), (this.moved.get(at(locationId, lot)) ?? 0) + quantity);
	}

	private stockOf(locationId: string, lot: string): number {
		return this.s.stock.get(at(locationId, lot)) ?? 0;
	}
}

function compare<T extends string | number>(a: T, b: T): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function isZero(t: Triple): boolean {
	return t.onHand === 0 && t.reserved === 0 && t.incoming === 0;
}

function sameTriple(a: Triple, b: Triple): boolean {
	return a.onHand === b.onHand && a.reserved === b.reserved && a.incoming === b.incoming;
}

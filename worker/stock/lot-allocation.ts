/**
 * Lots inside the stock model (docs/architecture.md#lots): at each location a product's on hand is
 * split into lots and an **unassigned** rest, `unassigned = on hand − Σ lots`, so whatever arrives
 * without a lot (a QuickBooks bill, an adjustment, the opening stock) is unassigned by construction
 * and the sum of lots never differs from the level. This module decides, for one change of on hand
 * at one location, which lots it moves. Pure, no I/O: the product object applies the answer.
 *
 * The rules, in order:
 * 1. Lots named by the command move as named (a receipt into lots, a pick from chosen lots).
 * 2. The rest first undoes what this same source did to lots before (a delivery cancelled puts the
 *    goods back into the lots they left, a receipt reduced takes back from the lots it filled).
 * 3. What is still left: an increase stays unassigned; a decrease is taken from the lots
 *    first-expiry-first-out — lots with an expiry by date, then lots without one in the order they
 *    first received stock — skipping expired lots; what the lots cannot cover comes out of the
 *    unassigned rest.
 * 4. Only when the unassigned rest cannot cover that either (stock that left without a lot named
 *    while only expired lots held it: a QuickBooks invoice, say) are expired lots taken, earliest
 *    first, so that the rest is not driven below zero while lots still hold the goods.
 * A lot never goes below zero: a named pick beyond what a lot holds is refused (LotShortError).
 * Serial numbers are lots of one unit (`unit`): picked whole, never split.
 * An assignment (`fromUnassigned`) moves stock from the unassigned rest into the named lots: on
 * hand does not change, and no other lot moves.
 */
import { fromScaled, type Scaled } from "../core/quantity";

/** A lot's stock at one location, with what first-expiry-first-out needs to order it. */
export type LotStock = {
	lot: string;
	onHand: Scaled;
	/** `YYYY-MM-DD`, or null for a lot without expiry. */
	expiry: string | null;
	/** When the lot first received stock at all (the product object's movement seq): first in, first out. */
	firstIn: number;
};

/** A lot named by a command: stock into it (positive) or out of it (negative). */
export type NamedLot = {
	lot: string;
	quantity: Scaled;
	expiry?: string | null;
	/** For a serial number: the lot it belongs to (a product may carry both). */
	batch?: string | null;
};

export type LotDelta = { lot: string; delta: Scaled };

/** A lot the command cannot have as it asks: refused whole, nothing changed. */
export class LotRefusedError extends Error {
	constructor(
		readonly lot: string,
		readonly locationId: string,
		message: string,
	) {
		super(message);
		this.name = "LotRefusedError";
	}
}

/** A lot asked for more than it holds at the location (quantities scaled). */
export class LotShortError extends LotRefusedError {
	constructor(lot: string, locationId: string, holds: Scaled, asked: Scaled) {
		super(
			lot,
			locationId,
			`lot ${lot} holds ${fromScaled(holds)} at location ${locationId}; ${fromScaled(asked)} asked`,
		);
		this.name = "LotShortError";
	}
}

/** Lots in the order they are picked: first expiry first, then lots without expiry first in first out. */
export function pickingOrder(lots: LotStock[], today: string): LotStock[] {
	return lots
		.filter((l) => l.onHand > 0 && (l.expiry === null || l.expiry >= today))
		.sort((a, b) => {
			if (a.expiry !== null && b.expiry !== null && a.expiry !== b.expiry) return a.expiry < b.expiry ? -1 : 1;
			if (a.expiry !== null && b.expiry === null) return -1;
			if (a.expiry === null && b.expiry !== null) return 1;
			return a.firstIn - b.firstIn || (a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0);
		});
}

/**
 * The lot deltas of a change of on hand by `delta` at `locationId`, given the location's lots
 * (`stock`), what the change's source holds in each lot there (`held`: positive for what it put in,
 * negative for what it took) and the lots the command names.
 */
export function allocateLots(input: {
	locationId: string;
	delta: Scaled;
	named: NamedLot[];
	held: Map<string, Scaled>;
	stock: LotStock[];
	today: string;
	/**
	 * What is not named comes from (or goes to) the unassigned rest: nothing else moves. For an
	 * assignment (on hand unchanged) and a count per lot (the rest is counted too).
	 */
	fromUnassigned?: boolean;
	/** The unassigned rest before the change; when given, rule 4 applies. */
	unassigned?: Scaled;
	/** Serial numbers: each holds this one unit, and a pick takes whole ones. */
	unit?: Scaled;
}): LotDelta[] {
	const deltas = new Map<string, Scaled>();
	const available = new Map(input.stock.map((l) => [l.lot, l.onHand]));
	// A serial moves whole or not at all: what a pick would take of it, rounded down to whole units.
	const whole = (q: Scaled) => (input.unit ? Math.floor(q / input.unit) * input.unit : q);
	const move = (lot: string, change: Scaled) => {
		if (change === 0) return;
		const after = (available.get(lot) ?? 0) + change;
		if (after < 0) throw new LotShortError(lot, input.locationId, available.get(lot) ?? 0, -change);
		available.set(lot, after);
		deltas.set(lot, (deltas.get(lot) ?? 0) + change);
	};

	// 1. As named. A named lot counts against what the source holds in it: it is not undone twice.
	const held = new Map(input.held);
	for (const n of input.named) {
		move(n.lot, n.quantity);
		const holds = held.get(n.lot);
		if (holds !== undefined) held.set(n.lot, holds + n.quantity);
	}
	let rest = input.delta - input.named.reduce((sum, n) => sum + n.quantity, 0);
	if (input.fromUnassigned) rest = 0;

	// 2. Undoing what the source did before: only against the direction of its holdings.
	for (const [lot, holds] of held) {
		if (rest === 0) break;
		if (Math.sign(holds) !== -Math.sign(rest)) continue;
		const back =
			Math.sign(rest) *
			whole(Math.min(Math.abs(holds), Math.abs(rest), rest < 0 ? (available.get(lot) ?? 0) : Infinity));
		move(lot, back);
		rest -= back;
	}

	// 3. An increase stays unassigned; a decrease picks first-expiry-first-out, then leaves the unassigned rest.
	if (rest < 0) {
		const current = input.stock.map((l) => ({ ...l, onHand: available.get(l.lot) ?? 0 }));
		for (const lot of pickingOrder(current, input.today)) {
			if (rest === 0) break;
			const take = whole(Math.min(lot.onHand, -rest));
			move(lot.lot, -take);
			rest += take;
		}
	}

	// 4. Beyond the unassigned rest: expired lots, earliest first, before the rest goes below zero.
	if (rest < 0 && input.unassigned !== undefined && input.unassigned + rest < 0) {
		let beyond = -(input.unassigned + rest) - Math.max(0, -input.unassigned);
		const expired = input.stock
			.map((l) => ({ ...l, onHand: available.get(l.lot) ?? 0 }))
			.filter((l) => l.onHand > 0 && l.expiry !== null && l.expiry < input.today)
			.sort(
				(a, b) =>
					((a.expiry ?? "") < (b.expiry ?? "") ? -1 : a.expiry === b.expiry ? 0 : 1) ||
					a.firstIn - b.firstIn ||
					(a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0),
			);
		for (const lot of expired) {
			if (beyond <= 0) break;
			const take = whole(Math.min(lot.onHand, beyond));
			move(lot.lot, -take);
			beyond -= take;
		}
	}
	return [...deltas].filter(([, d]) => d !== 0).map(([lot, delta]) => ({ lot, delta }));
}

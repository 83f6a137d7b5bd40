/**
 * The stock model's pure core: effects and how a new effect turns into movements.
 *
 * Every source of stock change owns one effect on a product: a triple (on hand, reserved,
 * incoming) at one location. A product's levels are the sum of its effects. Setting an effect
 * computes the difference from the stored one; that difference is what the ledger records. No I/O.
 */
import type { Scaled } from "../core/quantity";

export type Triple = { onHand: Scaled; reserved: Scaled; incoming: Scaled };

export const ZERO: Triple = { onHand: 0, reserved: 0, incoming: 0 };

/** What a product object remembers of one source. */
export type StoredEffect = {
	source: string;
	locationId: string;
	effect: Triple;
	version: number;
	/** A deleted source is final: its tombstone outranks every version. */
	deleted: boolean;
};

/** One location's change, before it is numbered and recorded. */
export type LocationDelta = { locationId: string; delta: Triple };

export function addTriples(a: Triple, b: Triple): Triple {
	return { onHand: a.onHand + b.onHand, reserved: a.reserved + b.reserved, incoming: a.incoming + b.incoming };
}

function subtractTriples(a: Triple, b: Triple): Triple {
	return { onHand: a.onHand - b.onHand, reserved: a.reserved - b.reserved, incoming: a.incoming - b.incoming };
}

function isZero(t: Triple): boolean {
	return t.onHand === 0 && t.reserved === 0 && t.incoming === 0;
}

/**
 * The deltas that move a product from `before` (or nothing) to `after`. When the effect changes
 * location, the old location is emptied and the new one filled: two deltas.
 */
function deltasBetween(
	before: { locationId: string; effect: Triple } | undefined,
	after: { locationId: string; effect: Triple },
): LocationDelta[] {
	if (!before || before.locationId === after.locationId) {
		const delta = subtractTriples(after.effect, before?.effect ?? ZERO);
		return isZero(delta) ? [] : [{ locationId: after.locationId, delta }];
	}
	const deltas: LocationDelta[] = [];
	if (!isZero(before.effect))
		deltas.push({ locationId: before.locationId, delta: subtractTriples(ZERO, before.effect) });
	if (!isZero(after.effect)) deltas.push({ locationId: after.locationId, delta: after.effect });
	return deltas;
}

export type SetEffectDecision =
	| { outcome: "applied"; next: StoredEffect; deltas: LocationDelta[] }
	| { outcome: "stale" | "deleted" };

/**
 * "The effect of `source` is now `effect` at `locationId`, as of `version`." Older or equal
 * versions change nothing (duplicates, out-of-order delivery); nothing revives a deleted source.
 */
export function decideSetEffect(
	stored: StoredEffect | undefined,
	command: { source: string; locationId: string; effect: Triple; version: number },
): SetEffectDecision {
	if (stored?.deleted) return { outcome: "deleted" };
	if (stored && command.version <= stored.version) return { outcome: "stale" };
	const next: StoredEffect = {
		source: command.source,
		locationId: command.locationId,
		effect: command.effect,
		version: command.version,
		deleted: false,
	};
	return { outcome: "applied", next, deltas: deltasBetween(stored, next) };
}

/** Deleting or voiding a source zeroes its effect and leaves a tombstone. */
export function decideDelete(stored: StoredEffect | undefined, source: string): SetEffectDecision {
	if (stored?.deleted) return { outcome: "deleted" };
	// A source deleted before any of its versions arrived has no location: its tombstone needs none.
	const locationId = stored?.locationId ?? "";
	const next: StoredEffect = {
		source,
		locationId,
		effect: ZERO,
		version: Number.MAX_SAFE_INTEGER,
		deleted: true,
	};
	return { outcome: "applied", next, deltas: deltasBetween(stored, next) };
}

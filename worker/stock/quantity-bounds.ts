/**
 * The bounds of every quantity the stock core stores or moves. The API edge refuses a single
 * quantity beyond ±MAX_QUANTITY (worker/core/quantity.ts); the same maximum holds for what quantities make
 * together — a build quantity × a bill-of-materials amount, a kit count × a component, the sum of
 * a product's effects at a location, available = on hand − reserved — so that every level stays an
 * exact (safe) integer in scaled units. Without it a level could pass 2^53, where adding 1 changes
 * nothing and every view of it would still agree. Pure, no I/O: services check their planned changes
 * against D1's levels with bounds-precheck.ts.
 */

import { AppError, type FieldError } from "../core/app-error";
import { MAX_QUANTITY, QUANTITY_SCALE, type Scaled } from "../core/quantity";
import { addTriples, type Triple, ZERO } from "./effects";

/** MAX_QUANTITY in scaled units (×10 000): 10^13, three orders of magnitude below 2^53. */
export const MAX_SCALED: Scaled = MAX_QUANTITY * QUANTITY_SCALE;

/** True for an exact integer within ±MAX_SCALED: a quantity the stock core may hold. */
function isBoundedScaled(value: number): boolean {
	return Number.isSafeInteger(value) && Math.abs(value) <= MAX_SCALED;
}

/**
 * a × b for two scaled quantities, as a scaled quantity (both are ×10 000, so the product is
 * divided once). BigInt, because the raw product passes 2^53 long before it is out of bounds.
 * `exact` is false when the result would need more than 4 decimals; `bounded` when it is beyond
 * ±MAX_QUANTITY (its `value` is then only approximate, for messages).
 *
 * @example scaledProduct(20_000, 15_000) // { value: 30_000, exact: true, bounded: true } (2 × 1.5)
 */
export function scaledProduct(a: Scaled, b: Scaled): { value: number; exact: boolean; bounded: boolean } {
	const raw = BigInt(a) * BigInt(b);
	const scale = BigInt(QUANTITY_SCALE);
	const value = Number(raw / scale);
	return { value, exact: raw % scale === 0n, bounded: isBoundedScaled(value) };
}

/** What a violation is about: a source's effect, a movement's delta, or a level after a change. */
export type BoundsSubject = "effect" | "movement" | "level";

export type BoundsField = "onHand" | "reserved" | "incoming" | "available";

/** One quantity out of bounds (or not an exact integer) at one location; `value` is scaled. */
export type BoundsViolation = { subject: BoundsSubject; locationId: string; field: BoundsField; value: number };

/**
 * The quantities of `triple` out of bounds. For a level, available (on hand − reserved) is checked
 * too: it is a total the API shows, and must stay as exact as the rest.
 */
export function boundsViolations(subject: BoundsSubject, locationId: string, triple: Triple): BoundsViolation[] {
	const values: [BoundsField, number][] = [
		["onHand", triple.onHand],
		["reserved", triple.reserved],
		["incoming", triple.incoming],
	];
	if (subject === "level") values.push(["available", triple.onHand - triple.reserved]);
	return values.flatMap(([field, value]) => (isBoundedScaled(value) ? [] : [{ subject, locationId, field, value }]));
}

/**
 * What one change would break at a location: the movement itself and the level after it. Services
 * check it against D1's levels before they record or send anything, so that a refusal names their
 * own request field and uses up nothing; the product object checks the same on its own levels.
 */
export function changeViolations(locationId: string, level: Triple, delta: Triple): BoundsViolation[] {
	return [
		...boundsViolations("movement", locationId, delta),
		...boundsViolations("level", locationId, addTriples(level, delta)),
	];
}

/**
 * A change a service is about to send to a product's object, as it can foresee it from D1: the
 * difference, at one location, between the effect its source holds and the one it will hold. Named
 * by the request field it comes from; `label` (a SKU) leads its messages.
 */
export type PlannedChange = { productId: string; locationId: string; delta: Triple; field: string; label?: string };

/**
 * The field errors of the changes that would break the bounds on the levels `levelOf` answers (D1's,
 * as they are now). Each change is checked on its own, as its object applies it — a product's
 * changes from several sources may reach it in any order — and a product's changes at one location
 * all together.
 */
export function plannedChangeErrors(
	changes: readonly PlannedChange[],
	levelOf: (productId: string, locationId: string) => Triple,
): FieldError[] {
	const errors: FieldError[] = [];
	const add = (change: PlannedChange, v: BoundsViolation) => {
		const message = change.label ? `${change.label}: ${describeViolation(v)}` : describeViolation(v);
		if (!errors.some((e) => e.field === change.field && e.message === message))
			errors.push({ in: "body", field: change.field, message });
	};
	const together = new Map<string, { last: PlannedChange; delta: Triple; count: number }>();
	for (const change of changes) {
		for (const v of changeViolations(change.locationId, levelOf(change.productId, change.locationId), change.delta))
			add(change, v);
		const key = `${change.productId}\n${change.locationId}`;
		const group = together.get(key);
		together.set(key, {
			last: change,
			delta: addTriples(group?.delta ?? ZERO, change.delta),
			count: (group?.count ?? 0) + 1,
		});
	}
	for (const { last, delta, count } of together.values()) {
		if (count < 2) continue;
		const after = addTriples(levelOf(last.productId, last.locationId), delta);
		for (const v of boundsViolations("level", last.locationId, after)) add(last, v);
	}
	return errors;
}

/**
 * Refuses (422 `quantity_out_of_bounds`, naming each change's field) changes that would break the
 * bounds on the levels `levelOf` answers; `detail` leads the sentence. The product objects check
 * again whatever passes here.
 */
export function assertPlannedChangesWithinBounds(
	changes: readonly PlannedChange[],
	levelOf: (productId: string, locationId: string) => Triple,
	detail = "Refused, nothing changed",
): void {
	const errors = plannedChangeErrors(changes, levelOf);
	if (errors.length === 0) return;
	throw new AppError("quantity_out_of_bounds", `${detail}: ${errors.map((e) => e.message).join("; ")}.`, errors);
}

/** How a violation reads in an error message, in API decimals. */
export function describeViolation(v: BoundsViolation): string {
	const what = { effect: "the change's", movement: "the movement's", level: "the level's" }[v.subject];
	const field = { onHand: "on hand", reserved: "reserved", incoming: "incoming", available: "available" }[v.field];
	const value = Number.isFinite(v.value) ? `${v.value / QUANTITY_SCALE}` : String(v.value);
	return `${what} ${field} at location ${v.locationId} would be ${value}, beyond ±${MAX_QUANTITY} or not exact`;
}

/**
 * Thrown inside a product object's transaction so that nothing of the command is kept; the object
 * answers it as a refusal (an exception's own fields do not cross a Durable Object call).
 */
export class QuantityBoundsError extends Error {
	constructor(readonly violations: BoundsViolation[]) {
		super(violations.map(describeViolation).join("; "));
		this.name = "QuantityBoundsError";
	}
}

/** Throws QuantityBoundsError when any quantity of `triple` is out of bounds. */
export function assertWithinBounds(subject: BoundsSubject, locationId: string, triple: Triple): void {
	const violations = boundsViolations(subject, locationId, triple);
	if (violations.length > 0) throw new QuantityBoundsError(violations);
}

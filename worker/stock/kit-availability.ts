/**
 * How many kits the components allow. A kit (a QBO bundle) holds no stock of its own: selling one
 * moves `quantity` of each component, so at a location it is available as many whole times as its
 * scarcest component covers. Pure and exact: quantities are scaled integers (×10 000).
 */
import type { Scaled } from "../core/quantity";

/** One component of a kit with what is available of it at the location in question. */
export type ComponentStock = {
	/** Of the component per kit, scaled ×10 000. */
	quantity: Scaled;
	/** The component's available (on hand − reserved) at the location, scaled ×10 000. */
	available: Scaled;
};

/**
 * The whole number of kits the components allow: the minimum over components of
 * ⌊available / quantity⌋, never below 0 (a component with nothing available allows none). A kit
 * without components allows 0, since nothing says what it is made of. A component line with a
 * quantity ≤ 0 takes nothing from stock and does not limit the kit.
 *
 * @example kitsAllowed([{ quantity: 25_000, available: 100_000 }]) // 4 (2.5 per kit, 10 available)
 */
export function kitsAllowed(components: readonly ComponentStock[]): number {
	let allowed: number | null = null;
	for (const c of components) {
		if (c.quantity <= 0) continue;
		const kits = c.available <= 0 ? 0 : wholeQuotient(c.available, c.quantity);
		allowed = allowed === null ? kits : Math.min(allowed, kits);
		if (allowed === 0) return 0;
	}
	return allowed ?? 0;
}

/** ⌊a / b⌋ for positive safe integers, corrected so that float rounding can never add or lose a kit. */
function wholeQuotient(a: number, b: number): number {
	let q = Math.floor(a / b);
	while (q * b > a) q -= 1;
	while ((q + 1) * b <= a) q += 1;
	return q;
}

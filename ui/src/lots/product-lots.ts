/**
 * A product's lots as its page shows them (`GET /products/{id}/lots`): the locations in the app's
 * order, only those holding something, and the lots the forms offer. Pure, so tested on Node.
 */
import type { LocationLots } from "../api/types";

/**
 * The locations that hold stock or lots, in the order of `locationIds` (the app's list; others after,
 * by id), each location's lots as the API sorted them (by expiry, then lot).
 */
export function lotSections(items: readonly LocationLots[], locationIds: readonly string[]): LocationLots[] {
	const rank = new Map(locationIds.map((id, i) => [id, i]));
	const at = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
	return items
		.filter((item) => item.onHand !== 0 || item.unassigned !== 0 || item.lots.length > 0)
		.sort((a, b) => at(a.locationId) - at(b.locationId) || (a.locationId < b.locationId ? -1 : 1));
}

/** Every lot of the product once, with its expiry (a lot has one), sorted by name: the forms' suggestions. */
export function knownLots(items: readonly LocationLots[]): { lot: string; expiry: string | null }[] {
	const lots = new Map<string, string | null>();
	for (const item of items) for (const l of item.lots) if (!lots.has(l.lot)) lots.set(l.lot, l.expiry);
	return [...lots]
		.map(([lot, expiry]) => ({ lot, expiry }))
		.sort((a, b) => (a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0));
}

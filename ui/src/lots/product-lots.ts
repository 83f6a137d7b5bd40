/**
 * A product's lots (or serial numbers) as its page shows them (`GET /products/{id}/lots`): the locations in the app's
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

/** One serial number in stock, as a product tracked by serial lists them. */
export type SerialInStock = {
	serial: string;
	batch: string | null;
	expiry: string | null;
	expired: boolean;
	locationId: string;
};

/** Serials in the order people number them: SN-2 before SN-10. */
const bySerial = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/**
 * The serial numbers in stock (each holding its unit), by location in the order of `locationIds`,
 * then by serial read as people number them (SN-2 before SN-10).
 */
export function serialsInStock(items: readonly LocationLots[], locationIds: readonly string[]): SerialInStock[] {
	return lotSections(items, locationIds).flatMap((item) =>
		item.lots
			.filter((l) => l.onHand > 0)
			.map((l) => ({
				serial: l.lot,
				batch: l.batch,
				expiry: l.expiry,
				expired: l.expired,
				locationId: item.locationId,
			}))
			.sort((a, b) => bySerial.compare(a.serial, b.serial)),
	);
}

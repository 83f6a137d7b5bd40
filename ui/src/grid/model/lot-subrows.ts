/**
 * The sub-rows of an expanded product row (a product tracked by lot or serial number): one per lot
 * holding stock at the grid's shown locations, its on hand in each location's column, then the
 * unassigned rest (docs/architecture.md#lots). Reservations are not per lot, so a sub-row shows on
 * hand only; the product row keeps reserved and available. Sub-rows are read-only and follow their
 * product row whatever the sort. Pure, so tested on Node.
 */
import type { LocationLots } from "../../api/types";
import type { ProductRow } from "./grid-rows";

/** What an expanded row knows of its lots: being read, read, or not readable. */
export type LotState =
	| { status: "loading" }
	| { status: "loaded"; items: readonly LocationLots[] }
	| { status: "failed"; message: string };

/** What a sub-row shows. */
export type LotLine = {
	/** `lot`: a lot (or serial number); `unassigned`: the rest in no lot; the others stand for the whole list. */
	kind: "lot" | "unassigned" | "loading" | "failed" | "empty";
	/** The lot or serial number (kind `lot`). */
	lot: string | null;
	expiry: string | null;
	/** A serial number's lot, if any. */
	batch: string | null;
	expired: boolean;
	expiring: boolean;
	/** On hand by location id (only the shown locations that hold some). */
	onHand: Map<string, number>;
	/** Why the lots could not be read (kind `failed`). */
	message?: string;
};

const SCALE = 10_000;
const scaled = (n: number) => Math.round(n * SCALE);

/** A product row whose lots can be shown: tracked by lot or by serial number. */
export function hasLots(row: Pick<ProductRow, "tracking" | "lot">): boolean {
	return !row.lot && (row.tracking === "lot" || row.tracking === "serial");
}

function line(kind: LotLine["kind"], extra: Partial<LotLine> = {}): LotLine {
	return { kind, lot: null, expiry: null, batch: null, expired: false, expiring: false, onHand: new Map(), ...extra };
}

/**
 * The lines of a product's lots at the shown locations (all when `locationIds` is null): each lot
 * holding stock once, its on hand per location; by expiry (none last), then lot as people number
 * them; then the unassigned rest where it is not zero. None: one `empty` line.
 */
export function lotLines(items: readonly LocationLots[], locationIds: readonly string[] | null): LotLine[] {
	const shown = locationIds ? new Set(locationIds) : null;
	const lots = new Map<string, LotLine>();
	const unassigned = new Map<string, number>();
	for (const item of items) {
		if (shown && !shown.has(item.locationId)) continue;
		if (item.unassigned !== 0) unassigned.set(item.locationId, item.unassigned);
		for (const l of item.lots) {
			if (l.onHand === 0) continue;
			const found =
				lots.get(l.lot) ??
				line("lot", { lot: l.lot, expiry: l.expiry, batch: l.batch, expired: l.expired, expiring: l.expiring });
			lots.set(l.lot, found);
			const before = found.onHand.get(item.locationId) ?? 0;
			found.onHand.set(item.locationId, (scaled(before) + scaled(l.onHand)) / SCALE);
		}
	}
	const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
	const sorted = [...lots.values()].sort((a, b) => {
		if (a.expiry !== b.expiry) {
			if (a.expiry === null) return 1;
			if (b.expiry === null) return -1;
			return a.expiry < b.expiry ? -1 : 1;
		}
		return collator.compare(a.lot ?? "", b.lot ?? "");
	});
	if (unassigned.size > 0) sorted.push(line("unassigned", { onHand: unassigned }));
	return sorted.length > 0 ? sorted : [line("empty")];
}

/** The lines an expanded row shows in its state. */
export function linesOf(state: LotState, locationIds: readonly string[] | null): LotLine[] {
	if (state.status === "loading") return [line("loading")];
	if (state.status === "failed") return [line("failed", { message: state.message })];
	return lotLines(state.items, locationIds);
}

/** A sub-row: its product's identity (so that Enter or a click on it opens the product) and its line. */
function subRow(parent: ProductRow, lot: LotLine): ProductRow {
	return {
		productId: parent.productId,
		sku: parent.sku,
		name: parent.name,
		type: parent.type,
		tracking: parent.tracking,
		levels: new Map(),
		lot,
	};
}

/** The rows with each expanded product row followed by its sub-rows (the rows themselves are not changed). */
export function withLotRows(
	rows: readonly ProductRow[],
	expanded: ReadonlyMap<string, LotState>,
	locationIds: readonly string[] | null,
): ProductRow[] {
	if (expanded.size === 0) return [...rows];
	const out: ProductRow[] = [];
	for (const row of rows) {
		out.push(row);
		const state = hasLots(row) ? expanded.get(row.productId) : undefined;
		if (state) for (const l of linesOf(state, locationIds)) out.push(subRow(row, l));
	}
	return out;
}

/** The on hand a sub-row shows in a location's column ("total": the sum over its locations); null: blank. */
export function lotOnHand(lot: LotLine, locationId: string): number | null {
	if (locationId !== "total") return lot.onHand.get(locationId) ?? null;
	if (lot.onHand.size === 0) return null;
	let sum = 0;
	for (const n of lot.onHand.values()) sum += scaled(n);
	return sum / SCALE;
}

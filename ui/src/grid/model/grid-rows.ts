/**
 * The grid's rows: the API's level rows (one per product × location) pivoted into one row per
 * product with its levels by location, merged with live changes, totalled exactly, sorted and
 * filtered. Quantities have at most 4 decimals; sums are taken on integers scaled by 10 000 so that
 * 0.1 + 0.2 totals 0.3, as the ledger does (docs/architecture.md#exact-quantities).
 */
import type { KitComponent, LevelChange, LevelRow } from "../../api/types";
import type { LotLine } from "./lot-subrows";

export type ProductRow = {
	productId: string;
	sku: string;
	name: string;
	type: LevelRow["type"];
	/** Keyed by locationId. */
	levels: Map<string, LevelRow>;
	/** A kit's components: its available at a location is what they allow there (see `recomputeKits`). */
	components?: KitComponent[];
	/** How its stock is tracked (absent: not tracked); a row tracked by lot or serial expands into its lots. */
	tracking?: LevelRow["tracking"];
	/** Its cost per unit as imported from QuickBooks; null (or absent) when unknown: no stock value. */
	purchaseCost?: number | null;
	/** Set on a lot's sub-row (model/lot-subrows.ts), which is read-only; its `levels` are empty. */
	lot?: LotLine;
};

const SCALE = 10_000;

/** Adds the level rows to `into` (a product row is created on first sight; a level replaces the one it has). */
export function pivotLevels(rows: LevelRow[], into: Map<string, ProductRow>): void {
	for (const level of rows) {
		let product = into.get(level.productId);
		if (!product) {
			product = {
				productId: level.productId,
				sku: level.sku,
				name: level.name,
				type: level.type,
				tracking: level.tracking,
				purchaseCost: level.purchaseCost,
				levels: new Map(),
			};
			into.set(level.productId, product);
			if (level.components) product.components = level.components;
		} else {
			// The catalogue may have changed (a rename synced from QBO): the newest row tells.
			product.sku = level.sku;
			product.name = level.name;
			product.type = level.type;
			product.tracking = level.tracking;
			product.purchaseCost = level.purchaseCost;
			if (level.components) product.components = level.components;
		}
		product.levels.set(level.locationId, level);
	}
}

/**
 * Merges live changes into the rows: stock fields and version (and planning fields when the change
 * carries them). A change older than what the row has (a lower version, e.g. replayed after a
 * reconnect) is ignored, as is one for a product the grid does not hold. A level the product did
 * not have yet is added when the product is known. The kits made of a changed product get their
 * available recomputed there (see `recomputeKits`). Returns the cells that changed, to flash them.
 */
export function applyChanges(
	map: Map<string, ProductRow>,
	changes: LevelChange[],
): { productId: string; locationId: string }[] {
	const changed: { productId: string; locationId: string }[] = [];
	for (const change of changes) {
		const product = map.get(change.productId);
		if (!product) continue;
		const current = product.levels.get(change.locationId);
		if (current && current.version > change.version) continue;
		const next: LevelRow = {
			productId: product.productId,
			sku: product.sku,
			name: product.name,
			type: product.type,
			tracking: product.tracking ?? "none",
			purchaseCost: product.purchaseCost ?? null,
			locationId: change.locationId,
			reorderPoint: current?.reorderPoint ?? null,
			reorderQty: current?.reorderQty ?? null,
			bin: current?.bin ?? null,
			onHand: change.onHand,
			reserved: change.reserved,
			available: liveAvailable(current, change),
			incoming: change.incoming,
			expired: current?.expired ?? 0,
			expiring: current?.expiring ?? 0,
			version: change.version,
		};
		// A whole row (a stock form's answer) tells its expiry and its available as the API counts it.
		if (isFullRow(change)) Object.assign(next, { expired: change.expired, expiring: change.expiring });
		if (change.reorderPoint !== undefined) next.reorderPoint = change.reorderPoint;
		if (change.reorderQty !== undefined) next.reorderQty = change.reorderQty;
		if (change.bin !== undefined) next.bin = change.bin;
		if (current && sameLevel(current, next)) continue;
		product.levels.set(change.locationId, next);
		changed.push({ productId: product.productId, locationId: change.locationId });
	}
	if (changed.length > 0) changed.push(...recomputeKits(map, changed));
	return changed;
}

/**
 * Recomputes the available of the kits made of the given changed levels' products, at those
 * locations (all kits at all their locations when `changed` is omitted): the least, over components,
 * of ⌊component available / quantity per kit⌋, never below 0, as the API computes it. A kit whose
 * components are not all in `map` keeps the value the API gave. Answers the kit cells that changed.
 */
export function recomputeKits(
	map: Map<string, ProductRow>,
	changed?: readonly { productId: string; locationId: string }[],
): { productId: string; locationId: string }[] {
	let touched: Map<string, Set<string>> | null = null;
	if (changed) {
		touched = new Map();
		for (const c of changed) {
			const at = touched.get(c.productId) ?? new Set<string>();
			at.add(c.locationId);
			touched.set(c.productId, at);
		}
	}
	const out: { productId: string; locationId: string }[] = [];
	for (const kit of map.values()) {
		if (kit.type !== "kit" || !kit.components) continue;
		let locationIds: Iterable<string>;
		if (touched) {
			const at = new Set<string>();
			for (const c of kit.components) for (const id of touched.get(c.productId) ?? []) at.add(id);
			locationIds = at;
		} else locationIds = [...kit.levels.keys()];
		for (const locationId of locationIds) {
			const level = kit.levels.get(locationId);
			const available = level ? kitAvailableAt(map, kit.components, locationId) : null;
			if (!level || available === null || available === level.available) continue;
			kit.levels.set(locationId, { ...level, available });
			out.push({ productId: kit.productId, locationId });
		}
	}
	return out;
}

/** Whole kits the components allow at a location (on scaled integers), or null if one is not loaded. */
function kitAvailableAt(map: Map<string, ProductRow>, components: KitComponent[], locationId: string): number | null {
	let allowed: number | null = null;
	for (const c of components) {
		const perKit = scaled(c.quantity);
		if (perKit <= 0) continue; // takes nothing from stock
		const product = map.get(c.productId);
		if (!product) return null;
		const available = scaled(product.levels.get(locationId)?.available ?? 0);
		let kits = available <= 0 ? 0 : Math.floor(available / perKit);
		// Exact on integers: float rounding of the quotient must neither add nor lose a kit.
		while (kits > 0 && kits * perKit > available) kits -= 1;
		while ((kits + 1) * perKit <= available) kits += 1;
		allowed = allowed === null ? kits : Math.min(allowed, kits);
	}
	return allowed ?? 0;
}

function isFullRow(change: LevelChange): change is LevelChange & Pick<LevelRow, "expired" | "expiring"> {
	return typeof (change as Partial<LevelRow>).expired === "number";
}

/**
 * The available of a level after a change. A stock change from the live feed says on hand − reserved
 * only: the product object does not know the company's expiry setting. The row keeps leaving out the
 * expired stock it left out before (what the API's available was short of on hand − reserved), never
 * more than is on hand, as the API does (docs/architecture.md#expired-stock); a whole row from the
 * API (`expired` given) is taken as it is.
 */
export function liveAvailable(current: LevelRow | undefined, change: LevelChange): number {
	if (isFullRow(change) || !current || current.type === "kit") return change.available;
	const leftOut = scaled(current.onHand) - scaled(current.reserved) - scaled(current.available);
	if (leftOut <= 0) return change.available;
	const kept = Math.min(leftOut, Math.max(scaled(change.onHand), 0));
	return (scaled(change.onHand) - scaled(change.reserved) - kept) / SCALE;
}

/** A kit holds no stock of its own: its on hand, reserved and incoming show blank, not 0. */
export function isKitOwnStock(row: ProductRow, field: string): boolean {
	return row.type === "kit" && (field === "onHand" || field === "reserved" || field === "incoming");
}

function sameLevel(a: LevelRow, b: LevelRow): boolean {
	return (
		a.version === b.version &&
		a.onHand === b.onHand &&
		a.reserved === b.reserved &&
		a.available === b.available &&
		a.incoming === b.incoming &&
		a.expired === b.expired &&
		a.expiring === b.expiring &&
		a.reorderPoint === b.reorderPoint &&
		a.reorderQty === b.reorderQty &&
		a.bin === b.bin
	);
}

export type Totals = { onHand: number; reserved: number; available: number; incoming: number };

/** Exact decimal → scaled integer (quantities have ≤ 4 decimals). */
function scaled(value: number): number {
	return Math.round(value * SCALE);
}

/** A product's stock summed over the given locations (those it has no level at count 0), exactly. */
export function totals(row: ProductRow, locationIds: Iterable<string>): Totals {
	let onHand = 0;
	let reserved = 0;
	let available = 0;
	let incoming = 0;
	for (const id of locationIds) {
		const level = row.levels.get(id);
		if (!level) continue;
		onHand += scaled(level.onHand);
		reserved += scaled(level.reserved);
		available += scaled(level.available);
		incoming += scaled(level.incoming);
	}
	return {
		onHand: onHand / SCALE,
		reserved: reserved / SCALE,
		available: available / SCALE,
		incoming: incoming / SCALE,
	};
}

export type SortField =
	| "sku"
	| "name"
	| "type"
	| "onHand"
	| "reserved"
	| "available"
	| "incoming"
	| "reorderPoint"
	| "reorderQty"
	| "bin"
	/** Stock value: on hand × the product's purchase cost (`stockValue`). */
	| "value";

export type SortKey = {
	field: SortField;
	/** The location column sorted on; "total" (or null) for the totals column; ignored for sku, name and type. */
	locationId: string | "total" | null;
	direction: "asc" | "desc";
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compareText(a: string, b: string): number {
	return collator.compare(a, b);
}

/**
 * What `onHand` of a product is worth: × its purchase cost as imported from QuickBooks, to the cent.
 * Null when the cost is unknown (shown blank, not 0) and for products that hold no stock of their
 * own (services, non-inventory, kits), or for no level.
 */
export function stockValue(row: ProductRow, onHand: number | undefined): number | null {
	const cost = row.purchaseCost;
	if (cost === null || cost === undefined || onHand === undefined || row.lot || row.type !== "inventory") return null;
	return Math.round(onHand * cost * 100) / 100;
}

/** The value a row is sorted by; null sorts last. */
function sortValue(row: ProductRow, key: SortKey, totalOf: readonly string[] | undefined): string | number | null {
	switch (key.field) {
		case "sku":
		case "name":
		case "type":
			return row[key.field];
		case "value":
			return stockValue(
				row,
				key.locationId === null || key.locationId === "total"
					? totals(row, totalOf ?? [...row.levels.keys()]).onHand
					: row.levels.get(key.locationId)?.onHand,
			);
	}
	if (isKitOwnStock(row, key.field)) return null; // blank, as shown
	if (key.locationId !== null && key.locationId !== "total") {
		const level = row.levels.get(key.locationId);
		return level ? level[key.field] : null;
	}
	const ids = totalOf ?? [...row.levels.keys()];
	switch (key.field) {
		case "onHand":
		case "reserved":
		case "available":
		case "incoming":
			return totals(row, ids)[key.field];
		case "reorderPoint":
		case "reorderQty": {
			// The total of the planning quantities that are set; none set: no value.
			let sum: number | null = null;
			for (const id of ids) {
				const value = row.levels.get(id)?.[key.field];
				if (value !== null && value !== undefined) sum = (sum ?? 0) + scaled(value);
			}
			return sum === null ? null : sum / SCALE;
		}
		case "bin":
			return null; // bins do not add up
	}
}

/**
 * Rows in the order of `key`, without changing the input: stable (equal values keep their order),
 * empty values last in both directions, text compared as people read it ("A2" before "A10",
 * accents and case aside). No key: by SKU. `totalOf` names the locations the totals column sums
 * (the shown ones); all of a row's locations when absent.
 */
export function sortRows(rows: ProductRow[], key: SortKey | null, totalOf?: readonly string[]): ProductRow[] {
	const effective: SortKey = key ?? { field: "sku", locationId: null, direction: "asc" };
	const sign = effective.direction === "desc" ? -1 : 1;
	const keyed = rows.map((row, index) => ({ row, index, value: sortValue(row, effective, totalOf) }));
	keyed.sort((a, b) => {
		if (a.value === null || b.value === null) {
			if (a.value === b.value) return a.index - b.index;
			return a.value === null ? 1 : -1;
		}
		const order =
			typeof a.value === "number" && typeof b.value === "number"
				? a.value - b.value
				: compareText(String(a.value), String(b.value));
		return order !== 0 ? sign * order : a.index - b.index;
	});
	return keyed.map((k) => k.row);
}

export type RowFilter = {
	/** Matches SKU or name, ignoring case and accents ("cafe" finds "Café"); empty matches all. */
	text: string;
	/** The shown locations, which the conditions look at; null: all. */
	locationIds: string[] | null;
	belowReorder: boolean;
	negativeAvailable: boolean;
	/** Rows holding stock in expired lots at a shown location. */
	expired: boolean;
	/** Rows holding stock in lots expiring within the company's days at a shown location. */
	expiring: boolean;
};

/** Lower case without accents, for matching. */
export function foldText(text: string): string {
	return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function shownLevels(row: ProductRow, locationIds: string[] | null): LevelRow[] {
	if (locationIds === null) return [...row.levels.values()];
	const out: LevelRow[] = [];
	for (const id of locationIds) {
		const level = row.levels.get(id);
		if (level) out.push(level);
	}
	return out;
}

/**
 * The rows the filter keeps, in their order. Conditions combine (all must hold): "below reorder
 * point" keeps a row with a shown location where a reorder point is set and available is at or
 * under it; "negative available" one with a shown location where available is below zero;
 * "expired" and "expiring" one with a shown location holding stock in such lots.
 */
export function filterRows(rows: ProductRow[], filter: RowFilter): ProductRow[] {
	const needle = foldText(filter.text.trim());
	return rows.filter((row) => {
		if (needle && !foldText(row.sku).includes(needle) && !foldText(row.name).includes(needle)) return false;
		if (!filter.belowReorder && !filter.negativeAvailable && !filter.expired && !filter.expiring) return true;
		const levels = shownLevels(row, filter.locationIds);
		if (filter.belowReorder && !levels.some(isBelowReorder)) return false;
		if (filter.negativeAvailable && !levels.some(isNegativeAvailable)) return false;
		if (filter.expired && !levels.some((l) => l.expired > 0)) return false;
		if (filter.expiring && !levels.some((l) => l.expiring > 0)) return false;
		return true;
	});
}

/** A level to restock: its reorder point is set and available has reached it. */
export function isBelowReorder(level: LevelRow): boolean {
	return level.reorderPoint !== null && level.available <= level.reorderPoint;
}

export function isNegativeAvailable(level: LevelRow): boolean {
	return level.available < 0;
}

/**
 * The Lots page's filters (ui/src/app/pages/lots-page.ts): which lots (all with stock, expired,
 * expiring within N days, not expired), one product, one location — as `GET /lots` takes them and
 * as the address keeps them (`#/lots?status=expiring&days=30`), so that coming back from a product
 * finds the list as it was left. Pure, so tested on Node.
 */
import { EXPIRING_SOON_DAYS } from "./lot-expiry";

export const LOT_STATUSES = ["", "expired", "expiring", "current"] as const;
/** "": every lot with stock; `current`: not expired (or without expiry). */
export type LotStatusFilter = (typeof LOT_STATUSES)[number];

/** As the form holds them: `days` is typed text, `product` what the product field shows. */
export type LotFilters = {
	status: LotStatusFilter;
	days: string;
	productId: string;
	product: string;
	locationId: string;
};

export const NO_LOT_FILTERS: LotFilters = {
	status: "",
	days: String(EXPIRING_SOON_DAYS),
	productId: "",
	product: "",
	locationId: "",
};

/** The API's longest span (worker/api/routes/lots.ts). */
export const MAX_DAYS = 3650;

export type LotQuery = {
	expired?: "true" | "false";
	expiringWithinDays?: number;
	productId?: string;
	locationId?: string;
};

export type LotQueryResult = { ok: true; query: LotQuery } | { ok: false; errors: { days: "daysFormat" } };

/**
 * The query of a set of filters; the span of days only counts for expiring lots, and must be a
 * whole number of days from 0 to 3650.
 * @example lotQuery({ ...NO_LOT_FILTERS, status: "expiring", days: "7" }) // { ok: true, query: { expiringWithinDays: 7 } }
 */
export function lotQuery(filters: LotFilters): LotQueryResult {
	const query: LotQuery = {};
	if (filters.status === "expired") query.expired = "true";
	if (filters.status === "current") query.expired = "false";
	if (filters.status === "expiring") {
		const days = filters.days.trim();
		if (!/^\d{1,4}$/.test(days) || Number(days) > MAX_DAYS) return { ok: false, errors: { days: "daysFormat" } };
		query.expiringWithinDays = Number(days);
	}
	if (filters.productId) query.productId = filters.productId;
	if (filters.locationId) query.locationId = filters.locationId;
	return { ok: true, query };
}

/** The filters of a hash (`#/lots?…`); what is missing or unknown is no filter. */
export function readLotFilters(hash: string): LotFilters {
	const index = hash.indexOf("?");
	const params = new URLSearchParams(index >= 0 ? hash.slice(index + 1) : "");
	const status = params.get("status") ?? "";
	const productId = params.get("productId") ?? "";
	return {
		status: (LOT_STATUSES as readonly string[]).includes(status) ? (status as LotStatusFilter) : "",
		days: params.get("days") ?? NO_LOT_FILTERS.days,
		productId,
		product: productId ? (params.get("product") ?? "") : "",
		locationId: params.get("locationId") ?? "",
	};
}

/** `#/lots`, with the filters that differ from none; the days only with expiring lots. */
export function lotListHash(filters: LotFilters): string {
	const params = new URLSearchParams();
	if (filters.status) params.set("status", filters.status);
	if (filters.status === "expiring" && filters.days.trim() !== NO_LOT_FILTERS.days)
		params.set("days", filters.days.trim());
	if (filters.productId) {
		params.set("productId", filters.productId);
		if (filters.product.trim()) params.set("product", filters.product.trim());
	}
	if (filters.locationId) params.set("locationId", filters.locationId);
	return params.size > 0 ? `#/lots?${params}` : "#/lots";
}

export type ProductChoice = { id: string; sku: string; name: string };

/**
 * The product a typed text names among the products a search found: its label as offered
 * (`SKU — Name`), its SKU exactly, or the one product found; "none" or "several" otherwise, and
 * null for an empty text (no product filter).
 */
export function chooseProduct(
	text: string,
	found: readonly ProductChoice[],
	label: (p: ProductChoice) => string,
): ProductChoice | "none" | "several" | null {
	const s = text.trim();
	if (s === "") return null;
	const exact =
		found.find((p) => label(p) === s) ?? found.find((p) => p.sku.toLocaleLowerCase() === s.toLocaleLowerCase());
	if (exact) return exact;
	if (found.length === 1) return found[0] ?? "none";
	return found.length === 0 ? "none" : "several";
}

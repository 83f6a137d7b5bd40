/**
 * What the purchasing pages show beside ids: vendors' and locations' names, and the SKU and name of
 * the products on a purchase (its lines carry only product ids).
 */
import type { ApiClient } from "../api/api-client";
import type { Location, Product, Vendor } from "../api/types";

/**
 * `tracking` and `expiryRequired` as loaded by id (the Receive form's lot rows); a search leaves them
 * out. `purchaseCost`: the product's cost from QuickBooks, what a new line's unit cost starts at.
 */
export type ProductRef = Pick<Product, "id" | "sku" | "name" | "type"> &
	Partial<Pick<Product, "tracking" | "expiryRequired" | "purchaseCost">>;

/** Every vendor, inactive ones too (an old purchase may name one). */
export function loadVendors(api: ApiClient): Promise<Vendor[]> {
	return api.all<Vendor>("/vendors", { includeInactive: "true" });
}

/** Every location, archived ones too (an old purchase may name one). */
export function loadLocations(api: ApiClient): Promise<Location[]> {
	return api.all<Location>("/locations", { includeArchived: "true" });
}

/** The products of these ids, a few requests at a time; an id that no longer answers is left out. */
export async function loadProducts(api: ApiClient, ids: Iterable<string>): Promise<Map<string, ProductRef>> {
	const queue = [...new Set(ids)];
	const found = new Map<string, ProductRef>();
	const worker = async () => {
		for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
			try {
				const p = await api.get<Product>(`/products/${encodeURIComponent(id)}`);
				found.set(id, {
					id: p.id,
					sku: p.sku,
					name: p.name,
					type: p.type,
					tracking: p.tracking,
					expiryRequired: p.expiryRequired,
					purchaseCost: p.purchaseCost,
				});
			} catch {
				// Archived or gone: the page shows the id instead.
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(6, queue.length) }, worker));
	return found;
}

/** Products whose SKU or name contains `q`, stocked ones only (only those can be purchased). */
export async function searchProducts(api: ApiClient, q: string): Promise<ProductRef[]> {
	const page = await api.get<{ items: Product[] }>("/products", { q, limit: 20 });
	return page.items
		.filter((p) => p.type === "inventory")
		.map((p) => ({ id: p.id, sku: p.sku, name: p.name, type: p.type, purchaseCost: p.purchaseCost }));
}

/** A product as a picker shows it. */
export function productLabel(p: Pick<ProductRef, "sku" | "name">): string {
	return `${p.sku} — ${p.name}`;
}

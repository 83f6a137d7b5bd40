/**
 * One search over a company (the header's search box, docs/api.md#search): products by SKU, name or
 * barcode, orders by their QuickBooks document number, purchases by number, customers (as orders name
 * them) and vendors by name. Here, above catalogue, sales and purchasing, because it reads all three.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { containsText } from "../db/contains-text";
import { orders, products, purchases, vendors } from "../db/schema";

/** At most this many results of each kind: enough to pick from in a dropdown. */
export const SEARCH_LIMIT_PER_KIND = 8;

export type SearchKind = "product" | "order" | "purchase" | "customer" | "vendor";

export type SearchResult = {
	kind: SearchKind;
	/** The record's id; a customer's is their name (orders name customers, there is no customer record). */
	id: string;
	/** What the user searched by: SKU, document number, purchase number, customer or vendor name. */
	label: string;
	/** A second line: the product's name, the order's customer, the purchase's vendor. */
	detail: string | null;
	/** The app's page of the result (a hash route). */
	href: string;
	/** `q` is the whole label (case aside) or the product's barcode: what a scanner or a typed number names. */
	exact: boolean;
};

/**
 * Up to SEARCH_LIMIT_PER_KIND results of each kind for `q` (anywhere, case-insensitive, `%` and `_`
 * taken literally), exact SKU or barcode matches first. `locationIds`: a caller limited to some
 * locations finds only the orders and purchases there.
 */
export async function search(
	db: Database,
	companyId: string,
	q: string,
	locationIds?: string[],
): Promise<SearchResult[]> {
	const limit = SEARCH_LIMIT_PER_KIND;
	const [productRows, orderRows, customerRows, purchaseRows, vendorRows] = await db.batch([
		db
			.select({ id: products.id, sku: products.sku, name: products.name, barcode: products.barcode })
			.from(products)
			.where(
				and(
					eq(products.companyId, companyId),
					isNull(products.archivedAt),
					isNull(products.mergedInto),
					containsText(q, products.sku, products.name, products.barcode),
				),
			)
			// A scanned barcode or a typed SKU names one product: it comes first.
			.orderBy(
				desc(sql`(${products.barcode} IS ${q} OR ${products.sku} = ${q} COLLATE NOCASE)`),
				asc(products.sku),
				asc(products.id),
			)
			.limit(limit),
		db
			.select({ id: orders.id, docNumber: orders.docNumber, customerName: orders.customerName })
			.from(orders)
			.where(
				and(
					eq(orders.companyId, companyId),
					locationIds ? inArray(orders.locationId, locationIds) : undefined,
					containsText(q, orders.docNumber),
				),
			)
			.orderBy(desc(sql`${orders.docNumber} = ${q} COLLATE NOCASE`), desc(orders.createdAt), desc(orders.id))
			.limit(limit),
		db
			.selectDistinct({ name: orders.customerName })
			.from(orders)
			.where(
				and(
					eq(orders.companyId, companyId),
					isNotNull(orders.customerName),
					locationIds ? inArray(orders.locationId, locationIds) : undefined,
					containsText(q, orders.customerName),
				),
			)
			.orderBy(asc(orders.customerName))
			.limit(limit),
		db
			.select({ id: purchases.id, number: purchases.number, vendorName: vendors.name })
			.from(purchases)
			.leftJoin(vendors, eq(vendors.id, purchases.vendorId))
			.where(
				and(
					eq(purchases.companyId, companyId),
					locationIds ? inArray(purchases.locationId, locationIds) : undefined,
					containsText(q, purchases.number),
				),
			)
			.orderBy(desc(purchases.seq))
			.limit(limit),
		db
			.select({ id: vendors.id, name: vendors.name })
			.from(vendors)
			.where(and(eq(vendors.companyId, companyId), isNull(vendors.archivedAt), containsText(q, vendors.name)))
			.orderBy(asc(vendors.name), asc(vendors.id))
			.limit(limit),
	]);
	const result = (kind: SearchKind, id: string, label: string, detail: string | null, href: string) => ({
		kind,
		id,
		label,
		detail,
		href,
		exact: label.toLowerCase() === q.toLowerCase(),
	});
	return [
		...productRows.map((p) => {
			const found = result("product", p.id, p.sku, p.name, `#/products/${encodeURIComponent(p.id)}`);
			return { ...found, exact: found.exact || p.barcode === q };
		}),
		...orderRows.map((o) =>
			result("order", o.id, o.docNumber ?? "", o.customerName, `#/orders/${encodeURIComponent(o.id)}`),
		),
		...purchaseRows.map((p) =>
			result("purchase", p.id, p.number, p.vendorName, `#/purchases/${encodeURIComponent(p.id)}`),
		),
		// The orders list filters by customer the same way (its `q`).
		...customerRows.map(({ name }) =>
			result("customer", name ?? "", name ?? "", null, `#/orders?${new URLSearchParams({ q: name ?? "" })}`),
		),
		...vendorRows.map((v) =>
			result("vendor", v.id, v.name, null, `#/purchases?${new URLSearchParams({ vendorId: v.id })}`),
		),
	];
}

import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { SEARCH_LIMIT_PER_KIND, search } from "../../sync/search";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { jsonResponse, problems } from "../schemas";

const searchResultSchema = z
	.object({
		kind: z.enum(["product", "order", "purchase", "customer", "vendor"]),
		id: z.string().openapi({ description: "The record's id; a customer's is their name, as orders give it" }),
		label: z.string().openapi({
			description: "The product's SKU, the order's QuickBooks document number, the purchase's number, the name",
		}),
		detail: z
			.string()
			.nullable()
			.openapi({ description: "The product's name, the order's customer, the purchase's vendor" }),
		href: z.string().openapi({ description: "The app's page of the result, a hash route such as `#/orders/<id>`" }),
		exact: z.boolean().openapi({
			description: "`q` is the whole label (case aside) or the product's barcode: a scanned code or a typed number",
		}),
	})
	.openapi("SearchResult");

export const searchRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/search",
		summary: `Products by SKU, name or barcode, orders by document number, purchases by number, customers and vendors by name: at most ${SEARCH_LIMIT_PER_KIND} of each`,
		request: {
			query: z.strictObject({
				q: z.string().trim().min(1).max(100).openapi({
					description: "Found anywhere, case-insensitive; `%` and `_` are taken literally",
				}),
			}),
		},
		responses: {
			200: jsonResponse(
				z.object({ items: z.array(searchResultSchema) }).openapi("SearchResults"),
				"Grouped by kind (products, orders, purchases, customers, vendors); an exact SKU, barcode or number first in its kind",
			),
			...problems(400, 401),
		},
	}),
	async (c) => {
		const { q } = c.req.valid("query");
		const items = await search(database(c.env.DB), c.var.caller.companyId, q, callerLocations(c.var.caller));
		return c.json({ items }, 200);
	},
);

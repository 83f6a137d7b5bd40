/**
 * `GET /overview`: the start page's figures for the caller's company and locations — what is below
 * its reorder point, backordered orders, what arrives this week, negative stock, stock value, and
 * the QuickBooks link's health (worker/sync/overview.ts).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { companyOverview } from "../../sync/overview";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { jsonResponse, noQuery, problems } from "../schemas";

const day = z.string().openapi({ format: "date", example: "2026-12-07" });

const levelRef = {
	productId: z.string(),
	sku: z.string(),
	name: z.string(),
	locationId: z.string(),
};

const overviewSchema = z
	.object({
		asOf: z.string().openapi({ format: "date-time" }),
		belowReorder: z
			.object({
				products: z.number().int().openapi({ description: "Products with a level at or below its reorder point" }),
				levels: z
					.array(
						z.object({
							...levelRef,
							available: z.number(),
							reorderPoint: z.number(),
							shortfall: z.number().openapi({ description: "reorderPoint − available" }),
						}),
					)
					.openapi({ description: "The largest shortfalls first, at most 5" }),
			})
			.openapi({
				description:
					"As `GET /levels?below=reorder` and the grid's filter decide it: available at or below the reorder point (a kit: the kits its components allow)",
			}),
		negative: z
			.object({
				products: z.number().int().openapi({ description: "Products with a level whose available is below 0" }),
				levels: z
					.array(z.object({ ...levelRef, onHand: z.number(), available: z.number() }))
					.openapi({ description: "The most negative first, at most 5" }),
			})
			.openapi({
				description: "Levels whose available (on hand − reserved, expired stock out when so set) is below 0",
			}),
		backordered: z
			.object({
				count: z.number().int(),
				orders: z
					.array(
						z.object({
							id: z.string(),
							number: z.string(),
							customerName: z.string().nullable(),
							txnDate: z.string().nullable(),
							locationId: z.string(),
						}),
					)
					.openapi({ description: "The oldest first, at most 5" }),
			})
			.openapi({ description: "Open orders that on hand cannot serve (`backordered` in `GET /orders`)" }),
		arriving: z
			.object({
				until: day,
				count: z
					.number()
					.int()
					.openapi({ description: "Purchases still to arrive expected on or before `until`, late ones included" }),
				late: z.number().int().openapi({ description: "Of those, the ones expected before today" }),
				purchases: z
					.array(
						z.object({
							id: z.string(),
							number: z.string(),
							vendorName: z.string().nullable(),
							expectedDate: day,
							locationId: z.string(),
						}),
					)
					.openapi({ description: "The soonest first, at most 5" }),
			})
			.openapi({
				description:
					"Purchases ordered or partly received expected by 7 days ahead (UTC days), late ones included: `GET /purchases?expectedBy=<until>`",
			}),
		stockValue: z
			.object({
				total: z.number(),
				locations: z.array(
					z.object({
						locationId: z.string(),
						name: z.string(),
						value: z.number(),
						productsWithoutCost: z.number().int(),
					}),
				),
				productsWithoutCost: z
					.number()
					.int()
					.openapi({ description: "Products holding stock (≠ 0) with no purchase cost: they add nothing" }),
			})
			.openapi({
				description:
					"On hand × the product's purchase cost as imported from QuickBooks (Item.PurchaseCost), in the company's home currency, per location in their order and in total",
			}),
		quickbooks: z.object({
			connection: z.enum(["not_connected", "connected", "revoked", "disconnected"]),
			lastEventAt: z
				.string()
				.nullable()
				.openapi({ format: "date-time", description: "The last change from QuickBooks (webhook or catch-up)" }),
			failed: z.number().int().openapi({ description: "Sync log lines failed (to be retried) in the last 24 hours" }),
			dead: z.number().int().openapi({ description: "Sync log lines given up in the last 7 days, pushes included" }),
		}),
	})
	.openapi("Overview");

export const overviewRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/overview",
		summary: "The start page's figures: below reorder point, backordered, arriving, negative, stock value, sync health",
		description:
			"For the caller's locations only (a caller limited to some sees theirs); the QuickBooks link's health is the company's.",
		request: noQuery,
		responses: { 200: jsonResponse(overviewSchema, "The figures"), ...problems(400, 401) },
	}),
	async (c) =>
		c.json(await companyOverview(database(c.env.DB), c.var.caller.companyId, callerLocations(c.var.caller)), 200),
);

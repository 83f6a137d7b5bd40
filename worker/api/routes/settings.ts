import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { releaseEstimateOrders } from "../../sales/estimate-orders-release";
import { remapOpenOrders } from "../../sales/order-remap";
import { EXPIRING_WITHIN_DAYS_MAX, getSettings, updateSettings } from "../../settings/company-settings";
import { queueEstimateRemap } from "../../sync/estimate-remap";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, noQuery, problems } from "../schemas";

const orderModeSchema = z.enum(["ship_on_invoice", "reserve_until_delivery"]).openapi({
	description:
		"ship_on_invoice: an invoice takes its goods out at once; reserve_until_delivery: it reserves them until a delivery note delivers them",
});

const settingsSchema = z
	.object({
		orderMode: orderModeSchema,
		estimatesCreateOrders: z.boolean(),
		defaultLocationId: z.string().nullable(),
		stockSyncToQbo: z.boolean(),
		stockSyncAvailable: z.boolean().openapi({
			description: "False when the connected QuickBooks company does not track inventory quantities",
		}),
		stockSyncNote: z.string().nullable().openapi({ description: "Why stock sync is unavailable" }),
		purchasesToQbo: z.boolean().openapi({
			description:
				"When connected: ordering a purchase creates its PurchaseOrder in QuickBooks, and each receipt a Bill (which moves QuickBooks' quantity itself)",
		}),
		expiredNotAvailable: z.boolean().openapi({
			description:
				"Stock in expired lots is not counted in `available` (levels, grid, product page); it stays on hand (docs/architecture.md#expired-stock)",
		}),
		expiringWithinDays: z.number().int().openapi({
			description: 'Lots expiring from today to this many days ahead are marked "expiring" (grid filter and marks)',
		}),
		negativeStockAllowed: z.boolean().openapi({
			description:
				"Whether a person may take a location's available stock below zero by confirming it (`allowNegative` on the command); when false, no command may (QuickBooks documents are never refused)",
		}),
		homeCurrency: z.string().nullable().openapi({
			description:
				"The QuickBooks company's home currency (ISO 4217) every amount is in; null until QuickBooks told it",
			example: "USD",
		}),
		version: z.number().int(),
	})
	.openapi("Settings");

export const settingsRoutes = createRouter();
// Reading is for everyone of the company; changing how stock is counted is a manager's call (worker/api/access-rules.ts).

settingsRoutes
	.openapi(
		createRoute({
			method: "get",
			path: "/settings",
			summary: "The company's settings",
			request: noQuery,
			responses: { 200: jsonResponse(settingsSchema, "The settings"), ...problems(400, 401) },
		}),
		async (c) => c.json(await getSettings(database(c.env.DB), c.var.caller.companyId), 200),
	)
	.openapi(
		createRoute({
			method: "patch",
			path: "/settings",
			summary: "Change any subset of the settings (managers and owners)",
			request: jsonBody(
				z.strictObject({
					orderMode: orderModeSchema.optional(),
					estimatesCreateOrders: z.boolean().optional(),
					defaultLocationId: idSchema.optional(),
					stockSyncToQbo: z.boolean().optional(),
					purchasesToQbo: z.boolean().optional(),
					expiredNotAvailable: z.boolean().optional(),
					expiringWithinDays: z.number().int().min(0).max(EXPIRING_WITHIN_DAYS_MAX).optional(),
					negativeStockAllowed: z.boolean().optional(),
					version: z.number().int().min(1).optional(),
				}),
			),
			responses: {
				200: jsonResponse(settingsSchema, "The settings after the change"),
				...problems(400, 401, 403, 404, 409, 415),
			},
		}),
		async (c) => {
			const patch = c.req.valid("json");
			const { companyId } = c.var.caller;
			const settings = await updateSettings(database(c.env.DB), companyId, patch);
			// The open orders take the mode at once (worker/sales/order-remap.ts). Run whenever the mode
			// is given, not only when it changed: sending it again completes a re-map a crash cut short.
			if (patch.orderMode !== undefined) await remapOpenOrders(c.env, companyId, settings.orderMode);
			// The estimates follow "estimates create orders" at once too: their orders released when it
			// is switched off, made (their estimates read again from QuickBooks) when it is switched on.
			if (patch.estimatesCreateOrders === false) await releaseEstimateOrders(c.env, companyId);
			if (patch.estimatesCreateOrders === true) await queueEstimateRemap(c.env, companyId);
			return c.json(settings, 200);
		},
	);

import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../core/app-error";
import { database } from "../../db/client";
import { loadConnection } from "../../qbo/qbo-connection";
import { getSettings } from "../../settings/company-settings";
import { resyncCompany } from "../../sync/company-sync-client";
import { createRouter } from "../router";
import { jsonBody, jsonResponse, problems } from "../schemas";

const resyncAnswer = z
	.object({
		direction: z.enum(["from_qbo", "to_qbo"]),
		products: z.number().int().openapi({ description: "Products created by the catalogue import (from QBO)" }),
		events: z.number().int().openapi({ description: "Documents queued to be applied (from QBO)" }),
		pushes: z.number().int().openapi({ description: "Quantity corrections queued for QBO (to QBO)" }),
	})
	.openapi("Resync");

export const syncResyncRoutes = createRouter();

syncResyncRoutes.openapi(
	createRoute({
		method: "post",
		path: "/sync/resync",
		summary: "Resync from QuickBooks (catalogue and documents) or to QuickBooks (its quantities set to ours)",
		description:
			"Answers 202 once the work is queued; GET /sync/status shows it draining and GET /sync/log what was done. To QBO needs ship-on-invoice mode: with reservations QBO's quantity legitimately differs from ours.",
		request: jsonBody(z.strictObject({ direction: z.enum(["from_qbo", "to_qbo"]) })),
		responses: { 202: jsonResponse(resyncAnswer, "Queued"), ...problems(400, 401, 403, 404, 409, 415) },
	}),
	async (c) => {
		const { direction } = c.req.valid("json");
		const db = database(c.env.DB);
		const companyId = c.var.caller.companyId;
		const connection = await loadConnection(c.env, db, companyId);
		if (!connection) throw new AppError("not_found", "This company is not connected to QuickBooks.");
		if (direction === "to_qbo" && (await getSettings(db, companyId)).orderMode !== "ship_on_invoice")
			throw new AppError(
				"conflict",
				"In reserve-until-delivery mode QBO's quantity is lower than ours by what is invoiced but not delivered; a resync to QBO would undo that.",
			);
		const result = await resyncCompany(c.env, connection.realmId, direction);
		if (result.status === "not_connected")
			throw new AppError("conflict", "QuickBooks refused our connection; reconnect first.");
		if (result.status === "retry_later") throw new AppError("conflict", `QuickBooks is not answering: ${result.error}`);
		return c.json({ direction, products: result.products, events: result.events, pushes: result.pushes }, 202);
	},
);

import { createRoute, z } from "@hono/zod-openapi";
import { listVendors } from "../../sync/vendor-sync";
import { createRouter } from "../router";
import { jsonResponse, listOf, pageQuery, problems } from "../schemas";

const vendorSchema = z
	.object({
		id: z.string(),
		qboId: z.string().nullable(),
		name: z.string(),
		email: z.string().nullable(),
		phone: z.string().nullable(),
		address: z.record(z.string(), z.string()).nullable(),
		active: z.boolean(),
	})
	.openapi("Vendor");

export const vendorRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/vendors",
		summary: "Vendors as synced from QuickBooks, by name (inactive ones with includeInactive=true)",
		request: {
			query: z.strictObject({ includeInactive: z.enum(["true", "false"]).optional(), ...pageQuery }),
		},
		responses: { 200: jsonResponse(listOf(vendorSchema), "A page of vendors"), ...problems(400, 401) },
	}),
	async (c) => {
		const { includeInactive, ...page } = c.req.valid("query");
		const list = await listVendors(c.env, c.var.caller.companyId, {
			includeInactive: includeInactive === "true",
			...page,
		});
		return c.json(list, 200);
	},
);

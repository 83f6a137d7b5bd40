import { createRoute, z } from "@hono/zod-openapi";
import {
	createLocation,
	getLocation,
	type Location,
	listLocationsPage,
	setLocationOrder,
	updateLocation,
} from "../../catalogue/locations";
import { database } from "../../db/client";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, listOf, noQuery, pageQuery, problems } from "../schemas";

const nameSchema = z.string().trim().min(1).max(100);

const locationSchema = z
	.object({
		id: z.string(),
		name: z.string(),
		isDefault: z.boolean(),
		archived: z.boolean(),
		archivedAt: z.string().nullable(),
		version: z.number().int(),
	})
	.openapi("Location");

function toApi(l: Location) {
	return {
		id: l.id,
		name: l.name,
		isDefault: l.isDefault,
		archived: l.archivedAt !== null,
		archivedAt: l.archivedAt === null ? null : new Date(l.archivedAt).toISOString(),
		version: l.version,
	};
}

export const locationRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/locations",
			summary:
				"Storage locations, the default first, then in the order set (PUT /locations/order), then by name; archived ones only when asked",
			request: {
				query: z.strictObject({ includeArchived: z.enum(["true", "false"]).optional(), ...pageQuery }),
			},
			responses: { 200: jsonResponse(listOf(locationSchema), "A page of locations"), ...problems(400, 401) },
		}),
		async (c) => {
			const { includeArchived, ...page } = c.req.valid("query");
			const { items, nextCursor } = await listLocationsPage(database(c.env.DB), c.var.caller.companyId, {
				includeArchived: includeArchived === "true",
				...page,
				// A caller limited to some locations sees only those.
				ids: callerLocations(c.var.caller),
			});
			return c.json({ items: items.map(toApi), nextCursor }, 200);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/locations/{id}",
			summary: "One location",
			request: { ...noQuery, params: z.strictObject({ id: idSchema }) },
			responses: { 200: jsonResponse(locationSchema, "The location"), ...problems(401, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			return c.json(toApi(await getLocation(database(c.env.DB), c.var.caller.companyId, id)), 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/locations",
			summary: "Create a location; the company's first location becomes its default",
			request: jsonBody(z.strictObject({ name: nameSchema, isDefault: z.boolean().optional() })),
			responses: { 201: jsonResponse(locationSchema, "The new location"), ...problems(400, 401, 409, 415) },
		}),
		async (c) => {
			const body = c.req.valid("json");
			return c.json(toApi(await createLocation(database(c.env.DB), c.var.caller.companyId, body)), 201);
		},
	)
	.openapi(
		createRoute({
			method: "put",
			path: "/locations/order",
			summary: "Set the order locations are shown in (the grid's columns, every list)",
			description:
				"`locationIds` lists every active location of the company once, in the order wanted; any other set is refused (400 on `locationIds`) so that an order made before a location was added or archived changes nothing. The default location stays first whatever its place. The answer is the active locations in their new order.",
			request: jsonBody(z.strictObject({ locationIds: z.array(idSchema).min(1).max(500) })),
			responses: {
				200: jsonResponse(z.object({ items: z.array(locationSchema) }), "The active locations in their new order"),
				...problems(400, 401, 415),
			},
		}),
		async (c) => {
			const { locationIds } = c.req.valid("json");
			const ordered = await setLocationOrder(database(c.env.DB), c.var.caller.companyId, locationIds);
			return c.json({ items: ordered.map(toApi) }, 200);
		},
	)
	.openapi(
		createRoute({
			method: "patch",
			path: "/locations/{id}",
			summary: "Rename, make default, archive or restore a location (guarded by its version)",
			description:
				"Making a location the default takes it from the previous one; the default cannot be archived, nor a location that still holds stock.",
			request: {
				params: z.strictObject({ id: idSchema }),
				...jsonBody(
					z.strictObject({
						name: nameSchema.optional(),
						isDefault: z.literal(true).optional(),
						archived: z.boolean().optional(),
						version: z.number().int().min(1),
					}),
				),
			},
			responses: { 200: jsonResponse(locationSchema, "The updated location"), ...problems(400, 401, 404, 409, 415) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const patch = c.req.valid("json");
			return c.json(toApi(await updateLocation(database(c.env.DB), c.var.caller.companyId, id, patch)), 200);
		},
	);

/**
 * The API description: GET /api/v1/openapi.json, generated from the same zod schemas that validate
 * requests, behind a token like the rest of the API — and committed as ui/src/api/openapi.json,
 * the source of the UI's generated types (scripts/api-types.mjs).
 */
import { describe, expect, it } from "vitest";
import { MOVEMENT_KINDS } from "../../worker/stock/stock-command";
import { expectProblem } from "./api-checks";
import { apiClient, makeCompany } from "./helpers";

type Operation = {
	parameters?: { name: string; in: string }[];
	requestBody?: { content: Record<string, unknown> };
	responses: Record<string, { content?: Record<string, unknown> }>;
};
type OpenApi = {
	openapi: string;
	info: { title: string; version: string };
	servers: { url: string }[];
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
	security: Record<string, unknown>[];
};

async function description() {
	const co = await makeCompany();
	const res = await co.api.get("/api/v1/openapi.json");
	expect(res.status).toBe(200);
	expect(res.headers.get("content-type")).toMatch(/^application\/json\b/);
	return res.json<OpenApi>();
}

describe("GET /api/v1/openapi.json", () => {
	it("needs a token like every other route", async () => {
		expectProblem(await apiClient(null).get("/api/v1/openapi.json"), 401, "unauthorized");
	});

	it("is an OpenAPI 3.1 document for the API under /api/v1, secured by bearer tokens", async () => {
		const doc = await description();
		expect(doc.openapi).toMatch(/^3\.1\./);
		expect(doc.info.title).toEqual(expect.any(String));
		expect(doc.servers).toEqual([{ url: "/api/v1" }]);
		expect(doc.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer" });
		expect(doc.security).toEqual([{ bearer: [] }]);
	});

	it("lists every route with its methods", async () => {
		const { paths } = await description();
		const methods = (path: string) => Object.keys(paths[path] ?? {}).sort();
		expect(methods("/products")).toEqual(["get"]);
		expect(methods("/products/{id}")).toEqual(["get", "patch"]);
		expect(methods("/products/{id}/lots")).toEqual(["get"]);
		expect(methods("/lots")).toEqual(["get"]);
		expect(methods("/levels")).toEqual(["get", "patch"]);
		expect(methods("/locations")).toEqual(["get", "post"]);
		expect(methods("/locations/{id}")).toEqual(["get", "patch"]);
		expect(methods("/adjustments")).toEqual(["post"]);
		expect(methods("/counts")).toEqual(["post"]);
		expect(methods("/transfers")).toEqual(["post"]);
		expect(methods("/movements")).toEqual(["get"]);
		expect(methods("/reconciliation")).toEqual(["get"]);
		expect(methods("/tokens")).toEqual(["get", "post"]);
		expect(methods("/tokens/{id}")).toEqual(["delete"]);
		expect(methods("/live/ticket")).toEqual(["post"]);
		expect(methods("/purchases")).toEqual(["get", "post"]);
		expect(methods("/purchases/{id}")).toEqual(["get", "patch"]);
		expect(methods("/purchases/{id}/receipts")).toEqual(["post"]);
		expect(methods("/purchases/suggestions")).toEqual(["post"]);
		expect(methods("/purchases/suggestions/apply")).toEqual(["post"]);
		expect(methods("/orders/{id}")).toEqual(["get"]);
		expect(methods("/orders/{id}/deliveries")).toEqual(["post"]);
		expect(methods("/orders/{id}/pick-proposal")).toEqual(["get"]);
	});

	// The served document is the contract: a change of a route's schemas fails here until
	// `npm run api:generate` writes the file again (vitest's `-u`; with CI=true vitest never writes it).
	it("is the committed ui/src/api/openapi.json", async () => {
		const served = `${JSON.stringify(await description(), null, "\t")}\n`;
		await expect(served).toMatchFileSnapshot("../../ui/src/api/openapi.json", "run `npm run api:generate`");
	});

	it("names every movement kind the ledger writes, in movements and in an order's movements", async () => {
		const { components } = await description();
		type Shape = { properties: Record<string, unknown> };
		const movement = components.schemas.Movement as Shape;
		const order = components.schemas.Order as { properties: { movements: { items: Shape } } };
		const kinds = { $ref: "#/components/schemas/MovementKind" };
		expect(components.schemas.MovementKind).toEqual({ type: "string", enum: [...MOVEMENT_KINDS] });
		expect(movement.properties.kind).toEqual(kinds);
		expect(order.properties.movements.items.properties.kind).toEqual(kinds);
	});

	it("describes the core shapes, query parameters and problem answers", async () => {
		const { paths, components } = await description();
		expect(Object.keys(components.schemas)).toEqual(
			expect.arrayContaining(["LevelRow", "LevelPatch", "Location", "Movement", "Product", "Problem"]),
		);
		const levels = paths["/levels"]?.get;
		expect(levels?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(
			[
				"query:below",
				"query:changedSince",
				"query:cursor",
				"query:expired",
				"query:expiring",
				"query:limit",
				"query:location",
				"query:productId",
				"query:q",
			].sort(),
		);
		const adjustments = paths["/adjustments"]?.post;
		expect(Object.keys(adjustments?.requestBody?.content ?? {})).toEqual(["application/json"]);
		expect(Object.keys(adjustments?.responses ?? {})).toEqual(
			expect.arrayContaining(["200", "201", "400", "404", "409", "413", "415", "422"]),
		);
		expect(Object.keys(adjustments?.responses["400"]?.content ?? {})).toEqual(["application/problem+json"]);
	});
});

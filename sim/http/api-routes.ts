/**
 * The QBO v3 REST subset at Intuit's paths, under `/v3/company/{realmId}`: read, create / update /
 * sparse update, `?operation=delete|void`, `query` (GET ?query= or POST application/text), `batch` and
 * `cdc`. `minorversion` is accepted and ignored (every request is served as minor version 75).
 * Responses are always JSON, also when a client asks for XML.
 */
import { type Context, Hono } from "hono";
import { runBatch } from "../company/batch.ts";
import type { Company } from "../company/company.ts";
import { deleteEntity, readEntity, saveEntity, voidEntity } from "../company/write.ts";
import { isObject, type JsonObject } from "../lib/json.ts";
import { ENTITIES, type EntityName, entityByName } from "../qbo/entities.ts";
import { malformedBody, unsupportedOperation } from "../qbo/faults.ts";
import { runCdc } from "../query/cdc.ts";
import { runQuery } from "../query/execute.ts";
import type { Simulator } from "../simulator.ts";
import { type ApiEnv, apiAuth } from "./api-auth.ts";
import { countCalls } from "./call-counter.ts";
import { idempotent } from "./idempotency.ts";
import { injectedFaults } from "./injected-faults.ts";
import { errorJson, qboJson } from "./respond.ts";

type Handler = (c: Context<ApiEnv>, company: Company) => Response | Promise<Response>;

async function answer(c: Context, company: Company, produce: () => Response | Promise<Response>): Promise<Response> {
	try {
		return await produce();
	} catch (error) {
		return errorJson(c, company, error);
	}
}

/** Runs a handler with the authenticated company; QBO faults become Fault bodies. */
function run(handler: Handler) {
	return (c: Context<ApiEnv>) => {
		const company = c.get("company");
		return answer(c, company, () => handler(c, company));
	};
}

/** A write: faults are answered (and remembered for `requestid`) like successes. */
function write(sim: Simulator, handler: Handler) {
	return (c: Context<ApiEnv>) => {
		const company = c.get("company");
		return idempotent(c, sim, company, () => answer(c, company, () => handler(c, company)));
	};
}

function entityParam(c: Context<ApiEnv>): EntityName {
	const segment = c.req.param("entity") ?? "";
	const entity = entityByName(segment);
	if (!entity) throw unsupportedOperation(`${segment}`);
	return entity;
}

async function readBody(c: Context): Promise<JsonObject> {
	const text = await c.req.text();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch (error) {
		throw malformedBody(error instanceof Error ? error.message : "invalid JSON");
	}
	if (!isObject(body)) throw malformedBody("expected a JSON object");
	return body;
}

export function apiRoutes(sim: Simulator): Hono<ApiEnv> {
	const api = new Hono<ApiEnv>();
	api.use("/:realmId/*", countCalls(sim.calls));
	api.use("/:realmId/*", apiAuth(sim));
	api.use("/:realmId/*", injectedFaults(sim, "api"));

	api.get(
		"/:realmId/query",
		run((c, company) => qboJson(c, company, { QueryResponse: runQuery(company, c.req.query("query") ?? "") })),
	);
	api.post(
		"/:realmId/query",
		run(async (c, company) => qboJson(c, company, { QueryResponse: runQuery(company, await c.req.text()) })),
	);
	api.post(
		"/:realmId/batch",
		write(sim, async (c, company) => qboJson(c, company, runBatch(company, await readBody(c)))),
	);
	api.get(
		"/:realmId/cdc",
		run((c, company) => qboJson(c, company, runCdc(company, c.req.query("entities"), c.req.query("changedSince")))),
	);
	api.get(
		"/:realmId/:entity/:id",
		run((c, company) => {
			const entity = entityParam(c);
			// CompanyInfo is read at /companyinfo/{realmId}; it is stored, like Preferences, as Id 1.
			const id = ENTITIES[entity].kind === "singleton" ? "1" : (c.req.param("id") ?? "");
			return qboJson(c, company, { [entity]: readEntity(company, entity, id) });
		}),
	);
	api.get(
		"/:realmId/:entity",
		run((c, company) => {
			const entity = entityParam(c);
			if (entity !== "Preferences") throw unsupportedOperation(`Read of ${entity} without an Id`);
			return qboJson(c, company, { Preferences: readEntity(company, "Preferences", "1") });
		}),
	);
	api.post(
		"/:realmId/:entity",
		write(sim, async (c, company) => {
			const entity = entityParam(c);
			const body = await readBody(c);
			const operation = c.req.query("operation");
			let result: JsonObject;
			if (operation === "delete") result = deleteEntity(company, entity, body);
			else if (operation === "void") result = voidEntity(company, entity, body);
			else if (operation === undefined || operation === "update" || operation === "create")
				result = saveEntity(company, entity, body);
			else throw unsupportedOperation(operation);
			return qboJson(c, company, { [entity]: result });
		}),
	);
	return api;
}

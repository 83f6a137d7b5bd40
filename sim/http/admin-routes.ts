/**
 * The simulator's own admin API (not Intuit's), under `/admin`, to script scenarios: companies with N
 * items, tokens without the browser dance, webhook endpoints and their delivery log, injected faults,
 * merges, entities stored as given (to serve what QBO should not), the API calls each company
 * received (by kind), entities its CDC leaves out, settings (time scale, token lifetimes, QBO's rate limits), who is signed in at
 * "Intuit" for a company (the user the authorize endpoint approves as), and reset. JSON in, JSON out.
 */
import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import type { z } from "zod";
import type { Company } from "../company/company.ts";
import { mergeEntities } from "../company/merge.ts";
import { ENTITY_NAMES, entityByName } from "../qbo/entities.ts";
import { QboError } from "../qbo/faults.ts";
import type { Simulator } from "../simulator.ts";
import { DEFAULT_WEBHOOK_CONFIG } from "../webhooks/dispatcher.ts";
import {
	cdcSchema,
	companySchema,
	faultSchema,
	mergeSchema,
	rawEntitySchema,
	resetSchema,
	settingsSchema,
	signedInUserSchema,
	tokenSchema,
	webhookSchema,
} from "./admin-schemas.ts";

async function parse<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T> | Response> {
	let body: unknown = {};
	const text = await c.req.text();
	if (text.trim() !== "") {
		try {
			body = JSON.parse(text);
		} catch {
			return c.json({ error: "invalid JSON" }, 400);
		}
	}
	const result = schema.safeParse(body);
	if (!result.success)
		return c.json(
			{
				error: "invalid request",
				issues: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
			},
			400,
		);
	return result.data;
}

function summary(sim: Simulator, company: Company) {
	const info = company.get("CompanyInfo", "1");
	const counts: Record<string, number> = {};
	for (const entity of ENTITY_NAMES) counts[entity] = company.count(entity);
	return {
		realmId: company.realmId,
		companyName: info?.CompanyName ?? null,
		counts,
		connections: sim.oauth.connections(company.realmId),
		webhook: sim.webhooks.status(company.realmId),
	};
}

function settings(sim: Simulator) {
	return { timeScale: sim.timeScale, tokens: sim.oauth.settings, limits: sim.limiter.limits };
}

export function adminRoutes(sim: Simulator): Hono {
	const admin = new Hono();
	const notFound = (c: Context) => c.json({ error: "no such company" }, 404);

	admin.get("/health", (c) => c.json({ ok: true, companies: sim.companies.size }));

	admin.get("/settings", (c) => c.json(settings(sim)));
	admin.patch("/settings", async (c) => {
		const body = await parse(c, settingsSchema);
		if (body instanceof Response) return body;
		if (body.seed !== undefined) sim.random.reseed(body.seed);
		if (body.timeScale !== undefined) sim.timeScale = body.timeScale;
		for (const key of ["accessTokenTtlSeconds", "refreshTokenTtlSeconds", "codeTtlSeconds"] as const) {
			const value = body[key];
			if (value !== undefined) sim.oauth.settings[key] = value;
		}
		if (body.limits) sim.limiter.limits = { ...sim.limiter.limits, ...body.limits };
		return c.json(settings(sim));
	});

	admin.post("/reset", async (c) => {
		const body = await parse(c, resetSchema);
		if (body instanceof Response) return body;
		sim.reset(body.seed);
		return c.json({ ok: true });
	});

	admin.get("/companies", (c) => c.json({ companies: [...sim.companies.values()].map((co) => summary(sim, co)) }));
	admin.post("/companies", async (c) => {
		const body = await parse(c, companySchema);
		if (body instanceof Response) return body;
		if (body.realmId && sim.company(body.realmId)) return c.json({ error: "company exists" }, 409);
		return c.json(summary(sim, sim.createCompany(body)), 201);
	});
	admin.get("/companies/:realmId", (c) => {
		const company = sim.company(c.req.param("realmId"));
		return company ? c.json(summary(sim, company)) : notFound(c);
	});
	admin.delete("/companies/:realmId", (c) =>
		sim.deleteCompany(c.req.param("realmId")) ? c.json({ ok: true }) : notFound(c),
	);

	admin.put("/companies/:realmId/cdc", async (c) => {
		const company = sim.company(c.req.param("realmId"));
		if (!company) return notFound(c);
		const body = await parse(c, cdcSchema);
		if (body instanceof Response) return body;
		const entities = body.leaveOut.map((name) => entityByName(name));
		if (entities.some((e) => e === undefined)) return c.json({ error: "unknown entity" }, 400);
		company.cdcLeavesOut.clear();
		for (const entity of entities) if (entity) company.cdcLeavesOut.add(entity);
		return c.json({ leaveOut: [...company.cdcLeavesOut] });
	});
	admin.get("/companies/:realmId/calls", (c) => {
		const realmId = c.req.param("realmId");
		return sim.company(realmId) ? c.json({ realmId, calls: sim.calls.of(realmId) }) : notFound(c);
	});
	admin.delete("/companies/:realmId/calls", (c) => {
		const realmId = c.req.param("realmId");
		if (!sim.company(realmId)) return notFound(c);
		sim.calls.reset(realmId);
		return c.json({ ok: true });
	});

	admin.post("/companies/:realmId/tokens", async (c) => {
		const company = sim.company(c.req.param("realmId"));
		if (!company) return notFound(c);
		const body = await parse(c, tokenSchema);
		if (body instanceof Response) return body;
		const scope = body.scope ?? "com.intuit.quickbooks.accounting";
		return c.json(
			{ ...sim.oauth.connect(company.realmId, body.clientId ?? "sim-admin", scope), realmId: company.realmId },
			201,
		);
	});
	admin.post("/companies/:realmId/disconnect", (c) => {
		const company = sim.company(c.req.param("realmId"));
		if (!company) return notFound(c);
		return c.json({ revoked: sim.oauth.disconnect(company.realmId) });
	});
	admin.post("/companies/:realmId/expire-tokens", (c) => {
		const company = sim.company(c.req.param("realmId"));
		if (!company) return notFound(c);
		sim.oauth.expireAccessTokens(company.realmId);
		return c.json({ ok: true });
	});

	admin.get("/companies/:realmId/signed-in-user", (c) => {
		const company = sim.company(c.req.param("realmId"));
		return company ? c.json(sim.openid.signedInUser(company.realmId)) : notFound(c);
	});
	admin.put("/companies/:realmId/signed-in-user", async (c) => {
		const company = sim.company(c.req.param("realmId"));
		if (!company) return notFound(c);
		const body = await parse(c, signedInUserSchema);
		if (body instanceof Response) return body;
		return c.json(sim.openid.signIn(company.realmId, { ...body, sub: body.sub ?? randomUUID() }));
	});

	admin.put("/companies/:realmId/webhook", async (c) => {
		const company = sim.company(c.req.param("realmId"));
		if (!company) return notFound(c);
		const body = await parse(c, webhookSchema);
		if (body instanceof Response) return body;
		const config = { ...DEFAULT_WEBHOOK_CONFIG, ...body };
		sim.webhooks.configure(company.realmId, config);
		return c.json(config);
	});
	admin.get("/companies/:realmId/webhook", (c) => {
		const realmId = c.req.param("realmId");
		if (!sim.company(realmId)) return notFound(c);
		return c.json({ config: sim.webhooks.config(realmId) ?? null, status: sim.webhooks.status(realmId) });
	});
	admin.delete("/companies/:realmId/webhook", (c) => {
		const realmId = c.req.param("realmId");
		if (!sim.company(realmId)) return notFound(c);
		sim.webhooks.configure(realmId, undefined);
		return c.json({ ok: true });
	});
	admin.get("/companies/:realmId/webhook/deliveries", (c) => {
		const realmId = c.req.param("realmId");
		if (!sim.company(realmId)) return notFound(c);
		return c.json({ deliveries: sim.webhooks.deliveries(realmId), events: sim.webhooks.events(realmId) });
	});
	admin.post("/companies/:realmId/webhook/flush", async (c) => {
		const realmId = c.req.param("realmId");
		if (!sim.company(realmId)) return notFound(c);
		sim.webhooks.flush(realmId);
		const wait = Number(c.req.query("waitMs") ?? 0);
		const idle = wait > 0 ? await sim.webhooks.idle(realmId, Math.min(wait, 600_000)) : sim.webhooks.isIdle(realmId);
		return c.json({ idle, status: sim.webhooks.status(realmId) });
	});

	admin.post("/companies/:realmId/merge", async (c) => {
		const company = sim.company(c.req.param("realmId"));
		if (!company) return notFound(c);
		const body = await parse(c, mergeSchema);
		if (body instanceof Response) return body;
		try {
			mergeEntities(company, body.entity, body.fromId, body.toId);
		} catch (error) {
			if (error instanceof QboError) return c.json({ error: error.error.Detail }, 400);
			throw error;
		}
		return c.json({ ok: true });
	});

	// An entity's JSON stored as given, replacing what is stored: no QBO rule, SyncToken, stock effect or
	// webhook. For a client's tests of answers QBO should never give (a line without its item…).
	admin.put("/companies/:realmId/entities/:entity/:id", async (c) => {
		const company = sim.company(c.req.param("realmId"));
		if (!company) return notFound(c);
		const entity = entityByName(c.req.param("entity"));
		if (!entity) return c.json({ error: "no such entity type" }, 404);
		const body = await parse(c, rawEntitySchema);
		if (body instanceof Response) return body;
		const id = c.req.param("id");
		company.put(entity, { ...body, Id: id }, company.now());
		return c.json({ [entity]: company.get(entity, id) ?? null });
	});

	admin.get("/faults", (c) => c.json({ faults: sim.faults.list() }));
	admin.post("/faults", async (c) => {
		const body = await parse(c, faultSchema);
		if (body instanceof Response) return body;
		return c.json(sim.faults.add(body), 201);
	});
	admin.delete("/faults", (c) => {
		sim.faults.clear();
		return c.json({ ok: true });
	});
	admin.delete("/faults/:id", (c) =>
		sim.faults.remove(c.req.param("id")) ? c.json({ ok: true }) : c.json({ error: "no such fault" }, 404),
	);
	return admin;
}

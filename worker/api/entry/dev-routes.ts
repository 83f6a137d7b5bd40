/**
 * Development-only routes (ENVIRONMENT=development): the demo seed, an owner token for curl and
 * scripts, and the benchmark's helpers. Elsewhere these paths do not exist (404).
 */
import { Hono } from "hono";
import { z } from "zod";
import { createApiToken } from "../../auth/api-tokens";
import { mintEmbedToken } from "../../auth/embed-tokens";
import { locationLimit, ROLES } from "../../auth/roles";
import { addMember, findOwner } from "../../auth/users";
import { ensureCompany, findCompany } from "../../catalogue/companies";
import { createLocation } from "../../catalogue/locations";
import { createProducts } from "../../catalogue/products";
import { AppError, fieldErrors } from "../../core/app-error";
import { isDevelopment } from "../../core/env";
import { database } from "../../db/client";
import { DEMO_COMPANY_ID, seedDemoCompany } from "../../dev/demo-seed";
import { loadConnection, saveConnection } from "../../qbo/qbo-connection";
import { catchUpCompany, startImport, syncProgress } from "../../sync/company-sync-client";
import type { AppEnv } from "../router";
import { startSession } from "../session-cookie";

export const devRoutes = new Hono<AppEnv>();

devRoutes.use("*", async (c, next) => {
	if (!isDevelopment(c.env)) throw new AppError("not_found", "No such route.");
	await next();
});

/** The demo company; `?products=false` leaves the catalogue to a QBO import (see /dev/connect-sim). */
devRoutes.post("/seed", async (c) =>
	c.json(await seedDemoCompany(c.env, { products: c.req.query("products") !== "false" })),
);

/**
 * A fresh company with its locations (the first is the default) and an owner token: what the
 * end-to-end tests start from.
 */
devRoutes.post("/companies", async (c) => {
	const { locations } = z
		.object({ locations: z.array(z.string().min(1)).min(1).max(20).default(["Warehouse"]) })
		.parse(await c.req.json().catch(() => ({})));
	const db = database(c.env.DB);
	const companyId = `dev-${crypto.randomUUID()}`;
	await ensureCompany(db, { id: companyId, name: "Development company" });
	const locationIds: string[] = [];
	for (const name of locations) locationIds.push((await createLocation(db, companyId, { name })).id);
	const { token } = await createApiToken(db, companyId, { name: "dev owner", role: "owner" });
	return c.json({ companyId, token, locationIds });
});

/**
 * Connects a company (the demo company unless `companyId` is given) to the QBO simulator's company
 * `realmId` (tokens from the simulator's admin API, no browser), records the simulator's signed-in
 * user of that realm (the demo owner) as the company's owner, and imports its catalogue: what
 * `npm start` does so that a newcomer sees live sync at once and "Sign in with Intuit" lands as owner.
 */
devRoutes.post("/connect-sim", async (c) => {
	const { realmId, companyId } = z
		.object({ realmId: z.string().min(1), companyId: z.string().min(1).default(DEMO_COMPANY_ID) })
		.parse(c.req.query());
	// Issued to our client id, so that the app can refresh them later like any connection's.
	const answer = await fetch(`${c.env.QBO_API_BASE}/admin/companies/${encodeURIComponent(realmId)}/tokens`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ clientId: c.env.QBO_CLIENT_ID }),
	});
	if (!answer.ok) throw new AppError("conflict", `The simulator refused tokens for ${realmId}: HTTP ${answer.status}.`);
	const tokens = z
		.object({
			access_token: z.string(),
			refresh_token: z.string(),
			expires_in: z.number(),
			x_refresh_token_expires_in: z.number(),
		})
		.parse(await answer.json());
	const db = database(c.env.DB);
	const now = Date.now();
	await saveConnection(c.env, db, companyId, realmId, {
		accessToken: tokens.access_token,
		refreshToken: tokens.refresh_token,
		accessExpiresAt: now + tokens.expires_in * 1000,
		refreshExpiresAt: now + tokens.x_refresh_token_expires_in * 1000,
	});
	// Whoever is signed in at the simulated Intuit for the realm (the demo owner) connected it: the owner.
	const intuitUser = await fetch(
		`${c.env.QBO_API_BASE}/admin/companies/${encodeURIComponent(realmId)}/signed-in-user`,
	).then((r) => (r.ok ? r.json() : null));
	const owner = z
		.object({ sub: z.string().min(1), email: z.string(), givenName: z.string(), familyName: z.string() })
		.safeParse(intuitUser);
	if (owner.success) {
		const { sub, email, givenName, familyName } = owner.data;
		await addMember(
			db,
			companyId,
			{ sub, email, name: `${givenName} ${familyName}` },
			{ role: "owner", locationIds: null },
		);
	}
	// The import runs in the company's sync object, in chunks, as after a real connect; wait for it.
	await startImport(c.env, realmId);
	const deadline = Date.now() + 10 * 60_000;
	for (;;) {
		const progress = await syncProgress(c.env, realmId);
		if (!progress.importing) return c.json({ realmId, companyId, ...progress.lastImport });
		if (Date.now() > deadline) throw new AppError("conflict", "The import is still running after 10 minutes.");
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
});

/** Runs a company's CDC catch-up now (the cron does every few minutes): for tests and curious users. */
devRoutes.post("/sync/catch-up", async (c) => {
	const { companyId } = z.object({ companyId: z.string().min(1).default(DEMO_COMPANY_ID) }).parse(c.req.query());
	const connection = await loadConnection(c.env, database(c.env.DB), companyId);
	if (!connection) throw new AppError("not_found", `Company ${companyId} is not connected to QuickBooks.`);
	return c.json(await catchUpCompany(c.env, connection.realmId));
});

/**
 * Signs this browser in to a company (the demo company unless `companyId` is given) without Intuit:
 * as its owner (creating one if it has none), or with `role` as a development user of that role
 * (`locationIds`, comma-separated, limit staff and viewers) — to try what each role sees. `POST`
 * answers the user as JSON, `GET` (for a browser's address bar) redirects to `next` (a path of
 * this app, default `/`).
 */
const devSessionQuery = z.object({
	companyId: z.string().min(1).default(DEMO_COMPANY_ID),
	role: z.enum(ROLES).optional(),
	locationIds: z
		.string()
		.min(1)
		.transform((ids) => ids.split(","))
		.optional(),
	// Only a path of this origin: never an open redirect, even in development.
	next: z
		.string()
		.regex(/^\/(?![/\\])/, "a path of this app, starting with one /")
		.default("/"),
});

devRoutes.on(["GET", "POST"], "/session", async (c) => {
	const query = devSessionQuery.safeParse(c.req.query());
	if (!query.success)
		throw new AppError(
			"validation_failed",
			"Some fields are invalid; see `errors`.",
			fieldErrors("query", query.error),
		);
	const { companyId, next, role } = query.data;
	const db = database(c.env.DB);
	if (!(await findCompany(db, companyId))) throw new AppError("not_found", `No company ${companyId}.`);
	const user =
		role !== undefined
			? await addMember(
					db,
					companyId,
					{ sub: `dev-${role}-${companyId}`, email: `${role}@example.com`, name: `Development ${role}` },
					{ role, locationIds: locationLimit(role, query.data.locationIds, "locationIds") },
				)
			: ((await findOwner(db, companyId)) ??
				(await addMember(
					db,
					companyId,
					{ sub: `dev-owner-${companyId}`, email: "owner@example.com", name: "Development owner" },
					{ role: "owner", locationIds: null },
				)));
	await startSession(c, companyId, user.id);
	if (c.req.method === "GET") return c.redirect(next, 302);
	return c.json({
		companyId,
		user: { id: user.id, name: user.name, email: user.email, role: user.role, locationIds: user.locationIds },
	});
});

/** An owner token of the demo company, as plain text (for `npm run --silent dev:token`). */
devRoutes.post("/token", async (c) => {
	const { token } = await createApiToken(database(c.env.DB), DEMO_COMPANY_ID, { name: "dev token", role: "owner" });
	return c.text(token);
});

/**
 * An embed token of the demo company that lives `ttlMs` milliseconds (the API's minimum is a
 * minute): lets the browser tests see an embed expire without waiting for it.
 */
devRoutes.post("/embed-token", async (c) => {
	const query = z
		.object({ origin: z.url(), ttlMs: z.coerce.number().int().min(1).max(60_000) })
		.safeParse(c.req.query());
	if (!query.success)
		throw new AppError(
			"validation_failed",
			"Some fields are invalid; see `errors`.",
			fieldErrors("query", query.error),
		);
	const grant = { scopes: ["read" as const], origins: [new URL(query.data.origin).origin], locationIds: null };
	const { token, expiresAt } = await mintEmbedToken(
		c.env,
		database(c.env.DB),
		DEMO_COMPANY_ID,
		{ ...grant, label: "dev embed token", createdBy: "dev" },
		query.data.ttlMs / 1000,
	);
	return c.json({ token, expiresAt: new Date(expiresAt).toISOString() });
});

/** A fresh company with `products` products at three locations, for the benchmark. */
devRoutes.post("/bench-company", async (c) => {
	const { products: count } = z.object({ products: z.coerce.number().int().min(1).max(50_000) }).parse(c.req.query());
	const db = database(c.env.DB);
	const companyId = `bench-${crypto.randomUUID()}`;
	await ensureCompany(db, { id: companyId, name: "Benchmark" });
	const locationIds: string[] = [];
	for (const name of ["Warehouse", "Shop", "Van"]) locationIds.push((await createLocation(db, companyId, { name })).id);
	const productIds: string[] = [];
	for (let i = 0; i < count; i += 500) {
		const part = Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
			sku: `B-${String(i + j).padStart(6, "0")}`,
			name: `Bench product ${i + j}`,
		}));
		productIds.push(...(await createProducts(db, companyId, part)).map((p) => p.id));
	}
	const { token } = await createApiToken(db, companyId, { name: "bench", role: "owner" });
	return c.json({ companyId, token, locationIds, productIds });
});

/**
 * The sync benchmark's bare route (bench/sync.mjs): reads the body it is sent and answers 200 with
 * no other work, the baseline beside `POST /webhooks/qbo` on the same Worker.
 */
devRoutes.post("/bench/ok", async (c) => {
	const body = await c.req.arrayBuffer();
	return c.json({ ok: true, bytes: body.byteLength });
});

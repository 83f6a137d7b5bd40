/**
 * Fixtures of the role and location tests: API tokens and signed-in members of each role, and a
 * company with two locations (A, the default, and B, QBO's department "D-B") holding a record of
 * every kind a path's `{id}` names — an order, a delivery note, a purchase and a build — at each.
 */
import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { SESSION_COOKIE } from "../../worker/api/session-cookie";
import { createApiToken } from "../../worker/auth/api-tokens";
import type { Role } from "../../worker/auth/roles";
import { createSession } from "../../worker/auth/sessions";
import { addMember } from "../../worker/auth/users";
import { createProducts } from "../../worker/catalogue/products";
import { locations } from "../../worker/db/schema";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { adjust } from "./api-checks";
import { apiClient, db, type TestCompany } from "./helpers";
import { ORIGIN } from "./intuit-flow";
import { deliver, orderOf, type SalesCompany, salesCompany, sync } from "./orders-fixtures";

/** An API token of the company with this role (and locations), and a client calling with it. */
export async function roleToken(
	co: Pick<TestCompany, "companyId">,
	role: Role,
	locationIds: string[] | null = null,
	name?: string,
) {
	const created = await createApiToken(db, co.companyId, {
		name: name ?? `${role}${locationIds ? ` at ${locationIds.length} location(s)` : ""}`,
		role,
		locationIds,
	});
	return { ...created, api: apiClient(created.token) };
}

/** A client of the app's own pages: the session cookie, and the app's Origin (cookie writes are Origin-checked). */
export function sessionClient(cookie: string) {
	const api = apiClient(null);
	const withCookie = (headers: Record<string, string> = {}) => ({ cookie, origin: ORIGIN, ...headers });
	return {
		get: (path: string, headers?: Record<string, string>) => api.get(path, withCookie(headers)),
		post: (path: string, body?: unknown, headers?: Record<string, string>) => api.post(path, body, withCookie(headers)),
		patch: (path: string, body?: unknown, headers?: Record<string, string>) =>
			api.patch(path, body, withCookie(headers)),
		delete: (path: string, headers?: Record<string, string>) => api.delete(path, withCookie(headers)),
		call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
			api.call(method, path, body, withCookie(headers)),
	};
}

/** A member of the company (as if invited and signed in with Intuit) with a session: their id and a cookie client. */
export async function memberSession(
	co: Pick<TestCompany, "companyId">,
	role: Role,
	locationIds: string[] | null = null,
	name?: string,
) {
	const n = crypto.randomUUID().slice(0, 8);
	const user = await addMember(
		db,
		co.companyId,
		{ sub: `sub-${n}`, email: `member-${n}@example.com`, name: name ?? `Member ${n}` },
		{ role, locationIds },
	);
	const { secret } = await createSession(db, co.companyId, user.id);
	const cookie = `${SESSION_COOKIE}=${secret}`;
	return { user, cookie, api: sessionClient(cookie) };
}

type Created = { id: string };

/** The records of one location: an order (from a QBO invoice), a delivery note of it, a purchase and a build. */
export type LocationRecords = { order: string; delivery: string; purchase: string; build: string };

export type TwoLocationShop = SalesCompany & {
	a: string;
	b: string;
	/** An assembly of 1 hose, with its bill of materials. */
	assembly: string;
	at: { a: LocationRecords; b: LocationRecords };
};

/**
 * The pump catalogue (reserve-until-delivery) at two locations: A (default, the opening stock) and
 * B (QBO department "D-B", 10 pumps and 20 hoses adjusted in); at each, an invoice's order with a
 * delivery note of one pump, a draft purchase of hoses, and a build of one assembly.
 */
export async function twoLocationShop(): Promise<TwoLocationShop> {
	const shop = await salesCompany({ orderMode: "reserve_until_delivery" }, 2);
	const { co, ids } = shop;
	const [a = "", b = ""] = co.locationIds;
	await db
		.update(locations)
		.set({ qboDepartmentId: "D-B" })
		.where(and(eq(locations.companyId, co.companyId), eq(locations.id, b)));
	await adjust(co, ids.PUMP, b, 10);
	await adjust(co, ids.HOSE, b, 20);
	const [assembly] = await createProducts(db, co.companyId, [{ sku: "ASSY", name: "Hose assembly" }]);
	if (!assembly) throw new Error("no assembly product");
	const { version } = (await co.api.get(`/api/v1/assemblies/${assembly.id}`)).json<{ version: number }>();
	const bom = await co.api.call("PUT", `/api/v1/assemblies/${assembly.id}`, {
		components: [{ productId: ids.HOSE, quantity: 1 }],
		version,
	});
	expect(bom.status, JSON.stringify(bom.body)).toBe(200);

	async function recordsAt(locationId: string, qboId: string, departmentId?: string): Promise<LocationRecords> {
		await sync(
			co,
			"Invoice",
			makeInvoice({ id: qboId, lines: [salesLine("11", 3)], ...(departmentId ? { departmentId } : {}) }),
		);
		const order = await orderOf(co, qboId);
		expect(order).toBeTruthy();
		const note = await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 1 }]);
		expect(note.status, JSON.stringify(note.body)).toBe(201);
		const purchase = await co.api.post("/api/v1/purchases", {
			locationId,
			lines: [{ productId: ids.HOSE, quantity: 5 }],
		});
		expect(purchase.status, JSON.stringify(purchase.body)).toBe(201);
		const build = await co.api.post("/api/v1/builds", {
			productId: assembly?.id,
			locationId,
			quantity: 1,
			idempotencyKey: `build-${crypto.randomUUID()}`,
		});
		expect(build.status, JSON.stringify(build.body)).toBe(201);
		return {
			order: order.id,
			delivery: note.json<Created>().id,
			purchase: purchase.json<Created>().id,
			build: build.json<Created>().id,
		};
	}

	return {
		...shop,
		a,
		b,
		assembly: assembly.id,
		at: { a: await recordsAt(a, "9001"), b: await recordsAt(b, "9002", "D-B") },
	};
}

/**
 * Test helpers that act as QuickBooks users and as Intuit: companies and tokens from the
 * simulator's admin API, documents saved through its QBO API, webhook events handed to the Worker.
 */
import { env } from "cloudflare:workers";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { saveConnection } from "../../worker/qbo/qbo-connection";
import { db } from "./helpers";

type Json = Record<string, unknown>;

async function call(url: string, init: RequestInit = {}): Promise<Json> {
	const res = await fetch(url, init);
	const body = (await res.json()) as Json;
	if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url} → ${res.status} ${JSON.stringify(body)}`);
	return body;
}

export type SimCompany = {
	realmId: string;
	accessToken: string;
	/** Runs a QBO query as the connected app. */
	query: (statement: string) => Promise<Json[]>;
	/** Creates or updates an entity (POST /v3/company/{realm}/{entity}), answering the entity. */
	save: (entity: string, body: Json, operation?: "delete" | "void") => Promise<Json>;
	/** Adds an API fault at the simulator (throttle, fail…). */
	fault: (rule: Json) => Promise<void>;
	/**
	 * Stores an entity's JSON as given, through the simulator's admin API: no QBO rule applies, so
	 * that QBO can be made to answer what it should not (a line without its item…).
	 */
	storeAsIs: (entity: string, body: Json) => Promise<void>;
};

/** A fresh simulated QBO company connected to the Stockroom company `companyId`. */
export async function connectSimCompany(
	companyId: string,
	seed: Json = { items: 3, customers: 1, vendors: 1 },
): Promise<SimCompany> {
	const created = await call(`${env.SIM_ADMIN_URL}/companies`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify(seed),
	});
	const realmId = String(created.realmId);
	// Issued to our client id: the grant is then refreshable by the app, as after a real connect.
	const tokens = await call(`${env.SIM_ADMIN_URL}/companies/${realmId}/tokens`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ clientId: env.QBO_CLIENT_ID }),
	});
	const accessToken = String(tokens.access_token);
	await saveConnection(env, db, companyId, realmId, {
		accessToken,
		refreshToken: String(tokens.refresh_token),
		accessExpiresAt: Date.now() + Number(tokens.expires_in) * 1000,
		refreshExpiresAt: Date.now() + Number(tokens.x_refresh_token_expires_in) * 1000,
	});
	const api = `${env.QBO_API_BASE}/v3/company/${realmId}`;
	const headers = { authorization: `Bearer ${accessToken}`, accept: "application/json" };
	return {
		realmId,
		accessToken,
		query: async (statement) => {
			const body = await call(`${api}/query?query=${encodeURIComponent(statement)}`, { headers });
			const response = body.QueryResponse as Record<string, Json[] | undefined>;
			return Object.values(response).find(Array.isArray) ?? [];
		},
		save: async (entity, body, operation) => {
			const answer = await call(`${api}/${entity.toLowerCase()}${operation ? `?operation=${operation}` : ""}`, {
				method: "POST",
				headers: { ...headers, "content-type": "application/json" },
				body: JSON.stringify(body),
			});
			return answer[entity] as Json;
		},
		storeAsIs: async (entity, body) => {
			await call(
				`${env.SIM_ADMIN_URL}/companies/${realmId}/entities/${entity}/${encodeURIComponent(String(body.Id))}`,
				{
					method: "PUT",
					headers: { "content-type": "application/json" },
					body: JSON.stringify(body),
				},
			);
		},
		fault: async (rule) => {
			await call(`${env.SIM_ADMIN_URL}/faults`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ realmId, ...rule }),
			});
		},
	};
}

/** A webhook event as Intuit would announce it (a fresh key each time), for handing to the company object. */
export function qboEvent(
	realmId: string,
	entity: string,
	entityId: string,
	extra: Partial<Pick<InboundEvent, "operation" | "deletedId">> = {},
): InboundEvent {
	return {
		key: `test-${crypto.randomUUID()}`,
		realmId,
		entity,
		entityId,
		operation: "create",
		occurredAt: new Date().toISOString(),
		...extra,
	};
}

/** A sales document's line of `qty` of a QBO item at 10 each. */
export function salesLine(itemId: string, qty: number) {
	return {
		DetailType: "SalesItemLineDetail",
		Amount: qty * 10,
		SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty, UnitPrice: 10 },
	};
}

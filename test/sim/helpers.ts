/**
 * Test helpers: a simulator with one seeded company and a connected client, calls through
 * `app.request()` (no socket), the JSON shapes the tests read, and a local webhook receiver.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import {
	type CreateCompanyOptions,
	createSimulator,
	type Simulator,
	type SimulatorOptions,
} from "../../sim/simulator.ts";

export type Ref = { value: string; name?: string; type?: string };
export type Line = {
	Id?: string;
	LineNum?: number;
	Description?: string;
	Amount?: number;
	DetailType: string;
	SalesItemLineDetail?: { ItemRef: Ref; Qty?: number; UnitPrice?: number };
	GroupLineDetail?: { GroupItemRef: Ref; Quantity: number; Line: Line[] };
	ItemBasedExpenseLineDetail?: { ItemRef: Ref; Qty?: number; UnitPrice?: number };
	ItemAdjustmentLineDetail?: { ItemRef: Ref; QtyDiff: number };
};
export type Entity = {
	Id: string;
	SyncToken: string;
	MetaData: { CreateTime: string; LastUpdatedTime: string };
	domain?: string;
	status?: string;
	Name?: string;
	DisplayName?: string;
	Active?: boolean;
	Type?: string;
	QtyOnHand?: number;
	Line?: Line[];
	TotalAmt?: number;
	Balance?: number;
	PrivateNote?: string;
	DocNumber?: string;
	TxnStatus?: string;
	POStatus?: string;
	LinkedTxn?: { TxnId: string; TxnType: string }[];
	CustomerRef?: Ref;
	[field: string]: unknown;
};
export type FaultBody = { Error: { Message: string; Detail: string; code: string; element?: string }[]; type: string };
export type Body = {
	Fault?: FaultBody;
	QueryResponse?: { startPosition?: number; maxResults?: number; totalCount?: number; [entity: string]: unknown };
	time?: string;
	[key: string]: unknown;
};
export type Reply = { status: number; headers: Headers; body: Body };

export const SCOPE = "com.intuit.quickbooks.accounting";

export type Client = {
	sim: Simulator;
	realmId: string;
	token: string;
	get(path: string): Promise<Reply>;
	post(path: string, body: unknown, init?: { contentType?: string }): Promise<Reply>;
	query(statement: string): Promise<Reply>;
	/** Reads one entity, failing the test when it cannot. */
	read(entity: string, id: string): Promise<Entity>;
	/** Creates or updates through `POST /{entity}`, failing the test on a Fault. */
	save(entity: string, body: unknown): Promise<Entity>;
	/** Current QtyOnHand of an item. */
	qty(itemId: string): Promise<number | undefined>;
};

export async function reply(response: Response): Promise<Reply> {
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Body) : {} };
}

export function entityOf(body: Body, entity: string): Entity {
	const value = body[entity];
	expect(value, `expected ${entity} in ${JSON.stringify(body).slice(0, 400)}`).toBeTypeOf("object");
	return value as Entity;
}

export function rows(body: Body, entity: string): Entity[] {
	return (body.QueryResponse?.[entity] as Entity[] | undefined) ?? [];
}

export function faultCode(body: Body): string | undefined {
	return body.Fault?.Error[0]?.code;
}

const DEFAULT_COMPANY: CreateCompanyOptions = {
	items: 6,
	services: 1,
	nonInventory: 1,
	bundles: 1,
	customers: 2,
	vendors: 2,
	departments: ["Warehouse", "Shop"],
};

/** A simulator with one company (6 inventory items, ids 1–6; service 7; non-inventory 8; bundle 9). */
export function setup(options: { sim?: SimulatorOptions; company?: CreateCompanyOptions } = {}): Client {
	const sim = createSimulator({ seed: "test", ...options.sim });
	const company = sim.createCompany({ ...DEFAULT_COMPANY, ...options.company });
	const realmId = company.realmId;
	const token = sim.oauth.connect(realmId, "test-client", SCOPE).access_token;
	const base = `/v3/company/${realmId}/`;
	const client: Client = {
		sim,
		realmId,
		token,
		get: async (path) => reply(await sim.app.request(base + path, { headers: { authorization: `Bearer ${token}` } })),
		post: async (path, body, init = {}) =>
			reply(
				await sim.app.request(base + path, {
					method: "POST",
					headers: { authorization: `Bearer ${token}`, "content-type": init.contentType ?? "application/json" },
					body: typeof body === "string" ? body : JSON.stringify(body),
				}),
			),
		query: (statement) => client.get(`query?query=${encodeURIComponent(statement)}&minorversion=75`),
		read: async (entity, id) => {
			const res = await client.get(`${entity.toLowerCase()}/${id}`);
			expect(res.status, JSON.stringify(res.body)).toBe(200);
			return entityOf(res.body, entity);
		},
		save: async (entity, body) => {
			const res = await client.post(entity.toLowerCase(), body);
			expect(res.status, JSON.stringify(res.body)).toBe(200);
			return entityOf(res.body, entity);
		},
		qty: async (itemId) => (await client.read("Item", itemId)).QtyOnHand,
	};
	return client;
}

/** An invoice body selling `qty` of each item id given. */
export function invoiceLines(lines: [string, number][]): Line[] {
	return lines.map(([item, qty]) => ({
		DetailType: "SalesItemLineDetail",
		SalesItemLineDetail: { ItemRef: { value: item }, Qty: qty, UnitPrice: 10 },
	}));
}

export function expenseLines(lines: [string, number][]): Line[] {
	return lines.map(([item, qty]) => ({
		DetailType: "ItemBasedExpenseLineDetail",
		ItemBasedExpenseLineDetail: { ItemRef: { value: item }, Qty: qty, UnitPrice: 4 },
	}));
}

export type Received = { headers: IncomingHttpHeaders; body: string; atMs: number };

/** A webhook endpoint on 127.0.0.1 that records every request and answers what `respond` says. */
export async function startReceiver(respond: (index: number) => number | Promise<number> = () => 200) {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (chunk: Buffer) => chunks.push(chunk));
		req.on("end", async () => {
			const index = received.length;
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), atMs: Date.now() });
			const status = await respond(index);
			res.writeHead(status).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhooks/qbo`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Waits until `check` holds (polling), failing after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error("condition not met in time");
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse("2026-03-02T10:00:00Z")) {
	let now = start;
	return {
		now: () => now,
		advance: (ms: number) => {
			now += ms;
		},
	};
}

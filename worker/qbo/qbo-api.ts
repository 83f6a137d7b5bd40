/**
 * A small client of the QBO Accounting API for one company: reads by query (entities by id, in
 * few calls), CDC, and creates with `requestid` idempotency. It refreshes the access token once on
 * a 401 and classifies failures so the caller knows whether, and when, to retry.
 */
import { z } from "zod";
import type { AccessTokens } from "./access-tokens";
import { faultText } from "./qbo-fault";
import type { RateLimiter } from "./rate-limiter";

const MINOR_VERSION = "75";
/** IN lists of ids per query: keeps the URL short and the answer under MAXRESULTS. */
const IDS_PER_QUERY = 100;

/** Why a call failed: `retry` after `afterMs` (throttled, QBO down), or `fatal` (do not retry). */
export class QboApiError extends Error {
	constructor(
		message: string,
		readonly kind: "retry" | "fatal" | "not_connected",
		readonly afterMs = 0,
		readonly status = 0,
	) {
		super(message);
		this.name = "QboApiError";
	}
}

const queryResponseSchema = z.object({ QueryResponse: z.record(z.string(), z.unknown()) });

export class QboApi {
	constructor(
		private readonly env: Env,
		private readonly tokens: AccessTokens,
		private readonly limiter: RateLimiter,
		/** Entities already at hand, by `Entity:Id`: `readByIds` answers them without asking QBO. */
		private readonly known: ReadonlyMap<string, Record<string, unknown>> = new Map(),
	) {}

	/**
	 * This client (same tokens, same rate limiter), answering reads of `entities` (keyed `Entity:Id`)
	 * with their JSON instead of asking QBO: the entities a CDC answer already brought.
	 */
	withKnown(entities: ReadonlyMap<string, Record<string, unknown>>): QboApi {
		return entities.size === 0 ? this : new QboApi(this.env, this.tokens, this.limiter, entities);
	}

	/**
	 * The current JSON of entities by id (missing ids are simply absent: deleted at QBO); those known
	 * already (`withKnown`) are not asked for.
	 */
	async readByIds(entity: string, ids: string[]): Promise<Record<string, unknown>[]> {
		const found: Record<string, unknown>[] = [];
		const unknown: string[] = [];
		for (const id of ids) {
			const json = this.known.get(`${entity}:${id}`);
			if (json) found.push(json);
			else unknown.push(id);
		}
		for (let i = 0; i < unknown.length; i += IDS_PER_QUERY) {
			const list = unknown
				.slice(i, i + IDS_PER_QUERY)
				.map((id) => `'${id.replaceAll("'", "\\'")}'`)
				.join(", ");
			found.push(...(await this.query(entity, `SELECT * FROM ${entity} WHERE Id IN (${list}) MAXRESULTS 1000`)));
		}
		return found;
	}

	/** Every entity matching `where`, paging with STARTPOSITION (1-based) by 1000. */
	async queryAll(entity: string, where = ""): Promise<Record<string, unknown>[]> {
		const all: Record<string, unknown>[] = [];
		for (let start = 1; ; start += 1000) {
			const page = await this.query(entity, `SELECT * FROM ${entity} ${where} STARTPOSITION ${start} MAXRESULTS 1000`);
			all.push(...page);
			if (page.length < 1000) return all;
		}
	}

	async query(entity: string, statement: string): Promise<Record<string, unknown>[]> {
		const body = await this.call("GET", `query?query=${encodeURIComponent(statement)}`);
		const parsed = queryResponseSchema.safeParse(body);
		if (!parsed.success) throw new QboApiError("QBO answered a query with an unexpected shape", "retry", 5_000);
		const rows = parsed.data.QueryResponse[entity];
		return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
	}

	/** CDC since `changedSince` (≤ 30 days back): the full objects per entity, deleted ones as stubs. */
	async cdc(entities: string[], changedSince: Date): Promise<Record<string, Record<string, unknown>[]>> {
		const body = await this.call(
			"GET",
			`cdc?entities=${entities.join(",")}&changedSince=${encodeURIComponent(changedSince.toISOString())}`,
		);
		const changes: Record<string, Record<string, unknown>[]> = {};
		const parsed = z
			.object({ CDCResponse: z.array(z.object({ QueryResponse: z.array(z.record(z.string(), z.unknown())) })) })
			.safeParse(body);
		if (!parsed.success) throw new QboApiError("QBO answered CDC with an unexpected shape", "retry", 5_000);
		for (const response of parsed.data.CDCResponse)
			for (const group of response.QueryResponse)
				for (const [name, rows] of Object.entries(group))
					if (Array.isArray(rows)) changes[name] = [...(changes[name] ?? []), ...(rows as Record<string, unknown>[])];
		return changes;
	}

	/** Creates an entity; the same `requestId` again returns the first result instead of a duplicate. */
	async create(entity: string, body: unknown, requestId: string): Promise<Record<string, unknown>> {
		const answer = await this.call("POST", `${entity.toLowerCase()}?requestid=${encodeURIComponent(requestId)}`, body);
		const created = z.record(z.string(), z.unknown()).safeParse(answer);
		const object = created.success ? created.data[entity] : undefined;
		if (!object || typeof object !== "object")
			throw new QboApiError(`QBO did not return the created ${entity}`, "fatal");
		return object as Record<string, unknown>;
	}

	private async call(method: "GET" | "POST", path: string, body?: unknown, rejected?: string): Promise<unknown> {
		const token = await this.tokens.get({ rejected });
		if (!token.ok) throw new QboApiError(`QuickBooks is ${token.reason.replace("_", " ")}`, "not_connected");
		const separator = path.includes("?") ? "&" : "?";
		const url = `${this.env.QBO_API_BASE}/v3/company/${token.realmId}/${path}${separator}minorversion=${MINOR_VERSION}`;
		let response: Response;
		try {
			response = await this.limiter.run(() =>
				fetch(url, {
					method,
					headers: {
						authorization: `Bearer ${token.token}`,
						accept: "application/json",
						...(body === undefined ? {} : { "content-type": "application/json" }),
					},
					...(body === undefined ? {} : { body: JSON.stringify(body) }),
				}),
			);
		} catch (error) {
			throw new QboApiError(`QBO could not be reached: ${String(error)}`, "retry", 10_000);
		}
		// Refused once: try again with a refreshed token (a second refusal is an error like any other).
		if (response.status === 401 && rejected === undefined) return this.call(method, path, body, token.token);
		if (response.status === 429) {
			// Intuit asks for a minute's pause after a throttle unless it says otherwise.
			const retryAfter = Number(response.headers.get("retry-after"));
			throw new QboApiError(
				"QBO throttled the call",
				"retry",
				Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 60_000,
				429,
			);
		}
		if (response.status >= 500)
			throw new QboApiError(`QBO failed (HTTP ${response.status})`, "retry", 10_000, response.status);
		const json: unknown = await response.json().catch(() => null);
		if (!response.ok) {
			// The whole answer is for operators (`wrangler tail`); the message, shown to users, keeps QBO's words.
			console.warn(`qbo api: ${method} ${path} refused (HTTP ${response.status}): ${JSON.stringify(json)}`);
			const words = faultText(json);
			throw new QboApiError(
				`QBO refused the call (HTTP ${response.status})${words ? `: ${words}` : "."}`,
				"fatal",
				0,
				response.status,
			);
		}
		return json;
	}
}

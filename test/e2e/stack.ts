/**
 * The end-to-end driver: plays the QuickBooks user (documents saved through the simulator's QBO
 * API), Intuit's operator (the simulator's admin API: companies, webhooks, faults) and the Stockroom
 * user (the app's /api/v1), against the stack that start-stack.ts serves. Nothing here reaches into
 * the app: what the tests see is what a user would see.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";

type Json = Record<string, unknown>;

/** A QBO transaction as the simulator answers it (only what the driver reads is typed). */
export type QboDoc = Json & { Id: string; SyncToken: string };

/** The document types that move stock, as QBO names them. */
export const DOCUMENT_TYPES = [
	"Invoice",
	"SalesReceipt",
	"CreditMemo",
	"RefundReceipt",
	"Bill",
	"VendorCredit",
	"Purchase",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const SALES: readonly DocSpec["type"][] = ["Invoice", "SalesReceipt", "CreditMemo", "RefundReceipt", "Estimate"];
/** What QBO lets a client void (Intuit's webhook Void list); the others are only deleted. */
export const VOIDABLE: readonly DocSpec["type"][] = [
	"Invoice",
	"SalesReceipt",
	"CreditMemo",
	"RefundReceipt",
	"Purchase",
];

export type EstimateStatus = "Pending" | "Accepted" | "Closed" | "Rejected";

/** One line of a document: a QBO item id (inventory, service or bundle) and its quantity. */
export type DocLine = { item: string; qty: number };
/**
 * A document as the tests think of it: its type and lines; `credit` makes a Purchase a credit-card
 * credit; `department` names its QBO department (none: the default location); `status` is an
 * estimate's TxnStatus; `fromEstimate` is the Id of the estimate an invoice was made from.
 */
export type DocSpec = {
	type: DocumentType | "Estimate";
	lines: DocLine[];
	credit?: boolean;
	department?: string;
	status?: EstimateStatus;
	fromEstimate?: string;
};

/** A QBO item as imported: inventory items carry SKU and opening stock, bundles their components. */
export type CatalogueItem = {
	id: string;
	name: string;
	sku: string | null;
	type: string;
	qtyOnHand: number;
	/** Bundles only: component item id → quantity per bundle. */
	components: DocLine[];
};

export type Level = { onHand: number; reserved: number; available: number; incoming: number };

export type OrderMode = "ship_on_invoice" | "reserve_until_delivery";

export type ScenarioOptions = {
	/** Inventory items of the simulated company (ids 1…n). */
	items?: number;
	bundles?: number;
	webhookFormat?: "cloudevents" | "legacy";
	orderMode?: OrderMode;
	estimatesCreateOrders?: boolean;
	/** QBO departments (the company then tracks locations); Stockroom's own location is "Warehouse". */
	departments?: string[];
};

/** The location every scenario's Stockroom company starts with: its default. */
export const DEFAULT_LOCATION = "Warehouse";

/** HTTP statuses worth trying again: QBO throttling and outages (real or injected). */
const TRANSIENT = new Set([429, 500, 502, 503, 504]);

export function stackUrls() {
	return inject("e2eStack");
}

/** One JSON call (a body is sent as JSON); anything but a 2xx throws with the answer's start. */
export async function json(
	method: string,
	url: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<Json> {
	const response = await fetch(url, {
		method,
		headers: {
			accept: "application/json",
			...(body === undefined ? {} : { "content-type": "application/json" }),
			...headers,
		},
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
		signal: AbortSignal.timeout(30_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text.slice(0, 1000)}`);
	return text ? (JSON.parse(text) as Json) : {};
}

/**
 * Polls `read` until `done` holds for its value, at most `timeoutMs`; answers the last value read,
 * so that the caller asserts on it (and a timeout shows the difference, not just "timed out").
 */
export async function settle<T>(
	read: () => Promise<T>,
	done: (value: T) => boolean,
	{ timeoutMs = 10_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() >= deadline) return value;
		await sleep(intervalMs);
	}
}

/** The simulator's admin API (not Intuit's). */
export function simAdmin() {
	const { sim } = stackUrls();
	return {
		addFault: (rule: Json) => json("POST", `${sim}/admin/faults`, rule),
		clearFaults: () => json("DELETE", `${sim}/admin/faults`),
		faults: async () => (await json("GET", `${sim}/admin/faults`)).faults as (Json & { kind: string; fired: number })[],
		reseed: (seed: string) => json("PATCH", `${sim}/admin/settings`, { seed }),
	};
}

/**
 * A fresh pair: a Stockroom company (one location) and a simulated QBO company whose signed
 * webhooks go to the app, connected, with its items and vendors imported.
 */
export async function newScenario(options: ScenarioOptions = {}) {
	const { app, sim, verifier } = stackUrls();
	const company = (await json("POST", `${app}/dev/companies`, { locations: [DEFAULT_LOCATION] })) as {
		companyId: string;
		token: string;
		locationIds: string[];
	};
	const [locationId] = company.locationIds;
	if (!locationId) throw new Error("the company came without a location");
	const realm = await json("POST", `${sim}/admin/companies`, {
		items: options.items ?? 4,
		bundles: options.bundles ?? 1,
		services: 1,
		nonInventory: 1,
		customers: 1,
		vendors: 1,
		...(options.departments ? { departments: options.departments, trackDepartments: true } : {}),
	});
	const realmId = String(realm.realmId);
	await json("PUT", `${sim}/admin/companies/${realmId}/webhook`, {
		url: `${app}/webhooks/qbo`,
		verifier,
		format: options.webhookFormat ?? "cloudevents",
		// Deliveries as soon as possible: a test step waits for its events.
		batchWindowMs: 20,
	});
	const qboToken = String((await json("POST", `${sim}/admin/companies/${realmId}/tokens`, {})).access_token);
	const qboBase = `${sim}/v3/company/${realmId}`;
	const appAuth = { authorization: `Bearer ${company.token}` };

	/** A QBO API call as a client library would make it; writes carry a requestid and are retried. */
	async function qbo(method: "GET" | "POST", path: string, body?: unknown): Promise<Json> {
		const requestId = randomUUID();
		const separator = path.includes("?") ? "&" : "?";
		const url = `${qboBase}/${path}${method === "POST" ? `${separator}requestid=${requestId}` : ""}`;
		for (let attempt = 1; ; attempt++) {
			const response = await fetch(url, {
				method,
				headers: {
					authorization: `Bearer ${qboToken}`,
					accept: "application/json",
					...(body === undefined ? {} : { "content-type": "application/json" }),
				},
				...(body === undefined ? {} : { body: JSON.stringify(body) }),
				signal: AbortSignal.timeout(30_000),
			});
			const text = await response.text();
			if (TRANSIENT.has(response.status) && attempt < 30) {
				await sleep(20);
				continue;
			}
			if (!response.ok) throw new Error(`QBO ${method} ${path} → ${response.status} ${text.slice(0, 1000)}`);
			return JSON.parse(text) as Json;
		}
	}

	async function query(statement: string): Promise<Json[]> {
		const answer = await qbo("GET", `query?query=${encodeURIComponent(statement)}`);
		const rows = Object.values((answer.QueryResponse as Json | undefined) ?? {}).find(Array.isArray);
		return (rows as Json[] | undefined) ?? [];
	}

	async function readCatalogue(): Promise<Map<string, CatalogueItem>> {
		const items = await query("SELECT * FROM Item MAXRESULTS 1000");
		return new Map(
			items.map((item) => {
				const group = (item.ItemGroupDetail as { ItemGroupLine?: { Qty?: number; ItemRef: { value: string } }[] })
					?.ItemGroupLine;
				return [
					String(item.Id),
					{
						id: String(item.Id),
						name: String(item.Name),
						sku: typeof item.Sku === "string" ? item.Sku : null,
						type: String(item.Type),
						qtyOnHand: Number(item.QtyOnHand ?? 0),
						components: (group ?? []).map((l) => ({ item: l.ItemRef.value, qty: l.Qty ?? 1 })),
					},
				];
			}),
		);
	}

	const customer = await query("SELECT * FROM Customer");
	const vendor = await query("SELECT * FROM Vendor");
	const checking = (await query("SELECT * FROM Account")).find((a) => a.Name === "Checking");
	const departments = new Map((await query("SELECT * FROM Department")).map((d) => [String(d.Name), String(d.Id)]));
	const customerId = String(customer[0]?.Id);
	const vendorId = String(vendor[0]?.Id);
	if (!checking) throw new Error("the simulated company has no Checking account");

	// The import reads QBO's quantities: the catalogue read now is the opening stock.
	const opening = await readCatalogue();
	await json("POST", `${app}/dev/connect-sim?realmId=${realmId}&companyId=${company.companyId}`);
	const settings = {
		...(options.orderMode ? { orderMode: options.orderMode } : {}),
		...(options.estimatesCreateOrders !== undefined ? { estimatesCreateOrders: options.estimatesCreateOrders } : {}),
	};
	if (Object.keys(settings).length > 0) await json("PATCH", `${app}/api/v1/settings`, settings, appAuth);
	// Stockroom's locations by name (departments imported as locations among them).
	const locationList = (await json("GET", `${app}/api/v1/locations?limit=1000`, undefined, appAuth)).items as {
		id: string;
		name: string;
	}[];
	const locations = new Map(locationList.map((l) => [l.name, l.id]));

	function lines(spec: DocSpec): Json[] {
		const sales = SALES.includes(spec.type);
		return spec.lines.map(({ item, qty }) => {
			if (opening.get(item)?.type === "Group") {
				if (!sales) throw new Error(`QBO sells bundles, it does not buy them (${spec.type})`);
				return { DetailType: "GroupLineDetail", GroupLineDetail: { GroupItemRef: { value: item }, Quantity: qty } };
			}
			return sales
				? {
						DetailType: "SalesItemLineDetail",
						SalesItemLineDetail: { ItemRef: { value: item }, Qty: qty, UnitPrice: 10 },
					}
				: {
						DetailType: "ItemBasedExpenseLineDetail",
						ItemBasedExpenseLineDetail: { ItemRef: { value: item }, Qty: qty, UnitPrice: 4 },
					};
		});
	}

	function header(spec: DocSpec): Json {
		const department = spec.department === undefined ? undefined : departments.get(spec.department);
		if (spec.department !== undefined && department === undefined)
			throw new Error(`no QBO department "${spec.department}"`);
		return { ...(department ? { DepartmentRef: { value: department } } : {}), ...party(spec) };
	}

	function party(spec: DocSpec): Json {
		if (spec.type === "Estimate") return { CustomerRef: { value: customerId }, TxnStatus: spec.status ?? "Pending" };
		if (spec.fromEstimate)
			return { CustomerRef: { value: customerId }, LinkedTxn: [{ TxnId: spec.fromEstimate, TxnType: "Estimate" }] };
		if (SALES.includes(spec.type)) return { CustomerRef: { value: customerId } };
		if (spec.type === "Purchase")
			return {
				AccountRef: { value: String(checking?.Id) },
				PaymentType: spec.credit ? "CreditCard" : "Cash",
				EntityRef: { value: vendorId, type: "Vendor" },
				...(spec.credit ? { Credit: true } : {}),
			};
		return { VendorRef: { value: vendorId } };
	}

	const saved = async (type: DocSpec["type"], body: Json, operation?: "void" | "delete"): Promise<QboDoc> =>
		(await qbo("POST", `${type.toLowerCase()}${operation ? `?operation=${operation}` : ""}`, body))[type] as QboDoc;

	return {
		companyId: company.companyId,
		token: company.token,
		locationId,
		realmId,
		/** Stockroom's locations by name. */
		locations,
		/** QBO's items as they were when the company was imported. */
		opening,
		readCatalogue,
		query,

		/** QBO documents, saved as a QuickBooks user would (each write bumps the SyncToken). */
		docs: {
			create: (spec: DocSpec) => saved(spec.type, { ...header(spec), Line: lines(spec) }),
			/** Full update: every field sent again (omitted ones would be cleared), with the SyncToken. */
			update: (doc: QboDoc, spec: DocSpec) =>
				saved(spec.type, { Id: doc.Id, SyncToken: doc.SyncToken, ...header(spec), Line: lines(spec) }),
			/** Sparse update of the lines only (QBO replaces all lines when `Line` is sent). */
			sparseUpdate: (doc: QboDoc, spec: DocSpec) =>
				saved(spec.type, { Id: doc.Id, SyncToken: doc.SyncToken, sparse: true, Line: lines(spec) }),
			void: (type: DocSpec["type"], doc: QboDoc) => saved(type, { Id: doc.Id, SyncToken: doc.SyncToken }, "void"),
			delete: (type: DocSpec["type"], doc: QboDoc) => saved(type, { Id: doc.Id, SyncToken: doc.SyncToken }, "delete"),
			/** The document as QBO holds it now (QBO itself may have changed it: a linked estimate). */
			read: async (type: DocSpec["type"], id: string) =>
				(await qbo("GET", `${type.toLowerCase()}/${id}`))[type] as QboDoc,
		},

		/** Sends what the simulator has queued for the app now, and waits until it was delivered (200). */
		async flushWebhooks(timeoutMs = 15_000): Promise<void> {
			const answer = await json("POST", `${sim}/admin/companies/${realmId}/webhook/flush?waitMs=${timeoutMs}`);
			if (answer.idle !== true) throw new Error(`webhooks not delivered in ${timeoutMs} ms: ${JSON.stringify(answer)}`);
		},

		/** GET /api/v1/levels at a location (the default unless named), by SKU (`q` narrows the search). */
		async levels(q?: string, location = DEFAULT_LOCATION): Promise<Map<string, Level>> {
			const id = locations.get(location);
			if (!id) throw new Error(`no location "${location}" in Stockroom`);
			const search = new URLSearchParams({ location: id, limit: "1000", ...(q ? { q } : {}) });
			const page = (await json("GET", `${app}/api/v1/levels?${search}`, undefined, appAuth)) as {
				items: (Level & { sku: string })[];
				nextCursor: string | null;
			};
			if (page.nextCursor) throw new Error("more than 1000 level rows: the driver reads one page");
			return new Map(
				page.items.map((r) => [
					r.sku,
					{ onHand: r.onHand, reserved: r.reserved, available: r.available, incoming: r.incoming },
				]),
			);
		},

		/** One SKU's level (exact match among what `q` finds). */
		async level(sku: string, location = DEFAULT_LOCATION): Promise<Level | undefined> {
			return (await this.levels(sku, location)).get(sku);
		},

		reconciliation: () =>
			json("GET", `${app}/api/v1/reconciliation?limit=1000`, undefined, appAuth) as Promise<{
				ok: boolean;
				checked: number;
				mismatches: unknown[];
			}>,

		async syncLog(): Promise<{ entity: string; entityId: string; status: string; error: string | null }[]> {
			const page = await json("GET", `${app}/api/v1/sync/log?limit=1000`, undefined, appAuth);
			return page.items as { entity: string; entityId: string; status: string; error: string | null }[];
		},

		/** The CDC catch-up, run now (development route); answers once it has queued what it found. */
		catchUp: () => json("POST", `${app}/dev/sync/catch-up?companyId=${company.companyId}`),

		/** The simulator's log of notifications: what it did with each (queued, dropped…). */
		async webhookEvents(): Promise<{ id: string; type: string; entityId: string; fate: string }[]> {
			const answer = await json("GET", `${sim}/admin/companies/${realmId}/webhook/deliveries`);
			return answer.events as { id: string; type: string; entityId: string; fate: string }[];
		},
	};
}

export type Scenario = Awaited<ReturnType<typeof newScenario>>;

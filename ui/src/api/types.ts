/**
 * The API's shapes as the browser sees them (DESIGN §5). Written here, not imported from worker/:
 * the browser bundle carries no worker code. /api/v1/openapi.json is the reference.
 */
export type LevelRow = {
	productId: string;
	sku: string;
	name: string;
	type: "inventory" | "non_inventory" | "service" | "kit";
	locationId: string;
	onHand: number;
	reserved: number;
	available: number;
	incoming: number;
	reorderPoint: number | null;
	reorderQty: number | null;
	bin: string | null;
	version: number;
	/** Only on a kit's row: its components (quantity per kit); the kit's `available` is what they allow. */
	components?: KitComponent[];
};

/** One component of a kit (a QBO bundle) and how much of it one kit takes. */
export type KitComponent = { productId: string; quantity: number };

/** A live change of one level (the live feed): the stock fields and version, without the catalogue's. */
export type LevelChange = Pick<
	LevelRow,
	"productId" | "locationId" | "onHand" | "reserved" | "available" | "incoming" | "version"
> &
	Partial<Pick<LevelRow, "reorderPoint" | "reorderQty" | "bin">>;

export type Location = {
	id: string;
	name: string;
	isDefault: boolean;
	archivedAt: string | null;
	version: number;
	qboDepartmentId?: string | null;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type LevelPatch = {
	productId: string;
	locationId: string;
	version: number;
	reorderPoint?: number | null;
	reorderQty?: number | null;
	bin?: string | null;
};

export type LevelPatchResult = {
	productId: string;
	locationId: string;
	status: "updated" | "conflict" | "not_found";
	row?: LevelRow;
};

/** application/problem+json; `errors` name the fields at fault (`field` is a path such as `body.items.3.reorderPoint`). */
export type Problem = {
	type: string;
	title: string;
	status: number;
	detail?: string;
	code?: string;
	errors?: { field: string; message: string }[];
};

// ——— The app's pages (ui/src/app) ———

/** The four numbers of stock (DESIGN §2). */
export type StockNumbers = { onHand: number; reserved: number; available: number; incoming: number };

/** `GET /products/{id}`: a product with its levels per active location and their totals. */
export type Product = {
	id: string;
	sku: string;
	name: string;
	type: LevelRow["type"];
	qboId: string | null;
	levels: (StockNumbers & { locationId: string })[];
	totals: StockNumbers;
};

/** One ledger line (`GET /movements`, newest first); the "after" figures are at its location. */
export type Movement = {
	id: string;
	productId: string;
	locationId: string;
	source: string;
	kind: string;
	reason: string | null;
	onHandDelta: number;
	reservedDelta: number;
	incomingDelta: number;
	onHandAfter: number;
	reservedAfter: number;
	incomingAfter: number;
	at: string;
};

/** What `POST /adjustments`, `/counts` and `/transfers` answer. */
export type StockCommandResult = { movementId: string | null; movementIds: string[]; levels: LevelRow[] };

export type OrderMode = "ship_on_invoice" | "reserve_until_delivery";

export type Settings = {
	orderMode: OrderMode;
	estimatesCreateOrders: boolean;
	defaultLocationId: string | null;
	stockSyncToQbo: boolean;
	/** False when the connected QuickBooks company does not track quantities; `stockSyncNote` says why. */
	stockSyncAvailable: boolean;
	stockSyncNote: string | null;
	version: number;
};

export type SyncStatus = {
	connection: "not_connected" | "connected" | "revoked" | "disconnected";
	realmId: string | null;
	importing: boolean;
	lastImport: { products: number; vendors: number; documents: number; locations: number } | null;
	pendingEvents: number;
	pendingPushes: number;
	lastCatchUpAt: string | null;
};

export type SyncLogStatus = "pending" | "applied" | "ignored" | "failed" | "dead";

export type SyncLogEntry = {
	id: string;
	source: "webhook" | "cdc" | "import" | "resync" | "push";
	entity: string;
	entityId: string;
	operation: string;
	status: SyncLogStatus;
	attempts: number;
	error: string | null;
	at: string;
};

export type ResyncDirection = "from_qbo" | "to_qbo";
export type ResyncResult = { direction: ResyncDirection; products: number; events: number; pushes: number };

export type ApiToken = { id: string; name: string; role: "owner" | "member"; createdAt: string };
/** `POST /tokens`: the token with its secret, shown this once. */
export type CreatedApiToken = ApiToken & { token: string };

export type EmbedScope = "read" | "edit:reorder";
export type EmbedTokenRequest = {
	scopes: EmbedScope[];
	origins: string[];
	locationIds?: string[];
	ttlSeconds: number;
};
export type EmbedToken = {
	token: string;
	expiresAt: string;
	scopes: EmbedScope[];
	origins: string[];
	locationIds: string[] | null;
};

/** `GET /me`: who is signed in (no user for an API token) and their company. */
export type Me = {
	user: { id: string; name: string | null; email: string | null } | null;
	role: "owner" | "member";
	via: "api_token" | "session" | "embed";
	company: { id: string; name: string; realmId: string | null };
};

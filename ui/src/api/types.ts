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
	/** The product has a bill of materials (GET /assemblies/{productId}). */
	isAssembly?: boolean;
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
	/** When connected: ordering a purchase creates its PurchaseOrder in QuickBooks, each receipt a Bill. */
	purchasesToQbo: boolean;
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

// ——— Orders and delivery notes (`/orders`, `/deliveries`) ———

export type OrderStatus = "open" | "partially_delivered" | "delivered" | "cancelled";
export type OrderSourceType = "invoice" | "sales_receipt" | "estimate";

/** Something about an order a person must look at: more delivered than ordered, or its document gone after a delivery. */
export type OrderFlag =
	| { code: "over_delivered"; productId: string; quantity: number }
	| { code: "voided_after_delivery" | "deleted_after_delivery" | "closed_after_delivery"; qboId: string };

/** One order in `GET /orders`; `number` is its QBO document's number, or "#<qboId>" when it has none. */
export type OrderSummary = {
	id: string;
	number: string;
	status: OrderStatus;
	source: { type: OrderSourceType; qboId: string; docNumber: string | null };
	customerName: string | null;
	locationId: string;
	txnDate: string | null;
	flags: OrderFlag[];
	/** Some line cannot be served from the location's stock (after older orders). */
	backordered: boolean;
	version: number;
	createdAt: string;
	updatedAt: string;
};

/** A QBO document of an order: an estimate handed over to an invoice shows both. */
export type OrderDocument = {
	type: OrderSourceType;
	qboId: string;
	docNumber: string | null;
	status: "active" | "voided" | "deleted" | "closed";
};

/** One product of an order (a kit's components each have their line, with the kits they come from). */
export type OrderLine = {
	productId: string;
	sku: string;
	name: string;
	ordered: number;
	delivered: number;
	reserved: number;
	remaining: number;
	/** How much of `remaining` the location's stock cannot serve. */
	shortfall: number;
	kits: { productId: string; sku: string; name: string; quantity: number }[];
};

/** A stock movement of an order or of one of its delivery notes; `onHand` and `reserved` are the changes. */
export type OrderMovement = {
	id: string;
	productId: string;
	locationId: string;
	kind: string;
	source: string;
	onHand: number;
	reserved: number;
	at: string;
};

export type DeliveryNote = {
	id: string;
	/** "DN-0001", numbered per company. */
	number: string;
	orderId: string;
	status: "active" | "cancelled";
	locationId: string;
	note: string | null;
	lines: { productId: string; sku: string; name: string; quantity: number }[];
	createdAt: string;
	cancelledAt: string | null;
};

/** `GET /orders/{id}`. */
export type Order = OrderSummary & {
	documents: OrderDocument[];
	lines: OrderLine[];
	deliveries: DeliveryNote[];
	movements: OrderMovement[];
};

/** `GET /deliveries/{id}`: what the printable page shows. */
export type DeliveryNoteDetail = DeliveryNote & {
	order: OrderSummary;
	customerName: string | null;
	shipTo: string | null;
};

/** `POST /orders/{id}/deliveries`. */
export type DeliveryRequest = {
	locationId?: string;
	lines: { productId: string; quantity: number }[];
	note?: string;
	idempotencyKey: string;
};

// ——— Purchasing (`/purchases…`) ———

export type Vendor = {
	id: string;
	qboId: string | null;
	name: string;
	email: string | null;
	phone: string | null;
	active: boolean;
};

export type PurchaseStatus = "draft" | "ordered" | "partially_received" | "received" | "cancelled";

/** `GET /purchases` items; `totals` sum the lines (amount: ordered × unit cost, lines without a cost left out). */
export type PurchaseSummary = {
	id: string;
	number: string;
	status: PurchaseStatus;
	vendorId: string | null;
	locationId: string;
	expectedDate: string | null;
	note: string | null;
	/** Its PurchaseOrder in QuickBooks (setting `purchasesToQbo`): the id once created, and where that stands. */
	qboPurchaseOrderId?: string | null;
	qboStatus?: QboSendStatus;
	qboError?: string | null;
	version: number;
	createdAt: string;
	updatedAt: string;
	totals?: PurchaseTotals;
};

/** A document's creation in QuickBooks; null: none is made. */
export type QboSendStatus = "pending" | "created" | "failed" | null;

export type PurchaseTotals = { lines: number; ordered: number; received: number; amount: number };

/** `received` may exceed `ordered` (an over-delivery); `open` = ordered − received, never negative. */
export type PurchaseLine = {
	productId: string;
	ordered: number;
	received: number;
	open: number;
	unitCost: number | null;
};

export type PurchaseReceiptSummary = {
	id: string;
	number: string;
	createdAt: string;
	/** Its Bill in QuickBooks; status null: no bill (the quantity is pushed when stock sync is on). */
	qboBillId?: string | null;
	qboStatus?: QboSendStatus;
	qboError?: string | null;
	lines: { productId: string; quantity: number }[];
};

/** `GET /purchases/{id}`, and what POST /purchases and PATCH answer. */
export type PurchaseDetail = Omit<PurchaseSummary, "totals"> & {
	lines: PurchaseLine[];
	receipts: PurchaseReceiptSummary[];
};

/** `POST /purchases/{id}/receipts`. */
export type PurchaseReceipt = {
	id: string;
	number: string;
	lines: { productId: string; quantity: number }[];
	purchase: Omit<PurchaseDetail, "receipts">;
};

export type SuggestionLine = {
	productId: string;
	sku: string;
	name: string;
	locationId: string;
	available: number;
	incoming: number;
	reserved: number;
	reorderPoint: number | null;
	reorderQty: number | null;
	suggested: number;
};

/** `POST /purchases/suggestions`: by preferred vendor (null: no preferred vendor). */
export type PurchaseSuggestions = {
	groups: { vendor: { id: string; name: string } | null; lines: SuggestionLine[] }[];
};

/** `POST /purchases/suggestions/apply`: the drafts created. */
export type AppliedSuggestions = { purchases: PurchaseDetail[] };

// ——— Assemblies: bills of materials and builds ———

/** One line of a BOM: `quantity` of the component per unit of the assembly. */
export type BomComponent = { productId: string; sku: string; name: string; quantity: number; isAssembly: boolean };

/** `GET/PUT /assemblies/{productId}`; version 0 for a product whose BOM was never edited. */
export type BillOfMaterials = { productId: string; components: BomComponent[]; version: number };

export type BuildKind = "build" | "unbuild";

/** `GET /builds`, `GET /builds/{id}`: `components` are the totals of this build, from the BOM of its day. */
export type Build = {
	id: string;
	number: string;
	kind: BuildKind;
	productId: string;
	locationId: string;
	quantity: number;
	override: boolean;
	status: "pending" | "completed";
	components: { productId: string; quantity: number }[];
	createdAt: string;
	completedAt: string | null;
};

/** `POST /builds`: the build and the level rows of every product it touched. */
export type BuildResult = Build & { levels: LevelRow[] };

/**
 * The API's shapes as the browser sees them, named for the UI. Each is an alias of a type that
 * openapi-typescript generates (./openapi.ts) from the Worker's OpenAPI document, committed as
 * ./openapi.json: the browser bundle carries no worker code, and a shape written here by hand again
 * would drift from the server's. `npm run api:generate` refreshes both after an API change.
 *
 * Written here, as the UI's own: `Problem` (the client makes one for a network failure, without
 * `code`), `LevelChange` (the live feed's message: a WebSocket, outside the OpenAPI document) and
 * the generic `Page<T>`.
 */
import type { components, paths } from "./openapi";

type Schemas = components["schemas"];

/** The JSON a route answers with `status`. */
type Answer<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
	responses: { [K in S]: { content: { "application/json": infer T } } };
}
	? T
	: never;

/** The JSON body a route takes. */
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
	requestBody?: { content: { "application/json": infer T } };
}
	? T
	: never;

export type LevelRow = Schemas["LevelRow"];

/** One component of a kit (a QBO bundle) and how much of it one kit takes. */
export type KitComponent = NonNullable<LevelRow["components"]>[number];

/** A live change of one level (the live feed): the stock fields and version, without the catalogue's. */
export type LevelChange = Pick<
	LevelRow,
	"productId" | "locationId" | "onHand" | "reserved" | "available" | "incoming" | "version"
> &
	Partial<Pick<LevelRow, "reorderPoint" | "reorderQty" | "bin">>;

export type Location = Schemas["Location"];

/** A page of any list route: its items and the cursor of the next page (null on the last). */
export type Page<T> = Omit<Answer<"/levels", "get", 200>, "items"> & { items: T[] };

export type LevelPatch = Schemas["LevelPatch"];

export type LevelPatchResult = Answer<"/levels", "patch", 200>["items"][number];

/**
 * application/problem+json; `errors` name the fields at fault (`field` is a path such as
 * `body.items.3.reorderPoint`). The client also makes one when no answer came (status 0), or when
 * the answer was not problem+json: then without `detail` or `code`.
 */
export type Problem = Omit<Schemas["Problem"], "detail" | "code"> &
	Partial<Pick<Schemas["Problem"], "detail" | "code">>;

// ——— The app's pages (ui/src/app) ———

/** The four numbers of stock. */
export type StockNumbers = Product["totals"];

/** `GET /products/{id}`: a product with its levels per active location and their totals. */
export type Product = Schemas["Product"];

/** What made a movement; every kind the Worker writes (worker/stock/stock-command.ts `MOVEMENT_KINDS`). */
export type MovementKind = Schemas["MovementKind"];

/** One ledger line (`GET /movements`, newest first); the "after" figures are at its location. */
export type Movement = Schemas["Movement"];
/** Who made a movement (from the audit trail); null when not known. */
export type MovementBy = Movement["by"];

/** What `POST /adjustments`, `/counts` and `/transfers` answer. */
export type StockCommandResult = Schemas["StockCommandResult"];

export type OrderMode = Settings["orderMode"];

export type Settings = Schemas["Settings"];

export type SyncStatus = Schemas["SyncStatus"];

export type SyncLogStatus = SyncLogEntry["status"];

export type SyncLogEntry = Schemas["SyncLogEntry"];

export type ResyncDirection = ResyncResult["direction"];
export type ResyncResult = Schemas["Resync"];

/** `GET /qbo-drift/{id}`: QuickBooks' quantities against the expected ones, why they differ, the repairs made. */
export type DriftReport = Schemas["DriftReport"];
export type DriftItem = Schemas["DriftItem"];
export type DriftReason = Schemas["DriftReason"];
export type DriftRepair = Schemas["DriftRepair"];

// ——— Who may do what: roles, members, invitations, tokens, the audit trail ———

/** Least to most: viewer, staff, manager, owner (the API's `Role`; ui/src/app/role-access.ts ranks them). */
export type Role = Schemas["Role"];

/** `GET /members`: a person of the company, their role and, for staff and viewers, their locations (null: all). */
export type Member = Schemas["Member"];
/** `PATCH /members/{id}`. */
export type MemberPatch = Body<"/members/{id}", "patch">;

/** `GET /invites`: an invitation not yet accepted, revoked or expired. */
export type Invite = Schemas["Invite"];
export type InviteRequest = Body<"/invites", "post">;
/** `POST /invites`: the invitation and its single-use link, in this answer only. */
export type CreatedInvite = Answer<"/invites", "post", 201>;

export type ApiToken = Schemas["ApiToken"];
export type ApiTokenRequest = Body<"/tokens", "post">;
/** `POST /tokens`: the token with its secret, shown this once. */
export type CreatedApiToken = Answer<"/tokens", "post", 201>;

export type EmbedScope = EmbedToken["scopes"][number];
export type EmbedTokenRequest = Body<"/embed-tokens", "post">;
export type EmbedToken = Schemas["EmbedToken"];
/** `GET /embed-tokens`: a working embed token, without its secret. */
export type EmbedTokenListed = Schemas["EmbedTokenListed"];

/** `GET /audit` items, newest first: who (`actor`), what (`action`, e.g. `stock.adjusted`), on what (`target`). */
export type AuditEntry = Schemas["AuditEntry"];
export type AuditActor = AuditEntry["actor"];
export type AuditActorKind = AuditActor["kind"];

/** `GET /me`: who is signed in (no user for an API token) and their company. */
export type Me = Schemas["Me"];

// ——— Orders and delivery notes (`/orders`, `/deliveries`) ———

export type OrderStatus = OrderSummary["status"];
export type OrderSourceType = OrderSummary["source"]["type"];

/** Something about an order a person must look at: more delivered than ordered, or its document gone after a delivery. */
export type OrderFlag = OrderSummary["flags"][number];

/** One order in `GET /orders`; `number` is its QBO document's number, or "#<qboId>" when it has none. */
export type OrderSummary = Schemas["OrderSummary"];

/** A QBO document of an order: an estimate handed over to an invoice shows both. */
export type OrderDocument = Order["documents"][number];

/** One product of an order (a kit's components each have their line, with the kits they come from). */
export type OrderLine = Order["lines"][number];

/** A stock movement of an order or of one of its delivery notes; `onHand` and `reserved` are the changes. */
export type OrderMovement = Order["movements"][number];

export type DeliveryNote = Schemas["DeliveryNote"];

/** `GET /orders/{id}`. */
export type Order = Schemas["Order"];

/** `GET /deliveries/{id}`: what the printable page shows. */
export type DeliveryNoteDetail = Schemas["DeliveryNoteDetail"];

/** `POST /orders/{id}/deliveries`. */
export type DeliveryRequest = Body<"/orders/{id}/deliveries", "post">;

// ——— Purchasing (`/purchases…`) ———

export type Vendor = Schemas["Vendor"];

export type PurchaseStatus = PurchaseSummary["status"];

/** `GET /purchases` items; `totals` sum the lines (amount: ordered × unit cost, lines without a cost left out). */
export type PurchaseSummary = Schemas["PurchaseSummary"];

/** A document's creation in QuickBooks; null: none is made. */
export type QboSendStatus = PurchaseSummary["qboStatus"];

export type PurchaseTotals = PurchaseSummary["totals"];

/** `received` may exceed `ordered` (an over-delivery); `open` = ordered − received, never negative. */
export type PurchaseLine = PurchaseDetail["lines"][number];

export type PurchaseReceiptSummary = PurchaseDetail["receipts"][number];

/** `GET /purchases/{id}`, and what POST /purchases and PATCH answer. */
export type PurchaseDetail = Schemas["PurchaseDetail"];

/** `POST /purchases/{id}/receipts`. */
export type PurchaseReceipt = Schemas["PurchaseReceipt"];

export type SuggestionLine = PurchaseSuggestions["groups"][number]["lines"][number];

/** `POST /purchases/suggestions`: by preferred vendor (null: no preferred vendor). */
export type PurchaseSuggestions = Schemas["PurchaseSuggestions"];

/** `POST /purchases/suggestions/apply`: the drafts created. */
export type AppliedSuggestions = Schemas["AppliedSuggestions"];

// ——— Assemblies: bills of materials and builds ———

/** One line of a BOM: `quantity` of the component per unit of the assembly. */
export type BomComponent = BillOfMaterials["components"][number];

/** `GET/PUT /assemblies/{productId}`; version 0 for a product whose BOM was never edited. */
export type BillOfMaterials = Schemas["BillOfMaterials"];

export type BuildKind = Build["kind"];

/** `GET /builds`, `GET /builds/{id}`: `components` are the totals of this build, from the BOM of its day. */
export type Build = Schemas["Build"];

/** `POST /builds`: the build and the level rows of every product it touched. */
export type BuildResult = Schemas["BuildResult"];

// ——— Lots (docs/architecture.md#lots) ———

/** How a product's stock is tracked: `lot`, held per lot (and an unassigned rest), or `none`. */
export type LotTracking = Product["tracking"];

/** `PATCH /products/{id}` (managers): its tracking and whether new lots need an expiry. */
export type ProductPatch = Body<"/products/{id}", "patch">;

/** `GET /products/{id}/lots`: per location, on hand split into lots and the unassigned rest. */
export type ProductLots = Schemas["ProductLots"];
export type LocationLots = ProductLots["items"][number];
/** One lot at one location; `expiry` is `YYYY-MM-DD` or null. */
export type ProductLot = LocationLots["lots"][number];

/** `GET /lots` items: a lot holding stock, with its product and location. */
export type LotLevel = Schemas["LotLevel"];

/** `GET /movements/{id}/lots`: the lots a movement's source holds at its location, what a re-pick starts from. */
export type MovementLots = Schemas["MovementLots"];

/** `POST /lots/repicks`: the lots a source takes at a location from now on. */
export type RepickRequest = Body<"/lots/repicks", "post">;

/** `POST /counts`: on hand counted at a location, per lot for a tracked product. */
export type CountRequest = Body<"/counts", "post">;

/** One of the `lots` an adjustment or a transfer takes (quantity positive). */
export type LotMove = NonNullable<Body<"/adjustments", "post">["lots"]>[number];

/** `GET /lots/unassigned` items: stock of a product tracked by lot at a location that is in no lot yet. */
export type UnassignedStock = Schemas["UnassignedStock"];

/** `GET /products/{id}/lots/{lot}/trace`: a lot's graph both ways, where it is now, its history (docs/architecture.md#traceability). */
export type LotTrace = Schemas["LotTrace"];
export type TraceLot = Schemas["TraceLot"];
export type TraceSource = Schemas["TraceSource"];
export type TraceEdge = Schemas["TraceEdge"];

/** `GET /recall`: every customer who received a lot. */
export type Recall = Schemas["Recall"];
export type RecallRow = Schemas["RecallRow"];

/** `GET /orders/{id}/pick-proposal`: per line of a product tracked by lot, the lots first-expiry-first-out. */
export type PickProposal = Schemas["PickProposal"];

/**
 * The language spoken to a product object, and what it answers. Quantities are scaled integers.
 */

import type { Scaled } from "../core/quantity";
import type { Triple } from "./effects";
import type { NamedLot } from "./lot-allocation";
import type { BoundsViolation } from "./quantity-bounds";

/**
 * What made a movement of the ledger: a user's one-off (adjustment, count, transfer), a QuickBooks
 * document, an order's own document or delivery note, a purchase or its receipt, a build. The API
 * describes `kind` with this list (worker/api/schemas.ts `MovementKind`), so the UI's labels of
 * the kinds follow it.
 */
export const MOVEMENT_KINDS = [
	"adjustment",
	"count",
	"transfer",
	"invoice",
	"sales_receipt",
	"estimate",
	"credit_memo",
	"refund_receipt",
	"bill",
	"purchase",
	"vendor_credit",
	"purchase_order",
	"inventory_adjustment",
	"delivery",
	"purchase_receipt",
	"build",
	"unbuild",
	"lot_assignment",
	"lot_repick",
] as const;

export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** How a product's stock is tracked: not at all, by lot, or by serial number (docs/architecture.md#lots). */
export type Tracking = "none" | "lot" | "serial";

/** Which product object: one per (company, product). */
export type ProductRef = { companyId: string; productId: string };

export type StockCommand =
	/** The effect of a changing source (a document line) is now `effect`, as of `version`. */
	| {
			type: "set";
			source: string;
			kind: MovementKind;
			locationId: string;
			effect: Triple;
			version: number;
			reason?: string;
			/** Lots the change of on hand goes into (+) or comes out of (−); the rest by the rules of lot-allocation.ts. */
			lots?: NamedLot[];
			/**
			 * Refused (`would_go_negative`) when the change takes available below zero at a location,
			 * the reservation of `exceptReservedBy` (the order a delivery note delivers) not counted:
			 * a note may take what its own order holds reserved (docs/architecture.md#negative-stock).
			 */
			refuseNegative?: { exceptReservedBy: string };
	  }
	/** The source is deleted or voided: its effect becomes zero, for good. */
	| { type: "delete"; source: string; kind: MovementKind; reason?: string }
	/**
	 * One-off change of on hand at a location. `refuseNegative`: refused (`would_go_negative`) when it
	 * would take available below zero there (docs/architecture.md#negative-stock).
	 */
	| {
			type: "adjust";
			source: string;
			locationId: string;
			quantity: Scaled;
			reason?: string;
			lots?: NamedLot[];
			refuseNegative?: boolean;
	  }
	/**
	 * One-off: on hand at a location is counted to be `onHand`; the difference is computed on apply.
	 * With `lots`, the count is per lot: each lot listed holds its `onHand` after, every other lot at
	 * the location none, and the unassigned rest is `onHand` − Σ lots.
	 */
	| {
			type: "count";
			source: string;
			locationId: string;
			onHand: Scaled;
			reason?: string;
			lots?: { lot: string; onHand: Scaled; expiry?: string | null; batch?: string | null }[];
	  }
	/**
	 * One-off: stock of the unassigned rest at a location put into lots (quantities positive). On hand
	 * does not change; refused when the rest holds less than the lots take.
	 */
	| { type: "assign"; source: string; locationId: string; lots: NamedLot[]; reason?: string }
	/**
	 * One-off: the lots another source (`of`: a document, a delivery, a build, an adjustment) took at
	 * a location become `lots` (quantities positive), its total unchanged: a re-pick moves lots, not
	 * levels. What `lots` leave of its total is taken from the unassigned rest.
	 */
	| { type: "repick"; source: string; of: string; locationId: string; lots: NamedLot[]; reason?: string }
	/** One-off move between two locations: two sources, `${source}:from` and `${source}:to`. */
	| {
			type: "transfer";
			source: string;
			fromLocationId: string;
			toLocationId: string;
			quantity: Scaled;
			reason?: string;
			/** The lots moved (quantities positive): out of them at `from`, into the same lots at `to`. */
			lots?: NamedLot[];
			/** Refused (`would_go_negative`) when it would take available at `from` below zero. */
			refuseNegative?: boolean;
	  };

/** One line of the ledger: the change of one product's levels at one location. */
export type Movement = {
	id: string;
	seq: number;
	source: string;
	kind: MovementKind;
	reason: string | null;
	locationId: string;
	delta: Triple;
	after: Triple;
	at: number;
	/** The lots its change of on hand moved (lot-allocation.ts), each with its stock after; absent when none. */
	lots?: MovementLot[];
};

/** One lot's part of a movement; `batch`: for a serial number, the lot it belongs to. */
export type MovementLot = { lot: string; expiry: string | null; delta: Scaled; after: Scaled; batch?: string };

export type LocationLevels = Triple & { locationId: string };

export type CommandOutcome = "applied" | "duplicate" | "stale" | "deleted";

/**
 * `duplicate`: a one-off whose source was already applied; `movements` and `levels` are those of
 * its first application. `stale`/`deleted`: ignored, `levels` are the current ones.
 */
export type CommandResult = { outcome: CommandOutcome; movements: Movement[]; levels: LocationLevels[] };

/**
 * What the object answers instead when applying the command would store or move a quantity out of
 * bounds (quantity-bounds.ts): nothing changed. The client turns it into a 422 for its caller.
 */
export type CommandRefusal =
	| { outcome: "out_of_bounds"; violations: BoundsViolation[] }
	/** A lot named for more than it holds at the location, or with another expiry than it has. */
	| { outcome: "lot_refused"; lot: string; locationId: string; message: string }
	/** A command with `refuseNegative` that would leave available at the location `shortfall` below zero. */
	| { outcome: "would_go_negative"; locationId: string; shortfall: Scaled };

/** What a product object holds, for reconciliation and tests. */
export type ProductStockState = {
	levels: LocationLevels[];
	/** Σ of live effects per location, computed independently of `levels`. */
	effectSums: LocationLevels[];
	effects: { source: string; locationId: string; effect: Triple; version: number; deleted: boolean }[];
	pendingMovements: number;
	lastSeq: number;
	/** Stock per lot and location (only lots that ever held stock); unassigned = level − Σ of these. */
	lots: { locationId: string; lot: string; onHand: number; expiry: string | null }[];
};

/**
 * The guard on stock a person takes below zero (docs/architecture.md#negative-stock): an adjustment,
 * a transfer or a delivery note that would leave a location's available (on hand − reserved) below
 * zero is refused (422 `would_go_negative`, naming the request field, the location and how many
 * units are short) unless the request says `allowNegative` and the company allows it. QuickBooks
 * documents never meet it. The product object makes the decision that counts (product-stock.ts, on
 * its own levels, as it applies the command); services check D1's levels first so that the usual
 * refusal costs no round trip to the object.
 */
import { and, eq } from "drizzle-orm";
import { AppError } from "../core/app-error";
import { fromScaled, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { companySettings, locations } from "../db/schema";
import type { Triple } from "./effects";

/** Available at a level: what is on hand and not promised to an order. */
export function availableOf(level: Pick<Triple, "onHand" | "reserved">): Scaled {
	return level.onHand - level.reserved;
}

/**
 * How many units (scaled) a change leaves a location short: −available after, when the change lowers
 * available and leaves it below zero; 0 otherwise. A change that raises available, or keeps it, is
 * never short, even on a level already below zero (a receipt must always be possible).
 */
export function shortfallOf(level: Pick<Triple, "onHand" | "reserved">, delta: Pick<Triple, "onHand" | "reserved">) {
	const change = availableOf(delta);
	const after = availableOf(level) + change;
	return change < 0 && after < 0 ? -after : 0;
}

/**
 * Thrown inside a product object's transaction when a guarded command would leave a location short:
 * nothing of the command is kept, and the object answers it as a refusal.
 */
export class NegativeStockError extends Error {
	constructor(
		readonly locationId: string,
		readonly shortfall: Scaled,
	) {
		super(`available at location ${locationId} would be ${fromScaled(-shortfall)}`);
		this.name = "NegativeStockError";
	}
}

/** Whether the company lets a person confirm going below zero (true when it never said). */
export async function negativeStockAllowed(db: Database, companyId: string): Promise<boolean> {
	const [row] = await negativeStockAllowedQuery(db, companyId);
	return row?.allowed ?? true;
}

/** The company's `negativeStockAllowed` as one query, for callers that batch it. */
export function negativeStockAllowedQuery(db: Database, companyId: string) {
	return db
		.select({ allowed: companySettings.negativeStockAllowed })
		.from(companySettings)
		.where(eq(companySettings.companyId, companyId));
}

/**
 * The 422 `would_go_negative` for a shortfall at a location: `errors` names `field`, the body the
 * location (id and name), the shortfall in units and whether the company allows a confirmation —
 * what a form needs to word it in its own language.
 */
export async function wouldGoNegative(
	db: Database,
	companyId: string,
	short: { locationId: string; shortfall: Scaled; field: string; label?: string | undefined },
	allowed: boolean,
): Promise<AppError> {
	const [location] = await db
		.select({ name: locations.name })
		.from(locations)
		.where(and(eq(locations.companyId, companyId), eq(locations.id, short.locationId)));
	const name = location?.name ?? short.locationId;
	const units = fromScaled(short.shortfall);
	const what = short.label ? `${short.label}: ` : "";
	const message = `${what}${units} short at ${name}`;
	const detail = allowed
		? `Refused, nothing changed: ${message}. Send allowNegative: true to take available below zero anyway.`
		: `Refused, nothing changed: ${message}, and the company does not allow stock below zero.`;
	return new AppError("would_go_negative", detail, [{ in: "body", field: short.field, message }], {
		location: { id: short.locationId, name },
		shortfall: units,
		negativeStockAllowed: allowed,
	});
}

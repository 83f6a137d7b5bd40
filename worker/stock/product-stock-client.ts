/**
 * How the rest of the Worker reaches a product's object: routes and services call these
 * functions and never see a stub.
 */
import { AppError } from "../core/app-error";
import { fromScaled, type Scaled } from "../core/quantity";
import { describeViolation } from "./quantity-bounds";
import type {
	CommandRefusal,
	CommandResult,
	ProductRef,
	ProductStockState,
	StockCommand,
	Tracking,
} from "./stock-command";

function stubOf(env: Env, ref: ProductRef) {
	return env.PRODUCT_STOCK.get(env.PRODUCT_STOCK.idFromName(`${ref.companyId}/${ref.productId}`));
}

/** Applies a command and resolves once its movements are readable in D1. */
export async function executeStockCommand(env: Env, ref: ProductRef, command: StockCommand): Promise<CommandResult> {
	return acceptedOrThrow(ref, await stubOf(env, ref).execute(ref, command));
}

/** Applies a command; its movements reach D1 in the background (sync traffic). */
export async function enqueueStockCommand(env: Env, ref: ProductRef, command: StockCommand): Promise<CommandResult> {
	return acceptedOrThrow(ref, await stubOf(env, ref).enqueue(ref, command));
}

/**
 * The object's refusal (a quantity out of bounds; nothing changed) as the 422 its caller answers.
 * Callers that know which request field leads there check first (`changeViolations` in
 * quantity-bounds.ts); this names the stock field, for every other path.
 */
function acceptedOrThrow(ref: ProductRef, result: CommandResult | CommandRefusal): CommandResult {
	if (result.outcome === "lot_refused") throw new LotRefusal(result.lot, result.message);
	if (result.outcome === "would_go_negative")
		throw new NegativeStockRefusal(ref.productId, result.locationId, result.shortfall);
	if (result.outcome !== "out_of_bounds") return result;
	throw new AppError(
		"quantity_out_of_bounds",
		`Refused, nothing changed: for product ${ref.productId}, ${result.violations.map(describeViolation).join("; ")}.`,
		result.violations.map((v) => ({ in: "stock", field: v.field, message: describeViolation(v) })),
	);
}

/**
 * The object's refusal of a lot (409 `lot_refused`): the lot it names, so that a flow can point at
 * the request field that named it (lot-requests.ts).
 */
export class LotRefusal extends AppError {
	constructor(
		readonly lot: string,
		message: string,
	) {
		super("lot_refused", `Refused, nothing changed: ${message}.`, [{ in: "stock", field: "lots", message }]);
	}
}

/**
 * The object's refusal of a command that would take available below zero (negative-stock.ts): the
 * location and the shortfall, so that the service names its own request field and the location.
 */
export class NegativeStockRefusal extends AppError {
	constructor(
		readonly productId: string,
		readonly locationId: string,
		readonly shortfall: Scaled,
	) {
		const message = `${fromScaled(shortfall)} short at location ${locationId}`;
		super("would_go_negative", `Refused, nothing changed: ${message}.`, [{ in: "stock", field: "available", message }]);
	}
}

/**
 * True for a product object's refusal of a quantity out of bounds (or a flow's own check of one,
 * bounds-precheck.ts): nothing of that command changed, and sending it again changes nothing
 * either, so a repair that meets it stops retrying and records why.
 */
export function isQuantityRefusal(error: unknown): error is AppError {
	return error instanceof AppError && error.code === "quantity_out_of_bounds";
}

/**
 * True for a product object's refusal of a lot (a pick beyond what the lot holds, another expiry for
 * a known lot): nothing of that command changed, and sending it again would be refused again.
 */
export function isLotRefusal(error: unknown): error is AppError {
	return error instanceof AppError && error.code === "lot_refused";
}

/**
 * Tells the product's object how its stock is tracked; refused (409 `lot_refused`) when its lots
 * cannot be tracked so (a lot of several units cannot become a serial number).
 */
export async function trackProductStock(env: Env, ref: ProductRef, tracking: Tracking): Promise<void> {
	const refusal = await stubOf(env, ref).track(ref, tracking);
	if (refusal) acceptedOrThrow(ref, refusal);
}

/** The object's levels and effects, after flushing what it still holds. */
export function readProductStockState(env: Env, ref: ProductRef): Promise<ProductStockState> {
	return stubOf(env, ref).state();
}

/** A round trip to the object that does nothing: the benchmark's baseline. */
export function pingProductStock(env: Env, ref: ProductRef): Promise<string> {
	return stubOf(env, ref).ping();
}

/**
 * How the rest of the Worker reaches a product's object: routes and services call these
 * functions and never see a stub.
 */
import type { CommandResult, ProductRef, ProductStockState, StockCommand } from "./stock-command";

function stubOf(env: Env, ref: ProductRef) {
	return env.PRODUCT_STOCK.get(env.PRODUCT_STOCK.idFromName(`${ref.companyId}/${ref.productId}`));
}

/** Applies a command and resolves once its movements are readable in D1. */
export function executeStockCommand(env: Env, ref: ProductRef, command: StockCommand): Promise<CommandResult> {
	return stubOf(env, ref).execute(ref, command);
}

/** Applies a command; its movements reach D1 in the background (sync traffic). */
export function enqueueStockCommand(env: Env, ref: ProductRef, command: StockCommand): Promise<CommandResult> {
	return stubOf(env, ref).enqueue(ref, command);
}

/** The object's levels and effects, after flushing what it still holds. */
export function readProductStockState(env: Env, ref: ProductRef): Promise<ProductStockState> {
	return stubOf(env, ref).state();
}

/** A round trip to the object that does nothing: the benchmark's baseline. */
export function pingProductStock(env: Env, ref: ProductRef): Promise<string> {
	return stubOf(env, ref).ping();
}

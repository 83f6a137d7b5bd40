/**
 * A build's quantities against the stock core's bounds (stock/quantity-bounds.ts), checked before
 * the build is recorded: a build that a product object would refuse must never become a pending
 * build that the repair retries for ever, with its other products already changed.
 */
import { AppError, type FieldError } from "../core/app-error";
import { fromScaled, MAX_QUANTITY } from "../core/quantity";
import { type Triple, ZERO } from "../stock/effects";
import { plannedChangeErrors, scaledProduct } from "../stock/quantity-bounds";
import { type BuildSpec, buildEffects } from "./build-effects";

/** A product's level at the build's location, as D1 shows it, with its SKU for messages. */
export type LevelAtLocation = Triple & { productId: string; sku: string };

/**
 * Refuses (422, naming `quantity`) a build whose quantity × a component's amount per unit is beyond
 * the maximum, or that would move a level beyond it. Inexact totals are refused before this.
 */
export function assertBuildWithinBounds(spec: BuildSpec, locationId: string, levels: readonly LevelAtLocation[]): void {
	const byProduct = new Map(levels.map((l) => [l.productId, l]));
	const sku = (productId: string) => byProduct.get(productId)?.sku ?? productId;
	const errors: FieldError[] = spec.components.flatMap((c) => {
		const total = scaledProduct(spec.quantity, c.quantity);
		if (total.bounded) return [];
		const amount = `${fromScaled(spec.quantity)} × ${fromScaled(c.quantity)} of ${sku(c.productId)} per unit`;
		return [
			{ in: "body", field: "quantity", message: `${amount} = ${fromScaled(total.value)}, beyond ±${MAX_QUANTITY}` },
		];
	});
	if (errors.length === 0)
		errors.push(
			...plannedChangeErrors(
				buildEffects(spec).map(({ productId, effect }) => ({
					productId,
					locationId,
					delta: effect,
					field: "quantity",
					label: sku(productId),
				})),
				(productId) => byProduct.get(productId) ?? ZERO,
			),
		);
	if (errors.length === 0) return;
	throw new AppError(
		"quantity_out_of_bounds",
		`This ${spec.kind} would take a quantity beyond ±${MAX_QUANTITY}; nothing was recorded. ${errors.map((e) => e.message).join("; ")}.`,
		errors,
	);
}

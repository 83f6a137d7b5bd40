/**
 * What a build or an unbuild does to stock (pure, no I/O). Each product touched gets one one-off
 * effect under the source `build:<id>`, set at version 1: re-sending it after a crash changes
 * nothing, so the saga can send every effect again until all products have applied it.
 */

import type { Scaled } from "../core/quantity";
import type { Triple } from "../stock/effects";
import { scaledProduct } from "../stock/quantity-bounds";

export type BuildKind = "build" | "unbuild";

/** The BOM as the build saw it: per unit of the finished product, scaled. */
export type ComponentSnapshot = { productId: string; quantity: Scaled }[];

export type BuildSpec = { kind: BuildKind; productId: string; quantity: Scaled; components: ComponentSnapshot };

export function buildSource(buildId: string): string {
	return `build:${buildId}`;
}

/** The version every build effect is set at: a build never changes once made. */
export const BUILD_EFFECT_VERSION = 1;

/**
 * Each component's total for the whole build (quantity × per unit). A build is refused before it is
 * recorded when a total is inexact or out of bounds (build-bounds.ts), and the product objects
 * refuse an out-of-bounds effect again: beyond the bounds, a total can only be shown, never applied.
 */
export function componentTotals(spec: BuildSpec): { productId: string; quantity: Scaled }[] {
	return spec.components.map((c) => {
		const total = scaledProduct(spec.quantity, c.quantity);
		if (!total.exact) throw new Error(`${spec.quantity} × ${c.quantity} is not exact to 4 decimals`);
		return { productId: c.productId, quantity: total.value };
	});
}

/** On hand per product: the finished product rises and the components fall (the opposite for an unbuild). */
export function buildEffects(spec: BuildSpec): { productId: string; effect: Triple }[] {
	const sign = spec.kind === "build" ? 1 : -1;
	return [
		{ productId: spec.productId, effect: { onHand: sign * spec.quantity, reserved: 0, incoming: 0 } },
		...componentTotals(spec).map((c) => ({
			productId: c.productId,
			effect: { onHand: -sign * c.quantity, reserved: 0, incoming: 0 },
		})),
	];
}

/** What the build takes out of stock, per product: the components for a build, the finished product for an unbuild. */
export function buildNeeds(spec: BuildSpec): { productId: string; quantity: Scaled }[] {
	return spec.kind === "build" ? componentTotals(spec) : [{ productId: spec.productId, quantity: spec.quantity }];
}

/** The products short at the location: need more than available (on hand − reserved). */
export function shortages(
	needs: { productId: string; quantity: Scaled }[],
	available: ReadonlyMap<string, Scaled>,
): { productId: string; need: Scaled; available: Scaled; short: Scaled }[] {
	return needs.flatMap((n) => {
		const have = available.get(n.productId) ?? 0;
		return n.quantity > have
			? [{ productId: n.productId, need: n.quantity, available: have, short: n.quantity - have }]
			: [];
	});
}

/**
 * What a build or an unbuild does to stock (pure, no I/O). Each product touched gets one one-off
 * effect under the source `build:<id>`, set at version 1: re-sending it after a crash changes
 * nothing, so the saga can send every effect again until all products have applied it.
 */
import type { Triple } from "../stock/effects";
import type { Scaled } from "../stock/quantity";

export type BuildKind = "build" | "unbuild";

/** The BOM as the build saw it: per unit of the finished product, scaled. */
export type ComponentSnapshot = { productId: string; quantity: Scaled }[];

export type BuildSpec = { kind: BuildKind; productId: string; quantity: Scaled; components: ComponentSnapshot };

export function buildSource(buildId: string): string {
	return `build:${buildId}`;
}

/** The version every build effect is set at: a build never changes once made. */
export const BUILD_EFFECT_VERSION = 1;

/** Each component's total for the whole build (quantity × per unit). */
export function componentTotals(spec: BuildSpec): { productId: string; quantity: Scaled }[] {
	return spec.components.map((c) => ({ productId: c.productId, quantity: scaledProduct(spec.quantity, c.quantity) }));
}

/**
 * a × b for two scaled quantities, as a scaled quantity: both are ×10 000, so the product is
 * divided once. BigInt because the raw product can pass 2^53; null when the exact result has more
 * than 4 decimals (the caller refuses such a quantity rather than round stock).
 */
export function exactScaledProduct(a: Scaled, b: Scaled): Scaled | null {
	const raw = BigInt(a) * BigInt(b);
	if (raw % 10_000n !== 0n) return null;
	return Number(raw / 10_000n);
}

function scaledProduct(a: Scaled, b: Scaled): Scaled {
	const exact = exactScaledProduct(a, b);
	if (exact === null) throw new Error(`${a} × ${b} is not exact to 4 decimals`);
	return exact;
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

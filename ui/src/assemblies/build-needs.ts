/**
 * What a build or an unbuild takes at a location, next to what is available there (pure): the
 * build form shows one row per product taken out, with the shortfall highlighted.
 *
 * Quantities are multiplied as scaled integers (×10 000), like the server, so that 3 × 0.1 is 0.3.
 */
import type { BomComponent, BuildKind } from "../api/types";

export type NeedRow = { productId: string; sku: string; name: string; need: number; available: number; short: number };

const SCALE = 10_000;
const scaled = (n: number) => Math.round(n * SCALE);

/** `quantity` × `perUnit`, exact to 4 decimals. */
export function totalOf(quantity: number, perUnit: number): number {
	return (scaled(quantity) * scaled(perUnit)) / (SCALE * SCALE);
}

/**
 * One row per product the build takes out: each component (quantity × per unit) for a build, the
 * assembly itself for an unbuild. `available` answers a product's available at the location.
 */
export function buildNeeds(
	kind: BuildKind,
	quantity: number,
	assembly: { id: string; sku: string; name: string },
	components: readonly BomComponent[],
	available: (productId: string) => number,
): NeedRow[] {
	const taken =
		kind === "build"
			? components.map((c) => ({
					productId: c.productId,
					sku: c.sku,
					name: c.name,
					need: totalOf(quantity, c.quantity),
				}))
			: [{ productId: assembly.id, sku: assembly.sku, name: assembly.name, need: quantity }];
	return taken.map((t) => {
		const have = available(t.productId);
		const short = Math.max(0, scaled(t.need) - scaled(have)) / SCALE;
		return { ...t, available: have, short };
	});
}

/** True when some product is short: the form then asks for an explicit override. */
export function isShort(rows: readonly NeedRow[]): boolean {
	return rows.some((r) => r.short > 0);
}

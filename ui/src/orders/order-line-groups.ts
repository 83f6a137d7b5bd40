/**
 * An order's lines as its page shows them: what was sold as such first, then each kit's components
 * under the kit's name (a kit is delivered per component, so each component keeps its own line).
 */
import type { OrderLine } from "../api/types";

/** A kit sold on the order's document, and how many of it. */
export type KitRef = { productId: string; sku: string; name: string; quantity: number };
export type LineGroup<L extends OrderLine = OrderLine> = { kit: KitRef | null; lines: L[] };

/**
 * Lines grouped by the kit they come from, in the server's order; a component of several kits
 * (or also sold alone) shows once, under the first kit it names, so that it is delivered once.
 * @example groupLinesByKit(order.lines) // [{ kit: null, lines: [...] }, { kit: { name: "Starter kit", … }, lines: [...] }]
 */
export function groupLinesByKit<L extends OrderLine>(lines: readonly L[]): LineGroup<L>[] {
	const loose: L[] = [];
	const byKit = new Map<string, LineGroup<L>>();
	for (const line of lines) {
		const kit = line.kits[0];
		if (!kit) {
			loose.push(line);
			continue;
		}
		let group = byKit.get(kit.productId);
		if (!group) {
			group = { kit: { productId: kit.productId, sku: kit.sku, name: kit.name, quantity: kit.quantity }, lines: [] };
			byKit.set(kit.productId, group);
		}
		group.lines.push(line);
	}
	const groups = [...byKit.values()];
	return loose.length > 0 ? [{ kit: null, lines: loose }, ...groups] : groups;
}

/** The other kits a component line also comes from (shown beside it), after the one it is grouped under. */
export function otherKits(line: OrderLine): KitRef[] {
	return line.kits.slice(1);
}

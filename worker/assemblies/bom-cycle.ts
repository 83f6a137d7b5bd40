/**
 * Cycle detection for bills of materials (pure, no I/O). A BOM may nest (a component may itself be
 * an assembly), but no product may end up needing itself at any depth: building it would consume
 * what it produces.
 */

/** BOM edges: assembly product id → its component product ids. */
export type BomGraph = ReadonlyMap<string, readonly string[]>;

/**
 * The path of product ids from `assemblyId` back to itself that the proposed components would
 * close (e.g. [A, B, C, A]), or null when there is none. `graph` holds the other assemblies' BOMs;
 * the assembly's own current edges are ignored (the proposal replaces them).
 *
 * @example findBomCycle("A", ["B"], new Map([["B", ["C"]], ["C", ["A"]]])) // ["A", "B", "C", "A"]
 */
export function findBomCycle(assemblyId: string, proposed: readonly string[], graph: BomGraph): string[] | null {
	const done = new Set<string>();
	// Depth-first from each proposed component; `trail` is the current path below the assembly.
	const visit = (productId: string, trail: string[]): string[] | null => {
		if (productId === assemblyId) return [assemblyId, ...trail];
		if (done.has(productId)) return null;
		done.add(productId);
		for (const next of graph.get(productId) ?? []) {
			const found = visit(next, [...trail, next]);
			if (found) return found;
		}
		return null;
	};
	for (const component of proposed) {
		const found = visit(component, [component]);
		if (found) return found;
	}
	return null;
}

/**
 * Bills of materials: which components, and how much of each, one unit of an assembly consumes.
 * Edited in Stockroom only (QBO has no BOM), replaced as a whole under a version, refused when it
 * would make a product need itself at any depth.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getProduct } from "../catalogue/products";
import { AppError, type FieldError } from "../core/app-error";
import { fromScaled, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { assemblies, assemblyComponents, products } from "../db/schema";
import { chunk } from "../lib/chunk";
import { findBomCycle } from "./bom-cycle";

export type BomLine = { productId: string; quantity: Scaled };

export type BomView = {
	productId: string;
	components: { productId: string; sku: string; name: string; quantity: number; isAssembly: boolean }[];
	version: number;
};

/** The BOM's lines in their saved order (empty for a product that is no assembly); a query, so it can join a batch. */
export function bomLinesQuery(db: Database, companyId: string, productId: string) {
	return db
		.select({ productId: assemblyComponents.componentProductId, quantity: assemblyComponents.quantity })
		.from(assemblyComponents)
		.where(and(eq(assemblyComponents.companyId, companyId), eq(assemblyComponents.assemblyProductId, productId)))
		.orderBy(asc(assemblyComponents.position));
}

/** A product's BOM with its components' names; version 0 when it was never edited. */
export async function getBom(db: Database, companyId: string, productId: string): Promise<BomView> {
	await getProduct(db, companyId, productId);
	const [head, lines] = await db.batch([
		db
			.select({ version: assemblies.version })
			.from(assemblies)
			.where(and(eq(assemblies.companyId, companyId), eq(assemblies.productId, productId))),
		db
			.select({
				productId: assemblyComponents.componentProductId,
				quantity: assemblyComponents.quantity,
				sku: products.sku,
				name: products.name,
				isAssembly: sql<number>`EXISTS (SELECT 1 FROM assembly_components AS sub
					WHERE sub.company_id = ${companyId} AND sub.assembly_product_id = ${assemblyComponents.componentProductId})`,
			})
			.from(assemblyComponents)
			.innerJoin(products, eq(products.id, assemblyComponents.componentProductId))
			.where(and(eq(assemblyComponents.companyId, companyId), eq(assemblyComponents.assemblyProductId, productId)))
			.orderBy(asc(assemblyComponents.position)),
	]);
	return {
		productId,
		components: lines.map((l) => ({
			productId: l.productId,
			sku: l.sku,
			name: l.name,
			quantity: fromScaled(l.quantity),
			isAssembly: Boolean(l.isAssembly),
		})),
		version: head[0]?.version ?? 0,
	};
}

/**
 * Replaces a product's BOM if `version` is still its current one (0 for a product never edited).
 * An empty list makes the product no assembly any more. Every refusal names the field at fault.
 */
export async function putBom(
	db: Database,
	companyId: string,
	productId: string,
	input: { components: BomLine[]; version: number },
): Promise<BomView> {
	const assembly = await getProduct(db, companyId, productId);
	if (assembly.type !== "inventory")
		throw new AppError("validation_failed", `Only an inventory product can have a bill of materials.`, [
			{
				in: "param",
				field: "productId",
				message: `a ${assembly.type.replace("_", "-")} product has no stock to build`,
			},
		]);
	await checkComponents(db, companyId, productId, input.components);

	const now = Date.now();
	// The head row moves from `version` to `version + 1` first; the lines change only if it did,
	// inside the same transaction (a D1 batch), so two editors cannot both win.
	const head =
		input.version === 0
			? db
					.insert(assemblies)
					.values({ productId, companyId, version: 1, updatedAt: now })
					.onConflictDoNothing()
					.returning({ version: assemblies.version })
			: db
					.update(assemblies)
					.set({ version: sql`${assemblies.version} + 1`, updatedAt: now })
					.where(
						and(
							eq(assemblies.companyId, companyId),
							eq(assemblies.productId, productId),
							eq(assemblies.version, input.version),
						),
					)
					.returning({ version: assemblies.version });
	const moved = sql`EXISTS (SELECT 1 FROM assemblies WHERE product_id = ${productId} AND company_id = ${companyId}
		AND version = ${input.version + 1} AND updated_at = ${now})`;
	const [updated] = await db.batch([
		head,
		db
			.delete(assemblyComponents)
			.where(
				and(eq(assemblyComponents.companyId, companyId), eq(assemblyComponents.assemblyProductId, productId), moved),
			),
		...input.components.map((c, position) =>
			db.insert(assemblyComponents).select(
				db
					.select({
						companyId: sql<string>`${companyId}`.as("company_id"),
						assemblyProductId: sql<string>`${productId}`.as("assembly_product_id"),
						componentProductId: sql<string>`${c.productId}`.as("component_product_id"),
						quantity: sql<number>`${c.quantity}`.as("quantity"),
						position: sql<number>`${position}`.as("position"),
					})
					.from(assemblies)
					.where(and(eq(assemblies.productId, productId), moved)),
			),
		),
	]);
	if (updated.length === 0) {
		const current = await getBom(db, companyId, productId);
		throw new AppError(
			"version_conflict",
			`The bill of materials is at version ${current.version}, not ${input.version}; reload it and try again.`,
			[{ in: "body", field: "version", message: `current version is ${current.version}` }],
		);
	}
	return getBom(db, companyId, productId);
}

/** Refuses unknown, non-inventory, duplicate or self components, and any cycle, each at its field. */
async function checkComponents(db: Database, companyId: string, assemblyId: string, lines: BomLine[]) {
	const errors: FieldError[] = [];
	const ids = [...new Set(lines.map((l) => l.productId))];
	const found = new Map<string, { type: string; sku: string; archivedAt: number | null }>();
	for (const part of chunk(ids, 90)) {
		const rows = await db
			.select({ id: products.id, type: products.type, sku: products.sku, archivedAt: products.archivedAt })
			.from(products)
			.where(and(eq(products.companyId, companyId), inArray(products.id, part)));
		for (const r of rows) found.set(r.id, r);
	}
	const seen = new Set<string>();
	for (const [i, line] of lines.entries()) {
		const field = `components.${i}.productId`;
		const product = found.get(line.productId);
		if (line.productId === assemblyId)
			errors.push({ in: "body", field, message: "a product cannot be a component of itself" });
		else if (!product) errors.push({ in: "body", field, message: `no product ${line.productId}` });
		else if (product.type !== "inventory")
			errors.push({
				in: "body",
				field,
				message: `${product.sku} is a ${product.type.replace("_", "-")} product; components must be inventory products`,
			});
		else if (product.archivedAt !== null) errors.push({ in: "body", field, message: `${product.sku} is archived` });
		else if (seen.has(line.productId))
			errors.push({ in: "body", field, message: `${product.sku} is already on this bill of materials` });
		seen.add(line.productId);
	}
	if (errors.length > 0)
		throw new AppError("validation_failed", "The bill of materials has invalid components.", errors);

	const cycle = findBomCycle(assemblyId, ids, await graphBelow(db, companyId, ids));
	if (!cycle) return;
	const skus = await skusOf(db, companyId, cycle);
	const path = cycle.map((id) => skus.get(id) ?? id).join(" → ");
	const first = lines.findIndex((l) => l.productId === cycle[1]);
	throw new AppError("validation_failed", `This would make a cycle: ${path}. A product cannot need itself.`, [
		{ in: "body", field: `components.${first}.productId`, message: `cycle: ${path}` },
	]);
}

/** Every BOM edge reachable downward from `roots` (UNION stops on cycles already in the data). */
async function graphBelow(db: Database, companyId: string, roots: string[]): Promise<Map<string, string[]>> {
	const graph = new Map<string, string[]>();
	if (roots.length === 0) return graph;
	const rows = await db.all<{ assembly: string; component: string }>(sql`
		WITH RECURSIVE reach(id) AS (
			SELECT value FROM json_each(${JSON.stringify(roots)})
			UNION
			SELECT c.component_product_id FROM assembly_components AS c
			JOIN reach ON c.assembly_product_id = reach.id
			WHERE c.company_id = ${companyId}
		)
		SELECT c.assembly_product_id AS assembly, c.component_product_id AS component
		FROM assembly_components AS c
		WHERE c.company_id = ${companyId} AND c.assembly_product_id IN (SELECT id FROM reach)
		ORDER BY c.assembly_product_id, c.position`);
	for (const r of rows) graph.set(r.assembly, [...(graph.get(r.assembly) ?? []), r.component]);
	return graph;
}

async function skusOf(db: Database, companyId: string, ids: string[]): Promise<Map<string, string>> {
	const rows = await db
		.select({ id: products.id, sku: products.sku })
		.from(products)
		.where(and(eq(products.companyId, companyId), inArray(products.id, [...new Set(ids)])));
	return new Map(rows.map((r) => [r.id, r.sku]));
}

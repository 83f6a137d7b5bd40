/**
 * Undoing a build that a product object refused for one of its lots (a pick beyond what the lot
 * holds, another expiry than it has — on lots D1 did not show when the build was checked): sending
 * it again would be refused again, so instead of a pending build that the repair retries for ever
 * with its other products changed, the build goes, as if it had never been recorded. Its effect is
 * deleted on every product (an object that applied it puts the lots back into the lots they left;
 * one that never had it keeps a tombstone), then the build's rows go and its key is free again.
 */
import type { Build, ProductObjects } from "./build-completion";
import { buildEffects, buildSource } from "./build-effects";

export async function undoBuild(env: Env, build: Build, objects: ProductObjects): Promise<void> {
	const source = buildSource(build.id);
	const products = buildEffects({
		kind: build.kind,
		productId: build.productId,
		quantity: build.quantity,
		components: build.components,
	}).map((e) => e.productId);
	try {
		await Promise.all(
			products.map((productId) =>
				objects.execute(
					env,
					{ companyId: build.companyId, productId },
					{ type: "delete", source, kind: build.kind, reason: `${build.number} refused, undone` },
				),
			),
		);
		// Only a build never completed: the lots first, whose rows name the build.
		const pending = "EXISTS (SELECT 1 FROM builds WHERE id = ?1 AND status = 'pending')";
		await env.DB.batch([
			env.DB.prepare(`DELETE FROM build_lots WHERE build_id = ?1 AND ${pending}`).bind(build.id),
			env.DB.prepare("DELETE FROM builds WHERE id = ?1 AND status = 'pending'").bind(build.id),
		]);
	} catch (error) {
		// Left pending: the repair sends it again, is refused again, and undoes it then.
		console.error(`build ${build.id}: undoing a refused build failed`, error);
	}
}

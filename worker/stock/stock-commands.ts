/**
 * Stock commands typed by users (adjustments, counts, transfers): checked against the catalogue,
 * made idempotent by the client's key, and applied by the product's object.
 */
import { and, eq } from "drizzle-orm";
import { AppError } from "../api/problem";
import { requireActiveLocation } from "../catalogue/locations";
import { getProduct } from "../catalogue/products";
import { database } from "../db/client";
import { commandKeys } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import type { Triple } from "./effects";
import { findLevelRow } from "./levels";
import { executeStockCommand } from "./product-stock-client";
import { fromScaled } from "./quantity";
import type { StockCommand } from "./stock-command";

export type CommandKind = "adjustment" | "count" | "transfer";

/**
 * Claims `key` for this exact request, company-wide. The same request again passes (a retry);
 * another request under the same key is refused, whichever product it names.
 */
async function claimIdempotencyKey(env: Env, companyId: string, kind: CommandKind, key: string, request: unknown) {
	const db = database(env.DB);
	const requestHash = await sha256Hex(`${kind}\n${JSON.stringify(request)}`);
	await db.insert(commandKeys).values({ companyId, key, kind, requestHash }).onConflictDoNothing();
	const claimed = await db.query.commandKeys.findFirst({
		where: and(eq(commandKeys.companyId, companyId), eq(commandKeys.key, key)),
	});
	if (claimed?.requestHash !== requestHash)
		throw new AppError(
			"idempotency_key_reused",
			`The idempotency key "${key}" was already used for a different request.`,
			[{ in: "body", field: "idempotencyKey", message: "already used for a different request" }],
		);
}

/** A user's command as the route states it; the service names its source from the key. */
export type UserCommand =
	| Omit<Extract<StockCommand, { type: "adjust" }>, "source">
	| Omit<Extract<StockCommand, { type: "count" }>, "source">
	| Omit<Extract<StockCommand, { type: "transfer" }>, "source">;

const KIND: Record<UserCommand["type"], CommandKind> = { adjust: "adjustment", count: "count", transfer: "transfer" };

/**
 * Runs one user stock command. Answers `created: false` when the key was already applied (the
 * result is then that of the first application).
 */
export async function runStockCommand(
	env: Env,
	companyId: string,
	request: { productId: string; idempotencyKey: string },
	command: UserCommand,
) {
	const db = database(env.DB);
	const kind = KIND[command.type];
	const locationIds =
		command.type === "transfer" ? [command.fromLocationId, command.toLocationId] : [command.locationId];
	await getProduct(db, companyId, request.productId);
	for (const id of locationIds) await requireActiveLocation(db, companyId, id);
	await claimIdempotencyKey(env, companyId, kind, request.idempotencyKey, request);
	const source = `${kind}:${request.idempotencyKey}`;
	const result = await executeStockCommand(env, { companyId, productId: request.productId }, { ...command, source });
	const levels = await Promise.all(
		result.levels.map(async (l) => {
			const row = await findLevelRow(db, companyId, request.productId, l.locationId);
			if (!row) throw new Error(`no level row for ${request.productId} at ${l.locationId}`);
			// The object's numbers are the truth as of this command; D1 adds the planning fields.
			return { ...row, ...decimalLevels(l) };
		}),
	);
	return {
		created: result.outcome === "applied",
		body: {
			movementId: result.movements[0]?.id ?? null,
			movementIds: result.movements.map((m) => m.id),
			levels,
		},
	};
}

function decimalLevels(l: Triple) {
	return {
		onHand: fromScaled(l.onHand),
		reserved: fromScaled(l.reserved),
		available: fromScaled(l.onHand - l.reserved),
		incoming: fromScaled(l.incoming),
	};
}

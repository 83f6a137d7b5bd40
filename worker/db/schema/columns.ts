/** Columns written the same way in many tables. Times are epoch milliseconds. */
import { integer, text } from "drizzle-orm/sqlite-core";

/** When the row was made; set by the Worker (not by SQL), so the column has no SQL default. */
export const createdAt = () =>
	integer("created_at", { mode: "number" })
		.notNull()
		.$defaultFn(() => Date.now());

/** When the row last changed: defaulted by the Worker on insert like `created_at`; each update sets it itself. */
export const updatedAt = () =>
	integer("updated_at", { mode: "number" })
		.notNull()
		.$defaultFn(() => Date.now());

/**
 * A request made once however often it is sent: the client's idempotency key (each table makes it
 * unique per company), the hash of the request first sent with it (another request under the same
 * key is refused: worker/core/idempotency.ts) and the answer to replay.
 */
export const idempotentRequest = () => ({
	idempotencyKey: text("idempotency_key").notNull(),
	requestHash: text("request_hash").notNull(),
	/** The JSON body of the first answer, replayed as is for the same key. */
	response: text("response"),
});

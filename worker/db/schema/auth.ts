/** Who may use a company's data: API tokens, the people who sign in with Intuit, their sessions. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { companyColumn } from "./companies";

/** Bearer API tokens; only the SHA-256 of the secret is kept. */
export const apiTokens = sqliteTable(
	"api_tokens",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		name: text("name").notNull(),
		role: text("role", { enum: ["owner", "member"] }).notNull(),
		tokenHash: text("token_hash").notNull(),
		createdAt: createdAt(),
		lastUsedAt: integer("last_used_at", { mode: "number" }),
		revokedAt: integer("revoked_at", { mode: "number" }),
	},
	(t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_company").on(t.companyId)],
);

/**
 * People who sign in with Intuit, per company: keyed on Intuit's OpenID `sub` (never the email,
 * which a user can change at Intuit). The user who connected QBO is the owner; others are members.
 */
export const users = sqliteTable(
	"users",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		intuitSub: text("intuit_sub").notNull(),
		email: text("email"),
		name: text("name"),
		role: text("role", { enum: ["owner", "member"] }).notNull(),
		createdAt: createdAt(),
		lastSignInAt: integer("last_sign_in_at", { mode: "number" }),
	},
	(t) => [uniqueIndex("users_company_sub").on(t.companyId, t.intuitSub)],
);

/** Signed-in sessions; the id is the SHA-256 of the cookie's secret, so a leaked table opens none. */
export const sessions = sqliteTable(
	"sessions",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		userId: text("user_id")
			.notNull()
			.references(() => users.id),
		createdAt: createdAt(),
		/** Sliding: pushed forward on use (at most once every few minutes), never past `created_at` + 7 days. */
		expiresAt: integer("expires_at", { mode: "number" }).notNull(),
		lastSeenAt: integer("last_seen_at", { mode: "number" }).notNull(),
	},
	(t) => [index("sessions_user").on(t.userId)],
);

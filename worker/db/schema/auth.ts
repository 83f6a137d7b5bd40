/**
 * Who may use a company's data: API tokens, the people who sign in with Intuit, their sessions, the
 * invitations that make people members, and embed tokens (kept so that they can be listed and revoked).
 * Roles and location limits: docs/app.md#roles-and-locations.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { companyColumn } from "./companies";

/** Least to most: a viewer reads, staff move stock at their locations, a manager runs the business, an owner everything. */
export const ROLES = ["viewer", "staff", "manager", "owner"] as const;
export type Role = (typeof ROLES)[number];

const roleColumn = () => text("role", { enum: ROLES }).notNull();

/** The locations a staff member, viewer or token is limited to (JSON array of ids); null: every location. */
const locationLimitColumn = () => text("location_ids", { mode: "json" }).$type<string[] | null>();

/** Bearer API tokens; only the SHA-256 of the secret is kept. */
export const apiTokens = sqliteTable(
	"api_tokens",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		name: text("name").notNull(),
		role: roleColumn(),
		locationIds: locationLimitColumn(),
		tokenHash: text("token_hash").notNull(),
		createdAt: createdAt(),
		lastUsedAt: integer("last_used_at", { mode: "number" }),
		revokedAt: integer("revoked_at", { mode: "number" }),
	},
	(t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_company").on(t.companyId)],
);

/**
 * People who sign in with Intuit, per company: keyed on Intuit's OpenID `sub` (never the email,
 * which a user can change at Intuit). The user who connected QBO is an owner; others come by invitation.
 */
export const users = sqliteTable(
	"users",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		intuitSub: text("intuit_sub").notNull(),
		email: text("email"),
		name: text("name"),
		role: roleColumn(),
		locationIds: locationLimitColumn(),
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

/**
 * Invitations: the owner names an email address, a role and locations; the link's secret (only its
 * SHA-256 kept) is good once, until it expires, for an Intuit account with that verified email.
 */
export const invites = sqliteTable(
	"invites",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		email: text("email").notNull(),
		role: roleColumn(),
		locationIds: locationLimitColumn(),
		tokenHash: text("token_hash").notNull(),
		createdBy: text("created_by").notNull(),
		createdAt: createdAt(),
		expiresAt: integer("expires_at", { mode: "number" }).notNull(),
		acceptedAt: integer("accepted_at", { mode: "number" }),
		/** The Intuit account (OpenID `sub`) that accepted it. */
		acceptedBy: text("accepted_by"),
		revokedAt: integer("revoked_at", { mode: "number" }),
	},
	(t) => [uniqueIndex("invites_hash").on(t.tokenHash), index("invites_company").on(t.companyId)],
);

/**
 * Embed tokens minted, by their `jti`: the token itself is a signed payload, so this row is what
 * lists it and what revokes it (checked at each use and by the live object).
 */
export const embedTokens = sqliteTable(
	"embed_tokens",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		label: text("label").notNull(),
		role: roleColumn(),
		scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
		origins: text("origins", { mode: "json" }).$type<string[]>().notNull(),
		locationIds: locationLimitColumn(),
		createdBy: text("created_by").notNull(),
		createdAt: createdAt(),
		expiresAt: integer("expires_at", { mode: "number" }).notNull(),
		revokedAt: integer("revoked_at", { mode: "number" }),
	},
	(t) => [index("embed_tokens_company").on(t.companyId, t.expiresAt)],
);

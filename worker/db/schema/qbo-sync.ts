/**
 * QuickBooks Online: each company's connection, the documents synced from it, what sync did with
 * each event, and the webhook deliveries that could not be read.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { locations } from "./catalogue";
import { updatedAt } from "./columns";
import { companyColumn } from "./companies";

/** The QBO connection of a company: one realm, tokens encrypted at rest (AES-GCM). */
export const qboConnections = sqliteTable(
	"qbo_connections",
	{
		companyId: companyColumn().primaryKey(),
		realmId: text("realm_id").notNull(),
		status: text("status", { enum: ["connected", "revoked", "disconnected"] }).notNull(),
		accessTokenEnc: text("access_token_enc"),
		refreshTokenEnc: text("refresh_token_enc"),
		accessExpiresAt: integer("access_expires_at", { mode: "number" }),
		refreshExpiresAt: integer("refresh_expires_at", { mode: "number" }),
		connectedAt: integer("connected_at", { mode: "number" }),
		version: integer("version").notNull().default(1),
		updatedAt: updatedAt(),
	},
	(t) => [uniqueIndex("qbo_connections_realm").on(t.realmId)],
);

/**
 * The stock-relevant copy of each QBO document: QBO keeps only an Id after a delete, so the lines
 * are kept here to undo the document's effects exactly.
 */
export const qboDocuments = sqliteTable(
	"qbo_documents",
	{
		companyId: companyColumn(),
		entityType: text("entity_type").notNull(),
		qboId: text("qbo_id").notNull(),
		syncToken: integer("sync_token").notNull(),
		status: text("status", { enum: ["active", "voided", "deleted"] }).notNull(),
		docNumber: text("doc_number"),
		locationId: text("location_id").references(() => locations.id),
		/** The document's stock lines as last applied: [{ productId, quantity }] (scaled). */
		lines: text("lines", { mode: "json" }).notNull().$type<{ productId: string; quantity: number }[]>(),
		/** QBO LinkedTxn, e.g. the estimate an invoice was made from: [{ txnType, txnId }]. */
		linked: text("linked", { mode: "json" }).$type<{ txnType: string; txnId: string }[]>(),
		updatedAt: updatedAt(),
	},
	(t) => [primaryKey({ columns: [t.companyId, t.entityType, t.qboId] })],
);

/** What sync did with each event, for the user (`GET /api/v1/sync/log`). */
export const syncLog = sqliteTable(
	"sync_log",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		source: text("source", { enum: ["webhook", "cdc", "import", "resync", "push"] }).notNull(),
		entity: text("entity").notNull(),
		entityId: text("entity_id").notNull(),
		operation: text("operation").notNull(),
		status: text("status", { enum: ["pending", "applied", "ignored", "failed", "dead"] }).notNull(),
		attempts: integer("attempts").notNull().default(0),
		error: text("error"),
		at: integer("at", { mode: "number" }).notNull(),
	},
	(t) => [index("sync_log_company_at").on(t.companyId, t.at, t.id)],
);

/**
 * Signed webhook deliveries that could not be understood: answered 200 (Intuit retries a 4xx
 * whole) and kept here, never silently dropped. They have no company: one that could not be read
 * may not say whose it is.
 */
export const deadLetters = sqliteTable(
	"dead_letters",
	{
		id: text("id").primaryKey(),
		receivedAt: integer("received_at", { mode: "number" }).notNull(),
		contentType: text("content_type"),
		body: text("body").notNull(),
		reason: text("reason").notNull(),
	},
	(t) => [index("dead_letters_received").on(t.receivedAt)],
);

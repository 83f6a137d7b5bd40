/**
 * The D1 schema: the single place where table shapes are written, one file per domain. drizzle-kit
 * turns it into `migrations/` (drizzle.config.ts reads this file); the types used by the Worker
 * come from it, and `import … from "../db/schema"` finds every table here.
 *
 * Quantities are scaled integers (×10 000, see worker/core/quantity.ts). Times are epoch
 * milliseconds. Every row carries `company_id` (companyColumn, ./companies.ts), and every query
 * filters on it.
 *
 * Every file is re-exported whole, so a table added to one is never missed by drizzle-kit; the
 * column helpers come along, and drizzle passes over what is not a table.
 */
export * from "./assemblies";
export * from "./audit";
export * from "./auth";
export * from "./catalogue";
export * from "./companies";
export * from "./purchasing";
export * from "./qbo-drift";
export * from "./qbo-sync";
export * from "./sales";
export * from "./stock";

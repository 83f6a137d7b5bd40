import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { companies } from "../db/schema";

/** Creates a company unless one with this id exists; answers whether it was created. */
export async function ensureCompany(db: Database, company: { id: string; name: string }): Promise<boolean> {
	const created = await db.insert(companies).values(company).onConflictDoNothing().returning({ id: companies.id });
	return created.length > 0;
}

export async function findCompany(db: Database, id: string) {
	return db.query.companies.findFirst({ where: eq(companies.id, id) });
}

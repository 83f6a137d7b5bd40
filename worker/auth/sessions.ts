/**
 * Signed-in users' sessions (sign-in with Intuit): the app's session cookie → the caller.
 * Placeholder until sign-in lands: no session is valid.
 */
import type { Context } from "hono";
import type { AppEnv } from "../api/router";
import type { Caller } from "./caller";

export async function findSessionCaller(_c: Context<AppEnv>): Promise<Caller | null> {
	return null;
}

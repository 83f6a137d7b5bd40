/**
 * Short-lived embed tokens (`sre_…`) for the grid embedded in another portal.
 * Placeholder until embedding lands: no embed token is valid.
 */
import type { Context } from "hono";
import type { AppEnv } from "../api/router";
import type { Caller } from "./caller";

export async function findEmbedCaller(_c: Context<AppEnv>, _token: string): Promise<Caller | null> {
	return null;
}

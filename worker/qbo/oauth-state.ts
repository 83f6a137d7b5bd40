/**
 * The OAuth `state`: which company asked to connect, until when, signed so that the public
 * callback can trust it (and so that a forged callback cannot attach a realm to a company).
 */
import { z } from "zod";
import { signPayload, verifyPayload } from "../lib/signed-payload";

const STATE_TTL_MS = 10 * 60 * 1000;
const PURPOSE = "oauth state";

const payloadSchema = z.object({ companyId: z.string(), nonce: z.string(), exp: z.number() });

export function signState(env: Env, companyId: string, now = Date.now()): Promise<string> {
	return signPayload(env, PURPOSE, { companyId, nonce: crypto.randomUUID(), exp: now + STATE_TTL_MS });
}

/** The company of a state we signed and that has not expired, or null. */
export async function verifyState(env: Env, state: string, now = Date.now()): Promise<string | null> {
	return (await verifyPayload(env, PURPOSE, state, payloadSchema, now))?.companyId ?? null;
}

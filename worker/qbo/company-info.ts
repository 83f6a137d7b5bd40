/**
 * One read of a QuickBooks company's CompanyInfo with an access token: whether QBO answered for that
 * company (the realm evidence, worker/qbo/realm-evidence.ts) and the company's name (a new Stockroom
 * company's, worker/auth/sign-in.ts).
 */
import { z } from "zod";

const MINOR_VERSION = "75";

const companyInfoSchema = z.object({ CompanyInfo: z.object({ CompanyName: z.string().min(1).max(200) }) });

/** `status`: QBO's HTTP status, null when it could not be reached; `companyName` when it answered one. */
export async function readCompanyInfo(
	env: Env,
	realmId: string,
	accessToken: string,
): Promise<{ status: number | null; companyName: string | null }> {
	const realm = encodeURIComponent(realmId);
	const response = await fetch(
		`${env.QBO_API_BASE}/v3/company/${realm}/companyinfo/${realm}?minorversion=${MINOR_VERSION}`,
		{ headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } },
	).catch(() => null);
	if (!response) return { status: null, companyName: null };
	if (!response.ok) {
		await response.body?.cancel();
		return { status: response.status, companyName: null };
	}
	const body = companyInfoSchema.safeParse(await response.json().catch(() => null));
	return { status: response.status, companyName: body.success ? body.data.CompanyInfo.CompanyName : null };
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 token68), or undefined. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

export function bearerToken(authorization: string | undefined): string | undefined {
	return authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
}

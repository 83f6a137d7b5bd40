/**
 * Intuit's OpenID Connect side ("Sign in with Intuit"), in memory: the people who use each company,
 * who is signed in at "Intuit" when the authorize endpoint auto-approves, ID tokens signed RS256
 * with a key pair made when first needed (published as a JWKS), and the userinfo claims.
 *
 * As at Intuit, the ID token carries only `iss`, `aud` (an array holding the client id), `sub`,
 * `iat`, `exp`, `auth_time`, `realmid` (when the accounting scope was granted) and the `nonce` the
 * client sent; the email, whether it is verified, and the names come from the userinfo endpoint
 * (`email`, `emailVerified`, `givenName`, `familyName`), by scope.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";

export type IntuitUser = {
	sub: string;
	email: string;
	emailVerified: boolean;
	givenName: string;
	familyName: string;
};

export const ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting";
const ID_TOKEN_TTL_SECONDS = 3600;

export function scopes(scope: string): Set<string> {
	return new Set(scope.split(/\s+/).filter(Boolean));
}

/** A UUID-shaped sub derived from a text: the same company always gets the same default user. */
function stableSub(seed: string): string {
	const hex = createHash("sha256").update(seed).digest("hex");
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The key pair of a private key, with the key id the JWKS publishes (derived from the public key). */
function withKid(privateKey: KeyObject): { kid: string; privateKey: KeyObject; publicKey: KeyObject } {
	const publicKey = createPublicKey(privateKey);
	const kid = createHash("sha256")
		.update(publicKey.export({ format: "der", type: "spki" }))
		.digest("base64url")
		.slice(0, 16);
	return { kid, privateKey, publicKey };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export type IdTokenInput = {
	issuer: string;
	clientId: string;
	sub: string;
	realmId: string | null;
	nonce: string | null;
	authTime: number;
};

/** The provider as JSON (sim/state-file.ts): the signing key as PKCS #8 PEM, once it was made. */
export type OpenIdState = { privateKey: string | null; users: IntuitUser[]; signedIn: [string, string][] };

export class OpenIdProvider {
	private readonly now: () => number;
	private keys: { kid: string; privateKey: KeyObject; publicKey: KeyObject } | undefined;
	/** Every person known to "Intuit", by sub. */
	private readonly users = new Map<string, IntuitUser>();
	/** Who approves the authorize requests for a company: its signed-in user. */
	private readonly signedIn = new Map<string, string>();

	constructor(now: () => number) {
		this.now = now;
	}

	private keyPair() {
		this.keys ??= withKid(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
		return this.keys;
	}

	toState(): OpenIdState {
		return {
			privateKey: this.keys ? String(this.keys.privateKey.export({ format: "pem", type: "pkcs8" })) : null,
			users: [...this.users.values()].map((user) => ({ ...user })),
			signedIn: [...this.signedIn],
		};
	}

	/** Replaces the users and the key with those of `state`: ID tokens already issued still verify. */
	restore(state: OpenIdState): void {
		this.keys = state.privateKey ? withKid(createPrivateKey(state.privateKey)) : undefined;
		this.reset();
		for (const user of state.users) this.users.set(user.sub, { ...user });
		for (const [realmId, sub] of state.signedIn) this.signedIn.set(realmId, sub);
	}

	/** The public keys the ID tokens verify with (`GET /op/v1/jwks`). */
	jwks(): { keys: Record<string, unknown>[] } {
		const { kid, publicKey } = this.keyPair();
		return { keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] };
	}

	/** Adds or updates a person. */
	saveUser(user: IntuitUser): IntuitUser {
		this.users.set(user.sub, { ...user });
		return { ...user };
	}

	user(sub: string): IntuitUser | undefined {
		const user = this.users.get(sub);
		return user ? { ...user } : undefined;
	}

	/** Makes `user` the one signed in at "Intuit" for the company: the next authorize approves as them. */
	signIn(realmId: string, user: IntuitUser): IntuitUser {
		const saved = this.saveUser(user);
		this.signedIn.set(realmId, saved.sub);
		return saved;
	}

	/** Who approves for the company now: the user last signed in, else the company's default user. */
	signedInUser(realmId: string): IntuitUser {
		const sub = this.signedIn.get(realmId);
		const user = sub ? this.users.get(sub) : undefined;
		if (user) return { ...user };
		return this.signIn(realmId, {
			sub: stableSub(`owner of ${realmId}`),
			email: `owner-${realmId}@example.com`,
			emailVerified: true,
			givenName: "Owner",
			familyName: realmId,
		});
	}

	/** A signed ID token (RS256, with the key of the JWKS). */
	idToken(input: IdTokenInput): string {
		const { kid, privateKey } = this.keyPair();
		const iat = Math.floor(this.now() / 1000);
		const claims: Record<string, unknown> = {
			sub: input.sub,
			aud: [input.clientId],
			...(input.realmId ? { realmid: input.realmId } : {}),
			auth_time: Math.floor(input.authTime / 1000),
			iss: input.issuer,
			exp: iat + ID_TOKEN_TTL_SECONDS,
			iat,
			...(input.nonce ? { nonce: input.nonce } : {}),
		};
		const signingInput = `${b64url(JSON.stringify({ alg: "RS256", kid, typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
		return `${signingInput}.${sign("sha256", Buffer.from(signingInput), privateKey).toString("base64url")}`;
	}

	/** The userinfo answer for `sub`, limited to what `scope` granted (Intuit's field names). */
	userinfo(sub: string, scope: string): Record<string, unknown> | undefined {
		const user = this.users.get(sub);
		if (!user) return undefined;
		const granted = scopes(scope);
		return {
			sub: user.sub,
			...(granted.has("email") ? { email: user.email, emailVerified: user.emailVerified } : {}),
			...(granted.has("profile") ? { givenName: user.givenName, familyName: user.familyName } : {}),
		};
	}

	/** Forgets users and who is signed in; the key pair stays (tokens already issued keep verifying). */
	reset(): void {
		this.users.clear();
		this.signedIn.clear();
	}
}

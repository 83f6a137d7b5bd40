export const WORKER_GZIP_LIMIT: number;
export function declaredSecrets(source: string): string[];
export function parseSecretList(output: string): string[];
export function missingSecrets(declared: readonly string[], set: readonly string[]): string[];
export function knowsHowToSet(name: string): boolean;
export function missingSecretsMessage(missing: readonly string[], declaredCount: number): string;
export function usesPlaceholderDatabase(wranglerToml: string): boolean;
export function measureModules(files: readonly { name: string; bytes: Uint8Array }[]): {
	modules: string[];
	raw: number;
	gzip: number;
};

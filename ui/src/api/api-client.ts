/**
 * The browser's client of /api/v1. In the app it rides on the session cookie (same origin); an
 * embedded grid passes its embed token, sent as a bearer token to the app's origin.
 */
import type { Page, Problem } from "./types";

export class ApiError extends Error {
	constructor(readonly problem: Problem) {
		super(problem.detail ?? problem.title);
		this.name = "ApiError";
	}
	get status(): number {
		return this.problem.status;
	}
	/** No answer came: the network is down or the server unreachable (ui/src/app/problems.ts words it; pages offer a retry). */
	get unreachable(): boolean {
		return this.problem.status === 0;
	}
}

export type ApiClientOptions = {
	/** The app's origin, e.g. "https://stockroom.example"; "" for the page's own origin. */
	baseUrl?: string;
	/** An embed or API token; without one the session cookie is used. */
	token?: string;
	fetch?: typeof fetch;
};

export class ApiClient {
	readonly baseUrl: string;
	readonly token: string | undefined;
	readonly #fetch: typeof fetch;

	constructor(options: ApiClientOptions = {}) {
		this.baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");
		this.token = options.token;
		this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
	}

	/** The URL of an API path, e.g. `url("/levels", { limit: 1000 })`. */
	url(path: string, query?: Record<string, string | number | boolean | undefined | null>): string {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(query ?? {}))
			if (value !== undefined && value !== null) params.set(key, String(value));
		const search = params.size > 0 ? `?${params}` : "";
		return `${this.baseUrl}/api/v1${path}${search}`;
	}

	get<T>(path: string, query?: Record<string, string | number | boolean | undefined | null>): Promise<T> {
		return this.request<T>("GET", this.url(path, query));
	}

	post<T>(path: string, body?: unknown): Promise<T> {
		return this.request<T>("POST", this.url(path), body);
	}

	patch<T>(path: string, body: unknown): Promise<T> {
		return this.request<T>("PATCH", this.url(path), body);
	}

	put<T>(path: string, body: unknown): Promise<T> {
		return this.request<T>("PUT", this.url(path), body);
	}

	delete<T>(path: string): Promise<T> {
		return this.request<T>("DELETE", this.url(path));
	}

	/** Every page of a list, following `nextCursor`; `onPage` sees each page as it arrives. */
	async all<T>(
		path: string,
		query: Record<string, string | number | boolean | undefined | null> = {},
		onPage?: (items: T[]) => void,
	): Promise<T[]> {
		const items: T[] = [];
		let cursor: string | null = null;
		do {
			const page: Page<T> = await this.get(path, { limit: 1000, ...query, cursor });
			items.push(...page.items);
			onPage?.(page.items);
			cursor = page.nextCursor;
		} while (cursor);
		return items;
	}

	async request<T>(method: string, url: string, body?: unknown): Promise<T> {
		const headers: Record<string, string> = { accept: "application/json" };
		if (this.token) headers.authorization = `Bearer ${this.token}`;
		if (body !== undefined) headers["content-type"] = "application/json";
		let response: Response;
		try {
			response = await this.#fetch(url, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
				credentials: this.token ? "omit" : "same-origin",
			});
		} catch (error) {
			// The browser's own words ("Failed to fetch", "Load failed") mean nothing to a person:
			// the error says what happened and keeps them as its cause, for the console.
			throw Object.assign(
				new ApiError({
					type: "about:blank",
					title: "Unreachable",
					status: 0,
					detail: "Stockroom can’t be reached. Check your connection.",
				}),
				{ cause: error },
			);
		}
		const text = await response.text();
		const json: unknown = text ? safeJson(text) : undefined;
		if (!response.ok) {
			const problem =
				json && typeof json === "object" && "status" in json
					? (json as Problem)
					: { type: "about:blank", title: response.statusText || "Request failed", status: response.status };
			throw new ApiError(problem);
		}
		return json as T;
	}
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

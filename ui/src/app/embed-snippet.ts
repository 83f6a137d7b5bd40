/**
 * The HTML an owner pastes into another portal to show the grid there, with a fresh embed token:
 * the web component (script + element) and the iframe variant. Pure, so that what is copied is
 * exactly what is tested.
 */

/** `&`, `<`, `>` and quotes escaped, for a value inside a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
	return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export type EmbedSnippets = { element: string; iframe: string };

/**
 * @example
 * embedSnippets("https://stockroom.example", "sre_…").element
 * // <script type="module" src="https://stockroom.example/embed.js"></script>
 * // <stockroom-grid base-url="https://stockroom.example" token="sre_…"></stockroom-grid>
 */
export function embedSnippets(origin: string, token: string): EmbedSnippets {
	const base = origin.replace(/\/+$/, "");
	const o = escapeAttribute(base);
	const frameSrc = `${base}/embed/grid?token=${encodeURIComponent(token)}`;
	return {
		element: `<script type="module" src="${o}/embed.js"></script>\n<stockroom-grid base-url="${o}" token="${escapeAttribute(token)}"></stockroom-grid>`,
		iframe: `<iframe src="${escapeAttribute(frameSrc)}" title="Stock" style="width: 100%; height: 600px; border: 0"></iframe>`,
	};
}

/** The origins typed one per line: trimmed, blank lines dropped, duplicates once, in order. */
export function parseOrigins(text: string): string[] {
	const origins: string[] = [];
	for (const line of text.split(/\r?\n/)) {
		const origin = line.trim().replace(/\/+$/, "");
		if (origin && !origins.includes(origin)) origins.push(origin);
	}
	return origins;
}

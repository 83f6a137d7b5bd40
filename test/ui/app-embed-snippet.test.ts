import { describe, expect, it } from "vitest";
import { embedSnippets, parseOrigins } from "../../ui/src/app/embed-snippet";

describe("the embed snippet an owner copies", () => {
	it("loads the script from the app's origin and configures the grid by attributes", () => {
		const { element } = embedSnippets("https://stock.example/", "sre_abc.def");
		expect(element).toBe(
			'<script type="module" src="https://stock.example/embed.js"></script>\n<stockroom-grid base-url="https://stock.example" token="sre_abc.def"></stockroom-grid>',
		);
	});

	it("offers the iframe variant with the token in its address", () => {
		const { iframe } = embedSnippets("http://localhost:8787", "sre_a+b/c=");
		expect(iframe).toContain('src="http://localhost:8787/embed/grid?token=sre_a%2Bb%2Fc%3D"');
		expect(iframe).toMatch(/^<iframe [^>]*title="Stock"[^>]*><\/iframe>$/);
	});

	it("cannot be broken out of its attributes by a strange token", () => {
		const { element } = embedSnippets("https://stock.example", 'x"><script>');
		expect(element).toContain('token="x&quot;&gt;&lt;script&gt;"');
	});
});

describe("allowed origins typed one per line", () => {
	it("keeps each origin once, trimmed, without blank lines or a trailing slash", () => {
		expect(parseOrigins(" https://a.example/\n\nhttps://b.example\r\nhttps://a.example\n")).toEqual([
			"https://a.example",
			"https://b.example",
		]);
	});
});

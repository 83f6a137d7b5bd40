/**
 * The iframe variant: `GET /embed/grid?token=…` answers a page holding the grid, framable only by
 * the token's origins; an invalid or expired token gets an error page no one may frame.
 */
import { describe, expect, it } from "vitest";
import { expiredToken, mintToken, PORTAL } from "./embed-fixtures";
import { apiClient, makeCompany } from "./helpers";

const frameAncestors = (csp: string | null) =>
	(csp ?? "")
		.split(";")
		.map((d) => d.trim())
		.find((d) => d.startsWith("frame-ancestors "))
		?.slice("frame-ancestors ".length)
		.split(" ");

describe("the embed page", () => {
	it("holds the grid with its token, framable by exactly the token's origins", async () => {
		const co = await makeCompany({ locations: 2 });
		const [first] = co.locationIds;
		const second = "http://localhost:5173";
		const { token } = await mintToken(co, { origins: [PORTAL, second], scopes: ["edit:reorder"] });
		const res = await apiClient(null).get(`/embed/grid?token=${encodeURIComponent(token)}&locations=${first}`);
		expect(res.status).toBe(200);
		expect(res.headers.get("content-type")).toMatch(/^text\/html/);
		expect(frameAncestors(res.headers.get("content-security-policy"))).toEqual([PORTAL, second]);
		expect(res.headers.get("x-frame-options")).toBeNull();
		expect(res.headers.get("cache-control")).toBe("no-store");
		const page = String(res.body);
		expect(page).toContain('<script type="module" src="/embed.js"></script>');
		expect(page).toMatch(new RegExp(`<stockroom-grid[^>]*token="${token.replaceAll(".", "\\.")}"`));
		expect(page).toContain(`locations="${first}"`);
		expect(page).not.toMatch(/<stockroom-grid[^>]*\breadonly\b/);
	});

	it("shows a read-only grid for a token that may only read", async () => {
		const co = await makeCompany();
		const { token } = await mintToken(co, { scopes: ["read"] });
		const res = await apiClient(null).get(`/embed/grid?token=${encodeURIComponent(token)}`);
		expect(res.status).toBe(200);
		expect(String(res.body)).toMatch(/<stockroom-grid[^>]*\breadonly\b/);
	});

	it("escapes what the query carries into the page", async () => {
		const co = await makeCompany();
		const { token } = await mintToken(co);
		const res = await apiClient(null).get(
			`/embed/grid?token=${encodeURIComponent(token)}&locations=${encodeURIComponent('"><script>alert(1)</script>')}`,
		);
		expect(res.status).toBe(200);
		expect(String(res.body)).not.toContain("<script>alert(1)");
	});

	it("refuses an invalid, expired or missing token with a page no one may frame", async () => {
		const co = await makeCompany();
		for (const token of ["sre_nope.nope", await expiredToken(co), co.token, ""]) {
			const res = await apiClient(null).get(`/embed/grid?token=${encodeURIComponent(token)}`);
			expect(res.status).toBe(401);
			expect(res.headers.get("content-type")).toMatch(/^text\/html/);
			expect(frameAncestors(res.headers.get("content-security-policy"))).toEqual(["'none'"]);
			expect(String(res.body)).not.toContain("stockroom-grid");
		}
		expect((await apiClient(null).get("/embed/grid")).status).toBe(401);
	});

	it("leaves the app's other pages unframable", async () => {
		const res = await apiClient(null).get("/health");
		expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
	});
});

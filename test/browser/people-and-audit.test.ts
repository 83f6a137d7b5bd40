/**
 * Who may do what, in the app: an owner invites someone (the link shown once, copied) and revokes
 * the invitation, changes a member's role and locations, and cannot demote the company's last owner
 * (ui/src/app/pages/members-page.ts, invites-panel.ts); gives an API token a role and locations and
 * revokes an embed token (tokens-page.ts); reads it all in the audit trail (audit-page.ts). A viewer
 * sees neither the owners' and managers' pages nor any form that changes stock (role-access.ts).
 * Each test but the viewer's makes a company of its own, so that its owner is the only one.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { settle } from "../e2e/stack.ts";
import { apiAs, browserStack, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { openApp, waitForRows } from "./grid-page.ts";

const chromium = useChromium();
/** A product of the demo company no other browser test moves. */
const SKU = "SKU-00020";

type Company = { companyId: string; token: string; locationIds: string[] };
type Member = { id: string; role: string; locationIds: string[] | null };

/** A fresh company with these locations and an owner token (development route). */
async function newCompany(locations: string[]): Promise<Company> {
	const response = await fetch(`${browserStack().app}/dev/companies`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ locations }),
	});
	if (!response.ok) throw new Error(`POST /dev/companies → ${response.status} ${await response.text()}`);
	return (await response.json()) as Company;
}

/** Makes someone a member of the company with this role, as an accepted invitation would (development route). */
async function addMember(companyId: string, role: string): Promise<Member> {
	const query = new URLSearchParams({ companyId, role });
	const response = await fetch(`${browserStack().app}/dev/session?${query}`, { method: "POST" });
	if (!response.ok) throw new Error(`POST /dev/session → ${response.status} ${await response.text()}`);
	return ((await response.json()) as { user: Member }).user;
}

/** A page signed in as the company's owner, every confirm() answered yes. */
async function ownerPage(companyId: string, next: string): Promise<Page> {
	const page = await chromium.newPage();
	page.on("dialog", (dialog) => void dialog.accept());
	await openApp(page, { companyId, next });
	return page;
}

describe("members and invitations", () => {
	it("invites someone with a link shown once, revokes it, changes a member's role and locations, and keeps the last owner", async () => {
		const company = await newCompany(["Warehouse", "Shop"]);
		const api = apiAs(company.token);
		const viewer = await addMember(company.companyId, "viewer");
		const page = await ownerPage(company.companyId, "/#/members");
		const rows = page.locator('[data-table="members"] tr[data-member-id]');
		await rows.nth(1).waitFor();
		const me = page.locator('[data-table="members"] tr[data-member-id][data-role="owner"]');
		expect(await me.locator("th").textContent()).toContain("you");

		// The invitation: its link once, copied as it is, and its rules said.
		const form = page.locator('[data-form="invite"]');
		await form.locator("#invite-email").fill("sam@example.com");
		await form.locator("#invite-role").selectOption("staff");
		await form.locator('[data-field="locations"] label', { hasText: "Shop" }).locator("input").check();
		await form.locator('button[type="submit"]').click();
		const link = page.locator("#invite-link");
		await link.waitFor();
		expect(await link.inputValue()).toMatch(/\/auth\/invite\/[^/]+$/);
		expect(await page.locator('[data-secret="invite-link"]').textContent()).toContain(
			"It works once, for 7 days, and only for the Intuit account whose verified email is sam@example.com.",
		);
		await page.locator('[data-action="copy-invite-link"]').click();
		expect(await page.evaluate("navigator.clipboard.readText()")).toBe(await link.inputValue());
		const invite = page.locator('[data-table="invites"] tr[data-invite-id]', { hasText: "sam@example.com" });
		expect(await invite.locator('td[data-role="staff"]').textContent()).toBe("Staff");
		expect(await invite.locator("td").nth(1).textContent()).toBe("Shop");

		await invite.locator('[data-action="revoke-invite"]').click();
		await invite.waitFor({ state: "detached" });
		expect((await api.get<{ items: unknown[] }>("/invites")).items).toEqual([]);

		// The viewer becomes staff at the warehouse only.
		const row = page.locator(`[data-table="members"] tr[data-member-id="${viewer.id}"]`);
		await row.locator('[data-action="change"]').click();
		await page.locator(`#member-role-${viewer.id}`).selectOption("staff");
		const editor = page.locator(`tr[data-editing="${viewer.id}"]`);
		await editor.locator('[data-field="locations"] label', { hasText: "Warehouse" }).locator("input").check();
		await editor.locator('button[type="submit"]').click();
		await page.locator(`[data-table="members"] tr[data-member-id="${viewer.id}"][data-role="staff"]`).waitFor();
		expect(await row.locator("td").nth(2).textContent()).toBe("Warehouse");
		const members = await api.get<{ items: Member[] }>("/members");
		expect(members.items.find((m) => m.id === viewer.id)).toMatchObject({
			role: "staff",
			locationIds: [company.locationIds[0]],
		});

		// The only owner may not make themselves a manager: the API's 409, said at the row.
		await me.locator('[data-action="change"]').click();
		const myId = await me.getAttribute("data-member-id");
		await page.locator(`#member-role-${myId}`).selectOption("manager");
		await page.locator(`tr[data-editing="${myId}"] button[type="submit"]`).click();
		expect(await page.locator(`tr[data-editing="${myId}"] .form-status.error`).textContent()).toBe(
			"This is the company’s last owner: make someone else an owner first.",
		);
		expect((await api.get<{ items: Member[] }>("/members")).items.find((m) => m.id === myId)?.role).toBe("owner");
	});
});

describe("tokens and the audit trail", () => {
	it("gives an API token a role and a location, lists and revokes an embed token, and finds both in the audit trail", async () => {
		const company = await newCompany(["Warehouse", "Shop"]);
		const api = apiAs(company.token);
		const page = await ownerPage(company.companyId, "/#/tokens");

		const create = page.locator('[data-form="create-token"]');
		await create.locator("#token-name").fill("Shop scanner");
		await create.locator("#token-role").selectOption("staff");
		await create.locator('[data-field="locations"] label', { hasText: "Shop" }).locator("input").check();
		await create.locator('button[type="submit"]').click();
		await page.locator('[data-secret="api-token"]').waitFor();
		const token = page.locator('[data-table="tokens"] tr', { hasText: "Shop scanner" });
		expect(await token.locator('td[data-role="staff"]').textContent()).toBe("Staff");
		expect(await token.locator("td").nth(1).textContent()).toBe("Shop");

		const embed = page.locator('[data-form="embed-token"]');
		await embed.locator("#embed-label").fill("Partner portal");
		await embed.locator("#embed-origins").fill("https://portal.example.com");
		await embed.locator('button[type="submit"]').click();
		await page.locator('[data-secret="embed-token"]').waitFor();
		const listed = page.locator('[data-table="embed-tokens"] tr[data-embed-token-id]', { hasText: "Partner portal" });
		expect(await listed.locator('td[data-role="viewer"]').textContent()).toBe("Viewer");
		expect(await listed.textContent()).toContain("https://portal.example.com");
		await listed.locator('[data-action="revoke-embed"]').click();
		await listed.waitFor({ state: "detached" });
		expect(await page.locator('[data-secret="embed-token"]').count()).toBe(0);
		expect((await api.get<{ items: unknown[] }>("/embed-tokens")).items).toEqual([]);

		// The trail, filtered to API tokens' actions: the token made above, its fields in the details.
		await page.locator('a[data-nav="audit"]').click();
		await page.locator('[data-table="audit"] tr[data-audit-id]').first().waitFor();
		expect(await page.locator('[data-audit-action="embed_token.revoked"]').count()).toBe(1);
		await page.locator("#audit-action").fill("api_token.");
		await page.locator('[data-form="audit-filters"] button[type="submit"]').click();
		const actions = await settle(
			() =>
				page.locator("[data-audit-action]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-audit-action"))),
			(found) => found.length > 0 && found.every((a) => a === "api_token.created"),
		);
		expect(actions).toEqual(["api_token.created"]);
		const entry = page.locator('[data-audit-action="api_token.created"]');
		expect(await entry.textContent()).toContain("API token created");
		await entry.locator('[data-action="toggle-detail"]').click();
		expect(await page.locator("[data-detail]").textContent()).toContain("Shop scanner");
	});
});

describe("a viewer", () => {
	it("reads stock without the owners' and managers' pages, the grid's editing or the stock forms", async () => {
		const { app, companyId } = browserStack();
		const page = await chromium.newPage();
		const query = new URLSearchParams({ companyId, role: "viewer", next: "/#/stock" });
		await page.goto(`${app}/dev/session?${query}`);
		await waitForRows(page);
		const nav = await page.locator("a[data-nav]").evaluateAll((links) => links.map((a) => a.getAttribute("data-nav")));
		expect(nav).toEqual(["start", "stock", "lots", "orders", "purchases", "locations", "settings"]);
		expect(await page.locator("stockroom-grid").getAttribute("readonly")).not.toBeNull();
		expect(await page.locator('[data-action="import-csv"]').count()).toBe(0);

		// A product's page: its levels and ledger, saying who made each movement, but no stock forms.
		const owner = apiAs(await demoToken());
		const warehouse = await owner.location("Warehouse");
		const level = await owner.level(SKU, warehouse.id);
		const adjusted = await owner.post<{ movementId: string }>("/adjustments", {
			productId: level.productId,
			locationId: warehouse.id,
			quantity: 1,
			reason: "viewer test",
			idempotencyKey: crypto.randomUUID(),
		});
		await page.goto(`${app}/#/products/${level.productId}`);
		const movement = page.locator(`[data-table="ledger"] tr[data-movement-id="${adjusted.movementId}"]`);
		await movement.waitFor();
		expect(await movement.locator('td[data-by="api_token"]').textContent()).toBe("dev token");
		expect(await page.locator('[data-form="adjust"], [data-form="transfer"]').count()).toBe(0);

		// A link to an owner's page says it is not for this role.
		await page.goto(`${app}/#/members`);
		await page.locator('[data-page="forbidden"]').waitFor();
		expect(await page.locator('[data-page="forbidden"] h1').textContent()).toBe("Not for your role");
	});
});

/// <reference types="vite/client" />
/**
 * The audit page says each action in words (ui/src/app/pages/audit-page.messages.ts, `action_*`):
 * every action the Worker records — in its access table and where signing in and connecting record
 * theirs — has them, so that a new action does not show up as its code alone. Read from the
 * Worker's sources as text: the UI shares no code with it.
 */
import { describe, expect, it } from "vitest";
import { ACTION_PREFIXES } from "../../ui/src/app/audit-query";
import { auditPageMessages } from "../../ui/src/app/pages/audit-page.messages";

const sources = import.meta.glob<string>(["../../worker/**/*.ts", "!**/*.test.ts"], {
	query: "?raw",
	import: "default",
	eager: true,
});

/** `change("staff", …, "stock.adjusted", …)` in the access table, `action: "qbo.connected"` elsewhere. */
function recordedActions(): string[] {
	const actions = new Set<string>();
	for (const [path, text] of Object.entries(sources)) {
		const pattern = path.endsWith("worker/api/access-rules.ts")
			? /"([a-z_]+\.[a-z_]+)"/g
			: /\baction: "([a-z_]+\.[a-z_]+)"/g;
		for (const match of text.matchAll(pattern)) if (match[1]) actions.add(match[1]);
	}
	return [...actions].sort();
}

describe("the audit page's words for actions", () => {
	const actions = recordedActions();

	it("finds the actions the Worker records", () => {
		// Far fewer would mean the search above no longer sees them.
		expect(actions.length).toBeGreaterThanOrEqual(25);
		expect(actions).toContain("stock.adjusted");
		expect(actions).toContain("qbo.connected");
	});

	it.each(actions)("has words for %s", (action) => {
		expect(Object.keys(auditPageMessages.catalogue.en)).toContain(`action_${action.replaceAll(".", "_")}`);
	});

	it("suggests the start of every action in the filter", () => {
		const starts = new Set(actions.map((action) => `${action.split(".")[0]}.`));
		expect([...starts].filter((start) => !(ACTION_PREFIXES as readonly string[]).includes(start))).toEqual([]);
	});
});

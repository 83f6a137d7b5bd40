import { describe, expect, it } from "vitest";
import { actorLabel } from "../../ui/src/app/actor-label";

describe("who made a change, as the ledger and the audit trail say it", () => {
	it("names a person or a token by its label", () => {
		expect(actorLabel({ kind: "user", label: "Alex Martin" })).toBe("Alex Martin");
		expect(actorLabel({ kind: "api_token", label: "Nightly import" })).toBe("Nightly import");
		expect(actorLabel({ kind: "embed", label: "https://portal.example.com" })).toBe("https://portal.example.com");
	});

	it("says QuickBooks for what came from QuickBooks, whatever its label", () => {
		expect(actorLabel({ kind: "qbo", label: "" })).toBe("QuickBooks");
	});

	it("shows a dash when the trail does not know", () => {
		expect(actorLabel(null)).toBe("—");
		expect(actorLabel({ kind: "user", label: "  " })).toBe("—");
	});
});

import { describe, expect, it } from "vitest";

describe("sim project", () => {
	it("runs on Node", () => {
		expect(typeof process.versions.node).toBe("string");
	});
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromScaled, quantitySchema, toScaled } from "../../worker/core/quantity";

describe("quantities at the API edge", () => {
	it("accepts up to 4 decimals and round-trips them exactly through scaled integers", () => {
		fc.assert(
			fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), (scaled) => {
				const decimal = fromScaled(scaled);
				expect(quantitySchema.safeParse(decimal).success).toBe(true);
				expect(toScaled(decimal)).toBe(scaled);
			}),
			{ seed: 42, numRuns: 2_000 },
		);
	});

	it.each([
		[0.12345, "must have at most 4 decimals"],
		[0.1 + 0.2, "must have at most 4 decimals"],
		[1e-7, "must have at most 4 decimals"],
		[Number.NaN, "expected number"],
		[Number.POSITIVE_INFINITY, "expected number"],
		[2e9, "must be between"],
	])("refuses %s", (value, message) => {
		const parsed = quantitySchema.safeParse(value);
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues.map((i) => i.message).join(" ")).toContain(message);
	});

	it("refuses strings, even numeric ones", () => {
		expect(quantitySchema.safeParse("5").success).toBe(false);
	});
});

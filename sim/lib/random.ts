/**
 * A seeded pseudo-random generator (mulberry32), so that fault injection and generated companies are
 * reproducible: the same seed and the same sequence of requests give the same decisions.
 */
export type Random = {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max]. */
	int(min: number, max: number): number;
	/** Re-seeds in place; everything holding this generator follows. */
	reseed(seed: string | number): void;
};

function hashSeed(seed: string | number): number {
	const text = String(seed);
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 16777619);
	}
	return h >>> 0;
}

export function createRandom(seed: string | number): Random {
	let state = hashSeed(seed);
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		reseed: (seed) => {
			state = hashSeed(seed);
		},
	};
}

/** Splits `items` into runs of at most `size` (D1 binds at most 100 parameters per statement). */
export function chunk<T>(items: T[], size: number): T[][] {
	const parts: T[][] = [];
	for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
	return parts;
}

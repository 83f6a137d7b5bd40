/**
 * Line Ids are per document ("1", "2", …). A line sent back with its Id keeps it (that is how a client
 * edits a line); new lines, and lines whose Id is already taken in this request, get the next free one.
 */
import { asArray, asObject, asString, type Json } from "../lib/json.ts";

export type LineIds = { take(requested: unknown): string };

function collect(lines: Json[] | undefined, into: number[]): void {
	for (const line of lines ?? []) {
		const object = asObject(line);
		const id = Number(asString(object?.Id));
		if (Number.isInteger(id)) into.push(id);
		collect(asArray(asObject(object?.GroupLineDetail)?.Line), into);
	}
}

export function lineIds(previous: unknown, requested: unknown): LineIds {
	const seen: number[] = [];
	collect(asArray(previous), seen);
	collect(asArray(requested), seen);
	let next = Math.max(0, ...seen) + 1;
	const used = new Set<string>();
	return {
		take(requestedId) {
			const id = asString(requestedId);
			if (id !== undefined && !used.has(id)) {
				used.add(id);
				return id;
			}
			const fresh = String(next++);
			used.add(fresh);
			return fresh;
		},
	};
}

/**
 * A small, obviously-correct model of one product's stock, written independently of the product
 * object: a map of sources to effects, levels as their sum. The property test runs the same
 * commands through both and compares.
 */
import type { CommandOutcome, StockCommand } from "../../worker/stock/stock-command";

type Effect = { locationId: string; onHand: number; reserved: number; incoming: number };

export class ReferenceModel {
	private readonly effects = new Map<string, Effect & { version: number; deleted: boolean }>();
	private readonly oneOffs = new Set<string>();

	apply(command: StockCommand): CommandOutcome {
		switch (command.type) {
			case "set": {
				const stored = this.effects.get(command.source);
				if (stored?.deleted) return "deleted";
				if (stored && stored.version >= command.version) return "stale";
				this.effects.set(command.source, {
					locationId: command.locationId,
					...command.effect,
					version: command.version,
					deleted: false,
				});
				return "applied";
			}
			case "delete": {
				const stored = this.effects.get(command.source);
				if (stored?.deleted) return "deleted";
				this.effects.set(command.source, {
					locationId: stored?.locationId ?? "",
					onHand: 0,
					reserved: 0,
					incoming: 0,
					version: Number.POSITIVE_INFINITY,
					deleted: true,
				});
				return "applied";
			}
			case "adjust":
				return this.oneOff(command.source, [
					{ source: command.source, locationId: command.locationId, onHand: command.quantity },
				]);
			case "count":
				return this.oneOff(command.source, [
					{
						source: command.source,
						locationId: command.locationId,
						onHand: command.onHand - (this.levels().get(command.locationId)?.onHand ?? 0),
					},
				]);
			case "assign":
			case "repick":
				// Lots only: no level changes (test/worker/lots-reference-model.ts follows the lots).
				if (this.oneOffs.has(command.source)) return "duplicate";
				this.oneOffs.add(command.source);
				return "applied";
			case "transfer":
				return this.oneOff(command.source, [
					{ source: `${command.source}:from`, locationId: command.fromLocationId, onHand: -command.quantity },
					{ source: `${command.source}:to`, locationId: command.toLocationId, onHand: command.quantity },
				]);
		}
	}

	/** Σ effects per location (locations never touched are absent). */
	levels(): Map<string, { onHand: number; reserved: number; incoming: number }> {
		const sums = new Map<string, { onHand: number; reserved: number; incoming: number }>();
		for (const e of this.effects.values()) {
			if (e.deleted) continue;
			const sum = sums.get(e.locationId) ?? { onHand: 0, reserved: 0, incoming: 0 };
			sum.onHand += e.onHand;
			sum.reserved += e.reserved;
			sum.incoming += e.incoming;
			sums.set(e.locationId, sum);
		}
		return sums;
	}

	private oneOff(
		commandSource: string,
		legs: { source: string; locationId: string; onHand: number }[],
	): CommandOutcome {
		if (this.oneOffs.has(commandSource)) return "duplicate";
		this.oneOffs.add(commandSource);
		for (const leg of legs)
			this.effects.set(leg.source, {
				locationId: leg.locationId,
				onHand: leg.onHand,
				reserved: 0,
				incoming: 0,
				version: 1,
				deleted: false,
			});
		return "applied";
	}
}

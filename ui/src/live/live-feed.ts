/**
 * Live level changes from the company's live object over a WebSocket.
 * Placeholder until live updates land: never connects.
 */
import type { ApiClient } from "../api/api-client";
import type { LevelChange } from "../api/types";

export type LiveStatus = "connecting" | "live" | "offline";

export type LiveHandlers = {
	/** Levels that changed (from webhooks, other users, this user's own saves). */
	onLevels(changes: LevelChange[]): void;
	onStatus?(status: LiveStatus): void;
};

export class LiveFeed {
	constructor(
		readonly api: ApiClient,
		readonly handlers: LiveHandlers,
	) {}

	start(): void {
		this.handlers.onStatus?.("offline");
	}

	stop(): void {}
}

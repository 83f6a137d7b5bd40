/**
 * What `<stockroom-grid>` hands its controllers (grid-viewport, grid-editing, grid-loader,
 * grid-clipboard, grid-pointer) and its key handler (grid-keyboard): the element as a controller
 * host, the shared model (grid-model.ts), and the few services of the element itself. A context and
 * not the element: these stay out of its public API.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../api/api-client";
import type { GridEditing } from "./grid-editing";
import type { GridModel } from "./grid-model";
import type { GridViewport } from "./grid-viewport";

/** A line of the status bar. */
export type Status = { text: string; error?: boolean };

/** What the controllers read of the element. */
export type GridHost = ReactiveControllerHost &
	HTMLElement & {
		readonly hasUpdated: boolean;
		readonly renderRoot: HTMLElement | DocumentFragment;
		readonly readonly: boolean;
		readonly noLive: boolean;
	};

export type GridContext = {
	host: GridHost;
	model: GridModel;
	/** The API client: the `api` property's, else one for `base-url` and `token`. */
	client(): ApiClient | undefined;
	/** What the last user action did (pasted, copied…), on the status line. */
	setStatus(status: Status): void;
	/** Dispatches one of the element's public events (bubbles, composed). */
	emit(type: string, detail: unknown): void;
};

/** A controller that acts on cells: it moves the selection (viewport) and must know of an edit in progress (editing). */
export abstract class CellController implements ReactiveController {
	constructor(
		readonly ctx: GridContext,
		readonly viewport: GridViewport,
		readonly editing: GridEditing,
	) {
		ctx.host.addController(this);
	}

	abstract hostConnected(): void;
	abstract hostDisconnected(): void;
}

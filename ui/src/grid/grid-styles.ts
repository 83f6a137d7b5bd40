/** The grid's styles; themable through `--stockroom-*` custom properties and `::part`. */
import { css } from "lit";

export const gridStyles = css`
	:host {
		--_font: var(--stockroom-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
		--_accent: var(--stockroom-accent, #2563eb);
		--_row: var(--stockroom-row-height, 32px);
		--_negative: var(--stockroom-negative, #b91c1c);
		--_negative-bg: var(--stockroom-negative-bg, #fde8e8);
		--_warning: var(--stockroom-warning, #92400e);
		--_warning-bg: var(--stockroom-warning-bg, #fef3c7);
		--_border: var(--stockroom-border, #d9dde3);
		--_header-bg: var(--stockroom-header-bg, #f3f5f8);
		--_bg: var(--stockroom-bg, #fff);
		--_text: var(--stockroom-text, #1f2328);
		--_muted: var(--stockroom-muted, #5b6472);
		--_selection: var(--stockroom-selection, rgba(37, 99, 235, 0.12));
		--_flash: var(--stockroom-flash, #fff3a3);
		--_error: var(--stockroom-error, #b91c1c);
		--_conflict: var(--stockroom-conflict, #a16207);
		display: block;
		position: relative;
		height: var(--stockroom-height, 600px);
		min-height: 200px;
		font-family: var(--_font);
		font-size: 14px;
		color: var(--_text);
		background: var(--_bg);
		border: 1px solid var(--_border);
		box-sizing: border-box;
		contain: content;
	}
	* {
		box-sizing: border-box;
	}
	/*
	 * The layout hangs on a frame that fills the host, not on the host's own display: a page that
	 * styles the element (display: block, flex: 1…) must not undo the one scroll container.
	 */
	.frame {
		position: absolute;
		inset: 0;
		display: flex;
		flex-direction: column;
		overflow: hidden;
	}
	[part="toolbar"] {
		display: flex;
		flex-wrap: wrap;
		align-items: center;
		gap: 8px 12px;
		padding: 8px;
		border-bottom: 1px solid var(--_border);
		background: var(--_bg);
	}
	[part="filter"] {
		font: inherit;
		padding: 4px 8px;
		min-width: 14em;
		border: 1px solid var(--_border);
		border-radius: 4px;
	}
	label.check {
		display: inline-flex;
		align-items: center;
		gap: 4px;
		white-space: nowrap;
	}
	button {
		font: inherit;
		padding: 4px 10px;
		border: 1px solid var(--_border);
		border-radius: 4px;
		background: var(--_header-bg);
		color: inherit;
		cursor: pointer;
	}
	button:disabled {
		opacity: 0.5;
		cursor: default;
	}
	button:focus-visible,
	input:focus-visible {
		outline: 2px solid var(--_accent);
		outline-offset: 1px;
	}
	.menu-wrap {
		position: relative;
	}
	.menu {
		position: absolute;
		z-index: 10;
		top: calc(100% + 4px);
		left: 0;
		min-width: 12em;
		padding: 6px 8px;
		display: flex;
		flex-direction: column;
		gap: 4px;
		background: var(--_bg);
		border: 1px solid var(--_border);
		border-radius: 4px;
		box-shadow: 0 4px 12px rgba(0, 0, 0, 0.12);
	}
	.spacer {
		flex: 1;
	}
	[part="live"] {
		font-size: 12px;
		color: var(--_muted);
		display: inline-flex;
		align-items: center;
		gap: 4px;
	}
	[part="live"]::before {
		content: "";
		width: 8px;
		height: 8px;
		border-radius: 50%;
		background: #9ca3af;
	}
	[part="live"][data-live="live"]::before {
		background: #16a34a;
	}
	[part="live"][data-live="connecting"]::before {
		background: #f59e0b;
	}
	[part="grid"] {
		position: relative;
		flex: 1;
		min-height: 0;
		overflow: auto;
		outline: none;
		overscroll-behavior: contain;
		-webkit-overflow-scrolling: touch;
		touch-action: pan-x pan-y;
		user-select: none;
		-webkit-user-select: none;
	}
	.canvas {
		position: relative;
	}
	[part~="header"] {
		position: sticky;
		top: 0;
		z-index: 3;
	}
	.row {
		display: flex;
		height: var(--_row);
		position: absolute;
		left: 0;
		top: 0;
		contain: layout style;
	}
	[part~="header"] .row {
		position: relative;
	}
	.cell,
	.hcell {
		flex: none;
		height: var(--_row);
		line-height: calc(var(--_row) - 1px);
		padding: 0 6px;
		border-right: 1px solid var(--_border);
		border-bottom: 1px solid var(--_border);
		background: var(--_bg);
		white-space: nowrap;
		overflow: hidden;
		text-overflow: ellipsis;
	}
	.hcell {
		background: var(--_header-bg);
		font-weight: 600;
		font-size: 12px;
		color: var(--_muted);
	}
	.hcell.group {
		/* clip, not hidden: a hidden overflow would be the sticky label's scroll container. */
		overflow: clip;
		color: var(--_text);
		border-left: 1px solid var(--_border);
		margin-left: -1px;
	}
	/* A group's name stays in view while its columns scroll under the frozen ones. */
	.group-label {
		position: sticky;
	}
	/*
	 * A column's header wraps onto a second line rather than cut its words: a French « Seuil de
	 * réappro. » is wider than its column. Two 14 px lines fit the 32 px header row.
	 */
	.hcell[data-field] {
		cursor: pointer;
		display: flex;
		align-items: center;
		white-space: normal;
		line-height: 14px;
	}
	.hcell.num[data-field] {
		justify-content: flex-end;
	}
	.hcell[data-field]:hover {
		color: var(--_text);
	}
	.hcell.num {
		text-align: right;
	}
	.hcell .arrow {
		font-size: 10px;
	}
	.frozen {
		position: sticky;
		z-index: 1;
	}
	.last-frozen {
		box-shadow: 2px 0 0 rgba(0, 0, 0, 0.06);
	}
	.gap {
		flex: none;
	}
	.cell.num {
		text-align: right;
		font-variant-numeric: tabular-nums;
	}
	.cell.link {
		color: var(--_accent);
		cursor: pointer;
	}
	/* What can be typed into (reorder point, reorder quantity, bin) looks it, apart from what is computed. */
	.cell[data-editable] {
		cursor: cell;
		background: color-mix(in srgb, var(--_accent) 5%, var(--_bg));
		box-shadow: inset 0 -2px 0 color-mix(in srgb, var(--_accent) 25%, transparent);
	}
	/* A narrow grid's SKU cell: the SKU, and the product's name under it, smaller (its data-name). */
	.cell.stacked {
		line-height: 1.15;
		padding-top: 2px;
	}
	.cell.stacked::after {
		content: attr(data-name);
		display: block;
		overflow: hidden;
		text-overflow: ellipsis;
		font-size: 11px;
		color: var(--_muted);
	}
	.cell[data-location-id="total"] {
		background: color-mix(in srgb, var(--_header-bg) 45%, var(--_bg));
	}
	.cell.negative {
		color: var(--_negative);
		background: var(--_negative-bg);
		font-weight: 600;
	}
	.cell.warning {
		color: var(--_warning);
		background: var(--_warning-bg);
	}
	.cell.not-stocked {
		color: var(--_muted);
	}
	/* A tracked product's ▸ / ▾ (grid-lots.ts), and its lots' read-only rows under it. */
	.lot-toggle {
		display: inline-block;
		width: 1.25em;
		margin-left: -2px;
		color: var(--_muted);
		cursor: pointer;
		text-align: center;
	}
	.lot-toggle::before {
		content: "▸";
	}
	.lot-toggle[data-open]::before {
		content: "▾";
	}
	.lot-toggle:hover {
		color: var(--_accent);
	}
	.cell.lot-cell {
		color: var(--_muted);
		background: color-mix(in srgb, var(--_header-bg) 30%, var(--_bg));
		font-size: 13px;
	}
	.cell.lot-cell[data-field="sku"] {
		padding-left: 22px;
	}
	.lot-row[data-expiry="expired"] .cell.lot-cell[data-field="name"],
	.lot-row[data-expiry="expired"] .cell.lot-cell[data-field="sku"] {
		color: var(--_negative);
		font-weight: 600;
	}
	.lot-row[data-expiry="expiring"] .cell.lot-cell[data-field="name"],
	.lot-row[data-expiry="expiring"] .cell.lot-cell[data-field="sku"] {
		color: var(--_warning);
		font-weight: 600;
	}
	.cell[aria-selected="true"] {
		background-image: linear-gradient(var(--_selection), var(--_selection));
	}
	.cell.active,
	.hcell.active {
		outline: 2px solid var(--_accent);
		outline-offset: -2px;
	}
	[part="grid"]:not(:focus) .cell.active,
	[part="grid"]:not(:focus) .hcell.active {
		outline-color: color-mix(in srgb, var(--_accent) 45%, transparent);
	}
	.cell[data-state="saving"] {
		color: var(--_muted);
		font-style: italic;
	}
	.cell[data-state="error"] {
		box-shadow: inset 0 0 0 2px var(--_error);
		color: var(--_error);
	}
	.cell[data-state="conflict"] {
		box-shadow: inset 0 0 0 2px var(--_conflict);
		background-image: linear-gradient(rgba(161, 98, 7, 0.1), rgba(161, 98, 7, 0.1));
	}
	.cell[data-flash] {
		animation: flash 1s ease-out;
	}
	@keyframes flash {
		from {
			background-color: var(--_flash);
		}
	}
	@media (prefers-reduced-motion: reduce) {
		.cell[data-flash] {
			animation: none;
			background-color: var(--_flash);
		}
	}
	[part="editor"] {
		position: absolute;
		/* Over the rows and the frozen cells, under the sticky header. */
		z-index: 2;
		font: inherit;
		height: var(--_row);
		padding: 0 5px;
		border: 2px solid var(--_accent);
		outline: none;
		background: var(--_bg);
		color: var(--_text);
		box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15);
	}
	[part="editor"].num {
		text-align: right;
	}
	[part="status"] {
		display: flex;
		align-items: center;
		gap: 8px;
		min-height: 28px;
		padding: 4px 8px;
		font-size: 12px;
		color: var(--_muted);
		border-top: 1px solid var(--_border);
	}
	[part="status"] .selection-summary {
		display: inline-flex;
		gap: 12px;
		margin-left: auto;
		color: var(--_text);
		font-variant-numeric: tabular-nums;
	}
	/* No product passes the filters: said under the filters. */
	.no-match {
		display: flex;
		flex-wrap: wrap;
		align-items: center;
		gap: 8px;
		padding: 12px;
		color: var(--_text);
		border-bottom: 1px solid var(--_border);
	}
	[part="status"] .error {
		color: var(--_error);
	}
	[part="status"] button {
		padding: 1px 8px;
		font-size: 12px;
	}
	.visually-hidden {
		position: absolute;
		width: 1px;
		height: 1px;
		overflow: hidden;
		clip: rect(0 0 0 0);
		white-space: nowrap;
	}
`;

/**
 * The foot of a paged list, the same on every page: "Load more" while the API has a next page
 * (disabled while it loads), and how many rows are shown, as a status a screen reader announces.
 */
import { html, nothing } from "lit";

export interface LoadMoreOptions {
	/** True while there is a next page (the list's cursor). */
	more: boolean;
	loading: boolean;
	onMore: () => void;
	/** The button's text, translated by the page. */
	label: string;
	/** "12 shown" / "All 12 shown", translated by the page. */
	status: string;
}

export function loadMoreFooter(o: LoadMoreOptions) {
	return html`<div class="actions">
		${
			o.more
				? html`<button type="button" data-action="load-more" ?disabled=${o.loading} @click=${o.onMore}>
						${o.label}
					</button>`
				: nothing
		}
		<span class="muted small" role="status">${o.status}</span>
	</div>`;
}

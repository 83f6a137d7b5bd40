/**
 * The header keeps one row while the nav fits between the brand and the account; when it does not
 * (an owner's nine pages, French words, a narrow window) the nav takes a row of its own rather than
 * hide pages behind a scroll. CSS alone cannot tell when a row overflows: this measures it.
 */

/** Room for the header's padding and the gaps between its three parts (app.css `.app-header`). */
const SLACK_PX = 72;

/**
 * Sets `nav-row` on `host` (the app) when its header's nav does not fit on the brand's row. The
 * nav's own width is that of its links, measured from the first to the last, so that the answer is
 * the same whichever row it is on.
 */
export function fitNav(host: HTMLElement): void {
	const header = host.querySelector<HTMLElement>(".app-header");
	const links = header?.querySelectorAll<HTMLElement>(".app-nav li");
	const first = links?.[0];
	const last = links?.[links.length - 1];
	if (!header || !first || !last) return;
	const nav = last.getBoundingClientRect().right - first.getBoundingClientRect().left;
	const brand = header.querySelector<HTMLElement>(".brand")?.offsetWidth ?? 0;
	const account = header.querySelector<HTMLElement>(".account")?.offsetWidth ?? 0;
	host.toggleAttribute("nav-row", brand + nav + account + SLACK_PX > header.clientWidth);
}

/**
 * QBO renames a name-list record when it is made inactive: "Pump" becomes "Pump (deleted)", and the
 * suffix goes away when it is reactivated (observed behaviour of QBO for items, customers and vendors;
 * unverified by Intuit documentation). Clients that match on names must cope with it.
 */
const SUFFIX = " (deleted)";

export function nameForActivity(name: string, active: boolean, wasActive: boolean): string {
	if (!active && wasActive && !name.endsWith(SUFFIX)) return `${name}${SUFFIX}`;
	if (active && !wasActive && name.endsWith(SUFFIX)) return name.slice(0, -SUFFIX.length);
	return name;
}

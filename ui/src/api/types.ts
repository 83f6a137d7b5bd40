/**
 * The API's shapes as the browser sees them (DESIGN §5). Written here, not imported from worker/:
 * the browser bundle carries no worker code. /api/v1/openapi.json is the reference.
 */
export type LevelRow = {
	productId: string;
	sku: string;
	name: string;
	type: "inventory" | "non_inventory" | "service" | "kit";
	locationId: string;
	onHand: number;
	reserved: number;
	available: number;
	incoming: number;
	reorderPoint: number | null;
	reorderQty: number | null;
	bin: string | null;
	version: number;
};

/** A live change of one level (the live feed): the stock fields and version, without the catalogue's. */
export type LevelChange = Pick<
	LevelRow,
	"productId" | "locationId" | "onHand" | "reserved" | "available" | "incoming" | "version"
> &
	Partial<Pick<LevelRow, "reorderPoint" | "reorderQty" | "bin">>;

export type Location = {
	id: string;
	name: string;
	isDefault: boolean;
	archivedAt: string | null;
	version: number;
	qboDepartmentId?: string | null;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type LevelPatch = {
	productId: string;
	locationId: string;
	version: number;
	reorderPoint?: number | null;
	reorderQty?: number | null;
	bin?: string | null;
};

export type LevelPatchResult = {
	productId: string;
	locationId: string;
	status: "updated" | "conflict" | "not_found";
	row?: LevelRow;
};

/** application/problem+json; `errors` name the fields at fault (`field` is a path such as `body.items.3.reorderPoint`). */
export type Problem = {
	type: string;
	title: string;
	status: number;
	detail?: string;
	code?: string;
	errors?: { field: string; message: string }[];
};

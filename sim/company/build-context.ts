import type { JsonObject } from "../lib/json.ts";
import type { EntityName } from "../qbo/entities.ts";
import type { Company } from "./company.ts";

/**
 * What an entity builder sees: the company, the entity type, and the stored object when this is an
 * update. A builder takes the client's fields (no Id/SyncToken/MetaData) and returns them validated and
 * completed the way QBO completes them (names in references, totals, defaults), or throws a QboError.
 */
export type BuildContext = { company: Company; entity: EntityName; previous: JsonObject | undefined };

export type Builder = (ctx: BuildContext, draft: JsonObject) => JsonObject;

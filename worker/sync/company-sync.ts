/**
 * CompanySync: one object per QBO company (realm), named by its realmId so that the webhook path
 * needs no lookup. It keeps a durable inbox of webhook events (deduplicated), and — in the slices
 * to come — coalesces them per entity, fetches the entities from QBO, maps them to effects and
 * applies them through the product objects.
 */
import { DurableObject } from "cloudflare:workers";

export class CompanySync extends DurableObject<Env> {}

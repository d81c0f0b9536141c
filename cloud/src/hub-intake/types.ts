/** Who is pushing: the paired hub's tenant, library and id, from its credential (never the body). */
export interface HubIdentity {
  tenantId: string;
  libraryId: string;
  hubId: string;
}

/**
 * Resolves a request to the paired hub it comes from, or null (401). Hub pairing supplies the real
 * one (credential → hubs row); until then the route refuses everyone unless one is injected.
 */
export type AuthorizeHub<C = unknown> = (c: C) => HubIdentity | null | Promise<HubIdentity | null>;

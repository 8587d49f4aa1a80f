// The JSON of the list routes (contract "Lists"), derived from the server's own types.
import type { Jsonify } from "type-fest";
import type { CollaboratorJson, ListEntryJson, ListJson, ListSummaryJson } from "../services/lists.js";

export type ListSummary = Jsonify<ListSummaryJson>;
export type ListDetails = Jsonify<ListJson>;
export type ListEntry = Jsonify<ListEntryJson>;
/** PUT /lists/:owner/:name/entries/:tmdbId: the entry, and whether it was new. */
export type PutEntryAnswer = ListEntry & { created: boolean };
export type Collaborator = Jsonify<CollaboratorJson>;

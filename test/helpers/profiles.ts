// What another member may see of a profile, and the one answer for a member hidden from the viewer:
// shared by the HTTP tests and the binary's tests of who sees what (issue 19).
import { expect } from "vitest";

/** The member's alone: never in the profile another member sees. */
export const OWNER_ONLY_FIELDS = ["region", "services", "shareTaste"] as const;

/** The fields of a profile as another member sees it, sorted. */
export const PROFILE_FIELDS_FOR_OTHERS = ["avatar", "bio", "counts", "favourites", "memberSince", "recent", "username", "visibility"];

/** A profile seen by another member: exactly the shared fields, nothing of the owner's own. */
export function expectProfileSeenByOthers(profile: object): void {
  expect(Object.keys(profile).sort()).toEqual(PROFILE_FIELDS_FOR_OTHERS);
}

/** The message of the one answer for a missing member and a hidden one (visibility.ts, `hiddenUser`). */
export const hiddenUserMessage = (username: string) => `no user named ${username} is visible to you`;

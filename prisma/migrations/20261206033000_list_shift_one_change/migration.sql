-- Written by hand (no schema change): a move, insert or removal in a list records the entry it is
-- about, not every entry its one UPDATE shifts by a place (a move in a 5,000-film list wrote 4,900
-- ActivityChange rows). A list write names the list whose entries it shifts, and the entry it moves
-- if any, in the transaction-local setting `watchlist.list_shift` ("<listId>/<entryId>", see
-- src/services/lists.ts); an UPDATE of another entry of that list that changes its position and
-- nothing else is not recorded. Undo needs no more: the entries a change shifts keep their order
-- among themselves, so putting the recorded entries back in their places and the others around them
-- in the order they have restores the list exactly (src/services/activity.ts, closeListPositions).
-- Every entry write also touches the List row, which is recorded: a later change of the list by
-- anyone still makes the undo of an earlier one conflict.
DROP TRIGGER "ListEntry_activity" ON "ListEntry";
CREATE TRIGGER "ListEntry_activity" AFTER INSERT OR DELETE ON "ListEntry"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();
-- The WHEN is checked in the executor, before any PL/pgSQL runs: a shifted entry costs no call.
CREATE TRIGGER "ListEntry_activity_update" AFTER UPDATE ON "ListEntry"
  FOR EACH ROW WHEN (NOT (
    split_part(coalesce(current_setting('watchlist.list_shift', true), ''), '/', 1) = NEW."listId"
    AND split_part(coalesce(current_setting('watchlist.list_shift', true), ''), '/', 2) <> NEW."id"
    AND (to_jsonb(OLD) - 'position') = (to_jsonb(NEW) - 'position')))
  EXECUTE FUNCTION "record_activity_change"();

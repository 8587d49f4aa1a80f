-- AlterTable
ALTER TABLE "Activity" ADD COLUMN     "detail" TEXT;


-- Written by hand: friendship changes are activities too (see the activity_log migration).
CREATE TRIGGER "Friendship_activity" AFTER INSERT OR UPDATE OR DELETE ON "Friendship"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();

-- Written by hand: an activity that wrote no row by the end of its transaction (queueing a film at the
-- priority it already had, an import of nothing new) is removed at commit, so the log and undo only
-- ever see real changes. The body is an E-string with \073 for each semicolon (see activity_log).
CREATE FUNCTION "drop_empty_activity"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM "Activity" a WHERE a."id" = NEW."id"
    AND NOT EXISTS (SELECT 1 FROM "ActivityChange" c WHERE c."activityId" = NEW."id")\073
  RETURN NULL\073
END
';

CREATE CONSTRAINT TRIGGER "Activity_drop_empty" AFTER INSERT ON "Activity"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "drop_empty_activity"();

-- AlterTable
ALTER TABLE "Activity" ADD COLUMN     "detail" TEXT;


-- Written by hand: friendship changes are activities too (see the activity_log migration).
CREATE TRIGGER "Friendship_activity" AFTER INSERT OR UPDATE OR DELETE ON "Friendship"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();

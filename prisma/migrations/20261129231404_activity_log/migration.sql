-- CreateTable
CREATE TABLE "Activity" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "movieId" TEXT,
    "importId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),
    "undoOfId" TEXT,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityChange" (
    "id" BIGSERIAL NOT NULL,
    "activityId" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "ActivityChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Activity_userId_seq_idx" ON "Activity"("userId", "seq" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Activity_userId_importId_key" ON "Activity"("userId", "importId");

-- CreateIndex
CREATE INDEX "ActivityChange_activityId_table_rowId_idx" ON "ActivityChange"("activityId", "table", "rowId");

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_movieId_fkey" FOREIGN KEY ("movieId") REFERENCES "Movie"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivityChange" ADD CONSTRAINT "ActivityChange_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand (schema.prisma cannot describe triggers): every row written to a tracked table
-- inside an activity (the transaction-local setting `watchlist.activity` names it) is recorded with
-- what it was before, so that undo can restore it. Writes outside an activity (an account deletion's
-- cascade) are not recorded.
-- The body is an E-string with \073 for each semicolon: stock `prisma migrate deploy` (through the
-- driver adapter) cuts a script at every semicolon, dollar quotes or not.
CREATE FUNCTION "record_activity_change"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  activity text := current_setting(''watchlist.activity'', true)\073
BEGIN
  IF activity IS NULL OR activity = '''' THEN
    RETURN NULL\073
  END IF\073
  IF TG_OP = ''UPDATE'' AND to_jsonb(OLD) = to_jsonb(NEW) THEN
    RETURN NULL\073
  END IF\073
  INSERT INTO "ActivityChange" ("activityId", "table", "rowId", "before", "after")
  VALUES (
    activity,
    TG_TABLE_NAME,
    CASE WHEN TG_OP = ''DELETE'' THEN OLD."id" ELSE NEW."id" END,
    CASE WHEN TG_OP = ''INSERT'' THEN NULL ELSE to_jsonb(OLD) END,
    CASE WHEN TG_OP = ''DELETE'' THEN NULL ELSE to_jsonb(NEW) END
  )\073
  RETURN NULL\073
END
';

CREATE TRIGGER "UserMovie_activity" AFTER INSERT OR UPDATE OR DELETE ON "UserMovie"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();
CREATE TRIGGER "Watchlist_activity" AFTER INSERT OR UPDATE OR DELETE ON "Watchlist"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();
CREATE TRIGGER "Viewing_activity" AFTER INSERT OR UPDATE OR DELETE ON "Viewing"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();

-- AlterTable
ALTER TABLE "Activity" ADD COLUMN     "undoRefusedAt" TIMESTAMP(3),
ADD COLUMN     "undoRefusal" TEXT;

-- AlterTable (by hand: filled from the existing rows before it becomes NOT NULL)
ALTER TABLE "Friendship" ADD COLUMN     "pairKey" TEXT;

-- Written by hand: undo could leave two rows for one pair (issue 17). Keep one per pair, an accepted
-- one first, then the oldest, and give every row its sorted pair.
DELETE FROM "Friendship" f USING (
  SELECT "id", row_number() OVER (
    PARTITION BY LEAST("requesterId", "addresseeId"), GREATEST("requesterId", "addresseeId")
    ORDER BY ("status" = 'ACCEPTED') DESC, "createdAt", "id"
  ) AS n FROM "Friendship"
) d WHERE f."id" = d."id" AND d.n > 1;
UPDATE "Friendship" SET "pairKey" = LEAST("requesterId", "addresseeId") || ':' || GREATEST("requesterId", "addresseeId");
ALTER TABLE "Friendship" ALTER COLUMN "pairKey" SET NOT NULL;
ALTER TABLE "Friendship" ALTER COLUMN "pairKey" SET DEFAULT '';

-- Written by hand: the pair key of every row written from now on, whatever writes it (the app, an
-- undo restoring a recorded row, a raw insert): the unique index then refuses a second row per pair.
CREATE FUNCTION "friendship_pair_key"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."pairKey" := LEAST(NEW."requesterId", NEW."addresseeId") || ':' || GREATEST(NEW."requesterId", NEW."addresseeId");
  RETURN NEW;
END
$$;

CREATE TRIGGER "Friendship_pair_key" BEFORE INSERT OR UPDATE OF "requesterId", "addresseeId", "pairKey" ON "Friendship"
  FOR EACH ROW EXECUTE FUNCTION "friendship_pair_key"();

-- Written by hand: rows recorded by the activity log before this column carry it too, so that undo
-- restores them whole.
UPDATE "ActivityChange" SET
  "before" = CASE WHEN "before" IS NULL THEN NULL ELSE "before" || jsonb_build_object('pairKey',
    LEAST("before"->>'requesterId', "before"->>'addresseeId') || ':' || GREATEST("before"->>'requesterId', "before"->>'addresseeId')) END,
  "after" = CASE WHEN "after" IS NULL THEN NULL ELSE "after" || jsonb_build_object('pairKey',
    LEAST("after"->>'requesterId', "after"->>'addresseeId') || ':' || GREATEST("after"->>'requesterId', "after"->>'addresseeId')) END
WHERE "table" = 'Friendship';

-- CreateTable
CREATE TABLE "Block" (
    "id" TEXT NOT NULL,
    "blockerId" TEXT NOT NULL,
    "blockedId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Block_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Block_blockedId_idx" ON "Block"("blockedId");

-- CreateIndex
CREATE UNIQUE INDEX "Block_blockerId_blockedId_key" ON "Block"("blockerId", "blockedId");

-- CreateIndex
CREATE UNIQUE INDEX "Friendship_pairKey_key" ON "Friendship"("pairKey");

-- AddForeignKey
ALTER TABLE "Block" ADD CONSTRAINT "Block_blockerId_fkey" FOREIGN KEY ("blockerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Block" ADD CONSTRAINT "Block_blockedId_fkey" FOREIGN KEY ("blockedId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: blocking and unblocking are activities (see the activity_log migration).
CREATE TRIGGER "Block_activity" AFTER INSERT OR UPDATE OR DELETE ON "Block"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "usernameKey" TEXT,
ADD COLUMN     "lookalikeKey" TEXT;

-- Backfill: the same fold the app computes (NFKC, lower case). Accounts that registered before
-- uniqueness held in the database may share a folded name (dave and Dave): the oldest keeps the
-- plain key, each later one gets its id appended after a tilde, which never occurs in a username,
-- so the index can be built and every account keeps working. Their usernames are left as they were.
-- (No semicolons or quotes in these comments: prisma migrate deploy splits statements naively.)
UPDATE "User" AS u
SET "usernameKey" = CASE WHEN ranked.rank = 1 THEN ranked.key ELSE ranked.key || '~' || u."id" END
FROM (
  SELECT "id", lower(normalize("username", NFKC)) AS key,
         row_number() OVER (PARTITION BY lower(normalize("username", NFKC)) ORDER BY "createdAt", "id") AS rank
  FROM "User"
) AS ranked
WHERE ranked."id" = u."id";

ALTER TABLE "User" ALTER COLUMN "usernameKey" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "User_usernameKey_key" ON "User"("usernameKey");

-- CreateIndex
CREATE INDEX "User_lookalikeKey_idx" ON "User"("lookalikeKey");

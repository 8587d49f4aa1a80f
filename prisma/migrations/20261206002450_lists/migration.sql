-- CreateEnum
CREATE TYPE "ListAccess" AS ENUM ('VIEW', 'EDIT');

-- CreateTable
CREATE TABLE "List" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "description" TEXT,
    "ranked" BOOLEAN NOT NULL DEFAULT false,
    "visibility" "Visibility" NOT NULL DEFAULT 'FRIENDS',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "List_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ListEntry" (
    "id" TEXT NOT NULL,
    "listId" TEXT NOT NULL,
    "movieId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "note" TEXT,
    "addedById" TEXT,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ListCollaborator" (
    "id" TEXT NOT NULL,
    "listId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "access" "ListAccess" NOT NULL DEFAULT 'VIEW',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ListCollaborator_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "List_ownerId_nameKey_key" ON "List"("ownerId", "nameKey");

-- CreateIndex
CREATE INDEX "ListEntry_listId_position_idx" ON "ListEntry"("listId", "position");

-- CreateIndex
CREATE INDEX "ListEntry_movieId_idx" ON "ListEntry"("movieId");

-- CreateIndex
CREATE INDEX "ListEntry_addedById_idx" ON "ListEntry"("addedById");

-- CreateIndex
CREATE UNIQUE INDEX "ListEntry_listId_movieId_key" ON "ListEntry"("listId", "movieId");

-- CreateIndex
CREATE INDEX "ListCollaborator_userId_idx" ON "ListCollaborator"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ListCollaborator_listId_userId_key" ON "ListCollaborator"("listId", "userId");

-- AddForeignKey
ALTER TABLE "List" ADD CONSTRAINT "List_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListEntry" ADD CONSTRAINT "ListEntry_listId_fkey" FOREIGN KEY ("listId") REFERENCES "List"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListEntry" ADD CONSTRAINT "ListEntry_movieId_fkey" FOREIGN KEY ("movieId") REFERENCES "Movie"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListEntry" ADD CONSTRAINT "ListEntry_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListCollaborator" ADD CONSTRAINT "ListCollaborator_listId_fkey" FOREIGN KEY ("listId") REFERENCES "List"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListCollaborator" ADD CONSTRAINT "ListCollaborator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: every change to a list, its entries and its collaborators is recorded in the
-- activity of the transaction that made it, so undo takes it back (see the activity_log migration).
CREATE TRIGGER "List_activity" AFTER INSERT OR UPDATE OR DELETE ON "List"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();
CREATE TRIGGER "ListEntry_activity" AFTER INSERT OR UPDATE OR DELETE ON "ListEntry"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();
CREATE TRIGGER "ListCollaborator_activity" AFTER INSERT OR UPDATE OR DELETE ON "ListCollaborator"
  FOR EACH ROW EXECUTE FUNCTION "record_activity_change"();

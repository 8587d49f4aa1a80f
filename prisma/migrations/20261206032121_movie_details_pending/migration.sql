-- AlterTable
ALTER TABLE "Movie" ADD COLUMN     "detailsPending" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Movie_detailsPending_idx" ON "Movie"("detailsPending");


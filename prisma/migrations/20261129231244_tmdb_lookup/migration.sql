-- CreateTable
CREATE TABLE "TmdbLookup" (
    "key" TEXT NOT NULL,
    "tmdbId" INTEGER,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TmdbLookup_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "TmdbLookup_checkedAt_idx" ON "TmdbLookup"("checkedAt");


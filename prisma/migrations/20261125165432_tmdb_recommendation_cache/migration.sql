-- CreateTable
CREATE TABLE "TmdbRecommendationList" (
    "tmdbId" INTEGER NOT NULL,
    "results" JSONB NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TmdbRecommendationList_pkey" PRIMARY KEY ("tmdbId")
);


-- CreateEnum
CREATE TYPE "ProviderKind" AS ENUM ('FLATRATE', 'FREE', 'ADS', 'RENT', 'BUY');

-- AlterTable
ALTER TABLE "Movie" ADD COLUMN     "originalLanguage" TEXT,
ADD COLUMN     "countries" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "certifications" JSONB,
ADD COLUMN     "providersFetchedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MovieCertification" (
    "movieId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "certification" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MovieCertification_pkey" PRIMARY KEY ("movieId","region")
);

-- CreateTable
CREATE TABLE "MovieWatchRegion" (
    "movieId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "link" TEXT,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MovieWatchRegion_pkey" PRIMARY KEY ("movieId","region")
);

-- CreateTable
CREATE TABLE "MovieProvider" (
    "movieId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "kind" "ProviderKind" NOT NULL,
    "providerId" INTEGER NOT NULL,
    "providerName" TEXT NOT NULL,
    "displayPriority" INTEGER,

    CONSTRAINT "MovieProvider_pkey" PRIMARY KEY ("movieId","region","kind","providerId")
);

-- CreateTable
CREATE TABLE "TmdbListCache" (
    "key" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TmdbListCache_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "MovieCertification_region_certification_movieId_idx" ON "MovieCertification"("region", "certification", "movieId");

-- CreateIndex
CREATE INDEX "MovieProvider_region_providerId_kind_movieId_idx" ON "MovieProvider"("region", "providerId", "kind", "movieId");

-- CreateIndex
CREATE INDEX "Movie_originalLanguage_idx" ON "Movie"("originalLanguage");

-- CreateIndex
CREATE INDEX "Movie_countries_idx" ON "Movie" USING GIN ("countries");

-- AddForeignKey
ALTER TABLE "MovieCertification" ADD CONSTRAINT "MovieCertification_movieId_fkey" FOREIGN KEY ("movieId") REFERENCES "Movie"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MovieWatchRegion" ADD CONSTRAINT "MovieWatchRegion_movieId_fkey" FOREIGN KEY ("movieId") REFERENCES "Movie"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MovieProvider" ADD CONSTRAINT "MovieProvider_movieId_fkey" FOREIGN KEY ("movieId") REFERENCES "Movie"("id") ON DELETE CASCADE ON UPDATE CASCADE;


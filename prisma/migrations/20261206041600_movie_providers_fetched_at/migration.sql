-- CreateIndex
CREATE INDEX "Movie_providersFetchedAt_idx" ON "Movie"("providersFetchedAt");


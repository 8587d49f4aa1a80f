-- CreateTable
CREATE TABLE "MovieFeature" (
    "movieId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "MovieFeature_pkey" PRIMARY KEY ("movieId","kind","key")
);

-- CreateIndex
CREATE INDEX "MovieFeature_kind_key_movieId_idx" ON "MovieFeature"("kind", "key", "movieId");

-- CreateIndex
CREATE INDEX "UserMovie_movieId_userId_rating_idx" ON "UserMovie"("movieId", "userId", "rating");

-- AddForeignKey
ALTER TABLE "MovieFeature" ADD CONSTRAINT "MovieFeature_movieId_fkey" FOREIGN KEY ("movieId") REFERENCES "Movie"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The features of a Movie row, rewritten whenever the row is inserted or its director or cast
-- changes. Directors are "A, B" (DIRECTOR_SEPARATOR in src/services/movie-json.ts); only the first 5
-- actors count (CAST_CONSIDERED in src/services/taste-profile.ts).
CREATE FUNCTION "refresh_movie_features"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "MovieFeature" WHERE "movieId" = NEW."id";
  END IF;
  INSERT INTO "MovieFeature" ("movieId", "kind", "key")
  SELECT DISTINCT NEW."id", f.kind, f.key FROM (
    SELECT 'director' AS kind, d AS key FROM unnest(string_to_array(NEW."director", ', ')) AS d
    UNION ALL
    SELECT 'cast', x.c->>'id'
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW."cast") = 'array' THEN NEW."cast" ELSE '[]'::jsonb END)
         WITH ORDINALITY AS x(c, position)
    WHERE x.position <= 5
  ) AS f
  WHERE f.key IS NOT NULL AND f.key <> '';
  RETURN NULL;
END $$;

CREATE TRIGGER "Movie_features" AFTER INSERT OR UPDATE OF "director", "cast" ON "Movie"
  FOR EACH ROW EXECUTE FUNCTION "refresh_movie_features"();

-- The films cached before this migration.
INSERT INTO "MovieFeature" ("movieId", "kind", "key")
SELECT DISTINCT m."id", f.kind, f.key
FROM "Movie" m, LATERAL (
  SELECT 'director' AS kind, d AS key FROM unnest(string_to_array(m."director", ', ')) AS d
  UNION ALL
  SELECT 'cast', x.c->>'id'
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(m."cast") = 'array' THEN m."cast" ELSE '[]'::jsonb END)
       WITH ORDINALITY AS x(c, position)
  WHERE x.position <= 5
) AS f
WHERE f.key IS NOT NULL AND f.key <> '';

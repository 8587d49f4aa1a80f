-- CreateTable
CREATE TABLE "MovieFeature" (
    "movieId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT,

    CONSTRAINT "MovieFeature_pkey" PRIMARY KEY ("movieId","kind","key")
);

-- CreateIndex
CREATE INDEX "MovieFeature_kind_key_movieId_idx" ON "MovieFeature"("kind", "key", "movieId");

-- CreateIndex
CREATE INDEX "UserMovie_movieId_userId_rating_idx" ON "UserMovie"("movieId", "userId", "rating");

-- AddForeignKey
ALTER TABLE "MovieFeature" ADD CONSTRAINT "MovieFeature_movieId_fkey" FOREIGN KEY ("movieId") REFERENCES "Movie"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Function bodies with a semicolon are E-strings with \073 for it: stock `prisma migrate deploy`
-- cuts a script at every semicolon (see docs/development.md).
-- The features of a Movie row, rewritten whenever the row is inserted or its genres, director or
-- cast change. Directors are "A, B" (DIRECTOR_SEPARATOR in src/services/movie-json.ts), only the
-- first 5 actors count (CAST_CONSIDERED in src/services/taste-profile.ts).
CREATE FUNCTION "movie_features"(genres jsonb, director text, "cast" jsonb)
  RETURNS TABLE (kind text, key text, name text) LANGUAGE sql IMMUTABLE AS $$
  SELECT DISTINCT ON (f.kind, f.key) f.kind, f.key, f.name FROM (
    SELECT 'genre' AS kind, g->>'id' AS key, g->>'name' AS name
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(genres) = 'array' THEN genres ELSE '[]'::jsonb END) AS g
    UNION ALL
    SELECT 'director', d, d FROM unnest(string_to_array(director, ', ')) AS d
    UNION ALL
    SELECT 'cast', x.c->>'id', x.c->>'name'
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof("cast") = 'array' THEN "cast" ELSE '[]'::jsonb END)
         WITH ORDINALITY AS x(c, position)
    WHERE x.position <= 5
  ) AS f
  WHERE f.key IS NOT NULL AND f.key <> ''
  ORDER BY f.kind, f.key
$$;

CREATE FUNCTION "refresh_movie_features"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''UPDATE'' THEN
    DELETE FROM "MovieFeature" WHERE "movieId" = NEW."id"\073
  END IF\073
  INSERT INTO "MovieFeature" ("movieId", "kind", "key", "name")
  SELECT NEW."id", f.kind, f.key, f.name FROM "movie_features"(NEW."genres", NEW."director", NEW."cast") AS f\073
  RETURN NULL\073
END ';

CREATE TRIGGER "Movie_features" AFTER INSERT OR UPDATE OF "genres", "director", "cast" ON "Movie"
  FOR EACH ROW EXECUTE FUNCTION "refresh_movie_features"();

-- The films cached before this migration.
INSERT INTO "MovieFeature" ("movieId", "kind", "key", "name")
SELECT m."id", f.kind, f.key, f.name FROM "Movie" m, "movie_features"(m."genres", m."director", m."cast") AS f;

-- Written by hand (no schema change): the PL/pgSQL functions of earlier migrations, written again as
-- PostgreSQL people write them, in dollar quotes. Their bodies are the same text as before (an
-- E-string with \073 for each semicolon, which stock `prisma migrate deploy` needed while its driver
-- adapter cut scripts at every semicolon: prisma.config.ts now sends a migration whole, as our runner
-- does). The earlier migrations stay as they were applied: deployed databases keep their checksums.
-- From here on, a function's current definition is the newest migration that creates or replaces it.

-- Every row written to a tracked table inside an activity (the transaction-local setting
-- `watchlist.activity` names it) is recorded with what it was before, so that undo can restore it.
-- Writes outside an activity (an account deletion's cascade) are not recorded.
CREATE OR REPLACE FUNCTION "record_activity_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  activity text := current_setting('watchlist.activity', true);
BEGIN
  IF activity IS NULL OR activity = '' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND to_jsonb(OLD) = to_jsonb(NEW) THEN
    RETURN NULL;
  END IF;
  INSERT INTO "ActivityChange" ("activityId", "table", "rowId", "before", "after")
  VALUES (
    activity,
    TG_TABLE_NAME,
    CASE WHEN TG_OP = 'DELETE' THEN OLD."id" ELSE NEW."id" END,
    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END,
    CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END
  );
  RETURN NULL;
END
$$;

-- An activity that wrote no row by the end of its transaction is removed at commit (a deferred
-- constraint trigger on "Activity"), so the log and undo only ever see real changes.
CREATE OR REPLACE FUNCTION "drop_empty_activity"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "Activity" a WHERE a."id" = NEW."id"
    AND NOT EXISTS (SELECT 1 FROM "ActivityChange" c WHERE c."activityId" = NEW."id");
  RETURN NULL;
END
$$;

-- The features of a Movie row, rewritten whenever the row is inserted or its genres, director or
-- cast change (movie_features, in the movie_features migration, lists them).
CREATE OR REPLACE FUNCTION "refresh_movie_features"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "MovieFeature" WHERE "movieId" = NEW."id";
  END IF;
  INSERT INTO "MovieFeature" ("movieId", "kind", "key", "name")
  SELECT NEW."id", f.kind, f.key, f.name FROM "movie_features"(NEW."genres", NEW."director", NEW."cast") AS f;
  RETURN NULL;
END $$;

-- Two advisory-lock namespaces: (1, user) for a whole account, (user:movie) for one pair. PostgreSQL
-- keeps the two-int4-key form apart from the one-bigint-key form, so they never collide.
-- lock_user_movie serializes writes to one (user, movie) pair until the transaction ends, and takes
-- the account lock in shared mode, so that lock_account (an import, an undo) excludes it.
CREATE OR REPLACE FUNCTION "lock_user_movie"(user_id text, movie_id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(1, hashtext(user_id)),
    pg_advisory_xact_lock(hashtextextended(user_id || ':' || movie_id, 0));
END
$$;

CREATE OR REPLACE FUNCTION "lock_account"(user_id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1, hashtext(user_id));
END
$$;

-- Opens the activity the rest of the transaction belongs to: its row, and the transaction-local
-- setting record_activity_change reads. The later batches of an import (same import_id) reopen the
-- activity of its first one.
CREATE OR REPLACE FUNCTION "start_activity"(user_id text, action_name text, movie_id text, about text, import_id text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  activity_id text;
BEGIN
  INSERT INTO "Activity" ("id", "userId", "action", "movieId", "detail", "importId", "createdAt")
  VALUES (gen_random_uuid()::text, user_id, action_name, movie_id, about, import_id, now() AT TIME ZONE 'UTC')
  ON CONFLICT ("userId", "importId") DO UPDATE SET "importId" = excluded."importId"
  RETURNING "id" INTO activity_id;
  PERFORM set_config('watchlist.activity', activity_id, true);
  RETURN activity_id;
END
$$;

-- Rates a film and takes it off the watchlist, as one activity (docs/data-model.md, Invariants).
-- Each statement of a PL/pgSQL function reads a snapshot of its own, taken after the lock before it.
-- The account row is held (KEY SHARE) so that a deletion waits, and a gone account is answered no row.
CREATE OR REPLACE FUNCTION "rate_movie"(user_id text, movie_id text, new_rating "Rating")
RETURNS TABLE ("rating" text, "watched" boolean, "createdAt" timestamp(3), "updatedAt" timestamp(3), "removedFromQueue" boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  unqueued integer;
BEGIN
  PERFORM 1 FROM "User" u WHERE u."id" = user_id FOR KEY SHARE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM lock_user_movie(user_id, movie_id);
  PERFORM start_activity(user_id, 'rate', movie_id, NULL, NULL);
  DELETE FROM "Watchlist" w WHERE w."userId" = user_id AND w."movieId" = movie_id;
  GET DIAGNOSTICS unqueued = ROW_COUNT;
  RETURN QUERY
    INSERT INTO "UserMovie" AS um ("id", "userId", "movieId", "rating", "watched", "createdAt", "updatedAt")
    VALUES (gen_random_uuid()::text, user_id, movie_id, new_rating, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
    ON CONFLICT ("userId", "movieId") DO UPDATE SET "rating" = excluded."rating", "watched" = true, "updatedAt" = excluded."updatedAt"
    RETURNING um."rating"::text, um."watched", um."createdAt", um."updatedAt", unqueued > 0;
END
$$;

-- Written by hand (no schema change): the locks and the activity start as SQL functions, so that the
-- services and rate_movie below share one definition of each, and PUT /ratings/:tmdbId (the hottest
-- write of the API) runs as one statement instead of an interactive transaction of six.
-- Bodies are E-strings with \073 for each semicolon (see activity_log). Times are written in UTC, as
-- Prisma writes them, whatever the time zone of the session (a local server keeps that of the machine).

-- Two advisory-lock namespaces: (1, user) for a whole account, (user:movie) for one pair. PostgreSQL
-- keeps the two-int4-key form apart from the one-bigint-key form, so they never collide.
-- lock_user_movie serializes writes to one (user, movie) pair until the transaction ends: rating and
-- queueing each read the table of the other before writing their own, and without it a rating and a
-- queueing of one film racing under READ COMMITTED could both commit (rated and queued). It takes the
-- account lock in shared mode, so that lock_account (an import, an undo) excludes it.
CREATE FUNCTION "lock_user_movie"(user_id text, movie_id text) RETURNS void LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_advisory_xact_lock_shared(1, hashtext(user_id)),
    pg_advisory_xact_lock(hashtextextended(user_id || '':'' || movie_id, 0))\073
END
';

CREATE FUNCTION "lock_account"(user_id text) RETURNS void LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_advisory_xact_lock(1, hashtext(user_id))\073
END
';

-- Opens the activity the rest of the transaction belongs to: its row, and the transaction-local
-- setting the record_activity_change trigger reads. The later batches of an import (same import_id) reopen
-- the activity of its first one: no conflict is possible without an import_id.
CREATE FUNCTION "start_activity"(user_id text, action_name text, movie_id text, about text, import_id text)
RETURNS text LANGUAGE plpgsql AS E'
DECLARE
  activity_id text\073
BEGIN
  INSERT INTO "Activity" ("id", "userId", "action", "movieId", "detail", "importId", "createdAt")
  VALUES (gen_random_uuid()::text, user_id, action_name, movie_id, about, import_id, now() AT TIME ZONE ''UTC'')
  ON CONFLICT ("userId", "importId") DO UPDATE SET "importId" = excluded."importId"
  RETURNING "id" INTO activity_id\073
  PERFORM set_config(''watchlist.activity'', activity_id, true)\073
  RETURN activity_id\073
END
';

-- Rates a film and takes it off the watchlist, as one activity (docs/data-model.md, Invariants).
-- Each statement of a PL/pgSQL function reads a snapshot of its own, taken after the lock before it:
-- what a single SQL statement cannot do (one snapshot, taken before any lock it would take). The
-- account row is held (KEY SHARE) so that a deletion waits, and a gone account is answered no row.
CREATE FUNCTION "rate_movie"(user_id text, movie_id text, new_rating "Rating")
RETURNS TABLE ("rating" text, "watched" boolean, "createdAt" timestamp(3), "updatedAt" timestamp(3), "removedFromQueue" boolean)
LANGUAGE plpgsql AS E'
#variable_conflict use_column
DECLARE
  unqueued integer\073
BEGIN
  PERFORM 1 FROM "User" u WHERE u."id" = user_id FOR KEY SHARE\073
  IF NOT FOUND THEN
    RETURN\073
  END IF\073
  PERFORM lock_user_movie(user_id, movie_id)\073
  PERFORM start_activity(user_id, ''rate'', movie_id, NULL, NULL)\073
  DELETE FROM "Watchlist" w WHERE w."userId" = user_id AND w."movieId" = movie_id\073
  GET DIAGNOSTICS unqueued = ROW_COUNT\073
  RETURN QUERY
    INSERT INTO "UserMovie" AS um ("id", "userId", "movieId", "rating", "watched", "createdAt", "updatedAt")
    VALUES (gen_random_uuid()::text, user_id, movie_id, new_rating, true, now() AT TIME ZONE ''UTC'', now() AT TIME ZONE ''UTC'')
    ON CONFLICT ("userId", "movieId") DO UPDATE SET "rating" = excluded."rating", "watched" = true, "updatedAt" = excluded."updatedAt"
    RETURNING um."rating"::text, um."watched", um."createdAt", um."updatedAt", unqueued > 0\073
END
';

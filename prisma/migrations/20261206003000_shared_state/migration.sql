-- CreateTable
CREATE TABLE "Throttle" (
    "key" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Throttle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "TmdbBudget" (
    "key" TEXT NOT NULL,
    "nextSlotAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TmdbBudget_pkey" PRIMARY KEY ("key")
);


-- One attempt under every key at once, or none: answers 0 when each key is under its limit (all are
-- counted), else the seconds until the fullest key's window ends. Rows are locked in key order, so two
-- processes counting overlapping keys wait for each other instead of deadlocking. A key whose window
-- has passed starts a new one.
CREATE FUNCTION "throttle_attempt"(keys text[], limits integer[], window_ms integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  now_utc timestamp := clock_timestamp() AT TIME ZONE 'UTC';
  window_length interval := make_interval(secs => window_ms / 1000.0);
  wait_ms double precision;
BEGIN
  INSERT INTO "Throttle" ("key", "attempts", "windowStart")
  SELECT k, 0, now_utc FROM unnest(keys) AS k ORDER BY k
  ON CONFLICT ("key") DO NOTHING;
  PERFORM 1 FROM "Throttle" WHERE "key" = ANY(keys) ORDER BY "key" FOR UPDATE;
  UPDATE "Throttle" SET "attempts" = 0, "windowStart" = now_utc
  WHERE "key" = ANY(keys) AND "windowStart" <= now_utc - window_length;
  SELECT max(extract(epoch FROM t."windowStart" + window_length - now_utc) * 1000) INTO wait_ms
  FROM "Throttle" t JOIN unnest(keys, limits) AS l(k, most) ON t."key" = l.k
  WHERE t."attempts" >= l.most;
  IF wait_ms IS NOT NULL THEN
    RETURN greatest(1, ceil(wait_ms / 1000));
  END IF;
  UPDATE "Throttle" SET "attempts" = "attempts" + 1 WHERE "key" = ANY(keys);
  RETURN 0;
END
$$;

-- Every API process LISTENs on watchlist_session_ended and drops what it cached of the account's
-- sessions: a logout, a logout of every session and an account deletion, whoever writes them.
CREATE FUNCTION "notify_session_ended"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'RevokedToken' THEN
    PERFORM pg_notify('watchlist_session_ended', NEW."userId");
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('watchlist_session_ended', OLD."id");
  ELSE
    PERFORM pg_notify('watchlist_session_ended', NEW."id");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "User_sessions_ended" AFTER UPDATE OF "tokenVersion" ON "User"
FOR EACH ROW WHEN (OLD."tokenVersion" IS DISTINCT FROM NEW."tokenVersion") EXECUTE FUNCTION "notify_session_ended"();

CREATE TRIGGER "User_deleted" AFTER DELETE ON "User"
FOR EACH ROW EXECUTE FUNCTION "notify_session_ended"();

CREATE TRIGGER "RevokedToken_session_ended" AFTER INSERT ON "RevokedToken"
FOR EACH ROW EXECUTE FUNCTION "notify_session_ended"();

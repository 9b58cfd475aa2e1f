-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.2, invariant "Npgsql").
-- At start-up the provider reads WriteToStorageKey, ReadFromStorageKey and ClearStorageKey
-- (required) and DeleteStorageKey (needed only with DeleteStateOnClear = true) from OrleansQuery.
-- 10.4.2 stores state as bytes only: it binds @PayloadBinary and never a JSON or XML payload.
-- Safe to re-run: objects are created only when absent and query rows are upserted.

-- Query catalogue (normally created by 0002; repeated so this script stands alone).
CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64)   NOT NULL,
    querytext varchar(8000) NOT NULL,
    CONSTRAINT orleansquery_key PRIMARY KEY (querykey)
);

-- One row per (service, grain type, grain id). A grain id is n0/n1 (Guid or integer key halves)
-- plus an optional string (string key or key extension); the two hashes make lookups cheap.
-- version is the etag: 1 on first write, +1 on every write or clear.
CREATE TABLE IF NOT EXISTS orleansstorage (
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                integer      NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage
    ON orleansstorage (grainidhash, graintypehash);

-- Optimistic write. With a version: update only if the stored version still matches.
-- Without one: insert only if no row exists yet for the grain. Returns the new version in
-- column NewGrainStateVersion, or NULL when the write lost (the provider then raises
-- InconsistentStateException).
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        varchar,
    p_grainidextensionstring varchar,
    p_serviceid              varchar,
    p_grainstateversion      integer,
    p_payloadbinary          bytea)
RETURNS TABLE (newgrainstateversion integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new integer;
BEGIN
    IF p_grainstateversion IS NOT NULL THEN
        UPDATE orleansstorage s
           SET payloadbinary = p_payloadbinary,
               modifiedon = now(),
               version = s.version + 1
         WHERE s.grainidhash = p_grainidhash
           AND s.graintypehash = p_graintypehash
           AND s.grainidn0 = p_grainidn0
           AND s.grainidn1 = p_grainidn1
           AND s.graintypestring = p_graintypestring
           AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
           AND s.serviceid = p_serviceid
           AND s.version = p_grainstateversion
        RETURNING s.version INTO v_new;
    ELSE
        -- The table has no unique key (the key columns are too wide to index safely), so
        -- first writers of the same grain are serialised with a transaction-scoped lock;
        -- each statement below then sees what a writer before it committed.
        PERFORM pg_advisory_xact_lock(p_grainidhash, p_graintypehash);
        INSERT INTO orleansstorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
        SELECT p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring,
               p_grainidextensionstring, p_serviceid, p_payloadbinary, now(), 1
         WHERE NOT EXISTS (
               SELECT 1
                 FROM orleansstorage s
                WHERE s.grainidhash = p_grainidhash
                  AND s.graintypehash = p_graintypehash
                  AND s.grainidn0 = p_grainidn0
                  AND s.grainidn1 = p_grainidn1
                  AND s.graintypestring = p_graintypestring
                  AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
                  AND s.serviceid = p_serviceid)
        RETURNING version INTO v_new;
    END IF;

    RETURN QUERY SELECT v_new;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES

-- One row, column NewGrainStateVersion.
('WriteToStorageKey', $sql$
SELECT newgrainstateversion
  FROM orleans_storage_write(
       @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
       @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
$sql$),

-- Columns PayloadBinary (NULL after a clear) and Version; no row when never written.
('ReadFromStorageKey', $sql$
SELECT payloadbinary, version, modifiedon
  FROM orleansstorage
 WHERE grainidhash = @GrainIdHash AND @GrainIdHash IS NOT NULL
   AND graintypehash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
   AND grainidn0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
   AND grainidn1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
   AND graintypestring = @GrainTypeString AND @GrainTypeString IS NOT NULL
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND serviceid = @ServiceId AND @ServiceId IS NOT NULL;
$sql$),

-- Keep the row, drop the payload, bump the version if the etag matches.
-- The provider reads the FIRST column as the new version; no row means a conflict.
('ClearStorageKey', $sql$
UPDATE orleansstorage
   SET payloadbinary = NULL,
       modifiedon = now(),
       version = version + 1
 WHERE grainidhash = @GrainIdHash AND @GrainIdHash IS NOT NULL
   AND graintypehash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
   AND grainidn0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
   AND grainidn1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
   AND graintypestring = @GrainTypeString AND @GrainTypeString IS NOT NULL
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND serviceid = @ServiceId AND @ServiceId IS NOT NULL
   AND version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
RETURNING version AS newgrainstateversion;
$sql$),

-- Used instead of ClearStorageKey when DeleteStateOnClear = true: remove the row if the etag
-- matches. The FIRST column must differ from the etag sent, so it returns version + 1.
('DeleteStorageKey', $sql$
DELETE FROM orleansstorage
 WHERE grainidhash = @GrainIdHash AND @GrainIdHash IS NOT NULL
   AND graintypehash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
   AND grainidn0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
   AND grainidn1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
   AND graintypestring = @GrainTypeString AND @GrainTypeString IS NOT NULL
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND serviceid = @ServiceId AND @ServiceId IS NOT NULL
   AND version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
RETURNING version + 1 AS newgrainstateversion;
$sql$)

ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;

-- Orleans ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.2, invariant "Npgsql").
-- The provider loads its statements from OrleansQuery (all seven keys below are required),
-- binds parameters by name and reads result columns by name.
-- Safe to re-run: objects are created only when absent and query rows are upserted.

-- Query catalogue (normally created by 0002; repeated so this script stands alone).
CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64)   NOT NULL,
    querytext varchar(8000) NOT NULL,
    CONSTRAINT orleansquery_key PRIMARY KEY (querykey)
);

-- One row per (service, grain, reminder name). period is in milliseconds; grainhash is the
-- grain's uniform hash as a signed int, used to split the ring between silos; version is the etag.
CREATE TABLE IF NOT EXISTS orleansreminderstable (
    serviceid    varchar(150)   NOT NULL,
    grainid      varchar(150)   NOT NULL,
    remindername varchar(150)   NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,
    CONSTRAINT pk_reminderstable_serviceid_grainid_remindername
        PRIMARY KEY (serviceid, grainid, remindername)
);

-- Serves the ring-range reads (ReadRangeRows1Key / ReadRangeRows2Key).
CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_serviceid_grainhash
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Insert or replace; returns the new etag in column Version (0 for a new row).
-- @Period arrives as int or bigint depending on its size, hence the cast.
('UpsertReminderRowKey', $sql$
INSERT INTO orleansreminderstable AS r
    (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
    SET starttime = EXCLUDED.starttime,
        period    = EXCLUDED.period,
        grainhash = EXCLUDED.grainhash,
        version   = r.version + 1
RETURNING r.version;
$sql$),

-- All reminders of one grain.
('ReadReminderRowsKey', $sql$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND @ServiceId IS NOT NULL
   AND grainid = @GrainId AND @GrainId IS NOT NULL;
$sql$),

-- One reminder of one grain (no row when absent).
('ReadReminderRowKey', $sql$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND @ServiceId IS NOT NULL
   AND grainid = @GrainId AND @GrainId IS NOT NULL
   AND remindername = @ReminderName AND @ReminderName IS NOT NULL;
$sql$),

-- Ring range (BeginHash, EndHash] that does not wrap (the provider uses it when
-- (int)BeginHash < (int)EndHash).
('ReadRangeRows1Key', $sql$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND @ServiceId IS NOT NULL
   AND grainhash > @BeginHash AND @BeginHash IS NOT NULL
   AND grainhash <= @EndHash AND @EndHash IS NOT NULL;
$sql$),

-- Ring range that wraps around: above BeginHash or up to EndHash.
('ReadRangeRows2Key', $sql$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND @ServiceId IS NOT NULL
   AND ((grainhash > @BeginHash AND @BeginHash IS NOT NULL)
     OR (grainhash <= @EndHash AND @EndHash IS NOT NULL));
$sql$),

-- Delete one reminder if its etag still matches; one column, 1 = deleted, 0 = not.
('DeleteReminderRowKey', $sql$
WITH gone AS (
    DELETE FROM orleansreminderstable
     WHERE serviceid = @ServiceId AND @ServiceId IS NOT NULL
       AND grainid = @GrainId AND @GrainId IS NOT NULL
       AND remindername = @ReminderName AND @ReminderName IS NOT NULL
       AND version = @Version AND @Version IS NOT NULL
    RETURNING 1
)
SELECT count(*)::integer FROM gone;
$sql$),

-- Delete every reminder of the service; no result is read.
('DeleteReminderRowsKey', $sql$
DELETE FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND @ServiceId IS NOT NULL;
$sql$)

ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;

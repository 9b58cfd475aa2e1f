-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.2, invariant "Npgsql").
-- The provider ships no SQL: at start-up it runs "SELECT QueryKey, QueryText FROM OrleansQuery"
-- and refuses to start if a key it needs is missing. Parameters are bound by name (@Name) and
-- result columns are read by name, so the names below are the contract; unquoted identifiers
-- fold to lower case, which Npgsql matches case-insensitively.
-- Safe to re-run: objects are created only when absent and query rows are upserted.

-- Query catalogue shared by every Orleans ADO.NET provider (also created by 0003 and 0004).
CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64)   NOT NULL,
    querytext varchar(8000) NOT NULL,
    CONSTRAINT orleansquery_key PRIMARY KEY (querykey)
);

-- One row per cluster (DeploymentId = ClusterId): the table version used as the membership etag.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid varchar(150)   NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable_deploymentid PRIMARY KEY (deploymentid)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes varchar(8000)  NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT pk_membershiptable_deploymentid PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_membershiptable_membershipversiontable_deploymentid
        FOREIGN KEY (deploymentid) REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Adds a silo row and bumps the table version, both or neither.
-- Returns 1 on success, 0 when the etag is stale or the silo row already exists.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deploymentid varchar,
    p_address      varchar,
    p_port         integer,
    p_generation   integer,
    p_siloname     varchar,
    p_hostname     varchar,
    p_status       integer,
    p_proxyport    integer,
    p_starttime    timestamptz,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Lock the version row, but only while it still carries the etag the caller read.
    PERFORM 1
      FROM orleansmembershipversiontable v
     WHERE v.deploymentid = p_deploymentid
       AND v.version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname,
         status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname,
         p_status, p_proxyport, p_starttime, p_iamalivetime)
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable v
       SET version = v.version + 1,
           timestamp = now()
     WHERE v.deploymentid = p_deploymentid;
    RETURN 1;
END
$fn$;

-- Changes a silo row and bumps the table version, both or neither.
-- Returns 1 on success, 0 when the etag is stale or the silo row does not exist.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deploymentid varchar,
    p_address      varchar,
    p_port         integer,
    p_generation   integer,
    p_status       integer,
    p_suspecttimes varchar,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
      FROM orleansmembershipversiontable v
     WHERE v.deploymentid = p_deploymentid
       AND v.version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable m
       SET status = p_status,
           suspecttimes = p_suspecttimes,
           -- a late write must not move the heartbeat backwards
           iamalivetime = GREATEST(m.iamalivetime, p_iamalivetime)
     WHERE m.deploymentid = p_deploymentid
       AND m.address = p_address
       AND m.port = p_port
       AND m.generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable v
       SET version = v.version + 1,
           timestamp = now()
     WHERE v.deploymentid = p_deploymentid;
    RETURN 1;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Creates the cluster's version row if absent; one column, >0 when a row was created.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created;
$sql$),

-- One column, 1 = inserted, 0 = rejected.
('InsertMembershipKey', $sql$
SELECT orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$sql$),

-- One column, 1 = updated, 0 = rejected.
('UpdateMembershipKey', $sql$
SELECT orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation, @Status,
    @SuspectTimes, @IAmAliveTime, @Version);
$sql$),

-- Heartbeat; no result is read. Not versioned by design.
('UpdateIAmAlivetimeKey', $sql$
UPDATE orleansmembershiptable
   SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
 WHERE deploymentid = @DeploymentId AND @DeploymentId IS NOT NULL
   AND address = @Address AND @Address IS NOT NULL
   AND port = @Port AND @Port IS NOT NULL
   AND generation = @Generation AND @Generation IS NOT NULL;
$sql$),

-- Version row outer-joined to the one silo asked for: always one row while the cluster
-- exists, with NULL silo columns when that silo has no row.
('MembershipReadRowKey', $sql$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname,
       m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m
         ON m.deploymentid = v.deploymentid
        AND m.address = @Address AND @Address IS NOT NULL
        AND m.port = @Port AND @Port IS NOT NULL
        AND m.generation = @Generation AND @Generation IS NOT NULL
 WHERE v.deploymentid = @DeploymentId AND @DeploymentId IS NOT NULL;
$sql$),

-- Same columns, every silo of the cluster.
('MembershipReadAllKey', $sql$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname,
       m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m
         ON m.deploymentid = v.deploymentid
 WHERE v.deploymentid = @DeploymentId AND @DeploymentId IS NOT NULL;
$sql$),

-- Drops a whole cluster: silo rows first (in a CTE), then its version row.
('DeleteMembershipTableEntriesKey', $sql$
WITH silos AS (
    DELETE FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId AND @DeploymentId IS NOT NULL
)
DELETE FROM orleansmembershipversiontable
 WHERE deploymentid = @DeploymentId AND @DeploymentId IS NOT NULL;
$sql$),

-- Required fallback, used by 10.4.2 only when CleanupDefunctSiloEntryKey is absent:
-- removes Dead (6) silos whose start and last heartbeat are both before the cutoff.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND @DeploymentId IS NOT NULL
   AND status = 6
   AND iamalivetime < @IAmAliveTime
   AND starttime < @IAmAliveTime;
$sql$),

-- Optional in 10.4.2; when present it is preferred: the provider picks the defunct rows itself
-- and deletes each one only if it is still exactly as read (no update raced the cleanup).
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
   AND status = 6
   AND starttime = @StartTime
   AND iamalivetime = @IAmAliveTime
   AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes, '');
$sql$),

-- Gateways for clients: @Status is Active (3); columns Address, ProxyPort, Generation.
('GatewaysQueryKey', $sql$
SELECT address, proxyport, generation
  FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND @DeploymentId IS NOT NULL
   AND status = @Status AND @Status IS NOT NULL
   AND proxyport > 0;
$sql$)

ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;

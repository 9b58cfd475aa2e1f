-- The ASP.NET Core Data Protection key ring, shared by every front end of the cluster: a dashboard cookie issued by
-- one front end is read by any other. One row per key (the key's XML as Data Protection writes it); rows are only
-- ever added (expired keys stay so that old payloads can still be read until they expire themselves).
CREATE TABLE IF NOT EXISTS data_protection_keys (
    friendly_name varchar(200) PRIMARY KEY,
    xml           text         NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now()
);

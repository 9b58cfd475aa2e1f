-- Evently keeps no Orleans grain state in the directory: events persist through their own store on the shards, and the
-- ADO.NET grain-storage provider is not configured. Installs that ran the former storage script lose its unused table,
-- function and queries here; fresh installs find nothing to drop.
DROP FUNCTION IF EXISTS orleans_storage_write(integer, bigint, bigint, integer, varchar, varchar, varchar, integer, bytea);
DROP TABLE IF EXISTS orleansstorage;
DELETE FROM orleansquery WHERE querykey IN ('WriteToStorageKey', 'ReadFromStorageKey', 'ClearStorageKey', 'DeleteStorageKey');

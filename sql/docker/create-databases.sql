-- Run once by the postgres image on an empty volume: the directory and the four shard databases.
-- Tables are created by the silos' own migrations at start-up.
CREATE DATABASE evently_directory;
CREATE DATABASE evently_shard_0;
CREATE DATABASE evently_shard_1;
CREATE DATABASE evently_shard_2;
CREATE DATABASE evently_shard_3;

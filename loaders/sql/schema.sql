-- The warehouse: the five tables of docs/data.md#tables and the rectification ledger as loaded (typed,
-- valid), where each row came from (src_file, src_row), what was rejected and why, and what was read.

CREATE TABLE sources (
  file_id       USMALLINT PRIMARY KEY,
  table_name    VARCHAR NOT NULL,
  file          VARCHAR NOT NULL,      -- relative to the data directory
  format        VARCHAR NOT NULL,      -- csv | xlsx | parquet
  encoding      VARCHAR,
  delimiter     VARCHAR,
  sheet         VARCHAR,
  bytes         BIGINT NOT NULL,
  rows_read     BIGINT NOT NULL,       -- data rows: loaded + rejected
  blank_rows    BIGINT NOT NULL,       -- rows with no value at all, not data
  extra_columns VARCHAR[] NOT NULL,    -- headers that name no field: kept aside, not loaded
  warnings      VARCHAR[] NOT NULL
);

CREATE TABLE counties (
  county_code   VARCHAR NOT NULL,
  county_name   VARCHAR NOT NULL,
  city_code     VARCHAR NOT NULL,
  city_name     VARCHAR NOT NULL,
  province_code VARCHAR NOT NULL,
  province_name VARCHAR NOT NULL,
  source        VARCHAR NOT NULL       -- 'GB/T 2260' or the counties.csv that set it
);

CREATE TABLE projects (
  project_id    VARCHAR NOT NULL,
  project_name  VARCHAR NOT NULL,
  county_code   VARCHAR NOT NULL,
  applied_on    DATE,
  approved_on   DATE NOT NULL,
  supplied_on   DATE,
  area_mu       DECIMAL(18, 4) NOT NULL,
  farmland_mu   DECIMAL(18, 4) NOT NULL,
  zone_price    DECIMAL(18, 2) NOT NULL,
  method        VARCHAR NOT NULL,
  required_yuan DECIMAL(18, 2) NOT NULL,
  src_file      USMALLINT NOT NULL,
  src_row       BIGINT NOT NULL
);

CREATE TABLE villages (
  village_code           VARCHAR NOT NULL,
  village_name           VARCHAR NOT NULL,
  farmland_per_capita_mu DECIMAL(18, 4) NOT NULL,
  adult_share            DECIMAL(9, 6) NOT NULL,
  src_file               USMALLINT NOT NULL,
  src_row                BIGINT NOT NULL
);

CREATE TABLE project_villages (
  project_id           VARCHAR NOT NULL,
  village_code         VARCHAR NOT NULL,
  farmland_mu          DECIMAL(18, 4) NOT NULL,
  compensation_paid_on DATE,
  quota                INTEGER,
  src_file             USMALLINT NOT NULL,
  src_row              BIGINT NOT NULL
);

CREATE TABLE fund_flows (
  flow_id     VARCHAR NOT NULL,
  project_id  VARCHAR NOT NULL,
  flow        VARCHAR NOT NULL,
  account     VARCHAR NOT NULL,
  flow_on     DATE NOT NULL,
  amount_yuan DECIMAL(18, 2) NOT NULL,
  src_file    USMALLINT NOT NULL,
  src_row     BIGINT NOT NULL
);

-- id_digits: the ID's first 17 digits as a number. One to one with person_id for every loaded row (the 18th
-- character is their check character), so the aggregates by person group by it, not by the text
-- (docs/decisions.md O14). It is the ID itself: never written to the site or an output (docs/privacy.md).
CREATE TABLE distributions (
  record_id    VARCHAR NOT NULL,
  project_id   VARCHAR NOT NULL,
  village_code VARCHAR NOT NULL,
  person_id    VARCHAR NOT NULL,
  id_digits    BIGINT NOT NULL,
  amount_yuan  DECIMAL(18, 2) NOT NULL,
  credited_on  DATE NOT NULL,
  account      VARCHAR NOT NULL,
  src_file     USMALLINT NOT NULL,
  src_row      BIGINT NOT NULL
);

-- The rectification ledger (docs/data.md#rectifications): every report a county returned, as loaded.
-- code and project_id are parsed from the key (validate/rectifications.sql).
CREATE TABLE rectifications (
  finding_key VARCHAR NOT NULL,
  code        VARCHAR NOT NULL,
  project_id  VARCHAR NOT NULL,
  status      VARCHAR NOT NULL,      -- rectified | in_progress | explained
  reported_on DATE NOT NULL,
  note        VARCHAR,
  src_file    USMALLINT NOT NULL,
  src_row     BIGINT NOT NULL
);

-- Rows of a returned findings list whose answer columns are all empty: findings the county did not
-- answer. Not data (neither loaded nor rejected), counted in the load report like blank rows.
CREATE TABLE unanswered (
  file_id USMALLINT NOT NULL,
  row     BIGINT NOT NULL
);

-- One row per problem: a rejected row with two bad fields has two rows here; rows_rejected counts rows.
CREATE TABLE rejects (
  table_name  VARCHAR NOT NULL,
  file_id     USMALLINT NOT NULL,
  row         BIGINT NOT NULL,       -- spreadsheet row (header = 1); parquet: record number from 1
  field       VARCHAR,               -- NULL when the whole line could not be parsed
  value       VARCHAR,
  reason_code VARCHAR NOT NULL,
  reason_zh   VARCHAR NOT NULL,
  reason_en   VARCHAR NOT NULL
);

CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

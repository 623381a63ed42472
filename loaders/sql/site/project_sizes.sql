-- What the project pages hold, to choose how many shards to write: projects and the rows of their lists.
SELECT (SELECT count(*) FROM m_projects)::DOUBLE AS projects, (SELECT count(*) FROM asof_credits)::DOUBLE AS credits,
  (SELECT count(*) FROM asof_flows)::DOUBLE AS flows, (SELECT count(*) FROM asof_project_villages)::DOUBLE AS villages;

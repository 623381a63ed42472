-- Old and new funding methods (docs/metrics.md#methods, seed 001):
-- old_method_yuan = virtual_people x per_person_yuan (41号文, 以人筹资);
-- new_method_yuan = area_mu x zone_price x ratio of the zone price's tier (22号文, 以地筹资).
-- Both exact and rounded half up to the fen. The tier cliff is real: a price just above a tier bound
-- yields less per mu than one just below.
CREATE OR REPLACE TEMP TABLE methods AS
SELECT pp.project_id, pp.land_ratio,
  fen_to_yuan(div_round(h.virtual_pico * yuan_to_fen(pp.per_person_yuan), CAST(1000000000000 AS HUGEINT))) AS old_method_yuan,
  fen_to_yuan(div_round(CAST(pp.area_mu * 10000 AS HUGEINT) * CAST(pp.zone_price * 100 AS HUGEINT)
                          * CAST(pp.land_ratio * 1000000 AS HUGEINT), CAST(10000000000 AS HUGEINT))) AS new_method_yuan
FROM asof_project_policy pp JOIN headcount h USING (project_id);

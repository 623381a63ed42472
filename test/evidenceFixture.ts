/** A tiny data set with one minor credited to an individual account (F09), for the export tests. */
import { maskPersonId } from "../loaders/personId.ts";
import { personId, project, writeDataDir } from "./fixtures.ts";

const minor = personId("440103", "20100101", 7);
export const credit9 = { person: minor, masked: maskPersonId(minor) };

export function minorDataDir(): Promise<string> {
  return writeDataDir({
    projects: [project("P1", { required_yuan: "9000.00", area_mu: "1", farmland_mu: "1" })],
    villages: [
      { village_code: "440103001001", village_name: "甲村", farmland_per_capita_mu: "1", adult_share: "1" },
    ],
    project_villages: [{ project_id: "P1", village_code: "440103001001", farmland_mu: "1" }],
    fund_flows: [
      {
        flow_id: "F1",
        project_id: "P1",
        flow: "deposit",
        account: "special",
        flow_on: "2020-01-01",
        amount_yuan: "9000.00",
      },
    ],
    distributions: [
      {
        record_id: "R1",
        project_id: "P1",
        village_code: "440103001001",
        person_id: minor,
        amount_yuan: "9000.00",
        credited_on: "2020-03-10",
        account: "individual",
      },
    ],
  });
}

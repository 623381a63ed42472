/**
 * Data set A of the review-cycle tests (test/review.test.ts): T0 = 2021-06-30, T1 = 2021-12-31, a finding
 * of every kind of resolution, and a returned ledger with every status, verdict and reject. The expected
 * values are worked out by hand in the comments.
 */
import { personId, project, type Row } from "./fixtures.ts";

const V = (code: string) => ({
  village_code: code,
  village_name: `村${code.slice(-3)}`,
  farmland_per_capita_mu: "1",
  adult_share: "1",
});

let flowSeq = 0;
export const flow = (
  project_id: string,
  flow: string,
  account: string,
  flow_on: string,
  amount_yuan: string,
) => ({
  flow_id: `FL${++flowSeq}`,
  project_id,
  flow,
  account,
  flow_on,
  amount_yuan,
});

let personSeq = 0;
const someone = (county = "440104") => personId(county, "19700101", ++personSeq);
let recordSeq = 0;
const credit = (
  project_id: string,
  village_code: string,
  amount_yuan: string,
  credited_on: string,
  person_id = someone(village_code.slice(0, 6)),
  record_id = `RC${++recordSeq}`,
): Row => ({
  record_id,
  project_id,
  village_code,
  person_id,
  amount_yuan,
  credited_on,
  account: "individual",
});

// ---------------------------------------------------------------------------------------------------
// Data set A: T0 = 2021-06-30, T1 = 2021-12-31 (both before the stock baseline). One village per project
// whose virtual headcount is the project's area (1 mu per head, all adults), zone price 50,000: the new
// method (10,000 a head) is above the old (9,000), so F12 never fires. Approved 2021-03-01 unless said:
// the special-account deadline (F03) is 2021-04-30.
const projects: Row[] = [];
const villages: Row[] = [];
const links: Row[] = [];
const flows: Row[] = [];
const credits: Row[] = [];
function add(id: string, county: string, virtual: number, fields: Row = {}): string {
  const village = `${county}${String(projects.length + 1).padStart(6, "0")}`;
  projects.push(
    project(id, {
      county_code: county,
      approved_on: "2021-03-01",
      area_mu: String(virtual),
      farmland_mu: String(virtual),
      zone_price: "50000",
      required_yuan: "10000.00",
      ...fields,
    }),
  );
  villages.push(V(village));
  links.push({ project_id: id, village_code: village, farmland_mu: String(virtual) });
  return village;
}

// R01: nothing by the approval; 10,000 straight into the special account on 09-01. At T0 F01 (approval)
// and F03 (deadline 04-30) are open; at T1 both are resolved (received and in_special reach 10,000).
const v01 = add("R01", "440104", 1);
flows.push(flow("R01", "deposit", "special", "2021-09-01", "10000.00"));
credits.push(credit("R01", v01, "10000.00", "2021-09-10"));
// R02: 10,000 deposited before approval and transferred 03-10, 5,000 refunded 04-01, land supplied 05-01:
// F02 (5,000 short on the supply day), open at T0; 5,000 more on 08-01: resolved at T1.
const v02 = add("R02", "440104", 1, { supplied_on: "2021-05-01" });
flows.push(
  flow("R02", "deposit", "pre_deposit", "2021-01-01", "10000.00"),
  flow("R02", "transfer", "special", "2021-03-10", "10000.00"),
  flow("R02", "refund", "pre_deposit", "2021-04-01", "5000.00"),
  flow("R02", "deposit", "pre_deposit", "2021-08-01", "5000.00"),
);
credits.push(credit("R02", v02, "5000.00", "2021-04-10"));
// R03: paid in full 04-01, a month after approval: F01, already resolved at T0. A refund of 1,000 on 08-01
// reopens it at T1, and the 10,000 credited on 04-15 is now 1,000 more than received: F05, new at T1.
const v03 = add("R03", "440104", 1);
flows.push(
  flow("R03", "deposit", "special", "2021-04-01", "10000.00"),
  flow("R03", "refund", "special", "2021-08-01", "1000.00"),
);
credits.push(credit("R03", v03, "10000.00", "2021-04-15"));
// R04: funded 01-01, nobody credited by 04-30: F04 and (funded, 0 of 1 person) F07, both open at T0. The
// first credit on 08-01: F04 stays on record, resolved; F07 is gone (1 of 1).
const v04 = add("R04", "440104", 1);
flows.push(flow("R04", "deposit", "special", "2021-01-01", "10000.00"));
credits.push(credit("R04", v04, "10000.00", "2021-08-01"));
// R05: 11,000 credited of 10,000 received: F05 open at T0; 1,000 more arrives 09-01: gone at T1.
const v05 = add("R05", "440104", 2);
flows.push(
  flow("R05", "deposit", "special", "2021-01-01", "10000.00"),
  flow("R05", "deposit", "special", "2021-09-01", "1000.00"),
);
credits.push(credit("R05", v05, "6000.00", "2021-04-01"), credit("R05", v05, "5000.00", "2021-04-01"));
// R06: 2 people for 1 virtual: F06, open at both dates.
const v06 = add("R06", "440104", 1);
flows.push(flow("R06", "deposit", "special", "2021-01-01", "10000.00"));
credits.push(credit("R06", v06, "5000.00", "2021-04-01"), credit("R06", v06, "5000.00", "2021-04-01"));
// R08: person X credited on 04-01, 05-01 and 10-01 (F08 on the second and third credits), Y once. Three of
// the record ids embed ID numbers; the second and third differ only in the masked digits, so they mask
// alike: the earlier keeps the masked text, the later gets ~2.
const v08 = add("R08", "440104", 2);
export const X = someone();
const FIRST = "R-440104197001010019_0";
export const SECOND = "R-440104197001010019_1";
export const THIRD = "R-440104198002020019_1";
export const KEY_SECOND = "F08:R08:R-440104********0019_1";
export const KEY_THIRD = "F08:R08:R-440104********0019_1~2";
flows.push(flow("R08", "deposit", "special", "2021-01-01", "10000.00"));
credits.push(
  credit("R08", v08, "2000.00", "2021-04-01", X, FIRST),
  credit("R08", v08, "2000.00", "2021-05-01", X, SECOND),
  credit("R08", v08, "2000.00", "2021-04-01", someone(), "R8-Y"),
  credit("R08", v08, "2000.00", "2021-10-01", X, THIRD),
);
// R12: approved 09-01, inside the period, with no money at all: F01 and F03 (deadline 10-31), new at T1.
add("R12", "440104", 1, { approved_on: "2021-09-01" });
// Y06 in Yangjiang (another city): like R06, F06 open at both dates.
const y06 = add("Y06", "441702", 1);
flows.push(flow("Y06", "deposit", "special", "2021-01-01", "10000.00"));
credits.push(credit("Y06", y06, "5000.00", "2021-04-01"), credit("Y06", y06, "5000.00", "2021-04-01"));

export const tables = {
  projects,
  villages,
  project_villages: links,
  fund_flows: flows,
  distributions: credits,
};

// The returned ledger, row 2 onwards (the header is row 1).
export const ledger: Row[] = [
  /* 2 */ { finding_key: "F01:R01", status: "rectified", reported_on: "2021-11-01", note: "资金已于9月到账" },
  /* 3 */ { finding_key: "F03:R01", status: "explained", reported_on: "2021-06-01" },
  /* 4 */ { finding_key: "F06:R06", status: "rectified", reported_on: "2021-11-15" },
  /* 5 */ { finding_key: "F05:R05", status: "rectified", reported_on: "2021-11-01" },
  /* 6 */ { finding_key: "F05:R05", status: "explained", reported_on: "2021-11-01" },
  /* 7 */ { finding_key: "F04:R04", status: "in_progress", reported_on: "2021-05-20" },
  /* 8 */ { finding_key: "F04:R04", status: "rectified", reported_on: "2021-09-01" },
  /* 9 */ { finding_key: "F07:R04", status: "rectified", reported_on: "2021-10-01" },
  /* 10 */ { finding_key: "F12:R01", status: "in_progress", reported_on: "2021-10-01" },
  /* 11 */ { finding_key: "f08：R08:R-440104********0019_1", status: "整改中", reported_on: "2021-10-05" },
  /* 12 */ { finding_key: "F06:R06" },
  /* 13 */ { finding_key: "F1:R01", status: "rectified", reported_on: "2021-10-01" },
  /* 14 */ { finding_key: "F01:NOPE", status: "rectified", reported_on: "2021-10-01" },
  /* 15 */ { finding_key: "F11:R01:123", status: "rectified", reported_on: "2021-10-01" },
  /* 16 */ { finding_key: "F02:R02", status: "done", reported_on: "2021-10-01" },
  /* 17 */ { finding_key: "F02:R02", status: "已整改", reported_on: "2021/10/32" },
  /* 18 */ { finding_key: "F02:R02", status: "已整改", reported_on: "2022-01-15" },
  /* 19 */ { finding_key: "F01:R03", status: "已整改", reported_on: "2021年12月1日" },
];

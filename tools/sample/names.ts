/**
 * Chinese names: people (for the 姓名 column of realistic exports) and projects (approval batches with
 * their approval document numbers, and linear works such as railways and power lines).
 */
import type { Random } from "./random.ts";

const SURNAMES =
  "陈李黄张梁刘林吴何罗郑杨谢周朱许邓冯曾叶蔡彭潘苏卢钟余赖胡莫徐邱谭廖江王赵孙马高郭方欧温严伍袁温戴麦巫翁练植区甘邝骆";
/** Cumulative weights: the i-th most common surname is drawn in proportion to 1 / (i + 4). */
const SURNAME_CUMULATIVE = [...SURNAMES].reduce<number[]>(
  (acc, _, i) => [...acc, (acc[i - 1] ?? 0) + 1 / (i + 4)],
  [],
);
const GIVEN =
  "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文辉金玉珍红梅丹玲萍燕飞鹏宇浩晨欣怡婷雪琳佳嘉俊子涵梓轩家豪健永坤锦荣娣娇凤莲海松柏德福贵财旺添发彩妹好群惠润振耀";

/**
 * A personal name: a common surname and one or two given characters.
 * @example personName(new Random(1)) // "陈嘉豪"
 */
export function personName(rng: Random): string {
  const x = rng.float() * SURNAME_CUMULATIVE[SURNAME_CUMULATIVE.length - 1];
  let i = 0;
  while (SURNAME_CUMULATIVE[i] <= x && i < SURNAMES.length - 1) i++;
  const surname = SURNAMES[i];
  const first = GIVEN[rng.int(0, GIVEN.length - 1)];
  return rng.chance(0.65) ? surname + first + GIVEN[rng.int(0, GIVEN.length - 1)] : surname + first;
}

const PROVINCE_ABBR: Record<string, string> = {
  "11": "京",
  "12": "津",
  "13": "冀",
  "14": "晋",
  "15": "内",
  "21": "辽",
  "22": "吉",
  "23": "黑",
  "31": "沪",
  "32": "苏",
  "33": "浙",
  "34": "皖",
  "35": "闽",
  "36": "赣",
  "37": "鲁",
  "41": "豫",
  "42": "鄂",
  "43": "湘",
  "44": "粤",
  "45": "桂",
  "46": "琼",
  "50": "渝",
  "51": "川",
  "52": "黔",
  "53": "滇",
  "54": "藏",
  "61": "陕",
  "62": "甘",
  "63": "青",
  "64": "宁",
  "65": "新",
};

const LAND_USES = ["城镇建设用地", "城镇建设用地", "城市建设用地", "村镇建设用地", "工业园区建设用地"];
const RAILWAYS = ["广湛高铁", "珠肇高铁", "广汕铁路", "深江铁路", "梅龙铁路", "汕汕铁路", "南珠城际铁路"];
const HIGHWAYS = [
  "汕湛高速公路",
  "武深高速公路",
  "潮漳高速公路",
  "大潮高速公路",
  "云茂高速公路",
  "国道G228线改建工程",
];

/** The county name without its 区/县/市 suffix when two characters remain ("阳西县" -> "阳西"). */
export function shortCountyName(name: string): string {
  return name.length > 2 ? name.replace(/(自治县|区|县|市|旗)$/, "") : name;
}

/** A provincial land-approval document number, e.g. "粤府土审〔2019〕345号". */
export function approvalDocument(rng: Random, provinceCode: string, year: number): string {
  return `${PROVINCE_ABBR[provinceCode] ?? "国"}府土审〔${year}〕${rng.int(8, 620)}号`;
}

/**
 * A project name with its approval document number.
 * @example projectName(rng, {countyName: "荔湾区", provinceCode: "44", year: 2019, batch: 12, linear: false})
 *   // "荔湾区2019年度第12批次城镇建设用地（粤府土审〔2019〕345号）"
 */
export function projectName(
  rng: Random,
  o: { countyName: string; provinceCode: string; year: number; batch: number; linear: boolean },
): string {
  if (!o.linear)
    return `${o.countyName}${o.year}年度第${o.batch}批次${rng.pick(LAND_USES)}（${approvalDocument(rng, o.provinceCode, o.year)}）`;
  const ministry = `${o.year >= 2018 ? "自然资函" : "国土资函"}〔${o.year}〕${rng.int(20, 980)}号`;
  const section = `${shortCountyName(o.countyName)}段`;
  const kind = rng.int(0, 2);
  if (kind === 0 && o.provinceCode === "44")
    return `${rng.pick(RAILWAYS)}（${section}）建设项目用地（${ministry}）`;
  if (kind === 1 && o.provinceCode === "44")
    return `${rng.pick(HIGHWAYS)}（${section}）建设项目用地（${ministry}）`;
  if (kind === 2)
    return `${rng.pick(["220", "500"])}千伏${shortCountyName(o.countyName)}输变电工程用地（${ministry}）`;
  return `${shortCountyName(o.countyName)}段高速公路建设项目用地（${ministry}）`;
}

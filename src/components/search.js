// Search over counties and projects by any part of a Chinese name or a code: substring matching on a
// normalised copy of each text (Framework's search splits on spaces and cannot find 湾区 in 荔湾区).
// Normalising keeps every character in place (one in, one out), so a match's position in the normalised
// text is its position in the original and can be highlighted there.
import { plainText } from "@xianbao/common/text.js";
import { STATUS } from "@xianbao/common/status.js";
import { countyHref, projectHref } from "./links.js";

const OPEN = "〔［【（([{｛〈《〖";
const CLOSE = "〕］】）)]}｝〉》〗";
/** Every character normalise() changes: full-width ASCII, the ideographic space, brackets, A-Z. */
const CHANGED = /[\uff01-\uff5e\u3000〔【〈《〖〕】〉》〗()[\]{}A-Z]/g;

/** @param {string} c */
function fold(c) {
  if (OPEN.includes(c)) return "(";
  if (CLOSE.includes(c)) return ")";
  if (c === "\u3000") return " ";
  const code = c.charCodeAt(0);
  if (code >= 0xff01) return fold(String.fromCharCode(code - 0xfee0));
  return c.toLowerCase();
}

/**
 * Lower-cases ASCII letters, folds full-width ASCII to half-width and every kind of bracket to ( or ),
 * character by character (the result has the original's length). One regular-expression pass: the
 * province's 40,000 project names are normalised on page load.
 * @param {string} text
 * @example normalise("粤府土审〔2019〕345号") === "粤府土审(2019)345号"
 */
export function normalise(text) {
  return text.replace(CHANGED, fold);
}

/**
 * The query's terms: split on white space, normalised, empty ones dropped.
 * @param {string | null | undefined} query
 */
export function termsOf(query) {
  return normalise(query ?? "")
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * @typedef {{code: string, name: string, city: string, status: string, projects: number, hay: string}} CountyEntry
 * @typedef {{id: string, name: string, county: CountyEntry, hay: string}} ProjectEntry
 * @typedef {{code: string, name: string, projects: ProjectEntry[], county: CountyEntry, hay: string}} VillageEntry
 * @typedef {{counties: CountyEntry[], projects: ProjectEntry[], villages: VillageEntry[], persons: any}} SearchIndex
 */

/**
 * The index of search.json: each entry with its haystack normalised once (a county's code, name and city;
 * a project's number and name, its county's haystack being shared).
 * @param {{counties: Record<string, any[]>, projects: Record<string, any[]>, villages?: Record<string, any[]>, persons?: any}} data
 * @returns {SearchIndex}
 */
export function buildIndex(data) {
  const c = data.counties;
  /** @type {CountyEntry[]} */
  const counties = c.code.map((code, i) => ({
    code,
    name: c.name[i],
    city: c.city_name[i],
    status: c.status?.[i] ?? null,
    projects: c.projects?.[i] ?? 0,
    hay: normalise(`${code}\u0001${c.name[i]}\u0001${c.city_name[i]}`),
  }));
  const p = data.projects;
  /** @type {ProjectEntry[]} */
  const projects = new Array(p.project_id.length);
  for (let i = 0; i < projects.length; i++) {
    const county = counties[p.county[i]] ?? {
      code: "",
      name: "",
      city: "",
      status: "",
      projects: 0,
      hay: "",
    };
    projects[i] = {
      id: p.project_id[i],
      name: p.project_name[i],
      county,
      hay: normalise(`${p.project_id[i]}\u0001${p.project_name[i]}`),
    };
  }
  const v = data.villages ?? { code: [], name: [], projects: [] };
  /** @type {VillageEntry[]} */
  const villages = v.code.map((/** @type {string} */ code, /** @type {number} */ i) => {
    const own = v.projects[i].map((/** @type {number} */ j) => projects[j]).filter(Boolean);
    return {
      code,
      name: v.name[i],
      projects: own,
      county: own[0]?.county ?? NO_COUNTY,
      hay: normalise(`${code}\u0001${v.name[i]}`),
    };
  });
  return { counties, projects, villages, persons: data.persons ?? null };
}

const NO_COUNTY = { code: "", name: "", city: "", status: "", projects: 0, hay: "" };

/**
 * The part of a query that names a person: an ID as the site shows it (440103********123X) or its last
 * four characters (123X), with the first six digits when given.
 * @param {string | null | undefined} query
 * @returns {{last4: string, prefix: string | null} | null}
 * @example personQuery("440103********123x") // {last4: "123X", prefix: "440103"}
 */
export function personQuery(query) {
  for (const t of termsOf(query)) {
    const m = /^(?:(\d{6})\*{2,})?(\d{3}[\dx])$/.exec(t);
    if (m) return { last4: m[2].toUpperCase(), prefix: m[1] ?? null };
  }
  return null;
}

/**
 * The people of a person shard whose masked ID fits the query, with their projects.
 * @param {any} shard the fetched shard ({persons: {last4: [[masked, [project index], credits]]}})
 * @param {{last4: string, prefix: string | null}} q
 * @param {SearchIndex} index
 * @returns {{person: string, projects: ProjectEntry[], credits: number}[]}
 */
export function personsOf(shard, q, index) {
  return (shard.persons[q.last4] ?? [])
    .filter((/** @type {any[]} */ [person]) => !q.prefix || person.startsWith(q.prefix))
    .map((/** @type {any[]} */ [person, projects, credits]) => ({
      person,
      projects: projects.map((/** @type {number} */ j) => index.projects[j]).filter(Boolean),
      credits,
    }));
}

/**
 * Counties and projects whose text contains every term of the query (a county's code, name and city; a
 * project's number, name and its county's code, name and city). Returns the first `limit` projects and the
 * total counts.
 * @param {SearchIndex} index
 * @param {string} query
 * @param {{limit?: number}} [options]
 * @returns {{terms: string[], counties: CountyEntry[], projects: ProjectEntry[], projectTotal: number,
 *   villages: VillageEntry[], villageTotal: number}}
 */
export function search(index, query, { limit = 100 } = {}) {
  const terms = termsOf(query);
  if (!terms.length)
    return { terms, counties: [], projects: [], projectTotal: 0, villages: [], villageTotal: 0 };
  const matches = (/** @type {string} */ hay, /** @type {string} */ also = "") => {
    for (const t of terms) if (hay.indexOf(t) < 0 && also.indexOf(t) < 0) return false;
    return true;
  };
  const counties = index.counties.filter((c) => matches(c.hay));
  /** @type {ProjectEntry[]} */
  const projects = [];
  let projectTotal = 0;
  for (const p of index.projects)
    if (matches(p.hay, p.county.hay)) {
      projectTotal++;
      if (projects.length < limit) projects.push(p);
    }
  /** @type {VillageEntry[]} */
  const villages = [];
  let villageTotal = 0;
  for (const v of index.villages)
    if (matches(v.hay, v.county.hay)) {
      villageTotal++;
      if (villages.length < limit) villages.push(v);
    }
  return { terms, counties, projects, projectTotal, villages, villageTotal };
}

/**
 * The pieces of a text with the terms' occurrences marked, for highlighting: [{text, hit}].
 * @param {string} text
 * @param {string[]} terms normalised terms
 * @returns {{text: string, hit: boolean}[]}
 */
export function highlight(text, terms) {
  const hay = normalise(text);
  const marked = new Uint8Array(hay.length);
  for (const t of terms)
    for (let i = hay.indexOf(t); i >= 0; i = hay.indexOf(t, i + 1)) marked.fill(1, i, i + t.length);
  /** @type {{text: string, hit: boolean}[]} */
  const out = [];
  for (let i = 0; i < hay.length;) {
    let j = i;
    while (j < hay.length && marked[j] === marked[i]) j++;
    out.push({ text: text.slice(i, j), hit: marked[i] === 1 });
    i = j;
  }
  return out;
}

/**
 * An element built with the DOM API: rendering 100 results through htl's template parser costs a
 * noticeable pause per keystroke at the province scale, this does not.
 * @param {string} tag
 * @param {Record<string, string> | null} attrs
 * @param {...(Node | string | null | undefined | false)} children
 */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** @param {string} text @param {string[]} terms */
function marked(text, terms) {
  const out = document.createDocumentFragment();
  for (const part of highlight(plainText(text), terms))
    out.append(part.hit ? el("mark", null, part.text) : part.text);
  return out;
}

/** @param {string | null} status */
function badge(status) {
  const s = STATUS[/** @type {keyof typeof STATUS} */ (status)];
  if (!s) return null;
  return el(
    "span",
    { class: `status-badge s-${status}`, title: s.text },
    el("span", { class: "mark" }, s.mark),
    ` ${s.label}`,
  );
}

const number = (/** @type {number} */ n) => n.toLocaleString("zh-CN");

/**
 * The results of search(): their counts, then the counties and the projects, each a link to its county page
 * (a project to its row there), the matches marked.
 * @param {ReturnType<typeof search>} found
 * @param {{query: string, ms?: number, persons?: ReturnType<typeof personsOf> | null}} options
 * @returns {HTMLElement}
 */
export function resultsView(found, { query, ms, persons = null }) {
  if (!found.terms.length) return el("p", { class: "search-empty" }, "输入文字即开始查找。");
  const t = found.terms;
  const more = found.projectTotal > found.projects.length;
  return el(
    "div",
    { class: "search-results" },
    el(
      "p",
      { class: "search-count", "aria-live": "polite" },
      "县区 ",
      el("strong", null, number(found.counties.length)),
      " 个 · 批次 ",
      el("strong", null, number(found.projectTotal)),
      " 个 · 村 ",
      el("strong", null, number(found.villageTotal)),
      " 个",
      persons ? " · 人员 " : "",
      persons ? el("strong", null, number(persons.length)) : "",
      persons ? " 人" : "",
      more ? ` (批次显示前 ${number(found.projects.length)} 个, 请输入更多文字缩小范围)` : "",
      ms === undefined ? null : el("span", { class: "ms" }, ` (${ms < 1 ? "<1" : ms.toFixed(0)} 毫秒)`),
    ),
    found.counties.length > 0 && el("h2", null, "县区"),
    found.counties.length > 0 &&
      el(
        "ul",
        { class: "hits counties" },
        ...found.counties.map((c) =>
          el(
            "li",
            null,
            el("a", { class: "result", href: countyHref(c.code) }, marked(c.name, t)),
            " ",
            badge(c.status),
            " ",
            el(
              "span",
              { class: "meta" },
              marked(c.city, t),
              " · 代码 ",
              marked(c.code, t),
              ` · ${number(c.projects)} 个批次`,
            ),
          ),
        ),
      ),
    found.projects.length > 0 && el("h2", null, "批次"),
    found.projects.length > 0 &&
      el(
        "ul",
        { class: "hits projects" },
        ...found.projects.map((p) =>
          el(
            "li",
            null,
            el(
              "a",
              { class: "result", href: projectHref(p.id) },
              el("code", null, marked(p.id, t)),
              " ",
              marked(p.name, t),
            ),
            el("span", { class: "meta" }, `${p.county.city} ${p.county.name} `, badge(p.county.status)),
          ),
        ),
      ),
    found.villages.length > 0 && el("h2", null, "村"),
    found.villages.length > 0 &&
      el(
        "ul",
        { class: "hits villages" },
        ...found.villages.map((v) =>
          el(
            "li",
            null,
            el("strong", null, marked(v.name, t)),
            " ",
            el("code", null, marked(v.code, t)),
            el(
              "span",
              { class: "meta" },
              `${v.county.city} ${v.county.name} · 涉及批次 `,
              ...v.projects.flatMap((p, i) => [
                i ? "、" : "",
                el("a", { class: "result", href: projectHref(p.id) }, p.id),
              ]),
            ),
          ),
        ),
      ),
    persons && persons.length > 0 && el("h2", null, "人员 (身份证号已脱敏)"),
    persons &&
      persons.length > 0 &&
      el(
        "ul",
        { class: "hits persons" },
        ...persons.map((p) =>
          el(
            "li",
            null,
            el("code", { class: "person" }, p.person),
            ` · ${number(p.credits)} 笔记账 · `,
            ...p.projects.flatMap((x, i) => [
              i ? "、" : "",
              el("a", { class: "result", href: `${projectHref(x.id)}#credits` }, x.id),
              ` (${x.county.name})`,
            ]),
          ),
        ),
      ),
    !found.counties.length &&
      !found.projectTotal &&
      !found.villageTotal &&
      !persons?.length &&
      el(
        "p",
        { class: "search-empty" },
        `没有找到包含 “${query.trim()}” 的县区、批次、村或人员。可以只输入名称或编号的一部分; 人员请输入脱敏的身份证号 (如 440103********123X) 或其后 4 位。`,
      ),
  );
}

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
 * @typedef {{counties: CountyEntry[], projects: ProjectEntry[]}} SearchIndex
 */

/**
 * The index of search.json: each entry with its haystack normalised once (a county's code, name and city;
 * a project's number and name, its county's haystack being shared).
 * @param {{counties: Record<string, any[]>, projects: Record<string, any[]>}} data
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
  return { counties, projects };
}

/**
 * Counties and projects whose text contains every term of the query (a county's code, name and city; a
 * project's number, name and its county's code, name and city). Returns the first `limit` projects and the
 * total counts.
 * @param {SearchIndex} index
 * @param {string} query
 * @param {{limit?: number}} [options]
 * @returns {{terms: string[], counties: CountyEntry[], projects: ProjectEntry[], projectTotal: number}}
 */
export function search(index, query, { limit = 100 } = {}) {
  const terms = termsOf(query);
  if (!terms.length) return { terms, counties: [], projects: [], projectTotal: 0 };
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
  return { terms, counties, projects, projectTotal };
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
 * @param {{query: string, ms?: number}} options
 * @returns {HTMLElement}
 */
export function resultsView(found, { query, ms }) {
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
      " 个",
      more ? ` (显示前 ${number(found.projects.length)} 个, 请输入更多文字缩小范围)` : "",
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
    !found.counties.length &&
      !found.projectTotal &&
      el(
        "p",
        { class: "search-empty" },
        `没有找到包含 “${query.trim()}” 的县区或批次。可以只输入名称或编号的一部分。`,
      ),
  );
}

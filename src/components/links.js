// Addresses of the site's pages, for links built in JavaScript (Framework rewrites the links written in
// Markdown, not these). Every page is a file ending in .html (observablehq.config.ts preserveExtension),
// so the site works on any plain static server; `root` is the way from the linking page to the site's
// root: "." from a top-level page, ".." from county/<code> and city/<code>.

/**
 * A page of the site.
 * @param {string} path without extension, e.g. "counties" or "county/440103"
 * @param {{root?: string, hash?: string, query?: Record<string, string>}} [options]
 * @example pageHref("county/440103") === "./county/440103.html"
 * @example pageHref("findings", {root: "..", hash: "F03"}) === "../findings.html#F03"
 */
export function pageHref(path, { root = ".", hash, query } = {}) {
  const search = query ? `?${new URLSearchParams(query)}` : "";
  return `${root}/${path}.html${search}${hash ? `#${encodeURIComponent(hash)}` : ""}`;
}

/** A county's report. @param {string} code @param {string} [root] @example countyHref("440103") === "./county/440103.html" */
export function countyHref(code, root = ".") {
  return pageHref(`county/${code}`, { root });
}

/** A city's report. @param {string} code @param {string} [root] @example cityHref("4401") === "./city/4401.html" */
export function cityHref(code, root = ".") {
  return pageHref(`city/${code}`, { root });
}

/**
 * A project's page: one page for every project, which reads the project's data file by its id, so an id
 * holding any character (粤府土〔2020〕123号, a slash) is only ever part of the query.
 * @param {string} projectId @param {string} [root]
 * @example projectHref("P 1/2") === "./project.html?id=P+1%2F2"
 */
export function projectHref(projectId, root = ".") {
  return pageHref("project", { root, query: { id: projectId } });
}

/** The anchor of a project's row on its county page. @param {string} projectId */
export function projectAnchor(projectId) {
  return `p-${projectId}`;
}

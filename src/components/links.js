// Addresses of the site's pages, for links built in JavaScript (Framework rewrites the links written in
// Markdown, not these). Every page is a file ending in .html (observablehq.config.ts preserveExtension),
// so the site works on any plain static server; `root` is the way from the linking page to the site's
// root: "." from a top-level page, ".." from county/<code>.

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

/**
 * A project's row on its county's report.
 * @param {string} countyCode @param {string} projectId @param {string} [root]
 * @example projectHref("440103", "P 1") === "./county/440103.html#p-P%201"
 */
export function projectHref(countyCode, projectId, root = ".") {
  return pageHref(`county/${countyCode}`, { root, hash: projectAnchor(projectId) });
}

/** The anchor of a project's row on its county page. @param {string} projectId */
export function projectAnchor(projectId) {
  return `p-${projectId}`;
}

/**
 * What every built page's shell gets for its readers beyond Framework's output (docs/decisions.md W5):
 * a skip link past the sidebar, zoom allowed on phones (Framework's viewport forbids it with
 * maximum-scale=1), the sidebar's toggle named and its list holding only list items (axe-core's rules), and
 * a search box in the sidebar of every page that opens the search page with the words typed.
 */

/** The first thing a keyboard reaches on every page: past the sidebar, straight to the page's content. */
export const SKIP_LINK = `<a class="skip-link" href="#observablehq-main">跳到正文</a>`;

/** The sidebar's search box; `root` is the way from the page to the site's root ("./" or "../"). */
export function searchBox(root: string): string {
  return (
    `<form class="site-search" role="search" method="get" action="${root}search.html">` +
    `<label for="site-search-q">搜索</label>` +
    `<input id="site-search-q" type="search" name="q" autocomplete="off" ` +
    `placeholder="县区、批次、村、身份证号后 4 位"></form>`
  );
}

/** The page with the changes above; a page without Framework's sidebar gets the skip link and zoom only. */
export function pageShell(html: string): string {
  const root = /<nav id="observablehq-sidebar">\s*<ol>[\s\S]*?<a href="(\.{1,2}\/(?:\.\.\/)*)"/.exec(
    html,
  )?.[1];
  let out = html
    .replace(/<body>/, `<body>\n${SKIP_LINK}`)
    .replace(/(<meta name="viewport" content="[^"]*?),\s*maximum-scale=1(\.0)?/, "$1")
    .replace(
      /<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">/,
      `<input id="observablehq-sidebar-toggle" type="checkbox" title="显示或隐藏目录" aria-label="显示或隐藏目录">`,
    )
    .replace(
      /(<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>)/,
      `<li class="sidebar-close">$1</li>`,
    );
  if (root)
    out = out.replace(/(<nav id="observablehq-sidebar">\s*<ol>[\s\S]*?<\/ol>)/, `$1\n${searchBox(root)}`);
  return out;
}

/**
 * What every built page gets beyond Framework's output: `lang="zh-CN"` on <html> (Framework writes a bare
 * <html>), and a Chinese notice instead of a blank page where the site cannot run: JavaScript off, a
 * browser too old for ES modules (old 360 / IE compatibility modes), or the page opened from a file
 * (file://, where browsers refuse module scripts). HEAD goes into every page's <head> through the config;
 * `finishPage` adds the rest when the build writes the page (publish.ts).
 */

import { pageShell } from "./pageShell.ts";

/** The page language, for screen readers, fonts and translation tools. */
export const PAGE_LANG = "zh-CN";

const NOTICE_STYLE =
  ".xianbao-notice{display:none;position:fixed;top:0;left:0;right:0;z-index:10000;margin:0;padding:16px 24px;" +
  "background:#fff4d6;color:#3b2a00;border-bottom:2px solid #b26b00;font:16px/1.6 'PingFang SC','Microsoft YaHei'," +
  "'Noto Sans CJK SC',sans-serif}.xianbao-notice code{background:#fff;padding:0 4px;border:1px solid #d9c08a}" +
  ".xianbao-file .xianbao-notice-file,.xianbao-old .xianbao-notice-old,.xianbao-notice-on{display:block}";

/**
 * Into every page's <head>: two classic scripts (run by every browser, unlike the site's module scripts)
 * that mark the page when it is opened from a file or when the browser cannot run modules (only such a
 * browser runs a `nomodule` script), and the style that shows the matching notice.
 */
export const NOTICE_HEAD =
  `<style>${NOTICE_STYLE}</style>` +
  `<script>if(location.protocol==="file:")document.documentElement.className+=" xianbao-file";</script>` +
  `<script nomodule>document.documentElement.className+=" xianbao-old";</script>`;

/** The notices, first in <body>; hidden unless the head scripts (or the missing JavaScript) show one. */
export const NOTICE_BODY =
  `<noscript><div class="xianbao-notice xianbao-notice-on" role="alert">本网站需要启用 JavaScript 才能显示数字和图表。` +
  `请在浏览器设置中启用 JavaScript, 或使用新版 Chrome、Edge、Firefox。<br>` +
  `This site needs JavaScript to show its figures and charts; please turn it on.</div></noscript>` +
  `<div class="xianbao-notice xianbao-notice-old" role="alert">您的浏览器版本过旧或处于兼容模式, 无法显示本网站。` +
  `请使用新版 Chrome、Edge、Firefox, 或把 360、QQ 等浏览器切换到“极速模式”。<br>` +
  `This browser is too old (or in a compatibility mode) to show this site; use a current Chrome, Edge or Firefox.</div>` +
  `<div class="xianbao-notice xianbao-notice-file" role="alert">请不要直接双击打开网站文件: 浏览器不允许从本地文件运行网站的脚本, 数字和图表都不会显示。` +
  `请在命令行运行 <code>npx xianbao serve 网站文件夹</code> 后打开它显示的地址, ` +
  `或把整个网站文件夹复制到 Web 服务器 (nginx、IIS 等) 上访问。<br>` +
  `Do not open the site's files directly: browsers do not run its scripts from a file. Run ` +
  `<code>npx xianbao serve SITE_FOLDER</code> and open the address it prints, or copy the folder to a web server.</div>`;

/** A page as Framework rendered it, with the language and the notices added (and pageShell's changes). */
export function finishPage(html: string): string {
  return pageShell(
    html.replace(/<html>/, `<html lang="${PAGE_LANG}">`).replace(/<body>/, `<body>\n${NOTICE_BODY}`),
  );
}

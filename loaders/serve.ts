/**
 * `xianbao serve`: the built site on 127.0.0.1, as a plain static server does it (nginx or IIS without
 * rewrite rules): a path is a file, or a folder with index.html; nothing else is mapped, so what works
 * here works on any intranet server. No path outside the site folder can be read (`..`, `%2e%2e`,
 * links pointing out).
 */
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { BilingualError } from "./errors.ts";

/** Content types of what a built site holds; anything else is served as bytes. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".zip": "application/zip",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".pdf": "application/pdf",
};

export interface SiteServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** Checks that `dir` holds a built site (index.html); resolves to its real path. */
export async function checkSiteDir(dir: string): Promise<string> {
  const index = await stat(join(dir, "index.html")).catch(() => null);
  if (!index?.isFile())
    throw new BilingualError(
      `${dir} 中没有构建好的网站 (缺少 index.html)。请先运行 \`npm run build\`, 或给出网站文件夹。`,
      `${dir} holds no built site (no index.html). Run \`npm run build\` first, or give the site's folder.`,
    );
  return realpath(dir);
}

/**
 * The file a request path names inside `root`, or a status: 400 for a path that cannot be decoded,
 * 403 for one that leaves the root, 404 for nothing there; a folder without a trailing slash redirects.
 */
export async function resolveRequest(
  root: string,
  urlPath: string,
): Promise<{ file: string } | { status: 400 | 403 | 404 } | { redirect: string }> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (path.includes("\0") || path.includes("\\")) return { status: 400 };
  const full = resolve(root, `.${path.startsWith("/") ? path : `/${path}`}`);
  const rel = relative(root, full);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { status: 403 };
  let info = await stat(full).catch(() => null);
  let file = full;
  if (info?.isDirectory()) {
    if (!urlPath.endsWith("/")) return { redirect: `${urlPath}/` };
    file = join(full, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return { status: 404 };
  // A link inside the site must not lead out of it.
  const real = await realpath(file).catch(() => null);
  if (!real || !(real === root || real.startsWith(root + sep))) return { status: 403 };
  return { file: real };
}

const MESSAGES: Record<number, string> = {
  400: "400 错误的请求 / bad request",
  403: "403 禁止访问 / forbidden",
  404: "404 没有这个页面 / not found",
  405: "405 只支持 GET / only GET is supported",
};

/** Serves `dir` on `host:port` (port 0: a free one); resolves once listening. */
export async function serveSite(dir: string, port = 0, host = "127.0.0.1"): Promise<SiteServer> {
  const root = await checkSiteDir(dir);
  const server = createServer(async (req, res) => {
    const fail = (status: number) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(MESSAGES[status] + "\n");
    };
    if (req.method !== "GET" && req.method !== "HEAD") return fail(405);
    const url = new URL(req.url ?? "/", "http://localhost");
    const found = await resolveRequest(root, url.pathname);
    if ("status" in found) return fail(found.status);
    if ("redirect" in found) {
      res.writeHead(301, { location: found.redirect + url.search });
      return res.end();
    }
    const info = await stat(found.file);
    res.writeHead(200, {
      "content-type": MIME_TYPES[extname(found.file).toLowerCase()] ?? "application/octet-stream",
      "content-length": info.size,
      "x-content-type-options": "nosniff",
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") return res.end();
    createReadStream(found.file).pipe(res);
  });
  await new Promise<void>((ok, ko) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      ko(
        error.code === "EADDRINUSE"
          ? new BilingualError(
              `端口 ${port} 已被占用; 请用 --port 换一个端口, 或不指定 (自动选择空闲端口)`,
              `port ${port} is in use; choose another with --port, or leave it out (a free port is chosen)`,
            )
          : error,
      ),
    );
    server.listen(port, host, () => ok());
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host}:${actual}/`,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

// `xianbao serve [DIR]` (loaders/serve.ts): the built site on 127.0.0.1 as a plain static server serves it
// (no clean-URL mapping), with the right content types and no way out of the site folder.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startServe } from "./opsHelpers.ts";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { request, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

let root: string;
let site: string;
let child: ChildProcess;
let base: string;

/** A raw GET: the path is sent as written (no client-side normalisation of `..`). */
function get(path: string): Promise<{ status: number; type?: string; body: string; location?: string }> {
  const url = new URL(base);
  return new Promise((ok, ko) => {
    const req = request({ host: url.hostname, port: url.port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () =>
        ok({
          status: res.statusCode!,
          type: res.headers["content-type"],
          body,
          location: res.headers.location,
        }),
      );
    });
    req.on("error", ko);
    req.end();
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ops-serve-"));
  site = join(root, "site");
  await mkdir(join(site, "_file", "data"), { recursive: true });
  await mkdir(join(site, "_npm"), { recursive: true });
  await mkdir(join(site, "county"), { recursive: true });
  await writeFile(join(site, "index.html"), '<html lang="zh-CN">总览</html>');
  await writeFile(join(site, "counties.html"), "县区");
  await writeFile(join(site, "county", "index.html"), "县区目录");
  await writeFile(join(site, "county", "440103.html"), "荔湾");
  await writeFile(join(site, "_file", "data", "overview.1a2b.json"), "{}");
  await writeFile(join(site, "_file", "data", "county.3c4d.zip"), "PK");
  await writeFile(join(site, "_npm", "d3.js"), "export {}");
  await writeFile(join(site, "style.css"), "body{}");
  await writeFile(join(root, "secret.txt"), "outside the site");
  await symlink(join(root, "secret.txt"), join(site, "leak.txt"));
  ({ url: base, child } = await startServe(site));
});

afterAll(async () => {
  child?.kill();
  await rm(root, { recursive: true, force: true });
});

describe("xianbao serve DIR", () => {
  test("prints a 127.0.0.1 URL on a free port and serves index.html at /", async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get("/");
    expect([r.status, r.type, r.body]).toEqual([
      200,
      "text/html; charset=utf-8",
      '<html lang="zh-CN">总览</html>',
    ]);
  });

  test("content types of .js, .css, .json, .zip and .html", async () => {
    expect((await get("/_npm/d3.js")).type).toBe("text/javascript; charset=utf-8");
    expect((await get("/style.css")).type).toBe("text/css; charset=utf-8");
    expect((await get("/_file/data/overview.1a2b.json")).type).toBe("application/json; charset=utf-8");
    expect((await get("/_file/data/county.3c4d.zip")).type).toBe("application/zip");
    expect((await get("/county/440103.html")).body).toBe("荔湾");
  });

  test("plain, as nginx or IIS without rewrite rules: no .html is guessed; a folder redirects to its slash", async () => {
    expect((await get("/counties")).status).toBe(404);
    expect((await get("/counties.html")).status).toBe(200);
    const r = await get("/county");
    expect([r.status, r.location]).toEqual([301, "/county/"]);
    expect((await get("/county/")).body).toBe("县区目录");
  });

  test("no path leaves the site folder: .., encoded %2e%2e and %2f, backslashes, a link pointing out", async () => {
    for (const path of [
      "/../secret.txt",
      "/county/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2e%2e%2fsecret.txt",
      "/county/%2e%2e%2f%2e%2e%2fsecret.txt",
      "/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/leak.txt",
      "/%00",
    ]) {
      const r = await get(path);
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.body, path).not.toContain("outside the site");
    }
    expect((await get("/%E0%A4%A")).status).toBe(400);
  });

  test("only GET and HEAD", async () => {
    const url = new URL(base);
    const status = await new Promise<number>((ok) =>
      request({ host: url.hostname, port: url.port, path: "/", method: "POST" }, (res) =>
        ok(res.statusCode!),
      ).end(),
    );
    expect(status).toBe(405);
  });
});

describe("xianbao serve: what is checked first", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["bin/xianbao.js", "serve", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30_000,
    });

  test("a folder without a built site: exit 1, says to build first", () => {
    const r = run([root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("holds no built site (no index.html). Run `npm run build` first");
    expect(r.stderr).toContain("中没有构建好的网站");
  });

  test("--port in use: exit 1, says to choose another", async () => {
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, "127.0.0.1", ok));
    const port = (busy.address() as { port: number }).port;
    const r = await new Promise<{ status: number | null; stderr: string }>((ok) => {
      const c = spawn(process.execPath, ["bin/xianbao.js", "serve", site, "--port", String(port)], {
        cwd: ROOT,
      });
      let stderr = "";
      c.stderr.on("data", (d) => (stderr += d));
      c.on("exit", (status) => ok({ status, stderr }));
    });
    busy.close();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`port ${port} is in use; choose another with --port`);
  });

  test("--port that is not a port: refused with the reason", () => {
    const r = run([site, "--port", "99999"]);
    // A usage error (docs/outputs.md#exit-codes).
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("must be a whole number from 0 to 65535");
  });
});

// Staging writes on a full disk (loaders/sources/tempFiles.ts): the user's problem in words, with the
// folder and what to set, and the partial file removed. /dev/full answers every write with ENOSPC.
import { describe, expect, test } from "vitest";
import { existsSync } from "node:fs";
import { lstat, mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BilingualError } from "../loaders/errors.ts";
import { diskError, openSink } from "../loaders/sources/tempFiles.ts";

describe("openSink(path, context)", () => {
  test.skipIf(!existsSync("/dev/full"))(
    "a write to a full disk: a bilingual message, and the file removed",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "xianbao-full-"));
      // A link to /dev/full: removing the partial file removes the link, never the device.
      const path = join(dir, "copy.csv");
      await symlink("/dev/full", path);
      const sink = await openSink(path, { file: "distributions/4401.xlsx", needBytes: 50 * 2 ** 20 });
      const error = await (async () => {
        await sink.write("x".repeat(2 << 20));
        await sink.close();
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BilingualError);
      const { zh, en } = error as BilingualError;
      expect(zh).toContain(`临时文件夹 ${tmpdir()}`);
      expect(zh).toMatch(/磁盘已满 \(ENOSPC\), 转换 distributions\/4401\.xlsx 时无法写入; 还需要约 \d+ MB/);
      expect(en).toMatch(
        /is full \(ENOSPC\) while converting distributions\/4401\.xlsx; about \d+ MB more are needed/,
      );
      expect(en).toMatch(/set XIANBAO_TEMP_DIR \(or TMPDIR\)/);
      await expect(lstat(path)).rejects.toThrow(/ENOENT/);
    },
  );
});

describe("diskError(error, path, context, written)", () => {
  test("ENOSPC and EDQUOT in words; any other error as it was", () => {
    const full = Object.assign(new Error("no space"), { code: "EDQUOT" });
    const other = Object.assign(new Error("denied"), { code: "EACCES" });
    const ctx = { file: "a.csv", needBytes: 10 * 2 ** 20 };
    expect((diskError(full, "/t/work/x.csv", ctx, 2 ** 20) as BilingualError).en).toBe(
      "the disk of the temporary folder /t is full (EDQUOT) while converting a.csv; about 9 MB more are needed. Free space there, or set XIANBAO_TEMP_DIR (or TMPDIR) to a folder with room, and run again. The partial temporary files were removed.",
    );
    expect(diskError(other, "/t/work/x.csv", ctx, 0)).toBe(other);
  });
});

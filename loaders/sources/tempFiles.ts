/**
 * Every file written while staging (a transcoded copy, a workbook turned into CSV) goes through a sink
 * that reports a full disk as the user's problem, in words, instead of a stream that never drains (Node
 * then exits 13 with no output at all, docs/decisions.md I21). The caller's work folder, and with it the
 * partial file, is removed by ingest.
 */
import { open, rm, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { BilingualError } from "../errors.ts";

export interface TextSink {
  write(data: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
}

export interface SinkContext {
  /** The data file being converted, as shown in messages. */
  file: string;
  /** About how many bytes the whole copy needs (for the message). */
  needBytes: number;
}

const FLUSH_AT = 1 << 20;
const FULL = new Set(["ENOSPC", "EDQUOT"]);

/** Opens `path` for writing through a 1 MB buffer. */
export async function openSink(path: string, context: SinkContext): Promise<TextSink> {
  let handle: FileHandle;
  try {
    handle = await open(path, "w");
  } catch (error) {
    throw diskError(error, path, context, 0);
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let written = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    try {
      await handle.write(data);
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(path, { force: true });
      throw diskError(error, path, context, written);
    }
    written += data.length;
  };
  return {
    get bytes() {
      return written + pendingBytes;
    },
    async write(data) {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= FLUSH_AT) await flush();
    },
    async close() {
      await flush();
      try {
        await handle.close();
      } catch (error) {
        await rm(path, { force: true });
        throw diskError(error, path, context, written);
      }
    },
  };
}

/** A full disk (or quota) in words; any other error as it was. */
export function diskError(error: unknown, path: string, context: SinkContext, written: number): unknown {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (!FULL.has(code)) return error;
  const dir = dirname(dirname(path));
  const mb = Math.max(1, Math.ceil(Math.max(context.needBytes - written, context.needBytes / 10) / 2 ** 20));
  return new BilingualError(
    `临时文件夹 ${dir} 所在的磁盘已满 (${code}), 转换 ${context.file} 时无法写入; 还需要约 ${mb} MB。请清理该磁盘, 或把环境变量 XIANBAO_TEMP_DIR (或 TMPDIR) 设为空间足够的文件夹后重试。已写入的临时文件已删除。`,
    `the disk of the temporary folder ${dir} is full (${code}) while converting ${context.file}; about ${mb} MB more are needed. Free space there, or set XIANBAO_TEMP_DIR (or TMPDIR) to a folder with room, and run again. The partial temporary files were removed.`,
  );
}

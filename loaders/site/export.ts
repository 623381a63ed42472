/**
 * The shapes of the site's data files: compact JSON made from the site queries (loaders/sql/site), one
 * file per page and one per county, so that no page loads more than it shows. Money is in whole fen
 * (exact integers in JavaScript); people appear only masked, linked across rows by a keyed hash
 * (docs/privacy.md#mask-in-text).
 */
import { createHash, createHmac } from "node:crypto";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Rows to columns: `{a: [..], b: [..]}`, half the size of an array of objects; every key of the first row when none given. */
export function columns(rows: readonly object[], keys?: readonly string[]): Record<string, Json[]> {
  const out: Record<string, Json[]> = {};
  for (const key of keys ?? Object.keys(rows[0] ?? {}))
    out[key] = rows.map((r) => ((r as Record<string, unknown>)[key] ?? null) as Json);
  return out;
}

/** A row without some of its keys. */
export function omit<T extends object>(row: T, keys: readonly string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(row)) if (!keys.includes(k)) out[k] = v as Json;
  return out;
}

/** The row with only `keys` (in that order). */
export function pick<T extends object>(row: T, keys: readonly string[]): Record<string, Json> {
  const r = row as Record<string, Json>;
  return Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));
}

/** A keyed hash of a person ID for linking rows without revealing it: 12 hex characters of HMAC-SHA256. */
export function personKey(secret: string, personId: string): string {
  return createHmac("sha256", secret).update(personId).digest("hex").slice(0, 12);
}

/**
 * The secret's two padded keys of HMAC-SHA256 (RFC 2104) as hex: with them DuckDB computes personKey
 * (loaders/sql/site/finding_rows.sql), bound as parameters, so the secret is never in a query's text.
 * They reveal the secret: bind them, never write or log them.
 */
export function personKeyPads(secret: string): { inner: string; outer: string } {
  let key = Buffer.from(secret, "utf8");
  if (key.length > 64) key = createHash("sha256").update(key).digest();
  const block = Buffer.alloc(64);
  key.copy(block);
  const pad = (byte: number) => Buffer.from(block.map((b) => b ^ byte)).toString("hex");
  return { inner: pad(0x36), outer: pad(0x5c) };
}

/** Rows grouped by a key, in their order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(row);
  }
  return out;
}

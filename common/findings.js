// How many findings the 审计线索 page holds at once (docs/outputs.md#findings-page): with at most this many
// the build writes them all in one shard and the page loads it on opening; above it the page loads the
// shards (one county × one rule each) its filters choose, as long as they hold at most this many, and
// otherwise lists the 整改不实 claims and asks for a city, county or rule. Keep it free of DOM and Node APIs.

/** The bound: about 50,000 findings decode, filter and draw within the page's budget (docs/benchmarks/findings-output.md). */
export const FINDINGS_AT_ONCE = 50_000;

// funnel_duckdb.mjs: crm-funnel's per-stage table in DuckDB SQL (window
// functions over the history), for the bench; DuckDB from npm
// (@duckdb/node-api).
//
// usage: node bench/funnel_duckdb.mjs STAGES DEALS HISTORY AS_OF OUT
import { DuckDBInstance } from '@duckdb/node-api';

const [stages, deals, hist, asOf, out] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const q = (s) => s.replace(/'/g, "''");
const sql = `
SET TimeZone = 'UTC';
CREATE TABLE st AS SELECT name, CAST(position AS INT) pos, kind,
  CAST(probability AS INT) prob, TRY_CAST(sla_days AS DOUBLE) sla
  FROM read_csv('${q(stages)}', header = true, all_varchar = true);
CREATE TABLE so AS SELECT name, row_number() OVER (ORDER BY pos) - 1 AS ord
  FROM st WHERE kind = 'open';
CREATE TABLE d AS SELECT external_id id, status,
  CAST(round(CAST(amount AS DOUBLE) * 100) AS BIGINT) cents,
  CAST(NULLIF(closed_at, '') AS TIMESTAMPTZ) closed
  FROM read_csv('${q(deals)}', header = true, all_varchar = true);
CREATE TABLE h AS SELECT row_number() OVER () seq, deal, stage,
  CAST(entered_at AS TIMESTAMPTZ) t
  FROM read_csv('${q(hist)}', header = true, all_varchar = true);
CREATE TABLE v AS SELECT h.deal, h.stage, h.t, so.ord, d.status, d.cents,
  lead(h.t) OVER w nt, row_number() OVER (PARTITION BY h.deal ORDER BY h.t DESC, h.seq DESC) = 1 lastrow,
  d.closed
  FROM h JOIN d ON d.id = h.deal LEFT JOIN so ON so.name = h.stage
  WINDOW w AS (PARTITION BY h.deal ORDER BY h.t, h.seq);
CREATE TABLE vd AS SELECT *, epoch(coalesce(nt, CASE WHEN status = 'open'
  THEN TIMESTAMPTZ '${q(asOf)} 00:00:00+00' ELSE closed END) - t) / 86400.0 AS dur FROM v;
CREATE TABLE per AS SELECT stage, deal, sum(dur) AS dur FROM vd
  WHERE ord IS NOT NULL AND dur IS NOT NULL AND dur >= 0 GROUP BY stage, deal;
CREATE TABLE stats AS SELECT stage, avg(dur) m, quantile_cont(dur, 0.5) med,
  quantile_cont(dur, 0.9) p90 FROM per GROUP BY stage;
CREATE TABLE rk AS SELECT d.id, CASE WHEN d.status = 'won' THEN (SELECT count(*) FROM so)
  ELSE coalesce((SELECT max(ord) FROM v WHERE v.deal = d.id), -1) END r, d.status FROM d;
CREATE TABLE lo AS SELECT stage, count(*) n FROM (SELECT deal, arg_max(stage, t) stage
  FROM (SELECT * FROM v WHERE ord IS NOT NULL) GROUP BY deal) x
  JOIN d ON d.id = x.deal AND d.status = 'lost' GROUP BY stage;
CREATE TABLE cur AS SELECT v.deal, v.stage, v.t, v.cents, st.prob, coalesce(st.sla, 30) lim
  FROM v JOIN st ON st.name = v.stage WHERE lastrow AND v.status = 'open';
CREATE TABLE op AS SELECT stage, count(*) n, sum(cents) amt,
  sum((cents * prob + 50) // 100) w,
  count(*) FILTER (WHERE epoch(TIMESTAMPTZ '${q(asOf)} 00:00:00+00' - t) / 86400.0 > lim) stuck
  FROM cur GROUP BY stage;
CREATE TABLE en AS SELECT stage, count(DISTINCT deal) n FROM h GROUP BY stage;
`;
await con.run(sql);
const money = (c) => (c < 0 ? '-' : '') + (Math.abs(c) / 100n) + '.' +
  String(Math.abs(c) % 100n).padStart(2, '0');
const abs = (x) => (x < 0n ? -x : x);
const money2 = (c) => { c = BigInt(c ?? 0); return (c < 0n ? '-' : '') + (abs(c) / 100n) + '.' + String(abs(c) % 100n).padStart(2, '0'); };
const rows = (await con.runAndReadAll(`
SELECT st.name, st.pos, st.kind, so.ord,
  CASE WHEN st.kind = 'open' THEN (SELECT count(*) FROM rk WHERE r >= so.ord)
       WHEN st.kind = 'won' THEN (SELECT count(*) FROM d WHERE status = 'won')
       ELSE (SELECT count(*) FROM d WHERE status = 'lost') END reached,
  coalesce(en.n, 0) entered,
  CASE WHEN st.kind = 'open' THEN coalesce((SELECT count(*) FROM rk WHERE r >= so.ord + 1
    AND (so.ord + 1 < (SELECT count(*) FROM so) OR status = 'won')), 0) END conv,
  coalesce(lo.n, 0) lost_here, coalesce(op.n, 0) nopen, coalesce(op.amt, 0) amt,
  coalesce(op.w, 0) w, stats.m, stats.med, stats.p90, coalesce(op.stuck, 0) stuck
FROM st LEFT JOIN so ON so.name = st.name LEFT JOIN en ON en.stage = st.name
  LEFT JOIN lo ON lo.stage = st.name LEFT JOIN op ON op.stage = st.name
  LEFT JOIN stats ON stats.stage = st.name ORDER BY st.pos`)).getRows();
const f2 = (x) => (x === null ? '' : Number(x).toFixed(2));
let text = 'stage,position,reached,entered,converted,conversion,lost_here,open,' +
  'open_amount,weighted_amount,days_mean,days_median,days_p90,stuck\n';
for (const r of rows) {
  const [name, pos, kind, , reached, entered, conv, lost, nopen, amt, w, m, med, p90, stuck] = r;
  if (kind !== 'open') {
    text += [name, pos, reached, entered, '', '', '', '', '', '', '', '', '', ''].join(',') + '\n';
    continue;
  }
  const rc = Number(reached), cv = Number(conv);
  text += [name, pos, reached, entered, conv, rc ? (cv / rc).toFixed(4) : '', lost, nopen,
    money2(amt), money2(w), f2(m), f2(med), f2(p90), stuck].join(',') + '\n';
}
const fs = await import('node:fs');
fs.writeFileSync(out, text);
void money;

-- Parsing and checking macros shared by the validation queries (docs/data.md#values).
-- Every macro takes text that may be NULL and returns NULL when it cannot parse, so the validation
-- queries can tell "missing" from "malformed".

-- Full-width ASCII (U+FF01-U+FF5E) and the ideographic space to ASCII: exports typed on Chinese input
-- methods carry full-width digits, letters and punctuation.
-- translate() is slow (about 3 s a million values), so only text that holds such a character pays for it.
CREATE OR REPLACE MACRO halfwidth(x) AS CASE
  WHEN regexp_matches(x, '[\x{FF01}-\x{FF5E}\x{3000}]') THEN translate(x,
    '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　',
    '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ')
  ELSE x
END;

-- Trims spaces of every width (ASCII, ideographic, no-break, BOM) and line ends; '' becomes NULL. Most
-- values need none of it, and a regular-expression test is cheaper than trim() with a character set.
CREATE OR REPLACE MACRO clean_text(x) AS CASE
  WHEN regexp_matches(x, '^[\s\x{3000}\x{A0}\x{FEFF}]|[\s\x{3000}\x{A0}\x{FEFF}]$')
    THEN nullif(trim(x, ' ' || chr(9) || chr(10) || chr(13) || chr(12288) || chr(160) || chr(65279)), '')
  ELSE nullif(x, '')
END;

-- Codes, keys, numbers and dates: half-width, trimmed. The common case, ASCII text that starts and ends
-- with a visible character, needs neither and is tested without a regular expression.
CREATE OR REPLACE MACRO clean_code(x) AS CASE
  WHEN x[1] > ' ' AND x[-1] > ' ' AND strlen(x) = length(x) THEN x
  ELSE clean_text(halfwidth(x))
END;

-- A number as plain digits: "1234.5", "-3", "1,234.50" (thousands groups must be exact, so a decimal
-- comma such as "1,5" is not silently read as 15). NULL when malformed.
CREATE OR REPLACE MACRO number_core(x) AS CASE
  WHEN regexp_full_match(x, '[+-]?[0-9]+([.][0-9]+)?') THEN ltrim(x, '+')
  WHEN regexp_full_match(x, '[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]+)?') THEN replace(ltrim(x, '+'), ',', '')
END;

-- A number of a field whose unit is `unit` (元, 亩, 人, 元/亩; '' for none): the plain forms above, or
-- with the unit written after it ("1,234.50元", "10 亩") and, for amounts in yuan, a ¥ or ￥ before it
-- ("￥1,234.50"), as people type them (docs/decisions.md I6). Another unit is not accepted ("10元" as
-- an area is rejected). Only values that are not plain pay for the second test.
CREATE OR REPLACE MACRO number_without_unit(x, unit) AS CASE
  WHEN starts_with(unit, '元') THEN regexp_replace(regexp_replace(x, '\s*' || unit || '$', ''), '^[¥￥]\s*', '')
  ELSE regexp_replace(x, '\s*' || unit || '$', '')
END;
CREATE OR REPLACE MACRO number_text(x, unit) AS
  coalesce(number_core(x), CASE WHEN unit <> '' THEN number_core(number_without_unit(x, unit)) END);

-- Digits after the decimal point of a number_text.
CREATE OR REPLACE MACRO decimals(t) AS
  CASE WHEN contains(t, '.') THEN length(split_part(t, '.', 2)) ELSE 0 END;

-- A percentage such as "85%" as a fraction; other numbers unchanged (only for shares).
CREATE OR REPLACE MACRO share_text(x) AS CASE
  WHEN regexp_full_match(x, '[0-9]+([.][0-9]+)?%') THEN
    CAST(CAST(rtrim(x, '%') AS DECIMAL(18, 6)) / 100 AS VARCHAR)
  ELSE number_text(x, '')
END;

-- Date text without a time of day ("2023-03-05 00:00:00" -> "2023-03-05"). Text shorter than the shortest
-- date with a time ("2023-3-5 0:00", 13 bytes) cannot hold one and skips the regular expression.
CREATE OR REPLACE MACRO date_text(x) AS CASE
  WHEN strlen(x) < 13 THEN x
  ELSE regexp_replace(x, '^([0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2})[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?$', '\1')
END;

-- Whether date text has one of the accepted shapes (whether or not it is a real calendar day).
CREATE OR REPLACE MACRO is_date_shape(t) AS
  regexp_full_match(t, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}')
  OR regexp_full_match(t, '[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}')
  OR regexp_full_match(t, '[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日')
  OR regexp_full_match(t, '[0-9]{4}[.][0-9]{1,2}[.][0-9]{1,2}')
  OR regexp_full_match(t, '(19|20)[0-9]{6}')
  OR regexp_full_match(t, '[0-9]{1,5}([.][0-9]+)?');

-- The calendar date of date text: YYYY-MM-DD, YYYY/MM/DD, YYYY年M月D日, YYYY.M.D, YYYYMMDD or an Excel
-- serial number (days since 1899-12-30; a fraction is a time of day and is dropped). NULL when not a real
-- day. Day-first or month-first forms (5/6/2023) are not dates: which is which cannot be known.
CREATE OR REPLACE MACRO parse_date(t) AS CASE
  WHEN regexp_full_match(t, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN CAST(try_strptime(t, '%Y-%m-%d') AS DATE)
  WHEN regexp_full_match(t, '[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}') THEN CAST(try_strptime(t, '%Y/%m/%d') AS DATE)
  WHEN regexp_full_match(t, '[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日') THEN CAST(try_strptime(t, '%Y年%m月%d日') AS DATE)
  WHEN regexp_full_match(t, '[0-9]{4}[.][0-9]{1,2}[.][0-9]{1,2}') THEN CAST(try_strptime(t, '%Y.%m.%d') AS DATE)
  WHEN regexp_full_match(t, '(19|20)[0-9]{6}') THEN CAST(try_strptime(t, '%Y%m%d') AS DATE)
  WHEN regexp_full_match(t, '[0-9]{1,5}([.][0-9]+)?') THEN
    DATE '1899-12-30' + CAST(floor(CAST(t AS DOUBLE)) AS INTEGER)
END;

-- GB 11643 check character of an 18-character ID's first 17 digits. The digits are taken from the number
-- by integer arithmetic, which is several times faster than 17 substrings.
CREATE OR REPLACE MACRO id_check_char_of(n) AS
  substr('10X98765432', 1 + CAST((((n // 10000000000000000) % 10) * 7 + ((n // 1000000000000000) % 10) * 9 + ((n // 100000000000000) % 10) * 10 + ((n // 10000000000000) % 10) * 5 + ((n // 1000000000000) % 10) * 8 + ((n // 100000000000) % 10) * 4 + ((n // 10000000000) % 10) * 2 + ((n // 1000000000) % 10) * 1 + ((n // 100000000) % 10) * 6 + ((n // 10000000) % 10) * 3 + ((n // 1000000) % 10) * 7 + ((n // 100000) % 10) * 9 + ((n // 10000) % 10) * 10 + ((n // 1000) % 10) * 5 + ((n // 100) % 10) * 8 + ((n // 10) % 10) * 4 + (n % 10) * 2) % 11 AS INTEGER), 1);
CREATE OR REPLACE MACRO id_check_char(id) AS id_check_char_of(CAST(left(id, 17) AS BIGINT));

-- The birth date digits (7-14, YYYYMMDD) of an ID's first 17 digits as a number (distributions.id_digits).
CREATE OR REPLACE MACRO id_digits_ymd(n) AS n // 1000 % 100000000;

-- Whether YYYYMMDD (an integer) is a real day from 1900 on.
CREATE OR REPLACE MACRO is_birth_day(ymd) AS
  (ymd // 10000) BETWEEN 1900 AND 2199 AND (ymd // 100 % 100) BETWEEN 1 AND 12 AND (ymd % 100) >= 1
  AND (ymd % 100) <= day(last_day(make_date(CAST(ymd // 10000 AS INTEGER),
                                            CAST(least(greatest(ymd // 100 % 100, 1), 12) AS INTEGER), 1)));

-- Why a citizen ID (upper-cased, half-width) is not acceptable, as a reason code; NULL when it is.
-- The queries compute the parts as columns first (id_parts) and judge them with id_issue: inside a CASE
-- branch DuckDB evaluates the arithmetic several times slower than as a column of its own.
CREATE OR REPLACE MACRO id_issue(id, shape18, birth_ok, check_ok) AS CASE
  WHEN NOT shape18 THEN CASE WHEN regexp_full_match(id, '[0-9]{15}') THEN 'person_id_legacy15' ELSE 'person_id_format' END
  WHEN NOT birth_ok THEN 'person_id_birth'
  WHEN NOT check_ok THEN 'person_id_check'
END;

-- The same judgement in one call, for small inputs and tests.
CREATE OR REPLACE MACRO person_id_problem(id) AS id_issue(id, regexp_full_match(id, '[0-9]{17}[0-9X]'),
  is_birth_day(id_digits_ymd(TRY_CAST(left(id, 17) AS BIGINT))),
  id_check_char_of(TRY_CAST(left(id, 17) AS BIGINT)) = right(id, 1));

-- Birth date encoded in a valid ID, from its first 17 digits as a number (distributions.id_digits) by
-- integer arithmetic (8.2 million IDs: 0.17 s, against 0.50 s parsing the text); or from the ID.
CREATE OR REPLACE MACRO id_digits_birth_date(n) AS
  make_date(id_digits_ymd(n) // 10000, id_digits_ymd(n) // 100 % 100, id_digits_ymd(n) % 100);
CREATE OR REPLACE MACRO id_birth_date(id) AS id_digits_birth_date(CAST(left(id, 17) AS BIGINT));

-- Masked form of an ID for anything a person may see (docs/privacy.md): first 6 and last 4 characters.
CREATE OR REPLACE MACRO mask_id(id) AS CASE
  WHEN id IS NULL THEN NULL
  WHEN length(id) <= 10 THEN repeat('*', length(id))
  ELSE left(id, 6) || repeat('*', length(id) - 10) || right(id, 4)
END;

-- Masks every ID-shaped number inside free text (docs/privacy.md): a run of 15 or more digits, single
-- spaces or hyphens allowed between them, an X at the end, glued to letters, digits or underscores or not,
-- full-width or not; the first 6 and last 4 characters of the run are kept. Text without such a run is
-- returned unchanged. loaders/personId.ts maskIdsIn is the same rule (test/personId.test.ts).
CREATE OR REPLACE MACRO mask_id_run(run) AS
  left(upper(regexp_replace(run, '[^0-9Xx]', '', 'g')), 6) || '********' || right(upper(regexp_replace(run, '[^0-9Xx]', '', 'g')), 4);
CREATE OR REPLACE MACRO mask_ids_in(text) AS CASE
  WHEN text IS NULL OR NOT regexp_matches(halfwidth(text), '[0-9](?:[ -]?[0-9]){14,}') THEN text
  ELSE array_to_string(list_transform(
    regexp_split_to_array(halfwidth(text), '[0-9](?:[ -]?[0-9]){14,}(?:[ -]?[Xx])?'),
    (piece, i) -> piece || coalesce(mask_id_run(regexp_extract_all(halfwidth(text), '[0-9](?:[ -]?[0-9]){14,}(?:[ -]?[Xx])?')[i]), '')), '')
END;

-- A rejected value as it may be stored and shown: an ID masked whole in its own field, any ID-shaped
-- number masked inside other text, cut at 200 characters after masking.
CREATE OR REPLACE MACRO reject_value(field, value) AS CASE
  WHEN value IS NULL THEN NULL
  WHEN field = 'person_id' THEN mask_id(upper(clean_code(value)))
  ELSE left(mask_ids_in(value), 200)
END;

-- A text cell of the CLI outputs: bidirectional controls (U+202A-E, U+2066-9, U+200E/F, U+061C) dropped, so
-- that a name cannot display reversed (common/text.js does the same on the pages), then text a spreadsheet
-- would run as a formula gets a leading apostrophe (CSV injection).
CREATE OR REPLACE MACRO bidi_free(x) AS
  CASE WHEN regexp_matches(x, '[\x{202A}-\x{202E}\x{2066}-\x{2069}\x{200E}\x{200F}\x{061C}]')
    THEN regexp_replace(x, '[\x{202A}-\x{202E}\x{2066}-\x{2069}\x{200E}\x{200F}\x{061C}]', '', 'g') ELSE x END;
CREATE OR REPLACE MACRO formula_safe(x) AS
  CASE WHEN regexp_matches(x, '^[=+\-@\t\r]') THEN '''' || x ELSE x END;
CREATE OR REPLACE MACRO sheet_safe(x) AS formula_safe(bidi_free(x));

-- Integer division rounding half up, for exact decimals from HUGEINT numerators and denominators.
CREATE OR REPLACE MACRO div_round(n, d) AS (2 * n + d) // (2 * d);
-- Field checks by kind. The validation queries clean each field once (c_*) and parse it once (t_*); these
-- take both and return a reason code (see reasons.sql) or NULL when the value is fine. Rules that involve
-- more than one field are in the queries themselves.

-- An Excel error value (#N/A, #VALUE! ...) as text: what a CSV holds where the workbook had an error cell.
CREATE OR REPLACE MACRO is_excel_error(c) AS
  starts_with(c, '#') AND regexp_full_match(c, '#(N/A|VALUE!|REF!|DIV/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)');

CREATE OR REPLACE MACRO text_issue(c, required) AS CASE
  WHEN c IS NULL THEN CASE WHEN required THEN 'required' END
  WHEN length(c) > 500 THEN 'text_too_long'
  WHEN is_excel_error(c) THEN 'excel_error'
END;

-- A key (project_id, flow_id, record_id): text, but never one in scientific notation (a number Excel
-- showed in General format and saved with its digits lost).
CREATE OR REPLACE MACRO key_issue(c, required) AS CASE
  WHEN c IS NULL THEN CASE WHEN required THEN 'required' END
  WHEN length(c) > 500 THEN 'text_too_long'
  WHEN is_sci_number(c) THEN 'stored_as_number'
  WHEN is_excel_error(c) THEN 'excel_error'
END;

-- c = clean_code(raw), d = parse_date(date_text(c)).
CREATE OR REPLACE MACRO date_issue(c, d, required, today) AS CASE
  WHEN c IS NULL THEN CASE WHEN required THEN 'required' END
  WHEN d IS NULL AND NOT is_date_shape(date_text(c)) THEN 'date_format'
  WHEN d IS NULL THEN 'date_invalid'
  WHEN d < DATE '1949-10-01' THEN 'date_too_early'
  WHEN d > today THEN 'date_future'
END;

-- Money in yuan with at most 2 decimals (docs/data.md#money: exact to the fen).
-- c = clean_code(raw), n = number_text(c), v = TRY_CAST(n AS DECIMAL(18, 2)).
CREATE OR REPLACE MACRO money_issue(c, n, v, required, allow_zero) AS CASE
  WHEN c IS NULL THEN CASE WHEN required THEN 'required' END
  WHEN n IS NULL THEN 'money_format'
  WHEN decimals(n) > 2 THEN 'money_decimals'
  WHEN v IS NULL THEN 'money_range'
  WHEN v < 0 THEN 'money_negative'
  WHEN v = 0 AND NOT allow_zero THEN 'money_zero'
END;

-- A decimal with at most `places` decimals that fits DECIMAL(18, 6); sign rules are the caller's.
CREATE OR REPLACE MACRO decimal_issue(c, n, required, places) AS CASE
  WHEN c IS NULL THEN CASE WHEN required THEN 'required' END
  WHEN n IS NULL THEN 'number_format'
  WHEN decimals(n) > places THEN 'decimal_places_' || places
  WHEN TRY_CAST(n AS DECIMAL(18, 6)) IS NULL THEN 'number_range'
END;

-- An enumeration value from cleaned text: the accepted spellings (English code or Chinese label, any
-- case, full-width tolerated) map to the code; NULL when the text is none of them.
CREATE OR REPLACE MACRO enum_value(c, spellings) AS spellings[lower(replace(c, ' ', ''))];

-- Money as whole fen (HUGEINT) and back, for exact division and rounding.
CREATE OR REPLACE MACRO yuan_to_fen(x) AS CAST(x * 100 AS HUGEINT);
CREATE OR REPLACE MACRO fen_to_yuan(x) AS CAST(CAST(x AS DECIMAL(38, 0)) * 0.01 AS DECIMAL(18, 2));
-- The individual account's monthly pension of an amount (docs/metrics.md#monthly-from-account): amount ÷
-- annuity_divisor, exact in fen, half up (seed 001: 9000 / 139 plus the base pension is about 120 a month).
CREATE OR REPLACE MACRO monthly_pension_yuan(amount_yuan, divisor) AS
  fen_to_yuan(div_round(yuan_to_fen(amount_yuan) * 1000000, CAST(divisor * 1000000 AS HUGEINT)));

-- A key or code typed in scientific notation: Excel showed a number in General format ("4.40102E+17",
-- "4.41702E+12") and saved the digits it showed; the rest are lost.
CREATE OR REPLACE MACRO is_sci_number(c) AS
  contains(upper(c), 'E+') AND regexp_full_match(c, '[0-9]([.][0-9]+)?[Ee][+][0-9]{1,3}');

-- Words that make a row not data (docs/decisions.md I17), its first cell with spaces removed: a totals
-- row, and the signature and note rows under a table.
CREATE OR REPLACE MACRO totals_word(label) AS
  nullif(regexp_extract(label, '^(合计|总计|共计|总合计|小计|本页合计|本页小计|累计)[:：]?$', 1), '');
CREATE OR REPLACE MACRO footer_word(label) AS nullif(regexp_extract(label,
  '^(填表人|填报人|制表人|制表|审核人|审核|复核人|复核|负责人|单位负责人|分管领导|主管领导|经办人|联系人|联系电话|填报单位|填报日期|制表日期|报送日期|日期|盖章|单位盖章|单位\(盖章\)|注|说明|备注)([:：(（]|$)', 1), '');
CREATE OR REPLACE MACRO note_word(label) AS coalesce(totals_word(label), footer_word(label));

-- How a value that was read differs from its plain form, for the load report (docs/decisions.md I22:
-- nothing a person typed is changed silently). NULL for a plain value or one that was not read; otherwise
-- the kinds of change, counted per file and field by validate/collect_forms.sql.
CREATE OR REPLACE MACRO typed_forms(r) AS list_filter([
    CASE WHEN regexp_matches(r, '[\x{FF01}-\x{FF5E}\x{3000}]') THEN 'full_width' END,
    CASE WHEN regexp_matches(r, '^[\s\x{3000}\x{A0}\x{FEFF}]|[\s\x{3000}\x{A0}\x{FEFF}]$') THEN 'trimmed' END],
  k -> k IS NOT NULL);
CREATE OR REPLACE MACRO text_forms(r, c) AS CASE
  WHEN r IS NULL OR c IS NULL OR r = c THEN NULL ELSE nullif(typed_forms(r), []) END;
CREATE OR REPLACE MACRO id_forms(r, c) AS CASE
  WHEN r IS NULL OR c IS NULL OR r = c THEN NULL
  ELSE nullif(list_concat(typed_forms(r), CASE WHEN regexp_matches(r, '[xｘ]') THEN ['lowercase_x'] ELSE [] END), [])
END;
CREATE OR REPLACE MACRO number_forms(r, n) AS CASE
  WHEN r IS NULL OR n IS NULL OR r = n THEN NULL
  ELSE nullif(list_concat(typed_forms(r), list_filter([
    CASE WHEN regexp_matches(r, '[¥￥]') THEN 'currency' END,
    CASE WHEN regexp_matches(r, '(元|亩|人|元/亩)[\s\x{3000}]*$') THEN 'unit' END,
    CASE WHEN regexp_matches(r, '[,，]') THEN 'thousands' END,
    CASE WHEN regexp_matches(r, '[%％]') THEN 'percent' END,
    CASE WHEN regexp_matches(r, '^[\s\x{3000}]*[+＋]') THEN 'plus_sign' END], k -> k IS NOT NULL)), [])
END;
CREATE OR REPLACE MACRO date_forms(r, d) AS CASE
  WHEN r IS NULL OR d IS NULL OR (strlen(r) = 10 AND r[5] = '-' AND r[8] = '-') THEN NULL
  ELSE nullif(list_concat(typed_forms(r), list_filter([
    CASE WHEN regexp_matches(r, '[0-9][ T][0-9]{1,2}:[0-9]') THEN 'date_time' END,
    CASE WHEN regexp_matches(halfwidth(r), '^\s*[0-9]{4}/') THEN 'date_slash'
         WHEN contains(r, '年') THEN 'date_chinese'
         WHEN regexp_matches(halfwidth(r), '^\s*[0-9]{4}[.][0-9]{1,2}[.]') THEN 'date_dots'
         WHEN regexp_matches(halfwidth(r), '^\s*(19|20)[0-9]{6}\s*$') THEN 'date_compact'
         WHEN regexp_matches(halfwidth(r), '^\s*[0-9]{1,5}([.][0-9]+)?\s*$') THEN 'date_serial'
         WHEN regexp_matches(halfwidth(r), '^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') AND NOT regexp_matches(halfwidth(r), '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN 'date_unpadded' END],
    k -> k IS NOT NULL)), [])
END;

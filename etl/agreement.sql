-- Agreement between sources: every pair of figures from different sources that state the same thing
-- (same indicator, entity, period, unit, kind and producer; forecasts only within one vintage window),
-- whether their values agree within the tolerances of data/agreement.toml. Disagreements stay: both
-- figures keep their rows in `figures`; this view only says that they differ.

CREATE VIEW source_agreement AS
WITH stated AS (
    SELECT f.figure_id, f.indicator_id, f.entity, f.period, f.unit, f.kind, f.attributed_to, f.value,
           f.qualifier, f.doc_id, f.quote, s.publisher,
           coalesce(s.published, s.published_earliest) AS vintage,
           CASE f.qualifier
               WHEN 'over' THEN f.value
               WHEN 'under' THEN -'Infinity'::DOUBLE
               WHEN 'approx' THEN f.value - abs(f.value) * {approx_tolerance}
               ELSE f.value - abs(f.value) * {exact_tolerance}
           END AS low,
           CASE f.qualifier
               WHEN 'over' THEN 'Infinity'::DOUBLE
               WHEN 'under' THEN f.value
               WHEN 'approx' THEN f.value + abs(f.value) * {approx_tolerance}
               ELSE f.value + abs(f.value) * {exact_tolerance}
           END AS high
    FROM figures f JOIN sources s USING (doc_id)
)
SELECT a.figure_id, b.figure_id AS other_figure_id,
       a.indicator_id, a.entity, a.period, a.unit, a.kind, a.attributed_to,
       a.value, b.value AS other_value, a.doc_id, b.doc_id AS other_doc_id,
       a.publisher, b.publisher AS other_publisher, a.quote, b.quote AS other_quote,
       a.low <= b.high AND b.low <= a.high AS agrees
FROM stated a JOIN stated b
  ON a.indicator_id = b.indicator_id AND a.entity = b.entity AND a.period = b.period AND a.unit = b.unit
 AND a.kind = b.kind AND a.attributed_to = b.attributed_to AND a.doc_id <> b.doc_id
WHERE a.kind = 'reported'
   OR abs(date_diff('day', a.vintage, b.vintage)) <= {vintage_window_days};

-- The tolerances the view above was made with, for the Checks page to state the rule it applies.
CREATE VIEW agreement_rule AS
SELECT {exact_tolerance}::DOUBLE AS exact_tolerance, {approx_tolerance}::DOUBLE AS approx_tolerance,
       {vintage_window_days}::INTEGER AS vintage_window_days;

-- Derived figures and consistency checks, as views over `figures`.
-- Each row names its formula and the figure ids it uses. A check whose inputs are missing fails
-- (passed = false, status 'missing input'): it is shown, not hidden.

CREATE VIEW figure_values AS
SELECT figure_id, value, qualifier FROM figures;

CREATE VIEW derived_figures AS
WITH v AS (SELECT * FROM figure_values),
spend AS (
    SELECT
        (SELECT value FROM v WHERE figure_id = 'idc-china-ai-spending-2027') AS china_2027,
        (SELECT value FROM v WHERE figure_id = 'idc-china-share-global-ai-spending-2027') AS china_share,
        (SELECT value FROM v WHERE figure_id = 'idc-china-ai-spending-cagr-2023-2027') AS cagr
),
llm AS (
    SELECT
        (SELECT value FROM v WHERE figure_id = 'caict-llm-count-global') AS total,
        (SELECT value FROM v WHERE figure_id = 'caict-llm-share-china') AS china,
        (SELECT value FROM v WHERE figure_id = 'caict-llm-share-us') AS us
),
ernie AS (
    SELECT
        (SELECT value FROM v WHERE figure_id = 'baidu-ernie-api-calls-2023-11') AS before,
        (SELECT value FROM v WHERE figure_id = 'baidu-ernie-api-calls-growth') AS growth
)
SELECT 'derived-global-ai-spending-2027' AS derived_id, 'ai_spending' AS indicator_id,
       'Global' AS entity, '2027' AS period, china_2027 / (china_share / 100) AS value, 'USD' AS unit,
       'approx' AS qualifier, 'forecast' AS kind,
       'China 2027 spending / (China share of global / 100)' AS formula,
       ['idc-china-ai-spending-2027', 'idc-china-share-global-ai-spending-2027'] AS inputs,
       'Implied global AI spending in 2027 from China''s forecast and its share of the global market' AS description
FROM spend
UNION ALL
SELECT 'derived-china-ai-spending-2023', 'ai_spending', 'China', '2023',
       china_2027 / power(1 + cagr / 100, 4), 'USD', 'approx', 'estimate',
       'China 2027 spending / (1 + CAGR / 100) ^ (2027 - 2023)',
       ['idc-china-ai-spending-2027', 'idc-china-ai-spending-cagr-2023-2027'],
       'Implied China AI spending in 2023 from the 2027 forecast and the 2023-2027 CAGR'
FROM spend
UNION ALL
SELECT 'derived-llm-count-china', 'llm_count', 'China', '2024', round(total * china / 100),
       'count', 'approx', 'estimate', 'LLMs worldwide x China share / 100',
       ['caict-llm-count-global', 'caict-llm-share-china'], 'LLMs from China implied by the CAICT count and share'
FROM llm
UNION ALL
SELECT 'derived-llm-count-us', 'llm_count', 'United States', '2024', round(total * us / 100),
       'count', 'approx', 'estimate', 'LLMs worldwide x United States share / 100',
       ['caict-llm-count-global', 'caict-llm-share-us'], 'LLMs from the United States implied by the CAICT count and share'
FROM llm
UNION ALL
SELECT 'derived-llm-count-other', 'llm_count', 'Other countries', '2024',
       round(total * (100 - china - us) / 100), 'count', 'approx', 'estimate',
       'LLMs worldwide x (100 - China share - United States share) / 100',
       ['caict-llm-count-global', 'caict-llm-share-china', 'caict-llm-share-us'],
       'LLMs from all other countries: the remainder of the CAICT count'
FROM llm
UNION ALL
SELECT 'derived-llm-share-other', 'llm_share', 'Other countries', '2024', 100 - china - us,
       '%', 'exact', 'estimate', '100 - China share - United States share',
       ['caict-llm-share-china', 'caict-llm-share-us'], 'Share of LLMs from all other countries'
FROM llm
UNION ALL
SELECT 'derived-ernie-api-calls-2024-11', 'api_calls_daily', 'Baidu', '2024-11', before * growth,
       'count', 'approx', 'estimate', 'daily API calls a year earlier x growth multiple',
       ['baidu-ernie-api-calls-2023-11', 'baidu-ernie-api-calls-growth'],
       'Ernie daily API calls implied by the earlier count and the stated growth'
FROM ernie;

CREATE VIEW checks AS
WITH v AS (SELECT * FROM figure_values),
specific AS (
    SELECT 'ernie-api-growth' AS check_id,
           'Ernie API calls: 50 million x 30-fold agrees with 1.5 billion' AS description,
           '|before x growth - latest| / latest <= 10% (all three are stated approximately)' AS formula,
           ['baidu-ernie-api-calls-2023-11', 'baidu-ernie-api-calls-growth', 'baidu-ernie-api-calls-2024-11'] AS inputs,
           (SELECT value FROM v WHERE figure_id = 'baidu-ernie-api-calls-2024-11') AS expected,
           (SELECT value FROM v WHERE figure_id = 'baidu-ernie-api-calls-2023-11')
             * (SELECT value FROM v WHERE figure_id = 'baidu-ernie-api-calls-growth') AS actual,
           0.10 AS tolerance
    UNION ALL
    SELECT 'llm-china-share-over-one-third',
           'CAICT: China''s 36% of LLMs is consistent with "more than one-third"',
           'China share (%) > one-third (%)',
           ['caict-llm-share-china', 'caict-llm-share-china-over-one-third'],
           (SELECT value FROM v WHERE figure_id = 'caict-llm-share-china-over-one-third'),
           (SELECT value FROM v WHERE figure_id = 'caict-llm-share-china'),
           NULL
    UNION ALL
    SELECT 'llm-us-largest',
           'CAICT: China is "second-largest after the United States" (US share > China share)',
           'United States share > China share',
           ['caict-llm-share-us', 'caict-llm-share-china'],
           (SELECT value FROM v WHERE figure_id = 'caict-llm-share-china'),
           (SELECT value FROM v WHERE figure_id = 'caict-llm-share-us'),
           NULL
),
specific_results AS (
    SELECT *,
           CASE
               WHEN expected IS NULL OR actual IS NULL THEN 'missing input'
               WHEN tolerance IS NULL AND actual > expected THEN 'pass'
               WHEN tolerance IS NULL THEN 'fail'
               WHEN abs(actual - expected) / abs(expected) <= tolerance THEN 'pass'
               ELSE 'fail'
           END AS status
    FROM specific
),
share_sums AS (
    SELECT 'share-sum-' || f.indicator_id || '-' || f.doc_id || '-' || f.period AS check_id,
           i.name || ' (' || f.doc_id || ', ' || f.period || '): shares of one whole do not exceed 100%' AS description,
           'sum of exact and approximate shares <= 100' AS formula,
           list(f.figure_id ORDER BY f.figure_id) AS inputs,
           100.0 AS expected,
           sum(f.value) AS actual,
           NULL AS tolerance,
           CASE WHEN sum(f.value) <= 100 THEN 'pass' ELSE 'fail' END AS status
    FROM figures f JOIN indicators i USING (indicator_id)
    WHERE i.chart = 'share' AND f.qualifier IN ('exact', 'approx')
    GROUP BY f.indicator_id, i.name, f.doc_id, f.period
)
SELECT check_id, description, formula, inputs, expected, actual, tolerance, status,
       status = 'pass' AS passed
FROM specific_results
UNION ALL
SELECT check_id, description, formula, inputs, expected, actual, tolerance, status,
       status = 'pass' AS passed
FROM share_sums
ORDER BY check_id LIKE 'share-sum-%', check_id;

-- 0006: cheaper storage for webhook deliveries, found with benchmarks/webhook-load.sh.
-- Payloads (often 10-30 KB of JSON) are compressed with lz4 instead of pglz: on the load test pglz compression on INSERT
-- and decompression on every claim were PostgreSQL's largest cost, and lz4 also stores them smaller. Servers built
-- without lz4 keep pglz.
DO $$
BEGIN
    ALTER TABLE webhook_deliveries ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available on this server; webhook payloads stay pglz-compressed';
END;
$$;

-- Room on each page so a worker's claim (it changes no indexed column) is a HOT update: no new index entries.
ALTER TABLE webhook_deliveries SET (fillfactor = 70);

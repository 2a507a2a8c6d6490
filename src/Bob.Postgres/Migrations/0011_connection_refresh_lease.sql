-- 0011: token refresh under a lease on the connection row, not a row lock held across the provider's HTTP call. One
-- caller takes the lease (refresh_lease_id, until refresh_lease_until), refreshes with no transaction or pooled connection
-- held, stores the tokens and clears the lease; the others wait without a connection; a crashed refresher's lease runs out.
ALTER TABLE git_provider_connections
    ADD COLUMN refresh_lease_id uuid,
    ADD COLUMN refresh_lease_until timestamptz;

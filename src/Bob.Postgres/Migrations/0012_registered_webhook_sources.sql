-- 0012: webhook sources are registered by packages (WebhookSourceDefinition), not a closed list: a delivery's provider is
-- any wire name a source may have (lower-case letters, digits and hyphens, starting with a letter, at most 20 characters).
-- webhook_rejections (0003) is dropped: refused signatures are counted by the Bob.Webhooks meter, never written per request.
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_provider_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_provider_check CHECK (provider ~ '^[a-z][a-z0-9-]{0,19}$');
DROP TABLE webhook_rejections;

-- API key lookups are cached per instance (lib/api-keys/key-cache.ts), and only while the
-- instance LISTENs on this channel: every change that can turn an accepted key into a
-- refused one (revocation, expiry, scopes, binding, a deleted row, a truncation) notifies at
-- commit, from whichever process made it (the console, the CLI, psql). The payload is the
-- key's id, never its hash. last_used_at, touched by authentication itself, does not notify.
CREATE FUNCTION api_keys_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('opsdeck_api_keys', '*');
  ELSE
    PERFORM pg_notify('opsdeck_api_keys', OLD.id::text);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER api_keys_notify_update AFTER UPDATE ON "api_keys" FOR EACH ROW
  WHEN (OLD.key_hash IS DISTINCT FROM NEW.key_hash OR OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
    OR OLD.expires_at IS DISTINCT FROM NEW.expires_at OR OLD.scopes IS DISTINCT FROM NEW.scopes
    OR OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.prefix IS DISTINCT FROM NEW.prefix OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION api_keys_notify_change();--> statement-breakpoint
CREATE TRIGGER api_keys_notify_delete AFTER DELETE ON "api_keys" FOR EACH ROW EXECUTE FUNCTION api_keys_notify_change();--> statement-breakpoint
CREATE TRIGGER api_keys_notify_truncate AFTER TRUNCATE ON "api_keys" FOR EACH STATEMENT EXECUTE FUNCTION api_keys_notify_change();

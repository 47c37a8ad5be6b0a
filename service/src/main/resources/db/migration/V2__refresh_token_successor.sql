-- The refresh token issued when this one was used: reuse is theft only once the successor has been used too
-- (lenient rotation, for clients that never adopt rotated tokens; see docs/api.md).
ALTER TABLE refresh_tokens ADD COLUMN successor_id UUID;

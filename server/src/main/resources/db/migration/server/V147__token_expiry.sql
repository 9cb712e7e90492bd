-- API tokens may carry an expiry (issue 18 §2): after it the token signs nobody in. NULL: no expiry (older tokens).
ALTER TABLE api_tokens ADD COLUMN expires_at VARCHAR(40);

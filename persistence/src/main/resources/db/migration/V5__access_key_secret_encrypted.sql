-- Access key secrets are stored encrypted when a master key is set (publicip.secrets.key):
-- enc:v1:<master key ID>:<base64 of IV, ciphertext and tag>. A 256-character secret takes up to
-- 1,024 bytes in UTF-8, about 1,420 characters sealed; plaintext secrets (no master key, or rows
-- written before) fit as before. SET DATA TYPE is the standard form H2 and PostgreSQL both take.
ALTER TABLE access_key ALTER COLUMN secret SET DATA TYPE VARCHAR(2048);

-- The access keys requests are signed with (signature version 1.0, HMAC-SHA1). The server must
-- know the secret to check a signature, so it is stored as given; it is never logged, and the
-- operator API shows it once, when the key is created.
CREATE TABLE access_key (
    access_key_id  VARCHAR(128) NOT NULL PRIMARY KEY,
    secret         VARCHAR(256) NOT NULL,
    enabled        BOOLEAN      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Nonces seen in the last 15 minutes, per key. The primary key is what refuses a replay, on
-- every replica sharing the database.
CREATE TABLE signature_nonce (
    access_key_id  VARCHAR(128) NOT NULL,
    nonce          VARCHAR(256) NOT NULL,
    used_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (access_key_id, nonce)
);
CREATE INDEX signature_nonce_by_age ON signature_nonce (used_at);

-- ACC-155, AS-33 (003 «Уведомления системы»): the in-app notifications of an account. Every
-- e-mail of §6 but the eight that are always mailed is also kept here; the e-mail goes out
-- only while «Дублировать уведомления на электронную почту» is on. The text is kept as the
-- Fluent message and its arguments, so it is shown in the language the reader chooses.
CREATE TABLE notifications (
    id BIGINT NOT NULL,
    account_id TEXT NOT NULL,
    kind TEXT NOT NULL,               -- E-JOIN-DECIDED, …
    message TEXT NOT NULL,            -- the Fluent id prefix (mail-join-decided)
    args TEXT NOT NULL,               -- JSON object of the Fluent arguments
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    CONSTRAINT pk_notifications PRIMARY KEY (id)
);
CREATE INDEX ix_notifications_account ON notifications (account_id, id);
CREATE INDEX ix_notifications_unread ON notifications (account_id, read_at);

-- «Пользователи ЕНС ТРУ» pages the ENS_USER grants in SQL (ACC-96, G-46): every grant of a role,
-- oldest first, and the grants of one organisation. Without these, both read the whole table.
CREATE INDEX ix_role_grants_role ON role_grants (role, revoked_at, granted_at, id);
CREATE INDEX ix_role_grants_scope ON role_grants (scope_participant_id, role, revoked_at);

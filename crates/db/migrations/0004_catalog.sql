-- The goods catalog: suppliers and product cards (CAT-9 product decision, CAT-21, CAT-129).

CREATE TABLE suppliers (
    bin TEXT NOT NULL,
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    kato TEXT,
    is_demo INTEGER NOT NULL,
    CONSTRAINT pk_suppliers PRIMARY KEY (bin)
);

CREATE TABLE goods (
    id BIGINT NOT NULL,
    name_ru TEXT NOT NULL,
    name_kk TEXT,
    oktru_code TEXT NOT NULL,       -- an ОКТРУ node of level 'kind'
    attributes TEXT NOT NULL,       -- JSON array of {name, value}
    supplier_bin TEXT NOT NULL,
    unit TEXT,                      -- МКЕИ code
    kztin TEXT,
    ntin TEXT,
    is_otp INTEGER NOT NULL,        -- domestic producer (ОТП)
    is_szpt INTEGER NOT NULL,       -- socially significant food product (СЗПТ)
    in_procurement INTEGER NOT NULL,
    status TEXT NOT NULL,           -- active | deleted
    is_demo INTEGER NOT NULL,
    seq BIGINT NOT NULL,            -- change sequence, followed by the goods index
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_goods PRIMARY KEY (id)
);
CREATE INDEX ix_goods_seq ON goods (seq);
CREATE INDEX ix_goods_supplier ON goods (supplier_bin);
CREATE INDEX ix_goods_oktru ON goods (oktru_code);

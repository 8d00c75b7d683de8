//! Types of the goods catalog: suppliers, product cards and the goods figures of the home-page
//! statistics (§2.2.6 `HomeStatistics`, CAT-21, CAT-129).

use kernel::Millis;
use kernel::values::Bin;
use serde::{Deserialize, Serialize};

/// One characteristic of a good («характеристика»): the attribute's Russian name and the value,
/// with its unit when it has one (`{"name": "Объем", "value": "1 л"}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttributeValue {
    pub name: String,
    pub value: String,
}

/// Whether a product card is live. Deletes are soft, so the search index, which follows the
/// change sequence, sees them and drops the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoodStatus {
    Active,
    Deleted,
}

impl GoodStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GoodStatus::Active => "active",
            GoodStatus::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<GoodStatus> {
        match s {
            "active" => Some(GoodStatus::Active),
            "deleted" => Some(GoodStatus::Deleted),
            _ => None,
        }
    }
}

/// A product card («товар», CAT-9 product decision) as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Good {
    pub id: i64,
    pub name_ru: String,
    pub name_kk: Option<String>,
    /// The ОКТРУ node of level «вид» the good belongs to.
    pub oktru_code: String,
    pub attributes: Vec<AttributeValue>,
    pub supplier_bin: Bin,
    /// МКЕИ code of the unit of measure (`796` штука, `166` килограмм, `112` литр).
    pub unit: Option<String>,
    /// KZTIN: a GTIN-13 registered with GS1 Kazakhstan (prefix 487).
    pub kztin: Option<String>,
    /// National trade item number (13 digits, starting with 2).
    pub ntin: Option<String>,
    /// Domestic producer («отечественный товаропроизводитель», ОТП).
    pub is_otp: bool,
    /// Socially significant food product («социально значимый продовольственный товар», СЗПТ).
    pub is_szpt: bool,
    /// Takes part in public procurement («участвует в ГЗ»).
    pub in_procurement: bool,
    pub status: GoodStatus,
    pub is_demo: bool,
    /// Change sequence number (counter `change_seq`); the goods search index follows it.
    pub seq: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A product card to insert. The id is the caller's (the demo generator numbers goods 1…N);
/// `seq` is allocated by [`crate::store::insert_goods`], status is `active`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGood {
    pub id: i64,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub oktru_code: String,
    pub attributes: Vec<AttributeValue>,
    pub supplier_bin: Bin,
    pub unit: Option<String>,
    pub kztin: Option<String>,
    pub ntin: Option<String>,
    pub is_otp: bool,
    pub is_szpt: bool,
    pub in_procurement: bool,
    pub is_demo: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A supplier of goods («поставщик»), identified by its BIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplier {
    pub bin: Bin,
    /// «ТОО "Алтын Дан Трейд"».
    pub name_ru: String,
    /// «"Алтын Дан Трейд" ЖШС».
    pub name_kk: Option<String>,
    /// КАТО code of the registered address.
    pub kato: Option<String>,
    pub is_demo: bool,
}

/// The names of a supplier, for lists of goods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierName {
    pub name_ru: String,
    pub name_kk: Option<String>,
}

/// The goods figures of the home-page statistics block (§2.2.6, CAT-129), computed from the
/// catalog (CAT-21 "a later provider MAY compute them from catalog data"). Only active goods
/// count. «Количество видов товаров» is not here: the classifier counts ОКТРУ kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GoodsStatistics {
    /// «Общее количество товаров» (`goods_total`).
    pub goods: i64,
    /// «Товары участвующие в ГЗ» (`goods_in_procurement`).
    pub in_procurement: i64,
    /// «Товары с KZTIN» (`goods_with_kztin`).
    pub with_kztin: i64,
    /// «Количество поставщиков товаров» (`suppliers`): suppliers with at least one active good.
    pub suppliers: i64,
    /// «Количество товаров с признаком ОТП» (`goods_domestic`).
    pub otp: i64,
    /// «Количество СЗПТ» (`goods_social_food`).
    pub szpt: i64,
}

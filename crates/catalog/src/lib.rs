//! The goods catalog (CAT-9 product decision): suppliers, product cards, the goods part of the
//! home-page statistics (§2.2.6, CAT-21, CAT-129) and the deterministic demo generator of goods
//! that fills a database to the real scale of the seed figures (16 338 393 goods, 19 169
//! suppliers).
//!
//! - [`model`]: the types (`Good`, `Supplier`, `GoodsStatistics`, …).
//! - [`store`]: the SQL (tables `suppliers` and `goods` of migration 0004). Every write of a good
//!   takes a new number of the `change_seq` counter, which the goods search index follows
//!   (CAT-130); deletes are soft (`status = 'deleted'`) so the index sees them.
//! - [`demo`]: `tauar demo --goods N --seed S`.
//!
//! Not here: the ОКТРУ tree (crate `classifier`) and the search index (crate `search`); this
//! crate depends on neither. «Количество видов товаров» is counted by the classifier.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod demo;
mod error;
pub mod model;
pub mod store;

pub use error::CatalogError;
pub use model::{
    AttributeValue, Good, GoodStatus, GoodsStatistics, NewGood, Supplier, SupplierName,
};

//! Search for Tauar: the query language of spec/catalog.md §4.2 (CAT-103 … CAT-111) over
//! tantivy indexes of ЕНС ТРУ codes and of goods, with grouping (CAT-112, CAT-113), attribute
//! facets (CAT-117), paging (CAT-116, CAT-118) and «Возможно, вы искали» (CAT-110).
//!
//! Design (ARCHITECTURE "Search"; docs/adr/0003-search.md):
//! * matching is by *vocabulary expansion*: each token becomes the set of indexed words that
//!   contain it (CAT-106) or, when none does, that are within its typo budget (CAT-109); the
//!   document query is then a union of exact term look-ups, so a query never scans documents
//!   or the whole term dictionary;
//! * groups, facets and order come from fast fields in one collector pass;
//! * the indexes are derived data: each commit records the database change sequence it
//!   reflects, and the owner rebuilds or catches up from the database.
//!
//! This crate knows nothing of HTTP or SQL.

mod and;
pub mod codes;
mod collect;
mod dense;
pub mod engine;
pub mod goods;
pub mod nodes;
mod order;
pub mod query;
pub mod vocab;
mod words;

pub use codes::{
    CodeDoc, CodeIndex, CodeItem, CodeQuery, CodeResults, Facet, FacetValue, Level, SuggestedWord,
};
pub use engine::SearchError;
pub use goods::{GoodDoc, GoodFlag, GoodsIndex, GoodsQuery, GoodsResults};
pub use nodes::{NodeDoc, NodeIndex, NodeResults};
pub use query::{ParsedQuery, QueryError, Token, parse};

//! Paging of every list (CAT-116, CAT-118).

use serde::Serialize;

/// The page sizes a user can choose (CAT-118).
pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
/// The default page size (CAT-118).
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The deepest row a list serves (page × size); deeper pages are refused with a message to
/// narrow the search, like every large catalogue does. Exports are not limited by this.
pub const MAX_OFFSET: u64 = 100_000;

/// Why a page request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PageSizeError {
    #[error("page size must be one of 10, 20, 50, 100")]
    SizeNotAllowed,
    #[error("page must be between 1 and the last page")]
    OutOfRange,
}

/// A validated page request: 1-based page number and an allowed size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            page: 1,
            per_page: DEFAULT_PAGE_SIZE,
        }
    }
}

impl PageRequest {
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Result<PageRequest, PageSizeError> {
        let per_page = per_page.unwrap_or(DEFAULT_PAGE_SIZE);
        if !PAGE_SIZES.contains(&per_page) {
            return Err(PageSizeError::SizeNotAllowed);
        }
        let page = page.unwrap_or(1);
        if page == 0 || (page as u64) * (per_page as u64) > MAX_OFFSET + per_page as u64 {
            return Err(PageSizeError::OutOfRange);
        }
        Ok(PageRequest { page, per_page })
    }

    /// The number of rows before this page.
    pub fn offset(&self) -> usize {
        (self.page as usize - 1) * self.per_page as usize
    }

    /// CAT-116: row numbers continue across pages; page 2 of size 10 starts at 11.
    pub fn first_row_number(&self) -> u64 {
        self.offset() as u64 + 1
    }

    /// The number of pages for `total` rows (at least 1).
    pub fn page_count(&self, total: u64) -> u64 {
        total.div_ceil(self.per_page as u64).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cat_118_sizes() {
        assert_eq!(
            PageRequest::new(None, None),
            Ok(PageRequest {
                page: 1,
                per_page: 20
            })
        );
        for s in PAGE_SIZES {
            assert!(PageRequest::new(Some(1), Some(s)).is_ok());
        }
        assert_eq!(
            PageRequest::new(Some(1), Some(15)),
            Err(PageSizeError::SizeNotAllowed)
        );
        assert_eq!(
            PageRequest::new(Some(1), Some(0)),
            Err(PageSizeError::SizeNotAllowed)
        );
        assert_eq!(
            PageRequest::new(Some(0), Some(10)),
            Err(PageSizeError::OutOfRange)
        );
        assert_eq!(
            PageRequest::new(Some(u32::MAX), Some(100)),
            Err(PageSizeError::OutOfRange)
        );
    }

    #[test]
    fn cat_116_row_numbers_continue() {
        let p = PageRequest::new(Some(2), Some(10)).unwrap();
        assert_eq!(p.first_row_number(), 11);
        let p3 = PageRequest::new(Some(3), Some(10)).unwrap();
        assert_eq!(p3.offset(), 20);
        assert_eq!(p3.page_count(25), 3);
        assert_eq!(p3.page_count(0), 1);
    }
}

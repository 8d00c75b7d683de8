//! refdata

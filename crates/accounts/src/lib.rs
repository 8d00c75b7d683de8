//! The one account layer of Tauar (spec/accounts.md): accounts keyed by ИИН and proven with an
//! ЭЦП certificate, registration with the signed user agreement and e-mail activation, the
//! certificate → password login with the lockout of ACC-65, recovery with a temporary
//! password, server-side sessions and CSRF tokens.
//!
//! Modules: [`flow`] (the pure rules: lockout, states, lifetimes), [`password`] (ACC-123,
//! ACC-159), [`values`] (formats), [`store`] (SQL, migration 0006), [`mail`] (§6 e-mails into
//! the outbox), [`agreements`] (the shipped texts), [`service`] (the workflows).

pub mod admin;
pub mod agreement_admin;
pub mod agreements;
pub mod audit_view;
pub mod authz;
pub mod bank_accounts;
pub mod context_banner;
pub mod demo;
pub mod dictionaries;
pub mod employees;
pub mod ens;
pub mod ens_login;
pub mod entry;
pub mod error;
pub mod flow;
pub mod guard;
pub mod inis;
pub mod mail;
pub mod model;
pub mod new_banks;
pub mod notifications;
pub mod participant_admin;
pub mod participant_profile;
pub mod participants;
pub mod password;
pub mod profile;
pub mod rules;
pub mod service;
pub mod store;
pub mod store_admin;
pub mod store_audit;
pub mod store_ens;
pub mod store_entry;
pub mod store_notify;
pub mod store_org;
pub mod store_participant_admin;
pub mod store_profile;
pub mod values;

pub use bank_accounts::BankAccountForm;
pub use employees::{EmployeeView, JoinDecision, MemberEdit};
pub use error::{AccountsError, FieldError};
pub use model::{
    CertView, EntryPoint, LoggedIn, NextStep, Registered, RegistrationForm, SessionInfo,
    StepOutcome,
};
pub use new_banks::{NewBankDecision, NewBankForm};
pub use participants::{ParticipantForm, RegistrationContext, SignedAct};
pub use service::{Accounts, AccountsConfig, Origin};

//! In-app notifications and the e-mail duplication switch (spec/accounts.md ACC-102, ACC-155,
//! AS-33; 003 «Уведомления системы»).
//!
//! Every e-mail of §6 except the eight of [`ALWAYS_MAILED`] goes through [`Accounts::notify_member`]:
//! it is always kept as an in-app notification of the recipient, and mailed only while the
//! recipient's «Дублировать уведомления на электронную почту» is on. The notification keeps
//! the Fluent message and its arguments, so the reader sees it in the language of the page.

use crate::authz::Action;
use crate::error::AccountsError;
use crate::mail::{self, Mail};
use crate::model::SessionInfo;
use crate::service::Accounts;
use crate::store::Account;
use crate::store_notify;
use db::Tx;
use kernel::{ErrorCode, Lang, Millis, PageRequest};
use serde::Serialize;

/// ACC-155: the e-mails that are always sent and are not in-app notifications (they carry
/// links and secrets, or concern the account's own security).
pub const ALWAYS_MAILED: [&str; 8] = [
    "E-ACTIVATION",
    "E-EMAIL-CONFIRM",
    "E-RECOVERY",
    "E-TEMP-PASSWORD",
    "E-PASSWORD-CHANGED",
    "E-EMAIL-CHANGED",
    "E-LOCKED",
    "E-ACCOUNT-BLOCKED",
];

/// One notification as the reader sees it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Notification {
    pub id: i64,
    /// `E-JOIN-DECIDED`, …
    pub kind: String,
    pub title: String,
    pub text: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub read: bool,
}

/// A page of the reader's notifications, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct NotificationPage {
    pub total: i64,
    pub unread: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<Notification>,
}

fn view(lang: Lang, r: store_notify::NotificationRow) -> Notification {
    let args: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&r.args).unwrap_or_default();
    let args: Vec<(&str, &str)> = args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default()))
        .collect();
    Notification {
        id: r.id,
        title: mail::render(lang, &format!("{}-subject", r.message), &args),
        text: mail::render(lang, &format!("{}-body", r.message), &args),
        kind: r.kind,
        created_at: r.created_at.0,
        read: r.read_at.is_some(),
    }
}

impl Accounts {
    /// A §6 message to an account in the caller's transaction (ACC-155): the in-app
    /// notification always, the e-mail while the recipient duplicates notifications by e-mail.
    /// The eight [`ALWAYS_MAILED`] kinds are mailed only (they never come here).
    pub(crate) async fn notify_member(
        &self,
        tx: &mut Tx,
        to: &Account,
        kind: &'static str,
        message: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Result<(), AccountsError> {
        debug_assert!(!ALWAYS_MAILED.contains(&kind), "{kind} is always mailed");
        let now = self.now();
        let json: serde_json::Map<String, serde_json::Value> = args
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
            .collect();
        let json = serde_json::Value::Object(json).to_string();
        store_notify::insert(tx, &to.id, kind, message, &json, now).await?;
        if to.email_notifications {
            mail::send(
                tx,
                now,
                &Mail {
                    kind,
                    message,
                    to: &to.email,
                    account_id: &to.id,
                    ui_language: &to.ui_language,
                    args,
                },
            )
            .await?;
        }
        Ok(())
    }

    /// «Уведомления»: the session's own notifications in `lang`, newest first (§4.9
    /// `usr.notify`: own; the Requests module shows them too, ACC-29).
    pub async fn notifications(
        &self,
        s: &SessionInfo,
        lang: Lang,
        page: &PageRequest,
    ) -> Result<NotificationPage, AccountsError> {
        self.require(s, Action::UsrNotify).await?;
        let pool = self.db().pool();
        let (total, unread) = store_notify::counts(pool, &s.account.id).await?;
        let rows = store_notify::page(
            pool,
            &s.account.id,
            page.offset() as i64,
            i64::from(page.per_page),
        )
        .await?;
        Ok(NotificationPage {
            total,
            unread,
            page: page.page,
            per_page: page.per_page,
            items: rows.into_iter().map(|r| view(lang, r)).collect(),
        })
    }

    /// How many of the session's notifications are unread (the badge of the menu).
    pub async fn unread_notifications(&self, s: &SessionInfo) -> Result<i64, AccountsError> {
        Ok(store_notify::counts(self.db().pool(), &s.account.id)
            .await?
            .1)
    }

    /// Marks one of the session's own notifications read; another account's id is NOT_FOUND
    /// (nothing tells that it exists).
    pub async fn mark_notification_read(
        &self,
        s: &SessionInfo,
        id: i64,
    ) -> Result<(), AccountsError> {
        self.require(s, Action::UsrNotify).await?;
        let mut tx = self.write_tx().await?;
        if !store_notify::mark_read(&mut tx, &s.account.id, id, self.now()).await? {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        self.commit(tx).await
    }

    /// «Отметить все как прочитанные»; returns how many were unread.
    pub async fn mark_all_notifications_read(&self, s: &SessionInfo) -> Result<u64, AccountsError> {
        self.require(s, Action::UsrNotify).await?;
        let mut tx = self.write_tx().await?;
        let n = store_notify::mark_all_read(&mut tx, &s.account.id, self.now()).await?;
        self.commit(tx).await?;
        Ok(n)
    }
}

/// The time of a notification as the pages show it (ACC-3).
pub fn shown_at(at: i64) -> String {
    mail::date_time(Millis(at))
}

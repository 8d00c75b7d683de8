## Profile rows and platform administration (spec/accounts.md §3.13, §3.16; texts R).

error-msg-doc-number = Номер документа может содержать только буквы и цифры, не более 20 символов
error-msg-doc-duplicate = Документ этого типа с таким номером уже добавлен
error-msg-date-before-birth = Дата выдачи не может быть раньше даты рождения
error-msg-date-order = Дата окончания действия должна быть позже даты выдачи
error-msg-too-long = Значение длиннее допустимого
error-msg-reason-required = Укажите причину
error-msg-role-held = У пользователя уже есть эта роль
error-msg-upgrade-required = Для этого действия войдите на портал с ключом ЭЦП
error-msg-account-state = Действие недоступно для учетной записи в ее текущем состоянии

mail-email-changed-subject = Изменен адрес электронной почты
mail-email-changed-body = Адрес электронной почты Вашей учетной записи изменен на { $masked } { $at }. Если это сделали не Вы, обратитесь в службу поддержки.
mail-account-blocked-subject = Учетная запись заблокирована
mail-account-blocked-body = Ваша учетная запись заблокирована администратором. Причина: { $reason }
mail-account-unblocked-subject = Учетная запись разблокирована
mail-account-unblocked-body = Ваша учетная запись разблокирована. Причина: { $reason }

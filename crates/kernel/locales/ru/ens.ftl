# ЕНС ТРУ in the account layer (spec/accounts.md §3.4, §3.12, §5.10; CAT-63, CAT-151, CAT-179).

error-msg-ens-bad-credentials = Неверная учетная запись или пароль
error-msg-ens-not-accredited = Учетная запись не аккредитована
error-msg-ens-duplicate = Заявка на регистрацию в ЕНС ТРУ уже подана, или доступ уже предоставлен
error-msg-ens-account-required = Укажите учетную запись
error-msg-ens-iin-mismatch = ИИН в сертификате ЭЦП не совпадает с ИИН в профиле пользователя
error-msg-ens-bin-email-mismatch = БИН или адрес электронной почты в сертификате ЭЦП не совпадают с данными профиля пользователя
error-msg-ens-org-not-registered = Организация с БИН { $bin } не зарегистрирована в ИС ЕНС ТРУ. Направьте регистрационную форму организации в уполномоченный орган
error-msg-ens-legal-entity-required = Требуется ЭЦП сотрудника юридического лица
error-msg-ens-agreement = Необходимо принять условия пользовательского соглашения
error-msg-ens-parent = Родительской организацией не может быть сама организация или ее дочерняя организация
error-msg-rnn-format = РНН должен состоять из 12 цифр
error-msg-file-too-large = Размер файла не должен превышать 20 МБ
error-msg-file-type = Допускаются файлы pdf, jpg и png

ens-summary-access-request = Заявка на регистрацию в ЕНС ТРУ: { $name }, БИН { $bin }
ens-summary-login = Вход в модуль «Заявки» ИС ЕНС ТРУ
ens-msg-request-sent = Заявка на регистрацию отправлена. После аккредитации входите в модуль «Заявки» с адресом электронной почты и паролем Вашей учетной записи

mail-ens-accredited-subject = Доступ к ИС ЕНС ТРУ предоставлен
mail-ens-accredited-body = Вы аккредитованы в ИС ЕНС ТРУ для организации «{ $name }». Логин: { $email }. Пароль: пароль Вашей учетной записи.
mail-ens-refused-subject = Заявка на регистрацию в ИС ЕНС ТРУ отклонена
mail-ens-refused-body = Ваша заявка на регистрацию в ИС ЕНС ТРУ для организации «{ $name }» отклонена. Причина: { $reason }

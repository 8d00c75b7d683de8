## Account pages (spec/accounts.md §5.1–§5.3, ACC-6): labels of the login, registration,
## password, activation, recovery, password-change and cabinet pages, and the ЭЦП help page.
## Russian labels quoted in «…» by the spec are verbatim; the others are R texts.

accp-login = Войти
accp-logout = Выйти
accp-login-title = Вход
accp-ncalayer-first = Внимание! Предварительно запустите программу для работы с ЭЦП.
accp-choose-key = Выберите ключ
accp-ncalayer-down = Не удалось подключиться к NCALayer. Убедитесь, что программа NCALayer запущена, и обновите страницу
accp-ncalayer-rights = Программе NCALayer недостаточно прав доступа на этом компьютере. Запустите NCALayer от имени администратора
accp-help-link = Как подготовить компьютер к работе с ЭЦП
accp-noscript = Для входа с ЭЦП в браузере должен быть включен JavaScript: страница обращается к программе NCALayer на вашем компьютере.
accp-unavailable = Вход временно недоступен. Повторите попытку позже.

## НКТ entry (001 Сур. 1–5)
accp-nct-title = Вход в НКТ
accp-nct-register = Регистрация
accp-nct-auth = Авторизация
accp-nct-choose-key-register = Выбрать ЭЦП-ключ
accp-nct-choose-key-login = Выбрать ЭЦП ключ
accp-nct-contacts = Контактные данные
accp-nct-email = E-mail *
accp-nct-phone = Мобильный телефон *
accp-nct-password = Пароль *
accp-nct-password-confirm = Подтвердите пароль *
accp-nct-agreement = Пользовательское соглашение
accp-nct-submit = Зарегистрироваться
accp-nct-back = Вернуться назад
accp-nct-login-submit = Войти в систему
accp-close = Закрыть
accp-placeholder-password = Введите пароль
accp-placeholder-password-confirm = Подтвердите пароль

## Registration (ACC-137)
accp-register-title = Регистрация пользователя
accp-iin = ИИН
accp-fio = ФИО
accp-birth-date = Дата рождения
accp-email = Электронная почта
accp-phone = Мобильный телефон
accp-agreement = Пользовательское соглашение
accp-sign = Подписать
accp-password-set = Задать пароль
accp-password-confirm = Подтверждение пароля
accp-pwd-rules = Пароль должен содержать:
accp-pwd-rule-length = от 8 до 20 символов
accp-pwd-rule-lower = строчные буквы
accp-pwd-rule-upper = заглавные буквы
accp-pwd-rule-digit = цифры
accp-confirm-data = Подтверждаю данные
accp-authorize = Авторизуйтесь

## Password page, activation, recovery (ACC-139…ACC-141)
accp-password-title = Ввод пароля
accp-password = Пароль
accp-forgot = Забыли пароль?
accp-activate-title = Активация учетной записи
accp-recover-title = Восстановление пароля
accp-recover-intro = Нажмите кнопку, и на адрес электронной почты учетной записи будет отправлен временный пароль. Прежний пароль перестанет действовать.
accp-recover-button = Получить временный пароль
accp-go-login = Перейти ко входу
accp-resend = Отправить письмо повторно
accp-change-email = Изменить адрес электронной почты
accp-new-email = Новый адрес электронной почты
accp-change-title = Смена пароля
accp-current-password = Текущий пароль
accp-new-password = Новый пароль
accp-save = Сохранить

## Cabinet
accp-cabinet-title = Личный кабинет
accp-status = Статус учетной записи
accp-status-active = Активна
accp-status-pending = Не активирована
accp-status-blocked = Заблокирована
accp-email-status = Статус адреса электронной почты
accp-email-confirmed = Подтвержден
accp-email-not-confirmed = Не подтвержден
# ACC-58: the banner after a login with a БИН certificate that got no participant context.
accp-banner-not-registered = Организация с БИН { $bin } не зарегистрирована как участник.
accp-banner-not-member = Вы не являетесь сотрудником участника «{ $name }».

## Help page «Подготовка к работе с ЭЦП» (ACC-6)
accp-help-title = Подготовка к работе с ЭЦП
accp-help-intro = Для входа в Tauar и подписания документов нужны ключ ЭЦП, выданный НУЦ РК, и программа NCALayer, запущенная на вашем компьютере.
accp-help-keys-title = 1. Получите ключи ЭЦП
accp-help-keys = Регистрационные свидетельства (ключи ЭЦП) физическим и юридическим лицам выдают центры регистрации НУЦ РК в центрах обслуживания населения (ЦОН). Обычно выдаются два ключа: для входа (аутентификации, файл AUTH_RSA…) и для подписания документов (RSA_… или GOST_…).
accp-help-keys-link = Сайт НУЦ РК: pki.gov.kz
accp-help-ncalayer-title = 2. Установите и запустите NCALayer
accp-help-ncalayer = Установите программу NCALayer с сайта НУЦ РК и запускайте ее перед входом. Когда программа работает, в области уведомлений виден значок «NCALayer (НУЦ РК)». Ключ выбирается в окне NCALayer; пароль ключа вводится только там и не передается сайту.
accp-help-install-link = Установить NCALayer
accp-help-down-title = 3. Если NCALayer не запущен
accp-help-down = Страница входа сообщит, что не удалось подключиться к NCALayer. Запустите NCALayer, дождитесь значка в области уведомлений и обновите страницу. Если программа не установлена, установите ее.
accp-help-rights-title = 4. Если программе NCALayer не хватает прав
accp-help-rights = Если NCALayer запущен, но ему не хватает прав доступа на компьютере, закройте его и запустите от имени администратора (правой кнопкой мыши по значку программы → «Запуск от имени администратора»), затем обновите страницу.
accp-help-browser-title = 5. Браузер
accp-help-browser = Tauar работает в обычном браузере по защищенному соединению (HTTPS). Устанавливать корневые сертификаты в браузер и ослаблять его защиту не нужно: если страница просит об этом, это не Tauar.

# ACC-29, AS-70: a Requests-module session on the portal login page.
accp-upgrade-needed = Этот раздел открывается после входа с ключом ЭЦП: подпишите вход и введите пароль. Вы продолжите в той же сессии.
